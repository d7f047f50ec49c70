/* A small front end to src/net for tests/integration/60-net.bats: one
 * operation per run, the namespace to act in given by -n (a name under
 * /run/netns, as ip netns makes them, or a path).
 *
 *	driver [-n NS] veth NAME PEER [PEERNS]	driver [-n NS] bridge NAME
 *	driver [-n NS] del NAME			driver [-n NS] index NAME
 *	driver [-n NS] master NAME BRIDGE	driver [-n NS] nomaster NAME
 *	driver [-n NS] up|down NAME		driver [-n NS] mtu NAME N
 *	driver [-n NS] netns NAME TARGETNS|self	driver [-n NS] rename OLD NEW
 *	driver [-n NS] list			driver [-n NS] lo-up
 *	driver [-n NS] addr-add NAME A/LEN [BRD]  driver [-n NS] addr-del NAME A/LEN
 *	driver [-n NS] route-add|route-del default|DST/LEN GW|- [DEV]
 *	driver jailnet HOST PEER NS BRIDGE A/LEN
 *
 * jailnet is a jail's whole network in one process: the veth pair with
 * its peer made in NS, the host end on BRIDGE and up, the address on the
 * peer, the peer and lo up (for the timing against ip(8)).
 * Errors: "driver: MESSAGE" on stderr, exit 1; usage errors exit 2. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/net.h"

static int
usage(void)
{
	fprintf(stderr, "usage: driver [-n NS] VERB ARG...  (see driver.c)\n");
	return 2;
}

static int
ns_open(const char *ns, struct brig_err *e)
{
	char path[4096];
	int fd;

	if (strcmp(ns, "self") == 0)
		ns = "/proc/self/ns/net";
	if (strchr(ns, '/') == NULL)
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
	else
		snprintf(path, sizeof(path), "%s", ns);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", path);
	return fd;
}

static int
addr_arg(const char *s, struct net_addr *a, struct brig_err *e)
{
	return net_addr_parse(s, a, e);
}

static int
route(struct net *n, int ns, int add, int argc, char **argv,
    struct brig_err *e)
{
	struct net_addr dst, gw;
	const char *dev = argc > 2 ? argv[2] : NULL;

	if (argc < 2)
		return err_fmt(e, "route: DST GW [DEV]");
	if (strcmp(argv[0], "default") != 0 &&
	    addr_arg(argv[0], &dst, e) == -1)
		return -1;
	if (strcmp(argv[1], "-") != 0 && addr_arg(argv[1], &gw, e) == -1)
		return -1;
	return (add ? net_route_add : net_route_del)(n, ns,
	    strcmp(argv[0], "default") ? &dst : NULL,
	    strcmp(argv[1], "-") ? &gw : NULL, dev, e);
}

static int
list(struct net *n, int ns, struct brig_err *e)
{
	struct net_link *v;
	size_t i, k;

	if (net_link_list(n, ns, &v, &k, e) == -1)
		return -1;
	for (i = 0; i < k; i++)
		printf("%s %d %s 0x%x %d %d %u\n", v[i].name, v[i].index,
		    v[i].kind[0] ? v[i].kind : "-", v[i].flags, v[i].master,
		    v[i].netns_local, v[i].mtu);
	free(v);
	return 0;
}

/* jailnet HOST PEER NS BRIDGE A/LEN */
static int
jailnet(struct net *n, char **argv, struct brig_err *e)
{
	struct net_addr a;
	int ns, r = -1;

	if (net_addr_parse(argv[4], &a, e) == -1 ||
	    (ns = ns_open(argv[2], e)) == -1)
		return -1;
	if (net_veth_create(n, NET_NS_SELF, argv[0], argv[1], ns, e) == 0 &&
	    net_link_set_master(n, NET_NS_SELF, argv[0], argv[3], e) == 0 &&
	    net_link_set_up(n, NET_NS_SELF, argv[0], true, e) == 0 &&
	    net_addr_add(n, ns, argv[1], &a, NULL, e) == 0 &&
	    net_link_set_up(n, ns, argv[1], true, e) == 0 &&
	    net_lo_up(n, ns, e) == 0)
		r = 0;
	close(ns);
	return r;
}

static int
run(struct net *n, int ns, int argc, char **argv, struct brig_err *e)
{
	const char *v = argv[0];
	struct net_addr a, b;
	int fd, r;

	argc--, argv++;
#define NEED(k) do { if (argc < (k)) return err_fmt(e, "%s: %d arguments " \
	"needed", v, (k)); } while (0)
	if (strcmp(v, "veth") == 0) {
		NEED(2);
		fd = argc > 2 ? ns_open(argv[2], e) : NET_NS_SELF;
		if (argc > 2 && fd == -1)
			return -1;
		r = net_veth_create(n, ns, argv[0], argv[1], fd, e);
		if (fd >= 0)
			close(fd);
		return r;
	} else if (strcmp(v, "bridge") == 0) {
		NEED(1);
		return net_bridge_create(n, ns, argv[0], e);
	} else if (strcmp(v, "del") == 0) {
		NEED(1);
		return net_link_delete(n, ns, argv[0], e);
	} else if (strcmp(v, "master") == 0) {
		NEED(2);
		return net_link_set_master(n, ns, argv[0], argv[1], e);
	} else if (strcmp(v, "nomaster") == 0) {
		NEED(1);
		return net_link_set_master(n, ns, argv[0], NULL, e);
	} else if (strcmp(v, "up") == 0 || strcmp(v, "down") == 0) {
		NEED(1);
		return net_link_set_up(n, ns, argv[0], v[0] == 'u', e);
	} else if (strcmp(v, "mtu") == 0) {
		NEED(2);
		return net_link_set_mtu(n, ns, argv[0],
		    (unsigned)strtoul(argv[1], NULL, 10), e);
	} else if (strcmp(v, "netns") == 0) {
		NEED(2);
		if ((fd = ns_open(argv[1], e)) == -1)
			return -1;
		r = net_link_set_netns(n, ns, argv[0], fd, e);
		close(fd);
		return r;
	} else if (strcmp(v, "rename") == 0) {
		NEED(2);
		return net_link_rename(n, ns, argv[0], argv[1], e);
	} else if (strcmp(v, "index") == 0) {
		NEED(1);
		if ((r = net_link_index(n, ns, argv[0], e)) == -1)
			return -1;
		printf("%d\n", r);
		return 0;
	} else if (strcmp(v, "list") == 0) {
		return list(n, ns, e);
	} else if (strcmp(v, "lo-up") == 0) {
		return net_lo_up(n, ns, e);
	} else if (strcmp(v, "addr-add") == 0 || strcmp(v, "addr-del") == 0) {
		NEED(2);
		if (addr_arg(argv[1], &a, e) == -1 ||
		    (argc > 2 && addr_arg(argv[2], &b, e) == -1))
			return -1;
		if (v[5] == 'a')
			return net_addr_add(n, ns, argv[0], &a,
			    argc > 2 ? &b : NULL, e);
		return net_addr_del(n, ns, argv[0], &a, e);
	} else if (strcmp(v, "route-add") == 0) {
		return route(n, ns, 1, argc, argv, e);
	} else if (strcmp(v, "route-del") == 0) {
		return route(n, ns, 0, argc, argv, e);
	} else if (strcmp(v, "jailnet") == 0) {
		NEED(5);
		return jailnet(n, argv, e);
	}
#undef NEED
	return err_fmt(e, "unknown verb %s", v);
}

int
main(int argc, char **argv)
{
	struct brig_err e = { 0 };
	struct net *n = NULL;
	char msg[1024];
	int ns = NET_NS_SELF, r;

	argc--, argv++;
	if (argc >= 2 && strcmp(argv[0], "-n") == 0) {
		if ((ns = ns_open(argv[1], &e)) == -1)
			goto fail;
		argc -= 2, argv += 2;
	}
	if (argc < 1)
		return usage();
	if (net_open(&n, &e) == -1)
		goto fail;
	r = run(n, ns, argc, argv, &e);
	net_close(n);
	if (r == 0)
		return 0;
fail:
	fprintf(stderr, "driver: %s\n", err_str(&e, msg, sizeof(msg)));
	return 1;
}
