/* The privilege module's private interface (privs.c, seccomp_rules.c,
 * seccomp_build.c and the generated seccomp_bpf.c).
 *
 * The seccomp filter is compiled at build time: tools/gen-seccomp runs the
 * rule table (seccomp_rules.c) through libseccomp (seccomp_build.c) for
 * every combination of the PV_* bits the rules depend on, with and
 * without x32, and writes the BPF programs as const arrays into
 * seccomp_bpf.c.  privs_apply() picks one and loads it with seccomp(2);
 * libseccomp is for the generator and the unit tests only. */
#pragma once

#include <linux/filter.h>

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "privs.h"

/* The jail_privs fields as bits, so that the tables can name them. */
#define PV_RAW_SOCKETS	0x001u
#define PV_VNET		0x002u
#define PV_CHFLAGS	0x004u
#define PV_MLOCK	0x008u
#define PV_SET_HOSTNAME	0x010u
#define PV_SOCKET_AF	0x020u
#define PV_SYSVIPC	0x040u
#define PV_READ_MSGBUF	0x080u
#define PV_PROC_DEBUG	0x100u
#define PV_MKNOD	0x200u

/* p's fields as PV_* bits (privs.c). */
unsigned privs_bits(const struct jail_privs *p);

/* An allowed argument value, or a family of them: (x & care) == val. */
struct cube {
	uint32_t val, care;
};

/* One denial of the seccomp filter. */
struct sys_rule {
	const char *name;	/* resolved per ABI; skipped where absent */
	int err;
	unsigned unless;	/* any of these PV_* bits lifts the rule */
	unsigned onlyif;	/* the rule needs all of these */
	bool not_x86;		/* not on the i386 ABI (see socket) */
	unsigned ncmp;
	struct scmp_arg_cmp cmp[2];	/* all must hold */
	const struct cube *set;	/* and: argument setarg is none of these */
	unsigned nset, setarg;
	const char *what;	/* the arguments denied, for describe */
	const char *why;
};

/* The rule table (seccomp_rules.c), the one source of the filter. */
extern const struct sys_rule privs_rules[];
extern const size_t privs_nrules;

/* Whether rule r is in the filter of a jail with the PV_* bits have. */
bool privs_rule_active(const struct sys_rule *r, unsigned have);

/* The PV_* bits some rule depends on (its unless and onlyif): the filter
 * is the same for any two jails that agree on these. */
unsigned privs_filter_bits(void);

/* A precompiled filter. */
struct privs_bpf {
	const struct sock_filter *insn;
	unsigned short len;
};

/* Generated (seccomp_bpf.c): privs_filter_bits() at build time, and one
 * program per privs_bpf_index() below it; privs_apply() loads
 * privs_bpf[privs_bpf_index(privs_bpf_bits, privs_bits(p), x32)]. */
extern const unsigned privs_bpf_bits;
extern const unsigned privs_bpf_count;
extern const struct privs_bpf privs_bpf[];

/* The index of the program for the PV_* bits have (those outside bits do
 * not matter) and x32 (whether the kernel runs x32 calls; x86-64 only):
 * the bits of have & bits packed low to high, then x32 as bit 0. */
unsigned privs_bpf_index(unsigned bits, unsigned have, bool x32);

/* seccomp_build.c, with libseccomp: the filter for have and x32 on this
 * machine's ABI (with i386, and x32 when asked, on x86-64), as a context
 * (caller releases) or as the BPF program seccomp_export_bpf() gives
 * (*insn: caller frees). */
int privs_filter_build(unsigned have, bool x32, scmp_filter_ctx *out,
    struct brig_err *e);
int privs_filter_export(unsigned have, bool x32, struct sock_filter **insn,
    size_t *len, struct brig_err *e);
