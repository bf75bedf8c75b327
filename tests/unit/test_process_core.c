/* Unit tests for the process core (kernel/obj/process_core.c): process ids
 * restarting only on an empty machine, a process destroyed from the middle
 * of the list of all, the walks that find and drop mappings of a frame or
 * of a run, and a table given for a kernel address. */
#include <check.h>

#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/proc.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define VA 0x00400000u

static unsigned count_processes(void)
{
	unsigned n = 0;

	for (struct process *p = proc_first(); p; p = p->all_next)
		n++;
	return n;
}

START_TEST(pids_restart_only_when_none_is_left)
{
	struct process *a, *b, *c;

	ustub_machine(32);
	a = ustub_process();
	b = ustub_process();
	ck_assert_uint_eq(a->pid, PROC_PID_INIT);
	ck_assert_uint_eq(b->pid, PROC_PID_INIT + 1);
	/* a boot image loaded while processes live: their ids stay unique */
	proc_restart_pids();
	c = ustub_process();
	ck_assert_uint_eq(c->pid, PROC_PID_INIT + 2);
	/* the first made is not at the head of the list: destroyed from the
	 * middle, the others stay listed */
	ck_assert_ptr_ne(proc_first(), a);
	proc_destroy(a);
	ck_assert_uint_eq(count_processes(), 2);
	ck_assert_ptr_null(proc_find(PROC_PID_INIT));
	ck_assert_ptr_eq(proc_find(PROC_PID_INIT + 1), b);
	proc_destroy(c);
	proc_destroy(b);
	ck_assert_ptr_null(proc_first());
	proc_restart_pids();
	a = ustub_process();
	ck_assert_uint_eq(a->pid, PROC_PID_INIT);
	ledger_check();
}
END_TEST

/* Two pages mapped in two processes: a lent page in both, and a page the
 * older process owns that the newer (first in the list of all) maps too.
 * The walk for an owner passes over the newer's borrowed mapping; the walks
 * that drop take every mapping of a frame or a run (no rescind upcall for a
 * process without that grant), the owner's freeing the frame. */
START_TEST(walks_find_and_drop_mappings)
{
	struct process *a, *b;
	struct page_common *owned, *lent;
	pa_t po, pl;

	ustub_machine(32);
	a = ustub_process();
	b = ustub_process();
	ck_assert_ptr_eq(proc_first(), b);
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &owned), INV_OK);
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &lent), INV_OK);
	po = pagehdr_pa(owned);
	pl = pagehdr_pa(lent);
	ck_assert_int_eq(proc_map(a, VA, pl, true, false, false), INV_OK);
	ck_assert_int_eq(proc_map(a, VA + PAGE_SIZE, po, true, false, true), INV_OK);
	ck_assert_int_eq(proc_map(b, VA, pl, false, false, false), INV_OK);
	ck_assert_int_eq(proc_map(b, VA + PAGE_SIZE, po, false, false, false), INV_OK);
	ck_assert(proc_owns_frame(po));
	ck_assert(!proc_owns_frame(pl));
	/* an owned frame cannot be unmapped by address, nor can nothing */
	ck_assert_int_eq(proc_unmap(a, VA + PAGE_SIZE), INV_ERR_ARG);
	ck_assert_int_eq(proc_unmap(a, VA + 2 * PAGE_SIZE), INV_ERR_ARG);
	/* the lent page's run: both its mappings go, the owned page stays */
	proc_unmap_range(pl, pl + PAGE_SIZE);
	ck_assert_uint_eq(ustub_mapped(a), 1);
	ck_assert_uint_eq(ustub_mapped(b), 1);
	ck_assert_uint_eq(a->mapped, 1);
	ck_assert_uint_eq(b->mapped, 1);
	ck_assert_uint_eq(pagehdr_type(lent), PT_OBJ_PAGE); /* not a process's to free */
	proc_unmap_everywhere(po);
	ck_assert_uint_eq(ustub_mapped(a), 0);
	ck_assert_uint_eq(ustub_mapped(b), 0);
	ck_assert_uint_eq(pagehdr_type(owned), PT_FREE); /* freed with its owner's mapping */
	ck_assert(!proc_owns_frame(po));
	obj_free(lent);
	ledger_check();
}
END_TEST

START_TEST(table_for_a_kernel_address_refused)
{
	struct process *p;
	struct page_common *t;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(obj_alloc(PT_OBJ_TABLE, OBJ_FRAME_ANY, &t), INV_OK);
	ck_assert_int_eq(proc_add_table(p, ARCH_USER_END, t), INV_ERR_ADDR);
	ck_assert_int_eq(proc_add_table(p, 0xffffffffu, t), INV_ERR_ADDR);
	ck_assert_uint_eq(arch_aspace_tables(&p->as), 0);
	ck_assert_int_eq(proc_add_table(p, VA + 0x123, t), INV_OK);
	ck_assert_uint_eq(arch_aspace_tables(&p->as), 1);
}
END_TEST

Suite *process_core_suite(void)
{
	Suite *s = suite_create("process_core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, pids_restart_only_when_none_is_left);
	tcase_add_test(tc, walks_find_and_drop_mappings);
	tcase_add_test(tc, table_for_a_kernel_address_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(process_core)
