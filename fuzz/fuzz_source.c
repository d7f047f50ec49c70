/* libFuzzer target for brig create's --from SOURCE text (src/store/
 * source.c, src/store/debootstrap.c): bootstrap_source_kind, the closure
 * parser and the debootstrap parser with its canonical text and release
 * name.  After each input: a debootstrap source that parses has a suite
 * and packages as Debian spells them, sorted and each once; its canonical
 * text parses again to the same canonical text; its release name is a
 * jail name (store_check_name).  A closure that parses has no empty
 * name. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/bootstrap.h"
#include "store/store.h"
#include "util/buf.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_deb(const char *src)
{
	struct buf b = BUF_INIT, b2 = BUF_INIT;
	struct deb_source d, d2;
	char rel[DEB_RELEASE_MAX + 1];
	struct brig_err e;
	size_t i;

	if (bootstrap_deb_parse(src, &d, &e) == -1) {
		CHECK(d.pkgs == NULL);
		return;
	}
	CHECK(d.suite[0] != '\0' && d.suite[0] != '-');
	for (i = 0; i < d.npkgs; i++) {
		CHECK(strlen(d.pkgs[i]) >= 2 && d.pkgs[i][0] != '-');
		CHECK(strpbrk(d.pkgs[i], ",/ =") == NULL);
		if (i > 0)
			CHECK(strcmp(d.pkgs[i - 1], d.pkgs[i]) < 0);
	}
	CHECK(d.pkgs[d.npkgs] == NULL);
	bootstrap_deb_canon(&d, &b);
	CHECK(bootstrap_deb_parse(b.s, &d2, &e) == 0);
	bootstrap_deb_canon(&d2, &b2);
	CHECK(strcmp(b.s, b2.s) == 0);
	bootstrap_deb_release(&d, rel, sizeof(rel));
	CHECK(store_check_name(rel, &e) == 0);
	bootstrap_deb_free(&d);
	bootstrap_deb_free(&d2);
	buf_free(&b);
	buf_free(&b2);
}

static void
check_closure(const char *src)
{
	char **bins, **files;
	struct brig_err e;
	size_t i;

	if (bootstrap_closure_parse(src, &bins, &files, &e) == -1)
		return;
	CHECK(bins[0] != NULL);
	for (i = 0; bins[i]; i++)
		CHECK(bins[i][0] != '\0' && strchr(bins[i], ',') == NULL);
	for (i = 0; files && files[i]; i++)
		CHECK(files[i][0] != '\0' && strchr(files[i], ',') == NULL);
	free(bins);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = malloc(size + 1);
	const char *kind;

	memcpy(src, data, size);
	src[size] = '\0';
	kind = bootstrap_source_kind(src);
	if (kind && strcmp(kind, "debootstrap") == 0)
		CHECK(strncmp(src, "debootstrap:", 12) == 0);
	check_deb(src);
	check_closure(src);
	free(src);
	return 0;
}
