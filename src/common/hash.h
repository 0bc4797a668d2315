/*
 * hash.h: FNV-1a over a string, for the fixed-size caches that place keys
 * in sets (the views of today's plan, the writer's memo).
 */
#ifndef MOVERX_HASH_H
#define MOVERX_HASH_H

#include <stdint.h>

static inline uint64_t mrx_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

#endif
