/* UTF-8 validation, for configuration strings and JSON output. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

bool utf8_valid(const char *s, size_t len);
