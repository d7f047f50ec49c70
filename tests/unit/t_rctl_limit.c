/* Unit tests of src/rctl/limit.c and iodev.c: the plan a jail's rules
 * make (lowest amount wins, which controllers it needs), the v2 and v1
 * writers pointed at a fake cgroup directory (plain files in a temporary
 * directory: cgroup_file_write() takes a dirfd), the rlimits on a child
 * of the test, the mount holding a path and the disk of a partition
 * (a fake sysfs). */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf/conf.h"
#include "conf/rctl_conf.h"
#include "rctl/limit.h"
#include "rctl/limit_int.h"

static char tmpdir[64];

/* The plan of jail "dns" from rctl.conf text (which must parse). */
static void
plan_of(const char *text, struct rctl_plan *p)
{
	struct conf *c = conf_new(0);
	struct rctl_set set = { NULL, 0 };

	assert_int_equal(rctl_parse(c, "rctl.conf", text, strlen(text), &set),
	    0);
	rctl_plan_build(set.rules, set.n, "dns", p);
	conf_free(c);
}

static void
test_build_empty(void **state)
{
	struct rctl_plan p;
	int k;

	(void)state;
	rctl_plan_build(NULL, 0, "dns", &p);
	for (k = 0; k < RK_NKNOB; k++)
		assert_int_equal(p.knob[k], RCTL_NO_LIMIT);
	for (k = 0; k < RLIM_NLIMITS; k++) {
		assert_int_equal(p.rlim[k], RCTL_NO_LIMIT);
		assert_int_equal(p.rlim_soft[k], RCTL_NO_LIMIT);
	}
	assert_int_equal(p.need, 0);
	assert_false(rctl_plan_has_io(&p));
	for (k = 0; k < RI_NIPC; k++)
		assert_int_equal(p.ipc[k], RCTL_NO_LIMIT);
	assert_int_equal(p.ptys, RCTL_NO_LIMIT);
	assert_false(rctl_plan_has_ipc(&p));
}

static void
test_build_knobs(void **state)
{
	struct rctl_plan p;

	(void)state;
	plan_of("jail:dns:memoryuse:deny=512M\njail:dns:swapuse:deny=1G\n"
	    "jail:dns:maxproc:deny=64\njail:dns:pcpu:deny=50\n"
	    "jail:dns:readbps:throttle=1M\njail:dns:writeiops:throttle=100\n"
	    "jail:dns:openfiles:deny=20/process\n"
	    "jail:dns:vmemoryuse:deny=1G\njail:dns:stacksize:deny=8M\n"
	    "jail:dns:coredumpsize:deny=0\njail:dns:datasize:deny=256M\n"
	    "jail:dns:memorylocked:deny=64K\n", &p);
	assert_int_equal(p.knob[RK_MEMORY], 512 << 20);
	assert_int_equal(p.knob[RK_SWAP], 1 << 30);
	assert_int_equal(p.knob[RK_PIDS], 64);
	assert_int_equal(p.knob[RK_CPU], 50);
	assert_int_equal(p.knob[RK_RBPS], 1 << 20);
	assert_int_equal(p.knob[RK_WBPS], RCTL_NO_LIMIT);
	assert_int_equal(p.knob[RK_RIOPS], RCTL_NO_LIMIT);
	assert_int_equal(p.knob[RK_WIOPS], 100);
	assert_int_equal(p.rlim[RLIMIT_NOFILE], 20);
	assert_int_equal(p.rlim[RLIMIT_AS], 1 << 30);
	assert_int_equal(p.rlim[RLIMIT_STACK], 8 << 20);
	assert_int_equal(p.rlim[RLIMIT_CORE], 0);
	assert_int_equal(p.rlim[RLIMIT_DATA], 256 << 20);
	assert_int_equal(p.rlim[RLIMIT_MEMLOCK], 64 << 10);
	assert_int_equal(p.rlim[RLIMIT_CPU], RCTL_NO_LIMIT);
	assert_int_equal(p.need, CGROUP_MEMORY | CGROUP_PIDS | CGROUP_CPU |
	    CGROUP_IO);
	assert_true(rctl_plan_has_io(&p));
}

/* Several rules for one knob: the lowest wins, whatever the order;
 * maxproc and nthr share pids.max. */
static void
test_build_lowest(void **state)
{
	struct rctl_plan p;

	(void)state;
	plan_of("jail:dns:nthr:deny=100\njail:dns:maxproc:deny=64\n"
	    "jail:dns:pcpu:throttle=30\njail:dns:pcpu:deny=80\n"
	    "jail:dns:openfiles:deny=100/process\n"
	    "jail:dns:openfiles:deny=50\n", &p);
	assert_int_equal(p.knob[RK_PIDS], 64);
	assert_int_equal(p.knob[RK_CPU], 30);
	assert_int_equal(p.rlim[RLIMIT_NOFILE], 50);
	plan_of("jail:dns:maxproc:deny=64\njail:dns:nthr:deny=10\n", &p);
	assert_int_equal(p.knob[RK_PIDS], 10);
	/* pcpu above 100 spans CPUs. */
	plan_of("jail:dns:pcpu:deny=250\n", &p);
	assert_int_equal(p.knob[RK_CPU], 250);
}

/* Other jails, other subjects: not this jail's. */
static void
test_build_others(void **state)
{
	struct rctl_plan p;

	(void)state;
	plan_of("jail:ntp:memoryuse:deny=64m\njail:dnsx:memoryuse:deny=64m\n"
	    "user:dns:memoryuse:deny=64m\nloginclass:dns:memoryuse:deny=64m\n"
	    "jail:dn:maxproc:deny=1\n", &p);
	assert_int_equal(p.knob[RK_MEMORY], RCTL_NO_LIMIT);
	assert_int_equal(p.knob[RK_PIDS], RCTL_NO_LIMIT);
	assert_int_equal(p.need, 0);
}

/* What the jail's cgroup joins (the v1 hierarchies, on a hybrid host):
 * the controllers its limits write, and those whose counters a log or
 * devctl rule reads; rlimits need none. */
static void
test_build_need(void **state)
{
	struct rctl_plan p;

	(void)state;
	plan_of("jail:dns:swapuse:log=1g\n", &p);
	assert_int_equal(p.need, CGROUP_MEMORY);
	assert_int_equal(p.knob[RK_SWAP], RCTL_NO_LIMIT);
	plan_of("jail:dns:vmemoryuse:deny=1g\njail:dns:openfiles:deny=100\n"
	    "jail:dns:memorylocked:deny=1m\n", &p);
	assert_int_equal(p.need, 0);
	plan_of("jail:dns:maxproc:devctl=50\njail:dns:pcpu:log=50\n", &p);
	assert_int_equal(p.need, CGROUP_PIDS | CGROUP_CPU);
	assert_int_equal(p.knob[RK_PIDS], RCTL_NO_LIMIT);
	plan_of("jail:dns:writebps:throttle=1m\n", &p);
	assert_int_equal(p.need, CGROUP_IO);
}

/* cputime: sigxcpu is RLIMIT_CPU's soft limit, sigkill its hard one. */
static void
test_build_cputime(void **state)
{
	struct rctl_plan p;

	(void)state;
	plan_of("jail:dns:cputime:sigxcpu=10/process\n"
	    "jail:dns:cputime:sigkill=20/process\n", &p);
	assert_int_equal(p.rlim_soft[RLIMIT_CPU], 10);
	assert_int_equal(p.rlim[RLIMIT_CPU], 20);
	/* Other signals set nothing (brig check refuses them). */
	plan_of("jail:dns:cputime:sigterm=10\njail:dns:maxproc:sigterm=5\n",
	    &p);
	assert_int_equal(p.rlim_soft[RLIMIT_CPU], RCTL_NO_LIMIT);
	assert_int_equal(p.rlim[RLIMIT_CPU], RCTL_NO_LIMIT);
	assert_int_equal(p.knob[RK_PIDS], RCTL_NO_LIMIT);
}

/* The IPC sysctls and the pty maximum: deny only, the lowest wins, never
 * above a fresh namespace's (a deny rule only lowers); shmsize in pages,
 * rounded down; no cgroup needed. */
static void
test_build_ipc(void **state)
{
	struct rctl_plan p;
	int64_t page = sysconf(_SC_PAGESIZE);

	(void)state;
	plan_of("jail:dns:msgqsize:deny=1K\njail:dns:nmsgq:deny=4\n"
	    "jail:dns:nsem:deny=20\njail:dns:nsemop:deny=8\n"
	    "jail:dns:nshm:deny=3\njail:dns:shmsize:deny=1M\n"
	    "jail:dns:pseudoterminals:deny=2\n", &p);
	assert_int_equal(p.ipc[RI_MSGMNB], 1024);
	assert_int_equal(p.ipc[RI_MSGMNI], 4);
	assert_int_equal(p.ipc[RI_SEMMNS], 20);
	assert_int_equal(p.ipc[RI_SEMOPM], 8);
	assert_int_equal(p.ipc[RI_SHMMNI], 3);
	assert_int_equal(p.ipc[RI_SHMALL], (1 << 20) / page);
	assert_int_equal(p.ptys, 2);
	assert_true(rctl_plan_has_ipc(&p));
	assert_int_equal(p.need, 0);
	/* Bytes to pages, rounded down: a page less one byte is none. */
	plan_of("jail:dns:shmsize:deny=4095\n", &p);
	assert_int_equal(p.ipc[RI_SHMALL], 4095 / page);
	plan_of("jail:dns:shmsize:deny=3G\njail:dns:shmsize:deny=5000\n", &p);
	assert_int_equal(p.ipc[RI_SHMALL], 5000 / page);
	/* The lowest of several; never above the kernel's default. */
	plan_of("jail:dns:nshm:deny=10\njail:dns:nshm:deny=5\n"
	    "jail:dns:nsemop:deny=100000\njail:dns:nmsgq:deny=1T\n"
	    "jail:dns:pseudoterminals:deny=9999999\n", &p);
	assert_int_equal(p.ipc[RI_SHMMNI], 5);
	assert_int_equal(p.ipc[RI_SEMOPM], 500);
	assert_int_equal(p.ipc[RI_MSGMNI], 32000);
	assert_int_equal(p.ptys, RCTL_PTY_MAX);
	/* Only deny sets one (brig check refuses the rest). */
	plan_of("jail:dns:nshm:log=1\njail:dns:nsem:sigterm=1\n"
	    "jail:dns:pseudoterminals:devctl=1\n", &p);
	assert_false(rctl_plan_has_ipc(&p));
	assert_int_equal(p.ptys, RCTL_NO_LIMIT);
	/* The pty maximum alone is no IPC knob. */
	plan_of("jail:dns:pseudoterminals:deny=0\n", &p);
	assert_int_equal(p.ptys, 0);
	assert_false(rctl_plan_has_ipc(&p));
}

/* A fresh IPC namespace's values: the kernel's constants since 3.19
 * (include/uapi/linux/msg.h, sem.h, shm.h), as `unshare -i` shows them
 * on 6.18. */
static void
test_ipc_defaults(void **state)
{
	(void)state;
	assert_int_equal(rctl_ipc_default(RI_MSGMNB), 16384);
	assert_int_equal(rctl_ipc_default(RI_MSGMNI), 32000);
	assert_int_equal(rctl_ipc_default(RI_SEMMNS), 1024000000);
	assert_int_equal(rctl_ipc_default(RI_SEMOPM), 500);
	assert_int_equal(rctl_ipc_default(RI_SHMMNI), 4096);
	assert_true(rctl_ipc_default(RI_SHMALL) ==
	    UINT64_C(18446744073692774399));
	assert_string_equal(rctl_ipc_name(RI_SEMOPM), "kernel.sem SEMOPM");
	assert_string_equal(rctl_ipc_name(RI_SHMMNI), "kernel.shmmni");
}

/* kernel.sem: four fields, the 2nd and 3rd replaced, the others kept. */
static void
test_sem_edit(void **state)
{
	char out[128];

	(void)state;
	assert_int_equal(rctl_sem_edit("32000\t1024000000\t500\t32000\n",
	    7, 9, out, sizeof(out)), 0);
	assert_string_equal(out, "32000 7 9 32000");
	assert_int_equal(rctl_sem_edit(" 250 32000  32 128", 1, 2, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "250 1 2 128");
	assert_int_equal(rctl_sem_edit("250 32000 32\n", 1, 2, out,
	    sizeof(out)), -1);
	assert_int_equal(rctl_sem_edit("250 32000 32 128 5\n", 1, 2, out,
	    sizeof(out)), -1);
	assert_int_equal(rctl_sem_edit("250 -1 32 128\n", 1, 2, out,
	    sizeof(out)), -1);
	assert_int_equal(rctl_sem_edit("", 1, 2, out, sizeof(out)), -1);
	/* Cut: an error, never a shorter value. */
	assert_int_equal(rctl_sem_edit("250 32000 32 128", 1, 2, out, 8), -1);
}

static void
test_format(void **state)
{
	struct rctl_plan p;
	char buf[256];

	(void)state;
	rctl_plan_build(NULL, 0, "dns", &p);
	assert_string_equal(rctl_plan_format(&p, buf, sizeof(buf)),
	    "no limit");
	plan_of("jail:dns:memoryuse:deny=64M\njail:dns:pcpu:deny=50\n"
	    "jail:dns:readbps:throttle=1M\njail:dns:openfiles:deny=20\n"
	    "jail:dns:cputime:sigxcpu=5\n", &p);
	p.iodev = makedev(254, 0);
	assert_string_equal(rctl_plan_format(&p, buf, sizeof(buf)),
	    "memory 67108864, cpu 50%, rbps 1048576, on 254:0, "
	    "RLIMIT_CPU soft 5, RLIMIT_NOFILE 20");
	/* Cut, never overrun. */
	assert_int_equal(strlen(rctl_plan_format(&p, buf, 10)), 9);
	plan_of("jail:dns:nshm:deny=3\njail:dns:nsemop:deny=8\n"
	    "jail:dns:pseudoterminals:deny=2\njail:dns:maxproc:deny=9\n",
	    &p);
	assert_string_equal(rctl_plan_format(&p, buf, sizeof(buf)),
	    "pids 9, kernel.sem SEMOPM 8, kernel.shmmni 3, ptys 2");
}

/* --- the writers, on a fake cgroup directory --------------------------- */

static int
make_tmpdir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/t_rctl_limit.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh directory under tmpdir with the files named (NULL-ended),
 * each holding its initial text: an fd on it. */
static int
fake_dir(const char *name, ...)
{
	char path[256];
	const char *f, *text;
	va_list ap;
	int dfd, fd;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_int_equal(mkdir(path, 0755), 0);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	va_start(ap, name);
	while ((f = va_arg(ap, const char *)) != NULL) {
		text = va_arg(ap, const char *);
		fd = openat(dfd, f, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, text, strlen(text)),
		    (ssize_t)strlen(text));
		close(fd);
	}
	va_end(ap);
	return dfd;
}

/* The file's text: a writer overwrites without truncating, as cgroupfs
 * takes it, so a file that started empty holds exactly what it got. */
static void
expect_file(int dfd, const char *file, const char *want)
{
	char buf[256];
	ssize_t n;
	int fd = openat(dfd, file, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

static void
test_v2(void **state)
{
	struct brig_err e = { 0, "" };
	struct rctl_plan p;
	int d;

	(void)state;
	plan_of("jail:dns:memoryuse:deny=64M\njail:dns:swapuse:deny=32M\n"
	    "jail:dns:maxproc:deny=64\njail:dns:pcpu:deny=50\n"
	    "jail:dns:readbps:throttle=1M\njail:dns:writeiops:throttle=100\n",
	    &p);
	p.iodev = makedev(8, 0);
	d = fake_dir("v2", "memory.max", "", "memory.swap.max", "",
	    "pids.max", "", "cpu.max", "", "io.max", "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v2", true, &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_PIDS, d, "v2", true, &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_CPU, d, "v2", true, &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_IO, d, "v2", true, &e), 0);
	expect_file(d, "memory.max", "67108864");
	expect_file(d, "memory.swap.max", "33554432");
	expect_file(d, "pids.max", "64");
	expect_file(d, "cpu.max", "50000 100000");
	expect_file(d, "io.max", "8:0 rbps=1048576 wbps=max riops=max "
	    "wiops=100");
	close(d);
}

/* Unlimited knobs are written as such: applying the plan again after a
 * rule is gone lifts its limit. */
static void
test_v2_unlimited(void **state)
{
	struct brig_err e = { 0, "" };
	struct rctl_plan p;
	int d;

	(void)state;
	rctl_plan_build(NULL, 0, "dns", &p);
	p.iodev = makedev(8, 16);
	d = fake_dir("v2u", "memory.max", "", "memory.swap.max", "",
	    "pids.max", "", "cpu.max", "", "io.max", "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v2u", true, &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_PIDS, d, "v2u", true, &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_CPU, d, "v2u", true, &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_IO, d, "v2u", true, &e), 0);
	expect_file(d, "memory.max", "max");
	expect_file(d, "memory.swap.max", "max");
	expect_file(d, "pids.max", "max");
	expect_file(d, "cpu.max", "max 100000");
	expect_file(d, "io.max", "8:16 rbps=max wbps=max riops=max wiops=max");
	close(d);
	/* No swap accounting, no swap rule: nothing to write.  No device
	 * and no io rule: nothing either. */
	p.iodev = 0;
	d = fake_dir("v2noswap", "memory.max", "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v2noswap", true,
	    &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_IO, d, "v2noswap", true, &e),
	    0);
	expect_file(d, "memory.max", "max");
	/* ... but a swap rule there is an error naming the file. */
	p.knob[RK_SWAP] = 1 << 20;
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v2noswap", true,
	    &e), -1);
	assert_string_equal(e.msg, "open v2noswap/memory.swap.max");
	assert_int_equal(e.errnum, ENOENT);
	close(d);
}

/* pcpu: 1% is the kernel's least quota (1 ms); above 100 spans CPUs. */
static void
test_cpu_quota(void **state)
{
	struct brig_err e = { 0, "" };
	struct rctl_plan p;
	int d;

	(void)state;
	plan_of("jail:dns:pcpu:deny=0\n", &p);
	d = fake_dir("cpu0", "cpu.max", "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_CPU, d, "cpu0", true, &e), 0);
	expect_file(d, "cpu.max", "1000 100000");
	close(d);
	plan_of("jail:dns:pcpu:throttle=250\n", &p);
	d = fake_dir("cpu250", "cpu.cfs_quota_us", "", "cpu.cfs_period_us",
	    "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_CPU, d, "cpu250", false, &e),
	    0);
	expect_file(d, "cpu.cfs_period_us", "100000");
	expect_file(d, "cpu.cfs_quota_us", "250000");
	close(d);
	rctl_plan_build(NULL, 0, "dns", &p);
	d = fake_dir("cpuno", "cpu.cfs_quota_us", "", "cpu.cfs_period_us",
	    "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_CPU, d, "cpuno", false, &e),
	    0);
	expect_file(d, "cpu.cfs_quota_us", "-1");
	close(d);
}

/* v1 memory: memsw = memory + swap; -1 is unlimited. */
static void
test_v1_memory(void **state)
{
	struct brig_err e = { 0, "" };
	struct rctl_plan p;
	int d;

	(void)state;
	plan_of("jail:dns:memoryuse:deny=64M\njail:dns:swapuse:deny=32M\n",
	    &p);
	/* The memsw file is read first: a current limit of 32 MiB, as wide
	 * as what replaces it. */
	d = fake_dir("v1m", "memory.limit_in_bytes", "",
	    "memory.memsw.limit_in_bytes", "033554432", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v1m", false, &e),
	    0);
	expect_file(d, "memory.limit_in_bytes", "67108864");
	expect_file(d, "memory.memsw.limit_in_bytes", "100663296");
	close(d);
	/* No swap rule: memsw unlimited. */
	plan_of("jail:dns:memoryuse:deny=64M\n", &p);
	d = fake_dir("v1n", "memory.limit_in_bytes", "",
	    "memory.memsw.limit_in_bytes", "9223372036854771712", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v1n", false, &e),
	    0);
	expect_file(d, "memory.limit_in_bytes", "67108864");
	expect_file(d, "memory.memsw.limit_in_bytes", "-123372036854771712");
	close(d);
	/* Without swap accounting, memory alone. */
	d = fake_dir("v1noswap", "memory.limit_in_bytes", "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v1noswap", false,
	    &e), 0);
	expect_file(d, "memory.limit_in_bytes", "67108864");
	p.knob[RK_SWAP] = 1 << 20;
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v1noswap", false,
	    &e), -1);
	assert_string_equal(e.msg, "limit swap in v1noswap: no memory.memsw."
	    "limit_in_bytes (swap accounting is off: boot with "
	    "swapaccount=1)");
	close(d);
	/* v1 cannot limit swap alone. */
	plan_of("jail:dns:swapuse:deny=32M\n", &p);
	d = fake_dir("v1s", "memory.limit_in_bytes", "",
	    "memory.memsw.limit_in_bytes", "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_MEMORY, d, "v1s", false, &e),
	    -1);
	assert_string_equal(e.msg, "limit swap in v1s: cgroup v1 limits "
	    "memory and swap together; swapuse needs a memoryuse rule too");
	close(d);
}

/* The order of the two v1 writes: memsw may never be below memory. */
static void
test_memsw_order(void **state)
{
	(void)state;
	/* Raising memory above the current memsw: memsw first. */
	assert_true(rctl_memsw_first(128 << 20, 96 << 20));
	assert_true(rctl_memsw_first(RCTL_V1_UNLIMITED, 96 << 20));
	/* Lowering: memory first. */
	assert_false(rctl_memsw_first(32 << 20, 96 << 20));
	assert_false(rctl_memsw_first(96 << 20, 96 << 20));
	assert_false(rctl_memsw_first(64 << 20, RCTL_V1_UNLIMITED));
	assert_false(rctl_memsw_first(RCTL_V1_UNLIMITED, RCTL_V1_UNLIMITED));
}

static void
test_v1_pids_io(void **state)
{
	struct brig_err e = { 0, "" };
	struct rctl_plan p;
	int d;

	(void)state;
	plan_of("jail:dns:maxproc:deny=64\njail:dns:readbps:throttle=1M\n"
	    "jail:dns:writebps:throttle=2M\n", &p);
	p.iodev = makedev(254, 0);
	d = fake_dir("v1io", "pids.max", "",
	    "blkio.throttle.read_bps_device", "",
	    "blkio.throttle.write_bps_device", "",
	    "blkio.throttle.read_iops_device", "",
	    "blkio.throttle.write_iops_device", "", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_PIDS, d, "v1io", false, &e), 0);
	assert_int_equal(rctl_write_ctl(&p, CG_IO, d, "v1io", false, &e), 0);
	expect_file(d, "pids.max", "64");
	expect_file(d, "blkio.throttle.read_bps_device", "254:0 1048576");
	expect_file(d, "blkio.throttle.write_bps_device", "254:0 2097152");
	/* 0 removes the device's rule. */
	expect_file(d, "blkio.throttle.read_iops_device", "254:0 0");
	expect_file(d, "blkio.throttle.write_iops_device", "254:0 0");
	/* An io rule and no device: an error, nothing written. */
	p.iodev = 0;
	assert_int_equal(rctl_write_ctl(&p, CG_IO, d, "v1io", false, &e), -1);
	assert_string_equal(e.msg, "throttle io in v1io: no block device "
	    "found for the jail");
	close(d);
	/* A file that is not there names itself. */
	d = fake_dir("v1none", NULL);
	assert_int_equal(rctl_write_ctl(&p, CG_PIDS, d, "v1none", false, &e),
	    -1);
	assert_string_equal(e.msg, "open v1none/pids.max");
	close(d);
}

/* --- rlimits, on a child of the test ----------------------------------- */

static pid_t
child(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

static void
reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void
test_rlimits(void **state)
{
	struct brig_err e = { 0, "" };
	struct rlimit rl, mine;
	struct rctl_plan p;
	pid_t pid = child(), other = child();

	(void)state;
	plan_of("jail:dns:openfiles:deny=20\njail:dns:cputime:sigxcpu=100\n"
	    "jail:dns:coredumpsize:deny=0\n", &p);
	assert_int_equal(rctl_plan_rlimits(&p, pid, &e), 0);
	assert_int_equal(prlimit(pid, RLIMIT_NOFILE, NULL, &rl), 0);
	assert_int_equal(rl.rlim_cur, 20);
	assert_int_equal(rl.rlim_max, 20);
	assert_int_equal(prlimit(pid, RLIMIT_CORE, NULL, &rl), 0);
	assert_int_equal(rl.rlim_max, 0);
	/* A soft limit alone keeps the hard one. */
	assert_int_equal(getrlimit(RLIMIT_CPU, &mine), 0);
	assert_int_equal(prlimit(pid, RLIMIT_CPU, NULL, &rl), 0);
	assert_int_equal(rl.rlim_cur, 100);
	assert_int_equal(rl.rlim_max, mine.rlim_max);
	/* What is not in the plan stays. */
	assert_int_equal(getrlimit(RLIMIT_STACK, &mine), 0);
	assert_int_equal(prlimit(pid, RLIMIT_STACK, NULL, &rl), 0);
	assert_int_equal(rl.rlim_cur, mine.rlim_cur);
	/* An entering process gets no more than the jail's init. */
	assert_int_equal(rctl_rlimits_cap(pid, other, &e), 0);
	assert_int_equal(prlimit(other, RLIMIT_NOFILE, NULL, &rl), 0);
	assert_int_equal(rl.rlim_cur, 20);
	assert_int_equal(rl.rlim_max, 20);
	assert_int_equal(prlimit(other, RLIMIT_CPU, NULL, &rl), 0);
	assert_int_equal(rl.rlim_cur, 100);
	/* Nor less than it has. */
	rl.rlim_cur = rl.rlim_max = 10;
	assert_int_equal(prlimit(other, RLIMIT_NOFILE, &rl, NULL), 0);
	assert_int_equal(rctl_rlimits_cap(pid, other, &e), 0);
	assert_int_equal(prlimit(other, RLIMIT_NOFILE, NULL, &rl), 0);
	assert_int_equal(rl.rlim_max, 10);
	reap(pid);
	reap(other);
	/* A process gone: the error names the limit and the pid. */
	assert_int_equal(rctl_plan_rlimits(&p, pid, &e), -1);
	assert_int_equal(e.errnum, ESRCH);
}

/* --- the block device --------------------------------------------------- */

static const char mounts[] =
    "28 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
    "40 28 0:45 /@srv /srv rw,relatime shared:20 - btrfs /dev/vdb "
    "rw,space_cache=v2,subvolid=256,subvol=/@srv\n"
    "41 28 0:46 / /srv\\040data rw - ext4 /dev/vdc rw\n"
    "42 28 0:50 / /var/lib/brig/jails/ov rw - overlay overlay "
    "rw,lowerdir=/var/lib/brig/lower,upperdir=/srv/up,workdir=/srv/work\n"
    "43 28 0:51 / /tmp rw - tmpfs tmpfs rw\n"
    "44 43 0:52 / /tmp rw - tmpfs tmpfs rw,size=1024k\n";

static void
test_mount_of(void **state)
{
	struct rctl_mount m;

	(void)state;
	assert_int_equal(rctl_mount_of(mounts, "/home/x", &m), 0);
	assert_string_equal(m.point, "/");
	assert_int_equal(m.major, 254);
	assert_int_equal(m.minor, 1);
	assert_string_equal(m.source, "/dev/vda1");
	/* btrfs: an anonymous 0:N, the source names the device. */
	assert_int_equal(rctl_mount_of(mounts, "/srv/jails/a", &m), 0);
	assert_string_equal(m.point, "/srv");
	assert_int_equal(m.major, 0);
	assert_string_equal(m.type, "btrfs");
	assert_string_equal(m.source, "/dev/vdb");
	assert_int_equal(rctl_mount_of(mounts, "/srv", &m), 0);
	assert_string_equal(m.point, "/srv");
	/* "/srv data" is not under "/srv"; its name is unescaped. */
	assert_int_equal(rctl_mount_of(mounts, "/srv data/x", &m), 0);
	assert_string_equal(m.point, "/srv data");
	assert_int_equal(rctl_mount_of(mounts, "/srvx", &m), 0);
	assert_string_equal(m.point, "/");
	/* overlay: its upper directory. */
	assert_int_equal(rctl_mount_of(mounts, "/var/lib/brig/jails/ov/etc",
	    &m), 0);
	assert_string_equal(m.type, "overlay");
	assert_string_equal(m.upper, "/srv/up");
	/* Two mounts on one point: the later hides the other. */
	assert_int_equal(rctl_mount_of(mounts, "/tmp/j", &m), 0);
	assert_int_equal(m.minor, 52);
	assert_string_equal(m.upper, "");
	/* Nothing holds a relative path; a bad line is an error. */
	assert_int_equal(rctl_mount_of(mounts, "x", &m), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(rctl_mount_of("28 1 254 / / rw - ext4 x rw\n", "/",
	    &m), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(rctl_mount_of("28 1 254:1 / / rw\n", "/", &m), -1);
	assert_int_equal(errno, EINVAL);
}

static void
mkpath(const char *rel)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/%s'", tmpdir, rel);
	assert_int_equal(system(cmd), 0);
}

static void
put(const char *rel, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

/* A fake sysfs: /sys/dev/block/MAJ:MIN are links into /sys/devices, a
 * partition's directory lies in its disk's and has a "partition" file. */
static void
test_disk_of(void **state)
{
	struct brig_err e = { 0, "" };
	char sys[128], link[256];
	dev_t dev;

	(void)state;
	snprintf(sys, sizeof(sys), "%s/sys", tmpdir);
	mkpath("sys/dev/block");
	mkpath("sys/devices/pci0/vda/vda1");
	mkpath("sys/devices/virtual/block/loop0");
	put("sys/devices/pci0/vda/dev", "254:0\n");
	put("sys/devices/pci0/vda/vda1/dev", "254:1\n");
	put("sys/devices/pci0/vda/vda1/partition", "1\n");
	put("sys/devices/virtual/block/loop0/dev", "7:0\n");
	snprintf(link, sizeof(link), "%s/dev/block/254:0", sys);
	assert_int_equal(symlink("../../devices/pci0/vda", link), 0);
	snprintf(link, sizeof(link), "%s/dev/block/254:1", sys);
	assert_int_equal(symlink("../../devices/pci0/vda/vda1", link), 0);
	snprintf(link, sizeof(link), "%s/dev/block/7:0", sys);
	assert_int_equal(symlink("../../devices/virtual/block/loop0", link),
	    0);
	assert_int_equal(rctl_disk_of(sys, makedev(254, 1), &dev, &e), 0);
	assert_int_equal(dev, makedev(254, 0));
	assert_int_equal(rctl_disk_of(sys, makedev(254, 0), &dev, &e), 0);
	assert_int_equal(dev, makedev(254, 0));
	assert_int_equal(rctl_disk_of(sys, makedev(7, 0), &dev, &e), 0);
	assert_int_equal(dev, makedev(7, 0));
	assert_int_equal(rctl_disk_of(sys, makedev(8, 3), &dev, &e), -1);
	assert_int_equal(e.errnum, ENOENT);
}

/* This machine's own root: some disk, or a clear error. */
static void
test_iodev_here(void **state)
{
	struct brig_err e = { 0, "" };
	struct rctl_plan p;
	struct stat st;

	(void)state;
	rctl_plan_build(NULL, 0, "dns", &p);
	if (rctl_plan_iodev(&p, "/", &e) == 0) {
		assert_true(p.iodev != 0);
		assert_int_equal(stat("/", &st), 0);
	} else
		assert_non_null(strstr(e.msg, "io limits for /"));
	/* A path that is not there is named. */
	assert_int_equal(rctl_plan_iodev(&p, "/nonexistent/brig", &e), -1);
	assert_string_equal(e.msg, "io limits for /nonexistent/brig: find "
	    "the block device of /nonexistent/brig");
}

/* --- the IPC sysctls, in a namespace of a child (root only) ----------- */

/* A child in an IPC namespace of its own: it waits for a byte on go,
 * then writes its kernel.shmmni, msgmnb, msgmni, shmall and sem to out
 * and ends. */
static pid_t
ipc_child(int *go, int *out)
{
	int g[2], o[2];
	pid_t pid;

	assert_int_equal(pipe(g), 0);
	assert_int_equal(pipe(o), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const char *const f[] = { "shmmni", "msgmnb", "msgmni",
		    "shmall", "sem" };
		char buf[128], path[64], c;
		size_t i;
		ssize_t n;
		int fd;

		close(g[1]);
		close(o[0]);
		if (unshare(CLONE_NEWIPC) == -1 || write(o[1], "u", 1) != 1)
			_exit(1);
		if (read(g[0], &c, 1) != 1)
			_exit(1);
		for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			snprintf(path, sizeof(path), "/proc/sys/kernel/%s",
			    f[i]);
			if ((fd = open(path, O_RDONLY)) == -1 ||
			    (n = read(fd, buf, sizeof(buf))) <= 0 ||
			    write(o[1], buf, (size_t)n) != n)
				_exit(1);
			close(fd);
		}
		_exit(0);
	}
	close(g[0]);
	close(o[1]);
	*go = g[1];
	*out = o[0];
	return pid;
}

/* What the child saw, once it has ended. */
static void
ipc_seen(pid_t pid, int go, int out, char *buf, size_t len)
{
	size_t off = 0;
	ssize_t n;
	int status;

	assert_int_equal(write(go, "g", 1), 1);
	close(go);
	while ((n = read(out, buf + off, len - 1 - off)) > 0)
		off += (size_t)n;
	buf[off] = '\0';
	close(out);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
}

static void
slurp_host(const char *file, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", file);
	assert_true((fd = open(path, O_RDONLY)) >= 0);
	n = read(fd, buf, len - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	close(fd);
}

static void
test_ipc_namespace(void **state)
{
	struct brig_err e = { 0, "" };
	struct rctl_plan p;
	char seen[512], want[512], host[2][128], after[2][128], sem[128];
	int go, out;
	pid_t pid;
	char c;

	(void)state;
	if (geteuid() != 0)
		skip();
	slurp_host("shmmni", host[0], sizeof(host[0]));
	slurp_host("sem", host[1], sizeof(host[1]));
	pid = ipc_child(&go, &out);
	assert_int_equal(read(out, &c, 1), 1);	/* unshared */
	plan_of("jail:dns:nshm:deny=3\njail:dns:msgqsize:deny=100\n"
	    "jail:dns:nsem:deny=7\njail:dns:nsemop:deny=9\n"
	    "jail:dns:shmsize:deny=40K\n", &p);
	assert_int_equal(rctl_plan_ipc(&p, pid, &e), 0);
	ipc_seen(pid, go, out, seen, sizeof(seen));
	assert_int_equal(rctl_sem_edit(host[1], 7, 9, sem, sizeof(sem)), 0);
	snprintf(want, sizeof(want), "3\n100\n32000\n%ld\n",
	    (long)(40960 / sysconf(_SC_PAGESIZE)));
	assert_int_equal(strncmp(seen, want, strlen(want)), 0);
	/* kernel.sem as the kernel prints it: tabs. */
	assert_non_null(strstr(seen, "\t7\t9\t"));
	/* The plan again without rules: the defaults back. */
	pid = ipc_child(&go, &out);
	assert_int_equal(read(out, &c, 1), 1);
	assert_int_equal(rctl_plan_ipc(&p, pid, &e), 0);
	rctl_plan_build(NULL, 0, "dns", &p);
	assert_int_equal(rctl_plan_ipc(&p, pid, &e), 0);
	ipc_seen(pid, go, out, seen, sizeof(seen));
	assert_string_equal(seen, "4096\n16384\n32000\n"
	    "18446744073692774399\n32000\t1024000000\t500\t32000\n");
	/* The host's never moved. */
	slurp_host("shmmni", after[0], sizeof(after[0]));
	slurp_host("sem", after[1], sizeof(after[1]));
	assert_string_equal(after[0], host[0]);
	assert_string_equal(after[1], host[1]);
	/* A process that is not there: named. */
	assert_int_equal(rctl_plan_ipc(&p, pid, &e), -1);
	assert_non_null(strstr(e.msg, "open the IPC namespace of pid"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_empty),
		cmocka_unit_test(test_build_knobs),
		cmocka_unit_test(test_build_lowest),
		cmocka_unit_test(test_build_others),
		cmocka_unit_test(test_build_need),
		cmocka_unit_test(test_build_cputime),
		cmocka_unit_test(test_build_ipc),
		cmocka_unit_test(test_ipc_defaults),
		cmocka_unit_test(test_sem_edit),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_v2),
		cmocka_unit_test(test_v2_unlimited),
		cmocka_unit_test(test_cpu_quota),
		cmocka_unit_test(test_v1_memory),
		cmocka_unit_test(test_memsw_order),
		cmocka_unit_test(test_v1_pids_io),
		cmocka_unit_test(test_rlimits),
		cmocka_unit_test(test_ipc_namespace),
		cmocka_unit_test(test_mount_of),
		cmocka_unit_test(test_disk_of),
		cmocka_unit_test(test_iodev_here),
	};

	return cmocka_run_group_tests_name("rctl_limit", tests, make_tmpdir,
	    remove_tmpdir);
}
