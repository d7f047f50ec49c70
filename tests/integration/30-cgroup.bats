#!/usr/bin/env bats
# The jail cgroups (src/rctl/cgroup.c) through tests/cgroup/driver.c:
# directories in the v2 and v1 hierarchies, membership, memory, killing
# processes that fork, destroy.  Every cgroup made is named in a ledger
# before it is made, and removed by teardown whatever happened.  Then
# which hierarchies brig's jails join, by their rctl.conf rules.

# brig joins only the v1 hierarchies a jail needs; the driver joins them
# all, so that every v1 path (memory, freezer, cpu) is exercised on this
# host, unless a test sets CGDRIVER_V1_ALL=0.
export CGDRIVER_V1_ALL=1

load helpers

CG=$BATS_FILE_TMPDIR/cgdriver

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	"$BRIG_TOP/tests/cgroup/build.sh" "$BATS_FILE_TMPDIR"
}

setup() {
	requires root
	[ -x "$CG" ] || skip "tests/cgroup/build.sh failed"
}

# Stop the jails a test started; kill and remove every cgroup in the
# test's ledger; then the file's leak check (teardown_file) looks at
# every directory ever described.
teardown() {
	local n rc=0
	stop_all_jails
	[ -f "$BATS_TEST_TMPDIR/cgroups" ] || return 0
	while read -r n; do
		"$CG" signal "$n" KILL 2>/dev/null || true
		"$CG" destroy "$n" || rc=1
	done <"$BATS_TEST_TMPDIR/cgroups"
	return $rc
}

teardown_file() {
	local d left=""
	[ -f "$BATS_FILE_TMPDIR/dirs" ] || return 0
	while read -r d; do
		[ ! -e "$d" ] || left="$left $d"
	done <"$BATS_FILE_TMPDIR/dirs"
	if [ -n "$left" ]; then
		echo "cgroups left behind:$left" >&2
		return 1
	fi
}

# retry N DELAY CMD...: run CMD until it succeeds, at most N times.
retry() {
	local n=$1 delay=$2 i
	shift 2
	for ((i = 0; i < n; i++)); do
		"$@" && return 0
		sleep "$delay"
	done
	echo "retry: gave up on: $*" >&2
	return 1
}

# cg_create: a new cgroup, named in the ledger first; sets $n and $dirs
# ("LABEL:PATH" words from describe).
cg_create() {
	n=brig-t$BATS_TEST_NUMBER-$$
	echo "$n" >>"$BATS_TEST_TMPDIR/cgroups"
	"$CG" create "$n"
	dirs=$("$CG" describe "$n")
	tr ' ' '\n' <<<"$dirs" | sed 's/^[^:]*://' >>"$BATS_FILE_TMPDIR/dirs"
}

# The directory of the hierarchy that holds file $1 (pids.max ...).
dir_with() {
	local w
	for w in $dirs; do
		if [ -f "${w#*:}/$1" ]; then
			echo "${w#*:}"
			return 0
		fi
	done
	return 1
}

# start NAME CMD...: CMD in the background, moved into the cgroup before
# it execs (so that what it allocates is charged there); sets $pid.
start() {
	local name=$1
	shift
	( "$CG" attach "$name" "$BASHPID" && exec "$@" ) \
	    </dev/null >/dev/null 2>&1 3>&- &
	pid=$!
	retry 50 0.1 in_cgroup "$name" "$pid"
}

in_cgroup() {
	"$CG" pids "$1" | grep -qx "$2"
}

no_pids() {
	[ -z "$("$CG" pids "$1")" ]
}

npids_at_least() {
	[ "$("$CG" pids "$1" | wc -l)" -ge "$2" ]
}

@test "create makes brig/NAME in the v2 and in each v1 hierarchy" {
	cg_create
	[[ " $dirs" == *" v2:"* ]]
	for w in $dirs; do
		d=${w#*:}
		[ "${d%/brig/"$n"}" != "$d" ]
		[ -d "$d" ]
		if [ "${w%%:*}" = v2 ]; then
			[ "$(stat -f -c %T "$d")" = cgroup2fs ]
		else
			[ "$(stat -f -c %T "$d")" = cgroupfs ]
		fi
	done
	# This machine is hybrid: memory, pids and the freezer on v1.
	if [ "$(stat -f -c %T /sys/fs/cgroup/memory 2>/dev/null)" = cgroupfs ]
	then
		[[ " $dirs" == *" memory:/sys/fs/cgroup/memory/brig/$n"* ]]
		[[ " $dirs" == *" pids:/sys/fs/cgroup/pids/brig/$n"* ]]
		[[ " $dirs" == *" freezer:/sys/fs/cgroup/freezer/brig/$n"* ]]
	fi
	# An empty one is reused.
	run "$CG" create "$n"
	[ "$status" -eq 0 ]
	output_is ''
}

@test "attach moves a process into every hierarchy" {
	cg_create
	sleep 1000 </dev/null >/dev/null 2>&1 3>&- &
	pid=$!
	"$CG" attach "$n" "$pid"
	run "$CG" pids "$n"
	output_is "$pid"
	for w in $dirs; do
		label=${w%%:*}
		if [ "$label" = v2 ]; then
			grep -qx "0::/brig/$n" "/proc/$pid/cgroup"
		else
			for c in ${label//,/ }; do
				grep -Eqx "[0-9]+:([^:]*,)?$c(,[^:]*)?:/brig/$n" \
				    "/proc/$pid/cgroup"
			done
		fi
	done
	# A cgroup in use is not reused.
	v2=$(tr ' ' '\n' <<<"$dirs" | sed -n 's/^v2://p')
	run "$CG" create "$n"
	[ "$status" -eq 1 ]
	output_is "cgdriver: reuse $v2: Device or resource busy"
}

@test "attach errors name the file" {
	cg_create
	v2=$(tr ' ' '\n' <<<"$dirs" | sed -n 's/^v2://p')
	run "$CG" attach "$n" 2147483647
	[ "$status" -eq 1 ]
	output_is "cgdriver: write $v2/cgroup.procs: No such process"
	run "$CG" attach "$n" 0
	[ "$status" -eq 1 ]
	output_is "cgdriver: attach pid 0 to brig/$n: Invalid argument"
}

@test "bad names are refused" {
	for bad in '' . .. / a/b ../x; do
		run "$CG" create "$bad"
		[ "$status" -eq 1 ]
		[[ "$output" == "cgdriver: "*"cgroup name"* ]]
	done
	run "$CG" create ..
	output_is 'cgdriver: invalid cgroup name "..": not one path component'
}

@test "memory is counted" {
	cg_create
	dir_with memory.usage_in_bytes >/dev/null ||
	    dir_with memory.current >/dev/null || skip "no memory controller"
	start "$n" sleep 1000
	run "$CG" memory "$n"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^[0-9]+\ charged$ ]]
	[ "${output% *}" -gt 0 ]
}

# The memory of cgroup $1, whose one process is $2, is that process's Pss:
# between its private and its resident memory (Pss itself moves as other
# processes map and unmap the libraries it shares with them).
pss_is_memory() {
	local m low high
	m=$("$CG" memory "$1")
	read -r low high < <(awk '/^Rss:/ { r = $2 * 1024 }
	    /^Private_(Clean|Dirty):/ { p += $2 * 1024 }
	    END { print p, r }' "/proc/$2/smaps_rollup")
	[[ "$m" == *" pss" ]] && [ "${m% *}" -ge "$low" ] &&
	    [ "${m% *}" -le "$high" ]
}

@test "without rctl rules, no v1 memory; memory is the processes' Pss" {
	CGDRIVER_V1_ALL=0 cg_create
	if [ -n "$(v1_mount memory)" ] &&
	    [[ " $(v2_controllers) " != *" memory "* ]]; then
		[[ " $dirs" != *" memory:"* ]]
		[[ " $dirs" != *",memory:"* ]]
	fi
	# With a v2 hierarchy, no v1 one at all.
	if [ -n "$(v2_mount)" ]; then
		[[ "$dirs" == v2:* ]]
		[[ "$dirs" != *" "* ]]
	fi
	dir_with memory.current >/dev/null && skip "v2 holds memory here"
	start "$n" sleep 1000
	run "$CG" memory "$n"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^[0-9]+\ pss$ ]]
	[ "${output% *}" -gt 0 ]
	# Once the subshell has become sleep, the figure is its Pss.
	retry 50 0.1 pss_is_memory "$n" "$pid"
}

# kill_forker FILE [STRATEGIES]: a process that forks without end
# (bounded by pids.max, and by timeout 60), some children orphaned, is
# killed with everything it made.  FILE is what the strategy needs in
# one of the cgroup's directories ("" for nothing).
kill_forker() {
	local need=$1
	shift
	cg_create
	if [ -n "$need" ] && ! dir_with "$need" >/dev/null; then
		skip "no $need on this host"
	fi
	p=$(dir_with pids.max) || skip "no pids controller"
	echo 64 >"$p/pids.max"
	start "$n" timeout 60 bash -c \
	    'while :; do sh -c "sleep 1000 &"; sleep 1000 & done'
	retry 100 0.05 npids_at_least "$n" 20
	"$CG" signal "$n" KILL "$@"
	retry 50 0.1 no_pids "$n"
	"$CG" destroy "$n"
	for w in $dirs; do
		[ ! -e "${w#*:}" ]
	done
}

@test "signal KILL kills a forking process: cgroup.kill" {
	kill_forker cgroup.kill
}

@test "signal KILL kills a forking process: v1 freezer" {
	kill_forker freezer.state no-kill
}

@test "signal KILL kills a forking process: v2 cgroup.freeze" {
	kill_forker cgroup.freeze no-kill no-freezer1
}

@test "signal KILL kills a forking process: no freezer, loop" {
	kill_forker "" no-kill no-freezer1 no-freezer2
}

@test "signal KILL reaches processes of a cgroup left frozen" {
	cg_create
	f=$(dir_with freezer.state) || skip "no v1 freezer"
	start "$n" sleep 1000
	echo FROZEN >"$f/freezer.state"
	"$CG" signal "$n" KILL
	retry 50 0.1 no_pids "$n"
	grep -qx THAWED "$f/freezer.state"
}

@test "signal TERM reaches every process, in child cgroups too" {
	cg_create
	start "$n" sleep 1000
	first=$pid
	# A child cgroup in every hierarchy, as a jail delegating would.
	sleep 1000 </dev/null >/dev/null 2>&1 3>&- &
	pid=$!
	for w in $dirs; do
		mkdir "${w#*:}/sub"
		echo "$pid" >"${w#*:}/sub/cgroup.procs"
	done
	run "$CG" pids "$n"
	output_is "$(printf '%s\n' "$first" "$pid" | sort -n)"
	"$CG" signal "$n" TERM
	retry 50 0.1 no_pids "$n"
	# destroy removes the children first.
	"$CG" destroy "$n"
	for w in $dirs; do
		[ ! -e "${w#*:}" ]
	done
}

@test "destroy removes every directory; twice is success" {
	cg_create
	"$CG" destroy "$n"
	for w in $dirs; do
		d=${w#*:}
		[ ! -e "$d" ]
		[ -d "${d%/*}" ]	# brig/ itself stays
	done
	run "$CG" destroy "$n"
	[ "$status" -eq 0 ]
	output_is ''
}

@test "destroy of a busy cgroup times out naming the directory" {
	cg_create
	start "$n" sleep 1000
	v2=$(tr ' ' '\n' <<<"$dirs" | sed -n 's/^v2://p')
	run "$CG" destroy "$n" 100
	[ "$status" -eq 1 ]
	output_is "cgdriver: remove $v2 (waited 100 ms): Device or resource busy"
	[ -d "$v2" ]
}

@test "pids of a cgroup that does not exist" {
	n=brig-t$BATS_TEST_NUMBER-$$-none
	run "$CG" pids "$n"
	[ "$status" -eq 1 ]
	[[ "$output" =~ ^cgdriver:\ open\ /.*/brig/$n:\ No\ such\ file\ or\ directory$ ]]
}

# --- brig's jails: which hierarchies they join ----------------------------

# jail_setup: a busybox root and two persistent jails, $J (no rule) and
# ${J}m (a memoryuse rule in $BRIG_RCTL_CONF); sets $MEM, the v1 memory
# mount, or skips when memory is not on v1 alone here.
jail_setup() {
	requires cmd:busybox
	MEM=$(v1_mount memory)
	[ -n "$MEM" ] || skip "no v1 memory hierarchy"
	[[ " $(v2_controllers) " != *" memory "* ]] ||
	    skip "memory is in the v2 hierarchy"
	brig_setup
	make_rootfs "$BATS_TEST_TMPDIR/root"
	J=bc$BATS_TEST_NUMBER$$
	conf <<CONF
path = "$BATS_TEST_TMPDIR/root";
mount.devfs;
persist;
$J { }
${J}m { }
CONF
	printf 'jail:%s:memoryuse:deny=256m\n' "${J}m" >"$BRIG_RCTL_CONF"
}

# No cgroup of this test's jails is left in any hierarchy (other tests
# may run beside this one: host_snapshot would see theirs).
no_jail_cgroups() {
	local left
	left=$(find /sys/fs/cgroup -maxdepth 4 -type d -path "*/brig/$J*")
	[ -z "$left" ] || { echo "left: $left" >&2; return 1; }
}

# The MEMORY column of brig status $1: a number and a unit (then OOM:
# a count, or "-" without a memory controller).
memory_shown() {
	run "$BRIG" status "$1"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" =~ \ running\ .*\ [0-9]+[BKMGT]\ +(-|[0-9]+)$ ]]
}

@test "brig: only a jail with a memory rule joins the v1 memory hierarchy" {
	jail_setup
	"$BRIG" start "$J" "${J}m"
	[ ! -e "$MEM/brig/$J" ]
	[ -d "$MEM/brig/${J}m" ]
	pid=$("$BRIG" status "${J}m" | awk 'NR == 2 { print $4 }')
	grep -qx "[0-9]*:memory:/brig/${J}m" "/proc/$pid/cgroup"
	pid=$("$BRIG" status "$J" | awk 'NR == 2 { print $4 }')
	[ -z "$(grep ":memory:/brig/" "/proc/$pid/cgroup")" ]
	memory_shown "$J"
	memory_shown "${J}m"
	"$BRIG" stop "$J" "${J}m"
	no_jail_cgroups
}

same_procs() {
	[ "$(sort -n "$1/cgroup.procs")" = "$(sort -n "$2/cgroup.procs")" ]
}

nprocs_is() {
	[ "$(wc -l <"$1/cgroup.procs")" -eq "$2" ]
}

@test "brig exec joins the hierarchies its jail joined, and no other" {
	jail_setup
	v2=$(v2_mount)
	[ -n "$v2" ] || skip "no v2 hierarchy"
	"$BRIG" start "$J" "${J}m"
	for j in "$J" "${J}m"; do
		"$BRIG" exec "$j" sleep 1000 </dev/null >/dev/null 2>&1 3>&- &
		# init and sleep: brig's middle process stays out
		retry 50 0.1 nprocs_is "$v2/brig/$j" 2
	done
	# The jail with the rule: the same processes in v1 memory as in v2
	# (once brig exec has moved its process there: it is born in the v2
	# cgroup, CLONE_INTO_CGROUP, and joins v1 a moment later).
	retry 50 0.1 same_procs "$MEM/brig/${J}m" "$v2/brig/${J}m"
	# The one without: none of its processes in a brig memory cgroup.
	[ ! -e "$MEM/brig/$J" ]
	for p in $(cat "$v2/brig/$J/cgroup.procs"); do
		[ -z "$(grep ":memory:/brig/" "/proc/$p/cgroup")" ]
	done
	memory_shown "$J"
	memory_shown "${J}m"
}

@test "brig: a jail started with a memory rule stops cleanly without it" {
	jail_setup
	"$BRIG" start "${J}m"
	[ -d "$MEM/brig/${J}m" ]
	: >"$BRIG_RCTL_CONF"
	run "$BRIG" exec "${J}m" true
	[ "$status" -eq 0 ]
	"$BRIG" stop "${J}m"
	no_jail_cgroups
}
