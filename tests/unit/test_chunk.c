/* Unit tests for held runs (kernel/mem/chunk.c): what a run search skips
 * (locked frames, frames out of the direct map, device ranges, the top of the
 * address space) and what chunk_give refuses, on the fake machine (kstub.c). */
#include <check.h>

#include <kernel/chunk.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>

#include <arch/mm.h>

#include "kstub.h"
#include "unit.h"

#define DEV_BASE 0x10000ull /* below the RAM range: every search passes it first */
#define DEV_FRAMES 4

static struct page_header_dev dev_hdrs[DEV_FRAMES];

static pa_t ram_frame(unsigned i)
{
	return KSTUB_RAM_BASE + ((pa_t)i << PAGE_SHIFT);
}

/* 64 RAM frames (8 of them the reserve) and a device range of 4 frames. */
static void machine(void)
{
	struct range *dev;

	kstub_machine(64, 8);
	dev = range_alloc();
	range_describe(dev, RANGE_DEVICE, DEV_BASE, DEV_FRAMES, 1);
	dev->hdrs = dev_hdrs;
	pagehdr_init_range(dev, PT_DEVICE);
	ck_assert_int_eq(range_insert(dev), ERR_OK);
}

static unsigned held_frames(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < 64; i++)
		n += pagehdr_type(pagehdr_at(kstub_ram_range(), i)) == PT_HELD;
	return n;
}

START_TEST(chunk_take_skips_locked_frames_and_devices)
{
	struct page_common *h0;
	pa_t a = 0;

	machine();
	ck_assert_int_eq(chunk_take(0, false, &a), ERR_INVAL);
	h0 = pagehdr_of_pa(ram_frame(0));
	ck_assert(pagehdr_trylock(h0)); /* a frame someone is working on */
	ck_assert_int_eq(chunk_take(1, false, &a), ERR_OK);
	ck_assert_uint_eq(a, ram_frame(1));
	/* two: frame 0 locked, 1 held; the next aligned pair is 2-3 */
	ck_assert_int_eq(chunk_take(2, false, &a), ERR_OK);
	ck_assert_uint_eq(a, ram_frame(2));
	pagehdr_unlock(h0);
	ck_assert_int_eq(chunk_take(1, false, &a), ERR_OK);
	ck_assert_uint_eq(a, ram_frame(0));
	ck_assert_uint_eq(held_frames(), 4);
	/* 56 banked frames: no aligned run of 64 in RAM, and none in the device */
	ck_assert_int_eq(chunk_take(64, false, &a), ERR_NOMEM);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(DEV_BASE)), PT_DEVICE);
	ck_assert_uint_eq(held_frames(), 4);
}
END_TEST

/* A kernel-addressable run must lie in the direct map. */
START_TEST(chunk_take_kva_only_in_the_direct_map)
{
	pa_t saved = host_direct_map_end, a = 0;

	machine();
	host_direct_map_end = ram_frame(2); /* frames 0 and 1 */
	ck_assert_int_eq(chunk_take(2, true, &a), ERR_OK);
	ck_assert_uint_eq(a, ram_frame(0));
	ck_assert_int_eq(chunk_take(1, true, &a), ERR_NOMEM);
	ck_assert_int_eq(chunk_take(1, false, &a), ERR_OK); /* any frame will do */
	ck_assert_uint_eq(a, ram_frame(2));
	host_direct_map_end = 0; /* nothing lent: no frame has a kernel address */
	ck_assert_int_eq(chunk_take(1, true, &a), ERR_NOMEM);
	host_direct_map_end = saved;
	ck_assert_uint_eq(held_frames(), 3);
}
END_TEST

/* A start so high that the first candidate's end wraps past 2^64 ends the
 * search instead of going round to address 0. */
START_TEST(chunk_take_from_the_top_of_the_address_space)
{
	pa_t a = 0x1234;

	machine();
	ck_assert_int_eq(chunk_take_from(1, false, ~(pa_t)0 - PAGE_SIZE + 1, &a), ERR_NOMEM);
	ck_assert_int_eq(chunk_take_from(4, false, ~(pa_t)0 - 4 * PAGE_SIZE + 1, &a), ERR_NOMEM);
	ck_assert_uint_eq(a, 0x1234);
	ck_assert_uint_eq(held_frames(), 0);
	ck_assert_int_eq(chunk_take_from(1, false, ram_frame(10), &a), ERR_OK);
	ck_assert_uint_eq(a, ram_frame(10));
}
END_TEST

START_TEST(chunk_give_refusals_change_nothing)
{
	pa_t a = 0;

	machine();
	ck_assert_int_eq(chunk_take(4, false, &a), ERR_OK);
	ck_assert_int_eq(chunk_give(a + 1, 4), ERR_INVAL); /* not page-aligned */
	ck_assert_int_eq(chunk_give(a, 0), ERR_INVAL);
	ck_assert_int_eq(chunk_give(0x8000000, 1), ERR_INVAL); /* in no range */
	ck_assert_int_eq(chunk_give(DEV_BASE, 1), ERR_INVAL); /* device frames */
	ck_assert_int_eq(chunk_give(ram_frame(62), 4), ERR_INVAL); /* past the range */
	ck_assert_int_eq(chunk_give(a, 5), ERR_INVAL); /* the fifth is not held */
	ck_assert_uint_eq(held_frames(), 4);
	ck_assert_int_eq(chunk_give(a, 4), ERR_OK);
	ck_assert_uint_eq(held_frames(), 0);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), 56);
}
END_TEST

Suite *chunk_suite(void)
{
	Suite *s = suite_create("chunk");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, chunk_take_skips_locked_frames_and_devices);
	tcase_add_test(tc, chunk_take_kva_only_in_the_direct_map);
	tcase_add_test(tc, chunk_take_from_the_top_of_the_address_space);
	tcase_add_test(tc, chunk_give_refusals_change_nothing);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(chunk)
