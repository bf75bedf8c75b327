/* MemInfo invocations: the ledger and the budget as the kernel counts them. */
#include <arroyo/user.h>

int meminfo_ledger(unsigned cap, unsigned state, uint64_t *frames)
{
	struct msg m = { { state }, 0 };
	int err = invoke(cap, MEMINFO_OP_LEDGER, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && frames)
		*frames = msg_u64(&m.w[0]);
	return err;
}

int meminfo_budget(unsigned cap, uint64_t *frames)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(cap, MEMINFO_OP_BUDGET, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && frames)
		*frames = msg_u64(&m.w[0]);
	return err;
}

static int meminfo_pool_part(unsigned cap, unsigned id, unsigned part, struct msg *m)
{
	m->w[0] = id;
	m->w[1] = part;
	m->w[2] = m->w[3] = 0;
	return invoke(cap, MEMINFO_OP_POOL, CAP_NONE, CAP_NONE, 0, m);
}

int meminfo_pool(unsigned cap, unsigned id, struct pool_info *out)
{
	struct msg m;
	int err = meminfo_pool_part(cap, id, POOL_INFO_RANGE, &m);

	if (err)
		return err;
	out->start = (uint64_t)m.w[1] << 32 | m.w[0];
	out->length = (uint64_t)m.w[3] << 32 | m.w[2];
	err = meminfo_pool_part(cap, id, POOL_INFO_SHAPE, &m);
	if (err)
		return err;
	out->stripe = m.w[0];
	out->step = m.w[1];
	out->cache = (uint8_t)m.w[2];
	out->layer = (uint8_t)(m.w[2] >> 8);
	out->frames = m.w[3];
	err = meminfo_pool_part(cap, id, POOL_INFO_NAME, &m);
	if (err)
		return err;
	for (unsigned k = 0; k < POOL_NAME_BYTES; k++)
		out->name[k] = (char)(m.w[k / 4] >> (8 * (k % 4)));
	return 0;
}
