/* The btrfs backend (libbtrfsutil): the root is a subvolume, a snapshot
 * a read-only snapshot of it in DATADIR/snapshots/NAME/SNAP (which must
 * be on the same btrfs), a rollback a writable snapshot of the snapshot
 * swapped in for the root, a clone a writable snapshot.  Each is O(1)
 * whatever the jail's size.
 *
 * Space comes from the quota groups when quotas are on and consistent
 * (`btrfs quota enable`): the quota tree is read with
 * BTRFS_IOC_TREE_SEARCH, as btrfs-progs' qgroup show does, since
 * libbtrfsutil has no call for it. */
#include <btrfsutil.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/btrfs.h>
#include <linux/btrfs_tree.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "store_int.h"

static int
bt_err(struct brig_err *e, enum btrfs_util_error r, const char *what,
    const char *path)
{
	if (r == BTRFS_UTIL_ERROR_NOT_BTRFS || r == BTRFS_UTIL_ERROR_NOT_SUBVOLUME)
		errno = 0;
	return err_sys(e, "%s %s (%s)", what, path, btrfs_util_strerror(r));
}

bool
store_btrfs_is_subvolume(const char *path)
{
	return btrfs_util_is_subvolume(path) == BTRFS_UTIL_OK;
}

/* The root, or its nearest existing parent, must be on btrfs. */
static int
btrfs_open(struct store *s, struct brig_err *e)
{
	char path[PATH_MAX], *slash;
	struct statfs fs;

	snprintf(path, sizeof(path), "%s", s->root);
	while (statfs(path, &fs) == -1) {
		if (errno != ENOENT || (slash = strrchr(path, '/')) == NULL)
			return err_sys(e, "statfs %s", path);
		if (slash == path)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	errno = 0;
	if (fs.f_type != (long)BTRFS_SUPER_MAGIC)
		return err_fmt(e, "brig.storage btrfs: %s is on %s, not btrfs",
		    path, store_fs_name(fs.f_type));
	return 0;
}

static bool
btrfs_exists(struct store *s)
{
	struct stat sb;

	return lstat(s->root, &sb) == 0;
}

static int
need_subvolume(const struct store *s, struct brig_err *e)
{
	enum btrfs_util_error r = btrfs_util_is_subvolume(s->root);

	errno = 0;
	if (r == BTRFS_UTIL_ERROR_NOT_SUBVOLUME)
		return err_fmt(e, "%s is a plain directory, not a btrfs "
		    "subvolume (brig.storage btrfs)", s->root);
	if (r != BTRFS_UTIL_OK)
		return bt_err(e, r, "check", s->root);
	return 0;
}

static int
btrfs_create(struct store *s, struct brig_err *e)
{
	enum btrfs_util_error r;

	if ((r = btrfs_util_create_subvolume(s->root, 0, NULL, NULL)) != 0)
		return bt_err(e, r, "create subvolume", s->root);
	return 0;
}

/* A subvolume and the ones inside it; a plain directory (a snapshot
 * left by the dir backend) as a tree. */
static int
delete_path(const char *path, struct brig_err *e)
{
	enum btrfs_util_error r = btrfs_util_is_subvolume(path);
	char parent[PATH_MAX], base[256];
	int fd, rc;

	if (r == BTRFS_UTIL_OK) {
		r = btrfs_util_delete_subvolume(path,
		    BTRFS_UTIL_DELETE_SUBVOLUME_RECURSIVE);
		return r ? bt_err(e, r, "delete subvolume", path) : 0;
	}
	if (store_split(path, parent, sizeof(parent), base,
	    sizeof(base)) == -1)
		return err_fmt(e, "%s: path too long", path);
	if ((fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? 0 : err_sys(e, "open %s", parent);
	rc = store_remove_tree(fd, base, e);
	close(fd);
	return rc;
}

static int
btrfs_destroy(struct store *s, struct brig_err *e)
{
	if (store_not_mounted(s, e) != 0 || need_subvolume(s, e) == -1)
		return -1;
	return delete_path(s->root, e);
}

static int
snap_path(const struct store *s, const char *snap, char *buf, size_t len,
    struct brig_err *e)
{
	if ((size_t)snprintf(buf, len, "%s/%s", s->snapdir, snap) >= len)
		return err_fmt(e, "%s/%s: path too long", s->snapdir, snap);
	return 0;
}

static int
snapshot_to(const char *from, const char *to, int flags, struct brig_err *e)
{
	enum btrfs_util_error r;

	r = btrfs_util_create_snapshot(from, to, flags, NULL, NULL);
	if (r == BTRFS_UTIL_OK)
		return 0;
	/* EXDEV: another btrfs; ENOTTY: not btrfs at all */
	if (errno == EXDEV || errno == ENOTTY) {
		errno = 0;
		return err_fmt(e, "snapshot %s as %s: not on the same btrfs "
		    "filesystem (a snapshot stays on its subvolume's "
		    "filesystem; put BRIG_DATADIR there)", from, to);
	}
	return bt_err(e, r, "snapshot", from);
}

static int
btrfs_snapshot(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	char to[PATH_MAX];
	int fd;

	if (need_subvolume(s, e) == -1 ||
	    (fd = store_snapdir_open(s, true, e)) == -1)
		return -1;
	close(fd);
	if (snap_path(s, snap, to, sizeof(to), e) == -1 ||
	    snapshot_to(s->root, to, BTRFS_UTIL_CREATE_SNAPSHOT_READ_ONLY,
	    e) == -1)
		return -1;
	st->native = true;
	return 0;
}

static int
btrfs_snap_destroy(struct store *s, const char *snap, struct brig_err *e)
{
	char path[PATH_MAX];

	if (snap_path(s, snap, path, sizeof(path), e) == -1)
		return -1;
	return delete_path(path, e);
}

/* --- quota groups ---------------------------------------------------- */

/* One item of the quota tree: (0, type, offset).  Its size, or -1. */
static int
quota_item(int fd, unsigned type, uint64_t offset, void *out, size_t len)
{
	struct btrfs_ioctl_search_args args;
	struct btrfs_ioctl_search_header sh;

	memset(&args, 0, sizeof(args));
	args.key.tree_id = BTRFS_QUOTA_TREE_OBJECTID;
	args.key.min_type = args.key.max_type = type;
	args.key.min_offset = args.key.max_offset = offset;
	args.key.max_transid = UINT64_MAX;
	args.key.nr_items = 1;
	if (ioctl(fd, BTRFS_IOC_TREE_SEARCH, &args) == -1 ||
	    args.key.nr_items < 1)
		return -1;
	memcpy(&sh, args.buf, sizeof(sh));
	if (sh.type != type || sh.offset != offset || sh.len < len)
		return -1;
	memcpy(out, args.buf + sizeof(sh), len);
	return (int)len;
}

/* Are the quota numbers there and right (on, no rescan running, not
 * inconsistent)? */
static bool
quota_usable(int fd)
{
	struct btrfs_qgroup_status_item st;
	uint64_t flags;

	if (quota_item(fd, BTRFS_QGROUP_STATUS_KEY, 0, &st, sizeof(st)) == -1)
		return false;
	flags = le64toh(st.flags);
	return (flags & BTRFS_QGROUP_STATUS_FLAG_ON) && !(flags &
	    (BTRFS_QGROUP_STATUS_FLAG_RESCAN |
	    BTRFS_QGROUP_STATUS_FLAG_INCONSISTENT));
}

/* Referenced and exclusive bytes of path's subvolume, from its level-0
 * quota group; -1 when quotas are off. */
static int
qgroup_of(const char *path, int64_t *rfer, int64_t *excl)
{
	struct btrfs_qgroup_info_item info;
	uint64_t id;
	int fd, rc = -1;

	if (btrfs_util_subvolume_id(path, &id) != BTRFS_UTIL_OK)
		return -1;
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if (quota_usable(fd) && quota_item(fd, BTRFS_QGROUP_INFO_KEY, id,
	    &info, sizeof(info)) != -1) {
		*rfer = (int64_t)le64toh(info.rfer);
		*excl = (int64_t)le64toh(info.excl);
		rc = 0;
	}
	close(fd);
	return rc;
}

static int
btrfs_snap_list(struct store *s, bool sizes, struct store_snap **list,
    size_t *n, struct brig_err *e)
{
	struct btrfs_util_subvolume_info info;
	struct store_snap *v;
	char **names, path[PATH_MAX];
	size_t k, i;
	int sfd;

	if ((sfd = store_snapdir_open(s, false, e)) == -1)
		return e->errnum == ENOENT ? 0 : -1;
	if (store_list_dir(sfd, &names, &k, e) == -1) {
		close(sfd);
		return -1;
	}
	close(sfd);
	if ((v = calloc(k + 1, sizeof(*v))) == NULL) {
		store_free_names(names, k);
		return err_sys(e, "list %s", s->snapdir);
	}
	for (i = 0; i < k; i++) {
		int64_t rfer;

		snprintf(v[i].name, sizeof(v[i].name), "%s", names[i]);
		snprintf(path, sizeof(path), "%s/%s", s->snapdir, names[i]);
		v[i].used = -1;
		if (btrfs_util_subvolume_info(path, 0, &info) == BTRFS_UTIL_OK)
			v[i].time = info.otime.tv_sec;
		if (sizes && qgroup_of(path, &rfer, &v[i].used) == -1)
			v[i].used = -1;
	}
	store_free_names(names, k);
	*list = v;
	*n = k;
	return 0;
}

static int
btrfs_rollback(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	char from[PATH_MAX], parent[PATH_MAX], base[256], tmp[300];
	char tmppath[PATH_MAX + 300];
	struct brig_err ignore;
	int pfd, rc = -1;

	if (store_not_mounted(s, e) != 0 || snap_path(s, snap, from, sizeof(from),
	    e) == -1)
		return -1;
	if (store_split(s->root, parent, sizeof(parent), base,
	    sizeof(base)) == -1 || store_temp_name(base, "rollback", tmp,
	    sizeof(tmp)) == -1)
		return err_fmt(e, "%s: path too long", s->root);
	snprintf(tmppath, sizeof(tmppath), "%s/%s", parent, tmp);
	if ((pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", parent);
	delete_path(tmppath, &ignore);		/* a killed brig's */
	if (snapshot_to(from, tmppath, 0, e) == 0) {
		if (store_swap(pfd, base, tmp, e) == -1)
			delete_path(tmppath, &ignore);
		else if (delete_path(tmppath, e) == -1)
			err_ctx(e, "rolled back, but the old root stays as %s",
			    tmppath);
		else
			rc = 0;
	}
	close(pfd);
	st->native = true;
	return rc;
}

static int
btrfs_clone(struct store *src, const char *snap, struct store *dst,
    struct store_stats *st, struct brig_err *e)
{
	char from[PATH_MAX];

	if (snap) {
		if (snap_path(src, snap, from, sizeof(from), e) == -1)
			return -1;
	} else {
		if (need_subvolume(src, e) == -1)
			return -1;
		snprintf(from, sizeof(from), "%s", src->root);
	}
	if (snapshot_to(from, dst->root, 0, e) == -1)
		return -1;
	st->native = true;
	return 0;
}

static int
btrfs_usage(struct store *s, struct store_usage *u, struct brig_err *e)
{
	struct store_snap *list;
	int64_t excl;
	size_t n, i;
	int fd;

	if (qgroup_of(s->root, &u->used, &excl) == 0) {
		u->method = "qgroup";
		if (btrfs_snap_list(s, true, &list, &n, e) == -1)
			return -1;
		u->snapshots = 0;
		for (i = 0; i < n && u->snapshots >= 0; i++)
			u->snapshots = list[i].used < 0 ? -1 :
			    u->snapshots + list[i].used;
		free(list);
		return 0;
	}
	u->method = "walk";	/* snapshots share their data: no walk */
	if ((fd = open(s->root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", s->root);
	if (store_tree_blocks(fd, &u->used, e) == -1)
		u->used = -1;
	close(fd);
	return u->used < 0 ? -1 : 0;
}

static int
btrfs_snap_dir(struct store *s, const char *snap, char *buf, size_t len,
    struct brig_err *e)
{
	return snap_path(s, snap, buf, len, e);
}

const struct store_ops store_btrfs_ops = {
	.name = "btrfs",
	.open = btrfs_open,
	.exists = btrfs_exists,
	.create = btrfs_create,
	.destroy = btrfs_destroy,
	.snapshot = btrfs_snapshot,
	.snap_destroy = btrfs_snap_destroy,
	.snap_list = btrfs_snap_list,
	.rollback = btrfs_rollback,
	.clone = btrfs_clone,
	.usage = btrfs_usage,
	.snap_dir = btrfs_snap_dir,
};
