/* Unit tests of number parsing (lib/parse.c). */
#include <string.h>

#include <lib/parse.h>

#include "unit.h"

static enum err parse(const char *s, uint64_t *v)
{
	return parse_u64(s, strlen(s), v);
}

START_TEST(test_parse_values)
{
	uint64_t v = 0;

	ck_assert_int_eq(parse("0", &v), ERR_OK);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse("4096", &v), ERR_OK);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(parse("0x1000", &v), ERR_OK);
	ck_assert_uint_eq(v, 0x1000);
	ck_assert_int_eq(parse("0XaBcD", &v), ERR_OK);
	ck_assert_uint_eq(v, 0xabcd);
	ck_assert_int_eq(parse("18446744073709551615", &v), ERR_OK);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(parse("0xffffffffffffffff", &v), ERR_OK);
	ck_assert_uint_eq(v, UINT64_MAX);
	/* Only the first len bytes count. */
	ck_assert_int_eq(parse_u64("12x", 2, &v), ERR_OK);
	ck_assert_uint_eq(v, 12);
}
END_TEST

START_TEST(test_parse_refusals)
{
	static const struct {
		const char *s;
		enum err code;
	} bad[] = {
		{ "", ERR_INVAL },
		{ "0x", ERR_INVAL },
		{ "x1", ERR_INVAL },
		{ "-1", ERR_INVAL },
		{ "12a", ERR_INVAL },
		{ "0xfg", ERR_INVAL },
		{ " 1", ERR_INVAL },
		{ "18446744073709551616", ERR_RANGE },
		{ "99999999999999999999", ERR_RANGE },
		{ "0x10000000000000000", ERR_RANGE },
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 7;

		ck_assert_msg(parse(bad[i].s, &v) == bad[i].code, "\"%s\"", bad[i].s);
		ck_assert_uint_eq(v, 7); /* untouched on failure */
	}
}
END_TEST

Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_values);
	tcase_add_test(tc, test_parse_refusals);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(parse)
