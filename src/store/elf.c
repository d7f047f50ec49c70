/* An ELF object's dynamic-loading facts, read from its program headers
 * as ld.so reads them (bootstrap_int.h): PT_INTERP, and from PT_DYNAMIC
 * the DT_NEEDED, DT_SONAME, DT_RPATH and DT_RUNPATH strings, found in the
 * string table at DT_STRTAB, a virtual address mapped to the file through
 * the PT_LOAD segments.  Section headers are not used: strip(1) may
 * remove them and the loader never reads them.
 *
 * The input is untrusted (fuzz/fuzz_elf.c): every offset and size is
 * checked against the buffer with no arithmetic that can wrap. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap_int.h"
#include "../util/buf.h"

/* Enough for any real object (glibc's ld.so gives up far earlier). */
#define MAX_LOADS	64
#define MAX_NEEDED	4096

struct rd {
	const unsigned char *p;
	size_t len;
	bool msb;
	bool is64;
};

struct seg {
	uint64_t off, vaddr, filesz;
};

static uint64_t
get(const struct rd *r, size_t off, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		unsigned sh = r->msb ? 8 * (n - 1 - i) : 8 * i;

		v |= (uint64_t)r->p[off + i] << sh;
	}
	return v;
}

/* A word of the object's own width: 4 or 8 bytes. */
static uint64_t
word(const struct rd *r, size_t off)
{
	return get(r, off, r->is64 ? 8 : 4);
}

/* [off, off + n) inside the buffer. */
static bool
within(const struct rd *r, uint64_t off, uint64_t n)
{
	return off <= r->len && n <= r->len - off;
}

bool
elf_is_elf(const void *p, size_t len)
{
	return len >= SELFMAG && memcmp(p, ELFMAG, SELFMAG) == 0;
}

void
elf_info_free(struct elf_info *info)
{
	size_t i;

	for (i = 0; i < info->nneeded; i++)
		free(info->needed[i]);
	free(info->needed);
	free(info->interp);
	free(info->soname);
	free(info->rpath);
	free(info->runpath);
	memset(info, 0, sizeof(*info));
}

/* A NUL-terminated string at [off, off + max) of the buffer, or NULL;
 * an empty one only when empty_ok (and then as "" ). */
static char *
copy_str(const struct rd *r, uint64_t off, uint64_t max, bool empty_ok)
{
	const unsigned char *nul;

	if (!within(r, off, max) || max == 0)
		return NULL;
	nul = memchr(r->p + off, '\0', (size_t)max);
	if (nul == NULL || (nul == r->p + off && !empty_ok))
		return NULL;
	return xstrdup((const char *)r->p + off);
}

static int
header(struct rd *r, const unsigned char *p, size_t len, struct elf_info *out,
    struct brig_err *e)
{
	if (!elf_is_elf(p, len) || len < EI_NIDENT)
		return err_fmt(e, "not an ELF object");
	out->cls = p[EI_CLASS];
	out->data = p[EI_DATA];
	if (out->cls != ELFCLASS32 && out->cls != ELFCLASS64)
		return err_fmt(e, "ELF class %u is unknown", out->cls);
	if (out->data != ELFDATA2LSB && out->data != ELFDATA2MSB)
		return err_fmt(e, "ELF byte order %u is unknown", out->data);
	r->p = p;
	r->len = len;
	r->msb = out->data == ELFDATA2MSB;
	r->is64 = out->cls == ELFCLASS64;
	if (len < (r->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return err_fmt(e, "ELF header truncated");
	out->type = (uint16_t)get(r, offsetof(Elf64_Ehdr, e_type), 2);
	out->machine = (uint16_t)get(r, offsetof(Elf64_Ehdr, e_machine), 2);
	return 0;
}

/* The file offset of virtual address addr and how many bytes of the
 * segment follow it, through the PT_LOAD segments. */
static bool
vaddr_to_off(const struct seg *loads, size_t nloads, uint64_t addr,
    uint64_t *off, uint64_t *avail)
{
	size_t i;

	for (i = 0; i < nloads; i++)
		if (addr >= loads[i].vaddr &&
		    addr - loads[i].vaddr < loads[i].filesz) {
			*off = loads[i].off + (addr - loads[i].vaddr);
			*avail = loads[i].filesz - (addr - loads[i].vaddr);
			return true;
		}
	return false;
}

struct dyn {
	uint64_t strtab, strsz;
	bool has_strtab, has_strsz;
	uint64_t soname, rpath, runpath;	/* string offsets + 1; 0: none */
	uint64_t *needed;
	size_t nneeded;
};

static int
read_dynamic(const struct rd *r, const struct seg *dynseg, struct dyn *d,
    struct brig_err *e)
{
	size_t esz = r->is64 ? sizeof(Elf64_Dyn) : sizeof(Elf32_Dyn);
	uint64_t i, n, tag, val;

	if (!within(r, dynseg->off, dynseg->filesz))
		return err_fmt(e, "PT_DYNAMIC lies outside the file");
	n = dynseg->filesz / esz;
	for (i = 0; i < n; i++) {
		size_t at = (size_t)(dynseg->off + i * esz);

		tag = word(r, at);
		val = word(r, at + esz / 2);
		if (tag == DT_NULL)
			break;
		switch (tag) {
		case DT_NEEDED:
			if (d->nneeded == MAX_NEEDED)
				return err_fmt(e, "more than %d DT_NEEDED",
				    MAX_NEEDED);
			d->needed[d->nneeded++] = val;
			break;
		case DT_STRTAB:
			d->strtab = val;
			d->has_strtab = true;
			break;
		case DT_STRSZ:
			d->strsz = val;
			d->has_strsz = true;
			break;
		case DT_SONAME:
			d->soname = val + 1;
			break;
		case DT_RPATH:
			d->rpath = val + 1;
			break;
		case DT_RUNPATH:
			d->runpath = val + 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* The dynamic strings, from the string table located through loads. */
static int
dyn_strings(const struct rd *r, const struct seg *loads, size_t nloads,
    const struct dyn *d, struct elf_info *out, struct brig_err *e)
{
	uint64_t off, avail;
	size_t i;

	if (d->nneeded == 0 && !d->soname && !d->rpath && !d->runpath)
		return 0;
	if (!d->has_strtab || !d->has_strsz)
		return err_fmt(e, "PT_DYNAMIC has no DT_STRTAB or DT_STRSZ");
	if (!vaddr_to_off(loads, nloads, d->strtab, &off, &avail))
		return err_fmt(e, "DT_STRTAB is in no PT_LOAD segment");
	if (d->strsz < avail)
		avail = d->strsz;
	if (!within(r, off, avail))
		return err_fmt(e, "DT_STRTAB lies outside the file");
#define STR(v, dst, what, empty_ok) do {				\
	if ((v) - 1 >= avail || ((dst) = copy_str(r, off + (v) - 1,	\
	    avail - ((v) - 1), empty_ok)) == NULL)			\
		return err_fmt(e, "%s: bad string offset", what);	\
} while (0)
	if (d->nneeded)
		out->needed = xmalloc(d->nneeded * sizeof(*out->needed));
	for (i = 0; i < d->nneeded; i++) {
		STR(d->needed[i] + 1, out->needed[i], "DT_NEEDED", false);
		out->nneeded = i + 1;
	}
	/* These may be empty: an empty DT_RUNPATH searches nothing, yet
	 * is there and so turns DT_RPATH off, as in ld.so. */
	if (d->soname)
		STR(d->soname, out->soname, "DT_SONAME", true);
	if (d->rpath)
		STR(d->rpath, out->rpath, "DT_RPATH", true);
	if (d->runpath)
		STR(d->runpath, out->runpath, "DT_RUNPATH", true);
#undef STR
	return 0;
}

static int
program_headers(const struct rd *r, struct elf_info *out, struct brig_err *e)
{
	struct seg loads[MAX_LOADS], dynseg = { 0, 0, 0 };
	size_t nloads = 0, i, phentsize_min;
	uint64_t phoff, phentsize, phnum;
	struct dyn d;
	int rc;

	if (r->is64) {
		phoff = get(r, offsetof(Elf64_Ehdr, e_phoff), 8);
		phentsize = get(r, offsetof(Elf64_Ehdr, e_phentsize), 2);
		phnum = get(r, offsetof(Elf64_Ehdr, e_phnum), 2);
		phentsize_min = sizeof(Elf64_Phdr);
	} else {
		phoff = get(r, offsetof(Elf32_Ehdr, e_phoff), 4);
		phentsize = get(r, offsetof(Elf32_Ehdr, e_phentsize), 2);
		phnum = get(r, offsetof(Elf32_Ehdr, e_phnum), 2);
		phentsize_min = sizeof(Elf32_Phdr);
	}
	if (phnum == 0)
		return 0;
	if (phnum == PN_XNUM)
		return err_fmt(e, "extended program header numbering is not "
		    "read");
	if (phentsize < phentsize_min)
		return err_fmt(e, "program header entries of %u bytes",
		    (unsigned)phentsize);
	if (!within(r, phoff, phnum * phentsize))
		return err_fmt(e, "program headers lie outside the file");
	for (i = 0; i < phnum; i++) {
		size_t at = (size_t)(phoff + i * phentsize);
		uint32_t type = (uint32_t)get(r, at, 4);
		struct seg s;

		if (r->is64) {
			s.off = get(r, at + offsetof(Elf64_Phdr, p_offset), 8);
			s.vaddr = get(r, at + offsetof(Elf64_Phdr, p_vaddr), 8);
			s.filesz = get(r, at + offsetof(Elf64_Phdr, p_filesz),
			    8);
		} else {
			s.off = get(r, at + offsetof(Elf32_Phdr, p_offset), 4);
			s.vaddr = get(r, at + offsetof(Elf32_Phdr, p_vaddr), 4);
			s.filesz = get(r, at + offsetof(Elf32_Phdr, p_filesz),
			    4);
		}
		switch (type) {
		case PT_INTERP:
			if (out->interp != NULL)
				return err_fmt(e, "two PT_INTERP");
			if ((out->interp = copy_str(r, s.off, s.filesz,
			    false)) == NULL)
				return err_fmt(e, "PT_INTERP is not a string "
				    "inside the file");
			break;
		case PT_DYNAMIC:
			if (out->dynamic)
				return err_fmt(e, "two PT_DYNAMIC");
			out->dynamic = true;
			dynseg = s;
			break;
		case PT_LOAD:
			if (nloads == MAX_LOADS)
				return err_fmt(e, "more than %d PT_LOAD",
				    MAX_LOADS);
			loads[nloads++] = s;
			break;
		default:
			break;
		}
	}
	if (!out->dynamic)
		return 0;
	memset(&d, 0, sizeof(d));
	d.needed = xmalloc(MAX_NEEDED * sizeof(*d.needed));
	rc = read_dynamic(r, &dynseg, &d, e);
	if (rc == 0)
		rc = dyn_strings(r, loads, nloads, &d, out, e);
	free(d.needed);
	return rc;
}

int
elf_parse_header(const void *p, size_t len, struct elf_info *out,
    struct brig_err *e)
{
	struct rd r;

	memset(out, 0, sizeof(*out));
	return header(&r, p, len, out, e);
}

int
elf_parse(const void *p, size_t len, struct elf_info *out,
    struct brig_err *e)
{
	struct rd r;

	memset(out, 0, sizeof(*out));
	if (header(&r, p, len, out, e) == -1 ||
	    program_headers(&r, out, e) == -1) {
		elf_info_free(out);
		return -1;
	}
	return 0;
}

/* Debian's multiarch names (the directories /lib/<triplet>). */
const char *
elf_triplet(const struct elf_info *info)
{
	bool b64 = info->cls == ELFCLASS64, lsb = info->data == ELFDATA2LSB;

	switch (info->machine) {
	case EM_X86_64:
		return b64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
	case EM_386:
		return "i386-linux-gnu";
	case EM_AARCH64:
		return "aarch64-linux-gnu";
	case EM_ARM:
		return "arm-linux-gnueabihf";
	case EM_RISCV:
		return b64 ? "riscv64-linux-gnu" : NULL;
	case EM_PPC64:
		return lsb ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu";
	case EM_S390:
		return b64 ? "s390x-linux-gnu" : NULL;
	case EM_MIPS:
		return b64 ? (lsb ? "mips64el-linux-gnuabi64" :
		    "mips64-linux-gnuabi64") : (lsb ? "mipsel-linux-gnu" :
		    "mips-linux-gnu");
	case EM_LOONGARCH:
		return "loongarch64-linux-gnu";
	default:
		return NULL;
	}
}
