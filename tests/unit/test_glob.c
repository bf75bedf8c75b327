/* Unit tests of glob matching (lib/glob.c). */
#include <lib/glob.h>

#include "unit.h"

START_TEST(test_glob_literal_and_wildcards)
{
	ck_assert(glob_match("abc", "abc"));
	ck_assert(!glob_match("abc", "abcd"));
	ck_assert(!glob_match("abcd", "abc"));
	ck_assert(glob_match("*", ""));
	ck_assert(glob_match("*", "anything"));
	ck_assert(glob_match("a*c", "abbbc"));
	ck_assert(glob_match("a*c", "ac"));
	ck_assert(!glob_match("a*c", "abcd"));
	ck_assert(glob_match("?b?", "abc"));
	ck_assert(!glob_match("?", ""));
	ck_assert(glob_match("*a*b*", "xxaxxbxx"));
	ck_assert(!glob_match("*a*b*", "xxbxxaxx"));
}
END_TEST

START_TEST(test_glob_alternatives)
{
	ck_assert(glob_match("fmt_*,timer_*", "timer_ticks"));
	ck_assert(glob_match("fmt_*,timer_*", "fmt_widths"));
	ck_assert(!glob_match("fmt_*,timer_*", "trap_x"));
	ck_assert(glob_match("a,", ""));
	ck_assert(!glob_match("", "x"));
}
END_TEST

Suite *glob_suite(void)
{
	Suite *s = suite_create("glob");
	TCase *tc = tcase_create("glob");

	tcase_add_test(tc, test_glob_literal_and_wildcards);
	tcase_add_test(tc, test_glob_alternatives);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(glob)
