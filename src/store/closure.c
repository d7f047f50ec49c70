/* A jail root from host programs (bootstrap.h): each program, its
 * dynamic loader and every shared library it loads, found the way
 * ld.so(8) finds them, and named files.  This is scripts/mkroot-closure
 * in C, without readelf(1) or ldconfig(8): the ELF headers are read by
 * elf.c.
 *
 * Paths are copied as the host has them: walking /lib64/ld-linux-x86-64.so.2
 * on a merged-/usr host makes the link lib64 -> usr/lib64, then
 * usr/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/..., then
 * lib -> usr/lib, and copies the file at the end of the chain.  Each link
 * is followed on the host, never in the root: the walk starts again at
 * the link's target, so in the root only real directories are walked
 * through (inroot.c), and a ".." is applied to a prefix that holds no
 * link, where it means what it says.
 *
 * Libraries are searched as ld.so(8) searches (ldso.c).  The jail has no
 * ld.so.cache: a library the host's loader finds only through
 * ld.so.conf gets a link to it in /usr/lib/<triplet>, where the jail's
 * loader looks. */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "bootstrap.h"
#include "bootstrap_int.h"
#include "../util/buf.h"
#include "../util/path.h"

#define MAX_LINKS	40	/* as the kernel's MAXSYMLINKS */
#define MAX_TREE	64

static const char *const bin_dirs[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
	"/sbin", "/bin", NULL,
};

/* A small set of strings (a closure has tens of libraries). */
struct strset {
	char **v;
	size_t n;
};

static bool
set_has(const struct strset *s, const char *k)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], k) == 0)
			return true;
	return false;
}

static void
set_add(struct strset *s, const char *k)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = xstrdup(k);
}

static void
set_free(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

struct closure {
	int rootfd;
	bool own;		/* keep owners and set-id bits (root) */
	struct bootstrap_stats *st;
	struct inroot r;
	struct strset done;	/* objects read (real host paths) */
	struct strset sonames;	/* "class/machine/name" resolved */
	struct ldso ldso;	/* the library search */
};

/* --- copying host paths into the root ------------------------------------ */

static int
set_owner_mode(struct closure *c, int fd, const struct stat *st,
    const char *what, struct brig_err *e)
{
	mode_t m = st->st_mode & 07777;

	if (c->own && fchown(fd, st->st_uid, st->st_gid) == -1)
		return err_sys(e, "change the owner of %s", what);
	if (!c->own && (m & (S_ISUID | S_ISGID))) {
		m &= ~(mode_t)(S_ISUID | S_ISGID);
		c->st->setid_dropped++;
	}
	if (fchmod(fd, m) == -1)
		return err_sys(e, "change the mode of %s", what);
	return 0;
}

/* A file capability (ping's cap_net_raw) is a set-id bit by another
 * name: copied with the owner kept, after fchown, which clears it. */
static int
copy_caps(struct closure *c, int from, int to, const char *what,
    struct brig_err *e)
{
	char val[256];
	ssize_t n;

	if (!c->own)
		return 0;
	n = fgetxattr(from, "security.capability", val, sizeof(val));
	if (n == -1)
		return errno == ENODATA || errno == ENOTSUP ? 0 :
		    err_sys(e, "read the capabilities of %s", what);
	if (fsetxattr(to, "security.capability", val, (size_t)n, 0) == -1)
		return err_sys(e, "set the capabilities of %s", what);
	c->st->xattrs++;
	return 0;
}

/* Copy the open host file "from" (stat st) to leaf in dirfd, replacing
 * what is there. */
static int
copy_file_at(struct closure *c, int from, const struct stat *st, int dirfd,
    const char *leaf, const char *what, struct brig_err *e)
{
	struct timespec ts[2];
	int to, rc = -1;

	if (unlinkat(dirfd, leaf, 0) == -1 && errno != ENOENT)
		return err_sys(e, "replace %s", what);
	to = openat(dirfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (to == -1)
		return err_sys(e, "create %s", what);
	if (inroot_copy_data(from, to, &c->st->bytes, what, e) == -1 ||
	    set_owner_mode(c, to, st, what, e) == -1 ||
	    copy_caps(c, from, to, what, e) == -1)
		goto out;
	ts[0] = st->st_atim;
	ts[1] = st->st_mtim;
	if (futimens(to, ts) == -1) {
		err_sys(e, "set the times of %s", what);
		goto out;
	}
	c->st->files++;
	rc = 0;
out:
	close(to);
	return rc;
}

/* The host's directory or link at absolute path hp, at the same path in
 * the root (kept if there). */
static int
mirror_dir(struct closure *c, const char *hp, const struct stat *hst,
    struct brig_err *e)
{
	const char *leaf;
	struct stat st;
	int pfd, fd;

	if ((pfd = inroot_parent(&c->r, hp + 1, &leaf, e)) == -1)
		return -1;
	if (fstatat(pfd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		return err_fmt(e, "%s: the root has a non-directory there", hp);
	}
	if (mkdirat(pfd, leaf, 0700) == -1)
		return err_sys(e, "create directory %s", hp);
	fd = openat(pfd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return err_sys(e, "open directory %s", hp);
	if (set_owner_mode(c, fd, hst, hp, e) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	c->st->dirs++;
	return 0;
}

static int
mirror_link(struct closure *c, const char *hp, const char *target,
    const struct stat *hst, struct brig_err *e)
{
	char have[PATH_MAX];
	const char *leaf;
	ssize_t n;
	int pfd;

	if ((pfd = inroot_parent(&c->r, hp + 1, &leaf, e)) == -1)
		return -1;
	n = readlinkat(pfd, leaf, have, sizeof(have) - 1);
	if (n >= 0) {
		have[n] = '\0';
		if (strcmp(have, target) == 0)
			return 0;
		return err_fmt(e, "%s: the root has another link there", hp);
	}
	if (errno != ENOENT)
		return err_fmt(e, "%s: the root has a non-link there", hp);
	if (symlinkat(target, pfd, leaf) == -1)
		return err_sys(e, "create symbolic link %s", hp);
	if (c->own && fchownat(pfd, leaf, hst->st_uid, hst->st_gid,
	    AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "change the owner of %s", hp);
	c->st->files++;
	c->st->symlinks++;
	return 0;
}

static int
mirror_file(struct closure *c, const char *hp, const struct stat *hst,
    struct brig_err *e)
{
	const char *leaf;
	struct stat st;
	int pfd, from, rc;

	if ((pfd = inroot_parent(&c->r, hp + 1, &leaf, e)) == -1)
		return -1;
	if (fstatat(pfd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return S_ISREG(st.st_mode) ? 0 :
		    err_fmt(e, "%s: the root has a non-file there", hp);
	if ((from = open(hp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", hp);
	rc = copy_file_at(c, from, hst, pfd, leaf, hp, e);
	close(from);
	return rc;
}

/* Make host path "path" (absolute) in the root at the same place,
 * every link on the way as a link, and its final target.  When real is
 * not NULL it gets the host path of what is at the end. */
static int
mirror(struct closure *c, const char *path, int depth, char *real,
    struct brig_err *e)
{
	char todo[PATH_MAX], cur[PATH_MAX], target[PATH_MAX];
	char next[2 * PATH_MAX + 2];
	char *p = todo, *comp, *slash;
	size_t clen = 0;
	struct stat st;
	ssize_t n;

	if (depth > MAX_LINKS) {
		errno = ELOOP;
		return err_sys(e, "%s", path);
	}
	if (path[0] != '/')
		return err_fmt(e, "%s: not an absolute path", path);
	if (snprintf(todo, sizeof(todo), "%s", path) >= (int)sizeof(todo)) {
		errno = ENAMETOOLONG;
		return err_sys(e, "%.64s...", path);
	}
	cur[0] = '\0';
	while ((comp = strsep(&p, "/")) != NULL) {
		if (*comp == '\0' || strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			/* cur holds no link: a lexical ".." is right. */
			if ((slash = strrchr(cur, '/')) != NULL)
				*slash = '\0';
			clen = strlen(cur);
			continue;
		}
		if (clen + 1 + strlen(comp) >= sizeof(cur)) {
			errno = ENAMETOOLONG;
			return err_sys(e, "%.64s...", path);
		}
		clen += (size_t)snprintf(cur + clen, sizeof(cur) - clen, "/%s",
		    comp);
		if (lstat(cur, &st) == -1)
			return err_sys(e, "%s", cur);
		if (S_ISLNK(st.st_mode)) {
			if ((n = readlink(cur, target, sizeof(target) - 1)) ==
			    -1)
				return err_sys(e, "read link %s", cur);
			target[n] = '\0';
			if (mirror_link(c, cur, target, &st, e) == -1)
				return -1;
			/* Go on at the target, with what remains. */
			*strrchr(cur, '/') = '\0';
			snprintf(next, sizeof(next), "%s/%s%s%s",
			    target[0] == '/' ? "" : cur, target, p ? "/" : "",
			    p ? p : "");
			return mirror(c, next, depth + 1, real, e);
		}
		if (S_ISDIR(st.st_mode)) {
			if (mirror_dir(c, cur, &st, e) == -1)
				return -1;
		} else if (S_ISREG(st.st_mode)) {
			if (mirror_file(c, cur, &st, e) == -1)
				return -1;
		} else {
			return err_fmt(e, "%s: not a file, directory or "
			    "symbolic link", cur);
		}
	}
	if (real)
		snprintf(real, PATH_MAX, "%s", clen ? cur : "/");
	return 0;
}

/* --- reading objects ----------------------------------------------------- */

struct object {
	void *map;
	size_t len;
};

static int
object_map(const char *path, struct object *o, struct brig_err *e)
{
	struct stat st;
	int fd;

	o->map = NULL;
	o->len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", path);
	if (fstat(fd, &st) == -1) {
		err_sys(e, "%s", path);
		close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		o->len = (size_t)st.st_size;
		o->map = mmap(NULL, o->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (o->map == MAP_FAILED) {
			o->map = NULL;
			err_sys(e, "map %s", path);
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

static void
object_unmap(struct object *o)
{
	if (o->map)
		munmap(o->map, o->len);
	o->map = NULL;
}

/* A library the jail's loader would not find where the host has it:
 * a link to it from /usr/lib/<triplet>, a directory it searches. */
static int
make_visible(struct closure *c, const struct elf_info *info,
    const char *name, const char *found, struct brig_err *e)
{
	char link[PATH_MAX + 64], dir[PATH_MAX];
	struct stat st;

	ldso_jail_dir(info, dir, sizeof(dir));
	snprintf(link, sizeof(link), "%s/%s", dir, name);
	/* The directory as the host has it (/usr/lib is real on Debian). */
	if (mirror(c, dir, 0, NULL, e) == -1)
		return -1;
	if (lstat(found, &st) == -1)
		return err_sys(e, "%s", found);
	return mirror_link(c, link, found, &st, e);
}

static int add_object(struct closure *c, const char *path,
    const struct elf_info *exe, const char *exe_origin, struct brig_err *e);

static int
add_needed(struct closure *c, const struct elf_info *info, const char *origin,
    const struct elf_info *exe, const char *exe_origin, struct brig_err *e)
{
	char key[NAME_MAX + 32], found[PATH_MAX];
	bool visible;
	size_t i;

	for (i = 0; i < info->nneeded; i++) {
		snprintf(key, sizeof(key), "%u/%u/%s", info->cls, info->machine,
		    info->needed[i]);
		if (set_has(&c->sonames, key))
			continue;
		set_add(&c->sonames, key);
		if (ldso_find(&c->ldso, info->needed[i], info, origin, exe,
		    exe_origin,
		    found, &visible, e) == -1 ||
		    add_object(c, found, exe, exe_origin, e) == -1 ||
		    (!visible && make_visible(c, info, info->needed[i], found,
		    e) == -1))
			return -1;
		c->st->libs++;
	}
	return 0;
}

/* A script's "#!" interpreter, as the kernel reads it: the first word
 * of the first line (within BINPRM_BUF_SIZE, 256 bytes). */
static bool
script_interp(const struct object *o, char *out, size_t len)
{
	const char *p = o->map, *end;
	size_t n = o->len < 256 ? o->len : 256, w;

	if (n < 3 || p[0] != '#' || p[1] != '!')
		return false;
	p += 2;
	end = (const char *)o->map + n;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (w = 0; p + w < end && p[w] != ' ' && p[w] != '\t' &&
	    p[w] != '\n' && p[w] != '\0'; w++)
		;
	if (w == 0 || w >= len || p[0] != '/')
		return false;
	memcpy(out, p, w);
	out[w] = '\0';
	return true;
}

/* Copy object path and all it loads.  exe: the executable that brought
 * it, or NULL when it is one. */
static int
add_object(struct closure *c, const char *path, const struct elf_info *exe,
    const char *exe_origin, struct brig_err *e)
{
	char real[PATH_MAX], origin[PATH_MAX], interp[PATH_MAX];
	char key[NAME_MAX + 32];
	struct elf_info info;
	struct object o;
	int rc = -1;

	if (mirror(c, path, 0, real, e) == -1)
		return -1;
	if (set_has(&c->done, real))
		return 0;
	set_add(&c->done, real);
	if (object_map(real, &o, e) == -1)
		return -1;
	if (!elf_is_elf(o.map, o.len)) {
		rc = 0;
		if (exe == NULL && script_interp(&o, interp, sizeof(interp)))
			rc = add_object(c, interp, NULL, NULL, e);
		goto out;
	}
	if (elf_parse(o.map, o.len, &info, e) == -1) {
		err_ctx(e, "%s", real);
		goto out;
	}
	/* $ORIGIN: the directory the loader found the object in; for the
	 * program, its real directory (the loader reads /proc/self/exe). */
	snprintf(origin, sizeof(origin), "%s", exe ? path : real);
	*strrchr(origin, '/') = '\0';
	if (info.interp) {
		if (mirror(c, info.interp, 0, NULL, e) == -1)
			goto free;
		/* A DT_NEEDED naming the loader is the loader, loaded. */
		snprintf(key, sizeof(key), "%u/%u/%s", info.cls, info.machine,
		    strrchr(info.interp, '/') ? strrchr(info.interp, '/') + 1 :
		    info.interp);
		if (!set_has(&c->sonames, key)) {
			set_add(&c->sonames, key);
			c->st->libs++;
		}
	}
	rc = add_needed(c, &info, origin, exe ? exe : &info,
	    exe ? exe_origin : origin, e);
	if (rc == -1)
		err_ctx(e, "%s", path);
free:
	elf_info_free(&info);
out:
	object_unmap(&o);
	return rc;
}

/* --- named files ----------------------------------------------------------- */

static int copy_into(struct closure *c, int from, const struct stat *st,
    int dirfd, const char *leaf, const char *what, int depth,
    struct brig_err *e);

/* One entry of a directory being copied: links as links, files and
 * directories copied; sockets, devices and FIFOs are no configuration. */
static int
copy_entry(struct closure *c, int from, int to, const char *name,
    const char *what, int depth, struct brig_err *e)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int cf, rc;

	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return err_sys(e, "%s", what);
	if (S_ISLNK(st.st_mode)) {
		if ((n = readlinkat(from, name, target, sizeof(target) - 1)) ==
		    -1)
			return err_sys(e, "read link %s", what);
		target[n] = '\0';
		if ((unlinkat(to, name, 0) == -1 && errno != ENOENT) ||
		    symlinkat(target, to, name) == -1)
			return err_sys(e, "create symbolic link %s", what);
		c->st->files++;
		c->st->symlinks++;
		return 0;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return 0;
	if ((cf = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return err_sys(e, "open %s", what);
	rc = copy_into(c, cf, &st, to, name, what, depth + 1, e);
	close(cf);
	return rc;
}

static int
copy_tree(struct closure *c, int from, const struct stat *st, int dirfd,
    const char *leaf, const char *what, int depth, struct brig_err *e)
{
	char sub[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int to, child, rc = 0;

	if (depth > MAX_TREE)
		return err_fmt(e, "%s: nested too deep", what);
	if (mkdirat(dirfd, leaf, 0700) == -1 && errno != EEXIST)
		return err_sys(e, "create directory %s", what);
	to = openat(dirfd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (to == -1)
		return err_sys(e, "open directory %s", what);
	if ((child = dup(from)) == -1 || (d = fdopendir(child)) == NULL) {
		err_sys(e, "read directory %s", what);
		if (child != -1)
			close(child);
		close(to);
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0)
				rc = err_sys(e, "read directory %s", what);
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", what, de->d_name);
		if ((rc = copy_entry(c, from, to, de->d_name, sub, depth, e)) ==
		    -1)
			break;
	}
	closedir(d);
	if (rc == 0)
		rc = set_owner_mode(c, to, st, what, e);
	if (rc == 0)
		c->st->dirs++;
	close(to);
	return rc;
}

static int
copy_into(struct closure *c, int from, const struct stat *st, int dirfd,
    const char *leaf, const char *what, int depth, struct brig_err *e)
{
	if (S_ISDIR(st->st_mode))
		return copy_tree(c, from, st, dirfd, leaf, what, depth, e);
	return copy_file_at(c, from, st, dirfd, leaf, what, e);
}

/* "HOST[:JAILPATH]": HOST followed if a link, at JAILPATH (absolute,
 * no "." or ".."; default HOST), replacing what is there. */
static int
add_file(struct closure *c, const char *spec, struct brig_err *e)
{
	char host[PATH_MAX], jail[PATH_MAX], *colon, *slash;
	struct stat st;
	int from, dirfd, rc;

	snprintf(host, sizeof(host), "%s", spec);
	if ((colon = strchr(host, ':')) != NULL)
		*colon = '\0';
	snprintf(jail, sizeof(jail), "%s", colon ? colon + 1 : host);
	if (jail[0] != '/')
		return err_fmt(e, "file %s: the path in the jail must be "
		    "absolute", spec);
	if (strstr(jail, "/./") || strstr(jail, "/../") ||
	    strcmp(strrchr(jail, '/'), "/.") == 0 ||
	    strcmp(strrchr(jail, '/'), "/..") == 0 || jail[1] == '\0')
		return err_fmt(e, "file %s: the path in the jail may not "
		    "hold . or .. or be /", spec);
	while (strlen(jail) > 1 && jail[strlen(jail) - 1] == '/')
		jail[strlen(jail) - 1] = '\0';
	if ((from = open(host, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "file %s", host);
	if (fstat(from, &st) == -1 ||
	    !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		rc = err_fmt(e, "file %s: not a regular file or directory",
		    host);
		close(from);
		return rc;
	}
	/* The root is ours and being made: its links (lib -> usr/lib) are
	 * resolved inside it, so /lib/x lands in /usr/lib/x. */
	slash = strrchr(jail, '/');
	*slash = '\0';
	dirfd = path_mkdirs_in_root(c->rootfd, *jail ? jail : "/", 0755, e);
	*slash = '/';
	if (dirfd == -1) {
		close(from);
		return err_ctx(e, "file %s", spec);
	}
	rc = copy_into(c, from, &st, dirfd, slash + 1, jail, 0, e);
	close(dirfd);
	close(from);
	return rc;
}

/* --- the skeleton ----------------------------------------------------------- */

static int
skel_dir(struct closure *c, const char *rel, mode_t mode, struct brig_err *e)
{
	const char *slash = strrchr(rel, '/'), *leaf = slash ? slash + 1 : rel;
	char parent[64];
	int pfd, fd;

	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - rel) :
	    0, rel);
	if ((pfd = path_mkdirs_in_root(c->rootfd, *parent ? parent : "/",
	    0755, e)) == -1)
		return -1;
	if (mkdirat(pfd, leaf, 0700) == -1) {
		close(pfd);
		/* There already, maybe as a link (bin -> usr/bin). */
		return errno == EEXIST ? 0 : err_sys(e, "create directory %s",
		    rel);
	}
	fd = openat(pfd, leaf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(pfd);
	if (fd == -1 || fchmod(fd, mode) == -1) {
		err_sys(e, "create directory %s", rel);
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	c->st->dirs++;
	return 0;
}

static int
skel_file(struct closure *c, const char *rel, const char *text,
    struct brig_err *e)
{
	int fd = path_open_in_root(c->rootfd, rel, O_WRONLY | O_CREAT |
	    O_EXCL | O_NOFOLLOW, 0644, e);
	size_t n = strlen(text);

	if (fd == -1)
		return errno == EEXIST ? 0 : -1;	/* files gave it */
	if (write(fd, text, n) != (ssize_t)n || fchmod(fd, 0644) == -1) {
		err_sys(e, "write %s", rel);
		close(fd);
		return -1;
	}
	close(fd);
	c->st->files++;
	c->st->bytes += n;
	return 0;
}

static int
skeleton(struct closure *c, struct brig_err *e)
{
	static const struct {
		const char *dir;
		mode_t mode;
	} dirs[] = {
		{ "bin", 0755 }, { "sbin", 0755 }, { "etc", 0755 },
		{ "dev", 0755 }, { "proc", 0555 }, { "sys", 0555 },
		{ "root", 0700 }, { "tmp", 01777 }, { "var", 0755 },
		{ "var/run", 0755 }, { "var/tmp", 01777 }, { "var/log", 0755 },
	};
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (skel_dir(c, dirs[i].dir, dirs[i].mode, e) == -1)
			return -1;
	if (skel_file(c, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", e)
	    == -1 || skel_file(c, "etc/group", "root:x:0:\n", e) == -1)
		return -1;
	return 0;
}

/* --- the whole ------------------------------------------------------------- */

/* A program by path, or by name in the standard directories (a fixed
 * list: the caller's PATH is not the host's). */
static int
find_program(const char *name, char *out, struct brig_err *e)
{
	struct stat st;
	char cwd[PATH_MAX];
	size_t i;

	if (name[0] == '/') {
		snprintf(out, PATH_MAX, "%s", name);
		return 0;
	}
	if (strchr(name, '/')) {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return err_sys(e, "getcwd");
		if (snprintf(out, PATH_MAX, "%s/%s", cwd, name) >= PATH_MAX) {
			errno = ENAMETOOLONG;
			return err_sys(e, "%s", name);
		}
		return 0;
	}
	for (i = 0; bin_dirs[i]; i++) {
		snprintf(out, PATH_MAX, "%s/%s", bin_dirs[i], name);
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0111))
			return 0;
	}
	return err_fmt(e, "program %s not found in %s and the other "
	    "standard directories", name, bin_dirs[0]);
}

int
bootstrap_closure(int rootfd, char *const bins[], char *const files[],
    struct bootstrap_stats *st, struct brig_err *e)
{
	struct closure c;
	char path[PATH_MAX];
	size_t i;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	memset(&c, 0, sizeof(c));
	c.rootfd = rootfd;
	c.own = geteuid() == 0;
	c.st = st;
	inroot_init(&c.r, rootfd, true);
	if (bins == NULL || bins[0] == NULL)
		rc = err_fmt(e, "a closure needs a program");
	for (i = 0; rc == 0 && bins && bins[i]; i++)
		if ((rc = find_program(bins[i], path, e)) == 0)
			rc = add_object(&c, path, NULL, NULL, e);
	for (i = 0; rc == 0 && files && files[i]; i++)
		rc = add_file(&c, files[i], e);
	if (rc == 0)
		rc = skeleton(&c, e);
	inroot_close(&c.r);
	set_free(&c.done);
	set_free(&c.sonames);
	ldso_free(&c.ldso);
	return rc;
}
