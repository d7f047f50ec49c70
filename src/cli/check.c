/* brig check [-q] [-f file] [--rctl file] [--rc-conf file]: every error
 * and warning of the configuration, as file:line:col: message; exit 1 on
 * any error.  -q prints errors only.  By default: the jail.conf, then
 * the rctl.conf if it exists, then PATH/etc/rc.conf of each jail that
 * has one.  --rctl and --rc-conf check only the files they name, unless
 * -f names a jail.conf too. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../conf/rc_conf.h"
#include "../conf/rctl_conf.h"

static void
summary(const struct conf *c, const char *file, size_t n, const char *noun)
{
	unsigned errors = conf_errors(c);

	fprintf(stderr, "%s: %zu %s%s, %u error%s, %u warning%s\n", file, n,
	    noun, n == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
	    c->nwarnings, c->nwarnings == 1 ? "" : "s");
}

/* Print one file's diagnostics and summary line; its error count. */
static unsigned
report(struct conf *c, const char *file, size_t n, const char *noun,
    bool quiet)
{
	conf_print_diags(c, stderr, !quiet);
	if (!quiet)
		summary(c, file, n, noun);
	return conf_errors(c);
}

/* rctl.conf; with jails (jail.conf parsed), a rule for a jail that is
 * not there is suspicious: FreeBSD would keep it for a jail of that name
 * started later. */
static unsigned
check_rctl(const char *path, const struct conf *jails, const char *jfile,
    bool quiet)
{
	struct conf *c = conf_new(0);
	struct rctl_set set = { NULL, 0 };
	const struct rctl_rule *r;
	unsigned errors;
	size_t i;

	rctl_load(c, path, &set);
	rctl_check_linux(c, &set);
	for (i = 0; jails && i < set.n; i++) {
		r = &set.rules[i];
		if (r->subject == RCTL_SUBJ_JAIL &&
		    conf_jail_find(jails, r->id) == NULL)
			conf_diag(c, CONF_WARNING, CONF_STAGE_CHECK, &r->loc,
			    "no jail named \"%s\" in %s", r->id, jfile);
	}
	errors = report(c, path, set.n, "rule", quiet);
	conf_free(c);
	return errors;
}

/* One rc.conf: a file named on the command line (root NULL), or
 * ROOT/etc/rc.conf of a jail, if there is one. */
static unsigned
check_rcconf(const char *path, const char *root, bool quiet)
{
	struct conf *c = conf_new(0);
	struct rcconf rc = { NULL, 0, NULL, 0 };
	unsigned errors = 0;
	char file[4096];

	if (root == NULL ? rcconf_load(c, path, &rc) != 1 :
	    rcconf_load_jail(c, root, &rc) != 1) {
		rcconf_check_enables(c, &rc);
		if (root)
			snprintf(file, sizeof(file), "%s%setc/rc.conf", root,
			    root[strlen(root) - 1] == '/' ? "" : "/");
		errors = report(c, root ? file : path, rc.n, "variable", quiet);
	}
	conf_free(c);
	return errors;
}

/* jail.conf, rctl.conf (the default one only if it exists) and each
 * jail's rc.conf. */
static unsigned
check_all(struct cli *cli, bool rctl_named, bool quiet)
{
	struct conf *c = cli_load(cli, true, quiet);
	const struct conf_jail *j;
	const char *root;
	struct stat st;
	unsigned errors = conf_errors(c);
	bool ok = !conf_failed(c);

	if (!quiet)
		summary(c, cli->conf, c->njails, "jail");
	if (rctl_named || stat(cli->rctl_conf, &st) == 0 || errno != ENOENT)
		errors += check_rctl(cli->rctl_conf, ok ? c : NULL, cli->conf,
		    quiet);
	/* A jail.conf that did not resolve has no reliable paths. */
	for (j = ok ? c->jails : NULL; j; j = j->next) {
		root = conf_param_str(conf_param_find(j, "path"));
		if (root && root[0] == '/')
			errors += check_rcconf(NULL, root, quiet);
	}
	conf_free(c);
	return errors;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rctl", required_argument, NULL, 'R' },
		{ "rc-conf", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rcconf = NULL;
	bool quiet = false, fflag = false, rctl = false;
	unsigned errors = 0;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:q", longopts, NULL)) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			fflag = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'R':
			cli->rctl_conf = optarg;
			rctl = true;
			break;
		case 'C':
			rcconf = optarg;
			break;
		default:
			cli_usage(cli, &cmd_check);
			return EXIT_USAGE;
		}
	if (optind != argc) {
		cli_usage(cli, &cmd_check);
		return EXIT_USAGE;
	}
	/* --rctl and --rc-conf check only the files named; -f adds the
	 * jail.conf (and with it, the jail names rctl.conf refers to). */
	if (fflag || (!rctl && rcconf == NULL))
		errors = check_all(cli, rctl, quiet);
	else if (rctl)
		errors = check_rctl(cli->rctl_conf, NULL, NULL, quiet);
	if (rcconf)
		errors += check_rcconf(rcconf, NULL, quiet);
	return errors ? 1 : 0;
}

const struct cmd cmd_check = {
	"check", "[-q] [-f file] [--rctl file] [--rc-conf file]",
	"report every error and warning in the configuration", run,
};
