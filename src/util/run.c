#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "env.h"
#include "run.h"

const char *
run_describe(int status, char *buf, unsigned long len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "ended with status %#x", status);
	return buf;
}

int
run_open_log(const char *path, struct brig_err *e)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOCTTY, 0600);

	if (fd == -1)
		return err_sys(e, "open exec.consolelog %s", path);
	return fd;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int
run_wait(int pid, int timeout_ms, int *status, struct brig_err *e)
{
	int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;
	struct pollfd p;
	int rc;

	if (pidfd == -1)
		return err_sys(e, "pidfd_open %d", pid);
	p.fd = pidfd;
	p.events = POLLIN;
	for (;;) {
		int wait_ms = deadline < 0 ? -1 : (int)(deadline - now_ms());

		if (deadline >= 0 && wait_ms < 0)
			wait_ms = 0;
		rc = poll(&p, 1, wait_ms);
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1) {
			err_sys(e, "poll");
			close(pidfd);
			return -1;
		}
		if (rc == 0) {
			close(pidfd);
			return 0;
		}
		break;
	}
	close(pidfd);
	while (waitpid(pid, status, 0) == -1)
		if (errno != EINTR)
			return err_sys(e, "wait for %d", pid);
	return 1;
}

static void
child(const struct run_opts *o, const char *cmd)
{
	struct passwd *pw = getpwnam(o->user ? o->user : "root");
	char *const *v;

	setpgid(0, 0);	/* a group of its own: a timeout kills all of it */
	if (o->logfd >= 0 && (dup2(o->logfd, STDOUT_FILENO) == -1 ||
	    dup2(o->logfd, STDERR_FILENO) == -1))
		_exit(126);
	if (o->user) {
		if (pw == NULL) {
			dprintf(STDERR_FILENO, "brig: %s: exec.system_user %s: "
			    "no such user\n", o->what, o->user);
			_exit(126);
		}
		if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
		    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
			dprintf(STDERR_FILENO, "brig: %s: become %s: %s\n",
			    o->what, o->user, strerror(errno));
			_exit(126);
		}
	}
	if (o->clean)
		env_clean(pw ? pw->pw_dir : "/root", pw ? pw->pw_shell :
		    NULL, pw ? pw->pw_name : NULL);
	for (v = o->env; v && *v; v++)
		putenv(*v);
	if (o->path_first && *o->path_first) {
		const char *path = getenv("PATH");
		char *both;

		if (asprintf(&both, "%s:%s", o->path_first, path && *path ?
		    path : "/bin:/usr/bin") == -1)
			_exit(126);
		setenv("PATH", both, 1);
	}
	if (o->pass_fd >= 0 && fcntl(o->pass_fd, F_SETFD, 0) == -1)
		_exit(126);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

int
run_shell(const struct run_opts *o, const char *cmd, struct brig_err *e)
{
	char how[96];
	int status, rc;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == -1)
		return err_sys(e, "%s: fork", o->what);
	if (pid == 0)
		child(o, cmd);
	rc = run_wait(pid, o->timeout > 0 ? o->timeout * 1000 : -1, &status,
	    e);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		run_wait(pid, -1, &status, e);
		return err_fmt(e, "%s: \"%s\" timed out after %d s "
		    "(exec.timeout)", o->what, cmd, o->timeout);
	}
	if (status != 0)
		return err_fmt(e, "%s: \"%s\" %s", o->what, cmd,
		    run_describe(status, how, sizeof(how)));
	return 0;
}
