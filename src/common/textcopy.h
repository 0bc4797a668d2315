/*
 * textcopy.h: a string into a fixed buffer, cut to fit, always terminated.
 * What snprintf(dst, size, "%s", src) does, without the format machinery:
 * a signed-in request copies several ids and hashes, and snprintf cost
 * more than the rest of the copy.
 */
#ifndef MOVERX_TEXTCOPY_H
#define MOVERX_TEXTCOPY_H

#include <stddef.h>
#include <string.h>

/* The length copied (less than strlen(src) when cut). size must be > 0. */
static inline size_t text_copy(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

#endif
