# brig: one plain GNU Makefile (see README for why not meson).
#
#   make            build brig
#   make check      (as root) install what is missing, build, run every test:
#                   unit tests, unit tests under ASan+UBSan, the config golden
#                   tests and the root integration tests (bats)
#   make fuzz       build the libFuzzer targets (clang); FUZZ_TIME=600 to run
#   make demo       (as root) the seed's router, end to end
#   make install    PREFIX=/usr/local DESTDIR=
#   make SAN=1      a sanitizer build of brig itself

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
SBINDIR   := $(PREFIX)/sbin
MANDIR    := $(PREFIX)/share/man
CC        ?= cc
BUILD     := build

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wmissing-declarations \
	-Wformat=2 -Wformat-nonliteral -Wvla -Walloca -Wpointer-arith \
	-Wimplicit-fallthrough -Wundef -Wno-format-truncation -Wcast-qual=0
WARN := $(filter-out -Wcast-qual=0,$(WARN))
CSTD    := -std=c17 -D_GNU_SOURCE
HARDEN  := -fstack-protector-strong -D_FORTIFY_SOURCE=3
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(HARDEN) -DBRIG_VERSION='"$(VERSION)"' -MMD -MP \
	$(ARCHIVE_CFLAGS)
LDFLAGS ?=
# libbtrfsutil: the btrfs storage backend (src/store/btrfs.c).
LIBS    := $(shell pkg-config --libs libseccomp libcap libmnl libbtrfsutil 2>/dev/null || echo -lseccomp -lcap -lmnl -lbtrfsutil)
# libarchive (brig create from a tarball): its headers only.  brig loads
# it with dlopen when it extracts (src/store/tar.c says why), so the
# soname it loads is the one these headers describe.
ARCHIVE_CFLAGS := $(shell pkg-config --cflags libarchive 2>/dev/null)

ifeq ($(SAN),1)
CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
HARDEN  :=
LDFLAGS += -fsanitize=address,undefined
BUILD   := build-san
endif

# The library part: everything but main.c, shared by the program, the unit
# tests and the fuzzers.
LIB_SRC := $(wildcard src/util/*.c src/conf/*.c src/ns/*.c src/rctl/*.c \
	src/net/*.c src/jail/*.c src/store/*.c src/cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/jail/init_blob.o

# brig-init, the jail's PID 1: small, static, no sanitizers (it runs in
# jails that have no libraries), built into brig as a blob.
INIT_SRC := $(wildcard src/init/*.c) src/util/env.c src/util/passwd.c
INIT_BIN := $(BUILD)/brig-init
# musl makes it 60 KiB instead of glibc's 700 (it is copied at every
# start); glibc -static works too.
INIT_CC  := $(shell command -v musl-gcc 2>/dev/null || echo $(CC))
LIB_A   := $(BUILD)/libbrig.a
MAIN_OBJ := $(BUILD)/src/main.o
BIN     := $(BUILD)/brig

UNIT_SRC := $(wildcard tests/unit/t_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)
FUZZ_TIME ?= 0

.PHONY: all check check-unit check-san check-conf check-root deps fuzz \
	fuzz-run demo demo-clean install uninstall clean lint hdrcheck bench

all: $(BIN)

$(INIT_BIN): $(INIT_SRC) $(wildcard src/init/*.h) src/util/env.h src/util/passwd.h
	@mkdir -p $(dir $@)
	@echo "  INIT    $@"
	@$(INIT_CC) $(CSTD) $(WARN) -Os -static -s -o $@ $(INIT_SRC)

$(BUILD)/src/jail/init_blob.o: src/jail/init_blob.S $(INIT_BIN)
	@mkdir -p $(dir $@)
	@$(CC) -c -DINIT_BIN='"$(INIT_BIN)"' -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c $< -o $@

# The seccomp filters, compiled at build time (src/ns/privs_int.h):
# tools/gen-seccomp runs the rule table through libseccomp for every
# combination of the flags it depends on and writes the BPF programs as C
# arrays, which privs_apply() loads without libseccomp.  The generator runs
# here, on the build machine: host compiler, no sanitizers.
HOSTCC   ?= cc
GEN_SECCOMP := $(BUILD)/tools/gen-seccomp
GEN_SECCOMP_SRC := tools/gen-seccomp.c src/ns/seccomp_rules.c \
	src/ns/seccomp_build.c src/util/err.c
LIB_OBJ  += $(BUILD)/gen/seccomp_bpf.o

$(GEN_SECCOMP): $(GEN_SECCOMP_SRC) src/ns/privs_int.h src/ns/privs.h \
		src/util/err.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(CSTD) $(WARN) -O2 -o $@ $(GEN_SECCOMP_SRC) \
	    $(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)

$(BUILD)/gen/seccomp_bpf.c: $(GEN_SECCOMP)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(GEN_SECCOMP) $@

$(BUILD)/gen/seccomp_bpf.o: $(BUILD)/gen/seccomp_bpf.c
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Isrc/ns -c $< -o $@

# An archive: a program or test pulls in only the modules it uses.
$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

# --as-needed: brig itself calls nothing of libseccomp (its filters are
# precompiled), so it does not load it at each start; libcap and
# libbtrfsutil are linked in statically for the same reason (every start
# and exec would load them).
BIN_LIBS := -Wl,--as-needed $(LIBS)
ifneq ($(wildcard /usr/lib/$(shell $(CC) -dumpmachine)/libcap.a),)
BIN_LIBS := -Wl,--as-needed -Wl,-Bstatic -lcap -lbtrfsutil -Wl,-Bdynamic \
	$(filter-out -lcap -lseccomp -lbtrfsutil,$(LIBS))
endif
$(BIN): $(MAIN_OBJ) $(LIB_A)
	$(CC) $(LDFLAGS) -o $@ $^ $(BIN_LIBS)
	@for n in jail jls jexec rctl; do ln -sf brig $(BUILD)/$$n; done

$(BUILD)/tests/%: tests/unit/%.c $(LIB_A)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(LIB_A) $(LDFLAGS) $(LIBS) $(CMOCKA_LIBS)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

# --- tests -----------------------------------------------------------------

deps:
	@scripts/install-deps --check || scripts/install-deps

check: deps
	$(MAKE) all
	$(MAKE) SAN=1 $(UNIT_BIN:$(BUILD)/%=build-san/%) build-san/brig
	$(MAKE) $(UNIT_BIN)
	scripts/run-tests

check-unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do $$t || exit 1; done

# --- fuzzing (clang's libFuzzer) -------------------------------------------

FUZZ_CFLAGS := $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined -Isrc

# The parsers (configuration, ifconfig, netlink replies) are all a
# fuzzer needs, and of src/jail the rc.conf network plan (its builder,
# the routes, and rc_apply.c for rc_net_resolve and rc_net_op_format),
# which needs nothing else of src/jail; of src/store the ELF reader, the
# tar member-name sanitizer, export's manifest and create's source text
# (pure functions; debootstrap.c runs nothing unless asked to).
FUZZ_LIB := $(wildcard src/util/*.c src/conf/*.c src/net/*.c) \
	src/jail/rc_net.c src/jail/rc_route.c src/jail/rc_apply.c \
	src/store/elf.c src/store/tar_path.c src/store/names.c \
	src/store/manifest.c src/store/source.c src/store/debootstrap.c \
	src/rctl/rules.c src/rctl/usage_parse.c

build-fuzz/%: fuzz/%.c $(FUZZ_LIB)
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB) -lmnl

fuzz: $(FUZZ_BIN)
	@if [ "$(FUZZ_TIME)" != 0 ]; then for f in $(FUZZ_BIN); do \
		n=$$(basename $$f); mkdir -p fuzz/corpus/$$n; \
		$$f -max_total_time=$(FUZZ_TIME) -dict=fuzz/$$n.dict \
		    fuzz/corpus/$$n || exit 1; done; fi

# --- demo, install ---------------------------------------------------------

demo: deps all
	scripts/demo

demo-clean:
	scripts/demo clean

install: $(BIN)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(BIN) $(DESTDIR)$(SBINDIR)/brig
	for n in jail jls jexec rctl; do ln -sf brig $(DESTDIR)$(SBINDIR)/$$n; done
	install -m 0644 man/brig.8 $(DESTDIR)$(MANDIR)/man8/brig.8
	install -m 0644 man/brig-init.8 $(DESTDIR)$(MANDIR)/man8/brig-init.8
	install -m 0644 man/brig.conf.5 $(DESTDIR)$(MANDIR)/man5/brig.conf.5
	install -m 0644 man/rctl.conf.5 $(DESTDIR)$(MANDIR)/man5/rctl.conf.5

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/brig $(DESTDIR)$(SBINDIR)/jail \
	    $(DESTDIR)$(SBINDIR)/jls $(DESTDIR)$(SBINDIR)/jexec \
	    $(DESTDIR)$(SBINDIR)/rctl \
	    $(DESTDIR)$(MANDIR)/man8/brig.8 $(DESTDIR)$(MANDIR)/man8/brig-init.8 \
	    $(DESTDIR)$(MANDIR)/man5/brig.conf.5 $(DESTDIR)$(MANDIR)/man5/rctl.conf.5

bench: all
	bench/parse.sh
	bench/start.sh 100
	bench/vnet.sh
	bench/store.sh

lint:
	mandoc -Tlint -Wwarning man/*.[58]
	shellcheck scripts/* bench/*.sh tests/integration/*.bash

hdrcheck:
	@for h in $$(find src -name '*.h'); do \
		echo '#include "'$$PWD/$$h'"' | $(CC) $(CSTD) $(WARN) -fsyntax-only -x c - || exit 1; done

clean:
	rm -rf build build-san build-fuzz
