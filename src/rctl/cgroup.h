/* A cgroup per jail, on hosts with cgroup v2, v1, or both (hybrid: v2
 * unified hierarchy without controllers plus v1 controller hierarchies,
 * as on the development machines).  Used to account, to limit (rctl),
 * and to stop every process of a jail. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../util/err.h"

struct cgroup;

/* Controllers, as bits of cgroup_create()'s need. */
#define CGROUP_MEMORY	0x1u
#define CGROUP_PIDS	0x2u
#define CGROUP_CPU	0x4u
#define CGROUP_FREEZER	0x8u
#define CGROUP_IO	0x10u	/* v2 io, v1 blkio: rctl's io throttles */
#define CGROUP_ALL	0x1fu

/* Create the jail's cgroup "brig/NAME": in the v2 hierarchy, and in the
 * v1 hierarchy of each controller in need (those rctl limits) that v2
 * does not hold; with no v2 hierarchy, also in the v1 pids and freezer
 * ones.  Each v1 hierarchy costs a migration at every start and exec.
 * An existing empty cgroup of that name is reused.  *out is freed by
 * cgroup_free(). */
int cgroup_create(const char *name, unsigned need, struct cgroup **out,
    struct brig_err *e);
/* Open the existing cgroup of a running jail (no creation): the
 * hierarchies where brig/NAME exists, whatever need made it. */
int cgroup_open(const char *name, struct cgroup **out, struct brig_err *e);
/* For a running jail: join brig/NAME in the v1 hierarchy of each
 * controller of need that the jail is not in yet (a rule added live,
 * such as memoryuse on a jail started without the memory controller),
 * and move every process of the jail into it, again until a pass finds
 * none left behind (a process forking meanwhile).  Controllers the v2
 * hierarchy holds need nothing: brig/NAME has them all from its start.
 * 0, or -1 with e. */
int cgroup_extend(struct cgroup *cg, unsigned need, struct brig_err *e);
/* The CGROUP_* bit of the controller that a cgroup file belongs to
 * ("memory.max" and "memory.limit_in_bytes": CGROUP_MEMORY; "io.max"
 * and "blkio.throttle.read_bps_device": CGROUP_IO); 0 for a controller
 * brig does not join (cpuset, devices). */
unsigned cgroup_controller_of(const char *file);
/* An O_DIRECTORY fd of the v2 cgroup for clone3(CLONE_INTO_CGROUP), or
 * -1 when the host has no v2 hierarchy. */
int cgroup_v2_fd(const struct cgroup *cg);
/* Move pid into every hierarchy of the cgroup. */
int cgroup_attach(const struct cgroup *cg, pid_t pid, struct brig_err *e);
/* The same for a process that clone3(CLONE_INTO_CGROUP) already put in
 * the v2 cgroup (in_v2): only the v1 hierarchies are written. */
int cgroup_attach_from(const struct cgroup *cg, pid_t pid, bool in_v2,
    struct brig_err *e);
/* Every pid in the cgroup (caller frees *pids). */
int cgroup_pids(const struct cgroup *cg, pid_t **pids, size_t *n,
    struct brig_err *e);
/* Signal every process (v2 cgroup.kill for SIGKILL when present;
 * otherwise freeze, signal each pid, thaw, repeated until none is new). */
int cgroup_signal(const struct cgroup *cg, int sig, struct brig_err *e);
/* Where cgroup_memory() took its figure from. */
enum cgroup_mem_src {
	CGROUP_MEM_CHARGED,	/* the memory controller's charge: v2
				 * memory.current or v1
				 * memory.usage_in_bytes (page cache and
				 * kernel memory included) */
	CGROUP_MEM_PSS,		/* no memory controller in the jail's
				 * cgroup: the sum of its processes' Pss
				 * (/proc/PID/smaps_rollup) */
};

/* Memory in use, bytes: the memory controller's charge when the cgroup
 * has one, otherwise the sum of the proportional set sizes of its
 * processes (Linux 4.14).  *src (may be NULL) says which.  -1 with e set
 * when unknown. */
int64_t cgroup_memory(const struct cgroup *cg, enum cgroup_mem_src *src,
    struct brig_err *e);
/* Remove the cgroup from every hierarchy; waits up to timeout_ms for it
 * to empty.  A cgroup already gone is success. */
int cgroup_destroy(struct cgroup *cg, int timeout_ms, struct brig_err *e);
void cgroup_free(struct cgroup *cg);
/* The paths used, for messages and leak checks ("v2:/sys/fs/...", ...). */
const char *cgroup_describe(const struct cgroup *cg, char *buf, size_t len);
