/* brig export and import (issue 5): a jail as one archive that says
 * what it is.  A tar archive (pax), compressed as its file name says,
 * whose first members are
 *
 *   .brig/manifest    "brig-export 1", then "KEY VALUE" lines: brig
 *                     (version), name, backend, base, snapshot, date
 *   .brig/jail.conf   the jail's stanza, as brig show prints it
 *
 * followed by the jail's whole root as the jail sees it (an overlay's
 * base included), from "./": numeric owners, modes, times, symbolic and
 * hard links, device nodes, FIFOs and the user.* and security.*
 * extended attributes.  Import extracts it with bootstrap_tar
 * (bootstrap.h), which treats it as hostile, leaving .brig/ out. */
#pragma once

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "../util/err.h"

#define EXPORT_META_DIR		".brig"
#define EXPORT_MANIFEST		".brig/manifest"
#define EXPORT_STANZA		".brig/jail.conf"
#define EXPORT_FORMAT		"brig-export 1"
#define EXPORT_MANIFEST_MAX	4096
#define EXPORT_STANZA_MAX	(1 << 20)

enum export_comp {
	EXPORT_TAR,	/* .tar */
	EXPORT_GZIP,	/* .tar.gz, .tgz */
	EXPORT_XZ,	/* .tar.xz, .txz */
	EXPORT_ZSTD,	/* .tar.zst, .tzst */
};

/* The compression FILE's name asks for, or -1 for another name. */
int export_comp_of(const char *file);

struct export_meta {
	char version[32];		/* brig's, at the export */
	char name[72];			/* the jail's */
	char backend[16];		/* "dir", "btrfs", "zfs", "overlay" */
	char base[512];			/* an overlay's base, or "" */
	char snapshot[STORE_SNAP_MAX + 1];	/* exported from it, or "" */
	char date[32];			/* UTC, 2026-11-29T10:15:00Z */
};

/* The manifest's text (NUL-terminated in buf).  -1 if it does not
 * fit. */
int export_manifest_format(const struct export_meta *m, char *buf,
    size_t len);
/* Read a manifest: the format line first, then known keys (others are
 * passed over, for later versions); name is required and must be a
 * jail name; no value may hold a control character.  0, or -1 with e. */
int export_manifest_parse(const char *text, size_t len,
    struct export_meta *m, struct brig_err *e);
/* A stanza is printed for a human to read before adding it to
 * jail.conf: no NUL and no control character but tab and newline (an
 * escape sequence could hide a line on a terminal).  0, or -1 with e. */
int export_stanza_check(const char *text, size_t len, struct brig_err *e);

struct export_stats {
	uint64_t files;		/* entries that are not directories */
	uint64_t dirs;
	uint64_t bytes;		/* file data */
	uint64_t hardlinks;
	uint64_t skipped;	/* mount points (written empty), sockets */
};

/* Write the archive FILE (which must not exist; made 0600 under a
 * temporary name beside it and renamed once complete) of the tree under
 * the directory treefd, with the manifest and stanza (NULL: none)
 * first.  cancel: as bootstrap_opts.cancel.  Fills st.  0, or -1 with e
 * and nothing left behind. */
int export_write(int treefd, const char *file, enum export_comp comp,
    const char *manifest, const char *stanza, volatile sig_atomic_t *cancel,
    struct export_stats *st, struct brig_err *e);

/* Read the .brig/ members at the head of the archive FILE: the manifest
 * (required) and the stanza (NULL when absent), NUL-terminated, caller
 * frees both.  0, or -1 with e (not a brig export, too large, ...). */
int export_read_meta(const char *file, char **manifest, char **stanza,
    struct brig_err *e);
