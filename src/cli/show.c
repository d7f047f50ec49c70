/* brig show [-p | --json | -o] [-f file] [name ...]: each jail's
 * resolved parameters, as jail.conf (the default), as JAIL<TAB>PARAM<TAB>
 * VALUE lines (-p), as JSON, or the start order that depend gives (-o).  Prints whenever the file parses and resolves
 * (as FreeBSD's jail(8) would accept it); brig check is the strict
 * gate. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "../conf/conf.h"

static int
run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	enum { HUMAN, FLAT, JSON, ORDER } mode = HUMAN;
	struct conf *c;
	int ch, i, rc = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:po", longopts, NULL)) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			break;
		case 'p':
			mode = FLAT;
			break;
		case 'J':
			mode = JSON;
			break;
		case 'o':
			mode = ORDER;
			break;
		default:
			cli_usage(cli, &cmd_show);
			return EXIT_USAGE;
		}
	c = conf_load(cli->conf, 0);
	if (conf_failed(c)) {
		conf_print_diags(c, stderr, true);
		conf_free(c);
		return 1;
	}
	for (i = optind; i < argc; i++)
		if (conf_jail_find(c, argv[i]) == NULL) {
			fprintf(stderr, "brig: show: no jail named \"%s\" in %s\n",
			    argv[i], cli->conf);
			rc = 1;
		}
	if (rc == 0) {
		switch (mode) {
		case FLAT:
			conf_print_flat(c, stdout, argv + optind, argc - optind);
			break;
		case JSON:
			conf_print_json(c, stdout, argv + optind, argc - optind);
			break;
		case ORDER:
			/* An order is only meaningful when depend is sound. */
			conf_check(c);
			if (conf_errors(c)) {
				conf_print_diags(c, stderr, false);
				rc = 1;
				break;
			}
			for (size_t k = 0; k < c->njails; k++)
				printf("%s\n", c->order[k]->name);
			break;
		case HUMAN:
			conf_print_conf(c, stdout, argv + optind, argc - optind);
			break;
		}
	}
	conf_free(c);
	if (fflush(stdout) == EOF) {
		perror("brig: show: write");
		return 1;
	}
	return rc;
}

const struct cmd cmd_show = {
	"show", "[-p | --json | -o] [-f file] [name ...]",
	"print each jail's resolved parameters (-o: the start order)", run,
};
