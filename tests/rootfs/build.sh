#!/bin/sh
# Build tests/rootfs/probe into the directory $1, with the sources it
# tests and the Makefile's own warning and hardening flags (read from the
# Makefile, so there is one list).
set -eu
out=${1:?usage: build.sh OUTDIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
flags() {
	make -s --no-print-directory -C "$top" \
	    --eval "print-$1: ; @echo \$($1)" "print-$1"
}
mkdir -p "$out"
# shellcheck disable=SC2046 # the flags are words
${CC:-cc} $(flags CSTD) $(flags WARN) -O2 -g $(flags HARDEN) \
    -I"$top/src" -Wl,-z,now -o "$out/probe" \
    "$top/tests/rootfs/probe.c" \
    "$top/src/util/err.c" "$top/src/util/path.c" "$top/src/util/sys.c" \
    "$top/src/ns/devfs.c" "$top/src/ns/rootfs.c"
