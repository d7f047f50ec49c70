#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "spawn.h"
#include "state.h"
#include "../rctl/cgroup.h"
#include "../rctl/limit.h"
#include "../util/env.h"
#include "../util/passwd.h"
#include "../util/run.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* brig-init, built into brig (init_blob.S). */
extern const char brig_init_blob[], brig_init_blob_end[];

/* A sealed in-memory copy of brig-init to exec as the jail's PID 1:
 * /proc/1/exe in the jail then names the copy, never a host file (runc
 * CVE-2019-5736), and the jail's root needs no libraries for it. */
static int
sealed_init(struct brig_err *e)
{
	size_t len = (size_t)(brig_init_blob_end - brig_init_blob), off = 0;
	ssize_t n;
	int fd;

	fd = (int)syscall(SYS_memfd_create, "brig-init",
	    MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd == -1)
		return err_sys(e, "create the jail's init");
	while (off < len) {
		n = write(fd, brig_init_blob + off, len - off);
		if (n <= 0) {
			err_sys(e, "write the jail's init");
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
	    F_SEAL_WRITE | F_SEAL_SEAL) == -1) {
		err_sys(e, "seal the jail's init");
		close(fd);
		return -1;
	}
	return fd;
}

/* In the setup child: report a failure to the parent and end. */
static void __attribute__((noreturn))
child_fail(int sock, const struct brig_err *e)
{
	char buf[600];
	int n = snprintf(buf, sizeof(buf), "E %d %s", e->errnum, e->msg);

	if (write(sock, buf, (size_t)(n > 0 ? n : 0)) < 0)
		_exit(1);
	_exit(1);
}

static void __attribute__((noreturn))
setup_child(const struct spawn_spec *s, int sock, int self)
{
	struct brig_err e = { 0, "" };
	char go;

	if (read(sock, &go, 1) != 1)
		_exit(1);	/* brig went away before the go */
	if (s->vnet && s->netns_fd >= 0 && setns(s->netns_fd,
	    CLONE_NEWNET) == -1) {
		err_sys(&e, "join the jail's network namespace");
		child_fail(sock, &e);
	}
	/* The cgroup namespace now, once brig has put us in the jail's
	 * cgroups: its root is the jail's cgroup in every hierarchy. */
	if (unshare(CLONE_NEWCGROUP) == -1) {
		err_sys(&e, "unshare cgroup namespace");
		child_fail(sock, &e);
	}
	if (sethostname(s->hostname, strlen(s->hostname)) == -1) {
		err_sys(&e, "set host name %s", s->hostname);
		child_fail(sock, &e);
	}
	if (s->domainname && setdomainname(s->domainname,
	    strlen(s->domainname)) == -1) {
		err_sys(&e, "set domain name %s", s->domainname);
		child_fail(sock, &e);
	}
	if (rootfs_setup(&s->rootfs, &e) == -1 ||
	    privs_apply(&s->privs, &e) == -1)
		child_fail(sock, &e);
	/* exec.consolelog takes the start commands' output (jail(8)). */
	if (s->logfd >= 0 && (dup2(s->logfd, STDOUT_FILENO) == -1 ||
	    dup2(s->logfd, STDERR_FILENO) == -1)) {
		err_sys(&e, "redirect output to exec.consolelog");
		child_fail(sock, &e);
	}
	/* Only stdio, the copy of brig (3) and the report socket (4) go
	 * into the jail. */
	if ((self = fcntl(self, F_DUPFD_CLOEXEC, 10)) == -1 ||
	    (sock = fcntl(sock, F_DUPFD_CLOEXEC, 10)) == -1 ||
	    dup3(self, 3, O_CLOEXEC) == -1 || dup3(sock, 4, 0) == -1 ||
	    syscall(SYS_close_range, 5, ~0U, 0) == -1) {
		err_sys(&e, "arrange descriptors");
		child_fail(sock, &e);
	}
	syscall(SYS_execveat, 3, "", s->init_argv, s->init_envp,
	    AT_EMPTY_PATH);
	err_sys(&e, "exec the jail's init");
	child_fail(4, &e);
}

int
spawn_jail(const struct spawn_spec *s, const struct cgroup *cg,
    struct spawned *out, struct brig_err *e)
{
	struct clone_args args;
	int sv[2], self, cgfd = cg ? cgroup_v2_fd(cg) : -1, pidfd = -1;
	long pid;

	memset(out, 0, sizeof(*out));
	out->pidfd = out->sock = -1;
	if ((self = sealed_init(e)) == -1)
		return -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		close(self);
		return err_sys(e, "socketpair");
	}
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
	    CLONE_PIDFD | (s->vnet && s->netns_fd < 0 ? CLONE_NEWNET : 0) |
	    (cgfd >= 0 ? CLONE_INTO_CGROUP : 0);
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	args.cgroup = cgfd >= 0 ? (uint64_t)cgfd : 0;
	fflush(NULL);
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == -1) {
		err_sys(e, "create the jail's namespaces (clone3)");
		close(sv[0]);
		close(sv[1]);
		close(self);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		setup_child(s, sv[1], self);
	}
	close(sv[1]);
	close(self);
	out->pid = (pid_t)pid;
	out->pidfd = pidfd;
	out->sock = sv[0];
	out->starttime = state_proc_starttime(out->pid);
	if (cg && cgroup_attach_from(cg, out->pid, cgfd >= 0, e) == -1) {
		spawn_close(out);
		return -1;
	}
	return 0;
}

/* Read one report line from init, waiting at most timeout_ms (-1:
 * forever).  Returns its length, 0 at EOF, -1 on timeout or error. */
static int
read_report(int sock, char *buf, size_t len, int timeout_ms,
    struct brig_err *e)
{
	struct pollfd p = { sock, POLLIN, 0 };
	ssize_t n;
	int rc;

	while ((rc = poll(&p, 1, timeout_ms)) == -1 && errno == EINTR)
		;
	if (rc == 0)
		return err_fmt(e, "timed out");
	if (rc == -1)
		return err_sys(e, "wait for the jail's init");
	while ((n = read(sock, buf, len - 1)) == -1 && errno == EINTR)
		;
	if (n == -1)
		return err_sys(e, "read from the jail's init");
	buf[n] = '\0';
	return (int)n;
}

int
spawn_go(struct spawned *sp, int timeout_ms, struct brig_err *e)
{
	char buf[640];
	int n;

	if (write(sp->sock, "g", 1) != 1)
		return err_sys(e, "start the jail's setup");
	n = read_report(sp->sock, buf, sizeof(buf), timeout_ms, e);
	if (n < 0)
		return err_ctx(e, "set up the jail");
	if (n == 0)
		return err_fmt(e, "the jail's setup ended without a word");
	if (buf[0] == 'E') {
		char *msg;
		int errnum = (int)strtol(buf + 2, &msg, 10);

		e->errnum = errnum;
		snprintf(e->msg, sizeof(e->msg), "%s", *msg ? msg + 1 : "");
		return -1;
	}
	if (buf[0] != 'I')
		return err_fmt(e, "unexpected report from the jail's init: "
		    "%.40s", buf);
	return 0;
}

void
spawn_close(struct spawned *sp)
{
	if (sp->pidfd >= 0)
		close(sp->pidfd);
	if (sp->sock >= 0)
		close(sp->sock);
	sp->pidfd = sp->sock = -1;
}

/* --- entering a running jail ---------------------------------------- */

/* The user a command runs as: found on the host (jexec -u, before
 * joining the jail) with the host's NSS, or in the jail with its own
 * files only (util/passwd.h). */
struct who {
	struct passwd_entry pw;
	bool found;
};

static void
lookup_host_user(const char *name, struct who *w)
{
	struct passwd *pw = getpwnam(name);

	memset(w, 0, sizeof(*w));
	if (pw == NULL)
		return;
	w->found = true;
	w->pw.uid = pw->pw_uid;
	w->pw.gid = pw->pw_gid;
	snprintf(w->pw.name, sizeof(w->pw.name), "%s", pw->pw_name);
	snprintf(w->pw.home, sizeof(w->pw.home), "%s", pw->pw_dir);
	snprintf(w->pw.shell, sizeof(w->pw.shell), "%s", pw->pw_shell[0] ?
	    pw->pw_shell : "/bin/sh");
	w->pw.ngroups = PASSWD_MAX_GROUPS;
	if (getgrouplist(pw->pw_name, pw->pw_gid, w->pw.groups,
	    &w->pw.ngroups) < 0)
		w->pw.ngroups = 0;
}

static void
enter_env(const struct enter_spec *s, const struct who *w)
{
	if (s->clean)
		env_clean(w->found ? w->pw.home : "/", w->found ? w->pw.shell :
		    NULL, w->found ? w->pw.name : NULL);
}

/* The process that runs the command: already in every namespace. */
static void __attribute__((noreturn))
enter_final(const struct enter_spec *s, char *const argv[], struct who *w)
{
	struct brig_err e = { 0, "" };
	struct jail_privs privs;
	char *shell_argv[2];

	if (!s->user_on_host)
		w->found = passwd_lookup(s->user ? s->user : "root", &w->pw);
	if (s->user && !w->found) {
		dprintf(STDERR_FILENO, "brig: exec: no user %s in jail %s\n",
		    s->user, s->name);
		_exit(126);
	}
	if (s->logfd >= 0 && (dup2(s->logfd, 1) == -1 ||
	    dup2(s->logfd, 2) == -1))
		_exit(126);
	enter_env(s, w);
	if (chdir(s->clean && w->found ? w->pw.home : "/") == -1 &&
	    chdir("/") == -1)
		_exit(126);
	/* allow.suser off takes every capability from the jail's root, the
	 * one to become another user with included; a user other than
	 * root has none after setuid() anyway, so keep them until then. */
	privs = s->privs;
	if (w->found && w->pw.uid != 0)
		privs.suser = true;
	if (privs_apply(&privs, &e) == -1) {
		dprintf(STDERR_FILENO, "brig: exec: %s\n", e.msg);
		_exit(126);
	}
	/* root stays root without touching its ids: with allow.suser off it
	 * has no CAP_SETGID left to do so. */
	if (w->found && w->pw.uid != 0 &&
	    (setgroups((size_t)w->pw.ngroups, w->pw.groups) == -1 ||
	    setgid(w->pw.gid) == -1 || setuid(w->pw.uid) == -1)) {
		dprintf(STDERR_FILENO, "brig: exec: become %s: %s\n",
		    w->pw.name, strerror(errno));
		_exit(126);
	}
	syscall(SYS_close_range, 3, ~0U, 0);
	if (argv == NULL || argv[0] == NULL) {
		shell_argv[0] = w->found ? w->pw.shell : "/bin/sh";
		shell_argv[1] = NULL;
		argv = shell_argv;
	}
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "brig: exec %s in jail %s: %s\n", argv[0],
	    s->name, strerror(errno));
	_exit(127);
}

/* The middle process: joins the cgroup and the namespaces, forks into
 * the PID namespace, waits, exits with the command's status.  A child
 * of brig, or brig itself when it has nothing left to do (enter_spec
 * last).  Non-dumpable from the start, so that no jail process can
 * ptrace or read it (runc CVE-2016-9962). */
static void __attribute__((noreturn))
enter_middle(const struct enter_spec *s, char *const argv[], int pidfd,
    struct cgroup *cg)
{
	struct brig_err e = { 0, "" };
	struct clone_args args;
	int status, sync[2], v2 = cgroup_v2_fd(cg);
	struct who w;
	char go;
	long pid;

	prctl(PR_SET_DUMPABLE, 0);
	memset(&w, 0, sizeof(w));
	if (s->user_on_host && s->user)
		lookup_host_user(s->user, &w);
	if (pipe2(sync, O_CLOEXEC) == -1 || setns(pidfd, CLONE_NEWNS |
	    CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWCGROUP |
	    CLONE_NEWNET) == -1) {
		dprintf(STDERR_FILENO, "brig: exec: join jail %s: %s\n",
		    s->name, strerror(errno));
		_exit(126);
	}
	/* The command is born in the jail's v2 cgroup (clone3) and moved
	 * into its v1 ones before it may run: one migration, not two, and
	 * this process stays out of the jail's accounting. */
	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;
	if (v2 >= 0) {
		args.flags = CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)v2;
	}
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == -1)
		_exit(126);
	if (pid == 0) {
		close(sync[1]);
		if (read(sync[0], &go, 1) != 1)
			_exit(126);
		close(sync[0]);
		enter_final(s, argv, &w);
	}
	close(sync[0]);
	/* Its cgroup, and no more than the jail's init may have of what
	 * rctl limits per process (rlimits). */
	if (cgroup_attach_from(cg, (pid_t)pid, v2 >= 0, &e) == -1 ||
	    rctl_rlimits_cap(s->pid, (pid_t)pid, &e) == -1) {
		dprintf(STDERR_FILENO, "brig: exec: %s\n", e.msg);
		kill((pid_t)pid, SIGKILL);
		_exit(126);
	}
	if (write(sync[1], "g", 1) != 1)
		_exit(126);
	close(sync[1]);
	while (waitpid((pid_t)pid, &status, 0) == -1)
		if (errno != EINTR)
			_exit(126);
	if (WIFSIGNALED(status))
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

int
spawn_enter(const struct enter_spec *s, char *const argv[], int *status,
    struct brig_err *e)
{
	struct cgroup *cg;
	int pidfd, rc;
	pid_t pid;

	pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (pidfd == -1 || !state_pid_alive(s->pid, s->starttime)) {
		if (pidfd >= 0)
			close(pidfd);
		return err_fmt(e, "jail %s is not running", s->name);
	}
	if (cgroup_open(s->name, &cg, e) == -1) {
		close(pidfd);
		return -1;
	}
	fflush(NULL);
	if (s->last && s->timeout <= 0)
		enter_middle(s, argv, pidfd, cg);
	pid = fork();
	if (pid == -1) {
		err_sys(e, "fork");
		goto out;
	}
	if (pid == 0)
		enter_middle(s, argv, pidfd, cg);
	rc = run_wait(pid, s->timeout > 0 ? s->timeout * 1000 : -1, status, e);
	if (rc == 0) {
		kill(pid, SIGKILL);
		run_wait(pid, -1, status, e);
		err_fmt(e, "timed out after %d s", s->timeout);
		pid = -1;
	} else if (rc == -1)
		pid = -1;
out:
	cgroup_free(cg);
	close(pidfd);
	return pid == -1 ? -1 : 0;
}
