/* What brig can do on Linux with each FreeBSD resource: the table of
 * the nearest Linux mechanism, and the check that refuses, at brig check
 * and brig start, every rule brig cannot enforce, saying why.  The
 * limits themselves are src/rctl/limit.c's; brig.conf(5), RESOURCE
 * LIMITS, lists the same. */
#include <signal.h>
#include <sys/resource.h>

#include "conf_int.h"
#include "rctl_conf.h"

#define warn(c, loc, ...) \
	conf_diag(c, CONF_WARNING, CONF_STAGE_CHECK, loc, __VA_ARGS__)
#define refuse(c, loc, ...) \
	conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK, loc, __VA_ARGS__)

#define CG(v2, v1, note, ev) { RCTL_LX_CGROUP, v2, v1, -1, NULL, note, ev }
#define RL(r, note)	 { RCTL_LX_RLIMIT, NULL, NULL, r, NULL, note, NULL }
#define IPC(k, note)	 { RCTL_LX_IPCNS, NULL, NULL, -1, k, note, NULL }
#define NONE(note)	 { RCTL_LX_NONE, NULL, NULL, -1, NULL, note, NULL }

#define MEM_EVENTS	"memory.events max and oom_kill; v1 memory.failcnt " \
			"and memory.oom_control oom_kill"
#define PIDS_EVENTS	"pids.events max"

/* Each FreeBSD resource and the nearest Linux mechanism.  cgroup,
 * IPC-namespace (sysctls of the jail's own namespace) and devpts limits
 * cover the jail as a whole; rlimits cover each process on its own. */
static const struct rctl_linux linux_table[RCTL_NRESOURCES] = {
	[RCTL_RES_CPUTIME] = RL(RLIMIT_CPU, "CPU seconds of each process"),
	[RCTL_RES_DATASIZE] = RL(RLIMIT_DATA, "data segment of each process"),
	[RCTL_RES_STACKSIZE] = RL(RLIMIT_STACK, "stack of each process"),
	[RCTL_RES_COREDUMPSIZE] = RL(RLIMIT_CORE, "core file size"),
	[RCTL_RES_MEMORYUSE] = CG("memory.max", "memory.limit_in_bytes",
	    "the jail's memory, page cache included", MEM_EVENTS),
	[RCTL_RES_MEMORYLOCKED] = RL(RLIMIT_MEMLOCK,
	    "locked memory of each process"),
	[RCTL_RES_MAXPROC] = CG("pids.max", "pids.max",
	    "Linux counts threads as well as processes", PIDS_EVENTS),
	[RCTL_RES_OPENFILES] = RL(RLIMIT_NOFILE,
	    "descriptors of each process"),
	[RCTL_RES_VMEMORYUSE] = RL(RLIMIT_AS, "address space of each process"),
	[RCTL_RES_PSEUDOTERMINALS] = { RCTL_LX_DEVPTS, NULL, NULL, -1, "max",
	    "the max= option of the jail's own /dev/pts", NULL },
	[RCTL_RES_SWAPUSE] = CG("memory.swap.max",
	    "memory.memsw.limit_in_bytes",
	    "cgroup v1 limits memory and swap together",
	    "memory.swap.events max; v1 memory.memsw.failcnt"),
	[RCTL_RES_NTHR] = CG("pids.max", "pids.max",
	    "shared with maxproc: Linux counts threads and processes together",
	    PIDS_EVENTS),
	[RCTL_RES_MSGQQUEUED] = NONE("Linux has no limit on queued System V "
	    "messages"),
	[RCTL_RES_MSGQSIZE] = IPC("kernel.msgmnb",
	    "the bytes of each message queue, not of all queues together"),
	[RCTL_RES_NMSGQ] = IPC("kernel.msgmni", "the jail's message queues"),
	[RCTL_RES_NSEM] = IPC("kernel.sem",
	    "SEMMNS, its second field: the jail's semaphores"),
	[RCTL_RES_NSEMOP] = IPC("kernel.sem",
	    "SEMOPM, its third field: operations in one semop(2)"),
	[RCTL_RES_NSHM] = IPC("kernel.shmmni",
	    "the jail's shared memory segments"),
	[RCTL_RES_SHMSIZE] = IPC("kernel.shmall",
	    "the jail's shared memory, in pages: bytes rounded down"),
	[RCTL_RES_WALLCLOCK] = NONE("Linux has no wall-clock limit"),
	[RCTL_RES_PCPU] = CG("cpu.max", "cpu.cfs_quota_us",
	    "a quota per period: 50 is \"50000 100000\"",
	    "cpu.stat nr_throttled"),
	[RCTL_RES_READBPS] = CG("io.max", "blkio.throttle.read_bps_device",
	    "rbps= of the jail's block device", NULL),
	[RCTL_RES_WRITEBPS] = CG("io.max", "blkio.throttle.write_bps_device",
	    "wbps= of the jail's block device", NULL),
	[RCTL_RES_READIOPS] = CG("io.max", "blkio.throttle.read_iops_device",
	    "riops= of the jail's block device", NULL),
	[RCTL_RES_WRITEIOPS] = CG("io.max",
	    "blkio.throttle.write_iops_device",
	    "wiops= of the jail's block device", NULL),
};

#undef CG
#undef RL
#undef IPC
#undef NONE

const struct rctl_linux *
rctl_linux(enum rctl_resource r)
{
	return (unsigned)r < RCTL_NRESOURCES ? &linux_table[r] : NULL;
}

/* The resource: can Linux limit it?  0 or -1.  (A pseudoterminals rule
 * for a jail without a devpts of its own is refused at its start, where
 * the jail's parameters are known: src/jail/rctl.c.) */
static int
check_resource(struct conf *c, const struct rctl_rule *r,
    const struct rctl_linux *lx, const char *name)
{
	switch (lx->how) {
	case RCTL_LX_NONE:
		refuse(c, &r->loc, "%s cannot be enforced on Linux (%s)", name,
		    lx->note);
		return -1;
	case RCTL_LX_IPCNS:
	case RCTL_LX_DEVPTS:
	case RCTL_LX_CGROUP:
	case RCTL_LX_RLIMIT:
	default:
		return 0;
	}
}

/* What the rule counts: a cgroup limits the jail's total, an rlimit
 * each process; nothing counts per user or login class inside a jail. */
static int
check_per(struct conf *c, const struct rctl_rule *r,
    const struct rctl_linux *lx, const char *name)
{
	const char *per = rctl_subject_name(r->per);

	if (lx->how == RCTL_LX_RLIMIT && r->per == RCTL_SUBJ_JAIL)
		warn(c, &r->loc, "%s can be limited only per process on Linux "
		    "(%s): the limit applies to each process, not to the "
		    "jail's total; write /process", name, lx->note);
	else if (lx->how == RCTL_LX_RLIMIT && r->per != RCTL_SUBJ_PROCESS) {
		refuse(c, &r->loc, "%s/%s cannot be enforced on Linux: it is "
		    "limited per process (%s), never per %s", name, per,
		    lx->note, per);
		return -1;
	} else if (lx->how != RCTL_LX_RLIMIT && r->per != RCTL_SUBJ_JAIL) {
		refuse(c, &r->loc, "%s/%s cannot be enforced on Linux: it is "
		    "limited for the jail as a whole (%s), never per %s",
		    name, per, lx->note, per);
		return -1;
	}
	return 0;
}

/* Signals: RLIMIT_CPU is the one limit the kernel signals (SIGXCPU at
 * the soft limit, once a second, then SIGKILL at the hard one); no
 * cgroup limit and no other rlimit sends one brig could choose.  log
 * and devctl: brig runs no daemon to watch an amount; the kernel's
 * counters of the jail's limits are reported instead. */
static void
check_action(struct conf *c, const struct rctl_rule *r,
    const struct rctl_linux *lx, const char *name)
{
	switch (r->action) {
	case RCTL_ACT_SIGNAL:
		if (r->sig == 0)
			refuse(c, &r->loc, "%s: Linux has no such signal",
			    r->signame);
		else if (r->resource != RCTL_RES_CPUTIME ||
		    (r->sig != SIGXCPU && r->sig != SIGKILL))
			refuse(c, &r->loc, "%s:%s cannot be enforced on Linux: "
			    "no Linux limit sends a signal of your choice "
			    "(only cputime's RLIMIT_CPU does: sigxcpu at the "
			    "soft limit, sigkill at the hard one)%s", name,
			    r->signame, lx->how != RCTL_LX_NONE ?
			    "; use deny" : "");
		break;
	case RCTL_ACT_LOG:
	case RCTL_ACT_DEVCTL:
		if (lx->events == NULL)
			refuse(c, &r->loc, "%s:%s cannot be enforced on Linux: "
			    "the kernel keeps no count of %s crossings to "
			    "report", name, rctl_action_name(r->action), name);
		else
			warn(c, &r->loc, "%s:%s sets no limit and brig does "
			    "not watch the amount: brig rctl -u and brig "
			    "status report the kernel's counters of the jail's "
			    "limits (%s)", name, rctl_action_name(r->action),
			    lx->events);
		break;
	case RCTL_ACT_DENY:
	case RCTL_ACT_THROTTLE:
	default:
		break;
	}
}

void
rctl_check_linux(struct conf *c, const struct rctl_set *set)
{
	const struct rctl_rule *r;
	const struct rctl_linux *lx;
	const char *name;
	size_t i;

	for (i = 0; i < set->n; i++) {
		r = &set->rules[i];
		lx = &linux_table[r->resource];
		name = rctl_resource_name(r->resource);
		if (r->subject != RCTL_SUBJ_JAIL) {
			refuse(c, &r->loc, "%s rules cannot be enforced: brig "
			    "applies jail rules only",
			    rctl_subject_name(r->subject));
			continue;
		}
		if (check_resource(c, r, lx, name) == -1 ||
		    check_per(c, r, lx, name) == -1)
			continue;
		check_action(c, r, lx, name);
	}
}
