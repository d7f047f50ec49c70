/* Making entries inside a root that is being filled (bootstrap_int.h).
 *
 * Every directory on the way is opened with O_PATH|O_NOFOLLOW from the
 * root, one component at a time, and made where missing: a symbolic
 * link met on the way is an error, never followed, whatever it points
 * at.  The parent of the last entry is cached, as archives list a
 * directory's entries together. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootstrap_int.h"

void
inroot_init(struct inroot *r, int rootfd, bool make)
{
	r->rootfd = rootfd;
	r->make = make;
	r->dirfd = -1;
	r->dir[0] = '\0';
}

void
inroot_close(struct inroot *r)
{
	if (r->dirfd != -1)
		close(r->dirfd);
	r->dirfd = -1;
	r->dir[0] = '\0';
}

/* Open (making it when missing) the directory comp in dirfd. */
static int
step(int dirfd, const char *comp, const char *prefix, bool make,
    struct brig_err *e)
{
	struct stat st;
	int fd;

	fd = openat(dirfd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT && make) {
		if (mkdirat(dirfd, comp, 0755) == -1 && errno != EEXIST)
			return err_sys(e, "create directory %s", prefix);
		fd = openat(dirfd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	}
	if (fd != -1)
		return fd;
	if ((errno == ENOTDIR || errno == ELOOP) &&
	    fstatat(dirfd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return err_fmt(e, "%s is a symbolic link: nothing is made "
		    "through one", prefix);
	return err_sys(e, "open directory %s", prefix);
}

int
inroot_parent(struct inroot *r, const char *rel, const char **leaf,
    struct brig_err *e)
{
	const char *slash = strrchr(rel, '/');
	size_t dlen = slash ? (size_t)(slash - rel) : 0, at;
	char path[BOOT_PATH_MAX];
	int fd, next;

	*leaf = slash ? slash + 1 : rel;
	if (dlen >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return err_sys(e, "%.64s...", rel);
	}
	if (r->dirfd != -1 && strlen(r->dir) == dlen &&
	    memcmp(r->dir, rel, dlen) == 0)
		return r->dirfd;
	inroot_close(r);
	memcpy(path, rel, dlen);
	path[dlen] = '\0';
	if ((fd = openat(r->rootfd, ".", O_PATH | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return err_sys(e, "open the root");
	/* path holds no empty, "." or ".." component (boot_tar_path). */
	for (at = 0; at < dlen;) {
		char *end = strchr(path + at, '/');

		if (end)
			*end = '\0';
		next = step(fd, path + at, path, r->make, e);
		close(fd);
		if (next == -1)
			return -1;
		fd = next;
		if (end == NULL)
			break;
		*end = '/';
		at = (size_t)(end - path) + 1;
	}
	r->dirfd = fd;
	memcpy(r->dir, path, dlen + 1);
	return fd;
}

int
inroot_clear(int dirfd, const char *leaf, const char *rel,
    struct brig_err *e)
{
	if (unlinkat(dirfd, leaf, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR)
		return err_sys(e, "remove %s", rel);
	if (unlinkat(dirfd, leaf, AT_REMOVEDIR) == -1)
		return err_sys(e, "remove directory %s", rel);
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
inroot_copy_data(int from, int to, uint64_t *bytes, const char *what,
    struct brig_err *e)
{
	char buf[65536];
	off_t in = 0;
	ssize_t n;

	for (;;) {
		n = copy_file_range(from, &in, to, NULL, 1 << 30, 0);
		if (n == 0)
			return 0;
		if (n > 0) {
			*bytes += (uint64_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		/* Across filesystems before 5.19, or a file system that has
		 * no copy_file_range: plain copying does the rest. */
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL &&
		    errno != EOPNOTSUPP)
			return err_sys(e, "copy %s", what);
		break;
	}
	if (lseek(from, in, SEEK_SET) == -1)
		return err_sys(e, "copy %s", what);
	for (;;) {
		n = read(from, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return err_sys(e, "read %s", what);
		}
		if (write_all(to, buf, (size_t)n) == -1)
			return err_sys(e, "write %s", what);
		*bytes += (uint64_t)n;
	}
}
