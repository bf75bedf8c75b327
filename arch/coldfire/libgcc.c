/* The helpers gcc calls for 64-bit operations it does not open-code on
 * ColdFire, under libgcc's names, as thin wrappers of arith64.c (kernel
 * only: the host build of arith64.c keeps its own libgcc). */
#include "arith64.h"

/* libgcc's names and signatures; the shift count is a word. */
long long __muldi3(long long a, long long b);
unsigned long long __udivdi3(unsigned long long n, unsigned long long d);
unsigned long long __umoddi3(unsigned long long n, unsigned long long d);
long long __divdi3(long long n, long long d);
long long __moddi3(long long n, long long d);
long long __ashldi3(long long v, int count);
long long __lshrdi3(long long v, int count);
long long __ashrdi3(long long v, int count);
int __clzdi2(unsigned long long v);
int __ctzdi2(unsigned long long v);
int __ffsdi2(long long v);
int __popcountdi2(unsigned long long v);
int __popcountsi2(unsigned int v);
long long __bswapdi2(long long v);
int __bswapsi2(int v);

long long __muldi3(long long a, long long b)
{
	return (long long)arith64_mul((uint64_t)a, (uint64_t)b);
}

unsigned long long __udivdi3(unsigned long long n, unsigned long long d)
{
	return arith64_udivmod(n, d, NULL);
}

unsigned long long __umoddi3(unsigned long long n, unsigned long long d)
{
	uint64_t r;

	arith64_udivmod(n, d, &r);
	return r;
}

long long __divdi3(long long n, long long d)
{
	return arith64_sdivmod(n, d, NULL);
}

long long __moddi3(long long n, long long d)
{
	int64_t r;

	arith64_sdivmod(n, d, &r);
	return r;
}

long long __ashldi3(long long v, int count)
{
	return (long long)arith64_shl((uint64_t)v, (unsigned)count);
}

long long __lshrdi3(long long v, int count)
{
	return (long long)arith64_lshr((uint64_t)v, (unsigned)count);
}

long long __ashrdi3(long long v, int count)
{
	return arith64_ashr(v, (unsigned)count);
}

int __clzdi2(unsigned long long v)
{
	return (int)arith64_clz(v);
}

int __ctzdi2(unsigned long long v)
{
	return (int)arith64_ctz(v);
}

int __ffsdi2(long long v)
{
	return v ? (int)arith64_ctz((uint64_t)v) + 1 : 0;
}

int __popcountdi2(unsigned long long v)
{
	return (int)arith64_popcount(v);
}

int __popcountsi2(unsigned int v)
{
	return (int)arith64_popcount(v);
}

long long __bswapdi2(long long v)
{
	return (long long)arith64_bswap((uint64_t)v);
}

int __bswapsi2(int v)
{
	return (int)arith64_bswap32((uint32_t)v);
}
