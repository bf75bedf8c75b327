/* printf to a Console capability, formatted by the kernel's own formatter
 * (lib/fmt.c, compiled into this library): characters collect in a
 * CONSOLE_CHUNK buffer that goes out in one CONSOLE_OP_WRITE when full and
 * at the end of each call. */
#include <arroyo/user.h>
#include <lib/fmt.h>

unsigned user_console = 0;

struct console_buf {
	unsigned cap;
	unsigned used;
	int err;
	char buf[CONSOLE_CHUNK];
};

static void console_flush(struct console_buf *b)
{
	if (b->used && !b->err)
		b->err = console_write(b->cap, b->buf, b->used);
	b->used = 0;
}

static void console_sink(char c, void *ctx)
{
	struct console_buf *b = ctx;

	b->buf[b->used++] = c;
	if (b->used == CONSOLE_CHUNK)
		console_flush(b);
}

int console_vprintf(unsigned cap, const char *fmt, va_list ap)
{
	struct console_buf b = { .cap = cap };
	int n = fmt_vformat(console_sink, &b, fmt, ap);

	console_flush(&b);
	return b.err ? -b.err : n;
}

int console_printf(unsigned cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = console_vprintf(cap, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = console_vprintf(user_console, fmt, ap);
	va_end(ap);
	return n;
}
