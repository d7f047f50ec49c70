#!/usr/bin/env bats
# Per-jail datasets: snapshot, snapshots, rollback, clone, destroy, du, on
# real filesystems the tests make: btrfs on a loop device (reflinks and
# the btrfs backend), tmpfs (no reflinks: copies; a full disk).  Every
# loop device and mount is in a ledger that teardown undoes, whatever
# happened.  ZFS has no kernel module on these machines: its test skips
# with that reason.

load helpers

setup() {
	requires root cmd:busybox cmd:mkfs.btrfs cmd:losetup cmd:getfattr
	brig_setup
	J=st$BATS_TEST_NUMBER$$
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
			case $m in
			zpool:*) zpool destroy -f "${m#zpool:}" || true ;;
			*) umount "$m" 2>/dev/null || umount -l "$m" || true ;;
			esac
		done
	fi
	if [ -s "$LOOPS" ]; then
		while read -r d; do
			losetup -d "$d" || true
		done <"$LOOPS"
	fi
}

# btrfs_at DIR [SIZE]: a new btrfs on a loop device, mounted on DIR.
btrfs_at() {
	local dir=$1 img dev
	img=$BATS_TEST_TMPDIR/btrfs-$(basename "$dir").img
	truncate -s "${2:-512M}" "$img"
	dev=$(losetup -f --show "$img")
	echo "$dev" >>"$LOOPS"
	mkfs.btrfs -q -f "$dev" >/dev/null 2>&1
	mkdir -p "$dir"
	mount "$dev" "$dir"
	echo "$dir" >>"$MOUNTS"
}

# tmpfs_at DIR SIZE: a tmpfs (no FICLONE) on DIR.
tmpfs_at() {
	mkdir -p "$1"
	mount -t tmpfs -o "size=$2" tmpfs "$1"
	echo "$1" >>"$MOUNTS"
}

# Everything about a tree that a snapshot must keep: names, types, modes,
# owners, sizes, link counts, times (not of the top), link targets,
# device numbers, contents, extended attributes.
tree_sum() {
	(
		cd "$1" || exit 1
		# a directory's size and link count are the filesystem's
		find . -mindepth 1 ! -type d -printf '%p %y %m %U:%G %s %n %T@ %l\n' |
		    LC_ALL=C sort
		find . -mindepth 1 -type d -printf '%p %m %U:%G %T@\n' |
		    LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum
		find . \( -type c -o -type b \) -print0 | LC_ALL=C sort -z |
		    xargs -0r stat -c '%n %t:%T'
		find . -print0 | LC_ALL=C sort -z |
		    xargs -0r getfattr -h -d -m - 2>/dev/null
	)
}

# A jail root with something of everything.
fill_root() {
	local r=$1
	make_rootfs "$r"
	mkdir -p "$r/srv/data" "$r/var/empty"
	echo "version 1" >"$r/srv/data/state"
	head -c 3000000 /dev/urandom >"$r/srv/data/blob"
	ln "$r/srv/data/state" "$r/srv/data/state.hard"
	ln -s /etc "$r/escape"			# must stay a link
	ln -s ../../../../../../etc/shadow "$r/srv/up"
	mkfifo "$r/srv/fifo"
	mknod "$r/srv/null" c 1 3
	chown 65534:65534 "$r/srv/data/state"
	chmod 4750 "$r/srv/data/blob"
	chmod 0555 "$r/var/empty"
	setfattr -n user.brig -v "kept" "$r/srv/data/blob"
	touch -d '2001-02-03 04:05:06' "$r/srv/data/state"
}

# jail_conf ROOT [extra lines]: one jail $J rooted at ROOT.
jail_conf() {
	local root=$1
	shift
	cat >"$BRIG_CONF" <<CONF
$J {
	path = "$root";
	$*
}
CONF
}

@test "dir on tmpfs: snapshot copies, rollback restores every byte, mode, owner, xattr and link" {
	tmpfs_at "$BATS_TEST_TMPDIR/t" 256m
	ROOT=$BATS_TEST_TMPDIR/t/jails/$J
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/t/data
	fill_root "$ROOT"
	jail_conf "$ROOT"
	before=$(tree_sum "$ROOT")
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^snapshot\ $J@s1:\ [0-9.]+\ MiB,\ copied$ ]]
	size=${output##*: }
	[ "$(tree_sum "$BRIG_DATADIR/snapshots/$J/s1")" = "$before" ]
	[ "$(stat -c %a "$BRIG_DATADIR/snapshots")" = 700 ]
	# change everything that can change
	echo "version 2" >"$ROOT/srv/data/state"
	rm "$ROOT/srv/data/blob" "$ROOT/escape"
	chmod 0700 "$ROOT/srv"
	chown 1:1 "$ROOT/srv/fifo"
	setfattr -x user.brig "$ROOT/srv/data/blob" 2>/dev/null || true
	echo new >"$ROOT/newfile"
	[ "$(tree_sum "$ROOT")" != "$before" ]
	run "$BRIG" rollback "$J" s1
	[ "$status" -eq 0 ]
	output_is "$J: rolled back to s1 ($size)"
	[ "$(tree_sum "$ROOT")" = "$before" ]
	[ "$(getfattr -h --only-values -n user.brig "$ROOT/srv/data/blob")" = kept ]
	# no temporary tree left beside the root, none in the snapshots
	run ls -A "$BATS_TEST_TMPDIR/t/jails"
	output_is "$J"
	run ls -A "$BRIG_DATADIR/snapshots/$J"
	output_is "s1"
}

@test "dir on btrfs: the snapshot is made of reflinks and takes no data space" {
	btrfs_at "$BATS_TEST_TMPDIR/b"
	ROOT=$BATS_TEST_TMPDIR/b/jails/$J
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/b/data
	fill_root "$ROOT"
	head -c 64M /dev/urandom >"$ROOT/srv/big"
	jail_conf "$ROOT"
	sync
	before=$(tree_sum "$ROOT")
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^snapshot\ $J@s1:\ 6[89]\ MiB,\ reflinked$ ]]
	sync
	[ "$(tree_sum "$BRIG_DATADIR/snapshots/$J/s1")" = "$before" ]
	# the 64 MiB are shared with the root, not written again
	excl=$(btrfs filesystem du --raw -s "$BRIG_DATADIR/snapshots/$J/s1" |
	    awk 'NR == 2 { print $2 }')
	[ "$excl" -lt 1048576 ]
	echo "changed" >"$ROOT/srv/big"
	run "$BRIG" rollback "$J" s1
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^$J:\ rolled\ back\ to\ s1\ \(6[89]\ MiB,\ reflinked\)$ ]]
	[ "$(tree_sum "$ROOT")" = "$before" ]
}

@test "dir: clone is independent of its source; a snapshot can be dropped" {
	tmpfs_at "$BATS_TEST_TMPDIR/t" 128m
	ROOT=$BATS_TEST_TMPDIR/t/jails/$J
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/t/data
	fill_root "$ROOT"
	jail_conf "$ROOT"
	size=$("$BRIG" snapshot "$J" s1)
	size=${size##*: }
	echo "after s1" >"$ROOT/srv/data/state"
	run "$BRIG" clone "$J@s1" "${J}c"
	[ "$status" -eq 0 ]
	output_is "${J}c: cloned from $J@s1 at $BRIG_DATADIR/jails/${J}c ($size)"
	[ "$(cat "$BRIG_DATADIR/jails/${J}c/srv/data/state")" = "version 1" ]
	run "$BRIG" clone "$J" "${J}d"
	[ "$status" -eq 0 ]
	[ "$(cat "$BRIG_DATADIR/jails/${J}d/srv/data/state")" = "after s1" ]
	echo "clone's" >"$BRIG_DATADIR/jails/${J}d/srv/data/state"
	[ "$(cat "$ROOT/srv/data/state")" = "after s1" ]
	# the destination must not exist
	run "$BRIG" clone "$J" "${J}d"
	[ "$status" -eq 1 ]
	output_is "brig: clone $J to ${J}d: $BRIG_DATADIR/jails/${J}d exists"
	run "$BRIG" snapshot -d "$J" s1
	output_is "$J@s1: destroyed"
	run "$BRIG" snapshots "$J"
	output_is "NAME                             TIME                 USED"
	# a jail outside the configuration is DATADIR/jails/NAME
	run "$BRIG" destroy "${J}c"
	[ "$status" -eq 0 ]
	output_is "${J}c: destroyed $BRIG_DATADIR/jails/${J}c"
	[ ! -e "$BRIG_DATADIR/jails/${J}c" ]
}

@test "snapshots lists name, UTC time and space; the default name is the time" {
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	fill_root "$ROOT"
	jail_conf "$ROOT"
	"$BRIG" snapshot "$J" before-upgrade
	run "$BRIG" snapshot "$J"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^snapshot\ $J@(20[0-9-]+T[0-9:]+Z):\  ]]
	stamp=${BASH_REMATCH[1]}
	now=$(date -u +%s)
	then=$(date -u -d "$stamp" +%s)
	[ $((now - then)) -lt 60 ]
	run "$BRIG" snapshots "$J"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "NAME                             TIME                 USED" ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}${lines[2]}" == *before-upgrade* ]]
	[[ "${lines[1]}${lines[2]}" == *"$stamp"* ]]
	run "$BRIG" snapshots -p "$J"
	[[ "${lines[1]}" =~ \ [0-9]{7,}$ ]]	# bytes: the 3 MB blob is in it
	run "$BRIG" snapshot "$J" before-upgrade
	[ "$status" -eq 1 ]
	output_is "brig: snapshot $J@before-upgrade exists"
}

@test "btrfs backend: snapshot, rollback, clone, destroy refuses snapshots, -f, du" {
	btrfs_at "$BATS_TEST_TMPDIR/b"
	ROOT=$BATS_TEST_TMPDIR/b/jails/$J
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/b/data
	mkdir -p "$(dirname "$ROOT")"
	btrfs -q subvolume create "$ROOT"
	fill_root "$ROOT"
	jail_conf "$ROOT" "brig.storage = btrfs;"
	before=$(tree_sum "$ROOT")
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 0 ]
	output_is "snapshot $J@s1: btrfs snapshot"
	btrfs subvolume show "$BRIG_DATADIR/snapshots/$J/s1" | grep -q 'Flags:.*readonly'
	[ "$(tree_sum "$BRIG_DATADIR/snapshots/$J/s1")" = "$before" ]
	echo "version 2" >"$ROOT/srv/data/state"
	rm -r "$ROOT/bin"
	run "$BRIG" rollback "$J" s1
	[ "$status" -eq 0 ]
	output_is "$J: rolled back to s1 (btrfs snapshot)"
	[ "$(tree_sum "$ROOT")" = "$before" ]
	btrfs subvolume show "$ROOT" | grep -q 'Flags:.*-'	# writable again
	touch "$ROOT/writable"
	# clones: from the snapshot and from the live root, both writable
	# subvolumes, independent of the source
	run "$BRIG" clone "$J@s1" "${J}c"
	[ "$status" -eq 0 ]
	output_is "${J}c: cloned from $J@s1 at $BRIG_DATADIR/jails/${J}c (btrfs snapshot)"
	echo "clone's" >"$BRIG_DATADIR/jails/${J}c/srv/data/state"
	[ "$(cat "$ROOT/srv/data/state")" = "version 1" ]
	run "$BRIG" clone "$J" "${J}d"
	[ "$status" -eq 0 ]
	[ -e "$BRIG_DATADIR/jails/${J}d/writable" ]
	# du: without quotas, a walk of the root
	run "$BRIG" du -p "$J"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" =~ ^$J\ +btrfs\ +[0-9]{7,}\ +-\ +$ROOT$ ]]
	# destroy refuses to drop snapshots; -f drops them
	run "$BRIG" destroy "$J"
	[ "$status" -eq 1 ]
	output_is "brig: destroy jail $J: it has 1 snapshot (s1); destroy -f drops them too"
	[ -d "$ROOT" ]
	run "$BRIG" destroy -f "$J"
	[ "$status" -eq 0 ]
	output_is "$J: destroyed $ROOT"
	[ ! -e "$ROOT" ]
	[ ! -e "$BRIG_DATADIR/snapshots/$J" ]
	"$BRIG" destroy "${J}c"
	"$BRIG" destroy "${J}d"
	run btrfs subvolume list "$BATS_TEST_TMPDIR/b"
	output_is ""
}

@test "clone across backends: a dir jail into a new btrfs subvolume" {
	btrfs_at "$BATS_TEST_TMPDIR/b"
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/b/data
	fill_root "$ROOT"
	cat >"$BRIG_CONF" <<CONF
$J { path = "$ROOT"; }
${J}b { path = "$BATS_TEST_TMPDIR/b/jails/${J}b"; brig.storage = btrfs; }
CONF
	"$BRIG" snapshot "$J" s1
	run "$BRIG" clone "$J@s1" "${J}b"
	[ "$status" -eq 0 ]
	# the snapshot (in BRIG_DATADIR, on the btrfs) is reflinked into the
	# new subvolume
	[[ "$output" == "${J}b: cloned from $J@s1 at $BATS_TEST_TMPDIR/b/jails/${J}b ("*", reflinked)" ]]
	btrfs subvolume show "$BATS_TEST_TMPDIR/b/jails/${J}b" >/dev/null
	[ "$(tree_sum "$BATS_TEST_TMPDIR/b/jails/${J}b")" = "$(tree_sum "$ROOT")" ]
	run "$BRIG" snapshot "${J}b" s1
	output_is "snapshot ${J}b@s1: btrfs snapshot"
	run "$BRIG" destroy -f "${J}b"
	[ "$status" -eq 0 ]
	run btrfs subvolume list "$BATS_TEST_TMPDIR/b"
	output_is ""
}

@test "btrfs backend: du from quota groups when quotas are on" {
	btrfs_at "$BATS_TEST_TMPDIR/b"
	ROOT=$BATS_TEST_TMPDIR/b/jails/$J
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/b/data
	mkdir -p "$(dirname "$ROOT")"
	btrfs -q subvolume create "$ROOT"
	head -c 8M /dev/urandom >"$ROOT/a"
	jail_conf "$ROOT" "brig.storage = btrfs;"
	"$BRIG" snapshot "$J" s1
	rm "$ROOT/a"				# now only s1 holds the 8 MiB
	head -c 2M /dev/urandom >"$ROOT/b"
	sync
	btrfs quota enable "$BATS_TEST_TMPDIR/b"
	btrfs quota rescan -w "$BATS_TEST_TMPDIR/b" >/dev/null
	run "$BRIG" du -p "$J"
	[ "$status" -eq 0 ]
	read -r name storage used snaps path <<<"${lines[1]}"
	[ "$storage" = btrfs ] && [ "$path" = "$ROOT" ]
	[ "$used" -ge 2097152 ] && [ "$used" -lt 4194304 ]
	[ "$snaps" -ge 8388608 ] && [ "$snaps" -lt 10485760 ]
	run "$BRIG" snapshots -p "$J"
	[[ "${lines[1]}" =~ ^s1\ .*\ ([0-9]+)$ ]]
	[ "${BASH_REMATCH[1]}" -ge 8388608 ]
}

@test "btrfs backend: O(1) snapshots (1 MiB vs 200 MiB), and a dir copy for scale" {
	btrfs_at "$BATS_TEST_TMPDIR/b" 1G
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/b/data
	mkdir -p "$BATS_TEST_TMPDIR/b/jails"
	btrfs -q subvolume create "$BATS_TEST_TMPDIR/b/jails/small"
	btrfs -q subvolume create "$BATS_TEST_TMPDIR/b/jails/big"
	head -c 1M /dev/urandom >"$BATS_TEST_TMPDIR/b/jails/small/f"
	for i in $(seq 1 200); do
		head -c 1M /dev/urandom >"$BATS_TEST_TMPDIR/b/jails/big/f$i"
	done
	tmpfs_at "$BATS_TEST_TMPDIR/t" 512m
	mkdir -p "$BATS_TEST_TMPDIR/t/jails"
	cp -a "$BATS_TEST_TMPDIR/b/jails/big" "$BATS_TEST_TMPDIR/t/jails/copy"
	cat >"$BRIG_CONF" <<CONF
brig.storage = btrfs;
small { path = "$BATS_TEST_TMPDIR/b/jails/small"; }
big { path = "$BATS_TEST_TMPDIR/b/jails/big"; }
copy { path = "$BATS_TEST_TMPDIR/t/jails/copy"; brig.storage = dir; }
CONF
	sync
	ms() { local t=$(date +%s%N); "$@" >/dev/null; echo $((($(date +%s%N) - t) / 1000000)); }
	small=$(ms "$BRIG" snapshot small s1)
	big=$(ms "$BRIG" snapshot big s1)
	copy=$(BRIG_DATADIR=$BATS_TEST_TMPDIR/t/data ms "$BRIG" snapshot copy s1)
	echo "# btrfs snapshot: 1 MiB root ${small} ms, 200 MiB root ${big} ms; dir copy of 200 MiB on tmpfs ${copy} ms" >&3
	[ "$big" -lt 1000 ]
	[ "$big" -lt $((small * 10 + 200)) ]
}

@test "btrfs backend refuses a root that is not on btrfs, and snapshots on another filesystem" {
	tmpfs_at "$BATS_TEST_TMPDIR/t" 16m
	ROOT=$BATS_TEST_TMPDIR/t/jails/$J
	mkdir -p "$ROOT"
	jail_conf "$ROOT" "brig.storage = btrfs;"
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 1 ]
	output_is "brig: jail $J: brig.storage btrfs: $ROOT is on tmpfs, not btrfs"
	# a root on btrfs, BRIG_DATADIR not
	btrfs_at "$BATS_TEST_TMPDIR/b"
	ROOT=$BATS_TEST_TMPDIR/b/$J
	btrfs -q subvolume create "$ROOT"
	jail_conf "$ROOT" "brig.storage = btrfs;"
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/t/data
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 1 ]
	output_is "brig: snapshot $J@s1: snapshot $ROOT as $BRIG_DATADIR/snapshots/$J/s1: not on the same btrfs filesystem (a snapshot stays on its subvolume's filesystem; put BRIG_DATADIR there)"
	# a plain directory where the subvolume should be
	mkdir "$BATS_TEST_TMPDIR/b/plain"
	jail_conf "$BATS_TEST_TMPDIR/b/plain" "brig.storage = btrfs;"
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/b/data
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 1 ]
	output_is "brig: snapshot $J@s1: $BATS_TEST_TMPDIR/b/plain is a plain directory, not a btrfs subvolume (brig.storage btrfs)"
}

@test "hostile root: links out of the tree are copied as links, never followed" {
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	OUT=$BATS_TEST_TMPDIR/outside
	fill_root "$ROOT"
	mkdir -p "$OUT"
	echo precious >"$OUT/keep"
	ln -s "$OUT" "$ROOT/victim"
	ln -s /etc "$ROOT/etc2"
	jail_conf "$ROOT"
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 0 ]
	S=$BRIG_DATADIR/snapshots/$J/s1
	[ -L "$S/etc2" ] && [ "$(readlink "$S/etc2")" = /etc ]
	[ -L "$S/victim" ] && [ -L "$S/escape" ]
	# nothing of the host's /etc came in
	[ "$(find "$S" -name shadow | wc -l)" -eq 0 ]
	[ "$(find "$S" -name passwd | wc -l)" -eq 1 ]
	[ "$(find "$S" | wc -l)" -eq "$(find "$ROOT" | wc -l)" ]
	# rollback deletes the old root: the link's target stays
	run "$BRIG" rollback "$J" s1
	[ "$status" -eq 0 ]
	[ "$(cat "$OUT/keep")" = precious ]
	run "$BRIG" destroy -f "$J"
	[ "$status" -eq 0 ]
	[ "$(cat "$OUT/keep")" = precious ]
	[ -f /etc/passwd ]
}

@test "hostile names: / and .. in jail and snapshot names are refused" {
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	fill_root "$ROOT"
	jail_conf "$ROOT"
	run "$BRIG" snapshot ../etc
	[ "$status" -eq 1 ]
	output_is "brig: invalid jail name \"../etc\": only letters, digits, '_' and '-'"
	run "$BRIG" snapshot "$J" ../../../tmp/x
	[ "$status" -eq 1 ]
	output_is "brig: invalid snapshot name \"../../../tmp/x\": only letters, digits, '.', '_', ':' and '-'"
	run "$BRIG" snapshot "$J" ..
	output_is "brig: invalid snapshot name \"..\": it starts with '.'"
	run "$BRIG" snapshot "$J" -- -rf
	output_is "brig: invalid snapshot name \"-rf\": it starts with '-'"
	run "$BRIG" rollback "$J" ../s
	[ "$status" -eq 1 ]
	run "$BRIG" clone "$J" ../../evil
	[ "$status" -eq 1 ]
	output_is "brig: invalid jail name \"../../evil\": only letters, digits, '_' and '-'"
	run "$BRIG" clone "$J@../x" y
	[ "$status" -eq 1 ]
	run "$BRIG" destroy ..
	[ "$status" -eq 1 ]
	run "$BRIG" destroy "a/b"
	[ "$status" -eq 1 ]
	[ ! -e "$BRIG_DATADIR/snapshots" ] || [ -z "$(ls -A "$BRIG_DATADIR/snapshots")" ]
	[ ! -e "$BATS_TEST_TMPDIR/x" ] && [ ! -e "$BATS_TEST_TMPDIR/evil" ]
	# a root holding BRIG_DATADIR, a clone into its own source
	jail_conf "$BATS_TEST_TMPDIR"
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 1 ]
	output_is "brig: snapshot $J@s1: the snapshots ($BRIG_DATADIR/snapshots/$J) would be inside the root ($BATS_TEST_TMPDIR)"
	cat >"$BRIG_CONF" <<CONF
$J { path = "$ROOT"; }
in { path = "$ROOT/srv/in"; }
CONF
	run "$BRIG" clone "$J" in
	[ "$status" -eq 1 ]
	output_is "brig: clone $J to in: $ROOT and $ROOT/srv/in are inside one another"
	# a root too close to / is refused outright
	jail_conf /usr
	run "$BRIG" destroy -f "$J"
	[ "$status" -eq 1 ]
	output_is "brig: jail $J: root \"/usr\": a jail's root must be at least two levels below /"
	[ -d /usr/bin ]
}

@test "a full disk during a snapshot or a clone: a clear error, nothing half-made" {
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	fill_root "$ROOT"
	head -c 12M /dev/urandom >"$ROOT/srv/big"
	jail_conf "$ROOT"
	tmpfs_at "$BATS_TEST_TMPDIR/small" 8m
	export BRIG_DATADIR=$BATS_TEST_TMPDIR/small/data
	run "$BRIG" snapshot "$J" s1
	[ "$status" -eq 1 ]
	[[ "$output" == "brig: snapshot $J@s1: "*": No space left on device" ]]
	run ls -A "$BRIG_DATADIR/snapshots/$J"
	output_is ""
	run "$BRIG" snapshots "$J"
	[ "${#lines[@]}" -eq 1 ]
	run "$BRIG" clone "$J" "${J}c"
	[ "$status" -eq 1 ]
	[[ "$output" == *"No space left on device" ]]
	run ls -A "$BRIG_DATADIR/jails"
	output_is ""
	[ "$(df --output=used -B1 "$BATS_TEST_TMPDIR/small" | tail -1)" -lt 1048576 ]
}

@test "a running jail: rollback and destroy are refused, rollback -r stops, rolls back and starts it" {
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	fill_root "$ROOT"
	jail_conf "$ROOT" "persist; mount.devfs; host.hostname = \"$J.lan\";"
	size=$("$BRIG" snapshot "$J" s1)
	size=${size##*: }
	run "$BRIG" start "$J"
	[ "$status" -eq 0 ]
	"$BRIG" exec "$J" sh -c 'echo version 2 >/srv/data/state'
	[ "$(cat "$ROOT/srv/data/state")" = "version 2" ]
	run "$BRIG" rollback "$J" s1
	[ "$status" -eq 1 ]
	output_is "brig: jail $J is running: stop it before a rollback (or use rollback -r)"
	run "$BRIG" destroy -f "$J"
	[ "$status" -eq 1 ]
	output_is "brig: jail $J is running: stop it before destroying it"
	[ -d "$ROOT/bin" ]
	pid1=$("$BRIG" status "$J" | brig_status_pid "$J")
	run "$BRIG" rollback -r "$J" s1
	[ "$status" -eq 0 ]
	output_is "$J: removed
$J: rolled back to s1 ($size)
$J: created"
	run "$BRIG" status "$J"
	[[ "${lines[1]}" == "$J"*running* ]]
	pid2=$("$BRIG" status "$J" | brig_status_pid "$J")
	[ "$pid1" != "$pid2" ]
	run "$BRIG" exec "$J" cat /srv/data/state
	output_is "version 1"
	run "$BRIG" exec "$J" hostname
	output_is "$J.lan"
	"$BRIG" stop "$J"
	run "$BRIG" destroy -f "$J"
	[ "$status" -eq 0 ]
	[ ! -e "$ROOT" ]
}

@test "du: every jail of the configuration, each inode once" {
	ROOT=$BATS_TEST_TMPDIR/jails/$J
	fill_root "$ROOT"
	head -c 4M /dev/urandom >"$ROOT/srv/four"
	ln "$ROOT/srv/four" "$ROOT/srv/four.again"
	cat >"$BRIG_CONF" <<CONF
$J { path = "$ROOT"; }
${J}none { path = "$BATS_TEST_TMPDIR/jails/none"; }
CONF
	"$BRIG" snapshot "$J" s1
	run "$BRIG" du -p
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "NAME                 STORAGE       USED  SNAPSHOTS  PATH" ]
	read -r name storage used snaps path <<<"${lines[1]}"
	[ "$name" = "$J" ] && [ "$storage" = dir ]
	# 4 MiB once, not twice, plus busybox and the 3 MB blob
	want=$(du -s -B1 "$ROOT" | cut -f1)
	[ "$used" -eq "$want" ]
	[ "$snaps" -ge "$used" ]
	read -r name storage used snaps path <<<"${lines[2]}"
	[ "$name" = "${J}none" ] && [ "$used" = - ] && [ "$snaps" = - ]
	run "$BRIG" du "$J"
	[[ "${lines[1]}" =~ ^$J\ +dir\ +[0-9.]+\ MiB\ +[0-9.]+\ MiB\ +$ROOT$ ]]
}

@test "zfs backend: create, snapshot, rollback, clone, destroy through zfs(8)" {
	if ! command -v zfs >/dev/null || ! command -v zpool >/dev/null ||
	    { ! grep -qw zfs /proc/filesystems && [ ! -e /dev/zfs ]; }; then
		skip "no ZFS kernel module here"
	fi
	POOL=brigt$$
	truncate -s 256M "$BATS_TEST_TMPDIR/zpool.img"
	zpool create -m none "$POOL" "$BATS_TEST_TMPDIR/zpool.img"
	echo "zpool:$POOL" >>"$MOUNTS"
	zfs create -o mountpoint="$BATS_TEST_TMPDIR/zj" "$POOL/jails"
	ROOT=$BATS_TEST_TMPDIR/zj/$J
	jail_conf "$ROOT" "brig.storage = zfs;"
	zfs create -o mountpoint="$ROOT" "$POOL/jails/$J"
	fill_root "$ROOT"
	before=$(tree_sum "$ROOT")
	run "$BRIG" snapshot "$J" s1
	output_is "snapshot $J@s1: zfs snapshot"
	echo changed >"$ROOT/srv/data/state"
	run "$BRIG" rollback "$J" s1
	output_is "$J: rolled back to s1 (zfs snapshot)"
	[ "$(tree_sum "$ROOT")" = "$before" ]
	run "$BRIG" snapshots -p "$J"
	[[ "${lines[1]}" == s1\ * ]]
	run "$BRIG" clone "$J@s1" "${J}c"
	[ "$status" -eq 0 ]
	zfs list "$POOL/jails/${J}c"
	run "$BRIG" destroy "$J"
	[ "$status" -eq 1 ]
	"$BRIG" destroy "${J}c"
	run "$BRIG" destroy -f "$J"
	[ "$status" -eq 0 ]
	zpool destroy "$POOL"
}
