/* Unit tests for the sender's pool stamped in a badge (EP_OP_STAMP_POOL,
 * ipc_stamp and ipc_badge in kernel/include/kernel/ipc.h, doc/abi.md
 * "Badges"): a Call through the fastpath and the general path on twin
 * machines delivers the same badge, at one priority and across, with
 * stamping on or off; a queued sender's pool is read at delivery; a fault
 * keeps the kernel's badge; the op's rights and argument checks. */
#include <check.h>

#include <arch/host.h>
#include <kernel/fault.h>
#include <kernel/ipc.h>
#include <kernel/pool.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

#define SPARE 4 /* a register for a restricted copy of the endpoint */
/* The client's badge: its own bits, and junk in the stamp's (EP_OP_MINT
 * allows them; a stamp replaces them). */
#define CLIENT_BADGE 0x3fc01234u

/* The cases: the client's pool (0 tells a stamp from none; POOL_ANY is
 * none chosen), the server's priority (the client's, or across), stamping. */
static const struct stamp_case {
	unsigned pool, srv_prio;
	bool stamp;
} cases[] = {
	{ 0, 0, true },	 { 3, 0, true },	 { POOL_ANY, 0, true },	 { 0, 12, true },
	{ 3, 12, true }, { POOL_ANY, 12, true }, { POOL_ANY, 0, false }, { 3, 12, false },
};

static int ep_stamp(struct process *p, unsigned reg, uint32_t w0)
{
	return ustub_invoke(p, reg, EP_OP_STAMP_POOL, CAP_NONE, CAP_NONE, w0, 0, 0, 0, 0);
}

/* The endpoint both processes hold in register EP. */
static struct endpoint *fixture_ep(void)
{
	struct obj_ref o;

	ck_assert_int_eq(cap_resolve(&client->cregs[EP], &o), INV_OK);
	return o.kva;
}

/* The fixture's machine for case k: the client (the endpoint's owner, so
 * it holds CR_READ) turns stamping on or leaves it off, holds a badged
 * capability and has pool k->pool; the server waits at k->srv_prio. */
static void machine(const struct stamp_case *k)
{
	fp_setup(CAP_NONE, 0);
	if (k->stamp) {
		ck_assert_int_eq(ep_stamp(client, EP, 1), INV_OK);
		ck_assert_ptr_eq(sched_pick(), client);
	}
	ck_assert_uint_eq(fixture_ep()->stamp_pool, k->stamp);
	client->cregs[EP].badge = CLIENT_BADGE; /* as EP_OP_MINT makes it */
	client->pool = (uint8_t)k->pool; /* the general and the fast path read the field */
	if (k->srv_prio)
		server->prio = (uint8_t)k->srv_prio; /* waiting: on no run queue */
}

START_TEST(stamp_call_fast_and_general)
{
	const struct stamp_case *k = &cases[_i];
	uint32_t want = k->stamp ? (CLIENT_BADGE & ~BADGE_STAMP_MASK) | BADGE_STAMPED |
					   k->pool << BADGE_POOL_SHIFT
				 : CLIENT_BADGE;
	struct fp_outcome f, g;

	machine(k);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 100, 0);
	ck_assert_ptr_eq(fp_fast(client), server);
	fp_observe(&f, server, CAP_NONE);
	machine(k);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 100, 0);
	fp_observe(&g, fp_general(client), CAP_NONE);
	fp_assert_same(&f, &g);
	ck_assert_uint_eq(f.server_regs[0], INV_OK);
	ck_assert_uint_eq(f.server_regs[5], want);
	if (k->stamp) {
		ck_assert(f.server_regs[5] & BADGE_STAMPED);
		ck_assert_uint_eq(BADGE_POOL_OF(f.server_regs[5]), k->pool);
		ck_assert_uint_eq(f.server_regs[5] & ~BADGE_STAMP_MASK,
				  CLIENT_BADGE & ~BADGE_STAMP_MASK);
	}
}
END_TEST

/* EP_OP_STAMP_POOL: read decides (a write-only copy is refused), w0 is 0
 * or 1 (anything else: arg), and a refusal changes nothing; 0 turns it off. */
START_TEST(stamp_op_checks)
{
	fp_setup(CAP_NONE, 0);
	ck_assert_int_eq(ustub_invoke(client, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, SPARE,
				      CR_READ, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ep_stamp(client, SPARE, 1), INV_ERR_RIGHTS);
	ck_assert_uint_eq(fixture_ep()->stamp_pool, 0);
	ck_assert_int_eq(ep_stamp(client, EP, 2), INV_ERR_ARG);
	ck_assert_int_eq(ep_stamp(client, EP, 0xffffffffu), INV_ERR_ARG);
	ck_assert_uint_eq(fixture_ep()->stamp_pool, 0);
	ck_assert_int_eq(ep_stamp(client, EP, 1), INV_OK);
	ck_assert_uint_eq(fixture_ep()->stamp_pool, 1);
	ck_assert_int_eq(ep_stamp(client, SPARE, 0), INV_ERR_RIGHTS);
	ck_assert_uint_eq(fixture_ep()->stamp_pool, 1);
	ck_assert_int_eq(ep_stamp(client, EP, 0), INV_OK);
	ck_assert_uint_eq(fixture_ep()->stamp_pool, 0);
	/* off again: the badge goes through whole */
	client->cregs[EP].badge = CLIENT_BADGE;
	client->pool = 3;
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 100, 0);
	ck_assert_ptr_eq(fp_fast(client), server);
	ck_assert_uint_eq(ustub_result(server, 5), CLIENT_BADGE);
}
END_TEST

/* A sender queued before the receiver came: the pool stamped is the one it
 * has when the message is delivered, not when it was sent. */
START_TEST(stamp_read_at_delivery)
{
	struct process *s, *r;

	fp_machine();
	s = ustub_process();
	r = ustub_process();
	ck_assert_int_eq(ustub_invoke(s, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, EP,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	r->cregs[EP] = s->cregs[EP];
	ck_assert_int_eq(ep_stamp(r, EP, 1), INV_OK);
	s->pool = 2;
	ck_assert_int_eq(ustub_invoke(s, EP, EP_OP_SEND, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(s->state, PS_SEND);
	s->pool = 5; /* another holder of its Process capability, meanwhile */
	ck_assert_int_eq(ustub_invoke(r, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(r, 1), 7);
	ck_assert_uint_eq(ustub_result(r, 5), BADGE_STAMPED | 5u << BADGE_POOL_SHIFT);
}
END_TEST

/* A fault message is the kernel's: its badge arrives whole. */
START_TEST(stamp_never_on_a_fault)
{
	fp_setup(CAP_NONE, 0);
	ck_assert_int_eq(ep_stamp(client, EP, 1), INV_OK);
	client->pool = 3;
	client->fault = client->cregs[EP];
	fault_deliver(client, 14, 0xdead000, 0x1234);
	ck_assert_uint_eq(server->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(server, 1), 14);
	ck_assert_uint_eq(ustub_result(server, 5), FAULT_BADGE(client->pid));
}
END_TEST

Suite *fastpath_stamp_suite(void)
{
	Suite *s = suite_create("fastpath_stamp");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, stamp_call_fast_and_general, 0,
			    (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, stamp_op_checks);
	tcase_add_test(tc, stamp_read_at_delivery);
	tcase_add_test(tc, stamp_never_on_a_fault);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_stamp)
