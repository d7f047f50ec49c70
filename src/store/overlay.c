/* The overlay backend (thin jails): a read-only base shared by many
 * jails, and per jail an upper layer holding what the jail changed:
 *
 *   DATADIR/overlay/NAME/base     the base's path, one line
 *   DATADIR/overlay/NAME/upper/   the upper layer
 *   DATADIR/overlay/NAME/work/    overlayfs's work directory
 *   ROOT                          the mount point: the jail's path
 *
 * The base is kept in the dataset rather than taken from a parameter:
 * an upper layer means something only over the base it was made on.
 *
 * brig start mounts overlayfs (lowerdir=BASE, upperdir, workdir) on the
 * root when it is not mounted, before exec.prestart, and brig stop
 * unmounts it after exec.poststop, as FreeBSD's thin jails get their
 * base from a nullfs line of mount.fstab: a stopped jail's root is an
 * empty directory, and a reboot leaves nothing to clean.  The mount is
 * made with the new mount API and attached through an O_PATH descriptor
 * of the root (never followed through a symbolic link).
 *
 * A snapshot is a copy of the upper layer (reflinked where the
 * filesystem can: copy.c) in DATADIR/snapshots/NAME/SNAP, as the dir
 * backend's; a rollback swaps a copy of one in for the upper layer; a
 * clone is a copy of the upper layer over the same base.  The tree as
 * the jail sees it (brig export, a clone into another backend) is a
 * read-only overlay of the upper layer (or a snapshot) over the base,
 * mounted nowhere (fsmount) and gone with its last descriptor; or the
 * root itself while the jail runs.
 *
 * Options: index=off, metacopy=off and redirect_dir=off whatever the
 * module's defaults, so that an upper layer is plain files, whiteouts and
 * opaque directories, which a copy keeps (trusted.overlay.* attributes
 * included) and which mean the same over the same base in a clone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"
#include "../ns/rootfs.h"
#include "../util/mountinfo.h"

#define OVL_TRIES 8	/* stacked mounts of one overlay, unmounted */

static void
ovl_path(const struct store *s, const char *what, char *buf, size_t len)
{
	snprintf(buf, len, "%s/overlay/%s%s%s", s->datadir, s->name,
	    what ? "/" : "", what ? what : "");
}

/* Is path a or below it? */
static bool
within(const char *path, const char *a)
{
	size_t n = strlen(a);

	return strncmp(path, a, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* overlayfs splits its layer options at ':' and ',' and unescapes '\'. */
static int
layer_ok(const char *path, const char *what, struct brig_err *e)
{
	errno = 0;
	if (strpbrk(path, ":,\\") != NULL)
		return err_fmt(e, "%s %s: overlayfs takes no ':', ',' or '\\' "
		    "in a layer's path", what, path);
	return 0;
}

/* The base file: the path it holds into s->base; none is "". */
static int
ovl_open(struct store *s, struct brig_err *e)
{
	char path[PATH_MAX], buf[PATH_MAX + 2];
	ssize_t n;
	int fd;

	ovl_path(s, "base", path, sizeof(path));
	s->base[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : err_sys(e, "open %s", path);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n == -1)
		return err_sys(e, "read %s", path);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (store_check_root(buf, s->base, sizeof(s->base), e) == -1) {
		s->base[0] = '\0';
		return err_ctx(e, "%s", path);
	}
	return 0;
}

static bool
ovl_exists(struct store *s)
{
	char upper[PATH_MAX];
	struct stat sb;

	ovl_path(s, "upper", upper, sizeof(upper));
	return lstat(upper, &sb) == 0;
}

int
store_set_base(struct store *s, const char *base, struct brig_err *e)
{
	char buf[PATH_MAX], dir[PATH_MAX];
	struct stat sb;

	errno = 0;
	if (s->ops != &store_overlay_ops)
		return err_fmt(e, "a base is for brig.storage overlay, not %s",
		    s->ops->name);
	if (store_check_root(base, buf, sizeof(buf), e) == -1)
		return err_ctx(e, "base");
	ovl_path(s, NULL, dir, sizeof(dir));
	if (within(buf, dir) || within(dir, buf) || within(buf, s->root) ||
	    within(s->root, buf))
		return err_fmt(e, "base %s: it must be outside the jail's root "
		    "(%s) and upper layer (%s)", buf, s->root, dir);
	if (layer_ok(buf, "base", e) == -1)
		return -1;
	if (stat(buf, &sb) == -1)
		return err_sys(e, "base %s", buf);
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return err_sys(e, "base %s", buf);
	}
	snprintf(s->base, sizeof(s->base), "%s", buf);
	return 0;
}

const char *
store_base(const struct store *s)
{
	return s->ops == &store_overlay_ops && s->base[0] ? s->base : NULL;
}

/* --- mounting ---------------------------------------------------------- */

enum { OVL_NONE, OVL_OURS, OVL_OTHER };

/* What is mounted on the root: nothing, this jail's overlay (its upper
 * layer in the super options), or something else.  -1 with e. */
static int
ovl_mounted(const struct store *s, struct brig_err *e)
{
	char real[PATH_MAX], upper[PATH_MAX], type[32], opts[3 * PATH_MAX];
	char have[PATH_MAX];
	int r;

	/* mountinfo names the mount point without symbolic links */
	if (realpath(s->root, real) == NULL)
		return errno == ENOENT ? OVL_NONE : err_sys(e, "%s", s->root);
	if ((r = store_mount_at(real, type, sizeof(type), opts, sizeof(opts),
	    e)) != 1)
		return r == 0 ? OVL_NONE : -1;
	ovl_path(s, "upper", upper, sizeof(upper));
	if (strcmp(type, "overlay") != 0 ||
	    mountinfo_opt(opts, "upperdir", have, sizeof(have)) != 1)
		return OVL_OTHER;
	return strcmp(have, upper) == 0 ? OVL_OURS : OVL_OTHER;
}

/* A new overlayfs, mounted nowhere yet: the mount's fd, or -1.  keys and
 * vals: the options, NULL-terminated. */
static int
new_overlay(const struct store *s, const char *layer,
    const char *const *keys, const char *const *vals, unsigned attr,
    struct brig_err *e)
{
	char source[96], log[256];
	const char *klog = "";
	int fs, mnt = -1, saved;
	size_t i;

	snprintf(source, sizeof(source), "brig-%s", s->name);
	if ((fs = fsopen("overlay", FSOPEN_CLOEXEC)) == -1)
		return err_sys(e, "create an overlay file system");
	if (fsconfig(fs, FSCONFIG_SET_STRING, "source", source, 0) == -1)
		goto fail;
	for (i = 0; keys[i]; i++)
		if (fsconfig(fs, FSCONFIG_SET_STRING, keys[i], vals[i], 0) ==
		    -1)
			goto fail;
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == -1 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, attr)) == -1)
		goto fail;
	close(fs);
	return mnt;
fail:
	saved = errno;
	klog = rootfs_fs_log(fs, log, sizeof(log));
	close(fs);
	errno = saved;
	return err_sys(e, "mount overlay %s over %s%s", layer, s->base, klog);
}

static int
need_base(const struct store *s, struct brig_err *e)
{
	struct stat sb;

	errno = 0;
	if (s->base[0] == '\0')
		return err_fmt(e, "%s/overlay/%s/base: missing (the base this "
		    "thin jail was made over)", s->datadir, s->name);
	if (stat(s->base, &sb) == -1)
		return err_sys(e, "the base %s", s->base);
	return 0;
}

static int
ovl_mount(struct store *s, struct brig_err *e)
{
	char upper[PATH_MAX], work[PATH_MAX];
	const char *keys[] = { "upperdir", "workdir", "lowerdir", "index",
	    "metacopy", "redirect_dir", NULL };
	const char *vals[] = { upper, work, s->base, "off", "off", "off" };
	int r, mnt, target;

	if ((r = ovl_mounted(s, e)) == OVL_OURS)
		return 0;
	errno = 0;
	if (r == OVL_OTHER)
		return err_fmt(e, "%s: another file system is mounted there",
		    s->root);
	if (r == -1 || need_base(s, e) == -1)
		return -1;
	ovl_path(s, "upper", upper, sizeof(upper));
	ovl_path(s, "work", work, sizeof(work));
	if (layer_ok(upper, "upper layer", e) == -1 ||
	    layer_ok(s->base, "base", e) == -1)
		return -1;
	/* The mount point: made again if it went (a new path). */
	if (store_mkdirs(s->root, 0755, e) == -1)
		return -1;
	target = open(s->root, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (target == -1)
		return err_sys(e, "open %s", s->root);
	if ((mnt = new_overlay(s, upper, keys, vals, 0, e)) == -1) {
		close(target);
		return -1;
	}
	r = move_mount(mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH);
	if (r == -1)
		err_sys(e, "mount overlay on %s", s->root);
	close(mnt);
	close(target);
	return r == -1 ? -1 : 1;
}

static int
ovl_unmount(struct store *s, struct brig_err *e)
{
	int r, i, done = 0;

	for (i = 0; i < OVL_TRIES; i++) {
		if ((r = ovl_mounted(s, e)) == -1)
			return -1;
		if (r != OVL_OURS)
			return done;
		if (umount2(s->root, UMOUNT_NOFOLLOW) == -1)
			return err_sys(e, "unmount the overlay on %s", s->root);
		done = 1;
	}
	return done;
}

/* The tree as the jail sees it: the root while the overlay is mounted
 * there, else (and for a snapshot) a read-only overlay of the layer
 * over the base, attached nowhere. */
static int
ovl_view(struct store *s, const char *snap, struct brig_err *e)
{
	char layer[PATH_MAX], lower[2 * PATH_MAX + 2];
	const char *keys[] = { "lowerdir", NULL };
	const char *vals[] = { lower };
	int r, mnt, fd;

	if (!snap && (r = ovl_mounted(s, e)) != OVL_NONE) {
		if (r == -1)
			return -1;
		if (r == OVL_OTHER) {
			errno = 0;
			return err_fmt(e, "%s: another file system is mounted "
			    "there", s->root);
		}
		fd = open(s->root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		return fd == -1 ? err_sys(e, "open %s", s->root) : fd;
	}
	if (need_base(s, e) == -1)
		return -1;
	if (snap)
		snprintf(layer, sizeof(layer), "%s/%s", s->snapdir, snap);
	else
		ovl_path(s, "upper", layer, sizeof(layer));
	if (layer_ok(layer, "layer", e) == -1 ||
	    layer_ok(s->base, "base", e) == -1)
		return -1;
	/* Two lower layers and no upper: read-only, no work directory. */
	snprintf(lower, sizeof(lower), "%s:%s", layer, s->base);
	mnt = new_overlay(s, layer, keys, vals, MOUNT_ATTR_RDONLY |
	    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, e);
	if (mnt == -1)
		return -1;
	/* The fd keeps the detached mount alive; closing it drops it. */
	fd = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		err_sys(e, "open the overlay of %s", layer);
	close(mnt);
	return fd;
}

/* --- the dataset --------------------------------------------------------- */

/* Refuse to touch a root with anything left mounted in it. */
static int
unmounted(struct store *s, struct brig_err *e)
{
	char mp[PATH_MAX];
	int r;

	if (ovl_unmount(s, e) == -1)
		return -1;
	if ((r = store_mounted_below(s->root, mp, sizeof(mp), e)) == 1) {
		errno = 0;
		return err_fmt(e, "%s is mounted (is the jail running?)", mp);
	}
	return r;
}

/* DATADIR/overlay, opened. */
static int
open_top(const struct store *s, bool create, struct brig_err *e)
{
	char top[PATH_MAX];
	int fd;

	snprintf(top, sizeof(top), "%s/overlay", s->datadir);
	if (create && store_mkdirs(s->datadir, 0755, e) == -1)
		return -1;
	/* 0700: the upper layers hold the jails' set-uid files */
	if (create && mkdir(top, 0700) == -1 && errno != EEXIST)
		return err_sys(e, "create %s", top);
	fd = open(top, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return err_sys(e, "open %s", top);
	return fd;
}

/* The upper layer's top gets the base's owner and mode: it is the
 * merged root's. */
static int
like_base(int pfd, const char *name, const char *base, struct brig_err *e)
{
	struct stat sb;

	if (stat(base, &sb) == -1)
		return err_sys(e, "the base %s", base);
	if (fchownat(pfd, name, sb.st_uid, sb.st_gid, AT_SYMLINK_NOFOLLOW) ==
	    -1 || fchmodat(pfd, name, sb.st_mode & 07777, 0) == -1)
		return err_sys(e, "set the owner and mode of the upper layer");
	return 0;
}

static int
write_base(int dfd, const char *base, struct brig_err *e)
{
	int fd = openat(dfd, "base", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	int rc = 0;

	if (fd == -1)
		return err_sys(e, "create the base file");
	if (dprintf(fd, "%s\n", base) < 0)
		rc = err_sys(e, "write the base file");
	if (close(fd) == -1 && rc == 0)
		rc = err_sys(e, "write the base file");
	return rc;
}

/* The mount point: made, or an empty directory already there (what
 * is in it would be hidden under the overlay). */
static int
mount_point(const struct store *s, struct brig_err *e)
{
	struct dirent *de;
	DIR *d;

	if (mkdir(s->root, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return err_sys(e, "create %s", s->root);
	if ((d = opendir(s->root)) == NULL)
		return err_sys(e, "open %s", s->root);
	while ((de = readdir(d)) != NULL && (strcmp(de->d_name, ".") == 0 ||
	    strcmp(de->d_name, "..") == 0))
		;
	closedir(d);
	errno = 0;
	return de ? err_fmt(e, "%s exists and is not empty", s->root) : 0;
}

/* In the dataset's directory dfd: the base file, the work directory,
 * then the upper layer (a copy of the tree fromfd, or -1: empty) under a
 * temporary name, renamed last: its presence is the dataset's. */
static int
fill_dataset(struct store *s, int dfd, int fromfd, struct store_stats *st,
    struct brig_err *e)
{
	if (write_base(dfd, s->base, e) == -1)
		return -1;
	if (mkdirat(dfd, "work", 0700) == -1)
		return err_sys(e, "create the work directory");
	if (fromfd != -1) {
		if (store_copy_tree(fromfd, dfd, ".upper", st, e) == -1)
			return -1;
	} else if (mkdirat(dfd, ".upper", 0755) == -1)
		return err_sys(e, "create the upper layer");
	else if (like_base(dfd, ".upper", s->base, e) == -1)
		return -1;
	if (mount_point(s, e) == -1)
		return -1;
	if (renameat(dfd, ".upper", dfd, "upper") == -1)
		return err_sys(e, "rename the upper layer");
	return 0;
}

/* DATADIR/overlay/NAME over s->base, and the mount point.  All or
 * nothing. */
static int
make_dataset(struct store *s, int fromfd, struct store_stats *st,
    struct brig_err *e)
{
	struct brig_err ignore;
	int top, dfd, rc = -1;

	if (need_base(s, e) == -1 || (top = open_top(s, true, e)) == -1)
		return -1;
	store_remove_tree(top, s->name, &ignore);	/* a killed brig's */
	if (mkdirat(top, s->name, 0700) == -1)
		err_sys(e, "create %s/overlay/%s", s->datadir, s->name);
	else if ((dfd = openat(top, s->name, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1)
		err_sys(e, "open %s/overlay/%s", s->datadir, s->name);
	else {
		rc = fill_dataset(s, dfd, fromfd, st, e);
		close(dfd);
	}
	if (rc == -1)
		store_remove_tree(top, s->name, &ignore);
	close(top);
	return rc;
}

static int
ovl_create(struct store *s, struct brig_err *e)
{
	struct store_stats st;

	errno = 0;
	if (s->base[0] == '\0')
		return err_fmt(e, "an overlay jail needs a base: brig create "
		    "--from release:NAME or --from dir:PATH");
	memset(&st, 0, sizeof(st));
	return make_dataset(s, -1, &st, e);
}

static int
ovl_destroy(struct store *s, struct brig_err *e)
{
	char parent[PATH_MAX], base[256];
	int top, pfd;

	if (unmounted(s, e) != 0)
		return -1;
	if ((top = open_top(s, false, e)) == -1)
		return -1;
	if (store_remove_tree(top, s->name, e) == -1) {
		close(top);
		return -1;
	}
	close(top);
	/* The mount point: empty unless written while unmounted. */
	if (store_split(s->root, parent, sizeof(parent), base,
	    sizeof(base)) == -1)
		return err_fmt(e, "%s: path too long", s->root);
	if ((pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : err_sys(e, "open %s", parent);
	if (store_remove_tree(pfd, base, e) == -1) {
		close(pfd);
		return -1;
	}
	close(pfd);
	return 0;
}

static int
open_upper(const struct store *s, struct brig_err *e)
{
	char upper[PATH_MAX];
	int fd;

	ovl_path(s, "upper", upper, sizeof(upper));
	fd = open(upper, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd == -1 ? err_sys(e, "open %s", upper) : fd;
}

/* A copy of the upper layer: what the jail changed, while it runs too
 * (reading an upper layer under a mounted overlay is safe; writing it is
 * not, which is why rollback wants the jail stopped). */
static int
ovl_snapshot(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	int ufd, rc;

	if ((ufd = open_upper(s, e)) == -1)
		return -1;
	rc = store_snapshot_copy(s, ufd, snap, st, e);
	close(ufd);
	return rc;
}

/* The snapshots are the dir backend's: directories in s->snapdir. */
static int
ovl_snap_destroy(struct store *s, const char *snap, struct brig_err *e)
{
	return store_dir_ops.snap_destroy(s, snap, e);
}

static int
ovl_snap_list(struct store *s, bool sizes, struct store_snap **list,
    size_t *n, struct brig_err *e)
{
	return store_dir_ops.snap_list(s, sizes, list, n, e);
}

static int
ovl_snap_dir(struct store *s, const char *snap, char *buf, size_t len,
    struct brig_err *e)
{
	return store_dir_ops.snap_dir(s, snap, buf, len, e);
}

/* A copy of the snapshot beside the upper layer, swapped in whole. */
static int
ovl_rollback(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	char dir[PATH_MAX], from[PATH_MAX];
	struct brig_err ignore;
	int dfd = -1, ffd = -1, rc = -1;

	if (unmounted(s, e) != 0)
		return -1;
	ovl_path(s, NULL, dir, sizeof(dir));
	if (ovl_snap_dir(s, snap, from, sizeof(from), e) == -1)
		return -1;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		err_sys(e, "open %s", dir);
	else if ((ffd = open(from, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		err_sys(e, "open %s", from);
	else {
		store_remove_tree(dfd, ".upper.brig-rollback", &ignore);
		if (store_copy_tree(ffd, dfd, ".upper.brig-rollback", st,
		    e) == 0 && store_swap(dfd, "upper",
		    ".upper.brig-rollback", e) == 0)
			rc = store_remove_tree(dfd, ".upper.brig-rollback", e);
		else
			store_remove_tree(dfd, ".upper.brig-rollback", &ignore);
	}
	if (ffd != -1)
		close(ffd);
	if (dfd != -1)
		close(dfd);
	return rc;
}

/* Over the same base: a copy of the upper layer, or of the snapshot. */
static int
ovl_clone(struct store *src, const char *snap, struct store *dst,
    struct store_stats *st, struct brig_err *e)
{
	char from[PATH_MAX];
	int ffd, rc;

	if (need_base(src, e) == -1)
		return -1;
	snprintf(dst->base, sizeof(dst->base), "%s", src->base);
	if (snap) {
		if (ovl_snap_dir(src, snap, from, sizeof(from), e) == -1)
			return -1;
		ffd = open(from, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (ffd == -1)
			return err_sys(e, "open %s", from);
	} else if ((ffd = open_upper(src, e)) == -1)
		return -1;
	rc = make_dataset(dst, ffd, st, e);
	close(ffd);
	return rc;
}

/* The upper layer: what this jail holds beyond its shared base. */
static int
ovl_usage(struct store *s, struct store_usage *u, struct brig_err *e)
{
	int fd = open_upper(s, e);

	return fd == -1 ? -1 : store_usage_walk(s, fd, u, e);
}

int
store_overlay_users(const char *datadir, const char *base, char ***names,
    size_t *n, struct brig_err *e)
{
	struct store s;
	char top[PATH_MAX], **v;
	size_t k, i, m = 0;
	int fd;

	*names = NULL;
	*n = 0;
	snprintf(top, sizeof(top), "%s/overlay", datadir);
	if ((fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : err_sys(e, "open %s", top);
	if (store_list_dir(fd, &v, &k, e) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	memset(&s, 0, sizeof(s));
	snprintf(s.datadir, sizeof(s.datadir), "%s", datadir);
	for (i = 0; i < k; i++) {
		struct brig_err ignore;

		snprintf(s.name, sizeof(s.name), "%s", v[i]);
		if (ovl_open(&s, &ignore) == 0 && strcmp(s.base, base) == 0)
			v[m++] = v[i];
		else
			free(v[i]);
	}
	*names = v;
	*n = m;
	return 0;
}

const struct store_ops store_overlay_ops = {
	.name = "overlay",
	.open = ovl_open,
	.exists = ovl_exists,
	.create = ovl_create,
	.destroy = ovl_destroy,
	.snapshot = ovl_snapshot,
	.snap_destroy = ovl_snap_destroy,
	.snap_list = ovl_snap_list,
	.rollback = ovl_rollback,
	.clone = ovl_clone,
	.usage = ovl_usage,
	.snap_dir = ovl_snap_dir,
	.mount = ovl_mount,
	.unmount = ovl_unmount,
	.view = ovl_view,
};
