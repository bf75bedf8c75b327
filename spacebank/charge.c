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

/* charge_over with n = 1, the same test: used + 1 wraps only at used =
 * 0xffffffff, which is >= every limit. */
static inline int charge_full(uint32_t used, uint32_t limit)
{
	return used >= limit && limit != BANK_UNLIMITED;
}

static inline struct bank *charge_up(const struct bank *a)
{
	return a->parent == BANK_NONE ? NULL : &bank_table[a->parent];
}

/* What charge_one adds at a: one of kind, one frame, one of pool's. */
static inline void charge_drop_at(struct bank *a, unsigned kind, unsigned pool)
{
	a->used[kind]--;
	a->used[BANK_KIND_FRAMES]--;
	a->pool_used[pool]--;
}

/* The common charge in one walk: each bank is checked and charged in turn,
 * and at a bank over a limit what the walk added below it is taken back.
 * Inlined where the bank's whole-program link calls it (bank.h's extern
 * declaration makes this the one definition), as charge_drop_one. */
inline int __attribute__((always_inline)) charge_one(struct bank *b, unsigned kind, unsigned pool)
{
	struct bank *a, *t;

	if (pool >= BANK_POOLS) {
		struct charge c = { kind, 1, 1, pool, 1 };

		return charge_take(b, &c);
	}
	for (a = b; a; a = charge_up(a)) {
		if (charge_full(a->used[kind], a->limit[kind]) ||
		    charge_full(a->used[BANK_KIND_FRAMES], a->limit[BANK_KIND_FRAMES]) ||
		    charge_full(a->pool_used[pool], a->pool_limit[pool])) {
			for (t = b; t != a; t = charge_up(t))
				charge_drop_at(t, kind, pool);
			return BANK_ERR_LIMIT;
		}
		a->used[kind]++;
		a->used[BANK_KIND_FRAMES]++;
		a->pool_used[pool]++;
	}
	return BANK_OK;
}

inline void __attribute__((always_inline)) charge_drop_one(unsigned s, unsigned kind, unsigned pool)
{
	if (pool >= BANK_POOLS) {
		struct charge c = { kind, 1, 1, pool, 1 };

		charge_give(s, &c);
		return;
	}
	for (struct bank *a = &bank_table[s]; a; a = charge_up(a))
		charge_drop_at(a, kind, pool);
}
