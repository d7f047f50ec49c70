/* A command-line driver over src/rctl/cgroup.h and limit.h for the
 * integration tests (30-cgroup.bats, 31-rctl.bats): one verb per call,
 * errors printed once as "cgdriver: message", exit 1 (2 for usage). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/sysmacros.h>

#include "rctl/cgroup.h"
#include "rctl/cgroup_int.h"
#include "rctl/limit.h"

#define DESTROY_TIMEOUT_MS	5000

/* CGDRIVER_V1_ALL=1: create joins every v1 hierarchy, as a jail whose
 * rctl rules limit every controller would (and a v1-only host the pids
 * and freezer ones), so that the v1 memory, freezer and cpu paths run
 * here too; otherwise only those a jail without rctl rules joins. */
static unsigned
need(void)
{
	const char *v = getenv("CGDRIVER_V1_ALL");

	return v && strcmp(v, "1") == 0 ? CGROUP_ALL : 0;
}

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "0", 0 }, { "HUP", SIGHUP }, { "INT", SIGINT }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "TERM", SIGTERM }, { "STOP", SIGSTOP },
	{ "CONT", SIGCONT },
};

/* Strategies the signal verb may switch off, to take the path of a host
 * without them. */
static const struct {
	const char *name;
	unsigned bit;
} strategies[] = {
	{ "no-kill", CG_USE_KILL },
	{ "no-freezer1", CG_USE_FREEZER1 },
	{ "no-freezer2", CG_USE_FREEZER2 },
};

static int
usage(void)
{
	fprintf(stderr, "usage: cgdriver create NAME | attach NAME PID | "
	    "pids NAME | signal NAME SIG [no-kill] [no-freezer1] "
	    "[no-freezer2] | memory NAME (prints BYTES pss|charged) | "
	    "destroy NAME [TIMEOUT_MS] | describe NAME | "
	    "bench NAME COUNT | limit NAME [KNOB=N]... [dev=MAJ:MIN] | "
	    "extend NAME CONTROLLER...\n");
	return 2;
}

static int
fail(const struct brig_err *e)
{
	char buf[600];

	fprintf(stderr, "cgdriver: %s\n", err_str(e, buf, sizeof(buf)));
	return 1;
}

static int
parse_sig(const char *s)
{
	size_t i;

	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (strcmp(s, signals[i].name) == 0)
			return signals[i].sig;
	return -1;
}

static int
do_signal(const struct cgroup *cg, int argc, char **argv,
    struct brig_err *e)
{
	unsigned use = CG_USE_ALL;
	int sig, i;
	size_t k;

	if ((sig = parse_sig(argv[3])) == -1)
		return usage();
	for (i = 4; i < argc; i++) {
		for (k = 0; k < sizeof(strategies) / sizeof(strategies[0]); k++)
			if (strcmp(argv[i], strategies[k].name) == 0)
				break;
		if (k == sizeof(strategies) / sizeof(strategies[0]))
			return usage();
		use &= ~strategies[k].bit;
	}
	return cgroup_signal_with(cg, sig, use, e) == -1 ? fail(e) : 0;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* create+destroy COUNT times in this process; the medians of each and
 * of both. */
static int
bench(const char *name, const char *count, struct brig_err *e)
{
	int n = atoi(count), i, r = 0;
	double *t, t0, t1;
	struct cgroup *cg;

	if (n <= 0 || (t = calloc((size_t)n * 3, sizeof(*t))) == NULL)
		return usage();
	for (i = 0; i < n && r == 0; i++) {
		t0 = now_ms();
		if (cgroup_create(name, need(), &cg, e) == -1) {
			r = fail(e);
			break;
		}
		t1 = now_ms();
		if (cgroup_destroy(cg, DESTROY_TIMEOUT_MS, e) == -1)
			r = fail(e);
		cgroup_free(cg);
		t[i] = t1 - t0;
		t[n + i] = now_ms() - t1;
		t[2 * n + i] = t[i] + t[n + i];
	}
	if (r == 0)
		printf("x%d medians: create %.3f ms, destroy %.3f ms, "
		    "create+destroy %.3f ms\n", n, median(t, n),
		    median(t + n, n), median(t + 2 * n, n));
	free(t);
	return r;
}

/* limit: a plan from KNOB=N words (memory swap pids cpu rbps wbps riops
 * wiops; every other knob unlimited), written by rctl_plan_apply(). */
static int
limit(const struct cgroup *cg, int argc, char **argv, struct brig_err *e)
{
	static const char *const knobs[RK_NKNOB] = {
		[RK_MEMORY] = "memory", [RK_SWAP] = "swap", [RK_PIDS] = "pids",
		[RK_CPU] = "cpu", [RK_RBPS] = "rbps", [RK_WBPS] = "wbps",
		[RK_RIOPS] = "riops", [RK_WIOPS] = "wiops",
	};
	struct rctl_plan p;
	unsigned maj, min;
	size_t n;
	int i, k;

	rctl_plan_build(NULL, 0, "", &p);
	for (i = 3; i < argc; i++) {
		if (sscanf(argv[i], "dev=%u:%u", &maj, &min) == 2) {
			p.iodev = makedev(maj, min);
			continue;
		}
		for (k = 0; k < RK_NKNOB; k++) {
			n = strlen(knobs[k]);
			if (strncmp(argv[i], knobs[k], n) == 0 &&
			    argv[i][n] == '=')
				break;
		}
		if (k == RK_NKNOB)
			return usage();
		p.knob[k] = atoll(argv[i] + strlen(knobs[k]) + 1);
	}
	return rctl_plan_apply(&p, cg, e) == -1 ? fail(e) : 0;
}

/* extend: join the v1 hierarchies of the controllers named. */
static int
extend(struct cgroup *cg, int argc, char **argv, struct brig_err *e)
{
	unsigned need = 0, bit;
	char file[64];
	int i;

	for (i = 3; i < argc; i++) {
		snprintf(file, sizeof(file), "%s.x", argv[i]);
		if ((bit = cgroup_controller_of(file)) == 0)
			return usage();
		need |= bit;
	}
	return cgroup_extend(cg, need, e) == -1 ? fail(e) : 0;
}

/* The verbs that print. */
static int
show(struct cgroup *cg, const char *verb, struct brig_err *e)
{
	enum cgroup_mem_src src;
	char buf[4096];
	pid_t *pids;
	int64_t mem;
	size_t n, i;

	if (strcmp(verb, "pids") == 0) {
		if (cgroup_pids(cg, &pids, &n, e) == -1)
			return fail(e);
		for (i = 0; i < n; i++)
			printf("%d\n", (int)pids[i]);
		free(pids);
	} else if (strcmp(verb, "memory") == 0) {
		if ((mem = cgroup_memory(cg, &src, e)) == -1)
			return fail(e);
		printf("%lld %s\n", (long long)mem,
		    src == CGROUP_MEM_PSS ? "pss" : "charged");
	} else if (strcmp(verb, "describe") == 0)
		printf("%s\n", cgroup_describe(cg, buf, sizeof(buf)));
	else
		return usage();
	return 0;
}

static int
run(struct cgroup *cg, int argc, char **argv, struct brig_err *e)
{
	const char *verb = argv[1];

	if (strcmp(verb, "attach") == 0 && argc == 4)
		return cgroup_attach(cg, (pid_t)atoi(argv[3]), e) == -1 ?
		    fail(e) : 0;
	if (strcmp(verb, "signal") == 0 && argc >= 4)
		return do_signal(cg, argc, argv, e);
	if (strcmp(verb, "limit") == 0)
		return limit(cg, argc, argv, e);
	if (strcmp(verb, "extend") == 0 && argc >= 4)
		return extend(cg, argc, argv, e);
	if (strcmp(verb, "destroy") == 0 && (argc == 3 || argc == 4))
		return cgroup_destroy(cg, argc == 4 ? atoi(argv[3]) :
		    DESTROY_TIMEOUT_MS, e) == -1 ? fail(e) : 0;
	if (argc != 3)
		return usage();
	return show(cg, verb, e);
}

int
main(int argc, char **argv)
{
	struct brig_err e = { 0, "" };
	struct cgroup *cg;
	int r;

	if (argc < 3)
		return usage();
	if (strcmp(argv[1], "bench") == 0)
		return argc == 4 ? bench(argv[2], argv[3], &e) : usage();
	if (strcmp(argv[1], "create") == 0) {
		if (argc != 3)
			return usage();
		r = cgroup_create(argv[2], need(), &cg, &e);
	} else
		r = cgroup_open(argv[2], &cg, &e);
	if (r == -1) {
		/* Destroying what is already gone is success. */
		if (strcmp(argv[1], "destroy") == 0 && e.errnum == ENOENT)
			return 0;
		return fail(&e);
	}
	r = strcmp(argv[1], "create") == 0 ? 0 : run(cg, argc, argv, &e);
	cgroup_free(cg);
	return r;
}
