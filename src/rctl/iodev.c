/* The block device of a jail, for rctl's io throttles (io.max,
 * blkio.throttle.*): throttling acts where a bio is submitted, on one
 * device, so brig needs the device the jail's root lives on.  A file's
 * st_dev names it for ext4 and xfs, but btrfs and overlay give each
 * mount (btrfs each subvolume) an anonymous 0:N, so the mount holding
 * the path is looked up in /proc/self/mountinfo and its source taken.
 * The kernel takes throttles for whole disks only (blkcg_conf_open_bdev()
 * refuses a partition with ENODEV, v1 and v2 alike), so a partition
 * becomes its disk. */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/mountinfo.h"
#include "limit.h"
#include "limit_int.h"

#define MAX_DEPTH	4	/* overlays on overlays */

/* Does the mount point mp hold path? */
static bool
holds(const char *mp, const char *path)
{
	size_t n = strlen(mp);

	if (path[0] != '/')
		return false;
	if (strcmp(mp, "/") == 0)
		return true;
	return strncmp(path, mp, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

static int
copy(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(dst, s, n + 1);
	return 0;
}

/* The fields brig needs, and overlay's upper directory ("upperdir=" in
 * its super options). */
static int
take(const struct mountinfo *mi, struct rctl_mount *m)
{
	m->major = mi->major;
	m->minor = mi->minor;
	m->upper[0] = '\0';
	if (copy(m->point, sizeof(m->point), mi->point) == -1 ||
	    copy(m->type, sizeof(m->type), mi->type) == -1 ||
	    copy(m->source, sizeof(m->source), mi->source) == -1)
		return -1;
	if (strcmp(mi->type, "overlay") == 0 && mountinfo_opt(mi->super,
	    "upperdir", m->upper, sizeof(m->upper)) == -1)
		return -1;
	return 0;
}

int
rctl_mount_of(const char *mountinfo, const char *path,
    struct rctl_mount *out)
{
	struct mountinfo_iter it;
	struct mountinfo m;
	size_t best = 0;
	bool found = false;
	int r;

	mountinfo_begin(&it, mountinfo, strlen(mountinfo));
	while ((r = mountinfo_next(&it, &m)) == 1) {
		if (!holds(m.point, path) || strlen(m.point) < best)
			continue;
		if (take(&m, out) == -1) {
			r = -1;
			break;
		}
		best = strlen(m.point);
		found = true;
	}
	mountinfo_end(&it);
	if (r == 0 && !found) {
		errno = ENOENT;
		r = -1;
	}
	return r;
}

int
rctl_disk_of(const char *sys, dev_t dev, dev_t *out, struct brig_err *e)
{
	char p[PATH_MAX], real[PATH_MAX], buf[32], *slash;
	unsigned maj, min;
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s/dev/block/%u:%u", sys, major(dev),
	    minor(dev));
	if (realpath(p, real) == NULL)
		return err_sys(e, "find block device %u:%u (%s)", major(dev),
		    minor(dev), p);
	snprintf(p, sizeof(p), "%s/partition", real);
	if (access(p, F_OK) == -1) {
		*out = dev;	/* a whole disk (or a loop, dm device) */
		return 0;
	}
	if ((slash = strrchr(real, '/')) == NULL || slash == real)
		return err_fmt(e, "find the disk of partition %s", real);
	snprintf(slash, sizeof(real) - (size_t)(slash - real), "/dev");
	if ((fd = open(real, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", real);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return err_sys(e, "read %s", real);
	buf[n] = '\0';
	if (sscanf(buf, "%u:%u", &maj, &min) != 2)
		return err_fmt(e, "read %s: unexpected \"%.20s\"", real, buf);
	*out = makedev(maj, min);
	return 0;
}

/* The device of the filesystem holding path (resolved). */
static int
device_of(const char *mountinfo, const char *path, int depth, dev_t *dev,
    struct brig_err *e)
{
	char real[PATH_MAX];
	struct rctl_mount *m;
	struct stat st;
	int r = -1;

	if (realpath(path, real) == NULL)
		return err_sys(e, "find the block device of %s", path);
	if ((m = malloc(sizeof(*m))) == NULL)
		return err_sys(e, "find the block device of %s", path);
	if (rctl_mount_of(mountinfo, real, m) == -1) {
		err_sys(e, "find the mount holding %s in /proc/self/mountinfo",
		    real);
		goto out;
	}
	if (m->major != 0) {
		*dev = makedev(m->major, m->minor);
		r = 0;
	} else if (m->source[0] == '/' && stat(m->source, &st) == 0 &&
	    S_ISBLK(st.st_mode)) {
		*dev = st.st_rdev;	/* btrfs */
		r = 0;
	} else if (m->upper[0] == '/' && depth < MAX_DEPTH) {
		r = device_of(mountinfo, m->upper, depth + 1, dev, e);
	} else
		err_fmt(e, "%s is on %s (%s %s), which has no block device to "
		    "throttle", path, m->point, m->type, m->source);
out:
	free(m);
	return r;
}

int
rctl_plan_iodev(struct rctl_plan *p, const char *jail_path,
    struct brig_err *e)
{
	char *text;
	dev_t dev;
	int r;

	if (mountinfo_read(&text, NULL, e) == -1)
		return -1;
	r = device_of(text, jail_path, 0, &dev, e);
	free(text);
	if (r == -1 || rctl_disk_of("/sys", dev, &p->iodev, e) == -1)
		return err_ctx(e, "io limits for %s", jail_path);
	return 0;
}
