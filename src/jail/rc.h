/* A jail's /etc/rc on Linux: what FreeBSD's rc(8) would do with the
 * jail's /etc/rc.conf, done by brig.
 *
 * The network (rc_net.c), as rc.d/netif and rc.d/routing do it
 * (network.subr ifconfig_up, ifalias, static_inet/static_inet6):
 * ifconfig_IF, ifconfig_IF_ipv6, ifconfig_IF_aliasN, ifconfig_IF_aliases,
 * defaultrouter, ipv6_defaultrouter, static_routes + route_NAME,
 * ipv6_static_routes + ipv6_route_NAME.  A pure builder turns rc.conf
 * into an ordered plan of typed operations, every problem a diagnostic
 * at the variable's file:line:col; an executor carries the plan out in
 * the jail's network namespace through net.h.  Nothing is undone at
 * stop: the addresses and routes go with the namespace, or with an
 * interface that leaves it (Linux flushes them on a namespace change).
 *
 * The services (rc.c): when exec.start is FreeBSD's "/bin/sh /etc/rc"
 * and the jail has no /etc/rc (a Linux root: a program and its
 * libraries, maybe no shell), brig's built-in rc starts each enabled
 * service it knows (NAME_enable="YES"), in the order the _enable
 * variables appear in rc.conf, in the foreground under brig-init
 * (brig-init -R), which stops them in reverse order before the rest of
 * the jail (the built-in /etc/rc.shutdown).  Enabled services brig does
 * not know are reported by name, never fatal.
 *
 * Also here: rc.conf's hostname (rc.d/hostname).
 *
 * When rc.conf applies (FreeBSD: rc(8) reads it): exec.start is exactly
 * one command, "/bin/sh /etc/rc" ("sh" for "/bin/sh", an optional
 * "autoboot"), whether the jail's own /etc/rc or brig's runs.  Then the
 * network part applies to a vnet jail (netif and routing carry the
 * nojailvnet keyword), and hostname when allow.set_hostname is set (as
 * rc.d/hostname checks security.jail.set_hostname_allowed). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "../conf/conf.h"
#include "../conf/rc_conf.h"
#include "../net/net.h"
#include "../util/err.h"

#define RC_MAX_SERVICES	16	/* brig-init's -R entries */
#define RC_MAX_WORDS	32	/* words of one -R entry, name included */

/* --- the network plan (rc_net.c) -------------------------------------- */

enum rc_net_kind {
	RC_NET_ADDR,	/* add addr to ifname (IPv4 with its broadcast) */
	RC_NET_MTU,	/* set ifname's mtu */
	RC_NET_UP,	/* bring ifname up */
	RC_NET_ROUTE,	/* a route in the main table */
};

struct rc_net_op {
	enum rc_net_kind kind;
	/* The interface.  From a variable's name (ifconfig_IF*) it is that
	 * name's IF until rc_net_resolve() finds the interface whose name,
	 * its characters ".-/+" made '_' (network.subr get_if_var), is IF;
	 * from a route's value (-interface IF, ADDR%IF) it is written as
	 * is.  "lo0" finds "lo".  "" for a route without one. */
	char ifname[NET_NAMESZ];
	bool from_var;		/* ifname came from a variable's name */
	struct net_addr addr;	/* ADDR: the address; ROUTE: the destination
				 * (unused with dflt) */
	bool dflt;		/* ROUTE: the default route */
	bool has_gw;		/* ROUTE: via gw; else on the link ifname */
	struct net_addr gw;	/* ROUTE */
	unsigned mtu;		/* MTU */
	const char *var;	/* the rc.conf variable it comes from */
	struct conf_loc loc;	/* where that variable was assigned */
};

struct rc_net_plan {
	struct rc_net_op *ops;	/* in the order rc(8) would act */
	size_t n;
};

/* Build the plan of rc.conf's network settings into *out (free with
 * rc_net_plan_free()), reporting every problem as a diagnostic in c at
 * the variable's location.  Returns -1 if this call reported an error
 * (out then holds what could be planned), else 0.  Pure: no system
 * call. */
int rc_net_plan(struct conf *c, const struct rcconf *rc,
    struct rc_net_plan *out);
/* Name each interface of p after the jail's interfaces (the names
 * ifnames[0..n)), reporting an error for each variable whose interface
 * the jail does not have.  Returns -1 if it reported one. */
int rc_net_resolve(struct conf *c, struct rc_net_plan *p,
    const char *const *ifnames, size_t n);
void rc_net_plan_free(struct rc_net_plan *p);
/* One operation as a line ("epair0b: address 10.10.10.53/24",
 * "route default via 10.10.10.1"), as snprintf into buf. */
size_t rc_net_op_format(const struct rc_net_op *op, char *buf, size_t len);
/* Does rc.conf set any network variable (ifconfig_*, *defaultrouter,
 * *static_routes, route_*, ...)?  *first, if not NULL, gets the first
 * one, for a warning that the settings do not apply. */
bool rc_net_mentions(const struct rcconf *rc,
    const struct rcconf_var **first);

/* --- a jail's rc (rc.c) ------------------------------------------------ */

/* One service of the built-in rc. */
struct rc_service {
	const char *name;	/* "local_unbound" */
	char *entry;		/* brig-init's -R value: "NAME ARGV0 ARG..." */
	const char *path;	/* the program, inside the jail */
	const char *config;	/* its configuration file, or NULL */
	struct conf_loc loc;	/* of NAME_enable */
};

struct rc_jail {
	struct conf *c;		/* rc.conf's diagnostics and arena */
	bool has_rcconf;	/* ROOT/etc/rc.conf was read */
	struct rcconf rc;
	bool rc_start;		/* exec.start is "/bin/sh /etc/rc" */
	bool builtin_start;	/* ... and the jail has no /etc/rc */
	bool builtin_stop;	/* exec.stop is "/bin/sh /etc/rc.shutdown"
				 * and the jail has no /etc/rc.shutdown */
	const char *hostname;	/* rc.conf's hostname when it applies */
	struct rc_net_plan net;	/* empty unless it applies */
	struct rc_service svc[RC_MAX_SERVICES];
	size_t nsvc;		/* builtin_start's services, in order */
};

/* Read jail j's rc: its exec.start and exec.stop, its root's /etc/rc,
 * /etc/rc.shutdown and /etc/rc.conf (inside the root: openat2
 * RESOLVE_IN_ROOT, a link in the jail never reaches the host).  Never
 * NULL; every problem is a diagnostic in ->c (conf_errors(),
 * conf_print_diags()), as brig check shows them.  Free with
 * rc_jail_free(). */
struct rc_jail *rc_jail_read(const struct conf_jail *j);
/* rc_jail_read() for a start: -1 with e holding the first error
 * ("PATH/etc/rc.conf:2:1: ifconfig_epair0b: DHCP is not offered
 * yet ..."), else 0 and *out. */
int rc_jail_load(const struct conf_jail *j, struct rc_jail **out,
    struct brig_err *e);
/* Write each warning as "brig: warning: jail NAME: FILE:L:C: message"
 * to fd (standard error, exec.consolelog). */
void rc_jail_warn(const struct rc_jail *rj, const char *jail, int fd);
void rc_jail_free(struct rc_jail *rj);

/* Carry out rj's network plan in the network namespace nsfd (the jail's
 * interfaces must be there: after vnet.interface, before exec.start).
 * An address or route already there is left as it is.  Nothing to do
 * without a plan. */
int rc_net_apply(struct net *n, int nsfd, struct rc_jail *rj,
    struct brig_err *e);

/* Does exec.stop run brig's built-in /etc/rc.shutdown (for a stop, when
 * the start's rc_jail is gone)?  1 yes, 0 no. */
int rc_builtin_stop(const struct conf_jail *j);

/* The service table, for the unit tests: is NAME a service brig's rc
 * knows? */
bool rc_service_known(const char *name);
/* The services of rc for the built-in rc, in order, into rj->svc;
 * unknown enabled services are warnings.  probe(arg, path, exec) says
 * whether the jail has path as a regular file (executable when exec):
 * 1 yes, 0 no, -1 cannot know (a mount will provide it). */
void rc_services(struct conf *c, const struct rcconf *rc,
    int (*probe)(void *arg, const char *path, bool exec), void *arg,
    struct rc_jail *rj);
