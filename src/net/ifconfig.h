/* brig's ifconfig(8): the argument parser.
 *
 * exec.* hooks written for FreeBSD ("ifconfig epair0 create up; ifconfig
 * bridge0 addm epair0a up; ifconfig epair0b vnet unbound") find brig's
 * ifconfig first in PATH.  ifc_parse() turns such an argv into a typed,
 * ordered list of operations; it makes no system call, and the netlink
 * executor (net.h) carries the list out.  The grammar is FreeBSD's
 * (sbin/ifconfig/ifconfig.c main() and ifconfig(), ifconfig.8):
 *
 *	ifconfig [-a] [inet | inet6]
 *	ifconfig IF [inet | inet6]
 *	ifconfig IF [create | plumb] [inet | inet6] [ADDR[/LEN]] [PARAM ...]
 *	ifconfig IF destroy | unplumb
 *
 * PARAM: addm IF, deletem IF, vnet JAIL, -vnet JAIL, up, down, mtu N,
 * alias (add), -alias (delete, remove), netmask M (inet), prefixlen N
 * (inet6).  As in FreeBSD, create must follow the interface name, the
 * family comes right after the name (or after create), one address is
 * set per command, and alias, -alias, netmask and prefixlen apply to that
 * address wherever they appear.  brig adds: the family, when omitted, is
 * inferred from the address (FreeBSD assumes inet).  brig refuses, with a
 * message naming the form: any other parameter or option, host names,
 * a destination address, a netmask without an address, parameters after
 * vnet (the interface has left the host) or beside destroy. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../util/err.h"

#define IFC_NAMESZ	16	/* IFNAMSIZ: 15 bytes and the NUL */
#define IFC_ARGSZ	65	/* a jail name (64 bytes, as conf/check.c) */
#define IFC_MAX_OPS	32	/* operations in one command */
#define IFC_MAX_UNIT	32767	/* FreeBSD IF_MAXUNIT */

enum ifc_opcode {
	IFC_LIST,	/* show ifname, or every interface if it is "" */
	IFC_CREATE,	/* make ifname: epairN (epairNa + epairNb), bridgeN;
			 * ifconfig(8) prints the name of what it made when
			 * that differs from ifname (ifclone.c): "epair0a" */
	IFC_DESTROY,
	IFC_ADDM,	/* add arg to the bridge ifname */
	IFC_DELETEM,	/* remove arg from the bridge ifname */
	IFC_VNET,	/* move ifname into the jail arg */
	IFC_UNVNET,	/* -vnet: bring ifname back from the jail arg */
	IFC_ADDR,	/* set, add (alias) or remove (-alias) an address */
	IFC_UP,
	IFC_DOWN,
	IFC_MTU,
	IFC_NOPS
};

/* What to do with the address (FreeBSD's doalias). */
enum ifc_alias {
	IFC_ALIAS_NONE,	/* neither: FreeBSD first removes the interface's
			 * first address of the family (clearaddr) */
	IFC_ALIAS_ADD,	/* alias, add */
	IFC_ALIAS_DEL	/* -alias, delete, remove */
};

struct ifc_op {
	enum ifc_opcode op;
	/* The interface acted on.  After "epairN create" it is epairNa,
	 * the end ifconfig(8) goes on with; after a create without a unit
	 * ("epair create up") it is "epair" or "bridge" with any_unit set:
	 * the interface the create made, whose unit (the lowest free one)
	 * the executor picks.  "" in IFC_LIST: every interface. */
	char ifname[IFC_NAMESZ];
	bool any_unit;
	char arg[IFC_ARGSZ];	/* ADDM, DELETEM: member; VNET, UNVNET: jail
				 * name or jid */
	int family;		/* ADDR: AF_INET or AF_INET6; LIST: that
				 * family only, or 0 for all */
	unsigned char addr[16];	/* ADDR: network byte order, 4 or 16 bytes */
	int prefix;		/* ADDR: 0..32 or 0..128; -1 if not given
				 * (inet6: ifconfig.8 says 64) */
	enum ifc_alias alias;	/* ADDR */
	unsigned mtu;		/* MTU: 68..65535 */
};

struct ifc_cmd {
	char ifname[IFC_NAMESZ];	/* as given; "" for a listing of all */
	struct ifc_op ops[IFC_MAX_OPS];	/* in the order given */
	size_t n;
};

/* Parse argv (argv[0] is the program name, as ifconfig(8) gets it) into
 * *out, written only on success.  A failure message has no "ifconfig: "
 * prefix (the caller prints it, as main does for "jail: "), e.g.
 * "\"wlan0 ssid foo\": \"ssid\" is not supported by brig's ifconfig
 * (supported: create, ...)" or "addm needs an interface name". */
int ifc_parse(int argc, char *const argv[], struct ifc_cmd *out,
    struct brig_err *e);

/* "create", "-vnet", "address", ...; "?" for a value out of range. */
const char *ifc_op_name(enum ifc_opcode op);

/* Write c in canonical form ("ifconfig epair0 create up", the family
 * spelled out, netmasks as /LEN, synonyms as their main name) to buf,
 * truncated to len and NUL-terminated if len > 0.  Returns the length of
 * the whole form, as snprintf does.  Parsing the form again gives c. */
size_t ifc_format(const struct ifc_cmd *c, char *buf, size_t len);

/* --- the executor (ifconfig_run.c) ------------------------------------ *
 *
 * ifc_run() carries a parsed command out in the network namespace of
 * the executor x->n (its NET_NS_SELF), with FreeBSD's semantics mapped to
 * Linux: an epair is a veth pair epairNa/epairNb, a bridge a Linux
 * bridge.  It first checks the whole command against the interfaces
 * there (names, existence, kinds, bridge membership, a jail's namespace
 * and the names in it), and changes nothing if any check fails; a
 * kernel refusal after that undoes the interface the command created,
 * not the other changes.  Messages have no "ifconfig: " prefix; those
 * that FreeBSD's ifconfig prints are kept ("interface epair9a does not
 * exist", "SIOCIFCREATE2 (epair0): File exists"). */

struct net;
struct net_link;
struct net_ifaddr;

/* How the executor finds a jail's network namespace (in brig: jail.h
 * jail_netns_open(); src/net does not depend on src/jail).  An fd,
 * which the executor closes, or -1 with e. */
typedef int ifc_jail_netns_fn(void *arg, const char *jail,
    struct brig_err *e);

struct ifc_ctx {
	struct net *n;		/* acts in its own namespace */
	FILE *out;		/* listings; the name a create made */
	FILE *warn;		/* warnings (NULL: none), as ifconfig(8)'s
				 * "WARNING: setting interface address
				 * without mask is deprecated" */
	ifc_jail_netns_fn *jail_netns;	/* NULL: vnet, -vnet refused */
	void *arg;			/* its first argument */
};

int ifc_run(const struct ifc_ctx *x, const struct ifc_cmd *c,
    struct brig_err *e);

/* --- the listing and its pure parts (ifconfig_show.c) ----------------- */

/* FreeBSD's if_flags bits (net/if.h; LOWER_UP is FreeBSD 14's netlink
 * IFF_NETLINK_1), and if_bridge's member flags (IFBIF_*). */
#define IFC_IFF_UP		0x1
#define IFC_IFF_BROADCAST	0x2
#define IFC_IFF_DEBUG		0x4
#define IFC_IFF_LOOPBACK	0x8
#define IFC_IFF_POINTOPOINT	0x10
#define IFC_IFF_RUNNING		0x40
#define IFC_IFF_NOARP		0x80
#define IFC_IFF_PROMISC		0x100
#define IFC_IFF_ALLMULTI	0x200
#define IFC_IFF_SIMPLEX		0x800
#define IFC_IFF_MULTICAST	0x8000
#define IFC_IFF_LOWER_UP	0x1000000
#define IFC_IFBIF_LEARNING	0x1
#define IFC_IFBIF_DISCOVER	0x2

/* The lowest unit N (0..IFC_MAX_UNIT) free for cloner ("epair":
 * neither epairNa nor epairNb among the links; "bridge": no bridgeN), or
 * -1 if there is none (or cloner is neither). */
int ifc_unit_free(const char *cloner, const struct net_link *links,
    size_t n);

/* FreeBSD's if_flags for a Linux link's IFF_* flags and ARPHRD type:
 * RUNNING is set while the link is up (FreeBSD's driver-running bit),
 * LOWER_UP while it has carrier, SIMPLEX on Ethernet. */
unsigned ifc_bsd_flags(unsigned linux_flags, unsigned short type);

/* Bits as ifconfig(8) prints them, "8843<UP,BROADCAST,RUNNING,SIMPLEX,
 * MULTICAST>" (hex, then the names, if any bit is set) for the if_flags
 * (member false) or a bridge member's flags (member true), into buf
 * (len bytes, truncated, NUL-terminated).  Returns buf. */
const char *ifc_bits_format(unsigned bits, bool member, char *buf,
    size_t len);

/* The inet netmask of a prefix length (0..32), host byte order:
 * ifconfig(8) prints it as "netmask 0x%x". */
uint32_t ifc_netmask(unsigned prefixlen);

/* The mask an inet address gets when none is given: its class's, as
 * FreeBSD's kernel still does (A /8, B /16, C /24, else /32). */
unsigned ifc_inet_default_prefix(const unsigned char addr[4]);

/* Print, as FreeBSD's ifconfig(8) does, the interface ifname ("": every
 * one) of links, with the addresses of family (0: every family; else
 * only interfaces with such an address, and only those addresses):
 *
 *	epair0a: flags=1008843<UP,...,LOWER_UP> metric 0 mtu 1500
 *		ether 02:..:..:..:..:0a
 *		inet 10.0.0.1 netmask 0xffffff00 broadcast 10.0.0.255
 *		inet6 fe80::...%epair0a prefixlen 64 scopeid 0x5
 *		member: epair0a flags=3<LEARNING,DISCOVER>   (bridges)
 *		groups: epair
 *		status: active
 *
 * Returns how many interfaces were printed. */
size_t ifc_show(FILE *out, const struct net_link *links, size_t nlinks,
    const struct net_ifaddr *addrs, size_t naddrs, const char *ifname,
    int family);
