/* libFuzzer target for the rc.conf reader.  After each input: the
 * return value agrees with the diagnostics, each of which points into
 * the input; every variable has a valid name, a value without NUL of
 * the recorded length, and is found by name; and the variables, written
 * back as NAME='value' lines (sh's own quoting), parse without error to
 * the same names and values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_int.h"
#include "conf/rc_conf.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_var(const struct rcconf *rc, const struct rcconf_var *v)
{
	const char *p = v->name;

	CHECK((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	    *p == '_');
	for (; *p; p++)
		CHECK((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_');
	CHECK(strlen(v->value) == v->len);
	CHECK(v->nset >= 1);
	CHECK(v->loc.line >= 1 && v->loc.col >= 1);
	CHECK(rcconf_find(rc, v->name) == v);
	CHECK(rcconf_get(rc, v->name) == v->value);
	CHECK(rcconf_yes(rc, v->name) >= -1 && rcconf_yes(rc, v->name) <= 1);
}

/* NAME='value' with each ' written as '\'' (the shell's idiom). */
static char *
write_back(const struct rcconf *rc, size_t *lenp)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, lenp);
	size_t i, k;

	CHECK(fp != NULL);
	for (i = 0; i < rc->n; i++) {
		fprintf(fp, "%s='", rc->vars[i].name);
		for (k = 0; k < rc->vars[i].len; k++)
			if (rc->vars[i].value[k] == '\'')
				fputs("'\\''", fp);
			else
				fputc(rc->vars[i].value[k], fp);
		fputs("'\n", fp);
	}
	fclose(fp);
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf *c = conf_new(0), *c2;
	struct rcconf rc, rc2;
	size_t i, len, lines = 1;
	char *text;
	int r;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	r = rcconf_parse(c, "fuzz", (const char *)data, size, &rc);
	CHECK(r == (conf_errors(c) ? -1 : 0));
	/* Every message points into the input. */
	for (i = 0; i < c->ndiags; i++) {
		CHECK(c->diags[i].loc.line >= 1 &&
		    c->diags[i].loc.line <= lines);
		CHECK(c->diags[i].loc.col >= 1 &&
		    c->diags[i].loc.col <= size + 1);
	}
	for (i = 0; i < rc.n; i++)
		check_var(&rc, &rc.vars[i]);
	rcconf_check_enables(c, &rc);
	CHECK(conf_errors(c) == c->nerrors[CONF_STAGE_SYNTAX]);

	/* A CR before a newline would read as a CRLF line end. */
	text = write_back(&rc, &len);
	for (i = 0; i < rc.n; i++)
		if (strstr(rc.vars[i].value, "\r\n"))
			goto out;
	c2 = conf_new(0);
	CHECK(rcconf_parse(c2, "again", text, len, &rc2) == 0);
	CHECK(rc2.n == rc.n);
	for (i = 0; i < rc.n; i++) {
		CHECK(strcmp(rc2.vars[i].name, rc.vars[i].name) == 0);
		CHECK(rc2.vars[i].len == rc.vars[i].len);
		CHECK(memcmp(rc2.vars[i].value, rc.vars[i].value,
		    rc.vars[i].len) == 0);
	}
	conf_free(c2);
out:
	free(text);
	conf_free(c);
	return 0;
}
