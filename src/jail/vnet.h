/* A jail's network, as jail(8) sets it up and takes it down:
 *
 *   vnet             the jail's own network namespace, made before
 *                    exec.prestart (so that the seed's prestart can move
 *                    epair0b into it), lo up; brig holds it by a
 *                    descriptor until the jail's init is in it, so a brig
 *                    killed half-way leaves no namespace behind
 *   brig.bridge      an epair (veth epairNa/epairNb) made with its b end
 *                    already in the jail and its a end on the bridge; the
 *                    bridge is made if missing and removed when the last
 *                    jail on it stops, unless brig.persist_bridge or brig
 *                    did not make it
 *   vnet.interface   moved into the jail after it is created, and back to
 *                    the host before its namespace goes
 *   ip4.addr, ip6.addr   of a jail without vnet: added to the host
 *                    interface (IF|ADDR, or the interface parameter) at
 *                    start and removed at stop
 *
 * Every change is journalled ("net ..." records, state.h) before it is
 * made, and undone from those records, in reverse, by a failed start, a
 * stop, or the recovery of a start that was killed.  All of it over
 * netlink (net.h), acting in the jail's namespace from the host. */
#pragma once

#include "state.h"
#include "../util/err.h"

struct conf_jail;
struct net;

struct jail_net {
	struct net *n;	/* the executor, in brig's namespace, opened on use */
	int ns;		/* the jail's network namespace, or -1 */
	int self;	/* brig's own network namespace, or -1 */
};

void jnet_init(struct jail_net *jn);
void jnet_close(struct jail_net *jn);

/* Refuse, before anything is made: a brig.bridge that names a host
 * interface that is not a bridge; a vnet.interface missing on the host
 * when nothing (exec.prestart, brig.bridge) can make it first. */
int jnet_check(struct jail_net *jn, const struct conf_jail *j,
    struct brig_err *e);
/* The "net" start step: records the host's namespace; for a vnet jail
 * its namespace and brig.bridge's epair; host addresses of a jail
 * without vnet. */
int jnet_setup(struct jail_net *jn, const char *rundir,
    const struct conf_jail *j, struct journal *jr, struct brig_err *e);
/* The "vnet.interface" start step (after create). */
int jnet_interfaces(struct jail_net *jn, const struct conf_jail *j,
    struct journal *jr, struct brig_err *e);
/* The environment for the jail's hooks: BRIG_HOOK_* naming the jail and
 * jn->ns (when there is one) and BRIG_RUNDIR; NULL-terminated, in buf. */
char **jnet_hook_env(const struct jail_net *jn, const char *rundir,
    const char *name, int jid, char buf[4][128], char *env[5]);
/* Undo what st's "net" records say, in reverse.  jn->ns is the jail's
 * namespace while it still exists (vnet.interface comes back from it),
 * or -1. */
int jnet_release(struct jail_net *jn, const char *rundir,
    const struct jail_state *st, struct brig_err *e);
/* A jail is stopped from the network namespace it was started from:
 * its interfaces go back there, its hooks act there. */
int jnet_same_host(const struct jail_state *st, struct brig_err *e);
/* Open the namespace of a running jail's init into jn->ns (vnet jails;
 * nothing otherwise). */
int jnet_hold(struct jail_net *jn, const struct jail_state *st,
    struct brig_err *e);
