/* brig rctl, and rctl(8) by its own name:
 *
 *   rctl [-h] [-n] [filter ...]   the rules in effect ("::", all)
 *   rctl -a rule ...              add, to a running jail, at once
 *   rctl -r filter ...            remove, and lift their limits
 *   rctl -u [-h] filter ...       a jail's usage, resource=value lines
 *   rctl -l filter                (process rules: refused)
 *
 * As FreeBSD's (usr.bin/rctl/rctl.c): subjects abbreviated (j, u, p, l),
 * amounts with suffixes, -h humanizes amounts, each argument on its own
 * (one failing does not stop the next; the exit status says whether any
 * failed).  The rules in effect are those brig start gave each running
 * jail and the changes since (src/rctl/rules.h): a rule added here lasts
 * while the jail runs. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../jail/jail.h"
#include "../jail/rctl_live.h"
#include "../rctl/cgroup.h"
#include "../rctl/rules.h"
#include "../rctl/usage.h"
#include "../util/buf.h"

struct rctl_args {
	bool human;
	char mode;	/* 0 (list), 'a', 'r', 'u', 'l' */
};

/* "brig: rctl: rule "TEXT", column N: message" for each diagnostic. */
static void
print_diags(const struct conf *c, const char *what, const char *text)
{
	size_t i;

	for (i = 0; i < c->ndiags; i++)
		fprintf(stderr, "brig: rctl: %s%s \"%s\", column %u: %s\n",
		    c->diags[i].sev == CONF_WARNING ? "warning: " : "", what,
		    text, c->diags[i].loc.col, c->diags[i].msg);
}

/* The rule's subject abbreviation spelt out (rctl(8) expand_rule). */
static char *
expand(const char *arg)
{
	const char *colon = strchr(arg, ':'), *s;
	struct buf b = BUF_INIT;
	size_t n;

	if (colon == NULL)
		return xstrdup(arg);
	s = rctl_subject_expand(arg, (size_t)(colon - arg), &n);
	buf_add(&b, s, n);
	buf_adds(&b, colon);
	return b.s;
}

static int
add(const struct jail_ctx *x, const char *arg)
{
	struct conf_loc loc = { "rule", 1, 1 };
	struct rctl_set set;
	struct rctl_rule r;
	struct brig_err e;
	char *rule = expand(arg), buf[700];
	struct conf *c = conf_new(0);
	int rc = -1;

	if (rctl_rule_parse(c, &loc, rule, strlen(rule), &r) == 0) {
		set.rules = &r;
		set.n = 1;
		rctl_check_linux(c, &set);
	}
	print_diags(c, "rule", arg);
	if (conf_errors(c) == 0) {
		if (jail_rctl_add(x, &r, &e) == 0)
			rc = 0;
		else
			fprintf(stderr, "brig: rctl: %s: %s\n", arg,
			    err_str(&e, buf, sizeof(buf)));
	}
	conf_free(c);
	free(rule);
	return rc;
}

/* The running jails a filter may name: its id, or every one. */
static int
running_jails(const struct jail_ctx *x, const struct rctl_filter *f,
    char ***names, size_t *n)
{
	struct jail_state st;
	struct brig_err e;
	size_t i, k = 0;

	if (f->subject >= 0 && f->subject != RCTL_SUBJ_JAIL) {
		*names = NULL;
		*n = 0;
		return 0;	/* brig keeps jail rules only */
	}
	if (state_list(x->rundir, names, n, &e) == -1) {
		char buf[700];

		fprintf(stderr, "brig: rctl: %s\n", err_str(&e, buf,
		    sizeof(buf)));
		return -1;
	}
	for (i = 0; i < *n; i++)
		if ((f->id[0] == '\0' || strcmp(f->id, (*names)[i]) == 0) &&
		    jail_status(x, (*names)[i], &st) == JAIL_RUNNING)
			(*names)[k++] = (*names)[i];
		else
			free((*names)[i]);
	*n = k;
	return 0;
}

static void
free_names(char **names, size_t n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

static int
parse_filter(const char *arg, struct rctl_filter *f)
{
	struct brig_err e;
	char buf[700];

	if (rctl_filter_parse(arg, f, &e) == 0)
		return 0;
	fprintf(stderr, "brig: rctl: %s\n", err_str(&e, buf, sizeof(buf)));
	return -1;
}

static int
list(const struct jail_ctx *x, const char *arg, bool human)
{
	struct rctl_filter f;
	struct rctl_set set;
	struct brig_err e;
	struct buf b = BUF_INIT;
	char **names, buf[700];
	size_t n, i, k;
	int rc = 0;

	if (parse_filter(arg, &f) == -1 || running_jails(x, &f, &names,
	    &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		struct conf *c = conf_new(0);

		if (rctl_rules_load(c, x->rundir, names[i], &set, &e) == -1) {
			fprintf(stderr, "brig: rctl: %s\n", err_str(&e, buf,
			    sizeof(buf)));
			rc = -1;
		}
		for (k = 0; k < set.n; k++) {
			if (!rctl_filter_match(&f, &set.rules[k]))
				continue;
			buf_reset(&b);
			rctl_rule_format(&set.rules[k], human, &b);
			printf("%s\n", b.s);
		}
		conf_free(c);
	}
	buf_free(&b);
	free_names(names, n);
	return rc;
}

static int
remove_rules(const struct jail_ctx *x, const char *arg)
{
	struct rctl_filter f;
	struct brig_err e;
	char **names, buf[700];
	size_t n, i, removed;
	int rc = 0;

	if (parse_filter(arg, &f) == -1 || running_jails(x, &f, &names,
	    &n) == -1)
		return -1;
	if (f.subject >= 0 && f.subject != RCTL_SUBJ_JAIL) {
		fprintf(stderr, "brig: rctl: %s: brig keeps jail rules only\n",
		    arg);
		return -1;
	}
	if (f.id[0] != '\0' && n == 0) {
		fprintf(stderr, "brig: rctl: %s: jail %s is not running\n",
		    arg, f.id);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (jail_rctl_remove(x, names[i], &f, &removed, &e) == -1) {
			fprintf(stderr, "brig: rctl: %s: %s\n", arg,
			    err_str(&e, buf, sizeof(buf)));
			rc = -1;
		}
	free_names(names, n);
	return rc;
}

/* -u: "resource=value" lines in FreeBSD's order (kern_racct.c), of
 * what Linux can measure; -h humanizes. */
static void
put(bool human, const char *res, int64_t v)
{
	char num[32];

	if (v < 0)
		return;		/* not measured here: left out */
	if (human)
		rctl_humanize((uint64_t)v, num, sizeof(num));
	else
		snprintf(num, sizeof(num), "%" PRId64, v);
	printf("%s=%s\n", res, num);
}

/* Two reads a quarter of a second apart: pcpu and the I/O rates are
 * over that time (FreeBSD's pcpu is a decaying average). */
#define USAGE_SAMPLE_US 250000

static int
usage_of(const struct jail_ctx *x, const char *arg, bool human)
{
	struct jail_usage u0, u;
	struct jail_rates r;
	struct rctl_filter f;
	struct jail_state st;
	struct cgroup *cg;
	struct brig_err e;
	char buf[700];
	int rc;

	if (parse_filter(arg, &f) == -1)
		return -1;
	if (f.subject != RCTL_SUBJ_JAIL || f.id[0] == '\0') {
		fprintf(stderr, "brig: rctl: -u %s: name a jail "
		    "(jail:NAME)\n", arg);
		return -1;
	}
	if (jail_status(x, f.id, &st) != JAIL_RUNNING) {
		fprintf(stderr, "brig: rctl: -u %s: jail %s is not running\n",
		    arg, f.id);
		return -1;
	}
	if (cgroup_open(f.id, &cg, &e) == -1)
		goto fail;
	rc = jail_usage_read(cg, st.pid, st.vnet, &u0, &e);
	if (rc == 0) {
		usleep(USAGE_SAMPLE_US);
		rc = jail_usage_read(cg, st.pid, st.vnet, &u, &e);
	}
	cgroup_free(cg);
	if (rc == -1)
		goto fail;
	jail_usage_rates(&u0, &u, USAGE_SAMPLE_US, &r);
	put(human, "cputime", u.cpu_usec < 0 ? -1 : u.cpu_usec / 1000000);
	put(human, "memoryuse", u.memory);
	put(human, "maxproc", u.nproc);
	put(human, "openfiles", u.openfiles);
	put(human, "vmemoryuse", u.vmemory);
	put(human, "swapuse", u.swap);
	put(human, "nthr", u.nthr);
	put(human, "wallclock", (int64_t)(time(NULL) - st.started));
	put(human, "pcpu", r.pcpu < 0 ? -1 : (int64_t)(r.pcpu + 0.5));
	put(human, "readbps", r.read_bps < 0 ? -1 : (int64_t)r.read_bps);
	put(human, "writebps", r.write_bps < 0 ? -1 : (int64_t)r.write_bps);
	put(human, "readiops", r.read_iops < 0 ? -1 : (int64_t)r.read_iops);
	put(human, "writeiops", r.write_iops < 0 ? -1 :
	    (int64_t)r.write_iops);
	return 0;
fail:
	fprintf(stderr, "brig: rctl: -u %s: %s\n", arg, err_str(&e, buf,
	    sizeof(buf)));
	return -1;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const char *const whole = "::";
	struct rctl_args a = { false, 0 };
	struct jail_ctx x;
	int ch, i, failed = 0, rc;

	optind = 1;
	while ((ch = getopt(argc, argv, "ahlnru")) != -1)
		switch (ch) {
		case 'h':
			a.human = true;
			break;
		case 'n':
			break;	/* numeric ids: brig's subjects are jails */
		case 'a':
		case 'l':
		case 'r':
		case 'u':
			if (a.mode && a.mode != ch) {
				fprintf(stderr, "brig: rctl: at most one of -a, "
				    "-l, -r, or -u may be specified\n");
				return EXIT_USAGE;
			}
			a.mode = (char)ch;
			break;
		default:
			cli_usage(cli, &cmd_rctl);
			return EXIT_USAGE;
		}
	if (optind == argc && a.mode != 0) {
		cli_usage(cli, &cmd_rctl);
		return EXIT_USAGE;
	}
	memset(&x, 0, sizeof(x));
	x.rundir = cli->rundir;
	x.datadir = cli->datadir;
	if (optind == argc)
		return list(&x, whole, a.human) == 0 ? 0 : 1;
	for (i = optind; i < argc; i++) {
		switch (a.mode) {
		case 'a':
			rc = add(&x, argv[i]);
			break;
		case 'r':
			rc = remove_rules(&x, argv[i]);
			break;
		case 'u':
			rc = usage_of(&x, argv[i], a.human);
			break;
		case 'l':
			fprintf(stderr, "brig: rctl: -l %s: brig keeps jail "
			    "rules only; a process's are its jail's (rctl "
			    "jail:NAME)\n", argv[i]);
			rc = -1;
			break;
		default:
			rc = list(&x, argv[i], a.human);
			break;
		}
		failed += rc != 0;
	}
	return failed ? 1 : 0;
}

const struct cmd cmd_rctl = {
	"rctl", "[-h] [-n] [filter ...] | -a rule ... | -r filter ... | "
	"-u [-h] filter ...",
	"FreeBSD's rctl: list the rules in effect, add or remove one on a "
	"running jail at once, show a jail's usage",
	run,
};
