/* Unit tests for callers whose server stops, exits or is destroyed while
 * they wait for its reply (kernel/ipc/ipc.c ipc_server_gone, doc/objects.md
 * "IPC"). */
#include <check.h>

#include <kernel/fault.h>
#include <kernel/ledger.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define EP 1 /* the shared endpoint */
#define EP2 2 /* a second one */

static struct process *procs[4];

/* procs[0..n) share two endpoints made by procs[0] (pid 1, init). */
static void setup(unsigned n)
{
	ustub_machine(64);
	for (unsigned i = 0; i < n; i++)
		procs[i] = ustub_process();
	for (unsigned ep = EP; ep <= EP2; ep++)
		ck_assert_int_eq(ustub_invoke(procs[0], 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
					      CT_ENDPOINT, ep, RANGE_ANY, RANGE_ANY, 0),
				 INV_OK);
	for (unsigned i = 1; i < n; i++) {
		procs[i]->cregs[EP] = procs[0]->cregs[EP];
		procs[i]->cregs[EP2] = procs[0]->cregs[EP2];
	}
}

static int call(struct process *c, unsigned ep)
{
	return ustub_invoke(c, ep, EP_OP_CALL, CAP_NONE, CAP_NONE, 7, 8, 9, 10, 0);
}

static int recv(struct process *r, unsigned ep)
{
	return ustub_invoke(r, ep, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0);
}

/* c calls s on EP and s has received it: c waits for the reply. */
static void call_received(struct process *c, struct process *s)
{
	ck_assert_int_eq(recv(s, EP), INV_NO_RESULT);
	ck_assert_int_eq(call(c, EP), INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_REPLY);
	ck_assert_uint_eq(s->reply.type, CT_REPLY);
}

static void woke_stale(struct process *c)
{
	ck_assert_uint_eq(c->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(c, 0), INV_ERR_CAP_STALE);
}

START_TEST(dead_server_exit_wakes_caller)
{
	struct process *c, *s;

	setup(3);
	c = procs[2];
	s = procs[1];
	call_received(c, s);
	ck_assert_int_eq(ustub_invoke(s, CAP_REPLY, CAP_OP_COPY, CAP_NONE, CAP_NONE, 5, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(s, CAP_SELF, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	woke_stale(c);
	/* the Reply and its copy are dead: a copy in another's hands too */
	procs[0]->cregs[6] = s->cregs[5];
	ck_assert_int_eq(
		ustub_invoke(procs[0], 6, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
		INV_ERR_CAP_STALE);
	ck_assert_uint_eq(ustub_result(c, 0), INV_ERR_CAP_STALE);
}
END_TEST

START_TEST(dead_server_killed_by_another)
{
	struct obj_ref sr;
	struct process *c, *s;

	setup(3);
	c = procs[2];
	s = procs[1];
	call_received(c, s);
	/* EXIT through a Process capability to the server */
	proc_ref(s, &sr);
	cap_mint(&procs[0]->cregs[4], CT_PROCESS, CR_ALL, &sr);
	ck_assert_int_eq(ustub_invoke(procs[0], 4, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	woke_stale(c);
}
END_TEST

START_TEST(dead_server_fault_wakes_caller)
{
	struct process *c, *s;

	setup(3);
	c = procs[2];
	s = procs[1];
	call_received(c, s);
	kstub_reset();
	fault_deliver(s, 6, 0x10, 0x20); /* no handler: s stops */
	ck_assert_uint_eq(s->state, PS_STOPPED);
	woke_stale(c);
}
END_TEST

START_TEST(dead_server_destroyed_wakes_caller)
{
	struct obj_ref sr;
	struct process *c, *s;
	uint64_t banked;

	setup(3);
	c = procs[2];
	s = procs[1];
	banked = ledger_count(LEDGER_BANKED);
	call_received(c, s);
	proc_ref(s, &sr);
	cap_mint(&procs[0]->cregs[4], CT_PROCESS, CR_ALL, &sr);
	ck_assert_int_eq(
		ustub_invoke(procs[0], 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 4, 0, 0, 0, 0),
		INV_OK);
	woke_stale(c);
	/* Its slot is free, its frame-mates live on: the pot's frame stays. */
	ck_assert_int_eq(cap_resolve(&procs[0]->cregs[4], &sr), INV_ERR_CAP_STALE);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(cap_pa(&procs[0]->cregs[4]))), PT_OBJ_PROCESS);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ledger_check();
}
END_TEST

/* Queued senders wait legitimately: the endpoint outlives any receiver. */
START_TEST(dead_server_queued_sender_keeps_waiting)
{
	struct process *c, *s;

	setup(3);
	c = procs[2];
	s = procs[1];
	ck_assert_int_eq(call(c, EP), INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_SEND);
	ck_assert_int_eq(ustub_invoke(s, CAP_SELF, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_SEND);
	/* another receiver still gets the call */
	ck_assert_int_eq(recv(procs[0], EP), INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_REPLY);
	ck_assert_uint_eq(ustub_result(procs[0], 1), 7);
}
END_TEST

/* Only the callers of the server that died wake. */
START_TEST(dead_server_other_callers_unaffected)
{
	struct process *s1, *s2, *c1, *c2;

	setup(4);
	s1 = procs[0];
	s2 = procs[1];
	c1 = procs[2];
	c2 = procs[3];
	call_received(c1, s1);
	ck_assert_int_eq(recv(s2, EP2), INV_NO_RESULT);
	ck_assert_int_eq(call(c2, EP2), INV_NO_RESULT);
	ck_assert_uint_eq(c2->state, PS_REPLY);
	ck_assert_int_eq(
		ustub_invoke(s2, CAP_SELF, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
		INV_NO_RESULT);
	woke_stale(c2);
	ck_assert_uint_eq(c1->state, PS_REPLY);
	ck_assert_int_eq(
		ustub_invoke(s1, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 42, 0, 0, 0, 0),
		INV_OK);
	ck_assert_uint_eq(ustub_result(c1, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(c1, 1), 42);
}
END_TEST

/* A faulter whose handler dies retries its instruction; no result is written
 * over its registers. */
START_TEST(dead_server_fault_handler_dies)
{
	struct process *h, *f;

	setup(2);
	h = procs[0];
	f = procs[1];
	f->fault = h->cregs[EP];
	ck_assert_int_eq(recv(h, EP), INV_NO_RESULT);
	f->regs.arg[0] = 0x5a5a;
	fault_deliver(f, 14, 0xdead000, 0x1234);
	ck_assert_uint_eq(f->state, PS_REPLY);
	proc_destroy(h);
	ck_assert_uint_eq(f->state, PS_RUNNABLE);
	ck_assert_uint_eq(f->is_fault, 0);
	ck_assert_uint_eq(ustub_result(f, 0), 0x5a5a);
}
END_TEST

Suite *dead_server_suite(void)
{
	Suite *s = suite_create("dead_server");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, dead_server_exit_wakes_caller);
	tcase_add_test(tc, dead_server_killed_by_another);
	tcase_add_test(tc, dead_server_fault_wakes_caller);
	tcase_add_test(tc, dead_server_destroyed_wakes_caller);
	tcase_add_test(tc, dead_server_queued_sender_keeps_waiting);
	tcase_add_test(tc, dead_server_other_callers_unaffected);
	tcase_add_test(tc, dead_server_fault_handler_dies);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(dead_server)
