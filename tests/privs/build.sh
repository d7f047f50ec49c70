#!/bin/sh
# Build the privilege probes into OUTDIR:
#   probe    tests/privs/probe.c with src/ns/privs.c and what it links
#            against: src/conf (privs_from_conf) and src/util, the layers
#            below it (STYLE.md: conf uses util only);
#   probe32  tests/privs/probe32.c, static, gcc -m32, only when this
#            machine can link 32-bit programs (gcc-multilib); nothing is
#            installed for it.
# The compiler flags are the Makefile's own, read from it (SAN=1 in the
# environment gives the sanitizer flags), so the probe is built exactly as
# the program and the unit tests are.
#
#   usage: tests/privs/build.sh OUTDIR
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"

# Print a Makefile variable, without building anything: a second makefile
# on standard input adds a target that only prints.
makevar() {
	# shellcheck disable=SC2016 # $(info) is make's, not the shell's
	printf 'brig-print-var:\n\t@:$(info $(%s))\n' "$1" |
	    make -s --no-print-directory -C "$top" -f Makefile -f - \
	    ${SAN:+SAN="$SAN"} brig-print-var
}

cc=$(makevar CC)
# -MMD/-MP would leave .d files beside the output; BRIG_VERSION is quoted
# for make's shell and unused here.
cflags=$(makevar ALL_CFLAGS | tr ' ' '\n' |
    grep -v -e '^-MMD$' -e '^-MP$' -e '^-DBRIG_VERSION=' | tr '\n' ' ')
ldflags=$(makevar LDFLAGS)
libs=$(makevar LIBS)

cd "$top"
# shellcheck disable=SC2086 # the flags are word lists
# The library archive holds privs.c and the precompiled filters; build it
# first (a no-op when it is up to date).
build=$(makevar BUILD)
make -s --no-print-directory -C "$top" ${SAN:+SAN="$SAN"} "$build/libbrig.a"
$cc $cflags -Isrc -o "$out/probe" tests/privs/probe.c "$build/libbrig.a" \
    $ldflags $libs -pthread

rm -f "$out/probe32"
if printf 'int main(void){return 0;}\n' |
    $cc -m32 -static -x c - -o "$out/probe32.check" 2>/dev/null; then
	$cc -m32 -static -std=c17 -D_GNU_SOURCE -O2 -Wall -Werror \
	    -o "$out/probe32" tests/privs/probe32.c
fi
rm -f "$out/probe32.check"
