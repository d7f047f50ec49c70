/* Paths inside an untrusted root.  Everything is opened from a root fd with
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so that ".." and
 * symlinks cannot leave the root; where the kernel lacks openat2 (ENOSYS,
 * cached) a userspace walk does the same, component by component with
 * O_NOFOLLOW.
 *
 * Symbolic links: with openat2 a link is followed, inside the root (an
 * absolute target or ".." stops at rootfd).  O_NOFOLLOW in flags means
 * more than openat(2)'s "not the last component": no link anywhere in the
 * path (RESOLVE_NO_SYMLINKS), and ELOOP when there is one, even with
 * O_PATH.  The fallback walk is stricter still: it follows no link and
 * takes no ".." at all (ELOOP; a ".." is an error without errno), never
 * guessing. */
#pragma once

#include <sys/types.h>

#include "err.h"

/* open(path) inside rootfd; flags as openat(2) (O_CLOEXEC is added), but
 * see O_NOFOLLOW above.  A relative path is taken from rootfd too. */
int path_open_in_root(int rootfd, const char *path, int flags, mode_t mode,
    struct brig_err *e);
/* mkdir -p inside rootfd, then open the result O_PATH|O_DIRECTORY.  The
 * mode is mkdir(2)'s (the umask applies); existing directories are kept
 * as they are. */
int path_mkdirs_in_root(int rootfd, const char *path, mode_t mode,
    struct brig_err *e);
