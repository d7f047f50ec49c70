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

#include "limit.h"
#include "limit_int.h"

#define MAX_FIELDS	64
#define MAX_DEPTH	4	/* overlays on overlays */

/* Split a line at spaces (fields are escaped: never hold one). */
static size_t
split(const char *s, const char *end, const char **f, size_t *fn)
{
	size_t n = 0;

	while (s < end && n < MAX_FIELDS) {
		while (s < end && *s == ' ')
			s++;
		if (s == end)
			break;
		f[n] = s;
		while (s < end && *s != ' ')
			s++;
		fn[n] = (size_t)(s - f[n]);
		n++;
	}
	return n;
}

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

/* overlay's "upperdir=" among the super options, unescaped. */
static int
upperdir(const char *opts, size_t n, char *dst, size_t cap)
{
	const char *s = opts, *end = opts + n, *c;
	size_t len;

	dst[0] = '\0';
	while (s < end) {
		c = memchr(s, ',', (size_t)(end - s));
		len = c ? (size_t)(c - s) : (size_t)(end - s);
		if (len > 9 && strncmp(s, "upperdir=", 9) == 0)
			return cgroup_mount_unescape(s + 9, len - 9, dst, cap);
		s += len + 1;
	}
	return 0;
}

/* One line: "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3
 * /dev/root rw,errors=continue" (proc(5)). */
static int
parse_line(const char *s, const char *end, struct rctl_mount *m)
{
	const char *f[MAX_FIELDS];
	size_t fn[MAX_FIELDS], n, dash;
	char num[32];

	n = split(s, end, f, fn);
	for (dash = 6; dash < n && !(fn[dash] == 1 && f[dash][0] == '-');
	    dash++)
		;
	if (n < 5 || dash + 2 >= n || fn[2] >= sizeof(num))
		goto bad;
	memcpy(num, f[2], fn[2]);
	num[fn[2]] = '\0';
	if (sscanf(num, "%u:%u", &m->major, &m->minor) != 2)
		goto bad;
	if (cgroup_mount_unescape(f[4], fn[4], m->point,
	    sizeof(m->point)) == -1 ||
	    cgroup_mount_unescape(f[dash + 1], fn[dash + 1], m->type,
	    sizeof(m->type)) == -1 ||
	    cgroup_mount_unescape(f[dash + 2], fn[dash + 2], m->source,
	    sizeof(m->source)) == -1)
		return -1;
	m->upper[0] = '\0';
	if (dash + 3 < n && strcmp(m->type, "overlay") == 0)
		return upperdir(f[dash + 3], fn[dash + 3], m->upper,
		    sizeof(m->upper));
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int
rctl_mount_of(const char *mountinfo, const char *path,
    struct rctl_mount *out)
{
	const char *s = mountinfo, *nl;
	struct rctl_mount *m;
	size_t best = 0;
	bool found = false;

	if ((m = malloc(sizeof(*m))) == NULL)
		return -1;
	for (; *s != '\0'; s = *nl ? nl + 1 : nl) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		if (nl == s)
			continue;
		if (parse_line(s, nl, m) == -1) {
			free(m);
			return -1;
		}
		if (holds(m->point, path) && strlen(m->point) >= best) {
			best = strlen(m->point);
			*out = *m;
			found = true;
		}
	}
	free(m);
	if (!found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
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

	if (cgroup_file_read_all(AT_FDCWD, "/proc/self", "mountinfo", &text,
	    e) == -1)
		return -1;
	r = device_of(text, jail_path, 0, &dev, e);
	free(text);
	if (r == -1 || rctl_disk_of("/sys", dev, &p->iodev, e) == -1)
		return err_ctx(e, "io limits for %s", jail_path);
	return 0;
}
