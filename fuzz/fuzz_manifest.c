/* libFuzzer target for brig import's reader of an archive's metadata
 * (src/store/manifest.c): export_manifest_parse and export_stanza_check.
 * After each input: a manifest that parses has a valid jail name and no
 * control character in any value, and formatting it and parsing that
 * again gives the same manifest; a stanza that passes holds no NUL and
 * no control character but tab and newline. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/export.h"
#include "store/store.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
no_control(const char *s)
{
	for (; *s; s++)
		CHECK((unsigned char)*s >= 0x20 && *s != 0x7f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct export_meta m, m2;
	struct brig_err e;
	char buf[4096];
	size_t i;

	if (export_stanza_check((const char *)data, size, &e) == 0)
		for (i = 0; i < size; i++)
			CHECK(data[i] == '\t' || data[i] == '\n' ||
			    (data[i] >= 0x20 && data[i] != 0x7f));
	memset(&m, 0xa5, sizeof(m));
	if (export_manifest_parse((const char *)data, size, &m, &e) == -1)
		return 0;
	CHECK(store_check_name(m.name, &e) == 0);
	no_control(m.version);
	no_control(m.backend);
	no_control(m.base);
	no_control(m.snapshot);
	no_control(m.date);
	if (export_manifest_format(&m, buf, sizeof(buf)) == -1)
		return 0;
	CHECK(export_manifest_parse(buf, strlen(buf), &m2, &e) == 0);
	CHECK(strcmp(m.name, m2.name) == 0);
	CHECK(strcmp(m.version, m2.version) == 0);
	CHECK(strcmp(m.backend, m2.backend) == 0);
	CHECK(strcmp(m.base, m2.base) == 0);
	CHECK(strcmp(m.snapshot, m2.snapshot) == 0);
	CHECK(strcmp(m.date, m2.date) == 0);
	return 0;
}
