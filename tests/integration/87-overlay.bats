#!/usr/bin/env bats
# Thin jails (brig.storage overlay, src/store/overlay.c): a read-only
# base made by brig bootstrap from a busybox root, shared by jails that
# each write to their own upper layer in DATADIR/overlay/NAME.  brig
# start mounts the overlay and brig stop unmounts it; snapshots,
# rollback and clones work on the upper layer; nothing stays mounted.
#
# Everything lives in $BATS_TEST_TMPDIR; teardown unmounts whatever is
# still mounted there, whatever happened, and the tests compare
# /proc/self/mountinfo before and after.

load helpers

setup() {
	requires root cmd:busybox cmd:tar
	brig_setup
	T=$BATS_TEST_TMPDIR
	A=ta$BATS_TEST_NUMBER$$
	B=tb$BATS_TEST_NUMBER$$
	MOUNTS_BEFORE=$(my_mounts)
	make_rootfs "$T/base"
	echo "from the base" >"$T/base/etc/motd"
	tar -C "$T/base" -czf "$T/base.tar.gz" .
	"$BRIG" bootstrap --from "$T/base.tar.gz" rel >/dev/null
	REL=$BRIG_DATADIR/releases/rel
}

teardown() {
	local m
	stop_all_jails
	# deepest first: whatever a failed test left mounted in its directory
	awk -v t="$BATS_TEST_TMPDIR" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo | sort -r | while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
}

# thin_conf [extra lines]: jails $A and $B, thin, persistent.
thin_conf() {
	cat >"$BRIG_CONF" <<CONF
brig.storage = overlay;
mount.devfs;
persist;
exec.consolelog = "$T/console.log";
exec.start = "sleep 100000 &";
$A { path = "$T/jails/$A"; $* }
$B { path = "$T/jails/$B"; }
CONF
}

# The mount points in /proc/self/mountinfo under the test's directory,
# where all it makes lives (other tests may mount elsewhere meanwhile).
my_mounts() {
	awk -v t="$BATS_TEST_TMPDIR" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo | sort
}

# Nothing mounted that was not mounted at the start of the test.
no_mounts_left() {
	local now
	now=$(my_mounts)
	if [ "$now" != "$MOUNTS_BEFORE" ]; then
		diff <(echo "$MOUNTS_BEFORE") <(echo "$now") >&2
		return 1
	fi
}

# Names, types, modes, owners, sizes, links and contents of a tree.
tree_sum() {
	(
		cd "$1" || exit 1
		find . -printf '%p %y %m %U:%G %s %l\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum
	)
}

@test "two thin jails over one base: each sees the base, writes to its own upper layer only" {
	thin_conf
	base_sum=$(tree_sum "$REL")
	run "$BRIG" create --from release:rel "$A"
	[ "$status" -eq 0 ]
	output_is "created $A from release:rel: 0 files, 0.0 MiB (thin: an overlay over the base)"
	run "$BRIG" create --from "dir:$REL" "$B"
	[ "$status" -eq 0 ]
	[ "$(cat "$BRIG_DATADIR/overlay/$A/base")" = "$REL" ]
	[ "$(cat "$BRIG_DATADIR/overlay/$B/base")" = "$REL" ]
	# stopped: the root is an empty mount point
	[ -z "$(ls -A "$T/jails/$A")" ]
	run "$BRIG" start "$A" "$B"
	[ "$status" -eq 0 ]
	mountpoint -q "$T/jails/$A"
	run "$BRIG" exec "$A" cat /etc/motd
	output_is "from the base"
	run "$BRIG" exec "$A" sh -c 'echo mine >/etc/owned; echo changed >/etc/motd; rm /bin/rm'
	[ "$status" -eq 0 ]
	# A sees its changes, B sees the base, the base is untouched
	run "$BRIG" exec "$A" cat /etc/motd /etc/owned
	output_is "changed
mine"
	[ ! -e "$T/jails/$A/bin/rm" ]
	run "$BRIG" exec "$B" cat /etc/motd
	output_is "from the base"
	run "$BRIG" exec "$B" test -e /etc/owned
	[ "$status" -ne 0 ]
	run "$BRIG" exec "$B" test -e /bin/rm
	[ "$status" -eq 0 ]
	[ "$(tree_sum "$REL")" = "$base_sum" ]
	# the changes are in A's upper layer: files, and a whiteout for rm
	[ "$(cat "$BRIG_DATADIR/overlay/$A/upper/etc/owned")" = mine ]
	[ "$(stat -c '%F %t:%T' "$BRIG_DATADIR/overlay/$A/upper/bin/rm")" = "character special file 0:0" ]
	[ -z "$(ls -A "$BRIG_DATADIR/overlay/$B/upper")" ]
	run "$BRIG" du "$A"
	[[ "${lines[1]}" =~ ^$A\ +overlay\ +[0-9.]+\ KiB\ +0\ B\ +$T/jails/$A$ ]]
	run "$BRIG" stop "$A" "$B"
	[ "$status" -eq 0 ]
	# stopped: unmounted, the changes kept in the upper layer
	! mountpoint -q "$T/jails/$A"
	[ -z "$(ls -A "$T/jails/$A")" ]
	no_mounts_left
	run "$BRIG" start "$A"
	run "$BRIG" exec "$A" cat /etc/owned
	output_is "mine"
	run "$BRIG" stop "$A"
	run "$BRIG" destroy "$A"
	[ "$status" -eq 0 ]
	output_is "$A: destroyed $T/jails/$A"
	run "$BRIG" destroy "$B"
	[ "$status" -eq 0 ]
	[ ! -e "$T/jails/$A" ]
	[ ! -e "$BRIG_DATADIR/overlay/$A" ]
	[ ! -e "$BRIG_DATADIR/overlay/$B" ]
	[ "$(tree_sum "$REL")" = "$base_sum" ]
	no_mounts_left
}

@test "a thin jail's start runs its command over a busybox base; -n shows the mount" {
	thin_conf 'exec.start = "hostname >/tmp/out; sleep 100000 &"; host.hostname = thin.lan;'
	"$BRIG" create --from release:rel "$A" >/dev/null
	run "$BRIG" start -n "$A"
	[ "$status" -eq 0 ]
	[[ "$output" == *"jail $A: storage         mount the overlay on $T/jails/$A"* ]]
	! mountpoint -q "$T/jails/$A"
	run "$BRIG" start "$A"
	[ "$status" -eq 0 ]
	[ "$(cat "$T/jails/$A/tmp/out")" = thin.lan ]
	[ "$(cat "$BRIG_DATADIR/overlay/$A/upper/tmp/out")" = thin.lan ]
	[ ! -e "$REL/tmp/out" ]
	run "$BRIG" exec "$A" busybox id -u
	output_is "0"
	run "$BRIG" stop "$A"
	[ "$status" -eq 0 ]
	no_mounts_left
}

@test "snapshot and rollback cover the upper layer; rollback is refused while the jail runs" {
	thin_conf
	"$BRIG" create --from release:rel "$A" >/dev/null
	"$BRIG" start "$A" >/dev/null
	"$BRIG" exec "$A" sh -c 'echo v1 >/etc/state; rm /bin/rm'
	# a running thin jail can be snapshotted: its upper layer is copied
	run "$BRIG" snapshot "$A" s1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^snapshot\ $A@s1:\ [0-9]+\ B,\ (copied|reflinked)$ ]]
	[ "$(cat "$BRIG_DATADIR/snapshots/$A/s1/etc/state")" = v1 ]
	[ "$(stat -c %t:%T "$BRIG_DATADIR/snapshots/$A/s1/bin/rm")" = 0:0 ]
	"$BRIG" exec "$A" sh -c 'echo v2 >/etc/state; echo new >/etc/new; echo x >/bin/rm'
	run "$BRIG" rollback "$A" s1
	[ "$status" -eq 1 ]
	output_is "brig: jail $A is running: stop it before a rollback (or use rollback -r)"
	"$BRIG" stop "$A" >/dev/null
	run "$BRIG" rollback "$A" s1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^$A:\ rolled\ back\ to\ s1 ]]
	no_mounts_left
	"$BRIG" start "$A" >/dev/null
	run "$BRIG" exec "$A" cat /etc/state
	output_is "v1"
	run "$BRIG" exec "$A" test -e /etc/new
	[ "$status" -ne 0 ]
	run "$BRIG" exec "$A" test -e /bin/rm
	[ "$status" -ne 0 ]
	run "$BRIG" exec "$A" cat /etc/motd
	output_is "from the base"
	# rollback -r: stop, roll back, start
	"$BRIG" exec "$A" sh -c 'echo v3 >/etc/state'
	run "$BRIG" rollback -r "$A" s1
	[ "$status" -eq 0 ]
	run "$BRIG" exec "$A" cat /etc/state
	output_is "v1"
	"$BRIG" stop "$A" >/dev/null
	run "$BRIG" snapshots "$A"
	[[ "${lines[1]}" == s1\ * ]]
	run "$BRIG" destroy "$A"
	[ "$status" -eq 1 ]
	output_is "brig: destroy jail $A: it has 1 snapshot (s1); destroy -f drops them too"
	run "$BRIG" destroy -f "$A"
	[ "$status" -eq 0 ]
	[ ! -e "$BRIG_DATADIR/snapshots/$A" ]
	no_mounts_left
}

@test "clone: a thin jail from a thin jail or its snapshot, over the same base; into a dir jail, the whole tree" {
	thin_conf
	"$BRIG" create --from release:rel "$A" >/dev/null
	"$BRIG" start "$A" >/dev/null
	"$BRIG" exec "$A" sh -c 'echo v1 >/etc/state'
	"$BRIG" snapshot "$A" s1 >/dev/null
	"$BRIG" exec "$A" sh -c 'echo v2 >/etc/state'
	"$BRIG" stop "$A" >/dev/null
	run "$BRIG" clone "$A@s1" "$B"
	[ "$status" -eq 0 ]
	[ "$(cat "$BRIG_DATADIR/overlay/$B/base")" = "$REL" ]
	[ "$(cat "$BRIG_DATADIR/overlay/$B/upper/etc/state")" = v1 ]
	"$BRIG" start "$B" >/dev/null
	run "$BRIG" exec "$B" cat /etc/state /etc/motd
	output_is "v1
from the base"
	"$BRIG" exec "$B" sh -c 'echo b >/etc/state'
	[ "$(cat "$BRIG_DATADIR/overlay/$A/upper/etc/state")" = v2 ]
	"$BRIG" stop "$B" >/dev/null
	# a jail without a stanza gets DATADIR/jails/NAME and the source's backend
	run "$BRIG" clone "$A" c$$
	[ "$status" -eq 0 ]
	[ "$(cat "$BRIG_DATADIR/overlay/c$$/upper/etc/state")" = v2 ]
	# into a dir jail: the tree as the jail sees it, base included
	cat >>"$BRIG_CONF" <<CONF
d$$ { path = "$T/jails/d$$"; brig.storage = dir; }
CONF
	run "$BRIG" clone "$A" d$$
	[ "$status" -eq 0 ]
	[ "$(cat "$T/jails/d$$/etc/state")" = v2 ]
	[ "$(cat "$T/jails/d$$/etc/motd")" = "from the base" ]
	[ -x "$T/jails/d$$/bin/busybox" ]
	! mountpoint -q "$T/jails/d$$"
	no_mounts_left
	for j in "$A" "$B" c$$ d$$; do
		"$BRIG" destroy -f "$j" >/dev/null
	done
	no_mounts_left
}

@test "a release under thin jails is not removed; create refuses a thin jail without a base" {
	thin_conf
	"$BRIG" create --from release:rel "$A" >/dev/null
	run "$BRIG" bootstrap -d rel
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: release $REL: thin jails use it as their base: $A (brig destroy them first)"
	[ -d "$REL/bin" ]
	run "$BRIG" create --from empty "$B"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail $B: brig.storage overlay: a thin jail is made over a base: --from release:NAME or --from dir:PATH"
	run "$BRIG" create --from release:nosuch "$B"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail $B: no release nosuch in $BRIG_DATADIR/releases (brig bootstrap makes one)"
	run "$BRIG" create --from "dir:$T/jails" "$B"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail $B: base $T/jails: it must be outside the jail's root ($T/jails/$B) and upper layer ($BRIG_DATADIR/overlay/$B)"
	[ ! -e "$BRIG_DATADIR/overlay/$B" ]
	# dir: is a thin jail's base only
	cat >"$BRIG_CONF" <<CONF
$B { path = "$T/jails/$B"; }
CONF
	run "$BRIG" create --from "dir:$REL" "$B"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail $B: --from dir:PATH is the base of a thin jail (brig.storage overlay)"
	thin_conf
	"$BRIG" destroy "$A" >/dev/null
	run "$BRIG" bootstrap -d rel
	[ "$status" -eq 0 ]
}

@test "another file system on a thin jail's root is refused; a start that fails leaves nothing mounted" {
	thin_conf
	"$BRIG" create --from release:rel "$A" >/dev/null
	mount -t tmpfs tmpfs "$T/jails/$A"
	run "$BRIG" start "$A"
	[ "$status" -eq 1 ]
	output_is "brig: jail $A: $T/jails/$A: another file system is mounted there"
	umount "$T/jails/$A"
	no_mounts_left
	# exec.start fails: the start is undone, the overlay unmounted
	thin_conf 'exec.start = "false";'
	run "$BRIG" start "$A"
	[ "$status" -eq 1 ]
	! mountpoint -q "$T/jails/$A"
	no_mounts_left
}

@test "a thin jail gone from the configuration is unmounted by stop -R; destroy finds its dataset" {
	thin_conf
	"$BRIG" create --from release:rel "$A" >/dev/null
	"$BRIG" start "$A" >/dev/null
	mountpoint -q "$T/jails/$A"
	: >"$BRIG_CONF"
	run "$BRIG" stop -R "$A"
	[ "$status" -eq 0 ]
	output_is "$A: removed"
	! mountpoint -q "$T/jails/$A"
	no_mounts_left
	# no stanza: DATADIR/overlay/NAME says it is a thin jail
	run "$BRIG" du "$A"
	[[ "${lines[1]}" =~ ^$A\ +overlay\  ]]
	run "$BRIG" destroy "$A"
	[ "$status" -eq 0 ]
	[ ! -e "$BRIG_DATADIR/overlay/$A" ]
}
