/* Unit tests of the bootstrap code that needs no privilege: the tar
 * member-name sanitizer, the ELF reader (on /bin/true and on objects
 * built here byte by byte, 64-bit little-endian and 32-bit big-endian,
 * then broken every way), the ld.so.conf reader, brig create's source
 * syntax and the no-follow writer (src/store/inroot.c). */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/bootstrap.h"
#include "store/bootstrap_int.h"
#include "store/store.h"
#include "util/buf.h"

/* --- member names ---------------------------------------------------------- */

struct pcase {
	const char *in;
	const char *want;	/* NULL: refused with msg */
	const char *msg;
};

static const struct pcase pcases[] = {
	{ "./bin/sh", "bin/sh", NULL },
	{ "bin/sh", "bin/sh", NULL },
	{ "/etc/shadow", "etc/shadow", NULL },
	{ "///etc//./rc.d/", "etc/rc.d", NULL },
	{ "./", "", NULL },
	{ ".", "", NULL },
	{ "/", "", NULL },
	{ "", "", NULL },
	{ "a/./b/.", "a/b", NULL },
	{ "...", "...", NULL },
	{ "..a/b..", "..a/b..", NULL },
	{ ".hidden/.x", ".hidden/.x", NULL },
	{ "../etc/passwd", NULL, "member \"../etc/passwd\": a \"..\" "
	  "component is refused" },
	{ "./../../x", NULL, "member \"./../../x\": a \"..\" component is "
	  "refused" },
	{ "a/b/../../c", NULL, "member \"a/b/../../c\": a \"..\" component "
	  "is refused" },
	{ "a/..", NULL, "member \"a/..\": a \"..\" component is refused" },
	{ "/..", NULL, "member \"/..\": a \"..\" component is refused" },
};

static void
test_tar_path(void **state)
{
	char out[BOOT_PATH_MAX];
	struct brig_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *c = &pcases[i];
		int rc = boot_tar_path(c->in, out, sizeof(out), &e);

		if (c->want) {
			if (rc != 0)
				fail_msg("\"%s\": %s", c->in, e.msg);
			assert_string_equal(out, c->want);
		} else {
			assert_int_equal(rc, -1);
			assert_string_equal(e.msg, c->msg);
		}
	}
}

static void
test_tar_path_length(void **state)
{
	char out[8], big[BOOT_PATH_MAX + 10];
	struct brig_err e;

	(void)state;
	assert_int_equal(boot_tar_path("./abc/def", out, sizeof(out), &e), 0);
	assert_string_equal(out, "abc/def");
	assert_int_equal(boot_tar_path("abc/defg", out, sizeof(out), &e), -1);
	assert_int_equal(e.errnum, ENAMETOOLONG);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(boot_tar_path(big, out, sizeof(out), &e), -1);
	/* A result that fits although the name does not. */
	assert_int_equal(boot_tar_path("./././././a/./././b", out, sizeof(out),
	    &e), 0);
	assert_string_equal(out, "a/b");
}

/* --- ELF ------------------------------------------------------------------- */

static void
test_elf_bin_true(void **state)
{
	struct elf_info info;
	struct brig_err e;
	struct stat st;
	void *map;
	size_t i;
	bool libc = false;
	int fd;

	(void)state;
	fd = open("/bin/true", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	assert_true(map != MAP_FAILED);
	if (elf_parse(map, (size_t)st.st_size, &info, &e) != 0)
		fail_msg("/bin/true: %s", e.msg);
	assert_int_equal(info.cls, sizeof(void *) == 8 ? ELFCLASS64 :
	    ELFCLASS32);
	assert_true(info.dynamic);
	assert_non_null(info.interp);
	assert_int_equal(info.interp[0], '/');
	assert_true(strstr(info.interp, "ld-linux") != NULL);
	for (i = 0; i < info.nneeded; i++)
		libc = libc || strcmp(info.needed[i], "libc.so.6") == 0;
	assert_true(libc);
	assert_null(info.runpath);
#if defined(__x86_64__)
	assert_int_equal(info.machine, EM_X86_64);
	assert_string_equal(elf_triplet(&info), "x86_64-linux-gnu");
#endif
	elf_info_free(&info);
	munmap(map, (size_t)st.st_size);
}

/* A minimal dynamic object, built field by field: header, three program
 * headers (PT_LOAD of the whole file at 0x400000, PT_INTERP, PT_DYNAMIC),
 * the interpreter's name, the dynamic array, the string table. */
struct mk {
	unsigned char b[1024];
	size_t len;
	bool msb, is64;
};

static void
put(struct mk *m, size_t off, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		m->b[off + i] = (unsigned char)(v >> (m->msb ? 8 * (n - 1 - i) :
		    8 * i));
}

#define STRTAB "\0libfoo.so.1\0libbar.so.2\0$ORIGIN/../lib\0libme.so.0"
#define S_FOO 1
#define S_BAR 13
#define S_RUNPATH 25
#define S_SONAME 40
#define BASE 0x400000u

static void
mkelf(struct mk *m, bool is64, bool msb)
{
	size_t w = is64 ? 8 : 4, ehsz = is64 ? 64 : 52, phsz = is64 ? 56 : 32;
	size_t ph = ehsz, interp = ph + 3 * phsz, dyn, str, i;
	static const char ip[] = "/lib/ld-test.so.1";
	uint64_t dyns[][2] = {
		{ DT_NEEDED, S_FOO }, { DT_NEEDED, S_BAR },
		{ DT_RUNPATH, S_RUNPATH }, { DT_SONAME, S_SONAME },
		{ DT_STRTAB, 0 }, { DT_STRSZ, sizeof(STRTAB) }, { DT_NULL, 0 },
	};
	size_t nd = sizeof(dyns) / sizeof(dyns[0]);

	memset(m, 0, sizeof(*m));
	m->is64 = is64;
	m->msb = msb;
	dyn = (interp + sizeof(ip) + 7) & ~(size_t)7;
	str = dyn + nd * 2 * w;
	dyns[4][1] = BASE + str;
	m->len = str + sizeof(STRTAB);
	memcpy(m->b, ELFMAG, SELFMAG);
	m->b[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
	m->b[EI_DATA] = msb ? ELFDATA2MSB : ELFDATA2LSB;
	m->b[EI_VERSION] = EV_CURRENT;
	put(m, 16, ET_DYN, 2);
	put(m, 18, is64 ? EM_X86_64 : EM_PPC, 2);
	put(m, 20, EV_CURRENT, 4);
	put(m, is64 ? 32 : 28, ph, (unsigned)w);		/* e_phoff */
	put(m, is64 ? 52 : 40, ehsz, 2);			/* e_ehsize */
	put(m, is64 ? 54 : 42, phsz, 2);			/* e_phentsize */
	put(m, is64 ? 56 : 44, 3, 2);				/* e_phnum */
	{
		uint64_t segs[3][3] = {	/* type, offset, size */
			{ PT_LOAD, 0, m->len },
			{ PT_INTERP, interp, sizeof(ip) },
			{ PT_DYNAMIC, dyn, nd * 2 * w },
		};

		for (i = 0; i < 3; i++) {
			size_t at = ph + i * phsz;

			put(m, at, segs[i][0], 4);
			if (is64) {
				put(m, at + 8, segs[i][1], 8);	/* p_offset */
				put(m, at + 16, BASE + segs[i][1], 8);
				put(m, at + 32, segs[i][2], 8);	/* p_filesz */
				put(m, at + 40, segs[i][2], 8);
			} else {
				put(m, at + 4, segs[i][1], 4);
				put(m, at + 8, BASE + segs[i][1], 4);
				put(m, at + 16, segs[i][2], 4);
				put(m, at + 20, segs[i][2], 4);
			}
		}
	}
	memcpy(m->b + interp, ip, sizeof(ip));
	for (i = 0; i < nd; i++) {
		put(m, dyn + 2 * w * i, dyns[i][0], (unsigned)w);
		put(m, dyn + 2 * w * i + w, dyns[i][1], (unsigned)w);
	}
	memcpy(m->b + str, STRTAB, sizeof(STRTAB));
}

static void
check_made(const struct mk *m)
{
	struct elf_info info;
	struct brig_err e;

	if (elf_parse(m->b, m->len, &info, &e) != 0)
		fail_msg("made ELF: %s", e.msg);
	assert_int_equal(info.cls, m->is64 ? ELFCLASS64 : ELFCLASS32);
	assert_int_equal(info.data, m->msb ? ELFDATA2MSB : ELFDATA2LSB);
	assert_int_equal(info.type, ET_DYN);
	assert_int_equal(info.machine, m->is64 ? EM_X86_64 : EM_PPC);
	assert_string_equal(info.interp, "/lib/ld-test.so.1");
	assert_int_equal(info.nneeded, 2);
	assert_string_equal(info.needed[0], "libfoo.so.1");
	assert_string_equal(info.needed[1], "libbar.so.2");
	assert_string_equal(info.runpath, "$ORIGIN/../lib");
	assert_string_equal(info.soname, "libme.so.0");
	assert_null(info.rpath);
	elf_info_free(&info);
}

static void
test_elf_made(void **state)
{
	struct mk m;

	(void)state;
	mkelf(&m, true, false);
	check_made(&m);
	mkelf(&m, false, true);
	check_made(&m);
	mkelf(&m, true, true);
	check_made(&m);
	mkelf(&m, false, false);
	check_made(&m);
}

/* Every prefix of a good object parses or fails cleanly (ASan watches). */
static void
test_elf_truncated(void **state)
{
	struct elf_info info;
	struct brig_err e;
	struct mk m;
	size_t n;
	unsigned char *copy;

	(void)state;
	mkelf(&m, true, false);
	for (n = 0; n < m.len; n++) {
		copy = malloc(n ? n : 1);
		memcpy(copy, m.b, n);
		if (elf_parse(copy, n, &info, &e) == 0)
			elf_info_free(&info);
		free(copy);
	}
	assert_int_equal(elf_parse(m.b, 10, &info, &e), -1);
	assert_string_equal(e.msg, "not an ELF object");
	assert_int_equal(elf_parse(m.b, 40, &info, &e), -1);
	assert_string_equal(e.msg, "ELF header truncated");
	assert_int_equal(elf_parse(m.b, 100, &info, &e), -1);
	assert_string_equal(e.msg, "program headers lie outside the file");
}

struct ecase {
	const char *name;
	size_t off;		/* where to write */
	uint64_t val;
	unsigned n;
	const char *msg;
};

static void
test_elf_broken(void **state)
{
	/* Offsets in the 64-bit little-endian object of mkelf. */
	static const struct ecase cases[] = {
		{ "class 3", EI_CLASS, 3, 1, "ELF class 3 is unknown" },
		{ "byte order 0", EI_DATA, 0, 1, "ELF byte order 0 is unknown" },
		{ "PN_XNUM", 56, PN_XNUM, 2, "extended program header "
		  "numbering is not read" },
		{ "small phentsize", 54, 20, 2, "program header entries of 20 "
		  "bytes" },
		{ "huge phoff", 32, UINT64_MAX - 8, 8, "program headers lie "
		  "outside the file" },
		{ "interp past the end", 64 + 56 + 8, 5000, 8, "PT_INTERP is "
		  "not a string inside the file" },
		{ "interp without NUL", 64 + 56 + 32, 3, 8, "PT_INTERP is not "
		  "a string inside the file" },
		{ "second PT_INTERP", 64 + 112, PT_INTERP, 4, "two PT_INTERP" },
		{ "dynamic past the end", 64 + 112 + 8, UINT64_MAX, 8,
		  "PT_DYNAMIC lies outside the file" },
		{ "strtab outside any load", 256 + 64 + 8, 0x10, 8,
		  "DT_STRTAB is in no PT_LOAD segment" },
		{ "needed offset past strsz", 256 + 8, 4000, 8,
		  "DT_NEEDED: bad string offset" },
		{ "needed offset wraps", 256 + 8, UINT64_MAX, 8,
		  "DT_NEEDED: bad string offset" },
		{ "an empty needed name", 256 + 8, sizeof(STRTAB) - 1, 8,
		  "DT_NEEDED: bad string offset" },
		{ "runpath offset past strsz", 256 + 32 + 8, sizeof(STRTAB), 8,
		  "DT_RUNPATH: bad string offset" },
		{ "no strtab", 256 + 64, DT_DEBUG, 8, "PT_DYNAMIC has no "
		  "DT_STRTAB or DT_STRSZ" },
	};
	struct elf_info info;
	struct brig_err e;
	struct mk m;
	size_t i;

	(void)state;
	mkelf(&m, true, false);
	/* The layout the offsets above assume. */
	assert_int_equal(m.b[256], DT_NEEDED);
	assert_int_equal(m.b[256 + 64], DT_STRTAB);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mkelf(&m, true, false);
		put(&m, cases[i].off, cases[i].val, cases[i].n);
		if (elf_parse(m.b, m.len, &info, &e) != -1)
			fail_msg("%s: parsed", cases[i].name);
		if (strcmp(e.msg, cases[i].msg) != 0)
			fail_msg("%s: got \"%s\"", cases[i].name, e.msg);
		assert_int_equal(info.nneeded, 0);
		assert_null(info.interp);
	}
	/* A static object: no PT_DYNAMIC, no PT_INTERP, nothing needed. */
	mkelf(&m, true, false);
	put(&m, 64 + 56, PT_NOTE, 4);
	put(&m, 64 + 112, PT_NOTE, 4);
	assert_int_equal(elf_parse(m.b, m.len, &info, &e), 0);
	assert_false(info.dynamic);
	assert_null(info.interp);
	assert_int_equal(info.nneeded, 0);
	/* The header alone is enough to match a library. */
	assert_int_equal(elf_parse_header(m.b, 64, &info, &e), 0);
	assert_int_equal(info.machine, EM_X86_64);
}

/* --- ld.so.conf ------------------------------------------------------------ */

struct tmp {
	char dir[64];
	int rootfd;
};

static int
make_tmp(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	snprintf(t->dir, sizeof(t->dir), "/tmp/t_bootstrap.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	t->rootfd = open(t->dir, O_PATH | O_DIRECTORY);
	assert_true(t->rootfd >= 0);
	*state = t;
	return 0;
}

static int
remove_tmp(void **state)
{
	struct tmp *t = *state;
	char cmd[128];

	close(t->rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_ldconf(void **state)
{
	struct tmp *t = *state;
	char path[128], sub[128], **dirs = NULL;
	struct brig_err e;
	size_t n = 0, i;
	static const char *const want[] = {
		"/opt/first", "/opt/e", "/opt/a", "/opt/f", "/opt/b", "/opt/c",
		"/opt/d",
	};

	snprintf(sub, sizeof(sub), "%s/conf.d", t->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	write_file(t->dir, "ld.so.conf", "/opt/first\n"
	    "include conf.d/*.conf\n"
	    "# a comment\n"
	    "/opt/a   # after a directory\n"
	    "/opt/b:/opt/c,/opt/d=libc6\n"
	    "hwcap 0 nosegneg\n"
	    "relative/dir\n"
	    "include /nonexistent/*.conf\n");
	write_file(sub, "1.conf", "/opt/e\n/opt/a\n");
	write_file(sub, "2.conf", "\t/opt/f\n/opt/first\n");
	write_file(sub, "3.notconf", "/opt/never\n");
	snprintf(path, sizeof(path), "%s/ld.so.conf", t->dir);
	if (boot_ldconf_read(path, &dirs, &n, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		assert_string_equal(dirs[i], want[i]);
		free(dirs[i]);
	}
	free(dirs);

	/* A file that includes itself ends, with an error. */
	write_file(t->dir, "loop.conf", "include loop.conf\n");
	snprintf(path, sizeof(path), "%s/loop.conf", t->dir);
	dirs = NULL;
	n = 0;
	assert_int_equal(boot_ldconf_read(path, &dirs, &n, &e), -1);
	assert_non_null(strstr(e.msg, "includes nested too deep"));
	free(dirs);

	/* A missing file adds nothing. */
	snprintf(path, sizeof(path), "%s/none.conf", t->dir);
	dirs = NULL;
	n = 0;
	assert_int_equal(boot_ldconf_read(path, &dirs, &n, &e), 0);
	assert_int_equal(n, 0);
}

/* --- brig create's sources ------------------------------------------------- */

static void
test_source_kind(void **state)
{
	static const struct {
		const char *src, *kind;
	} cases[] = {
		{ "tar:/x/base", "tar" }, { "/r/base.txz", "tar" },
		{ "a.tar", "tar" }, { "a.tar.gz", "tar" }, { "a.tgz", "tar" },
		{ "a.tar.xz", "tar" }, { "a.tar.zst", "tar" },
		{ "a.tzst", "tar" }, { "a.tar.bz2", "tar" }, { "a.tbz2", "tar" },
		{ "closure:/usr/sbin/unbound", "closure" },
		{ "empty", "empty" }, { "tar:", NULL }, { ".tar", NULL },
		{ "a.zip", NULL }, { "Empty", NULL }, { "", NULL },
		{ "debootstrap:bookworm", "debootstrap" },
		{ "debootstrap", NULL }, { "Debootstrap:x", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *k = bootstrap_source_kind(cases[i].src);

		if (cases[i].kind == NULL)
			assert_null(k);
		else
			assert_string_equal(k, cases[i].kind);
	}
}

static void
test_closure_parse(void **state)
{
	char **bins, **files;
	struct brig_err e;

	(void)state;
	assert_int_equal(bootstrap_closure_parse("closure:/usr/sbin/unbound",
	    &bins, &files, &e), 0);
	assert_string_equal(bins[0], "/usr/sbin/unbound");
	assert_null(bins[1]);
	assert_null(files);
	free(bins);

	assert_int_equal(bootstrap_closure_parse("closure:unbound,/bin/sh+"
	    "/etc/services,./my.conf:/etc/unbound/unbound.conf", &bins,
	    &files, &e), 0);
	assert_string_equal(bins[0], "unbound");
	assert_string_equal(bins[1], "/bin/sh");
	assert_null(bins[2]);
	assert_string_equal(files[0], "/etc/services");
	assert_string_equal(files[1], "./my.conf:/etc/unbound/unbound.conf");
	assert_null(files[2]);
	free(bins);

	assert_int_equal(bootstrap_closure_parse("closure:", &bins, &files,
	    &e), -1);
	assert_string_equal(e.msg, "closure: names no program "
	    "(closure:BIN[,BIN...][+FILE[:JAILPATH],...])");
	assert_int_equal(bootstrap_closure_parse("closure:+/etc/x", &bins,
	    &files, &e), -1);
	assert_int_equal(bootstrap_closure_parse("closure:/a,,/b", &bins,
	    &files, &e), -1);
	assert_string_equal(e.msg, "closure: an empty program name");
	assert_int_equal(bootstrap_closure_parse("closure:/a+", &bins,
	    &files, &e), -1);
	assert_string_equal(e.msg, "closure: an empty file name");
	assert_int_equal(bootstrap_closure_parse("closure:/a+/x,", &bins,
	    &files, &e), -1);
}

static void
test_deb_parse(void **state)
{
	struct buf b = BUF_INIT;
	struct deb_source d;
	struct brig_err e;
	char rel[DEB_RELEASE_MAX + 1];
	char long_src[400];
	size_t i;

	(void)state;
	assert_int_equal(bootstrap_deb_parse("debootstrap:bookworm", &d, &e),
	    0);
	assert_string_equal(d.suite, "bookworm");
	assert_int_equal(d.npkgs, 0);
	assert_null(d.pkgs[0]);
	bootstrap_deb_canon(&d, &b);
	assert_string_equal(b.s, "debootstrap:bookworm");
	bootstrap_deb_release(&d, rel, sizeof(rel));
	assert_string_equal(rel, "bookworm");
	bootstrap_deb_free(&d);

	/* Sorted and each once: one release for the same packages. */
	assert_int_equal(bootstrap_deb_parse("debootstrap:bookworm-backports+"
	    "vim,libstdc++6,unbound,vim,apt-transport-https", &d, &e), 0);
	assert_string_equal(d.suite, "bookworm-backports");
	assert_int_equal(d.npkgs, 4);
	assert_string_equal(d.pkgs[0], "apt-transport-https");
	assert_string_equal(d.pkgs[1], "libstdc++6");
	assert_string_equal(d.pkgs[2], "unbound");
	assert_string_equal(d.pkgs[3], "vim");
	assert_null(d.pkgs[4]);
	buf_reset(&b);
	bootstrap_deb_canon(&d, &b);
	assert_string_equal(b.s, "debootstrap:bookworm-backports+"
	    "apt-transport-https,libstdc++6,unbound,vim");
	bootstrap_deb_release(&d, rel, sizeof(rel));
	assert_string_equal(rel, "bookworm-backports-apt-transport-https-"
	    "libstdc__6-unbound-vim");
	bootstrap_deb_free(&d);

	/* Dots in a version-like suite, too long a name: cut, and a hash of
	 * the whole source, still a jail name. */
	snprintf(long_src, sizeof(long_src), "debootstrap:12.5+");
	for (i = 0; i < 20; i++)
		snprintf(long_src + strlen(long_src), sizeof(long_src) -
		    strlen(long_src), "%spackage%zu", i ? "," : "", i);
	assert_int_equal(bootstrap_deb_parse(long_src, &d, &e), 0);
	bootstrap_deb_release(&d, rel, sizeof(rel));
	assert_int_equal(strlen(rel), DEB_RELEASE_MAX);
	assert_memory_equal(rel, "12_5-package0-package1-", 23);
	assert_int_equal(store_check_name(rel, &e), 0);
	bootstrap_deb_free(&d);
	long_src[strlen(long_src) - 1] = '8';	/* package198: another */
	assert_int_equal(bootstrap_deb_parse(long_src, &d, &e), 0);
	{
		char rel2[DEB_RELEASE_MAX + 1];

		bootstrap_deb_release(&d, rel2, sizeof(rel2));
		assert_string_not_equal(rel, rel2);
	}
	bootstrap_deb_free(&d);
	buf_free(&b);

	/* Refused: nothing could be taken for one of debootstrap's options. */
	static const struct {
		const char *src, *msg;
	} bad[] = {
		{ "debootstrap:", "debootstrap: names no suite "
		    "(debootstrap:SUITE[+PACKAGE[,PACKAGE...]])" },
		{ "debootstrap:+vim", "debootstrap: names no suite "
		    "(debootstrap:SUITE[+PACKAGE[,PACKAGE...]])" },
		{ "debootstrap:--foreign", "debootstrap: \"--foreign\" is not "
		    "a suite name (lower-case letters, digits, '-' and '.': "
		    "bookworm, stable)" },
		{ "debootstrap:Bookworm", NULL },
		{ "debootstrap:book worm", NULL },
		{ "debootstrap:../x", NULL },
		{ "debootstrap:abcdefghijabcdefghijabcdefghijabc", NULL },
		{ "debootstrap:bookworm+", "debootstrap: \"\" is not a Debian "
		    "package name (lower-case letters, digits, '+', '-' and "
		    "'.', two at least)" },
		{ "debootstrap:bookworm+a", NULL },
		{ "debootstrap:bookworm+vim,", NULL },
		{ "debootstrap:bookworm+vim,,x", NULL },
		{ "debootstrap:bookworm+-x", NULL },
		{ "debootstrap:bookworm+Vim", NULL },
		{ "debootstrap:bookworm+vim:amd64", NULL },
		{ "tar:x", "tar:x: not a debootstrap source" },
	};
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bootstrap_deb_parse(bad[i].src, &d, &e), -1);
		if (bad[i].msg)
			assert_string_equal(e.msg, bad[i].msg);
		assert_null(d.pkgs);
	}
}

/* --- the no-follow writer -------------------------------------------------- */

static void
test_inroot(void **state)
{
	struct tmp *t = *state;
	struct inroot r;
	struct brig_err e;
	const char *leaf;
	struct stat st;
	int fd;

	inroot_init(&r, t->rootfd, true);
	fd = inroot_parent(&r, "a/b/c/file", &leaf, &e);
	assert_true(fd >= 0);
	assert_string_equal(leaf, "file");
	assert_int_equal(fstatat(t->rootfd, "a/b/c", &st, 0), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Cached: the same descriptor for the same directory. */
	assert_int_equal(inroot_parent(&r, "a/b/c/other", &leaf, &e), fd);
	assert_int_equal(inroot_parent(&r, "top", &leaf, &e) >= 0, 1);
	assert_string_equal(leaf, "top");

	/* A link on the way is never followed, wherever it points. */
	assert_int_equal(symlinkat("/tmp", t->rootfd, "a/link"), 0);
	assert_int_equal(symlinkat("b", t->rootfd, "a/rel"), 0);
	assert_int_equal(inroot_parent(&r, "a/link/x", &leaf, &e), -1);
	assert_string_equal(e.msg, "a/link is a symbolic link: nothing is "
	    "made through one");
	assert_int_equal(inroot_parent(&r, "a/rel/c/x", &leaf, &e), -1);
	assert_string_equal(e.msg, "a/rel is a symbolic link: nothing is "
	    "made through one");
	/* A file on the way. */
	fd = openat(t->rootfd, "a/plain", O_CREAT | O_WRONLY, 0644);
	close(fd);
	assert_int_equal(inroot_parent(&r, "a/plain/x", &leaf, &e), -1);
	assert_int_equal(e.errnum, ENOTDIR);

	/* Clearing: a file, a link (not its target), an empty directory;
	 * not a full one. */
	fd = inroot_parent(&r, "a/x", &leaf, &e);
	assert_int_equal(inroot_clear(fd, "plain", "a/plain", &e), 0);
	assert_int_equal(inroot_clear(fd, "link", "a/link", &e), 0);
	assert_int_equal(inroot_clear(fd, "nothing", "a/nothing", &e), 0);
	assert_int_equal(mkdirat(fd, "empty", 0755), 0);
	assert_int_equal(inroot_clear(fd, "empty", "a/empty", &e), 0);
	assert_int_equal(inroot_clear(fd, "b", "a/b", &e), -1);
	assert_int_equal(e.errnum, ENOTEMPTY);
	assert_int_equal(fstatat(t->rootfd, "a/link", &st,
	    AT_SYMLINK_NOFOLLOW), -1);
	assert_int_equal(stat("/tmp", &st), 0);

	/* Without make, a missing directory is an error. */
	inroot_close(&r);
	inroot_init(&r, t->rootfd, false);
	assert_int_equal(inroot_parent(&r, "no/such/x", &leaf, &e), -1);
	assert_int_equal(e.errnum, ENOENT);
	assert_int_equal(fstatat(t->rootfd, "no", &st, 0), -1);
	inroot_close(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tar_path),
		cmocka_unit_test(test_tar_path_length),
		cmocka_unit_test(test_elf_bin_true),
		cmocka_unit_test(test_elf_made),
		cmocka_unit_test(test_elf_truncated),
		cmocka_unit_test(test_elf_broken),
		cmocka_unit_test_setup_teardown(test_ldconf, make_tmp,
		    remove_tmp),
		cmocka_unit_test(test_source_kind),
		cmocka_unit_test(test_closure_parse),
		cmocka_unit_test(test_deb_parse),
		cmocka_unit_test_setup_teardown(test_inroot, make_tmp,
		    remove_tmp),
	};

	return cmocka_run_group_tests_name("bootstrap", tests, NULL, NULL);
}
