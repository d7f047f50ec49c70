/* FreeBSD devfs rulesets on Linux: which device nodes a jail's /dev holds.
 * Numbering and meaning as FreeBSD's /etc/defaults/devfs.rules:
 *   1 devfsrules_hide_all       nothing
 *   2 devfsrules_unhide_basic   null zero full random urandom
 *   3 devfsrules_unhide_login   pts/ ptmx tty fd stdin stdout stderr
 *   4 devfsrules_jail           1+2+3, plus fuse
 *   5 devfsrules_jail_vnet      4, plus net/tun
 * 0 means no ruleset (FreeBSD: the default, unrestricted devfs): brig then
 * uses 4, and brig.conf(5) says so.  crypto, zfs and pf have no Linux node.
 * FreeBSD applies 2 and 3 on top of 1 ("Requires: devfsrules_hide_all");
 * brig's /dev starts empty, so 2 and 3 alone already hide the rest. */
#pragma once

#include "../util/err.h"

#define DEVFS_RULESET_MAX 5

/* Populate the directory dirfd (a fresh tmpfs) with the ruleset's nodes:
 * character devices made with mknod(2) with the host's major/minor, the
 * symlinks (fd -> /proc/self/fd, stdin -> fd/0 ...), pts/ as a new devpts
 * instance with ptmx -> pts/ptmx, at most pty_max ptys open at once
 * (devpts max=, rctl's pseudoterminals; -1: the kernel's 1 << 20).
 * Needs CAP_MKNOD and CAP_SYS_ADMIN. */
int devfs_populate(int dirfd, unsigned ruleset, long long pty_max,
    struct brig_err *e);
/* The devpts of a running jail: its /dev/pts inside the root rootfd
 * (/proc/PID/root of the jail's init, opened on the host), resolved
 * without following any link, opened O_PATH into *fd.  0 with *fd -1
 * when there is no devpts there (no mount.devfs, a ruleset without pts)
 * or it is the host's; -1 with e. */
int devfs_pts_open(int rootfd, int *fd, struct brig_err *e);
/* Set max= of the devpts whose root ptsfd is (devfs_pts_open()) to max,
 * or back to the kernel's with max -1: a reconfigure of the instance
 * (fspick(2)), its other options as devfs_populate() gave them.  Ptys
 * already open stay; a new one past the limit fails with ENOSPC.  0, or
 * -1 with e (EINVAL: ptsfd is not the root of a devpts). */
int devfs_pts_set_max(int ptsfd, long long max, struct brig_err *e);
/* The node names of a ruleset, NULL-terminated, for brig.conf(5) and tests;
 * NULL for a ruleset above DEVFS_RULESET_MAX.  "net/tun" is tun in net/. */
const char *const *devfs_ruleset_nodes(unsigned ruleset);
