/* The description's tokenizer (internal to mkimage). */
#ifndef TOOLS_MKIMAGE_LEX_H
#define TOOLS_MKIMAGE_LEX_H

#include <stddef.h>

#include "mkimage.h"

enum tok_kind {
	TOK_WORD, /* a bare word or a "quoted string" */
	TOK_PUNCT, /* { } = */
	TOK_END, /* newline or ; */
	TOK_EOF,
};

struct tok {
	enum tok_kind kind;
	unsigned line;
	char *text;
};

struct lex {
	struct tok *toks;
	size_t count;
	size_t cap;
};

/* 0 on success; -1 after printing a file:line error. */
int lex_run(struct lex *lx, const char *file, const char *src, size_t len);
void lex_free(struct lex *lx);

#endif
