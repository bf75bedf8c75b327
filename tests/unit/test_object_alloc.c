/* Unit tests for object frames (kernel/obj/object_alloc.c): a frame or a
 * run named by address and what each refuses, frames the bank holds, locked
 * frames, the search across ranges, and freeing what is not an object. */
#include <check.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/chunk.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/objmem.h>
#include <kernel/range_table.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define FRAMES 32
#define FRAME(i) (KSTUB_RAM_BASE + ((pa_t)(i) << PAGE_SHIFT))

static struct page_common *hdr(unsigned i)
{
	return pagehdr_at(kstub_ram_range(), i);
}

START_TEST(alloc_named_frame)
{
	struct page_common *h;
	uint64_t objects;

	ustub_machine(FRAMES);
	objects = ledger_count(LEDGER_OBJECTS);
	/* not a frame's address, or in no range: refused, nothing taken */
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, FRAME(3) + 8, &h), INV_ERR_ARG);
	ck_assert_ptr_null(h);
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, 0x40000000ull, &h), INV_ERR_ARG);
	/* a free frame, then the same one again (no longer free) */
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, FRAME(3), &h), INV_OK);
	ck_assert_uint_eq(pagehdr_pa(h), FRAME(3));
	ck_assert_uint_eq(pagehdr_type(h), PT_OBJ_PAGE);
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, FRAME(3), &h), INV_ERR_ARG);
	/* one the reserve keeps */
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, FRAME(FRAMES), &h), INV_ERR_ARG);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects + 1);
	ledger_check();
}
END_TEST

/* A locked header (hot-plug holds it while it moves a frame) is never
 * handed out, named or searched for. */
START_TEST(alloc_skips_locked_frames)
{
	struct page_common *h;

	ustub_machine(FRAMES);
	ck_assert(pagehdr_trylock(hdr(5)));
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, FRAME(5), &h), INV_ERR_ARG);
	for (unsigned i = 0; i < FRAMES - 1; i++) {
		ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_OK);
		ck_assert_uint_ne(pagehdr_pa(h), FRAME(5));
	}
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_ERR_NO_FRAMES);
	ck_assert_uint_eq(pagehdr_type(hdr(5)), PT_FREE);
	pagehdr_unlock(hdr(5));
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_OK);
	ck_assert_uint_eq(pagehdr_pa(h), FRAME(5));
	ledger_check();
}
END_TEST

/* obj_alloc_kept types a frame the bank holds and keeps its contents; a
 * frame that is not held, or not a frame's address, is refused. */
START_TEST(alloc_kept_keeps_contents)
{
	struct page_common *h;
	pa_t pa;

	ustub_machine(FRAMES);
	ck_assert_int_eq(chunk_take(1, true, &pa), ERR_OK);
	memset(objmem_kva(pa), 0x5a, PAGE_SIZE);
	ck_assert_int_eq(obj_alloc_kept(PT_OBJ_PAGE, pa + 4, &h), INV_ERR_ARG);
	ck_assert_int_eq(obj_alloc_kept(PT_OBJ_PAGE, pa + PAGE_SIZE, &h), INV_ERR_ARG);
	ck_assert_ptr_null(h);
	ck_assert(pagehdr_trylock(pagehdr_of_pa(pa)));
	ck_assert_int_eq(obj_alloc_kept(PT_OBJ_PAGE, pa, &h), INV_ERR_ARG);
	pagehdr_unlock(pagehdr_of_pa(pa));
	ck_assert_int_eq(obj_alloc_kept(PT_OBJ_PAGE, pa, &h), INV_OK);
	ck_assert_uint_eq(pagehdr_pa(h), pa);
	ck_assert_uint_eq(pagehdr_type(h), PT_OBJ_PAGE);
	ck_assert_uint_eq(((uint8_t *)objmem_kva(pa))[PAGE_SIZE - 1], 0x5a);
	ck_assert_int_eq(obj_alloc_kept(PT_OBJ_PAGE, pa, &h), INV_ERR_ARG);
}
END_TEST

/* A run named by its first frame: every frame must be free and in the
 * range; then each is typed and zeroed. */
START_TEST(alloc_run_named)
{
	struct page_common *h;
	pa_t base = 0;

	ustub_machine(FRAMES);
	ck_assert_int_eq(obj_alloc_run(PT_OBJ_PAGE, 0, OBJ_FRAME_ANY, &base), INV_ERR_ARG);
	ck_assert_int_eq(obj_alloc_run(PT_OBJ_PAGE, 2, FRAME(4) + 1, &base), INV_ERR_ARG);
	ck_assert_int_eq(obj_alloc_run(PT_OBJ_PAGE, 2, 0x40000000ull, &base), INV_ERR_ARG);
	/* past the range's end */
	ck_assert_int_eq(obj_alloc_run(PT_OBJ_PAGE, 8, FRAME(FRAMES + 4 - 4), &base), INV_ERR_ARG);
	/* a frame in the middle is taken */
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, FRAME(6), &h), INV_OK);
	ck_assert_int_eq(obj_alloc_run(PT_OBJ_PAGE, 4, FRAME(4), &base), INV_ERR_ARG);
	ck_assert_uint_eq(pagehdr_type(hdr(4)), PT_FREE);
	ck_assert_uint_eq(base, 0);
	ck_assert_int_eq(obj_alloc_run(PT_OBJ_PAGE, 4, FRAME(8), &base), INV_OK);
	ck_assert_uint_eq(base, FRAME(8));
	for (unsigned i = 8; i < 12; i++) {
		ck_assert_uint_eq(pagehdr_type(hdr(i)), PT_OBJ_PAGE);
		ck_assert_uint_eq(((uint8_t *)objmem_kva(FRAME(i)))[100], 0);
	}
	ck_assert_uint_eq(pagehdr_type(hdr(12)), PT_FREE);
	/* no run of FRAMES anywhere now */
	ck_assert_int_eq(obj_alloc_run(PT_OBJ_PAGE, FRAMES, OBJ_FRAME_ANY, &base),
			 INV_ERR_NO_FRAMES);
	ledger_check();
}
END_TEST

/* A second RAM range after the first (past ustub's reserve): the search
 * goes on into it, and wraps to the first range again after the last. */
START_TEST(alloc_search_crosses_ranges)
{
	static struct page_header hdrs[8];
	const size_t bytes = (size_t)(FRAMES + 4 + 8) << PAGE_SHIFT;
	const pa_t base2 = FRAME(FRAMES + 4);
	uint8_t *mem = aligned_alloc(PAGE_SIZE, bytes);
	unsigned first_range = 0, second_range = 0;
	struct page_common *h;
	struct range *r2;

	ustub_machine(FRAMES);
	/* the machine's RAM and the new range's, in one lent run */
	memset(mem, 0xa5, bytes);
	host_ram_lend(KSTUB_RAM_BASE, bytes, mem);
	r2 = range_alloc();
	ck_assert_ptr_nonnull(r2);
	r2->base = base2;
	r2->frames = 8;
	r2->owner = RANGE_OWNER_BOOT;
	r2->cls = RANGE_RAM;
	r2->layout = PAGEHDR_LAYOUT_RAM;
	r2->hdr_shift = PAGEHDR_RAM_SHIFT;
	r2->hdr_home = RANGE_HDR_HEAP;
	r2->hdrs = hdrs;
	pagehdr_init_range(r2, PT_FREE);
	ck_assert_int_eq(range_insert(r2), ERR_OK);
	ledger_move(LEDGER_ABSENT, LEDGER_BANKED, 8);
	for (unsigned i = 0; i < FRAMES + 8; i++) {
		ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_OK);
		if (pagehdr_pa(h) >= base2)
			second_range++;
		else
			first_range++;
	}
	ck_assert_uint_eq(first_range, FRAMES);
	ck_assert_uint_eq(second_range, 8);
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_ERR_NO_FRAMES);
	/* a frame freed in the first range is found from the cursor in the second */
	obj_free(hdr(2));
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_OK);
	ck_assert_uint_eq(pagehdr_pa(h), FRAME(2));
	ledger_check();
	range_remove(r2);
	host_ram_lend(0, 0, NULL);
	free(mem);
}
END_TEST

/* Freeing a frame that holds no object is the kernel's own bug: a panic. */
START_TEST(free_not_an_object_panics)
{
	ustub_machine(FRAMES);
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		obj_free(hdr(7));
		ck_abort_msg("obj_free of a free frame returned");
	}
	host_halt_armed = false;
	ck_assert_ptr_nonnull(strstr(kstub_panic_message(), "freeing frame 0x107000 of type "));
	ck_assert_ptr_nonnull(strstr(kstub_panic_message(), "not an object"));
}
END_TEST

/* obj_kind_of_type's table names a kind for exactly the page types whose
 * ledger state is objects: obj_at and obj_free ask it for both. */
START_TEST(kind_of_type_is_the_objects_state)
{
	for (unsigned pt = 0; pt <= PT_TYPE_COUNT; pt++)
		ck_assert_int_eq(obj_kind_of_type(pt) == OT_COUNT,
				 ledger_state_of_type(pt) != LEDGER_OBJECTS);
	ck_assert_uint_eq(obj_kind_of_type(PT_OBJ_PAGE), OT_PAGE);
	ck_assert_uint_eq(obj_kind_of_type(PT_OBJ_PROCESS), OT_PROCESS);
}
END_TEST

Suite *object_alloc_suite(void)
{
	Suite *s = suite_create("object_alloc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, alloc_named_frame);
	tcase_add_test(tc, kind_of_type_is_the_objects_state);
	tcase_add_test(tc, alloc_skips_locked_frames);
	tcase_add_test(tc, alloc_kept_keeps_contents);
	tcase_add_test(tc, alloc_run_named);
	tcase_add_test(tc, alloc_search_crosses_ranges);
	tcase_add_test(tc, free_not_an_object_panics);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(object_alloc)
