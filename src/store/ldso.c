/* Where ld.so(8) finds a library (bootstrap_int.h), for closure.c.
 *
 * The search order of ld.so(8) ("Rpath token expansion" and the list
 * under "DESCRIPTION"): DT_RPATH of the object when it has no
 * DT_RUNPATH, then that of the program when it has none either;
 * DT_RUNPATH; the directories of /etc/ld.so.conf, in place of the cache
 * ldconfig(8) makes from them; then /lib/<triplet>, /usr/lib/<triplet>,
 * /lib, /usr/lib, /lib64 or /lib32.  A candidate of another class, byte
 * order or machine is passed over, as the loader passes it over.
 * LD_LIBRARY_PATH and the glibc-hwcaps subdirectories are not searched:
 * the former is the caller's environment, not the host's, and the latter
 * hold optimised copies of libraries found anyway.
 *
 * A jail made from a closure has no ld.so.cache: its loader searches
 * only its own directories (Debian's glibc: /lib/<triplet>,
 * /usr/lib/<triplet>, /lib, /usr/lib), so the search says whether the
 * jail's loader finds a library where the host's did. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootstrap_int.h"
#include "../util/buf.h"

#define LDSO_CONF	"/etc/ld.so.conf"
#define MAX_INCLUDE	16

/* --- /etc/ld.so.conf ------------------------------------------------------ */

struct dirlist {
	char **v;
	size_t n;
};

static bool
list_has(const struct dirlist *l, const char *d)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], d) == 0)
			return true;
	return false;
}

static void
list_add(struct dirlist *l, const char *d)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(d);
}

static int ldconf_file(const char *path, struct dirlist *out, int depth,
    struct brig_err *e);

static int
ldconf_include(const char *from, const char *pattern, struct dirlist *out,
    int depth, struct brig_err *e)
{
	char pat[PATH_MAX];
	const char *slash = strrchr(from, '/');
	glob_t g;
	size_t i;
	int rc = 0;

	if (pattern[0] == '/' || slash == NULL)
		snprintf(pat, sizeof(pat), "%s", pattern);
	else
		snprintf(pat, sizeof(pat), "%.*s/%s", (int)(slash - from), from,
		    pattern);
	if (glob(pat, 0, NULL, &g) != 0) {
		globfree(&g);
		return 0;	/* no match: nothing to include */
	}
	for (i = 0; i < g.gl_pathc && rc == 0; i++)
		rc = ldconf_file(g.gl_pathv[i], out, depth + 1, e);
	globfree(&g);
	return rc;
}

static int
ldconf_file(const char *path, struct dirlist *out, int depth,
    struct brig_err *e)
{
	char *line = NULL, *p, *tok;
	size_t cap = 0;
	FILE *fp;
	int rc = 0;

	if (depth > MAX_INCLUDE)
		return err_fmt(e, "%s: includes nested too deep", path);
	if ((fp = fopen(path, "re")) == NULL)
		return errno == ENOENT ? 0 : err_sys(e, "open %s", path);
	while (rc == 0 && getline(&line, &cap, fp) != -1) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line + strspn(line, " \t");
		if (strncmp(p, "include", 7) == 0 && (p[7] == ' ' ||
		    p[7] == '\t')) {
			p += 7;
			while ((tok = strsep(&p, " \t\r\n")) != NULL && rc == 0)
				if (*tok)
					rc = ldconf_include(path, tok, out,
					    depth, e);
			continue;
		}
		if (strncmp(p, "hwcap", 5) == 0)
			continue;
		/* Directories, separated as ldconfig separates them; an
		 * old "DIR=TYPE" suffix is dropped. */
		while ((tok = strsep(&p, " \t\r\n:,")) != NULL) {
			char *eq = strchr(tok, '=');

			if (eq)
				*eq = '\0';
			if (*tok == '/' && !list_has(out, tok))
				list_add(out, tok);
		}
	}
	if (rc == 0 && ferror(fp))
		rc = err_sys(e, "read %s", path);
	free(line);
	fclose(fp);
	return rc;
}

int
boot_ldconf_read(const char *path, char ***dirs, size_t *n,
    struct brig_err *e)
{
	struct dirlist s = { *dirs, *n };
	int rc = ldconf_file(path, &s, 0, e);

	*dirs = s.v;
	*n = s.n;
	return rc;
}

/* --- the search ------------------------------------------------------------ */

/* Does the library at path suit an object like want? */
static bool
suits(const char *path, const struct elf_info *want)
{
	unsigned char hdr[sizeof(Elf64_Ehdr)];
	struct elf_info got;
	struct brig_err e;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (n <= 0 || elf_parse_header(hdr, (size_t)n, &got, &e) == -1)
		return false;
	return got.cls == want->cls && got.data == want->data &&
	    got.machine == want->machine && got.type == ET_DYN;
}

/* One directory of a DT_RPATH/DT_RUNPATH list, its tokens expanded
 * ($ORIGIN: origin; $LIB: Debian's lib/<triplet>), into out.  False
 * when it cannot be used: relative (the loader's working directory),
 * or $PLATFORM and other tokens the host alone cannot tell. */
static bool
expand_dir(const char *dir, const char *origin, const struct elf_info *info,
    char *out, size_t len)
{
	struct buf b = BUF_INIT;
	const char *p = dir, *trip = elf_triplet(info);
	bool ok = true;

	while (*p && ok) {
		if (*p != '$') {
			buf_addc(&b, *p++);
			continue;
		}
		if (strncmp(p, "$ORIGIN", 7) == 0 ||
		    strncmp(p, "${ORIGIN}", 9) == 0) {
			buf_adds(&b, origin);
			p += p[1] == '{' ? 9 : 7;
		} else if ((strncmp(p, "$LIB", 4) == 0 ||
		    strncmp(p, "${LIB}", 6) == 0) && trip) {
			buf_printf(&b, "lib/%s", trip);
			p += p[1] == '{' ? 6 : 4;
		} else {
			ok = false;
		}
	}
	ok = ok && b.len > 0 && b.s[0] == '/' && b.len < len;
	if (ok)
		memcpy(out, b.s, b.len + 1);
	buf_free(&b);
	return ok;
}

/* Look for name in the ':'-separated list; true with *found set. */
static bool
search_list(const char *list, const char *origin, const char *name,
    const struct elf_info *want, char *found)
{
	char *copy = xstrdup(list), *p = copy, *d, dir[PATH_MAX];
	bool hit = false;

	while (!hit && (d = strsep(&p, ":")) != NULL) {
		if (*d == '\0' || !expand_dir(d, origin, want, dir, sizeof(dir)))
			continue;
		if (snprintf(found, PATH_MAX, "%s/%s", dir, name) < PATH_MAX &&
		    suits(found, want))
			hit = true;
	}
	free(copy);
	return hit;
}

/* The loader's own directories (Debian's glibc), where the jail's loader
 * finds a library with no ld.so.cache. */
static void
system_dirs(const struct elf_info *info, char dirs[4][64])
{
	const char *trip = elf_triplet(info);
	int n = 0;

	if (trip) {
		snprintf(dirs[n++], 64, "/lib/%s", trip);
		snprintf(dirs[n++], 64, "/usr/lib/%s", trip);
	}
	snprintf(dirs[n++], 64, "/lib");
	snprintf(dirs[n++], 64, "/usr/lib");
	for (; n < 4; n++)
		dirs[n][0] = '\0';
}

int
ldso_find(struct ldso *l, const char *name, const struct elf_info *info,
    const char *origin, const struct elf_info *exe, const char *exe_origin,
    char *found, bool *visible, struct brig_err *e)
{
	char sys[4][64];
	const char *extra[2];
	size_t i;

	*visible = true;
	if (strchr(name, '/')) {
		if (name[0] != '/')
			return err_fmt(e, "library %s: a relative path", name);
		snprintf(found, PATH_MAX, "%s", name);
		return 0;
	}
	if (!info->runpath && info->rpath &&
	    search_list(info->rpath, origin, name, info, found))
		return 0;
	if (!info->runpath && exe && exe != info && !exe->runpath &&
	    exe->rpath && search_list(exe->rpath, exe_origin, name, info,
	    found))
		return 0;
	if (info->runpath && search_list(info->runpath, origin, name, info,
	    found))
		return 0;
	system_dirs(info, sys);
	if (!l->read) {
		if (boot_ldconf_read(LDSO_CONF, &l->conf, &l->nconf, e) == -1)
			return -1;
		l->read = true;
	}
	for (i = 0; i < l->nconf; i++) {
		snprintf(found, PATH_MAX, "%s/%s", l->conf[i], name);
		if (suits(found, info)) {
			*visible = strcmp(l->conf[i], sys[0]) == 0 ||
			    strcmp(l->conf[i], sys[1]) == 0 ||
			    strcmp(l->conf[i], sys[2]) == 0 ||
			    strcmp(l->conf[i], sys[3]) == 0;
			return 0;
		}
	}
	for (i = 0; i < 4; i++) {
		snprintf(found, PATH_MAX, "%s/%s", sys[i], name);
		if (sys[i][0] && suits(found, info))
			return 0;
	}
	extra[0] = info->cls == ELFCLASS64 ? "/lib64" : "/lib32";
	extra[1] = info->cls == ELFCLASS64 ? "/usr/lib64" : "/usr/lib32";
	for (i = 0; i < 2; i++) {
		snprintf(found, PATH_MAX, "%s/%s", extra[i], name);
		if (suits(found, info)) {
			*visible = false;
			return 0;
		}
	}
	return err_fmt(e, "library %s not found", name);
}

void
ldso_jail_dir(const struct elf_info *info, char *buf, size_t len)
{
	char sys[4][64];

	system_dirs(info, sys);
	snprintf(buf, len, "%s", sys[1][0] ? sys[1] : sys[3]);
}

void
ldso_free(struct ldso *l)
{
	size_t i;

	for (i = 0; i < l->nconf; i++)
		free(l->conf[i]);
	free(l->conf);
	memset(l, 0, sizeof(*l));
}
