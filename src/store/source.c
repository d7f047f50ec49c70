/* brig create's --from SOURCE (bootstrap.h):
 *
 *   tar:FILE                  a tarball, any compression libarchive reads
 *   FILE.tar, .tar.gz, .tgz, .tar.xz, .txz, .tar.zst, .tzst, .tar.bz2,
 *   .tbz2                     the same, known by its name
 *   closure:BIN[,BIN...][+FILE[:JAILPATH][,FILE...]]
 *                             host programs, their libraries, and files
 *   debootstrap:SUITE[+PKG[,PKG...]]
 *                             a Debian suite (debootstrap.c)
 *   empty                     an empty root
 *
 * A program or file name in a closure cannot hold "," (or "+" for a
 * program, or ":" for a file): none of the host's does. */
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "../util/buf.h"

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

const char *
bootstrap_source_kind(const char *source)
{
	static const char *const suffixes[] = {
		".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst",
		".tzst", ".tar.bz2", ".tbz2", NULL,
	};
	size_t i;

	if (strncmp(source, "tar:", 4) == 0 && source[4] != '\0')
		return "tar";
	if (strncmp(source, "closure:", 8) == 0)
		return "closure";
	if (strncmp(source, "debootstrap:", 12) == 0)
		return "debootstrap";
	if (strcmp(source, "empty") == 0)
		return "empty";
	for (i = 0; suffixes[i]; i++)
		if (ends_with(source, suffixes[i]))
			return "tar";
	return NULL;
}

/* The ","-separated items of s (n of them) into v, NULL after them. */
static int
split(char *s, char **v, size_t *n, const char *what, struct brig_err *e)
{
	char *item;

	*n = 0;
	while ((item = strsep(&s, ",")) != NULL) {
		if (*item == '\0')
			return err_fmt(e, "closure: an empty %s name", what);
		v[(*n)++] = item;
	}
	v[*n] = NULL;
	return 0;
}

int
bootstrap_closure_parse(const char *source, char ***bins, char ***files,
    struct brig_err *e)
{
	const char *spec;
	size_t len, slots = 4, i, nb, nf = 0;
	char **v, *copy, *plus;

	/* The prefix first: source may be shorter than it. */
	if (strncmp(source, "closure:", 8) != 0)
		return err_fmt(e, "%s: not a closure source", source);
	spec = source + 8;
	len = strlen(spec);
	for (i = 0; i < len; i++)
		slots += spec[i] == ',';
	/* One block: the pointers, then the text they point into. */
	v = xmalloc(slots * sizeof(*v) + len + 1);
	copy = (char *)(v + slots);
	memcpy(copy, spec, len + 1);
	if ((plus = strchr(copy, '+')) != NULL)
		*plus++ = '\0';
	if (*copy == '\0') {
		free(v);
		return err_fmt(e, "closure: names no program "
		    "(closure:BIN[,BIN...][+FILE[:JAILPATH],...])");
	}
	if (split(copy, v, &nb, "program", e) == -1 ||
	    (plus && split(plus, v + nb + 1, &nf, "file", e) == -1)) {
		free(v);
		return -1;
	}
	*bins = v;
	*files = plus ? v + nb + 1 : NULL;
	return 0;
}
