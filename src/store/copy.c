/* Copying and removing a jail's tree (the dir backend, and clones
 * across backends).
 *
 * The source is an untrusted tree (a jail writes it): everything is
 * reached from a directory fd with openat/fstatat and O_NOFOLLOW or
 * AT_SYMLINK_NOFOLLOW, so a symbolic link is copied as a link and never
 * followed, and a file swapped for a link while we copy is refused
 * (the fd we opened is checked against what we stat'ed).  Mount points
 * inside the tree are not entered: statx's STATX_ATTR_MOUNT_ROOT
 * (Linux 5.8), else a change of st_dev.
 *
 * Data goes by FICLONE (a reflink: btrfs, xfs, bcachefs) where the
 * filesystem can, else by copy_file_range(2) over the data segments
 * (SEEK_DATA/SEEK_HOLE, so sparse files stay sparse), else read/write. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "store_int.h"

#define COPY_MAX_DEPTH	256
#define COPY_BUF	(1u << 20)
#define XATTR_BUF	65536

struct copy {
	int topfd;		/* the new tree's top */
	bool reflink;		/* FICLONE still worth trying */
	bool cfr;		/* copy_file_range still worth trying */
	struct store_inode_map links;
	struct store_stats *st;
	char rel[PATH_MAX];	/* the entry at work, from the top */
	size_t rellen;
	unsigned depth;
	char *buf;		/* read/write fallback */
	char *xnames, *xval;	/* extended attributes */
};

static int copy_entries(struct copy *c, int sdir, int ddir,
    struct brig_err *e);

static int
rel_push(char *rel, size_t *len, const char *name, struct brig_err *e)
{
	size_t n = strlen(name);

	if (*len + n + 2 > PATH_MAX)
		return err_fmt(e, "%s/%s: path too long", rel, name);
	if (*len)
		rel[(*len)++] = '/';
	memcpy(rel + *len, name, n + 1);
	*len += n;
	return 0;
}

static void
rel_pop(char *rel, size_t *len, size_t old)
{
	*len = old;
	rel[old] = '\0';
}

static const char *
rel_name(const struct copy *c)
{
	return c->rellen ? c->rel : ".";
}

/* Is the directory name of dirfd a mount point?  parent_dev is the
 * st_dev of dirfd, for kernels without STATX_ATTR_MOUNT_ROOT. */
static bool
is_mount_root(int dirfd, const char *name, dev_t parent_dev,
    const struct stat *sb)
{
	struct statx sx;

	if (statx(dirfd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
	    STATX_TYPE, &sx) == 0 && (sx.stx_attributes_mask &
	    STATX_ATTR_MOUNT_ROOT))
		return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
	return sb->st_dev != parent_dev;
}

static bool
xattr_unsupported(int err)
{
	return err == ENOTSUP || err == EOPNOTSUPP;
}

static int
copy_xattrs(struct copy *c, int sfd, int dfd, struct brig_err *e)
{
	ssize_t n, v;
	char *p;

	if ((n = flistxattr(sfd, c->xnames, XATTR_BUF)) == -1) {
		if (xattr_unsupported(errno))
			return 0;
		return err_sys(e, "list extended attributes of %s",
		    rel_name(c));
	}
	for (p = c->xnames; p < c->xnames + n; p += strlen(p) + 1) {
		if ((v = fgetxattr(sfd, p, c->xval, XATTR_BUF)) == -1) {
			if (errno == ENODATA)
				continue;	/* removed meanwhile */
			return err_sys(e, "read extended attribute %s of %s",
			    p, rel_name(c));
		}
		if (fsetxattr(dfd, p, c->xval, (size_t)v, 0) == 0)
			continue;
		if (!xattr_unsupported(errno))
			return err_sys(e, "set extended attribute %s of %s",
			    p, rel_name(c));
		c->st->xattr_lost++;
	}
	return 0;
}

/* Owner first (chown clears set-uid bits), then mode, then extended
 * attributes (ACLs adjust the mode; security.capability must come after
 * chown, which drops it), times last. */
static int
set_meta_fd(struct copy *c, int sfd, int dfd, const struct stat *sb,
    struct brig_err *e)
{
	struct timespec ts[2] = { sb->st_atim, sb->st_mtim };

	if (fchown(dfd, sb->st_uid, sb->st_gid) == -1)
		return err_sys(e, "set the owner of %s", rel_name(c));
	if (fchmod(dfd, sb->st_mode & 07777) == -1)
		return err_sys(e, "set the mode of %s", rel_name(c));
	if (copy_xattrs(c, sfd, dfd, e) == -1)
		return -1;
	if (futimens(dfd, ts) == -1)
		return err_sys(e, "set the times of %s", rel_name(c));
	return 0;
}

/* The same without an fd: symbolic links, device nodes, fifos. */
static int
set_meta_at(struct copy *c, int ddir, const char *name,
    const struct stat *sb, struct brig_err *e)
{
	struct timespec ts[2] = { sb->st_atim, sb->st_mtim };

	if (fchownat(ddir, name, sb->st_uid, sb->st_gid,
	    AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "set the owner of %s", rel_name(c));
	if (!S_ISLNK(sb->st_mode) && fchmodat(ddir, name, sb->st_mode & 07777,
	    0) == -1)
		return err_sys(e, "set the mode of %s", rel_name(c));
	if (utimensat(ddir, name, ts, AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "set the times of %s", rel_name(c));
	return 0;
}

static int
copy_rw(struct copy *c, int sfd, int dfd, off_t *in, off_t *out, off_t len,
    struct brig_err *e)
{
	size_t want = len > COPY_BUF ? COPY_BUF : (size_t)len;
	ssize_t n, w, done = 0;

	while ((n = pread(sfd, c->buf, want, *in)) == -1 && errno == EINTR)
		;
	if (n == -1)
		return err_sys(e, "read %s", rel_name(c));
	while (done < n) {
		w = pwrite(dfd, c->buf + done, (size_t)(n - done), *out + done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return err_sys(e, "write %s", rel_name(c));
		done += w;
	}
	*in += n;
	*out += n;
	return (int)(n > 0);
}

/* len bytes at off, by copy_file_range while it works.  Returns 0,
 * also when the file turns out shorter (it changed meanwhile). */
static int
copy_segment(struct copy *c, int sfd, int dfd, off_t off, off_t len,
    struct brig_err *e)
{
	off_t in = off, out = off;
	ssize_t n;
	int r;

	while (len > 0) {
		if (c->cfr) {
			n = copy_file_range(sfd, &in, dfd, &out, (size_t)len,
			    0);
			if (n > 0) {
				len -= n;
				continue;
			}
			if (n == 0)
				return 0;
			if (errno == EINTR)
				continue;
			if (errno != EXDEV && errno != EINVAL &&
			    errno != ENOSYS && errno != EOPNOTSUPP)
				return err_sys(e, "copy %s", rel_name(c));
			c->cfr = false;
		}
		if ((r = copy_rw(c, sfd, dfd, &in, &out, len, e)) <= 0)
			return r;
		len = off + len - in;
		off = in;
	}
	return 0;
}

/* The data segments of the first size bytes, then the size itself
 * (trailing holes). */
static int
copy_range(struct copy *c, int sfd, int dfd, off_t size, struct brig_err *e)
{
	off_t off = 0, data, hole;

	while (off < size) {
		if ((data = lseek(sfd, off, SEEK_DATA)) == -1) {
			if (errno == ENXIO)
				break;		/* a hole to the end */
			if (errno != EINVAL && errno != EOPNOTSUPP)
				return err_sys(e, "seek in %s", rel_name(c));
			data = off;
			hole = size;
		} else if ((hole = lseek(sfd, data, SEEK_HOLE)) == -1)
			return err_sys(e, "seek in %s", rel_name(c));
		if (data >= size)
			break;
		if (hole > size)
			hole = size;
		if (copy_segment(c, sfd, dfd, data, hole - data, e) == -1)
			return -1;
		off = hole;
	}
	if (ftruncate(dfd, size) == -1)
		return err_sys(e, "set the size of %s", rel_name(c));
	return 0;
}

static int
copy_data(struct copy *c, int sfd, int dfd, off_t size, struct brig_err *e)
{
	if (size == 0)
		return 0;
	if (c->reflink) {
		if (ioctl(dfd, FICLONE, sfd) == 0) {
			c->st->reflinked++;
			return 0;
		}
		/* EINVAL and ETXTBSY are about this file (btrfs: a
		 * nodatacow or swap file); the others about the
		 * filesystem, which will not do better for the next. */
		if (errno != EOPNOTSUPP && errno != EXDEV && errno != EINVAL &&
		    errno != ENOTTY && errno != ENOSYS && errno != ETXTBSY)
			return err_sys(e, "reflink %s", rel_name(c));
		if (errno != EINVAL && errno != ETXTBSY)
			c->reflink = false;
	}
	c->st->copied++;
	return copy_range(c, sfd, dfd, size, e);
}

/* Open what we stat'ed, and check it still is that. */
static int
open_same(int dirfd, const char *name, int flags, const struct stat *sb,
    struct copy *c, struct brig_err *e)
{
	struct stat now;
	int fd;

	fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK);
	if (fd == -1)
		return err_sys(e, "open %s", rel_name(c));
	if (fstat(fd, &now) == -1 || now.st_dev != sb->st_dev ||
	    now.st_ino != sb->st_ino) {
		close(fd);
		errno = 0;
		return err_fmt(e, "%s changed while being copied",
		    rel_name(c));
	}
	return fd;
}

static int
copy_reg(struct copy *c, int sdir, int ddir, const char *name,
    const struct stat *sb, struct brig_err *e)
{
	int sfd, dfd, rc = -1;

	if ((sfd = open_same(sdir, name, O_RDONLY, sb, c, e)) == -1)
		return -1;
	dfd = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (dfd == -1)
		err_sys(e, "create %s", rel_name(c));
	else if (copy_data(c, sfd, dfd, sb->st_size, e) == 0 &&
	    set_meta_fd(c, sfd, dfd, sb, e) == 0) {
		c->st->bytes += (uint64_t)sb->st_size;
		rc = 0;
	}
	if (dfd != -1)
		close(dfd);
	close(sfd);
	return rc;
}

static int
copy_link(struct copy *c, int sdir, int ddir, const char *name,
    const struct stat *sb, struct brig_err *e)
{
	char target[PATH_MAX];
	ssize_t n;

	if ((n = readlinkat(sdir, name, target, sizeof(target))) == -1)
		return err_sys(e, "read link %s", rel_name(c));
	if ((size_t)n >= sizeof(target))
		return err_fmt(e, "link %s: target too long", rel_name(c));
	target[n] = '\0';
	if (symlinkat(target, ddir, name) == -1)
		return err_sys(e, "create link %s", rel_name(c));
	return set_meta_at(c, ddir, name, sb, e);
}

static int
copy_node(struct copy *c, int ddir, const char *name, const struct stat *sb,
    struct brig_err *e)
{
	if (mknodat(ddir, name, sb->st_mode & (S_IFMT | 07777),
	    sb->st_rdev) == -1)
		return err_sys(e, "create %s", rel_name(c));
	return set_meta_at(c, ddir, name, sb, e);
}

static int
copy_dir(struct copy *c, int sdir, int ddir, const char *name,
    const struct stat *sb, bool mountpoint, struct brig_err *e)
{
	int sfd = -1, dfd = -1, rc = -1;

	if (c->depth >= COPY_MAX_DEPTH)
		return err_fmt(e, "%s: more than %d directories deep",
		    rel_name(c), COPY_MAX_DEPTH);
	if (mkdirat(ddir, name, 0700) == -1)
		return err_sys(e, "create %s", rel_name(c));
	if ((dfd = openat(ddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", rel_name(c));
	if ((sfd = open_same(sdir, name, O_RDONLY | O_DIRECTORY, sb, c,
	    e)) == -1)
		goto out;
	if (mountpoint)
		c->st->skipped++;	/* its own filesystem: not ours */
	else {
		c->depth++;
		rc = copy_entries(c, sfd, dfd, e);
		c->depth--;
		if (rc == -1)
			goto out;
	}
	rc = set_meta_fd(c, sfd, dfd, sb, e);
out:
	if (sfd != -1)
		close(sfd);
	close(dfd);
	return rc;
}

static int
copy_one(struct copy *c, int sdir, int ddir, const char *name,
    dev_t parent_dev, struct brig_err *e)
{
	const char *first;
	struct stat sb;
	int rc;

	if (fstatat(sdir, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "stat %s", rel_name(c));
	c->st->inodes++;
	if (S_ISDIR(sb.st_mode))
		return copy_dir(c, sdir, ddir, name, &sb,
		    is_mount_root(sdir, name, parent_dev, &sb), e);
	if (sb.st_nlink > 1 && (first = store_inode_find(&c->links,
	    sb.st_dev, sb.st_ino)) != NULL) {
		c->st->inodes--;
		if (linkat(c->topfd, first, ddir, name, 0) == -1)
			return err_sys(e, "link %s to %s", rel_name(c), first);
		return 0;
	}
	if (S_ISREG(sb.st_mode))
		rc = copy_reg(c, sdir, ddir, name, &sb, e);
	else if (S_ISLNK(sb.st_mode))
		rc = copy_link(c, sdir, ddir, name, &sb, e);
	else
		rc = copy_node(c, ddir, name, &sb, e);
	if (rc == 0 && sb.st_nlink > 1 && store_inode_add(&c->links,
	    sb.st_dev, sb.st_ino, c->rel) == -1)
		return err_sys(e, "copy %s", rel_name(c));
	return rc;
}

static int
copy_entries(struct copy *c, int sdir, int ddir, struct brig_err *e)
{
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int fd, rc = 0;

	if (fstat(sdir, &sb) == -1)
		return err_sys(e, "stat %s", rel_name(c));
	if ((fd = dup(sdir)) == -1 || (d = fdopendir(fd)) == NULL) {
		err_sys(e, "read directory %s", rel_name(c));
		if (fd != -1)
			close(fd);
		return -1;
	}
	rewinddir(d);
	while (rc == 0 && (errno = 0, de = readdir(d)) != NULL) {
		size_t old = c->rellen;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		rc = rel_push(c->rel, &c->rellen, de->d_name, e);
		if (rc == 0)
			rc = copy_one(c, sdir, ddir, de->d_name, sb.st_dev, e);
		rel_pop(c->rel, &c->rellen, old);
	}
	if (rc == 0 && errno != 0)
		rc = err_sys(e, "read directory %s", rel_name(c));
	closedir(d);
	return rc;
}

static int
copy_start(struct copy *c, struct store_stats *st, struct brig_err *e)
{
	memset(c, 0, sizeof(*c));
	memset(st, 0, sizeof(*st));
	c->st = st;
	c->reflink = c->cfr = true;
	c->buf = malloc(COPY_BUF);
	c->xnames = malloc(XATTR_BUF);
	c->xval = malloc(XATTR_BUF);
	if (c->buf == NULL || c->xnames == NULL || c->xval == NULL)
		return err_sys(e, "copy");
	return 0;
}

static void
copy_end(struct copy *c)
{
	store_inode_free(&c->links);
	free(c->buf);
	free(c->xnames);
	free(c->xval);
}

/* Copy the entries of srcfd into the existing directory dstfd, then
 * srcfd's own owner, mode, attributes and times onto dstfd. */
int
store_copy_into(int srcfd, int dstfd, struct store_stats *st,
    struct brig_err *e)
{
	struct copy c;
	struct stat sb;
	int rc = -1;

	if (copy_start(&c, st, e) == 0) {
		c.topfd = dstfd;
		if (fstat(srcfd, &sb) == -1)
			err_sys(e, "stat the top of the tree");
		else if (copy_entries(&c, srcfd, dstfd, e) == 0 &&
		    set_meta_fd(&c, srcfd, dstfd, &sb, e) == 0)
			rc = 0;
	}
	copy_end(&c);
	st->inodes++;
	return rc;
}

int
store_copy_tree(int srcfd, int dstdirfd, const char *dstname,
    struct store_stats *st, struct brig_err *e)
{
	struct brig_err ignore;
	int fd, rc;

	if (mkdirat(dstdirfd, dstname, 0700) == -1)
		return err_sys(e, "create %s", dstname);
	fd = openat(dstdirfd, dstname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1) {
		err_sys(e, "open %s", dstname);
		unlinkat(dstdirfd, dstname, AT_REMOVEDIR);
		return -1;
	}
	rc = store_copy_into(srcfd, fd, st, e);
	close(fd);
	if (rc == -1)	/* no half-made copy stays */
		store_remove_tree(dstdirfd, dstname, &ignore);
	return rc;
}

/* --- removing -------------------------------------------------------- */

struct rm {
	char rel[PATH_MAX];
	size_t len;
	unsigned depth;
};

static int rm_one(struct rm *r, int dirfd, const char *name,
    struct brig_err *e);

/* Remove the entries of fd; entries made meanwhile or skipped by a
 * readdir that saw its directory change are caught by another pass. */
static int
rm_entries(struct rm *r, int fd, struct brig_err *e)
{
	struct dirent *de;
	unsigned removed = 1, pass;
	DIR *d;
	int dfd, rc = 0;

	if ((dfd = dup(fd)) == -1 || (d = fdopendir(dfd)) == NULL) {
		err_sys(e, "read directory %s", r->rel);
		if (dfd != -1)
			close(dfd);
		return -1;
	}
	for (pass = 0; rc == 0 && removed && pass < 8; pass++) {
		rewinddir(d);
		removed = 0;
		while (rc == 0 && (errno = 0, de = readdir(d)) != NULL) {
			size_t old = r->len;

			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			rc = rel_push(r->rel, &r->len, de->d_name, e);
			if (rc == 0)
				rc = rm_one(r, fd, de->d_name, e);
			rel_pop(r->rel, &r->len, old);
			removed++;
		}
		if (rc == 0 && errno != 0)
			rc = err_sys(e, "read directory %s", r->rel);
	}
	closedir(d);
	return rc;
}

static int
rm_one(struct rm *r, int dirfd, const char *name, struct brig_err *e)
{
	struct stat sb, parent;
	int fd, rc;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return errno == ENOENT ? 0 : err_sys(e, "stat %s", r->rel);
	if (!S_ISDIR(sb.st_mode)) {
		if (unlinkat(dirfd, name, 0) == -1 && errno != ENOENT)
			return err_sys(e, "remove %s", r->rel);
		return 0;
	}
	if (fstat(dirfd, &parent) == -1)
		return err_sys(e, "stat %s", r->rel);
	if (is_mount_root(dirfd, name, parent.st_dev, &sb)) {
		errno = 0;
		return err_fmt(e, "remove %s: a filesystem is mounted there",
		    r->rel);
	}
	if (r->depth >= COPY_MAX_DEPTH * 4)
		return err_fmt(e, "remove %s: too deep", r->rel);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return err_sys(e, "open %s", r->rel);
	r->depth++;
	rc = rm_entries(r, fd, e);
	r->depth--;
	close(fd);
	if (rc == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) == -1 &&
	    errno != ENOENT)
		rc = err_sys(e, "remove %s", r->rel);
	return rc;
}

int
store_remove_tree(int dirfd, const char *name, struct brig_err *e)
{
	struct rm r;

	memset(&r, 0, sizeof(r));
	if (rel_push(r.rel, &r.len, name, e) == -1)
		return -1;
	return rm_one(&r, dirfd, name, e);
}

int
store_empty_dir(int fd, struct brig_err *e)
{
	struct rm r;

	memset(&r, 0, sizeof(r));
	return rm_entries(&r, fd, e);
}

/* --- measuring ------------------------------------------------------- */

static int
blocks_dir(int fd, struct store_inode_map *seen, int64_t *bytes,
    unsigned depth, struct brig_err *e)
{
	struct dirent *de;
	struct stat sb, top;
	DIR *d;
	int dfd, rc = 0;

	if (depth > COPY_MAX_DEPTH * 4)
		return err_fmt(e, "measure: too deep");
	if (fstat(fd, &top) == -1 || (dfd = dup(fd)) == -1)
		return err_sys(e, "measure");
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return err_sys(e, "measure");
	}
	rewinddir(d);	/* dfd shares its offset with fd */
	while (rc == 0 && (de = readdir(d)) != NULL) {
		int sub;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
			continue;	/* gone meanwhile */
		if (sb.st_nlink > 1 && !S_ISDIR(sb.st_mode)) {
			if (store_inode_find(seen, sb.st_dev, sb.st_ino))
				continue;
			if (store_inode_add(seen, sb.st_dev, sb.st_ino,
			    "") == -1)
				rc = err_sys(e, "measure");
		}
		*bytes += (int64_t)sb.st_blocks * 512;
		if (!S_ISDIR(sb.st_mode) || is_mount_root(fd, de->d_name,
		    top.st_dev, &sb))
			continue;
		sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (sub == -1)
			continue;
		rc = blocks_dir(sub, seen, bytes, depth + 1, e);
		close(sub);
	}
	closedir(d);
	return rc;
}

int
store_tree_blocks(int dirfd, int64_t *bytes, struct brig_err *e)
{
	struct store_inode_map seen = { NULL, 0, 0 };
	struct stat sb;
	int rc;

	if (fstat(dirfd, &sb) == -1)
		return err_sys(e, "measure");
	*bytes = (int64_t)sb.st_blocks * 512;
	rc = blocks_dir(dirfd, &seen, bytes, 0, e);
	store_inode_free(&seen);
	return rc;
}

/* --- the hard link map ----------------------------------------------- */

static size_t
slot_of(const struct store_inode_map *m, dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9e3779b97f4a7c15ull ^ (uint64_t)dev;

	return (size_t)(h ^ (h >> 29)) & (m->cap - 1);
}

const char *
store_inode_find(const struct store_inode_map *m, dev_t dev, ino_t ino)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = slot_of(m, dev, ino); m->slots[i].path;
	    i = (i + 1) & (m->cap - 1))
		if (m->slots[i].dev == dev && m->slots[i].ino == ino)
			return m->slots[i].path;
	return NULL;
}

static int
grow(struct store_inode_map *m)
{
	struct store_inode_map n = { NULL, m->cap ? m->cap * 2 : 64, 0 };
	size_t i, j;

	if ((n.slots = calloc(n.cap, sizeof(*n.slots))) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].path == NULL)
			continue;
		for (j = slot_of(&n, m->slots[i].dev, m->slots[i].ino);
		    n.slots[j].path; j = (j + 1) & (n.cap - 1))
			;
		n.slots[j] = m->slots[i];
		n.n++;
	}
	free(m->slots);
	*m = n;
	return 0;
}

int
store_inode_add(struct store_inode_map *m, dev_t dev, ino_t ino,
    const char *path)
{
	size_t i;
	char *p;

	if ((m->n + 1) * 2 > m->cap && grow(m) == -1)
		return -1;
	for (i = slot_of(m, dev, ino); m->slots[i].path;
	    i = (i + 1) & (m->cap - 1))
		if (m->slots[i].dev == dev && m->slots[i].ino == ino)
			return 0;	/* the first path stays */
	if ((p = strdup(path)) == NULL)
		return -1;
	m->slots[i].dev = dev;
	m->slots[i].ino = ino;
	m->slots[i].path = p;
	m->n++;
	return 0;
}

void
store_inode_free(struct store_inode_map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].path);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
