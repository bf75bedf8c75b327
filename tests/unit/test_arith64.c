/* Unit tests for the ColdFire 64-bit arithmetic helpers
 * (arch/coldfire/arith64.c), checked against the host's native operators. */
#include <stdint.h>

#include "../../arch/coldfire/arith64.h"
#include "unit.h"

/* Fixed seed: a failure reproduces exactly. */
#define RANDOM_SEED 0x243f6a8885a308d3ull
#define RANDOM_PAIRS 300000

static const uint64_t edge_values[] = {
	0,
	1,
	2,
	3,
	7,
	10,
	0xffff,
	0x10000,
	0x10001,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000ull,
	0x100000001ull,
	0x1ffffffffull,
	0xffff0000ffffull,
	0x0000ffffffff0000ull,
	0x123456789abcdefull,
	0x7fffffffffffffffull,
	0x8000000000000000ull,
	0x8000000000000001ull,
	0xfffffffe00000001ull,
	0xfffffffeffffffffull,
	0xffffffff00000000ull,
	0xfffffffffffffffeull,
	0xffffffffffffffffull,
};

static uint64_t rnd_state;

static uint64_t rnd_next(void)
{
	/* xorshift64* */
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545f4914f6cdd1dull;
}

/* Check reports every passing ck_assert to its parent process: the loops
 * below only call it on a failure. */

/* Random values of random bit length, so that small divisors, 32-bit
 * operands and every quotient width are all common. */
static uint64_t rnd_value(void)
{
	uint64_t v = rnd_next();

	return v >> (rnd_next() % 64);
}

static void check_unsigned(uint64_t a, uint64_t b)
{
	uint64_t r = 0xdeadbeef;

	if (arith64_mul(a, b) != a * b)
		ck_abort_msg("mul %#llx * %#llx", (unsigned long long)a, (unsigned long long)b);
	if (b == 0)
		return;
	if (arith64_udivmod(a, b, &r) != a / b || r != a % b ||
	    arith64_udivmod(a, b, NULL) != a / b)
		ck_abort_msg("udivmod %#llx / %#llx", (unsigned long long)a, (unsigned long long)b);
}

static void check_signed(int64_t a, int64_t b)
{
	int64_t r = 0x5a5a;

	if (b == 0 || (a == INT64_MIN && b == -1))
		return;
	if (arith64_sdivmod(a, b, &r) != a / b || r != a % b ||
	    arith64_sdivmod(a, b, NULL) != a / b)
		ck_abort_msg("sdivmod %lld / %lld", (long long)a, (long long)b);
}

static void check_shifts(uint64_t v, unsigned count)
{
	int64_t sv = (int64_t)v;

	if (arith64_shl(v, count) != v << count || arith64_lshr(v, count) != v >> count ||
	    arith64_ashr(sv, count) != sv >> count)
		ck_abort_msg("shifts of %#llx by %u", (unsigned long long)v, count);
}

static void check_bits(uint64_t v)
{
	if (arith64_popcount(v) != (unsigned)__builtin_popcountll(v) ||
	    arith64_bswap(v) != __builtin_bswap64(v) ||
	    arith64_bswap32((uint32_t)v) != __builtin_bswap32((uint32_t)v) ||
	    (v && arith64_clz(v) != (unsigned)__builtin_clzll(v)) ||
	    (v && arith64_ctz(v) != (unsigned)__builtin_ctzll(v)))
		ck_abort_msg("bit operations on %#llx", (unsigned long long)v);
}

START_TEST(arith64_edge_pairs)
{
	for (size_t i = 0; i < sizeof(edge_values) / sizeof(edge_values[0]); i++) {
		for (size_t j = 0; j < sizeof(edge_values) / sizeof(edge_values[0]); j++) {
			uint64_t a = edge_values[i], b = edge_values[j];

			check_unsigned(a, b);
			check_signed((int64_t)a, (int64_t)b);
			check_signed(-(int64_t)(a >> 1), (int64_t)b);
		}
	}
}
END_TEST

START_TEST(arith64_powers_of_two)
{
	for (unsigned i = 0; i < 64; i++) {
		for (unsigned j = 0; j < 64; j++) {
			uint64_t a = 1ull << i, b = 1ull << j;

			check_unsigned(a, b);
			check_unsigned(a - 1, b);
			check_unsigned(a + 1, b);
			check_unsigned(a, b - 1 ? b - 1 : 1);
			check_unsigned(~0ull, b);
			check_signed(-(int64_t)(a >> 1), (int64_t)(b - 1));
		}
	}
}
END_TEST

START_TEST(arith64_divisor_larger)
{
	uint64_t r;

	ck_assert_uint_eq(arith64_udivmod(5, 7, &r), 0);
	ck_assert_uint_eq(r, 5);
	ck_assert_uint_eq(arith64_udivmod(0xffffffffull, 0x100000000ull, &r), 0);
	ck_assert_uint_eq(r, 0xffffffffull);
	ck_assert_uint_eq(arith64_udivmod(UINT64_MAX - 1, UINT64_MAX, &r), 0);
	ck_assert_uint_eq(r, UINT64_MAX - 1);
	ck_assert_uint_eq(arith64_udivmod(UINT64_MAX, UINT64_MAX, &r), 1);
	ck_assert_uint_eq(r, 0);
}
END_TEST

START_TEST(arith64_signed_cases)
{
	int64_t r;

	ck_assert_int_eq(arith64_sdivmod(-7, 2, &r), -3);
	ck_assert_int_eq(r, -1);
	ck_assert_int_eq(arith64_sdivmod(7, -2, &r), -3);
	ck_assert_int_eq(r, 1);
	ck_assert_int_eq(arith64_sdivmod(-7, -2, &r), 3);
	ck_assert_int_eq(r, -1);
	ck_assert_int_eq(arith64_sdivmod(INT64_MIN, 1, &r), INT64_MIN);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(arith64_sdivmod(INT64_MIN, 2, &r), INT64_MIN / 2);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(arith64_sdivmod(INT64_MIN, INT64_MAX, &r), -1);
	ck_assert_int_eq(r, -1);
	ck_assert_int_eq(arith64_sdivmod(INT64_MAX, INT64_MIN, &r), 0);
	ck_assert_int_eq(r, INT64_MAX);
	ck_assert_int_eq(arith64_sdivmod(INT64_MIN, INT64_MIN, &r), 1);
	ck_assert_int_eq(r, 0);
}
END_TEST

/* Results C leaves undefined, as arith64.h defines them. */
START_TEST(arith64_defined_results)
{
	uint64_t ur;
	int64_t sr;

	ck_assert_uint_eq(arith64_udivmod(12345, 0, &ur), UINT64_MAX);
	ck_assert_uint_eq(ur, 12345);
	ck_assert_uint_eq(arith64_udivmod(0, 0, &ur), UINT64_MAX);
	ck_assert_uint_eq(ur, 0);
	ck_assert_int_eq(arith64_sdivmod(-5, 0, &sr), -1);
	ck_assert_int_eq(sr, -5);
	ck_assert_int_eq(arith64_sdivmod(INT64_MIN, -1, &sr), INT64_MIN);
	ck_assert_int_eq(sr, 0);
	ck_assert_uint_eq(arith64_shl(1, 64), 0);
	ck_assert_uint_eq(arith64_shl(1, 1000), 0);
	ck_assert_uint_eq(arith64_lshr(UINT64_MAX, 64), 0);
	ck_assert_int_eq(arith64_ashr(-1, 64), -1);
	ck_assert_int_eq(arith64_ashr(INT64_MIN, 200), -1);
	ck_assert_int_eq(arith64_ashr(INT64_MAX, 64), 0);
	ck_assert_uint_eq(arith64_clz(0), 64);
	ck_assert_uint_eq(arith64_ctz(0), 64);
}
END_TEST

START_TEST(arith64_mul32_full_product)
{
	ck_assert_uint_eq(arith64_mul32(0xffffffffu, 0xffffffffu), 0xfffffffe00000001ull);
	ck_assert_uint_eq(arith64_mul32(0x10000u, 0x10000u), 0x100000000ull);
	ck_assert_uint_eq(arith64_mul32(0, 0xffffffffu), 0);
	rnd_state = RANDOM_SEED;
	for (unsigned i = 0; i < RANDOM_PAIRS; i++) {
		uint32_t a = (uint32_t)rnd_value(), b = (uint32_t)rnd_next();

		if (arith64_mul32(a, b) != (uint64_t)a * b)
			ck_abort_msg("mul32 %#x * %#x", a, b);
	}
}
END_TEST

START_TEST(arith64_shifts_and_bits)
{
	for (size_t i = 0; i < sizeof(edge_values) / sizeof(edge_values[0]); i++) {
		for (unsigned c = 0; c < 64; c++)
			check_shifts(edge_values[i], c);
		check_bits(edge_values[i]);
	}
	rnd_state = RANDOM_SEED;
	for (unsigned i = 0; i < RANDOM_PAIRS; i++) {
		uint64_t v = rnd_next();

		check_shifts(v, (unsigned)(rnd_next() % 64));
		check_bits(rnd_value());
	}
}
END_TEST

START_TEST(arith64_random_pairs)
{
	rnd_state = RANDOM_SEED;
	for (unsigned i = 0; i < RANDOM_PAIRS; i++) {
		uint64_t a = rnd_value(), b = rnd_value();

		check_unsigned(a, b);
		check_signed((int64_t)a, (int64_t)b);
		check_signed((int64_t)rnd_next(), (int64_t)rnd_value());
		check_signed(-(int64_t)(a >> 1), -(int64_t)(b >> 1));
	}
}
END_TEST

/* n = q * d + r built from its parts: remainders just below the divisor and
 * divisors near powers of two are where a quotient estimate needs correcting. */
START_TEST(arith64_constructed_quotients)
{
	rnd_state = RANDOM_SEED ^ 1;
	for (unsigned i = 0; i < RANDOM_PAIRS; i++) {
		uint64_t d = rnd_value(), q = rnd_value(), r, n;

		if (i % 4 == 0)
			d = (1ull << (rnd_next() % 64)) + (rnd_next() % 5) - 2;
		if (d == 0)
			d = 1;
		r = i % 2 ? d - 1 - rnd_next() % (d < 8 ? d : 8) : rnd_next() % d;
		if (q != 0 && d > (UINT64_MAX - r) / q)
			q = (UINT64_MAX - r) / d;
		n = q * d + r;
		check_unsigned(n, d);
		check_unsigned(n, d + 1);
		if (n)
			check_unsigned(n - 1, d);
	}
}
END_TEST

Suite *arith64_suite(void)
{
	Suite *s = suite_create("arith64");
	TCase *edge = tcase_create("edge");
	TCase *random = tcase_create("random");

	tcase_add_test(edge, arith64_edge_pairs);
	tcase_add_test(edge, arith64_powers_of_two);
	tcase_add_test(edge, arith64_divisor_larger);
	tcase_add_test(edge, arith64_signed_cases);
	tcase_add_test(edge, arith64_defined_results);
	suite_add_tcase(s, edge);

	/* Sanitizer builds are several times slower than plain ones. */
	tcase_set_timeout(random, 60);
	tcase_add_test(random, arith64_mul32_full_product);
	tcase_add_test(random, arith64_shifts_and_bits);
	tcase_add_test(random, arith64_random_pairs);
	tcase_add_test(random, arith64_constructed_quotients);
	suite_add_tcase(s, random);
	return s;
}

UNIT_SUITE(arith64)
