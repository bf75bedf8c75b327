/* Kernel command line: space-separated `key` or `key=value` tokens.
 *
 * QEMU -kernel passes "<kernel path> args", GRUB passes only the args: a
 * leading token that contains '/' and no '=' is taken as the image path and
 * skipped. When a key appears twice, the last one wins. */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <lib/err.h>
#include <lib/types.h>

#define CMDLINE_MAX_LEN 512
#define CMDLINE_MAX_ARGS 32

struct cmdline_arg {
	const char *key;
	const char *value; /* NULL for a bare `key` */
};

struct cmdline {
	char buf[CMDLINE_MAX_LEN];
	struct cmdline_arg args[CMDLINE_MAX_ARGS];
	unsigned count;
	const char *path; /* the skipped leading path, or NULL */
};

/* Parses s into c. On error c holds the arguments before the failing one. */
enum err cmdline_parse(struct cmdline *c, const char *s);

/* The value of key (NULL when absent or bare); `present` tells the two apart. */
const char *cmdline_get(const struct cmdline *c, const char *key);
bool cmdline_has(const struct cmdline *c, const char *key);

/* Parses key's value as an unsigned decimal or 0x-hex number. ERR_NOTFOUND when
 * absent, ERR_INVAL when it is not a number or overflows 64 bits. */
enum err cmdline_get_u64(const struct cmdline *c, const char *key, uint64_t *out);

/* What a known argument takes. */
enum cmdline_takes {
	CMDLINE_BARE, /* nothing: `idle` (a value is a typo, not a setting) */
	CMDLINE_BARE_OR_TEXT, /* nothing, or a non-empty value: `ktest`, `ktest=<glob>` */
	CMDLINE_NUMBER, /* a number, or one of `words`: `reserve=<frames>`, `reserve=auto` */
	CMDLINE_WORD, /* one of `words`: `crash=pagefault` */
};

struct cmdline_known {
	const char *key;
	enum cmdline_takes takes;
	const char *words; /* '|'-separated, for CMDLINE_NUMBER (may be NULL) and CMDLINE_WORD */
};

/* The arguments the kernel takes (kernel/boot/cmdline_args.c; README.md lists them). */
extern const struct cmdline_known cmdline_kernel_args[];
extern const unsigned cmdline_kernel_nargs;

/* Why a is not an argument of `known`, in a few words ("unknown argument",
 * "takes no value", ...), or NULL when it is one. */
const char *cmdline_refusal(const struct cmdline_arg *a, const struct cmdline_known *known,
			    unsigned n);
/* Removes argument i, so that nothing acts on a refused one. */
void cmdline_drop(struct cmdline *c, unsigned i);

/* The command line the kernel was built with (make CMDLINE="..."). */
extern const char cmdline_builtin[];

#endif
