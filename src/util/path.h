/* Paths inside an untrusted root.  Everything is opened from a root fd with
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so that ".." and
 * symlinks cannot leave the root; where the kernel lacks openat2 (ENOSYS,
 * cached) a userspace walk does the same, component by component with
 * O_NOFOLLOW. */
#pragma once

#include <sys/types.h>

#include "err.h"

/* open(path) inside rootfd; flags as openat(2) (O_CLOEXEC is added). */
int path_open_in_root(int rootfd, const char *path, int flags, mode_t mode,
    struct brig_err *e);
/* mkdir -p inside rootfd, then open the result O_PATH|O_DIRECTORY. */
int path_mkdirs_in_root(int rootfd, const char *path, mode_t mode,
    struct brig_err *e);
