/* Extracting a root filesystem tarball (bootstrap.h), safely.
 *
 * The archive is hostile until proven otherwise.  Each member name is
 * made relative (tar_path.c: "/" and "." dropped, ".." refused); each
 * entry is made in its parent directory, reached from the root one
 * component at a time with O_NOFOLLOW (inroot.c), so that no symbolic
 * link is ever followed: not one the archive made a moment ago ("lib ->
 * /etc" then "lib/passwd" is refused), and not one at the entry's own
 * name (it is removed, then the entry made with O_EXCL).  A link's target
 * is kept as written: it is resolved later, inside the jail.  A hard link
 * must name an entry already in the root.  Directories get their modes
 * and times last, deepest first, so that making their contents does not
 * undo them.
 *
 * libarchive is loaded with dlopen(3) when a tarball is extracted, not
 * linked: it brings libxml2, ICU and libstdc++, which cost every brig
 * command 1.7 ms at start (measured with hyperfine on these machines),
 * and only brig create needs them (la.c loads it). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "bootstrap.h"
#include "bootstrap_int.h"
#include "la.h"
#include "../util/buf.h"

static const struct libarchive *la;	/* once bootstrap_tar loaded it */

/* The archive's bytes, read here rather than by archive_read_open_fd,
 * which retries a read(2) that a signal interrupted: an interrupt must
 * end even a read that waits (a tarball on a pipe). */
struct reader {
	int fd;
	volatile sig_atomic_t *cancel;
	char buf[65536];
};

static la_ssize_t
read_block(struct archive *a, void *arg, const void **out)
{
	struct reader *r = arg;
	ssize_t n;

	for (;;) {
		if ((n = read(r->fd, r->buf, sizeof(r->buf))) >= 0) {
			*out = r->buf;
			return n;
		}
		if (errno != EINTR) {
			la->archive_set_error(a, errno, "read");
			return -1;
		}
		if (r->cancel && *r->cancel) {
			la->archive_set_error(a, EINTR, "interrupted");
			return -1;
		}
	}
}

/* A directory's mode and times, applied once everything is made. */
struct fixup {
	char *rel;
	mode_t mode;
	struct timespec ts[2];
	size_t seq;
};

struct tarx {
	struct archive *a;
	const struct bootstrap_opts *o;
	struct bootstrap_stats *st;
	bool own;		/* restore owners (root, and asked) */
	struct inroot r;	/* where entries are made */
	struct inroot lr;	/* hard link targets: never made */
	struct fixup *fix;
	size_t nfix, capfix;
	char **skipped;		/* devices left out, for hard links */
	size_t nskipped;
};

/* Report, and stop when asked to. */
static int
progress(const struct tarx *x, struct brig_err *e)
{
	if (x->o->progress)
		x->o->progress(x->st, x->o->progress_arg);
	if (x->o->cancel && *x->o->cancel)
		return err_fmt(e, "interrupted");
	return 0;
}

static int
la_fail(const struct tarx *x, const char *what, struct brig_err *e)
{
	const char *s = la->archive_error_string(x->a);

	return err_fmt(e, "%s: %s", what, s ? s : "libarchive failed");
}

/* The directory that holds member rel, reached without a link. */
static int
parent(struct tarx *x, const char *rel, const char **leaf,
    struct brig_err *e)
{
	if (inroot_parent(&x->r, rel, leaf, e) == -1)
		return err_ctx(e, "member %s", rel);
	return x->r.dirfd;
}

/* The entry's times: atime (or mtime), mtime (or left as it is). */
static void
entry_times(struct archive_entry *ent, struct timespec ts[2])
{
	struct timespec m = { 0, UTIME_OMIT }, a;

	if (la->archive_entry_mtime_is_set(ent)) {
		m.tv_sec = la->archive_entry_mtime(ent);
		m.tv_nsec = la->archive_entry_mtime_nsec(ent);
	}
	a = m;
	if (la->archive_entry_atime_is_set(ent)) {
		a.tv_sec = la->archive_entry_atime(ent);
		a.tv_nsec = la->archive_entry_atime_nsec(ent);
	}
	ts[0] = a;
	ts[1] = m;
}

/* The mode to give: set-id bits only when the owner is the archive's. */
static mode_t
entry_mode(struct tarx *x, struct archive_entry *ent)
{
	mode_t m = la->archive_entry_perm(ent) & 07777;

	if (!x->own && (m & (S_ISUID | S_ISGID))) {
		m &= ~(mode_t)(S_ISUID | S_ISGID);
		x->st->setid_dropped++;
	}
	return m;
}

/* user.* always; security.capability (a file capability is a set-id
 * bit by another name) only with the owner kept.  A file system without
 * extended attributes loses them silently, as with tar(1). */
static int
restore_xattrs(struct tarx *x, struct archive_entry *ent, int fd,
    const char *rel, struct brig_err *e)
{
	const char *name;
	const void *val;
	size_t size;

	la->archive_entry_xattr_reset(ent);
	while (la->archive_entry_xattr_next(ent, &name, &val, &size) ==
	    ARCHIVE_OK) {
		if (strncmp(name, "user.", 5) != 0 &&
		    !(x->own && strcmp(name, "security.capability") == 0))
			continue;
		if (fsetxattr(fd, name, val, size, 0) == -1) {
			if (errno == ENOTSUP)
				continue;
			return err_sys(e, "%s: set %s", rel, name);
		}
		x->st->xattrs++;
	}
	return 0;
}

static int
add_fixup(struct tarx *x, const char *rel, struct archive_entry *ent)
{
	struct fixup *f;

	if (x->nfix == x->capfix) {
		x->capfix = x->capfix ? 2 * x->capfix : 64;
		x->fix = xrealloc(x->fix, x->capfix * sizeof(*x->fix));
	}
	f = &x->fix[x->nfix];
	f->rel = xstrdup(rel);
	f->mode = entry_mode(x, ent);
	entry_times(ent, f->ts);
	f->seq = x->nfix++;
	return 0;
}

/* The root itself ("./" in FreeBSD's base.txz): its owner now, its mode
 * and times with the other directories. */
static int
do_root(struct tarx *x, struct archive_entry *ent, struct brig_err *e)
{
	if (x->own && fchownat(x->r.rootfd, "", la->archive_entry_uid(ent),
	    la->archive_entry_gid(ent), AT_EMPTY_PATH) == -1)
		return err_sys(e, "change the owner of the root");
	return add_fixup(x, "", ent);
}

static int
do_dir(struct tarx *x, const char *rel, struct archive_entry *ent,
    struct brig_err *e)
{
	const char *leaf;
	struct stat st;
	int pfd;

	if ((pfd = parent(x, rel, &leaf, e)) == -1)
		return -1;
	if (mkdirat(pfd, leaf, 0700) == -1) {
		if (errno != EEXIST)
			return err_sys(e, "create directory %s", rel);
		if (fstatat(pfd, leaf, &st, AT_SYMLINK_NOFOLLOW) == -1)
			return err_sys(e, "%s", rel);
		if (!S_ISDIR(st.st_mode)) {
			if (inroot_clear(pfd, leaf, rel, e) == -1)
				return -1;
			if (mkdirat(pfd, leaf, 0700) == -1)
				return err_sys(e, "create directory %s", rel);
		}
	}
	if (x->own && fchownat(pfd, leaf, la->archive_entry_uid(ent),
	    la->archive_entry_gid(ent), AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "change the owner of %s", rel);
	x->st->dirs++;
	return add_fixup(x, rel, ent);
}

/* The data; *end gets where the last block ended. */
static int
write_data(struct tarx *x, int fd, const char *rel, int64_t *end,
    struct brig_err *e)
{
	const void *buf;
	size_t size, done;
	la_int64_t off;
	ssize_t w;
	int rc;

	for (;;) {
		rc = la->archive_read_data_block(x->a, &buf, &size, &off);
		if (rc == ARCHIVE_EOF)
			return 0;
		if (rc < ARCHIVE_WARN)
			return la_fail(x, rel, e);
		for (done = 0; done < size; done += (size_t)w) {
			w = pwrite(fd, (const char *)buf + done, size - done,
			    (off_t)off + (off_t)done);
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w == -1)
				return err_sys(e, "write %s", rel);
		}
		if (size > 0 && off + (la_int64_t)size > *end)
			*end = off + (la_int64_t)size;
		x->st->bytes += size;
		if (progress(x, e) == -1)
			return -1;
	}
}

static int
do_file(struct tarx *x, const char *rel, struct archive_entry *ent,
    struct brig_err *e)
{
	const char *leaf;
	struct timespec ts[2];
	int64_t end = 0;
	int pfd, fd, rc = -1;

	if ((pfd = parent(x, rel, &leaf, e)) == -1 ||
	    inroot_clear(pfd, leaf, rel, e) == -1)
		return -1;
	/* 0600 until it is complete: nobody reads a half-written file. */
	fd = openat(pfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1)
		return err_sys(e, "create %s", rel);
	if (write_data(x, fd, rel, &end, e) == -1)
		goto out;
	/* A sparse file's hole at the end has no data block. */
	if (end != la->archive_entry_size(ent) &&
	    ftruncate(fd, (off_t)la->archive_entry_size(ent)) == -1) {
		err_sys(e, "truncate %s", rel);
		goto out;
	}
	/* chown(2) drops set-id bits and capabilities: it goes first. */
	if (x->own && fchown(fd, la->archive_entry_uid(ent),
	    la->archive_entry_gid(ent)) == -1) {
		err_sys(e, "change the owner of %s", rel);
		goto out;
	}
	if (restore_xattrs(x, ent, fd, rel, e) == -1)
		goto out;
	if (fchmod(fd, entry_mode(x, ent)) == -1) {
		err_sys(e, "change the mode of %s", rel);
		goto out;
	}
	entry_times(ent, ts);
	if (futimens(fd, ts) == -1) {
		err_sys(e, "set the times of %s", rel);
		goto out;
	}
	x->st->files++;
	rc = 0;
out:
	close(fd);
	return rc;
}

/* A link or node just made as leaf of pfd: the archive's owner (when
 * kept) and times, set on it and never on what a link points to; it
 * counts as a file. */
static int
own_and_times(struct tarx *x, int pfd, const char *leaf, const char *rel,
    struct archive_entry *ent, struct brig_err *e)
{
	struct timespec ts[2];

	if (x->own && fchownat(pfd, leaf, la->archive_entry_uid(ent),
	    la->archive_entry_gid(ent), AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "change the owner of %s", rel);
	entry_times(ent, ts);
	if (utimensat(pfd, leaf, ts, AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "set the times of %s", rel);
	x->st->files++;
	return 0;
}

static int
do_symlink(struct tarx *x, const char *rel, struct archive_entry *ent,
    struct brig_err *e)
{
	const char *target = la->archive_entry_symlink(ent), *leaf;
	int pfd;

	if (target == NULL || *target == '\0')
		return err_fmt(e, "member %s: a symbolic link without a target",
		    rel);
	if ((pfd = parent(x, rel, &leaf, e)) == -1 ||
	    inroot_clear(pfd, leaf, rel, e) == -1)
		return -1;
	if (symlinkat(target, pfd, leaf) == -1)
		return err_sys(e, "create symbolic link %s", rel);
	x->st->symlinks++;
	return own_and_times(x, pfd, leaf, rel, ent, e);
}

/* Devices and FIFOs. */
static int
do_node(struct tarx *x, const char *rel, struct archive_entry *ent,
    mode_t type, struct brig_err *e)
{
	const char *leaf;
	mode_t old;
	int pfd, rc;

	if ((pfd = parent(x, rel, &leaf, e)) == -1 ||
	    inroot_clear(pfd, leaf, rel, e) == -1)
		return -1;
	/* The mode goes in with the node (there is no fchmod for a node
	 * that cannot be opened), so the umask must not cut it; chown,
	 * which would drop set-id bits, does not touch these modes. */
	old = umask(0);
	rc = mknodat(pfd, leaf, type | (entry_mode(x, ent) & ~(mode_t)S_IFMT),
	    type == S_IFIFO ? 0 : makedev(la->archive_entry_rdevmajor(ent),
	    la->archive_entry_rdevminor(ent)));
	umask(old);
	if (rc == -1)
		return err_sys(e, "create %s %s", type == S_IFIFO ? "FIFO" :
		    "device", rel);
	return own_and_times(x, pfd, leaf, rel, ent, e);
}

static bool
was_skipped(const struct tarx *x, const char *rel)
{
	size_t i;

	for (i = 0; i < x->nskipped; i++)
		if (strcmp(x->skipped[i], rel) == 0)
			return true;
	return false;
}

static void
skip_device(struct tarx *x, const char *rel)
{
	x->skipped = xrealloc(x->skipped, (x->nskipped + 1) *
	    sizeof(*x->skipped));
	x->skipped[x->nskipped++] = xstrdup(rel);
	x->st->devices_skipped++;
}

/* A hard link: to an entry the root holds already, never across the
 * root's edge (the name is sanitized like any other) and never through a
 * symbolic link; linkat(2) without AT_SYMLINK_FOLLOW links a symbolic
 * link itself, not what it points at. */
static int
do_hardlink(struct tarx *x, const char *rel, const char *hl,
    struct brig_err *e)
{
	char trel[BOOT_PATH_MAX];
	const char *leaf, *tleaf;
	struct stat st;
	int pfd, tfd;

	if (boot_tar_path(hl, trel, sizeof(trel), e) == -1)
		return err_ctx(e, "member %s: hard link", rel);
	if (*rel == '\0' || *trel == '\0')
		return err_fmt(e, "member \"%s\": a hard link to or from the "
		    "root", hl);
	if (strcmp(rel, trel) == 0)
		return 0;
	if ((tfd = inroot_parent(&x->lr, trel, &tleaf, e)) == -1 ||
	    fstatat(tfd, tleaf, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT && was_skipped(x, trel)) {
			skip_device(x, rel);
			return 0;
		}
		if (errno == ENOENT)
			return err_fmt(e, "member %s: hard link to %s, which "
			    "the archive has not made", rel, trel);
		return tfd == -1 ? err_ctx(e, "member %s: hard link", rel) :
		    err_sys(e, "member %s: hard link to %s", rel, trel);
	}
	if (S_ISDIR(st.st_mode))
		return err_fmt(e, "member %s: hard link to directory %s", rel,
		    trel);
	if ((pfd = parent(x, rel, &leaf, e)) == -1 ||
	    inroot_clear(pfd, leaf, rel, e) == -1)
		return -1;
	if (linkat(tfd, tleaf, pfd, leaf, 0) == -1)
		return err_sys(e, "link %s to %s", rel, trel);
	x->st->files++;
	x->st->hardlinks++;
	return 0;
}

static int
one_entry(struct tarx *x, struct archive_entry *ent, struct brig_err *e)
{
	const char *name = la->archive_entry_pathname(ent), *hl;
	char rel[BOOT_PATH_MAX];
	mode_t type;

	if (name == NULL)
		name = la->archive_entry_pathname_utf8(ent);
	if (name == NULL)
		return err_fmt(e, "a member without a name");
	if (boot_tar_path(name, rel, sizeof(rel), e) == -1)
		return -1;
	if (x->o->skip && strncmp(rel, x->o->skip, strlen(x->o->skip)) == 0 &&
	    (rel[strlen(x->o->skip)] == '\0' || rel[strlen(x->o->skip)] ==
	    '/'))
		return 0;
	if ((hl = la->archive_entry_hardlink(ent)) != NULL)
		return do_hardlink(x, rel, hl, e);
	type = la->archive_entry_filetype(ent);
	if (*rel == '\0') {
		if (type != AE_IFDIR)
			return err_fmt(e, "member \"%s\": the root must be a "
			    "directory", name);
		return do_root(x, ent, e);
	}
	switch (type) {
	case AE_IFDIR:
		return do_dir(x, rel, ent, e);
	case AE_IFREG:
		return do_file(x, rel, ent, e);
	case AE_IFLNK:
		return do_symlink(x, rel, ent, e);
	case AE_IFIFO:
		return do_node(x, rel, ent, S_IFIFO, e);
	case AE_IFCHR:
	case AE_IFBLK:
		if (!x->o->devices) {
			skip_device(x, rel);
			return 0;
		}
		return do_node(x, rel, ent, type == AE_IFCHR ? S_IFCHR :
		    S_IFBLK, e);
	default:
		x->st->other_skipped++;	/* sockets: nothing to restore */
		return 0;
	}
}

/* Deepest first (a name sorts after its parent), and for one name the
 * archive's last entry last. */
static int
fixup_cmp(const void *pa, const void *pb)
{
	const struct fixup *a = pa, *b = pb;
	int c = strcmp(b->rel, a->rel);

	if (c != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
apply_fixups(struct tarx *x, struct brig_err *e)
{
	const char *leaf;
	size_t i;
	int pfd, fd;

	if (x->nfix > 1)	/* (qsort of NULL, 0 is undefined) */
		qsort(x->fix, x->nfix, sizeof(*x->fix), fixup_cmp);
	for (i = 0; i < x->nfix; i++) {
		const struct fixup *f = &x->fix[i];

		if (f->rel[0] == '\0') {
			fd = openat(x->r.rootfd, ".", O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC);
		} else {
			if ((pfd = inroot_parent(&x->r, f->rel, &leaf, e)) ==
			    -1)
				return -1;
			fd = openat(pfd, leaf, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			/* A later member put something else there. */
			if (fd == -1 && (errno == ENOTDIR || errno == ELOOP ||
			    errno == ENOENT))
				continue;
		}
		if (fd == -1)
			return err_sys(e, "open directory %s", f->rel);
		if (fchmod(fd, f->mode) == -1 || futimens(fd, f->ts) == -1) {
			err_sys(e, "set the mode and times of %s",
			    *f->rel ? f->rel : "the root");
			close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

static void
tarx_free(struct tarx *x)
{
	size_t i;

	for (i = 0; i < x->nfix; i++)
		free(x->fix[i].rel);
	free(x->fix);
	for (i = 0; i < x->nskipped; i++)
		free(x->skipped[i]);
	free(x->skipped);
	inroot_close(&x->r);
	inroot_close(&x->lr);
	if (x->a)
		la->archive_read_free(x->a);
}

static int
extract(struct tarx *x, struct reader *rd, struct brig_err *e)
{
	struct archive_entry *ent;
	int rc;

	if ((x->a = la->archive_read_new()) == NULL)
		return err_fmt(e, "libarchive: out of memory");
	/* Each return value is ARCHIVE_OK, or ARCHIVE_WARN when libarchive
	 * would run an external program instead: either works. */
	la->archive_read_support_filter_gzip(x->a);
	la->archive_read_support_filter_bzip2(x->a);
	la->archive_read_support_filter_xz(x->a);
	la->archive_read_support_filter_lzma(x->a);
	la->archive_read_support_filter_zstd(x->a);
	la->archive_read_support_filter_lz4(x->a);
	la->archive_read_support_format_tar(x->a);
	if (la->archive_read_open(x->a, rd, NULL, read_block, NULL) !=
	    ARCHIVE_OK)
		return la_fail(x, "open", e);
	for (;;) {
		rc = la->archive_read_next_header(x->a, &ent);
		if (rc == ARCHIVE_EOF)
			break;
		if (rc < ARCHIVE_WARN)
			return la_fail(x, "read", e);
		if (one_entry(x, ent, e) == -1 || progress(x, e) == -1)
			return -1;
	}
	return apply_fixups(x, e);
}

int
bootstrap_tar(int rootfd, const char *tarball,
    const struct bootstrap_opts *o, struct bootstrap_stats *st,
    struct brig_err *e)
{
	struct reader *rd;
	struct tarx x;
	int rc;

	memset(st, 0, sizeof(*st));
	if ((la = la_open(e)) == NULL)
		return -1;
	rd = xmalloc(sizeof(*rd));
	rd->cancel = o->cancel;
	if ((rd->fd = open(tarball, O_RDONLY | O_CLOEXEC)) == -1) {
		free(rd);
		return err_sys(e, "open %s", tarball);
	}
	memset(&x, 0, sizeof(x));
	x.o = o;
	x.st = st;
	x.own = !o->no_owner && geteuid() == 0;
	inroot_init(&x.r, rootfd, true);
	inroot_init(&x.lr, rootfd, false);
	rc = extract(&x, rd, e);
	tarx_free(&x);
	close(rd->fd);
	free(rd);
	if (rc == -1)
		return err_ctx(e, "%s", tarball);
	return 0;
}
