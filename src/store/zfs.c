/* The zfs backend, through zfs(8) (there is no stable libzfs API): the
 * seed's layout, a dataset per jail (zroot/jails/NAME mounted at
 * /jails/NAME), snapshots DATASET@SNAP.
 *
 * The dataset is brig.dataset when set, else the dataset holding the
 * directory above the jail's root plus "/NAME": with path =
 * /jails/unbound and zroot/jails mounted on /jails, zroot/jails/unbound.
 *
 * Every command is an argv built by zfs_build() (checked, unit-tested)
 * and started with posix_spawn: no shell, a fixed PATH, LC_ALL=C, no
 * inherited descriptors, its stderr into the error. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_int.h"
#include "zfs_int.h"
#include "../util/run.h"

/* --- argv ------------------------------------------------------------ */

int
zfs_check_dataset(const char *name, struct brig_err *e)
{
	size_t n = name ? strlen(name) : 0, i;
	const char *p;

	errno = 0;
	if (n == 0 || n > 255)
		return err_fmt(e, "ZFS dataset \"%.80s\": 1 to 255 bytes",
		    name ? name : "");
	if (!isalpha((unsigned char)name[0]))
		return err_fmt(e, "ZFS dataset \"%.80s\": the pool name must "
		    "start with a letter", name);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_-.:/",
		    name[i]))
			return err_fmt(e, "ZFS dataset \"%.80s\": only "
			    "letters, digits, '_', '-', '.', ':' and '/'",
			    name);
	for (p = name; ; p += strcspn(p, "/") + 1) {
		size_t k = strcspn(p, "/");

		if (k == 0 || (k == 1 && p[0] == '.') || (k == 2 &&
		    p[0] == '.' && p[1] == '.'))
			return err_fmt(e, "ZFS dataset \"%.80s\": an empty, "
			    "\".\" or \"..\" component", name);
		if (p[k] == '\0')
			break;
	}
	return 0;
}

static int
check_path(const char *what, const char *path, struct brig_err *e)
{
	const char *p;

	errno = 0;
	if (path == NULL || path[0] != '/')
		return err_fmt(e, "%s \"%.200s\": not an absolute path", what,
		    path ? path : "");
	for (p = path; *p; p++)
		if (iscntrl((unsigned char)*p))
			return err_fmt(e, "%s: control character in the path",
			    what);
	return 0;
}

static const char *
put(struct zfs_argv *a, size_t *used, struct brig_err *e, const char *fmt,
    ...)
{
	char *at = a->buf + *used;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(at, sizeof(a->buf) - *used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(a->buf) - *used) {
		err_fmt(e, "zfs argument too long");
		return NULL;
	}
	*used += (size_t)n + 1;
	return at;
}

static bool
wants_snap(enum zfs_op op)
{
	return op == ZFS_OP_SNAPSHOT || op == ZFS_OP_ROLLBACK ||
	    op == ZFS_OP_CLONE || op == ZFS_OP_DESTROY_SNAP;
}

/* The checked pieces: DATASET@SNAP and mountpoint=ROOT. */
static int
pieces(enum zfs_op op, const struct zfs_req *r, struct zfs_argv *a,
    const char **at, const char **mp, struct brig_err *e)
{
	size_t used = 0;

	*at = *mp = NULL;
	if (op == ZFS_OP_WHICH)
		return check_path("path", r->path, e);
	if (zfs_check_dataset(r->dataset, e) == -1)
		return -1;
	if (wants_snap(op)) {
		if (r->snap == NULL || store_check_snap(r->snap, e) == -1)
			return r->snap ? -1 : err_fmt(e, "zfs: no snapshot");
		if ((*at = put(a, &used, e, "%s@%s", r->dataset,
		    r->snap)) == NULL)
			return -1;
	}
	if (op == ZFS_OP_CREATE || op == ZFS_OP_CLONE) {
		if (check_path("mountpoint", r->mountpoint, e) == -1 ||
		    (*mp = put(a, &used, e, "mountpoint=%s",
		    r->mountpoint)) == NULL)
			return -1;
	}
	if (op == ZFS_OP_CLONE && zfs_check_dataset(r->target, e) == -1)
		return -1;
	return 0;
}

int
zfs_build(enum zfs_op op, const struct zfs_req *r, struct zfs_argv *out,
    struct brig_err *e)
{
	const char *at, *mp, **v = out->argv;
	int n = 0;

	memset(out->argv, 0, sizeof(out->argv));
	if (pieces(op, r, out, &at, &mp, e) == -1)
		return -1;
	v[n++] = "zfs";
	switch (op) {
	case ZFS_OP_CREATE:
		v[n++] = "create", v[n++] = "-o", v[n++] = mp;
		v[n++] = r->dataset;
		break;
	case ZFS_OP_SNAPSHOT:
		v[n++] = "snapshot", v[n++] = at;
		break;
	case ZFS_OP_ROLLBACK:
		v[n++] = "rollback", v[n++] = "-r", v[n++] = at;
		break;
	case ZFS_OP_CLONE:
		v[n++] = "clone", v[n++] = "-o", v[n++] = mp, v[n++] = at;
		v[n++] = r->target;
		break;
	case ZFS_OP_DESTROY:
		v[n++] = "destroy", v[n++] = r->dataset;
		break;
	case ZFS_OP_DESTROY_SNAP:
		v[n++] = "destroy", v[n++] = at;
		break;
	case ZFS_OP_LIST_SNAPS:
		v[n++] = "list", v[n++] = "-H", v[n++] = "-p", v[n++] = "-t";
		v[n++] = "snapshot", v[n++] = "-o";
		v[n++] = "name,creation,used", v[n++] = "-d", v[n++] = "1";
		v[n++] = r->dataset;
		break;
	case ZFS_OP_LIST:
		v[n++] = "list", v[n++] = "-H", v[n++] = "-p", v[n++] = "-o";
		v[n++] = "name,used,referenced,usedbysnapshots";
		v[n++] = r->dataset;
		break;
	case ZFS_OP_WHICH:
		v[n++] = "list", v[n++] = "-H", v[n++] = "-o", v[n++] = "name";
		v[n++] = r->path;
		break;
	default:
		return err_fmt(e, "zfs: unknown operation %d", (int)op);
	}
	return 0;
}

/* --- output ---------------------------------------------------------- */

/* A decimal field of zfs list -p; "-" (not applicable) is -1. */
static int
parse_num(const char *s, size_t len, int64_t *v)
{
	size_t i;

	if (len == 1 && s[0] == '-') {
		*v = -1;
		return 0;
	}
	if (len == 0 || len > 18)
		return -1;
	for (*v = 0, i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Split one line into nf tab-separated fields. */
static int
fields(const char *line, size_t len, const char **f, size_t *fl, int nf)
{
	int i = 0;
	const char *p = line, *end = line + len;

	while (i < nf) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));

		f[i] = p;
		fl[i] = (size_t)((tab ? tab : end) - p);
		i++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return i == nf && (size_t)(f[nf - 1] + fl[nf - 1] - line) == len ? 0 :
	    -1;
}

static int
bad_line(struct brig_err *e, unsigned lineno, const char *line, size_t len)
{
	errno = 0;
	return err_fmt(e, "zfs list: unexpected line %u: \"%.*s\"", lineno,
	    (int)(len > 120 ? 120 : len), line);
}

static int
snap_line(const char *line, size_t len, const char *dataset,
    struct store_snap *s, unsigned lineno, struct brig_err *e)
{
	const char *f[3];
	size_t fl[3], dl = strlen(dataset);
	struct brig_err ignore;
	char name[STORE_SNAP_MAX + 1];

	if (fields(line, len, f, fl, 3) == -1)
		return bad_line(e, lineno, line, len);
	if (fl[0] <= dl + 1 || memcmp(f[0], dataset, dl) != 0 ||
	    f[0][dl] != '@')
		return 0;		/* another dataset's */
	if (fl[0] - dl - 1 > STORE_SNAP_MAX)
		return 0;		/* not a name brig makes */
	memcpy(name, f[0] + dl + 1, fl[0] - dl - 1);
	name[fl[0] - dl - 1] = '\0';
	if (store_check_snap(name, &ignore) == -1)
		return 0;
	if (parse_num(f[1], fl[1], &s->time) == -1 ||
	    parse_num(f[2], fl[2], &s->used) == -1)
		return bad_line(e, lineno, line, len);
	memcpy(s->name, name, sizeof(name));
	return 1;
}

int
zfs_parse_snaps(const char *text, const char *dataset,
    struct store_snap **list, size_t *n, struct brig_err *e)
{
	struct store_snap *v = NULL, *nv;
	size_t k = 0, cap = 0;
	unsigned lineno = 0;
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, "\n");
		int r = 1;

		lineno++;
		if (len && k == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				free(v);
				return err_sys(e, "zfs list");
			}
			v = nv;
		}
		if (len && (r = snap_line(p, len, dataset, &v[k], lineno,
		    e)) == -1) {
			free(v);
			return -1;
		}
		k += len && r == 1;
		p += len + (p[len] == '\n');
	}
	*list = v;
	*n = k;
	return 0;
}

int
zfs_parse_usage(const char *text, const char *dataset, struct store_usage *u,
    struct brig_err *e)
{
	size_t len = strcspn(text, "\n"), fl[4];
	const char *f[4];
	int64_t used;

	if (fields(text, len, f, fl, 4) == -1 || fl[0] != strlen(dataset) ||
	    memcmp(f[0], dataset, fl[0]) != 0 ||
	    parse_num(f[1], fl[1], &used) == -1 ||
	    parse_num(f[2], fl[2], &u->used) == -1 ||
	    parse_num(f[3], fl[3], &u->snapshots) == -1)
		return bad_line(e, 1, text, len);
	u->method = "zfs";
	return 0;
}

int
zfs_parse_which(const char *text, char *buf, size_t len, struct brig_err *e)
{
	size_t n = strcspn(text, "\n");
	char name[256];

	if (n == 0 || n >= sizeof(name) || n >= len)
		return bad_line(e, 1, text, n);
	memcpy(name, text, n);
	name[n] = '\0';
	if (zfs_check_dataset(name, e) == -1)
		return -1;
	memcpy(buf, name, n + 1);
	return 0;
}

/* --- running zfs(8) -------------------------------------------------- */

#define ZFS_OUT_MAX	(64u << 20)
#define ZFS_ERR_MAX	1024

static const char *
zfs_program(void)
{
	static const char *const where[] = { "/usr/sbin/zfs", "/sbin/zfs",
	    "/usr/local/sbin/zfs", "/usr/bin/zfs", NULL };
	const char *const *p;

	for (p = where; *p; p++)
		if (access(*p, X_OK) == 0)
			return *p;
	return NULL;
}

struct sink {
	char *s;
	size_t len, cap, max;
};

/* Read what fd has; 0 at its end. */
static int
drain(int fd, struct sink *k)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) == -1 && errno == EINTR)
		;
	if (n <= 0)
		return 0;
	if (k->len + (size_t)n + 1 > k->cap && k->len < k->max) {
		size_t cap = k->cap ? k->cap * 2 : 16384;
		char *s;

		while (cap < k->len + (size_t)n + 1)
			cap *= 2;
		if ((s = realloc(k->s, cap)) == NULL)
			return 1;	/* keep reading, drop the rest */
		k->s = s;
		k->cap = cap;
	}
	if (k->len + (size_t)n + 1 <= k->cap) {
		memcpy(k->s + k->len, buf, (size_t)n);
		k->len += (size_t)n;
		k->s[k->len] = '\0';
	}
	return 1;
}

static void
collect(int outfd, int errfd, struct sink *out, struct sink *err)
{
	struct pollfd p[2] = { { outfd, POLLIN, 0 }, { errfd, POLLIN, 0 } };

	while (p[0].fd != -1 || p[1].fd != -1) {
		if (poll(p, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents && !drain(outfd, out))
			p[0].fd = -1;
		if (p[1].revents && !drain(errfd, err))
			p[1].fd = -1;
	}
}

static int
spawn(const char *bin, const struct zfs_argv *a, int outfd, int errfd,
    pid_t *pid)
{
	static char *const env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	    "LC_ALL=C", NULL };
	posix_spawn_file_actions_t fa;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outfd, 1);
	posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = posix_spawn(pid, bin, &fa, NULL, (char *const *)a->argv, env);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* The reason zfs gave: the last line of its stderr. */
static const char *
reason(struct sink *err, int status, char *buf, size_t len)
{
	char *s = err->s, *nl;

	if (s == NULL || *s == '\0')
		return run_describe(status, buf, len);
	while ((nl = strrchr(s, '\n')) && nl[1] == '\0')
		*nl = '\0';
	return (nl = strrchr(s, '\n')) ? nl + 1 : s;
}

/* Run zfs; *out (when not NULL) gets its standard output, which the
 * caller frees. */
static int
zfs_run(const struct zfs_argv *a, char **out, struct brig_err *e)
{
	struct sink o = { NULL, 0, 0, ZFS_OUT_MAX }, r = { NULL, 0, 0,
	    ZFS_ERR_MAX };
	const char *bin = zfs_program();
	int op[2], ep[2], rc, status = 0;
	char buf[64];
	pid_t pid;

	errno = 0;
	if (bin == NULL)
		return err_fmt(e, "zfs(8) is not installed (brig.storage zfs "
		    "needs zfsutils-linux and the ZFS module)");
	if (pipe2(op, O_CLOEXEC) == -1)
		return err_sys(e, "zfs %s", a->argv[1]);
	if (pipe2(ep, O_CLOEXEC) == -1) {
		err_sys(e, "zfs %s", a->argv[1]);
		close(op[0]);
		close(op[1]);
		return -1;
	}
	rc = spawn(bin, a, op[1], ep[1], &pid);
	close(op[1]);
	close(ep[1]);
	if (rc == 0) {
		collect(op[0], ep[0], &o, &r);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
	}
	close(op[0]);
	close(ep[0]);
	errno = rc;
	if (rc != 0)
		err_sys(e, "run %s", bin);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = 0;
		err_fmt(e, "zfs %s: %s", a->argv[1], reason(&r, status, buf,
		    sizeof(buf)));
		rc = -1;
	}
	free(r.s);
	if (rc == 0 && out)
		*out = o.s ? o.s : strdup("");
	else
		free(o.s);
	return rc == 0 ? 0 : -1;
}

static int
zfs_do(enum zfs_op op, const struct zfs_req *r, char **out,
    struct brig_err *e)
{
	struct zfs_argv a;

	if (zfs_build(op, r, &a, e) == -1)
		return -1;
	return zfs_run(&a, out, e);
}

/* --- the backend ----------------------------------------------------- */

/* brig.dataset, or the dataset of the root's parent directory plus
 * "/NAME". */
static int
dataset_of(struct store *s, struct brig_err *e)
{
	char parent[PATH_MAX], base[256], ds[256], *out;
	struct zfs_req r = { 0 };
	int rc;

	if (s->dataset[0])
		return 0;
	if (store_split(s->root, parent, sizeof(parent), base,
	    sizeof(base)) == -1)
		return err_fmt(e, "%s: path too long", s->root);
	r.path = parent;
	if (zfs_do(ZFS_OP_WHICH, &r, &out, e) == -1)
		return err_ctx(e, "find the ZFS dataset of %s (or set "
		    "brig.dataset)", parent);
	rc = zfs_parse_which(out, ds, sizeof(ds), e);
	free(out);
	if (rc == -1)
		return -1;
	if ((size_t)snprintf(s->dataset, sizeof(s->dataset), "%s/%s", ds,
	    s->name) >= sizeof(s->dataset) ||
	    zfs_check_dataset(s->dataset, e) == -1) {
		s->dataset[0] = '\0';
		return err_fmt(e, "ZFS dataset %s/%s: name too long", ds,
		    s->name);
	}
	return 0;
}

static int
zfs_open(struct store *s, struct brig_err *e)
{
	(void)s;
	(void)e;
	return 0;	/* the dataset is looked up when first needed */
}

static bool
zfs_exists(struct store *s)
{
	struct zfs_req r = { 0 };
	struct brig_err ignore;

	if (dataset_of(s, &ignore) == -1)
		return false;
	r.dataset = s->dataset;
	return zfs_do(ZFS_OP_LIST, &r, NULL, &ignore) == 0;
}

/* One command on the jail's own dataset. */
static int
simple(struct store *s, enum zfs_op op, const char *snap,
    struct brig_err *e)
{
	struct zfs_req r = { 0 };

	if (dataset_of(s, e) == -1)
		return -1;
	r.dataset = s->dataset;
	r.snap = snap;
	r.mountpoint = s->root;
	return zfs_do(op, &r, NULL, e);
}

static int
zfs_create(struct store *s, struct brig_err *e)
{
	return simple(s, ZFS_OP_CREATE, NULL, e);
}

static int
zfs_destroy(struct store *s, struct brig_err *e)
{
	return simple(s, ZFS_OP_DESTROY, NULL, e);
}

static int
zfs_snapshot(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	st->native = true;
	return simple(s, ZFS_OP_SNAPSHOT, snap, e);
}

static int
zfs_snap_destroy(struct store *s, const char *snap, struct brig_err *e)
{
	return simple(s, ZFS_OP_DESTROY_SNAP, snap, e);
}

static int
zfs_rollback(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e)
{
	st->native = true;
	return simple(s, ZFS_OP_ROLLBACK, snap, e);
}

static int
zfs_snap_list(struct store *s, bool sizes, struct store_snap **list,
    size_t *n, struct brig_err *e)
{
	struct zfs_req r = { 0 };
	char *out;
	int rc;

	(void)sizes;	/* zfs has them at no cost */
	if (dataset_of(s, e) == -1)
		return -1;
	r.dataset = s->dataset;
	if (zfs_do(ZFS_OP_LIST_SNAPS, &r, &out, e) == -1)
		return -1;
	rc = zfs_parse_snaps(out, s->dataset, list, n, e);
	free(out);
	return rc;
}

/* A clone needs a snapshot: of the live root, "clone-DST". */
static int
zfs_clone(struct store *src, const char *snap, struct store *dst,
    struct store_stats *st, struct brig_err *e)
{
	char made[STORE_SNAP_MAX + 1];
	struct zfs_req r = { 0 };

	if (dataset_of(src, e) == -1 || dataset_of(dst, e) == -1)
		return -1;
	if (snap == NULL) {
		snprintf(made, sizeof(made), "clone-%s", dst->name);
		if (simple(src, ZFS_OP_SNAPSHOT, made, e) == -1)
			return -1;
		snap = made;
	}
	r.dataset = src->dataset;
	r.snap = snap;
	r.target = dst->dataset;
	r.mountpoint = dst->root;
	st->native = true;
	return zfs_do(ZFS_OP_CLONE, &r, NULL, e);
}

static int
zfs_usage(struct store *s, struct store_usage *u, struct brig_err *e)
{
	struct zfs_req r = { 0 };
	char *out;
	int rc;

	if (dataset_of(s, e) == -1)
		return -1;
	r.dataset = s->dataset;
	if (zfs_do(ZFS_OP_LIST, &r, &out, e) == -1)
		return -1;
	rc = zfs_parse_usage(out, s->dataset, u, e);
	free(out);
	return rc;
}

static int
zfs_snap_dir(struct store *s, const char *snap, char *buf, size_t len,
    struct brig_err *e)
{
	if ((size_t)snprintf(buf, len, "%s/.zfs/snapshot/%s", s->root,
	    snap) >= len)
		return err_fmt(e, "%s: path too long", s->root);
	return 0;
}

const struct store_ops store_zfs_ops = {
	.name = "zfs",
	.open = zfs_open,
	.exists = zfs_exists,
	.create = zfs_create,
	.destroy = zfs_destroy,
	.snapshot = zfs_snapshot,
	.snap_destroy = zfs_snap_destroy,
	.snap_list = zfs_snap_list,
	.rollback = zfs_rollback,
	.clone = zfs_clone,
	.usage = zfs_usage,
	.snap_dir = zfs_snap_dir,
};
