/* Endpoint queues with several processes: two clients calling the echo
 * server at once, and senders queued in the order they arrived. */
#include "driver.h"

#define QUEUE_CALLS 20

UTEST(queue_two_clients)
{
	struct msg m;
	unsigned seen = 0;

	UT_OK(driver_job(S_UGO, JOB_CALLS, 1, QUEUE_CALLS));
	UT_OK(driver_job(S_UGO, JOB_CALLS, 2, QUEUE_CALLS));
	for (int i = 0; i < 2; i++) {
		UT_OK(driver_done(&m));
		UT_EQ(m.w[0], JOB_CALLS);
		UT_ASSERT(m.w[1] == 1 || m.w[1] == 2);
		if (m.w[2] != QUEUE_CALLS)
			UT_FAIL("client %u: %u of %u replies right", (unsigned)m.w[1],
				(unsigned)m.w[2], QUEUE_CALLS);
		seen |= 1u << m.w[1];
	}
	UT_EQ(seen, 6);
	return UTEST_OK;
}

/* Three helpers block sending on S_FIFO one after the other; the receives
 * must take them first come, first served. */
UTEST(queue_fifo_senders)
{
	struct msg m;

	for (uint32_t id = 1; id <= 3; id++) {
		UT_OK(driver_job(S_UGO, JOB_FIFO, id, 0));
		/* Long enough for the helper to run and block on S_FIFO. */
		UT_OK(sleep_ticks(S_SLEEP, 2));
	}
	for (uint32_t id = 1; id <= 3; id++) {
		UT_OK(ep_recv(S_FIFO, &m, CAP_NONE, INV_F_NONBLOCK));
		UT_EQ(m.w[0], JOB_FIFO);
		UT_EQ(m.w[1], id);
	}
	UT_INV(ep_recv(S_FIFO, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_WOULD_BLOCK);
	return UTEST_OK;
}
