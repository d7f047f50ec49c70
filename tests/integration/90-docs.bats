#!/usr/bin/env bats
# Docs are part of the feature: the manual pages are clean mdoc, render
# with man -l, and name every command and every parameter brig knows.

load helpers

@test "man pages are clean mdoc" {
	requires cmd:mandoc
	for page in "$BRIG_TOP"/man/*.[58]; do
		run mandoc -Tlint -Wwarning "$page"
		if [ -n "$output" ]; then
			echo "$output" >&2
			return 1
		fi
	done
}

@test "man pages render with man -l" {
	requires cmd:man
	for page in brig.8 brig-init.8 brig.conf.5 rctl.conf.5; do
		run env MANWIDTH=80 man -l "$BRIG_TOP/man/$page"
		[ "$status" -eq 0 ]
		[ "${#lines[@]}" -gt 20 ]
	done
}

@test "brig.conf(5) documents every parameter of the table" {
	missing=""
	while read -r name _; do
		grep -q -- "$name" "$BRIG_TOP/man/brig.conf.5" ||
		    missing="$missing $name"
	done < <("$BRIG" help params | sed -n '2,/^$/p' | sed '/^$/d')
	[ -z "$missing" ] || { echo "undocumented:$missing" >&2; return 1; }
}

@test "brig(8) documents every command brig help lists" {
	local cmds
	cmds=$("$BRIG" help | awk '$1 == "brig" && $2 !~ /^-/ { print $2 }' | sort -u)
	[ "$(echo "$cmds" | wc -l)" -ge 10 ]
	for cmd in $cmds; do
		grep -q "^\.It Cm $cmd\|^\.Cm $cmd\|Nm brig Cm $cmd" "$BRIG_TOP/man/brig.8" ||
		    { echo "brig.8 lacks $cmd" >&2; return 1; }
	done
}

@test "make install puts the program, its FreeBSD names and the pages in DESTDIR" {
	d=$BATS_TEST_TMPDIR/root
	run make -C "$BRIG_TOP" install DESTDIR="$d" PREFIX=/usr/local
	[ "$status" -eq 0 ]
	[ -x "$d/usr/local/sbin/brig" ]
	for n in jail jls jexec; do
		[ "$(readlink "$d/usr/local/sbin/$n")" = brig ]
	done
	[ -f "$d/usr/local/share/man/man8/brig.8" ]
	[ -f "$d/usr/local/share/man/man8/brig-init.8" ]
	[ -f "$d/usr/local/share/man/man5/brig.conf.5" ]
	run "$d/usr/local/sbin/jail" -e , -f "$BRIG_TOP/examples/router/jail.conf"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == name=unbound,* ]]
}
