/* A jail's filesystem view, built inside its new mount namespace:
 * private propagation, the root bind-mounted, /proc (masked), /sys
 * (read-only), /dev (a tmpfs populated from a devfs ruleset), the
 * mount.fstab and mount entries, then pivot_root.  Every mount target is
 * resolved inside the jail root with openat2(RESOLVE_IN_ROOT) and mounted
 * by file descriptor, so a symlink planted in the jail never redirects a
 * mount onto the host.
 *
 * Rules a jail.conf author meets (brig.conf(5) should say them):
 *   - a mount target must exist in the jail, as a directory, and neither
 *     it nor a directory on the way to it may be a symbolic link: refused,
 *     never followed (not even inside the root);
 *   - every mount is nodev (the root, nullfs, tmpfs, procfs): as on
 *     FreeBSD, device nodes work only in the jail's /dev;
 *   - nullfs is a non-recursive bind of a host directory (mounts below
 *     the source are not carried), read-only from the start with "ro";
 *   - a procfs from fstab gets /proc's masks too;
 *   - fstab types are FreeBSD's: nullfs, tmpfs, procfs.  devfs and
 *     fdescfs are mount.devfs and mount.fdescfs; Linux names (bind, proc,
 *     sysfs) are refused with a hint;
 *   - /sys is the sysfs of the jail's network namespace: a non-VNET jail
 *     sees the host's interfaces there, read-only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"

/* One fstab(5) line: nullfs (a bind mount), tmpfs, procfs. */
struct rootfs_mount {
	const char *source;	/* a host path for nullfs */
	const char *target;	/* a path inside the jail */
	const char *type;	/* "nullfs", "tmpfs", "procfs" */
	const char *options;	/* "ro", "rw", "size=...", comma list */
};

struct rootfs_spec {
	const char *root;	/* the jail's path, absolute, on the host */
	bool proc;		/* mount /proc (always true today) */
	bool sys;		/* mount /sys read-only */
	bool dev;		/* mount.devfs: /dev from the ruleset */
	unsigned ruleset;	/* devfs_ruleset, 0..5 (4 by default) */
	bool pty_limit;		/* rctl pseudoterminals: /dev/pts gets
				 * max=pty_max (else the kernel's) */
	unsigned pty_max;
	bool fdescfs;		/* mount.fdescfs: /dev/fd */
	const struct rootfs_mount *mounts;
	unsigned nmounts;
};

/* Parse one fstab(5) line (mount.fstab file or a "mount" value) into m,
 * strings pointing into line (which is modified).  Blank and comment lines
 * return 0 with m->target NULL. */
int rootfs_parse_fstab_line(char *line, struct rootfs_mount *m,
    struct brig_err *e);

/* In the child, in its new mount namespace, as root: everything above,
 * ending with the jail's root as / and the current directory /. */
int rootfs_setup(const struct rootfs_spec *spec, struct brig_err *e);

/* The kernel's own words about a failed fsconfig(2), from the file
 * system context fs's log ("e tmpfs: Bad value for 'size'"), as
 * " (...)" in buf, or "". */
const char *rootfs_fs_log(int fs, char *buf, size_t len);
