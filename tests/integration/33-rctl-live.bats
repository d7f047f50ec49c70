#!/usr/bin/env bats
# brig rctl, and rctl(8) by its own name (src/cli/rctl.c, src/rctl/
# rules.c, src/jail/rctl_live.c): the rules in effect for running jails,
# listed and filtered as FreeBSD's rctl lists them; a rule added to a
# running jail limits it at once, without a restart (a memory rule moves
# the jail into the v1 memory hierarchy it was not in); removed, its
# limit goes; bad rules change nothing; -u's figures move as the jail
# works.  Real jails (busybox roots) in real cgroups; teardown stops them,
# and the test checks no cgroup of theirs is left.

load helpers

setup() {
	requires root cmd:busybox
	brig_setup
	make_rootfs "$BATS_TEST_TMPDIR/root"
	J=ra$BATS_TEST_NUMBER$$
	K=rb$BATS_TEST_NUMBER$$
	conf <<-CONF
	path = "$BATS_TEST_TMPDIR/root";
	mount.devfs;
	persist;
	exec.start = "sleep 100000 &";
	$J { }
	$K { }
	CONF
	: >"$BRIG_RCTL_CONF"
	RCTL=$BRIG_TOP/build/rctl
}

teardown() {
	stop_all_jails
}

# The file $2 of jail $1's cgroup, in whichever hierarchy has it.
cgfile() {
	find /sys/fs/cgroup -maxdepth 5 -path "*/brig/$1/$2" 2>/dev/null |
	    head -n 1
}

# PID 1 of jail $1 on the host.
init_pid() {
	"$BRIG" status "$1" | brig_status_pid "$1"
}

no_jail_cgroups() {
	local left
	left=$(find /sys/fs/cgroup -maxdepth 4 -type d \
	    \( -path "*/brig/$J" -o -path "*/brig/$K" \))
	[ -z "$left" ] || { echo "left: $left" >&2; return 1; }
}

@test "the rules in effect: listed, filtered, humanized; gone with the jail" {
	cat >"$BRIG_RCTL_CONF" <<-EOF
	jail:$J:memoryuse:deny=64M
	jail:$J:maxproc:deny=64
	jail:$K:openfiles:deny=200/process
	EOF
	"$BRIG" start "$J" "$K"
	run "$BRIG" rctl
	[ "$status" -eq 0 ]
	output_is "jail:$J:memoryuse:deny=67108864
jail:$J:maxproc:deny=64
jail:$K:openfiles:deny=200/process"
	run "$BRIG" rctl -h "j:$J"
	output_is "jail:$J:memoryuse:deny=64M
jail:$J:maxproc:deny=64"
	run "$BRIG" rctl ::maxproc
	output_is "jail:$J:maxproc:deny=64"
	run "$BRIG" rctl "jail:$K" user:
	output_is "jail:$K:openfiles:deny=200/process"
	# rctl(8) by its name
	run "$RCTL" "jail:$J:memoryuse"
	output_is "jail:$J:memoryuse:deny=67108864"
	"$BRIG" stop "$J"
	run "$BRIG" rctl
	output_is "jail:$K:openfiles:deny=200/process"
	[ ! -e "$BRIG_RUNDIR/jails/$J/rctl" ]
}

@test "a rule added to a running jail holds at once; removed, its limit goes" {
	"$BRIG" start "$J"
	pid=$(init_pid "$J")
	run "$BRIG" rctl -a "jail:$J:maxproc:deny=20"
	[ "$status" -eq 0 ]
	output_is ""
	[ "$(cat "$(cgfile "$J" pids.max)")" = 20 ]
	# 30 more processes asked for: the jail holds 20 tasks in all, and
	# the kernel counts the forks it refused.
	"$BRIG" exec "$J" /bin/sh -c \
	    'for i in $(seq 30); do sleep 1000 </dev/null >/dev/null 2>&1 & done' \
	    </dev/null >/dev/null 2>&1 || true
	# (the shell that forked them has ended: 19)
	n=$(cat "$(cgfile "$J" pids.current)")
	[ "$n" -ge 18 ] && [ "$n" -le 20 ]
	[ "$(awk '$1 == "max" { print $2 }' "$(cgfile "$J" pids.events)")" -gt 0 ]
	"$BRIG" exec "$J" /bin/sh -c 'kill $(pidof sleep) 2>/dev/null; true' || true
	sleep 0.3
	# Replaced, as the kernel replaces a deny rule: one rule, 30.
	"$BRIG" rctl -a "jail:$J:maxproc:deny=30"
	run "$BRIG" rctl "jail:$J"
	output_is "jail:$J:maxproc:deny=30"
	[ "$(cat "$(cgfile "$J" pids.max)")" = 30 ]
	# Removed: back to no limit.
	"$BRIG" rctl -r "jail:$J:maxproc"
	run "$BRIG" rctl "jail:$J"
	output_is ""
	[ "$(cat "$(cgfile "$J" pids.max)")" = max ]
	# The same jail all along.
	[ "$(init_pid "$J")" = "$pid" ]
}

@test "a memory rule added live moves the jail into the memory hierarchy it was not in" {
	mem=$(v1_mount memory)
	[ -n "$mem" ] || skip "no v1 memory hierarchy: memory is in v2"
	"$BRIG" start "$J"
	"$BRIG" exec "$J" sleep 1000 </dev/null >/dev/null 2>&1 &
	sleep 0.3
	[ ! -e "$mem/brig/$J" ]
	"$BRIG" rctl -a "jail:$J:memoryuse:deny=64M"
	[ "$(cat "$mem/brig/$J/memory.limit_in_bytes")" = 67108864 ]
	# Every process of the jail, the one brig exec made included.
	pids=$(find /sys/fs/cgroup -maxdepth 4 -path "*/brig/$J/cgroup.procs" \
	    ! -path "$mem/*" | head -n 1)
	[ "$(sort -n "$mem/brig/$J/cgroup.procs")" = "$(sort -n "$pids")" ]
	[ "$(wc -l <"$mem/brig/$J/cgroup.procs")" -ge 2 ]
	"$BRIG" rctl -r "jail:$J"
	[ "$(cat "$mem/brig/$J/memory.limit_in_bytes")" -gt 67108864 ]
	"$BRIG" stop "$J"
	no_jail_cgroups
}

@test "openfiles added live: every process of the jail, and the next one entered" {
	"$BRIG" start "$J"
	pid=$(init_pid "$J")
	"$BRIG" rctl -a "jail:$J:openfiles:deny=30/process"
	grep -q '^Max open files *30 *30 ' "/proc/$pid/limits"
	run "$BRIG" exec "$J" /bin/sh -c 'ulimit -n'
	output_is 30
}

@test "bad rules: a clear error, and the jail and its rules as they were" {
	"$BRIG" start "$J"
	"$BRIG" rctl -a "jail:$J:maxproc:deny=40"
	before=$(cat "$BRIG_RUNDIR/jails/$J/rctl")
	run "$BRIG" rctl -a "jail:$J:memuse:deny=1G"
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "brig: rctl: rule \"jail:$J:memuse:deny=1G\", column "*": unknown resource \"memuse\""* ]]
	run "$BRIG" rctl -a "jail:$J:maxproc:deny=lots"
	[ "$status" -eq 1 ]
	run "$BRIG" rctl -a "jail:$J:maxproc:deny=-5"
	[ "$status" -eq 1 ]
	run "$BRIG" rctl -a "user:root:maxproc:deny=5"
	[ "$status" -eq 1 ]
	[[ "$output" == *"jail rules only"* ]]
	run "$BRIG" rctl -a "jail:$J:wallclock:deny=1h"
	[ "$status" -eq 1 ]
	[[ "$output" == *"wallclock"* ]]
	run "$BRIG" rctl -a "jail:nosuch$$:maxproc:deny=5"
	[ "$status" -eq 1 ]
	output_is "brig: rctl: jail:nosuch$$:maxproc:deny=5: jail nosuch$$ is not running (a rule that lasts goes in rctl.conf or the jail's brig.rctl)"
	run "$BRIG" rctl "jail"
	[ "$status" -eq 1 ]
	run "$BRIG" rctl -l "jail:$J"
	[ "$status" -eq 1 ]
	run "$BRIG" rctl -a -r "jail:$J"
	[ "$status" -eq 2 ]
	run "$BRIG" rctl -a
	[ "$status" -eq 2 ]
	# One good, one bad: the good one is done, the status says 1.
	run "$BRIG" rctl -a "jail:$J:openfiles:deny=50/process" "jail:$J:x:deny=1"
	[ "$status" -eq 1 ]
	[ "$(cat "$BRIG_RUNDIR/jails/$J/rctl")" = "$before
jail:$J:openfiles:deny=50/process" ]
	[ "$(cat "$(cgfile "$J" pids.max)")" = 40 ]
}

@test "rctl -u: the figures move as the jail works" {
	"$BRIG" start "$J"
	run "$BRIG" rctl -u "jail:$J"
	[ "$status" -eq 0 ]
	echo "$output"
	[[ "$output" == *"memoryuse="* ]]
	[[ "$output" == *"maxproc="* ]]
	[[ "$output" == *"wallclock="* ]]
	procs0=$(sed -n 's/^maxproc=//p' <<<"$output")
	cpu0=$(sed -n 's/^cputime=//p' <<<"$output")
	"$BRIG" exec "$J" /bin/sh -c 'while :; do :; done' </dev/null \
	    >/dev/null 2>&1 &
	"$BRIG" exec "$J" sleep 1000 </dev/null >/dev/null 2>&1 &
	sleep 2
	run "$BRIG" rctl -u "jail:$J"
	echo "$output"
	procs1=$(sed -n 's/^maxproc=//p' <<<"$output")
	cpu1=$(sed -n 's/^cputime=//p' <<<"$output")
	pcpu=$(sed -n 's/^pcpu=//p' <<<"$output")
	[ "$procs1" -ge $((procs0 + 2)) ]
	[ "$cpu1" -ge $((cpu0 + 1)) ]
	[ "$pcpu" -ge 50 ]
	run "$BRIG" rctl -uh "jail:$J"
	[[ "$output" =~ memoryuse=[0-9.]+[KMG]? ]]
	run "$BRIG" rctl -u "jail:"
	[ "$status" -eq 1 ]
	run "$BRIG" rctl -u "jail:$K"
	[ "$status" -eq 1 ]
	output_is "brig: rctl: -u jail:$K: jail $K is not running"
}
