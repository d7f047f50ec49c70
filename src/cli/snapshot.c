/* brig snapshot | snapshots | rollback | clone | destroy | du: a jail's
 * dataset (src/store), as zfs(8) gives it on FreeBSD.
 *
 * A jail in the configuration has the dataset its stanza says (path,
 * brig.storage, brig.dataset); a name that is not there is
 * DATADIR/jails/NAME, a btrfs subvolume or a plain directory, whichever
 * it is.  Commands that change a root hold the jail's lock (the one
 * start and stop take), so that no start slips in between the "not
 * running" check and the change. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../jail/jail.h"
#include "../store/store.h"

static int
fail(const struct brig_err *e)
{
	char buf[700];

	fprintf(stderr, "brig: %s\n", err_str(e, buf, sizeof(buf)));
	return 1;
}

static struct conf *
load(const struct cli *cli)
{
	struct conf *c = cli_load(cli, true, true);

	if (conf_errors(c)) {
		fprintf(stderr, "brig: %s has errors; see brig check\n",
		    cli->conf);
		conf_free(c);
		return NULL;
	}
	return c;
}

static int
open_jail(const struct cli *cli, const struct conf *c, const char *name,
    struct store **s, struct brig_err *e)
{
	const struct conf_jail *j = conf_jail_find(c, name);

	if (j)
		return store_open(j, cli->datadir, s, e);
	if (store_check_name(name, e) == -1)
		return -1;
	if (store_open_name(name, NULL, NULL, cli->datadir, s, e) == -1)
		return err_ctx(e, "jail %.72s", name);
	return 0;
}

static void
ctx_init(const struct cli *cli, struct jail_ctx *x)
{
	memset(x, 0, sizeof(*x));
	x->rundir = cli->rundir;
	x->datadir = cli->datadir;
	x->out = stdout;
}

/* Take the jail's lock and make sure it is not running (a stale start
 * is cleaned up first).  The lock fd, or -1 with e. */
static int
lock_stopped(const struct jail_ctx *x, const struct conf *c,
    const char *name, const char *what, struct brig_err *e)
{
	struct jail_state st;
	int lock;

	if ((lock = state_lock(x->rundir, name, e)) == -1)
		return -1;
	switch (jail_status(x, name, &st)) {
	case JAIL_RUNNING:
		close(lock);
		errno = 0;
		return err_fmt(e, "jail %s is running: stop it before %s",
		    name, what);
	case JAIL_STALE:
		if (jail_recover(x, name, conf_jail_find(c, name), e) == -1) {
			close(lock);
			return -1;
		}
		break;
	case JAIL_STOPPED:
		break;
	}
	return lock;
}

/* Options into flags[letter]; "f:" in opts is the configuration file. */
static int
getopts(struct cli *cli, const struct cmd *cmd, int argc, char **argv,
    const char *opts, char *flags)
{
	bool file = strstr(opts, "f:") != NULL;
	int ch;

	optind = 1;
	while ((ch = getopt(argc, argv, opts)) != -1) {
		if ((ch == 'f' && file) || ch == 'F')
			cli->conf = optarg;
		else if (ch == '?' || ch == ':') {
			cli_usage(cli, cmd);
			return -1;
		} else if (strchr(opts, ch))
			flags[(unsigned char)ch] = 1;
	}
	return optind;
}

/* --- brig snapshot [-d] NAME [SNAP] ------------------------------------ */

static int
snapshot_run(struct cli *cli, int argc, char **argv)
{
	char flags[256] = { 0 }, now[32], how[64];
	struct store_stats st;
	struct brig_err e;
	struct store *s = NULL;
	struct jail_ctx x;
	struct conf *c;
	const char *snap;
	int i, lock, rc = 1;

	if ((i = getopts(cli, &cmd_snapshot, argc, argv, "df:", flags)) == -1)
		return EXIT_USAGE;
	if (argc - i < 1 + flags['d'] || argc - i > 2) {
		cli_usage(cli, &cmd_snapshot);
		return EXIT_USAGE;
	}
	store_snap_name_at(time(NULL), now, sizeof(now));
	snap = argc - i == 2 ? argv[i + 1] : now;
	if ((c = load(cli)) == NULL)
		return 1;
	ctx_init(cli, &x);
	if (open_jail(cli, c, argv[i], &s, &e) == -1 ||
	    (lock = state_lock(cli->rundir, argv[i], &e)) == -1)
		rc = fail(&e);
	else {
		if (flags['d'] ? store_snapshot_destroy(s, snap, &e) :
		    store_snapshot(s, snap, &st, &e))
			rc = fail(&e);
		else if (flags['d'])
			rc = printf("%s@%s: destroyed\n", argv[i], snap) < 0;
		else {
			cli_store_warn(&st);
			rc = printf("snapshot %s@%s: %s\n", argv[i], snap,
			    cli_store_describe(s, &st, how, sizeof(how))) < 0;
		}
		close(lock);
	}
	if (s)
		store_close(s);
	conf_free(c);
	return rc;
}

const struct cmd cmd_snapshot = {
	"snapshot", "[-d] [-f file] name [snapshot]",
	"snapshot a jail's root (default name: the UTC time); -d drops one",
	snapshot_run,
};

/* --- brig snapshots [-p] NAME ------------------------------------------ */

static void
print_snaps(const struct store_snap *v, size_t n, bool exact)
{
	char t[32], used[32];
	size_t i;

	printf("%-32s %-20s %s\n", "NAME", "TIME", "USED");
	for (i = 0; i < n; i++) {
		store_snap_name_at(v[i].time, t, sizeof(t));
		if (exact && v[i].used >= 0)
			snprintf(used, sizeof(used), "%lld",
			    (long long)v[i].used);
		else
			store_human(v[i].used, used, sizeof(used));
		printf("%-32s %-20s %s\n", v[i].name, t, used);
	}
}

static int
snapshots_run(struct cli *cli, int argc, char **argv)
{
	char flags[256] = { 0 };
	struct store_snap *v;
	struct brig_err e;
	struct store *s = NULL;
	struct conf *c;
	size_t n;
	int i, rc = 0;

	if ((i = getopts(cli, &cmd_snapshots, argc, argv, "f:p", flags)) == -1)
		return EXIT_USAGE;
	if (argc - i != 1) {
		cli_usage(cli, &cmd_snapshots);
		return EXIT_USAGE;
	}
	if ((c = load(cli)) == NULL)
		return 1;
	if (open_jail(cli, c, argv[i], &s, &e) == -1 ||
	    store_snapshots(s, &v, &n, &e) == -1)
		rc = fail(&e);
	else {
		print_snaps(v, n, flags['p']);
		free(v);
		rc = fflush(stdout) != 0;
	}
	if (s)
		store_close(s);
	conf_free(c);
	return rc;
}

const struct cmd cmd_snapshots = {
	"snapshots", "[-p] [-f file] name",
	"list a jail's snapshots: name, time (UTC), space (-p: bytes)",
	snapshots_run,
};

/* --- brig rollback [-r] NAME SNAP -------------------------------------- */

static int
rollback_locked(const struct jail_ctx *x, const struct conf *c,
    struct store *s, const char *name, const char *snap)
{
	struct store_stats st;
	struct brig_err e;
	char how[64];
	int lock, rc;

	if ((lock = lock_stopped(x, c, name, "a rollback (or use rollback "
	    "-r)", &e)) == -1)
		return fail(&e);
	rc = store_rollback(s, snap, &st, &e);
	close(lock);
	if (rc == -1)
		return fail(&e);
	cli_store_warn(&st);
	printf("%s: rolled back to %s (%s)\n", name, snap, cli_store_describe(s, &st,
	    how, sizeof(how)));
	return 0;
}

/* -r: stop it if it runs (this jail alone: its dependents keep
 * running), roll back, start it again as brig start does. */
static int
rollback_restart(struct cli *cli, const struct jail_ctx *x,
    const struct conf *c, struct store *s, const char *name, const char *snap)
{
	const struct conf_jail *j = conf_jail_find(c, name);
	char *args[] = { "start", (char *)name, NULL };
	struct jail_state st;
	struct brig_err e;
	bool was = jail_status(x, name, &st) == JAIL_RUNNING;

	if (was && j == NULL) {
		fprintf(stderr, "brig: jail %s is running but not in %s: cannot "
		    "start it again after the rollback\n", name, cli->conf);
		return 1;
	}
	if (was && cli_conf_secure(cli->conf) == -1)
		return 1;
	if (was && jail_stop(x, name, j, &e) == -1)
		return fail(&e);
	if (was)
		printf("%s: removed\n", name);
	if (rollback_locked(x, c, s, name, snap) != 0)
		return 1;
	fflush(stdout);
	return was ? cmd_start.run(cli, 2, args) : 0;
}

static int
rollback_run(struct cli *cli, int argc, char **argv)
{
	char flags[256] = { 0 };
	struct brig_err e;
	struct store *s = NULL;
	struct jail_ctx x;
	struct conf *c;
	int i, rc;

	if ((i = getopts(cli, &cmd_rollback, argc, argv, "f:r", flags)) == -1)
		return EXIT_USAGE;
	if (argc - i != 2) {
		cli_usage(cli, &cmd_rollback);
		return EXIT_USAGE;
	}
	if ((c = load(cli)) == NULL)
		return 1;
	ctx_init(cli, &x);
	if (open_jail(cli, c, argv[i], &s, &e) == -1)
		rc = fail(&e);
	else if (flags['r'])
		rc = rollback_restart(cli, &x, c, s, argv[i], argv[i + 1]);
	else
		rc = rollback_locked(&x, c, s, argv[i], argv[i + 1]);
	if (s)
		store_close(s);
	conf_free(c);
	return rc;
}

const struct cmd cmd_rollback = {
	"rollback", "[-r] [-f file] name snapshot",
	"make a stopped jail's root what it was at a snapshot (-r: stop, "
	"roll back, start)",
	rollback_run,
};

/* --- brig clone SRC[@SNAP] DST ----------------------------------------- */

static int
clone_do(const struct cli *cli, const struct conf *c, char *src,
    const char *dst)
{
	char *at = strchr(src, '@'), how[64];
	struct store *from = NULL, *to = NULL;
	const struct conf_jail *dj = conf_jail_find(c, dst);
	struct store_stats st;
	struct brig_err e;
	int lock = -1, rc = 1;

	if (at)
		*at++ = '\0';
	if (open_jail(cli, c, src, &from, &e) == -1)
		goto out;
	/* DST's own stanza, or DATADIR/jails/DST with SRC's backend. */
	if (dj ? store_open(dj, cli->datadir, &to, &e) :
	    store_open_name(dst, NULL, store_backend(from), cli->datadir, &to,
	    &e))
		goto out;
	if ((lock = state_lock(cli->rundir, dst, &e)) == -1 ||
	    store_clone(from, at, to, &st, &e) == -1)
		goto out;
	cli_store_warn(&st);
	printf("%s: cloned from %s%s%s at %s (%s)\n", dst, src, at ? "@" : "",
	    at ? at : "", store_root(to), cli_store_describe(to, &st, how, sizeof(how)));
	rc = 0;
out:
	if (rc)
		fail(&e);
	if (lock != -1)
		close(lock);
	if (from)
		store_close(from);
	if (to)
		store_close(to);
	return rc;
}

static int
clone_run(struct cli *cli, int argc, char **argv)
{
	char flags[256] = { 0 };
	struct conf *c;
	int i, rc;

	if ((i = getopts(cli, &cmd_clone, argc, argv, "f:", flags)) == -1)
		return EXIT_USAGE;
	if (argc - i != 2) {
		cli_usage(cli, &cmd_clone);
		return EXIT_USAGE;
	}
	if ((c = load(cli)) == NULL)
		return 1;
	rc = clone_do(cli, c, argv[i], argv[i + 1]);
	conf_free(c);
	return rc;
}

const struct cmd cmd_clone = {
	"clone", "[-f file] source[@snapshot] destination",
	"a new jail root from a jail or one of its snapshots",
	clone_run,
};

/* --- brig destroy [-f] NAME -------------------------------------------- */

static int
destroy_run(struct cli *cli, int argc, char **argv)
{
	char flags[256] = { 0 };
	struct brig_err e;
	struct store *s = NULL;
	struct jail_ctx x;
	struct conf *c;
	int i, lock, rc = 0;

	/* -f is force here, as zfs destroy -f; the file is -F */
	if ((i = getopts(cli, &cmd_destroy, argc, argv, "F:f", flags)) == -1)
		return EXIT_USAGE;
	if (argc - i != 1) {
		cli_usage(cli, &cmd_destroy);
		return EXIT_USAGE;
	}
	if ((c = load(cli)) == NULL)
		return 1;
	ctx_init(cli, &x);
	if (open_jail(cli, c, argv[i], &s, &e) == -1 ||
	    (lock = lock_stopped(&x, c, argv[i], "destroying it", &e)) == -1)
		rc = fail(&e);
	else {
		if (store_destroy(s, flags['f'], &e) == -1)
			rc = fail(&e);
		else
			printf("%s: destroyed %s\n", argv[i], store_root(s));
		close(lock);
	}
	if (s)
		store_close(s);
	conf_free(c);
	return rc;
}

const struct cmd cmd_destroy = {
	"destroy", "[-f] [-F file] name",
	"remove a stopped jail's root (-f: and its snapshots)",
	destroy_run,
};

/* --- brig du [-p] [NAME ...] ------------------------------------------- */

static void
size_col(int64_t v, bool exact, char *buf, size_t len)
{
	if (exact && v >= 0)
		snprintf(buf, len, "%lld", (long long)v);
	else
		store_human(v, buf, len);
}

static int
du_one(const struct cli *cli, const struct conf *c, const char *name,
    bool exact)
{
	struct store_usage u = { -1, -1, "-" };
	char used[32], snaps[32];
	struct store *s;
	struct brig_err e;
	int rc = 0;

	if (open_jail(cli, c, name, &s, &e) == -1)
		return fail(&e);
	if (store_exists(s) && store_usage(s, &u, &e) == -1)
		rc = fail(&e);
	size_col(u.used, exact, used, sizeof(used));
	size_col(u.snapshots, exact, snaps, sizeof(snaps));
	printf("%-20s %-7s %10s %10s  %s\n", name, store_backend(s), used,
	    snaps, store_root(s));
	store_close(s);
	return rc;
}

static int
du_run(struct cli *cli, int argc, char **argv)
{
	char flags[256] = { 0 };
	const struct conf_jail *j;
	struct conf *c;
	int i, k, rc = 0;

	if ((i = getopts(cli, &cmd_du, argc, argv, "f:p", flags)) == -1)
		return EXIT_USAGE;
	if ((c = load(cli)) == NULL)
		return 1;
	printf("%-20s %-7s %10s %10s  %s\n", "NAME", "STORAGE", "USED",
	    "SNAPSHOTS", "PATH");
	if (i == argc)
		for (j = c->jails; j; j = j->next)
			rc |= du_one(cli, c, j->name, flags['p']);
	for (k = i; k < argc; k++)
		rc |= du_one(cli, c, argv[k], flags['p']);
	conf_free(c);
	return rc | (fflush(stdout) != 0);
}

const struct cmd cmd_du = {
	"du", "[-p] [-f file] [name ...]",
	"space each jail's root and snapshots take (-p: bytes)",
	du_run,
};
