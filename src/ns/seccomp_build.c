/* The seccomp filter built from the rule table (seccomp_rules.c) with
 * libseccomp.  Not part of brig at run time: tools/gen-seccomp uses it to
 * write the precompiled filters (seccomp_bpf.c), and the unit tests to
 * check them against what libseccomp builds here and now. */
#include <sys/mman.h>

#include <errno.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "privs_int.h"

struct cover {
	scmp_filter_ctx ctx;
	const struct sys_rule *r;
	int nr;
	uint32_t max;		/* the largest allowed value */
	int rc;
};

static void
cover_add(struct cover *c, enum scmp_compare op, uint32_t a, uint32_t b)
{
	struct scmp_arg_cmp cmp[3];
	unsigned n = c->r->ncmp;

	memcpy(cmp, c->r->cmp, n * sizeof(cmp[0]));
	cmp[n].arg = c->r->setarg;
	cmp[n].op = op;
	cmp[n].datum_a = a;
	cmp[n].datum_b = b;
	if (c->rc == 0)
		c->rc = seccomp_rule_add_array(c->ctx,
		    SCMP_ACT_ERRNO((uint32_t)c->r->err), c->nr, n + 1, cmp);
}

/* Deny every value outside the rule's set with masked comparisons,
 * since libseccomp takes one comparison per argument in a rule and an
 * "is none of" cannot be written as one.  Walk the values' bits from
 * the top: a prefix no allowed value has becomes one MASKED_EQ rule; a
 * prefix above the largest allowed value is left to one GT rule; a
 * prefix inside an allowed family stops.  live: the cubes of the set
 * the prefix (mask, val) still agrees with. */
static void
cover(struct cover *c, int bit, uint32_t mask, uint32_t val, uint32_t live)
{
	uint32_t b, low, live0 = 0, live1 = 0, split = 0;
	const struct cube *s;
	unsigned i;

	if (c->rc != 0 || val > c->max)
		return;
	if (live == 0) {
		cover_add(c, SCMP_CMP_MASKED_EQ, mask, val);
		return;
	}
	if (bit < 0)
		return;
	b = UINT32_C(1) << bit;
	low = b | (b - 1);
	for (i = 0; i < c->r->nset; i++) {
		if (!(live & (UINT32_C(1) << i)))
			continue;
		s = &c->r->set[i];
		if ((s->care & low) == 0)
			return;
		split |= s->care & b;
		if (!(s->care & b) || !(s->val & b))
			live0 |= UINT32_C(1) << i;
		if (!(s->care & b) || (s->val & b))
			live1 |= UINT32_C(1) << i;
	}
	if (!split) {
		cover(c, bit - 1, mask, val, live);
		return;
	}
	cover(c, bit - 1, mask | b, val, live0);
	cover(c, bit - 1, mask | b, val | b, live1);
}

static int
rule_add(scmp_filter_ctx ctx, const struct sys_rule *r, int nr)
{
	struct cover c = { .ctx = ctx, .r = r, .nr = nr, .max = 0 };
	unsigned i;

	if (r->set == NULL)
		return seccomp_rule_add_array(ctx,
		    SCMP_ACT_ERRNO((uint32_t)r->err), nr, r->ncmp, r->cmp);
	if (r->nset > 31)	/* live sets are 32-bit masks */
		return -E2BIG;
	for (i = 0; i < r->nset; i++)
		if ((r->set[i].val | ~r->set[i].care) > c.max)
			c.max = r->set[i].val | ~r->set[i].care;
	if (c.max != UINT32_MAX)
		cover_add(&c, SCMP_CMP_GT, c.max, 0);
	cover(&c, 31, 0, 0, (UINT32_C(1) << r->nset) - 1);
	return c.rc;
}

/* Whether an ABI has a call.  libseccomp answers its number, a pseudo-
 * number from -101 for the calls i386 multiplexes through socketcall(2)
 * and ipc(2) (it filters both forms itself), or one at or below -10000
 * (__PNR_*) for a call the ABI lacks. */
static bool
abi_has(uint32_t arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);

	return nr >= 0 || (nr <= -100 && nr > -10000);
}

/* One filter context per ABI, merged afterwards, so that a rule can be
 * left off one ABI (not_x86).  libseccomp takes the native number (or its
 * own negative pseudo-number for a call the native ABI lacks, such as
 * i386's socketcall) and translates it by name for the context's ABI. */
static int
filter_arch(scmp_filter_ctx ctx, uint32_t arch, unsigned have,
    struct brig_err *e)
{
	const struct sys_rule *r;
	int nr, rc;

	for (r = privs_rules; r < privs_rules + privs_nrules; r++) {
		if (!privs_rule_active(r, have) ||
		    (r->not_x86 && arch == SCMP_ARCH_X86))
			continue;
		if (!abi_has(arch, r->name))
			continue;
		if ((nr = seccomp_syscall_resolve_name(r->name)) ==
		    __NR_SCMP_ERROR) {
			errno = ENOSYS;
			return err_sys(e, "seccomp: unknown system call %s",
			    r->name);
		}
		if ((rc = rule_add(ctx, r, nr)) < 0) {
			errno = -rc;
			return err_sys(e, "seccomp rule for %s", r->name);
		}
	}
	return 0;
}

/* x32 is the caller's to decide: whether the kernel runs x32 calls is
 * probed where the filter is loaded (privs.c), not where it is built. */
int
privs_filter_build(unsigned have, bool x32, scmp_filter_ctx *out,
    struct brig_err *e)
{
	uint32_t arches[3];
	unsigned n = 0, i;
	scmp_filter_ctx main_ctx = NULL, ctx;
	int rc;

	arches[n++] = seccomp_arch_native();
	if (arches[0] == SCMP_ARCH_X86_64) {
		/* int 0x80 reaches the i386 table from a 64-bit process:
		 * without its own rules it would be killed by libseccomp's
		 * bad-arch action, with them it gets the same answers. */
		arches[n++] = SCMP_ARCH_X86;
		if (x32)
			arches[n++] = SCMP_ARCH_X32;
	}
	for (i = 0; i < n; i++) {
		if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL) {
			errno = ENOMEM;
			err_sys(e, "seccomp_init");
			goto fail;
		}
		/* The system's errno from seccomp_export_bpf, not ECANCELED
		 * (libseccomp 2.5); merging needs it on every context. */
		(void)seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
		/* A binary tree of syscall numbers: half the instructions a
		 * syscall walks, and half the load time, against a list. */
		(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
		if (i > 0 && ((rc = seccomp_arch_remove(ctx,
		    SCMP_ARCH_NATIVE)) < 0 ||
		    (rc = seccomp_arch_add(ctx, arches[i])) < 0)) {
			seccomp_release(ctx);
			errno = -rc;
			err_sys(e, "seccomp architecture %#x", arches[i]);
			goto fail;
		}
		if (filter_arch(ctx, arches[i], have, e) == -1) {
			seccomp_release(ctx);
			goto fail;
		}
		if (main_ctx == NULL)
			main_ctx = ctx;
		else if ((rc = seccomp_merge(main_ctx, ctx)) < 0) {
			seccomp_release(ctx);
			errno = -rc;
			err_sys(e, "seccomp merge");
			goto fail;
		}
	}
	*out = main_ctx;
	return 0;
fail:
	if (main_ctx != NULL)
		seccomp_release(main_ctx);
	return -1;
}

/* libseccomp 2.5 exports only to a file descriptor: a memfd, read back. */
static int
export_fd(scmp_filter_ctx ctx, int fd, struct sock_filter **insn,
    size_t *len, struct brig_err *e)
{
	struct sock_filter *buf;
	off_t size;
	ssize_t got;
	int rc;

	if ((rc = seccomp_export_bpf(ctx, fd)) < 0) {
		errno = -rc;
		return err_sys(e, "export the seccomp filter");
	}
	if ((size = lseek(fd, 0, SEEK_END)) == -1)
		return err_sys(e, "export the seccomp filter: lseek");
	if (size == 0 || size % (off_t)sizeof(*buf) != 0 ||
	    size / (off_t)sizeof(*buf) > BPF_MAXINSNS) {
		errno = EINVAL;
		return err_sys(e, "export the seccomp filter: %lld bytes",
		    (long long)size);
	}
	if ((buf = malloc((size_t)size)) == NULL)
		return err_sys(e, "export the seccomp filter");
	if ((got = pread(fd, buf, (size_t)size, 0)) != size) {
		if (got >= 0)
			errno = EIO;
		err_sys(e, "export the seccomp filter: read back");
		free(buf);
		return -1;
	}
	*insn = buf;
	*len = (size_t)size / sizeof(*buf);
	return 0;
}

int
privs_filter_export(unsigned have, bool x32, struct sock_filter **insn,
    size_t *len, struct brig_err *e)
{
	scmp_filter_ctx ctx;
	int fd, rc;

	if (privs_filter_build(have, x32, &ctx, e) == -1)
		return -1;
	if ((fd = memfd_create("brig-seccomp", MFD_CLOEXEC)) == -1) {
		err_sys(e, "export the seccomp filter: memfd_create");
		seccomp_release(ctx);
		return -1;
	}
	rc = export_fd(ctx, fd, insn, len, e);
	close(fd);
	seccomp_release(ctx);
	return rc;
}
