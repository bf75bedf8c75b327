/* Endpoint and Reply invocations: send, call, receive, reply, mint badges. */
#include <arroyo/user.h>

int ep_send(unsigned ep, struct msg *m, unsigned send_cap, uint32_t flags)
{
	return invoke(ep, EP_OP_SEND, send_cap, CAP_NONE, flags, m);
}

int ep_call(unsigned ep, struct msg *m, unsigned send_cap, unsigned recv_slot)
{
	return invoke(ep, EP_OP_CALL, send_cap, recv_slot, 0, m);
}

int ep_recv(unsigned ep, struct msg *m, unsigned recv_slot, uint32_t flags)
{
	return invoke(ep, EP_OP_RECV, CAP_NONE, recv_slot, flags, m);
}

int ep_reply_recv(unsigned ep, struct msg *m, unsigned send_cap, unsigned recv_slot, uint32_t flags)
{
	return invoke(ep, EP_OP_REPLY_RECV, send_cap, recv_slot, flags, m);
}

int ep_mint(unsigned ep, unsigned dst, uint32_t badge)
{
	struct msg m = { { dst, badge }, 0 };

	return invoke(ep, EP_OP_MINT, CAP_NONE, CAP_NONE, 0, &m);
}

int ep_stamp_pool(unsigned ep, int on)
{
	struct msg m = { { (uint32_t)on }, 0 };

	return invoke(ep, EP_OP_STAMP_POOL, CAP_NONE, CAP_NONE, 0, &m);
}

int reply_send(unsigned reply, struct msg *m, unsigned send_cap)
{
	return reply_send_with(reply, m, send_cap, 0);
}

int reply_send_with(unsigned reply, struct msg *m, unsigned send_cap, uint32_t flags)
{
	return invoke(reply, REPLY_OP_REPLY, send_cap, CAP_NONE, flags, m);
}

int ep_call_long(unsigned ep, struct msg *m, unsigned send_cap, unsigned recv_slot)
{
	return invoke(ep, EP_OP_CALL, send_cap, recv_slot, INV_F_LONG, m);
}

int reply_send_long(unsigned reply, struct msg *m, unsigned send_cap)
{
	return invoke(reply, REPLY_OP_REPLY, send_cap, CAP_NONE, INV_F_LONG, m);
}
