#!/usr/bin/env bats
# The jail root's privileges (src/ns/privs.c) as the kernel enforces them:
# tests/privs/probe applies privs_apply() in a child with its own mount,
# UTS and IPC namespaces and tries each operation there; every operation
# is harmless when permitted (see probe.c), so the host is never changed.
# Each denial is paired with the host root's answer (-n) or an allowance,
# so that EPERM means the jail's limits and not the machine's.

load helpers

# Every operation the probe knows (iopl and the ia32 ones: x86-64 only).
ALL_OPS=(mount umount pivot_root fsopen open_tree raw raw-nonblock raw6
	packet sock-packet inet inet6 unix unixpair netlink getifaddrs vsock
	settimeofday clock_settime adjtimex-read adjtimex-write init_module
	finit_module delete_module reboot swapon acct keyctl add_key bpf
	perf_event_open userfaultfd unshare-user unshare-files clone-user
	clone3 fork thread setns personality-bad personality-good sethostname
	syslog-size syslog-read syslog-console-level mknod-null mknod-tun
	mknod-mem mknod-uinput mknod-blk mknod-fifo mknod-old-mem)
if [ "$(uname -m)" = x86_64 ]; then
	ALL_OPS+=(iopl ioperm)
fi

setup_file() {
	# The probe links the library archive, which holds privs.c and the
	# seccomp filters compiled at build time (build.sh makes it first).
	"$BATS_TEST_DIRNAME/../privs/build.sh" "$BATS_FILE_TMPDIR"
}

setup() {
	requires root
	PROBE=$BATS_FILE_TMPDIR/probe
	mkdir -p "$BATS_TEST_TMPDIR/scratch"
}

# probe [-n] [-p priv,...] op ...: run the probe; it must not fail.
probe() {
	run "$PROBE" -d "$BATS_TEST_TMPDIR/scratch" "$@"
	if [ "$status" -ne 0 ]; then
		printf 'probe exited %s:\n%s\n' "$status" "$output" >&2
		return 1
	fi
}

# check [probe options] -- op=RESULT ...: the probe's exact answers.
check() {
	local opts=() ops=() want=() a
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	for a in "$@"; do
		ops+=("${a%%=*}")
		want+=("${a%%=*} ${a#*=}")
	done
	probe "${opts[@]}" "${ops[@]}"
	output_is "$(printf '%s\n' "${want[@]}")"
}

# No line of $output matches the extended regex $1.
no_line() {
	local bad
	bad=$(grep -E -- "$1" <<<"$output" || true)
	if [ -n "$bad" ]; then
		printf 'unexpected:\n%s\n' "$bad" >&2
		return 1
	fi
}

@test "host root without privs_apply may do every probed operation" {
	probe -n "${ALL_OPS[@]}"
	[ "${#lines[@]}" -eq "${#ALL_OPS[@]}" ]
	no_line ' (EPERM|SIG[A-Z0-9]+|unknown)$'
}

@test "a jail's denials are errors, never a kill" {
	probe "${ALL_OPS[@]}"
	[ "${#lines[@]}" -eq "${#ALL_OPS[@]}" ]
	no_line ' (SIG[A-Z0-9]+|unknown)$'
	probe -p nosuser "${ALL_OPS[@]}"
	no_line ' (SIG[A-Z0-9]+|unknown)$'
}

@test "default jail: the baseline capability set, no_new_privs, seccomp" {
	probe status
	# CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
	# NET_BIND_SERVICE SYS_CHROOT AUDIT_WRITE SETFCAP: Docker's
	# 0xa80425fb without MKNOD and NET_RAW.
	output_is "status CapInh 00000000a00405fb
status CapPrm 00000000a00405fb
status CapEff 00000000a00405fb
status CapBnd 00000000a00405fb
status CapAmb 0000000000000000
status NoNewPrivs 1
status Seccomp 2"
	local eff bnd
	eff=$(awk '$2 == "CapEff" { print $3 }' <<<"$output")
	bnd=$(awk '$2 == "CapBnd" { print $3 }' <<<"$output")
	# CAP_SYS_ADMIN is bit 21.
	[ $(( 0x$eff >> 21 & 1 )) -eq 0 ]
	[ $(( 0x$bnd >> 21 & 1 )) -eq 0 ]
}

@test "every allow.* at once still has no CAP_SYS_ADMIN" {
	probe -p raw_sockets,vnet,chflags,mlock,set_hostname,socket_af,sysvipc,read_msgbuf,proc_debug,mknod status
	# + NET_RAW NET_ADMIN LINUX_IMMUTABLE IPC_LOCK SYSLOG SYS_PTRACE MKNOD
	[[ "$output" == *"status CapEff 00000004a80c77fb"* ]]
	[[ "$output" == *"status CapBnd 00000004a80c77fb"* ]]
	[ $(( 0x4a80c77fb >> 21 & 1 )) -eq 0 ]
}

@test "uid 0 keeps exactly the bounding set across exec" {
	probe 'exec:/bin/grep,-E,^(CapEff|CapBnd|NoNewPrivs|Seccomp):,/proc/self/status'
	output_is $'CapEff:\t00000000a00405fb\nCapBnd:\t00000000a00405fb\nNoNewPrivs:\t1\nSeccomp:\t2'
}

@test "allow.suser=false: no capability at all, before or after exec" {
	probe -p nosuser status 'exec:/bin/grep,^CapEff:,/proc/self/status'
	output_is $'status CapInh 0000000000000000
status CapPrm 0000000000000000
status CapEff 0000000000000000
status CapBnd 0000000000000000
status CapAmb 0000000000000000
status NoNewPrivs 1
status Seccomp 2
CapEff:\t0000000000000000'
	check -p nosuser -- raw=EPERM inet=OK mount=EPERM
}

@test "mounting, the old and the new API" {
	check -- mount=EPERM umount=EPERM pivot_root=EPERM fsopen=EPERM \
	    open_tree=EPERM
}

@test "the host kernel: modules, reboot, swap, accounting" {
	check -- init_module=EPERM finit_module=EPERM delete_module=EPERM \
	    reboot=EPERM swapon=EPERM acct=EPERM
}

@test "the clock cannot be set; adjtimex still reads it" {
	check -- settimeofday=EPERM clock_settime=EPERM adjtimex-read=OK \
	    adjtimex-write=EPERM
}

@test "keyrings, bpf, perf events, userfaultfd" {
	check -- keyctl=EPERM add_key=EPERM bpf=EPERM perf_event_open=EPERM \
	    userfaultfd=EPERM
}

@test "no user namespace; clone3 is ENOSYS and threads fall back to clone" {
	check -- unshare-user=EPERM clone-user=EPERM clone3=ENOSYS \
	    unshare-files=OK fork=OK thread=OK setns=EPERM
	check -n -- unshare-user=OK clone-user=OK clone3=OK
}

@test "personality: PER_LINUX, PER_LINUX32, UNAME26 and the query only" {
	check -- personality-bad=EPERM personality-good=OK
	check -n -- personality-bad=OK personality-good=OK
}

@test "raw sockets: EPERM without allow.raw_sockets, open with it" {
	check -- raw=EPERM raw-nonblock=EPERM raw6=EPERM packet=EPERM \
	    sock-packet=EPERM
	check -p raw_sockets -- raw=OK raw-nonblock=OK raw6=OK packet=OK \
	    sock-packet=OK
	# allow.socket_af alone does not open them
	check -p socket_af -- raw=EPERM packet=EPERM sock-packet=EPERM
}

@test "netlink (a SOCK_RAW socket) and UNIX, INET, INET6 stay open" {
	check -- netlink=OK getifaddrs=OK unix=OK unixpair=OK inet=OK inet6=OK
}

@test "other socket families: EAFNOSUPPORT without allow.socket_af" {
	check -- vsock=EAFNOSUPPORT
	check -p socket_af -- vsock=OK
	check -n -- vsock=OK
}

@test "sethostname needs CAP_SYS_ADMIN even with allow.set_hostname" {
	check -- sethostname=EPERM
	check -p set_hostname -- sethostname=EPERM
}

@test "the kernel log: nothing without allow.read_msgbuf, reading with it" {
	check -- syslog-size=EPERM syslog-read=EPERM syslog-console-level=EPERM
	check -p read_msgbuf -- syslog-size=OK syslog-read=OK \
	    syslog-console-level=EPERM
	check -n -- syslog-console-level=EINVAL
}

@test "mknod: no device without mount.devfs, devfs character devices with it" {
	check -- mknod-null=EPERM mknod-tun=EPERM mknod-mem=EPERM \
	    mknod-blk=EPERM mknod-fifo=OK
	check -p mknod -- mknod-null=OK mknod-tun=OK mknod-mem=EPERM \
	    mknod-uinput=EPERM mknod-blk=EPERM mknod-old-mem=EPERM \
	    mknod-fifo=OK
}

@test "I/O ports" {
	[ "$(uname -m)" = x86_64 ] || skip "x86-64 only"
	check -- iopl=EPERM ioperm=EPERM
}

@test "the i386 ABI (int 0x80 from a 64-bit process) is filtered too" {
	[ "$(uname -m)" = x86_64 ] || skip "x86-64 only"
	probe -n ia32-getpid
	[ "$output" = "ia32-getpid OK" ] ||
	    skip "the kernel runs no 32-bit system calls (IA32 emulation)"
	check -- ia32-getpid=OK ia32-unshare-user=EPERM ia32-keyctl=EPERM \
	    ia32-reboot=EPERM ia32-personality=EPERM \
	    ia32-socket-vsock=EAFNOSUPPORT ia32-socket-inet=OK \
	    ia32-socket-raw=EPERM ia32-socketcall-inet=EAFNOSUPPORT
	check -n -- ia32-unshare-user=OK ia32-keyctl=ENOKEY \
	    ia32-personality=OK ia32-socket-vsock=OK ia32-socketcall-inet=OK
	# socketcall(2) hides the family: open only with allow.socket_af
	check -p socket_af -- ia32-socketcall-inet=OK ia32-socket-vsock=OK \
	    ia32-socket-raw=EPERM
}

@test "a static 32-bit program (gcc -m32) is filtered too" {
	[ -x "$BATS_FILE_TMPDIR/probe32" ] ||
	    skip "gcc -m32 cannot link here (gcc-multilib is not installed)"
	probe "exec:$BATS_FILE_TMPDIR/probe32"
	[[ "${lines[0]}" =~ ^i386-socket-inet\ (OK|EAFNOSUPPORT)$ ]]
	[ "${lines[1]}" = "i386-socket-vsock EAFNOSUPPORT" ]
	[[ "${lines[2]}" =~ ^i386-socket-raw\ (EPERM|EAFNOSUPPORT)$ ]]
	[ "${lines[3]}" = "i386-unshare-user EPERM" ]
	[ "${lines[4]}" = "i386-personality EPERM" ]
	[ "${lines[5]}" = "i386-keyctl EPERM" ]
	[ "${lines[6]}" = "i386-reboot EPERM" ]
}

@test "nothing is left mounted on the host" {
	run grep -c brig-probe /proc/self/mountinfo
	[ "$output" = 0 ]
}
