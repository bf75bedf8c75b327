/* The space bank's short paths on the host (spacebank/charge.c, the frame
 * lookups of frames.c, objects.c's held-frame-first allocation, tree.c's
 * last-found bank, buddy.c's stash-first free) over the invocation double:
 * each shortcut gives the answer the long way gives, and a refusal on it
 * changes nothing. */
#include <string.h>

#include "../../spacebank/bank.h"
#include "bank_double.h"
#include "bank_fixture.h"
#include "unit.h"

static void setup(void)
{
	bank_fixture_reset(8);
}

/* Every count a charge touches, at one bank. */
struct counts {
	uint32_t kind, frames, pool;
};

static struct counts counts_of(const struct bank *b, unsigned kind, unsigned pool)
{
	return (struct counts){ b->used[kind], b->used[BANK_KIND_FRAMES], b->pool_used[pool] };
}

static void counts_eq(const struct bank *b, unsigned kind, unsigned pool, struct counts want)
{
	struct counts now = counts_of(b, kind, pool);

	ck_assert_uint_eq(now.kind, want.kind);
	ck_assert_uint_eq(now.frames, want.frames);
	ck_assert_uint_eq(now.pool, want.pool);
}

START_TEST(charge_takes_kind_frames_and_pool_or_nothing)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root), *b = bank_child_of(a);
	struct charge c = { CT_PAGE, 1, 1, BDBL_POOL_LOW, 1 };
	struct counts zero = { 0, 0, 0 }, one = { 1, 1, 1 };

	/* each limit alone refuses the whole charge, at the bank or an ancestor */
	ck_assert_int_eq(tree_set_limit(a, CT_PAGE, 0), BANK_OK);
	ck_assert_int_eq(charge_take(b, &c), BANK_ERR_LIMIT);
	ck_assert_int_eq(tree_set_limit(a, CT_PAGE, BANK_UNLIMITED), BANK_OK);
	ck_assert_int_eq(tree_set_limit(root, BANK_KIND_FRAMES, 0), BANK_OK);
	ck_assert_int_eq(charge_take(b, &c), BANK_ERR_LIMIT);
	ck_assert_int_eq(tree_set_limit(root, BANK_KIND_FRAMES, BANK_UNLIMITED), BANK_OK);
	ck_assert_int_eq(pools_set_limit(b, BDBL_POOL_LOW, 0), BANK_OK);
	ck_assert_int_eq(charge_take(b, &c), BANK_ERR_LIMIT);
	counts_eq(b, CT_PAGE, BDBL_POOL_LOW, zero);
	counts_eq(a, CT_PAGE, BDBL_POOL_LOW, zero);
	counts_eq(root, CT_PAGE, BDBL_POOL_LOW, zero);
	/* a pool outside every pool has no quota: the rest is charged */
	c.pool = POOL_NONE;
	ck_assert_int_eq(charge_take(b, &c), BANK_OK);
	ck_assert_uint_eq(root->used[CT_PAGE], 1);
	charge_give(tree_slot(b), &c);
	ck_assert_uint_eq(root->used[CT_PAGE], 0);
	/* with room everywhere all three counts rise at every level, and fall back */
	c.pool = BDBL_POOL_LOW;
	ck_assert_int_eq(pools_set_limit(b, BDBL_POOL_LOW, 1), BANK_OK);
	ck_assert_int_eq(charge_take(b, &c), BANK_OK);
	counts_eq(b, CT_PAGE, BDBL_POOL_LOW, one);
	counts_eq(a, CT_PAGE, BDBL_POOL_LOW, one);
	counts_eq(root, CT_PAGE, BDBL_POOL_LOW, one);
	ck_assert_int_eq(charge_take(b, &c), BANK_ERR_LIMIT); /* the quota of 1 is used */
	counts_eq(root, CT_PAGE, BDBL_POOL_LOW, one);
	charge_give(tree_slot(b), &c);
	counts_eq(b, CT_PAGE, BDBL_POOL_LOW, zero);
	counts_eq(root, CT_PAGE, BDBL_POOL_LOW, zero);
}
END_TEST

/* A held frame is taken before the charge; refused, it goes straight back:
 * the next page gets it, no chunk was taken for the refusal, and the books
 * did not move. */
START_TEST(page_refused_on_a_held_frame_changes_nothing)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t pa, again;
	struct counts before;
	unsigned takes;

	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &pa), BANK_OK);
	ck_assert_int_eq(objects_free(a, pa, 0), BANK_OK);
	takes = bdbl.takes;
	before = counts_of(&bank_table[0], CT_PAGE, BDBL_POOL_LOW);
	ck_assert_int_eq(pools_set_limit(a, BDBL_POOL_LOW, 0), BANK_OK);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &again), BANK_ERR_LIMIT);
	ck_assert_int_eq(pools_set_limit(a, BDBL_POOL_LOW, BANK_UNLIMITED), BANK_OK);
	ck_assert_int_eq(tree_set_limit(a, BANK_KIND_FRAMES, 0), BANK_OK);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &again), BANK_ERR_LIMIT);
	ck_assert_int_eq(tree_set_limit(a, BANK_KIND_FRAMES, BANK_UNLIMITED), BANK_OK);
	ck_assert_uint_eq(bdbl.takes, takes);
	counts_eq(&bank_table[0], CT_PAGE, BDBL_POOL_LOW, before);
	ck_assert_uint_eq(bdbl_objects(), 0);
	/* the same frame, and still a's own page: not zeroed */
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_uint_eq(again, pa);
	ck_assert_uint_eq(bdbl.unzeroed, 1);
	ck_assert_uint_eq(a->pool_used[BDBL_POOL_LOW], 1);
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
}
END_TEST

/* The small pool shares a 16 MiB region with low: a frame is found in the
 * region that holds it, a frame nobody holds in neither. */
START_TEST(frames_find_tells_pools_apart_in_one_region)
{
	struct bank *root = &bank_table[0];
	struct frame_ref lo_ref, small_ref, none;
	unsigned small;
	uint64_t lo, sm;

	bdbl_reset(8);
	small = bdbl_add_small_pool();
	ck_assert_int_eq(pools_load(), BANK_OK);
	ck_assert_int_eq(objects_alloc(root, CT_PAGE, 0, BDBL_POOL_LOW, &lo), BANK_OK);
	ck_assert_int_eq(objects_alloc(root, CT_CAPPAGE, 0, small, &sm), BANK_OK);
	ck_assert_uint_eq(lo >> 24, sm >> 24);
	ck_assert_int_eq(frames_find(lo, &lo_ref), BANK_OK);
	ck_assert_int_eq(frames_find(sm, &small_ref), BANK_OK);
	ck_assert_uint_eq(lo_ref.pool, BDBL_POOL_LOW);
	ck_assert_uint_eq(small_ref.pool, small);
	ck_assert_uint_eq(lo_ref.pa, lo);
	ck_assert_uint_eq(small_ref.rec->type, CT_CAPPAGE);
	ck_assert_uint_eq(lo_ref.rec->type, CT_PAGE);
	ck_assert_ptr_ne(lo_ref.region, small_ref.region);
	/* a small-pool frame the bank never took, in the same region */
	ck_assert_int_eq(frames_find(sm + 4096, &none), BANK_ERR_ARG);
	/* freed: each frame back to its own pool's buddy and quota */
	ck_assert_int_eq(objects_free(root, sm, 0), BANK_OK);
	ck_assert_int_eq(objects_free(root, lo, 0), BANK_OK);
	ck_assert_uint_eq(root->pool_used[small], 0);
	ck_assert_uint_eq(root->pool_used[BDBL_POOL_LOW], 0);
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES + 1);
	/* given back: the bank holds neither any more */
	ck_assert_int_eq(frames_find(sm, &none), BANK_ERR_ARG);
	ck_assert_int_eq(frames_find(lo, &none), BANK_ERR_ARG);
	ck_assert_int_eq(objects_free(root, lo, 0), BANK_ERR_ARG);
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
}
END_TEST

/* The last bank found is tried first, but never once it is dead. */
START_TEST(tree_find_never_returns_a_dead_bank)
{
	struct bank *a = bank_child_of(&bank_table[0]), *b;
	uint32_t id = a->id;

	ck_assert_ptr_eq(tree_find(id), a);
	ck_assert_ptr_eq(tree_find(id), a);
	tree_destroy(a);
	ck_assert_ptr_null(tree_find(id));
	b = bank_child_of(&bank_table[0]); /* a's slot again, under a new id */
	ck_assert_ptr_eq(b, a);
	ck_assert_ptr_null(tree_find(id));
	ck_assert_ptr_eq(tree_find(b->id), b);
	ck_assert_ptr_eq(tree_find(bank_table[0].id), &bank_table[0]);
}
END_TEST

/* buddy_free's stash-first path takes only a good order-0 free; every bad
 * one still gets its error and changes nothing. */
START_TEST(buddy_stash_first_refuses_what_the_long_path_refuses)
{
	static uint32_t meta[(BUDDY_META_BYTES(64) + 3) / 4];
	struct buddy b;
	pfn_t p, q;

	ck_assert_int_eq(buddy_init(&b, 0x1000, 64, BUDDY_START_FREE | BUDDY_STASH, meta, NULL),
			 ERR_OK);
	ck_assert_int_eq(buddy_alloc(&b, 0, &p), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&b, 1, &q), ERR_OK);
	ck_assert_int_eq(buddy_free(&b, p, 0), ERR_OK);
	ck_assert_uint_eq(b.nstash, 1);
	ck_assert_int_eq(buddy_free(&b, p, 0), ERR_NOTFOUND); /* stashed already */
	ck_assert_int_eq(buddy_free(&b, q, 0), ERR_INVAL); /* an order-1 block */
	ck_assert_int_eq(buddy_free(&b, q + 1, 0), ERR_NOTFOUND); /* inside a block */
	ck_assert_int_eq(buddy_free(&b, 0x1000 + 64, 0), ERR_RANGE);
	ck_assert_int_eq(buddy_free(&b, 0xfff, 0), ERR_RANGE);
	ck_assert_uint_eq(b.nstash, 1);
	ck_assert_uint_eq(buddy_free_frames(&b), 64 - 2);
	ck_assert_int_eq(buddy_check(&b), ERR_OK);
	ck_assert_int_eq(buddy_free(&b, q, 1), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&b, 0, &q), ERR_OK);
	ck_assert_uint_eq(q, p); /* the stash gives its frame back first */
	ck_assert_int_eq(buddy_check(&b), ERR_OK);
}
END_TEST

Suite *bank_lean_suite(void)
{
	Suite *s = suite_create("bank_lean");
	TCase *tc = tcase_create("lean");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, charge_takes_kind_frames_and_pool_or_nothing);
	tcase_add_test(tc, page_refused_on_a_held_frame_changes_nothing);
	tcase_add_test(tc, frames_find_tells_pools_apart_in_one_region);
	tcase_add_test(tc, tree_find_never_returns_a_dead_bank);
	tcase_add_test(tc, buddy_stash_first_refuses_what_the_long_path_refuses);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(bank_lean)
