/* brig status [-f file] [name ...]: running / stopped / stale (or busy:
 * another brig is starting or stopping it), JID, PID 1, uptime, process
 * count, memory and OOM kills of each jail (jail_usage_read()).  The
 * memory is its cgroup's charge when the cgroup has a memory controller
 * (v2, or v1 once rctl limits the jail's memory), else the sum of its
 * processes' Pss (cgroup_memory()).  The OOM kills are those of the
 * memory controller: "-" for a jail without one (no memory limit). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../jail/jail.h"
#include "../rctl/cgroup.h"
#include "../rctl/usage.h"

static void
human_bytes(long long n, char *buf, size_t len)
{
	const char *unit = "BKMGT";

	while (n >= 10240 && unit[1]) {
		n /= 1024;
		unit++;
	}
	snprintf(buf, len, "%lld%c", n, *unit);
}

static void
human_time(long long s, char *buf, size_t len)
{
	if (s < 120)
		snprintf(buf, len, "%llds", s);
	else if (s < 7200)
		snprintf(buf, len, "%lldm", s / 60);
	else if (s < 172800)
		snprintf(buf, len, "%lldh", s / 3600);
	else
		snprintf(buf, len, "%lldd", s / 86400);
}

/* The usage columns of a running jail; "-" for what cannot be read. */
static void
usage_cols(const char *name, const struct jail_state *st, char *procs,
    char *mem, char *oom, size_t len)
{
	struct jail_usage u;
	struct cgroup *cg;
	struct brig_err e;
	int r;

	if (cgroup_open(name, &cg, &e) == -1)
		return;
	r = jail_usage_read(cg, st->pid, st->vnet, &u, &e);
	cgroup_free(cg);
	if (r == -1)
		return;
	snprintf(procs, len, "%lld", (long long)u.nproc);
	if (u.memory >= 0)
		human_bytes(u.memory, mem, len);
	if (u.oom_kills >= 0)
		snprintf(oom, len, "%lld", (long long)u.oom_kills);
}

static void
show_one(const struct jail_ctx *x, const char *name)
{
	static const char *const word[] = { "stopped", "running", "stale" };
	const char *how;
	struct jail_state st;
	enum jail_status s = jail_status(x, name, &st);
	char up[32] = "-", mem[32] = "-", procs[32] = "-", oom[32] = "-";

	if (s == JAIL_RUNNING) {
		usage_cols(name, &st, procs, mem, oom, sizeof(mem));
		human_time((long long)(time(NULL) - st.started), up,
		    sizeof(up));
	}
	/* A journal without "done" under a held lock: a start (or a stop)
	 * is running now, which is not stale. */
	how = s == JAIL_STALE && state_busy(x->rundir, name) ? "busy" :
	    word[s];
	if (s == JAIL_STOPPED)
		printf("%-20s %-8s %4s %8s %7s %6s %8s %4s\n", name, how, "-",
		    "-", "-", "-", "-", "-");
	else
		printf("%-20s %-8s %4d %8d %7s %6s %8s %4s\n", name, how,
		    st.jid, (int)st.pid, up, procs, mem, oom);
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct jail_ctx x;
	struct brig_err e;
	struct conf *c;
	const struct conf_jail *j;
	char **names;
	size_t n, i;
	int ch;

	optind = 1;
	while ((ch = getopt(argc, argv, "f:")) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			break;
		default:
			cli_usage(cli, &cmd_status);
			return EXIT_USAGE;
		}
	memset(&x, 0, sizeof(x));
	x.rundir = cli->rundir;
	printf("%-20s %-8s %4s %8s %7s %6s %8s %4s\n", "NAME", "STATUS",
	    "JID", "PID", "UPTIME", "PROCS", "MEMORY", "OOM");
	if (optind < argc) {
		for (; optind < argc; optind++)
			show_one(&x, argv[optind]);
		return 0;
	}
	/* Every configured jail, then any other jail with state. */
	c = conf_load(cli->conf, 0);
	for (j = conf_failed(c) ? NULL : c->jails; j; j = j->next)
		show_one(&x, j->name);
	if (state_list(cli->rundir, &names, &n, &e) == 0) {
		for (i = 0; i < n; i++) {
			if (conf_failed(c) || !conf_jail_find(c, names[i]))
				show_one(&x, names[i]);
			free(names[i]);
		}
		free(names);
	}
	conf_free(c);
	return 0;
}

const struct cmd cmd_status = {
	"status", "[-f file] [name ...]",
	"running, stopped or stale; JID, PID 1, uptime, processes, memory, "
	    "OOM kills",
	run,
};
