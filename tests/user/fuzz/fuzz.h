/* The invocation fuzzer (tests/user/fuzz.img.txt): registers, the random
 * generator, the guards that keep it alive and its bookkeeping. */
#ifndef TESTS_USER_FUZZ_H
#define TESTS_USER_FUZZ_H

/* No pot holds more objects (32-byte Endpoints in a 4 KiB frame). */
#define POT_SLOTS_MAX 128u

#include <arroyo/utest.h>
#include <fuzz_proto.h>
#include <stdbool.h>

/* Registers, as the image gives them. 0..13 are fuzzed; 14 and 15 never
 * appear as an index, a send_cap, a receive slot or a source word. */
#define F_CONSOLE 0
#define F_SLEEP 1
#define F_MEMINFO 2
#define F_RANGE 3
#define F_EP_SERVE 4 /* badged FUZZ_BADGE_SERVE after setup */
#define F_EP_CALLS 5 /* badged FUZZ_BADGE_CALLS after setup */
#define F_EP_SPARE 6 /* badged FUZZ_BADGE_SPARE after setup */
#define F_PAGE 7
#define F_EXT 8 /* the CapPage attached for indices 16.. */
#define F_SERVE 9 /* Process: the serving peer */
#define F_CALLER 10 /* Process: the calling peer */
#define F_RESTORED 11 /* 0..F_RESTORED-1 come back from the vault */
/* Process: the faulting peer, which the fuzz may stop, change or destroy.
 * Reloaded from vault slot F_VAULT_VICTIM at each restore (stale once the
 * fuzz destroyed it). */
#define F_VICTIM 12
#define F_VAULT_VICTIM 11
#define F_GRANT 13 /* where GrantFrames often go, for PROC_OP_GRANT_MEM */
#define F_FUZZED 14 /* registers 0..F_FUZZED-1 are fuzzed */
#define F_KEEP_CONSOLE 14 /* printf's */
#define F_VAULT 15 /* master copies */

#define FUZZ_BADGE_SERVE 0x5e7e
#define FUZZ_BADGE_CALLS 0xca11
#define FUZZ_BADGE_SPARE 0x5ba2 /* the faulting peer's endpoint, spared with it */
/* How many invocations and from which seed: tests/user/fuzzshort/rounds.c
 * for make check, tests/user/fuzzlong/rounds.c for make fuzz. */
extern const uint32_t fuzz_rounds;
extern const uint32_t fuzz_seed_value;
#define FUZZ_RESTORE_EVERY 64u

struct fuzz_call {
	unsigned cap, op, send_cap, recv_slot;
	uint32_t w[MSG_WORDS];
	uint32_t flags;
	/* With INV_F_LONG on i386: 0 to pass words 4.. from the message as
	 * usual, else a buffer address the kernel must refuse (INV_ERR_ADDR) or
	 * only read: unaligned, in the kernel half, on page 0, or the fuzzer's
	 * own code (read-only: a send reads it, a receive is refused). */
	uint32_t bad_buffer;
	/* An answer fuzz_guard made one that makes or destroys a Page (its
	 * flags alone do not say so: Console takes any as a length). */
	bool page_answer;
};

/* xorshift32 from seed (fuzz_seed_value). */
void fuzz_seed(uint32_t seed);
uint32_t fuzz_rand(void);

/* The pids nothing may end: the fuzzer and its two peers. */
extern uint32_t fuzz_pids[3];
/* The faulting peer's pid, and whether it is spared: through the first
 * half of the run the fuzz neither stops nor destroys it or its endpoint
 * nor changes its fault endpoint, so that it goes on faulting. */
extern uint32_t fuzz_victim_pid;
extern bool fuzz_victim_spared;

/* A random invocation (index, op for the type it names, words, caps, flags). */
void fuzz_gen(struct fuzz_call *c);
/* Makes c an answer that makes or destroys a Page through F_RANGE
 * (doc/abi.md, "Answers that make or destroy a Page"). */
void fuzz_page_answer(struct fuzz_call *c);
/* Makes c one that cannot end or block the fuzzer forever (doc in gen.c);
 * false: skip it. */
bool fuzz_guard(struct fuzz_call *c);

/* Records objects made and runs held by a successful call, and the
 * mappings maps made and unmaps removed. */
void fuzz_note(const struct fuzz_call *c, int err, const struct msg *out);
/* A user address a successful PROC_OP_MAP returned in process pid and no
 * unmap has removed since, or 0: unmaps aim there half the time, so the
 * last mapping of a table's range goes and the table returns
 * (PROC_OP_UNMAP, arch_aspace_shrink). */
uint32_t fuzz_known_va(uint32_t pid);
/* The address of the Page in F_PAGE when the fuzzer made it (a restore
 * replaces the image's once the fuzz destroyed it), else 0. */
extern uint64_t fuzz_page_pa;
/* Successful unmaps of an address a map had returned. */
extern uint32_t fuzz_unmapped;
/* A recorded frame (for words naming a frame), or 0 when none. */
uint64_t fuzz_known_pa(void);
/* A frame of a run the fuzzer holds, or 0 when none. */
uint64_t fuzz_known_held(void);
/* Answers that made or destroyed a Page (INV_F_PAGE_*) and went. */
extern uint32_t fuzz_page_answers;
/* Destroys what was made, gives back what was held, restores the registers
 * from the vault and a live attached CapPage. */
void fuzz_restore(void);

#endif
