/* The formatter as the kernel build compiles it (cross compiler, -O2). */
#include <lib/fmt.h>
#include <kernel/ktest.h>

static char fmt_out[64];

#define FMT_EXPECT(expect, ...)                                      \
	do {                                                         \
		fmt_snprintf(fmt_out, sizeof(fmt_out), __VA_ARGS__); \
		KT_STREQ(fmt_out, expect);                           \
	} while (0)

KTEST(fmt_integers)
{
	FMT_EXPECT("42 -42 0", "%d %d %u", 42, -42, 0u);
	FMT_EXPECT("-2147483648", "%d", (int)0x80000000u);
	FMT_EXPECT("4294967295", "%u", 0xffffffffu);
	FMT_EXPECT("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
	return KTEST_OK;
}

KTEST(fmt_widths)
{
	FMT_EXPECT("[   7][007][7   ]", "[%4d][%03d][%-4d]", 7, 7, 7);
	FMT_EXPECT("[-07]", "[%03d]", -7);
	FMT_EXPECT("[  ab][ab  ]", "[%4s][%-4s]", "ab", "ab");
	FMT_EXPECT("[x]", "[%c]", 'x');
	return KTEST_OK;
}

KTEST(fmt_64bit)
{
	FMT_EXPECT("18446744073709551615", "%llu", 0xffffffffffffffffull);
	FMT_EXPECT("-9223372036854775808", "%lld", (long long)0x8000000000000000ull);
	FMT_EXPECT("0000000123456789a", "%017llx", 0x123456789aull);
	FMT_EXPECT("10000000000", "%llu", 10000000000ull);
	return KTEST_OK;
}

KTEST(fmt_pointer_and_truncation)
{
	char small[6];
	int n;

	FMT_EXPECT("0x0000beef", "%p", (void *)0xbeef);
	n = fmt_snprintf(small, sizeof(small), "%s", "truncated");
	KT_EQ(n, 9);
	KT_STREQ(small, "trunc");
	return KTEST_OK;
}
