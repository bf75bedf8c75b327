/* Unit tests for the kernel side of hot-plug (kernel/hotplug/device.c,
 * kernel/mem/hdrregion.c, kernel/mem/reserve.c) on a fake machine and a fake header
 * window (kstub.c), with and without an MMU. */
#include <check.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"

struct snap {
	uint64_t c[LEDGER_STATE_COUNT], total, free;
	unsigned ranges;
};

static void take(struct snap *s)
{
	memset(s, 0, sizeof(*s)); /* padding too: compared with memcmp */
	for (unsigned i = 0; i < LEDGER_STATE_COUNT; i++)
		s->c[i] = ledger_count(i);
	s->total = ledger_total();
	s->free = reserve_free();
	s->ranges = range_count();
}

static void same(const struct snap *a, const struct snap *b)
{
	ck_assert_mem_eq(a, b, sizeof(*a));
}

/* 64 MiB + 4 KiB: 16384 + 1 frames, 32 + 1 header pages */
static const struct hotplug_window ivshmem[2] = { { 0xfe000000, 0x1000 },
						  { 0x800000000ull, 0x4000000 } };

static uint32_t hotplug_test_prev_count = UINT32_MAX;

static void add_remove_cycle(void)
{
	struct snap before, during, after;
	uint64_t short_by = 99;

	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_device(3, ivshmem, 2, &short_by), ERR_OK);
	ck_assert_uint_eq(short_by, 0);
	ck_assert_ptr_nonnull(
		strstr(host_console, "hotplug: add slot=3 pa=0xfe000000 len=0x1000 frames=1\n"));
	ck_assert_ptr_nonnull(strstr(
		host_console, "hotplug: add slot=3 pa=0x800000000 len=0x4000000 frames=16384\n"));
	ck_assert_ptr_nonnull(strstr(host_console, "ledger: total="));
	ck_assert_ptr_nonnull(strstr(host_console, "budget: "));
	take(&during);
	ck_assert_uint_eq(during.c[LEDGER_DEVICE], before.c[LEDGER_DEVICE] + 16385);
	ck_assert_uint_eq(during.c[LEDGER_HEADER_REGION], before.c[LEDGER_HEADER_REGION] + 33);
	ck_assert_uint_eq(during.c[LEDGER_RESERVE], before.c[LEDGER_RESERVE] - 33);
	ck_assert_uint_eq(during.c[LEDGER_BANKED], before.c[LEDGER_BANKED]);
	ck_assert_uint_eq(during.total, before.total + 16385);

	struct page_common *h = pagehdr_of_pa(0x800000000ull + 0x123000);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(pagehdr_type(h), PT_DEVICE);
	ck_assert_uint_eq(pagehdr_pa(h), 0x800123000ull);
	ck_assert_uint_eq(pagehdr_oid(h), OID_DEVICE_BASE + 0x800123);
	/* A device at an address that held one before starts above the old
	 * alloc_count: a capability minted for the old one stays rescinded. */
	if (hotplug_test_prev_count != UINT32_MAX)
		ck_assert_uint_gt(pagehdr_alloc_count(h), hotplug_test_prev_count);
	hotplug_test_prev_count = pagehdr_alloc_count(h);
	/* the header frames are typed hdr in their own (RAM) headers */
	ck_assert_uint_eq(ledger_count(LEDGER_HEADER_REGION), hdrregion_frames());

	kstub_reset();
	ck_assert_uint_eq(hotplug_remove_slot(3), 16385);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: remove slot=3 frames=16385\n"));
	ck_assert_ptr_null(pagehdr_of_pa(0x800000000ull));
	take(&after);
	same(&before, &after);
}

START_TEST(hotplug_add_remove_returns_ledger)
{
	kstub_machine(1000, 100);
	add_remove_cycle();
}
END_TEST

START_TEST(hotplug_twenty_cycles_no_drift)
{
	kstub_machine(1000, 100);
	budget_relax(100);
	for (int i = 0; i < 20; i++)
		add_remove_cycle();
}
END_TEST

START_TEST(hotplug_no_mmu_runs)
{
	host_hdrwin_needs_run = true;
	kstub_machine(1000, 100);
	add_remove_cycle();
	host_hdrwin_needs_run = false;
}
END_TEST

START_TEST(hotplug_refused_changes_nothing)
{
	struct snap before, after;
	uint64_t short_by = 0;

	kstub_machine(1000, 20);
	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_NOMEM);
	ck_assert_uint_eq(short_by, 13);
	ck_assert_str_eq(host_console,
			 "hotplug: refused slot=4 short=13\n"
			 "hotplug: slot 4 needs 13 more header frames than the boot "
			 "reserve holds at its cap (half of RAM): boot with more RAM\n");
	take(&after);
	same(&before, &after);

	/* After relaxing the refusal names the reserve= that accepts it. */
	kstub_machine(1000, 20);
	budget_relax(20);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_NOMEM);
	ck_assert_str_eq(host_console,
			 "hotplug: refused slot=4 short=13\n"
			 "hotplug: slot 4 would fit with reserve=33 or more (this boot "
			 "kept 20 frames for hot-plug)\n");
	kstub_machine(1000, 33);
	budget_relax(33);
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_OK);

	/* reserve=0 */
	kstub_machine(1000, 0);
	take(&before);
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 1, &short_by), ERR_NOMEM);
	ck_assert_uint_eq(short_by, 1);
	take(&after);
	same(&before, &after);
}
END_TEST

START_TEST(hotplug_no_mmu_fragmented_reserve)
{
	struct hdr_block a, b, c;
	uint64_t short_by;

	host_hdrwin_needs_run = true;
	kstub_machine(1000, 40);
	/* free 20 frames in two runs of 10 */
	ck_assert_int_eq(hdrregion_alloc(10, &a), ERR_OK);
	ck_assert_int_eq(hdrregion_alloc(10, &b), ERR_OK);
	ck_assert_int_eq(hdrregion_alloc(10, &c), ERR_OK);
	hdrregion_free(&b);
	ck_assert_uint_eq(reserve_free(), 20);
	ck_assert(!hdrregion_can_take(11, &short_by));
	ck_assert_uint_eq(short_by, 1);
	host_hdrwin_needs_run = false;
	ck_assert(hdrregion_can_take(11, &short_by));
}
END_TEST

START_TEST(hotplug_window_full_unwinds)
{
	struct snap before, after;
	uint64_t short_by;

	struct budget_ev ev;
	uint32_t drops;

	host_hdrwin_pages = 20; /* the window, not the reserve, runs out */
	kstub_machine(1000, 100);
	take(&before);
	kstub_reset();
	budget_chan_reset();
	ck_assert_int_eq(hotplug_add_device(5, ivshmem, 2, &short_by), ERR_NOMEM);
	ck_assert_uint_eq(short_by, 0);
	/* the register page's window was built and unwound: the bank, never
	 * told of the device, hears nothing of it */
	while (budget_chan_take(&ev, &drops))
		ck_assert(ev.kind != BEV_DEVICE_ADD && ev.kind != BEV_DEVICE_REMOVE);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: refused slot=5 short=0"));
	take(&after);
	same(&before, &after);
	host_hdrwin_pages = 256;
}
END_TEST

/* A device whose headers do not fit the fixed window goes to the grown part:
 * its tables come from the reserve with its header pages, the check counts
 * them, and both go back on removal. */
START_TEST(hotplug_window_grows_with_tables_from_the_reserve)
{
	struct snap before, during, after;
	uint64_t short_by = 99;

	host_hdrwin_pages = 20; /* the 32 header pages of ivshmem[1] do not fit */
	kstub_machine(1000, 100);
	host_hdrwin_grow_regions = 8; /* 64 pages: 4 regions of 8, each a table */
	take(&before);
	kstub_reset();
	ck_assert_uint_eq(hdrregion_cost(32), 32 + 4);
	ck_assert_int_eq(hotplug_add_device(5, ivshmem, 2, &short_by), ERR_OK);
	ck_assert_uint_eq(short_by, 0);
	take(&during);
	ck_assert_uint_eq(host_hdrwin_tables_set(), 4);
	ck_assert_uint_eq(during.c[LEDGER_HEADER_REGION], before.c[LEDGER_HEADER_REGION] + 33 + 4);
	ck_assert_uint_eq(during.c[LEDGER_RESERVE], before.c[LEDGER_RESERVE] - 33 - 4);
	ck_assert_uint_eq(ledger_count(LEDGER_HEADER_REGION), hdrregion_frames());
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(0x800000000ull + 0x3fff000)), PT_DEVICE);
	kstub_reset();
	ck_assert_uint_eq(hotplug_remove_slot(5), 16385);
	ck_assert_uint_eq(host_hdrwin_tables_set(), 0);
	take(&after);
	same(&before, &after);

	/* The reserve must hold the tables too, counted at most (a table for the
	 * register page's span as well, which may not fit the fixed part once
	 * the other is built: 1 + 1 + 32 + 4): one frame short is refused and
	 * names the shortage, nothing taken. */
	kstub_machine(1000, 37);
	host_hdrwin_grow_regions = 8;
	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_device(5, ivshmem, 2, &short_by), ERR_NOMEM);
	ck_assert_uint_eq(short_by, 1);
	ck_assert_uint_eq(host_hdrwin_tables_set(), 0);
	take(&after);
	same(&before, &after);
	host_hdrwin_pages = 256;
}
END_TEST

START_TEST(hotplug_bad_windows)
{
	struct snap before, after;
	struct hotplug_window w[2];
	uint64_t short_by;

	kstub_machine(1000, 100);
	take(&before);
	w[0] = (struct hotplug_window){ 0xfe000800, 0x1000 }; /* unaligned */
	ck_assert_int_eq(hotplug_add_device(6, w, 1, &short_by), ERR_INVAL);
	w[0] = (struct hotplug_window){ 0xfe000000, 0 };
	ck_assert_int_eq(hotplug_add_device(6, w, 1, &short_by), ERR_INVAL);
	w[0] = (struct hotplug_window){ 0xfe000000, 0x1800 }; /* a partial page */
	ck_assert_int_eq(hotplug_add_device(6, w, 1, &short_by), ERR_INVAL);
	w[0] = (struct hotplug_window){ 0xfffffffffffff000ull, 0x2000 }; /* wraps */
	ck_assert_int_eq(hotplug_add_device(6, w, 1, &short_by), ERR_INVAL);
	w[0] = (struct hotplug_window){ 0xfe001000, 0x1000 };
	w[1] = (struct hotplug_window){ 0xfe000000, 0x2000 }; /* covers w[0] from below */
	ck_assert_int_eq(hotplug_add_device(6, w, 2, &short_by), ERR_OVERLAP);
	w[1] = (struct hotplug_window){ 0xfe000000, 0x1000 }; /* just below: fine alone */
	ck_assert_int_eq(hotplug_add_device(6, w, 2, &short_by), ERR_OK);
	ck_assert_uint_eq(hotplug_remove_slot(6), 2);
	w[0] = (struct hotplug_window){ KSTUB_RAM_BASE, 0x1000 }; /* over RAM */
	ck_assert_int_eq(hotplug_add_device(6, w, 1, &short_by), ERR_OVERLAP);
	w[0] = (struct hotplug_window){ 0xfe000000, 0x2000 };
	w[1] = (struct hotplug_window){ 0xfe001000, 0x1000 }; /* overlaps w[0] */
	ck_assert_int_eq(hotplug_add_device(6, w, 2, &short_by), ERR_OVERLAP);
	ck_assert_int_eq(hotplug_add_device(6, w, 0, &short_by), ERR_OK); /* nothing to add */
	take(&after);
	same(&before, &after);
	/* a slot cannot be added twice */
	ck_assert_int_eq(hotplug_add_device(6, ivshmem, 1, &short_by), ERR_OK);
	ck_assert_int_eq(hotplug_add_device(6, ivshmem + 1, 1, &short_by), ERR_BUSY);
	ck_assert_uint_eq(hotplug_remove_slot(6), 1);
	ck_assert_uint_eq(hotplug_remove_slot(6), 0);
	take(&after);
	same(&before, &after);
}
END_TEST

START_TEST(hotplug_range_table_full)
{
	struct snap before, after;
	struct hotplug_window w[16];
	uint64_t short_by;

	kstub_machine(1000, 100); /* 16 slots: 0 unused, 1 RAM: 14 free */
	for (unsigned i = 0; i < 16; i++)
		w[i] = (struct hotplug_window){ 0xf0000000ull + i * 0x10000ull, 0x1000 };
	take(&before);
	ck_assert_int_eq(hotplug_add_device(7, w, 15, &short_by), ERR_FULL);
	take(&after);
	same(&before, &after);
	ck_assert_int_eq(hotplug_add_device(7, w, 14, &short_by), ERR_OK);
	ck_assert_uint_eq(hotplug_remove_slot(7), 14);
}
END_TEST

Suite *hotplug_suite(void)
{
	Suite *s = suite_create("hotplug");
	TCase *tc = tcase_create("hotplug");

	tcase_add_test(tc, hotplug_add_remove_returns_ledger);
	tcase_add_test(tc, hotplug_twenty_cycles_no_drift);
	tcase_add_test(tc, hotplug_no_mmu_runs);
	tcase_add_test(tc, hotplug_refused_changes_nothing);
	tcase_add_test(tc, hotplug_no_mmu_fragmented_reserve);
	tcase_add_test(tc, hotplug_window_full_unwinds);
	tcase_add_test(tc, hotplug_window_grows_with_tables_from_the_reserve);
	tcase_add_test(tc, hotplug_bad_windows);
	tcase_add_test(tc, hotplug_range_table_full);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(hotplug)
