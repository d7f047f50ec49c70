/* rctl.conf(5), as FreeBSD reads it: rc.d/rctl takes the first word of
 * each line whose first word does not start with '#' and hands it to
 * `rctl -a` through xargs(1); rctl(8) maps subject abbreviations and
 * expands the amount with expand_number(3); the kernel splits the rule
 * with strsep() (kern_rctl.c rctl_string_to_rule()), matches each name
 * with strcasecmp() and refuses combinations in rctl_rule_add().  Each
 * of those refusals is an error here, at file:line:col, so that a rule
 * which loads on FreeBSD loads in brig and one which fails says why.
 *
 * Stricter than FreeBSD, each on purpose: text after the rule (which
 * rc.d/rctl silently drops), octal and hexadecimal amounts (010 is 8 to
 * expand_number), garbage after the suffix (old expand_number ignored
 * it), and CRLF line ends (the CR would end up inside the rule). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf_int.h"
#include "rctl_conf.h"
#include "smallfile.h"
#include "suggest.h"
#include "../util/buf.h"

#define MAX_FILE	(1u << 20)	/* rctl.conf is a short list */
#define MAX_RULE	4095	/* kern_rctl.c RCTL_MAX_INBUFSIZE - 1 */
#define MAX_JAILNAME	255	/* MAXHOSTNAMELEN - 1, prison_racct_find() */
#define MAX_LOGINCLASS	32	/* MAXLOGNAME - 1: loginclass_find() */
#define AMOUNT_MAX	INT64_MAX	/* kern_rctl.c str2int64() */
#define SYNTAX_HELP \
	"a rule is subject:subject-id:resource:action=amount[/per]"

#define err(c, loc, ...) \
	conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, loc, __VA_ARGS__)
#define warn(c, loc, ...) \
	conf_diag(c, CONF_WARNING, CONF_STAGE_CHECK, loc, __VA_ARGS__)

static const char *const subjects[RCTL_NSUBJECTS] = {
	[RCTL_SUBJ_PROCESS] = "process",
	[RCTL_SUBJ_USER] = "user",
	[RCTL_SUBJ_LOGINCLASS] = "loginclass",
	[RCTL_SUBJ_JAIL] = "jail",
};

/* rctl.c expand_rule(): abbreviations accepted in the subject position
 * only (the kernel matches "per" against the full names). */
static const struct {
	const char *name;
	enum rctl_subject s;
} subject_abbrevs[] = {
	{ "p", RCTL_SUBJ_PROCESS },
	{ "u", RCTL_SUBJ_USER },
	{ "l", RCTL_SUBJ_LOGINCLASS },
	{ "c", RCTL_SUBJ_LOGINCLASS },
	{ "class", RCTL_SUBJ_LOGINCLASS },
	{ "j", RCTL_SUBJ_JAIL },
};

/* kern_racct.c racct_types[] flags that rctl_rule_add() looks at. */
#define RF_DENIABLE	0x1u	/* RACCT_DENIABLE */
#define RF_DECAYING	0x2u	/* RACCT_DECAYING: throttle applies */
#define RF_SLOPPY	0x4u	/* RACCT_SLOPPY: never per process */
#define RF_MILLIONS	0x8u	/* RACCT_IN_MILLIONS: amount * 10^6 */

static const struct resource_def {
	const char *name;
	unsigned flags;
	const char *instead;	/* for a deny the kernel refuses */
} resources[RCTL_NRESOURCES] = {
	[RCTL_RES_CPUTIME] = { "cputime", RF_MILLIONS,
	    "a signal such as sigxcpu, or log" },
	[RCTL_RES_DATASIZE] = { "datasize", RF_DENIABLE, NULL },
	[RCTL_RES_STACKSIZE] = { "stacksize", RF_DENIABLE, NULL },
	[RCTL_RES_COREDUMPSIZE] = { "coredumpsize", RF_DENIABLE, NULL },
	/* Not RACCT_DENIABLE, but rctl_rule_add() lets deny through for
	 * memoryuse and pcpu: they are enforced another way. */
	[RCTL_RES_MEMORYUSE] = { "memoryuse", RF_DENIABLE, NULL },
	[RCTL_RES_MEMORYLOCKED] = { "memorylocked", RF_DENIABLE, NULL },
	[RCTL_RES_MAXPROC] = { "maxproc", RF_DENIABLE, NULL },
	[RCTL_RES_OPENFILES] = { "openfiles", RF_DENIABLE, NULL },
	[RCTL_RES_VMEMORYUSE] = { "vmemoryuse", RF_DENIABLE, NULL },
	[RCTL_RES_PSEUDOTERMINALS] = { "pseudoterminals",
	    RF_DENIABLE | RF_SLOPPY, NULL },
	[RCTL_RES_SWAPUSE] = { "swapuse", RF_DENIABLE | RF_SLOPPY, NULL },
	[RCTL_RES_NTHR] = { "nthr", RF_DENIABLE, NULL },
	[RCTL_RES_MSGQQUEUED] = { "msgqqueued", RF_DENIABLE | RF_SLOPPY,
	    NULL },
	[RCTL_RES_MSGQSIZE] = { "msgqsize", RF_DENIABLE | RF_SLOPPY, NULL },
	[RCTL_RES_NMSGQ] = { "nmsgq", RF_DENIABLE | RF_SLOPPY, NULL },
	[RCTL_RES_NSEM] = { "nsem", RF_DENIABLE | RF_SLOPPY, NULL },
	[RCTL_RES_NSEMOP] = { "nsemop", RF_DENIABLE, NULL },
	[RCTL_RES_NSHM] = { "nshm", RF_DENIABLE | RF_SLOPPY, NULL },
	[RCTL_RES_SHMSIZE] = { "shmsize", RF_DENIABLE | RF_SLOPPY, NULL },
	[RCTL_RES_WALLCLOCK] = { "wallclock", RF_MILLIONS,
	    "a signal such as sigterm, or log" },
	[RCTL_RES_PCPU] = { "pcpu", RF_DECAYING | RF_DENIABLE | RF_MILLIONS,
	    NULL },
	[RCTL_RES_READBPS] = { "readbps", RF_DECAYING, "throttle" },
	[RCTL_RES_WRITEBPS] = { "writebps", RF_DECAYING, "throttle" },
	[RCTL_RES_READIOPS] = { "readiops", RF_DECAYING, "throttle" },
	[RCTL_RES_WRITEIOPS] = { "writeiops", RF_DECAYING, "throttle" },
};

static const char *const actions[RCTL_NACTIONS] = {
	[RCTL_ACT_DENY] = "deny",
	[RCTL_ACT_LOG] = "log",
	[RCTL_ACT_DEVCTL] = "devctl",
	[RCTL_ACT_THROTTLE] = "throttle",
	[RCTL_ACT_SIGNAL] = "sig",
};

/* kern_rctl.c actionnames[]: the signal actions, with the Linux number
 * brig sends (0: Linux has no such signal). */
static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "sighup", SIGHUP }, { "sigint", SIGINT }, { "sigquit", SIGQUIT },
	{ "sigill", SIGILL }, { "sigtrap", SIGTRAP }, { "sigabrt", SIGABRT },
	{ "sigemt", 0 }, { "sigfpe", SIGFPE }, { "sigkill", SIGKILL },
	{ "sigbus", SIGBUS }, { "sigsegv", SIGSEGV }, { "sigsys", SIGSYS },
	{ "sigpipe", SIGPIPE }, { "sigalrm", SIGALRM },
	{ "sigterm", SIGTERM }, { "sigurg", SIGURG }, { "sigstop", SIGSTOP },
	{ "sigtstp", SIGTSTP }, { "sigchld", SIGCHLD },
	{ "sigttin", SIGTTIN }, { "sigttou", SIGTTOU }, { "sigio", SIGIO },
	{ "sigxcpu", SIGXCPU }, { "sigxfsz", SIGXFSZ },
	{ "sigvtalrm", SIGVTALRM }, { "sigprof", SIGPROF },
	{ "sigwinch", SIGWINCH }, { "siginfo", 0 }, { "sigusr1", SIGUSR1 },
	{ "sigusr2", SIGUSR2 }, { "sigthr", 0 },
};
#define NSIGNALS (sizeof(signals) / sizeof(signals[0]))

const char *
rctl_subject_name(enum rctl_subject s)
{
	return (unsigned)s < RCTL_NSUBJECTS ? subjects[s] : "?";
}

const char *
rctl_resource_name(enum rctl_resource r)
{
	return (unsigned)r < RCTL_NRESOURCES ? resources[r].name : "?";
}

const char *
rctl_action_name(enum rctl_action a)
{
	return (unsigned)a < RCTL_NACTIONS ? actions[a] : "?";
}

/* A piece of the rule: text, length, column. */
struct field {
	const char *s;
	size_t len;
	unsigned col;
};

/* The field lowered into buf for matching (the kernel's strcasecmp),
 * or "" when too long to be any name. */
static const char *
lower(const struct field *f, char *buf, size_t size)
{
	size_t i;

	if (f->len >= size) {
		buf[0] = '\0';
		return buf;
	}
	for (i = 0; i < f->len; i++) {
		char ch = f->s[i];

		buf[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	buf[f->len] = '\0';
	return buf;
}

/* The field for a message, control bytes escaped, cut at 40 bytes. */
static const char *
show(const struct field *f, char *buf, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < f->len && o + 8 < size; i++) {
		unsigned char ch = (unsigned char)f->s[i];

		if (i == 40) {
			o += (size_t)snprintf(buf + o, size - o, "...");
			break;
		}
		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o] = '\0';
	return buf;
}

static int
lookup(const char *word, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(word, names[i]) == 0)
			return (int)i;
	return -1;
}

/* conf_suggest(), or else the first name that has the word's letters
 * in order: abbreviations such as "vmem" (rctl(8)'s own old example)
 * or "memuse" are too far from the full name for an edit distance. */
static const char *
suggest(const char *word, const char *const *names, size_t n)
{
	const char *hint = conf_suggest(word, names, n), *w, *s;
	size_t i;

	if (hint || strlen(word) < 3)
		return hint;
	for (i = 0; i < n; i++) {
		for (w = word, s = names[i]; *w && *s; s++)
			if (*w == *s)
				w++;
		if (*w == '\0')
			return names[i];
	}
	return NULL;
}

static struct conf_loc
at(const struct conf_loc *rule, const struct field *f)
{
	struct conf_loc l = *rule;

	l.col = f->col;
	return l;
}

/* "unknown WHAT "word"; did you mean "x"?" or the list of choices. */
static void
unknown(struct conf *c, const struct conf_loc *loc, const char *what,
    const struct field *f, const char *hint, const char *choices)
{
	char buf[192];

	if (hint)
		err(c, loc, "unknown %s \"%s\"; did you mean \"%s\"?", what,
		    show(f, buf, sizeof(buf)), hint);
	else
		err(c, loc, "unknown %s \"%s\" (expected %s)", what,
		    show(f, buf, sizeof(buf)), choices);
}

static int
parse_subject(struct conf *c, const struct conf_loc *rl,
    const struct field *f, enum rctl_subject *out)
{
	struct conf_loc loc = at(rl, f);
	char buf[16];
	const char *w = lower(f, buf, sizeof(buf));
	size_t i;
	int k;

	if (f->len == 0) {
		err(c, &loc, "missing subject (expected process, user, "
		    "loginclass or jail)");
		return -1;
	}
	if ((k = lookup(w, subjects, RCTL_NSUBJECTS)) >= 0) {
		*out = (enum rctl_subject)k;
		return 0;
	}
	for (i = 0; i < sizeof(subject_abbrevs) / sizeof(subject_abbrevs[0]);
	    i++)
		if (strcmp(w, subject_abbrevs[i].name) == 0) {
			*out = subject_abbrevs[i].s;
			return 0;
		}
	unknown(c, &loc, "subject", f, suggest(w, subjects,
	    RCTL_NSUBJECTS), "process, user, loginclass or jail");
	return -1;
}

static bool
all_digits(const struct field *f)
{
	size_t i;

	for (i = 0; i < f->len; i++)
		if (f->s[i] < '0' || f->s[i] > '9')
			return false;
	return f->len > 0;
}

/* A decimal number up to max, leading zeros allowed (strtoul). */
static bool
small_number(const struct field *f, unsigned long long max)
{
	unsigned long long v = 0;
	size_t i;

	if (!all_digits(f))
		return false;
	for (i = 0; i < f->len; i++) {
		v = v * 10 + (unsigned)(f->s[i] - '0');
		if (v > max)
			return false;
	}
	return true;
}

/* The subject id, as rctl_string_to_rule() and rctl(8) parse_user()
 * read it. */
static int
check_id(struct conf *c, const struct conf_loc *rl, const struct field *f,
    enum rctl_subject s)
{
	static const char *const what[RCTL_NSUBJECTS] = {
		"a process id", "a user name or uid", "a login class name",
		"a jail name",
	};
	struct conf_loc loc = at(rl, f);
	char buf[192];

	if (f->len == 0) {
		err(c, &loc, "missing subject id: expected %s after \"%s:\"",
		    what[s], subjects[s]);
		return -1;
	}
	switch (s) {
	case RCTL_SUBJ_PROCESS:
		if (small_number(f, 0x7fffffff) && !small_number(f, 0))
			return 0;
		err(c, &loc, "process id \"%s\" is not a positive number",
		    show(f, buf, sizeof(buf)));
		return -1;
	case RCTL_SUBJ_USER:
		/* rctl(8) takes a name, or a number if it starts with a
		 * digit. */
		if (f->s[0] < '0' || f->s[0] > '9' ||
		    small_number(f, 0xfffffffeu))
			return 0;
		if (all_digits(f))
			err(c, &loc, "uid %s is out of range (at most "
			    "4294967294)", show(f, buf, sizeof(buf)));
		else
			err(c, &loc, "user \"%s\" starts with a digit, so "
			    "rctl(8) reads a uid, but it is not a number",
			    show(f, buf, sizeof(buf)));
		return -1;
	case RCTL_SUBJ_LOGINCLASS:
		if (f->len <= MAX_LOGINCLASS)
			return 0;
		err(c, &loc, "login class name is %zu bytes long; the limit is "
		    "%d", f->len, MAX_LOGINCLASS);
		return -1;
	case RCTL_SUBJ_JAIL:
		if (f->len <= MAX_JAILNAME)
			return 0;
		err(c, &loc, "jail name is %zu bytes long; the limit is %d",
		    f->len, MAX_JAILNAME);
		return -1;
	}
	return -1;
}

static int
parse_resource(struct conf *c, const struct conf_loc *rl,
    const struct field *f, enum rctl_resource *out)
{
	const char *names[RCTL_NRESOURCES];
	struct conf_loc loc = at(rl, f);
	char buf[192];
	const char *w = lower(f, buf, sizeof(buf));
	int i;

	for (i = 0; i < RCTL_NRESOURCES; i++)
		names[i] = resources[i].name;
	if (f->len == 0) {
		err(c, &loc, "missing resource (see RESOURCES in rctl(8))");
		return -1;
	}
	if ((i = lookup(w, names, RCTL_NRESOURCES)) >= 0) {
		*out = (enum rctl_resource)i;
		return 0;
	}
	unknown(c, &loc, "resource", f, suggest(w, names,
	    RCTL_NRESOURCES), "one of rctl(8)'s: cputime, datasize, "
	    "stacksize, coredumpsize, memoryuse, memorylocked, maxproc, "
	    "openfiles, vmemoryuse, pseudoterminals, swapuse, nthr, "
	    "msgqqueued, msgqsize, nmsgq, nsem, nsemop, nshm, shmsize, "
	    "wallclock, pcpu, readbps, writebps, readiops, writeiops");
	return -1;
}

static int
parse_action(struct conf *c, const struct conf_loc *rl,
    const struct field *f, struct rctl_rule *r)
{
	const char *names[RCTL_NACTIONS - 1 + NSIGNALS];
	struct conf_loc loc = at(rl, f);
	char buf[64], sig[80];
	const char *w = lower(f, buf, sizeof(buf)), *hint;
	size_t i, n = 0;
	int k;

	if (f->len == 0) {
		err(c, &loc, "missing action (expected deny, log, devctl, "
		    "throttle or a signal such as sigterm)");
		return -1;
	}
	for (i = 0; i < RCTL_ACT_SIGNAL; i++)
		names[n++] = actions[i];
	for (i = 0; i < NSIGNALS; i++)
		names[n++] = signals[i].name;
	if ((k = lookup(w, names, n)) >= 0) {
		r->action = k < RCTL_ACT_SIGNAL ? (enum rctl_action)k :
		    RCTL_ACT_SIGNAL;
		if (k >= RCTL_ACT_SIGNAL) {
			r->signame = signals[k - RCTL_ACT_SIGNAL].name;
			r->sig = signals[k - RCTL_ACT_SIGNAL].sig;
		}
		return 0;
	}
	/* The kernel knows signals only as sig<name>: "term" is not one. */
	snprintf(sig, sizeof(sig), "sig%s", w);
	if (w[0] != '\0' && lookup(sig, names, n) >= 0)
		hint = names[lookup(sig, names, n)];
	else
		hint = suggest(w, names, n);
	unknown(c, &loc, "action", f, hint, "deny, log, devctl, throttle or "
	    "a signal such as sigterm or sigkill");
	return -1;
}

/* expand_number(3): decimal digits, then nothing, 'b', or one of
 * k m g t p e (powers of 1024, any case), which may be followed by 'b'
 * ("10KB").  NULL, or what is wrong. */
static const char *
expand_amount(const struct field *f, uint64_t *out)
{
	static const char units[] = "bkmgtpe";
	uint64_t v = 0;
	size_t i = 0, rest;
	const char *u;
	unsigned shift;

	if (f->len > 0 && f->s[0] == '-')
		return "cannot be negative";
	if (f->len == 0 || f->s[0] < '0' || f->s[0] > '9')
		return "is not a number (expected digits and an optional K, M, "
		    "G, T, P or E suffix)";
	if (f->len > 1 && f->s[0] == '0' && (f->s[1] == 'x' || f->s[1] == 'X'))
		return "is hexadecimal: write it in decimal";
	if (f->len > 1 && f->s[0] == '0' && f->s[1] >= '0' && f->s[1] <= '9')
		return "has a leading zero, which FreeBSD's expand_number(3) "
		    "reads as octal: write it without the zero";
	for (; i < f->len && f->s[i] >= '0' && f->s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return "does not fit in 64 bits";
		v = v * 10 + (unsigned)(f->s[i] - '0');
	}
	*out = v;
	if (i == f->len)
		return NULL;
	/* One unit letter; after k to e, a 'b' may follow ("10KB"). */
	u = memchr(units, f->s[i] | 0x20, sizeof(units) - 1);
	rest = f->len - i - 1;
	if (u == NULL || rest > 1 || (rest == 1 && (u == units ||
	    (f->s[i + 1] | 0x20) != 'b')))
		return "has an unknown suffix (expected K, M, G, T, P or E, "
		    "powers of 1024)";
	shift = 10 * (unsigned)(u - units);
	if (shift && v > (UINT64_MAX >> shift))
		return "does not fit in 64 bits";
	*out = v << shift;
	return NULL;
}

static int
parse_amount(struct conf *c, const struct conf_loc *rl,
    const struct field *f, struct rctl_rule *r)
{
	struct conf_loc loc = at(rl, f);
	const char *why;
	char buf[192];

	if (f->len == 0) {
		err(c, &loc, "missing amount after '='");
		return -1;
	}
	if ((why = expand_amount(f, &r->amount)) != NULL) {
		err(c, &loc, "amount \"%s\" %s", show(f, buf, sizeof(buf)),
		    why);
		return -1;
	}
	if (r->amount > (uint64_t)AMOUNT_MAX) {
		err(c, &loc, "amount \"%s\" is too large: the kernel takes at "
		    "most %lld", show(f, buf, sizeof(buf)),
		    (long long)AMOUNT_MAX);
		return -1;
	}
	r->has_amount = true;
	return 0;
}

static int
parse_per(struct conf *c, const struct conf_loc *rl, const struct field *f,
    struct rctl_rule *r)
{
	struct conf_loc loc = at(rl, f);
	char buf[16];
	const char *w = lower(f, buf, sizeof(buf));
	int k;

	/* An empty per ("=1G/") is no per, for the kernel too. */
	if (f->len == 0)
		return 0;
	if ((k = lookup(w, subjects, RCTL_NSUBJECTS)) < 0) {
		unknown(c, &loc, "per", f, suggest(w, subjects,
		    RCTL_NSUBJECTS), "process, user, loginclass or jail");
		return -1;
	}
	r->per = (enum rctl_subject)k;
	r->has_per = true;
	return 0;
}

/* rctl_rule_add(): the combinations the kernel refuses, and the range
 * of amounts it keeps in millionths. */
static int
check_combination(struct conf *c, const struct conf_loc *rl,
    const struct field *f, const struct rctl_rule *r)
{
	const struct resource_def *d = &resources[r->resource];
	const struct field *act = &f[3], *amt = &f[4], *per = &f[5];
	struct conf_loc loc = at(rl, act);

	if (r->action == RCTL_ACT_DENY && !(d->flags & RF_DENIABLE)) {
		err(c, &loc, "deny is not supported for %s: the kernel cannot "
		    "refuse it (use %s)", d->name, d->instead);
		return -1;
	}
	/* FreeBSD refuses pcpu:throttle (rctl_rule_add()); brig takes it:
	 * Linux's CFS quota throttles, which is what deny does there too. */
	if (r->action == RCTL_ACT_THROTTLE && !(d->flags & RF_DECAYING)) {
		err(c, &loc, "throttle is supported only for pcpu, readbps, "
		    "writebps, readiops and writeiops, not %s", d->name);
		return -1;
	}
	loc = at(rl, per->len ? per : &f[2]);
	if (r->per == RCTL_SUBJ_PROCESS && (d->flags & RF_SLOPPY)) {
		err(c, &loc, "%s cannot be accounted per process: the kernel "
		    "counts it only for users, login classes and jails%s",
		    d->name, r->has_per ? "" : " (add /user, /loginclass or "
		    "/jail)");
		return -1;
	}
	loc = at(rl, amt);
	if ((d->flags & RF_MILLIONS) && r->amount > AMOUNT_MAX / 1000000) {
		err(c, &loc, "amount %llu is too large for %s: the kernel "
		    "counts it in millionths, so at most %lld",
		    (unsigned long long)r->amount, d->name,
		    (long long)(AMOUNT_MAX / 1000000));
		return -1;
	}
	if (r->resource == RCTL_RES_PCPU && amt->len &&
	    (amt->s[amt->len - 1] < '0' || amt->s[amt->len - 1] > '9'))
		warn(c, &loc, "pcpu is a percentage of one CPU: the suffix "
		    "multiplies it by a power of 1024");
	return 0;
}

/* Split at the first of the stop characters, as strsep() does. */
static bool
split(struct field *f, struct field *rest, const char *stops, char *found)
{
	size_t i;

	for (i = 0; i < rest->len; i++)
		if (rest->s[i] != '\0' && strchr(stops, rest->s[i]) != NULL)
			break;
	f->s = rest->s;
	f->len = i;
	f->col = rest->col;
	if (i == rest->len) {
		*found = '\0';
		return false;
	}
	*found = rest->s[i];
	rest->s += i + 1;
	rest->len -= i + 1;
	rest->col += (unsigned)i + 1;
	return true;
}

int
rctl_rule_parse(struct conf *c, const struct conf_loc *loc,
    const char *rule, size_t len, struct rctl_rule *out)
{
	static const char *const next[] = { "a subject id", "a resource",
	    "an action" };
	struct field f[6], rest = { rule, len, loc->col };
	struct rctl_rule r;
	struct conf_loc l;
	char sep, buf[192];
	int i, act, bad = 0;

	memset(&r, 0, sizeof(r));
	memset(f, 0, sizeof(f));
	r.loc = *loc;
	if (len > MAX_RULE) {
		err(c, loc, "rule is %zu bytes long; the kernel takes at most "
		    "%d", len, MAX_RULE);
		return -1;
	}
	if (memchr(rule, '\0', len) != NULL) {
		err(c, loc, "NUL byte in the rule");
		return -1;
	}
	/* subject:subject-id:resource: */
	for (i = 0; i < 3; i++)
		if (!split(&f[i], &rest, ":", &sep)) {
			l = *loc;
			l.col = f[i].col + (unsigned)f[i].len;
			err(c, &l, "incomplete rule: expected ':' and %s after "
			    "\"%s\" (" SYNTAX_HELP ")", next[i],
			    show(&f[i], buf, sizeof(buf)));
			return -1;
		}
	/* action=amount/per; a fourth ':' has nowhere to go. */
	if (memchr(rest.s, ':', rest.len)) {
		l = *loc;
		l.col = rest.col + (unsigned)((const char *)memchr(rest.s, ':',
		    rest.len) - rest.s);
		err(c, &l, "too many ':' (" SYNTAX_HELP ")");
		return -1;
	}
	split(&f[3], &rest, "=/", &sep);
	if (sep == '=' && split(&f[4], &rest, "/", &sep))
		f[5] = rest;
	bad |= parse_subject(c, loc, &f[0], &r.subject);
	if (!bad)
		bad |= check_id(c, loc, &f[1], r.subject);
	bad |= parse_resource(c, loc, &f[2], &r.resource);
	act = parse_action(c, loc, &f[3], &r);
	if (f[4].s)
		bad |= parse_amount(c, loc, &f[4], &r);
	else if (act == 0) {
		l = at(loc, &f[3]);
		l.col += (unsigned)f[3].len;
		err(c, &l, "missing amount: expected '=' and an amount after "
		    "\"%s\"", show(&f[3], buf, sizeof(buf)));
		bad = -1;
	}
	bad |= act;
	if (f[5].s)
		bad |= parse_per(c, loc, &f[5], &r);
	if (bad)
		return -1;
	r.id = arena_strndup(c->arena, f[1].s, f[1].len);
	if (!r.has_per)
		r.per = r.subject;	/* sys_rctl_add_rule() */
	if (check_combination(c, loc, f, &r) == -1)
		return -1;
	*out = r;
	return 0;
}

/* The rules read so far, and a hash of those still in effect: the
 * kernel replaces a deny rule that differs only by amount, and skips an
 * identical one (rctl_rule_add() removes the match first). */
struct ruleset {
	struct rctl_rule *v;
	size_t n, cap;
	size_t *slot;		/* index + 1 into v; 0 is empty */
	size_t nslot;
};

static bool
same_key(const struct rctl_rule *a, const struct rctl_rule *b)
{
	return a->subject == b->subject && a->resource == b->resource &&
	    a->per == b->per && a->action == b->action &&
	    a->signame == b->signame && strcmp(a->id, b->id) == 0 &&
	    (a->action == RCTL_ACT_DENY || a->amount == b->amount);
}

static size_t
hash_rule(const struct rctl_rule *r)
{
	size_t h = 5381;
	const char *s;

	for (s = r->id; *s; s++)
		h = h * 33 + (unsigned char)*s;
	h = h * 33 + (size_t)r->subject;
	h = h * 33 + (size_t)r->resource;
	h = h * 33 + (size_t)r->per;
	h = h * 33 + (size_t)r->action;
	return h;	/* signame and amount: same_key() sorts them out */
}

/* The slot holding a rule with r's key, or the empty slot for it. */
static size_t *
find_slot(const struct ruleset *rs, const struct rctl_rule *r)
{
	size_t i = hash_rule(r) & (rs->nslot - 1);

	while (rs->slot[i] && !same_key(&rs->v[rs->slot[i] - 1], r))
		i = (i + 1) & (rs->nslot - 1);
	return &rs->slot[i];
}

static void
grow(struct ruleset *rs)
{
	size_t *old = rs->slot, nold = rs->nslot, i;

	rs->nslot = nold ? nold * 2 : 64;
	rs->slot = xmalloc(rs->nslot * sizeof(*rs->slot));
	memset(rs->slot, 0, rs->nslot * sizeof(*rs->slot));
	for (i = 0; i < nold; i++)
		if (old[i])
			*find_slot(rs, &rs->v[old[i] - 1]) = old[i];
	free(old);
}

static void
add_rule(struct conf *c, struct ruleset *rs, const struct rctl_rule *r)
{
	size_t *slot;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 32;
		rs->v = xrealloc(rs->v, rs->cap * sizeof(*rs->v));
	}
	if ((rs->n + 1) * 2 > rs->nslot)
		grow(rs);
	rs->v[rs->n++] = *r;
	slot = find_slot(rs, r);
	if (*slot) {
		const struct rctl_rule *old = &rs->v[*slot - 1];

		if (old->amount == r->amount)
			warn(c, &r->loc, "duplicate of the rule at line %u",
			    old->loc.line);
		else
			warn(c, &r->loc, "replaces the deny rule at line %u "
			    "(the kernel keeps one deny rule per subject, "
			    "resource and per)", old->loc.line);
	}
	*slot = rs->n;
}

/* Copy the rules still in effect, in file order, into the arena. */
static void
finish(struct conf *c, struct ruleset *rs, struct rctl_set *out)
{
	size_t i;

	out->rules = arena_alloc(c->arena, (rs->n ? rs->n : 1) *
	    sizeof(*out->rules));
	out->n = 0;
	for (i = 0; i < rs->n; i++)
		if (*find_slot(rs, &rs->v[i]) == i + 1)
			out->rules[out->n++] = rs->v[i];
	free(rs->v);
	free(rs->slot);
}

static bool
blank(char ch)
{
	return ch == ' ' || ch == '\t';	/* sh's IFS, newline aside */
}

/* What rc.d/rctl's `read var comments` and xargs(1) would do to a rule
 * that contains ch, or NULL when ch is fine. */
static const char *
bad_char(unsigned char ch)
{
	if (ch == '#')
		return "a comment must be separated from the rule by a blank";
	if (ch == '"' || ch == '\'' || ch == '\\')
		return "rc.d/rctl passes rules through read(1) and xargs(1), "
		    "which remove quotes and backslashes";
	if (ch < 0x20 || ch == 0x7f)
		return "a rule is printable text";
	return NULL;
}

/* One line of n bytes, without its line end. */
static void
parse_line(struct conf *c, struct ruleset *rs, struct conf_loc *loc,
    const char *s, size_t n)
{
	const char *p = s, *e = s + n, *w, *why;
	struct rctl_rule r;
	struct field junk;
	char buf[192];

	if ((w = memchr(s, '\0', n)) != NULL) {
		loc->col = (unsigned)(w - s) + 1;
		err(c, loc, "NUL byte (rctl.conf is a text file)");
		return;
	}
	while (p < e && blank(*p))
		p++;
	if (p == e || *p == '#')
		return;
	for (w = p; p < e && !blank(*p); p++)
		if ((why = bad_char((unsigned char)*p)) != NULL) {
			loc->col = (unsigned)(p - s) + 1;
			if (*p < 0x20 || *p == 0x7f)
				err(c, loc, "control character 0x%02x in the "
				    "rule: %s", (unsigned char)*p, why);
			else
				err(c, loc, "'%c' inside the rule: %s", *p,
				    why);
			return;
		}
	loc->col = (unsigned)(w - s) + 1;
	if (rctl_rule_parse(c, loc, w, (size_t)(p - w), &r) == 0)
		add_rule(c, rs, &r);
	while (p < e && blank(*p))
		p++;
	if (p < e && *p != '#') {
		junk.s = p;
		for (junk.len = 0; p + junk.len < e && !blank(p[junk.len]);)
			junk.len++;
		loc->col = (unsigned)(p - s) + 1;
		err(c, loc, "unexpected \"%s\" after the rule: one rule per "
		    "line (rc.d/rctl would silently ignore the rest)",
		    show(&junk, buf, sizeof(buf)));
	}
}

int
rctl_parse(struct conf *c, const char *file, const char *data, size_t len,
    struct rctl_set *out)
{
	struct ruleset rs = { NULL, 0, 0, NULL, 0 };
	struct conf_loc loc = { arena_strdup(c->arena, file), 0, 0 };
	const char *p = data, *end = data + len, *eol;
	unsigned before = conf_errors(c);
	bool crlf = false;
	size_t n;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((eol ? eol : end) - p);
		loc.line++;
		/* The CR of a CRLF line end would be the last character of
		 * the rule for rc.d/rctl: say so once, then read on. */
		if (n > 0 && p[n - 1] == '\r') {
			n--;
			loc.col = (unsigned)n + 1;
			if (!crlf)
				err(c, &loc, "carriage return at the end of "
				    "the line: the file has DOS (CRLF) line "
				    "ends, which rc.d/rctl reads as part of "
				    "each rule; convert it to LF");
			crlf = true;
		}
		parse_line(c, &rs, &loc, p, n);
		p = eol ? eol + 1 : end;
	}
	finish(c, &rs, out);
	return conf_errors(c) > before ? -1 : 0;
}

int
rctl_load(struct conf *c, const char *path, struct rctl_set *out)
{
	size_t len;
	char *data;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK)) == -1) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
		    "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	data = conf_read_fd(c, fd, path, MAX_FILE, &len);
	close(fd);
	if (data == NULL)
		return -1;
	rc = rctl_parse(c, path, data, len, out);
	free(data);
	return rc;
}

/* brig.rctl's values are rules without their subject: "jail:_:" goes in
 * front, the id becomes the jail's name (which may hold a ':').  The
 * value's location is its opening quote: columns inside it count from
 * the character after (an escape before the error shifts them). */
int
rctl_param_parse(struct conf *c, const char *jail, const struct conf_str *v,
    struct rctl_rule *out)
{
	static const char prefix[] = "jail:_:";
	const size_t plen = sizeof(prefix) - 1;
	struct conf_loc loc = v->loc;
	struct rctl_rule r;
	const char *s;
	size_t colons = 0;
	char *rule;

	for (s = v->s; (s = strchr(s, ':')) != NULL; s++)
		colons++;
	if (colons >= 3) {
		err(c, &loc, "\"%.64s\": write the rule without its subject "
		    "(resource:action=amount[/per]); jail:%s: is implied",
		    v->s, jail);
		return -1;
	}
	rule = arena_alloc_raw(c->arena, plen + v->len + 1);
	memcpy(rule, prefix, plen);
	memcpy(rule + plen, v->s, v->len + 1);
	/* Unsigned arithmetic: the prefix's own columns may wrap, the
	 * value's come out right. */
	loc.col = v->loc.col + 1 - (unsigned)plen;
	if (rctl_rule_parse(c, &loc, rule, plen + v->len, &r) == -1)
		return -1;
	r.id = arena_strdup(c->arena, jail);
	r.loc = v->loc;
	*out = r;
	return 0;
}
