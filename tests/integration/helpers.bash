# Shared set-up for brig's bats tests (after runc's helpers.bash).
# Every test gets its own config, data and runtime directories and never
# touches the host's /etc/brig, /run/brig or /var/lib/brig.

BRIG_TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BRIG=${BRIG:-$BRIG_TOP/build/brig}

brig_setup() {
	export BRIG_CONF="$BATS_TEST_TMPDIR/jail.conf"
	export BRIG_RCTL_CONF="$BATS_TEST_TMPDIR/rctl.conf"
	export BRIG_RUNDIR="$BATS_TEST_TMPDIR/run"
	export BRIG_DATADIR="$BATS_TEST_TMPDIR/data"
}

# requires root|cmd:NAME ...: skip with the reason when not met.
requires() {
	local r
	for r in "$@"; do
		case $r in
		root)
			[ "$(id -u)" = 0 ] || skip "needs root"
			;;
		cmd:*)
			command -v "${r#cmd:}" >/dev/null ||
			    skip "needs ${r#cmd:}"
			;;
		*)
			echo "requires: unknown requirement $r" >&2
			return 1
			;;
		esac
	done
}

# Write $BRIG_CONF from standard input.
conf() {
	cat >"$BRIG_CONF"
}

# Exact comparison of $output with the argument, showing both on failure.
output_is() {
	# shellcheck disable=SC2154 # bats's run sets $output
	if [ "$output" != "$1" ]; then
		printf 'expected:\n%s\ngot:\n%s\n' "$1" "$output" >&2
		return 1
	fi
}

# A tiny jail root from busybox-static: make_rootfs DIR
make_rootfs() {
	local root=$1 a
	mkdir -p "$root"/{bin,sbin,etc,proc,dev,sys,tmp,root,mnt,var/run}
	cp /bin/busybox "$root/bin/busybox"
	for a in sh ash sleep cat echo ls ps hostname id mount umount kill \
	    true false touch test grep wc head env ping nc date rm mkdir \
	    printf sed awk tr cut stat readlink chmod trap; do
		ln -sf busybox "$root/bin/$a"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' \
	    >"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	chmod 1777 "$root/tmp"
}

# Everything brig may leave on the host, for before/after comparisons:
# mounts, the brig cgroups, the runtime directory.
host_snapshot() {
	{
		awk '{print $5}' /proc/self/mountinfo | sort
		find /sys/fs/cgroup -path '*/brig/*' -maxdepth 4 -type d 2>/dev/null | sort
		find "$BRIG_RUNDIR" -name journal 2>/dev/null | sort
	}
}

# retry N DELAY command...: until it succeeds, at most N times.
retry() {
	local n=$1 delay=$2 i
	shift 2
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep "$delay"
	done
	"$@"
}

# Stop every jail a test started, whatever happened (teardown).
stop_all_jails() {
	[ -n "${BRIG_RUNDIR:-}" ] || return 0
	"$BRIG" stop -a >/dev/null 2>&1 || true
	"$BRIG" stop -R -a >/dev/null 2>&1 || true
}

# PID 1 (on the host) of jail NAME from `brig status NAME` read on stdin:
# the PID column of the row whose NAME is the jail (brig-status PID is
# the jail's init, its PID 1), or a "pid N" line.
brig_status_pid() {
	awk -v j="$1" '
	$1 == "pid" { print $2; exit }
	$1 == "NAME" { for (i = 1; i <= NF; i++) if ($i == "PID") col = i; next }
	col && $1 == j { print $col; exit }'
}

# The names of the links in network namespace file NSPATH (/run/netns/X,
# /proc/PID/ns/net), one a line, sorted, without the @peer part.
netns_link_names() {
	nsenter --net="$1" ip -o link |
	    awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort
}

# The mount point of the v1 hierarchy of controller $1, if any.
v1_mount() {
	awk -v c="$1" '{
		for (i = 7; $i != "-"; i++)
			;
		if ($(i + 1) == "cgroup" && $(i + 3) ~ "(^|,)" c "(,|$)")
			print $5
	}' /proc/self/mountinfo | head -n 1
}

# The mount point of the v2 hierarchy, if any.
v2_mount() {
	awk '{
		for (i = 7; $i != "-"; i++)
			;
		if ($(i + 1) == "cgroup2")
			print $5
	}' /proc/self/mountinfo | head -n 1
}

# The v2 hierarchy's controllers, empty without one.
v2_controllers() {
	local m
	m=$(v2_mount)
	[ -z "$m" ] || cat "$m/cgroup.controllers"
}
