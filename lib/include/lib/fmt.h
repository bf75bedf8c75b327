/* printf-style formatting into any byte sink.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%; flags '-' and '0'; a decimal width;
 * length modifiers l and ll (ll means 64-bit on every arch). %p prints 0x and
 * eight hex digits. Formatting never divides a 64-bit number, so ColdFire needs
 * no libgcc helper for it. */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <lib/types.h>

typedef void (*fmt_sink)(char c, void *ctx);

/* Formats to sink; returns the number of characters produced. */
int fmt_vformat(fmt_sink sink, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: always NUL-terminates when size > 0 and returns the
 * length the full output would have had. */
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(__printf__, 3, 4)));
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
