/* mountinfo(5) lines, read as hostile text: the kernel writes it well
 * formed, but its paths and sources are names others chose (spaces,
 * newlines, backslashes, escaped), and the same code reads test and
 * fuzzer input.  So nothing is read outside the line, every number is
 * range-checked, every field must be where the format puts it, and a
 * line that is not one is refused, not half-read. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mountinfo.h"

struct esc {
	char code[4];
	char c;
};

/* fs/proc_namespace.c mangle(): what the fields of a line escape. */
static const struct esc mangled[] = {
	{ "040", ' ' }, { "011", '\t' }, { "012", '\n' }, { "134", '\\' },
};
/* seq_show_option() also escapes these in a super option's value. */
static const struct esc optval[] = { { "054", ',' }, { "075", '=' } };

#define NESC(t)	(sizeof(t) / sizeof((t)[0]))

/* Decode the escapes of table t among the n bytes of s into dst, which
 * may be s itself (the output is never longer).  -1 when the result and
 * its NUL do not fit in cap. */
static int
decode(const char *s, size_t n, char *dst, size_t cap, const struct esc *t,
    size_t nt)
{
	size_t i, k, o = 0;
	char c;

	for (i = 0; i < n; i++) {
		c = s[i];
		for (k = 0; c == '\\' && i + 3 < n && k < nt; k++)
			if (memcmp(s + i + 1, t[k].code, 3) == 0) {
				c = t[k].c;
				i += 3;
				break;
			}
		if (o + 1 >= cap)
			return -1;
		dst[o++] = c;
	}
	if (cap == 0)
		return -1;
	dst[o] = '\0';
	return 0;
}

/* A field decoded in place. */
static void
unmangle(char *s)
{
	size_t n = strlen(s);

	(void)decode(s, n, s, n + 1, mangled, NESC(mangled));
}

/* A decimal number that fits an unsigned: digits only, at least one. */
static int
number(const char *s, unsigned *out)
{
	unsigned v = 0, d;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (UINT_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* "MAJOR:MINOR" */
static int
device(char *s, struct mountinfo *m)
{
	char *colon = strchr(s, ':');

	if (colon == NULL)
		return -1;
	*colon = '\0';
	if (number(s, &m->major) == -1 || number(colon + 1, &m->minor) == -1)
		return -1;
	return 0;
}

/* The optional fields: words up to "-", none empty.  They stay one
 * string, the spaces strsep() cut put back. */
static int
optional_fields(char **s, struct mountinfo *m)
{
	char *first = *s, *t, *p;

	for (;;) {
		if ((t = strsep(s, " ")) == NULL || *t == '\0')
			return -1;
		if (strcmp(t, "-") == 0)
			break;
	}
	if (t == first) {
		m->optional = t + 1;	/* "" */
		return 0;
	}
	for (p = first; p < t - 1; p++)
		if (*p == '\0')
			*p = ' ';
	m->optional = first;
	return 0;
}

/* Split the line s (NUL-terminated, no other NUL) at its spaces: the
 * kernel writes one between fields, and an empty field is possible (a
 * mount whose source is "").  f: (1) to (6), then (9) to (11). */
static int
parse(char *s, struct mountinfo *m)
{
	char *f[9];
	int i;

	for (i = 0; i < 6; i++)
		if ((f[i] = strsep(&s, " ")) == NULL)
			return -1;
	if (s == NULL || optional_fields(&s, m) == -1)
		return -1;
	for (; i < 9; i++)
		if ((f[i] = strsep(&s, " ")) == NULL)
			return -1;
	if (s != NULL)		/* a field after the super options */
		return -1;
	/* None may be empty but the source. */
	for (i = 3; i < 9; i++)
		if (f[i][0] == '\0' && i != 7)
			return -1;
	if (number(f[0], &m->id) == -1 || number(f[1], &m->parent) == -1 ||
	    device(f[2], m) == -1)
		return -1;
	for (i = 3; i < 9; i++)
		unmangle(f[i]);
	m->root = f[3];
	m->point = f[4];
	m->opts = f[5];
	m->type = f[6];
	m->source = f[7];
	m->super = f[8];
	return 0;
}

void
mountinfo_begin(struct mountinfo_iter *it, const char *text, size_t len)
{
	*it = (struct mountinfo_iter){ .p = text, .end = text + len };
}

int
mountinfo_next(struct mountinfo_iter *it, struct mountinfo *m)
{
	struct mountinfo t = { 0 };
	const char *s, *nl;
	size_t n;
	char *nb;

	do {
		if (it->p >= it->end)
			return 0;
		s = it->p;
		nl = memchr(s, '\n', (size_t)(it->end - s));
		n = nl ? (size_t)(nl - s) : (size_t)(it->end - s);
		it->p = nl ? nl + 1 : it->end;
		it->lineno++;
	} while (n == 0);
	if (memchr(s, '\0', n) != NULL) {
		errno = EINVAL;
		return -1;
	}
	if (n >= it->cap) {
		if ((nb = realloc(it->buf, n + 1)) == NULL)
			return -1;
		it->buf = nb;
		it->cap = n + 1;
	}
	memcpy(it->buf, s, n);
	it->buf[n] = '\0';
	if (parse(it->buf, &t) == -1) {
		errno = EINVAL;
		return -1;
	}
	t.line = s;
	t.len = n;
	t.lineno = it->lineno;
	*m = t;
	return 1;
}

void
mountinfo_end(struct mountinfo_iter *it)
{
	free(it->buf);
	it->buf = NULL;
	it->cap = 0;
}

/* The value is decoded once more, for the escapes the filesystem added
 * (the iterator took off mangle()'s): a value that really held a
 * backslash followed by "054" reads as a comma, which no path brig
 * makes holds. */
int
mountinfo_opt(const char *opts, const char *key, char *dst, size_t cap)
{
	size_t klen = strlen(key), n;
	const char *s = opts, *v;

	for (; *s != '\0'; s += n + (s[n] == ',')) {
		n = strcspn(s, ",");
		if (n < klen || strncmp(s, key, klen) != 0 ||
		    (n > klen && s[klen] != '='))
			continue;
		v = s + klen + (n > klen);
		if (dst == NULL || cap == 0)
			return 1;
		if (decode(v, n - (size_t)(v - s), dst, cap, optval,
		    NESC(optval)) == -1) {
			errno = ENAMETOOLONG;
			return -1;
		}
		return 1;
	}
	return 0;
}

int
mountinfo_read(char **text, size_t *len, struct brig_err *e)
{
	static const char path[] = "/proc/self/mountinfo";
	size_t cap = 16384, n = 0;
	char *buf, *nb;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", path);
	if ((buf = malloc(cap)) == NULL)
		goto fail;
	/* A seq_file: read(2) until it returns 0, the file has no size. */
	while ((r = read(fd, buf + n, cap - 1 - n)) != 0) {
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			goto fail;
		if ((n += (size_t)r) + 1 < cap)
			continue;
		if ((nb = realloc(buf, cap *= 2)) == NULL)
			goto fail;
		buf = nb;
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	if (len != NULL)
		*len = n;
	return 0;
fail:
	err_sys(e, "read %s", path);
	close(fd);
	free(buf);
	return -1;
}
