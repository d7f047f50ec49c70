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

/* FreeBSD's jail(8): of its forms, -e (print the configured jails) is
 * the one that needs no runtime. */
static int
persona_jail(struct cli *cli, int argc, char **argv)
{
	const char *sep = NULL;
	struct conf *c;
	int ch;

	while ((ch = getopt(argc, argv, "e:f:")) != -1)
		switch (ch) {
		case 'e':
			sep = optarg;
			break;
		case 'f':
			cli->conf = optarg;
			break;
		default:
			goto usage;
		}
	if (sep == NULL || optind != argc)
		goto usage;
	c = conf_load(cli->conf, 0);
	if (conf_failed(c)) {
		conf_print_diags(c, stderr, true);
		conf_free(c);
		return 1;
	}
	conf_print_export(c, stdout, sep);
	conf_free(c);
	return 0;
usage:
	fprintf(stderr, "usage: jail [-f file] -e separator\n"
	    "jail: creating and removing jails is not available in this "
	    "build yet\n");
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
	if (strcmp(cli.prog, "jls") == 0 || strcmp(cli.prog, "jexec") == 0) {
		fprintf(stderr, "%s: the jail runtime is not available in this "
		    "build yet\n", cli.prog);
		return 1;
	}
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
	for (c = cli_commands(); *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return (*c)->run(&cli, argc - 1, argv + 1);
	fprintf(stderr, "brig: unknown command \"%s\"; see brig help\n", name);
	return EXIT_USAGE;
}
