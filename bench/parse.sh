#!/bin/sh
# parse.sh: how fast brig reads a large jail.conf, and how much memory it
# takes.  Speed is measured here, never asserted in tests.
#
#   bench/parse.sh              (or: make bench)
#
# For 1,000, 10,000 and 100,000 jails, bench/gen-conf writes a
# configuration into a temporary directory; hyperfine times
# `brig show -p -f FILE` (output to /dev/null) and `brig check -q -f FILE`,
# and, as the floor of merely reading the file, `wc -l FILE` and an awk
# that counts '{'; /usr/bin/time -f %M gives each one's peak RSS.  The
# last table puts them side by side, with brig's ratio to the floor and
# the targets: for 10,000 jails, under 100 ms and under 64 MiB.
#
# A configuration brig refuses (one file may have at most 16 MiB) is
# reported as such, and the same jails are measured again split over
# FILE.d/ *.conf files, which brig reads like FreeBSD 14's jail.conf.d.
#
# Environment: BRIG (default build/brig), BENCH_SIZES (default
# "1000 10000 100000"), BENCH_WARMUP (default 3).  Exit status 1 when a
# target is missed.  Needs hyperfine and /usr/bin/time (Debian: hyperfine,
# time).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
brig=${BRIG:-$root/build/brig}
sizes=${BENCH_SIZES:-1000 10000 100000}
warmup=${BENCH_WARMUP:-3}

target_jails=10000
target_ms=100
target_mib=64
split_bytes=$((8 << 20))	# per file, for a configuration split in parts

die() {
	echo "parse.sh: $*" >&2
	exit 1
}

[ -x "$brig" ] || die "no $brig: run make first"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/brig-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The commands below go to hyperfine as strings and file lists are split
# on blanks: keep every path free of blanks, quotes and glob characters.
case $brig$tmp in
*[[:space:]\'\"*?[]*) die "a path has blanks or quotes: $brig, $tmp" ;;
esac
set -f

rows=$tmp/rows.tsv
: >"$rows"
floor_awk='NF > 1 { n += NF - 1 } END { print n }'

# peak_kib COMMAND...: the command's peak RSS in KiB.
peak_kib() {
	/usr/bin/time -o "$tmp/rss" -f %M "$@" >/dev/null 2>&1 || true
	tail -n 1 "$tmp/rss"
}

# row LABEL JAILS BYTES COMMAND MEDIAN KIB
row() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"
}

# bench LABEL JAILS FILE: time brig and the floor on FILE (and FILE.d/),
# add rows to the summary; refused=yes when brig does not accept FILE.
bench() {
	label=$1 jails=$2 file=$3
	files=$(find "$file" "$file.d" -type f 2>/dev/null | sort)
	# shellcheck disable=SC2086 # a list of blank-free paths
	bytes=$(cat $files | wc -c)
	refused=no
	if ! "$brig" show -p -f "$file" >/dev/null 2>"$tmp/err"; then
		refused=yes
		# The reason without "brig: FILE: ".
		row "$label" "$jails" "$bytes" "brig show -p" REFUSED \
		    "$(head -n 1 "$tmp/err" | sed 's/^brig: [^ ]*: //')"
		return 0
	fi
	if ! "$brig" check -q -f "$file" 2>"$tmp/err"; then
		cat "$tmp/err" >&2
		die "brig check rejects the generated $file"
	fi
	list=$(printf '%s\n' "$files" | paste -s -d ' ' -)
	echo
	echo "## $jails jails, $bytes bytes in $label"
	echo
	hyperfine -N --warmup "$warmup" --style basic \
	    --export-markdown "$tmp/table.md" --export-json "$tmp/res.json" \
	    -n "brig show -p" "$brig show -p -f $file" \
	    -n "brig check -q" "$brig check -q -f $file" \
	    -n "wc -l" "wc -l $list" \
	    -n "awk count {" "awk -F{ '$floor_awk' $list" \
	    >"$tmp/hyperfine.out" 2>&1 || {
		cat "$tmp/hyperfine.out" >&2
		die "hyperfine failed"
	}
	cat "$tmp/table.md"
	# One "median" per command, in the order given (hyperfine's JSON).
	awk '$1 == "\"median\":" { gsub(/[^0-9.eE+-]/, "", $2); print $2 }' \
	    "$tmp/res.json" >"$tmp/medians"
	{
		read -r m_show
		read -r m_check
		read -r m_wc
		read -r m_awk
	} <"$tmp/medians"
	row "$label" "$jails" "$bytes" "brig show -p" "$m_show" \
	    "$(peak_kib "$brig" show -p -f "$file")"
	row "$label" "$jails" "$bytes" "brig check -q" "$m_check" \
	    "$(peak_kib "$brig" check -q -f "$file")"
	# shellcheck disable=SC2086 # a list of blank-free paths
	row "$label" "$jails" "$bytes" "wc -l" "$m_wc" \
	    "$(peak_kib wc -l $list)"
	# shellcheck disable=SC2086 # a list of blank-free paths
	row "$label" "$jails" "$bytes" "awk count {" "$m_awk" \
	    "$(peak_kib awk -F'{' "$floor_awk" $list)"
}

for n in $sizes; do
	case $n in '' | *[!0-9]*) die "BENCH_SIZES: not a number: $n" ;; esac
	file=$tmp/jail-$n.conf
	"$here/gen-conf" "$n" >"$file"
	bench "1 file" "$n" "$file"
	[ "$refused" = yes ] || continue
	echo
	echo "## $n jails in 1 file: brig refuses it: $(head -n 1 "$tmp/err")"
	# Too large for one file: measure the same jails in FILE.d/ parts.
	grep -q 'too large' "$tmp/err" || continue
	bytes=$(wc -c <"$file")
	rm -f "$file"
	parts=$((bytes / split_bytes + 1))
	mkdir "$tmp/split-$n"
	file=$tmp/split-$n/jail.conf
	"$here/gen-conf" -o "$file" -s "$parts" "$n"
	bench "1+$parts files" "$n" "$file"
done

echo
echo "## Summary (targets for $target_jails jails: under $target_ms ms and" \
    "under $target_mib MiB peak RSS; x wc, x awk: brig's median over theirs)"
echo
awk -F '\t' -v tj="$target_jails" -v tms="$target_ms" -v tmib="$target_mib" '
function size(b) {
	if (b >= 1048576)
		return sprintf("%.1f MiB", b / 1048576)
	return sprintf("%.0f KiB", b / 1024)
}
BEGIN {
	fmt = "%7s  %-12s %9s  %-14s %10s %10s %6s %6s  %s\n"
	printf fmt, "jails", "files", "config", "command", "median",
	    "peak RSS", "x wc", "x awk", "target"
	failed = 0
}
{
	key = $2 " " $1
	if (!(key in seen)) {
		seen[key] = 1
		order[++nk] = key
	}
	nr[key]++
	line[key, nr[key]] = $0
	if ($5 != "REFUSED")
		med[key, $4] = $5
}
END {
	for (k = 1; k <= nk; k++) {
		key = order[k]
		for (r = 1; r <= nr[key]; r++) {
			split(line[key, r], f, "\t")
			if (f[5] == "REFUSED") {
				if (f[2] == tj && f[1] == "1 file")
					failed = 1
				printf fmt, f[2], f[1], size(f[3]), f[4], "REFUSED",
				    "-", "-", "-", f[6]
				continue
			}
			ms = f[5] * 1000
			mib = f[6] / 1024
			xwc = xawk = "-"
			verdict = "-"
			if (f[4] ~ /^brig/) {
				xwc = sprintf("%.1f", f[5] / med[key, "wc -l"])
				xawk = sprintf("%.1f", f[5] / med[key, "awk count {"])
				if (f[2] == tj) {
					ok = ms < tms && mib < tmib
					verdict = sprintf("<%d ms, <%d MiB: %s", tms,
					    tmib, ok ? "PASS" : "FAIL")
					if (!ok)
						failed = 1
				}
			}
			printf fmt, f[2], f[1], size(f[3]), f[4],
			    sprintf("%.2f ms", ms), sprintf("%.1f MiB", mib), xwc,
			    xawk, verdict
		}
	}
	exit failed
}' "$rows"
