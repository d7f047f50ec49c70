/* libFuzzer target for the rc.conf reader and the network plan built
 * from it (src/jail/rc_net.c, rc_route.c).  After each input: the
 * return value agrees with the diagnostics, each of which points into
 * the input; every variable has a valid name, a value without NUL of
 * the recorded length, and is found by name; and the variables, written
 * back as NAME='value' lines (sh's own quoting), parse without error to
 * the same names and values.
 *
 * The plan, built from whatever parsed: rc_net_plan()'s result agrees
 * with the diagnostics it added; each operation comes from a variable
 * of rc.conf, at its place, and names a NUL-terminated interface of
 * under 16 bytes; an address or route has a family whose length its
 * prefix length fits, no bytes past the family's, a route's destination
 * no bits past its prefix and a gateway of its own family; an mtu is
 * 68..65535; a plan without errors sets no address twice; building it
 * again gives the same plan; every operation formats, also truncated,
 * as snprintf would.  Then rc_net_resolve() against a fixed jail (lo,
 * epair0b, eth0, eth0.100) names every interface after the jail's or
 * reports it. */
#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_int.h"
#include "conf/rc_conf.h"
#include "jail/rc.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_var(const struct rcconf *rc, const struct rcconf_var *v)
{
	const char *p = v->name;

	CHECK((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	    *p == '_');
	for (; *p; p++)
		CHECK((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_');
	CHECK(strlen(v->value) == v->len);
	CHECK(v->nset >= 1);
	CHECK(v->loc.line >= 1 && v->loc.col >= 1);
	CHECK(rcconf_find(rc, v->name) == v);
	CHECK(rcconf_get(rc, v->name) == v->value);
	CHECK(rcconf_yes(rc, v->name) >= -1 && rcconf_yes(rc, v->name) <= 1);
}

/* NAME='value' with each ' written as '\'' (the shell's idiom). */
static char *
write_back(const struct rcconf *rc, size_t *lenp)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, lenp);
	size_t i, k;

	CHECK(fp != NULL);
	for (i = 0; i < rc->n; i++) {
		fprintf(fp, "%s='", rc->vars[i].name);
		for (k = 0; k < rc->vars[i].len; k++)
			if (rc->vars[i].value[k] == '\'')
				fputs("'\\''", fp);
			else
				fputc(rc->vars[i].value[k], fp);
		fputs("'\n", fp);
	}
	fclose(fp);
	return buf;
}

/* --- the network plan --------------------------------------------------- */

static const char *const links[] = { "lo", "epair0b", "eth0", "eth0.100" };
#define NLINKS	(sizeof(links) / sizeof(links[0]))

static bool
ifname_ok(const char *name)
{
	return memchr(name, '\0', NET_NAMESZ) != NULL &&
	    strlen(name) < NET_NAMESZ;
}

/* An address of a family, its prefix length in range, nothing past the
 * family's bytes. */
static void
check_addr(const struct net_addr *a, bool full)
{
	size_t len, i;

	CHECK(a->family == AF_INET || a->family == AF_INET6);
	len = a->family == AF_INET ? 4 : 16;
	CHECK(a->prefixlen <= len * 8);
	if (full)
		CHECK(a->prefixlen == len * 8);
	for (i = len; i < sizeof(a->addr); i++)
		CHECK(a->addr[i] == 0);
}

/* No bit set past the prefix (a route's destination). */
static void
check_masked(const struct net_addr *a)
{
	unsigned i;

	for (i = a->prefixlen; i < 128; i++)
		CHECK(!(a->addr[i / 8] & (0x80 >> (i % 8))));
}

/* rc_net_op_format() as snprintf: the whole length returned, the text
 * NUL-terminated and cut at any size (exact-size buffers: ASan sees a
 * write past one). */
static void
check_format(const struct rc_net_op *op)
{
	char full[512], *cut;
	size_t n, k;

	n = rc_net_op_format(op, full, sizeof(full));
	CHECK(n > 0 && n < sizeof(full) && strlen(full) == n);
	CHECK(strchr(full, '\n') == NULL);
	if (op->kind == RC_NET_ROUTE)
		CHECK(strncmp(full, "route ", 6) == 0);
	else
		CHECK(strncmp(full, op->ifname, strlen(op->ifname)) == 0 &&
		    full[strlen(op->ifname)] == ':');
	for (k = 1; k <= n + 1; k += k < 8 ? 1 : n / 4 + 1) {
		CHECK((cut = malloc(k)) != NULL);
		CHECK(rc_net_op_format(op, cut, k) == n);
		CHECK(strlen(cut) == k - 1 || strlen(cut) == n);
		CHECK(strncmp(cut, full, strlen(cut)) == 0);
		free(cut);
	}
}

static void
check_op(const struct rcconf *rc, const struct rc_net_op *op)
{
	const struct rcconf_var *v;

	CHECK(ifname_ok(op->ifname));
	CHECK(op->var != NULL && (v = rcconf_find(rc, op->var)) != NULL);
	CHECK(v->name == op->var);
	CHECK(op->loc.line == v->loc.line && op->loc.col == v->loc.col);
	switch (op->kind) {
	case RC_NET_ADDR:
		CHECK(op->from_var && op->ifname[0] != '\0');
		CHECK(strncmp(op->var, "ifconfig_", 9) == 0);
		check_addr(&op->addr, false);
		break;
	case RC_NET_MTU:
		CHECK(op->from_var && op->ifname[0] != '\0');
		CHECK(op->mtu >= 68 && op->mtu <= 65535);
		break;
	case RC_NET_UP:
		CHECK(op->from_var && op->ifname[0] != '\0');
		break;
	case RC_NET_ROUTE:
		CHECK(!op->from_var);
		CHECK(op->has_gw || op->ifname[0] != '\0');
		if (op->dflt) {
			CHECK(op->addr.family == AF_INET ||
			    op->addr.family == AF_INET6);
			CHECK(op->addr.prefixlen == 0);
		} else {
			check_addr(&op->addr, false);
			check_masked(&op->addr);
		}
		if (op->has_gw) {
			check_addr(&op->gw, true);
			CHECK(op->gw.family == op->addr.family);
			/* A link-local gateway has its interface. */
			if (op->gw.family == AF_INET6 && op->gw.addr[0] ==
			    0xfe && (op->gw.addr[1] & 0xc0) == 0x80)
				CHECK(op->ifname[0] != '\0');
		}
		break;
	default:
		CHECK(!"an operation of no kind");
	}
	check_format(op);
}

static bool
same_op(const struct rc_net_op *x, const struct rc_net_op *y)
{
	return x->kind == y->kind && !strcmp(x->ifname, y->ifname) &&
	    x->from_var == y->from_var && x->dflt == y->dflt &&
	    x->has_gw == y->has_gw && x->mtu == y->mtu && x->var == y->var &&
	    !memcmp(&x->addr, &y->addr, sizeof(x->addr)) &&
	    !memcmp(&x->gw, &y->gw, sizeof(x->gw));
}

static void
check_plan(const struct rcconf *rc, size_t lines, size_t size)
{
	struct conf *c = conf_new(0), *c2 = conf_new(0);
	struct rc_net_plan p, p2;
	char (*before)[NET_NAMESZ];
	const struct rcconf_var *first = NULL;
	unsigned errs;
	size_t i, k;
	int r;

	r = rc_net_plan(c, rc, &p);
	CHECK(r == (conf_errors(c) ? -1 : 0));
	for (i = 0; i < c->ndiags; i++)
		CHECK(c->diags[i].loc.line >= 1 &&
		    c->diags[i].loc.line <= lines &&
		    c->diags[i].loc.col >= 1 && c->diags[i].loc.col <= size + 1);
	CHECK(p.n == 0 || p.ops != NULL);
	for (i = 0; i < p.n; i++)
		check_op(rc, &p.ops[i]);
	/* A plan with an operation mentions the network. */
	if (p.n > 0) {
		CHECK(rc_net_mentions(rc, &first));
		CHECK(first >= rc->vars && first < rc->vars + rc->n);
	}
	/* Without errors, no address twice (dedup reports it). */
	for (i = 0; r == 0 && i < p.n; i++)
		for (k = 0; k < i && p.ops[i].kind == RC_NET_ADDR; k++)
			CHECK(p.ops[k].kind != RC_NET_ADDR ||
			    p.ops[k].addr.family != p.ops[i].addr.family ||
			    memcmp(p.ops[k].addr.addr, p.ops[i].addr.addr, 16));
	/* Pure: the same plan and diagnostics again. */
	CHECK(rc_net_plan(c2, rc, &p2) == r);
	CHECK(p2.n == p.n && c2->ndiags == c->ndiags);
	for (i = 0; i < p.n; i++)
		CHECK(same_op(&p.ops[i], &p2.ops[i]));
	for (i = 0; i < c->ndiags; i++)
		CHECK(strcmp(c->diags[i].msg, c2->diags[i].msg) == 0);
	rc_net_plan_free(&p2);
	conf_free(c2);

	/* Each interface named after the jail's, or reported. */
	before = malloc((p.n ? p.n : 1) * sizeof(*before));
	CHECK(before != NULL);
	for (i = 0; i < p.n; i++)
		memcpy(before[i], p.ops[i].ifname, NET_NAMESZ);
	errs = conf_errors(c);
	r = rc_net_resolve(c, &p, links, NLINKS);
	CHECK(r == (conf_errors(c) > errs ? -1 : 0));
	for (i = 0; i < p.n; i++) {
		const struct rc_net_op *op = &p.ops[i];
		bool found = false;

		CHECK(ifname_ok(op->ifname));
		for (k = 0; k < NLINKS; k++)
			found |= strcmp(op->ifname, links[k]) == 0;
		CHECK(op->ifname[0] == '\0' || found || r == -1);
		if (!found)
			CHECK(strcmp(op->ifname, before[i]) == 0);
		if (found)
			CHECK(!op->from_var);
		check_format(op);
	}
	free(before);
	rc_net_plan_free(&p);
	CHECK(p.n == 0 && p.ops == NULL);
	rc_net_plan_free(NULL);
	conf_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf *c = conf_new(0), *c2;
	struct rcconf rc, rc2;
	size_t i, len, lines = 1;
	char *text;
	int r;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	r = rcconf_parse(c, "fuzz", (const char *)data, size, &rc);
	CHECK(r == (conf_errors(c) ? -1 : 0));
	/* Every message points into the input. */
	for (i = 0; i < c->ndiags; i++) {
		CHECK(c->diags[i].loc.line >= 1 &&
		    c->diags[i].loc.line <= lines);
		CHECK(c->diags[i].loc.col >= 1 &&
		    c->diags[i].loc.col <= size + 1);
	}
	for (i = 0; i < rc.n; i++)
		check_var(&rc, &rc.vars[i]);
	rcconf_check_enables(c, &rc);
	CHECK(conf_errors(c) == c->nerrors[CONF_STAGE_SYNTAX]);
	check_plan(&rc, lines, size);

	/* A CR before a newline would read as a CRLF line end. */
	text = write_back(&rc, &len);
	for (i = 0; i < rc.n; i++)
		if (strstr(rc.vars[i].value, "\r\n"))
			goto out;
	c2 = conf_new(0);
	CHECK(rcconf_parse(c2, "again", text, len, &rc2) == 0);
	CHECK(rc2.n == rc.n);
	for (i = 0; i < rc.n; i++) {
		CHECK(strcmp(rc2.vars[i].name, rc.vars[i].name) == 0);
		CHECK(rc2.vars[i].len == rc.vars[i].len);
		CHECK(memcmp(rc2.vars[i].value, rc.vars[i].value,
		    rc.vars[i].len) == 0);
	}
	conf_free(c2);
out:
	free(text);
	conf_free(c);
	return 0;
}
