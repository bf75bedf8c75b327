/* Console: debug output from the message words (doc/abi.md), held per
 * process until its newline in a small table of line buffers. */
#include <kernel/invoke.h>
#include <kernel/proc.h>

#define CONSOLE_MAX (MSG_WORDS * 4)

/* Line buffers live here, not in struct process (which must fit its pot
 * slot): only processes with an unfinished line hold one. When all are in
 * use, the oldest line goes out unfinished to make room, which cuts a line
 * only when more than CONSOLE_LINES processes write partial lines at once. */
#define CONSOLE_LINES 8

static struct console_line {
	const struct process *owner; /* NULL: free */
	uint32_t age; /* console_clock when taken: the smallest is the oldest */
	uint8_t len;
	char buf[PROC_CONSOLE_LINE];
} console_lines[CONSOLE_LINES];
static uint32_t console_clock;

static struct console_line *console_line_of(const struct process *p)
{
	for (unsigned i = 0; i < CONSOLE_LINES; i++)
		if (console_lines[i].owner == p)
			return &console_lines[i];
	return NULL;
}

static void console_line_out(struct console_line *l)
{
	console_put(l->buf, l->len);
	l->len = 0;
	l->owner = NULL;
}

static struct console_line *console_line_take(const struct process *p)
{
	struct console_line *l = console_line_of(p), *oldest = &console_lines[0];

	if (l)
		return l;
	for (unsigned i = 0; i < CONSOLE_LINES; i++) {
		if (!console_lines[i].owner) {
			oldest = &console_lines[i];
			break;
		}
		if (console_lines[i].age < oldest->age)
			oldest = &console_lines[i];
	}
	if (oldest->owner)
		console_line_out(oldest);
	oldest->owner = p;
	oldest->age = console_clock++;
	return oldest;
}

unsigned proc_console_pending(const struct process *p)
{
	const struct console_line *l = console_line_of(p);

	return l ? l->len : 0;
}

void proc_console_reset(void)
{
	for (unsigned i = 0; i < CONSOLE_LINES; i++) {
		console_lines[i].owner = NULL;
		console_lines[i].len = 0;
	}
	console_clock = 0;
}

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
		struct console_line *l = console_line_take(in->p);

		l->buf[l->len++] = buf[k];
		if (buf[k] == '\n' || l->len == PROC_CONSOLE_LINE)
			console_line_out(l);
	}
	return INV_OK;
}

void proc_console_flush(struct process *p)
{
	struct console_line *l = console_line_of(p);

	if (l)
		console_line_out(l);
}
