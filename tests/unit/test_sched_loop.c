/* Unit tests for the scheduler's loop (kernel/ipc/sched_loop.c): what runs
 * next, waiting for sleepers, and the end of a run no process can continue
 * (halt, or `idle` serving events). */
#include <check.h>
#include <setjmp.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/boot.h>
#include <kernel/cmdline.h>
#include <kernel/sched.h>
#include <kernel/timer.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

static unsigned waits;
static struct process *wake_me;

/* sched_run until it resumes a process (returned) or halts (NULL, the
 * status in host_halt_status). */
static struct process *run(void)
{
	host_resume_armed = true;
	host_halt_armed = true;
	if (setjmp(host_halt_jmp)) {
		host_resume_armed = host_halt_armed = false;
		return host_resumed ? sched_current() : NULL;
	}
	host_resumed = NULL;
	sched_run();
}

static void tick(void)
{
	waits++;
	timer_tick();
}

static void make_ready(void)
{
	waits++;
	if (waits == 3)
		sched_ready(wake_me);
}

/* A process blocked in a receive on an endpoint nobody sends to. */
static struct process *blocked(void)
{
	struct process *p = ustub_process();

	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 1,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 1, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	return p;
}

static void setup(void)
{
	ustub_machine(32);
	host_idle_fn = NULL;
	waits = 0;
}

START_TEST(loop_runs_highest_priority)
{
	struct process *lo = ustub_process(), *hi = ustub_process();

	hi->prio = 20;
	sched_remove(hi);
	sched_ready(hi);
	ck_assert_ptr_eq(run(), hi);
	ck_assert_ptr_eq(sched_current(), hi);
	sched_remove(hi);
	ck_assert_ptr_eq(run(), lo);
}
END_TEST

START_TEST(loop_waits_for_sleeper)
{
	struct process *p = ustub_process();
	uint64_t now = timer_ticks();

	sched_sleep(p, now + 5);
	host_idle_fn = tick;
	ck_assert_ptr_eq(run(), p);
	ck_assert_uint_eq(waits, 5); /* one wait per tick until the wake tick */
	ck_assert_uint_eq(p->state, PS_RUNNABLE);
}
END_TEST

START_TEST(sleepers_wake_in_wake_order)
{
	struct process *a = ustub_process(), *b = ustub_process(), *c = ustub_process();
	uint64_t now = timer_ticks();

	/* put to sleep out of order: the earliest wake is inserted first */
	sched_sleep(a, now + 10);
	sched_sleep(b, now + 5);
	sched_sleep(c, now + 7);
	ustub_advance(5);
	ck_assert_uint_eq(b->state, PS_RUNNABLE);
	ck_assert_uint_eq(c->state, PS_SLEEP);
	ck_assert_uint_eq(a->state, PS_SLEEP);
	ustub_advance(2);
	ck_assert_uint_eq(c->state, PS_RUNNABLE);
	ck_assert_uint_eq(a->state, PS_SLEEP);
	ck_assert(sched_has_sleepers());
	ustub_advance(3);
	ck_assert_uint_eq(a->state, PS_RUNNABLE);
	ck_assert(!sched_has_sleepers());
}
END_TEST

START_TEST(loop_deadlock_halts)
{
	struct process *p = blocked();

	kstub_reset();
	ck_assert_ptr_null(run());
	ck_assert_int_eq(host_halt_status, 4);
	ck_assert_ptr_nonnull(strstr(host_console, "sched: no process can run:"));
	ck_assert_ptr_nonnull(strstr(host_console, "=recv"));
	ck_assert_uint_eq(p->state, PS_RECV);
}
END_TEST

START_TEST(loop_deadlock_idles)
{
	struct process *p = blocked();

	/* `idle` on the kernel's command line (as kernel_main would parse it) */
	ck_assert_int_eq(cmdline_parse((struct cmdline *)kernel_cmdline_get(), "idle"), ERR_OK);
	kstub_reset();
	wake_me = p;
	host_idle_fn = make_ready;
	ck_assert_ptr_eq(run(), p);
	ck_assert_uint_eq(waits, 3);
	ck_assert_ptr_nonnull(strstr(host_console, "idle: serving events\n"));
	/* announced once: a second deadlock waits without a word */
	sched_remove(p);
	p->state = PS_RECV;
	kstub_reset();
	waits = 0;
	ck_assert_ptr_eq(run(), p);
	ck_assert_str_eq(host_console, "");
}
END_TEST

Suite *sched_loop_suite(void)
{
	Suite *s = suite_create("sched_loop");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, loop_runs_highest_priority);
	tcase_add_test(tc, loop_waits_for_sleeper);
	tcase_add_test(tc, sleepers_wake_in_wake_order);
	tcase_add_test(tc, loop_deadlock_halts);
	tcase_add_test(tc, loop_deadlock_idles);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(sched_loop)
