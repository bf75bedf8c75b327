/* Reply capabilities: the one-shot answer to a call (doc/abi.md). */
#include <kernel/invoke.h>
#include <kernel/ipc.h>

int reply_invoke(struct inv *in)
{
	struct msg m;
	struct cap *where = in->index == CAP_REPLY ? &in->p->reply : NULL;
	enum inv_err e;

	if (in->op != REPLY_OP_REPLY)
		return INV_ERR_CAP_TYPE;
	e = inv_msg(in, &m);
	if (e != INV_OK)
		return e;
	e = (enum inv_err)ipc_reply(in->p, where ? where : &in->cap, &m);
	if (e == INV_OK)
		inv_moved(in);
	return e;
}
