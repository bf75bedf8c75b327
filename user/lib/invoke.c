/* The one system call: invoke a capability with a header and message words. */
#include <arroyo/user.h>
#include <invoke.h>

/* A long message's words 4.. go out from m and come back into it. Apart, so
 * that the registers of a short invocation never need an address. */
static int __attribute__((noinline)) invoke_long(uint32_t header, uint32_t flags, struct msg *m)
{
	uint32_t r[6] = { header, m->w[0], m->w[1], m->w[2], m->w[3], flags };

	arch_invoke_long(r, &m->w[MSG_REG_WORDS]);
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		m->w[i] = r[1 + i];
	m->badge = r[5];
	return (int)r[0];
}

int invoke(unsigned cap, unsigned op, unsigned send_cap, unsigned recv_slot, uint32_t flags,
	   struct msg *m)
{
	uint32_t header = INV_HEADER(cap, op, send_cap, recv_slot);

	if (flags & INV_F_LONG)
		return invoke_long(header, flags, m);
	uint32_t r[6] = { header, m->w[0], m->w[1], m->w[2], m->w[3], flags };

	arch_invoke(r);
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		m->w[i] = r[1 + i];
	m->badge = r[5];
	return (int)r[0];
}
