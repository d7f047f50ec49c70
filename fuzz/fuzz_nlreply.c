/* libFuzzer target for the netlink reply parser (src/net/nl.c
 * nl_reply_parse, with the link-message reader of link.c as its data
 * callback): bytes a kernel sends back.  After each input: the result is
 * one of -1, 0, 1; a failure has an errno the kernel could send (or
 * EBADMSG for a malformed reply) and a NUL-terminated message; every link
 * read has a NUL-terminated name of 1..15 bytes and a terminated kind.
 * The first byte picks the port checked (0: none), so that both paths
 * run; the rest is the reply, for request seq 1. */
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct brig_err e;
	uint32_t portid;
	size_t links = 0;
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
	r = nl_reply_parse(buf, size - 1, 1, portid, link_cb, &links, &e);
	CHECK(r == -1 || r == 0 || r == 1);
	if (r == -1) {
		CHECK(memchr(e.msg, '\0', sizeof(e.msg)) != NULL);
		CHECK(e.errnum > 0 && e.errnum <= 4095);
	}
	free(buf);
	return 0;
}
