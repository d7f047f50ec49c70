/* Private to src/rctl: the cgroup backends (cgroup1.c, cgroup2.c) behind
 * a small vtable, as crun's cgroup-internal.h, what cgroup.c and
 * cgroup_procs.c share, and the pure parts that the unit tests reach. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../util/err.h"
#include "cgroup.h"

/* The controllers brig uses.  A controller listed in the v2
 * cgroup.controllers is used there, otherwise from its v1 mount.  The
 * freezer is no v2 controller: v2 has cgroup.freeze in every non-root
 * cgroup (Linux 5.2), used when no v1 freezer is mounted. */
enum cgroup_ctl {
	CG_MEMORY,
	CG_PIDS,
	CG_CPU,
	CG_FREEZER,
	CG_IO,		/* v2 "io", v1 "blkio" */
	CG_NCTL
};

#define CG_BIT(c)	(1u << (c))
#define CG_V2_SUB	CG_BIT(CG_NCTL)	/* cgroup_layout.sub: the v2 mount */

/* cgroup.h's CGROUP_* are these bits. */
_Static_assert(CGROUP_MEMORY == CG_BIT(CG_MEMORY) &&
    CGROUP_PIDS == CG_BIT(CG_PIDS) && CGROUP_CPU == CG_BIT(CG_CPU) &&
    CGROUP_FREEZER == CG_BIT(CG_FREEZER) && CGROUP_IO == CG_BIT(CG_IO) &&
    CGROUP_ALL == CG_BIT(CG_NCTL) - 1, "CGROUP_* and CG_BIT() differ");

/* Where the hierarchies are mounted, as /proc/self/mountinfo says. */
struct cgroup_layout {
	char v2[PATH_MAX];		/* the cgroup2 mount; "" if none */
	char v1[CG_NCTL][PATH_MAX];	/* each controller's v1 mount */
	unsigned sub;			/* CG_BIT(c), CG_V2_SUB: that mount
					 * shows a subdirectory of its
					 * hierarchy; a later mount of the
					 * whole one wins */
};

/* Parse mountinfo text (proc(5), util/mountinfo.h) into *out; the
 * first mount of each hierarchy is used, unless only a later one shows
 * its root.  Returns 0, or -1 with errno EINVAL (a malformed line),
 * ENAMETOOLONG (a mount point of PATH_MAX bytes or more) or ENOMEM. */
int cgroup_parse_mountinfo(const char *text, struct cgroup_layout *out);
/* The CG_BITs named in the text of a v2 cgroup.controllers file. */
unsigned cgroup_parse_controllers(const char *text);
/* A controller's name: as in v2's cgroup.controllers, or as in the v1
 * mount options ("io" and "blkio"; the others are the same). */
const char *cgroup_ctl_name(enum cgroup_ctl c, bool v1);
/* The directory of the hierarchy that holds controller c, or NULL when
 * the jail is not in one (rctl's limit writers, limit.c). */
const struct cgroup_dir *cgroup_dir_of(const struct cgroup *cg,
    enum cgroup_ctl c);
/* The jail's v2 directory, or NULL without one (usage.c: cpu.stat is
 * in every v2 cgroup, controllers or not). */
const struct cgroup_dir *cgroup_v2_dir(const struct cgroup *cg);
/* The jail's name. */
const char *cgroup_name(const struct cgroup *cg);

/* Refuse names that are no single path component ("", ".", "..", "/"),
 * control characters and names over NAME_MAX: the config checker
 * already refused them, this is defence in depth. */
int cgroup_name_check(const char *name, struct brig_err *e);

/* One hierarchy's directory of the jail. */
struct cgroup_dir {
	const struct cgroup_ops *ops;
	unsigned ctl;		/* CG_BITs brig uses in this hierarchy */
	int fd;			/* O_DIRECTORY of path; -1 when absent */
	bool created;		/* made by this cgroup_create() */
	char *root;		/* the mount point */
	char *path;		/* root + "/brig/" + name */
};

/* What differs between v1 and v2.  Functions returning 1 mean "this
 * hierarchy cannot do that": the caller takes another way. */
struct cgroup_ops {
	const char *name;	/* "v1", "v2" */
	const char *memory_file;	/* bytes in use */
	/* Make root/brig ready for a child using d->ctl (v2: enable the
	 * controllers in the parents' cgroup.subtree_control). */
	int (*prepare)(const struct cgroup_dir *d, struct brig_err *e);
	/* Freeze (and wait, best effort, until frozen) or thaw. */
	int (*freeze)(const struct cgroup_dir *d, bool on, struct brig_err *e);
	/* SIGKILL every process at once (v2 cgroup.kill, Linux 5.14). */
	int (*kill)(const struct cgroup_dir *d, struct brig_err *e);
};

extern const struct cgroup_ops cgroup_v1_ops;
extern const struct cgroup_ops cgroup_v2_ops;

/* A jail's cgroup: its directory in each hierarchy it is in. */
struct cgroup {
	char name[NAME_MAX + 1];
	size_t n;
	struct cgroup_dir dir[1 + CG_NCTL];	/* v2 first, if mounted */
};

#define CG_MAX_DEPTH	32	/* child cgroups walked below brig/NAME */

/* Between cgroup.c (the cgroup) and cgroup_procs.c (its processes). */

/* The directories of brig/NAME, none touched yet: v2 always, then each
 * v1 mount of a controller that v2 does not hold and the jail needs. */
int cgroup_dirs_new(const char *name, unsigned need, struct cgroup **out,
    struct brig_err *e);
/* Create (or reuse, when empty) and open d's directory. */
int cgroup_dir_make(struct cgroup_dir *d, struct brig_err *e);
/* The directory of the hierarchy holding controller c, open or not. */
const struct cgroup_dir *cgroup_find_ctl(const struct cgroup *cg,
    enum cgroup_ctl c);
/* file (or ".") of a cgroup directory: openat(dfd) when dfd >= 0,
 * otherwise dpath/file; O_CLOEXEC added. */
int cgroup_open_in(int dfd, const char *dpath, const char *file, int flags);

/* How long a freeze may take before signalling goes on without it. */
#define CG_FREEZE_TIMEOUT_MS	500

/* Small-file I/O on a cgroup directory: dfd, or AT_FDCWD with dpath
 * absolute; dpath names the file in messages.  Writes are one write(2)
 * (cgroupfs takes each write as a whole). */
int cgroup_file_write(int dfd, const char *dpath, const char *file,
    const char *val, struct brig_err *e);
/* Read up to len - 1 bytes, NUL-terminated; returns the length. */
ssize_t cgroup_file_read(int dfd, const char *dpath, const char *file,
    char *buf, size_t len, struct brig_err *e);
/* A whole file of any size (mountinfo, cgroup.procs, /proc/PID/...)
 * into *out, NUL-terminated; caller frees.  0, or -1 with e (its errnum
 * says why: ENOENT, ESRCH for a process gone). */
int cgroup_file_read_all(int dfd, const char *dpath, const char *file,
    char **out, struct brig_err *e);
/* Sleep for us microseconds (EINTR resumes). */
void cgroup_sleep_us(long us);
/* CLOCK_MONOTONIC in milliseconds. */
long long cgroup_now_ms(void);

/* The ways cgroup_signal() may stop processes; cgroup_signal_with()
 * lets tests switch some off to take the paths other hosts take. */
#define CG_USE_KILL	0x1u	/* v2 cgroup.kill, for SIGKILL */
#define CG_USE_FREEZER1	0x2u	/* the v1 freezer */
#define CG_USE_FREEZER2	0x4u	/* v2 cgroup.freeze */
#define CG_USE_ALL	0x7u

int cgroup_signal_with(const struct cgroup *cg, int sig, unsigned use,
    struct brig_err *e);

/* The Pss line of a /proc/PID/smaps_rollup text, in bytes; 0 when there
 * is none (a process without memory: a zombie, a kernel thread); -1
 * with errno EINVAL when its number cannot be read. */
int64_t cgroup_parse_pss(const char *text);
/* The sum of the Pss of the processes pids (cgroup_mem.c); a process
 * gone meanwhile counts 0. */
int64_t cgroup_pss_sum(const pid_t *pids, size_t n, struct brig_err *e);
