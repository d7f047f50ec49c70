/* What a jail's root may do: FreeBSD's jail root rights mapped onto Linux
 * capabilities and a seccomp filter (../shared/reference/linux-hardening.md;
 * the mapping is documented in brig.conf(5), PRIVILEGES ON LINUX). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../util/err.h"

struct conf_jail;

/* The allow.* decisions, from the jail's resolved parameters. */
struct jail_privs {
	bool raw_sockets;	/* allow.raw_sockets: CAP_NET_RAW, SOCK_RAW */
	bool vnet;		/* own network stack: CAP_NET_ADMIN */
	bool chflags;		/* allow.chflags: CAP_LINUX_IMMUTABLE */
	bool mlock;		/* allow.mlock: CAP_IPC_LOCK */
	bool set_hostname;	/* allow.set_hostname: sethostname(2) */
	bool socket_af;		/* allow.socket_af: families beyond the
				 * usual UNIX, INET, INET6, NETLINK */
	bool sysvipc;		/* allow.sysvipc */
	bool read_msgbuf;	/* allow.read_msgbuf: CAP_SYSLOG */
	bool proc_debug;	/* allow.unprivileged_proc_debug */
	bool suser;		/* allow.suser (default true): when false
				 * uid 0 gets no capabilities */
	bool mknod;		/* the jail has its own /dev tmpfs */
};

/* Fill p from a jail's parameters (FreeBSD's defaults where unset). */
void privs_from_conf(const struct conf_jail *j, struct jail_privs *p);
/* p as one word for a jail's journal ("raw_sockets,vnet,suser", or
 * "none"), as snprintf into buf; privs_parse() reads it back: 0, or -1
 * for a word it does not know (p untouched).  A running jail's
 * privileges are those it was started with, as in FreeBSD, not what the
 * configuration says later. */
size_t privs_format(const struct jail_privs *p, char *buf, size_t len);
int privs_parse(const char *s, struct jail_privs *p);

/* In the jail's process, after pivot_root and before exec: bounding set,
 * capability sets, PR_SET_NO_NEW_PRIVS, then the seccomp filter.  Must be
 * called as uid 0 with every capability. */
int privs_apply(const struct jail_privs *p, struct brig_err *e);

/* The capabilities the jail's root keeps, as a mask of 1 << CAP_*: the
 * permitted, effective, inheritable and bounding sets privs_apply()
 * sets.  0 when allow.suser is false. */
uint64_t privs_caps(const struct jail_privs *p);

/* The capabilities kept and refused and the system calls the seccomp
 * filter denies for p, one per line, with the reason (brig show, docs). */
void privs_describe(const struct jail_privs *p, FILE *fp);
