/* The scheduler (kernel/include/kernel/sched.h). */
#include <kernel/alarm.h>
#include <kernel/sched.h>

static struct {
	struct proc_queue run[SCHED_PRIORITIES];
	uint32_t ready; /* bit n: run[n] is not empty */
	struct proc_queue sleep; /* sorted by wake, earliest first */
	struct process *current;
	uint64_t last_tick;
} sched;

void sched_init(void)
{
	for (unsigned i = 0; i < SCHED_PRIORITIES; i++)
		sched.run[i].head = sched.run[i].tail = NULL;
	sched.sleep.head = sched.sleep.tail = NULL;
	sched.ready = 0;
	sched.current = NULL;
	sched.last_tick = 0;
}

static bool sched_is_runq(const struct proc_queue *q)
{
	return q >= &sched.run[0] && q < &sched.run[SCHED_PRIORITIES];
}

bool sched_has_ready(void)
{
	return sched.ready != 0;
}

void sched_remove(struct process *p)
{
	struct proc_queue *q = p->queue;

	proc_queue_remove(p);
	if (q && sched_is_runq(q) && proc_queue_empty(q))
		sched.ready &= ~(1u << (q - sched.run));
}

void sched_ready(struct process *p)
{
	sched_remove(p);
	p->state = PS_RUNNABLE;
	if (!p->quantum)
		p->quantum = SCHED_QUANTUM;
	proc_queue_push(&sched.run[p->prio], p);
	sched.ready |= 1u << p->prio;
}

void sched_rotate(struct process *p)
{
	p->quantum = SCHED_QUANTUM;
	if (p->state == PS_RUNNABLE)
		sched_ready(p);
}

void sched_sleep(struct process *p, uint64_t wake)
{
	struct process *at = sched.sleep.head;

	sched_remove(p);
	p->state = PS_SLEEP;
	p->u.wake = wake;
	while (at && at->u.wake <= wake)
		at = at->next;
	if (!at) {
		proc_queue_push(&sched.sleep, p);
		return;
	}
	/* insert before `at`: the list stays sorted, ties in arrival order */
	p->next = at;
	p->prev = at->prev;
	if (at->prev)
		at->prev->next = p;
	else
		sched.sleep.head = p;
	at->prev = p;
	p->queue = &sched.sleep;
}

void sched_tick(uint64_t now)
{
	uint64_t elapsed = now - sched.last_tick;
	struct process *cur = sched.current;

	if (!elapsed)
		return;
	sched.last_tick = now;
	alarm_tick(now);
	while (sched.sleep.head && sched.sleep.head->u.wake <= now) {
		struct process *p = sched.sleep.head;

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

/* The highest set bit of bits (not 0): one instruction where the core has
 * one (i386 bsr, ColdFire ISA_A+ ff1) rather than a loop over the levels. */
static unsigned sched_top(uint32_t bits)
{
	return 31u - (unsigned)__builtin_clz(bits);
}

struct process *sched_pick(void)
{
	sched.current = sched.ready ? sched.run[sched_top(sched.ready)].head : NULL;
	return sched.current;
}

struct process *sched_current(void)
{
	return sched.current;
}

bool sched_has_sleepers(void)
{
	return !proc_queue_empty(&sched.sleep) || alarm_any_armed(); /* an alarm will fire */
}
