#!/usr/bin/env bats
# brig's FreeBSD ifconfig(8) (src/net/ifconfig_*.c, src/cli/ifconfig.c),
# run as ifconfig: a symlink to brig first in PATH, as exec.* hooks find
# it.  Every test plays the host in a network namespace of its own
# ("H", entered with nsenter --net: ip netns exec would remount /sys and
# hide the cgroups brig start needs), so interface names are the seed's
# (epair0a, bridge0) and nothing touches the real host's interfaces.
# Addresses are 10.x and fd00::/8, inside those namespaces only.
# teardown stops the test's jails, deletes its namespace (and every link
# in it) whatever happened, and checks that the host's namespaces and
# links are as they were.

load helpers

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	ip -o link | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
	    sort >"$BATS_FILE_TMPDIR/links.before"
	ip netns list | sort >"$BATS_FILE_TMPDIR/netns.before"
}

setup() {
	requires root cmd:busybox cmd:nsenter cmd:jq
	brig_setup
	H=bi$BATS_TEST_NUMBER-$$
	BIN=$BATS_TEST_TMPDIR/bin
	mkdir -p "$BIN"
	ln -s "$BRIG" "$BIN/ifconfig"
	ip netns add "$H"
	ip -n "$H" link set lo up
	# A /24 of 10.x for this test alone.
	NET=10.$((100 + BATS_TEST_NUMBER)).$(($$ % 250))
}

teardown() {
	hbrig stop -a >/dev/null 2>&1 || true
	hbrig stop -R -a >/dev/null 2>&1 || true
	ip netns del "$H" 2>/dev/null || true
	# Nothing of the test's is left on the host.
	run ip netns list
	[[ "$output" != *"$H"* ]]
	retry 30 0.1 bash -c "diff -u '$BATS_FILE_TMPDIR/links.before' \
	    <(ip -o link | awk -F': ' '{ sub(/@.*/, \"\", \$2); print \$2 }' |
	    sort)"
}

# brig and the ifconfig persona, as the test's host runs them.
hbrig() {
	nsenter --net="/run/netns/$H" "$BRIG" "$@"
}

ifc() {
	run nsenter --net="/run/netns/$H" env PATH="$BIN:$PATH" ifconfig "$@"
	echo "ifconfig $* -> $status: $output"
}

# The links of H, one name per line, sorted.
links() {
	ip -n "$H" -o link | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
	    sort
}

# What a command may change of H's links, one a line: name, master, up
# or not, mtu (not carrier or operstate, which the kernel settles later).
state() {
	ip -n "$H" -j link | jq -c '.[] | [.ifname, .master,
	    (.flags | index("UP") != null), .mtu]'
}

# jq over `ip -n H -d -j link show DEV`: iplink DEV FILTER
iplink() {
	ip -n "$H" -d -j link show "$1" | jq -r ".[0]$2"
}

# The addresses of DEV in H of family (inet, inet6), scope global,
# "A/LEN" one a line, in the kernel's order.
addrs() {
	ip -n "$H" -j addr show dev "$1" | jq -r --arg f "$2" \
	    '.[0].addr_info[] | select(.family == $f and .scope == "global")
	    | "\(.local)/\(.prefixlen)"'
}

is_up() {
	[[ "$(iplink "$1" '.flags|join(",")')" == *UP* ]]
}

@test "epair create: the lowest free unit, its name printed, up on the a end" {
	ifc epair create up
	[ "$status" -eq 0 ]
	output_is epair0a
	[ "$(iplink epair0a .linkinfo.info_kind)" = veth ]
	[ "$(iplink epair0b .linkinfo.info_kind)" = veth ]
	[ "$(iplink epair0a .link)" = epair0b ]
	is_up epair0a
	! is_up epair0b
	ifc epair create
	output_is epair1a
	! is_up epair1a
	# epairN create prints the a end too (the name differs)
	ifc epair5 create
	[ "$status" -eq 0 ]
	output_is epair5a
	# either end taken takes the unit (the other may be in a jail)
	ip -n "$H" link add epair2b type veth peer name other2
	ifc epair create
	output_is epair3a
	# a unit freed is the lowest again
	ifc epair0a destroy
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	ifc epair create
	output_is epair0a
	# a unit taken: FreeBSD's message, nothing made
	before=$(links)
	ifc epair1 create up
	[ "$status" -eq 1 ]
	output_is "ifconfig: SIOCIFCREATE2 (epair1): File exists"
	ifc epair2 create
	output_is "ifconfig: SIOCIFCREATE2 (epair2): File exists"
	[ "$(links)" = "$before" ]
}

@test "epair create with an address and mtu: they go to the a end" {
	ifc epair create inet "$NET.1/24" mtu 9000
	[ "$status" -eq 0 ]
	output_is epair0a
	[ "$(addrs epair0a inet)" = "$NET.1/24" ]
	[ "$(iplink epair0a .mtu)" = 9000 ]
	[ "$(iplink epair0b .mtu)" = 1500 ]
	# setting an address brings the interface up (FreeBSD's
	# ether_ioctl SIOCSIFADDR)
	is_up epair0a
	# a refusal by the kernel after the create (IPv6 disabled on new
	# interfaces of H) takes the new pair away: nothing half-made
	before=$(links)
	nsenter --net="/run/netns/$H" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ifc epair create inet6 "fd00:$BATS_TEST_NUMBER::1/64" up
	[ "$status" -eq 1 ]
	[[ "$output" == "ifconfig: add address fd00:$BATS_TEST_NUMBER::1/64 to epair1a: "* ]]
	[ "$(links)" = "$before" ]
}

@test "bridges: create, addm, deletem, destroy" {
	ifc bridge create
	[ "$status" -eq 0 ]
	output_is bridge0
	[ "$(iplink bridge0 .linkinfo.info_kind)" = bridge ]
	! is_up bridge0
	# "bridge0 create" on bridge0: an error alone (ifconfig.c main()),
	# the existing bridge configured when parameters follow
	ifc bridge0 create
	[ "$status" -eq 1 ]
	output_is "ifconfig: interface bridge0 already exists"
	ifc bridge0 create up
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	is_up bridge0
	# a named unit: nothing printed
	ifc bridge7 create
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	ifc epair create up
	ifc epair create up
	ifc bridge0 addm epair0a addm epair1a up
	[ "$status" -eq 0 ]
	[ "$(iplink epair0a .master)" = bridge0 ]
	[ "$(iplink epair1a .master)" = bridge0 ]
	ifc bridge0 deletem epair1a
	[ "$status" -eq 0 ]
	[ "$(iplink epair1a .master)" = null ]
	[ "$(iplink epair0a .master)" = bridge0 ]
	# create and addm in one command, the member a new epair can't be
	ifc bridge create addm epair1a up
	output_is bridge1
	[ "$(iplink epair1a .master)" = bridge1 ]
	is_up bridge1
	ifc bridge1 destroy
	[ "$status" -eq 0 ]
	[ "$(iplink epair1a .master)" = null ]
	ifc bridge7 destroy
	[ "$status" -eq 0 ]
	[ "$(links)" = "$(printf '%s\n' bridge0 epair0a epair0b epair1a epair1b lo)" ]
}

@test "addm and deletem refuse what FreeBSD refuses, before any change" {
	ifc bridge0 create up
	ifc bridge1 create
	ifc epair create
	ifc epair create
	ifc bridge0 addm epair0a
	ip -n "$H" link add ifb0 type ifb
	before=$(state)
	ifc bridge0 addm epair9a
	[ "$status" -eq 1 ]
	output_is "ifconfig: addm epair9a: interface epair9a does not exist"
	ifc bridge5 addm epair1a
	output_is "ifconfig: interface bridge5 does not exist"
	ifc epair1b addm epair1a
	output_is "ifconfig: addm epair1a: epair1b is not a bridge but an epair (veth)"
	ifc ifb0 addm epair1a
	output_is "ifconfig: addm epair1a: ifb0 is not a bridge but an ifb interface"
	ifc bridge0 addm epair0a
	output_is "ifconfig: addm epair0a: epair0a is a member of bridge0 already"
	ifc bridge1 addm epair0a
	output_is "ifconfig: addm epair0a: epair0a is a member of bridge0; deletem it there first"
	ifc bridge0 addm bridge1
	output_is "ifconfig: addm bridge1: a bridge interface cannot be a bridge member"
	ifc bridge0 addm lo
	output_is "ifconfig: addm lo: the loopback interface cannot be a bridge member"
	ifc bridge0 deletem epair1a
	output_is "ifconfig: deletem epair1a: epair1a is not a member of bridge0"
	ifc bridge0 deletem epair7a
	output_is "ifconfig: deletem epair7a: interface epair7a does not exist"
	# the first member would do, the second not: neither is added, the
	# bridge stays down
	ifc bridge1 addm epair1a addm epair9a up
	output_is "ifconfig: addm epair9a: interface epair9a does not exist"
	# a create whose addm fails makes no bridge
	ifc bridge create addm epair1b addm nothere
	[ "$status" -eq 1 ]
	output_is "ifconfig: addm nothere: interface nothere does not exist"
	[ "$(state)" = "$before" ]
	# deletem, then addm elsewhere, in one command each
	ifc bridge0 deletem epair0a
	ifc bridge1 addm epair0a
	[ "$status" -eq 0 ]
	[ "$(iplink epair0a .master)" = bridge1 ]
}

@test "addresses: inet replaces the first, alias adds, -alias removes" {
	ifc epair create
	ifc epair0b inet "$NET.1/24"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(addrs epair0b inet)" = "$NET.1/24" ]
	is_up epair0b
	run ip -n "$H" -j addr show dev epair0b
	[ "$(jq -r '.[0].addr_info[] | select(.family == "inet") |
	    .broadcast' <<<"$output")" = "$NET.255" ]
	# no alias: the first inet address is replaced
	ifc epair0b inet "$NET.2/24"
	[ "$(addrs epair0b inet)" = "$NET.2/24" ]
	# the family inferred from the form (FreeBSD assumes inet)
	ifc epair0b "$NET.3/25" alias
	[ "$(addrs epair0b inet)" = "$(printf '%s\n' "$NET.2/24" "$NET.3/25")" ]
	ifc epair0b inet "$NET.4" netmask 255.255.0.0 alias
	[[ "$(addrs epair0b inet)" == *"$NET.4/16" ]]
	# again with alias: updated in place, not doubled
	ifc epair0b inet "$NET.4/24" alias
	[ "$status" -eq 0 ]
	[ "$(addrs epair0b inet | grep -c "$NET.4/")" = 1 ]
	[[ "$(addrs epair0b inet)" == *"$NET.4/24" ]]
	# -alias takes the address alone, whatever its prefix
	ifc epair0b inet "$NET.3" -alias
	[ "$status" -eq 0 ]
	ifc epair0b "$NET.4" delete
	[ "$(addrs epair0b inet)" = "$NET.2/24" ]
	ifc epair0b inet "$NET.9" -alias
	[ "$status" -eq 1 ]
	output_is "ifconfig: remove address $NET.9 from epair0b: it has no such address"
	# /31 and /32: no broadcast
	ifc epair0a inet "$NET.6/31"
	run ip -n "$H" -j addr show dev epair0a
	[ "$(jq -r '.[0].addr_info[] | select(.family == "inet") |
	    .broadcast' <<<"$output")" = null ]
	# no mask: the class's, with FreeBSD's warning
	ifc epair0a inet "$NET.7"
	[ "$status" -eq 0 ]
	output_is "ifconfig: WARNING: setting interface address without mask is deprecated,
default mask may not be correct."
	[ "$(addrs epair0a inet)" = "$NET.7/8" ]
}

@test "addresses: inet6 defaults to /64, adds beside the others" {
	ifc epair create
	ifc epair0b inet6 "fd00:$BATS_TEST_NUMBER::1"
	[ "$status" -eq 0 ]
	[ "$(addrs epair0b inet6)" = "fd00:$BATS_TEST_NUMBER::1/64" ]
	is_up epair0b
	# no alias in inet6 replaces only the same address (af_inet6.c)
	ifc epair0b inet6 "fd00:$BATS_TEST_NUMBER::2/80"
	[ "$(addrs epair0b inet6 | sort)" = "$(printf '%s\n' \
	    "fd00:$BATS_TEST_NUMBER::1/64" "fd00:$BATS_TEST_NUMBER::2/80")" ]
	ifc epair0b inet6 "fd00:$BATS_TEST_NUMBER::1" prefixlen 96
	[[ "$(addrs epair0b inet6)" == *"fd00:$BATS_TEST_NUMBER::1/96"* ]]
	[ "$(addrs epair0b inet6 | wc -l)" = 2 ]
	ifc epair0b inet6 "fd00:$BATS_TEST_NUMBER::1" -alias
	[ "$status" -eq 0 ]
	[ "$(addrs epair0b inet6)" = "fd00:$BATS_TEST_NUMBER::2/80" ]
	ifc epair0b inet6 "fd00:$BATS_TEST_NUMBER::1" -alias
	[ "$status" -eq 1 ]
	output_is "ifconfig: remove address fd00:$BATS_TEST_NUMBER::1 from epair0b: it has no such address"
	# an inet and an inet6 address live side by side
	ifc epair0b inet "$NET.1/24"
	[ "$(addrs epair0b inet6)" = "fd00:$BATS_TEST_NUMBER::2/80" ]
}

@test "up, down, mtu" {
	ifc epair create
	ifc epair0a up
	[ "$status" -eq 0 ]
	is_up epair0a
	ifc epair0a down
	! is_up epair0a
	ifc epair0a mtu 9000 up
	[ "$(iplink epair0a .mtu)" = 9000 ]
	is_up epair0a
	ifc bridge0 create mtu 1280
	[ "$(iplink bridge0 .mtu)" = 1280 ]
	ifc nothere up
	[ "$status" -eq 1 ]
	output_is "ifconfig: interface nothere does not exist"
	ifc nothere mtu 1400
	output_is "ifconfig: interface nothere does not exist"
	ifc epair0a mtu 67
	[ "$status" -eq 1 ]
	output_is 'ifconfig: "epair0a mtu 67": mtu 67 is out of range (68..65535)'
}

@test "the listing: FreeBSD's layout, one interface, -a, a family" {
	ifc bridge0 create up
	ifc epair create up
	ifc bridge0 addm epair0a
	ifc bridge0 inet "$NET.1/24"
	ifc epair0b up
	mac_b=$(iplink bridge0 .address)
	mac_a=$(iplink epair0a .address)
	mac_bb=$(iplink epair0b .address)
	idx=$(iplink bridge0 .ifindex)
	retry 30 0.1 bash -c "[ -n \"\$(ip -n $H -j link show epair0a |
	    jq -r '.[0].flags[] | select(. == \"LOWER_UP\")')\" ]"
	ifc bridge0
	[ "$status" -eq 0 ]
	# link-local addresses come and go with DAD: compared apart
	[ "$(grep -v 'inet6 fe80::' <<<"$output")" = "bridge0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500
	ether $mac_b
	inet $NET.1 netmask 0xffffff00 broadcast $NET.255
	member: epair0a flags=3<LEARNING,DISCOVER>
	groups: bridge" ]
	run grep 'inet6 fe80::' <<<"$output"
	[[ "$output" =~ ^$'\t'"inet6 fe80::"[0-9a-f:]+"%bridge0 prefixlen 64"( tentative)?" scopeid 0x$(printf %x "$idx")"$ ]]
	ifc epair0a
	[ "$(grep -v 'inet6 fe80::' <<<"$output")" = "epair0a: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500
	ether $mac_a
	groups: epair
	status: active" ]
	# every interface, in the kernel's order, lo first
	ifc
	[ "$status" -eq 0 ]
	all=$output
	[[ "${lines[0]}" == "lo: flags=1000049<UP,LOOPBACK,RUNNING,LOWER_UP> metric 0 mtu 65536" ]]
	[[ "$all" == *$'\tinet 127.0.0.1 netmask 0xff000000\n'* ]]
	[[ "$all" == *$'\tinet6 ::1 prefixlen 128\n'* ]]
	[ "$(grep -c '^[a-z]' <<<"$all")" = 4 ]
	ifc -a
	[ "$(grep -v 'inet6 fe80::' <<<"$output")" = "$(grep -v 'inet6 fe80::' <<<"$all")" ]
	# a family: only interfaces with such an address, only those
	ifc -a inet
	output_is "lo: flags=1000049<UP,LOOPBACK,RUNNING,LOWER_UP> metric 0 mtu 65536
	inet 127.0.0.1 netmask 0xff000000
bridge0: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500
	inet $NET.1 netmask 0xffffff00 broadcast $NET.255"
	ifc epair0b inet
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	ifc nothere
	[ "$status" -eq 1 ]
	output_is "ifconfig: interface nothere does not exist"
	# brig ifconfig: the same
	run hbrig ifconfig -a inet
	[ "$status" -eq 0 ]
	[[ "$output" == "lo: flags=1000049<"* ]]
	# down: no RUNNING, no carrier; its link-local address gone
	ifc epair0b down
	ifc epair0b
	output_is "epair0b: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1500
	ether $mac_bb
	groups: epair
	status: no carrier"
}

@test "destroy: epairs (either end) and bridges only" {
	ifc epair create
	ifc epair create
	ifc bridge0 create
	ifc epair0b destroy
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(links)" = "$(printf '%s\n' bridge0 epair1a epair1b lo)" ]
	ifc bridge0 destroy
	[ "$status" -eq 0 ]
	ifc epair9a destroy
	[ "$status" -eq 1 ]
	output_is "ifconfig: interface epair9a does not exist"
	ifc lo destroy
	output_is "ifconfig: cannot destroy lo, the loopback interface: brig's ifconfig destroys only what create makes (epair, bridge)"
	ip -n "$H" link add ifb0 type ifb
	ifc ifb0 destroy
	[ "$status" -eq 1 ]
	output_is "ifconfig: cannot destroy ifb0, an ifb interface: brig's ifconfig destroys only what create makes (epair, bridge)"
	ifc epair1a destroy up
	[ "$status" -eq 1 ]
	output_is 'ifconfig: "epair1a destroy up": destroy cannot be combined with other parameters'
	[ "$(links)" = "$(printf '%s\n' epair1a epair1b ifb0 lo)" ]
}

@test "bad names and forms: refused, nothing changed" {
	ifc epair create
	before=$(state)
	ifc epair0123456789 create
	[ "$status" -eq 1 ]
	output_is 'ifconfig: "epair0123456789 create": bad unit in "epair0123456789" (epair or epairN, N from 0 to 32767, no leading zero)'
	ifc bridge0123456789a create
	output_is 'ifconfig: "bridge0123456789a create": interface name "bridge0123456789a" is longer than 15 bytes'
	ifc bridge0 addm epair0123456789ab
	output_is 'ifconfig: "bridge0 addm epair0123456789ab": interface name "epair0123456789ab" is longer than 15 bytes'
	ifc epair0a vnet
	output_is "ifconfig: vnet needs a jail name"
	ifc bridge0 addm
	output_is "ifconfig: addm needs an interface name"
	ifc epair0a mtu
	output_is "ifconfig: mtu needs a number"
	ifc wlan0 create
	output_is "ifconfig: \"wlan0 create\": creating \"wlan0\" is not supported by brig's ifconfig (only epair[N] and bridge[N])"
	ifc epair0a ssid foo
	[ "$status" -eq 1 ]
	[[ "$output" == "ifconfig: \"epair0a ssid foo\": \"ssid\" is not supported by brig's ifconfig (supported: create, destroy, addm, deletem, vnet, -vnet, inet, inet6, alias, -alias, up, down, mtu, netmask, prefixlen)" ]]
	ifc -l
	output_is "ifconfig: \"-l\": \"-l\" is not supported by brig's ifconfig (supported: -a)"
	ifc epair0a inet 10.0.0.300/24
	output_is 'ifconfig: "epair0a inet 10.0.0.300/24": "10.0.0.300/24" is not an inet address'
	[ "$(state)" = "$before" ]
}

@test "vnet and -vnet: into a running vnet jail and back, by name and JID" {
	make_rootfs "$BATS_TEST_TMPDIR/root"
	conf <<-EOF
	path = "$BATS_TEST_TMPDIR/root";
	exec.start = "true";
	persist;
	j { vnet; }
	k { }
	EOF
	hbrig start j k
	jid=$(hbrig ls -j j jid | tail -1 | tr -d ' ')
	pid=$(hbrig status j | awk '$1 == "j" { print $4 }')
	jnet() {
		nsenter --net="/proc/$pid/ns/net" ip -o link |
		    awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort
	}
	ifc epair create up
	ifc epair0b vnet j
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(jnet)" = "$(printf '%s\n' epair0b lo)" ]
	[ "$(links)" = "$(printf '%s\n' epair0a lo)" ]
	# the pair still works across: an address each side, a ping
	nsenter --net="/proc/$pid/ns/net" ip addr add "$NET.2/24" dev epair0b
	nsenter --net="/proc/$pid/ns/net" ip link set epair0b up
	ifc epair0a inet "$NET.1/24"
	retry 20 0.2 nsenter --net="/run/netns/$H" busybox ping -c 1 -W 1 "$NET.2"
	# back, from the jail's namespace to this one
	ifc epair0b -vnet j
	[ "$status" -eq 0 ]
	[ "$(jnet)" = lo ]
	[ "$(links)" = "$(printf '%s\n' epair0a epair0b lo)" ]
	# by JID
	ifc epair0b vnet "$jid"
	[ "$status" -eq 0 ]
	[ "$(jnet)" = "$(printf '%s\n' epair0b lo)" ]
	ifc epair0b -vnet "$jid"
	[ "$(jnet)" = lo ]
	# refusals, before anything moves
	ifc epair0b vnet nojail
	[ "$status" -eq 1 ]
	output_is "ifconfig: jail nojail is not running"
	ifc epair0b vnet k
	output_is "ifconfig: jail k has no vnet: its network is the host's"
	ifc epair7b vnet j
	output_is "ifconfig: interface epair7b does not exist"
	ifc epair7b -vnet j
	output_is "ifconfig: interface epair7b does not exist in jail j"
	ifc bridge0 create
	ifc bridge0 vnet j
	output_is "ifconfig: vnet j: bridge0 is a bridge interface, which stays in its network namespace"
	ifc lo vnet j
	output_is "ifconfig: vnet j: lo is the loopback interface, which stays in its network namespace"
	# a name the jail has already
	ifc epair0b vnet j
	ip -n "$H" link add epair0b type veth peer name other0
	ifc epair0b vnet j
	[ "$status" -eq 1 ]
	output_is "ifconfig: vnet j: jail j has an interface epair0b already"
	ifc epair0b -vnet j
	output_is "ifconfig: -vnet j: an interface epair0b exists here already"
	[ "$(jnet)" = "$(printf '%s\n' epair0b lo)" ]
	# vnet must be last (the interface has left)
	ifc epair0a vnet j up
	output_is 'ifconfig: "epair0a vnet j up": vnet must be the last parameter (the interface has left the host)'
	hbrig stop j k
}

@test "the seed's exec.prestart and exec.poststop run verbatim" {
	make_rootfs "$BATS_TEST_TMPDIR/root"
	conf <<-EOF
	unbound {
		path = "$BATS_TEST_TMPDIR/root";
		exec.start = "true";
		persist;
		vnet;
		vnet.interface = "epair0b";
		exec.prestart = "ifconfig epair0 create up; \\
	ifconfig bridge0 addm epair0a up; \\
	ifconfig epair0b vnet unbound";
		exec.poststop = "ifconfig epair0a destroy";
	}
	EOF
	ifc bridge0 create up
	run hbrig start unbound
	echo "$output"
	[ "$status" -eq 0 ]
	pid=$(hbrig status unbound | awk '$1 == "unbound" { print $4 }')
	run nsenter --net="/proc/$pid/ns/net" ip -o link show epair0b
	[ "$status" -eq 0 ]
	[ "$(iplink epair0a .master)" = bridge0 ]
	is_up epair0a
	run hbrig stop unbound
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(links)" = "$(printf '%s\n' bridge0 lo)" ]
}
