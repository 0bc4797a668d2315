/*
 * arena.c: a bump allocator over a list of chunks (see arena.h).
 */
#include "compat.h"

#include <stdalign.h>
#include <stddef.h>

#include "common/xalloc.h"
#include "http/arena.h"

#define CHUNK_MIN 4096

struct arena_chunk {
    struct arena_chunk *next;
    size_t size, off;
    alignas(max_align_t) unsigned char mem[];
};

void arena_init(struct arena *a, size_t limit)
{
    a->head = NULL;
    a->used = 0;
    a->limit = limit;
}

void arena_release(struct arena *a)
{
    struct arena_chunk *c = a->head, *next;

    for (; c; c = next) {
        next = c->next;
        free(c);
    }
    a->head = NULL;
    a->used = 0;
}

void arena_reset(struct arena *a)
{
    struct arena_chunk *c = a->head, *next, *kept = NULL;

    for (; c; c = next) {
        next = c->next;
        if (!kept && c->size == CHUNK_MIN)
            kept = c;
        else
            free(c);
    }
    if (kept) {
        kept->next = NULL;
        kept->off = 0;
    }
    a->head = kept;
    a->used = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    struct arena_chunk *c = a->head;
    size_t need = (n + align - 1) / align * align;

    if (need < n || need > a->limit - a->used)
        return NULL;
    if (!c || c->size - c->off < need) {
        size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
        c = xmalloc(sizeof(*c) + size);
        c->size = size;
        c->off = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->mem + c->off;
    c->off += need;
    a->used += need;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);

    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}
