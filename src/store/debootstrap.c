/* A Debian root from debootstrap(8) (bootstrap.h): the field's tool for
 * it, run as a program (it is a shell script; nothing in C does its
 * work), with what brig adds around it:
 *
 *  - the source is checked before anything runs: a suite and package
 *    names as Debian spells them, so that no word of it can be taken
 *    for one of debootstrap's options;
 *  - it runs in a mount namespace of its own (it mounts /proc, /sys and
 *    /dev/pts in the target while it configures packages): whatever it
 *    leaves mounted, on failure or interrupt, goes with the namespace;
 *  - its chatter becomes one progress line on a terminal, and on failure
 *    the error is its own last "E:" line, with the end of its log;
 *  - brig dying kills it (PR_SET_PDEATHSIG), and an interrupt kills its
 *    process group: debootstrap and the dpkg it runs.
 *
 * The source text and the release name made from it are pure functions
 * (source.c's neighbours; the fuzzer links them). */
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bootstrap.h"
#include "../util/buf.h"
#include "../util/run.h"

#define DEB_TAIL 8	/* lines of debootstrap's log shown on failure */

/* ASCII only, whatever the locale. */
static bool islower_c(char c) { return c >= 'a' && c <= 'z'; }
static bool isdigit_c(char c) { return c >= '0' && c <= '9'; }

/* --- the source ------------------------------------------------------ */

/* Debian policy 5.6.1: lower-case letters, digits, '+', '-', '.'; two
 * characters at least, starting with a letter or digit. */
static bool
deb_package_ok(const char *p)
{
	size_t i;

	if (strlen(p) < 2 || strlen(p) > 100 ||
	    !(islower_c(p[0]) || isdigit_c(p[0])))
		return false;
	for (i = 1; p[i]; i++)
		if (!islower_c(p[i]) && !isdigit_c(p[i]) &&
		    !strchr("+-.", p[i]))
			return false;
	return true;
}

/* A suite or code name: bookworm, stable, trixie, sid, bookworm-backports
 * (debootstrap has a script for each it knows and says so when it does
 * not). */
static bool
deb_suite_ok(const char *s)
{
	size_t i;

	if (strlen(s) == 0 || strlen(s) > DEB_SUITE_MAX ||
	    !(islower_c(s[0]) || isdigit_c(s[0])))
		return false;
	for (i = 1; s[i]; i++)
		if (!islower_c(s[i]) && !isdigit_c(s[i]) && !strchr("-.", s[i]))
			return false;
	return true;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
bootstrap_deb_parse(const char *source, struct deb_source *d,
    struct brig_err *e)
{
	const char *spec, *plus, *p;
	size_t n = 0, slots = 2, len, i, j;
	char *text, *item;

	memset(d, 0, sizeof(*d));
	if (strncmp(source, "debootstrap:", 12) != 0)
		return err_fmt(e, "%s: not a debootstrap source", source);
	spec = source + 12;
	plus = strchr(spec, '+');
	len = plus ? (size_t)(plus - spec) : strlen(spec);
	if (len == 0 || len > DEB_SUITE_MAX)
		return err_fmt(e, "debootstrap: names no suite "
		    "(debootstrap:SUITE[+PACKAGE[,PACKAGE...]])");
	memcpy(d->suite, spec, len);
	d->suite[len] = '\0';
	if (!deb_suite_ok(d->suite))
		return err_fmt(e, "debootstrap: \"%s\" is not a suite name "
		    "(lower-case letters, digits, '-' and '.': bookworm, "
		    "stable)", d->suite);
	if (plus == NULL) {
		d->pkgs = xmalloc(sizeof(*d->pkgs));
		d->pkgs[0] = NULL;
		return 0;
	}
	for (p = plus + 1; *p; p++)
		slots += *p == ',';
	len = strlen(plus + 1);
	/* One block: the pointers, then the text they point into. */
	d->pkgs = xmalloc(slots * sizeof(*d->pkgs) + len + 1);
	text = (char *)(d->pkgs + slots);
	memcpy(text, plus + 1, len + 1);
	while ((item = strsep(&text, ",")) != NULL) {
		if (!deb_package_ok(item)) {
			err_fmt(e, "debootstrap: \"%.100s\" is not a Debian "
			    "package name (lower-case letters, digits, '+', "
			    "'-' and '.', two at least)", item);
			bootstrap_deb_free(d);
			return -1;
		}
		d->pkgs[n++] = item;
	}
	/* Sorted, each once: the same packages are the same release. */
	qsort(d->pkgs, n, sizeof(*d->pkgs), cmp_str);
	for (i = j = 0; i < n; i++)
		if (j == 0 || strcmp(d->pkgs[j - 1], d->pkgs[i]) != 0)
			d->pkgs[j++] = d->pkgs[i];
	d->pkgs[j] = NULL;
	d->npkgs = j;
	return 0;
}

void
bootstrap_deb_free(struct deb_source *d)
{
	free(d->pkgs);
	d->pkgs = NULL;
	d->npkgs = 0;
}

void
bootstrap_deb_canon(const struct deb_source *d, struct buf *b)
{
	size_t i;

	buf_printf(b, "debootstrap:%s", d->suite);
	for (i = 0; i < d->npkgs; i++)
		buf_printf(b, "%c%s", i == 0 ? '+' : ',', d->pkgs[i]);
}

/* FNV-1a, for a name too long to spell out. */
static uint32_t
fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

void
bootstrap_deb_release(const struct deb_source *d, char *out, size_t len)
{
	struct buf b = BUF_INIT;
	const char *p;
	size_t i;

	/* SUITE, then -PACKAGE for each: letters, digits, '_' and '-' as a
	 * jail name, '.' and '+' spelt '_'. */
	for (i = 0; i <= d->npkgs; i++) {
		p = i == 0 ? d->suite : d->pkgs[i - 1];
		if (i > 0)
			buf_addc(&b, '-');
		for (; *p; p++)
			buf_addc(&b, strchr(".+", *p) ? '_' : *p);
	}
	if (b.len > DEB_RELEASE_MAX) {
		/* Too long: the start, and a hash of the whole source. */
		struct buf c = BUF_INIT;

		bootstrap_deb_canon(d, &c);
		snprintf(out, len, "%.*s-%08x", DEB_RELEASE_MAX - 9, b.s,
		    (unsigned)fnv1a(c.s));
		buf_free(&c);
	} else {
		snprintf(out, len, "%s", b.s);
	}
	buf_free(&b);
}

/* --- running it ------------------------------------------------------ */

/* The child: its own mount namespace, private, so that debootstrap's
 * mounts in the target never reach the host's; dead with brig. */
static void
child(int outfd, const char *root, const struct deb_source *d,
    const struct deb_opts *o)
{
	struct buf inc = BUF_INIT, key = BUF_INIT;
	char *argv[12];
	size_t n = 0, i;

	/* A process group of its own, so that an interrupt ends all of it
	 * (the dpkg it runs in the target too). */
	if (setpgid(0, 0) == -1 || prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
	    getppid() == 1)
		_exit(126);
	if (unshare(CLONE_NEWNS) == -1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		dprintf(outfd, "E: a mount namespace for debootstrap: %s\n",
		    strerror(errno));
		_exit(126);
	}
	if (dup2(outfd, STDOUT_FILENO) == -1 ||
	    dup2(outfd, STDERR_FILENO) == -1)
		_exit(126);
	if (outfd > STDERR_FILENO)
		close(outfd);
	signal(SIGPIPE, SIG_DFL);
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("DEBIAN_FRONTEND", "noninteractive", 1);
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
	    "/sbin:/bin", 1);
	argv[n++] = "debootstrap";
	argv[n++] = "--variant=minbase";
	if (d->npkgs > 0) {
		buf_adds(&inc, "--include=");
		for (i = 0; i < d->npkgs; i++)
			buf_printf(&inc, "%s%s", i ? "," : "", d->pkgs[i]);
		argv[n++] = inc.s;
	}
	if (o->keyring) {
		buf_printf(&key, "--keyring=%s", o->keyring);
		argv[n++] = key.s;
	}
	/* No "--" (debootstrap refuses it): the suite starts with a letter
	 * or digit, the root with "/", and the mirror not with "-". */
	argv[n++] = (char *)d->suite;
	argv[n++] = (char *)root;
	argv[n++] = (char *)(o->mirror ? o->mirror : DEB_MIRROR);
	argv[n] = NULL;
	execvp(argv[0], argv);
	if (errno == ENOENT)
		dprintf(STDERR_FILENO, "E: debootstrap(8) is not installed "
		    "(apt-get install debootstrap)\n");
	else
		dprintf(STDERR_FILENO, "E: debootstrap: %s\n", strerror(errno));
	_exit(127);
}

/* "I: Retrieving libc6 2.36-9" as "retrieving libc6": the step, and what
 * it works on. */
static void
show_step(const struct deb_opts *o, const char *line)
{
	char step[200];
	size_t i;

	if (o->message == NULL || strncmp(line, "I: ", 3) != 0)
		return;
	snprintf(step, sizeof(step), "%s", line + 3);
	if (step[0] >= 'A' && step[0] <= 'Z')
		step[0] = (char)(step[0] - 'A' + 'a');
	for (i = 0; step[i]; i++)
		if (step[i] == '.' && step[i + 1] == '.' )
			step[i] = '\0';	/* "Configuring apt..." */
	o->message(step, o->message_arg);
}

/* The last "E:" line, else the last line, as the reason. */
static void
note_line(const char *line, char *last, char *last_err, size_t len)
{
	if (*line == '\0')
		return;
	snprintf(last, len, "%s", line);
	if (strncmp(line, "E: ", 3) == 0)
		snprintf(last_err, len, "%s", line + 3);
}

/* The last DEB_TAIL lines of the target's debootstrap/debootstrap.log,
 * to stderr: where debootstrap says what went wrong in full, when it
 * printed no "E:" line of its own. */
static void
show_log_tail(const char *root)
{
	char path[4096], *lines[DEB_TAIL] = { 0 }, *line = NULL;
	size_t cap = 0, n = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/debootstrap/debootstrap.log", root);
	if ((f = fopen(path, "re")) == NULL)
		return;
	while (getline(&line, &cap, f) != -1) {
		free(lines[n % DEB_TAIL]);
		lines[n++ % DEB_TAIL] = xstrdup(line);
	}
	free(line);
	fclose(f);
	if (n > 0)
		fprintf(stderr, "brig: the end of debootstrap's log:\n");
	for (i = n > DEB_TAIL ? n - DEB_TAIL : 0; i < n; i++)
		fprintf(stderr, "  %s", lines[i % DEB_TAIL]);
	for (i = 0; i < DEB_TAIL; i++)
		free(lines[i]);
}

/* Files and bytes under root, not crossing into other filesystems. */
static void
count(const char *root, struct bootstrap_stats *st)
{
	char *paths[] = { (char *)root, NULL };
	FTSENT *ent;
	FTS *fts;

	if ((fts = fts_open(paths, FTS_PHYSICAL | FTS_XDEV | FTS_NOCHDIR,
	    NULL)) == NULL)
		return;
	while ((ent = fts_read(fts)) != NULL)
		switch (ent->fts_info) {
		case FTS_D:
			st->dirs++;
			break;
		case FTS_F:
			st->files++;
			st->bytes += (uint64_t)ent->fts_statp->st_size;
			break;
		case FTS_SL:
		case FTS_SLNONE:
			st->files++;
			st->symlinks++;
			break;
		case FTS_DEFAULT:
			st->files++;
			break;
		default:
			break;
		}
	fts_close(fts);
}

int
bootstrap_debootstrap(const char *root, const struct deb_source *d,
    const struct deb_opts *o, struct bootstrap_stats *st,
    struct brig_err *e)
{
	char chunk[4096], line[512], last[512] = "", last_err[512] = "";
	char how[64];
	size_t ll = 0;
	ssize_t r;
	int p[2], status, i;
	pid_t pid;

	memset(st, 0, sizeof(*st));
	if (o->mirror && (o->mirror[0] == '-' || strpbrk(o->mirror,
	    " \t\n") != NULL))
		return err_fmt(e, "debootstrap: \"%.100s\" is not a mirror "
		    "URL (http://, https:// or file:///)", o->mirror);
	if (o->keyring && o->keyring[0] != '/')
		return err_fmt(e, "debootstrap: the keyring \"%.100s\" is not "
		    "an absolute path", o->keyring);
	if (pipe2(p, O_CLOEXEC) == -1)
		return err_sys(e, "pipe");
	if ((pid = fork()) == -1) {
		close(p[0]);
		close(p[1]);
		return err_sys(e, "fork");
	}
	if (pid == 0) {
		close(p[0]);
		child(p[1], root, d, o);
	}
	setpgid(pid, pid);	/* as the child does: whichever runs first */
	close(p[1]);
	/* Its output, a line at a time, until it closes the pipe; an
	 * interrupt (a read that ends with EINTR) stops it. */
	for (;;) {
		r = read(p[0], chunk, sizeof(chunk));
		if (r == -1 && errno == EINTR) {
			/* What it made is thrown away: no need to ask. */
			if (o->cancel && *o->cancel)
				kill(-pid, SIGKILL);
			continue;
		}
		if (r <= 0)
			break;
		for (i = 0; i < r; i++) {
			if (chunk[i] != '\n') {
				if (ll < sizeof(line) - 1)
					line[ll++] = chunk[i];
				continue;
			}
			line[ll] = '\0';
			ll = 0;
			note_line(line, last, last_err, sizeof(last));
			show_step(o, line);
		}
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return err_sys(e, "waitpid");
	if (o->cancel && *o->cancel)
		return err_fmt(e, "interrupted");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		count(root, st);
		return 0;
	}
	if (*last_err == '\0')
		show_log_tail(root);
	return err_fmt(e, "debootstrap %s %s (%s): %s", d->suite,
	    o->mirror ? o->mirror : DEB_MIRROR,
	    run_describe(status, how, sizeof(how)),
	    *last_err ? last_err : *last ? last : "no output");
}
