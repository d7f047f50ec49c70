/* Small file system helpers the backends share. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "../util/mountinfo.h"
#include "store_int.h"

int
store_mkdirs(const char *path, mode_t mode, struct brig_err *e)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf))
		return err_fmt(e, "%s: path too long", path);
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		char c = buf[i];

		if (c != '/' && c != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, mode) == -1 && errno != EEXIST)
			return err_sys(e, "create %s", buf);
		buf[i] = c;
	}
	return 0;
}

int
store_snapdir_open(struct store *s, bool create, struct brig_err *e)
{
	char top[PATH_MAX];
	int fd;

	if (create) {
		snprintf(top, sizeof(top), "%s/snapshots", s->datadir);
		if (store_mkdirs(s->datadir, 0755, e) == -1)
			return -1;
		if ((mkdir(top, 0700) == -1 && errno != EEXIST) ||
		    (mkdir(s->snapdir, 0700) == -1 && errno != EEXIST))
			return err_sys(e, "create %s", s->snapdir);
	}
	fd = open(s->snapdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return err_sys(e, "open %s", s->snapdir);
	return fd;
}

int
store_not_mounted(const struct store *s, struct brig_err *e)
{
	char mp[PATH_MAX];
	int r = store_mounted_below(s->root, mp, sizeof(mp), e);

	if (r == 1) {
		errno = 0;
		return err_fmt(e, "%s is mounted (is the jail running?)", mp);
	}
	return r;
}

int
store_usage_walk(struct store *s, int treefd, struct store_usage *u,
    struct brig_err *e)
{
	int fd, rc;

	u->method = "walk";
	rc = store_tree_blocks(treefd, &u->used, e);
	close(treefd);
	if (rc == -1)
		return -1;
	if ((fd = store_snapdir_open(s, false, e)) == -1) {
		if (e->errnum != ENOENT)
			return -1;
		u->snapshots = 0;
		return 0;
	}
	if (store_tree_blocks(fd, &u->snapshots, e) == -1)
		u->snapshots = -1;
	close(fd);
	return 0;
}

int
store_snapshot_copy(struct store *s, int srcfd, const char *snap,
    struct store_stats *st, struct brig_err *e)
{
	struct brig_err ignore;
	char tmp[300];
	int sfd, rc = -1;

	if ((sfd = store_snapdir_open(s, true, e)) == -1)
		return -1;
	snprintf(tmp, sizeof(tmp), ".%s.brig-new", snap);
	store_remove_tree(sfd, tmp, &ignore);	/* a killed brig's */
	if (store_copy_tree(srcfd, sfd, tmp, st, e) == 0) {
		if (renameat2(sfd, tmp, sfd, snap, RENAME_NOREPLACE) == 0)
			rc = 0;
		else {
			err_sys(e, "rename %s/%s", s->snapdir, tmp);
			store_remove_tree(sfd, tmp, &ignore);
		}
	}
	close(sfd);
	return rc;
}

int
store_split(const char *path, char *parent, size_t plen, char *base,
    size_t blen)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL || slash[1] == '\0')
		return -1;
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= plen || strlen(slash + 1) >= blen)
		return -1;
	memcpy(parent, path, n);
	parent[n] = '\0';
	strcpy(base, slash + 1);
	return 0;
}

int
store_temp_name(const char *base, const char *what, char *buf, size_t len)
{
	int n = snprintf(buf, len, ".%s.brig-%s", base, what);

	return n < 0 || (size_t)n >= len || (size_t)n > 255 ? -1 : 0;
}

int
store_swap(int dirfd, const char *a, const char *b, struct brig_err *e)
{
	char aside[300];

	if (renameat2(dirfd, a, dirfd, b, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return err_sys(e, "exchange %s and %s", a, b);
	/* No RENAME_EXCHANGE here: three renames, not atomic. */
	snprintf(aside, sizeof(aside), "%s.swap", b);
	if (renameat(dirfd, a, dirfd, aside) == -1)
		return err_sys(e, "rename %s", a);
	if (renameat(dirfd, b, dirfd, a) == -1) {
		err_sys(e, "rename %s to %s", b, a);
		renameat(dirfd, aside, dirfd, a);
		return -1;
	}
	if (renameat(dirfd, aside, dirfd, b) == -1)
		return err_sys(e, "rename %s to %s", aside, b);
	return 0;
}

/* Each line of /proc/self/mountinfo to fn until it returns 1: 1, 0 when
 * it never did, or -1 with e.  A line the parser refuses is an error,
 * not skipped: a mount missed could be a tree removed under it. */
static int
each_mount(int (*fn)(const struct mountinfo *, void *), void *arg,
    struct brig_err *e)
{
	struct mountinfo_iter it;
	struct mountinfo m;
	char *text;
	size_t len;
	int r;

	if (mountinfo_read(&text, &len, e) == -1)
		return -1;
	mountinfo_begin(&it, text, len);
	while ((r = mountinfo_next(&it, &m)) == 1 && (r = fn(&m, arg)) == 0)
		;
	if (r == -1)
		err_sys(e, "read /proc/self/mountinfo: line %u", it.lineno);
	mountinfo_end(&it);
	free(text);
	return r;
}

struct mount_at {
	const char *path;
	char *type, *opts;
	size_t tlen, olen;
	int found;
};

static int
mount_at(const struct mountinfo *m, void *arg)
{
	struct mount_at *a = arg;

	if (strcmp(m->point, a->path) == 0) {
		snprintf(a->type, a->tlen, "%s", m->type);
		snprintf(a->opts, a->olen, "%s", m->super);
		a->found = 1;
	}
	return 0;	/* stacked mounts are listed bottom first */
}

int
store_mount_at(const char *path, char *type, size_t tlen, char *opts,
    size_t olen, struct brig_err *e)
{
	struct mount_at a = { path, type, opts, tlen, olen, 0 };

	if (each_mount(mount_at, &a, e) == -1)
		return -1;
	return a.found;
}

struct mount_below {
	const char *path;
	char *buf;
	size_t len;
};

static int
mount_below(const struct mountinfo *m, void *arg)
{
	struct mount_below *b = arg;
	size_t n = strlen(b->path);

	if (strncmp(m->point, b->path, n) != 0 || (m->point[n] != '\0' &&
	    m->point[n] != '/'))
		return 0;
	snprintf(b->buf, b->len, "%s", m->point);
	return 1;
}

int
store_mounted_below(const char *path, char *buf, size_t len,
    struct brig_err *e)
{
	struct mount_below b = { path, buf, len };

	return each_mount(mount_below, &b, e);
}

const char *
store_fs_name(long type)
{
	static const struct {
		long magic;
		const char *name;
	} fs[] = {
		{ 0xEF53, "ext4" }, { 0x01021994, "tmpfs" },
		{ 0x58465342, "xfs" }, { 0x9123683E, "btrfs" },
		{ 0x794c7630, "overlayfs" }, { 0x2fc12fc1, "zfs" },
		{ 0xf15f, "ecryptfs" }, { 0x6969, "nfs" },
		{ 0xca451a4e, "bcachefs" }, { 0x65735546, "fuse" },
		{ 0x4d44, "vfat" }, { 0x73717368, "squashfs" },
	};
	size_t i;

	for (i = 0; i < sizeof(fs) / sizeof(fs[0]); i++)
		if (fs[i].magic == type)
			return fs[i].name;
	return "an unknown filesystem";
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
store_list_dir(int dirfd, char ***names, size_t *n, struct brig_err *e)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t cap = 0, k = 0;
	DIR *d;
	int fd;

	if ((fd = dup(dirfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return err_sys(e, "read directory");
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL)
				goto fail;
			v = nv;
		}
		if ((v[k] = strdup(de->d_name)) == NULL)
			goto fail;
		k++;
	}
	closedir(d);
	if (k > 1)
		qsort(v, k, sizeof(*v), by_name);
	*names = v;
	*n = k;
	return 0;
fail:
	err_sys(e, "read directory");
	closedir(d);
	store_free_names(v, k);
	return -1;
}

void
store_free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
