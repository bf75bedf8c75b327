/* 64-bit arithmetic from 32-bit operations, for a core whose libgcc cannot
 * run (the toolchain's is 68020 code). The gcc helper names (__udivdi3 and
 * friends) are thin wrappers in libgcc.c; the host unit tests compile
 * arith64.c and check these functions against native 64-bit operators
 * (tests/unit/test_arith64.c).
 *
 * Defined results where C leaves them undefined, chosen as RISC-V does:
 *   x / 0 = all ones (UINT64_MAX, or -1 signed), x % 0 = x;
 *   INT64_MIN / -1 = INT64_MIN, INT64_MIN % -1 = 0;
 *   shifts by 64 or more give 0 (arith64_ashr: 0 or -1 by the sign);
 *   clz/ctz of 0 give 64.
 * Signed division truncates toward zero; the remainder has the dividend's sign. */
#ifndef COLDFIRE_ARITH64_H
#define COLDFIRE_ARITH64_H

#include <stddef.h>
#include <stdint.h>

uint64_t arith64_mul(uint64_t a, uint64_t b);
uint64_t arith64_mul32(uint32_t a, uint32_t b); /* the full 64-bit product */

/* Returns n / d and, when rem is not NULL, stores n % d there. */
uint64_t arith64_udivmod(uint64_t n, uint64_t d, uint64_t *rem);
int64_t arith64_sdivmod(int64_t n, int64_t d, int64_t *rem);

uint64_t arith64_shl(uint64_t v, unsigned count);
uint64_t arith64_lshr(uint64_t v, unsigned count);
int64_t arith64_ashr(int64_t v, unsigned count);

unsigned arith64_clz(uint64_t v);
unsigned arith64_ctz(uint64_t v);
unsigned arith64_popcount(uint64_t v);
uint32_t arith64_bswap32(uint32_t v);
uint64_t arith64_bswap(uint64_t v);

#endif
