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
	if [ "$output" != "$1" ]; then
		printf 'expected:\n%s\ngot:\n%s\n' "$1" "$output" >&2
		return 1
	fi
}
