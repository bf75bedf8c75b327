/* Tokens of the description: words, quoted strings, and { } ; = as
 * punctuation; a newline ends a statement like ';'; '#' starts a comment. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

static int lex_push(struct lex *lx, enum tok_kind kind, const char *text, size_t n, unsigned line)
{
	struct tok *t;

	if (lx->count == lx->cap) {
		size_t cap = lx->cap ? 2 * lx->cap : 64;
		struct tok *grown = realloc(lx->toks, cap * sizeof(*grown));

		if (!grown)
			return -1;
		lx->toks = grown;
		lx->cap = cap;
	}
	t = &lx->toks[lx->count++];
	t->kind = kind;
	t->line = line;
	t->text = strndup(text, n);
	return t->text ? 0 : -1;
}

static int lex_punct(int c)
{
	return c == '{' || c == '}' || c == ';' || c == '=';
}

int lex_run(struct lex *lx, const char *file, const char *src, size_t len)
{
	unsigned line = 1;
	size_t i = 0;
	struct mk_loc loc = { file, 0 };

	memset(lx, 0, sizeof(*lx));
	while (i < len) {
		char c = src[i];
		size_t start = i;

		if (c == '\n') {
			if (lex_push(lx, TOK_END, "\\n", 2, line++))
				return -1;
			i++;
		} else if (isspace((unsigned char)c)) {
			i++;
		} else if (c == '#') {
			while (i < len && src[i] != '\n')
				i++;
		} else if (lex_punct(c)) {
			if (lex_push(lx, c == ';' ? TOK_END : TOK_PUNCT, src + i, 1, line))
				return -1;
			i++;
		} else if (c == '"') {
			for (i++; i < len && src[i] != '"' && src[i] != '\n'; i++)
				;
			if (i == len || src[i] != '"') {
				loc.line = line;
				mk_error(&loc, "unterminated string");
				return -1;
			}
			if (lex_push(lx, TOK_WORD, src + start + 1, i - start - 1, line))
				return -1;
			i++;
		} else if ((unsigned char)c < ' ' || (unsigned char)c >= 0x7f) {
			loc.line = line;
			mk_error(&loc, "unexpected character 0x%02x", (unsigned char)c);
			return -1;
		} else {
			while (i < len && !isspace((unsigned char)src[i]) && !lex_punct(src[i]) &&
			       src[i] != '#' && src[i] != '"')
				i++;
			if (lex_push(lx, TOK_WORD, src + start, i - start, line))
				return -1;
		}
	}
	return lex_push(lx, TOK_EOF, "end of file", 11, line);
}

void lex_free(struct lex *lx)
{
	for (size_t i = 0; i < lx->count; i++)
		free(lx->toks[i].text);
	free(lx->toks);
	memset(lx, 0, sizeof(*lx));
}
