/* The scheduler (doc/objects.md, "Scheduler"): 32 priorities, the highest
 * runnable one runs; round robin within a level, a quantum of
 * SCHED_QUANTUM timer ticks. Every runnable process, the running one
 * included, sits on its level's queue; the running one is at the head. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <kernel/proc.h>

#define SCHED_PRIORITIES 32
/* 2 ticks = 20 ms at TIMER_HZ 100: long enough that a process usually
 * blocks before its slice ends, short enough that a spinner at the same
 * level delays the others by at most 20 ms. */
#define SCHED_QUANTUM 2

void sched_init(void);
/* Makes p runnable at the tail of its level. */
void sched_ready(struct process *p);
/* Takes p off any queue (run queue, endpoint, sleep list). */
void sched_remove(struct process *p);
/* Moves the running process to the tail of its level. */
void sched_rotate(struct process *p);
/* Puts p to sleep until tick `wake`. */
void sched_sleep(struct process *p, uint64_t wake);

/* Accounts for the ticks up to `now`: wakes sleepers, charges the running
 * process and rotates its level when its quantum is spent. */
void sched_tick(uint64_t now);
/* The process running (or last picked); NULL while the kernel idles. */

/* The scheduler's state (sched.c), here for the inline steps below. */
struct sched_state {
	struct proc_queue run[SCHED_PRIORITIES];
	uint32_t ready; /* bit n: run[n] is not empty */
	struct proc_queue sleep; /* sorted by wake, earliest first */
	struct process *current;
	uint64_t last_tick;
};
extern struct sched_state sched_state;

static inline struct process *sched_current(void)
{
	return sched_state.current;
}

/* The process to run next, the head of the highest ready level (NULL: none
 * runnable); it becomes current. The level in one instruction where the core
 * has one (i386 bsr, ColdFire ISA_A+ ff1), not a loop over the levels. */
static inline __attribute__((always_inline)) struct process *sched_pick(void)
{
	uint32_t ready = sched_state.ready;

	sched_state.current =
		ready ? sched_state.run[31u - (unsigned)__builtin_clz(ready)].head : NULL;
	return sched_state.current;
}

/* to (runnable, off every queue) becomes the one process of queue q and runs. */
static inline __attribute__((always_inline)) void sched_run_alone(struct process *to,
								  struct proc_queue *q)
{
	to->next = to->prev = NULL;
	to->queue = q;
	q->head = q->tail = to;
	to->state = PS_RUNNABLE;
	if (!to->quantum)
		to->quantum = SCHED_QUANTUM;
	sched_state.current = to;
}

/* The fastpath's direct switch at one priority (sched_can_take said yes, to
 * of from's priority): to (runnable, off every queue) runs in from's place;
 * from leaves the run queue, its state the caller's to set. The level
 * stays ready. */
static inline __attribute__((always_inline)) void sched_hand_over(struct process *from,
								  struct process *to)
{
	struct proc_queue *q = &sched_state.run[from->prio];

	from->queue = NULL;
	sched_run_alone(to, q);
}
/* The fastpath's direct switch, in two steps. Whether `to`, at any
 * priority, may take the place of `from`, the running process (the
 * fastpath's caller, sched_current(): so it heads the highest ready level,
 * which need not be tested): from runs alone at its level, and either to
 * has the same priority or, once from leaves, nothing is ready at to's
 * level or above, so that the general path, pushing to at the tail of its
 * level, would pick it next (one test of the ready bitmap). One test for
 * both, so that the fastpath decides between sched_hand_over and
 * sched_switch once. */
static inline __attribute__((always_inline)) bool sched_can_take(const struct process *from,
								 const struct process *to)
{
	return !from->next && sched_state.run[from->prio].head == from &&
	       (__builtin_expect(to->prio == from->prio, 1) ||
		!((sched_state.ready & ~(1u << from->prio)) >> to->prio));
}

/* Then: from's level empties (its state the caller's to set), to (runnable,
 * off every queue) alone makes its own level ready and runs. */
static inline __attribute__((always_inline)) void sched_switch(struct process *from,
							       struct process *to)
{
	/* Read before the first store, which could alias them. */
	unsigned fp = from->prio, tp = to->prio;
	uint32_t ready = sched_state.ready;

	sched_state.run[fp].head = sched_state.run[fp].tail = NULL;
	from->queue = NULL;
	sched_state.ready = (ready & ~(1u << fp)) | 1u << tp;
	sched_run_alone(to, &sched_state.run[tp]);
}

/* Whether anything could ever run again without a process running:
 * a sleeper will wake. */
bool sched_has_sleepers(void);
/* Whether a process is runnable. */
bool sched_has_ready(void);

/* The scheduler's loop (kernel/ipc/sched_loop.c): runs the highest-priority
 * runnable process, idling (arch_wait_for_interrupt) while only sleepers
 * remain; halts when no process can ever run again. */
void sched_run(void) __attribute__((noreturn));

#endif
