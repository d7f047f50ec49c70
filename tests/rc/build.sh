#!/bin/sh
# Build tests/rc/driver.c against the library archive into OUTDIR, with
# the Makefile's own flags, read from it (as tests/net/build.sh does;
# SAN=1 in the environment gives the sanitizer build).
#
#   usage: tests/rc/build.sh OUTDIR
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"

makevar() {
	# shellcheck disable=SC2016 # $(info) is make's, not the shell's
	printf 'brig-print-var:\n\t@:$(info $(%s))\n' "$1" |
	    make -s --no-print-directory -C "$top" -f Makefile -f - \
	    ${SAN:+SAN="$SAN"} brig-print-var
}

cc=$(makevar CC)
cflags=$(makevar ALL_CFLAGS | tr ' ' '\n' |
    grep -v -e '^-MMD$' -e '^-MP$' -e '^-DBRIG_VERSION=' | tr '\n' ' ')
ldflags=$(makevar LDFLAGS)
libs=$(makevar LIBS)
build=$(makevar BUILD)

cd "$top"
make -s --no-print-directory -C "$top" ${SAN:+SAN="$SAN"} "$build/libbrig.a"
# shellcheck disable=SC2086 # the flags are word lists
$cc $cflags -Isrc -o "$out/driver" tests/rc/driver.c "$build/libbrig.a" \
    $ldflags $libs
