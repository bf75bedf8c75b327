/* What the host port lets a unit test see and set: the console it captured,
 * a catch for halts and panics, the RAM it lends, the header window's shape
 * and the bus drivers' last answers. */
#ifndef ARCH_HOST_H
#define ARCH_HOST_H

#include <setjmp.h>

#include <kernel/hotplug.h>
#include <lib/types.h>

/* Everything written to the console since host_console_reset (without the
 * "\r" the core sends before "\n"). */
extern char host_console[65536];
void host_console_reset(void);

/* When armed, arch_halt (so panic and kernel_halt) longjmps to host_halt_jmp
 * with 1 and disarms; unarmed, the test process stops. */
extern jmp_buf host_halt_jmp;
extern bool host_halt_armed;
extern int host_halt_status;

/* When armed, arch_user_resume records the registers it was given in
 * host_resumed, disarms and longjmps to host_halt_jmp with 2; unarmed, the
 * test process stops (nothing runs in user mode on the host). */
extern bool host_resume_armed;
struct arch_user_regs;
extern const struct arch_user_regs *host_resumed;

/* The kind of the last crash= asked for (arch_crash), NULL if none. */
extern const char *host_crashed;

/* Called by arch_idle and arch_wait_for_interrupt when set: a test stands
 * in for the interrupt that would end the wait. */
extern void (*host_idle_fn)(void);

/* Lends [base, base + bytes) of host memory at mem as RAM; bytes 0 takes it back. */
void host_ram_lend(pa_t base, uint64_t bytes, void *mem);

/* The header window: its size in pages, and whether it behaves as without
 * an MMU (a physical run behind each span). */
extern unsigned host_hdrwin_pages;
extern bool host_hdrwin_needs_run;
/* The fake window's grown part (as i386's): host_hdrwin_grow_regions regions
 * of HOST_HDRWIN_REGION pages after the fixed host_hdrwin_pages, each needing
 * a table frame; 0 regions (the default) is a window that never grows. */
#define HOST_HDRWIN_REGION 8u
extern unsigned host_hdrwin_grow_regions;
/* Table frames currently set behind grown regions. */
unsigned host_hdrwin_tables_set(void);
void host_hdrwin_reset(void);

/* The header pages the devices present at boot need (mm_init asks). */
extern uint64_t host_boot_header_pages;

/* The last arch_hotplug_ram_decided (slot << 1 | removed) and
 * arch_hotplug_device_decided (slot << 1 | added, and its short), -1 for none. */
extern int host_ram_decided;
extern int host_dev_decided;
extern uint64_t host_dev_decided_short;

/* Address spaces (arch/host/user.c): forgets them all; pages mapped in as,
 * and the i-th of them (false past the last). */
struct arch_aspace;
void host_aspace_reset(void);
unsigned host_aspace_mapped(const struct arch_aspace *as);
bool host_aspace_map_at(const struct arch_aspace *as, unsigned i, pa_t *pa, bool *writable);

#endif
