/* probe32: the 32-bit x86 ABI under a jail's seccomp filter.  Built
 * static with gcc -m32 (tests/privs/build.sh, only with gcc-multilib) and
 * exec'd by probe after privs_apply(): the filter and no_new_privs stay
 * across exec.  It uses libc as a 32-bit program would (Debian's i386
 * glibc creates sockets through socketcall(2)) and prints the same
 * "op RESULT" lines as probe. */
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif

static void
report(const char *name, long r)
{
	const char *en = r >= 0 ? "OK" : strerrorname_np(errno);

	printf("%s %s\n", name, en ? en : "?");
	fflush(stdout);
}

int
main(void)
{
	report("i386-socket-inet", socket(AF_INET, SOCK_STREAM, 0));
	report("i386-socket-vsock", socket(AF_VSOCK, SOCK_STREAM, 0));
	report("i386-socket-raw", socket(AF_INET, SOCK_RAW, 1));
	report("i386-unshare-user", unshare(CLONE_NEWUSER));
	report("i386-personality", personality(ADDR_NO_RANDOMIZE));
	report("i386-keyctl", syscall(SYS_keyctl, 0, -1, 0));
	report("i386-reboot", syscall(SYS_reboot, 0, 0, 0, NULL));
	return 0;
}
