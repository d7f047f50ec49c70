/* The jail.conf parser: FreeBSD's usr.sbin/jail/jailparse.y as a
 * recursive-descent parser.  The grammar:
 *
 *	conf	:= { ';' | jail | param ';' }
 *	jail	:= STR '{' conf '}'	(a nested block names "outer.inner")
 *	param	:= name [ ('=' | '+=') value | value ]
 *	name	:= STR | VAR		(VAR declares a user variable)
 *	value	:= string { ',' string }
 *	string	:= (STR | VAR) { STR1 | VAR1 }
 *
 * Parameters outside any block go to a "*" block, the last one if the
 * last block made is a "*" block, else a new one (jailparse.y), which
 * keeps their place in file order.  `.include "glob";` reads files in
 * place.  Every syntax error is reported; parsing resumes after the
 * next ';' or '}'. */
#include <string.h>

#include "conf_int.h"
#include "../util/buf.h"

struct parser {
	struct conf *c;
	struct lexer lx;
	struct token tok;	/* current */
	struct token ahead;	/* one more, when peeked */
	bool have_ahead;
};

static void
next(struct parser *ps)
{
	if (ps->have_ahead) {
		ps->tok = ps->ahead;
		ps->have_ahead = false;
		return;
	}
	do
		lex_next(&ps->lx, &ps->tok);
	while (ps->tok.type == T_ERROR);
}

static const struct token *
peek(struct parser *ps)
{
	if (!ps->have_ahead) {
		do
			lex_next(&ps->lx, &ps->ahead);
		while (ps->ahead.type == T_ERROR);
		ps->have_ahead = true;
	}
	return &ps->ahead;
}

static bool
is_punct(const struct token *t, char ch)
{
	return t->type == T_PUNCT && t->c == ch;
}

static void
syntax_error(struct parser *ps, const char *expected)
{
	char buf[96];

	conf_diag(ps->c, CONF_ERROR, CONF_STAGE_SYNTAX, &ps->tok.loc,
	    "syntax error: unexpected %s, expected %s",
	    tok_describe(&ps->tok, buf, sizeof(buf)), expected);
}

/* A name followed by a glued piece (foo.* is "foo." and "*"): jail(8)
 * refuses it too, but say why. */
static void
glued_name(struct parser *ps, const char *name)
{
	char buf[96];

	conf_diag(ps->c, CONF_ERROR, CONF_STAGE_SYNTAX, &ps->tok.loc,
	    "syntax error: %s is glued to \"%.40s\": a name must be one word; "
	    "quote it", tok_describe(&ps->tok, buf, sizeof(buf)), name);
}

/* yacc's error recovery, simplified: drop tokens up to and including
 * the next ';', or up to a '}' that closes the current block. */
static void
recover(struct parser *ps)
{
	int depth = 0;

	for (;;) {
		if (ps->tok.type == T_EOF)
			return;
		if (is_punct(&ps->tok, '{'))
			depth++;
		else if (is_punct(&ps->tok, '}')) {
			if (depth == 0)
				return;
			depth--;
		} else if (is_punct(&ps->tok, ';') && depth == 0) {
			next(ps);
			return;
		}
		next(ps);
	}
}

static struct conf_jail *
add_block(struct conf *c, const char *name, const struct conf_loc *loc)
{
	struct conf_jail *j = arena_alloc(c->arena, sizeof(*j));

	j->name = name;
	j->loc = *loc;
	j->seq = ++c->seq;
	if (c->blocks_tail)
		c->blocks_tail->next = j;
	else
		c->blocks = j;
	c->blocks_tail = j;
	return j;
}

static void
add_value(struct conf_param *p, struct conf_str *s)
{
	if (p->val_tail)
		p->val_tail->next = s;
	else
		p->val = s;
	p->val_tail = s;
}

static void
add_var(struct conf *c, struct conf_str *s, struct conf_var ***tail,
    const struct token *t)
{
	struct conf_var *v = arena_alloc(c->arena, sizeof(*v));

	v->name = t->s;
	v->pos = s->len;
	v->loc = t->loc;
	**tail = v;
	*tail = &v->next;
}

/* string := (STR | VAR) { STR1 | VAR1 } */
static struct conf_str *
parse_string(struct parser *ps)
{
	struct conf *c = ps->c;
	struct conf_str *s = arena_alloc(c->arena, sizeof(*s));
	struct conf_var **vtail = &s->vars;
	struct buf b = BUF_INIT;

	s->loc = ps->tok.loc;
	buf_adds(&b, "");
	for (;;) {
		switch (ps->tok.type) {
		case T_STR:
		case T_STR1:
			buf_add(&b, ps->tok.s, ps->tok.len);
			s->len = b.len;
			break;
		case T_VAR:
		case T_VAR1:
			add_var(c, s, &vtail, &ps->tok);
			break;
		default:
			goto done;
		}
		next(ps);
		if (ps->tok.type != T_STR1 && ps->tok.type != T_VAR1)
			break;
	}
done:
	s->s = arena_strndup(c->arena, b.s, b.len);
	s->len = b.len;
	buf_free(&b);
	return s;
}

static bool
starts_string(const struct token *t)
{
	return t->type == T_STR || t->type == T_VAR;
}

/* value := string { ',' string } */
static bool
parse_value(struct parser *ps, struct conf_param *p)
{
	for (;;) {
		if (!starts_string(&ps->tok)) {
			syntax_error(ps, "a value");
			return false;
		}
		add_value(p, parse_string(ps));
		if (!is_punct(&ps->tok, ','))
			return true;
		next(ps);
	}
}

static void
include_param(struct parser *ps, struct conf_param *p)
{
	struct conf_str *s;

	for (s = p->val; s; s = s->next) {
		if (s->vars) {
			conf_diag(ps->c, CONF_ERROR, CONF_STAGE_SYNTAX, &s->loc,
			    "variables are not permitted in an .include "
			    "file name");
			continue;
		}
		conf_include(ps->c, &s->loc, s->s);
	}
}

static void
store_param(struct parser *ps, struct conf_param *p)
{
	struct conf *c = ps->c;
	struct conf_jail *j = c->cur;

	if ((p->flags & (CONF_PF_VAR | CONF_PF_APPEND | CONF_PF_NAMEVAL)) ==
	    CONF_PF_NAMEVAL && strcmp(p->name, ".include") == 0) {
		include_param(ps, p);
		return;
	}
	if (j == NULL) {
		j = c->blocks_tail;
		if (j == NULL || strcmp(j->name, "*") != 0)
			j = add_block(c, "*", &p->loc);
	}
	if (j->params_tail) {
		j->params_tail->next = p;
		p->prev = j->params_tail;
	} else
		j->params = p;
	j->params_tail = p;
}

/* param ';' */
static void
parse_param(struct parser *ps)
{
	struct conf *c = ps->c;
	struct conf_param *p = arena_alloc(c->arena, sizeof(*p));
	bool ok = true;

	p->loc = ps->tok.loc;
	p->name = ps->tok.s;
	if (ps->tok.type == T_VAR)
		p->flags |= CONF_PF_VAR;
	next(ps);
	if (is_punct(&ps->tok, '=')) {
		next(ps);
		ok = parse_value(ps, p);
	} else if (ps->tok.type == T_PLEQ) {
		next(ps);
		p->flags |= CONF_PF_APPEND;
		ok = parse_value(ps, p);
	} else if (starts_string(&ps->tok)) {
		p->flags |= CONF_PF_NAMEVAL;
		ok = parse_value(ps, p);
	} else if (ps->tok.type == T_STR1 || ps->tok.type == T_VAR1) {
		glued_name(ps, p->name);
		ok = false;
	}
	if (ok && !is_punct(&ps->tok, ';')) {
		syntax_error(ps, p->val ? "',' or ';'" : "'=', '+=', a value "
		    "or ';'");
		ok = false;
	}
	if (!ok) {
		recover(ps);
		return;
	}
	next(ps);
	store_param(ps, p);
}

static void parse_conf(struct parser *ps, bool in_block);

/* jail := STR '{' conf '}' */
static void
parse_jail(struct parser *ps)
{
	struct conf *c = ps->c;
	struct conf_jail *outer = c->cur, *j;
	const char *name = ps->tok.s;
	struct conf_loc loc = ps->tok.loc;

	if (outer != NULL) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "%s.%s", outer->name, name);
		name = arena_strndup(c->arena, b.s, b.len);
		buf_free(&b);
	}
	j = add_block(c, name, &loc);
	j->parent = outer;
	next(ps);	/* the name */
	next(ps);	/* '{' */
	c->cur = j;
	parse_conf(ps, true);
	c->cur = outer;
	if (is_punct(&ps->tok, '}'))
		next(ps);
	else
		syntax_error(ps, "'}'");
}

static void
parse_conf(struct parser *ps, bool in_block)
{
	for (;;) {
		const struct token *t = &ps->tok;

		if (t->type == T_EOF)
			return;
		if (is_punct(t, '}')) {
			if (in_block)
				return;
			syntax_error(ps, "a jail name or a parameter");
			next(ps);
			continue;
		}
		if (is_punct(t, ';')) {
			next(ps);
			continue;
		}
		if (t->type == T_STR && is_punct(peek(ps), '{')) {
			parse_jail(ps);
			continue;
		}
		if (t->type == T_STR || t->type == T_VAR) {
			parse_param(ps);
			continue;
		}
		syntax_error(ps, "a jail name or a parameter");
		recover(ps);
	}
}

void
conf_parse(struct conf *c, const char *file, const char *data, size_t len)
{
	struct parser ps;

	memset(&ps, 0, sizeof(ps));
	ps.c = c;
	lex_init(&ps.lx, c, file, data, len);
	next(&ps);
	/* An included file's parameters go to the block that included it,
	 * but its own '}' cannot close that block. */
	parse_conf(&ps, false);
}
