/* What a jail's rctl rules make of the kernel's limits (issue 6): a plan
 * built from the rules by a pure function, then written into the jail's
 * cgroup (v2 or v1 files), set as rlimits of its processes, written as
 * the System V IPC sysctls of its IPC namespace (ipcns.c) and as the
 * max= of its own devpts (src/ns/devfs.c).
 *
 * Used by brig start (the rules of rctl.conf and brig.rctl, after the
 * cgroup is made and before the jail's init runs), by brig exec (the
 * rlimits of an entering process) and by brig rctl -a/-r (a running
 * jail's new rules: the whole plan again, so that a removed rule's limit
 * goes back to unlimited). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "../conf/rctl_conf.h"
#include "../util/err.h"
#include "cgroup.h"

/* The jail-wide limits a cgroup holds. */
enum rctl_knob {
	RK_MEMORY,	/* memoryuse: memory.max / memory.limit_in_bytes */
	RK_SWAP,	/* swapuse: memory.swap.max / memsw (memory + swap) */
	RK_PIDS,	/* maxproc, nthr: pids.max */
	RK_CPU,		/* pcpu: percent of one CPU, cpu.max / cfs_quota_us */
	RK_RBPS,	/* readbps: io.max rbps / blkio.throttle.read_bps_device */
	RK_WBPS,	/* writebps */
	RK_RIOPS,	/* readiops */
	RK_WIOPS,	/* writeiops */
	RK_NKNOB
};

/* The System V IPC limits of the jail's own IPC namespace (CLONE_NEWIPC,
 * src/jail/spawn.c): sysctls under /proc/sys/kernel that are per IPC
 * namespace (ipc/ipc_sysctl.c; each checked on Linux 6.18). */
enum rctl_ipc {
	RI_MSGMNB,	/* msgqsize: kernel.msgmnb, the bytes of each queue */
	RI_MSGMNI,	/* nmsgq: kernel.msgmni, message queues */
	RI_SEMMNS,	/* nsem: kernel.sem's 2nd field, semaphores */
	RI_SEMOPM,	/* nsemop: kernel.sem's 3rd field, operations in one
			 * semop(2) */
	RI_SHMMNI,	/* nshm: kernel.shmmni, shared memory segments */
	RI_SHMALL,	/* shmsize: kernel.shmall, shared memory in pages */
	RI_NIPC
};

#define RCTL_NO_LIMIT (-1)

struct rctl_plan {
	int64_t knob[RK_NKNOB];		/* RCTL_NO_LIMIT, or the amount */
	int64_t rlim[RLIM_NLIMITS];	/* RCTL_NO_LIMIT (left as inherited),
					 * or soft = hard = the amount */
	int64_t rlim_soft[RLIM_NLIMITS];
					/* RCTL_NO_LIMIT, or a soft limit
					 * under the hard one: cputime
					 * sigxcpu (the kernel sends SIGXCPU
					 * at the soft limit, SIGKILL at the
					 * hard one) */
	unsigned need;			/* CGROUP_* bits the knobs in use
					 * need (cgroup_create's need), and
					 * those whose counters a log or
					 * devctl rule reads */
	dev_t iodev;			/* the block device the io knobs
					 * throttle (0: none found) */
	int64_t ipc[RI_NIPC];		/* RCTL_NO_LIMIT (a fresh namespace's
					 * value, rctl_ipc_default()), or the
					 * value to write: never above the
					 * default, shmall in pages */
	int64_t ptys;			/* pseudoterminals: the max= of the
					 * jail's devpts, or RCTL_NO_LIMIT
					 * (the kernel's, 1 << 20) */
};

/* The kernel's pty maximum of a devpts instance (NR_UNIX98_PTY_MAX,
 * include/linux/tty.h: 1 << MINORBITS); devpts refuses a larger max=. */
#define RCTL_PTY_MAX	(INT64_C(1) << 20)

/* Whether a plan sets any io knob (and so needs plan.iodev). */
bool rctl_plan_has_io(const struct rctl_plan *p);

/* Whether a plan limits any IPC knob (and so needs rctl_plan_ipc()). */
bool rctl_plan_has_ipc(const struct rctl_plan *p);

/* The deny rules (and throttle for pcpu and the io resources) of jail
 * name among rules[0..n) as a plan; the lowest amount wins where several
 * rules set one knob.  An IPC knob or the pty maximum is never raised
 * above the kernel's default: a deny rule only lowers (shmsize's bytes
 * become pages, rounded down).  Rules of other subjects and jails are
 * skipped. */
void rctl_plan_build(const struct rctl_rule *rules, size_t n,
    const char *name, struct rctl_plan *p);
/* Write every knob into cg: a knob at RCTL_NO_LIMIT is written as
 * unlimited ("max", -1), so that applying a plan again after a rule is
 * removed lifts its limit.  0, or -1 with e. */
int rctl_plan_apply(const struct rctl_plan *p, const struct cgroup *cg,
    struct brig_err *e);
/* Set the plan's rlimits on process pid (prlimit(2)); those at
 * RCTL_NO_LIMIT are left as they are.  Raising a hard limit needs
 * CAP_SYS_RESOURCE, which brig has and a jail never does. */
int rctl_plan_rlimits(const struct rctl_plan *p, pid_t pid,
    struct brig_err *e);
/* The block device that a jail rooted at jail_path reads and writes:
 * the filesystem holding the path (the longest mount point above it in
 * /proc/self/mountinfo), its device (the mount's source where st_dev is
 * anonymous: btrfs; an overlay's upper directory, followed), then the
 * whole disk of a partition (/sys/dev/block/MAJ:MIN/partition).  Sets
 * p->iodev; -1 with e naming the path when there is none (tmpfs, NFS).
 * The rctl command calls it before rctl_plan_apply() on a running jail
 * whose plan has io knobs (rctl_plan_has_io()). */
int rctl_plan_iodev(struct rctl_plan *p, const char *jail_path,
    struct brig_err *e);
/* The value of IPC knob k in a fresh IPC namespace: the kernel's
 * constants (include/uapi/linux/msg.h, sem.h, shm.h), no longer scaled
 * with memory since Linux 3.19. */
uint64_t rctl_ipc_default(enum rctl_ipc k);
/* Write every IPC knob into the IPC namespace of process init (the
 * jail's init), a knob at RCTL_NO_LIMIT as the kernel's default, so that
 * applying a plan again after a rule is removed puts the default back.
 * A child of brig joins the namespace (setns(2)) and writes the sysctls;
 * brig's own namespaces never change.  The limits hold for what is made
 * after: a queue keeps the msgmnb it was made with, segments and
 * semaphores already there stay.  0, or -1 with e naming the sysctl. */
int rctl_plan_ipc(const struct rctl_plan *p, pid_t init,
    struct brig_err *e);
/* Lower pid's rlimits of the resources rctl maps to rlimits to those of
 * process from (the jail's init): a process entering a jail (brig exec,
 * exec.stop) gets no more than the jail's own processes, rules added
 * live included.  Limits already lower stay. */
int rctl_rlimits_cap(pid_t from, pid_t pid, struct brig_err *e);
/* The plan in words, for brig start -n and -v: "memory 64M, pids 64,
 * cpu 50%, kernel.shmmni 3, ptys 2, RLIMIT_NOFILE 20"; "no limit" when
 * empty. */
const char *rctl_plan_format(const struct rctl_plan *p, char *buf,
    size_t len);
