/* Timer preemption: a helper at the driver's own priority spins forever and
 * never invokes the kernel again; the driver must still get the processor
 * back after a yield and after a sleep. Without preemption this test hangs
 * and the run ends without a summary. */
#include "driver.h"

#if defined(__i386__)
#define USER_DS 0x23 /* the flat ring-3 data segment (arch/i386/segments.h) */

/* es, fs and gs hold USER_DS, whatever the process loaded before its
 * last invocation or preemption. */
static const char *segments_are_user_ds(void)
{
	uint32_t es = 0, fs = 0, gs = 0;

	__asm__ volatile("movw %%es, %w0\n\t"
			 "movw %%fs, %w1\n\t"
			 "movw %%gs, %w2"
			 : "+r"(es), "+r"(fs), "+r"(gs));
	UT_EQ(es, USER_DS);
	UT_EQ(fs, USER_DS);
	UT_EQ(gs, USER_DS);
	return UTEST_OK;
}

/* The kernel keeps USER_DS in the data segments whenever it runs and
 * loads none of them on the way out (arch/i386/gdt.c): the null selectors a
 * process loads do not outlive its next invocation. */
UTEST(segments_after_an_invocation)
{
	uint32_t h = INV_HEADER(CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE);
	uint32_t b = 0, c = 0, d = 0, si = 0, di = 0;

	/* One block: nothing between may use es (string instructions do). The
	 * null selector comes from ebx, 0 going in. */
	__asm__ volatile("movw %%bx, %%es\n\t"
			 "movw %%bx, %%fs\n\t"
			 "movw %%bx, %%gs\n\t"
			 "int $0x80"
			 : "+a"(h), "+b"(b), "+c"(c), "+d"(d), "+S"(si), "+D"(di)
			 :
			 : "memory", "cc");
	UT_EQ(h, INV_OK);
	return segments_are_user_ds();
}
#endif

UTEST(preempt_spinner)
{
	struct msg m;
	uint64_t start, now;

	UT_OK(driver_job(S_UGO, JOB_SPIN, 0, 0));
	UT_OK(driver_done(&m));
	UT_EQ(m.w[0], JOB_SPIN);
	UT_OK(sleep_now(S_SLEEP, &start, NULL));
	for (int i = 0; i < 3; i++) {
		UT_OK(self_yield());
#if defined(__i386__)
		/* The spinner, with null es, fs and gs, gave the processor back
		 * only at the timer's interrupt: the driver, resumed from there,
		 * has the kernel's USER_DS, not the spinner's selectors. */
		const char *why = segments_are_user_ds();

		if (why)
			return why;
#endif
	}
	UT_OK(sleep_ticks(S_SLEEP, 2));
	UT_OK(sleep_now(S_SLEEP, &now, NULL));
	UT_ASSERT(now >= start + 2);
	/* The spinner still holds the processor half the time: IPC still works. */
	m = (struct msg){ { ECHO_ADD, 7, 8, 0 }, 0 };
	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 15);
	return UTEST_OK;
}
