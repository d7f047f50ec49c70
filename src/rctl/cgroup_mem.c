/* The memory of a jail whose cgroup has no memory controller: on a
 * hybrid host a jail joins the v1 memory hierarchy only when rctl limits
 * its memory (each v1 hierarchy joined costs a migration at every start
 * and exec), and the v2 one holds no controller.  Its figure is then the
 * sum of its processes' proportional set sizes: each resident page
 * divided by the number of processes mapping it, so that pages the
 * jail's processes share are counted once, and pages shared with the
 * host in proportion.  Unlike the memory controller's charge, it leaves
 * out page cache not mapped, tmpfs files not mapped, and kernel memory
 * (proc(5), /proc/PID/smaps_rollup, Linux 4.14). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_int.h"

int64_t
cgroup_parse_pss(const char *text)
{
	const char *p = text, *s;
	unsigned long long kb;
	char *end;

	/* "Pss:                 101 kB", not "Pss_Anon:" and the like. */
	while (p != NULL && strncmp(p, "Pss:", 4) != 0)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	if (p == NULL)
		return 0;
	s = p + 4 + strspn(p + 4, " \t");
	errno = 0;
	kb = strtoull(s, &end, 10);
	if (end == s || *s == '-' || errno || strncmp(end, " kB", 3) != 0 ||
	    kb > INT64_MAX / 1024) {
		errno = EINVAL;
		return -1;
	}
	return (int64_t)kb * 1024;
}

/* One process's Pss, 0 if it is gone (ENOENT; ESRCH when it exited
 * between open and read). */
static int64_t
pss_of(pid_t pid, struct brig_err *e)
{
	char dir[32], buf[4096];
	int64_t v;

	snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	if (cgroup_file_read(AT_FDCWD, dir, "smaps_rollup", buf, sizeof(buf),
	    e) == -1)
		return e->errnum == ENOENT || e->errnum == ESRCH ? 0 : -1;
	if ((v = cgroup_parse_pss(buf)) == -1)
		return err_fmt(e, "read %s/smaps_rollup: no Pss in \"%.20s\"",
		    dir, buf);
	return v;
}

/* The pids are a snapshot, as ps(1) takes one: a process that starts
 * meanwhile is not counted. */
int64_t
cgroup_pss_sum(const pid_t *pids, size_t n, struct brig_err *e)
{
	int64_t sum = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((v = pss_of(pids[i], e)) == -1)
			return -1;
		sum += v;
	}
	return sum;
}
