/* The network executor: links, addresses and routes over rtnetlink
 * (libmnl), never by running ip(8).
 *
 * Every operation takes the network namespace to act in as a file
 * descriptor (an open /run/netns/NAME or /proc/PID/ns/net), or
 * NET_NS_SELF for the namespace net_open() was called in.  brig thus
 * configures a jail's network from the host without entering it.
 *
 * How: a netlink socket stays in the namespace it was created in, and
 * acts there for its whole life.  For another namespace, a short-lived
 * helper thread setns(2)es into it, opens the socket and ends; the
 * calling thread never changes namespace, so nothing has to be undone if
 * something fails half-way.  The socket is kept, keyed by the
 * namespace's inode, for the next operation there.  This works for every
 * message (links, addresses, routes) on any kernel brig supports; the
 * alternative, IFLA_TARGET_NETNSID, needs a netns id assigned first and
 * covers links only.
 *
 * Where the kernel can do it in one message, it does: a veth pair is
 * made with its peer already in the jail's namespace (IFLA_NET_NS_FD in
 * the peer's own ifinfomsg), not moved afterwards; when the namespace
 * goes away, the kernel deletes its end, and so the whole pair.
 *
 * Names are checked (net_ifname_check) before any message is built.
 * Undoing what is already gone is success: deleting a missing link
 * (ENODEV), address (EADDRNOTAVAIL) or route (ESRCH) returns 0.  A
 * kernel error puts its errno in e->errnum and the kernel's extended-ACK
 * text, if any, in the message: "set mtu 10 on e0b_dns: mtu less than
 * device minimum" + ": Invalid argument". */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"

#define NET_NS_SELF	(-1)	/* the namespace of net_open() */
#define NET_NAMESZ	16	/* IFNAMSIZ: 15 bytes and the NUL */
#define NET_LLADDR_MAX	32	/* MAX_ADDR_LEN: a link-layer address */

/* net_link.port: how a bridge port behaves (IFLA_INFO_SLAVE_DATA). */
#define NET_PORT_LEARNING	0x1	/* learns source addresses
					 * (IFLA_BRPORT_LEARNING) */
#define NET_PORT_FLOOD		0x2	/* gets unknown unicast
					 * (IFLA_BRPORT_UNICAST_FLOOD) */

/* Opaque: sockets, sequence numbers, a reply buffer.  One thread at a
 * time. */
struct net;

/* One network interface, as net_link_list() reports it. */
struct net_link {
	char name[NET_NAMESZ];
	int index;
	char kind[16];		/* "veth", "bridge", ...; "" if none (lo,
				 * physical devices) */
	unsigned flags;		/* IFF_UP, IFF_LOWER_UP, ... */
	unsigned mtu;
	int master;		/* ifindex of the bridge, 0 if none */
	int netns_local;	/* 1 if it cannot change namespace (lo,
				 * bridges), 0 if it can, -1 if the kernel
				 * does not say (IFLA_NETNS_IMMUTABLE is
				 * Linux 6.15) */
	unsigned short type;	/* ARPHRD_ETHER, ARPHRD_LOOPBACK, ... */
	unsigned char lladdr[NET_LLADDR_MAX];	/* IFLA_ADDRESS: the MAC */
	unsigned lladdr_len;	/* its length; 0 if there is none */
	unsigned min_mtu;	/* IFLA_MIN_MTU, IFLA_MAX_MTU (4.19); 0 if */
	unsigned max_mtu;	/* the kernel does not say */
	int link;		/* IFLA_LINK: a veth's peer ifindex, 0 if
				 * none */
	int link_netnsid;	/* the peer's namespace id, as this one
				 * knows it; -1: the same namespace */
	bool is_port;		/* enslaved to a bridge (master) */
	unsigned port;		/* NET_PORT_* when is_port */
};

/* An address of an interface, as net_addr_list() reports it. */
struct net_ifaddr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];	/* the local address (IFA_LOCAL, or else
				 * IFA_ADDRESS), network byte order */
	unsigned prefixlen;
	int ifindex;
	unsigned char scope;	/* RT_SCOPE_UNIVERSE, _LINK (fe80::),
				 * _HOST (127.0.0.1, ::1) */
	unsigned flags;		/* IFA_F_* (IFA_F_TENTATIVE, ...) */
	bool has_brd;		/* IPv4: brd holds the broadcast address */
	unsigned char brd[4];
};

/* An address (or a route's destination) with its prefix length. */
struct net_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];	/* network byte order, 4 or 16 bytes */
	unsigned prefixlen;	/* 0..32 or 0..128 */
};

/* Open the executor in the calling thread's network namespace.
 * net_close(NULL) does nothing.  A socket holds its namespace alive:
 * while the executor keeps one for a jail's namespace, that namespace
 * (and so its veth pair) outlives the jail.  brig's commands are short;
 * a longer-lived caller drops the socket with net_ns_release(). */
int net_open(struct net **out, struct brig_err *e);
void net_close(struct net *n);
/* Close the socket kept for nsfd, if any (not NET_NS_SELF's). */
int net_ns_release(struct net *n, int nsfd, struct brig_err *e);

/* 0 if name is a valid interface name for Linux (the kernel's
 * dev_valid_name): 1..15 bytes, no '/', ':' or blank (the kernel's
 * isspace(), which counts 0xa0), not "." or "..". */
int net_ifname_check(const char *name, struct brig_err *e);

/* "10.1.2.3/24", "fd00::1/64"; no "/LEN" means a host (32 or 128).
 * *out is written only on success. */
int net_addr_parse(const char *s, struct net_addr *out, struct brig_err *e);

/* --- links (link.c) --------------------------------------------------- */

/* The MAC brig gives an interface it makes: from the host's machine-id
 * and the name, so that epair0b (or bridge0) has the same address each
 * time it is made, as FreeBSD's ether_gen_addr() gives epairs and
 * bridges; a LAN client's ARP cache stays right across a jail's restart,
 * and a bridge keeps its address whatever ports come and go.  Locally
 * administered (02:...). */
void net_stable_mac(const char *ifname, unsigned char mac[6]);

/* A veth pair in one message: name in nsfd, peer in peer_nsfd
 * (NET_NS_SELF: beside name), each with its net_stable_mac().  Both
 * down. */
int net_veth_create(struct net *n, int nsfd, const char *name,
    const char *peer, int peer_nsfd, struct brig_err *e);
/* A bridge with its net_stable_mac(), down. */
int net_bridge_create(struct net *n, int nsfd, const char *name,
    struct brig_err *e);
/* Delete a link (and a veth's peer with it).  Missing: success. */
int net_link_delete(struct net *n, int nsfd, const char *name,
    struct brig_err *e);
/* Enslave name to the bridge master (same namespace); master NULL
 * releases it. */
int net_link_set_master(struct net *n, int nsfd, const char *name,
    const char *master, struct brig_err *e);
int net_link_set_up(struct net *n, int nsfd, const char *name, bool up,
    struct brig_err *e);
int net_link_set_mtu(struct net *n, int nsfd, const char *name,
    unsigned mtu, struct brig_err *e);
/* Move name from nsfd into the namespace target_nsfd (an fd, never
 * NET_NS_SELF: pass an fd of the host's namespace to bring it back). */
int net_link_set_netns(struct net *n, int nsfd, const char *name,
    int target_nsfd, struct brig_err *e);
/* Rename a link (it must be down, as for ip link set name). */
int net_link_rename(struct net *n, int nsfd, const char *name,
    const char *newname, struct brig_err *e);
/* The ifindex of name (> 0), or -1 (ENODEV if there is none). */
int net_link_index(struct net *n, int nsfd, const char *name,
    struct brig_err *e);
/* Every link in nsfd: *out (caller frees with free()) and *nout,
 * written only on success. */
int net_link_list(struct net *n, int nsfd, struct net_link **out,
    size_t *nout, struct brig_err *e);
/* The link name in nsfd into *out: 1, or 0 (*out untouched) if there
 * is none, or -1. */
int net_link_find(struct net *n, int nsfd, const char *name,
    struct net_link *out, struct brig_err *e);
/* Bring lo up in nsfd (a new namespace has it down). */
int net_lo_up(struct net *n, int nsfd, struct brig_err *e);

/* --- addresses (addr.c) ----------------------------------------------- */

/* Add a with its prefix length to the link ifname; brd (IPv4 only, may
 * be NULL) is the broadcast address.  Delete: missing is success. */
int net_addr_add(struct net *n, int nsfd, const char *ifname,
    const struct net_addr *a, const struct net_addr *brd,
    struct brig_err *e);
int net_addr_del(struct net *n, int nsfd, const char *ifname,
    const struct net_addr *a, struct brig_err *e);
/* The addresses in nsfd of the link ifindex (0: of every link) and of
 * family (AF_INET, AF_INET6; 0: both), in the kernel's order: *out
 * (caller frees with free()) and *nout, written only on success. */
int net_addr_list(struct net *n, int nsfd, int ifindex, int family,
    struct net_ifaddr **out, size_t *nout, struct brig_err *e);

/* --- routes (route.c) ------------------------------------------------- */

/* A route in the main table to dst (NULL: the default route, of gw's
 * family) via gw (NULL: on the link dev), out of dev (NULL: the kernel
 * picks it from gw).  Delete: missing is success. */
int net_route_add(struct net *n, int nsfd, const struct net_addr *dst,
    const struct net_addr *gw, const char *dev, struct brig_err *e);
int net_route_del(struct net *n, int nsfd, const struct net_addr *dst,
    const struct net_addr *gw, const char *dev, struct brig_err *e);
