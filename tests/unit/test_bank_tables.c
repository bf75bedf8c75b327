/* spacebank/tables.c over the invocation double: the tables a process's
 * mapping needs are charged to the bank that pays (its own or an ancestor),
 * refused whole at a limit, and uncharged when the kernel hands them back
 * (the last mapping of their range gone, or the process destroyed), also
 * through the budget channel (spacebank/budget.c). */
#include <string.h>

#include "../../spacebank/bank.h"
#include "bank_double.h"
#include "bank_fixture.h"
#include "unit.h"

#define PROC_REG BANK_R_IN

static void setup(void)
{
	bank_fixture_reset(8);
}

/* A process made by b, in the register tables_give is handed; its address. */
static uint64_t process_of(struct bank *b)
{
	uint64_t addr;

	ck_assert_int_eq(objects_alloc(b, CT_PROCESS, 0, POOL_ANY, &addr), BANK_OK);
	bdbl.reg[PROC_REG] = CT_PROCESS;
	bdbl.reg_addr[PROC_REG] = addr;
	return addr;
}

struct found {
	uint64_t pa[8];
	unsigned n;
};

static void find_table(uint64_t pa, uint8_t owner, uint8_t type, void *ctx)
{
	struct found *f = ctx;

	(void)owner;
	if (type == CT_PAGETABLE && f->n < 8)
		f->pa[f->n++] = pa;
}

static struct found tables_held(void)
{
	struct found f = { { 0 }, 0 };

	frames_each(find_table, &f);
	return f;
}

START_TEST(tables_are_charged_to_the_payer_and_come_back)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t proc = process_of(a);
	uint32_t given;
	struct found f;

	bdbl.proc_need = 2;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_OK);
	ck_assert_uint_eq(given, 2);
	ck_assert_uint_eq(bdbl.proc_tables, 2);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 2);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 3); /* the pot and two tables */
	ck_assert_uint_eq(bank_table[0].used[CT_PAGETABLE], 2);
	f = tables_held();
	ck_assert_uint_eq(f.n, 2);
	/* nothing more needed: nothing more charged */
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_OK);
	ck_assert_uint_eq(given, 0);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 2);
	/* one handed back when its range emptied; a stranger's return is ignored */
	bdbl_kernel_destroyed(f.pa[0]);
	tables_returned((uint32_t)(f.pa[0] >> 12), (uint32_t)proc);
	tables_returned((uint32_t)(f.pa[1] >> 12), (uint32_t)proc + 1);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 1);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 2);
	/* the other goes with its process */
	bdbl_kernel_destroyed(f.pa[1]);
	ck_assert_int_eq(objects_free(a, proc, 0), BANK_OK);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 0);
	ck_assert_uint_eq(tables_held().n, 0);
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
	ck_assert_uint_eq(frames_give_back(), BDBL_CHUNK_FRAMES);
}
END_TEST

START_TEST(an_ancestor_may_pay_a_sibling_may_not)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root), *b = bank_child_of(root);
	uint32_t given;

	process_of(a);
	bdbl.proc_need = 1;
	ck_assert_int_eq(tables_give(b, PROC_REG, 0x400000, &given), BANK_ERR_ARG);
	ck_assert_uint_eq(b->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(bdbl.proc_tables, 0);
	ck_assert_int_eq(tables_give(root, PROC_REG, 0x400000, &given), BANK_OK);
	ck_assert_uint_eq(given, 1);
	ck_assert_uint_eq(root->used[CT_PAGETABLE], 1);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0); /* the payer, not the process's bank */
	ck_assert_uint_eq(*frames_owner(tables_held().pa[0]), tree_slot(root));
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
}
END_TEST

START_TEST(a_limit_or_full_records_refuse_with_nothing_changed)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root);
	unsigned creates;
	uint32_t given;

	process_of(a);
	creates = bdbl.creates;
	bdbl.proc_need = 3;
	ck_assert_int_eq(tree_set_limit(root, CT_PAGETABLE, 2), BANK_OK);
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_LIMIT);
	ck_assert_uint_eq(given, 0);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(root->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(bdbl.creates, creates);
	ck_assert_uint_eq(bdbl.proc_need, 3);
	/* more tables than the bank has records for */
	ck_assert_int_eq(tree_set_limit(root, CT_PAGETABLE, BANK_UNLIMITED), BANK_OK);
	bdbl.proc_need = 4096;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_FULL);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(bdbl.creates, creates);
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
}
END_TEST

START_TEST(a_table_the_kernel_refuses_is_undone)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint32_t given, frames;

	process_of(a);
	frames = a->used[BANK_KIND_FRAMES];
	bdbl.proc_need = 2;
	bdbl.fail_table = 1;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_ARG);
	ck_assert_uint_eq(given, 0);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], frames);
	ck_assert_uint_eq(tables_held().n, 0);
	ck_assert_uint_eq(bdbl_objects(), 1); /* the process alone: the table was destroyed */
	/* a frame the bank cannot make a table in */
	bdbl.fail_create = 1;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], frames);
	/* and then it works */
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_OK);
	ck_assert_uint_eq(given, 2);
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
}
END_TEST

/* The kernel's BEV_TABLE_RETURNED reaches tables_returned through the
 * budget channel: the table is uncharged, the budget it carries is the new
 * limit, and no line is printed for it (one comes per table). */
START_TEST(a_table_returned_on_the_budget_channel_is_uncharged_quietly)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t proc = process_of(a);
	uint32_t given;
	struct found f;
	struct msg m = { { BEV_TABLE_RETURNED, 500, 0, (uint32_t)proc }, BUDGET_BADGE };

	bdbl.proc_need = 1;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_OK);
	f = tables_held();
	ck_assert_uint_eq(f.n, 1);
	bdbl_kernel_destroyed(f.pa[0]);
	m.w[2] = (uint32_t)(f.pa[0] >> 12);
	bdbl.out_len = 0;
	bdbl.out[0] = 0;
	budget_handle(&m);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 1); /* the pot alone */
	ck_assert_uint_eq(tables_held().n, 0);
	ck_assert_uint_eq(bank_table[0].limit[BANK_KIND_FRAMES], 500);
	ck_assert_ptr_null(strstr(bdbl.out, "bank: budget"));
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
}
END_TEST

Suite *bank_tables_suite(void)
{
	Suite *s = suite_create("bank_tables");
	TCase *tc = tcase_create("tables");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, tables_are_charged_to_the_payer_and_come_back);
	tcase_add_test(tc, an_ancestor_may_pay_a_sibling_may_not);
	tcase_add_test(tc, a_limit_or_full_records_refuse_with_nothing_changed);
	tcase_add_test(tc, a_table_the_kernel_refuses_is_undone);
	tcase_add_test(tc, a_table_returned_on_the_budget_channel_is_uncharged_quietly);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(bank_tables)
