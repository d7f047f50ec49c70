/* Unit tests of the rctl.conf reader: each case asserts the exact rules
 * parsed (one "LINE:COL subject:id:resource:action=amount/per" line
 * each) or the exact diagnostics ("LINE:COL: message").  The
 * expectations follow FreeBSD: rc.d/rctl, usr.bin/rctl/rctl.c,
 * lib/libutil expand_number(3), sys/kern/kern_rctl.c and kern_racct.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "t_diags.h"
#include "conf/conf.h"
#include "conf/conf_int.h"
#include "conf/params.h"
#include "conf/rctl_conf.h"
#include "conf/suggest.h"

struct tcase {
	const char *name;
	const char *in;
	size_t len;		/* 0: strlen(in) */
	bool lx;		/* run rctl_check_linux too */
	const char *out;	/* expected rules */
	const char *diags;	/* expected diagnostics */
};

static char *
dump(const struct rctl_set *s)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	for (i = 0; i < s->n; i++) {
		const struct rctl_rule *r = &s->rules[i];

		fprintf(fp, "%u:%u %s:%s:%s:%s=%llu/%s", r->loc.line,
		    r->loc.col, rctl_subject_name(r->subject), r->id,
		    rctl_resource_name(r->resource), r->action ==
		    RCTL_ACT_SIGNAL ? r->signame : rctl_action_name(r->action),
		    (unsigned long long)r->amount, rctl_subject_name(r->per));
		if (r->action == RCTL_ACT_SIGNAL)
			fprintf(fp, " (%d)", r->sig);
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
	struct rctl_set set;
	char *d, *o;
	int rc;

	rc = rctl_parse(c, "rctl.conf", t->in, len, &set);
	assert_int_equal(rc, c->nerrors[CONF_STAGE_SYNTAX] ? -1 : 0);
	if (t->lx)
		rctl_check_linux(c, &set);
	d = diags(c);
	o = dump(&set);
	assert_string_equal(d, t->diags ? t->diags : "");
	assert_string_equal(o, t->out ? t->out : "");
	free(d);
	free(o);
	conf_free(c);
}

#define OUT(n, in, out)		{ n, in, 0, false, out, NULL }
#define ERR(n, in, d)		{ n, in, 0, false, NULL, d }
#define BOTH(n, in, out, d)	{ n, in, 0, false, out, d }
#define LX(n, in, out, d)	{ n, in, 0, true, out, d }

#define RES(r) "jail:j:" r ":log=1\n"
#define RESOUT(l, r) #l ":1 jail:j:" r ":log=1/jail\n"
#define SIG(s) "jail:j:maxproc:" s "=1\n"
#define SIGOUT(l, s, n) #l ":1 jail:j:maxproc:" s "=1/jail (" #n ")\n"
#define NULS "jail:a:maxproc:deny=5\njail:b\0:maxproc:deny=6\n" \
	"jail:c\x01:maxproc:deny=7\n# \0 in a comment\n"
#define HELP "(a rule is subject:subject-id:resource:action=amount[/per])"

static const struct tcase cases[] = {
	/* --- every name rctl(8) knows --- */
	OUT("every resource",
	    RES("cputime") RES("datasize") RES("stacksize")
	    RES("coredumpsize") RES("memoryuse") RES("memorylocked")
	    RES("maxproc") RES("openfiles") RES("vmemoryuse")
	    RES("pseudoterminals") RES("swapuse") RES("nthr")
	    RES("msgqqueued") RES("msgqsize") RES("nmsgq") RES("nsem")
	    RES("nsemop") RES("nshm") RES("shmsize") RES("wallclock")
	    RES("pcpu") RES("readbps") RES("writebps") RES("readiops")
	    RES("writeiops"),
	    RESOUT(1, "cputime") RESOUT(2, "datasize") RESOUT(3, "stacksize")
	    RESOUT(4, "coredumpsize") RESOUT(5, "memoryuse")
	    RESOUT(6, "memorylocked") RESOUT(7, "maxproc")
	    RESOUT(8, "openfiles") RESOUT(9, "vmemoryuse")
	    RESOUT(10, "pseudoterminals") RESOUT(11, "swapuse")
	    RESOUT(12, "nthr") RESOUT(13, "msgqqueued") RESOUT(14, "msgqsize")
	    RESOUT(15, "nmsgq") RESOUT(16, "nsem") RESOUT(17, "nsemop")
	    RESOUT(18, "nshm") RESOUT(19, "shmsize") RESOUT(20, "wallclock")
	    RESOUT(21, "pcpu") RESOUT(22, "readbps") RESOUT(23, "writebps")
	    RESOUT(24, "readiops") RESOUT(25, "writeiops")),
	OUT("deny, log, devctl, throttle",
	    "jail:j:memoryuse:deny=1\njail:j:memoryuse:log=2\n"
	    "jail:j:memoryuse:devctl=3\njail:j:readbps:throttle=4\n",
	    "1:1 jail:j:memoryuse:deny=1/jail\n"
	    "2:1 jail:j:memoryuse:log=2/jail\n"
	    "3:1 jail:j:memoryuse:devctl=3/jail\n"
	    "4:1 jail:j:readbps:throttle=4/jail\n"),
	OUT("every signal, with its Linux number",
	    SIG("sighup") SIG("sigint") SIG("sigquit") SIG("sigill")
	    SIG("sigtrap") SIG("sigabrt") SIG("sigemt") SIG("sigfpe")
	    SIG("sigkill") SIG("sigbus") SIG("sigsegv") SIG("sigsys")
	    SIG("sigpipe") SIG("sigalrm") SIG("sigterm") SIG("sigurg")
	    SIG("sigstop") SIG("sigtstp") SIG("sigchld") SIG("sigttin")
	    SIG("sigttou") SIG("sigio") SIG("sigxcpu") SIG("sigxfsz")
	    SIG("sigvtalrm") SIG("sigprof") SIG("sigwinch") SIG("siginfo")
	    SIG("sigusr1") SIG("sigusr2") SIG("sigthr"),
	    SIGOUT(1, "sighup", 1) SIGOUT(2, "sigint", 2)
	    SIGOUT(3, "sigquit", 3) SIGOUT(4, "sigill", 4)
	    SIGOUT(5, "sigtrap", 5) SIGOUT(6, "sigabrt", 6)
	    SIGOUT(7, "sigemt", 0) SIGOUT(8, "sigfpe", 8)
	    SIGOUT(9, "sigkill", 9) SIGOUT(10, "sigbus", 7)
	    SIGOUT(11, "sigsegv", 11) SIGOUT(12, "sigsys", 31)
	    SIGOUT(13, "sigpipe", 13) SIGOUT(14, "sigalrm", 14)
	    SIGOUT(15, "sigterm", 15) SIGOUT(16, "sigurg", 23)
	    SIGOUT(17, "sigstop", 19) SIGOUT(18, "sigtstp", 20)
	    SIGOUT(19, "sigchld", 17) SIGOUT(20, "sigttin", 21)
	    SIGOUT(21, "sigttou", 22) SIGOUT(22, "sigio", 29)
	    SIGOUT(23, "sigxcpu", 24) SIGOUT(24, "sigxfsz", 25)
	    SIGOUT(25, "sigvtalrm", 26) SIGOUT(26, "sigprof", 27)
	    SIGOUT(27, "sigwinch", 28) SIGOUT(28, "siginfo", 0)
	    SIGOUT(29, "sigusr1", 10) SIGOUT(30, "sigusr2", 12)
	    SIGOUT(31, "sigthr", 0)),
	OUT("every per, and per defaults to the subject",
	    "user:1:maxproc:deny=1/process\nuser:2:maxproc:deny=1/user\n"
	    "user:3:maxproc:deny=1/loginclass\nuser:4:maxproc:deny=1/jail\n"
	    "user:5:maxproc:deny=1\nuser:6:maxproc:deny=1/\n",
	    "1:1 user:1:maxproc:deny=1/process\n"
	    "2:1 user:2:maxproc:deny=1/user\n"
	    "3:1 user:3:maxproc:deny=1/loginclass\n"
	    "4:1 user:4:maxproc:deny=1/jail\n"
	    "5:1 user:5:maxproc:deny=1/user\n"
	    "6:1 user:6:maxproc:deny=1/user\n"),
	OUT("rctl(8) subject abbreviations and the kernel's strcasecmp",
	    "p:7:nthr:log=1\nu:root:nthr:log=1\nl:staff:nthr:log=1\n"
	    "c:daemon:nthr:log=1\nClass:x:nthr:log=1\nJ:www:nthr:log=1\n"
	    "JAIL:db:MemoryUse:DENY=1g/JAIL\n",
	    "1:1 process:7:nthr:log=1/process\n"
	    "2:1 user:root:nthr:log=1/user\n"
	    "3:1 loginclass:staff:nthr:log=1/loginclass\n"
	    "4:1 loginclass:daemon:nthr:log=1/loginclass\n"
	    "5:1 loginclass:x:nthr:log=1/loginclass\n"
	    "6:1 jail:www:nthr:log=1/jail\n"
	    "7:1 jail:db:memoryuse:deny=1073741824/jail\n"),

	/* --- amounts: expand_number(3) --- */
	OUT("every suffix, any case, powers of 1024",
	    "jail:a:vmemoryuse:deny=7\njail:b:vmemoryuse:deny=7b\n"
	    "jail:c:vmemoryuse:deny=7k\njail:d:vmemoryuse:deny=7M\n"
	    "jail:e:vmemoryuse:deny=7g\njail:f:vmemoryuse:deny=7T\n"
	    "jail:g:vmemoryuse:deny=7p\njail:h:vmemoryuse:deny=7E\n"
	    "jail:i:vmemoryuse:deny=7KB\njail:j:vmemoryuse:deny=0\n",
	    "1:1 jail:a:vmemoryuse:deny=7/jail\n"
	    "2:1 jail:b:vmemoryuse:deny=7/jail\n"
	    "3:1 jail:c:vmemoryuse:deny=7168/jail\n"
	    "4:1 jail:d:vmemoryuse:deny=7340032/jail\n"
	    "5:1 jail:e:vmemoryuse:deny=7516192768/jail\n"
	    "6:1 jail:f:vmemoryuse:deny=7696581394432/jail\n"
	    "7:1 jail:g:vmemoryuse:deny=7881299347898368/jail\n"
	    "8:1 jail:h:vmemoryuse:deny=8070450532247928832/jail\n"
	    "9:1 jail:i:vmemoryuse:deny=7168/jail\n"
	    "10:1 jail:j:vmemoryuse:deny=0/jail\n"),
	ERR("bad amounts",
	    "jail:a:maxproc:deny=abc\njail:a:maxproc:deny=-1\n"
	    "jail:a:maxproc:deny=1x\njail:a:maxproc:deny=1KBB\n"
	    "jail:a:maxproc:deny=1bk\njail:a:maxproc:deny=010\n"
	    "jail:a:maxproc:deny=0x10\njail:a:maxproc:deny=1.5G\n",
	    "1:21: amount \"abc\" is not a number (expected digits and an "
	    "optional K, M, G, T, P or E suffix)\n"
	    "2:21: amount \"-1\" cannot be negative\n"
	    "3:21: amount \"1x\" has an unknown suffix (expected K, M, G, T, "
	    "P or E, powers of 1024)\n"
	    "4:21: amount \"1KBB\" has an unknown suffix (expected K, M, G, "
	    "T, P or E, powers of 1024)\n"
	    "5:21: amount \"1bk\" has an unknown suffix (expected K, M, G, T, "
	    "P or E, powers of 1024)\n"
	    "6:21: amount \"010\" has a leading zero, which FreeBSD's "
	    "expand_number(3) reads as octal: write it without the zero\n"
	    "7:21: amount \"0x10\" is hexadecimal: write it in decimal\n"
	    "8:21: amount \"1.5G\" has an unknown suffix (expected K, M, G, "
	    "T, P or E, powers of 1024)\n"),
	BOTH("overflow: 64 bits, the kernel's int64, millionths",
	    "jail:a:maxproc:deny=16E\n"
	    "jail:a:maxproc:deny=18446744073709551616\n"
	    "jail:a:maxproc:deny=8E\n"
	    "jail:a:maxproc:deny=9223372036854775807\n"
	    "jail:a:cputime:log=9223372036855\n"
	    "jail:a:wallclock:log=9223372036854\n"
	    "jail:a:pcpu:deny=9007199254740992T\n",
	    "4:1 jail:a:maxproc:deny=9223372036854775807/jail\n"
	    "6:1 jail:a:wallclock:log=9223372036854/jail\n",
	    "1:21: amount \"16E\" does not fit in 64 bits\n"
	    "2:21: amount \"18446744073709551616\" does not fit in 64 bits\n"
	    "3:21: amount \"8E\" is too large: the kernel takes at most "
	    "9223372036854775807\n"
	    "5:20: amount 9223372036855 is too large for cputime: the kernel "
	    "counts it in millionths, so at most 9223372036854\n"
	    "7:18: amount \"9007199254740992T\" does not fit in 64 bits\n"),
	BOTH("pcpu is a percentage: more than 100 is fine, a suffix odd",
	    "jail:a:pcpu:deny=250\njail:b:pcpu:deny=1k\n",
	    "1:1 jail:a:pcpu:deny=250/jail\n"
	    "2:1 jail:b:pcpu:deny=1024/jail\n",
	    "2:18: warning: pcpu is a percentage of one CPU: the suffix "
	    "multiplies it by a power of 1024\n"),

	/* --- unknown names, with a hint when one is close --- */
	ERR("unknown resource, the brief's example",
	    "# limits\n\njail:unbound:memuse:deny=512M\n",
	    "3:14: unknown resource \"memuse\"; did you mean "
	    "\"memoryuse\"?\n"),
	ERR("abbreviated and misspelt resources",
	    "jail:a:vmem:deny=1\njail:a:maxprocs:deny=1\njail:a:x:deny=1\n",
	    "1:8: unknown resource \"vmem\"; did you mean \"vmemoryuse\"?\n"
	    "2:8: unknown resource \"maxprocs\"; did you mean \"maxproc\"?\n"
	    "3:8: unknown resource \"x\" (expected one of rctl(8)'s: cputime, "
	    "datasize, stacksize, coredumpsize, memoryuse, memorylocked, "
	    "maxproc, openfiles, vmemoryuse, pseudoterminals, swapuse, nthr, "
	    "msgqqueued, msgqsize, nmsgq, nsem, nsemop, nshm, shmsize, "
	    "wallclock, pcpu, readbps, writebps, readiops, writeiops)\n"),
	ERR("bad subjects",
	    "jial:a:nthr:log=1\ngroup:wheel:nthr:log=1\n",
	    "1:1: unknown subject \"jial\"; did you mean \"jail\"?\n"
	    "2:1: unknown subject \"group\" (expected process, user, "
	    "loginclass or jail)\n"),
	ERR("bad actions: the kernel wants sig<name>",
	    "jail:a:nthr:kill=1\njail:a:nthr:TERM=1\njail:a:nthr:dney=1\n"
	    "jail:a:nthr:sig15=1\n",
	    "1:13: unknown action \"kill\"; did you mean \"sigkill\"?\n"
	    "2:13: unknown action \"TERM\"; did you mean \"sigterm\"?\n"
	    "3:13: unknown action \"dney\"; did you mean \"deny\"?\n"
	    "4:13: unknown action \"sig15\" (expected deny, log, devctl, "
	    "throttle or a signal such as sigterm or sigkill)\n"),
	ERR("bad per: full subject names only",
	    "jail:a:nthr:log=1/jial\njail:a:nthr:log=1/j\n",
	    "1:19: unknown per \"jial\"; did you mean \"jail\"?\n"
	    "2:19: unknown per \"j\" (expected process, user, loginclass or "
	    "jail)\n"),

	/* --- structure --- */
	ERR("missing fields",
	    "jail\njail:www\njail:www:memoryuse\njail:www:memoryuse:deny\n"
	    "jail:www:memoryuse:deny=\njail:www:memoryuse:deny/jail\n",
	    "1:5: incomplete rule: expected ':' and a subject id after "
	    "\"jail\" " HELP "\n"
	    "2:9: incomplete rule: expected ':' and a resource after \"www\" "
	    HELP "\n"
	    "3:19: incomplete rule: expected ':' and an action after "
	    "\"memoryuse\" " HELP "\n"
	    "4:24: missing amount: expected '=' and an amount after \"deny\"\n"
	    "5:25: missing amount after '='\n"
	    "6:24: missing amount: expected '=' and an amount after "
	    "\"deny\"\n"),
	ERR("empty fields",
	    ":www:memoryuse:deny=1\njail::memoryuse:deny=1\n"
	    "jail:www::deny=1\njail:www:memoryuse:=1\n",
	    "1:1: missing subject (expected process, user, loginclass or "
	    "jail)\n"
	    "2:6: missing subject id: expected a jail name after \"jail:\"\n"
	    "3:10: missing resource (see RESOURCES in rctl(8))\n"
	    "4:20: missing action (expected deny, log, devctl, throttle or a "
	    "signal such as sigterm)\n"),
	ERR("too many fields",
	    "jail:www:memoryuse:deny=1:x\njail:www:x:memoryuse:deny=1\n",
	    "1:26: too many ':' " HELP "\n"
	    "2:21: too many ':' " HELP "\n"),
	BOTH("comments, blanks, a comment after the rule",
	    "# all jails\n\n   \t\n  jail:a:maxproc:deny=5   # five\n"
	    "\tjail:b:maxproc:deny=6\t#six\n#jail:c:maxproc:deny=7\n",
	    "4:3 jail:a:maxproc:deny=5/jail\n"
	    "5:2 jail:b:maxproc:deny=6/jail\n", NULL),
	BOTH("junk after the rule: rc.d/rctl would drop it silently",
	    "jail:a:maxproc:deny=5 jail:b:maxproc:deny=6\n",
	    "1:1 jail:a:maxproc:deny=5/jail\n",
	    "1:23: unexpected \"jail:b:maxproc:deny=6\" after the rule: one "
	    "rule per line (rc.d/rctl would silently ignore the rest)\n"),
	ERR("a '#' glued to the rule is part of it for FreeBSD",
	    "jail:a:maxproc:deny=5#five\n",
	    "1:22: '#' inside the rule: a comment must be separated from the "
	    "rule by a blank\n"),
	ERR("quotes and backslashes: read(1) and xargs(1) would eat them",
	    "jail:\"a b\":maxproc:deny=5\njail:a\\b:maxproc:deny=5\n",
	    "1:6: '\"' inside the rule: rc.d/rctl passes rules through "
	    "read(1) and xargs(1), which remove quotes and backslashes\n"
	    "2:7: '\\' inside the rule: rc.d/rctl passes rules through "
	    "read(1) and xargs(1), which remove quotes and backslashes\n"),
	{ "NUL bytes and control characters", NULS, sizeof(NULS) - 1, false,
	    "1:1 jail:a:maxproc:deny=5/jail\n",
	    "2:7: NUL byte (rctl.conf is a text file)\n"
	    "3:7: control character 0x01 in the rule: a rule is printable "
	    "text\n"
	    "4:3: NUL byte (rctl.conf is a text file)\n" },
	BOTH("CRLF line ends: one error, the rules still read",
	    "jail:a:maxproc:deny=5\r\njail:b:maxproc:deny=6\r\n",
	    "1:1 jail:a:maxproc:deny=5/jail\n"
	    "2:1 jail:b:maxproc:deny=6/jail\n",
	    "1:22: carriage return at the end of the line: the file has DOS "
	    "(CRLF) line ends, which rc.d/rctl reads as part of each rule; "
	    "convert it to LF\n"),
	OUT("no newline at the end", "jail:a:maxproc:deny=5",
	    "1:1 jail:a:maxproc:deny=5/jail\n"),
	OUT("empty file", "", ""),

	/* --- subject ids --- */
	ERR("subject ids: pid, uid, lengths",
	    "process:abc:nthr:log=1\nprocess:0:nthr:log=1\n"
	    "user:12x:nthr:log=1\nuser:4294967295:nthr:log=1\n"
	    "loginclass:a23456789012345678901234567890123:nthr:log=1\n",
	    "1:9: process id \"abc\" is not a positive number\n"
	    "2:9: process id \"0\" is not a positive number\n"
	    "3:6: user \"12x\" starts with a digit, so rctl(8) reads a uid, "
	    "but it is not a number\n"
	    "4:6: uid 4294967295 is out of range (at most 4294967294)\n"
	    "5:12: login class name is 33 bytes long; the limit is 32\n"),

	/* --- what rctl_rule_add() refuses --- */
	ERR("deny where the kernel cannot refuse",
	    "jail:a:cputime:deny=10\njail:a:wallclock:deny=10\n"
	    "jail:a:readbps:deny=10\njail:a:writeiops:deny=10\n",
	    "1:16: deny is not supported for cputime: the kernel cannot "
	    "refuse it (use a signal such as sigxcpu, or log)\n"
	    "2:18: deny is not supported for wallclock: the kernel cannot "
	    "refuse it (use a signal such as sigterm, or log)\n"
	    "3:16: deny is not supported for readbps: the kernel cannot "
	    "refuse it (use throttle)\n"
	    "4:18: deny is not supported for writeiops: the kernel cannot "
	    "refuse it (use throttle)\n"),
	/* FreeBSD refuses pcpu:throttle; brig takes it (CFS throttles). */
	BOTH("throttle only for pcpu and the I/O resources",
	    "jail:a:memoryuse:throttle=1\njail:a:pcpu:throttle=50\n",
	    "2:1 jail:a:pcpu:throttle=50/jail\n",
	    "1:18: throttle is supported only for pcpu, readbps, writebps, "
	    "readiops and writeiops, not memoryuse\n"),
	BOTH("sloppy resources are never accounted per process",
	    "jail:a:swapuse:deny=1/process\nprocess:9:shmsize:log=1\n"
	    "process:9:shmsize:log=1/user\n",
	    "3:1 process:9:shmsize:log=1/user\n",
	    "1:23: swapuse cannot be accounted per process: the kernel counts "
	    "it only for users, login classes and jails\n"
	    "2:11: shmsize cannot be accounted per process: the kernel counts "
	    "it only for users, login classes and jails (add /user, "
	    "/loginclass or /jail)\n"),

	/* --- what stays in effect --- */
	BOTH("a later deny replaces; a duplicate is dropped",
	    "jail:a:memoryuse:deny=1G\njail:a:memoryuse:log=1G\n"
	    "jail:a:memoryuse:deny=2G\njail:a:memoryuse:log=1G\n"
	    "jail:a:memoryuse:deny=2G/process\njail:b:memoryuse:deny=2G\n",
	    "3:1 jail:a:memoryuse:deny=2147483648/jail\n"
	    "4:1 jail:a:memoryuse:log=1073741824/jail\n"
	    "5:1 jail:a:memoryuse:deny=2147483648/process\n"
	    "6:1 jail:b:memoryuse:deny=2147483648/jail\n",
	    "3:1: warning: replaces the deny rule at line 1 (the kernel keeps "
	    "one deny rule per subject, resource and per)\n"
	    "4:1: warning: duplicate of the rule at line 2\n"),

	/* --- long lines --- */
	ERR("a jail name longer than MAXHOSTNAMELEN",
	    "jail:"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    ":nthr:log=1\n",
	    "1:6: jail name is 256 bytes long; the limit is 255\n"),

	/* --- brig on Linux --- */
	LX("what brig cannot enforce as written",
	    "user:1:nthr:log=1\njail:a:nthr:sigemt=1\n"
	    "jail:a:wallclock:sigterm=60\njail:a:openfiles:deny=100\n"
	    "jail:a:openfiles:deny=100/process\n"
	    "jail:a:memoryuse:deny=1/process\njail:a:memoryuse:deny=1G\n"
	    "jail:a:readbps:throttle=1M\njail:a:maxproc:deny=9/user\n"
	    "jail:a:stacksize:deny=8M/loginclass\n",
	    "1:1 user:1:nthr:log=1/user\n"
	    "2:1 jail:a:nthr:sigemt=1/jail (0)\n"
	    "3:1 jail:a:wallclock:sigterm=60/jail (15)\n"
	    "4:1 jail:a:openfiles:deny=100/jail\n"
	    "5:1 jail:a:openfiles:deny=100/process\n"
	    "6:1 jail:a:memoryuse:deny=1/process\n"
	    "7:1 jail:a:memoryuse:deny=1073741824/jail\n"
	    "8:1 jail:a:readbps:throttle=1048576/jail\n"
	    "9:1 jail:a:maxproc:deny=9/user\n"
	    "10:1 jail:a:stacksize:deny=8388608/loginclass\n",
	    "1:1: user rules cannot be enforced: brig applies jail rules "
	    "only\n"
	    "2:1: sigemt: Linux has no such signal\n"
	    "3:1: wallclock cannot be enforced on Linux (Linux has no "
	    "wall-clock limit)\n"
	    "4:1: warning: openfiles can be limited only per process on Linux "
	    "(descriptors of each process): the limit applies to each "
	    "process, not to the jail's total; write /process\n"
	    "6:1: memoryuse/process cannot be enforced on Linux: it is "
	    "limited for the jail as a whole (the jail's memory, page cache "
	    "included), never per process\n"
	    "9:1: maxproc/user cannot be enforced on Linux: it is limited "
	    "for the jail as a whole (Linux counts threads as well as "
	    "processes), never per user\n"
	    "10:1: stacksize/loginclass cannot be enforced on Linux: it is "
	    "limited per process (stack of each process), never per "
	    "loginclass\n"),
	LX("the one Linux has not",
	    "jail:a:msgqqueued:deny=1\n",
	    "1:1 jail:a:msgqqueued:deny=1/jail\n",
	    "1:1: msgqqueued cannot be enforced on Linux (Linux has no limit "
	    "on queued System V messages)\n"),
	/* The sysctls of the jail's IPC namespace and the max= of its
	 * devpts: deny, for the jail as a whole. */
	LX("IPC and pty limits: deny only, per jail",
	    "jail:a:nshm:deny=4\njail:a:pseudoterminals:deny=8\n"
	    "jail:a:shmsize:deny=1M\njail:a:msgqsize:deny=1K\n"
	    "jail:a:nmsgq:deny=2\njail:a:nsem:deny=10\n"
	    "jail:a:nsemop:deny=5\njail:a:nsem:log=10\n"
	    "jail:a:nsemop:sigterm=5\njail:a:pseudoterminals:devctl=2\n"
	    "jail:a:msgqsize:deny=1K/user\n",
	    "1:1 jail:a:nshm:deny=4/jail\n"
	    "2:1 jail:a:pseudoterminals:deny=8/jail\n"
	    "3:1 jail:a:shmsize:deny=1048576/jail\n"
	    "4:1 jail:a:msgqsize:deny=1024/jail\n"
	    "5:1 jail:a:nmsgq:deny=2/jail\n"
	    "6:1 jail:a:nsem:deny=10/jail\n"
	    "7:1 jail:a:nsemop:deny=5/jail\n"
	    "8:1 jail:a:nsem:log=10/jail\n"
	    "9:1 jail:a:nsemop:sigterm=5/jail (15)\n"
	    "10:1 jail:a:pseudoterminals:devctl=2/jail\n"
	    "11:1 jail:a:msgqsize:deny=1024/user\n",
	    "8:1: nsem:log cannot be enforced on Linux: the kernel keeps no "
	    "count of nsem crossings to report\n"
	    "9:1: nsemop:sigterm cannot be enforced on Linux: no Linux limit "
	    "sends a signal of your choice (only cputime's RLIMIT_CPU does: "
	    "sigxcpu at the soft limit, sigkill at the hard one); use deny\n"
	    "10:1: pseudoterminals:devctl cannot be enforced on Linux: the "
	    "kernel keeps no count of pseudoterminals crossings to report\n"
	    "11:1: msgqsize/user cannot be enforced on Linux: it is limited "
	    "for the jail as a whole (the bytes of each message queue, not "
	    "of all queues together), never per user\n"),
	/* RLIMIT_CPU's are the only signals a Linux limit sends. */
	LX("signals: cputime's sigxcpu and sigkill only",
	    "jail:a:cputime:sigxcpu=10/process\njail:a:cputime:sigkill=20\n"
	    "jail:a:cputime:sigterm=30\njail:a:maxproc:sigterm=9\n"
	    "jail:a:openfiles:sighup=9/process\n",
	    "1:1 jail:a:cputime:sigxcpu=10/process (24)\n"
	    "2:1 jail:a:cputime:sigkill=20/jail (9)\n"
	    "3:1 jail:a:cputime:sigterm=30/jail (15)\n"
	    "4:1 jail:a:maxproc:sigterm=9/jail (15)\n"
	    "5:1 jail:a:openfiles:sighup=9/process (1)\n",
	    "2:1: warning: cputime can be limited only per process on Linux "
	    "(CPU seconds of each process): the limit applies to each "
	    "process, not to the jail's total; write /process\n"
	    "3:1: warning: cputime can be limited only per process on Linux "
	    "(CPU seconds of each process): the limit applies to each "
	    "process, not to the jail's total; write /process\n"
	    "3:1: cputime:sigterm cannot be enforced on Linux: no Linux limit "
	    "sends a signal of your choice (only cputime's RLIMIT_CPU does: "
	    "sigxcpu at the soft limit, sigkill at the hard one); use deny\n"
	    "4:1: maxproc:sigterm cannot be enforced on Linux: no Linux limit "
	    "sends a signal of your choice (only cputime's RLIMIT_CPU does: "
	    "sigxcpu at the soft limit, sigkill at the hard one); use deny\n"
	    "5:1: openfiles:sighup cannot be enforced on Linux: no Linux limit "
	    "sends a signal of your choice (only cputime's RLIMIT_CPU does: "
	    "sigxcpu at the soft limit, sigkill at the hard one); use deny\n"),
	/* log and devctl: the kernel's counters, where it keeps some. */
	LX("log and devctl where the kernel counts",
	    "jail:a:memoryuse:log=1G\njail:a:maxproc:devctl=50\n"
	    "jail:a:pcpu:log=80\njail:a:openfiles:log=9/process\n"
	    "jail:a:readbps:devctl=1M\n",
	    "1:1 jail:a:memoryuse:log=1073741824/jail\n"
	    "2:1 jail:a:maxproc:devctl=50/jail\n"
	    "3:1 jail:a:pcpu:log=80/jail\n"
	    "4:1 jail:a:openfiles:log=9/process\n"
	    "5:1 jail:a:readbps:devctl=1048576/jail\n",
	    "1:1: warning: memoryuse:log sets no limit and brig does not "
	    "watch the amount: brig rctl -u and brig status report the "
	    "kernel's counters of the jail's limits (memory.events max and "
	    "oom_kill; v1 memory.failcnt and memory.oom_control oom_kill)\n"
	    "2:1: warning: maxproc:devctl sets no limit and brig does not "
	    "watch the amount: brig rctl -u and brig status report the "
	    "kernel's counters of the jail's limits (pids.events max)\n"
	    "3:1: warning: pcpu:log sets no limit and brig does not watch the "
	    "amount: brig rctl -u and brig status report the kernel's "
	    "counters of the jail's limits (cpu.stat nr_throttled)\n"
	    "4:1: openfiles:log cannot be enforced on Linux: the kernel keeps "
	    "no count of openfiles crossings to report\n"
	    "5:1: readbps:devctl cannot be enforced on Linux: the kernel "
	    "keeps no count of readbps crossings to report\n"),
};

/* A rule longer than the kernel's input buffer. */
static void
test_rule_too_long(void **state)
{
	struct conf *c = conf_new(0);
	struct rctl_set set;
	size_t n = 5000;
	char *in = malloc(n + 32);

	(void)state;
	strcpy(in, "process:");
	memset(in + 8, '1', n);
	strcpy(in + 8 + n, ":nthr:log=1\n# ok\n");
	assert_int_equal(rctl_parse(c, "r", in, strlen(in), &set), -1);
	assert_int_equal(c->ndiags, 1);
	assert_string_equal(c->diags[0].msg, "rule is 5019 bytes long; the "
	    "kernel takes at most 4095");
	assert_int_equal(set.n, 0);
	free(in);
	conf_free(c);
}

/* A long comment line is fine; so is a rule after it. */
static void
test_long_comment(void **state)
{
	struct conf *c = conf_new(0);
	struct rctl_set set;
	size_t n = 200000;
	char *in = malloc(n + 64);

	(void)state;
	in[0] = '#';
	memset(in + 1, 'x', n);
	strcpy(in + 1 + n, "\n jail:a:maxproc:deny=5\n");
	assert_int_equal(rctl_parse(c, "r", in, strlen(in), &set), 0);
	assert_int_equal(set.n, 1);
	assert_int_equal(set.rules[0].loc.line, 2);
	assert_int_equal(set.rules[0].loc.col, 2);
	assert_int_equal(set.rules[0].amount, 5);
	free(in);
	conf_free(c);
}

/* The typed fields, directly. */
static void
test_rule_fields(void **state)
{
	struct conf *c = conf_new(0);
	struct conf_loc loc = { "x", 7, 3 };
	struct rctl_rule r;
	const char *s = "jail:www:pcpu:sigxcpu=50/process";

	(void)state;
	assert_int_equal(rctl_rule_parse(c, &loc, s, strlen(s), &r), 0);
	assert_int_equal(r.subject, RCTL_SUBJ_JAIL);
	assert_string_equal(r.id, "www");
	assert_int_equal(r.resource, RCTL_RES_PCPU);
	assert_int_equal(r.action, RCTL_ACT_SIGNAL);
	assert_string_equal(r.signame, "sigxcpu");
	assert_int_equal(r.sig, 24);
	assert_true(r.has_amount);
	assert_int_equal(r.amount, 50);
	assert_int_equal(r.per, RCTL_SUBJ_PROCESS);
	assert_true(r.has_per);
	assert_int_equal(r.loc.line, 7);
	assert_int_equal(r.loc.col, 3);
	assert_int_equal(c->ndiags, 0);
	/* The column of an error counts from loc. */
	assert_int_equal(rctl_rule_parse(c, &loc, "jail:www:x:log=1", 16, &r),
	    -1);
	assert_int_equal(c->diags[0].loc.col, 12);
	conf_free(c);
}

/* Every resource has a Linux entry, and the ones the brief names. */
static void
test_linux_table(void **state)
{
	const struct rctl_linux *l;
	int r;

	(void)state;
	for (r = 0; r < RCTL_NRESOURCES; r++) {
		l = rctl_linux((enum rctl_resource)r);
		assert_non_null(l);
		assert_non_null(l->note);
		assert_string_not_equal(rctl_resource_name(
		    (enum rctl_resource)r), "?");
		assert_int_equal(l->how == RCTL_LX_CGROUP, l->cg2 != NULL);
		assert_int_equal(l->how == RCTL_LX_CGROUP, l->cg1 != NULL);
		assert_int_equal(l->how == RCTL_LX_RLIMIT, l->rlimit >= 0);
	}
	assert_null(rctl_linux((enum rctl_resource)RCTL_NRESOURCES));
	assert_string_equal(rctl_linux(RCTL_RES_MEMORYUSE)->cg2, "memory.max");
	assert_string_equal(rctl_linux(RCTL_RES_MEMORYUSE)->cg1,
	    "memory.limit_in_bytes");
	assert_string_equal(rctl_linux(RCTL_RES_MAXPROC)->cg2, "pids.max");
	assert_string_equal(rctl_linux(RCTL_RES_SWAPUSE)->cg2,
	    "memory.swap.max");
	assert_string_equal(rctl_linux(RCTL_RES_PCPU)->cg2, "cpu.max");
	assert_string_equal(rctl_linux(RCTL_RES_READBPS)->cg2, "io.max");
	assert_string_equal(rctl_linux(RCTL_RES_WRITEIOPS)->cg2, "io.max");
	assert_int_equal(rctl_linux(RCTL_RES_OPENFILES)->rlimit,
	    RLIMIT_NOFILE);
	assert_int_equal(rctl_linux(RCTL_RES_WALLCLOCK)->how, RCTL_LX_NONE);
	assert_int_equal(rctl_linux(RCTL_RES_NSHM)->how, RCTL_LX_IPCNS);
	assert_string_equal(rctl_linux(RCTL_RES_NSHM)->knob, "kernel.shmmni");
	assert_string_equal(rctl_linux(RCTL_RES_SHMSIZE)->knob,
	    "kernel.shmall");
	assert_string_equal(rctl_linux(RCTL_RES_MSGQSIZE)->knob,
	    "kernel.msgmnb");
	assert_string_equal(rctl_linux(RCTL_RES_NMSGQ)->knob, "kernel.msgmni");
	assert_string_equal(rctl_linux(RCTL_RES_NSEM)->knob, "kernel.sem");
	assert_string_equal(rctl_linux(RCTL_RES_NSEMOP)->knob, "kernel.sem");
	assert_int_equal(rctl_linux(RCTL_RES_PSEUDOTERMINALS)->how,
	    RCTL_LX_DEVPTS);
	assert_string_equal(rctl_linux(RCTL_RES_PSEUDOTERMINALS)->knob, "max");
}

static char tmpdir[64];

static int
make_tmpdir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/t_rctl_conf.XXXXXX");
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

static void
test_load(void **state)
{
	struct conf *c = conf_new(0);
	struct rctl_set set;
	char path[128], msg[256];
	size_t big = (1u << 20) + 1;
	char *data = malloc(big);

	(void)state;
	snprintf(path, sizeof(path), "%s/rctl.conf", tmpdir);
	write_file(path, "jail:a:maxproc:deny=64\n", 23);
	assert_int_equal(rctl_load(c, path, &set), 0);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.rules[0].loc.file, path);
	/* 1 MiB is the bound: one byte more is an error. */
	memset(data, '#', big);
	write_file(path, data, big);
	assert_int_equal(rctl_load(c, path, &set), -1);
	snprintf(msg, sizeof(msg), "%s: file too large (at most 1 MiB)", path);
	assert_string_equal(c->diags[0].msg, msg);
	write_file(path, data, big - 1);
	assert_int_equal(rctl_load(c, path, &set), 0);
	/* Not there; not a file. */
	snprintf(path, sizeof(path), "%s/nope", tmpdir);
	assert_int_equal(rctl_load(c, path, &set), -1);
	snprintf(msg, sizeof(msg), "cannot open %s: No such file or "
	    "directory", path);
	assert_string_equal(c->diags[1].msg, msg);
	assert_int_equal(rctl_load(c, tmpdir, &set), -1);
	snprintf(msg, sizeof(msg), "cannot read %s: not a regular file",
	    tmpdir);
	assert_string_equal(c->diags[2].msg, msg);
	free(data);
	conf_free(c);
}

/* brig.rctl values: rules without the subject, columns inside the
 * quoted value (loc is its opening quote). */
static void
test_param(void **state)
{
	struct conf *c = conf_new(0);
	struct conf_str v = { NULL, NULL, 0, NULL, { "j.conf", 4, 15 } };
	struct rctl_rule r;

	(void)state;
	v.s = "memoryuse:deny=64M";
	v.len = strlen(v.s);
	assert_int_equal(rctl_param_parse(c, "a:b", &v, &r), 0);
	assert_int_equal(r.subject, RCTL_SUBJ_JAIL);
	assert_string_equal(r.id, "a:b");	/* any name, ':' too */
	assert_int_equal(r.resource, RCTL_RES_MEMORYUSE);
	assert_int_equal(r.amount, 64 << 20);
	assert_int_equal(r.loc.line, 4);
	assert_int_equal(r.loc.col, 15);
	v.s = "maxproc:deny=64/process";
	v.len = strlen(v.s);
	assert_int_equal(rctl_param_parse(c, "a", &v, &r), 0);
	assert_int_equal(r.per, RCTL_SUBJ_PROCESS);
	assert_int_equal(c->ndiags, 0);
	/* Errors at the column inside the value. */
	v.s = "memoryuse:deny=lots";
	v.len = strlen(v.s);
	assert_int_equal(rctl_param_parse(c, "a", &v, &r), -1);
	assert_int_equal(c->diags[0].loc.line, 4);
	assert_int_equal(c->diags[0].loc.col, 16 + 15);
	v.s = "memroyuse:deny=1";
	v.len = strlen(v.s);
	assert_int_equal(rctl_param_parse(c, "a", &v, &r), -1);
	assert_int_equal(c->diags[1].loc.col, 16);
	assert_string_equal(c->diags[1].msg, "unknown resource \"memroyuse\"; "
	    "did you mean \"memoryuse\"?");
	v.s = "memoryuse";
	v.len = strlen(v.s);
	assert_int_equal(rctl_param_parse(c, "a", &v, &r), -1);
	assert_int_equal(c->diags[2].loc.col, 16 + 9);
	/* The subject is implied, never written. */
	v.s = "jail:a:memoryuse:deny=1";
	v.len = strlen(v.s);
	assert_int_equal(rctl_param_parse(c, "a", &v, &r), -1);
	assert_int_equal(c->diags[3].loc.col, 15);
	assert_string_equal(c->diags[3].msg, "\"jail:a:memoryuse:deny=1\": "
	    "write the rule without its subject (resource:action=amount"
	    "[/per]); jail:a: is implied");
	conf_free(c);
}

/* conf_suggest() and params_suggest(), which now shares it. */
static void
test_suggest(void **state)
{
	static const char *const names[] = { "alpha", "beta", "gamma" };

	(void)state;
	assert_string_equal(conf_suggest("alpah", names, 3), "alpha");
	assert_string_equal(conf_suggest("bta", names, 3), "beta");
	assert_null(conf_suggest("zzzzz", names, 3));
	assert_null(conf_suggest("x", names, 0));
	assert_string_equal(params_suggest("pesist"), "persist");
	assert_string_equal(params_suggest("host.hostnme"), "host.hostname");
	assert_null(params_suggest("frobnicate"));
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
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_rule_too_long);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_long_comment);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_rule_fields);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_linux_table);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_load);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_suggest);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_param);
	return _cmocka_run_group_tests("rctl_conf", tests, n, make_tmpdir,
	    remove_tmpdir);
}
