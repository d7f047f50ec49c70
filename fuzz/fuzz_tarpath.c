/* libFuzzer target for the tar member-name sanitizer of brig create
 * (src/store/tar_path.c: boot_tar_path).  The first byte picks the
 * output size (1 to 256, or the full BOOT_PATH_MAX), the rest is the
 * name.  After each input: a success is a relative path with no empty,
 * "." or ".." component, made of the name's own components in order,
 * and sanitizing it again gives it unchanged; a failure is a ".."
 * component or a name too long for the buffer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/bootstrap_int.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
has_dotdot(const char *s)
{
	const char *p;

	for (p = s; (p = strstr(p, "..")) != NULL; p++)
		if ((p == s || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 1;
	return 0;
}

/* The name without empty and "." components, joined by "/". */
static void
expect(const char *name, char *out)
{
	const char *p = name, *c;
	size_t n = 0, len;

	while (*p) {
		while (*p == '/')
			p++;
		c = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - c);
		if (len == 0 || (len == 1 && *c == '.'))
			continue;
		if (n)
			out[n++] = '/';
		memcpy(out + n, c, len);
		n += len;
	}
	out[n] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name, *out, *again, *want;
	struct brig_err e;
	size_t len;

	if (size == 0)
		return 0;
	len = data[0] == 255 ? BOOT_PATH_MAX : (size_t)data[0] + 1;
	name = malloc(size);
	memcpy(name, data + 1, size - 1);
	name[size - 1] = '\0';		/* a name stops at its first NUL */
	out = malloc(len);
	want = malloc(size + 1);
	expect(name, want);
	if (boot_tar_path(name, out, len, &e) == -1) {
		CHECK(e.msg[0] != '\0');
		CHECK(has_dotdot(name) || (e.errnum == ENAMETOOLONG &&
		    strlen(want) >= len));
	} else {
		CHECK(!has_dotdot(name));
		CHECK(strcmp(out, want) == 0);
		CHECK(strlen(out) < len);
		CHECK(out[0] != '/' && strstr(out, "//") == NULL);
		CHECK(strcmp(out, ".") != 0 && strncmp(out, "./", 2) != 0 &&
		    strstr(out, "/./") == NULL);
		CHECK(*out == '\0' || out[strlen(out) - 1] != '/');
		again = malloc(len);
		CHECK(boot_tar_path(out, again, len, &e) == 0);
		CHECK(strcmp(again, out) == 0);
		free(again);
	}
	free(want);
	free(out);
	free(name);
	return 0;
}
