/* A jail's rctl rules at its start: those of rctl.conf for jail:NAME and
 * those of its brig.rctl parameter, refused as brig check refuses them
 * (src/conf/rctl_linux.c), made into a plan (src/rctl/limit.h) whose
 * need says which v1 hierarchies the jail joins (each costs a migration
 * at every start and exec: cgroup.c, v1_wanted); what the jail's init
 * gets before it runs anything; and the max= of a running jail's devpts
 * (brig rctl -a, -r). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail.h"
#include "../conf/conf.h"
#include "../conf/rctl_conf.h"
#include "../ns/devfs.h"
#include "../rctl/limit.h"
#include "../util/buf.h"

static bool
is_jails(const struct rctl_rule *r, const char *name)
{
	return r->subject == RCTL_SUBJ_JAIL && r->id != NULL &&
	    strcmp(r->id, name) == 0;
}

/* The first error c holds, as brig check prints it. */
static int
first_error(const struct conf *c, struct brig_err *e)
{
	const struct conf_diag *d;
	size_t i;

	for (i = 0; i < c->ndiags; i++) {
		d = &c->diags[i];
		if (d->sev != CONF_ERROR)
			continue;
		return err_fmt(e, "%s:%u:%u: %s", d->loc.file ? d->loc.file :
		    "?", d->loc.line, d->loc.col, d->msg);
	}
	return err_fmt(e, "rctl rules have errors; see brig check");
}

/* Whether the jail gets a devpts of its own: mount.devfs, with a ruleset
 * that has pts (brig's default 4 for 0 or none, as step_create). */
static bool
has_devpts(const struct conf_jail *j, unsigned *ruleset)
{
	const char *v = conf_param_str(conf_param_find(j, "devfs_ruleset"));
	const char *const *n;
	int rs = v ? atoi(v) : 4;

	*ruleset = (unsigned)(rs > 0 ? rs : 4);
	if (!conf_param_bool(conf_param_find(j, "mount.devfs")))
		return false;
	for (n = devfs_ruleset_nodes(*ruleset); n && *n; n++)
		if (strcmp(*n, "pts") == 0)
			return true;
	return false;
}

/* pseudoterminals is the max= of the jail's own devpts (src/ns/devfs.c):
 * without one, the rule would limit nothing. */
void
jail_rctl_check_ptys(struct conf *c, const struct conf_jail *j,
    const struct rctl_set *set)
{
	unsigned rs;
	size_t i;

	if (has_devpts(j, &rs))
		return;
	for (i = 0; i < set->n; i++) {
		if (set->rules[i].resource != RCTL_RES_PSEUDOTERMINALS ||
		    set->rules[i].action != RCTL_ACT_DENY ||
		    !is_jails(&set->rules[i], j->name))
			continue;
		if (!conf_param_bool(conf_param_find(j, "mount.devfs")))
			conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK,
			    &set->rules[i].loc, "pseudoterminals cannot be "
			    "enforced: jail %s has no /dev/pts of its own, "
			    "whose max= would limit its ptys (set mount.devfs)",
			    j->name);
		else
			conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK,
			    &set->rules[i].loc, "pseudoterminals cannot be "
			    "enforced: devfs_ruleset %u gives jail %s no "
			    "/dev/pts of its own, whose max= would limit its "
			    "ptys (rulesets 3, 4 and 5 do)", rs, j->name);
	}
}

int
jail_rctl_rules(struct conf *c, const struct rctl_set *set,
    const struct conf_jail *j, struct rctl_set *out, struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(j, "brig.rctl");
	const struct conf_str *v;
	size_t n = 0, i;

	for (i = 0; set != NULL && i < set->n; i++)
		n += is_jails(&set->rules[i], j->name);
	for (v = p ? p->val : NULL; v; v = v->next)
		n++;
	out->n = 0;
	out->rules = arena_alloc(c->arena, (n ? n : 1) *
	    sizeof(*out->rules));
	for (i = 0; set != NULL && i < set->n; i++)
		if (is_jails(&set->rules[i], j->name))
			out->rules[out->n++] = set->rules[i];
	for (v = p ? p->val : NULL; v; v = v->next)
		if (rctl_param_parse(c, j->name, v,
		    &out->rules[out->n]) == 0)
			out->n++;
	rctl_check_linux(c, out);
	jail_rctl_check_ptys(c, j, out);
	if (conf_errors(c) > 0) {
		first_error(c, e);
		return err_ctx(e, "jail %s: rctl", j->name);
	}
	return 0;
}

/* The kernel copies oom_score_adj to every child, and a writer with
 * CAP_SYS_RESOURCE also sets oom_score_adj_min, below which a process
 * without that capability cannot go: -1000 through oom_score_adj would
 * let any process of the jail make itself unkillable again after its
 * init's children reset theirs to 0 (src/init).  The legacy oom_adj
 * (-17 is OOM_DISABLE, -1000 in oom_score_adj) leaves the minimum
 * alone (fs/proc/base.c, __set_oom_adj(), legacy).  The kernel logs a
 * deprecation notice once per boot. */
static int
oom_protect(pid_t pid, struct brig_err *e)
{
	const char *files[] = { "oom_adj", "oom_score_adj" };
	const char *vals[] = { "-17", "-1000" };
	char path[64];
	size_t i;
	ssize_t w;
	int fd = -1;

	for (i = 0; i < 2 && fd == -1; i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, files[i]);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd == -1 && errno != ENOENT)
			return err_sys(e, "open %s", path);
	}
	if (fd == -1)
		return err_sys(e, "open %s", path);
	w = write(fd, vals[i - 1], strlen(vals[i - 1]));
	if (w != (ssize_t)strlen(vals[i - 1])) {
		/* Lowering needs CAP_SYS_RESOURCE, which brig may lack (run
		 * in a container that dropped it): no protection then. */
		w = errno == EACCES || errno == EPERM ? 1 : -1;
		if (w == -1)
			err_sys(e, "write %s to %s", vals[i - 1], path);
		close(fd);
		return (int)w;
	}
	close(fd);
	return 0;
}

int
jail_rctl_init(const struct rctl_plan *p, pid_t init, struct brig_err *e)
{
	int oom;

	if ((oom = oom_protect(init, e)) == -1 ||
	    rctl_plan_rlimits(p, init, e) == -1 ||
	    (rctl_plan_has_ipc(p) && rctl_plan_ipc(p, init, e) == -1))
		return err_ctx(e, "the jail's init");
	return oom;
}

int
jail_rctl_ptys(const struct rctl_plan *p, pid_t init, struct brig_err *e)
{
	char path[64];
	int rootfd, pts, rc;

	snprintf(path, sizeof(path), "/proc/%d/root", (int)init);
	if ((rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return err_sys(e, "open the root of pid %d", (int)init);
	rc = devfs_pts_open(rootfd, &pts, e);
	close(rootfd);
	if (rc == -1)
		return -1;
	if (pts == -1)
		return p->ptys == RCTL_NO_LIMIT ? 0 : err_fmt(e,
		    "pseudoterminals cannot be enforced: the jail has no "
		    "/dev/pts of its own, whose max= would limit its ptys "
		    "(mount.devfs, with devfs_ruleset 3, 4 or 5)");
	rc = devfs_pts_set_max(pts, p->ptys, e);
	close(pts);
	return rc;
}
