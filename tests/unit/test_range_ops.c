/* Unit tests for Range invocations (kernel/obj/range.c): the accounting
 * RANGE_OP_INFO reports, and what RANGE_OP_DESTROY refuses: services,
 * device memory, and capabilities without strong write rights; PageTables
 * made in frames the caller names. */
#include <check.h>
#include <string.h>

#include <kernel/hotplug.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

static struct process *p;

static void setup(void)
{
	ustub_machine(64);
	p = ustub_process();
}

static uint64_t word64(unsigned i)
{
	return (uint64_t)ustub_result(p, i + 1) << 32 | ustub_result(p, i);
}

static int destroy(unsigned reg)
{
	return ustub_invoke(p, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, reg, 0, 0, 0, 0);
}

static int restrict_to(unsigned from, unsigned to, unsigned remove)
{
	return ustub_invoke(p, from, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, to, remove, 0, 0, 0);
}

START_TEST(range_info_is_the_ledger)
{
	uint64_t banked, objects;

	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_INFO, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	banked = word64(1);
	objects = word64(3);
	ck_assert_uint_eq(banked, ledger_count(LEDGER_BANKED));
	ck_assert_uint_eq(objects, ledger_count(LEDGER_OBJECTS));
	/* an endpoint costs the budget one frame */
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 1,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_INFO, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(word64(1), banked - 1);
	ck_assert_uint_eq(word64(3), objects + 1);
	/* a weak Range still reads */
	ck_assert_int_eq(restrict_to(0, 2, CR_WEAK), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 2, RANGE_OP_INFO, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(word64(3), objects + 1);
	/* but creates nothing, and no op past the last is a Range's */
	ck_assert_int_eq(ustub_invoke(p, 2, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 3,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_ERR_RIGHTS);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_POOL + 1, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_CAP_TYPE);
}
END_TEST

START_TEST(destroy_needs_strong_write)
{
	uint64_t objects;

	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 1,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	objects = ledger_count(LEDGER_OBJECTS);
	ck_assert_int_eq(restrict_to(1, 2, CR_WRITE), INV_OK);
	ck_assert_int_eq(destroy(2), INV_ERR_RIGHTS);
	ck_assert_int_eq(restrict_to(1, 3, CR_WEAK), INV_OK);
	ck_assert_int_eq(destroy(3), INV_ERR_RIGHTS);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	/* empty and out-of-range registers */
	ck_assert_int_eq(destroy(9), INV_ERR_CAP_EMPTY);
	ck_assert_int_eq(destroy(CAP_REGS), INV_ERR_CAP_INDEX);
	/* the strong one destroys, and the copies go stale */
	ck_assert_int_eq(destroy(1), INV_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects - 1);
	ck_assert_int_eq(destroy(2), INV_ERR_CAP_STALE);
}
END_TEST

START_TEST(destroy_refuses_services_and_devices)
{
	static const struct hotplug_window win = { 0xe0000000, 0x10000 };

	/* a service capability names no object */
	ck_assert_int_eq(destroy(0), INV_ERR_CAP_TYPE);
	/* device memory is not the Range's to destroy */
	ck_assert_int_eq(hotplug_add_device(3, &win, 1, NULL), ERR_OK);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DEVICE, CAP_NONE, CAP_NONE, 0, 4, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(word64(1), win.base);
	ck_assert_uint_eq(ustub_result(p, 3), win.len >> PAGE_SHIFT);
	ck_assert_int_eq(destroy(4), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(
		ustub_invoke(p, 4, DEVICE_RANGE_OP_PAGE, CAP_NONE, CAP_NONE, 2, 5, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(destroy(5), INV_ERR_CAP_TYPE);
	/* no second device */
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DEVICE, CAP_NONE, CAP_NONE, 1, 6, 0, 0, 0),
			 INV_ERR_ARG);
}
END_TEST

START_TEST(destroy_self)
{
	uint32_t pid = p->pid;

	/* a process destroying itself gets no result: it is gone */
	ck_assert_int_eq(ustub_invoke(p, 0, CAP_OP_COPY, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_SLOT);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, CAP_OP_COPY, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(destroy(7), INV_NO_RESULT);
	ck_assert_ptr_null(proc_find(pid));
}
END_TEST

static int create_at(unsigned type, unsigned dst, uint32_t lo, uint32_t hi)
{
	return ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, type, dst, lo, hi, 0);
}

/* A PageTable in a frame the caller names: refused where no frame is, or
 * off a frame's start; one in a free frame is the kernel's (it goes back
 * banked), one in a frame the bank holds goes back to the bank held. Only
 * both address words RANGE_ANY mean "anywhere". */
START_TEST(create_pagetable_named)
{
	pa_t free_pa = KSTUB_RAM_BASE + 40 * PAGE_SIZE, held;

	ck_assert_int_eq(create_at(CT_PAGETABLE, 1, 0x40000000u, 0), INV_ERR_ARG);
	ck_assert_int_eq(create_at(CT_PAGETABLE, 1, (uint32_t)free_pa + 8, 0), INV_ERR_ARG);
	ck_assert_int_eq(create_at(CT_PAGETABLE, 1, RANGE_ANY, 0), INV_ERR_ARG);
	ck_assert_int_eq(create_at(CT_PAGETABLE, 1, 0, RANGE_ANY), INV_ERR_ARG);
	ck_assert(cap_is_empty(&p->cregs[1]));
	ck_assert_int_eq(create_at(CT_PAGETABLE, 1, (uint32_t)free_pa, 0), INV_OK);
	ck_assert_uint_eq(cap_pa(&p->cregs[1]), free_pa);
	ck_assert_uint_eq(pagehdr_ot_index(pagehdr_of_pa(free_pa)), OT_TABLE);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			 INV_OK);
	held = word64(1);
	ck_assert_int_eq(create_at(CT_PAGETABLE, 2, (uint32_t)held, (uint32_t)(held >> 32)),
			 INV_OK);
	ck_assert_uint_eq(pagehdr_ot_index(pagehdr_of_pa(held)), OT_TABLE_HELD);
	ck_assert_int_eq(destroy(1), INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(free_pa)), PT_FREE);
	ck_assert_int_eq(destroy(2), INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(held)), PT_HELD);
	ledger_check();
}
END_TEST

Suite *range_ops_suite(void)
{
	Suite *s = suite_create("range_ops");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, range_info_is_the_ledger);
	tcase_add_test(tc, destroy_needs_strong_write);
	tcase_add_test(tc, destroy_refuses_services_and_devices);
	tcase_add_test(tc, destroy_self);
	tcase_add_test(tc, create_pagetable_named);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(range_ops)
