/* Unit tests of the jail's file system view that need no privilege:
 * fstab(5) lines (FreeBSD's getfsent rules: lib/libc/gen/fstab.c), the
 * devfs ruleset table (FreeBSD's numbering, sbin/devfs/devfs.rules) and
 * util/path.c, both with openat2 and with its userspace fallback. */
#include <errno.h>
#include <fcntl.h>
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

#include "ns/devfs.h"
#include "ns/rootfs.h"
#include "util/path.h"
#include "util/sys.h"

/* --- fstab lines ---------------------------------------------------------- */

struct fcase {
	const char *name;
	const char *line;
	const char *want;	/* "source|target|type|options", "" for a
				 * blank line, or NULL when msg is expected */
	const char *msg;	/* the exact error */
};

#define BAD(line) "fstab line \"" line "\": "
#define X10 "xxxxxxxxxx"

static const struct fcase fcases[] = {
	{ "all six fields", "/usr/ports /usr/ports nullfs ro 0 0",
	  "/usr/ports|/usr/ports|nullfs|ro", NULL },
	{ "four fields", "tmpfs /tmp tmpfs rw,size=64m,mode=1777",
	  "tmpfs|/tmp|tmpfs|rw,size=64m,mode=1777", NULL },
	{ "five fields", "proc /proc procfs rw 0",
	  "proc|/proc|procfs|rw", NULL },
	{ "tabs and runs of blanks", "  /a\t\t/b  nullfs\trw \t0  2\n",
	  "/a|/b|nullfs|rw", NULL },
	{ "a trailing newline and CR", "/a /b nullfs ro\r\n",
	  "/a|/b|nullfs|ro", NULL },
	{ "a comment", "# /a /b nullfs ro 0 0", "", NULL },
	{ "an indented comment", "   #x", "", NULL },
	{ "a comment after the fields", "/a /b nullfs ro 0 0 # data",
	  "/a|/b|nullfs|ro", NULL },
	{ "a blank line", " \t \n", "", NULL },
	{ "an empty line", "", "", NULL },
	{ "vis(3) escapes", "/srv/my\\040data /mnt/a\\tb\\\\c nullfs ro",
	  "/srv/my data|/mnt/a\tb\\c|nullfs|ro", NULL },
	{ "trailing slashes on the target go", "/a /mnt/b// nullfs ro",
	  "/a|/mnt/b|nullfs|ro", NULL },
	{ "every option", "t /t tmpfs ro,rw,rdonly,nosuid,noexec,noatime,"
	  "late,size=1g,mode=700,uid=1,gid=2,inodes=9", "t|/t|tmpfs|ro,rw,"
	  "rdonly,nosuid,noexec,noatime,late,size=1g,mode=700,uid=1,gid=2,"
	  "inodes=9", NULL },
	{ "too few fields", "/a /b nullfs", NULL,
	  BAD("/a /b nullfs") "too few fields (fstab(5): source target type "
	  "options [dump [pass]])" },
	{ "one field", "proc", NULL, BAD("proc") "too few fields (fstab(5): "
	  "source target type options [dump [pass]])" },
	{ "an extra field", "/a /b nullfs ro 0 0 junk", NULL,
	  BAD("/a /b nullfs ro 0 0 junk") "extra field \"junk\" after dump "
	  "and pass" },
	{ "a bad dump", "/a /b nullfs ro x", NULL,
	  BAD("/a /b nullfs ro x") "dump \"x\" is not a number" },
	{ "a bad pass", "/a /b nullfs ro 0 -1", NULL,
	  BAD("/a /b nullfs ro 0 -1") "pass \"-1\" is not a number" },
	{ "an unknown type", "/dev/sda1 /mnt ext4 rw", NULL,
	  BAD("/dev/sda1 /mnt ext4 rw") "unknown file system type \"ext4\" "
	  "(brig mounts nullfs, tmpfs and procfs)" },
	{ "Linux's bind", "/a /b bind ro", NULL, BAD("/a /b bind ro")
	  "file system type \"bind\" is not taken here: a bind mount is "
	  "nullfs (FreeBSD's name)" },
	{ "Linux's proc", "proc /proc proc rw", NULL, BAD("proc /proc proc rw")
	  "file system type \"proc\" is not taken here: use procfs "
	  "(FreeBSD's name)" },
	{ "devfs", "devfs /dev devfs rw", NULL, BAD("devfs /dev devfs rw")
	  "file system type \"devfs\" is not taken here: use mount.devfs and "
	  "devfs_ruleset" },
	{ "a relative target", "/a mnt nullfs ro", NULL,
	  BAD("/a mnt nullfs ro") "target \"mnt\" is not an absolute path (in "
	  "the jail)" },
	{ "the root as target", "/a / nullfs ro", NULL, BAD("/a / nullfs ro")
	  "target \"/\" would cover the jail's root" },
	{ "a relative nullfs source", "a /b nullfs ro", NULL,
	  BAD("a /b nullfs ro") "nullfs source \"a\" is not an absolute path "
	  "(on the host)" },
	{ "an unknown option", "/a /b nullfs ro,noauto", NULL,
	  BAD("/a /b nullfs ro,noauto") "unknown option \"noauto\"" },
	{ "a tmpfs option on nullfs", "/a /b nullfs size=1m", NULL,
	  BAD("/a /b nullfs size=1m") "option \"size\" does not apply to "
	  "nullfs" },
	{ "an option missing its value", "t /t tmpfs size=", NULL,
	  BAD("t /t tmpfs size=") "option \"size\" needs a value (size=...)" },
	{ "a flag with a value", "t /t tmpfs ro=1", NULL,
	  BAD("t /t tmpfs ro=1") "option \"ro\" takes no value" },
	{ "a bad escape", "/a\\q /b nullfs ro", NULL,
	  BAD("/a\\q /b nullfs ro") "source: bad escape \"\\q\"" },
	{ "a long line is shortened", "/" X10 X10 X10 X10 X10 X10 X10
	  " /b nullfs", NULL, BAD("/" X10 X10 X10 X10 X10 "xxxxxx...")
	  "too few fields (fstab(5): source target "
	  "type options [dump [pass]])" },
};

static void
run_fcase(void **state)
{
	const struct fcase *c = *state;
	struct rootfs_mount m = { "untouched", NULL, NULL, NULL };
	struct brig_err e = { 0, "" };
	char *line = strdup(c->line), got[512];
	int rc;

	assert_non_null(line);
	rc = rootfs_parse_fstab_line(line, &m, &e);
	if (c->want == NULL) {
		assert_int_equal(rc, -1);
		assert_string_equal(e.msg, c->msg);
		assert_int_equal(e.errnum, 0);
		/* Out-parameters are written only on success. */
		assert_string_equal(m.source, "untouched");
	} else if (*c->want == '\0') {
		assert_int_equal(rc, 0);
		assert_null(m.target);
	} else {
		assert_int_equal(rc, 0);
		snprintf(got, sizeof(got), "%s|%s|%s|%s", m.source, m.target,
		    m.type, m.options);
		assert_string_equal(got, c->want);
	}
	free(line);
}

/* --- the devfs table ------------------------------------------------------ */

static char *
joined(const char *const *names)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (; *names != NULL; names++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    len ? " " : "", *names);
	return buf;
}

#define BASIC "null zero full random urandom"
#define LOGIN "pts ptmx tty fd stdin stdout stderr"

static void
test_devfs_rulesets(void **state)
{
	(void)state;
	assert_string_equal(joined(devfs_ruleset_nodes(1)), "");
	assert_string_equal(joined(devfs_ruleset_nodes(2)), BASIC);
	assert_string_equal(joined(devfs_ruleset_nodes(3)), LOGIN);
	assert_string_equal(joined(devfs_ruleset_nodes(4)),
	    BASIC " " LOGIN " fuse");
	assert_string_equal(joined(devfs_ruleset_nodes(5)),
	    BASIC " " LOGIN " fuse net/tun");
	/* 0, "no ruleset", is 4: brig never gives the host's whole /dev. */
	assert_ptr_equal(devfs_ruleset_nodes(0), devfs_ruleset_nodes(4));
	assert_null(devfs_ruleset_nodes(DEVFS_RULESET_MAX + 1));
	assert_null(devfs_ruleset_nodes(4294967295U));
}

static void
test_devfs_bad_ruleset(void **state)
{
	struct brig_err e = { 0, "" };

	(void)state;
	assert_int_equal(devfs_populate(-1, 6, -1, &e), -1);
	assert_string_equal(e.msg, "devfs ruleset 6 does not exist (brig has "
	    "FreeBSD's 0 to 5)");
}

/* rootfs_setup() in the test's own mount namespace (the host's) must
 * refuse before touching anything.  Were the guard broken, the root that
 * does not exist would still stop it before its first mount. */
static void
test_rootfs_needs_own_mount_ns(void **state)
{
	struct rootfs_spec spec = { .root = "/nonexistent/brig-t_rootfs",
	    .proc = true };
	struct brig_err e = { 0, "" };

	(void)state;
	assert_int_equal(rootfs_setup(&spec, &e), -1);
	assert_string_equal(e.msg, "jail root /nonexistent/brig-t_rootfs: not "
	    "in a mount namespace of its own: refusing to change the host's "
	    "mounts");
}

/* --- util/path.c ---------------------------------------------------------- */

/* A root with a host-pointing absolute link, a relative link that climbs,
 * a link inside, and a directory; "outside" sits next to the root, so a
 * lookup that escapes finds it. */
struct tree {
	char dir[64];		/* the test's directory */
	int rootfd;
};

static int
make_tree(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	char p[128];
	int fd;

	assert_non_null(t);
	snprintf(t->dir, sizeof(t->dir), "/tmp/t_rootfs.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(p, sizeof(p), "%s/root", t->dir);
	assert_int_equal(mkdir(p, 0755), 0);
	t->rootfd = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(t->rootfd >= 0);
	snprintf(p, sizeof(p), "%s/outside", t->dir);
	assert_true((fd = open(p, O_CREAT | O_WRONLY, 0644)) >= 0);
	close(fd);
	snprintf(p, sizeof(p), "%s/outside", t->dir);
	assert_int_equal(symlinkat(p, t->rootfd, "abs"), 0);
	assert_int_equal(symlinkat("../../../../../../..", t->rootfd, "up"),
	    0);
	assert_int_equal(mkdirat(t->rootfd, "d", 0755), 0);
	assert_true((fd = openat(t->rootfd, "d/f", O_CREAT | O_WRONLY,
	    0644)) >= 0);
	close(fd);
	assert_int_equal(symlinkat("d", t->rootfd, "in"), 0);
	*state = t;
	return 0;
}

static int
remove_tree(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	sys_test_no_openat2(false);
	close(t->rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

/* A refusal recorded without an errno (the fallback's ".."). */
#define NO_ERRNO (-1)

/* Open path; return 0, the error number recorded in e, or NO_ERRNO. */
static int
try_open(struct tree *t, const char *path, int flags)
{
	struct brig_err e = { 0, "" };
	int fd = path_open_in_root(t->rootfd, path, flags, 0, &e);

	if (fd == -1) {
		assert_int_not_equal(e.msg[0], '\0');
		return e.errnum ? e.errnum : NO_ERRNO;
	}
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	return 0;
}

static void
test_path_openat2(void **state)
{
	struct tree *t = *state;

	sys_test_no_openat2(false);
	assert_int_equal(try_open(t, "d/f", O_RDONLY), 0);
	assert_int_equal(try_open(t, "/d/./f", O_RDONLY), 0);
	/* Links are followed inside the root: "abs" names <root>/tmp/... */
	assert_int_equal(try_open(t, "in/f", O_RDONLY), 0);
	assert_int_equal(try_open(t, "abs", O_RDONLY), ENOENT);
	assert_int_equal(try_open(t, "up/d/f", O_RDONLY), 0);
	assert_int_equal(try_open(t, "../../../../d/f", O_RDONLY), 0);
	assert_int_equal(try_open(t, "../outside", O_RDONLY), ENOENT);
	/* O_NOFOLLOW: no link anywhere, not even with O_PATH. */
	assert_int_equal(try_open(t, "in/f", O_RDONLY | O_NOFOLLOW), ELOOP);
	assert_int_equal(try_open(t, "in", O_PATH | O_NOFOLLOW), ELOOP);
	assert_int_equal(try_open(t, "abs", O_PATH | O_NOFOLLOW), ELOOP);
	assert_int_equal(try_open(t, "d/f", O_PATH | O_NOFOLLOW), 0);
}

/* Magic links (/proc/self/root, /proc/N/fd/M) jump anywhere: refused.
 * Only a procfs inside the root can offer them, so the host's / is the
 * root here. */
static void
test_path_magiclinks(void **state)
{
	struct brig_err e = { 0, "" };
	int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

	(void)state;
	assert_true(rootfd >= 0);
	fd = path_open_in_root(rootfd, "/proc/self/root/etc", O_PATH, 0, &e);
	assert_int_equal(fd, -1);
	assert_int_equal(e.errnum, ELOOP);
	fd = path_open_in_root(rootfd, "/proc/self/status", O_RDONLY, 0, &e);
	assert_true(fd >= 0);
	close(fd);
	close(rootfd);
}

static void
test_path_fallback(void **state)
{
	struct tree *t = *state;

	sys_test_no_openat2(true);
	assert_int_equal(try_open(t, "d/f", O_RDONLY), 0);
	assert_int_equal(try_open(t, "//d/./f", O_RDONLY), 0);
	assert_int_equal(try_open(t, "/", O_PATH | O_DIRECTORY), 0);
	assert_int_equal(try_open(t, "", O_PATH), ENOENT);
	/* The fallback follows no link and takes no "..", ever. */
	assert_int_equal(try_open(t, "in/f", O_RDONLY), ELOOP);
	assert_int_equal(try_open(t, "abs", O_RDONLY), ELOOP);
	assert_int_equal(try_open(t, "abs", O_PATH), ELOOP);
	assert_int_equal(try_open(t, "in", O_PATH | O_DIRECTORY), ELOOP);
	assert_int_equal(try_open(t, "up/d/f", O_RDONLY), ELOOP);
	assert_int_equal(try_open(t, "../outside", O_RDONLY), NO_ERRNO);
	assert_int_equal(try_open(t, "d/../d/f", O_RDONLY), NO_ERRNO);
	assert_int_equal(try_open(t, "d/nope", O_RDONLY), ENOENT);
	assert_int_equal(try_open(t, "d/f/x", O_RDONLY), ENOTDIR);
	/* O_CREAT works, but never through a link. */
	assert_int_equal(try_open(t, "d/new", O_WRONLY | O_CREAT), 0);
	assert_int_equal(faccessat(t->rootfd, "d/new", F_OK, 0), 0);
	assert_int_equal(try_open(t, "abs", O_WRONLY | O_CREAT), ELOOP);
	sys_test_no_openat2(false);
}

static void
test_path_fallback_message(void **state)
{
	struct tree *t = *state;
	struct brig_err e = { 0, "" };

	sys_test_no_openat2(true);
	assert_int_equal(path_open_in_root(t->rootfd, "a/../b", O_RDONLY, 0,
	    &e), -1);
	assert_string_equal(e.msg, "open a/../b: \"..\" is refused (this "
	    "kernel has no openat2)");
	assert_int_equal(path_open_in_root(t->rootfd, "abs", O_RDONLY, 0,
	    &e), -1);
	assert_string_equal(e.msg, "open abs");
	assert_int_equal(e.errnum, ELOOP);
	sys_test_no_openat2(false);
}

static void
mkdirs_both(struct tree *t, int fallback)
{
	struct brig_err e = { 0, "" };
	struct stat st;
	char p[128];
	int fd;

	sys_test_no_openat2(fallback);
	fd = path_mkdirs_in_root(t->rootfd, fallback ? "m2/a//b/" : "m/a/b",
	    0755, &e);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	close(fd);
	assert_int_equal(fstatat(t->rootfd, fallback ? "m2/a/b" : "m/a/b",
	    &st, 0), 0);
	/* Existing directories are fine. */
	fd = path_mkdirs_in_root(t->rootfd, "d", 0755, &e);
	assert_true(fd >= 0);
	close(fd);
	/* A link to the host: created inside the root, or refused. */
	fd = path_mkdirs_in_root(t->rootfd, "up/x/y", 0755, &e);
	snprintf(p, sizeof(p), "%s/x", t->dir);
	assert_int_equal(access(p, F_OK), -1);
	if (fallback) {
		assert_int_equal(fd, -1);
		assert_int_equal(e.errnum, ELOOP);
	} else {
		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(fstatat(t->rootfd, "x/y", &st, 0), 0);
	}
	/* A file in the way. */
	assert_int_equal(path_mkdirs_in_root(t->rootfd, "d/f/g", 0755, &e), -1);
	assert_int_equal(e.errnum, ENOTDIR);
	sys_test_no_openat2(false);
}

static void
test_path_mkdirs(void **state)
{
	mkdirs_both(*state, 0);
}

static void
test_path_mkdirs_fallback(void **state)
{
	mkdirs_both(*state, 1);
}

int
main(void)
{
	size_t n = sizeof(fcases) / sizeof(fcases[0]), i;
	struct CMUnitTest *tests = calloc(n + 10, sizeof(*tests));

	for (i = 0; i < n; i++) {
		tests[i].name = fcases[i].name;
		tests[i].test_func = run_fcase;
		tests[i].initial_state = (void *)(uintptr_t)&fcases[i];
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_devfs_rulesets);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_devfs_bad_ruleset);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_rootfs_needs_own_mount_ns);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
	    test_path_openat2, make_tree, remove_tree);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_path_magiclinks);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
	    test_path_fallback, make_tree, remove_tree);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
	    test_path_fallback_message, make_tree, remove_tree);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
	    test_path_mkdirs, make_tree, remove_tree);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_setup_teardown(
	    test_path_mkdirs_fallback, make_tree, remove_tree);
	return _cmocka_run_group_tests("rootfs", tests, n, NULL, NULL);
}
