/* Start and stop, as FreeBSD's jail.c startcommands[]/stopcommands[]:
 * a table of steps walked forward, and backward to undo on failure.
 *
 * Linux differences, documented in brig(8): the mounts happen inside the
 * jail's own mount namespace when it is created (after exec.prestart
 * rather than before it), so they vanish with the jail and can never be
 * left on the host; the jail's cgroup is made before exec.prestart. */
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "jail.h"
#include "rc.h"
#include "spawn.h"
#include "vnet.h"
#include "../conf/conf.h"
#include "../conf/rctl_conf.h"
#include "../ns/devfs.h"
#include "../rctl/cgroup.h"
#include "../rctl/limit.h"
#include "../rctl/rules.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/run.h"

extern char **environ;

#define DEFAULT_STOP_TIMEOUT	10	/* jail(8) */
#define SETUP_TIMEOUT_MS	30000
#define MAX_MOUNTS		64
#define INIT_ARGS		(2 * 2 * 64 + 16)	/* -S/-C pairs */

struct start {
	const struct jail_ctx *x;
	const struct conf_jail *j;
	struct journal jr;
	struct cgroup *cg;
	struct spawned sp;
	struct run_opts ro;
	struct jail_net net;
	struct rc_jail *rc;	/* the jail's rc.conf, and brig's rc */
	struct conf *rctl_c;	/* the arena of rules */
	struct rctl_set rules;	/* rctl.conf's and brig.rctl's */
	struct rctl_plan plan;	/* what they make of the kernel's limits */
	int jid;
	bool ended;		/* no persist, and nothing stayed running */
};

static void
note(const struct jail_ctx *x, const char *name, const char *step,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
note(const struct jail_ctx *x, const char *name, const char *step,
    const char *fmt, ...)
{
	va_list ap;

	if (!x->verbose && !x->dry_run)
		return;
	fprintf(x->out, "jail %s: %-15s ", name, step);
	va_start(ap, fmt);
	vfprintf(x->out, fmt, ap);
	va_end(ap);
	fputc('\n', x->out);
	fflush(x->out);
}

static int
int_param(const struct conf_jail *j, const char *name, int def)
{
	const char *v = j ? conf_param_str(conf_param_find(j, name)) : NULL;

	return v ? atoi(v) : def;
}

static bool
bool_param(const struct conf_jail *j, const char *name)
{
	return j && conf_param_bool(conf_param_find(j, name));
}

static void
host_opts(const struct conf_jail *j, const char *what, int logfd,
    struct run_opts *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->what = what;
	ro->clean = bool_param(j, "exec.clean");
	ro->user = conf_param_str(conf_param_find(j, "exec.system_user"));
	ro->timeout = int_param(j, "exec.timeout", 0);
	ro->logfd = logfd;
	ro->pass_fd = -1;
}

/* RUNDIR/bin: brig as ifconfig, first in the hooks' PATH so that
 * FreeBSD hooks ("ifconfig epair0 create up") run as written. */
static const char *
hook_bindir(const struct jail_ctx *x, char *dir, size_t len)
{
	char self[1024], link[1100], tmp[1100], cur[1024];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	snprintf(dir, len, "%s/bin", x->rundir);
	snprintf(link, sizeof(link), "%s/ifconfig", dir);
	n = readlink(link, cur, sizeof(cur) - 1);
	if (n > 0 && (size_t)n == strlen(self) && memcmp(cur, self,
	    (size_t)n) == 0)
		return dir;
	snprintf(tmp, sizeof(tmp), "%s/.ifconfig.%d", dir, (int)getpid());
	if ((mkdir(dir, 0755) == -1 && errno != EEXIST) ||
	    symlink(self, tmp) == -1)
		return NULL;
	if (rename(tmp, link) == -1) {
		unlink(tmp);
		return NULL;
	}
	return dir;
}

/* Run every command of a host-side exec.* parameter, in order, with
 * brig's ifconfig first in PATH and, while a vnet jail starts, its
 * network namespace at hand (vnet.h). */
static int
run_hook(const struct jail_ctx *x, const struct conf_jail *j,
    const char *param, int logfd, const struct jail_net *jn, int jid,
    struct brig_err *e)
{
	const struct conf_param *p = j ? conf_param_find(j, param) : NULL;
	const struct conf_str *s;
	struct run_opts ro;
	struct jail_net none;
	char envbuf[4][128], *env[5], bindir[1100];

	if (p == NULL || p->val == NULL)
		return 0;
	host_opts(j, param, logfd, &ro);
	if (jn == NULL) {
		jnet_init(&none);
		jn = &none;
	}
	ro.env = jnet_hook_env(jn, x->rundir, j->name, jid, envbuf, env);
	ro.pass_fd = jn->ns;
	if (!x->dry_run)
		ro.path_first = hook_bindir(x, bindir, sizeof(bindir));
	for (s = p->val; s; s = s->next) {
		note(x, j->name, param, "%s", s->s);
		if (x->dry_run)
			continue;
		if (run_shell(&ro, s->s, e) == -1)
			return err_ctx(e, "jail %s", j->name);
	}
	return 0;
}

static int
open_log(const struct jail_ctx *x, const struct conf_jail *j,
    struct brig_err *e)
{
	const char *path = j ? conf_param_str(conf_param_find(j,
	    "exec.consolelog")) : NULL;

	return path && !x->dry_run ? run_open_log(path, e) : -1;
}

/* --- the start steps ------------------------------------------------- */

static int
step_prepare(struct start *s, struct brig_err *e)
{
	return run_hook(s->x, s->j, "exec.prepare", s->ro.logfd, &s->net,
	    s->jid, e);
}

static int
undo_prepare(struct start *s, struct brig_err *e)
{
	return run_hook(s->x, s->j, "exec.release", s->ro.logfd, &s->net,
	    s->jid, e);
}

static int
step_cgroup(struct start *s, struct brig_err *e)
{
	note(s->x, s->j->name, "cgroup", "create brig/%s", s->j->name);
	if (s->x->dry_run)
		return 0;
	if (cgroup_create(s->j->name, s->plan.need, &s->cg, e) == -1)
		return err_ctx(e, "jail %s", s->j->name);
	return 0;
}

static int
undo_cgroup(struct start *s, struct brig_err *e)
{
	int rc;

	if (s->cg == NULL)
		return 0;
	cgroup_signal(s->cg, SIGKILL, e);
	rc = cgroup_destroy(s->cg, 5000, e);
	cgroup_free(s->cg);
	s->cg = NULL;
	return rc;
}

/* The rules' limits in the jail's cgroup, before anything runs in it;
 * the rules saved for brig rctl (src/rctl/rules.h).  The rlimits wait
 * for the jail's init (step_create).  Without rules too: a cgroup
 * reused from before (cgroup_create) may hold old limits, which the
 * plan's "no limit" lifts. */
static int
step_rctl(struct start *s, struct brig_err *e)
{
	char buf[512];

	if (s->rules.n > 0)
		note(s->x, s->j->name, "rctl", "%s", rctl_plan_format(&s->plan,
		    buf, sizeof(buf)));
	if (s->x->dry_run)
		return 0;
	if (rctl_plan_apply(&s->plan, s->cg, e) == -1 ||
	    rctl_rules_save(s->x->rundir, s->j->name, s->rules.rules,
	    s->rules.n, e) == -1)
		return err_ctx(e, "jail %s: rctl", s->j->name);
	return 0;
}

/* The limits go with the cgroup; the rules file with the journal. */
static int
undo_rctl(struct start *s, struct brig_err *e)
{
	if (s->x->dry_run)
		return 0;
	return rctl_rules_save(s->x->rundir, s->j->name, NULL, 0, e);
}

/* The rules of the jail, its plan and, for io limits, its block device:
 * refused before anything is made. */
static int
load_rules(struct start *s, struct brig_err *e)
{
	const char *path = conf_param_str(conf_param_find(s->j, "path"));

	if ((s->rctl_c = conf_new(0)) == NULL)
		return err_sys(e, "jail %s: rctl", s->j->name);
	if (jail_rctl_rules(s->rctl_c, s->x->rctl, s->j, &s->rules, e) == -1)
		return -1;
	rctl_plan_build(s->rules.rules, s->rules.n, s->j->name, &s->plan);
	if (rctl_plan_has_io(&s->plan) && path != NULL && !s->x->dry_run &&
	    rctl_plan_iodev(&s->plan, path, e) == -1)
		return err_ctx(e, "jail %s", s->j->name);
	return 0;
}

/* host.hostname, or the jail's name; rc.conf's hostname when the
 * jail's rc would set it (rc.h). */
static const char *
jail_hostname(const struct start *s)
{
	const char *h = conf_param_str(conf_param_find(s->j, "host.hostname"));

	if (s->rc && s->rc->hostname)
		return s->rc->hostname;
	return h ? h : s->j->name;
}

/* rc.conf's network settings, in the jail's namespace, before its
 * start commands: what FreeBSD's rc does first (rc.h). */
static int
step_rcconf(struct start *s, struct brig_err *e)
{
	char line[160];
	size_t i;

	if (s->rc == NULL || s->rc->net.n == 0)
		return 0;
	for (i = 0; i < s->rc->net.n; i++) {
		rc_net_op_format(&s->rc->net.ops[i], line, sizeof(line));
		note(s->x, s->j->name, "rc.conf", "%s", line);
	}
	if (s->x->dry_run)
		return 0;
	if (rc_net_apply(s->net.n, s->net.ns, s->rc, e) == -1)
		return err_ctx(e, "jail %s", s->j->name);
	return 0;
}

/* The jail's network namespace and what goes in it first (vnet.h). */
static int
step_net(struct start *s, struct brig_err *e)
{
	if (conf_jailsys_new(s->j, "vnet"))
		note(s->x, s->j->name, "net", "network namespace, lo up%s%s",
		    conf_param_find(s->j, "brig.bridge") ? "; epair on " : "",
		    conf_param_str(conf_param_find(s->j, "brig.bridge")) ?
		    conf_param_str(conf_param_find(s->j, "brig.bridge")) : "");
	if (s->x->dry_run)
		return 0;
	return jnet_setup(&s->net, s->x->rundir, s->j, &s->jr, e);
}

/* Undo every "net" record of the journal: vnet.interface back to the
 * host while brig still holds the jail's namespace, epairs, bridges,
 * host addresses. */
static int
undo_net(struct start *s, struct brig_err *e)
{
	struct jail_state st;
	int rc = 0;

	if (s->x->dry_run)
		return 0;
	if (state_read(s->x->rundir, s->j->name, &st, e) == 1)
		rc = jnet_release(&s->net, s->x->rundir, &st, e);
	jnet_close(&s->net);
	return rc;
}

static int
step_vnetif(struct start *s, struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(s->j, "vnet.interface");
	const struct conf_str *v;

	for (v = p ? p->val : NULL; v; v = v->next)
		note(s->x, s->j->name, "vnet.interface", "%s into the jail",
		    v->s);
	if (s->x->dry_run)
		return 0;
	return jnet_interfaces(&s->net, s->j, &s->jr, e);
}

/* brig.storage overlay: the root is the overlay's merged view, mounted
 * on the host before exec.prestart (jail(8) mounts before it too) unless
 * it is mounted already, and unmounted after exec.poststop.  Other
 * backends' roots need nothing. */
static bool
is_overlay(const struct conf_jail *j)
{
	const char *v = conf_param_str(conf_param_find(j, "brig.storage"));

	return v && strcmp(v, "overlay") == 0;
}

static int
open_store(const struct jail_ctx *x, const char *name,
    const struct conf_jail *j, const char *path, struct store **s,
    struct brig_err *e)
{
	if (x->datadir == NULL)
		return err_fmt(e, "jail %s: no data directory", name);
	if (j)
		return store_open(j, x->datadir, s, e);
	return store_open_name(name, path && *path ? path : NULL, NULL,
	    x->datadir, s, e);
}

static int
step_storage(struct start *s, struct brig_err *e)
{
	const char *path = conf_param_str(conf_param_find(s->j, "path"));
	struct store *st;
	int rc;

	if (!is_overlay(s->j))
		return 0;
	note(s->x, s->j->name, "storage", "mount the overlay on %s",
	    path ? path : "DATADIR/jails/NAME");
	if (s->x->dry_run)
		return 0;
	if (open_store(s->x, s->j->name, s->j, NULL, &st, e) == -1)
		return -1;
	rc = store_mount(st, e);
	store_close(st);
	return rc == -1 ? -1 : 0;
}

/* j NULL (a jail no longer configured): the dataset at path, or at
 * DATADIR/jails/NAME, whatever it is; one that cannot be opened (a name
 * or path no backend takes) has no overlay to unmount. */
static int
storage_release(const struct jail_ctx *x, const char *name,
    const struct conf_jail *j, const char *path, struct brig_err *e)
{
	struct brig_err ignore;
	struct store *st;
	int rc;

	if (j == NULL) {
		if (x->dry_run || open_store(x, name, NULL, path, &st,
		    &ignore) == -1)
			return 0;
	} else if (!is_overlay(j)) {
		return 0;
	} else {
		note(x, name, "storage", "unmount the overlay");
		if (x->dry_run)
			return 0;
		if (open_store(x, name, j, NULL, &st, e) == -1)
			return -1;
	}
	rc = store_unmount(st, e);
	store_close(st);
	return rc == -1 ? -1 : 0;
}

static int
undo_storage(struct start *s, struct brig_err *e)
{
	return storage_release(s->x, s->j->name, s->j, NULL, e);
}

static int
step_prestart(struct start *s, struct brig_err *e)
{
	return run_hook(s->x, s->j, "exec.prestart", s->ro.logfd, &s->net,
	    s->jid, e);
}

/* jail(8) undoes a failed creation with the stop commands: exec.poststop
 * releases what exec.prestart made (the seed's epair). */
static int
undo_prestart(struct start *s, struct brig_err *e)
{
	return run_hook(s->x, s->j, "exec.poststop", s->ro.logfd, &s->net,
	    s->jid, e);
}

/* The fstab(5) lines of mount.fstab (a file) and mount (values). */
struct mounts {
	struct rootfs_mount m[MAX_MOUNTS];
	unsigned n;
	struct buf text;	/* the lines, which m[] points into */
};

static int
add_mount_line(struct mounts *ms, char *line, struct brig_err *e)
{
	if (ms->n == MAX_MOUNTS)
		return err_fmt(e, "more than %d mounts", MAX_MOUNTS);
	if (rootfs_parse_fstab_line(line, &ms->m[ms->n], e) == -1)
		return -1;
	if (ms->m[ms->n].target)
		ms->n++;
	return 0;
}

static int
collect_mounts(const struct conf_jail *j, struct mounts *ms,
    struct brig_err *e)
{
	const char *fstab = conf_param_str(conf_param_find(j, "mount.fstab"));
	const struct conf_param *p = conf_param_find(j, "mount");
	const struct conf_str *v;
	size_t off, n = 0, start[MAX_MOUNTS * 2];
	char *line = NULL;
	size_t cap = 0;
	FILE *fp;

	memset(ms, 0, sizeof(*ms));
	/* Gather all lines first: the buffer may move while it grows. */
	if (fstab) {
		if ((fp = fopen(fstab, "re")) == NULL)
			return err_sys(e, "open mount.fstab %s", fstab);
		while (getline(&line, &cap, fp) > 0 && n < MAX_MOUNTS * 2) {
			start[n++] = ms->text.len;
			line[strcspn(line, "\n")] = '\0';
			buf_add(&ms->text, line, strlen(line) + 1);
		}
		free(line);
		fclose(fp);
	}
	for (v = p ? p->val : NULL; v && n < MAX_MOUNTS * 2; v = v->next) {
		start[n++] = ms->text.len;
		buf_add(&ms->text, v->s, v->len + 1);
	}
	for (off = 0; off < n; off++)
		if (add_mount_line(ms, ms->text.s + start[off], e) == -1)
			return err_ctx(e, "jail %s: mount", j->name);
	return 0;
}

/* A host user as brig-init's -i takes it: UID:GID[:G1,G2...]. */
static int
host_ids(const char *user, char *buf, size_t len)
{
	struct passwd *pw = getpwnam(user);
	gid_t groups[32];
	bool first = true;
	int n = 32, i;
	size_t o;

	if (pw == NULL)
		return -1;
	o = (size_t)snprintf(buf, len, "%u:%u", (unsigned)pw->pw_uid,
	    (unsigned)pw->pw_gid);
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0)
		n = 0;
	for (i = 0; i < n && o < len; i++)
		if (groups[i] != pw->pw_gid) {
			o += (size_t)snprintf(buf + o, len - o, "%c%u",
			    first ? ':' : ',', (unsigned)groups[i]);
			first = false;
		}
	return 0;
}

static void
add_arg(char **argv, int *n, int max, const char *a)
{
	if (*n < max - 1)
		argv[(*n)++] = (char *)a;
	argv[*n] = NULL;
}

static int
step_create(struct start *s, struct brig_err *e)
{
	const struct conf_jail *j = s->j;
	const struct conf_param *p;
	const struct conf_str *v;
	struct spawn_spec spec;
	struct mounts ms;
	char *argv[INIT_ARGS], ids[600], stop_timeout[16];
	int argc = 0, rc = -1, ruleset;
	size_t i;
	const char *user = conf_param_str(conf_param_find(j,
	    "exec.jail_user"));

	memset(&spec, 0, sizeof(spec));
	spec.name = j->name;
	spec.hostname = jail_hostname(s);
	spec.domainname = conf_param_str(conf_param_find(j,
	    "host.domainname"));
	spec.vnet = conf_jailsys_new(j, "vnet");
	spec.netns_fd = s->net.ns;
	spec.rootfs.root = conf_param_str(conf_param_find(j, "path"));
	if (spec.rootfs.root == NULL)
		return err_fmt(e, "jail %s: path is not set (brig never gives "
		    "a jail the host's root)", j->name);
	spec.rootfs.proc = true;
	spec.rootfs.sys = true;
	spec.rootfs.dev = bool_param(j, "mount.devfs");
	ruleset = int_param(j, "devfs_ruleset", 4);
	spec.rootfs.ruleset = (unsigned)(ruleset > 0 ? ruleset : 4);
	spec.rootfs.pty_limit = s->plan.ptys != RCTL_NO_LIMIT;
	spec.rootfs.pty_max = (unsigned)(spec.rootfs.pty_limit ?
	    s->plan.ptys : 0);	/* at most RCTL_PTY_MAX */
	spec.rootfs.fdescfs = bool_param(j, "mount.fdescfs");
	if (collect_mounts(j, &ms, e) == -1)
		goto out;
	spec.rootfs.mounts = ms.m;
	spec.rootfs.nmounts = ms.n;
	privs_from_conf(j, &spec.privs);

	add_arg(argv, &argc, INIT_ARGS, "brig-init");
	add_arg(argv, &argc, INIT_ARGS, "-s");
	add_arg(argv, &argc, INIT_ARGS, "4");
	add_arg(argv, &argc, INIT_ARGS, "-n");
	add_arg(argv, &argc, INIT_ARGS, j->name);
	if (bool_param(j, "persist"))
		add_arg(argv, &argc, INIT_ARGS, "-p");
	if (bool_param(j, "exec.clean"))
		add_arg(argv, &argc, INIT_ARGS, "-c");
	if (user) {
		add_arg(argv, &argc, INIT_ARGS, "-u");
		add_arg(argv, &argc, INIT_ARGS, user);
		/* exec.system_jail_user: the host's passwd decides. */
		if (bool_param(j, "exec.system_jail_user")) {
			if (host_ids(user, ids, sizeof(ids)) == -1) {
				err_fmt(e, "jail %s: exec.jail_user %s: no such "
				    "user on the host (exec.system_jail_user)",
				    j->name, user);
				goto out;
			}
			add_arg(argv, &argc, INIT_ARGS, "-i");
			add_arg(argv, &argc, INIT_ARGS, ids);
		}
	}
	p = conf_param_find(j, "exec.start");
	for (v = p ? p->val : NULL; v && !s->rc->builtin_start; v = v->next) {
		add_arg(argv, &argc, INIT_ARGS, "-S");
		add_arg(argv, &argc, INIT_ARGS, v->s);
	}
	/* brig's /etc/rc: the services, each run by brig-init itself,
	 * each given stop.timeout to stop. */
	for (i = 0; s->rc->builtin_start && i < s->rc->nsvc; i++) {
		add_arg(argv, &argc, INIT_ARGS, "-R");
		add_arg(argv, &argc, INIT_ARGS, s->rc->svc[i].entry);
	}
	if (s->rc->builtin_start && s->rc->nsvc) {
		snprintf(stop_timeout, sizeof(stop_timeout), "%d",
		    int_param(j, "stop.timeout", DEFAULT_STOP_TIMEOUT));
		add_arg(argv, &argc, INIT_ARGS, "-T");
		add_arg(argv, &argc, INIT_ARGS, stop_timeout);
	}
	p = conf_param_find(j, "command");
	for (v = p ? p->val : NULL; v; v = v->next) {
		add_arg(argv, &argc, INIT_ARGS, "-C");
		add_arg(argv, &argc, INIT_ARGS, v->s);
	}
	spec.logfd = s->ro.logfd;
	spec.init_argv = argv;
	spec.init_envp = environ;

	note(s->x, j->name, "create", "namespaces mnt,pid,uts,ipc,cgroup%s; "
	    "root %s; /dev %s %u", spec.vnet ? ",net" : "", spec.rootfs.root,
	    spec.rootfs.dev ? "devfs_ruleset" : "none, ruleset",
	    spec.rootfs.ruleset);
	if (s->x->dry_run) {
		rc = 0;
		goto out;
	}
	if (spawn_jail(&spec, s->cg, &s->sp, e) == -1)
		goto fail;
	/* Journal the PID before the jail can do anything. */
	if (journal_add(&s->jr, e, "pid %d %llu", (int)s->sp.pid,
	    s->sp.starttime) == -1)
		goto fail;
	if (spawn_go(&s->sp, SETUP_TIMEOUT_MS, e) == -1 ||
	    (rc = jail_rctl_init(&s->plan, s->sp.pid, e)) == -1)
		goto fail;
	if (rc == 1)
		note(s->x, j->name, "oom", "the jail's init keeps its "
		    "oom_score_adj: brig has no CAP_SYS_RESOURCE");
	rc = 0;
	goto out;
fail:
	err_ctx(e, "jail %s", j->name);
out:
	buf_free(&ms.text);
	return rc;
}

/* Wait until the process behind pidfd ends, at most timeout_ms. */
static bool
wait_gone(int pidfd, int timeout_ms)
{
	struct pollfd p = { pidfd, POLLIN, 0 };
	int rc;

	while ((rc = poll(&p, 1, timeout_ms)) == -1 && errno == EINTR)
		;
	return rc == 1;
}

static int
undo_create(struct start *s, struct brig_err *e)
{
	if (s->sp.pid <= 0)
		return 0;
	if (s->cg)
		cgroup_signal(s->cg, SIGKILL, e);
	kill(s->sp.pid, SIGKILL);
	wait_gone(s->sp.pidfd, 5000);
	run_wait(s->sp.pid, 1000, &(int){ 0 }, e);
	spawn_close(&s->sp);
	return 0;
}

static int
step_created(struct start *s, struct brig_err *e)
{
	return run_hook(s->x, s->j, "exec.created", s->ro.logfd, &s->net,
	    s->jid, e);
}

/* Tell init to run exec.start / command, and wait for each result. */
static int
step_start(struct start *s, struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(s->j, "exec.start");
	const struct conf_param *c = conf_param_find(s->j, "command");
	int timeout = int_param(s->j, "exec.timeout", 0);
	const struct conf_str *v;
	char buf[128], how[96];
	int i, status;
	ssize_t n;

	for (v = p ? p->val : NULL; v && !s->rc->builtin_start; v = v->next)
		note(s->x, s->j->name, "exec.start", "%s", v->s);
	for (i = 0; s->rc->builtin_start && (size_t)i < s->rc->nsvc; i++)
		note(s->x, s->j->name, "exec.start", "brig's /etc/rc: %s",
		    s->rc->svc[i].entry + strlen(s->rc->svc[i].name) + 1);
	if (s->rc->builtin_start && s->rc->nsvc == 0)
		note(s->x, s->j->name, "exec.start", "brig's /etc/rc: no "
		    "service to start");
	for (v = c ? c->val : NULL; v; v = v->next)
		note(s->x, s->j->name, "command", "%s", v->s);
	if (s->x->dry_run)
		return 0;
	if (write(s->sp.sock, "B", 1) != 1)
		return err_sys(e, "jail %s: start", s->j->name);
	for (;;) {
		struct pollfd pf = { s->sp.sock, POLLIN, 0 };
		int rc = poll(&pf, 1, timeout > 0 ? timeout * 1000 : -1);

		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == 0)
			return err_fmt(e, "jail %s: exec.start: timed out after "
			    "%d s (exec.timeout)", s->j->name, timeout);
		n = read(s->sp.sock, buf, sizeof(buf) - 1);
		if (n <= 0)
			return err_fmt(e, "jail %s: the jail's init ended "
			    "during exec.start", s->j->name);
		buf[n] = '\0';
		if (buf[0] == 'R') {
			/* "A": the jail stays; the channel closing instead
			 * means it has already ended (init.h). */
			n = read(s->sp.sock, buf, sizeof(buf) - 1);
			s->ended = n <= 0 || buf[0] != 'A';
			return 0;
		}
		/* "F I ERRNO": brig-init could not execute service I. */
		if (buf[0] == 'F' && sscanf(buf, "F %d %d", &i, &status) == 2 &&
		    i >= 0 && (size_t)i < s->rc->nsvc) {
			errno = status;
			return err_sys(e, "jail %s: rc: service %s: %s",
			    s->j->name, s->rc->svc[i].name,
			    s->rc->svc[i].path);
		}
		if (buf[0] != 'S' || sscanf(buf, "S %d %d", &i, &status) != 2)
			continue;
		if (status != 0) {
			const struct conf_str *cmd = p ? p->val : NULL;

			while (cmd && i-- > 0)
				cmd = cmd->next;
			return err_fmt(e, "jail %s: %s: \"%s\" %s", s->j->name,
			    cmd ? "exec.start" : "command", cmd ? cmd->s :
			    (c && c->val ? c->val->s : "?"),
			    run_describe(status, how, sizeof(how)));
		}
	}
}

static int
step_poststart(struct start *s, struct brig_err *e)
{
	return run_hook(s->x, s->j, "exec.poststart", s->ro.logfd, &s->net,
	    s->jid, e);
}

static const struct start_step {
	const char *name;
	int (*run)(struct start *, struct brig_err *);
	int (*undo)(struct start *, struct brig_err *);
} start_steps[] = {
	{ "exec.prepare", step_prepare, undo_prepare },
	{ "cgroup", step_cgroup, undo_cgroup },
	{ "rctl", step_rctl, undo_rctl },
	{ "net", step_net, undo_net },
	{ "storage", step_storage, undo_storage },
	{ "exec.prestart", step_prestart, undo_prestart },
	{ "create", step_create, undo_create },
	{ "vnet.interface", step_vnetif, NULL },
	{ "exec.created", step_created, NULL },
	{ "rc.conf", step_rcconf, NULL },
	{ "exec.start", step_start, NULL },
	{ "exec.poststart", step_poststart, NULL },
};

#define NSTEPS (sizeof(start_steps) / sizeof(start_steps[0]))

static void
undo_steps(struct start *s, size_t done)
{
	struct brig_err ignore;

	while (done-- > 0)
		if (start_steps[done].undo) {
			note(s->x, s->j->name, "undo", "%s",
			    start_steps[done].name);
			start_steps[done].undo(s, &ignore);
		}
}

/* A list parameter as one journal line, comma-separated, for jls. */
static int
summary_list(struct start *s, const char *param, struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(s->j, param);
	const struct conf_str *v;
	struct buf b = BUF_INIT;
	int rc;

	if (p == NULL || p->val == NULL)
		return 0;
	for (v = p->val; v; v = v->next)
		buf_printf(&b, "%s%s", v == p->val ? "" : ",", v->s);
	rc = journal_add(&s->jr, e, "%s %.200s", param, b.s);
	buf_free(&b);
	return rc;
}

static int
write_summary(struct start *s, struct brig_err *e)
{
	const char *path = conf_param_str(conf_param_find(s->j, "path"));
	const char *host = jail_hostname(s);
	struct jail_privs p;
	char privs[160];

	privs_from_conf(s->j, &p);
	privs_format(&p, privs, sizeof(privs));

	if (journal_add(&s->jr, e, "name %s", s->j->name) == -1 ||
	    journal_add(&s->jr, e, "path %s", path ? path : "") == -1 ||
	    journal_add(&s->jr, e, "hostname %s", host) == -1 ||
	    journal_add(&s->jr, e, "persist %d", bool_param(s->j,
	    "persist")) == -1 ||
	    journal_add(&s->jr, e, "vnet %d", conf_jailsys_new(s->j,
	    "vnet")) == -1 ||
	    journal_add(&s->jr, e, "services %zu", s->rc->builtin_start ?
	    s->rc->nsvc : 0) == -1 ||
	    journal_add(&s->jr, e, "privs %s", privs) == -1 ||
	    journal_add(&s->jr, e, "started %lld", (long long)time(NULL)) ==
	    -1 || summary_list(s, "ip4.addr", e) == -1 ||
	    summary_list(s, "ip6.addr", e) == -1)
		return -1;
	return 0;
}

static int
start_locked(const struct jail_ctx *x, const struct conf_jail *j,
    struct brig_err *e)
{
	struct start s;
	struct jail_state st;
	size_t i;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.x = x;
	s.j = j;
	s.jr.fd = -1;
	s.sp.pidfd = s.sp.sock = -1;
	jnet_init(&s.net);
	switch (jail_status(x, j->name, &st)) {
	case JAIL_RUNNING:
		return err_fmt(e, "jail %s is already running (jid %d)",
		    j->name, st.jid);
	case JAIL_STALE:
		if (!x->dry_run && jail_recover(x, j->name, j, e) == -1)
			return -1;
		break;
	case JAIL_STOPPED:
		break;
	}
	s.ro.logfd = open_log(x, j, e);
	if (s.ro.logfd == -1 && !x->dry_run && conf_param_find(j,
	    "exec.consolelog"))
		return err_ctx(e, "jail %s", j->name);
	/* What can be refused before anything is made. */
	if (!x->dry_run && jnet_check(&s.net, j, e) == -1)
		goto out;
	if (rc_jail_load(j, &s.rc, e) == -1 || load_rules(&s, e) == -1)
		goto out;
	rc_jail_warn(s.rc, j->name, STDERR_FILENO);
	if (s.ro.logfd >= 0)
		rc_jail_warn(s.rc, j->name, s.ro.logfd);
	if (!x->dry_run && journal_begin(&s.jr, x->rundir, j->name, &s.jid,
	    e) == -1)
		goto out;
	for (i = 0; i < NSTEPS; i++) {
		if (!x->dry_run && journal_add(&s.jr, e, "step %s",
		    start_steps[i].name) == -1)
			break;
		if (start_steps[i].run(&s, e) == -1)
			break;
	}
	if (i < NSTEPS) {
		/* The failing step may have half-happened: undo it too. */
		undo_steps(&s, i + 1);
		if (!x->dry_run) {
			struct brig_err ignore;

			state_clear(x->rundir, j->name, &ignore);
		}
		goto out;
	}
	if (!x->dry_run && (write_summary(&s, e) == -1 ||
	    journal_add(&s.jr, e, "done") == -1)) {
		undo_steps(&s, NSTEPS);
		goto out;
	}
	rc = 0;
	if (s.ended) {
		note(x, j->name, "ended", "nothing runs and persist is not set: "
		    "the jail is gone");
		journal_close(&s.jr);
		run_wait(s.sp.pid, 5000, &(int){ 0 }, e);
		rc = jail_recover(x, j->name, j, e) == -1 ? -1 : 0;
	}
out:
	journal_close(&s.jr);
	jnet_close(&s.net);
	rc_jail_free(s.rc);
	conf_free(s.rctl_c);
	spawn_close(&s.sp);
	if (s.cg)
		cgroup_free(s.cg);
	if (s.ro.logfd >= 0)
		close(s.ro.logfd);
	return rc;
}

int
jail_start(const struct jail_ctx *x, const struct conf_jail *j,
    struct brig_err *e)
{
	int lock, rc;

	if (x->dry_run)
		return start_locked(x, j, e);
	if ((lock = state_lock(x->rundir, j->name, e)) == -1)
		return -1;
	rc = start_locked(x, j, e);
	close(lock);
	return rc;
}

enum jail_status
jail_status(const struct jail_ctx *x, const char *name, struct jail_state *st)
{
	struct brig_err e;
	int rc = state_read(x->rundir, name, st, &e);

	return state_status(st, rc == 1);
}

/* --- stop ----------------------------------------------------------- */

/* SIGTERM to every process, stop.timeout to go, then SIGKILL.  With
 * brig's /etc/rc.shutdown (init_first), SIGTERM goes to the jail's init
 * alone: it stops the rc's services in reverse order, then the rest. */
static void
terminate(const struct jail_ctx *x, const struct jail_state *st,
    struct cgroup *cg, int timeout, bool init_first)
{
	struct brig_err ignore;
	int pidfd = (int)syscall(SYS_pidfd_open, st->pid, 0);

	if (pidfd >= 0 && !state_pid_alive(st->pid, st->starttime)) {
		close(pidfd);
		pidfd = -1;
	}
	note(x, st->name, "stop", "SIGTERM, then SIGKILL after %d s", timeout);
	if (pidfd >= 0)
		syscall(SYS_pidfd_send_signal, pidfd, SIGTERM, NULL, 0);
	if (cg && !(init_first && pidfd >= 0))
		cgroup_signal(cg, SIGTERM, &ignore);
	if (pidfd >= 0 && wait_gone(pidfd, timeout * 1000)) {
		close(pidfd);
		return;
	}
	if (cg)
		cgroup_signal(cg, SIGKILL, &ignore);
	if (pidfd >= 0) {
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
		wait_gone(pidfd, 5000);
		close(pidfd);
	}
}

static int
run_in_jail(const struct jail_ctx *x, const struct jail_state *st,
    const struct conf_jail *j, const char *param, int logfd,
    struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(j, param);
	const struct conf_str *v;
	struct enter_spec es;
	char how[96];
	int status;

	memset(&es, 0, sizeof(es));
	es.pid = st->pid;
	es.starttime = st->starttime;
	es.name = st->name;
	if (st->privs[0] == '\0' || privs_parse(st->privs, &es.privs) == -1)
		privs_from_conf(j, &es.privs);
	es.clean = bool_param(j, "exec.clean");
	es.user = conf_param_str(conf_param_find(j, "exec.jail_user"));
	es.user_on_host = bool_param(j, "exec.system_jail_user");
	es.logfd = logfd;
	es.timeout = int_param(j, "exec.timeout", 0);
	for (v = p ? p->val : NULL; v; v = v->next) {
		char *argv[] = { "/bin/sh", "-c", v->s, NULL };

		note(x, st->name, param, "%s", v->s);
		if (x->dry_run)
			continue;
		if (spawn_enter(&es, argv, &status, e) == -1)
			return err_ctx(e, "jail %s: %s", st->name, param);
		if (status != 0)
			return err_fmt(e, "jail %s: %s: \"%s\" %s", st->name,
			    param, v->s, run_describe(status, how,
			    sizeof(how)));
	}
	return 0;
}

/* What is left of a jail once its processes are gone; jn holds its
 * network namespace if it is still there. */
static int
release(const struct jail_ctx *x, const struct jail_state *st,
    const struct conf_jail *j, int logfd, struct jail_net *jn,
    struct brig_err *e)
{
	struct brig_err e2;
	struct cgroup *cg;
	int rc = 0;

	if (state_step_done(st, "cgroup")) {
		note(x, st->name, "cgroup", "remove brig/%s", st->name);
		if (!x->dry_run && cgroup_open(st->name, &cg, &e2) == 0) {
			cgroup_signal(cg, SIGKILL, &e2);
			if (cgroup_destroy(cg, 5000, &e2) == -1) {
				*e = e2;
				rc = -1;
			}
			cgroup_free(cg);
		}
	}
	if (st->nnet)
		note(x, st->name, "net", "release interfaces and addresses");
	if (!x->dry_run && jnet_release(jn, x->rundir, st, &e2) == -1 &&
	    rc == 0) {
		*e = e2;
		rc = -1;
	}
	jnet_close(jn);
	if (j && state_step_done(st, "exec.prestart") &&
	    run_hook(x, j, "exec.poststop", logfd, NULL, st->jid, e) == -1)
		rc = -1;
	if (state_step_done(st, "storage") && storage_release(x, st->name, j,
	    st->path, &e2) == -1 && rc == 0) {
		*e = e2;
		rc = -1;
	}
	if (j && state_step_done(st, "exec.prepare") &&
	    run_hook(x, j, "exec.release", logfd, NULL, st->jid, e) == -1)
		rc = -1;
	if (!x->dry_run && state_clear(x->rundir, st->name, &e2) == -1 &&
	    rc == 0) {
		*e = e2;
		rc = -1;
	}
	return rc;
}

int
jail_recover(const struct jail_ctx *x, const char *name,
    const struct conf_jail *j, struct brig_err *e)
{
	struct jail_state st;
	struct cgroup *cg;
	struct brig_err ignore;
	struct jail_net jn;
	int logfd, rc;

	if (state_read(x->rundir, name, &st, e) != 1)
		return 0;
	if (state_status(&st, true) == JAIL_RUNNING)
		return 0;
	if (jnet_same_host(&st, e) == -1)
		return -1;
	jnet_init(&jn);
	logfd = open_log(x, j, &ignore);
	/* A start killed half-way may have left its init alive. */
	if (state_pid_alive(st.pid, st.starttime)) {
		jnet_hold(&jn, &st, &ignore);
		if (cgroup_open(name, &cg, &ignore) == 0) {
			terminate(x, &st, cg, 0, false);
			cgroup_free(cg);
		} else
			kill(st.pid, SIGKILL);
	}
	rc = release(x, &st, j, logfd, &jn, e);
	if (logfd >= 0)
		close(logfd);
	return rc == -1 ? -1 : 1;
}

static int
stop_locked(const struct jail_ctx *x, const char *name,
    const struct conf_jail *j, struct brig_err *e)
{
	struct jail_state st;
	struct cgroup *cg = NULL;
	struct brig_err warn;
	struct jail_net jn;
	bool builtin;
	int logfd, rc = -1;

	switch (jail_status(x, name, &st)) {
	case JAIL_STOPPED:
		return err_fmt(e, "jail %s is not running", name);
	case JAIL_STALE:
		note(x, name, "recover", "the jail is gone; releasing what is "
		    "left");
		return x->dry_run ? 0 : jail_recover(x, name, j, e) == -1 ?
		    -1 : 0;
	case JAIL_RUNNING:
		break;
	}
	if (jnet_same_host(&st, e) == -1)
		return -1;
	jnet_init(&jn);
	logfd = open_log(x, j, &warn);
	if (j && run_hook(x, j, "exec.prestop", logfd, NULL, st.jid, e) == -1)
		goto out;
	builtin = j && rc_builtin_stop(j);
	if (builtin)
		note(x, name, "exec.stop", "brig's /etc/rc.shutdown: the rc's "
		    "services stop in reverse order");
	else if (j && run_in_jail(x, &st, j, "exec.stop", logfd, &warn) ==
	    -1)
		fprintf(stderr, "brig: warning: %s\n", warn.msg);
	if (!x->dry_run) {
		/* Its namespace outlives its processes until vnet.interface
		 * is back on the host. */
		if (jnet_hold(&jn, &st, &warn) == -1)
			fprintf(stderr, "brig: warning: %s\n", warn.msg);
		if (cgroup_open(name, &cg, &warn) == -1)
			cg = NULL;
		/* brig-init gives each service stop.timeout. */
		terminate(x, &st, cg, int_param(j, "stop.timeout",
		    DEFAULT_STOP_TIMEOUT) * (int)(builtin ? st.services + 1 :
		    1), builtin);
		if (cg)
			cgroup_free(cg);
	} else
		note(x, name, "stop", "SIGTERM, then SIGKILL after %d s",
		    int_param(j, "stop.timeout", DEFAULT_STOP_TIMEOUT));
	rc = release(x, &st, j, logfd, &jn, e);
out:
	jnet_close(&jn);
	if (logfd >= 0)
		close(logfd);
	return rc;
}

int
jail_stop(const struct jail_ctx *x, const char *name,
    const struct conf_jail *j, struct brig_err *e)
{
	int lock, rc;

	if (x->dry_run)
		return stop_locked(x, name, j, e);
	if ((lock = state_lock(x->rundir, name, e)) == -1)
		return -1;
	rc = stop_locked(x, name, j, e);
	close(lock);
	return rc;
}
