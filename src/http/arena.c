/*
 * arena.c: a bump allocator over a list of chunks (see arena.h).
 */
#include "compat.h"

#include <stdalign.h>
#include <stddef.h>

#include "common/xalloc.h"
#include "http/arena.h"

/* A kept chunk is poisoned until handed out again, so that under
 * AddressSanitizer a pointer kept from an earlier request is still caught. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

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
        ASAN_UNPOISON_MEMORY_REGION(c->mem, c->size);
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
        if (!kept && c->size == CHUNK_MIN) {
            kept = c;
        } else {
            ASAN_UNPOISON_MEMORY_REGION(c->mem, c->size);
            free(c);
        }
    }
    if (kept) {
        kept->next = NULL;
        kept->off = 0;
        ASAN_POISON_MEMORY_REGION(kept->mem, kept->size);
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
    ASAN_UNPOISON_MEMORY_REGION(p, need);
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
