/* Entries from user mode (kernel/include/kernel/user_arch.h): the arch's
 * trap code saves the user registers into the current process and calls
 * one of these; each does its work, then sched_run picks the next process
 * and leaves by arch_user_resume. One kernel stack, interrupts off. */
#include <arch/cpu.h>
#include <kernel/boot.h>
#include <kernel/cmdline.h>
#include <kernel/entry.h>
#include <kernel/fault.h>
#include <kernel/inv.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/sched.h>
#include <kernel/timer.h>

/* Status of a run whose processes can never run again. */
#define ENTRY_DEADLOCK_STATUS 4

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

/* Nothing runnable and no sleeper: only an interrupt handler can change
 * that (a hot-plug event wakes the space bank through the budget channel).
 * With `idle` the kernel serves interrupts until a process is runnable;
 * without, the run ends. */
static void entry_deadlock(void)
{
	static bool announced;

	if (!announced) {
		kprintf("sched: no process can run:");
		for (struct process *p = proc_first(); p; p = p->all_next)
			kprintf(" %u=%s", (unsigned)p->pid, proc_state_name(p->state));
		kprintf("\n");
	}
	if (cmdline_has(kernel_cmdline_get(), "idle")) {
		if (!announced)
			kprintf("idle: serving events\n");
		announced = true;
		while (!sched_has_ready())
			arch_wait_for_interrupt();
		return;
	}
	kernel_halt(ENTRY_DEADLOCK_STATUS);
}

void sched_run(void)
{
	for (;;) {
		struct process *p;

		sched_tick(timer_ticks());
		p = sched_pick();
		if (p)
			arch_user_resume(&p->as, &p->regs);
		if (!sched_has_sleepers()) {
			entry_deadlock();
			continue;
		}
		arch_wait_for_interrupt();
	}
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
