/* Reply capabilities: the one-shot answer to a call (doc/abi.md). */
#include <kernel/invoke.h>
#include <kernel/ipc.h>
#include <kernel/range_page.h>

/* An answer's Page flags: one of make (unzeroed or not) and destroy, with
 * the Range in a register and no move; the Range as range_invoke wants it
 * for RANGE_OP_CREATE and RANGE_OP_DESTROY_AT. m: the answer's words, no
 * capability (the Range is used, not sent). */
static enum inv_err reply_page_msg(struct inv *in, struct msg *m)
{
	const struct cap *range;

	if (!range_page_flags_ok(in->flags & INV_F_PAGE) || (in->flags & INV_F_MOVE) ||
	    in->send_cap >= CAP_REGS)
		return INV_ERR_ARG;
	range = &in->p->cregs[in->send_cap];
	if (cap_is_empty(range))
		return INV_ERR_CAP_EMPTY;
	if (range->type != CT_RANGE)
		return INV_ERR_CAP_TYPE;
	if (!range_page_may(range))
		return INV_ERR_RIGHTS;
	inv_msg_words(in, m);
	cap_clear(&m->cap);
	return INV_OK;
}

enum inv_err reply_answer(struct inv *in, const struct cap *reply)
{
	uint32_t page = in->flags & INV_F_PAGE;
	struct msg m;
	enum inv_err e;

	e = page ? reply_page_msg(in, &m) : inv_msg(in, &m);
	if (e != INV_OK)
		return e;
	e = (enum inv_err)ipc_reply(in->p, reply, &m, page);
	if (e == INV_OK && (in->flags & INV_F_MOVE) && in->send_cap < CAP_REGS)
		cap_clear(&in->p->cregs[in->send_cap]);
	return e;
}

int reply_invoke(struct inv *in)
{
	if (in->op != REPLY_OP_REPLY)
		return INV_ERR_CAP_TYPE;
	return reply_answer(in, in->index == CAP_REPLY ? &in->p->reply : &in->cap);
}
