/* libFuzzer target for the jail.conf parser (src/conf): lex, parse,
 * resolve and check one input, then assert two invariants:
 *
 * 1. round trip: the resolved configuration printed as jail.conf
 *    (conf_print_conf) parses again without syntax or resolve errors
 *    and gives byte-identical `show -p` output (conf_print_flat);
 * 2. conf_print_json does not crash (ASan and UBSan watch it); nor
 *    does conf_print_diags, which `brig check` prints.
 *
 * A broken invariant prints the input, the printed text, the second
 * load's diagnostics and both flat outputs, then aborts, so that
 * libFuzzer saves the input as crash-<sha1>.
 *
 *	make build-fuzz/fuzz_conf
 *	build-fuzz/fuzz_conf -dict=fuzz/fuzz_conf.dict fuzz/corpus/fuzz_conf */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"

#define LOAD_FLAGS	(CONF_NO_INCLUDE | CONF_NO_CONFD)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef void print_fn(const struct conf *, FILE *, char **, int);

/* The output of one printer as a NUL-terminated string; caller frees. */
static char *
print_mem(print_fn *print, const struct conf *c, size_t *lenp)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	if (fp == NULL) {
		perror("fuzz_conf: open_memstream");
		abort();
	}
	print(c, fp, NULL, 0);
	if (fclose(fp) == EOF) {
		perror("fuzz_conf: write to memory stream");
		abort();
	}
	*lenp = len;
	return s;
}

/* The diagnostics, warnings included, as print_mem() gives output. */
static char *
print_diags(const struct conf *c)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	if (fp == NULL) {
		perror("fuzz_conf: open_memstream");
		abort();
	}
	conf_print_diags(c, fp, true);
	if (fclose(fp) == EOF) {
		perror("fuzz_conf: write to memory stream");
		abort();
	}
	return s;
}

static void
dump(const char *what, const char *s, size_t len)
{
	fprintf(stderr, "--- %s (%zu bytes) ---\n", what, len);
	fwrite(s, 1, len, stderr);
	if (len == 0 || s[len - 1] != '\n')
		fputc('\n', stderr);
}

static void
fail(const char *why, const uint8_t *data, size_t size, const char *text,
    size_t tlen, const struct conf *c2, const char *flat1, size_t len1,
    const char *flat2, size_t len2)
{
	fprintf(stderr, "fuzz_conf: round trip broken: %s\n", why);
	dump("input", (const char *)data, size);
	dump("conf_print_conf output", text, tlen);
	fputs("--- diagnostics of the second load ---\n", stderr);
	conf_print_diags(c2, stderr, true);
	dump("first conf_print_flat", flat1, len1);
	if (flat2 != NULL)
		dump("second conf_print_flat", flat2, len2);
	abort();
}

static void
check_round_trip(const struct conf *c, const uint8_t *data, size_t size)
{
	size_t len1, len2 = 0, tlen;
	char *flat1, *flat2 = NULL, *text;
	struct conf *c2;

	flat1 = print_mem(conf_print_flat, c, &len1);
	text = print_mem(conf_print_conf, c, &tlen);
	c2 = conf_load_mem("roundtrip.conf", text, tlen, LOAD_FLAGS);
	if (conf_failed(c2))
		fail("the printed configuration does not load", data, size,
		    text, tlen, c2, flat1, len1, NULL, 0);
	flat2 = print_mem(conf_print_flat, c2, &len2);
	if (len1 != len2 || memcmp(flat1, flat2, len1) != 0)
		fail("show -p differs after print and reload", data, size,
		    text, tlen, c2, flat1, len1, flat2, len2);
	conf_free(c2);
	free(flat2);
	free(text);
	free(flat1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf *c;
	char *out;
	size_t len;

	c = conf_load_mem("fuzz.conf", (const char *)data, size, LOAD_FLAGS);
	if (!conf_failed(c)) {
		conf_check(c);
		check_round_trip(c, data, size);
		out = print_mem(conf_print_json, c, &len);
		free(out);
	}
	out = print_diags(c);
	free(out);
	conf_free(c);
	return 0;
}
