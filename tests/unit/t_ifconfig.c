/* Unit tests of brig's ifconfig(8) argument parser: each case an argv,
 * as sh splits a jail.conf hook line, and either the exact operations
 * and canonical form or the exact message as the ifconfig persona
 * prints it.  Every accepted case is also parsed again from its
 * canonical form.  Keywords and orderings follow FreeBSD's ifconfig.8
 * and sbin/ifconfig/ifconfig.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "net/ifconfig.h"

#define MAXARGS	40

struct tcase {
	const char *name;
	const char *argv[MAXARGS];	/* after "ifconfig", NULL-ended */
	const char *ops;	/* expected operations, "; " between */
	const char *form;	/* expected canonical form */
	const char *err;	/* or the expected message, as printed */
};

/* The operations, one field after another: what a case pins. */
static void
dump_op(FILE *fp, const struct ifc_op *o)
{
	char a[INET6_ADDRSTRLEN];

	fprintf(fp, "%s %s%s", ifc_op_name(o->op), o->ifname[0] ? o->ifname :
	    "all", o->any_unit ? "*" : "");
	if (o->op == IFC_ADDM || o->op == IFC_DELETEM || o->op == IFC_VNET ||
	    o->op == IFC_UNVNET)
		fprintf(fp, " %s", o->arg);
	if (o->family)
		fprintf(fp, " %s", o->family == AF_INET ? "inet" : "inet6");
	if (o->op == IFC_ADDR) {
		inet_ntop(o->family, o->addr, a, sizeof(a));
		fprintf(fp, " %s", a);
		if (o->prefix >= 0)
			fprintf(fp, "/%d", o->prefix);
		if (o->alias)
			fprintf(fp, o->alias == IFC_ALIAS_ADD ? " alias" :
			    " -alias");
	}
	if (o->op == IFC_MTU)
		fprintf(fp, " %u", o->mtu);
}

static char *
dump(const struct ifc_cmd *c)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	for (i = 0; i < c->n; i++) {
		if (i)
			fputs("; ", fp);
		dump_op(fp, &c->ops[i]);
	}
	fclose(fp);
	return buf;
}

static int
parse(const char *const *args, struct ifc_cmd *c, char *msg, size_t len)
{
	char *argv[MAXARGS + 2];
	struct brig_err e = { 0, "" };
	int argc = 0, r;

	argv[argc++] = (char *)"ifconfig";
	while (args[argc - 1] != NULL)
		argv[argc] = (char *)args[argc - 1], argc++;
	argv[argc] = NULL;
	r = ifc_parse(argc, argv, c, &e);
	snprintf(msg, len, "ifconfig: %s", e.msg);
	return r;
}

/* Split a canonical form at blanks, as sh would, and parse it again. */
static void
reparse(const char *form, const char *ops)
{
	char copy[512], msg[600], *words[MAXARGS + 2], *p, *sv = NULL;
	struct ifc_cmd c;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", form);
	p = strtok_r(copy, " ", &sv);
	assert_string_equal(p, "ifconfig");
	while ((p = strtok_r(NULL, " ", &sv)) != NULL && n < MAXARGS)
		words[n++] = p;
	words[n] = NULL;
	assert_int_equal(parse((const char *const *)words, &c, msg,
	    sizeof(msg)), 0);
	p = dump(&c);
	assert_string_equal(p, ops);
	free(p);
}

static void
run_case(void **state)
{
	const struct tcase *t = *state;
	struct ifc_cmd c;
	char msg[600], form[512], *d;
	int r;

	memset(&c, 0xa5, sizeof(c));
	r = parse(t->argv, &c, msg, sizeof(msg));
	if (t->err) {
		assert_string_equal(msg, t->err);
		assert_int_equal(r, -1);
		assert_int_equal(c.n, 0xa5a5a5a5a5a5a5a5u);	/* untouched */
		return;
	}
	if (r != 0)
		fail_msg("%s", msg);
	d = dump(&c);
	assert_string_equal(d, t->ops);
	assert_int_equal(ifc_format(&c, form, sizeof(form)), strlen(t->form));
	assert_string_equal(form, t->form);
	reparse(form, d);
	free(d);
}

#define A(...)			{ __VA_ARGS__, NULL }
#define OK(n, args, ops, form)	{ n, args, ops, form, NULL }
#define ERR(n, args, msg)	{ n, args, NULL, NULL, msg }

#define SUPPORTED "(supported: create, destroy, addm, deletem, vnet, -vnet, " \
	"inet, inet6, alias, -alias, up, down, mtu, netmask, prefixlen)"

static const struct tcase cases[] = {
	/* --- the seed's hooks, split as sh splits them --- */
	OK("seed: epair0 create up", A("epair0", "create", "up"),
	    "create epair0; up epair0a", "ifconfig epair0 create up"),
	OK("seed: bridge0 addm epair0a up", A("bridge0", "addm", "epair0a",
	    "up"), "addm bridge0 epair0a; up bridge0",
	    "ifconfig bridge0 addm epair0a up"),
	OK("seed: epair0b vnet unbound", A("epair0b", "vnet", "unbound"),
	    "vnet epair0b unbound", "ifconfig epair0b vnet unbound"),
	OK("seed: epair0a destroy", A("epair0a", "destroy"),
	    "destroy epair0a", "ifconfig epair0a destroy"),
	OK("seed: epair1 create up", A("epair1", "create", "up"),
	    "create epair1; up epair1a", "ifconfig epair1 create up"),
	OK("seed: bridge1 addm epair1a up", A("bridge1", "addm", "epair1a",
	    "up"), "addm bridge1 epair1a; up bridge1",
	    "ifconfig bridge1 addm epair1a up"),
	OK("seed: epair1b vnet wireguard", A("epair1b", "vnet", "wireguard"),
	    "vnet epair1b wireguard", "ifconfig epair1b vnet wireguard"),
	OK("seed: rc.conf ifconfig_epair0b", A("epair0b", "inet",
	    "10.10.10.53/24"), "address epair0b inet 10.10.10.53/24",
	    "ifconfig epair0b inet 10.10.10.53/24"),

	/* --- create, destroy --- */
	OK("epair without a unit", A("epair", "create"), "create epair*",
	    "ifconfig epair create"),
	OK("epair without a unit, up", A("epair", "create", "up"),
	    "create epair*; up epair*", "ifconfig epair create up"),
	OK("bridgeN create", A("bridge0", "create"), "create bridge0",
	    "ifconfig bridge0 create"),
	OK("bridgeN create up", A("bridge7", "create", "up"),
	    "create bridge7; up bridge7", "ifconfig bridge7 create up"),
	OK("bridge without a unit", A("bridge", "create", "up"),
	    "create bridge*; up bridge*", "ifconfig bridge create up"),
	OK("highest unit", A("epair32767", "create"), "create epair32767",
	    "ifconfig epair32767 create"),
	OK("plumb is create", A("epair2", "plumb", "up"),
	    "create epair2; up epair2a", "ifconfig epair2 create up"),
	OK("unplumb is destroy", A("bridge0", "unplumb"), "destroy bridge0",
	    "ifconfig bridge0 destroy"),
	OK("create, then the family and an address",
	    A("epair3", "create", "inet", "10.0.0.1/24", "up"),
	    "create epair3; address epair3a inet 10.0.0.1/24; up epair3a",
	    "ifconfig epair3 create inet 10.0.0.1/24 up"),
	OK("create with a family alone", A("epair0", "create", "inet6"),
	    "create epair0", "ifconfig epair0 create"),
	OK("create a bridge with members", A("bridge0", "create", "addm",
	    "epair0a", "addm", "epair1a", "up"), "create bridge0; addm "
	    "bridge0 epair0a; addm bridge0 epair1a; up bridge0",
	    "ifconfig bridge0 create addm epair0a addm epair1a up"),
	OK("create, mtu", A("epair0", "create", "mtu", "9000", "up"),
	    "create epair0; mtu epair0a 9000; up epair0a",
	    "ifconfig epair0 create mtu 9000 up"),

	/* --- bridges, vnet --- */
	OK("addm twice", A("bridge0", "addm", "epair0a", "addm", "em0"),
	    "addm bridge0 epair0a; addm bridge0 em0",
	    "ifconfig bridge0 addm epair0a addm em0"),
	OK("deletem", A("bridge0", "deletem", "epair0a"),
	    "deletem bridge0 epair0a", "ifconfig bridge0 deletem epair0a"),
	OK("-vnet", A("epair0b", "-vnet", "unbound"),
	    "-vnet epair0b unbound", "ifconfig epair0b -vnet unbound"),
	OK("-vnet, then up on the host", A("epair0b", "-vnet", "unbound",
	    "up"), "-vnet epair0b unbound; up epair0b",
	    "ifconfig epair0b -vnet unbound up"),
	OK("vnet to a jid", A("epair0b", "vnet", "12"), "vnet epair0b 12",
	    "ifconfig epair0b vnet 12"),
	OK("mtu before vnet", A("epair0b", "mtu", "1400", "vnet", "dns"),
	    "mtu epair0b 1400; vnet epair0b dns",
	    "ifconfig epair0b mtu 1400 vnet dns"),

	/* --- addresses --- */
	OK("inet inferred", A("epair0b", "10.10.10.53/24"),
	    "address epair0b inet 10.10.10.53/24",
	    "ifconfig epair0b inet 10.10.10.53/24"),
	OK("inet6 inferred, written canonically", A("em0",
	    "2001:DB8:0:0::1/64"), "address em0 inet6 2001:db8::1/64",
	    "ifconfig em0 inet6 2001:db8::1/64"),
	OK("no prefix length", A("epair0b", "inet", "10.0.0.1"),
	    "address epair0b inet 10.0.0.1", "ifconfig epair0b inet 10.0.0.1"),
	OK("dotted netmask", A("fxp0", "inet", "192.0.2.10", "netmask",
	    "255.255.255.0"), "address fxp0 inet 192.0.2.10/24",
	    "ifconfig fxp0 inet 192.0.2.10/24"),
	OK("hex netmask", A("epair0b", "inet", "10.0.0.1", "netmask",
	    "0xffffff00"), "address epair0b inet 10.0.0.1/24",
	    "ifconfig epair0b inet 10.0.0.1/24"),
	OK("hex netmask, capitals, host mask", A("lo0", "inet", "127.0.0.2",
	    "netmask", "0XFFFFFFFF", "alias"),
	    "address lo0 inet 127.0.0.2/32 alias",
	    "ifconfig lo0 inet 127.0.0.2/32 alias"),
	OK("netmask before the address", A("epair0b", "inet", "netmask",
	    "255.255.0.0", "10.1.0.1"), "address epair0b inet 10.1.0.1/16",
	    "ifconfig epair0b inet 10.1.0.1/16"),
	OK("empty mask", A("epair0b", "0.0.0.0", "netmask", "0.0.0.0"),
	    "address epair0b inet 0.0.0.0/0",
	    "ifconfig epair0b inet 0.0.0.0/0"),
	OK("alias", A("epair0b", "inet", "10.0.0.2/24", "alias"),
	    "address epair0b inet 10.0.0.2/24 alias",
	    "ifconfig epair0b inet 10.0.0.2/24 alias"),
	OK("-alias", A("epair0b", "inet", "10.0.0.2", "-alias"),
	    "address epair0b inet 10.0.0.2 -alias",
	    "ifconfig epair0b inet 10.0.0.2 -alias"),
	OK("-alias before the address", A("epair0b", "-alias", "10.0.0.2"),
	    "address epair0b inet 10.0.0.2 -alias",
	    "ifconfig epair0b inet 10.0.0.2 -alias"),
	OK("ifconfig.8: add", A("ed0", "inet", "192.0.2.45/28", "add"),
	    "address ed0 inet 192.0.2.45/28 alias",
	    "ifconfig ed0 inet 192.0.2.45/28 alias"),
	OK("ifconfig.8: inet6 prefixlen alias", A("em0", "inet6",
	    "2001:db8:bdbd::123", "prefixlen", "48", "alias"),
	    "address em0 inet6 2001:db8:bdbd::123/48 alias",
	    "ifconfig em0 inet6 2001:db8:bdbd::123/48 alias"),
	OK("ifconfig.8: inet6 delete", A("em0", "inet6",
	    "2001:db8:bdbd::123/48", "delete"),
	    "address em0 inet6 2001:db8:bdbd::123/48 -alias",
	    "ifconfig em0 inet6 2001:db8:bdbd::123/48 -alias"),
	OK("remove is -alias", A("em0", "10.0.0.9", "remove"),
	    "address em0 inet 10.0.0.9 -alias",
	    "ifconfig em0 inet 10.0.0.9 -alias"),
	OK("v4-mapped is inet6", A("em0", "::ffff:10.0.0.1"),
	    "address em0 inet6 ::ffff:10.0.0.1",
	    "ifconfig em0 inet6 ::ffff:10.0.0.1"),
	OK("inet6 /128 and /0", A("em0", "inet6", "::1/128"),
	    "address em0 inet6 ::1/128", "ifconfig em0 inet6 ::1/128"),
	OK("address and up", A("epair0b", "inet", "10.0.0.1/24", "up"),
	    "address epair0b inet 10.0.0.1/24; up epair0b",
	    "ifconfig epair0b inet 10.0.0.1/24 up"),
	OK("up before the address", A("epair0b", "inet", "up",
	    "10.0.0.1/24"), "up epair0b; address epair0b inet 10.0.0.1/24",
	    "ifconfig epair0b inet up 10.0.0.1/24"),
	OK("a family without an address", A("epair0b", "inet6", "up"),
	    "up epair0b", "ifconfig epair0b up"),

	/* --- up, down, mtu --- */
	OK("up", A("epair0b", "up"), "up epair0b", "ifconfig epair0b up"),
	OK("down", A("epair0b", "down"), "down epair0b",
	    "ifconfig epair0b down"),
	OK("mtu", A("epair0b", "mtu", "1500"), "mtu epair0b 1500",
	    "ifconfig epair0b mtu 1500"),
	OK("mtu bounds", A("epair0b", "mtu", "68", "mtu", "65535"),
	    "mtu epair0b 68; mtu epair0b 65535",
	    "ifconfig epair0b mtu 68 mtu 65535"),
	OK("mtu with a leading zero", A("epair0b", "mtu", "01500", "up"),
	    "mtu epair0b 1500; up epair0b", "ifconfig epair0b mtu 1500 up"),
	OK("down then up", A("epair0b", "down", "up"),
	    "down epair0b; up epair0b", "ifconfig epair0b down up"),

	/* --- listings --- */
	OK("no arguments", A(NULL), "list all", "ifconfig -a"),
	OK("-a", A("-a"), "list all", "ifconfig -a"),
	OK("-a inet", A("-a", "inet"), "list all inet", "ifconfig -a inet"),
	OK("-a inet6, -aa", A("-aa", "inet6"), "list all inet6",
	    "ifconfig -a inet6"),
	OK("one interface", A("epair0b"), "list epair0b", "ifconfig epair0b"),
	OK("one interface, one family", A("epair0b", "inet6"),
	    "list epair0b inet6", "ifconfig epair0b inet6"),
	OK("-- ends the options", A("--", "epair0b", "up"), "up epair0b",
	    "ifconfig epair0b up"),
	OK("a name that is a keyword", A("up", "up"), "up up",
	    "ifconfig up up"),

	/* --- unsupported forms --- */
	ERR("ssid", A("wlan0", "ssid", "foo"), "ifconfig: \"wlan0 ssid foo\": "
	    "\"ssid\" is not supported by brig's ifconfig " SUPPORTED),
	ERR("media", A("xl0", "media", "100baseTX"), "ifconfig: \"xl0 media "
	    "100baseTX\": \"media\" is not supported by brig's ifconfig "
	    SUPPORTED),
	ERR("-arp", A("em0", "up", "-arp"), "ifconfig: \"em0 up -arp\": "
	    "\"-arp\" is not supported by brig's ifconfig " SUPPORTED),
	ERR("link family", A("em0", "link", "00:11:22:33:44:55"),
	    "ifconfig: \"em0 link 00:11:22:33:44:55\": \"link\" is not "
	    "supported by brig's ifconfig " SUPPORTED),
	ERR("-l", A("-l"), "ifconfig: \"-l\": \"-l\" is not supported by "
	    "brig's ifconfig (supported: -a)"),
	ERR("-am", A("-am", "em0"), "ifconfig: \"-am em0\": \"-m\" is not "
	    "supported by brig's ifconfig (supported: -a)"),
	ERR("-vnet without an interface", A("-vnet", "dns"), "ifconfig: "
	    "\"-vnet dns\": -vnet must follow an interface name"),
	ERR("-a with an interface", A("-a", "epair0"), "ifconfig: \"-a "
	    "epair0\": -a takes only an address family (inet, inet6), not "
	    "\"epair0\""),
	ERR("-a with a family and more", A("-a", "inet", "up"), "ifconfig: "
	    "\"-a inet up\": -a takes only an address family (inet, inet6), "
	    "not \"up\""),
	ERR("a destination address", A("gif0", "10.0.0.1", "10.0.0.2"),
	    "ifconfig: \"gif0 10.0.0.1 10.0.0.2\": a destination address "
	    "(\"10.0.0.2\") is not supported by brig's ifconfig"),
	ERR("a host name", A("em0", "inet", "router.lan"), "ifconfig: \"em0 "
	    "inet router.lan\": \"router.lan\" is not an inet address"),
	ERR("netmask without an address", A("em0", "netmask",
	    "255.255.255.0"), "ifconfig: \"em0 netmask 255.255.255.0\": "
	    "netmask without an address is not supported by brig's ifconfig"),
	ERR("create a wlan", A("wlan0", "create"), "ifconfig: \"wlan0 "
	    "create\": creating \"wlan0\" is not supported by brig's "
	    "ifconfig (only epair[N] and bridge[N])"),

	/* --- missing arguments --- */
	ERR("addm at the end", A("bridge0", "addm"),
	    "ifconfig: addm needs an interface name"),
	ERR("deletem at the end", A("bridge0", "deletem"),
	    "ifconfig: deletem needs an interface name"),
	ERR("vnet at the end", A("epair0b", "vnet"),
	    "ifconfig: vnet needs a jail name"),
	ERR("-vnet at the end", A("epair0b", "-vnet"),
	    "ifconfig: -vnet needs a jail name"),
	ERR("mtu at the end", A("epair0b", "up", "mtu"),
	    "ifconfig: mtu needs a number"),
	ERR("netmask at the end", A("em0", "10.0.0.1", "netmask"),
	    "ifconfig: netmask needs a mask"),
	ERR("prefixlen at the end", A("em0", "inet6", "::1", "prefixlen"),
	    "ifconfig: prefixlen needs a number"),
	ERR("addm at the end after addm", A("bridge0", "addm", "a", "addm"),
	    "ifconfig: addm needs an interface name"),

	/* --- numbers --- */
	ERR("mtu too small", A("epair0b", "mtu", "67"), "ifconfig: \"epair0b "
	    "mtu 67\": mtu 67 is out of range (68..65535)"),
	ERR("mtu too large", A("epair0b", "mtu", "65536"), "ifconfig: "
	    "\"epair0b mtu 65536\": mtu 65536 is out of range (68..65535)"),
	ERR("mtu overflows long", A("epair0b", "mtu",
	    "99999999999999999999999"), "ifconfig: \"epair0b mtu "
	    "99999999999999999999999\": mtu 99999999999999999999999 is out of "
	    "range (68..65535)"),
	ERR("mtu not a number", A("epair0b", "mtu", "1500x"), "ifconfig: "
	    "\"epair0b mtu 1500x\": mtu \"1500x\" is not a number"),
	ERR("mtu with a sign", A("epair0b", "mtu", "+1500"), "ifconfig: "
	    "\"epair0b mtu +1500\": mtu \"+1500\" is not a number"),
	ERR("mtu empty", A("epair0b", "mtu", ""), "ifconfig: \"epair0b mtu "
	    "\": mtu \"\" is not a number"),
	ERR("inet prefix too long", A("epair0b", "10.0.0.1/33"), "ifconfig: "
	    "\"epair0b 10.0.0.1/33\": \"10.0.0.1/33\": the prefix length is "
	    "out of range (0..32)"),
	ERR("inet6 prefix too long", A("em0", "inet6", "::1/129"),
	    "ifconfig: \"em0 inet6 ::1/129\": \"::1/129\": the prefix length "
	    "is out of range (0..128)"),
	ERR("slash without a length", A("epair0b", "10.0.0.1/"), "ifconfig: "
	    "\"epair0b 10.0.0.1/\": \"10.0.0.1/\": the prefix length is not a "
	    "number"),
	ERR("prefixlen out of range", A("em0", "inet6", "::1", "prefixlen",
	    "129"), "ifconfig: \"em0 inet6 ::1 prefixlen 129\": prefixlen 129 "
	    "is out of range (0..128)"),

	/* --- addresses and masks --- */
	ERR("inet octet too large", A("epair0b", "10.0.0.300"), "ifconfig: "
	    "\"epair0b 10.0.0.300\": \"10.0.0.300\" is not an inet address"),
	ERR("short inet form", A("epair0b", "inet", "10.1"), "ifconfig: "
	    "\"epair0b inet 10.1\": \"10.1\" is not an inet address"),
	ERR("inet6 address under inet", A("epair0b", "inet", "2001:db8::1"),
	    "ifconfig: \"epair0b inet 2001:db8::1\": \"2001:db8::1\" is not "
	    "an inet address"),
	ERR("inet address under inet6", A("epair0b", "inet6", "10.0.0.1"),
	    "ifconfig: \"epair0b inet6 10.0.0.1\": \"10.0.0.1\" is not an "
	    "inet6 address"),
	ERR("scoped inet6", A("em0", "fe80::1%em0"), "ifconfig: \"em0 "
	    "fe80::1%em0\": \"fe80::1%em0\" is not an inet6 address"),
	ERR("netmask not contiguous", A("em0", "10.0.0.1", "netmask",
	    "255.0.255.0"), "ifconfig: \"em0 10.0.0.1 netmask 255.0.255.0\": "
	    "netmask 255.0.255.0 is not contiguous"),
	ERR("netmask not a mask", A("em0", "10.0.0.1", "netmask", "lan"),
	    "ifconfig: \"em0 10.0.0.1 netmask lan\": netmask \"lan\" is "
	    "neither dotted (255.255.255.0) nor hex (0xffffff00)"),
	ERR("hex netmask too long", A("em0", "10.0.0.1", "netmask",
	    "0x1ffffffff"), "ifconfig: \"em0 10.0.0.1 netmask 0x1ffffffff\": "
	    "netmask \"0x1ffffffff\" is neither dotted (255.255.255.0) nor hex "
	    "(0xffffff00)"),
	ERR("netmask for inet6", A("em0", "inet6", "::1", "netmask",
	    "255.0.0.0"), "ifconfig: \"em0 inet6 ::1 netmask 255.0.0.0\": "
	    "netmask is for inet; inet6 takes prefixlen or /LEN"),
	ERR("prefixlen for inet", A("em0", "10.0.0.1", "prefixlen", "24"),
	    "ifconfig: \"em0 10.0.0.1 prefixlen 24\": prefixlen is for inet6; "
	    "inet takes netmask or /LEN"),
	ERR("prefix twice", A("em0", "10.0.0.1/24", "netmask",
	    "255.255.0.0"), "ifconfig: \"em0 10.0.0.1/24 netmask "
	    "255.255.0.0\": the prefix length is given twice"),
	ERR("alias and -alias", A("em0", "10.0.0.1", "alias", "-alias"),
	    "ifconfig: \"em0 10.0.0.1 alias -alias\": alias and -alias "
	    "contradict each other"),
	ERR("alias without an address", A("em0", "alias"), "ifconfig: \"em0 "
	    "alias\": alias needs an address"),

	/* --- names --- */
	ERR("interface name too long", A("abcdefghijklmnop", "up"),
	    "ifconfig: \"abcdefghijklmnop up\": interface name "
	    "\"abcdefghijklmnop\" is longer than 15 bytes"),
	ERR("slash in a name", A("epair0/a", "up"), "ifconfig: \"epair0/a "
	    "up\": interface name \"epair0/a\" contains '/'"),
	ERR("colon in a member name", A("bridge0", "addm", "em0:1"),
	    "ifconfig: \"bridge0 addm em0:1\": interface name \"em0:1\" "
	    "contains ':'"),
	ERR("blank in a name", A("epair 0", "up"), "ifconfig: \"epair 0 "
	    "up\": interface name \"epair 0\" contains a blank"),
	ERR("dot-dot", A("..", "up"), "ifconfig: \".. up\": \"..\" cannot be "
	    "an interface name"),
	ERR("empty name", A("", "up"), "ifconfig: \" up\": an interface name "
	    "cannot be empty"),
	ERR("leading dash after --", A("--", "-x"), "ifconfig: \"-- -x\": "
	    "interface name \"-x\" cannot start with '-'"),
	ERR("bad jail name", A("epair0b", "vnet", "un/bound"), "ifconfig: "
	    "\"epair0b vnet un/bound\": bad jail name \"un/bound\" (letters, "
	    "digits, '_', '-', '.', not starting with '-' or '.'; at most 64 "
	    "bytes)"),

	/* --- create --- */
	ERR("create an epair end", A("epair0a", "create"), "ifconfig: "
	    "\"epair0a create\": \"epair0a\" is one end of a pair: create "
	    "epair0 to make epair0a and epair0b"),
	ERR("unit with a leading zero", A("epair00", "create"), "ifconfig: "
	    "\"epair00 create\": bad unit in \"epair00\" (epair or epairN, N "
	    "from 0 to 32767, no leading zero)"),
	ERR("unit too large", A("bridge32768", "create"), "ifconfig: "
	    "\"bridge32768 create\": bad unit in \"bridge32768\" (bridge or "
	    "bridgeN, N from 0 to 32767, no leading zero)"),
	ERR("create in the middle", A("epair0", "up", "create"), "ifconfig: "
	    "\"epair0 up create\": create must come right after the "
	    "interface name"),

	/* --- orderings --- */
	ERR("family after a parameter", A("epair0b", "up", "inet",
	    "10.0.0.1"), "ifconfig: \"epair0b up inet 10.0.0.1\": the address "
	    "family (inet) must come right after the interface name (or after "
	    "create)"),
	ERR("up after vnet", A("epair0b", "vnet", "unbound", "up"),
	    "ifconfig: \"epair0b vnet unbound up\": vnet must be the last "
	    "parameter (the interface has left the host)"),
	ERR("address with vnet", A("epair0b", "inet", "10.0.0.1/24", "vnet",
	    "unbound"), "ifconfig: \"epair0b inet 10.0.0.1/24 vnet unbound\": "
	    "an address cannot be set together with vnet (the move to the "
	    "jail drops it)"),
	ERR("destroy, then up", A("epair0a", "destroy", "up"), "ifconfig: "
	    "\"epair0a destroy up\": destroy cannot be combined with other "
	    "parameters"),
	ERR("create, then destroy", A("epair0", "create", "destroy"),
	    "ifconfig: \"epair0 create destroy\": destroy cannot be combined "
	    "with other parameters"),
};

/* Control bytes are not blanks (a Linux name may hold them); messages
 * show them escaped. */
static void
test_control_byte(void **state)
{
	const char *args[] = { "em\x01", "vnet", "a\x02", NULL };
	struct ifc_cmd c;
	char msg[600];

	(void)state;
	assert_int_equal(parse(args, &c, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "ifconfig: \"em\\x01 vnet a\\x02\": bad jail "
	    "name \"a\\x02\" (letters, digits, '_', '-', '.', not starting "
	    "with '-' or '.'; at most 64 bytes)");
}

static void
test_too_many(void **state)
{
	const char *args[MAXARGS];
	struct ifc_cmd c;
	char msg[600];
	int i;

	(void)state;
	args[0] = "epair0b";
	for (i = 1; i <= IFC_MAX_OPS; i++)
		args[i] = "up";
	args[i] = NULL;
	assert_int_equal(parse(args, &c, msg, sizeof(msg)), 0);
	assert_int_equal(c.n, IFC_MAX_OPS);
	args[i++] = "down";
	args[i] = NULL;
	assert_int_equal(parse(args, &c, msg, sizeof(msg)), -1);
	assert_string_equal(msg, "ifconfig: \"epair0b up up up up up up up up "
	    "up up up up up up up up up up up up up up up up up up up up up up "
	    "up up down\": more than 32 operations");
}

/* A long command is cut in the message, a long word too. */
static void
test_long_line(void **state)
{
	char word[200];
	const char *args[MAXARGS];
	struct ifc_cmd c;
	char msg[600];
	int i;

	(void)state;
	memset(word, 'w', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	args[0] = "wlan0";
	for (i = 1; i < 30; i++)
		args[i] = word;
	args[i] = NULL;
	assert_int_equal(parse(args, &c, msg, sizeof(msg)), -1);
	assert_int_equal(strlen(msg), strlen("ifconfig: \"") + 160 +
	    strlen("...\": \"") + 72 + strlen("...\" is not supported by "
	    "brig's ifconfig " SUPPORTED));
	assert_memory_equal(msg, "ifconfig: \"wlan0 wwww", 21);
}

static void
test_op_names(void **state)
{
	static const char *const names[IFC_NOPS] = {
		"list", "create", "destroy", "addm", "deletem", "vnet",
		"-vnet", "address", "up", "down", "mtu",
	};
	int i;

	(void)state;
	for (i = 0; i < IFC_NOPS; i++)
		assert_string_equal(ifc_op_name((enum ifc_opcode)i), names[i]);
	assert_string_equal(ifc_op_name(IFC_NOPS), "?");
	assert_string_equal(ifc_op_name((enum ifc_opcode)-1), "?");
}

static void
test_format_truncates(void **state)
{
	const char *args[] = { "bridge0", "addm", "epair0a", "up", NULL };
	struct ifc_cmd c;
	char msg[600], buf[12];

	(void)state;
	assert_int_equal(parse(args, &c, msg, sizeof(msg)), 0);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(ifc_format(&c, buf, sizeof(buf)),
	    strlen("ifconfig bridge0 addm epair0a up"));
	assert_string_equal(buf, "ifconfig br");
	assert_int_equal(ifc_format(&c, NULL, 0),
	    strlen("ifconfig bridge0 addm epair0a up"));
}

static void
test_fields(void **state)
{
	const char *args[] = { "em0", "inet6", "2001:db8::1", "prefixlen",
	    "64", "alias", "mtu", "9000", NULL };
	static const unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8,
	    [15] = 1 };
	struct ifc_cmd c;
	char msg[600];

	(void)state;
	assert_int_equal(parse(args, &c, msg, sizeof(msg)), 0);
	assert_string_equal(c.ifname, "em0");
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ops[0].op, IFC_ADDR);
	assert_int_equal(c.ops[0].family, AF_INET6);
	assert_memory_equal(c.ops[0].addr, a6, 16);
	assert_int_equal(c.ops[0].prefix, 64);
	assert_int_equal(c.ops[0].alias, IFC_ALIAS_ADD);
	assert_false(c.ops[0].any_unit);
	assert_int_equal(c.ops[1].op, IFC_MTU);
	assert_int_equal(c.ops[1].mtu, 9000);
	assert_string_equal(c.ops[1].ifname, "em0");
}

static void
test_no_argv0(void **state)
{
	struct brig_err e = { 0, "" };
	struct ifc_cmd c;
	char *argv[] = { NULL };

	(void)state;
	assert_int_equal(ifc_parse(0, argv, &c, &e), -1);
	assert_string_equal(e.msg, "no arguments, not even a program name");
}

int
main(void)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), i, k = 0;
	struct CMUnitTest *tests = calloc(n + 7, sizeof(*tests));

	for (i = 0; i < n; i++) {
		tests[k].name = cases[i].name;
		tests[k].test_func = run_case;
		tests[k++].initial_state = (void *)(uintptr_t)&cases[i];
	}
	tests[k++] = (struct CMUnitTest)cmocka_unit_test(test_control_byte);
	tests[k++] = (struct CMUnitTest)cmocka_unit_test(test_too_many);
	tests[k++] = (struct CMUnitTest)cmocka_unit_test(test_long_line);
	tests[k++] = (struct CMUnitTest)cmocka_unit_test(test_op_names);
	tests[k++] = (struct CMUnitTest)cmocka_unit_test(
	    test_format_truncates);
	tests[k++] = (struct CMUnitTest)cmocka_unit_test(test_fields);
	tests[k++] = (struct CMUnitTest)cmocka_unit_test(test_no_argv0);
	return _cmocka_run_group_tests("ifconfig", tests, k, NULL, NULL);
}
