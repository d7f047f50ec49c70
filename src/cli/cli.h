/* Commands: one file each, one struct cmd each (tmux's cmd-*.c). */
#pragma once

#include <signal.h>

#include <stdbool.h>

struct cli {
	const char *prog;	/* "brig", or the FreeBSD persona */
	const char *conf;	/* jail.conf: -f, BRIG_CONF, default */
	const char *rctl_conf;	/* BRIG_RCTL_CONF */
	const char *rundir;	/* BRIG_RUNDIR */
	const char *datadir;	/* BRIG_DATADIR */
};

/* Exit codes (jail(8): 0 success, 1 failure; usage errors 2). */
#define EXIT_USAGE 2

struct cmd {
	const char *name;
	const char *args;	/* the synopsis after the name */
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct cmd cmd_start;
extern const struct cmd cmd_stop;
extern const struct cmd cmd_restart;
extern const struct cmd cmd_status;
extern const struct cmd cmd_rctl;
extern const struct cmd cmd_top;
extern const struct cmd cmd_ls;
extern const struct cmd cmd_exec;
extern const struct cmd cmd_check;
extern const struct cmd cmd_show;
extern const struct cmd cmd_create;
extern const struct cmd cmd_bootstrap;
extern const struct cmd cmd_snapshot;
extern const struct cmd cmd_snapshots;
extern const struct cmd cmd_rollback;
extern const struct cmd cmd_update;
extern const struct cmd cmd_clone;
extern const struct cmd cmd_destroy;
extern const struct cmd cmd_du;
extern const struct cmd cmd_export;
extern const struct cmd cmd_import;
extern const struct cmd cmd_help;
/* Not in cli_commands(): main() runs it as "brig ifconfig" and as
 * ifconfig(8). */
extern const struct cmd cmd_ifconfig;

const struct cmd *const *cli_commands(void);
void cli_usage(const struct cli *cli, const struct cmd *cmd);
/* Load and check the configuration and print its diagnostics (quiet:
 * errors only).  Never NULL. */
struct conf *cli_load(const struct cli *cli, bool check, bool quiet);
/* The configuration is code run as root (exec.*): 0 if it is root's
 * and not writable by group or others (OpenBSD check_file_secrecy),
 * else -1 after saying so. */
int cli_conf_secure(const char *path);

/* Set by SIGINT, SIGTERM or SIGHUP once cli_catch_interrupts() has run
 * (no SA_RESTART: a blocked read ends): long work (create, bootstrap,
 * export, import) stops at its next step and removes what it made. */
extern volatile sig_atomic_t cli_interrupted;
void cli_catch_interrupts(void);

struct store;
struct store_stats;
/* What a copy could not carry over (mount points copied empty,
 * extended attributes the filesystem refused), as warnings on stderr. */
void cli_store_warn(const struct store_stats *st);
/* How a snapshot or copy was made: "12 MiB, reflinked" or "btrfs
 * snapshot", in buf (or a constant). */
const char *cli_store_describe(const struct store *s,
    const struct store_stats *st, char *buf, size_t len);
