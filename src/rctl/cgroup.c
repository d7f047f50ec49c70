/* A cgroup per jail: "brig/NAME" under the root of the cgroup2 mount
 * and of each v1 mount of a controller that v2 does not hold and the
 * jail needs (v1_wanted).  The hierarchies come from
 * /proc/self/mountinfo, never from an assumed /sys/fs/cgroup layout;
 * what differs between v1 and v2 is in cgroup1.c and cgroup2.c, what is
 * done to the processes in cgroup_procs.c, the memory of a jail without
 * the memory controller in cgroup_mem.c. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util/mountinfo.h"
#include "cgroup.h"
#include "cgroup_int.h"

/* As in v2's cgroup.controllers; v1 mount options call io "blkio". */
static const char *const ctl_names[CG_NCTL] = {
	[CG_MEMORY] = "memory",
	[CG_PIDS] = "pids",
	[CG_CPU] = "cpu",
	[CG_FREEZER] = "freezer",
	[CG_IO] = "io",
};

const char *
cgroup_ctl_name(enum cgroup_ctl c, bool v1)
{
	if ((unsigned)c >= CG_NCTL)
		return "?";
	return v1 && c == CG_IO ? "blkio" : ctl_names[c];
}

/* --- small helpers, shared with the other cgroup*.c ------------------- */

long long
cgroup_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
cgroup_sleep_us(long us)
{
	struct timespec ts = { us / 1000000, us % 1000000 * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int
cgroup_open_in(int dfd, const char *dpath, const char *file, int flags)
{
	char p[PATH_MAX];

	if (dfd >= 0)
		return openat(dfd, file, flags | O_CLOEXEC);
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dpath, file) >=
	    sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(p, flags | O_CLOEXEC);
}

int
cgroup_file_write(int dfd, const char *dpath, const char *file,
    const char *val, struct brig_err *e)
{
	size_t n = strlen(val);
	ssize_t w;
	int fd;

	if ((fd = cgroup_open_in(dfd, dpath, file, O_WRONLY)) == -1)
		return err_sys(e, "open %s/%s", dpath, file);
	while ((w = write(fd, val, n)) == -1 && errno == EINTR)
		;
	if (w == -1 || (size_t)w != n) {
		if (w != -1)
			errno = EIO;
		err_sys(e, "write %s/%s", dpath, file);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

ssize_t
cgroup_file_read(int dfd, const char *dpath, const char *file, char *buf,
    size_t len, struct brig_err *e)
{
	size_t o = 0;
	ssize_t r;
	int fd;

	if ((fd = cgroup_open_in(dfd, dpath, file, O_RDONLY)) == -1)
		return err_sys(e, "open %s/%s", dpath, file);
	while (o + 1 < len) {
		r = read(fd, buf + o, len - 1 - o);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			err_sys(e, "read %s/%s", dpath, file);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		o += (size_t)r;
	}
	buf[o] = '\0';
	close(fd);
	return (ssize_t)o;
}

int
cgroup_file_read_all(int dfd, const char *dpath, const char *file,
    char **out, struct brig_err *e)
{
	size_t cap = 0, o = 0;
	char *buf = NULL, *nb;
	ssize_t r;
	int fd;

	if ((fd = cgroup_open_in(dfd, dpath, file, O_RDONLY)) == -1)
		return err_sys(e, "open %s/%s", dpath, file);
	for (;;) {
		if (o + 1 >= cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap)) == NULL)
				goto fail;
			buf = nb;
		}
		r = read(fd, buf + o, cap - 1 - o);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto fail;
		if (r == 0)
			break;
		o += (size_t)r;
	}
	buf[o] = '\0';
	close(fd);
	*out = buf;
	return 0;
fail:
	err_sys(e, "read %s/%s", dpath, file);
	close(fd);
	free(buf);
	return -1;
}

/* --- the pure parts --------------------------------------------------- */

static bool
eq(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* Record a mount point: the first one wins, unless it shows only a
 * subdirectory of the hierarchy and this one shows the root. */
static int
take(struct cgroup_layout *l, unsigned bit, char *dst, bool whole,
    const char *mp)
{
	size_t n = strlen(mp);

	if (dst[0] != '\0' && !(whole && (l->sub & bit)))
		return 0;
	if (n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(dst, mp, n + 1);
	if (whole)
		l->sub &= ~bit;
	else
		l->sub |= bit;
	return 0;
}

/* A cgroup2 mount, or a v1 one whose super options name the
 * controllers it holds: "36 31 0:32 / /sys/fs/cgroup/memory rw - cgroup
 * cgroup rw,memory". */
static int
layout_add(struct cgroup_layout *l, const struct mountinfo *m)
{
	bool whole = strcmp(m->root, "/") == 0;
	int c;

	if (strcmp(m->type, "cgroup2") == 0)
		return take(l, CG_V2_SUB, l->v2, whole, m->point);
	if (strcmp(m->type, "cgroup") != 0)
		return 0;
	for (c = 0; c < CG_NCTL; c++)
		if (mountinfo_opt(m->super, cgroup_ctl_name(c, true), NULL,
		    0) == 1 && take(l, CG_BIT(c), l->v1[c], whole,
		    m->point) == -1)
			return -1;
	return 0;
}

int
cgroup_parse_mountinfo(const char *text, struct cgroup_layout *out)
{
	struct mountinfo_iter it;
	struct mountinfo m;
	int r;

	memset(out, 0, sizeof(*out));
	mountinfo_begin(&it, text, strlen(text));
	while ((r = mountinfo_next(&it, &m)) == 1)
		if (layout_add(out, &m) == -1) {
			r = -1;
			break;
		}
	mountinfo_end(&it);
	return r;
}

unsigned
cgroup_parse_controllers(const char *text)
{
	const char *s = text;
	unsigned bits = 0;
	size_t n;
	int i;

	for (;;) {
		s += strspn(s, " \t\n");
		if (*s == '\0')
			return bits;
		n = strcspn(s, " \t\n");
		for (i = 0; i < CG_NCTL; i++)
			if (eq(s, n, ctl_names[i]))
				bits |= CG_BIT(i);
		s += n;
	}
}

int
cgroup_name_check(const char *name, struct brig_err *e)
{
	const char *s;

	if (name == NULL || name[0] == '\0')
		return err_fmt(e, "a cgroup name cannot be empty");
	for (s = name; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return err_fmt(e, "a cgroup name cannot contain a "
			    "control character");
	if (strlen(name) > NAME_MAX)
		return err_fmt(e, "cgroup name \"%.20s...\" is longer than %d "
		    "bytes", name, NAME_MAX);
	if (strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return err_fmt(e, "invalid cgroup name \"%s\": not one path "
		    "component", name);
	return 0;
}

unsigned
cgroup_controller_of(const char *file)
{
	const char *dot = file ? strchr(file, '.') : NULL;
	int c;

	for (c = 0; dot && c < CG_NCTL; c++)
		if (eq(file, (size_t)(dot - file), ctl_names[c]) ||
		    eq(file, (size_t)(dot - file), cgroup_ctl_name(c, true)))
			return CG_BIT(c);
	return 0;
}

/* --- finding the hierarchies ------------------------------------------ */

/* The mounts, and which controllers the v2 hierarchy holds (on a
 * hybrid host none, or few: a controller is in one hierarchy only). */
static int
load_layout(struct cgroup_layout *l, unsigned *v2ctl, struct brig_err *e)
{
	char *text, buf[512];

	if (mountinfo_read(&text, NULL, e) == -1)
		return -1;
	if (cgroup_parse_mountinfo(text, l) == -1) {
		err_sys(e, "parse /proc/self/mountinfo");
		free(text);
		return -1;
	}
	free(text);
	*v2ctl = 0;
	if (l->v2[0] == '\0')
		return 0;
	if (cgroup_file_read(AT_FDCWD, l->v2, "cgroup.controllers", buf,
	    sizeof(buf), e) == -1)
		return -1;
	*v2ctl = cgroup_parse_controllers(buf);
	return 0;
}

static int
add_dir(struct cgroup *cg, const struct cgroup_ops *ops, const char *root,
    unsigned ctl, struct brig_err *e)
{
	struct cgroup_dir *d;
	size_t i;

	for (i = 0; i < cg->n; i++)
		if (cg->dir[i].ops == ops &&
		    strcmp(cg->dir[i].root, root) == 0) {
			cg->dir[i].ctl |= ctl;	/* a comount: cpu,cpuacct */
			return 0;
		}
	d = &cg->dir[cg->n];
	*d = (struct cgroup_dir){ .ops = ops, .ctl = ctl, .fd = -1 };
	if ((d->root = strdup(root)) == NULL ||
	    asprintf(&d->path, "%s/brig/%s", root, cg->name) == -1) {
		free(d->root);
		return err_sys(e, "cgroup %s", cg->name);
	}
	cg->n++;
	return 0;
}

/* Each v1 hierarchy a jail joins costs a migration at every start and
 * every exec (a write to cgroup.procs under the kernel's threadgroup
 * lock, half a millisecond here), so a jail joins only those it needs:
 * the controllers rctl limits (need); pids and the freezer also when
 * there is no v2 hierarchy to list its processes and to freeze them
 * (cgroup.freeze).  Memory is then counted without the controller
 * (cgroup_mem.c). */
static bool
v1_wanted(const struct cgroup_layout *l, int c, unsigned need)
{
	if (need & CG_BIT(c))
		return true;
	return (c == CG_PIDS || c == CG_FREEZER) && l->v2[0] == '\0';
}

/* The directories of brig/NAME, not touched yet: v2 always (membership,
 * cgroup.kill, cgroup.events), then each v1 mount of a controller that
 * v2 does not hold and the jail needs (v1_wanted). */
int
cgroup_dirs_new(const char *name, unsigned need, struct cgroup **out,
    struct brig_err *e)
{
	unsigned v2ctl;
	struct cgroup_layout *l;
	struct cgroup *cg;
	int c, r = -1;

	if (cgroup_name_check(name, e) == -1)
		return -1;
	l = malloc(sizeof(*l));
	cg = calloc(1, sizeof(*cg));
	if (l == NULL || cg == NULL) {
		err_sys(e, "cgroup %s", name);
		goto out;
	}
	snprintf(cg->name, sizeof(cg->name), "%s", name);
	if (load_layout(l, &v2ctl, e) == -1)
		goto out;
	if (l->v2[0] && add_dir(cg, &cgroup_v2_ops, l->v2,
	    v2ctl & ~CG_BIT(CG_FREEZER), e) == -1)
		goto out;
	for (c = 0; c < CG_NCTL; c++)
		if (!(v2ctl & CG_BIT(c)) && l->v1[c][0] && v1_wanted(l, c, need) &&
		    add_dir(cg, &cgroup_v1_ops, l->v1[c], CG_BIT(c), e) == -1)
			goto out;
	if (cg->n == 0) {
		err_fmt(e, "cgroup %s: no cgroup hierarchy is mounted", name);
		goto out;
	}
	*out = cg;
	cg = NULL;
	r = 0;
out:
	cgroup_free(cg);
	free(l);
	return r;
}

const struct cgroup_dir *
cgroup_find_ctl(const struct cgroup *cg, enum cgroup_ctl c)
{
	size_t i;

	for (i = 0; i < cg->n; i++)
		if (cg->dir[i].ctl & CG_BIT(c))
			return &cg->dir[i];
	return NULL;
}

const struct cgroup_dir *
cgroup_dir_of(const struct cgroup *cg, enum cgroup_ctl c)
{
	const struct cgroup_dir *d = cgroup_find_ctl(cg, c);

	return d != NULL && d->fd != -1 ? d : NULL;
}

const char *
cgroup_name(const struct cgroup *cg)
{
	return cg->name;
}

const struct cgroup_dir *
cgroup_v2_dir(const struct cgroup *cg)
{
	const struct cgroup_dir *d = &cg->dir[0];

	return d->ops == &cgroup_v2_ops && d->fd != -1 ? d : NULL;
}

/* --- create, open, attach --------------------------------------------- */

/* An existing brig/NAME is reused only when empty; a freezer left
 * frozen (a signal interrupted half-way) is thawed. */
static int
reuse(const struct cgroup_dir *d, struct brig_err *e)
{
	char buf[32];

	if (cgroup_file_read(d->fd, d->path, "cgroup.procs", buf, sizeof(buf),
	    e) == -1)
		return -1;
	if (buf[0] != '\0') {
		errno = EBUSY;
		return err_sys(e, "reuse %s", d->path);
	}
	return d->ops->freeze(d, false, e) == -1 ? -1 : 0;
}

int
cgroup_dir_make(struct cgroup_dir *d, struct brig_err *e)
{
	char parent[PATH_MAX];

	if ((size_t)snprintf(parent, sizeof(parent), "%s/brig", d->root) >=
	    sizeof(parent)) {
		errno = ENAMETOOLONG;
		return err_sys(e, "create %s/brig", d->root);
	}
	if (mkdir(parent, 0755) == -1 && errno != EEXIST)
		return err_sys(e, "create %s", parent);
	if (d->ops->prepare && d->ops->prepare(d, e) == -1)
		return -1;
	if (mkdir(d->path, 0755) == 0)
		d->created = true;
	else if (errno != EEXIST)
		return err_sys(e, "create %s", d->path);
	d->fd = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->fd == -1)
		return err_sys(e, "open %s", d->path);
	return d->created ? 0 : reuse(d, e);
}

int
cgroup_create(const char *name, unsigned need, struct cgroup **out,
    struct brig_err *e)
{
	struct cgroup *cg;
	size_t i, j;

	if (cgroup_dirs_new(name, need, &cg, e) == -1)
		return -1;
	for (i = 0; i < cg->n; i++)
		if (cgroup_dir_make(&cg->dir[i], e) == -1) {
			for (j = 0; j <= i; j++)
				if (cg->dir[j].created)
					(void)rmdir(cg->dir[j].path);
			cgroup_free(cg);
			return -1;
		}
	*out = cg;
	return 0;
}

/* Forget the hierarchies where brig/NAME is missing. */
static void
drop_missing(struct cgroup *cg)
{
	size_t i, o = 0;

	for (i = 0; i < cg->n; i++) {
		if (cg->dir[i].fd != -1) {
			cg->dir[o++] = cg->dir[i];
			continue;
		}
		free(cg->dir[i].root);
		free(cg->dir[i].path);
	}
	cg->n = o;
}

/* Every hierarchy where brig/NAME may be, then those where it is: what
 * the jail joined (which depended on its rctl rules when it started),
 * or what a half-done create left for an undo to remove; missing
 * everywhere is ENOENT.  A few failed lookups cost microseconds, a
 * migration into a hierarchy the jail is not in half a millisecond. */
int
cgroup_open(const char *name, struct cgroup **out, struct brig_err *e)
{
	struct cgroup *cg;
	size_t i, found = 0;

	if (cgroup_dirs_new(name, CGROUP_ALL, &cg, e) == -1)
		return -1;
	for (i = 0; i < cg->n; i++) {
		cg->dir[i].fd = open(cg->dir[i].path,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->dir[i].fd != -1)
			found++;
		else if (errno != ENOENT)
			break;
	}
	if (i < cg->n || found == 0) {
		err_sys(e, "open %s", cg->dir[i < cg->n ? i : 0].path);
		cgroup_free(cg);
		return -1;
	}
	drop_missing(cg);
	*out = cg;
	return 0;
}

int
cgroup_v2_fd(const struct cgroup *cg)
{
	const struct cgroup_dir *d = cgroup_v2_dir(cg);

	return d ? d->fd : -1;
}

int
cgroup_attach(const struct cgroup *cg, pid_t pid, struct brig_err *e)
{
	return cgroup_attach_from(cg, pid, false, e);
}

/* Every write to cgroup.procs is a migration under the kernel's
 * threadgroup lock (an RCU grace period or more): a process placed in v2
 * by clone3(CLONE_INTO_CGROUP) is not moved there again. */
int
cgroup_attach_from(const struct cgroup *cg, pid_t pid, bool in_v2,
    struct brig_err *e)
{
	char buf[24];
	size_t i;

	if (pid <= 0) {		/* "0" would move the writer itself */
		errno = EINVAL;
		return err_sys(e, "attach pid %d to brig/%s", (int)pid,
		    cg->name);
	}
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (i = 0; i < cg->n; i++) {
		if (in_v2 && strcmp(cg->dir[i].ops->name, "v2") == 0)
			continue;
		if (cgroup_file_write(cg->dir[i].fd, cg->dir[i].path,
		    "cgroup.procs", buf, e) == -1)
			return -1;
	}
	return 0;
}

/* --- destroy ---------------------------------------------------------- */

/* Remove the child cgroups below path, deepest first: rmdir of a cgroup
 * with children fails with EBUSY.  Busy children stay for the next
 * try. */
static int
prune(const char *path, int depth, struct brig_err *e)
{
	struct dirent *de;
	char *cpath;
	int r = 0;
	DIR *dir;

	if ((dir = opendir(path)) == NULL)
		return errno == ENOENT ? 0 : err_sys(e, "open %s", path);
	while (r == 0 && (de = readdir(dir)) != NULL) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (asprintf(&cpath, "%s/%s", path, de->d_name) == -1) {
			r = err_sys(e, "remove %s", path);
			break;
		}
		if (depth < CG_MAX_DEPTH)
			r = prune(cpath, depth + 1, e);
		if (r == 0 && rmdir(cpath) == -1 && errno != ENOENT &&
		    errno != EBUSY)
			r = err_sys(e, "remove %s", cpath);
		free(cpath);
	}
	closedir(dir);
	return r;
}

/* 0 gone, 1 busy (processes still in it), -1 error. */
static int
remove_dir(const char *path, struct brig_err *e)
{
	if (rmdir(path) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY)
		return err_sys(e, "remove %s", path);
	if (prune(path, 0, e) == -1)
		return -1;
	if (rmdir(path) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY)
		return err_sys(e, "remove %s", path);
	return 1;
}

/* The kernel takes a moment to let a killed process go (exit, then the
 * parent's reap): retry from 100 us, doubling up to 10 ms. */
int
cgroup_destroy(struct cgroup *cg, int timeout_ms, struct brig_err *e)
{
	long long deadline, left;
	bool gone[1 + CG_NCTL] = { false };
	const char *busy;
	long delay = 100;
	size_t i;
	int r;

	deadline = cgroup_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		busy = NULL;
		for (i = 0; i < cg->n; i++) {
			if (gone[i])
				continue;
			if ((r = remove_dir(cg->dir[i].path, e)) == -1)
				return -1;
			if (r == 1 && busy == NULL)
				busy = cg->dir[i].path;
			gone[i] = r == 0;
		}
		if (busy == NULL)
			break;
		if ((left = deadline - cgroup_now_ms()) <= 0) {
			errno = EBUSY;
			return err_sys(e, "remove %s (waited %d ms)", busy,
			    timeout_ms);
		}
		cgroup_sleep_us(delay < left * 1000 ? delay :
		    (long)left * 1000);
		if (delay < 10000)
			delay *= 2;
	}
	for (i = 0; i < cg->n; i++)
		if (cg->dir[i].fd != -1) {
			close(cg->dir[i].fd);
			cg->dir[i].fd = -1;
		}
	return 0;
}

void
cgroup_free(struct cgroup *cg)
{
	size_t i;

	if (cg == NULL)
		return;
	for (i = 0; i < cg->n; i++) {
		if (cg->dir[i].fd != -1)
			close(cg->dir[i].fd);
		free(cg->dir[i].root);
		free(cg->dir[i].path);
	}
	free(cg);
}

/* "v2:/sys/fs/cgroup/unified/brig/dns memory:/sys/fs/cgroup/memory/
 * brig/dns ...": one word per hierarchy, its controllers (v1) or "v2",
 * then the path. */
const char *
cgroup_describe(const struct cgroup *cg, char *buf, size_t len)
{
	const struct cgroup_dir *d;
	size_t i, o = 0;
	int c, k;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < cg->n && o < len; i++) {
		d = &cg->dir[i];
		o += (size_t)snprintf(buf + o, len - o, "%s", o ? " " : "");
		if (d->ops == &cgroup_v2_ops && o < len)
			o += (size_t)snprintf(buf + o, len - o, "v2");
		for (c = 0, k = 0; c < CG_NCTL && d->ops != &cgroup_v2_ops &&
		    o < len; c++)
			if (d->ctl & CG_BIT(c))
				o += (size_t)snprintf(buf + o, len - o, "%s%s",
				    k++ ? "," : "", cgroup_ctl_name(c, true));
		if (o < len)
			o += (size_t)snprintf(buf + o, len - o, ":%s", d->path);
	}
	return buf;
}
