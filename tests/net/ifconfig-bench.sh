#!/bin/bash
# Time the seed's exec.prestart through brig's ifconfig persona against
# the same done with ip(8):
#
#   ifconfig epair0 create up; ifconfig bridge0 addm epair0a up;
#   ifconfig epair0b vnet JAIL
#
#   ip link add epair0a type veth peer name epair0b; ip link set epair0a
#   up; ip link set epair0a master bridge0 up; ip link set epair0b netns
#   PID
#
# in a network namespace of the script's own, playing the host, with a
# running vnet jail (busybox) started by brig in it.  Each run starts
# with the pair deleted (not timed).  Root; hyperfine, busybox, nsenter.
# Everything is removed at exit.
#
#   usage: tests/net/ifconfig-bench.sh [HYPERFINE-OPTION ...]
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
brig=$top/build/brig
tmp=$(mktemp -d)
h=brigifb$$

export BRIG_CONF=$tmp/jail.conf BRIG_RUNDIR=$tmp/run \
    BRIG_DATADIR=$tmp/data BRIG_RCTL_CONF=$tmp/rctl.conf

cleanup() {
	nsenter --net="/run/netns/$h" "$brig" stop -a >/dev/null 2>&1 || true
	ip netns del "$h" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

make -s -C "$top" all >/dev/null
mkdir -p "$tmp/bin" "$tmp/root/bin" "$tmp/root/proc" "$tmp/root/dev" \
    "$tmp/root/tmp" "$tmp/root/sys" "$tmp/root/etc"
ln -s "$brig" "$tmp/bin/ifconfig"
cp /bin/busybox "$tmp/root/bin/busybox"
ln -s busybox "$tmp/root/bin/sh"
ln -s busybox "$tmp/root/bin/true"
cat >"$BRIG_CONF" <<EOF
j { path = "$tmp/root"; vnet; persist; exec.start = "true"; }
EOF
ip netns add "$h"
in_h="nsenter --net=/run/netns/$h"
$in_h "$brig" start j >/dev/null
pid=$($in_h "$brig" status j | awk '$1 == "j" { print $4 }')
$in_h ip link add bridge0 type bridge
$in_h ip link set bridge0 up

hyperfine -w 5 -m 50 "$@" \
    --prepare "$in_h ip link del epair0a 2>/dev/null || true" \
    -n brig-ifconfig "$in_h env PATH=$tmp/bin:\$PATH sh -c 'ifconfig \
epair0 create up >/dev/null; ifconfig bridge0 addm epair0a up; \
ifconfig epair0b vnet j'" \
    -n ip-commands "$in_h sh -c 'ip link add epair0a type veth peer name \
epair0b; ip link set epair0a up; ip link set epair0a master bridge0 up; \
ip link set epair0b netns $pid'"
