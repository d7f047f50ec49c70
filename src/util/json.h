/* A JSON string, quoted and escaped. */
#pragma once

#include <stdio.h>

/* JSON strings are UTF-8: a value that is not (a \xHH escape in a
 * jail.conf made it) has its high bytes written as U+0080..U+00FF. */
void json_put_string(FILE *fp, const char *s);
