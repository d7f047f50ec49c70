#!/usr/bin/env bats
# brig export and import (src/cli/export.c, src/store/export.c): a jail
# as one archive with its stanza and a manifest, imported under a new
# name with every owner, mode, link and attribute; a thin jail exported
# whole; hostile archives that write nothing outside the new root.
#
# Everything lives in $BATS_TEST_TMPDIR: roots, archives, and the
# directory ("outside") an escape would write to.

load helpers

setup() {
	requires root cmd:busybox cmd:tar cmd:getfattr cmd:setfattr
	brig_setup
	T=$BATS_TEST_TMPDIR
	J=ex$BATS_TEST_NUMBER$$
	N=im$BATS_TEST_NUMBER$$
	mkdir -p "$T/outside"
	MOUNTS_BEFORE=$(my_mounts)
}

teardown() {
	local m
	stop_all_jails
	awk -v t="$BATS_TEST_TMPDIR" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo | sort -r | while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
}

# The mount points in /proc/self/mountinfo under the test's directory,
# where all it makes lives (other tests may mount elsewhere meanwhile).
my_mounts() {
	awk -v t="$BATS_TEST_TMPDIR" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo | sort
}

no_mounts_left() {
	[ "$(my_mounts)" = "$MOUNTS_BEFORE" ]
}

# Everything an import must keep: names, types, modes, owners, sizes,
# link counts, mtimes, link targets, device numbers, contents and the
# user.* attributes.
tree_sum() {
	(
		cd "$1" || exit 1
		find . ! -type d -printf '%p %y %m %U:%G %s %n %T@ %l\n' |
		    LC_ALL=C sort
		find . -type d -printf '%p %m %U:%G %T@\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum
		find . \( -type c -o -type b \) -print0 | LC_ALL=C sort -z |
		    xargs -0r stat -c '%n %t:%T'
		find . -print0 | LC_ALL=C sort -z |
		    xargs -0r getfattr -h -d -m '^user\.' 2>/dev/null
	)
}

# A jail root with something of everything.
fill_root() {
	local r=$1
	make_rootfs "$r"
	mkdir -p "$r/srv/data" "$r/var/empty" "$r/home/u/.hidden"
	echo "version 1" >"$r/srv/data/state"
	head -c 300000 /dev/urandom >"$r/srv/data/blob"
	ln "$r/srv/data/state" "$r/srv/data/state.hard"
	ln -s /etc "$r/escape"
	ln -s ../../../../../../etc/shadow "$r/srv/up"
	mkfifo "$r/srv/fifo"
	mknod "$r/srv/null" c 1 3
	echo secret >"$r/home/u/.hidden/key"
	chown -R 1000:1000 "$r/home/u"
	chmod 0600 "$r/home/u/.hidden/key"
	chown 65534:65534 "$r/srv/data/state"
	chmod 4750 "$r/srv/data/blob"
	chmod 0555 "$r/var/empty"
	setfattr -n user.brig -v kept "$r/srv/data/blob"
	touch -d '2001-02-03 04:05:06' "$r/srv/data/state" "$r/srv"
}

@test "export a jail, import it under a new name: identical roots, the stanza printed" {
	ROOT=$T/jails/$J
	fill_root "$ROOT"
	cat >"$BRIG_CONF" <<CONF
$J {
	path = "$ROOT";
	host.hostname = "$J.lan";
	exec.start = "/bin/sh /etc/rc";
	persist;
}
CONF
	run "$BRIG" export "$J" "$T/$J.tar.zst"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^exported\ $J\ to\ $T/$J.tar.zst:\ [0-9]+\ files,\ [0-9.]+\ MiB$ ]]
	[ "$(stat -c %a "$T/$J.tar.zst")" = 600 ]
	# self-describing: the manifest and the stanza come first
	run tar -tf "$T/$J.tar.zst"
	[ "${lines[0]}" = .brig/manifest ]
	[ "${lines[1]}" = .brig/jail.conf ]
	[ "${lines[2]}" = ./ ]
	run tar -xOf "$T/$J.tar.zst" .brig/manifest
	[ "${lines[0]}" = "brig-export 1" ]
	[ "${lines[2]}" = "name $J" ]
	[ "${lines[3]}" = "backend dir" ]
	run tar -xOf "$T/$J.tar.zst" .brig/jail.conf
	output_is "$("$BRIG" show "$J")"
	# an existing archive is not overwritten
	run "$BRIG" export "$J" "$T/$J.tar.zst"
	[ "$status" -eq 1 ]
	output_is "brig: export: jail $J: $T/$J.tar.zst: File exists"
	run "$BRIG" import --devices "$T/$J.tar.zst" "$N"
	[ "$status" -eq 0 ]
	date=$(tar -xOf "$T/$J.tar.zst" .brig/manifest | sed -n 's/^date //p')
	output_is "# brig import: jail $N from $T/$J.tar.zst (jail $J, exported by brig $("$BRIG" --version | cut -d' ' -f2) on $date)
# read it before adding it to jail.conf: its exec.* commands run as root,
# and its addresses and interfaces were another jail's
$N {
	path = \"$BRIG_DATADIR/jails/$N\";
	host.hostname = $J.lan;
	exec.start = \"/bin/sh /etc/rc\";
	persist;
}
${lines[9]}"
	[[ "${lines[9]}" =~ ^#\ $N:\ [0-9]+\ files,\ [0-9.]+\ MiB\ in\ $BRIG_DATADIR/jails/$N$ ]]
	# the printed stanza is valid jail.conf
	printf '%s\n' "$output" >"$T/new.conf"
	run "$BRIG" show -f "$T/new.conf" "$N"
	[ "$status" -eq 0 ]
	[ "$(tree_sum "$ROOT")" = "$(tree_sum "$BRIG_DATADIR/jails/$N")" ]
	[ "$(getfattr -h --only-values -n user.brig "$BRIG_DATADIR/jails/$N/srv/data/blob")" = kept ]
	[ ! -e "$BRIG_DATADIR/jails/$N/.brig" ]
	# an existing root is refused
	run "$BRIG" import "$T/$J.tar.zst" "$N"
	[ "$status" -eq 1 ]
	output_is "brig: import: jail $N: $BRIG_DATADIR/jails/$N exists: import makes a new root"
}

@test "gzip, xz and plain tar by the file name; device nodes only with --devices; a snapshot exported" {
	ROOT=$T/jails/$J
	fill_root "$ROOT"
	echo "$J { path = \"$ROOT\"; }" >"$BRIG_CONF"
	"$BRIG" snapshot "$J" s1 >/dev/null
	echo "version 2" >"$ROOT/srv/data/state"
	for ext in tar.gz tgz tar.xz tar; do
		run "$BRIG" export "$J@s1" "$T/a.$ext"
		[ "$status" -eq 0 ]
		[[ "$output" == "exported $J@s1 to $T/a.$ext: "* ]]
		run tar -xOf "$T/a.$ext" ./srv/data/state
		output_is "version 1"
	done
	run tar -xOf "$T/a.tar" .brig/manifest
	[[ "$output" == *"snapshot s1"* ]]
	run "$BRIG" export "$J" "$T/a.zip"
	[ "$status" -eq 2 ]
	output_is "brig: export: $T/a.zip: the name says how to compress: .tar.zst, .tar.gz, .tar.xz or .tar"
	run "$BRIG" export nosuch "$T/b.tar"
	[ "$status" -eq 1 ]
	output_is "brig: export: no jail named \"nosuch\" in $BRIG_CONF (its stanza goes into the archive)"
	# without --devices: left out, and said so; the jail's name is the default
	run "$BRIG" import "$T/a.tar.gz"
	[ "$status" -eq 1 ]
	output_is "brig: import: jail $J: $ROOT exists: import makes a new root"
	run "$BRIG" import "$T/a.tar.gz" "$N"
	[ "$status" -eq 0 ]
	[[ "$output" == *"device nodes left out: 1 (--devices makes them)"* ]]
	[ ! -e "$BRIG_DATADIR/jails/$N/srv/null" ]
	[ "$(cat "$BRIG_DATADIR/jails/$N/srv/data/state")" = "version 1" ]
}

@test "a thin jail is exported whole, base included, and imports as a plain directory" {
	requires cmd:mountpoint
	make_rootfs "$T/base"
	echo "from the base" >"$T/base/etc/motd"
	cat >"$BRIG_CONF" <<CONF
$J {
	path = "$T/jails/$J";
	brig.storage = overlay;
	exec.start = "echo changed >/etc/motd; rm /bin/rm; sleep 100000 &";
	exec.consolelog = "$T/console.log";
	persist;
}
CONF
	"$BRIG" create --from "dir:$T/base" "$J" >/dev/null
	"$BRIG" start "$J" >/dev/null
	# running: the mounted root is read
	run "$BRIG" export "$J" "$T/running.tar.zst"
	[ "$status" -eq 0 ]
	"$BRIG" stop "$J" >/dev/null
	no_mounts_left
	# stopped: a read-only overlay attached nowhere, gone afterwards
	run "$BRIG" export "$J" "$T/stopped.tar.zst"
	[ "$status" -eq 0 ]
	no_mounts_left
	run tar -xOf "$T/stopped.tar.zst" .brig/manifest
	[[ "$output" == *"backend overlay"*"base $T/base"* ]]
	[ "$(tar -tf "$T/running.tar.zst" | sort)" = "$(tar -tf "$T/stopped.tar.zst" | sort)" ]
	run "$BRIG" import "$T/stopped.tar.zst" "$N"
	[ "$status" -eq 0 ]
	# no brig.storage in the printed stanza: a plain directory
	[[ "$output" != *brig.storage* ]]
	R=$BRIG_DATADIR/jails/$N
	[ "$(cat "$R/etc/motd")" = changed ]
	[ ! -e "$R/bin/rm" ]
	[ -x "$R/bin/busybox" ]
	[ -z "$(find "$R" -type c)" ]	# no whiteout came along
	run "$BRIG" du "$N"
	[[ "${lines[1]}" =~ ^$N\ +dir\  ]]
	no_mounts_left
}

# hostile_archive FILE MEMBERS...: a brig export's head (manifest,
# stanza) made by hand, then members appended by the caller.
hostile_head() {
	mkdir -p "$T/h/.brig"
	printf 'brig-export 1\nname evil\nbackend dir\n' >"$T/h/.brig/manifest"
	printf 'evil {\n\tpath = "/jails/evil";\n}\n' >"$T/h/.brig/jail.conf"
	tar -C "$T/h" -cf "$1" .brig/manifest .brig/jail.conf
}

@test "a hostile archive is refused by import and writes nothing outside the new root" {
	mkdir -p "$T/s"
	echo pwned >"$T/s/pwned"
	: >"$BRIG_CONF"
	# a member that climbs out
	hostile_head "$T/dotdot.tar"
	tar -C "$T/s" -rPf "$T/dotdot.tar" --transform 's,^,../../../../outside/,' pwned
	run "$BRIG" import "$T/dotdot.tar" "$N"
	[ "$status" -eq 1 ]
	output_is "brig: import: jail $N: $T/dotdot.tar: member \"../../../../outside/pwned\": a \"..\" component is refused"
	[ ! -e "$BRIG_DATADIR/jails/$N" ]
	# a symbolic link out, then a file through it
	hostile_head "$T/link.tar"
	ln -s "$T/outside" "$T/s/lnk"
	tar -C "$T/s" -rf "$T/link.tar" lnk
	mkdir -p "$T/s2/lnk"
	echo pwned >"$T/s2/lnk/pwned"
	tar -C "$T/s2" -rf "$T/link.tar" lnk/pwned
	run "$BRIG" import "$T/link.tar" "$N"
	[ "$status" -eq 1 ]
	[[ "$output" == "brig: import: jail $N: $T/link.tar: member lnk/pwned: "* ]]
	[ ! -e "$BRIG_DATADIR/jails/$N" ]
	# the .brig members are never extracted, even as a link
	hostile_head "$T/meta.tar"
	ln -s "$T/outside" "$T/s/.brig"
	tar -C "$T/s" -rf "$T/meta.tar" .brig
	run "$BRIG" import "$T/meta.tar" "$N"
	[ "$status" -eq 0 ]
	[ ! -e "$BRIG_DATADIR/jails/$N/.brig" ]
	# not a brig export at all
	tar -C "$T/s" -cf "$T/plain.tar" pwned
	run "$BRIG" import "$T/plain.tar" "$N-2"
	[ "$status" -eq 1 ]
	output_is "brig: import: $T/plain.tar: not a brig export: it does not start with .brig/manifest"
	# a stanza with an escape sequence, which could hide a line
	mkdir -p "$T/e/.brig"
	printf 'brig-export 1\nname evil\n' >"$T/e/.brig/manifest"
	printf 'evil {\n\texec.start = "rm -rf /";\033[1A\033[2K\n}\n' >"$T/e/.brig/jail.conf"
	tar -C "$T/e" -cf "$T/esc.tar" .brig/manifest .brig/jail.conf
	run "$BRIG" import "$T/esc.tar" "$N-3"
	[ "$status" -eq 1 ]
	output_is "brig: import: $T/esc.tar: .brig/jail.conf: a control character (only tab and newline are taken)"
	[ ! -e "$BRIG_DATADIR/jails/$N-3" ]
	# a name that is not a jail name
	run "$BRIG" import "$T/meta.tar" "../x"
	[ "$status" -eq 1 ]
	output_is "brig: import: invalid jail name \"../x\": only letters, digits, '_' and '-'"
	[ -z "$(ls -A "$T/outside")" ]
	no_mounts_left
}

@test "import into a jail that jail.conf names: its path and backend, no stanza printed; overlay refused" {
	ROOT=$T/jails/$J
	make_rootfs "$ROOT"
	cat >"$BRIG_CONF" <<CONF
$J { path = "$ROOT"; }
$N { path = "$T/elsewhere/$N"; }
thin$$ { path = "$T/jails/thin$$"; brig.storage = overlay; }
CONF
	"$BRIG" export "$J" "$T/j.tar.gz" >/dev/null
	run "$BRIG" import "$T/j.tar.gz" "$N"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "# brig import: jail $N from $T/j.tar.gz: its stanza in $BRIG_CONF applies" ]
	[ -x "$T/elsewhere/$N/bin/busybox" ]
	run "$BRIG" import "$T/j.tar.gz" thin$$
	[ "$status" -eq 1 ]
	output_is "brig: import: jail thin$$: brig.storage overlay: an import is a whole root, not a layer over a base"
}
