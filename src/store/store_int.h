/* Inside src/store: the backend vtable (crun's cgroup managers) and the
 * helpers the backends share.  Also used by the unit tests. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "store.h"

/* One backend.  Every operation gets a store whose name, root and
 * snapshot directory are checked; snapshot names are checked by
 * store.c before they reach a backend. */
struct store_ops {
	const char *name;
	/* Refuse a root this backend cannot hold (btrfs: not on btrfs). */
	int (*open)(struct store *s, struct brig_err *e);
	bool (*exists)(struct store *s);
	int (*create)(struct store *s, struct brig_err *e);
	/* The root only: store.c drops the snapshots first. */
	int (*destroy)(struct store *s, struct brig_err *e);
	int (*snapshot)(struct store *s, const char *snap,
	    struct store_stats *st, struct brig_err *e);
	int (*snap_destroy)(struct store *s, const char *snap,
	    struct brig_err *e);
	/* sizes: fill in each snapshot's used (maybe a walk), else -1 */
	int (*snap_list)(struct store *s, bool sizes, struct store_snap **list,
	    size_t *n, struct brig_err *e);
	int (*rollback)(struct store *s, const char *snap,
	    struct store_stats *st, struct brig_err *e);
	/* Same backend on both sides. */
	int (*clone)(struct store *src, const char *snap, struct store *dst,
	    struct store_stats *st, struct brig_err *e);
	int (*usage)(struct store *s, struct store_usage *u,
	    struct brig_err *e);
	/* The directory where snapshot snap's files can be read. */
	int (*snap_dir)(struct store *s, const char *snap, char *buf,
	    size_t len, struct brig_err *e);
	/* Optional (overlay): the root mounted for a start and unmounted
	 * at its stop; the whole tree of the root or of a snapshot. */
	int (*mount)(struct store *s, struct brig_err *e);
	int (*unmount)(struct store *s, struct brig_err *e);
	int (*view)(struct store *s, const char *snap, struct brig_err *e);
};

struct store {
	const struct store_ops *ops;
	char name[72];
	char root[PATH_MAX];	/* the jail's root, no trailing slash */
	char datadir[PATH_MAX];
	char snapdir[PATH_MAX];	/* DATADIR/snapshots/NAME */
	char dataset[256];	/* zfs: "" until known (zfs.c) */
	char base[PATH_MAX];	/* overlay: the lower layer, "" until known
				 * (overlay.c) */
};

extern const struct store_ops store_dir_ops;
extern const struct store_ops store_btrfs_ops;
extern const struct store_ops store_zfs_ops;
extern const struct store_ops store_overlay_ops;

/* --- shared by the backends (store.c, copy.c) ------------------------ */

/* Make DATADIR/snapshots/NAME (0700: a snapshot holds the jail's
 * set-uid files) and return it opened O_DIRECTORY, or -1. */
int store_snapdir_open(struct store *s, bool create, struct brig_err *e);
/* Snapshot SNAP as a copy of the tree srcfd (reflinked where it can
 * be): copied beside it under a temporary name, then renamed into place,
 * so that a snapshot is whole or absent.  The dir and overlay backends'
 * snapshot (of the root, of the upper layer). */
int store_snapshot_copy(struct store *s, int srcfd, const char *snap,
    struct store_stats *st, struct brig_err *e);
/* du by walking: the tree treefd (closed here) and the snapshot
 * directory, each inode counted once.  The dir and overlay backends'
 * usage (of the root, of the upper layer). */
int store_usage_walk(struct store *s, int treefd, struct store_usage *u,
    struct brig_err *e);
/* 0 if nothing is mounted at or below s's root; else -1 with e
 * naming the mount ("is the jail running?"): a root with a mount in it
 * is not one to remove or replace. */
int store_not_mounted(const struct store *s, struct brig_err *e);
/* Split an absolute path into its parent and last component; parent
 * is "/" for "/x".  Returns -1 when either does not fit. */
int store_split(const char *path, char *parent, size_t plen, char *base,
    size_t blen);
/* The temporary name used beside a root: PARENT/.BASE.brig-WHAT */
int store_temp_name(const char *base, const char *what, char *buf,
    size_t len);
/* Swap two entries of one directory (renameat2 RENAME_EXCHANGE), or
 * where the filesystem cannot, rename a aside and b into a's place. */
int store_swap(int dirfd, const char *a, const char *b, struct brig_err *e);
/* The topmost mount on path itself: 1 with its filesystem type and
 * super options (util/mountinfo.h: mountinfo_opt() reads them) in type
 * and opts, 0 if path is not a mount point, -1 with e. */
int store_mount_at(const char *path, char *type, size_t tlen, char *opts,
    size_t olen, struct brig_err *e);
/* Is any filesystem mounted on path or below it?  1 and the first
 * such mount point in buf, 0, or -1 with e. */
int store_mounted_below(const char *path, char *buf, size_t len,
    struct brig_err *e);
/* store_copy_tree into an existing, empty directory dstfd (whose own
 * owner, mode, attributes and times become srcfd's).  On failure what
 * was copied stays: the caller removes it. */
int store_copy_into(int srcfd, int dstfd, struct store_stats *st,
    struct brig_err *e);
/* Remove everything in the directory fd (as store_remove_tree). */
int store_empty_dir(int fd, struct brig_err *e);
/* Space of a tree: st_blocks * 512 summed, each inode once. */
int store_tree_blocks(int dirfd, int64_t *bytes, struct brig_err *e);
/* Is path a btrfs subvolume?  (btrfs.c) */
bool store_btrfs_is_subvolume(const char *path);
/* The filesystem type name for a statfs f_type ("ext4", "tmpfs"...). */
const char *store_fs_name(long type);
/* Read a directory's entries: the names not starting with '.', sorted;
 * caller frees each and the array.  A missing directory is 0 names. */
int store_list_dir(int dirfd, char ***names, size_t *n, struct brig_err *e);
void store_free_names(char **names, size_t n);

/* Hard links within a copied tree: (dev, ino) of a source inode with
 * more than one link -> the path of its first copy, relative to the
 * new tree's top.  Open addressing; grows by doubling. */
struct store_inode_map {
	struct store_inode_slot {
		dev_t dev;
		ino_t ino;
		char *path;	/* NULL: empty slot */
	} *slots;
	size_t cap, n;
};

/* NULL when absent. */
const char *store_inode_find(const struct store_inode_map *m, dev_t dev,
    ino_t ino);
/* -1 (errno ENOMEM) on allocation failure. */
int store_inode_add(struct store_inode_map *m, dev_t dev, ino_t ino,
    const char *path);
void store_inode_free(struct store_inode_map *m);
