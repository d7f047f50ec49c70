/* brig: FreeBSD-style jails for network services on Linux.
 *
 * main() picks the persona from argv[0] (brig, or jail(8)'s name),
 * dispatches to a command, and owns the exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "jail/jail.h"

#ifndef BRIG_VERSION
#define BRIG_VERSION "0.0.0"
#endif

#define DEFAULT_CONF	"/etc/brig/jail.conf"
#define DEFAULT_RCTL	"/etc/brig/rctl.conf"
#define DEFAULT_RUNDIR	"/run/brig"
#define DEFAULT_DATADIR	"/var/lib/brig"

static const char *
env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void
goto_usage(void)
{
	fprintf(stderr, "usage: jail [-nqv] [-f conf_file] -c [jail ...]\n"
	    "       jail -m jail param=value ...\n"
	    "       jail [-nqv] [-f conf_file] -r [* | jail ...]\n"
	    "       jail [-nqv] [-f conf_file] -rc [jail ...]\n"
	    "       jail [-qv] -R [* | jail ...]\n"
	    "       jail [-f conf_file] -e separator\n");
}

static int
jail_export(struct cli *cli, const char *sep)
{
	struct conf *c = conf_load(cli->conf, 0);

	if (conf_failed(c)) {
		conf_print_diags(c, stderr, true);
		conf_free(c);
		return 1;
	}
	conf_print_export(c, stdout, sep);
	conf_free(c);
	return 0;
}

/* jail -m NAME param=value ... (or name=NAME param=value ...): change
 * what can change on a running jail (jail.h jail_modify). */
static int
jail_m(struct cli *cli, int argc, char **argv)
{
	struct jail_ctx x = { cli->rundir, cli->datadir, false, false, stdout,
	    NULL };
	const char *name = NULL;
	struct brig_err e;
	char buf[700];
	int i, rc = 0;

	for (i = 0; i < argc; i++) {
		if (name == NULL && strncmp(argv[i], "name=", 5) == 0)
			name = argv[i] + 5;
		else if (name == NULL && strchr(argv[i], '=') == NULL)
			name = argv[i];
	}
	if (name == NULL || argc < 2) {
		goto_usage();
		return EXIT_USAGE;
	}
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char param[128];

		if (argv[i] == name || argv[i] + 5 == name)
			continue;
		snprintf(param, sizeof(param), "%.*s", eq ? (int)(eq - argv[i]) :
		    (int)strlen(argv[i]), argv[i]);
		if (jail_modify(&x, name, param, eq ? eq + 1 : NULL, &e) == -1) {
			fprintf(stderr, "jail: %s\n", err_str(&e, buf,
			    sizeof(buf)));
			rc = 1;
		}
	}
	if (rc == 0)
		printf("%s: updated\n", name);
	return rc;
}

/* FreeBSD's jail(8) forms that work from the configuration file:
 * -c (create), -r (remove), -rc (restart), -R (remove without running
 * the configuration's commands), -e SEP (print the configured jails).
 * A jail list of "*" or none means every jail. */
static int
persona_jail(struct cli *cli, int argc, char **argv)
{
	char *args[260];
	const char *sep = NULL;
	bool create = false, remove = false, force = false;
	bool verbose = false, dry = false, modify = false;
	int ch, n = 0, i;

	while ((ch = getopt(argc, argv, "ce:f:mnqrRv")) != -1)
		switch (ch) {
		case 'c':
			create = true;
			break;
		case 'm':
			modify = true;
			break;
		case 'e':
			sep = optarg;
			break;
		case 'f':
			cli->conf = optarg;
			break;
		case 'n':
			dry = true;
			break;
		case 'q':
			break;
		case 'r':
			remove = true;
			break;
		case 'R':
			remove = force = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			goto usage;
		}
	if (sep) {
		if (optind != argc || create || remove)
			goto usage;
		return jail_export(cli, sep);
	}
	if (modify)
		return create || remove ? (goto_usage(), EXIT_USAGE) :
		    jail_m(cli, argc - optind, argv + optind);
	if (!create && !remove)
		goto usage;
	if (force && create)
		goto usage;
	args[n++] = create && remove ? "restart" : create ? "start" : "stop";
	if (verbose)
		args[n++] = "-v";
	if (dry)
		args[n++] = "-n";
	if (force)
		args[n++] = "-R";	/* no configuration, no exec.* */
	if (optind == argc || (argc - optind == 1 &&
	    strcmp(argv[optind], "*") == 0))
		args[n++] = "-a";
	else
		for (i = optind; i < argc && n < 258; i++)
			args[n++] = argv[i];
	args[n] = NULL;
	optind = 1;
	return (create ? create && remove ? cmd_restart.run : cmd_start.run :
	    cmd_stop.run)(cli, n, args);
usage:
	goto_usage();
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	const struct cmd *const *c;
	struct cli cli;
	const char *name;

	cli.prog = base_name(argc > 0 ? argv[0] : "brig");
	cli.conf = env_or("BRIG_CONF", DEFAULT_CONF);
	cli.rctl_conf = env_or("BRIG_RCTL_CONF", DEFAULT_RCTL);
	cli.rundir = env_or("BRIG_RUNDIR", DEFAULT_RUNDIR);
	cli.datadir = env_or("BRIG_DATADIR", DEFAULT_DATADIR);

	if (strcmp(cli.prog, "jail") == 0)
		return persona_jail(&cli, argc, argv);
	if (strcmp(cli.prog, "jls") == 0)
		return cmd_ls.run(&cli, argc, argv);
	if (strcmp(cli.prog, "jexec") == 0)
		return cmd_exec.run(&cli, argc, argv);
	if (strcmp(cli.prog, "rctl") == 0)
		return cmd_rctl.run(&cli, argc, argv);
	if (strcmp(cli.prog, "ifconfig") == 0)
		return cmd_ifconfig.run(&cli, argc, argv);
	cli.prog = "brig";
	if (argc < 2) {
		cli_usage(&cli, NULL);
		return EXIT_USAGE;
	}
	name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("brig %s\n", BRIG_VERSION);
		return 0;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	if (strcmp(name, "ifconfig") == 0)
		return cmd_ifconfig.run(&cli, argc - 1, argv + 1);
	for (c = cli_commands(); *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return (*c)->run(&cli, argc - 1, argv + 1);
	fprintf(stderr, "brig: unknown command \"%s\"; see brig help\n", name);
	return EXIT_USAGE;
}
