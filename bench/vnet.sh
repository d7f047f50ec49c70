#!/usr/bin/env bash
# bench/vnet.sh — VNET jails against what a shell tool pays, in one run:
#
#   1. start+stop of one VNET jail with an epair on a bridge and one
#      address: brig (brig.bridge, the address from the jail's rc.conf)
#      against the same network made and unmade with ip(8) commands
#      (ip netns add, ip link add ... netns, master, up, ip addr add, and
#      ip link del + ip netns del), the baseline a tool like bastille
#      pays, without even a process in the jail.  Target: brig <= 0.5x.
#   2. N VNET jails on one bridge, for N = 10, 50, 100: total start time,
#      per-jail median start, host memory per idle jail (/proc/meminfo's
#      anonymous, shmem, slab, per-CPU, page-table and kernel-stack
#      memory before and after), time to stop all; the per-jail figures should
#      stay flat as N grows (linear cost).
#
# Everything runs inside a network namespace made for the run (the
# "host"), entered with nsenter --net, so nothing touches the real
# host's network; everything is removed on exit.
# Usage (root): bench/vnet.sh [RUNS]   (hyperfine, busybox-static, jq, bc)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-30}
BRIG=${BRIG:-$PWD/build/brig}
WORK=$(mktemp -d -t brig-vbench.XXXXXX)
RUNDIR=$(mktemp -d -p /run brig-vbench.XXXXXX)
export BRIG_CONF=$WORK/jail.conf BRIG_RUNDIR=$RUNDIR BRIG_RCTL_CONF=/nonexistent
H=bvb-$$

cleanup() {
	nsenter --net="/run/netns/$H" "$BRIG" stop -a >/dev/null 2>&1 || true
	nsenter --net="/run/netns/$H" "$BRIG" stop -R -a >/dev/null 2>&1 || true
	for n in $(ip netns list | awk -v p="$H-b" 'index($1, p) == 1 {print $1}'); do
		ip netns del "$n" 2>/dev/null || true
	done
	ip netns del "$H" 2>/dev/null || true
	rm -rf "$WORK" "$RUNDIR"
}
trap cleanup EXIT INT TERM

ip netns add "$H"
ip -n "$H" link set lo up
ip -n "$H" link add bridge0 type bridge
ip -n "$H" addr add 10.99.0.1/16 dev bridge0
ip -n "$H" link set bridge0 up
inh() { nsenter --net="/run/netns/$H" "$@"; }

# mkroot DIR UNIT: a busybox root whose rc.conf gives epairUNITb an
# address.
mkroot() {
	mkdir -p "$1"/{bin,etc,proc,dev,sys,tmp}
	ln -f /bin/busybox "$1/bin/busybox" 2>/dev/null ||
	    cp /bin/busybox "$1/bin/busybox"
	ln -sf busybox "$1/bin/sh"
	echo 'root:x:0:0:root:/:/bin/sh' >"$1/etc/passwd"
	printf 'ifconfig_epair%db="inet 10.99.%d.%d/16"\n' "$2" \
	    $(($2 / 250 + 1)) $(($2 % 250 + 2)) >"$1/etc/rc.conf"
}

# 1. one jail, start+stop, against ip(8)
mkroot "$WORK/r0" 0
cat >"$BRIG_CONF" <<CONF
v0 { path = "$WORK/r0"; vnet; vnet.interface = "epair0b";
     brig.bridge = "bridge0"; persist;
     exec.start = "/bin/sh /etc/rc"; }
CONF
cat >"$WORK/ip.sh" <<SH
ip netns add $H-b0
ip link add epair0a type veth peer name epair0b netns $H-b0
ip link set epair0a master bridge0
ip link set epair0a up
ip -n $H-b0 link set lo up
ip -n $H-b0 addr add 10.99.1.2/16 dev epair0b
ip -n $H-b0 link set epair0b up
ip link del epair0a
ip netns del $H-b0
SH
cat >"$WORK/brig.sh" <<SH
$BRIG start v0 >/dev/null
$BRIG stop v0 >/dev/null
SH
echo "start+stop of a VNET jail on a bridge with an address, $RUNS runs ..." >&2
inh hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/one.json" \
    --command-name "ip(8) commands (netns, veth, bridge, address)" \
    "sh $WORK/ip.sh" \
    --command-name "brig start + stop" "sh $WORK/brig.sh" >/dev/null
base=$(jq '.results[0].median * 1000' "$WORK/one.json")
brig=$(jq '.results[1].median * 1000' "$WORK/one.json")
printf '\n%-48s %10s %10s\n' "start+stop, one VNET jail" "median ms" "x ip(8)"
printf '%-48s %10.2f %10.2f\n' "$(jq -r '.results[0].command' "$WORK/one.json")" "$base" 1
printf '%-48s %10.2f %10.2f\n' "$(jq -r '.results[1].command' "$WORK/one.json")" "$brig" \
    "$(echo "$brig / $base" | bc -l)"
printf 'target: brig <= 0.5x ip(8): %s\n' \
    "$(echo "$brig <= 0.5 * $base" | bc -l | sed 's/1/PASS/;s/0/FAIL/')"

# 2. N jails on one bridge
now_ns() { date +%s%N; }
# Memory the host spends on jails, KiB: processes (anonymous memory),
# tmpfs (/dev), kernel objects (slab: namespaces, links, cgroups),
# per-CPU data, page tables and kernel stacks; page cache left out.
used_kib() {
	awk '/^(AnonPages|Shmem|Slab|Percpu|PageTables|KernelStack):/ {s += $2}
	    END {print s}' /proc/meminfo
}
printf '\n%6s %12s %14s %16s %12s %14s\n' "jails" "start all s" \
    "median ms/jail" "host KiB/jail" "stop all s" "stop ms/jail"
for N in 10 50 100; do
	: >"$BRIG_CONF"
	for ((i = 0; i < N; i++)); do
		[ -d "$WORK/r$i" ] || mkroot "$WORK/r$i" "$i"
		printf 'v%d { path = "%s"; vnet; vnet.interface = "epair%db";
		    brig.bridge = "bridge0"; persist;
		    exec.start = "/bin/sh /etc/rc"; }\n' \
		    "$i" "$WORK/r$i" "$i" >>"$BRIG_CONF"
	done
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	m0=$(used_kib)
	: >"$WORK/per"
	t0=$(now_ns)
	for ((i = 0; i < N; i++)); do
		a=$(now_ns)
		inh "$BRIG" start "v$i" >/dev/null
		echo $(( ($(now_ns) - a) / 1000 )) >>"$WORK/per"
	done
	t1=$(now_ns)
	sleep 1
	m1=$(used_kib)
	s0=$(now_ns)
	inh "$BRIG" stop -a >/dev/null
	s1=$(now_ns)
	med=$(sort -n "$WORK/per" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] / 1000}')
	printf '%6d %12.2f %14.2f %16d %12.2f %14.2f\n' "$N" \
	    "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$med" \
	    $(( (m1 - m0) / N )) "$(echo "($s1 - $s0) / 1000000000" | bc -l)" \
	    "$(echo "($s1 - $s0) / 1000000 / $N" | bc -l)"
done
