/* Upcalls: per-service slots in grants, posting, and the wait that takes
 * them (kernel/include/kernel/upcall.h, doc/grants.md). */
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <kernel/upcall.h>

bool upcall_queue_post(struct upcall_queue *q, uint32_t tag, uint32_t data)
{
	struct upcall_slot *s;

	if (q->count == UPCALL_SLOTS) {
		if (q->dropped != UINT32_MAX)
			q->dropped++; /* saturates: never wraps to a small lie */
		return false;
	}
	s = &q->slot[(q->head + q->count) % UPCALL_SLOTS];
	s->tag = tag;
	s->data = data;
	q->count++;
	return true;
}

bool upcall_queue_take(struct upcall_queue *q, struct upcall_slot *out, uint32_t *dropped)
{
	if (!q->count)
		return false;
	*out = q->slot[q->head];
	q->head = (uint8_t)((q->head + 1) % UPCALL_SLOTS);
	q->count--;
	*dropped = q->dropped;
	q->dropped = 0;
	return true;
}

bool upcall_service_has_queue(unsigned s)
{
	return s == GS_ALARM || s == GS_NOTIFY || s == GS_RESCIND;
}

/* The next pending upcall of p, services taken in turn after the one
 * served last, so a flooded service never starves another. */
static bool upcall_take(struct process *p, uint32_t out[MSG_REG_WORDS])
{
	struct grant_table *t = &p->grants;

	for (unsigned k = 1; k <= GRANT_SERVICES; k++) {
		unsigned s = (t->next_upcall + k) % GRANT_SERVICES;
		struct upcall_grant *g = grant_find(t, s);
		struct upcall_slot u;

		if (!g || !upcall_service_has_queue(s) || !upcall_queue_take(&g->q, &u, &out[3]))
			continue;
		t->next_upcall = (uint8_t)s;
		out[0] = s;
		out[1] = u.tag;
		out[2] = u.data;
		return true;
	}
	return false;
}

bool upcall_would_drop(const struct process *p, unsigned s)
{
	const struct upcall_grant *g = grant_find(&p->grants, s);

	return g->q.count == UPCALL_SLOTS && p->state != PS_UPCALL;
}

void upcall_drop(struct process *p, unsigned s, uint64_t n)
{
	struct upcall_grant *g = grant_find(&p->grants, s);

	g->q.dropped = n >= UINT32_MAX - g->q.dropped ? UINT32_MAX : g->q.dropped + (uint32_t)n;
}

void upcall_post(struct process *p, unsigned s, uint32_t tag, uint32_t data)
{
	struct upcall_grant *g = grant_find(&p->grants, s);
	uint32_t out[MSG_REG_WORDS];

	upcall_queue_post(&g->q, tag, data);
	if (p->state == PS_UPCALL && upcall_take(p, out)) {
		sched_ready(p);
		proc_set_result(p, INV_OK, out, 0);
	}
}

int upcall_wait(struct process *p, bool nonblock, uint32_t out[MSG_REG_WORDS])
{
	if (upcall_take(p, out))
		return INV_OK;
	if (nonblock)
		return INV_ERR_WOULD_BLOCK;
	sched_remove(p);
	p->state = PS_UPCALL;
	return INV_NO_RESULT;
}
