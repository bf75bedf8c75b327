/* Unit tests for the fastpath's CAP_SELF reads (kernel/ipc/fastpath.c,
 * doc/abi.md "Fastpath"): PROC_OP_POOL_GET gives, on twin machines, what
 * the general path gives (pool_process_invoke) with a pool chosen or none,
 * the process going on running either way; any other header or a flag it
 * declines untouched. */
#include <check.h>

#include <arch/host.h>
#include <kernel/pool.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

/* The client's current pool: pool (POOL_ANY: none) set the way a process
 * sets it (PROC_OP_POOL_SET) when the machine has that pool, else written
 * (the general path reads the field alone). */
static void client_pool(unsigned pool)
{
	if (pool == POOL_ANY || pool < pool_count()) {
		ck_assert_int_eq(ustub_invoke(client, CAP_SELF, PROC_OP_POOL_SET, CAP_NONE,
					      CAP_NONE, pool, 0, 0, 0, 0),
				 INV_OK);
		ck_assert_ptr_eq(sched_pick(), client);
	} else {
		client->pool = (uint8_t)pool;
	}
	ck_assert_uint_eq(client->pool, pool);
}

/* PROC_OP_POOL_GET on CAP_SELF, fast and general on twin machines, with a
 * third process ready at the client's level when `crowded` (the client
 * still heads it, and goes on running). */
static void pool_get_both_ways(unsigned pool, bool crowded)
{
	struct fp_outcome f, g;

	for (int way = 0; way < 2; way++) {
		fp_setup(CAP_NONE, 0);
		if (crowded)
			sched_ready(ustub_process());
		client_pool(pool);
		/* words 1..4 and the badge register hold junk before */
		fp_regs(client, CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 77, 0);
		if (way == 0) {
			ck_assert_ptr_eq(fp_fast(client), client);
			fp_observe(&f, client, CAP_NONE);
		} else {
			fp_observe(&g, fp_general(client), CAP_NONE);
		}
	}
	fp_assert_same(&f, &g);
	ck_assert_uint_eq(f.client_regs[0], INV_OK);
	ck_assert_uint_eq(f.client_regs[1], pool);
	for (unsigned i = 2; i < 6; i++)
		ck_assert_uint_eq(f.client_regs[i], 0);
	ck_assert_uint_eq(f.client_state, PS_RUNNABLE);
	ck_assert_uint_eq(f.resumed_pid, client->pid);
}

START_TEST(pool_get_none_chosen)
{
	pool_get_both_ways(POOL_ANY, false);
}
END_TEST

START_TEST(pool_get_pool_chosen)
{
	pool_get_both_ways(0, false);
	pool_get_both_ways(3, false);
	pool_get_both_ways(POOL_ANY - 1, false);
}
END_TEST

START_TEST(pool_get_level_shared)
{
	pool_get_both_ways(1, true);
	pool_get_both_ways(POOL_ANY, true);
}
END_TEST

START_TEST(pool_get_declines)
{
	fp_setup(CAP_NONE, 0);
	client_pool(2);
	/* any flag, a capability to send or a register to receive in */
	fp_regs(client, CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 0, INV_F_NONBLOCK);
	fp_assert_declines(client);
	fp_regs(client, CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 0, INV_F_LONG);
	fp_assert_declines(client);
	fp_regs(client, CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 0, INV_F_MOVE);
	fp_assert_declines(client);
	fp_regs(client, CAP_SELF, PROC_OP_POOL_GET, 0, CAP_NONE, 0, 0);
	fp_assert_declines(client);
	fp_regs(client, CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, 3, 0, 0);
	fp_assert_declines(client);
	/* the other pool operations, and the read through a Process
	 * capability in a register */
	fp_regs(client, CAP_SELF, PROC_OP_POOL_SET, CAP_NONE, CAP_NONE, POOL_ANY, 0);
	fp_assert_declines(client);
	fp_regs(client, CAP_SELF, PROC_OP_POOL_AT, CAP_NONE, CAP_NONE, 0, 0);
	fp_assert_declines(client);
	ustub_mint_process(&client->cregs[4], CT_PROCESS, CR_ALL, client);
	fp_regs(client, 4, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 0, 0);
	fp_assert_declines(client);
	/* which the general path answers all the same */
	ck_assert_int_eq(fp_general_err(client), INV_OK);
	ck_assert_uint_eq(ustub_result(client, 1), 2);
}
END_TEST

START_TEST(pool_get_counted_as_self_read)
{
	fp_setup(CAP_NONE, 0);
	fp_regs(client, CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 0, 0);
	ck_assert_ptr_eq(fp_fast(client), client);
	fp_regs(client, CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, 0);
	ck_assert_ptr_eq(fp_fast(client), client);
	kstub_reset();
	ipc_fastpath_report();
	ck_assert_str_eq(
		host_console,
		"ipc: fastpath on call=0 replyrecv=0 pid=2 across=0 replycap=0 replypage=0\n");
}
END_TEST

Suite *fastpath_self_suite(void)
{
	Suite *s = suite_create("fastpath_self");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, pool_get_none_chosen);
	tcase_add_test(tc, pool_get_pool_chosen);
	tcase_add_test(tc, pool_get_level_shared);
	tcase_add_test(tc, pool_get_declines);
	tcase_add_test(tc, pool_get_counted_as_self_read);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_self)
