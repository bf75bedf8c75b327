/* buddy_check against broken allocators: each invariant it promises to
 * verify is broken on its own in a fresh pool, and the check must refuse the
 * pool and name that invariant; plus the argument edges of the calls that
 * donate, take back and count. The state bytes written are read from pools
 * in a known state (a byte is a state with the block's order in its low
 * bits, spacebank/buddy.c), never spelled out here. */
#include <stdint.h>

#include "buddy_fixture.h"
#include "unit.h"

#define BASE 0x100u
#define FRAMES 0x100u

static uint8_t *state_at(struct bfix_pool *p, uint32_t pfn)
{
	return &p->b.state[pfn - p->b.base];
}

/* Refused, with and without asking why, and the reason is `what`. */
static void expect_broken(const struct buddy *b, const char *what)
{
	const char *why = NULL;

	ck_assert_int_eq(buddy_check(b), ERR_INVAL);
	ck_assert_int_eq(buddy_check_why(b, &why), ERR_INVAL);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, what);
}

/* Bytes of known states, read from pools in those states. */
static struct {
	uint8_t reserved, free0, alloc0, alloc1, tail;
} s;

static void observe_states(void)
{
	struct bfix_pool e, x;
	pfn_t a0, a1;

	bfix_pool_init(&e, BASE, 16, BUDDY_EMBEDDED | BUDDY_START_FREE);
	s.reserved = *state_at(&e, BASE);
	bfix_pool_fini(&e);
	bfix_pool_init(&x, BASE + 1, 1, BUDDY_START_FREE);
	s.free0 = *state_at(&x, BASE + 1);
	bfix_pool_fini(&x);
	bfix_pool_init(&x, BASE, FRAMES, BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&x.b, 0, &a0), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&x.b, 1, &a1), ERR_OK);
	s.alloc0 = *state_at(&x, a0);
	s.alloc1 = *state_at(&x, a1);
	s.tail = *state_at(&x, a1 + 1);
	bfix_pool_fini(&x);
	ck_assert_uint_ne(s.alloc0, s.alloc1);
	ck_assert_uint_ne(s.tail, s.alloc0);
}

START_TEST(buddy_check_names_the_range_and_mode)
{
	struct bfix_pool p;

	bfix_pool_init(&p, BASE, FRAMES, BUDDY_START_FREE);
	p.b.end = p.b.base;
	expect_broken(&p.b, "bad range");
	p.b.end = p.b.base + FRAMES;
	p.b.meta_frames = FRAMES + 1;
	expect_broken(&p.b, "bad range");
	p.b.meta_frames = 0;
	p.b.links = NULL; /* neither links nor a window */
	expect_broken(&p.b, "exactly one of window and links");
	bfix_pool_fini(&p);
	bfix_pool_init(&p, BASE, 16, BUDDY_EMBEDDED | BUDDY_START_FREE);
	(*state_at(&p, BASE))++;
	expect_broken(&p.b, "metadata frame not reserved");
	bfix_pool_fini(&p);
}
END_TEST

START_TEST(buddy_check_names_bad_frame_states)
{
	struct bfix_pool p;
	pfn_t a, f;

	observe_states();
	bfix_pool_init(&p, BASE, FRAMES, 0); /* every frame absent */
	(*state_at(&p, BASE + 3))++;
	expect_broken(&p.b, "order bits on an absent frame");
	bfix_pool_fini(&p);

	bfix_pool_init(&p, BASE, FRAMES, BUDDY_START_FREE | BUDDY_STASH);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &f), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, f, 0), ERR_OK); /* stashed */
	bfix_check(&p.b);
	(*state_at(&p, f))++;
	expect_broken(&p.b, "order bits on a stashed frame");
	bfix_pool_fini(&p);

	bfix_pool_init(&p, BASE, FRAMES, BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &a), ERR_OK);
	*state_at(&p, a) = s.reserved;
	expect_broken(&p.b, "reserved frame outside the metadata");
	*state_at(&p, a) = s.tail;
	expect_broken(&p.b, "tail frame outside any block");
	*state_at(&p, a) = 0xff;
	expect_broken(&p.b, "bad state byte");
	*state_at(&p, a) = (uint8_t)(s.alloc0 + BUDDY_MAX_ORDER + 1);
	expect_broken(&p.b, "order above BUDDY_MAX_ORDER");
	*state_at(&p, a) = s.alloc0;
	bfix_check(&p.b);
	bfix_pool_fini(&p);
}
END_TEST

START_TEST(buddy_check_names_bad_blocks)
{
	struct bfix_pool p;
	pfn_t a;

	observe_states();
	bfix_pool_init(&p, BASE, FRAMES, BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&p.b, 1, &a), ERR_OK);
	*state_at(&p, a) = s.alloc0; /* an order-1 block at the odd frame after it */
	*state_at(&p, a + 1) = s.alloc1;
	expect_broken(&p.b, "block misaligned");
	*state_at(&p, a) = s.alloc1;
	*state_at(&p, a + 1) = s.alloc0;
	expect_broken(&p.b, "frame inside a block is not a tail");
	bfix_pool_fini(&p);

	/* the last frame, alone at an even pfn, made an order-1 block */
	bfix_pool_init(&p, BASE, FRAMES + 1, BUDDY_START_FREE);
	*state_at(&p, BASE + FRAMES) = s.alloc1;
	expect_broken(&p.b, "block crosses the end of the range");
	bfix_pool_fini(&p);

	/* one free order-1 block made two free order-0 buddies */
	bfix_pool_init(&p, BASE, 2, BUDDY_START_FREE);
	*state_at(&p, BASE) = s.free0;
	*state_at(&p, BASE + 1) = s.free0;
	expect_broken(&p.b, "two free buddies not merged");
	bfix_pool_fini(&p);
}
END_TEST

START_TEST(buddy_check_names_bad_counters_and_stash)
{
	struct bfix_pool p;
	pfn_t f, a;

	bfix_pool_init(&p, BASE, FRAMES, BUDDY_START_FREE | BUDDY_STASH);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &f), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &a), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, f, 0), ERR_OK); /* stashed */
	ck_assert_uint_eq(p.b.nstash, 1);
	p.b.nstash = 0;
	expect_broken(&p.b, "stashed frames differ from the stash");
	p.b.nstash = 1;
	p.b.stash[0] = (uint32_t)a; /* allocated, not stashed */
	expect_broken(&p.b, "stash entry not a stashed frame");
	p.b.stash[0] = p.b.end; /* outside the range */
	expect_broken(&p.b, "stash entry not a stashed frame");
	p.b.stash[0] = p.b.base - 1;
	expect_broken(&p.b, "stash entry not a stashed frame");
	p.b.stash[0] = (uint32_t)f;
	bfix_check(&p.b);
	p.b.free_frames++;
	expect_broken(&p.b, "free_frames differs from the free blocks");
	p.b.free_frames--;
	p.b.present_frames++;
	expect_broken(&p.b, "present_frames differs from the blocks");
	p.b.present_frames--;
	bfix_check(&p.b);
	bfix_pool_fini(&p);
}
END_TEST

START_TEST(buddy_check_names_bad_free_lists)
{
	struct bfix_pool p;
	struct buddy_link *l;
	pfn_t a;
	uint32_t head;

	/* one free block of each order 0..7 after an order-0 allocation */
	bfix_pool_init(&p, BASE, FRAMES, BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &a), ERR_OK);
	ck_assert_uint_eq(p.b.nr_free[7], 1);
	ck_assert_uint_eq(p.b.nr_free[8], 0);
	head = p.b.head[7];

	p.b.head[8] = head; /* a list for an order with no free block */
	expect_broken(&p.b, "free list longer than its free blocks (or cyclic)");
	p.b.head[8] = UINT32_MAX;
	bfix_check(&p.b);

	p.b.head[7] = p.b.end + 0x80;
	expect_broken(&p.b, "free list entry outside the range");
	p.b.head[7] = p.b.base - 0x80;
	expect_broken(&p.b, "free list entry outside the range");
	p.b.head[7] = (uint32_t)a;
	expect_broken(&p.b, "free list entry not a free block of its order");
	p.b.head[7] = UINT32_MAX;
	expect_broken(&p.b, "free block missing from its free list");
	p.b.head[7] = head;
	bfix_check(&p.b);

	l = &p.b.links[(head >> 1) - (p.b.base >> 1)];
	l->prev = (uint32_t)a;
	expect_broken(&p.b, "free list prev link broken");
	l->prev = UINT32_MAX;
	bfix_check(&p.b);

	p.b.nr_free[7]++;
	expect_broken(&p.b, "nr_free differs from the free list");
	p.b.nr_free[7]--;
	bfix_check(&p.b);
	bfix_pool_fini(&p);
}
END_TEST

/* The argument refusals of the calls the bank makes when it donates, takes
 * back and counts; none of them changes the pool. */
START_TEST(buddy_argument_edges)
{
	struct bfix_pool p;
	struct buddy w;
	pfn_t got;
	uint32_t free;

	bfix_pool_init(&p, BASE, FRAMES, 0);
	ck_assert_int_eq(buddy_add_range(&p.b, BASE - 1, 1), ERR_RANGE);
	ck_assert_int_eq(buddy_add_range(&p.b, BASE + FRAMES, 1), ERR_RANGE);
	ck_assert_int_eq(buddy_add_range(&p.b, BASE + 1, FRAMES), ERR_RANGE);
	ck_assert_int_eq(buddy_add_range(&p.b, BASE + 1, FRAMES - 1), ERR_OK);
	ck_assert_int_eq(buddy_add_range(&p.b, BASE + 2, 1), ERR_OVERLAP);
	free = buddy_free_frames(&p.b);
	ck_assert_uint_eq(free, FRAMES - 1);
	ck_assert_int_eq(buddy_take_free_chunk(&p.b, BUDDY_MAX_ORDER + 1, &got), ERR_INVAL);
	ck_assert_int_eq(buddy_remove_chunk(&p.b, BASE + FRAMES, 0), ERR_RANGE);
	ck_assert_int_eq(buddy_remove_chunk(&p.b, BASE + 1, 1), ERR_INVAL);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, BUDDY_MAX_ORDER + 1), 0);
	ck_assert_uint_eq(buddy_free_frames(&p.b), free);
	bfix_check(&p.b);
	bfix_pool_fini(&p);

	/* an embedded pool of one frame is all metadata: nothing starts free */
	bfix_pool_init(&p, BASE, 1, BUDDY_EMBEDDED | BUDDY_START_FREE);
	ck_assert_uint_eq(buddy_meta_frames(&p.b), 1);
	ck_assert_uint_eq(buddy_free_frames(&p.b), 0);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &got), ERR_NOMEM);
	bfix_pool_fini(&p);

	/* a window whose frames would run past the top of the address space */
	ck_assert_int_eq(
		buddy_init(&w, BASE, 2, BUDDY_EMBEDDED, NULL,
			   (void *)(UINTPTR_MAX & ~(uintptr_t)((1u << BUDDY_PAGE_SHIFT) - 1))),
		ERR_RANGE);
}
END_TEST

Suite *buddy_check_suite(void)
{
	Suite *s = suite_create("buddy_check");
	TCase *tc = tcase_create("invariants");

	tcase_add_test(tc, buddy_check_names_the_range_and_mode);
	tcase_add_test(tc, buddy_check_names_bad_frame_states);
	tcase_add_test(tc, buddy_check_names_bad_blocks);
	tcase_add_test(tc, buddy_check_names_bad_counters_and_stash);
	tcase_add_test(tc, buddy_check_names_bad_free_lists);
	tcase_add_test(tc, buddy_argument_edges);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(buddy_check)
