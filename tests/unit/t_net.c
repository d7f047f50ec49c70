/* Unit tests of src/net's pure parts: the request builders, byte for
 * byte against golden messages written out by hand from the kernel's
 * structures (as iproute2's testsuite keeps generated netlink blobs),
 * the reply parser (ACK, NLMSG_ERROR with and without extended ACK,
 * NLMSG_DONE, multipart, stale replies, truncation), the link-message
 * reader, the name check and the address parser.  Netlink is in host
 * byte order: the golden bytes are little-endian, and the builder tests
 * are skipped on big-endian machines. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>

#include "net/net.h"
#include "net/net_int.h"

#define U16(v)	((v) & 0xff), (((v) >> 8) & 0xff)
#define U32(v)	U16((v) & 0xffff), U16(((v) >> 16) & 0xffff)
/* An nlmsghdr: length, type, flags, seq 0, port 0. */
#define HDR(len, type, flags)	U32(len), U16(type), U16(flags), U32(0), U32(0)
#define NLA(len, type)		U16(len), U16(type)
#define NEST			0x8000	/* NLA_F_NESTED, set by libmnl */
#define F_NEW			0x605	/* REQUEST|ACK|EXCL|CREATE */
#define F_ACK			0x005	/* REQUEST|ACK */

static uint32_t msgbuf[NL_MSG_MAX / 4];

static int
little_endian(void)
{
	uint16_t one = 1;

	return *(uint8_t *)&one == 1;
}

static void
same_bytes(const struct nlmsghdr *nlh, const uint8_t *want, size_t len)
{
	const uint8_t *got = (const uint8_t *)nlh;
	size_t i;

	if (nlh->nlmsg_len != len)
		fail_msg("length %u, want %zu", nlh->nlmsg_len, len);
	for (i = 0; i < len; i++)
		if (got[i] != want[i])
			fail_msg("byte %zu: 0x%02x, want 0x%02x", i, got[i],
			    want[i]);
}

#define GOLDEN(nlh, want) same_bytes(nlh, want, sizeof(want))

static void
veth_peer_in_netns(void **state)
{
	static const uint8_t want[] = {
		HDR(104, RTM_NEWLINK, F_NEW),
		0, 0, U16(0), U32(0), U32(0), U32(0),	/* ifinfomsg */
		NLA(9, IFLA_IFNAME), 'b', 'r', 't', '0', 0, 0, 0, 0,
		NLA(60, IFLA_LINKINFO | NEST),
		  NLA(9, IFLA_INFO_KIND), 'v', 'e', 't', 'h', 0, 0, 0, 0,
		  NLA(44, IFLA_INFO_DATA | NEST),
		    NLA(40, 1 /* VETH_INFO_PEER */ | NEST),
		      0, 0, U16(0), U32(0), U32(0), U32(0),
		      NLA(10, IFLA_IFNAME), 'b', 'r', 't', '0', 'p', 0, 0, 0,
		      NLA(8, IFLA_NET_NS_FD), U32(7),
	};
	struct brig_err e = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	if (!little_endian())
		skip();
	nlh = nl_msg_veth(msgbuf, "brt0", "brt0p", 7, NULL, NULL, &e);
	assert_non_null(nlh);
	GOLDEN(nlh, want);
}

static void
veth_same_netns(void **state)
{
	struct brig_err e = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	nlh = nl_msg_veth(msgbuf, "brt0", "brt0p", NET_NS_SELF, NULL, NULL, &e);
	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_len, 104 - 8);	/* no IFLA_NET_NS_FD */
}

static void
bridge(void **state)
{
	static const uint8_t want[] = {
		HDR(60, RTM_NEWLINK, F_NEW),
		0, 0, U16(0), U32(0), U32(0), U32(0),
		NLA(10, IFLA_IFNAME), 'b', 'r', 't', '0', 'b', 0, 0, 0,
		NLA(16, IFLA_LINKINFO | NEST),
		  NLA(11, IFLA_INFO_KIND), 'b', 'r', 'i', 'd', 'g', 'e', 0, 0,
	};
	struct brig_err e = { 0 };

	(void)state;
	if (!little_endian())
		skip();
	GOLDEN(nl_msg_bridge(msgbuf, "brt0b", NULL, &e), want);
}

static void
link_up(void **state)
{
	static const uint8_t want[] = {
		HDR(44, RTM_SETLINK, F_ACK),
		0, 0, U16(0), U32(0), U32(IFF_UP), U32(IFF_UP),
		NLA(9, IFLA_IFNAME), 'b', 'r', 't', '0', 0, 0, 0, 0,
	};
	struct nl_setlink s = { .flags = IFF_UP, .change = IFF_UP,
	    .master = -1, .nsfd = -1 };
	struct brig_err e = { 0 };

	(void)state;
	if (!little_endian())
		skip();
	GOLDEN(nl_msg_setlink(msgbuf, "brt0", &s, &e), want);
}

static void
addr_v4(void **state)
{
	static const uint8_t want[] = {
		HDR(48, RTM_NEWADDR, F_NEW),
		AF_INET, 24, 0, RT_SCOPE_UNIVERSE, U32(3),	/* ifaddrmsg */
		NLA(8, IFA_LOCAL), 10, 0, 0, 1,
		NLA(8, IFA_ADDRESS), 10, 0, 0, 1,
		NLA(8, IFA_BROADCAST), 10, 0, 0, 255,
	};
	struct net_addr a, brd;
	struct brig_err e = { 0 };

	(void)state;
	if (!little_endian())
		skip();
	assert_int_equal(net_addr_parse("10.0.0.1/24", &a, &e), 0);
	assert_int_equal(net_addr_parse("10.0.0.255", &brd, &e), 0);
	GOLDEN(nl_msg_addr(msgbuf, 1, 3, &a, &brd, &e), want);
}

static void
addr_v6(void **state)
{
#define FD00_1	0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	static const uint8_t want[] = {
		HDR(64, RTM_NEWADDR, F_NEW),
		AF_INET6, 64, 0, RT_SCOPE_UNIVERSE, U32(3),
		NLA(20, IFA_LOCAL), FD00_1,
		NLA(20, IFA_ADDRESS), FD00_1,
	};
	static const uint8_t want_del[] = {
		HDR(64, RTM_DELADDR, F_ACK),
		AF_INET6, 64, 0, RT_SCOPE_UNIVERSE, U32(3),
		NLA(20, IFA_LOCAL), FD00_1,
		NLA(20, IFA_ADDRESS), FD00_1,
	};
	struct net_addr a;
	struct brig_err e = { 0 };

	(void)state;
	if (!little_endian())
		skip();
	assert_int_equal(net_addr_parse("fd00::1/64", &a, &e), 0);
	GOLDEN(nl_msg_addr(msgbuf, 1, 3, &a, NULL, &e), want);
	GOLDEN(nl_msg_addr(msgbuf, 0, 3, &a, NULL, &e), want_del);
	/* No broadcast address for IPv6. */
	assert_null(nl_msg_addr(msgbuf, 1, 3, &a, &a, &e));
}

static void
default_route(void **state)
{
	static const uint8_t want4[] = {
		HDR(36, RTM_NEWROUTE, F_NEW),
		/* rtmsg: family, dst_len, src_len, tos, table, protocol,
		 * scope, type, flags */
		AF_INET, 0, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT,
		RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		NLA(8, RTA_GATEWAY), 10, 0, 0, 254,
	};
	static const uint8_t want4_del[] = {
		HDR(36, RTM_DELROUTE, F_ACK),
		AF_INET, 0, 0, 0, RT_TABLE_MAIN, 0, RT_SCOPE_NOWHERE, 0,
		U32(0),
		NLA(8, RTA_GATEWAY), 10, 0, 0, 254,
	};
	static const uint8_t want6[] = {
		HDR(56, RTM_NEWROUTE, F_NEW),
		AF_INET6, 0, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT,
		RT_SCOPE_UNIVERSE, RTN_UNICAST, U32(0),
		NLA(20, RTA_GATEWAY),
		    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		NLA(8, RTA_OIF), U32(3),
	};
	struct net_addr gw;
	struct brig_err e = { 0 };

	(void)state;
	if (!little_endian())
		skip();
	assert_int_equal(net_addr_parse("10.0.0.254", &gw, &e), 0);
	GOLDEN(nl_msg_route(msgbuf, 1, NULL, &gw, 0, &e), want4);
	GOLDEN(nl_msg_route(msgbuf, 0, NULL, &gw, 0, &e), want4_del);
	assert_int_equal(net_addr_parse("fe80::1", &gw, &e), 0);
	GOLDEN(nl_msg_route(msgbuf, 1, NULL, &gw, 3, &e), want6);
	/* Neither gateway nor interface. */
	assert_null(nl_msg_route(msgbuf, 1, NULL, NULL, 0, &e));
}

static void
builders_check_names(void **state)
{
	struct nl_setlink s = { .master = -1, .nsfd = -1, .index = 4,
	    .newname = "a:b" };
	struct brig_err e = { 0 };

	(void)state;
	memset(msgbuf, 0xaa, sizeof(msgbuf));
	assert_null(nl_msg_veth(msgbuf, "ok", "bad/peer", -1, NULL, NULL, &e));
	assert_string_equal(e.msg, "invalid interface name \"bad/peer\": "
	    "contains '/' (1..15 bytes, no '/', ':' or blanks, not \".\" or "
	    "\"..\")");
	/* Nothing was written. */
	assert_int_equal(((uint8_t *)msgbuf)[0], 0xaa);
	assert_null(nl_msg_bridge(msgbuf, "0123456789abcdef", NULL, &e));
	assert_null(nl_msg_setlink(msgbuf, "x", &s, &e));
	assert_null(nl_msg_link_del(msgbuf, "..", &e));
}

static void
ifname_check(void **state)
{
	static const char *bad[] = { "", ".", "..", "a/b", "a:0", "a b",
	    "a\tb", "a\nb", "a\xc2\xa0" "b", "0123456789abcdef" };
	static const char *good[] = { "lo", "e0a_dns", "0123456789abcde",
	    "...", "br-0.1", "é" };
	struct brig_err e = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(net_ifname_check(bad[i], &e), -1);
		assert_int_equal(e.errnum, 0);
		assert_non_null(strstr(e.msg, "invalid interface name"));
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(net_ifname_check(good[i], &e), 0);
	net_ifname_check("0123456789abcdef", &e);
	assert_non_null(strstr(e.msg, "longer than 15 bytes"));
}

static void
addr_parse(void **state)
{
	static const char *bad[] = { "", "10.0.0", "10.0.0.1/33", "::1/129",
	    "10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/ 8", "host", "1.2.3.4/8x" };
	struct brig_err e = { 0 };
	struct net_addr a;
	size_t i;

	(void)state;
	assert_int_equal(net_addr_parse("10.1.2.3", &a, &e), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.prefixlen, 32);
	assert_int_equal(net_addr_parse("fd00::/8", &a, &e), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.prefixlen, 8);
	assert_int_equal(a.addr[0], 0xfd);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (net_addr_parse(bad[i], &a, &e) != -1)
			fail_msg("\"%s\" accepted", bad[i]);
}

/* --- replies ----------------------------------------------------------- */

static char rbuf[4096] __attribute__((aligned(4)));

/* An NLMSG_ERROR for seq 42 at p; text NULL: no extended ACK.  With
 * echo, the 20-byte request is copied back (no NETLINK_CAP_ACK).
 * Returns its length. */
static size_t
error_msg(char *p, int error, const char *text, int echo)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct nlmsgerr *err;
	uint32_t *req;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = 42;
	nlh->nlmsg_pid = 77;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg.nlmsg_len = echo ? 20 : 16;
	err->msg.nlmsg_type = RTM_NEWLINK;
	err->msg.nlmsg_seq = 42;
	if (echo) {
		req = mnl_nlmsg_put_extra_header(nlh, 4);
		*req = 0x12345678;
	} else
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	if (text != NULL) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
	}
	return nlh->nlmsg_len;
}

static void
ack(void **state)
{
	struct brig_err e = { 0 };
	size_t len = error_msg(rbuf, 0, NULL, 0);

	(void)state;
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e), 0);
	/* A warning in an ACK is no error. */
	len = error_msg(rbuf, 0, "a warning", 0);
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e), 0);
}

static void
error_plain(void **state)
{
	struct brig_err e = { 0 };
	size_t len = error_msg(rbuf, -EEXIST, NULL, 0);

	(void)state;
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e),
	    -1);
	assert_int_equal(e.errnum, EEXIST);
	assert_string_equal(e.msg, "");
	nl_fail(&e, "create veth %s", "brt0");
	assert_string_equal(e.msg, "create veth brt0");
}

static void
error_ext_ack(void **state)
{
	struct brig_err e = { 0 };
	size_t len;
	char full[600];

	(void)state;
	len = error_msg(rbuf, -EINVAL, "mtu less than device minimum", 0);
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 0, NULL, NULL, &e), -1);
	assert_int_equal(e.errnum, EINVAL);
	assert_string_equal(e.msg, "mtu less than device minimum");
	nl_fail(&e, "set mtu %u on %s", 10u, "brt0");
	assert_string_equal(err_str(&e, full, sizeof(full)),
	    "set mtu 10 on brt0: mtu less than device minimum: "
	    "Invalid argument");

	/* Not capped: the TLVs follow the copy of the request. */
	len = error_msg(rbuf, -ENODEV, "no such link", 1);
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e),
	    -1);
	assert_int_equal(e.errnum, ENODEV);
	assert_string_equal(e.msg, "no such link");
}

static void
error_ext_ack_bogus(void **state)
{
	struct brig_err e = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
	struct nlattr *a;
	size_t len;

	(void)state;
	/* The echoed request claims more bytes than there are: no text,
	 * but the errno still. */
	len = error_msg(rbuf, -EPERM, "text", 1);
	((struct nlmsgerr *)NLMSG_DATA(nlh))->msg.nlmsg_len = 4000;
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e),
	    -1);
	assert_int_equal(e.errnum, EPERM);
	assert_string_equal(e.msg, "");
	/* A text without its NUL: cut at the attribute's end. */
	len = error_msg(rbuf, -EPERM, "abcd", 0);
	a = (struct nlattr *)(rbuf + 16 + sizeof(struct nlmsgerr));
	memset(mnl_attr_get_payload(a), 'x', 8);	/* "abcd\0"+pad */
	a->nla_len = 4 + 8;
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e),
	    -1);
	assert_string_equal(e.msg, "xxxxxxxx");
	/* Error codes the kernel never sends. */
	len = error_msg(rbuf, INT_MIN, NULL, 0);
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e),
	    -1);
	assert_int_equal(e.errnum, EBADMSG);
	len = error_msg(rbuf, 5, NULL, 0);
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e),
	    -1);
	assert_int_equal(e.errnum, EBADMSG);
}

static size_t
put_msg(char *p, uint16_t type, uint16_t flags, uint32_t seq,
    const void *payload, size_t plen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	if (plen > 0)
		memcpy(mnl_nlmsg_put_extra_header(nlh, plen), payload, plen);
	return nlh->nlmsg_len;
}

static int
count_cb(const struct nlmsghdr *nlh, void *data, struct brig_err *e)
{
	(void)nlh;
	(void)e;
	++*(int *)data;
	return 0;
}

static void
done_and_multipart(void **state)
{
	struct ifinfomsg ifi = { 0 };
	struct brig_err e = { 0 };
	int zero = 0, err = -ENOENT, n = 0;
	size_t len = 0;

	(void)state;
	len += put_msg(rbuf + len, RTM_NEWLINK, NLM_F_MULTI, 42, &ifi,
	    sizeof(ifi));
	len += put_msg(rbuf + len, RTM_NEWLINK, NLM_F_MULTI, 41, &ifi,
	    sizeof(ifi));	/* stale: skipped */
	len += put_msg(rbuf + len, RTM_NEWLINK, NLM_F_MULTI, 42, &ifi,
	    sizeof(ifi));
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 0, count_cb, &n, &e),
	    1);
	assert_int_equal(n, 2);
	len += put_msg(rbuf + len, NLMSG_DONE, NLM_F_MULTI, 42, &zero, 4);
	n = 0;
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 0, count_cb, &n, &e),
	    0);
	assert_int_equal(n, 2);
	/* A DONE carrying the dump's error. */
	len = put_msg(rbuf, NLMSG_DONE, NLM_F_MULTI, 42, &err, 4);
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 0, NULL, NULL, &e), -1);
	assert_int_equal(e.errnum, ENOENT);
	/* ... with the kernel's text right after the int. */
	len = put_msg(rbuf, NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, 42,
	    &err, 4);
	mnl_attr_put_strz((struct nlmsghdr *)rbuf, NLMSGERR_ATTR_MSG,
	    "filter not supported");
	len = ((struct nlmsghdr *)rbuf)->nlmsg_len;
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 0, NULL, NULL, &e), -1);
	assert_int_equal(e.errnum, ENOENT);
	assert_string_equal(e.msg, "filter not supported");
	/* An empty DONE, and a reply for another request only. */
	len = put_msg(rbuf, NLMSG_DONE, 0, 42, NULL, 0);
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 0, NULL, NULL, &e), 0);
	assert_int_equal(nl_reply_parse(rbuf, len, 43, 0, NULL, NULL, &e), 1);
}

static void
truncated(void **state)
{
	struct brig_err e = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)rbuf;
	size_t len = error_msg(rbuf, -EEXIST, "text", 0);

	(void)state;
	/* Every cut of a valid reply is refused cleanly. */
	for (size_t cut = 1; cut < len; cut++) {
		memset(&e, 0, sizeof(e));
		assert_int_equal(nl_reply_parse(rbuf, cut, 42, 77, NULL, NULL,
		    &e), -1);
		assert_int_equal(e.errnum, EBADMSG);
		assert_non_null(strstr(e.msg, "malformed netlink reply"));
	}
	/* A header whose length is below a header's. */
	nlh->nlmsg_len = 8;
	assert_int_equal(nl_reply_parse(rbuf, len, 42, 77, NULL, NULL, &e),
	    -1);
	assert_int_equal(e.errnum, EBADMSG);
	/* An NLMSG_ERROR too short for its nlmsgerr. */
	nlh->nlmsg_len = 16 + 4;
	assert_int_equal(nl_reply_parse(rbuf, 20, 42, 77, NULL, NULL, &e), -1);
	assert_string_equal(e.msg,
	    "malformed netlink reply: short NLMSG_ERROR (4, 20 bytes)");
}

static void
link_message(void **state)
{
	struct brig_err e = { 0 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(rbuf);
	struct ifinfomsg *ifi;
	struct nlattr *info;
	struct net_link l;
	struct nlmsghdr *cut;

	(void)state;
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 9;
	ifi->ifi_flags = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "brt0");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1400);
	mnl_attr_put_u32(nlh, IFLA_MASTER, 5);
	mnl_attr_put_u8(nlh, 67 /* IFLA_NETNS_IMMUTABLE */, 0);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, info);
	assert_int_equal(nl_link_parse(nlh, &l, &e), 0);
	assert_string_equal(l.name, "brt0");
	assert_string_equal(l.kind, "veth");
	assert_int_equal(l.index, 9);
	assert_int_equal(l.flags, IFF_UP);
	assert_int_equal(l.mtu, 1400);
	assert_int_equal(l.master, 5);
	assert_int_equal(l.netns_local, 0);
	/* A name of 16 bytes and its NUL: refused. */
	nlh->nlmsg_len = sizeof(*nlh) + sizeof(*ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "0123456789abcdef");
	assert_int_equal(nl_link_parse(nlh, &l, &e), -1);
	assert_int_equal(e.errnum, EBADMSG);
	/* An MTU of 2 bytes. */
	nlh->nlmsg_len = sizeof(*nlh) + sizeof(*ifi);
	mnl_attr_put_u16(nlh, IFLA_MTU, 1);
	assert_int_equal(nl_link_parse(nlh, &l, &e), -1);
	/* The last message of a reply without its padding, its last
	 * attribute cut (an MTU of 3 bytes): the attribute is not read. */
	nlh->nlmsg_len = sizeof(*nlh) + sizeof(*ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "brt0");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1400);
	nlh->nlmsg_len -= 1;
	cut = malloc(nlh->nlmsg_len);
	assert_non_null(cut);
	memcpy(cut, nlh, nlh->nlmsg_len);
	assert_int_equal(nl_link_parse(cut, &l, &e), 0);
	assert_int_equal(l.mtu, 0);
	assert_int_equal(nl_reply_parse(cut, nlh->nlmsg_len, 0, 0, NULL, NULL,
	    &e), 1);
	free(cut);
	/* No ifinfomsg. */
	nlh->nlmsg_len = sizeof(*nlh) + 4;
	assert_int_equal(nl_link_parse(nlh, &l, &e), -1);
}

/* The new attributes: the MAC, MTU bounds, the peer, and a bridge
 * port's slave data (IFLA_INFO_SLAVE_KIND "bridge", then
 * IFLA_INFO_SLAVE_DATA with IFLA_BRPORT_*). */
static void
link_message_more(void **state)
{
	static const uint8_t mac[6] = { 2, 0x5e, 0, 0, 0, 0x0a };
	struct brig_err e = { 0 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(rbuf);
	struct ifinfomsg *ifi;
	struct nlattr *info, *data;
	struct net_link l;

	(void)state;
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 9;
	ifi->ifi_type = 1;	/* ARPHRD_ETHER */
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "epair0a");
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
	mnl_attr_put_u32(nlh, IFLA_MIN_MTU, 68);
	mnl_attr_put_u32(nlh, IFLA_MAX_MTU, 65535);
	mnl_attr_put_u32(nlh, IFLA_LINK, 8);
	mnl_attr_put_u32(nlh, IFLA_LINK_NETNSID, 0);
	mnl_attr_put_u32(nlh, IFLA_MASTER, 5);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_LEARNING, 1);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_UNICAST_FLOOD, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	assert_int_equal(nl_link_parse(nlh, &l, &e), 0);
	assert_int_equal(l.type, 1);
	assert_int_equal(l.lladdr_len, 6);
	assert_memory_equal(l.lladdr, mac, 6);
	assert_int_equal(l.min_mtu, 68);
	assert_int_equal(l.max_mtu, 65535);
	assert_int_equal(l.link, 8);
	assert_int_equal(l.link_netnsid, 0);
	assert_true(l.is_port);
	assert_int_equal(l.port, NET_PORT_LEARNING);
	assert_string_equal(l.kind, "veth");
	/* Without them: the defaults. */
	nlh->nlmsg_len = sizeof(*nlh) + sizeof(*ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
	assert_int_equal(nl_link_parse(nlh, &l, &e), 0);
	assert_int_equal(l.lladdr_len, 0);
	assert_int_equal(l.link_netnsid, -1);
	assert_false(l.is_port);
	/* A slave of something else (a bond): not a bridge port. */
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bond");
	mnl_attr_nest_end(nlh, info);
	assert_int_equal(nl_link_parse(nlh, &l, &e), 0);
	assert_false(l.is_port);
	/* A MAC longer than MAX_ADDR_LEN, a short IFLA_MIN_MTU: refused. */
	nlh->nlmsg_len = sizeof(*nlh) + sizeof(*ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
	mnl_attr_put(nlh, IFLA_ADDRESS, 33, rbuf + 2048);
	assert_int_equal(nl_link_parse(nlh, &l, &e), -1);
	assert_int_equal(e.errnum, EBADMSG);
	nlh->nlmsg_len = sizeof(*nlh) + sizeof(*ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
	mnl_attr_put_u16(nlh, IFLA_MIN_MTU, 68);
	assert_int_equal(nl_link_parse(nlh, &l, &e), -1);
	/* A port flag without its byte. */
	nlh->nlmsg_len = sizeof(*nlh) + sizeof(*ifi);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
	mnl_attr_put(nlh, IFLA_BRPORT_LEARNING, 0, NULL);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	assert_int_equal(nl_link_parse(nlh, &l, &e), -1);
}

static void
getaddr_dump(void **state)
{
	static const uint8_t want[] = {
		HDR(24, RTM_GETADDR, 0x301),	/* REQUEST|DUMP */
		AF_INET6, 0, 0, 0, U32(0),	/* ifaddrmsg */
	};

	(void)state;
	if (!little_endian())
		skip();
	GOLDEN(nl_msg_getaddr(msgbuf, AF_INET6), want);
}

/* An RTM_NEWADDR as the kernel sends it: ifaddrmsg, then attributes. */
static struct nlmsghdr *
addr_msg(int family, unsigned plen, unsigned char scope, int index)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	memset(rbuf, 0, sizeof(rbuf));
	nlh = mnl_nlmsg_put_header(rbuf);
	nlh->nlmsg_type = RTM_NEWADDR;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_scope = scope;
	ifa->ifa_flags = IFA_F_PERMANENT;
	ifa->ifa_index = (uint32_t)index;
	return nlh;
}

static void
addr_message(void **state)
{
	static const uint8_t local[4] = { 10, 0, 0, 1 },
	    peer[4] = { 10, 0, 0, 2 }, brd[4] = { 10, 0, 0, 255 },
	    ll[16] = { 0xfe, 0x80, [15] = 1 };
	struct brig_err e = { 0 };
	struct net_ifaddr a;
	struct nlmsghdr *nlh;

	(void)state;
	/* IPv4: IFA_LOCAL is the address, IFA_ADDRESS the peer. */
	nlh = addr_msg(AF_INET, 24, RT_SCOPE_UNIVERSE, 4);
	mnl_attr_put(nlh, IFA_ADDRESS, 4, peer);
	mnl_attr_put(nlh, IFA_LOCAL, 4, local);
	mnl_attr_put(nlh, IFA_BROADCAST, 4, brd);
	mnl_attr_put_strz(nlh, IFA_LABEL, "epair0b");
	mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE);
	assert_int_equal(nl_addr_parse(nlh, &a, &e), 1);
	assert_int_equal(a.family, AF_INET);
	assert_memory_equal(a.addr, local, 4);
	assert_int_equal(a.prefixlen, 24);
	assert_int_equal(a.ifindex, 4);
	assert_true(a.has_brd);
	assert_memory_equal(a.brd, brd, 4);
	assert_int_equal(a.flags, IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE);
	/* IPv6: IFA_ADDRESS only; link scope. */
	nlh = addr_msg(AF_INET6, 64, RT_SCOPE_LINK, 7);
	mnl_attr_put(nlh, IFA_ADDRESS, 16, ll);
	assert_int_equal(nl_addr_parse(nlh, &a, &e), 1);
	assert_memory_equal(a.addr, ll, 16);
	assert_int_equal(a.scope, RT_SCOPE_LINK);
	assert_false(a.has_brd);
	assert_int_equal(a.flags, IFA_F_PERMANENT);
	/* Another family: skipped, not an error. */
	nlh = addr_msg(AF_PACKET, 0, 0, 7);
	assert_int_equal(nl_addr_parse(nlh, &a, &e), 0);
	/* Malformed: no address, a 16-byte inet address, a broadcast on
	 * IPv6, a prefix length past the family's, no ifaddrmsg. */
	nlh = addr_msg(AF_INET, 24, 0, 4);
	assert_int_equal(nl_addr_parse(nlh, &a, &e), -1);
	assert_int_equal(e.errnum, EBADMSG);
	assert_string_equal(e.msg, "malformed address message: no address");
	nlh = addr_msg(AF_INET, 24, 0, 4);
	mnl_attr_put(nlh, IFA_LOCAL, 16, ll);
	assert_int_equal(nl_addr_parse(nlh, &a, &e), -1);
	nlh = addr_msg(AF_INET6, 64, 0, 4);
	mnl_attr_put(nlh, IFA_ADDRESS, 16, ll);
	mnl_attr_put(nlh, IFA_BROADCAST, 4, brd);
	assert_int_equal(nl_addr_parse(nlh, &a, &e), -1);
	nlh = addr_msg(AF_INET, 33, 0, 4);
	mnl_attr_put(nlh, IFA_LOCAL, 4, local);
	assert_int_equal(nl_addr_parse(nlh, &a, &e), -1);
	nlh->nlmsg_len = sizeof(*nlh) + 4;
	assert_int_equal(nl_addr_parse(nlh, &a, &e), -1);
	nlh->nlmsg_type = RTM_NEWLINK;
	assert_int_equal(nl_addr_parse(nlh, &a, &e), -1);
}

/* The same name gives the same MAC, another name another one; always
 * locally administered and unicast. */
static void
stable_mac(void **state)
{
	unsigned char a[6], a2[6], b[6];

	(void)state;
	net_stable_mac("epair0b", a);
	net_stable_mac("epair0b", a2);
	net_stable_mac("epair0a", b);
	assert_memory_equal(a, a2, 6);
	assert_memory_not_equal(a, b, 6);
	assert_int_equal(a[0], 0x02);
	assert_int_equal(b[0], 0x02);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(veth_peer_in_netns),
		cmocka_unit_test(veth_same_netns),
		cmocka_unit_test(bridge),
		cmocka_unit_test(link_up),
		cmocka_unit_test(addr_v4),
		cmocka_unit_test(addr_v6),
		cmocka_unit_test(default_route),
		cmocka_unit_test(builders_check_names),
		cmocka_unit_test(ifname_check),
		cmocka_unit_test(addr_parse),
		cmocka_unit_test(ack),
		cmocka_unit_test(error_plain),
		cmocka_unit_test(error_ext_ack),
		cmocka_unit_test(error_ext_ack_bogus),
		cmocka_unit_test(done_and_multipart),
		cmocka_unit_test(truncated),
		cmocka_unit_test(link_message),
		cmocka_unit_test(link_message_more),
		cmocka_unit_test(getaddr_dump),
		cmocka_unit_test(addr_message),
		cmocka_unit_test(stable_mac),
	};

	return cmocka_run_group_tests_name("net", tests, NULL, NULL);
}
