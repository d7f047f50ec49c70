/* Creating a jail's processes: the jail itself (namespaces, root, init)
 * and a process entering a running jail (exec.stop, brig exec). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "../ns/privs.h"
#include "../ns/rootfs.h"
#include "../util/err.h"

struct cgroup;

struct spawn_spec {
	const char *name;
	const char *hostname;		/* host.hostname */
	const char *domainname;		/* host.domainname, or NULL */
	bool vnet;			/* a network namespace of its own */
	int netns_fd;			/* ... made already (vnet.h), or -1:
					 * a new one */
	struct rootfs_spec rootfs;
	struct jail_privs privs;
	int logfd;			/* exec.consolelog: the jail's start
					 * commands write there, or -1 */
	char *const *init_argv;		/* brig-init's, with -s 4 */
	char *const *init_envp;
};

struct spawned {
	pid_t pid;			/* the jail's init, on the host */
	int pidfd;
	int sock;			/* init's report channel */
	unsigned long long starttime;
};

/* Clone the jail's first process into new mount, PID, UTS, IPC (and
 * network) namespaces, inside the cgroup.  It waits for spawn_go(), so
 * that the caller can journal the PID first. */
int spawn_jail(const struct spawn_spec *spec, const struct cgroup *cg,
    struct spawned *out, struct brig_err *e);
/* Let it set up its root and exec init; returns once init reports that
 * it runs ("I"), or the setup child's error. */
int spawn_go(struct spawned *sp, int timeout_ms, struct brig_err *e);
void spawn_close(struct spawned *sp);

struct enter_spec {
	pid_t pid;			/* the jail's init */
	unsigned long long starttime;
	const char *name;
	struct jail_privs privs;
	bool clean;			/* jexec -l / exec.clean */
	const char *user;		/* user name, or NULL for root */
	bool user_on_host;		/* jexec -u: look it up on the host */
	int logfd;			/* output to this fd, or -1 */
	int timeout;			/* seconds, 0: none */
	bool last;			/* the caller has nothing left to do:
					 * without a timeout, it becomes the
					 * process that enters the jail (one
					 * fork fewer) and exits with the
					 * command's status (brig exec) */
};

/* Run argv inside the running jail: every namespace, its cgroup, its
 * privileges, rlimits no higher than its init's (those rctl sets:
 * rctl_rlimits_cap()); the command's wait status in *status.  The process never
 * becomes reachable from the jail before it has dropped its privileges,
 * and no host descriptor other than stdio (or logfd) goes in. */
int spawn_enter(const struct enter_spec *spec, char *const argv[],
    int *status, struct brig_err *e);
