/* Private to brig-init: init.c (PID 1's life) and service.c (the
 * services of brig's built-in /etc/rc, -R). */
#pragma once

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define MAX_START	64
#define MAX_SERVICES	16	/* RC_MAX_SERVICES in src/jail/rc.h */
#define MAX_SVC_WORDS	32	/* RC_MAX_WORDS: the name and the argv */
#define SVC_STOP_DEFAULT 10	/* seconds a service gets after SIGTERM */
#define SVC_STOP_MAX	3600

/* One service: started in the foreground, stopped in reverse order. */
struct service {
	const char *name;
	char *argv[MAX_SVC_WORDS];	/* NULL-terminated */
	pid_t pid;			/* running (not yet reaped), or 0 */
};

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
	struct service svc[MAX_SERVICES];	/* -R, in start order */
	int nsvc;
	int svc_stop;			/* -T: seconds, then SIGKILL */
};

extern sigset_t init_saved_mask;

void init_warn(const struct init_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void init_say(struct init_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* In a child: become the user, clean the environment, exec argv; on
 * failure write errno to errfd (if >= 0) and _exit(126 or 127). */
void init_child_exec(const struct init_opts *o, char *const argv[],
    int errfd) __attribute__((noreturn));

/* Why a child that wrote msg on its errfd could not run. */
const char *init_child_why(const int msg[2], const struct init_opts *o,
    char *buf, size_t len);
/* Standard input, output and error to /dev/null; with keep_files,
 * output and error that go to a regular file (exec.consolelog) stay. */
void init_detach_stdio(bool keep_files);

/* -R "NAME PROGRAM ARG...": split in place on blanks; -1 if malformed
 * (the reason written to standard error). */
int svc_parse(struct init_opts *o, char *spec);
/* Start every service in order: fork, exec, the exec's success known
 * through a close-on-exec pipe.  On the first failure: report
 * "F <index> <errno>", say why, return -1. */
int svc_start_all(struct init_opts *o);
/* A child ended: if it is a service, forget its pid and say so. */
void svc_reaped(struct init_opts *o, pid_t pid, int status);
/* Stop the running services in reverse order: SIGTERM, up to -T
 * seconds (reaping everything meanwhile; sfd is init's signalfd), then
 * SIGKILL.  Handles SIGUSR1/SIGUSR2 that arrive meanwhile. */
void svc_stop_all(struct init_opts *o, int sfd);
/* Reap every child that has ended, without waiting; false when no
 * child is left. */
bool init_reap(struct init_opts *o);
