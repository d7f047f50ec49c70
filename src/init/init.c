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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "init_int.h"
#include "../util/env.h"
#include "../util/passwd.h"

#define MAX_WATCH 256

sigset_t init_saved_mask;

void
init_say(struct init_opts *o, const char *fmt, ...)
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

void
init_warn(const struct init_opts *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dprintf(STDERR_FILENO, "brig-init[%s]: %s\n", o->name ? o->name : "?",
	    buf);
}

static void
warnx_init(const struct init_opts *o, const char *msg, int errnum)
{
	init_warn(o, "%s%s%s", msg, errnum ? ": " : "", errnum ?
	    strerror(errnum) : "");
}

/* A number of seconds, 0..SVC_STOP_MAX, or -1. */
static int
seconds(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > SVC_STOP_MAX ? -1 : (int)v;
}

static int
parse(struct init_opts *o, int argc, char **argv)
{
	int ch;

	memset(o, 0, sizeof(*o));
	o->report = -1;
	o->svc_stop = SVC_STOP_DEFAULT;
	optind = 1;
	while ((ch = getopt(argc, argv, "s:pcu:i:n:S:C:R:T:")) != -1)
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
		case 'R':
			if (svc_parse(o, optarg) == -1)
				return -1;
			break;
		case 'T':
			if ((o->svc_stop = seconds(optarg)) == -1)
				return -1;
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

/* What a child tells through errfd when it cannot exec. */
enum child_fail { CHILD_EXEC, CHILD_NO_USER, CHILD_BECOME, CHILD_OOM };

static void __attribute__((noreturn))
child_fail(int errfd, enum child_fail what, int err, int status)
{
	int msg[2] = { (int)what, err };

	if (errfd >= 0 && write(errfd, msg, sizeof(msg)) < 0)
		status = 125;
	_exit(status);
}

/* brig makes the jail's init the OOM killer's last choice (oom_adj -17,
 * src/jail/rctl.c), and fork copies that to every child: a child goes
 * back to 0 before it runs anything, so that a memory hog in the jail is
 * killed, not the jail.  Raising needs no privilege, and only a negative
 * value is raised (lowering one the host set would need
 * CAP_SYS_RESOURCE).  Done as root, before any setuid(): the file is
 * then the process's own. */
static int
oom_reset(void)
{
	char buf[16];
	ssize_t n;
	int fd = open("/proc/self/oom_score_adj", O_RDWR | O_CLOEXEC);

	if (fd == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0 && buf[0] == '-' && pwrite(fd, "0", 1, 0) != 1)
		n = -1;
	if (n <= 0) {
		int err = n == 0 ? EIO : errno;

		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	return 0;
}

/* In the child: become exec.jail_user, looked up inside the jail or,
 * with -i, as brig found it on the host. */
void
init_child_exec(const struct init_opts *o, char *const argv[], int errfd)
{
	struct passwd_entry pw;
	int found = passwd_lookup(o->user ? o->user : "root", &pw);

	if (o->ids) {
		found = parse_ids(o->ids, &pw);
		snprintf(pw.name, sizeof(pw.name), "%s", o->user ? o->user :
		    "root");
	}

	sigprocmask(SIG_SETMASK, &init_saved_mask, NULL);
	if (oom_reset() == -1) {
		if (errfd < 0)
			dprintf(STDERR_FILENO, "brig-init: reset "
			    "/proc/self/oom_score_adj: %s\n", strerror(errno));
		child_fail(errfd, CHILD_OOM, errno, 126);
	}
	if (o->user && !found) {
		if (errfd < 0)
			dprintf(STDERR_FILENO, "brig-init: exec.jail_user %s: "
			    "no such user in the jail\n", o->user);
		child_fail(errfd, CHILD_NO_USER, 0, 126);
	}
	if (o->user && pw.uid != 0 &&
	    (setgroups((size_t)pw.ngroups, pw.groups) == -1 ||
	    setgid(pw.gid) == -1 || setuid(pw.uid) == -1)) {
		if (errfd < 0)
			dprintf(STDERR_FILENO, "brig-init: become %s: %s\n",
			    o->user, strerror(errno));
		child_fail(errfd, CHILD_BECOME, errno, 126);
	}
	if (o->clean)
		env_clean(pw.home, pw.shell, pw.name);
	execvp(argv[0], argv);
	if (errfd < 0)
		dprintf(STDERR_FILENO, "brig-init: exec %s: %s\n", argv[0],
		    strerror(errno));
	child_fail(errfd, CHILD_EXEC, errno, 127);
}

/* Why a child that wrote msg on its errfd could not run argv0. */
const char *
init_child_why(const int msg[2], const struct init_opts *o, char *buf,
    size_t len)
{
	if (msg[0] == CHILD_NO_USER)
		snprintf(buf, len, "exec.jail_user %s: no such user in the "
		    "jail", o->user);
	else if (msg[0] == CHILD_BECOME)
		snprintf(buf, len, "become %s: %s", o->user, strerror(msg[1]));
	else if (msg[0] == CHILD_OOM)
		snprintf(buf, len, "reset /proc/self/oom_score_adj: %s",
		    strerror(msg[1]));
	else
		snprintf(buf, len, "%s", strerror(msg[1]));
	return buf;
}

static pid_t
spawn(const struct init_opts *o, char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0)
		init_child_exec(o, argv, -1);
	return pid;
}

/* Wait for one child, reaping any other that ends meanwhile. */
static int
wait_for(struct init_opts *o, pid_t pid)
{
	int status;
	pid_t got;

	for (;;) {
		got = waitpid(-1, &status, 0);
		if (got == pid)
			return status;
		if (got > 0)
			svc_reaped(o, got, status);
		if (got == -1 && errno == ECHILD)
			return -1;
	}
}

bool
init_reap(struct init_opts *o)
{
	int status;
	pid_t got;

	while ((got = waitpid(-1, &status, WNOHANG)) > 0)
		svc_reaped(o, got, status);
	return !(got == -1 && errno == ECHILD);
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
		status = wait_for(o, pid);
		init_say(o, "S %d %d\n", i, status);
		if (status != 0)
			return -1;
	}
	/* brig's built-in /etc/rc: after exec.start, before command. */
	if (svc_start_all(o) == -1)
		return -1;
	if (o->ncommand) {
		if ((pid = spawn(o, o->command)) == -1)
			return -1;
		status = wait_for(o, pid);
		init_say(o, "S %d %d\n", i, status);
		if (status != 0)
			return -1;
	}
	return 0;
}

/* The jail's /dev/null when it has one; else the standard descriptors
 * are closed: nothing of the starting brig's terminal stays with PID 1.
 * Output that goes to a regular file, exec.consolelog, stays: init's
 * later messages (a service that ends, the stop) go there. */
void
init_detach_stdio(bool keep_files)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	struct stat st;
	int i;

	for (i = 0; i < 3; i++) {
		if (keep_files && i > 0 && fstat(i, &st) == 0 &&
		    S_ISREG(st.st_mode))
			continue;
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
	int sfd, nwatch = 0, exit_sig = 0;
	sigset_t all;

	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGABRT);
	sigprocmask(SIG_BLOCK, &all, &init_saved_mask);
	if (parse(&o, argc, argv) == -1) {
		dprintf(STDERR_FILENO, "usage: brig-init [-cp] [-s fd] "
		    "[-n name] [-u user] [-i ids] [-T seconds]\n"
		    "                 [-S command]... [-R service]... "
		    "[-C arg]...\n");
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

		init_say(&o, "I\n");
		if (read(o.report, &go, 1) != 1)
			return 1;
	}
	if (run_start(&o) == -1)
		return 1;	/* the report says which; brig undoes the start */
	init_say(&o, "R\n");
	/* A jail without persist whose start left nothing running ends now
	 * (jail -c command=...); brig sees the report channel close without
	 * an "A" and releases it at once. */
	if (!o.persist && !init_reap(&o)) {
		nwatch = foreign_pids(pfd + 1, MAX_WATCH);
		close_watch(pfd + 1, nwatch);
		if (nwatch == 0)
			return 0;
		nwatch = 0;
	}
	init_say(&o, "A\n");
	if (o.report >= 0)
		close(o.report);
	init_detach_stdio(true);

	/* From here on init must not fail: the jail lives in it. */
	pfd[0].fd = sfd;
	pfd[0].events = POLLIN;
	for (;;) {
		if (!init_reap(&o) && (!o.persist || stopping)) {
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
			/* brig's /etc/rc.shutdown first: the services,
			 * in reverse order, each waited for.  Then pass it
			 * to every process of the jail; end when they are
			 * gone, persist or not. */
			stopping = true;
			exit_sig = (int)si.ssi_signo;
			svc_stop_all(&o, sfd);
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
