/* Unit tests of the jail.conf language: lexer, parser, resolver and
 * checker, each case asserting the exact `show -p` output or the exact
 * diagnostics.  The expectations follow FreeBSD's jail(8) parser
 * (usr.sbin/jail/jaillex.l, jailparse.y, config.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "t_diags.h"
#include "conf/conf.h"
#include "conf/conf_int.h"
#include "conf/params.h"

/* One line of show -p. */
#define L(j, p, v) j "\t" p "\t" v "\n"

struct tcase {
	const char *name;
	const char *in;
	size_t len;		/* 0: strlen(in) */
	bool check;		/* run conf_check too */
	const char *out;	/* expected show -p, if no diagnostics */
	const char *diags;	/* expected diagnostics, "L:C: msg\n" each */
};

static char *
flat(const struct conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	conf_print_flat(c, fp, NULL, 0);
	fclose(fp);
	return buf;
}

static void
run_case(void **state)
{
	const struct tcase *t = *state;
	size_t len = t->len ? t->len : strlen(t->in);
	struct conf *c = conf_load_mem("t.conf", t->in, len, CONF_NO_INCLUDE);
	char *d, *o;

	if (t->check && !conf_failed(c))
		conf_check(c);
	d = diags(c);
	assert_string_equal(d, t->diags ? t->diags : "");
	if (t->out) {
		o = flat(c);
		assert_string_equal(o, t->out);
		free(o);
	}
	free(d);
	conf_free(c);
}

#define OUT(n, in, out)		{ n, in, 0, false, out, NULL }
#define ERR(n, in, d)		{ n, in, 0, false, NULL, d }
#define CHK(n, in, out, d)	{ n, in, 0, true, out, d }

static const struct tcase cases[] = {
	/* --- values, quoting, escapes --- */
	OUT("bare path glues / pieces", "a { path = /jails/a; }",
	    L("a", "name", "a") L("a", "path", "/jails/a")),
	OUT("double quotes", "a { path = \"/jails/a b\"; }",
	    L("a", "name", "a") L("a", "path", "/jails/a b")),
	OUT("single quotes do not expand", "a { exec.start = 'echo $name'; }",
	    L("a", "name", "a") L("a", "exec.start", "echo $name")),
	OUT("single quotes decode escapes", "a { exec.start = 'x\\ty'; }",
	    L("a", "name", "a") L("a", "exec.start", "x\\ty")),
	OUT("double quotes decode \\n", "a { exec.start = \"x\\ny\"; }",
	    L("a", "name", "a") L("a", "exec.start", "x\\ny")),
	OUT("octal escapes", "a { exec.start = \"\\101\\102\\7\"; }",
	    L("a", "name", "a") L("a", "exec.start", "AB\\007")),
	OUT("hex escapes", "a { exec.start = \"\\x41\\x4a\\x4g\"; }",
	    L("a", "name", "a") L("a", "exec.start", "AJ\\004g")),
	OUT("a NUL escape ends the string", "a { exec.start = \"ab\\0cd\"; }",
	    L("a", "name", "a") L("a", "exec.start", "ab")),
	OUT("\\x without digits is NUL", "a { exec.start = \"ab\\xzz\"; }",
	    L("a", "name", "a") L("a", "exec.start", "ab")),
	OUT("unknown escape is the character",
	    "a { exec.start = \"\\q\\\"\\\\\"; }",
	    L("a", "name", "a") L("a", "exec.start", "q\"\\")),
	OUT("backslash-newline disappears in quotes",
	    "a { exec.start = \"x; \\\ny\"; }",
	    L("a", "name", "a") L("a", "exec.start", "x; y")),
	OUT("backslash-newline in a bare word", "a { path = /x\\\ny; }",
	    L("a", "name", "a") L("a", "path", "/xy")),
	OUT("bare escapes", "a { exec.start = a\\ b\\;c; }",
	    L("a", "name", "a") L("a", "exec.start", "a b;c")),
	OUT("glued pieces", "a { exec.start = \"x\"'y'z$name; }",
	    L("a", "name", "a") L("a", "exec.start", "xyza")),
	OUT("quoted newline kept", "a { exec.start = \"x\ny\"; }",
	    L("a", "name", "a") L("a", "exec.start", "x\\ny")),
	OUT("plus inside a word", "a { exec.start = a+b; }",
	    L("a", "name", "a") L("a", "exec.start", "a+b")),
	OUT("star inside a word", "a { exec.start = a*b; }",
	    L("a", "name", "a") L("a", "exec.start", "a*b")),
	OUT("atom characters", "a { exec.start = !%&()-.:<>?@[]^`|~_9; }",
	    L("a", "name", "a") L("a", "exec.start", "!%&()-.:<>?@[]^`|~_9")),
	OUT("utf-8 in quotes", "a { host.hostname = \"h\xc3\xa9\"; }",
	    L("a", "name", "a") L("a", "host.hostname", "h\xc3\xa9")),
	OUT("empty string", "a { exec.start = \"\"; }",
	    L("a", "name", "a") L("a", "exec.start", "")),
	OUT("quotes inside the other quotes",
	    "a { exec.start = 'say \"hi\"', \"it's\"; }",
	    L("a", "name", "a") L("a", "exec.start", "say \"hi\"")
	    L("a", "exec.start", "it's")),
	OUT("CRLF line ends", "a {\r\n persist;\r\n}\r\n",
	    L("a", "name", "a") L("a", "persist", "true")),

	/* --- comments --- */
	OUT("three comment kinds",
	    "# one\n// two\n/* three\n four */ a { persist; } # end",
	    L("a", "name", "a") L("a", "persist", "true")),
	OUT("hash after a word", "a { path = /x#c\n; }",
	    L("a", "name", "a") L("a", "path", "/x")),
	OUT("double slash after a word", "a { path = /x//c\n; }",
	    L("a", "name", "a") L("a", "path", "/x")),
	OUT("comment markers in quotes", "a { exec.start = \"# /* // */\"; }",
	    L("a", "name", "a") L("a", "exec.start", "# /* // */")),
	OUT("block comment with stars", "/** x **/ a { /***/ persist; }",
	    L("a", "name", "a") L("a", "persist", "true")),

	/* --- assignment forms --- */
	OUT("comma list", "a { ip4.addr = 10.0.0.1, 10.0.0.2 ,10.0.0.3; }",
	    L("a", "name", "a") L("a", "ip4.addr", "10.0.0.1")
	    L("a", "ip4.addr", "10.0.0.2") L("a", "ip4.addr", "10.0.0.3")),
	OUT("+= appends", "a { ip4.addr = 1.1.1.1; ip4.addr += 2.2.2.2, 3.3.3.3; }",
	    L("a", "name", "a") L("a", "ip4.addr", "1.1.1.1")
	    L("a", "ip4.addr", "2.2.2.2") L("a", "ip4.addr", "3.3.3.3")),
	OUT("+= without an earlier value", "a { depend += b; } b {}",
	    L("a", "name", "a") L("a", "depend", "b") L("b", "name", "b")),
	OUT("= replaces", "a { ip4.addr = 1.1.1.1, 2.2.2.2; ip4.addr = 3.3.3.3; }",
	    L("a", "name", "a") L("a", "ip4.addr", "3.3.3.3")),
	OUT("+= glued to the name", "a { ip4.addr=1.1.1.1;ip4.addr+=2.2.2.2; }",
	    L("a", "name", "a") L("a", "ip4.addr", "1.1.1.1")
	    L("a", "ip4.addr", "2.2.2.2")),
	OUT("name value without =", "a { persist true; path \"/x\"; }",
	    L("a", "name", "a") L("a", "persist", "true") L("a", "path", "/x")),
	OUT("empty statements", ";; a { ;; persist;; } ;",
	    L("a", "name", "a") L("a", "persist", "true")),
	OUT("empty block", "a {}", L("a", "name", "a")),
	OUT("quoted jail name", "\"my-jail\" { persist; }",
	    L("my-jail", "name", "my-jail") L("my-jail", "persist", "true")),

	/* --- booleans --- */
	OUT("bare boolean", "a { persist; }",
	    L("a", "name", "a") L("a", "persist", "true")),
	OUT("no prefix", "a { nopersist; }",
	    L("a", "name", "a") L("a", "persist", "false")),
	OUT("no prefix on the last component", "a { allow.noraw_sockets; }",
	    L("a", "name", "a") L("a", "allow.raw_sockets", "false")),
	OUT("later no form wins, first place kept",
	    "a { persist; path = /x; nopersist; }",
	    L("a", "name", "a") L("a", "persist", "false") L("a", "path", "/x")),
	OUT("false", "a { persist = false; }",
	    L("a", "name", "a") L("a", "persist", "false")),
	OUT("TRUE any case", "a { persist = TRUE; }",
	    L("a", "name", "a") L("a", "persist", "true")),
	OUT("integer booleans", "a { persist = 0; exec.clean = 5; }",
	    L("a", "name", "a") L("a", "persist", "false")
	    L("a", "exec.clean", "true")),
	OUT("nopersist = false is true", "a { nopersist = false; }",
	    L("a", "name", "a") L("a", "persist", "true")),
	OUT("last of a list decides", "a { persist = true, false; }",
	    L("a", "name", "a") L("a", "persist", "false")),
	OUT("jailsys flag and value", "a { vnet; } b { vnet = new; } c { novnet; }",
	    L("a", "name", "a") L("a", "vnet", "true")
	    L("b", "name", "b") L("b", "vnet", "new")
	    L("c", "name", "c") L("c", "vnet", "false")),

	/* --- defaults, wildcards, order --- */
	OUT("global defaults", "persist; a {} b {}",
	    L("a", "name", "a") L("a", "persist", "true")
	    L("b", "name", "b") L("b", "persist", "true")),
	OUT("a jail overrides earlier globals",
	    "exec.timeout = 1; a { exec.timeout = 2; }",
	    L("a", "name", "a") L("a", "exec.timeout", "2")),
	OUT("later globals override the jail",
	    "exec.timeout = 1; a { exec.timeout = 2; } exec.timeout = 3;",
	    L("a", "name", "a") L("a", "exec.timeout", "3")),
	OUT("globals apply only to jails, in file order",
	    "a { path = /a; } persist; b { path = /b; }",
	    L("a", "name", "a") L("a", "path", "/a") L("a", "persist", "true")
	    L("b", "name", "b") L("b", "persist", "true") L("b", "path", "/b")),
	OUT("wildcard block after", "a { host.hostname = x; } * { host.hostname = y; }",
	    L("a", "name", "a") L("a", "host.hostname", "y")),
	OUT("wildcard block before", "* { host.hostname = y; } a { host.hostname = x; }",
	    L("a", "name", "a") L("a", "host.hostname", "x")),
	OUT("global parameter joins the last * block",
	    "* { persist; } path = /p; a {}",
	    L("a", "name", "a") L("a", "persist", "true") L("a", "path", "/p")),
	OUT("hierarchical wildcard", "foo {} foo.bar {} foo.bar.baz {} \"foo.*\" { persist; }",
	    L("foo", "name", "foo")
	    L("foo.bar", "name", "foo.bar") L("foo.bar", "persist", "true")
	    L("foo.bar.baz", "name", "foo.bar.baz")
	    L("foo.bar.baz", "persist", "true")),
	OUT("a middle * matches one component", "a.x.c {} a.x.y.c {} 'a.*.c' { persist; }",
	    L("a.x.c", "name", "a.x.c") L("a.x.c", "persist", "true")
	    L("a.x.y.c", "name", "a.x.y.c")),
	ERR("an unquoted foo.* is two pieces (as jail(8))", "foo.* { persist; }",
	    "1:5: syntax error: '*' is glued to \"foo.\": a name must be one "
	    "word; quote it\n"),
	OUT("a star inside a word is not a wildcard", "\"a*b\" { persist; }",
	    L("a*b", "name", "a*b") L("a*b", "persist", "true")),
	OUT("nested blocks name children", "foo { persist; bar { path = /b; } }",
	    L("foo", "name", "foo") L("foo", "persist", "true")
	    L("foo.bar", "name", "foo.bar") L("foo.bar", "path", "/b")),
	OUT("numeric name is a jid", "5 { persist; }",
	    L("5", "jid", "5") L("5", "persist", "true")),
	OUT("duplicate blocks stay two jails (as jail(8))", "a { persist; } a { path = /x; }",
	    L("a", "name", "a") L("a", "persist", "true")
	    L("a", "name", "a") L("a", "path", "/x")),
	OUT("jails in file order", "c {} a {} b {}",
	    L("c", "name", "c") L("a", "name", "a") L("b", "name", "b")),

	/* --- variables --- */
	OUT("$name in a default", "path = \"/jails/$name\"; a {} b {}",
	    L("a", "name", "a") L("a", "path", "/jails/a")
	    L("b", "name", "b") L("b", "path", "/jails/b")),
	OUT("${param} with a dot", "a { host.hostname = h; path = \"/j/${host.hostname}x\"; }",
	    L("a", "name", "a") L("a", "host.hostname", "h")
	    L("a", "path", "/j/hx")),
	OUT("user variable", "$base = /jails; a { path = \"$base/$name\"; }",
	    L("a", "name", "a") L("a", "path", "/jails/a")),
	OUT("variables see the final value", "a { path = \"/j/$x\"; } $x = y;",
	    L("a", "name", "a") L("a", "path", "/j/y")),
	OUT("bare variable value", "$x = /v; a { path = $x; }",
	    L("a", "name", "a") L("a", "path", "/v")),
	OUT("escaped dollar", "a { exec.start = \"echo \\$name $5 a$\"; }",
	    L("a", "name", "a") L("a", "exec.start", "echo $name $5 a$")),
	OUT("variable next to text", "a { exec.start = \"x${name}y$name-z\"; }",
	    L("a", "name", "a") L("a", "exec.start", "xay" "a-z")),
	OUT("a list variable becomes several values",
	    "$l = x, y; a { depend = $l; }",
	    L("a", "name", "a") L("a", "depend", "x") L("a", "depend", "y")),
	OUT("list variable in a longer list",
	    "$l = x, y; a { depend = w, $l, z; }",
	    L("a", "name", "a") L("a", "depend", "w") L("a", "depend", "x")
	    L("a", "depend", "y") L("a", "depend", "z")),
	OUT("a parameter whose value has variables moves first",
	    "a { exec.start = \"$v\"; host.hostname = \"$name.lan\"; "
	    "$v = \"${host.hostname}\"; }",
	    L("a", "name", "a") L("a", "host.hostname", "a.lan")
	    L("a", "exec.start", "a.lan")),
	OUT("variables are not parameters", "$x = 1; a { $y = 2; }",
	    L("a", "name", "a")),
	OUT("a variable in an escape-decoded brace",
	    "$a_b = 1; a { exec.start = \"${a\\_b}\"; }",
	    L("a", "name", "a") L("a", "exec.start", "1")),
	ERR("undefined variable", "a { path = \"/j/$nope\"; }",
	    "1:16: jail a: path: variable \"nope\" is not defined\n"),
	ERR("a flag has no value to substitute", "a { persist; path = $persist; }",
	    "1:21: jail a: path: variable \"persist\" is not defined\n"),
	ERR("$name is undefined for a numeric jail", "5 { path = /$name; }",
	    "1:13: jail 5: path: variable \"name\" is not defined\n"),
	ERR("variable loop", "a { $x = \"$y\"; $y = \"$x\"; path = $x; }",
	    "1:22: jail a: y: variable loop through \"x\"\n"),
	ERR("self reference", "a { path = \"$path/x\"; }",
	    "1:13: jail a: path: variable loop through \"path\"\n"),
	ERR("list inside a string", "$l = x, y; a { exec.start = \"run $l\"; }",
	    "1:34: jail a: exec.start: list \"l\" cannot be substituted inside "
	    "a string\n"),
	ERR("variable named like a parameter", "a { $path = x; }",
	    "1:5: jail a: variable \"$path\" cannot have the same name as a "
	    "parameter\n"),
	ERR("parameter named like a variable", "$foo = 1; a { foo = 2; }",
	    "1:15: jail a: variable \"$foo\" cannot have the same name as a "
	    "parameter\n"),
	ERR("name cannot be redefined", "a { name = b; }",
	    "1:5: jail a: cannot redefine parameter \"name\"\n"),
	ERR("jid cannot be redefined", "5 { jid = 6; }",
	    "1:5: jail 5: cannot redefine parameter \"jid\"\n"),
	ERR("errors are per jail", "path = \"/j/$x\"; a { $x = 1; } b {}",
	    "1:12: jail b: path: variable \"x\" is not defined\n"),

	/* --- syntax errors --- */
	ERR("missing semicolon", "a { persist }",
	    "1:13: syntax error: unexpected '}', expected '=', '+=', a value "
	    "or ';'\n"),
	ERR("missing semicolon after a value", "a { path = /x }",
	    "1:15: syntax error: unexpected '}', expected ',' or ';'\n"),
	ERR("two words", "a { path = /x /y; }",
	    "1:15: syntax error: unexpected '/', expected ',' or ';'\n"),
	ERR("comment splits a word", "a { path = /x/* c */y; }",
	    "1:21: syntax error: unexpected 'y', expected ',' or ';'\n"),
	ERR("missing value", "a { path = ; }",
	    "1:12: syntax error: unexpected ';', expected a value\n"),
	ERR("trailing comma", "a { depend = b,; }",
	    "1:16: syntax error: unexpected ';', expected a value\n"),
	ERR("stray close brace", "}",
	    "1:1: syntax error: unexpected '}', expected a jail name or a "
	    "parameter\n"),
	ERR("unclosed block", "a { persist;",
	    "1:13: syntax error: unexpected end of file, expected '}'\n"),
	ERR("variable as a jail name", "$x { }",
	    "1:4: syntax error: unexpected '{', expected '=', '+=', a value "
	    "or ';'\n"),
	ERR("glued jail name", "\"a\"b { }",
	    "1:4: syntax error: 'b' is glued to \"a\": a name must be one "
	    "word; quote it\n"),
	ERR("glued parameter name", "a { path\"x\" = 1; }",
	    "1:9: syntax error: 'x' is glued to \"path\": a name must be one "
	    "word; quote it\n"),
	ERR("equals first", "= x;",
	    "1:1: syntax error: unexpected '=', expected a jail name or a "
	    "parameter\n"),
	ERR("unterminated string", "a { path = \"/x;\n}\n",
	    "1:12: unterminated string: expected '\"'\n"
	    "2:1: syntax error: unexpected '}', expected a value\n"),
	ERR("unterminated single quote", "a { path = '/x;\n",
	    "1:12: unterminated string: expected \"'\"\n"
	    "2:1: syntax error: unexpected end of file, expected a value\n"
	    "2:1: syntax error: unexpected end of file, expected '}'\n"),
	ERR("unterminated comment", "a { persist; } /* x",
	    "1:16: unterminated comment: expected '*/'\n"),
	ERR("unterminated variable", "a { path = ${x\n; }",
	    "1:12: unterminated variable: expected '}'\n"
	    "2:1: syntax error: unexpected ';', expected a value\n"),
	ERR("a braced variable may hold blanks", "a { path = ${x; }",
	    "1:18: syntax error: unexpected end of file, expected ',' or ';'\n"
	    "1:18: syntax error: unexpected end of file, expected '}'\n"),
	{ "NUL byte", "a { persist; }\0b {}", 19, false, NULL,
	    "1:15: syntax error: unexpected NUL byte, expected a jail name or "
	    "a parameter\n" },
	ERR("invalid utf-8", "a { host.hostname = \"\xff\xfe\"; }",
	    "1:21: invalid UTF-8 in string\n"
	    "1:25: syntax error: unexpected ';', expected a value\n"),
	ERR("binary junk", "\x01\x02",
	    "1:1: syntax error: unexpected byte 0x01, expected a jail name or a "
	    "parameter\n"),
	ERR("every error is reported", "a { = ; } b { path = ; }",
	    "1:5: syntax error: unexpected '=', expected a jail name or a "
	    "parameter\n"
	    "1:22: syntax error: unexpected ';', expected a value\n"),
	ERR("include refused when not allowed", ".include \"x.conf\";",
	    "1:10: .include is not allowed here\n"),
	ERR("include with a variable", ".include \"$x.conf\";",
	    "1:10: variables are not permitted in an .include file name\n"),

	/* --- brig check --- */
	CHK("the seed's defaults check clean",
	    "exec.start = \"/bin/sh /etc/rc\"; exec.clean; mount.devfs;\n"
	    "unbound { vnet; vnet.interface = \"epair0b\"; persist;\n"
	    " path = \"/jails/unbound\"; host.hostname = \"$name\"; }",
	    NULL, NULL),
	CHK("unknown parameter with a suggestion", "a { pesist; }", NULL,
	    "1:5: jail a: unknown parameter \"pesist\"; did you mean "
	    "\"persist\"?\n"),
	CHK("unknown parameter", "a { frobnicate = 1; }", NULL,
	    "1:5: jail a: unknown parameter \"frobnicate\"\n"),
	CHK("no form of a non-boolean", "a { nopath; }", NULL,
	    "1:5: jail a: unknown parameter \"nopath\"; did you mean "
	    "\"path\"?\n"),
	CHK("bad boolean", "a { persist = yes; }", NULL,
	    "1:5: jail a: persist: unknown boolean value \"yes\"\n"),
	CHK("bad integer", "a { stop.timeout = 10s; }", NULL,
	    "1:5: jail a: stop.timeout: \"10s\" is not an integer\n"),
	CHK("integer out of range", "a { enforce_statfs = 3; }", NULL,
	    "1:5: jail a: enforce_statfs: 3 is out of range (0 to 2)\n"),
	CHK("string takes one value", "a { path = /a, /b; }", NULL,
	    "1:5: jail a: path takes one value, not a list\n"),
	CHK("string needs a value", "a { path; }", NULL,
	    "1:5: jail a: path needs a value (string)\n"),
	CHK("relative path", "a { path = jails/a; }", NULL,
	    "1:5: jail a: path \"jails/a\" is not an absolute path name\n"),
	CHK("jail name with a slash", "\"a/b\" {}", NULL,
	    "1:1: jail a/b: a jail name cannot contain '/' or '..'\n"),
	CHK("jail name ..", "\"..\" {}", NULL,
	    "1:1: jail ..: a jail name cannot contain '/' or '..'\n"),
	CHK("jail name with a control character", "\"a\\tb\" {}", NULL,
	    "1:1: jail name \"a\\x09b\" contains a control character\n"),
	CHK("jail name too long",
	    "a234567890123456789012345678901234567890123456789012345678901234"
	    "5 {}", NULL,
	    "1:1: jail name \"a2345678901234567890...\" is 65 bytes long; the "
	    "limit is 64 (a Linux hostname)\n"),
	CHK("jail name with a blank", "\"a b\" {}", NULL,
	    "1:1: jail a b: invalid character ' ' in the jail name (use "
	    "letters, digits, '_', '-')\n"),
	CHK("numeric jail name", "5 {}", NULL,
	    "1:1: jail 5: a jail name cannot be a number (jail(8) reads it as "
	    "a jid)\n"),
	CHK("child jails are refused", "a { b {} }", NULL,
	    "1:5: jail a.b: hierarchical (child) jails are not supported yet\n"),
	CHK("duplicate jail", "a {}\na {}", NULL,
	    "2:1: jail a: defined again (first at t.conf:1); jail(8) would make "
	    "two jails of one name\n"),
	CHK("depend on a missing jail", "a { depend = b; }", NULL,
	    "1:14: jail a: depend: no jail named \"b\"\n"),
	CHK("depend cycle", "a { depend = b; } b { depend = a; }", NULL,
	    "1:32: jail b: depend: \"a\" is part of a dependency cycle\n"),
	CHK("depend on itself", "a { depend = a; }", NULL,
	    "1:14: jail a: depend: \"a\" is part of a dependency cycle\n"),
	CHK("bad IPv4 address", "a { vnet; ip4.addr = 10.0.0.300/24; }", NULL,
	    "1:22: jail a: ip4.addr: \"10.0.0.300/24\": not an IPv4 address\n"),
	CHK("bad prefix", "a { vnet; ip4.addr = \"em0|10.0.0.3/33\"; }", NULL,
	    "1:22: jail a: ip4.addr: \"em0|10.0.0.3/33\": prefix length out of "
	    "range\n"),
	CHK("interface name too long",
	    "a { vnet; ip6.addr = \"abcdefghijklmnop|::1/64\"; }", NULL,
	    "1:22: jail a: ip6.addr: \"abcdefghijklmnop|::1/64\": invalid "
	    "interface name (at most 15 bytes, no '/', ':' or blanks)\n"),
	CHK("good addresses", "a { vnet; ip4.addr = \"lo|127.0.0.2/8\", "
	    "10.1.1.1, 10.2.2.2/255.255.0.0; ip6.addr = \"fd00::1/64\"; }",
	    NULL, NULL),
	CHK("addresses on a shared-stack jail warn",
	    "a { interface = lo; ip4.addr = 127.0.0.2; }", NULL,
	    "1:21: warning: jail a: ip4.addr: brig adds these addresses to "
	    "the host interface while the jail runs, but does not yet "
	    "restrict the jail's sockets to them (the jail shares the host's "
	    "network stack)\n"),
	CHK("no address warning for a vnet = new jail",
	    "a { vnet = new; ip4.addr = 10.0.0.2; }", NULL, NULL),
	CHK("vnet.interface too long", "a { vnet; vnet.interface = epair0123456789ab; }",
	    NULL, "1:28: jail a: vnet.interface \"epair0123456789ab\": not a "
	    "valid interface name (1-15 bytes, no '/', ':' or blanks)\n"),
	CHK("devfs ruleset that does not exist", "a { devfs_ruleset = 7; }", NULL,
	    "1:5: jail a: devfs_ruleset 7 does not exist (brig has FreeBSD's "
	    "rulesets 0-5; see brig.conf(5))\n"),
	CHK("refused when set", "a { allow.mount.zfs; }", NULL,
	    "1:5: jail a: allow.mount.zfs: not supported on Linux (ZFS datasets "
	    "cannot be delegated to a Linux jail)\n"),
	CHK("refused but off is fine", "a { allow.mount.nozfs; children.max = 0; }",
	    NULL, NULL),
	CHK("ignored with a warning", "a { securelevel = 3; }", NULL,
	    "1:5: warning: jail a: securelevel: not supported on Linux (Linux "
	    "has no securelevel; the jail's capabilities and seccomp filter are "
	    "fixed at start instead); ignored\n"),
	CHK("read-only parameter", "a { dying; }", NULL,
	    "1:5: jail a: dying is read-only: the kernel reports it, a "
	    "configuration cannot set it\n"),
	CHK("jailsys values", "a { vnet = maybe; }", NULL,
	    "1:5: jail a: vnet: unknown new|inherit|disable value \"maybe\"\n"),
	CHK("no form of a jailsys with a word", "a { novnet = new; }", NULL,
	    "1:5: jail a: novnet: a \"no\" form takes no value or a boolean\n"),
	CHK("brig.storage", "a { brig.storage = lvm; }", NULL,
	    "1:5: jail a: brig.storage \"lvm\": expected dir, btrfs, zfs or "
	    "overlay\n"),
	CHK("hostname too long", "a { host.hostname = "
	    "h2345678901234567890123456789012345678901234567890123456789012345;"
	    " }", NULL,
	    "1:5: jail a: host.hostname is 65 bytes long; Linux allows 64\n"),
};

/* Pure helpers ported from jail.c. */
static void
test_equalopts(void **state)
{
	(void)state;
	assert_true(conf_equalopts("persist", "persist"));
	assert_true(conf_equalopts("persist", "nopersist"));
	assert_true(conf_equalopts("nopersist", "persist"));
	assert_true(conf_equalopts("allow.raw_sockets", "allow.noraw_sockets"));
	assert_true(conf_equalopts("allow.mount.nozfs", "allow.mount.zfs"));
	assert_false(conf_equalopts("allow.raw_sockets", "allow.sysvipc"));
	assert_false(conf_equalopts("persist", "nonopersist"));
	assert_true(conf_equalopts("a.b", "noa.b"));	/* whole-name "no" */
	assert_false(conf_equalopts("a.b", "a.nob.c"));
}

static void
test_wild(void **state)
{
	(void)state;
	assert_true(conf_wild_name("*"));
	assert_true(conf_wild_name("foo.*"));
	assert_true(conf_wild_name("*.bar"));
	assert_false(conf_wild_name("a*b"));
	assert_false(conf_wild_name("foo.b*"));
	assert_true(conf_wild_match("anything", "*"));
	assert_true(conf_wild_match("foo.bar", "foo.*"));
	assert_true(conf_wild_match("foo.bar.baz", "foo.*"));
	assert_false(conf_wild_match("foo", "foo.*"));
	assert_false(conf_wild_match("food.bar", "foo.*"));
	assert_true(conf_wild_match("x.bar", "*.bar"));
	assert_false(conf_wild_match("x.y.bar", "*.bar"));
}

static void
test_order(void **state)
{
	const char *in = "web { depend = db, cache; } db { depend = disk; } "
	    "cache {} disk {} other {}";
	struct conf *c = conf_load_mem("t.conf", in, strlen(in), 0);
	const char *want[] = { "disk", "db", "cache", "web", "other" };
	size_t i;

	(void)state;
	conf_check(c);
	assert_int_equal(conf_errors(c), 0);
	assert_int_equal(c->njails, 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(c->order[i]->name, want[i]);
	conf_free(c);
}

/* A long depend chain must not exhaust the stack. */
static void
test_deep_depend(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct conf *c;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++)
		fprintf(fp, "j%d { depend = j%d; }\n", i, i + 1);
	fprintf(fp, "j%d {}\n", i);
	fclose(fp);
	c = conf_load_mem("t.conf", buf, len, 0);
	conf_check(c);
	assert_int_equal(conf_errors(c), 0);
	assert_string_equal(c->order[0]->name, "j20000");
	conf_free(c);
	free(buf);
}

static void
test_params_table_sorted(void **state)
{
	const struct param_def *t;
	unsigned n, i;

	(void)state;
	t = params_table(&n);
	for (i = 1; i < n; i++)
		assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
	for (i = 0; i < n; i++)
		assert_ptr_equal(params_lookup(t[i].name), &t[i]);
}

int
main(void)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), i;
	struct CMUnitTest *tests = calloc(n + 5, sizeof(*tests));

	for (i = 0; i < n; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = (void *)(uintptr_t)&cases[i];
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_equalopts);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_wild);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_order);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_deep_depend);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_params_table_sorted);
	return _cmocka_run_group_tests("conf", tests, n, NULL, NULL);
}
