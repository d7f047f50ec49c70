/* Routes in the main table: RTM_NEWROUTE and RTM_DELROUTE, IPv4 and IPv6,
 * with the header fields "ip route add|del" uses (iproute.c
 * iproute_modify(): protocol boot, scope link without a gateway, scope
 * nowhere and no type on delete, which matches any). */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "net.h"
#include "net_int.h"

struct nlmsghdr *
nl_msg_route(void *buf, int add, const struct net_addr *dst,
    const struct net_addr *gw, int oif, struct brig_err *e)
{
	int family = dst != NULL ? dst->family : gw != NULL ? gw->family : 0;
	size_t len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	struct nlmsghdr *nlh;
	struct rtmsg *rt;

	if (len == 0 || (gw != NULL && gw->family != family) ||
	    (dst != NULL && dst->prefixlen > len * 8)) {
		err_fmt(e, "a route needs a destination or gateway of one "
		    "family, inet or inet6");
		return NULL;
	}
	if (gw == NULL && oif <= 0) {
		err_fmt(e, "a route needs a gateway or an interface");
		return NULL;
	}
	memset(buf, 0, NL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
	    (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtm_family = (uint8_t)family;
	rt->rtm_dst_len = dst != NULL ? (uint8_t)dst->prefixlen : 0;
	rt->rtm_table = RT_TABLE_MAIN;
	if (add) {
		rt->rtm_protocol = RTPROT_BOOT;
		rt->rtm_scope = gw != NULL ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
		rt->rtm_type = RTN_UNICAST;
	} else
		rt->rtm_scope = RT_SCOPE_NOWHERE;
	if (dst != NULL && dst->prefixlen > 0)
		mnl_attr_put(nlh, RTA_DST, len, dst->addr);
	if (gw != NULL)
		mnl_attr_put(nlh, RTA_GATEWAY, len, gw->addr);
	if (oif > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	return nlh;
}

static const char *
route_text(const struct net_addr *dst, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (dst == NULL || dst->prefixlen == 0)
		return "default";
	inet_ntop(dst->family, dst->addr, a, sizeof(a));
	snprintf(buf, size, "%s/%u", a, dst->prefixlen);
	return buf;
}

static int
route_do(struct net *n, int nsfd, int add, const struct net_addr *dst,
    const struct net_addr *gw, const char *dev, struct brig_err *e)
{
	char text[INET6_ADDRSTRLEN + 8];
	struct nlmsghdr *nlh;
	uint32_t buf[NL_MSG_MAX / sizeof(uint32_t)];
	int oif = 0;

	route_text(dst, text, sizeof(text));
	if (dev != NULL && net_ifname_check(dev, e) == -1)
		return -1;
	if (dev != NULL && (oif = net_link_index(n, nsfd, dev, e)) == -1) {
		if (!add && e->errnum == ENODEV)
			return 0;	/* its link gone, the route went too */
		return err_ctx(e, "%s route %s", add ? "add" : "delete",
		    route_text(dst, text, sizeof(text)));
	}
	if ((nlh = nl_msg_route(buf, add, dst, gw, oif, e)) == NULL)
		return -1;
	if (nl_talk(n, nsfd, nlh, NULL, NULL, e) == 0)
		return 0;
	if (!add && e->errnum == ESRCH)
		return 0;
	return nl_fail(e, "%s route %s", add ? "add" : "delete",
	    route_text(dst, text, sizeof(text)));
}

int
net_route_add(struct net *n, int nsfd, const struct net_addr *dst,
    const struct net_addr *gw, const char *dev, struct brig_err *e)
{
	return route_do(n, nsfd, 1, dst, gw, dev, e);
}

int
net_route_del(struct net *n, int nsfd, const struct net_addr *dst,
    const struct net_addr *gw, const char *dev, struct brig_err *e)
{
	return route_do(n, nsfd, 0, dst, gw, dev, e);
}
