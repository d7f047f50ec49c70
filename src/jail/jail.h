/* A jail's lifecycle, in FreeBSD's order (jail(8), "Jail creation and
 * removal"), as data: the start steps run forward; when one fails, the
 * ones already done are undone in reverse.  Every step is journalled
 * before it acts (state.h). */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "state.h"
#include "../util/err.h"

struct conf;
struct conf_jail;
struct rctl_plan;
struct rctl_set;

struct jail_ctx {
	const char *rundir;
	const char *datadir;
	bool dry_run;		/* -n: print the plan, do nothing */
	bool verbose;		/* -v: print each step as it runs */
	FILE *out;		/* where -n and -v print */
	const struct rctl_set *rctl;	/* rctl.conf's rules, for a start;
					 * NULL: none */
};

/* Start one jail (its dependencies are the caller's business). */
int jail_start(const struct jail_ctx *x, const struct conf_jail *j,
    struct brig_err *e);
/* Stop one jail; j is its configuration, or NULL when it is no longer
 * in the configuration (then no exec.* hooks run). */
int jail_stop(const struct jail_ctx *x, const char *name,
    const struct conf_jail *j, struct brig_err *e);
/* Undo what a journal records for a jail that is not running (killed
 * brig, or a jail without persist whose last process exited).  0 if
 * there was nothing to do, 1 if something was cleaned. */
int jail_recover(const struct jail_ctx *x, const char *name,
    const struct conf_jail *j, struct brig_err *e);
/* jail -m: change one parameter of a running jail (value NULL for a
 * bare boolean).  host.hostname, host.domainname and persist can. */
int jail_modify(const struct jail_ctx *x, const char *name,
    const char *param, const char *value, struct brig_err *e);
/* A pseudoterminals rule of set for jail j when j has no devpts of its
 * own to limit (no mount.devfs, or a ruleset without pts): an error in
 * c at the rule.  brig check, for rctl.conf; jail_rctl_rules, for all. */
void jail_rctl_check_ptys(struct conf *c, const struct conf_jail *j,
    const struct rctl_set *set);
/* The rctl rules of jail j at its start (rctl.c): those of set (rctl.conf;
 * may be NULL) for jail:NAME, then its brig.rctl values, refused as
 * brig check refuses them: -1 with e holding the first error at
 * file:line:col.  out's rules live in c's arena (c: conf_new(0)); they
 * are what brig start saves for brig rctl (rctl_rules_save()). */
int jail_rctl_rules(struct conf *c, const struct rctl_set *set,
    const struct conf_jail *j, struct rctl_set *out, struct brig_err *e);
/* The jail's init before it runs anything: never the OOM killer's
 * choice (its children reset that: src/init), the plan's rlimits, which
 * every process it starts inherits, and its IPC limits, in the jail's
 * IPC namespace.  0; 1 when brig may not protect it from the OOM killer
 * (no CAP_SYS_RESOURCE); -1 with e. */
int jail_rctl_init(const struct rctl_plan *p, pid_t init,
    struct brig_err *e);
/* The plan's pty maximum on the devpts of the running jail whose init is
 * init (found through /proc/INIT/root), or the kernel's when it sets
 * none.  A jail without a devpts of its own needs none: 0, unless the
 * plan sets one (-1 with e, saying why). */
int jail_rctl_ptys(const struct rctl_plan *p, pid_t init,
    struct brig_err *e);
/* Read the state of a jail: its status and, unless stopped, its
 * journal. */
enum jail_status jail_status(const struct jail_ctx *x, const char *name,
    struct jail_state *st);

/* Hooks of a vnet jail's start get the namespace brig made for it before
 * its init exists: these name the jail and the inherited descriptor. */
#define JAIL_HOOK_ENV_JAIL	"BRIG_HOOK_JAIL"
#define JAIL_HOOK_ENV_JID	"BRIG_HOOK_JID"
#define JAIL_HOOK_ENV_NETNS	"BRIG_HOOK_NETNS"

/* An fd (O_CLOEXEC) of the network namespace of the jail named by name
 * or JID: that of the start whose hook this is, or of a running vnet
 * jail.  -1 with e if it is not running or has no vnet. */
int jail_netns_open(const char *rundir, const char *jail,
    struct brig_err *e);
/* Record in the journal of jail (name or JID) that ifname is about to
 * move into it, so that its stop brings the interface back to the host,
 * as FreeBSD returns every interface moved into a vnet jail. */
int jail_netns_note(const char *rundir, const char *jail, const char *ifname,
    struct brig_err *e);
