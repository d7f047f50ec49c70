/* brig exec [-l] [-u user | -U user] [-f file] jail [command ...], and
 * jexec(8): run a command (or the user's shell) inside a running jail,
 * in all its namespaces, its cgroup and with its privileges.  -u looks
 * the user up on the host, -U inside the jail; -l gives a clean login
 * environment.  jail is a name or a JID. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../jail/jail.h"
#include "../jail/spawn.h"

/* A jail by name, or by JID among the running ones. */
static int
find_running(const struct cli *cli, const char *which, struct jail_state *st)
{
	struct jail_ctx x = { cli->rundir, cli->datadir, false, false, NULL,
	    NULL };
	struct brig_err e;
	char **names, *end;
	long jid = strtol(which, &end, 10);
	size_t n, i;
	int found = 0;

	if (jail_status(&x, which, st) == JAIL_RUNNING)
		return 0;
	if (*end != '\0' || state_list(cli->rundir, &names, &n, &e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (!found && jail_status(&x, names[i], st) == JAIL_RUNNING &&
		    st->jid == jid)
			found = 1;
		free(names[i]);
	}
	free(names);
	return found ? 0 : -1;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct enter_spec es;
	struct jail_state st;
	struct brig_err e;
	struct conf *c;
	const struct conf_jail *j;
	int ch, status;
	char buf[700];

	memset(&es, 0, sizeof(es));
	es.logfd = -1;
	optind = 1;
	while ((ch = getopt(argc, argv, "+f:lu:U:")) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			break;
		case 'l':
			es.clean = true;
			break;
		case 'u':
			es.user = optarg;
			es.user_on_host = true;
			break;
		case 'U':
			es.user = optarg;
			es.user_on_host = false;
			break;
		default:
			cli_usage(cli, &cmd_exec);
			return EXIT_USAGE;
		}
	if (optind >= argc) {
		cli_usage(cli, &cmd_exec);
		return EXIT_USAGE;
	}
	if (find_running(cli, argv[optind], &st) == -1) {
		fprintf(stderr, "%s: jail \"%s\" not found\n", cli->prog,
		    argv[optind]);
		return 1;
	}
	es.pid = st.pid;
	es.starttime = st.starttime;
	es.name = st.name;
	/* The privileges the jail was started with (its journal), as
	 * jexec(8) gets a running jail's; a journal from an older brig has
	 * none: then as configured now, or none beyond the baseline when
	 * the configuration no longer has the jail. */
	if (st.privs[0] == '\0' || privs_parse(st.privs, &es.privs) == -1) {
		c = conf_load(cli->conf, 0);
		j = conf_failed(c) ? NULL : conf_jail_find(c, st.name);
		if (j)
			privs_from_conf(j, &es.privs);
		else
			es.privs.suser = true;
		conf_free(c);
	}
	es.last = true;
	if (spawn_enter(&es, argv + optind + 1, &status, &e) == -1) {
		fprintf(stderr, "%s: %s\n", cli->prog, err_str(&e, buf,
		    sizeof(buf)));
		return 1;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

const struct cmd cmd_exec = {
	"exec", "[-l] [-u user | -U user] [-f file] jail [command ...]",
	"run a command (or a shell) inside a running jail", run,
};
