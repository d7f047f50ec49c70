/* A jail's file system view, built by the setup child in its new mount
 * namespace (see rootfs.h).  Every mount uses the new mount API (Linux
 * 5.12 for mount_setattr): a file system is configured and mounted
 * detached (fsopen, fsconfig, fsmount) or a tree cloned (open_tree), its
 * flags set while nobody can see it yet (mount_setattr), and it is then
 * attached with move_mount to a target given as an O_PATH descriptor that
 * path_open_in_root() resolved inside the jail's root.  No mount ever
 * walks a path string a jail could have prepared (runc CVE-2021-30465,
 * CVE-2025-31133). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "devfs.h"
#include "rootfs.h"
#include "../util/path.h"
#include "../util/sys.h"

/* --- fstab(5) ------------------------------------------------------------- */

enum fs_type {
	FS_NULLFS,		/* a bind mount of a host directory */
	FS_TMPFS,
	FS_PROCFS,
	FS_NTYPES
};

static const char *const fs_types[FS_NTYPES] = {
	[FS_NULLFS] = "nullfs",
	[FS_TMPFS] = "tmpfs",
	[FS_PROCFS] = "procfs",
};

/* Names a FreeBSD or Linux fstab may hold that brig refuses with a pointer
 * to what it takes instead.  A jail has exactly one /dev, made by brig
 * from its ruleset (mount.devfs, devfs_ruleset), so devfs and fdescfs
 * lines would only fight it; /sys is brig's too. */
static const struct {
	const char *name;
	const char *hint;
} fs_refused[] = {
	{ "devfs", "use mount.devfs and devfs_ruleset" },
	{ "fdescfs", "use mount.fdescfs" },
	{ "bind", "a bind mount is nullfs (FreeBSD's name)" },
	{ "none", "a bind mount is nullfs (FreeBSD's name)" },
	{ "proc", "use procfs (FreeBSD's name)" },
	{ "linprocfs", "use procfs: it is Linux's own" },
	{ "sysfs", "brig mounts /sys itself, read-only" },
	{ "linsysfs", "brig mounts /sys itself, read-only" },
};

#define T_ALL ((1u << FS_NTYPES) - 1)
#define T_TMPFS (1u << FS_TMPFS)

/* mount(8) options, FreeBSD's names.  An option either changes the mount's
 * flags (set, clear) or is handed to the file system as key=value. */
static const struct fs_opt {
	const char *name;
	unsigned types;		/* the fs_type bits that take it */
	unsigned set, clear;	/* MOUNT_ATTR_* */
	const char *key;	/* fsconfig(2) key; the option needs =value */
} fs_opts[] = {
	{ "ro", T_ALL, MOUNT_ATTR_RDONLY, 0, NULL },
	{ "rdonly", T_ALL, MOUNT_ATTR_RDONLY, 0, NULL },
	{ "rw", T_ALL, 0, MOUNT_ATTR_RDONLY, NULL },
	{ "nosuid", T_ALL, MOUNT_ATTR_NOSUID, 0, NULL },
	{ "noexec", T_ALL, MOUNT_ATTR_NOEXEC, 0, NULL },
	{ "noatime", T_ALL, MOUNT_ATTR_NOATIME, 0, NULL },
	/* late: mount(8) -a -l; a jail's mounts are all made at start. */
	{ "late", T_ALL, 0, 0, NULL },
	{ "size", T_TMPFS, 0, 0, "size" },
	{ "mode", T_TMPFS, 0, 0, "mode" },
	{ "uid", T_TMPFS, 0, 0, "uid" },
	{ "gid", T_TMPFS, 0, 0, "gid" },
	{ "inodes", T_TMPFS, 0, 0, "nr_inodes" },
};

#define MAX_KV 8

/* An options field, parsed: flags and the fsconfig pairs (into buf). */
struct fs_optset {
	unsigned attr;
	unsigned nkv;
	const char *key[MAX_KV];
	const char *val[MAX_KV];
	char buf[512];
};

static int
parse_type(const char *name, struct brig_err *e)
{
	size_t i;

	for (i = 0; i < FS_NTYPES; i++)
		if (strcmp(name, fs_types[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(fs_refused) / sizeof(fs_refused[0]); i++)
		if (strcmp(name, fs_refused[i].name) == 0)
			return err_fmt(e, "file system type \"%s\" is not "
			    "taken here: %s", name, fs_refused[i].hint);
	return err_fmt(e, "unknown file system type \"%s\" (brig mounts "
	    "nullfs, tmpfs and procfs)", name);
}

static const struct fs_opt *
find_opt(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(fs_opts) / sizeof(fs_opts[0]); i++)
		if (strcmp(name, fs_opts[i].name) == 0)
			return &fs_opts[i];
	return NULL;
}

static int
add_opt(struct fs_optset *o, char *opt, enum fs_type type,
    struct brig_err *e)
{
	char *val = strchr(opt, '=');
	const struct fs_opt *d;

	if (val != NULL)
		*val++ = '\0';
	if ((d = find_opt(opt)) == NULL)
		return err_fmt(e, "unknown option \"%s\"", opt);
	if (!(d->types & (1u << type)))
		return err_fmt(e, "option \"%s\" does not apply to %s", opt,
		    fs_types[type]);
	if (d->key == NULL && val != NULL)
		return err_fmt(e, "option \"%s\" takes no value", opt);
	if (d->key != NULL && (val == NULL || *val == '\0'))
		return err_fmt(e, "option \"%s\" needs a value (%s=...)", opt,
		    opt);
	o->attr = (o->attr & ~d->clear) | d->set;
	if (d->key != NULL) {
		if (o->nkv == MAX_KV)
			return err_fmt(e, "more than %d options", MAX_KV);
		o->key[o->nkv] = d->key;
		o->val[o->nkv++] = val;
	}
	return 0;
}

static int
parse_options(const char *options, enum fs_type type, struct fs_optset *o,
    struct brig_err *e)
{
	char *p = o->buf, *opt;

	o->attr = 0;
	o->nkv = 0;
	if (strlen(options) >= sizeof(o->buf))
		return err_fmt(e, "options longer than %zu bytes",
		    sizeof(o->buf) - 1);
	memcpy(o->buf, options, strlen(options) + 1);
	while ((opt = strsep(&p, ",")) != NULL)
		if (*opt != '\0' && add_opt(o, opt, type, e) == -1)
			return -1;
	return 0;
}

/* fstab(5) fields are vis(3)-encoded (FreeBSD's getfsent runs strunvis on
 * source and target): \040 is a space.  Decoded in place: octal \ooo,
 * \\, \s, \t, \n. */
static int
unvis(char *s, const char *what, struct brig_err *e)
{
	char *w = s;
	int n, v;

	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		s++;
		for (n = 0, v = 0; n < 3 && s[n] >= '0' && s[n] <= '7'; n++)
			v = v * 8 + (s[n] - '0');
		if (n > 0 && v > 0 && v < 256) {
			*w++ = (char)v;
			s += n - 1;
		} else if (*s == '\\' || *s == 's' || *s == 't' || *s == 'n')
			*w++ = *s == 's' ? ' ' : *s == 't' ? '\t' :
			    *s == 'n' ? '\n' : '\\';
		else
			return err_fmt(e, "%s: bad escape \"\\%.1s\"", what, s);
	}
	*w = '\0';
	return 0;
}

static int
check_number(const char *s, const char *what, struct brig_err *e)
{
	if (s == NULL)
		return 0;
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s))
		return err_fmt(e, "%s \"%s\" is not a number", what, s);
	return 0;
}

/* Split into at most 6 fields; a field that starts with '#' starts a
 * comment (FreeBSD: only the first; brig also allows one at the end). */
static int
split_fields(char *line, char **f, struct brig_err *e)
{
	char *p = line, *c;
	int n = 0;

	while ((c = strsep(&p, " \t\r\n")) != NULL) {
		if (*c == '\0')
			continue;
		if (*c == '#')
			break;
		if (n == 6)
			return err_fmt(e, "extra field \"%s\" after dump and "
			    "pass", c);
		f[n++] = c;
	}
	return n;
}

static int
check_fields(char **f, int n, struct brig_err *e)
{
	struct fs_optset o;
	size_t len;
	int type;

	if (n < 4)
		return err_fmt(e, "too few fields (fstab(5): source target "
		    "type options [dump [pass]])");
	if (unvis(f[0], "source", e) == -1 || unvis(f[1], "target", e) == -1)
		return -1;
	/* FreeBSD's fixfsfile(): a trailing slash on the target goes. */
	while ((len = strlen(f[1])) > 1 && f[1][len - 1] == '/')
		f[1][len - 1] = '\0';
	if (f[1][0] != '/')
		return err_fmt(e, "target \"%s\" is not an absolute path (in "
		    "the jail)", f[1]);
	if (strcmp(f[1], "/") == 0)
		return err_fmt(e, "target \"/\" would cover the jail's root");
	if ((type = parse_type(f[2], e)) == -1 ||
	    parse_options(f[3], (enum fs_type)type, &o, e) == -1 ||
	    check_number(n > 4 ? f[4] : NULL, "dump", e) == -1 ||
	    check_number(n > 5 ? f[5] : NULL, "pass", e) == -1)
		return -1;
	if (type == FS_NULLFS && f[0][0] != '/')
		return err_fmt(e, "nullfs source \"%s\" is not an absolute "
		    "path (on the host)", f[0]);
	return 0;
}

int
rootfs_parse_fstab_line(char *line, struct rootfs_mount *m,
    struct brig_err *e)
{
	size_t len = strcspn(line, "\r\n");
	char shown[72], *f[6];
	int n;

	/* For messages, before strsep cuts the line up. */
	if (len > 60)
		snprintf(shown, sizeof(shown), "%.57s...", line);
	else
		snprintf(shown, sizeof(shown), "%.*s", (int)len, line);
	if ((n = split_fields(line, f, e)) == -1 ||
	    (n > 0 && check_fields(f, n, e) == -1))
		return err_ctx(e, "fstab line \"%s\"", shown);
	memset(m, 0, sizeof(*m));
	if (n == 0)
		return 0;	/* blank or a comment: target NULL */
	m->source = f[0];
	m->target = f[1];
	m->type = f[2];
	m->options = f[3];
	return 0;
}

/* --- mounting by file descriptor ------------------------------------------ */

/* The kernel's own words about a failed fsconfig, from the file system
 * context's log ("e tmpfs: Bad value for 'size'"), as " (...)", or "". */
const char *
rootfs_fs_log(int fs, char *buf, size_t len)
{
	ssize_t n = read(fs, buf + 2, len - 4);

	if (n > 0 && buf[n + 1] == '\n')
		n--;
	if (n <= 2 || buf[2] != 'e' || buf[3] != ' ')
		return "";
	buf[0] = ' ';
	buf[1] = '(';
	memmove(buf + 2, buf + 4, (size_t)n - 2);
	buf[n] = ')';
	buf[n + 1] = '\0';
	return buf;
}

/* A fresh file system, configured and mounted detached (not yet visible
 * anywhere); returns the mount's fd. */
static int
new_fs(const char *type, const char *source, const struct fs_optset *o,
    unsigned attr, struct brig_err *e)
{
	char log[256];
	const char *klog;
	int fs, mnt = -1, saved;
	unsigned i;

	/* The source only names the mount in mountinfo and df(1). */
	if ((fs = fsopen(type, FSOPEN_CLOEXEC)) == -1 ||
	    fsconfig(fs, FSCONFIG_SET_STRING, "source", source, 0) == -1) {
		err_sys(e, "create a %s file system", type);
		goto out;
	}
	for (i = 0; o != NULL && i < o->nkv; i++)
		if (fsconfig(fs, FSCONFIG_SET_STRING, o->key[i], o->val[i],
		    0) == -1) {
			saved = errno;
			klog = rootfs_fs_log(fs, log, sizeof(log));
			errno = saved;
			err_sys(e, "%s option %s=%s%s", type, o->key[i],
			    o->val[i], klog);
			goto out;
		}
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == -1 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, attr)) == -1)
		err_sys(e, "create a %s file system", type);
out:
	if (fs != -1)
		close(fs);
	return mnt;
}

/* A detached copy of the mount tree at fd (recursive: with the mounts
 * under it), with attr set on every mount of the copy. */
static int
clone_tree(int fd, bool recursive, unsigned attr, struct brig_err *e)
{
	struct mount_attr ma;
	int tree;

	tree = open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
	    AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0));
	if (tree == -1)
		return err_sys(e, "clone a mount");
	if (attr == 0)
		return tree;
	memset(&ma, 0, sizeof(ma));
	ma.attr_set = attr;
	/* The atime modes are one field: replaced whole (mount_setattr(2)). */
	if (attr & MOUNT_ATTR__ATIME)
		ma.attr_clr = MOUNT_ATTR__ATIME;
	if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &ma,
	    sizeof(ma)) == -1) {
		err_sys(e, "set mount flags %#x", attr);
		close(tree);
		return -1;
	}
	return tree;
}

/* Attach the detached mount mnt on the target fd; closes nothing. */
static int
attach(int mnt, int target, const char *what, const char *path,
    struct brig_err *e)
{
	if (move_mount(mnt, "", target, "", MOVE_MOUNT_F_EMPTY_PATH |
	    MOVE_MOUNT_T_EMPTY_PATH) == -1)
		return err_sys(e, "mount %s on %s", what, path);
	return 0;
}

/* A mount target inside the jail: it must exist (as FreeBSD's mount(8)
 * requires) and no symbolic link may be met on the way to it.  Following
 * a link inside the root (RESOLVE_IN_ROOT) would be safe from escapes but
 * would mount somewhere other than where jail.conf says; refusing is
 * simpler to reason about, and the message says what to fix. */
static int
open_target(int rootfd, const char *path, int flags, struct brig_err *e)
{
	int fd = path_open_in_root(rootfd, path, O_PATH | O_NOFOLLOW | flags,
	    0, e);

	if (fd != -1)
		return fd;
	switch (e->errnum) {
	case ELOOP:
		return err_fmt(e, "mount target %s is a symbolic link, or its "
		    "path goes through one: refused", path);
	case ENOENT:
		return err_fmt(e, "mount target %s does not exist in the jail",
		    path);
	case ENOTDIR:
		return err_fmt(e, "mount target %s is not a directory", path);
	default:
		return err_ctx(e, "mount target %s", path);
	}
}

/* --- /proc and /sys ------------------------------------------------------- */

/* The OCI runtime spec's defaults (../shared/reference/linux-hardening.md):
 * a file masked by the host's /dev/null, a directory by an empty read-only
 * tmpfs; read-only ones bound onto themselves read-only.  A path the kernel
 * does not have (no ACPI, no sound) is skipped. */
static const char *const proc_masked[] = {
	"kcore", "keys", "timer_list", "sched_debug", "latency_stats",
	"kmsg",		/* CAP_SYSLOG (allow.read_msgbuf) would read, and
			 * consume, the host's kernel log through it */
	"acpi", "asound", "scsi", NULL
};
static const char *const proc_readonly[] = {
	"sys", "sysrq-trigger", "irq", "bus", "fs", NULL
};
static const char *const sys_masked[] = {
	"firmware", "devices/virtual/powercap", NULL
};

#define MASK_ATTR (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | \
	MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)

static int
mask_one(int fd, int nullfd, const char *path, struct brig_err *e)
{
	struct stat st;
	int mnt, rc;

	if (fstat(fd, &st) == -1)
		return err_sys(e, "stat %s", path);
	if (S_ISDIR(st.st_mode))
		mnt = new_fs("tmpfs", "tmpfs", NULL, MASK_ATTR, e);
	else
		mnt = clone_tree(nullfd, false, MOUNT_ATTR_RDONLY |
		    MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, e);
	if (mnt == -1)
		return err_ctx(e, "mask %s", path);
	rc = attach(mnt, fd, S_ISDIR(st.st_mode) ? "an empty tmpfs" :
	    "/dev/null", path, e);
	close(mnt);
	return rc;
}

/* Mask (readonly false) or make read-only the paths under fsroot, the
 * root of a file system just mounted at prefix ("/proc"). */
static int
apply(int fsroot, const char *prefix, const char *const *paths,
    bool readonly, int nullfd, struct brig_err *e)
{
	char shown[128];
	int fd, mnt, rc;

	for (; *paths != NULL; paths++) {
		snprintf(shown, sizeof(shown), "%s/%s", prefix, *paths);
		fd = path_open_in_root(fsroot, *paths, O_PATH | O_NOFOLLOW, 0,
		    e);
		if (fd == -1 && e->errnum == ENOENT)
			continue;
		if (fd == -1)
			return err_ctx(e, "%s", prefix);
		if (!readonly)
			rc = mask_one(fd, nullfd, shown, e);
		else if ((mnt = clone_tree(fd, true, MASK_ATTR, e)) == -1)
			rc = err_ctx(e, "make %s read-only", shown);
		else {
			rc = attach(mnt, fd, "a read-only copy", shown, e);
			close(mnt);
		}
		close(fd);
		if (rc == -1)
			return -1;
	}
	return 0;
}

/* A fresh procfs (of the PID namespace we are PID 1 of) at target, masked.
 * Every procfs brig mounts goes through here, an fstab one too. */
static int
mount_proc(int target, const char *path, const char *source, unsigned attr,
    int nullfd, struct brig_err *e)
{
	int mnt, rc;

	attr |= MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	if ((mnt = new_fs("proc", source, NULL, attr, e)) == -1)
		return err_ctx(e, "mount procfs on %s", path);
	rc = attach(mnt, target, "procfs", path, e);
	if (rc == 0)
		rc = apply(mnt, path, proc_masked, false, nullfd, e);
	if (rc == 0)
		rc = apply(mnt, path, proc_readonly, true, nullfd, e);
	close(mnt);
	return rc;
}

/* sysfs, read-only.  It shows the devices of the network namespace that
 * mounts it: in a VNET jail its own interfaces, in a non-VNET jail the
 * host's (which `ifconfig` there lists anyway, read-only). */
static int
mount_sys(int rootfd, int nullfd, struct brig_err *e)
{
	int target, mnt, rc = -1;

	if ((target = open_target(rootfd, "/sys", O_DIRECTORY, e)) == -1)
		return -1;
	if ((mnt = new_fs("sysfs", "sysfs", NULL, MASK_ATTR, e)) != -1) {
		rc = attach(mnt, target, "sysfs", "/sys", e);
		if (rc == 0)
			rc = apply(mnt, "/sys", sys_masked, false, nullfd, e);
		close(mnt);
	}
	close(target);
	return rc;
}

/* --- /dev ----------------------------------------------------------------- */

/* /dev/shm: where glibc's shm_open() and sem_open() keep POSIX shared
 * memory (FreeBSD keeps it in the kernel, so devfs has no node for it).
 * Every ruleset but devfsrules_hide_all gets one, sticky and bounded. */
static int
mount_shm(int devfd, struct brig_err *e)
{
	struct fs_optset o = { .nkv = 2, .key = { "mode", "size" },
	    .val = { "1777", "64m" } };
	int target, mnt, rc = -1;

	if (mkdirat(devfd, "shm", 0755) == -1 && errno != EEXIST)
		return err_sys(e, "create /dev/shm");
	if ((target = openat(devfd, "shm", O_PATH | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return err_sys(e, "open /dev/shm");
	mnt = new_fs("tmpfs", "shm", &o, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
	    MOUNT_ATTR_NOEXEC, e);
	if (mnt != -1 && attach(mnt, target, "tmpfs", "/dev/shm", e) == 0)
		rc = 0;
	if (mnt != -1)
		close(mnt);
	close(target);
	return rc;
}

/* A small tmpfs (nodes take no blocks; the size only bounds what the
 * jail's root may write there) populated from the devfs ruleset.
 * mount.fdescfs: /dev/fd, a link to /proc/self/fd on Linux, whatever the
 * ruleset. */
static int
mount_dev(const struct rootfs_spec *spec, int rootfd, struct brig_err *e)
{
	struct fs_optset o = { .nkv = 3, .key = { "mode", "size", "nr_inodes" },
	    .val = { "0755", "1m", "1024" } };
	int target, mnt, rc = -1;

	if ((target = open_target(rootfd, "/dev", O_DIRECTORY, e)) == -1)
		return -1;
	mnt = new_fs("tmpfs", "tmpfs", &o, MOUNT_ATTR_NOSUID |
	    MOUNT_ATTR_NOEXEC, e);
	if (mnt != -1 && attach(mnt, target, "tmpfs", "/dev", e) == 0 &&
	    devfs_populate(mnt, spec->ruleset, spec->pty_limit ?
	    (long long)spec->pty_max : -1, e) == 0) {
		rc = 0;
		if (spec->fdescfs && symlinkat("/proc/self/fd", mnt, "fd") ==
		    -1 && errno != EEXIST)
			rc = err_sys(e, "create /dev/fd for mount.fdescfs");
		if (rc == 0 && spec->ruleset != 1)
			rc = mount_shm(mnt, e);
	}
	if (mnt != -1)
		close(mnt);
	close(target);
	return rc;
}

/* --- mount.fstab and mount ------------------------------------------------ */

/* nullfs is FreeBSD's loopback file system: a directory (mount_nullfs(8)),
 * itself and not the mounts under it, hence a non-recursive clone.  Every
 * mount a jail gets is nodev: as on FreeBSD, device nodes work only in the
 * jail's /dev. */
static int
mount_one(const struct rootfs_mount *m, int srcfd, int rootfd, int nullfd,
    struct brig_err *e)
{
	struct fs_optset o;
	int type, target, mnt, rc;

	if ((type = parse_type(m->type, e)) == -1 ||
	    parse_options(m->options, (enum fs_type)type, &o, e) == -1)
		return err_ctx(e, "mount %s on %s", m->type, m->target);
	if ((target = open_target(rootfd, m->target, O_DIRECTORY, e)) == -1)
		return -1;
	o.attr |= MOUNT_ATTR_NODEV;
	if (type == FS_PROCFS)
		rc = mount_proc(target, m->target, m->source, o.attr, nullfd,
		    e);
	else {
		mnt = type == FS_NULLFS ? clone_tree(srcfd, false, o.attr, e) :
		    new_fs("tmpfs", m->source, &o, o.attr, e);
		if (mnt == -1)
			rc = err_ctx(e, "mount %s %s on %s", m->type, m->source,
			    m->target);
		else {
			rc = attach(mnt, target, m->type, m->target, e);
			close(mnt);
		}
	}
	close(target);
	return rc;
}

/* --- the whole view ------------------------------------------------------- */

struct setup {
	int rootfd;		/* the jail's root, bind-mounted */
	int nullfd;		/* the host's /dev/null, for masks */
	int *srcfd;		/* nullfs sources, opened on the host */
	unsigned nsrc;
};

static void
setup_close(struct setup *s)
{
	unsigned i;

	for (i = 0; i < s->nsrc; i++)
		if (s->srcfd[i] != -1)
			close(s->srcfd[i]);
	free(s->srcfd);
	if (s->nullfd != -1)
		close(s->nullfd);
	if (s->rootfd != -1)
		close(s->rootfd);
}

/* Before any mount: the nullfs sources (host paths, trusted, so links in
 * them are followed) and the host's /dev/null, while the view is still
 * the host's and no mount of ours can shadow them. */
static int
open_host_side(const struct rootfs_spec *spec, struct setup *s,
    struct brig_err *e)
{
	struct stat st;
	unsigned i;

	if ((s->srcfd = calloc(spec->nmounts + 1, sizeof(int))) == NULL)
		return err_sys(e, "allocate %u mounts", spec->nmounts);
	for (s->nsrc = 0; s->nsrc < spec->nmounts; s->nsrc++)
		s->srcfd[s->nsrc] = -1;
	for (i = 0; i < spec->nmounts; i++) {
		const struct rootfs_mount *m = &spec->mounts[i];

		if (strcmp(m->type, "nullfs") == 0 && (s->srcfd[i] =
		    open(m->source, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
			return err_sys(e, "open nullfs source %s", m->source);
	}
	if ((s->nullfd = open("/dev/null", O_PATH | O_CLOEXEC)) == -1 ||
	    fstat(s->nullfd, &st) == -1)
		return err_sys(e, "open the host's /dev/null");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
		return err_fmt(e, "the host's /dev/null is not the null "
		    "device");
	return 0;
}

/* Our parent's PID as the host's /proc sees it (getppid() says 0 once we
 * are PID 1 of a new PID namespace), or -1. */
static long
host_ppid(void)
{
	char buf[512], *p;
	ssize_t n;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* pid (comm) state ppid ...; comm may hold anything but the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL || strlen(p) < 4)
		return -1;
	return strtol(p + 4, NULL, 10);
}

/* A guard against a caller that forgot CLONE_NEWNS: all that follows
 * would change its parent's mounts (the host's) and pivot their root.
 * /proc is still the host's here.  When it cannot tell, it lets go. */
static int
check_mount_ns(struct brig_err *e)
{
	struct stat self, parent;
	char path[64];
	long ppid = host_ppid();

	snprintf(path, sizeof(path), "/proc/%ld/ns/mnt", ppid);
	if (ppid <= 0 || stat("/proc/self/ns/mnt", &self) == -1 ||
	    stat(path, &parent) == -1)
		return 0;
	if (self.st_ino == parent.st_ino && self.st_dev == parent.st_dev)
		return err_fmt(e, "not in a mount namespace of its own: "
		    "refusing to change the host's mounts");
	return 0;
}

/* Nothing we mount may propagate to the host: the whole tree private
 * first.  Then the root bound onto itself (pivot_root needs a mount
 * point), recursively and nodev, and opened as the mount's own fd. */
static int
bind_root(const char *root, struct setup *s, struct brig_err *e)
{
	int hostfd, tree;

	if ((hostfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", root);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		close(hostfd);
		return err_sys(e, "make / private");
	}
	if ((tree = clone_tree(hostfd, true, MOUNT_ATTR_NODEV, e)) == -1) {
		close(hostfd);
		return err_ctx(e, "bind-mount %s", root);
	}
	if (attach(tree, hostfd, root, root, e) == -1) {
		close(tree);
		close(hostfd);
		return -1;
	}
	close(hostfd);
	s->rootfd = tree;
	return 0;
}

/* pivot_root(".", ".") from inside the new root stacks the old root on
 * top of it; detaching that leaves the jail's root alone (crun
 * do_pivot()). */
static int
pivot(int rootfd, struct brig_err *e)
{
	if (fchdir(rootfd) == -1)
		return err_sys(e, "change directory to the root");
	if (sys_pivot_root(".", ".") == -1)
		return err_sys(e, "pivot_root");
	if (umount2(".", MNT_DETACH) == -1)
		return err_sys(e, "detach the old root");
	if (chdir("/") == -1)
		return err_sys(e, "change directory to /");
	return 0;
}

static int
setup_mounts(const struct rootfs_spec *spec, struct setup *s,
    struct brig_err *e)
{
	unsigned i;
	int target, rc;

	if (spec->proc) {
		if ((target = open_target(s->rootfd, "/proc", O_DIRECTORY,
		    e)) == -1)
			return -1;
		rc = mount_proc(target, "/proc", "proc", 0, s->nullfd, e);
		close(target);
		if (rc == -1)
			return -1;
	}
	if (spec->sys && mount_sys(s->rootfd, s->nullfd, e) == -1)
		return -1;
	if (spec->dev && mount_dev(spec, s->rootfd, e) == -1)
		return -1;
	for (i = 0; i < spec->nmounts; i++)
		if (mount_one(&spec->mounts[i], s->srcfd[i], s->rootfd,
		    s->nullfd, e) == -1)
			return -1;
	return 0;
}

int
rootfs_setup(const struct rootfs_spec *spec, struct brig_err *e)
{
	struct setup s = { .rootfd = -1, .nullfd = -1 };
	int rc = -1;

	if (spec->root == NULL || spec->root[0] != '/')
		return err_fmt(e, "jail root \"%s\" is not an absolute path",
		    spec->root ? spec->root : "");
	if (spec->dev && devfs_ruleset_nodes(spec->ruleset) == NULL)
		return err_fmt(e, "devfs ruleset %u does not exist (brig has "
		    "FreeBSD's 0 to %d)", spec->ruleset, DEVFS_RULESET_MAX);
	if (spec->fdescfs && !spec->dev)
		return err_fmt(e, "mount.fdescfs needs mount.devfs (/dev/fd is "
		    "a link in the jail's /dev)");
	if (check_mount_ns(e) == 0 && open_host_side(spec, &s, e) == 0 &&
	    bind_root(spec->root, &s, e) == 0 &&
	    setup_mounts(spec, &s, e) == 0 &&
	    pivot(s.rootfd, e) == 0)
		rc = 0;
	setup_close(&s);
	if (rc == -1)
		err_ctx(e, "jail root %s", spec->root);
	return rc;
}
