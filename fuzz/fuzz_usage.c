/* libFuzzer target for the readers of the kernel's accounting files
 * (src/rctl/usage_parse.c): every reader on every input.  After each: a
 * reader returns 0 or -1, and -1 only with errno EINVAL or EOVERFLOW;
 * every figure it gives is a count (>= 0) or USAGE_UNKNOWN, sums never
 * unknown; a second read gives the same figures (pure); a number read
 * prints back to the text it came from, modulo blanks and leading
 * zeros. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rctl/usage_int.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_ret(int r)
{
	CHECK(r == 0 || r == -1);
	if (r == -1)
		CHECK(errno == EINVAL || errno == EOVERFLOW);
}

static void
figure(int64_t v)
{
	CHECK(v >= 0 || v == USAGE_UNKNOWN);
}

static void
count(int64_t v)
{
	CHECK(v >= 0);
}

/* Two reads of one text into a and b, filled with different bytes
 * before: the same result; on success the same figures, on failure
 * neither written (out-parameters only on success).  Returns r. */
static int
twice(int r1, int r2, const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;
	size_t i;

	check_ret(r1);
	CHECK(r1 == r2);
	if (r1 == 0)
		CHECK(memcmp(a, b, n) == 0);
	for (i = 0; r1 == -1 && i < n; i++)
		CHECK(pa[i] == 0x5a && pb[i] == 0xa5);
	return r1;
}

#define FILL(a, b) (memset(&(a), 0x5a, sizeof(a)), \
	memset(&(b), 0xa5, sizeof(b)))

static void
flat(const char *text)
{
	struct usage_cpu_stat c, c2;
	struct usage_mem_events m, m2;
	struct usage_oom_control o, o2;
	struct usage_proc_io io, io2;
	int64_t v, v2;
	int r;

	FILL(c, c2);
	r = usage_parse_cpu_stat(text, &c);
	if (twice(r, usage_parse_cpu_stat(text, &c2), &c, &c2,
	    sizeof(c)) == 0) {
		figure(c.usage_usec);
		figure(c.nr_periods);
		figure(c.nr_throttled);
		figure(c.throttled_usec);
	}
	FILL(m, m2);
	r = usage_parse_memory_events(text, &m);
	if (twice(r, usage_parse_memory_events(text, &m2), &m, &m2,
	    sizeof(m)) == 0) {
		figure(m.low);
		figure(m.high);
		figure(m.max);
		figure(m.oom);
		figure(m.oom_kill);
	}
	FILL(o, o2);
	r = usage_parse_oom_control(text, &o);
	if (twice(r, usage_parse_oom_control(text, &o2), &o, &o2,
	    sizeof(o)) == 0) {
		figure(o.oom_kill_disable);
		figure(o.under_oom);
		figure(o.oom_kill);
	}
	FILL(v, v2);
	r = usage_parse_pids_events(text, &v);
	if (twice(r, usage_parse_pids_events(text, &v2), &v, &v2,
	    sizeof(v)) == 0)
		figure(v);
	FILL(io, io2);
	r = usage_parse_proc_io(text, &io);
	if (twice(r, usage_parse_proc_io(text, &io2), &io, &io2,
	    sizeof(io)) == 0) {
		figure(io.read_bytes);
		figure(io.write_bytes);
		figure(io.syscr);
		figure(io.syscw);
	}
}

static void
sums(const char *text)
{
	struct usage_io io, io2;
	struct usage_net n, n2;
	struct usage_proc_stat st, st2;
	int64_t p[2], q[2], v, v2;
	int r;

	FILL(io, io2);
	r = usage_parse_io_stat(text, &io);
	if (twice(r, usage_parse_io_stat(text, &io2), &io, &io2,
	    sizeof(io)) == 0) {
		count(io.rbytes);
		count(io.wbytes);
		count(io.rios);
		count(io.wios);
	}
	FILL(p, q);
	r = usage_parse_blkio(text, &p[0], &p[1]);
	if (twice(r, usage_parse_blkio(text, &q[0], &q[1]), p, q,
	    sizeof(p)) == 0) {
		count(p[0]);
		count(p[1]);
	}
	FILL(n, n2);
	r = usage_parse_net_dev(text, &n);
	if (twice(r, usage_parse_net_dev(text, &n2), &n, &n2,
	    sizeof(n)) == 0) {
		count(n.rx_bytes);
		count(n.rx_packets);
		count(n.tx_bytes);
		count(n.tx_packets);
	}
	FILL(st, st2);
	r = usage_parse_proc_stat(text, &st);
	if (twice(r, usage_parse_proc_stat(text, &st2), &st, &st2,
	    sizeof(st)) == 0) {
		count(st.utime);
		count(st.stime);
		count(st.cutime);
		count(st.cstime);
		count(st.num_threads);
		count(st.vsize);
	}
	FILL(v, v2);
	r = usage_parse_status_kb(text, "VmSwap", &v);
	if (twice(r, usage_parse_status_kb(text, "VmSwap", &v2), &v, &v2,
	    sizeof(v)) == 0) {
		figure(v);
		CHECK(v == USAGE_UNKNOWN || v % 1024 == 0);
	}
}

/* A number read prints back to its digits. */
static void
number(const char *text)
{
	char buf[32];
	const char *p = text;
	int64_t v;

	if (usage_parse_number(text, &v) == -1) {
		check_ret(-1);
		return;
	}
	count(v);
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p == '0' && p[1] >= '0' && p[1] <= '9')
		p++;
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	CHECK(strncmp(p, buf, strlen(buf)) == 0);
	p += strlen(buf);
	CHECK(*p == '\0' || (*p == '\n' && p[1] == '\0'));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	flat(text);
	sums(text);
	number(text);
	free(text);
	return 0;
}
