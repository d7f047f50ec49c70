/* brig ls, and jls(8): the running jails.  Flags as jls(8) defines them:
 * -v (a multi-line summary), -n (name=value pairs), -s (pairs jail(8)
 * accepts), -h (a header line, then values), -N (names, not JIDs),
 * -j jail, -d (dying jails too: Linux has none), -q (quote values),
 * --json (shaped like jls --libxo json). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../jail/jail.h"
#include "../util/json.h"

struct ls_opts {
	bool verbose, pairs, settable, header, names, quote, json;
	const char *only;
	char **params;
	int nparams;
};

static const char *const all_params[] = {
	"jid", "name", "path", "host.hostname", "persist", "vnet", NULL,
};

static void
value_of(const struct jail_state *st, const char *param, char *buf,
    size_t len)
{
	if (strcmp(param, "jid") == 0)
		snprintf(buf, len, "%d", st->jid);
	else if (strcmp(param, "name") == 0)
		snprintf(buf, len, "%s", st->name);
	else if (strcmp(param, "path") == 0)
		snprintf(buf, len, "%s", st->path);
	else if (strcmp(param, "host.hostname") == 0)
		snprintf(buf, len, "%s", st->hostname);
	else if (strcmp(param, "persist") == 0)
		snprintf(buf, len, "%s", st->persist ? "true" : "false");
	else if (strcmp(param, "vnet") == 0)
		snprintf(buf, len, "%s", st->vnet ? "new" : "inherit");
	else if (strcmp(param, "ip4.addr") == 0 ||
	    strcmp(param, "ip6.addr") == 0)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%s", "-");
}

static void
put_value(const struct ls_opts *o, const char *v)
{
	bool q = o->quote && (v[0] == '\0' || strpbrk(v, " \t\"'"));

	printf(q ? "\"%s\"" : "%s", v);
}

/* -n / -s: every parameter (or the listed ones) as name=value; booleans
 * as name or noname, as jail(8) reads them. */
static void
print_pairs(const struct ls_opts *o, const struct jail_state *st,
    const char *const *params)
{
	bool first = true;
	char v[600];
	int i;

	for (i = 0; params[i]; i++) {
		if (o->settable && strcmp(params[i], "jid") == 0)
			continue;
		if (!first)
			putchar(' ');
		first = false;
		value_of(st, params[i], v, sizeof(v));
		if (strcmp(params[i], "persist") == 0) {
			printf("%s%s", st->persist ? "" : "no", params[i]);
			continue;
		}
		printf("%s=", params[i]);
		put_value(o, v);
	}
	putchar('\n');
}

static void
print_default(const struct ls_opts *o, const struct jail_state *st)
{
	char id[80];

	if (o->names)
		snprintf(id, sizeof(id), "%s", st->name);
	else
		snprintf(id, sizeof(id), "%d", st->jid);
	if (o->verbose) {
		printf("%6s  %-29.29s %.74s\n", id, st->hostname, st->path);
		printf("%6s  %-29.29s %.74s\n", "", st->name, "ACTIVE");
		printf("%6s  %s\n", "", "-");
		printf("%6s  %s\n", "", "-");
		return;
	}
	printf("%6s  %-15.15s %-29.29s %.74s\n", id, "-", st->hostname,
	    st->path);
}

static void
print_json(const struct jail_state *v, size_t n)
{
	size_t i;

	printf("{\"__version\": \"2\", \"jail-information\": {\"jail\": [");
	for (i = 0; i < n; i++) {
		printf("%s{\"jid\":%d,\"ipv4\":\"\",\"hostname\":", i ? ", " :
		    "", v[i].jid);
		json_put_string(stdout, v[i].hostname);
		printf(",\"path\":");
		json_put_string(stdout, v[i].path);
		printf(",\"name\":");
		json_put_string(stdout, v[i].name);
		putchar('}');
	}
	printf("]}\n}\n");
}

static int
parse(struct cli *cli, int argc, char **argv, struct ls_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "dhj:Nnqsv", longopts, NULL)) !=
	    -1)
		switch (ch) {
		case 'd':
			break;
		case 'h':
			o->header = true;
			break;
		case 'j':
			o->only = optarg;
			break;
		case 'N':
			o->names = true;
			break;
		case 'n':
			o->pairs = true;
			break;
		case 'q':
			o->quote = true;
			break;
		case 's':
			o->pairs = o->settable = o->quote = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'J':
			o->json = true;
			break;
		default:
			cli_usage(cli, &cmd_ls);
			return -1;
		}
	o->params = argv + optind;
	o->nparams = argc - optind;
	return 0;
}

static int
collect(const struct cli *cli, const struct ls_opts *o,
    struct jail_state **out, size_t *count)
{
	struct jail_ctx x = { cli->rundir, cli->datadir, false, false, NULL };
	struct jail_state *v;
	struct brig_err e;
	char **names;
	size_t n, i, k = 0;

	if (state_list(cli->rundir, &names, &n, &e) == -1) {
		fprintf(stderr, "%s: %s\n", cli->prog, e.msg);
		return -1;
	}
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (jail_status(&x, names[i], &v[k]) == JAIL_RUNNING &&
		    (o->only == NULL || strcmp(o->only, v[k].name) == 0 ||
		    atoi(o->only) == v[k].jid))
			k++;
		free(names[i]);
	}
	free(names);
	/* JID order, as the kernel lists them. */
	for (i = 1; i < k; i++)
		for (n = i; n > 0 && v[n - 1].jid > v[n].jid; n--) {
			struct jail_state t = v[n];

			v[n] = v[n - 1];
			v[n - 1] = t;
		}
	*out = v;
	*count = k;
	return 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct jail_state *v;
	struct ls_opts o;
	const char *const *params;
	size_t n, i;
	int p;

	if (parse(cli, argc, argv, &o) == -1)
		return EXIT_USAGE;
	if (collect(cli, &o, &v, &n) == -1)
		return 1;
	if (o.only && n == 0) {
		fprintf(stderr, "%s: jail \"%s\" not found\n", cli->prog,
		    o.only);
		free(v);
		return 1;
	}
	params = o.nparams ? (const char *const *)o.params : all_params;
	if (o.json)
		print_json(v, n);
	else if (o.header || o.pairs || o.nparams) {
		if (o.header && !o.pairs) {
			for (p = 0; params[p]; p++)
				printf("%s%s", p ? " " : "", params[p]);
			putchar('\n');
		}
		for (i = 0; i < n; i++) {
			if (o.pairs) {
				print_pairs(&o, &v[i], params);
				continue;
			}
			for (p = 0; params[p]; p++) {
				char val[600];

				value_of(&v[i], params[p], val, sizeof(val));
				if (p)
					putchar(' ');
				put_value(&o, val);
			}
			putchar('\n');
		}
	} else {
		if (o.verbose)
			printf("   JID  Hostname                      Path\n"
			    "        Name                          State\n"
			    "        CPUSetID\n"
			    "        IP Address(es)\n");
		else
			printf("   JID  IP Address      Hostname"
			    "                      Path\n");
		for (i = 0; i < n; i++)
			print_default(&o, &v[i]);
	}
	free(v);
	return 0;
}

const struct cmd cmd_ls = {
	"ls", "[-dhNnqsv] [-j jail] [--json] [parameter ...]",
	"list running jails, as jls(8)", run,
};
