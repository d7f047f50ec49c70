#!/usr/bin/env bats
# brig top (src/cli/top.c) and the usage it reads (src/rctl/usage.c):
# --json over a busy, an idle and a writing jail; --prometheus's format
# and its counters; a vnet jail's network bytes while its host pings it;
# -n without a terminal; bad arguments and unknown jails; the OOM kills
# of a jail under a memoryuse rule in brig status, top and Prometheus.
#
# Jails are named after the test and this shell's PID; teardown stops
# them, deletes the test's network namespace (vnet: the host is played
# by a namespace of its own, as in 67-vnet.bats) and checks that no
# cgroup of the test's jails is left.

load helpers

setup() {
	requires root cmd:busybox cmd:jq
	brig_setup
	J=tp$BATS_TEST_NUMBER$$
	ROOT=$BATS_TEST_TMPDIR/root
	make_rootfs "$ROOT"
	: >"$BRIG_RCTL_CONF"
	H=
}

teardown() {
	if [ -n "$H" ]; then
		hbrig stop -a >/dev/null 2>&1 || true
		hbrig stop -R -a >/dev/null 2>&1 || true
		ip netns del "$H" 2>/dev/null || true
	fi
	stop_all_jails
	local left
	left=$(find /sys/fs/cgroup -maxdepth 4 -type d -path "*/brig/$J*")
	[ -z "$left" ] || { echo "cgroups left: $left" >&2; return 1; }
}

# brig, as the test's host namespace runs it.
hbrig() {
	nsenter --net="/run/netns/$H" "$BRIG" "$@"
}

# Three jails: a busy loop, nothing, a file written every second.
three_jails() {
	conf <<-EOF
	path = "$ROOT";
	mount.devfs;
	persist;
	${J}busy { exec.start = "/bin/sh -c 'while :; do :; done' &"; }
	${J}idle { }
	${J}io { exec.start = "/bin/sh -c 'while :; do /bin/busybox dd if=/dev/zero of=/tmp/$J bs=1M count=4 2>/dev/null; sleep 1; done' &"; }
	EOF
	"$BRIG" start "${J}busy" "${J}idle" "${J}io"
}

# jget JSON JAIL KEY: a key of a jail's object in brig top --json.
jget() {
	jq -r --arg n "$2" ".[] | select(.name == \$n) | .$3" <<<"$1"
}

# A number comparison through awk (floats): num A OP B
num() {
	awk -v a="$1" -v b="$3" "BEGIN { exit !(a $2 b) }"
}

# The value of a metric sample for a jail in Prometheus text.
metric() {
	awk -v m="$2{jail=\"$3\"}" '$1 == m { print $2 }' <<<"$1"
}

@test "top --json: CPU of a busy and an idle jail, memory, processes" {
	three_jails
	run "$BRIG" top --json -d 1
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(jq length <<<"$output")" -eq 3 ]
	# The busy loop holds one CPU (tolerance for a loaded host).
	num "$(jget "$output" "${J}busy" cpu_percent)" ">" 50
	num "$(jget "$output" "${J}busy" cpu_percent)" "<" 130
	num "$(jget "$output" "${J}idle" cpu_percent)" "<" 5
	# init and the shell; init alone.
	[ "$(jget "$output" "${J}busy" processes)" -eq 2 ]
	[ "$(jget "$output" "${J}idle" processes)" -eq 1 ]
	[ "$(jget "$output" "${J}io" processes)" -ge 2 ]
	for j in busy idle io; do
		[ "$(jget "$output" "$J$j" memory_bytes)" -gt 0 ]
		[ "$(jget "$output" "$J$j" threads)" -ge 1 ]
		[ "$(jget "$output" "$J$j" open_files)" -ge 1 ]
		[ "$(jget "$output" "$J$j" jid)" -ge 1 ]
		# No vnet: no network figures.
		[ "$(jget "$output" "$J$j" net_rx_bytes)" = null ]
		[ "$(jget "$output" "$J$j" net_rx_bytes_per_second)" = null ]
	done
}

@test "top --json: the written bytes of a jail writing a file grow" {
	three_jails
	retry 30 0.2 bash -c "'$BRIG' top --json '${J}io' |
	    jq -e '.[0].write_bytes > 0' >/dev/null"
	first=$("$BRIG" top --json "${J}io" | jq '.[0].write_bytes')
	retry 30 0.2 bash -c "'$BRIG' top --json '${J}io' |
	    jq -e '.[0].write_bytes > $first' >/dev/null"
	# The idle jail wrote nothing meanwhile.
	run "$BRIG" top --json -d 1 "${J}idle" "${J}io"
	[ "$(jget "$output" "${J}idle" write_bytes_per_second)" = 0 ]
	[ "$(jq '.[0].name' <<<"$output")" = "\"${J}idle\"" ]
}

@test "top --prometheus: every line a comment or a sample; counters grow" {
	three_jails
	run "$BRIG" top --prometheus
	[ "$status" -eq 0 ]
	bad=$(grep -Evx '# (HELP|TYPE) brig_jail_[a-z_]+ .+|brig_jail_[a-z_]+\{jail="[^"]*"\} [0-9]+(\.[0-9]+)?' <<<"$output" || true)
	[ -z "$bad" ] || { echo "not exposition format: $bad" >&2; false; }
	grep -qx '# TYPE brig_jail_cpu_seconds_total counter' <<<"$output"
	grep -qx '# TYPE brig_jail_memory_bytes gauge' <<<"$output"
	# A TYPE per metric, before its samples.
	[ "$(grep -c '^# TYPE' <<<"$output")" -eq "$(grep -c '^# HELP' <<<"$output")" ]
	[ "$(metric "$output" brig_jail_processes "${J}idle")" = 1 ]
	[ "$(metric "$output" brig_jail_memory_bytes "${J}busy")" -gt 0 ]
	cpu1=$(metric "$output" brig_jail_cpu_seconds_total "${J}busy")
	wr1=$(metric "$output" brig_jail_io_write_bytes_total "${J}io")
	[ -n "$cpu1" ] && [ -n "$wr1" ]
	# No vnet jail: no network sample.
	[ "$(grep -c '^brig_jail_network' <<<"$output")" -eq 0 ]
	sleep 1.2
	run "$BRIG" top --prometheus
	num "$(metric "$output" brig_jail_cpu_seconds_total "${J}busy")" ">" "$cpu1"
	num "$(metric "$output" brig_jail_io_write_bytes_total "${J}io")" ">" "$wr1"
}

@test "top: a vnet jail's network bytes grow while its host pings it" {
	requires cmd:nsenter
	H=tp$BATS_TEST_NUMBER-$$
	ip netns add "$H"
	ip -n "$H" link set lo up
	conf <<-EOF
	${J}v { path = "$ROOT"; vnet; persist; exec.start = "true";
	    brig.bridge = bridge0; vnet.interface = epair0b; }
	EOF
	hbrig start "${J}v"
	pid=$(hbrig status "${J}v" | brig_status_pid "${J}v")
	nsenter --net="/proc/$pid/ns/net" ip addr add 10.79.0.2/24 dev epair0b
	nsenter --net="/proc/$pid/ns/net" ip link set epair0b up
	ip -n "$H" addr add 10.79.0.1/24 dev bridge0
	ip -n "$H" link set bridge0 up
	run hbrig top --json "${J}v"
	echo "$output"
	[ "$(jget "$output" "${J}v" vnet)" = true ]
	rx=$(jget "$output" "${J}v" net_rx_bytes)
	tx=$(jget "$output" "${J}v" net_tx_bytes)
	[[ "$rx" =~ ^[0-9]+$ && "$tx" =~ ^[0-9]+$ ]]
	nsenter --net="/run/netns/$H" busybox ping -c 3 -W 2 10.79.0.2
	run hbrig top --json "${J}v"
	[ "$(jget "$output" "${J}v" net_rx_bytes)" -ge $((rx + 3 * 84)) ]
	[ "$(jget "$output" "${J}v" net_tx_bytes)" -ge $((tx + 3 * 84)) ]
	[ "$(jget "$output" "${J}v" net_rx_packets)" -ge 3 ]
	run hbrig top --prometheus
	[ "$(metric "$output" brig_jail_network_receive_bytes_total "${J}v")" -ge $((rx + 3 * 84)) ]
}

@test "top -n 2 without a terminal prints two snapshots; one by default" {
	three_jails
	run "$BRIG" top -n 2 -d 0.2 </dev/null
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(grep -c '^JAIL ' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^brig top - ' <<<"$output")" -eq 2 ]
	[ "$(grep -c "^${J}busy " <<<"$output")" -eq 2 ]
	[[ "$output" =~ "${J}idle "\ +[0-9]+\ +0\.[0-9] ]]
	run "$BRIG" top -d 0.2 "${J}idle" </dev/null
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[2]}" == "${J}idle "* ]]
}

@test "top: an unknown or stopped jail is an error; bad arguments are usage errors" {
	conf <<-EOF
	${J}s { path = "$ROOT"; persist; }
	EOF
	run "$BRIG" top --json "${J}nosuch"
	[ "$status" -eq 1 ]
	output_is "brig: jail \"${J}nosuch\" not found"
	run "$BRIG" top -n 1 "${J}s"
	[ "$status" -eq 1 ]
	output_is "brig: jail \"${J}s\" not found"
	# No jail running: an empty array, metadata only.
	run "$BRIG" top --json
	[ "$status" -eq 0 ]
	output_is "[]"
	run "$BRIG" top --prometheus
	[ "$status" -eq 0 ]
	[ "$(grep -c '^brig_jail' <<<"$output")" -eq 0 ]
	run "$BRIG" top --json --prometheus
	[ "$status" -eq 2 ]
	run "$BRIG" top -d 0
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "brig: top: -d 0: not a number of seconds from 0.01 to 86400" ]
	run "$BRIG" top -n x
	[ "$status" -eq 2 ]
	run "$BRIG" top -n 2 --json
	[ "$status" -eq 2 ]
}

# The OOM column of brig status for jail $1.
status_oom() {
	"$BRIG" status "$1" | awk -v j="$1" '
	$1 == "NAME" { for (i = 1; i <= NF; i++) if ($i == "OOM") col = i; next }
	col && $1 == j { print $col }'
}

@test "status, top and Prometheus count the OOM kills under a memoryuse rule" {
	conf <<-EOF
	path = "$ROOT";
	mount.devfs;
	persist;
	${J}m { }
	${J}idle { }
	EOF
	printf 'jail:%sm:memoryuse:deny=32m\n' "$J" >"$BRIG_RCTL_CONF"
	"$BRIG" start "${J}m" "${J}idle"
	[ "$(status_oom "${J}m")" = 0 ]
	# A 64 MiB buffer under a 32 MiB limit, without swap to go to.
	run "$BRIG" exec "${J}m" /bin/busybox dd if=/dev/zero of=/dev/null bs=64M count=1
	[ "$status" -ne 0 ] || skip "the 64 MiB buffer fitted (swap?)"
	[ "$status" -eq 137 ]
	retry 20 0.1 test "$(status_oom "${J}m")" = 1
	# The jail and the other one keep running.
	run "$BRIG" status "${J}m" "${J}idle"
	[[ "${lines[1]}" == "${J}m "*running* ]]
	[[ "${lines[2]}" == "${J}idle "*running* ]]
	run "$BRIG" top --json "${J}m"
	[ "$(jget "$output" "${J}m" oom_kills)" -eq 1 ]
	[ "$(jget "$output" "${J}m" memory_limit_hits)" -gt 0 ]
	[ "$(jget "$output" "${J}m" memory_source)" = cgroup ]
	run "$BRIG" top --prometheus
	[ "$(metric "$output" brig_jail_oom_kills_total "${J}m")" = 1 ]
}
