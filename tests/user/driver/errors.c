/* Every invocation answers with a code, never a panic: one test per code that
 * the services and endpoints can produce (memory.c has the Range ones). */
#include "driver.h"

static int raw(unsigned cap, unsigned op, uint32_t flags)
{
	struct msg m = { { 0 }, 0 };

	return invoke(cap, op, CAP_NONE, CAP_NONE, flags, &m);
}

UTEST(err_cap_index)
{
	UT_INV(raw(CAP_REGS, CAP_OP_IDENTIFY, 0), INV_ERR_CAP_INDEX);
	/* Indices from CAP_REGS up name CapPage slots; none is attached. */
	UT_INV(raw(CAP_REPLY - 1, CAP_OP_IDENTIFY, 0), INV_ERR_CAP_INDEX);
	UT_INV(raw(CAP_NONE, CONSOLE_OP_WRITE, 0), INV_ERR_CAP_INDEX);
	return UTEST_OK;
}

UTEST(err_cap_empty)
{
	UT_INV(raw(S_TMP0, CAP_OP_IDENTIFY, 0), INV_ERR_CAP_EMPTY);
	UT_INV(console_write(S_TMP0, "x", 1), INV_ERR_CAP_EMPTY);
	UT_OK(cap_copy(S_CONSOLE, S_TMP0));
	UT_OK(cap_delete(S_TMP0));
	UT_INV(console_write(S_TMP0, "x", 1), INV_ERR_CAP_EMPTY);
	return UTEST_OK;
}

UTEST(err_cap_type)
{
	UT_INV(raw(S_CONSOLE, 0x7f, 0), INV_ERR_CAP_TYPE);
	UT_INV(raw(S_SLEEP, 0x40, 0), INV_ERR_CAP_TYPE);
	UT_INV(raw(S_MEMINFO, 0x40, 0), INV_ERR_CAP_TYPE);
	UT_INV(raw(S_ECHO, 0x40, 0), INV_ERR_CAP_TYPE);
	UT_INV(raw(CAP_SELF, 0x40, 0), INV_ERR_CAP_TYPE);
	return UTEST_OK;
}

UTEST(err_rights)
{
	struct msg m = { { ECHO_IDENTIFY }, 0 };

	/* A capability without the grant right cannot travel in a message. */
	UT_OK(cap_restrict(S_CONSOLE, S_TMP0, CR_GRANT));
	UT_INV(ep_call(S_ECHO, &m, S_TMP0, CAP_NONE), INV_ERR_RIGHTS);
	/* An endpoint without write cannot send, without read cannot receive. */
	UT_OK(cap_restrict(S_FIFO, S_TMP0 + 1, CR_WRITE));
	m.w[0] = 0;
	UT_INV(ep_send(S_TMP0 + 1, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_RIGHTS);
	UT_OK(cap_restrict(S_FIFO, S_TMP0 + 2, CR_READ));
	UT_INV(ep_recv(S_TMP0 + 2, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_RIGHTS);
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(err_arg)
{
	uint64_t frames;
	struct msg m = { { 0 }, 0 };

	UT_INV(meminfo_ledger(S_MEMINFO, 1000, &frames), INV_ERR_ARG);
	UT_INV(invoke(S_CONSOLE, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, CONSOLE_CHUNK + 1, &m),
	       INV_ERR_ARG);
	UT_INV(cap_restrict(S_ECHO, S_TMP0, 0x80), INV_ERR_ARG);
	UT_INV(cap_identify(S_TMP0, NULL, NULL), INV_ERR_CAP_EMPTY);
	return UTEST_OK;
}

UTEST(err_slot)
{
	struct msg m = { { 0 }, 0 };

	UT_INV(cap_copy(S_CONSOLE, CAP_REGS), INV_ERR_SLOT);
	UT_INV(ep_recv(S_FIFO, &m, CAP_REGS, INV_F_NONBLOCK), INV_ERR_SLOT);
	/* A capability never overwrites another. */
	UT_INV(cap_copy(S_CONSOLE, S_SLEEP), INV_ERR_SLOT);
	UT_INV(ep_recv(S_FIFO, &m, S_SLEEP, INV_F_NONBLOCK), INV_ERR_SLOT);
	return UTEST_OK;
}

UTEST(err_would_block)
{
	struct msg m = { { 0 }, 0 };

	/* Nobody sends on S_FIFO or waits on it now. */
	UT_INV(ep_recv(S_FIFO, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_WOULD_BLOCK);
	UT_INV(ep_send(S_FIFO, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_WOULD_BLOCK);
	return UTEST_OK;
}
