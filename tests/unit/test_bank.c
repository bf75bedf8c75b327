/* The space bank's bookkeeping on the host (spacebank/tree.c, frames.c,
 * objects.c, budget.c) over the invocation double (bank_double.h): limits
 * charged up every ancestor or not at all, frames taken and given back in
 * whole chunks, objects typed and released, budget events answered. Every
 * test ends with the books exact: the double saw no call the kernel would
 * refuse, and what the bank charges equals the objects the double holds.
 * Each test runs in its own process (Check's fork mode): the bank's tables
 * are static and start empty. */
#include <string.h>

#include "../../spacebank/bank.h"
#include "bank_double.h"
#include "bank_fixture.h"
#include "unit.h"

#define REGION_FRAMES 4096u /* frames.c: one buddy per 16 MiB */
#define REGION_SLOTS 10u /* frames.c: FRAMES_POOLS, the regions the bank can hold */

static void setup(void)
{
	bank_fixture_reset(16);
}

START_TEST(tree_children_fill_and_ids_are_not_reused)
{
	struct bank *root = &bank_table[0], *b, *kids[BANK_MAX];
	uint32_t old;

	ck_assert_uint_eq(root->limit[BANK_KIND_FRAMES], BANK_UNLIMITED);
	ck_assert_ptr_eq(tree_find(root->id), root);
	for (unsigned i = 1; i < BANK_MAX; i++) {
		kids[i] = bank_child_of(root);
		ck_assert_uint_eq(kids[i]->parent, 0);
		ck_assert_ptr_eq(tree_find(kids[i]->id), kids[i]);
		for (unsigned j = 1; j < i; j++)
			ck_assert_uint_ne(kids[i]->id, kids[j]->id);
	}
	ck_assert_int_eq(tree_child(root, &b), BANK_ERR_FULL);
	old = kids[5]->id;
	tree_destroy(kids[5]);
	ck_assert_ptr_null(tree_find(old));
	b = bank_child_of(kids[6]);
	ck_assert_ptr_eq(b, kids[5]); /* the slot comes back ... */
	ck_assert_uint_ne(b->id, old); /* ... under a new id */
	ck_assert_uint_eq(b->parent, tree_slot(kids[6]));
	ck_assert_ptr_null(tree_find(0));
	bank_books_exact();
}
END_TEST

START_TEST(tree_charge_is_all_or_nothing)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root), *b = bank_child_of(a);

	ck_assert_int_eq(tree_set_limit(a, CT_PAGE, 2), BANK_OK);
	ck_assert_int_eq(tree_set_limit(a, BANK_KINDS, 2), BANK_ERR_ARG);
	ck_assert_int_eq(tree_charge(b, CT_PAGE, 1), BANK_OK);
	ck_assert_int_eq(tree_charge(b, CT_PAGE, 1), BANK_OK);
	ck_assert_int_eq(tree_charge(b, CT_PAGE, 1), BANK_ERR_LIMIT);
	/* the refusal at a changed nothing at b or the root either */
	ck_assert_uint_eq(b->used[CT_PAGE], 2);
	ck_assert_uint_eq(a->used[CT_PAGE], 2);
	ck_assert_uint_eq(root->used[CT_PAGE], 2);
	ck_assert_uint_eq(root->used[BANK_KIND_FRAMES], 2);
	/* a frame limit at the root stops a grandchild's other kinds too */
	ck_assert_int_eq(tree_set_limit(root, BANK_KIND_FRAMES, 3), BANK_OK);
	ck_assert_int_eq(tree_charge(b, CT_ENDPOINT, 1), BANK_OK);
	ck_assert_int_eq(tree_charge(b, CT_ENDPOINT, 1), BANK_ERR_LIMIT);
	ck_assert_uint_eq(b->used[CT_ENDPOINT], 1);
	/* a charge that would wrap the counter is over any limit */
	ck_assert_int_eq(tree_set_limit(root, BANK_KIND_FRAMES, 100), BANK_OK);
	ck_assert_int_eq(tree_charge(b, CT_CAPPAGE, UINT32_MAX), BANK_ERR_LIMIT);
	ck_assert_uint_eq(root->used[BANK_KIND_FRAMES], 3);
	tree_uncharge(tree_slot(b), CT_PAGE, 1);
	tree_uncharge(tree_slot(b), CT_PAGE, 1);
	tree_uncharge(tree_slot(b), CT_ENDPOINT, 1);
	for (unsigned k = 0; k < BANK_KINDS; k++)
		ck_assert_uint_eq(root->used[k], 0);
	bank_books_exact();
}
END_TEST

START_TEST(tree_within_follows_parents)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root), *b = bank_child_of(a),
		    *c = bank_child_of(root);

	ck_assert(tree_within(tree_slot(b), a));
	ck_assert(tree_within(tree_slot(b), root));
	ck_assert(tree_within(tree_slot(a), a));
	ck_assert(!tree_within(tree_slot(a), b));
	ck_assert(!tree_within(tree_slot(c), a));
	ck_assert(!tree_within(BANK_NONE, root));
}
END_TEST

START_TEST(frames_come_in_chunks)
{
	uint64_t pa[BDBL_CHUNK_FRAMES + 1];

	for (unsigned i = 0; i <= BDBL_CHUNK_FRAMES; i++) {
		ck_assert_int_eq(frames_alloc(0, 1, POOL_ANY, &pa[i]), BANK_OK);
		ck_assert_uint_eq(pa[i] & 0xfff, 0);
		ck_assert_uint_lt(pa[i], BDBL_HIGH_BASE);
		ck_assert_uint_eq(bdbl.takes, i < BDBL_CHUNK_FRAMES ? 1 : 2);
		for (unsigned j = 0; j < i; j++)
			ck_assert_uint_ne(pa[i], pa[j]);
	}
	ck_assert_ptr_nonnull(frames_owner(pa[0]));
	ck_assert_ptr_null(frames_owner(BDBL_HIGH_BASE));
	ck_assert_ptr_null(frames_type(BDBL_HIGH_BASE));
	frames_free(BDBL_HIGH_BASE); /* no pool there: nothing happens */
	/* a chunk with a frame in use stays */
	for (unsigned i = 1; i <= BDBL_CHUNK_FRAMES; i++)
		frames_free(pa[i]);
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES);
	ck_assert_uint_eq(bdbl_held_frames(), BDBL_CHUNK_FRAMES);
	frames_free(pa[0]);
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES);
	ck_assert_uint_eq(bdbl_held_frames(), 0);
	ck_assert_uint_eq(frames_give_back(), 0);
	bank_books_exact();
}
END_TEST

START_TEST(frames_high_regions_never_serve_kernel_objects)
{
	uint64_t hi, lo, any;

	ck_assert_int_eq(frames_alloc(BDBL_HIGH_BASE + 4096, 0, POOL_ANY, &hi), BANK_OK);
	/* rounded up to a whole region above the asked address */
	ck_assert_uint_ge(hi, BDBL_HIGH_BASE + REGION_FRAMES * 4096ull);
	ck_assert_int_eq(frames_alloc(0, 1, POOL_ANY, &lo), BANK_OK);
	ck_assert_uint_lt(lo, BDBL_HIGH_BASE);
	ck_assert_uint_eq(bdbl.takes, 2);
	/* an unrestricted page may come from either */
	ck_assert_int_eq(frames_alloc(0, 0, POOL_ANY, &any), BANK_OK);
	ck_assert_uint_eq(bdbl.takes, 2);
	bank_books_exact();
}
END_TEST

START_TEST(frames_refusals_leave_nothing_held)
{
	uint64_t pa;

	bdbl.fail_take = 1;
	ck_assert_int_eq(frames_alloc(0, 1, POOL_ANY, &pa), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(bdbl_held_frames(), 0);
	bdbl_reset(0); /* no kernel-addressable chunk at all */
	ck_assert_int_eq(frames_alloc(0, 1, POOL_ANY, &pa), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(bdbl_held_frames(), 0);
	bank_books_exact();
}
END_TEST

/* One chunk per 16 MiB region: the ninth region finds the pool table full,
 * and the chunk goes straight back. */
START_TEST(frames_pool_table_full_gives_the_chunk_back)
{
	uint64_t pa;
	int e = BANK_OK;
	unsigned n = 0;

	bdbl.stride = REGION_FRAMES;
	while (e == BANK_OK && n < (REGION_SLOTS + 1) * BDBL_CHUNK_FRAMES) {
		e = frames_alloc(0, 1, POOL_ANY, &pa);
		n += e == BANK_OK;
	}
	ck_assert_int_eq(e, BANK_ERR_FULL);
	ck_assert_uint_eq(n, REGION_SLOTS * BDBL_CHUNK_FRAMES);
	ck_assert_uint_eq(bdbl.takes, REGION_SLOTS + 1);
	ck_assert_uint_eq(bdbl.gives, 1);
	ck_assert_uint_eq(bdbl_held_frames(), REGION_SLOTS * BDBL_CHUNK_FRAMES);
	bank_books_exact();
}
END_TEST

START_TEST(frames_give_back_range_touches_only_its_regions)
{
	uint64_t pa[2 * BDBL_CHUNK_FRAMES];
	uint32_t second;

	bdbl.stride = REGION_FRAMES;
	for (unsigned i = 0; i < 2 * BDBL_CHUNK_FRAMES; i++)
		ck_assert_int_eq(frames_alloc(0, 1, POOL_ANY, &pa[i]), BANK_OK);
	for (unsigned i = 0; i < 2 * BDBL_CHUNK_FRAMES; i++)
		frames_free(pa[i]);
	second = (uint32_t)(pa[BDBL_CHUNK_FRAMES] >> 12);
	ck_assert_uint_eq(frames_give_back_range(second + 5, 1), BDBL_CHUNK_FRAMES);
	ck_assert_uint_eq(bdbl_held_frames(), BDBL_CHUNK_FRAMES);
	ck_assert_uint_eq(frames_give_back_range(second, REGION_FRAMES), 0);
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES);
	bank_books_exact();
}
END_TEST

START_TEST(objects_are_typed_charged_and_released)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root), *b = bank_child_of(root);
	uint64_t pa, page;

	ck_assert_int_eq(objects_alloc(a, CT_REPLY, 0, POOL_ANY, &pa), BANK_ERR_ARG);
	ck_assert_int_eq(objects_alloc(a, CT_ENDPOINT, BDBL_HIGH_BASE, POOL_ANY, &pa),
			 BANK_ERR_ARG);
	ck_assert_int_eq(objects_alloc(a, CT_ENDPOINT, 0, POOL_ANY, &pa), BANK_OK);
	ck_assert_uint_eq(*frames_type(pa), CT_ENDPOINT);
	ck_assert_uint_eq(*frames_owner(pa), tree_slot(a));
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, BDBL_HIGH_BASE, POOL_ANY, &page), BANK_OK);
	ck_assert_uint_ge(page, BDBL_HIGH_BASE);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 2);
	bank_books_exact();
	/* a sibling cannot free it; misaligned or empty frames are refused */
	ck_assert_int_eq(objects_free(b, pa, 0), BANK_ERR_ARG);
	ck_assert_int_eq(objects_free(a, pa + 8, 0), BANK_ERR_ARG);
	ck_assert_int_eq(objects_free(a, pa + 4096, 0), BANK_ERR_ARG);
	ck_assert_int_eq(objects_free(a, 0x7000, 0), BANK_ERR_ARG);
	/* the parent can */
	ck_assert_int_eq(objects_free(root, pa, 0), BANK_OK);
	ck_assert_int_eq(objects_free(a, pa, 0), BANK_ERR_ARG);
	ck_assert_uint_eq(a->used[CT_ENDPOINT], 0);
	ck_assert_int_eq(objects_free(a, page, 0), BANK_OK);
	ck_assert_uint_eq(bdbl.destroys, 2);
	bank_books_exact();
	ck_assert_uint_eq(frames_give_back(), 2 * BDBL_CHUNK_FRAMES);
}
END_TEST

/* Zeroing (doc/spacebank.md): a page's frame is reused without zeroing only
 * by a page of the bank that freed it; a page freed by an ancestor, a
 * scrubbed free, a destroyed bank's slot taken by a new bank, and a frame
 * that left for the kernel are all zeroed. The buddy's stash hands back the
 * frame freed last, so each step below reuses the same frame. */
START_TEST(objects_zeroing_follows_the_bank)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root), *b = bank_child_of(root), *c;
	uint64_t pa, again;
	unsigned slot_a = tree_slot(a);

	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &pa), BANK_OK);
	ck_assert_uint_eq(bdbl.unzeroed, 0); /* fresh from the kernel: zeroed */
	ck_assert_int_eq(objects_free(a, pa, 0), BANK_OK);
	ck_assert_uint_eq(*frames_last(pa), slot_a + 1);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_uint_eq(again, pa);
	ck_assert_uint_eq(bdbl.unzeroed, 1); /* its own bank: kept */
	ck_assert_uint_eq(*frames_last(pa), 0); /* in use: no longer a free frame's record */
	ck_assert_int_eq(objects_free(a, pa, 0), BANK_OK);
	ck_assert_int_eq(objects_alloc(b, CT_PAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_uint_eq(again, pa);
	ck_assert_uint_eq(bdbl.unzeroed, 1); /* another bank: zeroed */
	ck_assert_int_eq(objects_free(b, pa, 1), BANK_OK); /* scrubbed */
	ck_assert_uint_eq(*frames_last(pa), 0);
	ck_assert_int_eq(objects_alloc(b, CT_PAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_uint_eq(bdbl.unzeroed, 1);
	ck_assert_int_eq(objects_free(root, pa, 0), BANK_OK); /* b's page: b's contents */
	ck_assert_int_eq(objects_alloc(root, CT_PAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_uint_eq(again, pa);
	ck_assert_uint_eq(bdbl.unzeroed, 1); /* the parent is another bank */
	ck_assert_int_eq(objects_free(root, pa, 0), BANK_OK);
	/* A destroyed bank's frames are nobody's once its slot is reused. */
	ck_assert_int_eq(objects_alloc(a, CT_CAPPAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &pa), BANK_OK);
	ck_assert_int_eq(objects_free(a, pa, 0), BANK_OK);
	ck_assert_uint_eq(*frames_last(pa), slot_a + 1);
	tree_destroy(a);
	ck_assert_uint_eq(*frames_last(pa), 0);
	c = bank_child_of(root);
	ck_assert_uint_eq(tree_slot(c), slot_a);
	ck_assert_int_eq(objects_alloc(c, CT_PAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_uint_eq(bdbl.unzeroed, 1);
	/* A frame that went back to the kernel comes back as unknown. */
	ck_assert_int_eq(objects_free(c, again, 0), BANK_OK);
	ck_assert_uint_eq(*frames_last(again), slot_a + 1);
	ck_assert_int_eq(objects_free(c, again, 0), BANK_ERR_ARG); /* not twice */
	bank_books_exact();
	ck_assert_uint_ge(frames_give_back(), BDBL_CHUNK_FRAMES);
	ck_assert_uint_eq(*frames_last(again), 0);
}
END_TEST

START_TEST(objects_failures_uncharge)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t pa, again;

	ck_assert_int_eq(tree_set_limit(a, CT_PROCESS, 0), BANK_OK);
	ck_assert_int_eq(objects_alloc(a, CT_PROCESS, 0, POOL_ANY, &pa), BANK_ERR_LIMIT);
	ck_assert_uint_eq(bdbl.takes, 0);
	bdbl.fail_create = 1;
	ck_assert_int_eq(objects_alloc(a, CT_CAPPAGE, 0, POOL_ANY, &pa), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(a->used[CT_CAPPAGE], 0);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 0);
	/* the frame went back to the pool: the next object gets it */
	ck_assert_int_eq(objects_alloc(a, CT_CAPPAGE, 0, POOL_ANY, &again), BANK_OK);
	ck_assert_uint_eq(again, pa);
	bdbl.fail_take = BDBL_POOLS; /* POOL_ANY tries every pool's chunk */
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, BDBL_HIGH_BASE, POOL_ANY, &pa),
			 BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(a->used[CT_PAGE], 0);
	bank_books_exact();
}
END_TEST

START_TEST(destroy_releases_the_whole_subtree)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root), *b = bank_child_of(a),
		    *c = bank_child_of(root);
	uint32_t ida = a->id, idb = b->id;
	uint64_t pa;

	for (unsigned i = 0; i < 5; i++) {
		ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &pa), BANK_OK);
		ck_assert_int_eq(objects_alloc(b, CT_ENDPOINT, 0, POOL_ANY, &pa), BANK_OK);
		ck_assert_int_eq(objects_alloc(c, CT_PROCESS, 0, POOL_ANY, &pa), BANK_OK);
	}
	ck_assert_int_eq(objects_alloc(b, CT_PAGE, BDBL_HIGH_BASE, POOL_ANY, &pa), BANK_OK);
	bank_books_exact();
	tree_destroy(a);
	ck_assert_ptr_null(tree_find(ida));
	ck_assert_ptr_null(tree_find(idb));
	ck_assert_ptr_eq(tree_find(c->id), c);
	/* c's 5 processes share one pot frame */
	ck_assert_uint_eq(root->used[BANK_KIND_FRAMES], 1);
	ck_assert_uint_eq(root->used[CT_PROCESS], 5);
	ck_assert_uint_eq(root->used[CT_PAGE], 0);
	ck_assert_uint_eq(bdbl_objects(), 5);
	bank_books_exact();
	/* the high chunk is wholly free now; the low one still holds c's */
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES);
}
END_TEST

static uint32_t ev(uint32_t kind, uint32_t drops)
{
	return kind | drops << 8;
}

static void handle(uint32_t w0, uint32_t budget, uint32_t w2, uint32_t w3)
{
	struct msg m = { { w0, budget, w2, w3 }, BUDGET_BADGE };

	budget_handle(&m);
}

START_TEST(budget_events_set_the_root_limit_and_are_logged)
{
	uint32_t kind, frames, count;

	handle(ev(BEV_CONSERVATIVE, 0), 100, 0, 0);
	ck_assert_uint_eq(bank_table[0].limit[BANK_KIND_FRAMES], 100);
	handle(ev(BEV_RAISED, 3), 300, 200, 1);
	ck_assert_uint_eq(bank_table[0].limit[BANK_KIND_FRAMES], 300);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: budget conservative=100\n"));
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: budget raised=300 (3 events coalesced)\n"));
	handle(ev(200, 0), 300, 0, 0);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: budget ?=300\n"));
	for (uint32_t i = 3; i < 20; i++)
		handle(ev(BEV_LOWERED, 0), 300 - i, i, 0);
	ck_assert_int_eq(budget_log(19, &kind, &frames, &count), BANK_OK);
	ck_assert_uint_eq(kind, BEV_LOWERED);
	ck_assert_uint_eq(frames, 281);
	ck_assert_uint_eq(count, 20);
	ck_assert_int_eq(budget_log(4, &kind, &frames, &count), BANK_OK);
	ck_assert_uint_eq(frames, 296);
	ck_assert_int_eq(budget_log(3, &kind, &frames, &count), BANK_ERR_ARG); /* overwritten */
	ck_assert_int_eq(budget_log(20, &kind, &frames, &count), BANK_ERR_ARG);
	ck_assert_uint_eq(count, 20);
	bank_books_exact();
}
END_TEST

START_TEST(budget_reclaim_gives_back_and_consents_to_the_spare)
{
	uint64_t pa[BDBL_CHUNK_FRAMES + 1];

	handle(ev(BEV_RELAXED, 0), 1000, 0, 0);
	for (unsigned i = 0; i <= BDBL_CHUNK_FRAMES; i++)
		ck_assert_int_eq(objects_alloc(&bank_table[0], CT_PAGE, 0, POOL_ANY, &pa[i]),
				 BANK_OK);
	for (unsigned i = 0; i < BDBL_CHUNK_FRAMES; i++)
		ck_assert_int_eq(objects_free(&bank_table[0], pa[i], 0), BANK_OK);
	/* one object left: 999 spare, the first chunk wholly free */
	bdbl.reclaim_outcome = BUDGET_ADDED;
	handle(ev(BEV_RECLAIM, 0), 1000, 5000, 2);
	ck_assert_uint_eq(bdbl.reclaim_consent, 999);
	ck_assert_uint_eq(bdbl.gives, 1);
	ck_assert_ptr_nonnull(
		strstr(bdbl.out,
		       "bank: reclaim slot=2 asked=5000 gave_back=256 spare=999 taken=999 added"));
	bdbl.reclaim_outcome = BUDGET_REFUSED;
	handle(ev(BEV_RECLAIM, 0), 1000, 7, 3);
	ck_assert_uint_eq(bdbl.reclaim_consent, 7);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "taken=0 refused"));
	bdbl.reclaim_outcome = BUDGET_NONE;
	handle(ev(BEV_RECLAIM, 0), 0, 7, 3); /* budget below use: no spare */
	ck_assert_uint_eq(bdbl.reclaim_consent, 0);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "spare=0 taken=0 none"));
	bdbl.budget_error = INV_ERR_RIGHTS;
	handle(ev(BEV_RECLAIM, 0), 1000, 7, 3);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "taken=0 rights"));
	bank_books_exact();
}
END_TEST

START_TEST(budget_release_gives_back_the_range)
{
	uint64_t lo, hi;

	ck_assert_int_eq(frames_alloc(0, 1, POOL_ANY, &lo), BANK_OK);
	ck_assert_int_eq(frames_alloc(BDBL_HIGH_BASE, 0, POOL_ANY, &hi), BANK_OK);
	frames_free(hi);
	bdbl.range_outcome = BUDGET_REMOVED;
	handle(ev(BEV_RELEASE_RANGE, 0), 10, (uint32_t)(BDBL_HIGH_BASE >> 12), 0x8000);
	ck_assert_uint_eq(bdbl_held_frames(), BDBL_CHUNK_FRAMES);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "gave_back=256 removed"));
	bdbl.range_outcome = BUDGET_KEPT;
	handle(ev(BEV_RELEASE_RANGE, 0), 10, (uint32_t)(lo >> 12), 1);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "gave_back=0 kept"));
	bdbl.range_outcome = BUDGET_NONE;
	handle(ev(BEV_RELEASE_RANGE, 0), 10, 0, 1);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "gave_back=0 none"));
	bdbl.budget_error = INV_ERR_CAP_STALE;
	handle(ev(BEV_RELEASE_RANGE, 0), 10, 0, 1);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "gave_back=0 cap-stale"));
	bank_books_exact();
}
END_TEST

Suite *bank_suite(void)
{
	Suite *s = suite_create("bank");
	TCase *tc = tcase_create("books");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, tree_children_fill_and_ids_are_not_reused);
	tcase_add_test(tc, tree_charge_is_all_or_nothing);
	tcase_add_test(tc, tree_within_follows_parents);
	tcase_add_test(tc, frames_come_in_chunks);
	tcase_add_test(tc, frames_high_regions_never_serve_kernel_objects);
	tcase_add_test(tc, frames_refusals_leave_nothing_held);
	tcase_add_test(tc, frames_pool_table_full_gives_the_chunk_back);
	tcase_add_test(tc, frames_give_back_range_touches_only_its_regions);
	tcase_add_test(tc, objects_are_typed_charged_and_released);
	tcase_add_test(tc, objects_zeroing_follows_the_bank);
	tcase_add_test(tc, objects_failures_uncharge);
	tcase_add_test(tc, destroy_releases_the_whole_subtree);
	tcase_add_test(tc, budget_events_set_the_root_limit_and_are_logged);
	tcase_add_test(tc, budget_reclaim_gives_back_and_consents_to_the_spare);
	tcase_add_test(tc, budget_release_gives_back_the_range);
	suite_add_tcase(s, tc);
	bank_add_device_tests(s);
	return s;
}

UNIT_SUITE(bank)
