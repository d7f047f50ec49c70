/* probe: rootfs_setup() seen from inside, for tests/integration/40-rootfs.bats.
 *
 * usage: probe [options] ROOT [CHECK ...]
 *   --dev N         mount.devfs with devfs_ruleset N
 *   --no-sys        no /sys
 *   --fdescfs       mount.fdescfs
 *   --mount LINE    an fstab(5) line, as mount.fstab holds (repeatable)
 *   --no-openat2    util/path.c's userspace fallback instead of openat2
 *   --time N        run rootfs_setup N times, each in fresh namespaces, and
 *                   print its median, minimum and maximum (clock_gettime)
 *
 * The probe unshares a PID namespace and forks: the child is PID 1 there,
 * unshares a mount (and UTS) namespace, calls rootfs_setup(ROOT) and runs
 * the checks in order, from inside the new root:
 *   ls DIR          the entries, sorted: "NAME c MAJ:MIN MODE", "NAME d MODE",
 *                   "NAME - MODE", "NAME -> TARGET"
 *   mounts          the mount points of /proc/self/mountinfo, in order
 *   read PATH       "read PATH: N bytes" or "read PATH: ERRNO"
 *   cat PATH        the content, or "cat PATH: ERRNO"
 *   write PATH      append "probe\n" (O_CREAT): "write PATH: ok" or ": ERRNO"
 *   exec CMD ...    run CMD (the rest of the arguments), then "exec: status"
 * The parent stays in the host's mount namespace and, once the child has
 * ended, prints "host mountinfo: unchanged" if its /proc/self/mountinfo
 * is byte-identical to before, else "host mountinfo: changed" (exit 3).
 * A failed rootfs_setup prints "probe: MESSAGE" and exits 1. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ns/devfs.h"
#include "ns/rootfs.h"
#include "util/err.h"
#include "util/sys.h"

#define MAX_MOUNTS 16

static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd == -1)
		return NULL;
	for (;;) {
		if (cap - *len < 4096 && (buf = realloc(buf, cap += 65536)) ==
		    NULL)
			abort();
		if ((n = read(fd, buf + *len, cap - *len - 1)) <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
check_ls(const char *dir)
{
	char *names[256], link[4096];
	struct dirent *d;
	struct stat st;
	size_t n = 0, i;
	ssize_t len;
	DIR *dp = opendir(dir);

	if (dp == NULL) {
		printf("ls %s: %s\n", dir, strerrorname_np(errno));
		return;
	}
	while ((d = readdir(dp)) != NULL && n < 256)
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			names[n++] = strdup(d->d_name);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		if (fstatat(dirfd(dp), names[i], &st, AT_SYMLINK_NOFOLLOW))
			printf("%s ?\n", names[i]);
		else if (S_ISLNK(st.st_mode) && (len = readlinkat(dirfd(dp),
		    names[i], link, sizeof(link) - 1)) >= 0)
			printf("%s -> %.*s\n", names[i], (int)len, link);
		else if (S_ISCHR(st.st_mode))
			printf("%s c %u:%u %04o\n", names[i], major(st.st_rdev),
			    minor(st.st_rdev), st.st_mode & 07777);
		else
			printf("%s %c %04o\n", names[i], S_ISDIR(st.st_mode) ?
			    'd' : S_ISREG(st.st_mode) ? '-' : '?',
			    st.st_mode & 07777);
		free(names[i]);
	}
	closedir(dp);
}

static void
check_mounts(void)
{
	size_t len;
	char *buf = slurp("/proc/self/mountinfo", &len), *line, *p, *f;
	int i;

	if (buf == NULL) {
		printf("mounts: %s\n", strerrorname_np(errno));
		return;
	}
	for (p = buf; (line = strsep(&p, "\n")) != NULL;) {
		for (i = 0; (f = strsep(&line, " ")) != NULL && i < 4; i++)
			;
		if (f != NULL)
			printf("%s\n", f);
	}
	free(buf);
}

static void
check_read(const char *path, int cat)
{
	size_t len;
	char *buf = slurp(path, &len);

	if (buf == NULL)
		printf("%s %s: %s\n", cat ? "cat" : "read", path,
		    strerrorname_np(errno));
	else if (cat)
		fwrite(buf, 1, len, stdout);
	else
		printf("read %s: %zu bytes\n", path, len);
	free(buf);
}

static void
check_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
	    O_NOCTTY, 0644);

	if (fd == -1 || write(fd, "probe\n", 6) != 6)
		printf("write %s: %s\n", path, strerrorname_np(errno));
	else
		printf("write %s: ok\n", path);
	if (fd != -1)
		close(fd);
}

static void
check_exec(char **argv)
{
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "probe: exec %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &st, 0) == -1)
		printf("exec: %s\n", strerrorname_np(errno));
	else
		printf("exec: status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) :
		    128 + WTERMSIG(st));
}

static void
run_checks(char **argv)
{
	for (; *argv != NULL; argv++) {
		if (strcmp(*argv, "mounts") == 0)
			check_mounts();
		else if (strcmp(*argv, "exec") == 0 && argv[1] != NULL) {
			check_exec(argv + 1);
			break;
		} else if (argv[1] == NULL) {
			printf("probe: %s needs an argument\n", *argv);
			break;
		} else if (strcmp(*argv, "ls") == 0)
			check_ls(*++argv);
		else if (strcmp(*argv, "read") == 0)
			check_read(*++argv, 0);
		else if (strcmp(*argv, "cat") == 0)
			check_read(*++argv, 1);
		else if (strcmp(*argv, "write") == 0)
			check_write(*++argv);
		else {
			printf("probe: unknown check %s\n", *argv);
			break;
		}
	}
	fflush(stdout);
}

static int
setup(const struct rootfs_spec *spec, long *ns)
{
	struct brig_err e = { 0, "" };
	struct timespec t0, t1;
	char msg[1024];
	int rc;

	if (unshare(CLONE_NEWNS | CLONE_NEWUTS) == -1) {
		perror("probe: unshare");
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = rootfs_setup(spec, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == -1) {
		fprintf(stderr, "probe: %s\n", err_str(&e, msg, sizeof(msg)));
		return -1;
	}
	*ns = (t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec;
	return 0;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/* One sample: a helper unshares a PID namespace (possible once per
 * process) and forks the PID 1 that times rootfs_setup. */
static int
sample(const struct rootfs_spec *spec, long *ns)
{
	int p[2], st;
	pid_t pid;

	if (pipe(p) == -1 || (pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		close(p[0]);
		if (unshare(CLONE_NEWPID) == -1 || (pid = fork()) == -1)
			_exit(1);
		if (pid == 0)
			_exit(setup(spec, ns) == 0 && write(p[1], ns,
			    sizeof(*ns)) == sizeof(*ns) ? 0 : 1);
		_exit(waitpid(pid, &st, 0) == pid && st == 0 ? 0 : 1);
	}
	close(p[1]);
	st = read(p[0], ns, sizeof(*ns)) == sizeof(*ns) ? 0 : -1;
	close(p[0]);
	waitpid(pid, NULL, 0);
	return st;
}

static int
timing(const struct rootfs_spec *spec, int n)
{
	long *t = calloc((size_t)n, sizeof(long));
	int i;

	for (i = 0; i < n; i++)
		if (sample(spec, &t[i]) == -1) {
			fprintf(stderr, "probe: sample %d failed\n", i);
			return 1;
		}
	qsort(t, (size_t)n, sizeof(long), cmp_long);
	printf("rootfs_setup: median %ld us, min %ld us, max %ld us, n %d\n",
	    t[n / 2] / 1000, t[0] / 1000, t[n - 1] / 1000, n);
	free(t);
	return 0;
}

static int
run(const struct rootfs_spec *spec, char **checks)
{
	size_t blen, alen;
	char *before = slurp("/proc/self/mountinfo", &blen), *after;
	int st, rc;
	long ns;
	pid_t pid;

	if (before == NULL || unshare(CLONE_NEWPID) == -1) {
		perror("probe: host mountinfo or unshare");
		return 1;
	}
	fflush(stdout);
	if ((pid = fork()) == -1) {
		perror("probe: fork");
		return 1;
	}
	if (pid == 0) {
		if (setup(spec, &ns) == -1)
			_exit(1);
		run_checks(checks);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) == -1)
		return 1;
	rc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	after = slurp("/proc/self/mountinfo", &alen);
	if (after != NULL && alen == blen && memcmp(before, after, alen) == 0)
		printf("host mountinfo: unchanged\n");
	else {
		printf("host mountinfo: changed\n--- before\n%s--- after\n%s",
		    before, after ? after : "");
		rc = 3;
	}
	free(before);
	free(after);
	return rc;
}

static int
usage(void)
{
	fprintf(stderr, "usage: probe [--dev N] [--no-sys] [--fdescfs] "
	    "[--mount LINE] [--no-openat2] [--time N] ROOT [CHECK ...]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "no-sys", no_argument, NULL, 's' },
		{ "fdescfs", no_argument, NULL, 'f' },
		{ "mount", required_argument, NULL, 'm' },
		{ "no-openat2", no_argument, NULL, 'o' },
		{ "time", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	static struct rootfs_mount mounts[MAX_MOUNTS];
	struct rootfs_spec spec = { .proc = true, .sys = true,
	    .mounts = mounts };
	struct brig_err e = { 0, "" };
	char msg[1024];
	int c, n = 0;

	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			spec.dev = true;
			spec.ruleset = (unsigned)atoi(optarg);
			break;
		case 's':
			spec.sys = false;
			break;
		case 'f':
			spec.fdescfs = true;
			break;
		case 'm':
			if (spec.nmounts == MAX_MOUNTS)
				return usage();
			if (rootfs_parse_fstab_line(optarg,
			    &mounts[spec.nmounts], &e) == -1) {
				fprintf(stderr, "probe: %s\n",
				    err_str(&e, msg, sizeof(msg)));
				return 2;
			}
			if (mounts[spec.nmounts].target != NULL)
				spec.nmounts++;
			break;
		case 'o':
			sys_test_no_openat2(true);
			break;
		case 't':
			n = atoi(optarg);
			break;
		default:
			return usage();
		}
	}
	if (optind >= argc)
		return usage();
	spec.root = argv[optind];
	if (n > 0)
		return timing(&spec, n);
	return run(&spec, argv + optind + 1);
}
