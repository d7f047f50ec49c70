/* libFuzzer target for rctl(8)'s filters (src/rctl/rules.c:
 * rctl_filter_parse), as brig rctl takes them on its command line, and
 * rctl_humanize.  After each input: a filter that parses matches a rule
 * exactly when each of its fields is empty or equal to the rule's; the
 * humanized form of the input's first 8 bytes is at most 5 characters. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "rctl/rules.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rules[] = {
		"jail:unbound:memoryuse:deny=512M",
		"jail:w:pcpu:sigterm=90/process",
		"jail:x:maxproc:log=64",
	};
	struct conf_loc loc = { "r", 1, 1 };
	struct rctl_filter f;
	struct rctl_rule r;
	struct brig_err e;
	char *text, hum[16];
	uint64_t n = 0;
	struct conf *c;
	size_t i;

	memcpy(&n, data, size < 8 ? size : 8);
	rctl_humanize(n, hum, sizeof(hum));
	CHECK(strlen(hum) >= 1 && strlen(hum) <= 5);
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (rctl_filter_parse(text, &f, &e) == 0) {
		CHECK(strlen(f.id) <= RCTL_FILTER_ID_MAX);
		CHECK(f.subject >= -1 && f.subject < RCTL_NSUBJECTS);
		CHECK(f.resource >= -1 && f.resource < RCTL_NRESOURCES);
		c = conf_new(0);
		for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
			CHECK(rctl_rule_parse(c, &loc, rules[i],
			    strlen(rules[i]), &r) == 0);
			if (rctl_filter_match(&f, &r)) {
				CHECK(f.subject < 0 ||
				    f.subject == (int)r.subject);
				CHECK(f.id[0] == '\0' ||
				    strcmp(f.id, r.id) == 0);
				CHECK(f.resource < 0 ||
				    f.resource == (int)r.resource);
				CHECK(!f.has_amount || f.amount == r.amount);
			}
		}
		conf_free(c);
	}
	free(text);
	return 0;
}
