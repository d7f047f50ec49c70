/* "Did you mean": the closest of a list of known names. */
#pragma once

#include <stddef.h>

/* The name among names[0..n) closest to word (Damerau-Levenshtein,
 * optimal string alignment), or NULL when none is close enough: at most
 * strlen(word) / 3 edits, but at least 1 and at most 3.  On a tie the
 * earliest name wins. */
const char *conf_suggest(const char *word, const char *const *names,
    size_t n);
