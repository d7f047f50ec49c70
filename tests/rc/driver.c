/* A small front end to src/jail/rc*.c for tests/integration/66-rc.bats:
 *
 *	driver [-n NS] rcconf FILE
 *		FILE's network plan, one operation a line on standard
 *		output; with -n, carried out in the namespace NS (a name
 *		under /run/netns, as ip netns makes them, or a path)
 *	driver [-n NS] jail JAIL.CONF NAME
 *		what brig's start gets from rc_jail_load() for jail NAME:
 *		"builtin_start 0|1", "builtin_stop 0|1", "hostname H" (if
 *		any), "R ENTRY" per service, the plan; its warnings on
 *		standard error, as brig prints them; with -n, the plan
 *		carried out in NS, as brig's start does
 *
 * Errors: "driver: MESSAGE" on standard error, exit 1; usage errors
 * exit 2. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/rc_conf.h"
#include "jail/rc.h"
#include "net/net.h"

static int
usage(void)
{
	fprintf(stderr, "usage: driver [-n NS] rcconf FILE\n"
	    "       driver [-n NS] jail JAIL.CONF NAME\n");
	return 2;
}

static int
ns_open(const char *ns, struct brig_err *e)
{
	char path[4096];
	int fd;

	if (strchr(ns, '/') == NULL)
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
	else
		snprintf(path, sizeof(path), "%s", ns);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", path);
	return fd;
}

static void
print_plan(const struct rc_net_plan *p)
{
	char line[256];
	size_t i;

	for (i = 0; i < p->n; i++) {
		rc_net_op_format(&p->ops[i], line, sizeof(line));
		printf("%s\n", line);
	}
}

/* Carry rj's plan out in ns, if one is named. */
static int
apply(const char *ns, struct rc_jail *rj, struct brig_err *e)
{
	struct net *n;
	int fd, rc;

	if (ns == NULL)
		return 0;
	if ((fd = ns_open(ns, e)) == -1)
		return -1;
	if (net_open(&n, e) == -1) {
		close(fd);
		return -1;
	}
	rc = rc_net_apply(n, fd, rj, e);
	net_close(n);
	close(fd);
	return rc;
}

static int
rcconf(const char *ns, const char *file, struct brig_err *e)
{
	struct rc_jail rj;
	int rc;

	memset(&rj, 0, sizeof(rj));
	rj.c = conf_new(0);
	if (rcconf_load(rj.c, file, &rj.rc) == -1 ||
	    rc_net_plan(rj.c, &rj.rc, &rj.net) == -1) {
		conf_print_diags(rj.c, stderr, true);
		rc = err_fmt(e, "%s: errors", file);
	} else {
		conf_print_diags(rj.c, stderr, true);
		print_plan(&rj.net);
		fflush(stdout);
		rc = apply(ns, &rj, e);
	}
	rc_net_plan_free(&rj.net);
	conf_free(rj.c);
	return rc;
}

static int
jail(const char *ns, const char *file, const char *name, struct brig_err *e)
{
	struct conf *c = conf_load(file, CONF_NO_CONFD);
	const struct conf_jail *j;
	struct rc_jail *rj;
	size_t i;
	int rc = -1;

	if (!conf_failed(c))
		conf_check(c);
	if (conf_errors(c)) {
		conf_print_diags(c, stderr, false);
		err_fmt(e, "%s: errors", file);
		goto out;
	}
	if ((j = conf_jail_find(c, name)) == NULL) {
		err_fmt(e, "no jail %s", name);
		goto out;
	}
	if (rc_jail_load(j, &rj, e) == -1)
		goto out;
	rc_jail_warn(rj, name, STDERR_FILENO);
	printf("builtin_start %d\nbuiltin_stop %d\n", rj->builtin_start,
	    rj->builtin_stop);
	if (rj->hostname)
		printf("hostname %s\n", rj->hostname);
	for (i = 0; i < rj->nsvc; i++)
		printf("R %s\n", rj->svc[i].entry);
	print_plan(&rj->net);
	fflush(stdout);
	rc = apply(ns, rj, e);
	rc_jail_free(rj);
out:
	conf_free(c);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *ns = NULL;
	struct brig_err e;
	char msg[600];
	int rc;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		ns = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc == 3 && strcmp(argv[1], "rcconf") == 0)
		rc = rcconf(ns, argv[2], &e);
	else if (argc == 4 && strcmp(argv[1], "jail") == 0)
		rc = jail(ns, argv[2], argv[3], &e);
	else
		return usage();
	if (rc == -1) {
		fprintf(stderr, "driver: %s\n", err_str(&e, msg, sizeof(msg)));
		return 1;
	}
	return 0;
}
