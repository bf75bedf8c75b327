/* Randomized test of the buddy allocator (spacebank/buddy.c) against a naive
 * bitmap model: every allocation must be free in the model, every refusal
 * must match a model with no free aligned block, and after everything is
 * freed the pool must be back to its maximal aligned blocks. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buddy_fixture.h"

/* Check's ck_assert records its location on every call, which dominated the
 * run time here; this costs nothing until it fails. */
#define REQUIRE(cond, ...)                         \
	do {                                       \
		if (!(cond))                       \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

struct blk {
	uint32_t pfn;
	unsigned order;
};

/* A bit per frame over [origin, origin + span), origin MAXB-aligned so a
 * word holds aligned blocks: set = not available (allocated, absent,
 * reserved, or outside the range). */
struct model {
	struct bfix_pool p;
	uint64_t *bits;
	uint32_t base, end, origin, span, free;
	struct blk *live, *absent;
	uint32_t n_live, n_absent;
	uint64_t rng;
};

static uint32_t rnd(struct model *m)
{
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return (uint32_t)((m->rng * 0x2545f4914f6cdd1dull) >> 32);
}

static bool bit(const struct model *m, uint32_t pfn)
{
	return (m->bits[(pfn - m->origin) >> 6] >> ((pfn - m->origin) & 63)) & 1;
}

static void set_bits(struct model *m, uint32_t pfn, uint32_t n, bool v)
{
	for (uint32_t i = pfn - m->origin; i < pfn - m->origin + n; i++) {
		if (v)
			m->bits[i >> 6] |= 1ull << (i & 63);
		else
			m->bits[i >> 6] &= ~(1ull << (i & 63));
	}
}

static bool all_clear(const struct model *m, uint32_t pfn, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (bit(m, pfn + i))
			return false;
	return true;
}

/* Is there any aligned all-available block of this order? */
static bool model_has_block(const struct model *m, unsigned order)
{
	uint32_t words = m->span >> 6;

	if (order >= 6) {
		uint32_t per = 1u << (order - 6);

		for (uint32_t w = 0; w < words; w += per) {
			uint32_t i = 0;

			while (i < per && !m->bits[w + i])
				i++;
			if (i == per)
				return true;
		}
		return false;
	}
	uint64_t starts = 0;

	for (unsigned i = 0; i < 64; i += 1u << order)
		starts |= 1ull << i;
	for (uint32_t w = 0; w < words; w++) {
		uint64_t busy = m->bits[w];

		/* Fold so bit j says whether any of bits j .. j + 2^order - 1 is set. */
		for (unsigned s = 1; s < (1u << order); s <<= 1)
			busy |= busy >> s;
		if (~busy & starts)
			return true;
	}
	return false;
}

static void model_init(struct model *m, uint32_t base, uint32_t frames, uint32_t flags)
{
	memset(m, 0, sizeof(*m));
	m->rng = 0x9e3779b97f4a7c15ull ^ flags;
	bfix_pool_init(&m->p, base, frames, flags | BUDDY_START_FREE);
	m->base = base;
	m->end = base + frames;
	m->origin = base & ~(MAXB - 1);
	m->span = ((m->end - m->origin + MAXB - 1) & ~(MAXB - 1));
	m->bits = calloc(m->span >> 6, sizeof(uint64_t));
	m->live = calloc(frames, sizeof(*m->live));
	m->absent = calloc(frames, sizeof(*m->absent));
	ck_assert(m->bits && m->live && m->absent);
	set_bits(m, m->origin, m->span, true);
	set_bits(m, base + buddy_meta_frames(&m->p.b), frames - buddy_meta_frames(&m->p.b), false);
	m->free = buddy_free_frames(&m->p.b);
}

static uint64_t *frame_word(struct model *m, uint32_t pfn)
{
	return (uint64_t *)((char *)m->p.mem + ((size_t)(pfn - m->base) << BUDDY_PAGE_SHIFT)) + 1;
}

/* Embedded pools: every frame of a live block carries its pfn, past the 8
 * bytes the allocator may use while the block is free. */
static void stamp(struct model *m, struct blk k, bool verify)
{
	if (!(m->p.b.flags & BUDDY_EMBEDDED))
		return;
	for (uint32_t i = 0; i < (1u << k.order); i++) {
		if (verify)
			REQUIRE(*frame_word(m, k.pfn + i) == k.pfn + i, "frame %u overwritten",
				k.pfn + i);
		else
			*frame_word(m, k.pfn + i) = k.pfn + i;
	}
}

static unsigned rnd_order(struct model *m)
{
	static const unsigned char table[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5 };
	unsigned r = rnd(m) & 31;

	return r < 16 ? table[r] : r < 28 ? table[r - 16] : 6 + (rnd(m) % (BUDDY_MAX_ORDER - 5));
}

static void op_alloc(struct model *m)
{
	struct blk k = { 0, rnd_order(m) };
	pfn_t pfn;
	enum err e = buddy_alloc(&m->p.b, k.order, &pfn);

	if (e == ERR_NOMEM) {
		REQUIRE(!model_has_block(m, k.order), "order %u refused but free", k.order);
		return;
	}
	REQUIRE(e == ERR_OK, "alloc: %d", (int)e);
	k.pfn = (uint32_t)pfn;
	REQUIRE(pfn >= m->base && pfn + (1u << k.order) <= m->end, "pfn %u outside", k.pfn);
	REQUIRE(pfn % (1u << k.order) == 0, "pfn %u misaligned", k.pfn);
	REQUIRE(all_clear(m, k.pfn, 1u << k.order), "pfn %u order %u overlaps", k.pfn, k.order);
	set_bits(m, k.pfn, 1u << k.order, true);
	m->free -= 1u << k.order;
	m->live[m->n_live++] = k;
	stamp(m, k, false);
}

static void op_free(struct model *m)
{
	uint32_t i = rnd(m) % m->n_live;
	struct blk k = m->live[i];

	m->live[i] = m->live[--m->n_live];
	stamp(m, k, true);
	REQUIRE(buddy_free(&m->p.b, k.pfn, k.order) == ERR_OK, "free %u", k.pfn);
	set_bits(m, k.pfn, 1u << k.order, false);
	m->free += 1u << k.order;
	if (rnd(m) % 8 == 0)
		REQUIRE(buddy_free(&m->p.b, k.pfn, k.order) == ERR_NOTFOUND, "double free %u",
			k.pfn);
}

/* Wrong order, or a pfn inside a live block: refused, nothing changes. */
static void op_bad_free(struct model *m)
{
	struct blk k = m->live[rnd(m) % m->n_live];

	if (k.order > 0) {
		REQUIRE(buddy_free(&m->p.b, k.pfn + (1u << (k.order - 1)), k.order - 1) ==
				ERR_NOTFOUND,
			"free inside %u", k.pfn);
		REQUIRE(buddy_free(&m->p.b, k.pfn, k.order - 1) == ERR_INVAL, "order - 1 %u",
			k.pfn);
	}
	REQUIRE(buddy_free(&m->p.b, k.pfn, k.order + 1) != ERR_OK, "order + 1 %u", k.pfn);
	REQUIRE(buddy_add_chunk(&m->p.b, k.pfn, k.order) == ERR_OVERLAP, "donate live %u", k.pfn);
}

/* Reclaim: a whole free chunk leaves the pool (and later comes back). */
static void op_take(struct model *m)
{
	struct blk k = { 0, 3 + rnd(m) % (BUDDY_MAX_ORDER - 2) };
	pfn_t pfn;
	enum err e;

	if (rnd(m) & 1) {
		e = buddy_take_free_chunk(&m->p.b, k.order, &pfn);
		if (e == ERR_NOMEM) {
			REQUIRE(!model_has_block(m, k.order), "no chunk of order %u", k.order);
			return;
		}
		k.pfn = (uint32_t)pfn;
	} else {
		k.pfn = (m->base + rnd(m) % (m->end - m->base)) & ~((1u << k.order) - 1);
		if (k.pfn < m->base || m->end - k.pfn < (1u << k.order))
			return;
		e = buddy_remove_chunk(&m->p.b, k.pfn, k.order);
		if (!all_clear(m, k.pfn, 1u << k.order)) {
			REQUIRE(e == ERR_BUSY, "remove %u order %u: %d", k.pfn, k.order, (int)e);
			return;
		}
	}
	REQUIRE(e == ERR_OK, "chunk order %u: %d", k.order, (int)e);
	REQUIRE(all_clear(m, k.pfn, 1u << k.order), "chunk %u order %u not free", k.pfn, k.order);
	set_bits(m, k.pfn, 1u << k.order, true);
	m->free -= 1u << k.order;
	m->absent[m->n_absent++] = k;
}

static void op_give_back(struct model *m)
{
	uint32_t i = rnd(m) % m->n_absent;
	struct blk k = m->absent[i];

	m->absent[i] = m->absent[--m->n_absent];
	REQUIRE(buddy_add_chunk(&m->p.b, k.pfn, k.order) == ERR_OK, "give back %u", k.pfn);
	set_bits(m, k.pfn, 1u << k.order, false);
	m->free += 1u << k.order;
}

static void random_run(uint32_t base, uint32_t frames, uint32_t flags, uint32_t ops)
{
	struct model m;

	model_init(&m, base, frames, flags);
	for (uint32_t n = 0; n < ops; n++) {
		/* Alternate filling and draining phases so that the pool sees both
		 * exhaustion and coalescing back up to the largest blocks. */
		uint32_t r = rnd(&m) % 100, alloc_pct = (n >> 13) & 1 ? 30 : 62;

		if (r < alloc_pct || !m.n_live)
			op_alloc(&m);
		else if (r < 92)
			op_free(&m);
		else if (r < 95)
			op_bad_free(&m);
		else if (r < 98 || !m.n_absent)
			op_take(&m);
		else
			op_give_back(&m);
		REQUIRE(buddy_free_frames(&m.p.b) == m.free, "op %u: free %u, model %u", n,
			buddy_free_frames(&m.p.b), m.free);
		if (n % 512 == 0)
			bfix_check(&m.p.b);
	}
	bfix_check(&m.p.b);
	while (m.n_live)
		op_free(&m);
	while (m.n_absent)
		op_give_back(&m);
	bfix_check(&m.p.b);
	bfix_assert_maximal(&m.p, base + buddy_meta_frames(&m.p.b), base + frames);
	free(m.bits);
	free(m.live);
	free(m.absent);
	bfix_pool_fini(&m.p);
}

START_TEST(buddy_random_external)
{
	random_run(5 * MAXB + 3, 5000, 0, 120000);
}
END_TEST

START_TEST(buddy_random_embedded)
{
	random_run(7 * MAXB - 1, 4096 + 905, BUDDY_EMBEDDED, 100000);
}
END_TEST

TCase *buddy_random_tcase(void)
{
	TCase *random = tcase_create("random");

	/* Sanitizer builds are several times slower than plain ones. */
	tcase_set_timeout(random, 30);
	tcase_add_test(random, buddy_random_external);
	tcase_add_test(random, buddy_random_embedded);
	return random;
}
