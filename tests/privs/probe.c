/* probe: try operations as a jail's root would, after privs_apply().
 *
 *	probe [-n] [-p priv,...] [-d dir] op ...
 *
 * The probe forks; the child unshares mount, UTS and IPC namespaces (so
 * that an operation that is allowed changes nothing on the host: mounts,
 * hostname and device nodes die with it), mounts a tmpfs on dir and
 * enters it, applies privs_apply() with the allow.* named by -p (none
 * but suser by default; "nosuser" clears that) unless -n, then runs each
 * op in a fork of its own and prints one line per op:
 *
 *	op OK | op ERRNONAME | op SIGNAME (killed)
 *
 * besides "status" (capability and seccomp lines of /proc/self/status)
 * and "exec:PATH,ARG,..." (whatever PATH prints).
 *
 * Every op is chosen to be harmless when permitted: it fails after the
 * kernel's permission check (reboot with a bad magic, init_module with no
 * image, clock_settime on CLOCK_MONOTONIC, swapon of a missing file, the
 * console log level 99) or acts only in the child's namespaces.  Exit: 0,
 * 1 on a setup failure, 2 on usage. */
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/wait.h>
#if defined(__x86_64__)
#include <sys/io.h>
#endif

#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ns/privs.h"

#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#define UFFD_USER_MODE_ONLY_ 1	/* linux/userfaultfd.h, 5.11 */
#define KEYCTL_GET_KEYRING_ID_ 0
#define KEY_SPEC_THREAD_KEYRING_ (-1)
#define SYSLOG_SIZE_BUFFER 10
#define SYSLOG_READ_ALL 3
#define SYSLOG_CONSOLE_LEVEL 8
#define NOWHERE "/nonexistent-brig-probe"

/* --- operations: each returns >= 0 if permitted, -1 with errno if not --- */

static long
op_mount(void)
{
	return mount("brig-probe", ".", "tmpfs", 0, "size=16k");
}

static long
op_umount(void)
{
	return umount2(".", MNT_DETACH);
}

static long
op_pivot_root(void)
{
	return syscall(SYS_pivot_root, NOWHERE, NOWHERE);
}

static long
op_fsopen(void)
{
	return syscall(SYS_fsopen, "tmpfs", 1 /* FSOPEN_CLOEXEC */);
}

static long
op_open_tree(void)
{
	return syscall(SYS_open_tree, AT_FDCWD, "/", 0);
}

static long
op_raw(void)
{
	return socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
}

static long
op_raw_nonblock(void)
{
	return socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_UDP);
}

static long
op_raw6(void)
{
	return socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
}

static long
op_packet(void)
{
	return socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

static long
op_sock_packet(void)
{
	return socket(AF_INET, SOCK_PACKET, htons(ETH_P_ALL));
}

static long
op_inet(void)
{
	return socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

static long
op_inet6(void)
{
	return socket(AF_INET6, SOCK_DGRAM, 0);
}

static long
op_unix(void)
{
	return socket(AF_UNIX, SOCK_STREAM, 0);
}

static long
op_unixpair(void)
{
	int sv[2];

	return socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
}

static long
op_netlink(void)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

static long
op_getifaddrs(void)
{
	struct ifaddrs *ifa;

	return getifaddrs(&ifa);
}

static long
op_vsock(void)
{
	return socket(AF_VSOCK, SOCK_STREAM, 0);
}

static long
op_settimeofday(void)
{
	/* The system call: glibc's settimeofday reads *tv.  With neither
	 * argument the kernel only checks CAP_SYS_TIME. */
	return syscall(SYS_settimeofday, NULL, NULL);
}

static long
op_clock_settime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return clock_settime(CLOCK_MONOTONIC, &ts);
}

static long
op_adjtimex_read(void)
{
	struct timex tx = { .modes = 0 };

	return adjtimex(&tx);
}

static long
op_adjtimex_write(void)
{
	/* tick 1 is out of range: EINVAL once CAP_SYS_TIME passed. */
	struct timex tx = { .modes = ADJ_TICK, .tick = 1 };

	return adjtimex(&tx);
}

static long
op_init_module(void)
{
	return syscall(SYS_init_module, "brig", 4UL, "");
}

static long
op_finit_module(void)
{
	return syscall(SYS_finit_module, -1, "", 0);
}

static long
op_delete_module(void)
{
	return syscall(SYS_delete_module, "brig_probe_none", O_NONBLOCK);
}

static long
op_reboot(void)
{
	/* Magic 0: EINVAL once CAP_SYS_BOOT passed. */
	return syscall(SYS_reboot, 0, 0, 0, NULL);
}

static long
op_swapon(void)
{
	return swapon(NOWHERE, 0);
}

static long
op_acct(void)
{
	return acct(NOWHERE);
}

static long
op_keyctl(void)
{
	return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID_,
	    KEY_SPEC_THREAD_KEYRING_, 0);
}

static long
op_add_key(void)
{
	return syscall(SYS_add_key, "brig_probe_no_type", "d", "x", 1UL,
	    KEY_SPEC_THREAD_KEYRING_);
}

static long
op_bpf(void)
{
	char attr[128] = { 0 };	/* BPF_MAP_CREATE of BPF_MAP_TYPE_UNSPEC */

	return syscall(SYS_bpf, 0, attr, sizeof(attr));
}

static long
op_perf_event_open(void)
{
	struct perf_event_attr a = { .type = 0xffff, .size = sizeof(a) };

	return syscall(SYS_perf_event_open, &a, 0, -1, -1, 0UL);
}

static long
op_userfaultfd(void)
{
	return syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY_);
}

static long
op_unshare_user(void)
{
	return unshare(CLONE_NEWUSER);
}

static long
op_unshare_files(void)
{
	return unshare(CLONE_FILES);
}

static long
reap(long pid)
{
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

static long
op_clone_user(void)
{
	return reap(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
}

static long
op_clone3(void)
{
	uint64_t args[8] = { 0 };	/* struct clone_args, version 0 */

	args[4] = SIGCHLD;		/* exit_signal */
	return reap(syscall(SYS_clone3, args, sizeof(args)));
}

static long
op_fork(void)
{
	return reap(fork());
}

static void *
thread_main(void *arg)
{
	return arg;
}

static long
op_thread(void)
{
	pthread_t t;
	int rc;

	/* glibc tries clone3 first and falls back to clone on ENOSYS. */
	if ((rc = pthread_create(&t, NULL, thread_main, NULL)) != 0) {
		errno = rc;
		return -1;
	}
	return pthread_join(t, NULL);
}

static long
op_setns(void)
{
	return setns(-1, 0);
}

/* Values personality(2) must refuse: every single flag bit but
 * PER_LINUX32's and UNAME26's, every value one bit short of the query,
 * the flags exploits use, and a deterministic spread of others. */
static long
op_personality_bad(void)
{
	static const unsigned long named[] = { ADDR_NO_RANDOMIZE,
		READ_IMPLIES_EXEC, ADDR_COMPAT_LAYOUT, MMAP_PAGE_ZERO,
		PER_LINUX32 | ADDR_NO_RANDOMIZE, UNAME26 | READ_IMPLIES_EXEC,
		PER_BSD, PER_SVR4, 0xfffffffe, 0x7fffffff };
	unsigned long v[64 + 10 + 200], x = 12345;
	size_t n = 0, i;
	int b;

	for (b = 0; b < 32; b++) {
		if (b != 3 && b != 17)
			v[n++] = 1UL << b;
		v[n++] = 0xffffffffUL & ~(1UL << b);
	}
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		v[n++] = named[i];
	while (n < sizeof(v) / sizeof(v[0])) {
		x = (x * 1103515245 + 12345) & 0xffffffff;
		if ((x & ~(unsigned long)(PER_LINUX32 | UNAME26)) != 0 &&
		    x != 0xffffffff)
			v[n++] = x;
	}
	for (i = 0; i < n; i++) {
		if (personality(v[i]) != -1) {
			personality(PER_LINUX);
			return 0;
		}
		if (errno != EPERM)
			return -1;
	}
	errno = EPERM;
	return -1;
}

static long
op_personality_good(void)
{
	static const unsigned long good[] = { PER_LINUX, PER_LINUX32,
		UNAME26, PER_LINUX32 | UNAME26, 0xffffffff };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (personality(good[i]) == -1)
			return -1;
	return personality(PER_LINUX);
}

#if defined(__x86_64__)
static long
op_iopl(void)
{
	return iopl(0);
}

static long
op_ioperm(void)
{
	return ioperm(0x80, 1, 0);
}
#endif

static long
op_sethostname(void)
{
	return sethostname("brig-probe", 10);
}

static long
op_syslog_size(void)
{
	return klogctl(SYSLOG_SIZE_BUFFER, NULL, 0);
}

static long
op_syslog_read(void)
{
	char buf[64];

	return klogctl(SYSLOG_READ_ALL, buf, sizeof(buf));
}

static long
op_syslog_console_level(void)
{
	/* Level 99: EINVAL once the permission check passed. */
	return klogctl(SYSLOG_CONSOLE_LEVEL, NULL, 99);
}

static long
node(const char *name, mode_t mode, unsigned ma, unsigned mi)
{
	unlink(name);
	return mknod(name, mode | 0600, makedev(ma, mi));
}

static long
op_mknod_null(void)
{
	return node("null", S_IFCHR, 1, 3);
}

static long
op_mknod_tun(void)
{
	return node("tun", S_IFCHR, 10, 200);
}

static long
op_mknod_mem(void)
{
	return node("mem", S_IFCHR, 1, 1);
}

static long
op_mknod_uinput(void)
{
	return node("uinput", S_IFCHR, 10, 223);
}

static long
op_mknod_blk(void)
{
	return node("sda", S_IFBLK, 8, 0);
}

static long
op_mknod_fifo(void)
{
	return node("fifo", S_IFIFO, 0, 0);
}

static long
op_mknod_old_mem(void)
{
	/* The old mknod(2) itself, not glibc's mknodat. */
	unlink("mem2");
	return syscall(SYS_mknod, "mem2", S_IFCHR | 0600, makedev(1, 1));
}

#if defined(__x86_64__)
/* The i386 system call table, from this 64-bit process: int 0x80. */
static long
int80(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
	    : "=a"(ret)
	    : "a"(nr), "b"(a), "c"(b), "d"(c)
	    : "memory", "r8", "r9", "r10", "r11");
	if ((int)ret < 0 && (int)ret > -4096) {
		errno = -(int)ret;
		return -1;
	}
	return (int)ret;
}

static long
op_ia32_getpid(void)
{
	return int80(20, 0, 0, 0);
}

static long
op_ia32_unshare_user(void)
{
	return int80(310, CLONE_NEWUSER, 0, 0);
}

static long
op_ia32_keyctl(void)
{
	return int80(288, KEYCTL_GET_KEYRING_ID_, KEY_SPEC_THREAD_KEYRING_, 0);
}

static long
op_ia32_reboot(void)
{
	return int80(88, 0, 0, 0);
}

static long
op_ia32_personality(void)
{
	return int80(136, ADDR_NO_RANDOMIZE, 0, 0);
}

static long
op_ia32_socket_vsock(void)
{
	return int80(359, AF_VSOCK, SOCK_STREAM, 0);
}

static long
op_ia32_socket_inet(void)
{
	return int80(359, AF_INET, SOCK_STREAM, 0);
}

static long
op_ia32_socket_raw(void)
{
	return int80(359, AF_INET, SOCK_RAW, IPPROTO_ICMP);
}

/* socketcall(SYS_SOCKET, args): the arguments must be addressable by
 * the 32-bit ABI. */
static long
op_ia32_socketcall_inet(void)
{
	uint32_t *args = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	if (args == MAP_FAILED)
		return -1;
	args[0] = AF_INET;
	args[1] = SOCK_STREAM;
	args[2] = 0;
	return int80(102, 1, (long)(uintptr_t)args, 0);
}
#endif

struct op {
	const char *name;
	long (*fn)(void);
};

static const struct op ops[] = {
	{ "mount", op_mount },
	{ "umount", op_umount },
	{ "pivot_root", op_pivot_root },
	{ "fsopen", op_fsopen },
	{ "open_tree", op_open_tree },
	{ "raw", op_raw },
	{ "raw-nonblock", op_raw_nonblock },
	{ "raw6", op_raw6 },
	{ "packet", op_packet },
	{ "sock-packet", op_sock_packet },
	{ "inet", op_inet },
	{ "inet6", op_inet6 },
	{ "unix", op_unix },
	{ "unixpair", op_unixpair },
	{ "netlink", op_netlink },
	{ "getifaddrs", op_getifaddrs },
	{ "vsock", op_vsock },
	{ "settimeofday", op_settimeofday },
	{ "clock_settime", op_clock_settime },
	{ "adjtimex-read", op_adjtimex_read },
	{ "adjtimex-write", op_adjtimex_write },
	{ "init_module", op_init_module },
	{ "finit_module", op_finit_module },
	{ "delete_module", op_delete_module },
	{ "reboot", op_reboot },
	{ "swapon", op_swapon },
	{ "acct", op_acct },
	{ "keyctl", op_keyctl },
	{ "add_key", op_add_key },
	{ "bpf", op_bpf },
	{ "perf_event_open", op_perf_event_open },
	{ "userfaultfd", op_userfaultfd },
	{ "unshare-user", op_unshare_user },
	{ "unshare-files", op_unshare_files },
	{ "clone-user", op_clone_user },
	{ "clone3", op_clone3 },
	{ "fork", op_fork },
	{ "thread", op_thread },
	{ "setns", op_setns },
	{ "personality-bad", op_personality_bad },
	{ "personality-good", op_personality_good },
#if defined(__x86_64__)
	{ "iopl", op_iopl },
	{ "ioperm", op_ioperm },
#endif
	{ "sethostname", op_sethostname },
	{ "syslog-size", op_syslog_size },
	{ "syslog-read", op_syslog_read },
	{ "syslog-console-level", op_syslog_console_level },
	{ "mknod-null", op_mknod_null },
	{ "mknod-tun", op_mknod_tun },
	{ "mknod-mem", op_mknod_mem },
	{ "mknod-uinput", op_mknod_uinput },
	{ "mknod-blk", op_mknod_blk },
	{ "mknod-fifo", op_mknod_fifo },
	{ "mknod-old-mem", op_mknod_old_mem },
#if defined(__x86_64__)
	{ "ia32-getpid", op_ia32_getpid },
	{ "ia32-unshare-user", op_ia32_unshare_user },
	{ "ia32-keyctl", op_ia32_keyctl },
	{ "ia32-reboot", op_ia32_reboot },
	{ "ia32-personality", op_ia32_personality },
	{ "ia32-socket-vsock", op_ia32_socket_vsock },
	{ "ia32-socket-inet", op_ia32_socket_inet },
	{ "ia32-socket-raw", op_ia32_socket_raw },
	{ "ia32-socketcall-inet", op_ia32_socketcall_inet },
#endif
};

/* --- the driver -------------------------------------------------------- */

struct priv_flag {
	const char *name;
	size_t off;
	bool val;
};

#define PF(f) { #f, offsetof(struct jail_privs, f), true }
static const struct priv_flag priv_flags[] = {
	PF(raw_sockets), PF(vnet), PF(chflags), PF(mlock), PF(set_hostname),
	PF(socket_af), PF(sysvipc), PF(read_msgbuf), PF(proc_debug),
	PF(mknod),
	{ "nosuser", offsetof(struct jail_privs, suser), false },
};
#undef PF

static int
parse_privs(char *list, struct jail_privs *p)
{
	char *tok, *save = NULL;
	size_t i;

	for (tok = strtok_r(list, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(priv_flags) / sizeof(priv_flags[0]); i++)
			if (strcmp(tok, priv_flags[i].name) == 0)
				break;
		if (i == sizeof(priv_flags) / sizeof(priv_flags[0])) {
			fprintf(stderr, "probe: unknown privilege %s\n", tok);
			return -1;
		}
		*(bool *)((char *)p + priv_flags[i].off) = priv_flags[i].val;
	}
	return 0;
}

/* /proc/self/status lines about capabilities and confinement. */
static void
print_status(void)
{
	static const char *const keys[] = { "CapInh:", "CapPrm:", "CapEff:",
		"CapBnd:", "CapAmb:", "NoNewPrivs:", "Seccomp:" };
	char line[256], *v;
	FILE *fp = fopen("/proc/self/status", "r");
	size_t i;

	if (fp == NULL) {
		dprintf(STDOUT_FILENO, "status %s\n", strerrorname_np(errno));
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL)
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0) {
				v = line + strlen(keys[i]);
				v += strspn(v, " \t");
				dprintf(STDOUT_FILENO, "status %.*s %s",
				    (int)strlen(keys[i]) - 1, keys[i], v);
			}
	fclose(fp);
}

/* exec:PATH[,ARG...]: the filter and no_new_privs stay across exec, and
 * uid 0's capabilities become its bounding set. */
static void
exec_op(const char *name)
{
	char buf[1024], *argv[16], *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", name + 5);
	for (argv[n] = strtok_r(buf, ",", &save); argv[n] != NULL && n < 15;
	    argv[++n] = strtok_r(NULL, ",", &save))
		;
	argv[n] = NULL;
	if (n > 0)
		execv(argv[0], argv);
	dprintf(STDOUT_FILENO, "%s %s\n", name, strerrorname_np(errno));
}

static void
run_op(const char *name)
{
	const struct op *o = NULL;
	const char *en;
	size_t i;
	long r;

	if (strcmp(name, "status") == 0) {
		print_status();
		return;
	}
	if (strncmp(name, "exec:", 5) == 0) {
		exec_op(name);
		return;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(ops[i].name, name) == 0)
			o = &ops[i];
	if (o == NULL) {
		dprintf(STDOUT_FILENO, "%s unknown\n", name);
		return;
	}
	errno = 0;
	r = o->fn();
	en = r >= 0 ? "OK" : strerrorname_np(errno);
	dprintf(STDOUT_FILENO, "%s %s\n", name, en ? en : "?");
}

static int
child(struct jail_privs *p, bool apply, const char *dir, char **opv, int opc)
{
	struct brig_err e;
	char buf[600];
	int i, st;
	pid_t pid;

	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC) == -1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		perror("probe: private namespaces");
		return 1;
	}
	if (dir != NULL && (mount("brig-probe", dir, "tmpfs", 0,
	    "size=64k,mode=0700") == -1 || chdir(dir) == -1)) {
		perror("probe: scratch tmpfs");
		return 1;
	}
	if (apply && privs_apply(p, &e) == -1) {
		fprintf(stderr, "probe: %s\n", err_str(&e, buf, sizeof(buf)));
		return 1;
	}
	for (i = 0; i < opc; i++) {
		if ((pid = fork()) == -1) {
			perror("probe: fork");
			return 1;
		}
		if (pid == 0) {
			run_op(opv[i]);
			_exit(0);
		}
		if (waitpid(pid, &st, 0) == -1) {
			perror("probe: waitpid");
			return 1;
		}
		if (WIFSIGNALED(st))
			dprintf(STDOUT_FILENO, "%s SIG%s\n", opv[i],
			    sigabbrev_np(WTERMSIG(st)));
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct jail_privs p = { .suser = true };
	const char *dir = NULL;
	bool apply = true;
	int c, st;
	pid_t pid;

	while ((c = getopt(argc, argv, "d:np:")) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'n':
			apply = false;
			break;
		case 'p':
			if (parse_privs(optarg, &p) == -1)
				return 2;
			break;
		default:
			fprintf(stderr, "usage: probe [-n] [-p priv,...] "
			    "[-d dir] op ...\n");
			return 2;
		}
	}
	if ((pid = fork()) == -1) {
		perror("probe: fork");
		return 1;
	}
	if (pid == 0)
		_exit(child(&p, apply, dir, argv + optind, argc - optind));
	if (waitpid(pid, &st, 0) == -1) {
		perror("probe: waitpid");
		return 1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
