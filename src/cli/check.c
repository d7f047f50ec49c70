/* brig check [-q] [-f file]: every error and warning of the
 * configuration, as file:line:col: message; exit 1 on any error.  -q
 * prints errors only. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "../conf/conf.h"

static int
run(struct cli *cli, int argc, char **argv)
{
	struct conf *c;
	bool quiet = false;
	unsigned errors;
	int ch;

	optind = 1;
	while ((ch = getopt(argc, argv, "f:q")) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			cli_usage(cli, &cmd_check);
			return EXIT_USAGE;
		}
	if (optind != argc) {
		cli_usage(cli, &cmd_check);
		return EXIT_USAGE;
	}
	c = cli_load(cli, true, quiet);
	errors = conf_errors(c);
	if (!quiet)
		fprintf(stderr, "%s: %zu jail%s, %u error%s, %u warning%s\n",
		    cli->conf, c->njails, c->njails == 1 ? "" : "s", errors,
		    errors == 1 ? "" : "s", c->nwarnings,
		    c->nwarnings == 1 ? "" : "s");
	conf_free(c);
	return errors ? 1 : 0;
}

const struct cmd cmd_check = {
	"check", "[-q] [-f file]",
	"report every error and warning in the configuration", run,
};
