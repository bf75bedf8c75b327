/* User mode on the host port: registers are an array, an address space a
 * short list of mappings (arch/host/user.c), so that the core's process, IPC
 * and invocation code runs in the unit tests. */
#ifndef ARCH_USER_H
#define ARCH_USER_H

#include <lib/types.h>

struct arch_user_regs {
	uint32_t arg[6]; /* ARG0..ARG5 */
	uint32_t extra[6]; /* words 4..9 of a long message, as registers (ColdFire's way) */
	uintptr_t pc, sp;
};

/* extra[0] of a process whose long-message place is "not user memory"
 * (arch/host/user.c): the host's stand-in for a bad i386 buffer. */
#define HOST_MSG_BAD 0xbadbadb0u

/* The mappings live in the port (arch/host/user.c), so that struct process
 * fits its pot slot on the host as on the targets. */
struct arch_aspace {
	uint32_t space; /* 1 + index of the port's record; 0: none */
	pa_t table; /* one table frame, taken by the first map */
};
/* Where struct arch_aspace must sit in a struct: no constraint beyond the ABI's. */
#define ARCH_ASPACE_ALIGN 8

/* System-call register i (ARG0..ARG5), inline for the IPC fastpath. */
static inline uint32_t *arch_syscall_reg(struct arch_user_regs *r, unsigned i)
{
	return &r->arg[i];
}

/* ARG0..ARG5 as one array, in order. */
static inline uint32_t *arch_syscall_regs(struct arch_user_regs *r)
{
	return r->arg;
}

#define ARCH_USER_END 0xC0000000u
#define ARCH_HAS_MMU 1
/* The host loads the images the unit tests build (tests/unit/boot_fixture.c)
 * as the i386 kernel does: the same arch id, so the same checks apply. */
#define ARCH_IMAGE_ID 1

#endif
