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
