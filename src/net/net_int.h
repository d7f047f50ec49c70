/* Private to src/net: the message builders and the reply parser, pure
 * functions that make no system call, so that the unit tests compare
 * their bytes with golden ones and the fuzzer feeds the parser. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "net.h"

struct nlmsghdr;

/* Room for one request: the largest (a veth pair) is 100 bytes. */
#define NL_MSG_MAX	512

/* Called for each data message of a reply, whose nlmsg_len has been
 * checked against the bytes received (and nothing else). */
typedef int (*nl_data_cb)(const struct nlmsghdr *nlh, void *data,
    struct brig_err *e);

/* Parse len bytes received for the request seq from port portid (0: do
 * not check the port).  Messages for other requests are skipped; data
 * messages go to cb (may be NULL).  Returns 0 when the reply is complete
 * (an ACK, NLMSG_DONE), 1 when more is to come, -1 on error: the
 * kernel's (e->errnum = -nlmsgerr.error, e->msg = its extended-ACK
 * text, or "") or a malformed reply (EBADMSG, a message saying so). */
int nl_reply_parse(const void *buf, size_t len, uint32_t seq,
    uint32_t portid, nl_data_cb cb, void *data, struct brig_err *e);

/* Send the request nlh (its seq is set here) in nsfd and parse the
 * reply.  Returns 0 or -1. */
int nl_talk(struct net *n, int nsfd, struct nlmsghdr *nlh, nl_data_cb cb,
    void *data, struct brig_err *e);

/* Prefix "what" to a failure nl_talk() recorded: "what: kernel text", or
 * just "what" when the kernel gave no text.  Returns -1. */
int nl_fail(struct brig_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The builders: one request in buf (NL_MSG_MAX bytes), seq 0, port 0.
 * NULL (e filled) on an invalid name.  A MAC argument (6 bytes) may be
 * NULL: the kernel picks a random one. */
struct nlmsghdr *nl_msg_veth(void *buf, const char *name, const char *peer,
    int peer_nsfd, const unsigned char *mac, const unsigned char *peer_mac,
    struct brig_err *e);
struct nlmsghdr *nl_msg_bridge(void *buf, const char *name,
    const unsigned char *mac, struct brig_err *e);
struct nlmsghdr *nl_msg_link_del(void *buf, const char *name,
    struct brig_err *e);
/* RTM_SETLINK on name: flags/change (IFF_*), then optional attributes:
 * mtu (0: none), master (-1: none, 0: release), netns fd (-1: none),
 * newname (NULL: none; the link is then found by index). */
struct nl_setlink {
	int index;
	unsigned flags, change;
	unsigned mtu;
	int master;
	int nsfd;
	const char *newname;
};
struct nlmsghdr *nl_msg_setlink(void *buf, const char *name,
    const struct nl_setlink *s, struct brig_err *e);
struct nlmsghdr *nl_msg_getlink(void *buf, const char *name,
    struct brig_err *e);	/* name NULL: a dump */
struct nlmsghdr *nl_msg_addr(void *buf, int add, int ifindex,
    const struct net_addr *a, const struct net_addr *brd,
    struct brig_err *e);
struct nlmsghdr *nl_msg_route(void *buf, int add, const struct net_addr *dst,
    const struct net_addr *gw, int oif, struct brig_err *e);

/* A dump of the addresses of family (0: all). */
struct nlmsghdr *nl_msg_getaddr(void *buf, int family);

/* Read one RTM_NEWLINK message into *out. */
int nl_link_parse(const struct nlmsghdr *nlh, struct net_link *out,
    struct brig_err *e);
/* Read one RTM_NEWADDR message into *out: 1, or 0 for an address of a
 * family other than inet and inet6 (*out then unspecified). */
int nl_addr_parse(const struct nlmsghdr *nlh, struct net_ifaddr *out,
    struct brig_err *e);
