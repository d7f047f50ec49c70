#!/bin/sh
# Build tests/cgroup/driver.c with the cgroup and limit parts of src/rctl
# (cgroup*.c, limit.c, iodev.c and the few src/util files they use; the
# rest of src/rctl reads configuration files) into the directory $1,
# with the Makefile's own language and warning flags (read from the
# Makefile, so that the two cannot drift apart).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
# shellcheck disable=SC2016 # $(...) are make's, expanded by make
flags=$(make -s --no-print-directory -C "$top" \
    --eval='cgdriver-flags: ; @echo $(CSTD) $(WARN) $(HARDEN)' cgdriver-flags)
# shellcheck disable=SC2086 # $flags is a list of words
${CC:-cc} $flags ${CFLAGS:--O2 -g} -I"$top/src" -o "$out/cgdriver" \
    "$top/tests/cgroup/driver.c" "$top"/src/rctl/cgroup*.c \
    "$top/src/rctl/limit.c" "$top/src/rctl/iodev.c" \
    "$top/src/rctl/ipcns.c" "$top/src/util/run.c" "$top/src/util/env.c" \
    "$top/src/util/err.c" "$top/src/util/mountinfo.c"
