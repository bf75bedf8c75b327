/* Unit tests for reclaim's choices of frames (kernel/hotplug/reclaim.c,
 * kernel/hotplug/device.c): released frames the bank uses or someone holds
 * locked are skipped, a device without an MMU that finds no run asks for its
 * shortage and takes nothing, frames taken for a device that still does not
 * fit go back, and removals that concern no asked device change nothing. */
#include <check.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hotplug.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"

/* 64 MiB + 4 KiB: 1 + 32 header pages */
static const struct hotplug_window ivshmem[2] = { { 0xfe000000, 0x1000 },
						  { 0x800000000ull, 0x4000000 } };

static uint64_t before[LEDGER_STATE_COUNT];

static void snapshot(void)
{
	for (unsigned s = 0; s < LEDGER_STATE_COUNT; s++)
		before[s] = ledger_count(s);
}

static void unchanged(void)
{
	for (unsigned s = 0; s < LEDGER_STATE_COUNT; s++)
		ck_assert_uint_eq(ledger_count(s), before[s]);
	ledger_check();
}

static struct page_common *ram(unsigned i)
{
	return pagehdr_at(kstub_ram_range(), i);
}

/* Reserve frames 900..909 kept and 910..999 released to the bank, which
 * listens; no_mmu: header arrays need one run each. */
static void machine(bool no_mmu)
{
	struct cap none;

	host_hdrwin_needs_run = no_mmu;
	kstub_machine(1000, 100);
	budget_relax(10);
	cap_clear(&none);
	budget_chan_bind(&none);
	kstub_reset();
}

static void teardown(void)
{
	host_hdrwin_needs_run = false;
	host_hdrwin_pages = 256;
}

/* Reclaim takes the lowest free released frames: one the bank holds and one
 * locked by an operation in progress stay where they are. */
START_TEST(reclaim_skips_held_and_locked_frames)
{
	uint64_t short_by = 0, taken = 0;

	machine(false);
	pagehdr_set_type(ram(910), PT_HELD);
	ck_assert(pagehdr_trylock(ram(911)));
	snapshot();
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(short_by, 23);
	ck_assert_uint_eq(hotplug_reclaim_answer(23, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 23);
	ck_assert_uint_eq(pagehdr_type(ram(910)), PT_HELD);
	ck_assert_uint_eq(pagehdr_type(ram(911)), PT_FREE);
	ck_assert_uint_eq(pagehdr_type(ram(912)), PT_HDR); /* taken, then used for headers */
	ck_assert_uint_eq(pagehdr_type(ram(935)), PT_FREE); /* past the 23 taken */
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 16385);
	pagehdr_unlock(ram(911));
	ck_assert_uint_eq(hotplug_remove_slot(4), 16385);
	unchanged();
}
END_TEST

/* No MMU and no run of 33 free or released frames anywhere (the bank holds
 * every 30th released frame): the device asks for its shortage, and the
 * answer, whatever the consent, takes nothing and refuses. */
START_TEST(reclaim_no_mmu_without_any_run_takes_nothing)
{
	uint64_t short_by = 0, taken = 99;

	machine(true);
	for (unsigned i = 910; i < 1000; i += 30)
		pagehdr_set_type(ram(i), PT_HELD);
	snapshot();
	ck_assert_uint_eq(reserve_longest_run(), 10);
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(short_by, 23); /* 33 wanted, the longest free run is 10 */
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: pending slot=4 short=23"));
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(1000, &taken), BUDGET_REFUSED);
	ck_assert_uint_eq(taken, 0);
	ck_assert_ptr_null(strstr(host_console, "budget: reclaimed="));
	ck_assert_int_eq(host_dev_decided, 4 << 1);
	ck_assert_uint_eq(reserve_released(), 90);
	unchanged();
}
END_TEST

/* No MMU: the run is reclaimed, but the header window has no room for the
 * 32 pages; the frames taken go back to the bank and the device is refused. */
START_TEST(reclaim_taken_frames_returned_when_the_device_still_fails)
{
	uint64_t short_by = 0, taken = 99, budget;
	struct budget_ev ev;
	uint32_t drops;
	bool returned = false;

	machine(true);
	host_hdrwin_pages = 20;
	snapshot();
	budget = budget_frames();
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(short_by, 23);
	while (budget_chan_take(&ev, &drops))
		;
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(23, &taken), BUDGET_REFUSED);
	ck_assert_uint_eq(taken, 0);
	ck_assert_ptr_nonnull(strstr(host_console, "budget: reclaimed="));
	ck_assert_ptr_nonnull(strstr(host_console, "budget: returned="));
	ck_assert_int_eq(host_dev_decided, 4 << 1);
	while (budget_chan_take(&ev, &drops))
		if (ev.kind == BEV_RETURNED) {
			ck_assert_uint_eq(ev.a, 23);
			returned = true;
		}
	ck_assert(returned);
	ck_assert_uint_eq(budget_frames(), budget);
	ck_assert_uint_eq(reserve_free(), 10);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 0);
	unchanged();
}
END_TEST

/* A removal of another slot while one is asked about leaves the request
 * standing, and returns nothing when the reserve holds only what it kept. */
START_TEST(removal_of_another_slot_keeps_the_request)
{
	uint64_t short_by = 0, taken = 0;

	machine(false);
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	snapshot();
	kstub_reset();
	ck_assert_uint_eq(hotplug_remove_slot(9), 0);
	ck_assert_ptr_null(strstr(host_console, "budget: returned="));
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: remove slot=9 frames=0\n"));
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 23);
	unchanged();
	ck_assert_uint_eq(hotplug_reclaim_answer(23, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 23);
	ck_assert_uint_eq(hotplug_remove_slot(4), 16385);
	unchanged();
}
END_TEST

/* RANGE_OWNER_BOOT marks boot RAM: no device may use it as a slot number. */
START_TEST(device_slot_number_of_boot_ram_refused)
{
	uint64_t short_by = 99;

	machine(false);
	snapshot();
	ck_assert_int_eq(hotplug_add_device(RANGE_OWNER_BOOT, ivshmem, 1, &short_by), ERR_BUSY);
	ck_assert_uint_eq(short_by, 0);
	ck_assert_ptr_nonnull(strstr(host_console, "reserved slot number"));
	unchanged();
}
END_TEST

Suite *hotplug_reclaim_suite(void)
{
	Suite *s = suite_create("hotplug_reclaim");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, reclaim_skips_held_and_locked_frames);
	tcase_add_test(tc, reclaim_no_mmu_without_any_run_takes_nothing);
	tcase_add_test(tc, reclaim_taken_frames_returned_when_the_device_still_fails);
	tcase_add_test(tc, removal_of_another_slot_keeps_the_request);
	tcase_add_test(tc, device_slot_number_of_boot_ram_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(hotplug_reclaim)
