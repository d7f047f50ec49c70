/* Per-jail datasets: the checks and the order of things common to every
 * backend (names, roots, "refuse to drop snapshots"), then one call
 * into the backend's vtable (store_int.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_int.h"
#include "zfs_int.h"
#include "../conf/conf.h"

static const struct store_ops *const backends[] = {
	&store_dir_ops,
	&store_btrfs_ops,
	&store_zfs_ops,
	&store_overlay_ops,
	NULL,
};

int
store_check_root(const char *root, char *buf, size_t len,
    struct brig_err *e)
{
	size_t n = strlen(root), i, parts = 0;
	const char *p;

	errno = 0;
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (root[0] != '/')
		return err_fmt(e, "root \"%.200s\" is not an absolute path",
		    root);
	if (n >= len)
		return err_fmt(e, "root \"%.200s\": path too long", root);
	for (i = 0; i < n; i++)
		if (iscntrl((unsigned char)root[i]))
			return err_fmt(e, "root \"%.200s\": control character "
			    "in the path", root);
	memcpy(buf, root, n);
	buf[n] = '\0';
	for (p = buf; *p; p += strcspn(p, "/")) {
		size_t k;

		p += strspn(p, "/");
		k = strcspn(p, "/");
		if ((k == 1 && p[0] == '.') || (k == 2 && p[0] == '.' &&
		    p[1] == '.'))
			return err_fmt(e, "root \"%s\": \".\" and \"..\" are not "
			    "allowed in the path", buf);
		parts += k > 0;
	}
	if (parts < 2)
		return err_fmt(e, "root \"%s\": a jail's root must be at least "
		    "two levels below /", buf);
	return 0;
}

void
store_snap_name_at(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
store_human(int64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
	    "PiB", "EiB" };
	double v = (double)bytes;
	unsigned u = 0;

	if (bytes < 0) {
		snprintf(buf, len, "-");
		return;
	}
	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%lld B", (long long)bytes);
	else if (v < 10)
		snprintf(buf, len, "%.1f %s", v, unit[u]);
	else
		snprintf(buf, len, "%.0f %s", v, unit[u]);
}

enum store_how
store_how(const struct store_stats *st)
{
	if (st->native)
		return STORE_NATIVE;
	if (st->reflinked && st->copied)
		return STORE_MIXED;
	return st->reflinked ? STORE_REFLINK : STORE_COPIED;
}

const char *
store_how_name(const struct store *s, const struct store_stats *st)
{
	switch (store_how(st)) {
	case STORE_NATIVE:
		return s->ops == &store_zfs_ops ? "zfs snapshot" :
		    "btrfs snapshot";
	case STORE_REFLINK:
		return "reflinked";
	case STORE_MIXED:
		return "partly reflinked";
	case STORE_COPIED:
		return "copied";
	}
	return "?";
}

/* --- opening ----------------------------------------------------------- */

static const struct store_ops *
backend_find(const char *name, const char *root, struct brig_err *e)
{
	const struct store_ops *const *b;

	errno = 0;
	if (name == NULL)	/* what is there: a subvolume, or a directory */
		return store_btrfs_is_subvolume(root) ? &store_btrfs_ops :
		    &store_dir_ops;
	for (b = backends; *b; b++)
		if (strcmp((*b)->name, name) == 0)
			return *b;
	err_fmt(e, "brig.storage \"%s\": expected dir, btrfs, zfs or overlay",
	    name);
	return NULL;
}

int
store_open_name(const char *name, const char *root, const char *backend,
    const char *datadir, struct store **out, struct brig_err *e)
{
	char path[PATH_MAX];
	struct store *s;

	if (store_check_name(name, e) == -1)
		return -1;
	if (datadir[0] != '/' || strlen(datadir) > PATH_MAX / 2)
		return err_fmt(e, "data directory \"%.200s\": not an absolute "
		    "path", datadir);
	/* An overlay's upper layer is where no other backend puts one. */
	snprintf(path, sizeof(path), "%s/overlay/%s", datadir, name);
	if (backend == NULL && access(path, F_OK) == 0)
		backend = "overlay";
	if (root == NULL)
		snprintf(path, sizeof(path), "%s/jails/%s", datadir, name);
	if (store_check_root(root ? root : path, path, sizeof(path), e) == -1)
		return -1;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return err_sys(e, "open the dataset of jail %s", name);
	if ((s->ops = backend_find(backend, path, e)) == NULL) {
		free(s);
		return -1;
	}
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->root, sizeof(s->root), "%s", path);
	snprintf(s->datadir, sizeof(s->datadir), "%s", datadir);
	snprintf(s->snapdir, sizeof(s->snapdir), "%s/snapshots/%s", datadir,
	    name);
	if (s->ops->open(s, e) == -1) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int
store_open(const struct conf_jail *j, const char *datadir,
    struct store **out, struct brig_err *e)
{
	const char *backend, *root, *dataset;
	struct store *s;

	backend = conf_param_str(conf_param_find(j, "brig.storage"));
	root = conf_param_str(conf_param_find(j, "path"));
	dataset = conf_param_str(conf_param_find(j, "brig.dataset"));
	if (store_open_name(j->name, root, backend ? backend : "dir", datadir,
	    &s, e) == -1)
		return err_ctx(e, "jail %s", j->name);
	if (dataset && s->ops == &store_zfs_ops) {
		if (zfs_check_dataset(dataset, e) == -1) {
			store_close(s);
			return err_ctx(e, "jail %s: brig.dataset", j->name);
		}
		snprintf(s->dataset, sizeof(s->dataset), "%s", dataset);
	}
	*out = s;
	return 0;
}

const char *
store_root(const struct store *s)
{
	return s->root;
}

const char *
store_backend(const struct store *s)
{
	return s->ops->name;
}

void
store_close(struct store *s)
{
	free(s);
}

/* --- operations -------------------------------------------------------- */

bool
store_exists(const struct store *s)
{
	return s->ops->exists((struct store *)s);
}

int
store_create(struct store *s, struct brig_err *e)
{
	char parent[PATH_MAX], base[256];

	errno = 0;
	if (s->ops->exists(s))
		return err_fmt(e, "create the root of jail %s: %s exists",
		    s->name, s->root);
	if (store_split(s->root, parent, sizeof(parent), base,
	    sizeof(base)) == -1 || store_mkdirs(parent, 0755, e) == -1 ||
	    s->ops->create(s, e) == -1)
		return err_ctx(e, "create the root of jail %s", s->name);
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct store_snap *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
snap_list(struct store *s, bool sizes, struct store_snap **list, size_t *n,
    struct brig_err *e)
{
	*list = NULL;
	*n = 0;
	if (s->ops->snap_list(s, sizes, list, n, e) == -1)
		return err_ctx(e, "list the snapshots of jail %s", s->name);
	if (*n > 1)
		qsort(*list, *n, sizeof(**list), by_time);
	return 0;
}

int
store_snapshots(struct store *s, struct store_snap **list, size_t *n,
    struct brig_err *e)
{
	return snap_list(s, true, list, n, e);
}

/* 1 if snap is one of the jail's snapshots, 0 if not, -1 with e. */
static int
snap_known(struct store *s, const char *snap, struct brig_err *e)
{
	struct store_snap *list;
	size_t n, i;
	int found = 0;

	if (snap_list(s, false, &list, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++)
		found |= strcmp(list[i].name, snap) == 0;
	free(list);
	return found;
}

/* Is path a or below it? */
static bool
within(const char *path, const char *a)
{
	size_t n = strlen(a);

	return strncmp(path, a, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int
root_missing(const struct store *s, struct brig_err *e)
{
	errno = ENOENT;
	return err_sys(e, "jail %s has no root at %s", s->name, s->root);
}

int
store_snapshot(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	int known;

	memset(st, 0, sizeof(*st));
	if (store_check_snap(snap, e) == -1)
		return -1;
	if (!s->ops->exists(s))
		return root_missing(s, e);
	errno = 0;
	if (within(s->snapdir, s->root) || within(s->root, s->snapdir))
		return err_fmt(e, "snapshot %s@%s: the snapshots (%s) would be "
		    "inside the root (%s)", s->name, snap, s->snapdir, s->root);
	if ((known = snap_known(s, snap, e)) != 0) {
		errno = 0;
		return known == -1 ? -1 : err_fmt(e, "snapshot %s@%s exists",
		    s->name, snap);
	}
	if (s->ops->snapshot(s, snap, st, e) == -1)
		return err_ctx(e, "snapshot %s@%s", s->name, snap);
	return 0;
}

static int
snap_needed(struct store *s, const char *snap, struct brig_err *e)
{
	int known;

	if (store_check_snap(snap, e) == -1 ||
	    (known = snap_known(s, snap, e)) == -1)
		return -1;
	if (!known) {
		errno = 0;
		return err_fmt(e, "jail %s has no snapshot \"%s\"", s->name,
		    snap);
	}
	return 0;
}

int
store_snapshot_destroy(struct store *s, const char *snap, struct brig_err *e)
{
	if (snap_needed(s, snap, e) == -1)
		return -1;
	if (s->ops->snap_destroy(s, snap, e) == -1)
		return err_ctx(e, "destroy snapshot %s@%s", s->name, snap);
	return 0;
}

int
store_rollback(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	memset(st, 0, sizeof(*st));
	if (snap_needed(s, snap, e) == -1)
		return -1;
	if (s->ops->rollback(s, snap, st, e) == -1)
		return err_ctx(e, "roll %s back to %s", s->name, snap);
	return 0;
}

/* The tree of the root or of snapshot snap (known to exist). */
static int
view_open(struct store *s, const char *snap, struct brig_err *e)
{
	char from[PATH_MAX];
	int fd;

	if (s->ops->view)
		return s->ops->view(s, snap, e);
	if (snap) {
		if (s->ops->snap_dir(s, snap, from, sizeof(from), e) == -1)
			return -1;
	} else
		snprintf(from, sizeof(from), "%s", s->root);
	if ((fd = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", from);
	return fd;
}

/* Across backends: dst made empty by its backend, the files copied. */
static int
clone_copy(struct store *src, const char *snap, struct store *dst,
    struct store_stats *st, struct brig_err *e)
{
	struct brig_err ignore;
	int sfd = -1, dfd = -1, rc = -1;

	/* An overlay's tree is its upper layer over its base. */
	if ((sfd = view_open(src, snap, e)) == -1)
		return -1;
	if (store_create(dst, e) == -1) {
		close(sfd);
		return -1;
	}
	if ((dfd = open(dst->root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		err_sys(e, "open %s", dst->root);
	else
		rc = store_copy_into(sfd, dfd, st, e);
	if (sfd != -1)
		close(sfd);
	if (dfd != -1)
		close(dfd);
	if (rc == -1)
		dst->ops->destroy(dst, &ignore);
	return rc;
}

int
store_clone(struct store *src, const char *snap, struct store *dst,
    struct store_stats *st, struct brig_err *e)
{
	char parent[PATH_MAX], base[256];
	int rc;

	memset(st, 0, sizeof(*st));
	if (snap && snap_needed(src, snap, e) == -1)
		return -1;
	if (!snap && !src->ops->exists(src))
		return root_missing(src, e);
	errno = 0;
	if (dst->ops->exists(dst))
		return err_fmt(e, "clone %s to %s: %s exists", src->name,
		    dst->name, dst->root);
	if (within(dst->root, src->root) || within(src->root, dst->root))
		return err_fmt(e, "clone %s to %s: %s and %s are inside one "
		    "another", src->name, dst->name, src->root, dst->root);
	if (store_split(dst->root, parent, sizeof(parent), base,
	    sizeof(base)) == -1 || store_mkdirs(parent, 0755, e) == -1)
		return err_ctx(e, "clone %s to %s", src->name, dst->name);
	if (src->ops == dst->ops)
		rc = src->ops->clone(src, snap, dst, st, e);
	else
		rc = clone_copy(src, snap, dst, st, e);
	if (rc == -1)
		return err_ctx(e, "clone %s%s%s to %s", src->name, snap ? "@" :
		    "", snap ? snap : "", dst->name);
	return 0;
}

static int
drop_snapshots(struct store *s, const struct store_snap *list, size_t n,
    struct brig_err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s->ops->snap_destroy(s, list[i].name, e) == -1)
			return err_ctx(e, "destroy snapshot %s@%s", s->name,
			    list[i].name);
	return 0;
}

int
store_destroy(struct store *s, bool force, struct brig_err *e)
{
	struct store_snap *list;
	size_t n;
	int rc = 0;

	if (snap_list(s, false, &list, &n, e) == -1)
		return -1;
	errno = 0;
	if (n && !force)
		rc = err_fmt(e, "destroy jail %s: it has %zu snapshot%s (%s%s); "
		    "destroy -f drops them too", s->name, n, n > 1 ? "s" : "",
		    list[0].name, n > 1 ? ", ..." : "");
	else if (n == 0 && !s->ops->exists(s))
		rc = root_missing(s, e);
	else if (drop_snapshots(s, list, n, e) == -1)
		rc = -1;
	else if (s->ops->exists(s) && s->ops->destroy(s, e) == -1)
		rc = err_ctx(e, "destroy jail %s", s->name);
	free(list);
	if (rc == 0 && rmdir(s->snapdir) == -1 && errno != ENOENT &&
	    errno != ENOTEMPTY)
		rc = err_sys(e, "remove %s", s->snapdir);
	return rc;
}

int
store_usage(struct store *s, struct store_usage *u, struct brig_err *e)
{
	u->used = u->snapshots = -1;
	u->method = "walk";
	if (s->ops->usage(s, u, e) == -1)
		return err_ctx(e, "measure jail %s", s->name);
	return 0;
}

int
store_mount(struct store *s, struct brig_err *e)
{
	int rc;

	if (s->ops->mount == NULL)
		return 0;
	if (!s->ops->exists(s))
		return root_missing(s, e);
	if ((rc = s->ops->mount(s, e)) == -1)
		return err_ctx(e, "jail %s", s->name);
	return rc;
}

int
store_unmount(struct store *s, struct brig_err *e)
{
	int rc;

	if (s->ops->unmount == NULL)
		return 0;
	if ((rc = s->ops->unmount(s, e)) == -1)
		return err_ctx(e, "jail %s", s->name);
	return rc;
}

int
store_view_open(struct store *s, const char *snap, struct brig_err *e)
{
	int fd;

	if (snap && snap_needed(s, snap, e) == -1)
		return -1;
	if (!snap && !s->ops->exists(s))
		return root_missing(s, e);
	if ((fd = view_open(s, snap, e)) == -1)
		return err_ctx(e, "jail %s%s%s", s->name, snap ? "@" : "",
		    snap ? snap : "");
	return fd;
}
