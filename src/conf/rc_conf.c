/* A jail's rc.conf, read as FreeBSD's rc.subr gets it (load_rc_config
 * sources the file with sh), but only the part of sh that assigns: a
 * line is blank, a comment, or NAME=value words.  The value follows the
 * shell's quoting (XCU 2.2): '...' keeps everything, "..." removes the
 * backslash only before $ ` " \ and newline, a bare backslash quotes
 * the next character, backslash-newline joins lines outside single
 * quotes, and adjacent pieces glue ("x"'y'z is xyz).  '#' starts a
 * comment only at the start of a word.
 *
 * Whatever sh would expand or run is an error: $name, ${name}, $(...),
 * `...`, a leading ~, commands, operators.  An assignment followed by a
 * command word is an environment prefix in sh, not a variable, so the
 * whole line is refused.  Nothing is ever executed. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_int.h"
#include "rc_conf.h"
#include "smallfile.h"
#include "../util/buf.h"

#define MAX_FILE	(1u << 20)
#define ONLY		"only NAME=value assignments are read from rc.conf"

/* One assignment waiting for the end of its line. */
struct pending {
	char *name, *value;
	size_t len;
	struct conf_loc loc;
};

struct rcparser {
	struct conf *c;
	const char *file;
	const char *p, *end;
	unsigned line;
	const char *bol;
	bool bad;		/* this logical line has an error */
	struct buf word;	/* the value being decoded */
	struct pending *pend;
	size_t npend, cappend;
	struct rcconf *rc;	/* built with malloc, moved to the arena */
	size_t capvars;
};

static void
here(const struct rcparser *ps, const char *at, struct conf_loc *loc)
{
	loc->file = ps->file;
	loc->line = ps->line;
	loc->col = (unsigned)(at - ps->bol) + 1;
}

/* The first error of a logical line is reported; the rest follow from
 * it. */
static void __attribute__((format(printf, 3, 0)))
vfail(struct rcparser *ps, const struct conf_loc *loc, const char *fmt,
    va_list ap)
{
	char msg[512];

	if (ps->bad)
		return;
	ps->bad = true;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	conf_diag(ps->c, CONF_ERROR, CONF_STAGE_SYNTAX, loc, "%s", msg);
}

/* An error at a character of the current line. */
static void __attribute__((format(printf, 3, 4)))
fail(struct rcparser *ps, const char *at, const char *fmt, ...)
{
	struct conf_loc loc;
	va_list ap;

	here(ps, at, &loc);
	va_start(ap, fmt);
	vfail(ps, &loc, fmt, ap);
	va_end(ap);
}

/* An error at an earlier place (a quote that never ends). */
static void __attribute__((format(printf, 3, 4)))
fail_at(struct rcparser *ps, const struct conf_loc *loc, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(ps, loc, fmt, ap);
	va_end(ap);
}

static void
newline(struct rcparser *ps)
{
	ps->p++;
	ps->line++;
	ps->bol = ps->p;
}

static bool
name_char(char ch, bool first)
{
	return ch == '_' || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= 'a' && ch <= 'z') || (!first && ch >= '0' && ch <= '9');
}

static bool
blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool
operator_char(char ch)
{
	return ch != '\0' && strchr(";&|<>()", ch) != NULL;
}

/* At a '$': what sh would do with it is an error, unless the '$' is a
 * plain character (before a blank, a quote, the end). */
static void
dollar(struct rcparser *ps, bool dq)
{
	const char *d = ps->p;
	char n = d + 1 < ps->end ? d[1] : '\0';

	if (n == '(' && d + 2 < ps->end && d[2] == '(')
		fail(ps, d, "arithmetic expansion is not supported in "
		    "rc.conf: write the value out");
	else if (n == '(')
		fail(ps, d, "command substitution is not supported in "
		    "rc.conf: %s", ONLY);
	else if (n == '{' || name_char(n, false) ||
	    (n != '\0' && strchr("@*#?-$!", n)))
		fail(ps, d, "variable expansion is not supported in rc.conf: "
		    "write the value out");
	else if (n == '\'' && !dq)
		fail(ps, d, "$'...' strings are not supported in rc.conf: use "
		    "'...' or \"...\"");
}

/* '...' from the opening quote: everything up to the next quote. */
static void
single_quoted(struct rcparser *ps)
{
	struct conf_loc open;

	here(ps, ps->p++, &open);
	while (ps->p < ps->end && *ps->p != '\'') {
		if (*ps->p == '\0')
			ps->bad = true;	/* reported with the line */
		buf_addc(&ps->word, *ps->p);
		if (*ps->p == '\n')
			newline(ps);
		else
			ps->p++;
	}
	if (ps->p == ps->end)
		fail_at(ps, &open, "unterminated single quote: the string that "
		    "starts here never ends");
	else
		ps->p++;
}

/* "..." from the opening quote. */
static void
double_quoted(struct rcparser *ps)
{
	struct conf_loc open;
	char ch;

	here(ps, ps->p++, &open);
	while (ps->p < ps->end && (ch = *ps->p) != '"') {
		if (ch == '\\' && ps->p + 1 < ps->end &&
		    strchr("$`\"\\\n", ps->p[1]) && ps->p[1] != '\0') {
			ps->p++;
			if (*ps->p == '\n') {
				newline(ps);	/* continuation: removed */
				continue;
			}
			ch = *ps->p;
		} else if (ch == '$') {
			dollar(ps, true);
		} else if (ch == '`') {
			fail(ps, ps->p, "command substitution is not supported "
			    "in rc.conf: %s", ONLY);
		} else if (ch == '\0')
			ps->bad = true;
		buf_addc(&ps->word, ch);
		if (ch == '\n')
			newline(ps);
		else
			ps->p++;
	}
	if (ps->p == ps->end)
		fail_at(ps, &open, "unterminated double quote: the string that "
		    "starts here never ends");
	else
		ps->p++;
}

/* Decode a word from ps->p into ps->word, up to an unquoted blank,
 * newline or operator.  assign: the word is a value (tilde rules).
 * Returns where the first unquoted '=' was, or NULL. */
static const char *
lex_word(struct rcparser *ps, bool assign)
{
	const char *start = ps->p, *eq = NULL, *colon = NULL;
	char ch;

	buf_reset(&ps->word);
	buf_add(&ps->word, "", 0);
	while (ps->p < ps->end && !blank(ch = *ps->p) && ch != '\n' &&
	    !operator_char(ch)) {
		if (ch == '\'') {
			single_quoted(ps);
			continue;
		}
		if (ch == '"') {
			double_quoted(ps);
			continue;
		}
		if (ch == '\\') {
			if (ps->p + 1 == ps->end) {
				fail(ps, ps->p, "backslash at the end of the "
				    "file");
				ps->p++;
				continue;
			}
			if (ps->p[1] == '\n') {
				ps->p++;
				newline(ps);	/* continuation: removed */
				continue;
			}
			ch = *++ps->p;
		} else if (ch == '$') {
			dollar(ps, false);
		} else if (ch == '`') {
			fail(ps, ps->p, "command substitution is not supported "
			    "in rc.conf: %s", ONLY);
		} else if (ch == '~' && assign && (ps->p == start ||
		    ps->p == colon)) {
			/* XCU 2.6.1: at the start of a value and after an
			 * unquoted ':'. */
			fail(ps, ps->p, "tilde expansion is not supported in "
			    "rc.conf: write the path out");
		} else if (ch == ':') {
			colon = ps->p + 1;
		} else if (ch == '=' && eq == NULL)
			eq = ps->p;
		if (ch == '\0')
			ps->bad = true;
		buf_addc(&ps->word, ch);
		ps->p++;
	}
	return eq;
}

/* Text for a message: control bytes, quotes and backslashes escaped,
 * cut at 40 bytes. */
static const char *
show(const char *s, size_t len, char *buf, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 8 < size; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (i == 40) {
			o += (size_t)snprintf(buf + o, size - o, "...");
			break;
		}
		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", ch);
		else if (ch == '"' || ch == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\%c", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o] = '\0';
	return buf;
}

/* The shell operator at p, for the message: two characters when it is
 * one of the two-character operators. */
static size_t
operator_len(const char *p, const char *end)
{
	static const char *const two[] = { "&&", "||", ";;", ">>", "<<",
	    "<&", ">&", ">|", "<>" };
	size_t i;

	for (i = 0; i < sizeof(two) / sizeof(two[0]) && p + 1 < end; i++)
		if (p[0] == two[i][0] && p[1] == two[i][1])
			return 2;
	return 1;
}

static void
push(struct rcparser *ps, char *name, const struct conf_loc *loc)
{
	struct pending *pd;

	if (ps->npend == ps->cappend) {
		ps->cappend = ps->cappend ? ps->cappend * 2 : 8;
		ps->pend = xrealloc(ps->pend, ps->cappend * sizeof(*ps->pend));
	}
	pd = &ps->pend[ps->npend++];
	pd->name = name;
	pd->value = arena_strndup(ps->c->arena, ps->word.s, ps->word.len);
	pd->len = ps->word.len;
	pd->loc = *loc;
}

static size_t
hash_name(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* The slot of name, or the empty slot where it would go. */
static size_t *
find_slot(const struct rcconf *rc, const char *name)
{
	size_t i = hash_name(name) & (rc->nslot - 1);

	while (rc->slot[i] && strcmp(rc->vars[rc->slot[i] - 1].name, name))
		i = (i + 1) & (rc->nslot - 1);
	return &rc->slot[i];
}

static void
grow_slots(struct rcconf *rc)
{
	size_t i;

	free(rc->slot);
	rc->nslot = rc->nslot ? rc->nslot * 2 : 64;
	rc->slot = xmalloc(rc->nslot * sizeof(*rc->slot));
	memset(rc->slot, 0, rc->nslot * sizeof(*rc->slot));
	for (i = 0; i < rc->n; i++)
		*find_slot(rc, rc->vars[i].name) = i + 1;
}

/* sh: a later assignment replaces the value; the variable keeps the
 * place of its first assignment. */
static void
set_var(struct rcparser *ps, const struct pending *pd)
{
	struct rcconf *rc = ps->rc;
	struct rcconf_var *v;
	size_t *slot;

	if ((rc->n + 1) * 2 > rc->nslot)
		grow_slots(rc);
	slot = find_slot(rc, pd->name);
	if (*slot == 0) {
		if (rc->n == ps->capvars) {
			ps->capvars = ps->capvars ? ps->capvars * 2 : 32;
			rc->vars = xrealloc(rc->vars, ps->capvars *
			    sizeof(*rc->vars));
		}
		v = &rc->vars[rc->n++];
		memset(v, 0, sizeof(*v));
		v->name = pd->name;
		*slot = rc->n;
	} else
		v = &rc->vars[*slot - 1];
	v->value = pd->value;
	v->len = pd->len;
	v->loc = pd->loc;
	v->nset++;
}

/* The end of a logical line: its assignments take effect unless the
 * line had an error. */
static void
end_line(struct rcparser *ps)
{
	size_t i;

	for (i = 0; i < ps->npend && !ps->bad; i++)
		set_var(ps, &ps->pend[i]);
	ps->npend = 0;
	ps->bad = false;
}

/* One word at the start of a simple command or after an assignment. */
static void
word(struct rcparser *ps, bool *command)
{
	const char *start = ps->p, *q = ps->p, *eq;
	struct conf_loc loc;
	char buf[192];

	here(ps, start, &loc);
	while (q < ps->end && name_char(*q, q == start))
		q++;
	if (!*command && q > start && q < ps->end && *q == '=') {
		ps->p = q + 1;
		lex_word(ps, true);
		push(ps, arena_strndup(ps->c->arena, start,
		    (size_t)(q - start)), &loc);
		return;
	}
	/* The word may span lines (a quoted newline): loc was taken
	 * first. */
	eq = lex_word(ps, false);
	*command = true;
	if (eq)
		fail_at(ps, &loc, "invalid variable name \"%s\" (letters, "
		    "digits and '_', not starting with a digit): %s",
		    show(start, (size_t)(eq - start), buf, sizeof(buf)), ONLY);
	else
		fail_at(ps, &loc, "\"%s\" is a command: %s",
		    show(ps->word.s, ps->word.len, buf, sizeof(buf)), ONLY);
}

static void
parse(struct rcparser *ps)
{
	bool command = false;	/* the simple command has a command word */
	size_t n;
	char ch;

	while (ps->p < ps->end) {
		ch = *ps->p;
		if (blank(ch))
			ps->p++;
		else if (ch == '\\' && ps->p + 1 < ps->end &&
		    ps->p[1] == '\n') {
			ps->p++;
			newline(ps);
		} else if (ch == '\n') {
			end_line(ps);
			newline(ps);
			command = false;
		} else if (ch == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else if (operator_char(ch)) {
			n = operator_len(ps->p, ps->end);
			fail(ps, ps->p, "\"%.*s\" is shell syntax: %s", (int)n,
			    ps->p, ONLY);
			ps->p += n;
		} else
			word(ps, &command);
	}
	end_line(ps);
}

/* A copy with CRLF line ends made LF, after one error for them (sh
 * would keep each CR as the last character of the value), and an error
 * for each line that holds a NUL byte. */
static char *
normalize(struct conf *c, const char *file, const char *data, size_t len,
    size_t *outlen)
{
	char *t = xmalloc(len + 1);
	struct conf_loc loc = { file, 1, 0 };
	const char *bol = data, *nul = NULL;
	bool crlf = false;
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (data[i] == '\0' && nul == NULL) {
			nul = &data[i];
			loc.col = (unsigned)(nul - bol) + 1;
			conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, &loc,
			    "NUL byte (rc.conf is a text file)");
		}
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') {
			loc.col = (unsigned)(&data[i] - bol) + 1;
			if (!crlf)
				conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX,
				    &loc, "carriage return at the end of the "
				    "line: the file has DOS (CRLF) line ends, "
				    "and sh would keep each CR in the value; "
				    "convert it to LF");
			crlf = true;
			continue;
		}
		if (data[i] == '\n') {
			loc.line++;
			bol = &data[i + 1];
			nul = NULL;
		}
		t[o++] = data[i];
	}
	t[o] = '\0';
	*outlen = o;
	return t;
}

/* Move what was built with malloc into the arena. */
static void
finish(struct conf *c, struct rcconf *rc, struct rcconf *out)
{
	out->n = rc->n;
	out->nslot = rc->nslot;
	out->vars = arena_alloc(c->arena, (rc->n ? rc->n : 1) *
	    sizeof(*out->vars));
	if (rc->n)
		memcpy(out->vars, rc->vars, rc->n * sizeof(*out->vars));
	out->slot = NULL;
	if (rc->nslot) {
		out->slot = arena_alloc(c->arena, rc->nslot *
		    sizeof(*out->slot));
		memcpy(out->slot, rc->slot, rc->nslot * sizeof(*out->slot));
	}
	free(rc->vars);
	free(rc->slot);
}

int
rcconf_parse(struct conf *c, const char *file, const char *data, size_t len,
    struct rcconf *out)
{
	unsigned before = conf_errors(c);
	struct rcconf rc = { NULL, 0, NULL, 0 };
	struct rcparser ps;
	size_t n;
	char *text;

	memset(&ps, 0, sizeof(ps));
	ps.c = c;
	ps.file = arena_strdup(c->arena, file);
	text = normalize(c, ps.file, data, len, &n);
	ps.p = ps.bol = text;
	ps.end = text + n;
	ps.line = 1;
	ps.rc = &rc;
	parse(&ps);
	finish(c, &rc, out);
	buf_free(&ps.word);
	free(ps.pend);
	free(text);
	return conf_errors(c) > before ? -1 : 0;
}

static int
load_fd(struct conf *c, int fd, const char *path, struct rcconf *out)
{
	size_t len;
	char *data;
	int rc;

	data = conf_read_fd(c, fd, path, MAX_FILE, &len);
	close(fd);
	if (data == NULL)
		return -1;
	rc = rcconf_parse(c, path, data, len, out);
	free(data);
	return rc;
}

#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW)

int
rcconf_load(struct conf *c, const char *path, struct rcconf *out)
{
	int fd = open(path, OPEN_FLAGS);

	if (fd == -1) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
		    "cannot open %s: %s", path, errno == ELOOP ?
		    "it is a symbolic link, which brig does not follow" :
		    strerror(errno));
		return -1;
	}
	return load_fd(c, fd, path, out);
}

/* openat() one component without following a symbolic link; 1 when it
 * does not exist. */
static int
open_component(struct conf *c, int dirfd, const char *name, int flags,
    const char *path, int *fdp)
{
	struct stat st;

	if ((*fdp = openat(dirfd, name, flags | O_NOFOLLOW)) != -1)
		return 0;
	if (errno == ENOENT)
		return 1;
	/* O_DIRECTORY | O_NOFOLLOW on a link fails with ENOTDIR: look. */
	if (errno == ELOOP || (errno == ENOTDIR &&
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode)))
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
		    "cannot open %s: it is a symbolic link, which brig does "
		    "not follow inside a jail", path);
	else
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
		    "cannot open %s: %s", path, strerror(errno));
	return -1;
}

int
rcconf_load_jail(struct conf *c, const char *root, struct rcconf *out)
{
	struct buf path = BUF_INIT;
	int rootfd, etcfd = -1, fd = -1, rc;
	size_t n = strlen(root);

	buf_printf(&path, "%s%setc", root, n && root[n - 1] == '/' ? "" : "/");
	/* The root itself comes from jail.conf, the administrator's. */
	if ((rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		rc = errno == ENOENT ? 1 : -1;
		if (rc == -1)
			conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
			    "cannot open %s: %s", root, strerror(errno));
		goto out;
	}
	rc = open_component(c, rootfd, "etc", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC, path.s, &etcfd);
	if (rc != 0)
		goto out;
	buf_adds(&path, "/rc.conf");
	rc = open_component(c, etcfd, "rc.conf", OPEN_FLAGS, path.s, &fd);
	if (rc == 0)
		rc = load_fd(c, fd, path.s, out);
out:
	if (etcfd != -1)
		close(etcfd);
	if (rootfd != -1)
		close(rootfd);
	buf_free(&path);
	return rc;
}

const struct rcconf_var *
rcconf_find(const struct rcconf *rc, const char *name)
{
	size_t slot;

	if (rc->nslot == 0)
		return NULL;
	slot = *find_slot(rc, name);
	return slot ? &rc->vars[slot - 1] : NULL;
}

const char *
rcconf_get(const struct rcconf *rc, const char *name)
{
	const struct rcconf_var *v = rcconf_find(rc, name);

	return v ? v->value : NULL;
}

/* ASCII case-insensitive equality: checkyesno's [Yy][Ee][Ss]. */
static bool
word_is(const char *v, const char *w)
{
	for (; *w; v++, w++)
		if ((*v >= 'A' && *v <= 'Z' ? *v - 'A' + 'a' : *v) != *w)
			return false;
	return *v == '\0';
}

int
rcconf_yes(const struct rcconf *rc, const char *name)
{
	const char *v = rcconf_get(rc, name);

	if (v == NULL)
		return -1;
	if (word_is(v, "yes") || word_is(v, "true") || word_is(v, "on") ||
	    strcmp(v, "1") == 0)
		return 1;
	if (word_is(v, "no") || word_is(v, "false") || word_is(v, "off") ||
	    strcmp(v, "0") == 0)
		return 0;
	return -1;
}

static void
yesno_diag(struct conf *c, enum conf_sev sev, const struct rcconf_var *v)
{
	char buf[192];

	conf_diag(c, sev, sev == CONF_ERROR ? CONF_STAGE_SYNTAX :
	    CONF_STAGE_CHECK, &v->loc, "%s=\"%s\": rc.subr's checkyesno takes "
	    "YES, TRUE, ON, 1, NO, FALSE, OFF or 0 (any case); it would warn "
	    "and read it as NO", v->name, show(v->value, v->len, buf,
	    sizeof(buf)));
}

int
rcconf_check_yesno(struct conf *c, const struct rcconf *rc,
    const char *name)
{
	const struct rcconf_var *v = rcconf_find(rc, name);
	int yes = rcconf_yes(rc, name);

	if (v && yes == -1)
		yesno_diag(c, CONF_ERROR, v);
	return yes;
}

void
rcconf_check_enables(struct conf *c, const struct rcconf *rc)
{
	static const char suffix[] = "_enable";
	const struct rcconf_var *v;
	size_t i, n;

	for (i = 0; i < rc->n; i++) {
		v = &rc->vars[i];
		n = strlen(v->name);
		if (n < sizeof(suffix) || strcmp(v->name + n -
		    (sizeof(suffix) - 1), suffix) != 0 ||
		    rcconf_yes(rc, v->name) != -1)
			continue;
		/* rc.d/sendmail reads this one itself. */
		if (strcmp(v->name, "sendmail_enable") == 0 &&
		    word_is(v->value, "none"))
			continue;
		yesno_diag(c, CONF_WARNING, v);
	}
}
