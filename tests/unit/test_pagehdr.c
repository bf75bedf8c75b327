/* Unit tests for page headers and the range table (kernel/mem/pagehdr.c,
 * kernel/mem/range_table.c): every field, both layouts. */
#include <check.h>
#include <stdlib.h>

#include <kernel/pagehdr.h>

#include "unit.h"

static struct range slots[8];
static struct page_header ram_hdrs[64];
static struct page_header_dev dev_hdrs[32];
static struct range *ram, *dev;

static void setup(void)
{
	range_table_init(slots, 8);
	ram = range_alloc();
	ram->base = 0x100000;
	ram->frames = 64;
	ram->layout = PAGEHDR_LAYOUT_RAM;
	ram->hdr_shift = PAGEHDR_RAM_SHIFT;
	ram->hdrs = ram_hdrs;
	ram->cls = RANGE_RAM;
	pagehdr_init_range(ram, PT_FREE);
	ck_assert_int_eq(range_insert(ram), ERR_OK);

	dev = range_alloc();
	dev->base = 0xfe000000;
	dev->frames = 32;
	dev->base_oid = OID_DEVICE_BASE + (0xfe000000 >> PAGE_SHIFT);
	dev->layout = PAGEHDR_LAYOUT_DEVICE;
	dev->hdr_shift = PAGEHDR_DEV_SHIFT;
	dev->hdrs = dev_hdrs;
	dev->cls = RANGE_DEVICE;
	pagehdr_init_range(dev, PT_DEVICE);
	ck_assert_int_eq(range_insert(dev), ERR_OK);
}

START_TEST(pagehdr_sizes)
{
	ck_assert_uint_eq(sizeof(struct page_header), 16);
	ck_assert_uint_eq(sizeof(struct page_header_dev), 8);
	ck_assert_uint_eq(1u << PAGEHDR_RAM_SHIFT, sizeof(struct page_header));
	ck_assert_uint_eq(1u << PAGEHDR_DEV_SHIFT, sizeof(struct page_header_dev));
	ck_assert_uint_eq(OID_DEVICE_BASE, 0xff0000000000ull);
}
END_TEST

START_TEST(pagehdr_ram_fields)
{
	struct page_common *h = pagehdr_of_pa(0x100000 + 5 * PAGE_SIZE + 123);

	ck_assert_ptr_eq(h, &ram_hdrs[5].c);
	ck_assert_ptr_eq(pagehdr_range(h), ram);
	ck_assert_uint_eq(pagehdr_index(h), 5);
	ck_assert_uint_eq(pagehdr_pa(h), 0x105000);
	/* oid: stored, 48 bits */
	ck_assert_uint_eq(pagehdr_oid(h), OID_NONE);
	ck_assert_int_eq(pagehdr_set_oid(h, 0xabcd12345678ull), ERR_OK);
	ck_assert_uint_eq(pagehdr_oid(h), 0xabcd12345678ull);
	ck_assert_int_eq(pagehdr_set_oid(h, OID_MAX + 1), ERR_RANGE);
	ck_assert_uint_eq(pagehdr_oid(h), 0xabcd12345678ull);
	ck_assert_uint_eq(pagehdr_oid(&ram_hdrs[4].c), OID_NONE); /* neighbours untouched */
	/* ot_index: stored */
	ck_assert_uint_eq(pagehdr_ot_index(h), PAGEHDR_OT_NONE);
	ck_assert_int_eq(pagehdr_set_ot_index(h, 77), ERR_OK);
	ck_assert_uint_eq(pagehdr_ot_index(h), 77);
	ck_assert_int_eq(pagehdr_set_ot_index(h, 0x10000), ERR_RANGE);
	/* alloc_count, type, lock */
	ck_assert_uint_eq(pagehdr_alloc_count(h), 0);
	pagehdr_bump_alloc_count(h);
	pagehdr_bump_alloc_count(h);
	ck_assert_uint_eq(pagehdr_alloc_count(h), 2);
	ck_assert_uint_eq(pagehdr_type(h), PT_FREE);
	pagehdr_set_type(h, PT_HEAP);
	ck_assert_uint_eq(pagehdr_type(h), PT_HEAP);
	ck_assert(!pagehdr_locked(h));
	ck_assert(pagehdr_trylock(h));
	ck_assert(pagehdr_locked(h));
	ck_assert(!pagehdr_trylock(h));
	pagehdr_unlock(h);
	ck_assert(!pagehdr_locked(h));
	/* none of it leaked into the derived fields */
	ck_assert_uint_eq(pagehdr_pa(h), 0x105000);
	ck_assert_uint_eq(pagehdr_oid(h), 0xabcd12345678ull);
}
END_TEST

START_TEST(pagehdr_device_fields)
{
	struct page_common *h = pagehdr_of_pa(0xfe000000 + 31 * PAGE_SIZE);

	ck_assert_ptr_eq(h, &dev_hdrs[31].c);
	ck_assert_uint_eq(pagehdr_index(h), 31);
	ck_assert_uint_eq(pagehdr_pa(h), 0xfe01f000);
	ck_assert_uint_eq(pagehdr_oid(h), OID_DEVICE_BASE + 0xfe01f);
	ck_assert_int_eq(pagehdr_set_oid(h, 5), ERR_INVAL); /* derived, not stored */
	ck_assert_uint_eq(pagehdr_ot_index(h), PAGEHDR_OT_NONE);
	ck_assert_int_eq(pagehdr_set_ot_index(h, 1), ERR_INVAL);
	ck_assert_uint_eq(pagehdr_type(h), PT_DEVICE);
	pagehdr_bump_alloc_count(h);
	ck_assert_uint_eq(pagehdr_alloc_count(h), 1);
	ck_assert_uint_eq(pagehdr_alloc_count(&dev_hdrs[30].c), 0);
	ck_assert(pagehdr_trylock(h));
	ck_assert(!pagehdr_trylock(h));
	pagehdr_unlock(h);
	ck_assert_uint_eq(h->range_id, dev->id);
}
END_TEST

START_TEST(pagehdr_range_table)
{
	ck_assert_ptr_null(pagehdr_of_pa(0xfffff));
	ck_assert_ptr_null(pagehdr_of_pa(0x140000));
	ck_assert_ptr_null(pagehdr_of_pa(0xfe020000));
	ck_assert_ptr_null(range_get(0));
	ck_assert_ptr_eq(range_get(ram->id), ram);
	ck_assert_ptr_eq(range_first(), ram);
	ck_assert_ptr_eq(range_next(ram), dev);
	ck_assert_uint_eq(range_count(), 2);
	/* table full: 8 slots, slot 0 unused, 2 taken */
	for (int i = 0; i < 5; i++)
		ck_assert_ptr_nonnull(range_alloc());
	ck_assert_ptr_null(range_alloc());
	range_remove(dev);
	range_free(dev);
	ck_assert_ptr_null(range_get(dev->id));
	ck_assert_ptr_null(pagehdr_of_pa(0xfe000000));
	ck_assert_ptr_nonnull(range_alloc());
	ck_assert_int_eq(range_tree_check(), ERR_OK);
}
END_TEST

START_TEST(pagehdr_type_names_and_alloc_floor)
{
	struct page_common *h = pagehdr_of_pa(0x100000);

	ck_assert_str_eq(page_type_name(PT_FREE), "free");
	ck_assert_str_eq(page_type_name(PT_HELD), "held");
	ck_assert_str_eq(page_type_name(PT_TYPE_COUNT), "?");
	ck_assert_uint_eq(pagehdr_alloc_count(h), 0);
	pagehdr_raise_alloc_count(h, 10); /* below the floor: up to it */
	ck_assert_uint_eq(pagehdr_alloc_count(h), 10);
	pagehdr_raise_alloc_count(h, 5); /* past it already: one more */
	ck_assert_uint_eq(pagehdr_alloc_count(h), 11);
	pagehdr_raise_alloc_count(h, 12); /* just one below: one more either way */
	ck_assert_uint_eq(pagehdr_alloc_count(h), 12);
}
END_TEST

/* What range_insert refuses, ids that name no live range, and lookups that
 * keep the last and the previous range honest when they are freed. */
START_TEST(range_table_refusals_and_last_found)
{
	struct range *r = range_alloc(), *o;

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(range_get(8)); /* past the table */
	ck_assert_ptr_null(range_get(r->id)); /* allocated, not inserted */
	r->base = 0x400000;
	r->frames = 0;
	ck_assert_int_eq(range_insert(r), ERR_INVAL);
	r->base = ~(pa_t)0 - 0x3fff; /* four frames to the top: five do not fit */
	r->frames = 5;
	ck_assert_int_eq(range_insert(r), ERR_INVAL);
	r->base = 0x120000; /* inside ram */
	r->frames = 1;
	ck_assert_int_eq(range_insert(r), ERR_OVERLAP);
	ck_assert_uint_eq(range_count(), 2);
	ck_assert_ptr_null(range_get(r->id));

	/* a range whose frame numbers pass 2^32: no 32-bit window */
	r->base = 1ull << 44;
	r->frames = 4;
	r->layout = PAGEHDR_LAYOUT_RAM;
	r->hdr_shift = PAGEHDR_RAM_SHIFT;
	r->hdrs = calloc(4, sizeof(struct page_header));
	r->cls = RANGE_RAM_HOTPLUG;
	pagehdr_init_range(r, PT_FREE);
	ck_assert_int_eq(range_insert(r), ERR_OK);
	ck_assert_ptr_eq(range_lookup((1ull << 44) + 0x3000), r);
	ck_assert_ptr_eq(range_last, r);
	ck_assert_ptr_eq(range_hint.r, r);
	ck_assert_uint_eq(range_hint.frames, 0);
	ck_assert_ptr_eq(range_lookup((1ull << 44) + 0x1000), r); /* found again: kept */
	ck_assert_ptr_eq(range_lookup(0x100000), ram);
	ck_assert_uint_eq(range_hint.pfn0, 0x100);
	ck_assert_uint_eq(range_hint.frames, 64);
	ck_assert_ptr_eq(range_lookup(0xfe000000), dev); /* r is now two back */
	ck_assert_ptr_eq(range_lookup(0x100000), ram); /* ram: the previous, then the last */
	o = range_lookup(0xfe001000);
	ck_assert_ptr_eq(o, dev);

	/* freeing the last and the previous range forgets them */
	range_remove(ram);
	range_free(ram);
	ck_assert_ptr_eq(range_last, dev);
	range_remove(dev);
	range_free(dev);
	ck_assert_ptr_null(range_last);
	ck_assert_uint_eq(range_hint.frames, 0);
	ck_assert_ptr_null(range_lookup(0x100000));
	ck_assert_ptr_eq(range_lookup((1ull << 44)), r);
	range_remove(r);
	free(r->hdrs);
	range_free(r);
	ck_assert_ptr_null(range_last);
	ck_assert_uint_eq(range_count(), 0);
}
END_TEST

/* The range cache (range_cache_slot) puts frame 1 and frame 0x1000 (RAM's
 * first frames and the range at 16 MiB, pool boundaries both) in different
 * slots, answers each in turn from its own slot, and forgets a range that
 * leaves the tree. */
START_TEST(pagehdr_range_cache)
{
	static struct page_header low_hdrs[16], high_hdrs[16];
	struct range *low = range_alloc(), *high = range_alloc();
	struct range *pairs[2][2];

	low->base = 0x1000;
	high->base = 0x1000000;
	pairs[0][0] = low;
	pairs[0][1] = high;
	pairs[1][0] = high;
	pairs[1][1] = low;
	for (unsigned k = 0; k < 2; k++) {
		struct range *r = pairs[0][k];

		r->frames = 16;
		r->layout = PAGEHDR_LAYOUT_RAM;
		r->hdr_shift = PAGEHDR_RAM_SHIFT;
		r->hdrs = k ? high_hdrs : low_hdrs;
		r->cls = RANGE_RAM;
		pagehdr_init_range(r, PT_FREE);
		ck_assert_int_eq(range_insert(r), ERR_OK);
	}
	ck_assert_ptr_ne(range_cache_slot(0x1), range_cache_slot(0x1000));
	for (unsigned round = 0; round < 4; round++) {
		ck_assert_ptr_eq(pagehdr_of_pfn(0, 0x1), &low_hdrs[0].c);
		ck_assert_ptr_eq(pagehdr_of_pfn(0, 0x1000), &high_hdrs[0].c);
		ck_assert_ptr_eq(pagehdr_of_pfn(0, 0x100f), &high_hdrs[15].c);
		ck_assert_ptr_eq(pagehdr_of_pfn(0, 0x10), &low_hdrs[15].c);
		ck_assert_ptr_null(pagehdr_of_pfn(0, 0x1010)); /* past high's end */
		ck_assert_ptr_null(pagehdr_of_pfn(1, 0x1000)); /* 2^32 frames up */
	}
	ck_assert_ptr_eq(range_cache_slot(0x1)->r, low);
	ck_assert_ptr_eq(range_cache_slot(0x1000)->r, high);
	/* Every frame, from either end, agrees with the tree's answer. */
	for (unsigned k = 0; k < 2; k++)
		for (uint32_t i = 0; i < 16; i++) {
			uint32_t pfn = (uint32_t)(pairs[k][0]->base >> PAGE_SHIFT) + i;

			ck_assert_ptr_eq(pagehdr_of_pfn(0, pfn), pagehdr_at(pairs[k][0], i));
			ck_assert_uint_eq(pagehdr_pa(pagehdr_of_pfn(0, pfn)),
					  (pa_t)pfn << PAGE_SHIFT);
		}
	range_remove(high);
	ck_assert_ptr_null(range_cache_slot(0x1000)->r);
	ck_assert_ptr_null(pagehdr_of_pfn(0, 0x1000));
	ck_assert_ptr_eq(pagehdr_of_pfn(0, 0x1), &low_hdrs[0].c);
	range_free(high);
	range_remove(low);
	range_free(low);
	ck_assert_ptr_null(pagehdr_of_pfn(0, 0x1));
	ck_assert_int_eq(range_tree_check(), ERR_OK);
}
END_TEST

Suite *pagehdr_suite(void)
{
	Suite *s = suite_create("pagehdr");
	TCase *tc = tcase_create("fields");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, pagehdr_sizes);
	tcase_add_test(tc, pagehdr_ram_fields);
	tcase_add_test(tc, pagehdr_device_fields);
	tcase_add_test(tc, pagehdr_range_table);
	tcase_add_test(tc, pagehdr_type_names_and_alloc_floor);
	tcase_add_test(tc, range_table_refusals_and_last_found);
	tcase_add_test(tc, pagehdr_range_cache);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(pagehdr)
