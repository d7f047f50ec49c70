#!/bin/bash
# Time a jail's network set-up: a veth pair with its peer made inside the
# jail's namespace, the host end on a bridge and up, an address on the
# peer, the peer and lo up; src/net (tests/net/driver.c jailnet, one
# process) against the same with ip(8) commands.  The namespace and
# bridge are made once; each run starts with the pair deleted (not
# timed).  Root; hyperfine.  Everything is removed at exit.
#
#   usage: tests/net/bench.sh [HYPERFINE-OPTION ...]
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
ns=brtbn$$ br=brtbb$$ h=brtbh$$ p=brtbp$$ a=10.254.$(($$ % 250)).2/24

cleanup() {
	ip link del "$h" 2>/dev/null || true
	ip link del "$br" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$out"
}
trap cleanup EXIT

"$top/tests/net/build.sh" "$out"
ip netns add "$ns"
ip link add "$br" type bridge
ip link set "$br" up

hyperfine -w 5 -m 50 "$@" \
    --prepare "ip link del $h 2>/dev/null || true" \
    -n brig-net "$out/driver jailnet $h $p $ns $br $a" \
    -n ip-commands "ip link add $h type veth peer name $p netns $ns && \
ip link set $h master $br up && ip -n $ns addr add $a dev $p && \
ip -n $ns link set $p up && ip -n $ns link set lo up"
