/* The dir backend (the default; works everywhere): the root is a plain
 * directory, a snapshot is a copy of it in DATADIR/snapshots/NAME/SNAP
 * made with reflinks where the filesystem has them (copy.c).
 *
 * Everything that replaces a tree is made beside it under a temporary
 * name starting with '.', and renamed into place once complete: a
 * snapshot that runs out of space leaves nothing, a rollback swaps the
 * whole root at once (renameat2 RENAME_EXCHANGE). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

static int
dir_open(struct store *s, struct brig_err *e)
{
	(void)s;
	(void)e;
	return 0;
}

static bool
dir_exists(struct store *s)
{
	struct stat sb;

	return lstat(s->root, &sb) == 0;
}

static int
dir_create(struct store *s, struct brig_err *e)
{
	if (mkdir(s->root, 0755) == -1)
		return err_sys(e, "create %s", s->root);
	return 0;
}

/* The root opened as a directory; a root that is a symbolic link is
 * refused (what it points to is not the jail's to give). */
static int
open_root(const struct store *s, struct brig_err *e)
{
	int fd = open(s->root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1 && errno == ELOOP)
		return err_fmt(e, "%s is a symbolic link, not a directory",
		    s->root);
	if (fd == -1)
		return err_sys(e, "open %s", s->root);
	return fd;
}

static int
open_parent(const char *path, char *base, size_t blen, struct brig_err *e)
{
	char parent[PATH_MAX];
	int fd;

	if (store_split(path, parent, sizeof(parent), base, blen) == -1)
		return err_fmt(e, "%s: path too long", path);
	fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return err_sys(e, "open %s", parent);
	return fd;
}

static int
dir_destroy(struct store *s, struct brig_err *e)
{
	char base[256];
	int pfd, rc;

	if (store_not_mounted(s, e) != 0)
		return -1;
	if ((pfd = open_parent(s->root, base, sizeof(base), e)) == -1)
		return -1;
	rc = store_remove_tree(pfd, base, e);
	close(pfd);
	return rc;
}

static int
dir_snapshot(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	int rfd, rc;

	if ((rfd = open_root(s, e)) == -1)
		return -1;
	rc = store_snapshot_copy(s, rfd, snap, st, e);
	close(rfd);
	return rc;
}

static int
dir_snap_destroy(struct store *s, const char *snap, struct brig_err *e)
{
	int sfd, rc;

	if ((sfd = store_snapdir_open(s, false, e)) == -1)
		return -1;
	rc = store_remove_tree(sfd, snap, e);
	close(sfd);
	return rc;
}

/* When a snapshot was made: its birth time where the filesystem keeps
 * one, else its last status change, which is when the copy set the
 * top directory's times (nothing changes a snapshot afterwards). */
static int64_t
made_at(int dirfd, const char *name)
{
	struct statx sx;

	if (statx(dirfd, name, AT_SYMLINK_NOFOLLOW, STATX_BTIME |
	    STATX_CTIME, &sx) == -1)
		return 0;
	return (sx.stx_mask & STATX_BTIME) ? sx.stx_btime.tv_sec :
	    sx.stx_ctime.tv_sec;
}

static int
dir_snap_list(struct store *s, bool sizes, struct store_snap **list,
    size_t *n, struct brig_err *e)
{
	struct store_snap *v;
	char **names;
	size_t k, i;
	int sfd, fd;

	if ((sfd = store_snapdir_open(s, false, e)) == -1)
		return e->errnum == ENOENT ? 0 : -1;
	if (store_list_dir(sfd, &names, &k, e) == -1) {
		close(sfd);
		return -1;
	}
	if ((v = calloc(k + 1, sizeof(*v))) == NULL) {
		err_sys(e, "list %s", s->snapdir);
		k = 0;
	}
	for (i = 0; v && i < k; i++) {
		snprintf(v[i].name, sizeof(v[i].name), "%s", names[i]);
		v[i].time = made_at(sfd, names[i]);
		v[i].used = -1;
		if (sizes && (fd = openat(sfd, names[i], O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) != -1) {
			struct brig_err ignore;

			if (store_tree_blocks(fd, &v[i].used, &ignore) == -1)
				v[i].used = -1;
			close(fd);
		}
	}
	store_free_names(names, k);
	close(sfd);
	*list = v;
	*n = k;
	return v ? 0 : -1;
}

/* Empty a root that is a mount point (it cannot be renamed) and copy
 * the snapshot into it: not atomic, but the only way. */
static int
rollback_in_place(int rootfd, int snapfd, struct store_stats *st,
    struct brig_err *e)
{
	if (store_empty_dir(rootfd, e) == -1)
		return -1;
	return store_copy_into(snapfd, rootfd, st, e);
}

static bool
is_mount_point(int pfd, const char *base)
{
	struct statx sx;

	return statx(pfd, base, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
	    STATX_TYPE, &sx) == 0 && (sx.stx_attributes_mask &
	    STATX_ATTR_MOUNT_ROOT) && (sx.stx_attributes &
	    STATX_ATTR_MOUNT_ROOT);
}

static int
rollback_swap(int pfd, const char *base, int snapfd, struct store_stats *st,
    struct brig_err *e)
{
	struct brig_err ignore;
	char tmp[300];

	if (store_temp_name(base, "rollback", tmp, sizeof(tmp)) == -1)
		return err_fmt(e, "%s: name too long", base);
	store_remove_tree(pfd, tmp, &ignore);
	if (store_copy_tree(snapfd, pfd, tmp, st, e) == -1)
		return -1;
	if (store_swap(pfd, base, tmp, e) == -1) {
		store_remove_tree(pfd, tmp, &ignore);
		return -1;
	}
	if (store_remove_tree(pfd, tmp, e) == -1)
		return err_ctx(e, "rolled back, but the old root stays as %s",
		    tmp);
	return 0;
}

static int
dir_rollback(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	char base[256];
	int pfd = -1, sfd = -1, snapfd = -1, rfd = -1, rc = -1;

	if (store_not_mounted(s, e) != 0 ||
	    (pfd = open_parent(s->root, base, sizeof(base), e)) == -1 ||
	    (sfd = store_snapdir_open(s, false, e)) == -1)
		goto out;
	snapfd = openat(sfd, snap, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (snapfd == -1)
		err_sys(e, "open %s/%s", s->snapdir, snap);
	else if (!is_mount_point(pfd, base))
		rc = rollback_swap(pfd, base, snapfd, st, e);
	else if ((rfd = open_root(s, e)) != -1)
		rc = rollback_in_place(rfd, snapfd, st, e);
out:
	if (rfd != -1)
		close(rfd);
	if (snapfd != -1)
		close(snapfd);
	if (sfd != -1)
		close(sfd);
	if (pfd != -1)
		close(pfd);
	return rc;
}

static int
dir_snap_dir(struct store *s, const char *snap, char *buf, size_t len,
    struct brig_err *e)
{
	if ((size_t)snprintf(buf, len, "%s/%s", s->snapdir, snap) >= len)
		return err_fmt(e, "%s/%s: path too long", s->snapdir, snap);
	return 0;
}

/* A copy of src's root (or snapshot) made beside dst's root, renamed
 * into place once complete. */
static int
dir_clone(struct store *src, const char *snap, struct store *dst,
    struct store_stats *st, struct brig_err *e)
{
	struct brig_err ignore;
	char from[PATH_MAX], base[256], tmp[300], parent[PATH_MAX];
	int ffd = -1, pfd = -1, rc = -1;

	if (snap && dir_snap_dir(src, snap, from, sizeof(from), e) == -1)
		return -1;
	if (store_split(dst->root, parent, sizeof(parent), base,
	    sizeof(base)) == -1 || store_temp_name(base, "clone", tmp,
	    sizeof(tmp)) == -1)
		return err_fmt(e, "%s: path too long", dst->root);
	if (store_mkdirs(parent, 0755, e) == -1 ||
	    (pfd = open_parent(dst->root, base, sizeof(base), e)) == -1)
		return -1;
	ffd = snap ? open(from, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC) : open_root(src, e);
	if (ffd == -1 && snap)
		err_sys(e, "open %s", from);
	store_remove_tree(pfd, tmp, &ignore);
	if (ffd != -1 && store_copy_tree(ffd, pfd, tmp, st, e) == 0) {
		if (renameat2(pfd, tmp, pfd, base, RENAME_NOREPLACE) == 0)
			rc = 0;
		else {
			err_sys(e, "rename %s/%s", parent, tmp);
			store_remove_tree(pfd, tmp, &ignore);
		}
	}
	if (ffd != -1)
		close(ffd);
	close(pfd);
	return rc;
}

static int
dir_usage(struct store *s, struct store_usage *u, struct brig_err *e)
{
	int fd = open_root(s, e);

	return fd == -1 ? -1 : store_usage_walk(s, fd, u, e);
}

const struct store_ops store_dir_ops = {
	.name = "dir",
	.open = dir_open,
	.exists = dir_exists,
	.create = dir_create,
	.destroy = dir_destroy,
	.snapshot = dir_snapshot,
	.snap_destroy = dir_snap_destroy,
	.snap_list = dir_snap_list,
	.rollback = dir_rollback,
	.clone = dir_clone,
	.usage = dir_usage,
	.snap_dir = dir_snap_dir,
};
