/* Endpoint capabilities: creation and invocations (doc/abi.md). The queue
 * and transfer logic is kernel/ipc/ipc.c. */
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/obj.h>

enum inv_err endpoint_create(pa_t want, struct obj_ref *out)
{
	return obj_make(PT_OBJ_ENDPOINT, want, out); /* zeroed but its version: queues empty */
}

/* A receive register: CAP_NONE, or an empty register (a call's too). */
static bool endpoint_recv_slot_empty(const struct process *p, unsigned slot)
{
	return slot == CAP_NONE || (slot < CAP_REGS && cap_is_empty(&p->cregs[slot]));
}

/* EP_OP_REPLY_RECV's reply: REPLY_OP_REPLY on the invoker's CAP_REPLY with
 * the invocation's words and send_cap (the same checks and errors), so that
 * a server answers and waits for the next call with one kernel entry. */
static enum inv_err endpoint_reply_first(struct inv *in)
{
	struct cap *reply = &in->p->reply;

	if (cap_is_empty(reply))
		return INV_ERR_CAP_EMPTY;
	if (reply->type != CT_REPLY)
		return INV_ERR_CAP_TYPE;
	return reply_answer(in, reply);
}

int endpoint_invoke(struct inv *in)
{
	struct endpoint *ep = in->obj.kva;
	bool nonblock = in->flags & INV_F_NONBLOCK;
	enum inv_err e;
	struct msg m;

	switch (in->op) {
	case EP_OP_SEND:
	case EP_OP_CALL:
		if (!cap_has(&in->cap, CR_WRITE))
			return INV_ERR_RIGHTS;
		if (in->op == EP_OP_CALL && !endpoint_recv_slot_empty(in->p, in->recv_slot))
			return INV_ERR_SLOT;
		e = inv_msg(in, &m);
		if (e != INV_OK)
			return e;
		return ipc_send(in->p, ep, &m, in->op == EP_OP_CALL, false, in->recv_slot,
				nonblock);
	case EP_OP_RECV:
	case EP_OP_REPLY_RECV:
		if (!cap_has(&in->cap, CR_READ))
			return INV_ERR_RIGHTS;
		if (!endpoint_recv_slot_empty(in->p, in->recv_slot))
			return INV_ERR_SLOT;
		e = ipc_long_check(in->p);
		if (e != INV_OK)
			return e;
		if (in->op == EP_OP_REPLY_RECV) {
			/* Every check of the receive is done: a failed reply
			 * comes back alone, a successful one is never undone. */
			e = endpoint_reply_first(in);
			if (e != INV_OK)
				return e;
		}
		return ipc_recv(in->p, ep, in->recv_slot, in->cap.rights & CR_WEAK, nonblock);
	case EP_OP_MINT:
		if (in->cap.badge)
			return INV_ERR_RIGHTS; /* a badged capability cannot be re-badged */
		if (in->w[1] & BADGE_KERNEL)
			return INV_ERR_ARG; /* reserved: marks fault messages and budget events */
		m.cap = in->cap;
		m.cap.badge = in->w[1];
		return inv_put(in->p, in->w[0], true, &m.cap);
	case EP_OP_STAMP_POOL: /* the receiving side's choice (ipc_badge) */
		if (!cap_has(&in->cap, CR_READ))
			return INV_ERR_RIGHTS;
		if (in->w[0] > 1)
			return INV_ERR_ARG;
		ep->stamp_pool = (uint8_t)in->w[0];
		return INV_OK;
	default:
		return INV_ERR_CAP_TYPE;
	}
}
