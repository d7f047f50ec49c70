/* The order follows catatonit: block every signal but the faults first,
 * take signals through a signalfd, become a subreaper when not PID 1,
 * start children with the original mask, reap everything, forward
 * termination signals, exit 128+signal. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "../util/env.h"
#include "../util/passwd.h"

#define MAX_START 64
#define MAX_WATCH 256

struct init_opts {
	int report;			/* -s FD, or -1 */
	bool persist;			/* -p */
	bool clean;			/* -c: exec.clean */
	const char *user;		/* -u: exec.jail_user */
	const char *ids;		/* -i UID:GID[:G,...]: the same user as
					 * the host knows it
					 * (exec.system_jail_user) */
	const char *name;		/* -n: for messages */
	const char *start[MAX_START];	/* -S: exec.start, each via sh -c */
	int nstart;
	char *command[MAX_START + 1];	/* -C: command, one argv */
	int ncommand;
};

static sigset_t saved_mask;

static void
say(struct init_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(struct init_opts *o, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (o->report >= 0 && n > 0 && write(o->report, buf, (size_t)n) < 0)
		o->report = -1;	/* brig went away: nobody to tell */
}

static void
warnx_init(const struct init_opts *o, const char *msg, int errnum)
{
	dprintf(STDERR_FILENO, "brig-init[%s]: %s%s%s\n",
	    o->name ? o->name : "?", msg, errnum ? ": " : "",
	    errnum ? strerror(errnum) : "");
}

static int
parse(struct init_opts *o, int argc, char **argv)
{
	int ch;

	memset(o, 0, sizeof(*o));
	o->report = -1;
	optind = 1;
	while ((ch = getopt(argc, argv, "s:pcu:i:n:S:C:")) != -1)
		switch (ch) {
		case 's':
			o->report = atoi(optarg);
			break;
		case 'p':
			o->persist = true;
			break;
		case 'c':
			o->clean = true;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'i':
			o->ids = optarg;
			break;
		case 'n':
			o->name = optarg;
			break;
		case 'S':
			if (o->nstart == MAX_START)
				return -1;
			o->start[o->nstart++] = optarg;
			break;
		case 'C':
			if (o->ncommand == MAX_START)
				return -1;
			o->command[o->ncommand++] = optarg;
			break;
		default:
			return -1;
		}
	return optind == argc ? 0 : -1;
}

/* "UID:GID[:G1,G2...]" from brig, which looked exec.jail_user up on
 * the host (exec.system_jail_user). */
static int
parse_ids(const char *s, struct passwd_entry *pw)
{
	char *end;

	pw->uid = (uid_t)strtoul(s, &end, 10);
	if (*end != ':')
		return 0;
	pw->gid = (gid_t)strtoul(end + 1, &end, 10);
	pw->groups[0] = pw->gid;
	pw->ngroups = 1;
	while (*end == ':' || *end == ',') {
		if (pw->ngroups == PASSWD_MAX_GROUPS)
			return 0;
		pw->groups[pw->ngroups++] = (gid_t)strtoul(end + 1, &end, 10);
	}
	return *end == '\0';
}

/* In the child: become exec.jail_user, looked up inside the jail or,
 * with -i, as brig found it on the host. */
static void
child_exec(const struct init_opts *o, char *const argv[])
{
	struct passwd_entry pw;
	int found = passwd_lookup(o->user ? o->user : "root", &pw);

	if (o->ids) {
		found = parse_ids(o->ids, &pw);
		snprintf(pw.name, sizeof(pw.name), "%s", o->user ? o->user :
		    "root");
	}

	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
	if (o->user && !found) {
		dprintf(STDERR_FILENO, "brig-init: exec.jail_user %s: no such "
		    "user in the jail\n", o->user);
		_exit(126);
	}
	if (o->user && pw.uid != 0 &&
	    (setgroups((size_t)pw.ngroups, pw.groups) == -1 ||
	    setgid(pw.gid) == -1 || setuid(pw.uid) == -1)) {
		dprintf(STDERR_FILENO, "brig-init: become %s: %s\n", o->user,
		    strerror(errno));
		_exit(126);
	}
	if (o->clean)
		env_clean(pw.home, pw.shell, pw.name);
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "brig-init: exec %s: %s\n", argv[0],
	    strerror(errno));
	_exit(127);
}

static pid_t
spawn(const struct init_opts *o, char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0)
		child_exec(o, argv);
	return pid;
}

/* Wait for one child, reaping any other that ends meanwhile. */
static int
wait_for(pid_t pid)
{
	int status;
	pid_t got;

	for (;;) {
		got = waitpid(-1, &status, 0);
		if (got == pid)
			return status;
		if (got == -1 && errno == ECHILD)
			return -1;
	}
}

static int
run_start(struct init_opts *o)
{
	char *argv[4] = { "/bin/sh", "-c", NULL, NULL };
	int i, status;
	pid_t pid;

	for (i = 0; i < o->nstart; i++) {
		argv[2] = (char *)o->start[i];
		if ((pid = spawn(o, argv)) == -1)
			return -1;
		status = wait_for(pid);
		say(o, "S %d %d\n", i, status);
		if (status != 0)
			return -1;
	}
	if (o->ncommand) {
		if ((pid = spawn(o, o->command)) == -1)
			return -1;
		status = wait_for(pid);
		say(o, "S %d %d\n", i, status);
		if (status != 0)
			return -1;
	}
	return 0;
}

/* The jail's /dev/null when it has one; else the standard descriptors
 * are closed: nothing of the starting brig's terminal stays with PID 1. */
static void
detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	int i;

	for (i = 0; i < 3; i++) {
		if (fd >= 0)
			dup3(fd, i, 0);
		else
			close(i);
	}
	if (fd > 2)
		close(fd);
}

/* Processes in the jail that are not init's children (joined with brig
 * exec): pidfds to wait on, so that a jail without persist lives as long
 * as they do.  Returns how many were found. */
static int
foreign_pids(struct pollfd *pfd, int max)
{
	struct dirent *de;
	DIR *d = opendir("/proc");
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		int fd;

		if (*end || pid <= 1)
			continue;
		fd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (fd >= 0) {
			pfd[n].fd = fd;
			pfd[n].events = POLLIN;
			n++;
		}
	}
	closedir(d);
	return n;
}

static void
close_watch(struct pollfd *pfd, int n)
{
	int i;

	for (i = 0; i < n; i++)
		close(pfd[i].fd);
}

int
init_main(int argc, char **argv)
{
	struct pollfd pfd[MAX_WATCH + 1];
	struct signalfd_siginfo si;
	struct init_opts o;
	bool stopping = false;
	int sfd, status = 0, nwatch = 0, exit_sig = 0;
	pid_t got;
	sigset_t all;

	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGABRT);
	sigprocmask(SIG_BLOCK, &all, &saved_mask);
	if (parse(&o, argc, argv) == -1) {
		dprintf(STDERR_FILENO, "usage: brig-init [-pc] [-s fd] [-n name]"
		    " [-u user] [-S cmd]... [-C arg]...\n");
		return 2;
	}
	sfd = signalfd(-1, &all, SFD_CLOEXEC);
	if (sfd == -1) {
		warnx_init(&o, "signalfd", errno);
		return 1;
	}
	if (getpid() != 1)
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	prctl(PR_SET_DUMPABLE, 0);
	if (chdir("/") == -1)
		warnx_init(&o, "chdir /", errno);
	/* jail(8) runs exec.created on the host between creating the jail
	 * and exec.start: tell brig the jail exists, wait for its go. */
	if (o.report >= 0) {
		char go;

		say(&o, "I\n");
		if (read(o.report, &go, 1) != 1)
			return 1;
	}
	if (run_start(&o) == -1)
		return 1;	/* the report says which; brig undoes the start */
	say(&o, "R\n");
	/* A jail without persist whose start left nothing running ends now
	 * (jail -c command=...); brig sees the report channel close without
	 * an "A" and releases it at once. */
	while ((got = waitpid(-1, &status, WNOHANG)) > 0)
		;
	if (!o.persist && got == -1 && errno == ECHILD) {
		nwatch = foreign_pids(pfd + 1, MAX_WATCH);
		close_watch(pfd + 1, nwatch);
		if (nwatch == 0)
			return 0;
		nwatch = 0;
	}
	say(&o, "A\n");
	if (o.report >= 0)
		close(o.report);
	detach_stdio();

	/* From here on init must not fail: the jail lives in it. */
	pfd[0].fd = sfd;
	pfd[0].events = POLLIN;
	for (;;) {
		while ((got = waitpid(-1, &status, WNOHANG)) > 0)
			;
		if (got == -1 && errno == ECHILD && (!o.persist || stopping)) {
			close_watch(pfd + 1, nwatch);
			nwatch = foreign_pids(pfd + 1, MAX_WATCH);
			if (nwatch == 0)
				break;	/* the last process is gone */
		}
		if (poll(pfd, (nfds_t)nwatch + 1, -1) == -1 && errno != EINTR)
			continue;
		if (!(pfd[0].revents & POLLIN))
			continue;	/* a foreign process ended: rescan */
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		switch (si.ssi_signo) {
		case SIGCHLD:
			break;
		case SIGTERM:
		case SIGINT:
		case SIGHUP:
			/* Pass it to every process of the jail; then end
			 * when they are gone, persist or not. */
			stopping = true;
			exit_sig = (int)si.ssi_signo;
			/* kill(-1) from PID 1 of a PID namespace reaches the
			 * namespace only; anywhere else it would reach the
			 * host, so a subreaper init never uses it. */
			if (getpid() == 1)
				kill(-1, (int)si.ssi_signo);
			break;
		case SIGUSR1:	/* jail -m NAME persist */
			o.persist = true;
			break;
		case SIGUSR2:	/* jail -m NAME nopersist */
			o.persist = false;
			break;
		default:
			break;
		}
	}
	close_watch(pfd + 1, nwatch);
	return exit_sig ? 128 + exit_sig : 0;
}
