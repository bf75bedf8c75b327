/* Unit tests for the reserve pool (kernel/mem/reserve.c) on its own: a pool of
 * a few frames, no machine around it, every refusal and every stop of its loops. */
#include <check.h>
#include <string.h>

#include <kernel/reserve.h>

#include <arch/host.h>

#include "unit.h"

#define BASE 0x200000ull
#define FRAMES 8

static uint8_t state[FRAMES];

static pa_t frame(unsigned i)
{
	return BASE + ((pa_t)i << PAGE_SHIFT);
}

static void counts(uint64_t free, uint64_t taken, uint64_t released)
{
	ck_assert_uint_eq(reserve_free(), free);
	ck_assert_uint_eq(reserve_taken(), taken);
	ck_assert_uint_eq(reserve_released(), released);
}

static void fresh(void)
{
	host_console_reset();
	reserve_init(BASE, FRAMES, state);
}

static bool accept_all(pa_t pa)
{
	(void)pa;
	return true;
}

static bool refuse_all(pa_t pa)
{
	(void)pa;
	return false;
}

/* Accepts only the frames of even index. */
static bool accept_even(pa_t pa)
{
	return ((pa - BASE) >> PAGE_SHIFT) % 2 == 0;
}

START_TEST(reserve_take_run_refusals)
{
	pa_t pa = 0x1234;

	fresh();
	ck_assert_int_eq(reserve_take_run(0, &pa), ERR_NOMEM);
	ck_assert_int_eq(reserve_take_run(FRAMES + 1, &pa), ERR_NOMEM);
	ck_assert_uint_eq(pa, 0x1234);
	counts(FRAMES, 0, 0);

	/* take all, give back frames 1 and 3: two free, but no run of two */
	ck_assert_int_eq(reserve_take_run(FRAMES, &pa), ERR_OK);
	ck_assert_uint_eq(pa, BASE);
	reserve_give(frame(1));
	reserve_give(frame(3));
	counts(2, FRAMES - 2, 0);
	ck_assert_uint_eq(reserve_longest_run(), 1);
	pa = 0x1234;
	ck_assert_int_eq(reserve_take_run(2, &pa), ERR_NOMEM);
	ck_assert_uint_eq(pa, 0x1234);
	counts(2, FRAMES - 2, 0);
	ck_assert_int_eq(reserve_take(&pa), ERR_OK);
	ck_assert_uint_eq(pa, frame(1)); /* first fit */
}
END_TEST

/* A frame the pool never handed out changes none of its counts. */
START_TEST(reserve_give_of_foreign_frames_ignored)
{
	pa_t pa;

	fresh();
	ck_assert_int_eq(reserve_take(&pa), ERR_OK);
	counts(FRAMES - 1, 1, 0);
	reserve_give(BASE - PAGE_SIZE); /* below the pool */
	reserve_give(frame(FRAMES)); /* past its end */
	reserve_give(frame(5)); /* inside, but free */
	counts(FRAMES - 1, 1, 0);
	reserve_give(pa);
	reserve_give(pa); /* twice */
	counts(FRAMES, 0, 0);
}
END_TEST

START_TEST(reserve_release_more_than_free_and_without_callback)
{
	pa_t pa;

	fresh();
	ck_assert_int_eq(reserve_take(&pa), ERR_OK);
	ck_assert_uint_eq(pa, frame(0));
	/* asks for more than there is: stops at the bottom of the pool */
	ck_assert_uint_eq(reserve_release(100, NULL), FRAMES - 1);
	counts(0, 1, FRAMES - 1);
	ck_assert_ptr_nonnull(
		strstr(host_console, "reserve: release pa=0x201000-0x208000 frames=7\n"));
	ck_assert_uint_eq(reserve_release(1, NULL), 0);
	ck_assert_uint_eq(reserve_reclaimable(accept_all), FRAMES - 1);
	ck_assert_uint_eq(reserve_reclaimable(accept_even), 3); /* 2, 4, 6 */
}
END_TEST

START_TEST(reserve_reclaim_refused_and_past_the_end)
{
	fresh();
	ck_assert_uint_eq(reserve_release(4, NULL), 4); /* frames 4..7 */
	host_console_reset();
	ck_assert_uint_eq(reserve_reclaim(4, refuse_all), 0);
	counts(4, 0, 4);
	ck_assert_str_eq(host_console, ""); /* no run, no line */
	/* the even ones only, though more were asked: the loop ends at the pool's end */
	ck_assert_uint_eq(reserve_reclaim(4, accept_even), 2);
	counts(6, 0, 2);
	ck_assert_ptr_nonnull(
		strstr(host_console, "reserve: reclaim pa=0x204000-0x205000 frames=1\n"));
	ck_assert_ptr_nonnull(
		strstr(host_console, "reserve: reclaim pa=0x206000-0x207000 frames=1\n"));
}
END_TEST

START_TEST(reserve_run_cost_counts_only_accepted_released)
{
	uint64_t first = 99;
	pa_t pa;

	fresh();
	ck_assert_uint_eq(reserve_run_cost(0, accept_all, &first), RESERVE_NO_RUN);
	ck_assert_uint_eq(reserve_release(4, NULL), 4); /* frames 4..7 released */
	/* a released frame ok() refuses breaks the stretch */
	ck_assert_uint_eq(reserve_run_cost(6, accept_even, &first), RESERVE_NO_RUN);
	ck_assert_uint_eq(first, 99);
	ck_assert_uint_eq(reserve_run_cost(5, accept_even, &first), 1);
	ck_assert_uint_eq(first, 0); /* frames 0..4: one released */
	ck_assert_uint_eq(reserve_run_cost(5, refuse_all, &first), RESERVE_NO_RUN);
	ck_assert_uint_eq(reserve_run_cost(4, accept_all, &first), 0);
	ck_assert_uint_eq(first, 0);
	/* a frame handed out breaks a stretch whatever ok() says */
	ck_assert_int_eq(reserve_take(&pa), ERR_OK);
	ck_assert_uint_eq(pa, frame(0));
	ck_assert_uint_eq(reserve_run_cost(8, accept_all, &first), RESERVE_NO_RUN);
	ck_assert_uint_eq(reserve_run_cost(7, accept_all, &first), 4);
	ck_assert_uint_eq(first, 1);
}
END_TEST

START_TEST(reserve_reclaim_run_skips_and_stops_at_the_end)
{
	pa_t pa;

	fresh();
	ck_assert_uint_eq(reserve_release(4, NULL), 4); /* frames 4..7 */
	ck_assert_int_eq(reserve_take(&pa), ERR_OK); /* frame 0 taken */
	/* frames 0..5: 0 taken, 1..3 free, 4 accepted, 5 refused */
	ck_assert_uint_eq(reserve_reclaim_run(0, 6, accept_even), 1);
	counts(4, 1, 3);
	/* a run past the pool's end stops there */
	ck_assert_uint_eq(reserve_reclaim_run(6, 10, accept_all), 2);
	counts(6, 1, 1);
	ck_assert_uint_eq(reserve_reclaim_run(FRAMES, 4, accept_all), 0);
	ck_assert_uint_eq(reserve_reclaim_run(5, 1, accept_all), 1);
	counts(7, 1, 0);
}
END_TEST

Suite *reserve_suite(void)
{
	Suite *s = suite_create("reserve");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reserve_take_run_refusals);
	tcase_add_test(tc, reserve_give_of_foreign_frames_ignored);
	tcase_add_test(tc, reserve_release_more_than_free_and_without_callback);
	tcase_add_test(tc, reserve_reclaim_refused_and_past_the_end);
	tcase_add_test(tc, reserve_run_cost_counts_only_accepted_released);
	tcase_add_test(tc, reserve_reclaim_run_skips_and_stops_at_the_end);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(reserve)
