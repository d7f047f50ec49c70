/* Runtime state under BRIG_RUNDIR (default /run/brig):
 *
 *   RUNDIR/.lock             held while allocating a JID
 *   RUNDIR/jails/NAME/lock   held by every command working on NAME
 *   RUNDIR/jails/NAME/journal
 *   RUNDIR/jails/NAME/rctl   the rules in effect (src/rctl/rules.h)
 *
 * The journal is written before each step of a start ("step cgroup",
 * "pid PID STARTTIME", ...) and ends with "done" once the jail runs, so
 * a brig killed at any point leaves a record that the next command on
 * that jail reads to undo what was done.  The PID of the jail's init is
 * kept with its start time, so that a reused PID is never mistaken for
 * it. */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "../util/err.h"

#define STATE_MAX_STEPS 32
#define STATE_MAX_NET 64	/* "net ..." records (vnet.h) */

struct jail_state {
	char name[72];
	int jid;
	pid_t pid;			/* the jail's init */
	unsigned long long starttime;	/* of pid, /proc/PID/stat field 22 */
	time_t started;
	bool persist;
	bool vnet;
	unsigned services;		/* started by brig's /etc/rc */
	char privs[160];		/* privs_format() of what it was started
					 * with; "" from an older journal */
	bool done;			/* the start completed */
	char path[512];
	char hostname[72];
	unsigned nsteps;
	char steps[STATE_MAX_STEPS][32];	/* in the order done */
	char ip4[256];			/* ip4.addr, comma-separated, as
					 * jls(8) prints a list */
	char ip6[256];			/* ip6.addr */
	unsigned long long netns;	/* inode of the network namespace
					 * brig started it from, 0 if unknown */
	unsigned nnet;
	char net[STATE_MAX_NET][96];	/* what the start did to the network,
					 * in order, without "net " (vnet.h) */
};

enum jail_status {
	JAIL_STOPPED,	/* no state */
	JAIL_RUNNING,	/* done, and its init is alive */
	JAIL_STALE,	/* a journal whose jail is gone or never finished */
};

struct journal {
	int fd;
};

/* Open (creating, 0600, never through a symbolic link) and take an
 * exclusive flock(2) on path; returns the fd, released by close(). */
int state_lock_file(const char *path, struct brig_err *e);
/* Take the jail's lock (creating RUNDIR/jails/NAME); returns the fd,
 * released by close().  Blocks while another brig works on that jail. */
int state_lock(const char *rundir, const char *name, struct brig_err *e);
/* Start a new journal for NAME holding the lowest JID that no journal
 * holds, of a running, starting or stale jail (jail(8) semantics).  The JID is chosen and
 * written under RUNDIR/.lock, so parallel starts never share one. */
int journal_begin(struct journal *jr, const char *rundir, const char *name,
    int *jid, struct brig_err *e);
/* Open a running jail's journal to add records (jail -m). */
int journal_open(struct journal *jr, const char *rundir, const char *name,
    struct brig_err *e);
int journal_add(struct journal *jr, struct brig_err *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void journal_close(struct journal *jr);
/* Read a jail's journal: 1 if there is one, 0 if not. */
int state_read(const char *rundir, const char *name, struct jail_state *st,
    struct brig_err *e);
enum jail_status state_status(const struct jail_state *st, bool present);
bool state_pid_alive(pid_t pid, unsigned long long starttime);
/* The start time of a process, or 0 if it does not exist. */
unsigned long long state_proc_starttime(pid_t pid);
/* Remove the jail's journal and its rules file.  Its directory and lock
 * file stay: they are what two commands on the jail serialize on. */
int state_clear(const char *rundir, const char *name, struct brig_err *e);
/* Names of every jail with a journal, sorted; caller frees each and the
 * array. */
int state_list(const char *rundir, char ***names, size_t *n,
    struct brig_err *e);
bool state_step_done(const struct jail_state *st, const char *step);
/* Is another brig working on the jail now (holding its lock)?  A journal
 * without "done" is then a start under way, not a stale one. */
bool state_busy(const char *rundir, const char *name);
