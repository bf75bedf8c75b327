/* Leaving the kernel for user mode (kernel/entry.c). */
#ifndef KERNEL_ENTRY_H
#define KERNEL_ENTRY_H

/* Runs the highest-priority runnable process, idling (arch_wait_for_interrupt)
 * while only sleepers remain; halts when no process can ever run again. */
void sched_run(void) __attribute__((noreturn));

#endif
