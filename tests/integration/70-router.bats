#!/usr/bin/env bats
# The seed's router, end to end (issue 4): examples/router/jail.conf with
# only its paths changed, the unbound jail's rc.conf and unbound.conf, the
# wireguard jail, on roots made from the host's own programs by
# scripts/mkroot-closure.
#
# Each test plays the router host in a network namespace of its own, H
# (entered with nsenter --net: ip netns exec would remount /sys and hide
# the cgroup hierarchies brig needs), so the seed's names bridge0,
# bridge1, epair0 and epair1 are used as written.  As the host's rc.conf
# would (cloned_interfaces), the test makes bridge0 with 10.10.10.1/24 and
# bridge1 with 10.20.20.1/24 in H, and a LAN client namespace C on
# bridge0 with 10.10.10.100/24.  Traffic stays inside those namespaces:
# nothing is bridged, routed or NATed to the host's interfaces, and no
# route is added on the host.  teardown stops the jails and deletes the
# namespaces (and with them every link in them) whatever happened; the
# last test checks that the host's links, namespaces, mounts and cgroups
# are as before the file ran.

load helpers

EX=$BRIG_TOP/examples/router

setup_file() {
	# Without these, setup skips every test and says why.
	[ "$(id -u)" = 0 ] && [ -x /bin/busybox ] || return 0
	ip -o link >"$BATS_FILE_TMPDIR/links.before"
	ip netns list >"$BATS_FILE_TMPDIR/netns.before"
	# The roots, shared by every test: brig writes nothing into them
	# that outlives a jail.
	local r=$BATS_FILE_TMPDIR/jails
	mkdir -p "$r"
	if command -v unbound >/dev/null; then
		"$BRIG_TOP/scripts/mkroot-closure" "$r/unbound" \
		    --link /bin/sh:busybox --link /bin/hostname:busybox \
		    /usr/sbin/unbound /usr/sbin/unbound-checkconf /bin/busybox >&2
		cp -R "$EX/unbound/." "$r/unbound/"
	fi
	"$BRIG_TOP/scripts/mkroot-closure" "$r/wireguard" \
	    --link /bin/sh:busybox --link /bin/hostname:busybox \
	    --file "$EX/wireguard/etc/rc.conf:/etc/rc.conf" /bin/busybox >&2
}

setup() {
	requires root cmd:busybox cmd:nsenter cmd:unbound cmd:dig
	brig_setup
	JAILS=$BATS_FILE_TMPDIR/jails
	P=brt$$-$BATS_TEST_NUMBER
	H=$P-host
	C=$P-client
	U=$P-unbound		# the by-hand test's resolver
	export BRIG_RUNDIR=/run/$P
	mkdir -p "$BRIG_RUNDIR" "$BRIG_DATADIR"
	# The seed's jail.conf and rctl.conf; only the roots move.
	sed "s|\"/var/lib/brig/jails/|\"$JAILS/|" "$EX/jail.conf" >"$BRIG_CONF"
	cp "$EX/rctl.conf" "$BRIG_RCTL_CONF"
	chmod 600 "$BRIG_CONF" "$BRIG_RCTL_CONF"
	UNBOUND_PID=
}

teardown() {
	local j pid ns
	[ -n "${P:-}" ] || return 0
	if [ -e "/run/netns/$H" ]; then
		hbrig stop -a >/dev/null 2>&1 || true
		hbrig stop -R -a >/dev/null 2>&1 || true
		# A jail brig could not stop: its init, by the PID brig
		# recorded for the jail this test started, if that process
		# is still in the jail's cgroup.
		for j in unbound wireguard; do
			pid=$(hbrig status "$j" 2>/dev/null | brig_status_pid "$j")
			case $pid in
			'' | - | *[!0-9]*) continue ;;
			esac
			if grep -q "/brig/$j\$" "/proc/$pid/cgroup" 2>/dev/null; then
				kill -KILL "$pid" 2>/dev/null || true
			fi
		done
	fi
	if [ -n "$UNBOUND_PID" ]; then
		kill "$UNBOUND_PID" 2>/dev/null || true
		wait "$UNBOUND_PID" 2>/dev/null || true
	fi
	for ns in "$C" "$U" "$H"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$BRIG_RUNDIR"
}

# brig, as the test's router host runs it.
hbrig() {
	nsenter --net="/run/netns/$H" "$BRIG" "$@"
}

# The host's side of the router in H, and the LAN client C; each test
# that needs them starts with this.  The bridges
# get fixed MAC addresses (a bridge otherwise takes that of a port, and
# keeps it when the port goes), so that H's links compare exactly.
router_host() {
	ip netns add "$H"
	ip -n "$H" link set lo up
	ip -n "$H" link add bridge0 address 02:00:0a:0a:0a:01 type bridge
	ip -n "$H" addr add 10.10.10.1/24 dev bridge0
	ip -n "$H" link set bridge0 up
	ip -n "$H" link add bridge1 address 02:00:0a:14:14:01 type bridge
	ip -n "$H" addr add 10.20.20.1/24 dev bridge1
	ip -n "$H" link set bridge1 up
	ip netns add "$C"
	ip -n "$C" link set lo up
	ip -n "$H" link add lan0 type veth peer name lan0c netns "$C"
	ip -n "$H" link set lan0 master bridge0 up
	ip -n "$C" addr add 10.10.10.100/24 dev lan0c
	ip -n "$C" link set lan0c up
}

# What H holds, in full (flags, state, addresses of the links).
host_links() {
	ip -n "$H" -o link
}

# H holds exactly these links (the kernel deletes a veth whose peer's
# namespace went away in a work queue: retry it).
host_links_are() {
	[ "$(host_links)" = "$1" ]
}

# dig from the LAN client: one try, two seconds at most.
lan_dig() {
	nsenter --net="/run/netns/$C" dig +time=2 +tries=1 @10.10.10.53 "$@"
}

# lan_answers NAME WANT: the LAN client gets exactly WANT for NAME.
lan_answers() {
	local got
	got=$(lan_dig +short "$1") || return 1
	[ "$got" = "$2" ] || { echo "dig $1: got \"$got\", want \"$2\"" >&2; return 1; }
}

# A name outside the router's zones is refused at once: the resolver
# never recurses (a SERVFAIL or a timeout would mean it tried).
lan_refuses() {
	run lan_dig "$1"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"status: REFUSED"* ]]
	[[ "$output" =~ "Query time: "[0-9]{1,3}" msec" ]]
}

jail_pid() {
	hbrig status "$1" | brig_status_pid "$1"
}

# cg_file JAIL FILE [FILE ...]: the first of the files that jail JAIL's
# cgroup has, in whichever hierarchy (v2, or v1 on a hybrid host).
cg_file() {
	local j=$1 f p
	shift
	for f in "$@"; do
		p=$(find /sys/fs/cgroup -maxdepth 5 -path "*/brig/$j/$f" \
		    2>/dev/null | head -n 1)
		if [ -n "$p" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

@test "the roots: the closure runs in a chroot, the seed's files check" {
	# The seed's jail.conf: only the two paths differ.
	run diff "$EX/jail.conf" "$BRIG_CONF"
	[ "$(grep -c '^[<>]' <<<"$output")" -eq 4 ]
	[ "$(grep '^[<>]' <<<"$output" | grep -vc '	path = ')" -eq 0 ]
	# brig check reads the rctl.conf and each jail's rc.conf too.
	run "$BRIG" check
	[ "$status" -eq 0 ]
	output_is "$BRIG_CONF: 2 jails, 0 errors, 0 warnings
$BRIG_RCTL_CONF: 4 rules, 0 errors, 0 warnings
$JAILS/unbound/etc/rc.conf: 5 variables, 0 errors, 0 warnings
$JAILS/wireguard/etc/rc.conf:5:1: warning: wireguard_enable: brig's built-in rc does not know service wireguard (it knows local_unbound, unbound): not started
$JAILS/wireguard/etc/rc.conf: 4 variables, 0 errors, 1 warning"
	# unbound, its libraries and the loader, and nothing from the host
	# beyond them: it runs, and checks its configuration, chrooted.
	run chroot "$JAILS/unbound" /usr/sbin/unbound -V
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Version "* ]]
	run chroot "$JAILS/unbound" /usr/sbin/unbound-checkconf \
	    /var/unbound/unbound.conf
	output_is "unbound-checkconf: no errors in /var/unbound/unbound.conf"
	# shellcheck disable=SC2016
	run chroot "$JAILS/wireguard" /bin/sh -c 'echo $((6 * 7))'
	output_is 42
	[ "$(cat "$JAILS/unbound/etc/passwd")" = "root:x:0:0:root:/root:/bin/sh" ]
	# mkroot-closure refuses / and a root that is not empty.
	run "$BRIG_TOP/scripts/mkroot-closure" / /bin/busybox
	[ "$status" -eq 1 ]
	output_is "mkroot-closure: /: refusing to fill /"
	run "$BRIG_TOP/scripts/mkroot-closure" "$JAILS/wireguard" /bin/busybox
	[ "$status" -eq 1 ]
	output_is "mkroot-closure: $JAILS/wireguard: not empty"
}

# Without brig's VNET: the seed's prestart and the unbound jail's rc.conf
# done by hand with ip(8), unbound started as the jail's rc would start
# it, chrooted into the same root.  This proves the configuration and the
# topology on their own.
@test "by hand: unbound.conf answers router.lan on 10.10.10.53 and refuses the rest" {
	router_host
	before=$(host_links)
	ip netns add "$U"
	ip -n "$U" link set lo up
	# exec.prestart: epair0 create up; bridge0 addm epair0a up;
	# epair0b vnet unbound
	ip -n "$H" link add epair0a type veth peer name epair0b netns "$U"
	ip -n "$H" link set epair0a master bridge0 up
	# rc.conf: ifconfig_epair0b, defaultrouter
	ip -n "$U" addr add 10.10.10.53/24 dev epair0b
	ip -n "$U" link set epair0b up
	ip -n "$U" route add default via 10.10.10.1
	nsenter --net="/run/netns/$U" chroot "$JAILS/unbound" \
	    /usr/sbin/unbound -d -c /var/unbound/unbound.conf \
	    >"$BATS_TEST_TMPDIR/unbound.log" 2>&1 3>&- &
	UNBOUND_PID=$!
	retry 40 0.1 lan_answers router.lan 10.10.10.1
	lan_answers ns.router.lan 10.10.10.53
	lan_answers wireguard.router.lan 10.20.20.2
	run lan_dig +short -x 10.10.10.53
	output_is "unbound.router.lan."
	run lan_dig router.lan
	[[ "$output" == *"flags: qr aa"* ]]
	run lan_dig nosuch.router.lan
	[[ "$output" == *"status: NXDOMAIN"* ]]
	lan_refuses example.com
	lan_refuses .
	# The router host is on the LAN too; anyone else is not.
	run nsenter --net="/run/netns/$H" dig +time=2 +tries=1 +short \
	    @10.10.10.53 router.lan
	output_is 10.10.10.1
	kill "$UNBOUND_PID"
	wait "$UNBOUND_PID" || true
	UNBOUND_PID=
	run cat "$BATS_TEST_TMPDIR/unbound.log"
	echo "$output"
	[[ "$output" == *"start of service"* ]]
	[[ "$output" == *" 0 recursions"* ]]
	# exec.poststop: epair0a destroy.  H holds what it held.
	ip netns del "$U"
	ip -n "$H" link del epair0a 2>/dev/null || true
	retry 30 0.1 host_links_are "$before"
}

@test "brig start -a: both jails, DNS from the LAN, wireguard sees its own links only" {
	router_host
	run hbrig start -a
	echo "$output"
	[ "$status" -eq 0 ]
	# jls, as the seed prints it: the hostnames come from each jail's
	# rc.conf.
	run hbrig ls -h name host.hostname path
	echo "$output"
	output_is "name host.hostname path
unbound unbound.lan $JAILS/unbound
wireguard wireguard.lan $JAILS/wireguard"
	run hbrig ls
	[[ "${lines[1]}" =~ ^\ +[0-9]+\ .*\ unbound\.lan\ +"$JAILS/unbound"$ ]]
	[[ "${lines[2]}" =~ ^\ +[0-9]+\ .*\ wireguard\.lan\ +"$JAILS/wireguard"$ ]]
	run hbrig exec unbound hostname
	output_is unbound.lan
	# The host's end of each epair is on the seed's bridge.
	[[ "$(ip -n "$H" -o link show epair0a)" == *" master bridge0 "* ]]
	[[ "$(ip -n "$H" -o link show epair1a)" == *" master bridge1 "* ]]
	# DNS from the LAN client, over bridge0 to the jail.
	retry 40 0.1 lan_answers router.lan 10.10.10.1
	lan_answers unbound.router.lan 10.10.10.53
	lan_refuses example.com
	# The wireguard jail: lo and epair1b, nothing else; its rc.conf's
	# address and default route; the router host reaches it on bridge1.
	pid=$(jail_pid wireguard)
	[[ "$pid" =~ ^[0-9]+$ ]]
	run netns_link_names "/proc/$pid/ns/net"
	output_is $'epair1b\nlo'
	run nsenter --net="/proc/$pid/ns/net" ip -o -4 addr show dev epair1b
	[[ "$output" == *" inet 10.20.20.2/24 "* ]]
	run nsenter --net="/proc/$pid/ns/net" ip route show default
	[[ "$output" == "default via 10.20.20.1 dev epair1b"* ]]
	nsenter --net="/run/netns/$H" busybox ping -c 1 -W 2 10.20.20.2
	# And unbound's jail: epair0b with 10.10.10.53/24 and lo.
	pid=$(jail_pid unbound)
	run netns_link_names "/proc/$pid/ns/net"
	output_is $'epair0b\nlo'
	run nsenter --net="/proc/$pid/ns/net" ip route show default
	[[ "$output" == "default via 10.10.10.1 dev epair0b"* ]]
	# The seed's rctl.conf, in force: the rules, and the kernel's limits
	# in each jail's cgroup.
	run hbrig rctl -h
	output_is "jail:unbound:memoryuse:deny=512M
jail:unbound:maxproc:deny=64
jail:wireguard:memoryuse:deny=128M
jail:wireguard:maxproc:deny=32"
	[ "$(cat "$(cg_file unbound pids.max)")" = 64 ]
	[ "$(cat "$(cg_file wireguard pids.max)")" = 32 ]
	limit=$(cat "$(cg_file unbound memory.max memory.limit_in_bytes)")
	[ "$limit" = $((512 << 20)) ]
	limit=$(cat "$(cg_file wireguard memory.max memory.limit_in_bytes)")
	[ "$limit" = $((128 << 20)) ]
}

@test "brig restart unbound: DNS comes back, the wireguard jail is untouched" {
	router_host
	hbrig start -a
	retry 40 0.1 lan_answers router.lan 10.10.10.1
	wg=$(jail_pid wireguard)
	ub=$(jail_pid unbound)
	[[ "$wg" =~ ^[0-9]+$ && "$ub" =~ ^[0-9]+$ ]]
	run hbrig restart unbound
	echo "$output"
	[ "$status" -eq 0 ]
	retry 40 0.1 lan_answers router.lan 10.10.10.1
	lan_answers wireguard.router.lan 10.20.20.2
	[ "$(jail_pid wireguard)" = "$wg" ]
	[ "$(jail_pid unbound)" != "$ub" ]
	# One epair0a on bridge0 still, not two.
	[ "$(ip -n "$H" -o link | grep -c ' epair0a@')" -eq 1 ]
	[[ "$(ip -n "$H" -o link show epair0a)" == *" master bridge0 "* ]]
}

@test "brig stop -a: the router host's links are exactly as before the start" {
	router_host
	before=$(host_links)
	hbrig start -a
	[ "$(host_links)" != "$before" ]	# epair0a and epair1a
	run hbrig stop -a
	echo "$output"
	[ "$status" -eq 0 ]
	run hbrig ls -h name
	output_is "name"
	retry 30 0.1 host_links_are "$before"
	run host_links
	output_is "$before"
	# Stopped: no answer, quickly.
	run nsenter --net="/run/netns/$C" dig +time=1 +tries=1 @10.10.10.53 \
	    router.lan
	[ "$status" -ne 0 ]
}

@test "nothing is left on the host: links, namespaces, mounts, cgroups" {
	retry 30 0.1 bash -c \
	    "[ \"\$(ip -o link)\" = \"\$(cat $BATS_FILE_TMPDIR/links.before)\" ]"
	diff -u "$BATS_FILE_TMPDIR/links.before" <(ip -o link)
	diff -u "$BATS_FILE_TMPDIR/netns.before" <(ip netns list)
	run grep -F "$BATS_FILE_TMPDIR/" /proc/self/mountinfo
	[ -z "$output" ]
	run find /sys/fs/cgroup -maxdepth 3 -path '*/brig/*' \
	    \( -name unbound -o -name wireguard \) -type d
	[ -z "$output" ]
}
