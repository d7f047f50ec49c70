#!/usr/bin/env bats
# The jail's file system view (src/ns/rootfs.c, devfs.c, util/path.c),
# asserted from inside by tests/rootfs/probe: /dev per devfs ruleset, the
# masked and read-only parts of /proc and /sys, fstab mounts, and symbolic
# links planted in the jail that must never move a mount onto the host.
# Each test builds its own busybox root in $BATS_TEST_TMPDIR; teardown
# unmounts whatever a failure left on the host and removes what it made.

load helpers

setup_file() {
	"$BRIG_TOP/tests/rootfs/build.sh" "$BATS_FILE_TMPDIR"
}

setup() {
	requires root
	PROBE=$BATS_FILE_TMPDIR/probe
	ROOT=$BATS_TEST_TMPDIR/root
	HOST_TARGET=/tmp/brig-t40-host-target.$$.$BATS_TEST_NUMBER
	cp /proc/self/mountinfo "$BATS_TEST_TMPDIR/mountinfo.before"
	mkdir -p "$ROOT"/bin "$ROOT"/proc "$ROOT"/dev "$ROOT"/sys \
	    "$ROOT"/etc "$ROOT"/tmp "$ROOT"/mnt
	cp /bin/busybox "$ROOT/bin/busybox"
	for l in sh ls cat echo mknod; do
		ln -s busybox "$ROOT/bin/$l"
	done
}

teardown() {
	local before=$BATS_TEST_TMPDIR/mountinfo.before id m
	# Mounts that appeared on the host during the test, newest first.
	if [ -f "$before" ]; then
		while read -r id m; do
			grep -q "^$id " "$before" || umount -l "$m" 2>/dev/null || true
		done < <(awk '{ print $1, $5 }' /proc/self/mountinfo | tac)
	fi
	rm -rf "$HOST_TARGET"
}

# The host's mountinfo is byte-identical to what setup saw.
host_unchanged() {
	cmp "$BATS_TEST_TMPDIR/mountinfo.before" /proc/self/mountinfo
}

# dev_is RULESET EXPECTED: `ls /dev` in a jail with that ruleset.
dev_is() {
	run "$PROBE" --dev "$1" "$ROOT" ls /dev
	[ "$status" -eq 0 ]
	output_is "${2:+$2$'\n'}host mountinfo: unchanged"
	host_unchanged
}

# Every ruleset but 1 also has /dev/shm, a tmpfs for POSIX shared memory.
BASIC='full c 1:7 0666
null c 1:3 0666
random c 1:8 0666
shm d 1777
urandom c 1:9 0666
zero c 1:5 0666'
LOGIN='fd -> /proc/self/fd
ptmx -> pts/ptmx
pts d 0755
shm d 1777
stderr -> /proc/self/fd/2
stdin -> /proc/self/fd/0
stdout -> /proc/self/fd/1
tty c 5:0 0666'
JAIL='fd -> /proc/self/fd
full c 1:7 0666
fuse c 10:229 0666
null c 1:3 0666
ptmx -> pts/ptmx
pts d 0755
random c 1:8 0666
shm d 1777
stderr -> /proc/self/fd/2
stdin -> /proc/self/fd/0
stdout -> /proc/self/fd/1
tty c 5:0 0666
urandom c 1:9 0666
zero c 1:5 0666'

@test "devfs ruleset 1 (devfsrules_hide_all): an empty /dev" {
	dev_is 1 ''
}

@test "devfs ruleset 2 (devfsrules_unhide_basic)" {
	dev_is 2 "$BASIC"
}

@test "devfs ruleset 3 (devfsrules_unhide_login)" {
	dev_is 3 "$LOGIN"
}

@test "devfs ruleset 4 (devfsrules_jail)" {
	dev_is 4 "$JAIL"
}

@test "devfs ruleset 5 (devfsrules_jail_vnet): 4 and net/tun" {
	dev_is 5 "${JAIL/$'fuse c 10:229 0666\n'/$'fuse c 10:229 0666\nnet d 0755\n'}"
	run "$PROBE" --dev 5 "$ROOT" ls /dev/net
	output_is $'tun c 10:200 0666\nhost mountinfo: unchanged'
}

@test "devfs ruleset 0 is 4; an unknown ruleset is refused" {
	dev_is 0 "$JAIL"
	run "$PROBE" --dev 6 "$ROOT" ls /dev
	[ "$status" -eq 1 ]
	output_is $'probe: devfs ruleset 6 does not exist (brig has FreeBSD\'s 0 to 5)\nhost mountinfo: unchanged'
}

@test "/dev/pts is a new devpts instance; /dev is a small nosuid tmpfs" {
	run "$PROBE" --dev 4 "$ROOT" ls /dev/pts cat /proc/self/mountinfo
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "ptmx c 5:2 0666" ]
	[[ "$output" == *" /dev rw,nosuid,noexec,relatime - tmpfs tmpfs rw,size=1024k,nr_inodes=1024"* ]]
	[[ "$output" == *" /dev/pts rw,nosuid,noexec,relatime - devpts devpts rw,gid=5,mode=620,ptmxmode=666"$'\n'* ]]
}

@test "mount.fdescfs gives /dev/fd whatever the ruleset" {
	run "$PROBE" --dev 2 --fdescfs "$ROOT" ls /dev
	output_is "fd -> /proc/self/fd"$'\n'"$BASIC"$'\nhost mountinfo: unchanged'
	run "$PROBE" --fdescfs "$ROOT"
	[ "$status" -eq 1 ]
	output_is "probe: mount.fdescfs needs mount.devfs (/dev/fd is a link in the jail's /dev)"$'\nhost mountinfo: unchanged'
}

@test "the jail sees its own mounts only, in order" {
	local p want='/'
	for p in /proc /proc/kcore /proc/keys /proc/timer_list \
	    /proc/sched_debug /proc/latency_stats /proc/kmsg /proc/acpi \
	    /proc/asound /proc/scsi /proc/sys /proc/sysrq-trigger /proc/irq \
	    /proc/bus /proc/fs /sys /sys/firmware \
	    /sys/devices/virtual/powercap /dev /dev/pts /dev/shm; do
		# A mask whose target the kernel lacks is skipped.
		[ -e "$p" ] && want+=$'\n'$p
	done
	run "$PROBE" --dev 4 "$ROOT" mounts
	[ "$status" -eq 0 ]
	output_is "$want"$'\nhost mountinfo: unchanged'
}

@test "/proc is the jail's PID namespace's, with the OCI masks" {
	run "$PROBE" "$ROOT" cat /proc/1/comm read /proc/timer_list \
	    read /proc/keys read /proc/kcore ls /proc/acpi write /proc/acpi/x \
	    write /proc/keys read /proc/keys
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = probe ]
	[ "${lines[1]}" = "read /proc/timer_list: 0 bytes" ]
	[ "${lines[2]}" = "read /proc/keys: 0 bytes" ]
	# Masked where this kernel has it (CONFIG_PROC_KCORE).
	if [ -e /proc/kcore ]; then
		[ "${lines[3]}" = "read /proc/kcore: 0 bytes" ]
	else
		[ "${lines[3]}" = "read /proc/kcore: ENOENT" ]
	fi
	# An empty read-only tmpfs over /proc/acpi (it lists nothing).
	[ "${lines[4]}" = "write /proc/acpi/x: EROFS" ]
	# A masked file is /dev/null: writes vanish (a read-only mount does
	# not stop writes to a device).
	[ "${lines[5]}" = "write /proc/keys: ok" ]
	[ "${lines[6]}" = "read /proc/keys: 0 bytes" ]
	[ "${lines[7]}" = "host mountinfo: unchanged" ]
	# The masks hide something: the host's copies are not empty (proc
	# files have no size to test).
	[ -n "$(head -c 1 /proc/timer_list)" ]
	[ -n "$(head -c 1 /proc/keys)" ]
}

@test "/proc/sys, sysrq-trigger, irq, bus, fs are read-only" {
	local d f args=() want=''
	# A file the host lets root write, where there is one, in each.
	for d in /proc/sys/kernel/domainname /proc/sysrq-trigger /proc/irq \
	    /proc/bus /proc/fs; do
		f=$(find "$d" -maxdepth 3 -type f 2>/dev/null | head -n 1)
		[ -n "$f" ] || continue
		args+=(write "$f")
		want+="write $f: EROFS"$'\n'
	done
	[ ${#args[@]} -ge 4 ]
	run "$PROBE" "$ROOT" "${args[@]}" read /proc/sys/kernel/ostype
	[ "$status" -eq 0 ]
	output_is "${want}read /proc/sys/kernel/ostype: 6 bytes"$'\nhost mountinfo: unchanged'
}

@test "/sys is read-only, /sys/firmware masked; --no-sys leaves it alone" {
	run "$PROBE" "$ROOT" write /sys/probe write /sys/kernel/probe \
	    ls /sys/firmware write /sys/firmware/probe
	[ "$status" -eq 0 ]
	output_is $'write /sys/probe: EROFS\nwrite /sys/kernel/probe: EROFS\nwrite /sys/firmware/probe: EROFS\nhost mountinfo: unchanged'
	run "$PROBE" --no-sys "$ROOT" ls /sys
	output_is 'host mountinfo: unchanged'
}

# refused TARGET PROBE-ARGS...: a link planted where a mount goes, pointing
# at the host, is refused with the message naming TARGET, with openat2 and
# with the userspace fallback alike, and the host sees no mount.
refused() {
	local mode t=$1 want
	shift
	want="probe: jail root $ROOT: mount target $t is a symbolic link, or its path goes through one: refused"
	for mode in "" --no-openat2; do
		run "$PROBE" $mode "$@"
		[ "$status" -eq 1 ] || return 1
		output_is "$want"$'\nhost mountinfo: unchanged' || return 1
	done
	host_unchanged
}

@test "a link at <root>/proc to /etc is refused" {
	rmdir "$ROOT/proc"
	ln -s /etc "$ROOT/proc"
	refused /proc "$ROOT"
}

@test "a link at <root>/dev to /etc is refused" {
	rmdir "$ROOT/dev"
	ln -s /etc "$ROOT/dev"
	refused /dev --dev 4 "$ROOT"
}

@test "a link at <root>/sys, relative and climbing, is refused" {
	rmdir "$ROOT/sys"
	ln -s ../../../../../../../../../../etc "$ROOT/sys"
	refused /sys "$ROOT"
}

@test "an fstab target that is a link to ../../../../tmp/host-target is refused" {
	local up
	mkdir "$HOST_TARGET"
	echo host >"$HOST_TARGET/marker"
	mkdir "$BATS_TEST_TMPDIR/src"
	# Enough "../" to climb from <root>/mnt to the host's /.
	up=$(printf '%s' "$ROOT/mnt" | sed 's|/[^/]*|../|g')
	ln -s "${up}${HOST_TARGET#/}" "$ROOT/mnt/data"
	# What a mount that walked the path naively would hit:
	[ "$(readlink -f "$ROOT/mnt/data")" = "$HOST_TARGET" ]
	refused /mnt/data --mount "tmpfs /mnt/data tmpfs rw 0 0" "$ROOT"
	refused /mnt/data --mount "$BATS_TEST_TMPDIR/src /mnt/data nullfs rw" \
	    "$ROOT"
	refused /mnt/data --mount "proc /mnt/data procfs rw" "$ROOT"
	refused /mnt/data/sub --mount "tmpfs /mnt/data/sub tmpfs rw" "$ROOT"
	[ "$(cat "$HOST_TARGET/marker")" = host ]
	run mountpoint -q "$HOST_TARGET"
	[ "$status" -ne 0 ]
	host_unchanged
}

@test "nullfs ro: readable, read-only, and nothing reaches the host" {
	local share=$BATS_TEST_TMPDIR/share
	mkdir "$share" "$ROOT/mnt/share"
	echo hello >"$share/hello"
	run "$PROBE" --mount "$share /mnt/share nullfs ro,noatime 0 0" \
	    "$ROOT" cat /mnt/share/hello write /mnt/share/new \
	    write /mnt/share/hello
	[ "$status" -eq 0 ]
	output_is $'hello\nwrite /mnt/share/new: EROFS\nwrite /mnt/share/hello: EROFS\nhost mountinfo: unchanged'
	# Read-only from the start (set before the mount was attached),
	# nodev like every mount a jail gets.
	run "$PROBE" --mount "$share /mnt/share nullfs ro,noatime" "$ROOT" \
	    cat /proc/self/mountinfo
	[[ "$output" == *" /mnt/share ro,nodev,noatime - "* ]]
	[ ! -e "$share/new" ]
	[ "$(cat "$share/hello")" = hello ]
	host_unchanged
}

@test "nullfs rw writes through to the host directory" {
	local share=$BATS_TEST_TMPDIR/share
	mkdir "$share" "$ROOT/mnt/share"
	run "$PROBE" --mount "$share /mnt/share nullfs rw" "$ROOT" \
	    write /mnt/share/new
	output_is $'write /mnt/share/new: ok\nhost mountinfo: unchanged'
	[ "$(cat "$share/new")" = probe ]
}

@test "tmpfs and procfs from fstab; the procfs is masked too" {
	mkdir "$ROOT/mnt/proc"
	run "$PROBE" --mount "tmpfs /tmp tmpfs rw,mode=0700,size=1m" \
	    --mount "proc /mnt/proc procfs rw" "$ROOT" ls / \
	    read /mnt/proc/timer_list write /mnt/proc/sys/kernel/domainname
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\ntmp d 0700\n'* ]]
	[[ "$output" == *$'\nread /mnt/proc/timer_list: 0 bytes\nwrite /mnt/proc/sys/kernel/domainname: EROFS\nhost mountinfo: unchanged' ]]
}

@test "fstab errors name the path" {
	run "$PROBE" --mount "tmpfs /mnt/nope tmpfs rw" "$ROOT"
	[ "$status" -eq 1 ]
	output_is "probe: jail root $ROOT: mount target /mnt/nope does not exist in the jail"$'\nhost mountinfo: unchanged'
	run "$PROBE" --mount "/etc/hostname /mnt nullfs ro" "$ROOT"
	[ "$status" -eq 1 ]
	output_is "probe: jail root $ROOT: open nullfs source /etc/hostname: Not a directory"$'\nhost mountinfo: unchanged'
	run "$PROBE" --mount "t /tmp tmpfs size=lots" "$ROOT"
	[ "$status" -eq 1 ]
	output_is "probe: jail root $ROOT: mount tmpfs t on /tmp: tmpfs option size=lots (tmpfs: Bad value for 'size'): Invalid argument"$'\nhost mountinfo: unchanged'
	run "$PROBE" --mount "/a /b bind ro" "$ROOT"
	[ "$status" -eq 2 ]
	output_is 'probe: fstab line "/a /b bind ro": file system type "bind" is not taken here: a bind mount is nullfs (FreeBSD'"'"'s name)'
	host_unchanged
}

@test "busybox runs in the jail; device nodes work only in /dev (nodev)" {
	run "$PROBE" --dev 2 "$ROOT" exec /bin/sh -c \
	    'echo x >/dev/null && ls / && mknod /tmp/null c 1 3 && echo x >/tmp/null'
	[ "$status" -eq 0 ]
	output_is "bin
dev
etc
mnt
proc
sys
tmp
/bin/sh: can't create /tmp/null: Permission denied
exec: status 1
host mountinfo: unchanged"
}

@test "the host's mountinfo is byte-identical after a full setup" {
	local share=$BATS_TEST_TMPDIR/share
	mkdir "$share" "$ROOT/mnt/share" "$ROOT/mnt/proc"
	run "$PROBE" --dev 5 --fdescfs --mount "$share /mnt/share nullfs ro" \
	    --mount "tmpfs /tmp tmpfs size=1m" \
	    --mount "proc /mnt/proc procfs ro" "$ROOT" mounts
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "host mountinfo: unchanged" ]
	host_unchanged
	# And the jail's root directory on the host is still a plain one.
	run mountpoint -q "$ROOT"
	[ "$status" -ne 0 ]
	[ -z "$(find "$ROOT/dev" "$ROOT/proc" "$ROOT/tmp" -mindepth 1)" ]
}

@test "nothing propagates back, even from a root under a shared mount" {
	local shared=$BATS_TEST_TMPDIR/shared
	mkdir "$shared"
	# A shared mount (systemd makes / shared on most hosts), over the
	# jail's root: without MS_PRIVATE first, the jail's mounts would
	# appear here.  teardown unmounts it.
	mount --bind "$shared" "$shared"
	mount --make-shared "$shared"
	mv "$ROOT" "$shared/root"
	ROOT=$shared/root
	cp /proc/self/mountinfo "$BATS_TEST_TMPDIR/mountinfo.shared"
	grep -q " $shared .* shared:" "$BATS_TEST_TMPDIR/mountinfo.shared"
	run "$PROBE" --dev 4 --mount "tmpfs /tmp tmpfs rw" "$ROOT" ls /tmp
	[ "$status" -eq 0 ]
	output_is 'host mountinfo: unchanged'
	cmp "$BATS_TEST_TMPDIR/mountinfo.shared" /proc/self/mountinfo
}

@test "rootfs_setup can be timed" {
	run "$PROBE" --time 5 --dev 4 "$ROOT"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^rootfs_setup:\ median\ [0-9]+\ us,\ min\ [0-9]+\ us,\ max\ [0-9]+\ us,\ n\ 5$ ]]
}
