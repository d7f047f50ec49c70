#!/usr/bin/env bats
# The configuration commands through the real binary: check, show, help,
# the environment, include handling and hostile input.

load helpers

setup() {
	brig_setup
}

@test "version and help" {
	run "$BRIG" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^brig\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	run "$BRIG" help
	[ "$status" -eq 0 ]
	[[ "$output" == *"brig check [-q] [-f file]"* ]]
	[[ "$output" == *"BRIG_DATADIR"* ]]
}

@test "help params lists every parameter of the table" {
	run "$BRIG" help params
	[ "$status" -eq 0 ]
	for p in persist vnet vnet.interface exec.prestart allow.raw_sockets \
	    devfs_ruleset ip4.addr brig.storage stop.timeout mount.fstab; do
		grep -q "^$p " <<<"$output"
	done
}

@test "usage errors exit 2" {
	run "$BRIG"
	[ "$status" -eq 2 ]
	run "$BRIG" frobnicate
	[ "$status" -eq 2 ]
	output_is 'brig: unknown command "frobnicate"; see brig help'
	run "$BRIG" check -z
	[ "$status" -eq 2 ]
}

@test "BRIG_CONF is read, -f overrides it" {
	echo 'a { persist; }' | conf
	echo 'b { persist; }' >"$BATS_TEST_TMPDIR/other.conf"
	run "$BRIG" show -p
	output_is $'a\tname\ta\na\tpersist\ttrue'
	run "$BRIG" show -p -f "$BATS_TEST_TMPDIR/other.conf"
	output_is $'b\tname\tb\nb\tpersist\ttrue'
}

@test "a missing configuration is a clear error" {
	run "$BRIG" check -f "$BATS_TEST_TMPDIR/nope.conf"
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "brig: cannot open $BATS_TEST_TMPDIR/nope.conf: No such file or directory" ]]
}

@test "standard input with -f -" {
	run bash -c "echo 'x { vnet; }' | '$BRIG' show -p -f -"
	[ "$status" -eq 0 ]
	output_is $'x\tname\tx\nx\tvnet\ttrue'
}

@test "check reports every error with file:line:col and exits 1" {
	printf 'a {\n\tpesist;\n\tpath = rel;\n}\n' | conf
	run "$BRIG" check
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$BRIG_CONF:2:2: jail a: unknown parameter \"pesist\"; did you mean \"persist\"?" ]
	[ "${lines[1]}" = "$BRIG_CONF:3:2: jail a: path \"rel\" is not an absolute path name" ]
	[ "${lines[2]}" = "$BRIG_CONF: 1 jail, 2 errors, 0 warnings" ]
}

@test "check -q prints errors only" {
	echo 'a { securelevel = 2; }' | conf
	run "$BRIG" check -q
	[ "$status" -eq 0 ]
	output_is ''
	run "$BRIG" check
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *"warning: jail a: securelevel: not supported on Linux"* ]]
}

@test "show prints configs that parse even when check fails" {
	echo 'a { pesist; }' | conf
	run "$BRIG" show -p
	[ "$status" -eq 0 ]
	output_is $'a\tname\ta\na\tpesist\ttrue'
	run "$BRIG" check -q
	[ "$status" -eq 1 ]
}

@test "show of a jail that does not exist" {
	echo 'a { persist; }' | conf
	run "$BRIG" show -p zzz
	[ "$status" -eq 1 ]
	output_is "brig: show: no jail named \"zzz\" in $BRIG_CONF"
}

@test "show selects jails by name" {
	printf 'a { persist; }\nb { vnet; }\n' | conf
	run "$BRIG" show -p b
	output_is $'b\tname\tb\nb\tvnet\ttrue'
}

@test "show --json is JSON with the same data" {
	requires cmd:python3
	printf 'a { persist; ip4.addr = 10.0.0.1, 10.0.0.2; path = "/j/a\\"q"; }\n' | conf
	run bash -c "'$BRIG' show --json | python3 -c 'import json,sys; d=json.load(sys.stdin); p={x[\"name\"]: x[\"value\"] for x in d[\"jails\"][0][\"parameters\"]}; print(p[\"persist\"], p[\"ip4.addr\"], p[\"path\"])'"
	[ "$status" -eq 0 ]
	output_is "True ['10.0.0.1', '10.0.0.2'] /j/a\"q"
}

@test "show prints jail.conf that reads back to the same jails" {
	cp "$BRIG_TOP/tests/conf/004-quirks.conf" "$BRIG_CONF"
	"$BRIG" show >"$BATS_TEST_TMPDIR/round.conf"
	run diff <("$BRIG" show -p) <("$BRIG" show -p -f "$BATS_TEST_TMPDIR/round.conf")
	[ "$status" -eq 0 ]
}

@test "show -o gives the depend order" {
	printf 'web { depend = db; }\ndb { depend = disk; }\ndisk {}\n' | conf
	run "$BRIG" show -o
	output_is $'disk\ndb\nweb'
}

@test "FILE.d/*.conf is read after FILE, in name order" {
	echo 'exec.clean; a {}' | conf
	mkdir "$BRIG_CONF.d"
	echo 'c {}' >"$BRIG_CONF.d/20-c.conf"
	echo 'b {}' >"$BRIG_CONF.d/10-b.conf"
	echo 'z {' >"$BRIG_CONF.d/notes.txt"
	run "$BRIG" show -o
	output_is $'a\nb\nc'
}

@test "10,000 nested includes: a clear error, no crash" {
	d=$BATS_TEST_TMPDIR/deep
	mkdir "$d"
	for i in $(seq 0 9999); do
		echo ".include \"$((i + 1)).conf\";" >"$d/$i.conf"
	done
	echo 'a {}' >"$d/10000.conf"
	run "$BRIG" check -f "$d/0.conf"
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "$d/31.conf:1:10: cannot include $d/32.conf: includes nested more than 32 deep" ]]
}

@test "an include cycle is refused" {
	echo '.include "b.conf"; a {}' | conf
	echo '.include "jail.conf";' >"$BATS_TEST_TMPDIR/b.conf"
	run "$BRIG" check
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "$BATS_TEST_TMPDIR/b.conf:1:10: include cycle: $BATS_TEST_TMPDIR/jail.conf includes itself (via $BATS_TEST_TMPDIR/b.conf)" ]]
}

@test "a 100 MB file: bounded memory and a clear error" {
	truncate -s 100M "$BRIG_CONF"
	run /usr/bin/time -f '%M' "$BRIG" check
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "brig: $BRIG_CONF: configuration too large (a file may have at most 16 MiB, all files together 64 MiB)" ]]
	# peak resident set in KiB, last line of time's output
	[ "${lines[-1]}" -lt 65536 ]
}

@test "binary junk is an error, not a crash" {
	head -c 65536 "$BRIG" >"$BRIG_CONF"
	run "$BRIG" check
	[ "$status" -eq 1 ]
	[[ "$output" == *"syntax error"* ]]
}

@test "a directory is not a configuration file" {
	mkdir "$BATS_TEST_TMPDIR/dir.conf"
	run "$BRIG" check -f "$BATS_TEST_TMPDIR/dir.conf"
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == *"not a regular file" ]]
}

@test "hostile jail names are refused" {
	printf '"../etc" {}\n"a/b" {}\n"x\\ny" {}\n' | conf
	run "$BRIG" check
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$BRIG_CONF:1:1: jail ../etc: a jail name cannot contain '/' or '..'" ]
	[ "${lines[1]}" = "$BRIG_CONF:2:1: jail a/b: a jail name cannot contain '/' or '..'" ]
	[ "${lines[2]}" = "$BRIG_CONF:3:1: jail name \"x\\x0ay\" contains a control character" ]
}

@test "the jail persona prints the configured jails (jail -e)" {
	ln -s "$BRIG" "$BATS_TEST_TMPDIR/jail"
	printf '%s\n' 'a { persist; ip4.addr = 1.1.1.1, 2.2.2.2; exec.start = "x y"; ' \
	    "exec.stop = 'say \"hi\"'; }" 'b {}' | conf
	run "$BATS_TEST_TMPDIR/jail" -e '|' -f "$BRIG_CONF"
	[ "$status" -eq 0 ]
	output_is $'name=a|persist|ip4.addr=1.1.1.1,2.2.2.2|exec.start="x y"|exec.stop=\'say "hi"\'\nname=b'
}

@test "the seed's router configuration checks clean" {
	run "$BRIG" check -f "$BRIG_TOP/examples/router/jail.conf"
	[ "$status" -eq 0 ]
	run "$BRIG" show -p -f "$BRIG_TOP/examples/router/jail.conf" unbound
	[[ "$output" == *$'unbound\tvnet.interface\tepair0b'* ]]
	[[ "$output" == *$'unbound\texec.prestart\tifconfig epair0 create up; ifconfig bridge0 addm epair0a up; ifconfig epair0b vnet unbound'* ]]
}
