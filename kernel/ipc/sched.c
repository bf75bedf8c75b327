/* The scheduler (kernel/include/kernel/sched.h). */
#include <kernel/alarm.h>
#include <kernel/sched.h>

struct sched_state sched_state;

void sched_init(void)
{
	for (unsigned i = 0; i < SCHED_PRIORITIES; i++)
		sched_state.run[i].head = sched_state.run[i].tail = NULL;
	sched_state.sleep.head = sched_state.sleep.tail = NULL;
	sched_state.ready = 0;
	sched_state.current = NULL;
	sched_state.last_tick = 0;
}

static bool sched_is_runq(const struct proc_queue *q)
{
	return q >= &sched_state.run[0] && q < &sched_state.run[SCHED_PRIORITIES];
}

bool sched_has_ready(void)
{
	return sched_state.ready != 0;
}

void sched_remove(struct process *p)
{
	struct proc_queue *q = p->queue;

	proc_queue_remove(p);
	if (q && sched_is_runq(q) && proc_queue_empty(q))
		sched_state.ready &= ~(1u << (q - sched_state.run));
}

void sched_ready(struct process *p)
{
	sched_remove(p);
	p->state = PS_RUNNABLE;
	if (!p->quantum)
		p->quantum = SCHED_QUANTUM;
	proc_queue_push(&sched_state.run[p->prio], p);
	sched_state.ready |= 1u << p->prio;
}

void sched_rotate(struct process *p)
{
	p->quantum = SCHED_QUANTUM;
	if (p->state == PS_RUNNABLE)
		sched_ready(p);
}

void sched_sleep(struct process *p, uint64_t wake)
{
	struct process *at = sched_state.sleep.head;

	sched_remove(p);
	p->state = PS_SLEEP;
	p->u.wake = wake;
	while (at && at->u.wake <= wake)
		at = at->next;
	if (!at) {
		proc_queue_push(&sched_state.sleep, p);
		return;
	}
	/* insert before `at`: the list stays sorted, ties in arrival order */
	p->next = at;
	p->prev = at->prev;
	if (at->prev)
		at->prev->next = p;
	else
		sched_state.sleep.head = p;
	at->prev = p;
	p->queue = &sched_state.sleep;
}

void sched_tick(uint64_t now)
{
	uint64_t elapsed = now - sched_state.last_tick;
	struct process *cur = sched_state.current;

	if (!elapsed)
		return;
	sched_state.last_tick = now;
	alarm_tick(now);
	while (sched_state.sleep.head && sched_state.sleep.head->u.wake <= now) {
		struct process *p = sched_state.sleep.head;

		sched_ready(p);
		proc_set_result(p, INV_OK, NULL, 0);
	}
	if (cur && cur->state == PS_RUNNABLE) {
		if (elapsed >= cur->quantum) {
			cur->quantum = 0;
			sched_rotate(cur);
		} else {
			cur->quantum = (uint8_t)(cur->quantum - elapsed);
		}
	}
}

bool sched_has_sleepers(void)
{
	return !proc_queue_empty(&sched_state.sleep) || alarm_any_armed(); /* an alarm will fire */
}
