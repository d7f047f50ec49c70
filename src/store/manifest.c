/* brig export's names, manifest and stanza: the pure part of export.h,
 * apart so that the fuzzer (fuzz/fuzz_manifest.c) links it alone. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "store.h"

/* --- names, manifest, stanza ------------------------------------------- */

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

int
export_comp_of(const char *file)
{
	static const struct {
		const char *suffix;
		enum export_comp comp;
	} names[] = {
		{ ".tar", EXPORT_TAR }, { ".tar.gz", EXPORT_GZIP },
		{ ".tgz", EXPORT_GZIP }, { ".tar.xz", EXPORT_XZ },
		{ ".txz", EXPORT_XZ }, { ".tar.zst", EXPORT_ZSTD },
		{ ".tzst", EXPORT_ZSTD },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ends_with(file, names[i].suffix))
			return (int)names[i].comp;
	return -1;
}

int
export_manifest_format(const struct export_meta *m, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s\nbrig %s\nname %s\nbackend %s\n"
	    "%s%s%s%s%s%sdate %s\n", EXPORT_FORMAT, m->version, m->name,
	    m->backend, m->base[0] ? "base " : "", m->base, m->base[0] ?
	    "\n" : "", m->snapshot[0] ? "snapshot " : "", m->snapshot,
	    m->snapshot[0] ? "\n" : "", m->date);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static bool
has_control(const char *s, size_t n, bool lines)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((iscntrl((unsigned char)s[i]) || s[i] == '\0') &&
		    !(lines && (s[i] == '\n' || s[i] == '\t')))
			return true;
	return false;
}

/* One "KEY VALUE" line into the field it names. */
static int
manifest_line(const char *line, size_t n, struct export_meta *m,
    struct brig_err *e)
{
	static const struct {
		const char *key;
		size_t off, size;
	} keys[] = {
#define K(k, f) { k, offsetof(struct export_meta, f), \
	sizeof(((struct export_meta *)0)->f) }
		K("brig", version), K("name", name), K("backend", backend),
		K("base", base), K("snapshot", snapshot), K("date", date),
#undef K
	};
	const char *sp = memchr(line, ' ', n);
	size_t i, klen, vlen;

	if (sp == NULL)
		return 0;
	klen = (size_t)(sp - line);
	vlen = n - klen - 1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strlen(keys[i].key) != klen || memcmp(line, keys[i].key,
		    klen) != 0)
			continue;
		if (vlen >= keys[i].size)
			return err_fmt(e, "manifest: %s: too long", keys[i].key);
		memcpy((char *)m + keys[i].off, sp + 1, vlen);
		((char *)m + keys[i].off)[vlen] = '\0';
	}
	return 0;
}

int
export_manifest_parse(const char *text, size_t len, struct export_meta *m,
    struct brig_err *e)
{
	size_t flen = strlen(EXPORT_FORMAT), n;
	const char *p = text, *end = text + len, *nl;

	memset(m, 0, sizeof(*m));
	if (len < flen + 1 || memcmp(text, EXPORT_FORMAT, flen) != 0 ||
	    text[flen] != '\n')
		return err_fmt(e, "not a brig export: the manifest does not "
		    "start with \"%s\"", EXPORT_FORMAT);
	if (has_control(text, len, true) || memchr(text, '\t', len))
		return err_fmt(e, "manifest: a control character");
	for (p += flen + 1; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (manifest_line(p, n, m, e) == -1)
			return -1;
	}
	if (m->name[0] == '\0')
		return err_fmt(e, "manifest: no name");
	if (store_check_name(m->name, e) == -1)
		return err_ctx(e, "manifest");
	return 0;
}

int
export_stanza_check(const char *text, size_t len, struct brig_err *e)
{
	if (has_control(text, len, true))
		return err_fmt(e, "%s: a control character (only tab and "
		    "newline are taken)", EXPORT_STANZA);
	return 0;
}

