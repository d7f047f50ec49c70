/* Addresses: RTM_NEWADDR and RTM_DELADDR, IPv4 and IPv6, as
 * "ip addr add A/LEN [brd B] dev IF" sends them (IFA_LOCAL and
 * IFA_ADDRESS both the address: no point-to-point peer). */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "net.h"
#include "net_int.h"

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

int
net_addr_parse(const char *s, struct net_addr *out, struct brig_err *e)
{
	char host[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t hlen = slash ? (size_t)(slash - s) : strlen(s);
	struct net_addr a = { 0 };
	unsigned long len;
	char *end;

	if (hlen >= sizeof(host))
		return err_fmt(e, "\"%.64s\" is not an address", s);
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (inet_pton(AF_INET, host, a.addr) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, host, a.addr) == 1)
		a.family = AF_INET6;
	else
		return err_fmt(e, "\"%.64s\" is not an address", s);
	a.prefixlen = (unsigned)addr_len(a.family) * 8;
	if (slash != NULL) {
		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || *end != '\0' ||
		    errno != 0 || len > a.prefixlen)
			return err_fmt(e, "\"%.64s\": prefix length must be "
			    "0..%u", s, a.prefixlen);
		a.prefixlen = (unsigned)len;
	}
	*out = a;
	return 0;
}

static int
addr_check(const struct net_addr *a, struct brig_err *e)
{
	size_t len = addr_len(a->family);

	if (len == 0)
		return err_fmt(e, "address family %d is not inet or inet6",
		    a->family);
	if (a->prefixlen > len * 8)
		return err_fmt(e, "prefix length %u is over %zu", a->prefixlen,
		    len * 8);
	return 0;
}

struct nlmsghdr *
nl_msg_addr(void *buf, int add, int ifindex, const struct net_addr *a,
    const struct net_addr *brd, struct brig_err *e)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	size_t len = addr_len(a->family);

	if (addr_check(a, e) == -1)
		return NULL;
	if (brd != NULL && (a->family != AF_INET || brd->family != AF_INET)) {
		err_fmt(e, "a broadcast address is for IPv4 only");
		return NULL;
	}
	memset(buf, 0, NL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
	    (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = (uint8_t)a->prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (uint32_t)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, len, a->addr);
	mnl_attr_put(nlh, IFA_ADDRESS, len, a->addr);
	if (brd != NULL)
		mnl_attr_put(nlh, IFA_BROADCAST, 4, brd->addr);
	return nlh;
}

static int
addr_do(struct net *n, int nsfd, const char *ifname, int add,
    const struct net_addr *a, const struct net_addr *brd, struct brig_err *e)
{
	char text[INET6_ADDRSTRLEN] = "?";
	struct nlmsghdr *nlh;
	uint32_t buf[NL_MSG_MAX / sizeof(uint32_t)];
	int index;

	if (net_ifname_check(ifname, e) == -1 || addr_check(a, e) == -1)
		return -1;
	inet_ntop(a->family, a->addr, text, sizeof(text));
	if ((index = net_link_index(n, nsfd, ifname, e)) == -1) {
		if (!add && e->errnum == ENODEV)
			return 0;	/* the link, and its address, gone */
		return err_ctx(e, "%s address %s/%u", add ? "add" : "delete",
		    text, a->prefixlen);
	}
	if ((nlh = nl_msg_addr(buf, add, index, a, brd, e)) == NULL)
		return -1;
	if (nl_talk(n, nsfd, nlh, NULL, NULL, e) == 0)
		return 0;
	if (!add && e->errnum == EADDRNOTAVAIL)
		return 0;
	return nl_fail(e, "%s address %s/%u %s %s", add ? "add" : "delete",
	    text, a->prefixlen, add ? "to" : "from", ifname);
}

int
net_addr_add(struct net *n, int nsfd, const char *ifname,
    const struct net_addr *a, const struct net_addr *brd, struct brig_err *e)
{
	return addr_do(n, nsfd, ifname, 1, a, brd, e);
}

int
net_addr_del(struct net *n, int nsfd, const char *ifname,
    const struct net_addr *a, struct brig_err *e)
{
	return addr_do(n, nsfd, ifname, 0, a, NULL, e);
}

/* --- the address list -------------------------------------------------- */

struct nlmsghdr *
nl_msg_getaddr(void *buf, int family)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	memset(buf, 0, NL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	return nlh;
}

static int
bad_addr(struct brig_err *e, const char *what)
{
	errno = EBADMSG;
	return err_sys(e, "malformed address message: %s", what);
}

/* An address attribute of the family's length into dst. */
static int
attr_addr(const struct nlattr *a, size_t len, unsigned char *dst)
{
	if (mnl_attr_get_payload_len(a) != len)
		return -1;
	memcpy(dst, mnl_attr_get_payload(a), len);
	return 0;
}

int
nl_addr_parse(const struct nlmsghdr *nlh, struct net_ifaddr *out,
    struct brig_err *e)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	unsigned char local[16], address[16];
	bool has_local = false, has_address = false;
	size_t len;
	int left;

	if (nlh->nlmsg_type != RTM_NEWADDR)
		return bad_addr(e, "not RTM_NEWADDR");
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return bad_addr(e, "no ifaddrmsg");
	if ((len = addr_len(ifa->ifa_family)) == 0)
		return 0;
	memset(out, 0, sizeof(*out));
	out->family = ifa->ifa_family;
	out->prefixlen = ifa->ifa_prefixlen;
	out->ifindex = (int)ifa->ifa_index;
	out->scope = ifa->ifa_scope;
	out->flags = ifa->ifa_flags;
	if (out->prefixlen > len * 8)
		return bad_addr(e, "prefix length too long");
	/* As nl_link_parse(): the last message may lack its padding. */
	a = (const struct nlattr *)((const char *)ifa +
	    MNL_ALIGN(sizeof(*ifa)));
	left = (int)(nlh->nlmsg_len - MNL_NLMSG_HDRLEN -
	    MNL_ALIGN(sizeof(*ifa)));
	for (; mnl_attr_ok(a, left);
	    left -= MNL_ALIGN(a->nla_len), a = mnl_attr_next(a)) {
		switch (mnl_attr_get_type(a)) {
		case IFA_LOCAL:
			if (attr_addr(a, len, local) == -1)
				return bad_addr(e, "bad IFA_LOCAL");
			has_local = true;
			break;
		case IFA_ADDRESS:
			if (attr_addr(a, len, address) == -1)
				return bad_addr(e, "bad IFA_ADDRESS");
			has_address = true;
			break;
		case IFA_BROADCAST:
			if (len != 4 || attr_addr(a, 4, out->brd) == -1)
				return bad_addr(e, "bad IFA_BROADCAST");
			out->has_brd = true;
			break;
		case IFA_FLAGS:
			if (mnl_attr_get_payload_len(a) < 4)
				return bad_addr(e, "bad IFA_FLAGS");
			out->flags = mnl_attr_get_u32(a);
			break;
		default:
			break;
		}
	}
	/* IFA_LOCAL is the address; IFA_ADDRESS the peer of a
	 * point-to-point link, or the address again (IPv6: only it). */
	if (!has_local && !has_address)
		return bad_addr(e, "no address");
	memcpy(out->addr, has_local ? local : address, len);
	return 1;
}

struct addr_list {
	struct net_ifaddr *v;
	size_t n, cap;
	int ifindex;
};

static int
addr_list_cb(const struct nlmsghdr *nlh, void *data, struct brig_err *e)
{
	struct addr_list *l = data;
	struct net_ifaddr *v;
	size_t cap;
	int r;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 16;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return err_sys(e, "allocate the address list");
		l->v = v;
		l->cap = cap;
	}
	if ((r = nl_addr_parse(nlh, &l->v[l->n], e)) == -1)
		return -1;
	if (r == 1 && (l->ifindex == 0 || l->v[l->n].ifindex == l->ifindex))
		l->n++;
	return 0;
}

int
net_addr_list(struct net *n, int nsfd, int ifindex, int family,
    struct net_ifaddr **out, size_t *nout, struct brig_err *e)
{
	struct addr_list l = { .ifindex = ifindex };
	uint32_t buf[NL_MSG_MAX / sizeof(uint32_t)];

	if (family != 0 && addr_len(family) == 0)
		return err_fmt(e, "list addresses: family %d is not inet or "
		    "inet6", family);
	if (nl_talk(n, nsfd, nl_msg_getaddr(buf, family), addr_list_cb, &l,
	    e) == -1) {
		free(l.v);
		return nl_fail(e, "list addresses");
	}
	*out = l.v;
	*nout = l.n;
	return 0;
}
