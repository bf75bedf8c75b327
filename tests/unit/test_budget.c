/* Unit tests for the budget channel (kernel/mem/budget_chan.c, svc_budget.c),
 * reclaim (kernel/hotplug/reclaim.c), held runs (kernel/mem/chunk.c,
 * svc_range_hold.c) and the unmapping of a device that leaves. */
#include <check.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/chunk.h>
#include <kernel/hotplug.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/objmem.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

/* 64 MiB + 4 KiB: 33 header pages */
static const struct hotplug_window ivshmem[2] = { { 0xfe000000, 0x1000 },
						  { 0x800000000ull, 0x4000000 } };

static struct budget_ev next(uint32_t *drops)
{
	struct budget_ev ev;

	ck_assert(budget_chan_take(&ev, drops));
	return ev;
}

START_TEST(budget_events_in_order)
{
	struct budget_ev ev;
	uint32_t drops;

	kstub_machine(1000, 100);
	budget_event(BEV_CONSERVATIVE, 0, 0);
	budget_relax(10);
	budget_event(BEV_RELAXED, 90, 0);
	ck_assert_uint_eq(budget_chan_queued(), 2);
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_CONSERVATIVE);
	ck_assert_uint_eq(ev.budget, 900);
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_RELAXED);
	ck_assert_uint_eq(ev.budget, 990);
	ck_assert_uint_eq(ev.a, 90);
	ck_assert_uint_eq(drops, 0);
	ck_assert(!budget_chan_take(&ev, &drops));
}
END_TEST

/* Returned tables never go through the ring, so an overflow cannot drop
 * one: they come after the requests and before the ring, oldest first. Room
 * is counted, and the waiting returns of a process that goes are dropped. */
START_TEST(budget_tables_returned_apart_from_the_ring)
{
	struct budget_ev ev;
	uint32_t drops;

	kstub_machine(1000, 100);
	for (unsigned i = 0; i < BUDGET_RING + 3; i++)
		budget_event(BEV_DEVICE_ADD, i, 1);
	ck_assert(budget_chan_table_room(BUDGET_TABLES));
	for (unsigned i = 0; i < BUDGET_TABLES; i++)
		budget_chan_table_returned(i % 2 ? 0x5001 : 0x6002, (pa_t)(0x100 + i)
									    << PAGE_SHIFT);
	ck_assert(!budget_chan_table_room(1));
	ck_assert_uint_eq(budget_chan_queued(), BUDGET_RING + BUDGET_TABLES);
	budget_chan_forget_tables(0x5001);
	ck_assert(budget_chan_table_room(BUDGET_TABLES / 2));
	ck_assert(!budget_chan_table_room(BUDGET_TABLES / 2 + 1));
	budget_chan_ask_release(7, 8);
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_RELEASE_RANGE);
	for (unsigned i = 0; i < BUDGET_TABLES; i += 2) {
		ev = next(&drops);
		ck_assert_uint_eq(ev.kind, BEV_TABLE_RETURNED);
		ck_assert_uint_eq(ev.a, 0x100 + i);
		ck_assert_uint_eq(ev.b, 0x6002);
		ck_assert_uint_eq(drops, 0);
	}
	ck_assert(budget_chan_table_room(BUDGET_TABLES));
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_DEVICE_ADD);
	ck_assert_uint_eq(ev.a, 0);
	ck_assert_uint_eq(budget_chan_queued(), BUDGET_RING - 1);
}
END_TEST

/* budget_chan_queued is a count kept beside the ring, the requests and the
 * tables (the fastpath tests it alone): through overflow, a request asked
 * twice, a reclaim withdrawn twice and a process's tables forgotten, it is
 * what the takes then give, and 0 once they are all taken. */
START_TEST(budget_queued_is_what_the_takes_give)
{
	struct budget_ev ev;
	uint32_t drops;
	unsigned n, taken = 0;

	kstub_machine(1000, 100);
	for (unsigned i = 0; i < BUDGET_RING + 5; i++)
		budget_event(BEV_DEVICE_ADD, i, 1);
	ck_assert_uint_eq(budget_chan_queued(), BUDGET_RING);
	budget_chan_ask_release(7, 8);
	budget_chan_ask_release(9, 10);
	budget_chan_ask_reclaim(4, 0);
	budget_chan_ask_reclaim(5, 0);
	ck_assert_uint_eq(budget_chan_queued(), BUDGET_RING + 2);
	ck_assert(budget_chan_withdraw_reclaim());
	ck_assert(!budget_chan_withdraw_reclaim());
	for (unsigned i = 0; i < 6; i++)
		budget_chan_table_returned(i % 3 ? 0x5001 : 0x6002, (pa_t)(0x100 + i)
									    << PAGE_SHIFT);
	budget_chan_forget_tables(0x5001);
	n = budget_chan_queued();
	ck_assert_uint_eq(n, BUDGET_RING + 1 + 2);
	while (budget_chan_take(&ev, &drops))
		taken++;
	ck_assert_uint_eq(taken, n);
	ck_assert_uint_eq(budget_chan_queued(), 0);
}
END_TEST

/* A table returned with no room left (the caller must ask first) is a
 * kernel bug: a panic, the recorded tables intact. */
START_TEST(budget_table_returned_without_room_panics)
{
	kstub_machine(1000, 100);
	for (unsigned i = 0; i < BUDGET_TABLES; i++)
		budget_chan_table_returned(0x5001, (pa_t)(0x100 + i) << PAGE_SHIFT);
	ck_assert(!budget_chan_table_room(1));
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		budget_chan_table_returned(0x5001, (pa_t)0x999 << PAGE_SHIFT);
		ck_abort_msg("no panic");
	}
	ck_assert_str_eq(kstub_panic_message(),
			 "budget: a table returned without room (budget_chan_table_room)");
	ck_assert_uint_eq(budget_chan_queued(), BUDGET_TABLES);
}
END_TEST

/* A full ring keeps its size; the newest slot carries the latest budget and
 * counts every event coalesced into it. */
START_TEST(budget_overflow_coalesces_and_counts)
{
	struct budget_ev ev;
	uint32_t drops;

	kstub_machine(1000, 100);
	kstub_reset();
	for (unsigned i = 0; i < BUDGET_RING + 10; i++)
		budget_event(BEV_DEVICE_ADD, i, 1);
	ledger_move(LEDGER_ABSENT, LEDGER_BANKED, 5); /* the latest budget is 905 */
	budget_event(BEV_RAISED, 5, 0);
	ck_assert_uint_eq(budget_chan_queued(), BUDGET_RING);
	ck_assert_uint_eq(budget_chan_drops(), 12);
	ck_assert_ptr_nonnull(strstr(host_console, "budget-events: ring of"));
	for (unsigned i = 0; i < BUDGET_RING - 1; i++) {
		ev = next(&drops);
		ck_assert_uint_eq(ev.kind, BEV_DEVICE_ADD);
		ck_assert_uint_eq(ev.a, i);
	}
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_OVERFLOW);
	ck_assert_uint_eq(ev.budget, 905);
	ck_assert_uint_eq(drops, 12);
	/* Room again: events queue normally. */
	budget_event(BEV_LOWERED, 1, 0);
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_LOWERED);
	ck_assert_uint_eq(drops, 0);
}
END_TEST

/* A machine with 10 reserve frames kept and 90 released, a listening bank,
 * and a device that needs 33 header frames. */
static void reclaim_machine(void)
{
	struct cap none;
	uint64_t short_by = 0;

	kstub_machine(1000, 100);
	budget_relax(10);
	cap_clear(&none);
	budget_chan_bind(&none); /* a bank takes events */
	kstub_reset();
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(short_by, 23);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: pending slot=4 short=23"));
	ck_assert_int_eq(host_dev_decided, -1); /* nothing decided yet */
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 23);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 0);
}

START_TEST(reclaim_request_first_then_device_added)
{
	struct budget_ev ev;
	uint32_t drops;
	uint64_t taken, budget;

	reclaim_machine();
	budget_event(BEV_RAISED, 1, 0);
	ev = next(&drops); /* the request jumps the queue */
	ck_assert_uint_eq(ev.kind, BEV_RECLAIM);
	ck_assert_uint_eq(ev.a, 23);
	ck_assert_uint_eq(ev.b, 4);
	budget = budget_frames();
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 23);
	ck_assert_uint_eq(budget_frames(), budget - 23);
	ck_assert_ptr_nonnull(strstr(host_console, "budget: reclaimed="));
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: add slot=4 pa=0x800000000"));
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 16385);
	ck_assert_int_eq(host_dev_decided, 4 << 1 | 1); /* the bus driver hears it */
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 0);
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_NONE);
	ck_assert_int_eq(host_dev_decided, -1);
	ck_assert_uint_eq(taken, 0);
	ck_assert_uint_eq(hotplug_remove_slot(4), 16385);
}
END_TEST

START_TEST(reclaim_declined_refuses_and_changes_nothing)
{
	uint64_t taken, banked;

	reclaim_machine();
	banked = ledger_count(LEDGER_BANKED);
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(0, &taken), BUDGET_REFUSED);
	ck_assert_uint_eq(taken, 0);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: refused slot=4 short=23"));
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 0);
	ck_assert_int_eq(host_dev_decided, 4 << 1); /* refused, and told so */
	ck_assert_uint_eq(host_dev_decided_short, 23);
}
END_TEST

/* Frames the bank holds are never taken, whatever it consents to. */
START_TEST(reclaim_never_takes_held_frames)
{
	uint64_t taken, budget;
	pa_t base;

	reclaim_machine();
	/* Hold everything the reserve released (its top 90 frames, in runs). */
	while (chunk_take(1, false, &base) == ERR_OK)
		;
	budget = budget_frames();
	ck_assert_uint_eq(hotplug_reclaim_answer(1000, &taken), BUDGET_REFUSED);
	ck_assert_uint_eq(taken, 0);
	ck_assert_uint_eq(budget_frames(), budget);
}
END_TEST

START_TEST(reclaim_cancelled_when_device_leaves)
{
	uint64_t taken;

	reclaim_machine();
	ck_assert_uint_eq(hotplug_remove_slot(4), 0);
	ck_assert_uint_eq(hotplug_reclaim_wanted(), 0);
	ck_assert_uint_eq(hotplug_reclaim_answer(100, &taken), BUDGET_NONE);
	ck_assert_int_eq(host_dev_decided, -1); /* the removal was the bus's own */
}
END_TEST

/* All or nothing: a consent short of the shortage takes nothing. */
START_TEST(reclaim_partial_consent_takes_nothing)
{
	uint64_t taken, banked, reserve;

	reclaim_machine();
	banked = ledger_count(LEDGER_BANKED);
	reserve = ledger_count(LEDGER_RESERVE);
	kstub_reset();
	ck_assert_uint_eq(hotplug_reclaim_answer(22, &taken), BUDGET_REFUSED);
	ck_assert_uint_eq(taken, 0);
	ck_assert_ptr_null(strstr(host_console, "budget: reclaimed="));
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: refused slot=4 short=23"));
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), reserve);
	ck_assert_uint_eq(budget_chan_queued(), 1); /* the request only, no lowering */
	ledger_check();
}
END_TEST

/* Fewer released frames free than the shortage: none is taken, and the
 * free ones stay free (banked), not stranded in the reserve. */
START_TEST(reclaim_too_few_free_takes_nothing)
{
	uint64_t taken, banked;

	reclaim_machine();
	/* The released frames are 910..999; the bank holds 930.. */
	for (unsigned i = 930; i < 1000; i++)
		pagehdr_set_type(pagehdr_at(kstub_ram_range(), i), PT_HELD);
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_uint_eq(hotplug_reclaim_answer(1000, &taken), BUDGET_REFUSED);
	ck_assert_uint_eq(taken, 0);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ck_assert_uint_eq(pagehdr_type(pagehdr_at(kstub_ram_range(), 910)), PT_FREE);
	ck_assert_uint_eq(reserve_released(), 90);
	ledger_check();
}
END_TEST

static void ledger_snapshot(uint64_t *v)
{
	for (unsigned s = 0; s < LEDGER_STATE_COUNT; s++)
		v[s] = ledger_count(s);
}

static void ledger_same(const uint64_t *v)
{
	for (unsigned s = 0; s < LEDGER_STATE_COUNT; s++)
		ck_assert_uint_eq(ledger_count(s), v[s]);
}

/* The device leaves: its headers go back to the reserve, and the frames
 * reclaimed for it go back to banked, so the ledger is the one before. */
START_TEST(reclaim_returned_when_device_leaves)
{
	uint64_t before[LEDGER_STATE_COUNT], taken, budget;
	struct budget_ev ev;
	uint32_t drops;

	reclaim_machine();
	ledger_snapshot(before);
	budget = budget_frames();
	ck_assert_uint_eq(hotplug_reclaim_answer(23, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 23);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), before[LEDGER_RESERVE] + 23 - 33);
	while (budget_chan_take(&ev, &drops))
		;
	kstub_reset();
	ck_assert_uint_eq(hotplug_remove_slot(4), 16385);
	ledger_same(before);
	ck_assert_uint_eq(budget_frames(), budget);
	ck_assert_ptr_nonnull(strstr(host_console, "budget: returned="));
	ck_assert_uint_eq(reserve_free(), 10);
	ck_assert_uint_eq(reserve_released(), 90);
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_DEVICE_REMOVE);
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_DEVICE_REMOVE);
	ev = next(&drops);
	ck_assert_uint_eq(ev.kind, BEV_RETURNED);
	ck_assert_uint_eq(ev.a, 23);
	ck_assert_uint_eq(ev.budget, budget);
	ledger_check();
}
END_TEST

/* Returning never eats into the headroom relaxing left: with another device
 * still using reserve frames, only what exceeds the headroom goes back. */
START_TEST(reclaim_return_keeps_headroom)
{
	/* 10 MiB: 5 header pages of the 10 kept */
	static const struct hotplug_window small = { 0xc0000000, 0xa00000 };
	uint64_t before[LEDGER_STATE_COUNT], short_by = 0, taken;
	struct cap none;

	kstub_machine(1000, 100);
	budget_relax(10);
	cap_clear(&none);
	budget_chan_bind(&none);
	ledger_snapshot(before);
	ck_assert_int_eq(hotplug_add_device(3, &small, 1, &short_by), ERR_OK);
	ck_assert_uint_eq(short_by, 0);
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(short_by, 28);
	ck_assert_uint_eq(hotplug_reclaim_answer(28, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 28);
	kstub_reset();
	ck_assert_uint_eq(hotplug_remove_slot(3), 2560);
	ck_assert_ptr_null(strstr(host_console, "budget: returned="));
	ck_assert_uint_eq(reserve_free(), 5);
	ck_assert_uint_eq(hotplug_remove_slot(4), 16385);
	ck_assert_uint_eq(reserve_free(), 10);
	ledger_same(before);
	ledger_check();
}
END_TEST

/* The cheapest run: fewest released frames among runs of free frames and
 * released ones the predicate accepts. */
static pa_t run_cost_blocked;
static bool run_cost_ok(pa_t pa)
{
	return pa != run_cost_blocked;
}

START_TEST(reserve_run_cost_fewest_released)
{
	uint64_t first = 0;

	kstub_machine(1000, 100);
	budget_relax(10); /* reserve frames 0..9 free, 10..99 released */
	run_cost_blocked = 0;
	ck_assert_uint_eq(reserve_run_cost(10, run_cost_ok, &first), 0);
	ck_assert_uint_eq(first, 0);
	ck_assert_uint_eq(reserve_run_cost(33, run_cost_ok, &first), 23);
	ck_assert_uint_eq(first, 0);
	/* Released frame 10 (ram frame 910) is in use: the run starts after it. */
	run_cost_blocked = KSTUB_RAM_BASE + (910ull << PAGE_SHIFT);
	ck_assert_uint_eq(reserve_run_cost(33, run_cost_ok, &first), 33);
	ck_assert_uint_eq(first, 11);
	ck_assert_uint_eq(reserve_run_cost(90, run_cost_ok, &first), RESERVE_NO_RUN);
	ck_assert_uint_eq(reserve_run_cost(0, run_cost_ok, &first), RESERVE_NO_RUN);
	ck_assert_uint_eq(reserve_released(), 90); /* nothing changed */
}
END_TEST

/* No MMU: the released frame next to the free ones is the bank's, so the
 * device asks for a whole run of released frames and gets exactly that run;
 * when it leaves, the ledger is the one before. */
START_TEST(reclaim_no_mmu_asks_for_a_run)
{
	uint64_t before[LEDGER_STATE_COUNT], short_by = 0, taken;
	struct cap none;

	host_hdrwin_needs_run = true;
	kstub_machine(1000, 100);
	budget_relax(10);
	cap_clear(&none);
	budget_chan_bind(&none);
	pagehdr_set_type(pagehdr_at(kstub_ram_range(), 910), PT_HELD);
	ledger_snapshot(before);
	kstub_reset();
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(short_by, 33);
	ck_assert_ptr_nonnull(strstr(host_console, "hotplug: pending slot=4 short=33"));
	ck_assert_uint_eq(hotplug_reclaim_answer(32, &taken), BUDGET_REFUSED);
	ck_assert_uint_eq(taken, 0);
	ck_assert_int_eq(host_dev_decided, 4 << 1);
	ck_assert_uint_eq(host_dev_decided_short, 23);
	ledger_same(before);

	kstub_reset();
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_PENDING);
	ck_assert_uint_eq(hotplug_reclaim_answer(33, &taken), BUDGET_ADDED);
	ck_assert_uint_eq(taken, 33);
	ck_assert_int_eq(host_dev_decided, 4 << 1 | 1);
	ck_assert_uint_eq(pagehdr_type(pagehdr_at(kstub_ram_range(), 910)), PT_HELD);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 16385);
	ck_assert_uint_eq(hotplug_remove_slot(4), 16385);
	ledger_same(before);
	ledger_check();
	host_hdrwin_needs_run = false;
}
END_TEST

START_TEST(reclaim_not_asked_without_bank)
{
	uint64_t short_by = 0;

	kstub_machine(1000, 100);
	budget_relax(10);
	ck_assert_int_eq(hotplug_add_device(4, ivshmem, 2, &short_by), ERR_NOMEM);
	ck_assert_uint_eq(short_by, 23);
	ck_assert_uint_eq(budget_chan_queued(), 0);
}
END_TEST

START_TEST(hold_runs_aligned_and_given_back)
{
	pa_t a, b;
	uint64_t banked;

	kstub_machine(1000, 100);
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_int_eq(chunk_take(64, false, &a), ERR_OK);
	ck_assert_uint_eq(a % (64 * PAGE_SIZE), 0);
	ck_assert_int_eq(chunk_take(64, false, &b), ERR_OK);
	ck_assert(b >= a + 64 * PAGE_SIZE || b + 64 * PAGE_SIZE <= a);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(a + 63 * PAGE_SIZE)), PT_HELD);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked); /* still banked */
	ledger_check();
	ck_assert_int_eq(chunk_take(3, false, &b), ERR_INVAL);
	ck_assert_int_eq(chunk_take(1024, false, &b), ERR_NOMEM);
	ck_assert_int_eq(chunk_give(a, 64), ERR_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(a)), PT_FREE);
	ck_assert_int_eq(chunk_give(a, 1), ERR_INVAL);
}
END_TEST

/* RANGE_CREATE_UNZEROED: a Page in a held frame named keeps what the frame
 * held; without it the Page is zeroed; any other type, a frame not named,
 * or a frame not held is refused and changes nothing. */
START_TEST(range_create_unzeroed_only_pages_in_held_frames)
{
	struct process *p;
	uint32_t base;
	volatile uint32_t *word;
	uint64_t objects;

	ustub_machine(64);
	p = ustub_process();
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 8, 1, 0, 0, 0),
			 INV_OK);
	base = ustub_result(p, 1);
	word = objmem_kva(base);
	ck_assert_int_eq(
		ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 1, base, 0, 0),
		INV_OK);
	word[3] = 0x5eed;
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, base, 0,
				      RANGE_KEEP_HELD, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 1, CAP_OP_DELETE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	objects = ledger_count(LEDGER_OBJECTS);
	/* refused: another type, any frame, a frame that is not held */
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
				      CT_ENDPOINT | RANGE_CREATE_UNZEROED, 1, base, 0, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
				      CT_PAGE | RANGE_CREATE_UNZEROED, 1, RANGE_ANY, RANGE_ANY, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, base + 7 * PAGE_SIZE,
				      0, 1, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
				      CT_PAGE | RANGE_CREATE_UNZEROED, 1, base + 7 * PAGE_SIZE, 0,
				      0),
			 INV_ERR_ARG); /* free, not held */
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert(cap_is_empty(&p->cregs[1]));
	/* kept: the same contents, and an ordinary Page capability */
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
				      CT_PAGE | RANGE_CREATE_UNZEROED, 1, base, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(word[3], 0x5eed);
	ck_assert_uint_eq(p->cregs[1].type, CT_PAGE);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, base, 0,
				      RANGE_KEEP_HELD, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 1, CAP_OP_DELETE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	/* without the flag: zeroed */
	ck_assert_int_eq(
		ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 1, base, 0, 0),
		INV_OK);
	ck_assert_uint_eq(word[3], 0);
	ledger_check();
}
END_TEST

/* Through invocations: a held frame is used only when named, comes back
 * held with RANGE_KEEP_HELD, and WAIT delivers queued events. */
START_TEST(range_hold_and_budget_wait)
{
	struct process *p;
	uint32_t base;

	ustub_machine(64);
	p = ustub_process();
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 8, 1, 0, 0, 0),
			 INV_OK);
	base = ustub_result(p, 1);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 1,
				      base + PAGE_SIZE, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(base + PAGE_SIZE)), PT_OBJ_ENDPOINT);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE,
				      base + PAGE_SIZE, 0, RANGE_KEEP_HELD, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(base + PAGE_SIZE)), PT_HELD);
	ck_assert_int_eq(ustub_invoke(p, 1, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_CAP_STALE);
	ck_assert_int_eq(
		ustub_invoke(p, 0, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, base, 0, 0, 0, 0),
		INV_ERR_ARG); /* held, not an object */
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, base, 0, 8, 0, 0),
			 INV_OK);
	ledger_check();

	cap_mint_service(&p->cregs[2], CT_BUDGET, CR_ALL);
	ck_assert_int_eq(
		ustub_invoke(p, 2, BUDGET_OP_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_WOULD_BLOCK);
	ck_assert(budget_chan_attached());
	ck_assert_int_eq(ustub_invoke(p, 2, BUDGET_OP_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(p->state, PS_RECV);
	budget_event(BEV_RAISED, 7, 1);
	ck_assert_uint_eq(p->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(p, 0), INV_OK);
	ck_assert_uint_eq(BEV_KIND(ustub_result(p, 1)), BEV_RAISED);
	ck_assert_uint_eq(ustub_result(p, 3), 7);
	ck_assert_uint_eq(ustub_result(p, 5), BUDGET_BADGE);
	cap_restrict(&p->cregs[3], &p->cregs[2], CR_WRITE);
	ck_assert_int_eq(ustub_invoke(p, 3, BUDGET_OP_RECLAIM, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			 INV_ERR_RIGHTS);
}
END_TEST

/* A process bound to the channel through an endpoint receives events there. */
START_TEST(budget_bound_endpoint_receives)
{
	struct process *p;

	ustub_machine(64);
	p = ustub_process();
	cap_mint_service(&p->cregs[2], CT_BUDGET, CR_ALL);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 1,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 2, BUDGET_OP_BIND, 1, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 1, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	budget_event(BEV_LOWERED, 3, 0);
	ck_assert_uint_eq(p->state, PS_RUNNABLE);
	ck_assert_uint_eq(BEV_KIND(ustub_result(p, 1)), BEV_LOWERED);
	ck_assert_uint_eq(ustub_result(p, 5), BUDGET_BADGE);
	/* Queued first, received at once. */
	budget_event(BEV_RAISED, 4, 0);
	ck_assert_int_eq(ustub_invoke(p, 1, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(BEV_KIND(ustub_result(p, 1)), BEV_RAISED);
}
END_TEST

/* Events go to the bound endpoint only: a receive on another one waits for
 * its own senders, and once the bound endpoint is destroyed no receive gets
 * them (the bank binds anew); the events stay queued. */
START_TEST(budget_events_only_through_the_bound_endpoint)
{
	struct process *p;

	ustub_machine(64);
	p = ustub_process();
	cap_mint_service(&p->cregs[2], CT_BUDGET, CR_ALL);
	for (unsigned reg = 1; reg <= 3; reg += 2)
		ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
					      CT_ENDPOINT, reg, RANGE_ANY, RANGE_ANY, 0),
				 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 2, BUDGET_OP_BIND, 1, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	budget_event(BEV_RAISED, 4, 0);
	ck_assert_uint_eq(budget_chan_queued(), 1);
	ck_assert_int_eq(
		ustub_invoke(p, 3, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_WOULD_BLOCK);
	ck_assert_uint_eq(budget_chan_queued(), 1);
	/* endpoint 1 destroyed: the binding names nothing */
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(
		ustub_invoke(p, 3, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_WOULD_BLOCK);
	ck_assert_uint_eq(budget_chan_queued(), 1);
	/* bound again, to endpoint 3: the queued event arrives there */
	ck_assert_int_eq(ustub_invoke(p, 2, BUDGET_OP_BIND, 3, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_int_eq(
		ustub_invoke(p, 3, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_NO_RESULT);
	ck_assert_uint_eq(BEV_KIND(ustub_result(p, 1)), BEV_RAISED);
	ck_assert_uint_eq(ustub_result(p, 5), BUDGET_BADGE);
	ck_assert_uint_eq(budget_chan_queued(), 0);
}
END_TEST

Suite *budget_suite(void)
{
	Suite *s = suite_create("budget");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, budget_events_in_order);
	tcase_add_test(tc, budget_overflow_coalesces_and_counts);
	tcase_add_test(tc, budget_tables_returned_apart_from_the_ring);
	tcase_add_test(tc, budget_queued_is_what_the_takes_give);
	tcase_add_test(tc, budget_table_returned_without_room_panics);
	tcase_add_test(tc, reclaim_request_first_then_device_added);
	tcase_add_test(tc, reclaim_declined_refuses_and_changes_nothing);
	tcase_add_test(tc, reclaim_never_takes_held_frames);
	tcase_add_test(tc, reclaim_cancelled_when_device_leaves);
	tcase_add_test(tc, reclaim_not_asked_without_bank);
	tcase_add_test(tc, reclaim_partial_consent_takes_nothing);
	tcase_add_test(tc, reclaim_too_few_free_takes_nothing);
	tcase_add_test(tc, reclaim_returned_when_device_leaves);
	tcase_add_test(tc, reclaim_return_keeps_headroom);
	tcase_add_test(tc, reserve_run_cost_fewest_released);
	tcase_add_test(tc, reclaim_no_mmu_asks_for_a_run);
	tcase_add_test(tc, hold_runs_aligned_and_given_back);
	tcase_add_test(tc, range_hold_and_budget_wait);
	tcase_add_test(tc, range_create_unzeroed_only_pages_in_held_frames);
	tcase_add_test(tc, budget_bound_endpoint_receives);
	tcase_add_test(tc, budget_events_only_through_the_bound_endpoint);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(budget)
