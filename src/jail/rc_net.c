/* rc.conf's network settings as a plan: FreeBSD's rc.d/netif
 * (network.subr ifn_start: ifconfig_up, ipv4_up, ipv6_up) and
 * rc.d/routing (static_inet, static_inet6), read, never run.  Pure: the
 * words of each variable become typed operations in the order rc(8)
 * acts, and every problem a diagnostic at the variable's place.
 *
 * An ifconfig_IF line is ifconfig(8) arguments (network.subr evals
 * "ifconfig IF $ifconfig_IF"): brig parses them with its own ifconfig's
 * parser (net/ifconfig.h), after network.subr's ifconfig_getargs has
 * taken out its pseudo-arguments (DHCP, SYNCDHCP, NOSYNCDHCP, NOAUTO,
 * WPA, HOSTAP, "vnet JAIL"). */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rc.h"
#include "rc_int.h"
#include "../net/ifconfig.h"
#include "../util/buf.h"

#define MAX_ALIASES	256	/* ifconfig_IF_aliasN of one interface */
#define IFC_ALLOWED	"inet, inet6, ADDR[/LEN], netmask, prefixlen, alias, " \
	"mtu, up"

/* What an ifconfig_* variable is about. */
enum vkind { V_MAIN, V_IPV6, V_ALIAS, V_ALIASES, V_OTHER };

struct alias {
	unsigned long n;
	const struct rcconf_var *v;
};

/* The variables of one interface, as rc.conf names it. */
struct iface {
	char key[NET_NAMESZ];
	const struct rcconf_var *main, *ipv6, *aliases;
	struct alias alias[MAX_ALIASES];
	size_t nalias;
};

/* The builder of rc_net_plan(): rc_int.h's, and the interfaces. */
struct builder {
	struct rc_builder r;
	struct iface *ifs;
	size_t nifs;
};

/* --- diagnostics ------------------------------------------------------- */

static void __attribute__((format(printf, 4, 0)))
vdiag(struct rc_builder *b, enum conf_sev sev, const struct rcconf_var *v,
    const char *fmt, va_list ap)
{
	char msg[768];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	conf_diag(b->c, sev, CONF_STAGE_CHECK, &v->loc, "%s: %s", v->name, msg);
}

void
rc_fail(struct rc_builder *b, const struct rcconf_var *v, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(b, CONF_ERROR, v, fmt, ap);
	va_end(ap);
}

void
rc_warn(struct rc_builder *b, const struct rcconf_var *v, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(b, CONF_WARNING, v, fmt, ap);
	va_end(ap);
}

#define fail(b, ...)	rc_fail(&(b)->r, __VA_ARGS__)
#define warn(b, ...)	rc_warn(&(b)->r, __VA_ARGS__)
#define push(b, ...)	rc_push(&(b)->r, __VA_ARGS__)

/* --- words ------------------------------------------------------------- */

/* sh word splitting of an unquoted expansion (default IFS). */
int
rc_split(const char *s, struct rc_words *ws)
{
	char *p, *w;

	ws->n = 0;
	ws->copy = xstrdup(s);
	for (p = ws->copy; (w = strsep(&p, " \t\n")) != NULL;) {
		if (*w == '\0')
			continue;
		if (ws->n == RC_MAX_SPLIT) {
			ws->w[ws->n] = NULL;
			return -1;
		}
		ws->w[ws->n++] = w;
	}
	ws->w[ws->n] = NULL;
	return 0;
}

void
rc_words_free(struct rc_words *ws)
{
	free(ws->copy);
	ws->copy = NULL;
}

/* network.subr get_if_var: ".-/+" in an interface name become '_'. */
void
rc_ltr(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < len; i++)
		out[i] = strchr(".-/+", in[i]) ? '_' : in[i];
	out[i] = '\0';
}

/* The first character that sh's eval would not take as a plain one. */
static int
shell_char(const char *s)
{
	for (; *s; s++)
		if (strchr("'\"\\$`;&|<>(){}*?[]~#", *s))
			return *s;
	return 0;
}

static bool
addr_like(const char *w)
{
	return strpbrk(w, ".:/") != NULL || (*w >= '0' && *w <= '9');
}

/* --- the plan ---------------------------------------------------------- */

struct rc_net_op *
rc_push(struct rc_builder *b, enum rc_net_kind kind,
    const struct rcconf_var *v, const char *ifname, bool from_var)
{
	struct rc_net_op *op;

	if (b->p->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->p->ops = xrealloc(b->p->ops, b->cap * sizeof(*op));
	}
	op = &b->p->ops[b->p->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	snprintf(op->ifname, sizeof(op->ifname), "%s", ifname ? ifname : "");
	op->from_var = from_var;
	op->var = v->name;
	op->loc = v->loc;
	return op;
}

/* ifconfig(8) without a netmask: the historical class mask, with a
 * warning (sbin/ifconfig af_inet.c in_setdefaultmask_nl, warn_nomask). */
static int
class_len(const unsigned char *a)
{
	return a[0] < 128 ? 8 : a[0] < 192 ? 16 : 24;
}

static void
push_addr(struct builder *b, const struct iface *f,
    const struct rcconf_var *v, const struct ifc_op *o)
{
	struct rc_net_op *op = push(b, RC_NET_ADDR, v, f->key, true);
	char a[INET6_ADDRSTRLEN];

	op->addr.family = o->family;
	memcpy(op->addr.addr, o->addr, sizeof(op->addr.addr));
	if (o->prefix >= 0) {
		op->addr.prefixlen = (unsigned)o->prefix;
		return;
	}
	if (o->family == AF_INET6) {
		op->addr.prefixlen = 64;	/* ifconfig.8: prefixlen */
		return;
	}
	op->addr.prefixlen = (unsigned)class_len(o->addr);
	inet_ntop(AF_INET, o->addr, a, sizeof(a));
	warn(b, v, "no netmask for %s: FreeBSD's ifconfig takes the "
	    "historical class mask (/%u) and warns; write %s/%u", a,
	    op->addr.prefixlen, a, op->addr.prefixlen);
}

/* The operations of one ifconfig command line; -1 if it reported an
 * error. */
static int
apply_cmd(struct builder *b, const struct iface *f,
    const struct rcconf_var *v, const struct ifc_cmd *cmd)
{
	const struct ifc_op *o;
	size_t k;
	int rc = 0;

	for (k = 0; k < cmd->n; k++) {
		o = &cmd->ops[k];
		switch (o->op) {
		case IFC_ADDR:
			if (o->alias == IFC_ALIAS_DEL) {
				fail(b, v, "-alias removes an address; rc.conf "
				    "only sets them");
				rc = -1;
			} else
				push_addr(b, f, v, o);
			break;
		case IFC_UP:
			push(b, RC_NET_UP, v, f->key, true);
			break;
		case IFC_MTU:
			push(b, RC_NET_MTU, v, f->key, true)->mtu = o->mtu;
			break;
		case IFC_DOWN:
			warn(b, v, "\"down\" does not last: network.subr "
			    "brings the interface up after ifconfig_IF");
			break;
		case IFC_LIST:
			break;
		case IFC_CREATE:
		case IFC_DESTROY:
		case IFC_ADDM:
		case IFC_DELETEM:
		case IFC_VNET:
		case IFC_UNVNET:
		case IFC_NOPS:
		default:
			fail(b, v, "\"%s\" is not supported in rc.conf by brig "
			    "(supported: %s)", ifc_op_name(o->op), IFC_ALLOWED);
			rc = -1;
			break;
		}
	}
	return rc;
}

static bool
word_is(const char *w, const char *kw)
{
	return strcasecmp(w, kw) == 0;
}

/* One word of an ifconfig line: 0 to keep it, 1 to drop it (a
 * pseudo-argument, or a no-op on Linux), -1 after reporting it. */
static int
screen_word(struct builder *b, const struct rcconf_var *v, const char *w)
{
	static const char *const kws[] = { "inet", "inet6", "alias", "add",
	    "-alias", "delete", "remove", "up", "down", "mtu", "netmask",
	    "prefixlen" };
	size_t k;

	if (word_is(w, "DHCP") || word_is(w, "SYNCDHCP") ||
	    word_is(w, "NOSYNCDHCP")) {
		fail(b, v, "\"%s\": DHCP is not offered yet: give the "
		    "interface its address (inet ADDR/LEN) and set "
		    "defaultrouter", w);
		return -1;
	}
	if (word_is(w, "WPA") || word_is(w, "HOSTAP")) {
		fail(b, v, "\"%s\": wireless interfaces are not supported", w);
		return -1;
	}
	if (word_is(w, "NOAUTO") || strcmp(w, "-ifdisabled") == 0)
		return 1;	/* NOAUTO: seen before; -ifdisabled: Linux's
				 * default */
	if (strcmp(w, "accept_rtadv") == 0) {
		warn(b, v, "accept_rtadv: nothing to do: Linux accepts router "
		    "advertisements in a new namespace by default (and brig "
		    "runs no rtsol)");
		return 1;
	}
	for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++)
		if (strcmp(w, kws[k]) == 0)
			return 0;
	if (addr_like(w))
		return 0;
	fail(b, v, "\"%s\" is not supported in rc.conf by brig (supported: "
	    "%s)", w, IFC_ALLOWED);
	return -1;
}

/* argv for ifc_parse: "ifconfig", IF, the screened words of in, and
 * extra.  Returns the count, or -1 after an error. */
static int
build_argv(struct builder *b, const struct iface *f,
    const struct rcconf_var *v, const struct rc_words *in,
    const char *extra, char **argv)
{
	int i, r, n = 0;
	bool arg = false;	/* the previous word takes this one */

	argv[n++] = "ifconfig";
	argv[n++] = (char *)f->key;
	for (i = 0; i < in->n; i++) {
		const char *w = in->w[i];

		if (!arg && strcmp(w, "vnet") == 0) {
			i++;	/* ifconfig_getargs drops "vnet JAIL" */
			continue;
		}
		if (!arg && (r = screen_word(b, v, w)) != 0) {
			if (r == -1)
				return -1;
			continue;
		}
		arg = !arg && (!strcmp(w, "mtu") || !strcmp(w, "netmask") ||
		    !strcmp(w, "prefixlen"));
		argv[n++] = (char *)w;
	}
	if (extra)
		argv[n++] = (char *)extra;
	argv[n] = NULL;
	return n;
}

/* Parse words (one ifconfig command) into the plan.  Returns 1 if there
 * were arguments, 0 if none, -1 after an error. */
static int
ifconfig_words(struct builder *b, const struct iface *f,
    const struct rcconf_var *v, const struct rc_words *ws,
    const char *extra)
{
	char *argv[RC_MAX_SPLIT + 8];	/* ifconfig IF [inet] WORDS alias */
	struct brig_err e;
	struct ifc_cmd cmd;
	int argc;

	if ((argc = build_argv(b, f, v, ws, extra, argv)) == -1)
		return -1;
	if (argc == 2 || (extra && argc == 3))
		return 0;
	if (ifc_parse(argc, argv, &cmd, &e) == -1) {
		fail(b, v, "%s", e.msg);
		return -1;
	}
	return apply_cmd(b, f, v, &cmd) == -1 ? -1 : 1;
}

static bool
has_word(const struct rc_words *ws, const char *kw)
{
	int i;

	for (i = 0; i < ws->n; i++)
		if (word_is(ws->w[i], kw))
			return true;
	return false;
}

/* ifconfig_IF or ifconfig_IF_ipv6: 1 if it configured something. */
static int
ifconfig_line(struct builder *b, const struct iface *f,
    const struct rcconf_var *v, bool ipv6)
{
	struct rc_words ws;
	const char *s = v->value;
	int bad, r, i;

	if ((bad = shell_char(s)) != 0) {
		fail(b, v, "'%c': rc(8) evals ifconfig lines as sh; brig reads "
		    "only plain words", bad);
		return -1;
	}
	if (rc_split(s, &ws) == -1) {
		rc_words_free(&ws);
		fail(b, v, "more than %d words", RC_MAX_SPLIT);
		return -1;
	}
	/* network.subr: an address in a value without the inet6 keyword
	 * gets it, with a warning. */
	for (i = 0; ipv6 && i < ws.n && strcmp(ws.w[i], "inet6") != 0; i++)
		;
	if (ipv6 && ws.n > 0 && i == ws.n && strchr(s, ':')) {
		warn(b, v, "an IPv6 address needs a leading \"inet6\" keyword "
		    "(network.subr adds it and warns)");
		memmove(&ws.w[1], &ws.w[0], (size_t)(ws.n + 1) *
		    sizeof(ws.w[0]));
		ws.w[0] = "inet6";
		ws.n++;
	}
	r = ifconfig_words(b, f, v, &ws, NULL);
	rc_words_free(&ws);
	return r;
}

/* --- aliases (network.subr ifalias_af_common) --------------------------- */

static int
cmp_alias(const void *a, const void *b)
{
	const struct alias *x = a, *y = b;

	return x->n < y->n ? -1 : x->n > y->n;
}

static int
family_word(const char *w)
{
	return !w ? 0 : !strcmp(w, "inet") ? AF_INET : !strcmp(w, "inet6") ?
	    AF_INET6 : (!strcmp(w, "link") || !strcmp(w, "ether")) ? -1 : 0;
}

/* One alias, "FAMILY ADDR ...": added with "alias" as ifconfig IF
 * FAMILY ADDR ... alias.  Ranges (ifalias_expand_addr) are refused. */
static void
one_alias(struct builder *b, const struct iface *f,
    const struct rcconf_var *v, struct rc_words *chunk)
{
	int i;

	for (i = 1; i < chunk->n; i++) {
		const char *w = chunk->w[i], *dash = strchr(w, '-');

		if (dash && dash != w && addr_like(w)) {
			fail(b, v, "\"%s\": address ranges are not supported "
			    "yet: write one alias per address", w);
			return;
		}
	}
	ifconfig_words(b, f, v, chunk, "alias");
}

/* The chunks of words, each starting at a family keyword, of v's value
 * that belong to family (an aliasN without one counts as inet, with a
 * warning, as network.subr reads it). */
static void
alias_var(struct builder *b, const struct iface *f,
    const struct rcconf_var *v, int family, bool list)
{
	struct rc_words ws, chunk;
	int i, start, fam, bad = shell_char(v->value);

	if (bad) {
		if (family == AF_INET)
			fail(b, v, "'%c': rc(8) evals ifconfig lines as sh; "
			    "brig reads only plain words", bad);
		return;
	}
	if (rc_split(v->value, &ws) == -1) {
		if (family == AF_INET)
			fail(b, v, "more than %d words", RC_MAX_SPLIT);
		rc_words_free(&ws);
		return;
	}
	fam = ws.n ? family_word(ws.w[0]) : 0;
	if (!list && fam == 0 && ws.n && family == AF_INET)
		warn(b, v, "an IPv4 alias needs a leading \"inet\" keyword "
		    "(network.subr adds it and warns)");
	for (i = 0; i < ws.n; i = start) {
		fam = family_word(ws.w[i]);
		start = i + 1;
		while (start < ws.n && family_word(ws.w[start]) == 0)
			start++;
		if (fam == -1 && family == AF_INET)
			fail(b, v, "\"%s\" aliases are not supported", ws.w[i]);
		if (fam == 0 && list && family == AF_INET)
			warn(b, v, "\"%s\": no family keyword: network.subr "
			    "ignores these words", ws.w[i]);
		if (fam == 0 && !list)
			fam = AF_INET;
		if (fam != family)
			continue;
		chunk.copy = NULL;
		chunk.n = start - i;
		memcpy(chunk.w, &ws.w[i], (size_t)chunk.n * sizeof(ws.w[0]));
		chunk.w[chunk.n] = NULL;
		if (fam == AF_INET && family_word(ws.w[i]) == 0) {
			memmove(&chunk.w[1], &chunk.w[0],
			    (size_t)(chunk.n + 1) * sizeof(chunk.w[0]));
			chunk.w[0] = "inet";
			chunk.n++;
		}
		one_alias(b, f, v, &chunk);
	}
	rc_words_free(&ws);
}

/* ipv4_up or ipv6_up's aliases: ifconfig_IF_aliases first, then each
 * ifconfig_IF_aliasN in numeric order, up to the first empty one. */
static void
aliases(struct builder *b, struct iface *f, int family)
{
	size_t i, k;

	if (f->aliases)
		alias_var(b, f, f->aliases, family, true);
	qsort(f->alias, f->nalias, sizeof(f->alias[0]), cmp_alias);
	for (i = 0; i < f->nalias; i++) {
		const struct rcconf_var *v = f->alias[i].v;

		if (v->value[strspn(v->value, " \t\n")] == '\0') {
			for (k = i + 1; k < f->nalias && family == AF_INET; k++)
				warn(b, f->alias[k].v, "ignored: %s is empty, "
				    "and network.subr stops there", v->name);
			break;
		}
		alias_var(b, f, v, family, false);
	}
}

/* --- interfaces (network.subr ifn_start) --------------------------------- */

/* ifconfig_IF_ipv6 makes an interface "ipv6if": only then does ipv6_up
 * add its inet6 aliases. */
static void
warn_ipv6_aliases(struct builder *b, const struct iface *f)
{
	size_t i;

	for (i = 0; i < f->nalias; i++)
		if (!strncmp(f->alias[i].v->value, "inet6", 5))
			warn(b, f->alias[i].v, "ignored: network.subr adds "
			    "inet6 aliases only to an interface that has "
			    "ifconfig_%s_ipv6", f->key);
}

static void
plan_iface(struct builder *b, struct iface *f)
{
	struct rc_words ws;
	size_t before;
	int cfg = 0, r;

	if (f->main) {
		rc_split(f->main->value, &ws);
		r = has_word(&ws, "NOAUTO");
		rc_words_free(&ws);
		if (r)
			return;	/* autoif: not configured at boot */
	}
	if (f->main && (r = ifconfig_line(b, f, f->main, false)) > 0)
		cfg = 1;
	/* Any ifconfig_IF_ipv6, even "inet6 accept_rtadv", counts. */
	if (f->ipv6 && ifconfig_line(b, f, f->ipv6, true) >= 0 &&
	    f->ipv6->value[strspn(f->ipv6->value, " \t\n")])
		cfg = 1;
	if (cfg)
		push(b, RC_NET_UP, f->main ? f->main : f->ipv6, f->key, true);
	before = b->r.p->n;
	aliases(b, f, AF_INET);
	if (f->ipv6)
		aliases(b, f, AF_INET6);
	else
		warn_ipv6_aliases(b, f);
	/* An address brings a FreeBSD interface up (ether_ioctl). */
	if (!cfg && b->r.p->n > before)
		push(b, RC_NET_UP, f->alias[0].v ? f->alias[0].v : f->aliases,
		    f->key, true);
}

/* "ifconfig_" REST: which interface (key) and what about it. */
static enum vkind
classify(const char *rest, char *key, size_t len, unsigned long *n)
{
	static const struct { const char *sfx; enum vkind k; } sfx[] = {
		{ "_ipv6", V_IPV6 }, { "_aliases", V_ALIASES },
		{ "_descr", V_OTHER }, { "_name", V_OTHER },
	};
	size_t rl = strlen(rest), k, d;

	for (k = 0; k < sizeof(sfx) / sizeof(sfx[0]); k++) {
		size_t sl = strlen(sfx[k].sfx);

		if (rl > sl && !strcmp(rest + rl - sl, sfx[k].sfx)) {
			snprintf(key, len, "%.*s", (int)(rl - sl), rest);
			return sfx[k].k;
		}
	}
	for (d = 0; d < rl && rest[rl - 1 - d] >= '0' && rest[rl - 1 - d] <=
	    '9'; d++)
		;
	if (d > 0 && rl > d + 6 && !strncmp(rest + rl - d - 6, "_alias", 6)) {
		*n = strtoul(rest + rl - d, NULL, 10);
		snprintf(key, len, "%.*s", (int)(rl - d - 6), rest);
		return V_ALIAS;
	}
	snprintf(key, len, "%s", rest);
	return V_MAIN;
}

static struct iface *
find_iface(struct builder *b, const char *key)
{
	size_t i;

	for (i = 0; i < b->nifs; i++)
		if (!strcmp(b->ifs[i].key, key))
			return &b->ifs[i];
	b->ifs = xrealloc(b->ifs, (b->nifs + 1) * sizeof(*b->ifs));
	memset(&b->ifs[b->nifs], 0, sizeof(*b->ifs));
	snprintf(b->ifs[b->nifs].key, sizeof(b->ifs[0].key), "%s", key);
	return &b->ifs[b->nifs++];
}

static void
collect_var(struct builder *b, const struct rcconf_var *v)
{
	char key[256];
	unsigned long n = 0;
	enum vkind k = classify(v->name + 9, key, sizeof(key), &n);
	struct iface *f;

	if (!strcmp(v->name, "ifconfig_DEFAULT")) {
		fail(b, v, "not supported by brig: name each interface "
		    "(ifconfig_IF)");
		return;
	}
	if (k == V_OTHER) {
		warn(b, v, "not applied by brig");
		return;
	}
	if (key[0] == '\0' || strlen(key) > NET_NAMESZ - 1) {
		fail(b, v, "\"%s\" cannot name an interface (1 to %d bytes)",
		    key, NET_NAMESZ - 1);
		return;
	}
	f = find_iface(b, key);
	if (k == V_MAIN)
		f->main = v;
	else if (k == V_IPV6)
		f->ipv6 = v;
	else if (k == V_ALIASES)
		f->aliases = v;
	else if (f->nalias == MAX_ALIASES)
		fail(b, v, "more than %d aliases", MAX_ALIASES);
	else
		f->alias[f->nalias++] = (struct alias){ n, v };
}

/* Network variables brig reads but does not apply. */
static void
unapplied(struct builder *b, const struct rcconf_var *v)
{
	const char *name = v->name;

	if (!strcmp(name, "cloned_interfaces") && v->value[0])
		fail(b, v, "not supported: brig does not make interfaces "
		    "inside a jail; make them on the host (exec.prestart, "
		    "brig.bridge) and move them in (vnet.interface)");
	else if ((!strcmp(name, "gateway_enable") ||
	    !strcmp(name, "ipv6_gateway_enable")) &&
	    rcconf_yes(b->r.rc, name) == 1)
		warn(b, v, "not applied by brig yet: the jail does not forward "
		    "packets");
	else if (!strncmp(name, "ipv6_ifconfig_", 14) ||
	    !strncmp(name, "ipv6_prefix_", 12))
		warn(b, v, "not applied by brig");
}

static void
dedup(struct builder *b)
{
	const struct rc_net_op *x, *y;
	char a[INET6_ADDRSTRLEN];
	size_t i, k;

	for (i = 0; i < b->r.p->n; i++) {
		x = &b->r.p->ops[i];
		for (k = 0; k < i && x->kind == RC_NET_ADDR; k++) {
			y = &b->r.p->ops[k];
			if (y->kind != RC_NET_ADDR || y->addr.family !=
			    x->addr.family || memcmp(y->addr.addr,
			    x->addr.addr, sizeof(x->addr.addr)))
				continue;
			inet_ntop(x->addr.family, x->addr.addr, a, sizeof(a));
			conf_diag(b->r.c, CONF_ERROR, CONF_STAGE_CHECK, &x->loc,
			    "%s: address %s is already set by %s (%s:%u:%u)",
			    x->var, a, y->var, y->loc.file, y->loc.line,
			    y->loc.col);
			break;
		}
	}
}

int
rc_net_plan(struct conf *c, const struct rcconf *rc, struct rc_net_plan *out)
{
	struct builder b;
	size_t i;
	unsigned before = conf_errors(c);

	memset(&b, 0, sizeof(b));
	b.r.c = c;
	b.r.rc = rc;
	b.r.p = out;
	out->ops = NULL;
	out->n = 0;
	for (i = 0; i < rc->n; i++) {
		if (!strncmp(rc->vars[i].name, "ifconfig_", 9))
			collect_var(&b, &rc->vars[i]);
		else
			unapplied(&b, &rc->vars[i]);
	}
	for (i = 0; i < b.nifs; i++)
		plan_iface(&b, &b.ifs[i]);
	free(b.ifs);
	rc_routes(&b.r);
	dedup(&b);
	return conf_errors(c) > before ? -1 : 0;
}

void
rc_net_plan_free(struct rc_net_plan *p)
{
	if (p == NULL)
		return;
	free(p->ops);
	p->ops = NULL;
	p->n = 0;
}

bool
rc_net_mentions(const struct rcconf *rc, const struct rcconf_var **first)
{
	static const char *const names[] = { "defaultrouter",
	    "ipv6_defaultrouter", "static_routes", "ipv6_static_routes",
	    "cloned_interfaces", "gateway_enable", "ipv6_gateway_enable" };
	static const char *const prefixes[] = { "ifconfig_", "ipv6_ifconfig_",
	    "route_", "ipv6_route_", "ipv6_prefix_" };
	const char *name;
	size_t i, k;

	for (i = 0; i < rc->n; i++) {
		name = rc->vars[i].name;
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (!strcmp(name, names[k]))
				goto found;
		for (k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
			if (!strncmp(name, prefixes[k], strlen(prefixes[k])))
				goto found;
	}
	return false;
found:
	if (first)
		*first = &rc->vars[i];
	return true;
}
