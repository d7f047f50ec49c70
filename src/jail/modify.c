/* jail -m: change the parameters of a running jail that can change.  As
 * in FreeBSD, most are fixed once the jail exists; on Linux these can:
 * host.hostname and host.domainname (set in the jail's UTS namespace) and
 * persist (told to the jail's init).  Anything else asks for a restart. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jail.h"
#include "../conf/conf.h"
#include "../util/run.h"

/* Set a name in the jail's UTS namespace, from a child that joins it. */
static int
set_uts(const struct jail_state *st, int pidfd, bool domain,
    const char *value, struct brig_err *e)
{
	int status, rc;
	pid_t pid;

	if (strlen(value) > 64)
		return err_fmt(e, "%s is %zu bytes long; Linux allows 64",
		    domain ? "host.domainname" : "host.hostname",
		    strlen(value));
	pid = fork();
	if (pid == -1)
		return err_sys(e, "fork");
	if (pid == 0) {
		if (setns(pidfd, CLONE_NEWUTS) == -1)
			_exit(1);
		rc = domain ? setdomainname(value, strlen(value)) :
		    sethostname(value, strlen(value));
		_exit(rc == -1 ? 2 : 0);
	}
	if (run_wait(pid, 5000, &status, e) != 1 || status != 0)
		return err_fmt(e, "jail %s: cannot set its %s", st->name,
		    domain ? "domain name" : "host name");
	return 0;
}

int
jail_modify(const struct jail_ctx *x, const char *name, const char *param,
    const char *value, struct brig_err *e)
{
	struct jail_state st;
	struct journal jr = { -1 };
	bool persist = value == NULL || strcasecmp(value, "true") == 0 ||
	    atoi(value) != 0;	/* as jail.conf reads a boolean */
	int lock, pidfd = -1, rc = -1;

	if ((lock = state_lock(x->rundir, name, e)) == -1)
		return -1;
	if (jail_status(x, name, &st) != JAIL_RUNNING) {
		err_fmt(e, "jail %s is not running", name);
		goto out;
	}
	pidfd = (int)syscall(SYS_pidfd_open, st.pid, 0);
	if (pidfd == -1 || !state_pid_alive(st.pid, st.starttime)) {
		err_fmt(e, "jail %s is not running", name);
		goto out;
	}
	if (journal_open(&jr, x->rundir, name, e) == -1)
		goto out;
	if (!strcmp(param, "host.hostname") && value) {
		if (set_uts(&st, pidfd, false, value, e) == 0 &&
		    journal_add(&jr, e, "hostname %s", value) == 0)
			rc = 0;
	} else if (!strcmp(param, "host.domainname") && value)
		rc = set_uts(&st, pidfd, true, value, e);
	else if (!strcmp(param, "persist") || !strcmp(param, "nopersist")) {
		if (!strcmp(param, "nopersist"))
			persist = !persist;	/* nopersist = false: persist */
		if (syscall(SYS_pidfd_send_signal, pidfd, persist ? SIGUSR1 :
		    SIGUSR2, NULL, 0) == -1)
			err_sys(e, "jail %s: tell init", name);
		else
			rc = journal_add(&jr, e, "persist %d", persist);
	} else
		err_fmt(e, "jail %s: %s cannot change while the jail runs "
		    "(brig restart %s)", name, param, name);
out:
	journal_close(&jr);
	if (pidfd >= 0)
		close(pidfd);
	close(lock);
	return rc;
}
