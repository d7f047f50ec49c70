/* rc.d/routing's static_inet and static_inet6, as a plan: each name of
 * static_routes (ipv6_static_routes) is "NAME" or "NAME:IF", and
 * route_NAME (ipv6_route_NAME) holds route(8) arguments for "route add"
 * ("route add -inet6" for IPv6); defaultrouter (ipv6_defaultrouter)
 * comes last as "route add default ROUTER".  FreeBSD's own routes
 * (_loopback, _v4mapped, _lla, ...) are not added: Linux has its own.
 *
 * route(8) forms brig takes: a destination (default, ADDR/LEN, ADDR with
 * -netmask MASK or -prefixlen LEN, -host ADDR, an IPv6 ADDR alone as a
 * host) and a gateway (ADDR, ADDR%IF for a link-local one, or an
 * interface with -interface/-iface); -net, -host, -inet, -inet6 and
 * -static as modifiers.  Refused with a message: any other modifier
 * (-fib, -reject, -blackhole, -mtu, ...), a third argument, and an IPv4
 * destination without a length, whose mask route(8) would guess from
 * the address class. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rc_int.h"

#define MODIFIERS	"-net, -host, -inet, -inet6, -netmask, -prefixlen, " \
	"-interface, -iface, -static"

struct route {
	int family;		/* AF_INET, AF_INET6 or 0 (the addresses') */
	bool net, host, iface;
	int len;		/* -netmask or -prefixlen, or -1 */
	const char *dst, *gw;
};

/* A decimal number 0..max, or -1. */
static int
number(const char *s, int max)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > max ? -1 : (int)v;
}

/* A dotted or 0x netmask's length, -1 if not one, -2 if not
 * contiguous. */
static int
mask_len(const char *s)
{
	struct in_addr a;
	uint32_t m;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		/* Hex digits only: strtoul would take "-1". */
		if (s[2] == '\0' || strlen(s + 2) > 8 ||
		    strspn(s + 2, "0123456789abcdefABCDEF") != strlen(s + 2))
			return -1;
		m = (uint32_t)strtoul(s + 2, NULL, 16);
	} else if (inet_pton(AF_INET, s, &a) == 1)
		m = ntohl(a.s_addr);
	else
		return -1;
	if (((~m + 1) & ~m) != 0)
		return -2;
	return __builtin_popcount(m);
}

/* The words of a route into r; -1 after an error. */
static int
words(struct rc_builder *b, const struct rcconf_var *v, char **w, int n,
    struct route *r)
{
	int i, m;

	for (i = 0; i < n; i++) {
		const char *s = w[i];

		if (!strcmp(s, "-net"))
			r->net = true;
		else if (!strcmp(s, "-host"))
			r->host = true;
		else if (!strcmp(s, "-inet"))
			r->family = AF_INET;
		else if (!strcmp(s, "-inet6"))
			r->family = AF_INET6;
		else if (!strcmp(s, "-interface") || !strcmp(s, "-iface"))
			r->iface = true;
		else if (!strcmp(s, "-static"))
			;	/* route add's routes are static anyway */
		else if (!strcmp(s, "-netmask") || !strcmp(s, "-prefixlen")) {
			if (i + 1 == n) {
				rc_fail(b, v, "%s needs a value", s);
				return -1;
			}
			i++;
			m = s[1] == 'n' ? mask_len(w[i]) : number(w[i], 128);
			if (m < 0) {
				rc_fail(b, v, "%s \"%s\": %s", s, w[i],
				    m == -2 ? "not contiguous" : "not a mask");
				return -1;
			}
			r->len = m;
		} else if (s[0] == '-') {
			rc_fail(b, v, "route modifier \"%s\" is not supported "
			    "by brig (supported: %s)", s, MODIFIERS);
			return -1;
		} else if (r->dst == NULL)
			r->dst = s;
		else if (r->gw == NULL)
			r->gw = s;
		else {
			rc_fail(b, v, "\"%s\": a third argument (route(8)'s "
			    "old metric) is not supported", s);
			return -1;
		}
	}
	if (r->dst == NULL || r->gw == NULL) {
		rc_fail(b, v, "needs a destination and a gateway (an address, "
		    "or -interface IF)");
		return -1;
	}
	if (r->net && r->host) {
		rc_fail(b, v, "-net and -host contradict each other");
		return -1;
	}
	return 0;
}

/* Clear the bits past the prefix (route(8) and the kernel ignore them;
 * Linux refuses them). */
static void
mask_addr(struct net_addr *a)
{
	unsigned i, bytes = a->family == AF_INET ? 4 : 16;

	for (i = 0; i < bytes; i++) {
		if (i * 8 >= a->prefixlen)
			a->addr[i] = 0;
		else if (i * 8 + 8 > a->prefixlen)
			a->addr[i] &= (unsigned char)(0xff00 >> (a->prefixlen -
			    i * 8));
	}
}

static int
family_of(const char *s)
{
	return strchr(s, ':') ? AF_INET6 : AF_INET;
}

static int
destination(struct rc_builder *b, const struct rcconf_var *v, struct route *r,
    struct rc_net_op *op)
{
	const char *slash = strchr(r->dst, '/');
	char a[64];
	int fam = r->family ? r->family : family_of(r->dst), max, len;

	op->addr.family = fam;
	max = fam == AF_INET ? 32 : 128;
	snprintf(a, sizeof(a), "%.*s", slash ? (int)(slash - r->dst) : 63,
	    r->dst);
	if (inet_pton(fam, a, op->addr.addr) != 1) {
		rc_fail(b, v, "\"%s\" is not an %s destination", r->dst,
		    fam == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	if (slash && (r->host || r->len >= 0)) {
		rc_fail(b, v, "\"%s\": the length is given twice", r->dst);
		return -1;
	}
	len = slash ? number(slash + 1, max) : r->len >= 0 ? r->len :
	    r->host || (fam == AF_INET6 && !r->net) ? max : -2;
	if (len == -2) {
		rc_fail(b, v, "\"%s\" has no prefix length: write %s/LEN or "
		    "-host %s (route(8) would guess a mask from the address "
		    "class)", r->dst, a, a);
		return -1;
	}
	if (len < 0 || len > max) {
		rc_fail(b, v, "\"%s\": the prefix length must be 0..%d",
		    r->dst, max);
		return -1;
	}
	op->addr.prefixlen = (unsigned)len;
	mask_addr(&op->addr);
	return 0;
}

static int
gateway(struct rc_builder *b, const struct rcconf_var *v, struct route *r,
    struct rc_net_op *op)
{
	const char *pct = strchr(r->gw, '%');
	char a[64], shown[INET6_ADDRSTRLEN];
	int fam = op->dflt ? (r->family ? r->family : family_of(r->gw)) :
	    op->addr.family;
	struct brig_err e;

	if (r->iface) {
		if (net_ifname_check(r->gw, &e) == -1) {
			rc_fail(b, v, "-interface: %s", e.msg);
			return -1;
		}
		snprintf(op->ifname, sizeof(op->ifname), "%s", r->gw);
		op->addr.family = fam;
		return 0;
	}
	snprintf(a, sizeof(a), "%.*s", pct ? (int)(pct - r->gw) : 63, r->gw);
	op->gw.family = fam;
	op->gw.prefixlen = fam == AF_INET ? 32 : 128;
	if (family_of(a) != fam || inet_pton(fam, a, op->gw.addr) != 1) {
		rc_fail(b, v, "gateway \"%s\" is not an %s address", r->gw,
		    fam == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	op->has_gw = true;
	op->addr.family = fam;
	if (pct) {
		if (fam != AF_INET6 || net_ifname_check(pct + 1, &e) == -1) {
			rc_fail(b, v, "gateway \"%s\": bad scope (ADDR%%IF, "
			    "for an IPv6 address)", r->gw);
			return -1;
		}
		snprintf(op->ifname, sizeof(op->ifname), "%s", pct + 1);
	} else if (fam == AF_INET6 && op->gw.addr[0] == 0xfe &&
	    (op->gw.addr[1] & 0xc0) == 0x80) {
		inet_ntop(AF_INET6, op->gw.addr, shown, sizeof(shown));
		rc_fail(b, v, "link-local gateway %s needs its interface: "
		    "%s%%IF", shown, shown);
		return -1;
	}
	return 0;
}

/* One "route add" of v: prefix words (default, -inet6) and v's words. */
static void
route_add(struct rc_builder *b, const struct rcconf_var *v,
    const char *const *pre, int npre)
{
	struct rc_words ws;
	char *w[RC_MAX_SPLIT + 4];
	struct route r = { 0, false, false, false, -1, NULL, NULL };
	struct rc_net_op op;
	int n = 0, i;

	if (rc_split(v->value, &ws) == -1) {
		rc_fail(b, v, "more than %d words", RC_MAX_SPLIT);
		goto out;
	}
	for (i = 0; i < npre; i++)
		w[n++] = (char *)pre[i];
	for (i = 0; i < ws.n; i++)
		w[n++] = ws.w[i];
	memset(&op, 0, sizeof(op));
	if (words(b, v, w, n, &r) == -1)
		goto out;
	if (!strcmp(r.dst, "default")) {
		if (r.host || r.len >= 0) {
			rc_fail(b, v, "a default route takes no length");
			goto out;
		}
		op.dflt = true;
	} else if (destination(b, v, &r, &op) == -1)
		goto out;
	if (gateway(b, v, &r, &op) == -1)
		goto out;
	op.kind = RC_NET_ROUTE;
	op.var = v->name;
	op.loc = v->loc;
	*rc_push(b, RC_NET_ROUTE, v, NULL, false) = op;
out:
	rc_words_free(&ws);
}

/* static_inet / static_inet6 of rc.d/routing. */
static void
static_routes(struct rc_builder *b, int family)
{
	static const char *const inet6[] = { "-inet6" };
	const char *list = family == AF_INET ? "static_routes" :
	    "ipv6_static_routes";
	const char *prefix = family == AF_INET ? "route_" : "ipv6_route_";
	const struct rcconf_var *lv = rcconf_find(b->rc, list), *v;
	struct rc_words ws;
	char name[256], var[300];
	int i;

	if (lv == NULL)
		return;
	if (rc_split(lv->value, &ws) == -1)
		rc_fail(b, lv, "more than %d routes", RC_MAX_SPLIT);
	for (i = 0; i < ws.n; i++) {
		/* NAME:IF names the interface the route goes with
		 * (routing start inet IF); at boot every route is added. */
		ws.w[i][strcspn(ws.w[i], ":")] = '\0';
		rc_ltr(ws.w[i], name, sizeof(name));
		snprintf(var, sizeof(var), "%s%s", prefix, name);
		v = rcconf_find(b->rc, var);
		if (v == NULL || v->value[0] == '\0')
			rc_warn(b, lv, "%s not found (rc.d/routing warns and "
			    "goes on)", var);
		else
			route_add(b, v, inet6, family == AF_INET6);
	}
	rc_words_free(&ws);
}

static void
default_router(struct rc_builder *b, int family)
{
	static const char *const pre4[] = { "default" };
	static const char *const pre6[] = { "-inet6", "default" };
	const struct rcconf_var *v = rcconf_find(b->rc, family == AF_INET ?
	    "defaultrouter" : "ipv6_defaultrouter");

	if (v == NULL || v->value[strspn(v->value, " \t\n")] == '\0' ||
	    strcasecmp(v->value, "NO") == 0)
		return;
	if (family == AF_INET)
		route_add(b, v, pre4, 1);
	else
		route_add(b, v, pre6, 2);
}

void
rc_routes(struct rc_builder *b)
{
	static_routes(b, AF_INET);
	default_router(b, AF_INET);
	static_routes(b, AF_INET6);
	default_router(b, AF_INET6);
}
