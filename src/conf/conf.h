/* The jail.conf language: load, resolve and check a configuration.
 *
 * The stages follow FreeBSD's jail(8) (usr.sbin/jail: jaillex.l,
 * jailparse.y, config.c): lex -> parse -> resolve (defaults, wildcards,
 * "+=", per-jail variable substitution) -> check (brig's typed
 * parameter table, names, depend).  Nothing here touches the system
 * except reading the configuration files. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct conf_loc {
	const char *file;
	unsigned line;
	unsigned col;
};

enum conf_sev {
	CONF_ERROR,
	CONF_WARNING,
};

/* Which stage found a problem.  Syntax and resolve errors are the ones
 * FreeBSD's own parser also rejects; check errors are brig's stricter
 * validation. */
enum conf_stage {
	CONF_STAGE_SYNTAX,
	CONF_STAGE_RESOLVE,
	CONF_STAGE_CHECK,
};

struct conf_diag {
	enum conf_sev sev;
	enum conf_stage stage;
	struct conf_loc loc;
	char *msg;
};

/* A variable reference inside a string: $name or ${name}. */
struct conf_var {
	struct conf_var *next;
	const char *name;
	size_t pos;		/* byte offset in the string */
	struct conf_loc loc;
	const struct conf_param *ref;	/* its resolved parameter */
};

/* One value of a parameter. */
struct conf_str {
	struct conf_str *next;
	char *s;
	size_t len;
	struct conf_var *vars;	/* empty once resolved */
	struct conf_loc loc;
};

/* Parameter flags (FreeBSD jailp.h PF_*). */
#define CONF_PF_VAR	 0x01u	/* a user variable: $name = ... */
#define CONF_PF_APPEND	 0x02u	/* += */
#define CONF_PF_NAMEVAL	 0x04u	/* "name value" with no '=' */
#define CONF_PF_BAD	 0x08u	/* its substitution failed */
#define CONF_PF_IMMUTABLE 0x10u	/* name, jid: cannot be set again */
#define CONF_PF_IMPLICIT 0x20u	/* the name (or jid) the block name gives */

struct param_def;

struct conf_param {
	struct conf_param *next, *prev;
	const char *name;	/* as last written, "nopersist" included */
	unsigned flags;
	struct conf_str *val, *val_tail;
	unsigned gen;		/* substitution generation (config.c) */
	struct conf_loc loc;	/* where it was last set */
	const struct param_def *def;	/* its table entry, or NULL */
	bool neg;		/* name is the "no" form of def */
	bool looked;		/* def, neg and fbsd_flags are known */
	bool fbsd;		/* a jail(8) intparam (see params.h) */
	unsigned fbsd_flags;
};

#define CONF_JF_FAILED	0x01u

struct conf_jail {
	struct conf_jail *next;
	const char *name;
	struct conf_loc loc;
	unsigned seq;		/* position among all blocks, from 1 */
	unsigned flags;
	struct conf_param *params, *params_tail;
	struct conf_jail *parent;	/* enclosing block while parsing */
};

struct conf {
	struct arena *arena;
	struct conf_jail *jails;	/* resolved jails, in file order */
	struct conf_jail *wild;		/* wildcard and global blocks */
	size_t njails;
	struct conf_diag *diags;
	size_t ndiags, capdiags;
	unsigned nerrors[3];		/* per enum conf_stage */
	unsigned nwarnings;
	unsigned nkept[2];		/* errors, warnings stored in diags */
	unsigned flags;
	/* parser state */
	struct conf_jail *blocks, *blocks_tail;
	struct conf_jail *cur;		/* the block being parsed, or NULL */
	unsigned seq;
	struct conf_incl *incl;		/* include stack */
	unsigned depth;
	size_t total_bytes;
	struct conf_jail **order;	/* depend order, after conf_check() */
};

/* conf_load flags */
#define CONF_NO_INCLUDE	0x01u	/* refuse .include (fuzzing) */
#define CONF_NO_CONFD	0x02u	/* do not read FILE.d/ *.conf */

/* Load a configuration: FILE ("-" is standard input), then, unless
 * CONF_NO_CONFD, every FILE.d/ *.conf in name order, as FreeBSD 14
 * reads /etc/jail.conf.d.  Never returns NULL; problems are diagnostics
 * in the result.  Caller frees with conf_free(). */
struct conf *conf_load(const char *file, unsigned flags);
/* An empty configuration: a carrier of diagnostics and an arena for
 * the other readers (rctl.conf, rc.conf). */
struct conf *conf_new(unsigned flags);
/* The same from memory; NAME is used in messages. */
struct conf *conf_load_mem(const char *name, const char *data, size_t len,
    unsigned flags);
/* Validate every jail against the parameter table, names and depend;
 * computes c->order. */
void conf_check(struct conf *c);
void conf_free(struct conf *c);

bool conf_failed(const struct conf *c);	/* any syntax/resolve error */
unsigned conf_errors(const struct conf *c);
/* file:line:col: message lines, in file order. */
void conf_print_diags(const struct conf *c, FILE *fp, bool warnings);

struct conf_jail *conf_jail_find(const struct conf *c, const char *name);
struct conf_param *conf_param_find(const struct conf_jail *j,
    const char *name);
/* Take p out of j's parameters (the arena keeps it). */
void conf_param_unlink(struct conf_jail *j, struct conf_param *p);
/* FreeBSD bool_param(): absent is false; no value is true; "true" or a
 * non-zero integer is true; a "no" prefix on the last name component
 * inverts. */
bool conf_param_bool(const struct conf_param *p);
/* The last value of a scalar parameter, or NULL. */
const char *conf_param_str(const struct conf_param *p);
/* A jailsys parameter (vnet, ...) asks for the jail's own: "new", or a
 * boolean form that is true ("vnet;"); not "inherit", "disable",
 * "novnet;" or absent. */
bool conf_jailsys_new(const struct conf_jail *j, const char *name);

/* Output.  show -p: JAIL<TAB>PARAM<TAB>VALUE lines; json: the same data. */
void conf_print_flat(const struct conf *c, FILE *fp, char **names,
    int nnames);
void conf_print_json(const struct conf *c, FILE *fp, char **names,
    int nnames);
/* jail -e SEP: jail(8)'s own export format. */
void conf_print_export(const struct conf *c, FILE *fp, const char *sep);
/* The resolved jails in jail.conf syntax. */
void conf_print_conf(const struct conf *c, FILE *fp, char **names,
    int nnames);
/* The canonical name of a parameter: "nopersist" -> "persist". */
const char *conf_param_canon(const struct conf_param *p, char *buf,
    size_t len);

/* Internal to src/conf (also used by the unit tests). */
void conf_diag(struct conf *c, enum conf_sev sev, enum conf_stage stage,
    const struct conf_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
