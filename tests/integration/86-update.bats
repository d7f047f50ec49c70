#!/usr/bin/env bats
# brig update: snapshot first, always; the update inside the jail; a
# restart; the health check; and on any failure a rollback and the jail
# started again as it was.  Real busybox jails on the dir backend in the
# test's directory, one test on btrfs (a loop device in a ledger that
# teardown undoes).  The update commands are local: never a download.

load helpers

setup() {
	requires root cmd:busybox
	brig_setup
	J=up$BATS_TEST_NUMBER$$
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	MOUNTS=$BATS_TEST_TMPDIR/mounts.lst
	LOOPS=$BATS_TEST_TMPDIR/loops.lst
	: >"$MOUNTS"
	: >"$LOOPS"
}

teardown() {
	local m d
	stop_all_jails
	if [ -s "$MOUNTS" ]; then
		tac "$MOUNTS" | while read -r m; do
			umount "$m" 2>/dev/null || umount -l "$m" || true
		done
	fi
	if [ -s "$LOOPS" ]; then
		while read -r d; do
			losetup -d "$d" || true
		done <"$LOOPS"
	fi
}

# A jail root at $ROOT with /etc/version 1.
fill_root() {
	make_rootfs "$ROOT"
	echo 1 >"$ROOT/etc/version"
	mkdir -p "$ROOT/srv"
	head -c 100000 /dev/urandom >"$ROOT/srv/blob"
	ln -s ../etc/version "$ROOT/srv/link"
	chown 65534:65534 "$ROOT/srv/blob"
}

# jail_conf [extra lines]: a persistent jail $J on $ROOT.
jail_conf() {
	cat >"$BRIG_CONF" <<CONF
$J {
	path = "$ROOT";
	host.hostname = "$J.lan";
	mount.devfs;
	persist;
	exec.consolelog = "$BATS_TEST_TMPDIR/console.log";
	$*
}
CONF
}

# Names, types, modes, owners, sizes, times and contents under a root.
tree_sum() {
	(
		cd "$1" || exit 1
		find . -mindepth 1 -printf '%p %y %m %U:%G %s %T@ %l\n' |
		    LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum
	)
}

pid1() {
	"$BRIG" status "$J" | brig_status_pid "$J"
}

# These leave $output and $lines alone (no run): the update's stay.
is_running() {
	[[ "$("$BRIG" status "$J" | sed -n 2p)" == "$J"*running* ]]
}

is_stopped() {
	[[ "$("$BRIG" status "$J" | sed -n 2p)" == "$J"*stopped* ]]
}

# The one snapshot of $J: its name in $SNAP.
one_snapshot() {
	local list
	list=$("$BRIG" snapshots "$J")
	[ "$(echo "$list" | wc -l)" -eq 2 ]
	SNAP=$(echo "$list" | awk 'NR == 2 { print $1 }')
	[[ "$SNAP" =~ ^pre-update-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$ ]]
}

@test "an update that succeeds: snapshot first, the change kept, the jail restarted and checked" {
	fill_root
	jail_conf 'brig.health = "test -f /etc/version", "grep -qx 2 /etc/version";'
	"$BRIG" start "$J"
	before=$(pid1)
	run "$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version'
	[ "$status" -eq 0 ]
	one_snapshot
	[[ "$output" == *"$J: health: test -f /etc/version
$J: health: grep -qx 2 /etc/version
updated $J; snapshot $SNAP kept"* ]]
	[ "$(cat "$ROOT/etc/version")" = 2 ]
	[ "$(cat "$BRIG_DATADIR/snapshots/$J/$SNAP/etc/version")" = 1 ]
	is_running
	[ "$(pid1)" != "$before" ]
}

@test "the transcript of a good update, and the snapshot undoes it" {
	fill_root
	jail_conf 'brig.health = "grep -qx 2 /etc/version";'
	"$BRIG" start "$J"
	run "$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version; echo upgraded'
	[ "$status" -eq 0 ]
	one_snapshot
	[[ "${lines[0]}" =~ ^snapshot\ $J@$SNAP:\ [0-9.]+\ [KM]iB,\ (copied|reflinked)$ ]]
	unset 'lines[0]'
	[ "$(printf '%s\n' "${lines[@]}")" = "$J: update: sh -c 'echo 2 >/etc/version; echo upgraded'
upgraded
$J: removed
$J: created
$J: health: grep -qx 2 /etc/version
updated $J; snapshot $SNAP kept (brig rollback -r $J $SNAP undoes it)" ]
	run "$BRIG" rollback -r "$J" "$SNAP"
	[ "$status" -eq 0 ]
	[ "$(cat "$ROOT/etc/version")" = 1 ]
}

@test "an update command that fails: rolled back, started again with a new PID 1, exit 1 naming the failure" {
	fill_root
	jail_conf
	"$BRIG" start "$J"
	before=$(pid1)
	sum=$(tree_sum "$ROOT")
	run "$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version; rm /srv/blob; exit 3'
	[ "$status" -eq 1 ]
	one_snapshot
	[ "${lines[1]}" = "$J: update: sh -c 'echo 2 >/etc/version; rm /srv/blob; exit 3'" ]
	[ "${lines[2]}" = "$J: update failed: rolling back to $SNAP" ]
	[ "${lines[3]}" = "$J: removed" ]
	[[ "${lines[4]}" == "$J: rolled back to $SNAP ("*")" ]]
	[ "${lines[5]}" = "$J: created" ]
	[ "${lines[6]}" = "brig: jail $J: update command \"sh -c 'echo 2 >/etc/version; rm /srv/blob; exit 3'\" exited 3; rolled back to $SNAP" ]
	[ "${#lines[@]}" -eq 7 ]
	[ "$(cat "$ROOT/etc/version")" = 1 ]
	[ "$(tree_sum "$ROOT")" = "$sum" ]
	is_running
	[ "$(pid1)" != "$before" ]
	run "$BRIG" exec "$J" hostname
	output_is "$J.lan"
}

@test "a health check that fails after a good update: the jail byte-identical to before, and running" {
	fill_root
	jail_conf 'brig.health = "true", "grep -qx 3 /etc/version";'
	"$BRIG" start "$J"
	sum=$(tree_sum "$ROOT")
	run "$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version; echo new >/srv/new; chmod 600 /srv/blob'
	[ "$status" -eq 1 ]
	one_snapshot
	[[ "$output" == *"$J: health: true
$J: health: grep -qx 3 /etc/version
$J: update failed: rolling back to $SNAP
$J: removed
$J: rolled back to $SNAP ("*")
$J: created
brig: jail $J: health check \"grep -qx 3 /etc/version\" exited 1; rolled back to $SNAP" ]]
	[ "$(tree_sum "$ROOT")" = "$sum" ]
	is_running
}

@test "a health check that times out: rolled back within brig.health.timeout and a margin" {
	fill_root
	jail_conf 'brig.health = "sleep 600"; brig.health.timeout = 2;'
	"$BRIG" start "$J"
	t0=$(date +%s)
	run "$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version'
	t1=$(date +%s)
	[ "$status" -eq 1 ]
	one_snapshot
	[ "${lines[-1]}" = "brig: jail $J: health check \"sleep 600\": timed out after 2 s; rolled back to $SNAP" ]
	[ $((t1 - t0)) -ge 2 ]
	[ $((t1 - t0)) -lt 15 ]
	[ "$(cat "$ROOT/etc/version")" = 1 ]
	is_running
	# the check's sleep went with the old jail
	run "$BRIG" exec "$J" ps -o comm
	[[ "$output" != *sleep* ]]
}

@test "--timeout: an update command that takes too long is rolled back" {
	fill_root
	jail_conf
	"$BRIG" start "$J"
	t0=$(date +%s)
	run "$BRIG" update --timeout 1 "$J" -- sh -c 'echo 2 >/etc/version; sleep 600'
	t1=$(date +%s)
	[ "$status" -eq 1 ]
	one_snapshot
	[ "${lines[-1]}" = "brig: jail $J: update command \"sh -c 'echo 2 >/etc/version; sleep 600'\": timed out after 1 s; rolled back to $SNAP" ]
	[ $((t1 - t0)) -lt 15 ]
	[ "$(cat "$ROOT/etc/version")" = 1 ]
	is_running
	run "$BRIG" update --timeout 1x "$J" -- true
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "brig: --timeout \"1x\": seconds from 0 (none) to 2147483 expected" ]
}

@test "a jail that is not running is started for the update and stopped again, nothing left behind" {
	fill_root
	jail_conf 'brig.health = "grep -qx 2 /etc/version";'
	before=$(host_snapshot)
	run "$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version'
	[ "$status" -eq 0 ]
	one_snapshot
	[ "${lines[1]}" = "$J: not running: starting it for the update" ]
	[ "${lines[2]}" = "$J: created" ]
	[ "${lines[-3]}" = "$J: stopping it again (it was not running)" ]
	[ "${lines[-2]}" = "$J: removed" ]
	[ "${lines[-1]}" = "updated $J; snapshot $SNAP kept (brig rollback $J $SNAP undoes it)" ]
	[ "$(cat "$ROOT/etc/version")" = 2 ]
	is_stopped
	[ "$(host_snapshot)" = "$before" ]
	# a failure leaves it stopped too, rolled back
	rm -r "$BRIG_DATADIR/snapshots/$J"
	run "$BRIG" update "$J" -- sh -c 'echo 3 >/etc/version; false'
	[ "$status" -eq 1 ]
	one_snapshot
	[ "${lines[-3]}" = "$J: removed" ]
	[[ "${lines[-2]}" == "$J: rolled back to $SNAP ("*")" ]]
	[ "${lines[-1]}" = "brig: jail $J: update command \"sh -c 'echo 3 >/etc/version; false'\" exited 1; rolled back to $SNAP" ]
	[ "$(cat "$ROOT/etc/version")" = 2 ]
	is_stopped
	[ "$(host_snapshot)" = "$before" ]
}

@test "--no-restart: the health check runs against the same jail" {
	fill_root
	jail_conf 'brig.health = "grep -qx 2 /etc/version";'
	"$BRIG" start "$J"
	before=$(pid1)
	run "$BRIG" update --no-restart "$J" -- sh -c 'echo 2 >/etc/version'
	[ "$status" -eq 0 ]
	[[ "$output" != *removed* ]]
	[ "$(pid1)" = "$before" ]
	[ "$(cat "$ROOT/etc/version")" = 2 ]
}

@test "-n prints the plan and changes nothing" {
	fill_root
	jail_conf 'brig.health = "true", "test -d /srv"; brig.health.timeout = 5;'
	run "$BRIG" update -n --timeout 60 "$J" -- sh -c 'echo 2 >/etc/version'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^$J:\ snapshot:\ $J@pre-update-[0-9T:-]+Z$ ]]
	unset 'lines[0]'
	[ "$(printf '%s\n' "${lines[@]}")" = "$J: start: it is not running
$J: update: sh -c 'echo 2 >/etc/version' (timeout 60 s)
$J: restart: stop and start it
$J: health: true (timeout 5 s)
$J: health: test -d /srv (timeout 5 s)
$J: stop: it was not running" ]
	[ "$(cat "$ROOT/etc/version")" = 1 ]
	[ ! -e "$BRIG_DATADIR/snapshots" ]
	is_stopped
	"$BRIG" start "$J"
	run "$BRIG" update -n --no-restart "$J" -- true
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[1]}" = "$J: update: true" ]
	[ "${lines[2]}" = "$J: health: true (timeout 5 s)" ]
}

@test "refusals before the snapshot: no apt-get without a command, unknown jail, usage" {
	fill_root
	jail_conf
	run "$BRIG" update "$J"
	[ "$status" -eq 1 ]
	output_is "brig: jail $J: no /usr/bin/apt-get in $ROOT, so no default update (it is Debian's): name the command, brig update $J -- command ..."
	[ ! -e "$BRIG_DATADIR/snapshots" ]
	# a link to the host's /usr is not followed out of the root
	ln -s /usr "$ROOT/usr"
	run "$BRIG" update -n "$J"
	[ "$status" -eq 1 ]
	[[ "$output" == "brig: jail $J: no /usr/bin/apt-get in $ROOT"* ]]
	[ ! -e "$BRIG_DATADIR/snapshots" ]
	run "$BRIG" update nosuch -- true
	[ "$status" -eq 1 ]
	output_is "brig: no jail named \"nosuch\" in $BRIG_CONF"
	usage="usage: brig update [-n] [--no-restart] [--timeout seconds] [-f file] name [-- command ...]"
	for args in "" "$J --" "$J true" "$J -- " "-x $J -- true"; do
		# shellcheck disable=SC2086
		run "$BRIG" update $args
		[ "$status" -eq 2 ]
		[ "${lines[-1]}" = "$usage" ]
	done
}

@test "the default update runs apt-get update && apt-get -y upgrade in the jail (a local stand-in)" {
	fill_root
	jail_conf
	# a stand-in apt-get that writes down how it was called: no download
	mkdir -p "$ROOT/usr/bin"
	cat >"$ROOT/usr/bin/apt-get" <<'SH'
#!/bin/sh
echo "$DEBIAN_FRONTEND apt-get $*" >>/etc/apt.log
SH
	chmod 755 "$ROOT/usr/bin/apt-get"
	"$BRIG" start "$J"
	run "$BRIG" update "$J"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$J: update: export DEBIAN_FRONTEND=noninteractive; apt-get update && apt-get -y upgrade" ]
	run cat "$ROOT/etc/apt.log"
	output_is "noninteractive apt-get update
noninteractive apt-get -y upgrade"
}

@test "^C during the update: the command dies, brig rolls back" {
	fill_root
	jail_conf
	"$BRIG" start "$J"
	out=$BATS_TEST_TMPDIR/out
	set -m	# its own process group, as a terminal's foreground job
	"$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version; touch /tmp/ready; sleep 600' >"$out" 2>&1 &
	pid=$!
	set +m
	retry 100 0.1 test -e "$ROOT/tmp/ready"
	kill -INT -- -"$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 1 ]
	run cat "$out"
	one_snapshot
	run cat "$out"
	[[ "${lines[-1]}" == "brig: jail $J: update command \"sh -c "*"\" "*"; rolled back to $SNAP" ]]
	[ "$(cat "$ROOT/etc/version")" = 1 ]
	is_running
}

@test "btrfs backend: a failed health check rolls back to the btrfs snapshot" {
	requires cmd:mkfs.btrfs cmd:losetup cmd:btrfs
	img=$BATS_TEST_TMPDIR/btrfs.img
	truncate -s 256M "$img"
	dev=$(losetup -f --show "$img")
	echo "$dev" >>"$LOOPS"
	mkfs.btrfs -q -f "$dev" >/dev/null 2>&1
	mkdir -p "$BATS_TEST_TMPDIR/b"
	mount "$dev" "$BATS_TEST_TMPDIR/b"
	echo "$BATS_TEST_TMPDIR/b" >>"$MOUNTS"
	ROOT=$BATS_TEST_TMPDIR/b/jails/$J
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/b/data
	mkdir -p "$(dirname "$ROOT")"
	btrfs -q subvolume create "$ROOT"
	fill_root
	jail_conf 'brig.storage = btrfs; brig.health = "grep -qx 2 /etc/version";'
	"$BRIG" start "$J"
	sum=$(tree_sum "$ROOT")
	run "$BRIG" update "$J" -- sh -c 'echo 3 >/etc/version'
	[ "$status" -eq 1 ]
	one_snapshot
	[ "${lines[0]}" = "snapshot $J@$SNAP: btrfs snapshot" ]
	[ "${lines[-3]}" = "$J: rolled back to $SNAP (btrfs snapshot)" ]
	[ "$(tree_sum "$ROOT")" = "$sum" ]
	is_running
	btrfs subvolume show "$BRIG_DATADIR/snapshots/$J/$SNAP" | grep -q 'Flags:.*readonly'
	# and one that passes keeps its change
	sleep 1	# a new second: a new snapshot name
	run "$BRIG" update "$J" -- sh -c 'echo 2 >/etc/version'
	[ "$status" -eq 0 ]
	[ "$(cat "$ROOT/etc/version")" = 2 ]
	is_running
	"$BRIG" stop "$J"
}
