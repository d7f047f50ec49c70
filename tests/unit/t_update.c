/* Unit tests of brig update's pure parts (src/cli/update_int.h): the
 * plan for each case, the snapshot's name, --timeout, and how a command
 * is shown in messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/update_int.h"
#include "store/store.h"

/* The plan as "snapshot,start,update,...". */
static const char *
plan_str(bool running, bool restart, bool health, char *buf, size_t len)
{
	enum update_step plan[UPDATE_STEPS_MAX];
	size_t n = update_plan(running, restart, health, plan), i;

	assert_true(n >= 2 && n <= UPDATE_STEPS_MAX);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
		    i ? "," : "", update_step_name(plan[i]));
	return buf;
}

static void
test_plan(void **state)
{
	char b[128];

	(void)state;
	/* always the snapshot first, then the update */
	assert_string_equal(plan_str(true, true, true, b, sizeof(b)),
	    "snapshot,update,restart,health");
	assert_string_equal(plan_str(true, true, false, b, sizeof(b)),
	    "snapshot,update,restart");
	assert_string_equal(plan_str(true, false, true, b, sizeof(b)),
	    "snapshot,update,health");
	assert_string_equal(plan_str(true, false, false, b, sizeof(b)),
	    "snapshot,update");
	/* a jail that was not running is started for it, stopped after */
	assert_string_equal(plan_str(false, true, true, b, sizeof(b)),
	    "snapshot,start,update,restart,health,stop");
	assert_string_equal(plan_str(false, false, false, b, sizeof(b)),
	    "snapshot,start,update,stop");
	assert_string_equal(update_step_name((enum update_step)99), "?");
}

static void
test_snap_name(void **state)
{
	struct brig_err e;
	char buf[STORE_SNAP_MAX + 1];

	(void)state;
	update_snap_name(1795947300, buf, sizeof(buf));
	assert_string_equal(buf, "pre-update-2026-11-29T10:15:00Z");
	/* a valid snapshot name for every backend */
	assert_int_equal(store_check_snap(buf, &e), 0);
	update_snap_name(0, buf, sizeof(buf));
	assert_string_equal(buf, "pre-update-1970-01-01T00:00:00Z");
}

static void
test_timeout(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+5", " 5", "5s", "1.5", "x", "2147484",
		"99999999999999999999999",
	};
	struct brig_err e;
	size_t i;
	int t = -7;

	(void)state;
	assert_int_equal(update_parse_timeout("0", &t, &e), 0);
	assert_int_equal(t, 0);
	assert_int_equal(update_parse_timeout("300", &t, &e), 0);
	assert_int_equal(t, 300);
	assert_int_equal(update_parse_timeout("2147483", &t, &e), 0);
	assert_int_equal(t, UPDATE_TIMEOUT_MAX);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = -7;
		assert_int_equal(update_parse_timeout(bad[i], &t, &e), -1);
		assert_int_equal(t, -7);	/* written only on success */
	}
	update_parse_timeout("5s", &t, &e);
	assert_string_equal(e.msg, "--timeout \"5s\": seconds from 0 (none) "
	    "to 2147483 expected");
}

static void
test_argv_show(void **state)
{
	char *plain[] = { "apt-get", "-y", "upgrade", NULL };
	char *shell[] = { "sh", "-c", "echo 2 > /etc/version; exit 3", NULL };
	char *quote[] = { "echo", "it's", "", "a=b,c:d/e@f%g+h", NULL };
	char *longer[] = { "echo", "abcdefghij", "klmnopqrst", NULL };
	char buf[64], small[16];

	(void)state;
	assert_string_equal(update_argv_show(plain, buf, sizeof(buf)),
	    "apt-get -y upgrade");
	assert_string_equal(update_argv_show(shell, buf, sizeof(buf)),
	    "sh -c 'echo 2 > /etc/version; exit 3'");
	assert_string_equal(update_argv_show(quote, buf, sizeof(buf)),
	    "echo 'it'\\''s' '' a=b,c:d/e@f%g+h");
	/* cut, and said to be */
	assert_string_equal(update_argv_show(longer, small, sizeof(small)),
	    "echo abcdefg...");
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_string_equal(update_argv_show(longer, buf, 5), "e...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_snap_name),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_argv_show),
	};

	return cmocka_run_group_tests_name("update", tests, NULL, NULL);
}
