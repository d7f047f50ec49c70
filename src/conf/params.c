/* THE parameter table.  Sources: FreeBSD jail(8) (PARAMETERS, and the
 * pseudo-parameters under "Jail creation and removal"), config.c
 * intparams[], and the kernel's security.jail.param tree.  Kept sorted
 * by name: lookups are a binary search. */
#include <stdlib.h>
#include <string.h>

#include "conf_int.h"
#include "params.h"
#include "suggest.h"

#define F PD_FBSD_INT
#define P PD_PSEUDO
#define NOLIM 0, 0

static const struct param_def table[] = {
	{ "allow.adjtime", PT_BOOL, PS_REFUSED, 0, NOLIM,
	  "a jail never adjusts the host clock (CAP_SYS_TIME is dropped)" },
	{ "allow.chflags", PT_BOOL, PS_LINUX, F, NOLIM,
	  "CAP_LINUX_IMMUTABLE: chattr +i/+a inside the jail" },
	{ "allow.dying", PT_BOOL, PS_IGNORED, F | P, NOLIM,
	  "Linux has no dying jails; accepted for compatibility" },
	{ "allow.extattr", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "user.* extended attributes always work; system.* and trusted.* "
	  "need CAP_SYS_ADMIN, never given" },
	{ "allow.mlock", PT_BOOL, PS_LINUX, 0, NOLIM,
	  "CAP_IPC_LOCK: mlock(2) beyond RLIMIT_MEMLOCK" },
	{ "allow.mount", PT_BOOL, PS_IGNORED, F, NOLIM,
	  "a jail cannot mount (no CAP_SYS_ADMIN, and seccomp refuses the "
	  "mount calls); use mount and mount.fstab" },
	{ "allow.mount.devfs", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.fdescfs", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.fusefs", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.lindebugfs", PT_BOOL, PS_REFUSED, 0, NOLIM,
	  "debugfs exposes the host kernel and is never mounted in a jail" },
	{ "allow.mount.linprocfs", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.linsysfs", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.nullfs", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.procfs", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.tmpfs", PT_BOOL, PS_IGNORED, 0, NOLIM, "a jail cannot mount; brig mounts for it (mount, mount.fstab, "
	  "mount.devfs)" },
	{ "allow.mount.zfs", PT_BOOL, PS_REFUSED, 0, NOLIM,
	  "ZFS datasets cannot be delegated to a Linux jail" },
	{ "allow.nfsd", PT_BOOL, PS_REFUSED, 0, NOLIM,
	  "the Linux NFS server lives in the kernel, not in a jail" },
	{ "allow.quotas", PT_BOOL, PS_REFUSED, 0, NOLIM,
	  "quotactl needs CAP_SYS_ADMIN on the host filesystem" },
	{ "allow.raw_sockets", PT_BOOL, PS_LINUX, F, NOLIM,
	  "CAP_NET_RAW and the seccomp rule for SOCK_RAW/SOCK_PACKET" },
	{ "allow.read_msgbuf", PT_BOOL, PS_LINUX, 0, NOLIM,
	  "CAP_SYSLOG read access to dmesg (kernel.dmesg_restrict permitting)" },
	{ "allow.reserved_ports", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "the jail's root binds ports below 1024 (CAP_NET_BIND_SERVICE); "
	  "other jail users cannot" },
	{ "allow.routing", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "a VNET jail routes in its own stack (CAP_NET_ADMIN); a jail "
	  "without VNET never changes the host's routes" },
	{ "allow.set_hostname", PT_BOOL, PS_IGNORED, F, NOLIM,
	  "a jail never changes its host name: sethostname(2) needs "
	  "CAP_SYS_ADMIN, which no jail is given" },
	{ "allow.settime", PT_BOOL, PS_REFUSED, 0, NOLIM,
	  "Linux has one clock for all namespaces" },
	{ "allow.socket_af", PT_BOOL, PS_LINUX, F, NOLIM,
	  "sockets of families other than UNIX, INET, INET6, NETLINK "
	  "(seccomp)" },
	{ "allow.suser", PT_BOOL, PS_LINUX, 0, NOLIM,
	  "when false, uid 0 in the jail gets no capabilities at all" },
	{ "allow.sysvipc", PT_BOOL, PS_IGNORED, F, NOLIM,
	  "SysV IPC always works, in the jail's own IPC namespace" },
	{ "allow.unprivileged_parent_tampering", PT_BOOL, PS_IGNORED, 0,
	  NOLIM, "no Linux equivalent" },
	{ "allow.unprivileged_proc_debug", PT_BOOL, PS_LINUX, 0, NOLIM,
	  "CAP_SYS_PTRACE for the jail's root (ptrace stays inside its "
	  "PID namespace)" },
	{ "allow.vmm", PT_BOOL, PS_REFUSED, 0, NOLIM,
	  "no bhyve; /dev/kvm is never given to a jail" },
	{ "brig.bridge", PT_STRING, PS_YES, PD_BRIG | PD_MEANING, NOLIM,
	  "give the jail an epair whose host end joins this bridge" },
	{ "brig.dataset", PT_STRING, PS_YES, PD_BRIG, NOLIM,
	  "the jail's ZFS dataset (brig.storage zfs); default: the dataset "
	  "of path's parent directory, plus /NAME" },
	{ "brig.health", PT_CMD, PS_YES, PD_BRIG, NOLIM,
	  "health check run in the jail after `brig update`" },
	{ "brig.health.timeout", PT_INT, PS_YES, PD_BRIG, 0, 86400,
	  "seconds the health check may take" },
	{ "brig.persist_bridge", PT_BOOL, PS_YES, PD_BRIG, NOLIM,
	  "keep brig.bridge when the last jail on it stops" },
	{ "brig.rctl", PT_LIST, PS_YES, PD_BRIG | PD_MEANING, NOLIM,
	  "rctl rules for this jail, without the subject: "
	  "\"memoryuse:deny=512M\"; with rctl.conf's" },
	{ "brig.storage", PT_STRING, PS_YES, PD_BRIG | PD_MEANING, NOLIM,
	  "dir, btrfs, zfs or overlay" },
	{ "children.cur", PT_INT, PS_REFUSED, PD_READONLY, NOLIM,
	  "read-only" },
	{ "children.max", PT_INT, PS_REFUSED, 0, 0, 0x7fffffff,
	  "brig does not nest jails yet; only 0 is accepted" },
	{ "command", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "cpuset.id", PT_INT, PS_REFUSED, PD_READONLY, NOLIM, "read-only" },
	{ "depend", PT_LIST, PS_YES, F | P, NOLIM, NULL },
	{ "devfs_ruleset", PT_INT, PS_LINUX, F | PD_MEANING, 0, 65535,
	  "brig's built-in rulesets 1-5 (FreeBSD's numbering) populate the "
	  "jail's /dev tmpfs" },
	{ "dying", PT_BOOL, PS_REFUSED, PD_READONLY, NOLIM, "read-only" },
	{ "enforce_statfs", PT_INT, PS_LINUX, 0, 0, 2,
	  "the jail's mount namespace only ever shows its own mounts, as "
	  "enforce_statfs=2 does" },
	{ "env", PT_STRING, PS_IGNORED, 0, NOLIM,
	  "not applied yet" },
	{ "exec.clean", PT_BOOL, PS_YES, F | P, NOLIM, NULL },
	{ "exec.consolelog", PT_STRING, PS_YES, F | P, NOLIM, NULL },
	{ "exec.created", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.fib", PT_INT, PS_REFUSED, F | P, 0, 65535,
	  "Linux has policy routing, not FIBs; only 0 is accepted" },
	{ "exec.jail_user", PT_STRING, PS_YES, F | P, NOLIM, NULL },
	{ "exec.poststart", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.poststop", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.prepare", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.prestart", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.prestop", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.release", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.start", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.stop", PT_CMD, PS_YES, F | P, NOLIM, NULL },
	{ "exec.system_jail_user", PT_BOOL, PS_YES, F | P, NOLIM, NULL },
	{ "exec.system_user", PT_STRING, PS_YES, F | P, NOLIM, NULL },
	{ "exec.timeout", PT_INT, PS_YES, F | P, 0, 0x7fffffff, NULL },
	{ "host", PT_JAILSYS, PS_LINUX, PD_MEANING, NOLIM,
	  "a jail always has its own UTS namespace: new; inherit is refused" },
	{ "host.domainname", PT_STRING, PS_LINUX, 0, NOLIM,
	  "setdomainname(2) in the jail's UTS namespace" },
	{ "host.hostid", PT_INT, PS_IGNORED, 0, 0, 0xffffffffL,
	  "Linux has no per-namespace host id" },
	{ "host.hostname", PT_STRING, PS_YES, F | PD_MEANING, NOLIM, NULL },
	{ "host.hostuuid", PT_STRING, PS_IGNORED, 0, NOLIM,
	  "not applied yet" },
	{ "interface", PT_STRING, PS_YES, F | P | PD_MEANING, NOLIM, NULL },
	{ "ip4", PT_JAILSYS, PS_LINUX, 0, NOLIM,
	  "non-VNET jails share the host's stack; restricting their sockets "
	  "to ip4.addr comes later" },
	{ "ip4.addr", PT_ADDR4, PS_LINUX, F | PD_MEANING, NOLIM,
	  "added to the host interface (IF|ADDR, or interface) while the "
	  "jail runs; the jail's sockets are not yet restricted to them" },
	{ "ip4.saddrsel", PT_BOOL, PS_IGNORED, 0, NOLIM,
	  "source address selection follows the host's routing" },
	{ "ip6", PT_JAILSYS, PS_LINUX, 0, NOLIM,
	  "as ip4" },
	{ "ip6.addr", PT_ADDR6, PS_LINUX, F | PD_MEANING, NOLIM, "as ip4.addr" },
	{ "ip6.saddrsel", PT_BOOL, PS_IGNORED, 0, NOLIM, "as ip4.saddrsel" },
	{ "ip_hostname", PT_BOOL, PS_YES, F | P, NOLIM, NULL },
	{ "jid", PT_INT, PS_YES, F | PD_IMMUTABLE, 0, 0x7fffffff, NULL },
	{ "linux", PT_JAILSYS, PS_IGNORED, 0, NOLIM,
	  "a Linux jail is Linux already" },
	{ "linux.osname", PT_STRING, PS_IGNORED, 0, NOLIM, "as linux" },
	{ "linux.osrelease", PT_STRING, PS_IGNORED, 0, NOLIM, "as linux" },
	{ "linux.oss_version", PT_INT, PS_IGNORED, 0, NOLIM, "as linux" },
	{ "meta", PT_STRING, PS_YES, 0, NOLIM, NULL },
	{ "mount", PT_LIST, PS_LINUX, F | P, NOLIM,
	  "fstab(5) lines; nullfs is a bind mount" },
	{ "mount.devfs", PT_BOOL, PS_LINUX, F | P, NOLIM,
	  "a tmpfs /dev populated from devfs_ruleset (default 4)" },
	{ "mount.fdescfs", PT_BOOL, PS_LINUX, F | P, NOLIM,
	  "/dev/fd -> /proc/self/fd" },
	{ "mount.fstab", PT_STRING, PS_LINUX, F | P, NOLIM,
	  "as mount, read from a file" },
	{ "mount.procfs", PT_BOOL, PS_LINUX, F | P, NOLIM,
	  "a jail always has a fresh /proc, host-revealing files masked" },
	{ "name", PT_STRING, PS_YES, F | PD_IMMUTABLE, NOLIM, NULL },
	{ "osreldate", PT_INT, PS_IGNORED, 0, NOLIM,
	  "Linux cannot fake the kernel version per jail" },
	{ "osrelease", PT_STRING, PS_IGNORED, 0, NOLIM,
	  "Linux cannot fake the kernel release per jail" },
	{ "parent", PT_INT, PS_REFUSED, PD_READONLY, NOLIM, "read-only" },
	{ "path", PT_STRING, PS_YES, F | PD_MEANING, NOLIM, NULL },
	{ "persist", PT_BOOL, PS_YES, F, NOLIM, NULL },
	{ "securelevel", PT_INT, PS_IGNORED, F, -1, 3,
	  "Linux has no securelevel; the jail's capabilities and seccomp "
	  "filter are fixed at start instead" },
	{ "stop.timeout", PT_INT, PS_YES, F | P, 0, 0x7fffffff, NULL },
	{ "sysvmsg", PT_JAILSYS, PS_LINUX, PD_MEANING, NOLIM,
	  "the jail's own IPC namespace (new); inherit is refused" },
	{ "sysvsem", PT_JAILSYS, PS_LINUX, PD_MEANING, NOLIM, "as sysvmsg" },
	{ "sysvshm", PT_JAILSYS, PS_LINUX, PD_MEANING, NOLIM, "as sysvmsg" },
	{ "vnet", PT_JAILSYS, PS_LINUX, F, NOLIM,
	  "new: the jail's own network namespace" },
	{ "vnet.interface", PT_LIST, PS_LINUX, F | P | PD_MEANING, NOLIM,
	  "moved into the jail's network namespace at start, back at stop" },
	{ "zfs.dataset", PT_LIST, PS_REFUSED, P, NOLIM,
	  "ZFS datasets cannot be delegated to a Linux jail" },
	{ "zfs.mount_snapshot", PT_INT, PS_IGNORED, 0, NOLIM,
	  "no ZFS delegation on Linux" },
};

#undef F
#undef P

#define NTABLE (sizeof(table) / sizeof(table[0]))

static int
cmp_def(const void *key, const void *elem)
{
	return strcmp(key, ((const struct param_def *)elem)->name);
}

const struct param_def *
params_lookup(const char *name)
{
	return bsearch(name, table, NTABLE, sizeof(table[0]), cmp_def);
}

const struct param_def *
params_lookup_opt(const char *name, bool *negated)
{
	const struct param_def *d = params_lookup(name);
	const char *dot, *last;
	char buf[256];

	*negated = false;
	if (d != NULL)
		return d;
	dot = strrchr(name, '.');
	last = dot ? dot + 1 : name;
	if (strncmp(last, "no", 2) != 0 || strlen(name) >= sizeof(buf))
		return NULL;
	snprintf(buf, sizeof(buf), "%.*s%s", (int)(last - name), name,
	    last + 2);
	d = params_lookup(buf);
	if (d != NULL && (d->type == PT_BOOL || d->type == PT_JAILSYS)) {
		*negated = true;
		return d;
	}
	return NULL;
}

/* The table entries equalopts() can match: the name itself and the
 * name without one "no" at the start of a component (no entry of the
 * table starts a component with "no"). */
bool
params_fbsd_flags(const char *name, unsigned *flags)
{
	const struct param_def *d = NULL;
	const char *k;
	char buf[256];
	size_t len = strlen(name);

	if (len >= sizeof(buf))
		return false;
	for (k = name; k && !d; k = strchr(k, '.'), k = k ? k + 1 : NULL) {
		if (k == name)
			d = params_lookup(name);
		if (d == NULL && strncmp(k, "no", 2) == 0) {
			memcpy(buf, name, (size_t)(k - name));
			memcpy(buf + (k - name), k + 2, len - (size_t)(k - name) -
			    1);
			d = params_lookup(buf);
		}
	}
	if (d == NULL || !(d->flags & PD_FBSD_INT))
		return false;
	if (d->flags & PD_IMMUTABLE)
		*flags |= CONF_PF_IMMUTABLE;
	return true;
}

const char *
params_suggest(const char *name)
{
	const char *names[NTABLE];
	size_t i;

	for (i = 0; i < NTABLE; i++)
		names[i] = table[i].name;
	return conf_suggest(name, names, NTABLE);
}

const struct param_def *
params_table(unsigned *n)
{
	*n = (unsigned)NTABLE;
	return table;
}

const char *
params_type_name(enum param_type t)
{
	switch (t) {
	case PT_BOOL:
		return "boolean";
	case PT_INT:
		return "integer";
	case PT_STRING:
		return "string";
	case PT_LIST:
		return "list";
	case PT_CMD:
		return "command list";
	case PT_ADDR4:
		return "IPv4 address list";
	case PT_ADDR6:
		return "IPv6 address list";
	case PT_JAILSYS:
		return "new|inherit|disable";
	}
	return "?";
}
