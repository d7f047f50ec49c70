/* Loading configuration files: reading, .include, FILE.d/, messages. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_int.h"
#include "../util/buf.h"

/* Bounds that keep memory use small whatever the input. */
#define MAX_FILE_BYTES	 (16u << 20)	/* one file */
#define MAX_TOTAL_BYTES	 (64u << 20)	/* all files of one load */
#define MAX_INCLUDE_DEPTH 32		/* as FreeBSD's config.c */
#define MAX_ERRORS	 10000	/* kept and printed; the rest are counted */
#define MAX_WARNINGS	 1000

struct conf_incl {
	struct conf_incl *up;
	dev_t dev;
	ino_t ino;
	const char *path;
};

struct conf *
conf_new(unsigned flags)
{
	struct conf *c = xmalloc(sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->arena = arena_new();
	c->flags = flags;
	return c;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	arena_free(c->arena);
	free(c->diags);
	free(c->order);
	free(c);
}

/* Is there room for one more diagnostic of this severity?  Errors and
 * warnings have caps of their own, so warnings never hide an error. */
static bool
diag_room(struct conf *c, enum conf_sev sev)
{
	return sev == CONF_ERROR ? c->nkept[0] < MAX_ERRORS :
	    c->nkept[1] < MAX_WARNINGS;
}

static void
diag_store(struct conf *c, enum conf_sev sev, enum conf_stage stage,
    const struct conf_loc *loc, char *msg)
{
	struct conf_diag *d;

	if (c->ndiags == c->capdiags) {
		c->capdiags = c->capdiags ? c->capdiags * 2 : 16;
		c->diags = xrealloc(c->diags, c->capdiags * sizeof(*c->diags));
	}
	d = &c->diags[c->ndiags++];
	c->nkept[sev == CONF_ERROR ? 0 : 1]++;
	d->sev = sev;
	d->stage = stage;
	if (loc)
		d->loc = *loc;
	else
		memset(&d->loc, 0, sizeof(d->loc));
	d->msg = msg;
}

static bool
count_diag(struct conf *c, enum conf_sev sev, enum conf_stage stage)
{
	if (sev == CONF_ERROR)
		c->nerrors[stage]++;
	else
		c->nwarnings++;
	return diag_room(c, sev);
}

void
conf_diag(struct conf *c, enum conf_sev sev, enum conf_stage stage,
    const struct conf_loc *loc, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (!count_diag(c, sev, stage))
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = arena_alloc(c->arena, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	diag_store(c, sev, stage, loc, msg);
}

void
conf_jdiag(struct conf *c, const struct conf_jail *j, enum conf_sev sev,
    enum conf_stage stage, const struct conf_loc *loc, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n, pre;

	if (!count_diag(c, sev, stage))
		return;
	pre = snprintf(NULL, 0, "jail %s: ", j->name);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = arena_alloc(c->arena, (size_t)(pre + n) + 1);
	snprintf(msg, (size_t)pre + 1, "jail %s: ", j->name);
	va_start(ap, fmt);
	vsnprintf(msg + pre, (size_t)n + 1, fmt, ap);
	va_end(ap);
	diag_store(c, sev, stage, loc, msg);
}

bool
conf_failed(const struct conf *c)
{
	return c->nerrors[CONF_STAGE_SYNTAX] + c->nerrors[CONF_STAGE_RESOLVE];
}

unsigned
conf_errors(const struct conf *c)
{
	return c->nerrors[0] + c->nerrors[1] + c->nerrors[2];
}

/* Diagnostics print in file order, then line and column, whatever
 * stage found them; files in the order they were first mentioned. */
static size_t
file_rank(const struct conf *c, const char *file)
{
	size_t i;

	for (i = 0; i < c->ndiags; i++)
		if (c->diags[i].loc.file == file || (file &&
		    c->diags[i].loc.file && strcmp(c->diags[i].loc.file,
		    file) == 0))
			return i;
	return i;
}

static int
cmp_diag(const void *a, const void *b, void *arg)
{
	const struct conf_diag *x = *(const struct conf_diag *const *)a;
	const struct conf_diag *y = *(const struct conf_diag *const *)b;
	size_t fx = file_rank(arg, x->loc.file), fy = file_rank(arg,
	    y->loc.file);

	if (fx != fy)
		return fx < fy ? -1 : 1;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return x < y ? -1 : x > y;	/* stable */
}

void
conf_print_diags(const struct conf *c, FILE *fp, bool warnings)
{
	const struct conf_diag **v;
	size_t i, shown = 0, total = (size_t)conf_errors(c) +
	    (warnings ? c->nwarnings : 0);

	v = xmalloc((c->ndiags ? c->ndiags : 1) * sizeof(*v));
	for (i = 0; i < c->ndiags; i++)
		v[i] = &c->diags[i];
	qsort_r(v, c->ndiags, sizeof(*v), cmp_diag, (void *)c);
	for (i = 0; i < c->ndiags; i++) {
		const struct conf_diag *d = v[i];
		const char *sev = d->sev == CONF_ERROR ? "" : "warning: ";

		if (d->sev == CONF_WARNING && !warnings)
			continue;
		shown++;
		if (d->loc.file)
			fprintf(fp, "%s:%u:%u: %s%s\n", d->loc.file, d->loc.line,
			    d->loc.col, sev, d->msg);
		else
			fprintf(fp, "brig: %s%s\n", sev, d->msg);
	}
	if (shown < total)
		fprintf(fp, "brig: %zu more problems not shown\n",
		    total - shown);
	free(v);
}

/* Read a whole file (or standard input for "-") within the bounds. */
static char *
read_all(struct conf *c, const struct conf_loc *at, const char *path,
    size_t *lenp, struct stat *st)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1) {	/* a FIFO must not hang us */
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, at,
		    "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, st) == -1) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, at,
		    "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	if (fd != STDIN_FILENO && !S_ISREG(st->st_mode)) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, at,
		    "cannot read %s: not a regular file", path);
		goto fail;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, at,
			    "cannot read %s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > MAX_FILE_BYTES ||
		    c->total_bytes + b.len + (size_t)n > MAX_TOTAL_BYTES) {
			conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, at,
			    "%s: configuration too large (a file may have "
			    "at most %u MiB, all files together %u MiB)", path,
			    MAX_FILE_BYTES >> 20, MAX_TOTAL_BYTES >> 20);
			goto fail;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	c->total_bytes += b.len;
	*lenp = b.len;
	if (b.s == NULL)
		b.s = xstrdup("");
	return b.s;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	buf_free(&b);
	return NULL;
}

/* Parse one file in the current context, refusing include cycles. */
static void
parse_file(struct conf *c, const struct conf_loc *at, const char *path)
{
	struct conf_incl frame, *f;
	const char *name;
	struct stat st;
	size_t len;
	char *data;

	if (c->depth >= MAX_INCLUDE_DEPTH) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, at,
		    "cannot include %s: includes nested more than %d deep",
		    path, MAX_INCLUDE_DEPTH);
		return;
	}
	data = read_all(c, at, path, &len, &st);
	if (data == NULL)
		return;
	name = strcmp(path, "-") == 0 ? "<stdin>" : arena_strdup(c->arena,
	    path);
	for (f = c->incl; f; f = f->up)
		if (f->dev == st.st_dev && f->ino == st.st_ino &&
		    strcmp(path, "-") != 0) {
			conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, at,
			    "include cycle: %s includes itself (via %s)",
			    path, c->incl->path);
			free(data);
			return;
		}
	frame.up = c->incl;
	frame.dev = st.st_dev;
	frame.ino = st.st_ino;
	frame.path = name;
	c->incl = &frame;
	c->depth++;
	conf_parse(c, name, data, len);
	c->depth--;
	c->incl = frame.up;
	free(data);
}

int
conf_include(struct conf *c, const struct conf_loc *loc, const char *pattern)
{
	struct buf path = BUF_INIT;
	glob_t g;
	size_t i;
	int rc;

	if (c->flags & CONF_NO_INCLUDE) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, loc,
		    ".include is not allowed here");
		return -1;
	}
	if (pattern[0] == '\0') {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, loc,
		    ".include needs a file name");
		return -1;
	}
	/* A relative name is relative to the including file (config.c). */
	if (pattern[0] != '/' && loc->file && strcmp(loc->file, "<stdin>")) {
		const char *slash = strrchr(loc->file, '/');

		if (slash)
			buf_add(&path, loc->file, (size_t)(slash - loc->file) +
			    1);
	}
	buf_adds(&path, pattern);
	memset(&g, 0, sizeof(g));
	rc = glob(path.s, GLOB_NOCHECK, NULL, &g);
	if (rc != 0) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, loc,
		    "%s: file name glob failed", path.s);
		buf_free(&path);
		return -1;
	}
	/* A glob may match nothing; a plain name must exist.  (glibc does
	 * not report GLOB_MAGCHAR when a directory of the pattern is
	 * missing, so look at the pattern itself.) */
	if (strpbrk(path.s, "*?[") != NULL) {
		for (i = 0; i < g.gl_pathc; i++) {
			struct stat st;

			if (strcmp(g.gl_pathv[i], path.s) == 0 &&
			    stat(path.s, &st) == -1)
				continue;	/* GLOB_NOCHECK echo */
			parse_file(c, loc, g.gl_pathv[i]);
		}
	} else
		parse_file(c, loc, path.s);
	globfree(&g);
	buf_free(&path);
	return 0;
}

static void
load_confd(struct conf *c, const char *file)
{
	struct buf dir = BUF_INIT;
	struct conf_loc loc = { file, 0, 0 };
	struct stat st;

	buf_printf(&dir, "%s.d", file);
	if (stat(dir.s, &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *saved = loc.file;

		buf_reset(&dir);
		/* conf_include resolves relative to loc.file's directory:
		 * give it the full pattern instead. */
		buf_printf(&dir, "%s.d/*.conf", file);
		loc.file = NULL;
		conf_include(c, &loc, dir.s);
		loc.file = saved;
	}
	buf_free(&dir);
}

struct conf *
conf_load(const char *file, unsigned flags)
{
	struct conf *c = conf_new(flags);
	struct conf_loc top = { NULL, 0, 0 };

	parse_file(c, &top, file);
	if (!(flags & CONF_NO_CONFD) && strcmp(file, "-") != 0)
		load_confd(c, file);
	conf_resolve(c);
	return c;
}

struct conf *
conf_load_mem(const char *name, const char *data, size_t len, unsigned flags)
{
	struct conf *c = conf_new(flags);

	conf_parse(c, arena_strdup(c->arena, name), data, len);
	conf_resolve(c);
	return c;
}
