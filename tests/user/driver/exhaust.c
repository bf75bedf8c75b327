/* Banked frames run out: Range says INV_ERR_NO_FRAMES, and a destroyed object
 * gives its frame back. This runs last: the Pages it makes stay allocated
 * (their capabilities are deleted, which does not free an object). */
#include "driver.h"

UTEST(err_no_frames)
{
	uint64_t free_frames, left, made = 0;

	UT_OK(range_create(S_RANGE, CT_PAGE, S_TMP0 + 1, NULL));
	UT_OK(range_info(S_RANGE, &free_frames, NULL));
	for (;;) {
		int err = range_create(S_RANGE, CT_PAGE, S_TMP0, NULL);

		if (err == INV_ERR_NO_FRAMES)
			break;
		UT_OK(err);
		UT_OK(cap_delete(S_TMP0));
		/* A bound, so that a Range that never runs out fails instead of looping. */
		if (++made > free_frames)
			UT_FAIL("made %llu pages of %llu free frames and no INV_ERR_NO_FRAMES",
				(unsigned long long)made, (unsigned long long)free_frames);
	}
	UT_OK(range_info(S_RANGE, &left, NULL));
	UT_EQ(left, 0);
	UT_ASSERT(made > 0);
	/* Endpoints and Processes fill the pots that have room first (at most a
	 * frame's worth each), then need a frame like everything else. */
	for (unsigned type = CT_PROCESS; type <= CT_ENDPOINT; type++) {
		unsigned n = 0;
		int err;

		while ((err = range_create(S_RANGE, type, S_TMP0, NULL)) == INV_OK) {
			UT_OK(cap_delete(S_TMP0));
			UT_ASSERT(++n < 4096 / 32);
		}
		UT_INV(err, INV_ERR_NO_FRAMES);
	}
	/* One frame back, one Page more, and none again. */
	UT_OK(range_destroy(S_RANGE, S_TMP0 + 1));
	UT_OK(cap_delete(S_TMP0 + 1));
	UT_OK(range_info(S_RANGE, &left, NULL));
	UT_EQ(left, 1);
	UT_OK(range_create(S_RANGE, CT_PAGE, S_TMP0 + 1, NULL));
	UT_INV(range_create(S_RANGE, CT_PAGE, S_TMP0, NULL), INV_ERR_NO_FRAMES);
	/* The run goes on: IPC needs no new frames. */
	struct msg m = { { ECHO_ADD, 2, 3, 0 }, 0 };
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 5);
	driver_clear_tmp();
	return UTEST_OK;
}
