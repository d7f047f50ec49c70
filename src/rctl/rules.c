/* A running jail's rules and rctl(8)'s filters (rules.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "../conf/conf.h"
#include "../util/buf.h"

static const struct {
	const char *abbrev, *subject;
} abbrevs[] = {
	{ "j", "jail" }, { "u", "user" }, { "p", "process" },
	{ "l", "loginclass" }, { "c", "loginclass" }, { "class", "loginclass" },
};

const char *
rctl_subject_expand(const char *s, size_t len, size_t *outlen)
{
	size_t i;

	for (i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++)
		if (strlen(abbrevs[i].abbrev) == len &&
		    strncasecmp(s, abbrevs[i].abbrev, len) == 0) {
			*outlen = strlen(abbrevs[i].subject);
			return abbrevs[i].subject;
		}
	*outlen = len;
	return s;
}

/* --- filters --------------------------------------------------------- */

static int
lookup(const char *s, size_t len, int n, const char *(*name)(int))
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(name(i)) == len && strncmp(name(i), s, len) == 0)
			return i;
	return -1;
}

static const char *subj_name(int i) { return rctl_subject_name(i); }
static const char *res_name(int i) { return rctl_resource_name(i); }

/* One field: s[0..len) at column col (1-based, for messages). */
struct field {
	const char *s;
	size_t len;
	size_t col;
};

static int
bad(struct brig_err *e, const char *text, const struct field *f,
    const char *what)
{
	errno = 0;
	return err_fmt(e, "filter \"%.300s\", column %zu: %s \"%.*s\"", text,
	    f->col, what, (int)(f->len > 64 ? 64 : f->len), f->s);
}

/* action[=amount][/per], or =amount..., or empty */
static int
parse_tail(const char *text, struct field *f, struct rctl_filter *out,
    struct brig_err *e)
{
	const char *s = f->s, *end = f->s + f->len, *p;
	struct field a = { s, 0, f->col };
	struct conf *c;
	struct conf_loc loc = { "filter", 1, 1 };
	struct rctl_rule r;
	char rule[128];
	int i;

	for (p = s; p < end && *p != '=' && *p != '/'; p++)
		;
	a.len = (size_t)(p - s);
	if (a.len > 0) {
		for (i = 0; i < RCTL_NACTIONS; i++)
			if (i != RCTL_ACT_SIGNAL &&
			    strlen(rctl_action_name(i)) == a.len &&
			    strncmp(rctl_action_name(i), s, a.len) == 0)
				break;
		if (i < RCTL_NACTIONS) {
			out->action = i;
		} else if (a.len > 3 && a.len < sizeof(out->signame) &&
		    strncmp(s, "sig", 3) == 0) {
			out->action = RCTL_ACT_SIGNAL;
			memcpy(out->signame, s, a.len);
			out->signame[a.len] = '\0';
		} else {
			return bad(e, text, &a, "unknown action");
		}
	}
	if (p < end && *p == '=') {
		struct field am = { p + 1, 0, f->col + (size_t)(p + 1 - s) };
		char num[64];
		uint64_t v;

		for (p = am.s; p < end && *p != '/'; p++)
			;
		am.len = (size_t)(p - am.s);
		if (am.len > 0) {
			/* The amount as rctl.conf reads it (suffixes,
			 * overflow): a rule made of it. */
			if (am.len >= sizeof(num))
				return bad(e, text, &am, "invalid amount");
			memcpy(num, am.s, am.len);
			num[am.len] = '\0';
			snprintf(rule, sizeof(rule), "jail:x:maxproc:log=%s",
			    num);
			c = conf_new(0);
			i = rctl_rule_parse(c, &loc, rule, strlen(rule), &r);
			v = r.amount;
			conf_free(c);
			if (i == -1)
				return bad(e, text, &am, "invalid amount");
			out->has_amount = true;
			out->amount = v;
		}
	}
	if (p < end && *p == '/') {
		struct field per = { p + 1, (size_t)(end - p - 1),
		    f->col + (size_t)(p + 1 - s) };
		size_t n;
		const char *x = rctl_subject_expand(per.s, per.len, &n);

		if (per.len > 0 &&
		    (out->per = lookup(x, n, RCTL_NSUBJECTS, subj_name)) < 0)
			return bad(e, text, &per, "unknown per");
	}
	return 0;
}

int
rctl_filter_parse(const char *text, struct rctl_filter *out,
    struct brig_err *e)
{
	struct field f[4];
	const char *p = text, *x;
	size_t nf = 0, n;

	memset(out, 0, sizeof(*out));
	out->subject = out->resource = out->action = out->per = -1;
	/* subject:id:resource:rest (rest may hold no ':') */
	while (nf < 4) {
		const char *colon = nf < 3 ? strchr(p, ':') : NULL;

		f[nf].s = p;
		f[nf].col = (size_t)(p - text) + 1;
		f[nf].len = colon ? (size_t)(colon - p) : strlen(p);
		nf++;
		if (colon == NULL)
			break;
		p = colon + 1;
	}
	if (nf < 2) {
		errno = 0;
		return err_fmt(e, "filter \"%.300s\": no subject id "
		    "(subject:id[:resource[:action[=amount][/per]]], \"::\" "
		    "for every rule)", text);
	}
	if (f[0].len > 0) {
		x = rctl_subject_expand(f[0].s, f[0].len, &n);
		if ((out->subject = lookup(x, n, RCTL_NSUBJECTS,
		    subj_name)) < 0)
			return bad(e, text, &f[0], "unknown subject");
	}
	if (f[1].len > RCTL_FILTER_ID_MAX)
		return bad(e, text, &f[1], "subject id too long");
	memcpy(out->id, f[1].s, f[1].len);
	out->id[f[1].len] = '\0';
	if (nf > 2 && f[2].len > 0 && (out->resource = lookup(f[2].s,
	    f[2].len, RCTL_NRESOURCES, res_name)) < 0)
		return bad(e, text, &f[2], "unknown resource");
	if (nf > 3 && parse_tail(text, &f[3], out, e) == -1)
		return -1;
	return 0;
}

bool
rctl_filter_match(const struct rctl_filter *f, const struct rctl_rule *r)
{
	if (f->subject >= 0 && (int)r->subject != f->subject)
		return false;
	if (f->id[0] != '\0' && strcmp(f->id, r->id ? r->id : "") != 0)
		return false;
	if (f->resource >= 0 && (int)r->resource != f->resource)
		return false;
	if (f->action >= 0 && (int)r->action != f->action)
		return false;
	if (f->action == RCTL_ACT_SIGNAL &&
	    strcmp(f->signame, r->signame ? r->signame : "") != 0)
		return false;
	if (f->has_amount && r->amount != f->amount)
		return false;
	if (f->per >= 0 && (int)r->per != f->per)
		return false;
	return true;
}

/* --- printing -------------------------------------------------------- */

void
rctl_humanize(uint64_t n, char *out, size_t len)
{
	/* humanize_number(buf, 6, n, "", HN_AUTOSCALE, HN_DECIMAL |
	 * HN_NOSPACE): four digits before a unit at most; divided by 1024
	 * until it fits (9999 with .5 left rounds up, so once more); a
	 * single digit shown with one decimal, rounded. */
	static const char units[] = " KMGTPE";
	uint64_t q = n, rem = 0, t;
	int u = 0;

	while ((q >= 10000 || (q == 9999 && rem >= 512)) && u < 6) {
		rem = q % 1024;
		q /= 1024;
		u++;
	}
	if (u > 0 && ((q == 9 && rem < 973) || q < 9)) {
		t = (rem * 10 + 512) / 1024;	/* tenths, 0 to 10 */
		snprintf(out, len, "%" PRIu64 ".%" PRIu64 "%c", q + t / 10,
		    t % 10, units[u]);
	} else if (u > 0) {
		snprintf(out, len, "%" PRIu64 "%c", q + (rem + 512) / 1024,
		    units[u]);
	} else {
		snprintf(out, len, "%" PRIu64, q);
	}
}

void
rctl_rule_format(const struct rctl_rule *r, bool human, struct buf *b)
{
	char num[32];

	if (human)
		rctl_humanize(r->amount, num, sizeof(num));
	else
		snprintf(num, sizeof(num), "%" PRIu64, r->amount);
	buf_printf(b, "%s:%s:%s:%s=%s", rctl_subject_name(r->subject),
	    r->id ? r->id : "", rctl_resource_name(r->resource),
	    r->action == RCTL_ACT_SIGNAL ? r->signame :
	    rctl_action_name(r->action), num);
	if (r->per != r->subject)
		buf_printf(b, "/%s", rctl_subject_name(r->per));
}

/* --- the file -------------------------------------------------------- */

static int
rules_path(const char *rundir, const char *name, char *buf, size_t len,
    struct brig_err *e)
{
	errno = 0;
	if (name[0] == '\0' || name[0] == '.' || strchr(name, '/'))
		return err_fmt(e, "invalid jail name \"%.80s\"", name);
	if ((size_t)snprintf(buf, len, "%s/jails/%s/rctl", rundir, name) >=
	    len)
		return err_fmt(e, "%s: run directory path too long", rundir);
	return 0;
}

int
rctl_rules_save(const char *rundir, const char *name,
    const struct rctl_rule *rules, size_t n, struct brig_err *e)
{
	char path[4096], tmp[4200];
	struct buf b = BUF_INIT;
	size_t i;
	int fd;

	if (rules_path(rundir, name, path, sizeof(path), e) == -1)
		return -1;
	if (n == 0) {
		if (unlink(path) == -1 && errno != ENOENT)
			return err_sys(e, "remove %s", path);
		return 0;
	}
	for (i = 0; i < n; i++) {
		rctl_rule_format(&rules[i], false, &b);
		buf_addc(&b, '\n');
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		buf_free(&b);
		return err_sys(e, "%s", tmp);
	}
	if (write(fd, b.s, b.len) != (ssize_t)b.len || fsync(fd) == -1 ||
	    close(fd) == -1 || rename(tmp, path) == -1) {
		err_sys(e, "%s", path);
		unlink(tmp);
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	return 0;
}

int
rctl_rules_load(struct conf *c, const char *rundir, const char *name,
    struct rctl_set *out, struct brig_err *e)
{
	char path[4096];

	out->rules = NULL;
	out->n = 0;
	if (rules_path(rundir, name, path, sizeof(path), e) == -1)
		return -1;
	if (access(path, F_OK) == -1)
		return errno == ENOENT ? 0 : err_sys(e, "%s", path);
	if (rctl_load(c, path, out) == -1 || conf_failed(c))
		return err_fmt(e, "%s: not a rule file brig wrote", path);
	return 0;
}
