/* libFuzzer target for the netlink reply parser (src/net/nl.c
 * nl_reply_parse, with the link-message reader of link.c or the address
 * reader of addr.c as its data callback): bytes a kernel sends back.
 * After each input: the result is one of -1, 0, 1; a failure has an
 * errno the kernel could send (or EBADMSG for a malformed reply) and a
 * NUL-terminated message; every link read has a NUL-terminated name of
 * 1..15 bytes and a terminated kind; every address read is of inet or
 * inet6 with the message's index and prefix length, which fits the
 * family, no bytes past the family's and a broadcast only for inet.
 * The first byte picks the port checked (bit 0; clear: none), so that
 * both paths run, and the reader (bit 1; set: addresses, given every
 * data message as net_addr_list() does); the rest is the reply, for
 * request seq 1. */
#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "net/net.h"
#include "net/net_int.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
link_cb(const struct nlmsghdr *nlh, void *arg, struct brig_err *e)
{
	struct net_link l;
	size_t *n = arg;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (nl_link_parse(nlh, &l, e) == -1)
		return -1;
	CHECK(memchr(l.name, '\0', sizeof(l.name)) != NULL);
	CHECK(l.name[0] != '\0');
	CHECK(memchr(l.kind, '\0', sizeof(l.kind)) != NULL);
	CHECK(l.netns_local >= -1 && l.netns_local <= 1);
	CHECK(l.index > 0);
	++*n;
	return 0;
}

static int
addr_cb(const struct nlmsghdr *nlh, void *arg, struct brig_err *e)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
	struct net_ifaddr a;
	size_t *n = arg, len, i;
	int r;

	memset(&a, 0xa5, sizeof(a));
	r = nl_addr_parse(nlh, &a, e);
	CHECK(r == -1 || r == 0 || r == 1);
	if (r == -1) {
		CHECK(e->errnum == EBADMSG);
		CHECK(memchr(e->msg, '\0', sizeof(e->msg)) != NULL);
		return -1;
	}
	/* The type and an ifaddrmsg were checked before anything else. */
	CHECK(nlh->nlmsg_type == RTM_NEWADDR);
	CHECK(nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*ifa)));
	if (r == 0) {
		CHECK(ifa->ifa_family != AF_INET &&
		    ifa->ifa_family != AF_INET6);
		return 0;
	}
	CHECK(a.family == ifa->ifa_family);
	CHECK(a.family == AF_INET || a.family == AF_INET6);
	len = a.family == AF_INET ? 4 : 16;
	CHECK(a.prefixlen == ifa->ifa_prefixlen && a.prefixlen <= len * 8);
	CHECK(a.ifindex == (int)ifa->ifa_index);
	CHECK(a.scope == ifa->ifa_scope);
	for (i = len; i < sizeof(a.addr); i++)
		CHECK(a.addr[i] == 0);
	CHECK(a.has_brd == false || a.has_brd == true);
	CHECK(!a.has_brd || a.family == AF_INET);
	if (!a.has_brd)
		for (i = 0; i < sizeof(a.brd); i++)
			CHECK(a.brd[i] == 0);
	++*n;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct brig_err e;
	uint32_t portid;
	size_t links = 0, addrs = 0;
	void *buf;
	int r;

	if (size < 1)
		return 0;
	portid = data[0] & 1 ? 77 : 0;
	/* An exact-size copy: ASan sees any read past the reply. */
	if ((buf = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	memset(&e, 0, sizeof(e));
	if (data[0] & 2)
		r = nl_reply_parse(buf, size - 1, 1, portid, addr_cb, &addrs,
		    &e);
	else
		r = nl_reply_parse(buf, size - 1, 1, portid, link_cb, &links,
		    &e);
	CHECK(r == -1 || r == 0 || r == 1);
	if (r == -1) {
		CHECK(memchr(e.msg, '\0', sizeof(e.msg)) != NULL);
		CHECK(e.errnum > 0 && e.errnum <= 4095);
	}
	free(buf);
	return 0;
}
