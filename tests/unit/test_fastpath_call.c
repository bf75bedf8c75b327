/* Unit tests for the fastpath's Call (kernel/ipc/fastpath.c, fast_call and
 * ipc_fastpath_long): its four copies (words only or with a capability,
 * short or long) each through every case it takes, compared with the
 * general path on a twin machine, and every reason it declines, with the
 * general path's answer to the same registers. */
#include <check.h>

#include <arch/host.h>
#include <kernel/sched.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

#define GIFT 6 /* a capability to send, when not the Range in register 0 */
#define SPARE 4 /* a register for a restricted or spoiled endpoint */

/* The copies of fast_call: whether the call sends a capability, its flags. */
static const struct variant {
	bool gift;
	uint32_t flags;
} variants[] = {
	{ false, 0 },
	{ true, 0 },
	{ false, INV_F_LONG },
	{ true, INV_F_LONG },
};

/* The capability register the call sends (CAP_NONE: none). */
static unsigned send_reg;

static void call_regs(const struct variant *v, unsigned cap)
{
	fp_regs(client, cap, EP_OP_CALL, v->gift ? send_reg : CAP_NONE, CAP_NONE, 100, v->flags);
}

/* The machine before the call: the client's long words 100.., the
 * server's 500.., then `prep`. */
static void machine(unsigned srv_slot, uint32_t srv_flags, void (*prep)(void))
{
	fp_setup(srv_slot, srv_flags);
	fp_words(client, 100);
	fp_words(server, 500);
	send_reg = 0;
	if (prep)
		prep();
}

/* The call taken by the fastpath on one machine and by the general path
 * on its twin: the same outcome, and the server has the call's words (its
 * long words only when both sides are long). */
static void call_twins(const struct variant *v, unsigned srv_slot, uint32_t srv_flags,
		       void (*prep)(void))
{
	struct fp_outcome f, g;
	bool long_words = (v->flags & INV_F_LONG) && (srv_flags & INV_F_LONG);

	machine(srv_slot, srv_flags, prep);
	call_regs(v, EP);
	ck_assert_ptr_eq(fp_fast(client), server);
	fp_observe(&f, server, srv_slot);
	ck_assert_uint_eq(client->state, PS_REPLY);
	ck_assert_uint_eq(server->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(server, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(server, 1), 100);
	ck_assert_uint_eq(server->regs.extra[MSG_LONG_WORDS - 1],
			  (long_words ? 100 : 500) + MSG_LONG_WORDS - 1);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);

	machine(srv_slot, srv_flags, prep);
	call_regs(v, EP);
	fp_observe(&g, fp_general(client), srv_slot);
	fp_assert_same(&f, &g);
}

/* ---- taken ---- */

START_TEST(fast_call_taken_plain)
{
	call_twins(&variants[_i], CAP_NONE, 0, NULL);
	call_twins(&variants[_i], CAP_NONE, INV_F_LONG, NULL);
}
END_TEST

static void weak_receive(void)
{
	server->recv_weak = true;
}

START_TEST(fast_call_taken_into_register)
{
	const struct variant *v = &variants[_i];

	call_twins(v, 5, INV_F_LONG, NULL);
	ck_assert_uint_eq(server->cregs[5].type, v->gift ? CT_RANGE : CT_NULL);
	call_twins(v, 5, 0, weak_receive);
	if (v->gift)
		ck_assert(server->cregs[5].rights & CR_WEAK);
}
END_TEST

static void register_filled(void)
{
	server->cregs[5] = server->cregs[0];
	server->cregs[5].rights = CR_READ;
}

START_TEST(fast_call_taken_register_filled)
{
	/* PROC_OP_SET_CAP filled the receive register meanwhile: it keeps
	 * what it holds */
	call_twins(&variants[_i], 5, 0, register_filled);
	ck_assert_uint_eq(server->cregs[5].rights, CR_READ);
}
END_TEST

static struct process *second;

static void second_receiver(void)
{
	second = ustub_process();
	second->cregs[EP] = client->cregs[EP];
	ck_assert_int_eq(ustub_invoke(second, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_ptr_eq(sched_pick(), client);
}

START_TEST(fast_call_taken_first_of_two)
{
	struct obj_ref o;
	struct endpoint *ep;

	call_twins(&variants[_i], CAP_NONE, 0, second_receiver);
	ck_assert_int_eq(cap_resolve(&client->cregs[EP], &o), INV_OK);
	ep = o.kva;
	ck_assert_ptr_eq(ep->recv.head, second);
	ck_assert_ptr_eq(ep->recv.tail, second);
	ck_assert_ptr_null(second->prev);
	ck_assert_uint_eq(second->state, PS_RECV);
}
END_TEST

START_TEST(fast_call_taken_other_range_last)
{
	/* the endpoint (and the capability sent) are found by the range table,
	 * not the fast check's range */
	call_twins(&variants[_i], 5, INV_F_LONG, fp_hint_elsewhere);
}
END_TEST

static void gift_endpoint(void)
{
	send_reg = EP;
}

static void gift_process(void)
{
	ustub_mint_process(&client->cregs[GIFT], CT_PROCESS, CR_ALL, client);
	send_reg = GIFT;
}

static void gift_process_elsewhere(void)
{
	gift_process();
	fp_hint_elsewhere();
}

static void gift_endpoint_elsewhere(void)
{
	send_reg = EP;
	fp_hint_elsewhere();
}

START_TEST(fast_call_taken_gift_kinds)
{
	/* the packed kinds (Endpoint, Process) are checked by cap_object, in
	 * the fast check's range or out of it */
	const struct variant *v = &variants[_i * 2 + 1];

	call_twins(v, 5, 0, gift_endpoint);
	ck_assert_uint_eq(server->cregs[5].type, CT_ENDPOINT);
	call_twins(v, 5, 0, gift_process);
	ck_assert_uint_eq(server->cregs[5].type, CT_PROCESS);
	ck_assert_uint_eq(server->cregs[5].pfn, client->self_pfn);
	call_twins(v, 5, 0, gift_endpoint_elsewhere);
	call_twins(v, 5, 0, gift_process_elsewhere);
}
END_TEST

/* ---- declined ---- */

/* The fastpath declines the client's registers (nothing changes), and the
 * general path gives `err` for them. */
static void declines_with(int err)
{
	fp_assert_declines(client);
	ck_assert_int_eq(fp_general_err(client), err);
}

START_TEST(fast_call_declines_no_write)
{
	const struct variant *v = &variants[_i];

	machine(CAP_NONE, 0, NULL);
	ck_assert_int_eq(ustub_invoke(client, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, SPARE,
				      CR_WRITE, 0, 0, 0),
			 INV_OK);
	call_regs(v, SPARE);
	declines_with(INV_ERR_RIGHTS);
}
END_TEST

START_TEST(fast_call_declines_spoiled_endpoint)
{
	const struct variant *v = &variants[_i];

	for (enum fp_spoil how = 0; how < FP_SPOILS; how++) {
		machine(CAP_NONE, 0, NULL);
		client->cregs[SPARE] = client->cregs[EP];
		fp_spoil(&client->cregs[SPARE], how);
		call_regs(v, SPARE);
		declines_with(INV_ERR_CAP_STALE);
	}
}
END_TEST

START_TEST(fast_call_declines_no_receiver)
{
	const struct variant *v = &variants[_i];

	fp_machine();
	client = ustub_process();
	server = ustub_process();
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      EP, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_ptr_eq(sched_pick(), client);
	send_reg = 0;
	call_regs(v, EP);
	declines_with(INV_NO_RESULT);
	ck_assert_uint_eq(client->state, PS_SEND);
}
END_TEST

/* The three things the direct switch needs, each missing in turn: the
 * caller alone at its level and at its head, and the server at its
 * priority. (The caller is the running process: ipc_fastpath takes no
 * other.) */
START_TEST(fast_call_declines_no_hand_over)
{
	const struct variant *v = &variants[_i];
	struct process *other;

	/* another process ready at the caller's level, behind it */
	machine(CAP_NONE, 0, NULL);
	other = ustub_process();
	ck_assert_ptr_eq(client->next, other);
	call_regs(v, EP);
	declines_with(INV_NO_RESULT);

	/* ... or ahead of it: the caller's quantum ran out and its level
	 * rotated, the scheduler has not picked since */
	machine(CAP_NONE, 0, NULL);
	other = ustub_process();
	sched_rotate(client);
	ck_assert_ptr_eq(sched_current(), client);
	ck_assert_ptr_null(client->next);
	call_regs(v, EP);
	declines_with(INV_NO_RESULT);

	/* the server at another priority, with its level ready already: it
	 * would wait behind (a switch across levels: test_fastpath_across.c) */
	machine(CAP_NONE, 0, NULL);
	other = ustub_process();
	sched_remove(other);
	other->prio = 9;
	sched_ready(other);
	server->prio = 9;
	call_regs(v, EP);
	declines_with(INV_NO_RESULT);
	ck_assert_uint_eq(client->state, PS_REPLY);
}
END_TEST

/* ---- declined: the capability sent ---- */

START_TEST(fast_call_declines_gift_refused)
{
	const struct variant *v = &variants[_i * 2 + 1];

	/* an empty register */
	machine(CAP_NONE, 0, NULL);
	send_reg = GIFT;
	call_regs(v, EP);
	declines_with(INV_ERR_CAP_EMPTY);
	/* without CR_GRANT */
	machine(CAP_NONE, 0, NULL);
	ck_assert_int_eq(ustub_invoke(client, 0, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, GIFT,
				      CR_GRANT, 0, 0, 0),
			 INV_OK);
	send_reg = GIFT;
	call_regs(v, EP);
	declines_with(INV_ERR_RIGHTS);
}
END_TEST

START_TEST(fast_call_declines_gift_spoiled)
{
	const struct variant *v = &variants[_i * 2 + 1];

	for (enum fp_spoil how = 0; how < FP_SPOILS; how++) {
		/* an Endpoint */
		machine(CAP_NONE, 0, NULL);
		client->cregs[GIFT] = client->cregs[EP];
		fp_spoil(&client->cregs[GIFT], how);
		send_reg = GIFT;
		call_regs(v, EP);
		declines_with(INV_ERR_CAP_STALE);
		/* a Process */
		machine(CAP_NONE, 0, NULL);
		ustub_mint_process(&client->cregs[GIFT], CT_PROCESS, CR_ALL, server);
		fp_spoil(&client->cregs[GIFT], how);
		send_reg = GIFT;
		call_regs(v, EP);
		declines_with(INV_ERR_CAP_STALE);
	}
}
END_TEST

START_TEST(fast_call_declines_gift_page_gone)
{
	/* a kind cap_resolve checks (a Page), destroyed */
	const struct variant *v = &variants[_i * 2 + 1];

	machine(CAP_NONE, 0, NULL);
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, GIFT,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	client->cregs[GIFT + 1] = client->cregs[GIFT];
	ck_assert_int_eq(
		ustub_invoke(client, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, GIFT, 0, 0, 0, 0),
		INV_OK);
	ck_assert_ptr_eq(sched_pick(), client);
	send_reg = GIFT + 1;
	call_regs(v, EP);
	declines_with(INV_ERR_CAP_STALE);
}
END_TEST

/* ---- declined: long messages ---- */

START_TEST(fast_call_declines_long_place_bad)
{
	const struct variant *v = &variants[2 + _i];

	/* the caller's own place */
	machine(CAP_NONE, INV_F_LONG, NULL);
	client->regs.extra[0] = HOST_MSG_BAD;
	call_regs(v, EP);
	declines_with(INV_ERR_ADDR);
	ck_assert_uint_eq(server->state, PS_RECV);
	/* the long receiver's place went bad while it waited: it is answered
	 * INV_ERR_ADDR and the call waits for another */
	machine(CAP_NONE, INV_F_LONG, NULL);
	server->regs.extra[0] = HOST_MSG_BAD;
	call_regs(v, EP);
	declines_with(INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(server, 0), INV_ERR_ADDR);
	ck_assert_uint_eq(client->state, PS_SEND);
}
END_TEST

/* What ipc_fastpath_long leaves to the general path from the header alone. */
START_TEST(fast_call_long_declines_header)
{
	static const struct {
		unsigned cap, op, send, slot;
		uint32_t flags;
		int err;
	} cases[] = {
		{ EP, EP_OP_CALL, CAP_NONE, CAP_NONE, INV_F_LONG | INV_F_NONBLOCK, INV_NO_RESULT },
		{ CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, INV_F_LONG, INV_OK },
		{ SPARE, EP_OP_CALL, CAP_NONE, CAP_NONE, INV_F_LONG, INV_ERR_CAP_EMPTY },
		{ EP, EP_OP_CALL, CAP_NONE, 0, INV_F_LONG, INV_ERR_SLOT },
		{ EP, EP_OP_CALL, CAP_NONE, CAP_REGS, INV_F_LONG, INV_ERR_SLOT },
		{ EP, EP_OP_SEND, CAP_NONE, CAP_NONE, INV_F_LONG, INV_OK },
		{ EP, EP_OP_SEND, 0, CAP_NONE, INV_F_LONG, INV_OK },
		{ EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, INV_F_LONG, INV_ERR_CAP_EMPTY },
		{ EP, EP_OP_CALL, CAP_REGS, CAP_NONE, INV_F_LONG, INV_ERR_CAP_INDEX },
	};

	int err;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		machine(CAP_NONE, INV_F_LONG, NULL);
		fp_regs(client, cases[i].cap, cases[i].op, cases[i].send, cases[i].slot, 1,
			cases[i].flags);
		fp_assert_declines(client);
		err = fp_general_err(client);
		ck_assert_msg(err == cases[i].err, "case %u: %d", i, err);
	}
}
END_TEST

/* And then taken: a long call into a free register. */
START_TEST(fast_call_long_into_free_register)
{
	call_twins(&variants[2 + _i], CAP_NONE, INV_F_LONG, NULL);
	fp_setup(CAP_NONE, INV_F_LONG);
	fp_words(client, 70);
	fp_regs(client, EP, EP_OP_CALL, _i ? 0 : CAP_NONE, 7, 3, INV_F_LONG);
	ck_assert_ptr_eq(fp_fast(client), server);
	ck_assert_uint_eq(client->recv_slot, 7);
	ck_assert_uint_eq(server->regs.extra[0], 70);
}
END_TEST

Suite *fastpath_call_suite(void)
{
	Suite *s = suite_create("fastpath_call");
	TCase *tc = tcase_create("core");
	const int n = (int)(sizeof(variants) / sizeof(variants[0]));

	tcase_add_loop_test(tc, fast_call_taken_plain, 0, n);
	tcase_add_loop_test(tc, fast_call_taken_into_register, 0, n);
	tcase_add_loop_test(tc, fast_call_taken_register_filled, 0, n);
	tcase_add_loop_test(tc, fast_call_taken_first_of_two, 0, n);
	tcase_add_loop_test(tc, fast_call_taken_other_range_last, 0, n);
	tcase_add_loop_test(tc, fast_call_taken_gift_kinds, 0, 2);
	tcase_add_loop_test(tc, fast_call_declines_no_write, 0, n);
	tcase_add_loop_test(tc, fast_call_declines_spoiled_endpoint, 0, n);
	tcase_add_loop_test(tc, fast_call_declines_no_receiver, 0, n);
	tcase_add_loop_test(tc, fast_call_declines_no_hand_over, 0, n);
	tcase_add_loop_test(tc, fast_call_declines_gift_refused, 0, 2);
	tcase_add_loop_test(tc, fast_call_declines_gift_spoiled, 0, 2);
	tcase_add_loop_test(tc, fast_call_declines_gift_page_gone, 0, 2);
	tcase_add_loop_test(tc, fast_call_declines_long_place_bad, 0, 2);
	tcase_add_loop_test(tc, fast_call_long_declines_header, 0, 1);
	tcase_add_loop_test(tc, fast_call_long_into_free_register, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_call)
