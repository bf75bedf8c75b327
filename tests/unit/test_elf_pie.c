/* ColdFire position-independent programs (obstore/elf.c, ET_DYN): what the
 * dynamic table may hold (R_68K_RELATIVE in DT_RELA only, tags the loader
 * needs nothing from ignored) and how each refusal is told. */
#include <stdio.h>
#include <string.h>

#include <obstore/elf.h>

#include "elf_fixture.h"
#include "unit.h"

#define DYN ELF_FIXTURE_PIE_DYN
#define SIZE ELF_FIXTURE_PIE_SIZE
#define PH_DYN (52 + 32) /* the second program header */

static void put32(uint8_t *p, uint32_t v)
{
	elf_fixture_put32(p, v, true);
}

/* Entry k of the dynamic table (8 bytes: tag, value). */
static void dyn_entry(uint8_t *f, unsigned k, uint32_t tag, uint32_t val)
{
	put32(f + DYN + 8 * k, tag);
	put32(f + DYN + 8 * k + 4, val);
}

static enum elf_code check(const uint8_t *f, struct elf_info *info, struct elf_error *why)
{
	return elf_check(f, SIZE, ELF_EM_68K, info, why);
}

static void says(const struct elf_error *why, const char *part)
{
	char line[200];

	ck_assert_int_gt(elf_describe(why, line, sizeof(line)), 0);
	ck_assert_msg(strstr(line, part), "'%s' lacks '%s'", line, part);
}

START_TEST(elf_pie_dynamic_tags)
{
	uint8_t f[SIZE];
	struct elf_info info;
	struct elf_error why;

	elf_fixture_pie(f);
	ck_assert_int_eq(check(f, &info, &why), ELF_OK);
	ck_assert_uint_eq(info.type, ELF_ET_DYN);
	ck_assert_uint_eq(info.rela_count, 2);
	/* a table that ends without DT_NULL, its last entry a tag of no interest */
	elf_fixture_pie(f);
	dyn_entry(f, 3, 21 /* DT_DEBUG */, 0);
	ck_assert_int_eq(check(f, &info, &why), ELF_OK);
	ck_assert_uint_eq(info.rela_count, 2);
	/* empty PLT entries are harmless; a PLT with relocations is not */
	elf_fixture_pie(f);
	dyn_entry(f, 3, 23 /* DT_JMPREL */, 0);
	ck_assert_int_eq(check(f, &info, &why), ELF_OK);
	dyn_entry(f, 3, 23, 0x40);
	ck_assert_int_eq(check(f, &info, &why), ELF_E_RELOC);
	ck_assert_uint_eq(why.value, 23);
	says(&why, "dynamic entry or relocation 0 of type 23");
	dyn_entry(f, 3, 2 /* DT_PLTRELSZ */, 0);
	ck_assert_int_eq(check(f, &info, &why), ELF_OK);
	dyn_entry(f, 3, 2, 12);
	ck_assert_int_eq(check(f, &info, &why), ELF_E_RELOC);
	/* no relocations at all */
	elf_fixture_pie(f);
	dyn_entry(f, 1, 8 /* DT_RELASZ */, 0);
	ck_assert_int_eq(check(f, &info, &why), ELF_OK);
	ck_assert_uint_eq(info.rela_count, 0);
}
END_TEST

START_TEST(elf_pie_refusals)
{
	uint8_t f[SIZE];
	struct elf_info info;
	struct elf_error why;

	elf_fixture_pie(f); /* entries of another size than Elf32_Rela */
	dyn_entry(f, 2, 9 /* DT_RELAENT */, 8);
	ck_assert_int_eq(check(f, &info, &why), ELF_E_RELOC_RANGE);
	ck_assert_uint_eq(why.phdr, 1);
	says(&why, "program header 1: relocation table or relocation");
	elf_fixture_pie(f); /* a size that is no whole number of entries */
	dyn_entry(f, 1, 8, 20);
	ck_assert_int_eq(check(f, &info, &why), ELF_E_RELOC_RANGE);
	ck_assert_uint_eq(why.value, 20);
	elf_fixture_pie(f); /* the dynamic table past the end of the file */
	put32(f + PH_DYN + 4, SIZE - 8);
	ck_assert_int_eq(check(f, &info, &why), ELF_E_SEG_RANGE);
	elf_fixture_pie(f); /* two dynamic tables */
	put32(f + 52, 2);
	ck_assert_int_eq(check(f, &info, &why), ELF_E_DYNAMIC);
	ck_assert_uint_eq(why.phdr, 1);
	elf_fixture_pie(f); /* an interpreter */
	put32(f + PH_DYN, 3);
	ck_assert_int_eq(check(f, &info, &why), ELF_E_DYNAMIC);
}
END_TEST

START_TEST(elf_unknown_code_is_told)
{
	struct elf_error why = { .code = ELF_CODE_COUNT };
	char line[64], want[64];

	ck_assert_str_eq(elf_code_name(ELF_CODE_COUNT), "unknown");
	ck_assert_int_gt(elf_describe(&why, line, sizeof(line)), 0);
	snprintf(want, sizeof(want), "unknown ELF error %u", (unsigned)ELF_CODE_COUNT);
	ck_assert_str_eq(line, want);
}
END_TEST

Suite *elf_pie_suite(void)
{
	Suite *s = suite_create("elf_pie");
	TCase *tc = tcase_create("dynamic");

	tcase_add_test(tc, elf_pie_dynamic_tags);
	tcase_add_test(tc, elf_pie_refusals);
	tcase_add_test(tc, elf_unknown_code_is_told);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(elf_pie)
