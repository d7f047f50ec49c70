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
