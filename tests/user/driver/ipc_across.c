/* Calls and replies across priorities, short and long, and replies that
 * carry a capability by EP_OP_REPLY_RECV, copied or moved: the echo server
 * at the driver's priority and its peer two levels up (utest.img.txt).
 * tools/check runs these with and without the fastpath (doc/abi.md,
 * "Fastpath"): the same answers, the same scheduling. */
#include "driver.h"

#define R_HI S_TMP0 /* the peer's endpoint */
#define R_GOT (S_TMP0 + 1)

int echo_hi_endpoint(unsigned reg)
{
	struct msg m = { { ECHO_PEER }, 0 };
	unsigned type = 0;
	int err = ep_call(S_ECHO, &m, CAP_NONE, reg);

	if (!err)
		err = cap_identify(reg, &type, NULL);
	return err ? err : type == CT_ENDPOINT ? INV_OK : -1;
}

UTEST(ipc_across_call)
{
	struct msg m;
	uint32_t lo_pid, hi_pid;

	UT_OK(echo_hi_endpoint(R_HI));
	for (uint32_t i = 0; i < 20; i++) {
		m = (struct msg){ { ECHO_ADD, i, 7, i }, 0 };
		UT_OK(ep_call(R_HI, &m, CAP_NONE, CAP_NONE));
		UT_EQ(m.w[0], i + 7);
		UT_EQ(m.w[1], 0);
		UT_EQ(m.w[2], ~i);
	}
	/* two servers: the peer is another process */
	m = (struct msg){ { ECHO_PID }, 0 };
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	lo_pid = m.w[0];
	m = (struct msg){ { ECHO_PID }, 0 };
	UT_OK(ep_call(R_HI, &m, CAP_NONE, CAP_NONE));
	hi_pid = m.w[0];
	UT_ASSERT(lo_pid != hi_pid);
	/* the copy left the server its own: a second one comes */
	cap_delete(R_HI);
	UT_OK(echo_hi_endpoint(R_HI));
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(ipc_across_long)
{
	/* ten words up to the peer two levels above and ten back down */
	const char *f;

	UT_OK(echo_hi_endpoint(R_HI));
	f = ipc_long_rounds(R_HI);
	driver_clear_tmp();
	return f;
}

/* ECHO_GIFT_MOVE on ep: the read-only page arrives in R_GOT (or nowhere
 * with CAP_NONE) and the server's register is empty after it. */
static int moved_gift(unsigned ep, unsigned slot)
{
	struct msg m = { { ECHO_GIFT_MOVE }, 0 };
	unsigned type = 0, rights = 0;
	int err = ep_call(ep, &m, CAP_NONE, slot);

	if (err || m.w[0] != INV_OK)
		return err ? err : (int)m.w[0];
	if (slot != CAP_NONE) {
		err = cap_identify(slot, &type, &rights);
		if (err || type != CT_PAGE || (rights & CR_WRITE))
			return err ? err : -1;
	}
	m = (struct msg){ { ECHO_OUT_HELD }, 0 };
	err = ep_call(ep, &m, CAP_NONE, CAP_NONE);
	return err ? err : m.w[0] == INV_ERR_CAP_EMPTY ? INV_OK : -2;
}

UTEST(ipc_reply_recv_moves_cap)
{
	struct msg m;

	UT_OK(echo_hi_endpoint(R_HI));
	for (unsigned k = 0; k < 2; k++) {
		unsigned ep = k ? R_HI : S_ECHO;

		UT_OK(moved_gift(ep, R_GOT));
		cap_delete(R_GOT);
		/* nowhere to go: dropped, and still gone from the server */
		UT_OK(moved_gift(ep, CAP_NONE));
		/* ECHO_GIFT's reply copies: the server keeps it */
		m = (struct msg){ { ECHO_GIFT }, 0 };
		UT_OK(ep_call(ep, &m, CAP_NONE, R_GOT));
		cap_delete(R_GOT);
		m = (struct msg){ { ECHO_OUT_HELD }, 0 };
		UT_OK(ep_call(ep, &m, CAP_NONE, CAP_NONE));
		UT_EQ(m.w[0], INV_OK);
		UT_OK(moved_gift(ep, R_GOT));
		cap_delete(R_GOT);
	}
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(ipc_across_reply_waits_its_turn)
{
	struct msg m = { { ECHO_ADD, 1, 2, 3 }, 0 };

	/* A helper made ready at the driver's level before the driver calls
	 * up: the peer's reply puts the driver behind it, so the helper's
	 * report is queued by the time the driver runs again (a direct switch
	 * to the driver would have passed it over). */
	UT_OK(echo_hi_endpoint(R_HI));
	UT_OK(driver_job(S_UGO, JOB_CALLS, 77, 0));
	UT_OK(ep_call(R_HI, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 3);
	m = (struct msg){ { 0 }, 0 };
	UT_OK(ep_recv(S_DONE, &m, CAP_NONE, INV_F_NONBLOCK));
	UT_EQ(m.w[0], JOB_CALLS);
	UT_EQ(m.w[1], 77);
	driver_clear_tmp();
	return UTEST_OK;
}
