#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state.h"
#include "../util/buf.h"

static int
mkdir_p(const char *path, mode_t mode, struct brig_err *e)
{
	char buf[1024];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf))
		return err_fmt(e, "path too long: %s", path);
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++)
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];

			buf[i] = '\0';
			if (mkdir(buf, mode) == -1 && errno != EEXIST)
				return err_sys(e, "create %s", buf);
			buf[i] = c;
		}
	return 0;
}

static int
jail_dir(const char *rundir, const char *name, char *buf, size_t len,
    struct brig_err *e)
{
	if (name[0] == '\0' || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return err_fmt(e, "invalid jail name \"%s\"", name);
	if ((size_t)snprintf(buf, len, "%s/jails/%s", rundir, name) >= len)
		return err_fmt(e, "path too long for jail %s", name);
	return 0;
}

int
state_lock_file(const char *path, struct brig_err *e)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd == -1)
		return err_sys(e, "open %s", path);
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			err_sys(e, "lock %s", path);
			close(fd);
			return -1;
		}
	return fd;
}

int
state_lock(const char *rundir, const char *name, struct brig_err *e)
{
	char dir[1024], path[1100];

	if (jail_dir(rundir, name, dir, sizeof(dir), e) == -1 ||
	    mkdir_p(dir, 0700, e) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/lock", dir);
	return state_lock_file(path, e);
}

static int
lowest_free_jid(const char *rundir, struct brig_err *e)
{
	unsigned char used[4096] = { 0 };
	struct jail_state st;
	struct brig_err ignore;
	char **names;
	size_t n, i;
	int jid;

	if (state_list(rundir, &names, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (state_read(rundir, names[i], &st, &ignore) == 1 &&
		    st.jid > 0 && st.jid < (int)sizeof(used))
			used[st.jid] = 1;
		free(names[i]);
	}
	free(names);
	for (jid = 1; jid < (int)sizeof(used) && used[jid]; jid++)
		;
	if (jid == (int)sizeof(used))
		return err_fmt(e, "no free JID");
	return jid;
}

int
journal_begin(struct journal *jr, const char *rundir, const char *name,
    int *jid, struct brig_err *e)
{
	char dir[1024], path[1100];
	int lock, rc = -1;

	jr->fd = -1;
	if (jail_dir(rundir, name, dir, sizeof(dir), e) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/.lock", rundir);
	if ((lock = state_lock_file(path, e)) == -1)
		return -1;
	if ((*jid = lowest_free_jid(rundir, e)) == -1)
		goto out;
	snprintf(path, sizeof(path), "%s/journal", dir);
	jr->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND |
	    O_CLOEXEC | O_NOFOLLOW, 0600);
	if (jr->fd == -1) {
		err_sys(e, "create %s", path);
		goto out;
	}
	rc = journal_add(jr, e, "jid %d", *jid);
out:
	close(lock);
	return rc;
}

int
journal_open(struct journal *jr, const char *rundir, const char *name,
    struct brig_err *e)
{
	char dir[1024], path[1100];

	if (jail_dir(rundir, name, dir, sizeof(dir), e) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/journal", dir);
	jr->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
	if (jr->fd == -1)
		return err_sys(e, "open %s", path);
	return 0;
}

/* One line per record, written before the step it names. */
int
journal_add(struct journal *jr, struct brig_err *e, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return err_fmt(e, "journal record too long");
	line[n++] = '\n';
	/* No fsync: the journal outlives a killed brig in the page cache,
	 * and /run does not outlive a reboot, nor do the jails. */
	if (write(jr->fd, line, (size_t)n) != n)
		return err_sys(e, "write journal");
	return 0;
}

void
journal_close(struct journal *jr)
{
	if (jr->fd >= 0)
		close(jr->fd);
	jr->fd = -1;
}

static void
copy_field(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

static void
parse_line(struct jail_state *st, char *line)
{
	char *val = strchr(line, ' ');

	if (val)
		*val++ = '\0';
	else
		val = line + strlen(line);
	if (strcmp(line, "jid") == 0)
		st->jid = atoi(val);
	else if (strcmp(line, "name") == 0)
		copy_field(st->name, sizeof(st->name), val);
	else if (strcmp(line, "pid") == 0) {
		char *sp;

		st->pid = (pid_t)strtol(val, &sp, 10);
		st->starttime = strtoull(sp, NULL, 10);
	} else if (strcmp(line, "started") == 0)
		st->started = (time_t)strtoll(val, NULL, 10);
	else if (strcmp(line, "path") == 0)
		copy_field(st->path, sizeof(st->path), val);
	else if (strcmp(line, "hostname") == 0)
		copy_field(st->hostname, sizeof(st->hostname), val);
	else if (strcmp(line, "persist") == 0)
		st->persist = atoi(val) != 0;
	else if (strcmp(line, "vnet") == 0)
		st->vnet = atoi(val) != 0;
	else if (strcmp(line, "privs") == 0)
		copy_field(st->privs, sizeof(st->privs), val);
	else if (strcmp(line, "services") == 0)
		st->services = (unsigned)strtoul(val, NULL, 10);
	else if (strcmp(line, "step") == 0 && st->nsteps < STATE_MAX_STEPS)
		copy_field(st->steps[st->nsteps++], sizeof(st->steps[0]), val);
	else if (strcmp(line, "ip4.addr") == 0)
		copy_field(st->ip4, sizeof(st->ip4), val);
	else if (strcmp(line, "ip6.addr") == 0)
		copy_field(st->ip6, sizeof(st->ip6), val);
	else if (strcmp(line, "netns") == 0)
		st->netns = strtoull(val, NULL, 10);
	else if (strcmp(line, "net") == 0 && st->nnet < STATE_MAX_NET)
		copy_field(st->net[st->nnet++], sizeof(st->net[0]), val);
	else if (strcmp(line, "done") == 0)
		st->done = true;
}

int
state_read(const char *rundir, const char *name, struct jail_state *st,
    struct brig_err *e)
{
	char dir[1024], path[1100], *line = NULL;
	size_t cap = 0;
	FILE *fp;

	memset(st, 0, sizeof(*st));
	copy_field(st->name, sizeof(st->name), name);
	if (jail_dir(rundir, name, dir, sizeof(dir), e) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/journal", dir);
	fp = fopen(path, "re");
	if (fp == NULL) {
		if (errno == ENOENT)
			return 0;
		return err_sys(e, "open %s", path);
	}
	while (getline(&line, &cap, fp) > 0) {
		line[strcspn(line, "\n")] = '\0';
		parse_line(st, line);
	}
	free(line);
	fclose(fp);
	return 1;
}

unsigned long long
state_proc_starttime(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long t = 0;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* The command name may hold blanks and parentheses: count fields
	 * after the last ')'. */
	p = strrchr(buf, ')');
	if (p == NULL)
		return 0;
	for (field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		t = strtoull(p + 1, NULL, 10);
	return t;
}

bool
state_pid_alive(pid_t pid, unsigned long long starttime)
{
	return pid > 0 && starttime != 0 &&
	    state_proc_starttime(pid) == starttime;
}

enum jail_status
state_status(const struct jail_state *st, bool present)
{
	if (!present)
		return JAIL_STOPPED;
	if (st->done && state_pid_alive(st->pid, st->starttime))
		return JAIL_RUNNING;
	return JAIL_STALE;
}

int
state_clear(const char *rundir, const char *name, struct brig_err *e)
{
	char dir[1024], path[1100];

	if (jail_dir(rundir, name, dir, sizeof(dir), e) == -1)
		return -1;
	/* The rules in effect (src/rctl/rules.h) end with the jail. */
	snprintf(path, sizeof(path), "%s/rctl", dir);
	if (unlink(path) == -1 && errno != ENOENT)
		return err_sys(e, "remove %s", path);
	snprintf(path, sizeof(path), "%s/journal", dir);
	if (unlink(path) == -1 && errno != ENOENT)
		return err_sys(e, "remove %s", path);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
state_list(const char *rundir, char ***names, size_t *n, struct brig_err *e)
{
	char dir[1024], path[1400];
	struct dirent *de;
	size_t cap = 0;
	DIR *d;

	*names = NULL;
	*n = 0;
	snprintf(dir, sizeof(dir), "%s/jails", rundir);
	d = opendir(dir);
	if (d == NULL) {
		if (errno == ENOENT)
			return 0;
		return err_sys(e, "open %s", dir);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/journal", dir, de->d_name);
		if (access(path, F_OK) == -1)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = xrealloc(*names, cap * sizeof(**names));
		}
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), cmp_names);
	return 0;
}

bool
state_step_done(const struct jail_state *st, const char *step)
{
	unsigned i;

	for (i = 0; i < st->nsteps; i++)
		if (strcmp(st->steps[i], step) == 0)
			return true;
	return false;
}

bool
state_busy(const char *rundir, const char *name)
{
	char dir[1024], path[1100];
	struct brig_err e;
	bool busy = false;
	int fd;

	if (jail_dir(rundir, name, dir, sizeof(dir), &e) == -1)
		return false;
	snprintf(path, sizeof(path), "%s/lock", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1)
		return false;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1)
		busy = errno == EWOULDBLOCK;
	close(fd);
	return busy;
}
