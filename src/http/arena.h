/*
 * arena.h: a memory arena per request (CONVENTIONS.md 7). Handlers take
 * memory from the request's arena and never free it piece by piece; it is
 * all released when the request ends. An arena has a ceiling: going past it
 * is an error the caller turns into a refusal, never a crash.
 */
#ifndef MOVERX_HTTP_ARENA_H
#define MOVERX_HTTP_ARENA_H

#include "compat.h"

struct arena_chunk;

struct arena {
    struct arena_chunk *head;
    size_t used;  /* bytes handed out, all chunks */
    size_t limit; /* the ceiling */
};

void arena_init(struct arena *a, size_t limit);
void arena_release(struct arena *a);
/* Everything handed out is given back, as by arena_release, but one chunk
 * of the smallest size stays for the next use: a connection's requests
 * reuse it instead of allocating their own. */
void arena_reset(struct arena *a);

/* n bytes, aligned for any type; NULL past the ceiling. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of the n bytes at s, with a terminator; NULL past the ceiling. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A copy of the string s (NULL for NULL); NULL past the ceiling. */
char *arena_strdup(struct arena *a, const char *s);

#endif
