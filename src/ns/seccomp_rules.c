/* The seccomp filter of a jail's root as a table: what it denies, with
 * which errno, for which allow.* parameters, and why (privs.c has the
 * reasoning for the whole).  One source for the filter precompiled at
 * build time (tools/gen-seccomp with seccomp_build.c), for the unit test
 * that rebuilds it, and for privs_describe().  No libseccomp call here,
 * only its argument-comparison type: brig itself does not need it.
 *
 * The filter's default is ALLOW: the denials are for what capabilities
 * cannot express (user namespaces, keyrings, socket families, ...) and a
 * second lock on what they can (mount, modules, the clock). */
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>

#include "privs_int.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define ONE(v) { (uint32_t)(v), UINT32_MAX }

/* The socket families a jail gets without allow.socket_af, as FreeBSD's
 * (UNIX, INET, INET6, route: NETLINK here).  PACKET is decided by its own
 * rule, with the raw sockets. */
static const struct cube base_families[] = {
	ONE(AF_UNIX), ONE(AF_INET), ONE(AF_INET6), ONE(AF_NETLINK),
	ONE(AF_PACKET),
};

/* personality(2): PER_LINUX and PER_LINUX32, with or without UNAME26, and
 * the 0xffffffff query, as Docker allows.  Anything else sets flags such
 * as ADDR_NO_RANDOMIZE or READ_IMPLIES_EXEC that help exploits. */
static const struct cube personas[] = {
	{ 0, ~(uint32_t)(PER_LINUX32 | UNAME26) },
	ONE(0xffffffffu),
};

/* The character devices the devfs rulesets may hold (devfs.h), encoded as
 * the kernel decodes mknod(2)'s dev (new_decode_dev: minor's low byte,
 * 12 bits of major, the rest of minor).  Without a device cgroup any other
 * node (a disk, /dev/uinput, /dev/watchdog) would open the host's device;
 * block devices are refused outright. */
#define KDEV(ma, mi) ((((mi) & 0xffu) | ((ma) << 8) | (((mi) & ~0xffu) << 12)))
static const struct cube devfs_devs[] = {
	ONE(KDEV(1, 3)),	/* null */
	ONE(KDEV(1, 5)),	/* zero */
	ONE(KDEV(1, 7)),	/* full */
	ONE(KDEV(1, 8)),	/* random */
	ONE(KDEV(1, 9)),	/* urandom */
	ONE(KDEV(5, 0)),	/* tty */
	ONE(KDEV(5, 2)),	/* ptmx */
	ONE(KDEV(10, 200)),	/* net/tun */
	ONE(KDEV(10, 229)),	/* fuse */
};

/* syslog(2) actions (the kernel's include/linux/syslog.h, not exported)
 * that change the host's log or console rather than read it. */
#define SYSLOG_ACTION_READ		2
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_OFF	6
#define SYSLOG_ACTION_CONSOLE_ON	7
#define SYSLOG_ACTION_CONSOLE_LEVEL	8

#define MEQ(a, m, v) \
	{ .arg = (a), .op = SCMP_CMP_MASKED_EQ, .datum_a = (m), .datum_b = (v) }
#define DENY(n, w) { .name = (n), .err = EPERM, .why = (w) }
#define SET(s) .set = (s), .nset = NELEM(s)
#define MASK32 0xffffffffu

const struct sys_rule privs_rules[] = {
	/* Mounting needs CAP_SYS_ADMIN, never given; the rules keep the
	 * new mount API and any capability slip away from the VFS too.
	 * allow.mount.* has no in-jail exception yet: brig mounts for the
	 * jail from the host side (brig.conf(5)). */
	DENY("mount", "mounts are made from the host side"),
	DENY("umount", "as mount"),
	DENY("umount2", "as mount"),
	DENY("pivot_root", "as mount"),
	DENY("move_mount", "as mount (new mount API)"),
	DENY("open_tree", "as mount (new mount API)"),
	DENY("fsopen", "as mount (new mount API)"),
	DENY("fsconfig", "as mount (new mount API)"),
	DENY("fsmount", "as mount (new mount API)"),
	DENY("fspick", "as mount (new mount API)"),
	DENY("mount_setattr", "as mount (new mount API)"),
	/* The host kernel, its clock and its power: FreeBSD refuses them
	 * to every jail. */
	DENY("init_module", "modules are the host kernel"),
	DENY("finit_module", "modules are the host kernel"),
	DENY("delete_module", "modules are the host kernel"),
	DENY("kexec_load", "replaces the host kernel"),
	DENY("kexec_file_load", "replaces the host kernel"),
	DENY("reboot", "reboots the host"),
	DENY("swapon", "host memory management"),
	DENY("swapoff", "host memory management"),
	DENY("acct", "process accounting is host-wide"),
	DENY("settimeofday", "one clock for every namespace"),
	DENY("stime", "one clock for every namespace"),
	DENY("clock_settime", "one clock for every namespace"),
	DENY("clock_settime64", "one clock for every namespace"),
	/* adjtimex and clock_adjtime stay allowed: their modes are in
	 * memory the filter cannot read, and the kernel itself refuses any
	 * non-zero mode without CAP_SYS_TIME (timekeeping_validate_timex),
	 * which a jail never has; reading the clock state (ntp_gettime)
	 * keeps working. */
	/* Not namespaced, or exposing the host kernel. */
	DENY("keyctl", "kernel keyrings are not namespaced"),
	DENY("add_key", "kernel keyrings are not namespaced"),
	DENY("request_key", "kernel keyrings are not namespaced"),
	DENY("bpf", "BPF programs run in the host kernel"),
	DENY("perf_event_open", "perf events observe the host"),
	DENY("userfaultfd", "stalls kernel page faults (exploit aid)"),
	DENY("open_by_handle_at", "opens files outside the jail's root"),
	DENY("lookup_dcookie", "host profiling"),
	DENY("quotactl", "quotas are the host's (allow.quotas is refused)"),
	DENY("quotactl_fd", "as quotactl"),
	DENY("vhangup", "hangs up the terminal (CAP_SYS_TTY_CONFIG)"),
	DENY("iopl", "I/O ports are the host's hardware"),
	DENY("ioperm", "I/O ports are the host's hardware"),
	/* Namespaces: a user namespace would give the jail every
	 * capability again over new namespaces and much kernel surface;
	 * the other kinds need CAP_SYS_ADMIN.  clone3 takes its flags in
	 * memory, so it gets ENOSYS and glibc falls back to clone, as
	 * Docker's profile does.  The flags are the first argument of
	 * clone on every ABI added here (s390 would differ). */
	DENY("setns", "the jail does not leave its namespaces"),
	{ .name = "unshare", .err = EPERM, .ncmp = 1,
	  .cmp = { MEQ(0, CLONE_NEWUSER, CLONE_NEWUSER) },
	  .what = "CLONE_NEWUSER", .why = "no user namespaces" },
	{ .name = "clone", .err = EPERM, .ncmp = 1,
	  .cmp = { MEQ(0, CLONE_NEWUSER, CLONE_NEWUSER) },
	  .what = "CLONE_NEWUSER", .why = "no user namespaces" },
	{ .name = "clone3", .err = ENOSYS, .why = "flags cannot be "
	  "checked; glibc falls back to clone" },
	{ .name = "personality", .err = EPERM, SET(personas), .setarg = 0,
	  .what = "other than PER_LINUX, PER_LINUX32, UNAME26, query",
	  .why = "ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC aid exploits" },
	/* Sockets.  CAP_NET_RAW already guards raw and packet sockets;
	 * the type is compared through SOCK_TYPE_MASK (0xf) so that
	 * SOCK_NONBLOCK and SOCK_CLOEXEC make no difference.  SOCK_RAW
	 * is refused for INET and INET6 only: netlink is opened as
	 * SOCK_RAW (glibc's getifaddrs, iproute2) and UNIX takes it as
	 * SOCK_DGRAM, both unprivileged.  SOCK_PACKET for any family:
	 * the kernel turns (AF_INET, SOCK_PACKET) into a packet socket
	 * after the filter has seen AF_INET.
	 *
	 * 32-bit x86 also reaches sockets through socketcall(2), whose
	 * arguments are in memory.  libseccomp turns any socket(2) rule
	 * with arguments into an unconditional socketcall(SYS_SOCKET)
	 * refusal there (socketpair likewise), and two such rules with
	 * different errnos collide; so on that ABI only the family rules
	 * are added (the missing CAP_NET_RAW refuses raw and packet
	 * sockets), and programs using socketcall (glibc built for
	 * kernels before 4.3, as Debian's i386 libc is) need
	 * allow.socket_af. */
	{ .name = "socket", .err = EPERM, .unless = PV_RAW_SOCKETS,
	  .not_x86 = true, .ncmp = 2,
	  .cmp = { MEQ(0, MASK32, AF_INET), MEQ(1, 0xf, SOCK_RAW) },
	  .what = "AF_INET, SOCK_RAW", .why = "allow.raw_sockets" },
	{ .name = "socket", .err = EPERM, .unless = PV_RAW_SOCKETS,
	  .not_x86 = true, .ncmp = 2,
	  .cmp = { MEQ(0, MASK32, AF_INET6), MEQ(1, 0xf, SOCK_RAW) },
	  .what = "AF_INET6, SOCK_RAW", .why = "allow.raw_sockets" },
	{ .name = "socket", .err = EPERM, .unless = PV_RAW_SOCKETS,
	  .not_x86 = true, .ncmp = 1, .cmp = { MEQ(1, 0xf, SOCK_PACKET) },
	  .what = "type SOCK_PACKET", .why = "allow.raw_sockets" },
	{ .name = "socket", .err = EPERM, .unless = PV_RAW_SOCKETS,
	  .not_x86 = true, .ncmp = 1, .cmp = { MEQ(0, MASK32, AF_PACKET) },
	  .what = "family AF_PACKET", .why = "allow.raw_sockets" },
	{ .name = "socket", .err = EAFNOSUPPORT, .unless = PV_SOCKET_AF,
	  SET(base_families), .setarg = 0,
	  .what = "family other than UNIX, INET, INET6, NETLINK, PACKET",
	  .why = "allow.socket_af (i386: socketcall SYS_SOCKET too)" },
	{ .name = "socketpair", .err = EAFNOSUPPORT, .unless = PV_SOCKET_AF,
	  SET(base_families), .setarg = 0,
	  .what = "family other than UNIX, INET, INET6, NETLINK, PACKET",
	  .why = "allow.socket_af (i386: socketcall SYS_SOCKETPAIR too)" },
	/* The UTS namespace is the jail's own, but sethostname needs
	 * CAP_SYS_ADMIN there: allow.set_hostname only lifts this rule. */
	DENY("sethostname", "allow.set_hostname"),
	DENY("setdomainname", "allow.set_hostname"),
	/* The kernel log is the host's: read only with allow.read_msgbuf,
	 * never cleared, consumed or redirected (CAP_SYSLOG alone would
	 * allow all of those). */
	{ .name = "syslog", .err = EPERM, .unless = PV_READ_MSGBUF,
	  .why = "allow.read_msgbuf" },
#define SYSLOG_RULE(a, w) \
	{ .name = "syslog", .err = EPERM, .onlyif = PV_READ_MSGBUF, \
	  .ncmp = 1, .cmp = { MEQ(0, MASK32, (a)) }, .what = (w), \
	  .why = "changes the host's log or console" }
	SYSLOG_RULE(SYSLOG_ACTION_READ, "SYSLOG_ACTION_READ"),
	SYSLOG_RULE(SYSLOG_ACTION_READ_CLEAR, "SYSLOG_ACTION_READ_CLEAR"),
	SYSLOG_RULE(SYSLOG_ACTION_CLEAR, "SYSLOG_ACTION_CLEAR"),
	SYSLOG_RULE(SYSLOG_ACTION_CONSOLE_OFF, "SYSLOG_ACTION_CONSOLE_OFF"),
	SYSLOG_RULE(SYSLOG_ACTION_CONSOLE_ON, "SYSLOG_ACTION_CONSOLE_ON"),
	SYSLOG_RULE(SYSLOG_ACTION_CONSOLE_LEVEL,
	    "SYSLOG_ACTION_CONSOLE_LEVEL"),
#undef SYSLOG_RULE
	/* Device nodes (CAP_MKNOD, mount.devfs only): never a block
	 * device, and only the devfs rulesets' character devices. */
	{ .name = "mknod", .err = EPERM, .ncmp = 1,
	  .cmp = { MEQ(1, S_IFMT, S_IFBLK) },
	  .what = "S_IFBLK", .why = "a jail's /dev has no block device" },
	{ .name = "mknodat", .err = EPERM, .ncmp = 1,
	  .cmp = { MEQ(2, S_IFMT, S_IFBLK) },
	  .what = "S_IFBLK", .why = "a jail's /dev has no block device" },
	{ .name = "mknod", .err = EPERM, .onlyif = PV_MKNOD, .ncmp = 1,
	  .cmp = { MEQ(1, S_IFMT, S_IFCHR) }, SET(devfs_devs), .setarg = 2,
	  .what = "S_IFCHR not in the devfs rulesets",
	  .why = "no device cgroup stops it opening a host device" },
	{ .name = "mknodat", .err = EPERM, .onlyif = PV_MKNOD, .ncmp = 1,
	  .cmp = { MEQ(2, S_IFMT, S_IFCHR) }, SET(devfs_devs), .setarg = 3,
	  .what = "S_IFCHR not in the devfs rulesets",
	  .why = "no device cgroup stops it opening a host device" },
	/* Left allowed on purpose: SysV IPC (msgget, semget, shmget, ...).
	 * FreeBSD's allow.sysvipc is false by default because its jails
	 * once shared the host's one IPC key space; FreeBSD 11 added
	 * sysvmsg/sysvsem/sysvshm=new for a jail's own space, which is
	 * what the IPC namespace every brig jail gets already is.  Also
	 * allowed: name_to_handle_at (harmless alone), process_vm_readv,
	 * process_vm_writev and ptrace (the kernel's ptrace access checks,
	 * inside the PID namespace). */
};

#undef DENY
#undef SET

const size_t privs_nrules = NELEM(privs_rules);

bool
privs_rule_active(const struct sys_rule *r, unsigned have)
{
	return (r->unless & have) == 0 && (r->onlyif & have) == r->onlyif;
}

unsigned
privs_filter_bits(void)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < privs_nrules; i++)
		bits |= privs_rules[i].unless | privs_rules[i].onlyif;
	return bits;
}

unsigned
privs_bpf_index(unsigned bits, unsigned have, bool x32)
{
	unsigned idx = 0, n = 0, b;

	for (b = 1; b != 0 && b <= bits; b <<= 1) {
		if (!(bits & b))
			continue;
		if (have & b)
			idx |= 1u << n;
		n++;
	}
	return idx << 1 | (x32 ? 1u : 0u);
}
