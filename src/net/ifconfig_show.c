/* brig's ifconfig(8): the listing in FreeBSD's layout (sbin/ifconfig
 * ifconfig_netlink.c status_nl(), af_inet.c, af_inet6.c, af_link.c,
 * ifbridge.c, ifgroup.c, ifmedia.c) and the pure parts the executor
 * shares: unit selection, flag bits, netmasks.  No system call; the
 * caller passes the links and addresses it listed. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>

#include <stdio.h>
#include <string.h>

#include "ifconfig.h"
#include "net.h"

/* Linux's IFF_LOWER_UP (linux/if.h, which clashes with net/if.h). */
#define LINUX_IFF_LOWER_UP	0x10000

static const struct {
	unsigned linux_flag;
	unsigned bsd;
} flagmap[] = {
	{ IFF_UP,		IFC_IFF_UP },
	{ IFF_BROADCAST,	IFC_IFF_BROADCAST },
	{ IFF_DEBUG,		IFC_IFF_DEBUG },
	{ IFF_LOOPBACK,		IFC_IFF_LOOPBACK },
	{ IFF_POINTOPOINT,	IFC_IFF_POINTOPOINT },
	{ IFF_UP,		IFC_IFF_RUNNING },
	{ IFF_NOARP,		IFC_IFF_NOARP },
	{ IFF_PROMISC,		IFC_IFF_PROMISC },
	{ IFF_ALLMULTI,		IFC_IFF_ALLMULTI },
	{ IFF_MULTICAST,	IFC_IFF_MULTICAST },
	{ LINUX_IFF_LOWER_UP,	IFC_IFF_LOWER_UP },
};

/* The names of the bits, by bit number (ifconfig_netlink.c IFFBITS). */
static const char *const iffbits[32] = {
	[0] = "UP", [1] = "BROADCAST", [2] = "DEBUG", [3] = "LOOPBACK",
	[4] = "POINTOPOINT", [5] = "NEEDSEPOCH", [6] = "RUNNING",
	[7] = "NOARP", [8] = "PROMISC", [9] = "ALLMULTI",
	[10] = "DRV_OACTIVE", [11] = "SIMPLEX", [12] = "LINK0",
	[13] = "LINK1", [14] = "LINK2", [15] = "MULTICAST",
	[16] = "CANTCONFIG", [17] = "PPROMISC", [18] = "MONITOR",
	[19] = "STATICARP", [20] = "STICKYARP", [21] = "DYING",
	[22] = "RENAMING", [23] = "NOGROUP", [24] = "LOWER_UP",
};

/* if_bridge's IFBIF_* (ifbridge.c IFBIFBITS). */
static const char *const ifbifbits[32] = {
	[0] = "LEARNING", [1] = "DISCOVER", [2] = "STP", [3] = "SPAN",
	[4] = "STICKY", [5] = "EDGE", [6] = "AUTOEDGE", [7] = "PTP",
	[8] = "AUTOPTP", [9] = "PRIVATE",
};

/* The unit of name if it is one of cloner's (prefix, digits without a
 * leading zero, then suffix: "a" or "b" for an epair), or -1. */
static long
unit_of(const char *name, const char *cloner, bool epair)
{
	size_t plen = strlen(cloner), d;
	const char *u = name + plen;
	long v = 0;

	if (strncmp(name, cloner, plen) != 0)
		return -1;
	d = strspn(u, "0123456789");
	if (d == 0 || d > 5 || (u[0] == '0' && d > 1))
		return -1;
	if (epair ? (strcmp(u + d, "a") != 0 && strcmp(u + d, "b") != 0) :
	    u[d] != '\0')
		return -1;
	for (; d > 0; d--, u++)
		v = v * 10 + (*u - '0');
	return v <= IFC_MAX_UNIT ? v : -1;
}

int
ifc_unit_free(const char *cloner, const struct net_link *links, size_t n)
{
	bool epair = strcmp(cloner, "epair") == 0;
	unsigned char used[(IFC_MAX_UNIT + 8) / 8];
	long u;
	size_t i;

	if (!epair && strcmp(cloner, "bridge") != 0)
		return -1;
	memset(used, 0, sizeof(used));
	for (i = 0; i < n; i++)
		if ((u = unit_of(links[i].name, cloner, epair)) >= 0)
			used[u / 8] |= (unsigned char)(1u << (u % 8));
	for (u = 0; u <= IFC_MAX_UNIT; u++)
		if (!(used[u / 8] & (1u << (u % 8))))
			return (int)u;
	return -1;
}

unsigned
ifc_bsd_flags(unsigned linux_flags, unsigned short type)
{
	unsigned bsd = 0;
	size_t k;

	for (k = 0; k < sizeof(flagmap) / sizeof(flagmap[0]); k++)
		if (linux_flags & flagmap[k].linux_flag)
			bsd |= flagmap[k].bsd;
	/* Ethernet cannot hear itself: FreeBSD's drivers (if_epair,
	 * if_bridge, NICs) set SIMPLEX. */
	if (type == ARPHRD_ETHER)
		bsd |= IFC_IFF_SIMPLEX;
	return bsd;
}

const char *
ifc_bits_format(unsigned bits, bool member, char *buf, size_t len)
{
	const char *const *names = member ? ifbifbits : iffbits;
	size_t o;
	int i, n = 0;

	if (len == 0)
		return buf;
	o = (size_t)snprintf(buf, len, "%x", bits);
	for (i = 0; i < 32 && o < len; i++) {
		if (!(bits & (1u << i)))
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s", n++ ? "," : "<");
		if (o >= len)
			break;
		if (names[i] != NULL)
			o += (size_t)snprintf(buf + o, len - o, "%s", names[i]);
		else
			o += (size_t)snprintf(buf + o, len - o, "%s_%d",
			    member ? "IFBIF" : "IFF", i);
	}
	if (n > 0 && o < len)
		snprintf(buf + o, len - o, ">");
	return buf;
}

uint32_t
ifc_netmask(unsigned prefixlen)
{
	if (prefixlen == 0)
		return 0;
	if (prefixlen >= 32)
		return 0xffffffffu;
	return ~((1u << (32 - prefixlen)) - 1);
}

unsigned
ifc_inet_default_prefix(const unsigned char addr[4])
{
	if (addr[0] < 128)
		return 8;
	if (addr[0] < 192)
		return 16;
	if (addr[0] < 224)
		return 24;
	return 32;
}

static void
show_ether(FILE *out, const struct net_link *l)
{
	const unsigned char *m = l->lladdr;

	if (l->type != ARPHRD_ETHER || l->lladdr_len != 6)
		return;
	fprintf(out, "\tether %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1],
	    m[2], m[3], m[4], m[5]);
}

static void
show_inet(FILE *out, const struct net_ifaddr *a, unsigned bsdflags)
{
	char text[INET_ADDRSTRLEN] = "?", brd[INET_ADDRSTRLEN] = "?";

	inet_ntop(AF_INET, a->addr, text, sizeof(text));
	fprintf(out, "\tinet %s netmask 0x%x", text,
	    ifc_netmask(a->prefixlen));
	if ((bsdflags & IFC_IFF_BROADCAST) && a->has_brd &&
	    memcmp(a->brd, "\0\0\0\0", 4) != 0) {
		inet_ntop(AF_INET, a->brd, brd, sizeof(brd));
		fprintf(out, " broadcast %s", brd);
	}
	fputc('\n', out);
}

/* af_inet6.c in6_status_nl(): the address (link-local ones with their
 * zone, "%IF"), its prefix length, its flags, the zone's id. */
static void
show_inet6(FILE *out, const struct net_ifaddr *a, const char *ifname)
{
	char text[INET6_ADDRSTRLEN] = "?";
	bool link = a->scope == RT_SCOPE_LINK;

	inet_ntop(AF_INET6, a->addr, text, sizeof(text));
	fprintf(out, "\tinet6 %s%s%s prefixlen %u", text, link ? "%" : "",
	    link ? ifname : "", a->prefixlen);
	if (a->flags & IFA_F_TENTATIVE)
		fprintf(out, " tentative");
	if (a->flags & IFA_F_DADFAILED)
		fprintf(out, " duplicated");
	if (a->flags & IFA_F_DEPRECATED)
		fprintf(out, " deprecated");
	if (a->flags & IFA_F_TEMPORARY)
		fprintf(out, " temporary");
	if (link)
		fprintf(out, " scopeid 0x%x", (unsigned)a->ifindex);
	fputc('\n', out);
}

/* FreeBSD sorts a link's addresses by family (AF_INET before AF_INET6),
 * then keeps the kernel's order. */
static void
show_addrs(FILE *out, const struct net_link *l, const struct net_ifaddr *v,
    size_t n, int family, unsigned bsdflags)
{
	static const int order[] = { AF_INET, AF_INET6 };
	size_t k, i;

	for (k = 0; k < 2; k++) {
		if (family != 0 && family != order[k])
			continue;
		for (i = 0; i < n; i++) {
			if (v[i].ifindex != l->index || v[i].family != order[k])
				continue;
			if (order[k] == AF_INET)
				show_inet(out, &v[i], bsdflags);
			else
				show_inet6(out, &v[i], l->name);
		}
	}
}

static void
show_members(FILE *out, const struct net_link *br, const struct net_link *v,
    size_t n)
{
	char bits[160];
	unsigned f;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!v[i].is_port || v[i].master != br->index)
			continue;
		f = (v[i].port & NET_PORT_LEARNING ? IFC_IFBIF_LEARNING : 0) |
		    (v[i].port & NET_PORT_FLOOD ? IFC_IFBIF_DISCOVER : 0);
		fprintf(out, "\tmember: %s flags=%s\n", v[i].name,
		    ifc_bits_format(f, true, bits, sizeof(bits)));
	}
}

/* The interface group FreeBSD puts a link in: its cloner's name. */
static const char *
group(const struct net_link *l)
{
	if (strcmp(l->kind, "veth") == 0)
		return "epair";
	if (strcmp(l->kind, "bridge") == 0)
		return "bridge";
	if (l->type == ARPHRD_LOOPBACK)
		return "lo";
	return NULL;
}

static bool
has_family(const struct net_link *l, const struct net_ifaddr *v, size_t n,
    int family)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].ifindex == l->index && v[i].family == family)
			return true;
	return false;
}

static void
show_one(FILE *out, const struct net_link *l, const struct net_link *links,
    size_t nlinks, const struct net_ifaddr *addrs, size_t naddrs,
    int family)
{
	unsigned bsd = ifc_bsd_flags(l->flags, l->type);
	const char *g = group(l);
	char bits[400];

	fprintf(out, "%s: flags=%s metric 0 mtu %u\n", l->name,
	    ifc_bits_format(bsd, false, bits, sizeof(bits)), l->mtu);
	if (family == 0)
		show_ether(out, l);
	show_addrs(out, l, addrs, naddrs, family, bsd);
	if (family != 0)
		return;
	if (strcmp(l->kind, "bridge") == 0)
		show_members(out, l, links, nlinks);
	if (g != NULL)
		fprintf(out, "\tgroups: %s\n", g);
	/* ifmedia's status: Ethernet devices other than bridges. */
	if (l->type == ARPHRD_ETHER && strcmp(l->kind, "bridge") != 0)
		fprintf(out, "\tstatus: %s\n",
		    l->flags & LINUX_IFF_LOWER_UP ? "active" : "no carrier");
}

size_t
ifc_show(FILE *out, const struct net_link *links, size_t nlinks,
    const struct net_ifaddr *addrs, size_t naddrs, const char *ifname,
    int family)
{
	size_t i, shown = 0;

	for (i = 0; i < nlinks; i++) {
		if (*ifname && strcmp(links[i].name, ifname) != 0)
			continue;
		if (family != 0 && !has_family(&links[i], addrs, naddrs,
		    family))
			continue;
		show_one(out, &links[i], links, nlinks, addrs, naddrs, family);
		shown++;
	}
	return shown;
}
