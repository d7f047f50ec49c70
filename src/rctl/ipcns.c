/* A jail's System V IPC limits (rctl msgqsize, nmsgq, nsem, nsemop, nshm,
 * shmsize) as the sysctls of its own IPC namespace.  Linux keeps
 * kernel.msgmnb, msgmni, sem, shmmni and shmall per IPC namespace
 * (ipc/ipc_sysctl.c; checked on 6.18: a write in one namespace changes
 * neither the host's value nor another's): a process that has joined
 * the namespace writes them under /proc/sys/kernel, which shows the
 * files of the writer's namespace.  The jail's processes cannot change
 * them back: the jail's /proc/sys is read-only (src/ns/rootfs.c), and
 * raising a queue's msg_qbytes above msgmnb (msgctl IPC_SET) needs
 * CAP_SYS_RESOURCE, which a jail never has. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>

#include "cgroup_int.h"
#include "limit.h"
#include "limit_int.h"
#include "../util/run.h"

/* Each knob's sysctl, and its value in a fresh IPC namespace (ipc/msg.c
 * msg_init_ns(), sem.c sem_init_ns(), shm.c shm_init_ns()). */
static const struct {
	const char *name;	/* for messages and the plan in words */
	const char *file;	/* under /proc/sys/kernel */
	int field;		/* 0, or which of kernel.sem's four */
	uint64_t dflt;
} sysctls[RI_NIPC] = {
	[RI_MSGMNB] = { "kernel.msgmnb", "msgmnb", 0, MSGMNB },
	[RI_MSGMNI] = { "kernel.msgmni", "msgmni", 0, MSGMNI },
	[RI_SEMMNS] = { "kernel.sem SEMMNS", "sem", 2, SEMMNS },
	[RI_SEMOPM] = { "kernel.sem SEMOPM", "sem", 3, SEMOPM },
	[RI_SHMMNI] = { "kernel.shmmni", "shmmni", 0, SHMMNI },
	[RI_SHMALL] = { "kernel.shmall", "shmall", 0, SHMALL },
};

uint64_t
rctl_ipc_default(enum rctl_ipc k)
{
	return (unsigned)k < RI_NIPC ? sysctls[k].dflt : 0;
}

const char *
rctl_ipc_name(enum rctl_ipc k)
{
	return (unsigned)k < RI_NIPC ? sysctls[k].name : "?";
}

bool
rctl_plan_has_ipc(const struct rctl_plan *p)
{
	int k;

	for (k = 0; k < RI_NIPC; k++)
		if (p->ipc[k] != RCTL_NO_LIMIT)
			return true;
	return false;
}

/* What knob k writes: its limit, or the default. */
static uint64_t
value_of(const struct rctl_plan *p, enum rctl_ipc k)
{
	return p->ipc[k] == RCTL_NO_LIMIT ? sysctls[k].dflt :
	    (uint64_t)p->ipc[k];
}

int
rctl_sem_edit(const char *cur, uint64_t semmns, uint64_t semopm, char *out,
    size_t len)
{
	unsigned long long f[4];
	char *end;
	int i, n;

	for (i = 0; i < 4; i++) {
		while (*cur == ' ' || *cur == '\t')
			cur++;
		errno = 0;
		f[i] = strtoull(cur, &end, 10);
		if (end == cur || errno != 0 || *cur == '-')
			return -1;
		cur = end;
	}
	if (strspn(cur, " \t\n") != strlen(cur))
		return -1;
	n = snprintf(out, len, "%llu %" PRIu64 " %" PRIu64 " %llu", f[0],
	    semmns, semopm, f[3]);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

#define SYSCTL_DIR "/proc/sys/kernel"

/* kernel.sem is four fields, "SEMMSL SEMMNS SEMOPM SEMMNI": read, change
 * the second and third, write back. */
static int
write_sem(const struct rctl_plan *p, struct brig_err *e)
{
	char cur[128], val[128];

	if (cgroup_file_read(AT_FDCWD, SYSCTL_DIR, "sem", cur, sizeof(cur),
	    e) == -1)
		return -1;
	if (rctl_sem_edit(cur, value_of(p, RI_SEMMNS), value_of(p, RI_SEMOPM),
	    val, sizeof(val)) == -1)
		return err_fmt(e, "read /proc/sys/kernel/sem: unexpected "
		    "\"%.40s\"", cur);
	return cgroup_file_write(AT_FDCWD, SYSCTL_DIR, "sem", val, e);
}

/* In the child, in the namespace: every knob, kernel.sem once. */
static int
write_all(const struct rctl_plan *p, struct brig_err *e)
{
	char val[32];
	int k;

	for (k = 0; k < RI_NIPC; k++) {
		if (sysctls[k].field == 3)
			continue;	/* written with field 2 */
		if (sysctls[k].field == 2) {
			if (write_sem(p, e) == -1)
				return -1;
			continue;
		}
		snprintf(val, sizeof(val), "%" PRIu64, value_of(p, k));
		if (cgroup_file_write(AT_FDCWD, SYSCTL_DIR, sysctls[k].file,
		    val, e) == -1)
			return -1;
	}
	return 0;
}

/* The child: join the namespace, write, report a failure on fd. */
static void __attribute__((noreturn))
child(const struct rctl_plan *p, int nsfd, int fd)
{
	struct brig_err e = { 0, "" };

	if (setns(nsfd, CLONE_NEWIPC) == -1)
		err_sys(&e, "join the jail's IPC namespace");
	else if (write_all(p, &e) == 0)
		_exit(0);
	/* One write under PIPE_BUF: whole or not at all. */
	if (write(fd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(2);
	_exit(1);
}

int
rctl_plan_ipc(const struct rctl_plan *p, pid_t init, struct brig_err *e)
{
	struct brig_err ce;
	char path[64], how[64];
	int nsfd, fds[2], status, rc;
	ssize_t n;
	pid_t pid;

	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)init);
	if ((nsfd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "open the IPC namespace of pid %d",
		    (int)init);
	if (pipe2(fds, O_CLOEXEC) == -1) {
		err_sys(e, "pipe");
		close(nsfd);
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		err_sys(e, "fork");
		close(nsfd);
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(p, nsfd, fds[1]);
	}
	close(nsfd);
	close(fds[1]);
	while ((n = read(fds[0], &ce, sizeof(ce))) == -1 && errno == EINTR)
		;
	close(fds[0]);
	if ((rc = run_wait(pid, 5000, &status, e)) == 0) {
		kill(pid, SIGKILL);
		(void)run_wait(pid, -1, &status, e);
		return err_fmt(e, "set the IPC limits of pid %d: timed out",
		    (int)init);
	}
	if (rc == -1)
		return -1;
	if (n == (ssize_t)sizeof(ce)) {
		ce.msg[sizeof(ce.msg) - 1] = '\0';
		*e = ce;
		return -1;
	}
	if (status != 0)
		return err_fmt(e, "set the IPC limits of pid %d: the writer %s",
		    (int)init, run_describe(status, how, sizeof(how)));
	return 0;
}
