/* Unit tests of the formatter (lib/fmt.c). */
#include <stdio.h>
#include <string.h>

#include <lib/fmt.h>

#include "unit.h"

/* Compares the kernel formatter with the host C library on the same inputs. */
#define SAME_AS_LIBC(...)                                               \
	do {                                                            \
		char ours[128], libc[128];                              \
		int n1 = fmt_snprintf(ours, sizeof(ours), __VA_ARGS__); \
		int n2 = snprintf(libc, sizeof(libc), __VA_ARGS__);     \
		ck_assert_str_eq(ours, libc);                           \
		ck_assert_int_eq(n1, n2);                               \
	} while (0)

START_TEST(test_fmt_integers)
{
	SAME_AS_LIBC("%d|%i|%u", 0, -1, 4000000000u);
	SAME_AS_LIBC("%d|%d", 2147483647, (int)-2147483647 - 1);
	SAME_AS_LIBC("%x|%X|%x", 0u, 0xabcdefu, 0xffffffffu);
	SAME_AS_LIBC("%ld|%lu|%lx", -5L, 5UL, 0x5aUL);
}
END_TEST

START_TEST(test_fmt_widths_and_flags)
{
	SAME_AS_LIBC("[%5d][%-5d][%05d]", 42, 42, 42);
	SAME_AS_LIBC("[%5d][%-5d][%05d]", -42, -42, -42);
	SAME_AS_LIBC("[%08x][%-8x][%2x]", 0xbeefu, 0xbeefu, 0xbeefu);
	SAME_AS_LIBC("[%10s][%-10s][%1s]", "abc", "abc", "abc");
	SAME_AS_LIBC("[%3c][%-3c]", 'q', 'q');
	SAME_AS_LIBC("100%%");
}
END_TEST

START_TEST(test_fmt_64bit)
{
	static const unsigned long long vals[] = { 0,
						   1,
						   9,
						   10,
						   4294967295ull,
						   4294967296ull,
						   1000000000000ull,
						   0x8000000000000000ull,
						   0xffffffffffffffffull };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		SAME_AS_LIBC("%llu %llx %llX %020llu", vals[i], vals[i], vals[i], vals[i]);
		SAME_AS_LIBC("%lld", (long long)vals[i]);
	}
}
END_TEST

START_TEST(test_fmt_pointer)
{
	char buf[32];
	void *p = (void *)(uintptr_t)0x1234;

	fmt_snprintf(buf, sizeof(buf), "%p", p);
	/* Fixed width: 0x then two digits per pointer byte. */
	ck_assert_uint_eq(strlen(buf), 2 + 2 * sizeof(void *));
	ck_assert_str_eq(buf + strlen(buf) - 4, "1234");
	ck_assert(strncmp(buf, "0x", 2) == 0);
}
END_TEST

START_TEST(test_fmt_truncation)
{
	char buf[8];

	memset(buf, 'z', sizeof(buf));
	ck_assert_int_eq(fmt_snprintf(buf, 4, "%s", "abcdef"), 6);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(buf[4], 'z');
	ck_assert_int_eq(fmt_snprintf(buf, 0, "%d", 12345), 5);
	ck_assert_int_eq(buf[0], 'a');
	ck_assert_int_eq(fmt_snprintf(buf, 1, "%d", 1), 1);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_fmt_null_string_and_unknown)
{
	/* Through a pointer, so the compiler's format check lets bad formats pass. */
	int (*unchecked)(char *, size_t, const char *, ...) = fmt_snprintf;
	const char *volatile none = NULL;
	char buf[32];

	unchecked(buf, sizeof(buf), "%s", none);
	ck_assert_str_eq(buf, "(null)");
	/* A conversion the formatter does not know is shown, not consumed. */
	unchecked(buf, sizeof(buf), "a%qb");
	ck_assert_str_eq(buf, "a%qb");
	unchecked(buf, sizeof(buf), "trail%");
	ck_assert_str_eq(buf, "trail");
}
END_TEST

Suite *fmt_suite(void)
{
	Suite *s = suite_create("fmt");
	TCase *tc = tcase_create("fmt");

	tcase_add_test(tc, test_fmt_integers);
	tcase_add_test(tc, test_fmt_widths_and_flags);
	tcase_add_test(tc, test_fmt_64bit);
	tcase_add_test(tc, test_fmt_pointer);
	tcase_add_test(tc, test_fmt_truncation);
	tcase_add_test(tc, test_fmt_null_string_and_unknown);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fmt)
