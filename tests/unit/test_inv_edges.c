/* Every refusal of the Process, Budget and Sleep invocations
 * (kernel/proc_ops.c, svc_budget.c, svc_sleep.c) as a user would meet it:
 * each documented error code for each operation, and the state left
 * unchanged by a refusal. Also the names of memory types and errors. */
#include <check.h>
#include <string.h>

#include <kernel/budget.h>
#include <lib/err.h>
#include <kernel/ledger.h>
#include <kernel/memmap.h>
#include <kernel/obj.h>
#include <kernel/sched.h>
#include <kernel/timer.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

/* p invokes with the words w0..w3; the error (or INV_NO_RESULT). */
static int inv(struct process *p, unsigned cap, unsigned op, unsigned send, unsigned recv,
	       uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3, uint32_t flags)
{
	return ustub_invoke(p, cap, op, send, recv, w0, w1, w2, w3, flags);
}

/* An object of type made by p's Range into register dst. */
static void make(struct process *p, unsigned type, unsigned dst)
{
	ck_assert_int_eq(
		inv(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, type, dst, RANGE_ANY, RANGE_ANY, 0),
		INV_OK);
}

/* The process register r of p names. */
static struct process *target(struct process *p, unsigned r)
{
	struct obj_ref o;

	ck_assert_int_eq(cap_resolve(&p->cregs[r], &o), INV_OK);
	return o.kva;
}

/* A copy of register src in dst without `remove` rights. */
static void restrict_to(struct process *p, unsigned src, unsigned dst, unsigned remove)
{
	ck_assert_int_eq(inv(p, src, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, dst, remove, 0, 0, 0),
			 INV_OK);
}

START_TEST(process_ops_refuse_what_they_must)
{
	struct process *p, *t;

	ustub_machine(64);
	p = ustub_process();
	make(p, CT_PROCESS, 2);
	t = target(p, 2);
	ck_assert_int_eq(inv(p, 2, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), t->pid);
	ck_assert_int_eq(inv(p, CAP_SELF, SELF_OP_YIELD, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(inv(p, 2, 0x40 /* no such op */, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_CAP_TYPE);
	/* without write, or weak: nothing but pid and yield */
	restrict_to(p, 2, 3, CR_WRITE);
	ck_assert_int_eq(inv(p, 3, PROC_OP_START, CAP_NONE, CAP_NONE, 0x1000, 0x2000, 0, 1, 0),
			 INV_ERR_RIGHTS);
	restrict_to(p, 2, 4, 0);
	ck_assert_int_eq(inv(p, 4, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 5, 0, 0, 0, 0), INV_OK);
	p->cregs[5].rights |= CR_WEAK;
	ck_assert_int_eq(inv(p, 5, PROC_OP_UNMAP, CAP_NONE, CAP_NONE, 0x400000, 0, 0, 0, 0),
			 INV_ERR_RIGHTS);
	/* start: priority and addresses are checked, and only once */
	ck_assert_int_eq(inv(p, 2, PROC_OP_START, CAP_NONE, CAP_NONE, 0x1000, 0x2000, 0,
			     SCHED_PRIORITIES, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(
		inv(p, 2, PROC_OP_START, CAP_NONE, CAP_NONE, ARCH_USER_END, 0x2000, 0, 1, 0),
		INV_ERR_ARG);
	ck_assert_int_eq(
		inv(p, 2, PROC_OP_START, CAP_NONE, CAP_NONE, 0x1000, ARCH_USER_END + 1, 0, 1, 0),
		INV_ERR_ARG);
	ck_assert_uint_eq(t->state, PS_NEW);
	ck_assert_int_eq(
		inv(p, 2, PROC_OP_START, CAP_NONE, CAP_NONE, 0x1000, ARCH_USER_END, 0, 1, 0),
		INV_OK);
	ck_assert_uint_eq(t->state, PS_RUNNABLE);
	ck_assert_int_eq(inv(p, 2, PROC_OP_START, CAP_NONE, CAP_NONE, 0x1000, 0x2000, 0, 1, 0),
			 INV_ERR_BUSY);
	/* exit stops it once; after that only pid answers */
	ck_assert_int_eq(inv(p, 2, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(t->state, PS_EXITED);
	ck_assert_int_eq(inv(p, 2, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0), INV_ERR_BUSY);
	ck_assert_int_eq(inv(p, 2, PROC_OP_UNMAP, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_ERR_BUSY);
	ck_assert_int_eq(inv(p, 2, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ledger_check();
}
END_TEST

START_TEST(process_map_checks_the_page)
{
	struct process *p;

	ustub_machine(64);
	p = ustub_process();
	make(p, CT_PROCESS, 2);
	make(p, CT_PAGE, 3);
	make(p, CT_ENDPOINT, 4);
	ck_assert_int_eq(inv(p, 2, PROC_OP_MAP, CAP_NONE, CAP_NONE, 0x400000, 0, 0, 0, 0),
			 INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 2, PROC_OP_MAP, 4, CAP_NONE, 0x400000, 0, 0, 0, 0),
			 INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 2, PROC_OP_MAP, 9, CAP_NONE, 0x400000, 0, 0, 0, 0),
			 INV_ERR_CAP_EMPTY);
	ck_assert_int_eq(inv(p, 2, PROC_OP_MAP, 3, CAP_NONE, 0x400000, CR_READ, 0, 0, 0),
			 INV_ERR_ARG);
	restrict_to(p, 3, 5, CR_READ);
	ck_assert_int_eq(inv(p, 2, PROC_OP_MAP, 5, CAP_NONE, 0x400000, 0, 0, 0, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 2, PROC_OP_MAP, 3, CAP_NONE, 0x400000, CR_WRITE | CR_EXEC, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(target(p, 2)->mapped, 1);
	ck_assert_int_eq(
		inv(p, 2, PROC_OP_UNMAP, CAP_NONE, CAP_NONE, ustub_result(p, 1), 0, 0, 0, 0),
		INV_OK);
	ck_assert_uint_eq(target(p, 2)->mapped, 0);
	ledger_check();
}
END_TEST

START_TEST(process_attach_ops_check_types_and_slots)
{
	struct process *p, *t;

	ustub_machine(64);
	p = ustub_process();
	make(p, CT_PROCESS, 2);
	make(p, CT_ENDPOINT, 3);
	make(p, CT_CAPPAGE, 4);
	t = target(p, 2);
	ck_assert_int_eq(inv(p, 2, PROC_OP_CAPPAGE, 3, CAP_NONE, 0, 0, 0, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 2, PROC_OP_CAPPAGE, 4, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(t->ext.type, CT_CAPPAGE);
	ck_assert_int_eq(inv(p, 2, PROC_OP_CAPPAGE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert(cap_is_empty(&t->ext));
	ck_assert_int_eq(inv(p, 2, PROC_OP_FAULT, 4, CAP_NONE, 0, 0, 0, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 2, PROC_OP_FAULT, 3, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(t->fault.type, CT_ENDPOINT);
	ck_assert_int_eq(inv(p, 2, PROC_OP_FAULT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert(cap_is_empty(&t->fault));
	/* set_cap: something to give, the right to give it to another, a free slot */
	ck_assert_int_eq(inv(p, 2, PROC_OP_SET_CAP, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			 INV_ERR_CAP_EMPTY);
	restrict_to(p, 3, 5, CR_GRANT);
	ck_assert_int_eq(inv(p, 2, PROC_OP_SET_CAP, 5, CAP_NONE, 1, 0, 0, 0, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, CAP_SELF, PROC_OP_SET_CAP, 5, CAP_NONE, 9, 0, 0, 0, 0), INV_OK);
	ck_assert_int_eq(inv(p, 2, PROC_OP_SET_CAP, 3, CAP_NONE, CAP_REGS, 0, 0, 0, 0),
			 INV_ERR_SLOT);
	ck_assert_int_eq(inv(p, 2, PROC_OP_SET_CAP, 3, CAP_NONE, 1, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(t->cregs[1].type, CT_ENDPOINT);
	ck_assert_int_eq(inv(p, 2, PROC_OP_SET_CAP, 4, CAP_NONE, 1, 0, 0, 0, 0), INV_ERR_SLOT);
	ck_assert_uint_eq(t->cregs[1].type, CT_ENDPOINT);
	ledger_check();
}
END_TEST

START_TEST(budget_ops_need_their_rights)
{
	struct process *p;

	ustub_machine(64);
	p = ustub_process();
	cap_mint_service(&p->cregs[2], CT_BUDGET, CR_ALL);
	make(p, CT_PAGE, 3);
	restrict_to(p, 2, 4, CR_READ);
	restrict_to(p, 2, 5, CR_WRITE);
	ck_assert_int_eq(inv(p, 4, BUDGET_OP_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
			 INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_WAIT, CAP_NONE, 3, 0, 0, 0, 0, INV_F_NONBLOCK),
			 INV_ERR_SLOT);
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_WAIT, CAP_NONE, CAP_REGS, 0, 0, 0, 0, INV_F_NONBLOCK),
			 INV_ERR_SLOT);
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_WAIT, CAP_NONE, 9, 0, 0, 0, 0, INV_F_NONBLOCK),
			 INV_ERR_WOULD_BLOCK);
	for (unsigned op = BUDGET_OP_BIND; op <= BUDGET_OP_RANGE_DONE; op++)
		if (op != BUDGET_OP_INFO)
			ck_assert_int_eq(inv(p, 5, op, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
					 INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_BIND, 3, CAP_NONE, 0, 0, 0, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_BIND, 9, CAP_NONE, 0, 0, 0, 0, 0), INV_ERR_CAP_EMPTY);
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_BIND, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	/* nothing waits: the answers say so */
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_RECLAIM, CAP_NONE, CAP_NONE, 10, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), 0);
	ck_assert_uint_eq(ustub_result(p, 2), BUDGET_NONE);
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_RANGE_DONE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2), BUDGET_NONE);
	ck_assert_int_eq(inv(p, 5, BUDGET_OP_INFO, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), budget_frames());
	ck_assert_int_eq(inv(p, 2, BUDGET_OP_RANGE_DONE + 1, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_CAP_TYPE);
	ledger_check();
}
END_TEST

START_TEST(sleep_ops)
{
	struct process *p;
	uint64_t t0;

	ustub_machine(64);
	p = ustub_process();
	cap_mint_service(&p->cregs[2], CT_SLEEP, CR_ALL);
	ck_assert_int_eq(inv(p, 2, SLEEP_OP_NOW, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	t0 = (uint64_t)ustub_result(p, 2) << 32 | ustub_result(p, 1);
	ck_assert_uint_eq(ustub_result(p, 3), TIMER_HZ);
	ustub_advance(5);
	ck_assert_int_eq(inv(p, 2, SLEEP_OP_NOW, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq((uint64_t)ustub_result(p, 2) << 32 | ustub_result(p, 1), t0 + 5);
	ck_assert_int_eq(inv(p, 2, SLEEP_OP_TICKS, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	ck_assert_int_eq(inv(p, 2, SLEEP_OP_TICKS, CAP_NONE, CAP_NONE, 3, 0, 0, 0, INV_F_NONBLOCK),
			 INV_ERR_WOULD_BLOCK);
	ck_assert_int_eq(inv(p, 2, 0x7f, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 2, SLEEP_OP_TICKS, CAP_NONE, CAP_NONE, 3, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(p->state, PS_SLEEP);
	ck_assert_uint_eq(p->u.wake, t0 + 8);
}
END_TEST

START_TEST(names_of_types_and_errors)
{
	static const char *const types[] = {
		"unknown", "ram", "reserved", "acpi", "acpi-nvs", "bad"
	};

	for (uint32_t t = 0; t < 6; t++)
		ck_assert_str_eq(mem_type_name(t), types[t]);
	ck_assert_str_eq(mem_type_name(99), "unknown");
	for (unsigned e = 0; e < ERR_COUNT; e++)
		ck_assert_str_ne(err_name((enum err)e), "unknown error");
	ck_assert_str_eq(err_name(ERR_COUNT), "unknown error");
	ck_assert_str_eq(err_name((enum err) - 1), "unknown error");
}
END_TEST

Suite *inv_edges_suite(void)
{
	Suite *s = suite_create("inv_edges");
	TCase *tc = tcase_create("refusals");

	tcase_add_test(tc, process_ops_refuse_what_they_must);
	tcase_add_test(tc, process_map_checks_the_page);
	tcase_add_test(tc, process_attach_ops_check_types_and_slots);
	tcase_add_test(tc, budget_ops_need_their_rights);
	tcase_add_test(tc, sleep_ops);
	tcase_add_test(tc, names_of_types_and_errors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(inv_edges)
