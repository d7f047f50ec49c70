/* Shared by the configuration readers' unit tests: their diagnostics as
 * "LINE:COL: [warning: ]message" lines, for exact comparison. */
#pragma once

#include <stdio.h>
#include <stdlib.h>

#include "conf/conf.h"

static inline char *
diags(const struct conf *c)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		abort();
	for (i = 0; i < c->ndiags; i++)
		fprintf(fp, "%u:%u: %s%s\n", c->diags[i].loc.line,
		    c->diags[i].loc.col, c->diags[i].sev == CONF_WARNING ?
		    "warning: " : "", c->diags[i].msg);
	fclose(fp);
	return buf;
}
