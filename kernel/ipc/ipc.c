/* Endpoints and message passing (kernel/include/kernel/ipc.h). */
#include <kernel/budget_chan.h>
#include <kernel/ipc.h>
#include <kernel/obj.h>
#include <kernel/sched.h>

void endpoint_drain(struct endpoint *ep)
{
	struct process *p;

	while ((p = proc_queue_pop(&ep->send)) || (p = proc_queue_pop(&ep->recv))) {
		sched_ready(p);
		if (!p->is_fault) /* a faulter just runs into its fault again */
			proc_set_result(p, INV_ERR_CAP_STALE, NULL, 0);
		p->is_fault = 0;
	}
}

/* Puts the message's capability into r's register `slot` (CAP_NONE: drop). */
static void ipc_give_cap(struct process *r, const struct cap *c, unsigned slot, bool weak)
{
	/* A register filled while r waited (PROC_OP_SET_CAP) keeps what it
	 * holds: the capability that came is dropped, never one r held. */
	if (cap_is_empty(c) || slot >= CAP_REGS || !cap_is_empty(&r->cregs[slot]))
		return;
	r->cregs[slot] = *c;
	if (weak)
		cap_weaken(&r->cregs[slot]);
}

/* Delivers s's message m to r, which becomes runnable with its results;
 * a call leaves s waiting for the reply and r holding the Reply. */
static void ipc_deliver(struct process *s, const struct msg *m, bool call, struct process *r)
{
	ipc_give_cap(r, &m->cap, r->recv_slot, r->recv_weak);
	proc_set_result(r, INV_OK, m->w, m->badge);
	if (r->state != PS_RUNNABLE)
		sched_ready(r);
	if (call) {
		struct obj_ref sr;

		s->call_seq++;
		proc_ref(s, &sr);
		cap_mint(&r->reply, CT_REPLY, 0, &sr);
		r->reply.badge = s->call_seq;
		s->server = r->pid;
		sched_remove(s);
		s->state = PS_REPLY;
	} else if (s->state != PS_RUNNABLE) {
		sched_ready(s);
		proc_set_result(s, INV_OK, NULL, 0);
	}
}

int ipc_send(struct process *s, struct endpoint *ep, const struct msg *m, bool call, bool fault,
	     unsigned recv_slot, bool nonblock)
{
	struct process *r = proc_queue_pop(&ep->recv);

	s->is_fault = fault;
	s->recv_slot = (uint8_t)recv_slot;
	if (r) {
		ipc_deliver(s, m, call, r);
		return call ? INV_NO_RESULT : INV_OK;
	}
	if (nonblock)
		return INV_ERR_WOULD_BLOCK;
	sched_remove(s);
	s->state = PS_SEND;
	s->u.out = *m;
	s->is_call = call;
	proc_queue_push(&ep->send, s);
	return INV_NO_RESULT;
}

int ipc_recv(struct process *r, struct endpoint *ep, unsigned recv_slot, bool weak, bool nonblock)
{
	struct process *s;

	r->recv_slot = (uint8_t)recv_slot;
	r->recv_weak = weak;
	/* A bound budget channel's events come before clients (doc/spacebank.md). */
	if (budget_chan_recv(r, ep, recv_slot, weak))
		return INV_NO_RESULT;
	s = proc_queue_pop(&ep->send);
	if (s) {
		struct msg m = s->u.out;

		s->state = PS_RUNNABLE; /* off the queue; ipc_deliver settles it */
		ipc_deliver(s, &m, s->is_call, r);
		if (!s->is_call) {
			sched_ready(s);
			proc_set_result(s, INV_OK, NULL, 0);
		}
		return INV_NO_RESULT;
	}
	if (nonblock)
		return INV_ERR_WOULD_BLOCK;
	sched_remove(r);
	r->state = PS_RECV;
	proc_queue_push(&ep->recv, r);
	return INV_NO_RESULT;
}

int ipc_reply(struct process *r, const struct cap *reply, const struct msg *m)
{
	struct obj_ref o;
	struct process *c;

	if (cap_resolve(reply, &o) != INV_OK)
		return INV_ERR_CAP_STALE;
	c = o.kva;
	if (c->state != PS_REPLY || c->call_seq != reply->badge)
		return INV_ERR_CAP_STALE; /* used already, or the caller is gone */
	/* A restart is checked as PROC_OP_START is, before anything is used up. */
	if (c->is_fault && m->w[0] && (m->w[0] >= ARCH_USER_END || m->w[1] > ARCH_USER_END))
		return INV_ERR_ARG;
	if (reply == &r->reply)
		cap_clear(&r->reply);
	sched_ready(c);
	if (c->is_fault) {
		/* w0 = 0 retries the faulting instruction; else restart at w0 */
		if (m->w[0])
			arch_user_regs_init(&c->regs, m->w[0], m->w[1], m->w[2]);
		c->is_fault = 0;
		return INV_OK;
	}
	ipc_give_cap(c, &m->cap, c->recv_slot, false);
	proc_set_result(c, INV_OK, m->w, 0);
	return INV_OK;
}

void ipc_server_gone(const struct process *p)
{
	for (struct process *c = proc_first(); c; c = c->all_next) {
		if (c == p || c->state != PS_REPLY || c->server != p->pid)
			continue;
		sched_ready(c);
		if (!c->is_fault) /* a faulter runs into its fault again */
			proc_set_result(c, INV_ERR_CAP_STALE, NULL, 0);
		c->is_fault = 0;
	}
}
