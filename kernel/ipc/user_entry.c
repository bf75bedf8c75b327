/* Entries from user mode (kernel/include/kernel/user_arch.h): the arch's
 * trap code saves the user registers into the current process and calls
 * one of these; each does its work, then sched_run picks the next process
 * and leaves by arch_user_resume. One kernel stack, interrupts off. */
#include <kernel/arch.h>
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
	ledger_print();
	kernel_halt(status);
}

void kernel_user_syscall(void)
{
	syscall_invoke(sched_current());
	sched_run();
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
