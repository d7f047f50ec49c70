/* Private to rc.c, rc_net.c and rc_route.c. */
#pragma once

#include <stdbool.h>

#include "rc.h"

#define RC_MAX_SPLIT	64	/* words of one variable */

/* A value split into words as sh splits an unquoted expansion (default
 * IFS: blank, tab, newline). */
struct rc_words {
	char *copy;			/* the words point into it */
	char *w[RC_MAX_SPLIT + 2];	/* NULL after the last */
	int n;
};

/* -1 when there are more than RC_MAX_SPLIT words (the first ones are
 * in ws).  Always free with rc_words_free(). */
int rc_split(const char *s, struct rc_words *ws);
void rc_words_free(struct rc_words *ws);
/* network.subr get_if_var's ltr: ".-/+" become '_'. */
void rc_ltr(const char *in, char *out, size_t len);

/* The plan being built: where it goes and where problems are told. */
struct rc_builder {
	struct conf *c;
	const struct rcconf *rc;
	struct rc_net_plan *p;
	size_t cap;
};

struct rc_net_op *rc_push(struct rc_builder *b, enum rc_net_kind kind,
    const struct rcconf_var *v, const char *ifname, bool from_var);
void rc_fail(struct rc_builder *b, const struct rcconf_var *v,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void rc_warn(struct rc_builder *b, const struct rcconf_var *v,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* rc.d/routing: static_routes, defaultrouter, then the same for IPv6
 * (rc_route.c). */
void rc_routes(struct rc_builder *b);

/* The first error of rj's diagnostics, in file order, as
 * "FILE:LINE:COL: message" in e; returns -1 (rc_apply.c). */
int rc_jail_first_error(const struct rc_jail *rj, struct brig_err *e);
