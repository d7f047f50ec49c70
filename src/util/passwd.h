/* Users of a jail, read from its own /etc/passwd and /etc/group.  Never
 * getpwnam(3) inside a jail: NSS would load libraries the jail's root
 * chose (nsswitch.conf) into a process that still holds the host's
 * privileges.  Shared by brig (brig exec, exec.stop) and brig-init. */
#pragma once

#include <sys/types.h>

#define PASSWD_MAX_GROUPS 64

struct passwd_entry {
	char name[64];
	uid_t uid;
	gid_t gid;
	char home[256];
	char shell[256];
	gid_t groups[PASSWD_MAX_GROUPS];
	int ngroups;
};

/* Look a user up in /etc/passwd and /etc/group of the current root:
 * 1 if found, 0 if not. */
int passwd_lookup(const char *name, struct passwd_entry *pw);
