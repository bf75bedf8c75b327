/* Unit tests for the IPC fastpath (kernel/ipc/fastpath.c): each case it
 * takes gives what the general path gives for the same registers, and each
 * case it declines leaves both processes and the endpoint untouched. */
#include <check.h>

#include <arch/host.h>
#include <kernel/budget_chan.h>
#include <kernel/fastpath.h>
#include <kernel/sched.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

/* A Call from the client, fast and general on twin machines. */
static void call_both_ways(unsigned srv_slot, unsigned send, unsigned slot, bool weak_recv)
{
	struct fp_outcome f, g;
	struct process *r;

	fp_setup(srv_slot, 0);
	server->recv_weak = weak_recv;
	fp_regs(client, EP, EP_OP_CALL, send, slot, 100, 0);
	r = fp_fast(client);
	ck_assert_ptr_eq(r, server);
	ck_assert_uint_eq(client->state, PS_REPLY);
	ck_assert_uint_eq(ustub_result(server, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(server, 1), 100);
	ck_assert_uint_eq(ustub_result(server, 4), 103);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	fp_observe(&f, r, srv_slot);

	fp_setup(srv_slot, 0);
	server->recv_weak = weak_recv;
	fp_regs(client, EP, EP_OP_CALL, send, slot, 100, 0);
	fp_observe(&g, fp_general(client), srv_slot);
	fp_assert_same(&f, &g);
}

START_TEST(fast_call_words)
{
	call_both_ways(CAP_NONE, CAP_NONE, CAP_NONE, false);
}
END_TEST

START_TEST(fast_call_with_capability)
{
	/* the Range in register 0 needs CR_GRANT to travel: it has CR_ALL */
	call_both_ways(5, 0, CAP_NONE, false);
	ck_assert_uint_eq(server->cregs[5].type, CT_RANGE);
	call_both_ways(5, 0, 6, true);
	ck_assert(server->cregs[5].rights & CR_WEAK);
}
END_TEST

START_TEST(fast_call_capability_nowhere_to_go)
{
	/* the server's receive register filled meanwhile: the gift goes nowhere */
	struct fp_outcome f, g;

	fp_setup(5, 0);
	server->cregs[5] = server->cregs[0];
	fp_regs(client, EP, EP_OP_CALL, 0, CAP_NONE, 7, 0);
	fp_observe(&f, fp_fast(client), 5);
	fp_setup(5, 0);
	server->cregs[5] = server->cregs[0];
	fp_regs(client, EP, EP_OP_CALL, 0, CAP_NONE, 7, 0);
	fp_observe(&g, fp_general(client), 5);
	fp_assert_same(&f, &g);
	ck_assert_uint_eq(ustub_result(server, 1), 7);
}
END_TEST

START_TEST(fast_reply_recv_answers)
{
	struct fp_outcome f, g;

	for (int way = 0; way < 2; way++) {
		fp_setup(CAP_NONE, 0);
		fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
		ck_assert_ptr_eq(fp_general(client), server);
		fp_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 50, 0);
		if (way == 0) {
			ck_assert_ptr_eq(fp_fast(server), client);
			fp_observe(&f, client, CAP_NONE);
		} else {
			fp_observe(&g, fp_general(server), CAP_NONE);
		}
	}
	fp_assert_same(&f, &g);
	ck_assert_uint_eq(f.client_regs[0], INV_OK);
	ck_assert_uint_eq(f.client_regs[1], 50);
	ck_assert_uint_eq(f.server_state, PS_RECV);
	ck_assert_uint_eq(f.client_state, PS_RUNNABLE);
}
END_TEST

START_TEST(fast_pid_null_invocation)
{
	struct fp_outcome f, g;

	fp_setup(CAP_NONE, 0);
	fp_regs(client, CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 9, 0);
	ck_assert_ptr_eq(fp_fast(client), client);
	ck_assert_uint_eq(ustub_result(client, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(client, 1), client->pid);
	fp_observe(&f, client, CAP_NONE);
	fp_setup(CAP_NONE, 0);
	fp_regs(client, CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 9, 0);
	fp_observe(&g, fp_general(client), CAP_NONE);
	fp_assert_same(&f, &g);
}
END_TEST

/* A third process, ready at prio (below the running one). */
static void ready_at(unsigned prio)
{
	struct process *t = ustub_process();

	sched_remove(t);
	t->prio = (uint8_t)prio;
	sched_ready(t);
}

START_TEST(fast_call_declines)
{
	/* flags, a non-endpoint, a full or bad receive register, a send op,
	 * a bad send register, other CAP_SELF ops */
	fp_setup(CAP_NONE, 0);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, INV_F_NONBLOCK);
	fp_assert_declines(client);
	fp_regs(client, 0, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, 0, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_REGS, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, EP, EP_OP_SEND, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, EP, EP_OP_SEND, 0, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, EP, EP_OP_CALL, CAP_REGS, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, CAP_SELF, SELF_OP_PID, 0, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, CAP_REPLY, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	/* the gift: empty, without CR_GRANT */
	fp_regs(client, EP, EP_OP_CALL, 9, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	ck_assert_int_eq(
		ustub_invoke(client, 0, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3, CR_GRANT, 0, 0, 0),
		INV_OK);
	fp_regs(client, EP, EP_OP_CALL, 3, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	/* no CR_WRITE on the endpoint */
	ck_assert_int_eq(
		ustub_invoke(client, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 4, CR_WRITE, 0, 0, 0),
		INV_OK);
	fp_regs(client, 4, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	/* a priority apart (test_fastpath_across.c), with the receiver's level
	 * ready already: it would wait behind, the general path's scheduler
	 * decides */
	ready_at(9);
	server->prio = 9;
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
}
END_TEST

START_TEST(fast_call_declines_no_receiver)
{
	fp_machine();
	client = ustub_process();
	server = ustub_process();
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      EP, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_ptr_eq(sched_pick(), client);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	/* a receiver waits, but the caller does not run alone at its level */
	server->cregs[EP] = client->cregs[EP];
	ck_assert_int_eq(ustub_invoke(server, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	sched_ready(ustub_process());
	fp_assert_declines(client);
}
END_TEST

START_TEST(fast_reply_recv_declines)
{
	fp_setup(CAP_NONE, 0);
	/* no Reply capability held */
	ck_assert_ptr_eq(sched_pick(), client);
	fp_regs(client, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(fp_general(client), server);
	/* no CR_READ; a capability to send that may not travel (one that
	 * may: test_fastpath_across.c) */
	ck_assert_int_eq(
		ustub_invoke(server, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 4, CR_READ, 0, 0, 0),
		INV_OK);
	fp_regs(server, 4, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(server);
	ck_assert_int_eq(
		ustub_invoke(server, 0, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3, CR_GRANT, 0, 0, 0),
		INV_OK);
	fp_regs(server, EP, EP_OP_REPLY_RECV, 3, CAP_NONE, 1, 0);
	fp_assert_declines(server);
	/* the caller is no longer waiting for this reply */
	client->call_seq++;
	fp_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(server);
	client->call_seq--;
	client->is_fault = 1;
	fp_assert_declines(server);
	client->is_fault = 0;
	/* a priority apart (test_fastpath_across.c), with the caller's level
	 * ready already: it would wait behind */
	ready_at(9);
	client->prio = 9;
	fp_assert_declines(server);
	client->prio = server->prio;
	/* and then it is taken */
	ck_assert_ptr_eq(fp_fast(server), client);
}
END_TEST

START_TEST(fast_reply_recv_declines_sender_queued)
{
	struct process *third;

	fp_setup(CAP_NONE, 0);
	third = ustub_process();
	third->cregs[EP] = client->cregs[EP];
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	fp_general(client);
	/* a sender queued on the endpoint: the general path delivers it */
	ck_assert_int_eq(ustub_invoke(third, EP, EP_OP_SEND, CAP_NONE, CAP_NONE, 5, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_ptr_eq(sched_pick(), server);
	fp_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(server);
}
END_TEST

START_TEST(fast_call_first_receiver_only)
{
	struct process *second;
	struct endpoint *ep;
	struct obj_ref o;

	/* a second server waits behind the first: it stays queued */
	fp_setup(CAP_NONE, 0);
	second = ustub_process();
	second->cregs[EP] = client->cregs[EP];
	ck_assert_int_eq(ustub_invoke(second, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_ptr_eq(sched_pick(), client);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 3, 0);
	ck_assert_ptr_eq(fp_fast(client), server);
	ck_assert_int_eq(cap_resolve(&client->cregs[EP], &o), INV_OK);
	ep = o.kva;
	ck_assert_ptr_eq(ep->recv.head, second);
	ck_assert_ptr_null(second->prev);
	ck_assert_uint_eq(second->state, PS_RECV);
}
END_TEST

START_TEST(fast_declines_stale_capabilities)
{
	fp_setup(CAP_NONE, 0);
	/* an endpoint destroyed: its capabilities are stale */
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      6, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	client->cregs[7] = client->cregs[6];
	ck_assert_int_eq(
		ustub_invoke(client, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 6, 0, 0, 0, 0),
		INV_OK);
	ck_assert_ptr_eq(sched_pick(), client);
	fp_regs(client, 7, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(client);
	/* the same stale capability as a gift */
	fp_regs(client, EP, EP_OP_CALL, 7, CAP_NONE, 1, 0);
	fp_assert_declines(client);
}
END_TEST

START_TEST(fast_reply_recv_declines_caller_gone)
{
	fp_setup(CAP_NONE, 0);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(fp_general(client), server);
	/* the caller is destroyed before the answer: the Reply is stale */
	ustub_mint_process(&server->cregs[9], CT_PROCESS, CR_ALL, client);
	ck_assert_int_eq(
		ustub_invoke(server, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 9, 0, 0, 0, 0),
		INV_OK);
	client = server; /* assert_declines compares both: the server twice */
	fp_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(server);
}
END_TEST

START_TEST(fast_reply_recv_declines_budget_event)
{
	fp_setup(CAP_NONE, 0);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(fp_general(client), server);
	/* the endpoint carries the budget channel, an event waits: the
	 * general path delivers it first */
	cap_mint_service(&server->cregs[2], CT_BUDGET, CR_ALL);
	ck_assert_int_eq(ustub_invoke(server, 2, BUDGET_OP_BIND, EP, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	budget_event(BEV_RAISED, 1, 0);
	fp_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	fp_assert_declines(server);
}
END_TEST

START_TEST(fast_report_counts)
{
	fp_setup(CAP_NONE, 0);
	fp_regs(client, CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, 0);
	ck_assert_ptr_eq(fp_fast(client), client);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 0, 0);
	ck_assert_ptr_eq(fp_fast(client), server);
	kstub_reset();
	ipc_fastpath_report();
	ck_assert_str_eq(
		host_console,
		"ipc: fastpath on call=1 replyrecv=0 pid=1 across=0 replycap=0 replypage=0\n");
}
END_TEST

Suite *fastpath_suite(void)
{
	Suite *s = suite_create("fastpath");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, fast_call_words);
	tcase_add_test(tc, fast_call_with_capability);
	tcase_add_test(tc, fast_call_capability_nowhere_to_go);
	tcase_add_test(tc, fast_reply_recv_answers);
	tcase_add_test(tc, fast_pid_null_invocation);
	tcase_add_test(tc, fast_call_declines);
	tcase_add_test(tc, fast_call_declines_no_receiver);
	tcase_add_test(tc, fast_reply_recv_declines);
	tcase_add_test(tc, fast_reply_recv_declines_sender_queued);
	tcase_add_test(tc, fast_call_first_receiver_only);
	tcase_add_test(tc, fast_declines_stale_capabilities);
	tcase_add_test(tc, fast_reply_recv_declines_caller_gone);
	tcase_add_test(tc, fast_reply_recv_declines_budget_event);
	tcase_add_test(tc, fast_report_counts);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath)
