/* brig help [params]: the commands, the environment, and the parameter
 * table with each parameter's type and Linux support. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../conf/params.h"

static const char *
support_name(enum param_support s)
{
	switch (s) {
	case PS_YES:
		return "yes";
	case PS_LINUX:
		return "linux";
	case PS_IGNORED:
		return "ignored";
	case PS_REFUSED:
		return "refused";
	}
	return "?";
}

static void
print_params(void)
{
	const struct param_def *t;
	unsigned n, i;

	t = params_table(&n);
	printf("%-36s %-20s %-8s %s\n", "PARAMETER", "TYPE", "LINUX",
	    "MEANING ON LINUX");
	for (i = 0; i < n; i++)
		printf("%-36s %-20s %-8s %s\n", t[i].name,
		    params_type_name(t[i].type), support_name(t[i].support),
		    t[i].note ? t[i].note : "as in FreeBSD");
	printf("\nyes: as FreeBSD's jail(8); linux: supported with the Linux "
	    "meaning shown;\nignored: a warning at brig check; refused: an "
	    "error when set.  See brig.conf(5).\n");
}

static int
run(struct cli *cli, int argc, char **argv)
{
	const struct cmd *const *c;

	if (argc == 2 && strcmp(argv[1], "params") == 0) {
		print_params();
		return 0;
	}
	if (argc > 1) {
		cli_usage(cli, &cmd_help);
		return EXIT_USAGE;
	}
	printf("brig - FreeBSD-style jails for network services on Linux\n\n"
	    "usage: brig command [options]\n\n");
	for (c = cli_commands(); *c; c++)
		printf("  brig %s %s\n      %s\n", (*c)->name, (*c)->args,
		    (*c)->summary);
	printf("  brig %s %s\n      %s\n", cmd_ifconfig.name,
	    cmd_ifconfig.args, cmd_ifconfig.summary);
	printf("  brig --version\n\n"
	    "FreeBSD names (brig installed as jail, jls, jexec, rctl):\n"
	    "  jail [-nqv] [-f file] -c | -r | -rc [jail ...]   jail -R "
	    "[jail ...]\n"
	    "  jail -m jail param=value ...  (host.hostname, host.domainname, "
	    "persist)\n"
	    "  jail [-f file] -e separator                      jls, jexec, "
	    "rctl as jls(8), jexec(8), rctl(8)\n"
	    "  ifconfig ...  as brig ifconfig (first in PATH in exec.* "
	    "hooks)\n\n"
	    "Environment:\n"
	    "  BRIG_CONF       jail.conf (default /etc/brig/jail.conf; "
	    "FILE.d/*.conf is read after FILE)\n"
	    "  BRIG_RCTL_CONF  rctl.conf (default /etc/brig/rctl.conf)\n"
	    "  BRIG_RUNDIR     runtime state (default /run/brig)\n"
	    "  BRIG_DATADIR    jail data (default /var/lib/brig): jails/NAME "
	    "(a root without path),\n"
	    "                  snapshots/NAME/SNAP (dir and btrfs storage)\n\n"
	    "Parameters: brig help params.  Manual: brig(8), brig.conf(5), "
	    "rctl.conf(5), brig-init(8).\n");
	return 0;
}

const struct cmd cmd_help = {
	"help", "[params]", "this text; with params, the parameter table",
	run,
};
