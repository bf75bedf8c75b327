/* Unit tests for the fixed heap and its formula (kernel/mem/heap.c) and the
 * reserve sizing (kernel/mem/reserve.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/heap.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"

START_TEST(heap_formula_terms)
{
	struct heap_inputs in = { .ram_frames = 32639,
				  .hdr_bytes = 16,
				  .ranges = 128,
				  .range_bytes = 88,
				  .table_bytes = 40992,
				  .reserve_frames = 512 };
	struct heap_terms t;

	/* the 128 MiB QEMU machine, as printed at boot */
	ck_assert_uint_eq(heap_formula(&in, &t), 581632);
	ck_assert_uint_eq(t.headers, 522224);
	ck_assert_uint_eq(t.ranges, 11264);
	ck_assert_uint_eq(t.slack, HEAP_SLACK);
	ck_assert_uint_eq(t.total % PAGE_SIZE, 0);
	ck_assert_uint_ge(t.total, t.headers + t.ranges + t.tables + t.reserve + t.slack);
	ck_assert_uint_lt(t.total,
			  t.headers + t.ranges + t.tables + t.reserve + t.slack + PAGE_SIZE);
	/* linear in frames: 256 more frames, 4096 more bytes */
	in.ram_frames += 256;
	ck_assert_uint_eq(heap_formula(&in, &t), 581632 + 4096);
}
END_TEST

START_TEST(heap_alloc_purposes_and_no_growth)
{
	void *mem = aligned_alloc(PAGE_SIZE, 4 * PAGE_SIZE);
	uint8_t *a, *b, *c;

	memset(mem, 0xee, 4 * PAGE_SIZE);
	heap_init(mem, 0x200000, 4 * PAGE_SIZE);
	a = heap_alloc(100, 16, HEAP_HEADERS);
	b = heap_alloc(PAGE_SIZE, PAGE_SIZE, HEAP_PAGETABLES);
	ck_assert_ptr_eq(a, mem);
	ck_assert_ptr_eq(b, (uint8_t *)mem + PAGE_SIZE);
	ck_assert_uint_eq(a[99], 0); /* zeroed */
	ck_assert_uint_eq(heap_pa(b), 0x201000);
	ck_assert_uint_eq(heap_used_by(HEAP_HEADERS), 100);
	ck_assert_uint_eq(heap_used_by(HEAP_PAGETABLES), PAGE_SIZE + PAGE_SIZE - 100);
	ck_assert_ptr_null(heap_alloc(2 * PAGE_SIZE + 1, 1, HEAP_RANGES));
	ck_assert_ptr_null(heap_alloc(8, 3, HEAP_RANGES)); /* not a power of two */
	ck_assert_ptr_null(heap_alloc(8, 2 * PAGE_SIZE, HEAP_RANGES)); /* over a page */
	ck_assert_uint_eq(heap_used(), 2 * PAGE_SIZE);
	c = heap_alloc(2 * PAGE_SIZE, 1, HEAP_RANGES); /* exactly fits */
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_null(heap_alloc(1, 1, HEAP_RANGES));
	ck_assert_uint_eq(heap_used(), heap_size());
	kstub_reset();
	heap_print_use();
	ck_assert_str_eq(host_console, "heap: use headers=100 ranges=8192 pagetables=8092 "
				       "reserve_map=0 free=0\n");
	free(mem);
}
END_TEST

START_TEST(heap_reserve_sizing)
{
	ck_assert_uint_eq(reserve_frames_for_device_bytes(0), 0);
	ck_assert_uint_eq(reserve_frames_for_device_bytes(1), 1);
	ck_assert_uint_eq(reserve_frames_for_device_bytes(2 << 20), 1); /* 512 hdrs = 4 KiB */
	ck_assert_uint_eq(reserve_frames_for_device_bytes((2 << 20) + 1), 2);
	ck_assert_uint_eq(reserve_frames_for_device_bytes(64ull << 20), 32);
	ck_assert_uint_eq(reserve_auto_frames(32639), 512); /* 128 MiB: 1 GiB of devices */
	ck_assert_uint_eq(reserve_auto_frames(3967), 247); /* 16 MiB: capped at 1/16 */
	ck_assert_uint_eq(reserve_headroom_frames(512), 128);
	ck_assert_uint_eq(reserve_headroom_frames(100), 100);
	/* A board without a hot-pluggable bus names its own spans: the 32 MiB
	 * M5208EVB holds headers for its 2 MiB flash window and no headroom. */
	ck_assert_uint_eq(reserve_auto_frames_for(8192, 2 << 20), 1);
	ck_assert_uint_eq(reserve_auto_frames_for(8192, 1ull << 30), 512);
	ck_assert_uint_eq(reserve_auto_frames_for(1024, 1ull << 30), 64); /* capped at 1/16 */
	ck_assert_uint_eq(reserve_headroom_frames_for(1, 0), 0);
	ck_assert_uint_eq(reserve_headroom_frames_for(512, 64ull << 20), 32);
}
END_TEST

START_TEST(heap_alloc_refusals_leave_it_unchanged)
{
	void *mem = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	heap_init(mem, 0x300000, 100); /* a size no alignment divides */
	ck_assert_ptr_null(heap_alloc(8, 0, HEAP_HEADERS)); /* no alignment */
	ck_assert_ptr_null(heap_alloc(8, 8, HEAP_PURPOSE_COUNT)); /* no such purpose */
	ck_assert_uint_eq(heap_used(), 0);
	ck_assert_ptr_eq(heap_alloc(99, 1, HEAP_RANGES), mem);
	/* aligning the start alone passes the end */
	ck_assert_ptr_null(heap_alloc(0, 16, HEAP_RANGES));
	ck_assert_uint_eq(heap_used(), 99);
	ck_assert_uint_eq(heap_used_by(HEAP_RANGES), 99);
	ck_assert_uint_eq(heap_used_by(HEAP_PURPOSE_COUNT), 0);
	ck_assert_ptr_eq(heap_alloc(1, 1, HEAP_HEADERS), (uint8_t *)mem + 99); /* the last byte */
	free(mem);
}
END_TEST

Suite *heap_suite(void)
{
	Suite *s = suite_create("heap");
	TCase *tc = tcase_create("heap");

	tcase_add_test(tc, heap_formula_terms);
	tcase_add_test(tc, heap_alloc_purposes_and_no_growth);
	tcase_add_test(tc, heap_reserve_sizing);
	tcase_add_test(tc, heap_alloc_refusals_leave_it_unchanged);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(heap)
