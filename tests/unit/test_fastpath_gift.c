/* Unit tests for the capability a fastpath Call or ReplyRecv carries
 * (kernel/ipc/fastpath.c, fast_live; doc/abi.md "Fastpath"): a Page is
 * checked inline as cap_resolve checks it, at the caller's priority and
 * across. A live one (RAM or device frame) travels as on the general path;
 * one cap_resolve calls stale, in each way one can be, is declined
 * untouched and gets the general path's error. */
#include <check.h>

#include <kernel/sched.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

#define GIFT 6 /* the register of the Page sent */
#define INTO 5 /* where the receiver takes a capability */
#define LIVE FP_SPOILS /* no spoiling */
#define DEVICE (FP_SPOILS + 1) /* a live Page of a device frame */

/* The Page (the client's, the server's copy) made `how`. */
static void gift_made(unsigned how)
{
	if (how == DEVICE)
		fp_device_page(&client->cregs[GIFT]);
	else
		ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
					      CT_PAGE, GIFT, RANGE_ANY, RANGE_ANY, 0),
				 INV_OK);
	if (how < FP_SPOILS)
		fp_spoil(&client->cregs[GIFT], (enum fp_spoil)how);
	server->cregs[GIFT] = client->cregs[GIFT];
}

/* The client (priority of fp_setup) calls the server at srv_prio with the
 * Page made `how`: fast and general on twin machines. */
static void call_gift(unsigned srv_prio, unsigned how)
{
	struct fp_outcome f, g;
	int err;

	for (int way = 0; way < 2; way++) {
		fp_setup(INTO, 0);
		server->prio = (uint8_t)srv_prio; /* it waits, on no run queue */
		gift_made(how);
		ck_assert_ptr_eq(sched_pick(), client);
		fp_regs(client, EP, EP_OP_CALL, GIFT, CAP_NONE, 100, 0);
		if (way == 0 && how < FP_SPOILS) {
			fp_assert_declines(client);
			err = fp_general_err(client);
			ck_assert_int_eq(err, INV_ERR_CAP_STALE);
			return;
		}
		if (way == 0)
			fp_observe(&f, fp_fast(client), INTO);
		else
			fp_observe(&g, fp_general(client), INTO);
	}
	fp_assert_same(&f, &g);
	ck_assert_uint_eq(f.resumed_pid, server->pid);
	ck_assert_uint_eq(f.gift.type, CT_PAGE);
}

/* The client called the server (general path) receiving into INTO; the
 * server at srv_prio answers with a ReplyRecv carrying its copy of the Page
 * made `how` (moved with `move`): fast and general on twin machines. */
static void reply_gift(unsigned srv_prio, unsigned how, bool move)
{
	struct fp_outcome f, g;
	struct cap got[2], kept[2];

	for (int way = 0; way < 2; way++) {
		fp_setup(CAP_NONE, 0);
		server->prio = (uint8_t)srv_prio;
		gift_made(how);
		ck_assert_ptr_eq(sched_pick(), client);
		fp_regs(client, EP, EP_OP_CALL, CAP_NONE, INTO, 1, 0);
		ck_assert_ptr_eq(fp_general(client), server);
		fp_regs(server, EP, EP_OP_REPLY_RECV, GIFT, CAP_NONE, 50, move ? INV_F_MOVE : 0);
		if (way == 0 && how < FP_SPOILS) {
			fp_assert_declines(server);
			ck_assert_int_eq(fp_general_err(server), INV_ERR_CAP_STALE);
			ck_assert_uint_eq(client->state, PS_REPLY);
			return;
		}
		if (way == 0)
			fp_observe(&f, fp_fast(server), GIFT);
		else
			fp_observe(&g, fp_general(server), GIFT);
		got[way] = client->cregs[INTO];
		kept[way] = server->cregs[GIFT];
	}
	fp_assert_same(&f, &g);
	ck_assert_mem_eq(&got[0], &got[1], sizeof(got[0]));
	ck_assert_mem_eq(&kept[0], &kept[1], sizeof(kept[0]));
	ck_assert_uint_eq(f.resumed_pid, client->pid);
	ck_assert_uint_eq(got[0].type, CT_PAGE);
	ck_assert(move ? cap_is_empty(&kept[0]) : kept[0].type == CT_PAGE);
}

/* Priorities for the server: the client's, above, below. */
static unsigned srv_prio(int i)
{
	static const int delta[3] = { 0, 2, -2 };

	return (unsigned)((int)client->prio + delta[i]);
}

START_TEST(call_carries_live_page)
{
	fp_setup(CAP_NONE, 0);
	call_gift(srv_prio(_i), LIVE);
	call_gift(srv_prio(_i), DEVICE);
}
END_TEST

START_TEST(call_declines_stale_page)
{
	unsigned prio;

	fp_setup(CAP_NONE, 0);
	prio = srv_prio(_i);
	for (unsigned how = 0; how < FP_SPOILS; how++)
		call_gift(prio, how);
}
END_TEST

START_TEST(reply_carries_live_page)
{
	unsigned prio;

	fp_setup(CAP_NONE, 0);
	prio = srv_prio(_i);
	for (int move = 0; move < 2; move++) {
		reply_gift(prio, LIVE, move);
		reply_gift(prio, DEVICE, move);
	}
}
END_TEST

START_TEST(reply_declines_stale_page)
{
	unsigned prio;

	fp_setup(CAP_NONE, 0);
	prio = srv_prio(_i);
	for (unsigned how = 0; how < FP_SPOILS; how++) {
		reply_gift(prio, how, true);
		reply_gift(prio, how, false);
	}
}
END_TEST

Suite *fastpath_gift_suite(void)
{
	Suite *s = suite_create("fastpath_gift");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, call_carries_live_page, 0, 3);
	tcase_add_loop_test(tc, call_declines_stale_page, 0, 3);
	tcase_add_loop_test(tc, reply_carries_live_page, 0, 3);
	tcase_add_loop_test(tc, reply_declines_stale_page, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_gift)
