/* Unit tests of the overlay backend's and brig export's pure parts: the
 * checks on an overlay's base, the archive name -> compression table,
 * the manifest's format and reader, and the stanza check (the mountinfo
 * lines the overlay reads to know its own mount are t_mountinfo.c's).
 * Mounting and archives themselves are tested as root in
 * tests/integration (87-overlay.bats, 88-export.bats). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/export.h"
#include "store/store.h"
#include "store/store_int.h"

/* --- an overlay's base --------------------------------------------------- */

static void
test_set_base(void **state)
{
	char dir[64], base[96], file[96], colon[96];
	struct store *s, *d;
	struct brig_err e;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/t_export.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(base, sizeof(base), "%s/base", dir);
	snprintf(file, sizeof(file), "%s/file", dir);
	snprintf(colon, sizeof(colon), "%s/a:b", dir);
	assert_int_equal(mkdir(base, 0755), 0);
	assert_int_equal(mkdir(colon, 0755), 0);
	fclose(fopen(file, "w"));

	assert_int_equal(store_open_name("t", "/jails/t", "overlay", dir, &s,
	    &e), 0);
	assert_int_equal(store_set_base(s, base, &e), 0);
	assert_string_equal(store_base(s), base);
	assert_int_equal(store_set_base(s, "relative", &e), -1);
	assert_string_equal(e.msg, "base: root \"relative\" is not an absolute "
	    "path");
	assert_int_equal(store_set_base(s, file, &e), -1);
	assert_int_equal(e.errnum, ENOTDIR);
	assert_int_equal(store_set_base(s, colon, &e), -1);
	assert_non_null(strstr(e.msg, "overlayfs takes no ':', ',' or '\\' in "
	    "a layer's path"));
	/* the base may not hold the dataset, nor be inside it or the root */
	assert_int_equal(store_set_base(s, dir, &e), -1);
	assert_non_null(strstr(e.msg, "it must be outside the jail's root"));
	assert_int_equal(store_set_base(s, "/jails/t/usr", &e), -1);
	assert_non_null(strstr(e.msg, "it must be outside the jail's root"));
	store_close(s);

	assert_int_equal(store_open_name("t", "/jails/t", "dir", dir, &d, &e),
	    0);
	assert_int_equal(store_set_base(d, base, &e), -1);
	assert_string_equal(e.msg, "a base is for brig.storage overlay, not "
	    "dir");
	assert_null(store_base(d));
	/* an overlay with no dataset cannot be created without a base */
	store_close(d);
	assert_int_equal(store_open_name("t", "/jails/t", "overlay", dir, &s,
	    &e), 0);
	assert_int_equal(store_create(s, &e), -1);
	assert_non_null(strstr(e.msg, "an overlay jail needs a base"));
	store_close(s);

	unlink(file);
	rmdir(base);
	rmdir(colon);
	rmdir(dir);
}

/* --- archive names ------------------------------------------------------ */

static void
test_comp_of(void **state)
{
	(void)state;
	assert_int_equal(export_comp_of("/b/web.tar.zst"), EXPORT_ZSTD);
	assert_int_equal(export_comp_of("web.tzst"), EXPORT_ZSTD);
	assert_int_equal(export_comp_of("web.tar.gz"), EXPORT_GZIP);
	assert_int_equal(export_comp_of("web.tgz"), EXPORT_GZIP);
	assert_int_equal(export_comp_of("web.tar.xz"), EXPORT_XZ);
	assert_int_equal(export_comp_of("web.txz"), EXPORT_XZ);
	assert_int_equal(export_comp_of("web.tar"), EXPORT_TAR);
	assert_int_equal(export_comp_of("web.zip"), -1);
	assert_int_equal(export_comp_of("web.tar.bz2"), -1);
	assert_int_equal(export_comp_of(".tar"), -1);	/* a suffix alone */
	assert_int_equal(export_comp_of(""), -1);
}

/* --- the manifest -------------------------------------------------------- */

static void
test_manifest_round_trip(void **state)
{
	struct export_meta m, r;
	struct brig_err e;
	char buf[1024];

	(void)state;
	memset(&m, 0, sizeof(m));
	snprintf(m.version, sizeof(m.version), "0.1.0");
	snprintf(m.name, sizeof(m.name), "web");
	snprintf(m.backend, sizeof(m.backend), "overlay");
	snprintf(m.base, sizeof(m.base), "/var/lib/brig/releases/deb12");
	snprintf(m.date, sizeof(m.date), "2026-11-29T10:15:00Z");
	assert_int_equal(export_manifest_format(&m, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "brig-export 1\nbrig 0.1.0\nname web\n"
	    "backend overlay\nbase /var/lib/brig/releases/deb12\n"
	    "date 2026-11-29T10:15:00Z\n");
	assert_int_equal(export_manifest_parse(buf, strlen(buf), &r, &e), 0);
	assert_memory_equal(&m, &r, sizeof(m));
	snprintf(m.snapshot, sizeof(m.snapshot), "before");
	memset(m.base, 0, sizeof(m.base));
	assert_int_equal(export_manifest_format(&m, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "brig-export 1\nbrig 0.1.0\nname web\n"
	    "backend overlay\nsnapshot before\ndate 2026-11-29T10:15:00Z\n");
	assert_int_equal(export_manifest_parse(buf, strlen(buf), &r, &e), 0);
	assert_memory_equal(&m, &r, sizeof(m));
	assert_int_equal(export_manifest_format(&m, buf, 20), -1);
}

struct mcase {
	const char *text;
	const char *msg;	/* NULL: accepted */
};

static const struct mcase manifests[] = {
	{ "brig-export 1\nname a\n", NULL },
	/* a later version's keys are passed over; so are bare lines */
	{ "brig-export 1\nname a\ncolour blue\n\nflag\n", NULL },
	{ "brig-export 1\nname a", NULL },
	{ "brig-export 2\nname a\n", "not a brig export: the manifest does "
	  "not start with \"brig-export 1\"" },
	{ "name a\n", "not a brig export: the manifest does not start with "
	  "\"brig-export 1\"" },
	{ "brig-export 1", "not a brig export: the manifest does not start "
	  "with \"brig-export 1\"" },
	{ "brig-export 1\nbrig 1\n", "manifest: no name" },
	{ "brig-export 1\nname ../etc\n", "manifest: invalid jail name "
	  "\"../etc\": only letters, digits, '_' and '-'" },
	{ "brig-export 1\nname a\x1b[2J\n", "manifest: a control character" },
	{ "brig-export 1\nname a\tb\n", "manifest: a control character" },
	{ "brig-export 1\nname a\r\n", "manifest: a control character" },
	{ "brig-export 1\nname a\nbackend 0123456789abcdef\n", "manifest: "
	  "backend: too long" },
};

static void
test_manifest_parse(void **state)
{
	struct export_meta m;
	struct brig_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(manifests) / sizeof(manifests[0]); i++) {
		const struct mcase *c = &manifests[i];
		int rc = export_manifest_parse(c->text, strlen(c->text), &m,
		    &e);

		if (c->msg == NULL) {
			assert_int_equal(rc, 0);
			assert_string_equal(m.name, "a");
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(e.msg, c->msg);
		}
	}
	/* a NUL inside is a control character too */
	assert_int_equal(export_manifest_parse("brig-export 1\nname a\0b\n",
	    22, &m, &e), -1);
	assert_string_equal(e.msg, "manifest: a control character");
}

static void
test_stanza_check(void **state)
{
	static const char good[] = "web {\n\tpath = \"/j/web\";\n}\n";
	static const char esc[] = "web {\n\texec.start = \"x\";\x1b[1A\x1b[2K\n}\n";
	struct brig_err e;

	(void)state;
	assert_int_equal(export_stanza_check(good, strlen(good), &e), 0);
	assert_int_equal(export_stanza_check(esc, strlen(esc), &e), -1);
	assert_string_equal(e.msg, ".brig/jail.conf: a control character "
	    "(only tab and newline are taken)");
	assert_int_equal(export_stanza_check("a\0b", 3, &e), -1);
	assert_int_equal(export_stanza_check("a\rb", 3, &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_base),
		cmocka_unit_test(test_comp_of),
		cmocka_unit_test(test_manifest_round_trip),
		cmocka_unit_test(test_manifest_parse),
		cmocka_unit_test(test_stanza_check),
	};

	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
