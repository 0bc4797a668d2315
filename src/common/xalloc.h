/*
 * xalloc.h: every allocation in MoveRx goes through these wrappers.
 *
 * They never return NULL: on a real out-of-memory they print one line and
 * abort(), because there is no useful way for a clinical command to go on
 * without memory.
 */
#ifndef MOVERX_XALLOC_H
#define MOVERX_XALLOC_H

#include "compat.h"

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *items (of *cap elements of `size` bytes) to hold at least `need`. */
void xgrow(void **items, size_t *cap, size_t need, size_t size);

#endif
