/* Inputs the host fuzzers (tests/fuzz/) found wrong, each kept as a test:
 * see doc/testing.md, "fuzz". */
#include <check.h>

#include <obstore/elf.h>

#include "elf_fixture.h"
#include "unit.h"

/* fuzz_elf: a PT_LOAD in the last page of the 32-bit space was accepted, but
 * elf_span_high clamps to 0xfffff000, so the span (what the ColdFire loader
 * allocates) did not cover the segment and its bytes went past the run.
 * Every accepted segment must lie inside the span. */
START_TEST(fuzz_regress_elf_segment_in_the_last_page)
{
	static const uint32_t vaddr[] = { 0xffffe000u, 0xfffff000u, 0xfffff800u, 0xffffefffu };
	uint8_t buf[4096];

	for (unsigned m = 0; m < 2; m++) {
		uint16_t machine = m ? ELF_EM_68K : ELF_EM_386;

		for (unsigned i = 0; i < sizeof vaddr / sizeof vaddr[0]; i++) {
			struct elf_fixture f;
			struct elf_info info;
			struct elf_error why;
			size_t n;

			elf_fixture_default(&f, machine, 0x40100000u);
			f.phdr[1].vaddr = vaddr[i];
			f.phdr[1].memsz = 0x100000000ull - vaddr[i] > 0x800 ? 0x800 : 0x400;
			n = elf_fixture_build(&f, buf, sizeof buf);
			ck_assert_uint_gt(n, 0);
			if (elf_check(buf, n, machine, &info, &why) != ELF_OK) {
				ck_assert_int_eq(why.code, ELF_E_SEG_WRAP);
				continue;
			}
			for (uint32_t s = 0; s < info.nload; s++)
				ck_assert_uint_le((uint64_t)info.load[s].vaddr + info.load[s].memsz,
						  elf_span_high(&info));
		}
	}
}
END_TEST

Suite *fuzz_regress_suite(void)
{
	Suite *s = suite_create("fuzz_regress");
	TCase *tc = tcase_create("found");

	tcase_add_test(tc, fuzz_regress_elf_segment_in_the_last_page);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fuzz_regress)
