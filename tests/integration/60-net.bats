#!/usr/bin/env bats
# The network executor (src/net) through tests/net/driver.c: veth pairs
# with one end made inside a namespace, bridges, addresses, routes, the
# kernel's own cleanup when a namespace goes away.  Every name is unique
# (brt$BATS_TEST_NUMBER$$...), every namespace the test's own (ip netns
# add), every address in 10.x or fd00::/8 inside those namespaces:
# nothing is routed, bridged or NATed to the host's interfaces, and no
# route is added on the host.  A ledger in $BATS_TEST_TMPDIR lists what
# a test made, written before it is made; teardown removes it all, in
# reverse order, whatever happened.

load helpers

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	"$BRIG_TOP/tests/net/build.sh" "$BATS_FILE_TMPDIR" >&2
	ip -o link >"$BATS_FILE_TMPDIR/links.before"
	ip netns list >"$BATS_FILE_TMPDIR/netns.before"
}

setup() {
	requires root cmd:jq cmd:busybox
	D=$BATS_FILE_TMPDIR/driver
	P=brt$BATS_TEST_NUMBER$$	# at most 12 bytes: 3 left for suffixes
	LEDGER=$BATS_TEST_TMPDIR/ledger
	# A /24 of 10.x for this test alone.
	NET=10.$((200 + BATS_TEST_NUMBER)).$(($$ % 250))
	: >"$LEDGER"
}

teardown() {
	local kind name
	tac "$LEDGER" | while read -r kind name; do
		case $kind in
		link) ip link del "$name" 2>/dev/null || true ;;
		ns) ip netns del "$name" 2>/dev/null || true ;;
		esac
	done
}

# Record, then make, a namespace.
mkns() {
	echo "ns $1" >>"$LEDGER"
	ip netns add "$1"
}

# Record a host link about to be made.
made() {
	echo "link $1" >>"$LEDGER"
}

# driver with status and output, echoed for a failing test.
drv() {
	run "$D" "$@"
	echo "driver $* -> $status: $output"
}

# absent NS|- DEV: the link DEV is not in NS (or on the host).  (A bare
# "! cmd" would not fail a bats test.)
absent() {
	local ns=()
	[ "$1" = - ] || ns=(-n "$1")
	run ip "${ns[@]}" link show "$2"
	[ "$status" -ne 0 ]
}

# jq over `ip [-n NS] -d -j link show DEV`: iplink NS|- DEV FILTER
iplink() {
	local ns=()
	[ "$1" = - ] || ns=(-n "$1")
	ip "${ns[@]}" -d -j link show "$2" | jq -r ".[0]$3"
}

@test "a veth pair is made with one end inside a namespace" {
	mkns "${P}n"
	made "${P}h"
	drv veth "${P}h" "${P}p" "${P}n"
	[ "$status" -eq 0 ]
	[ "$(iplink - "${P}h" .linkinfo.info_kind)" = veth ]
	[ "$(iplink "${P}n" "${P}p" .linkinfo.info_kind)" = veth ]
	# the peer never was on the host
	absent - "${P}p"
	# the host end's peer is in another namespace
	[ "$(iplink - "${P}h" .link_netnsid)" != null ]
	drv -n "${P}n" index "${P}p"
	[ "$output" = "$(iplink "${P}n" "${P}p" .ifindex)" ]
	drv -n "${P}n" list
	# name index kind flags master netns-local mtu; netns-local is -1
	# (unknown) before Linux 6.15
	[[ "$output" =~ (^|$'\n')"${P}p "[0-9]+" veth 0x1002 0 "(0|-1)" 1500" ]]
	[[ "$output" =~ ^"lo 1 - 0x8 0 "(1|-1)" 65536" ]]
	# a second pair of the same name: the kernel's EEXIST, named
	drv veth "${P}h" "${P}q"
	[ "$status" -eq 1 ]
	output_is "driver: create veth ${P}h (peer ${P}q): File exists"
}

@test "a bridge with the host end enslaved, then released" {
	mkns "${P}n"
	made "${P}b"
	drv bridge "${P}b"
	[ "$status" -eq 0 ]
	[ "$(iplink - "${P}b" .linkinfo.info_kind)" = bridge ]
	made "${P}h"
	"$D" veth "${P}h" "${P}p" "${P}n"
	drv master "${P}h" "${P}b"
	[ "$status" -eq 0 ]
	drv up "${P}h"
	[ "$(iplink - "${P}h" .master)" = "${P}b" ]
	[[ "$(iplink - "${P}h" '.flags|join(",")')" == *UP* ]]
	drv list
	[[ "$output" == *"${P}b "*" bridge "* ]]
	drv nomaster "${P}h"
	[ "$status" -eq 0 ]
	[ "$(iplink - "${P}h" .master)" = null ]
	drv master "${P}h" "${P}x"
	[ "$status" -eq 1 ]
	output_is "driver: enslave ${P}h: find link ${P}x: No such device"
}

@test "addresses and default routes inside the namespace" {
	mkns "${P}n"
	made "${P}h"
	"$D" veth "${P}h" "${P}p" "${P}n"
	drv -n "${P}n" addr-add "${P}p" "$NET.1/24" "$NET.255"
	[ "$status" -eq 0 ]
	drv -n "${P}n" addr-add "${P}p" fd00:"$BATS_TEST_NUMBER"::1/64
	[ "$status" -eq 0 ]
	drv -n "${P}n" up "${P}p"
	drv -n "${P}n" lo-up
	run ip -n "${P}n" -j addr show "${P}p"
	echo "$output"
	[ "$(jq -r '.[0].addr_info[] | select(.family == "inet") |
	    "\(.local)/\(.prefixlen) \(.broadcast)"' <<<"$output")" = \
	    "$NET.1/24 $NET.255" ]
	[ "$(jq -r '.[0].addr_info[] | select(.family == "inet6" and
	    .scope == "global") | "\(.local)/\(.prefixlen)"' <<<"$output")" = \
	    "fd00:$BATS_TEST_NUMBER::1/64" ]
	[[ "$(iplink "${P}n" lo '.flags|join(",")')" == *UP* ]]
	drv -n "${P}n" route-add default "$NET.254"
	[ "$status" -eq 0 ]
	drv -n "${P}n" route-add default fd00:"$BATS_TEST_NUMBER"::fe "${P}p"
	[ "$status" -eq 0 ]
	[ "$(ip -n "${P}n" -j route show default | jq -r '.[0].gateway')" = \
	    "$NET.254" ]
	[ "$(ip -n "${P}n" -6 -j route show default |
	    jq -r '.[0] | "\(.gateway) \(.dev)"')" = \
	    "fd00:$BATS_TEST_NUMBER::fe ${P}p" ]
	# the host's routes are not touched
	[ -z "$(ip route show | grep -F "$NET.")" ]
	# delete, twice: the second time it is gone already, success
	for i in 1 2; do
		drv -n "${P}n" route-del default "$NET.254"
		[ "$status" -eq 0 ]
		drv -n "${P}n" addr-del "${P}p" "$NET.1/24"
		[ "$status" -eq 0 ]
	done
	[ "$(ip -n "${P}n" -j route show default)" = "[]" ]
	[ "$(ip -n "${P}n" -j -4 addr show "${P}p" | jq '.[0].addr_info // [] | length')" = 0 ]
}

@test "ping from one namespace to another over the bridge" {
	mkns "${P}n"
	mkns "${P}m"
	made "${P}b"
	"$D" bridge "${P}b"
	"$D" up "${P}b"
	for i in 1 2; do
		jns=${P}n
		[ "$i" = 2 ] && jns=${P}m
		made "${P}h$i"
		"$D" veth "${P}h$i" "${P}p$i" "$jns"
		"$D" master "${P}h$i" "${P}b"
		"$D" up "${P}h$i"
		"$D" -n "$jns" addr-add "${P}p$i" "$NET.$i/24"
		"$D" -n "$jns" up "${P}p$i"
		"$D" -n "$jns" lo-up
	done
	# the bridge itself has no address: the host is not on this net
	[ "$(ip -j addr show "${P}b" | jq '[.[0].addr_info[] | select(.family == "inet")] | length')" = 0 ]
	retry 10 0.3 ip netns exec "${P}m" busybox ping -c 1 -W 1 "$NET.1"
	ip netns exec "${P}n" busybox ping -c 1 -W 1 "$NET.2"
	ip netns exec "${P}n" busybox ping -c 1 -W 1 127.0.0.1
}

@test "the namespace going away deletes its veth end and the host end" {
	mkns "${P}n"
	made "${P}h"
	"$D" veth "${P}h" "${P}p" "${P}n"
	ip link show "${P}h"
	ip netns del "${P}n"
	# the kernel's namespace cleanup runs in a work queue
	retry 20 0.1 bash -c "! ip link show ${P}h 2>/dev/null"
}

@test "deleting a missing link, address or route is success (ENODEV)" {
	mkns "${P}n"
	drv del "${P}x"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	drv -n "${P}n" del "${P}x"
	[ "$status" -eq 0 ]
	drv -n "${P}n" addr-del "${P}x" "$NET.1/24"
	[ "$status" -eq 0 ]
	drv -n "${P}n" route-del default "$NET.254" "${P}x"
	[ "$status" -eq 0 ]
	drv -n "${P}n" index "${P}x"
	[ "$status" -eq 1 ]
	output_is "driver: find link ${P}x: No such device"
	# a real delete still works and takes the peer with it
	made "${P}h"
	"$D" veth "${P}h" "${P}p" "${P}n"
	drv del "${P}h"
	[ "$status" -eq 0 ]
	absent - "${P}h"
	absent "${P}n" "${P}p"
}

@test "invalid interface names are refused before anything is made" {
	local rule="(1..15 bytes, no '/', ':' or blanks, not \".\" or \"..\")"
	mkns "${P}n"
	before=$(ip -o link; ip -n "${P}n" -o link)
	made "${P}h"
	drv veth "${P}h" "a/b" "${P}n"
	[ "$status" -eq 1 ]
	output_is "driver: invalid interface name \"a/b\": contains '/' $rule"
	drv veth "${P}h" "${P}p0123456789"
	output_is "driver: invalid interface name \"${P}p0123456789\": longer than 15 bytes $rule"
	drv veth "${P}h" "a b"
	output_is "driver: invalid interface name \"a b\": contains a blank $rule"
	drv bridge "x:y"
	output_is "driver: invalid interface name \"x:y\": contains ':' $rule"
	drv bridge ..
	output_is "driver: invalid interface name \"..\": \".\" and \"..\" are reserved $rule"
	drv bridge ""
	output_is "driver: invalid interface name \"\": empty $rule"
	drv rename lo "a/b"
	[ "$status" -eq 1 ]
	[ "$(ip -o link; ip -n "${P}n" -o link)" = "$before" ]
}

@test "mtu, down, rename, and a move into a namespace and back" {
	mkns "${P}n"
	made "${P}h"
	made "${P}r"
	drv veth "${P}h" "${P}p"	# both ends on the host
	[ "$status" -eq 0 ]
	made "${P}p"
	drv mtu "${P}h" 1400
	[ "$status" -eq 0 ]
	[ "$(iplink - "${P}h" .mtu)" = 1400 ]
	drv mtu "${P}h" 10
	[ "$status" -eq 1 ]
	[[ "$output" == "driver: set mtu 10 on ${P}h: "*"Invalid argument" ]]
	drv up "${P}h"
	drv down "${P}h"
	[[ "$(iplink - "${P}h" '.flags|join(",")')" != *UP* ]]
	drv rename "${P}h" "${P}r"
	[ "$status" -eq 0 ]
	absent - "${P}h"
	[ "$(iplink - "${P}r" .mtu)" = 1400 ]
	drv netns "${P}p" "${P}n"
	[ "$status" -eq 0 ]
	absent - "${P}p"
	[ "$(iplink "${P}n" "${P}p" .linkinfo.info_kind)" = veth ]
	# and back, acting inside the namespace
	drv -n "${P}n" netns "${P}p" self
	[ "$status" -eq 0 ]
	[ "$(iplink - "${P}p" .linkinfo.info_kind)" = veth ]
	# a bridge cannot leave its namespace
	made "${P}b"
	"$D" bridge "${P}b"
	drv netns "${P}b" "${P}n"
	[ "$status" -eq 1 ]
	[[ "$output" == "driver: move ${P}b to netns fd "* ]]
}

@test "nothing is left behind: ip -o link and ip netns list as before" {
	retry 30 0.1 bash -c \
	    "[ \"\$(ip -o link)\" = \"\$(cat $BATS_FILE_TMPDIR/links.before)\" ]"
	diff -u "$BATS_FILE_TMPDIR/links.before" <(ip -o link)
	diff -u "$BATS_FILE_TMPDIR/netns.before" <(ip netns list)
}
