/* The invoke primitive on ColdFire: trap #0 with ARG0..ARG5 in d0-d5, the
 * same registers on return (include/arroyo/abi.h). */
#ifndef USER_ARCH_INVOKE_H
#define USER_ARCH_INVOKE_H

#include <stdint.h>

static inline void arch_invoke(uint32_t r[6])
{
	register uint32_t d0 __asm__("d0") = r[0];
	register uint32_t d1 __asm__("d1") = r[1];
	register uint32_t d2 __asm__("d2") = r[2];
	register uint32_t d3 __asm__("d3") = r[3];
	register uint32_t d4 __asm__("d4") = r[4];
	register uint32_t d5 __asm__("d5") = r[5];

	__asm__ volatile("trap #0"
			 : "+d"(d0), "+d"(d1), "+d"(d2), "+d"(d3), "+d"(d4), "+d"(d5)
			 :
			 : "memory", "cc");
	r[0] = d0;
	r[1] = d1;
	r[2] = d2;
	r[3] = d3;
	r[4] = d4;
	r[5] = d5;
}

/* A long message (INV_F_LONG): the same, with words 4..9 from extra in d6,
 * d7, a0-a3, and back into extra on return. */
static inline void arch_invoke_long(uint32_t r[6], uint32_t *extra)
{
	register uint32_t d0 __asm__("d0") = r[0];
	register uint32_t d1 __asm__("d1") = r[1];
	register uint32_t d2 __asm__("d2") = r[2];
	register uint32_t d3 __asm__("d3") = r[3];
	register uint32_t d4 __asm__("d4") = r[4];
	register uint32_t d5 __asm__("d5") = r[5];
	register uint32_t d6 __asm__("d6") = extra[0];
	register uint32_t d7 __asm__("d7") = extra[1];
	register uint32_t a0 __asm__("a0") = extra[2];
	register uint32_t a1 __asm__("a1") = extra[3];
	register uint32_t a2 __asm__("a2") = extra[4];
	register uint32_t a3 __asm__("a3") = extra[5];

	__asm__ volatile("trap #0"
			 : "+d"(d0), "+d"(d1), "+d"(d2), "+d"(d3), "+d"(d4), "+d"(d5), "+d"(d6),
			   "+d"(d7), "+a"(a0), "+a"(a1), "+a"(a2), "+a"(a3)
			 :
			 : "memory", "cc");
	r[0] = d0;
	r[1] = d1;
	r[2] = d2;
	r[3] = d3;
	r[4] = d4;
	r[5] = d5;
	extra[0] = d6;
	extra[1] = d7;
	extra[2] = a0;
	extra[3] = a1;
	extra[4] = a2;
	extra[5] = a3;
}

#endif
