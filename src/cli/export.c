/* brig export [-f file] name[@snapshot] archive
 * brig import [-f file] [--devices] archive [name]
 *
 * export writes a jail as one archive that says what it is
 * (src/store/export.h): the whole root as the jail sees it, so that it
 * imports anywhere (a thin jail's base included), its stanza as brig
 * show prints it, and a manifest.  import makes a new dataset from one,
 * extracted as brig create extracts a tarball (hostile until proven
 * otherwise), and prints the stanza to add to jail.conf, renamed and
 * with the new root as its path: brig never edits the configuration,
 * and the stanza's exec.* commands, which would run as root, are for a
 * human to read first. */
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
#include "../jail/jail.h"
#include "../store/bootstrap.h"
#include "../store/export.h"
#include "../store/store.h"

#ifndef BRIG_VERSION
#define BRIG_VERSION "0.0.0"
#endif

static int
fail(const char *cmd, const struct brig_err *e)
{
	char buf[700];

	fprintf(stderr, "brig: %s: %s\n", cmd, err_str(e, buf, sizeof(buf)));
	return 1;
}

/* The configuration, which must parse; a missing file is an empty one
 * for import (a new host). */
static struct conf *
load(const struct cli *cli, bool missing_ok)
{
	struct conf *c;

	if (missing_ok && strcmp(cli->conf, "-") != 0 &&
	    access(cli->conf, F_OK) == -1 && errno == ENOENT)
		return conf_new(0);
	c = conf_load(cli->conf, 0);
	if (conf_failed(c)) {
		conf_print_diags(c, stderr, false);
		conf_free(c);
		return NULL;
	}
	return c;
}

/* --- export --------------------------------------------------------------- */

/* The jail's stanza, as brig show prints it; caller frees. */
static char *
stanza_of(const struct conf *c, const char *name)
{
	char *names[] = { (char *)name }, *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return NULL;
	conf_print_conf(c, f, names, 1);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void
fill_meta(const struct store *s, const char *name, const char *snap,
    struct export_meta *m)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->version, sizeof(m->version), "%s", BRIG_VERSION);
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->backend, sizeof(m->backend), "%s", store_backend(s));
	if (store_base(s))
		snprintf(m->base, sizeof(m->base), "%s", store_base(s));
	if (snap)
		snprintf(m->snapshot, sizeof(m->snapshot), "%s", snap);
	store_snap_name_at(time(NULL), m->date, sizeof(m->date));
}

static int
export_do(const struct cli *cli, const struct conf *c, char *name,
    const char *file, enum export_comp comp)
{
	char *snap = strchr(name, '@'), *stanza = NULL, text[1024];
	const struct conf_jail *j;
	struct export_stats st;
	struct export_meta m;
	struct store *s = NULL;
	struct brig_err e;
	int lock = -1, fd = -1, rc = 1;

	if (snap)
		*snap++ = '\0';
	if ((j = conf_jail_find(c, name)) == NULL) {
		fprintf(stderr, "brig: export: no jail named \"%s\" in %s (its "
		    "stanza goes into the archive)\n", name, cli->conf);
		return 1;
	}
	if (store_open(j, cli->datadir, &s, &e) == -1 ||
	    (lock = state_lock(cli->rundir, name, &e)) == -1 ||
	    (fd = store_view_open(s, snap, &e)) == -1)
		goto out;
	fill_meta(s, name, snap, &m);
	if (export_manifest_format(&m, text, sizeof(text)) == -1 ||
	    (stanza = stanza_of(c, name)) == NULL) {
		err_fmt(&e, "jail %s: the manifest or stanza does not fit", name);
		goto out;
	}
	cli_catch_interrupts();
	if (export_write(fd, file, comp, text, stanza, &cli_interrupted, &st,
	    &e) == -1) {
		err_ctx(&e, "jail %s", name);
		goto out;
	}
	if (st.skipped)
		fprintf(stderr, "brig: export: warning: %llu mount points or "
		    "sockets written empty or left out\n",
		    (unsigned long long)st.skipped);
	printf("exported %s%s%s to %s: %llu files, %.1f MiB\n", name,
	    snap ? "@" : "", snap ? snap : "", file,
	    (unsigned long long)st.files, (double)st.bytes / 1048576.0);
	rc = fflush(stdout) != 0 ? err_sys(&e, "write") != 0 : 0;
out:
	if (rc)
		fail("export", &e);
	free(stanza);
	if (fd != -1)
		close(fd);
	if (lock != -1)
		close(lock);
	if (s)
		store_close(s);
	return rc;
}

static int
export_run(struct cli *cli, int argc, char **argv)
{
	struct conf *c;
	int ch, comp, rc;

	optind = 1;
	while ((ch = getopt(argc, argv, "f:")) != -1) {
		if (ch != 'f') {
			cli_usage(cli, &cmd_export);
			return EXIT_USAGE;
		}
		cli->conf = optarg;
	}
	if (argc - optind != 2) {
		cli_usage(cli, &cmd_export);
		return EXIT_USAGE;
	}
	if ((comp = export_comp_of(argv[optind + 1])) == -1) {
		fprintf(stderr, "brig: export: %s: the name says how to "
		    "compress: .tar.zst, .tar.gz, .tar.xz or .tar\n",
		    argv[optind + 1]);
		return EXIT_USAGE;
	}
	if ((c = load(cli, false)) == NULL)
		return 1;
	rc = export_do(cli, c, argv[optind], argv[optind + 1],
	    (enum export_comp)comp);
	conf_free(c);
	return rc;
}

const struct cmd cmd_export = {
	"export", "[-f file] name[@snapshot] archive",
	"write a jail's root, stanza and manifest to one archive (.tar.zst, "
	".tar.gz, .tar.xz, .tar)",
	export_run,
};

/* --- import --------------------------------------------------------------- */

struct import {
	const char *file;
	const char *name;	/* the new jail's */
	bool devices;
	struct export_meta m;
	char *manifest, *stanza;
	struct conf *sc;	/* the archive's stanza, parsed */
};

static void
drop_param(struct conf_jail *j, const char *name)
{
	struct conf_param *p = conf_param_find(j, name);

	if (p != NULL)
		conf_param_unlink(j, p);
}

/* The archive's head: its manifest and its stanza, which must parse
 * into one jail. */
static int
read_head(struct import *im, struct brig_err *e)
{
	if (export_read_meta(im->file, &im->manifest, &im->stanza, e) == -1)
		return -1;
	if (export_manifest_parse(im->manifest, strlen(im->manifest), &im->m,
	    e) == -1)
		return err_ctx(e, "%s", im->file);
	if (im->name == NULL)
		im->name = im->m.name;
	if (store_check_name(im->name, e) == -1)
		return -1;
	if (im->stanza == NULL)
		return 0;
	if (export_stanza_check(im->stanza, strlen(im->stanza), e) == -1)
		return err_ctx(e, "%s", im->file);
	im->sc = conf_load_mem(EXPORT_STANZA, im->stanza, strlen(im->stanza),
	    CONF_NO_INCLUDE | CONF_NO_CONFD);
	if (conf_failed(im->sc) || im->sc->njails != 1) {
		conf_print_diags(im->sc, stderr, false);
		return err_fmt(e, "%s: %s: not one jail's stanza", im->file,
		    EXPORT_STANZA);
	}
	conf_check(im->sc);	/* a newer brig's stanza: say what differs */
	conf_print_diags(im->sc, stderr, true);
	return 0;
}

/* Make the root and extract into it; drop it on failure. */
static int
extract(struct import *im, struct store *s, struct bootstrap_stats *st,
    struct brig_err *e)
{
	struct bootstrap_opts o;
	struct brig_err e2;
	char buf[700];
	int rootfd, rc;

	if (store_create(s, e) == -1)
		return -1;
	rootfd = open(store_root(s), O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	memset(&o, 0, sizeof(o));
	o.devices = im->devices;
	o.cancel = &cli_interrupted;
	o.skip = EXPORT_META_DIR;
	if (rootfd == -1)
		rc = err_sys(e, "open %s", store_root(s));
	else
		rc = bootstrap_tar(rootfd, im->file, &o, st, e);
	if (rootfd != -1)
		close(rootfd);
	if (rc == 0 && cli_interrupted)
		rc = err_fmt(e, "interrupted");
	if (rc == -1 && store_destroy(s, true, &e2) == -1)
		fprintf(stderr, "brig: removing the half-made root %s: %s\n",
		    store_root(s), err_str(&e2, buf, sizeof(buf)));
	return rc;
}

/* The archive's stanza for the new jail: its name, its root as path, a
 * plain directory (brig.storage and brig.dataset dropped). */
static void
print_stanza(const struct import *im, const struct store *s)
{
	struct conf_jail *j = im->sc ? im->sc->jails : NULL;
	struct conf_param *p;
	char root[PATH_MAX];

	printf("# brig import: jail %s from %s (jail %s, exported by brig %s "
	    "on %s)\n", im->name, im->file, im->m.name, im->m.version,
	    im->m.date);
	if (j == NULL) {
		printf("# the archive holds no stanza: %s has path = \"%s\"\n",
		    im->name, store_root(s));
		return;
	}
	printf("# read it before adding it to jail.conf: its exec.* commands "
	    "run as root,\n# and its addresses and interfaces were another "
	    "jail's\n");
	snprintf(root, sizeof(root), "%s", store_root(s));
	j->name = im->name;
	if ((p = conf_param_find(j, "path")) != NULL && p->val) {
		p->val->s = root;
		p->val->len = strlen(root);
		p->val->next = NULL;
		p->val_tail = p->val;
	} else
		printf("# it sets no path: the root is %s\n", root);
	drop_param(j, "brig.storage");
	drop_param(j, "brig.dataset");
	conf_print_conf(im->sc, stdout, NULL, 0);
}

static int
import_do(const struct cli *cli, struct import *im, struct brig_err *e)
{
	const struct conf_jail *j;
	struct bootstrap_stats st;
	struct store *s = NULL;
	struct conf *c;
	int lock = -1, rc = -1;

	if (read_head(im, e) == -1 || (c = load(cli, true)) == NULL)
		return -1;
	/* A stanza in jail.conf says where and how; else DATADIR/jails. */
	j = conf_jail_find(c, im->name);
	if ((j ? store_open(j, cli->datadir, &s, e) : store_open_name(im->name,
	    NULL, "dir", cli->datadir, &s, e)) == -1)
		goto out;
	if (strcmp(store_backend(s), "overlay") == 0) {
		err_fmt(e, "jail %s: brig.storage overlay: an import is a whole "
		    "root, not a layer over a base", im->name);
		goto out;
	}
	if ((lock = state_lock(cli->rundir, im->name, e)) == -1)
		goto out;
	if (store_exists(s)) {
		err_fmt(e, "jail %s: %s exists: import makes a new root",
		    im->name, store_root(s));
		goto out;
	}
	cli_catch_interrupts();
	if (extract(im, s, &st, e) == -1) {
		err_ctx(e, "jail %s", im->name);
		goto out;
	}
	if (st.devices_skipped)
		fprintf(stderr, "brig: import: device nodes left out: %llu "
		    "(--devices makes them)\n",
		    (unsigned long long)st.devices_skipped);
	if (j)
		printf("# brig import: jail %s from %s: its stanza in %s "
		    "applies\n", im->name, im->file, cli->conf);
	else
		print_stanza(im, s);
	printf("# %s: %llu files, %.1f MiB in %s\n", im->name,
	    (unsigned long long)st.files, (double)st.bytes / 1048576.0,
	    store_root(s));
	rc = fflush(stdout) != 0 ? err_sys(e, "write") : 0;
out:
	if (lock != -1)
		close(lock);
	if (s)
		store_close(s);
	conf_free(c);
	return rc;
}

static int
import_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "devices", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct import im;
	struct brig_err e;
	int ch, rc;

	memset(&im, 0, sizeof(im));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:", longopts, NULL)) != -1)
		switch (ch) {
		case 'f':
			cli->conf = optarg;
			break;
		case 'D':
			im.devices = true;
			break;
		default:
			cli_usage(cli, &cmd_import);
			return EXIT_USAGE;
		}
	if (argc - optind < 1 || argc - optind > 2) {
		cli_usage(cli, &cmd_import);
		return EXIT_USAGE;
	}
	im.file = argv[optind];
	im.name = argc - optind == 2 ? argv[optind + 1] : NULL;
	rc = import_do(cli, &im, &e) == -1 ? fail("import", &e) : 0;
	free(im.manifest);
	free(im.stanza);
	if (im.sc)
		conf_free(im.sc);
	return rc;
}

const struct cmd cmd_import = {
	"import", "[-f file] [--devices] archive [name]",
	"make a new jail root from brig export's archive and print its "
	"stanza for jail.conf",
	import_run,
};
