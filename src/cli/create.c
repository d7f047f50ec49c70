/* brig create [-f file] [--devices] [debootstrap options] --from source name
 * brig bootstrap [--devices] [--storage backend] [debootstrap options]
 *     --from source release
 * brig bootstrap -l | -d release
 *
 * create makes a configured jail's dataset (src/store) and fills its
 * root from a tarball, from host programs and their libraries
 * (src/store/bootstrap.h), from a release, or not at all.  bootstrap
 * makes such a release: a base kept in DATADIR/releases/NAME from the
 * same sources, which create then clones (a btrfs or ZFS snapshot, or a
 * reflinked copy), so that a second jail from one tarball costs no
 * second extraction.  A Debian suite (debootstrap:) is always made a
 * release first, named after the suite and its packages, and kept: the
 * second jail from it costs a snapshot or a copy, not a download.  Each
 * release's source is kept beside it (DATADIR/releases/.brig/sources).  A jail with brig.storage overlay is thin instead:
 * an upper layer over the release (or over dir:PATH), nothing copied.
 * One file for both: they share every step.
 * Whatever fails, and an interrupt, drops the dataset again: a root is
 * there whole or not at all. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../conf/conf.h"
#include "../store/bootstrap.h"
#include "../store/store.h"
#include "../util/buf.h"

struct create_args {
	const char *name;
	const char *source;
	const char *kind;	/* "tar", "closure", "debootstrap",
				 * "release", "dir", "empty" */
	const char *release;	/* kind "release": its name */
	const char *storage;	/* bootstrap --storage, or NULL */
	const char *mirror, *keyring;	/* --mirror, --keyring */
	bool devices;
	bool list, remove;	/* bootstrap -l, -d */
};

struct progress {
	const char *name;
	bool tty;
	bool shown;
	struct timespec last;
};

/* One updating line on a terminal, at most ten times a second. */
static void
show_progress(const struct bootstrap_stats *st, void *arg)
{
	struct progress *p = arg;
	struct timespec now;

	if (!p->tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->shown && (now.tv_sec - p->last.tv_sec) * 1000000000L +
	    (now.tv_nsec - p->last.tv_nsec) < 100000000L)
		return;
	p->last = now;
	p->shown = true;
	printf("\r%s: %llu files, %.1f MiB", p->name,
	    (unsigned long long)st->files, (double)st->bytes / 1048576.0);
	fflush(stdout);
}

/* debootstrap's steps, on the same line. */
static void
show_step(const char *step, void *arg)
{
	struct progress *p = arg;

	if (!p->tty)
		return;
	p->shown = true;
	printf("\r%s: %.60s\033[K", p->name, step);
	fflush(stdout);
}

static void
clear_progress(struct progress *p)
{
	if (p->shown) {
		printf("\r\033[K");
		fflush(stdout);
	}
}

static int
parse_args(struct cli *cli, const struct cmd *cmd, int argc, char **argv,
    struct create_args *a)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "devices", no_argument, NULL, 'D' },
		{ "storage", required_argument, NULL, 'S' },
		{ "mirror", required_argument, NULL, 'M' },
		{ "keyring", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 },
	};
	bool boot = cmd == &cmd_bootstrap;
	int ch;

	memset(a, 0, sizeof(*a));
	optind = 1;
	while ((ch = getopt_long(argc, argv, boot ? "dl" : "f:", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			break;
		case 'F':
			a->source = optarg;
			break;
		case 'D':
			a->devices = true;
			break;
		case 'S':
			if (!boot)
				goto usage;
			a->storage = optarg;
			break;
		case 'M':
			a->mirror = optarg;
			break;
		case 'K':
			a->keyring = optarg;
			break;
		case 'd':
			a->remove = true;
			break;
		case 'l':
			a->list = true;
			break;
		default:
			goto usage;
		}
	if (a->list) {
		if (argc != optind || a->remove || a->source)
			goto usage;
		return 0;
	}
	if (optind + 1 != argc || (a->source == NULL) == !a->remove ||
	    (a->remove && (a->devices || a->storage || a->mirror ||
	    a->keyring)))
		goto usage;
	a->name = argv[optind];
	if (a->remove)
		return 0;
	a->kind = bootstrap_source_kind(a->source);
	if (a->kind == NULL && strncmp(a->source, "release:", 8) == 0 &&
	    a->source[8] != '\0' && !boot) {
		a->kind = "release";
		a->release = a->source + 8;
	}
	if (a->kind == NULL && strncmp(a->source, "dir:", 4) == 0 &&
	    a->source[4] == '/' && !boot)
		a->kind = "dir";	/* an overlay's base */
	if (a->kind == NULL) {
		fprintf(stderr, "brig: %s: %s: not a source; want tar:FILE "
		    "(or FILE.tar, .tar.gz, .tgz, .tar.xz, .txz, .tar.zst, "
		    ".tar.bz2), closure:BIN[,BIN...][+FILE[:JAILPATH][,...]], "
		    "debootstrap:SUITE[+PACKAGE[,...]]%s or empty\n",
		    cmd->name, a->source, boot ? "" :
		    ", release:NAME, dir:PATH");
		return -2;	/* a usage error, with its own message */
	}
	if ((a->mirror || a->keyring) && strcmp(a->kind, "debootstrap")) {
		fprintf(stderr, "brig: %s: --mirror and --keyring are for a "
		    "debootstrap: source\n", cmd->name);
		return -2;
	}
	return 0;
usage:
	cli_usage(cli, cmd);
	return -2;
}

/* Checks that need no dataset: a closure or a suite that parses, a
 * tarball that can be read. */
static int
precheck(const struct create_args *a, struct brig_err *e)
{
	struct deb_source d;
	char **bins, **files;
	const char *tarball;

	if (strcmp(a->kind, "closure") == 0) {
		if (bootstrap_closure_parse(a->source, &bins, &files, e) == -1)
			return -1;
		free(bins);
	}
	if (strcmp(a->kind, "tar") == 0) {
		tarball = strncmp(a->source, "tar:", 4) ? a->source :
		    a->source + 4;
		if (access(tarball, R_OK) == -1)
			return err_sys(e, "%s", tarball);
	}
	if (strcmp(a->kind, "debootstrap") == 0) {
		if (bootstrap_deb_parse(a->source, &d, e) == -1)
			return -1;
		bootstrap_deb_free(&d);
		if (a->keyring && access(a->keyring, R_OK) == -1)
			return err_sys(e, "--keyring %s", a->keyring);
	}
	return 0;
}

static int
fill(const struct create_args *a, const char *root, int rootfd,
    struct bootstrap_stats *st, struct progress *p, struct brig_err *e)
{
	struct bootstrap_opts o;
	struct deb_opts dopts;
	struct deb_source d;
	char **bins, **files;
	int rc;

	memset(st, 0, sizeof(*st));
	if (strcmp(a->kind, "tar") == 0) {
		memset(&o, 0, sizeof(o));
		o.devices = a->devices;
		o.progress = show_progress;
		o.progress_arg = p;
		o.cancel = &cli_interrupted;
		return bootstrap_tar(rootfd, strncmp(a->source, "tar:", 4) ?
		    a->source : a->source + 4, &o, st, e);
	}
	if (strcmp(a->kind, "closure") == 0) {
		if (bootstrap_closure_parse(a->source, &bins, &files, e) == -1)
			return -1;
		rc = bootstrap_closure(rootfd, bins, files, st, e);
		free(bins);
		return rc;
	}
	if (strcmp(a->kind, "debootstrap") == 0) {
		if (bootstrap_deb_parse(a->source, &d, e) == -1)
			return -1;
		memset(&dopts, 0, sizeof(dopts));
		dopts.mirror = a->mirror;
		dopts.keyring = a->keyring;
		dopts.message = show_step;
		dopts.message_arg = p;
		dopts.cancel = &cli_interrupted;
		rc = bootstrap_debootstrap(root, &d, &dopts, st, e);
		bootstrap_deb_free(&d);
		return rc;
	}
	return 0;	/* empty */
}

/* The releases: DATADIR/releases/NAME, with their own data directory
 * for what a backend keeps beside them, so that a release never shares
 * a snapshot directory with a jail of the same name. */
static int
open_release(const struct cli *cli, const char *name, const char *backend,
    struct store **out, struct brig_err *e)
{
	char root[PATH_MAX], data[PATH_MAX];

	snprintf(root, sizeof(root), "%s/releases/%s", cli->datadir, name);
	snprintf(data, sizeof(data), "%s/releases/.brig", cli->datadir);
	if (store_open_name(name, root, backend, data, out, e) == -1)
		return err_ctx(e, "release %s", name);
	return 0;
}

/* DATADIR/releases/.brig/sources/NAME: the source a release was made
 * from, one line. */
static void
source_path(const struct cli *cli, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/releases/.brig/sources%s%s", cli->datadir,
	    name ? "/" : "", name ? name : "");
}

static int
record_source(const struct cli *cli, const char *name, const char *source,
    struct brig_err *e)
{
	char dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;

	source_path(cli, NULL, dir, sizeof(dir));
	source_path(cli, name, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (store_mkdirs(dir, 0755, e) == -1)
		return -1;
	if ((f = fopen(tmp, "we")) == NULL)
		return err_sys(e, "%s", tmp);
	fprintf(f, "%s\n", source);
	if (fclose(f) == EOF || rename(tmp, path) == -1) {
		unlink(tmp);
		return err_sys(e, "%s", path);
	}
	return 0;
}

/* The recorded source of release name into buf, or "" when none. */
static void
read_source(const struct cli *cli, const char *name, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	buf[0] = '\0';
	source_path(cli, name, path, sizeof(path));
	if ((f = fopen(path, "re")) == NULL)
		return;
	if (fgets(buf, (int)len, f) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static void
forget_source(const struct cli *cli, const char *name)
{
	char path[PATH_MAX];

	source_path(cli, name, path, sizeof(path));
	unlink(path);
}

/* A jail's root as a copy or snapshot of a release. */
static int
from_release(const struct cli *cli, const char *relname, struct store *s,
    struct bootstrap_stats *st, const char **how, struct brig_err *e)
{
	struct store_stats sst;
	struct store *rel;
	int rc;

	memset(st, 0, sizeof(*st));
	if (open_release(cli, relname, NULL, &rel, e) == -1)
		return -1;
	if (!store_exists(rel)) {
		rc = err_fmt(e, "no release %s in %s/releases (brig bootstrap "
		    "makes one)", relname, cli->datadir);
	} else {
		rc = store_clone(rel, NULL, s, &sst, e);
		st->files = sst.inodes;
		st->bytes = sst.bytes;
		*how = store_how_name(s, &sst);
	}
	store_close(rel);
	return rc;
}

/* A thin jail (brig.storage overlay): an empty upper layer over a
 * release or a directory, which stays shared. */
static int
thin(const struct cli *cli, const struct create_args *a, struct store *s,
    const char **how, struct brig_err *e)
{
	char base[PATH_MAX];

	errno = 0;
	if (strcmp(a->kind, "release") == 0)
		snprintf(base, sizeof(base), "%s/releases/%s", cli->datadir,
		    a->release);
	else if (strcmp(a->kind, "dir") == 0)
		snprintf(base, sizeof(base), "%s", a->source + 4);
	else
		return err_fmt(e, "brig.storage overlay: a thin jail is made "
		    "over a base: --from release:NAME or --from dir:PATH");
	if (strcmp(a->kind, "release") == 0 && access(base, F_OK) == -1)
		return err_fmt(e, "no release %s in %s/releases (brig bootstrap "
		    "makes one)", a->release, cli->datadir);
	if (store_set_base(s, base, e) == -1 || store_create(s, e) == -1)
		return -1;
	*how = "thin: an overlay over the base";
	return 0;
}

/* Make the dataset, fill it, drop it on failure. */
static int
create(const struct cli *cli, const struct create_args *a, struct store *s,
    struct bootstrap_stats *st, const char **how, struct brig_err *e)
{
	struct progress p = { a->name, isatty(STDOUT_FILENO) == 1, false,
	    { 0, 0 } };
	struct brig_err e2;
	char buf[700];
	int rootfd = -1, rc;

	*how = NULL;
	memset(st, 0, sizeof(*st));
	if (store_exists(s))
		return err_fmt(e, "%s exists already", store_root(s));
	if (strcmp(store_backend(s), "overlay") == 0)
		return thin(cli, a, s, how, e);
	if (strcmp(a->kind, "dir") == 0)
		return err_fmt(e, "--from dir:PATH is the base of a thin jail "
		    "(brig.storage overlay)");
	if (strcmp(a->kind, "release") == 0) {
		rc = from_release(cli, a->release, s, st, how, e);
	} else if (store_create(s, e) == -1) {
		return -1;
	} else {
		rootfd = open(store_root(s), O_PATH | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (rootfd == -1)
			rc = err_sys(e, "open %s", store_root(s));
		else
			rc = fill(a, store_root(s), rootfd, st, &p, e);
	}
	clear_progress(&p);
	if (rootfd != -1)
		close(rootfd);
	if (rc == 0 && cli_interrupted)
		rc = err_fmt(e, "interrupted");
	if (rc == 0)
		return 0;
	if (store_exists(s) && store_destroy(s, true, &e2) == -1)
		fprintf(stderr, "brig: removing the half-made root %s: %s\n",
		    store_root(s), err_str(&e2, buf, sizeof(buf)));
	return -1;
}

static void report(const char *cmd, const struct create_args *a,
    const struct bootstrap_stats *st, const char *how);

/* brig create --from debootstrap:...: the suite's release, made now if
 * it is not there yet (with the jail's backend where that can hold it:
 * btrfs when DATADIR/releases is on btrfs, else dir), then taken as
 * --from release:NAME.  A release of that name made from another source
 * is an error, never silently used. */
static int
deb_release(const struct cli *cli, struct create_args *a,
    const struct store *jail, char *rel, size_t len, struct brig_err *e)
{
	struct create_args r = *a;
	struct bootstrap_stats st;
	struct buf canon = BUF_INIT;
	struct deb_source d;
	struct store *s;
	char had[1024];
	const char *how;
	int rc;

	if (bootstrap_deb_parse(a->source, &d, e) == -1)
		return -1;
	bootstrap_deb_canon(&d, &canon);
	bootstrap_deb_release(&d, rel, len);
	bootstrap_deb_free(&d);
	rc = open_release(cli, rel, strcmp(store_backend(jail), "btrfs") ?
	    "dir" : "btrfs", &s, e);
	if (rc == -1 && strcmp(store_backend(jail), "btrfs") == 0)
		rc = open_release(cli, rel, "dir", &s, e);
	if (rc == -1)
		goto out;
	if (store_exists(s)) {
		read_source(cli, rel, had, sizeof(had));
		if (strcmp(had, canon.s) != 0)
			rc = err_fmt(e, "release %s was made from %s, not %s "
			    "(brig bootstrap -d %s drops it)", rel,
			    *had ? had : "an unknown source", canon.s, rel);
	} else {
		r.name = rel;
		if ((rc = create(cli, &r, s, &st, &how, e)) == -1)
			err_ctx(e, "release %s", rel);
		else if ((rc = record_source(cli, rel, canon.s, e)) == 0)
			report("release", &r, &st, how);
	}
	store_close(s);
out:
	buf_free(&canon);
	if (rc == 0) {
		a->kind = "release";
		a->release = rel;
	}
	return rc;
}

static void
report(const char *cmd, const struct create_args *a,
    const struct bootstrap_stats *st, const char *how)
{
	printf("created %s%s from %s: %llu files, %.1f MiB%s%s%s\n",
	    strcmp(cmd, "release") ? "" : "release ", a->name, a->source, (unsigned long long)st->files,
	    (double)st->bytes / 1048576.0, how ? " (" : "", how ? how : "",
	    how ? ")" : "");
	fflush(stdout);
	if (st->devices_skipped)
		fprintf(stderr, "brig: %s: device nodes left out: %llu "
		    "(--devices makes them)\n", cmd,
		    (unsigned long long)st->devices_skipped);
}

static int
fail(const char *cmd, const struct brig_err *e)
{
	char buf[700];

	fprintf(stderr, "brig: %s: %s\n", cmd, err_str(e, buf, sizeof(buf)));
	return 1;
}

static int
run_create(struct cli *cli, int argc, char **argv)
{
	struct bootstrap_stats st;
	const struct conf_jail *j;
	struct create_args a;
	char rel[DEB_RELEASE_MAX + 1];
	struct store *s;
	struct brig_err e;
	const char *how;
	struct conf *c;
	int rc;

	if ((rc = parse_args(cli, &cmd_create, argc, argv, &a)) < 0)
		return rc == -2 ? EXIT_USAGE : 1;
	if (precheck(&a, &e) == -1)
		return fail("create", &e);
	c = conf_load(cli->conf, 0);
	if (conf_failed(c)) {
		conf_print_diags(c, stderr, false);
		conf_free(c);
		return 1;
	}
	if ((j = conf_jail_find(c, a.name)) == NULL) {
		fprintf(stderr, "brig: create: no jail named \"%s\" in %s\n",
		    a.name, cli->conf);
		conf_free(c);
		return 1;
	}
	if (store_open(j, cli->datadir, &s, &e) == -1) {
		conf_free(c);
		return fail("create", &e);
	}
	cli_catch_interrupts();
	rc = 0;
	if (strcmp(a.kind, "debootstrap") == 0 && store_exists(s)) {
		err_fmt(&e, "%s exists already", store_root(s));
		err_ctx(&e, "jail %s", a.name);
		rc = fail("create", &e);
	} else if (strcmp(a.kind, "debootstrap") == 0 &&
	    deb_release(cli, &a, s, rel, sizeof(rel), &e) == -1) {
		rc = fail("create", &e);
	} else if (create(cli, &a, s, &st, &how, &e) == -1) {
		err_ctx(&e, "jail %s", a.name);
		rc = fail("create", &e);
	} else {
		report("create", &a, &st, how);
	}
	store_close(s);
	conf_free(c);
	return rc;
}

/* bootstrap -l: each release and its backend. */
static int
list_releases(const struct cli *cli)
{
	char dir[PATH_MAX], source[1024];
	struct brig_err e;
	struct dirent *de;
	struct store *s;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/releases", cli->datadir);
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		err_sys(&e, "%s", dir);
		return fail("bootstrap", &e);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (open_release(cli, de->d_name, NULL, &s, &e) == -1)
			continue;	/* not a name brig makes */
		read_source(cli, de->d_name, source, sizeof(source));
		printf("%s\t%s\t%s\n", de->d_name, store_backend(s),
		    *source ? source : "-");
		store_close(s);
	}
	closedir(d);
	return 0;
}

/* A release under thin jails stays: their upper layers need it. */
static int
release_unused(const struct cli *cli, const struct store *rel,
    struct brig_err *e)
{
	char **names;
	size_t n;
	int rc = 0;

	if (store_overlay_users(cli->datadir, store_root(rel), &names, &n,
	    e) == -1)
		return -1;
	if (n > 0)
		rc = err_fmt(e, "release %s: thin jails use it as their base: "
		    "%s%s (brig destroy them first)", store_root(rel), names[0],
		    n > 1 ? ", ..." : "");
	while (n > 0)
		free(names[--n]);
	free(names);
	return rc;
}

/* Keep what a release was made from: a suite as its canonical text (so
 * that create --from debootstrap: finds it), a file by its full path. */
static int
release_source(const struct cli *cli, const struct create_args *a,
    struct brig_err *e)
{
	struct buf b = BUF_INIT;
	struct deb_source d;
	char *full = NULL;
	const char *file;
	int rc;

	if (strcmp(a->kind, "debootstrap") == 0 &&
	    bootstrap_deb_parse(a->source, &d, e) == 0) {
		bootstrap_deb_canon(&d, &b);
		bootstrap_deb_free(&d);
	} else if (strcmp(a->kind, "tar") == 0) {
		file = strncmp(a->source, "tar:", 4) ? a->source :
		    a->source + 4;
		full = realpath(file, NULL);
		buf_printf(&b, "tar:%s", full ? full : file);
		free(full);
	} else {
		buf_adds(&b, a->source);
	}
	rc = record_source(cli, a->name, b.s, e);
	buf_free(&b);
	return rc;
}

static int
run_bootstrap(struct cli *cli, int argc, char **argv)
{
	struct bootstrap_stats st;
	struct create_args a;
	struct store *s;
	struct brig_err e;
	const char *how;
	int rc;

	if ((rc = parse_args(cli, &cmd_bootstrap, argc, argv, &a)) < 0)
		return rc == -2 ? EXIT_USAGE : 1;
	if (a.list)
		return list_releases(cli);
	if (!a.remove && precheck(&a, &e) == -1)
		return fail("bootstrap", &e);
	if (open_release(cli, a.name, a.remove ? NULL : a.storage ?
	    a.storage : "dir", &s, &e) == -1)
		return fail("bootstrap", &e);
	if (a.remove) {
		if (!store_exists(s))
			rc = err_fmt(&e, "release %s: no such release", a.name);
		else if ((rc = release_unused(cli, s, &e)) == -1)
			;
		else if ((rc = store_destroy(s, true, &e)) == 0) {
			forget_source(cli, a.name);
			printf("removed release %s\n", a.name);
		}
	} else {
		cli_catch_interrupts();
		if ((rc = create(cli, &a, s, &st, &how, &e)) == 0 &&
		    (rc = release_source(cli, &a, &e)) == 0)
			report("bootstrap", &a, &st, how);
		else
			err_ctx(&e, "release %s", a.name);
	}
	store_close(s);
	return rc == 0 ? 0 : fail("bootstrap", &e);
}

const struct cmd cmd_create = {
	"create", "[-f file] [--devices] [--mirror url] [--keyring file] "
	"--from source name",
	"make a jail's root from a tarball, host programs, a Debian suite, a "
	"release or nothing; a thin jail over a release or directory "
	"(overlay)",
	run_create,
};

const struct cmd cmd_bootstrap = {
	"bootstrap", "[--devices] [--storage backend] [--mirror url] "
	"[--keyring file] --from source release | -l | -d release",
	"make a release in DATADIR/releases for brig create --from "
	"release:NAME; -l lists, -d removes",
	run_bootstrap,
};
