/* `brig show` output.  -p: one line per value, JAIL<TAB>PARAM<TAB>VALUE,
 * a stable format that other tools compare against:
 * - jails in the order the configuration defines them;
 * - parameters in jail(8)'s order (see resolve.c), canonical names
 *   ("nopersist" prints as "persist");
 * - a boolean prints one line, true or false; a new|inherit|disable
 *   parameter given as a bare flag prints true or false too;
 * - a list prints one line per element, in order;
 * - values print as they are, except that tab, newline, carriage return
 *   and other control bytes print as C escapes (\t, \n, \r, \ooo), so
 *   that a line is always one value; a backslash prints as itself. */
#include <string.h>

#include "../util/utf8.h"
#include "conf_int.h"
#include "params.h"
#include "../util/json.h"

/* Control bytes, the only ones a -p line escapes (and the NUL that
 * ends the string). */
static bool
is_ctrl(unsigned char ch)
{
	return ch < 0x20 || ch == 0x7f;
}

static void
put_escaped(FILE *fp, const char *s)
{
	size_t n;

	while (*s) {
		for (n = 0; !is_ctrl((unsigned char)s[n]); n++)
			;
		fwrite(s, 1, n, fp);
		s += n;
		if (*s == '\0')
			break;
		switch (*s) {
		case '\t': fputs("\\t", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		default: fprintf(fp, "\\%03o", (unsigned char)*s); break;
		}
		s++;
	}
}

static bool
selected(const struct conf_jail *j, char **names, int nnames)
{
	int i;

	if (nnames == 0)
		return true;
	for (i = 0; i < nnames; i++)
		if (strcmp(names[i], j->name) == 0)
			return true;
	return false;
}

/* How a parameter prints: as one boolean, or as its values.  A "no"
 * form always prints as a boolean (novnet = 1 is vnet false). */
static bool
prints_as_bool(const struct conf_param *p)
{
	bool neg;
	const struct param_def *d = p->looked ? p->def :
	    params_lookup_opt(p->name, &neg);

	if (p->looked)
		neg = p->neg;
	if (d == NULL || d->type == PT_JAILSYS)
		return p->val == NULL || neg;
	return d->type == PT_BOOL;
}

void
conf_print_flat(const struct conf *c, FILE *fp, char **names, int nnames)
{
	const struct conf_jail *j;
	const struct conf_param *p;
	const struct conf_str *s;
	char buf[256];

	for (j = c->jails; j; j = j->next) {
		if (!selected(j, names, nnames))
			continue;
		for (p = j->params; p; p = p->next) {
			const char *name = conf_param_canon(p, buf, sizeof(buf));

			if (prints_as_bool(p)) {
				put_escaped(fp, j->name);
				fputc('\t', fp);
				put_escaped(fp, name);
				fputs(conf_param_bool(p) ? "\ttrue\n" :
				    "\tfalse\n", fp);
				continue;
			}
			for (s = p->val; s; s = s->next) {
				put_escaped(fp, j->name);
				fputc('\t', fp);
				put_escaped(fp, name);
				fputc('\t', fp);
				put_escaped(fp, s->s);
				fputc('\n', fp);
			}
		}
	}
}

/* {"jails": [{"name": N, "parameters": [{"name": P, "value": V}]}]}
 * where V is true/false for a boolean, an array for a list or command
 * list, else a string.  Parameters stay an array to keep their order. */
void
conf_print_json(const struct conf *c, FILE *fp, char **names, int nnames)
{
	const struct conf_jail *j;
	const struct conf_param *p;
	const struct conf_str *s;
	const struct param_def *d;
	bool first_j = true, neg;
	char buf[256];

	fputs("{\"jails\": [", fp);
	for (j = c->jails; j; j = j->next) {
		bool first_p = true;

		if (!selected(j, names, nnames))
			continue;
		fprintf(fp, "%s\n  {\"name\": ", first_j ? "" : ",");
		first_j = false;
		json_put_string(fp, j->name);
		fputs(", \"parameters\": [", fp);
		for (p = j->params; p; p = p->next) {
			fprintf(fp, "%s\n    {\"name\": ", first_p ? "" : ",");
			first_p = false;
			json_put_string(fp, conf_param_canon(p, buf,
			    sizeof(buf)));
			fputs(", \"value\": ", fp);
			d = params_lookup_opt(p->name, &neg);
			if (prints_as_bool(p))
				fputs(conf_param_bool(p) ? "true" : "false", fp);
			else if (d && (d->type == PT_INT || d->type ==
			    PT_STRING || d->type == PT_JAILSYS) &&
			    p->val && !p->val->next)
				json_put_string(fp, p->val->s);
			else {
				fputc('[', fp);
				for (s = p->val; s; s = s->next) {
					json_put_string(fp, s->s);
					if (s->next)
						fputs(", ", fp);
				}
				fputc(']', fp);
			}
			fputc('}', fp);
		}
		fputs("]}", fp);
	}
	fputs("\n]}\n", fp);
}

static void
put_quoted(FILE *fp, const char *s)
{
	/* Bytes that are not UTF-8 (from \ooo or \xHH escapes) go back as
	 * escapes: the lexer refuses them raw in quotes. */
	bool utf8 = utf8_valid(s, strlen(s));

	fputc('"', fp);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x80 && !utf8)
			fprintf(fp, "\\%03o", ch);
		else if (ch == '"' || ch == '\\' || ch == '$')
			fprintf(fp, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", fp);
		else if (ch == '\t')
			fputs("\\t", fp);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(fp, "\\%03o", ch);
		else
			fputc(ch, fp);
	}
	fputc('"', fp);
}

/* A bare word when the lexer reads it back as one piece, else quoted. */
static void
put_word(FILE *fp, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("_-.:@", *p)))
			break;
	if (*s && !*p)
		fputs(s, fp);
	else
		put_quoted(fp, s);
}

/* The resolved configuration in jail.conf syntax: every default,
 * wildcard, include and variable applied.  Reading it back gives the
 * same jails (the fuzzers check this). */
void
conf_print_conf(const struct conf *c, FILE *fp, char **names, int nnames)
{
	const struct conf_jail *j;
	const struct conf_param *p;
	const struct conf_str *s;
	char buf[256];

	for (j = c->jails; j; j = j->next) {
		if (!selected(j, names, nnames))
			continue;
		put_word(fp, j->name);
		fputs(" {\n", fp);
		for (p = j->params; p; p = p->next) {
			const char *name = conf_param_canon(p, buf, sizeof(buf));

			if (p->flags & CONF_PF_IMPLICIT)
				continue;	/* implied by the block name */
			fputc('\t', fp);
			put_word(fp, name);
			if (prints_as_bool(p)) {
				fputs(conf_param_bool(p) ? ";\n" : " = false;\n",
				    fp);
				continue;
			}
			if (p->val)
				fputs(" =", fp);
			for (s = p->val; s; s = s->next) {
				fputc(' ', fp);
				put_word(fp, s->s);
				if (s->next)
					fputc(',', fp);
			}
			fputs(";\n", fp);
		}
		fputs("}\n", fp);
	}
}

/* jail.c quoted_print(): quote only when needed, with the quote kind
 * the value does not contain. */
static void
put_fbsd_quoted(FILE *fp, const char *p)
{
	int qc = !*p ? '"' : strchr(p, '\'') ? '"' : strchr(p, '"') ? '\'' :
	    strchr(p, ' ') || strchr(p, '\t') ? '"' : 0;

	if (qc)
		fputc(qc, fp);
	for (; *p; p++) {
		if (*p == '\\' || *p == qc)
			fputc('\\', fp);
		fputc(*p, fp);
	}
	if (qc)
		fputc(qc, fp);
}

/* jail -e SEP: one line per jail, its parameters as jail(8) prints them
 * (name[=v1,v2]) joined by SEP. */
void
conf_print_export(const struct conf *c, FILE *fp, const char *sep)
{
	const struct conf_jail *j;
	const struct conf_param *p;
	const struct conf_str *s;

	for (j = c->jails; j; j = j->next) {
		for (p = j->params; p; p = p->next) {
			if (p != j->params)
				fputs(sep, fp);
			fputs(p->name, fp);
			if (p->val)
				fputc('=', fp);
			for (s = p->val; s; s = s->next) {
				put_fbsd_quoted(fp, s->s);
				if (s->next)
					fputc(',', fp);
			}
		}
		fputc('\n', fp);
	}
}
