/*
 * prepared.c: reply bodies made once and sent many times (see http.h).
 *
 * libmicrohttpd counts the connections a response is queued on and frees
 * it after the last one, so a response can outlive the last reference to
 * the body it sends. Two counts, then: `refs`, the body's holders (the
 * cache, requests), and `mem`, the holders of its memory: all of `refs`
 * together as one, and each response built over it (without a copy). When
 * the last holder goes, the responses are let go; the memory goes when
 * libmicrohttpd has let go of them too.
 */
#include "compat.h"

#include <stdatomic.h>

#include "common/xalloc.h"
#include "http/http_internal.h"

struct http_prepared {
    atomic_int refs, mem;
    _Atomic(struct MHD_Response *) response[2]; /* without, with TLS */
    const char *content_type;
    size_t len;
    char body[]; /* terminated */
};

struct http_prepared *http_prepared_new(const char *content_type, const char *body, size_t len)
{
    struct http_prepared *p = xmalloc(sizeof(*p) + len + 1);

    atomic_init(&p->refs, 1);
    atomic_init(&p->mem, 1);
    atomic_init(&p->response[0], NULL);
    atomic_init(&p->response[1], NULL);
    p->content_type = content_type;
    p->len = len;
    memcpy(p->body, body, len);
    p->body[len] = '\0';
    return p;
}

struct http_prepared *http_prepared_ref(struct http_prepared *p)
{
    atomic_fetch_add_explicit(&p->refs, 1, memory_order_relaxed);
    return p;
}

static void memory_release(void *cls)
{
    struct http_prepared *p = cls;

    if (atomic_fetch_sub_explicit(&p->mem, 1, memory_order_acq_rel) == 1)
        free(p);
}

void http_prepared_release(struct http_prepared *p)
{
    if (!p || atomic_fetch_sub_explicit(&p->refs, 1, memory_order_acq_rel) != 1)
        return;
    for (int i = 0; i < 2; i++) {
        struct MHD_Response *r = atomic_load(&p->response[i]);
        if (r)
            MHD_destroy_response(r); /* freed once no connection sends it */
    }
    memory_release(p);
}

struct MHD_Response *http_prepared_response(struct http_prepared *p, bool tls)
{
    struct MHD_Response *r = atomic_load(&p->response[tls]), *none = NULL;

    if (r)
        return r;
    atomic_fetch_add_explicit(&p->mem, 1, memory_order_relaxed); /* the response's */
    r = MHD_create_response_from_buffer_with_free_callback_cls(p->len, p->body, memory_release, p);
    if (!r) {
        memory_release(p);
        return NULL;
    }
    http_add_server_headers(r, p->content_type, tls);
    if (atomic_compare_exchange_strong(&p->response[tls], &none, r))
        return r;
    MHD_destroy_response(r); /* another thread built it first (its memory reference goes) */
    return none;
}

const char *http_prepared_body(const struct http_prepared *p, size_t *len,
                               const char **content_type)
{
    *len = p->len;
    *content_type = p->content_type;
    return p->body;
}
