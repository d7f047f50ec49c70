/* brig top [-d seconds] [-n count] [--json | --prometheus] [jail ...]:
 * each running jail's CPU, memory, processes, I/O and network
 * (jail_usage_read()), refreshed every -d seconds as top(1) refreshes
 * its processes.  On a terminal it redraws until q or ^C; otherwise, or
 * with -n, it prints -n snapshots (one by default) and exits.  --json
 * prints one snapshot as a JSON array; --prometheus the counters and
 * gauges in Prometheus' text exposition format, for a scraper that
 * makes its own rates.  Rates (CPU%, bytes per second) are the change
 * between two reads of a jail over the time between them; the first
 * snapshot comes after a short interval for that. */
#include <sys/ioctl.h>

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../jail/jail.h"
#include "../rctl/cgroup.h"
#include "../rctl/usage.h"
#include "../util/json.h"

#define TOP_DELAY_MS	2000	/* -d: top(1)'s default is 3 s */
#define TOP_FIRST_MS	500	/* before the first snapshot's rates */
#define TOP_MAX_DELAY_S	86400

enum top_out { TOP_TEXT, TOP_JSON, TOP_PROM };

struct top_opts {
	long delay_ms;		/* -d */
	bool delay_set;
	long count;		/* -n; 0 when not given */
	enum top_out out;
	char **names;		/* the jails asked for; none: every one */
	int nnames;
};

/* One jail, read once. */
struct top_row {
	char name[72];
	int jid;
	unsigned long long starttime;	/* of its init: tells a restart */
	bool vnet;
	long long t_us;			/* CLOCK_MONOTONIC at the read */
	struct jail_usage u;
	struct jail_rates r;		/* since the previous read of the
					 * same jail; -1 when none */
};

struct top_snap {
	struct top_row *rows;
	size_t n;
};

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* --- reading ------------------------------------------------------------ */

/* 1 read, 0 not running (or stopped while being read), -1 with e. */
static int
read_row(const struct jail_ctx *x, const char *name, struct top_row *row,
    struct brig_err *e)
{
	struct jail_state st;
	struct cgroup *cg;
	int r;

	if (jail_status(x, name, &st) != JAIL_RUNNING)
		return 0;
	memset(row, 0, sizeof(*row));
	snprintf(row->name, sizeof(row->name), "%s", st.name);
	row->jid = st.jid;
	row->starttime = st.starttime;
	row->vnet = st.vnet;
	if (cgroup_open(name, &cg, e) == 0) {
		r = jail_usage_read(cg, st.pid, st.vnet, &row->u, e);
		cgroup_free(cg);
		row->t_us = now_us();
		if (r == 0)
			return 1;
	}
	if (jail_status(x, name, &st) != JAIL_RUNNING)
		return 0;
	return err_ctx(e, "jail %s", name);
}

static void
snap_free(struct top_snap *s)
{
	free(s->rows);
	s->rows = NULL;
	s->n = 0;
}

/* The jails asked for, each of which must run (strict: the first
 * read), or every running one. */
static int
snap_take(const struct cli *cli, const struct top_opts *o, bool strict,
    struct top_snap *s, struct brig_err *e)
{
	struct jail_ctx x = { .rundir = cli->rundir, .datadir = cli->datadir };
	char **all = NULL, **names = o->names;
	size_t n = (size_t)o->nnames, i;
	int r = 0;

	if (n == 0 && state_list(cli->rundir, &all, &n, e) == -1)
		return -1;
	if (all)
		names = all;
	s->n = 0;
	if ((s->rows = calloc(n ? n : 1, sizeof(*s->rows))) == NULL)
		r = err_sys(e, "top");
	for (i = 0; i < n && r == 0; i++) {
		if ((r = read_row(&x, names[i], &s->rows[s->n], e)) == 1)
			s->n++;
		else if (r == 0 && strict && o->nnames)
			r = err_fmt(e, "jail \"%s\" not found", names[i]);
		r = r == 1 ? 0 : r;
	}
	for (i = 0; all && i < n; i++)
		free(all[i]);
	free(all);
	if (r == -1)
		snap_free(s);
	return r;
}

/* The rates of cur against prev, jail by jail. */
static void
snap_rates(const struct top_snap *prev, struct top_snap *cur)
{
	const struct top_row *p;
	struct top_row *c;
	size_t i, k;

	for (i = 0; i < cur->n; i++) {
		c = &cur->rows[i];
		for (k = 0, p = NULL; k < prev->n && p == NULL; k++)
			if (strcmp(prev->rows[k].name, c->name) == 0 &&
			    prev->rows[k].starttime == c->starttime)
				p = &prev->rows[k];
		if (p)
			jail_usage_rates(&p->u, &c->u, c->t_us - p->t_us,
			    &c->r);
		else
			jail_usage_rates(&c->u, &c->u, 0, &c->r);
	}
}

/* --- text --------------------------------------------------------------- */

/* 1024-based, as top(1) and brig status: "512K", "1.5M"; "-" when
 * unknown. */
static const char *
human(double v, char *buf, size_t len)
{
	const char *unit = "\0KMGTPE";

	if (v < 0)
		return "-";
	while (v >= 1024 && unit[1]) {
		v /= 1024;
		unit++;
	}
	if (*unit == '\0')
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, v < 9.95 ? "%.1f%c" : "%.0f%c", v, *unit);
	return buf;
}

static const char *
count(int64_t v, char *buf, size_t len)
{
	if (v < 0)
		return "-";
	snprintf(buf, len, "%lld", (long long)v);
	return buf;
}

#define ROW_FMT	"%-14s %4s %6s %6s %6s %5s %5s %7s %7s %6s %6s %4s\n"

static void
print_row(const struct top_row *w)
{
	char jid[16], cpu[16], mem[16], swap[16], np[24], nt[24], rd[16],
	    wr[16], rx[16], tx[16], oom[24];

	snprintf(jid, sizeof(jid), "%d", w->jid);
	if (w->r.pcpu < 0)
		snprintf(cpu, sizeof(cpu), "-");
	else
		snprintf(cpu, sizeof(cpu), "%.1f", w->r.pcpu);
	printf(ROW_FMT, w->name, jid, cpu,
	    human((double)w->u.memory, mem, sizeof(mem)),
	    human((double)w->u.swap, swap, sizeof(swap)),
	    count(w->u.nproc, np, sizeof(np)),
	    count(w->u.nthr, nt, sizeof(nt)),
	    human(w->r.read_bps, rd, sizeof(rd)),
	    human(w->r.write_bps, wr, sizeof(wr)),
	    human(w->r.rx_bps, rx, sizeof(rx)),
	    human(w->r.tx_bps, tx, sizeof(tx)),
	    count(w->u.oom_kills, oom, sizeof(oom)));
}

/* A title line, the column names, then at most max rows (0: all). */
static void
print_text(const struct top_snap *s, size_t max)
{
	char when[16];
	time_t t = time(NULL);
	size_t i;

	strftime(when, sizeof(when), "%H:%M:%S", localtime(&t));
	printf("brig top - %s, %zu jail%s running, CPU%% of one CPU (%ld "
	    "CPUs)\n", when, s->n, s->n == 1 ? "" : "s",
	    sysconf(_SC_NPROCESSORS_ONLN));
	printf(ROW_FMT, "JAIL", "JID", "CPU%", "MEM", "SWAP", "PROCS", "THR",
	    "READ/s", "WRITE/s", "RX/s", "TX/s", "OOM");
	for (i = 0; i < s->n && (max == 0 || i < max); i++)
		print_row(&s->rows[i]);
}

/* --- JSON and Prometheus ------------------------------------------------ */

#define U(f)	offsetof(struct jail_usage, f)
#define R(f)	offsetof(struct jail_rates, f)

static int64_t
field(const struct jail_usage *u, size_t off)
{
	return *(const int64_t *)(const void *)((const char *)u + off);
}

static double
rate_of(const struct jail_rates *r, size_t off)
{
	return *(const double *)(const void *)((const char *)r + off);
}

/* Figures of struct jail_usage as JSON keys. */
static const struct {
	const char *key;
	size_t off;
} json_figures[] = {
	{ "memory_bytes", U(memory) },
	{ "swap_bytes", U(swap) },
	{ "processes", U(nproc) },
	{ "threads", U(nthr) },
	{ "open_files", U(openfiles) },
	{ "vmemory_bytes", U(vmemory) },
	{ "cpu_usec", U(cpu_usec) },
	{ "read_bytes", U(read_bytes) },
	{ "write_bytes", U(write_bytes) },
	{ "reads", U(read_ios) },
	{ "writes", U(write_ios) },
	{ "net_rx_bytes", U(net_rx_bytes) },
	{ "net_tx_bytes", U(net_tx_bytes) },
	{ "net_rx_packets", U(net_rx_packets) },
	{ "net_tx_packets", U(net_tx_packets) },
	{ "oom_kills", U(oom_kills) },
	{ "memory_limit_hits", U(mem_limit_hits) },
	{ "pids_limit_hits", U(pids_limit_hits) },
	{ "cpu_throttled_periods", U(cpu_throttled) },
	{ "cpu_throttled_usec", U(cpu_throttled_usec) },
}, json_rates[] = {
	{ "read_bytes_per_second", R(read_bps) },
	{ "write_bytes_per_second", R(write_bps) },
	{ "reads_per_second", R(read_iops) },
	{ "writes_per_second", R(write_iops) },
	{ "net_rx_bytes_per_second", R(rx_bps) },
	{ "net_tx_bytes_per_second", R(tx_bps) },
	{ "net_rx_packets_per_second", R(rx_pps) },
	{ "net_tx_packets_per_second", R(tx_pps) },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Unknown figures are null. */
static void
print_json(const struct top_snap *s)
{
	const struct top_row *w;
	size_t i, k;
	int64_t v;
	double d;

	putchar('[');
	for (i = 0; i < s->n; i++) {
		w = &s->rows[i];
		printf("%s\n{\"name\":", i ? "," : "");
		json_put_string(stdout, w->name);
		printf(",\"jid\":%d,\"vnet\":%s", w->jid,
		    w->vnet ? "true" : "false");
		if (w->r.pcpu < 0)
			printf(",\"cpu_percent\":null");
		else
			printf(",\"cpu_percent\":%.1f", w->r.pcpu);
		printf(",\"memory_source\":\"%s\"", w->u.memsrc ==
		    CGROUP_MEM_PSS ? "pss" : "cgroup");
		for (k = 0; k < NELEM(json_figures); k++) {
			v = field(&w->u, json_figures[k].off);
			printf(v < 0 ? ",\"%s\":null" : ",\"%s\":%lld",
			    json_figures[k].key, (long long)v);
		}
		for (k = 0; k < NELEM(json_rates); k++) {
			d = rate_of(&w->r, json_rates[k].off);
			printf(d < 0 ? ",\"%s\":null" : ",\"%s\":%.0f",
			    json_rates[k].key, d);
		}
		putchar('}');
	}
	printf("%s]\n", s->n ? "\n" : "");
}

/* Prometheus metrics: counters as totals (the scraper makes rates). */
static const struct metric {
	const char *name;
	const char *type;
	const char *help;
	size_t off;
	bool usec;		/* microseconds, shown as seconds */
} metrics[] = {
	{ "brig_jail_cpu_seconds_total", "counter",
	    "CPU time used by the jail's processes.", U(cpu_usec), true },
	{ "brig_jail_memory_bytes", "gauge",
	    "Memory in use: the memory controller's charge, else the sum of "
	    "the processes' Pss.", U(memory), false },
	{ "brig_jail_swap_bytes", "gauge", "Swap in use.", U(swap), false },
	{ "brig_jail_processes", "gauge", "Processes in the jail.",
	    U(nproc), false },
	{ "brig_jail_threads", "gauge", "Threads in the jail.", U(nthr),
	    false },
	{ "brig_jail_open_files", "gauge",
	    "File descriptors open in the jail's processes.", U(openfiles),
	    false },
	{ "brig_jail_virtual_memory_bytes", "gauge",
	    "Sum of the address space sizes of the jail's processes.",
	    U(vmemory), false },
	{ "brig_jail_io_read_bytes_total", "counter",
	    "Bytes read from block devices.", U(read_bytes), false },
	{ "brig_jail_io_write_bytes_total", "counter",
	    "Bytes written to block devices.", U(write_bytes), false },
	{ "brig_jail_io_reads_total", "counter",
	    "Read operations (block I/O, or read calls without a block I/O "
	    "controller).", U(read_ios), false },
	{ "brig_jail_io_writes_total", "counter",
	    "Write operations (block I/O, or write calls without a block I/O "
	    "controller).", U(write_ios), false },
	{ "brig_jail_network_receive_bytes_total", "counter",
	    "Bytes received on a VNET jail's interfaces but lo.",
	    U(net_rx_bytes), false },
	{ "brig_jail_network_transmit_bytes_total", "counter",
	    "Bytes sent on a VNET jail's interfaces but lo.",
	    U(net_tx_bytes), false },
	{ "brig_jail_network_receive_packets_total", "counter",
	    "Packets received on a VNET jail's interfaces but lo.",
	    U(net_rx_packets), false },
	{ "brig_jail_network_transmit_packets_total", "counter",
	    "Packets sent on a VNET jail's interfaces but lo.",
	    U(net_tx_packets), false },
	{ "brig_jail_oom_kills_total", "counter",
	    "Processes killed by the OOM killer for the jail's memory limit.",
	    U(oom_kills), false },
	{ "brig_jail_memory_limit_hits_total", "counter",
	    "Times the jail's memory limit was reached.", U(mem_limit_hits),
	    false },
	{ "brig_jail_pids_limit_hits_total", "counter",
	    "Forks refused by the jail's process limit.", U(pids_limit_hits),
	    false },
	{ "brig_jail_cpu_throttled_periods_total", "counter",
	    "Scheduler periods in which the jail's CPU quota throttled it.",
	    U(cpu_throttled), false },
	{ "brig_jail_cpu_throttled_seconds_total", "counter",
	    "Time the jail's CPU quota throttled it.", U(cpu_throttled_usec),
	    true },
};

/* A label value: backslash, double quote and newline escaped. */
static void
put_label(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			putchar('\\');
		if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
}

/* A jail whose figure is unknown has no sample of that metric. */
static void
print_prometheus(const struct top_snap *s)
{
	const struct metric *m;
	size_t i, k;
	int64_t v;

	for (k = 0; k < NELEM(metrics); k++) {
		m = &metrics[k];
		printf("# HELP %s %s\n# TYPE %s %s\n", m->name, m->help,
		    m->name, m->type);
		for (i = 0; i < s->n; i++) {
			if ((v = field(&s->rows[i].u, m->off)) < 0)
				continue;
			printf("%s{jail=\"", m->name);
			put_label(s->rows[i].name);
			if (m->usec)
				printf("\"} %lld.%06lld\n", (long long)v /
				    1000000, (long long)v % 1000000);
			else
				printf("\"} %lld\n", (long long)v);
		}
	}
}

/* --- the terminal ------------------------------------------------------- */

struct term {
	struct termios saved;
	bool on;
};

/* Keys without Enter and without echo (^C still signals); the
 * alternate screen, as top(1), so the shell's screen comes back. */
static void
term_enter(struct term *t)
{
	struct termios raw;

	if (tcgetattr(STDIN_FILENO, &t->saved) == -1)
		return;
	raw = t->saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == -1)
		return;
	t->on = true;
	fputs("\033[?1049h\033[?25l", stdout);
}

static void
term_leave(struct term *t)
{
	if (!t->on)
		return;
	fputs("\033[?25h\033[?1049l", stdout);
	fflush(stdout);
	(void)tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
	t->on = false;
}

static size_t
term_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_row < 4)
		return 0;
	return ws.ws_row - 3;	/* title, column names, cursor */
}

/* Wait ms milliseconds: 0, or 1 when asked to stop (q, or a signal
 * caught by cli_catch_interrupts()).  Keys are read only on a terminal,
 * and no more once it is gone. */
static int
pause_ms(long ms, bool keys)
{
	long long end = now_us() + (long long)ms * 1000, left;
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	ssize_t n;
	char c;

	while ((left = end - now_us()) > 0) {
		if (cli_interrupted)
			return 1;
		if (poll(keys ? &p : NULL, keys ? 1 : 0,
		    (int)((left + 999) / 1000)) <= 0)
			continue;
		if ((n = read(STDIN_FILENO, &c, 1)) == 1 && (c == 'q' ||
		    c == 'Q'))
			return 1;
		if (n == 0 || (n == -1 && errno != EINTR && errno != EAGAIN))
			keys = false;
	}
	return cli_interrupted ? 1 : 0;
}

/* --- the command -------------------------------------------------------- */

static int
fail(const struct cli *cli, const struct brig_err *e)
{
	char buf[600];

	fprintf(stderr, "%s: %s\n", cli->prog, err_str(e, buf, sizeof(buf)));
	return 1;
}

/* Snapshots until -n of them, q or a signal. */
static int
run_text(const struct cli *cli, const struct top_opts *o)
{
	struct top_snap prev = { NULL, 0 }, cur = { NULL, 0 };
	bool tty = o->count == 0 && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO);
	long n = o->count ? o->count : tty ? 0 : 1, i;
	struct term t = { .on = false };
	struct brig_err e;
	int r = 0;

	if (snap_take(cli, o, true, &prev, &e) == -1)
		return fail(cli, &e);
	if (tty) {
		cli_catch_interrupts();
		term_enter(&t);
	}
	for (i = 0; n == 0 || i < n; i++) {
		if (pause_ms(i == 0 && o->delay_ms > TOP_FIRST_MS ?
		    TOP_FIRST_MS : o->delay_ms, tty))
			break;
		if (snap_take(cli, o, false, &cur, &e) == -1) {
			r = -1;
			break;
		}
		snap_rates(&prev, &cur);
		if (tty)
			fputs("\033[H\033[2J", stdout);
		else if (i > 0)
			putchar('\n');
		print_text(&cur, tty ? term_rows() : 0);
		fflush(stdout);
		snap_free(&prev);
		prev = cur;
		cur.rows = NULL;
	}
	term_leave(&t);
	snap_free(&prev);
	return r == -1 ? fail(cli, &e) : 0;
}

/* One snapshot for a machine: JSON after two reads (for the rates),
 * Prometheus after one. */
static int
run_once(const struct cli *cli, const struct top_opts *o)
{
	struct top_snap prev = { NULL, 0 }, cur = { NULL, 0 };
	struct brig_err e;

	if (snap_take(cli, o, true, &cur, &e) == -1)
		return fail(cli, &e);
	if (o->out == TOP_JSON) {
		prev = cur;
		(void)pause_ms(o->delay_set ? o->delay_ms : TOP_FIRST_MS,
		    false);
		if (snap_take(cli, o, false, &cur, &e) == -1) {
			snap_free(&prev);
			return fail(cli, &e);
		}
		snap_rates(&prev, &cur);
		snap_free(&prev);
		print_json(&cur);
	} else
		print_prometheus(&cur);
	snap_free(&cur);
	return fflush(stdout) == EOF ? 1 : 0;
}

/* A number of seconds (-d 0.5) in milliseconds; -1 if not one. */
static long
parse_delay(const char *s)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (end == s || *end || errno || !(d >= 0.01 && d <= TOP_MAX_DELAY_S))
		return -1;
	return (long)(d * 1000 + 0.5);
}

static int
parse(struct cli *cli, int argc, char **argv, struct top_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "prometheus", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int ch;

	memset(o, 0, sizeof(*o));
	o->delay_ms = TOP_DELAY_MS;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "d:n:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if ((o->delay_ms = parse_delay(optarg)) == -1) {
				fprintf(stderr, "%s: top: -d %s: not a number "
				    "of seconds from 0.01 to %d\n", cli->prog,
				    optarg, TOP_MAX_DELAY_S);
				return -1;
			}
			o->delay_set = true;
			break;
		case 'n':
			errno = 0;
			o->count = strtol(optarg, &end, 10);
			if (end == optarg || *end || errno || o->count < 1) {
				fprintf(stderr, "%s: top: -n %s: not a "
				    "positive count\n", cli->prog, optarg);
				return -1;
			}
			break;
		case 'J':
		case 'P':
			if (o->out != TOP_TEXT)
				goto usage;
			o->out = ch == 'J' ? TOP_JSON : TOP_PROM;
			break;
		default:
			goto usage;
		}
	}
	if (o->out != TOP_TEXT && o->count)
		goto usage;
	o->names = argv + optind;
	o->nnames = argc - optind;
	return 0;
usage:
	cli_usage(cli, &cmd_top);
	return -1;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct top_opts o;

	if (parse(cli, argc, argv, &o) == -1)
		return EXIT_USAGE;
	return o.out == TOP_TEXT ? run_text(cli, &o) : run_once(cli, &o);
}

const struct cmd cmd_top = {
	"top", "[-d seconds] [-n count] [--json | --prometheus] [jail ...]",
	"each running jail's CPU, memory, processes, I/O and network, live",
	run,
};
