/* Charging: what an object costs is added at its bank and every ancestor, or
 * at none of them. One walk checks every count the charge touches (its
 * kind, frames, its pool's quota) against every limit on the way, and only
 * then a second walk adds them all, so a request over any limit changes
 * nothing and an object is charged in one step however many counts it
 * touches. */
#include "bank.h"

/* used + n would pass a limited limit, or wrap. */
static inline int charge_over(uint32_t used, uint32_t n, uint32_t limit)
{
	return limit != BANK_UNLIMITED && (used + n < used || used + n > limit);
}

int charge_take(struct bank *b, const struct charge *c)
{
	int pooled = c->pool < BANK_POOLS; /* a frame outside every pool has no quota */
	unsigned s;

	for (s = tree_slot(b); s != BANK_NONE; s = bank_table[s].parent) {
		const struct bank *a = &bank_table[s];

		if (charge_over(a->used[c->kind], c->n, a->limit[c->kind]) |
		    charge_over(a->used[BANK_KIND_FRAMES], c->frames, a->limit[BANK_KIND_FRAMES]) |
		    (pooled &&
		     charge_over(a->pool_used[c->pool], c->pool_frames, a->pool_limit[c->pool])))
			return BANK_ERR_LIMIT;
	}
	for (s = tree_slot(b); s != BANK_NONE; s = bank_table[s].parent) {
		struct bank *a = &bank_table[s];

		a->used[c->kind] += c->n;
		a->used[BANK_KIND_FRAMES] += c->frames;
		if (pooled)
			a->pool_used[c->pool] += c->pool_frames;
	}
	return BANK_OK;
}

void charge_give(unsigned s, const struct charge *c)
{
	int pooled = c->pool < BANK_POOLS;

	for (; s != BANK_NONE; s = bank_table[s].parent) {
		struct bank *a = &bank_table[s];

		a->used[c->kind] -= c->n;
		a->used[BANK_KIND_FRAMES] -= c->frames;
		if (pooled)
			a->pool_used[c->pool] -= c->pool_frames;
	}
}
