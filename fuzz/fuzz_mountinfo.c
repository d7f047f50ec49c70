/* libFuzzer target for the mountinfo reader (src/util/mountinfo.c:
 * mountinfo_next, mountinfo_opt).  After each line it accepts: the line
 * lies within the input and the fields within the iterator's copy of
 * it; split at its spaces here, independently, each field decodes to no
 * more bytes than it has escaped and the optional fields are those
 * between (6) and "-", as written; the line put together again from the
 * fields, escaped, parses to the same fields; an option value found is
 * no longer than the options.  A refused line is EINVAL or ENOMEM. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mountinfo.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

#define MAXTOK	4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
within(const struct mountinfo_iter *it, const char *s)
{
	CHECK(s >= it->buf && s + strlen(s) < it->buf + it->cap);
}

/* mangle()'s escaping, the inverse of the reader's decoding. */
static char *
put(char *o, const char *s)
{
	for (; *s != '\0'; s++)
		if (strchr(" \t\n\\", *s) != NULL)
			o += sprintf(o, "\\%03o", (unsigned char)*s);
		else
			*o++ = *s;
	return o;
}

static void
same(const struct mountinfo *a, const struct mountinfo *b)
{
	CHECK(a->id == b->id && a->parent == b->parent);
	CHECK(a->major == b->major && a->minor == b->minor);
	CHECK(strcmp(a->root, b->root) == 0);
	CHECK(strcmp(a->point, b->point) == 0);
	CHECK(strcmp(a->opts, b->opts) == 0);
	CHECK(strcmp(a->optional, b->optional) == 0);
	CHECK(strcmp(a->type, b->type) == 0);
	CHECK(strcmp(a->source, b->source) == 0);
	CHECK(strcmp(a->super, b->super) == 0);
}

static void
round_trip(const struct mountinfo *m)
{
	struct mountinfo_iter it;
	struct mountinfo again;
	char *line, *o;

	/* An escape is 4 bytes for 1; numbers and separators are less than
	 * the line had. */
	line = malloc(4 * m->len + 64);
	o = line + sprintf(line, "%u %u %u:%u ", m->id, m->parent, m->major,
	    m->minor);
	o = put(o, m->root);
	*o++ = ' ';
	o = put(o, m->point);
	*o++ = ' ';
	o = put(o, m->opts);
	if (m->optional[0] != '\0')
		o += sprintf(o, " %s", m->optional);
	o += sprintf(o, " - ");
	o = put(o, m->type);
	*o++ = ' ';
	o = put(o, m->source);
	*o++ = ' ';
	o = put(o, m->super);
	mountinfo_begin(&it, line, (size_t)(o - line));
	CHECK(mountinfo_next(&it, &again) == 1);
	same(m, &again);
	CHECK(mountinfo_next(&it, &again) == 0);
	mountinfo_end(&it);
	free(line);
}

/* Split at single spaces, as the kernel writes the line. */
static void
raw_fields(const struct mountinfo *m)
{
	const char *tok[MAXTOK], *s = m->line, *end = m->line + m->len, *sp;
	size_t len[MAXTOK], n = 0, dash;

	for (;;) {
		sp = memchr(s, ' ', (size_t)(end - s));
		if (n == MAXTOK)
			return;		/* too many to check here */
		tok[n] = s;
		len[n++] = sp ? (size_t)(sp - s) : (size_t)(end - s);
		if (sp == NULL)
			break;
		s = sp + 1;
	}
	CHECK(n >= 10);
	for (dash = 6; dash < n && !(len[dash] == 1 && *tok[dash] == '-');
	    dash++)
		;
	CHECK(dash == n - 4);
	CHECK(strlen(m->root) <= len[3]);
	CHECK(strlen(m->point) <= len[4]);
	CHECK(strlen(m->opts) <= len[5]);
	CHECK(strlen(m->type) <= len[n - 3]);
	CHECK(strlen(m->source) <= len[n - 2]);
	CHECK(strlen(m->super) <= len[n - 1]);
	if (dash == 6)
		CHECK(m->optional[0] == '\0');
	else {
		CHECK(strlen(m->optional) == (size_t)(tok[dash] - 1 - tok[6]));
		CHECK(memcmp(m->optional, tok[6], strlen(m->optional)) == 0);
	}
}

static void
options(const struct mountinfo *m)
{
	static const char *const keys[] = { "upperdir", "memory", "rw", "" };
	char v[64];
	size_t i;
	int r;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		r = mountinfo_opt(m->super, keys[i], v, sizeof(v));
		CHECK(r == 0 || r == 1 || (r == -1 && errno == ENAMETOOLONG));
		if (r == 1)
			CHECK(strlen(v) < sizeof(v) && strlen(v) <=
			    strlen(m->super));
		CHECK(mountinfo_opt(m->opts, keys[i], NULL, 0) != -1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct mountinfo_iter it;
	struct mountinfo m;
	unsigned last = 0;
	int r;

	mountinfo_begin(&it, text, size);
	while ((r = mountinfo_next(&it, &m)) != 0) {
		CHECK(it.lineno > last);
		last = it.lineno;
		if (r == -1) {
			CHECK(errno == EINVAL || errno == ENOMEM);
			continue;
		}
		CHECK(r == 1 && m.lineno == it.lineno);
		CHECK(m.line >= text && m.len > 0 && m.len <= size &&
		    m.line + m.len <= text + size);
		CHECK(memchr(m.line, '\n', m.len) == NULL);
		within(&it, m.root);
		within(&it, m.point);
		within(&it, m.opts);
		within(&it, m.optional);
		within(&it, m.type);
		within(&it, m.source);
		within(&it, m.super);
		raw_fields(&m);
		options(&m);
		round_trip(&m);
	}
	mountinfo_end(&it);
	return 0;
}
