/* Filling a jail's root (issue 5, "Bootstrap"): from a tarball, or from
 * host programs and every shared library they load.
 *
 * Both work on a directory fd (the root a store made) and never follow a
 * symbolic link in it while they write: a tarball is hostile input until
 * it is extracted, and a link it holds (absolute, or leading out) is made
 * as a link and resolved only later, inside the jail. */
#pragma once

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "../util/err.h"

struct bootstrap_stats {
	uint64_t files;		/* non-directories made: files, links,
				 * nodes */
	uint64_t dirs;		/* directories made or updated */
	uint64_t bytes;		/* file data written */
	uint64_t symlinks;	/* of files */
	uint64_t hardlinks;	/* of files */
	uint64_t devices_skipped; /* device nodes left out (no devices) */
	uint64_t other_skipped;	/* sockets and unknown entry types */
	uint64_t setid_dropped;	/* set-id bits dropped: owners not kept */
	uint64_t xattrs;	/* extended attributes restored */
	uint64_t libs;		/* closure: shared objects, loader included */
};

struct bootstrap_opts {
	bool devices;		/* make character and block devices; else
				 * skip them (counted) */
	bool no_owner;		/* leave the files to the caller instead of
				 * the archive's numeric owners (always so
				 * when not root); set-id bits are dropped */
	/* Called after each entry and each block of data; NULL: none. */
	void (*progress)(const struct bootstrap_stats *st, void *arg);
	void *progress_arg;
	/* When it points at a non-zero value (a signal handler set it),
	 * extraction stops with "interrupted"; NULL: never. */
	volatile sig_atomic_t *cancel;
	/* Members at or under this relative path (".brig": brig import's
	 * own) are read past, not made; NULL: none. */
	const char *skip;
};

/* Extract the tar archive TARBALL (plain, gzip, bzip2, xz, zstd, lz4;
 * ustar, pax, GNU) into the directory rootfd.  Member names are taken
 * relative to the root: a leading "/" and "./" are dropped (FreeBSD's
 * base.txz names "./bin/sh"); a ".." component refuses the archive, as
 * does a member "through" a symbolic link, a hard link to a name the
 * archive has not made, or a name too long.  Owners (numeric), modes,
 * times and the user.* and security.capability attributes are kept;
 * set-id bits only with the owners.  Fills st (zeroed first).  0, or -1
 * with e; what was extracted before a failure stays (the caller drops
 * the dataset). */
int bootstrap_tar(int rootfd, const char *tarball,
    const struct bootstrap_opts *o, struct bootstrap_stats *st,
    struct brig_err *e);

/* Copy host programs into rootfd at their own paths, with their dynamic
 * loader and every shared library they load (PT_INTERP, DT_NEEDED
 * recursively, searched as ld.so(8) does: DT_RPATH, DT_RUNPATH with
 * $ORIGIN, ld.so.conf, the system directories), symbolic links as the
 * host has them (/lib64 -> usr/lib64, libfoo.so.1 -> libfoo.so.1.2.3).
 * A script brings its #! interpreter.  bins: absolute paths, or names
 * looked up in the standard sbin and bin directories.  files:
 * "HOST[:JAILPATH]" (JAILPATH absolute, default HOST; a directory is
 * copied whole).  Then a jail's skeleton: bin sbin etc dev proc sys root
 * tmp var/{run,tmp,log} where missing, and /etc/passwd and /etc/group
 * with root unless files gave them.  Both lists NULL-terminated (files
 * may be NULL).  Fills st (zeroed first).  0, or -1 with e. */
int bootstrap_closure(int rootfd, char *const bins[], char *const files[],
    struct bootstrap_stats *st, struct brig_err *e);

/* "tar", "closure", "debootstrap" or "empty" when SOURCE is one of brig
 * create's sources (tar:FILE, a name ending .tar, .tar.gz, .tgz, .tar.xz,
 * .txz, .tar.zst, .tzst, .tar.bz2, .tbz2; closure:...; debootstrap:...;
 * empty), else NULL. */
const char *bootstrap_source_kind(const char *source);

/* A closure source "closure:BIN[,BIN...][+FILE[:JAILPATH][,...]]" split
 * into bins and files (NULL-terminated, in one allocation: free *bins
 * alone; *files may be NULL).  0, or -1 with e. */
int bootstrap_closure_parse(const char *source, char ***bins,
    char ***files, struct brig_err *e);

/* --- debootstrap.c: a Debian suite --------------------------------- */

#define DEB_SUITE_MAX 32	/* bytes in a suite name */
#define DEB_RELEASE_MAX 64	/* a release name is a jail name */
#define DEB_MIRROR "http://deb.debian.org/debian"

/* "debootstrap:SUITE[+PACKAGE[,PACKAGE...]]": the suite, and the extra
 * packages (debootstrap --include) sorted, each once, NULL-terminated
 * (one allocation, bootstrap_deb_free). */
struct deb_source {
	char suite[DEB_SUITE_MAX + 1];
	char **pkgs;
	size_t npkgs;
};

struct deb_opts {
	const char *mirror;	/* NULL: DEB_MIRROR */
	const char *keyring;	/* debootstrap --keyring, absolute; NULL:
				 * its default (debian-archive-keyring) */
	/* Each step debootstrap reports ("retrieving libc6 2.36-9",
	 * "configuring apt"); NULL: none. */
	void (*message)(const char *step, void *arg);
	void *message_arg;
	volatile sig_atomic_t *cancel;	/* as bootstrap_opts */
};

struct buf;

/* Parse a debootstrap source: a suite as Debian spells one (lower-case
 * letters, digits, '-', '.'; 32 bytes at most) and package names as
 * policy 5.6.1 does.  0, or -1 with e. */
int bootstrap_deb_parse(const char *source, struct deb_source *d,
    struct brig_err *e);
void bootstrap_deb_free(struct deb_source *d);
/* The source as text, packages sorted: the same text is the same base. */
void bootstrap_deb_canon(const struct deb_source *d, struct buf *b);
/* The release brig create keeps a suite in: SUITE[-PACKAGE...], '.' and
 * '+' spelt '_'; a name longer than DEB_RELEASE_MAX is cut and ends in a
 * hash of the whole source.  out: DEB_RELEASE_MAX + 1 bytes at least. */
void bootstrap_deb_release(const struct deb_source *d, char *out,
    size_t len);
/* debootstrap --variant=minbase [--include=...] [--keyring=...] SUITE
 * ROOT MIRROR, in a mount namespace of its own; ROOT an empty directory.
 * Counts what it made into st.  0, or -1 with e (its last "E:" line; the
 * end of its log is written to stderr). */
int bootstrap_debootstrap(const char *root, const struct deb_source *d,
    const struct deb_opts *o, struct bootstrap_stats *st,
    struct brig_err *e);
