/* Unit tests of src/store that need no special filesystem: the name and
 * root checks, the zfs(8) argv builder and output readers (there is no
 * ZFS here: these are what can be tested of the zfs backend), the hard
 * link map, and the tree copy and removal on the test's own temporary
 * directory. */
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
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/store.h"
#include "store/store_int.h"
#include "store/zfs_int.h"

/* --- names ------------------------------------------------------------ */

struct ncase {
	const char *in;
	const char *msg;	/* NULL: accepted */
};

static const struct ncase jail_names[] = {
	{ "unbound", NULL },
	{ "a", NULL },
	{ "wg_0-x", NULL },
	{ "1234", NULL },
	{ "", "invalid jail name \"\": 1 to 64 bytes" },
	{ "../etc", "invalid jail name \"../etc\": only letters, digits, '_' "
	  "and '-'" },
	{ "a/b", "invalid jail name \"a/b\": only letters, digits, '_' and "
	  "'-'" },
	{ "..", "invalid jail name \"..\": only letters, digits, '_' and '-'" },
	{ "a.b", "invalid jail name \"a.b\": only letters, digits, '_' and "
	  "'-'" },
	{ "a\nb", "invalid jail name \"a\nb\": only letters, digits, '_' and "
	  "'-'" },
	{ "-rf", "invalid jail name \"-rf\": it starts with '-'" },
	{ "a b", "invalid jail name \"a b\": only letters, digits, '_' and "
	  "'-'" },
	{ "x123456789x123456789x123456789x123456789x123456789x123456789xyz4",
	  NULL },
	{ "x123456789x123456789x123456789x123456789x123456789x123456789xyz45",
	  "invalid jail name \"x123456789x123456789x123456789x123456789x1234"
	  "56789x123456789xyz45\": 1 to 64 bytes" },
};

static const struct ncase snap_names[] = {
	{ "before-upgrade", NULL },
	{ "2026-11-29T10:15:00Z", NULL },
	{ "v1.2_rc3", NULL },
	{ "pre-update-2026-11-29T10:15:00Z", NULL },
	{ "", "invalid snapshot name \"\": 1 to 64 bytes" },
	{ ".hidden", "invalid snapshot name \".hidden\": it starts with '.'" },
	{ "..", "invalid snapshot name \"..\": it starts with '.'" },
	{ "-r", "invalid snapshot name \"-r\": it starts with '-'" },
	{ "../../etc", "invalid snapshot name \"../../etc\": only letters, "
	  "digits, '.', '_', ':' and '-'" },
	{ "a/b", "invalid snapshot name \"a/b\": only letters, digits, '.', "
	  "'_', ':' and '-'" },
	{ "a@b", "invalid snapshot name \"a@b\": only letters, digits, '.', "
	  "'_', ':' and '-'" },
	{ "a\tb", "invalid snapshot name \"a\tb\": only letters, digits, "
	  "'.', '_', ':' and '-'" },
	{ "a\x7f", "invalid snapshot name \"a\x7f\": only letters, digits, "
	  "'.', '_', ':' and '-'" },
	{ "caf\xc3\xa9", "invalid snapshot name \"caf\xc3\xa9\": only letters, "
	  "digits, '.', '_', ':' and '-'" },
	{ "x123456789x123456789x123456789x123456789x123456789x123456789xyz4",
	  NULL },
	{ "x123456789x123456789x123456789x123456789x123456789x123456789xyz45",
	  "invalid snapshot name \"x123456789x123456789x123456789x123456789x"
	  "123456789x123456789xyz45\": 1 to 64 bytes" },
};

static void
check_names(const struct ncase *c, size_t n,
    int (*fn)(const char *, struct brig_err *))
{
	struct brig_err e;
	size_t i;

	for (i = 0; i < n; i++) {
		int rc = fn(c[i].in, &e);

		if (c[i].msg == NULL) {
			if (rc != 0)
				fail_msg("\"%s\" refused: %s", c[i].in, e.msg);
			continue;
		}
		if (rc != -1)
			fail_msg("\"%s\" accepted", c[i].in);
		assert_string_equal(e.msg, c[i].msg);
		assert_int_equal(e.errnum, 0);
	}
}

static void
test_jail_names(void **state)
{
	(void)state;
	check_names(jail_names, sizeof(jail_names) / sizeof(jail_names[0]),
	    store_check_name);
}

static void
test_snap_names(void **state)
{
	(void)state;
	check_names(snap_names, sizeof(snap_names) / sizeof(snap_names[0]),
	    store_check_snap);
}

static void
test_roots(void **state)
{
	static const struct {
		const char *in, *out, *msg;
	} c[] = {
		{ "/jails/unbound", "/jails/unbound", NULL },
		{ "/var/lib/brig/jails/a/", "/var/lib/brig/jails/a", NULL },
		{ "//jails//a//", "//jails//a", NULL },
		{ "/", NULL, "root \"/\": a jail's root must be at least two "
		  "levels below /" },
		{ "/usr", NULL, "root \"/usr\": a jail's root must be at least "
		  "two levels below /" },
		{ "/usr/", NULL, "root \"/usr\": a jail's root must be at least "
		  "two levels below /" },
		{ "jails/a", NULL, "root \"jails/a\" is not an absolute path" },
		{ "", NULL, "root \"\" is not an absolute path" },
		{ "/jails/../etc", NULL, "root \"/jails/../etc\": \".\" and "
		  "\"..\" are not allowed in the path" },
		{ "/jails/a/..", NULL, "root \"/jails/a/..\": \".\" and \"..\" "
		  "are not allowed in the path" },
		{ "/jails/./a", NULL, "root \"/jails/./a\": \".\" and \"..\" are "
		  "not allowed in the path" },
		{ "/jails/a\nb", NULL, "root \"/jails/a\nb\": control character "
		  "in the path" },
		{ "/jails/..a", "/jails/..a", NULL },
	};
	struct brig_err e;
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int rc = store_check_root(c[i].in, buf, sizeof(buf), &e);

		if (c[i].msg) {
			assert_int_equal(rc, -1);
			assert_string_equal(e.msg, c[i].msg);
		} else {
			if (rc != 0)
				fail_msg("%s: %s", c[i].in, e.msg);
			assert_string_equal(buf, c[i].out);
		}
	}
	assert_int_equal(store_check_root("/a/b/cccccccccccccccccccc", buf, 10,
	    &e), -1);
	assert_string_equal(e.msg, "root \"/a/b/cccccccccccccccccccc\": path "
	    "too long");
}

static void
test_default_snap_name(void **state)
{
	struct brig_err e;
	char buf[32];

	(void)state;
	store_snap_name_at(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	store_snap_name_at(1795947300, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-29T10:15:00Z");
	assert_int_equal(store_check_snap(buf, &e), 0);
}

static void
test_human(void **state)
{
	static const struct {
		int64_t n;
		const char *s;
	} c[] = {
		{ -1, "-" }, { 0, "0 B" }, { 1023, "1023 B" },
		{ 1024, "1.0 KiB" }, { 1536, "1.5 KiB" },
		{ 12 * 1048576 + 1000, "12 MiB" }, { 10239, "10.0 KiB" },
		{ 10240, "10 KiB" }, { 1610612736, "1.5 GiB" },
		{ INT64_MAX, "8.0 EiB" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		store_human(c[i].n, buf, sizeof(buf));
		assert_string_equal(buf, c[i].s);
	}
}

static void
test_how(void **state)
{
	struct store_stats st;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(store_how(&st), STORE_COPIED);	/* empty files */
	st.reflinked = 3;
	assert_int_equal(store_how(&st), STORE_REFLINK);
	st.copied = 1;
	assert_int_equal(store_how(&st), STORE_MIXED);
	st.reflinked = 0;
	assert_int_equal(store_how(&st), STORE_COPIED);
	st.native = true;
	assert_int_equal(store_how(&st), STORE_NATIVE);
}

static void
test_open_refusals(void **state)
{
	struct store *s;
	struct brig_err e;

	(void)state;
	assert_int_equal(store_open_name("a", "/jails/a", "overlay", "/var/x",
	    &s, &e), 0);
	assert_string_equal(store_backend(s), "overlay");
	assert_null(store_base(s));	/* no dataset yet */
	store_close(s);
	assert_int_equal(store_open_name("a", "/jails/a", "lvm", "/var/x", &s,
	    &e), -1);
	assert_string_equal(e.msg, "brig.storage \"lvm\": expected dir, btrfs, "
	    "zfs or overlay");
	assert_int_equal(store_open_name("../a", NULL, "dir", "/var/x", &s,
	    &e), -1);
	assert_string_equal(e.msg, "invalid jail name \"../a\": only letters, "
	    "digits, '_' and '-'");
	assert_int_equal(store_open_name("a", "/", "dir", "/var/x", &s, &e),
	    -1);
	assert_int_equal(store_open_name("a", NULL, "dir", "var", &s, &e), -1);
	assert_string_equal(e.msg, "data directory \"var\": not an absolute "
	    "path");
	assert_int_equal(store_open_name("a", NULL, "dir", "/var/lib/brig",
	    &s, &e), 0);
	assert_string_equal(store_root(s), "/var/lib/brig/jails/a");
	assert_string_equal(store_backend(s), "dir");
	store_close(s);
	assert_int_equal(store_open_name("a", "/srv/j/a//", "zfs",
	    "/var/lib/brig", &s, &e), 0);
	assert_string_equal(store_root(s), "/srv/j/a");
	assert_string_equal(store_backend(s), "zfs");
	store_close(s);
}

static void
test_split(void **state)
{
	char p[32], b[16];

	(void)state;
	assert_int_equal(store_split("/jails/a", p, sizeof(p), b, sizeof(b)),
	    0);
	assert_string_equal(p, "/jails");
	assert_string_equal(b, "a");
	assert_int_equal(store_split("/a", p, sizeof(p), b, sizeof(b)), 0);
	assert_string_equal(p, "/");
	assert_string_equal(b, "a");
	assert_int_equal(store_split("/a/", p, sizeof(p), b, sizeof(b)), -1);
	assert_int_equal(store_split("a", p, sizeof(p), b, sizeof(b)), -1);
	assert_int_equal(store_split("/a/bbbbbbbbbbbbbbbbbbbb", p, sizeof(p),
	    b, sizeof(b)), -1);
	assert_int_equal(store_temp_name("unbound", "rollback", p, sizeof(p)),
	    0);
	assert_string_equal(p, ".unbound.brig-rollback");
	assert_int_equal(store_temp_name("unbound", "rollback", p, 10), -1);
}

/* --- zfs(8) argv -------------------------------------------------------- */

struct zcase {
	const char *name;
	enum zfs_op op;
	struct zfs_req r;
	const char *argv;	/* joined by ' ', or NULL */
	const char *msg;
};

static const struct zcase zcases[] = {
	{ "create", ZFS_OP_CREATE, { "zroot/jails/unbound", NULL, NULL,
	  "/jails/unbound", NULL }, "zfs create -o mountpoint=/jails/unbound "
	  "zroot/jails/unbound", NULL },
	{ "snapshot", ZFS_OP_SNAPSHOT, { "zroot/jails/unbound",
	  "before-upgrade", NULL, NULL, NULL }, "zfs snapshot "
	  "zroot/jails/unbound@before-upgrade", NULL },
	{ "rollback", ZFS_OP_ROLLBACK, { "zroot/jails/unbound",
	  "2026-11-29T10:15:00Z", NULL, NULL, NULL }, "zfs rollback -r "
	  "zroot/jails/unbound@2026-11-29T10:15:00Z", NULL },
	{ "clone", ZFS_OP_CLONE, { "zroot/jails/unbound", "base",
	  "zroot/jails/unbound2", "/jails/unbound2", NULL }, "zfs clone -o "
	  "mountpoint=/jails/unbound2 zroot/jails/unbound@base "
	  "zroot/jails/unbound2", NULL },
	{ "destroy", ZFS_OP_DESTROY, { "zroot/jails/unbound", NULL, NULL, NULL,
	  NULL }, "zfs destroy zroot/jails/unbound", NULL },
	{ "destroy a snapshot", ZFS_OP_DESTROY_SNAP, { "zroot/jails/unbound",
	  "old", NULL, NULL, NULL }, "zfs destroy zroot/jails/unbound@old",
	  NULL },
	{ "list snapshots", ZFS_OP_LIST_SNAPS, { "zroot/jails/unbound", NULL,
	  NULL, NULL, NULL }, "zfs list -H -p -t snapshot -o "
	  "name,creation,used -d 1 zroot/jails/unbound", NULL },
	{ "list", ZFS_OP_LIST, { "zroot/jails/unbound", NULL, NULL, NULL,
	  NULL }, "zfs list -H -p -o name,used,referenced,usedbysnapshots "
	  "zroot/jails/unbound", NULL },
	{ "which", ZFS_OP_WHICH, { NULL, NULL, NULL, NULL, "/jails" },
	  "zfs list -H -o name /jails", NULL },
	{ "a mountpoint with a blank is one argument", ZFS_OP_CREATE,
	  { "tank/j", NULL, NULL, "/srv/my jails/j", NULL },
	  "zfs create -o mountpoint=/srv/my jails/j tank/j", NULL },
	{ "a pool alone", ZFS_OP_LIST, { "tank", NULL, NULL, NULL, NULL },
	  "zfs list -H -p -o name,used,referenced,usedbysnapshots tank", NULL },
	/* refusals */
	{ "an option as dataset", ZFS_OP_DESTROY, { "-r", NULL, NULL, NULL,
	  NULL }, NULL, "ZFS dataset \"-r\": the pool name must start with a "
	  "letter" },
	{ "a dataset with a blank", ZFS_OP_DESTROY, { "zroot/a -r", NULL,
	  NULL, NULL, NULL }, NULL, "ZFS dataset \"zroot/a -r\": only letters, "
	  "digits, '_', '-', '.', ':' and '/'" },
	{ "a snapshot as dataset", ZFS_OP_DESTROY, { "zroot/a@x", NULL, NULL,
	  NULL, NULL }, NULL, "ZFS dataset \"zroot/a@x\": only letters, "
	  "digits, '_', '-', '.', ':' and '/'" },
	{ "an empty component", ZFS_OP_DESTROY, { "zroot//a", NULL, NULL,
	  NULL, NULL }, NULL, "ZFS dataset \"zroot//a\": an empty, \".\" or "
	  "\"..\" component" },
	{ "a trailing slash", ZFS_OP_DESTROY, { "zroot/a/", NULL, NULL, NULL,
	  NULL }, NULL, "ZFS dataset \"zroot/a/\": an empty, \".\" or \"..\" "
	  "component" },
	{ "a .. component", ZFS_OP_DESTROY, { "zroot/../a", NULL, NULL, NULL,
	  NULL }, NULL, "ZFS dataset \"zroot/../a\": an empty, \".\" or \"..\" "
	  "component" },
	{ "no dataset", ZFS_OP_DESTROY, { NULL, NULL, NULL, NULL, NULL }, NULL,
	  "ZFS dataset \"\": 1 to 255 bytes" },
	{ "a hostile snapshot", ZFS_OP_ROLLBACK, { "zroot/a", "-f", NULL,
	  NULL, NULL }, NULL, "invalid snapshot name \"-f\": it starts with "
	  "'-'" },
	{ "a snapshot with @", ZFS_OP_SNAPSHOT, { "zroot/a", "x@y", NULL, NULL,
	  NULL }, NULL, "invalid snapshot name \"x@y\": only letters, digits, "
	  "'.', '_', ':' and '-'" },
	{ "no snapshot", ZFS_OP_SNAPSHOT, { "zroot/a", NULL, NULL, NULL, NULL },
	  NULL, "zfs: no snapshot" },
	{ "a relative mountpoint", ZFS_OP_CREATE, { "zroot/a", NULL, NULL,
	  "jails/a", NULL }, NULL, "mountpoint \"jails/a\": not an absolute "
	  "path" },
	{ "no mountpoint", ZFS_OP_CLONE, { "zroot/a", "s", "zroot/b", NULL,
	  NULL }, NULL, "mountpoint \"\": not an absolute path" },
	{ "a mountpoint with a newline", ZFS_OP_CREATE, { "zroot/a", NULL,
	  NULL, "/j/a\nb", NULL }, NULL, "mountpoint: control character in "
	  "the path" },
	{ "an option as clone target", ZFS_OP_CLONE, { "zroot/a", "s", "-p",
	  "/j/b", NULL }, NULL, "ZFS dataset \"-p\": the pool name must start "
	  "with a letter" },
	{ "a relative path for which", ZFS_OP_WHICH, { NULL, NULL, NULL, NULL,
	  "-r" }, NULL, "path \"-r\": not an absolute path" },
};

static void
run_zcase(void **state)
{
	const struct zcase *c = *state;
	struct zfs_argv a;
	struct brig_err e;
	char joined[1024] = "";
	size_t i;

	if (c->msg) {
		assert_int_equal(zfs_build(c->op, &c->r, &a, &e), -1);
		assert_string_equal(e.msg, c->msg);
		return;
	}
	if (zfs_build(c->op, &c->r, &a, &e) != 0)
		fail_msg("%s", e.msg);
	for (i = 0; a.argv[i]; i++) {
		assert_true(i < ZFS_ARGV_MAX - 1);
		if (i)
			strcat(joined, " ");
		strcat(joined, a.argv[i]);
		/* nothing after "zfs VERB" that is not ours starts with - */
		if (i > 1 && a.argv[i][0] == '-')
			assert_true(strchr("opHtdr", a.argv[i][1]) &&
			    a.argv[i][2] == '\0');
	}
	assert_string_equal(joined, c->argv);
	if (c->r.mountpoint)	/* "-o" "mountpoint=..." is one argument */
		for (i = 0; a.argv[i]; i++)
			if (strncmp(a.argv[i], "mountpoint=", 11) == 0)
				assert_string_equal(a.argv[i] + 11,
				    c->r.mountpoint);
}

static void
test_zfs_dataset_lengths(void **state)
{
	char name[300];
	struct brig_err e;

	(void)state;
	memset(name, 'a', sizeof(name));
	name[255] = '\0';
	assert_int_equal(zfs_check_dataset(name, &e), 0);
	name[255] = 'a';
	name[256] = '\0';
	assert_int_equal(zfs_check_dataset(name, &e), -1);
	assert_int_equal(zfs_check_dataset("zroot/jails/a:b.c_d-e", &e), 0);
	assert_int_equal(zfs_check_dataset("1pool/a", &e), -1);
	assert_int_equal(zfs_check_dataset("zroot/.", &e), -1);
}

/* --- zfs list output ---------------------------------------------------- */

static void
test_zfs_parse_snaps(void **state)
{
	const char *out =
	    "zroot/jails/unbound@before-upgrade\t1700000000\t12345\n"
	    "zroot/jails/unbound@2026-11-29T10:15:00Z\t1795947300\t0\n"
	    "zroot/jails/unbound2@other\t1700000001\t1\n"	/* not ours */
	    "zroot/jails/unbound/child@x\t1700000002\t1\n"	/* nor this */
	    "zroot/jails/unbound@odd%name\t1700000003\t1\n"	/* not brig's */
	    "\n"
	    "zroot/jails/unbound@na\t1700000004\t-\n";
	struct store_snap *v;
	struct brig_err e;
	size_t n;

	(void)state;
	assert_int_equal(zfs_parse_snaps(out, "zroot/jails/unbound", &v, &n,
	    &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].name, "before-upgrade");
	assert_int_equal(v[0].time, 1700000000);
	assert_int_equal(v[0].used, 12345);
	assert_string_equal(v[1].name, "2026-11-29T10:15:00Z");
	assert_int_equal(v[1].time, 1795947300);
	assert_int_equal(v[1].used, 0);
	assert_string_equal(v[2].name, "na");
	assert_int_equal(v[2].used, -1);
	free(v);

	assert_int_equal(zfs_parse_snaps("", "zroot/a", &v, &n, &e), 0);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(zfs_parse_snaps("zroot/a@x\t17\t1", "zroot/a", &v,
	    &n, &e), 0);	/* no final newline */
	assert_int_equal(n, 1);
	free(v);
}

static void
test_zfs_parse_snaps_bad(void **state)
{
	static const struct {
		const char *out, *msg;
	} c[] = {
		{ "zroot/a@x 17 1\n", "zfs list: unexpected line 1: "
		  "\"zroot/a@x 17 1\"" },
		{ "zroot/a@x\t17\n", "zfs list: unexpected line 1: "
		  "\"zroot/a@x\t17\"" },
		{ "zroot/a@y\t1\t1\nzroot/a@x\t17\t1\textra\n", "zfs list: "
		  "unexpected line 2: \"zroot/a@x\t17\t1\textra\"" },
		{ "zroot/a@x\t17e\t1\n", "zfs list: unexpected line 1: "
		  "\"zroot/a@x\t17e\t1\"" },
		{ "zroot/a@x\t-17\t1\n", "zfs list: unexpected line 1: "
		  "\"zroot/a@x\t-17\t1\"" },
		{ "zroot/a@x\t17\t\n", "zfs list: unexpected line 1: "
		  "\"zroot/a@x\t17\t\"" },
		{ "zroot/a@x\t9999999999999999999\t1\n", "zfs list: unexpected "
		  "line 1: \"zroot/a@x\t9999999999999999999\t1\"" },
	};
	struct store_snap *v;
	struct brig_err e;
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(zfs_parse_snaps(c[i].out, "zroot/a", &v, &n,
		    &e), -1);
		assert_string_equal(e.msg, c[i].msg);
	}
}

static void
test_zfs_parse_usage(void **state)
{
	struct store_usage u;
	struct brig_err e;
	char buf[64];

	(void)state;
	assert_int_equal(zfs_parse_usage("zroot/a\t300\t200\t100\n", "zroot/a",
	    &u, &e), 0);
	assert_int_equal(u.used, 200);
	assert_int_equal(u.snapshots, 100);
	assert_string_equal(u.method, "zfs");
	assert_int_equal(zfs_parse_usage("zroot/b\t300\t200\t100\n", "zroot/a",
	    &u, &e), -1);
	assert_int_equal(zfs_parse_usage("zroot/a\t300\t200\n", "zroot/a",
	    &u, &e), -1);
	assert_int_equal(zfs_parse_usage("", "zroot/a", &u, &e), -1);

	assert_int_equal(zfs_parse_which("zroot/jails\n", buf, sizeof(buf),
	    &e), 0);
	assert_string_equal(buf, "zroot/jails");
	assert_int_equal(zfs_parse_which("\n", buf, sizeof(buf), &e), -1);
	assert_int_equal(zfs_parse_which("-r\n", buf, sizeof(buf), &e), -1);
	assert_int_equal(zfs_parse_which("zroot/jails\n", buf, 5, &e), -1);
}

/* --- the hard link map -------------------------------------------------- */

static void
test_inode_map(void **state)
{
	struct store_inode_map m = { NULL, 0, 0 };
	char path[32];
	ino_t i;

	(void)state;
	assert_null(store_inode_find(&m, 1, 1));
	for (i = 1; i <= 5000; i++) {
		snprintf(path, sizeof(path), "d/%lu", (unsigned long)i);
		assert_int_equal(store_inode_add(&m, (dev_t)(i % 3), i, path),
		    0);
	}
	assert_int_equal(m.n, 5000);
	assert_true(m.cap >= 10000);
	assert_string_equal(store_inode_find(&m, 1, 4), "d/4");
	assert_string_equal(store_inode_find(&m, 2, 5000), "d/5000");
	assert_null(store_inode_find(&m, 0, 4));	/* other device */
	assert_null(store_inode_find(&m, 1, 5001));
	/* the first path stays */
	assert_int_equal(store_inode_add(&m, 1, 4, "elsewhere"), 0);
	assert_string_equal(store_inode_find(&m, 1, 4), "d/4");
	assert_int_equal(m.n, 5000);
	store_inode_free(&m);
	assert_null(store_inode_find(&m, 1, 4));
	store_inode_free(&m);
}

/* --- copying and removing a tree --------------------------------------- */

struct tree {
	char dir[64];
	int fd;
};

static int
tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	snprintf(t->dir, sizeof(t->dir), "/tmp/t_store.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	t->fd = open(t->dir, O_RDONLY | O_DIRECTORY);
	*state = t;
	return t->fd == -1 ? -1 : 0;
}

static int
tree_teardown(void **state)
{
	struct tree *t = *state;
	struct brig_err e;
	char parent[64], base[64];

	store_split(t->dir, parent, sizeof(parent), base, sizeof(base));
	close(t->fd);
	{
		int pfd = open(parent, O_RDONLY | O_DIRECTORY);

		store_remove_tree(pfd, base, &e);
		close(pfd);
	}
	free(t);
	return 0;
}

static void
put_file(int dirfd, const char *name, const char *data, mode_t mode)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void
make_src(int fd)
{
	struct timespec old[2] = { { 1000000000, 5 }, { 1000000000, 7 } };
	int sfd;

	assert_int_equal(mkdirat(fd, "src", 0755), 0);
	sfd = openat(fd, "src", O_RDONLY | O_DIRECTORY);
	assert_int_equal(mkdirat(sfd, "etc", 0755), 0);
	put_file(sfd, "etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644);
	put_file(sfd, "suid", "#!/bin/sh\n", 04755);
	assert_int_equal(linkat(sfd, "etc/passwd", sfd, "hardlink", 0), 0);
	assert_int_equal(symlinkat("/etc", sfd, "escape"), 0);
	assert_int_equal(symlinkat("../../../../etc/shadow", sfd, "up"), 0);
	assert_int_equal(mkfifoat(sfd, "fifo", 0600), 0);
	assert_int_equal(mkdirat(sfd, "ro", 0755), 0);
	put_file(sfd, "ro/f", "x", 0400);
	assert_int_equal(fchmodat(sfd, "ro", 0555, 0), 0);
	assert_int_equal(utimensat(sfd, "etc/passwd", old, 0), 0);
	{	/* user xattrs, where the filesystem has them */
		int f = openat(sfd, "suid", O_RDONLY);

		if (fsetxattr(f, "user.brig", "kept", 4, 0) == -1)
			assert_true(errno == ENOTSUP);
		close(f);
	}
	{	/* sparse: 1 MiB hole, 1 byte */
		int f = openat(sfd, "sparse", O_WRONLY | O_CREAT, 0600);

		assert_int_equal(pwrite(f, "z", 1, 1 << 20), 1);
		close(f);
	}
	close(sfd);
}

static void
test_copy_tree(void **state)
{
	struct tree *t = *state;
	struct store_stats st;
	struct brig_err e;
	struct stat a, b;
	char link[64];
	int sfd, dfd;

	make_src(t->fd);
	sfd = openat(t->fd, "src", O_RDONLY | O_DIRECTORY);
	if (store_copy_tree(sfd, t->fd, "copy", &st, &e) != 0)
		fail_msg("%s", e.msg);
	dfd = openat(t->fd, "copy", O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	/* the link is a link, with its own target, not what it names */
	assert_int_equal(readlinkat(dfd, "escape", link, sizeof(link)), 4);
	assert_memory_equal(link, "/etc", 4);
	assert_int_equal(fstatat(dfd, "escape", &a, AT_SYMLINK_NOFOLLOW), 0);
	assert_true(S_ISLNK(a.st_mode));
	assert_int_equal(fstatat(dfd, "up", &a, AT_SYMLINK_NOFOLLOW), 0);
	assert_true(S_ISLNK(a.st_mode));
	/* hard links stay one inode */
	assert_int_equal(fstatat(dfd, "hardlink", &a, 0), 0);
	assert_int_equal(fstatat(dfd, "etc/passwd", &b, 0), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(b.st_nlink, 2);
	assert_int_equal(b.st_mtim.tv_sec, 1000000000);
	assert_int_equal(b.st_mtim.tv_nsec, 7);
	/* modes, set-uid included, a fifo, a read-only directory */
	assert_int_equal(fstatat(dfd, "suid", &a, 0), 0);
	assert_int_equal(a.st_mode & 07777, 04755);
	{
		char v[8] = "";
		int f = openat(dfd, "suid", O_RDONLY), o = openat(sfd, "suid",
		    O_RDONLY);

		if (fgetxattr(o, "user.brig", v, sizeof(v)) == 4) {
			memset(v, 0, sizeof(v));
			assert_int_equal(fgetxattr(f, "user.brig", v,
			    sizeof(v)), 4);
			assert_string_equal(v, "kept");
		}
		close(f);
		close(o);
	}
	assert_int_equal(fstatat(dfd, "fifo", &a, AT_SYMLINK_NOFOLLOW), 0);
	assert_true(S_ISFIFO(a.st_mode));
	assert_int_equal(fstatat(dfd, "ro", &a, 0), 0);
	assert_int_equal(a.st_mode & 07777, 0555);
	assert_int_equal(fstatat(dfd, "ro/f", &a, 0), 0);
	assert_int_equal(a.st_mode & 07777, 0400);
	/* sparse stays sparse */
	assert_int_equal(fstatat(dfd, "sparse", &a, 0), 0);
	assert_int_equal(a.st_size, (1 << 20) + 1);
	assert_true(a.st_blocks * 512 < 1 << 20);
	assert_int_equal(st.bytes, 26 + 10 + 1 + (1 << 20) + 1);
	assert_int_equal(st.reflinked + st.copied, 4);
	assert_int_equal(st.skipped, 0);
	/* a second copy to the same name is refused, the first stays */
	assert_int_equal(store_copy_tree(sfd, t->fd, "copy", &st, &e), -1);
	assert_string_equal(e.msg, "create copy");
	assert_int_equal(e.errnum, EEXIST);
	assert_int_equal(fstatat(dfd, "suid", &a, 0), 0);
	close(dfd);
	close(sfd);
}

static void
test_remove_tree(void **state)
{
	struct tree *t = *state;
	struct brig_err e;
	struct stat sb;
	int ofd;

	/* outside: a directory the tree's links point to */
	assert_int_equal(mkdirat(t->fd, "outside", 0755), 0);
	ofd = openat(t->fd, "outside", O_RDONLY | O_DIRECTORY);
	put_file(ofd, "keep", "precious", 0644);
	make_src(t->fd);
	assert_int_equal(symlinkat("../outside", t->fd, "src/out"), 0);
	{
		char abs[128];

		snprintf(abs, sizeof(abs), "%s/outside", t->dir);
		assert_int_equal(symlinkat(abs, t->fd, "src/etc/abs"), 0);
	}
	if (store_remove_tree(t->fd, "src", &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(fstatat(t->fd, "src", &sb, AT_SYMLINK_NOFOLLOW), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(fstatat(ofd, "keep", &sb, 0), 0);
	/* a missing name is success */
	assert_int_equal(store_remove_tree(t->fd, "src", &e), 0);
	/* a link is removed, never what it points to */
	assert_int_equal(symlinkat("outside", t->fd, "l"), 0);
	assert_int_equal(store_remove_tree(t->fd, "l", &e), 0);
	assert_int_equal(fstatat(ofd, "keep", &sb, 0), 0);
	close(ofd);
}

static void
test_tree_blocks(void **state)
{
	struct tree *t = *state;
	struct brig_err e;
	int64_t one, two;
	int fd;

	assert_int_equal(mkdirat(t->fd, "m", 0755), 0);
	fd = openat(t->fd, "m", O_RDONLY | O_DIRECTORY);
	{
		char big[65536];
		int f = openat(fd, "a", O_WRONLY | O_CREAT, 0644);

		memset(big, 'x', sizeof(big));
		assert_int_equal(write(f, big, sizeof(big)), sizeof(big));
		fsync(f);
		close(f);
	}
	assert_int_equal(store_tree_blocks(fd, &one, &e), 0);
	assert_true(one >= 65536);
	/* a hard link is counted once */
	assert_int_equal(linkat(fd, "a", fd, "b", 0), 0);
	assert_int_equal(store_tree_blocks(fd, &two, &e), 0);
	assert_int_equal(one, two);
	close(fd);
}

int
main(void)
{
	size_t n = sizeof(zcases) / sizeof(zcases[0]), i;
	struct CMUnitTest *tests = calloc(n + 20, sizeof(*tests));

	for (i = 0; i < n; i++) {
		tests[i].name = zcases[i].name;
		tests[i].test_func = run_zcase;
		tests[i].initial_state = (void *)(uintptr_t)&zcases[i];
	}
#define T(f) tests[n++] = (struct CMUnitTest)cmocka_unit_test(f)
#define TT(f) tests[n++] = (struct CMUnitTest) \
	cmocka_unit_test_setup_teardown(f, tree_setup, tree_teardown)
	T(test_jail_names);
	T(test_snap_names);
	T(test_roots);
	T(test_default_snap_name);
	T(test_human);
	T(test_how);
	T(test_open_refusals);
	T(test_split);
	T(test_zfs_dataset_lengths);
	T(test_zfs_parse_snaps);
	T(test_zfs_parse_snaps_bad);
	T(test_zfs_parse_usage);
	T(test_inode_map);
	TT(test_copy_tree);
	TT(test_remove_tree);
	TT(test_tree_blocks);
	return _cmocka_run_group_tests("store", tests, n, NULL, NULL);
}
