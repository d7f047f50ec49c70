/* Per-jail datasets (issue 5): one interface, one backend per jail.
 *
 * A jail's dataset is its root directory plus what the backend keeps
 * beside it: a plain directory and copies (dir), a btrfs subvolume and
 * read-only snapshots (btrfs), a ZFS dataset (zfs), an upper layer over
 * a shared read-only base (overlay: DATADIR/overlay/NAME).  brig.storage
 * chooses the backend; the root is the jail's path parameter, or
 * DATADIR/jails/NAME when path is unset.  Snapshots of the dir, btrfs
 * and overlay backends live in DATADIR/snapshots/NAME/SNAP. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../util/err.h"

struct conf_jail;
struct store;	/* one jail's dataset */

/* The jail's dataset: backend from brig.storage (default "dir"), root =
 * the jail's path parameter (or DATADIR/jails/NAME when path is unset). */
int store_open(const struct conf_jail *j, const char *datadir,
    struct store **out, struct brig_err *e);
/* The same without a stanza: root NULL is DATADIR/jails/NAME; backend
 * NULL is what is there (DATADIR/overlay/NAME: "overlay", a btrfs
 * subvolume: "btrfs", else "dir"). */
int store_open_name(const char *name, const char *root, const char *backend,
    const char *datadir, struct store **out, struct brig_err *e);
const char *store_root(const struct store *s);
const char *store_backend(const struct store *s);	/* "dir", "btrfs", "zfs", "overlay" */
bool store_exists(const struct store *s);
/* The empty root: mkdir / btrfs subvolume / zfs create; error if it
 * exists. */
int store_create(struct store *s, struct brig_err *e);
/* Refuses to drop snapshots without force. */
int store_destroy(struct store *s, bool force, struct brig_err *e);
void store_close(struct store *s);

/* --- overlay: thin jails over a shared base (overlay.c) ---------------- */

/* The read-only directory a new overlay dataset is made over, set
 * before store_create (a release, DATADIR/releases/NAME, or any
 * directory): absolute, outside the dataset.  Refused by the other
 * backends. */
int store_set_base(struct store *s, const char *base, struct brig_err *e);
/* The overlay's base, or NULL (another backend, or not made yet). */
const char *store_base(const struct store *s);
/* Make the root usable by a jail: the overlay's merged view mounted on
 * it (the base, and the upper layer DATADIR/overlay/NAME/upper), if it
 * is not mounted yet.  1 if it mounted it, 0 if there was nothing to do
 * (mounted already; other backends). */
int store_mount(struct store *s, struct brig_err *e);
/* Undo store_mount: 1 if it unmounted, 0 if nothing was mounted. */
int store_unmount(struct store *s, struct brig_err *e);
/* A directory fd (read-only use; caller closes) of the jail's whole
 * tree, or of snapshot snap (NULL: the root as it is): for an overlay,
 * the upper layer (or the snapshot) over the base, as the jail sees it,
 * in a mount attached nowhere, gone with the last fd. */
int store_view_open(struct store *s, const char *snap, struct brig_err *e);
/* The overlay datasets whose base is base (brig bootstrap -d refuses
 * to remove a release that thin jails use): their names, sorted (caller
 * frees each and the array).  0, or -1 with e. */
int store_overlay_users(const char *datadir, const char *base,
    char ***names, size_t *n, struct brig_err *e);

/* --- beyond the dataset itself: snapshots, clones, space ------------- */

#define STORE_SNAP_MAX 64	/* bytes in a snapshot name */

/* How a snapshot, rollback or clone was made. */
enum store_how {
	STORE_NATIVE,	/* a btrfs or ZFS snapshot or clone: O(1) */
	STORE_REFLINK,	/* every file with data reflinked (FICLONE) */
	STORE_COPIED,	/* data copied: no reflinks on this filesystem */
	STORE_MIXED,	/* some files reflinked, some copied */
};

struct store_stats {
	uint64_t bytes;		/* regular file data (apparent size) */
	uint64_t inodes;	/* files, directories, links, nodes made */
	uint64_t reflinked;	/* regular files cloned with FICLONE */
	uint64_t copied;	/* regular files whose data was copied */
	uint64_t skipped;	/* mount points copied as empty directories */
	uint64_t xattr_lost;	/* extended attributes the target refused
				 * (EOPNOTSUPP) */
	bool native;		/* made by btrfs or ZFS, not by a copy */
};

struct store_snap {
	char name[STORE_SNAP_MAX + 1];
	int64_t time;		/* creation, seconds since the epoch */
	int64_t used;		/* bytes it holds, or -1 when unknown */
};

struct store_usage {
	int64_t used;		/* bytes the root references, -1: unknown */
	int64_t snapshots;	/* bytes the snapshots hold, -1: unknown */
	const char *method;	/* "walk", "qgroup", "zfs" */
};

/* What a copy made: STORE_REFLINK, STORE_COPIED... from the counts. */
enum store_how store_how(const struct store_stats *st);
/* "btrfs snapshot", "zfs snapshot", "reflinked", "copied",
 * "partly reflinked". */
const char *store_how_name(const struct store *s,
    const struct store_stats *st);

/* Name checks, with the reason in e.  A jail name: 1 to 64 bytes of
 * letters, digits, '_' and '-', not starting with '-' (as brig check).
 * A snapshot name: 1 to 64 bytes of letters, digits, '.', '_', ':' and
 * '-', not starting with '.' or '-'. */
int store_check_name(const char *name, struct brig_err *e);
int store_check_snap(const char *snap, struct brig_err *e);
/* A root: absolute, at least two components, no "." or ".."
 * component, no control character; trailing slashes are dropped into
 * buf. */
int store_check_root(const char *root, char *buf, size_t len,
    struct brig_err *e);
/* The default snapshot name: the UTC time t as 2026-11-29T10:15:00Z. */
void store_snap_name_at(int64_t t, char *buf, size_t len);

/* "512 B", "4.0 KiB", "12 MiB", "1.5 GiB"; "-" for a negative. */
void store_human(int64_t bytes, char *buf, size_t len);

/* Snapshot the root as SNAP (refused if SNAP exists).  A dir snapshot
 * of a running jail copies the files as they are while it copies. */
int store_snapshot(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e);
/* Drop one snapshot. */
int store_snapshot_destroy(struct store *s, const char *snap,
    struct brig_err *e);
/* The snapshots, oldest first; caller frees *list. */
int store_snapshots(struct store *s, struct store_snap **list, size_t *n,
    struct brig_err *e);
/* Make the root what it was at SNAP.  The caller makes sure the jail
 * is not running.  zfs: snapshots newer than SNAP are destroyed (zfs
 * rollback -r); dir and btrfs keep them. */
int store_rollback(struct store *s, const char *snap, struct store_stats *st,
    struct brig_err *e);
/* Make dst's root (which must not exist) a copy of src's root, or of
 * its snapshot snap (NULL: the root as it is now).  Same backend: a
 * btrfs writable snapshot, a ZFS clone (of snap, or of a snapshot
 * "clone-DST" made for it), a dir copy; different backends: dst is
 * created empty and the files copied. */
int store_clone(struct store *src, const char *snap, struct store *dst,
    struct store_stats *st, struct brig_err *e);
/* The space a jail takes (brig du). */
int store_usage(struct store *s, struct store_usage *u, struct brig_err *e);

/* Copy the tree under the directory srcfd into a new directory dstname
 * of dstdirfd (which must not exist): modes, owners, timestamps,
 * symbolic links (never followed), hard links within the tree, device
 * nodes, fifos and the extended attributes of files and directories.
 * Data is reflinked (FICLONE) where the filesystem can, else copied.
 * Mount points inside are not entered (copied empty: st->skipped).  On
 * failure the partial copy is removed. */
int store_copy_tree(int srcfd, int dstdirfd, const char *dstname,
    struct store_stats *st, struct brig_err *e);
/* mkdir -p of an absolute path, each new directory with mode. */
int store_mkdirs(const char *path, mode_t mode, struct brig_err *e);
/* rm -r of dirfd's entry name, never following a symbolic link nor
 * entering a mount point (an error).  A missing name is success. */
int store_remove_tree(int dirfd, const char *name, struct brig_err *e);
