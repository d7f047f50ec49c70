/* Reading a small configuration file whole, within a bound. */
#pragma once

#include <stddef.h>

struct conf;

/* Read the regular file open on fd (which stays open) into a new
 * NUL-terminated buffer of at most max bytes; *lenp gets its length.
 * path names it in messages.  On failure, reports a diagnostic without
 * location on c and returns NULL.  Caller frees. */
char *conf_read_fd(struct conf *c, int fd, const char *path, size_t max,
    size_t *lenp);
