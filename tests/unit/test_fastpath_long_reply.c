/* Unit tests for the fastpath's long ReplyRecv (kernel/ipc/fastpath.c,
 * ipc_fastpath_long): taken, to a caller that receives long or short, with
 * the same outcome as the general path on a twin machine; declined for a
 * bad place on either side and a capability along, with the general path's
 * answer. Across priorities: test_fastpath_across.c. */
#include <check.h>

#include <arch/host.h>
#include <kernel/sched.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

#define CLIENT_WORDS 100 /* words 4.. of the client's call */
#define SERVER_WORDS 500 /* words 4.. of the server's answer */

/* The process (client or server) whose long place goes bad after the
 * call, before the ReplyRecv, or NULL. */
static struct process **bad_place;

/* The client (flags client_flags) has called the server through the
 * general path; the server's registers ask for a long ReplyRecv with
 * `flags` and register `send`, answering 50 and SERVER_WORDS... */
static void called(uint32_t client_flags, unsigned send, uint32_t flags)
{
	fp_setup(CAP_NONE, INV_F_LONG);
	fp_words(client, CLIENT_WORDS);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, client_flags);
	ck_assert_ptr_eq(fp_general(client), server);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	fp_words(server, SERVER_WORDS);
	if (bad_place)
		(*bad_place)->regs.extra[0] = HOST_MSG_BAD;
	fp_regs(server, EP, EP_OP_REPLY_RECV, send, CAP_NONE, 50, flags);
}

static void teardown(void)
{
	bad_place = NULL;
}

/* Taken, and the same as the general path: the caller's words 4.. are
 * the server's when it called long, its own otherwise. */
static void reply_twins(uint32_t client_flags)
{
	struct fp_outcome f, g;

	called(client_flags, CAP_NONE, INV_F_LONG);
	ck_assert_ptr_eq(fp_fast(server), client);
	fp_observe(&f, client, CAP_NONE);
	called(client_flags, CAP_NONE, INV_F_LONG);
	fp_observe(&g, fp_general(server), CAP_NONE);
	fp_assert_same(&f, &g);
	ck_assert_uint_eq(f.client_regs[0], INV_OK);
	ck_assert_uint_eq(f.client_regs[1], 50);
	for (unsigned i = 0; i < MSG_LONG_WORDS; i++)
		ck_assert_uint_eq(f.client_extra[i],
				  ((client_flags & INV_F_LONG) ? SERVER_WORDS : CLIENT_WORDS) + i);
	ck_assert_uint_eq(f.client_state, PS_RUNNABLE);
	ck_assert_uint_eq(f.server_state, PS_RECV);
}

START_TEST(long_reply_taken)
{
	reply_twins(INV_F_LONG);
	reply_twins(0);
}
END_TEST

START_TEST(long_reply_declines_own_place_bad)
{
	/* the server's place, which its next message would take: refused
	 * before the reply, which the caller still waits for */
	bad_place = &server;
	called(INV_F_LONG, CAP_NONE, INV_F_LONG);
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), INV_ERR_ADDR);
	ck_assert_uint_eq(client->state, PS_REPLY);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
}
END_TEST

START_TEST(long_reply_declines_caller_place_bad)
{
	/* the caller's place went bad while it waited: the reply is used up,
	 * the caller answered INV_ERR_ADDR, the server waits for the next */
	bad_place = &client;
	called(INV_F_LONG, CAP_NONE, INV_F_LONG);
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), INV_NO_RESULT);
	ck_assert_uint_eq(client->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(client, 0), INV_ERR_ADDR);
	ck_assert_uint_eq(server->state, PS_RECV);
	ck_assert_uint_eq(server->reply.type, CT_NULL);
}
END_TEST

START_TEST(long_reply_declines_capability)
{
	/* a long answer carrying a capability (register 0, the Range), moved
	 * or not, is the general path's */
	called(INV_F_LONG, 0, _i ? INV_F_LONG | INV_F_MOVE : INV_F_LONG);
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(client, 1), 50);
	ck_assert_uint_eq(client->regs.extra[0], SERVER_WORDS);
	ck_assert_uint_eq(server->cregs[0].type, _i ? CT_NULL : CT_RANGE);
}
END_TEST

Suite *fastpath_long_reply_suite(void)
{
	Suite *s = suite_create("fastpath_long_reply");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, long_reply_taken);
	tcase_add_test(tc, long_reply_declines_own_place_bad);
	tcase_add_test(tc, long_reply_declines_caller_place_bad);
	tcase_add_loop_test(tc, long_reply_declines_capability, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_long_reply)
