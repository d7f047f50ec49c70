/* A running jail's use of resources, read from the kernel: used by brig
 * top, brig status (OOM kills) and brig rctl -u.
 *
 * Each figure comes from the jail's cgroup when it is in a hierarchy
 * that has the file (v2 first, then v1), otherwise from the sum over its
 * processes of what /proc says of each.  On a hybrid host (controllers
 * on v1, a v2 hierarchy without any) a jail joins a v1 hierarchy only
 * when an rctl rule limits that controller (src/jail/rctl.c), so the
 * /proc sums are the common case there.  They see only the processes
 * alive now and the children those reaped: what a process that left
 * (or was reaped by a parent outside the jail) used is forgotten, so
 * such a counter may fall between two reads. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../util/err.h"
#include "cgroup.h"

#define JAIL_USAGE_UNKNOWN	(-1)

/* Every field is JAIL_USAGE_UNKNOWN when neither the cgroup nor /proc
 * can say.  Counters ("total") only grow, unless from /proc (above). */
struct jail_usage {
	int64_t memory;		/* bytes: cgroup_memory(): the memory
				 * controller's charge, else the sum of
				 * the processes' Pss */
	enum cgroup_mem_src memsrc;	/* which of the two memory is */
	int64_t swap;		/* bytes of swap: v2 memory.swap.current,
				 * v1 memory.memsw.usage_in_bytes -
				 * memory.usage_in_bytes, else the sum of
				 * VmSwap (/proc/PID/status) */
	int64_t nproc;		/* processes (thread groups) in the
				 * cgroup, its children included */
	int64_t nthr;		/* threads: pids.current (v2 or v1), else
				 * the sum of num_threads (/proc/PID/stat) */
	int64_t cpu_usec;	/* total CPU time, user + system, in
				 * microseconds: v2 cpu.stat usage_usec
				 * (in every v2 cgroup, controller or
				 * not), v1 cpuacct.usage / 1000, else the
				 * sum of utime + stime + cutime + cstime
				 * (/proc/PID/stat) */
	int64_t read_bytes;	/* total bytes read from block devices: */
	int64_t write_bytes;	/* v2 io.stat rbytes/wbytes, v1
				 * blkio.throttle.io_service_bytes_recursive
				 * Read/Write (v1 misses buffered writes,
				 * written back by the flusher), else the
				 * sum of read_bytes/write_bytes of
				 * /proc/PID/io (storage I/O caused,
				 * write_bytes when pages are dirtied) */
	int64_t read_ios;	/* total reads and writes: v2 io.stat */
	int64_t write_ios;	/* rios/wios, v1 io_serviced_recursive;
				 * else syscr/syscw of /proc/PID/io, which
				 * count read(2)/write(2) calls, cache hits
				 * and pipes included */
	/* VNET jails: totals over the jail's interfaces but lo, from
	 * /proc/INIT/net/dev (its namespace's view); unknown for a jail
	 * sharing the host's stack. */
	int64_t net_rx_bytes;
	int64_t net_tx_bytes;
	int64_t net_rx_packets;
	int64_t net_tx_packets;
	int64_t openfiles;	/* descriptors open in its processes (the
				 * entries of each /proc/PID/fd) */
	int64_t vmemory;	/* bytes: the sum of its processes' address
				 * space sizes (VmSize), as FreeBSD's
				 * racct sums vmemoryuse over a jail */
	int64_t oom_kills;	/* total processes the OOM killer killed
				 * for the jail's memory limit: v2
				 * memory.events oom_kill, v1
				 * memory.oom_control oom_kill (Linux
				 * 4.13); unknown without the memory
				 * controller (then no limit either) */
	int64_t mem_limit_hits;	/* total times the memory limit was hit:
				 * v2 memory.events max, v1 memory.failcnt */
	int64_t pids_limit_hits;	/* total forks refused by the process
				 * limit: pids.events max (v2 or v1) */
	int64_t cpu_throttled;	/* total periods the CPU quota throttled
				 * it: cpu.stat nr_throttled (v2 with the
				 * cpu controller, or v1) */
	int64_t cpu_throttled_usec;	/* total time throttled: v2
				 * throttled_usec, v1 throttled_time /
				 * 1000 */
};

/* Read the usage of the jail whose cgroup is cg (cgroup_open()); init
 * is its PID 1 on the host (struct jail_state pid), whose network
 * namespace is the jail's when vnet.  A process that exits meanwhile
 * counts as gone.  0, or -1 with e (a file brig cannot read or parse). */
int jail_usage_read(const struct cgroup *cg, pid_t init, bool vnet,
    struct jail_usage *u, struct brig_err *e);

/* Rates between two reads of one jail usec microseconds apart; -1 where
 * a counter is unknown in either.  A counter that fell (usage.h top)
 * gives 0. */
struct jail_rates {
	double pcpu;		/* percent of one CPU (200: two busy) */
	double read_bps, write_bps;	/* bytes per second */
	double read_iops, write_iops;
	double rx_bps, tx_bps;		/* network, bytes per second */
	double rx_pps, tx_pps;		/* packets per second */
};
void jail_usage_rates(const struct jail_usage *before,
    const struct jail_usage *after, int64_t usec, struct jail_rates *r);
