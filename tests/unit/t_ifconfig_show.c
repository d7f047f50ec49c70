/* Unit tests of the pure parts of brig's ifconfig(8) executor
 * (src/net/ifconfig_show.c): the unit a create picks given the names
 * that exist, FreeBSD's flag bits from Linux's and their printed form,
 * netmasks, the classful default mask, and the whole listing, byte for
 * byte, for a set of links and addresses as the kernel reports them
 * (the FreeBSD layout: sbin/ifconfig ifconfig_netlink.c status_nl()). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>

#include <cmocka.h>

#include "net/ifconfig.h"
#include "net/net.h"

#define LOWER_UP	0x10000		/* Linux IFF_LOWER_UP */

static struct net_link
mklink(const char *name, int index, const char *kind)
{
	struct net_link l;

	memset(&l, 0, sizeof(l));
	snprintf(l.name, sizeof(l.name), "%s", name);
	snprintf(l.kind, sizeof(l.kind), "%s", kind);
	l.index = index;
	l.type = ARPHRD_ETHER;
	l.mtu = 1500;
	l.link_netnsid = -1;
	return l;
}

static int
unit(const char *cloner, const char *const *names)
{
	struct net_link v[16];
	size_t n = 0;

	for (; *names && n < 16; names++, n++)
		v[n] = mklink(*names, (int)n + 1, "veth");
	return ifc_unit_free(cloner, v, n);
}

static void
test_unit_free(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const a0[] = { "lo", "epair0a", NULL };
	/* epair0a in a jail */
	static const char *const b0[] = { "epair0b", NULL };
	static const char *const gap[] = { "epair0a", "epair0b", "epair2a",
	    "epair2b", NULL };
	static const char *const lookalike[] = { "epair0", "epair00a",
	    "epair99999a", "epair1a0",
	    "epair0c", "bridge", NULL };
	static const char *const bridges[] = { "bridge0", "bridge1",
	    "bridge3", "epair2a", NULL };

	(void)state;
	assert_int_equal(unit("epair", none), 0);
	assert_int_equal(unit("bridge", none), 0);
	assert_int_equal(unit("epair", a0), 1);
	/* Either end taken takes the unit: the other end may be in a
	 * jail. */
	assert_int_equal(unit("epair", b0), 1);
	assert_int_equal(unit("epair", gap), 1);
	assert_int_equal(unit("epair", lookalike), 0);
	assert_int_equal(unit("bridge", lookalike), 0);
	assert_int_equal(unit("bridge", bridges), 2);
	assert_int_equal(unit("epair", bridges), 0);
	assert_int_equal(unit("vlan", none), -1);
}

static void
test_unit_none_free(void **state)
{
	size_t n = IFC_MAX_UNIT + 1, i;
	struct net_link *v = calloc(n, sizeof(*v));

	(void)state;
	assert_non_null(v);
	for (i = 0; i < n; i++)
		snprintf(v[i].name, sizeof(v[i].name), "bridge%zu", i);
	assert_int_equal(ifc_unit_free("bridge", v, n), -1);
	assert_int_equal(ifc_unit_free("epair", v, n), 0);
	free(v);
}

static void
test_bsd_flags(void **state)
{
	char buf[200];

	(void)state;
	/* An epair end up with carrier, and down (FreeBSD 14's output). */
	assert_int_equal(ifc_bsd_flags(IFF_UP | IFF_BROADCAST | IFF_RUNNING |
	    IFF_MULTICAST | LOWER_UP, ARPHRD_ETHER), 0x1008843);
	assert_int_equal(ifc_bsd_flags(IFF_BROADCAST | IFF_MULTICAST,
	    ARPHRD_ETHER), 0x8802);
	/* RUNNING follows up, not Linux's carrier-based IFF_RUNNING. */
	assert_int_equal(ifc_bsd_flags(IFF_UP | IFF_BROADCAST | IFF_MULTICAST,
	    ARPHRD_ETHER), 0x8843);
	/* lo: no SIMPLEX; Linux's lo has no MULTICAST. */
	assert_int_equal(ifc_bsd_flags(IFF_UP | IFF_LOOPBACK | IFF_RUNNING |
	    LOWER_UP, ARPHRD_LOOPBACK), 0x1000049);
	assert_int_equal(ifc_bsd_flags(IFF_NOARP | IFF_PROMISC | IFF_ALLMULTI |
	    IFF_POINTOPOINT | IFF_DEBUG, ARPHRD_NONE), 0x394);
	/* Linux-only bits have no FreeBSD name: dropped. */
	assert_int_equal(ifc_bsd_flags(IFF_MASTER | IFF_SLAVE | IFF_DYNAMIC,
	    ARPHRD_NONE), 0);
	assert_string_equal(ifc_bits_format(0x1008843, false, buf,
	    sizeof(buf)),
	    "1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP>");
	assert_string_equal(ifc_bits_format(0x8049, false, buf, sizeof(buf)),
	    "8049<UP,LOOPBACK,RUNNING,MULTICAST>");
	assert_string_equal(ifc_bits_format(0, false, buf, sizeof(buf)), "0");
	assert_string_equal(ifc_bits_format(0x80000000u, false, buf,
	    sizeof(buf)), "80000000<IFF_31>");
	assert_string_equal(ifc_bits_format(0x143, true, buf, sizeof(buf)),
	    "143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>");
	assert_string_equal(ifc_bits_format(0x3, true, buf, sizeof(buf)),
	    "3<LEARNING,DISCOVER>");
	/* Truncated, terminated. */
	assert_string_equal(ifc_bits_format(0x8843, false, buf, 12),
	    "8843<UP,BRO");
	assert_string_equal(ifc_bits_format(0x8843, false, buf, 1), "");
}

static void
test_netmask(void **state)
{
	static const unsigned char a[] = { 10, 0, 0, 1 },
	    b[] = { 172, 16, 0, 1 }, c[] = { 192, 168, 1, 1 },
	    d[] = { 224, 0, 0, 1 };

	(void)state;
	assert_int_equal(ifc_netmask(0), 0);
	assert_int_equal(ifc_netmask(1), 0x80000000u);
	assert_int_equal(ifc_netmask(8), 0xff000000u);
	assert_int_equal(ifc_netmask(24), 0xffffff00u);
	assert_int_equal(ifc_netmask(31), 0xfffffffeu);
	assert_int_equal(ifc_netmask(32), 0xffffffffu);
	assert_int_equal(ifc_inet_default_prefix(a), 8);
	assert_int_equal(ifc_inet_default_prefix(b), 16);
	assert_int_equal(ifc_inet_default_prefix(c), 24);
	assert_int_equal(ifc_inet_default_prefix(d), 32);
}

static struct net_ifaddr
mkaddr(int family, const char *text, unsigned len, int ifindex,
    unsigned char scope)
{
	struct net_ifaddr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	assert_int_equal(inet_pton(family, text, a.addr), 1);
	a.prefixlen = len;
	a.ifindex = ifindex;
	a.scope = scope;
	a.flags = IFA_F_PERMANENT;
	return a;
}

/* A namespace as the seed's host has it: lo, an epair on a bridge with
 * an address, the epair's other end gone to a jail. */
struct fixture {
	struct net_link l[4];
	struct net_ifaddr a[7];
};

static void
fixture(struct fixture *f)
{
	static const unsigned char mac[] = { 2, 0x5e, 0, 0, 0, 0x0a };

	f->l[0] = mklink("lo", 1, "");
	f->l[0].type = ARPHRD_LOOPBACK;
	f->l[0].flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | LOWER_UP;
	f->l[0].mtu = 65536;
	f->l[0].lladdr_len = 6;		/* zeros: not printed */
	f->l[1] = mklink("epair0a", 5, "veth");
	f->l[1].flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST | LOWER_UP |
	    IFF_RUNNING;
	memcpy(f->l[1].lladdr, mac, 6);
	f->l[1].lladdr_len = 6;
	f->l[1].master = 7;
	f->l[1].is_port = true;
	f->l[1].port = NET_PORT_LEARNING | NET_PORT_FLOOD;
	f->l[2] = mklink("bridge0", 7, "bridge");
	f->l[2].flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST | LOWER_UP;
	memcpy(f->l[2].lladdr, mac, 6);
	f->l[2].lladdr_len = 6;
	f->l[3] = mklink("epair1a", 9, "veth");
	f->l[3].flags = IFF_BROADCAST | IFF_MULTICAST;
	f->l[3].lladdr_len = 6;
	f->l[3].master = 7;
	f->l[3].is_port = true;
	f->a[0] = mkaddr(AF_INET, "127.0.0.1", 8, 1, RT_SCOPE_HOST);
	f->a[1] = mkaddr(AF_INET6, "::1", 128, 1, RT_SCOPE_HOST);
	/* IPv6 before IPv4 in the kernel's dump: printed inet first. */
	f->a[2] = mkaddr(AF_INET6, "fe80::5e:ff:fe00:a", 64, 7, RT_SCOPE_LINK);
	f->a[3] = mkaddr(AF_INET, "10.10.10.1", 24, 7, RT_SCOPE_UNIVERSE);
	f->a[3].has_brd = true;
	inet_pton(AF_INET, "10.10.10.255", f->a[3].brd);
	f->a[4] = mkaddr(AF_INET, "10.10.11.1", 32, 7, RT_SCOPE_UNIVERSE);
	f->a[5] = mkaddr(AF_INET6, "fd00::1", 64, 7, RT_SCOPE_UNIVERSE);
	f->a[5].flags |= IFA_F_TENTATIVE;
	f->a[6] = mkaddr(AF_INET6, "fd00::2", 64, 7, RT_SCOPE_UNIVERSE);
	f->a[6].flags |= IFA_F_DEPRECATED | IFA_F_DADFAILED;
}

static char *
show(const struct fixture *f, const char *ifname, int family, size_t *shown)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	assert_non_null(fp);
	*shown = ifc_show(fp, f->l, 4, f->a, 7, ifname, family);
	fclose(fp);
	return text;
}

static void
test_show_all(void **state)
{
	struct fixture f;
	size_t shown;
	char *text;

	(void)state;
	fixture(&f);
	text = show(&f, "", 0, &shown);
	assert_int_equal(shown, 4);
	assert_string_equal(text,
	    "lo: flags=1000049<UP,LOOPBACK,RUNNING,LOWER_UP> metric 0 "
	    "mtu 65536\n"
	    "\tinet 127.0.0.1 netmask 0xff000000\n"
	    "\tinet6 ::1 prefixlen 128\n"
	    "\tgroups: lo\n"
	    "epair0a: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,"
	    "LOWER_UP> metric 0 mtu 1500\n"
	    "\tether 02:5e:00:00:00:0a\n"
	    "\tgroups: epair\n"
	    "\tstatus: active\n"
	    "bridge0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,"
	    "LOWER_UP> metric 0 mtu 1500\n"
	    "\tether 02:5e:00:00:00:0a\n"
	    "\tinet 10.10.10.1 netmask 0xffffff00 broadcast 10.10.10.255\n"
	    "\tinet 10.10.11.1 netmask 0xffffffff\n"
	    "\tinet6 fe80::5e:ff:fe00:a%bridge0 prefixlen 64 scopeid 0x7\n"
	    "\tinet6 fd00::1 prefixlen 64 tentative\n"
	    "\tinet6 fd00::2 prefixlen 64 duplicated deprecated\n"
	    "\tmember: epair0a flags=3<LEARNING,DISCOVER>\n"
	    "\tmember: epair1a flags=0\n"
	    "\tgroups: bridge\n"
	    "epair1a: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 "
	    "mtu 1500\n"
	    "\tether 00:00:00:00:00:00\n"
	    "\tgroups: epair\n"
	    "\tstatus: no carrier\n");
	free(text);
}

static void
test_show_filters(void **state)
{
	struct fixture f;
	size_t shown;
	char *text;

	(void)state;
	fixture(&f);
	/* One interface. */
	text = show(&f, "epair1a", 0, &shown);
	assert_int_equal(shown, 1);
	assert_string_equal(text,
	    "epair1a: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 "
	    "mtu 1500\n"
	    "\tether 00:00:00:00:00:00\n"
	    "\tgroups: epair\n"
	    "\tstatus: no carrier\n");
	free(text);
	/* -a inet: interfaces with an inet address, those only. */
	text = show(&f, "", AF_INET, &shown);
	assert_int_equal(shown, 2);
	assert_string_equal(text,
	    "lo: flags=1000049<UP,LOOPBACK,RUNNING,LOWER_UP> metric 0 "
	    "mtu 65536\n"
	    "\tinet 127.0.0.1 netmask 0xff000000\n"
	    "bridge0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,"
	    "LOWER_UP> metric 0 mtu 1500\n"
	    "\tinet 10.10.10.1 netmask 0xffffff00 broadcast 10.10.10.255\n"
	    "\tinet 10.10.11.1 netmask 0xffffffff\n");
	free(text);
	/* IF inet6, and an interface without one: nothing. */
	text = show(&f, "lo", AF_INET6, &shown);
	assert_int_equal(shown, 1);
	assert_string_equal(text,
	    "lo: flags=1000049<UP,LOOPBACK,RUNNING,LOWER_UP> metric 0 "
	    "mtu 65536\n"
	    "\tinet6 ::1 prefixlen 128\n");
	free(text);
	text = show(&f, "epair0a", AF_INET6, &shown);
	assert_int_equal(shown, 0);
	assert_string_equal(text, "");
	free(text);
	text = show(&f, "nothere", 0, &shown);
	assert_int_equal(shown, 0);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_free),
		cmocka_unit_test(test_unit_none_free),
		cmocka_unit_test(test_bsd_flags),
		cmocka_unit_test(test_netmask),
		cmocka_unit_test(test_show_all),
		cmocka_unit_test(test_show_filters),
	};

	return cmocka_run_group_tests_name("ifconfig_show", tests, NULL,
	    NULL);
}
