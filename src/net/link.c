/* Links: veth pairs, bridges, and their state (RTM_NEWLINK, RTM_SETLINK,
 * RTM_DELLINK, RTM_GETLINK).  The kernel finds a link by IFLA_IFNAME when
 * ifi_index is 0 (rtnl_setlink, rtnl_dellink, rtnl_getlink), so most
 * operations take one message and no lookup. */
#include <sys/socket.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "net.h"
#include "net_int.h"

/* Linux 6.15: a u8, 1 if the link cannot change namespace. */
#ifndef IFLA_NETNS_IMMUTABLE
#define IFLA_NETNS_IMMUTABLE	67
#endif

/* A request buffer aligned for struct nlmsghdr. */
#define MSGBUF(b)	uint32_t b[NL_MSG_MAX / sizeof(uint32_t)]

/* A request header and an ifinfomsg; the names are checked and
 * NL_MSG_MAX holds the largest message, so no put below can overflow. */
static struct nlmsghdr *
link_msg(void *buf, uint16_t type, uint16_t flags, int index)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	memset(buf, 0, NL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	return nlh;
}

struct nlmsghdr *
nl_msg_veth(void *buf, const char *name, const char *peer, int peer_nsfd,
    const unsigned char *mac, const unsigned char *peer_mac,
    struct brig_err *e)
{
	struct nlattr *info, *data, *pa;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (net_ifname_check(name, e) == -1 || net_ifname_check(peer, e) == -1)
		return NULL;
	nlh = link_msg(buf, RTM_NEWLINK,
	    NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* The peer: its own ifinfomsg and attributes (veth_newlink()),
	 * among them the namespace it is created in. */
	pa = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	if (peer_mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, peer_mac);
	if (peer_nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_nsfd);
	mnl_attr_nest_end(nlh, pa);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *
nl_msg_bridge(void *buf, const char *name, const unsigned char *mac,
    struct brig_err *e)
{
	struct nlmsghdr *nlh;
	struct nlattr *info;

	if (net_ifname_check(name, e) == -1)
		return NULL;
	nlh = link_msg(buf, RTM_NEWLINK,
	    NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *
nl_msg_link_del(void *buf, const char *name, struct brig_err *e)
{
	struct nlmsghdr *nlh;

	if (net_ifname_check(name, e) == -1)
		return NULL;
	nlh = link_msg(buf, RTM_DELLINK, NLM_F_ACK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

struct nlmsghdr *
nl_msg_setlink(void *buf, const char *name, const struct nl_setlink *s,
    struct brig_err *e)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if ((s->index == 0 && net_ifname_check(name, e) == -1) ||
	    (s->newname != NULL && net_ifname_check(s->newname, e) == -1))
		return NULL;
	nlh = link_msg(buf, RTM_SETLINK, NLM_F_ACK, s->index);
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_flags = s->flags;
	ifi->ifi_change = s->change;
	if (s->index == 0)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	else if (s->newname != NULL)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, s->newname);
	if (s->mtu != 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, s->mtu);
	if (s->master >= 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)s->master);
	if (s->nsfd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)s->nsfd);
	return nlh;
}

struct nlmsghdr *
nl_msg_getlink(void *buf, const char *name, struct brig_err *e)
{
	struct nlmsghdr *nlh;

	if (name == NULL)
		return link_msg(buf, RTM_GETLINK, NLM_F_DUMP, 0);
	if (net_ifname_check(name, e) == -1)
		return NULL;
	nlh = link_msg(buf, RTM_GETLINK, NLM_F_ACK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

static int
bad_link(struct brig_err *e, const char *what)
{
	errno = EBADMSG;
	return err_sys(e, "malformed link message: %s", what);
}

/* A string attribute into dst (size bytes): NUL-terminated inside the
 * attribute and short enough, or -1. */
static int
attr_str(const struct nlattr *a, char *dst, size_t size)
{
	size_t plen = mnl_attr_get_payload_len(a), n;

	n = strnlen(mnl_attr_get_payload(a), plen);
	if (n == plen || n >= size)
		return -1;
	memcpy(dst, mnl_attr_get_payload(a), n);
	dst[n] = '\0';
	return 0;
}

static int
attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_get_payload_len(a) < sizeof(*v))
		return -1;
	memcpy(v, mnl_attr_get_payload(a), sizeof(*v));
	return 0;
}

/* A u8 flag of a bridge port into the bit of *port. */
static int
port_bit(const struct nlattr *a, unsigned bit, unsigned *port)
{
	if (mnl_attr_get_payload_len(a) < 1)
		return -1;
	if (mnl_attr_get_u8(a))
		*port |= bit;
	return 0;
}

/* IFLA_INFO_SLAVE_DATA of a bridge port (br_port_fill_attrs()). */
static int
port_info(const struct nlattr *data, unsigned *port)
{
	const struct nlattr *a;
	int r = 0;

	mnl_attr_for_each_nested(a, data) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_BRPORT_LEARNING:
			r |= port_bit(a, NET_PORT_LEARNING, port);
			break;
		case IFLA_BRPORT_UNICAST_FLOOD:
			r |= port_bit(a, NET_PORT_FLOOD, port);
			break;
		default:
			break;
		}
	}
	return r;
}

static int
link_info(const struct nlattr *info, struct net_link *out, struct brig_err *e)
{
	const struct nlattr *a, *slave_data = NULL;
	char slave[16] = "";

	mnl_attr_for_each_nested(a, info) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_INFO_KIND:
			if (attr_str(a, out->kind, sizeof(out->kind)) == -1)
				return bad_link(e, "bad IFLA_INFO_KIND");
			break;
		case IFLA_INFO_SLAVE_KIND:
			if (attr_str(a, slave, sizeof(slave)) == -1)
				return bad_link(e, "bad IFLA_INFO_SLAVE_KIND");
			break;
		case IFLA_INFO_SLAVE_DATA:
			slave_data = a;
			break;
		default:
			break;
		}
	}
	if (strcmp(slave, "bridge") != 0)
		return 0;
	out->is_port = true;
	if (slave_data != NULL && port_info(slave_data, &out->port) != 0)
		return bad_link(e, "bad IFLA_INFO_SLAVE_DATA");
	return 0;
}

/* The attributes of an RTM_NEWLINK beyond name, MTU, master and kind:
 * 1 if a is one of them (read, or -1 if malformed), 0 if not. */
static int
link_more(const struct nlattr *a, struct net_link *out)
{
	uint32_t v;

	switch (mnl_attr_get_type(a)) {
	case IFLA_ADDRESS:
		if (mnl_attr_get_payload_len(a) > sizeof(out->lladdr))
			return -1;
		out->lladdr_len = mnl_attr_get_payload_len(a);
		memcpy(out->lladdr, mnl_attr_get_payload(a), out->lladdr_len);
		return 1;
	case IFLA_MIN_MTU:
		return attr_u32(a, &out->min_mtu) == -1 ? -1 : 1;
	case IFLA_MAX_MTU:
		return attr_u32(a, &out->max_mtu) == -1 ? -1 : 1;
	case IFLA_LINK:
		if (attr_u32(a, &v) == -1)
			return -1;
		out->link = (int)v;
		return 1;
	case IFLA_LINK_NETNSID:
		if (attr_u32(a, &v) == -1)
			return -1;
		out->link_netnsid = (int)v;
		return 1;
	default:
		return 0;
	}
}

int
nl_link_parse(const struct nlmsghdr *nlh, struct net_link *out,
    struct brig_err *e)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	uint32_t v;
	int left;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return bad_link(e, "not RTM_NEWLINK");
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return bad_link(e, "no ifinfomsg");
	memset(out, 0, sizeof(*out));
	out->index = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	out->type = ifi->ifi_type;
	out->netns_local = -1;
	out->link_netnsid = -1;
	/* Not mnl_attr_for_each(): it ends at nlmsg_len rounded up to 4,
	 * past the data when a reply's last message lacks its padding
	 * (found by fuzz/fuzz_nlreply.c). */
	a = (const struct nlattr *)((const char *)ifi +
	    MNL_ALIGN(sizeof(*ifi)));
	left = (int)(nlh->nlmsg_len - MNL_NLMSG_HDRLEN -
	    MNL_ALIGN(sizeof(*ifi)));
	for (; mnl_attr_ok(a, left);
	    left -= MNL_ALIGN(a->nla_len), a = mnl_attr_next(a)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			if (attr_str(a, out->name, sizeof(out->name)) == -1)
				return bad_link(e, "bad IFLA_IFNAME");
			break;
		case IFLA_MTU:
			if (attr_u32(a, &out->mtu) == -1)
				return bad_link(e, "bad IFLA_MTU");
			break;
		case IFLA_MASTER:
			if (attr_u32(a, &v) == -1)
				return bad_link(e, "bad IFLA_MASTER");
			out->master = (int)v;
			break;
		case IFLA_NETNS_IMMUTABLE:
			if (mnl_attr_get_payload_len(a) < 1)
				return bad_link(e, "bad IFLA_NETNS_IMMUTABLE");
			out->netns_local = mnl_attr_get_u8(a) != 0;
			break;
		case IFLA_LINKINFO:
			if (link_info(a, out, e) == -1)
				return -1;
			break;
		default:
			if (link_more(a, out) == -1)
				return bad_link(e, "bad attribute");
			break;
		}
	}
	if (out->name[0] == '\0' || out->index <= 0)
		return bad_link(e, "no name or index");
	return 0;
}

/* --- operations -------------------------------------------------------- */

void
net_stable_mac(const char *ifname, unsigned char mac[6])
{
	static char id[64];
	static bool have_id;
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	const char *p;
	int i;

	if (!have_id) {
		FILE *f = fopen("/etc/machine-id", "re");

		if (f == NULL || fgets(id, sizeof(id), f) == NULL)
			id[0] = '\0';
		if (f)
			fclose(f);
		id[strcspn(id, "\n")] = '\0';
		have_id = true;
	}
	for (p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0) * 1099511628211ULL;
	for (p = ifname; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	mac[0] = 0x02;		/* locally administered, unicast */
	for (i = 1; i < 6; i++)
		mac[i] = (unsigned char)(h >> (8 * (i - 1)));
}

int
net_veth_create(struct net *n, int nsfd, const char *name, const char *peer,
    int peer_nsfd, struct brig_err *e)
{
	struct nlmsghdr *nlh;
	MSGBUF(buf);

	unsigned char mac[6], peer_mac[6];

	net_stable_mac(name, mac);
	net_stable_mac(peer, peer_mac);
	if ((nlh = nl_msg_veth(buf, name, peer, peer_nsfd, mac, peer_mac,
	    e)) == NULL)
		return -1;
	if (nl_talk(n, nsfd, nlh, NULL, NULL, e) == -1)
		return nl_fail(e, "create veth %s (peer %s)", name, peer);
	return 0;
}

int
net_bridge_create(struct net *n, int nsfd, const char *name,
    struct brig_err *e)
{
	struct nlmsghdr *nlh;
	MSGBUF(buf);

	unsigned char mac[6];

	net_stable_mac(name, mac);
	if ((nlh = nl_msg_bridge(buf, name, mac, e)) == NULL)
		return -1;
	if (nl_talk(n, nsfd, nlh, NULL, NULL, e) == -1)
		return nl_fail(e, "create bridge %s", name);
	return 0;
}

int
net_link_delete(struct net *n, int nsfd, const char *name,
    struct brig_err *e)
{
	struct nlmsghdr *nlh;
	MSGBUF(buf);

	if ((nlh = nl_msg_link_del(buf, name, e)) == NULL)
		return -1;
	if (nl_talk(n, nsfd, nlh, NULL, NULL, e) == -1) {
		/* Gone already: what was wanted (nspawn's rule). */
		if (e->errnum == ENODEV)
			return 0;
		return nl_fail(e, "delete link %s", name);
	}
	return 0;
}

static int
setlink(struct net *n, int nsfd, const char *name, const struct nl_setlink *s,
    struct brig_err *e)
{
	struct nlmsghdr *nlh;
	MSGBUF(buf);

	if ((nlh = nl_msg_setlink(buf, name, s, e)) == NULL)
		return -1;
	return nl_talk(n, nsfd, nlh, NULL, NULL, e);
}

#define SETLINK_NONE	{ .master = -1, .nsfd = -1 }

int
net_link_set_master(struct net *n, int nsfd, const char *name,
    const char *master, struct brig_err *e)
{
	struct nl_setlink s = SETLINK_NONE;

	if (net_ifname_check(name, e) == -1)
		return -1;
	s.master = 0;
	if (master != NULL &&
	    (s.master = net_link_index(n, nsfd, master, e)) == -1)
		return err_ctx(e, "enslave %s", name);
	if (setlink(n, nsfd, name, &s, e) == -1) {
		if (master == NULL)
			return nl_fail(e, "release %s from its bridge", name);
		return nl_fail(e, "enslave %s to %s", name, master);
	}
	return 0;
}

int
net_link_set_up(struct net *n, int nsfd, const char *name, bool up,
    struct brig_err *e)
{
	struct nl_setlink s = SETLINK_NONE;

	s.flags = up ? IFF_UP : 0;
	s.change = IFF_UP;
	if (setlink(n, nsfd, name, &s, e) == -1)
		return nl_fail(e, "set %s %s", name, up ? "up" : "down");
	return 0;
}

int
net_link_set_mtu(struct net *n, int nsfd, const char *name, unsigned mtu,
    struct brig_err *e)
{
	struct nl_setlink s = SETLINK_NONE;

	if (mtu == 0)
		return err_fmt(e, "set mtu on %s: 0 is not an mtu", name);
	s.mtu = mtu;
	if (setlink(n, nsfd, name, &s, e) == -1)
		return nl_fail(e, "set mtu %u on %s", mtu, name);
	return 0;
}

int
net_link_set_netns(struct net *n, int nsfd, const char *name,
    int target_nsfd, struct brig_err *e)
{
	struct nl_setlink s = SETLINK_NONE;

	if (target_nsfd < 0)
		return err_fmt(e, "move %s: no target namespace fd", name);
	s.nsfd = target_nsfd;
	if (setlink(n, nsfd, name, &s, e) == -1)
		return nl_fail(e, "move %s to netns fd %d", name, target_nsfd);
	return 0;
}

int
net_link_rename(struct net *n, int nsfd, const char *name,
    const char *newname, struct brig_err *e)
{
	struct nl_setlink s = SETLINK_NONE;

	if (net_ifname_check(name, e) == -1 ||
	    net_ifname_check(newname, e) == -1)
		return -1;
	if ((s.index = net_link_index(n, nsfd, name, e)) == -1)
		return err_ctx(e, "rename %s", name);
	s.newname = newname;
	if (setlink(n, nsfd, name, &s, e) == -1)
		return nl_fail(e, "rename %s to %s", name, newname);
	return 0;
}

int
net_lo_up(struct net *n, int nsfd, struct brig_err *e)
{
	return net_link_set_up(n, nsfd, "lo", true, e);
}

static int
index_cb(const struct nlmsghdr *nlh, void *data, struct brig_err *e)
{
	struct net_link l;

	if (nl_link_parse(nlh, &l, e) == -1)
		return -1;
	*(int *)data = l.index;
	return 0;
}

int
net_link_index(struct net *n, int nsfd, const char *name, struct brig_err *e)
{
	struct nlmsghdr *nlh;
	int index = 0;
	MSGBUF(buf);

	if ((nlh = nl_msg_getlink(buf, name, e)) == NULL)
		return -1;
	if (nl_talk(n, nsfd, nlh, index_cb, &index, e) == -1)
		return nl_fail(e, "find link %s", name);
	if (index <= 0) {
		errno = ENODEV;
		return err_sys(e, "find link %s", name);
	}
	return index;
}

static int
find_cb(const struct nlmsghdr *nlh, void *data, struct brig_err *e)
{
	return nl_link_parse(nlh, data, e);
}

int
net_link_find(struct net *n, int nsfd, const char *name,
    struct net_link *out, struct brig_err *e)
{
	struct nlmsghdr *nlh;
	struct net_link l = { .index = 0 };
	MSGBUF(buf);

	if ((nlh = nl_msg_getlink(buf, name, e)) == NULL)
		return -1;
	if (nl_talk(n, nsfd, nlh, find_cb, &l, e) == -1) {
		if (e->errnum == ENODEV)
			return 0;
		return nl_fail(e, "find link %s", name);
	}
	if (l.index <= 0)
		return 0;
	*out = l;
	return 1;
}

struct link_list {
	struct net_link *v;
	size_t n, cap;
};

static int
list_cb(const struct nlmsghdr *nlh, void *data, struct brig_err *e)
{
	struct link_list *l = data;
	struct net_link *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 16;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return err_sys(e, "allocate the link list");
		l->v = v;
		l->cap = cap;
	}
	if (nl_link_parse(nlh, &l->v[l->n], e) == -1)
		return -1;
	l->n++;
	return 0;
}

int
net_link_list(struct net *n, int nsfd, struct net_link **out, size_t *nout,
    struct brig_err *e)
{
	struct link_list l = { 0 };
	struct nlmsghdr *nlh;
	MSGBUF(buf);

	nlh = nl_msg_getlink(buf, NULL, e);
	if (nl_talk(n, nsfd, nlh, list_cb, &l, e) == -1) {
		free(l.v);
		return nl_fail(e, "list links");
	}
	*out = l.v;
	*nout = l.n;
	return 0;
}
