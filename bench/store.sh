#!/usr/bin/env bash
# bench/store.sh — per-jail datasets, side by side in one run (hyperfine):
#   1. btrfs snapshot of a 1 GiB jail against a 1 MiB jail: the same
#      within noise (O(1));
#   2. a dir-backend snapshot on a reflink-capable filesystem (btrfs)
#      against cp -a of the same root (GNU cp reflinks by default too)
#      and cp -a --reflink=never (what a copy costs);
#   3. the host closure of an unbound jail: time and size;
#   4. brig create from a cached base (release:) against a fresh extract
#      of the same tarball;
#   5. a Debian suite: debootstrap(8) itself, brig bootstrap (the same
#      work, in a namespace of its own) and brig create from the cached
#      release, from a local mirror built of scripts/fetch-debs's packages
#      (row left out without them); 2 runs of the first two.
# Everything happens on a btrfs made on a loop device for the run, and
# is removed on exit.
# Usage (root): bench/store.sh [RUNS]   (hyperfine, btrfs-progs, jq, bc,
# zstd, unbound for row 3)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
BRIG=${BRIG:-$PWD/build/brig}
WORK=$(mktemp -d -t brig-sbench.XXXXXX)
MNT=$WORK/mnt
LOOP=
export BRIG_CONF=$WORK/jail.conf BRIG_RUNDIR=$WORK/run BRIG_DATADIR=$MNT/data
export BRIG_RCTL_CONF=/nonexistent

cleanup() {
	cd /
	if mountpoint -q "$MNT" 2>/dev/null; then umount "$MNT"; fi
	[ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

truncate -s 6G "$WORK/btrfs.img"
LOOP=$(losetup -f --show "$WORK/btrfs.img")
mkfs.btrfs -q "$LOOP"
mkdir -p "$MNT"
mount "$LOOP" "$MNT"
mkdir -p "$MNT/jails" "$BRIG_DATADIR"

cat >"$BRIG_CONF" <<CONF
small { path = "$MNT/jails/small"; brig.storage = btrfs; }
big   { path = "$MNT/jails/big"; brig.storage = btrfs; }
dirj  { path = "$MNT/jails/dirj"; brig.storage = dir; }
ub    { path = "$MNT/jails/ub"; brig.storage = dir; }
fresh { path = "$MNT/jails/fresh"; brig.storage = dir; }
cached { path = "$MNT/jails/cached"; brig.storage = dir; }
deb { path = "$MNT/jails/deb"; brig.storage = btrfs; }
CONF

# fill DIR MIB: a tree of 1 MiB files (written, not sparse) in 16 dirs.
fill() {
	local d=$1 n=$2 i
	for ((i = 0; i < n; i++)); do
		mkdir -p "$d/usr/lib/d$((i % 16))"
		head -c 1048576 /dev/urandom >"$d/usr/lib/d$((i % 16))/f$i"
	done
}
echo "making the jails (1 MiB, 1 GiB) ..." >&2
"$BRIG" create small --from empty >/dev/null
fill "$MNT/jails/small" 1
"$BRIG" create big --from empty >/dev/null
fill "$MNT/jails/big" 1024
"$BRIG" create dirj --from empty >/dev/null
fill "$MNT/jails/dirj" 256
sync

hf() {	# hf JSON [hyperfine args ...]
	local out=$1
	shift
	hyperfine -N --runs "$RUNS" --export-json "$out" "$@" >/dev/null
}
median_ms() { jq ".results[$2].median * 1000" "$1"; }
row() {	# row JSON INDEX BASE_MS
	local m
	m=$(median_ms "$1" "$2")
	printf '%-52s %10.2f %8.2f\n' "$(jq -r ".results[$2].command" "$1")" \
	    "$m" "$(echo "$m / $3" | bc -l)"
}

echo "1. btrfs snapshots ..." >&2
hf "$WORK/1.json" \
    --prepare "sh -c '$BRIG snapshot -d small s >/dev/null 2>&1; true'" --command-name "btrfs snapshot, 1 MiB jail" "$BRIG snapshot small s" \
    --prepare "sh -c '$BRIG snapshot -d big s >/dev/null 2>&1; true'" --command-name "btrfs snapshot, 1 GiB jail" "$BRIG snapshot big s"
"$BRIG" snapshot small s0 >/dev/null
"$BRIG" snapshot big s0 >/dev/null

echo "2. dir-backend snapshot against cp -a ..." >&2
hf "$WORK/2.json" \
    --prepare "sh -c '$BRIG snapshot -d dirj s >/dev/null 2>&1; true'" --command-name "brig snapshot (dir backend, 256 MiB, reflinked)" "$BRIG snapshot dirj s" \
    --prepare "sh -c 'rm -rf $MNT/cp >/dev/null 2>&1; true'" --command-name "cp -a (GNU cp: reflinks too)" "cp -a $MNT/jails/dirj $MNT/cp" \
    --prepare "sh -c 'rm -rf $MNT/cpn >/dev/null 2>&1; true'" --command-name "cp -a --reflink=never" "cp -a --reflink=never $MNT/jails/dirj $MNT/cpn"
rm -rf "$MNT/cp" "$MNT/cpn"

echo "3. host closure of unbound ..." >&2
if command -v unbound >/dev/null; then
	hf "$WORK/3.json" \
	    --prepare "sh -c '$BRIG destroy -f ub >/dev/null 2>&1; true'" --command-name "brig create --from closure:/usr/sbin/unbound" \
	    "$BRIG create ub --from closure:/usr/sbin/unbound"
	"$BRIG" create ub --from closure:/usr/sbin/unbound >/dev/null 2>&1 ||
	    "$BRIG" destroy -f ub >/dev/null 2>&1 || true
	[ -d "$MNT/jails/ub" ] || "$BRIG" create ub --from closure:/usr/sbin/unbound >/dev/null
	ubsize=$(du -sh "$MNT/jails/ub" | cut -f1)
	ubfiles=$(find "$MNT/jails/ub" | wc -l)
fi

echo "4. a cached base against a fresh extract ..." >&2
tar -C "$MNT/jails/dirj" --numeric-owner -cf - . | zstd -q -1 -o "$WORK/base.tar.zst"
"$BRIG" bootstrap --from "$WORK/base.tar.zst" base >/dev/null
hf "$WORK/4.json" \
    --prepare "sh -c '$BRIG destroy -f fresh >/dev/null 2>&1; true'" --command-name "brig create --from base.tar.zst (256 MiB)" \
    "$BRIG create fresh --from $WORK/base.tar.zst" \
    --prepare "sh -c '$BRIG destroy -f cached >/dev/null 2>&1; true'" --command-name "brig create --from release:base (cached)" \
    "$BRIG create cached --from release:base"

# shellcheck source=/dev/null # the host's, read for its suite
. /etc/os-release
DEBS=/var/cache/brig/debs/$VERSION_CODENAME
if [ -e "$DEBS/.complete" ] && command -v debootstrap >/dev/null; then
	echo "5. a Debian suite, fresh and cached ..." >&2
	tests/debmirror/build.sh "$DEBS" "$WORK/mirror" >/dev/null
	M="--mirror file://$WORK/mirror --keyring $WORK/mirror/key.gpg"
	S=$VERSION_CODENAME
	hyperfine -N --runs 2 --export-json "$WORK/5.json" \
	    --prepare "rm -rf $MNT/ds" --command-name "debootstrap --variant=minbase (itself)" \
	    "unshare -m --propagation private debootstrap --variant=minbase --keyring=$WORK/mirror/key.gpg $S $MNT/ds file://$WORK/mirror" \
	    --prepare "sh -c '$BRIG bootstrap -d $S >/dev/null 2>&1; true'" --command-name "brig bootstrap --from debootstrap:$S" \
	    "$BRIG bootstrap --storage btrfs $M --from debootstrap:$S $S" >/dev/null 2>&1
	rm -rf "$MNT/ds"
	hf "$WORK/5b.json" \
	    --prepare "sh -c '$BRIG destroy -f deb >/dev/null 2>&1; true'" --command-name "brig create --from debootstrap:$S (cached)" \
	    "$BRIG create $M deb --from debootstrap:$S"
fi

printf '\n%-52s %10s %8s\n' "1. btrfs snapshot" "median ms" "x 1 MiB"
b=$(median_ms "$WORK/1.json" 0)
row "$WORK/1.json" 0 "$b"
row "$WORK/1.json" 1 "$b"
printf '\n%-52s %10s %8s\n' "2. snapshot of a 256 MiB root on btrfs" "median ms" "x cp -a"
b=$(median_ms "$WORK/2.json" 1)
row "$WORK/2.json" 0 "$b"
row "$WORK/2.json" 1 "$b"
row "$WORK/2.json" 2 "$b"
if [ -n "${ubsize:-}" ]; then
	printf '\n%-52s %10s\n' "3. unbound closure" "median ms"
	printf '%-52s %10.2f   (%s, %s files and links)\n' "brig create --from closure:/usr/sbin/unbound" \
	    "$(median_ms "$WORK/3.json" 0)" "$ubsize" "$ubfiles"
fi
printf '\n%-52s %10s %8s\n' "4. a 256 MiB base" "median ms" "x fresh"
b=$(median_ms "$WORK/4.json" 0)
row "$WORK/4.json" 0 "$b"
row "$WORK/4.json" 1 "$b"
if [ -e "$WORK/5.json" ]; then
	printf '\n%-52s %10s %8s\n' "5. a Debian suite (local mirror)" "median ms" "x itself"
	b=$(median_ms "$WORK/5.json" 0)
	row "$WORK/5.json" 0 "$b"
	row "$WORK/5.json" 1 "$b"
	row "$WORK/5b.json" 0 "$b"
fi
