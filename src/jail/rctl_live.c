/* brig rctl -a and -r on a running jail: the new rules become the whole
 * plan again (src/rctl/limit.h), so that a removed rule's limit goes
 * back to unlimited (an IPC sysctl or the pty maximum to the kernel's
 * default) and a rule added for a controller the jail's cgroup is not
 * in yet moves its processes there (cgroup_extend).  Under the
 * jail's lock, as every change to a running jail; if the kernel refuses
 * any part, the previous rules are put back and the file is unchanged:
 * the jail is left as it was. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rctl_live.h"
#include "../conf/conf.h"
#include "../util/buf.h"
#include "../rctl/cgroup.h"
#include "../rctl/limit.h"
#include "../rctl/rules.h"

/* The plan for rules: the jail's cgroup, every process of it, its IPC
 * namespace and its devpts. */
static int
apply(const struct jail_state *st, struct cgroup *cg,
    const struct rctl_rule *rules, size_t n, struct brig_err *e)
{
	struct rctl_plan p;
	pid_t *pids;
	size_t np, i;
	int rc = 0;

	rctl_plan_build(rules, n, st->name, &p);
	if (p.knob[RK_RBPS] != RCTL_NO_LIMIT ||
	    p.knob[RK_WBPS] != RCTL_NO_LIMIT ||
	    p.knob[RK_RIOPS] != RCTL_NO_LIMIT ||
	    p.knob[RK_WIOPS] != RCTL_NO_LIMIT)
		if (rctl_plan_iodev(&p, st->path, e) == -1)
			return -1;
	if (cgroup_extend(cg, p.need, e) == -1 ||
	    rctl_plan_apply(&p, cg, e) == -1 ||
	    cgroup_pids(cg, &pids, &np, e) == -1)
		return -1;
	for (i = 0; i < np && rc == 0; i++)
		rc = rctl_plan_rlimits(&p, pids[i], e);
	free(pids);
	if (rc == 0 && (rctl_plan_ipc(&p, st->pid, e) == -1 ||
	    jail_rctl_ptys(&p, st->pid, e) == -1))
		rc = err_ctx(e, "jail %s", st->name);
	return rc;
}

/* Lock the jail, read its rules, let change() make the new ones from
 * them, apply and save; put the old ones back if anything fails. */
static int
change(const struct jail_ctx *x, const char *name,
    int (*make)(struct conf *c, const struct rctl_set *old,
    struct rctl_set *new, void *arg, struct brig_err *e), void *arg,
    struct brig_err *e)
{
	struct rctl_set old, new;
	struct jail_state st;
	struct brig_err e2;
	struct cgroup *cg = NULL;
	struct conf *c = conf_new(0);
	int lock, rc = -1;

	if ((lock = state_lock(x->rundir, name, e)) == -1) {
		conf_free(c);
		return -1;
	}
	if (jail_status(x, name, &st) != JAIL_RUNNING) {
		err_fmt(e, "jail %s is not running (a rule that lasts goes in "
		    "rctl.conf or the jail's brig.rctl)", name);
		goto out;
	}
	if (rctl_rules_load(c, x->rundir, name, &old, e) == -1 ||
	    make(c, &old, &new, arg, e) == -1 ||
	    cgroup_open(name, &cg, e) == -1)
		goto out;
	if (apply(&st, cg, new.rules, new.n, e) == 0)
		rc = rctl_rules_save(x->rundir, name, new.rules, new.n, e);
	if (rc == -1)
		(void)apply(&st, cg, old.rules, old.n, &e2);	/* as it was */
out:
	if (cg)
		cgroup_free(cg);
	conf_free(c);
	close(lock);
	return rc;
}

/* The old rules and r, read as rctl.conf is: the kernel's replacement
 * of a deny rule, and of an identical one, for free. */
static int
make_add(struct conf *c, const struct rctl_set *old, struct rctl_set *new,
    void *arg, struct brig_err *e)
{
	const struct rctl_rule *r = arg;
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < old->n; i++) {
		rctl_rule_format(&old->rules[i], false, &b);
		buf_addc(&b, '\n');
	}
	rctl_rule_format(r, false, &b);
	buf_addc(&b, '\n');
	rc = rctl_parse(c, "rules", b.s, b.len, new);
	buf_free(&b);
	if (rc == -1 || conf_failed(c))
		return err_fmt(e, "jail %s: its rules and the new one do not "
		    "read back", r->id);
	return 0;
}

struct remove_arg {
	const struct rctl_filter *f;
	size_t removed;
};

static int
make_remove(struct conf *c, const struct rctl_set *old,
    struct rctl_set *new, void *arg, struct brig_err *e)
{
	struct remove_arg *ra = arg;
	size_t i;

	(void)e;
	/* In c's arena, as the old ones: they stay whole, to be put back
	 * if the new ones cannot be applied. */
	new->rules = arena_alloc(c->arena, (old->n ? old->n : 1) *
	    sizeof(*new->rules));
	new->n = 0;
	for (i = 0; i < old->n; i++)
		if (rctl_filter_match(ra->f, &old->rules[i]))
			ra->removed++;
		else
			new->rules[new->n++] = old->rules[i];
	return 0;
}

int
jail_rctl_add(const struct jail_ctx *x, const struct rctl_rule *r,
    struct brig_err *e)
{
	return change(x, r->id, make_add, (void *)r, e);
}

int
jail_rctl_remove(const struct jail_ctx *x, const char *name,
    const struct rctl_filter *f, size_t *removed, struct brig_err *e)
{
	struct remove_arg ra = { f, 0 };
	int rc = change(x, name, make_remove, &ra, e);

	*removed = ra.removed;
	return rc;
}
