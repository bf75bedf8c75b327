/* Timer preemption: a helper at the driver's own priority spins forever and
 * never invokes the kernel again; the driver must still get the processor
 * back after a yield and after a sleep. Without preemption this test hangs
 * and the run ends without a summary. */
#include "driver.h"

UTEST(preempt_spinner)
{
	struct msg m;
	uint64_t start, now;

	UT_OK(driver_job(S_UGO, JOB_SPIN, 0, 0));
	UT_OK(driver_done(&m));
	UT_EQ(m.w[0], JOB_SPIN);
	UT_OK(sleep_now(S_SLEEP, &start, NULL));
	for (int i = 0; i < 3; i++)
		UT_OK(self_yield());
	UT_OK(sleep_ticks(S_SLEEP, 2));
	UT_OK(sleep_now(S_SLEEP, &now, NULL));
	UT_ASSERT(now >= start + 2);
	/* The spinner still holds the processor half the time: IPC still works. */
	m = (struct msg){ { ECHO_ADD, 7, 8, 0 }, 0 };
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 15);
	return UTEST_OK;
}
