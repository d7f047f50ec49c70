/* Raw system calls that Debian 12's glibc (2.36) has no wrapper for, in one
 * place.  They follow libc's convention: -1 with errno on failure.  (2.36
 * does wrap the new mount API: fsopen, fsconfig, fsmount, open_tree,
 * move_mount and mount_setattr come from <sys/mount.h>.) */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct open_how;

/* openat2(2), Linux 5.6.  Once the kernel (or a seccomp filter) answers
 * ENOSYS, later calls fail with ENOSYS at once: callers then use their
 * userspace fallback (util/path.c). */
int sys_openat2(int dirfd, const char *path, const struct open_how *how,
    size_t size);
/* pivot_root(2). */
int sys_pivot_root(const char *new_root, const char *put_old);

/* For tests: behave as a kernel without openat2 (true), or probe again
 * (false), so that the userspace fallback can be exercised here. */
void sys_test_no_openat2(bool on);
