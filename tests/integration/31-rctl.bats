#!/usr/bin/env bats
# rctl rules enforced on the real kernel (src/rctl/limit.c, iodev.c,
# src/jail/rctl.c): a fork bomb, a memory hog, a busy loop, descriptors,
# CPU seconds and reads of jails made from busybox-static, each with
# rules from rctl.conf or its brig.rctl parameter.  No mocks: the
# figures are the kernel's.  Every jail, background process and cgroup
# a test makes is named after the test and removed by teardown.

load helpers

setup() {
	requires root cmd:busybox
	brig_setup
	ROOT=$BATS_TEST_TMPDIR/root
	make_rootfs "$ROOT"
	for a in dd tail; do
		ln -sf busybox "$ROOT/bin/$a"
	done
	J=rce${BATS_TEST_NUMBER}x$$
	: >"$BATS_TEST_TMPDIR/bg"
}

# Stop the jails, end the background brig exec processes, then remove
# whatever cgroup of this test's jails is left (a failed test), which
# is itself a failure: stop must have removed them.
teardown() {
	local p d left
	stop_all_jails
	while read -r p; do
		kill -9 "$p" 2>/dev/null || true
	done <"$BATS_TEST_TMPDIR/bg"
	left=$(jail_cgroups)
	for d in $left; do
		xargs -r kill -9 <"$d/cgroup.procs" 2>/dev/null || true
	done
	for d in $left; do
		retry 50 0.1 rmdir "$d" 2>/dev/null || true
	done
	[ -z "$left" ] || { echo "cgroups left: $left" >&2; return 1; }
}

# The cgroup directories of this test's jails ($J, ${J}b), in every
# hierarchy.
jail_cgroups() {
	find /sys/fs/cgroup -mindepth 2 -maxdepth 4 -type d \
	    \( -path "*/brig/$J" -o -path "*/brig/${J}b" \) 2>/dev/null |
	    sort -r
}

# bg JAIL CMD...: CMD in the jail, in the background (its brig exec in
# the ledger).
bg() {
	local j=$1
	shift
	"$BRIG" exec "$j" "$@" </dev/null >/dev/null 2>&1 3>&- &
	echo $! >>"$BATS_TEST_TMPDIR/bg"
}

# cg_file JAIL FILE: where file FILE of jail JAIL's cgroup is, in the v2
# hierarchy or in the v1 one of its controller (blkio for io).
cg_file() {
	local ctl=${2%%.*} m
	for m in "$(v2_mount)" "$(v1_mount "$ctl")"; do
		if [ -n "$m" ] && [ -e "$m/brig/$1/$2" ]; then
			echo "$m/brig/$1/$2"
			return 0
		fi
	done
	echo "cg_file: no $2 for jail $1" >&2
	return 1
}

# key_of FILE KEY: the number after KEY in a flat-keyed cgroup file.
key_of() {
	awk -v k="$2" '$1 == k { print $2; found = 1 } END { if (!found)
	    print 0 }' "$1"
}

# key_above FILE KEY N: KEY's number in FILE is above N.
key_above() {
	[ "$(key_of "$1" "$2")" -gt "$3" ]
}

init_pid() {
	"$BRIG" status "$1" | brig_status_pid "$1"
}

# The pids of jail $1 (its cgroup), one a line.
jail_pids() {
	cat "$(cg_file "$1" cgroup.procs)"
}

npids_is() {
	[ "$(jail_pids "$1" | wc -l)" -eq "$2" ]
}

# Two persistent jails, $J and ${J}b, each with a process started by its
# init (exec.start); rctl.conf from standard input.
two_jails() {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
mount.devfs;
persist;
exec.start = "sleep 1000 &";
$J { }
${J}b { }
CONF
	cat >"$BRIG_RCTL_CONF"
	"$BRIG" start "$J" "${J}b"
}

has_cap_sys_resource() {
	local eff
	eff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
	(( (16#$eff >> 24) & 1 ))
}

@test "maxproc:deny=64: a fork bomb stops at 64; the jail, another jail and the host go on" {
	two_jails <<<"jail:$J:maxproc:deny=64"
	[ "$(cat "$(cg_file "$J" pids.max)")" = 64 ]
	before=$(jail_pids "$J")
	[ "$(echo "$before" | wc -l)" -eq 2 ]	# init and its sleep
	bg "$J" sh -c 'while :; do sleep 1000 & done'
	events=$(cg_file "$J" pids.events)
	retry 100 0.1 key_above "$events" max 0
	[ "$(cat "$(cg_file "$J" pids.current)")" -le 64 ]
	[ "$(jail_pids "$J" | wc -l)" -le 64 ]
	# The jail's init and its sleep live on ...
	for p in $before; do
		kill -0 "$p"
	done
	# ... and so do the other jail and the host.
	run "$BRIG" exec "${J}b" echo ok
	[ "$status" -eq 0 ]
	output_is ok
	run sh -c 'sleep 0 & wait; echo host ok'
	output_is "host ok"
	# The bomb and all it made go with the jail.
	run "$BRIG" stop "$J"
	[ "$status" -eq 0 ]
	[ -z "$(find /sys/fs/cgroup -maxdepth 4 -type d -path "*/brig/$J")" ]
}

@test "memoryuse:deny=64M: a memory hog is killed inside the jail; its init and the other jail live on" {
	two_jails <<<"jail:$J:memoryuse:deny=64M"
	lim=$(cg_file "$J" memory.limit_in_bytes || cg_file "$J" memory.max)
	[ "$(cat "$lim")" = 67108864 ]
	init=$(init_pid "$J")
	before=$(jail_pids "$J")
	other=$(jail_pids "${J}b")
	# tail keeps the last "line" of /dev/zero, which never ends.
	run "$BRIG" exec "$J" tail /dev/zero
	[ "$status" -eq 137 ]
	for p in $before $other; do
		kill -0 "$p"
	done
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J "*" running "* ]]
	run "$BRIG" exec "$J" echo alive
	output_is alive
	# The kernel counted the OOM kill in the jail's cgroup.
	if f=$(cg_file "$J" memory.oom_control 2>/dev/null); then
		[ "$(key_of "$f" oom_kill)" -ge 1 ]
		[ "$(cat "$(cg_file "$J" memory.failcnt)")" -gt 0 ]
	else
		[ "$(key_of "$(cg_file "$J" memory.events)" oom_kill)" -ge 1 ]
	fi
	# The init is the OOM killer's last choice (when brig may make it
	# so: CAP_SYS_RESOURCE); what it starts is not.
	if has_cap_sys_resource; then
		[ "$(cat "/proc/$init/oom_score_adj")" = -1000 ]
	fi
	for p in $before; do
		[ "$p" = "$init" ] || [ "$(cat "/proc/$p/oom_score_adj")" = 0 ]
	done
}

@test "pcpu:deny=50 holds a busy loop near half a CPU" {
	two_jails <<<"jail:$J:pcpu:deny=50"
	q=$(cg_file "$J" cpu.cfs_quota_us 2>/dev/null || cg_file "$J" cpu.max)
	[[ "$(cat "$q")" == 50000* ]]
	bg "$J" sh -c 'while :; do :; done'
	retry 50 0.1 npids_is "$J" 3
	stat=$(cg_file "$J" cpu.stat)
	grep -q '^usage_usec ' "$stat" || skip "no cpu.stat usage_usec here"
	sleep 0.5
	u0=$(key_of "$stat" usage_usec)
	t0=$(date +%s%N)
	sleep 3
	u1=$(key_of "$stat" usage_usec)
	t1=$(date +%s%N)
	pct=$(( (u1 - u0) * 100000 / (t1 - t0) ))
	echo "busy loop: $pct% of one CPU" >&2
	[ "$pct" -ge 30 ] && [ "$pct" -le 70 ]
	# The kernel throttled it.
	[ "$(key_of "$(cg_file "$J" cpu.stat)" nr_throttled)" -gt 0 ] ||
	    [ "$(key_of "$(v1_mount cpu)/brig/$J/cpu.stat" nr_throttled)" -gt 0 ]
}

@test "openfiles:deny=20: RLIMIT_NOFILE of the jail's processes, brig exec's too; the jail cannot raise it" {
	two_jails <<<"jail:$J:openfiles:deny=20/process"
	for p in $(jail_pids "$J"); do
		grep -Eq '^Max open files +20 +20 ' "/proc/$p/limits"
	done
	run "$BRIG" exec "$J" cat /proc/self/limits
	[ "$status" -eq 0 ]
	[[ "$output" =~ Max\ open\ files\ +20\ +20\  ]]
	# No CAP_SYS_RESOURCE in the jail: its root cannot lift the limit.
	run "$BRIG" exec "$J" sh -c 'grep CapEff /proc/self/status'
	eff=${output##*:}
	(( ((16#${eff//[[:space:]]/}) >> 24 & 1) == 0 ))
	run "$BRIG" exec "$J" sh -c 'ulimit -n 40'
	[ "$status" -ne 0 ]
	# The other jail has the host's.
	run "$BRIG" exec "${J}b" cat /proc/self/limits
	[[ ! "$output" =~ Max\ open\ files\ +20\  ]]
}

@test "cputime:sigkill=1: a process is killed after one CPU second" {
	two_jails <<<"jail:$J:cputime:sigkill=1/process"
	grep -Eq '^Max cpu time +1 +1 ' "/proc/$(init_pid "$J")/limits"
	start=$(date +%s)
	run timeout 20 "$BRIG" exec "$J" sh -c 'while :; do :; done'
	[ "$status" -eq 137 ]
	[ $(( $(date +%s) - start )) -lt 10 ]
}

@test "brig.rctl rules work as rctl.conf's; with both, the lowest wins" {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
mount.devfs;
persist;
$J {
	brig.rctl = "maxproc:deny=32", "memoryuse:deny=96M",
	    "openfiles:deny=40/process";
}
CONF
	echo "jail:$J:maxproc:deny=20" >"$BRIG_RCTL_CONF"
	run "$BRIG" check
	[ "$status" -eq 0 ]
	"$BRIG" start "$J"
	[ "$(cat "$(cg_file "$J" pids.max)")" = 20 ]
	lim=$(cg_file "$J" memory.limit_in_bytes || cg_file "$J" memory.max)
	[ "$(cat "$lim")" = $((96 << 20)) ]
	grep -Eq '^Max open files +40 +40 ' "/proc/$(init_pid "$J")/limits"
	# The rules in effect are saved for brig rctl.
	rules=$BRIG_RUNDIR/jails/$J/rctl
	grep -qx "jail:$J:maxproc:deny=20" "$rules"
	grep -qx "jail:$J:maxproc:deny=32" "$rules"
	grep -qx "jail:$J:memoryuse:deny=100663296" "$rules"
	"$BRIG" stop "$J"
	[ ! -e "$rules" ]
	[ -z "$(jail_cgroups)" ]
}

# Nothing of jail $J on the host: no cgroup, no journal.
nothing_left() {
	[ -z "$(jail_cgroups)" ] &&
	    [ ! -e "$BRIG_RUNDIR/jails/$J/journal" ] &&
	    [ ! -e "$BRIG_RUNDIR/jails/$J/rctl" ]
}

@test "a bad brig.rctl value is an error at file:line:col, at check and at start, which leaves nothing" {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
persist;
$J {
	brig.rctl = "maxproc:deny=32", "memoryuse:deny=lots",
	    "wallclock:sigterm=60", "jail:x:nthr:deny=1";
}
CONF
	local c=$BRIG_CONF
	run "$BRIG" check -q
	[ "$status" -eq 1 ]
	output_is "$c:4:49: jail $J: brig.rctl: amount \"lots\" is not a number (expected digits and an optional K, M, G, T, P or E suffix)
$c:5:6: jail $J: brig.rctl: wallclock cannot be enforced on Linux (Linux has no wall-clock limit)
$c:5:30: jail $J: brig.rctl: \"jail:x:nthr:deny=1\": write the rule without its subject (resource:action=amount[/per]); jail:$J: is implied"
	run "$BRIG" start "$J"
	[ "$status" -eq 1 ]
	[[ "$output" == *"$c:4:49: jail $J: brig.rctl: amount \"lots\" is not a number"* ]]
	[[ "${lines[-1]}" == "brig: $c has errors; see brig check" ]]
	nothing_left
}

@test "a rule of rctl.conf that Linux cannot enforce stops the jail's start, naming it" {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
persist;
$J { }
CONF
	printf 'jail:%s:maxproc:deny=10\njail:%s:msgqqueued:deny=5\n' "$J" \
	    "$J" >"$BRIG_RCTL_CONF"
	run "$BRIG" check -q --rctl "$BRIG_RCTL_CONF"
	[ "$status" -eq 1 ]
	output_is "$BRIG_RCTL_CONF:2:1: msgqqueued cannot be enforced on Linux (Linux has no limit on queued System V messages)"
	run "$BRIG" start "$J"
	[ "$status" -eq 1 ]
	output_is "brig: jail $J: rctl: $BRIG_RCTL_CONF:2:1: msgqqueued cannot be enforced on Linux (Linux has no limit on queued System V messages)"
	nothing_left
}

@test "readbps:throttle=1M slows the jail's direct reads of its disk" {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
mount.devfs;
persist;
$J { brig.rctl = "readbps:throttle=1M"; }
CONF
	run "$BRIG" start -v "$J"
	if [ "$status" -ne 0 ] && [[ "$output" == *"no block device"* ]]; then
		skip "the test's directory has no block device: $output"
	fi
	[ "$status" -eq 0 ]
	dev=$(sed -n 's/.* on \([0-9]*:[0-9]*\)\(,.*\)\{0,1\}$/\1/p' <<<"$output")
	[ -n "$dev" ]
	# The whole disk of the filesystem holding the root.
	[ ! -e "/sys/dev/block/$dev/partition" ]
	if f=$(cg_file "$J" blkio.throttle.read_bps_device 2>/dev/null); then
		grep -qx "$dev 1048576" "$f"
	else
		grep -q "^$dev rbps=1048576 " "$(cg_file "$J" io.max)"
	fi
	dd if=/dev/urandom of="$ROOT/data" bs=1M count=3 2>/dev/null
	sync
	t0=$(date +%s%N)
	run "$BRIG" exec "$J" dd if=/data of=/dev/null bs=64k iflag=direct
	t1=$(date +%s%N)
	[ "$status" -eq 0 ]
	ms=$(( (t1 - t0) / 1000000 ))
	echo "3 MiB at 1 MiB/s: $ms ms" >&2
	[ "$ms" -ge 2000 ]
}

# --- the writers and cgroup_extend(), through tests/cgroup/driver.c -------

CG=$BATS_FILE_TMPDIR/cgdriver

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	"$BRIG_TOP/tests/cgroup/build.sh" "$BATS_FILE_TMPDIR" || true
}

# The v1 memory hierarchy, when memory is not in the v2 one; or skip.
v1_memory() {
	local v2
	[ -x "$CG" ] || skip "tests/cgroup/build.sh failed"
	MEM=$(v1_mount memory)
	[ -n "$MEM" ] || skip "no v1 memory hierarchy"
	v2=$(v2_mount)
	[ -z "$v2" ] || [[ " $(cat "$v2/cgroup.controllers") " != *" memory "* ]] ||
	    skip "memory is in the v2 hierarchy"
}

@test "v1: memory and memsw are raised and lowered in the order the kernel takes" {
	v1_memory
	[ -e "$MEM/memory.memsw.limit_in_bytes" ] || skip "no swap accounting"
	CGDRIVER_V1_ALL=1 "$CG" create "$J"
	d=$MEM/brig/$J
	"$CG" limit "$J" memory=67108864 swap=33554432
	[ "$(cat "$d/memory.limit_in_bytes")" = 67108864 ]
	[ "$(cat "$d/memory.memsw.limit_in_bytes")" = 100663296 ]
	# Memory above the current memsw limit: memsw goes first.
	"$CG" limit "$J" memory=268435456 swap=33554432
	[ "$(cat "$d/memory.limit_in_bytes")" = 268435456 ]
	[ "$(cat "$d/memory.memsw.limit_in_bytes")" = 301989888 ]
	# Both below the old ones: memory goes first.
	"$CG" limit "$J" memory=16777216 swap=1048576
	[ "$(cat "$d/memory.limit_in_bytes")" = 16777216 ]
	[ "$(cat "$d/memory.memsw.limit_in_bytes")" = 17825792 ]
	# No rule any more: no limit.
	"$CG" limit "$J"
	[ "$(cat "$d/memory.limit_in_bytes")" -gt $((1 << 62)) ]
	[ "$(cat "$d/memory.memsw.limit_in_bytes")" -gt $((1 << 62)) ]
	# v1 cannot limit swap alone.
	run "$CG" limit "$J" swap=1048576
	[ "$status" -eq 1 ]
	output_is "cgdriver: limit swap in $d: cgroup v1 limits memory and swap together; swapuse needs a memoryuse rule too"
	"$CG" destroy "$J"
}

cg_npids_at_least() {
	[ "$("$CG" pids "$J" | wc -l)" -ge "$1" ]
}

in_memory_cgroup() {
	local p
	for p in $("$CG" pids "$J"); do
		[ -e "/proc/$p" ] || continue
		grep -Eq "^[0-9]+:([^:]*,)?memory(,[^:]*)?:/brig/$J\$" \
		    "/proc/$p/cgroup" || return 1
	done
}

@test "cgroup_extend joins a running cgroup, forking processes and all, to a v1 hierarchy" {
	v1_memory
	CGDRIVER_V1_ALL=0 "$CG" create "$J"
	[ ! -e "$MEM/brig/$J" ]
	( "$CG" attach "$J" "$BASHPID" &&
	    exec sh -c 'while :; do sleep 1000 & sleep 0.05; done' ) \
	    </dev/null >/dev/null 2>&1 3>&- &
	echo $! >>"$BATS_TEST_TMPDIR/bg"
	retry 50 0.1 cg_npids_at_least 5
	"$CG" extend "$J" memory
	[ -d "$MEM/brig/$J" ]
	in_memory_cgroup
	# Its children, born after, are there too; the limit holds.
	sleep 0.3
	in_memory_cgroup
	"$CG" limit "$J" memory=33554432
	[ "$(cat "$MEM/brig/$J/memory.limit_in_bytes")" = 33554432 ]
	# Twice is nothing new.
	"$CG" extend "$J" memory
	run "$CG" describe "$J"
	[ "$(grep -o "memory:" <<<"$output" | wc -l)" -eq 1 ]
	"$CG" signal "$J" KILL
	"$CG" destroy "$J"
}
