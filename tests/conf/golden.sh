#!/bin/sh
# Golden tests through the real binary (pfctl's regress shape):
#   NNN-*.conf  brig show -p must print NNN-*.out and brig check must pass
#   fail/*.conf brig check must exit 1 and print exactly fail/*.err
# TAP output, for prove.
set -u
here=$(cd "$(dirname "$0")" && pwd)
brig=${BRIG:-$here/../../build/brig}
cd "$here" || exit 1
# Keep the test away from the host's configuration.
unset BRIG_CONF BRIG_RCTL_CONF
export BRIG_RCTL_CONF=/nonexistent/rctl.conf

set -- [0-9]*.conf fail/*.conf
echo "1..$#"
n=0
for f in "$@"; do
	n=$((n + 1))
	tmp=$(mktemp)
	case $f in
	fail/*)
		"$brig" check -f "$f" >"$tmp" 2>&1
		rc=$?
		want=${f%.conf}.err
		if [ $rc = 1 ] && cmp -s "$tmp" "$want"; then
			echo "ok $n - $f fails as expected"
		else
			echo "not ok $n - $f (exit $rc)"
			diff -u "$want" "$tmp" | sed 's/^/# /'
		fi
		;;
	*)
		want=${f%.conf}.out
		if "$brig" show -p -f "$f" >"$tmp" 2>&1 && cmp -s "$tmp" "$want" &&
		    "$brig" check -q -f "$f"; then
			echo "ok $n - $f"
		else
			echo "not ok $n - $f"
			diff -u "$want" "$tmp" | sed 's/^/# /'
		fi
		;;
	esac
	rm -f "$tmp"
done
