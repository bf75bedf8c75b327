/* Unit tests for PROC_OP_TABLE (kernel/obj/process.c, process_core.c): a
 * bank gives a process the table a mapping needs as a PageTable object it
 * paid for, or asks how many a va still needs; the refusals of doc/abi.md. */
#include <check.h>

#include <kernel/budget_chan.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define PROC_REG 2 /* the new process */
#define TABLE_REG 3 /* a PageTable */
#define VA 0x00400000u

static struct process *bank;

static void setup(void)
{
	ustub_machine(64);
	bank = ustub_process();
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PROCESS,
				      PROC_REG, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGETABLE,
				      TABLE_REG, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
}

static int table(unsigned proc, unsigned send, uint32_t va)
{
	return ustub_invoke(bank, proc, PROC_OP_TABLE, send, CAP_NONE, va, 0, 0, 0, 0);
}

static int restrict_to(unsigned from, unsigned to, unsigned remove)
{
	return ustub_invoke(bank, from, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, to, remove, 0, 0, 0);
}

START_TEST(table_asked_then_given)
{
	uint64_t objects = ledger_count(LEDGER_OBJECTS), banked = ledger_count(LEDGER_BANKED);
	uint32_t needed;

	ck_assert_int_eq(table(PROC_REG, CAP_NONE, VA + 0x123), INV_OK);
	needed = ustub_result(bank, 1);
	ck_assert_uint_gt(needed, 0);
	ck_assert_uint_ne(ustub_result(bank, 2) | ustub_result(bank, 3), 0); /* its address */
	/* given: one fewer needed, nothing charged again */
	ck_assert_int_eq(table(PROC_REG, TABLE_REG, VA), INV_OK);
	ck_assert_uint_eq(ustub_result(bank, 1), needed - 1);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	/* the capability that gave it is spent */
	ck_assert_int_eq(table(PROC_REG, TABLE_REG, VA), INV_ERR_CAP_STALE);
	ck_assert_int_eq(
		ustub_invoke(bank, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, TABLE_REG, 0, 0, 0, 0),
		INV_ERR_CAP_STALE);
}
END_TEST

START_TEST(table_not_needed_busy)
{
	ck_assert_int_eq(table(PROC_REG, TABLE_REG, VA), INV_OK);
	ck_assert_uint_eq(ustub_result(bank, 1), 0);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGETABLE, 4,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(table(PROC_REG, 4, VA), INV_ERR_BUSY);
	/* refused: still the bank's, and still a live PageTable */
	ck_assert_uint_eq(bank->cregs[4].type, CT_PAGETABLE);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 4, 0, 0, 0, 0),
			 INV_OK);
}
END_TEST

START_TEST(table_refusals)
{
	uint64_t objects = ledger_count(LEDGER_OBJECTS);

	/* a kernel address */
	ck_assert_int_eq(table(PROC_REG, TABLE_REG, ARCH_USER_END), INV_ERR_ADDR);
	ck_assert_int_eq(table(PROC_REG, CAP_NONE, 0xffffffffu), INV_ERR_ADDR);
	/* not a PageTable */
	ck_assert_int_eq(table(PROC_REG, PROC_REG, VA), INV_ERR_CAP_TYPE);
	/* a PageTable without write, or weak */
	ck_assert_int_eq(restrict_to(TABLE_REG, 5, CR_WRITE), INV_OK);
	ck_assert_int_eq(table(PROC_REG, 5, VA), INV_ERR_RIGHTS);
	ck_assert_int_eq(restrict_to(TABLE_REG, 6, CR_WEAK), INV_OK);
	ck_assert_int_eq(table(PROC_REG, 6, VA), INV_ERR_RIGHTS);
	/* an empty register to send */
	ck_assert_int_eq(table(PROC_REG, 9, VA), INV_ERR_CAP_EMPTY);
	/* the process through a capability without write */
	ck_assert_int_eq(restrict_to(PROC_REG, 7, CR_WRITE), INV_OK);
	ck_assert_int_eq(table(7, TABLE_REG, VA), INV_ERR_RIGHTS);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert_uint_eq(bank->cregs[TABLE_REG].type, CT_PAGETABLE);
}
END_TEST

static int map_page(unsigned proc, unsigned page, uint32_t va)
{
	return ustub_invoke(bank, proc, PROC_OP_MAP, page, CAP_NONE, va, 0, 0, 0, 0);
}

/* A process made in a frame the bank chose gets its tables from the bank:
 * a map that needs one waits for PROC_OP_TABLE, and then costs no budget. */
START_TEST(bank_made_process_maps_with_given_table)
{
	uint64_t banked;
	pa_t base;

	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 2, 0, 0, 0, 0),
			 INV_OK);
	base = (pa_t)ustub_result(bank, 2) << 32 | ustub_result(bank, 1);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PROCESS, 8,
				      (uint32_t)base, (uint32_t)(base >> 32), 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 9,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_int_eq(map_page(8, 9, VA), INV_ERR_NO_FRAMES);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGETABLE,
				      10, (uint32_t)(base + PAGE_SIZE),
				      (uint32_t)((base + PAGE_SIZE) >> 32), 0),
			 INV_OK);
	ck_assert_int_eq(table(8, 10, VA), INV_OK);
	ck_assert_uint_eq(ustub_result(bank, 1), 0);
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_int_eq(map_page(8, 9, VA), INV_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	/* the va is taken now */
	ck_assert_int_eq(map_page(8, 9, VA), INV_ERR_BUSY);
}
END_TEST

/* A process the kernel pays tables for: with the budget spent, a map that
 * needs a table is refused and changes nothing. */
START_TEST(map_without_budget_for_a_table)
{
	unsigned reg = 9;

	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 8,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	/* spend the budget on pages, filling registers and then reusing the last */
	while (ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, reg, RANGE_ANY,
			    RANGE_ANY, 0) == INV_OK)
		if (reg + 1 < CAP_REGS)
			reg++;
		else
			cap_clear(&bank->cregs[reg]);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), 0);
	ck_assert_int_eq(map_page(PROC_REG, 8, VA), INV_ERR_NO_FRAMES);
	/* the table given makes the same map succeed */
	ck_assert_int_eq(table(PROC_REG, TABLE_REG, VA), INV_OK);
	ck_assert_int_eq(map_page(PROC_REG, 8, VA), INV_OK);
}
END_TEST

/* A bank-made process (tables paid by the bank) with VA mapped through a
 * table the bank gave, whose frame is *tbl. */
static struct process *paid_process_mapped(pa_t *tbl)
{
	pa_t base;

	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 2, 0, 0, 0, 0),
			 INV_OK);
	base = (pa_t)ustub_result(bank, 2) << 32 | ustub_result(bank, 1);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PROCESS, 8,
				      (uint32_t)base, (uint32_t)(base >> 32), 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 9,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	*tbl = base + PAGE_SIZE;
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGETABLE,
				      10, (uint32_t)*tbl, (uint32_t)(*tbl >> 32), 0),
			 INV_OK);
	ck_assert_int_eq(table(8, 10, VA), INV_OK);
	ck_assert_int_eq(map_page(8, 9, VA), INV_OK);
	return cap_object(&bank->cregs[8], PT_OBJ_PROCESS);
}

static int unmap(unsigned proc, uint32_t va)
{
	return ustub_invoke(bank, proc, PROC_OP_UNMAP, CAP_NONE, CAP_NONE, va, 0, 0, 0, 0);
}

/* The last mapping gone, the bank's table goes back to it held, and the
 * bank hears which table of which process. */
START_TEST(paid_table_returns_to_the_bank)
{
	struct budget_ev ev;
	struct process *p;
	uint32_t drops;
	pa_t t;

	p = paid_process_mapped(&t);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(unmap(8, VA + PAGE_SIZE), INV_ERR_ARG); /* nothing there */
	ck_assert_int_eq(unmap(8, VA), INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(t)), PT_HELD);
	ck_assert_uint_eq(arch_aspace_tables(&p->as), 0);
	ck_assert(budget_chan_take(&ev, &drops));
	ck_assert_uint_eq(ev.kind, BEV_TABLE_RETURNED);
	ck_assert_uint_eq(ev.a, (uint32_t)(t >> PAGE_SHIFT));
	ck_assert(!budget_chan_take(&ev, &drops));
	/* another map needs a table again */
	ck_assert_int_eq(map_page(8, 9, VA), INV_ERR_NO_FRAMES);
	ledger_check();
}
END_TEST

/* A table the bank gave a process the kernel pays for goes back to the
 * bank held when it maps nothing, without an event: only a bank-made
 * process's tables are the bank's to settle. */
START_TEST(given_table_of_a_kernel_paid_process_returns_held)
{
	struct budget_ev ev;
	uint32_t drops;
	pa_t t;

	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			 INV_OK);
	t = (pa_t)ustub_result(bank, 2) << 32 | ustub_result(bank, 1);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGETABLE,
				      10, (uint32_t)t, (uint32_t)(t >> 32), 0),
			 INV_OK);
	ck_assert_int_eq(table(PROC_REG, 10, VA), INV_OK);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 9,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(map_page(PROC_REG, 9, VA), INV_OK);
	ck_assert_int_eq(unmap(PROC_REG, VA), INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(t)), PT_HELD);
	ck_assert(!budget_chan_take(&ev, &drops));
	ledger_check();
}
END_TEST

/* With no room left to tell the bank, the table stays until later. */
START_TEST(paid_table_stays_without_room)
{
	struct process *p;
	pa_t t;

	p = paid_process_mapped(&t);
	for (unsigned i = 0; i < BUDGET_TABLES; i++)
		budget_chan_table_returned(0x1000, 0x2000);
	ck_assert(!budget_chan_table_room(1));
	ck_assert_int_eq(unmap(8, VA), INV_OK);
	ck_assert_uint_eq(arch_aspace_tables(&p->as), 1);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(t)), PT_OBJ_TABLE);
	/* the table is still there: mapping again needs none */
	ck_assert_int_eq(map_page(8, 9, VA), INV_OK);
}
END_TEST

/* A process destroyed before the bank read its table returns: the bank
 * settles its tables when it frees the process, so they are dropped. */
START_TEST(paid_tables_forgotten_with_the_process)
{
	struct budget_ev ev;
	uint32_t drops;
	pa_t t;

	paid_process_mapped(&t);
	budget_chan_table_returned(0x1000, 0x2000); /* another process's */
	ck_assert_int_eq(unmap(8, VA), INV_OK);
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 8, 0, 0, 0, 0),
			 INV_OK);
	ck_assert(budget_chan_take(&ev, &drops));
	ck_assert_uint_eq(ev.kind, BEV_TABLE_RETURNED);
	ck_assert_uint_eq(ev.a, 2);
	ck_assert(!budget_chan_take(&ev, &drops));
}
END_TEST

Suite *proc_table_suite(void)
{
	Suite *s = suite_create("proc_table");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, table_asked_then_given);
	tcase_add_test(tc, table_not_needed_busy);
	tcase_add_test(tc, table_refusals);
	tcase_add_test(tc, bank_made_process_maps_with_given_table);
	tcase_add_test(tc, map_without_budget_for_a_table);
	tcase_add_test(tc, paid_table_returns_to_the_bank);
	tcase_add_test(tc, paid_table_stays_without_room);
	tcase_add_test(tc, given_table_of_a_kernel_paid_process_returns_held);
	tcase_add_test(tc, paid_tables_forgotten_with_the_process);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(proc_table)
