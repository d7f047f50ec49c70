/* What a jail's root may do: FreeBSD's prison_priv_check() (sys/kern/
 * kern_jail.c) rebuilt from Linux capabilities and a seccomp filter, after
 * ../shared/reference/linux-hardening.md and the container runtimes'
 * defaults (moby profiles/seccomp/default.json).
 *
 * The jail's root keeps uid 0.  Everything it may do is decided by three
 * things set here, in this order, none of which it can undo:
 *   1. the capability bounding set (PR_CAPBSET_DROP has no inverse), so no
 *      exec, set-uid or file capability can bring a dropped one back;
 *   2. its permitted, effective and inheritable sets (libcap), ambient
 *      cleared;
 *   3. PR_SET_NO_NEW_PRIVS and a seccomp filter whose default is ALLOW:
 *      the denials are for what capabilities cannot express (user
 *      namespaces, keyrings, socket families, ...) and a second lock on
 *      what they can (mount, modules, the clock).
 * Denied calls fail with an errno (EPERM unless stated), never a kill:
 * daemons probe for features and must get an answer they can handle.
 *
 * The caller is single-threaded (the jail's PID 1 before exec):
 * capabilities and seccomp filters are per thread. */
#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../conf/conf.h"
#include "privs.h"

/* The jail_privs fields as bits, so that the tables can name them. */
#define PV_RAW_SOCKETS	0x001u
#define PV_VNET		0x002u
#define PV_CHFLAGS	0x004u
#define PV_MLOCK	0x008u
#define PV_SET_HOSTNAME	0x010u
#define PV_SOCKET_AF	0x020u
#define PV_SYSVIPC	0x040u
#define PV_READ_MSGBUF	0x080u
#define PV_PROC_DEBUG	0x100u
#define PV_MKNOD	0x200u

static unsigned
privs_bits(const struct jail_privs *p)
{
	return (p->raw_sockets ? PV_RAW_SOCKETS : 0) |
	    (p->vnet ? PV_VNET : 0) |
	    (p->chflags ? PV_CHFLAGS : 0) |
	    (p->mlock ? PV_MLOCK : 0) |
	    (p->set_hostname ? PV_SET_HOSTNAME : 0) |
	    (p->socket_af ? PV_SOCKET_AF : 0) |
	    (p->sysvipc ? PV_SYSVIPC : 0) |
	    (p->read_msgbuf ? PV_READ_MSGBUF : 0) |
	    (p->proc_debug ? PV_PROC_DEBUG : 0) |
	    (p->mknod ? PV_MKNOD : 0);
}

/* --- parameters -------------------------------------------------------- */

static bool
allow(const struct conf_jail *j, const char *name, bool dflt)
{
	const struct conf_param *p = conf_param_find(j, name);

	return p != NULL ? conf_param_bool(p) : dflt;
}

/* A jailsys parameter (vnet): "new" or true means the jail's own; bare
 * "vnet;" is true, "novnet;", "inherit" and "disable" are not. */
static bool
jailsys_new(const struct conf_jail *j, const char *name)
{
	const struct conf_param *p = conf_param_find(j, name);
	const char *v = conf_param_str(p);

	if (p != NULL && v != NULL && strcmp(v, "new") == 0)
		return strncmp(p->name, "no", 2) != 0;
	return conf_param_bool(p);
}

/* FreeBSD's kernel default (JAIL_DEFAULT_ALLOW) also sets set_hostname,
 * reserved_ports and unprivileged_proc_debug; brig keeps every allow.*
 * false but suser.  set_hostname would change nothing (sethostname(2)
 * needs CAP_SYS_ADMIN, never given); proc_debug would grant
 * CAP_SYS_PTRACE, which in the initial user namespace overrides the
 * non-dumpable flag that protects a process entering the jail. */
void
privs_from_conf(const struct conf_jail *j, struct jail_privs *p)
{
	memset(p, 0, sizeof(*p));
	p->raw_sockets = allow(j, "allow.raw_sockets", false);
	p->chflags = allow(j, "allow.chflags", false);
	p->mlock = allow(j, "allow.mlock", false);
	p->set_hostname = allow(j, "allow.set_hostname", false);
	p->socket_af = allow(j, "allow.socket_af", false);
	p->sysvipc = allow(j, "allow.sysvipc", false);
	p->read_msgbuf = allow(j, "allow.read_msgbuf", false);
	p->proc_debug = allow(j, "allow.unprivileged_proc_debug", false);
	p->suser = allow(j, "allow.suser", true);
	p->vnet = jailsys_new(j, "vnet");
	p->mknod = allow(j, "mount.devfs", false);
}

/* --- capabilities ------------------------------------------------------ */

struct cap_def {
	int cap;
	const char *name;
	unsigned needs;		/* PV_* bits required; 0: every jail root */
	const char *why;
};

#define CAP(c) CAP_##c, "CAP_" #c

/* What prison_priv_check() lets a jail's root do (the PRIV_* named), and
 * the allow.* parameters that add to it. */
static const struct cap_def caps_kept[] = {
	{ CAP(CHOWN), 0, "chown(2) in the jail (PRIV_VFS_CHOWN)" },
	{ CAP(DAC_OVERRIDE), 0,
	  "root reads and writes every file it sees (PRIV_VFS_READ, _WRITE)" },
	{ CAP(FOWNER), 0,
	  "chmod, utimes, ACLs of others' files (PRIV_VFS_ADMIN)" },
	{ CAP(FSETID), 0,
	  "set-id bits survive a write or chown (PRIV_VFS_RETAINSUGID)" },
	{ CAP(KILL), 0, "signal any process it sees: the PID namespace "
	  "hides the host's (PRIV_SIGNAL_DIFFCRED)" },
	{ CAP(SETGID), 0, "login(1), daemons dropping root (PRIV_CRED_*)" },
	{ CAP(SETUID), 0, "login(1), daemons dropping root (PRIV_CRED_*)" },
	{ CAP(SETPCAP), 0, "narrow its children's capabilities; the "
	  "bounding set keeps it from widening them" },
	{ CAP(SETFCAP), 0, "file capabilities on the jail's binaries, "
	  "bounded by the bounding set at exec" },
	{ CAP(NET_BIND_SERVICE), 0,
	  "ports below 1024 (PRIV_NETINET_RESERVEDPORT)" },
	{ CAP(SYS_CHROOT), 0, "chroot(2) in the jail (PRIV_VFS_CHROOT)" },
	{ CAP(AUDIT_WRITE), 0, "login(1) and sshd write audit records" },
	{ CAP(MKNOD), PV_MKNOD, "mount.devfs: nodes in the jail's own /dev; "
	  "seccomp limits them to the devfs rulesets' character devices" },
	{ CAP(NET_RAW), PV_RAW_SOCKETS,
	  "allow.raw_sockets (PRIV_NETINET_RAW)" },
	{ CAP(NET_ADMIN), PV_VNET, "vnet: the jail configures its own "
	  "network stack (PRIV_NET_* with PR_VNET)" },
	{ CAP(LINUX_IMMUTABLE), PV_CHFLAGS,
	  "allow.chflags: chattr +i, +a (PRIV_VFS_SYSFLAGS)" },
	{ CAP(IPC_LOCK), PV_MLOCK, "allow.mlock (PRIV_VM_MLOCK)" },
	{ CAP(SYSLOG), PV_READ_MSGBUF, "allow.read_msgbuf (PRIV_MSGBUF); "
	  "seccomp limits syslog(2) to reading" },
	{ CAP(SYS_PTRACE), PV_PROC_DEBUG, "allow.unprivileged_proc_debug: "
	  "ptrace within the jail's PID namespace" },
};

/* Every other capability the headers know, and why it stays out. */
static const struct cap_def caps_never[] = {
	{ CAP(SYS_ADMIN), 0, "mount, namespaces, most kernel administration; "
	  "allow.mount.* is met by brig mounting from the host side" },
	{ CAP(SYS_MODULE), 0, "modules are the host kernel" },
	{ CAP(SYS_TIME), 0, "one clock for every namespace (allow.settime, "
	  "allow.adjtime are refused)" },
	{ CAP(SYS_BOOT), 0, "reboot(2) and kexec act on the host" },
	{ CAP(SYS_RAWIO), 0, "iopl, /dev/mem, raw SCSI commands" },
	{ CAP(DAC_READ_SEARCH), 0, "open_by_handle_at(2) reaches files outside "
	  "the jail's root; DAC_OVERRIDE already opens the jail's" },
	{ CAP(MAC_ADMIN), 0, "the host's LSM policy" },
	{ CAP(MAC_OVERRIDE), 0, "the host's LSM policy" },
	{ CAP(BPF), 0, "BPF programs run in the host kernel" },
	{ CAP(PERFMON), 0, "perf events observe the whole host" },
	{ CAP(SYS_RESOURCE), 0, "limits are rctl's cgroups; it would also "
	  "lift RLIMIT_NPROC, quotas and reserved blocks" },
	{ CAP(SYS_NICE), 0, "FreeBSD lets a jail reschedule its own processes "
	  "(PRIV_SCHED_DIFFCRED) but not raise priority (PRIV_SCHED_"
	  "SETPRIORITY, _RTPRIO); CAP_SYS_NICE is both, and real-time "
	  "classes can starve the host" },
	{ CAP(IPC_OWNER), 0, "not in the baseline; the jail's IPC namespace "
	  "holds only its own objects" },
	{ CAP(NET_BROADCAST), 0, "unused by the kernel" },
	{ CAP(LEASE), 0, "leases on files the jail does not own" },
	{ CAP(WAKE_ALARM), 0, "host power management" },
	{ CAP(BLOCK_SUSPEND), 0, "host power management" },
	{ CAP(AUDIT_CONTROL), 0, "the host's audit rules" },
	{ CAP(AUDIT_READ), 0, "the host's audit log" },
	{ CAP(CHECKPOINT_RESTORE), 0, "sets other processes' pids and "
	  "exe links; no FreeBSD equivalent" },
	{ CAP(SYS_PACCT), 0, "process accounting is host-wide" },
	{ CAP(SYS_TTY_CONFIG), 0, "vhangup(2), console keymaps" },
};

#undef CAP

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

uint64_t
privs_caps(const struct jail_privs *p)
{
	unsigned have = privs_bits(p);
	uint64_t mask = 0;
	size_t i;

	if (!p->suser)
		return 0;
	for (i = 0; i < NELEM(caps_kept); i++)
		if ((caps_kept[i].needs & have) == caps_kept[i].needs)
			mask |= UINT64_C(1) << caps_kept[i].cap;
	return mask;
}

/* The highest capability the running kernel knows (it may know more than
 * these headers); /proc may be the jail's own by now, so fall back to
 * asking the bounding set, which answers EINVAL past the last one. */
static int
last_cap(void)
{
	char buf[16];
	ssize_t n;
	int fd, c;

	fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd != -1) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			c = atoi(buf);
			if (c > 0 && c < 1024)
				return c;
		}
	}
	for (c = 0; prctl(PR_CAPBSET_READ, (unsigned long)c + 1, 0, 0, 0) >= 0;
	    c++)
		;
	return c;
}

static int
caps_apply(uint64_t keep, struct brig_err *e)
{
	cap_value_t list[64];
	int last = last_cap(), c, n = 0, rc;
	cap_t caps;

	/* The bounding set first: dropping needs CAP_SETPCAP, which the
	 * next step may remove. */
	for (c = 0; c <= last; c++) {
		if (c < 64 && (keep & (UINT64_C(1) << c)))
			continue;
		if (prctl(PR_CAPBSET_DROP, (unsigned long)c, 0, 0, 0) == -1)
			return err_sys(e, "drop capability %d from the "
			    "bounding set", c);
	}
	/* EINVAL: a kernel before 4.3 has no ambient set to clear. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1 &&
	    errno != EINVAL)
		return err_sys(e, "clear the ambient capabilities");

	for (c = 0; c < 64 && c <= last; c++)
		if (keep & (UINT64_C(1) << c))
			list[n++] = c;
	if ((caps = cap_init()) == NULL)
		return err_sys(e, "cap_init");
	rc = 0;
	if (n > 0 && (cap_set_flag(caps, CAP_PERMITTED, n, list, CAP_SET) ||
	    cap_set_flag(caps, CAP_EFFECTIVE, n, list, CAP_SET) ||
	    cap_set_flag(caps, CAP_INHERITABLE, n, list, CAP_SET)))
		rc = err_sys(e, "cap_set_flag");
	else if (cap_set_proc(caps) == -1)
		rc = err_sys(e, "set the jail root's capabilities");
	cap_free(caps);
	return rc;
}

/* --- the seccomp filter ------------------------------------------------- */

/* An allowed argument value, or a family of them: (x & care) == val. */
struct cube {
	uint32_t val, care;
};

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

struct sys_rule {
	const char *name;	/* resolved per ABI; skipped where absent */
	int err;
	unsigned unless;	/* any of these PV_* bits lifts the rule */
	unsigned onlyif;	/* the rule needs all of these */
	bool not_x86;		/* not on the i386 ABI (see socket) */
	unsigned ncmp;
	struct scmp_arg_cmp cmp[2];	/* all must hold */
	const struct cube *set;	/* and: argument setarg is none of these */
	unsigned nset, setarg;
	const char *what;	/* the arguments denied, for describe */
	const char *why;
};

#define MEQ(a, m, v) \
	{ .arg = (a), .op = SCMP_CMP_MASKED_EQ, .datum_a = (m), .datum_b = (v) }
#define DENY(n, w) { .name = (n), .err = EPERM, .why = (w) }
#define SET(s) .set = (s), .nset = NELEM(s)
#define MASK32 0xffffffffu

static const struct sys_rule rules[] = {
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

static bool
rule_active(const struct sys_rule *r, unsigned have)
{
	return (r->unless & have) == 0 && (r->onlyif & have) == r->onlyif;
}

struct cover {
	scmp_filter_ctx ctx;
	const struct sys_rule *r;
	int nr;
	uint32_t max;		/* the largest allowed value */
	int rc;
};

static void
cover_add(struct cover *c, enum scmp_compare op, uint32_t a, uint32_t b)
{
	struct scmp_arg_cmp cmp[3];
	unsigned n = c->r->ncmp;

	memcpy(cmp, c->r->cmp, n * sizeof(cmp[0]));
	cmp[n].arg = c->r->setarg;
	cmp[n].op = op;
	cmp[n].datum_a = a;
	cmp[n].datum_b = b;
	if (c->rc == 0)
		c->rc = seccomp_rule_add_array(c->ctx,
		    SCMP_ACT_ERRNO((uint32_t)c->r->err), c->nr, n + 1, cmp);
}

/* Deny every value outside the rule's set with masked comparisons,
 * since libseccomp takes one comparison per argument in a rule and an
 * "is none of" cannot be written as one.  Walk the values' bits from
 * the top: a prefix no allowed value has becomes one MASKED_EQ rule; a
 * prefix above the largest allowed value is left to one GT rule; a
 * prefix inside an allowed family stops.  live: the cubes of the set
 * the prefix (mask, val) still agrees with. */
static void
cover(struct cover *c, int bit, uint32_t mask, uint32_t val, uint32_t live)
{
	uint32_t b, low, live0 = 0, live1 = 0, split = 0;
	const struct cube *s;
	unsigned i;

	if (c->rc != 0 || val > c->max)
		return;
	if (live == 0) {
		cover_add(c, SCMP_CMP_MASKED_EQ, mask, val);
		return;
	}
	if (bit < 0)
		return;
	b = UINT32_C(1) << bit;
	low = b | (b - 1);
	for (i = 0; i < c->r->nset; i++) {
		if (!(live & (UINT32_C(1) << i)))
			continue;
		s = &c->r->set[i];
		if ((s->care & low) == 0)
			return;
		split |= s->care & b;
		if (!(s->care & b) || !(s->val & b))
			live0 |= UINT32_C(1) << i;
		if (!(s->care & b) || (s->val & b))
			live1 |= UINT32_C(1) << i;
	}
	if (!split) {
		cover(c, bit - 1, mask, val, live);
		return;
	}
	cover(c, bit - 1, mask | b, val, live0);
	cover(c, bit - 1, mask | b, val | b, live1);
}

static int
rule_add(scmp_filter_ctx ctx, const struct sys_rule *r, int nr)
{
	struct cover c = { .ctx = ctx, .r = r, .nr = nr, .max = 0 };
	unsigned i;

	if (r->set == NULL)
		return seccomp_rule_add_array(ctx,
		    SCMP_ACT_ERRNO((uint32_t)r->err), nr, r->ncmp, r->cmp);
	if (r->nset > 31)	/* live sets are 32-bit masks */
		return -E2BIG;
	for (i = 0; i < r->nset; i++)
		if ((r->set[i].val | ~r->set[i].care) > c.max)
			c.max = r->set[i].val | ~r->set[i].care;
	if (c.max != UINT32_MAX)
		cover_add(&c, SCMP_CMP_GT, c.max, 0);
	cover(&c, 31, 0, 0, (UINT32_C(1) << r->nset) - 1);
	return c.rc;
}

/* Whether an ABI has a call.  libseccomp answers its number, a pseudo-
 * number from -101 for the calls i386 multiplexes through socketcall(2)
 * and ipc(2) (it filters both forms itself), or one at or below -10000
 * (__PNR_*) for a call the ABI lacks. */
static bool
abi_has(uint32_t arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);

	return nr >= 0 || (nr <= -100 && nr > -10000);
}

/* One filter context per ABI, merged afterwards, so that a rule can be
 * left off one ABI (not_x86).  libseccomp takes the native number (or its
 * own negative pseudo-number for a call the native ABI lacks, such as
 * i386's socketcall) and translates it by name for the context's ABI. */
static int
filter_arch(scmp_filter_ctx ctx, uint32_t arch, unsigned have,
    struct brig_err *e)
{
	const struct sys_rule *r;
	int nr, rc;

	for (r = rules; r < rules + NELEM(rules); r++) {
		if (!rule_active(r, have) ||
		    (r->not_x86 && arch == SCMP_ARCH_X86))
			continue;
		if (!abi_has(arch, r->name))
			continue;
		if ((nr = seccomp_syscall_resolve_name(r->name)) ==
		    __NR_SCMP_ERROR) {
			errno = ENOSYS;
			return err_sys(e, "seccomp: unknown system call %s",
			    r->name);
		}
		if ((rc = rule_add(ctx, r, nr)) < 0) {
			errno = -rc;
			return err_sys(e, "seccomp rule for %s", r->name);
		}
	}
	return 0;
}

/* x32 shares the x86-64 entry; a kernel without it answers ENOSYS to a
 * call number with the x32 bit.  Under a filter already (brig itself
 * confined) the probe could be killed as a foreign ABI: add x32 then. */
static bool
have_x32(void)
{
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0)
		return true;
	return syscall(0x40000000L | 39 /* x32 getpid */) != -1;
}

static int
filter_build(const struct jail_privs *p, scmp_filter_ctx *out,
    struct brig_err *e)
{
	uint32_t arches[3];
	unsigned have = privs_bits(p), n = 0, i;
	scmp_filter_ctx main_ctx = NULL, ctx;
	int rc;

	arches[n++] = seccomp_arch_native();
	if (arches[0] == SCMP_ARCH_X86_64) {
		/* int 0x80 reaches the i386 table from a 64-bit process:
		 * without its own rules it would be killed by libseccomp's
		 * bad-arch action, with them it gets the same answers. */
		arches[n++] = SCMP_ARCH_X86;
		if (have_x32())
			arches[n++] = SCMP_ARCH_X32;
	}
	for (i = 0; i < n; i++) {
		if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL) {
			errno = ENOMEM;
			err_sys(e, "seccomp_init");
			goto fail;
		}
		/* The kernel's errno from seccomp_load, not ECANCELED
		 * (libseccomp 2.5); merging needs it on every context. */
		(void)seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
		if (i > 0 && ((rc = seccomp_arch_remove(ctx,
		    SCMP_ARCH_NATIVE)) < 0 ||
		    (rc = seccomp_arch_add(ctx, arches[i])) < 0)) {
			seccomp_release(ctx);
			errno = -rc;
			err_sys(e, "seccomp architecture %#x", arches[i]);
			goto fail;
		}
		if (filter_arch(ctx, arches[i], have, e) == -1) {
			seccomp_release(ctx);
			goto fail;
		}
		if (main_ctx == NULL)
			main_ctx = ctx;
		else if ((rc = seccomp_merge(main_ctx, ctx)) < 0) {
			seccomp_release(ctx);
			errno = -rc;
			err_sys(e, "seccomp merge");
			goto fail;
		}
	}
	*out = main_ctx;
	return 0;
fail:
	if (main_ctx != NULL)
		seccomp_release(main_ctx);
	return -1;
}

int
privs_apply(const struct jail_privs *p, struct brig_err *e)
{
	scmp_filter_ctx ctx;
	int rc;

	/* Everything that can fail for lack of memory first, while
	 * nothing has changed yet. */
	if (filter_build(p, &ctx, e) == -1)
		return err_ctx(e, "jail privileges");
	if (caps_apply(privs_caps(p), e) == -1) {
		seccomp_release(ctx);
		return err_ctx(e, "jail privileges");
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		err_sys(e, "jail privileges: PR_SET_NO_NEW_PRIVS");
		seccomp_release(ctx);
		return -1;
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		errno = -rc;
		return err_sys(e, "jail privileges: load the seccomp filter");
	}
	return 0;
}

/* --- description ------------------------------------------------------- */

static void
describe_caps(const struct cap_def *t, size_t n, uint64_t mask, bool kept,
    FILE *fp)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((mask >> t[i].cap) & 1) == kept)
			fprintf(fp, "\t%-22s %s\n", t[i].name, t[i].why);
}

void
privs_describe(const struct jail_privs *p, FILE *fp)
{
	unsigned have = privs_bits(p);
	uint64_t mask = privs_caps(p);
	const struct sys_rule *r;
	const char *en;

	fprintf(fp, "capabilities kept:\n");
	if (mask == 0)
		fprintf(fp, "\tnone (allow.suser is false)\n");
	describe_caps(caps_kept, NELEM(caps_kept), mask, true, fp);
	fprintf(fp, "capabilities dropped:\n");
	describe_caps(caps_kept, NELEM(caps_kept), mask, false, fp);
	describe_caps(caps_never, NELEM(caps_never), 0, false, fp);
	fprintf(fp, "system calls denied (seccomp, default allow):\n");
	for (r = rules; r < rules + NELEM(rules); r++) {
		if (!rule_active(r, have))
			continue;
		en = strerrorname_np(r->err);
		fprintf(fp, "\t%-17s %-13s %s%s%s\n", r->name,
		    en ? en : "?", r->what ? r->what : "",
		    r->what ? ": " : "", r->why);
	}
}
