/* brig check [-q] [-f file] [--rctl file] [--rc-conf file]: every error
 * and warning of the configuration, as file:line:col: message; exit 1 on
 * any error.  -q prints errors only.  By default: the jail.conf, then
 * the rctl.conf if it exists, then each jail's rc (PATH/etc/rc.conf, if
 * it has one, with what of it applies: src/jail/rc.h), then an address
 * that two jails configure (ip4.addr, ip6.addr, rc.conf).  --rctl and
 * --rc-conf check only the files they name, unless -f names a jail.conf
 * too. */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../jail/jail.h"
#include "../conf/rc_conf.h"
#include "../conf/rctl_conf.h"
#include "../jail/rc.h"
#include "../util/buf.h"

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
	const struct conf_jail *j;
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
	/* What only the jail's configuration tells: a devpts to limit. */
	for (j = jails ? jails->jails : NULL; j; j = j->next)
		jail_rctl_check_ptys(c, j, &set);
	errors = report(c, path, set.n, "rule", quiet);
	conf_free(c);
	return errors;
}

/* An rc.conf named on the command line: read as a vnet jail's whose
 * exec.start runs /etc/rc would be, services checked by name only. */
static int
probe_unknown(void *arg, const char *path, bool exec)
{
	(void)arg;
	(void)path;
	(void)exec;
	return -1;
}

static unsigned
check_rcconf(const char *path, bool quiet)
{
	struct conf *c = conf_new(0);
	struct rcconf rc = { NULL, 0, NULL, 0 };
	struct rc_net_plan plan = { NULL, 0 };
	struct rc_jail rj;
	unsigned errors;

	memset(&rj, 0, sizeof(rj));
	rcconf_load(c, path, &rc);
	rcconf_check_enables(c, &rc);
	rc_net_plan(c, &rc, &plan);
	rc_services(c, &rc, probe_unknown, NULL, &rj);
	rc_net_plan_free(&plan);
	errors = report(c, path, rc.n, "variable", quiet);
	conf_free(c);
	return errors;
}

/* A jail's rc: its rc.conf (PATH/etc/rc.conf) with what applies of it,
 * and its exec.start and exec.stop against its /etc/rc (rc.h). */
static unsigned
check_jail_rc(const struct rc_jail *rj, const char *root, bool quiet)
{
	char file[4096];

	snprintf(file, sizeof(file), "%s%setc/rc.conf", root,
	    root[strlen(root) - 1] == '/' ? "" : "/");
	if (rj->has_rcconf)
		return report(rj->c, file, rj->rc.n, "variable", quiet);
	conf_print_diags(rj->c, stderr, !quiet);
	return conf_errors(rj->c);
}

/* --- one address, two jails --------------------------------------------- */

/* Where a jail gets an address: its ip4.addr/ip6.addr, or its rc.conf. */
struct addr_use {
	struct net_addr a;
	const char *jail;
	const char *what;	/* "ip4.addr", "ifconfig_epair0b" */
	struct conf_loc loc;
	unsigned seq;		/* order of discovery */
};

struct addr_set {
	struct addr_use *v;
	size_t n;
};

static void
add_use(struct addr_set *s, const struct net_addr *a, const char *jail,
    const char *what, const struct conf_loc *loc)
{
	const unsigned char *b = a->addr;

	/* Loopback is every jail's own. */
	if ((a->family == AF_INET && b[0] == 127) || (a->family == AF_INET6 &&
	    !memcmp(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16)))
		return;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n] = (struct addr_use){ *a, jail, what, *loc, (unsigned)s->n };
	s->n++;
}

/* ip4.addr, ip6.addr: [IF|]ADDR[/LEN] (jail(8)). */
static void
param_addrs(struct addr_set *s, const struct conf_jail *j, const char *name,
    int family)
{
	const struct conf_param *p = conf_param_find(j, name);
	const struct conf_str *v;
	struct net_addr a;
	char buf[128];
	const char *bar;

	for (v = p ? p->val : NULL; v; v = v->next) {
		bar = strchr(v->s, '|');
		snprintf(buf, sizeof(buf), "%s", bar ? bar + 1 : v->s);
		buf[strcspn(buf, "/ \t")] = '\0';
		memset(&a, 0, sizeof(a));
		a.family = family;
		if (inet_pton(family, buf, a.addr) == 1)
			add_use(s, &a, j->name, name, &v->loc);
	}
}

static void
rc_addrs(struct addr_set *s, const struct conf_jail *j,
    const struct rc_jail *rj)
{
	size_t i;

	for (i = 0; i < rj->net.n; i++)
		if (rj->net.ops[i].kind == RC_NET_ADDR)
			add_use(s, &rj->net.ops[i].addr, j->name,
			    rj->net.ops[i].var, &rj->net.ops[i].loc);
}

static int
cmp_addr(const struct addr_use *a, const struct addr_use *b)
{
	int r = a->a.family - b->a.family;

	return r ? r : memcmp(a->a.addr, b->a.addr, sizeof(a->a.addr));
}

static int
cmp_use(const void *x, const void *y)
{
	const struct addr_use *a = x, *b = y;
	int r = cmp_addr(a, b);

	return r ? r : a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The same address for two jails: an error at the later place, naming
 * the first. */
static unsigned
check_addrs(struct addr_set *s, bool quiet)
{
	struct conf *c = conf_new(0);
	const struct addr_use *a, *b;
	char text[INET6_ADDRSTRLEN];
	unsigned errors;
	size_t i, k;

	qsort(s->v, s->n, sizeof(*s->v), cmp_use);
	for (i = 0; i < s->n; i = k) {
		a = &s->v[i];
		for (k = i + 1; k < s->n && !cmp_addr(a, &s->v[k]); k++) {
			b = &s->v[k];
			if (!strcmp(a->jail, b->jail))
				continue;
			inet_ntop(a->a.family, a->a.addr, text, sizeof(text));
			conf_diag(c, CONF_ERROR, CONF_STAGE_CHECK, &b->loc,
			    "jail %s: %s: address %s is also jail %s's "
			    "(%s:%u:%u, %s)", b->jail, b->what, text, a->jail,
			    a->loc.file, a->loc.line, a->loc.col, a->what);
		}
	}
	conf_print_diags(c, stderr, !quiet);
	errors = conf_errors(c);
	conf_free(c);
	return errors;
}

/* jail.conf, rctl.conf (the default one only if it exists), each jail's
 * rc, and the addresses across jails. */
static unsigned
check_all(struct cli *cli, bool rctl_named, bool quiet)
{
	struct conf *c = cli_load(cli, true, quiet);
	struct addr_set addrs = { NULL, 0 };
	struct rc_jail **rcs;
	const struct conf_jail *j;
	const char *root;
	struct stat st;
	unsigned errors = conf_errors(c);
	bool ok = !conf_failed(c);
	size_t n = 0, i;

	if (!quiet)
		summary(c, cli->conf, c->njails, "jail");
	if (rctl_named || stat(cli->rctl_conf, &st) == 0 || errno != ENOENT)
		errors += check_rctl(cli->rctl_conf, ok ? c : NULL, cli->conf,
		    quiet);
	rcs = xmalloc((c->njails + 1) * sizeof(*rcs));
	/* A jail.conf that did not resolve has no reliable paths. */
	for (j = ok ? c->jails : NULL; j; j = j->next) {
		param_addrs(&addrs, j, "ip4.addr", AF_INET);
		param_addrs(&addrs, j, "ip6.addr", AF_INET6);
		root = conf_param_str(conf_param_find(j, "path"));
		if (root == NULL || root[0] != '/')
			continue;
		rcs[n] = rc_jail_read(j);
		errors += check_jail_rc(rcs[n], root, quiet);
		rc_addrs(&addrs, j, rcs[n++]);
	}
	errors += check_addrs(&addrs, quiet);
	for (i = 0; i < n; i++)
		rc_jail_free(rcs[i]);
	free(rcs);
	free(addrs.v);
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
		errors += check_rcconf(rcconf, quiet);
	return errors ? 1 : 0;
}

const struct cmd cmd_check = {
	"check", "[-q] [-f file] [--rctl file] [--rc-conf file]",
	"report every error and warning in the configuration", run,
};
