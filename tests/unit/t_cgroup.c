/* Unit tests of the pure parts of src/rctl/cgroup.c: the hierarchies
 * found in mountinfo on the hosts brig must run on (cgroup v2 only,
 * hybrid, v1 only), the cgroup.controllers reader, the name check and
 * the smaps_rollup reader (cgroup_mem.c); which controllers a jail's
 * rctl rules make it join is t_rctl_limit.c's, reading a mountinfo line
 * t_mountinfo.c's.  The mountinfo samples are real ones, trimmed:
 * Debian 12 (v2), this project's development machines (hybrid,
 * controllers one per mount), Debian 10 with systemd (hybrid, comounts)
 * and CentOS 7 (v1). */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rctl/cgroup_int.h"

static const char debian12[] =
    "22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs "
    "sysfs rw\n"
    "23 28 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc "
    "proc rw\n"
    "26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 "
    "- cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n"
    "28 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 "
    "rw,errors=remount-ro\n";

/* The development machines: /proc/self/mountinfo as found. */
static const char hybrid[] =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup "
    "rw,cpuacct\n"
    "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup "
    "rw,cpuset\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup "
    "rw,memory\n"
    "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup "
    "rw,devices\n"
    "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup "
    "rw,freezer\n"
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup "
    "rw,blkio\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup "
    "rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup "
    "rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 "
    "rw\n";

static const char debian10[] =
    "25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:4 - tmpfs "
    "tmpfs ro,mode=755\n"
    "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime "
    "shared:5 - cgroup2 cgroup2 rw,nsdelegate\n"
    "27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime "
    "shared:6 - cgroup cgroup rw,xattr,name=systemd\n"
    "31 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,"
    "relatime shared:10 - cgroup cgroup rw,cpu,cpuacct\n"
    "32 25 0:29 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,"
    "relatime shared:11 - cgroup cgroup rw,net_cls,net_prio\n"
    "33 25 0:30 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime "
    "shared:12 - cgroup cgroup rw,cpuset\n"
    "34 25 0:31 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime "
    "shared:13 - cgroup cgroup rw,memory\n"
    "35 25 0:32 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime "
    "shared:14 - cgroup cgroup rw,pids\n"
    "36 25 0:33 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime "
    "shared:15 - cgroup cgroup rw,freezer\n";

/* CentOS 7: no cgroup2 at all, and no trailing newline. */
static const char centos7[] =
    "24 18 0:20 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:7 - tmpfs "
    "tmpfs ro,mode=755\n"
    "25 24 0:21 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime "
    "shared:8 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/"
    "systemd-cgroups-agent,name=systemd\n"
    "28 24 0:24 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,"
    "relatime shared:11 - cgroup cgroup rw,cpuacct,cpu\n"
    "30 24 0:26 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime "
    "shared:13 - cgroup cgroup rw,memory\n"
    "33 24 0:29 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime "
    "shared:16 - cgroup cgroup rw,freezer\n"
    "35 24 0:31 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime "
    "shared:18 - cgroup cgroup rw,pids";

static void
expect(const struct cgroup_layout *l, const char *v2, const char *memory,
    const char *pids, const char *cpu, const char *freezer)
{
	assert_string_equal(l->v2, v2);
	assert_string_equal(l->v1[CG_MEMORY], memory);
	assert_string_equal(l->v1[CG_PIDS], pids);
	assert_string_equal(l->v1[CG_CPU], cpu);
	assert_string_equal(l->v1[CG_FREEZER], freezer);
}

static void
test_v2_only(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_parse_mountinfo(debian12, &l), 0);
	expect(&l, "/sys/fs/cgroup", "", "", "", "");
	assert_int_equal(l.sub, 0);
}

static void
test_hybrid(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_parse_mountinfo(hybrid, &l), 0);
	/* "cpuset" and "cpuacct" are not "cpu"; name=systemd is no
	 * controller. */
	expect(&l, "/sys/fs/cgroup/unified", "/sys/fs/cgroup/memory",
	    "/sys/fs/cgroup/pids", "/sys/fs/cgroup/cpu",
	    "/sys/fs/cgroup/freezer");
	/* v1 calls io "blkio". */
	assert_string_equal(l.v1[CG_IO], "/sys/fs/cgroup/blkio");
	assert_string_equal(cgroup_ctl_name(CG_IO, true), "blkio");
	assert_string_equal(cgroup_ctl_name(CG_IO, false), "io");
	assert_string_equal(cgroup_ctl_name(CG_MEMORY, true), "memory");
}

static void
test_hybrid_comounts(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_parse_mountinfo(debian10, &l), 0);
	expect(&l, "/sys/fs/cgroup/unified", "/sys/fs/cgroup/memory",
	    "/sys/fs/cgroup/pids", "/sys/fs/cgroup/cpu,cpuacct",
	    "/sys/fs/cgroup/freezer");
}

static void
test_v1_only(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_parse_mountinfo(centos7, &l), 0);
	expect(&l, "", "/sys/fs/cgroup/memory", "/sys/fs/cgroup/pids",
	    "/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/freezer");
}

static void
test_nothing(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_parse_mountinfo("", &l), 0);
	expect(&l, "", "", "", "", "");
	assert_int_equal(cgroup_parse_mountinfo("\n\n", &l), 0);
	expect(&l, "", "", "", "", "");
}

/* Mount points arrive decoded (the escapes themselves are
 * t_mountinfo.c's). */
static void
test_escapes(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_parse_mountinfo(
	    "50 1 0:40 / /mnt/cg\\040two rw shared:3 - cgroup2 none rw\n"
	    "51 1 0:41 / /mnt/a\\012b rw - cgroup none rw,pids\n", &l), 0);
	assert_string_equal(l.v2, "/mnt/cg two");
	assert_string_equal(l.v1[CG_PIDS], "/mnt/a\nb");
}

/* The first mount of a hierarchy wins, unless it shows a subdirectory
 * only (a container's bind mount) and a later one shows the root. */
static void
test_duplicates(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_parse_mountinfo(
	    "60 1 0:32 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup "
	    "rw,memory\n"
	    "61 1 0:32 / /mnt/memory rw - cgroup cgroup rw,memory\n"
	    "62 1 0:32 / /mnt/memory2 rw - cgroup cgroup rw,memory\n"
	    "63 1 0:38 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
	    "64 1 0:38 /init.scope /mnt/v2 rw - cgroup2 cgroup2 rw\n", &l), 0);
	assert_string_equal(l.v1[CG_MEMORY], "/mnt/memory");
	assert_string_equal(l.v2, "/sys/fs/cgroup");
	assert_int_equal(l.sub, 0);
	/* Only subdirectories: the first one, marked. */
	assert_int_equal(cgroup_parse_mountinfo(
	    "60 1 0:32 /a /x rw - cgroup cgroup rw,pids\n"
	    "61 1 0:32 /b /y rw - cgroup cgroup rw,pids\n", &l), 0);
	assert_string_equal(l.v1[CG_PIDS], "/x");
	assert_int_equal(l.sub, CG_BIT(CG_PIDS));
}

/* One line the parser refuses (t_mountinfo.c has the kinds) fails the
 * whole text, even after the hierarchies were found. */
static void
test_malformed(void **state)
{
	struct cgroup_layout l;

	(void)state;
	errno = 0;
	assert_int_equal(cgroup_parse_mountinfo(
	    "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
	    "42 31 0:39 / /x rw -\n", &l), -1);
	assert_int_equal(errno, EINVAL);
}

static void
test_too_long(void **state)
{
	struct cgroup_layout l;
	size_t n = PATH_MAX + 64;
	char *text = malloc(n + 64);

	(void)state;
	assert_non_null(text);
	strcpy(text, "1 1 0:1 / /");
	memset(text + 11, 'a', PATH_MAX);
	strcpy(text + 11 + PATH_MAX, " rw - cgroup2 none rw\n");
	errno = 0;
	assert_int_equal(cgroup_parse_mountinfo(text, &l), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	/* One byte under the limit fits. */
	strcpy(text + 11 + PATH_MAX - 2, " rw - cgroup2 none rw\n");
	assert_int_equal(cgroup_parse_mountinfo(text, &l), 0);
	assert_int_equal(strlen(l.v2), PATH_MAX - 1);
	free(text);
}

static void
test_controllers(void **state)
{
	(void)state;
	assert_int_equal(cgroup_parse_controllers(
	    "cpuset cpu io memory hugetlb pids rdma misc\n"),
	    CG_BIT(CG_CPU) | CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) |
	    CG_BIT(CG_IO));
	/* v1's name is no v2 controller. */
	assert_int_equal(cgroup_parse_controllers("blkio"), 0);
	assert_int_equal(cgroup_parse_controllers("hugetlb\n"), 0);
	assert_int_equal(cgroup_parse_controllers(""), 0);
	assert_int_equal(cgroup_parse_controllers("\n"), 0);
	assert_int_equal(cgroup_parse_controllers("cpuset cpuacct mem"), 0);
	assert_int_equal(cgroup_parse_controllers("memory"),
	    CG_BIT(CG_MEMORY));
	assert_int_equal(cgroup_parse_controllers("  pids\tmemory  \n"),
	    CG_BIT(CG_PIDS) | CG_BIT(CG_MEMORY));
}

static void
test_controller_of(void **state)
{
	(void)state;
	assert_int_equal(cgroup_controller_of("memory.max"), CGROUP_MEMORY);
	assert_int_equal(cgroup_controller_of("memory.memsw.limit_in_bytes"),
	    CGROUP_MEMORY);
	assert_int_equal(cgroup_controller_of("pids.max"), CGROUP_PIDS);
	assert_int_equal(cgroup_controller_of("cpu.cfs_quota_us"), CGROUP_CPU);
	assert_int_equal(cgroup_controller_of("freezer.state"),
	    CGROUP_FREEZER);
	assert_int_equal(cgroup_controller_of("io.max"), CGROUP_IO);
	assert_int_equal(cgroup_controller_of("blkio.throttle.read_bps_device"),
	    CGROUP_IO);
	assert_int_equal(cgroup_controller_of("cpuset.cpus"), 0);
	assert_int_equal(cgroup_controller_of("memory"), 0);
	assert_int_equal(cgroup_controller_of(".max"), 0);
	assert_int_equal(cgroup_controller_of(""), 0);
	assert_int_equal(cgroup_controller_of(NULL), 0);
}

/* cat(1)'s smaps_rollup on a development machine (Linux 6.18), trimmed. */
static const char rollup[] =
    "55ba58d88000-7fff37acf000 ---p 00000000 00:00 0                     "
    "     [rollup]\n"
    "Rss:                1712 kB\n"
    "Pss:                 429 kB\n"
    "Pss_Dirty:           116 kB\n"
    "Pss_Anon:            116 kB\n"
    "Pss_File:            313 kB\n"
    "Pss_Shmem:             0 kB\n"
    "Shared_Clean:       1540 kB\n"
    "Swap:                  0 kB\n"
    "SwapPss:               0 kB\n"
    "Locked:                0 kB\n";

static void
test_pss(void **state)
{
	(void)state;
	assert_int_equal(cgroup_parse_pss(rollup), 429 * 1024);
	/* Pss_* before Pss is not taken for it. */
	assert_int_equal(cgroup_parse_pss("Pss_Anon: 7 kB\nPss:\t3 kB\n"),
	    3 * 1024);
	assert_int_equal(cgroup_parse_pss("Pss: 0 kB"), 0);
	/* A zombie's file is empty. */
	assert_int_equal(cgroup_parse_pss(""), 0);
	assert_int_equal(cgroup_parse_pss("Rss: 4 kB\n"), 0);
	errno = 0;
	assert_int_equal(cgroup_parse_pss("Pss: x kB\n"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(cgroup_parse_pss("Pss: 12 MB\n"), -1);
	assert_int_equal(cgroup_parse_pss("Pss: -1 kB\n"), -1);
	assert_int_equal(cgroup_parse_pss("Pss: 99999999999999999999 kB\n"),
	    -1);
	assert_int_equal(cgroup_parse_pss("Pss: 9007199254740992 kB\n"), -1);
}

static void
name_ok(const char *name)
{
	struct brig_err e = { 0, "" };

	assert_int_equal(cgroup_name_check(name, &e), 0);
}

static void
name_bad(const char *name, const char *msg)
{
	struct brig_err e = { 0, "" };

	assert_int_equal(cgroup_name_check(name, &e), -1);
	assert_string_equal(e.msg, msg);
	assert_int_equal(e.errnum, 0);
}

static void
test_names(void **state)
{
	char big[NAME_MAX + 2];

	(void)state;
	name_ok("dns");
	name_ok("ntp-1_a");
	name_ok("...");		/* one component, harmless */
	name_ok("..a");
	name_bad("", "a cgroup name cannot be empty");
	name_bad(NULL, "a cgroup name cannot be empty");
	name_bad(".", "invalid cgroup name \".\": not one path component");
	name_bad("..", "invalid cgroup name \"..\": not one path component");
	name_bad("/", "invalid cgroup name \"/\": not one path component");
	name_bad("../x", "invalid cgroup name \"../x\": not one path "
	    "component");
	name_bad("a/b", "invalid cgroup name \"a/b\": not one path component");
	name_bad("a\nb", "a cgroup name cannot contain a control character");
	memset(big, 'x', NAME_MAX);
	big[NAME_MAX] = '\0';
	name_ok(big);
	big[NAME_MAX] = 'x';
	big[NAME_MAX + 1] = '\0';
	name_bad(big, "cgroup name \"xxxxxxxxxxxxxxxxxxxx...\" is longer than "
	    "255 bytes");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_only),
		cmocka_unit_test(test_hybrid),
		cmocka_unit_test(test_hybrid_comounts),
		cmocka_unit_test(test_v1_only),
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_controllers),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_controller_of),
		cmocka_unit_test(test_pss),
	};

	return cmocka_run_group_tests_name("cgroup", tests, NULL, NULL);
}
