/* A jail's rc: whether rc.conf applies, brig's built-in /etc/rc and
 * /etc/rc.shutdown, the services it knows, rc.conf's hostname (rc.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rc_int.h"
#include "../ns/rootfs.h"
#include "../util/buf.h"
#include "../util/path.h"

#define MAX_MOUNTS	64
#define MAX_LINKS	64	/* known_links() */
#define HOSTNAME_MAX	64	/* Linux HOST_NAME_MAX (FreeBSD: 255) */

/* --- the services ------------------------------------------------------- */

/* A service of the built-in rc, after its FreeBSD rc.d script: the
 * program (the first of bins the jail has), its configuration file
 * (NAME_config, else a default), NAME_flags split on blanks as rc.subr
 * splits them, and the option that keeps it in the foreground under
 * brig-init.  Add a service here. */
static const struct svc_def {
	const char *name;	/* the rc.d script: NAME_enable etc. */
	const char *bins[3];
	/* Default configuration: WORKDIR_VAR (default workdir) + "/" +
	 * file, or the first of configs the jail has (else the last). */
	const char *workdir_var, *workdir, *file;
	const char *configs[3];
	const char *fg;		/* keeps it in the foreground */
	bool config_in_flags;	/* NAME_flags defaults to "-c CONFIG" */
	const char *why;	/* when the config file is missing */
} svc_defs[] = {
	/* libexec/rc/rc.d/local_unbound: local_unbound_flags defaults to
	 * "-c ${local_unbound_config}"; Linux has no local-unbound but
	 * unbound itself. */
	{ "local_unbound", { "/usr/sbin/local-unbound", "/usr/sbin/unbound" },
	    "local_unbound_workdir", "/var/unbound", "unbound.conf", { NULL },
	    "-d", true, "FreeBSD's rc.d/local_unbound would make one with "
	    "local-unbound-setup; brig does not" },
	/* dns/unbound's rc.d/unbound: command_args="-c ${unbound_config}"
	 * after the flags, required_files=${unbound_config}. */
	{ "unbound", { "/usr/local/sbin/unbound", "/usr/sbin/unbound" },
	    NULL, NULL, NULL, { "/usr/local/etc/unbound/unbound.conf",
	    "/etc/unbound/unbound.conf" }, "-d", false,
	    "rc.d/unbound requires it" },
};

#define NSVC	(sizeof(svc_defs) / sizeof(svc_defs[0]))

static const struct svc_def *
svc_find(const char *name)
{
	size_t i;

	for (i = 0; i < NSVC; i++)
		if (!strcmp(svc_defs[i].name, name))
			return &svc_defs[i];
	return NULL;
}

bool
rc_service_known(const char *name)
{
	return svc_find(name) != NULL;
}

/* The words of one -R entry. */
struct entry {
	const char *w[RC_MAX_WORDS];
	int n;
};

static bool
add_word(struct entry *en, const char *w)
{
	if (en->n == RC_MAX_WORDS)
		return false;
	en->w[en->n++] = w;
	return true;
}

/* rc.subr's run_rc_command evals the command line: refuse what sh would
 * not take as plain characters. */
static int
flags_char(const char *s)
{
	for (; *s; s++)
		if (strchr("'\"\\$`;&|<>(){}*?[]~#", *s))
			return *s;
	return 0;
}

struct svc_build {
	struct rc_builder *b;
	const struct rcconf_var *ev;	/* NAME_enable */
	const struct svc_def *d;
	int (*probe)(void *, const char *, bool);
	void *arg;
	char config[1024];
};

/* The configuration file: NAME_config, else the default. */
static void
svc_config(struct svc_build *s)
{
	const struct svc_def *d = s->d;
	char var[128];
	const char *v, *wd;
	size_t i;

	snprintf(var, sizeof(var), "%s_config", d->name);
	if ((v = rcconf_get(s->b->rc, var)) != NULL && *v) {
		snprintf(s->config, sizeof(s->config), "%s", v);
		return;
	}
	if (d->workdir_var) {
		wd = rcconf_get(s->b->rc, d->workdir_var);
		snprintf(s->config, sizeof(s->config), "%s/%s", wd && *wd ? wd :
		    d->workdir, d->file);
		return;
	}
	for (i = 0; i + 1 < 3 && d->configs[i + 1]; i++)
		if (s->probe(s->arg, d->configs[i], false) != 0)
			break;
	snprintf(s->config, sizeof(s->config), "%s", d->configs[i]);
}

/* The program: the first of bins the jail has. */
static const char *
svc_program(struct svc_build *s)
{
	const struct svc_def *d = s->d;
	size_t i;

	for (i = 0; i < 3 && d->bins[i]; i++)
		if (s->probe(s->arg, d->bins[i], true) != 0)
			return d->bins[i];
	rc_fail(s->b, s->ev, "the jail has no program for %s (%s%s%s)",
	    d->name, d->bins[0], d->bins[1] ? " or " : "",
	    d->bins[1] ? d->bins[1] : "");
	return NULL;
}

/* Argument vector: PROGRAM FG FLAGS... [-c CONFIG]. */
static int
svc_argv(struct svc_build *s, struct rc_words *flags, struct entry *en,
    const char **config)
{
	const struct svc_def *d = s->d;
	char var[128];
	const char *fv, *prog;
	bool has_c = false;
	int i, bad;

	snprintf(var, sizeof(var), "%s_flags", d->name);
	fv = rcconf_get(s->b->rc, var);
	if (fv && (bad = flags_char(fv)) != 0) {
		rc_fail(s->b, rcconf_find(s->b->rc, var), "'%c': rc.subr evals "
		    "the flags as sh; brig reads only plain words", bad);
		return -1;
	}
	if (rc_split(fv ? fv : "", flags) == -1 ||
	    (prog = svc_program(s)) == NULL)
		return -1;
	*config = s->config;
	add_word(en, prog);
	add_word(en, d->fg);
	for (i = 0; i < flags->n; i++) {
		if (!add_word(en, flags->w[i]))
			goto long_;
		/* local_unbound: flags set without -c lose FreeBSD's
		 * default; brig keeps its meaning (unbound's own default
		 * differs on Linux). */
		if (!strcmp(flags->w[i], "-c") && i + 1 < flags->n &&
		    d->config_in_flags) {
			has_c = true;
			*config = flags->w[i + 1];
		}
	}
	if (!has_c && (!add_word(en, "-c") || !add_word(en, s->config)))
		goto long_;
	return 0;
long_:
	rc_fail(s->b, s->ev, "%s's command has more than %d words", d->name,
	    RC_MAX_WORDS - 1);
	return -1;
}

static void
svc_add(struct svc_build *s, struct rc_jail *rj)
{
	struct rc_words flags = { NULL, { NULL }, 0 };
	struct entry en = { { NULL }, 0 };
	struct rc_service *sv;
	struct buf b = BUF_INIT;
	const char *config;
	int i;

	add_word(&en, s->d->name);
	svc_config(s);
	if (strpbrk(s->config, " \t\n")) {
		rc_fail(s->b, s->ev, "config \"%s\" has a blank (rc.subr "
		    "would split it)", s->config);
		goto out;
	}
	if (svc_argv(s, &flags, &en, &config) == -1)
		goto out;
	if (s->probe(s->arg, config, false) == 0) {
		rc_fail(s->b, s->ev, "config %s is not in the jail (%s)",
		    config, s->d->why);
		goto out;
	}
	if (rj->nsvc == RC_MAX_SERVICES) {
		rc_fail(s->b, s->ev, "more than %d services", RC_MAX_SERVICES);
		goto out;
	}
	for (i = 0; i < en.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", en.w[i]);
	sv = &rj->svc[rj->nsvc++];
	sv->name = s->d->name;
	sv->entry = arena_strdup(s->b->c->arena, b.s);
	sv->path = arena_strdup(s->b->c->arena, en.w[1]);
	sv->config = arena_strdup(s->b->c->arena, config);
	sv->loc = s->ev->loc;
out:
	buf_free(&b);
	rc_words_free(&flags);
}

void
rc_services(struct conf *c, const struct rcconf *rc,
    int (*probe)(void *arg, const char *path, bool exec), void *arg,
    struct rc_jail *rj)
{
	static const char sfx[] = "_enable";
	struct rc_builder b = { c, rc, NULL, 0 };
	struct svc_build s;
	char name[128], known[256];
	const struct rcconf_var *v, *pv;
	size_t i, n, k, o = 0;

	for (k = 0; k < NSVC; k++)
		o += (size_t)snprintf(known + o, sizeof(known) - o, "%s%s",
		    k ? ", " : "", svc_defs[k].name);
	for (i = 0; i < rc->n; i++) {
		v = &rc->vars[i];
		n = strlen(v->name);
		if (n <= sizeof(sfx) - 1 || strcmp(v->name + n - (sizeof(sfx) -
		    1), sfx) || rcconf_yes(rc, v->name) != 1)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - (sizeof(sfx) -
		    1)), v->name);
		/* rc.d/routing's options, not services (rc_net.c). */
		if (!strcmp(name, "gateway") || !strcmp(name, "ipv6_gateway"))
			continue;
		if (!strcmp(name, "unbound") && (pv = rcconf_find(rc,
		    "unbound_profiles")) != NULL && pv->value[0]) {
			rc_fail(&b, pv, "not supported by brig's rc: set "
			    "unbound_config");
			continue;
		}
		memset(&s, 0, sizeof(s));
		s.b = &b;
		s.ev = v;
		s.probe = probe;
		s.arg = arg;
		if ((s.d = svc_find(name)) != NULL)
			svc_add(&s, rj);
		else
			rc_warn(&b, v, "brig's built-in rc does not know "
			    "service %s (it knows %s): not started", name,
			    known);
	}
}

/* --- the jail's files ----------------------------------------------------- */

/* What a probe needs: the jail's root, and its mounts' targets (a file
 * under one is the mount's, not the root's). */
struct jail_files {
	int rootfd;
	const char *targets[MAX_MOUNTS];
	size_t ntargets;
	struct buf text;
};

static void
add_mount(struct jail_files *jf, const char *line, size_t *offs, size_t *n)
{
	if (*n < MAX_MOUNTS) {
		offs[(*n)++] = jf->text.len;
		buf_add(&jf->text, line, strlen(line) + 1);
	}
}

/* The targets of mount.fstab and mount (rootfs.h reads them the same
 * way at start). */
static void
collect_targets(struct jail_files *jf, const struct conf_jail *j)
{
	const char *fstab = conf_param_str(conf_param_find(j, "mount.fstab"));
	const struct conf_param *p = conf_param_find(j, "mount");
	const struct conf_str *v;
	struct rootfs_mount m;
	struct brig_err e;
	size_t offs[MAX_MOUNTS], n = 0, i, cap = 0;
	char *line = NULL;
	FILE *fp;

	if (fstab && (fp = fopen(fstab, "re")) != NULL) {
		while (getline(&line, &cap, fp) > 0)
			add_mount(jf, line, offs, &n);
		free(line);
		fclose(fp);
	}
	for (v = p ? p->val : NULL; v; v = v->next)
		add_mount(jf, v->s, offs, &n);
	for (i = 0; i < n; i++)
		if (rootfs_parse_fstab_line(jf->text.s + offs[i], &m,
		    &e) == 0 && m.target)
			jf->targets[jf->ntargets++] = m.target;
}

static bool
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0' ||
	    (n == 1 && dir[0] == '/'));
}

/* 1 if path is a regular file in the jail (executable if exec), 0 if
 * not, -1 if a mount will decide. */
static int
probe_file(void *arg, const char *path, bool exec)
{
	struct jail_files *jf = arg;
	struct brig_err e;
	struct stat st;
	size_t i;
	int fd, ok;

	for (i = 0; i < jf->ntargets; i++)
		if (under(path, jf->targets[i]))
			return -1;
	if ((fd = path_open_in_root(jf->rootfd, path, O_PATH, 0, &e)) == -1)
		return 0;
	ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (!exec ||
	    (st.st_mode & 0111));
	close(fd);
	return ok;
}

static bool
exists(struct jail_files *jf, const char *path)
{
	struct brig_err e;
	int fd = path_open_in_root(jf->rootfd, path, O_PATH, 0, &e);

	if (fd == -1)
		return false;
	close(fd);
	return true;
}

/* --- rc.conf ----------------------------------------------------------- */

/* exec.start/exec.stop as rc(8)'s: 1 if its only command is
 * "/bin/sh SCRIPT [ARG]" (or "sh"), 2 if one command among others is,
 * 0 if none. */
static int
rc_command(const struct conf_param *p, const char *script, const char *arg)
{
	const struct conf_str *v;
	struct rc_words ws;
	int found = 0, n = 0, ok;

	for (v = p ? p->val : NULL; v; v = v->next, n++) {
		rc_split(v->s, &ws);
		ok = (ws.n == 2 || (ws.n == 3 && !strcmp(ws.w[2], arg))) &&
		    (!strcmp(ws.w[0], "/bin/sh") || !strcmp(ws.w[0], "sh")) &&
		    !strcmp(ws.w[1], script);
		rc_words_free(&ws);
		found |= ok;
	}
	return !found ? 0 : n == 1 ? 1 : 2;
}

/* rc.d/hostname: in a jail, only when it may set its host name, which
 * FreeBSD allows unless allow.noset_hostname (JAIL_DEFAULT_ALLOW). */
static void
hostname(struct rc_jail *rj, const struct conf_jail *j)
{
	const struct rcconf_var *v = rcconf_find(&rj->rc, "hostname");
	const struct conf_param *allow = conf_param_find(j,
	    "allow.set_hostname");
	struct rc_builder b = { rj->c, &rj->rc, NULL, 0 };
	size_t i;

	if (v == NULL)
		return;
	if (v->len == 0) {
		rc_warn(&b, v, "empty: the jail keeps host.hostname");
		return;
	}
	for (i = 0; i < v->len; i++)
		if ((unsigned char)v->value[i] <= ' ' || v->value[i] == 0x7f) {
			rc_fail(&b, v, "a host name has no blanks or control "
			    "characters");
			return;
		}
	if (v->len > HOSTNAME_MAX) {
		rc_fail(&b, v, "longer than Linux's 64 bytes");
		return;
	}
	if (allow && !conf_param_bool(allow)) {
		rc_warn(&b, v, "not applied: allow.set_hostname is off "
		    "(rc.d/hostname leaves the jail's host name alone)");
		return;
	}
	rj->hostname = v->value;
}

/* The interfaces a vnet jail will have, when jail.conf says it all: lo
 * and vnet.interface, with no hook that could move more in and no
 * brig.bridge epair of a unit still to be picked (vnet.h).  false when
 * brig cannot know. */
static bool
known_links(const struct conf_jail *j, const char **names, size_t max,
    size_t *n)
{
	static const char *const hooks[] = { "exec.prepare", "exec.prestart",
	    "exec.created" };
	const struct conf_param *vi = conf_param_find(j, "vnet.interface");
	const struct conf_str *v;
	size_t k;

	for (k = 0; k < sizeof(hooks) / sizeof(hooks[0]); k++)
		if (conf_param_find(j, hooks[k]))
			return false;
	/* brig.bridge's epair is epairNb of a single vnet.interface of that
	 * form, else of the lowest free unit. */
	if (conf_param_find(j, "brig.bridge") && (vi == NULL || vi->val ==
	    NULL || vi->val->next || strncmp(vi->val->s, "epair", 5) ||
	    strspn(vi->val->s + 5, "0123456789") == 0 || strcmp(vi->val->s +
	    5 + strspn(vi->val->s + 5, "0123456789"), "b")))
		return false;
	*n = 0;
	names[(*n)++] = "lo";
	for (v = vi ? vi->val : NULL; v && *n < max; v = v->next)
		names[(*n)++] = v->s;
	return true;
}

/* What applies of rc.conf, once read. */
static void
read_rcconf(struct rc_jail *rj, const struct conf_jail *j,
    struct jail_files *jf)
{
	struct rc_builder b = { rj->c, &rj->rc, NULL, 0 };
	const struct rcconf_var *first;
	const char *links[MAX_LINKS];
	size_t nlinks;

	rcconf_check_enables(rj->c, &rj->rc);
	if (rj->rc_start)
		hostname(rj, j);
	else if ((first = rcconf_find(&rj->rc, "hostname")) != NULL)
		rc_warn(&b, first, "not applied: exec.start does not run "
		    "/etc/rc, which reads rc.conf");
	if (rc_net_mentions(&rj->rc, &first)) {
		if (!rj->rc_start)
			rc_warn(&b, first, "the network settings are not "
			    "applied: exec.start does not run /etc/rc, which "
			    "reads rc.conf");
		else if (!conf_jailsys_new(j, "vnet"))
			rc_warn(&b, first, "the network settings are not "
			    "applied: the jail has no vnet (rc.d/netif and "
			    "rc.d/routing are nojailvnet)");
		else if (rc_net_plan(rj->c, &rj->rc, &rj->net) == 0 &&
		    known_links(j, links, MAX_LINKS, &nlinks))
			rc_net_resolve(rj->c, &rj->net, links, nlinks);
	}
	if (rj->builtin_start)
		rc_services(rj->c, &rj->rc, probe_file, jf, rj);
}

struct rc_jail *
rc_jail_read(const struct conf_jail *j)
{
	const char *root = conf_param_str(conf_param_find(j, "path"));
	const struct conf_param *start = conf_param_find(j, "exec.start");
	struct rc_jail *rj = xmalloc(sizeof(*rj));
	struct jail_files jf;
	int how;

	memset(rj, 0, sizeof(*rj));
	memset(&jf, 0, sizeof(jf));
	rj->c = conf_new(0);
	how = rc_command(start, "/etc/rc", "autoboot");
	rj->rc_start = how == 1;
	if (root == NULL || root[0] != '/' || (jf.rootfd = open(root,
	    O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return rj;
	collect_targets(&jf, j);
	if (how == 2 && !exists(&jf, "/etc/rc"))
		conf_diag(rj->c, CONF_ERROR, CONF_STAGE_CHECK, &start->loc,
		    "jail %s: exec.start: the jail has no /etc/rc, and brig's "
		    "built-in rc replaces \"/bin/sh /etc/rc\" only when it is "
		    "exec.start's only command", j->name);
	rj->builtin_start = rj->rc_start && !exists(&jf, "/etc/rc");
	rj->builtin_stop = rc_command(conf_param_find(j, "exec.stop"),
	    "/etc/rc.shutdown", "jail") == 1 && !exists(&jf,
	    "/etc/rc.shutdown");
	if (rcconf_load_jail(rj->c, root, &rj->rc) == 0) {
		rj->has_rcconf = true;
		read_rcconf(rj, j, &jf);
	}
	close(jf.rootfd);
	buf_free(&jf.text);
	return rj;
}

int
rc_jail_load(const struct conf_jail *j, struct rc_jail **out,
    struct brig_err *e)
{
	struct rc_jail *rj = rc_jail_read(j);
	unsigned n = conf_errors(rj->c);

	if (n > 0) {
		rc_jail_first_error(rj, e);
		if (n > 1)
			err_ctx(e, "jail %s: %u errors in its rc (brig check "
			    "shows them all); the first", j->name, n);
		else
			err_ctx(e, "jail %s", j->name);
		rc_jail_free(rj);
		return -1;
	}
	*out = rj;
	return 0;
}

void
rc_jail_warn(const struct rc_jail *rj, const char *jail, int fd)
{
	const struct conf_diag *d;
	size_t i;

	for (i = 0; rj && fd >= 0 && i < rj->c->ndiags; i++) {
		d = &rj->c->diags[i];
		if (d->sev != CONF_WARNING)
			continue;
		if (d->loc.file)
			dprintf(fd, "brig: warning: jail %s: %s:%u:%u: %s\n",
			    jail, d->loc.file, d->loc.line, d->loc.col, d->msg);
		else
			dprintf(fd, "brig: warning: jail %s: %s\n", jail,
			    d->msg);
	}
}

void
rc_jail_free(struct rc_jail *rj)
{
	if (rj == NULL)
		return;
	rc_net_plan_free(&rj->net);
	conf_free(rj->c);
	free(rj);
}

int
rc_builtin_stop(const struct conf_jail *j)
{
	const char *root = conf_param_str(conf_param_find(j, "path"));
	struct jail_files jf;
	int yes;

	if (rc_command(conf_param_find(j, "exec.stop"), "/etc/rc.shutdown",
	    "jail") != 1 || root == NULL || root[0] != '/')
		return 0;
	memset(&jf, 0, sizeof(jf));
	if ((jf.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return 0;
	yes = !exists(&jf, "/etc/rc.shutdown");
	close(jf.rootfd);
	return yes;
}
