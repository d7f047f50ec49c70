/* The readers of the kernel's accounting files (usage_int.h): pure
 * functions of a file's text, no I/O, nothing else of brig, so that the
 * unit tests and the fuzzer take them alone.  The formats are those of
 * Documentation/admin-guide/cgroup-v2.rst ("flat keyed", "nested keyed")
 * and the cgroup-v1 documents, and proc(5). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "usage_int.h"

/* --- small helpers ---------------------------------------------------- */

static bool
isdig(char c)
{
	return c >= '0' && c <= '9';
}

static bool
isblank_(char c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_blanks(const char *p, const char *end)
{
	while (p < end && isblank_(*p))
		p++;
	return p;
}

/* An unsigned decimal at *p (before end) into *v, *p moved past it;
 * false when there is none or it is over INT64_MAX. */
static bool
number(const char **p, const char *end, int64_t *v)
{
	const char *s = *p;
	int64_t n = 0;
	int d;

	if (s == end || !isdig(*s))
		return false;
	for (; s < end && isdig(*s); s++) {
		d = *s - '0';
		if (n > (INT64_MAX - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*p = s;
	*v = n;
	return true;
}

static int
fail(int err)
{
	errno = err;
	return -1;
}

/* *sum += v; false on overflow. */
static bool
add(int64_t *sum, int64_t v)
{
	return !__builtin_add_overflow(*sum, v, sum);
}

/* The line at *p: [*line, *eol), *p moved to the next; false at the
 * end of the text. */
static bool
next_line(const char **p, const char **line, const char **eol)
{
	if (**p == '\0')
		return false;
	*line = *p;
	*eol = strchrnul(*p, '\n');
	*p = **eol ? *eol + 1 : *eol;
	return true;
}

static bool
word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* --- flat keyed files: "key value" lines ------------------------------ */

struct key {
	const char *name;
	int64_t *dst;
};

/* Each line is a key, a ':' or blanks, a number (/proc/PID/io writes
 * "read_bytes: 0", cgroup files "max 0").  The keys of keys[] get their
 * value, the others are skipped whatever follows them: the kernel adds
 * keys, some not numbers. */
static int
flat_keyed(const char *text, const struct key *keys, size_t n)
{
	const char *p = text, *line, *eol, *k, *s;
	size_t i, klen;
	int64_t v;

	for (i = 0; i < n; i++)
		*keys[i].dst = USAGE_UNKNOWN;
	while (next_line(&p, &line, &eol)) {
		k = skip_blanks(line, eol);
		for (s = k; s < eol && !isblank_(*s) && *s != ':'; s++)
			;
		klen = (size_t)(s - k);
		for (i = 0; i < n && !word_is(k, klen, keys[i].name); i++)
			;
		if (klen == 0 || i == n)
			continue;
		if (s < eol && *s == ':')
			s++;
		s = skip_blanks(s, eol);
		if (!number(&s, eol, &v) || skip_blanks(s, eol) != eol)
			return fail(EINVAL);
		*keys[i].dst = v;
	}
	return 0;
}

#define NKEYS(k) (sizeof(k) / sizeof((k)[0]))

int
usage_parse_cpu_stat(const char *text, struct usage_cpu_stat *out)
{
	struct usage_cpu_stat c;
	int64_t ns;
	const struct key keys[] = {
		{ "usage_usec", &c.usage_usec },
		{ "nr_periods", &c.nr_periods },
		{ "nr_throttled", &c.nr_throttled },
		{ "throttled_usec", &c.throttled_usec },
		{ "throttled_time", &ns },	/* v1, nanoseconds */
	};

	if (flat_keyed(text, keys, NKEYS(keys)) == -1)
		return -1;
	if (c.throttled_usec == USAGE_UNKNOWN && ns != USAGE_UNKNOWN)
		c.throttled_usec = ns / 1000;
	*out = c;
	return 0;
}

int
usage_parse_memory_events(const char *text, struct usage_mem_events *out)
{
	struct usage_mem_events m;
	const struct key keys[] = {
		{ "low", &m.low },
		{ "high", &m.high },
		{ "max", &m.max },
		{ "oom", &m.oom },
		{ "oom_kill", &m.oom_kill },
	};

	if (flat_keyed(text, keys, NKEYS(keys)) == -1)
		return -1;
	*out = m;
	return 0;
}

int
usage_parse_oom_control(const char *text, struct usage_oom_control *out)
{
	struct usage_oom_control o;
	const struct key keys[] = {
		{ "oom_kill_disable", &o.oom_kill_disable },
		{ "under_oom", &o.under_oom },
		{ "oom_kill", &o.oom_kill },
	};

	if (flat_keyed(text, keys, NKEYS(keys)) == -1)
		return -1;
	*out = o;
	return 0;
}

int
usage_parse_pids_events(const char *text, int64_t *max)
{
	int64_t m;
	const struct key keys[] = { { "max", &m } };

	if (flat_keyed(text, keys, NKEYS(keys)) == -1)
		return -1;
	*max = m;
	return 0;
}

int
usage_parse_proc_io(const char *text, struct usage_proc_io *out)
{
	struct usage_proc_io io;
	const struct key keys[] = {
		{ "read_bytes", &io.read_bytes },
		{ "write_bytes", &io.write_bytes },
		{ "syscr", &io.syscr },
		{ "syscw", &io.syscw },
	};

	if (flat_keyed(text, keys, NKEYS(keys)) == -1)
		return -1;
	*out = io;
	return 0;
}

int
usage_parse_number(const char *text, int64_t *out)
{
	const char *end = text + strlen(text), *p = skip_blanks(text, end);
	int64_t v;

	if (!number(&p, end, &v))
		return fail(EINVAL);
	if (p < end && *p == '\n')
		p++;
	if (p != end)
		return fail(EINVAL);
	*out = v;
	return 0;
}

/* --- block I/O ------------------------------------------------------- */

/* One "key=value" of an io.stat line into the sums. */
static int
io_pair(const char *k, const char *eq, const char *end, struct usage_io *io)
{
	static const struct {
		const char *name;
		size_t off;
	} keys[] = {
		{ "rbytes", offsetof(struct usage_io, rbytes) },
		{ "wbytes", offsetof(struct usage_io, wbytes) },
		{ "rios", offsetof(struct usage_io, rios) },
		{ "wios", offsetof(struct usage_io, wios) },
	};
	const char *s = eq + 1;
	int64_t v, *sum;
	size_t i;

	for (i = 0; i < NKEYS(keys); i++)
		if (word_is(k, (size_t)(eq - k), keys[i].name))
			break;
	if (i == NKEYS(keys))
		return 0;	/* dbytes, dios, and what comes later */
	if (!number(&s, end, &v) || s != end)
		return fail(EINVAL);
	sum = (int64_t *)(void *)((char *)io + keys[i].off);
	return add(sum, v) ? 0 : fail(EOVERFLOW);
}

/* Lines "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0", one per
 * device; no line is no I/O yet. */
int
usage_parse_io_stat(const char *text, struct usage_io *out)
{
	struct usage_io io = { 0, 0, 0, 0 };
	const char *p = text, *line, *eol, *w, *we, *eq;

	while (next_line(&p, &line, &eol)) {
		w = skip_blanks(line, eol);
		if (w == eol)
			continue;
		while (w < eol && !isblank_(*w))	/* the device */
			w++;
		for (;;) {
			if ((w = skip_blanks(w, eol)) == eol)
				break;
			for (we = w; we < eol && !isblank_(*we); we++)
				;
			if ((eq = memchr(w, '=', (size_t)(we - w))) == NULL ||
			    eq == w)
				return fail(EINVAL);
			if (io_pair(w, eq, we, &io) == -1)
				return -1;
			w = we;
		}
	}
	*out = io;
	return 0;
}

/* "8:0 Read 4096" lines, per device and operation (Read, Write, Sync,
 * Async, Discard, Total), then "Total N" over them all. */
int
usage_parse_blkio(const char *text, int64_t *read, int64_t *write)
{
	const char *p = text, *line, *eol, *w, *op, *ope;
	int64_t r = 0, wr = 0, v;

	while (next_line(&p, &line, &eol)) {
		w = skip_blanks(line, eol);
		if (w == eol)
			continue;
		while (w < eol && !isblank_(*w))
			w++;
		op = skip_blanks(w, eol);
		if (op < eol && isdig(*op))	/* "Total N" */
			continue;
		for (ope = op; ope < eol && !isblank_(*ope); ope++)
			;
		w = skip_blanks(ope, eol);
		if (op == ope || !number(&w, eol, &v) ||
		    skip_blanks(w, eol) != eol)
			return fail(EINVAL);
		if (word_is(op, (size_t)(ope - op), "Read") && !add(&r, v))
			return fail(EOVERFLOW);
		if (word_is(op, (size_t)(ope - op), "Write") && !add(&wr, v))
			return fail(EOVERFLOW);
	}
	*read = r;
	*write = wr;
	return 0;
}

/* --- /proc ------------------------------------------------------------ */

/* "PID (COMM) S PPID ...": COMM may hold blanks and parentheses, so the
 * fields are counted from the last ')'; field 3 is the state. */
int
usage_parse_proc_stat(const char *text, struct usage_proc_stat *out)
{
	static const struct {
		int field;	/* proc(5)'s numbering */
		size_t off;
	} want[] = {
		{ 14, offsetof(struct usage_proc_stat, utime) },
		{ 15, offsetof(struct usage_proc_stat, stime) },
		{ 16, offsetof(struct usage_proc_stat, cutime) },
		{ 17, offsetof(struct usage_proc_stat, cstime) },
		{ 20, offsetof(struct usage_proc_stat, num_threads) },
		{ 23, offsetof(struct usage_proc_stat, vsize) },
	};
	struct usage_proc_stat st;
	const char *p = strrchr(text, ')'), *end, *f;
	size_t w = 0;
	int field;

	if (p == NULL)
		return fail(EINVAL);
	end = p + strlen(p);
	p++;
	for (field = 3; w < NKEYS(want); field++) {
		f = skip_blanks(p, end);
		if (f == p || f == end || *f == '\n')
			return fail(EINVAL);
		p = f;
		if (field == want[w].field) {
			if (!number(&p, end, (int64_t *)(void *)((char *)&st +
			    want[w++].off)) || (p < end && !isblank_(*p) &&
			    *p != '\n'))
				return fail(EINVAL);
		}
		while (p < end && !isblank_(*p) && *p != '\n')
			p++;
	}
	*out = st;
	return 0;
}

int
usage_parse_status_kb(const char *text, const char *key, int64_t *out)
{
	const char *p = text, *line, *eol, *s;
	size_t klen = strlen(key);
	int64_t kb;

	while (next_line(&p, &line, &eol)) {
		if ((size_t)(eol - line) <= klen ||
		    memcmp(line, key, klen) != 0 || line[klen] != ':')
			continue;
		s = skip_blanks(line + klen + 1, eol);
		if (!number(&s, eol, &kb) || eol - s != 3 ||
		    memcmp(s, " kB", 3) != 0 || kb > INT64_MAX / 1024)
			return fail(EINVAL);
		*out = kb * 1024;
		return 0;
	}
	*out = USAGE_UNKNOWN;
	return 0;
}

/* Two header lines (with '|'), then "  eth0: RX bytes packets errs drop
 * fifo frame compressed multicast TX bytes packets ...": 16 numbers.
 * An interface name holds no ':' (dev_valid_name()). */
int
usage_parse_net_dev(const char *text, struct usage_net *out)
{
	struct usage_net n = { 0, 0, 0, 0 };
	const char *p = text, *line, *eol, *name, *colon, *s;
	int64_t v[10];
	int i;

	while (next_line(&p, &line, &eol)) {
		name = skip_blanks(line, eol);
		if (name == eol || memchr(line, '|', (size_t)(eol - line)))
			continue;
		if ((colon = memchr(name, ':', (size_t)(eol - name))) == NULL ||
		    colon == name)
			return fail(EINVAL);
		for (s = colon + 1, i = 0; i < 10; i++) {
			s = skip_blanks(s, eol);
			if (!number(&s, eol, &v[i]))
				return fail(EINVAL);
		}
		if (word_is(name, (size_t)(colon - name), "lo"))
			continue;
		if (!add(&n.rx_bytes, v[0]) || !add(&n.rx_packets, v[1]) ||
		    !add(&n.tx_bytes, v[8]) || !add(&n.tx_packets, v[9]))
			return fail(EOVERFLOW);
	}
	*out = n;
	return 0;
}
