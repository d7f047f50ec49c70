/* The processes of a jail's cgroup: listing them (a delegated subtree
 * included), moving them into a hierarchy joined while the jail runs,
 * signalling every one of them, and their memory.  The cgroup itself
 * (finding the hierarchies, create, destroy) is cgroup.c's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_int.h"

#define CG_ROUNDS	1000	/* signal passes before giving up */

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

/* --- listing processes ------------------------------------------------ */

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

	fd = cgroup_open_in(dfd, dpath, ".", O_RDONLY | O_DIRECTORY);
	if (fd == -1 || (dir = fdopendir(fd)) == NULL) {
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

	if (cgroup_dirs_new(cg->name, need, &want, e) == -1)
		return -1;
	for (i = 0; i < want->n && r == 0; i++) {
		d = &want->dir[i];
		if (d->ops != &cgroup_v1_ops || !(d->ctl & need) ||
		    has_root(cg, d))
			continue;
		if (cg->n == sizeof(cg->dir) / sizeof(cg->dir[0]) ||
		    cgroup_dir_make(d, e) == -1) {
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

/* --- signalling processes --------------------------------------------- */

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
		fz = cgroup_find_ctl(cg, CG_FREEZER);
		if (r == 0 && fz != NULL && fz->fd != -1)
			r = fz->ops->freeze(fz, false, e);
		return r == -1 ? -1 : 0;
	}
	if (use & CG_USE_FREEZER1)
		fz = cgroup_find_ctl(cg, CG_FREEZER);
	if (fz == NULL && (use & CG_USE_FREEZER2))
		fz = v2;
	return signal_rounds(cg, fz, sig, e);
}

int
cgroup_signal(const struct cgroup *cg, int sig, struct brig_err *e)
{
	return cgroup_signal_with(cg, sig, CG_USE_ALL, e);
}

/* --- memory ----------------------------------------------------------- */

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
	const struct cgroup_dir *d = cgroup_find_ctl(cg, CG_MEMORY);
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
