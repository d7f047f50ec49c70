/* The cgroup v2 side: controllers enabled top-down through
 * cgroup.subtree_control, cgroup.freeze with cgroup.events, cgroup.kill.
 * See Documentation/admin-guide/cgroup-v2.rst. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_int.h"

/* The v2 controllers brig limits with, named as in cgroup.controllers. */
static const struct {
	unsigned bit;
	const char *name;
} want_names[] = {
	{ CG_BIT(CG_CPU), "cpu" },
	{ CG_BIT(CG_IO), "io" },
	{ CG_BIT(CG_MEMORY), "memory" },
	{ CG_BIT(CG_PIDS), "pids" },
};

/* Enable the controllers of want in dpath/cgroup.subtree_control that
 * are not enabled yet (reading first: a write, even a no-op, takes the
 * cgroup mutex and walks the subtree). */
static int
enable(const char *dpath, unsigned want, struct brig_err *e)
{
	char cur[512], add[64];
	size_t i, o = 0;

	if (cgroup_file_read(AT_FDCWD, dpath, "cgroup.subtree_control", cur,
	    sizeof(cur), e) == -1)
		return -1;
	want &= ~cgroup_parse_controllers(cur);
	for (i = 0; i < sizeof(want_names) / sizeof(want_names[0]); i++)
		if (want & want_names[i].bit)
			o += (size_t)snprintf(add + o, sizeof(add) - o, "%s+%s",
			    o ? " " : "", want_names[i].name);
	if (o == 0)
		return 0;
	return cgroup_file_write(AT_FDCWD, dpath, "cgroup.subtree_control",
	    add, e);
}

/* The root's and brig's cgroup.subtree_control decide which controllers
 * brig/NAME gets.  brig itself never holds a process, so the
 * no-internal-process rule cannot refuse the write. */
static int
prepare(const struct cgroup_dir *d, struct brig_err *e)
{
	char parent[PATH_MAX];
	unsigned want = d->ctl & (CG_BIT(CG_CPU) | CG_BIT(CG_MEMORY) |
	    CG_BIT(CG_PIDS) | CG_BIT(CG_IO));

	if (want == 0)
		return 0;
	if (enable(d->root, want, e) == -1)
		return -1;
	if ((size_t)snprintf(parent, sizeof(parent), "%s/brig", d->root) >=
	    sizeof(parent)) {
		errno = ENAMETOOLONG;
		return err_sys(e, "%s/brig", d->root);
	}
	return enable(parent, want, e);
}

/* Wait until cgroup.events says "frozen 1": the kernel notifies a
 * change of cgroup.events with POLLPRI. */
static int
wait_frozen(const struct cgroup_dir *d, struct brig_err *e)
{
	long long deadline = cgroup_now_ms() + CG_FREEZE_TIMEOUT_MS, left;
	struct pollfd pfd;
	char buf[256];
	ssize_t n;
	int fd;

	fd = openat(d->fd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return err_sys(e, "open %s/cgroup.events", d->path);
	for (;;) {
		while ((n = pread(fd, buf, sizeof(buf) - 1, 0)) == -1 &&
		    errno == EINTR)
			;
		if (n == -1) {
			err_sys(e, "read %s/cgroup.events", d->path);
			close(fd);
			return -1;
		}
		buf[n] = '\0';
		left = deadline - cgroup_now_ms();
		if (strstr(buf, "frozen 1\n") || left <= 0)
			break;
		pfd = (struct pollfd){ .fd = fd, .events = POLLPRI };
		(void)poll(&pfd, 1, (int)left);
	}
	close(fd);
	return 0;
}

static int
freeze(const struct cgroup_dir *d, bool on, struct brig_err *e)
{
	int fd;

	if (d->fd == -1) {
		errno = ENOENT;
		return err_sys(e, "freeze %s", d->path);
	}
	fd = openat(d->fd, "cgroup.freeze", O_WRONLY | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		return 1;	/* before Linux 5.2 */
	if (fd == -1)
		return err_sys(e, "open %s/cgroup.freeze", d->path);
	if (write(fd, on ? "1" : "0", 1) != 1) {
		err_sys(e, "write %s/cgroup.freeze", d->path);
		close(fd);
		return -1;
	}
	close(fd);
	return on ? wait_frozen(d, e) : 0;
}

static int
kill_all(const struct cgroup_dir *d, struct brig_err *e)
{
	int fd;

	if (d->fd == -1) {
		errno = ENOENT;
		return err_sys(e, "kill %s", d->path);
	}
	fd = openat(d->fd, "cgroup.kill", O_WRONLY | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		return 1;	/* before Linux 5.14 */
	if (fd == -1)
		return err_sys(e, "open %s/cgroup.kill", d->path);
	if (write(fd, "1", 1) != 1) {
		err_sys(e, "write %s/cgroup.kill", d->path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

const struct cgroup_ops cgroup_v2_ops = {
	.name = "v2",
	.memory_file = "memory.current",
	.prepare = prepare,
	.freeze = freeze,
	.kill = kill_all,
};
