/*
 * readers.c: a fixed pool of read connections (see readers.h).
 */
#include "compat.h"

#include <pthread.h>

#include "api/readers.h"
#include "common/xalloc.h"

struct readers {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    unsigned n, n_free;
    struct store **all, **free_list;
};

int readers_open(const char *location, unsigned n, const char *now, struct readers **out,
                 struct mrx_err *err)
{
    struct readers *r = xcalloc(1, sizeof(*r));
    int rc;

    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->freed, NULL);
    r->all = xcalloc(n, sizeof(*r->all));
    r->free_list = xcalloc(n, sizeof(*r->free_list));
    for (unsigned i = 0; i < n; i++) {
        if ((rc = store_open(location, STORE_OPEN_EXISTING, now, &r->all[i], err))) {
            readers_close(r);
            return rc;
        }
        r->n++;
        r->free_list[r->n_free++] = r->all[i];
    }
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
    free(r);
}

struct store *readers_take(struct readers *r)
{
    struct store *s;

    pthread_mutex_lock(&r->lock);
    while (r->n_free == 0)
        pthread_cond_wait(&r->freed, &r->lock);
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
