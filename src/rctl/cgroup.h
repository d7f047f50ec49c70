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

/* Create the jail's cgroup "brig/NAME" in every hierarchy brig uses (v2
 * unified; v1 memory, pids, cpu, freezer where mounted).  An existing
 * empty cgroup of that name is reused.  *out is freed by cgroup_free(). */
int cgroup_create(const char *name, struct cgroup **out, struct brig_err *e);
/* Open the existing cgroup of a running jail (no creation). */
int cgroup_open(const char *name, struct cgroup **out, struct brig_err *e);
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
/* Memory in use, bytes (v2 memory.current or v1 memory.usage_in_bytes);
 * -1 with e set when unknown. */
int64_t cgroup_memory(const struct cgroup *cg, struct brig_err *e);
/* Remove the cgroup from every hierarchy; waits up to timeout_ms for it
 * to empty.  A cgroup already gone is success. */
int cgroup_destroy(struct cgroup *cg, int timeout_ms, struct brig_err *e);
void cgroup_free(struct cgroup *cg);
/* The paths used, for messages and leak checks ("v2:/sys/fs/...", ...). */
const char *cgroup_describe(const struct cgroup *cg, char *buf, size_t len);
