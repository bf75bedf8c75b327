/* Console: debug output from the message words (doc/abi.md). A process's
 * unfinished line waits in its console grant (doc/grants.md). */
#include <kernel/invoke.h>
#include <kernel/proc.h>

#define CONSOLE_MAX (MSG_REG_WORDS * 4)

/* The console grant: the line so far, flushed at its newline, so that a
 * user line reaches the console in one piece, never cut by the kernel's. */
struct console_grant {
	struct grant_hdr hdr;
	uint8_t len;
	char line[PROC_CONSOLE_LINE];
};

int console_invoke(struct inv *in)
{
	char buf[CONSOLE_MAX];
	unsigned n = in->flags & 0xffu;
	struct console_grant *g;
	enum inv_err e;

	if (in->op != CONSOLE_OP_WRITE)
		return INV_ERR_CAP_TYPE;
	if (!cap_has(&in->cap, CR_WRITE))
		return INV_ERR_RIGHTS;
	if (n > CONSOLE_MAX || (in->flags & ~0xffu))
		return INV_ERR_ARG;
	/* byte k is bits 8*(k%4).. of word k/4: the same on both byte orders */
	for (unsigned k = 0; k < n; k++)
		buf[k] = (char)(in->w[k / 4] >> (8 * (k % 4)));
	e = grant_get(in->p, GS_CONSOLE, sizeof(*g), (void **)&g);
	if (e == INV_ERR_NO_GRANT) {
		/* Output is for debugging: without room for a line buffer it goes
		 * out as it comes, whole lines no longer guaranteed. */
		console_put(buf, n);
		return INV_OK;
	}
	for (unsigned k = 0; k < n; k++) {
		g->line[g->len++] = buf[k];
		if (buf[k] == '\n' || g->len == PROC_CONSOLE_LINE)
			proc_console_flush(in->p);
	}
	return INV_OK;
}

void proc_console_flush(struct process *p)
{
	struct console_grant *g = grant_find(&p->grants, GS_CONSOLE);

	if (!g)
		return;
	console_put(g->line, g->len);
	g->len = 0;
}

unsigned proc_console_pending(const struct process *p)
{
	const struct console_grant *g = grant_find(&p->grants, GS_CONSOLE);

	return g ? g->len : 0;
}
