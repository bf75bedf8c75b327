/* Pool invocations (doc/abi.md "Pools", doc/pools.md): describing the
 * registry's pools through Range and MemInfo, and a process's current pool
 * through its Process capability. */
#include <kernel/invoke.h>
#include <kernel/pool.h>

_Static_assert(POOL_ANY == POOL_NONE, "the ABI's 'no pool' is the registry's");

static uint32_t pool_name_word(const char *name, unsigned w)
{
	uint32_t v = 0;

	for (unsigned k = 0; k < 4; k++)
		v |= (uint32_t)(uint8_t)name[4 * w + k] << (8 * k);
	return v;
}

int pool_info_invoke(struct inv *in)
{
	const struct pool_desc *d = pool_get(in->w[0]);

	if (!d || in->w[1] > POOL_INFO_NAME)
		return INV_ERR_ARG;
	switch (in->w[1]) {
	case POOL_INFO_RANGE:
		msg_put_u64(in->out, d->start);
		msg_put_u64(in->out + 2, d->length);
		break;
	case POOL_INFO_SHAPE:
		in->out[0] = d->stripe;
		in->out[1] = d->step;
		in->out[2] = d->cache | (uint32_t)d->layer << 8;
		in->out[3] = (uint32_t)pool_frames(in->w[0]);
		break;
	default:
		for (unsigned w = 0; w < 4; w++)
			in->out[w] = pool_name_word(d->name, w);
		break;
	}
	return INV_OK;
}

int pool_process_invoke(struct inv *in, struct process *t)
{
	if (in->op == PROC_OP_POOL_GET) {
		in->out[0] = t->pool;
		return INV_OK;
	}
	if (in->op == PROC_OP_POOL_AT) {
		pa_t pa;
		bool owned;

		if (arch_aspace_lookup(&t->as, in->w[0] & ~(PAGE_SIZE - 1), &pa, &owned) != ERR_OK)
			return INV_ERR_ADDR;
		in->out[0] = pool_of_pa(pa);
		msg_put_u64(in->out + 1, pa);
		return INV_OK;
	}
	if (!cap_has(&in->cap, CR_WRITE) || (in->cap.rights & CR_WEAK))
		return INV_ERR_RIGHTS;
	if (in->w[0] != POOL_ANY && !pool_get(in->w[0]))
		return INV_ERR_ARG;
	t->pool = (uint8_t)in->w[0];
	return INV_OK;
}
