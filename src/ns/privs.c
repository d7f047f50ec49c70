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
 *      what they can (mount, modules, the clock).  The rules are a table
 *      (seccomp_rules.c) compiled into BPF at build time (privs_int.h):
 *      building the filter with libseccomp here took ~1.5 ms of every
 *      jail start and exec.
 * Denied calls fail with an errno (EPERM unless stated), never a kill:
 * daemons probe for features and must get an answer they can handle.
 *
 * The caller is single-threaded (the jail's PID 1 before exec):
 * capabilities and seccomp filters are per thread. */
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "../conf/conf.h"
#include "privs.h"
#include "privs_int.h"

unsigned
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

/* The journal's form: the names of the fields that are true. */
static const struct {
	const char *name;
	size_t off;
} privs_names[] = {
	{ "raw_sockets", offsetof(struct jail_privs, raw_sockets) },
	{ "vnet", offsetof(struct jail_privs, vnet) },
	{ "chflags", offsetof(struct jail_privs, chflags) },
	{ "mlock", offsetof(struct jail_privs, mlock) },
	{ "set_hostname", offsetof(struct jail_privs, set_hostname) },
	{ "socket_af", offsetof(struct jail_privs, socket_af) },
	{ "sysvipc", offsetof(struct jail_privs, sysvipc) },
	{ "read_msgbuf", offsetof(struct jail_privs, read_msgbuf) },
	{ "proc_debug", offsetof(struct jail_privs, proc_debug) },
	{ "suser", offsetof(struct jail_privs, suser) },
	{ "mknod", offsetof(struct jail_privs, mknod) },
};

#define NPRIVS_NAMES (sizeof(privs_names) / sizeof(privs_names[0]))

size_t
privs_format(const struct jail_privs *p, char *buf, size_t len)
{
	size_t k, n = 0;
	int w;

	if (len > 0)
		buf[0] = '\0';
	for (k = 0; k < NPRIVS_NAMES; k++) {
		if (!*(const bool *)((const char *)p + privs_names[k].off))
			continue;
		w = snprintf(buf + (n < len ? n : len), n < len ? len - n : 0,
		    "%s%s", n ? "," : "", privs_names[k].name);
		n += (size_t)(w > 0 ? w : 0);
	}
	if (n == 0)
		n = (size_t)snprintf(buf, len, "none");
	return n;
}

int
privs_parse(const char *s, struct jail_privs *p)
{
	struct jail_privs q;
	size_t k, n;

	memset(&q, 0, sizeof(q));
	if (strcmp(s, "none") == 0) {
		*p = q;
		return 0;
	}
	while (*s) {
		n = strcspn(s, ",");
		for (k = 0; k < NPRIVS_NAMES; k++)
			if (strlen(privs_names[k].name) == n &&
			    strncmp(s, privs_names[k].name, n) == 0)
				break;
		if (k == NPRIVS_NAMES)
			return -1;
		*(bool *)((char *)&q + privs_names[k].off) = true;
		s += n + (s[n] == ',');
	}
	*p = q;
	return 0;
}

/* --- parameters -------------------------------------------------------- */

static bool
allow(const struct conf_jail *j, const char *name, bool dflt)
{
	const struct conf_param *p = conf_param_find(j, name);

	return p != NULL ? conf_param_bool(p) : dflt;
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
	p->vnet = conf_jailsys_new(j, "vnet");
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

/* x32 shares the x86-64 entry; a kernel without it (CONFIG_X86_X32_ABI,
 * or x32 disabled at boot) answers ENOSYS to a call number with the x32
 * bit.  Under a filter already (brig itself confined) the probe could be
 * killed as a foreign ABI: add x32 then.  Asked once per process: the
 * kernel's answer does not change, and a filter loaded since kills x32
 * calls itself if it lacks them. */
static bool
have_x32(void)
{
#if defined(__x86_64__) && !defined(__ILP32__)
	static int known = -1;

	if (known == -1)
		known = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0 ||
		    syscall(0x40000000L | 39 /* x32 getpid */) != -1;
	return known;
#else
	return false;	/* the filters of other ABIs have no x32 part */
#endif
}

int
privs_apply(const struct jail_privs *p, struct brig_err *e)
{
	const struct privs_bpf *f =
	    &privs_bpf[privs_bpf_index(privs_bpf_bits, privs_bits(p),
	    have_x32())];
	struct sock_fprog prog = {
		.len = f->len,
		.filter = (struct sock_filter *)f->insn,	/* read only */
	};

	if (caps_apply(privs_caps(p), e) == -1)
		return err_ctx(e, "jail privileges");
	/* Without CAP_SYS_ADMIN, gone now, seccomp(2) takes a filter only
	 * under no_new_privs. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return err_sys(e, "jail privileges: PR_SET_NO_NEW_PRIVS");
	/* No flags: as libseccomp's seccomp_load() without TSYNC or LOG.
	 * glibc 2.36 has no seccomp() wrapper. */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == -1)
		return err_sys(e, "jail privileges: load the seccomp filter");
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
	for (r = privs_rules; r < privs_rules + privs_nrules; r++) {
		if (!privs_rule_active(r, have))
			continue;
		en = strerrorname_np(r->err);
		fprintf(fp, "\t%-17s %-13s %s%s%s\n", r->name,
		    en ? en : "?", r->what ? r->what : "",
		    r->what ? ": " : "", r->why);
	}
}
