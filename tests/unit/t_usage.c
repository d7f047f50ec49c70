/* Unit tests of the readers of the kernel's accounting files
 * (src/rctl/usage_parse.c) and of the rates (usage.c): samples as the
 * kernels write them (Linux 6.x v2 and v1 cgroup files, proc(5)), then
 * what they must refuse. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rctl/usage.h"
#include "rctl/usage_int.h"

#define U USAGE_UNKNOWN

static void
test_cpu_stat(void **state)
{
	struct usage_cpu_stat c;

	(void)state;
	/* v2 without the cpu controller (a hybrid host's cgroup). */
	assert_int_equal(usage_parse_cpu_stat("usage_usec 1520\n"
	    "user_usec 1000\nsystem_usec 520\nnice_usec 0\n"
	    "core_sched.force_idle_usec 0\n", &c), 0);
	assert_int_equal(c.usage_usec, 1520);
	assert_int_equal(c.nr_periods, U);
	assert_int_equal(c.nr_throttled, U);
	assert_int_equal(c.throttled_usec, U);
	/* v2 with it. */
	assert_int_equal(usage_parse_cpu_stat("usage_usec 9\nuser_usec 5\n"
	    "system_usec 4\nnr_periods 30\nnr_throttled 12\n"
	    "throttled_usec 48000\nnr_bursts 0\nburst_usec 0\n", &c), 0);
	assert_int_equal(c.usage_usec, 9);
	assert_int_equal(c.nr_periods, 30);
	assert_int_equal(c.nr_throttled, 12);
	assert_int_equal(c.throttled_usec, 48000);
	/* v1: throttled_time in nanoseconds. */
	assert_int_equal(usage_parse_cpu_stat("nr_periods 7\nnr_throttled 3\n"
	    "throttled_time 2500000\nnr_bursts 0\nburst_time 0\n", &c), 0);
	assert_int_equal(c.usage_usec, U);
	assert_int_equal(c.nr_throttled, 3);
	assert_int_equal(c.throttled_usec, 2500);
	/* Empty, no final newline, blanks. */
	assert_int_equal(usage_parse_cpu_stat("", &c), 0);
	assert_int_equal(c.usage_usec, U);
	assert_int_equal(usage_parse_cpu_stat("usage_usec\t 77  ", &c), 0);
	assert_int_equal(c.usage_usec, 77);
	/* A known key with no number, a negative, an overflow. */
	errno = 0;
	assert_int_equal(usage_parse_cpu_stat("usage_usec\n", &c), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(usage_parse_cpu_stat("usage_usec -1\n", &c), -1);
	assert_int_equal(usage_parse_cpu_stat("usage_usec 12x\n", &c), -1);
	assert_int_equal(usage_parse_cpu_stat("usage_usec 1 2\n", &c), -1);
	assert_int_equal(usage_parse_cpu_stat(
	    "usage_usec 9223372036854775808\n", &c), -1);
	assert_int_equal(usage_parse_cpu_stat(
	    "usage_usec 9223372036854775807\n", &c), 0);
	assert_int_equal(c.usage_usec, INT64_MAX);
	/* Unknown keys are skipped, whatever follows them. */
	assert_int_equal(usage_parse_cpu_stat("new_key some text\n"
	    "usage_usec 5\n", &c), 0);
	assert_int_equal(c.usage_usec, 5);
	/* A key that only starts like a known one. */
	assert_int_equal(usage_parse_cpu_stat("usage_usecs x\n", &c), 0);
	assert_int_equal(c.usage_usec, U);
}

static void
test_memory_events(void **state)
{
	struct usage_mem_events m;
	struct usage_oom_control o;

	(void)state;
	assert_int_equal(usage_parse_memory_events("low 0\nhigh 0\nmax 41\n"
	    "oom 2\noom_kill 2\noom_group_kill 0\nsock_throttled 0\n", &m),
	    0);
	assert_int_equal(m.low, 0);
	assert_int_equal(m.max, 41);
	assert_int_equal(m.oom, 2);
	assert_int_equal(m.oom_kill, 2);
	/* A kernel before oom_kill (Linux 4.13). */
	assert_int_equal(usage_parse_memory_events("low 0\nhigh 0\nmax 1\n"
	    "oom 1\n", &m), 0);
	assert_int_equal(m.oom_kill, U);
	assert_int_equal(usage_parse_memory_events("max many\n", &m), -1);

	assert_int_equal(usage_parse_oom_control("oom_kill_disable 0\n"
	    "under_oom 0\noom_kill 3\n", &o), 0);
	assert_int_equal(o.oom_kill_disable, 0);
	assert_int_equal(o.under_oom, 0);
	assert_int_equal(o.oom_kill, 3);
	assert_int_equal(usage_parse_oom_control("oom_kill_disable 1\n"
	    "under_oom 1\n", &o), 0);
	assert_int_equal(o.oom_kill, U);
	assert_int_equal(o.under_oom, 1);
}

static void
test_pids_events(void **state)
{
	int64_t max;

	(void)state;
	assert_int_equal(usage_parse_pids_events("max 17\n", &max), 0);
	assert_int_equal(max, 17);
	/* Linux 6.x also writes max.imposed in v2. */
	assert_int_equal(usage_parse_pids_events("max 0\nmax.imposed 4\n",
	    &max), 0);
	assert_int_equal(max, 0);
	assert_int_equal(usage_parse_pids_events("", &max), 0);
	assert_int_equal(max, U);
	assert_int_equal(usage_parse_pids_events("max\n", &max), -1);
}

static void
test_number(void **state)
{
	int64_t v = 5;

	(void)state;
	assert_int_equal(usage_parse_number("123\n", &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(usage_parse_number("0", &v), 0);
	assert_int_equal(v, 0);
	v = 5;
	assert_int_equal(usage_parse_number("", &v), -1);
	assert_int_equal(usage_parse_number("\n", &v), -1);
	assert_int_equal(usage_parse_number("max\n", &v), -1);
	assert_int_equal(usage_parse_number("12\n\n", &v), -1);
	assert_int_equal(usage_parse_number("-3\n", &v), -1);
	assert_int_equal(usage_parse_number("99999999999999999999\n", &v),
	    -1);
	assert_int_equal(v, 5);	/* written only on success */
}

static void
test_io_stat(void **state)
{
	struct usage_io io;

	(void)state;
	assert_int_equal(usage_parse_io_stat("8:16 rbytes=1459200 "
	    "wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n"
	    "8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 "
	    "dbytes=50331648 dios=3021\n", &io), 0);
	assert_int_equal(io.rbytes, 1459200 + 90430464);
	assert_int_equal(io.wbytes, 314773504 + 299008000);
	assert_int_equal(io.rios, 192 + 8950);
	assert_int_equal(io.wios, 353 + 1252);
	/* No I/O yet: an empty file. */
	assert_int_equal(usage_parse_io_stat("", &io), 0);
	assert_int_equal(io.rbytes, 0);
	assert_int_equal(io.wios, 0);
	/* Unknown keys skipped (cost.* of iocost), bad pairs refused. */
	assert_int_equal(usage_parse_io_stat("259:0 rbytes=1 cost.vrate=1.5 "
	    "wios=2\n", &io), 0);
	assert_int_equal(io.rbytes, 1);
	assert_int_equal(io.wios, 2);
	assert_int_equal(usage_parse_io_stat("8:0 rbytes\n", &io), -1);
	assert_int_equal(usage_parse_io_stat("8:0 =5\n", &io), -1);
	assert_int_equal(usage_parse_io_stat("8:0 rbytes=x\n", &io), -1);
	assert_int_equal(usage_parse_io_stat("8:0 rbytes=1x\n", &io), -1);
	errno = 0;
	assert_int_equal(usage_parse_io_stat(
	    "8:0 rbytes=9223372036854775807\n8:1 rbytes=1\n", &io), -1);
	assert_int_equal(errno, EOVERFLOW);
}

static void
test_blkio(void **state)
{
	int64_t r = 9, w = 9;

	(void)state;
	assert_int_equal(usage_parse_blkio("8:0 Read 4096\n8:0 Write 8192\n"
	    "8:0 Sync 8192\n8:0 Async 4096\n8:0 Discard 0\n8:0 Total 12288\n"
	    "253:1 Read 100\n253:1 Write 0\n253:1 Sync 0\n253:1 Async 100\n"
	    "253:1 Discard 0\n253:1 Total 100\nTotal 12388\n", &r, &w), 0);
	assert_int_equal(r, 4196);
	assert_int_equal(w, 8192);
	/* A cgroup without I/O: the total alone. */
	assert_int_equal(usage_parse_blkio("Total 0\n", &r, &w), 0);
	assert_int_equal(r, 0);
	assert_int_equal(w, 0);
	assert_int_equal(usage_parse_blkio("8:0 Read\n", &r, &w), -1);
	assert_int_equal(usage_parse_blkio("8:0 Read x\n", &r, &w), -1);
	assert_int_equal(usage_parse_blkio("8:0 Read 1 2\n", &r, &w), -1);
	assert_int_equal(usage_parse_blkio("8:0\n", &r, &w), -1);
}

static void
test_proc_io(void **state)
{
	struct usage_proc_io io;

	(void)state;
	assert_int_equal(usage_parse_proc_io("rchar: 6976\nwchar: 0\n"
	    "syscr: 10\nsyscw: 3\nread_bytes: 4096\nwrite_bytes: 1048576\n"
	    "cancelled_write_bytes: 0\n", &io), 0);
	assert_int_equal(io.read_bytes, 4096);
	assert_int_equal(io.write_bytes, 1048576);
	assert_int_equal(io.syscr, 10);
	assert_int_equal(io.syscw, 3);
	/* Without task I/O accounting: only the character counts. */
	assert_int_equal(usage_parse_proc_io("rchar: 1\nwchar: 2\n", &io), 0);
	assert_int_equal(io.read_bytes, U);
	assert_int_equal(usage_parse_proc_io("read_bytes: \n", &io), -1);
}

static void
test_proc_stat(void **state)
{
	struct usage_proc_stat st;

	(void)state;
	assert_int_equal(usage_parse_proc_stat("28544 (cat) R 28542 28542 "
	    "24546 0 -1 4194304 98 0 0 0 7 3 2 1 20 0 1 0 4976749 3133440 "
	    "360 18446744073709551615 94584286150656 94584286170537 "
	    "140732405590208 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n", &st), 0);
	assert_int_equal(st.utime, 7);
	assert_int_equal(st.stime, 3);
	assert_int_equal(st.cutime, 2);
	assert_int_equal(st.cstime, 1);
	assert_int_equal(st.num_threads, 1);
	assert_int_equal(st.vsize, 3133440);
	/* A command name with blanks and parentheses; negative nice. */
	assert_int_equal(usage_parse_proc_stat("7 (a) b (c)) S 1 7 7 0 -1 0 "
	    "0 0 0 0 100 200 0 0 20 -5 4 0 1 999 0\n", &st), 0);
	assert_int_equal(st.utime, 100);
	assert_int_equal(st.stime, 200);
	assert_int_equal(st.num_threads, 4);
	assert_int_equal(st.vsize, 999);
	/* Too few fields, no ')', a field not a number. */
	assert_int_equal(usage_parse_proc_stat("7 (a) S 1 7 7 0 -1 0 0 0 0 0 "
	    "100 200 0 0 20 0 4 0 1\n", &st), -1);
	assert_int_equal(usage_parse_proc_stat("7 a S 1", &st), -1);
	assert_int_equal(usage_parse_proc_stat("7 (a) S 1 7 7 0 -1 0 0 0 0 0 "
	    "x 200 0 0 20 0 4 0 1 999 0\n", &st), -1);
	assert_int_equal(usage_parse_proc_stat("7 (a) S 1 7 7 0 -1 0 0 0 0 0 "
	    "-1 200 0 0 20 0 4 0 1 999 0\n", &st), -1);
	assert_int_equal(usage_parse_proc_stat("7 (a)S 1 7 7 0 -1 0 0 0 0 0 "
	    "1 200 0 0 20 0 4 0 1 999 0\n", &st), -1);
}

static void
test_status_kb(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(usage_parse_status_kb("Name:\tcat\nVmSize:\t    3896 "
	    "kB\nVmSwap:\t      12 kB\nThreads:\t1\n", "VmSwap", &v), 0);
	assert_int_equal(v, 12 * 1024);
	assert_int_equal(usage_parse_status_kb("Name:\tcat\nVmSize:\t    3896 "
	    "kB\n", "VmSize", &v), 0);
	assert_int_equal(v, 3896 * 1024);
	/* A kernel thread: none. */
	assert_int_equal(usage_parse_status_kb("Name:\tkthreadd\nThreads:\t1\n",
	    "VmSwap", &v), 0);
	assert_int_equal(v, U);
	/* Only the whole key. */
	assert_int_equal(usage_parse_status_kb("VmSwapX:\t1 kB\n", "VmSwap",
	    &v), 0);
	assert_int_equal(v, U);
	assert_int_equal(usage_parse_status_kb("VmSwap:\t1 MB\n", "VmSwap",
	    &v), -1);
	assert_int_equal(usage_parse_status_kb("VmSwap:\t1\n", "VmSwap", &v),
	    -1);
	assert_int_equal(usage_parse_status_kb("VmSwap:\t9007199254740992 kB\n",
	    "VmSwap", &v), -1);
}

static const char net_dev[] =
    "Inter-|   Receive                                                |  "
    "Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|"
    "bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo:   16335     145    0    0    0     0          0         0    "
    "16335     145    0    0    0     0       0          0\n"
    "epair0b:    1000      10    0    0    0     0          0         0    "
    "  2000      20    0    0    0     0       0          0\n"
    "  eth0: 5 1 0 0 0 0 0 0 7 2 0 0 0 0 0 0\n";

static void
test_net_dev(void **state)
{
	struct usage_net n;

	(void)state;
	assert_int_equal(usage_parse_net_dev(net_dev, &n), 0);
	assert_int_equal(n.rx_bytes, 1005);
	assert_int_equal(n.rx_packets, 11);
	assert_int_equal(n.tx_bytes, 2007);
	assert_int_equal(n.tx_packets, 22);
	/* lo alone: nothing. */
	assert_int_equal(usage_parse_net_dev("  lo: 1 2 3 4 5 6 7 8 9 10 11 12 "
	    "13 14 15 16\n", &n), 0);
	assert_int_equal(n.rx_bytes, 0);
	/* An old kernel glued the name to the number. */
	assert_int_equal(usage_parse_net_dev("eth0:123 4 0 0 0 0 0 0 56 7 0 "
	    "0 0 0 0 0\n", &n), 0);
	assert_int_equal(n.rx_bytes, 123);
	assert_int_equal(n.tx_packets, 7);
	assert_int_equal(usage_parse_net_dev("eth0 1 2 3\n", &n), -1);
	assert_int_equal(usage_parse_net_dev("eth0: 1 2 3\n", &n), -1);
	assert_int_equal(usage_parse_net_dev(": 1 2 3 4 5 6 7 8 9 10\n", &n),
	    -1);
}

static struct jail_usage
counters(int64_t cpu, int64_t rd, int64_t rx)
{
	struct jail_usage u;

	memset(&u, 0, sizeof(u));
	u.cpu_usec = cpu;
	u.read_bytes = rd;
	u.write_bytes = U;
	u.read_ios = u.write_ios = 0;
	u.net_rx_bytes = rx;
	u.net_tx_bytes = u.net_rx_packets = u.net_tx_packets = U;
	return u;
}

static void
test_rates(void **state)
{
	struct jail_usage a = counters(1000000, 0, 10), b;
	struct jail_rates r;

	(void)state;
	/* One CPU busy for the half second between the reads. */
	b = counters(1500000, 4096, 1010);
	jail_usage_rates(&a, &b, 500000, &r);
	assert_true(r.pcpu > 99.9 && r.pcpu < 100.1);
	assert_true(r.read_bps > 8191.9 && r.read_bps < 8192.1);
	assert_true(r.rx_bps > 1999.9 && r.rx_bps < 2000.1);
	assert_true(r.write_bps == -1 && r.tx_bps == -1);
	assert_true(r.read_iops == 0);
	/* A counter that fell (a /proc sum that lost a process): 0. */
	b = counters(900000, 0, 0);
	jail_usage_rates(&a, &b, 500000, &r);
	assert_true(r.pcpu == 0 && r.read_bps == 0 && r.rx_bps == 0);
	/* No time between: unknown. */
	jail_usage_rates(&a, &a, 0, &r);
	assert_true(r.pcpu == -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_stat),
		cmocka_unit_test(test_memory_events),
		cmocka_unit_test(test_pids_events),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_io_stat),
		cmocka_unit_test(test_blkio),
		cmocka_unit_test(test_proc_io),
		cmocka_unit_test(test_proc_stat),
		cmocka_unit_test(test_status_kb),
		cmocka_unit_test(test_net_dev),
		cmocka_unit_test(test_rates),
	};

	return cmocka_run_group_tests_name("usage", tests, NULL, NULL);
}
