/* Writing and reading brig export's archive (export.h).
 *
 * The tree is read as copy.c reads one: from directory descriptors,
 * never following a symbolic link (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW), a
 * file opened checked against what was stat'ed, mount points written as
 * empty directories.  Names are sorted, so that one tree always gives
 * one archive.  FIFOs are never opened. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "bootstrap_int.h"
#include "export.h"
#include "la.h"
#include "store_int.h"
#include "../util/buf.h"

#define EXPORT_MAX_DEPTH	256
#define EXPORT_BUF		65536
#define XATTR_LIST		65536

/* --- writing ------------------------------------------------------------ */

struct writer {
	const struct libarchive *la;
	struct archive *a;
	struct archive_entry *ent;
	struct store_inode_map links;
	struct export_stats *st;
	volatile sig_atomic_t *cancel;
	char *buf;		/* EXPORT_BUF bytes of file data */
	char *xnames;		/* XATTR_LIST bytes of attribute names */
	char path[PATH_MAX];	/* "./" and the entry's path */
	size_t len;		/* of path */
};

static int
la_fail(const struct writer *w, const char *what, struct brig_err *e)
{
	const char *s = w->la->archive_error_string(w->a);

	return err_fmt(e, "%s: %s", what, s ? s : "libarchive failed");
}

/* The user.* and security.* attributes (trusted.* and system.* are the
 * host's: an overlay's own, ACLs). */
static int
add_xattrs(struct writer *w, int fd, struct brig_err *e)
{
	char val[XATTR_LIST];
	ssize_t n, v;
	char *p;

	if ((n = flistxattr(fd, w->xnames, XATTR_LIST)) == -1)
		return errno == ENOTSUP ? 0 : err_sys(e, "%s: list extended "
		    "attributes", w->path);
	for (p = w->xnames; p < w->xnames + n; p += strlen(p) + 1) {
		if (strncmp(p, "user.", 5) != 0 &&
		    strncmp(p, "security.", 9) != 0)
			continue;
		if ((v = fgetxattr(fd, p, val, sizeof(val))) == -1) {
			if (errno == ENODATA)
				continue;	/* gone meanwhile */
			return err_sys(e, "%s: read %s", w->path, p);
		}
		w->la->archive_entry_xattr_add_entry(w->ent, p, val,
		    (size_t)v);
	}
	return 0;
}

static void
set_stat(struct writer *w, const struct stat *sb)
{
	const struct libarchive *la = w->la;

	la->archive_entry_clear(w->ent);
	la->archive_entry_set_pathname(w->ent, w->path);
	la->archive_entry_set_filetype(w->ent, sb->st_mode & S_IFMT);
	la->archive_entry_set_perm(w->ent, sb->st_mode & 07777);
	la->archive_entry_set_uid(w->ent, sb->st_uid);
	la->archive_entry_set_gid(w->ent, sb->st_gid);
	la->archive_entry_set_mtime(w->ent, sb->st_mtim.tv_sec,
	    sb->st_mtim.tv_nsec);
}

static int
header(struct writer *w, struct brig_err *e)
{
	if (w->la->archive_write_header(w->a, w->ent) < ARCHIVE_WARN)
		return la_fail(w, w->path, e);
	if (w->cancel && *w->cancel)
		return err_fmt(e, "interrupted");
	return 0;
}

/* A file's data: as much as the header said, no more (a file that grew
 * while it was read is cut; one that shrank is padded by libarchive). */
static int
put_data(struct writer *w, int fd, off_t size, struct brig_err *e)
{
	off_t left = size;
	ssize_t n;

	while (left > 0) {
		n = read(fd, w->buf, left < EXPORT_BUF ? (size_t)left :
		    EXPORT_BUF);
		if (n == -1 && errno == EINTR && !(w->cancel && *w->cancel))
			continue;
		if (n == -1)
			return err_sys(e, "read %s", w->path);
		if (n == 0)
			break;
		if (w->la->archive_write_data(w->a, w->buf, (size_t)n) < 0)
			return la_fail(w, w->path, e);
		left -= n;
		w->st->bytes += (uint64_t)n;
	}
	if (w->la->archive_write_finish_entry(w->a) < ARCHIVE_WARN)
		return la_fail(w, w->path, e);
	return 0;
}

/* Open name in dirfd as what sb says it is, or refuse: it changed. */
static int
open_same(int dirfd, const char *name, int flags, const struct stat *sb,
    const char *path, struct brig_err *e)
{
	struct stat now;
	int fd = openat(dirfd, name, flags | O_NOFOLLOW | O_NOCTTY |
	    O_CLOEXEC);

	if (fd == -1)
		return err_sys(e, "open %s", path);
	if (fstat(fd, &now) == -1 || now.st_dev != sb->st_dev ||
	    now.st_ino != sb->st_ino) {
		close(fd);
		errno = 0;
		return err_fmt(e, "%s changed while it was read", path);
	}
	return fd;
}

static int walk(struct writer *w, int dirfd, int depth, struct brig_err *e);

static int
put_dir(struct writer *w, int dirfd, const char *name, const struct stat *sb,
    bool mountpoint, int depth, struct brig_err *e)
{
	int fd, rc;

	if ((fd = open_same(dirfd, name, O_RDONLY | O_DIRECTORY, sb, w->path,
	    e)) == -1)
		return -1;
	set_stat(w, sb);
	rc = add_xattrs(w, fd, e);
	if (rc == 0)
		rc = header(w, e);
	w->st->dirs++;
	if (rc == 0 && mountpoint)
		w->st->skipped++;
	else if (rc == 0)
		rc = walk(w, fd, depth + 1, e);
	close(fd);
	return rc;
}

static int
put_file(struct writer *w, int dirfd, const char *name, const struct stat *sb,
    struct brig_err *e)
{
	int fd, rc;

	if ((fd = open_same(dirfd, name, O_RDONLY, sb, w->path, e)) == -1)
		return -1;
	set_stat(w, sb);
	w->la->archive_entry_set_size(w->ent, sb->st_size);
	rc = add_xattrs(w, fd, e);
	if (rc == 0 && (rc = header(w, e)) == 0)
		rc = put_data(w, fd, sb->st_size, e);
	close(fd);
	return rc;
}

static int
put_other(struct writer *w, int dirfd, const char *name,
    const struct stat *sb, struct brig_err *e)
{
	char target[PATH_MAX];
	ssize_t n;

	set_stat(w, sb);
	if (S_ISLNK(sb->st_mode)) {
		if ((n = readlinkat(dirfd, name, target, sizeof(target) - 1)) ==
		    -1)
			return err_sys(e, "read link %s", w->path);
		target[n] = '\0';
		w->la->archive_entry_set_symlink(w->ent, target);
	} else if (S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode)) {
		w->la->archive_entry_set_rdevmajor(w->ent, major(sb->st_rdev));
		w->la->archive_entry_set_rdevminor(w->ent, minor(sb->st_rdev));
	}
	return header(w, e);
}

/* A second name of an inode already written: a hard link to it. */
static int
put_link(struct writer *w, const struct stat *sb, const char *first,
    struct brig_err *e)
{
	set_stat(w, sb);
	w->la->archive_entry_set_hardlink(w->ent, first);
	w->la->archive_entry_set_size(w->ent, 0);
	w->st->hardlinks++;
	return header(w, e);
}

static bool
is_mount_root(int dirfd, const char *name, dev_t parent_dev, dev_t dev)
{
	struct statx sx;

	if (statx(dirfd, name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT,
	    STATX_TYPE, &sx) == 0 && (sx.stx_attributes_mask &
	    STATX_ATTR_MOUNT_ROOT))
		return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
	return dev != parent_dev;
}

static int
put_entry(struct writer *w, int dirfd, const char *name, dev_t parent_dev,
    int depth, struct brig_err *e)
{
	const char *first;
	struct stat sb;

	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1)
		return errno == ENOENT ? 0 : err_sys(e, "%s", w->path);
	if (S_ISSOCK(sb.st_mode)) {
		w->st->skipped++;	/* nothing to restore */
		return 0;
	}
	if (S_ISDIR(sb.st_mode))
		return put_dir(w, dirfd, name, &sb, is_mount_root(dirfd, name,
		    parent_dev, sb.st_dev), depth, e);
	w->st->files++;
	if (sb.st_nlink > 1) {
		if ((first = store_inode_find(&w->links, sb.st_dev,
		    sb.st_ino)) != NULL)
			return put_link(w, &sb, first, e);
		if (store_inode_add(&w->links, sb.st_dev, sb.st_ino,
		    w->path) == -1)
			return err_sys(e, "%s", w->path);
	}
	if (S_ISREG(sb.st_mode))
		return put_file(w, dirfd, name, &sb, e);
	return put_other(w, dirfd, name, &sb, e);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every name in the directory fd but "." and "..", sorted. */
static int
list_all(int fd, char ***names, size_t *n, struct brig_err *e)
{
	struct dirent *de;
	char **v = NULL;
	size_t k = 0, cap = 0;
	int dfd;
	DIR *d;

	if ((dfd = dup(fd)) == -1 || (d = fdopendir(dfd)) == NULL) {
		if (dfd != -1)
			close(dfd);
		return err_sys(e, "read directory");
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") ==
		    0)
			continue;
		if (k == cap) {
			cap = cap ? 2 * cap : 32;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[k++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (k > 1)
		qsort(v, k, sizeof(*v), by_name);
	*names = v;
	*n = k;
	return 0;
}

static int
walk(struct writer *w, int dirfd, int depth, struct brig_err *e)
{
	size_t len = w->len, n = 0, i;
	struct stat sb;
	char **names = NULL;
	int rc = 0;

	if (depth > EXPORT_MAX_DEPTH)
		return err_fmt(e, "%s: more than %d directories deep", w->path,
		    EXPORT_MAX_DEPTH);
	if (fstat(dirfd, &sb) == -1)
		return err_sys(e, "%s", w->path);
	if (list_all(dirfd, &names, &n, e) == -1)
		return err_ctx(e, "%s", w->path);
	for (i = 0; i < n && rc == 0; i++) {
		int k = snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
		    w->path[len - 1] == '/' ? "" : "/", names[i]);

		if (k < 0 || (size_t)k >= sizeof(w->path) - len) {
			rc = err_fmt(e, "%s/%s: path too long", w->path,
			    names[i]);
			break;
		}
		w->len = len + (size_t)k;
		rc = put_entry(w, dirfd, names[i], sb.st_dev, depth, e);
		w->len = len;
		w->path[len] = '\0';
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int
put_meta(struct writer *w, const char *name, const char *text,
    struct brig_err *e)
{
	struct stat sb;

	memset(&sb, 0, sizeof(sb));
	sb.st_mode = S_IFREG | 0600;
	sb.st_mtim.tv_sec = time(NULL);
	snprintf(w->path, sizeof(w->path), "%s", name);
	set_stat(w, &sb);
	w->la->archive_entry_set_size(w->ent, (la_int64_t)strlen(text));
	if (header(w, e) == -1)
		return -1;
	if (w->la->archive_write_data(w->a, text, strlen(text)) < 0 ||
	    w->la->archive_write_finish_entry(w->a) < ARCHIVE_WARN)
		return la_fail(w, name, e);
	return 0;
}

/* The root itself as "./", then everything under it. */
static int
put_tree(struct writer *w, int treefd, struct brig_err *e)
{
	struct stat sb;

	if (fstat(treefd, &sb) == -1)
		return err_sys(e, "the root");
	snprintf(w->path, sizeof(w->path), "./");
	w->len = 2;
	set_stat(w, &sb);
	if (add_xattrs(w, treefd, e) == -1 || header(w, e) == -1)
		return -1;
	w->st->dirs++;
	return walk(w, treefd, 0, e);
}

static int
set_filter(const struct libarchive *la, struct archive *a,
    enum export_comp comp)
{
	switch (comp) {
	case EXPORT_GZIP:
		return la->archive_write_add_filter_gzip(a);
	case EXPORT_XZ:
		return la->archive_write_add_filter_xz(a);
	case EXPORT_ZSTD:
		return la->archive_write_add_filter_zstd(a);
	case EXPORT_TAR:
		break;
	}
	return ARCHIVE_OK;
}

static int
write_all(struct writer *w, int fd, int treefd, enum export_comp comp,
    const char *manifest, const char *stanza, struct brig_err *e)
{
	const struct libarchive *la = w->la;

	if ((w->a = la->archive_write_new()) == NULL ||
	    (w->ent = la->archive_entry_new()) == NULL)
		return err_fmt(e, "libarchive: out of memory");
	/* pax: long names, big files, nanosecond times, extended
	 * attributes; these as SCHILY.xattr records alone, which GNU tar
	 * reads too (a libarchive without the option writes both kinds) */
	if (la->archive_write_set_format_pax(w->a) != ARCHIVE_OK)
		return la_fail(w, "open", e);
	(void)la->archive_write_set_options(w->a, "pax:xattrheader=SCHILY");
	if (set_filter(la, w->a, comp) != ARCHIVE_OK ||
	    la->archive_write_open_fd(w->a, fd) != ARCHIVE_OK)
		return la_fail(w, "open", e);
	if (put_meta(w, EXPORT_MANIFEST, manifest, e) == -1 ||
	    (stanza && put_meta(w, EXPORT_STANZA, stanza, e) == -1) ||
	    put_tree(w, treefd, e) == -1)
		return -1;
	if (la->archive_write_close(w->a) != ARCHIVE_OK)
		return la_fail(w, "write", e);
	return 0;
}

/* The temporary name beside file: DIR/.BASE.brig-export */
static int
temp_beside(const char *file, char *buf, size_t len)
{
	const char *slash = strrchr(file, '/');
	int n = slash ? snprintf(buf, len, "%.*s/.%s.brig-export",
	    (int)(slash - file), file, slash + 1) : snprintf(buf, len,
	    ".%s.brig-export", file);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
export_write(int treefd, const char *file, enum export_comp comp,
    const char *manifest, const char *stanza, volatile sig_atomic_t *cancel,
    struct export_stats *st, struct brig_err *e)
{
	struct writer w;
	char tmp[PATH_MAX];
	int fd, rc;

	memset(st, 0, sizeof(*st));
	memset(&w, 0, sizeof(w));
	if ((w.la = la_open(e)) == NULL)
		return -1;
	if (temp_beside(file, tmp, sizeof(tmp)) == -1)
		return err_fmt(e, "%s: path too long", file);
	if (access(file, F_OK) == 0) {
		errno = EEXIST;
		return err_sys(e, "%s", file);
	}
	unlink(tmp);	/* a killed brig's */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		return err_sys(e, "create %s", tmp);
	w.st = st;
	w.cancel = cancel;
	w.buf = xmalloc(EXPORT_BUF);
	w.xnames = xmalloc(XATTR_LIST);
	rc = write_all(&w, fd, treefd, comp, manifest, stanza, e);
	if (rc == 0 && fsync(fd) == -1)
		rc = err_sys(e, "write %s", tmp);
	if (close(fd) == -1 && rc == 0)
		rc = err_sys(e, "write %s", tmp);
	if (rc == 0 && renameat2(AT_FDCWD, tmp, AT_FDCWD, file,
	    RENAME_NOREPLACE) == -1)
		rc = err_sys(e, "rename %s to %s", tmp, file);
	if (rc == -1)
		unlink(tmp);
	if (w.ent)
		w.la->archive_entry_free(w.ent);
	if (w.a)
		w.la->archive_write_free(w.a);
	store_inode_free(&w.links);
	free(w.buf);
	free(w.xnames);
	return rc;
}

/* --- reading the head ---------------------------------------------------- */

/* The member's data, whole, NUL-terminated; at most max bytes. */
static int
read_member(const struct libarchive *la, struct archive *a,
    struct archive_entry *ent, const char *rel, size_t max, char **out,
    struct brig_err *e)
{
	la_int64_t size = la->archive_entry_size(ent);
	la_ssize_t n;
	size_t got = 0;
	char *buf;

	if (la->archive_entry_filetype(ent) != AE_IFREG)
		return err_fmt(e, "%s: not a regular file", rel);
	if (size < 0 || (uint64_t)size > max)
		return err_fmt(e, "%s: larger than %zu bytes", rel, max);
	buf = xmalloc((size_t)size + 1);
	while (got < (size_t)size && (n = la->archive_read_data(a, buf + got,
	    (size_t)size - got)) > 0)
		got += (size_t)n;
	if (got != (size_t)size) {
		free(buf);
		return err_fmt(e, "%s: %s", rel, la->archive_error_string(a) ?
		    la->archive_error_string(a) : "short");
	}
	buf[got] = '\0';
	*out = buf;
	return 0;
}

static int
read_head(const struct libarchive *la, struct archive *a, char **manifest,
    char **stanza, struct brig_err *e)
{
	struct archive_entry *ent;
	char rel[BOOT_PATH_MAX];
	const char *name;
	int rc;

	while ((rc = la->archive_read_next_header(a, &ent)) >= ARCHIVE_WARN) {
		name = la->archive_entry_pathname(ent);
		if (name == NULL || boot_tar_path(name, rel, sizeof(rel), e) ==
		    -1)
			break;
		if (strcmp(rel, EXPORT_MANIFEST) == 0 && *manifest == NULL) {
			if (read_member(la, a, ent, rel, EXPORT_MANIFEST_MAX,
			    manifest, e) == -1)
				return -1;
		} else if (strcmp(rel, EXPORT_STANZA) == 0 && *stanza == NULL) {
			if (read_member(la, a, ent, rel, EXPORT_STANZA_MAX,
			    stanza, e) == -1)
				return -1;
		} else
			break;	/* the root: the head is over */
	}
	if (rc < ARCHIVE_WARN && rc != ARCHIVE_EOF)
		return err_fmt(e, "read: %s", la->archive_error_string(a) ?
		    la->archive_error_string(a) : "libarchive failed");
	if (*manifest == NULL)
		return err_fmt(e, "not a brig export: it does not start with "
		    "%s", EXPORT_MANIFEST);
	return 0;
}

int
export_read_meta(const char *file, char **manifest, char **stanza,
    struct brig_err *e)
{
	const struct libarchive *la;
	struct archive *a;
	int rc = -1;

	*manifest = *stanza = NULL;
	if ((la = la_open(e)) == NULL)
		return -1;
	if ((a = la->archive_read_new()) == NULL)
		return err_fmt(e, "libarchive: out of memory");
	la->archive_read_support_filter_gzip(a);
	la->archive_read_support_filter_bzip2(a);
	la->archive_read_support_filter_xz(a);
	la->archive_read_support_filter_zstd(a);
	la->archive_read_support_format_tar(a);
	if (la->archive_read_open_filename(a, file, EXPORT_BUF) != ARCHIVE_OK)
		err_fmt(e, "open: %s", la->archive_error_string(a) ?
		    la->archive_error_string(a) : "libarchive failed");
	else
		rc = read_head(la, a, manifest, stanza, e);
	la->archive_read_free(a);
	if (rc == -1) {
		free(*manifest);
		free(*stanza);
		*manifest = *stanza = NULL;
		return err_ctx(e, "%s", file);
	}
	return 0;
}
