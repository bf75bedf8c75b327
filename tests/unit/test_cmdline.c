/* Unit tests of the command line parser (kernel/boot/cmdline.c). */
#include <string.h>

#include <kernel/cmdline.h>

#include "unit.h"

static struct cmdline c;

START_TEST(test_cmdline_empty)
{
	ck_assert_int_eq(cmdline_parse(&c, ""), ERR_OK);
	ck_assert_uint_eq(c.count, 0);
	ck_assert_int_eq(cmdline_parse(&c, NULL), ERR_OK);
	ck_assert_uint_eq(c.count, 0);
	ck_assert_int_eq(cmdline_parse(&c, "   \t  "), ERR_OK);
	ck_assert_uint_eq(c.count, 0);
	ck_assert(!cmdline_has(&c, "ktest"));
	ck_assert_ptr_null(cmdline_get(&c, "ktest"));
}
END_TEST

START_TEST(test_cmdline_qemu_path_skipped)
{
	ck_assert_int_eq(cmdline_parse(&c, "build/i386/arroyo.elf ktest=fmt_* idle"), ERR_OK);
	ck_assert_str_eq(c.path, "build/i386/arroyo.elf");
	ck_assert_uint_eq(c.count, 2);
	ck_assert_str_eq(cmdline_get(&c, "ktest"), "fmt_*");
	ck_assert(cmdline_has(&c, "idle"));
	ck_assert_ptr_null(cmdline_get(&c, "idle"));
}
END_TEST

START_TEST(test_cmdline_grub_no_path)
{
	/* GRUB passes only the arguments: the first token is a real argument. */
	ck_assert_int_eq(cmdline_parse(&c, "ktest reserve=auto"), ERR_OK);
	ck_assert_ptr_null(c.path);
	ck_assert_uint_eq(c.count, 2);
	ck_assert_str_eq(c.args[0].key, "ktest");
	/* A first token with '=' is an argument even when its value has a slash. */
	ck_assert_int_eq(cmdline_parse(&c, "root=/dev/x"), ERR_OK);
	ck_assert_ptr_null(c.path);
	ck_assert_str_eq(cmdline_get(&c, "root"), "/dev/x");
}
END_TEST

START_TEST(test_cmdline_last_wins_and_empty_value)
{
	ck_assert_int_eq(cmdline_parse(&c, "a=1 b= a=2"), ERR_OK);
	ck_assert_str_eq(cmdline_get(&c, "a"), "2");
	ck_assert_str_eq(cmdline_get(&c, "b"), "");
	ck_assert_int_eq(cmdline_parse(&c, "k=v=w"), ERR_OK);
	ck_assert_str_eq(cmdline_get(&c, "k"), "v=w");
}
END_TEST

START_TEST(test_cmdline_limits)
{
	char long_line[CMDLINE_MAX_LEN + 8];
	char many[CMDLINE_MAX_ARGS * 2 + 4];

	memset(long_line, 'x', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	ck_assert_int_eq(cmdline_parse(&c, long_line), ERR_RANGE);

	/* Exactly the maximum number of arguments parses; one more does not. */
	for (int i = 0; i < CMDLINE_MAX_ARGS; i++) {
		many[2 * i] = 'a';
		many[2 * i + 1] = ' ';
	}
	many[2 * CMDLINE_MAX_ARGS] = '\0';
	ck_assert_int_eq(cmdline_parse(&c, many), ERR_OK);
	ck_assert_uint_eq(c.count, CMDLINE_MAX_ARGS);
	strcat(many, "b");
	ck_assert_int_eq(cmdline_parse(&c, many), ERR_FULL);
	ck_assert_int_eq(cmdline_parse(&c, "ok =x"), ERR_INVAL);
}
END_TEST

START_TEST(test_cmdline_numbers)
{
	uint64_t v = 7;

	ck_assert_int_eq(cmdline_parse(&c, "d=123 h=0xFfFf z=0 max=18446744073709551615 "
					   "over=18446744073709551616 hexover=0x10000000000000000 "
					   "bad=12a neg=-1 hx=0x empty="),
			 ERR_OK);
	ck_assert_int_eq(cmdline_get_u64(&c, "d", &v), ERR_OK);
	ck_assert_uint_eq(v, 123);
	ck_assert_int_eq(cmdline_get_u64(&c, "h", &v), ERR_OK);
	ck_assert_uint_eq(v, 0xffff);
	ck_assert_int_eq(cmdline_get_u64(&c, "z", &v), ERR_OK);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(cmdline_get_u64(&c, "max", &v), ERR_OK);
	ck_assert_uint_eq(v, UINT64_MAX);
	v = 7;
	ck_assert_int_eq(cmdline_get_u64(&c, "over", &v), ERR_INVAL);
	ck_assert_int_eq(cmdline_get_u64(&c, "hexover", &v), ERR_INVAL);
	ck_assert_int_eq(cmdline_get_u64(&c, "bad", &v), ERR_INVAL);
	ck_assert_int_eq(cmdline_get_u64(&c, "neg", &v), ERR_INVAL);
	ck_assert_int_eq(cmdline_get_u64(&c, "hx", &v), ERR_INVAL);
	ck_assert_int_eq(cmdline_get_u64(&c, "empty", &v), ERR_INVAL);
	ck_assert_int_eq(cmdline_get_u64(&c, "absent", &v), ERR_NOTFOUND);
	ck_assert_uint_eq(v, 7); /* failures leave the output alone */
}
END_TEST

Suite *cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("cmdline");

	tcase_add_test(tc, test_cmdline_empty);
	tcase_add_test(tc, test_cmdline_qemu_path_skipped);
	tcase_add_test(tc, test_cmdline_grub_no_path);
	tcase_add_test(tc, test_cmdline_last_wins_and_empty_value);
	tcase_add_test(tc, test_cmdline_limits);
	tcase_add_test(tc, test_cmdline_numbers);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(cmdline)
