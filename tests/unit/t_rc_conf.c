/* Unit tests of the rc.conf reader: each case asserts the exact
 * variables (one "LINE:COL NAME=[value]" line each, in order, newlines
 * in values as \n, "xN" when assigned N > 1 times) or the exact
 * diagnostics.  The values are what FreeBSD's sh(1) would assign when
 * rc.subr sources the file (XCU 2.2 quoting, 2.6.1 tilde expansion). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "t_diags.h"
#include "conf/conf.h"
#include "conf/conf_int.h"
#include "conf/rc_conf.h"

struct tcase {
	const char *name;
	const char *in;
	size_t len;		/* 0: strlen(in) */
	const char *out;	/* expected variables */
	const char *diags;	/* expected diagnostics */
};

static char *
dump(const struct rcconf *rc)
{
	char *buf = NULL;
	size_t len = 0, i, k;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	for (i = 0; i < rc->n; i++) {
		const struct rcconf_var *v = &rc->vars[i];

		assert_int_equal(strlen(v->value), v->len);
		fprintf(fp, "%u:%u %s=[", v->loc.line, v->loc.col, v->name);
		for (k = 0; k < v->len; k++)
			if (v->value[k] == '\n')
				fputs("\\n", fp);
			else
				fputc(v->value[k], fp);
		fputc(']', fp);
		if (v->nset > 1)
			fprintf(fp, " x%u", v->nset);
		fputc('\n', fp);
	}
	fclose(fp);
	return buf;
}

static void
run_case(void **state)
{
	const struct tcase *t = *state;
	size_t len = t->len ? t->len : strlen(t->in);
	struct conf *c = conf_new(0);
	struct rcconf rc;
	char *d, *o;
	int r;

	r = rcconf_parse(c, "rc.conf", t->in, len, &rc);
	assert_int_equal(r, conf_errors(c) ? -1 : 0);
	d = diags(c);
	o = dump(&rc);
	assert_string_equal(d, t->diags ? t->diags : "");
	assert_string_equal(o, t->out ? t->out : "");
	free(d);
	free(o);
	conf_free(c);
}

#define OUT(n, in, out)		{ n, in, 0, out, NULL }
#define ERR(n, in, d)		{ n, in, 0, NULL, d }
#define BOTH(n, in, out, d)	{ n, in, 0, out, d }

#define ONLY "only NAME=value assignments are read from rc.conf"
#define EXPANSION "variable expansion is not supported in rc.conf: write " \
	"the value out"
#define SUBST "command substitution is not supported in rc.conf: " ONLY
#define NULS "a=1\nb=x\0y\nc=3 # \0\n"

static const struct tcase cases[] = {
	/* --- the three quoting forms --- */
	OUT("double quotes", "hostname=\"unbound.lan\"\n",
	    "1:1 hostname=[unbound.lan]\n"),
	OUT("single quotes", "flags='-ss -a'\n", "1:1 flags=[-ss -a]\n"),
	OUT("bare value", "defaultrouter=10.10.10.1\n",
	    "1:1 defaultrouter=[10.10.10.1]\n"),
	OUT("empty values", "a=\nb=\"\"\nc=''\n",
	    "1:1 a=[]\n2:1 b=[]\n3:1 c=[]\n"),
	OUT("adjacent parts glue", "a=\"x\"'y'z\nb=pre\"mid dle\"'post'\n",
	    "1:1 a=[xyz]\n2:1 b=[premid dlepost]\n"),

	/* --- backslashes, as sh --- */
	OUT("double quotes: \\\" \\\\ \\$ \\` lose the backslash, "
	    "others keep it",
	    "a=\"q\\\"b\\\\s\\$d\\`t\\a\\n\"\n",
	    "1:1 a=[q\"b\\s$d`t\\a\\n]\n"),
	OUT("single quotes keep every backslash", "a='x\\y\\'\n",
	    "1:1 a=[x\\y\\]\n"),
	OUT("a bare backslash quotes the next character",
	    "a=x\\ y\\\"z\\'\\$\\#\n", "1:1 a=[x y\"z'$#]\n"),
	OUT("backslash-newline joins lines outside single quotes",
	    "a=long\\\nvalue\nb=\"in\\\nside\"\nc='kept\\\nhere'\n",
	    "1:1 a=[longvalue]\n3:1 b=[inside]\n5:1 c=[kept\\\\nhere]\n"),
	OUT("backslash-newline between words",
	    "a=1 \\\n b=2\n", "1:1 a=[1]\n2:2 b=[2]\n"),
	OUT("quoted newlines are kept",
	    "a=\"one\ntwo\"\nb='three\nfour'\nc=5\n",
	    "1:1 a=[one\\ntwo]\n3:1 b=[three\\nfour]\n5:1 c=[5]\n"),

	/* --- comments and layout --- */
	OUT("comments: whole line, after a value, '#' inside a word",
	    "# header\n\n  a=1 # one\nb=x#y\nc=\"#\"\n\t# indented\n",
	    "3:3 a=[1]\n4:1 b=[x#y]\n5:1 c=[#]\n"),
	OUT("several assignments on one line", "a=1 b=2\tc=3\n",
	    "1:1 a=[1]\n1:5 b=[2]\n1:9 c=[3]\n"),
	OUT("what sh leaves alone: globs, braces, '=', '~' inside",
	    "a=*.conf\nb={x}\nc==d\nd=x~y\ne=\"$\"\nf=$\ng=a$\n",
	    "1:1 a=[*.conf]\n2:1 b=[{x}]\n3:1 c=[=d]\n4:1 d=[x~y]\n"
	    "5:1 e=[$]\n6:1 f=[$]\n7:1 g=[a$]\n"),
	OUT("the last assignment wins; the first keeps the place",
	    "a=1\nb=2\na=3\n",
	    "3:1 a=[3] x2\n2:1 b=[2]\n"),
	OUT("no newline at the end", "a=1", "1:1 a=[1]\n"),
	OUT("empty file", "", ""),
	OUT("the router example",
	    "# the unbound jail's own rc.conf\n"
	    "hostname=\"unbound.lan\"\n"
	    "ifconfig_epair0b=\"inet 10.10.10.53/24\"\n"
	    "defaultrouter=\"10.10.10.1\"\n"
	    "local_unbound_enable=\"YES\"\n"
	    "syslogd_flags=\"-ss\"\n",
	    "2:1 hostname=[unbound.lan]\n"
	    "3:1 ifconfig_epair0b=[inet 10.10.10.53/24]\n"
	    "4:1 defaultrouter=[10.10.10.1]\n"
	    "5:1 local_unbound_enable=[YES]\n"
	    "6:1 syslogd_flags=[-ss]\n"),

	/* --- what sh would expand --- */
	ERR("variable references",
	    "a=$foo\nb=\"${foo}\"\nc=x$1\nd=\"$@\"\ne=$$\nf=${a:-b}\n",
	    "1:3: " EXPANSION "\n2:4: " EXPANSION "\n3:4: " EXPANSION "\n"
	    "4:4: " EXPANSION "\n5:3: " EXPANSION "\n6:3: " EXPANSION "\n"),
	ERR("command substitution and arithmetic",
	    "a=`hostname`\nb=\"$(hostname)\"\nc=$((1+2))\nd=\"x`y`\"\n",
	    "1:3: " SUBST "\n2:4: " SUBST "\n"
	    "3:3: arithmetic expansion is not supported in rc.conf: write the "
	    "value out\n"
	    "4:5: " SUBST "\n"),
	ERR("tilde at the start and after ':'",
	    "a=~/x\nb=/bin:~root/bin\n",
	    "1:3: tilde expansion is not supported in rc.conf: write the path "
	    "out\n"
	    "2:8: tilde expansion is not supported in rc.conf: write the path "
	    "out\n"),
	OUT("a quoted or escaped tilde is a tilde",
	    "a=\"~\"/x\nb='~'\nc=\\~\nd=a\\:~\n",
	    "1:1 a=[~/x]\n2:1 b=[~]\n3:1 c=[~]\n4:1 d=[a:~]\n"),
	ERR("$'...' strings", "a=$'x\\n'\n",
	    "1:3: $'...' strings are not supported in rc.conf: use '...' or "
	    "\"...\"\n"),

	/* --- what is not an assignment --- */
	ERR("commands",
	    "echo hi\nexport a=1\n. /etc/other.conf\nreadonly b\n",
	    "1:1: \"echo\" is a command: " ONLY "\n"
	    "2:1: \"export\" is a command: " ONLY "\n"
	    "3:1: \".\" is a command: " ONLY "\n"
	    "4:1: \"readonly\" is a command: " ONLY "\n"),
	BOTH("an assignment before a command is its environment, not a "
	    "variable",
	    "a=1 cmd\nb=2\n", "2:1 b=[2]\n",
	    "1:5: \"cmd\" is a command: " ONLY "\n"),
	BOTH("operators: nothing on the line is assigned",
	    "a=1; b=2\nc=1 && d=2\ne=1 | f\ng=1 >x\nh=(1)\ni=1 &\nj=0\n",
	    "7:1 j=[0]\n",
	    "1:4: \";\" is shell syntax: " ONLY "\n"
	    "2:5: \"&&\" is shell syntax: " ONLY "\n"
	    "3:5: \"|\" is shell syntax: " ONLY "\n"
	    "4:5: \">\" is shell syntax: " ONLY "\n"
	    "5:3: \"(\" is shell syntax: " ONLY "\n"
	    "6:5: \"&\" is shell syntax: " ONLY "\n"),
	ERR("invalid names",
	    "1a=x\nfoo-bar=1\n\"a\"=b\na.b=c\n",
	    "1:1: invalid variable name \"1a\" (letters, digits and '_', not "
	    "starting with a digit): " ONLY "\n"
	    "2:1: invalid variable name \"foo-bar\" (letters, digits and '_', "
	    "not starting with a digit): " ONLY "\n"
	    "3:1: invalid variable name \"\\\"a\\\"\" (letters, digits and "
	    "'_', not starting with a digit): " ONLY "\n"
	    "4:1: invalid variable name \"a.b\" (letters, digits and '_', not "
	    "starting with a digit): " ONLY "\n"),
	BOTH("a command word over two lines is reported where it starts",
	    "a=1\n  \"multi\nline\" x\nb=2\n", "1:1 a=[1]\n4:1 b=[2]\n",
	    "2:3: \"multi\\x0aline\" is a command: " ONLY "\n"),
	BOTH("one error per line; the next line is read",
	    "a=$x; `y`\nb=ok\n", "2:1 b=[ok]\n", "1:3: " EXPANSION "\n"),
	BOTH("an error inside a multi-line string does not derail the rest",
	    "a=\"one $x\ntwo\"\nb=2\n", "3:1 b=[2]\n", "1:8: " EXPANSION "\n"),

	/* --- broken files --- */
	BOTH("unterminated quotes",
	    "a=1\nb=\"never\nc=3\n", "1:1 a=[1]\n",
	    "2:3: unterminated double quote: the string that starts here "
	    "never ends\n"),
	ERR("unterminated single quote", "a='x\n",
	    "1:3: unterminated single quote: the string that starts here "
	    "never ends\n"),
	ERR("backslash at the end of the file", "a=x\\",
	    "1:4: backslash at the end of the file\n"),
	{ "NUL bytes (in a comment too)", NULS, sizeof(NULS) - 1,
	    "1:1 a=[1]\n3:1 c=[3]\n",
	    "2:4: NUL byte (rc.conf is a text file)\n"
	    "3:7: NUL byte (rc.conf is a text file)\n" },
	BOTH("CRLF line ends: one error, the values read without the CR",
	    "a=1\r\nb=\"x\r\ny\"\r\n", "1:1 a=[1]\n2:1 b=[x\\ny]\n",
	    "1:4: carriage return at the end of the line: the file has DOS "
	    "(CRLF) line ends, and sh would keep each CR in the value; "
	    "convert it to LF\n"),
};

/* A 100,000-byte value on one line. */
static void
test_long_line(void **state)
{
	struct conf *c = conf_new(0);
	struct rcconf rc;
	size_t n = 100000;
	char *in = malloc(n + 16);

	(void)state;
	memcpy(in, "big=\"", 5);
	memset(in + 5, 'v', n);
	strcpy(in + 5 + n, "\"\nx=1\n");
	assert_int_equal(rcconf_parse(c, "r", in, strlen(in), &rc), 0);
	assert_int_equal(rc.n, 2);
	assert_int_equal(rcconf_find(&rc, "big")->len, n);
	assert_string_equal(rcconf_get(&rc, "x"), "1");
	free(in);
	conf_free(c);
}

/* Many variables: the hash grows and every one is found. */
static void
test_many(void **state)
{
	struct conf *c = conf_new(0);
	struct rcconf rc;
	char *buf = NULL, name[32];
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int i;

	(void)state;
	for (i = 0; i < 5000; i++)
		fprintf(fp, "v%d=%d\n", i, i);
	fprintf(fp, "v17=again\n");
	fclose(fp);
	assert_int_equal(rcconf_parse(c, "r", buf, len, &rc), 0);
	assert_int_equal(rc.n, 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		assert_non_null(rcconf_get(&rc, name));
	}
	assert_string_equal(rcconf_get(&rc, "v17"), "again");
	assert_string_equal(rc.vars[17].name, "v17");
	assert_int_equal(rc.vars[17].loc.line, 5001);
	assert_null(rcconf_get(&rc, "v5000"));
	free(buf);
	conf_free(c);
}

/* rc.subr checkyesno. */
static void
test_yesno(void **state)
{
	static const char in[] = "a=YES\nb=yes\nc=True\nd=on\ne=1\n"
	    "f=NO\ng=no\nh=FALSE\ni=Off\nj=0\nk=yse\nl=\nm=2\n"
	    "sshd_enable=maybe\nsendmail_enable=NONE\nntpd_enable=YES\n"
	    "x_enable=\"\"\n";
	struct conf *c = conf_new(0);
	struct rcconf rc;

	(void)state;
	assert_int_equal(rcconf_parse(c, "rc.conf", in, sizeof(in) - 1, &rc),
	    0);
	assert_int_equal(rcconf_yes(&rc, "a"), 1);
	assert_int_equal(rcconf_yes(&rc, "b"), 1);
	assert_int_equal(rcconf_yes(&rc, "c"), 1);
	assert_int_equal(rcconf_yes(&rc, "d"), 1);
	assert_int_equal(rcconf_yes(&rc, "e"), 1);
	assert_int_equal(rcconf_yes(&rc, "f"), 0);
	assert_int_equal(rcconf_yes(&rc, "g"), 0);
	assert_int_equal(rcconf_yes(&rc, "h"), 0);
	assert_int_equal(rcconf_yes(&rc, "i"), 0);
	assert_int_equal(rcconf_yes(&rc, "j"), 0);
	assert_int_equal(rcconf_yes(&rc, "k"), -1);
	assert_int_equal(rcconf_yes(&rc, "l"), -1);
	assert_int_equal(rcconf_yes(&rc, "m"), -1);
	assert_int_equal(rcconf_yes(&rc, "unset"), -1);
	assert_int_equal(rcconf_check_yesno(c, &rc, "a"), 1);
	assert_int_equal(rcconf_check_yesno(c, &rc, "unset"), -1);
	assert_int_equal(c->ndiags, 0);
	assert_int_equal(rcconf_check_yesno(c, &rc, "k"), -1);
	assert_int_equal(c->ndiags, 1);
	assert_int_equal(c->diags[0].sev, CONF_ERROR);
	assert_string_equal(c->diags[0].msg, "k=\"yse\": rc.subr's checkyesno "
	    "takes YES, TRUE, ON, 1, NO, FALSE, OFF or 0 (any case); it would "
	    "warn and read it as NO");
	rcconf_check_enables(c, &rc);
	assert_int_equal(c->ndiags, 3);
	assert_int_equal(c->diags[1].sev, CONF_WARNING);
	assert_int_equal(c->diags[1].loc.line, 14);
	assert_string_equal(c->diags[1].msg, "sshd_enable=\"maybe\": rc.subr's "
	    "checkyesno takes YES, TRUE, ON, 1, NO, FALSE, OFF or 0 (any "
	    "case); it would warn and read it as NO");
	assert_int_equal(c->diags[2].loc.line, 17);
	conf_free(c);
}

static char tmpdir[64];

static int
make_tmpdir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/t_rc_conf.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static const char *
path_of(char *buf, size_t size, const char *rel)
{
	snprintf(buf, (unsigned)size, "%s/%s", tmpdir, rel);
	return buf;
}

static void
test_load(void **state)
{
	struct conf *c = conf_new(0);
	struct rcconf rc;
	char p[128], q[128], msg[320];
	size_t big = (1u << 20) + 1;
	char *data = malloc(big);

	(void)state;
	write_file(path_of(p, sizeof(p), "rc.conf"), "a=1\n", 4);
	assert_int_equal(rcconf_load(c, p, &rc), 0);
	assert_string_equal(rcconf_get(&rc, "a"), "1");
	assert_string_equal(rc.vars[0].loc.file, p);
	/* A symbolic link is refused, not followed. */
	assert_int_equal(symlink(p, path_of(q, sizeof(q), "link")), 0);
	assert_int_equal(rcconf_load(c, q, &rc), -1);
	snprintf(msg, sizeof(msg), "cannot open %s: it is a symbolic link, "
	    "which brig does not follow", q);
	assert_string_equal(c->diags[0].msg, msg);
	/* 1 MiB at most. */
	memset(data, '#', big);
	write_file(p, data, big);
	assert_int_equal(rcconf_load(c, p, &rc), -1);
	snprintf(msg, sizeof(msg), "%s: file too large (at most 1 MiB)", p);
	assert_string_equal(c->diags[1].msg, msg);
	free(data);
	conf_free(c);
}

static void
test_load_jail(void **state)
{
	struct conf *c = conf_new(0);
	struct rcconf rc;
	char root[128], p[160], msg[320];

	(void)state;
	path_of(root, sizeof(root), "jail");
	/* No root, no etc, no rc.conf: nothing to read, nothing said. */
	assert_int_equal(rcconf_load_jail(c, root, &rc), 1);
	assert_int_equal(mkdir(root, 0755), 0);
	assert_int_equal(rcconf_load_jail(c, root, &rc), 1);
	snprintf(p, sizeof(p), "%s/etc", root);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(rcconf_load_jail(c, root, &rc), 1);
	assert_int_equal(c->ndiags, 0);
	/* The file, with a trailing '/' on the root. */
	snprintf(p, sizeof(p), "%s/etc/rc.conf", root);
	write_file(p, "hostname=\"j\"\n", 13);
	snprintf(p, sizeof(p), "%s/", root);
	assert_int_equal(rcconf_load_jail(c, p, &rc), 0);
	assert_string_equal(rcconf_get(&rc, "hostname"), "j");
	snprintf(p, sizeof(p), "%s/etc/rc.conf", root);
	assert_string_equal(rc.vars[0].loc.file, p);
	/* rc.conf a link to the host's: refused. */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink("/etc/hostname", p), 0);
	assert_int_equal(rcconf_load_jail(c, root, &rc), -1);
	snprintf(msg, sizeof(msg), "cannot open %s: it is a symbolic link, "
	    "which brig does not follow inside a jail", p);
	assert_string_equal(c->diags[0].msg, msg);
	/* etc a link to the host's /etc: refused. */
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/etc", root);
	assert_int_equal(rmdir(p), 0);
	assert_int_equal(symlink("/etc", p), 0);
	assert_int_equal(rcconf_load_jail(c, root, &rc), -1);
	snprintf(msg, sizeof(msg), "cannot open %s: it is a symbolic link, "
	    "which brig does not follow inside a jail", p);
	assert_string_equal(c->diags[1].msg, msg);
	conf_free(c);
}

int
main(void)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), i;
	struct CMUnitTest *tests = calloc(n + 8, sizeof(*tests));

	for (i = 0; i < n; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)(uintptr_t)&cases[i];
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_long_line);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_many);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_yesno);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_load);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_load_jail);
	return _cmocka_run_group_tests("rc_conf", tests, n, make_tmpdir,
	    remove_tmpdir);
}
