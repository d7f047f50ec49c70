/* brig update [-n] [--no-restart] [--timeout seconds] [-f file] name
 *     [-- command ...]
 *
 * The seed's rule for upgrading a jail, "Always snapshot first.
 * Always.", as one command: snapshot the jail's dataset as
 * pre-update-TIME, run the update inside the jail (apt-get for a Debian
 * root, unless a command is given), restart the jail so that the
 * updated binaries run (a FreeBSD admin restarts the service after an
 * upgrade), then run its health check (brig.health).  Any failure after
 * the snapshot is undone the same way: stop, roll back, start again if
 * it was running before.  The steps are a table (update_plan), as
 * jail(8)'s lifecycle is. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "update_int.h"
#include "../conf/conf.h"
#include "../jail/jail.h"
#include "../jail/spawn.h"
#include "../store/store.h"
#include "../util/path.h"
#include "../util/run.h"

#define HEALTH_TIMEOUT 30	/* seconds, when brig.health.timeout is unset */

/* The default update, for a Debian root.  Nobody answers debconf's
 * questions during an unattended upgrade: noninteractive. */
#define APT_PATH "/usr/bin/apt-get"
#define APT_CMD "export DEBIAN_FRONTEND=noninteractive; " \
	"apt-get update && apt-get -y upgrade"

struct update {
	struct cli *cli;
	const struct conf_jail *j;
	const char *name;
	struct store *s;
	struct jail_ctx x;
	char *const *argv;		/* the update command */
	char shown[256];		/* ... as a shell would read it */
	char snap[STORE_SNAP_MAX + 1];
	int timeout;			/* --timeout, 0: none */
	int health_timeout;		/* brig.health.timeout, 0: none */
	bool restart;			/* not --no-restart */
	bool dry_run;			/* -n */
	bool was_running;		/* before the update */
};

/* --- the pure parts (update_int.h) ------------------------------------- */

size_t
update_plan(bool running, bool restart, bool health,
    enum update_step plan[UPDATE_STEPS_MAX])
{
	size_t n = 0;

	plan[n++] = UPDATE_SNAPSHOT;
	if (!running)
		plan[n++] = UPDATE_START;
	plan[n++] = UPDATE_RUN;
	if (restart)
		plan[n++] = UPDATE_RESTART;
	if (health)
		plan[n++] = UPDATE_HEALTH;
	if (!running)
		plan[n++] = UPDATE_STOP;
	return n;
}

const char *
update_step_name(enum update_step s)
{
	static const char *const names[] = {
		[UPDATE_SNAPSHOT] = "snapshot",
		[UPDATE_START] = "start",
		[UPDATE_RUN] = "update",
		[UPDATE_RESTART] = "restart",
		[UPDATE_HEALTH] = "health",
		[UPDATE_STOP] = "stop",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

void
update_snap_name(int64_t t, char *buf, size_t len)
{
	char now[32];

	store_snap_name_at(t, now, sizeof(now));
	snprintf(buf, len, "pre-update-%s", now);
}

int
update_parse_timeout(const char *s, int *out, struct brig_err *e)
{
	char *end;
	long v;

	errno = 0;
	v = s[0] >= '0' && s[0] <= '9' ? strtol(s, &end, 10) : -1;
	if (v < 0 || *end != '\0' || errno == ERANGE || v > UPDATE_TIMEOUT_MAX)
		return err_fmt(e, "--timeout \"%s\": seconds from 0 (none) to "
		    "%d expected", s, UPDATE_TIMEOUT_MAX);
	*out = (int)v;
	return 0;
}

/* Append s to buf at *pos; false when it does not fit. */
static bool
append(char *buf, size_t len, size_t *pos, const char *s, size_t n)
{
	if (*pos + n >= len)
		return false;
	memcpy(buf + *pos, s, n);
	*pos += n;
	buf[*pos] = '\0';
	return true;
}

static bool
append_word(char *buf, size_t len, size_t *pos, const char *w)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
	    "OPQRSTUVWXYZ0123456789_@%+=:,./-";
	const char *p;

	if (*w != '\0' && w[strspn(w, safe)] == '\0')
		return append(buf, len, pos, w, strlen(w));
	if (!append(buf, len, pos, "'", 1))
		return false;
	for (p = w; *p; p++)
		if (!(*p == '\'' ? append(buf, len, pos, "'\\''", 4) :
		    append(buf, len, pos, p, 1)))
			return false;
	return append(buf, len, pos, "'", 1);
}

const char *
update_argv_show(char *const argv[], char *buf, size_t len)
{
	size_t pos = 0, i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; argv[i]; i++)
		if ((i > 0 && !append(buf, len, &pos, " ", 1)) ||
		    !append_word(buf, len, &pos, argv[i])) {
			if (len > 3)
				memcpy(buf + (pos > len - 4 ? len - 4 : pos),
				    "...", 4);
			break;
		}
	return buf;
}

/* --- the steps ------------------------------------------------------- */

/* As brig start NAME does it: rctl.conf's rules, the jails it depends
 * on first; it prints "NAME: created" or its own error. */
static int
start_jail(struct update *u, const char *what, struct brig_err *e)
{
	char *args[] = { "start", (char *)u->name, NULL };

	fflush(stdout);
	if (cmd_start.run(u->cli, 2, args) != 0)
		return err_fmt(e, "%s failed (see above)", what);
	return 0;
}

/* This jail alone: the jails that depend on it keep running (brig
 * rollback -r). */
static int
stop_jail(struct update *u, struct brig_err *e)
{
	if (jail_stop(&u->x, u->name, u->j, e) == -1)
		return -1;
	printf("%s: removed\n", u->name);
	return 0;
}

/* Run argv in the running jail as its root, with the privileges it was
 * started with and a login's clean environment (jexec -l), at most
 * timeout seconds (0: no limit); its wait status in *status. */
static int
enter(const struct update *u, char *const argv[], int timeout, int *status,
    struct brig_err *e)
{
	struct enter_spec es;
	struct jail_state st;

	if (jail_status(&u->x, u->name, &st) != JAIL_RUNNING)
		return err_fmt(e, "jail %s is not running", u->name);
	memset(&es, 0, sizeof(es));
	es.pid = st.pid;
	es.starttime = st.starttime;
	es.name = u->name;
	if (st.privs[0] == '\0' || privs_parse(st.privs, &es.privs) == -1)
		privs_from_conf(u->j, &es.privs);
	es.clean = true;
	es.logfd = -1;
	es.timeout = timeout;
	fflush(NULL);
	return spawn_enter(&es, argv, status, e);
}

static int
step_snapshot(struct update *u, struct brig_err *e)
{
	struct store_stats st;
	char how[64];
	int lock, rc;

	if ((lock = state_lock(u->x.rundir, u->name, e)) == -1)
		return -1;
	rc = store_snapshot(u->s, u->snap, &st, e);
	close(lock);
	if (rc == -1)
		return -1;
	cli_store_warn(&st);
	printf("snapshot %s@%s: %s\n", u->name, u->snap, cli_store_describe(u->s, &st,
	    how, sizeof(how)));
	return 0;
}

static int
step_start(struct update *u, struct brig_err *e)
{
	printf("%s: not running: starting it for the update\n", u->name);
	return start_jail(u, "the start for the update", e);
}

static int
step_run(struct update *u, struct brig_err *e)
{
	char how[64];
	int status;

	printf("%s: update: %s\n", u->name, u->shown);
	if (enter(u, u->argv, u->timeout, &status, e) == -1)
		return err_ctx(e, "update command \"%s\"", u->shown);
	if (status != 0)
		return err_fmt(e, "update command \"%s\" %s", u->shown,
		    run_describe(status, how, sizeof(how)));
	return 0;
}

static int
step_restart(struct update *u, struct brig_err *e)
{
	if (stop_jail(u, e) == -1)
		return err_ctx(e, "stop for the restart");
	return start_jail(u, "the start after the update", e);
}

static int
step_health(struct update *u, struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(u->j, "brig.health");
	const struct conf_str *v;
	char how[64];
	int status;

	for (v = p ? p->val : NULL; v; v = v->next) {
		char *argv[] = { "/bin/sh", "-c", v->s, NULL };

		printf("%s: health: %s\n", u->name, v->s);
		if (enter(u, argv, u->health_timeout, &status, e) == -1)
			return err_ctx(e, "health check \"%s\"", v->s);
		if (status != 0)
			return err_fmt(e, "health check \"%s\" %s", v->s,
			    run_describe(status, how, sizeof(how)));
	}
	return 0;
}

static int
step_stop(struct update *u, struct brig_err *e)
{
	printf("%s: stopping it again (it was not running)\n", u->name);
	return stop_jail(u, e);
}

static int (*const steps[])(struct update *, struct brig_err *) = {
	[UPDATE_SNAPSHOT] = step_snapshot,
	[UPDATE_START] = step_start,
	[UPDATE_RUN] = step_run,
	[UPDATE_RESTART] = step_restart,
	[UPDATE_HEALTH] = step_health,
	[UPDATE_STOP] = step_stop,
};

/* -n: the plan, one line a step (a line per health command). */
static void
print_plan(const struct update *u, const enum update_step *plan, size_t n)
{
	const struct conf_param *p = conf_param_find(u->j, "brig.health");
	const struct conf_str *v;
	char lim[32];
	size_t k;

	for (k = 0; k < n; k++) {
		const char *step = update_step_name(plan[k]);

		switch (plan[k]) {
		case UPDATE_SNAPSHOT:
			printf("%s: %s: %s@%s\n", u->name, step, u->name,
			    u->snap);
			break;
		case UPDATE_START:
			printf("%s: %s: it is not running\n", u->name, step);
			break;
		case UPDATE_RUN:
			snprintf(lim, sizeof(lim), " (timeout %d s)",
			    u->timeout);
			printf("%s: %s: %s%s\n", u->name, step, u->shown,
			    u->timeout ? lim : "");
			break;
		case UPDATE_RESTART:
			printf("%s: %s: stop and start it\n", u->name, step);
			break;
		case UPDATE_HEALTH:
			snprintf(lim, sizeof(lim), " (timeout %d s)",
			    u->health_timeout);
			for (v = p ? p->val : NULL; v; v = v->next)
				printf("%s: %s: %s%s\n", u->name, step, v->s,
				    u->health_timeout ? lim : "");
			break;
		case UPDATE_STOP:
			printf("%s: %s: it was not running\n", u->name, step);
			break;
		}
	}
}

/* --- failure: stop, roll back, start as it was --------------------------- */

/* Under the jail's lock, with the jail not running (what is left of a
 * start that failed released first). */
static int
rollback_locked(struct update *u, struct store_stats *ss, struct brig_err *e)
{
	enum jail_status status;
	struct jail_state st;
	int lock, rc = -1;

	if ((lock = state_lock(u->x.rundir, u->name, e)) == -1)
		return -1;
	status = jail_status(&u->x, u->name, &st);
	if (status == JAIL_RUNNING)
		err_fmt(e, "jail %s is running again", u->name);
	else if (status == JAIL_STOPPED ||
	    jail_recover(&u->x, u->name, u->j, e) != -1)
		rc = store_rollback(u->s, u->snap, ss, e);
	close(lock);
	return rc;
}

/* why: the failure.  Always 1, the exit status. */
static int
rollback(struct update *u, const struct brig_err *why)
{
	struct store_stats ss;
	struct jail_state st;
	struct brig_err e;
	char cause[700], buf[700], how[64];

	err_str(why, cause, sizeof(cause));
	printf("%s: update failed: rolling back to %s\n", u->name, u->snap);
	if ((jail_status(&u->x, u->name, &st) == JAIL_RUNNING &&
	    stop_jail(u, &e) == -1) || rollback_locked(u, &ss, &e) == -1) {
		fflush(stdout);
		fprintf(stderr, "brig: jail %s: %s; the rollback to %s failed: "
		    "%s\n", u->name, cause, u->snap, err_str(&e, buf,
		    sizeof(buf)));
		return 1;
	}
	cli_store_warn(&ss);
	printf("%s: rolled back to %s (%s)\n", u->name, u->snap,
	    cli_store_describe(u->s, &ss, how, sizeof(how)));
	if (u->was_running && start_jail(u, "start", &e) == -1) {
		fflush(stdout);
		fprintf(stderr, "brig: jail %s: %s; rolled back to %s, but it "
		    "did not start again (see above)\n", u->name, cause,
		    u->snap);
		return 1;
	}
	fflush(stdout);
	fprintf(stderr, "brig: jail %s: %s; rolled back to %s\n", u->name,
	    cause, u->snap);
	return 1;
}

/* A do-nothing handler: ^C and ^\ reach the update command (the
 * terminal's process group), which fails, and brig rolls back instead
 * of dying half-way.  A handler, not SIG_IGN: exec resets it, so the
 * command in the jail gets the default action (system(3) ignores them
 * for the same reason). */
static void
on_interrupt(int sig)
{
	(void)sig;
}

static void
catch_interrupts(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

static int
update_do(struct update *u)
{
	enum update_step plan[UPDATE_STEPS_MAX];
	struct brig_err e;
	char buf[700];
	size_t n, k;

	n = update_plan(u->was_running, u->restart,
	    conf_param_find(u->j, "brig.health") != NULL, plan);
	if (u->dry_run) {
		print_plan(u, plan, n);
		return fflush(stdout) != 0;
	}
	for (k = 0; k < n; k++) {
		if (steps[plan[k]](u, &e) == 0) {
			if (plan[k] == UPDATE_SNAPSHOT)
				catch_interrupts();
			continue;
		}
		fflush(stdout);
		/* Nothing changed yet. */
		if (plan[k] == UPDATE_SNAPSHOT) {
			fprintf(stderr, "brig: %s\n", err_str(&e, buf,
			    sizeof(buf)));
			return 1;
		}
		/* The update and its check went well. */
		if (plan[k] == UPDATE_STOP) {
			fprintf(stderr, "brig: jail %s: updated (snapshot %s "
			    "kept), but it did not stop again: %s\n", u->name,
			    u->snap, err_str(&e, buf, sizeof(buf)));
			return 1;
		}
		return rollback(u, &e);
	}
	printf("updated %s; snapshot %s kept (brig rollback%s %s %s undoes "
	    "it)\n", u->name, u->snap, u->was_running ? " -r" : "", u->name,
	    u->snap);
	return fflush(stdout) != 0;
}

/* --- arguments, set-up ----------------------------------------------- */

static int
parse_args(struct cli *cli, int argc, char **argv, struct update *u)
{
	static const struct option longopts[] = {
		{ "no-restart", no_argument, NULL, 'R' },
		{ "timeout", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct brig_err e;
	int ch, i;

	optind = 1;
	/* "+": the command after the name is the command's own. */
	while ((ch = getopt_long(argc, argv, "+f:n", longopts, NULL)) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			break;
		case 'n':
			u->dry_run = true;
			break;
		case 'R':
			u->restart = false;
			break;
		case 'T':
			if (update_parse_timeout(optarg, &u->timeout, &e) ==
			    -1) {
				fprintf(stderr, "brig: %s\n", e.msg);
				return -1;
			}
			break;
		default:
			cli_usage(cli, &cmd_update);
			return -1;
		}
	i = optind;
	if (i >= argc || (i + 1 < argc && (strcmp(argv[i + 1], "--") != 0 ||
	    i + 2 >= argc))) {
		cli_usage(cli, &cmd_update);
		return -1;
	}
	u->name = argv[i];
	u->argv = i + 1 < argc ? argv + i + 2 : NULL;
	return 0;
}

/* The default update needs apt-get: say so before the snapshot. */
static int
check_apt(const struct update *u, struct brig_err *e)
{
	struct stat st;
	int root, fd;

	root = open(store_root(u->s), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root == -1)
		return err_sys(e, "jail %s: open root %s", u->name,
		    store_root(u->s));
	fd = path_open_in_root(root, APT_PATH, O_PATH, 0, e);
	close(root);
	if (fd >= 0) {
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			close(fd);
			return 0;
		}
		close(fd);
	}
	return err_fmt(e, "jail %s: no %s in %s, so no default update (it is "
	    "Debian's): name the command, brig update %s -- command ...",
	    u->name, APT_PATH, store_root(u->s), u->name);
}

static int
int_param(const struct conf_jail *j, const char *name, int def)
{
	const char *v = conf_param_str(conf_param_find(j, name));

	return v ? atoi(v) : def;	/* its range is brig check's */
}

/* Everything but the update itself: the stanza, the dataset, the
 * command, the snapshot's name, whether it runs. */
static int
prepare(struct update *u, const struct conf *c, char **apt_argv)
{
	struct jail_state st;
	struct brig_err e;
	char buf[700];

	if ((u->j = conf_jail_find(c, u->name)) == NULL) {
		fprintf(stderr, "brig: no jail named \"%s\" in %s\n", u->name,
		    u->cli->conf);
		return -1;
	}
	if (!u->dry_run && cli_conf_secure(u->cli->conf) == -1)
		return -1;
	if (store_open(u->j, u->cli->datadir, &u->s, &e) == -1 ||
	    (u->argv == NULL && check_apt(u, &e) == -1)) {
		fprintf(stderr, "brig: %s\n", err_str(&e, buf, sizeof(buf)));
		return -1;
	}
	if (u->argv == NULL) {
		u->argv = apt_argv;
		snprintf(u->shown, sizeof(u->shown), "%s", APT_CMD);
	} else
		update_argv_show(u->argv, u->shown, sizeof(u->shown));
	u->health_timeout = int_param(u->j, "brig.health.timeout",
	    HEALTH_TIMEOUT);
	u->x.rundir = u->cli->rundir;
	u->x.datadir = u->cli->datadir;
	u->x.out = stdout;
	update_snap_name(time(NULL), u->snap, sizeof(u->snap));
	u->was_running = jail_status(&u->x, u->name, &st) == JAIL_RUNNING;
	return 0;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	static char sh[] = "/bin/sh", dash_c[] = "-c", apt[] = APT_CMD;
	char *apt_argv[] = { sh, dash_c, apt, NULL };
	struct update u;
	struct conf *c;
	int rc = 1;

	memset(&u, 0, sizeof(u));
	u.cli = cli;
	u.restart = true;
	if (parse_args(cli, argc, argv, &u) == -1)
		return EXIT_USAGE;
	c = cli_load(cli, true, true);
	if (conf_errors(c))
		fprintf(stderr, "brig: %s has errors; see brig check\n",
		    cli->conf);
	else if (prepare(&u, c, apt_argv) == 0)
		rc = update_do(&u);
	if (u.s)
		store_close(u.s);
	conf_free(c);
	return rc;
}

const struct cmd cmd_update = {
	"update", "[-n] [--no-restart] [--timeout seconds] [-f file] name "
	"[-- command ...]",
	"snapshot, update inside the jail, restart, health check; roll back "
	"on any failure",
	run,
};
