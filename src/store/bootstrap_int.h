/* Internal to the bootstrap code (tar.c, closure.c), and what the unit
 * tests and fuzzers reach: the member-name sanitizer, the ELF reader, the
 * ld.so.conf reader and the no-follow writer. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define BOOT_PATH_MAX 4096

/* --- tar_path.c ------------------------------------------------------ */

/* An archive member's name as a path relative to the root: a leading "/"
 * and empty and "." components dropped (so "./bin/sh", "/bin/sh" and
 * "bin//sh/" are all "bin/sh"); "" is the root itself.  A ".." component
 * is refused, as is a result of len bytes or more.  0, or -1 with e. */
int boot_tar_path(const char *name, char *out, size_t len,
    struct brig_err *e);

/* --- elf.c ------------------------------------------------------------ */

/* What the dynamic loader reads of an ELF object, from its program
 * headers only (section headers may be stripped): 32- and 64-bit, either
 * byte order. */
struct elf_info {
	unsigned char cls;	/* ELFCLASS32 or ELFCLASS64 */
	unsigned char data;	/* ELFDATA2LSB or ELFDATA2MSB */
	uint16_t type;		/* ET_EXEC, ET_DYN, ... */
	uint16_t machine;	/* EM_X86_64, ... */
	bool dynamic;		/* has PT_DYNAMIC */
	char *interp;		/* PT_INTERP, or NULL */
	char **needed;		/* DT_NEEDED, in order */
	size_t nneeded;
	char *soname, *rpath, *runpath;	/* or NULL */
};

/* 1 when p starts with the ELF magic. */
bool elf_is_elf(const void *p, size_t len);
/* The ELF header alone (class, byte order, type, machine): enough to
 * tell whether a library suits an object.  0, or -1 with e. */
int elf_parse_header(const void *p, size_t len, struct elf_info *out,
    struct brig_err *e);
/* Parse len bytes.  Every offset, size and string is checked against
 * len; the strings are copies.  0, or -1 with e (and *out empty).  Free
 * with elf_info_free. */
int elf_parse(const void *p, size_t len, struct elf_info *out,
    struct brig_err *e);
void elf_info_free(struct elf_info *info);
/* The Debian multiarch triplet of an object ("x86_64-linux-gnu"), or
 * NULL for a machine brig does not know. */
const char *elf_triplet(const struct elf_info *info);

/* --- ldso.c: where ld.so finds a library --------------------------- */

/* The directories ld.so.conf names, "include" globs followed (relative
 * ones from the including file's directory), in order, each once,
 * appended to *dirs (n entries, malloc'd strings).  A missing file adds
 * nothing.  0, or -1 with e. */
int boot_ldconf_read(const char *path, char ***dirs, size_t *n,
    struct brig_err *e);

struct ldso {
	char **conf;		/* /etc/ld.so.conf's directories, */
	size_t nconf;
	bool read;		/* once read */
};

/* Where ld.so(8) finds library name for object info: origin is what
 * $ORIGIN stands for in info; exe and exe_origin the program that brought
 * info in (for its DT_RPATH), or info itself.  The host path goes to
 * found (PATH_MAX bytes); *visible says whether the jail's loader, with
 * no ld.so.cache, finds it there too.  0, or -1 with e. */
int ldso_find(struct ldso *l, const char *name, const struct elf_info *info,
    const char *origin, const struct elf_info *exe, const char *exe_origin,
    char *found, bool *visible, struct brig_err *e);
/* Where a link makes a library visible to the jail's loader:
 * /usr/lib/<triplet>, or /usr/lib. */
void ldso_jail_dir(const struct elf_info *info, char *buf, size_t len);
void ldso_free(struct ldso *l);

/* --- inroot.c: making entries inside a root, following no link ------- */

struct inroot {
	int rootfd;
	bool make;			/* make missing directories */
	int dirfd;			/* the cached parent, or -1 */
	char dir[BOOT_PATH_MAX];	/* its path, relative */
};

/* make: make missing directories on the way (else ENOENT). */
void inroot_init(struct inroot *r, int rootfd, bool make);
void inroot_close(struct inroot *r);
/* The directory holding rel (a sanitized relative path, not ""), its
 * missing components made 0755 (when r->make); no component may be a
 * symbolic link.
 * Returns a descriptor that r owns (valid until the next call) and sets
 * *leaf to rel's last component.  -1 with e. */
int inroot_parent(struct inroot *r, const char *rel, const char **leaf,
    struct brig_err *e);
/* Remove what is at leaf in dirfd (an empty directory too), so that a
 * new entry can take its name; nothing there is fine.  0, or -1 with e
 * (rel names it in the message). */
int inroot_clear(int dirfd, const char *leaf, const char *rel,
    struct brig_err *e);
/* Copy the data of fd "from" (from its offset 0) into fd "to"; adds to
 * *bytes.  copy_file_range (reflinks where the filesystem has them),
 * read/write where it cannot. */
int inroot_copy_data(int from, int to, uint64_t *bytes, const char *what,
    struct brig_err *e);
