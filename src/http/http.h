/*
 * http.h: the HTTP server (server.c, the only file that includes
 * microhttpd.h) and what it hands to the application: one parsed request,
 * one reply to fill in. The application never sees a connection or a socket.
 *
 * The server reads the whole body before calling the handler (bounded:
 * past max_body the client gets 413 and the handler is not called), adds
 * the security headers to every reply and keeps connections alive.
 *
 * GET requests are answered on the event loop that read them. Every other
 * method may change something, and a change is answered only once it is on
 * disk; so that waiting never holds up an event loop (and the other
 * connections on it), those requests are handed to a pool of workers while
 * their connection is suspended, and answered when the worker is done.
 */
#ifndef MOVERX_HTTP_H
#define MOVERX_HTTP_H

#include "compat.h"
#include "common/err.h"
#include "http/arena.h"

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OTHER };

const char *http_method_name(enum http_method m);

/* A header, cookie or query argument, as a worker sees them. */
struct http_value {
    int kind; /* the server's own */
    const char *name, *value;
};

struct http_request {
    enum http_method method;
    const char *path; /* without the query string */
    const char *body; /* with a terminator; "" when there is none */
    size_t body_len;
    const char *client; /* the peer's address, e.g. "127.0.0.1" */
    struct arena *arena;
    void *conn; /* the server's own; for http_header() and friends */
    /* On a worker: every header, cookie and argument, copied into the arena
     * (a suspended connection is not the worker's to read). */
    const struct http_value *values;
    size_t n_values;
};

/* A request header, cookie or query argument, or NULL. */
const char *http_header(const struct http_request *req, const char *name);
const char *http_cookie(const struct http_request *req, const char *name);
const char *http_query(const struct http_request *req, const char *name);

#define HTTP_MAX_HEADERS 6

struct http_prepared;

struct http_reply {
    int status;
    const char *content_type; /* default application/json */
    char *body;               /* malloc'd; the server frees it */
    size_t body_len;
    struct http_prepared *prepared; /* or this body, made ready before (the reply's reference) */
    int n_headers;
    struct {
        const char *name, *value; /* static or in the request's arena */
    } headers[HTTP_MAX_HEADERS];
    const char *route; /* the route's name for the metrics, e.g. "GET /api/v1/alerts" */
};

/*
 * A reply body made once and sent many times (a kept view). libmicrohttpd's
 * response, with every header the server adds, is built at its first send
 * and shared by the later ones, instead of built again for each request. A
 * reply with headers of its own gets a copy of the body instead. Counted
 * references, usable from any thread.
 */
/* A copy of body; content_type must outlive it (a constant). */
struct http_prepared *http_prepared_new(const char *content_type, const char *body, size_t len);
/* Another reference to p. */
struct http_prepared *http_prepared_ref(struct http_prepared *p);
/* Lets go of a reference (NULL: nothing); the last one frees p. */
void http_prepared_release(struct http_prepared *p);

/* Adds a header to the reply (ignored past HTTP_MAX_HEADERS: a bug, caught in tests). */
void http_reply_header(struct http_reply *rep, const char *name, const char *value);

/* Called once per request, with the whole body read: on an event loop for a
 * GET, on a worker otherwise (see above). */
typedef void (*http_handler_fn)(void *ctx, const struct http_request *req, struct http_reply *rep);
/* Called once each request has been answered: for the metrics. */
typedef void (*http_done_fn)(void *ctx, const char *route, int status, double seconds);

struct http_options {
    const char *listen; /* "127.0.0.1:8080"; port 0 picks a free one */
    unsigned threads;   /* event loops (each an epoll loop on its own thread) */
    unsigned workers;   /* threads for the requests that are not GETs; 0: on the event loops */
    size_t max_body;    /* bytes; more gets 413 */
    size_t arena_limit; /* bytes of arena a request may use */
    unsigned timeout_s; /* an idle connection is closed after this */
    unsigned max_connections;
    unsigned max_per_address; /* connections from one address at once; 0: no limit */
    unsigned deadline_s;      /* a request's body must have arrived this long after its
                               * headers, however slowly it trickles in */
    bool tls_behind_proxy;    /* only changes the headers the server adds */
};

struct http_server;

int http_server_start(const struct http_options *opt, http_handler_fn handler, http_done_fn done,
                      void *ctx, struct http_server **out, struct mrx_err *err);
/* Whether a listen address is well formed (before anything is started or written). */
int http_listen_check(const char *listen, struct mrx_err *err);
/* The port it listens on (the one picked when the options said 0). */
unsigned http_server_port(const struct http_server *srv);
/* Stops accepting, waits for the threads and frees the server. */
void http_server_stop(struct http_server *srv);

#endif
