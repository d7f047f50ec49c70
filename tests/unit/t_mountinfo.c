/* Unit tests of src/util/mountinfo.c, the one reader of
 * /proc/self/mountinfo: every field of a line, the escapes, the
 * optional fields, the lines it refuses (and that it goes on after
 * one), the super options' values, and this machine's own file.  What
 * its users make of the lines is t_cgroup.c's (the hierarchies),
 * t_rctl_limit.c's (the mount holding a path) and the store's bats. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/mountinfo.h"

/* The one line of text, which must parse; it was ended or never used. */
static void
one(const char *text, struct mountinfo *m, struct mountinfo_iter *it)
{
	mountinfo_begin(it, text, strlen(text));
	assert_int_equal(mountinfo_next(it, m), 1);
}

static void
test_fields(void **state)
{
	static const char text[] =
	    "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root "
	    "rw,errors=continue\n";
	struct mountinfo_iter it;
	struct mountinfo m;

	(void)state;
	one(text, &m, &it);
	assert_int_equal(m.id, 36);
	assert_int_equal(m.parent, 35);
	assert_int_equal(m.major, 98);
	assert_int_equal(m.minor, 0);
	assert_string_equal(m.root, "/mnt1");
	assert_string_equal(m.point, "/mnt2");
	assert_string_equal(m.opts, "rw,noatime");
	assert_string_equal(m.optional, "master:1");
	assert_string_equal(m.type, "ext3");
	assert_string_equal(m.source, "/dev/root");
	assert_string_equal(m.super, "rw,errors=continue");
	assert_ptr_equal(m.line, text);
	assert_int_equal(m.len, sizeof(text) - 2);
	assert_int_equal(m.lineno, 1);
	assert_int_equal(mountinfo_next(&it, &m), 0);
	assert_int_equal(mountinfo_next(&it, &m), 0);
	mountinfo_end(&it);
}

/* None, one, several: one string, as written. */
static void
test_optional(void **state)
{
	struct mountinfo_iter it;
	struct mountinfo m;

	(void)state;
	one("22 1 8:1 / / rw - ext4 /dev/sda1 rw", &m, &it);
	assert_string_equal(m.optional, "");
	assert_string_equal(m.point, "/");
	assert_string_equal(m.super, "rw");
	mountinfo_end(&it);
	one("50 1 0:40 / /x rw shared:3 master:2 propagate_from:1 unbindable "
	    "- tmpfs t rw", &m, &it);
	assert_string_equal(m.optional, "shared:3 master:2 propagate_from:1 "
	    "unbindable");
	assert_string_equal(m.type, "tmpfs");
	assert_string_equal(m.source, "t");
	mountinfo_end(&it);
}

/* mangle()'s four escapes are decoded in every field; any other
 * backslash is kept. */
static void
test_escapes(void **state)
{
	struct mountinfo_iter it;
	struct mountinfo m;

	(void)state;
	one("48 27 0:48 /a\\040b /var/lib/brig/jails/my\\040jail\\011t\\134 "
	    "rw,relatime shared:5 - overlay brig\\012x rw,lowerdir=/r,"
	    "upperdir=/o/t\\0401/upper,workdir=/o/work", &m, &it);
	assert_string_equal(m.root, "/a b");
	assert_string_equal(m.point, "/var/lib/brig/jails/my jail\tt\\");
	assert_string_equal(m.source, "brig\nx");
	assert_string_equal(m.super, "rw,lowerdir=/r,upperdir=/o/t 1/upper,"
	    "workdir=/o/work");
	/* Not one of the four, too short, or the last bytes: as written. */
	mountinfo_end(&it);
	one("1 1 0:1 / /x\\9\\101\\04 rw - t s \\054\\", &m, &it);
	assert_string_equal(m.point, "/x\\9\\101\\04");
	assert_string_equal(m.super, "\\054\\");
	/* \134 yields a backslash that starts no second escape. */
	mountinfo_end(&it);
	one("1 1 0:1 / /x\\134040 rw - t s rw", &m, &it);
	assert_string_equal(m.point, "/x\\040");
	mountinfo_end(&it);
}

/* A mount made with an empty source: two spaces, an empty field. */
static void
test_empty_source(void **state)
{
	struct mountinfo_iter it;
	struct mountinfo m;

	(void)state;
	one("60 27 0:60 / /mnt rw,relatime - tmpfs  rw,size=4k", &m, &it);
	assert_string_equal(m.type, "tmpfs");
	assert_string_equal(m.source, "");
	assert_string_equal(m.super, "rw,size=4k");
	mountinfo_end(&it);
}

static void
test_numbers(void **state)
{
	struct mountinfo_iter it;
	struct mountinfo m;

	(void)state;
	one("4294967295 0 4095:1048575 / / rw - t s rw", &m, &it);
	assert_int_equal(m.id, UINT_MAX);
	assert_int_equal(m.parent, 0);
	assert_int_equal(m.major, 4095);
	assert_int_equal(m.minor, 1048575);
	mountinfo_end(&it);
	one("007 01 0:00 / / rw - t s rw", &m, &it);
	assert_int_equal(m.id, 7);
	mountinfo_end(&it);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"garbage",
		"22 1",
		"31 23 0:28 /",
		"22 1 8:1 / / rw ext4",		/* no "-" */
		"31 23 0:28 / /sys rw,relatime tmpfs tmpfs rw",
		"22 1 8:1 / / rw - ext4",	/* no source, no super */
		"31 23 0:28 / /sys rw - cgroup2 cgroup2",
		"42 31 0:39 / /x rw -",
		"22 1 8:1 / / rw - ext4 /dev/sda1 rw extra",
		"22 1 8:1 / / rw - ext4 /dev/sda1 rw ",	/* trailing space */
		"22 1 8:1 / / rw - ext4 /dev/sda1 ",	/* empty super */
		"22 1 8:1 / / rw -  /dev/sda1 rw",	/* empty type */
		"22 1 8:1 / / rw  - ext4 s rw",		/* empty optional */
		"22 1 8:1 / / rw shared:1  - ext4 s rw",
		"22 1 8:1 /  rw - ext4 s rw",		/* empty point */
		"22 1 8:1  / rw - ext4 s rw",		/* empty root */
		"22 1 8:1 / /  - ext4 s rw",		/* empty options */
		" 22 1 8:1 / / rw - ext4 s rw",
		"22  1 8:1 / / rw - ext4 s rw",
		"4294967296 1 8:1 / / rw - ext4 s rw",	/* UINT_MAX + 1 */
		"99999999999999999999 1 8:1 / / rw - e s rw",
		"-1 1 8:1 / / rw - ext4 s rw",
		"+1 1 8:1 / / rw - ext4 s rw",
		"0x1 1 8:1 / / rw - ext4 s rw",
		"22 1 254 / / rw - ext4 x rw",	/* no minor */
		"22 1 8: / / rw - ext4 s rw",
		"22 1 :1 / / rw - ext4 s rw",
		"22 1 8:1:2 / / rw - ext4 s rw",
		"22 1 8:4294967296 / / rw - ext4 s rw",
	};
	struct mountinfo_iter it;
	struct mountinfo m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mountinfo_begin(&it, bad[i], strlen(bad[i]));
		errno = 0;
		if (mountinfo_next(&it, &m) != -1)
			fail_msg("accepted: \"%s\"", bad[i]);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(it.lineno, 1);
		assert_int_equal(mountinfo_next(&it, &m), 0);
		mountinfo_end(&it);
	}
}

/* A NUL byte inside a line: the strings could not hold it. */
static void
test_nul(void **state)
{
	static const char text[] = "22 1 8:1 / /a\0b rw - ext4 s rw\n";
	struct mountinfo_iter it;
	struct mountinfo m;

	(void)state;
	mountinfo_begin(&it, text, sizeof(text) - 1);
	errno = 0;
	assert_int_equal(mountinfo_next(&it, &m), -1);
	assert_int_equal(errno, EINVAL);
	mountinfo_end(&it);
}

/* Empty lines are skipped, the last line needs no newline, and after a
 * refused line the next one comes. */
static void
test_lines(void **state)
{
	static const char text[] =
	    "\n"
	    "1 0 0:1 / / rw - t s rw\n"
	    "\n\n"
	    "bad line\n"
	    "3 1 0:3 / /c rw - t s rw";
	struct mountinfo_iter it;
	struct mountinfo m;

	(void)state;
	mountinfo_begin(&it, text, strlen(text));
	assert_int_equal(mountinfo_next(&it, &m), 1);
	assert_int_equal(m.lineno, 2);
	assert_int_equal(m.id, 1);
	assert_ptr_equal(m.line, text + 1);
	assert_int_equal(mountinfo_next(&it, &m), -1);
	assert_int_equal(it.lineno, 5);
	assert_int_equal(mountinfo_next(&it, &m), 1);
	assert_int_equal(m.lineno, 6);
	assert_string_equal(m.point, "/c");
	assert_int_equal(m.len, strlen("3 1 0:3 / /c rw - t s rw"));
	assert_int_equal(mountinfo_next(&it, &m), 0);
	mountinfo_end(&it);
	/* Only len bytes are read. */
	mountinfo_begin(&it, text, 0);
	assert_int_equal(mountinfo_next(&it, &m), 0);
	mountinfo_begin(&it, "\n\n\n", 3);
	assert_int_equal(mountinfo_next(&it, &m), 0);
	mountinfo_end(&it);
}

static void
test_opt(void **state)
{
	static const char super[] = "rw,memory,cpuacct,name=systemd,"
	    "lowerdir=/l,upperdir=/a\\054b\\075c,workdir=,,x";
	char v[16];

	(void)state;
	assert_int_equal(mountinfo_opt(super, "memory", NULL, 0), 1);
	assert_int_equal(mountinfo_opt(super, "memory", v, sizeof(v)), 1);
	assert_string_equal(v, "");
	/* Whole names only: "cpuacct" is not "cpu", "name=systemd" not
	 * "systemd". */
	assert_int_equal(mountinfo_opt(super, "cpu", NULL, 0), 0);
	assert_int_equal(mountinfo_opt(super, "systemd", NULL, 0), 0);
	assert_int_equal(mountinfo_opt(super, "name", v, sizeof(v)), 1);
	assert_string_equal(v, "systemd");
	assert_int_equal(mountinfo_opt(super, "upperdir", v, sizeof(v)), 1);
	assert_string_equal(v, "/a,b=c");
	assert_int_equal(mountinfo_opt(super, "workdir", v, sizeof(v)), 1);
	assert_string_equal(v, "");
	assert_int_equal(mountinfo_opt(super, "x", NULL, 0), 1);
	assert_int_equal(mountinfo_opt(super, "upper", NULL, 0), 0);
	assert_int_equal(mountinfo_opt("", "rw", NULL, 0), 0);
	/* "/a,b=c" and its NUL need 7 bytes. */
	assert_int_equal(mountinfo_opt(super, "upperdir", v, 7), 1);
	errno = 0;
	assert_int_equal(mountinfo_opt(super, "upperdir", v, 6), -1);
	assert_int_equal(errno, ENAMETOOLONG);
}

/* This machine's own file: every line parses, and "/" is mounted. */
static void
test_read(void **state)
{
	struct mountinfo_iter it;
	struct mountinfo m;
	struct brig_err e;
	bool root = false;
	char *text;
	size_t len;
	int r;

	(void)state;
	assert_int_equal(mountinfo_read(&text, &len, &e), 0);
	assert_int_equal(strlen(text), len);
	mountinfo_begin(&it, text, len);
	while ((r = mountinfo_next(&it, &m)) == 1)
		root |= strcmp(m.point, "/") == 0;
	assert_int_equal(r, 0);
	assert_true(root);
	mountinfo_end(&it);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_optional),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_empty_source),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_opt),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests_name("mountinfo", tests, NULL, NULL);
}
