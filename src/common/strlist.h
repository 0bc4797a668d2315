/*
 * strlist.h: splitting a comma-separated command-line value into spans.
 *
 * The spans point into the original string (nothing is copied) and are
 * bounded: a list with more than `max` items is an error, never a realloc.
 */
#ifndef MOVERX_STRLIST_H
#define MOVERX_STRLIST_H

#include "compat.h"

struct span {
    const char *ptr;
    size_t len;
};

/*
 * Splits `s` at commas into at most `max` spans, trimming surrounding spaces.
 * An empty string gives zero items. Returns the item count, or -1 when there
 * are more than `max` items.
 */
int strlist_split(const char *s, struct span *items, int max);

/* True when span equals the NUL-terminated `lit`. */
bool span_eq(struct span sp, const char *lit);

#endif
