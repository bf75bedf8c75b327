/* Traps the kernel expects. A ktest (or, later, a fault handler) installs a
 * hook; the arch trap handler offers every exception to it before treating the
 * exception as fatal. The hook returns true when the trap is handled and
 * execution may resume. */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <lib/types.h>

typedef bool (*trap_hook_fn)(unsigned vector, uintptr_t pc, void *ctx);

void trap_hook_set(trap_hook_fn fn, void *ctx);
bool trap_hook_call(unsigned vector, uintptr_t pc);

#endif
