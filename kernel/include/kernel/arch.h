/* The arch contract: everything the core needs from a port, declared once.
 *
 * A port lives in arch/<port>/ (i386, coldfire, and host for the unit tests)
 * and gives the core three headers of types, constants and inline functions:
 *   <arch/cpu.h>   ARCH_NAME; arch_irq_enable/disable/save/restore, arch_idle,
 *                  arch_breakpoint and ARCH_BREAKPOINT_VECTOR
 *   <arch/mm.h>    ARCH_DIRECT_MAP_END, arch_kva(), ARCH_TMAP_SLOTS
 *   <arch/user.h>  struct arch_user_regs, struct arch_aspace, ARCH_USER_END,
 *                  ARCH_HAS_MMU, ARCH_IMAGE_ID
 *   <arch/sizes.h> the sizes the port expects of the core's packed structures
 * and defines the functions below in its sources. The rest of the contract
 * sits beside the concept it serves: user mode in <kernel/user_arch.h>, the
 * header window in <kernel/hdrregion.h>, the bus drivers' answers in
 * <kernel/hotplug.h>. Nothing in kernel/ includes anything else of a port. */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <arch/cpu.h>
#include <arch/mm.h>
#include <lib/types.h>

/* ---- console and ending the run ---- */

/* Writes one byte to the console (polled; the core sends "\r\n" for "\n"). */
void arch_console_putc(char c);

/* Ends the emulator session (or stops the board) with a status the runners
 * can check (doc/boot.md). */
void arch_halt(int status) __attribute__((noreturn));

/* Crashes on purpose for the system tests (crash=<kind>, only the first
 * letter read); a kind the port cannot produce returns. */
void arch_crash(const char *kind);

/* ---- devices ---- */

/* Finds the devices present at boot, reports each with hotplug_add_device(),
 * then arms hot-plug where the machine has it (doc/hotplug.md). */
void arch_devices_discover(void);

/* Header frames the devices present at boot will need, each window's
 * headers rounded up to whole frames as hotplug_add_device takes them, and
 * on i386 the header window's page tables counted as it counts them
 * (i386: every memory BAR of every PCI function but bridges; ColdFire: the
 * ROM window). Called before the reserve is sized (doc/memory.md §5), so
 * the reserve holds these on top of its hot-plug part. */
uint64_t arch_devices_boot_header_pages(void);

/* ---- memory ---- */

/* The first physical address the CPU cannot reach. */
pa_t arch_pa_limit(void);

/* Memory pools (doc/pools.md): fills out[0..max) with the port's background
 * pools (layer POOL_LAYER_ARCH, disjoint, in address order) for the machine
 * bi describes and returns how many; and whether the port enforces a cache
 * attribute in user mappings (when not, *why says what is missing). */
struct boot_info;
struct pool_desc;
unsigned arch_pools(const struct boot_info *bi, struct pool_desc *out, unsigned max);
bool arch_pool_cache_enforced(unsigned cache, const char **why);
/* Once the registry is built, before the ranges of boot RAM: gives the
 * kernel's own mappings of every enforced wt or uc pool's frames that
 * attribute (i386: the direct map), printing a line per such pool. false,
 * with why filled naming the pool, when the port cannot (the boot is
 * refused like a bad image). */
bool arch_pool_cache_apply(char *why, size_t whylen);

/* Bytes of fixed heap the port's kernel page tables take (a formula input). */
uint64_t arch_mm_table_bytes(void);

/* Builds the kernel's own mappings in the fixed heap, direct-mapping
 * [0, direct_top), and switches to them. */
void arch_mm_init(pa_t direct_top);

/* Transient mappings: ARCH_TMAP_SLOTS one-page slots that reach any frame,
 * RAM above the direct map and above 4 GiB included. A slot stays mapped
 * until the next arch_tmap of the same slot or arch_tunmap. Each slot has one
 * owner, so no user of the window can clobber another's mapping. */
enum tmap_slot {
	TMAP_SLOT_SCRATCH = 0, /* short-lived users that call nothing else (ktests) */
	TMAP_SLOT_OBJMEM = 1, /* object memory (kernel/mem/objmem.c) */
	TMAP_SLOT_ASPACE = 2, /* the i386 address-space code's tables */
	TMAP_SLOT_MSG = 3, /* the i386 long-message buffers (arch_msg_read, arch_msg_write) */
	TMAP_SLOT_HDRWIN = 4, /* the i386 header window's grown tables */
	TMAP_SLOT_COUNT
};
_Static_assert(TMAP_SLOT_COUNT <= ARCH_TMAP_SLOTS, "the port has a slot for each owner");
void *arch_tmap(unsigned slot, pa_t pa);
void arch_tunmap(unsigned slot);

#endif
