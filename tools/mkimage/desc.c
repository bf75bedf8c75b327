/* The description language (see obstore/examples/hello.img.txt):
 *
 *   arch i386|coldfire
 *   program NAME PATH [pool=POOL] [xip=0|1] [segN=POOL]... [sepdata=0|1]
 *        (the file-mapping table: the file's default pool, execute in place,
 *        and the pool of loadable segment N; doc/pools.md; sepdata=1: a
 *        ColdFire program built with -msep-data, whose data may lie apart
 *        from its text)
 *   endpoint NAME
 *   page NAME [file=PATH] [pool=POOL]
 *   pool NAME start=N [in=ram] len=N [stripe=N step=N] [cache=wb|wt|uc]
 *        (in=ram: start counts from the arch's RAM base, 0 on i386 and
 *        0x40000000 on ColdFire, so one description serves both arches)
 *   process NAME { program P; priority N; [entry N;] [pool POOL;] [fault EP;] cap ... }
 *   cappage NAME { cap ... }
 *   cap SLOT = console|range|sleep|meminfo|budget|OBJECT [ro] [weak] [nx]
 *
 *   only i386|coldfire STATEMENT
 *        (the statement is part of the image for that arch alone)
 *
 * Statements end at a newline or ';'. Numbers are C literals with an
 * optional K, M or G suffix (binary). Names may be used before they are
 * declared; mk_build resolves them. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

struct parser {
	struct lex lx;
	size_t at;
	const char *file;
	struct mk_desc *d;
	int only; /* the arch of an `only` prefix on the statement being parsed */
};

void mk_error(const struct mk_loc *loc, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%u: ", loc->file, loc->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static struct tok *peek(struct parser *p)
{
	return &p->lx.toks[p->at];
}

static struct tok *next(struct parser *p)
{
	struct tok *t = &p->lx.toks[p->at];

	if (t->kind != TOK_EOF)
		p->at++;
	return t;
}

static struct mk_loc loc_of(const struct parser *p, const struct tok *t)
{
	return (struct mk_loc){ p->file, t->line };
}

static int fail(struct parser *p, const struct tok *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, const struct tok *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	struct mk_loc loc = loc_of(p, t);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mk_error(&loc, "%s", msg);
	return -1;
}

static const char *describe_tok(const struct tok *t)
{
	return t->kind == TOK_END ? (t->text[0] == ';' ? "';'" : "end of line") : t->text;
}

static int expect_word(struct parser *p, const char *what, char *out)
{
	struct tok *t = next(p);

	if (t->kind != TOK_WORD)
		return fail(p, t, "expected %s, found %s", what, describe_tok(t));
	if (strlen(t->text) >= MK_WORD)
		return fail(p, t, "%s is too long", what);
	strcpy(out, t->text);
	return 0;
}

static int expect_punct(struct parser *p, const char *punct)
{
	struct tok *t = next(p);

	if (t->kind != TOK_PUNCT || strcmp(t->text, punct) != 0)
		return fail(p, t, "expected '%s', found %s", punct, describe_tok(t));
	return 0;
}

/* A statement ends at ';', a newline, end of file, or a block's '}'. */
static int expect_end(struct parser *p)
{
	struct tok *t = peek(p);

	if (t->kind == TOK_END) {
		next(p);
		return 0;
	}
	if (t->kind == TOK_EOF || (t->kind == TOK_PUNCT && t->text[0] == '}'))
		return 0;
	return fail(p, t, "unexpected '%s' at the end of the statement", t->text);
}

static int parse_number(struct parser *p, const char *what, unsigned long long *out)
{
	struct tok *t = next(p);
	unsigned long long v, scale = 1;
	char *end;

	if (t->kind != TOK_WORD)
		return fail(p, t, "expected %s, found %s", what, describe_tok(t));
	v = strtoull(t->text, &end, 0);
	if (*end == 'K' || *end == 'k')
		scale = 1ull << 10, end++;
	else if (*end == 'M')
		scale = 1ull << 20, end++;
	else if (*end == 'G')
		scale = 1ull << 30, end++;
	if (end == t->text || *end || t->text[0] == '-' || (scale > 1 && v > ~0ull / scale))
		return fail(p, t, "%s: '%s' is not a number", what, t->text);
	*out = v * scale;
	return 0;
}

static struct mk_item *add_item(struct parser *p, const struct tok *at, uint16_t type)
{
	struct mk_desc *d = p->d;
	struct mk_item *grown = realloc(d->items, (d->nitems + 1) * sizeof(*grown));
	struct mk_item *it;

	if (!grown) {
		fail(p, at, "out of memory");
		return NULL;
	}
	d->items = grown;
	it = &d->items[d->nitems++];
	memset(it, 0, sizeof(*it));
	it->loc = loc_of(p, at);
	it->type = type;
	it->cache = IMAGE_CACHE_WB;
	it->only_arch = p->only;
	return it;
}

static int parse_cap(struct parser *p, struct mk_item *it, const struct tok *at)
{
	struct mk_cap *grown = realloc(it->caps, (it->ncaps + 1) * sizeof(*grown));
	struct mk_cap *c;

	if (!grown)
		return fail(p, at, "out of memory");
	it->caps = grown;
	c = &it->caps[it->ncaps++];
	memset(c, 0, sizeof(*c));
	c->loc = loc_of(p, at);
	if (parse_number(p, "a capability slot", &c->slot) || expect_punct(p, "=") ||
	    expect_word(p,
			"a capability (console, range, sleep, meminfo, budget or an object name)",
			c->target))
		return -1;
	while (peek(p)->kind == TOK_WORD) {
		struct tok *t = next(p);

		if (!strcmp(t->text, "ro"))
			c->rights |= IMAGE_RIGHT_RO;
		else if (!strcmp(t->text, "weak"))
			c->rights |= IMAGE_RIGHT_WEAK;
		else if (!strcmp(t->text, "nx"))
			c->rights |= IMAGE_RIGHT_NX;
		else
			return fail(p, t, "unknown restriction '%s' (ro, weak or nx)", t->text);
	}
	return expect_end(p);
}

/* One statement inside process { } or cappage { }. */
static int parse_block_statement(struct parser *p, struct mk_item *it, const struct tok *t)
{
	int bad;

	if (!strcmp(t->text, "cap"))
		return parse_cap(p, it, t);
	if (it->type != IMAGE_T_PROCESS)
		return fail(p, t, "unknown cappage statement '%s' (only cap)", t->text);
	if (!strcmp(t->text, "program")) {
		bad = expect_word(p, "a program name", it->program);
	} else if (!strcmp(t->text, "priority")) {
		bad = parse_number(p, "a priority", &it->priority);
	} else if (!strcmp(t->text, "entry")) {
		bad = parse_number(p, "an entry address", &it->entry);
		it->has_entry = 1;
	} else if (!strcmp(t->text, "pool")) {
		bad = expect_word(p, "a pool name", it->pool);
	} else if (!strcmp(t->text, "fault")) {
		bad = expect_word(p, "an endpoint name", it->fault);
	} else {
		return fail(p, t,
			    "unknown process statement '%s' (program, priority, entry, pool, "
			    "fault, cap)",
			    t->text);
	}
	return bad ? -1 : expect_end(p);
}

static int parse_block(struct parser *p, struct mk_item *it)
{
	if (expect_punct(p, "{"))
		return -1;
	for (;;) {
		struct tok *t = next(p);

		if (t->kind == TOK_END)
			continue;
		if (t->kind == TOK_PUNCT && t->text[0] == '}')
			return expect_end(p);
		if (t->kind != TOK_WORD)
			return fail(p, t, "expected a statement or '}' to close %s '%s' (line %u)",
				    image_type_name(it->type), it->name, it->loc.line);
		if (parse_block_statement(p, it, t))
			return -1;
	}
}

/* key=value options of page and pool. */
static int parse_options(struct parser *p, struct mk_item *it)
{
	while (peek(p)->kind == TOK_WORD) {
		struct tok *key = next(p);
		const char *k = key->text;
		char word[MK_WORD];
		int bad;

		if (expect_punct(p, "="))
			return -1;
		if (it->type == IMAGE_T_PROGRAM && !strcmp(k, "pool"))
			bad = expect_word(p, "a pool name", it->pool);
		else if (it->type == IMAGE_T_PROGRAM && !strcmp(k, "xip")) {
			unsigned long long v;

			bad = parse_number(p, "xip", &v);
			if (!bad && v > 1)
				return fail(p, key, "xip=%llu: expected 0 or 1", v);
			it->xip = (uint8_t)v;
		} else if (it->type == IMAGE_T_PROGRAM && !strcmp(k, "sepdata")) {
			unsigned long long v;

			bad = parse_number(p, "sepdata", &v);
			if (!bad && v > 1)
				return fail(p, key, "sepdata=%llu: expected 0 or 1", v);
			it->sepdata = (uint8_t)v;
		} else if (it->type == IMAGE_T_PROGRAM && !strncmp(k, "seg", 3) && k[3] >= '0' &&
			   k[3] <= '9') {
			char *end;
			unsigned long seg = strtoul(k + 3, &end, 10);

			if (*end || seg > IMAGE_PROG_SEG_MAX)
				return fail(p, key, "'%s': segN with N at most %u", k,
					    IMAGE_PROG_SEG_MAX);
			if (it->nsegs == IMAGE_PROG_SEGS)
				return fail(p, key, "more than %u segN entries", IMAGE_PROG_SEGS);
			it->seg[it->nsegs] = (unsigned)seg;
			bad = expect_word(p, "a pool name", it->seg_pool[it->nsegs++]);
		} else if (it->type == IMAGE_T_PAGE && !strcmp(k, "file"))
			bad = expect_word(p, "a file name", it->path);
		else if (it->type == IMAGE_T_PAGE && !strcmp(k, "pool"))
			bad = expect_word(p, "a pool name", it->pool);
		else if (it->type == IMAGE_T_POOL && !strcmp(k, "start"))
			bad = parse_number(p, "start", &it->start);
		else if (it->type == IMAGE_T_POOL && !strcmp(k, "in")) {
			struct tok *t = peek(p);

			bad = expect_word(p, "ram", word);
			if (!bad && strcmp(word, "ram"))
				return fail(p, t, "pool '%s': in=%s, expected in=ram", it->name,
					    word);
			it->in_ram = 1;
		} else if (it->type == IMAGE_T_POOL && !strcmp(k, "len"))
			bad = parse_number(p, "len", &it->length);
		else if (it->type == IMAGE_T_POOL && !strcmp(k, "stripe"))
			bad = parse_number(p, "stripe", &it->stripe);
		else if (it->type == IMAGE_T_POOL && !strcmp(k, "step"))
			bad = parse_number(p, "step", &it->step);
		else if (it->type == IMAGE_T_POOL && !strcmp(k, "cache")) {
			struct tok *t = peek(p);

			bad = expect_word(p, "a cache attribute", word);
			if (!bad && !strcmp(word, "wb"))
				it->cache = IMAGE_CACHE_WB;
			else if (!bad && !strcmp(word, "wt"))
				it->cache = IMAGE_CACHE_WT;
			else if (!bad && !strcmp(word, "uc"))
				it->cache = IMAGE_CACHE_UC;
			else if (!bad)
				return fail(p, t, "unknown cache attribute '%s' (wb, wt or uc)",
					    word);
		} else {
			return fail(p, key, "unknown %s option '%s' (%s)",
				    image_type_name(it->type), k,
				    it->type == IMAGE_T_PAGE ? "file, pool"
				    : it->type == IMAGE_T_PROGRAM
					    ? "pool, xip, segN, sepdata"
					    : "start, in, len, stripe, step, cache");
		}
		if (bad)
			return -1;
	}
	return expect_end(p);
}

static int parse_arch(struct parser *p, const struct tok *at)
{
	char word[MK_WORD];
	struct tok *t = peek(p);

	if (expect_word(p, "an architecture", word))
		return -1;
	if (p->d->arch)
		return fail(p, at, "arch given twice (first on line %u)", p->d->arch_loc.line);
	if (!strcmp(word, "i386"))
		p->d->arch = IMAGE_ARCH_I386;
	else if (!strcmp(word, "coldfire"))
		p->d->arch = IMAGE_ARCH_COLDFIRE;
	else
		return fail(p, t, "unknown arch '%s' (i386 or coldfire)", word);
	p->d->arch_loc = loc_of(p, at);
	return expect_end(p);
}

static int parse_statement(struct parser *p, struct tok *t)
{
	static const struct {
		const char *word;
		uint16_t type;
	} kinds[] = {
		{ "program", IMAGE_T_PROGRAM },	  { "process", IMAGE_T_PROCESS },
		{ "endpoint", IMAGE_T_ENDPOINT }, { "page", IMAGE_T_PAGE },
		{ "cappage", IMAGE_T_CAPPAGE },	  { "pool", IMAGE_T_POOL },
	};
	struct mk_item *it = NULL;

	if (t->kind != TOK_WORD)
		return fail(p, t, "expected a statement, found '%s'", t->text);
	if (!strcmp(t->text, "arch"))
		return parse_arch(p, t);
	if (!strcmp(t->text, "only")) {
		char word[MK_WORD];
		struct tok *a = peek(p);
		int rc;

		if (p->only)
			return fail(p, t, "'only' given twice on one statement");
		if (expect_word(p, "an architecture", word))
			return -1;
		if (!strcmp(word, "i386"))
			p->only = IMAGE_ARCH_I386;
		else if (!strcmp(word, "coldfire"))
			p->only = IMAGE_ARCH_COLDFIRE;
		else
			return fail(p, a, "unknown arch '%s' (i386 or coldfire)", word);
		rc = parse_statement(p, next(p));
		p->only = 0;
		return rc;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !it; i++)
		if (!strcmp(t->text, kinds[i].word) && !(it = add_item(p, t, kinds[i].type)))
			return -1;
	if (!it)
		return fail(p, t,
			    "unknown statement '%s' (arch, program, process, endpoint, page, "
			    "cappage, pool)",
			    t->text);
	if (expect_word(p, "a name", it->name))
		return -1;
	switch (it->type) {
	case IMAGE_T_PROGRAM:
		if (expect_word(p, "an ELF file name", it->path))
			return -1;
		return parse_options(p, it);
	case IMAGE_T_PROCESS:
	case IMAGE_T_CAPPAGE:
		return parse_block(p, it);
	case IMAGE_T_ENDPOINT:
		return expect_end(p);
	default:
		return parse_options(p, it);
	}
}

int mk_desc_parse(const char *file, struct mk_desc *out)
{
	struct parser p = { .file = file, .d = out };
	unsigned char *src;
	size_t len;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->file = file;
	src = mk_read_file(file, &len);
	if (!src)
		return -1;
	if (lex_run(&p.lx, file, (const char *)src, len) == 0) {
		while (rc == 0 && peek(&p)->kind != TOK_EOF) {
			struct tok *t = next(&p);

			if (t->kind != TOK_END)
				rc = parse_statement(&p, t);
		}
	} else {
		rc = -1;
	}
	lex_free(&p.lx);
	free(src);
	return rc;
}

void mk_desc_select(struct mk_desc *d, int arch)
{
	unsigned n = 0;

	for (unsigned i = 0; i < d->nitems; i++) {
		if (d->items[i].only_arch && d->items[i].only_arch != arch) {
			free(d->items[i].caps);
			continue;
		}
		d->items[n++] = d->items[i];
	}
	d->nitems = n;
}

void mk_desc_free(struct mk_desc *d)
{
	for (unsigned i = 0; i < d->nitems; i++)
		free(d->items[i].caps);
	free(d->items);
	memset(d, 0, sizeof(*d));
}
