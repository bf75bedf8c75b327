/* Unit tests of the ELF validator (obstore/elf.c). */
#include <stdlib.h>
#include <string.h>

#include <obstore/elf.h>

#include "elf_fixture.h"
#include "unit.h"

#define BASE_386 0x08048000u
#define BASE_68K 0x40100000u

static uint8_t file[4096];
static struct elf_info info;
static struct elf_error why;

/* Builds the default program for machine into a heap buffer of exactly its
 * size, so that ASan sees any read past the end. */
static uint8_t *build(const struct elf_fixture *f, size_t *len)
{
	uint8_t *p;

	*len = elf_fixture_build(f, file, sizeof(file));
	ck_assert_uint_gt(*len, 0);
	p = malloc(*len);
	memcpy(p, file, *len);
	return p;
}

static enum elf_code check_fixture(const struct elf_fixture *f, uint16_t machine)
{
	size_t len;
	uint8_t *p = build(f, &len);
	enum elf_code code = elf_check(p, len, machine, &info, &why);
	char line[200];

	ck_assert_int_eq(why.code, code);
	ck_assert_int_gt(elf_describe(&why, line, sizeof(line)), 0);
	free(p);
	return code;
}

START_TEST(test_elf_valid_i386)
{
	struct elf_fixture f;

	elf_fixture_default(&f, ELF_EM_386, BASE_386);
	ck_assert_int_eq(check_fixture(&f, ELF_EM_386), ELF_OK);
	ck_assert_uint_eq(info.entry, BASE_386 + 0x10);
	ck_assert_uint_eq(info.nload, 2);
	ck_assert_uint_eq(info.load[1].vaddr, BASE_386 + 0x1000);
	ck_assert_uint_eq(info.load[1].filesz, 0x80);
	ck_assert_uint_eq(info.load[1].memsz, 0x200);
	ck_assert_uint_eq(info.load[1].offset, 52 + 64 + 0x100);
	ck_assert_uint_eq(info.load[0].flags, ELF_PF_R | ELF_PF_X);
}
END_TEST

START_TEST(test_elf_valid_m68k)
{
	struct elf_fixture f;

	elf_fixture_default(&f, ELF_EM_68K, BASE_68K);
	f.phdr[2] = (struct elf_fixture_phdr){ 4, 0, 0, 0, 0 }; /* a PT_NOTE is ignored */
	f.phdr[3] = (struct elf_fixture_phdr){ 1, BASE_68K + 0x4000, 0, 0, 6 }; /* empty load */
	f.nphdr = 4;
	ck_assert_int_eq(check_fixture(&f, ELF_EM_68K), ELF_OK);
	ck_assert_uint_eq(info.entry, BASE_68K + 0x10);
	ck_assert_uint_eq(info.nload, 2);
	ck_assert_uint_eq(info.load[0].memsz, 0x100);
	ck_assert(elf_contains(&info, BASE_68K + 0x1100, 0x100, ELF_PF_W, false));
	ck_assert(!elf_contains(&info, BASE_68K + 0x1100, 0x100, ELF_PF_W, true));
	ck_assert(!elf_contains(&info, BASE_68K + 0x1000, 0x201, 0, false));
}
END_TEST

/* Refusals: each case corrupts the default i386 program one way, either in
 * its description (spec) or in its bytes (bytes, after building). */
struct elf_case {
	const char *name;
	enum elf_code code;
	uint16_t machine; /* checked against; 0 = EM_386 */
	void (*spec)(struct elf_fixture *f);
	void (*bytes)(uint8_t *p, size_t *len);
	const char *says; /* expected in the one-line message */
};

static void b_short(uint8_t *p, size_t *len)
{
	(void)p;
	*len = 51;
}
static void b_magic(uint8_t *p, size_t *len)
{
	(void)len;
	p[1] = 'e';
}
static void b_class(uint8_t *p, size_t *len)
{
	(void)len;
	p[4] = 2;
}
static void b_data_bad(uint8_t *p, size_t *len)
{
	(void)len;
	p[5] = 3;
}
static void b_data_big(uint8_t *p, size_t *len)
{
	/* EM_386 with big-endian fields: a byte-swapped but self-consistent file */
	(void)len;
	p[5] = 2;
	elf_fixture_put16(p + 16, 2, true);
	elf_fixture_put16(p + 18, 3, true);
	elf_fixture_put32(p + 20, 1, true);
}
static void b_version(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put32(p + 20, 2, false);
}
static void b_ident_version(uint8_t *p, size_t *len)
{
	(void)len;
	p[6] = 0;
}
static void b_type_dyn(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put16(p + 16, 3, false);
}
static void b_ehsize(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put16(p + 40, 64, false);
}
static void b_phentsize(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put16(p + 42, 56, false);
}
static void b_phnum_zero(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put16(p + 44, 0, false);
}
static void b_phnum_big(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put16(p + 44, ELF_MAX_PHDRS + 1, false);
}
static void b_phoff(uint8_t *p, size_t *len)
{
	elf_fixture_put32(p + 28, (uint32_t)*len - 40, false);
}
static void b_phoff_wrap(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put32(p + 28, 0xfffffff0u, false);
}
static void b_seg_offset(uint8_t *p, size_t *len)
{
	elf_fixture_put32(p + 52 + 32 + 4, (uint32_t)*len - 0x7f, false);
}
static void b_seg_offset_wrap(uint8_t *p, size_t *len)
{
	(void)len;
	elf_fixture_put32(p + 52 + 4, 0xffffff80u, false);
}
static void s_interp(struct elf_fixture *f)
{
	f->phdr[f->nphdr++] = (struct elf_fixture_phdr){ 3, 0, 4, 4, 4 };
}
static void s_dynamic(struct elf_fixture *f)
{
	f->phdr[f->nphdr++] = (struct elf_fixture_phdr){ 2, 0, 8, 8, 4 };
}
static void s_filesz(struct elf_fixture *f)
{
	f->phdr[1].memsz = 0x40;
}
static void s_wrap(struct elf_fixture *f)
{
	f->phdr[1].vaddr = 0xfffff000u;
	f->phdr[1].memsz = 0x2000;
}
static void s_overlap(struct elf_fixture *f)
{
	f->phdr[1].vaddr = f->phdr[0].vaddr + 0xff;
}
static void s_overlap_contains(struct elf_fixture *f)
{
	f->phdr[1].vaddr = f->phdr[0].vaddr - 0x1000;
	f->phdr[1].memsz = 0x3000;
}
static void s_too_many(struct elf_fixture *f)
{
	for (unsigned i = 2; i < ELF_MAX_LOAD + 1; i++)
		f->phdr[f->nphdr++] =
			(struct elf_fixture_phdr){ 1, f->phdr[0].vaddr + 0x2000 * i, 0, 4, 6 };
}
static void s_no_load(struct elf_fixture *f)
{
	f->phdr[0].type = 4;
	f->phdr[1].memsz = 0;
	f->phdr[1].filesz = 0;
}
static void s_entry_data(struct elf_fixture *f)
{
	f->entry = f->phdr[1].vaddr;
}
static void s_entry_bss(struct elf_fixture *f)
{
	f->phdr[0].memsz = 0x800;
	f->entry = f->phdr[0].vaddr + 0x100;
}
static void s_entry_outside(struct elf_fixture *f)
{
	f->entry = 0x10;
}

static const struct elf_case elf_cases[] = {
	{ "short", ELF_E_TRUNCATED, 0, NULL, b_short, "shorter than an ELF32 header" },
	{ "magic", ELF_E_MAGIC, 0, NULL, b_magic, "not an ELF file" },
	{ "class", ELF_E_CLASS, 0, NULL, b_class, "ELF class 2" },
	{ "data invalid", ELF_E_DATA, 0, NULL, b_data_bad, "data encoding 3" },
	{ "data big for i386", ELF_E_DATA, 0, NULL, b_data_big, "little-endian" },
	{ "version", ELF_E_VERSION, 0, NULL, b_version, "version 2" },
	{ "ident version", ELF_E_VERSION, 0, NULL, b_ident_version, "version 0" },
	{ "type", ELF_E_TYPE, 0, NULL, b_type_dyn, "ET_EXEC" },
	{ "machine", ELF_E_MACHINE, ELF_EM_68K, NULL, NULL, "machine 3, expected 4 (EM_68K)" },
	{ "ehsize", ELF_E_EHSIZE, 0, NULL, b_ehsize, "64, expected 52" },
	{ "phentsize", ELF_E_EHSIZE, 0, NULL, b_phentsize, "56, expected 32" },
	{ "phnum zero", ELF_E_PHNUM, 0, NULL, b_phnum_zero, "0 program headers" },
	{ "phnum big", ELF_E_PHNUM, 0, NULL, b_phnum_big, "33 program headers" },
	{ "phoff", ELF_E_PHDR_RANGE, 0, NULL, b_phoff, "past the end of the file" },
	{ "phoff wrap", ELF_E_PHDR_RANGE, 0, NULL, b_phoff_wrap, "past the end" },
	{ "interp", ELF_E_DYNAMIC, 0, s_interp, NULL, "program header 2 has type 3" },
	{ "dynamic", ELF_E_DYNAMIC, 0, s_dynamic, NULL, "not statically linked" },
	{ "segment offset", ELF_E_SEG_RANGE, 0, NULL, b_seg_offset, "program header 1: file" },
	{ "segment offset wrap", ELF_E_SEG_RANGE, 0, NULL, b_seg_offset_wrap, "header 0" },
	{ "filesz", ELF_E_SEG_SIZE, 0, s_filesz, NULL, "filesz 128 exceeds memsz 64" },
	{ "wrap", ELF_E_SEG_WRAP, 0, s_wrap, NULL, "wraps" },
	{ "overlap", ELF_E_SEG_OVERLAP, 0, s_overlap, NULL,
	  "program header 1 (vaddr 0x080480ff) overlaps program header 0" },
	{ "overlap contains", ELF_E_SEG_OVERLAP, 0, s_overlap_contains, NULL, "overlaps" },
	{ "too many", ELF_E_TOO_MANY_LOAD, 0, s_too_many, NULL, "more than 8" },
	{ "no load", ELF_E_NO_LOAD, 0, s_no_load, NULL, "no non-empty PT_LOAD" },
	{ "entry in data", ELF_E_ENTRY, 0, s_entry_data, NULL, "entry 0x08049000" },
	{ "entry in bss", ELF_E_ENTRY, 0, s_entry_bss, NULL, "executable" },
	{ "entry outside", ELF_E_ENTRY, 0, s_entry_outside, NULL, "entry 0x00000010" },
};

START_TEST(test_elf_refusal)
{
	const struct elf_case *c = &elf_cases[_i];
	struct elf_fixture f;
	size_t len;
	uint8_t *p;
	char line[200];

	elf_fixture_default(&f, ELF_EM_386, BASE_386);
	if (c->spec)
		c->spec(&f);
	len = elf_fixture_build(&f, file, sizeof(file));
	ck_assert_uint_gt(len, 0);
	if (c->bytes)
		c->bytes(file, &len);
	p = malloc(len);
	memcpy(p, file, len);
	ck_assert_msg(elf_check(p, len, c->machine ? c->machine : ELF_EM_386, &info, &why) ==
			      c->code,
		      "case '%s': got %s, expected %s", c->name, elf_code_name(why.code),
		      elf_code_name(c->code));
	elf_describe(&why, line, sizeof(line));
	ck_assert_msg(strstr(line, c->says), "case '%s': message '%s' lacks '%s'", c->name, line,
		      c->says);
	free(p);
}
END_TEST

/* Every refusal code has a test case above, except the PIE relocation
 * codes, which need a ColdFire ET_DYN file: test_loader.c covers those. */
START_TEST(test_elf_codes_covered)
{
	for (unsigned code = 1; code < ELF_CODE_COUNT; code++) {
		bool seen = code == ELF_E_RELOC || code == ELF_E_RELOC_RANGE;

		for (size_t i = 0; i < sizeof(elf_cases) / sizeof(elf_cases[0]); i++)
			seen |= elf_cases[i].code == code;
		ck_assert_msg(seen, "no test for %s", elf_code_name((enum elf_code)code));
		ck_assert_str_ne(elf_code_name((enum elf_code)code), "unknown");
	}
}
END_TEST

/* Random corruption (fixed seed) of both byte orders never reads outside the
 * buffer (ASan) and always ends in a defined code. */
START_TEST(test_elf_mutation)
{
	uint32_t seed = 0x2545f491u;
	struct elf_fixture f;
	size_t len;
	unsigned accepted = 0;

	for (int round = 0; round < 4000; round++) {
		uint16_t machine = round & 1 ? ELF_EM_68K : ELF_EM_386;
		uint8_t *p;
		size_t n;

		elf_fixture_default(&f, machine, machine == ELF_EM_68K ? BASE_68K : BASE_386);
		len = elf_fixture_build(&f, file, sizeof(file));
		for (int k = 0; k < 1 + round % 3; k++) {
			seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
			/* Header and program headers are where the checks are. */
			file[seed % (52 + 64)] ^= (uint8_t)(seed >> 8 | 1);
		}
		seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
		n = round % 5 == 0 ? seed % len : len;
		p = malloc(n ? n : 1);
		memcpy(p, file, n);
		ck_assert_int_lt(elf_check(p, n, machine, &info, &why), ELF_CODE_COUNT);
		accepted += why.code == ELF_OK;
		free(p);
	}
	ck_assert_uint_lt(accepted, 4000);
}
END_TEST

Suite *elf_suite(void)
{
	Suite *s = suite_create("elf");
	TCase *tc = tcase_create("elf");

	tcase_add_test(tc, test_elf_valid_i386);
	tcase_add_test(tc, test_elf_valid_m68k);
	tcase_add_loop_test(tc, test_elf_refusal, 0, sizeof(elf_cases) / sizeof(elf_cases[0]));
	tcase_add_test(tc, test_elf_codes_covered);
	tcase_add_test(tc, test_elf_mutation);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(elf)
