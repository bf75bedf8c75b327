/* The invoke primitive of the bank's host build (tests/unit/bank.mk): what
 * user/arch/<arch>/invoke.h does with a trap goes to the invocation double
 * (bank_double.c), so the bank's inlined invocations
 * (arroyo/invoke_inline.h) reach the same fake kernel as its calls of
 * invoke(). */
#ifndef TESTS_UNIT_BANK_HOST_INVOKE_H
#define TESTS_UNIT_BANK_HOST_INVOKE_H

#include <stdint.h>

/* ARG0..ARG5 in, the results back in the same places. */
void bdbl_arch_invoke(uint32_t r[6]);

static inline void arch_invoke(uint32_t r[6])
{
	bdbl_arch_invoke(r);
}

#endif
