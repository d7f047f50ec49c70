/* A jail's /dev: brig's devfs rulesets (FreeBSD's numbering, see devfs.h)
 * over a tmpfs that rootfs.c mounted.  The tables are the whole policy:
 * rulesets[] says which names a ruleset holds, nodes[] how each is made. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/magic.h>

#include "devfs.h"
#include "rootfs.h"
#include "../util/path.h"

enum devfs_kind {
	DEVFS_CHR,		/* a character device, the host's numbers */
	DEVFS_LINK,		/* a symbolic link to target */
	DEVFS_DEVPTS,		/* a directory, a new devpts on it */
};

/* The host's device numbers are Linux's fixed ones
 * (Documentation/admin-guide/devices.txt); the modes those of udev's
 * defaults for the same nodes. */
static const struct devfs_node {
	const char *name;
	enum devfs_kind kind;
	unsigned major, minor;
	mode_t mode;
	const char *target;
} nodes[] = {
	{ "null",	DEVFS_CHR, 1, 3, 0666, NULL },
	{ "zero",	DEVFS_CHR, 1, 5, 0666, NULL },
	{ "full",	DEVFS_CHR, 1, 7, 0666, NULL },
	{ "random",	DEVFS_CHR, 1, 8, 0666, NULL },
	{ "urandom",	DEVFS_CHR, 1, 9, 0666, NULL },
	{ "tty",	DEVFS_CHR, 5, 0, 0666, NULL },
	{ "fuse",	DEVFS_CHR, 10, 229, 0666, NULL },
	{ "net/tun",	DEVFS_CHR, 10, 200, 0666, NULL },
	{ "pts",	DEVFS_DEVPTS, 0, 0, 0755, NULL },
	{ "ptmx",	DEVFS_LINK, 0, 0, 0, "pts/ptmx" },
	{ "fd",		DEVFS_LINK, 0, 0, 0, "/proc/self/fd" },
	{ "stdin",	DEVFS_LINK, 0, 0, 0, "/proc/self/fd/0" },
	{ "stdout",	DEVFS_LINK, 0, 0, 0, "/proc/self/fd/1" },
	{ "stderr",	DEVFS_LINK, 0, 0, 0, "/proc/self/fd/2" },
};

/* FreeBSD's devfsrules_unhide_basic without crypto (no Linux node) and
 * with full; devfsrules_unhide_login with Linux's ptys (a devpts instance)
 * in place of the BSD pty names. */
#define RS_BASIC "null", "zero", "full", "random", "urandom"
#define RS_LOGIN "pts", "ptmx", "tty", "fd", "stdin", "stdout", "stderr"

static const char *const rs_hide_all[] = { NULL };
static const char *const rs_basic[] = { RS_BASIC, NULL };
static const char *const rs_login[] = { RS_LOGIN, NULL };
/* devfsrules_jail: zfs has no Linux node. */
static const char *const rs_jail[] = { RS_BASIC, RS_LOGIN, "fuse", NULL };
/* devfsrules_jail_vnet: pf has no Linux node; a VNET jail gets tun. */
static const char *const rs_jail_vnet[] = { RS_BASIC, RS_LOGIN, "fuse",
	"net/tun", NULL };

static const char *const *const rulesets[DEVFS_RULESET_MAX + 1] = {
	rs_jail,	/* 0: FreeBSD's whole devfs, which brig never gives */
	rs_hide_all,
	rs_basic,
	rs_login,
	rs_jail,
	rs_jail_vnet,
};

const char *const *
devfs_ruleset_nodes(unsigned ruleset)
{
	return ruleset <= DEVFS_RULESET_MAX ? rulesets[ruleset] : NULL;
}

static const struct devfs_node *
find_node(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++)
		if (strcmp(nodes[i].name, name) == 0)
			return &nodes[i];
	return NULL;
}

/* The options of every devpts brig mounts: Linux's usual mode and gid
 * (group tty, 5), ptmxmode=0666 so that anyone may open a pty, and max=
 * from the jail's pseudoterminals rule (max < 0: none, the kernel's
 * 1 << 20).  A reconfigure resets each option it is not given to its
 * default (fs/devpts/inode.c, devpts_reconfigure()), so it gets them
 * all again. */
static int
pts_options(int fs, long long max)
{
	static const char *const opts[][2] = {
		{ "ptmxmode", "0666" }, { "mode", "0620" }, { "gid", "5" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (fsconfig(fs, FSCONFIG_SET_STRING, opts[i][0], opts[i][1],
		    0) == -1)
			return -1;
	if (max < 0)
		return 0;
	snprintf(buf, sizeof(buf), "%lld", max);
	return fsconfig(fs, FSCONFIG_SET_STRING, "max", buf, 0);
}

/* The kernel's words about a failed fsconfig(2) (rootfs_fs_log()), errno
 * kept for the err_sys() they go into. */
static const char *
fs_log(int fs, char *buf, size_t len)
{
	int saved = errno;
	const char *s = fs == -1 ? "" : rootfs_fs_log(fs, buf, len);

	errno = saved;
	return s;
}

/* A new devpts instance on dirfd/pts, mounted by fd: each jail has its own
 * ptys, and /dev/ptmx (a link to pts/ptmx) opens in it. */
static int
mount_devpts(int dirfd, const char *name, long long max, struct brig_err *e)
{
	int fs = -1, mnt = -1, target = -1, rc = -1;
	char log[160];

	if (mkdirat(dirfd, name, 0755) == -1 ||
	    (target = openat(dirfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		err_sys(e, "create /dev/%s", name);
		goto out;
	}
	if ((fs = fsopen("devpts", FSOPEN_CLOEXEC)) == -1 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "source", "devpts", 0) == -1 ||
	    fsconfig(fs, FSCONFIG_SET_FLAG, "newinstance", NULL, 0) == -1 ||
	    pts_options(fs, max) == -1 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == -1 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NOEXEC)) == -1 ||
	    move_mount(mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) == -1) {
		err_sys(e, "mount devpts on /dev/%s%s", name, fs_log(fs, log,
		    sizeof(log)));
		goto out;
	}
	rc = 0;
out:
	if (mnt != -1)
		close(mnt);
	if (fs != -1)
		close(fs);
	if (target != -1)
		close(target);
	return rc;
}

int
devfs_pts_open(int rootfd, int *fd, struct brig_err *e)
{
	struct stat host, st;
	struct statfs sf;
	int pts;

	*fd = -1;
	/* No link followed anywhere (one is no devpts of brig's): the
	 * jail's root owns its /dev. */
	pts = path_open_in_root(rootfd, "/dev/pts", O_PATH | O_DIRECTORY |
	    O_NOFOLLOW, 0, e);
	if (pts == -1)
		return e->errnum == ENOENT || e->errnum == ENOTDIR ||
		    e->errnum == ELOOP ? 0 : -1;
	if (fstatfs(pts, &sf) == -1 || fstat(pts, &st) == -1) {
		err_sys(e, "stat the jail's /dev/pts");
		close(pts);
		return -1;
	}
	/* A devpts, and not the host's (a jail has no way to it, but a
	 * reconfigure there would change the host's ptys). */
	if (sf.f_type != DEVPTS_SUPER_MAGIC || (stat("/dev/pts", &host) == 0 &&
	    host.st_dev == st.st_dev)) {
		close(pts);
		return 0;
	}
	*fd = pts;
	return 0;
}

int
devfs_pts_set_max(int ptsfd, long long max, struct brig_err *e)
{
	char log[160], what[48];
	int fs, rc = 0;

	if (max < 0)
		snprintf(what, sizeof(what), "the kernel's max=");
	else
		snprintf(what, sizeof(what), "max=%lld", max);
	/* EINVAL: ptsfd is inside a devpts, not the root of one. */
	if ((fs = fspick(ptsfd, "", FSPICK_EMPTY_PATH | FSPICK_CLOEXEC |
	    FSPICK_NO_AUTOMOUNT)) == -1)
		return err_sys(e, "set %s on /dev/pts", what);
	if (pts_options(fs, max) == -1 ||
	    fsconfig(fs, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0) == -1)
		rc = err_sys(e, "set %s on /dev/pts%s", what, fs_log(fs, log,
		    sizeof(log)));
	close(fs);
	return rc;
}

/* "net/tun": its directory first (one level is all the table needs). */
static int
make_parent(int dirfd, const char *name, struct brig_err *e)
{
	const char *slash = strrchr(name, '/');
	char dir[64];

	if (slash == NULL)
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - name), name);
	if (mkdirat(dirfd, dir, 0755) == 0 &&
	    fchmodat(dirfd, dir, 0755, 0) == 0)
		return 0;
	if (errno != EEXIST)
		return err_sys(e, "create /dev/%s", dir);
	return 0;
}

static int
make_node(int dirfd, const struct devfs_node *n, long long pty_max,
    struct brig_err *e)
{
	if (make_parent(dirfd, n->name, e) == -1)
		return -1;
	switch (n->kind) {
	case DEVFS_CHR:
		/* fchmodat after mknodat: the umask must not narrow 0666.
		 * The name was just made in a fresh tmpfs: no link there. */
		if (mknodat(dirfd, n->name, S_IFCHR | n->mode,
		    makedev(n->major, n->minor)) == -1 ||
		    fchmodat(dirfd, n->name, n->mode, 0) == -1)
			return err_sys(e, "create /dev/%s (%u:%u)", n->name,
			    n->major, n->minor);
		return 0;
	case DEVFS_LINK:
		if (symlinkat(n->target, dirfd, n->name) == -1)
			return err_sys(e, "create /dev/%s -> %s", n->name,
			    n->target);
		return 0;
	case DEVFS_DEVPTS:
		return mount_devpts(dirfd, n->name, pty_max, e);
	default:
		return err_fmt(e, "/dev/%s: unknown node kind %d", n->name,
		    (int)n->kind);
	}
}

int
devfs_populate(int dirfd, unsigned ruleset, long long pty_max,
    struct brig_err *e)
{
	const char *const *name = devfs_ruleset_nodes(ruleset);
	const struct devfs_node *n;

	if (name == NULL)
		return err_fmt(e, "devfs ruleset %u does not exist (brig has "
		    "FreeBSD's 0 to %d)", ruleset, DEVFS_RULESET_MAX);
	for (; *name != NULL; name++) {
		if ((n = find_node(*name)) == NULL)
			return err_fmt(e, "devfs ruleset %u: no node %s",
			    ruleset, *name);
		if (make_node(dirfd, n, pty_max, e) == -1)
			return -1;
	}
	return 0;
}
