/* libFuzzer target for the ELF reader of brig create's host closure
 * (src/store/elf.c), which reads the program headers and the dynamic
 * section of any file a closure names.  After each input: a failure
 * leaves nothing allocated and a message; a success has a known class
 * and byte order, and every string it returns (PT_INTERP, DT_NEEDED,
 * DT_RPATH, DT_RUNPATH, DT_SONAME) is a NUL-terminated run of the input
 * itself; a second parse gives the same. */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/bootstrap_int.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s followed by its NUL occurs in data. */
static int
in_input(const uint8_t *data, size_t size, const char *s, int empty_ok)
{
	size_t n = strlen(s) + 1;

	if (n == 1)
		return empty_ok && memchr(data, '\0', size) != NULL;
	return memmem(data, size, s, n) != NULL;
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info a, b;
	struct brig_err e;
	size_t i;

	if (elf_parse(data, size, &a, &e) == -1) {
		CHECK(e.msg[0] != '\0');
		CHECK(a.interp == NULL && a.needed == NULL && a.nneeded == 0);
		CHECK(a.soname == NULL && a.rpath == NULL && a.runpath == NULL);
		return 0;
	}
	CHECK(a.cls == ELFCLASS32 || a.cls == ELFCLASS64);
	CHECK(a.data == ELFDATA2LSB || a.data == ELFDATA2MSB);
	CHECK(a.nneeded <= 4096);
	CHECK(a.dynamic || (a.nneeded == 0 && !a.rpath && !a.runpath));
	if (a.interp)
		CHECK(a.interp[0] && in_input(data, size, a.interp, 0));
	for (i = 0; i < a.nneeded; i++)
		CHECK(a.needed[i][0] && in_input(data, size, a.needed[i], 0));
	if (a.rpath)
		CHECK(in_input(data, size, a.rpath, 1));
	if (a.runpath)
		CHECK(in_input(data, size, a.runpath, 1));
	if (a.soname)
		CHECK(in_input(data, size, a.soname, 1));
	CHECK(elf_parse(data, size, &b, &e) == 0);
	CHECK(a.cls == b.cls && a.data == b.data && a.type == b.type &&
	    a.machine == b.machine && a.nneeded == b.nneeded);
	CHECK(same(a.interp, b.interp) && same(a.rpath, b.rpath) &&
	    same(a.runpath, b.runpath) && same(a.soname, b.soname));
	for (i = 0; i < a.nneeded; i++)
		CHECK(strcmp(a.needed[i], b.needed[i]) == 0);
	elf_info_free(&b);
	CHECK(elf_parse_header(data, size, &b, &e) == 0);
	CHECK(b.cls == a.cls && b.machine == a.machine);
	elf_info_free(&a);
	return 0;
}
