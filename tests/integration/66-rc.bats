#!/usr/bin/env bats
# A jail's rc (src/jail/rc*.c, src/init/service.c): rc.conf's network
# settings carried out in a network namespace through tests/rc/driver.c,
# brig's decision between the jail's /etc/rc and its own, brig check on
# jails' rc.conf, and brig-init's -R services started and stopped in
# reverse order.
#
# Every namespace is the test's own (ip netns add, unique names
# brc$BATS_TEST_NUMBER$$...), every link made inside it, every address a
# 10.x or fd00::/8 one inside it: nothing touches the host's interfaces or
# routes.  A ledger in $BATS_TEST_TMPDIR lists what a test made (namespaces,
# processes), written before it is made; teardown removes it all.

load helpers

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	"$BRIG_TOP/tests/rc/build.sh" "$BATS_FILE_TMPDIR" >&2
}

setup() {
	requires root cmd:ip cmd:unshare
	D=$BATS_FILE_TMPDIR/driver
	INIT=$BRIG_TOP/build/brig-init
	P=brc$BATS_TEST_NUMBER$$	# at most 12 bytes: 3 left for suffixes
	NET=10.$((200 + BATS_TEST_NUMBER)).$(($$ % 250))
	LEDGER=$BATS_TEST_TMPDIR/ledger
	T=$BATS_TEST_TMPDIR
	: >"$LEDGER"
}

teardown() {
	local kind what
	tac "$LEDGER" | while read -r kind what; do
		case $kind in
		ns) ip netns del "$what" 2>/dev/null || true ;;
		pid) kill -KILL "$what" 2>/dev/null || true ;;
		esac
	done
}

# Record, then make, a namespace with a veth pair inside it (NAMEa and
# NAMEb, the a end up): the jail's side of an epair, the other end alone.
mkns() {
	echo "ns $1" >>"$LEDGER"
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip -n "$1" link add "${1}a" type veth peer name "${1}b"
	ip -n "$1" link set "${1}a" up
}

drv() {
	run "$D" "$@"
	echo "driver $* -> $status: $output"
}

# jq over `ip -n NS -j ...`: ipj NS ARGS... -- FILTER
ipj() {
	local ns=$1 args=()
	shift
	while [ "$1" != -- ]; do
		args+=("$1")
		shift
	done
	ip -n "$ns" -j "${args[@]}" | jq -r "$2"
}

@test "rc.conf's addresses, aliases and routes, in the jail's namespace" {
	N=${P}n
	mkns "$N"
	cat >"$T/rc.conf" <<-EOF
		hostname="t.lan"
		ifconfig_${N}b="inet $NET.2/24"
		ifconfig_${N}b_ipv6="inet6 fd00:$BATS_TEST_NUMBER::2/64"
		ifconfig_${N}b_alias0="inet $NET.3/32"
		ifconfig_${N}b_alias1="inet6 fd00:$BATS_TEST_NUMBER::3/64"
		defaultrouter="$NET.1"
		ipv6_defaultrouter="fe80::1%${N}b"
		static_routes="far near"
		route_far="-net 10.99.0.0/16 $NET.254"
		route_near="10.98.0.0/16 -interface ${N}b"
	EOF
	drv -n "$N" rcconf "$T/rc.conf"
	[ "$status" -eq 0 ]
	output_is "${N}b: address $NET.2/24
${N}b: address fd00:$BATS_TEST_NUMBER::2/64
${N}b: up
${N}b: address $NET.3/32
${N}b: address fd00:$BATS_TEST_NUMBER::3/64
route 10.99.0.0/16 via $NET.254
route 10.98.0.0/16 dev ${N}b
route default via $NET.1
route default inet6 via fe80::1 dev ${N}b"
	[ "$(ipj "$N" addr show "${N}b" -- '.[0].addr_info[] |
	    select(.family == "inet") | "\(.local)/\(.prefixlen) \(.broadcast)"' |
	    sort)" = "$NET.2/24 $NET.255
$NET.3/32 null" ]
	[ "$(ipj "$N" addr show "${N}b" -- '.[0].addr_info[] |
	    select(.family == "inet6" and .scope == "global") |
	    "\(.local)/\(.prefixlen)"' | sort)" = \
	    "fd00:$BATS_TEST_NUMBER::2/64
fd00:$BATS_TEST_NUMBER::3/64" ]
	[[ "$(ipj "$N" link show "${N}b" -- '.[0].flags|join(",")')" == *UP* ]]
	[ "$(ipj "$N" route show default -- '.[0].gateway')" = "$NET.1" ]
	[ "$(ipj "$N" route show 10.99.0.0/16 -- '.[0].gateway')" = "$NET.254" ]
	[ "$(ipj "$N" route show 10.98.0.0/16 -- '.[0].dev')" = "${N}b" ]
	[ "$(ipj "$N" -6 route show default -- '.[0] | "\(.gateway) \(.dev)"')" = \
	    "fe80::1 ${N}b" ]
	# the host's routes are not touched
	[ -z "$(ip route show | grep -F -e "$NET." -e 10.99. -e 10.98.)" ]
}

@test "an interface rc.conf names that the jail does not have" {
	N=${P}n
	mkns "$N"
	printf 'ifconfig_%sb="inet %s.2/24"\nifconfig_wg0="up"\n' "$N" "$NET" \
	    >"$T/rc.conf"
	drv -n "$N" rcconf "$T/rc.conf"
	[ "$status" -eq 1 ]
	[ "${lines[-1]}" = "driver: $T/rc.conf:2:1: ifconfig_wg0: the jail has no interface wg0 (it has: lo, ${N}b, ${N}a)" ]
	# refused before anything was done
	[ "$(ipj "$N" -4 addr show "${N}b" -- '.[0].addr_info | length')" = 0 ]
}

@test "DHCP is refused with a clear message, nothing done" {
	N=${P}n
	mkns "$N"
	printf 'ifconfig_%sb="SYNCDHCP"\n' "$N" >"$T/rc.conf"
	drv -n "$N" rcconf "$T/rc.conf"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$T/rc.conf:1:1: ifconfig_${N}b: \"SYNCDHCP\": DHCP is not offered yet: give the interface its address (inet ADDR/LEN) and set defaultrouter" ]
	[[ "$(ipj "$N" link show "${N}b" -- '.[0].flags|join(",")')" != *UP* ]]
}

@test "FreeBSD's lo0 is Linux's lo; an address already there is kept" {
	N=${P}n
	mkns "$N"
	printf 'ifconfig_lo0="inet 127.0.0.1/8"\nifconfig_lo0_alias0="inet 127.0.0.2/32"\n' \
	    >"$T/rc.conf"
	drv -n "$N" rcconf "$T/rc.conf"
	[ "$status" -eq 0 ]
	[ "$(ipj "$N" -4 addr show lo -- '[.[0].addr_info[].local]|join(" ")')" = \
	    "127.0.0.1 127.0.0.2" ]
}

# A jail whose root is $T/root, with jail.conf lines $1.
mkjail() {
	make_rootfs "$T/root"
	mkdir -p "$T/root/usr/sbin" "$T/root/var/unbound"
	cat >"$T/jail.conf" <<-EOF
		exec.start = "/bin/sh /etc/rc";
		exec.stop = "/bin/sh /etc/rc.shutdown";
		j { path = "$T/root"; persist; $1 }
	EOF
}

@test "brig's built-in rc when the jail has no /etc/rc" {
	N=${P}n
	mkns "$N"
	mkjail "vnet; vnet.interface = \"${N}b\";"
	cp /bin/busybox "$T/root/usr/sbin/unbound"
	: >"$T/root/var/unbound/unbound.conf"
	cat >"$T/root/etc/rc.conf" <<-EOF
		hostname="j.lan"
		ifconfig_${N}b="inet $NET.53/24"
		defaultrouter="$NET.1"
		local_unbound_enable="YES"
		sshd_enable="YES"
	EOF
	drv -n "$N" jail "$T/jail.conf" j
	[ "$status" -eq 0 ]
	output_is "brig: warning: jail j: $T/root/etc/rc.conf:5:1: sshd_enable: brig's built-in rc does not know service sshd (it knows local_unbound, unbound): not started
builtin_start 1
builtin_stop 1
hostname j.lan
R local_unbound /usr/sbin/unbound -d -c /var/unbound/unbound.conf
${N}b: address $NET.53/24
${N}b: up
route default via $NET.1"
	[ "$(ipj "$N" route show default -- '.[0].gateway')" = "$NET.1" ]
	# the jail's own /etc/rc and /etc/rc.shutdown: no built-in rc, but
	# rc.conf's network still applies (rc(8) reads it)
	printf '#!/bin/sh\n' >"$T/root/etc/rc"
	printf '#!/bin/sh\n' >"$T/root/etc/rc.shutdown"
	drv jail "$T/jail.conf" j
	[ "$status" -eq 0 ]
	output_is "builtin_start 0
builtin_stop 0
hostname j.lan
${N}b: address $NET.53/24
${N}b: up
route default via $NET.1"
}

@test "rc.conf applies only when exec.start runs /etc/rc, the network only with vnet" {
	mkjail ""
	printf 'hostname="j.lan"\nifconfig_e0="inet 10.0.0.2/24"\n' \
	    >"$T/root/etc/rc.conf"
	drv jail "$T/jail.conf" j
	[ "$status" -eq 0 ]
	output_is "brig: warning: jail j: $T/root/etc/rc.conf:2:1: ifconfig_e0: the network settings are not applied: the jail has no vnet (rc.d/netif and rc.d/routing are nojailvnet)
builtin_start 1
builtin_stop 1
hostname j.lan"
	sed -i 's#"/bin/sh /etc/rc"#"/bin/true"#' "$T/jail.conf"
	drv jail "$T/jail.conf" j
	output_is "brig: warning: jail j: $T/root/etc/rc.conf:1:1: hostname: not applied: exec.start does not run /etc/rc, which reads rc.conf
brig: warning: jail j: $T/root/etc/rc.conf:2:1: ifconfig_e0: the network settings are not applied: exec.start does not run /etc/rc, which reads rc.conf
builtin_start 0
builtin_stop 1"
}

@test "a service's program is looked for inside the jail, never on the host" {
	mkjail ""
	: >"$T/root/var/unbound/unbound.conf"
	# absolute links: inside the jail they point to nothing
	ln -s /usr/sbin/unbound "$T/root/usr/sbin/local-unbound"
	ln -s "$(command -v busybox)" "$T/root/usr/sbin/unbound"
	echo 'local_unbound_enable="YES"' >"$T/root/etc/rc.conf"
	drv jail "$T/jail.conf" j
	[ "$status" -eq 1 ]
	output_is "driver: jail j: $T/root/etc/rc.conf:1:1: local_unbound_enable: the jail has no program for local_unbound (/usr/sbin/local-unbound or /usr/sbin/unbound)"
	# a link inside the jail is followed inside it
	rm "$T/root/usr/sbin/unbound"
	cp /bin/busybox "$T/root/bin/unbound"
	ln -s ../../bin/unbound "$T/root/usr/sbin/unbound"
	drv jail "$T/jail.conf" j
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "R local_unbound /usr/sbin/local-unbound -d -c /var/unbound/unbound.conf" ]
	# no configuration: a clear start error
	rm "$T/root/var/unbound/unbound.conf"
	drv jail "$T/jail.conf" j
	[ "$status" -eq 1 ]
	output_is "driver: jail j: $T/root/etc/rc.conf:1:1: local_unbound_enable: config /var/unbound/unbound.conf is not in the jail (FreeBSD's rc.d/local_unbound would make one with local-unbound-setup; brig does not)"
}

@test "brig check: jails' rc.conf, and one address for two jails" {
	brig_setup
	for j in a b d; do
		make_rootfs "$T/$j"
	done
	# d's interfaces are known: lo and vnet.interface, nothing else
	printf 'ifconfig_epair5b="up"\nifconfig_epair6b="up"\n' \
	    >"$T/d/etc/rc.conf"
	cp /bin/busybox "$T/a/bin/unbound"
	cat >"$T/a/etc/rc.conf" <<-EOF
		ifconfig_epair0b="inet 10.10.10.53/24"
		ifconfig_epair0b_alias0="inet 10.10.10.54/32 DHCP"
		unbound_enable="YES"
		ntpd_enable="YES"
	EOF
	echo 'ifconfig_epair1b="inet 10.10.10.53/24"' >"$T/b/etc/rc.conf"
	conf <<-EOF
		exec.start = "/bin/sh /etc/rc";
		a { path = "$T/a"; vnet; vnet.interface = epair0b; persist; }
		b { path = "$T/b"; vnet; vnet.interface = epair1b; persist; }
		c { path = "$T/c"; persist; ip4.addr = "lo|10.10.10.53/32"; }
		d { path = "$T/d"; vnet; vnet.interface = "epair5b"; persist; }
	EOF
	run "$BRIG" check -q
	[ "$status" -eq 1 ]
	output_is "$T/a/etc/rc.conf:2:1: ifconfig_epair0b_alias0: \"DHCP\": DHCP is not offered yet: give the interface its address (inet ADDR/LEN) and set defaultrouter
$T/a/etc/rc.conf:3:1: unbound_enable: the jail has no program for unbound (/usr/local/sbin/unbound or /usr/sbin/unbound)
$T/d/etc/rc.conf:2:1: ifconfig_epair6b: the jail has no interface epair6b (it has: lo, epair5b)
$T/b/etc/rc.conf:1:1: jail b: ifconfig_epair1b: address 10.10.10.53 is also jail a's ($T/a/etc/rc.conf:1:1, ifconfig_epair0b)
$BRIG_CONF:4:65: jail c: ip4.addr: address 10.10.10.53 is also jail a's ($T/a/etc/rc.conf:1:1, ifconfig_epair0b)"
	run "$BRIG" check
	[[ "$output" == *"$T/a/etc/rc.conf:4:1: warning: ntpd_enable: brig's built-in rc does not know service ntpd (it knows local_unbound, unbound): not started"* ]]
	[[ "$output" == *"$T/a/etc/rc.conf: 4 variables, 2 errors, 1 warning"* ]]
}

# --- brig-init -R ----------------------------------------------------------

# A service: logs "start NAME", and on SIGTERM "stop NAME" (after DELAY
# seconds, to show that init waits) and exits; "ignore" ignores SIGTERM.
mksvc() {
	cat >"$T/svc" <<-'EOF'
		#!/bin/sh
		name=$1 log=$2 how=$3
		case $how in
		ignore) trap 'echo "ignore $name" >>"$log"' TERM ;;
		*) trap 'sleep "$how"; echo "stop $name" >>"$log"; exit 0' TERM ;;
		esac
		echo "start $name" >>"$log"
		while :; do sleep 0.05; done
	EOF
	chmod +x "$T/svc"
}

# Wait for the unshare of start_init (a child of this shell, so not
# through run) and check its status, brig-init's.
wait_init() {
	local st=0
	wait "$UPID" || st=$?
	echo "brig-init exited $st"
	[ "$st" -eq "$1" ]
}

# brig-init as PID 1 of a PID namespace of its own, in the background;
# INITPID is its PID on the host.
start_init() {
	unshare -fp --mount-proc "$INIT" -n t "$@" 2>"$T/err" &
	echo "pid $!" >>"$LEDGER"
	UPID=$!
	retry 50 0.1 pgrep -P "$UPID" >/dev/null
	INITPID=$(pgrep -P "$UPID")
	echo "pid $INITPID" >>"$LEDGER"
}

@test "brig-init starts -R services in order and stops them in reverse" {
	mksvc
	start_init -R "a $T/svc a $T/log 0" -R "b $T/svc b $T/log 0.3" \
	    -R "c $T/svc c $T/log 0"
	retry 50 0.1 grep -q "start c" "$T/log"
	retry 50 0.1 [ "$(wc -l <"$T/log")" -eq 3 ]
	# Started in order: their PIDs (no PID namespace wraps within three
	# forks); each one's "start" line may come in any order on a busy
	# machine.
	[ "$(sort "$T/log")" = "start a
start b
start c" ]
	[ "$(ps -o args= --sort=pid --ppid "$INITPID" | awk '{ print $3 }' |
	    tr '\n' ' ')" = "a b c " ]
	# children of the jail's init
	[ "$(pgrep -P "$INITPID" | wc -l)" = 3 ]
	kill -TERM "$INITPID"
	wait_init 143
	# b takes 0.3 s to stop: a is only told after it is gone
	[ "$(tail -n 3 "$T/log")" = "stop c
stop b
stop a" ]
	grep -qx "brig-init\[t\]: stopping service c (pid [0-9]*)" "$T/err"
	grep -qx "brig-init\[t\]: service b ended: exit 0" "$T/err"
}

@test "brig-init gives a service -T seconds, then SIGKILL, then goes on" {
	mksvc
	start_init -T 1 -R "a $T/svc a $T/log 0" -R "b $T/svc b $T/log ignore"
	retry 50 0.1 grep -q "start b" "$T/log"
	s=$(date +%s%N)
	kill -TERM "$INITPID"
	wait_init 143
	e=$(date +%s%N)
	[ "$(( (e - s) / 1000000 ))" -ge 1000 ]
	[ "$(tail -n 2 "$T/log")" = "ignore b
stop a" ]
	grep -qx "brig-init\[t\]: service b did not stop within 1 s: SIGKILL" "$T/err"
	grep -qx "brig-init\[t\]: service b ended: signal 9" "$T/err"
}

@test "brig-init: a service that cannot be executed fails the start" {
	mksvc
	run unshare -fp --mount-proc "$INIT" -n t -R "a $T/svc a $T/log 0" \
	    -R "x /nonexistent/prog arg"
	[ "$status" -eq 1 ]
	[[ "$output" == *"brig-init[t]: service x: /nonexistent/prog: No such file or directory"* ]]
	run "$INIT" -n t -R "x relative/prog"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = 'brig-init: -R takes "NAME /PROGRAM [ARG...]"' ]
	run "$INIT" -n t -T 99999
	[ "$status" -eq 2 ]
}

@test "brig-init runs unbound -d -c CONFIG in the foreground, and stops it" {
	requires cmd:unbound cmd:dig
	N=${P}n
	mkns "$N"
	cat >"$T/unbound.conf" <<-EOF
		server:
			interface: 127.0.0.1
			port: 5353
			chroot: ""
			username: ""
			use-syslog: no
			pidfile: ""
			directory: "$T"
			local-zone: "router.lan." static
			local-data: "router.lan. IN A $NET.1"
		remote-control:
			control-enable: no
	EOF
	UNBOUND=$(command -v unbound)
	ip netns exec "$N" unshare -fp --mount-proc "$INIT" -n t \
	    -R "local_unbound $UNBOUND -d -c $T/unbound.conf" 2>"$T/err" &
	echo "pid $!" >>"$LEDGER"
	UPID=$!
	retry 50 0.1 ip netns exec "$N" dig +short +time=1 +tries=1 \
	    @127.0.0.1 -p 5353 router.lan
	[ "$(ip netns exec "$N" dig +short @127.0.0.1 -p 5353 router.lan)" = \
	    "$NET.1" ]
	kill -TERM "$(pgrep -P "$UPID")"
	wait_init 143
	grep -q "service stopped" "$T/err"
	grep -qx "brig-init\[t\]: service local_unbound ended: exit 0" "$T/err"
}

@test "brig-init reports a service it cannot start on its report channel" {
	requires cmd:python3
	mksvc
	# brig's side of the SOCK_SEQPACKET pair: the go-ahead byte after
	# "I", then every report until the channel closes.
	run python3 - "$INIT" "$T" <<-'EOF'
		import os, socket, subprocess, sys
		init, t = sys.argv[1], sys.argv[2]
		ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
		p = subprocess.Popen(["unshare", "-fp", "--mount-proc", init,
		    "-s", str(theirs.fileno()), "-n", "t",
		    "-R", "a %s/svc a %s/log 0" % (t, t),
		    "-R", "x /nonexistent/prog"], pass_fds=[theirs.fileno()],
		    stderr=subprocess.DEVNULL)
		theirs.close()
		while True:
		    m = ours.recv(256).decode()
		    if not m:
		        break
		    print(m.strip())
		    if m == "I\n":
		        ours.send(b"B")
		print("exit", p.wait())
	EOF
	output_is "I
F 1 2
exit 1"
}
