/* Host stand-ins for what the kernel's arch and console provide, shared by
 * the memory suites: kprintf into a buffer, panic that a test can catch,
 * a fake header window, and a small fake machine. */
#ifndef TESTS_UNIT_KSTUB_H
#define TESTS_UNIT_KSTUB_H

#include <setjmp.h>
#include <stdbool.h>

#include <kernel/range.h>

/* Everything kprintf printed since the last kstub_reset. */
extern char kstub_out[65536];
/* When armed, panic() longjmps here (with 1) instead of failing the test. */
extern jmp_buf kstub_panic_jmp;
extern bool kstub_panic_armed;
extern char kstub_panic_msg[256];

/* Fake header window: pages of host memory; needs_run selects the no-MMU
 * (ColdFire) behaviour, window_pages its size. */
extern bool kstub_needs_run;
extern int kstub_ram_decided; /* slot << 1 | removed, or -1 */
extern int kstub_dev_decided; /* slot << 1 | added, or -1 */
extern uint64_t kstub_dev_decided_short;
extern unsigned kstub_window_pages;

/* A fake machine: one RAM range [KSTUB_RAM_BASE, + ram_frames pages) whose
 * headers live in host memory, of which the last reserve_frames form the
 * reserve; everything else banked. Resets ledger, budget, ranges, window. */
#define KSTUB_RAM_BASE 0x100000ull
void kstub_machine(unsigned ram_frames, unsigned reserve_frames);
void kstub_reset(void);
struct range *kstub_ram_range(void);

#endif
