/* What rctl.conf's rules ask of a jail's cgroup: a jail joins the v1
 * hierarchy of a controller only when a rule for it limits through that
 * controller, because each v1 hierarchy joined costs a migration at
 * every start and exec (cgroup.c, v1_wanted). */
#include <string.h>

#include "jail.h"
#include "../conf/rctl_conf.h"
#include "../rctl/cgroup.h"

/* Rules of any action count (a log or devctl rule watches the same
 * controller a deny rule limits through); rules for processes, users and
 * login classes are no business of the jail's cgroup. */
unsigned
jail_cgroup_need(const struct rctl_set *set, const char *name)
{
	const struct rctl_rule *r;
	const struct rctl_linux *lx;
	unsigned need = 0;
	size_t i;

	for (i = 0; set != NULL && i < set->n; i++) {
		r = &set->rules[i];
		lx = rctl_linux(r->resource);
		if (r->subject == RCTL_SUBJ_JAIL && r->id != NULL &&
		    strcmp(r->id, name) == 0 && lx != NULL &&
		    lx->how == RCTL_LX_CGROUP)
			need |= cgroup_controller_of(lx->cg2);
	}
	return need;
}
