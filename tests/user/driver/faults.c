/* User faults: delivered to the fault endpoint when the process has one;
 * otherwise the process stops (the kernel prints `fault: pid=...`) and
 * everything else runs on. */
#include "driver.h"

#if defined(__i386__)
#define VEC_ILLEGAL 6 /* #UD */
#else
#define VEC_ILLEGAL 4 /* illegal instruction */
#endif

/* Waits for the fault that job on a handled helper must cause. The kernel's
 * fault message: w0 = vector, w1 = address, w2 = pc, badge = FAULT_BADGE(pid). */
static const char *fault_expect(uint32_t job, uint32_t addr, struct msg *f)
{
	struct msg m;

	UT_OK(driver_job(S_HGO, job, addr, 0));
	if (job != JOB_READ) {
		UT_OK(driver_done(&m));
		UT_EQ(m.w[0], job);
	}
	UT_OK(ep_recv(S_FAULT, f, CAP_NONE, 0));
	if (job != JOB_READ)
		UT_EQ(f->badge, FAULT_BADGE(m.w[1]));
	if (f->w[0] == NO_FAULT)
		UT_FAIL("no fault: the helper read 0x%x at 0x%x", (unsigned)f->w[1],
			(unsigned)addr);
	return UTEST_OK;
}

UTEST(fault_to_handler)
{
	struct msg f;
	const char *why = fault_expect(JOB_ILLEGAL, 0, &f);

	if (why)
		return why;
	UT_EQ(f.w[0], VEC_ILLEGAL);
	/* A reply of w0 = 0 retries the instruction: the same fault comes again. */
	struct msg r = { { 0 }, 0 }, again;
	UT_OK(reply_send(CAP_REPLY, &r, CAP_NONE));
	UT_OK(ep_recv(S_FAULT, &again, CAP_NONE, 0));
	UT_EQ(again.w[0], VEC_ILLEGAL);
	UT_EQ(again.w[2], f.w[2]);
	UT_EQ(again.badge, f.badge);
	return UTEST_OK;
}

/* A fault reply that restarts the process is checked as PROC_OP_START is:
 * a pc or sp in the kernel's half is `arg`, and the Reply stays usable. A
 * Reply has no rights, so it may sit in a register but never in a CapPage
 * (doc/security.md). */
UTEST(fault_reply_restart_bounds)
{
	struct msg f, r, again;
	const char *why = fault_expect(JOB_ILLEGAL, 0, &f);

	if (why)
		return why;
	r = (struct msg){ { 0xfffff000u, 0x1000u, 0, 0 }, 0 };
	UT_INV(reply_send(CAP_REPLY, &r, CAP_NONE), INV_ERR_ARG);
	r = (struct msg){ { f.w[2], 0xfffffff0u, 0, 0 }, 0 };
	UT_INV(reply_send(CAP_REPLY, &r, CAP_NONE), INV_ERR_ARG);
	/* Not consumed: a retry is still accepted, and the fault comes again. */
	r = (struct msg){ { 0 }, 0 };
	UT_OK(reply_send(CAP_REPLY, &r, CAP_NONE));
	UT_OK(ep_recv(S_FAULT, &again, CAP_NONE, 0));
	UT_EQ(again.w[0], VEC_ILLEGAL);
	UT_EQ(again.w[2], f.w[2]);
	UT_EQ(again.badge, f.badge);
	UT_OK(range_create(S_RANGE, CT_CAPPAGE, S_TMP0, NULL));
	UT_INV(cappage_store(S_TMP0, 0, CAP_REPLY), INV_ERR_RIGHTS);
	UT_OK(cap_copy(CAP_REPLY, S_TMP0 + 1));
	UT_OK(range_destroy(S_RANGE, S_TMP0));
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(fault_without_handler)
{
	struct msg m;

	UT_OK(driver_job(S_UGO, JOB_DIVZERO, 0, 0));
	UT_OK(driver_done(&m));
	UT_EQ(m.w[0], JOB_DIVZERO);
	UT_OK(sleep_ticks(S_SLEEP, 2));
	/* Had the division worked, the helper would be waiting to report it. */
	UT_INV(ep_recv(S_DONE, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_WOULD_BLOCK);
	/* Only the helper stopped: the server and the other helpers carry on. */
	m = (struct msg){ { ECHO_ADD, 5, 6, 0 }, 0 };
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 11);
	UT_OK(driver_job(S_UGO, JOB_CALLS, 3, 5));
	UT_OK(driver_done(&m));
	UT_EQ(m.w[1], 3);
	UT_EQ(m.w[2], 5);
	return UTEST_OK;
}

#if defined(__i386__)
UTEST(fault_kernel_memory)
{
	struct msg f;
	const char *why = fault_expect(JOB_READ, 0xc0000000u, &f);

	if (why)
		return why;
	UT_EQ(f.w[1], 0xc0000000u);
	return UTEST_OK;
}
#endif
