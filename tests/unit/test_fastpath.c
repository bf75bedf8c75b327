/* Unit tests for the IPC fastpath (kernel/ipc/fastpath.c): each case it
 * takes gives what the general path gives for the same registers, and each
 * case it declines leaves both processes and the endpoint untouched. */
#include <check.h>
#include <setjmp.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/budget_chan.h>
#include <kernel/fastpath.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define EP 1 /* both processes hold the endpoint in register 1 */

static struct process *client, *server;

/* A client and a server at one priority; the server waits in a receive
 * (into register `srv_slot`), the client runs alone at its level. */
static void setup(unsigned srv_slot)
{
	ustub_machine(64);
	client = ustub_process();
	server = ustub_process();
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      EP, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	server->cregs[EP] = client->cregs[EP];
	ck_assert_int_eq(ustub_invoke(server, EP, EP_OP_RECV, CAP_NONE, srv_slot, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_ptr_eq(sched_pick(), client);
}

static void set_regs(struct process *p, unsigned cap, unsigned op, unsigned send, unsigned slot,
		     uint32_t w0, uint32_t flags)
{
	uint32_t arg[6] = { INV_HEADER(cap, op, send, slot), w0, w0 + 1, w0 + 2, w0 + 3, flags };

	memcpy(p->regs.arg, arg, sizeof(arg));
}

/* ipc_fastpath on p's registers: the process resumed, or NULL if it
 * declined (returned). */
static struct process *fast(struct process *p)
{
	host_resume_armed = true;
	if (setjmp(host_halt_jmp)) {
		ck_assert_ptr_eq(host_resumed, &sched_current()->regs);
		return sched_current();
	}
	ipc_fastpath(p);
	host_resume_armed = false;
	return NULL;
}

/* The general path on the same registers, then the scheduler's pick. */
static struct process *general(struct process *p)
{
	uint32_t arg[6];

	memcpy(arg, p->regs.arg, sizeof(arg));
	inv_run(p, arg);
	return sched_pick();
}

/* What a user can see after the call: both processes' results and states. */
struct outcome {
	uint32_t client_regs[6], server_regs[6];
	unsigned client_state, server_state;
	struct cap reply, gift;
	uint32_t resumed_pid;
};

static void observe(struct outcome *o, struct process *resumed, unsigned gift_slot)
{
	memset(o, 0, sizeof(*o));
	memcpy(o->client_regs, client->regs.arg, sizeof(o->client_regs));
	memcpy(o->server_regs, server->regs.arg, sizeof(o->server_regs));
	o->client_state = client->state;
	o->server_state = server->state;
	o->reply = server->reply;
	if (gift_slot < CAP_REGS)
		o->gift = server->cregs[gift_slot];
	o->resumed_pid = resumed ? resumed->pid : 0;
}

static void assert_same(const struct outcome *a, const struct outcome *b)
{
	ck_assert_mem_eq(a->client_regs, b->client_regs, sizeof(a->client_regs));
	ck_assert_mem_eq(a->server_regs, b->server_regs, sizeof(a->server_regs));
	ck_assert_uint_eq(a->client_state, b->client_state);
	ck_assert_uint_eq(a->server_state, b->server_state);
	ck_assert_mem_eq(&a->reply, &b->reply, sizeof(a->reply));
	ck_assert_mem_eq(&a->gift, &b->gift, sizeof(a->gift));
	ck_assert_uint_eq(a->resumed_pid, b->resumed_pid);
}

/* A Call from the client, fast and general on twin machines. */
static void call_both_ways(unsigned srv_slot, unsigned send, unsigned slot, bool weak_recv)
{
	struct outcome f, g;
	struct process *r;

	setup(srv_slot);
	server->recv_weak = weak_recv;
	set_regs(client, EP, EP_OP_CALL, send, slot, 100, 0);
	r = fast(client);
	ck_assert_ptr_eq(r, server);
	ck_assert_uint_eq(client->state, PS_REPLY);
	ck_assert_uint_eq(ustub_result(server, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(server, 1), 100);
	ck_assert_uint_eq(ustub_result(server, 4), 103);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	observe(&f, r, srv_slot);

	setup(srv_slot);
	server->recv_weak = weak_recv;
	set_regs(client, EP, EP_OP_CALL, send, slot, 100, 0);
	observe(&g, general(client), srv_slot);
	assert_same(&f, &g);
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
	struct outcome f, g;

	setup(5);
	server->cregs[5] = server->cregs[0];
	set_regs(client, EP, EP_OP_CALL, 0, CAP_NONE, 7, 0);
	observe(&f, fast(client), 5);
	setup(5);
	server->cregs[5] = server->cregs[0];
	set_regs(client, EP, EP_OP_CALL, 0, CAP_NONE, 7, 0);
	observe(&g, general(client), 5);
	assert_same(&f, &g);
	ck_assert_uint_eq(ustub_result(server, 1), 7);
}
END_TEST

START_TEST(fast_reply_recv_answers)
{
	struct outcome f, g;

	for (int way = 0; way < 2; way++) {
		setup(CAP_NONE);
		set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
		ck_assert_ptr_eq(general(client), server);
		set_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 50, 0);
		if (way == 0) {
			ck_assert_ptr_eq(fast(server), client);
			observe(&f, client, CAP_NONE);
		} else {
			observe(&g, general(server), CAP_NONE);
		}
	}
	assert_same(&f, &g);
	ck_assert_uint_eq(f.client_regs[0], INV_OK);
	ck_assert_uint_eq(f.client_regs[1], 50);
	ck_assert_uint_eq(f.server_state, PS_RECV);
	ck_assert_uint_eq(f.client_state, PS_RUNNABLE);
}
END_TEST

START_TEST(fast_pid_null_invocation)
{
	struct outcome f, g;

	setup(CAP_NONE);
	set_regs(client, CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 9, 0);
	ck_assert_ptr_eq(fast(client), client);
	ck_assert_uint_eq(ustub_result(client, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(client, 1), client->pid);
	observe(&f, client, CAP_NONE);
	setup(CAP_NONE);
	set_regs(client, CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 9, 0);
	observe(&g, general(client), CAP_NONE);
	assert_same(&f, &g);
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

/* The fastpath declines p's registers: nothing of either process, the
 * endpoint or the scheduler changed. */
static void assert_declines(struct process *p)
{
	static struct process before_c, before_s;
	struct sched_state before_sched = sched_state;

	before_c = *client;
	before_s = *server;
	ck_assert_ptr_null(fast(p));
	ck_assert_mem_eq(client, &before_c, sizeof(before_c));
	ck_assert_mem_eq(server, &before_s, sizeof(before_s));
	ck_assert_mem_eq(&sched_state, &before_sched, sizeof(before_sched));
}

START_TEST(fast_call_declines)
{
	/* flags, a non-endpoint, a full or bad receive register, a send op,
	 * a bad send register, other CAP_SELF ops */
	setup(CAP_NONE);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, INV_F_NONBLOCK);
	assert_declines(client);
	set_regs(client, 0, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, 0, 1, 0);
	assert_declines(client);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_REGS, 1, 0);
	assert_declines(client);
	set_regs(client, EP, EP_OP_SEND, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
	set_regs(client, EP, EP_OP_SEND, 0, CAP_NONE, 1, 0);
	assert_declines(client);
	set_regs(client, EP, EP_OP_CALL, CAP_REGS, CAP_NONE, 1, 0);
	assert_declines(client);
	set_regs(client, CAP_SELF, SELF_OP_PID, 0, CAP_NONE, 1, 0);
	assert_declines(client);
	set_regs(client, CAP_REPLY, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
	/* the gift: empty, without CR_GRANT */
	set_regs(client, EP, EP_OP_CALL, 9, CAP_NONE, 1, 0);
	assert_declines(client);
	ck_assert_int_eq(
		ustub_invoke(client, 0, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3, CR_GRANT, 0, 0, 0),
		INV_OK);
	set_regs(client, EP, EP_OP_CALL, 3, CAP_NONE, 1, 0);
	assert_declines(client);
	/* no CR_WRITE on the endpoint */
	ck_assert_int_eq(
		ustub_invoke(client, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 4, CR_WRITE, 0, 0, 0),
		INV_OK);
	set_regs(client, 4, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
	/* a priority apart (test_fastpath_across.c), with the receiver's level
	 * ready already: it would wait behind, the general path's scheduler
	 * decides */
	ready_at(9);
	server->prio = 9;
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
}
END_TEST

START_TEST(fast_call_declines_no_receiver)
{
	ustub_machine(64);
	client = ustub_process();
	server = ustub_process();
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      EP, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_ptr_eq(sched_pick(), client);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
	/* a receiver waits, but the caller does not run alone at its level */
	server->cregs[EP] = client->cregs[EP];
	ck_assert_int_eq(ustub_invoke(server, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	sched_ready(ustub_process());
	assert_declines(client);
}
END_TEST

START_TEST(fast_reply_recv_declines)
{
	setup(CAP_NONE);
	/* no Reply capability held */
	ck_assert_ptr_eq(sched_pick(), client);
	set_regs(client, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(general(client), server);
	/* no CR_READ; a capability to send that may not travel (one that
	 * may: test_fastpath_across.c) */
	ck_assert_int_eq(
		ustub_invoke(server, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 4, CR_READ, 0, 0, 0),
		INV_OK);
	set_regs(server, 4, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(server);
	ck_assert_int_eq(
		ustub_invoke(server, 0, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3, CR_GRANT, 0, 0, 0),
		INV_OK);
	set_regs(server, EP, EP_OP_REPLY_RECV, 3, CAP_NONE, 1, 0);
	assert_declines(server);
	/* the caller is no longer waiting for this reply */
	client->call_seq++;
	set_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(server);
	client->call_seq--;
	client->is_fault = 1;
	assert_declines(server);
	client->is_fault = 0;
	/* a priority apart (test_fastpath_across.c), with the caller's level
	 * ready already: it would wait behind */
	ready_at(9);
	client->prio = 9;
	assert_declines(server);
	client->prio = server->prio;
	/* and then it is taken */
	ck_assert_ptr_eq(fast(server), client);
}
END_TEST

START_TEST(fast_reply_recv_declines_sender_queued)
{
	struct process *third;

	setup(CAP_NONE);
	third = ustub_process();
	third->cregs[EP] = client->cregs[EP];
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	general(client);
	/* a sender queued on the endpoint: the general path delivers it */
	ck_assert_int_eq(ustub_invoke(third, EP, EP_OP_SEND, CAP_NONE, CAP_NONE, 5, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_ptr_eq(sched_pick(), server);
	set_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(server);
}
END_TEST

START_TEST(fast_call_first_receiver_only)
{
	struct process *second;
	struct endpoint *ep;

	/* a second server waits behind the first: it stays queued */
	setup(CAP_NONE);
	second = ustub_process();
	second->cregs[EP] = client->cregs[EP];
	ck_assert_int_eq(ustub_invoke(second, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_ptr_eq(sched_pick(), client);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 3, 0);
	ck_assert_ptr_eq(fast(client), server);
	ep = cap_object(&client->cregs[EP], PT_OBJ_ENDPOINT);
	ck_assert_ptr_nonnull(ep);
	ck_assert_ptr_eq(ep->recv.head, second);
	ck_assert_ptr_null(second->prev);
	ck_assert_uint_eq(second->state, PS_RECV);
}
END_TEST

START_TEST(fast_declines_stale_capabilities)
{
	setup(CAP_NONE);
	/* an endpoint destroyed: its capabilities are stale */
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      6, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	client->cregs[7] = client->cregs[6];
	ck_assert_int_eq(
		ustub_invoke(client, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 6, 0, 0, 0, 0),
		INV_OK);
	ck_assert_ptr_eq(sched_pick(), client);
	set_regs(client, 7, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(client);
	/* the same stale capability as a gift */
	set_regs(client, EP, EP_OP_CALL, 7, CAP_NONE, 1, 0);
	assert_declines(client);
}
END_TEST

START_TEST(fast_reply_recv_declines_caller_gone)
{
	setup(CAP_NONE);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(general(client), server);
	/* the caller is destroyed before the answer: the Reply is stale */
	ustub_mint_process(&server->cregs[9], CT_PROCESS, CR_ALL, client);
	ck_assert_int_eq(
		ustub_invoke(server, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 9, 0, 0, 0, 0),
		INV_OK);
	client = server; /* assert_declines compares both: the server twice */
	set_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(server);
}
END_TEST

START_TEST(fast_reply_recv_declines_budget_event)
{
	setup(CAP_NONE);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(general(client), server);
	/* the endpoint carries the budget channel, an event waits: the
	 * general path delivers it first */
	cap_mint_service(&server->cregs[2], CT_BUDGET, CR_ALL);
	ck_assert_int_eq(ustub_invoke(server, 2, BUDGET_OP_BIND, EP, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	budget_event(BEV_RAISED, 1, 0);
	set_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 1, 0);
	assert_declines(server);
}
END_TEST

START_TEST(fast_report_counts)
{
	setup(CAP_NONE);
	set_regs(client, CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, 0);
	ck_assert_ptr_eq(fast(client), client);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 0, 0);
	ck_assert_ptr_eq(fast(client), server);
	kstub_reset();
	ipc_fastpath_report();
	ck_assert_str_eq(host_console,
			 "ipc: fastpath on call=1 replyrecv=0 pid=1 across=0 replycap=0\n");
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
