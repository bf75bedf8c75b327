/* Unit tests for the ktest runner and the trap hook (kernel/debug/ktest.c,
 * kernel/debug/trap_hook.c). The runner sees the KTESTs linked into the
 * unit tests: test_boot_main.c's unit_boot_passes and unit_boot_fails. */
#include <check.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/ktest.h>
#include <kernel/trap_hook.h>

#include "kstub.h"
#include "unit.h"

START_TEST(ktest_all_when_no_pattern)
{
	kstub_reset();
	ck_assert_uint_eq(ktest_run(NULL), 1);
	ck_assert_ptr_nonnull(strstr(host_console, "ktest unit_boot_passes ok\n"));
	ck_assert_ptr_nonnull(strstr(host_console, "ktest unit_boot_fails FAIL "));
	ck_assert_ptr_nonnull(strstr(host_console, "ktest: 1 passed, 1 failed\n"));
	kstub_reset();
	ck_assert_uint_eq(ktest_run("nothing*"), 1);
	ck_assert_ptr_nonnull(strstr(host_console, "no test matches 'nothing*'"));
}
END_TEST

START_TEST(ktest_strings)
{
	ck_assert(ktest_streq(NULL, NULL));
	ck_assert(!ktest_streq(NULL, "a"));
	ck_assert(!ktest_streq("a", NULL));
	ck_assert(ktest_streq("abc", "abc"));
	ck_assert(!ktest_streq("abc", "abd"));
	ck_assert(!ktest_streq("ab", "abc"));
}
END_TEST

START_TEST(ktest_reason_bounded)
{
	char longer[400];
	const char *why;

	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = 0;
	why = ktest_fail("f.c", 12, "%s", longer);
	ck_assert_ptr_eq(strstr(why, "f.c:12: xxx"), why);
	ck_assert_uint_lt(strlen(why), sizeof(longer));
	ck_assert_uint_gt(strlen(why), 100);
	/* a file name that fills the buffer leaves no room, and no overflow */
	why = ktest_fail(longer, 1, "tail");
	ck_assert_ptr_null(strstr(why, "tail"));
	ck_assert_uint_lt(strlen(why), sizeof(longer));
}
END_TEST

static unsigned hook_vector;
static uintptr_t hook_pc;

static bool hook_take(unsigned vector, uintptr_t pc, void *ctx)
{
	hook_vector = vector;
	hook_pc = pc;
	return ctx != NULL;
}

START_TEST(trap_hook_catches)
{
	int ctx;

	ck_assert(!trap_hook_call(6, 0x1000)); /* none set: the trap is the kernel's */
	trap_hook_set(hook_take, &ctx);
	ck_assert(trap_hook_call(6, 0x1234));
	ck_assert_uint_eq(hook_vector, 6);
	ck_assert_uint_eq(hook_pc, 0x1234);
	trap_hook_set(hook_take, NULL); /* a hook may decline */
	ck_assert(!trap_hook_call(14, 0x99));
	ck_assert_uint_eq(hook_vector, 14);
	trap_hook_set(NULL, NULL);
	ck_assert(!trap_hook_call(3, 0));
	ck_assert_uint_eq(hook_vector, 14);
}
END_TEST

Suite *ktest_suite(void)
{
	Suite *s = suite_create("ktest");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ktest_all_when_no_pattern);
	tcase_add_test(tc, ktest_strings);
	tcase_add_test(tc, ktest_reason_bounded);
	tcase_add_test(tc, trap_hook_catches);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(ktest)
