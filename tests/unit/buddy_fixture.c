/* Shared helpers of the buddy allocator's unit tests. */
#include <stdlib.h>

#include "buddy_fixture.h"

void bfix_check(const struct buddy *b)
{
	const char *why = "";

	ck_assert_msg(buddy_check_why(b, &why) == ERR_OK, "buddy_check: %s", why);
}

void bfix_pool_init(struct bfix_pool *p, pfn_t base, uint32_t frames, uint32_t flags)
{
	if (flags & BUDDY_EMBEDDED) {
		p->mem_bytes = (size_t)frames << BUDDY_PAGE_SHIFT;
		p->mem = aligned_alloc(1u << BUDDY_PAGE_SHIFT, p->mem_bytes);
		ck_assert_ptr_nonnull(p->mem);
		ck_assert_int_eq(buddy_init(&p->b, base, frames, flags, NULL, p->mem), ERR_OK);
	} else {
		p->mem_bytes = buddy_meta_bytes(frames);
		p->mem = malloc(p->mem_bytes);
		ck_assert_ptr_nonnull(p->mem);
		ck_assert_int_eq(buddy_init(&p->b, base, frames, flags, p->mem, NULL), ERR_OK);
	}
	bfix_check(&p->b);
}

void bfix_pool_fini(struct bfix_pool *p)
{
	free(p->mem);
}

unsigned bfix_maximal_order(uint32_t a, uint32_t hi)
{
	unsigned o = BUDDY_MAX_ORDER;

	while (a % (1u << o) || hi - a < (1u << o))
		o--;
	return o;
}

void bfix_assert_counts(const struct buddy *b, uint32_t lo, uint32_t hi)
{
	uint32_t want[BUDDY_ORDERS] = { 0 }, total = 0;

	for (uint32_t a = lo; a < hi; a += 1u << bfix_maximal_order(a, hi)) {
		want[bfix_maximal_order(a, hi)]++;
		total += 1u << bfix_maximal_order(a, hi);
	}
	ck_assert_uint_eq(buddy_free_frames(b), total);
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++)
		ck_assert_msg(buddy_free_blocks(b, o) == want[o],
			      "order %u: %u free blocks, want %u", o, buddy_free_blocks(b, o),
			      want[o]);
}

/* The pool's free blocks are exactly the maximal aligned blocks of [lo, hi):
 * the per-order counts match and every one of those blocks is wholly free
 * (shown by removing it, so this empties the pool). */
void bfix_assert_maximal(struct bfix_pool *p, uint32_t lo, uint32_t hi)
{
	bfix_assert_counts(&p->b, lo, hi);
	for (uint32_t a = lo; a < hi; a += 1u << bfix_maximal_order(a, hi))
		ck_assert_int_eq(buddy_remove_chunk(&p->b, a, bfix_maximal_order(a, hi)), ERR_OK);
	ck_assert_uint_eq(buddy_present_frames(&p->b), 0);
	bfix_check(&p->b);
}
