#include <errno.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "sys.h"

/* Set once openat2 answered ENOSYS (crun's safe_openat caches the same
 * way).  Only ever goes from false to true outside of tests, so a race
 * between threads costs one extra system call at worst. */
static bool no_openat2;

int
sys_openat2(int dirfd, const char *path, const struct open_how *how,
    size_t size)
{
	long rc;

	if (no_openat2) {
		errno = ENOSYS;
		return -1;
	}
	rc = syscall(SYS_openat2, dirfd, path, how, size);
	if (rc == -1 && errno == ENOSYS)
		no_openat2 = true;
	return (int)rc;
}

int
sys_pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(SYS_pivot_root, new_root, put_old);
}

void
sys_test_no_openat2(bool on)
{
	no_openat2 = on;
}
