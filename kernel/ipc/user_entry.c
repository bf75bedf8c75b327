/* Entries from user mode (kernel/include/kernel/user_arch.h): the arch's
 * trap code saves the user registers into the current process and calls
 * one of these; each does its work, then sched_run picks the next process
 * and leaves by arch_user_resume. One kernel stack, interrupts off. */
#include <kernel/arch.h>
#include <kernel/fastpath.h>
#include <kernel/fault.h>
#include <kernel/invoke.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/sched.h>

struct arch_user_regs *kernel_user_regs(void)
{
	struct process *p = sched_current();

	return p ? &p->regs : NULL;
}

void console_put(const char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		kprintf("%c", s[i]);
}

/* The run ends with the ledger as init left it. */
void kernel_init_exit(int32_t status)
{
	ipc_fastpath_report();
	ledger_print();
	kernel_halt(status);
}

/* The end of a system call: what sched_run would run next, without its
 * loop. sched_tick has nothing to do here: the tick advances only in an
 * interrupt, which the kernel takes from user mode (kernel_user_interrupt)
 * or in sched_run's own wait, and sched_run accounts for it before anything
 * runs; so the highest ready level's head is sched_pick's answer. */
static __attribute__((always_inline, noreturn)) inline void entry_leave(void)
{
	struct process *next;

	if (!sched_state.ready)
		sched_run(); /* only sleepers, or nothing: its loop waits or ends */
	next = sched_pick();
	arch_user_resume(&next->as, &next->regs);
}

/* The general path of a system call, out of line so that the fastpath's
 * entry does not pay for its frame. It reads its arguments from the saved
 * registers and writes its results there (inv_run). */
static __attribute__((noinline, noreturn)) void entry_syscall_general(struct process *p)
{
	inv_run(p, arch_syscall_regs(&p->regs));
	entry_leave();
}

void kernel_user_syscall(void)
{
	struct process *p = sched_current();

	if (ipc_fastpath_on)
		ipc_fastpath(); /* p's; returns only when it declines */
	entry_syscall_general(p);
}

void kernel_user_fault(unsigned vector, uintptr_t addr)
{
	struct process *p = sched_current();

	fault_deliver(p, vector, addr, arch_user_pc(&p->regs));
	sched_run();
}

void kernel_user_interrupt(void)
{
	sched_run();
}
