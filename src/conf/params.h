/* The parameter table: every FreeBSD jail(8) parameter and
 * pseudo-parameter, and brig's own, with type and Linux support. */
#pragma once

#include <stdbool.h>

enum param_type {
	PT_BOOL,	/* true/false, "name;" and "noname;" */
	PT_INT,
	PT_STRING,
	PT_LIST,	/* a list of strings */
	PT_CMD,		/* a list of commands, run in order */
	PT_ADDR4,	/* list of [iface|]addr[/prefix] */
	PT_ADDR6,
	PT_JAILSYS,	/* new | inherit | disable, or a boolean form */
};

enum param_support {
	PS_YES,		/* as FreeBSD */
	PS_LINUX,	/* supported, with the Linux meaning in `note` */
	PS_IGNORED,	/* not on Linux: a warning, the jail still runs */
	PS_REFUSED,	/* not on Linux: an error when set to anything but
			 * its default, since the jail cannot run as asked */
};

#define PD_FBSD_INT	0x01u	/* in jail(8)'s intparams[]: a variable may
				 * not have this name */
#define PD_IMMUTABLE	0x02u	/* name, jid: fixed by the block name */
#define PD_READONLY	0x04u	/* reported by the kernel, never set */
#define PD_BRIG		0x08u	/* brig's own namespace */
#define PD_PSEUDO	0x10u	/* acted on by jail(8), not the kernel */
#define PD_MEANING	0x20u	/* check.c has rules for its values */

struct param_def {
	const char *name;
	enum param_type type;
	enum param_support support;
	unsigned flags;
	long min, max;		/* PT_INT range */
	const char *note;	/* the Linux meaning, or why not */
};

/* Exact lookup by canonical name ("persist", not "nopersist"). */
const struct param_def *params_lookup(const char *name);
/* Lookup accepting the "no" forms of boolean names. */
const struct param_def *params_lookup_opt(const char *name, bool *negated);
/* If name matches (as equalopts) a parameter of jail(8)'s intparams[],
 * OR its FreeBSD flags (CONF_PF_IMMUTABLE) into *flags; true if so. */
bool params_fbsd_flags(const char *name, unsigned *flags);
/* The closest known name, for "did you mean", or NULL. */
const char *params_suggest(const char *name);
const struct param_def *params_table(unsigned *n);
const char *params_type_name(enum param_type t);
