/* The 64-bit helpers as the kernel really reaches them: through gcc's calls
 * to __udivdi3 and friends. Operands pass through volatiles so that nothing
 * is folded at compile time. The host unit tests cover the same code far
 * more thoroughly (tests/unit/test_arith64.c); these prove the link. */
#include <kernel/ktest.h>

#include "../arith64.h"

struct arith64_ucase {
	uint64_t a, b, quot, rem, prod;
};

struct arith64_scase {
	int64_t a, b, quot, rem;
};

/* Expected values computed independently (Python big integers). */
static const struct arith64_ucase arith64_ucases[] = {
	{ 0x0ull, 0x1ull, 0x0ull, 0x0ull, 0x0ull },
	{ 0x1ull, 0x1ull, 0x1ull, 0x0ull, 0x1ull },
	{ 0x7ull, 0x3ull, 0x2ull, 0x1ull, 0x15ull },
	{ 0xffffffffffffffffull, 0x1ull, 0xffffffffffffffffull, 0x0ull, 0xffffffffffffffffull },
	{ 0xffffffffffffffffull, 0xffffffffffffffffull, 0x1ull, 0x0ull, 0x1ull },
	{ 0xffffffffffffffffull, 0x100000000ull, 0xffffffffull, 0xffffffffull,
	  0xffffffff00000000ull },
	{ 0xffffffffffffffffull, 0xffffffffull, 0x100000001ull, 0x0ull, 0xffffffff00000001ull },
	{ 0x123456789abcdef0ull, 0x10ull, 0x123456789abcdefull, 0x0ull, 0x23456789abcdef00ull },
	{ 0x123456789abcdef0ull, 0xfedcba98ull, 0x12492492ull, 0x51451440ull,
	  0xcf13578ad05ebe80ull },
	{ 0x123456789abcdef0ull, 0x123456789ull, 0x10000000ull, 0xabcdef0ull,
	  0x3333331fb375de70ull },
	{ 0x8000000000000000ull, 0x7fffffffffffffffull, 0x1ull, 0x1ull, 0x8000000000000000ull },
	{ 0x5ull, 0x100000000ull, 0x0ull, 0x5ull, 0x500000000ull },
	{ 0xfffffffe00000001ull, 0xffffffffull, 0xffffffffull, 0x0ull, 0x2ffffffffull },
	{ 0x1000000000000000ull, 0x10001ull, 0xffff0000fffull, 0xf001ull, 0x1000000000000000ull },
	{ 0xdeadbeefcafebabeull, 0x8000000080000001ull, 0x1ull, 0x5eadbeef4afebabdull,
	  0xc42d1c4ecafebabeull },
	{ 0xffffffffull, 0x10000ull, 0xffffull, 0xffffull, 0xffffffff0000ull },
	{ 0x8ac7230489e80000ull, 0x3b9aca00ull, 0x2540be400ull, 0x0ull, 0x3e25026110000000ull },
	{ 0x7fffffffffffffffull, 0x3ull, 0x2aaaaaaaaaaaaaaaull, 0x1ull, 0x7ffffffffffffffdull },
};

static const struct arith64_scase arith64_scases[] = {
	{ -7, 2, -3, -1 },
	{ 7, -2, -3, 1 },
	{ -7, -2, 3, -1 },
	{ INT64_MIN, 1, INT64_MIN, 0 },
	{ INT64_MIN, 2, -4611686018427387904, 0 },
	{ INT64_MIN, INT64_MAX, -1, -1 },
	{ INT64_MAX, INT64_MIN, 0, INT64_MAX },
	{ -1, 4294967296, 0, -1 },
	{ -1000000000000000000, -3, 333333333333333333, -1 },
	{ -81985529216486895, 19088743, -4294967417, -64 },
	{ 1000000000000000007, -1000000000, -1000000000, 7 },
};

KTEST(coldfire_arith64_unsigned)
{
	for (unsigned i = 0; i < ARRAY_SIZE(arith64_ucases); i++) {
		const struct arith64_ucase *c = &arith64_ucases[i];
		volatile uint64_t a = c->a, b = c->b;

		if (a / b != c->quot || a % b != c->rem || a * b != c->prod)
			KT_FAIL("case %u: 0x%llx, 0x%llx", i, (unsigned long long)c->a,
				(unsigned long long)c->b);
	}
	return KTEST_OK;
}

KTEST(coldfire_arith64_signed)
{
	for (unsigned i = 0; i < ARRAY_SIZE(arith64_scases); i++) {
		const struct arith64_scase *c = &arith64_scases[i];
		volatile int64_t a = c->a, b = c->b;

		if (a / b != c->quot || a % b != c->rem)
			KT_FAIL("case %u: %lld, %lld", i, (long long)c->a, (long long)c->b);
	}
	return KTEST_OK;
}

KTEST(coldfire_arith64_shifts)
{
	volatile uint64_t v = 0x8123456789abcdefull;
	volatile int64_t s = (int64_t)0x8123456789abcdefull;
	volatile unsigned n;

	n = 0;
	KT_EQ(v << n, 0x8123456789abcdefull);
	n = 4;
	KT_EQ(v << n, 0x123456789abcdef0ull);
	KT_EQ(v >> n, 0x08123456789abcdeull);
	KT_EQ(s >> n, 0xf8123456789abcdeull);
	n = 36;
	KT_EQ(v << n, 0x9abcdef000000000ull);
	KT_EQ(v >> n, 0x0000000008123456ull);
	KT_EQ(s >> n, 0xfffffffff8123456ull);
	n = 62;
	KT_EQ(v >> n, 2);
	KT_EQ(s >> n, 0xfffffffffffffffeull);
	return KTEST_OK;
}

/* The defined results arith64.h promises where C promises none. */
KTEST(coldfire_arith64_defined_results)
{
	uint64_t ur;
	int64_t sr;

	KT_EQ(arith64_udivmod(42, 0, &ur), UINT64_MAX);
	KT_EQ(ur, 42);
	KT_EQ(arith64_sdivmod(-42, 0, &sr), -1);
	KT_EQ(sr, -42);
	KT_EQ(arith64_sdivmod(INT64_MIN, -1, &sr), INT64_MIN);
	KT_EQ(sr, 0);
	return KTEST_OK;
}

/* q * d + r == n and r < d for pseudo-random operands of every width. */
KTEST(coldfire_arith64_consistency)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;

	for (unsigned i = 0; i < 2000; i++) {
		volatile uint64_t n, d;
		uint64_t q, r;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		n = x;
		d = (x >> (i % 64)) | 1;
		q = n / d;
		r = n % d;
		if (q * d + r != n || r >= d)
			KT_FAIL("0x%llx / 0x%llx gave 0x%llx rem 0x%llx", (unsigned long long)n,
				(unsigned long long)d, (unsigned long long)q,
				(unsigned long long)r);
	}
	return KTEST_OK;
}
