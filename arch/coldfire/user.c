/* User mode: the registers of a process, entering it, and the C side of
 * every exception taken in user mode (doc/abi.md, "ColdFire user mode"). */
#include "irq.h"
#include <kernel/kprintf.h>
#include <kernel/user_arch.h>

#include "trap.h"
#include "user_mode.h"

#define TRAP_ACCESS_ERROR 2
#define TRAP_ADDRESS_ERROR 3
#define FS_INSN_FETCH 0x4

void arch_user_regs_init(struct arch_user_regs *r, uintptr_t entry, uintptr_t sp, uintptr_t arg)
{
	*r = (struct arch_user_regs){ .usp = sp, .pc = entry, .sr = 0 };
	r->d[0] = arg;
}

uint32_t arch_syscall_arg(const struct arch_user_regs *r, unsigned i)
{
	if (i >= ARCH_SYSCALL_ARGS)
		panic("system call argument %u of %u", i, ARCH_SYSCALL_ARGS);
	return r->d[i];
}

void arch_syscall_set(struct arch_user_regs *r, unsigned i, uint32_t v)
{
	if (i >= ARCH_SYSCALL_ARGS)
		panic("system call result %u of %u", i, ARCH_SYSCALL_ARGS);
	r->d[i] = v;
}

/* ARG0..ARG5 are d0..d5. */
_Static_assert(ARCH_SYSCALL_ARGS >= ARCH_SYSCALL_NARGS, "d0-d5 carry the arguments");

void arch_syscall_args(const struct arch_user_regs *r, uint32_t arg[ARCH_SYSCALL_NARGS])
{
	for (unsigned i = 0; i < ARCH_SYSCALL_NARGS; i++)
		arg[i] = r->d[i];
}

void arch_syscall_results(struct arch_user_regs *r, const uint32_t v[ARCH_SYSCALL_NARGS])
{
	for (unsigned i = 0; i < ARCH_SYSCALL_NARGS; i++)
		r->d[i] = v[i];
}

uintptr_t arch_user_pc(const struct arch_user_regs *r)
{
	return r->pc;
}

/* Where syscall_entry.S saves the registers of the next system call: those
 * of the process that arch_user_resume entered last, the one in user mode. */
struct arch_user_regs *coldfire_user_regs;

void arch_user_resume(struct arch_aspace *as, struct arch_user_regs *r)
{
	/* One address space for everything: nothing to switch. */
	(void)as;
	coldfire_user_regs = r;
	user_enter(r); /* which keeps only r->sr's condition codes (USER_SR_CCR) */
}

void arch_wait_for_interrupt(void)
{
	/* stop sets IPL 0 and waits; the handler's rte comes back here. */
	__asm__ volatile("stop #0x2000\n\t"
			 "move.w #0x2700, %%sr" ::
				 : "memory", "cc");
}

/* The core records no fault address; an instruction fetch faulted at the PC. */
static uintptr_t user_fault_addr(const struct trap_frame *f, unsigned vector)
{
	if ((vector == TRAP_ACCESS_ERROR || vector == TRAP_ADDRESS_ERROR) &&
	    TRAP_FS(f->format_sr) == FS_INSN_FETCH)
		return f->pc;
	return 0;
}

void coldfire_user_trap(struct trap_frame *f)
{
	struct arch_user_regs *r = kernel_user_regs();
	unsigned vector = TRAP_VECTOR(f->format_sr);

	if (__stack_bottom[0] != TRAP_STACK_CANARY)
		panic("kernel stack overflow: canary at %p is 0x%08x", (void *)__stack_bottom,
		      __stack_bottom[0]);
	/* arch_user_resume leaves the supervisor stack empty (user_entry.S). */
	if (f + 1 != (struct trap_frame *)__stack_top)
		panic("user trap frame at %p, not at the top of the kernel stack %p", (void *)f,
		      (void *)__stack_top);
	if (!r)
		panic("vector %u from user mode at pc=%08x with no current process", vector, f->pc);
	for (unsigned i = 0; i < 8; i++)
		r->d[i] = f->d[i];
	for (unsigned i = 0; i < 7; i++)
		r->a[i] = f->a[i];
	r->usp = user_usp_get();
	r->pc = f->pc;
	r->sr = TRAP_SR(f->format_sr);

	/* System calls (USER_SYSCALL_VECTOR) come through syscall_entry.S. */
	if (vector > TRAP_IRQ_VECTOR_BASE && vector < TRAP_IRQ_VECTOR_BASE + ARCH_IRQ_COUNT) {
		intc_dispatch(vector - TRAP_IRQ_VECTOR_BASE);
		kernel_user_interrupt();
	}
	if (vector == TRAP_SPURIOUS_VECTOR)
		kernel_user_interrupt();
	kernel_user_fault(vector, user_fault_addr(f, vector));
}
