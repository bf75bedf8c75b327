/* Endpoints and message passing (kernel/include/kernel/ipc.h). */
#include <kernel/budget_chan.h>
#include <kernel/ipc.h>
#include <kernel/obj.h>
#include <kernel/range_page.h>
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

/* Words 4.. of the message s sends (doc/abi.md, "Long messages"): *long_w
 * is buf filled with them, or NULL for a short message or a fault, which
 * leave a receiver's words 4.. alone. `call`: s's place must also take the
 * reply. false when s's place is not usable. */
static bool ipc_long_words(struct process *s, bool call, uint32_t buf[MSG_LONG_WORDS],
			   const uint32_t **long_w)
{
	*long_w = NULL;
	if (s->is_fault || !ipc_wants_long(s))
		return true;
	if (!arch_msg_read(&s->as, &s->regs, buf, call))
		return false;
	*long_w = buf;
	return true;
}

enum inv_err ipc_long_check(struct process *p)
{
	uint32_t w[MSG_LONG_WORDS];

	if (!ipc_wants_long(p) || arch_msg_read(&p->as, &p->regs, w, true))
		return INV_OK;
	return INV_ERR_ADDR;
}

/* Gives r words 4.. w of a long message (NULL: none) if r receives long.
 * false when its place is no longer usable (i386: its buffer was unmapped
 * while it waited): then r wakes with INV_ERR_ADDR and nothing else of the
 * message reaches it. */
static bool ipc_long_give(struct process *r, const uint32_t *w)
{
	if (!w || !ipc_wants_long(r) || arch_msg_write(&r->as, &r->regs, w))
		return true;
	sched_ready(r);
	proc_set_result(r, INV_ERR_ADDR, NULL, 0);
	return false;
}

/* Delivers s's message m on ep (words 4.. in w, or NULL) to r, which becomes runnable with
 * its results (the badge as ipc_badge makes it); a call leaves s waiting for
 * the reply and r holding the Reply. false (nothing delivered) when r's long
 * words could not be given. */
static bool ipc_deliver(struct process *s, const struct endpoint *ep, const struct msg *m,
			const uint32_t *w, bool call, struct process *r)
{
	if (!ipc_long_give(r, w))
		return false;
	ipc_give_cap(r, &m->cap, r->recv_slot, r->recv_weak);
	proc_set_result(r, INV_OK, m->w, ipc_badge(ep, s, m->badge));
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
	return true;
}

int ipc_send(struct process *s, struct endpoint *ep, const struct msg *m, bool call, bool fault,
	     unsigned recv_slot, bool nonblock)
{
	uint32_t buf[MSG_LONG_WORDS];
	const uint32_t *w;
	struct process *r;

	s->is_fault = fault;
	if (!ipc_long_words(s, call, buf, &w))
		return INV_ERR_ADDR;
	s->recv_slot = (uint8_t)recv_slot;
	/* A receiver whose long place went bad while it waited is answered
	 * INV_ERR_ADDR; the message goes on to the next. */
	while ((r = proc_queue_pop(&ep->recv)))
		if (ipc_deliver(s, ep, m, w, call, r))
			return call ? INV_NO_RESULT : INV_OK;
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
	/* A sender whose long place went bad while it waited is answered
	 * INV_ERR_ADDR, its message dropped; r takes the next. (r's own place
	 * was checked by its invocation, so the delivery itself succeeds.) */
	while ((s = proc_queue_pop(&ep->send))) {
		struct msg m = s->u.out;
		uint32_t buf[MSG_LONG_WORDS];
		const uint32_t *w;

		s->state = PS_RUNNABLE; /* off the queue; ipc_deliver settles it */
		if (!ipc_long_words(s, false, buf, &w)) {
			sched_ready(s);
			proc_set_result(s, INV_ERR_ADDR, NULL, 0);
			continue;
		}
		if (!ipc_deliver(s, ep, &m, w, s->is_call, r)) {
			/* r's place was checked (ipc_long_check) in this same
			 * invocation, so this does not happen; s keeps waiting. */
			s->state = PS_SEND;
			proc_queue_push(&ep->send, s);
			return INV_NO_RESULT;
		}
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

int ipc_reply(struct process *r, const struct cap *reply, const struct msg *m, uint32_t page)
{
	uint32_t buf[MSG_LONG_WORDS];
	const uint32_t *w;
	struct obj_ref o;
	struct process *c;
	struct range_page pg = { NULL, 0, false };
	struct cap made;
	const struct cap *gift = &m->cap;
	bool kept = page & INV_F_PAGE_UNZEROED;

	if (cap_resolve(reply, &o) != INV_OK)
		return INV_ERR_CAP_STALE;
	c = o.kva;
	if (c->state != PS_REPLY || c->call_seq != reply->badge)
		return INV_ERR_CAP_STALE; /* used already, or the caller is gone */
	/* A restart is checked as PROC_OP_START is, before anything is used up. */
	if (c->is_fault && m->w[0] && (m->w[0] >= ARCH_USER_END || m->w[1] > ARCH_USER_END))
		return INV_ERR_ARG;
	/* So is the Range call of a Page made or destroyed (RANGE_OP_CREATE's
	 * and RANGE_OP_DESTROY_AT's INV_ERR_ARG); a fault's answer makes none. */
	if (page && (c->is_fault || !range_page_ready(page, m->w[1], m->w[2], &pg)))
		return INV_ERR_ARG;
	if (!ipc_long_words(r, false, buf, &w))
		return INV_ERR_ADDR;
	if (reply == &r->reply)
		cap_clear(&r->reply);
	if (page & INV_F_PAGE_DESTROY) {
		range_page_destroy(&pg, true);
	} else if (page) {
		range_page_make(&pg, kept, &made);
		gift = &made;
	}
	sched_ready(c);
	if (c->is_fault) {
		/* w0 = 0 retries the faulting instruction; else restart at w0 */
		if (m->w[0])
			arch_user_regs_init(&c->regs, m->w[0], m->w[1], m->w[2]);
		c->is_fault = 0;
		return INV_OK;
	}
	/* A caller whose long place went bad gets INV_ERR_ADDR for its call;
	 * the reply is used up all the same (a Page made stays, held by no
	 * capability, as one sent would be dropped). */
	if (!ipc_long_give(c, w))
		return INV_OK;
	ipc_give_cap(c, gift, c->recv_slot, false);
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
