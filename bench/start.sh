#!/usr/bin/env bash
# bench/start.sh — the runtime's speed against the tools a user would pick
# instead, side by side in one run (hyperfine), with ratios:
#   start-to-exit of /bin/true: the raw floor (unshare + chroot, as the
#   issue states it), bubblewrap, crun and brig (a jail without persist
#   whose command is /bin/true: created, run, removed);
#   exec of /bin/true into a running jail: nsenter -a against brig exec;
#   the resident memory of an idle jail's PID 1.
# Usage (root): bench/start.sh [RUNS]   (needs hyperfine, bubblewrap, crun,
# jq, busybox-static).  Everything it makes is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-40}
BRIG=${BRIG:-$PWD/build/brig}
WORK=$(mktemp -d -t brig-bench.XXXXXX)
ROOT=$WORK/root
# The runtime directory on tmpfs, as /run/brig is on a host.
RUNDIR=$(mktemp -d -p /run brig-bench.XXXXXX)
export BRIG_CONF=$WORK/jail.conf BRIG_RUNDIR=$RUNDIR BRIG_RCTL_CONF=/nonexistent
J=benchx$$

cleanup() {
	"$BRIG" stop -R -a >/dev/null 2>&1 || true
	[ -n "${holder:-}" ] && kill -9 "$holder" 2>/dev/null
	crun_ns "crun delete -f $J-c >/dev/null 2>&1" || true
	rm -rf "$WORK" "$RUNDIR"
}
trap cleanup EXIT INT TERM

mkdir -p "$ROOT"/{bin,etc,proc,dev,sys,tmp,root}
cp /bin/busybox "$ROOT/bin/busybox"
for a in sh true sleep; do ln -s busybox "$ROOT/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOT/etc/passwd"

# crun refuses a hybrid cgroup host whose v2 hierarchy is mounted; as in
# ../shared/bench/peers.sh, it runs in a private mount namespace without it.
crun_ns() {
	if [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ] &&
	    mountpoint -q /sys/fs/cgroup/unified; then
		unshare -m --propagation private sh -c \
		    "umount /sys/fs/cgroup/unified && $1"
	else
		sh -c "$1"
	fi
}

mkdir -p "$WORK/bundle"
(cd "$WORK/bundle" && crun spec)
jq --arg r "$ROOT" '.root.path=$r | .process.terminal=false |
    .process.args=["/bin/true"] |
    .linux.namespaces |= map(select(.type!="network"))' \
    "$WORK/bundle/config.json" >"$WORK/bundle/c.json"
mv "$WORK/bundle/c.json" "$WORK/bundle/config.json"

cat >"$BRIG_CONF" <<CONF
path = "$ROOT";
$J { command = "/bin/true"; }
${J}p { persist; }
CONF

hf() {	# hf NAME JSON COMMAND
	hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$2" \
	    --command-name "$1" "$3" >/dev/null
}
median_ms() {
	jq '.results[0].median * 1000' "$1"
}

echo "start-to-exit of /bin/true, $RUNS runs each ..." >&2
hf "unshare + chroot (raw floor)" "$WORK/s1.json" \
    "unshare --fork --pid --mount --uts --ipc --mount-proc chroot $ROOT /bin/true"
hf "bubblewrap" "$WORK/s2.json" \
    "bwrap --unshare-pid --unshare-ipc --unshare-uts --bind $ROOT / --proc /proc --dev /dev /bin/true"
crun_ns "hyperfine -N --warmup 5 --runs $RUNS --export-json $WORK/s3.json \
    --command-name crun 'crun run --bundle $WORK/bundle $J-c' >/dev/null"
hf "brig" "$WORK/s4.json" "$BRIG start $J"

echo "exec of /bin/true into a running jail ..." >&2
"$BRIG" start "${J}p" >/dev/null
pid=$("$BRIG" status "${J}p" | awk 'NR==2 {print $4}')
hf "nsenter -a" "$WORK/x1.json" "nsenter -a -t $pid /bin/true"
hf "brig exec" "$WORK/x2.json" "$BRIG exec ${J}p /bin/true"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
"$BRIG" stop "${J}p" >/dev/null

floor=$(median_ms "$WORK/s1.json")
crunms=$(median_ms "$WORK/s3.json")
ns=$(median_ms "$WORK/x1.json")
printf '\n%-32s %10s %12s %10s\n' "start-to-exit /bin/true" "median ms" "x raw floor" "x crun"
for i in 1 2 3 4; do
	f=$WORK/s$i.json
	printf '%-32s %10.2f %12.2f %10.2f\n' "$(jq -r '.results[0].command' "$f")" \
	    "$(median_ms "$f")" "$(echo "$(median_ms "$f") / $floor" | bc -l)" \
	    "$(echo "$(median_ms "$f") / $crunms" | bc -l)"
done
printf '\n%-32s %10s %12s\n' "exec /bin/true into a jail" "median ms" "x nsenter"
for i in 1 2; do
	f=$WORK/x$i.json
	printf '%-32s %10.2f %12.2f\n' "$(jq -r '.results[0].command' "$f")" \
	    "$(median_ms "$f")" "$(echo "$(median_ms "$f") / $ns" | bc -l)"
done
printf '\nidle jail PID 1 (brig-init) resident memory: %s KiB\n' "$rss"
brig=$(median_ms "$WORK/s4.json")
bx=$(median_ms "$WORK/x2.json")
printf 'targets: brig <= 1.5x raw floor: %s; brig < crun: %s; exec <= 1.2x nsenter: %s; RSS < 1024 KiB: %s\n' \
    "$(echo "$brig <= 1.5 * $floor" | bc -l | sed 's/1/PASS/;s/0/FAIL/')" \
    "$(echo "$brig < $crunms" | bc -l | sed 's/1/PASS/;s/0/FAIL/')" \
    "$(echo "$bx <= 1.2 * $ns" | bc -l | sed 's/1/PASS/;s/0/FAIL/')" \
    "$([ "$rss" -lt 1024 ] && echo PASS || echo FAIL)"
