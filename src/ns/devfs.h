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
 * instance with ptmx -> pts/ptmx.  Needs CAP_MKNOD and CAP_SYS_ADMIN. */
int devfs_populate(int dirfd, unsigned ruleset, struct brig_err *e);
/* The node names of a ruleset, NULL-terminated, for brig.conf(5) and tests;
 * NULL for a ruleset above DEVFS_RULESET_MAX.  "net/tun" is tun in net/. */
const char *const *devfs_ruleset_nodes(unsigned ruleset);
