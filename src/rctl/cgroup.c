/* A cgroup per jail: "brig/NAME" under the root of the cgroup2 mount
 * and of each v1 mount of a controller that v2 does not hold and the
 * jail needs (v1_wanted).  The hierarchies come from
 * /proc/self/mountinfo, never from an assumed /sys/fs/cgroup layout;
 * what differs between v1 and v2 is in cgroup1.c and cgroup2.c, the
 * memory of a jail without the memory controller in cgroup_mem.c. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_int.h"

#define CG_MAX_DEPTH	32	/* child cgroups walked below brig/NAME */
#define CG_ROUNDS	1000	/* signal passes before giving up */

struct cgroup {
	char name[NAME_MAX + 1];
	size_t n;
	struct cgroup_dir dir[1 + CG_NCTL];	/* v2 first, if mounted */
};

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

/* --- small helpers, shared with cgroup1.c and cgroup2.c -------------- */

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

static int
open_in(int dfd, const char *dpath, const char *file, int flags)
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

	if ((fd = open_in(dfd, dpath, file, O_WRONLY)) == -1)
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

	if ((fd = open_in(dfd, dpath, file, O_RDONLY)) == -1)
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

	if ((fd = open_in(dfd, dpath, file, O_RDONLY)) == -1)
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

/* The next field of [*p, end) separated by sep. */
static bool
field(const char **p, const char *end, char sep, const char **f, size_t *n)
{
	const char *s = *p;

	while (s < end && *s == sep)
		s++;
	if (s == end)
		return false;
	*f = s;
	while (s < end && *s != sep)
		s++;
	*n = (size_t)(s - *f);
	*p = s;
	return true;
}

static bool
isoct(char c)
{
	return c >= '0' && c <= '7';
}

/* Undo mountinfo's octal escapes of space, tab, newline and backslash
 * (fs/proc_namespace.c, mangle()). */
int
cgroup_mount_unescape(const char *s, size_t n, char *dst, size_t cap)
{
	size_t i, o = 0;
	char c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '\\' && i + 3 < n && isoct(s[i + 1]) &&
		    isoct(s[i + 2]) && isoct(s[i + 3])) {
			c = (char)((s[i + 1] - '0') << 6 |
			    (s[i + 2] - '0') << 3 | (s[i + 3] - '0'));
			i += 3;
		}
		if (o + 1 >= cap) {
			errno = ENAMETOOLONG;
			return -1;
		}
		dst[o++] = c;
	}
	dst[o] = '\0';
	return 0;
}

/* Record a mount point: the first one wins, unless it shows only a
 * subdirectory of the hierarchy and this one shows the root. */
static int
take(struct cgroup_layout *l, unsigned bit, char *dst, bool whole,
    const char *mp, size_t n)
{
	if (dst[0] != '\0' && !(whole && (l->sub & bit)))
		return 0;
	if (cgroup_mount_unescape(mp, n, dst, PATH_MAX) == -1)
		return -1;
	if (whole)
		l->sub &= ~bit;
	else
		l->sub |= bit;
	return 0;
}

/* "36 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:7 - cgroup
 * cgroup rw,memory": root, mount point, then after the optional fields
 * and "-", type, source and super options (proc(5)). */
static int
parse_line(const char *s, const char *end, struct cgroup_layout *l)
{
	const char *f[6], *t, *type, *opts, *o;
	size_t fn[6], tn, typen, optsn, on;
	bool whole;
	int i;

	for (i = 0; i < 6; i++)
		if (!field(&s, end, ' ', &f[i], &fn[i]))
			goto bad;
	do {
		if (!field(&s, end, ' ', &t, &tn))
			goto bad;
	} while (!eq(t, tn, "-"));
	if (!field(&s, end, ' ', &type, &typen) ||
	    !field(&s, end, ' ', &t, &tn) ||
	    !field(&s, end, ' ', &opts, &optsn))
		goto bad;
	whole = eq(f[3], fn[3], "/");
	if (eq(type, typen, "cgroup2"))
		return take(l, CG_V2_SUB, l->v2, whole, f[4], fn[4]);
	if (!eq(type, typen, "cgroup"))
		return 0;
	o = opts;
	while (field(&o, opts + optsn, ',', &t, &on))
		for (i = 0; i < CG_NCTL; i++)
			if (eq(t, on, cgroup_ctl_name(i, true)) &&
			    take(l, CG_BIT(i), l->v1[i], whole, f[4],
			    fn[4]) == -1)
				return -1;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int
cgroup_parse_mountinfo(const char *text, struct cgroup_layout *out)
{
	const char *s = text, *nl;

	memset(out, 0, sizeof(*out));
	for (; *s != '\0'; s = *nl ? nl + 1 : nl) {
		if ((nl = strchr(s, '\n')) == NULL)
			nl = s + strlen(s);
		if (nl > s && parse_line(s, nl, out) == -1)
			return -1;
	}
	return 0;
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

	if (cgroup_file_read_all(AT_FDCWD, "/proc/self", "mountinfo", &text,
	    e) == -1)
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
static int
cg_new(const char *name, unsigned need, struct cgroup **out,
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

static const struct cgroup_dir *
find_ctl(const struct cgroup *cg, enum cgroup_ctl c)
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
	const struct cgroup_dir *d = find_ctl(cg, c);

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

/* Where the processes are listed: v2, else any v1 directory present. */
static const struct cgroup_dir *
member_dir(const struct cgroup *cg)
{
	size_t i;

	for (i = 0; i < cg->n; i++)
		if (cg->dir[i].fd != -1)
			return &cg->dir[i];
	return &cg->dir[0];
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

static int
make_dir(struct cgroup_dir *d, struct brig_err *e)
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

	if (cg_new(name, need, &cg, e) == -1)
		return -1;
	for (i = 0; i < cg->n; i++)
		if (make_dir(&cg->dir[i], e) == -1) {
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

	if (cg_new(name, CGROUP_ALL, &cg, e) == -1)
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

/* --- listing and signalling processes --------------------------------- */

struct pidset {
	pid_t *v;
	size_t n, cap;
};

static int
ps_add(struct pidset *s, pid_t pid, struct brig_err *e)
{
	pid_t *nv;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		if ((nv = reallocarray(s->v, s->cap, sizeof(*nv))) == NULL)
			return err_sys(e, "list processes");
		s->v = nv;
	}
	s->v[s->n++] = pid;
	return 0;
}

static int
cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Sort and drop duplicates (v1 cgroup.procs may repeat a pid). */
static void
ps_sort(struct pidset *s)
{
	size_t i, o = 0;

	if (s->n == 0)
		return;		/* s->v may be NULL: no qsort(NULL, 0) */
	qsort(s->v, s->n, sizeof(*s->v), cmp_pid);
	for (i = 0; i < s->n; i++)
		if (o == 0 || s->v[o - 1] != s->v[i])
			s->v[o++] = s->v[i];
	s->n = o;
}

static bool
ps_has(const struct pidset *s, size_t n, pid_t pid)
{
	return n > 0 && bsearch(&pid, s->v, n, sizeof(*s->v), cmp_pid);
}

static int collect(int dfd, const char *dpath, int depth, struct pidset *s,
    struct brig_err *e);

/* The child cgroups a jail made (a delegated subtree) hold its
 * processes too. */
static int
collect_children(int dfd, const char *dpath, int depth, struct pidset *s,
    struct brig_err *e)
{
	struct dirent *de;
	char *cpath;
	int fd, cfd, r = 0;
	DIR *dir;

	if ((fd = open_in(dfd, dpath, ".", O_RDONLY | O_DIRECTORY)) == -1 ||
	    (dir = fdopendir(fd)) == NULL) {
		err_sys(e, "open %s", dpath);
		if (fd != -1)
			close(fd);
		return -1;
	}
	while (r == 0 && (de = readdir(dir)) != NULL) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (asprintf(&cpath, "%s/%s", dpath, de->d_name) == -1) {
			r = err_sys(e, "list processes of %s", dpath);
			break;
		}
		cfd = openat(dirfd(dir), de->d_name,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd != -1) {
			r = collect(cfd, cpath, depth + 1, s, e);
			close(cfd);
		} else if (errno != ENOENT)
			r = err_sys(e, "open %s", cpath);
		free(cpath);
	}
	closedir(dir);
	return r;
}

static int
collect(int dfd, const char *dpath, int depth, struct pidset *s,
    struct brig_err *e)
{
	char *text = NULL, *p, *end;
	long v;

	if (cgroup_file_read_all(dfd, dpath, "cgroup.procs", &text, e) == -1)
		return -1;
	for (p = text; *(p += strspn(p, "\n")) != '\0'; p = end) {
		v = strtol(p, &end, 10);
		if (end == p || v <= 0 || (*end != '\n' && *end != '\0')) {
			err_fmt(e, "read %s/cgroup.procs: unexpected \"%.16s\"",
			    dpath, p);
			free(text);
			return -1;
		}
		if (ps_add(s, (pid_t)v, e) == -1) {
			free(text);
			return -1;
		}
	}
	free(text);
	if (depth >= CG_MAX_DEPTH)
		return 0;
	return collect_children(dfd, dpath, depth, s, e);
}

int
cgroup_pids(const struct cgroup *cg, pid_t **pids, size_t *n,
    struct brig_err *e)
{
	const struct cgroup_dir *d = member_dir(cg);
	struct pidset s = { NULL, 0, 0 };

	if (collect(d->fd, d->path, 0, &s, e) == -1) {
		free(s.v);
		return -1;
	}
	ps_sort(&s);
	*pids = s.v;
	*n = s.n;
	return 0;
}

/* --- joining more hierarchies while the jail runs --------------------- */

/* Move every process listed in src into d; again while a pass finds one
 * not moved before: a process that forked after it was listed left its
 * child in the hierarchy's root cgroup. */
static int
migrate(const struct cgroup_dir *src, const struct cgroup_dir *d,
    struct brig_err *e)
{
	struct pidset seen = { NULL, 0, 0 }, now = { NULL, 0, 0 };
	size_t old, i;
	int round, fresh = 1, r = 0;
	char buf[24];

	for (round = 0; fresh && r == 0 && round < CG_ROUNDS; round++) {
		now.n = 0;
		if (collect(src->fd, src->path, 0, &now, e) == -1) {
			r = -1;
			break;
		}
		ps_sort(&now);
		old = seen.n;
		fresh = 0;
		for (i = 0; r == 0 && i < now.n; i++) {
			if (ps_has(&seen, old, now.v[i]))
				continue;
			snprintf(buf, sizeof(buf), "%d", (int)now.v[i]);
			if (cgroup_file_write(d->fd, d->path, "cgroup.procs",
			    buf, e) == -1 && e->errnum != ESRCH)
				r = -1;
			else if (ps_add(&seen, now.v[i], e) == -1)
				r = -1;
			fresh++;
		}
		ps_sort(&seen);
	}
	if (r == 0 && fresh) {
		errno = EAGAIN;
		r = err_sys(e, "move the processes of %s into %s: new ones "
		    "keep appearing", src->path, d->path);
	}
	free(seen.v);
	free(now.v);
	return r;
}

static bool
has_root(const struct cgroup *cg, const struct cgroup_dir *d)
{
	size_t i;

	for (i = 0; i < cg->n; i++)
		if (cg->dir[i].ops == d->ops &&
		    strcmp(cg->dir[i].root, d->root) == 0)
			return true;
	return false;
}

int
cgroup_extend(struct cgroup *cg, unsigned need, struct brig_err *e)
{
	const struct cgroup_dir *src = member_dir(cg);
	struct cgroup *want;
	struct cgroup_dir *d;
	size_t i;
	int r = 0;

	if (cg_new(cg->name, need, &want, e) == -1)
		return -1;
	for (i = 0; i < want->n && r == 0; i++) {
		d = &want->dir[i];
		if (d->ops != &cgroup_v1_ops || !(d->ctl & need) ||
		    has_root(cg, d))
			continue;
		if (cg->n == sizeof(cg->dir) / sizeof(cg->dir[0]) ||
		    make_dir(d, e) == -1) {
			if (d->created)
				(void)rmdir(d->path);
			r = -1;
			break;
		}
		/* The directory is cg's from now on. */
		cg->dir[cg->n++] = *d;
		*d = (struct cgroup_dir){ .fd = -1 };
		r = migrate(src, &cg->dir[cg->n - 1], e);
	}
	cgroup_free(want);
	return r;
}

/* One pass: list, then signal each pid not signalled before (SIGKILL:
 * every pid listed, which also covers a pid reused by a new process).
 * Returns how many were new. */
static int
pass(const struct cgroup_dir *src, int sig, struct pidset *seen,
    struct pidset *now, struct brig_err *e)
{
	size_t old = seen->n, i;
	int fresh = 0;
	bool new;

	now->n = 0;
	if (collect(src->fd, src->path, 0, now, e) == -1)
		return -1;
	ps_sort(now);
	for (i = 0; i < now->n; i++) {
		new = !ps_has(seen, old, now->v[i]);
		if ((new || sig == SIGKILL) && kill(now->v[i], sig) == -1 &&
		    errno != ESRCH)
			return err_sys(e, "signal %d to pid %d of %s", sig,
			    (int)now->v[i], src->path);
		if (new && (fresh++, ps_add(seen, now->v[i], e) == -1))
			return -1;
	}
	ps_sort(seen);
	return fresh;
}

/* Thaw after a pass; a thaw failure is reported unless the pass failed
 * first (its error is the cause). */
static int
thaw(const struct cgroup_dir *fz, int r, struct brig_err *e)
{
	struct brig_err te;

	if (fz->ops->freeze(fz, false, &te) == -1 && r != -1) {
		*e = te;
		return -1;
	}
	return r;
}

/* Frozen, the listed pids can neither fork nor exit (so none is reused
 * under us); unfrozen, a pass still ends the game for SIGKILL: a
 * process with a fatal signal pending cannot complete a fork (kernel
 * copy_process()), so a pass that finds nobody new found everybody. */
static int
signal_rounds(const struct cgroup *cg, const struct cgroup_dir *fz, int sig,
    struct brig_err *e)
{
	const struct cgroup_dir *src = fz ? fz : member_dir(cg);
	struct pidset seen = { NULL, 0, 0 }, now = { NULL, 0, 0 };
	int round, r = -1, f;

	for (round = 0; round < CG_ROUNDS; round++) {
		if (fz != NULL && (f = fz->ops->freeze(fz, true, e)) != 0) {
			if (f == -1) {
				r = thaw(fz, -1, e);
				goto out;
			}
			fz = NULL;	/* no cgroup.freeze (Linux < 5.2) */
		}
		r = pass(src, sig, &seen, &now, e);
		if (fz != NULL)
			r = thaw(fz, r, e);
		if (r <= 0)
			goto out;
	}
	errno = EAGAIN;
	r = err_sys(e, "signal %s: new processes keep appearing", src->path);
out:
	free(seen.v);
	free(now.v);
	return r == -1 ? -1 : 0;
}

int
cgroup_signal_with(const struct cgroup *cg, int sig, unsigned use,
    struct brig_err *e)
{
	const struct cgroup_dir *v2 = cgroup_v2_dir(cg), *fz = NULL;
	int r;

	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return err_sys(e, "signal %d to brig/%s", sig, cg->name);
	}
	if (sig == SIGKILL && (use & CG_USE_KILL) && v2 != NULL &&
	    (r = v2->ops->kill(v2, e)) != 1) {
		/* A task frozen by the v1 freezer dies only once thawed
		 * (it sleeps in D state with SIGKILL pending), and nothing
		 * of brig leaves a freezer frozen on purpose. */
		fz = find_ctl(cg, CG_FREEZER);
		if (r == 0 && fz != NULL && fz->fd != -1)
			r = fz->ops->freeze(fz, false, e);
		return r == -1 ? -1 : 0;
	}
	if (use & CG_USE_FREEZER1)
		fz = find_ctl(cg, CG_FREEZER);
	if (fz == NULL && (use & CG_USE_FREEZER2))
		fz = v2;
	return signal_rounds(cg, fz, sig, e);
}

int
cgroup_signal(const struct cgroup *cg, int sig, struct brig_err *e)
{
	return cgroup_signal_with(cg, sig, CG_USE_ALL, e);
}

/* Without a memory controller, the processes' Pss (cgroup_mem.c). */
static int64_t
memory_pss(const struct cgroup *cg, struct brig_err *e)
{
	pid_t *pids;
	size_t n;
	int64_t v;

	if (cgroup_pids(cg, &pids, &n, e) == -1)
		return -1;
	v = cgroup_pss_sum(pids, n, e);
	free(pids);
	return v == -1 ? err_ctx(e, "memory of brig/%s", cg->name) : v;
}

int64_t
cgroup_memory(const struct cgroup *cg, enum cgroup_mem_src *src,
    struct brig_err *e)
{
	const struct cgroup_dir *d = find_ctl(cg, CG_MEMORY);
	char buf[64], *end;
	long long v;

	if (d == NULL) {
		if ((v = memory_pss(cg, e)) != -1 && src)
			*src = CGROUP_MEM_PSS;
		return v;
	}
	if (cgroup_file_read(d->fd, d->path, d->ops->memory_file, buf,
	    sizeof(buf), e) == -1)
		return -1;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (end == buf || errno || v < 0 || (*end != '\n' && *end != '\0'))
		return err_fmt(e, "read %s/%s: unexpected \"%.20s\"", d->path,
		    d->ops->memory_file, buf);
	if (src)
		*src = CGROUP_MEM_CHARGED;
	return v;
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
