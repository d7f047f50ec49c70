/* rctl(8)'s filters, rule printing and humanize_number as rctl -h calls
 * it (src/rctl/rules.c), and the rule file of a running jail. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "conf/conf.h"
#include "rctl/rules.h"
#include "util/buf.h"

static void
test_humanize(void **state)
{
	/* What FreeBSD's humanize_number(buf, 6, n, "", HN_AUTOSCALE,
	 * HN_DECIMAL | HN_NOSPACE) gives. */
	static const struct {
		uint64_t n;
		const char *s;
	} cases[] = {
		{ 0, "0" }, { 64, "64" }, { 9999, "9999" },
		{ 10000, "9.8K" }, { 10240, "10K" }, { 100000, "98K" },
		{ 1048576, "1024K" }, { 10485760, "10M" },
		{ 1572864, "1536K" }, { 536870912, "512M" },
		{ 1073741824, "1024M" }, { 10737418240ULL, "10G" },
		{ 9728, "9728" }, { 10752000, "10M" },
		{ UINT64_MAX, "16E" },
	};
	char buf[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rctl_humanize(cases[i].n, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].s);
	}
}

static struct rctl_rule
rule(struct conf *c, const char *text)
{
	struct conf_loc loc = { "t", 1, 1 };
	struct rctl_rule r;

	assert_int_equal(rctl_rule_parse(c, &loc, text, strlen(text), &r), 0);
	return r;
}

static void
test_format(void **state)
{
	struct conf *c = conf_new(0);
	struct buf b = BUF_INIT;
	struct rctl_rule r;

	(void)state;
	r = rule(c, "jail:unbound:memoryuse:deny=512M");
	rctl_rule_format(&r, false, &b);
	assert_string_equal(b.s, "jail:unbound:memoryuse:deny=536870912");
	buf_reset(&b);
	rctl_rule_format(&r, true, &b);
	assert_string_equal(b.s, "jail:unbound:memoryuse:deny=512M");
	buf_reset(&b);
	r = rule(c, "jail:www:pcpu:sigxcpu=50/process");
	rctl_rule_format(&r, false, &b);
	assert_string_equal(b.s, "jail:www:pcpu:sigxcpu=50/process");
	buf_reset(&b);
	/* /jail is the subject's own per: not printed, as the kernel. */
	r = rule(c, "jail:www:maxproc:log=64/jail");
	rctl_rule_format(&r, false, &b);
	assert_string_equal(b.s, "jail:www:maxproc:log=64");
	buf_free(&b);
	conf_free(c);
}

static void
test_filter(void **state)
{
	struct conf *c = conf_new(0);
	struct rctl_filter f;
	struct rctl_rule mem, procs, other, sig;
	struct brig_err e;

	(void)state;
	mem = rule(c, "jail:unbound:memoryuse:deny=512M");
	procs = rule(c, "jail:unbound:maxproc:deny=64");
	other = rule(c, "jail:wg:memoryuse:log=100M");
	sig = rule(c, "jail:wg:pcpu:sigterm=90");

	assert_int_equal(rctl_filter_parse("::", &f, &e), 0);
	assert_true(rctl_filter_match(&f, &mem));
	assert_true(rctl_filter_match(&f, &sig));
	assert_int_equal(rctl_filter_parse(":", &f, &e), 0);
	assert_true(rctl_filter_match(&f, &other));
	assert_int_equal(rctl_filter_parse("jail:unbound", &f, &e), 0);
	assert_true(rctl_filter_match(&f, &mem));
	assert_true(rctl_filter_match(&f, &procs));
	assert_false(rctl_filter_match(&f, &other));
	assert_int_equal(rctl_filter_parse("j:unbound:maxproc", &f, &e), 0);
	assert_false(rctl_filter_match(&f, &mem));
	assert_true(rctl_filter_match(&f, &procs));
	assert_int_equal(rctl_filter_parse("jail::memoryuse:log", &f, &e), 0);
	assert_false(rctl_filter_match(&f, &mem));
	assert_true(rctl_filter_match(&f, &other));
	assert_int_equal(rctl_filter_parse("::memoryuse:deny=512M", &f, &e),
	    0);
	assert_true(rctl_filter_match(&f, &mem));
	assert_int_equal(rctl_filter_parse("::memoryuse:deny=256m", &f, &e),
	    0);
	assert_false(rctl_filter_match(&f, &mem));
	assert_int_equal(rctl_filter_parse("::pcpu:sigterm", &f, &e), 0);
	assert_true(rctl_filter_match(&f, &sig));
	assert_int_equal(rctl_filter_parse("::pcpu:sigkill", &f, &e), 0);
	assert_false(rctl_filter_match(&f, &sig));
	assert_int_equal(rctl_filter_parse("user:", &f, &e), 0);
	assert_false(rctl_filter_match(&f, &mem));
	assert_int_equal(rctl_filter_parse("::maxproc:deny/jail", &f, &e), 0);
	assert_true(rctl_filter_match(&f, &procs));
	assert_int_equal(rctl_filter_parse("::maxproc:deny/process", &f, &e),
	    0);
	assert_false(rctl_filter_match(&f, &procs));

	assert_int_equal(rctl_filter_parse("jail", &f, &e), -1);
	assert_string_equal(e.msg, "filter \"jail\": no subject id "
	    "(subject:id[:resource[:action[=amount][/per]]], \"::\" for every "
	    "rule)");
	assert_int_equal(rctl_filter_parse("prison:x", &f, &e), -1);
	assert_string_equal(e.msg, "filter \"prison:x\", column 1: unknown "
	    "subject \"prison\"");
	assert_int_equal(rctl_filter_parse("jail:x:memuse", &f, &e), -1);
	assert_string_equal(e.msg, "filter \"jail:x:memuse\", column 8: "
	    "unknown resource \"memuse\"");
	assert_int_equal(rctl_filter_parse("jail:x:memoryuse:kill", &f, &e),
	    -1);
	assert_string_equal(e.msg, "filter \"jail:x:memoryuse:kill\", column "
	    "18: unknown action \"kill\"");
	assert_int_equal(rctl_filter_parse("::memoryuse:deny=lots", &f, &e),
	    -1);
	assert_string_equal(e.msg, "filter \"::memoryuse:deny=lots\", column "
	    "18: invalid amount \"lots\"");
	assert_int_equal(rctl_filter_parse("::memoryuse:deny=1/forever", &f,
	    &e), -1);
	assert_string_equal(e.msg, "filter \"::memoryuse:deny=1/forever\", "
	    "column 20: unknown per \"forever\"");
	assert_int_equal(rctl_filter_parse("::memoryuse:sig", &f, &e), -1);
	conf_free(c);
}

static void
test_file(void **state)
{
	char dir[] = "/tmp/t_rctl_rules.XXXXXX", path[256];
	struct conf *c = conf_new(0), *c2;
	struct rctl_rule r[2];
	struct rctl_set set;
	struct brig_err e;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/jails", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/jails/j", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	/* No file: no rules. */
	c2 = conf_new(0);
	assert_int_equal(rctl_rules_load(c2, dir, "j", &set, &e), 0);
	assert_int_equal(set.n, 0);
	conf_free(c2);

	r[0] = rule(c, "jail:j:memoryuse:deny=64M");
	r[1] = rule(c, "jail:j:openfiles:deny=20/process");
	assert_int_equal(rctl_rules_save(dir, "j", r, 2, &e), 0);
	snprintf(path, sizeof(path), "%s/jails/j/rctl", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	c2 = conf_new(0);
	assert_int_equal(rctl_rules_load(c2, dir, "j", &set, &e), 0);
	assert_int_equal(set.n, 2);
	assert_int_equal(set.rules[0].amount, 64 << 20);
	assert_string_equal(set.rules[1].id, "j");
	assert_int_equal(set.rules[1].per, RCTL_SUBJ_PROCESS);
	conf_free(c2);
	/* None: the file goes. */
	assert_int_equal(rctl_rules_save(dir, "j", r, 0, &e), 0);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(rctl_rules_save(dir, "../j", r, 1, &e), -1);
	assert_int_equal(rctl_rules_save(dir, "a/b", r, 1, &e), -1);
	rmdir(dir);	/* jails/j stays: best effort */
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_humanize),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests_name("rctl_rules", tests, NULL, NULL);
}
