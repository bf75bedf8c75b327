/* User-mode plumbing that can be checked without leaving supervisor mode. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/user_arch.h>

#include "../user_mode.h"

/* With CACR[EUSP] set the user A7 is a register of its own: writing it
 * leaves the supervisor stack pointer alone and reads back. */
KTEST(coldfire_usp_round_trip)
{
	uint32_t old = user_usp_get(), sp_before, sp_after, got;

	__asm__ volatile("move.l %%sp, %0" : "=r"(sp_before));
	user_usp_set(0x4abc1230u);
	got = user_usp_get();
	__asm__ volatile("move.l %%sp, %0" : "=r"(sp_after));
	user_usp_set(old);
	KT_EQ(got, 0x4abc1230u);
	KT_EQ(sp_after, sp_before);
	KT_EQ(user_usp_get(), old);
	return KTEST_OK;
}

KTEST(coldfire_user_regs_abi)
{
	struct arch_user_regs r;

	r.d[3] = 0xdead;
	arch_user_regs_init(&r, 0x40801000u, 0x40900000u, 7);
	KT_EQ(arch_user_pc(&r), 0x40801000u);
	KT_EQ(r.usp, 0x40900000u);
	KT_EQ(r.sr & ARCH_SR_SUPERVISOR, 0);
	KT_EQ(arch_syscall_arg(&r, 0), 7); /* the start argument is ARG0 */
	KT_EQ(r.d[3], 0);
	for (unsigned i = 0; i < ARCH_SYSCALL_ARGS; i++)
		arch_syscall_set(&r, i, 0x100 + i);
	for (unsigned i = 0; i < ARCH_SYSCALL_ARGS; i++)
		KT_EQ(r.d[i], 0x100 + i); /* ARG0..ARG5 are d0-d5 */
	KT_EQ(r.d[6], 0);
	KT_EQ(r.a[0], 0);
	return KTEST_OK;
}
