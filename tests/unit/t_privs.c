/* Unit tests of the jail root's privileges (src/ns/privs.c): the allow.*
 * parameters read from a configuration, the capability set for every
 * combination of them, the description, the seccomp filters precompiled
 * at build time against what libseccomp builds from the same rules now,
 * and (as root, in a child) privs_apply() itself.  The probe tests
 * (tests/privs, 20-privs.bats) check what the kernel then refuses. */
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf/conf.h"
#include "ns/privs.h"
#include "ns/privs_int.h"

#define BIT(c) (UINT64_C(1) << (c))

/* --- privs_from_conf ---------------------------------------------------- */

struct conf_case {
	const char *name;
	const char *conf;	/* defines jail "j" */
	struct jail_privs want;
};

#define SU .suser = true
static const struct conf_case conf_cases[] = {
	{ "FreeBSD defaults: nothing but suser", "j { path = /j; }",
	  { SU } },
	{ "bare boolean", "j { allow.raw_sockets; }",
	  { SU, .raw_sockets = true } },
	{ "= true", "j { allow.raw_sockets = true; }",
	  { SU, .raw_sockets = true } },
	{ "= 1", "j { allow.raw_sockets = 1; }",
	  { SU, .raw_sockets = true } },
	{ "= 0", "j { allow.raw_sockets = 0; }", { SU } },
	{ "= false", "j { allow.raw_sockets = false; }", { SU } },
	{ "allow.noX", "j { allow.noraw_sockets; }", { SU } },
	{ "allow.nosuser", "j { allow.nosuser; }", { .suser = false } },
	{ "allow.suser = false", "j { allow.suser = false; }",
	  { .suser = false } },
	{ "allow.suser = 1", "j { allow.suser = 1; }", { SU } },
	{ "vnet bare", "j { vnet; }", { SU, .vnet = true } },
	{ "vnet = new", "j { vnet = new; }", { SU, .vnet = true } },
	{ "vnet = inherit", "j { vnet = inherit; }", { SU } },
	{ "vnet = disable", "j { vnet = disable; }", { SU } },
	{ "novnet", "j { novnet; }", { SU } },
	{ "mount.devfs gives mknod", "j { mount.devfs; }",
	  { SU, .mknod = true } },
	{ "mount.nodevfs", "j { mount.nodevfs; }", { SU } },
	{ "every allow.*",
	  "j { allow.raw_sockets; allow.chflags; allow.mlock; "
	  "allow.set_hostname; allow.socket_af; allow.sysvipc; "
	  "allow.read_msgbuf; allow.unprivileged_proc_debug; }",
	  { SU, .raw_sockets = true, .chflags = true, .mlock = true,
	    .set_hostname = true, .socket_af = true, .sysvipc = true,
	    .read_msgbuf = true, .proc_debug = true } },
	{ "global default applies", "allow.mlock;\nj { path = /j; }",
	  { SU, .mlock = true } },
	{ "wildcard applies", "* { allow.chflags; }\nj { path = /j; }",
	  { SU, .chflags = true } },
	{ "the jail's own block wins over a global",
	  "allow.raw_sockets;\nj { allow.noraw_sockets; }", { SU } },
	{ "unrelated allow.* change nothing",
	  "j { allow.mount; allow.mount.tmpfs; allow.reserved_ports; }",
	  { SU } },
};
#undef SU

static void
privs_eq(const struct jail_privs *got, const struct jail_privs *want)
{
	assert_int_equal(got->raw_sockets, want->raw_sockets);
	assert_int_equal(got->vnet, want->vnet);
	assert_int_equal(got->chflags, want->chflags);
	assert_int_equal(got->mlock, want->mlock);
	assert_int_equal(got->set_hostname, want->set_hostname);
	assert_int_equal(got->socket_af, want->socket_af);
	assert_int_equal(got->sysvipc, want->sysvipc);
	assert_int_equal(got->read_msgbuf, want->read_msgbuf);
	assert_int_equal(got->proc_debug, want->proc_debug);
	assert_int_equal(got->suser, want->suser);
	assert_int_equal(got->mknod, want->mknod);
}

static void
run_conf_case(void **state)
{
	const struct conf_case *t = *state;
	struct conf *c = conf_load_mem("t.conf", t->conf, strlen(t->conf),
	    CONF_NO_INCLUDE);
	struct conf_jail *j;
	struct jail_privs p;

	assert_false(conf_failed(c));
	j = conf_jail_find(c, "j");
	assert_non_null(j);
	privs_from_conf(j, &p);
	privs_eq(&p, &t->want);
	conf_free(c);
}

/* --- privs_caps ---------------------------------------------------------- */

/* The jail root's set with allow.suser, linux-hardening.md's list;
 * Docker's default (0xa80425fb) without MKNOD and NET_RAW. */
static const uint64_t base_caps = BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) |
    BIT(CAP_FOWNER) | BIT(CAP_FSETID) | BIT(CAP_KILL) | BIT(CAP_SETGID) |
    BIT(CAP_SETUID) | BIT(CAP_SETPCAP) | BIT(CAP_SETFCAP) |
    BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_SYS_CHROOT) | BIT(CAP_AUDIT_WRITE);

/* Never given, whatever the parameters. */
static const int never_caps[] = { CAP_SYS_ADMIN, CAP_SYS_MODULE,
	CAP_SYS_TIME, CAP_SYS_BOOT, CAP_SYS_RAWIO, CAP_MAC_ADMIN,
	CAP_MAC_OVERRIDE, CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE,
	CAP_SYS_NICE, CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND, CAP_AUDIT_CONTROL,
	CAP_AUDIT_READ, CAP_CHECKPOINT_RESTORE, CAP_LEASE, CAP_SYS_PACCT,
	CAP_SYS_TTY_CONFIG, CAP_DAC_READ_SEARCH, CAP_IPC_OWNER,
	CAP_NET_BROADCAST };

/* Each jail_privs flag, and the capability it adds (-1: none). */
struct flag_cap {
	size_t off;
	int cap;
};

static const struct flag_cap flag_caps[] = {
	{ offsetof(struct jail_privs, raw_sockets), CAP_NET_RAW },
	{ offsetof(struct jail_privs, vnet), CAP_NET_ADMIN },
	{ offsetof(struct jail_privs, chflags), CAP_LINUX_IMMUTABLE },
	{ offsetof(struct jail_privs, mlock), CAP_IPC_LOCK },
	{ offsetof(struct jail_privs, read_msgbuf), CAP_SYSLOG },
	{ offsetof(struct jail_privs, proc_debug), CAP_SYS_PTRACE },
	{ offsetof(struct jail_privs, mknod), CAP_MKNOD },
	{ offsetof(struct jail_privs, set_hostname), -1 },
	{ offsetof(struct jail_privs, socket_af), -1 },
	{ offsetof(struct jail_privs, sysvipc), -1 },
	{ offsetof(struct jail_privs, suser), -1 },
};
#define NFLAGS (sizeof(flag_caps) / sizeof(flag_caps[0]))

static void
privs_from_bits(unsigned bits, struct jail_privs *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < NFLAGS; i++)
		*(bool *)((char *)p + flag_caps[i].off) = (bits >> i) & 1;
}

/* Every one of the 2^11 combinations. */
static void
test_caps_all_combinations(void **state)
{
	struct jail_privs p;
	uint64_t got, want;
	unsigned bits;
	size_t i;

	(void)state;
	for (bits = 0; bits < (1u << NFLAGS); bits++) {
		privs_from_bits(bits, &p);
		got = privs_caps(&p);
		want = 0;
		if (p.suser) {
			want = base_caps;
			for (i = 0; i < NFLAGS; i++)
				if (((bits >> i) & 1) && flag_caps[i].cap >= 0)
					want |= BIT(flag_caps[i].cap);
		}
		if (got != want)
			fail_msg("flags %#x: caps %#llx, want %#llx", bits,
			    (unsigned long long)got,
			    (unsigned long long)want);
		for (i = 0; i < sizeof(never_caps) / sizeof(never_caps[0]);
		    i++)
			assert_false(got & BIT(never_caps[i]));
	}
}

static void
test_caps_values(void **state)
{
	struct jail_privs p = { .suser = true };

	(void)state;
	assert_int_equal(privs_caps(&p), 0xa00405fb);
	p.mknod = true;
	assert_int_equal(privs_caps(&p), 0xa80405fb);
	p.suser = false;
	assert_int_equal(privs_caps(&p), 0);
	privs_from_bits((1u << NFLAGS) - 1, &p);
	assert_int_equal(privs_caps(&p), 0x4a80c77fbULL);
}

/* --- privs_describe ----------------------------------------------------- */

static char *
describe(const struct jail_privs *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	privs_describe(p, fp);
	fclose(fp);
	return buf;
}

static unsigned
count(const char *hay, const char *needle)
{
	unsigned n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Every capability the headers know is listed once, kept or dropped. */
static void
test_describe_every_cap(void **state)
{
	struct jail_privs p = { .suser = true, .raw_sockets = true };
	char *d = describe(&p), want[64], *name;
	int c, i;

	(void)state;
	for (c = 0; c <= CAP_LAST_CAP; c++) {
		name = cap_to_name(c);
		assert_non_null(name);
		snprintf(want, sizeof(want), "\t%s ", name);
		for (i = 1; want[i] != '\0'; i++)
			want[i] = (char)toupper((unsigned char)want[i]);
		if (count(d, want) != 1)
			fail_msg("%s listed %u times", want + 1, count(d, want));
		cap_free(name);
	}
	free(d);
}

static void
test_describe_rules(void **state)
{
	struct jail_privs p = { .suser = true };
	char *d;

	(void)state;
	d = describe(&p);
	assert_non_null(strstr(d, "capabilities kept:\n\tCAP_CHOWN "));
	assert_non_null(strstr(d, "\tmount             EPERM "));
	assert_non_null(strstr(d, "\tclone3            ENOSYS "));
	assert_non_null(strstr(d, "\tsocket            EAFNOSUPPORT  family "
	    "other than UNIX"));
	assert_non_null(strstr(d, "AF_INET, SOCK_RAW: allow.raw_sockets"));
	assert_non_null(strstr(d, "\tsyslog            EPERM         "
	    "allow.read_msgbuf\n"));
	assert_null(strstr(d, "S_IFCHR"));	/* no mknod without devfs */
	assert_null(strstr(d, "msgget"));	/* SysV IPC is allowed */
	assert_null(strstr(d, "adjtimex"));	/* read-only left to kernel */
	free(d);

	p.raw_sockets = true;
	p.socket_af = true;
	p.read_msgbuf = true;
	p.mknod = true;
	d = describe(&p);
	assert_null(strstr(d, "SOCK_RAW"));
	assert_null(strstr(d, "AF_PACKET"));
	assert_null(strstr(d, "EAFNOSUPPORT"));
	assert_null(strstr(d, "allow.read_msgbuf\n"));
	assert_non_null(strstr(d, "SYSLOG_ACTION_CLEAR"));
	assert_non_null(strstr(d, "S_IFCHR not in the devfs rulesets"));
	assert_non_null(strstr(d, "\tCAP_SYSLOG "));
	free(d);

	p.suser = false;
	d = describe(&p);
	assert_non_null(strstr(d, "capabilities kept:\n\tnone (allow.suser "
	    "is false)\ncapabilities dropped:\n"));
	free(d);
}

/* --- the precompiled seccomp filters ------------------------------------- */

static void
insn_str(const struct sock_filter *f, size_t i, size_t len, char *buf,
    size_t size)
{
	if (i >= len)
		snprintf(buf, size, "the end");
	else
		snprintf(buf, size, "{ %#x, %u, %u, %#x }", f[i].code,
		    f[i].jt, f[i].jf, f[i].k);
}

/* The program for have and x32 that libseccomp builds now from the rule
 * table must be, instruction by instruction, the precompiled one that
 * privs_apply() loads for a jail with the PV_* bits of as. */
static void
bpf_check(unsigned have, bool x32, unsigned as)
{
	const struct privs_bpf *f =
	    &privs_bpf[privs_bpf_index(privs_bpf_bits, as, x32)];
	struct sock_filter *got;
	struct brig_err e;
	char a[64], b[64];
	size_t len, i;

	if (privs_filter_export(have, x32, &got, &len, &e) == -1)
		fail_msg("PV %#x%s: %s", have, x32 ? " x32" : "", e.msg);
	for (i = 0; i < len && i < f->len; i++)
		if (got[i].code != f->insn[i].code ||
		    got[i].jt != f->insn[i].jt ||
		    got[i].jf != f->insn[i].jf || got[i].k != f->insn[i].k)
			break;
	insn_str(got, i, len, a, sizeof(a));
	insn_str(f->insn, i, f->len, b, sizeof(b));
	free(got);
	if (i < len || len != f->len)
		fail_msg("PV %#x%s: libseccomp's %zu instructions against %u "
		    "precompiled for %#x; at %zu: %s against %s", have,
		    x32 ? " x32" : "", len, (unsigned)f->len, as, i, a, b);
}

/* The table covers exactly the bits the rules depend on, once each. */
static void
test_bpf_table(void **state)
{
	unsigned bits = privs_filter_bits(), have = 0, i;
	bool seen[64] = { false };

	(void)state;
	assert_int_equal(privs_bpf_bits, bits);
	assert_int_equal(privs_bpf_count, 2u << __builtin_popcount(bits));
	assert_true(privs_bpf_count <= 64);
	do {
		for (i = 0; i < 2; i++) {
			unsigned idx = privs_bpf_index(bits, have, i);

			assert_true(idx < privs_bpf_count);
			assert_false(seen[idx]);
			seen[idx] = true;
		}
		have = (have - bits) & bits;
	} while (have != 0);
	for (i = 0; i < privs_bpf_count; i++) {
		assert_true(seen[i]);
		assert_non_null(privs_bpf[i].insn);
		assert_in_range(privs_bpf[i].len, 1, BPF_MAXINSNS);
	}
}

/* Every combination of the bits the filter depends on, with and without
 * x32. */
static void
test_bpf_equals_libseccomp(void **state)
{
	unsigned bits = privs_bpf_bits, have = 0;

	(void)state;
	do {
		bpf_check(have, false, have);
		bpf_check(have, true, have);
		have = (have - bits) & bits;
	} while (have != 0);
}

/* The other flags change nothing: each one, alone and with all the
 * filter's bits, builds the program of the filter's bits alone. */
static void
test_bpf_other_flags(void **state)
{
	unsigned all = PV_RAW_SOCKETS | PV_VNET | PV_CHFLAGS | PV_MLOCK |
	    PV_SET_HOSTNAME | PV_SOCKET_AF | PV_SYSVIPC | PV_READ_MSGBUF |
	    PV_PROC_DEBUG | PV_MKNOD;
	unsigned bits = privs_bpf_bits, b;
	struct jail_privs p;

	(void)state;
	assert_int_equal(bits & ~all, 0);
	for (b = 1; b <= all; b <<= 1) {
		if (!(all & b) || (bits & b))
			continue;
		bpf_check(b, false, 0);
		bpf_check(b | bits, false, bits);
		bpf_check(b | bits, true, bits);
	}
	/* privs_bits(), which selects the program, maps each field. */
	privs_from_bits((1u << NFLAGS) - 1, &p);
	assert_int_equal(privs_bits(&p), all);
	p.suser = false;
	assert_int_equal(privs_bits(&p), all);
}

/* --- privs_apply, in a child, as root ------------------------------------ */

/* Checks run in the confined child; the exit code is the failing line. */
#define CHECK(x) do { if (!(x)) _exit(1 + __LINE__ % 250); } while (0)

static int
in_child(void (*fn)(void))
{
	pid_t pid = fork();
	int st;

	assert_true(pid != -1);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
apply_defaults(void)
{
	struct jail_privs p = { .suser = true };
	struct brig_err e;

	CHECK(privs_apply(&p, &e) == 0);
	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	CHECK(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2);
	CHECK(prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0) == 0);
	CHECK(prctl(PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0) == 0);
	CHECK(prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0) == 1);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0,
	    0) == 0);
	CHECK(syscall(SYS_keyctl, 0, -1, 0) == -1 && errno == EPERM);
	CHECK(socket(40 /* AF_VSOCK */, SOCK_STREAM, 0) == -1 &&
	    errno == EAFNOSUPPORT);
	CHECK(syscall(SYS_clone3, NULL, 0) == -1 && errno == ENOSYS);
	CHECK(getuid() == 0);
}

static void
test_apply(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(apply_defaults), 0);
}

/* Without CAP_SETPCAP the bounding set cannot shrink: privs_apply()
 * fails, says what, and has loaded no filter. */
static void
apply_unprivileged(void)
{
	struct jail_privs p = { .suser = true };
	struct brig_err e;
	cap_t none = cap_init();

	CHECK(none != NULL && cap_set_proc(none) == 0);
	CHECK(privs_apply(&p, &e) == -1);
	CHECK(e.errnum == EPERM);
	/* 0 and 1 (CHOWN, DAC_OVERRIDE) are kept: 2 is the first drop. */
	CHECK(strcmp(e.msg, "jail privileges: drop capability 2 from the "
	    "bounding set") == 0);
	CHECK(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0);
	cap_free(none);
}

static void
test_apply_fails_cleanly(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(apply_unprivileged), 0);
}

/* The filter privs_apply() loads is the precompiled one for the jail's
 * flags: read back from a stopped child with PTRACE_SECCOMP_GET_FILTER
 * (Linux 4.4, CONFIG_CHECKPOINT_RESTORE; the tracer needs CAP_SYS_ADMIN
 * and no filter of its own).  Returns the instruction count, or -1 with
 * errno when the kernel will not say. */
static long
loaded_filter(const struct jail_privs *p, struct sock_filter *buf,
    long max)
{
	struct brig_err e;
	pid_t pid = fork();
	long n;
	int st, saved;

	assert_true(pid != -1);
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) == -1 ||
		    privs_apply(p, &e) == -1)
			_exit(1);
		raise(SIGSTOP);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, NULL);
	if (n > 0 && n <= max)
		n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, 0, buf);
	saved = errno;
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	errno = saved;
	return n;
}

static void
test_apply_loads_precompiled(void **state)
{
	static struct sock_filter buf[BPF_MAXINSNS];
	const struct privs_bpf *f;
	struct jail_privs p;
	unsigned cases[NFLAGS + 2], i;
	bool x32 = false;
	long n;

	(void)state;
	if (geteuid() != 0)
		skip();
#if defined(__x86_64__) && !defined(__ILP32__)
	/* As privs.c decides it. */
	x32 = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0 ||
	    syscall(0x40000000L | 39 /* x32 getpid */) != -1;
#endif
	cases[0] = 0;
	cases[1] = (1u << NFLAGS) - 1;
	for (i = 0; i < NFLAGS; i++)
		cases[i + 2] = 1u << i;
	for (i = 0; i < NFLAGS + 2; i++) {
		privs_from_bits(cases[i], &p);
		f = &privs_bpf[privs_bpf_index(privs_bpf_bits, privs_bits(&p),
		    x32)];
		n = loaded_filter(&p, buf, BPF_MAXINSNS);
		if (n == -1 && i == 0)
			skip();	/* the kernel keeps no copy to show */
		assert_int_equal(n, f->len);
		if (memcmp(buf, f->insn, (size_t)n * sizeof(buf[0])) != 0)
			fail_msg("flags %#x: the loaded filter differs",
			    cases[i]);
	}
}

/* The journal's form of the privileges reads back as it was written,
 * for every combination of the fields; unknown words are refused. */
static void
test_format_parse(void **state)
{
	struct jail_privs p, q;
	char buf[160];
	unsigned m;

	(void)state;
	for (m = 0; m < 1u << 11; m++) {
		memset(&p, 0, sizeof(p));
		p.raw_sockets = m & 1;
		p.vnet = m & 2;
		p.chflags = m & 4;
		p.mlock = m & 8;
		p.set_hostname = m & 16;
		p.socket_af = m & 32;
		p.sysvipc = m & 64;
		p.read_msgbuf = m & 128;
		p.proc_debug = m & 256;
		p.suser = m & 512;
		p.mknod = m & 1024;
		assert_true(privs_format(&p, buf, sizeof(buf)) < sizeof(buf));
		memset(&q, 0xff, sizeof(q));
		assert_int_equal(privs_parse(buf, &q), 0);
		assert_memory_equal(&p, &q, sizeof(p));
	}
	privs_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "raw_sockets,vnet,chflags,mlock,"
	    "set_hostname,socket_af,sysvipc,read_msgbuf,proc_debug,suser,"
	    "mknod");
	memset(&p, 0, sizeof(p));
	privs_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	assert_int_equal(privs_parse("raw_sockets,ptrace", &q), -1);
	assert_int_equal(privs_parse("raw_sockets,", &q), 0);
	assert_int_equal(privs_parse(",", &q), -1);
}

int
main(void)
{
	size_t n = sizeof(conf_cases) / sizeof(conf_cases[0]), i;
	struct CMUnitTest *tests = calloc(n + 11, sizeof(*tests));
	int rc;

	for (i = 0; i < n; i++) {
		tests[i].name = conf_cases[i].name;
		tests[i].test_func = run_conf_case;
		tests[i].initial_state = (void *)(uintptr_t)&conf_cases[i];
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_caps_all_combinations);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_caps_values);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_describe_every_cap);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_describe_rules);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_bpf_table);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_bpf_equals_libseccomp);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_bpf_other_flags);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_format_parse);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_apply);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_apply_loads_precompiled);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_apply_fails_cleanly);
	rc = _cmocka_run_group_tests("privs", tests, n, NULL, NULL);
	free(tests);
	return rc;
}
