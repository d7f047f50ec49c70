/* Growable byte buffers and an arena for the parsed configuration. */
#pragma once

#include <stddef.h>

struct buf {
	char *s;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* An arena: many small allocations, freed together.  Allocation never
 * fails (out of memory aborts, as nothing sensible can follow). */
struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);	/* zeroed */
void *arena_alloc_raw(struct arena *a, size_t n);	/* unaligned, not zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
size_t arena_bytes(const struct arena *a);

/* malloc/realloc that abort on exhaustion. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
