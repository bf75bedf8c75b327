/* Unit tests for the header region (kernel/mem/hdrregion.c) on its own: what
 * hdrregion_alloc and hdrregion_map_own refuse with and without an MMU, and
 * that a refusal leaves reserve, ledger and window as they were (kstub.c). */
#include <check.h>
#include <string.h>

#include <kernel/hdrregion.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"

struct snap {
	uint64_t reserve, header, total, absent_free;
	unsigned tables;
};

static void take(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->reserve = ledger_count(LEDGER_RESERVE);
	s->header = ledger_count(LEDGER_HEADER_REGION);
	s->total = ledger_total();
	s->absent_free = reserve_free();
	s->tables = host_hdrwin_tables_set();
}

static void same(const struct snap *a, const struct snap *b)
{
	ck_assert_mem_eq(a, b, sizeof(*a));
}

static void teardown(void)
{
	host_hdrwin_needs_run = false;
	host_hdrwin_pages = 256;
}

START_TEST(hdrregion_refuses_empty_and_huge_spans)
{
	struct hdr_block b = { 0 };
	struct snap before, after;

	kstub_machine(200, 20);
	take(&before);
	ck_assert_int_eq(hdrregion_alloc(0, &b), ERR_NOMEM);
	ck_assert_int_eq(hdrregion_alloc((uint64_t)UINT32_MAX + 1, &b), ERR_NOMEM);
	ck_assert_int_eq(hdrregion_alloc(21, &b), ERR_NOMEM); /* more than the reserve */
	ck_assert_int_eq(hdrregion_map_own(0x10000000, 0, &b), ERR_NOMEM);
	ck_assert_int_eq(hdrregion_map_own(0x10000000, (uint64_t)UINT32_MAX + 1, &b), ERR_NOMEM);
	ck_assert_ptr_null(b.va);
	/* an empty block frees and unmaps to nothing */
	hdrregion_free(&b);
	hdrregion_unmap_own(&b);
	take(&after);
	same(&before, &after);
	ck_assert_uint_eq(hdrregion_frames(), 0);
}
END_TEST

/* Without an MMU the pages must be one run of the reserve: a fragmented
 * reserve refuses, and a window too full gives the run back. */
START_TEST(hdrregion_no_mmu_run_refused_or_given_back)
{
	struct hdr_block a, b, c, d = { 0 };
	struct snap before, after;

	host_hdrwin_needs_run = true;
	kstub_machine(200, 30);
	ck_assert_int_eq(hdrregion_alloc(10, &a), ERR_OK);
	ck_assert_int_eq(hdrregion_alloc(10, &b), ERR_OK);
	ck_assert_int_eq(hdrregion_alloc(10, &c), ERR_OK);
	hdrregion_free(&a);
	hdrregion_free(&c);
	take(&before);
	ck_assert_uint_eq(reserve_free(), 20);
	ck_assert_int_eq(hdrregion_alloc(11, &d), ERR_NOMEM); /* free, but in two runs */
	ck_assert_ptr_null(d.va);
	take(&after);
	same(&before, &after);

	/* a and b again hold window pages 0-19; 5 pages are left for 6 asked */
	ck_assert_int_eq(hdrregion_alloc(10, &a), ERR_OK);
	host_hdrwin_pages = 25;
	take(&before);
	ck_assert_int_eq(hdrregion_alloc(6, &d), ERR_NOMEM);
	take(&after);
	same(&before, &after);
	ck_assert_uint_eq(reserve_longest_run(), 10); /* the run came back */
	ck_assert_int_eq(hdrregion_alloc(5, &d), ERR_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_HEADER_REGION), 25);
	hdrregion_free(&d);
	hdrregion_free(&a);
	hdrregion_free(&b);
	ck_assert_uint_eq(hdrregion_frames(), 0);
	ck_assert_uint_eq(reserve_free(), 30);
}
END_TEST

/* With an MMU: a window with no room (fixed part full, nothing to grow)
 * refuses before anything is taken; a range's own headers too. */
START_TEST(hdrregion_window_full_refuses)
{
	struct hdr_block a, b = { 0 };
	struct snap before, after;

	host_hdrwin_pages = 8;
	kstub_machine(200, 30);
	ck_assert_int_eq(hdrregion_alloc(8, &a), ERR_OK);
	take(&before);
	ck_assert_int_eq(hdrregion_alloc(1, &b), ERR_NOMEM);
	ck_assert_int_eq(hdrregion_map_own(0x10000000, 1, &b), ERR_NOMEM);
	ck_assert_ptr_null(b.va);
	take(&after);
	same(&before, &after);
	hdrregion_free(&a);
	ck_assert_int_eq(hdrregion_map_own(0x10000000, 4, &b), ERR_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_HEADER_REGION), 4);
	ck_assert_uint_eq(ledger_total(), 204); /* own frames join the machine */
	hdrregion_unmap_own(&b);
	ck_assert_uint_eq(ledger_total(), 200);
	ck_assert_uint_eq(reserve_free(), 30);
}
END_TEST

/* A range's own header pages that need window tables the reserve cannot
 * give are refused with nothing mapped. */
START_TEST(hdrregion_map_own_needs_its_tables)
{
	struct hdr_block b = { 0 };
	struct snap before, after;

	host_hdrwin_pages = 4;
	kstub_machine(200, 2);
	host_hdrwin_grow_regions = 8; /* regions of HOST_HDRWIN_REGION pages, a table each */
	take(&before);
	/* 4 regions' worth of pages: more tables than the 2 reserve frames */
	ck_assert_int_eq(hdrregion_map_own(0x10000000, 4 * HOST_HDRWIN_REGION, &b), ERR_NOMEM);
	take(&after);
	same(&before, &after);
	ck_assert_int_eq(hdrregion_map_own(0x10000000, 2 * HOST_HDRWIN_REGION, &b), ERR_OK);
	ck_assert_uint_eq(b.tables, 2);
	ck_assert_uint_eq(host_hdrwin_tables_set(), 2);
	ck_assert_uint_eq(reserve_free(), 0);
	ck_assert_uint_eq(ledger_count(LEDGER_HEADER_REGION), 2 * HOST_HDRWIN_REGION + 2);
	hdrregion_unmap_own(&b);
	take(&after);
	same(&before, &after);
}
END_TEST

/* Reserve frames outside every range (as before boot has built the ranges)
 * have no header to retype; the region still takes and gives them. */
START_TEST(hdrregion_reserve_frames_without_headers)
{
	static uint8_t state[8];
	struct hdr_block b;

	kstub_machine(64, 8);
	reserve_init(0x40000000, 8, state); /* the ledger's 8 reserve frames, elsewhere */
	ck_assert_ptr_null(pagehdr_of_pa(0x40000000));
	ck_assert_int_eq(hdrregion_alloc(3, &b), ERR_OK);
	ck_assert_uint_eq(reserve_free(), 5);
	ck_assert_uint_eq(ledger_count(LEDGER_HEADER_REGION), 3);
	for (unsigned i = 0; i < 3 * PAGE_SIZE; i++)
		ck_assert_uint_eq(((uint8_t *)b.va)[i], 0);
	hdrregion_free(&b);
	ck_assert_uint_eq(reserve_free(), 8);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 8);
}
END_TEST

Suite *hdrregion_suite(void)
{
	Suite *s = suite_create("hdrregion");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, hdrregion_refuses_empty_and_huge_spans);
	tcase_add_test(tc, hdrregion_no_mmu_run_refused_or_given_back);
	tcase_add_test(tc, hdrregion_window_full_refuses);
	tcase_add_test(tc, hdrregion_map_own_needs_its_tables);
	tcase_add_test(tc, hdrregion_reserve_frames_without_headers);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(hdrregion)
