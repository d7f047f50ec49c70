/* brig's ifconfig(8) argument parser: FreeBSD's grammar (sbin/ifconfig
 * ifconfig.c, ifconfig.8) into a list of typed operations.  Pure: no
 * system call, no allocation, no global state. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ifconfig.h"

#define LINE_MAX_SHOWN	160	/* of the command quoted in a message */
#define WORD_MAX_SHOWN	64	/* of one word quoted in a message */

struct pstate {
	int argc;
	char *const *argv;
	int i;				/* the next word */
	struct ifc_cmd *c;
	struct brig_err *e;
	int family;			/* given after the name, or 0 */
	int addr;			/* index of the IFC_ADDR op, or -1 */
	int prefix;			/* from netmask or prefixlen, or -1 */
	const char *prefixkw;		/* "netmask", "prefixlen" or NULL */
	enum ifc_alias alias;
	const char *aliaskw;		/* the word that set alias, or NULL */
	char target[IFC_NAMESZ];	/* what the next operation acts on */
	bool any_unit;
};

struct kw;
typedef int kw_fn(struct pstate *, const struct kw *);

/* One word of the grammar.  val: the address family, the alias mode. */
struct kw {
	const char *name;
	bool synonym;		/* left out of the "supported" list */
	kw_fn *fn;
	enum ifc_opcode op;
	int val;
	const char *needs;	/* what its argument is, or NULL */
};

static kw_fn kw_create, kw_plain, kw_member, kw_jail, kw_family, kw_alias,
    kw_mtu, kw_netmask, kw_prefixlen;

/* The main names first, in the order the "supported" list shows them;
 * the synonyms of ifconfig.8 after them. */
static const struct kw kws[] = {
	{ "create",	false, kw_create, IFC_CREATE, 0, NULL },
	{ "destroy",	false, kw_plain, IFC_DESTROY, 0, NULL },
	{ "addm",	false, kw_member, IFC_ADDM, 0, "an interface name" },
	{ "deletem",	false, kw_member, IFC_DELETEM, 0, "an interface name" },
	{ "vnet",	false, kw_jail, IFC_VNET, 0, "a jail name" },
	{ "-vnet",	false, kw_jail, IFC_UNVNET, 0, "a jail name" },
	{ "inet",	false, kw_family, IFC_ADDR, AF_INET, NULL },
	{ "inet6",	false, kw_family, IFC_ADDR, AF_INET6, NULL },
	{ "alias",	false, kw_alias, IFC_ADDR, IFC_ALIAS_ADD, NULL },
	{ "-alias",	false, kw_alias, IFC_ADDR, IFC_ALIAS_DEL, NULL },
	{ "up",		false, kw_plain, IFC_UP, 0, NULL },
	{ "down",	false, kw_plain, IFC_DOWN, 0, NULL },
	{ "mtu",	false, kw_mtu, IFC_MTU, 0, "a number" },
	{ "netmask",	false, kw_netmask, IFC_ADDR, 0, "a mask" },
	{ "prefixlen",	false, kw_prefixlen, IFC_ADDR, 0, "a number" },
	{ "plumb",	true, kw_create, IFC_CREATE, 0, NULL },
	{ "unplumb",	true, kw_plain, IFC_DESTROY, 0, NULL },
	{ "add",	true, kw_alias, IFC_ADDR, IFC_ALIAS_ADD, NULL },
	{ "delete",	true, kw_alias, IFC_ADDR, IFC_ALIAS_DEL, NULL },
	{ "remove",	true, kw_alias, IFC_ADDR, IFC_ALIAS_DEL, NULL },
};
#define NKWS	(sizeof(kws) / sizeof(kws[0]))

/* How each operation is named and written back. */
enum show { SHOW_WORD, SHOW_ARG, SHOW_MTU, SHOW_ADDR, SHOW_NONE };
static const struct opdef {
	const char *name;
	enum show show;
} opdefs[IFC_NOPS] = {
	[IFC_LIST] =	{ "list", SHOW_NONE },
	[IFC_CREATE] =	{ "create", SHOW_NONE },
	[IFC_DESTROY] =	{ "destroy", SHOW_WORD },
	[IFC_ADDM] =	{ "addm", SHOW_ARG },
	[IFC_DELETEM] =	{ "deletem", SHOW_ARG },
	[IFC_VNET] =	{ "vnet", SHOW_ARG },
	[IFC_UNVNET] =	{ "-vnet", SHOW_ARG },
	[IFC_ADDR] =	{ "address", SHOW_ADDR },
	[IFC_UP] =	{ "up", SHOW_WORD },
	[IFC_DOWN] =	{ "down", SHOW_WORD },
	[IFC_MTU] =	{ "mtu", SHOW_MTU },
};

/* The interface kinds brig can create (if_epair(4), if_bridge(4)); after
 * "epairN create" ifconfig(8) goes on with epairNa. */
static const struct cloner {
	const char *prefix;
	const char *first;
} cloners[] = {
	{ "epair", "a" },
	{ "bridge", "" },
};

const char *
ifc_op_name(enum ifc_opcode op)
{
	if ((unsigned)op >= IFC_NOPS)
		return "?";
	return opdefs[op].name;
}

/* A word for a message: control bytes as \xNN, long words cut. */
static const char *
esc(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	for (; *s && o + 8 < len; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	if (*s)
		o += (size_t)snprintf(buf + o, len - o, "...");
	buf[o] = '\0';
	return buf;
}

/* Fail with the whole command quoted: "\"wlan0 ssid foo\": ...". */
__attribute__((format(printf, 2, 3)))
static int
fail(struct pstate *ps, const char *fmt, ...)
{
	char line[LINE_MAX_SHOWN + 16], word[WORD_MAX_SHOWN + 16];
	char detail[sizeof(ps->e->msg)];
	size_t o = 0;
	va_list ap;
	int k;

	line[0] = '\0';
	for (k = 1; k < ps->argc && o < LINE_MAX_SHOWN; k++)
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s",
		    k > 1 ? " " : "", esc(ps->argv[k], word, sizeof(word)));
	if (k < ps->argc || o > LINE_MAX_SHOWN)
		snprintf(line + LINE_MAX_SHOWN, sizeof(line) - LINE_MAX_SHOWN,
		    "...");
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return err_fmt(ps->e, "\"%s\": %s", line, detail);
}

static const struct kw *
lookup(const char *w)
{
	size_t k;

	for (k = 0; k < NKWS; k++)
		if (strcmp(kws[k].name, w) == 0)
			return &kws[k];
	return NULL;
}

static int
unsupported(struct pstate *ps, const char *w)
{
	char list[256], buf[WORD_MAX_SHOWN + 16];
	size_t k, o = 0;

	list[0] = '\0';
	for (k = 0; k < NKWS; k++)
		if (!kws[k].synonym)
			o += (size_t)snprintf(list + o, sizeof(list) - o,
			    "%s%s", o ? ", " : "", kws[k].name);
	return fail(ps, "\"%s\" is not supported by brig's ifconfig "
	    "(supported: %s)", esc(w, buf, sizeof(buf)), list);
}

/* A decimal number, digits only (no sign, no blanks), in lo..hi:
 * 0, or -1 if s is not a number, -2 if it is out of range. */
static int
number(const char *s, long lo, long hi, long *out)
{
	const char *p;
	char *ep;
	long v;

	if (*s == '\0')
		return -1;
	for (p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	errno = 0;
	v = strtol(s, &ep, 10);
	if (errno == ERANGE || v < lo || v > hi)
		return -2;
	*out = v;
	return 0;
}

static int
bad_number(struct pstate *ps, const char *kw, const char *s, int r,
    long lo, long hi)
{
	char buf[WORD_MAX_SHOWN + 16];

	if (r == -1)
		return fail(ps, "%s \"%s\" is not a number", kw,
		    esc(s, buf, sizeof(buf)));
	return fail(ps, "%s %s is out of range (%ld..%ld)", kw,
	    esc(s, buf, sizeof(buf)), lo, hi);
}

/* Linux's dev_valid_name(): 1..15 bytes, not "." or "..", no '/', ':'
 * or blank (the kernel's isspace(), which counts 0xa0).  A leading '-'
 * would read as an option. */
static int
check_ifname(struct pstate *ps, const char *w)
{
	char buf[WORD_MAX_SHOWN + 16];
	const char *bad;

	esc(w, buf, sizeof(buf));
	if (*w == '\0')
		return fail(ps, "an interface name cannot be empty");
	if (strlen(w) > IFC_NAMESZ - 1)
		return fail(ps, "interface name \"%s\" is longer than %d bytes",
		    buf, IFC_NAMESZ - 1);
	if (strcmp(w, ".") == 0 || strcmp(w, "..") == 0)
		return fail(ps, "\"%s\" cannot be an interface name", buf);
	if (*w == '-')
		return fail(ps, "interface name \"%s\" cannot start with '-'",
		    buf);
	if ((bad = strpbrk(w, "/:")) != NULL)
		return fail(ps, "interface name \"%s\" contains '%c'", buf,
		    *bad);
	if (strpbrk(w, " \t\n\v\f\r\xa0") != NULL)
		return fail(ps, "interface name \"%s\" contains a blank", buf);
	return 0;
}

/* A jail name (as conf/check.c allows) or a jid. */
static int
check_jail(struct pstate *ps, const char *w)
{
	char buf[WORD_MAX_SHOWN + 16];
	size_t len = strlen(w);

	if (len == 0 || len > IFC_ARGSZ - 1 ||
	    strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-.") != len || *w == '-' || *w == '.')
		return fail(ps, "bad jail name \"%s\" (letters, digits, '_', "
		    "'-', '.', not starting with '-' or '.'; at most %d bytes)",
		    esc(w, buf, sizeof(buf)), IFC_ARGSZ - 1);
	return 0;
}

static struct ifc_op *
push_op(struct pstate *ps, enum ifc_opcode op)
{
	struct ifc_cmd *c = ps->c;
	struct ifc_op *o;

	if (c->n == IFC_MAX_OPS) {
		fail(ps, "more than %d operations", IFC_MAX_OPS);
		return NULL;
	}
	if (c->n > 0 && c->ops[c->n - 1].op == IFC_VNET) {
		fail(ps, "vnet must be the last parameter (the interface has "
		    "left the host)");
		return NULL;
	}
	if (c->n > 0 && (op == IFC_DESTROY ||
	    c->ops[c->n - 1].op == IFC_DESTROY)) {
		fail(ps, "destroy cannot be combined with other parameters");
		return NULL;
	}
	o = &c->ops[c->n++];
	memset(o, 0, sizeof(*o));
	o->op = op;
	memcpy(o->ifname, ps->target, sizeof(o->ifname));
	o->any_unit = ps->any_unit;
	o->prefix = -1;
	return o;
}

/* The next word, the argument of k. */
static const char *
next_arg(struct pstate *ps, const struct kw *k)
{
	if (ps->i == ps->argc) {
		err_fmt(ps->e, "%s needs %s", k->name, k->needs);
		return NULL;
	}
	return ps->argv[ps->i++];
}

static int
kw_plain(struct pstate *ps, const struct kw *k)
{
	return push_op(ps, k->op) ? 0 : -1;
}

static int
kw_member(struct pstate *ps, const struct kw *k)
{
	const char *w = next_arg(ps, k);
	struct ifc_op *o;

	if (w == NULL || check_ifname(ps, w) == -1 ||
	    (o = push_op(ps, k->op)) == NULL)
		return -1;
	snprintf(o->arg, sizeof(o->arg), "%s", w);
	return 0;
}

static int
kw_jail(struct pstate *ps, const struct kw *k)
{
	const char *w = next_arg(ps, k);
	struct ifc_op *o;

	if (w == NULL || check_jail(ps, w) == -1 ||
	    (o = push_op(ps, k->op)) == NULL)
		return -1;
	snprintf(o->arg, sizeof(o->arg), "%s", w);
	return 0;
}

static int
kw_mtu(struct pstate *ps, const struct kw *k)
{
	const char *w = next_arg(ps, k);
	struct ifc_op *o;
	long v;
	int r;

	if (w == NULL)
		return -1;
	if ((r = number(w, 68, 65535, &v)) < 0)
		return bad_number(ps, k->name, w, r, 68, 65535);
	if ((o = push_op(ps, k->op)) == NULL)
		return -1;
	o->mtu = (unsigned)v;
	return 0;
}

/* create and the family have their places (ifconfig.c main()): here,
 * anywhere else, they are errors. */
static int
kw_create(struct pstate *ps, const struct kw *k)
{
	return fail(ps, "%s must come right after the interface name",
	    k->name);
}

static int
kw_family(struct pstate *ps, const struct kw *k)
{
	return fail(ps, "the address family (%s) must come right after the "
	    "interface name (or after create)", k->name);
}

static int
kw_alias(struct pstate *ps, const struct kw *k)
{
	if (ps->aliaskw != NULL && ps->alias != (enum ifc_alias)k->val)
		return fail(ps, "%s and %s contradict each other",
		    ps->aliaskw, k->name);
	ps->alias = (enum ifc_alias)k->val;
	ps->aliaskw = k->name;
	return 0;
}

static int
set_prefix(struct pstate *ps, const struct kw *k, int len)
{
	if (ps->prefixkw != NULL)
		return fail(ps, "the prefix length is given twice");
	ps->prefix = len;
	ps->prefixkw = k->name;
	return 0;
}

/* A netmask as ifconfig.8 writes it: dotted, or 0x and up to 8 hex
 * digits; its length, or -1 if s is neither, -2 if not contiguous (a
 * Linux address has a prefix length, not a mask). */
static int
mask_len(const char *s)
{
	struct in_addr a;
	uint32_t m;
	char *ep;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (s[2] == '\0' || strlen(s + 2) > 8 ||
		    strspn(s + 2, "0123456789abcdefABCDEF") != strlen(s + 2))
			return -1;
		m = (uint32_t)strtoul(s + 2, &ep, 16);
	} else if (inet_pton(AF_INET, s, &a) == 1) {
		m = ntohl(a.s_addr);
	} else
		return -1;
	if (((~m + 1) & ~m) != 0)
		return -2;
	return __builtin_popcount(m);
}

static int
kw_netmask(struct pstate *ps, const struct kw *k)
{
	char buf[WORD_MAX_SHOWN + 16];
	const char *w = next_arg(ps, k);
	int len;

	if (w == NULL)
		return -1;
	if ((len = mask_len(w)) == -1)
		return fail(ps, "netmask \"%s\" is neither dotted "
		    "(255.255.255.0) nor hex (0xffffff00)",
		    esc(w, buf, sizeof(buf)));
	if (len == -2)
		return fail(ps, "netmask %s is not contiguous",
		    esc(w, buf, sizeof(buf)));
	return set_prefix(ps, k, len);
}

static int
kw_prefixlen(struct pstate *ps, const struct kw *k)
{
	const char *w = next_arg(ps, k);
	long v;
	int r;

	if (w == NULL)
		return -1;
	if ((r = number(w, 0, 128, &v)) < 0)
		return bad_number(ps, k->name, w, r, 0, 128);
	return set_prefix(ps, k, (int)v);
}

/* A word that is not a keyword: the address, ADDR[/LEN], in the family
 * given or (brig) the one its form shows; else an unsupported word. */
static int
word_addr(struct pstate *ps, const char *w)
{
	char buf[WORD_MAX_SHOWN + 16], a[64];
	const char *slash = strchr(w, '/');
	bool v6 = strchr(w, ':') != NULL;
	struct ifc_op *o;
	long max, v;
	int r;

	esc(w, buf, sizeof(buf));
	if (!v6 && !strchr(w, '.') && !(*w >= '0' && *w <= '9'))
		return unsupported(ps, w);
	if (ps->addr >= 0)
		return fail(ps, "a destination address (\"%s\") is not "
		    "supported by brig's ifconfig", buf);
	if ((o = push_op(ps, IFC_ADDR)) == NULL)
		return -1;
	ps->addr = (int)(o - ps->c->ops);
	o->family = ps->family ? ps->family : v6 ? AF_INET6 : AF_INET;
	max = o->family == AF_INET ? 32 : 128;
	r = snprintf(a, sizeof(a), "%.*s", slash ? (int)(slash - w) :
	    (int)strlen(w), w);
	if (r < 0 || (size_t)r >= sizeof(a) || inet_pton(o->family, a,
	    o->addr) != 1)
		return fail(ps, "\"%s\" is not an %s address", buf,
		    o->family == AF_INET ? "inet" : "inet6");
	if (slash == NULL)
		return 0;
	if ((r = number(slash + 1, 0, max, &v)) == -1)
		return fail(ps, "\"%s\": the prefix length is not a number",
		    buf);
	if (r == -2)
		return fail(ps, "\"%s\": the prefix length is out of range "
		    "(0..%ld)", buf, max);
	o->prefix = (int)v;
	return 0;
}

/* What applies to the address wherever it stood (ifconfig.c defers the
 * address to the end too). */
static int
finish(struct pstate *ps)
{
	struct ifc_op *a = ps->addr >= 0 ? &ps->c->ops[ps->addr] : NULL;
	size_t k;

	if (a == NULL && ps->prefixkw != NULL)
		return fail(ps, "%s without an address is not supported by "
		    "brig's ifconfig", ps->prefixkw);
	if (a == NULL && ps->aliaskw != NULL)
		return fail(ps, "%s needs an address", ps->aliaskw);
	if (a == NULL)
		return 0;
	for (k = 0; k < ps->c->n; k++)
		if (ps->c->ops[k].op == IFC_VNET)
			return fail(ps, "an address cannot be set together "
			    "with vnet (the move to the jail drops it)");
	if (ps->prefixkw != NULL) {
		if (strcmp(ps->prefixkw, "netmask") == 0 &&
		    a->family != AF_INET)
			return fail(ps, "netmask is for inet; inet6 takes "
			    "prefixlen or /LEN");
		if (strcmp(ps->prefixkw, "prefixlen") == 0 &&
		    a->family != AF_INET6)
			return fail(ps, "prefixlen is for inet6; inet takes "
			    "netmask or /LEN");
		if (a->prefix >= 0)
			return fail(ps, "the prefix length is given twice");
		a->prefix = ps->prefix;
	}
	a->alias = ps->alias;
	return 0;
}

/* -a (getopt(3) style: "-a", "-aa", "--"); anything else is refused. */
static int
options(struct pstate *ps, bool *all)
{
	char buf[WORD_MAX_SHOWN + 16], opt[2] = "";
	const char *w, *p;

	for (; ps->i < ps->argc; ps->i++) {
		w = ps->argv[ps->i];
		if (w[0] != '-' || w[1] == '\0')
			break;
		if (strcmp(w, "--") == 0) {
			ps->i++;
			break;
		}
		if (lookup(w) != NULL)
			return fail(ps, "%s must follow an interface name",
			    esc(w, buf, sizeof(buf)));
		for (p = w + 1; *p; p++)
			if (*p != 'a') {
				opt[0] = *p;
				return fail(ps, "\"-%s\" is not supported by "
				    "brig's ifconfig (supported: -a)",
				    esc(opt, buf, sizeof(buf)));
			}
		*all = true;
	}
	return 0;
}

static int
family_of(const char *w)
{
	const struct kw *k = lookup(w);

	return k != NULL && k->fn == kw_family ? k->val : 0;
}

/* ifconfig [-a] [FAMILY]: every interface. */
static int
list_all(struct pstate *ps)
{
	char buf[WORD_MAX_SHOWN + 16];
	const char *w = ps->i < ps->argc ? ps->argv[ps->i] : NULL;
	struct ifc_op *o;
	int fam = w ? family_of(w) : 0;

	if (w != NULL && (fam == 0 || ps->argc - ps->i > 1))
		return fail(ps, "-a takes only an address family (inet, "
		    "inet6), not \"%s\"", esc(fam ? ps->argv[ps->i + 1] : w,
		    buf, sizeof(buf)));
	if ((o = push_op(ps, IFC_LIST)) == NULL)
		return -1;
	o->family = fam;
	return 0;
}

/* IF create: the kinds brig makes, unit as FreeBSD's ifc_name2unit()
 * reads it (digits, no leading zero, at most IF_MAXUNIT) or none. */
static int
create(struct pstate *ps)
{
	const char *name = ps->c->ifname, *u = NULL;
	char buf[WORD_MAX_SHOWN + 16];
	const struct cloner *cl = NULL;
	size_t k, d;
	long v;

	for (k = 0; k < sizeof(cloners) / sizeof(cloners[0]) && !u; k++)
		if (strncmp(name, cloners[k].prefix,
		    strlen(cloners[k].prefix)) == 0) {
			cl = &cloners[k];
			u = name + strlen(cl->prefix);
		}
	esc(name, buf, sizeof(buf));
	if (cl == NULL)
		return fail(ps, "creating \"%s\" is not supported by brig's "
		    "ifconfig (only epair[N] and bridge[N])", buf);
	d = strspn(u, "0123456789");
	if (*cl->first && d > 0 && (strcmp(u + d, "a") == 0 ||
	    strcmp(u + d, "b") == 0))
		return fail(ps, "\"%s\" is one end of a pair: create %s%.*s "
		    "to make %s%.*sa and %s%.*sb", buf, cl->prefix, (int)d,
		    u, cl->prefix, (int)d, u, cl->prefix, (int)d, u);
	if (*u != '\0' && (number(u, 0, IFC_MAX_UNIT, &v) < 0 ||
	    (u[0] == '0' && u[1] != '\0')))
		return fail(ps, "bad unit in \"%s\" (%s or %sN, N from 0 to "
		    "%d, no leading zero)", buf, cl->prefix, cl->prefix,
		    IFC_MAX_UNIT);
	ps->any_unit = *u == '\0';
	if (push_op(ps, IFC_CREATE) == NULL)
		return -1;
	snprintf(ps->target, sizeof(ps->target), "%s%s", name,
	    ps->any_unit ? "" : cl->first);
	return 0;
}

/* ifconfig IF [create] [FAMILY] [PARAM ...] */
static int
one_interface(struct pstate *ps)
{
	const char *name = ps->argv[ps->i++];
	const struct kw *k;
	struct ifc_op *o;
	bool created = false;

	if (check_ifname(ps, name) == -1)
		return -1;
	snprintf(ps->c->ifname, sizeof(ps->c->ifname), "%s", name);
	memcpy(ps->target, ps->c->ifname, sizeof(ps->target));
	if (ps->i < ps->argc && (k = lookup(ps->argv[ps->i])) != NULL &&
	    k->fn == kw_create) {
		ps->i++;
		if (create(ps) == -1)
			return -1;
		created = true;
	}
	if (ps->i < ps->argc && (ps->family = family_of(ps->argv[ps->i])))
		ps->i++;
	if (ps->i == ps->argc && !created) {
		if ((o = push_op(ps, IFC_LIST)) == NULL)
			return -1;
		o->family = ps->family;
		return 0;
	}
	while (ps->i < ps->argc) {
		const char *w = ps->argv[ps->i++];

		k = lookup(w);
		if ((k ? k->fn(ps, k) : word_addr(ps, w)) == -1)
			return -1;
	}
	return finish(ps);
}

int
ifc_parse(int argc, char *const argv[], struct ifc_cmd *out,
    struct brig_err *e)
{
	struct ifc_cmd c;
	struct pstate ps = {
		.argc = argc, .argv = argv, .i = 1, .c = &c, .e = e,
		.addr = -1, .prefix = -1,
	};
	bool all = false;

	memset(&c, 0, sizeof(c));
	if (argc < 1)
		return err_fmt(e, "no arguments, not even a program name");
	if (options(&ps, &all) == -1)
		return -1;
	if (all || ps.i == argc) {
		if (list_all(&ps) == -1)
			return -1;
	} else if (one_interface(&ps) == -1)
		return -1;
	memcpy(out, &c, sizeof(c));
	return 0;
}

/* --- the canonical form ------------------------------------------------ */

struct outbuf {
	char *buf;
	size_t len, pos;
};

static void
put(struct outbuf *o, const char *s)
{
	for (; *s; s++, o->pos++)
		if (o->pos + 1 < o->len)
			o->buf[o->pos] = *s;
}

static void
put_addr(struct outbuf *o, const struct ifc_op *op)
{
	char a[INET6_ADDRSTRLEN + 16], n[16];

	if (inet_ntop(op->family, op->addr, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	put(o, " ");
	put(o, a);
	if (op->prefix >= 0) {
		snprintf(n, sizeof(n), "/%d", op->prefix);
		put(o, n);
	}
	if (op->alias != IFC_ALIAS_NONE)
		put(o, op->alias == IFC_ALIAS_ADD ? " alias" : " -alias");
}

static void
put_op(struct outbuf *o, const struct ifc_op *op)
{
	char n[16];

	switch (opdefs[op->op].show) {
	case SHOW_WORD:
	case SHOW_ARG:
		put(o, " ");
		put(o, opdefs[op->op].name);
		if (opdefs[op->op].show == SHOW_ARG) {
			put(o, " ");
			put(o, op->arg);
		}
		break;
	case SHOW_MTU:
		snprintf(n, sizeof(n), " mtu %u", op->mtu);
		put(o, n);
		break;
	case SHOW_ADDR:
		put_addr(o, op);
		break;
	case SHOW_NONE:
	default:
		break;
	}
}

static const char *
family_name(int family)
{
	return family == AF_INET ? " inet" : family == AF_INET6 ? " inet6" :
	    "";
}

size_t
ifc_format(const struct ifc_cmd *c, char *buf, size_t len)
{
	struct outbuf o = { buf, len, 0 };
	size_t k;

	put(&o, "ifconfig");
	if (c->n > 0 && c->ops[0].op == IFC_LIST) {
		put(&o, c->ifname[0] ? " " : " -a");
		put(&o, c->ifname);
		put(&o, family_name(c->ops[0].family));
	} else {
		put(&o, " ");
		put(&o, c->ifname);
		if (c->n > 0 && c->ops[0].op == IFC_CREATE)
			put(&o, " create");
		for (k = 0; k < c->n; k++)
			if (c->ops[k].op == IFC_ADDR)
				put(&o, family_name(c->ops[k].family));
		for (k = 0; k < c->n; k++)
			put_op(&o, &c->ops[k]);
	}
	if (len > 0)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return o.pos;
}
