/* Long messages (doc/abi.md, "Long messages"): ten words each way with the
 * echo server, through ReplyRecv and through Reply, with a capability, a
 * long call to a short receiver and back, and buffers the kernel refuses. */
#include <invoke.h>

#include "driver.h"

/* The next receive of the echo server on ep long (ECHO_GO_LONG). */
static int ipc_long_go(unsigned ep)
{
	struct msg m = { { ECHO_GO_LONG }, 0 };

	return ep_call(ep, &m, CAP_NONE, CAP_NONE);
}

/* Checks ECHO_LONG's answer to request `in` in m. */
static const char *ipc_long_expect(const struct msg *in, const struct msg *m)
{
	uint32_t sum = 0;

	for (unsigned i = 1; i < MSG_WORDS; i++) {
		sum += in->w[i];
		UT_EQ(m->w[i], ~in->w[MSG_WORDS - i]);
	}
	UT_EQ(m->w[0], sum);
	return UTEST_OK;
}

const char *ipc_long_rounds(unsigned ep)
{
	for (uint32_t round = 0; round < 20; round++) {
		struct msg in = { { ECHO_LONG }, 0 }, m;
		const char *f;

		for (unsigned i = 1; i < MSG_WORDS; i++)
			in.w[i] = 0x1000u * round + 0x11u * i;
		m = in;
		UT_OK(ipc_long_go(ep));
		UT_OK(ep_call_long(ep, &m, CAP_NONE, CAP_NONE));
		f = ipc_long_expect(&in, &m);
		if (f)
			return f;
	}
	return UTEST_OK;
}

UTEST(ipc_long_call)
{
	return ipc_long_rounds(S_ECHO);
}

/* A short message leaves a long receiver's words 4.. as they were: the
 * echo server's were zeros (the words 4.. of its reply to ECHO_GO_LONG)
 * when a short ECHO_LONG comes by its long receive. And of the long reply a
 * short caller gets words 0-3 only: its own words 4.. stay. */
UTEST(ipc_long_short_messages)
{
	struct msg m = { { ECHO_LONG, 5, 6, 7, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99 }, 0 };

	UT_OK(ipc_long_go(S_ECHO));
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 5 + 6 + 7);
	UT_EQ(m.w[1], ~0u); /* ~w9, and w9 was still 0 */
	UT_EQ(m.w[3], ~0u);
	UT_EQ(m.w[4], 0x44);
	UT_EQ(m.w[9], 0x99);
	return UTEST_OK;
}

/* A long reply through REPLY_OP_REPLY, with a capability. */
UTEST(ipc_long_reply_cap)
{
	struct msg in = { { ECHO_LONG_GIFT, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 0 }, m = in;
	unsigned type, rights;
	const char *f;

	UT_OK(ipc_long_go(S_ECHO));
	UT_OK(ep_call_long(S_ECHO, &m, CAP_NONE, S_TMP0));
	f = ipc_long_expect(&in, &m);
	if (f)
		return f;
	UT_OK(cap_identify(S_TMP0, &type, &rights));
	UT_EQ(type, CT_PAGE);
	UT_EQ(rights & CR_WRITE, 0);
	driver_clear_tmp();
	return UTEST_OK;
}

/* A long call carrying a capability. */
UTEST(ipc_long_send_cap)
{
	struct msg m = { { ECHO_LONG_IDENTIFY, 0, 0, 3, 4, 5, 6, 7, 8, 9 }, 0 };

	UT_OK(cap_restrict(S_FIFO, S_TMP0, CR_WRITE));
	UT_OK(ipc_long_go(S_ECHO));
	UT_OK(ep_call_long(S_ECHO, &m, S_TMP0, CAP_NONE));
	UT_EQ(m.w[0], INV_OK);
	UT_EQ(m.w[1], CT_ENDPOINT);
	UT_EQ(m.w[2] & CR_WRITE, 0);
	for (unsigned i = 3; i < MSG_WORDS; i++)
		UT_EQ(m.w[i], ~(uint32_t)i);
	driver_clear_tmp();
	return UTEST_OK;
}

/* Raw long invocation with words 4.. at `extra` (i386: ebp). */
static uint32_t ipc_long_raw(unsigned cap, unsigned op, uint32_t w0, uint32_t *extra)
{
	uint32_t r[6] = { INV_HEADER(cap, op, CAP_NONE, CAP_NONE), w0, 0, 0, 0, INV_F_LONG };

	arch_invoke_long(r, extra);
	return r[0];
}

#if defined(__i386__)
/* Buffers the kernel refuses with INV_ERR_ADDR, before anything happens:
 * in the kernel half, unaligned, on no page, past the end of user space, and
 * read-only for a call (its reply would land there). Then a good one. */
UTEST(ipc_long_bad_buffer)
{
	static uint32_t words[MSG_WORDS + 1];
	uint32_t *bad[] = {
		(uint32_t *)0xc0001000u,
		(uint32_t *)(void *)((char *)&words[1] + 2),
		(uint32_t *)0x00001000u,
		(uint32_t *)0xbffffff0u,
		(uint32_t *)(uintptr_t)ipc_long_raw,
	};
	struct msg m;

	UT_OK(ipc_long_go(S_ECHO));
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		UT_EQ(ipc_long_raw(S_ECHO, EP_OP_CALL, ECHO_LONG, bad[i]), INV_ERR_ADDR);
		UT_EQ(ipc_long_raw(S_ECHO, EP_OP_RECV, 0, bad[i]), INV_ERR_ADDR);
	}
	/* A send only reads: read-only memory will do (nobody receives on S_DONE
	 * now, and NONBLOCK leaves it at that). */
	{
		uint32_t r[6] = { INV_HEADER(S_DONE, EP_OP_SEND, CAP_NONE, CAP_NONE),
				  0,
				  0,
				  0,
				  0,
				  INV_F_LONG | INV_F_NONBLOCK };

		arch_invoke_long(r, (uint32_t *)(uintptr_t)ipc_long_raw);
		UT_EQ(r[0], INV_ERR_WOULD_BLOCK);
		r[0] = INV_HEADER(S_DONE, EP_OP_SEND, CAP_NONE, CAP_NONE);
		r[5] = INV_F_LONG | INV_F_NONBLOCK;
		arch_invoke_long(r, (uint32_t *)0xc0001000u);
		UT_EQ(r[0], INV_ERR_ADDR);
	}
	/* The server, still in its long receive, is none the worse. */
	m = (struct msg){ { ECHO_LONG, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, 0 };
	UT_OK(ep_call_long(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 45);
	return UTEST_OK;
}

/* A buffer may straddle two pages: both are read and written. */
UTEST(ipc_long_buffer_across_pages)
{
	static uint32_t pages[2048] __attribute__((aligned(4096)));
	uint32_t *extra = &pages[1024 - 2];
	uint32_t r[6] = {
		INV_HEADER(S_ECHO, EP_OP_CALL, CAP_NONE, CAP_NONE), ECHO_LONG, 1, 2, 3, INV_F_LONG
	};

	for (unsigned i = 0; i < MSG_LONG_WORDS; i++)
		extra[i] = 4 + i;
	UT_OK(ipc_long_go(S_ECHO));
	arch_invoke_long(r, extra);
	UT_EQ(r[0], INV_OK);
	UT_EQ(r[1], 45);
	for (unsigned i = 4; i < MSG_WORDS; i++)
		UT_EQ(extra[i - MSG_REG_WORDS], ~(uint32_t)(MSG_WORDS - i));
	return UTEST_OK;
}
#else
/* ColdFire carries words 4.. in d6, d7, a0-a3, so no buffer can be bad;
 * an operation other than IPC leaves those registers as they were. */
UTEST(ipc_long_other_ops)
{
	uint32_t extra[MSG_LONG_WORDS] = { 1, 2, 3, 4, 5, 6 };

	UT_EQ(ipc_long_raw(CAP_SELF, SELF_OP_PID, 0, extra), INV_OK);
	for (unsigned i = 0; i < MSG_LONG_WORDS; i++)
		UT_EQ(extra[i], i + 1);
	return UTEST_OK;
}
#endif
