#!/usr/bin/env bats
# VNET jails (src/jail/vnet.c): the jail's own network namespace, the
# brig.bridge epair, vnet.interface in and out, ip4.addr on a host
# interface, and undoing all of it on stop, on a failed start and after a
# brig killed half-way.
#
# Every test plays the host in a network namespace of its own ("H"),
# entered with nsenter --net (ip netns exec would also remount /sys and
# hide the cgroup hierarchies), so bridge and epair names are the seed's
# and nothing touches the real host's network.  Addresses are 10.x inside
# those namespaces.  teardown deletes the namespaces (and with them every
# link left in them) whatever happened.

load helpers

setup() {
	requires root cmd:busybox cmd:nsenter
	brig_setup
	H=bv$BATS_TEST_NUMBER-$$
	ip netns add "$H"
	ip -n "$H" link set lo up
	make_rootfs "$BATS_TEST_TMPDIR/root"
	ROOT=$BATS_TEST_TMPDIR/root
}

teardown() {
	nsenter --net="/run/netns/$H" "$BRIG" stop -a >/dev/null 2>&1 || true
	nsenter --net="/run/netns/$H" "$BRIG" stop -R -a >/dev/null 2>&1 || true
	ip netns del "$H" 2>/dev/null || true
}

# brig, as the test's host runs it.
hbrig() {
	nsenter --net="/run/netns/$H" "$BRIG" "$@"
}

# The links of the test's host, one name per line, sorted, once the
# kernel has deleted the epairs of stopped jails: brig renames a host end
# "bd<ifindex>" and lets the jail's namespace going away delete it,
# which takes the kernel a moment (vnet.c, release_epair).
links() {
	local i
	for ((i = 0; i < 100; i++)); do
		ip -n "$H" -o link | grep -q ': bd[0-9a-f]*[@:]' || break
		sleep 0.02
	done
	ip -n "$H" -o link | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
	    sort
}

# The links inside a running jail.
jail_links() {
	local pid
	pid=$(jail_pid "$1")
	nsenter --net="/proc/$pid/ns/net" ip -o link |
	    awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort
}

# The PID of a running jail's init (brig status: NAME STATUS JID PID ...).
jail_pid() {
	hbrig status "$1" | awk -v j="$1" '$1 == j { print $4 }'
}

@test "a vnet jail has its own stack: lo up and nothing else" {
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; exec.start = "true"; }
	EOF
	hbrig start j
	pid=$(jail_pid j)
	[ -n "$pid" ]
	run nsenter --net="/proc/$pid/ns/net" ip -o link
	echo "$output"
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"lo: <LOOPBACK,UP,LOWER_UP>"* ]]
	run nsenter --net="/proc/$pid/ns/net" ip -o addr show dev lo
	[[ "$output" == *"127.0.0.1/8"* ]]
	hbrig stop j
}

@test "brig.bridge: the bridge is made, an epair joins it, all gone at stop" {
	before=$(links)
	conf <<-EOF
	j {
		path = "$ROOT"; vnet; persist; exec.start = "true";
		brig.bridge = bridge0;
		vnet.interface = epair0b;
	}
	EOF
	hbrig start j
	run ip -n "$H" -d link show epair0a
	echo "$output"
	[[ "$output" == *"master bridge0"* ]]
	[[ "$output" == *"state UP"* || "$output" == *",UP"* ]]
	run ip -n "$H" -d link show bridge0
	[[ "$output" == *"bridge"* ]]
	run jail_links j
	output_is "epair0b
lo"
	pid=$(jail_pid j)
	run nsenter --net="/proc/$pid/ns/net" ip -o link show epair0b
	[[ "$output" == *",UP"* ]]
	hbrig stop j
	run links
	output_is "$before"
}

@test "brig.bridge: a bridge the host made stays; brig.persist_bridge keeps one" {
	ip -n "$H" link add bridge0 type bridge
	conf <<-EOF
	a { path = "$ROOT"; vnet; persist; exec.start = "true"; brig.bridge = bridge0; }
	b { path = "$ROOT"; vnet; persist; exec.start = "true"; brig.bridge = bridge1;
	    brig.persist_bridge; }
	EOF
	hbrig start a b
	run links
	output_is "bridge0
bridge1
epair0a
epair1a
lo"
	hbrig stop a b
	run links
	output_is "bridge0
bridge1
lo"
}

@test "brig.bridge: two jails share the bridge; it goes with the last" {
	conf <<-EOF
	a { path = "$ROOT"; vnet; persist; exec.start = "true"; brig.bridge = bridge0; }
	b { path = "$ROOT"; vnet; persist; exec.start = "true"; brig.bridge = bridge0; }
	EOF
	hbrig start a b
	hbrig stop a
	run links
	output_is "bridge0
epair1a
lo"
	hbrig stop b
	run links
	output_is "lo"
}

@test "brig.bridge naming a host interface that is not a bridge: refused, nothing made" {
	ip -n "$H" link add bridge0 type veth peer name vx0
	before=$(links)
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; exec.start = "true"; brig.bridge = bridge0; }
	EOF
	run hbrig start j
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *'brig.bridge "bridge0": the host has an interface of that name that is not a bridge (veth)'* ]]
	run links
	output_is "$before"
	[ ! -e "$BRIG_RUNDIR/jails/j/journal" ]
}

@test "vnet.interface: moved into the jail, and back at stop" {
	ip -n "$H" link add vif0 type veth peer name vif1
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; exec.start = "true"; vnet.interface = vif0; }
	EOF
	hbrig start j
	run links
	output_is "lo
vif1"
	run jail_links j
	output_is "lo
vif0"
	hbrig stop j
	run links
	output_is "lo
vif0
vif1"
}

@test "vnet.interface that does not exist: refused before anything is made" {
	before=$(links)
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; exec.start = "true"; vnet.interface = nosuch0; }
	EOF
	run hbrig start j
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *'vnet.interface "nosuch0": no such interface on the host'* ]]
	run links
	output_is "$before"
	[ ! -e "$BRIG_RUNDIR/jails/j/journal" ]
}

@test "a failed start undoes the epair and the bridge" {
	before=$(links)
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; brig.bridge = bridge0;
	    exec.start = "false"; }
	EOF
	run hbrig start j
	echo "$output"
	[ "$status" -eq 1 ]
	run links
	output_is "$before"
	[ ! -e "$BRIG_RUNDIR/jails/j/journal" ]
}

@test "ip4.addr of a jail without vnet: on the host interface while it runs" {
	ip -n "$H" link add lan0 type veth peer name lan1
	ip -n "$H" link set lan0 up
	conf <<-EOF
	a { path = "$ROOT"; persist; exec.start = "true";
	    ip4.addr = "lan0|10.77.0.5/24", "10.77.0.6"; interface = lan0;
	    ip6.addr = "lan0|fd77::5/64"; }
	b { path = "$ROOT"; persist; exec.start = "true";
	    ip4.addr = "lan0|10.77.0.5/24"; }
	EOF
	hbrig start a
	run ip -n "$H" -o addr show dev lan0
	echo "$output"
	[[ "$output" == *"10.77.0.5/24"* ]]
	[[ "$output" == *"10.77.0.6/32"* ]]
	[[ "$output" == *"fd77::5/64"* ]]
	run hbrig start b
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"ip4.addr 10.77.0.5/24: the address is already on lan0"* ]]
	# b's failure took nothing of a's.
	run ip -n "$H" -o addr show dev lan0
	[[ "$output" == *"10.77.0.5/24"* ]]
	hbrig stop a
	run ip -n "$H" -o addr show dev lan0
	echo "$output"
	[[ "$output" != *"10.77."* ]]
	[[ "$output" != *"fd77::5"* ]]
}

@test "a vnet jail is stopped only from the namespace it was started from" {
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; exec.start = "true"; brig.bridge = bridge0; }
	EOF
	hbrig start j
	run "$BRIG" stop j
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"run brig where the jail was started"* ]]
	hbrig stop j
	run links
	output_is "lo"
}

@test "brig killed during a vnet start: the next command releases it all" {
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; brig.bridge = bridge0;
	    exec.prestart = "sleep 30"; exec.start = "true"; }
	EOF
	hbrig start j &
	for _ in $(seq 100); do
		grep -q '^step exec.prestart' "$BRIG_RUNDIR/jails/j/journal" 2>/dev/null && break
		sleep 0.05
	done
	pkill -KILL -f "$BRIG start j" || true
	pkill -KILL -f "sleep 30" || true
	wait || true
	run hbrig status j
	echo "$output"
	[[ "$output" == *stale* ]]
	hbrig stop j
	run links
	output_is "lo"
}

@test "brig start -n shows the network steps and makes nothing" {
	conf <<-EOF
	j { path = "$ROOT"; vnet; persist; exec.start = "true"; brig.bridge = bridge0;
	    vnet.interface = epair0b; }
	EOF
	run hbrig start -n j
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"net "*"network namespace, lo up; epair on bridge0"* ]]
	[[ "$output" == *"vnet.interface "*"epair0b into the jail"* ]]
	run links
	output_is "lo"
}

@test "an interface a hook moved in comes back at stop, as FreeBSD returns it" {
	ip -n "$H" link add bridge0 type bridge
	before=$(links)
	conf <<-EOF
	j {
		path = "$ROOT"; vnet; persist; exec.start = "true";
		exec.prestart = "ifconfig epair0 create up; ifconfig bridge0 addm epair0a up; ifconfig epair0b vnet j";
		exec.poststop = "ifconfig epair0a destroy";
	}
	EOF
	hbrig start j
	run jail_links j
	output_is "epair0b
lo"
	run hbrig stop j
	echo "$output"
	[ "$status" -eq 0 ]
	run links
	output_is "$before"
}

@test "jls shows each jail's address; ls -v its interfaces" {
	ip -n "$H" link add lan0 type veth peer name lan1
	mkdir -p "$BATS_TEST_TMPDIR/vroot"
	cp -a "$ROOT/." "$BATS_TEST_TMPDIR/vroot/"
	echo 'ifconfig_epair0b="inet 10.78.0.2/24"' >"$BATS_TEST_TMPDIR/vroot/etc/rc.conf"
	conf <<-EOF
	v { path = "$BATS_TEST_TMPDIR/vroot"; vnet; persist; exec.start = "/bin/sh /etc/rc";
	    brig.bridge = bridge0; vnet.interface = epair0b; }
	s { path = "$ROOT"; persist; exec.start = "true"; ip4.addr = "lan0|10.78.1.5/24"; }
	EOF
	hbrig start v s
	run hbrig ls
	echo "$output"
	[[ "${lines[1]}" == *"1  10.78.0.2       v "* ]]
	[[ "${lines[2]}" == *"2  10.78.1.5       s "* ]]
	run hbrig ls -v
	echo "$output"
	[[ "$output" == *"        epair0b 10.78.0.2/24"* ]]
	[[ "$output" == *"        10.78.1.5"* ]]
	run hbrig ls --json
	[[ "$output" == *'"ipv4":"10.78.0.2"'* ]]
	run hbrig ls -n ip4.addr -j s
	output_is "ip4.addr=lan0|10.78.1.5/24"
	hbrig stop -a
}
