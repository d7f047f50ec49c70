/* brig's validation of resolved jails: names, the typed parameter
 * table, Linux support, and the depend order. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_int.h"
#include "params.h"
#include "rctl_conf.h"
#include "../util/buf.h"

#define MAX_JAIL_NAME	64	/* HOST_NAME_MAX: a jail name may be its
				 * hostname ("host.hostname = $name") */
#define MAX_HOSTNAME	64
#define MAX_IFNAME	15	/* IFNAMSIZ - 1 */
#define MAX_RULESET	5	/* brig's built-in devfs rulesets */

#define jerr(c, j, loc, sev, ...) \
	conf_jdiag(c, j, sev, CONF_STAGE_CHECK, loc, __VA_ARGS__)

/* Printable rendering of an untrusted name for messages. */
static const char *
printable(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	for (; *s && o + 5 < len; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o] = '\0';
	return buf;
}

static void
check_name(struct conf *c, const struct conf_jail *j)
{
	const char *n = j->name, *s;
	char buf[128];
	char *ep;

	if (n[0] == '\0') {
		jerr(c, j, &j->loc, CONF_ERROR, "a jail name cannot be empty");
		return;
	}
	for (s = n; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK, &j->loc,
			    "jail name \"%s\" contains a control character",
			    printable(n, buf, sizeof(buf)));
			return;
		}
	if (strlen(n) > MAX_JAIL_NAME) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK, &j->loc,
		    "jail name \"%.20s...\" is %zu bytes long; the limit is %d "
		    "(a Linux hostname)", n, strlen(n), MAX_JAIL_NAME);
		return;
	}
	if (strchr(n, '/') || strcmp(n, "..") == 0 || strcmp(n, ".") == 0 ||
	    strstr(n, "..")) {
		jerr(c, j, &j->loc, CONF_ERROR, "a jail name cannot contain "
		    "'/' or '..'");
		return;
	}
	for (s = n; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_-.", *s)) {
			jerr(c, j, &j->loc, CONF_ERROR, "invalid character '%c' "
			    "in the jail name (use letters, digits, '_', '-')",
			    *s);
			return;
		}
	if (n[0] == '-' || n[0] == '.') {
		jerr(c, j, &j->loc, CONF_ERROR, "a jail name cannot start with "
		    "'%c'", n[0]);
		return;
	}
	if (strtol(n, &ep, 10) != 0 && *ep == '\0') {
		jerr(c, j, &j->loc, CONF_ERROR, "a jail name cannot be a number "
		    "(jail(8) reads it as a jid)");
		return;
	}
	if (strchr(n, '.'))
		jerr(c, j, &j->loc, CONF_ERROR, "hierarchical (child) jails are "
		    "not supported yet");
}

static bool
parse_long(const char *s, long *out)
{
	char *ep;

	errno = 0;
	*out = strtol(s, &ep, 10);
	return ep != s && *ep == '\0' && errno == 0;
}

static bool
is_bool_word(const char *s)
{
	long dummy;

	return strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0 ||
	    parse_long(s, &dummy);
}

static bool
valid_ifname(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= MAX_IFNAME && !strpbrk(s, "/: \t\n") &&
	    strcmp(s, ".") && strcmp(s, "..");
}

/* [iface|]addr[/prefix], the form jail(8) gives ip4.addr and ip6.addr. */
static const char *
check_addr(const char *v, int af)
{
	char buf[INET6_ADDRSTRLEN + 64], ifname[64];
	unsigned char bin[16];
	const char *bar = strchr(v, '|'), *a = bar ? bar + 1 : v;
	const char *slash;
	long plen, max = af == AF_INET ? 32 : 128;

	if (bar) {
		if ((size_t)(bar - v) >= sizeof(ifname))
			return "interface name too long";
		memcpy(ifname, v, (size_t)(bar - v));
		ifname[bar - v] = '\0';
		if (!valid_ifname(ifname))
			return "invalid interface name (at most 15 bytes, no "
			    "'/', ':' or blanks)";
	}
	slash = strchr(a, '/');
	if (strlen(a) >= sizeof(buf))
		return "address too long";
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - a) :
	    (int)strlen(a), a);
	if (inet_pton(af, buf, bin) != 1)
		return af == AF_INET ? "not an IPv4 address" :
		    "not an IPv6 address";
	if (slash) {
		if (parse_long(slash + 1, &plen)) {
			if (plen < 0 || plen > max)
				return "prefix length out of range";
		} else if (af != AF_INET || inet_pton(AF_INET, slash + 1,
		    bin) != 1)
			return "invalid prefix length or netmask";
	}
	return NULL;
}

/* Is the parameter asking for something (true, non-zero, non-empty)? */
static bool
is_set(const struct conf_param *p, const struct param_def *d)
{
	long n;

	switch (d->type) {
	case PT_BOOL:
		return conf_param_bool(p);
	case PT_INT:
		return p->val && parse_long(p->val_tail->s, &n) && n != 0;
	case PT_JAILSYS:
		if (p->val == NULL)
			return conf_param_bool(p);
		return strcmp(p->val_tail->s, "disable") != 0 &&
		    strcasecmp(p->val_tail->s, "false") != 0 &&
		    strcmp(p->val_tail->s, "0") != 0;
	default:
		return p->val && (p->val->next || p->val->s[0]);
	}
}

static void
check_value(struct conf *c, const struct conf_jail *j,
    const struct conf_param *p, const struct param_def *d)
{
	const struct conf_str *s;
	const char *why;
	long n;

	if (d->type == PT_BOOL || d->type == PT_JAILSYS) {
		if (p->val == NULL)
			return;
		if (p->val->next)
			jerr(c, j, &p->loc, CONF_ERROR, "%s takes one value, "
			    "not a list", d->name);
		if (d->type == PT_JAILSYS && (!strcmp(p->val_tail->s, "new") ||
		    !strcmp(p->val_tail->s, "inherit") ||
		    !strcmp(p->val_tail->s, "disable")))
			return;
		if (!is_bool_word(p->val_tail->s))
			jerr(c, j, &p->loc, CONF_ERROR, "%s: unknown %s value "
			    "\"%s\"", d->name, d->type == PT_BOOL ? "boolean" :
			    "new|inherit|disable", p->val_tail->s);
		return;
	}
	if (p->val == NULL) {
		jerr(c, j, &p->loc, CONF_ERROR, "%s needs a value (%s)",
		    d->name, params_type_name(d->type));
		return;
	}
	switch (d->type) {
	case PT_INT:
		if (p->val->next)
			jerr(c, j, &p->loc, CONF_ERROR, "%s takes one value, "
			    "not a list", d->name);
		if (!parse_long(p->val_tail->s, &n))
			jerr(c, j, &p->loc, CONF_ERROR, "%s: \"%s\" is not an "
			    "integer", d->name, p->val_tail->s);
		else if (d->min != d->max && (n < d->min || n > d->max))
			jerr(c, j, &p->loc, CONF_ERROR, "%s: %ld is out of "
			    "range (%ld to %ld)", d->name, n, d->min, d->max);
		break;
	case PT_STRING:
		if (p->val->next)
			jerr(c, j, &p->loc, CONF_ERROR, "%s takes one value, "
			    "not a list", d->name);
		break;
	case PT_ADDR4:
	case PT_ADDR6:
		for (s = p->val; s; s = s->next)
			if ((why = check_addr(s->s, d->type == PT_ADDR4 ?
			    AF_INET : AF_INET6)) != NULL)
				jerr(c, j, &s->loc, CONF_ERROR, "%s: \"%s\": %s",
				    d->name, s->s, why);
		break;
	default:
		break;
	}
}

static void
check_support(struct conf *c, const struct conf_jail *j,
    const struct conf_param *p, const struct param_def *d)
{
	if (d->flags & PD_READONLY) {
		jerr(c, j, &p->loc, CONF_ERROR, "%s is read-only: the kernel "
		    "reports it, a configuration cannot set it", d->name);
		return;
	}
	if (d->support == PS_REFUSED && is_set(p, d))
		jerr(c, j, &p->loc, CONF_ERROR, "%s: not supported on Linux "
		    "(%s)", d->name, d->note);
	else if (d->support == PS_IGNORED && is_set(p, d))
		jerr(c, j, &p->loc, CONF_WARNING, "%s: not supported on Linux "
		    "(%s); ignored", d->name, d->note);
}

/* brig.rctl: each value a rule without its subject, then what brig on
 * Linux can enforce of them, as for rctl.conf; the messages of both
 * readers, in a scratch conf, come back prefixed with the jail. */
static void
check_rctl_param(struct conf *c, const struct conf_jail *j,
    const struct conf_param *p)
{
	struct conf *t = conf_new(0);
	struct rctl_set set = { NULL, 0 };
	const struct conf_str *v;
	const struct conf_diag *d;
	size_t n = 0, i;

	for (v = p->val; v; v = v->next)
		n++;
	set.rules = arena_alloc(t->arena, (n ? n : 1) * sizeof(*set.rules));
	for (v = p->val; v; v = v->next)
		if (rctl_param_parse(t, j->name, v, &set.rules[set.n]) == 0)
			set.n++;
	rctl_check_linux(t, &set);
	for (i = 0; i < t->ndiags; i++) {
		d = &t->diags[i];
		jerr(c, j, &d->loc, d->sev, "brig.rctl: %s", d->msg);
	}
	conf_free(t);
}

/* Checks that need the meaning of one parameter. */
static void
check_meaning(struct conf *c, const struct conf_jail *j,
    const struct conf_param *p, const struct param_def *d)
{
	const struct conf_str *s;
	const char *v = conf_param_str(p);
	long n;

	if (v == NULL || !(d->flags & PD_MEANING))
		return;
	if (!strcmp(d->name, "path") && v[0] != '/')
		jerr(c, j, &p->loc, CONF_ERROR, "path \"%s\" is not an absolute "
		    "path name", v);
	else if (!strcmp(d->name, "host.hostname") && strlen(v) > MAX_HOSTNAME)
		jerr(c, j, &p->loc, CONF_ERROR, "host.hostname is %zu bytes "
		    "long; Linux allows %d", strlen(v), MAX_HOSTNAME);
	else if (!strcmp(d->name, "devfs_ruleset") && parse_long(v, &n) &&
	    n > MAX_RULESET)
		jerr(c, j, &p->loc, CONF_ERROR, "devfs_ruleset %ld does not "
		    "exist (brig has FreeBSD's rulesets 0-%d; see brig.conf(5))",
		    n, MAX_RULESET);
	else if (!strcmp(v, "inherit") && (!strcmp(d->name, "host") ||
	    !strncmp(d->name, "sysv", 4)))
		jerr(c, j, &p->loc, CONF_ERROR, "%s = inherit: not supported on "
		    "Linux (a jail always has its own %s namespace)", d->name,
		    d->name[0] == 'h' ? "UTS" : "IPC");
	else if (!strcmp(d->name, "brig.rctl"))
		check_rctl_param(c, j, p);
	else if (!strcmp(d->name, "brig.storage") && strcmp(v, "dir") &&
	    strcmp(v, "btrfs") && strcmp(v, "zfs") && strcmp(v, "overlay"))
		jerr(c, j, &p->loc, CONF_ERROR, "brig.storage \"%s\": expected "
		    "dir, btrfs, zfs or overlay", v);
	else if (!strcmp(d->name, "interface") || !strcmp(d->name,
	    "brig.bridge")) {
		if (!valid_ifname(v))
			jerr(c, j, &p->loc, CONF_ERROR, "%s \"%s\": not a valid "
			    "interface name (1-15 bytes, no '/', ':' or blanks)",
			    d->name, v);
	} else if (!strcmp(d->name, "vnet.interface")) {
		for (s = p->val; s; s = s->next)
			if (!valid_ifname(s->s))
				jerr(c, j, &s->loc, CONF_ERROR, "vnet.interface "
				    "\"%s\": not a valid interface name (1-15 "
				    "bytes, no '/', ':' or blanks)", s->s);
	} else if ((!strcmp(d->name, "ip4.addr") ||
	    !strcmp(d->name, "ip6.addr")) && p->val &&
	    !conf_jailsys_new(j, "vnet"))
		jerr(c, j, &p->loc, CONF_WARNING, "%s: brig adds these "
		    "addresses to the host interface while the jail runs, but "
		    "does not yet restrict the jail's sockets to them (the "
		    "jail shares the host's network stack)", d->name);
}

static void
check_param(struct conf *c, const struct conf_jail *j, struct conf_param *p)
{
	const struct param_def *d;
	const char *hint;
	bool neg;
	char buf[128];

	if (p->looked) {
		d = p->def;
		neg = p->neg;
	} else
		d = params_lookup_opt(p->name, &neg);
	if (d == NULL) {
		hint = params_suggest(p->name);
		if (hint)
			jerr(c, j, &p->loc, CONF_ERROR, "unknown parameter "
			    "\"%s\"; did you mean \"%s\"?", printable(p->name,
			    buf, sizeof(buf)), hint);
		else
			jerr(c, j, &p->loc, CONF_ERROR, "unknown parameter "
			    "\"%s\"", printable(p->name, buf, sizeof(buf)));
		return;
	}
	p->def = d;
	if (neg && p->val && d->type == PT_JAILSYS &&
	    !is_bool_word(p->val_tail->s)) {
		jerr(c, j, &p->loc, CONF_ERROR, "%s: a \"no\" form takes no "
		    "value or a boolean", p->name);
		return;
	}
	check_value(c, j, p, d);
	check_support(c, j, p, d);
	check_meaning(c, j, p, d);
}

/* Jail names -> index in file order (the first of duplicates). */
struct name_index {
	size_t cap;
	long *slot;		/* -1: empty */
	struct conf_jail **v;
	size_t n;
};

static unsigned long
hash_name(const char *s)
{
	unsigned long h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static long
index_find(const struct name_index *ix, const char *name)
{
	size_t i = hash_name(name) & (ix->cap - 1);

	for (; ix->slot[i] >= 0; i = (i + 1) & (ix->cap - 1))
		if (strcmp(ix->v[ix->slot[i]]->name, name) == 0)
			return ix->slot[i];
	return -1;
}

/* Build the index; report a name defined twice. */
static void
index_build(struct conf *c, struct name_index *ix)
{
	struct conf_jail *j;
	size_t i;

	ix->n = c->njails;
	for (ix->cap = 16; ix->cap < 2 * ix->n; ix->cap *= 2)
		;
	ix->slot = xmalloc(ix->cap * sizeof(*ix->slot));
	for (i = 0; i < ix->cap; i++)
		ix->slot[i] = -1;
	ix->v = xmalloc((ix->n ? ix->n : 1) * sizeof(*ix->v));
	for (i = 0, j = c->jails; j; j = j->next, i++) {
		long first = index_find(ix, j->name);
		size_t h;

		ix->v[i] = j;
		if (first >= 0) {
			const struct conf_jail *k = ix->v[first];

			jerr(c, j, &j->loc, CONF_ERROR, "defined again (first "
			    "at %s:%u); jail(8) would make two jails of one "
			    "name", k->loc.file ? k->loc.file : "?",
			    k->loc.line);
			continue;
		}
		h = hash_name(j->name) & (ix->cap - 1);
		while (ix->slot[h] >= 0)
			h = (h + 1) & (ix->cap - 1);
		ix->slot[h] = (long)i;
	}
}

/* depend: every name exists; the order puts each jail's dependencies
 * before it and is otherwise the order of the file; a cycle is an
 * error.  An iterative depth-first search, so that long chains cannot
 * exhaust the stack. */
static void
check_depend(struct conf *c, const struct name_index *ix)
{
	enum { NEW, ACTIVE, DONE };
	size_t n = ix->n, i, done = 0, sp;
	unsigned char *state = calloc(n ? n : 1, 1);
	size_t *stack = xmalloc((n ? n : 1) * sizeof(*stack));
	struct conf_str **cursor = calloc(n ? n : 1, sizeof(*cursor));
	struct conf_param *dep;
	struct conf_str *s;

	if (state == NULL || cursor == NULL)
		abort();
	free(c->order);
	c->order = xmalloc((n ? n : 1) * sizeof(*c->order));
	for (i = 0; i < n; i++) {
		dep = conf_param_find(ix->v[i], "depend");
		cursor[i] = dep ? dep->val : NULL;
		for (s = cursor[i]; s; s = s->next)
			if (index_find(ix, s->s) < 0)
				jerr(c, ix->v[i], &s->loc, CONF_ERROR,
				    "depend: no jail named \"%s\"", s->s);
	}
	for (i = 0; i < n; i++) {
		if (state[i] != NEW)
			continue;
		sp = 0;
		stack[sp++] = i;
		state[i] = ACTIVE;
		while (sp > 0) {
			size_t top = stack[sp - 1];
			long d = -1;

			while ((s = cursor[top]) != NULL) {
				cursor[top] = s->next;
				d = index_find(ix, s->s);
				if (d < 0 || state[d] == DONE)
					continue;
				if (state[d] == ACTIVE) {
					jerr(c, ix->v[top], &s->loc, CONF_ERROR,
					    "depend: \"%s\" is part of a "
					    "dependency cycle", s->s);
					continue;
				}
				break;
			}
			if (s != NULL) {
				state[d] = ACTIVE;
				stack[sp++] = (size_t)d;
				continue;
			}
			state[top] = DONE;
			c->order[done++] = ix->v[top];
			sp--;
		}
	}
	free(cursor);
	free(stack);
	free(state);
}

void
conf_check(struct conf *c)
{
	struct name_index ix;
	struct conf_jail *j;
	struct conf_param *p;

	index_build(c, &ix);
	for (j = c->jails; j; j = j->next) {
		check_name(c, j);
		for (p = j->params; p; p = p->next)
			check_param(c, j, p);
	}
	check_depend(c, &ix);
	free(ix.slot);
	free(ix.v);
}
