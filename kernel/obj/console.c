/* Console: debug output from the message words (doc/abi.md). */
#include <kernel/invoke.h>
#include <kernel/proc.h>

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
	for (unsigned k = 0; k < n; k++) {
		in->p->con_line[in->p->con_len++] = buf[k];
		if (buf[k] == '\n' || in->p->con_len == PROC_CONSOLE_LINE)
			proc_console_flush(in->p);
	}
	return INV_OK;
}

void proc_console_flush(struct process *p)
{
	console_put(p->con_line, p->con_len);
	p->con_len = 0;
}
