/* Errors: one idiom for the whole program (see STYLE.md, "Errors").
 *
 * Fallible functions return -1 on failure and fill the caller's
 * struct brig_err; callers add context with err_ctx() and return.
 * Only main() prints an error, once. */
#pragma once

#include <stdarg.h>

struct brig_err {
	int errnum;		/* errno captured at the failure site, or 0 */
	char msg[512];
};

/* Record a failure with errno (captured now) and return -1. */
int err_sys(struct brig_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Record a failure without errno and return -1. */
int err_fmt(struct brig_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prefix context ("jail dns: ") to a recorded failure and return -1. */
int err_ctx(struct brig_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The full message, with ": strerror" appended when errnum is set. */
const char *err_str(const struct brig_err *e, char *buf, unsigned long len);
