/*
 * readers.c: a pool of read connections (see readers.h). One is opened at
 * start, to find a bad store before serving; the others when first needed,
 * so that a server with many threads starts fast and keeps only the
 * connections its load uses.
 */
#include "compat.h"

#include <pthread.h>

#include "api/readers.h"
#include "common/xalloc.h"

struct readers {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    unsigned max, n, n_free, opening;
    struct store **all, **free_list;
    char *location, *now;
};

static int open_one(struct readers *r, struct store **out, struct mrx_err *err)
{
    return store_open(r->location, STORE_OPEN_EXISTING, r->now, out, err);
}

int readers_open(const char *location, unsigned n, const char *now, struct readers **out,
                 struct mrx_err *err)
{
    struct readers *r = xcalloc(1, sizeof(*r));
    struct store *first;
    int rc;

    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->freed, NULL);
    r->max = n ? n : 1;
    r->all = xcalloc(r->max, sizeof(*r->all));
    r->free_list = xcalloc(r->max, sizeof(*r->free_list));
    r->location = xstrdup(location);
    r->now = xstrdup(now);
    if ((rc = open_one(r, &first, err))) {
        readers_close(r);
        return rc;
    }
    r->all[r->n++] = first;
    r->free_list[r->n_free++] = first;
    *out = r;
    return MRX_OK;
}

void readers_close(struct readers *r)
{
    if (!r)
        return;
    for (unsigned i = 0; i < r->n; i++)
        store_close(r->all[i]);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->freed);
    free(r->all);
    free(r->free_list);
    free(r->location);
    free(r->now);
    free(r);
}

struct store *readers_take(struct readers *r)
{
    struct store *s;
    struct mrx_err err;

    pthread_mutex_lock(&r->lock);
    while (r->n_free == 0) {
        if (r->n + r->opening < r->max) { /* open one more, outside the lock */
            r->opening++;
            pthread_mutex_unlock(&r->lock);
            int rc = open_one(r, &s, &err);
            pthread_mutex_lock(&r->lock);
            r->opening--;
            if (rc == MRX_OK) {
                r->all[r->n++] = s;
                pthread_mutex_unlock(&r->lock);
                return s;
            }
            fprintf(stderr, "moverx: cannot open another read connection: %s\n", err.msg);
            r->max = r->n + r->opening; /* make do with those open */
            continue;
        }
        pthread_cond_wait(&r->freed, &r->lock);
    }
    s = r->free_list[--r->n_free];
    pthread_mutex_unlock(&r->lock);
    return s;
}

void readers_give(struct readers *r, struct store *s)
{
    pthread_mutex_lock(&r->lock);
    r->free_list[r->n_free++] = s;
    pthread_cond_signal(&r->freed);
    pthread_mutex_unlock(&r->lock);
}
