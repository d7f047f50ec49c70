/* The zfs backend's pure parts, for zfs.c and the unit tests: the argv
 * of every zfs(8) command brig runs, and the readers of its output. */
#pragma once

#include <stddef.h>

#include "store.h"

enum zfs_op {
	ZFS_OP_CREATE,		/* zfs create -o mountpoint=ROOT DATASET */
	ZFS_OP_SNAPSHOT,	/* zfs snapshot DATASET@SNAP */
	ZFS_OP_ROLLBACK,	/* zfs rollback -r DATASET@SNAP */
	ZFS_OP_CLONE,		/* zfs clone -o mountpoint=ROOT DATASET@SNAP
				 * TARGET */
	ZFS_OP_DESTROY,		/* zfs destroy DATASET */
	ZFS_OP_DESTROY_SNAP,	/* zfs destroy DATASET@SNAP */
	ZFS_OP_LIST_SNAPS,	/* zfs list -H -p -t snapshot -o
				 * name,creation,used -d 1 DATASET */
	ZFS_OP_LIST,		/* zfs list -H -p -o
				 * name,used,referenced,usedbysnapshots DATASET */
	ZFS_OP_WHICH,		/* zfs list -H -o name PATH: the dataset a
				 * directory is in */
};

struct zfs_req {
	const char *dataset;
	const char *snap;	/* SNAPSHOT, ROLLBACK, CLONE, DESTROY_SNAP */
	const char *target;	/* CLONE: the new dataset */
	const char *mountpoint;	/* CREATE, CLONE */
	const char *path;	/* WHICH */
};

#define ZFS_ARGV_MAX 16
#define ZFS_BUF 8704		/* two paths with "mountpoint=" or "@SNAP" */

struct zfs_argv {
	const char *argv[ZFS_ARGV_MAX];	/* argv[0] is "zfs", NULL-ended */
	char buf[ZFS_BUF];		/* DATASET@SNAP, mountpoint=ROOT */
};

/* Check every field op needs (dataset names as zfs_check_dataset,
 * snapshot names as store_check_snap, absolute paths), then fill out.
 * Nothing in argv can be taken for an option. */
int zfs_build(enum zfs_op op, const struct zfs_req *r, struct zfs_argv *out,
    struct brig_err *e);
/* A dataset name as OpenZFS's zfs_namecheck.c, stricter: components of
 * letters, digits, '_', '-', '.' and ':' joined by '/', the pool (the
 * first) starting with a letter, no "." or ".." component, at most 255
 * bytes, no '@' (a snapshot) and no blank. */
int zfs_check_dataset(const char *name, struct brig_err *e);
/* ZFS_OP_LIST_SNAPS output: "DATASET@SNAP\tCREATION\tUSED" lines.  Lines
 * of other datasets are skipped; a malformed line is an error.  Caller
 * frees *list. */
int zfs_parse_snaps(const char *text, const char *dataset,
    struct store_snap **list, size_t *n, struct brig_err *e);
/* ZFS_OP_LIST output for dataset: used = referenced, snapshots =
 * usedbysnapshots. */
int zfs_parse_usage(const char *text, const char *dataset,
    struct store_usage *u, struct brig_err *e);
/* ZFS_OP_WHICH output: the one dataset name, checked, into buf. */
int zfs_parse_which(const char *text, char *buf, size_t len,
    struct brig_err *e);
