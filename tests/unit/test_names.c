/* Unit tests for the names the kernel prints for its enumerations
 * (capability types, ledger states, process states): every value has one,
 * and a value past the last prints as "?" instead of reading past a table. */
#include <check.h>
#include <string.h>

#include <kernel/cap.h>
#include <kernel/ledger.h>
#include <kernel/proc.h>

#include "unit.h"

START_TEST(names_cover_every_value)
{
	for (unsigned t = 0; t < CT_COUNT; t++) {
		ck_assert_ptr_nonnull(cap_type_name(t));
		ck_assert_str_ne(cap_type_name(t), "?");
	}
	for (unsigned s = 0; s <= LEDGER_ABSENT; s++) {
		ck_assert_ptr_nonnull(ledger_state_name(s));
		ck_assert_str_ne(ledger_state_name(s), "?");
	}
	ck_assert_str_eq(ledger_state_name(LEDGER_BANKED), "banked");
	ck_assert_str_eq(proc_state_name(PS_RECV), "recv");
}
END_TEST

START_TEST(names_past_the_last)
{
	ck_assert_str_eq(cap_type_name(CT_COUNT), "?");
	ck_assert_str_eq(cap_type_name(~0u), "?");
	ck_assert_str_eq(ledger_state_name(LEDGER_ABSENT + 1), "?");
	ck_assert_str_eq(proc_state_name(~0u), "?");
}
END_TEST

Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, names_cover_every_value);
	tcase_add_test(tc, names_past_the_last);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(names)
