/* Private to src/rctl: the parts of limit.c and iodev.c that the unit
 * tests reach (tests/unit/t_rctl_limit.c): the writers of one
 * controller's files, pointed at a fake cgroup directory there, and the
 * pure steps of finding a jail's block device. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup_int.h"
#include "limit.h"

/* The kernel's figure for "no limit" where a v1 file is read back:
 * PAGE_COUNTER_MAX pages, or any larger number. */
#define RCTL_V1_UNLIMITED	UINT64_MAX

/* Write the knobs of controller c (CG_MEMORY, CG_PIDS, CG_CPU or CG_IO)
 * into the cgroup directory dfd (dpath names it in messages) of a v2 or
 * a v1 hierarchy.  0, or -1 with e naming the file. */
int rctl_write_ctl(const struct rctl_plan *p, enum cgroup_ctl c, int dfd,
    const char *dpath, bool v2, struct brig_err *e);
/* v1 keeps memory.memsw.limit_in_bytes (memory + swap) at or above
 * memory.limit_in_bytes, refusing a write that would break that: the
 * memsw limit goes first when the new memory limit is above the current
 * memsw one (raising), last otherwise (lowering).  UINT64_MAX is no
 * limit. */
bool rctl_memsw_first(uint64_t new_mem, uint64_t cur_memsw);

/* kernel.sem's text cur ("SEMMSL SEMMNS SEMOPM SEMMNI", tabs or
 * spaces) with its second and third fields replaced, in out: 0, or -1
 * when cur is not four numbers or out is too small. */
int rctl_sem_edit(const char *cur, uint64_t semmns, uint64_t semopm,
    char *out, size_t len);
/* The sysctl of IPC knob k in words: "kernel.shmmni",
 * "kernel.sem SEMOPM". */
const char *rctl_ipc_name(enum rctl_ipc k);

/* The mount that holds a path, as /proc/self/mountinfo says (proc(5)). */
struct rctl_mount {
	unsigned major, minor;	/* its st_dev: 0:N is anonymous */
	char point[PATH_MAX];
	char type[64];
	char source[PATH_MAX];
	char upper[PATH_MAX];	/* overlay's upperdir=, or "" */
};

/* The mount of mountinfo text whose mount point is the longest prefix
 * of path (absolute, symlinks resolved); of equal ones the later (it
 * hides the others).  0; -1 with errno ENOENT (none) or EINVAL (a line
 * it cannot read). */
int rctl_mount_of(const char *mountinfo, const char *path,
    struct rctl_mount *out);
/* The whole disk of block device dev, under the sysfs mounted at sys:
 * dev itself, or the parent of a partition (SYS/dev/block/MAJ:MIN has a
 * "partition" file; its directory is under the disk's). */
int rctl_disk_of(const char *sys, dev_t dev, dev_t *out,
    struct brig_err *e);
