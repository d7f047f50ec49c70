/* The jail.conf lexer: a hand-written equivalent of FreeBSD's
 * usr.sbin/jail/jaillex.l, rule for rule, with flex's longest-match
 * choice made explicit.  Quirks kept on purpose (they decide what a
 * configuration means):
 * - adjacent pieces with no blank between them glue into one string
 *   ("a"'b'$c is one value), tracked by lx->instr as jaillex.l does;
 * - backslash escapes are decoded in bare words and in both kinds of
 *   quotes; only double quotes and bare words expand variables;
 * - a decoded string ends at its first NUL (\0, \x, \x00 ...);
 * - backslash-newline disappears, so "a \<newline>b" is "a b". */
#include <string.h>

#include "../util/utf8.h"
#include "conf_int.h"
#include "../util/buf.h"

void
lex_init(struct lexer *lx, struct conf *c, const char *file,
    const char *data, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->c = c;
	lx->file = file;
	lx->p = data;
	lx->end = data + len;
	lx->line = 1;
	lx->bol = data;
}

/* jaillex.l's bare-word characters: [A-Za-z0-9_!%&()\-.:<>?@\[\]^`|~] */
static bool
is_atom(unsigned char ch)
{
	static unsigned char table[256];
	static bool ready;
	const char *s;
	unsigned c;

	if (!ready) {
		for (c = 0; c < 256; c++)
			table[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' &&
			    c <= 'z') || (c >= '0' && c <= '9');
		for (s = "_!%&()-.:<>?@[]^`|~"; *s; s++)
			table[(unsigned char)*s] = 1;
		ready = true;
	}
	return table[ch];
}

static bool
is_octal(int ch)
{
	return ch >= '0' && ch <= '7';
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* [A-Za-z_] and, after the first, [0-9] too. */
static bool
is_name(char ch, bool digits)
{
	return ch == '_' || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= 'a' && ch <= 'z') || (digits && ch >= '0' && ch <= '9');
}

static void
here(const struct lexer *lx, struct conf_loc *loc)
{
	loc->file = lx->file;
	loc->line = lx->line;
	loc->col = (unsigned)(lx->p - lx->bol) + 1;
}

/* Move over n bytes, counting lines. */
static void
advance(struct lexer *lx, size_t n)
{
	const char *stop = lx->p + n;

	for (; lx->p < stop; lx->p++)
		if (*lx->p == '\n') {
			lx->line++;
			lx->bol = lx->p + 1;
		}
}

/* jaillex.l text2lval(): decode [s, se) into a new string.  With tovar,
 * stop at the first unescaped '$' and return its offset from s;
 * otherwise return -1.  The result is cut at its first NUL, as the
 * parser's strlen() does. */
static long
text2lval(struct lexer *lx, struct token *t, const char *s,
    const char *se, bool tovar)
{
	const char *start = s;
	char *d0 = arena_alloc_raw(lx->c->arena, (size_t)(se - s) + 1);
	unsigned char *d = (unsigned char *)d0;
	long ret = -1;
	int h;

	for (; s < se; s++, d++) {
		if (*s != '\\') {
			if (tovar && *s == '$') {
				ret = s - start;
				break;
			}
			*d = (unsigned char)*s;
			continue;
		}
		s++;
		if (s >= se) {	/* a lone backslash at the very end */
			*d = '\0';
			continue;
		}
		if (is_octal(*s)) {
			*d = (unsigned char)(*s - '0');
			if (s + 1 < se && is_octal(s[1])) {
				*d = (unsigned char)(8 * *d + (*++s - '0'));
				if (s + 1 < se && is_octal(s[1]))
					*d = (unsigned char)(8 * *d +
					    (*++s - '0'));
			}
			continue;
		}
		switch (*s) {
		case 'a': *d = '\a'; break;
		case 'b': *d = '\b'; break;
		case 'f': *d = '\f'; break;
		case 'n': *d = '\n'; break;
		case 'r': *d = '\r'; break;
		case 't': *d = '\t'; break;
		case 'v': *d = '\v'; break;
		case '\n': d--; break;
		case 'x':
			*d = 0;
			if (s + 1 >= se || (h = hexval(s[1])) < 0)
				break;
			*d = (unsigned char)h;
			s++;
			if (s + 1 >= se || (h = hexval(s[1])) < 0)
				break;
			*d = (unsigned char)(*d * 16 + h);
			s++;
			break;
		default: *d = (unsigned char)*s; break;
		}
	}
	*d = '\0';
	t->s = d0;
	t->len = strlen(d0);
	return ret;
}

static void
piece(struct lexer *lx, struct token *t, enum tok first, enum tok glued)
{
	t->type = lx->instr ? glued : first;
	lx->instr = true;
}

static void
lex_error(struct lexer *lx, struct token *t, const char *what)
{
	conf_diag(lx->c, CONF_ERROR, CONF_STAGE_SYNTAX, &t->loc, "%s", what);
	t->type = T_ERROR;
}

/* Length of a complete quoted string starting at p (quote included at
 * both ends), or 0.  inside: the DQ continuation rule, which starts
 * inside the string. */
static size_t
match_quoted(const char *p, const char *end, char q, bool inside)
{
	const char *s = inside ? p : p + 1;

	for (; s < end; s++) {
		if (*s == q)
			return (size_t)(s - p) + 1;
		if (*s == '\\') {
			if (s + 1 >= end)
				return 0;
			s++;
		}
	}
	return 0;
}

/* The "unterminated" rules: up to a newline or a bad escape. */
static size_t
match_unterminated(const char *p, const char *end, const char *stops)
{
	const char *s = p + 1;

	for (; s < end; s++) {
		if (*s == '\n' || strchr(stops, *s))
			break;
		if (*s == '\\') {
			if (s + 1 >= end || s[1] == '\n')
				break;
			s++;
		}
	}
	return (size_t)(s - p);
}

/* ${...}: complete length or 0; in DQ a '"' also ends it. */
static size_t
match_braced(const char *p, const char *end, bool dq)
{
	const char *s = p + 2;

	for (; s < end; s++) {
		if (*s == '}')
			return (size_t)(s - p) + 1;
		if (*s == '\n' || *s == '{' || (dq && *s == '"'))
			return 0;
		if (*s == '\\') {
			if (s + 1 >= end)
				return 0;
			s++;
		}
	}
	return 0;
}

static void
lex_dollar(struct lexer *lx, struct token *t)
{
	const char *p = lx->p, *end = lx->end;
	size_t n;

	if (p + 1 < end && is_name(p[1], false)) {
		for (n = 2; p + n < end && is_name(p[n], true); n++)
			;
		t->s = arena_strndup(lx->c->arena, p + 1, n - 1);
		t->len = n - 1;
		piece(lx, t, T_VAR, T_VAR1);
		advance(lx, n);
		return;
	}
	if (p + 1 < end && p[1] == '{') {
		n = match_braced(p, end, lx->dq);
		if (n > 0) {
			text2lval(lx, t, p + 2, p + n - 1, false);
			piece(lx, t, T_VAR, T_VAR1);
			advance(lx, n);
			return;
		}
		n = match_unterminated(p + 1, end, lx->dq ? "{}\"" : "{}") + 1;
		lex_error(lx, t, "unterminated variable: expected '}'");
		advance(lx, n);
		return;
	}
	t->s = arena_strdup(lx->c->arena, "$");
	t->len = 1;
	piece(lx, t, T_STR, T_STR1);
	advance(lx, 1);
}

/* A backslash outside quotes: \c, \NNN, \xHH, or a lone one at EOF. */
static void
lex_escape(struct lexer *lx, struct token *t)
{
	const char *p = lx->p, *end = lx->end;
	size_t n = 1;

	if (p + 1 < end) {
		n = 2;
		if (is_octal(p[1])) {
			while (n < 4 && p + n < end && is_octal(p[n]))
				n++;
		} else if (p[1] == 'x' && p + 2 < end && hexval(p[2]) >= 0) {
			n = 3;
			if (p + 3 < end && hexval(p[3]) >= 0)
				n = 4;
		}
	}
	text2lval(lx, t, p, p + n, false);
	piece(lx, t, T_STR, T_STR1);
	advance(lx, n);
}

/* A double-quoted string, or the rest of one after a variable. */
static void
lex_dquote(struct lexer *lx, struct token *t, size_t n, bool inside)
{
	const char *p = lx->p;
	long at;

	at = text2lval(lx, t, inside ? p : p + 1, p + n - 1, true);
	piece(lx, t, T_STR, T_STR1);
	if (at < 0) {
		lx->dq = false;
		advance(lx, n);
	} else {
		lx->dq = true;	/* yyless(): rescan from the '$' */
		advance(lx, (size_t)at + (inside ? 0 : 1));
	}
}

static bool
lex_quoted(struct lexer *lx, struct token *t)
{
	const char *p = lx->p, *end = lx->end;
	char q = *p;
	size_t n = match_quoted(p, end, q, false);

	if (n == 0) {
		n = match_unterminated(p, end, q == '"' ? "\"" : "'");
		lex_error(lx, t, q == '"' ? "unterminated string: expected '\"'"
		    : "unterminated string: expected \"'\"");
		advance(lx, n);
		return true;
	}
	if (!utf8_valid(p, n)) {
		lex_error(lx, t, "invalid UTF-8 in string");
		advance(lx, n);
		return true;
	}
	if (memchr(p, '\0', n) != NULL) {
		lex_error(lx, t, "NUL byte in string");
		advance(lx, n);
		return true;
	}
	if (q == '\'') {
		text2lval(lx, t, p + 1, p + n - 1, false);
		piece(lx, t, T_STR, T_STR1);
		advance(lx, n);
	} else
		lex_dquote(lx, t, n, false);
	return true;
}

/* A block comment; true when it is unterminated (an error token). */
static bool
lex_comment(struct lexer *lx, struct token *t)
{
	const char *p = lx->p, *end = lx->end, *s;

	for (s = p + 2; s + 1 < end; s++)
		if (s[0] == '*' && s[1] == '/') {
			advance(lx, (size_t)(s + 2 - p));
			lx->instr = false;
			return false;
		}
	lex_error(lx, t, "unterminated comment: expected '*/'");
	advance(lx, (size_t)(end - p));
	return true;
}

/* Inside a double-quoted string after a variable (flex state DQ). */
static bool
lex_in_dq(struct lexer *lx, struct token *t)
{
	const char *p = lx->p;
	size_t n;

	if (*p == '"') {
		lx->dq = false;
		advance(lx, 1);
		return false;
	}
	if (*p == '$') {
		lex_dollar(lx, t);
		return true;
	}
	if (*p == '\\') {
		lex_escape(lx, t);
		return true;
	}
	n = match_quoted(p, lx->end, '"', true);
	if (n == 0) {	/* cannot happen: we are inside a matched string */
		lx->dq = false;
		return false;
	}
	lex_dquote(lx, t, n, true);
	return true;
}

/* One step in the normal state; false when nothing was produced. */
static bool
lex_normal(struct lexer *lx, struct token *t)
{
	const char *p = lx->p, *end = lx->end;
	unsigned char ch = (unsigned char)*p;
	size_t n;

	switch (ch) {
	case ' ': case '\t': case '\r': case '\n':
		advance(lx, 1);
		lx->instr = false;
		return false;
	case '#':
		goto line_comment;
	case '/':
		if (p + 1 < end && p[1] == '/')
			goto line_comment;
		if (p + 1 < end && p[1] == '*')
			return lex_comment(lx, t);
		break;
	case '+':
		if (p + 1 < end && p[1] == '=') {
			t->type = T_PLEQ;
			lx->instr = false;
			advance(lx, 2);
			return true;
		}
		break;
	case ',': case ';': case '=': case '{': case '}':
		t->type = T_PUNCT;
		t->c = (char)ch;
		lx->instr = false;
		advance(lx, 1);
		return true;
	case '\\':
		lex_escape(lx, t);
		return true;
	case '$':
		lex_dollar(lx, t);
		return true;
	case '\'': case '"':
		return lex_quoted(lx, t);
	default:
		break;
	}
	if (ch == '/' || ch == '+' || ch == '*') {
		t->s = arena_strndup(lx->c->arena, p, 1);
		t->len = 1;
		piece(lx, t, T_STR, T_STR1);
		advance(lx, 1);
		return true;
	}
	if (is_atom(ch)) {
		for (n = 1; p + n < end && is_atom((unsigned char)p[n]); n++)
			;
		t->s = arena_strndup(lx->c->arena, p, n);
		t->len = n;
		piece(lx, t, T_STR, T_STR1);
		advance(lx, n);
		return true;
	}
	t->type = T_OTHER;
	t->c = (char)ch;
	advance(lx, 1);
	return true;

line_comment:
	while (lx->p < end && *lx->p != '\n')
		lx->p++;
	lx->instr = false;
	return false;
}

void
lex_next(struct lexer *lx, struct token *t)
{
	for (;;) {
		memset(t, 0, sizeof(*t));
		if (lx->p >= lx->end) {
			here(lx, &t->loc);
			t->type = T_EOF;
			return;
		}
		here(lx, &t->loc);
		if (lx->dq ? lex_in_dq(lx, t) : lex_normal(lx, t))
			return;
	}
}

const char *
tok_describe(const struct token *t, char *buf, size_t len)
{
	unsigned char ch = (unsigned char)t->c;

	switch (t->type) {
	case T_EOF:
		return "end of file";
	case T_PLEQ:
		return "'+='";
	case T_PUNCT:
		snprintf(buf, len, "'%c'", t->c);
		return buf;
	case T_OTHER:
		if (ch == 0)
			return "NUL byte";
		if (ch < 0x20 || ch >= 0x7f)
			snprintf(buf, len, "byte 0x%02x", ch);
		else
			snprintf(buf, len, "'%c'", t->c);
		return buf;
	case T_VAR:
	case T_VAR1:
		snprintf(buf, len, "variable '$%.40s'", t->s);
		return buf;
	default:
		snprintf(buf, len, "'%.40s'", t->s ? t->s : "");
		return buf;
	}
}
