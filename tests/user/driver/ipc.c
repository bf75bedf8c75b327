/* Call and reply with the echo server: words, badges and capabilities both ways. */
#include "driver.h"

UTEST(ipc_call_data)
{
	struct msg m = { { ECHO_ADD, 40, 2, 0x12345678 }, 0 };

	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 42);
	UT_EQ(m.w[2], ~0x12345678u);
	for (uint32_t i = 0; i < 50; i++) {
		m = (struct msg){ { ECHO_ADD, i, 1000, i }, 0 };
		UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
		UT_EQ(m.w[0], i + 1000);
		UT_EQ(m.w[2], ~i);
	}
	return UTEST_OK;
}

UTEST(ipc_badge)
{
	struct msg m = { { ECHO_ADD, 1, 2, 3 }, 0 };

	UT_OK(ep_mint(S_ECHO, S_TMP0, 0xbad6e));
	UT_OK(ep_call(S_TMP0, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 3);
	UT_EQ(m.w[1], 0xbad6e);
	/* The unbadged original still reaches the server as itself. */
	m = (struct msg){ { ECHO_ADD, 1, 2, 3 }, 0 };
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[1], 0);
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(ipc_send_cap)
{
	struct msg m = { { ECHO_IDENTIFY }, 0 };

	/* The server sees the capability's type and the rights it was restricted to. */
	UT_OK(cap_restrict(S_FIFO, S_TMP0, CR_WRITE));
	UT_OK(ep_call(S_ECHO, &m, S_TMP0, CAP_NONE));
	UT_EQ(m.w[0], INV_OK);
	UT_EQ(m.w[1], CT_ENDPOINT);
	UT_EQ(m.w[2] & CR_WRITE, 0);
	UT_EQ(m.w[2] & CR_READ, CR_READ);
	/* Sending copies: the sender keeps its capability. */
	UT_OK(cap_identify(S_TMP0, NULL, NULL));
	/* Without a capability, the server's receive register stays empty. */
	m = (struct msg){ { ECHO_IDENTIFY }, 0 };
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], INV_ERR_CAP_EMPTY);
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(ipc_reply_cap)
{
	struct msg m = { { ECHO_GIFT }, 0 };
	unsigned type, rights;

	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, S_TMP0));
	UT_EQ(m.w[0], INV_OK);
	UT_OK(cap_identify(S_TMP0, &type, &rights));
	UT_EQ(type, CT_PAGE);
	UT_EQ(rights & CR_WRITE, 0);
	driver_clear_tmp();
	return UTEST_OK;
}
