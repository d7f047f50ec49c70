/* A jail's usage (usage.h): the files of its cgroup's directories
 * (cgroup_int.h), else sums over /proc/PID of its processes.  The
 * readers of each format are in usage_parse.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_int.h"
#include "usage.h"
#include "usage_int.h"


/* The whole of dir/file into *out (caller frees): 1; 0 when dir is NULL
 * or the file is not there (ENOENT; ESRCH for a /proc/PID that exited
 * between open and read); -1 with e. */
static int
slurp(const char *dir, const char *file, char **out, struct brig_err *e)
{
	if (dir == NULL)
		return 0;
	if (cgroup_file_read_all(AT_FDCWD, dir, file, out, e) == 0)
		return 1;
	return e->errnum == ENOENT || e->errnum == ESRCH ? 0 : -1;
}

/* After slurp() returned 1 and a reader pr: frees text; 1, or -1 with
 * e naming the file whose text is not what the kernel writes. */
static int
parsed(int pr, char *text, const char *dir, const char *file,
    struct brig_err *e)
{
	int err = errno;

	free(text);
	errno = err;
	return pr == -1 ? err_sys(e, "read %s/%s: unexpected text", dir,
	    file) : 1;
}

static int
number_in(const char *dir, const char *file, int64_t *v, struct brig_err *e)
{
	char *t;
	int r;

	if ((r = slurp(dir, file, &t, e)) == 1)
		r = parsed(usage_parse_number(t, v), t, dir, file, e);
	return r;
}

/* --- from the cgroup -------------------------------------------------- */

/* CPU time from cpu.stat (v2: every cgroup) or v1 cpuacct.usage, which
 * is in the cpu directory when cpu and cpuacct are mounted together;
 * throttling from v2 cpu.stat with the controller, else v1's. */
static int
cpu_of(const char *const *dir, struct jail_usage *u, struct brig_err *e)
{
	const char *acct = dir[UH_CPUACCT] ? dir[UH_CPUACCT] : dir[UH_CPU];
	const char *d[2] = { dir[UH_V2], dir[UH_CPU] };
	struct usage_cpu_stat cs;
	int64_t ns;
	char *t;
	int i, r;

	for (i = 0; i < 2 && u->cpu_throttled == JAIL_USAGE_UNKNOWN; i++) {
		if ((r = slurp(d[i], "cpu.stat", &t, e)) == 1)
			r = parsed(usage_parse_cpu_stat(t, &cs), t, d[i],
			    "cpu.stat", e);
		if (r == -1)
			return -1;
		if (r == 0)
			continue;
		if (u->cpu_usec == JAIL_USAGE_UNKNOWN)
			u->cpu_usec = cs.usage_usec;
		u->cpu_throttled = cs.nr_throttled;
		u->cpu_throttled_usec = cs.throttled_usec;
	}
	if (u->cpu_usec == JAIL_USAGE_UNKNOWN) {
		if ((r = number_in(acct, "cpuacct.usage", &ns, e)) == -1)
			return -1;
		if (r == 1)
			u->cpu_usec = ns / 1000;
	}
	return 0;
}

/* memory.events and memory.swap.current of the v2 memory controller. */
static int
memory_v2(const char *d, struct jail_usage *u, struct brig_err *e)
{
	struct usage_mem_events ev;
	char *t;
	int r;

	if ((r = slurp(d, "memory.events", &t, e)) == 1)
		r = parsed(usage_parse_memory_events(t, &ev), t, d,
		    "memory.events", e);
	if (r != 1)
		return r;
	u->oom_kills = ev.oom_kill;
	u->mem_limit_hits = ev.max;
	return number_in(d, "memory.swap.current", &u->swap, e) == -1 ? -1 :
	    1;
}

/* The v1 memory hierarchy; swap only with swap accounting (memsw,
 * swapaccount=1). */
static int
memory_v1(const char *d, struct jail_usage *u, struct brig_err *e)
{
	struct usage_oom_control oc;
	int64_t memsw, mem;
	char *t;
	int r, r2;

	if ((r = slurp(d, "memory.oom_control", &t, e)) == 1)
		r = parsed(usage_parse_oom_control(t, &oc), t, d,
		    "memory.oom_control", e);
	if (r == -1)
		return -1;
	if (r == 1)
		u->oom_kills = oc.oom_kill;
	if (number_in(d, "memory.failcnt", &u->mem_limit_hits, e) == -1 ||
	    (r = number_in(d, "memory.memsw.usage_in_bytes", &memsw,
	    e)) == -1 || (r2 = number_in(d, "memory.usage_in_bytes", &mem,
	    e)) == -1)
		return -1;
	if (r == 1 && r2 == 1)
		u->swap = memsw > mem ? memsw - mem : 0;
	return 0;
}

static int
memory_of(const char *const *dir, struct jail_usage *u, struct brig_err *e)
{
	int r;

	if ((r = memory_v2(dir[UH_V2], u, e)) != 0)
		return r == -1 ? -1 : 0;
	return dir[UH_MEMORY] ? memory_v1(dir[UH_MEMORY], u, e) : 0;
}

static int
pids_of(const char *const *dir, struct jail_usage *u, struct brig_err *e)
{
	const char *d = dir[UH_PIDS];
	char *t;
	int r;

	if ((r = number_in(dir[UH_V2], "pids.current", &u->nthr, e)) == -1)
		return -1;
	if (r == 1)
		d = dir[UH_V2];
	else if (number_in(d, "pids.current", &u->nthr, e) == -1)
		return -1;
	if ((r = slurp(d, "pids.events", &t, e)) == 1)
		r = parsed(usage_parse_pids_events(t, &u->pids_limit_hits), t,
		    d, "pids.events", e);
	return r == -1 ? -1 : 0;
}

/* A v1 blkio pair of counters: the recursive file of the throttling
 * policy (kept whether or not a limit is set; Linux 4.2), else the
 * plain one. */
static int
blkio_pair(const char *d, const char *file, int64_t *rd, int64_t *wr,
    struct brig_err *e)
{
	char name[96], *t;
	int r;

	snprintf(name, sizeof(name), "%s_recursive", file);
	if ((r = slurp(d, name, &t, e)) == 0)
		r = slurp(d, file, &t, e);
	else
		file = name;
	if (r == 1)
		r = parsed(usage_parse_blkio(t, rd, wr), t, d, file, e);
	return r;
}

/* io.stat (v2 io controller), else the v1 blkio hierarchy. */
static int
io_of(const char *const *dir, struct jail_usage *u, struct brig_err *e)
{
	const char *d = dir[UH_V2];
	struct usage_io io;
	char *t;
	int r;

	if ((r = slurp(d, "io.stat", &t, e)) == 1)
		r = parsed(usage_parse_io_stat(t, &io), t, d, "io.stat", e);
	if (r == -1)
		return -1;
	if (r == 1) {
		u->read_bytes = io.rbytes;
		u->write_bytes = io.wbytes;
		u->read_ios = io.rios;
		u->write_ios = io.wios;
		return 0;
	}
	if (blkio_pair(dir[UH_BLKIO], "blkio.throttle.io_service_bytes",
	    &u->read_bytes, &u->write_bytes, e) == -1 ||
	    blkio_pair(dir[UH_BLKIO], "blkio.throttle.io_serviced",
	    &u->read_ios, &u->write_ios, e) == -1)
		return -1;
	return 0;
}

/* --- from /proc ------------------------------------------------------- */

struct proc_sums {
	int64_t ticks, threads, vsize, fds, swap;
	struct usage_proc_io io;
};

/* Entries of /proc/PID/fd but . and ..; none for a process gone. */
static int
count_fds(const char *pdir, int64_t *n, struct brig_err *e)
{
	char path[64];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/fd", pdir);
	if ((d = opendir(path)) == NULL)
		return errno == ENOENT || errno == ESRCH ? 0 :
		    err_sys(e, "open %s", path);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			(*n)++;
	closedir(d);
	return 0;
}

static int
add_io(const char *pdir, struct proc_sums *s, struct brig_err *e)
{
	struct usage_proc_io io;
	char *t;
	int r;

	if ((r = slurp(pdir, "io", &t, e)) == 1)
		r = parsed(usage_parse_proc_io(t, &io), t, pdir, "io", e);
	if (r != 1)
		return r;
	if (io.read_bytes > 0)
		s->io.read_bytes += io.read_bytes;
	if (io.write_bytes > 0)
		s->io.write_bytes += io.write_bytes;
	if (io.syscr > 0)
		s->io.syscr += io.syscr;
	if (io.syscw > 0)
		s->io.syscw += io.syscw;
	return 0;
}

static int
add_swap(const char *pdir, struct proc_sums *s, struct brig_err *e)
{
	int64_t swap = 0;
	char *t;
	int r;

	if ((r = slurp(pdir, "status", &t, e)) == 1)
		r = parsed(usage_parse_status_kb(t, "VmSwap", &swap), t, pdir,
		    "status", e);
	if (r == 1 && swap > 0)
		s->swap += swap;
	return r == -1 ? -1 : 0;
}

/* One process: stat and fd always; io and VmSwap when the cgroup did not
 * say.  A process that exits meanwhile adds what was read of it. */
static int
add_proc(pid_t pid, const struct jail_usage *u, struct proc_sums *s,
    struct brig_err *e)
{
	struct usage_proc_stat st;
	char pdir[32], *t;
	int r;

	snprintf(pdir, sizeof(pdir), "/proc/%d", (int)pid);
	if ((r = slurp(pdir, "stat", &t, e)) == 1)
		r = parsed(usage_parse_proc_stat(t, &st), t, pdir, "stat", e);
	if (r != 1)
		return r;
	s->ticks += st.utime + st.stime + st.cutime + st.cstime;
	s->threads += st.num_threads;
	s->vsize += st.vsize;
	if (count_fds(pdir, &s->fds, e) == -1 ||
	    (u->read_bytes == JAIL_USAGE_UNKNOWN && add_io(pdir, s, e) == -1) ||
	    (u->swap == JAIL_USAGE_UNKNOWN && add_swap(pdir, s, e) == -1))
		return -1;
	return 0;
}

/* The sums over the processes, for what the cgroup left unknown.  The
 * figures are a few billion at most per process: no overflow. */
static int
proc_of(const pid_t *pids, size_t n, struct jail_usage *u,
    struct brig_err *e)
{
	struct proc_sums s;
	long hz = sysconf(_SC_CLK_TCK);
	size_t i;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < n; i++)
		if (add_proc(pids[i], u, &s, e) == -1)
			return -1;
	if (u->cpu_usec == JAIL_USAGE_UNKNOWN && hz > 0)
		u->cpu_usec = s.ticks * 1000000 / hz;
	if (u->nthr == JAIL_USAGE_UNKNOWN)
		u->nthr = s.threads;
	if (u->swap == JAIL_USAGE_UNKNOWN)
		u->swap = s.swap;
	if (u->read_bytes == JAIL_USAGE_UNKNOWN) {
		u->read_bytes = s.io.read_bytes;
		u->write_bytes = s.io.write_bytes;
		u->read_ios = s.io.syscr;
		u->write_ios = s.io.syscw;
	}
	u->openfiles = s.fds;
	u->vmemory = s.vsize;
	return 0;
}

/* The jail's own stack, as its init sees it. */
static int
net_of(pid_t init, struct jail_usage *u, struct brig_err *e)
{
	struct usage_net n;
	char pdir[32], *t;
	int r;

	snprintf(pdir, sizeof(pdir), "/proc/%d/net", (int)init);
	if ((r = slurp(pdir, "dev", &t, e)) == 1)
		r = parsed(usage_parse_net_dev(t, &n), t, pdir, "dev", e);
	if (r != 1)
		return r;
	u->net_rx_bytes = n.rx_bytes;
	u->net_tx_bytes = n.tx_bytes;
	u->net_rx_packets = n.rx_packets;
	u->net_tx_packets = n.tx_packets;
	return 0;
}

static const struct jail_usage unknown = {
	.memory = JAIL_USAGE_UNKNOWN,
	.memsrc = CGROUP_MEM_CHARGED,
	.swap = JAIL_USAGE_UNKNOWN,
	.nproc = JAIL_USAGE_UNKNOWN,
	.nthr = JAIL_USAGE_UNKNOWN,
	.cpu_usec = JAIL_USAGE_UNKNOWN,
	.read_bytes = JAIL_USAGE_UNKNOWN,
	.write_bytes = JAIL_USAGE_UNKNOWN,
	.read_ios = JAIL_USAGE_UNKNOWN,
	.write_ios = JAIL_USAGE_UNKNOWN,
	.net_rx_bytes = JAIL_USAGE_UNKNOWN,
	.net_tx_bytes = JAIL_USAGE_UNKNOWN,
	.net_rx_packets = JAIL_USAGE_UNKNOWN,
	.net_tx_packets = JAIL_USAGE_UNKNOWN,
	.openfiles = JAIL_USAGE_UNKNOWN,
	.vmemory = JAIL_USAGE_UNKNOWN,
	.oom_kills = JAIL_USAGE_UNKNOWN,
	.mem_limit_hits = JAIL_USAGE_UNKNOWN,
	.pids_limit_hits = JAIL_USAGE_UNKNOWN,
	.cpu_throttled = JAIL_USAGE_UNKNOWN,
	.cpu_throttled_usec = JAIL_USAGE_UNKNOWN,
};

/* The v1 directory holding controller c, or NULL. */
static const char *
v1_dir(const struct cgroup *cg, enum cgroup_ctl c)
{
	const struct cgroup_dir *d = cgroup_dir_of(cg, c);

	return d != NULL && d->ops == &cgroup_v1_ops ? d->path : NULL;
}

int
jail_usage_read(const struct cgroup *cg, pid_t init, bool vnet,
    struct jail_usage *out, struct brig_err *e)
{
	const struct cgroup_dir *v2 = cgroup_v2_dir(cg);
	const char *dir[UH_N];
	struct jail_usage u;
	pid_t *pids = NULL;
	size_t n;
	int r = -1;

	u = unknown;
	dir[UH_V2] = v2 ? v2->path : NULL;
	dir[UH_MEMORY] = v1_dir(cg, CG_MEMORY);
	dir[UH_PIDS] = v1_dir(cg, CG_PIDS);
	dir[UH_CPU] = v1_dir(cg, CG_CPU);
	dir[UH_CPUACCT] = dir[UH_CPU];	/* cpuacct.usage: when comounted */
	dir[UH_BLKIO] = v1_dir(cg, CG_IO);
	if ((u.memory = cgroup_memory(cg, &u.memsrc, e)) == -1 ||
	    cgroup_pids(cg, &pids, &n, e) == -1)
		return -1;
	u.nproc = (int64_t)n;
	if (cpu_of(dir, &u, e) == -1 || memory_of(dir, &u, e) == -1 ||
	    pids_of(dir, &u, e) == -1 || io_of(dir, &u, e) == -1 ||
	    proc_of(pids, n, &u, e) == -1)
		goto out;
	if (vnet && init > 0 && net_of(init, &u, e) == -1)
		goto out;
	*out = u;
	r = 0;
out:
	free(pids);
	return r;
}

/* --- rates ------------------------------------------------------------ */

static double
rate(int64_t a, int64_t b, int64_t usec)
{
	if (a == JAIL_USAGE_UNKNOWN || b == JAIL_USAGE_UNKNOWN || usec <= 0)
		return -1;
	return b > a ? (double)(b - a) * 1e6 / (double)usec : 0;
}

void
jail_usage_rates(const struct jail_usage *a, const struct jail_usage *b,
    int64_t usec, struct jail_rates *r)
{
	r->pcpu = rate(a->cpu_usec, b->cpu_usec, usec);
	if (r->pcpu > 0)
		r->pcpu /= 1e4;	/* microseconds per second -> percent */
	r->read_bps = rate(a->read_bytes, b->read_bytes, usec);
	r->write_bps = rate(a->write_bytes, b->write_bytes, usec);
	r->read_iops = rate(a->read_ios, b->read_ios, usec);
	r->write_iops = rate(a->write_ios, b->write_ios, usec);
	r->rx_bps = rate(a->net_rx_bytes, b->net_rx_bytes, usec);
	r->tx_bps = rate(a->net_tx_bytes, b->net_tx_bytes, usec);
	r->rx_pps = rate(a->net_rx_packets, b->net_rx_packets, usec);
	r->tx_pps = rate(a->net_tx_packets, b->net_tx_packets, usec);
}
