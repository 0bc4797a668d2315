/*
 * readers.h: the store connections the request threads read through, one
 * each at a time. With SQLite in WAL mode, readers never wait for the
 * writer, and each read sees one consistent snapshot.
 */
#ifndef MOVERX_API_READERS_H
#define MOVERX_API_READERS_H

#include "compat.h"
#include "common/err.h"
#include "store/store.h"

struct readers;

int readers_open(const char *location, unsigned n, const char *now, struct readers **out,
                 struct mrx_err *err);
void readers_close(struct readers *r);

/* A connection for this request: a free one, else a new one while fewer than
 * n are open, else the next one given back. */
struct store *readers_take(struct readers *r);
void readers_give(struct readers *r, struct store *s);

#endif
