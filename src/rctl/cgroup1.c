/* The cgroup v1 side: one hierarchy per controller (or comount, as
 * "cpu,cpuacct"), nothing to enable, the freezer through freezer.state.
 * See Documentation/admin-guide/cgroup-v1/freezer-subsystem.rst. */
#include <errno.h>
#include <string.h>

#include "cgroup_int.h"

/* v1 has no notification for freezer.state: poll it, from 50 us up to
 * 5 ms between reads.  FREEZING can last while a task sleeps
 * uninterruptibly; after the timeout the caller goes on unfrozen. */
static int
wait_frozen(const struct cgroup_dir *d, struct brig_err *e)
{
	long long deadline = cgroup_now_ms() + CG_FREEZE_TIMEOUT_MS;
	long delay = 50;
	char state[32];

	for (;;) {
		if (cgroup_file_read(d->fd, d->path, "freezer.state", state,
		    sizeof(state), e) == -1)
			return -1;
		if (strncmp(state, "FROZEN", 6) == 0 ||
		    cgroup_now_ms() >= deadline)
			return 0;
		cgroup_sleep_us(delay);
		if (delay < 5000)
			delay *= 2;
	}
}

static int
freeze(const struct cgroup_dir *d, bool on, struct brig_err *e)
{
	if (!(d->ctl & CG_BIT(CG_FREEZER)))
		return 1;
	if (d->fd == -1) {
		errno = ENOENT;
		return err_sys(e, "freeze %s", d->path);
	}
	if (cgroup_file_write(d->fd, d->path, "freezer.state",
	    on ? "FROZEN" : "THAWED", e) == -1)
		return -1;
	return on ? wait_frozen(d, e) : 0;
}

/* v1 has no cgroup.kill. */
static int
kill_all(const struct cgroup_dir *d, struct brig_err *e)
{
	(void)d;
	(void)e;
	return 1;
}

const struct cgroup_ops cgroup_v1_ops = {
	.name = "v1",
	.memory_file = "memory.usage_in_bytes",
	.prepare = NULL,
	.freeze = freeze,
	.kill = kill_all,
};
