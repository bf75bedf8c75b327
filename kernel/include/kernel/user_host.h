/* The host unit tests' stand-in for arch/<arch>/include/arch/user.h, so that
 * the kernel's process, IPC and invocation code compiles and runs on the
 * host (tests/unit/ustub.c implements the arch functions on it). */
#ifndef KERNEL_USER_HOST_H
#define KERNEL_USER_HOST_H

#include <kernel/types.h>

struct arch_user_regs {
	uint32_t arg[6]; /* ARG0..ARG5 */
	uintptr_t pc, sp;
};

#define USTUB_MAPS 32
struct arch_aspace {
	uint32_t count;
	uint32_t va[USTUB_MAPS];
	pa_t pa[USTUB_MAPS];
	bool writable[USTUB_MAPS];
	pa_t table; /* one table frame, taken at init */
};

#define ARCH_USER_END 0xC0000000u
#define ARCH_HAS_MMU 1

#endif
