/* Private to src/rctl: the readers of the kernel's accounting files that
 * usage.c turns into a jail's usage, pure functions of the file's text
 * (usage_parse.c), unit-tested (tests/unit/t_usage.c) and fuzzed
 * (fuzz/fuzz_usage.c).  Each takes the NUL-terminated text of one file,
 * fills its out-parameter and returns 0, or returns -1 with errno EINVAL
 * (a line it cannot read) or EOVERFLOW (a sum over int64_t).  A figure
 * the text does not hold is USAGE_UNKNOWN; keys the kernel may add later
 * are skipped. */
#pragma once

#include <stdint.h>

#define USAGE_UNKNOWN	(-1)

/* cpu.stat, v2 (every cgroup has usage_usec, Linux 4.15; the throttling
 * keys need the cpu controller) or v1 (the cpu controller's
 * nr_periods, nr_throttled, throttled_time in ns). */
struct usage_cpu_stat {
	int64_t usage_usec;
	int64_t nr_periods;
	int64_t nr_throttled;
	int64_t throttled_usec;	/* v2 throttled_usec, v1 throttled_time
				 * / 1000 */
};
int usage_parse_cpu_stat(const char *text, struct usage_cpu_stat *out);

/* memory.events (v2): how often each boundary was crossed. */
struct usage_mem_events {
	int64_t low, high, max, oom, oom_kill;
};
int usage_parse_memory_events(const char *text,
    struct usage_mem_events *out);

/* memory.oom_control (v1); oom_kill since Linux 4.13. */
struct usage_oom_control {
	int64_t oom_kill_disable, under_oom, oom_kill;
};
int usage_parse_oom_control(const char *text,
    struct usage_oom_control *out);

/* pids.events (v1 and v2): max, the forks refused by pids.max. */
int usage_parse_pids_events(const char *text, int64_t *max);

/* Bytes and operations, summed over the block devices. */
struct usage_io {
	int64_t rbytes, wbytes, rios, wios;
};
/* io.stat (v2): "MAJ:MIN rbytes=N wbytes=N rios=N wios=N ...". */
int usage_parse_io_stat(const char *text, struct usage_io *out);
/* A v1 blkio.*_recursive file ("MAJ:MIN Read N" ..., "Total N"): the
 * sums of the Read and of the Write lines. */
int usage_parse_blkio(const char *text, int64_t *read, int64_t *write);

/* /proc/PID/io (proc(5)): what a process and its reaped children and
 * dead threads read from and wrote to storage, and their read(2) and
 * write(2) calls. */
struct usage_proc_io {
	int64_t read_bytes, write_bytes, syscr, syscw;
};
int usage_parse_proc_io(const char *text, struct usage_proc_io *out);

/* /proc/PID/stat (proc(5)), the fields usage.c sums. */
struct usage_proc_stat {
	int64_t utime, stime;		/* clock ticks */
	int64_t cutime, cstime;		/* of its reaped children */
	int64_t num_threads;
	int64_t vsize;			/* bytes of address space */
};
int usage_parse_proc_stat(const char *text, struct usage_proc_stat *out);

/* A "Key:   N kB" line of /proc/PID/status, in bytes; USAGE_UNKNOWN
 * when there is none (kernel threads have no VmSwap). */
int usage_parse_status_kb(const char *text, const char *key, int64_t *out);

/* /proc/net/dev: the sums over every interface but lo. */
struct usage_net {
	int64_t rx_bytes, rx_packets, tx_bytes, tx_packets;
};
int usage_parse_net_dev(const char *text, struct usage_net *out);

/* A file holding one number (pids.current, memory.swap.current,
 * cpuacct.usage ...), newline or not. */
int usage_parse_number(const char *text, int64_t *out);

/* The directories of a jail's cgroup that hold each controller's files
 * (usage.c), NULL where the jail is not. */
enum usage_hier {
	UH_V2,
	UH_MEMORY,	/* v1 */
	UH_PIDS,	/* v1 */
	UH_CPU,		/* v1 */
	UH_CPUACCT,	/* v1: cpuacct.usage, when comounted with cpu */
	UH_BLKIO,	/* v1 */
	UH_N
};
