/* brig rctl -a / -r on a running jail (rctl_live.c). */
#pragma once

#include <stddef.h>

#include "jail.h"
#include "../conf/rctl_conf.h"
#include "../rctl/rules.h"

/* Add rule r (subject jail, r->id the jail's name) to the rules of the
 * running jail: a deny rule replaces the one for the same resource and
 * per, as the kernel's rctl_rule_add() does; an identical rule is no
 * change.  The jail's limits follow at once.  0, or -1 with e (the
 * jail and its rules as they were). */
int jail_rctl_add(const struct jail_ctx *x, const struct rctl_rule *r,
    struct brig_err *e);
/* Remove the rules of running jail name that f matches (*removed: how
 * many), and lift their limits. */
int jail_rctl_remove(const struct jail_ctx *x, const char *name,
    const struct rctl_filter *f, size_t *removed, struct brig_err *e);
