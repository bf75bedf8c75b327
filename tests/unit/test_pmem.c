/* Unit tests for the classified memory map (kernel/mem/pmem.c). */
#include <check.h>
#include <string.h>

#include <kernel/pmem.h>

#include "unit.h"

static struct boot_info bi;
static struct pmem_map map;
static char why[160];

static void bi_reset(void)
{
	memset(&bi, 0, sizeof(bi));
	bi.image_start = 0x100000;
	bi.image_end = 0x112345;
}

static void bi_mem(pa_t base, uint64_t len, uint32_t type)
{
	bi.mem[bi.mem_count] = (struct memmap_entry){ base, len, type, bi.mem_count };
	bi.mem_count++;
}

static void bi_qemu(uint64_t high)
{
	bi_reset();
	bi_mem(0x0, 0x9fc00, MEM_RAM);
	bi_mem(0x9fc00, 0x400, MEM_RESERVED);
	bi_mem(0xf0000, 0x10000, MEM_RESERVED);
	bi_mem(0x100000, 0x7ee0000, MEM_RAM);
	bi_mem(0x7fe0000, 0x20000, MEM_RESERVED);
	bi_mem(0xfffc0000, 0x40000, MEM_RESERVED);
	if (high)
		bi_mem(0x100000000ull, high, MEM_RAM);
}

static void assert_sane(void)
{
	for (unsigned i = 0; i < map.count; i++) {
		ck_assert(map.e[i].base < map.e[i].end);
		if (i) {
			ck_assert(map.e[i - 1].end <= map.e[i].base);
			ck_assert(!(map.e[i - 1].end == map.e[i].base &&
				    map.e[i - 1].cls == map.e[i].cls));
		}
		if (pmem_class_is_ram(map.e[i].cls))
			ck_assert(((map.e[i].base | map.e[i].end) & 0xfff) == 0);
	}
}

START_TEST(pmem_qemu_map)
{
	bi_qemu(0);
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OK);
	assert_sane();
	ck_assert_uint_eq(map.count, 7);
	ck_assert_uint_eq(map.e[0].base, 0x1000); /* frame 0 is never RAM */
	ck_assert_uint_eq(map.e[0].end, 0x9f000); /* partial page dropped */
	ck_assert_uint_eq(map.e[3].cls, PMEM_IMAGE);
	ck_assert_uint_eq(map.e[3].base, 0x100000);
	ck_assert_uint_eq(map.e[3].end, 0x113000); /* widened to a page */
	ck_assert_uint_eq(map.e[4].cls, PMEM_RAM);
	ck_assert_uint_eq(pmem_frames(&map, PMEM_IMAGE), 0x13);
	ck_assert_uint_eq(pmem_frames(&map, PMEM_RAM), (0x9f - 1) + 0x7fe0 - 0x113);
}
END_TEST

START_TEST(pmem_high_ram_and_limit)
{
	bi_qemu(0x40000000);
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OK);
	ck_assert_uint_eq(pmem_frames_below(&map, PMEM_RAM, 0x100000000ull),
			  pmem_frames(&map, PMEM_RAM) - 0x40000);
	ck_assert_uint_eq(pmem_limit(&map, 0x100000000ull), 0x40000);
	ck_assert_uint_eq(map.e[map.count - 1].cls, PMEM_UNUSABLE);
	assert_sane();
	/* a limit inside an entry splits it */
	bi_qemu(0x40000000);
	pmem_build(&bi, &map, why, sizeof(why));
	ck_assert_uint_eq(pmem_limit(&map, 0x120000000ull), 0x20000);
	ck_assert_uint_eq(map.e[map.count - 2].end, 0x120000000ull);
	ck_assert_uint_eq(map.e[map.count - 1].cls, PMEM_UNUSABLE);
	assert_sane();
}
END_TEST

START_TEST(pmem_merges_adjacent_and_classes)
{
	bi_reset();
	bi_mem(0x0, 0x80000, MEM_RAM);
	bi_mem(0x80000, 0x20000, MEM_RAM);
	bi_mem(0x100000, 0x100000, MEM_RAM);
	bi_mem(0x200000, 0x1000, MEM_ACPI);
	bi_mem(0x201000, 0x1000, MEM_NVS);
	bi_mem(0x202000, 0x1000, MEM_BAD);
	bi_mem(0x203000, 0x1000, 77);
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OK);
	assert_sane();
	ck_assert_uint_eq(map.e[0].end, 0xa0000);
	ck_assert_uint_eq(map.e[map.count - 2].cls, PMEM_ACPI);
	ck_assert_uint_eq(map.e[map.count - 2].end, 0x202000);
	ck_assert_uint_eq(map.e[map.count - 1].cls, PMEM_RESERVED);
	ck_assert_uint_eq(map.e[map.count - 1].end, 0x204000);
}
END_TEST

START_TEST(pmem_modules)
{
	bi_qemu(0);
	bi.mods[0] = (struct boot_module){ 0x200000, 0x200800, "a" };
	bi.mods[1] = (struct boot_module){ 0x201000, 0x201000, "empty" };
	bi.mods[2] = (struct boot_module){ 0x300000, 0x340000, "b" };
	bi.mod_count = 3;
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OK);
	assert_sane();
	ck_assert_uint_eq(pmem_frames(&map, PMEM_MODULE), 1 + 0x40);
}
END_TEST

START_TEST(pmem_refuses_bad_input)
{
	bi_qemu(0);
	bi.image_start = 0x7fd0000;
	bi.image_end = 0x8000000; /* runs into reserved */
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OVERLAP);
	ck_assert_ptr_nonnull(strstr(why, "kernel image"));
	ck_assert_ptr_nonnull(strstr(why, "entry 4"));

	bi_qemu(0);
	bi.mods[0] = (struct boot_module){ 0x110000, 0x120000, "m" };
	bi.mod_count = 1;
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OVERLAP);
	ck_assert_ptr_nonnull(strstr(why, "module 0"));
	ck_assert_ptr_nonnull(strstr(why, "image"));

	bi_qemu(0);
	bi.mods[0] = (struct boot_module){ 0x200000, 0x100000, "m" };
	bi.mod_count = 1;
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_INVAL);
	ck_assert_ptr_nonnull(strstr(why, "module 0 ends"));

	bi_qemu(0);
	bi.mods[0] = (struct boot_module){ 0x20000000, 0x20001000, "far" };
	bi.mod_count = 1;
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OVERLAP);
	ck_assert_ptr_nonnull(strstr(why, "outside every ram entry"));

	bi_reset();
	bi_mem(0x0, 0x200000, MEM_RAM);
	bi_mem(0x100000, 0x1000, MEM_RESERVED);
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OVERLAP);
	ck_assert_ptr_nonnull(strstr(why, "loader entry 1"));

	bi_reset();
	bi_mem(0x0, 0x200000, MEM_RAM);
	bi_mem(0xfffffffffffff000ull, 0x1000, MEM_RESERVED);
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_RANGE);

	bi_reset();
	bi_mem(0x0, 0x800, MEM_RAM); /* less than a page: no RAM at all */
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_INVAL);
	ck_assert_ptr_nonnull(strstr(why, "no RAM"));
}
END_TEST

START_TEST(pmem_carve_and_find)
{
	pa_t base;

	bi_qemu(0);
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OK);
	ck_assert_int_eq(pmem_find_free(&map, 0x10000, 0x100000, 0x30000000, &base), ERR_OK);
	ck_assert_uint_eq(base, 0x113000);
	ck_assert_int_eq(
		pmem_carve(&map, base, base + 0x10000, PMEM_RAM, PMEM_HEAP, why, sizeof(why)),
		ERR_OK);
	ck_assert_int_eq(pmem_carve(&map, base + 0x10000, base + 0x12000, PMEM_RAM, PMEM_RESERVE,
				    why, sizeof(why)),
			 ERR_OK);
	assert_sane();
	ck_assert_uint_eq(pmem_frames(&map, PMEM_HEAP), 16);
	ck_assert_uint_eq(pmem_frames(&map, PMEM_RESERVE), 2);
	/* carving again over the heap names it */
	ck_assert_int_eq(
		pmem_carve(&map, base, base + 0x1000, PMEM_RAM, PMEM_HEAP, why, sizeof(why)),
		ERR_OVERLAP);
	ck_assert_ptr_nonnull(strstr(why, "heap"));
	ck_assert_int_eq(
		pmem_carve(&map, base + 1, base + 0x1000, PMEM_RAM, PMEM_HEAP, why, sizeof(why)),
		ERR_INVAL);
	ck_assert_int_eq(pmem_find_free(&map, 0x10000000, 0x100000, 0x30000000, &base), ERR_NOMEM);
	/* a whole entry carved away leaves no empty piece */
	unsigned before = map.count;
	ck_assert_int_eq(pmem_carve(&map, 0x1000, 0x9f000, PMEM_RAM, PMEM_MODULE, why, sizeof(why)),
			 ERR_OK);
	ck_assert_uint_eq(map.count, before);
	assert_sane();
}
END_TEST

/* Without a buffer for the reason the refusals are the same; a map with no
 * room for the pieces of a cut refuses with ERR_FULL and stays as it was. */
START_TEST(pmem_carve_refusals_without_reason_and_full_map)
{
	pa_t base = 0x200000;
	struct pmem_map before;

	ck_assert_str_eq(pmem_class_name(PMEM_HEAP), "heap");
	ck_assert_str_eq(pmem_class_name(PMEM_CLASS_COUNT), "?");
	bi_qemu(0);
	bi_mem(0x200000000ull, 0, MEM_RAM); /* an empty entry is no entry */
	ck_assert_int_eq(pmem_build(&bi, &map, why, sizeof(why)), ERR_OK);
	ck_assert_uint_eq(map.count, 7);
	before = map;
	ck_assert_int_eq(pmem_carve(&map, base, base + 0x800, PMEM_RAM, PMEM_HEAP, NULL, 0),
			 ERR_INVAL);
	ck_assert_int_eq(pmem_carve(&map, base, base, PMEM_RAM, PMEM_HEAP, NULL, 0), ERR_INVAL);
	ck_assert_int_eq(pmem_carve(&map, 0x9f000, 0xa1000, PMEM_RAM, PMEM_HEAP, NULL, 0),
			 ERR_OVERLAP); /* into the reserved entry */
	ck_assert_int_eq(pmem_carve(&map, 0x20000000, 0x20001000, PMEM_RAM, PMEM_HEAP, NULL, 0),
			 ERR_OVERLAP); /* in no entry */
	ck_assert_mem_eq(&map, &before, sizeof(map));

	/* PMEM_MAX - 1 entries, alternately RAM and reserved */
	memset(&map, 0, sizeof(map));
	for (unsigned i = 0; i < PMEM_MAX - 1; i++)
		map.e[map.count++] =
			(struct pmem_entry){ (pa_t)(i + 1) << 24, (pa_t)(i + 2) << 24,
					     i % 2 ? PMEM_RESERVED : PMEM_RAM, (int16_t)i };
	before = map;
	ck_assert_int_eq(
		pmem_carve(&map, 0x1100000, 0x1200000, PMEM_RAM, PMEM_HEAP, why, sizeof(why)),
		ERR_FULL);
	ck_assert_ptr_nonnull(strstr(why, "more than"));
	ck_assert_int_eq(pmem_carve(&map, 0x1100000, 0x1200000, PMEM_RAM, PMEM_HEAP, NULL, 0),
			 ERR_FULL);
	ck_assert_mem_eq(&map, &before, sizeof(map));
}
END_TEST

Suite *pmem_suite(void)
{
	Suite *s = suite_create("pmem");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, pmem_qemu_map);
	tcase_add_test(tc, pmem_high_ram_and_limit);
	tcase_add_test(tc, pmem_merges_adjacent_and_classes);
	tcase_add_test(tc, pmem_modules);
	tcase_add_test(tc, pmem_refuses_bad_input);
	tcase_add_test(tc, pmem_carve_and_find);
	tcase_add_test(tc, pmem_carve_refusals_without_reason_and_full_map);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(pmem)
