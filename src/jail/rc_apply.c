/* The network plan of a jail's rc.conf carried out in the jail's
 * network namespace, from the host, through the netlink executor
 * (net.h): the interfaces named after the jail's own, then each
 * operation in order. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rc_int.h"
#include "../util/buf.h"

size_t
rc_net_op_format(const struct rc_net_op *op, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN];
	char dst[INET6_ADDRSTRLEN + 8];
	int n;

	a[0] = g[0] = '\0';
	if (op->kind == RC_NET_ADDR || (op->kind == RC_NET_ROUTE && !op->dflt))
		inet_ntop(op->addr.family, op->addr.addr, a, sizeof(a));
	if (op->kind == RC_NET_ROUTE && op->has_gw)
		inet_ntop(op->gw.family, op->gw.addr, g, sizeof(g));
	switch (op->kind) {
	case RC_NET_ADDR:
		n = snprintf(buf, len, "%s: address %s/%u", op->ifname, a,
		    op->addr.prefixlen);
		break;
	case RC_NET_MTU:
		n = snprintf(buf, len, "%s: mtu %u", op->ifname, op->mtu);
		break;
	case RC_NET_UP:
		n = snprintf(buf, len, "%s: up", op->ifname);
		break;
	case RC_NET_ROUTE:
		if (op->dflt)
			snprintf(dst, sizeof(dst), "default%s",
			    op->addr.family == AF_INET6 ? " inet6" : "");
		else
			snprintf(dst, sizeof(dst), "%s/%u", a,
			    op->addr.prefixlen);
		n = snprintf(buf, len, "route %s%s%s%s%s", dst,
		    op->has_gw ? " via " : "", g, op->ifname[0] ? " dev " :
		    "", op->ifname);
		break;
	default:
		n = snprintf(buf, len, "?");
		break;
	}
	return n < 0 ? 0 : (size_t)n;
}

/* The jail's interface for op, or NULL. */
static const char *
find_link(const struct rc_net_op *op, const char *const *names, size_t n)
{
	char key[NET_NAMESZ];
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], op->ifname))
			return names[i];
	for (i = 0; i < n && op->from_var; i++) {
		rc_ltr(names[i], key, sizeof(key));
		if (!strcmp(key, op->ifname))
			return names[i];
	}
	/* FreeBSD's loopback is lo0. */
	for (i = 0; i < n && !strcmp(op->ifname, "lo0"); i++)
		if (!strcmp(names[i], "lo"))
			return names[i];
	return NULL;
}

int
rc_net_resolve(struct conf *c, struct rc_net_plan *p,
    const char *const *ifnames, size_t n)
{
	const char *got, *reported = NULL;
	struct buf have = BUF_INIT;
	unsigned before = conf_errors(c);
	size_t i, k;

	for (k = 0; k < n; k++)
		buf_printf(&have, "%s%s", k ? ", " : "", ifnames[k]);
	for (i = 0; i < p->n; i++) {
		struct rc_net_op *op = &p->ops[i];

		if (op->ifname[0] == '\0')
			continue;
		if ((got = find_link(op, ifnames, n)) != NULL) {
			snprintf(op->ifname, sizeof(op->ifname), "%s", got);
			op->from_var = false;
			continue;
		}
		if (reported != op->var)	/* once per variable */
			conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK, &op->loc,
			    "%s: the jail has no interface %s (it has: %s)",
			    op->var, op->ifname, have.s ? have.s : "none");
		reported = op->var;
	}
	buf_free(&have);
	return conf_errors(c) > before ? -1 : 0;
}

/* The broadcast address FreeBSD gives an IPv4 address on a broadcast
 * interface (in_ifinit), which Linux sets only when asked. */
static const struct net_addr *
broadcast(const struct rc_net_op *op, struct net_addr *brd)
{
	unsigned i;

	if (op->addr.family != AF_INET || op->addr.prefixlen > 30 ||
	    !strcmp(op->ifname, "lo"))
		return NULL;
	*brd = op->addr;
	brd->prefixlen = 32;
	for (i = op->addr.prefixlen; i < 32; i++)
		brd->addr[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	return brd;
}

static int
apply_op(struct net *n, int nsfd, const struct rc_net_op *op,
    struct brig_err *e)
{
	struct net_addr brd;
	const char *dev = op->ifname[0] ? op->ifname : NULL;
	int rc;

	switch (op->kind) {
	case RC_NET_ADDR:
		rc = net_addr_add(n, nsfd, op->ifname, &op->addr,
		    broadcast(op, &brd), e);
		break;
	case RC_NET_MTU:
		return net_link_set_mtu(n, nsfd, op->ifname, op->mtu, e);
	case RC_NET_UP:
		return net_link_set_up(n, nsfd, op->ifname, true, e);
	case RC_NET_ROUTE:
		rc = net_route_add(n, nsfd, op->dflt ? NULL : &op->addr,
		    op->has_gw ? &op->gw : NULL, dev, e);
		if (rc == -1 && e->errnum == EEXIST && op->dflt && op->has_gw)
			return -1;	/* another default route: say so */
		break;
	default:
		return err_fmt(e, "unknown operation %d", (int)op->kind);
	}
	/* Already there (lo's 127.0.0.1/8; the kernel's own route to a
	 * connected network): left as it is. */
	if (rc == -1 && e->errnum == EEXIST)
		return 0;
	return rc;
}

/* The first error of c, as one line into e. */
static int
first_error(const struct conf *c, struct brig_err *e)
{
	const struct conf_diag *d, *best = NULL;
	size_t i;

	for (i = 0; i < c->ndiags; i++) {
		d = &c->diags[i];
		if (d->sev != CONF_ERROR)
			continue;
		if (best == NULL || (d->loc.file && best->loc.file &&
		    !strcmp(d->loc.file, best->loc.file) && (d->loc.line <
		    best->loc.line || (d->loc.line == best->loc.line &&
		    d->loc.col < best->loc.col))))
			best = d;
	}
	if (best == NULL)
		return err_fmt(e, "rc.conf: an error");
	if (best->loc.file == NULL)
		return err_fmt(e, "%s", best->msg);
	return err_fmt(e, "%s:%u:%u: %s", best->loc.file, best->loc.line,
	    best->loc.col, best->msg);
}

int
rc_jail_first_error(const struct rc_jail *rj, struct brig_err *e)
{
	return first_error(rj->c, e);
}

int
rc_net_apply(struct net *n, int nsfd, struct rc_jail *rj, struct brig_err *e)
{
	struct net_link *links = NULL;
	const char **names;
	char line[160];
	size_t nl = 0, i;
	int rc;

	if (rj->net.n == 0)
		return 0;
	if (net_link_list(n, nsfd, &links, &nl, e) == -1)
		return err_ctx(e, "rc.conf: list the jail's interfaces");
	names = xmalloc((nl ? nl : 1) * sizeof(*names));
	for (i = 0; i < nl; i++)
		names[i] = links[i].name;
	rc = rc_net_resolve(rj->c, &rj->net, names, nl);
	free(names);
	free(links);
	if (rc == -1)
		return first_error(rj->c, e);
	for (i = 0; i < rj->net.n; i++) {
		const struct rc_net_op *op = &rj->net.ops[i];

		if (apply_op(n, nsfd, op, e) == -1) {
			rc_net_op_format(op, line, sizeof(line));
			return err_ctx(e, "%s:%u:%u: %s: %s", op->loc.file,
			    op->loc.line, op->loc.col, op->var, line);
		}
	}
	return 0;
}
