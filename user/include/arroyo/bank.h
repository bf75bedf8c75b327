/* Client calls to the space bank (spacebank/include/spacebank/proto.h,
 * doc/spacebank.md). Each returns the bank's enum bank_err, or
 * BANK_ERR_IPC | inv_err when the call itself failed (a stale capability
 * after the bank was destroyed is an answer, BANK_ERR_GONE, not an IPC
 * error: badges outlive banks). A capability the bank returns lands in
 * register dst, which must be empty. */
#ifndef ARROYO_BANK_H
#define ARROYO_BANK_H

#include <arroyo/user.h>
#include <spacebank/proto.h>

#define BANK_ERR_IPC 0x100

int bank_root(unsigned boot, unsigned dst);
/* From the caller's current pool when the bank serves the call (stamped by
 * the kernel: BANK_POOL_CALLER), or any pool when it has none. */
int bank_alloc(unsigned bank, unsigned type, unsigned dst, uint64_t *pa);
/* From pool (a kernel pool id), or any pool but the image's with POOL_ANY. */
int bank_alloc_in(unsigned bank, unsigned type, unsigned pool, unsigned dst, uint64_t *pa);
/* A page in a 16 MiB region at or above from (hot-plugged RAM, say). */
int bank_alloc_page_from(unsigned bank, uint64_t from, unsigned dst, uint64_t *pa);
int bank_free(unsigned bank, uint64_t pa);
/* Frees a page so that it is zeroed before any further use, even by the
 * same bank (BANK_FREE_SCRUB; a plain free lets the bank hand the frame to
 * a page of the same bank unzeroed, doc/spacebank.md "Zeroing"). */
int bank_free_scrub(unsigned bank, uint64_t pa);
int bank_child(unsigned bank, unsigned dst);
int bank_destroy(unsigned bank);
int bank_set_limit(unsigned bank, unsigned kind, uint32_t limit);
int bank_query(unsigned bank, unsigned kind, uint32_t *limit, uint32_t *used);
int bank_restrict(unsigned bank, uint32_t bits, unsigned dst);
int bank_budget(unsigned bank, uint32_t i, uint32_t *kind, uint32_t *frames, uint32_t *count);
int bank_device_page(unsigned bank, uint32_t dev, uint32_t frame, unsigned dst);
/* Has bank give process `proc` (a register) every table a mapping at va
 * needs, charged to the process's bank; *given (may be NULL) counts them. */
int bank_tables(unsigned bank, unsigned proc, uint32_t va, uint32_t *given);
/* process_map for a process a bank made: asks bank for the tables the
 * mapping needs first. A refusal (BANK_ERR_LIMIT, ...) changes nothing. */
int bank_process_map(unsigned bank, unsigned proc, unsigned page, uint32_t va, uint32_t drop,
		     uint32_t *addr);
const char *bank_err_name(int err);

#endif
