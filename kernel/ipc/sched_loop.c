/* The scheduler's loop: runs the next ready process, waits for an interrupt
 * while only sleepers remain, and ends (or idles) when nothing can run. */
#include <kernel/arch.h>
#include <kernel/boot.h>
#include <kernel/cmdline.h>
#include <kernel/kprintf.h>
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <kernel/user_arch.h>

/* Status of a run whose processes can never run again. */
#define SCHED_DEADLOCK_STATUS 4

/* Nothing runnable and no sleeper: only an interrupt handler can change
 * that (a hot-plug event wakes the space bank through the budget channel).
 * With `idle` the kernel serves interrupts until a process is runnable;
 * without, the run ends. */
static void sched_deadlock(void)
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
	kernel_halt(SCHED_DEADLOCK_STATUS);
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
			sched_deadlock();
			continue;
		}
		arch_wait_for_interrupt();
	}
}
