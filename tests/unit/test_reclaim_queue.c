/* Unit tests for devices waiting behind a reclaim (kernel/hotplug/reclaim.c):
 * one device is asked about at a time, up to HOTPLUG_WAITING_MAX - 1 more
 * wait in arrival order and are tried again once it is decided; a device
 * that leaves while waiting or while asked about is forgotten. */
#include <check.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hotplug.h>
#include <kernel/ledger.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"

/* Each 64 MiB + 4 KiB, at its own addresses: 33 header pages. */
static struct hotplug_window big[6][2];

static bool said(const char *s)
{
	return strstr(host_console, s) != NULL;
}

/* 10 reserve frames kept and 90 released, a listening bank, and slot 4
 * asked about (short by 23). */
static void setup(void)
{
	struct cap none;
	uint64_t short_by = 0;

	for (unsigned i = 0; i < 6; i++) {
		big[i][0] = (struct hotplug_window){ 0xf0000000 + i * 0x100000ull, 0x1000 };
		big[i][1] =
			(struct hotplug_window){ 0x800000000ull + i * 0x10000000ull, 0x4000000 };
	}
	kstub_machine(1000, 100);
	budget_relax(10);
	cap_clear(&none);
	budget_chan_bind(&none);
	ck_assert_int_eq(hotplug_add_device(4, big[0], 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 23);
	kstub_reset();
}

static int add(hotplug_slot_t slot, unsigned which)
{
	return hotplug_add_device(slot, big[which], 2, NULL);
}

START_TEST(queue_tried_in_order)
{
	uint64_t taken;

	ck_assert_int_eq(add(5, 1), ERR_PENDING);
	ck_assert(said("hotplug: pending slot=5: queued behind slot 4 (1 waiting)\n"));
	/* slot 6 has slot 4's windows: once 4 is in, it can only be refused */
	ck_assert_int_eq(add(6, 0), ERR_PENDING);
	ck_assert(said("queued behind slot 4 (2 waiting)"));
	ck_assert_int_eq(host_dev_decided, -1);
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 23); /* still slot 4's */
	/* slot 4 is added; slot 5 is short again and asked about; slot 6 waits */
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 23);
	ck_assert(said("hotplug: slot 5's turn after waiting\n"));
	ck_assert(said("hotplug: pending slot=5 short=33: reclaim asked"));
	ck_assert(!said("slot 6's turn"));
	ck_assert_int_eq(host_dev_decided, 4 << 1 | 1);
	/* slot 5 added; slot 6 is refused there and then */
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 33);
	ck_assert(said("hotplug: slot 6's turn after waiting\n"));
	ck_assert_int_eq(host_dev_decided, 6 << 1);
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 0);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 2 * 16385);
	ledger_check();
}
END_TEST

START_TEST(queue_refused_one_decided_at_once)
{
	uint64_t taken;

	/* slot 4 declined; slot 5 asks in turn; declined too */
	ck_assert_int_eq(add(5, 1), ERR_PENDING);
	ck_assert_uint_eq(hotplug_reclaim_answer(0, &taken), BUDGET_REFUSED);
	ck_assert_int_eq(host_dev_decided, 4 << 1);
	ck_assert(said("hotplug: pending slot=5 short=23: reclaim asked"));
	ck_assert_uint_eq(hotplug_reclaim_answer(0, &taken), BUDGET_REFUSED);
	ck_assert_int_eq(host_dev_decided, 5 << 1);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 0);
	ledger_check();
}
END_TEST

START_TEST(queue_limits)
{
	/* at most HOTPLUG_WAITING_MAX - 1 wait; one more is refused as without a bank */
	ck_assert_int_eq(add(5, 1), ERR_PENDING);
	for (unsigned s = 6; s < 4 + HOTPLUG_WAITING_MAX; s++)
		ck_assert_int_eq(add(s, s - 4), ERR_PENDING);
	kstub_reset();
	ck_assert_int_eq(add(4 + HOTPLUG_WAITING_MAX, 5), ERR_NOMEM);
	ck_assert(said("hotplug: refused slot="));
	ck_assert_int_eq(host_dev_decided, -1);
}
END_TEST

/* The bus reports a device again while it waits: refused as a slot already
 * there, so that its driver hears one decision about the first report. */
START_TEST(waiting_slot_reported_twice)
{
	uint64_t taken;

	ck_assert_int_eq(add(4, 0), ERR_BUSY);
	ck_assert(said("hotplug: invalid slot=4: slot already waiting\n"));
	ck_assert_int_eq(add(5, 1), ERR_PENDING);
	ck_assert_int_eq(add(5, 1), ERR_BUSY);
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_ADDED);
	ck_assert_int_eq(host_dev_decided, 4 << 1 | 1);
	ck_assert(said("hotplug: pending slot=5 short=33"));
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_ADDED);
	ck_assert_int_eq(host_dev_decided, 5 << 1 | 1);
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_NONE);
	ck_assert_int_eq(host_dev_decided, 5 << 1 | 1);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 2 * 16385);
	ledger_check();
}
END_TEST

START_TEST(queue_forgets_a_leaver)
{
	uint64_t taken;

	ck_assert_int_eq(add(5, 1), ERR_PENDING);
	ck_assert_int_eq(add(6, 2), ERR_PENDING);
	ck_assert_uint_eq(hotplug_remove_slot(5), 0);
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_ADDED);
	ck_assert(!said("slot 5's turn"));
	ck_assert(said("hotplug: slot 6's turn after waiting\n"));
	ck_assert(said("hotplug: pending slot=6 short=33"));
}
END_TEST

START_TEST(asked_leaver_before_bank_reads)
{
	/* the request is still in the channel: withdrawn, the next one asks */
	ck_assert_int_eq(add(5, 1), ERR_PENDING);
	kstub_reset();
	ck_assert_uint_eq(hotplug_remove_slot(4), 0);
	ck_assert(said("hotplug: slot 5's turn after waiting\n"));
	ck_assert(said("hotplug: pending slot=5 short=23: reclaim asked"));
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 23);
}
END_TEST

START_TEST(asked_leaver_after_bank_read)
{
	struct budget_ev ev;
	uint32_t drops;
	uint64_t taken, banked = ledger_count(LEDGER_BANKED);

	/* the bank has the request: its answer must not go to the next device */
	ck_assert(budget_chan_take(&ev, &drops));
	ck_assert_uint_eq(ev.kind, BEV_RECLAIM);
	ck_assert_uint_eq(hotplug_remove_slot(4), 0);
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 0);
	/* a device arriving meanwhile waits for that answer */
	ck_assert_int_eq(add(5, 1), ERR_PENDING);
	ck_assert(said("queued behind slot 4 (1 waiting)"));
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_NONE);
	ck_assert_uint_eq(taken, 0);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ck_assert(said("hotplug: slot 5's turn after waiting\n"));
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 23);
}
END_TEST

Suite *reclaim_queue_suite(void)
{
	Suite *s = suite_create("reclaim_queue");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, queue_tried_in_order);
	tcase_add_test(tc, queue_refused_one_decided_at_once);
	tcase_add_test(tc, queue_limits);
	tcase_add_test(tc, waiting_slot_reported_twice);
	tcase_add_test(tc, queue_forgets_a_leaver);
	tcase_add_test(tc, asked_leaver_before_bank_reads);
	tcase_add_test(tc, asked_leaver_after_bank_read);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(reclaim_queue)
