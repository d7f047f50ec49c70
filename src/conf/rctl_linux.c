/* What brig can do on Linux with each FreeBSD resource: the table of
 * the nearest Linux mechanism, and the check that says, at brig check
 * time, which rules brig cannot enforce as written. */
#include <sys/resource.h>

#include "conf_int.h"
#include "rctl_conf.h"

#define warn(c, loc, ...) \
	conf_diag(c, CONF_WARNING, CONF_STAGE_CHECK, loc, __VA_ARGS__)

#define CG(v2, v1, note) { RCTL_LX_CGROUP, v2, v1, -1, NULL, note }
#define RL(r, note)	 { RCTL_LX_RLIMIT, NULL, NULL, r, NULL, note }
#define IPC(k, note)	 { RCTL_LX_IPCNS, NULL, NULL, -1, k, note }
#define NONE(note)	 { RCTL_LX_NONE, NULL, NULL, -1, NULL, note }

/* Each FreeBSD resource and the nearest Linux mechanism.  cgroup and
 * IPC-namespace limits cover the jail as a whole; rlimits cover each
 * process on its own. */
static const struct rctl_linux linux_table[RCTL_NRESOURCES] = {
	[RCTL_RES_CPUTIME] = RL(RLIMIT_CPU, "CPU seconds of each process"),
	[RCTL_RES_DATASIZE] = RL(RLIMIT_DATA, "data segment of each process"),
	[RCTL_RES_STACKSIZE] = RL(RLIMIT_STACK, "stack of each process"),
	[RCTL_RES_COREDUMPSIZE] = RL(RLIMIT_CORE, "core file size"),
	[RCTL_RES_MEMORYUSE] = CG("memory.max", "memory.limit_in_bytes",
	    "the jail's memory, page cache included"),
	[RCTL_RES_MEMORYLOCKED] = RL(RLIMIT_MEMLOCK,
	    "locked memory of each process"),
	[RCTL_RES_MAXPROC] = CG("pids.max", "pids.max",
	    "Linux counts threads as well as processes"),
	[RCTL_RES_OPENFILES] = RL(RLIMIT_NOFILE,
	    "descriptors of each process"),
	[RCTL_RES_VMEMORYUSE] = RL(RLIMIT_AS, "address space of each process"),
	[RCTL_RES_PSEUDOTERMINALS] = { RCTL_LX_DEVPTS, NULL, NULL, -1, "max",
	    "the max= option of the jail's own /dev/pts" },
	[RCTL_RES_SWAPUSE] = CG("memory.swap.max",
	    "memory.memsw.limit_in_bytes",
	    "cgroup v1 limits memory and swap together"),
	[RCTL_RES_NTHR] = CG("pids.max", "pids.max",
	    "shared with maxproc: Linux counts threads and processes together"),
	[RCTL_RES_MSGQQUEUED] = NONE("Linux has no limit on queued System V "
	    "messages"),
	[RCTL_RES_MSGQSIZE] = IPC("kernel.msgmnb",
	    "limits each queue, not all queues together"),
	[RCTL_RES_NMSGQ] = IPC("kernel.msgmni", "message queues"),
	[RCTL_RES_NSEM] = IPC("kernel.sem", "SEMMNS, its second field"),
	[RCTL_RES_NSEMOP] = IPC("kernel.sem", "SEMOPM, its third field"),
	[RCTL_RES_NSHM] = IPC("kernel.shmmni", "shared memory segments"),
	[RCTL_RES_SHMSIZE] = IPC("kernel.shmall", "counted in pages"),
	[RCTL_RES_WALLCLOCK] = NONE("Linux has no wall-clock limit"),
	[RCTL_RES_PCPU] = CG("cpu.max", "cpu.cfs_quota_us",
	    "a quota per period: 50 is \"50000 100000\""),
	[RCTL_RES_READBPS] = CG("io.max", "blkio.throttle.read_bps_device",
	    "rbps= of the jail's block devices"),
	[RCTL_RES_WRITEBPS] = CG("io.max", "blkio.throttle.write_bps_device",
	    "wbps= of the jail's block devices"),
	[RCTL_RES_READIOPS] = CG("io.max", "blkio.throttle.read_iops_device",
	    "riops= of the jail's block devices"),
	[RCTL_RES_WRITEIOPS] = CG("io.max",
	    "blkio.throttle.write_iops_device",
	    "wiops= of the jail's block devices"),
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
			warn(c, &r->loc, "brig applies jail rules only; this "
			    "%s rule is not enforced",
			    rctl_subject_name(r->subject));
			continue;
		}
		if (r->action == RCTL_ACT_SIGNAL && r->sig == 0)
			conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK, &r->loc,
			    "%s: Linux has no such signal", r->signame);
		if (lx->how == RCTL_LX_NONE)
			warn(c, &r->loc, "%s cannot be enforced on Linux (%s); "
			    "the rule is ignored", name, lx->note);
		else if (lx->how == RCTL_LX_RLIMIT &&
		    r->per != RCTL_SUBJ_PROCESS)
			warn(c, &r->loc, "%s can be limited only per process "
			    "on Linux (%s): the limit applies to each process, "
			    "not to the %s's total; write /process", name,
			    lx->note, rctl_subject_name(r->per));
		else if (lx->how != RCTL_LX_RLIMIT && r->per != RCTL_SUBJ_JAIL)
			warn(c, &r->loc, "%s can be limited only for the jail "
			    "as a whole on Linux (%s): the limit applies to "
			    "the jail's total, not to each %s", name,
			    lx->note, rctl_subject_name(r->per));
	}
}
