/* The kernel command line: tokens, lookups, and the check of each argument
 * against the ones the kernel takes (kernel/include/kernel/cmdline.h). */
#include <kernel/cmdline.h>
#include <lib/parse.h>

static bool cmdline_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool cmdline_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static bool cmdline_looks_like_path(const char *tok)
{
	bool slash = false;

	for (; *tok; tok++) {
		if (*tok == '=')
			return false;
		if (*tok == '/')
			slash = true;
	}
	return slash;
}

enum err cmdline_parse(struct cmdline *c, const char *s)
{
	size_t len = 0;
	char *p;

	c->count = 0;
	c->path = NULL;
	c->buf[0] = '\0';
	if (!s)
		return ERR_OK;
	while (s[len])
		if (++len >= CMDLINE_MAX_LEN)
			return ERR_RANGE;
	for (size_t i = 0; i <= len; i++)
		c->buf[i] = s[i];

	p = c->buf;
	for (bool first = true;; first = false) {
		char *tok, *eq = NULL;

		while (cmdline_is_space(*p))
			*p++ = '\0';
		if (!*p)
			return ERR_OK;
		tok = p;
		while (*p && !cmdline_is_space(*p)) {
			if (*p == '=' && !eq)
				eq = p;
			p++;
		}
		if (*p)
			*p++ = '\0';
		if (first && cmdline_looks_like_path(tok)) {
			c->path = tok;
			continue;
		}
		if (eq == tok)
			return ERR_INVAL; /* "=value" names nothing */
		if (c->count == CMDLINE_MAX_ARGS)
			return ERR_FULL;
		if (eq)
			*eq = '\0';
		c->args[c->count].key = tok;
		c->args[c->count].value = eq ? eq + 1 : NULL;
		c->count++;
	}
}

static const struct cmdline_arg *cmdline_find(const struct cmdline *c, const char *key)
{
	for (unsigned i = c->count; i-- > 0;)
		if (cmdline_streq(c->args[i].key, key))
			return &c->args[i];
	return NULL;
}

const char *cmdline_get(const struct cmdline *c, const char *key)
{
	const struct cmdline_arg *a = cmdline_find(c, key);

	return a ? a->value : NULL;
}

bool cmdline_has(const struct cmdline *c, const char *key)
{
	return cmdline_find(c, key) != NULL;
}

enum err cmdline_get_u64(const struct cmdline *c, const char *key, uint64_t *out)
{
	const struct cmdline_arg *a = cmdline_find(c, key);
	size_t len = 0;

	if (!a)
		return ERR_NOTFOUND;
	if (!a->value)
		return ERR_INVAL;
	while (a->value[len])
		len++;
	/* The interface has one code for "not a usable number". */
	return parse_u64(a->value, len, out) == ERR_OK ? ERR_OK : ERR_INVAL;
}

static size_t cmdline_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Whether v is one of the '|'-separated words. */
static bool cmdline_is_word(const char *words, const char *v)
{
	size_t n = cmdline_len(v);

	while (words && *words) {
		size_t k = 0;

		while (words[k] && words[k] != '|')
			k++;
		if (k == n && n > 0) {
			size_t i = 0;

			while (i < n && words[i] == v[i])
				i++;
			if (i == n)
				return true;
		}
		words += words[k] ? k + 1 : k;
	}
	return false;
}

const char *cmdline_refusal(const struct cmdline_arg *a, const struct cmdline_known *known,
			    unsigned n)
{
	uint64_t ignored;

	for (unsigned i = 0; i < n; i++) {
		if (!cmdline_streq(a->key, known[i].key))
			continue;
		switch (known[i].takes) {
		case CMDLINE_BARE:
			return a->value ? "takes no value" : NULL;
		case CMDLINE_BARE_OR_TEXT:
			return a->value && !*a->value ? "has an empty value" : NULL;
		case CMDLINE_NUMBER:
			if (!a->value)
				return "needs a value";
			if (cmdline_is_word(known[i].words, a->value) ||
			    parse_u64(a->value, cmdline_len(a->value), &ignored) == ERR_OK)
				return NULL;
			return known[i].words ? "is neither a number nor a word it takes"
					      : "is not a number";
		default: /* CMDLINE_WORD */
			if (!a->value)
				return "needs a value";
			return cmdline_is_word(known[i].words, a->value) ? NULL
									 : "is not a word it takes";
		}
	}
	return "unknown argument";
}

void cmdline_drop(struct cmdline *c, unsigned i)
{
	if (i >= c->count)
		return;
	for (c->count--; i < c->count; i++)
		c->args[i] = c->args[i + 1];
}
