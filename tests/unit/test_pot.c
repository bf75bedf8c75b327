/* Unit tests for pots (kernel/mem/pot.c) and the per-object versions that
 * capabilities to packed objects are checked against (kernel/obj/capability.c,
 * kernel/obj/object_alloc.c, kernel/obj/range.c, kernel/obj/range_chunk.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/ledger.h>
#include <kernel/obj.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define R 0 /* every test process holds a Range capability in register 0 */

static uint32_t pot_version_of(const void *frame, unsigned ot, unsigned slot)
{
	return ((const struct pot_head *)pot_slot((void *)(uintptr_t)frame, ot, slot))->version;
}

START_TEST(pot_capacities)
{
	ck_assert_uint_eq(pot_capacity(OT_PAGE), 1);
	ck_assert_uint_eq(pot_capacity(OT_CAPPAGE), 1);
	ck_assert_uint_eq(pot_capacity(OT_TABLE), 1);
	ck_assert(!pot_packed(OT_PAGE));
	ck_assert(pot_packed(OT_PROCESS));
	ck_assert(pot_packed(OT_ENDPOINT));
	ck_assert_uint_eq(pot_capacity(OT_PROCESS), PAGE_SIZE >> POT_PROCESS_SHIFT);
	ck_assert_uint_eq(pot_capacity(OT_ENDPOINT), PAGE_SIZE >> POT_ENDPOINT_SHIFT);
	ck_assert_uint_le(pot_capacity(OT_ENDPOINT), POT_MAX_SLOTS);
	ck_assert_uint_le(sizeof(struct process), 1u << POT_PROCESS_SHIFT);
	ck_assert_uint_le(sizeof(struct endpoint), 1u << POT_ENDPOINT_SHIFT);
}
END_TEST

/* Fill, free one, refill: the slot comes back with a new version, every
 * other slot keeps its own, and the rest of a new object is zero. */
START_TEST(pot_alloc_free_reuse)
{
	uint8_t *frame = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	unsigned cap = pot_capacity(OT_ENDPOINT);
	uint32_t old;

	memset(frame, 0xa5, PAGE_SIZE);
	pot_init(frame, OT_ENDPOINT, 7);
	ck_assert_uint_eq(pot_live(frame, OT_ENDPOINT), 0);
	for (unsigned s = 0; s < cap; s++)
		ck_assert_uint_eq(pot_version_of(frame, OT_ENDPOINT, s), 8); /* 7 up to even */
	for (unsigned s = 0; s < cap; s++) {
		ck_assert_int_eq(pot_alloc(frame, OT_ENDPOINT), (int)s);
		ck_assert_uint_eq(pot_version_of(frame, OT_ENDPOINT, s), 9);
	}
	ck_assert_int_eq(pot_alloc(frame, OT_ENDPOINT), -1);
	ck_assert_uint_eq(pot_live(frame, OT_ENDPOINT), cap);
	memset((uint8_t *)pot_slot(frame, OT_ENDPOINT, 5) + 4, 0x5a, 8);
	old = pot_version_of(frame, OT_ENDPOINT, 5);
	ck_assert_uint_eq(pot_free(frame, OT_ENDPOINT, 5), cap - 1);
	ck_assert(!pot_match(frame, OT_ENDPOINT, 5, old));
	ck_assert(pot_match(frame, OT_ENDPOINT, 4, 9)); /* the frame-mates keep theirs */
	ck_assert(pot_match(frame, OT_ENDPOINT, 6, 9));
	ck_assert_int_eq(pot_alloc(frame, OT_ENDPOINT), 5);
	ck_assert_uint_eq(pot_version_of(frame, OT_ENDPOINT, 5), 11);
	ck_assert(!pot_match(frame, OT_ENDPOINT, 5, old)); /* reused: the old version is dead */
	ck_assert(pot_match(frame, OT_ENDPOINT, 5, 11));
	for (unsigned i = 4; i < 1u << POT_ENDPOINT_SHIFT; i++)
		ck_assert_uint_eq(((uint8_t *)pot_slot(frame, OT_ENDPOINT, 5))[i], 0);
	/* bad slots and versions never match */
	ck_assert(!pot_match(frame, OT_ENDPOINT, cap, 9));
	ck_assert(!pot_match(frame, OT_ENDPOINT, 4, 10));
	ck_assert_uint_eq(pot_version_ceiling(frame, OT_ENDPOINT), 12);
	free(frame);
}
END_TEST

/* A pot that empties hands its frame a ceiling above every version it gave
 * out; a new pot there starts above them all. */
START_TEST(pot_ceiling_outdates_every_version)
{
	uint8_t *frame = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	uint32_t top = 0, floor;

	pot_init(frame, OT_PROCESS, 0);
	for (unsigned round = 0; round < 5; round++) {
		int s = pot_alloc(frame, OT_PROCESS);

		ck_assert_int_eq(s, 0);
		top = pot_version_of(frame, OT_PROCESS, 0);
		ck_assert_uint_eq(pot_free(frame, OT_PROCESS, 0), 0);
	}
	floor = pot_version_ceiling(frame, OT_PROCESS);
	ck_assert_uint_gt(floor, top);
	pot_init(frame, OT_PROCESS, floor);
	ck_assert_int_eq(pot_alloc(frame, OT_PROCESS), 0);
	ck_assert_uint_gt(pot_version_of(frame, OT_PROCESS, 0), top);
	free(frame);
}
END_TEST

static int create_at(struct process *p, unsigned type, unsigned dst, pa_t want)
{
	if (want == OBJ_FRAME_ANY)
		return ustub_invoke(p, R, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, type, dst, RANGE_ANY,
				    RANGE_ANY, 0);
	return ustub_invoke(p, R, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, type, dst, (uint32_t)want,
			    (uint32_t)(want >> 32), 0);
}

static int identify(struct process *p, unsigned cap)
{
	return ustub_invoke(p, cap, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0);
}

/* Destroying one endpoint of a pot stales its capabilities alone; its slot
 * is reused at a new version; the frame goes back with the last object. */
START_TEST(pot_versions_per_object)
{
	struct process *p;
	uint64_t banked;
	struct cap stale;
	pa_t frame;

	ustub_machine(32);
	p = ustub_process();
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 1, OBJ_FRAME_ANY), INV_OK);
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 2, OBJ_FRAME_ANY), INV_OK);
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 3, OBJ_FRAME_ANY), INV_OK);
	frame = cap_pa(&p->cregs[1]);
	ck_assert_uint_eq(ustub_result(p, 1) & ~OBJ_ADDR_SLOT_MASK, (uint32_t)frame);
	ck_assert_uint_eq(ustub_result(p, 3), 3); /* three in the frame */
	ck_assert_uint_eq(ustub_result(p, 4), pot_capacity(OT_ENDPOINT));
	ck_assert_uint_eq(cap_pa(&p->cregs[3]), frame);
	ck_assert_uint_eq(p->cregs[2].slot, 1);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked - 1); /* one frame for three */
	ck_assert_uint_eq(pagehdr_ot_index(pagehdr_of_pa(frame)), OT_ENDPOINT);
	/* destroy the middle one: it alone is stale */
	ck_assert(cap_is_empty(&p->cregs[4]));
	p->cregs[4] = p->cregs[2];
	stale = p->cregs[2];
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 2, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(identify(p, 2), INV_ERR_CAP_STALE);
	ck_assert_int_eq(identify(p, 4), INV_ERR_CAP_STALE);
	ck_assert_int_eq(identify(p, 1), INV_OK);
	ck_assert_int_eq(identify(p, 3), INV_OK);
	ck_assert_int_eq(
		ustub_invoke(p, 1, EP_OP_SEND, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_WOULD_BLOCK);
	/* the slot again, a new version */
	ck_assert_int_eq(ustub_invoke(p, 2, CAP_OP_DELETE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 2, frame), INV_OK);
	ck_assert_uint_eq(p->cregs[2].slot, stale.slot);
	ck_assert_uint_ne(p->cregs[2].version, stale.version);
	ck_assert_int_eq(identify(p, 2), INV_OK);
	ck_assert_int_eq(identify(p, 4), INV_ERR_CAP_STALE);
	ledger_check();
	/* all three go: the frame is banked again and old capabilities stay dead */
	for (unsigned r = 1; r <= 3; r++)
		ck_assert_int_eq(
			ustub_invoke(p, R, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, r, 0, 0, 0, 0),
			INV_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(frame)), PT_FREE);
	ck_assert_uint_eq(pagehdr_ot_index(pagehdr_of_pa(frame)), PAGEHDR_OT_NONE);
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 5, frame), INV_OK); /* a new pot there */
	ck_assert_uint_eq(p->cregs[5].slot, 0);
	ck_assert_uint_gt(p->cregs[5].version, p->cregs[1].version);
	for (unsigned r = 1; r <= 4; r++)
		ck_assert_int_eq(identify(p, r), INV_ERR_CAP_STALE);
	ck_assert_int_eq(identify(p, 5), INV_OK);
	ledger_check();
}
END_TEST

/* Capabilities to a freed slot, a slot past the capacity or a slot of the
 * wrong type are stale; Range refuses the same addresses with arg. */
START_TEST(pot_bad_slots)
{
	struct process *p;
	pa_t frame;
	uint32_t addr;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 1, OBJ_FRAME_ANY), INV_OK);
	frame = cap_pa(&p->cregs[1]);
	p->cregs[2] = p->cregs[1];
	p->cregs[2].slot = (uint8_t)pot_capacity(OT_ENDPOINT); /* past the capacity */
	ck_assert_int_eq(identify(p, 2), INV_ERR_CAP_STALE);
	p->cregs[3] = p->cregs[1];
	p->cregs[3].slot = 1; /* a free slot */
	p->cregs[3].version++;
	ck_assert_int_eq(identify(p, 3), INV_ERR_CAP_STALE);
	p->cregs[4] = p->cregs[1];
	p->cregs[4].type = CT_PROCESS; /* the wrong type */
	ck_assert_int_eq(identify(p, 4), INV_ERR_CAP_STALE);
	ck_assert_int_eq(identify(p, 1), INV_OK);
	/* by address: past the capacity, free, a slot of a whole frame */
	addr = (uint32_t)frame | pot_capacity(OT_ENDPOINT);
	ck_assert_int_eq(
		ustub_invoke(p, R, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, addr, 0, 0, 0, 0),
		INV_ERR_ARG);
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE,
				      (uint32_t)frame | 1, 0, 0, 0, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(create_at(p, CT_PAGE, 5, OBJ_FRAME_ANY), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE,
				      (uint32_t)cap_pa(&p->cregs[5]) | 1, 0, 0, 0, 0),
			 INV_ERR_ARG);
	/* a pot of the other kind, named: refused */
	ck_assert_int_eq(create_at(p, CT_PROCESS, 6, frame), INV_ERR_ARG);
	/* the whole frame at once, its slot 0 already free */
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 7, frame), INV_OK);
	ck_assert_int_eq(create_at(p, CT_ENDPOINT, 8, frame), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE,
				      (uint32_t)frame, 0, RANGE_WHOLE_FRAME, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), 0);
	ck_assert_int_eq(identify(p, 1), INV_ERR_CAP_STALE);
	ck_assert_int_eq(identify(p, 7), INV_ERR_CAP_STALE);
	ck_assert_int_eq(identify(p, 8), INV_ERR_CAP_STALE);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(frame)), PT_FREE);
	ledger_check();
}
END_TEST

/* A named pot that is full is busy; one more object takes a new frame. */
START_TEST(pot_full_named_frame)
{
	struct process *p;
	unsigned cap = pot_capacity(OT_PROCESS);
	pa_t frame;

	ustub_machine(32);
	p = ustub_process(); /* slot 0 of the kernel's process pot */
	frame = proc_addr(p) & ~(pa_t)OBJ_ADDR_SLOT_MASK;
	for (unsigned i = 1; i < cap; i++) {
		ck_assert_int_eq(create_at(p, CT_PROCESS, 1, frame), INV_OK);
		ck_assert_uint_eq(ustub_result(p, 3), i + 1);
		ck_assert_int_eq(
			ustub_invoke(p, 1, CAP_OP_DELETE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			INV_OK);
	}
	ck_assert_int_eq(create_at(p, CT_PROCESS, 1, frame), INV_ERR_BUSY);
	ck_assert_int_eq(create_at(p, CT_PROCESS, 1, OBJ_FRAME_ANY), INV_OK);
	ck_assert_uint_ne(cap_pa(&p->cregs[1]), frame);
	ledger_check();
}
END_TEST

Suite *pot_suite(void)
{
	Suite *s = suite_create("pot");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, pot_capacities);
	tcase_add_test(tc, pot_alloc_free_reuse);
	tcase_add_test(tc, pot_ceiling_outdates_every_version);
	tcase_add_test(tc, pot_versions_per_object);
	tcase_add_test(tc, pot_bad_slots);
	tcase_add_test(tc, pot_full_named_frame);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(pot)
