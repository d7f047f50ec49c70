/* Private to src/conf. */
#pragma once

#include "conf.h"

enum tok {
	T_EOF,
	T_STR,		/* a string starting a value or name */
	T_STR1,		/* a string piece glued to the previous one */
	T_VAR,		/* $name starting a value or name */
	T_VAR1,		/* $name glued to the previous piece */
	T_PLEQ,		/* += */
	T_PUNCT,	/* one of , ; = { } */
	T_OTHER,	/* any other character: a syntax error */
	T_ERROR,	/* a lexical error, already reported */
};

struct token {
	enum tok type;
	char c;			/* T_PUNCT, T_OTHER */
	char *s;		/* decoded text (T_STR*, T_VAR*) */
	size_t len;
	struct conf_loc loc;
};

struct lexer {
	struct conf *c;
	const char *file;
	const char *p, *end;
	unsigned line;
	const char *bol;	/* start of the current line */
	bool dq;		/* inside a double-quoted string, after a $ */
	bool instr;		/* the next piece glues to the previous */
};

void lex_init(struct lexer *lx, struct conf *c, const char *file,
    const char *data, size_t len);
void lex_next(struct lexer *lx, struct token *t);
const char *tok_describe(const struct token *t, char *buf, size_t len);

/* FreeBSD jail.c equalopts(): "opt" equals "noopt", "a.nob" equals
 * "a.b". */
bool conf_equalopts(const char *a, const char *b);
/* FreeBSD wild_jail_name() and wild_jail_match(). */
bool conf_wild_name(const char *name);
bool conf_wild_match(const char *jname, const char *wname);

void conf_parse(struct conf *c, const char *file, const char *data,
    size_t len);
void conf_resolve(struct conf *c);
int conf_include(struct conf *c, const struct conf_loc *loc,
    const char *pattern);
/* conf_diag() prefixed with "jail NAME: ". */
void conf_jdiag(struct conf *c, const struct conf_jail *j, enum conf_sev sev,
    enum conf_stage stage, const struct conf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
