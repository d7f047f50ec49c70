/* A static probe run inside a jail by tests/integration/34-rctl-ipc.bats:
 * it makes System V IPC objects or ptys until the kernel refuses, and
 * says how far it got, so that the test sees the jail's limits from
 * inside.  Each verb removes what it made before it ends (the objects
 * would outlive it in the jail's IPC namespace); ptys close with it.
 *
 *   ipcprobe shm N        N shared memory segments of one page
 *   ipcprobe shmsize B    one segment of B bytes
 *   ipcprobe msgq N       N message queues
 *   ipcprobe msgqbytes    a queue's msg_qbytes (from kernel.msgmnb)
 *   ipcprobe sem N        one set of N semaphores
 *   ipcprobe semop N      one semop(2) of N operations
 *   ipcprobe pty N        N ptys (/dev/ptmx)
 *
 * Prints "MADE ok" when all were made, else "MADE ERRNO-NAME" for the
 * first refusal (msgqbytes prints the number).  Exit 0 either way; 1
 * on bad usage.  Built with cc -static: busybox roots have no libc. */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXN 64

static const char *
errname(int err)
{
	switch (err) {
	case ENOSPC:
		return "ENOSPC";
	case E2BIG:
		return "E2BIG";
	case EINVAL:
		return "EINVAL";
	case ENOMEM:
		return "ENOMEM";
	case EAGAIN:
		return "EAGAIN";
	case EACCES:
		return "EACCES";
	case EPERM:
		return "EPERM";
	case ENOENT:
		return "ENOENT";
	default:
		return strerror(err);
	}
}

static int
report(int made, int err)
{
	printf("%d %s\n", made, err ? errname(err) : "ok");
	return 0;
}

static int
shm(int n, size_t size)
{
	int id[MAXN], i, made = 0, err = 0;

	for (i = 0; i < n; i++) {
		if ((id[i] = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600)) ==
		    -1) {
			err = errno;
			break;
		}
		made++;
	}
	for (i = 0; i < made; i++)
		shmctl(id[i], IPC_RMID, NULL);
	return report(made, err);
}

static int
msgq(int n)
{
	int id[MAXN], i, made = 0, err = 0;

	for (i = 0; i < n; i++) {
		if ((id[i] = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) == -1) {
			err = errno;
			break;
		}
		made++;
	}
	for (i = 0; i < made; i++)
		msgctl(id[i], IPC_RMID, NULL);
	return report(made, err);
}

static int
msgqbytes(void)
{
	struct msqid_ds ds;
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);

	if (id == -1)
		return report(0, errno);
	if (msgctl(id, IPC_STAT, &ds) == -1) {
		msgctl(id, IPC_RMID, NULL);
		return report(0, errno);
	}
	printf("%lu\n", (unsigned long)ds.msg_qbytes);
	msgctl(id, IPC_RMID, NULL);
	return 0;
}

static int
sem(int n)
{
	int id = semget(IPC_PRIVATE, n, IPC_CREAT | 0600);

	if (id == -1)
		return report(0, errno);
	semctl(id, 0, IPC_RMID);
	return report(n, 0);
}

static int
semop_n(int n)
{
	struct sembuf ops[2048];
	int id, i, rc, err;

	if (n > 2048)
		return 1;
	if ((id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600)) == -1)
		return report(0, errno);
	for (i = 0; i < n; i++) {
		ops[i].sem_num = 0;
		ops[i].sem_op = 1;
		ops[i].sem_flg = IPC_NOWAIT;
	}
	rc = semop(id, ops, (size_t)n);
	err = errno;
	semctl(id, 0, IPC_RMID);
	return report(rc == 0 ? n : 0, rc == 0 ? 0 : err);
}

static int
pty(int n)
{
	int i, made = 0, err = 0;

	for (i = 0; i < n; i++) {
		if (open("/dev/ptmx", O_RDWR | O_NOCTTY) == -1) {
			err = errno;
			break;
		}
		made++;
	}
	return report(made, err);
}

int
main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	if (argc < 2 || n < 0 || n > MAXN * 1000000L)
		return 1;
	if (!strcmp(argv[1], "shm") && n <= MAXN)
		return shm((int)n, 4096);
	if (!strcmp(argv[1], "shmsize"))
		return shm(1, (size_t)n);
	if (!strcmp(argv[1], "msgq") && n <= MAXN)
		return msgq((int)n);
	if (!strcmp(argv[1], "msgqbytes"))
		return msgqbytes();
	if (!strcmp(argv[1], "sem"))
		return sem((int)n);
	if (!strcmp(argv[1], "semop"))
		return semop_n((int)n);
	if (!strcmp(argv[1], "pty") && n <= MAXN)
		return pty((int)n);
	fprintf(stderr, "usage: ipcprobe shm|shmsize|msgq|msgqbytes|sem|"
	    "semop|pty N\n");
	return 1;
}
