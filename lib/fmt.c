/* printf-style formatting into any byte sink, and snprintf on top of it
 * (lib/include/lib/fmt.h). */
#include <lib/fmt.h>

struct fmt_spec {
	int width;
	bool left;
	bool zero;
};

/* Divides *n by base (at most 16) and returns the remainder, with 32-bit
 * operations only: each step's dividend is (remainder << 16 | 16 bits), which
 * stays below 16 << 16 and so fits in 32 bits. */
static unsigned fmt_divmod(uint64_t *n, unsigned base)
{
	uint64_t q = 0;
	uint32_t r = 0;

	for (int shift = 48; shift >= 0; shift -= 16) {
		uint32_t cur = (r << 16) | (uint32_t)((*n >> shift) & 0xffff);
		q |= (uint64_t)(cur / base) << shift;
		r = cur % base;
	}
	*n = q;
	return r;
}

static int fmt_pad(fmt_sink sink, void *ctx, char c, int count)
{
	int i;

	for (i = 0; i < count; i++)
		sink(c, ctx);
	return i > 0 ? i : 0;
}

static int fmt_string(fmt_sink sink, void *ctx, const char *s, const struct fmt_spec *sp)
{
	int len = 0, out = 0;

	if (!s)
		s = "(null)";
	while (s[len])
		len++;
	if (!sp->left)
		out += fmt_pad(sink, ctx, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		sink(s[i], ctx);
	out += len;
	if (sp->left)
		out += fmt_pad(sink, ctx, ' ', sp->width - len);
	return out;
}

static int fmt_number(fmt_sink sink, void *ctx, uint64_t v, bool negative, unsigned base,
		      bool upper, const char *prefix, const struct fmt_spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = 0, out = 0, plen = 0, len;

	do
		buf[n++] = digits[fmt_divmod(&v, base)];
	while (v);
	if (negative)
		prefix = "-";
	while (prefix && prefix[plen])
		plen++;
	len = n + plen;

	if (!sp->left && !sp->zero)
		out += fmt_pad(sink, ctx, ' ', sp->width - len);
	for (int i = 0; i < plen; i++)
		sink(prefix[i], ctx);
	if (!sp->left && sp->zero)
		out += fmt_pad(sink, ctx, '0', sp->width - len);
	while (n)
		sink(buf[--n], ctx);
	out += len;
	if (sp->left)
		out += fmt_pad(sink, ctx, ' ', sp->width - len);
	return out;
}

int fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap)
{
	int out = 0;

	for (; *fmt; fmt++) {
		struct fmt_spec sp = { 0, false, false };
		int longs = 0;

		if (*fmt != '%') {
			sink(*fmt, ctx);
			out++;
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = longs >= 2 ? va_arg(ap, long long)
				    : longs    ? va_arg(ap, long)
					       : va_arg(ap, int);
			uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
			out += fmt_number(sink, ctx, mag, v < 0, 10, false, NULL, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = longs >= 2 ? va_arg(ap, unsigned long long)
				     : longs	? va_arg(ap, unsigned long)
						: va_arg(ap, unsigned int);
			out += fmt_number(sink, ctx, v, false, *fmt == 'u' ? 10 : 16, *fmt == 'X',
					  NULL, &sp);
			break;
		}
		case 'p': {
			struct fmt_spec ptr = { (int)sizeof(void *) * 2 + 2, false, true };
			uintptr_t v = (uintptr_t)va_arg(ap, void *);
			out += fmt_number(sink, ctx, v, false, 16, false, "0x", &ptr);
			break;
		}
		case 's':
			out += fmt_string(sink, ctx, va_arg(ap, const char *), &sp);
			break;
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), 0 };
			out += fmt_string(sink, ctx, c, &sp);
			break;
		}
		case '%':
			sink('%', ctx);
			out++;
			break;
		case '\0':
			return out;
		default:
			/* Unknown conversions are shown, not interpreted. */
			sink('%', ctx);
			sink(*fmt, ctx);
			out += 2;
			break;
		}
	}
	return out;
}

struct fmt_buf {
	char *buf;
	size_t size;
	size_t used;
};

static void fmt_buf_sink(char c, void *ctx)
{
	struct fmt_buf *b = ctx;

	if (b->used + 1 < b->size)
		b->buf[b->used] = c;
	b->used++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { buf, size, 0 };
	int n = fmt_vformat(fmt_buf_sink, &b, fmt, ap);

	if (size)
		buf[b.used < size ? b.used : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
