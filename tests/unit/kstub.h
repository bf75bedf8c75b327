/* The memory suites' small fake machine, on the host port (arch/host/):
 * console, halts, header window and bus answers come from <arch/host.h>. */
#ifndef TESTS_UNIT_KSTUB_H
#define TESTS_UNIT_KSTUB_H

#include <arch/host.h>
#include <stdbool.h>

#include <kernel/range_table.h>

/* The message of the last panic on the console, "" if none. */
const char *kstub_panic_message(void);

/* A fake machine: one RAM range [KSTUB_RAM_BASE, + ram_frames pages) whose
 * headers live in host memory, of which the last reserve_frames form the
 * reserve; everything else banked. Resets ledger, budget, ranges, window. */
#define KSTUB_RAM_BASE 0x100000ull
void kstub_machine(unsigned ram_frames, unsigned reserve_frames);
void kstub_reset(void);
struct range *kstub_ram_range(void);

#endif
