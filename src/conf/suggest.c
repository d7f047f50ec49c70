/* "Did you mean": shared by the parameter table and the rctl.conf
 * reader, so that every unknown name is answered the same way. */
#include <string.h>

#include "suggest.h"

#define MAX_WORD 64	/* longer words get no suggestion */

/* Damerau-Levenshtein (optimal string alignment) distance, or
 * (size_t)-1 when either word is too long to bother. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[MAX_WORD][MAX_WORD];

	if (la >= MAX_WORD || lb >= MAX_WORD)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t m = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < m)
				m = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < m)
				m = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m)
				m = d[i - 2][j - 2] + 1;
			d[i][j] = m;
		}
	return d[la][lb];
}

const char *
conf_suggest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, i, limit;

	limit = strlen(word) / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	for (i = 0; i < n; i++) {
		size_t dist = distance(word, names[i]);

		if (dist < bestd) {
			bestd = dist;
			best = names[i];
		}
	}
	return bestd <= limit ? best : NULL;
}
