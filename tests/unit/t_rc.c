/* Unit tests of a jail's rc (src/jail/rc*.c): the network plan of
 * rc.conf, case by case (each case the exact plan, one line per
 * operation as rc_net_op_format() writes it, and the exact
 * diagnostics), the naming of interfaces after the jail's own, and the
 * services of the built-in rc against a made-up jail (a list of the
 * files it has). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "t_diags.h"
#include "conf/conf.h"
#include "conf/rc_conf.h"
#include "jail/rc.h"

struct tcase {
	const char *name;
	const char *in;		/* rc.conf */
	const char *plan;	/* expected operations */
	const char *diags;	/* expected diagnostics */
};

static char *
dump(const struct rc_net_plan *p)
{
	char *buf = NULL, line[256];
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	for (i = 0; i < p->n; i++) {
		rc_net_op_format(&p->ops[i], line, sizeof(line));
		fprintf(fp, "%u %s\n", p->ops[i].loc.line, line);
	}
	fclose(fp);
	return buf;
}

static void
run_case(void **state)
{
	const struct tcase *t = *state;
	struct conf *c = conf_new(0);
	struct rc_net_plan p;
	struct rcconf rc;
	char *d, *o;
	int r;

	assert_int_equal(rcconf_parse(c, "rc.conf", t->in, strlen(t->in),
	    &rc), 0);
	r = rc_net_plan(c, &rc, &p);
	assert_int_equal(r, conf_errors(c) ? -1 : 0);
	d = diags(c);
	o = dump(&p);
	assert_string_equal(d, t->diags ? t->diags : "");
	assert_string_equal(o, t->plan ? t->plan : "");
	free(d);
	free(o);
	rc_net_plan_free(&p);
	conf_free(c);
}

#define OK(n, in, plan)		{ n, in, plan, NULL }
#define ERR(n, in, d)		{ n, in, NULL, d }
#define BOTH(n, in, plan, d)	{ n, in, plan, d }

#define IFC_ALLOWED "inet, inet6, ADDR[/LEN], netmask, prefixlen, alias, " \
	"mtu, up"
#define MODS "-net, -host, -inet, -inet6, -netmask, -prefixlen, " \
	"-interface, -iface, -static"

static const struct tcase cases[] = {
	/* --- ifconfig_IF --- */
	OK("the seed's unbound jail",
	    "hostname=\"unbound.lan\"\n"
	    "ifconfig_epair0b=\"inet 10.10.10.53/24\"\n"
	    "defaultrouter=\"10.10.10.1\"\n"
	    "local_unbound_enable=\"YES\"\n",
	    "2 epair0b: address 10.10.10.53/24\n"
	    "2 epair0b: up\n"
	    "3 route default via 10.10.10.1\n"),
	OK("inet with up, in either order",
	    "ifconfig_e0=\"inet 10.0.0.2/24 up\"\n"
	    "ifconfig_e1=\"up 10.0.1.2/24\"\n",
	    "1 e0: address 10.0.0.2/24\n1 e0: up\n1 e0: up\n"
	    "2 e1: up\n2 e1: address 10.0.1.2/24\n2 e1: up\n"),
	ERR("the family comes first, as in ifconfig(8)",
	    "ifconfig_e1=\"up inet 10.0.1.2/24\"\n",
	    "1:1: ifconfig_e1: \"e1 up inet 10.0.1.2/24\": the address family "
	    "(inet) must come right after the interface name (or after "
	    "create)\n"),
	OK("netmask, dotted and hex",
	    "ifconfig_e0=\"inet 10.0.0.2 netmask 255.255.0.0\"\n"
	    "ifconfig_e1=\"inet 10.1.0.2 netmask 0xffffff00\"\n",
	    "1 e0: address 10.0.0.2/16\n1 e0: up\n"
	    "2 e1: address 10.1.0.2/24\n2 e1: up\n"),
	OK("the family is optional, as in ifconfig",
	    "ifconfig_e0=\"10.0.0.2/24\"\n",
	    "1 e0: address 10.0.0.2/24\n1 e0: up\n"),
	BOTH("no netmask: the class mask, with ifconfig's warning",
	    "ifconfig_e0=\"inet 10.0.0.2\"\nifconfig_e1=\"inet 172.16.0.2\"\n"
	    "ifconfig_e2=\"inet 192.168.1.2\"\n",
	    "1 e0: address 10.0.0.2/8\n1 e0: up\n"
	    "2 e1: address 172.16.0.2/16\n2 e1: up\n"
	    "3 e2: address 192.168.1.2/24\n3 e2: up\n",
	    "1:1: warning: ifconfig_e0: no netmask for 10.0.0.2: FreeBSD's "
	    "ifconfig takes the historical class mask (/8) and warns; write "
	    "10.0.0.2/8\n"
	    "2:1: warning: ifconfig_e1: no netmask for 172.16.0.2: FreeBSD's "
	    "ifconfig takes the historical class mask (/16) and warns; write "
	    "172.16.0.2/16\n"
	    "3:1: warning: ifconfig_e2: no netmask for 192.168.1.2: FreeBSD's "
	    "ifconfig takes the historical class mask (/24) and warns; write "
	    "192.168.1.2/24\n"),
	OK("mtu, and up alone",
	    "ifconfig_e0=\"inet 10.0.0.2/24 mtu 1400\"\nifconfig_e1=\"up\"\n",
	    "1 e0: address 10.0.0.2/24\n1 e0: mtu 1400\n1 e0: up\n"
	    "2 e1: up\n2 e1: up\n"),
	OK("inet6 in ifconfig_IF, /LEN and prefixlen, default 64",
	    "ifconfig_e0=\"inet6 fd00::2/48\"\n"
	    "ifconfig_e1=\"inet6 fd01::2 prefixlen 56\"\n"
	    "ifconfig_e2=\"inet6 fd02::2\"\n",
	    "1 e0: address fd00::2/48\n1 e0: up\n"
	    "2 e1: address fd01::2/56\n2 e1: up\n"
	    "3 e2: address fd02::2/64\n3 e2: up\n"),
	OK("an interface's variables in rc(8)'s order, whatever rc.conf's",
	    "ifconfig_e0_alias0=\"inet 10.0.0.3/32\"\n"
	    "ifconfig_e0_ipv6=\"inet6 fd00::2/64\"\n"
	    "ifconfig_e0=\"inet 10.0.0.2/24\"\n",
	    "3 e0: address 10.0.0.2/24\n2 e0: address fd00::2/64\n"
	    "3 e0: up\n1 e0: address 10.0.0.3/32\n"),
	OK("vnet JAIL is the host's business (ifconfig_getargs drops it)",
	    "ifconfig_e0=\"vnet other\"\nifconfig_e1=\"inet 10.0.0.2/24 vnet "
	    "x up\"\n",
	    "2 e1: address 10.0.0.2/24\n2 e1: up\n2 e1: up\n"),
	OK("NOAUTO: rc(8) leaves the interface alone, aliases too",
	    "ifconfig_e0=\"NOAUTO inet 10.0.0.2/24\"\n"
	    "ifconfig_e0_alias0=\"inet 10.0.0.3/32\"\n", NULL),
	OK("an empty ifconfig_IF configures nothing", "ifconfig_e0=\"\"\n",
	    NULL),
	OK("interface names with . and - are written with _ in rc.conf",
	    "ifconfig_eth0_100=\"inet 10.0.0.2/24\"\n",
	    "1 eth0_100: address 10.0.0.2/24\n1 eth0_100: up\n"),
	BOTH("down does not last", "ifconfig_e0=\"inet 10.0.0.2/24 down\"\n",
	    "1 e0: address 10.0.0.2/24\n1 e0: up\n",
	    "1:1: warning: ifconfig_e0: \"down\" does not last: network.subr "
	    "brings the interface up after ifconfig_IF\n"),

	/* --- refused in ifconfig_IF --- */
	ERR("DHCP", "ifconfig_e0=\"DHCP\"\n",
	    "1:1: ifconfig_e0: \"DHCP\": DHCP is not offered yet: give the "
	    "interface its address (inet ADDR/LEN) and set defaultrouter\n"),
	ERR("SYNCDHCP, any case", "ifconfig_e0=\"syncdhcp\"\n",
	    "1:1: ifconfig_e0: \"syncdhcp\": DHCP is not offered yet: give "
	    "the interface its address (inet ADDR/LEN) and set "
	    "defaultrouter\n"),
	ERR("NOSYNCDHCP", "ifconfig_e0=\"NOSYNCDHCP up\"\n",
	    "1:1: ifconfig_e0: \"NOSYNCDHCP\": DHCP is not offered yet: give "
	    "the interface its address (inet ADDR/LEN) and set "
	    "defaultrouter\n"),
	ERR("WPA", "ifconfig_wlan0=\"WPA DHCP\"\n",
	    "1:1: ifconfig_wlan0: \"WPA\": wireless interfaces are not "
	    "supported\n"),
	ERR("an ifconfig parameter brig does not have",
	    "ifconfig_e0=\"inet 10.0.0.2/24 description lan\"\n",
	    "1:1: ifconfig_e0: \"description\" is not supported in rc.conf by "
	    "brig (supported: " IFC_ALLOWED ")\n"),
	ERR("create and addm are the host's",
	    "ifconfig_bridge0=\"addm e0 up\"\n",
	    "1:1: ifconfig_bridge0: \"addm\" is not supported in rc.conf by "
	    "brig (supported: " IFC_ALLOWED ")\n"),
	ERR("a bad address, in ifconfig's words",
	    "ifconfig_e0=\"inet 10.0.0.300/24\"\n",
	    "1:1: ifconfig_e0: \"e0 inet 10.0.0.300/24\": \"10.0.0.300/24\" "
	    "is not an inet address\n"),
	ERR("a bad prefix length", "ifconfig_e0=\"inet 10.0.0.2/33\"\n",
	    "1:1: ifconfig_e0: \"e0 inet 10.0.0.2/33\": \"10.0.0.2/33\": the "
	    "prefix length is out of range (0..32)\n"),
	ERR("a host name for an address", "ifconfig_e0=\"inet myhost\"\n",
	    "1:1: ifconfig_e0: \"myhost\" is not supported in rc.conf by brig "
	    "(supported: " IFC_ALLOWED ")\n"),
	ERR("two addresses in one line",
	    "ifconfig_e0=\"inet 10.0.0.2/24 10.0.0.3/24\"\n",
	    "1:1: ifconfig_e0: \"e0 inet 10.0.0.2/24 10.0.0.3/24\": a "
	    "destination address (\"10.0.0.3/24\") is not supported by brig's "
	    "ifconfig\n"),
	ERR("-alias", "ifconfig_e0=\"inet 10.0.0.2/24 -alias\"\n",
	    "1:1: ifconfig_e0: -alias removes an address; rc.conf only sets "
	    "them\n"),
	ERR("mtu out of range", "ifconfig_e0=\"mtu 20\"\n",
	    "1:1: ifconfig_e0: \"e0 mtu 20\": mtu 20 is out of range "
	    "(68..65535)\n"),
	ERR("shell syntax (rc(8) evals the line)",
	    "ifconfig_e0='inet 10.0.0.2/24 $x'\n",
	    "1:1: ifconfig_e0: '$': rc(8) evals ifconfig lines as sh; brig "
	    "reads only plain words\n"),
	ERR("a quote inside the value",
	    "ifconfig_e0=\"inet 10.0.0.2/24 'x'\"\n",
	    "1:1: ifconfig_e0: ''': rc(8) evals ifconfig lines as sh; brig "
	    "reads only plain words\n"),
	ERR("too many words",
	    "ifconfig_e0=\"up up up up up up up up up up up up up up up up "
	    "up up up up up up up up up up up up up up up up up up up up up up "
	    "up up up up up up up up up up up up up up up up up up up up up up "
	    "up up up up up up up\"\n",
	    "1:1: ifconfig_e0: more than 64 words\n"),
	ERR("an interface name longer than Linux's",
	    "ifconfig_averyveryverylongname=\"up\"\n",
	    "1:1: ifconfig_averyveryverylongname: \"averyveryverylongname\" "
	    "cannot name an interface (1 to 15 bytes)\n"),
	ERR("ifconfig_DEFAULT", "ifconfig_DEFAULT=\"inet 10.0.0.2/24\"\n",
	    "1:1: ifconfig_DEFAULT: not supported by brig: name each "
	    "interface (ifconfig_IF)\n"),
	BOTH("descr and name are not applied",
	    "ifconfig_e0_descr=\"lan\"\nifconfig_e0_name=\"lan0\"\n", NULL,
	    "1:1: warning: ifconfig_e0_descr: not applied by brig\n"
	    "2:1: warning: ifconfig_e0_name: not applied by brig\n"),
	BOTH("the same address twice",
	    "ifconfig_e0=\"inet 10.0.0.2/24\"\n"
	    "ifconfig_e1_alias0=\"inet 10.0.0.2/32\"\n",
	    "1 e0: address 10.0.0.2/24\n1 e0: up\n"
	    "2 e1: address 10.0.0.2/32\n2 e1: up\n",
	    "2:1: ifconfig_e1_alias0: address 10.0.0.2 is already set by "
	    "ifconfig_e0 (rc.conf:1:1)\n"),

	/* --- ifconfig_IF_ipv6 --- */
	OK("ifconfig_IF_ipv6 alone ups the interface",
	    "ifconfig_e0_ipv6=\"inet6 fd00::2/64\"\n",
	    "1 e0: address fd00::2/64\n1 e0: up\n"),
	BOTH("an IPv6 address without inet6: network.subr adds it",
	    "ifconfig_e0_ipv6=\"fd00::2/64\"\n",
	    "1 e0: address fd00::2/64\n1 e0: up\n",
	    "1:1: warning: ifconfig_e0_ipv6: an IPv6 address needs a leading "
	    "\"inet6\" keyword (network.subr adds it and warns)\n"),
	BOTH("accept_rtadv: nothing to do, said",
	    "ifconfig_e0_ipv6=\"inet6 accept_rtadv\"\n", "1 e0: up\n",
	    "1:1: warning: ifconfig_e0_ipv6: accept_rtadv: nothing to do: "
	    "Linux accepts router advertisements in a new namespace by "
	    "default (and brig runs no rtsol)\n"),
	OK("-ifdisabled: Linux's default",
	    "ifconfig_e0_ipv6=\"inet6 -ifdisabled fd00::2/64\"\n",
	    "1 e0: address fd00::2/64\n1 e0: up\n"),
	OK("an empty ifconfig_IF_ipv6 configures nothing",
	    "ifconfig_e0_ipv6=\"  \"\n", NULL),
	BOTH("any value without the inet6 word gets it (network.subr)",
	    "ifconfig_e0_ipv6=\"alias fd00::3/64\"\n",
	    "1 e0: address fd00::3/64\n1 e0: up\n",
	    "1:1: warning: ifconfig_e0_ipv6: an IPv6 address needs a leading "
	    "\"inet6\" keyword (network.subr adds it and warns)\n"),
	BOTH("inet6 keyword added after blanks too",
	    "ifconfig_e0_ipv6=\" fd00::2/64\"\n",
	    "1 e0: address fd00::2/64\n1 e0: up\n",
	    "1:1: warning: ifconfig_e0_ipv6: an IPv6 address needs a leading "
	    "\"inet6\" keyword (network.subr adds it and warns)\n"),
	BOTH("accept_rtadv in ifconfig_IF as well",
	    "ifconfig_e0=\"inet6 accept_rtadv up\"\n",
	    "1 e0: up\n1 e0: up\n",
	    "1:1: warning: ifconfig_e0: accept_rtadv: nothing to do: Linux "
	    "accepts router advertisements in a new namespace by default (and "
	    "brig runs no rtsol)\n"),
	ERR("ifdisabled is refused", "ifconfig_e0_ipv6=\"inet6 ifdisabled\"\n",
	    "1:1: ifconfig_e0_ipv6: \"ifdisabled\" is not supported in rc.conf "
	    "by brig (supported: " IFC_ALLOWED ")\n"),
	ERR("DHCP in ifconfig_IF_ipv6", "ifconfig_e0_ipv6=\"DHCP\"\n",
	    "1:1: ifconfig_e0_ipv6: \"DHCP\": DHCP is not offered yet: give "
	    "the interface its address (inet ADDR/LEN) and set "
	    "defaultrouter\n"),

	/* --- aliases --- */
	OK("aliases in numeric order, IPv4 before IPv6",
	    "ifconfig_e0=\"inet 10.0.0.2/24\"\n"
	    "ifconfig_e0_ipv6=\"inet6 fd00::2/64\"\n"
	    "ifconfig_e0_alias10=\"inet 10.0.0.12/32\"\n"
	    "ifconfig_e0_alias2=\"inet6 fd00::3/64\"\n"
	    "ifconfig_e0_alias1=\"inet 10.0.0.3 netmask 255.255.255.255\"\n",
	    "1 e0: address 10.0.0.2/24\n2 e0: address fd00::2/64\n1 e0: up\n"
	    "5 e0: address 10.0.0.3/32\n3 e0: address 10.0.0.12/32\n"
	    "4 e0: address fd00::3/64\n"),
	OK("alias numbers need not be contiguous (list_vars)",
	    "ifconfig_e0_alias0=\"inet 10.0.0.3/32\"\n"
	    "ifconfig_e0_alias5=\"inet 10.0.0.4/32\"\n",
	    "1 e0: address 10.0.0.3/32\n2 e0: address 10.0.0.4/32\n1 e0: up\n"),
	BOTH("an empty alias ends the list",
	    "ifconfig_e0_alias0=\"inet 10.0.0.3/32\"\n"
	    "ifconfig_e0_alias1=\"\"\n"
	    "ifconfig_e0_alias2=\"inet 10.0.0.4/32\"\n",
	    "1 e0: address 10.0.0.3/32\n1 e0: up\n",
	    "3:1: warning: ifconfig_e0_alias2: ignored: ifconfig_e0_alias1 is "
	    "empty, and network.subr stops there\n"),
	BOTH("an IPv4 alias without inet: network.subr adds it",
	    "ifconfig_e0_alias0=\"10.0.0.3/32\"\n",
	    "1 e0: address 10.0.0.3/32\n1 e0: up\n",
	    "1:1: warning: ifconfig_e0_alias0: an IPv4 alias needs a leading "
	    "\"inet\" keyword (network.subr adds it and warns)\n"),
	BOTH("inet6 aliases need ifconfig_IF_ipv6 (ipv6if)",
	    "ifconfig_e0=\"inet 10.0.0.2/24\"\n"
	    "ifconfig_e0_alias0=\"inet6 fd00::3/64\"\n",
	    "1 e0: address 10.0.0.2/24\n1 e0: up\n",
	    "2:1: warning: ifconfig_e0_alias0: ignored: network.subr adds "
	    "inet6 aliases only to an interface that has ifconfig_e0_ipv6\n"),
	OK("ifconfig_IF_aliases, before the aliasN",
	    "ifconfig_e0_alias0=\"inet 10.0.0.5/32\"\n"
	    "ifconfig_e0_aliases=\"inet 10.0.0.3/32 inet 10.0.0.4/32\"\n",
	    "2 e0: address 10.0.0.3/32\n2 e0: address 10.0.0.4/32\n"
	    "1 e0: address 10.0.0.5/32\n1 e0: up\n"),
	OK("an alias's line may hold several addresses",
	    "ifconfig_e0_alias0=\"inet 10.0.0.3/32 inet 10.0.0.4/32\"\n",
	    "1 e0: address 10.0.0.3/32\n1 e0: address 10.0.0.4/32\n"
	    "1 e0: up\n"),
	BOTH("ifconfig_IF_aliases words before a family keyword",
	    "ifconfig_e0_aliases=\"10.0.0.3/32 inet 10.0.0.4/32\"\n",
	    "1 e0: address 10.0.0.4/32\n1 e0: up\n",
	    "1:1: warning: ifconfig_e0_aliases: \"10.0.0.3/32\": no family "
	    "keyword: network.subr ignores these words\n"),
	ERR("address ranges", "ifconfig_e0_alias0=\"inet 10.0.0.3-9/32\"\n",
	    "1:1: ifconfig_e0_alias0: \"10.0.0.3-9/32\": address ranges are "
	    "not supported yet: write one alias per address\n"),
	ERR("link aliases", "ifconfig_e0_alias0=\"ether 00:11:22:33:44:55\"\n",
	    "1:1: ifconfig_e0_alias0: \"ether\" aliases are not supported\n"),
	ERR("-alias in an alias",
	    "ifconfig_e0_alias0=\"inet 10.0.0.3/32 -alias\"\n",
	    "1:1: ifconfig_e0_alias0: \"e0 inet 10.0.0.3/32 -alias alias\": "
	    "-alias and alias contradict each other\n"),
	BOTH("lo0's alias", "ifconfig_lo0_alias0=\"inet 127.0.0.2/32\"\n",
	    "1 lo0: address 127.0.0.2/32\n1 lo0: up\n", NULL),

	/* --- routes --- */
	OK("static routes in list order, then the default",
	    "defaultrouter=\"10.0.0.1\"\n"
	    "static_routes=\"b a:e0\"\n"
	    "route_a=\"-net 192.168.0.0/16 10.0.0.254\"\n"
	    "route_b=\"-host 172.16.1.1 10.0.0.253\"\n",
	    "4 route 172.16.1.1/32 via 10.0.0.253\n"
	    "3 route 192.168.0.0/16 via 10.0.0.254\n"
	    "1 route default via 10.0.0.1\n"),
	OK("a route name's . - / + are _ in its variable",
	    "static_routes=\"my-net\"\nroute_my_net=\"10.9.0.0/16 10.0.0.1\"\n",
	    "2 route 10.9.0.0/16 via 10.0.0.1\n"),
	OK("-netmask, -prefixlen, and -interface",
	    "static_routes=\"a b c\"\n"
	    "route_a=\"-net 192.168.0.0 -netmask 255.255.255.0 10.0.0.1\"\n"
	    "route_b=\"-net 192.168.1.0 10.0.0.1 -prefixlen 24\"\n"
	    "route_c=\"10.20.0.0/16 -interface eth0.100\"\n",
	    "2 route 192.168.0.0/24 via 10.0.0.1\n"
	    "3 route 192.168.1.0/24 via 10.0.0.1\n"
	    "4 route 10.20.0.0/16 dev eth0.100\n"),
	OK("host bits past the length are cleared, as route(8) does",
	    "static_routes=\"a\"\nroute_a=\"10.1.2.3/16 10.0.0.1\"\n",
	    "2 route 10.1.0.0/16 via 10.0.0.1\n"),
	OK("NO is no default router", "defaultrouter=\"NO\"\n", NULL),
	OK("IPv6 routes and default router, a link-local gateway with its "
	    "interface",
	    "ipv6_defaultrouter=\"fe80::1%epair0b\"\n"
	    "ipv6_static_routes=\"x y\"\n"
	    "ipv6_route_x=\"fd10:: -prefixlen 32 fd00::1\"\n"
	    "ipv6_route_y=\"fd20::1 fd00::1\"\n",
	    "3 route fd10::/32 via fd00::1\n4 route fd20::1/128 via fd00::1\n"
	    "1 route default inet6 via fe80::1 dev epair0b\n"),
	OK("inet before inet6, whatever the order in rc.conf",
	    "ipv6_defaultrouter=\"fd00::1\"\ndefaultrouter=\"10.0.0.1\"\n",
	    "2 route default via 10.0.0.1\n"
	    "1 route default inet6 via fd00::1\n"),
	BOTH("a missing route_NAME: rc.d/routing warns",
	    "static_routes=\"a\"\n", NULL,
	    "1:1: warning: static_routes: route_a not found (rc.d/routing "
	    "warns and goes on)\n"),
	ERR("a modifier brig does not have",
	    "static_routes=\"a\"\n"
	    "route_a=\"-net 10.1.0.0/16 10.0.0.1 -fib 1\"\n",
	    "2:1: route_a: route modifier \"-fib\" is not supported by brig "
	    "(supported: " MODS ")\n"),
	ERR("-reject", "static_routes=\"a\"\nroute_a=\"10.1.0.0/16 127.0.0.1 "
	    "-reject\"\n",
	    "2:1: route_a: route modifier \"-reject\" is not supported by brig "
	    "(supported: " MODS ")\n"),
	ERR("an IPv4 destination without a length",
	    "static_routes=\"a\"\nroute_a=\"-net 10.1.0.0 10.0.0.1\"\n",
	    "2:1: route_a: \"10.1.0.0\" has no prefix length: write "
	    "10.1.0.0/LEN or -host 10.1.0.0 (route(8) would guess a mask from "
	    "the address class)\n"),
	ERR("no gateway", "static_routes=\"a\"\nroute_a=\"10.1.0.0/16\"\n",
	    "2:1: route_a: needs a destination and a gateway (an address, or "
	    "-interface IF)\n"),
	ERR("a third argument",
	    "static_routes=\"a\"\nroute_a=\"10.1.0.0/16 10.0.0.1 1\"\n",
	    "2:1: route_a: \"1\": a third argument (route(8)'s old metric) is "
	    "not supported\n"),
	ERR("the families differ",
	    "static_routes=\"a\"\nroute_a=\"10.1.0.0/16 fd00::1\"\n",
	    "2:1: route_a: gateway \"fd00::1\" is not an IPv4 address\n"),
	ERR("a bad gateway", "defaultrouter=\"10.0.0.300\"\n",
	    "1:1: defaultrouter: gateway \"10.0.0.300\" is not an IPv4 "
	    "address\n"),
	ERR("a link-local gateway without its interface",
	    "ipv6_defaultrouter=\"fe80::1\"\n",
	    "1:1: ipv6_defaultrouter: link-local gateway fe80::1 needs its "
	    "interface: fe80::1%IF\n"),
	ERR("a scope on an IPv4 gateway", "defaultrouter=\"10.0.0.1%e0\"\n",
	    "1:1: defaultrouter: gateway \"10.0.0.1%e0\": bad scope (ADDR%IF, "
	    "for an IPv6 address)\n"),
	ERR("-net and -host", "static_routes=\"a\"\n"
	    "route_a=\"-net -host 10.1.0.1 10.0.0.1\"\n",
	    "2:1: route_a: -net and -host contradict each other\n"),
	ERR("a length given twice", "static_routes=\"a\"\n"
	    "route_a=\"10.1.0.0/16 -netmask 255.255.0.0 10.0.0.1\"\n",
	    "2:1: route_a: \"10.1.0.0/16\": the length is given twice\n"),
	ERR("a bad -netmask", "static_routes=\"a\"\n"
	    "route_a=\"10.1.0.0 -netmask 255.0.255.0 10.0.0.1\"\n",
	    "2:1: route_a: -netmask \"255.0.255.0\": not contiguous\n"),
	ERR("a hex -netmask is hex digits only (strtoul would take -1)",
	    "static_routes=\"a\"\n"
	    "route_a=\"-net 10.0.0.0 -netmask 0x-1 10.0.0.1\"\n",
	    "2:1: route_a: -netmask \"0x-1\": not a mask\n"),
	ERR("-prefixlen without a value", "static_routes=\"a\"\n"
	    "route_a=\"10.1.0.0 10.0.0.1 -prefixlen\"\n",
	    "2:1: route_a: -prefixlen needs a value\n"),
	ERR("a bad destination", "static_routes=\"a\"\n"
	    "route_a=\"10.1.0/16 10.0.0.1\"\n",
	    "2:1: route_a: \"10.1.0/16\" is not an IPv4 destination\n"),
	ERR("a default route with a length",
	    "defaultrouter=\"10.0.0.1 -netmask 255.0.0.0\"\n",
	    "1:1: defaultrouter: a default route takes no length\n"),
	ERR("a bad -interface", "static_routes=\"a\"\n"
	    "route_a=\"10.1.0.0/16 -interface a/b\"\n",
	    "2:1: route_a: -interface: invalid interface name \"a/b\": "
	    "contains '/' (1..15 bytes, no '/', ':' or blanks, not \".\" or "
	    "\"..\")\n"),

	/* --- what brig does not apply --- */
	ERR("cloned_interfaces", "cloned_interfaces=\"bridge0\"\n",
	    "1:1: cloned_interfaces: not supported: brig does not make "
	    "interfaces inside a jail; make them on the host (exec.prestart, "
	    "brig.bridge) and move them in (vnet.interface)\n"),
	BOTH("gateway_enable", "gateway_enable=\"YES\"\n"
	    "ipv6_gateway_enable=\"NO\"\n", NULL,
	    "1:1: warning: gateway_enable: not applied by brig yet: the jail "
	    "does not forward packets\n"),
	BOTH("obsolete ipv6_ifconfig_IF", "ipv6_ifconfig_e0=\"fd00::2\"\n",
	    NULL, "1:1: warning: ipv6_ifconfig_e0: not applied by brig\n"),
	OK("nothing about the network", "sshd_enable=\"YES\"\n", NULL),
};

static void
test_resolve(void **state)
{
	static const char *const links[] = { "lo", "epair0b", "eth0.100" };
	static const char in[] =
	    "ifconfig_epair0b=\"inet 10.0.0.2/24\"\n"
	    "ifconfig_eth0_100=\"inet 10.1.0.2/24\"\n"
	    "ifconfig_lo0_alias0=\"inet 127.0.0.2/32\"\n"
	    "ipv6_defaultrouter=\"fe80::1%epair0b\"\n";
	struct conf *c = conf_new(0);
	struct rc_net_plan p;
	struct rcconf rc;
	char *o;

	(void)state;
	assert_int_equal(rcconf_parse(c, "rc.conf", in, strlen(in), &rc), 0);
	assert_int_equal(rc_net_plan(c, &rc, &p), 0);
	assert_int_equal(rc_net_resolve(c, &p, links, 3), 0);
	o = dump(&p);
	assert_string_equal(o, "1 epair0b: address 10.0.0.2/24\n"
	    "1 epair0b: up\n2 eth0.100: address 10.1.0.2/24\n2 eth0.100: up\n"
	    "3 lo: address 127.0.0.2/32\n3 lo: up\n"
	    "4 route default inet6 via fe80::1 dev epair0b\n");
	free(o);
	rc_net_plan_free(&p);
	conf_free(c);
}

static void
test_resolve_missing(void **state)
{
	static const char *const links[] = { "lo", "epair0b" };
	static const char in[] =
	    "ifconfig_epair9b=\"inet 10.0.0.2/24\"\n"
	    "ifconfig_epair0b=\"inet 10.1.0.2/24\"\n"
	    "static_routes=\"a\"\nroute_a=\"10.2.0.0/16 -interface wg0\"\n";
	struct conf *c = conf_new(0);
	struct rc_net_plan p;
	struct rcconf rc;
	char *d;

	(void)state;
	assert_int_equal(rcconf_parse(c, "rc.conf", in, strlen(in), &rc), 0);
	assert_int_equal(rc_net_plan(c, &rc, &p), 0);
	assert_int_equal(rc_net_resolve(c, &p, links, 2), -1);
	d = diags(c);
	assert_string_equal(d, "1:1: ifconfig_epair9b: the jail has no "
	    "interface epair9b (it has: lo, epair0b)\n"
	    "4:1: route_a: the jail has no interface wg0 (it has: lo, "
	    "epair0b)\n");
	free(d);
	rc_net_plan_free(&p);
	conf_free(c);
}

/* --- services ------------------------------------------------------------ */

/* A made-up jail: the files it has, "*" after an executable one. */
static int
fake_probe(void *arg, const char *path, bool exec)
{
	const char *const *f;
	size_t n = strlen(path);

	for (f = arg; *f; f++)
		if (!strncmp(*f, path, n) && ((*f)[n] == '\0' ||
		    ((*f)[n] == '*' && (*f)[n + 1] == '\0')))
			return !exec || (*f)[n] == '*';
	return 0;
}

struct scase {
	const char *name;
	const char *in;
	const char *const *files;
	const char *entries;
	const char *diags;
};

static const char *const debian_unbound[] = { "/usr/sbin/unbound*",
    "/var/unbound/unbound.conf", "/etc/unbound/unbound.conf", NULL };
static const char *const freebsd_base[] = { "/usr/sbin/local-unbound*",
    "/usr/sbin/unbound*", "/var/unbound/unbound.conf", NULL };
static const char *const port[] = { "/usr/local/sbin/unbound*",
    "/usr/local/etc/unbound/unbound.conf", "/etc/unbound/unbound.conf",
    NULL };
static const char *const noexec[] = { "/usr/sbin/unbound",
    "/var/unbound/unbound.conf", NULL };
static const char *const none[] = { NULL };

#define KNOWN "local_unbound, unbound"

static const struct scase scases[] = {
	{ "local_unbound on a Linux root: unbound, -d, -c",
	    "local_unbound_enable=\"YES\"\n", debian_unbound,
	    "local_unbound /usr/sbin/unbound -d -c /var/unbound/unbound.conf\n",
	    NULL },
	{ "local_unbound on a FreeBSD root: local-unbound",
	    "local_unbound_enable=\"YES\"\n", freebsd_base,
	    "local_unbound /usr/sbin/local-unbound -d -c "
	    "/var/unbound/unbound.conf\n", NULL },
	{ "local_unbound_config and flags",
	    "local_unbound_enable=\"YES\"\n"
	    "local_unbound_config=\"/etc/unbound/unbound.conf\"\n"
	    "local_unbound_flags=\"-v -v\"\n", debian_unbound,
	    "local_unbound /usr/sbin/unbound -d -v -v -c "
	    "/etc/unbound/unbound.conf\n", NULL },
	{ "local_unbound_flags with -c name the config (they replace "
	    "FreeBSD's default flags)",
	    "local_unbound_enable=\"YES\"\n"
	    "local_unbound_flags=\"-c /etc/unbound/unbound.conf -v\"\n",
	    debian_unbound,
	    "local_unbound /usr/sbin/unbound -d -c /etc/unbound/unbound.conf "
	    "-v\n", NULL },
	{ "local_unbound_workdir", "local_unbound_enable=\"YES\"\n"
	    "local_unbound_workdir=\"/etc/unbound\"\n", debian_unbound,
	    "local_unbound /usr/sbin/unbound -d -c /etc/unbound/unbound.conf\n",
	    NULL },
	{ "the port's unbound: /usr/local, flags before -c",
	    "unbound_enable=\"YES\"\nunbound_flags=\"-v\"\n", port,
	    "unbound /usr/local/sbin/unbound -d -v -c "
	    "/usr/local/etc/unbound/unbound.conf\n", NULL },
	{ "unbound on a Linux root: /etc/unbound",
	    "unbound_enable=\"YES\"\n", debian_unbound,
	    "unbound /usr/sbin/unbound -d -c /etc/unbound/unbound.conf\n",
	    NULL },
	{ "services in rc.conf's order; unknown ones named; NO is no",
	    "sshd_enable=\"YES\"\nunbound_enable=\"YES\"\n"
	    "cron_enable=\"NO\"\nlocal_unbound_enable=\"yes\"\n"
	    "unbound_config=\"/var/unbound/unbound.conf\"\n"
	    "syslogd_enable=\"YES\"\n", debian_unbound,
	    "unbound /usr/sbin/unbound -d -c /var/unbound/unbound.conf\n"
	    "local_unbound /usr/sbin/unbound -d -c "
	    "/var/unbound/unbound.conf\n",
	    "1:1: warning: sshd_enable: brig's built-in rc does not know "
	    "service sshd (it knows " KNOWN "): not started\n"
	    "6:1: warning: syslogd_enable: brig's built-in rc does not know "
	    "service syslogd (it knows " KNOWN "): not started\n" },
	{ "gateway_enable is no service", "gateway_enable=\"YES\"\n",
	    debian_unbound, NULL, NULL },
	{ "no program", "local_unbound_enable=\"YES\"\n", none, NULL,
	    "1:1: local_unbound_enable: the jail has no program for "
	    "local_unbound (/usr/sbin/local-unbound or /usr/sbin/unbound)\n" },
	{ "a program that is not executable", "unbound_enable=\"YES\"\n",
	    noexec, NULL,
	    "1:1: unbound_enable: the jail has no program for unbound "
	    "(/usr/local/sbin/unbound or /usr/sbin/unbound)\n" },
	{ "no config", "local_unbound_enable=\"YES\"\n"
	    "local_unbound_config=\"/nonexistent.conf\"\n", debian_unbound,
	    NULL,
	    "1:1: local_unbound_enable: config /nonexistent.conf is not in "
	    "the jail (FreeBSD's rc.d/local_unbound would make one with "
	    "local-unbound-setup; brig does not)\n" },
	{ "the port's config missing", "unbound_enable=\"YES\"\n"
	    "unbound_config=\"/x.conf\"\n", port, NULL,
	    "1:1: unbound_enable: config /x.conf is not in the jail "
	    "(rc.d/unbound requires it)\n" },
	{ "shell in the flags", "unbound_enable=\"YES\"\n"
	    "unbound_flags=\"-v; rm -rf /\"\n", port, NULL,
	    "2:1: unbound_flags: ';': rc.subr evals the flags as sh; brig "
	    "reads only plain words\n" },
	{ "unbound_profiles", "unbound_enable=\"YES\"\n"
	    "unbound_profiles=\"a b\"\n", port, NULL,
	    "2:1: unbound_profiles: not supported by brig's rc: set "
	    "unbound_config\n" },
	{ "a config with a blank", "unbound_enable=\"YES\"\n"
	    "unbound_config=\"/a b.conf\"\n", port, NULL,
	    "1:1: unbound_enable: config \"/a b.conf\" has a blank (rc.subr "
	    "would split it)\n" },
};

static void
run_scase(void **state)
{
	const struct scase *t = *state;
	struct conf *c = conf_new(0);
	struct rc_jail rj;
	struct rcconf rc;
	char *buf = NULL, *d;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	memset(&rj, 0, sizeof(rj));
	assert_int_equal(rcconf_parse(c, "rc.conf", t->in, strlen(t->in),
	    &rc), 0);
	rc_services(c, &rc, fake_probe, (void *)t->files, &rj);
	for (i = 0; i < rj.nsvc; i++) {
		fprintf(fp, "%s\n", rj.svc[i].entry);
		assert_string_equal(rj.svc[i].name, rj.svc[i].entry[0] == 'l' ?
		    "local_unbound" : "unbound");
	}
	fclose(fp);
	d = diags(c);
	assert_string_equal(d, t->diags ? t->diags : "");
	assert_string_equal(buf, t->entries ? t->entries : "");
	free(d);
	free(buf);
	conf_free(c);
}

static void
test_known(void **state)
{
	(void)state;
	assert_true(rc_service_known("local_unbound"));
	assert_true(rc_service_known("unbound"));
	assert_false(rc_service_known("sshd"));
	assert_false(rc_service_known(""));
}

int
main(void)
{
	size_t nc = sizeof(cases) / sizeof(cases[0]);
	size_t ns = sizeof(scases) / sizeof(scases[0]);
	struct CMUnitTest *tests = calloc(nc + ns + 8, sizeof(*tests));
	size_t i, n = 0;
	int rc;

	for (i = 0; i < nc; i++)
		tests[n++] = (struct CMUnitTest){ cases[i].name, run_case,
		    NULL, NULL, (void *)&cases[i] };
	for (i = 0; i < ns; i++)
		tests[n++] = (struct CMUnitTest){ scases[i].name, run_scase,
		    NULL, NULL, (void *)&scases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_resolve);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_resolve_missing);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_known);
	rc = _cmocka_run_group_tests("rc", tests, n, NULL, NULL);
	free(tests);
	return rc;
}
