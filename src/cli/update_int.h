/* brig update's pure parts (update.c), for the unit tests. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* The steps of an update, in the order they run (jail(8)'s lifecycle as
 * data: a table, not a chain of ifs). */
enum update_step {
	UPDATE_SNAPSHOT,	/* pre-update-TIME; nothing before it changes */
	UPDATE_START,		/* the jail was not running: start it */
	UPDATE_RUN,		/* the update command, inside the jail */
	UPDATE_RESTART,		/* stop and start: the updated binaries run */
	UPDATE_HEALTH,		/* brig.health, each command in the jail */
	UPDATE_STOP,		/* it was not running: leave it so */
};

#define UPDATE_STEPS_MAX 6

/* The plan for a jail that is running or not, with or without the
 * restart (--no-restart) and the health check (brig.health): its
 * length, the steps in plan. */
size_t update_plan(bool running, bool restart, bool health,
    enum update_step plan[UPDATE_STEPS_MAX]);
/* "snapshot", "start", "update", "restart", "health", "stop". */
const char *update_step_name(enum update_step s);

/* The snapshot's name: pre-update- and the UTC time t,
 * pre-update-2026-11-29T10:15:00Z. */
void update_snap_name(int64_t t, char *buf, size_t len);
/* --timeout's value: 0 (none) to UPDATE_TIMEOUT_MAX seconds. */
#define UPDATE_TIMEOUT_MAX 2147483	/* spawn_enter counts milliseconds
					 * in an int */
int update_parse_timeout(const char *s, int *out, struct brig_err *e);
/* argv as a shell would read it back, for messages: words with
 * characters the shell treats specially in single quotes; "..." at the
 * end when it does not fit in len. */
const char *update_argv_show(char *const argv[], char *buf, size_t len);
