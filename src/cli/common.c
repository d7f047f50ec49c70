#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "../store/store.h"
#include "../conf/conf.h"

static const struct cmd *const commands[] = {
	&cmd_start,
	&cmd_stop,
	&cmd_restart,
	&cmd_status,
	&cmd_top,
	&cmd_ls,
	&cmd_exec,
	&cmd_rctl,
	&cmd_check,
	&cmd_show,
	&cmd_create,
	&cmd_bootstrap,
	&cmd_snapshot,
	&cmd_snapshots,
	&cmd_rollback,
	&cmd_update,
	&cmd_clone,
	&cmd_destroy,
	&cmd_du,
	&cmd_export,
	&cmd_import,
	&cmd_help,
	NULL,
};

const struct cmd *const *
cli_commands(void)
{
	return commands;
}

void
cli_usage(const struct cli *cli, const struct cmd *cmd)
{
	const struct cmd *const *c;

	if (cmd && strcmp(cli->prog, "brig") != 0) {	/* jls, jexec */
		fprintf(stderr, "usage: %s %s\n", cli->prog, cmd->args);
		return;
	}
	if (cmd) {
		fprintf(stderr, "usage: %s %s %s\n", cli->prog, cmd->name,
		    cmd->args);
		return;
	}
	fprintf(stderr, "usage: %s command [options]\n", cli->prog);
	for (c = commands; *c; c++)
		fprintf(stderr, "       %s %s %s\n", cli->prog, (*c)->name,
		    (*c)->args);
	fprintf(stderr, "       %s --version\n", cli->prog);
}

struct conf *
cli_load(const struct cli *cli, bool check, bool quiet)
{
	struct conf *c = conf_load(cli->conf, 0);

	if (check && !conf_failed(c))
		conf_check(c);
	conf_print_diags(c, stderr, !quiet);
	return c;
}

volatile sig_atomic_t cli_interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	cli_interrupted = 1;
}

void
cli_catch_interrupts(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;	/* no SA_RESTART: reads end */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The configuration is code run as root (exec.*): it must be root's and
 * not writable by anyone else (OpenBSD check_file_secrecy). */
int
cli_conf_secure(const char *path)
{
	struct stat st;

	if (strcmp(path, "-") == 0 || stat(path, &st) == -1)
		return 0;	/* reported by the loader */
	if (st.st_uid != 0 || (st.st_mode & 022)) {
		fprintf(stderr, "brig: %s must be owned by root and not "
		    "writable by group or others: its exec.* commands run as "
		    "root\n", path);
		return -1;
	}
	return 0;
}

void
cli_store_warn(const struct store_stats *st)
{
	if (st->skipped)
		fprintf(stderr, "brig: warning: %llu mount point%s copied "
		    "empty (another filesystem)\n",
		    (unsigned long long)st->skipped, st->skipped > 1 ? "s" :
		    "");
	if (st->xattr_lost)
		fprintf(stderr, "brig: warning: %llu extended attribute%s not "
		    "copied (the filesystem does not take them)\n",
		    (unsigned long long)st->xattr_lost, st->xattr_lost > 1 ?
		    "s" : "");
}

const char *
cli_store_describe(const struct store *s, const struct store_stats *st,
    char *buf, size_t len)
{
	char size[32];

	if (st->native)
		return store_how_name(s, st);
	store_human((int64_t)st->bytes, size, sizeof(size));
	snprintf(buf, len, "%s, %s", size, store_how_name(s, st));
	return buf;
}
