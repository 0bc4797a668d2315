/*
 * strbuf.h: a growing, always NUL-terminated string (a CSV export, an e-mail).
 */
#ifndef MOVERX_STRBUF_H
#define MOVERX_STRBUF_H

#include "compat.h"

struct strbuf {
    char *buf; /* NULL until something is added; the caller frees it */
    size_t len, cap;
};

void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);

#endif
