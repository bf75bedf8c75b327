/* Unit tests for grants and upcalls (kernel/obj/grant.c, kernel/ipc/upcall.c,
 * kernel/obj/alarm.c): the slot queue's drop count, lazy grants in grant
 * frames, refusals, alarms, notifications and what dies with a process. */
#include <check.h>

#include <kernel/alarm.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define R_GF 2 /* a GrantFrame */
#define R_SLEEP 3
#define R_GF2 4

static struct process *p;

static int inv(unsigned cap, unsigned op, unsigned send, uint32_t w0, uint32_t w1, uint32_t w2,
	       uint32_t w3)
{
	return ustub_invoke(p, cap, op, send, CAP_NONE, w0, w1, w2, w3, 0);
}

static int take(struct process *q)
{
	return ustub_invoke(q, CAP_SELF, PROC_OP_UPCALL_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0,
			    INV_F_NONBLOCK);
}

static void setup(void)
{
	ustub_machine(64);
	p = ustub_process();
	cap_mint_service(&p->cregs[R_SLEEP], CT_SLEEP, CR_ALL);
}

/* Q+K posts into Q slots: Q kept in order, K counted and reported once. */
START_TEST(grant_upcall_queue_drops)
{
	struct upcall_queue q = { 0 };
	struct upcall_slot s;
	uint32_t dropped = 99;

	for (unsigned i = 0; i < UPCALL_SLOTS; i++)
		ck_assert(upcall_queue_post(&q, 7, i)); /* the same upcall, pending again */
	for (unsigned i = 0; i < 3; i++)
		ck_assert(!upcall_queue_post(&q, 8, i));
	ck_assert(upcall_queue_take(&q, &s, &dropped));
	ck_assert_uint_eq(s.tag, 7);
	ck_assert_uint_eq(s.data, 0);
	ck_assert_uint_eq(dropped, 3);
	for (unsigned i = 1; i < UPCALL_SLOTS; i++) {
		ck_assert(upcall_queue_take(&q, &s, &dropped));
		ck_assert_uint_eq(s.data, i);
		ck_assert_uint_eq(dropped, 0);
	}
	ck_assert(!upcall_queue_take(&q, &s, &dropped));
	/* the count of drops saturates */
	for (unsigned i = 0; i < UPCALL_SLOTS; i++)
		ck_assert(upcall_queue_post(&q, 2, i));
	q.dropped = UINT32_MAX - 1;
	ck_assert(!upcall_queue_post(&q, 3, 0));
	ck_assert(!upcall_queue_post(&q, 3, 1));
	ck_assert_uint_eq(q.dropped, UINT32_MAX);
	ck_assert(upcall_queue_take(&q, &s, &dropped));
	ck_assert_uint_eq(dropped, UINT32_MAX);
	while (upcall_queue_take(&q, &s, &dropped))
		ck_assert_uint_eq(dropped, 0);
	/* wrap around the ring */
	ck_assert(upcall_queue_post(&q, 1, 10));
	ck_assert(upcall_queue_take(&q, &s, &dropped));
	ck_assert_uint_eq(s.data, 10);
}
END_TEST

/* No grant memory: services that need a grant refuse, the console writes
 * through; a GrantFrame makes grants appear one service at a time. */
START_TEST(grant_lazy_and_charged)
{
	uint64_t objects;

	setup();
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 5, 0, 1, 0), INV_ERR_NO_GRANT);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 1, 0, 0, 0), INV_ERR_NO_GRANT);
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF, RANGE_ANY, RANGE_ANY),
		INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), PAGE_SIZE - sizeof(struct grant_frame_hdr));
	for (unsigned s = 0; s < GRANT_SERVICES; s++) {
		ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_INFO, CAP_NONE, s, 0, 0, 0), INV_OK);
		ck_assert_uint_eq(ustub_result(p, 1), 0);
	}
	objects = ledger_count(LEDGER_OBJECTS);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 5, 0, 1, 0), INV_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects); /* inside the paid frame */
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_INFO, CAP_NONE, GS_ALARM, 0, 0, 0), INV_OK);
	ck_assert_uint_ge(ustub_result(p, 1), sizeof(struct alarm_grant));
	ck_assert_uint_eq(ustub_result(p, 2), ustub_result(p, 1)); /* the only grant */
	ck_assert_uint_eq(ustub_result(p, 4), 1);
	ck_assert_uint_eq(((struct grant_hdr *)grant_find(&p->grants, GS_ALARM))->service,
			  GS_ALARM);
	ck_assert_ptr_null(grant_find(&p->grants, GS_NOTIFY));
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_INFO, CAP_NONE, GRANT_SERVICES, 0, 0, 0),
			 INV_ERR_ARG);
	ledger_check();
}
END_TEST

/* A full list of grant frames, a frame another process holds, a grant too
 * big for any frame: refusals that change nothing. */
START_TEST(grant_refusals)
{
	struct process *q;
	void *g;

	setup();
	q = ustub_process();
	for (unsigned i = 0; i < GRANT_FRAMES; i++)
		ck_assert_int_eq(grant_attach_new(p), INV_OK);
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF, RANGE_ANY, RANGE_ANY),
		INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_ERR_BUSY);
	/* Rights: the frame needs write (not weak); another process, grant too. */
	ustub_mint_process(&p->cregs[R_GF2], CT_PROCESS, CR_ALL, q);
	ck_assert_int_eq(inv(R_GF, CAP_OP_RESTRICT, CAP_NONE, R_GF + 8, CR_GRANT, 0, 0), INV_OK);
	ck_assert_int_eq(inv(R_GF2, PROC_OP_GRANT_MEM, R_GF + 8, 0, 0, 0, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(R_GF, CAP_OP_RESTRICT, CAP_NONE, R_GF + 9, CR_WRITE, 0, 0), INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF + 9, 0, 0, 0, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(R_GF2, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(q->grants.nframes, 1);
	ck_assert_int_eq(grant_attach(q, pagehdr_of_pa(grant_frame_pa(&p->grants, 0)), false),
			 INV_ERR_BUSY);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, CAP_SELF, 0, 0, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(grant_get(p, GS_NOTIFY, PAGE_SIZE, &g), INV_ERR_NO_GRANT);
	ck_assert_ptr_null(grant_find(&p->grants, GS_NOTIFY));
	ck_assert_int_eq(grant_get(p, GRANT_SERVICES, 16, &g), INV_ERR_ARG);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_CANCEL, CAP_NONE, 0, 0, 0, 0), INV_ERR_ARG);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 0, 0, 1, 0), INV_ERR_ARG);
	for (unsigned i = 0; i < ALARM_ARMED; i++)
		ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 5, 0, 1, i), INV_OK);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 5, 0, 1, 0), INV_ERR_BUSY);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_CANCEL, CAP_NONE, ALARM_ARMED, 0, 0, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_CANCEL, CAP_NONE, 1, 0, 0, 0), INV_OK);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_CANCEL, CAP_NONE, 1, 0, 0, 0), INV_ERR_ARG);
	ledger_check();
}
END_TEST

/* An alarm that fires Q+K times at once while nobody takes: Q upcalls, the
 * first reporting K dropped; a notification still gets through. */
START_TEST(grant_alarm_drops_and_isolation)
{
	const unsigned k = 3;

	setup();
	ck_assert_int_eq(grant_attach_new(p), INV_OK);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 2, 0, UPCALL_SLOTS + k, 0xa1),
			 INV_OK);
	ck_assert(alarm_any_armed());
	ustub_advance(1);
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
	ustub_advance(1);
	ck_assert(!alarm_any_armed());
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 0x55, 0, 0, 0), INV_OK);
	for (unsigned i = 0; i < UPCALL_SLOTS; i++) {
		ck_assert_int_eq(take(p), INV_OK);
		ck_assert_uint_eq(ustub_result(p, 1), GS_ALARM);
		ck_assert_uint_eq(ustub_result(p, 2), 0xa1);
		ck_assert_uint_eq(ustub_result(p, 4), i == 0 ? k : 0);
		if (i == 0) {
			/* services take turns: the notification is next */
			ck_assert_int_eq(take(p), INV_OK);
			ck_assert_uint_eq(ustub_result(p, 1), GS_NOTIFY);
			ck_assert_uint_eq(ustub_result(p, 2), 0x55);
			ck_assert_uint_eq(ustub_result(p, 3), p->pid);
		}
	}
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
}
END_TEST

/* The most firings an alarm can ask for, all at once, while nobody takes:
 * the slots fill and the rest are counted as one step would count them
 * (a post each, as before, kept the tick 2^32 posts long with interrupts
 * off: the fuzzer's alarms starved the hot-plug interrupt for seconds). */
START_TEST(grant_alarm_most_firings_at_once)
{
	setup();
	ck_assert_int_eq(grant_attach_new(p), INV_OK);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 1, 0, UINT32_MAX, 0xa2), INV_OK);
	ustub_advance(1);
	ck_assert(!alarm_any_armed());
	for (unsigned i = 0; i < UPCALL_SLOTS; i++) {
		ck_assert_int_eq(take(p), INV_OK);
		ck_assert_uint_eq(ustub_result(p, 2), 0xa2);
		ck_assert_uint_eq(ustub_result(p, 4), i == 0 ? UINT32_MAX - UPCALL_SLOTS : 0);
	}
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
}
END_TEST

/* A periodic alarm whose firings fell due over many ticks at once, its
 * process waiting: it wakes with the first, the slots take the next ones,
 * the rest are counted; the alarm stays armed for the firings not yet due. */
START_TEST(grant_alarm_periodic_catches_up)
{
	const unsigned period = 3, extra = 5, due = 1 + UPCALL_SLOTS + extra;

	setup();
	ck_assert_int_eq(grant_attach_new(p), INV_OK);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 1, period, due + 2, 0xa3), INV_OK);
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_UPCALL_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
		INV_NO_RESULT);
	ustub_advance(1 + (due - 1) * period); /* the due-th firing is now */
	ck_assert_uint_eq(p->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(p, 2), 0xa3);
	ck_assert_uint_eq(ustub_result(p, 4), 0);
	ck_assert(alarm_any_armed());
	for (unsigned i = 0; i < UPCALL_SLOTS; i++) {
		ck_assert_int_eq(take(p), INV_OK);
		ck_assert_uint_eq(ustub_result(p, 4), i == 0 ? extra : 0);
	}
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
	ustub_advance(period - 1); /* not yet */
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
	ustub_advance(1);
	ck_assert_int_eq(take(p), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 4), 0);
	ck_assert(alarm_any_armed());
	ustub_advance(period);
	ck_assert_int_eq(take(p), INV_OK);
	ck_assert(!alarm_any_armed());
}
END_TEST

/* Ticks with an alarm armed pass over processes that have no alarm grant;
 * the alarm fires for its own process only. */
START_TEST(grant_alarm_skips_processes_without_alarms)
{
	struct process *q;

	setup();
	ck_assert_int_eq(grant_attach_new(p), INV_OK);
	q = ustub_process(); /* made after p: first in the list of all */
	ck_assert_int_eq(grant_attach_new(q), INV_OK);
	ck_assert_ptr_eq(proc_first(), q);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 1, 0, 1, 0xb2), INV_OK);
	ck_assert_ptr_null(grant_find(&q->grants, GS_ALARM));
	ustub_advance(1);
	ck_assert(!alarm_any_armed());
	ck_assert_int_eq(take(p), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), GS_ALARM);
	ck_assert_uint_eq(ustub_result(p, 2), 0xb2);
	ck_assert_int_eq(take(q), INV_ERR_WOULD_BLOCK);
}
END_TEST

/* A process waiting for upcalls wakes with the first one; a periodic alarm. */
START_TEST(grant_wait_wakes)
{
	setup();
	ck_assert_int_eq(grant_attach_new(p), INV_OK);
	ck_assert_int_eq(inv(R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, 1, 2, 2, 0xb2), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), 0);
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_UPCALL_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
		INV_NO_RESULT);
	ck_assert_uint_eq(p->state, PS_UPCALL);
	ck_assert(sched_has_sleepers()); /* an armed alarm keeps the machine waiting */
	ustub_advance(1);
	ck_assert_uint_eq(p->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(p, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2), 0xb2);
	ck_assert(alarm_any_armed()); /* once more, two ticks on */
	ustub_advance(2);
	ck_assert(!alarm_any_armed());
	ck_assert_int_eq(take(p), INV_OK);
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
	/* Only a process takes its own upcalls. */
	ck_assert_int_eq(inv(0, RANGE_OP_CREATE, CAP_NONE, CT_PROCESS, R_GF, RANGE_ANY, RANGE_ANY),
			 INV_OK);
	ck_assert_int_eq(inv(R_GF, PROC_OP_UPCALL_WAIT, CAP_NONE, 0, 0, 0, 0), INV_ERR_ARG);
}
END_TEST

/* Grants die with their process (its loader-made frame is freed, a bank's
 * frame is emptied and stays the bank's), and with their frame. */
START_TEST(grant_destroy_returns_exactly)
{
	uint64_t objects, banked;
	struct process *q;

	setup();
	objects = ledger_count(LEDGER_OBJECTS);
	banked = ledger_count(LEDGER_BANKED);
	q = ustub_process();
	cap_mint_service(&q->cregs[R_SLEEP], CT_SLEEP, CR_ALL);
	ustub_mint_process(&p->cregs[R_GF2], CT_PROCESS, CR_ALL, q);
	ck_assert_int_eq(grant_attach_new(q), INV_OK);
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF, RANGE_ANY, RANGE_ANY),
		INV_OK);
	ck_assert_int_eq(inv(R_GF2, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(q->grants.nframes, 2);
	/* held by q: nobody else may take it */
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_ERR_BUSY);
	ck_assert_int_eq(
		ustub_invoke(q, R_SLEEP, SLEEP_OP_ALARM, CAP_NONE, CAP_NONE, 50, 0, 1, 0, 0),
		INV_OK);
	ck_assert_int_eq(inv(R_GF2, PROC_OP_NOTIFY, CAP_NONE, 1, 0, 0, 0), INV_OK);
	ck_assert(alarm_any_armed());
	proc_destroy(q);
	ck_assert(!alarm_any_armed());
	/* The bank's frame outlives q, empty, and serves another process. */
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects + 1);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), PAGE_SIZE - sizeof(struct grant_frame_hdr));
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 2, 0, 0, 0), INV_OK);
	ck_assert_ptr_nonnull(grant_find(&p->grants, GS_NOTIFY));
	/* Destroying the frame takes the grants in it with it. */
	ck_assert_int_eq(inv(0, RANGE_OP_DESTROY, CAP_NONE, R_GF, 0, 0, 0), INV_OK);
	ck_assert_ptr_null(grant_find(&p->grants, GS_NOTIFY));
	ck_assert_uint_eq(p->grants.nframes, 0);
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ledger_check();
}
END_TEST

/* A GrantFrame is a whole-frame object of kind OT_GRANT: its object address
 * is its frame's, RANGE_OP_DESTROY_AT takes it (its grants first) but not
 * the frame the loader made for a process. */
START_TEST(grant_frame_whole_frame_object)
{
	uint64_t objects;
	pa_t addr;

	setup();
	objects = ledger_count(LEDGER_OBJECTS);
	ck_assert_uint_eq(pot_capacity(OT_GRANT), 1);
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF, RANGE_ANY, RANGE_ANY),
		INV_OK);
	addr = (pa_t)ustub_result(p, 1) | (pa_t)ustub_result(p, 2) << 32;
	ck_assert_uint_eq(addr & OBJ_ADDR_SLOT_MASK, 0);
	ck_assert_uint_eq(ustub_result(p, 3), 1); /* objects now in the frame */
	ck_assert_uint_eq(ustub_result(p, 4), 1); /* at most */
	ck_assert_uint_eq(pagehdr_ot_index(pagehdr_of_pa(addr)), OT_GRANT);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(addr)), PT_OBJ_GRANT);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects + 1);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 4, 0, 0, 0), INV_OK);
	ck_assert_int_eq(
		inv(0, RANGE_OP_DESTROY_AT, CAP_NONE, (uint32_t)addr, (uint32_t)(addr >> 32), 0, 0),
		INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), 0); /* nothing left in the frame */
	ck_assert_ptr_null(grant_find(&p->grants, GS_NOTIFY));
	ck_assert_uint_eq(p->grants.nframes, 0);
	ck_assert_int_eq(take(p), INV_ERR_WOULD_BLOCK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_ERR_CAP_STALE);
	ck_assert_int_eq(
		inv(0, RANGE_OP_DESTROY_AT, CAP_NONE, (uint32_t)addr, (uint32_t)(addr >> 32), 0, 0),
		INV_ERR_ARG);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	/* The loader's frame belongs to its process. */
	ck_assert_int_eq(grant_attach_new(p), INV_OK);
	addr = grant_frame_pa(&p->grants, 0);
	ck_assert_int_eq(
		inv(0, RANGE_OP_DESTROY_AT, CAP_NONE, (uint32_t)addr, (uint32_t)(addr >> 32), 0, 0),
		INV_ERR_ARG);
	ck_assert_uint_eq(p->grants.nframes, 1);
	ledger_check();
}
END_TEST

/* Two bank frames, a grant in each: the first frame destroyed takes its
 * grant; the second frame becomes the first and its grant still works. */
START_TEST(grant_frames_renumbered)
{
	void *big, *small;
	unsigned room;

	setup();
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF, RANGE_ANY, RANGE_ANY),
		INV_OK);
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF2, RANGE_ANY, RANGE_ANY),
		INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_OK);
	room = ustub_result(p, 1);
	/* a grant that fills the first frame, then the second frame */
	ck_assert_int_eq(grant_get(p, GS_RESCIND, room, &big), INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF2, 0, 0, 0, 0), INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 5, 0, 0, 0), INV_OK);
	small = grant_find(&p->grants, GS_NOTIFY);
	ck_assert_ptr_nonnull(small);
	ck_assert_uint_eq(((struct grant_hdr *)small)->frame, 1);
	ck_assert_uint_eq(grant_bytes_used(p), room + grant_size_of(p, GS_NOTIFY));
	/* the first frame goes, with the grant in it */
	ck_assert_int_eq(inv(0, RANGE_OP_DESTROY, CAP_NONE, R_GF, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(p->grants.nframes, 1);
	ck_assert_ptr_null(grant_find(&p->grants, GS_RESCIND));
	ck_assert_ptr_eq(grant_find(&p->grants, GS_NOTIFY), small);
	ck_assert_uint_eq(((struct grant_hdr *)small)->frame, 0);
	ck_assert_uint_eq(grant_bytes_used(p), grant_size_of(p, GS_NOTIFY));
	/* and the notification still arrives */
	ck_assert_int_eq(take(p), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), GS_NOTIFY);
	ck_assert_uint_eq(ustub_result(p, 2), 5);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 6, 0, 0, 0), INV_OK);
	ck_assert_int_eq(take(p), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2), 6);
	ledger_check();
}
END_TEST

/* The second of two frames destroyed: the grant in the first keeps its
 * frame number. A frame nobody holds is destroyed alone. A process holding
 * GRANT_FRAMES gets no more: the frame made for it goes back. */
START_TEST(grant_second_frame_destroyed_and_limits)
{
	uint64_t objects;
	void *first;

	setup();
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF, RANGE_ANY, RANGE_ANY),
		INV_OK);
	ck_assert_int_eq(
		inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, R_GF2, RANGE_ANY, RANGE_ANY),
		INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF, 0, 0, 0, 0), INV_OK);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 7, 0, 0, 0), INV_OK);
	first = grant_find(&p->grants, GS_NOTIFY);
	ck_assert_ptr_nonnull(first);
	ck_assert_uint_eq(((struct grant_hdr *)first)->frame, 0);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_GRANT_MEM, R_GF2, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(p->grants.nframes, GRANT_FRAMES);
	/* full: a third frame is refused and freed again */
	objects = ledger_count(LEDGER_OBJECTS);
	ck_assert_int_eq(grant_attach_new(p), INV_ERR_BUSY);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert_uint_eq(p->grants.nframes, GRANT_FRAMES);
	/* the second goes; the first, and its grant, stay as they were */
	ck_assert_int_eq(inv(0, RANGE_OP_DESTROY, CAP_NONE, R_GF2, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(p->grants.nframes, 1);
	ck_assert_ptr_eq(grant_find(&p->grants, GS_NOTIFY), first);
	ck_assert_uint_eq(((struct grant_hdr *)first)->frame, 0);
	ck_assert_int_eq(inv(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, 8, 0, 0, 0), INV_OK);
	ck_assert_int_eq(take(p), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2), 7);
	/* a frame no process holds */
	ck_assert_int_eq(inv(0, RANGE_OP_CREATE, CAP_NONE, CT_GRANT_FRAME, 5, RANGE_ANY, RANGE_ANY),
			 INV_OK);
	ck_assert_int_eq(inv(0, RANGE_OP_DESTROY, CAP_NONE, 5, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(p->grants.nframes, 1);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects - 1); /* the second frame */
	/* no service past the last has a grant */
	ck_assert_uint_eq(grant_size_of(p, GRANT_SERVICES), 0);
	ledger_check();
}
END_TEST

Suite *grant_suite(void)
{
	Suite *s = suite_create("grant");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, grant_upcall_queue_drops);
	tcase_add_test(tc, grant_lazy_and_charged);
	tcase_add_test(tc, grant_refusals);
	tcase_add_test(tc, grant_alarm_drops_and_isolation);
	tcase_add_test(tc, grant_alarm_most_firings_at_once);
	tcase_add_test(tc, grant_alarm_periodic_catches_up);
	tcase_add_test(tc, grant_alarm_skips_processes_without_alarms);
	tcase_add_test(tc, grant_wait_wakes);
	tcase_add_test(tc, grant_destroy_returns_exactly);
	tcase_add_test(tc, grant_frame_whole_frame_object);
	tcase_add_test(tc, grant_frames_renumbered);
	tcase_add_test(tc, grant_second_frame_destroyed_and_limits);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(grant)
