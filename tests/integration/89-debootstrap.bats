#!/usr/bin/env bats
# brig create and bootstrap --from debootstrap:SUITE (src/store/
# debootstrap.c, src/cli/create.c): real debootstrap(8) making a real
# Debian root of the host's suite, from a local file:// mirror that
# setup_file builds, signed with a key made for it, out of the packages
# scripts/fetch-debs put in /var/cache/brig/debs (install-deps runs it;
# no test downloads anything).  The suite becomes a release once; a second
# jail from it is a copy.  Failures, a bad signature and an interrupt
# leave no release, no mount and no process behind.

load helpers

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	. /etc/os-release
	export SUITE=$VERSION_CODENAME
	export DEBS=/var/cache/brig/debs/$SUITE
	export MIRROR=$BATS_FILE_TMPDIR/mirror
	if [ -e "$DEBS/.complete" ] && command -v debootstrap >/dev/null &&
	    command -v apt-ftparchive >/dev/null; then
		"$BATS_TEST_DIRNAME/../debmirror/build.sh" "$DEBS" "$MIRROR"
	fi
}

setup() {
	requires root cmd:debootstrap cmd:gpg cmd:dpkg-scanpackages
	[ -e "$DEBS/.complete" ] ||
	    skip "no packages in $DEBS (scripts/install-deps fetches them)"
	brig_setup
	T=$BATS_TEST_TMPDIR
	MOUNTS_BEFORE=$(my_mounts)
	J=deb$BATS_TEST_NUMBER$$
	K=dbk$BATS_TEST_NUMBER$$
	conf <<-EOF
	persist;
	mount.devfs;
	exec.start = "sleep 100000 &";
	$J { path = "$T/roots/$J"; }
	$K { path = "$T/roots/$K"; }
	EOF
	OPTS=(--mirror "file://$MIRROR" --keyring "$MIRROR/key.gpg")
}

teardown() {
	local m
	stop_all_jails
	pkill -KILL -f "debootstrap.*$BATS_TEST_TMPDIR" 2>/dev/null || true
	awk -v t="$BATS_TEST_TMPDIR" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo | sort -r | while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
}

my_mounts() {
	awk -v t="$BATS_TEST_TMPDIR" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo | sort
}

# Nothing mounted, no debootstrap running, no release left.
nothing_left() {
	[ "$(my_mounts)" = "$MOUNTS_BEFORE" ]
	! pgrep -f "debootstrap.*$BATS_TEST_TMPDIR"
	[ ! -e "$BRIG_DATADIR/releases/$1" ]
}

@test "a suite becomes a release once; the second jail from it is a copy" {
	run "$BRIG" create "${OPTS[@]}" --from "debootstrap:$SUITE+netbase" "$J"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^created\ release\ $SUITE-netbase\ from\ debootstrap:$SUITE\+netbase:\ [0-9]+\ files,\ [0-9.]+\ MiB$ ]]
	[[ "${lines[1]}" =~ ^created\ $J\ from\ debootstrap:$SUITE\+netbase:\ [0-9]+\ files ]]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(cat "$T/roots/$J/etc/os-release" | grep ^VERSION_CODENAME=)" = \
	    "VERSION_CODENAME=$SUITE" ]
	run "$BRIG" bootstrap -l
	output_is "$SUITE-netbase	dir	debootstrap:$SUITE+netbase"
	# Nothing mounted by debootstrap stayed (it mounts /proc in the
	# target), and the jail runs: dpkg in it knows the extra package.
	nothing_mounted=$(my_mounts)
	[ "$nothing_mounted" = "$MOUNTS_BEFORE" ]
	"$BRIG" start "$J"
	run "$BRIG" exec "$J" dpkg-query -W -f '${Status}' netbase
	output_is "install ok installed"
	run "$BRIG" exec "$J" /usr/bin/apt-get --version
	[ "$status" -eq 0 ]
	# The second jail: the same source, packages in another order and
	# repeated, is the same release: no debootstrap, one line.
	touch "$BRIG_DATADIR/releases/$SUITE-netbase/etc/from-the-release"
	run "$BRIG" create "${OPTS[@]}" --from "debootstrap:$SUITE+netbase,netbase" "$K"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" =~ ^created\ $K\ from\ debootstrap: ]]
	[ -e "$T/roots/$K/etc/from-the-release" ]
	[ ! -e "$T/roots/$J/etc/from-the-release" ]
	# Independent copies.
	echo changed >"$T/roots/$K/etc/hostname"
	[ "$(cat "$BRIG_DATADIR/releases/$SUITE-netbase/etc/hostname")" != changed ]
}

@test "a release of that name from another source is an error, not reused" {
	mkdir -p "$T/base/etc"
	echo other >"$T/base/etc/motd"
	tar -C "$T/base" -cf "$T/base.tar" .
	"$BRIG" bootstrap --from "$T/base.tar" "$SUITE"
	run "$BRIG" create "${OPTS[@]}" --from "debootstrap:$SUITE" "$J"
	[ "$status" -eq 1 ]
	output_is "brig: create: release $SUITE was made from tar:$T/base.tar, not debootstrap:$SUITE (brig bootstrap -d $SUITE drops it)"
	[ ! -e "$T/roots/$J" ]
}

@test "a mirror signed by a key not in the keyring, or a missing package: nothing is left" {
	# debootstrap's default keyring is Debian's: the test key is not in it.
	run "$BRIG" bootstrap --mirror "file://$MIRROR" --from "debootstrap:$SUITE" rel
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == "brig: bootstrap: release rel: debootstrap $SUITE file://$MIRROR (exited 1): Release signed by unknown key"* ]]
	nothing_left rel
	run "$BRIG" bootstrap "${OPTS[@]}" --from "debootstrap:$SUITE+no-such-package" rel
	echo "$output"
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: release rel: debootstrap $SUITE file://$MIRROR (exited 1): Couldn't find these debs: no-such-package"
	nothing_left rel
	run "$BRIG" bootstrap "${OPTS[@]}" --from "debootstrap:no-such-suite" rel
	[ "$status" -eq 1 ]
	[[ "$output" == *"No such script: "*"/no-such-suite" ]]
	nothing_left rel
}

@test "bad suites, package names and options are refused before anything runs" {
	run "$BRIG" bootstrap --from "debootstrap:" rel
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: debootstrap: names no suite (debootstrap:SUITE[+PACKAGE[,PACKAGE...]])"
	run "$BRIG" bootstrap --from "debootstrap:--foreign" rel
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: debootstrap: \"--foreign\" is not a suite name (lower-case letters, digits, '-' and '.': bookworm, stable)"
	run "$BRIG" bootstrap --from "debootstrap:$SUITE+--print-debs" rel
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: debootstrap: \"--print-debs\" is not a Debian package name (lower-case letters, digits, '+', '-' and '.', two at least)"
	run "$BRIG" bootstrap --from "debootstrap:$SUITE+a,,b" rel
	[ "$status" -eq 1 ]
	run "$BRIG" bootstrap --mirror "-x" --from "debootstrap:$SUITE" rel
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: release rel: debootstrap: \"-x\" is not a mirror URL (http://, https:// or file:///)"
	run "$BRIG" bootstrap --keyring "$T/none.gpg" --from "debootstrap:$SUITE" rel
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: --keyring $T/none.gpg: No such file or directory"
	run "$BRIG" bootstrap --mirror "file://$MIRROR" --from "$T/x.tar" rel
	[ "$status" -eq 2 ]
	output_is "brig: bootstrap: --mirror and --keyring are for a debootstrap: source"
	nothing_left rel
}

@test "an interrupt stops debootstrap and its dpkg, and leaves nothing" {
	"$BRIG" bootstrap "${OPTS[@]}" --from "debootstrap:$SUITE" rel \
	    >"$T/out" 2>&1 &
	pid=$!
	# Until it is unpacking into the target.
	for _ in $(seq 300); do
		[ -e "$BRIG_DATADIR/releases/rel/var/lib/dpkg/status" ] && break
		sleep 0.1
	done
	[ -e "$BRIG_DATADIR/releases/rel/var/lib/dpkg/status" ]
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	cat "$T/out"
	[ "$st" -eq 1 ]
	grep -qx "brig: bootstrap: release rel: interrupted" "$T/out"
	nothing_left rel
}
