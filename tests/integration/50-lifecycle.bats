#!/usr/bin/env bats
# The jail runtime: start, stop, restart, status, jls, jexec, with
# FreeBSD's lifecycle, on real namespaces and cgroups.  Every jail is
# made from busybox-static in the test's own directory.

load helpers

setup() {
	requires root cmd:busybox
	brig_setup
	ROOT=$BATS_TEST_TMPDIR/root
	LOG=$BATS_TEST_TMPDIR/hooks.log
	make_rootfs "$ROOT"
	J=bt$BATS_TEST_NUMBER$$
}

teardown() {
	stop_all_jails
}

# A persistent jail named $J on $ROOT, plus extra parameters.
jail_conf() {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
mount.devfs;
exec.consolelog = "$BATS_TEST_TMPDIR/console.log";
$J {
	host.hostname = "$J.lan";
	$*
}
CONF
}

@test "start, jls, exec, stop: a real isolated jail, nothing left behind" {
	before=$(host_snapshot)
	jail_conf "persist;"
	run "$BRIG" start "$J"
	[ "$status" -eq 0 ]
	output_is "$J: created"
	run "$BRIG" exec "$J" cat /proc/1/cmdline
	[ "$status" -eq 0 ]
	[[ "$output" == brig-init* ]]
	run "$BRIG" exec "$J" hostname
	output_is "$J.lan"
	[ "$(hostname)" != "$J.lan" ]
	# the jail sees its own processes only: init and ps itself
	run "$BRIG" exec "$J" ps -o pid,comm
	[ "${#lines[@]}" -eq 3 ]
	run "$BRIG" ls
	[ "${lines[0]}" = "   JID  IP Address      Hostname                      Path" ]
	[[ "${lines[1]}" =~ ^\ +[0-9]+\ \ -\ +$J\.lan\ +$ROOT$ ]]
	run "$BRIG" stop "$J"
	[ "$status" -eq 0 ]
	output_is "$J: removed"
	[ "$(host_snapshot)" = "$before" ]
}

@test "every exec.* hook runs at its FreeBSD place, in its FreeBSD context" {
	jail_conf "persist;
	exec.prepare = \"echo prepare >>$LOG\";
	exec.prestart = \"echo prestart >>$LOG\";
	exec.created = \"echo created >>$LOG\";
	exec.start = \"echo start-in-jail \$(hostname) >>/tmp/log\";
	exec.poststart = \"echo poststart >>$LOG\";
	exec.prestop = \"echo prestop >>$LOG\";
	exec.stop = \"echo stop-in-jail >>/tmp/log\";
	exec.poststop = \"echo poststop >>$LOG\";
	exec.release = \"echo release >>$LOG\";"
	"$BRIG" start "$J"
	"$BRIG" stop "$J"
	run cat "$LOG"
	output_is $'prepare\nprestart\ncreated\npoststart\nprestop\npoststop\nrelease'
	run cat "$ROOT/tmp/log"
	output_is $'start-in-jail '"$J"$'.lan\nstop-in-jail'
}

@test "-n prints the plan and does nothing" {
	jail_conf "persist; exec.prestart = \"touch $BATS_TEST_TMPDIR/made\";"
	run "$BRIG" start -n "$J"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "jail $J: cgroup"*"create brig/$J" ]]
	[[ "$output" == *"exec.prestart   touch $BATS_TEST_TMPDIR/made"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/made" ]
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*stopped* ]]
}

@test "a failing exec.prestart undoes everything: mounts, cgroups, state" {
	before=$(host_snapshot)
	jail_conf "persist; exec.prestart = \"false\";
	exec.poststop = \"echo poststop >>$LOG\";"
	run "$BRIG" start "$J"
	[ "$status" -eq 1 ]
	[[ "$output" == *"jail $J: exec.prestart: \"false\" exited 1"* ]]
	[ "$(host_snapshot)" = "$before" ]
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*stopped* ]]
}

@test "a failing exec.start removes the jail and runs exec.poststop" {
	before=$(host_snapshot)
	jail_conf "persist; exec.prestart = \"echo prestart >>$LOG\";
	exec.start = \"exit 3\"; exec.poststop = \"echo poststop >>$LOG\";"
	run "$BRIG" start "$J"
	[ "$status" -eq 1 ]
	[[ "$output" == *"exec.start: \"exit 3\" exited 3"* ]]
	run cat "$LOG"
	output_is $'prestart\npoststop'
	[ "$(host_snapshot)" = "$before" ]
}

@test "without persist the jail ends with its last process" {
	jail_conf "exec.start = \"sleep 1 &\";"
	"$BRIG" start "$J"
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*running* ]]
	retry 30 0.2 bash -c "'$BRIG' status '$J' | grep -q stale"
	# the next command on it releases what is left
	run "$BRIG" stop "$J"
	[ "$status" -eq 0 ]
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*stopped* ]]
}

@test "with persist the jail stays without processes" {
	jail_conf "persist;"
	"$BRIG" start "$J"
	sleep 0.5
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*running* ]]
}

@test "stop.timeout: SIGTERM, then SIGKILL for a process that ignores it" {
	jail_conf "persist; stop.timeout = 1;
	exec.start = \"sh -c 'trap \\\"\\\" TERM; while :; do sleep 1; done' >/dev/null 2>&1 &\";"
	"$BRIG" start "$J"
	start=$(date +%s%N)
	run "$BRIG" stop "$J"
	[ "$status" -eq 0 ]
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$ms" -ge 900 ]
	[ "$ms" -lt 8000 ]
}

@test "depend: dependencies start first and stop last" {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
persist;
exec.poststart = "echo up \$name >>$LOG";
exec.poststop = "echo down \$name >>$LOG";
${J}web { depend = ${J}db; }
${J}db { depend = ${J}disk; }
${J}disk {}
CONF
	"$BRIG" start "${J}web"
	"$BRIG" stop -a
	run cat "$LOG"
	output_is "up ${J}disk"$'\n'"up ${J}db"$'\n'"up ${J}web"$'\n'"down ${J}web"$'\n'"down ${J}db"$'\n'"down ${J}disk"
}

@test "restart leaves other jails' processes untouched" {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
persist;
${J}a {}
${J}b {}
CONF
	"$BRIG" start -a
	pid_b=$("$BRIG" status "${J}b" | awk 'NR==2 {print $4}')
	pid_a=$("$BRIG" status "${J}a" | awk 'NR==2 {print $4}')
	"$BRIG" restart "${J}a"
	[ "$("$BRIG" status "${J}b" | awk 'NR==2 {print $4}')" = "$pid_b" ]
	[ "$("$BRIG" status "${J}a" | awk 'NR==2 {print $4}')" != "$pid_a" ]
}

@test "parallel start of 20 jails: distinct JIDs, all running" {
	{
		echo "path = \"$ROOT\"; persist;"
		for i in $(seq 1 20); do echo "${J}p$i {}"; done
	} >"$BRIG_CONF"
	for i in $(seq 1 20); do "$BRIG" start "${J}p$i" >/dev/null & done
	wait
	run "$BRIG" ls -h jid
	[ "${#lines[@]}" -eq 21 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | sort -n | uniq | wc -l)" -eq 20 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | sort -n | head -1)" -eq 1 ]
}

@test "brig killed during start: the journal shows a stale jail, the next command cleans it" {
	before=$(host_snapshot)
	jail_conf "persist; exec.prestart = \"sleep 3\";"
	"$BRIG" start "$J" &
	pid=$!
	retry 50 0.1 test -e "$BRIG_RUNDIR/jails/$J/journal"
	retry 50 0.1 grep -q "step exec.prestart" "$BRIG_RUNDIR/jails/$J/journal"
	kill -9 "$pid"
	wait "$pid" || true
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*stale* ]]
	jail_conf "persist;"
	run "$BRIG" start "$J"
	[ "$status" -eq 0 ]
	"$BRIG" stop "$J"
	[ "$(host_snapshot)" = "$before" ]
}

@test "jls formats: -N, -n, -s, -h, -q, -j, --json" {
	jail_conf "persist;"
	"$BRIG" start "$J"
	run "$BRIG" ls -N
	[[ "${lines[1]}" =~ ^\ *$J\ \ - ]]
	run "$BRIG" ls -n -j "$J"
	[[ "$output" == "jid="*" name=$J path=$ROOT host.hostname=$J.lan persist vnet=inherit" ]]
	run "$BRIG" ls -h -j "$J" name host.hostname
	output_is "name host.hostname"$'\n'"$J $J.lan"
	run "$BRIG" ls -j nosuchjail
	[ "$status" -eq 1 ]
	run bash -c "'$BRIG' ls --json | python3 -m json.tool"
	[ "$status" -eq 0 ]
	ln -s "$BRIG" "$BATS_TEST_TMPDIR/jls"
	run "$BATS_TEST_TMPDIR/jls" -N
	[[ "${lines[1]}" =~ ^\ *$J ]]
}

@test "jexec: a clean environment with -l, a jail user with -U" {
	jail_conf "persist;"
	"$BRIG" start "$J"
	ln -s "$BRIG" "$BATS_TEST_TMPDIR/jexec"
	run env FOO=bar "$BATS_TEST_TMPDIR/jexec" -l "$J" env
	[ "$status" -eq 0 ]
	[[ "$output" != *FOO=bar* ]]
	[[ "$output" == *USER=root* ]]
	run env FOO=bar "$BATS_TEST_TMPDIR/jexec" "$J" env
	[[ "$output" == *FOO=bar* ]]
	run "$BATS_TEST_TMPDIR/jexec" -U nobody "$J" id -u
	output_is 65534
	run "$BATS_TEST_TMPDIR/jexec" "$J" sh -c 'exit 7'
	[ "$status" -eq 7 ]
}

@test "isolation: no mounts, no raw sockets unless allowed, hostname stays inside" {
	jail_conf "persist; allow.noraw_sockets;"
	"$BRIG" start "$J"
	run "$BRIG" exec "$J" mount -t tmpfs none /mnt
	[ "$status" -ne 0 ]
	run "$BRIG" exec "$J" ping -c1 -W1 127.0.0.1
	[ "$status" -ne 0 ]
	host=$(hostname)
	"$BRIG" exec "$J" hostname changed || true
	[ "$(hostname)" = "$host" ]
}

@test "the jail's /dev holds exactly ruleset 4's nodes" {
	jail_conf "persist;"
	"$BRIG" start "$J"
	run "$BRIG" exec "$J" ls /dev
	output_is "$(printf '%s\n' fd full fuse null ptmx pts random shm stderr stdin stdout tty urandom zero)"
}

@test "a symlink planted at /proc in the jail root does not redirect the mount" {
	before=$(host_snapshot)
	rmdir "$ROOT/proc"
	ln -s /etc "$ROOT/proc"
	jail_conf "persist;"
	run "$BRIG" start "$J"
	[ "$status" -eq 1 ]
	[ "$(host_snapshot)" = "$before" ]
}

@test "jail -c, -r and -rc through the FreeBSD name" {
	jail_conf "persist;"
	ln -s "$BRIG" "$BATS_TEST_TMPDIR/jail"
	run "$BATS_TEST_TMPDIR/jail" -f "$BRIG_CONF" -c "$J"
	output_is "$J: created"
	run "$BATS_TEST_TMPDIR/jail" -f "$BRIG_CONF" -rc "$J"
	[ "$status" -eq 0 ]
	run "$BATS_TEST_TMPDIR/jail" -f "$BRIG_CONF" -r "$J"
	output_is "$J: removed"
}

@test "start -a skips what runs; stop and restart touch only running dependents" {
	cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
persist;
${J}db {}
${J}web { depend = ${J}db; }
CONF
	"$BRIG" start "${J}db"
	run "$BRIG" start -a
	[ "$status" -eq 0 ]
	output_is "${J}web: created"
	"$BRIG" stop "${J}web"
	# web is not running: stopping db must not fail on it
	run "$BRIG" stop "${J}db"
	[ "$status" -eq 0 ]
	output_is "${J}db: removed"
	# restart of a stopped jail starts it, and nothing else
	run "$BRIG" restart "${J}db"
	[ "$status" -eq 0 ]
	output_is "${J}db: created"
	run "$BRIG" status "${J}web"
	[[ "${lines[1]}" == "${J}web"*stopped* ]]
}

@test "exec as root with allow.suser off, and a jail user, without NSS" {
	jail_conf "persist; allow.nosuser;"
	# an nsswitch.conf naming a module: brig must never load it
	echo 'passwd: evil files' >"$ROOT/etc/nsswitch.conf"
	"$BRIG" start "$J"
	run "$BRIG" exec "$J" id -u
	[ "$status" -eq 0 ]
	output_is 0
	run "$BRIG" exec -U nobody "$J" id -u
	output_is 65534
}

@test "status says busy while a start is under way, not stale" {
	jail_conf "persist; exec.prestart = \"sleep 2\";"
	"$BRIG" start "$J" >/dev/null &
	pid=$!
	retry 50 0.1 grep -q "step exec.prestart" "$BRIG_RUNDIR/jails/$J/journal"
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*busy* ]]
	wait "$pid"
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*running* ]]
}

@test "jail -m changes what can change on a running jail" {
	jail_conf "persist;"
	"$BRIG" start "$J"
	ln -s "$BRIG" "$BATS_TEST_TMPDIR/jail"
	run "$BATS_TEST_TMPDIR/jail" -m "$J" host.hostname=moved.lan
	[ "$status" -eq 0 ]
	output_is "$J: updated"
	run "$BRIG" exec "$J" hostname
	output_is moved.lan
	run "$BRIG" ls -h -j "$J" host.hostname
	output_is $'host.hostname\nmoved.lan'
	run "$BATS_TEST_TMPDIR/jail" -m name="$J" allow.raw_sockets=1
	[ "$status" -eq 1 ]
	output_is "jail: jail $J: allow.raw_sockets cannot change while the jail runs (brig restart $J)"
	# without persist and with nothing running, the jail ends
	run "$BATS_TEST_TMPDIR/jail" -m "$J" nopersist
	[ "$status" -eq 0 ]
	retry 30 0.1 bash -c "'$BRIG' status '$J' | grep -q stale"
}

@test "exec.jail_user runs the start commands as a jail user, or as the host's with exec.system_jail_user" {
	jail_conf "persist; exec.jail_user = nobody; exec.start = \"id -u >/tmp/uid\";"
	"$BRIG" start "$J"
	run cat "$ROOT/tmp/uid"
	output_is 65534
	"$BRIG" stop "$J"
	# the host's "daemon" user (uid 1 on Debian), unknown inside the jail
	jail_conf "persist; exec.jail_user = daemon; exec.system_jail_user;
	exec.start = \"id -u >/tmp/uid2\";"
	"$BRIG" start "$J"
	run cat "$ROOT/tmp/uid2"
	output_is "$(id -u daemon)"
}

@test "exec takes the privileges the jail was started with, not the edited config" {
	jail_conf "persist;"
	"$BRIG" start "$J"
	run "$BRIG" exec "$J" grep ^CapEff: /proc/self/status
	[ "$status" -eq 0 ]
	before=$output
	# CAP_NET_RAW (13) is not in a jail without allow.raw_sockets.
	[ $(( 0x${before##*$'\t'} >> 13 & 1 )) -eq 0 ]
	jail_conf "persist; allow.raw_sockets;"
	run "$BRIG" exec "$J" grep ^CapEff: /proc/self/status
	output_is "$before"
	grep -q '^privs ' "$BRIG_RUNDIR/jails/$J/journal"
	"$BRIG" restart "$J"
	run "$BRIG" exec "$J" grep ^CapEff: /proc/self/status
	echo "$output"
	[ $(( 0x${output##*$'\t'} >> 13 & 1 )) -eq 1 ]
	"$BRIG" stop "$J"
}
