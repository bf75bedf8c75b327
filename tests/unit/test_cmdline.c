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

static const char *refusal(const char *line)
{
	ck_assert_int_eq(cmdline_parse(&c, line), ERR_OK);
	ck_assert_uint_eq(c.count, 1);
	return cmdline_refusal(&c.args[0], cmdline_kernel_args, cmdline_kernel_nargs);
}

/* Every argument the kernel takes, in each form it takes, is accepted. */
START_TEST(test_cmdline_known_accepted)
{
	static const char *const good[] = {
		"ktest",	   "ktest=fmt_*",  "ktest=a,b", "reserve=auto",
		"reserve=0",	   "reserve=0x80", "idle",	"image=0x40800000",
		"crash=pagefault", "crash=triple", "crash=ud2", "crash=divide",
	};

	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(refusal(good[i]) == NULL, "%s: %s", good[i], refusal(good[i]));
}
END_TEST

/* Unknown words and bad values are refused with a reason; `idle=2` is a bad
 * value of idle, not idle. */
START_TEST(test_cmdline_typos_refused)
{
	ck_assert_str_eq(refusal("frobnicate=1"), "unknown argument");
	ck_assert_str_eq(refusal("frobnicate"), "unknown argument");
	ck_assert_str_eq(refusal("ktests"), "unknown argument");
	ck_assert_str_eq(refusal("Idle"), "unknown argument");
	ck_assert_str_eq(refusal("idle=2"), "takes no value");
	ck_assert_str_eq(refusal("idle="), "takes no value");
	ck_assert_str_eq(refusal("ktest="), "has an empty value");
	ck_assert_str_eq(refusal("reserve"), "needs a value");
	ck_assert_str_eq(refusal("reserve=lots"), "is neither a number nor a word it takes");
	ck_assert_str_eq(refusal("reserve=aut"), "is neither a number nor a word it takes");
	ck_assert_str_eq(refusal("reserve=autoo"), "is neither a number nor a word it takes");
	ck_assert_str_eq(refusal("image=here"), "is not a number");
	ck_assert_str_eq(refusal("crash=page"), "is not a word it takes");
	ck_assert_str_eq(refusal("crash="), "is not a word it takes");
	ck_assert_str_eq(refusal("crash"), "needs a value");
}
END_TEST

/* Dropping refused arguments leaves the others in order, so the kernel acts
 * only on what it takes. */
START_TEST(test_cmdline_drop)
{
	ck_assert_int_eq(cmdline_parse(&c, "frobnicate=1 ktest idle=2 reserve=auto x"), ERR_OK);
	for (unsigned i = 0; i < c.count;) {
		if (cmdline_refusal(&c.args[i], cmdline_kernel_args, cmdline_kernel_nargs))
			cmdline_drop(&c, i);
		else
			i++;
	}
	ck_assert_uint_eq(c.count, 2);
	ck_assert_str_eq(c.args[0].key, "ktest");
	ck_assert_str_eq(c.args[1].key, "reserve");
	ck_assert(!cmdline_has(&c, "idle"));
	cmdline_drop(&c, 5); /* out of range: nothing happens */
	ck_assert_uint_eq(c.count, 2);
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
	tcase_add_test(tc, test_cmdline_known_accepted);
	tcase_add_test(tc, test_cmdline_typos_refused);
	tcase_add_test(tc, test_cmdline_drop);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(cmdline)
