/* Short invocations inlined where they are made (doc/abi.md, "The user
 * runtime"): the header, words 0-3 and the flags go straight into the
 * registers of user/arch/<arch>/invoke.h's arch_invoke and come back as
 * values, with no call and no struct msg in memory. For hot paths (the space
 * bank's loop and its client stubs); invoke() is the general form, and the
 * only one that carries a long message. */
#ifndef ARROYO_INVOKE_INLINE_H
#define ARROYO_INVOKE_INLINE_H

#include <arroyo/abi.h>
#include <invoke.h>

/* As invoke() without INV_F_LONG, the header (INV_HEADER) made by the
 * caller: w holds words 0-3 going out and the answer's words 0-3 coming back
 * (a failed invocation's carry nothing); *badge (when not NULL) gets ARG5. */
static inline __attribute__((always_inline)) int
invoke_inline(uint32_t header, uint32_t flags, uint32_t w[MSG_REG_WORDS], uint32_t *badge)
{
	uint32_t r[6] = { header, w[0], w[1], w[2], w[3], flags };

	arch_invoke(r);
	w[0] = r[1];
	w[1] = r[2];
	w[2] = r[3];
	w[3] = r[4];
	if (badge)
		*badge = r[5];
	return (int)r[0];
}

#endif
