#!/usr/bin/env bats
# brig create --from SOURCE (src/cli/create.c, src/store/tar.c,
# src/store/closure.c): tarballs made here with tar(1) in every
# compression, FreeBSD base.txz's shape included, extracted with owners,
# modes, times and links intact; hostile archives ("..", absolute names,
# a symbolic link then a file through it, a hard link to /etc/passwd,
# device nodes) that write nothing outside the root; closures of host
# programs that run chrooted; and failures, interrupts included, that
# leave no half-made root.
#
# Everything lives in $BATS_TEST_TMPDIR: the jails' roots, the files an
# escape would write ("outside"), the tarballs.

load helpers

setup() {
	requires root cmd:tar
	brig_setup
	T=$BATS_TEST_TMPDIR
	mkdir -p "$T/roots" "$T/outside"
	conf <<-EOF
	t { path = "$T/roots/t"; }
	u { path = "$T/roots/u"; }
	EOF
	ROOT=$T/roots/t
}

teardown() {
	if [ -n "${ROOT:-}" ] && mountpoint -q "$ROOT/proc" 2>/dev/null; then
		umount "$ROOT/proc"
	fi
	if [ -n "${LOCALLIB:-}" ]; then
		rm -f "$LOCALLIB"
	fi
}

# Some regular file under $1 already.
has_files() {
	[ -n "$(find "$1" -type f 2>/dev/null | head -1)" ]
}

# A tree shaped like FreeBSD's base.txz: ./bin/sh, ./bin/[ a hard link
# of ./bin/test, ./etc/rc, set-id programs, a root-only file, a sticky
# /tmp, a user's home, library links and an absolute link, a FIFO, all
# at whole-second times (ustar keeps seconds).
make_base() {
	local b=$1
	mkdir -p "$b"/{bin,etc,tmp,var/empty,home/user,usr/bin,usr/lib,usr/libexec,libexec,usr/share/doc}
	printf '#!/bin/sh\necho base\n' >"$b/bin/sh"
	printf 'test\n' >"$b/bin/test"
	ln "$b/bin/test" "$b/bin/["
	printf 'rc\n' >"$b/etc/rc"
	printf 'root:*:0:0::0:0:Charlie &:/root:/bin/csh\n' >"$b/etc/master.passwd"
	chmod 600 "$b/etc/master.passwd"
	head -c 100000 /dev/urandom >"$b/usr/bin/su"
	chmod 4555 "$b/usr/bin/su"
	printf 'wall\n' >"$b/usr/bin/wall"
	chown 0:4 "$b/usr/bin/wall"
	chmod 2555 "$b/usr/bin/wall"
	chmod 1777 "$b/tmp"
	chmod 555 "$b/var/empty"
	chown 1001:1002 "$b/home/user"
	chmod 750 "$b/home/user"
	printf 'notes\n' >"$b/home/user/notes"
	chown 1001:1002 "$b/home/user/notes"
	head -c 5000 /dev/urandom >"$b/usr/lib/libutil.so.9"
	ln -s libutil.so.9 "$b/usr/lib/libutil.so"
	printf 'ld\n' >"$b/libexec/ld-elf.so.1"
	chmod 555 "$b/libexec/ld-elf.so.1"
	ln -s /libexec/ld-elf.so.1 "$b/usr/libexec/ld-elf.so.1"
	ln -s ../../../etc "$b/usr/share/doc/escape"
	mkfifo "$b/var/fifo"
	dd if=/dev/zero of="$b/usr/share/doc/sparse" bs=1 count=0 seek=3M 2>/dev/null
	printf 'end' >>"$b/usr/share/doc/sparse"
	find "$b" -exec touch -h -d @1000000000 {} +
	touch -h -d @1234567890 "$b/etc/rc" "$b/usr/lib/libutil.so" "$b/var/empty"
}

# What is compared: path, type, mode, owner, links, size (not of
# directories), mtime, link target.
listing() {
	(cd "$1" && find . -printf '%p %y %m %U:%G %n %T@ %l\n' | sort)
	(cd "$1" && find . ! -type d -printf '%p %s\n' | sort)
}

@test "a FreeBSD-shaped base in gzip, xz, zstd and bzip2: every entry, owner, mode, time and link" {
	requires cmd:xz cmd:zstd cmd:bzip2 cmd:gzip
	make_base "$T/base"
	for c in gz xz zst bz2; do
		case $c in
		gz) tar -C "$T/base" --numeric-owner -Sczf "$T/base.tgz" . ;;
		xz) tar -C "$T/base" --numeric-owner -ScJf "$T/base.txz" . ;;
		zst) tar -C "$T/base" --numeric-owner -S --zstd -cf "$T/base.tar.zst" . ;;
		bz2) tar -C "$T/base" --numeric-owner -Scjf "$T/base.tar.bz2" . ;;
		esac
	done
	# The FreeBSD shape: "./" first, then "./bin/..." names.
	run tar -tJf "$T/base.txz"
	[ "${lines[0]}" = ./ ]
	[[ " ${lines[*]} " == *" ./bin/sh "* ]]
	for f in base.tgz base.txz base.tar.zst tar:$T/base.tar.bz2; do
		[[ $f == tar:* ]] || f=$T/$f
		run "$BRIG" create t --from "$f"
		[ "$status" -eq 0 ]
		output_is "created t from $f: 15 files, 0.1 MiB"
		diff <(listing "$T/base") <(listing "$ROOT")
		[ "$(stat -c %i "$ROOT/bin/[")" = "$(stat -c %i "$ROOT/bin/test")" ]
		cmp "$T/base/usr/bin/su" "$ROOT/usr/bin/su"
		cmp "$T/base/usr/share/doc/sparse" "$ROOT/usr/share/doc/sparse"
		# The hole stays a hole.
		[ "$(stat -c %b "$ROOT/usr/share/doc/sparse")" -lt 100 ]
		rm -rf "$ROOT"
	done
}

@test "file capabilities and user attributes come along" {
	requires cmd:setcap cmd:getcap
	mkdir -p "$T/base/bin"
	cp /bin/true "$T/base/bin/ping"
	setcap cap_net_raw+ep "$T/base/bin/ping"
	tar -C "$T/base" --xattrs --xattrs-include='*' -czf "$T/caps.tgz" .
	run "$BRIG" create t --from "$T/caps.tgz"
	[ "$status" -eq 0 ]
	[[ "$(getcap "$ROOT/bin/ping")" == *cap_net_raw* ]]
}

@test "progress: one updating line on a terminal, nothing else when not" {
	requires cmd:script
	make_base "$T/base"
	tar -C "$T/base" -czf "$T/base.tgz" .
	run "$BRIG" create t --from "$T/base.tgz"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	rm -rf "$ROOT"
	run script -qec "$BRIG create t --from $T/base.tgz" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\r'"t: "*" files, "*" MiB"* ]]
	[[ "$output" == *"created t from $T/base.tgz: 15 files, 3.1 MiB"* ]]
}

@test "a \"..\" member refuses the archive; nothing is written outside and no root stays" {
	mkdir -p "$T/s"
	echo pwned >"$T/s/pwned"
	tar -C "$T/s" -cPf "$T/dotdot.tar" --transform 's,^,../../outside/,' pwned
	run tar -tPf "$T/dotdot.tar"
	output_is "../../outside/pwned"
	run "$BRIG" create t --from "tar:$T/dotdot.tar"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail t: $T/dotdot.tar: member \"../../outside/pwned\": a \"..\" component is refused"
	[ ! -e "$ROOT" ]
	[ -z "$(ls -A "$T/outside")" ]
}

@test "absolute member names land inside the root" {
	mkdir -p "$T/s"
	echo shadow >"$T/s/shadow"
	tar -C "$T/s" -cPf "$T/abs.tar" --transform "s,^,$T/outside/," shadow
	run tar -tPf "$T/abs.tar"
	output_is "$T/outside/shadow"
	run "$BRIG" create t --from "tar:$T/abs.tar"
	[ "$status" -eq 0 ]
	[ "$(cat "$ROOT$T/outside/shadow")" = shadow ]
	[ -z "$(ls -A "$T/outside")" ]
}

@test "a symbolic link, then a file through it: refused, nothing written where it points" {
	mkdir -p "$T/s1" "$T/s2/evil"
	ln -s "$T/outside" "$T/s1/evil"
	echo pwned >"$T/s2/evil/pwned"
	tar -C "$T/s1" -cf "$T/sym.tar" evil
	tar -C "$T/s2" -rf "$T/sym.tar" evil/pwned
	run tar -tvf "$T/sym.tar"
	[[ "${lines[0]}" == *"evil -> $T/outside" ]]
	[[ "${lines[1]}" == *" evil/pwned" ]]
	run "$BRIG" create t --from "tar:$T/sym.tar"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail t: $T/sym.tar: member evil/pwned: evil is a symbolic link: nothing is made through one"
	[ ! -e "$ROOT" ]
	[ -z "$(ls -A "$T/outside")" ]

	# A relative link that climbs out, then a directory of that name:
	# the same.
	mkdir -p "$T/s3" "$T/s4/up/x"
	ln -s ../../../outside "$T/s3/up"
	tar -C "$T/s3" -cf "$T/sym2.tar" up
	tar -C "$T/s4" -rf "$T/sym2.tar" up/x
	run "$BRIG" create t --from "tar:$T/sym2.tar"
	[ "$status" -eq 1 ]
	[ -z "$(ls -A "$T/outside")" ]
}

@test "a file at a symbolic link's own name replaces the link, never writes through it" {
	mkdir -p "$T/s1" "$T/s2"
	echo original >"$T/outside/target"
	ln -s "$T/outside/target" "$T/s1/evil"
	echo replaced >"$T/s2/evil"
	tar -C "$T/s1" -cf "$T/replace.tar" evil
	tar -C "$T/s2" -rf "$T/replace.tar" evil
	run "$BRIG" create t --from "tar:$T/replace.tar"
	[ "$status" -eq 0 ]
	[ "$(cat "$T/outside/target")" = original ]
	[ -f "$ROOT/evil" ] && [ ! -L "$ROOT/evil" ]
	[ "$(cat "$ROOT/evil")" = replaced ]
}

@test "a symbolic link that points outside is kept as a link, never followed" {
	mkdir -p "$T/s"
	ln -s /etc/passwd "$T/s/passwd"
	ln -s ../../../../../../etc "$T/s/etc"
	tar -C "$T/s" -cf "$T/links.tar" passwd etc
	run "$BRIG" create t --from "tar:$T/links.tar"
	[ "$status" -eq 0 ]
	[ "$(readlink "$ROOT/passwd")" = /etc/passwd ]
	[ "$(readlink "$ROOT/etc")" = ../../../../../../etc ]
}

@test "a hard link to /etc/passwd, or to ../../etc/passwd, is refused" {
	links=$(stat -c %h /etc/passwd)
	mkdir -p "$T/s"
	echo x >"$T/s/f"
	ln "$T/s/f" "$T/s/h"
	tar -C "$T/s" -cPf "$T/hl.tar" --transform='s,^f$,/etc/passwd,hRS' f h
	run tar -tvPf "$T/hl.tar"
	[[ "${lines[1]}" == *"h link to /etc/passwd" ]]
	run "$BRIG" create t --from "tar:$T/hl.tar"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail t: $T/hl.tar: member h: hard link to etc/passwd, which the archive has not made"
	[ ! -e "$ROOT" ]

	tar -C "$T/s" -cPf "$T/hl2.tar" --transform='s,^f$,../../etc/passwd,hRS' f h
	run "$BRIG" create t --from "tar:$T/hl2.tar"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail t: $T/hl2.tar: member h: hard link: member \"../../etc/passwd\": a \"..\" component is refused"
	[ ! -e "$ROOT" ]
	[ "$(stat -c %h /etc/passwd)" = "$links" ]
}

@test "device nodes: left out and counted without --devices, made with it" {
	mkdir -p "$T/s/dev"
	mknod "$T/s/dev/null" c 1 3
	mknod "$T/s/dev/loopx" b 7 200
	echo ok >"$T/s/dev/README"
	tar -C "$T/s" -czf "$T/dev.tgz" .
	run "$BRIG" create t --from "$T/dev.tgz"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "created t from $T/dev.tgz: 1 files, 0.0 MiB" ]
	[ "${lines[1]}" = "brig: create: device nodes left out: 2 (--devices makes them)" ]
	[ ! -e "$ROOT/dev/null" ] && [ ! -e "$ROOT/dev/loopx" ]
	[ -f "$ROOT/dev/README" ]
	run "$BRIG" create --devices u --from "$T/dev.tgz"
	[ "$status" -eq 0 ]
	output_is "created u from $T/dev.tgz: 3 files, 0.0 MiB"
	[ "$(stat -c '%F %t:%T' "$T/roots/u/dev/null")" = "character special file 1:3" ]
	[ "$(stat -c '%F %t:%T' "$T/roots/u/dev/loopx")" = "block special file 7:c8" ]
}

@test "closure of /usr/sbin/unbound: runs chrooted, links as the host has them" {
	requires cmd:unbound cmd:chroot
	run "$BRIG" create t --from closure:/usr/sbin/unbound
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^created\ t\ from\ closure:/usr/sbin/unbound:\ [0-9]+\ files,\ [0-9.]+\ MiB$ ]]
	run chroot "$ROOT" /usr/sbin/unbound -V
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Version "* ]]
	# Each link on the way as the host has it (merged /usr or not).
	for p in /lib64 /lib /lib64/ld-linux-x86-64.so.2; do
		if [ -L "$p" ]; then
			[ "$(readlink "$ROOT$p")" = "$(readlink "$p")" ]
		fi
	done
	for l in libssl.so.3 libc.so.6; do
		f=$(ldd /usr/sbin/unbound | awk -v l="$l" '$1 == l { print $3 }')
		cmp "$f" "$ROOT$f"
	done
	# The skeleton: root only, /tmp sticky.
	[ "$(cat "$ROOT/etc/passwd")" = "root:x:0:0:root:/root:/bin/sh" ]
	[ "$(stat -c %a "$ROOT/tmp")" = 1777 ]
	echo "# unbound closure: $(du -sh "$ROOT" | cut -f1)" >&3
}

@test "closure: \$ORIGIN run paths, a script's interpreter, named files and directories" {
	requires cmd:cc cmd:chroot
	mkdir -p "$T/app/lib" "$T/app/bin" "$T/conf/sub"
	printf 'const char *hello(void) { return "hello from lib"; }\n' >"$T/hello.c"
	printf '#include <stdio.h>\nconst char *hello(void);\nint main(void) { puts(hello()); return 0; }\n' >"$T/main.c"
	cc -shared -fPIC -Wl,-soname,libhello.so.1 -o "$T/app/lib/libhello.so.1.0" "$T/hello.c"
	ln -s libhello.so.1.0 "$T/app/lib/libhello.so.1"
	cc -o "$T/app/bin/prog" "$T/main.c" -L"$T/app/lib" -l:libhello.so.1 \
	    -Wl,--enable-new-dtags,-rpath,'$ORIGIN/../lib'
	printf '#!/bin/sh\necho script ran\n' >"$T/app/bin/script"
	chmod 755 "$T/app/bin/script"
	echo a >"$T/conf/a.conf"
	echo b >"$T/conf/sub/b.conf"
	ln -s a.conf "$T/conf/link.conf"
	run "$BRIG" create t --from "closure:$T/app/bin/prog,$T/app/bin/script+$T/conf:/etc/app,$T/conf/a.conf:/etc/a.conf"
	[ "$status" -eq 0 ]
	# The loader finds a program's $ORIGIN in /proc/self/exe.
	mount -t proc proc "$ROOT/proc"
	run chroot "$ROOT" "$T/app/bin/prog"
	umount "$ROOT/proc"
	output_is "hello from lib"
	[ "$(readlink "$ROOT$T/app/lib/libhello.so.1")" = libhello.so.1.0 ]
	run chroot "$ROOT" "$T/app/bin/script"
	output_is "script ran"
	[ "$(cat "$ROOT/etc/app/sub/b.conf")" = b ]
	[ "$(readlink "$ROOT/etc/app/link.conf")" = a.conf ]
	[ "$(cat "$ROOT/etc/a.conf")" = a ]

	# Without the run path, the library is nowhere the loader looks.
	cc -o "$T/app/bin/lost" "$T/main.c" -L"$T/app/lib" -l:libhello.so.1
	run "$BRIG" create u --from "closure:$T/app/bin/lost"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail u: $T/app/bin/lost: library libhello.so.1 not found"
	[ ! -e "$T/roots/u" ]
}

@test "closure: a library found through ld.so.conf alone gets a link where the jail's loader looks" {
	requires cmd:cc cmd:chroot
	[ -d /usr/local/lib ] && grep -qx /usr/local/lib /etc/ld.so.conf.d/*.conf ||
	    skip "/usr/local/lib is not in ld.so.conf"
	name=libbrigt$$.so.1
	# Made and removed here (teardown): a name no package uses.
	LOCALLIB=/usr/local/lib/$name
	printf 'const char *hello(void) { return "hello from /usr/local"; }\n' >"$T/hello.c"
	printf '#include <stdio.h>\nconst char *hello(void);\nint main(void) { puts(hello()); return 0; }\n' >"$T/main.c"
	cc -shared -fPIC -Wl,-soname,"$name" -o "$LOCALLIB" "$T/hello.c"
	cc -o "$T/prog" "$T/main.c" -L/usr/local/lib -l:"$name"
	run "$BRIG" create t --from "closure:$T/prog"
	[ "$status" -eq 0 ]
	trip=$(cc -dumpmachine)
	[ "$(readlink "$ROOT/usr/lib/$trip/$name")" = "$LOCALLIB" ]
	cmp "$LOCALLIB" "$ROOT$LOCALLIB"
	run chroot "$ROOT" "$T/prog"
	output_is "hello from /usr/local"
}

@test "closure: a program by name, a missing one, and a bad jail path" {
	requires cmd:chroot
	run "$BRIG" create t --from closure:true
	[ "$status" -eq 0 ]
	run chroot "$ROOT" /usr/bin/true
	[ "$status" -eq 0 ]
	run "$BRIG" create u --from closure:no-such-program-here
	[ "$status" -eq 1 ]
	output_is "brig: create: jail u: program no-such-program-here not found in /usr/local/sbin and the other standard directories"
	[ ! -e "$T/roots/u" ]
	run "$BRIG" create u --from "closure:/bin/true+/etc/hostname:etc/hostname"
	[ "$status" -eq 1 ]
	output_is "brig: create: jail u: file /etc/hostname:etc/hostname: the path in the jail must be absolute"
	[ ! -e "$T/roots/u" ]
}

@test "a truncated or corrupt tarball fails half-way and leaves nothing" {
	requires cmd:xz
	make_base "$T/base"
	tar -C "$T/base" -cJf "$T/base.txz" .
	head -c "$(($(stat -c %s "$T/base.txz") / 2))" "$T/base.txz" >"$T/half.txz"
	run "$BRIG" create t --from "$T/half.txz"
	[ "$status" -eq 1 ]
	[[ "$output" == "brig: create: jail t: $T/half.txz: "* ]]
	[ ! -e "$ROOT" ]
	head -c 4096 /dev/urandom >"$T/noise.tgz"
	run "$BRIG" create t --from "$T/noise.tgz"
	[ "$status" -eq 1 ]
	[ ! -e "$ROOT" ]
	# Good entries, then a bad one: the good ones go too.
	mkdir -p "$T/s"
	echo ok >"$T/s/good"
	tar -C "$T/s" -cf "$T/mixed.tar" good
	tar -C "$T/s" -rPf "$T/mixed.tar" --transform 's,^,../,' good
	run "$BRIG" create t --from "$T/mixed.tar"
	[ "$status" -eq 1 ]
	[ ! -e "$ROOT" ]
}

@test "an interrupt during extraction leaves nothing" {
	make_base "$T/base"
	tar -C "$T/base" -cf "$T/base.tar" .
	mkfifo "$T/pipe"
	"$BRIG" create t --from "tar:$T/pipe" 2>"$T/err" &
	pid=$!
	exec 5>"$T/pipe"
	# The first part, then wait until brig has made something of it.
	head -c 200000 "$T/base.tar" >&5
	retry 100 0.05 has_files "$ROOT"
	kill -INT "$pid"
	rc=0
	wait "$pid" || rc=$?
	exec 5>&-
	[ "$rc" -eq 1 ]
	[ ! -e "$ROOT" ]
	[[ "$(cat "$T/err")" == "brig: create: jail t: $T/pipe: "* ]]
}

@test "create refuses an existing root, an unknown jail and a bad source" {
	mkdir -p "$ROOT"
	echo keep >"$ROOT/file"
	run "$BRIG" create t --from empty
	[ "$status" -eq 1 ]
	output_is "brig: create: jail t: $ROOT exists already"
	[ "$(cat "$ROOT/file")" = keep ]
	run "$BRIG" create nosuch --from empty
	[ "$status" -eq 1 ]
	output_is "brig: create: no jail named \"nosuch\" in $BRIG_CONF"
	run "$BRIG" create u --from zip:/x
	[ "$status" -eq 2 ]
	[[ "$output" == "brig: create: zip:/x: not a source; want tar:FILE"* ]]
	run "$BRIG" create u
	[ "$status" -eq 2 ]
	output_is "usage: brig create [-f file] [--devices] [--mirror url] [--keyring file] --from source name"
	run "$BRIG" create u --from "tar:$T/none.tar"
	[ "$status" -eq 1 ]
	output_is "brig: create: $T/none.tar: No such file or directory"
	[ ! -e "$T/roots/u" ]
	run "$BRIG" create u --from empty
	[ "$status" -eq 0 ]
	output_is "created u from empty: 0 files, 0.0 MiB"
	[ -d "$T/roots/u" ] && [ -z "$(ls -A "$T/roots/u")" ]
}

@test "bootstrap makes a release; create --from release: copies it; -l lists, -d removes" {
	make_base "$T/base"
	tar -C "$T/base" --numeric-owner -S -cJf "$T/base.txz" .
	run "$BRIG" bootstrap --from "$T/base.txz" base14
	[ "$status" -eq 0 ]
	output_is "created base14 from $T/base.txz: 15 files, 0.1 MiB"
	diff <(listing "$T/base") <(listing "$BRIG_DATADIR/releases/base14")
	run "$BRIG" bootstrap -l
	output_is "base14	dir	tar:$T/base.txz"
	run "$BRIG" create t --from release:base14
	[ "$status" -eq 0 ]
	echo "$output"
	[[ "$output" =~ ^created\ t\ from\ release:base14:\ [0-9]+\ files,\ [0-9.]+\ MiB\ \((copied|reflinked|partly\ reflinked)\)$ ]]
	diff <(listing "$T/base") <(listing "$ROOT")
	# Independent of the release.
	echo changed >"$ROOT/etc/rc"
	[ "$(cat "$BRIG_DATADIR/releases/base14/etc/rc")" = rc ]
	run "$BRIG" bootstrap --from "$T/base.txz" base14
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: release base14: $BRIG_DATADIR/releases/base14 exists already"
	run "$BRIG" bootstrap -d base14
	output_is "removed release base14"
	[ ! -e "$BRIG_DATADIR/releases/base14" ]
	[ -f "$ROOT/etc/rc" ]
	run "$BRIG" create u --from release:base14
	[ "$status" -eq 1 ]
	output_is "brig: create: jail u: no release base14 in $BRIG_DATADIR/releases (brig bootstrap makes one)"
	[ ! -e "$T/roots/u" ]
	run "$BRIG" bootstrap -l
	output_is ""
}

@test "a bootstrap that fails leaves no release" {
	mkdir -p "$T/s"
	echo x >"$T/s/f"
	tar -C "$T/s" -cPf "$T/bad.tar" --transform 's,^,../,' f
	run "$BRIG" bootstrap --from "$T/bad.tar" rel
	[ "$status" -eq 1 ]
	output_is "brig: bootstrap: release rel: $T/bad.tar: member \"../f\": a \"..\" component is refused"
	[ ! -e "$BRIG_DATADIR/releases/rel" ]
	run "$BRIG" bootstrap --from release:x rel
	[ "$status" -eq 2 ]
	[[ "$output" == "brig: bootstrap: release:x: not a source;"* ]]
}
