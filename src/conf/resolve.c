/* Resolution: from parsed blocks to each jail's parameters, as
 * FreeBSD's load_config() and add_param() (usr.sbin/jail/config.c) do:
 *
 * - a jail's parameters are, in order: its name (or jid when the name
 *   is a number), the "*" blocks and global parameters that come before
 *   it in the file, its own block, then the "*" blocks after it;
 *   hierarchical wildcards ("foo.*") apply to matching children;
 * - a parameter set again keeps its first place; "=" replaces its
 *   values, "+=" appends; "persist" and "nopersist" are the same
 *   parameter, and the name last written wins;
 * - $variables are substituted per jail after everything is collected,
 *   so they see the final values; a referenced parameter whose own
 *   value still has variables is moved in front of the one using it
 *   (this is visible in the parameter order); loops, undefined
 *   variables and a list used inside a longer string are errors;
 * - user variables ($name = ...) are then dropped. */
#include <stdlib.h>
#include <string.h>

#include "conf_int.h"
#include "params.h"
#include "../util/buf.h"

bool
conf_equalopts(const char *a, const char *b)
{
	size_t la, lb;
	const char *dot;

	/* Names that differ in their first byte are equal only through a
	 * leading "no" (the hot path of resolving). */
	if (a[0] != b[0] && a[0] != 'n' && b[0] != 'n')
		return false;
	la = strlen(a);
	lb = strlen(b);

	/* A "no" changes the length by two: anything else is a plain
	 * comparison or a mismatch (this is the hot path of resolving). */
	if (la == lb)
		return strcmp(a, b) == 0;
	if (la != lb + 2 && lb != la + 2)
		return false;
	if (strncmp(a, "no", 2) == 0 && strcmp(a + 2, b) == 0)
		return true;
	if (strncmp(b, "no", 2) == 0 && strcmp(a, b + 2) == 0)
		return true;
	while ((dot = strchr(a, '.')) != NULL &&
	    strncmp(a, b, (size_t)(dot + 1 - a)) == 0) {
		b += dot + 1 - a;
		a = dot + 1;
		if (strncmp(a, "no", 2) == 0 && strcmp(a + 2, b) == 0)
			return true;
		if (strncmp(b, "no", 2) == 0 && strcmp(a, b + 2) == 0)
			return true;
	}
	return false;
}

bool
conf_wild_name(const char *name)
{
	const char *wc;

	for (wc = strchr(name, '*'); wc; wc = strchr(wc + 1, '*'))
		if ((wc == name || wc[-1] == '.') &&
		    (wc[1] == '\0' || wc[1] == '.'))
			return true;
	return false;
}

/* A non-final "*" component matches one jail component; a final one
 * matches one or more. */
bool
conf_wild_match(const char *jname, const char *wname)
{
	const char *jc, *jd, *wc, *wd;

	for (jc = jname, wc = wname;
	    (jd = strchr(jc, '.')) && (wd = strchr(wc, '.'));
	    jc = jd + 1, wc = wd + 1)
		if (strncmp(jc, wc, (size_t)(jd - jc + 1)) &&
		    strncmp(wc, "*.", 2))
			return false;
	return strcmp(jc, wc) == 0 || strcmp(wc, "*") == 0;
}

static struct conf_str *
copy_str(struct conf *c, const struct conf_str *s)
{
	struct conf_str *n = arena_alloc(c->arena, sizeof(*n));
	struct conf_var *v, **tail = &n->vars;

	n->s = s->s;	/* substitution always makes a new string */
	n->len = s->len;
	n->loc = s->loc;
	for (v = s->vars; v; v = v->next) {
		struct conf_var *nv = arena_alloc(c->arena, sizeof(*nv));

		*nv = *v;
		nv->next = NULL;
		*tail = nv;
		tail = &nv->next;
	}
	return n;
}

static void
append_param(struct conf_jail *j, struct conf_param *p)
{
	p->next = NULL;
	p->prev = j->params_tail;
	if (j->params_tail)
		j->params_tail->next = p;
	else
		j->params = p;
	j->params_tail = p;
}

void
conf_param_unlink(struct conf_jail *j, struct conf_param *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		j->params = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		j->params_tail = p->prev;
	p->next = p->prev = NULL;
}

static void
insert_before(struct conf_jail *j, struct conf_param *at,
    struct conf_param *p)
{
	p->next = at;
	p->prev = at->prev;
	if (at->prev)
		at->prev->next = p;
	else
		j->params = p;
	at->prev = p;
}

#define jail_error(c, j, loc, ...) do { \
	conf_jdiag(c, j, CONF_ERROR, CONF_STAGE_RESOLVE, loc, __VA_ARGS__); \
	(j)->flags |= CONF_JF_FAILED; \
} while (0)

/* What the table says of a parameter name, worked out once per written
 * parameter however many jails it is copied into. */
static void
look_up(struct conf_param *p)
{
	if (p->looked)
		return;
	p->def = params_lookup_opt(p->name, &p->neg);
	p->fbsd_flags = 0;
	p->fbsd = params_fbsd_flags(p->name, &p->fbsd_flags);
	p->looked = true;
}

static void
take_lookup(struct conf_param *dst, const struct conf_param *src)
{
	dst->def = src->def;
	dst->neg = src->neg;
	dst->fbsd = src->fbsd;
	dst->fbsd_flags = src->fbsd_flags;
	dst->looked = true;
}

/* add_param(): copy p into jail j, appending or replacing. */
static void
add_param(struct conf *c, struct conf_jail *j, struct conf_param *p)
{
	struct conf_param *dp, *np;
	struct conf_str *s, *head = NULL, *tail = NULL;

	for (s = p->val; s; s = s->next) {
		struct conf_str *ns = copy_str(c, s);

		if (tail)
			tail->next = ns;
		else
			head = ns;
		tail = ns;
	}
	look_up(p);
	/* Two names of the table are the same parameter exactly when they
	 * name the same entry; anything else takes equalopts(). */
	for (dp = j->params; dp; dp = dp->next)
		if (dp->def && p->def ? dp->def == p->def :
		    conf_equalopts(dp->name, p->name))
			break;
	if (dp != NULL) {
		if ((p->flags ^ dp->flags) & CONF_PF_VAR) {
			jail_error(c, j, &p->loc, "variable \"$%s\" cannot have "
			    "the same name as a parameter", p->name);
			return;
		}
		if (dp->flags & CONF_PF_IMMUTABLE) {
			jail_error(c, j, &p->loc, "cannot redefine parameter "
			    "\"%s\"", dp->name);
			return;
		}
		if (strcmp(dp->name, p->name) != 0) {
			dp->name = p->name;
			look_up(p);
			take_lookup(dp, p);
		}
		if (!(p->flags & CONF_PF_APPEND) || head == NULL)
			dp->val = dp->val_tail = NULL;
		if (head) {
			if (dp->val_tail)
				dp->val_tail->next = head;
			else
				dp->val = head;
			dp->val_tail = tail;
		}
		dp->flags |= p->flags & ~CONF_PF_NAMEVAL;
		dp->loc = p->loc;
		return;
	}
	np = arena_alloc(c->arena, sizeof(*np));
	np->name = p->name;
	np->flags = p->flags & ~CONF_PF_NAMEVAL;
	np->val = head;
	np->val_tail = tail;
	np->loc = p->loc;
	look_up(p);
	take_lookup(np, p);
	np->flags |= p->fbsd_flags;
	if (p->fbsd && (p->flags & CONF_PF_VAR)) {
		jail_error(c, j, &p->loc, "variable \"$%s\" cannot have the "
		    "same name as a parameter", p->name);
		return;
	}
	append_param(j, np);
}

/* The implicit "name" (or "jid" for a numeric name) parameter. */
static void
add_name(struct conf *c, struct conf_jail *j)
{
	struct conf_param *p = arena_alloc(c->arena, sizeof(*p));
	struct conf_str *s = arena_alloc(c->arena, sizeof(*s));
	char *ep;

	s->s = (char *)j->name;
	s->len = strlen(j->name);
	s->loc = j->loc;
	p->name = strtol(j->name, &ep, 10) && *ep == '\0' ? "jid" : "name";
	p->flags = CONF_PF_APPEND | CONF_PF_IMMUTABLE | CONF_PF_IMPLICIT;
	p->val = p->val_tail = s;
	look_up(p);
	p->loc = j->loc;
	append_param(j, p);
}

static struct conf_param *
find_exact(const struct conf_jail *j, const char *name)
{
	struct conf_param *p;

	for (p = j->params; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* Replace every variable of s by the first value of its parameter, in
 * one pass: a string with many variables costs its length, not its
 * length times their number.  A list variable alone in an empty string
 * stands for the whole value: its other elements follow s as values of
 * their own (config.c). */
static void
splice_all(struct conf *c, struct conf_param *p, struct conf_str *s)
{
	const struct conf_str *vs;
	struct conf_var *v;
	size_t total = s->len, at = 0, prev = 0;
	char *n;

	for (v = s->vars; v; v = v->next)
		total += v->ref->val->len;
	n = arena_alloc_raw(c->arena, total + 1);
	for (v = s->vars; v; v = v->next) {
		memcpy(n + at, s->s + prev, v->pos - prev);
		at += v->pos - prev;
		prev = v->pos;
		memcpy(n + at, v->ref->val->s, v->ref->val->len);
		at += v->ref->val->len;
	}
	memcpy(n + at, s->s + prev, s->len - prev + 1);
	vs = s->vars && !s->vars->next ? s->vars->ref->val->next : NULL;
	s->s = n;
	s->len = total;
	s->vars = NULL;
	for (; vs; vs = vs->next) {
		struct conf_str *ns = copy_str(c, vs);

		ns->next = s->next;
		s->next = ns;
		if (p->val_tail == s)
			p->val_tail = ns;
		s = ns;
	}
}

static void
mark_bad(struct conf_jail *j, unsigned gen)
{
	struct conf_param *p;

	j->flags |= CONF_JF_FAILED;
	for (p = j->params; p; p = p->next)
		if (p->gen == gen)
			p->flags |= CONF_PF_BAD;
}

static bool
has_vars(const struct conf_param *p)
{
	const struct conf_str *s;

	for (s = p->val; s; s = s->next)
		if (s->vars)
			return true;
	return false;
}

/* Check the variables of one string of p, in order, as config.c's
 * find_vars loop does: a bad one is reported and dropped.  Returns a
 * referenced parameter whose own value still has variables (to resolve
 * first), or NULL when every variable is ready to substitute. */
static struct conf_param *
check_vars(struct conf *c, struct conf_jail *j, struct conf_param *p,
    struct conf_str *s, unsigned pgen)
{
	struct conf_var **vv = &s->vars, *v;
	struct conf_param *vp;
	bool text = s->len > 0;	/* is the value so far non-empty? */

	while ((v = *vv) != NULL) {
		vp = find_exact(j, v->name);
		if (vp == NULL || vp->val == NULL) {
			jail_error(c, j, &v->loc, "%s: variable \"%s\" is not "
			    "defined", p->name, v->name);
			goto bad;
		}
		if (vp->flags & CONF_PF_BAD)
			goto bad;
		if (vp->gen == pgen) {
			jail_error(c, j, &v->loc, "%s: variable loop through "
			    "\"%s\"", p->name, v->name);
			goto bad;
		}
		if (has_vars(vp))
			return vp;
		if (vp->val->next && (text || v->next)) {
			jail_error(c, j, &v->loc, "%s: list \"%s\" cannot be "
			    "substituted inside a string", p->name, v->name);
			goto bad;
		}
		v->ref = vp;
		text = text || vp->val->len > 0;
		vv = &v->next;
		continue;
bad:
		mark_bad(j, pgen);
		*vv = v->next;
	}
	return NULL;
}

/* Substitute variables in every parameter of j (config.c's find_vars
 * loop): a referenced parameter whose value still has variables is
 * moved in front of the one using it and resolved first. */
static void
substitute(struct conf *c, struct conf_jail *j)
{
	struct conf_param *p, *vp;
	struct conf_str *s;
	unsigned pgen = 0;

	for (p = j->params; p; p = p->next) {
		p->gen = ++pgen;
restart:
		for (s = p->val; s; s = s->next) {
			if (s->vars == NULL)
				continue;
			if ((vp = check_vars(c, j, p, s, pgen)) != NULL) {
				vp->gen = pgen;
				conf_param_unlink(j, vp);
				insert_before(j, p, vp);
				p = vp;
				goto restart;
			}
			splice_all(c, p, s);
		}
	}
}

static void
drop_vars(struct conf_jail *j)
{
	struct conf_param *p, *next;

	for (p = j->params; p; p = next) {
		next = p->next;
		if (p->flags & CONF_PF_VAR)
			conf_param_unlink(j, p);
	}
}

void
conf_resolve(struct conf *c)
{
	struct conf_jail *b, *next, **jt = &c->jails, **wt = &c->wild;
	struct conf_jail *j, *wj;
	struct conf_param *p, *own;

	for (b = c->blocks; b; b = next) {
		next = b->next;
		b->next = NULL;
		if (conf_wild_name(b->name)) {
			*wt = b;
			wt = &b->next;
		} else {
			*jt = b;
			jt = &b->next;
			c->njails++;
		}
	}
	c->blocks = c->blocks_tail = NULL;
	for (j = c->jails; j; j = j->next) {
		bool did_self = false;

		own = j->params;
		j->params = j->params_tail = NULL;
		add_name(c, j);
		for (wj = c->wild; wj; wj = wj->next) {
			if (j->seq < wj->seq && !did_self) {
				for (p = own; p; p = p->next)
					add_param(c, j, p);
				did_self = true;
			}
			if (conf_wild_match(j->name, wj->name))
				for (p = wj->params; p; p = p->next)
					add_param(c, j, p);
		}
		if (!did_self)
			for (p = own; p; p = p->next)
				add_param(c, j, p);
		substitute(c, j);
		drop_vars(j);
	}
}

struct conf_jail *
conf_jail_find(const struct conf *c, const char *name)
{
	struct conf_jail *j;

	for (j = c->jails; j; j = j->next)
		if (strcmp(j->name, name) == 0)
			return j;
	return NULL;
}

struct conf_param *
conf_param_find(const struct conf_jail *j, const char *name)
{
	struct conf_param *p;

	for (p = j->params; p; p = p->next)
		if (conf_equalopts(p->name, name))
			return p;
	return NULL;
}

bool
conf_param_bool(const struct conf_param *p)
{
	const char *dot, *last;
	bool neg;

	if (p == NULL)
		return false;
	dot = strrchr(p->name, '.');
	neg = strncmp(dot ? dot + 1 : p->name, "no", 2) == 0;
	if (p->val == NULL)
		return !neg;
	last = p->val_tail->s;
	return neg ^ (strcasecmp(last, "true") == 0 ||
	    strtol(last, NULL, 10) != 0);
}

const char *
conf_param_str(const struct conf_param *p)
{
	return p && p->val_tail ? p->val_tail->s : NULL;
}

bool
conf_jailsys_new(const struct conf_jail *j, const char *name)
{
	const struct conf_param *p = j ? conf_param_find(j, name) : NULL;
	const char *v = conf_param_str(p);

	if (p == NULL)
		return false;
	if (v && strcmp(v, "new") == 0)
		return strncmp(p->name, "no", 2) != 0;
	if (v && (strcmp(v, "inherit") == 0 || strcmp(v, "disable") == 0))
		return false;
	return conf_param_bool(p);
}

const char *
conf_param_canon(const struct conf_param *p, char *buf, size_t len)
{
	const char *dot = strrchr(p->name, '.');
	const char *last = dot ? dot + 1 : p->name;

	/* "nopersist" and "allow.noraw_sockets" name a known parameter
	 * without their "no"; "nodename" (unknown) stays as written. */
	if (p->looked && !p->neg)
		return p->name;
	if (strncmp(last, "no", 2) == 0 && params_lookup(p->name) == NULL) {
		snprintf(buf, len, "%.*s%s", (int)(last - p->name), p->name,
		    last + 2);
		if (params_lookup(buf) != NULL)
			return buf;
	}
	return p->name;
}
