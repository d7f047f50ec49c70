/* The services of brig's built-in /etc/rc (-R): each started in the
 * foreground as init's child, without a shell (the jail may have none),
 * and stopped, as brig's /etc/rc.shutdown, in reverse order of start,
 * each given -T seconds after SIGTERM before SIGKILL, before init passes
 * the termination signal on to the rest of the jail.  No malloc: the
 * table lives in struct init_opts, the words in init's own argv. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init_int.h"

int
svc_parse(struct init_opts *o, char *spec)
{
	struct service *sv;
	char *p = spec, *w;
	int n = 0;

	if (o->nsvc == MAX_SERVICES) {
		dprintf(STDERR_FILENO, "brig-init: more than %d -R services\n",
		    MAX_SERVICES);
		return -1;
	}
	sv = &o->svc[o->nsvc];
	memset(sv, 0, sizeof(*sv));
	while ((w = strsep(&p, " \t")) != NULL) {
		if (*w == '\0')
			continue;
		if (sv->name == NULL) {
			sv->name = w;
			continue;
		}
		if (n == MAX_SVC_WORDS - 1) {
			dprintf(STDERR_FILENO, "brig-init: -R %s: more than %d "
			    "words\n", sv->name, MAX_SVC_WORDS - 1);
			return -1;
		}
		sv->argv[n++] = w;
	}
	if (n == 0 || sv->argv[0][0] != '/') {
		dprintf(STDERR_FILENO, "brig-init: -R takes \"NAME /PROGRAM "
		    "[ARG...]\"\n");
		return -1;
	}
	sv->argv[n] = NULL;
	o->nsvc++;
	return 0;
}

/* A service runs on its own, like a daemon: its own session, no
 * terminal; standard input /dev/null, output and error to
 * exec.consolelog (a regular file) or else /dev/null. */
static void
svc_child_setup(void)
{
	setsid();
	init_detach_stdio(true);
	if (fcntl(STDIN_FILENO, F_GETFD) == -1)
		open("/dev/null", O_RDONLY);
}

/* Start sv; 0, or -1 with msg (what init_child_exec wrote, or the
 * fork's errno). */
static int
svc_spawn(const struct init_opts *o, struct service *sv, int msg[2])
{
	int p[2];
	ssize_t n;
	pid_t pid;

	msg[0] = 0;
	if (pipe2(p, O_CLOEXEC) == -1) {
		msg[1] = errno;
		return -1;
	}
	if ((pid = fork()) == -1) {
		msg[1] = errno;
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		svc_child_setup();
		init_child_exec(o, sv->argv, p[1]);
	}
	close(p[1]);
	/* Nothing to read (end of file at the exec): it runs. */
	while ((n = read(p[0], msg, 2 * sizeof(int))) == -1 && errno == EINTR)
		;
	close(p[0]);
	if (n == 2 * sizeof(int)) {
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		return -1;
	}
	sv->pid = pid;
	return 0;
}

int
svc_start_all(struct init_opts *o)
{
	char why[256];
	int i, msg[2];

	for (i = 0; i < o->nsvc; i++) {
		if (svc_spawn(o, &o->svc[i], msg) == 0) {
			init_warn(o, "service %s started (pid %d)",
			    o->svc[i].name, (int)o->svc[i].pid);
			continue;
		}
		init_say(o, "F %d %d\n", i, msg[1]);
		init_warn(o, "service %s: %s: %s", o->svc[i].name,
		    o->svc[i].argv[0], init_child_why(msg, o, why,
		    sizeof(why)));
		return -1;
	}
	return 0;
}

void
svc_reaped(struct init_opts *o, pid_t pid, int status)
{
	struct service *sv;
	int i;

	for (i = 0; i < o->nsvc; i++) {
		sv = &o->svc[i];
		if (sv->pid != pid)
			continue;
		sv->pid = 0;
		if (WIFSIGNALED(status))
			init_warn(o, "service %s ended: signal %d", sv->name,
			    WTERMSIG(status));
		else
			init_warn(o, "service %s ended: exit %d", sv->name,
			    WEXITSTATUS(status));
		return;
	}
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Until sv has been reaped, at most ms; true if it has. */
static bool
wait_service(struct init_opts *o, int sfd, const struct service *sv,
    long long ms)
{
	struct pollfd p = { sfd, POLLIN, 0 };
	struct signalfd_siginfo si;
	long long deadline = now_ms() + ms, left;

	for (;;) {
		init_reap(o);
		if (sv->pid == 0)
			return true;
		if ((left = deadline - now_ms()) <= 0)
			return false;
		if (poll(&p, 1, (int)left) <= 0 ||
		    read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		/* SIGCHLD: reap above.  jail -m meanwhile: keep it.  A
		 * second termination signal changes nothing. */
		if (si.ssi_signo == SIGUSR1)
			o->persist = true;
		else if (si.ssi_signo == SIGUSR2)
			o->persist = false;
	}
}

void
svc_stop_all(struct init_opts *o, int sfd)
{
	struct service *sv;
	int i;

	for (i = o->nsvc - 1; i >= 0; i--) {
		sv = &o->svc[i];
		init_reap(o);
		if (sv->pid == 0)
			continue;
		init_warn(o, "stopping service %s (pid %d)", sv->name,
		    (int)sv->pid);
		kill(sv->pid, SIGTERM);
		if (wait_service(o, sfd, sv, (long long)o->svc_stop * 1000))
			continue;
		init_warn(o, "service %s did not stop within %d s: SIGKILL",
		    sv->name, o->svc_stop);
		kill(sv->pid, SIGKILL);
		wait_service(o, sfd, sv, 5000);
	}
}
