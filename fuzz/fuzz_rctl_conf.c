/* libFuzzer target for the rctl.conf reader.  After each input: the
 * return value agrees with the diagnostics, each of which points into
 * the input; every rule has valid enums, an amount the kernel would
 * take, and none that the kernel would refuse; no two rules are ones
 * the kernel would merge; and each rule, printed back in rctl(8)
 * syntax, parses to the same rule. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_int.h"
#include "conf/rctl_conf.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(const struct rctl_rule *r)
{
	struct conf *c = conf_new(0);
	struct conf_loc loc = { "again", 1, 1 };
	struct rctl_rule r2;
	char *s = NULL;
	int n;

	n = asprintf(&s, "%s:%s:%s:%s=%llu/%s", rctl_subject_name(r->subject),
	    r->id, rctl_resource_name(r->resource), r->action ==
	    RCTL_ACT_SIGNAL ? r->signame : rctl_action_name(r->action),
	    (unsigned long long)r->amount, rctl_subject_name(r->per));
	CHECK(n > 0);
	CHECK(rctl_rule_parse(c, &loc, s, (size_t)n, &r2) == 0);
	CHECK(r2.subject == r->subject && r2.resource == r->resource);
	CHECK(r2.action == r->action && r2.signame == r->signame);
	CHECK(r2.sig == r->sig && r2.amount == r->amount);
	CHECK(r2.per == r->per && strcmp(r2.id, r->id) == 0);
	CHECK(c->nerrors[CONF_STAGE_SYNTAX] == 0);
	free(s);
	conf_free(c);
}

static void
check_rule(const struct rctl_rule *r, size_t lines)
{
	const char *p;

	CHECK((unsigned)r->subject < RCTL_NSUBJECTS);
	CHECK((unsigned)r->per < RCTL_NSUBJECTS);
	CHECK((unsigned)r->resource < RCTL_NRESOURCES);
	CHECK((unsigned)r->action < RCTL_NACTIONS);
	CHECK((r->action == RCTL_ACT_SIGNAL) == (r->signame != NULL));
	CHECK(r->sig >= 0 && r->sig < 65);
	CHECK(r->action == RCTL_ACT_SIGNAL || r->sig == 0);
	CHECK(r->has_amount && r->amount <= (uint64_t)INT64_MAX);
	CHECK(r->has_per || r->per == r->subject);
	CHECK(r->loc.line >= 1 && r->loc.line <= lines && r->loc.col >= 1);
	CHECK(r->id[0] != '\0');
	for (p = r->id; *p; p++)
		CHECK(*p != ':' && *p != '#' && *p != ' ' &&
		    (unsigned char)*p >= 0x20 && *p != 0x7f);
	CHECK(rctl_linux(r->resource) != NULL);
	/* rctl_rule_add() refusals. */
	CHECK(r->action != RCTL_ACT_THROTTLE ||
	    r->resource == RCTL_RES_READBPS ||
	    r->resource == RCTL_RES_WRITEBPS ||
	    r->resource == RCTL_RES_READIOPS ||
	    r->resource == RCTL_RES_WRITEIOPS);
	CHECK(r->action != RCTL_ACT_DENY || (r->resource != RCTL_RES_CPUTIME &&
	    r->resource != RCTL_RES_WALLCLOCK &&
	    r->resource != RCTL_RES_READBPS));
	CHECK(r->per != RCTL_SUBJ_PROCESS || (r->resource != RCTL_RES_SWAPUSE &&
	    r->resource != RCTL_RES_SHMSIZE));
	CHECK((r->resource != RCTL_RES_CPUTIME &&
	    r->resource != RCTL_RES_WALLCLOCK &&
	    r->resource != RCTL_RES_PCPU) || r->amount <= INT64_MAX / 1000000);
	round_trip(r);
}

/* Quadratic, but the inputs libFuzzer makes are small. */
static void
check_unique(const struct rctl_set *set)
{
	const struct rctl_rule *a, *b;
	size_t i, j;

	for (i = 0; i < set->n && set->n < 2000; i++)
		for (j = i + 1; j < set->n; j++) {
			a = &set->rules[i];
			b = &set->rules[j];
			CHECK(a->loc.line < b->loc.line);
			CHECK(!(a->subject == b->subject &&
			    a->resource == b->resource && a->per == b->per &&
			    a->action == b->action &&
			    a->signame == b->signame &&
			    strcmp(a->id, b->id) == 0 &&
			    (a->action == RCTL_ACT_DENY ||
			    a->amount == b->amount)));
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf *c = conf_new(0);
	struct rctl_set set;
	size_t i, lines = 1;
	int rc;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	rc = rctl_parse(c, "fuzz", (const char *)data, size, &set);
	CHECK(rc == (c->nerrors[CONF_STAGE_SYNTAX] ? -1 : 0));
	CHECK(c->nerrors[CONF_STAGE_RESOLVE] == 0);
	CHECK(set.n <= lines);
	for (i = 0; i < set.n; i++)
		check_rule(&set.rules[i], lines);
	check_unique(&set);
	rctl_check_linux(c, &set);
	/* Every message points into the input. */
	for (i = 0; i < c->ndiags; i++) {
		CHECK(c->diags[i].msg != NULL && c->diags[i].msg[0] != '\0');
		CHECK(c->diags[i].loc.line >= 1 &&
		    c->diags[i].loc.line <= lines);
		CHECK(c->diags[i].loc.col >= 1 &&
		    c->diags[i].loc.col <= size + 1);
	}
	conf_free(c);
	return 0;
}
