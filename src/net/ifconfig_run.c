/* brig's ifconfig(8): the executor.  A parsed command (ifconfig.h) is
 * first checked against a model of the namespace's links, which each
 * check changes as the operation would (a created bridge exists for the
 * addm after it; a member leaves with deletem; an interface moved to a
 * jail is gone), so that everything FreeBSD would refuse is refused
 * before the first change.  Then the same steps run, over netlink.
 *
 * FreeBSD's semantics, and where they come from (sbin/ifconfig):
 *   - create prints the name it made when that differs from the name
 *     given (ifclone.c); "bridge0 create" on an existing bridge0 is an
 *     error alone, and is skipped when parameters follow (ifconfig.c
 *     main(): "create" is not taken for a host name).
 *   - an address is set after every other parameter (ifconfig.c
 *     ifconfig(): the deferred SIOCDIFADDR/SIOCAIFADDR); without alias,
 *     inet replaces the interface's first inet address (af_inet.c: an
 *     empty in_ridreq deletes the first one) and inet6 replaces only the
 *     same address (af_inet6.c: af_ridreq is the add request itself);
 *     -alias removes the address, which must exist.
 *   - setting an address brings the interface up: ether_ioctl()'s
 *     SIOCSIFADDR sets IFF_UP, for inet and inet6 (in6_notify_ifa()).
 *   - a new epair's up, address and mtu act on its a end, as
 *     ifconfig(8) goes on with the name the kernel returned. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <net/if_arp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ifconfig.h"
#include "net.h"

#define CREATE_TRIES	8	/* a unit can be taken meanwhile */
#define FAKE_INDEX	(-100)	/* model links not made yet: -100 ... */

/* What one operation will do, decided by the checks. */
struct step {
	const struct ifc_op *op;
	int fd;			/* VNET, UNVNET: the jail's namespace */
	bool has_del;		/* ADDR: remove del first */
	struct net_addr del;
	bool has_add;		/* ADDR: then add add (brd if has_brd) */
	struct net_addr add;
	bool has_brd;
	struct net_addr brd;
};

struct run {
	const struct ifc_ctx *x;
	struct ifc_cmd c;		/* any_unit names resolved */
	struct net_link *m;		/* the model */
	size_t nm;
	struct step steps[IFC_MAX_OPS];	/* in the order they run */
	size_t n;
	int self;			/* our namespace, for -vnet; or -1 */
	bool create, skip_create, made;
	char name[IFC_NAMESZ];		/* made by create: epairNa, bridgeN */
	char peer[IFC_NAMESZ];		/* epairNb, or "" */
	struct brig_err *e;
};

static struct net_link *
find(struct run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nm; i++)
		if (strcmp(r->m[i].name, name) == 0)
			return &r->m[i];
	return NULL;
}

/* The name of the link index, or "?" (not listed). */
static const char *
name_of(struct run *r, int index)
{
	size_t i;

	for (i = 0; i < r->nm; i++)
		if (r->m[i].index == index && r->m[i].name[0] != '\0')
			return r->m[i].name;
	return "?";
}

/* The interface name, which must exist: FreeBSD's own message. */
static struct net_link *
need(struct run *r, const char *name)
{
	struct net_link *l = find(r, name);

	if (l == NULL)
		err_fmt(r->e, "interface %s does not exist", name);
	return l;
}

static struct net_link *
model_add(struct run *r, const char *name, const char *kind)
{
	struct net_link *l = &r->m[r->nm];

	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", name);
	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	l->index = FAKE_INDEX - (int)r->nm;
	l->type = ARPHRD_ETHER;
	l->netns_local = strcmp(kind, "bridge") == 0;
	l->link_netnsid = -1;
	r->nm++;
	return l;
}

/* "a bridge", "the loopback interface", "a physical interface". */
static const char *
what(const struct net_link *l, char *buf, size_t len)
{
	if (l->type == ARPHRD_LOOPBACK)
		return "the loopback interface";
	if (l->kind[0] == '\0')
		return "a physical interface";
	if (strcmp(l->kind, "veth") == 0)
		return "an epair (veth)";
	snprintf(buf, len, "%s %s interface", strchr("aeiou", l->kind[0]) ?
	    "an" : "a", l->kind);
	return buf;
}

static bool
is_bridge(const struct net_link *l)
{
	return strcmp(l->kind, "bridge") == 0;
}

/* --- create ------------------------------------------------------------ */

static int
plan_create(struct run *r)
{
	struct ifc_op *o = &r->c.ops[0];
	bool epair = strncmp(r->c.ifname, "epair", 5) == 0;
	const char *cloner = epair ? "epair" : "bridge";
	long unit;
	size_t k;

	if (o->any_unit) {
		if ((unit = ifc_unit_free(cloner, r->m, r->nm)) < 0)
			return err_fmt(r->e, "SIOCIFCREATE2 (%s): no free "
			    "unit (0..%d)", cloner, IFC_MAX_UNIT);
	} else
		unit = strtol(r->c.ifname + strlen(cloner), NULL, 10);
	snprintf(r->name, sizeof(r->name), "%s%ld%s", cloner, unit,
	    epair ? "a" : "");
	if (epair)
		snprintf(r->peer, sizeof(r->peer), "epair%ldb", unit);
	if (find(r, r->c.ifname) != NULL) {
		if (epair || r->c.n == 1)
			return err_fmt(r->e, "interface %s already exists",
			    r->c.ifname);
		r->skip_create = true;	/* FreeBSD: configure it */
	} else if (find(r, r->name) || (epair && find(r, r->peer)))
		return err_fmt(r->e, "SIOCIFCREATE2 (%s): File exists",
		    r->c.ifname);
	for (k = 1; k < r->c.n; k++)
		if (r->c.ops[k].any_unit)
			snprintf(r->c.ops[k].ifname,
			    sizeof(r->c.ops[k].ifname), "%s", r->name);
	if (r->skip_create)
		return 0;
	model_add(r, r->name, epair ? "veth" : "bridge");
	if (epair)
		model_add(r, r->peer, "veth");
	return 0;
}

/* --- the checks, one per operation ------------------------------------ */

static int
check_destroy(struct run *r, struct step *s)
{
	struct net_link *l = need(r, s->op->ifname);
	char buf[64];

	if (l == NULL)
		return -1;
	if (strcmp(l->kind, "veth") != 0 && !is_bridge(l))
		return err_fmt(r->e, "cannot destroy %s, %s: brig's ifconfig "
		    "destroys only what create makes (epair, bridge)",
		    l->name, what(l, buf, sizeof(buf)));
	l->name[0] = '\0';
	return 0;
}

/* addm, deletem: the bridge and the member, both here. */
static int
check_member(struct run *r, struct step *s)
{
	const struct ifc_op *o = s->op;
	bool add = o->op == IFC_ADDM;
	struct net_link *br, *m;
	char buf[64];

	if ((br = need(r, o->ifname)) == NULL)
		return -1;
	if (!is_bridge(br))
		return err_fmt(r->e, "%s %s: %s is not a bridge but %s",
		    ifc_op_name(o->op), o->arg, br->name,
		    what(br, buf, sizeof(buf)));
	if ((m = find(r, o->arg)) == NULL)
		return err_fmt(r->e, "%s %s: interface %s does not exist",
		    ifc_op_name(o->op), o->arg, o->arg);
	if (!add) {
		if (m->master != br->index)
			return err_fmt(r->e, "deletem %s: %s is not a member "
			    "of %s", m->name, m->name, br->name);
		m->master = 0;
		return 0;
	}
	if (m == br || is_bridge(m) || m->type == ARPHRD_LOOPBACK)
		return err_fmt(r->e, "addm %s: %s cannot be a bridge member",
		    m->name, what(m, buf, sizeof(buf)));
	if (m->master == br->index)
		return err_fmt(r->e, "addm %s: %s is a member of %s already",
		    m->name, m->name, br->name);
	if (m->master != 0)
		return err_fmt(r->e, "addm %s: %s is a member of %s; deletem "
		    "it there first", m->name, m->name, name_of(r, m->master));
	m->master = br->index;
	return 0;
}

/* Can l change namespace (not a bridge, not lo, not netns-local)? */
static int
movable(struct run *r, const struct net_link *l, const struct ifc_op *o)
{
	char buf[64];

	if (is_bridge(l) || l->type == ARPHRD_LOOPBACK || l->netns_local == 1)
		return err_fmt(r->e, "%s %s: %s is %s, which stays in its "
		    "network namespace", ifc_op_name(o->op), o->arg, l->name,
		    what(l, buf, sizeof(buf)));
	return 0;
}

/* The jail's namespace into s->fd, and its link name into *out (1), or
 * 0 if it has none. */
static int
jail_link(struct run *r, struct step *s, struct net_link *out)
{
	const struct ifc_op *o = s->op;

	if (r->x->jail_netns == NULL)
		return err_fmt(r->e, "%s %s: no jails here",
		    ifc_op_name(o->op), o->arg);
	if ((s->fd = r->x->jail_netns(r->x->arg, o->arg, r->e)) < 0)
		return -1;
	return net_link_find(r->x->n, s->fd, o->ifname, out, r->e);
}

static int
check_vnet(struct run *r, struct step *s)
{
	const struct ifc_op *o = s->op;
	struct net_link *l, there;
	int found;

	if ((l = need(r, o->ifname)) == NULL || movable(r, l, o) == -1)
		return -1;
	if ((found = jail_link(r, s, &there)) == -1)
		return -1;
	if (found)
		return err_fmt(r->e, "vnet %s: jail %s has an interface %s "
		    "already", o->arg, o->arg, o->ifname);
	l->name[0] = '\0';
	return 0;
}

/* -vnet: the interface is in the jail (FreeBSD looks it up there too,
 * ifconfig.c main()), its name free here. */
static int
check_unvnet(struct run *r, struct step *s)
{
	const struct ifc_op *o = s->op;
	struct net_link there;
	int found;

	if (r->self < 0 && (r->self = open("/proc/thread-self/ns/net",
	    O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(r->e, "open /proc/thread-self/ns/net");
	if ((found = jail_link(r, s, &there)) == -1)
		return -1;
	if (!found)
		return err_fmt(r->e, "interface %s does not exist in jail %s",
		    o->ifname, o->arg);
	if (movable(r, &there, o) == -1)
		return -1;
	if (find(r, o->ifname) != NULL)
		return err_fmt(r->e, "-vnet %s: an interface %s exists here "
		    "already", o->arg, o->ifname);
	model_add(r, o->ifname, there.kind)->type = there.type;
	return 0;
}

static int
check_mtu(struct run *r, struct step *s)
{
	const struct net_link *l = need(r, s->op->ifname);
	unsigned lo, hi;

	if (l == NULL)
		return -1;
	lo = l->min_mtu ? l->min_mtu : 68;
	hi = l->max_mtu ? l->max_mtu : 65535;
	if (s->op->mtu < lo || s->op->mtu > hi)
		return err_fmt(r->e, "mtu %u is out of range for %s (%u..%u)",
		    s->op->mtu, l->name, lo, hi);
	return 0;
}

/* --- addresses ---------------------------------------------------------- */

static const char *
addr_text(const struct net_addr *a, char *buf, size_t len)
{
	char ip[64] = "?";

	inet_ntop(a->family, a->addr, ip, sizeof(ip));
	snprintf(buf, len, "%s", ip);
	return buf;
}

/* The address of o, with its prefix length given or defaulted, and the
 * inet broadcast FreeBSD's kernel computes (none on /31 and /32). */
static void
addr_of(struct run *r, const struct ifc_op *o, struct step *s)
{
	size_t len = o->family == AF_INET ? 4 : 16;
	uint32_t net, mask;

	s->add.family = o->family;
	memcpy(s->add.addr, o->addr, len);
	if (o->prefix >= 0)
		s->add.prefixlen = (unsigned)o->prefix;
	else if (o->family == AF_INET6)
		s->add.prefixlen = 64;	/* af_inet6.c in6_postproc() */
	else {
		s->add.prefixlen = ifc_inet_default_prefix(o->addr);
		if (r->x->warn != NULL && o->alias != IFC_ALIAS_DEL)
			fprintf(r->x->warn, "ifconfig: WARNING: setting "
			    "interface address without mask is deprecated,\n"
			    "default mask may not be correct.\n");
	}
	if (o->family != AF_INET || s->add.prefixlen > 30)
		return;
	mask = ifc_netmask(s->add.prefixlen);
	memcpy(&net, o->addr, 4);
	net = htonl(ntohl(net) | ~mask);
	s->brd.family = AF_INET;
	s->brd.prefixlen = 32;
	memcpy(s->brd.addr, &net, 4);
	s->has_brd = true;
}

/* The first address of family on the link (any == true), or the one
 * equal to a: into *out, 1; or 0. */
static int
addr_find(struct run *r, const struct net_link *l, const struct net_addr *a,
    bool any, struct net_addr *out)
{
	struct net_ifaddr *v;
	size_t n, i, len = a->family == AF_INET ? 4 : 16;
	int found = 0;

	if (l->index <= 0)	/* made by this command: none yet */
		return 0;
	if (net_addr_list(r->x->n, NET_NS_SELF, l->index, a->family, &v, &n,
	    r->e) == -1)
		return -1;
	for (i = 0; i < n && !found; i++)
		if (any || memcmp(v[i].addr, a->addr, len) == 0) {
			out->family = v[i].family;
			memcpy(out->addr, v[i].addr, len);
			out->prefixlen = v[i].prefixlen;
			found = 1;
		}
	free(v);
	return found;
}

static int
check_addr(struct run *r, struct step *s)
{
	const struct ifc_op *o = s->op;
	const struct net_link *l = need(r, o->ifname);
	bool first = o->family == AF_INET && o->alias == IFC_ALIAS_NONE;
	char text[64];
	int found;

	if (l == NULL)
		return -1;
	addr_of(r, o, s);
	/* The kernel deletes an address by address and prefix length: the
	 * one the link has. */
	if ((found = addr_find(r, l, &s->add, false, &s->del)) == -1)
		return -1;
	if (o->alias == IFC_ALIAS_DEL) {
		if (!found)
			return err_fmt(r->e, "remove address %s from %s: it "
			    "has no such address", addr_text(&s->add, text,
			    sizeof(text)), l->name);
		s->has_del = true;
		return 0;
	}
	s->has_add = true;
	if (!found && first && (found = addr_find(r, l, &s->add, true,
	    &s->del)) == -1)
		return -1;
	s->has_del = found;
	return 0;
}

/* --- plan and run -------------------------------------------------------- */

static int
check(struct run *r, struct step *s)
{
	switch (s->op->op) {
	case IFC_CREATE:
		return 0;
	case IFC_DESTROY:
		return check_destroy(r, s);
	case IFC_ADDM:
	case IFC_DELETEM:
		return check_member(r, s);
	case IFC_VNET:
		return check_vnet(r, s);
	case IFC_UNVNET:
		return check_unvnet(r, s);
	case IFC_ADDR:
		return check_addr(r, s);
	case IFC_MTU:
		return check_mtu(r, s);
	case IFC_UP:
	case IFC_DOWN:
		return need(r, s->op->ifname) ? 0 : -1;
	case IFC_LIST:
	case IFC_NOPS:
	default:
		return err_fmt(r->e, "%s cannot be combined with other "
		    "operations", ifc_op_name(s->op->op));
	}
}

static void
steps_close(struct run *r)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		if (r->steps[k].fd >= 0) {
			close(r->steps[k].fd);
			r->steps[k].fd = -1;
		}
	r->n = 0;
}

/* The model, the steps (the address last: ifconfig.c defers it), every
 * check. */
static int
plan(struct run *r, const struct ifc_cmd *c)
{
	struct net_link *v;
	size_t n, k, pass;

	r->c = *c;
	r->skip_create = r->made = false;
	r->name[0] = r->peer[0] = '\0';
	free(r->m);
	r->m = NULL;
	if (net_link_list(r->x->n, NET_NS_SELF, &v, &n, r->e) == -1)
		return -1;
	/* Room for what the command adds: a pair, one link per -vnet. */
	if ((r->m = reallocarray(v, n + IFC_MAX_OPS + 2, sizeof(*v))) == NULL) {
		free(v);
		return err_sys(r->e, "allocate the interface list");
	}
	r->nm = n;
	r->create = r->c.ops[0].op == IFC_CREATE;
	if (r->create && plan_create(r) == -1)
		return -1;
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < r->c.n; k++)
			if ((r->c.ops[k].op == IFC_ADDR) == (pass == 1)) {
				memset(&r->steps[r->n], 0, sizeof(r->steps[0]));
				r->steps[r->n].op = &r->c.ops[k];
				r->steps[r->n].fd = -1;
				if (check(r, &r->steps[r->n++]) == -1)
					return -1;
			}
	return 0;
}

static int
run_create(struct run *r)
{
	struct net *n = r->x->n;
	int rc;

	if (r->skip_create)
		return 0;
	if (r->peer[0])
		rc = net_veth_create(n, NET_NS_SELF, r->name, r->peer,
		    NET_NS_SELF, r->e);
	else
		rc = net_bridge_create(n, NET_NS_SELF, r->name, r->e);
	if (rc == 0)
		r->made = true;
	return rc;
}

static int
run_addr(struct run *r, const struct step *s)
{
	struct net *n = r->x->n;
	const char *ifname = s->op->ifname;

	if (s->has_del && net_addr_del(n, NET_NS_SELF, ifname, &s->del,
	    r->e) == -1)
		return -1;
	if (!s->has_add)
		return 0;
	if (net_addr_add(n, NET_NS_SELF, ifname, &s->add,
	    s->has_brd ? &s->brd : NULL, r->e) == -1)
		return -1;
	return net_link_set_up(n, NET_NS_SELF, ifname, true, r->e);
}

static int
run_step(struct run *r, const struct step *s)
{
	const struct ifc_op *o = s->op;
	struct net *n = r->x->n;

	switch (o->op) {
	case IFC_CREATE:
		return run_create(r);
	case IFC_DESTROY:
		return net_link_delete(n, NET_NS_SELF, o->ifname, r->e);
	case IFC_ADDM:
		return net_link_set_master(n, NET_NS_SELF, o->arg, o->ifname,
		    r->e);
	case IFC_DELETEM:
		return net_link_set_master(n, NET_NS_SELF, o->arg, NULL, r->e);
	case IFC_VNET:
		return net_link_set_netns(n, NET_NS_SELF, o->ifname, s->fd,
		    r->e);
	case IFC_UNVNET:
		return net_link_set_netns(n, s->fd, o->ifname, r->self, r->e);
	case IFC_ADDR:
		return run_addr(r, s);
	case IFC_UP:
	case IFC_DOWN:
		return net_link_set_up(n, NET_NS_SELF, o->ifname,
		    o->op == IFC_UP, r->e);
	case IFC_MTU:
		return net_link_set_mtu(n, NET_NS_SELF, o->ifname, o->mtu,
		    r->e);
	case IFC_LIST:
	case IFC_NOPS:
	default:
		return err_fmt(r->e, "%s: nothing to run", ifc_op_name(o->op));
	}
}

/* 0, -1, or 1: a unit picked for create was taken meanwhile. */
static int
run_all(struct run *r)
{
	struct brig_err undo;
	size_t k;

	for (k = 0; k < r->n; k++) {
		if (run_step(r, &r->steps[k]) == 0)
			continue;
		if (k == 0 && r->create && r->c.ops[0].any_unit &&
		    r->e->errnum == EEXIST)
			return 1;
		/* Nothing half-made: what create made goes. */
		if (r->made)
			(void)net_link_delete(r->x->n, NET_NS_SELF, r->name,
			    &undo);
		return -1;
	}
	return 0;
}

static int
list(const struct ifc_ctx *x, const struct ifc_op *o, struct brig_err *e)
{
	struct net_link *l = NULL;
	struct net_ifaddr *a = NULL;
	size_t nl, na;
	int rc = -1;

	if (net_link_list(x->n, NET_NS_SELF, &l, &nl, e) == -1 ||
	    net_addr_list(x->n, NET_NS_SELF, 0, o->family, &a, &na, e) == -1)
		goto out;
	if (ifc_show(x->out, l, nl, a, na, o->ifname, o->family) == 0 &&
	    o->ifname[0] != '\0') {
		size_t i;

		for (i = 0; i < nl && strcmp(l[i].name, o->ifname); i++)
			;
		if (i == nl) {
			err_fmt(e, "interface %s does not exist", o->ifname);
			goto out;
		}
	}
	rc = 0;
out:
	free(l);
	free(a);
	return rc;
}

int
ifc_run(const struct ifc_ctx *x, const struct ifc_cmd *c, struct brig_err *e)
{
	struct run r = { .x = x, .self = -1, .e = e };
	int tries = 0, rc;

	if (c->n == 0)
		return err_fmt(e, "nothing to do");
	if (c->ops[0].op == IFC_LIST)
		return list(x, &c->ops[0], e);
	do {
		steps_close(&r);
		rc = plan(&r, c);
		if (rc == 0)
			rc = run_all(&r);
	} while (rc == 1 && ++tries < CREATE_TRIES);
	if (rc == 1)
		err_ctx(e, "SIOCIFCREATE2 (%s)", c->ifname);
	/* ifclone.c: the name made, when it is not the name given. */
	if (rc == 0 && r.made && strcmp(r.name, c->ifname) != 0)
		fprintf(x->out, "%s\n", r.name);
	steps_close(&r);
	free(r.m);
	if (r.self >= 0)
		close(r.self);
	return rc == 0 ? 0 : -1;
}
