/* 64-bit arithmetic built from 32-bit operations (arith64.h).
 *
 * Nothing here may make gcc emit a 64-bit helper call, or the helpers would
 * call themselves: 64-bit values are only added, subtracted, compared,
 * negated and combined bitwise (all inline on ColdFire), and every shift
 * and multiply works on 32-bit halves. */
#include "arith64.h"

#define HALF_BITS 16
#define HALF_MASK 0xffffu
#define HALF_BASE 0x10000u

static inline uint32_t hi32(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

static inline uint32_t lo32(uint64_t v)
{
	return (uint32_t)v;
}

static inline uint64_t make64(uint32_t hi, uint32_t lo)
{
	return (uint64_t)hi << 32 | lo;
}

static unsigned clz32(uint32_t v)
{
	unsigned n = 0;

	if (v == 0)
		return 32;
	if (!(v & 0xffff0000u)) {
		n += 16;
		v <<= 16;
	}
	if (!(v & 0xff000000u)) {
		n += 8;
		v <<= 8;
	}
	if (!(v & 0xf0000000u)) {
		n += 4;
		v <<= 4;
	}
	if (!(v & 0xc0000000u)) {
		n += 2;
		v <<= 2;
	}
	if (!(v & 0x80000000u))
		n += 1;
	return n;
}

static unsigned ctz32(uint32_t v)
{
	return v ? 31 - clz32(v & (0u - v)) : 32;
}

uint64_t arith64_mul32(uint32_t a, uint32_t b)
{
	uint32_t al = a & HALF_MASK, ah = a >> HALF_BITS;
	uint32_t bl = b & HALF_MASK, bh = b >> HALF_BITS;
	uint32_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	/* At most 3 * 0xffff: the carries out of bits 16-31 of the product. */
	uint32_t mid = (ll >> HALF_BITS) + (lh & HALF_MASK) + (hl & HALF_MASK);
	uint32_t lo = (mid << HALF_BITS) | (ll & HALF_MASK);
	uint32_t hi = hh + (lh >> HALF_BITS) + (hl >> HALF_BITS) + (mid >> HALF_BITS);

	return make64(hi, lo);
}

uint64_t arith64_mul(uint64_t a, uint64_t b)
{
	uint64_t p = arith64_mul32(lo32(a), lo32(b));

	return make64(hi32(p) + lo32(a) * hi32(b) + hi32(a) * lo32(b), lo32(p));
}

uint64_t arith64_shl(uint64_t v, unsigned count)
{
	uint32_t hi = hi32(v), lo = lo32(v);

	if (count >= 64)
		return 0;
	if (count >= 32)
		return make64(lo << (count - 32), 0);
	if (count == 0)
		return v;
	return make64(hi << count | lo >> (32 - count), lo << count);
}

uint64_t arith64_lshr(uint64_t v, unsigned count)
{
	uint32_t hi = hi32(v), lo = lo32(v);

	if (count >= 64)
		return 0;
	if (count >= 32)
		return make64(0, hi >> (count - 32));
	if (count == 0)
		return v;
	return make64(hi >> count, lo >> count | hi << (32 - count));
}

int64_t arith64_ashr(int64_t v, unsigned count)
{
	/* Shift the complement of a negative value: no signed shifts needed. */
	if (v < 0)
		return (int64_t)~arith64_lshr(~(uint64_t)v, count);
	return (int64_t)arith64_lshr((uint64_t)v, count);
}

/* (u1:u0) / v for u1 < v, so the quotient fits in 32 bits: Knuth's
 * algorithm D with 16-bit digits, each quotient digit estimated from a
 * 32/16 division and corrected at most twice. */
static uint32_t divlu(uint32_t u1, uint32_t u0, uint32_t v, uint32_t *rem)
{
	unsigned s = clz32(v);
	uint32_t vn1, vn0, un32, un10, un1, un0, un21, q1, q0, rhat;

	v <<= s;
	vn1 = v >> HALF_BITS;
	vn0 = v & HALF_MASK;
	un32 = s ? u1 << s | u0 >> (32 - s) : u1;
	un10 = u0 << s;
	un1 = un10 >> HALF_BITS;
	un0 = un10 & HALF_MASK;

	/* q1 <= 0x10001 here (un32 < v and vn1 >= 0x8000), and the first test
	 * short-circuits before q1 * vn0 could overflow. */
	q1 = un32 / vn1;
	rhat = un32 - q1 * vn1;
	while (q1 >= HALF_BASE || q1 * vn0 > (rhat << HALF_BITS | un1)) {
		q1--;
		rhat += vn1;
		if (rhat >= HALF_BASE)
			break;
	}
	un21 = (un32 << HALF_BITS) + un1 - q1 * v;

	q0 = un21 / vn1;
	rhat = un21 - q0 * vn1;
	while (q0 >= HALF_BASE || q0 * vn0 > (rhat << HALF_BITS | un0)) {
		q0--;
		rhat += vn1;
		if (rhat >= HALF_BASE)
			break;
	}
	*rem = ((un21 << HALF_BITS) + un0 - q0 * v) >> s;
	return q1 << HALF_BITS | q0;
}

/* n / d for d >= 2^32, so the quotient fits in 32 bits: estimate it from the
 * top 32 bits of the normalised divisor (the estimate is exact or one too
 * large after the decrement below), then fix it with one comparison. */
static uint64_t udivmod_wide(uint64_t n, uint64_t d, uint64_t *rem)
{
	unsigned s = clz32(hi32(d));
	uint32_t top = hi32(arith64_shl(d, s)), unused, q;
	uint64_t half = arith64_lshr(n, 1), r;

	q = divlu(hi32(half), lo32(half), top, &unused);
	q = lo32(arith64_lshr(arith64_shl(q, s), 31));
	if (q != 0)
		q--;
	r = n - arith64_mul(q, d);
	if (r >= d) {
		q++;
		r -= d;
	}
	if (rem)
		*rem = r;
	return q;
}

uint64_t arith64_udivmod(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint32_t nh = hi32(n), nl = lo32(n), dl = lo32(d), qh = 0, r;
	uint64_t q;

	if (d == 0) {
		if (rem)
			*rem = n;
		return UINT64_MAX;
	}
	if (hi32(d))
		return udivmod_wide(n, d, rem);
	if (nh == 0) {
		q = nl / dl;
		r = nl % dl;
	} else {
		if (nh >= dl) {
			qh = nh / dl;
			nh %= dl;
		}
		q = make64(qh, divlu(nh, nl, dl, &r));
	}
	if (rem)
		*rem = r;
	return q;
}

int64_t arith64_sdivmod(int64_t n, int64_t d, int64_t *rem)
{
	uint64_t un = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
	uint64_t ud = d < 0 ? 0 - (uint64_t)d : (uint64_t)d;
	uint64_t uq, ur;

	if (d == 0) {
		if (rem)
			*rem = n;
		return -1;
	}
	/* INT64_MIN / -1 needs no case of its own: 2^63 / 1 negated wraps back
	 * to INT64_MIN, remainder 0. */
	uq = arith64_udivmod(un, ud, &ur);
	if ((n < 0) != (d < 0))
		uq = 0 - uq;
	if (rem)
		*rem = (int64_t)(n < 0 ? 0 - ur : ur);
	return (int64_t)uq;
}

unsigned arith64_clz(uint64_t v)
{
	return hi32(v) ? clz32(hi32(v)) : 32 + clz32(lo32(v));
}

unsigned arith64_ctz(uint64_t v)
{
	return lo32(v) ? ctz32(lo32(v)) : 32 + ctz32(hi32(v));
}

static unsigned popcount32(uint32_t v)
{
	v = v - ((v >> 1) & 0x55555555u);
	v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
	v = (v + (v >> 4)) & 0x0f0f0f0fu;
	return (v * 0x01010101u) >> 24;
}

unsigned arith64_popcount(uint64_t v)
{
	return popcount32(hi32(v)) + popcount32(lo32(v));
}

uint32_t arith64_bswap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00u) | (v << 8 & 0xff0000u) | v << 24;
}

uint64_t arith64_bswap(uint64_t v)
{
	return make64(arith64_bswap32(lo32(v)), arith64_bswap32(hi32(v)));
}
