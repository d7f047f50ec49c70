/* libarchive through dlopen(3): see la.h for why. */
#include <dlfcn.h>
#include <stdbool.h>
#include <string.h>

#include "la.h"

#ifndef LIBARCHIVE_SONAME
#define LIBARCHIVE_SONAME "libarchive.so.13"
#endif

static struct libarchive la;
static bool la_loaded;

const struct libarchive *
la_open(struct brig_err *e)
{
	void *h, *sym;

	if (la_loaded)
		return &la;
	if ((h = dlopen(LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err_fmt(e, "archives need libarchive (Debian: libarchive13): "
		    "%s", dlerror());
		return NULL;
	}
#define X(f)								\
	if ((sym = dlsym(h, #f)) == NULL) {				\
		err_fmt(e, "%s: %s is missing", LIBARCHIVE_SONAME, #f);	\
		return NULL;						\
	}								\
	memcpy(&la.f, &sym, sizeof(sym));
	LA_READ_FUNCS(X)
	LA_WRITE_FUNCS(X)
#undef X
	la_loaded = true;	/* h stays open: the functions are in it */
	return &la;
}
