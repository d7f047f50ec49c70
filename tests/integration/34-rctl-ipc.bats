#!/usr/bin/env bats
# rctl's System V IPC resources and pseudoterminals on the real kernel
# (src/rctl/ipcns.c, src/ns/devfs.c, src/jail/rctl.c, rctl_live.c): the
# sysctls of each jail's own IPC namespace and the max= of its own
# devpts, at start and live, seen and hit from inside the jail by
# tests/rctl/ipcprobe.c (static: busybox roots have no libc).  The
# host's /proc/sys/kernel values are read before each test and must not
# move.  Teardown stops the jails; the objects the probe makes die with
# their namespace.

load helpers

setup_file() {
	command -v cc >/dev/null || return 0
	cc -static -O2 -std=c17 -D_GNU_SOURCE -Wall -Werror \
	    -o "$BATS_FILE_TMPDIR/ipcprobe" \
	    "$BATS_TEST_DIRNAME/../rctl/ipcprobe.c"
}

setup() {
	requires root cmd:busybox cmd:cc cmd:unshare
	brig_setup
	ROOT=$BATS_TEST_TMPDIR/root
	make_rootfs "$ROOT"
	cp "$BATS_FILE_TMPDIR/ipcprobe" "$ROOT/bin/ipcprobe"
	J=ri${BATS_TEST_NUMBER}x$$
	K=rk${BATS_TEST_NUMBER}x$$
	conf <<-CONF
	path = "$ROOT";
	mount.devfs;
	persist;
	exec.start = "sleep 100000 &";
	$J { }
	$K { }
	CONF
	: >"$BRIG_RCTL_CONF"
	HOST_BEFORE=$(host_ipc)
}

teardown() {
	stop_all_jails
}

IPC_FILES="shmmni shmall msgmnb msgmni sem"

# The host's IPC sysctls and pty maximum, one "name value" a line.
host_ipc() {
	local f
	for f in $IPC_FILES pty/max; do
		printf '%s %s\n' "$f" "$(tr '\t' ' ' </proc/sys/kernel/"$f")"
	done
}

# The same sysctls in a fresh IPC namespace: the kernel's defaults.
fresh_ipc() {
	local f
	for f in $IPC_FILES; do
		printf '%s %s\n' "$f" "$(unshare -i cat /proc/sys/kernel/"$f" |
		    tr '\t' ' ')"
	done
}

# The same sysctls as jail $1 sees them.
jail_ipc() {
	local f
	for f in $IPC_FILES; do
		printf '%s %s\n' "$f" "$("$BRIG" exec "$1" cat \
		    /proc/sys/kernel/"$f" | tr '\t' ' ')"
	done
}

host_unchanged() {
	local now
	now=$(host_ipc)
	[ "$now" = "$HOST_BEFORE" ] || {
		printf 'host before:\n%s\nhost now:\n%s\n' "$HOST_BEFORE" \
		    "$now" >&2
		return 1
	}
}

# probe_is JAIL VERB [N]: ipcprobe's answer in jail JAIL must be $want.
probe_is() {
	run "$BRIG" exec "$1" ipcprobe "${@:2}"
	[ "$status" -eq 0 ]
	output_is "$want"
}

# The options of jail $1's /dev/pts, as its mountinfo shows them.
pts_opts() {
	"$BRIG" exec "$1" cat /proc/self/mountinfo |
	    awk '$5 == "/dev/pts" { print $NF }'
}

init_pid() {
	"$BRIG" status "$1" | brig_status_pid "$1"
}

@test "nshm:deny=3: the jail sees kernel.shmmni 3 and gets no fourth segment; the host and another jail keep 4096" {
	echo "jail:$J:nshm:deny=3" >"$BRIG_RCTL_CONF"
	"$BRIG" start "$J" "$K"
	run "$BRIG" exec "$J" cat /proc/sys/kernel/shmmni
	output_is 3
	want="3 ENOSPC" probe_is "$J" shm 4
	# Removed by the probe: three again.
	want="3 ok" probe_is "$J" shm 3
	run "$BRIG" exec "$K" cat /proc/sys/kernel/shmmni
	output_is "$(unshare -i cat /proc/sys/kernel/shmmni)"
	want="5 ok" probe_is "$K" shm 5
	# The jail cannot raise it: its /proc/sys is read-only.
	run "$BRIG" exec "$J" /bin/sh -c \
	    'echo 100 >/proc/sys/kernel/shmmni'
	[ "$status" -ne 0 ]
	run "$BRIG" exec "$J" cat /proc/sys/kernel/shmmni
	output_is 3
	host_unchanged
}

@test "nsem, nsemop, msgqsize, nmsgq, shmsize from brig.rctl: seen inside and enforced" {
	conf <<-CONF
	path = "$ROOT";
	mount.devfs;
	persist;
	exec.start = "sleep 100000 &";
	$J {
		brig.rctl = "nsem:deny=5", "nsemop:deny=4", "msgqsize:deny=100",
		    "nmsgq:deny=2", "shmsize:deny=40K";
	}
	CONF
	run "$BRIG" check
	[ "$status" -eq 0 ]
	"$BRIG" start "$J"
	page=$(getconf PAGESIZE)
	fresh_sem=$(unshare -i cat /proc/sys/kernel/sem | tr '\t' ' ')
	read -r semmsl _ _ semmni <<<"$fresh_sem"
	run "$BRIG" exec "$J" cat /proc/sys/kernel/sem
	output_is "$(printf '%s\t5\t4\t%s' "$semmsl" "$semmni")"
	run "$BRIG" exec "$J" cat /proc/sys/kernel/msgmnb
	output_is 100
	run "$BRIG" exec "$J" cat /proc/sys/kernel/msgmni
	output_is 2
	run "$BRIG" exec "$J" cat /proc/sys/kernel/shmall
	output_is $((40960 / page))
	want="0 ENOSPC" probe_is "$J" sem 6
	want="5 ok" probe_is "$J" sem 5
	want="0 E2BIG" probe_is "$J" semop 5
	want="4 ok" probe_is "$J" semop 4
	want="100" probe_is "$J" msgqbytes
	want="2 ENOSPC" probe_is "$J" msgq 3
	want="1 ok" probe_is "$J" shmsize 40960
	want="0 ENOSPC" probe_is "$J" shmsize $((40960 + page))
	host_unchanged
}

@test "pseudoterminals:deny=2: a third pty fails inside the jail" {
	echo "jail:$J:pseudoterminals:deny=2" >"$BRIG_RCTL_CONF"
	"$BRIG" start "$J"
	[[ "$(pts_opts "$J")" == *",max=2" ]]
	want="2 ENOSPC" probe_is "$J" pty 3
	# Closed with the probe: two again.
	want="2 ok" probe_is "$J" pty 2
	host_unchanged
}

@test "rules added live hold at once; removed, the kernel's defaults come back" {
	"$BRIG" start "$J"
	pid=$(init_pid "$J")
	want="5 ok" probe_is "$J" pty 5
	"$BRIG" rctl -a "jail:$J:nshm:deny=2" "jail:$J:pseudoterminals:deny=1" \
	    "jail:$J:nsemop:deny=3" "jail:$J:msgqsize:deny=1K"
	run "$BRIG" exec "$J" cat /proc/sys/kernel/shmmni
	output_is 2
	want="2 ENOSPC" probe_is "$J" shm 3
	want="1 ENOSPC" probe_is "$J" pty 2
	want="0 E2BIG" probe_is "$J" semop 4
	want="1024" probe_is "$J" msgqbytes
	[[ "$(pts_opts "$J")" == *",max=1" ]]
	# Replaced, as a deny rule is: the new amount holds.
	"$BRIG" rctl -a "jail:$J:nshm:deny=4"
	want="4 ENOSPC" probe_is "$J" shm 5
	# Removed: the values of a fresh namespace, and no max= on /dev/pts.
	"$BRIG" rctl -r "jail:$J"
	run "$BRIG" rctl "jail:$J"
	output_is ""
	[ "$(jail_ipc "$J")" = "$(fresh_ipc)" ]
	[[ "$(pts_opts "$J")" != *max=* ]]
	want="3 ok" probe_is "$J" pty 3
	want="16384" probe_is "$J" msgqbytes
	# The same jail all along, and the host as it was.
	[ "$(init_pid "$J")" = "$pid" ]
	host_unchanged
}

@test "what rctl -a cannot do to IPC and ptys: refused, the jail as it was" {
	"$BRIG" start "$J"
	"$BRIG" rctl -a "jail:$J:nshm:deny=3"
	run "$BRIG" rctl -a "jail:$J:nshm:log=2"
	[ "$status" -eq 1 ]
	[[ "$output" == *"nshm:log cannot be enforced on Linux: the kernel keeps no count of nshm crossings to report"* ]]
	run "$BRIG" rctl -a "jail:$J:nsem:sigterm=2"
	[ "$status" -eq 1 ]
	[[ "$output" == *"nsem:sigterm cannot be enforced on Linux"*"; use deny"* ]]
	run "$BRIG" rctl -a "jail:$J:shmsize:throttle=1M"
	[ "$status" -eq 1 ]
	run "$BRIG" rctl "jail:$J"
	output_is "jail:$J:nshm:deny=3"
	run "$BRIG" exec "$J" cat /proc/sys/kernel/shmmni
	output_is 3
	host_unchanged
}

@test "pseudoterminals without a /dev/pts of the jail's own: an error at check, at start, and live" {
	conf <<-CONF
	path = "$ROOT";
	persist;
	exec.start = "sleep 100000 &";
	$J { }
	$K { mount.devfs; devfs_ruleset = 2; }
	CONF
	printf 'jail:%s:pseudoterminals:deny=2\njail:%s:pseudoterminals:deny=2\n' \
	    "$J" "$K" >"$BRIG_RCTL_CONF"
	# brig check knows it from the configuration already.
	run "$BRIG" check
	[ "$status" -eq 1 ]
	[ "${lines[1]}" = "$BRIG_RCTL_CONF:1:1: pseudoterminals cannot be enforced: jail $J has no /dev/pts of its own, whose max= would limit its ptys (set mount.devfs)" ]
	[ "${lines[2]}" = "$BRIG_RCTL_CONF:2:1: pseudoterminals cannot be enforced: devfs_ruleset 2 gives jail $K no /dev/pts of its own, whose max= would limit its ptys (rulesets 3, 4 and 5 do)" ]
	run "$BRIG" start "$J"
	[ "$status" -eq 1 ]
	output_is "brig: jail $J: rctl: $BRIG_RCTL_CONF:1:1: pseudoterminals cannot be enforced: jail $J has no /dev/pts of its own, whose max= would limit its ptys (set mount.devfs)"
	run "$BRIG" start "$K"
	[ "$status" -eq 1 ]
	output_is "brig: jail $K: rctl: $BRIG_RCTL_CONF:2:1: pseudoterminals cannot be enforced: devfs_ruleset 2 gives jail $K no /dev/pts of its own, whose max= would limit its ptys (rulesets 3, 4 and 5 do)"
	[ ! -e "$BRIG_RUNDIR/jails/$J/journal" ]
	# Running without it: rctl -a refuses the rule, and the jail's
	# other rules hold.
	: >"$BRIG_RCTL_CONF"
	"$BRIG" start "$J"
	"$BRIG" rctl -a "jail:$J:nshm:deny=3"
	run "$BRIG" rctl -a "jail:$J:pseudoterminals:deny=2"
	[ "$status" -eq 1 ]
	output_is "brig: rctl: jail:$J:pseudoterminals:deny=2: jail $J: pseudoterminals cannot be enforced: the jail has no /dev/pts of its own, whose max= would limit its ptys (mount.devfs, with devfs_ruleset 3, 4 or 5)"
	run "$BRIG" rctl "jail:$J"
	output_is "jail:$J:nshm:deny=3"
	run "$BRIG" exec "$J" cat /proc/sys/kernel/shmmni
	output_is 3
	host_unchanged
}
