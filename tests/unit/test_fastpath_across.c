/* Unit tests for the fastpath's switches across priorities and its
 * ReplyRecv carrying a capability (kernel/ipc/fastpath.c, doc/abi.md
 * "Fastpath"): each case it takes gives, on a twin machine, what the
 * general path gives for the same registers, the scheduler's queues and
 * every capability register included; each case where the general path
 * would run another process (a ready one of higher priority, or one ahead
 * in the partner's level) it declines untouched. */
#include <check.h>
#include <setjmp.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/fastpath.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define EP 1 /* client and server hold the endpoint in register 1 */
#define GIFT 6 /* the server's register of the Page it sends back */
#define NO_THIRD 0xffu /* no third process */

static struct process *client, *server, *third;
/* The flags of the server's receive (setup) and of the client's call
 * (reply_setup): INV_F_LONG in the long cases. */
static uint32_t srv_recv_flags, client_call_flags;

#define CLIENT_WORDS 1000 /* words 4.. of the client's messages */
#define SERVER_WORDS 5000 /* and of the server's */

/* Moves p to priority prio, keeping it where it waits (a runnable one goes
 * to the tail of its new level). */
static void set_prio(struct process *p, unsigned prio)
{
	if (p->state == PS_RUNNABLE) {
		sched_remove(p);
		p->prio = (uint8_t)prio;
		sched_ready(p);
	} else {
		p->prio = (uint8_t)prio;
	}
}

/* A client at 10 and a server at srv_prio waiting in a receive; a third
 * process ready at third_prio (NO_THIRD: none), made after the server so
 * that the twin machines agree. The client runs. */
static void setup(unsigned srv_prio, unsigned third_prio)
{
	ustub_machine(64);
	client = ustub_process();
	server = ustub_process();
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      EP, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	server->cregs[EP] = client->cregs[EP];
	ck_assert_int_eq(ustub_invoke(server, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, GIFT,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	for (unsigned i = 0; i < MSG_LONG_WORDS; i++) {
		client->regs.extra[i] = CLIENT_WORDS + i;
		server->regs.extra[i] = SERVER_WORDS + i;
	}
	ck_assert_int_eq(ustub_invoke(server, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0,
				      srv_recv_flags),
			 INV_NO_RESULT);
	set_prio(server, srv_prio);
	third = NULL;
	if (third_prio != NO_THIRD) {
		third = ustub_process();
		set_prio(third, third_prio);
	}
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
	ck_assert_ptr_eq(sched_current(), p); /* the fastpath takes the running process's */
	ipc_fastpath();
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

/* Which process a queue link names, by pid (0: none). */
static uint32_t pid_of(const struct process *p)
{
	return p ? p->pid : 0;
}

/* What a user can see afterwards, and what the scheduler will do next. */
struct outcome {
	uint32_t regs[3][6], extra[3][MSG_LONG_WORDS];
	unsigned state[3], prio_queue[3], recv_slot[3], recv_weak[3];
	struct cap cregs[3][CAP_REGS], reply[3];
	uint32_t ready, run_ends[SCHED_PRIORITIES][2];
	uint32_t resumed_pid;
};

static void observe(struct outcome *o, const struct process *resumed)
{
	const struct process *ps[3] = { client, server, third };

	memset(o, 0, sizeof(*o));
	for (unsigned i = 0; i < 3; i++) {
		const struct process *p = ps[i];

		if (!p)
			continue;
		memcpy(o->regs[i], p->regs.arg, sizeof(o->regs[i]));
		memcpy(o->extra[i], p->regs.extra, sizeof(o->extra[i]));
		o->state[i] = p->state;
		o->recv_slot[i] = p->recv_slot;
		o->recv_weak[i] = p->recv_weak;
		/* on its level's run queue, or not on one */
		o->prio_queue[i] = p->queue == &sched_state.run[p->prio];
		memcpy(o->cregs[i], p->cregs, sizeof(o->cregs[i]));
		o->reply[i] = p->reply;
	}
	o->ready = sched_state.ready;
	for (unsigned l = 0; l < SCHED_PRIORITIES; l++) {
		o->run_ends[l][0] = pid_of(sched_state.run[l].head);
		o->run_ends[l][1] = pid_of(sched_state.run[l].tail);
	}
	o->resumed_pid = pid_of(resumed);
}

static void assert_same(const struct outcome *a, const struct outcome *b)
{
	ck_assert_mem_eq(a->regs, b->regs, sizeof(a->regs));
	ck_assert_mem_eq(a->extra, b->extra, sizeof(a->extra));
	ck_assert_mem_eq(a->state, b->state, sizeof(a->state));
	ck_assert_mem_eq(a->prio_queue, b->prio_queue, sizeof(a->prio_queue));
	ck_assert_mem_eq(a->recv_slot, b->recv_slot, sizeof(a->recv_slot));
	ck_assert_mem_eq(a->recv_weak, b->recv_weak, sizeof(a->recv_weak));
	ck_assert_mem_eq(a->cregs, b->cregs, sizeof(a->cregs));
	ck_assert_mem_eq(a->reply, b->reply, sizeof(a->reply));
	ck_assert_uint_eq(a->ready, b->ready);
	ck_assert_mem_eq(a->run_ends, b->run_ends, sizeof(a->run_ends));
	ck_assert_uint_eq(a->resumed_pid, b->resumed_pid);
}

/* The fastpath declines p's registers: nothing of the three processes or
 * the scheduler changed. */
static void assert_declines(struct process *p)
{
	static struct process before[3];
	struct process *ps[3] = { client, server, third };
	struct sched_state before_sched = sched_state;

	for (unsigned i = 0; i < 3; i++)
		if (ps[i])
			before[i] = *ps[i];
	ck_assert_ptr_null(fast(p));
	for (unsigned i = 0; i < 3; i++)
		if (ps[i])
			ck_assert_mem_eq(ps[i], &before[i], sizeof(before[i]));
	ck_assert_mem_eq(&sched_state, &before_sched, sizeof(before_sched));
}

/* The client calls the server at srv_prio (a third ready at third_prio)
 * with client_call_flags: fast and general on twin machines. taken: the
 * fastpath must take it (and get what the general path gets), else decline
 * it untouched (where the general path runs the third instead:
 * across_declined_cases_run_the_third). */
static void call_across(unsigned srv_prio, unsigned third_prio, unsigned send, bool taken)
{
	struct outcome f, g;
	struct process *r;

	setup(srv_prio, third_prio);
	set_regs(client, EP, EP_OP_CALL, send, CAP_NONE, 100, client_call_flags);
	if (!taken) {
		assert_declines(client);
		return;
	}
	r = fast(client);
	ck_assert_ptr_eq(r, server);
	ck_assert_uint_eq(ustub_result(server, 1), 100);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	ck_assert_uint_eq(
		server->regs.extra[MSG_LONG_WORDS - 1],
		((client_call_flags & srv_recv_flags & INV_F_LONG) ? CLIENT_WORDS : SERVER_WORDS) +
			MSG_LONG_WORDS - 1);
	observe(&f, r);
	setup(srv_prio, third_prio);
	set_regs(client, EP, EP_OP_CALL, send, CAP_NONE, 100, client_call_flags);
	observe(&g, general(client));
	assert_same(&f, &g);
}

START_TEST(across_call_up)
{
	call_across(12, NO_THIRD, CAP_NONE, true);
	call_across(31, NO_THIRD, CAP_NONE, true);
	/* a capability along, and one of the client's level waiting below */
	call_across(12, NO_THIRD, 0, true);
	call_across(12, 3, 0, true);
}
END_TEST

START_TEST(across_call_down)
{
	/* to a server below the client: it runs when nothing else is ready
	 * at its level or between */
	call_across(8, NO_THIRD, CAP_NONE, true);
	call_across(0, NO_THIRD, CAP_NONE, true);
	call_across(8, 7, CAP_NONE, true);
	call_across(8, 9, CAP_NONE, false);
	call_across(8, 8, CAP_NONE, false);
	call_across(8, 9, 0, false);
}
END_TEST

START_TEST(across_call_not_alone)
{
	/* another process at the client's level: its level stays ready, and
	 * the general path decides */
	call_across(12, 10, CAP_NONE, false);
	call_across(8, 10, CAP_NONE, false);
}
END_TEST

START_TEST(across_call_long)
{
	/* a long Call across priorities, up and down, to a receiver taking
	 * words 4.. or not, with a capability along or not; declined where
	 * the general path would run another */
	client_call_flags = INV_F_LONG;
	srv_recv_flags = _i ? INV_F_LONG : 0;
	call_across(12, NO_THIRD, CAP_NONE, true);
	call_across(8, NO_THIRD, 0, true);
	call_across(8, 7, CAP_NONE, true);
	call_across(8, 9, CAP_NONE, false);
	call_across(12, 10, 0, false);
}
END_TEST

/* The client (recv into client_slot) called the server (general path);
 * a third at third_prio made ready (NO_THIRD: none) while the server runs;
 * then the server's ReplyRecv with send/flags, fast and general on twin
 * machines. pre: changes to make before the ReplyRecv (or NULL). */
static void reply_setup(unsigned srv_prio, unsigned third_prio, unsigned client_slot,
			void (*pre)(void))
{
	setup(srv_prio, NO_THIRD);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, client_slot, 1, client_call_flags);
	ck_assert_ptr_eq(general(client), server);
	if (third_prio != NO_THIRD) {
		third = ustub_process();
		set_prio(third, third_prio);
	}
	if (pre)
		pre();
	ck_assert_ptr_eq(sched_pick(), server);
}

static void reply_across(unsigned srv_prio, unsigned third_prio, unsigned client_slot,
			 unsigned send, uint32_t flags, void (*pre)(void), bool taken)
{
	struct outcome f, g;
	struct process *r;

	reply_setup(srv_prio, third_prio, client_slot, pre);
	set_regs(server, EP, EP_OP_REPLY_RECV, send, CAP_NONE, 50, flags);
	if (!taken) {
		assert_declines(server);
		return;
	}
	r = fast(server);
	ck_assert_ptr_eq(r, client);
	ck_assert_uint_eq(ustub_result(client, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(client, 1), 50);
	ck_assert_uint_eq(server->state, PS_RECV);
	ck_assert_uint_eq(client->regs.extra[0],
			  (flags & client_call_flags & INV_F_LONG) ? SERVER_WORDS : CLIENT_WORDS);
	observe(&f, r);
	reply_setup(srv_prio, third_prio, client_slot, pre);
	set_regs(server, EP, EP_OP_REPLY_RECV, send, CAP_NONE, 50, flags);
	observe(&g, general(server));
	assert_same(&f, &g);
}

START_TEST(across_reply_recv_down)
{
	/* the server above its caller: taken when nothing is ready at the
	 * caller's level or between */
	reply_across(12, NO_THIRD, CAP_NONE, CAP_NONE, 0, NULL, true);
	reply_across(12, 9, CAP_NONE, CAP_NONE, 0, NULL, true);
	reply_across(12, 11, CAP_NONE, CAP_NONE, 0, NULL, false);
	reply_across(12, 10, CAP_NONE, CAP_NONE, 0, NULL, false);
	/* the server not alone at its level */
	reply_across(12, 12, CAP_NONE, CAP_NONE, 0, NULL, false);
}
END_TEST

START_TEST(across_reply_recv_long)
{
	/* a long ReplyRecv across priorities, down and up, to a caller that
	 * called long or not; declined where the general path would run
	 * another, and with a capability along (the general path's) */
	client_call_flags = _i ? INV_F_LONG : 0;
	reply_across(12, NO_THIRD, CAP_NONE, CAP_NONE, INV_F_LONG, NULL, true);
	reply_across(8, NO_THIRD, CAP_NONE, CAP_NONE, INV_F_LONG, NULL, true);
	reply_across(12, 11, CAP_NONE, CAP_NONE, INV_F_LONG, NULL, false);
	reply_across(12, NO_THIRD, 5, GIFT, INV_F_LONG, NULL, false);
}
END_TEST

START_TEST(across_reply_recv_up)
{
	/* the server below its caller (it ran because the caller blocked) */
	reply_across(8, NO_THIRD, CAP_NONE, CAP_NONE, 0, NULL, true);
	reply_across(8, 7, CAP_NONE, CAP_NONE, 0, NULL, true);
}
END_TEST

START_TEST(across_declined_cases_run_the_third)
{
	/* where the fastpath declines for the scheduler's sake, the general
	 * path runs the third process, not the partner */
	reply_setup(12, 11, CAP_NONE, NULL);
	set_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 50, 0);
	ck_assert_ptr_eq(general(server), third);
	ck_assert_uint_eq(client->state, PS_RUNNABLE);
	reply_setup(12, 10, CAP_NONE, NULL);
	set_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 50, 0);
	ck_assert_ptr_eq(general(server), third);
	setup(8, 9);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(general(client), third);
	setup(8, 8);
	set_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(general(client), third);
}
END_TEST

START_TEST(reply_recv_moves_capability)
{
	/* INV_F_MOVE: the Page lands in the caller's receive register and
	 * leaves the server's, at either priority */
	for (unsigned prio = 10; prio <= 12; prio += 2) {
		reply_across(prio, NO_THIRD, 5, GIFT, INV_F_MOVE, NULL, true);
		ck_assert_uint_eq(client->cregs[5].type, CT_PAGE);
		ck_assert(cap_has(&client->cregs[5], CR_WRITE));
		ck_assert(cap_is_empty(&server->cregs[GIFT]));
	}
}
END_TEST

START_TEST(reply_recv_copies_capability)
{
	/* without INV_F_MOVE the server keeps its own */
	for (unsigned prio = 10; prio <= 12; prio += 2) {
		reply_across(prio, NO_THIRD, 5, GIFT, 0, NULL, true);
		ck_assert_uint_eq(client->cregs[5].type, CT_PAGE);
		ck_assert_uint_eq(server->cregs[GIFT].type, CT_PAGE);
	}
}
END_TEST

/* The caller's receive register filled while it waited. */
static void fill_client_slot(void)
{
	client->cregs[5] = client->cregs[0];
}

START_TEST(reply_recv_moved_capability_nowhere_to_go)
{
	/* no receive register, or a full one: the capability is dropped, and
	 * moved it leaves the server all the same */
	reply_across(12, NO_THIRD, CAP_NONE, GIFT, INV_F_MOVE, NULL, true);
	ck_assert(cap_is_empty(&server->cregs[GIFT]));
	reply_across(12, NO_THIRD, 5, GIFT, INV_F_MOVE, fill_client_slot, true);
	ck_assert_uint_eq(client->cregs[5].type, CT_RANGE);
	ck_assert(cap_is_empty(&server->cregs[GIFT]));
	reply_across(10, NO_THIRD, CAP_NONE, GIFT, 0, NULL, true);
	ck_assert_uint_eq(server->cregs[GIFT].type, CT_PAGE);
}
END_TEST

/* The server's endpoint capability made weak (it still reads). */
static void weak_endpoint(void)
{
	cap_weaken(&server->cregs[EP]);
}

START_TEST(reply_recv_moves_endpoint_capability)
{
	/* a packed object checked in one step: the very endpoint received on,
	 * whose rights (weak or not) still decide the receive */
	reply_across(12, NO_THIRD, 5, EP, INV_F_MOVE, NULL, true);
	ck_assert_uint_eq(client->cregs[5].type, CT_ENDPOINT);
	ck_assert(cap_is_empty(&server->cregs[EP]));
	ck_assert(!server->recv_weak);
	reply_across(12, NO_THIRD, 5, EP, INV_F_MOVE, weak_endpoint, true);
	ck_assert(cap_is_empty(&server->cregs[EP]));
	ck_assert(server->recv_weak);
	ck_assert(client->cregs[5].rights & CR_WEAK);
}
END_TEST

/* Takes CR_GRANT off the server's Page. */
static void gift_without_grant(void)
{
	server->cregs[GIFT].rights &= (uint8_t)~CR_GRANT;
}

/* Destroys the server's Page: its capability goes stale. */
static void gift_stale(void)
{
	server->cregs[7] = server->cregs[GIFT];
	ck_assert_int_eq(
		ustub_invoke(server, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0),
		INV_OK);
	ck_assert_uint_eq(server->cregs[GIFT].type, CT_PAGE);
}

START_TEST(reply_recv_capability_declines)
{
	/* the general path's errors: no CR_GRANT, a stale or an empty
	 * register, INV_F_MOVE with other flags, with nothing to send or on a
	 * Call; and the scheduler's refusals as without a capability */
	reply_across(12, NO_THIRD, 5, GIFT, INV_F_MOVE, gift_without_grant, false);
	reply_across(12, NO_THIRD, 5, GIFT, INV_F_MOVE, gift_stale, false);
	reply_across(12, NO_THIRD, 5, 9, INV_F_MOVE, NULL, false);
	reply_across(12, NO_THIRD, 5, GIFT, INV_F_MOVE | INV_F_LONG, NULL, false);
	reply_across(12, NO_THIRD, 5, GIFT, INV_F_MOVE | INV_F_NONBLOCK, NULL, false);
	reply_across(12, NO_THIRD, 5, CAP_NONE, INV_F_MOVE, NULL, false);
	reply_across(12, NO_THIRD, 5, CAP_REGS, INV_F_MOVE, NULL, false);
	reply_across(12, 11, 5, GIFT, INV_F_MOVE, NULL, false);
	reply_across(12, 12, 5, GIFT, 0, NULL, false);
	setup(12, NO_THIRD);
	client->cregs[GIFT] = server->cregs[GIFT];
	set_regs(client, EP, EP_OP_CALL, GIFT, CAP_NONE, 1, INV_F_MOVE);
	assert_declines(client);
	ck_assert_ptr_eq(general(client), client);
	ck_assert_uint_eq(ustub_result(client, 0), INV_ERR_ARG);
}
END_TEST

START_TEST(reply_recv_capability_errors_match)
{
	/* a declined ReplyRecv with a capability gets the general path's
	 * answer: the stale one is refused and nothing moves */
	reply_setup(12, NO_THIRD, 5, gift_stale);
	set_regs(server, EP, EP_OP_REPLY_RECV, GIFT, CAP_NONE, 50, INV_F_MOVE);
	assert_declines(server);
	ck_assert_ptr_eq(general(server), server);
	ck_assert_uint_eq(ustub_result(server, 0), INV_ERR_CAP_STALE);
	ck_assert_uint_eq(server->cregs[GIFT].type, CT_PAGE);
	ck_assert_uint_eq(client->state, PS_REPLY);
}
END_TEST

START_TEST(across_report_counts)
{
	reply_across(12, NO_THIRD, 5, GIFT, INV_F_MOVE, NULL, true);
	kstub_reset();
	ipc_fastpath_report();
	/* the twin machine's general run counts nothing */
	ck_assert_str_eq(
		host_console,
		"ipc: fastpath on call=0 replyrecv=1 pid=0 across=1 replycap=1 replypage=0\n");
}
END_TEST

Suite *fastpath_across_suite(void)
{
	Suite *s = suite_create("fastpath_across");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, across_call_up);
	tcase_add_test(tc, across_call_down);
	tcase_add_test(tc, across_call_not_alone);
	tcase_add_loop_test(tc, across_call_long, 0, 2);
	tcase_add_loop_test(tc, across_reply_recv_long, 0, 2);
	tcase_add_test(tc, across_reply_recv_down);
	tcase_add_test(tc, across_reply_recv_up);
	tcase_add_test(tc, across_declined_cases_run_the_third);
	tcase_add_test(tc, reply_recv_moves_capability);
	tcase_add_test(tc, reply_recv_copies_capability);
	tcase_add_test(tc, reply_recv_moved_capability_nowhere_to_go);
	tcase_add_test(tc, reply_recv_moves_endpoint_capability);
	tcase_add_test(tc, reply_recv_capability_declines);
	tcase_add_test(tc, reply_recv_capability_errors_match);
	tcase_add_test(tc, across_report_counts);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_across)
