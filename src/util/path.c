#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "path.h"
#include "sys.h"

/* openat2 answers EAGAIN when a rename or mount elsewhere raced with a
 * RESOLVE_IN_ROOT lookup (openat2(2)); it is then simply retried. */
#define EAGAIN_RETRIES 32

/* The next path component, skipping empty ones and "."; NULL at the end. */
static char *
next_comp(char **p)
{
	char *c;

	while ((c = strsep(p, "/")) != NULL)
		if (*c != '\0' && strcmp(c, ".") != 0)
			return c;
	return NULL;
}

static int
has_dotdot(const char *path)
{
	const char *p;

	for (p = path; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == path || p[-1] == '/') &&
		    (p[2] == '\0' || p[2] == '/'))
			return 1;
	return 0;
}

static int
copy_path(char *buf, size_t len, const char *path, struct brig_err *e)
{
	if (strlen(path) >= len) {
		errno = ENAMETOOLONG;
		return err_sys(e, "open %s", path);
	}
	memcpy(buf, path, strlen(path) + 1);
	return 0;
}

/* After openat(O_NOFOLLOW) failed with ENOTDIR (O_DIRECTORY) or returned
 * a link (O_PATH): was the component a symbolic link? */
static int
is_link(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode);
}

static int
open_last(int dirfd, const char *name, int flags, mode_t mode)
{
	int fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	struct stat st;

	if (fd == -1) {
		if (errno == ENOTDIR && is_link(dirfd, name))
			errno = ELOOP;
		return -1;
	}
	/* O_PATH|O_NOFOLLOW opens a link itself rather than failing. */
	if ((flags & O_PATH) && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
		close(fd);
		errno = ELOOP;
		return -1;
	}
	return fd;
}

/* The fallback without openat2: one component at a time from rootfd,
 * never following a link and never going up, so it cannot leave the root;
 * where openat2 would have stayed inside it refuses rather than guess. */
static int
walk(int rootfd, const char *path, int flags, mode_t mode,
    struct brig_err *e)
{
	char buf[PATH_MAX], *p = buf, *comp, *after;
	int dirfd = rootfd, fd = -1;

	if (has_dotdot(path))
		return err_fmt(e, "open %s: \"..\" is refused (this kernel "
		    "has no openat2)", path);
	if (copy_path(buf, sizeof(buf), path, e) == -1)
		return -1;
	if ((comp = next_comp(&p)) == NULL)
		fd = openat(rootfd, ".", flags | O_CLOEXEC, mode);
	for (; comp != NULL; comp = after) {
		after = next_comp(&p);
		if (after == NULL) {
			fd = open_last(dirfd, comp, flags, mode);
			break;
		}
		fd = openat(dirfd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd == -1) {
			if (errno == ENOTDIR && is_link(dirfd, comp))
				errno = ELOOP;
			break;
		}
		if (dirfd != rootfd)
			close(dirfd);
		dirfd = fd;
	}
	if (fd == -1)
		err_sys(e, "open %s", path);
	if (dirfd != rootfd && dirfd != fd)
		close(dirfd);
	return fd;
}

int
path_open_in_root(int rootfd, const char *path, int flags, mode_t mode,
    struct brig_err *e)
{
	struct open_how how;
	int fd, tries = 0;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(unsigned)(flags & ~O_NOFOLLOW) | O_CLOEXEC;
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		how.mode = mode;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	if (flags & O_NOFOLLOW)
		how.resolve |= RESOLVE_NO_SYMLINKS;
	do
		fd = sys_openat2(rootfd, path, &how, sizeof(how));
	while (fd == -1 && errno == EAGAIN && ++tries < EAGAIN_RETRIES);
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS)
		return err_sys(e, "open %s", path);
	if (*path == '\0') {
		errno = ENOENT;	/* as openat2 without AT_EMPTY_PATH */
		return err_sys(e, "open %s", path);
	}
	return walk(rootfd, path, flags, mode, e);
}

int
path_mkdirs_in_root(int rootfd, const char *path, mode_t mode,
    struct brig_err *e)
{
	char buf[PATH_MAX], prefix[PATH_MAX + 1], *p = buf, *comp;
	size_t plen = 0;
	int dirfd, fd;

	if (copy_path(buf, sizeof(buf), path, e) == -1)
		return -1;
	if ((dirfd = openat(rootfd, ".", O_PATH | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return err_sys(e, "open the root of %s", path);
	prefix[0] = '\0';
	while ((comp = next_comp(&p)) != NULL) {
		/* prefix is a part of path: it fits. */
		plen += (size_t)snprintf(prefix + plen, sizeof(prefix) - plen,
		    "/%s", comp);
		if (mkdirat(dirfd, comp, mode) == -1 && errno != EEXIST) {
			err_sys(e, "create directory %s", prefix);
			close(dirfd);
			return -1;
		}
		/* Opened again from the root, so that a link met on the way
		 * resolves as it would for any other lookup in this root. */
		fd = path_open_in_root(rootfd, prefix, O_PATH | O_DIRECTORY, 0,
		    e);
		close(dirfd);
		if (fd == -1)
			return -1;
		dirfd = fd;
	}
	return dirfd;
}
