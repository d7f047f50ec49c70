/* A jail's rctl rules as the kernel's limits: the FreeBSD resource ->
 * Linux knob table, the plan built from the rules, its writers for the
 * v2 and v1 files (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/
 * memory.rst, sched-bwc.rst, blkio-controller.rst), and the rlimits
 * (prlimit(2)).  The IPC sysctls' writer is ipcns.c; the devpts max=
 * src/ns/devfs.c's.  What brig check refuses (src/conf/rctl_linux.c) never
 * gets here; the table below is the one the rest of brig follows. */
#include <sys/resource.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limit.h"
#include "limit_int.h"

#define CFS_PERIOD_US	100000	/* cpu.max's default period */
#define CFS_QUOTA_MIN	1000	/* the least quota the kernel takes: 1 ms */

#define NONE		{ -1, -1, 0, -1 }
#define KNOB(k, w)	{ k, -1, w, -1 }
#define RLIM(r)		{ -1, r, 0, -1 }
#define IPC(i)		{ -1, -1, 0, i }

/* What each resource sets: a knob of the jail's cgroup, an rlimit of
 * each of its processes, or a sysctl of its IPC namespace
 * (pseudoterminals, the max= of its devpts, is add_rule()'s own case);
 * watch: the controller whose counters a log or devctl rule reads
 * (memory.events, pids.events, cpu.stat).  The other resources brig
 * check refuses. */
static const struct {
	int knob;		/* enum rctl_knob, or -1 */
	int rlimit;		/* RLIMIT_*, or -1 */
	unsigned watch;		/* CGROUP_* */
	int ipc;		/* enum rctl_ipc, or -1 */
} map[RCTL_NRESOURCES] = {
	[RCTL_RES_CPUTIME] = RLIM(RLIMIT_CPU),
	[RCTL_RES_DATASIZE] = RLIM(RLIMIT_DATA),
	[RCTL_RES_STACKSIZE] = RLIM(RLIMIT_STACK),
	[RCTL_RES_COREDUMPSIZE] = RLIM(RLIMIT_CORE),
	[RCTL_RES_MEMORYUSE] = KNOB(RK_MEMORY, CGROUP_MEMORY),
	[RCTL_RES_MEMORYLOCKED] = RLIM(RLIMIT_MEMLOCK),
	[RCTL_RES_MAXPROC] = KNOB(RK_PIDS, CGROUP_PIDS),
	[RCTL_RES_OPENFILES] = RLIM(RLIMIT_NOFILE),
	[RCTL_RES_VMEMORYUSE] = RLIM(RLIMIT_AS),
	[RCTL_RES_PSEUDOTERMINALS] = NONE,
	[RCTL_RES_SWAPUSE] = KNOB(RK_SWAP, CGROUP_MEMORY),
	[RCTL_RES_NTHR] = KNOB(RK_PIDS, CGROUP_PIDS),
	[RCTL_RES_MSGQQUEUED] = NONE,
	[RCTL_RES_MSGQSIZE] = IPC(RI_MSGMNB),
	[RCTL_RES_NMSGQ] = IPC(RI_MSGMNI),
	[RCTL_RES_NSEM] = IPC(RI_SEMMNS),
	[RCTL_RES_NSEMOP] = IPC(RI_SEMOPM),
	[RCTL_RES_NSHM] = IPC(RI_SHMMNI),
	[RCTL_RES_SHMSIZE] = IPC(RI_SHMALL),
	[RCTL_RES_WALLCLOCK] = NONE,
	[RCTL_RES_PCPU] = KNOB(RK_CPU, CGROUP_CPU),
	[RCTL_RES_READBPS] = KNOB(RK_RBPS, 0),
	[RCTL_RES_WRITEBPS] = KNOB(RK_WBPS, 0),
	[RCTL_RES_READIOPS] = KNOB(RK_RIOPS, 0),
	[RCTL_RES_WRITEIOPS] = KNOB(RK_WIOPS, 0),
};

#undef NONE
#undef KNOB
#undef RLIM
#undef IPC

/* The controller of each knob. */
static const enum cgroup_ctl knob_ctl[RK_NKNOB] = {
	[RK_MEMORY] = CG_MEMORY, [RK_SWAP] = CG_MEMORY, [RK_PIDS] = CG_PIDS,
	[RK_CPU] = CG_CPU, [RK_RBPS] = CG_IO, [RK_WBPS] = CG_IO,
	[RK_RIOPS] = CG_IO, [RK_WIOPS] = CG_IO,
};

/* The rlimits rctl sets, for rctl_rlimits_cap() and the format. */
static const struct {
	int r;
	const char *name;
} rlimits[] = {
	{ RLIMIT_CPU, "RLIMIT_CPU" }, { RLIMIT_DATA, "RLIMIT_DATA" },
	{ RLIMIT_STACK, "RLIMIT_STACK" }, { RLIMIT_CORE, "RLIMIT_CORE" },
	{ RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK" },
	{ RLIMIT_NOFILE, "RLIMIT_NOFILE" },
	{ RLIMIT_AS, "RLIMIT_AS" },
};

#define NRLIMITS (sizeof(rlimits) / sizeof(rlimits[0]))

static void
lower(int64_t *slot, uint64_t amount)
{
	int64_t v = amount > INT64_MAX ? INT64_MAX : (int64_t)amount;

	if (*slot == RCTL_NO_LIMIT || v < *slot)
		*slot = v;
}

/* An IPC sysctl or the pty maximum: writing more than a fresh
 * namespace or devpts instance has would raise the jail's limit above
 * what a jail without the rule gets, where FreeBSD's rctl only ever
 * lowers one (its kern.ipc.* stay above every jail's rules). */
static void
lower_capped(int64_t *slot, uint64_t amount, uint64_t dflt)
{
	lower(slot, amount < dflt ? amount : dflt);
}

/* The deny rule of an IPC resource: shmsize is counted in bytes, its
 * sysctl kernel.shmall in pages (rounded down: never more than the
 * rule's bytes). */
static void
add_ipc(const struct rctl_rule *r, int k, struct rctl_plan *p)
{
	uint64_t amount = r->amount;
	long page = sysconf(_SC_PAGESIZE);

	if (k == RI_SHMALL)
		amount /= (uint64_t)(page > 0 ? page : 4096);
	lower_capped(&p->ipc[k], amount, rctl_ipc_default(k));
}

/* One rule of the jail: deny and throttle set a limit, the signals that
 * RLIMIT_CPU sends set one of cputime's, log and devctl only watch. */
static void
add_rule(const struct rctl_rule *r, struct rctl_plan *p)
{
	int knob = map[r->resource].knob, rl = map[r->resource].rlimit;
	int ipc = map[r->resource].ipc;

	switch (r->action) {
	case RCTL_ACT_DENY:
	case RCTL_ACT_THROTTLE:
		if (knob >= 0) {
			lower(&p->knob[knob], r->amount);
			p->need |= CG_BIT(knob_ctl[knob]);
		} else if (rl >= 0)
			lower(&p->rlim[rl], r->amount);
		else if (ipc >= 0)
			add_ipc(r, ipc, p);
		else if (r->resource == RCTL_RES_PSEUDOTERMINALS)
			lower_capped(&p->ptys, r->amount, RCTL_PTY_MAX);
		break;
	case RCTL_ACT_SIGNAL:
		if (r->resource != RCTL_RES_CPUTIME)
			break;
		if (r->sig == SIGKILL)
			lower(&p->rlim[RLIMIT_CPU], r->amount);
		else if (r->sig == SIGXCPU)
			lower(&p->rlim_soft[RLIMIT_CPU], r->amount);
		break;
	case RCTL_ACT_LOG:
	case RCTL_ACT_DEVCTL:
		p->need |= map[r->resource].watch;
		break;
	}
}

void
rctl_plan_build(const struct rctl_rule *rules, size_t n, const char *name,
    struct rctl_plan *p)
{
	size_t i;
	int k;

	for (k = 0; k < RK_NKNOB; k++)
		p->knob[k] = RCTL_NO_LIMIT;
	for (k = 0; k < RLIM_NLIMITS; k++)
		p->rlim[k] = p->rlim_soft[k] = RCTL_NO_LIMIT;
	for (k = 0; k < RI_NIPC; k++)
		p->ipc[k] = RCTL_NO_LIMIT;
	p->ptys = RCTL_NO_LIMIT;
	p->need = 0;
	p->iodev = 0;
	for (i = 0; i < n; i++)
		if (rules[i].subject == RCTL_SUBJ_JAIL && rules[i].id != NULL &&
		    strcmp(rules[i].id, name) == 0 &&
		    (unsigned)rules[i].resource < RCTL_NRESOURCES)
			add_rule(&rules[i], p);
}

bool
rctl_plan_has_io(const struct rctl_plan *p)
{
	return p->knob[RK_RBPS] != RCTL_NO_LIMIT ||
	    p->knob[RK_WBPS] != RCTL_NO_LIMIT ||
	    p->knob[RK_RIOPS] != RCTL_NO_LIMIT ||
	    p->knob[RK_WIOPS] != RCTL_NO_LIMIT;
}

/* --- the cgroup files -------------------------------------------------- */

static bool
ctl_limited(const struct rctl_plan *p, enum cgroup_ctl c)
{
	int k;

	for (k = 0; k < RK_NKNOB; k++)
		if (knob_ctl[k] == c && p->knob[k] != RCTL_NO_LIMIT)
			return true;
	return false;
}

/* A knob as v2 writes it: the number, or "max". */
static const char *
v2_val(int64_t v, char *buf, size_t len)
{
	if (v == RCTL_NO_LIMIT)
		return "max";
	snprintf(buf, len, "%" PRId64, v);
	return buf;
}

/* As v1 writes it: the number, or -1 (memory, cfs quota). */
static const char *
v1_val(int64_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRId64, v == RCTL_NO_LIMIT ? -1 : v);
	return buf;
}

static int
write_file(int dfd, const char *dpath, const char *file, const char *val,
    struct brig_err *e)
{
	return cgroup_file_write(dfd, dpath, file, val, e);
}

/* A v1 limit file read back; RCTL_V1_UNLIMITED for its "no limit". */
static int
read_u64(int dfd, const char *dpath, const char *file, uint64_t *out,
    struct brig_err *e)
{
	char buf[64], *end;
	unsigned long long v;

	if (cgroup_file_read(dfd, dpath, file, buf, sizeof(buf), e) == -1)
		return -1;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (end == buf || errno || (*end != '\n' && *end != '\0'))
		return err_fmt(e, "read %s/%s: unexpected \"%.20s\"", dpath,
		    file, buf);
	*out = v >= (unsigned long long)INT64_MAX / 2 ? RCTL_V1_UNLIMITED : v;
	return 0;
}

bool
rctl_memsw_first(uint64_t new_mem, uint64_t cur_memsw)
{
	return new_mem > cur_memsw;
}

static int
memory_v2(const struct rctl_plan *p, int dfd, const char *dpath,
    struct brig_err *e)
{
	char buf[32];

	if (write_file(dfd, dpath, "memory.max", v2_val(p->knob[RK_MEMORY],
	    buf, sizeof(buf)), e) == -1)
		return -1;
	/* No memory.swap.max without swap accounting: nothing to lift. */
	if (p->knob[RK_SWAP] == RCTL_NO_LIMIT &&
	    faccessat(dfd, "memory.swap.max", F_OK, 0) == -1 &&
	    errno == ENOENT)
		return 0;
	return write_file(dfd, dpath, "memory.swap.max",
	    v2_val(p->knob[RK_SWAP], buf, sizeof(buf)), e);
}

/* v1 limits memory, and memory + swap together (memsw). */
static int
memory_v1(const struct rctl_plan *p, int dfd, const char *dpath,
    struct brig_err *e)
{
	int64_t mem = p->knob[RK_MEMORY], swap = p->knob[RK_SWAP], sw;
	char mbuf[32], sbuf[32];
	uint64_t cur = 0;
	bool memsw;

	memsw = faccessat(dfd, "memory.memsw.limit_in_bytes", F_OK, 0) == 0;
	if (swap != RCTL_NO_LIMIT && !memsw) {
		errno = ENOENT;
		return err_sys(e, "limit swap in %s: no memory.memsw."
		    "limit_in_bytes (swap accounting is off: boot with "
		    "swapaccount=1)", dpath);
	}
	if (swap != RCTL_NO_LIMIT && mem == RCTL_NO_LIMIT)
		return err_fmt(e, "limit swap in %s: cgroup v1 limits memory "
		    "and swap together; swapuse needs a memoryuse rule too",
		    dpath);
	if (!memsw)
		return write_file(dfd, dpath, "memory.limit_in_bytes",
		    v1_val(mem, mbuf, sizeof(mbuf)), e);
	sw = swap == RCTL_NO_LIMIT ? RCTL_NO_LIMIT :
	    swap > INT64_MAX - mem ? INT64_MAX : mem + swap;
	v1_val(mem, mbuf, sizeof(mbuf));
	v1_val(sw, sbuf, sizeof(sbuf));
	if (read_u64(dfd, dpath, "memory.memsw.limit_in_bytes", &cur, e) == -1)
		return -1;
	if (rctl_memsw_first(mem == RCTL_NO_LIMIT ? RCTL_V1_UNLIMITED :
	    (uint64_t)mem, cur))
		return write_file(dfd, dpath, "memory.memsw.limit_in_bytes",
		    sbuf, e) == -1 ? -1 : write_file(dfd, dpath,
		    "memory.limit_in_bytes", mbuf, e);
	return write_file(dfd, dpath, "memory.limit_in_bytes", mbuf, e) ==
	    -1 ? -1 : write_file(dfd, dpath, "memory.memsw.limit_in_bytes",
	    sbuf, e);
}

/* pcpu is a percentage of one CPU: the quota per 100 ms period; above
 * 100 spans several CPUs. */
static int64_t
cpu_quota(int64_t pcpu)
{
	int64_t q;

	if (pcpu > INT64_MAX / (CFS_PERIOD_US / 100))
		return INT64_MAX / 1000;	/* microseconds, as the kernel
						 * keeps them in ns */
	q = pcpu * (CFS_PERIOD_US / 100);
	return q < CFS_QUOTA_MIN ? CFS_QUOTA_MIN : q;
}

static int
cpu_write(const struct rctl_plan *p, int dfd, const char *dpath, bool v2,
    struct brig_err *e)
{
	int64_t pcpu = p->knob[RK_CPU];
	char buf[64], q[32];

	if (v2) {
		snprintf(buf, sizeof(buf), "%s %d", pcpu == RCTL_NO_LIMIT ?
		    "max" : v2_val(cpu_quota(pcpu), q, sizeof(q)),
		    CFS_PERIOD_US);
		return write_file(dfd, dpath, "cpu.max", buf, e);
	}
	snprintf(buf, sizeof(buf), "%d", CFS_PERIOD_US);
	if (write_file(dfd, dpath, "cpu.cfs_period_us", buf, e) == -1)
		return -1;
	return write_file(dfd, dpath, "cpu.cfs_quota_us", v1_val(pcpu ==
	    RCTL_NO_LIMIT ? RCTL_NO_LIMIT : cpu_quota(pcpu), q, sizeof(q)), e);
}

static int
io_write(const struct rctl_plan *p, int dfd, const char *dpath, bool v2,
    struct brig_err *e)
{
	static const char *const v1_files[] = {
		[RK_RBPS] = "blkio.throttle.read_bps_device",
		[RK_WBPS] = "blkio.throttle.write_bps_device",
		[RK_RIOPS] = "blkio.throttle.read_iops_device",
		[RK_WIOPS] = "blkio.throttle.write_iops_device",
	};
	unsigned maj = major(p->iodev), min = minor(p->iodev);
	char buf[160], v[4][32];
	int k;

	if (p->iodev == 0) {
		if (!rctl_plan_has_io(p))
			return 0;	/* no device: no limit to lift */
		return err_fmt(e, "throttle io in %s: no block device found "
		    "for the jail", dpath);
	}
	if (v2) {
		snprintf(buf, sizeof(buf), "%u:%u rbps=%s wbps=%s riops=%s "
		    "wiops=%s", maj, min, v2_val(p->knob[RK_RBPS], v[0], 32),
		    v2_val(p->knob[RK_WBPS], v[1], 32),
		    v2_val(p->knob[RK_RIOPS], v[2], 32),
		    v2_val(p->knob[RK_WIOPS], v[3], 32));
		return write_file(dfd, dpath, "io.max", buf, e);
	}
	/* v1: 0 removes the device's rule. */
	for (k = RK_RBPS; k <= RK_WIOPS; k++) {
		snprintf(buf, sizeof(buf), "%u:%u %" PRId64, maj, min,
		    p->knob[k] == RCTL_NO_LIMIT ? 0 : p->knob[k]);
		if (write_file(dfd, dpath, v1_files[k], buf, e) == -1)
			return -1;
	}
	return 0;
}

int
rctl_write_ctl(const struct rctl_plan *p, enum cgroup_ctl c, int dfd,
    const char *dpath, bool v2, struct brig_err *e)
{
	char buf[32];

	switch (c) {
	case CG_MEMORY:
		return v2 ? memory_v2(p, dfd, dpath, e) :
		    memory_v1(p, dfd, dpath, e);
	case CG_PIDS:
		return write_file(dfd, dpath, "pids.max",
		    v2_val(p->knob[RK_PIDS], buf, sizeof(buf)), e);
	case CG_CPU:
		return cpu_write(p, dfd, dpath, v2, e);
	case CG_IO:
		return io_write(p, dfd, dpath, v2, e);
	case CG_FREEZER:
	case CG_NCTL:
	default:
		return 0;
	}
}

/* Every knob, limited or not: a controller the jail is not in is one it
 * has no limit in (it joins the hierarchy when a rule needs it:
 * cgroup_create's need, cgroup_extend). */
int
rctl_plan_apply(const struct rctl_plan *p, const struct cgroup *cg,
    struct brig_err *e)
{
	static const enum cgroup_ctl ctls[] = { CG_MEMORY, CG_PIDS, CG_CPU,
	    CG_IO };
	const struct cgroup_dir *d;
	size_t i;

	for (i = 0; i < sizeof(ctls) / sizeof(ctls[0]); i++) {
		d = cgroup_dir_of(cg, ctls[i]);
		if (d == NULL && ctl_limited(p, ctls[i]))
			return err_fmt(e, "limit brig/%s: the jail's cgroup "
			    "has no %s controller", cgroup_name(cg),
			    cgroup_ctl_name(ctls[i], false));
		if (d != NULL && rctl_write_ctl(p, ctls[i], d->fd, d->path,
		    d->ops == &cgroup_v2_ops, e) == -1)
			return -1;
	}
	return 0;
}

/* --- rlimits ----------------------------------------------------------- */

static const char *
rlimit_name(int r)
{
	size_t i;

	for (i = 0; i < NRLIMITS; i++)
		if (rlimits[i].r == r)
			return rlimits[i].name;
	return "rlimit";
}

int
rctl_plan_rlimits(const struct rctl_plan *p, pid_t pid, struct brig_err *e)
{
	struct rlimit rl, cur;
	int r;

	for (r = 0; r < RLIM_NLIMITS; r++) {
		if (p->rlim[r] == RCTL_NO_LIMIT &&
		    p->rlim_soft[r] == RCTL_NO_LIMIT)
			continue;
		if (p->rlim[r] != RCTL_NO_LIMIT)
			rl.rlim_max = (rlim_t)p->rlim[r];
		else if (prlimit(pid, (enum __rlimit_resource)r, NULL,
		    &cur) == -1)
			return err_sys(e, "read %s of pid %d", rlimit_name(r),
			    (int)pid);
		else
			rl.rlim_max = cur.rlim_max;
		rl.rlim_cur = rl.rlim_max;
		if (p->rlim_soft[r] != RCTL_NO_LIMIT &&
		    (rlim_t)p->rlim_soft[r] < rl.rlim_max)
			rl.rlim_cur = (rlim_t)p->rlim_soft[r];
		if (prlimit(pid, (enum __rlimit_resource)r, &rl, NULL) == -1)
			return err_sys(e, "set %s of pid %d to %llu",
			    rlimit_name(r), (int)pid,
			    (unsigned long long)rl.rlim_max);
	}
	return 0;
}

int
rctl_rlimits_cap(pid_t from, pid_t pid, struct brig_err *e)
{
	struct rlimit j, c, n;
	size_t i;

	for (i = 0; i < NRLIMITS; i++) {
		if (prlimit(from, (enum __rlimit_resource)rlimits[i].r, NULL,
		    &j) == -1 || prlimit(pid,
		    (enum __rlimit_resource)rlimits[i].r, NULL, &c) == -1)
			return err_sys(e, "read %s", rlimits[i].name);
		n.rlim_cur = j.rlim_cur < c.rlim_cur ? j.rlim_cur : c.rlim_cur;
		n.rlim_max = j.rlim_max < c.rlim_max ? j.rlim_max : c.rlim_max;
		if ((n.rlim_cur != c.rlim_cur || n.rlim_max != c.rlim_max) &&
		    prlimit(pid, (enum __rlimit_resource)rlimits[i].r, &n,
		    NULL) == -1)
			return err_sys(e, "set %s of pid %d", rlimits[i].name,
			    (int)pid);
	}
	return 0;
}

/* --- words ------------------------------------------------------------- */

static void
add(char *buf, size_t len, size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(char *buf, size_t len, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o >= len)
		return;
	if (*o > 0) {
		n = snprintf(buf + *o, len - *o, ", ");
		*o += n > 0 ? (size_t)n : 0;
		if (*o >= len)
			return;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf + *o, len - *o, fmt, ap);
	va_end(ap);
	*o += n > 0 ? (size_t)n : 0;
}

const char *
rctl_plan_format(const struct rctl_plan *p, char *buf, size_t len)
{
	static const char *const knobs[RK_NKNOB] = {
		[RK_MEMORY] = "memory", [RK_SWAP] = "swap", [RK_PIDS] = "pids",
		[RK_CPU] = "cpu", [RK_RBPS] = "rbps", [RK_WBPS] = "wbps",
		[RK_RIOPS] = "riops", [RK_WIOPS] = "wiops",
	};
	size_t o = 0, i;
	int k;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (k = 0; k < RK_NKNOB; k++)
		if (p->knob[k] != RCTL_NO_LIMIT)
			add(buf, len, &o, "%s %" PRId64 "%s", knobs[k],
			    p->knob[k], k == RK_CPU ? "%" : "");
	if (rctl_plan_has_io(p) && p->iodev != 0)
		add(buf, len, &o, "on %u:%u", major(p->iodev),
		    minor(p->iodev));
	for (k = 0; k < RI_NIPC; k++)
		if (p->ipc[k] != RCTL_NO_LIMIT)
			add(buf, len, &o, "%s %" PRId64, rctl_ipc_name(k),
			    p->ipc[k]);
	if (p->ptys != RCTL_NO_LIMIT)
		add(buf, len, &o, "ptys %" PRId64, p->ptys);
	for (i = 0; i < NRLIMITS; i++) {
		if (p->rlim[rlimits[i].r] != RCTL_NO_LIMIT)
			add(buf, len, &o, "%s %" PRId64, rlimits[i].name,
			    p->rlim[rlimits[i].r]);
		if (p->rlim_soft[rlimits[i].r] != RCTL_NO_LIMIT)
			add(buf, len, &o, "%s soft %" PRId64, rlimits[i].name,
			    p->rlim_soft[rlimits[i].r]);
	}
	if (o == 0)
		snprintf(buf, len, "no limit");
	return buf;
}
