/* The one system call: invoke a capability with a header and message words. */
#include <arroyo/user.h>
#include <invoke.h>

int invoke(unsigned cap, unsigned op, unsigned send_cap, unsigned recv_slot, uint32_t flags,
	   struct msg *m)
{
	uint32_t r[6] = {
		INV_HEADER(cap, op, send_cap, recv_slot), m->w[0], m->w[1], m->w[2], m->w[3], flags
	};

	/* A long message's words 4.. go out from m and come back into it. */
	if (flags & INV_F_LONG)
		arch_invoke_long(r, &m->w[MSG_REG_WORDS]);
	else
		arch_invoke(r);
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		m->w[i] = r[1 + i];
	m->badge = r[5];
	return (int)r[0];
}
