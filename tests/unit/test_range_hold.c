/* Unit tests for the space bank's Range operations (kernel/obj/range_chunk.c):
 * what RANGE_OP_TAKE refuses, and RANGE_OP_DESTROY_AT naming objects by
 * address: one slot of a pot, a whole frame, the frame kept held, and what
 * is not Range's to destroy. */
#include <check.h>

#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/pagehdr.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

static struct process *p;

static void setup(void)
{
	ustub_machine(64);
	p = ustub_process();
}

static int take(uint32_t frames, uint32_t flags)
{
	return ustub_invoke(p, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, frames, flags, 0, 0, 0);
}

static int destroy_at(uint64_t addr, uint32_t flags)
{
	return ustub_invoke(p, 0, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, (uint32_t)addr,
			    (uint32_t)(addr >> 32), flags, 0, 0);
}

/* An endpoint in register reg, made in frame pa (RANGE_ANY: any); returns
 * its object address. */
static uint64_t endpoint(unsigned reg, uint64_t pa)
{
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, reg,
				      pa == RANGE_ANY ? RANGE_ANY : (uint32_t)pa,
				      pa == RANGE_ANY ? RANGE_ANY : (uint32_t)(pa >> 32), 0),
			 INV_OK);
	return (uint64_t)ustub_result(p, 2) << 32 | ustub_result(p, 1);
}

START_TEST(take_refusals)
{
	uint64_t banked = ledger_count(LEDGER_BANKED);

	ck_assert_int_eq(take(RANGE_TAKE_MAX * 2, 0), INV_ERR_ARG);
	ck_assert_int_eq(take(1, 0x4), INV_ERR_ARG); /* an unknown flag */
	ck_assert_int_eq(take(1, RANGE_TAKE_POOL(7)), INV_ERR_ARG); /* no such pool */
	ck_assert_int_eq(take(3, 0), INV_ERR_ARG); /* not a power of two */
	ck_assert_int_eq(take(RANGE_TAKE_MAX, 0), INV_ERR_NO_FRAMES); /* more than there is */
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	/* and a good one holds */
	ck_assert_int_eq(take(4, RANGE_TAKE_KVA), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1) % (4 * PAGE_SIZE), 0);
}
END_TEST

START_TEST(destroy_at_flags_refused)
{
	uint64_t ep = endpoint(1, RANGE_ANY);

	ck_assert_int_eq(destroy_at(ep, 0x4), INV_ERR_ARG);
	ck_assert_int_eq(destroy_at(ep | 1, RANGE_WHOLE_FRAME), INV_ERR_ARG);
	/* nothing there */
	ck_assert_int_eq(destroy_at(ep + 7 * PAGE_SIZE, 0), INV_ERR_ARG);
	ck_assert_uint_eq(p->cregs[1].type, CT_ENDPOINT);
	ck_assert_int_eq(
		ustub_invoke(p, 1, EP_OP_SEND, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_WOULD_BLOCK); /* still live */
}
END_TEST

START_TEST(destroy_whole_frame_kept_held)
{
	uint64_t a, b, objects;
	pa_t frame;

	ck_assert_int_eq(take(1, 0), INV_OK);
	frame = (pa_t)ustub_result(p, 2) << 32 | ustub_result(p, 1);
	a = endpoint(1, frame);
	b = endpoint(2, frame);
	ck_assert_uint_eq(a & ~(uint64_t)OBJ_ADDR_SLOT_MASK, frame);
	ck_assert_uint_eq(b & ~(uint64_t)OBJ_ADDR_SLOT_MASK, frame);
	ck_assert_uint_ne(a, b);
	objects = ledger_count(LEDGER_OBJECTS);
	/* one slot: the frame still holds the other */
	ck_assert_int_eq(destroy_at(a, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), 1);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert_int_eq(destroy_at(a, 0), INV_ERR_ARG); /* gone already */
	a = endpoint(3, frame);
	/* the whole frame, named by its slot 0 whatever lives there */
	ck_assert_int_eq(destroy_at(frame, RANGE_WHOLE_FRAME | RANGE_KEEP_HELD), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), 0);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(frame)), PT_HELD);
	ck_assert_int_eq(
		ustub_invoke(p, 2, EP_OP_SEND, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_CAP_STALE);
	ck_assert_int_eq(
		ustub_invoke(p, 3, EP_OP_SEND, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_CAP_STALE);
	/* held, so the bank can give it back */
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, (uint32_t)frame,
				      (uint32_t)(frame >> 32), 1, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(frame)), PT_FREE);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, (uint32_t)frame,
				      (uint32_t)(frame >> 32), 1, 0, 0),
			 INV_ERR_ARG);
}
END_TEST

START_TEST(destroy_at_table_in_a_space_refused)
{
	uint64_t table;

	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PROCESS, 2,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGETABLE, 3,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	table = (uint64_t)ustub_result(p, 2) << 32 | ustub_result(p, 1);
	ck_assert_int_eq(ustub_invoke(p, 2, PROC_OP_TABLE, 3, CAP_NONE, 0x400000, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(destroy_at(table, 0), INV_ERR_ARG);
}
END_TEST

START_TEST(destroy_at_self)
{
	uint64_t self;
	uint32_t pid = p->pid;

	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_TABLE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
		INV_OK);
	self = (uint64_t)ustub_result(p, 3) << 32 | ustub_result(p, 2);
	ck_assert_int_eq(destroy_at(self, 0), INV_NO_RESULT);
	ck_assert_ptr_null(proc_find(pid));
}
END_TEST

Suite *range_hold_suite(void)
{
	Suite *s = suite_create("range_hold");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, take_refusals);
	tcase_add_test(tc, destroy_at_flags_refused);
	tcase_add_test(tc, destroy_whole_frame_kept_held);
	tcase_add_test(tc, destroy_at_table_in_a_space_refused);
	tcase_add_test(tc, destroy_at_self);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(range_hold)
