/* brig start | stop | restart [-nv] [-f file] (-a | name ...)
 *
 * jail(8)'s depend rule: the jails a jail depends on start first (those
 * already running are left alone) and stop after it. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../conf/rctl_conf.h"
#include "../jail/jail.h"

enum op { OP_START, OP_STOP, OP_RESTART };

struct lifecycle_args {
	bool all, dry_run, verbose;
	bool raw;		/* -R: stop without the configuration */
	char **names;
	int nnames;
};

static int
parse_args(struct cli *cli, const struct cmd *cmd, int argc, char **argv,
    struct lifecycle_args *a)
{
	int ch;

	memset(a, 0, sizeof(*a));
	optind = 1;
	while ((ch = getopt(argc, argv, cmd == &cmd_stop ? "af:nRv" :
	    "af:nv")) != -1)
		switch (ch) {
		case 'a':
			a->all = true;
			break;
		case 'R':
			a->raw = true;
			break;
		case 'f':
			cli->conf = optarg;
			break;
		case 'n':
			a->dry_run = true;
			break;
		case 'v':
			a->verbose = true;
			break;
		default:
			cli_usage(cli, cmd);
			return -1;
		}
	a->names = argv + optind;
	a->nnames = argc - optind;
	if (a->all == (a->nnames > 0)) {
		cli_usage(cli, cmd);
		return -1;
	}
	return 0;
}

/* Mark NAME and, for a start, what it depends on (recursively). */
static int
mark(const struct conf *c, const char *name, unsigned char *want,
    bool deps)
{
	const struct conf_param *p;
	const struct conf_str *s;
	size_t i;

	for (i = 0; i < c->njails; i++)
		if (strcmp(c->order[i]->name, name) == 0)
			break;
	if (i == c->njails)
		return -1;
	if (want[i])
		return 0;
	want[i] = 1;
	p = deps ? conf_param_find(c->order[i], "depend") : NULL;
	for (s = p ? p->val : NULL; s; s = s->next)
		mark(c, s->s, want, deps);
	return 0;
}

/* want = set and everything its jails depend on. */
static void
with_deps(const struct conf *c, const unsigned char *set, unsigned char *want)
{
	size_t k;

	memset(want, 0, c->njails);
	for (k = 0; k < c->njails; k++)
		if (set[k])
			mark(c, c->order[k]->name, want, true);
}

/* For a stop: also every jail that depends on a marked one. */
static void
mark_dependents(const struct conf *c, unsigned char *want)
{
	bool changed = true;
	size_t i;

	while (changed) {
		changed = false;
		for (i = 0; i < c->njails; i++) {
			const struct conf_param *p;
			const struct conf_str *s;

			if (want[i])
				continue;
			p = conf_param_find(c->order[i], "depend");
			for (s = p ? p->val : NULL; s; s = s->next) {
				size_t k;

				for (k = 0; k < c->njails; k++)
					if (want[k] && strcmp(c->order[k]->name,
					    s->s) == 0)
						break;
				if (k < c->njails) {
					want[i] = 1;
					changed = true;
					break;
				}
			}
		}
	}
}

/* Stop the marked jails, dependents first.  A jail that is not running
 * is an error only when it was named (and not with -a); it is unmarked,
 * so that a restart starts again only what it stopped. */
static int
do_stop(const struct jail_ctx *x, const struct conf *c, unsigned char *want,
    const unsigned char *named, bool quiet)
{
	struct brig_err e;
	struct jail_state st;
	size_t i;
	int rc = 0;

	for (i = c->njails; i-- > 0;) {
		const struct conf_jail *j = c->order[i];

		if (!want[i])
			continue;
		if ((quiet || !named[i]) && jail_status(x, j->name, &st) ==
		    JAIL_STOPPED) {
			want[i] = 0;
			continue;
		}
		if (jail_stop(x, j->name, j, &e) == -1) {
			char buf[700];

			fprintf(stderr, "brig: %s\n", err_str(&e, buf,
			    sizeof(buf)));
			rc = 1;
		} else if (!x->dry_run)
			printf("%s: removed\n", j->name);
	}
	return rc;
}

/* Start the marked jails, dependencies first.  One already running is
 * skipped when it is only a dependency or -a asked for all, an error
 * when it was named; a failure stops what would depend on it. */
static int
do_start(const struct jail_ctx *x, const struct conf *c,
    const unsigned char *want, const unsigned char *named, bool all)
{
	struct brig_err e;
	struct jail_state st;
	char buf[700];
	size_t i;
	int rc = 0;

	for (i = 0; i < c->njails; i++) {
		const struct conf_jail *j = c->order[i];

		if (!want[i])
			continue;
		if ((all || !named[i]) && jail_status(x, j->name, &st) ==
		    JAIL_RUNNING)
			continue;
		if (jail_start(x, j, &e) == -1) {
			fprintf(stderr, "brig: %s\n", err_str(&e, buf,
			    sizeof(buf)));
			if (jail_status(x, j->name, &st) != JAIL_RUNNING)
				return 1;	/* later jails may need it */
			rc = 1;			/* named, already running */
			continue;
		}
		if (!x->dry_run)
			printf("%s: created\n", j->name);
	}
	return rc;
}

/* Stop jails by their state alone: jail -R, or a jail that is no
 * longer in the configuration.  No exec.* command runs. */
static int
stop_raw(const struct jail_ctx *x, char **names, int n, bool all)
{
	struct brig_err e;
	char **list = names, buf[700];
	size_t count = (size_t)n, i;
	int rc = 0;

	if (all && state_list(x->rundir, &list, &count, &e) == -1) {
		fprintf(stderr, "brig: %s\n", e.msg);
		return 1;
	}
	for (i = 0; i < count; i++) {
		if (jail_stop(x, list[i], NULL, &e) == -1) {
			fprintf(stderr, "brig: %s\n", err_str(&e, buf,
			    sizeof(buf)));
			rc = 1;
		} else if (!x->dry_run)
			printf("%s: removed\n", list[i]);
		if (all)
			free(list[i]);
	}
	if (all)
		free(list);
	return rc;
}

/* rctl.conf's rules, for the jails a start makes (their limits, and
 * which v1 hierarchies each joins: jail_rctl_rules()).  No file is no
 * rule; a line with an error is reported and left out, as rc.d/rctl
 * goes on past a rule that rctl(8) refuses.  The rules live in the
 * returned conf. */
static struct conf *
load_rctl(const struct cli *cli, struct rctl_set *set)
{
	struct conf *r = conf_new(0);
	struct stat st;

	if (stat(cli->rctl_conf, &st) == -1 && errno == ENOENT)
		return r;
	rctl_load(r, cli->rctl_conf, set);
	conf_print_diags(r, stderr, false);
	return r;
}

static void
init_ctx(const struct cli *cli, const struct lifecycle_args *a,
    struct jail_ctx *x)
{
	memset(x, 0, sizeof(*x));
	x->rundir = cli->rundir;
	x->datadir = cli->datadir;
	x->dry_run = a->dry_run;
	x->verbose = a->verbose;
	x->out = stdout;
}

static int
run_op(struct cli *cli, const struct cmd *cmd, enum op op, int argc,
    char **argv)
{
	struct lifecycle_args a;
	struct jail_ctx x;
	struct rctl_set rules = { NULL, 0 };
	struct conf *c, *rctl = NULL;
	unsigned char *want, *named;
	int i, rc = 0;

	if (parse_args(cli, cmd, argc, argv, &a) == -1)
		return EXIT_USAGE;
	init_ctx(cli, &a, &x);
	if (a.raw)
		return stop_raw(&x, a.names, a.nnames, a.all);
	c = cli_load(cli, true, true);
	if (conf_errors(c)) {
		fprintf(stderr, "brig: %s has errors; see brig check\n",
		    cli->conf);
		conf_free(c);
		return 1;
	}
	if (!a.dry_run && cli_conf_secure(cli->conf) == -1) {
		conf_free(c);
		return 1;
	}
	if (op != OP_STOP) {
		rctl = load_rctl(cli, &rules);
		x.rctl = &rules;
	}
	want = calloc(c->njails + 1, 1);
	named = calloc(c->njails + 1, 1);
	if (want == NULL || named == NULL)
		abort();
	for (i = 0; i < a.nnames; i++) {
		struct jail_state st;

		if (mark(c, a.names[i], named, false) == 0)
			continue;
		if (op == OP_STOP && jail_status(&x, a.names[i], &st) !=
		    JAIL_STOPPED) {
			fprintf(stderr, "brig: warning: %s is not in %s: "
			    "stopping it without its exec.* commands\n",
			    a.names[i], cli->conf);
			rc |= stop_raw(&x, a.names + i, 1, false);
			continue;
		}
		fprintf(stderr, "brig: no jail named \"%s\" in %s\n",
		    a.names[i], cli->conf);
		rc = 1;
	}
	if (rc == 0) {
		if (a.all)
			memset(named, 1, c->njails);
		if (op == OP_START) {
			with_deps(c, named, want);
			rc = do_start(&x, c, want, named, a.all);
		} else {
			/* stop and restart act on the jails that depend on
			 * the named ones too */
			memcpy(want, named, c->njails);
			mark_dependents(c, want);
			rc = do_stop(&x, c, want, named, a.all ||
			    op == OP_RESTART);
			if (rc == 0 && op == OP_RESTART) {
				/* again the named jails and what it stopped,
				 * and what those need */
				for (size_t k = 0; k < c->njails; k++)
					named[k] |= want[k];
				with_deps(c, named, want);
				rc = do_start(&x, c, want, named, false);
			}
		}
	}
	free(want);
	free(named);
	conf_free(rctl);
	conf_free(c);
	return rc;
}

static int
run_start(struct cli *cli, int argc, char **argv)
{
	return run_op(cli, &cmd_start, OP_START, argc, argv);
}

static int
run_stop(struct cli *cli, int argc, char **argv)
{
	return run_op(cli, &cmd_stop, OP_STOP, argc, argv);
}

static int
run_restart(struct cli *cli, int argc, char **argv)
{
	return run_op(cli, &cmd_restart, OP_RESTART, argc, argv);
}

const struct cmd cmd_start = {
	"start", "[-nv] [-f file] -a | name ...",
	"start jails, and first the jails they depend on", run_start,
};

const struct cmd cmd_stop = {
	"stop", "[-nRv] [-f file] -a | name ...",
	"stop jails, and first the jails that depend on them", run_stop,
};

const struct cmd cmd_restart = {
	"restart", "[-nv] [-f file] -a | name ...",
	"stop, then start again", run_restart,
};
