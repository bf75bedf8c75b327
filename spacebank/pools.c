/* The bank's view of the memory pools (doc/pools.md): the kernel's registry,
 * read once through Range (RANGE_OP_POOL) into the same pool map the kernel
 * uses, so pa -> pool costs the bank no kernel call; and each bank's quota
 * per pool, charged at every ancestor like the per-kind limits. */
#include "bank.h"

static struct pool_map pools_map;
static uint8_t pools_order[POOL_MAX]; /* the pools an ALLOC naming none tries, in order */
static unsigned pools_norder;
static uint32_t pools_nframes[POOL_MAX];

static int pools_part(unsigned id, unsigned part, struct msg *m)
{
	m->w[0] = id;
	m->w[1] = part;
	m->w[2] = m->w[3] = 0;
	return invoke(BANK_R_RANGE, RANGE_OP_POOL, CAP_NONE, CAP_NONE, 0, m);
}

/* Pools an ALLOC naming none may use: every pool but the image's, largest
 * first (the arch's main RAM before ISA DMA memory or the SRAM). */
static void pools_sort(void)
{
	pools_norder = 0;
	for (unsigned i = 0; i < pools_map.count; i++) {
		unsigned j = pools_norder;

		if (!pools_general(i))
			continue;
		while (j > 0 && pools_nframes[pools_order[j - 1]] < pools_nframes[i]) {
			pools_order[j] = pools_order[j - 1];
			j--;
		}
		pools_order[j] = (uint8_t)i;
		pools_norder++;
	}
}

int pools_load(void)
{
	poolmap_init(&pools_map);
	for (unsigned id = 0; id < POOL_MAX; id++) {
		struct pool_desc d;
		struct msg m;
		unsigned got;

		if (pools_part(id, POOL_INFO_RANGE, &m))
			break;
		d.start = (uint64_t)m.w[1] << 32 | m.w[0];
		d.length = (uint64_t)m.w[3] << 32 | m.w[2];
		if (pools_part(id, POOL_INFO_SHAPE, &m))
			return BANK_ERR_FULL;
		d.stripe = m.w[0];
		d.step = m.w[1];
		d.cache = (uint8_t)m.w[2];
		d.layer = (uint8_t)(m.w[2] >> 8);
		pools_nframes[id] = m.w[3];
		if (pools_part(id, POOL_INFO_NAME, &m))
			return BANK_ERR_FULL;
		for (unsigned k = 0; k < POOL_NAME_SIZE; k++)
			d.name[k] = (char)(m.w[k / 4] >> (8 * (k % 4)));
		/* the map numbers pools in the order added: got is the kernel's id */
		if (poolmap_add(&pools_map, &d, &got, NULL) != POOLMAP_OK)
			return BANK_ERR_FULL;
	}
	if (poolmap_build(&pools_map, NULL) != POOLMAP_OK)
		return BANK_ERR_FULL;
	pools_sort();
	printf("bank: %u pools\n", pools_map.count);
	return BANK_OK;
}

unsigned pools_count(void)
{
	return pools_norder;
}

unsigned pools_any_order(unsigned k)
{
	return pools_order[k];
}

unsigned pools_of(uint64_t pa)
{
	return poolmap_of(&pools_map, pa);
}

int pools_known(unsigned id)
{
	return id < pools_map.count;
}

int pools_general(unsigned id)
{
	return id < pools_map.count && pools_map.pool[id].layer != POOL_LAYER_IMAGE;
}

/* A pool a MiB chunk can lie in: unstriped and at least that large. */
int pools_chunky(unsigned id)
{
	return id < pools_map.count && !pools_map.pool[id].step &&
	       pools_map.pool[id].length >= (1u << 20);
}

void pools_bank_init(struct bank *b)
{
	for (unsigned i = 0; i < BANK_POOLS; i++) {
		b->pool_limit[i] = BANK_UNLIMITED;
		b->pool_used[i] = 0;
	}
}

static int pools_fits(uint32_t used, uint32_t n, uint32_t limit)
{
	return limit == BANK_UNLIMITED || (used + n >= used && used + n <= limit);
}

int pools_charge(struct bank *b, unsigned pool, uint32_t frames)
{
	unsigned s;

	if (pool >= BANK_POOLS)
		return BANK_OK; /* a frame outside every pool: nothing to charge */
	for (s = tree_slot(b); s != BANK_NONE; s = bank_table[s].parent)
		if (!pools_fits(bank_table[s].pool_used[pool], frames,
				bank_table[s].pool_limit[pool]))
			return BANK_ERR_LIMIT;
	for (s = tree_slot(b); s != BANK_NONE; s = bank_table[s].parent)
		bank_table[s].pool_used[pool] += frames;
	return BANK_OK;
}

void pools_uncharge(unsigned s, unsigned pool, uint32_t frames)
{
	if (pool >= BANK_POOLS)
		return;
	for (; s != BANK_NONE; s = bank_table[s].parent)
		bank_table[s].pool_used[pool] -= frames;
}

int pools_set_limit(struct bank *b, unsigned pool, uint32_t limit)
{
	if (!pools_known(pool))
		return BANK_ERR_ARG;
	b->pool_limit[pool] = limit;
	return BANK_OK;
}

int pools_query(const struct bank *b, unsigned pool, uint32_t *limit, uint32_t *used)
{
	if (!pools_known(pool))
		return BANK_ERR_ARG;
	*limit = b->pool_limit[pool];
	*used = b->pool_used[pool];
	return BANK_OK;
}
