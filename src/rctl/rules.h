/* The rules in effect for a running jail, and rctl(8)'s filters.
 *
 *   RUNDIR/jails/NAME/rctl   one rule a line, rctl.conf(5) syntax
 *
 * brig start writes the file with the jail's rules (rctl.conf and its
 * brig.rctl parameter); brig rctl -a and -r change the file and the
 * kernel's limits together; brig stop removes it with the journal.  A
 * rule added with rctl -a therefore lasts while the jail runs, as
 * FreeBSD's last until the jail's rules are loaded again.
 *
 * A filter is FreeBSD's: subject:id:resource:action=amount/per with any
 * trailing part left out and any field empty (matches all); "::" is
 * every rule.  The subject may be abbreviated as rctl(8) does (j, u, p,
 * l, c, class). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../conf/rctl_conf.h"
#include "../util/err.h"

struct buf;

#define RCTL_FILTER_ID_MAX 255

struct rctl_filter {
	int subject;		/* enum rctl_subject, or -1: any */
	char id[RCTL_FILTER_ID_MAX + 1];	/* "": any */
	int resource;		/* enum rctl_resource, or -1 */
	int action;		/* enum rctl_action, or -1 */
	char signame[16];	/* action RCTL_ACT_SIGNAL: "sigterm" ... */
	bool has_amount;
	uint64_t amount;
	int per;		/* enum rctl_subject, or -1 */
};

/* rctl(8)'s subject abbreviations: "j" is "jail" ...; anything else is
 * returned as it is (a pointer into a static table or s). */
const char *rctl_subject_expand(const char *s, size_t len, size_t *outlen);

/* Parse a filter.  0, or -1 with e saying what is wrong and where. */
int rctl_filter_parse(const char *text, struct rctl_filter *f,
    struct brig_err *e);
bool rctl_filter_match(const struct rctl_filter *f, const struct rctl_rule *r);

/* A rule as rctl(8) prints it: subject:id:resource:action=amount, and
 * /per when per is not the subject; human: amounts as humanize_number(3)
 * with HN_AUTOSCALE | HN_DECIMAL (512M, 1.5G). */
void rctl_rule_format(const struct rctl_rule *r, bool human, struct buf *b);
/* humanize_number(3) as rctl -h calls it: 5 bytes at most, 1024 as the
 * divisor, one decimal below 10 ("1.5G", "512M", "64"). */
void rctl_humanize(uint64_t n, char *out, size_t len);

/* RUNDIR/jails/NAME/rctl: write (atomically; n == 0 removes it) and
 * read (c: the arena and diagnostics; a missing file is no rule). */
int rctl_rules_save(const char *rundir, const char *name,
    const struct rctl_rule *rules, size_t n, struct brig_err *e);
int rctl_rules_load(struct conf *c, const char *rundir, const char *name,
    struct rctl_set *out, struct brig_err *e);
