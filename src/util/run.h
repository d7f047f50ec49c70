/* Running commands: brig's only way to start a program on the host.
 * A jail(8) exec.* string runs as `/bin/sh -c STRING` (jail(8)
 * semantics); brig's own operations never go through a shell. */
#pragma once

#include <stdbool.h>

#include "err.h"

struct run_opts {
	const char *what;	/* "exec.prestart", for messages */
	bool clean;		/* exec.clean: HOME SHELL TERM USER PATH only */
	const char *user;	/* exec.system_user, looked up on the host */
	int timeout;		/* exec.timeout in seconds; 0: none */
	int logfd;		/* exec.consolelog (O_APPEND), or -1 */
	char *const *env;	/* extra NAME=value entries, NULL-terminated */
	const char *path_first;	/* a directory put first in PATH (brig's
				 * ifconfig), or NULL */
	int pass_fd;		/* a descriptor the command inherits (a
				 * jail's network namespace), or -1 */
};

/* Run `/bin/sh -c cmd` and wait.  0 when it exits 0; otherwise -1 with
 * e saying how it ended (exit status, signal, or the timeout, after
 * which its whole process group is killed). */
int run_shell(const struct run_opts *o, const char *cmd, struct brig_err *e);
/* Open exec.consolelog for appending (created 0600), or -1 with e. */
int run_open_log(const char *path, struct brig_err *e);
/* Wait for pid (a child) to end, at most timeout_ms (-1: forever);
 * returns 1 and the wait status, 0 on timeout, -1 with e. */
int run_wait(int pid, int timeout_ms, int *status, struct brig_err *e);
/* "exited 3", "killed by signal 9 (Killed)" */
const char *run_describe(int status, char *buf, unsigned long len);
