/* brig ls, and jls(8): the running jails.  Flags as jls(8) defines them:
 * -v (a multi-line summary), -n (name=value pairs), -s (pairs jail(8)
 * accepts), -h (a header line, then values), -N (names, not JIDs),
 * -j jail, -d (dying jails too: Linux has none), -q (quote values),
 * --json (shaped like jls --libxo json). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../jail/jail.h"
#include "../net/net.h"
#include "../util/buf.h"
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

/* A vnet jail's interfaces and addresses, read from its namespace: one
 * "IF ADDR/LEN" (or "IF" for an interface without one) per line, lo and
 * link-local addresses left out.  Empty for a jail without vnet. */
static void
jail_ifaces(const struct jail_state *st, struct buf *out)
{
	struct net *n = NULL;
	struct net_link *l = NULL;
	struct net_ifaddr *a = NULL;
	struct brig_err e;
	size_t nl = 0, na = 0, i, k;
	char path[64], ip[INET6_ADDRSTRLEN];
	int fd;

	if (!st->vnet)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)st->pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	if (state_pid_alive(st->pid, st->starttime) && net_open(&n, &e) == 0 &&
	    net_link_list(n, fd, &l, &nl, &e) == 0 &&
	    net_addr_list(n, fd, 0, 0, &a, &na, &e) == 0)
		for (i = 0; i < nl; i++) {
			bool any = false;

			if (strcmp(l[i].name, "lo") == 0)
				continue;
			for (k = 0; k < na; k++) {
				if (a[k].ifindex != l[i].index || a[k].scope ==
				    RT_SCOPE_LINK)
					continue;
				inet_ntop(a[k].family, a[k].addr, ip,
				    sizeof(ip));
				buf_printf(out, "%s %s/%u\n", l[i].name, ip,
				    a[k].prefixlen);
				any = true;
			}
			if (!any)
				buf_printf(out, "%s\n", l[i].name);
		}
	free(l);
	free(a);
	net_close(n);
	close(fd);
}

/* The address jls shows in its IP column: ip4.addr's first (without
 * IF| and /LEN), else ip6.addr's; for a vnet jail, the first address in
 * its own namespace (IPv4 first).  "-" if none. */
static void
first_addr(const struct jail_state *st, char *buf, size_t len)
{
	const char *list = st->ip4[0] ? st->ip4 : st->ip6;
	const char *p;
	struct buf b = BUF_INIT;
	size_t n;

	snprintf(buf, len, "-");
	if (st->vnet) {
		/* The first IPv4 address, else the first IPv6 one. */
		jail_ifaces(st, &b);
		for (p = b.s; p && *p; p = strchr(p, '\n') + 1) {
			const char *a = p + strcspn(p, " \n");

			if (*a != ' ')
				continue;
			n = strcspn(++a, "/\n");
			if (strcmp(buf, "-") == 0 || (strchr(buf, ':') &&
			    !memchr(a, ':', n)))
				snprintf(buf, len, "%.*s", (int)n, a);
		}
		buf_free(&b);
		return;
	}
	if (*list == '\0')
		return;
	if ((p = strchr(list, '|')) != NULL && p < list + strcspn(list, ","))
		list = p + 1;
	snprintf(buf, len, "%.*s", (int)strcspn(list, ",/ "), list);
}

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
	else if (strcmp(param, "ip4.addr") == 0)
		snprintf(buf, len, "%s", st->ip4);
	else if (strcmp(param, "ip6.addr") == 0)
		snprintf(buf, len, "%s", st->ip6);
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

/* jls -v: one line per address of ip4.addr and ip6.addr (as jls), or,
 * for a vnet jail, per interface of its own and its addresses. */
static void
print_addrs(const struct jail_state *st)
{
	const char *lists[2] = { st->ip4, st->ip6 }, *p;
	struct buf b = BUF_INIT;
	bool any = false;
	int k;

	if (st->vnet) {
		jail_ifaces(st, &b);
		for (p = b.s; p && *p; p = strchr(p, '\n') + 1) {
			printf("%6s  %.*s\n", "", (int)strcspn(p, "\n"), p);
			any = true;
		}
		buf_free(&b);
	}
	for (k = 0; k < 2; k++)
		for (p = lists[k]; *p; p += strcspn(p, ","), p += *p == ',') {
			const char *bar = memchr(p, '|', strcspn(p, ","));
			const char *a = bar ? bar + 1 : p;

			printf("%6s  %.*s\n", "", (int)strcspn(a, ",/"), a);
			any = true;
		}
	if (!any)
		printf("%6s  %s\n", "", "-");
}

static void
print_default(const struct ls_opts *o, const struct jail_state *st)
{
	char id[80], ip[64];

	if (o->names)
		snprintf(id, sizeof(id), "%s", st->name);
	else
		snprintf(id, sizeof(id), "%d", st->jid);
	if (o->verbose) {
		printf("%6s  %-29.29s %.74s\n", id, st->hostname, st->path);
		printf("%6s  %-29.29s %.74s\n", "", st->name, "ACTIVE");
		printf("%6s  %s\n", "", "-");
		print_addrs(st);
		return;
	}
	first_addr(st, ip, sizeof(ip));
	printf("%6s  %-15.15s %-29.29s %.74s\n", id, ip, st->hostname,
	    st->path);
}

static void
print_json(const struct jail_state *v, size_t n)
{
	size_t i;

	printf("{\"__version\": \"2\", \"jail-information\": {\"jail\": [");
	for (i = 0; i < n; i++) {
		char ip[64];

		first_addr(&v[i], ip, sizeof(ip));
		printf("%s{\"jid\":%d,\"ipv4\":", i ? ", " : "", v[i].jid);
		json_put_string(stdout, strcmp(ip, "-") ? ip : "");
		printf(",\"hostname\":");
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
	struct jail_ctx x = { cli->rundir, cli->datadir, false, false, NULL,
	    NULL };
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
