/* A jail's /etc/rc.conf, read as data: the NAME=value assignments that
 * FreeBSD's rc.subr load_rc_config gets by sourcing the file with sh(1),
 * parsed with sh's quoting rules but never executed.  Anything that sh
 * would expand or run is an error: rc.conf here is configuration, not a
 * program. */
#pragma once

#include <stddef.h>

#include "conf.h"

struct rcconf_var {
	const char *name;
	const char *value;	/* quotes removed, as sh would assign it */
	size_t len;		/* of value (sh values hold no NUL) */
	struct conf_loc loc;	/* the last assignment's NAME */
	unsigned nset;		/* how many assignments */
};

/* The variables in order of their first assignment, each holding the
 * value of its last (sh: a later assignment replaces the value; the
 * order is where the name first appeared).  Lives in the struct conf's
 * arena. */
struct rcconf {
	struct rcconf_var *vars;
	size_t n;
	size_t *slot;		/* hash of names: index + 1, 0 empty */
	size_t nslot;		/* a power of two */
};

/* Parse rc.conf text.  c carries the diagnostics and the arena (make it
 * with conf_new(0)); file names the input in messages.  out receives
 * every valid assignment even when some lines have errors, so that a
 * checker can go on.  Returns 0, or -1 when this call reported an
 * error. */
int rcconf_parse(struct conf *c, const char *file, const char *data,
    size_t len, struct rcconf *out);
/* The same from a file of at most 1 MiB, refused if path is a symbolic
 * link.  When the file cannot be read, returns -1 after saying why, and
 * out is not written. */
int rcconf_load(struct conf *c, const char *path, struct rcconf *out);
/* ROOT/etc/rc.conf of a jail whose root is ROOT, opened one component
 * at a time without following a symbolic link at etc or rc.conf (the
 * jail's own files may point anywhere on the host).  As rcconf_load(),
 * but returns 1, with nothing reported and out not written, when there
 * is no such file. */
int rcconf_load_jail(struct conf *c, const char *root, struct rcconf *out);

/* The value of name, or NULL when it is not set. */
const char *rcconf_get(const struct rcconf *rc, const char *name);
const struct rcconf_var *rcconf_find(const struct rcconf *rc,
    const char *name);
/* rc.subr checkyesno: 1 for YES, TRUE, ON or 1; 0 for NO, FALSE, OFF or
 * 0 (any case); -1 when not set or anything else (checkyesno warns and
 * answers no). */
int rcconf_yes(const struct rcconf *rc, const char *name);
/* Report (as error) a variable that is set but not one of
 * checkyesno's words.  Returns rcconf_yes(). */
int rcconf_check_yesno(struct conf *c, const struct rcconf *rc,
    const char *name);
/* Warn about every NAME_enable that checkyesno would not understand
 * (sendmail_enable="NONE", which rc.d/sendmail reads itself, aside). */
void rcconf_check_enables(struct conf *c, const struct rcconf *rc);
