/* A jail's network namespace, found by its name or JID: what
 * `ifconfig IF vnet JAIL` moves an interface into.
 *
 * Two places hold one.  A running (or starting) jail's init is in it:
 * /proc/PID/ns/net, PID checked against its start time after the open,
 * so that a reused PID is never taken for the jail's.  And during the
 * exec.* hooks of a vnet jail's start, before its init exists, brig
 * passes the namespace it made for the jail to the hook (environment
 * BRIG_HOOK_JAIL and BRIG_HOOK_NETNS, an inherited descriptor): the
 * seed's exec.prestart moves epair0b into the jail it is starting. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jail.h"

/* The descriptor handed to the hooks of the jail being started, if
 * jail names it (by name or JID). */
static int
hook_netns(const char *jail, struct brig_err *e)
{
	const char *name = getenv(JAIL_HOOK_ENV_JAIL);
	const char *jid = getenv(JAIL_HOOK_ENV_JID);
	const char *fds = getenv(JAIL_HOOK_ENV_NETNS);
	struct stat sb;
	char *end;
	long fd;
	int dup;

	if (fds == NULL || !((name && strcmp(name, jail) == 0) ||
	    (jid && strcmp(jid, jail) == 0)))
		return -2;
	errno = 0;
	fd = strtol(fds, &end, 10);
	if (errno || *end || end == fds || fd < 0 || fd > 1 << 20 ||
	    fstat((int)fd, &sb) == -1)
		return err_fmt(e, "jail %s: %s=\"%s\" is not an open "
		    "descriptor", jail, JAIL_HOOK_ENV_NETNS, fds);
	if ((dup = fcntl((int)fd, F_DUPFD_CLOEXEC, 3)) == -1)
		return err_sys(e, "jail %s: network namespace", jail);
	return dup;
}

/* The name of the jail whose JID is jid, into name. */
static int
by_jid(const char *rundir, long jid, char *name, size_t len,
    struct brig_err *e)
{
	struct jail_state st;
	struct brig_err ignore;
	char **names;
	size_t n, i;
	int found = 0;

	if (state_list(rundir, &names, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (!found && state_read(rundir, names[i], &st, &ignore) == 1 &&
		    st.jid == jid && state_pid_alive(st.pid, st.starttime)) {
			snprintf(name, len, "%s", names[i]);
			found = 1;
		}
		free(names[i]);
	}
	free(names);
	return found ? 0 : err_fmt(e, "jail %ld is not running", jid);
}

/* A jail given by name or JID, as a name (in buf when it was a JID). */
static const char *
jail_name(const char *rundir, const char *jail, char *buf, size_t len,
    struct brig_err *e)
{
	const char *p;

	for (p = jail; *p >= '0' && *p <= '9'; p++)
		;
	if (*p != '\0' || p == jail)
		return jail;
	if (by_jid(rundir, strtol(jail, NULL, 10), buf, len, e) == -1)
		return NULL;
	return buf;
}

int
jail_netns_open(const char *rundir, const char *jail, struct brig_err *e)
{
	struct jail_state st;
	char name[72], path[64];
	int fd;

	if ((fd = hook_netns(jail, e)) != -2)
		return fd;
	if ((jail = jail_name(rundir, jail, name, sizeof(name), e)) == NULL)
		return -1;
	switch (state_read(rundir, jail, &st, e)) {
	case -1:
		return -1;
	case 0:
		return err_fmt(e, "jail %s is not running", jail);
	}
	if (!state_pid_alive(st.pid, st.starttime))
		return err_fmt(e, "jail %s is not running", jail);
	if (!st.vnet)
		return err_fmt(e, "jail %s has no vnet: its network is the "
		    "host's", jail);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)st.pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "jail %s: open %s", jail, path);
	if (!state_pid_alive(st.pid, st.starttime)) {
		close(fd);
		return err_fmt(e, "jail %s is not running", jail);
	}
	return fd;
}

int
jail_netns_note(const char *rundir, const char *jail, const char *ifname,
    struct brig_err *e)
{
	const char *hook = getenv(JAIL_HOOK_ENV_JAIL);
	const char *jid = getenv(JAIL_HOOK_ENV_JID);
	struct journal jr;
	char name[72];
	int rc;

	if (hook && jid && strcmp(jid, jail) == 0)
		jail = hook;
	if ((jail = jail_name(rundir, jail, name, sizeof(name), e)) == NULL)
		return -1;
	if (journal_open(&jr, rundir, jail, e) == -1)
		return e->errnum == ENOENT ? err_fmt(e, "jail %s is not "
		    "running", jail) : -1;
	rc = journal_add(&jr, e, "net vnetif %s", ifname);
	journal_close(&jr);
	return rc;
}
