/* rctl.conf(5): FreeBSD resource limit rules, read the way rc.d/rctl
 * feeds them to rctl(8) and the kernel checks them (usr.bin/rctl/rctl.c,
 * sys/kern/kern_rctl.c rctl_string_to_rule() and rctl_rule_add(),
 * sys/kern/kern_racct.c racct_types[]).
 *
 * One rule per line, subject:subject-id:resource:action=amount[/per];
 * '#' at the start of a word comments to the end of the line.  Nothing
 * here touches the system but reading the file. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"

enum rctl_subject {
	RCTL_SUBJ_PROCESS,
	RCTL_SUBJ_USER,
	RCTL_SUBJ_LOGINCLASS,
	RCTL_SUBJ_JAIL,
};
#define RCTL_NSUBJECTS 4

/* In kern_rctl.c resourcenames[] order. */
enum rctl_resource {
	RCTL_RES_CPUTIME,
	RCTL_RES_DATASIZE,
	RCTL_RES_STACKSIZE,
	RCTL_RES_COREDUMPSIZE,
	RCTL_RES_MEMORYUSE,
	RCTL_RES_MEMORYLOCKED,
	RCTL_RES_MAXPROC,
	RCTL_RES_OPENFILES,
	RCTL_RES_VMEMORYUSE,
	RCTL_RES_PSEUDOTERMINALS,
	RCTL_RES_SWAPUSE,
	RCTL_RES_NTHR,
	RCTL_RES_MSGQQUEUED,
	RCTL_RES_MSGQSIZE,
	RCTL_RES_NMSGQ,
	RCTL_RES_NSEM,
	RCTL_RES_NSEMOP,
	RCTL_RES_NSHM,
	RCTL_RES_SHMSIZE,
	RCTL_RES_WALLCLOCK,
	RCTL_RES_PCPU,
	RCTL_RES_READBPS,
	RCTL_RES_WRITEBPS,
	RCTL_RES_READIOPS,
	RCTL_RES_WRITEIOPS,
};
#define RCTL_NRESOURCES 25

enum rctl_action {
	RCTL_ACT_DENY,
	RCTL_ACT_LOG,
	RCTL_ACT_DEVCTL,
	RCTL_ACT_THROTTLE,
	RCTL_ACT_SIGNAL,	/* sig<NAME>: see rctl_rule.signame, .sig */
};
#define RCTL_NACTIONS 5

struct rctl_rule {
	enum rctl_subject subject;
	const char *id;		/* jail or login class name, user name or
				 * number, pid: as written */
	enum rctl_resource resource;
	enum rctl_action action;
	const char *signame;	/* RCTL_ACT_SIGNAL: "sigterm" ... */
	int sig;		/* RCTL_ACT_SIGNAL: the Linux signal number,
				 * 0 where Linux has none (sigemt, siginfo,
				 * sigthr) */
	bool has_amount;	/* always true in a parsed rctl.conf */
	uint64_t amount;	/* suffix applied: bytes, seconds, percent
				 * of one CPU, a count, per second */
	enum rctl_subject per;	/* the subject when not written */
	bool has_per;		/* "/per" was written */
	struct conf_loc loc;	/* where the rule starts */
};

/* The rules of one file, in file order.  A rule that the kernel would
 * replace (a later deny rule for the same subject, resource and per, or
 * an exact duplicate) is dropped here with a warning, so the set is what
 * rctl(8) would leave in effect.  Lives in the struct conf's arena. */
struct rctl_set {
	struct rctl_rule *rules;
	size_t n;
};

/* Parse rctl.conf text.  c carries the diagnostics and the arena (make it
 * with conf_new(0)); file names the input in messages.  out receives
 * every valid rule even when some lines have errors, so that a checker
 * can go on.  Returns 0, or -1 when this call reported an error. */
int rctl_parse(struct conf *c, const char *file, const char *data,
    size_t len, struct rctl_set *out);
/* The same from a file of at most 1 MiB.  When the file cannot be read,
 * returns -1 after saying why, and out is not written. */
int rctl_load(struct conf *c, const char *path, struct rctl_set *out);
/* One rule, as rctl -a takes it.  loc: where it starts (column of the
 * subject).  Returns 0, or -1 after reporting what is wrong. */
int rctl_rule_parse(struct conf *c, const struct conf_loc *loc,
    const char *rule, size_t len, struct rctl_rule *out);

/* One value of jail parameter brig.rctl: a rule without its subject
 * ("memoryuse:deny=512M"), for jail jail; errors at the value's
 * file:line:col.  The rule's id is jail, its loc the value's. */
int rctl_param_parse(struct conf *c, const char *jail,
    const struct conf_str *v, struct rctl_rule *out);

/* What brig on Linux can do with each rule: an error for each rule it
 * cannot enforce (a subject other than jail, a resource or an action
 * Linux has no mechanism for, a /per it cannot count), saying why; a
 * warning where it enforces something near (an rlimit per process for
 * a jail's total; log and devctl, reported from the kernel's counters
 * rather than logged). */
void rctl_check_linux(struct conf *c, const struct rctl_set *set);

const char *rctl_subject_name(enum rctl_subject s);
const char *rctl_resource_name(enum rctl_resource r);
const char *rctl_action_name(enum rctl_action a);	/* "sig" for signals */

/* How brig can enforce a resource on Linux. */
enum rctl_lx_how {
	RCTL_LX_NONE,	/* no Linux mechanism */
	RCTL_LX_CGROUP,	/* a file of the jail's cgroup */
	RCTL_LX_RLIMIT,	/* prlimit(2): each process on its own */
	RCTL_LX_IPCNS,	/* a sysctl of the jail's own IPC namespace */
	RCTL_LX_DEVPTS,	/* a mount option of the jail's /dev/pts */
};

struct rctl_linux {
	enum rctl_lx_how how;
	const char *cg2;	/* RCTL_LX_CGROUP: file in cgroup v2 */
	const char *cg1;	/* RCTL_LX_CGROUP: the v1 equivalent */
	int rlimit;		/* RCTL_LX_RLIMIT: RLIMIT_*, else -1 */
	const char *knob;	/* RCTL_LX_IPCNS: sysctl; RCTL_LX_DEVPTS:
				 * mount option */
	const char *note;	/* how close the match is */
	const char *events;	/* the kernel's counters a log or devctl
				 * rule is reported from (brig rctl -u,
				 * brig status), or NULL: none */
};

/* Never NULL for a valid resource. */
const struct rctl_linux *rctl_linux(enum rctl_resource r);
