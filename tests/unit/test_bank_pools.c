/* The space bank's memory pools on the host (spacebank/pools.c and the pool
 * paths of frames.c and objects.c) over the invocation double: the kernel's
 * registry read once and ordered, quotas per pool charged at every ancestor
 * or not at all, objects taken from the pool asked for (or charged to the one
 * their frame came from), and a pool too small for a whole MiB served one
 * frame at a time, given back the same way. */
#include <stdio.h>
#include <string.h>

#include "../../spacebank/bank.h"
#include "bank_double.h"
#include "bank_fixture.h"
#include "unit.h"

#define IMG_BASE 0x40000000ull

static void setup(void)
{
	bdbl_reset(8);
	tree_init();
}

/* No misuse, and every object frame is charged to exactly one pool. */
static void books_exact(void)
{
	uint32_t pooled = 0;

	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
	ck_assert_uint_eq(bank_table[0].used[BANK_KIND_FRAMES], bdbl_objects());
	for (unsigned p = 0; p < BANK_POOLS; p++)
		pooled += bank_table[0].pool_used[p];
	ck_assert_uint_eq(pooled, bdbl_objects());
}

/* A pool of the boot image's layer, striped every other frame over low: no
 * whole MiB in it, and an ALLOC naming no pool never uses it. */
static unsigned add_image_pool(void)
{
	unsigned id = bdbl.npools++;

	bdbl.pool[id] = (struct bdbl_pool){ .name = "img",
					    .start = IMG_BASE,
					    .length = 1u << 20,
					    .stripe = 4096,
					    .step = 8192,
					    .layer = POOL_LAYER_IMAGE };
	return id;
}

START_TEST(pools_load_orders_the_general_pools_largest_first)
{
	unsigned small, img;

	bdbl.pool[BDBL_POOL_HIGH].length = 0x100000000ull; /* now larger than low */
	small = bdbl_add_small_pool();
	img = add_image_pool();
	ck_assert_int_eq(pools_load(), BANK_OK);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: 4 pools\n"));
	ck_assert_uint_eq(pools_count(), 3);
	ck_assert_uint_eq(pools_any_order(0), BDBL_POOL_HIGH);
	ck_assert_uint_eq(pools_any_order(1), BDBL_POOL_LOW);
	ck_assert_uint_eq(pools_any_order(2), small);
	ck_assert(pools_known(img) && !pools_general(img));
	ck_assert(!pools_known(img + 1) && !pools_general(img + 1) && !pools_chunky(img + 1));
	ck_assert(pools_chunky(BDBL_POOL_LOW) && pools_chunky(BDBL_POOL_HIGH));
	ck_assert(!pools_chunky(small)); /* 64 frames */
	ck_assert(!pools_chunky(img)); /* striped */
	/* the small pool lies over low, and wins there; the striped one every other frame */
	ck_assert_uint_eq(pools_of(BDBL_SMALL_BASE), small);
	ck_assert_uint_eq(pools_of(BDBL_SMALL_BASE - 4096), BDBL_POOL_LOW);
	ck_assert_uint_eq(pools_of(IMG_BASE), img);
	ck_assert_uint_eq(pools_of(IMG_BASE + 4096), BDBL_POOL_LOW);
	ck_assert_uint_eq(pools_of(BDBL_HIGH_BASE), BDBL_POOL_HIGH);
	ck_assert_uint_eq(pools_of(0x1000), POOL_NONE);
	books_exact();
}
END_TEST

START_TEST(pools_load_refuses_a_registry_it_cannot_read)
{
	uint64_t pa;

	bdbl.fail_pool_call = 2; /* pool 0's shape */
	ck_assert_int_eq(pools_load(), BANK_ERR_FULL);
	bdbl.pool_calls = 0;
	bdbl.fail_pool_call = 3; /* pool 0's name */
	ck_assert_int_eq(pools_load(), BANK_ERR_FULL);
	bdbl.fail_pool_call = 0;
	strcpy(bdbl.pool[BDBL_POOL_HIGH].name, "low"); /* a name twice */
	ck_assert_int_eq(pools_load(), BANK_ERR_FULL);
	strcpy(bdbl.pool[BDBL_POOL_HIGH].name, "high");
	bdbl.pool[BDBL_POOL_HIGH].start = BDBL_KVA_BASE; /* two background pools share frames */
	ck_assert_int_eq(pools_load(), BANK_ERR_FULL);
	bdbl.pool[BDBL_POOL_HIGH].start = BDBL_HIGH_BASE;
	ck_assert_int_eq(pools_load(), BANK_OK);
	ck_assert_uint_eq(pools_count(), 2);
	/* no pool at all: the bank starts, and has nothing to hand out */
	bdbl.pool_calls = 0;
	bdbl.fail_pool_call = 1;
	ck_assert_int_eq(pools_load(), BANK_OK);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: 0 pools\n"));
	ck_assert_uint_eq(pools_count(), 0);
	ck_assert(!pools_known(0));
	ck_assert_int_eq(frames_alloc(0, 1, POOL_ANY, &pa), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(bdbl.takes, 0);
	books_exact();
}
END_TEST

/* As many pools as the registry holds, all read; frames the bank does not
 * hold are in none of its regions. */
START_TEST(pools_load_reads_a_full_registry)
{
	char want[32];

	for (unsigned id = BDBL_POOLS; id < BDBL_POOLS_MAX; id++) {
		bdbl.pool[id] = (struct bdbl_pool){ .start = 0x200000000ull + ((uint64_t)id << 20),
						    .length = 1u << 20 };
		snprintf(bdbl.pool[id].name, sizeof(bdbl.pool[id].name), "extra%u", id);
	}
	bdbl.npools = BDBL_POOLS_MAX;
	ck_assert_int_eq(pools_load(), BANK_OK);
	snprintf(want, sizeof(want), "bank: %u pools\n", BDBL_POOLS_MAX);
	ck_assert_ptr_nonnull(strstr(bdbl.out, want));
	ck_assert_uint_eq(pools_count(), BDBL_POOLS_MAX);
	ck_assert(pools_known(BDBL_POOLS_MAX - 1));
	ck_assert_uint_eq(pools_of(0x200000000ull + ((uint64_t)(BDBL_POOLS_MAX - 1) << 20)),
			  BDBL_POOLS_MAX - 1);
	ck_assert_uint_eq(frames_pool(BDBL_KVA_BASE), POOL_NONE);
	ck_assert_ptr_null(frames_owner(BDBL_KVA_BASE));
	books_exact();
}
END_TEST

START_TEST(pool_quota_is_charged_at_every_ancestor)
{
	struct bank *root = &bank_table[0], *a, *b;
	uint64_t pa[3];
	uint32_t limit, used;

	ck_assert_int_eq(pools_load(), BANK_OK);
	a = bank_child_of(root);
	b = bank_child_of(a);
	ck_assert_int_eq(pools_query(a, BDBL_POOL_LOW, &limit, &used), BANK_OK);
	ck_assert_uint_eq(limit, BANK_UNLIMITED);
	ck_assert_int_eq(pools_set_limit(a, BDBL_POOL_LOW, 2), BANK_OK);
	ck_assert_int_eq(pools_set_limit(a, BDBL_POOLS, 2), BANK_ERR_ARG);
	ck_assert_int_eq(pools_query(a, BDBL_POOLS, &limit, &used), BANK_ERR_ARG);
	ck_assert_int_eq(objects_alloc(b, CT_PAGE, 0, BDBL_POOL_LOW, &pa[0]), BANK_OK);
	ck_assert_int_eq(objects_alloc(b, CT_ENDPOINT, 0, BDBL_POOL_LOW, &pa[1]), BANK_OK);
	ck_assert_uint_eq(pools_of(pa[0]), BDBL_POOL_LOW);
	ck_assert_uint_eq(pools_of(pa[1]), BDBL_POOL_LOW);
	ck_assert_int_eq(objects_alloc(b, CT_PAGE, 0, BDBL_POOL_LOW, &pa[2]), BANK_ERR_LIMIT);
	/* the refusal at a changed nothing at b, a or the root, of any kind */
	ck_assert_uint_eq(b->pool_used[BDBL_POOL_LOW], 2);
	ck_assert_uint_eq(a->pool_used[BDBL_POOL_LOW], 2);
	ck_assert_uint_eq(root->pool_used[BDBL_POOL_LOW], 2);
	ck_assert_uint_eq(b->used[CT_PAGE], 1);
	ck_assert_uint_eq(root->used[BANK_KIND_FRAMES], 2);
	ck_assert_int_eq(pools_query(a, BDBL_POOL_LOW, &limit, &used), BANK_OK);
	ck_assert_uint_eq(limit, 2);
	ck_assert_uint_eq(used, 2);
	/* the quota is per pool: high still serves b */
	ck_assert_int_eq(objects_alloc(b, CT_PAGE, BDBL_HIGH_BASE, BDBL_POOL_HIGH, &pa[2]),
			 BANK_OK);
	ck_assert_uint_ge(pa[2], BDBL_HIGH_BASE);
	ck_assert_uint_eq(root->pool_used[BDBL_POOL_HIGH], 1);
	/* a charge that would wrap the counter is over the limit */
	ck_assert_int_eq(pools_set_limit(root, BDBL_POOL_HIGH, 10), BANK_OK);
	ck_assert_int_eq(pools_charge(b, BDBL_POOL_HIGH, UINT32_MAX), BANK_ERR_LIMIT);
	ck_assert_uint_eq(root->pool_used[BDBL_POOL_HIGH], 1);
	/* a frame outside every pool is charged to none */
	ck_assert_int_eq(pools_charge(b, POOL_NONE, 1), BANK_OK);
	pools_uncharge(tree_slot(b), POOL_NONE, 1);
	books_exact();
	ck_assert_int_eq(objects_free(a, pa[0], 0), BANK_OK);
	ck_assert_uint_eq(b->pool_used[BDBL_POOL_LOW], 1);
	ck_assert_uint_eq(root->pool_used[BDBL_POOL_LOW], 1);
	tree_destroy(a);
	for (unsigned p = 0; p < BANK_POOLS; p++)
		ck_assert_uint_eq(root->pool_used[p], 0);
	books_exact();
}
END_TEST

START_TEST(pool_any_is_charged_to_the_pool_its_frame_came_from)
{
	struct bank *a;
	uint64_t pa;

	ck_assert_int_eq(pools_load(), BANK_OK);
	a = bank_child_of(&bank_table[0]);
	ck_assert_int_eq(pools_set_limit(a, BDBL_POOL_HIGH, 0), BANK_OK);
	/* a page above 4 GiB can only come from high: refused, and its frame goes back */
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, BDBL_HIGH_BASE, POOL_ANY, &pa), BANK_ERR_LIMIT);
	ck_assert_uint_eq(a->used[CT_PAGE], 0);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 0);
	ck_assert_uint_eq(bdbl_objects(), 0);
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES);
	/* low is unlimited: an object naming no pool lands there and is charged to it */
	ck_assert_int_eq(objects_alloc(a, CT_ENDPOINT, 0, POOL_ANY, &pa), BANK_OK);
	ck_assert_uint_eq(pools_of(pa), BDBL_POOL_LOW);
	ck_assert_uint_eq(a->pool_used[BDBL_POOL_LOW], 1);
	ck_assert_uint_eq(bank_table[0].pool_used[BDBL_POOL_LOW], 1);
	books_exact();
}
END_TEST

START_TEST(pool_named_without_frames_charges_nothing)
{
	struct bank *a;
	unsigned img;
	uint64_t pa;

	img = add_image_pool();
	ck_assert_int_eq(pools_load(), BANK_OK);
	a = bank_child_of(&bank_table[0]);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, img, &pa), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(a->pool_used[img], 0);
	ck_assert_uint_eq(a->used[CT_PAGE], 0);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 0);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, img + 1, &pa), BANK_ERR_ARG);
	ck_assert_int_eq(objects_alloc(a, CT_ENDPOINT, 4096, POOL_ANY, &pa), BANK_ERR_ARG);
	ck_assert_uint_eq(bdbl_held_frames(), 0);
	books_exact();
}
END_TEST

START_TEST(pool_too_small_for_a_chunk_is_served_frame_by_frame)
{
	struct bank *root = &bank_table[0];
	uint64_t pa[BDBL_SMALL_FRAMES + 1], lo;
	unsigned small = bdbl_add_small_pool();

	ck_assert_int_eq(pools_load(), BANK_OK);
	/* low's chunk first: the small pool's frames share its 16 MiB region */
	ck_assert_int_eq(objects_alloc(root, CT_PAGE, 0, BDBL_POOL_LOW, &lo), BANK_OK);
	ck_assert_uint_eq(lo >> 24, BDBL_SMALL_BASE >> 24);
	for (unsigned i = 0; i < BDBL_SMALL_FRAMES; i++) {
		ck_assert_int_eq(objects_alloc(root, CT_PAGE, 0, small, &pa[i]), BANK_OK);
		ck_assert_uint_eq(pools_of(pa[i]), small);
		ck_assert_uint_eq(frames_pool(pa[i]), small);
		for (unsigned j = 0; j < i; j++)
			ck_assert_uint_ne(pa[i], pa[j]);
	}
	ck_assert_uint_eq(frames_pool(lo), BDBL_POOL_LOW);
	ck_assert_uint_eq(bdbl.single_takes, BDBL_SMALL_FRAMES);
	ck_assert_uint_eq(bdbl.takes, 1 + BDBL_SMALL_FRAMES);
	ck_assert_int_eq(objects_alloc(root, CT_PAGE, 0, small, &pa[BDBL_SMALL_FRAMES]),
			 BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(root->pool_used[small], BDBL_SMALL_FRAMES);
	ck_assert_uint_eq(root->pool_used[BDBL_POOL_LOW], 1);
	books_exact();
	/* a frame still in use keeps only itself */
	for (unsigned i = 1; i < BDBL_SMALL_FRAMES; i++)
		ck_assert_int_eq(objects_free(root, pa[i], 0), BANK_OK);
	ck_assert_uint_eq(frames_give_back(), BDBL_SMALL_FRAMES - 1);
	ck_assert_uint_eq(bdbl.single_gives, BDBL_SMALL_FRAMES - 1);
	ck_assert_uint_eq(bdbl_held_frames(), BDBL_CHUNK_FRAMES + 1);
	ck_assert_int_eq(objects_free(root, pa[0], 0), BANK_OK);
	ck_assert_int_eq(objects_free(root, lo, 0), BANK_OK);
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES + 1);
	ck_assert_uint_eq(bdbl_held_frames(), 0);
	/* taken again, one at a time */
	ck_assert_int_eq(objects_alloc(root, CT_PAGE, 0, small, &pa[0]), BANK_OK);
	ck_assert_uint_eq(bdbl.single_takes, BDBL_SMALL_FRAMES + 1);
	books_exact();
}
END_TEST

Suite *bank_pools_suite(void)
{
	Suite *s = suite_create("bank_pools");
	TCase *tc = tcase_create("pools");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, pools_load_orders_the_general_pools_largest_first);
	tcase_add_test(tc, pools_load_refuses_a_registry_it_cannot_read);
	tcase_add_test(tc, pools_load_reads_a_full_registry);
	tcase_add_test(tc, pool_quota_is_charged_at_every_ancestor);
	tcase_add_test(tc, pool_any_is_charged_to_the_pool_its_frame_came_from);
	tcase_add_test(tc, pool_named_without_frames_charges_nothing);
	tcase_add_test(tc, pool_too_small_for_a_chunk_is_served_frame_by_frame);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(bank_pools)
