/* Unit tests for the fastpath's ReplyRecv (kernel/ipc/fastpath.c,
 * fast_reply_recv): each reason it declines (the endpoint, the Reply, the
 * caller, the direct switch), with the general path's answer to the same
 * registers, and the case it takes with the endpoint and the caller found
 * outside the range the fast check tries first. */
#include <check.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/sched.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

#define SPARE 4 /* a register for a spoiled endpoint */
#define COPY 8 /* a register for a copy of the Reply */

/* The client has called the server, which runs holding the Reply; its
 * registers ask for ReplyRecv on `cap`, answering 50... */
static void called(unsigned cap)
{
	fp_setup(CAP_NONE, 0);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0);
	ck_assert_ptr_eq(fp_general(client), server);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	fp_regs(server, cap, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 50, 0);
}

static void declines_with(int err)
{
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), err);
}

START_TEST(fast_reply_recv_declines_spoiled_endpoint)
{
	/* the general path refuses the endpoint before it uses the Reply */
	for (enum fp_spoil how = 0; how < FP_SPOILS; how++) {
		called(SPARE);
		server->cregs[SPARE] = server->cregs[EP];
		fp_spoil(&server->cregs[SPARE], how);
		declines_with(INV_ERR_CAP_STALE);
		ck_assert_uint_eq(client->state, PS_REPLY);
		ck_assert_uint_eq(server->reply.type, CT_REPLY);
	}
}
END_TEST

START_TEST(fast_reply_recv_declines_spoiled_reply)
{
	/* a Reply that names no caller: the general path answers
	 * INV_ERR_CAP_STALE and the caller keeps waiting */
	for (enum fp_spoil how = 0; how < FP_SPOILS; how++) {
		called(EP);
		fp_spoil(&server->reply, how);
		declines_with(INV_ERR_CAP_STALE);
		ck_assert_uint_eq(client->state, PS_REPLY);
		ck_assert_uint_eq(server->state, PS_RUNNABLE);
	}
}
END_TEST

START_TEST(fast_reply_recv_declines_answered_through_copy)
{
	/* the server answered through a copy of its Reply: the caller runs
	 * again, and the Reply the server still holds is used up */
	called(EP);
	ck_assert_int_eq(
		ustub_invoke(server, CAP_REPLY, CAP_OP_COPY, CAP_NONE, CAP_NONE, COPY, 0, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(
		ustub_invoke(server, COPY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0),
		INV_OK);
	ck_assert_uint_eq(client->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(client, 1), 7);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	ck_assert_ptr_eq(sched_pick(), server);
	fp_regs(server, EP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE, 50, 0);
	declines_with(INV_ERR_CAP_STALE);
	ck_assert_uint_eq(ustub_result(client, 1), 7);
}
END_TEST

/* The direct switch's needs, each missing in turn (the caller at another
 * priority: test_fastpath.c; the server is the running process, as
 * ipc_fastpath takes no other). */
START_TEST(fast_reply_recv_declines_no_hand_over)
{
	struct process *other;

	/* another process ready at the server's level, behind it */
	called(EP);
	other = ustub_process();
	ck_assert_ptr_eq(server->next, other);
	declines_with(INV_NO_RESULT);

	/* ... or ahead of it, the level rotated since the pick */
	called(EP);
	other = ustub_process();
	sched_rotate(server);
	ck_assert_ptr_eq(sched_current(), server);
	ck_assert_ptr_null(server->next);
	declines_with(INV_NO_RESULT);
	ck_assert_uint_eq(client->state, PS_RUNNABLE);
}
END_TEST

START_TEST(fast_reply_recv_taken_other_range_last)
{
	/* the endpoint and the caller found through the range table */
	struct fp_outcome f, g;

	called(EP);
	fp_hint_elsewhere();
	ck_assert_ptr_eq(fp_fast(server), client);
	fp_observe(&f, client, CAP_NONE);
	ck_assert_uint_eq(ustub_result(client, 1), 50);
	ck_assert_uint_eq(server->state, PS_RECV);
	called(EP);
	fp_hint_elsewhere();
	fp_observe(&g, fp_general(server), CAP_NONE);
	fp_assert_same(&f, &g);
}
END_TEST

START_TEST(fast_report_off)
{
	ipc_fastpath_on = false;
	kstub_reset();
	ipc_fastpath_report();
	ipc_fastpath_on = true;
	ck_assert_ptr_nonnull(strstr(host_console, "ipc: fastpath off call="));
}
END_TEST

Suite *fastpath_reply_suite(void)
{
	Suite *s = suite_create("fastpath_reply");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, fast_reply_recv_declines_spoiled_endpoint);
	tcase_add_test(tc, fast_reply_recv_declines_spoiled_reply);
	tcase_add_test(tc, fast_reply_recv_declines_answered_through_copy);
	tcase_add_test(tc, fast_reply_recv_declines_no_hand_over);
	tcase_add_test(tc, fast_reply_recv_taken_other_range_last);
	tcase_add_test(tc, fast_report_off);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_reply)
