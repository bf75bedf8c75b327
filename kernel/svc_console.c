/* Console: debug output from the message words (doc/abi.md). */
#include <kernel/inv.h>

#define CONSOLE_MAX (MSG_WORDS * 4)

int console_invoke(struct inv *in)
{
	char buf[CONSOLE_MAX];
	unsigned n = in->flags & 0xffu;

	if (in->op != CONSOLE_OP_WRITE)
		return INV_ERR_CAP_TYPE;
	if (!cap_has(&in->cap, CR_WRITE))
		return INV_ERR_RIGHTS;
	if (n > CONSOLE_MAX || (in->flags & ~0xffu))
		return INV_ERR_ARG;
	/* byte k is bits 8*(k%4).. of word k/4: the same on both byte orders */
	for (unsigned k = 0; k < n; k++)
		buf[k] = (char)(in->w[k / 4] >> (8 * (k % 4)));
	console_put(buf, n);
	return INV_OK;
}
