/* Unit tests for RAM hot-plug (kernel/hotplug/ram.c): self-funding DIMMs on
 * the fake machine and fake header window of kstub.c, with and without an
 * MMU. */
#include <check.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/chunk.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"

#define DIMM_BASE 0x100000000ull /* where QEMU's pc puts the first DIMM */
#define DIMM_LEN 0x1000000ull /* 16 MiB: 4096 frames, 16 header frames */
#define DIMM_FRAMES 4096
#define DIMM_HEADERS 16
#define LIMIT_36 (1ull << 36)

struct snap {
	uint64_t c[LEDGER_STATE_COUNT], total, free, hdr;
	unsigned ranges;
};

static void take(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < LEDGER_STATE_COUNT; i++)
		s->c[i] = ledger_count(i);
	s->total = ledger_total();
	s->free = reserve_free();
	s->hdr = hdrregion_frames();
	s->ranges = range_count();
}

static void same(const struct snap *a, const struct snap *b)
{
	ck_assert_mem_eq(a, b, sizeof(*a));
}

static void ram_cycle(hotplug_slot_t slot)
{
	struct snap before, during, after;
	uint64_t frames = 99;
	struct page_common *h;

	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_ram(slot, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OK);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: add-ram slot=0 pa=0x100000000 "
						   "len=0x1000000 frames=4096 headers=16\n"));
	ck_assert_ptr_nonnull(strstr(host_console, "\nledger: total="));
	ck_assert_ptr_nonnull(strstr(host_console, "\nbudget: raised="));
	take(&during);
	ck_assert_uint_eq(during.total, before.total + DIMM_FRAMES);
	ck_assert_uint_eq(during.c[LEDGER_HEADER_REGION],
			  before.c[LEDGER_HEADER_REGION] + DIMM_HEADERS);
	ck_assert_uint_eq(during.c[LEDGER_BANKED],
			  before.c[LEDGER_BANKED] + DIMM_FRAMES - DIMM_HEADERS);
	ck_assert_uint_eq(during.c[LEDGER_RESERVE], before.c[LEDGER_RESERVE]);
	ck_assert_uint_eq(during.free, before.free); /* self-funding */
	ck_assert_uint_eq(during.hdr, during.c[LEDGER_HEADER_REGION]);
	ck_assert_uint_eq(budget_frames(), during.c[LEDGER_BANKED]);

	h = pagehdr_of_pa(DIMM_BASE);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(pagehdr_type(h), PT_HDR);
	h = pagehdr_of_pa(DIMM_BASE + ((DIMM_HEADERS - 1) << PAGE_SHIFT));
	ck_assert_uint_eq(pagehdr_type(h), PT_HDR);
	h = pagehdr_of_pa(DIMM_BASE + ((uint64_t)DIMM_HEADERS << PAGE_SHIFT));
	ck_assert_uint_eq(pagehdr_type(h), PT_FREE);
	h = pagehdr_of_pa(DIMM_BASE + DIMM_LEN - PAGE_SIZE);
	ck_assert_uint_eq(pagehdr_type(h), PT_FREE);
	ck_assert_uint_eq(pagehdr_pa(h), DIMM_BASE + DIMM_LEN - PAGE_SIZE);
	ck_assert_uint_eq(pagehdr_ot_index(h), PAGEHDR_OT_NONE);
	ck_assert_uint_eq(pagehdr_oid(h), OID_NONE);
	ck_assert_ptr_null(pagehdr_of_pa(DIMM_BASE + DIMM_LEN));

	kstub_reset();
	ck_assert_int_eq(hotplug_remove_ram(slot, &frames), ERR_OK);
	ck_assert_uint_eq(frames, DIMM_FRAMES);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: remove-ram slot=0 frames=4096\n"));
	ck_assert_ptr_nonnull(strstr(host_console, "\nbudget: lowered="));
	ck_assert_ptr_null(pagehdr_of_pa(DIMM_BASE));
	take(&after);
	same(&before, &after);
}

START_TEST(hotplug_ram_add_remove_returns_ledger)
{
	kstub_machine(1000, 100);
	ram_cycle(0);
}
END_TEST

/* After the seal, removal goes banked -> absent through the consent path. */
START_TEST(hotplug_ram_cycles_after_seal_no_drift)
{
	kstub_machine(1000, 100);
	budget_relax(50);
	ck_assert(ledger_banked_sealed());
	for (int i = 0; i < 10; i++)
		ram_cycle(0);
	ck_assert(ledger_banked_sealed());
}
END_TEST

START_TEST(hotplug_ram_no_mmu)
{
	host_hdrwin_needs_run = true;
	kstub_machine(1000, 100);
	ram_cycle(0);
	host_hdrwin_needs_run = false;
}
END_TEST

/* Even with no reserve at all a DIMM is taken: it pays for itself. */
START_TEST(hotplug_ram_needs_no_reserve)
{
	kstub_machine(1000, 0);
	budget_relax(0);
	ram_cycle(0);
}
END_TEST

START_TEST(hotplug_ram_refused_above_limit)
{
	struct snap before, after;

	kstub_machine(1000, 100);
	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_ram(2, DIMM_BASE, DIMM_LEN, 1ull << 32), ERR_RANGE);
	ck_assert_str_eq(host_console,
			 "hotplug: refused-ram slot=2 pa=0x100000000 len=0x1000000 "
			 "limit=0x100000000: above the CPU's physical-address limit\n");
	take(&after);
	same(&before, &after);
	/* the last frame ends exactly at the limit: fine */
	ck_assert_int_eq(hotplug_add_ram(2, DIMM_BASE, DIMM_LEN, DIMM_BASE + DIMM_LEN), ERR_OK);
}
END_TEST

START_TEST(hotplug_ram_busy_refuses_removal)
{
	struct snap before, plugged, after;
	struct page_common *h;
	uint64_t frames = 99;

	kstub_machine(1000, 100);
	budget_relax(50);
	take(&before);
	ck_assert_int_eq(hotplug_add_ram(1, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OK);
	take(&plugged);
	/* two frames handed out (any type but free counts as in use) */
	h = pagehdr_of_pa(DIMM_BASE + 0x100000);
	pagehdr_set_type(h, PT_IMAGE);
	pagehdr_set_type(pagehdr_of_pa(DIMM_BASE + DIMM_LEN - PAGE_SIZE), PT_BOOT);
	kstub_reset();
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_BUSY);
	ck_assert_uint_eq(frames, 0);
	ck_assert_str_eq(host_console, "hotplug: remove-ram refused slot=1 busy=2\n");
	take(&after);
	same(&plugged, &after);
	ck_assert_ptr_eq(pagehdr_of_pa(DIMM_BASE + 0x100000), h);

	pagehdr_set_type(h, PT_FREE);
	pagehdr_set_type(pagehdr_of_pa(DIMM_BASE + DIMM_LEN - PAGE_SIZE), PT_FREE);
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_OK);
	ck_assert_uint_eq(frames, DIMM_FRAMES);
	take(&after);
	same(&before, &after);
}
END_TEST

START_TEST(hotplug_ram_bad_input_changes_nothing)
{
	struct snap before, after;
	uint64_t frames = 99;

	kstub_machine(1000, 100);
	take(&before);
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE + 0x800, DIMM_LEN, LIMIT_36), ERR_INVAL);
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE, 0, LIMIT_36), ERR_INVAL);
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE, 0x1800, LIMIT_36), ERR_INVAL);
	ck_assert_int_eq(hotplug_add_ram(0, 0xfffffffffffff000ull, 0x2000, LIMIT_36), ERR_INVAL);
	ck_assert_int_eq(hotplug_add_ram(0, KSTUB_RAM_BASE, DIMM_LEN, LIMIT_36), ERR_OVERLAP);
	/* one frame cannot hold its own header and anything else */
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE, PAGE_SIZE, LIMIT_36), ERR_INVAL);
	ck_assert_int_eq(hotplug_add_ram(RANGE_OWNER_BOOT, DIMM_BASE, DIMM_LEN, LIMIT_36),
			 ERR_BUSY);
	ck_assert_ptr_nonnull(strstr(host_console, "too small to hold its own headers"));
	take(&after);
	same(&before, &after);

	/* the smallest that works: 2 frames, 1 of headers */
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE, 2 * PAGE_SIZE, LIMIT_36), ERR_OK);
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE + DIMM_LEN, DIMM_LEN, LIMIT_36), ERR_BUSY);
	ck_assert_int_eq(hotplug_add_ram(1, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OVERLAP);
	ck_assert_int_eq(hotplug_remove_ram(0, &frames), ERR_OK);
	ck_assert_uint_eq(frames, 2);
	/* an empty slot: nothing to remove, the bus may eject */
	kstub_reset();
	ck_assert_int_eq(hotplug_remove_ram(0, &frames), ERR_OK);
	ck_assert_uint_eq(frames, 0);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: remove-ram slot=0 frames=0\n"));
	take(&after);
	same(&before, &after);
}
END_TEST

/* A DIMM whose headers do not fit the fixed window pays for them itself,
 * but the grown part's page tables come from the reserve (they must lie
 * below 4 GiB) and go back to it when the DIMM leaves; without them in the
 * reserve the DIMM is refused and nothing changes. */
START_TEST(hotplug_ram_grown_window_tables_from_the_reserve)
{
	struct snap before, during, after;
	uint64_t frames = 0;

	host_hdrwin_pages = 10; /* 16 header pages do not fit */
	kstub_machine(1000, 100);
	host_hdrwin_grow_regions = 4; /* 2 regions of 8 pages hold them */
	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OK);
	ck_assert_ptr_nonnull(strstr(host_console, "headers=16 tables=2\n"));
	take(&during);
	ck_assert_uint_eq(host_hdrwin_tables_set(), 2);
	ck_assert_uint_eq(during.c[LEDGER_RESERVE], before.c[LEDGER_RESERVE] - 2);
	ck_assert_uint_eq(during.c[LEDGER_HEADER_REGION], before.c[LEDGER_HEADER_REGION] + 18);
	ck_assert_uint_eq(during.c[LEDGER_BANKED], before.c[LEDGER_BANKED] + DIMM_FRAMES - 16);
	ck_assert_uint_eq(ledger_count(LEDGER_HEADER_REGION), hdrregion_frames());
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(DIMM_BASE + 0xf000)), PT_HDR);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(DIMM_BASE + 0x10000)), PT_FREE);
	ck_assert_int_eq(hotplug_remove_ram(0, &frames), ERR_OK);
	ck_assert_uint_eq(frames, DIMM_FRAMES);
	ck_assert_uint_eq(host_hdrwin_tables_set(), 0);
	take(&after);
	same(&before, &after);

	kstub_machine(1000, 1);
	host_hdrwin_grow_regions = 4;
	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_NOMEM);
	ck_assert_ptr_nonnull(strstr(host_console, "needs 2 page-table frames from the reserve "
						   "for its headers; short=1\n"));
	take(&after);
	same(&before, &after);
	host_hdrwin_pages = 256;
}
END_TEST

START_TEST(hotplug_ram_window_or_table_full)
{
	struct snap before, after;

	host_hdrwin_pages = 10; /* 16 header pages do not fit */
	kstub_machine(1000, 100);
	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_ram(0, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_NOMEM);
	ck_assert_ptr_nonnull(strstr(host_console, ": header window full\n"));
	take(&after);
	same(&before, &after);
	host_hdrwin_pages = 256;

	/* 16 table slots: 0 unused, 1 boot RAM, 14 DIMMs of 2 frames fill it */
	kstub_machine(1000, 100);
	for (unsigned i = 0; i < 14; i++)
		ck_assert_int_eq(
			hotplug_add_ram(i, DIMM_BASE + i * 0x10000ull, 2 * PAGE_SIZE, LIMIT_36),
			ERR_OK);
	take(&before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_ram(14, DIMM_BASE + DIMM_LEN, DIMM_LEN, LIMIT_36), ERR_FULL);
	ck_assert_ptr_nonnull(strstr(host_console, ": range table full\n"));
	take(&after);
	same(&before, &after);
}
END_TEST

/* DIMM slots and bus slots are separate namespaces. */
START_TEST(hotplug_ram_and_device_same_slot)
{
	static const struct hotplug_window w = { 0xfe000000, 0x1000 };
	struct snap before, after;
	uint64_t short_by, frames;

	kstub_machine(1000, 100);
	take(&before);
	ck_assert_int_eq(hotplug_add_device(3, &w, 1, &short_by), ERR_OK);
	ck_assert_int_eq(hotplug_add_ram(3, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OK);
	ck_assert_uint_eq(hotplug_remove_slot(3), 1);
	ck_assert_ptr_nonnull(pagehdr_of_pa(DIMM_BASE));
	ck_assert_int_eq(hotplug_remove_ram(3, &frames), ERR_OK);
	ck_assert_uint_eq(frames, DIMM_FRAMES);
	take(&after);
	same(&before, &after);
}
END_TEST

/* A machine with a listening bank and the DIMM in slot 1, the bank holding
 * 64 frames of it (RANGE_OP_TAKE above the DIMM's base). */
static void ram_held_machine(struct snap *before, pa_t *held)
{
	struct cap none;

	kstub_machine(1000, 100);
	budget_relax(50);
	cap_clear(&none);
	budget_chan_bind(&none);
	take(before);
	ck_assert_int_eq(hotplug_add_ram(1, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OK);
	ck_assert_int_eq(chunk_take_from(64, false, DIMM_BASE, held), ERR_OK);
	ck_assert_uint_eq(*held, DIMM_BASE + 0x40000); /* the first aligned run past the headers */
	while (budget_chan_queued()) {
		struct budget_ev ev;
		uint32_t drops;

		budget_chan_take(&ev, &drops);
	}
}

/* Frames the bank holds: removal asks it; what it gives back decides. */
START_TEST(hotplug_ram_release_asked_then_removed)
{
	struct snap before, after;
	struct budget_ev ev;
	uint32_t drops;
	uint64_t frames = 99;
	pa_t held;

	ram_held_machine(&before, &held);
	kstub_reset();
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_PENDING);
	ck_assert_uint_eq(frames, 0);
	ck_assert_str_eq(host_console,
			 "hotplug: remove-ram pending slot=1 busy=64: release asked\n");
	ck_assert(budget_chan_take(&ev, &drops));
	ck_assert_uint_eq(ev.kind, BEV_RELEASE_RANGE);
	ck_assert_uint_eq(ev.a, DIMM_BASE >> PAGE_SHIFT);
	ck_assert_uint_eq(ev.b, DIMM_FRAMES);
	/* asked again before the answer: no second request */
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_PENDING);
	ck_assert_uint_eq(budget_chan_queued(), 0);
	ck_assert_int_eq(chunk_give(held, 64), ERR_OK);
	kstub_reset();
	ck_assert_uint_eq(hotplug_ram_release_done(), BUDGET_REMOVED);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: remove-ram slot=1 frames=4096\n"));
	ck_assert_ptr_nonnull(strstr(host_console, "budget: lowered="));
	ck_assert_int_eq(host_ram_decided, 1 << 1 | 1);
	take(&after);
	same(&before, &after);
	ck_assert_uint_eq(hotplug_ram_release_done(), BUDGET_NONE);
}
END_TEST

START_TEST(hotplug_ram_release_kept_while_in_use)
{
	struct snap before, plugged, after;
	uint64_t frames = 99;
	pa_t held;

	ram_held_machine(&before, &held);
	take(&plugged);
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_PENDING);
	kstub_reset();
	ck_assert_uint_eq(hotplug_ram_release_done(), BUDGET_KEPT);
	ck_assert_str_eq(host_console, "hotplug: remove-ram refused slot=1 busy=64\n");
	ck_assert_int_eq(host_ram_decided, 1 << 1 | 0);
	take(&after);
	same(&plugged, &after);
	/* the next device_del asks again */
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_PENDING);
	ck_assert_int_eq(chunk_give(held, 64), ERR_OK);
	ck_assert_uint_eq(hotplug_ram_release_done(), BUDGET_REMOVED);
	take(&after);
	same(&before, &after);
}
END_TEST

/* A DIMM whose frames are in use is refused at once, asking nobody, when
 * no bank listens or the budget is still conservative (nothing banked has
 * been promised away yet); and a second DIMM waits while the first is asked
 * about. */
START_TEST(hotplug_ram_busy_refused_without_a_bank_to_ask)
{
	struct snap before, plugged, after;
	uint64_t frames = 99;
	pa_t held, held2;
	struct cap none;
	struct budget_ev ev;
	uint32_t drops;

	/* conservative budget, a bank listening */
	kstub_machine(1000, 100);
	cap_clear(&none);
	budget_chan_bind(&none);
	ck_assert_int_eq(hotplug_add_ram(1, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OK);
	ck_assert_int_eq(chunk_take_from(64, false, DIMM_BASE, &held), ERR_OK);
	take(&plugged);
	kstub_reset();
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_BUSY);
	ck_assert_uint_eq(frames, 0);
	ck_assert_str_eq(host_console, "hotplug: remove-ram refused slot=1 busy=64\n");
	ck_assert_uint_eq(hotplug_ram_release_done(), BUDGET_NONE); /* nothing asked */
	take(&after);
	same(&plugged, &after);

	/* relaxed, but no bank has attached to the channel */
	budget_chan_reset();
	kstub_machine(1000, 100);
	budget_relax(50);
	ck_assert(!budget_chan_attached());
	ck_assert_int_eq(hotplug_add_ram(1, DIMM_BASE, DIMM_LEN, LIMIT_36), ERR_OK);
	ck_assert_int_eq(chunk_take_from(64, false, DIMM_BASE, &held), ERR_OK);
	kstub_reset();
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_BUSY);
	while (budget_chan_take(&ev, &drops))
		ck_assert_uint_ne(ev.kind, BEV_RELEASE_RANGE);

	/* a bank, two DIMMs in use: the second waits while the first is asked */
	ram_held_machine(&before, &held);
	ck_assert_int_eq(hotplug_add_ram(2, DIMM_BASE + DIMM_LEN, DIMM_LEN, LIMIT_36), ERR_OK);
	ck_assert_int_eq(chunk_take_from(64, false, DIMM_BASE + DIMM_LEN, &held2), ERR_OK);
	ck_assert_int_eq(hotplug_remove_ram(1, &frames), ERR_PENDING);
	take(&plugged);
	kstub_reset();
	ck_assert_int_eq(hotplug_remove_ram(2, &frames), ERR_BUSY);
	ck_assert_str_eq(host_console, "hotplug: remove-ram refused slot=2 busy=64\n");
	take(&after);
	same(&plugged, &after);
	/* the first is given back and leaves; then the second is asked */
	ck_assert_int_eq(chunk_give(held, 64), ERR_OK);
	ck_assert_uint_eq(hotplug_ram_release_done(), BUDGET_REMOVED);
	ck_assert_int_eq(hotplug_remove_ram(2, &frames), ERR_PENDING);
	ck_assert_int_eq(chunk_give(held2, 64), ERR_OK);
	ck_assert_uint_eq(hotplug_ram_release_done(), BUDGET_REMOVED);
	take(&after);
	same(&before, &after);
}
END_TEST

Suite *hotplug_ram_suite(void)
{
	Suite *s = suite_create("hotplug_ram");
	TCase *tc = tcase_create("hotplug_ram");

	tcase_add_test(tc, hotplug_ram_add_remove_returns_ledger);
	tcase_add_test(tc, hotplug_ram_cycles_after_seal_no_drift);
	tcase_add_test(tc, hotplug_ram_no_mmu);
	tcase_add_test(tc, hotplug_ram_needs_no_reserve);
	tcase_add_test(tc, hotplug_ram_refused_above_limit);
	tcase_add_test(tc, hotplug_ram_busy_refuses_removal);
	tcase_add_test(tc, hotplug_ram_bad_input_changes_nothing);
	tcase_add_test(tc, hotplug_ram_window_or_table_full);
	tcase_add_test(tc, hotplug_ram_grown_window_tables_from_the_reserve);
	tcase_add_test(tc, hotplug_ram_and_device_same_slot);
	tcase_add_test(tc, hotplug_ram_release_asked_then_removed);
	tcase_add_test(tc, hotplug_ram_release_kept_while_in_use);
	tcase_add_test(tc, hotplug_ram_busy_refused_without_a_bank_to_ask);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(hotplug_ram)
