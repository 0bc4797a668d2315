/*
 * server.c: the HTTP server over GNU libmicrohttpd (see http.h). A thread
 * pool where each thread runs its own epoll loop; one arena per request;
 * the body is gathered up to the limit; the reply goes out on a later
 * callback than the first, so that keep-alive and "Expect: 100-continue"
 * work as libmicrohttpd intends. Requests other than GETs go to a pool of
 * workers while their connection is suspended (see http.h).
 */
#include "compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "common/numfmt.h"
#include "common/xalloc.h"
#include "http/http_internal.h"

/* Each connection's libmicrohttpd pool: the request line and headers, and
 * the reply's headers (bodies live in our arena). libmicrohttpd zeroes the
 * pool for every request on a kept-alive connection, so its default 32 KiB
 * cost more than the whole of a static reply; 16 KiB still takes 12 KiB of
 * request headers, beyond what browsers send. */
#define CONNECTION_MEMORY (16 * 1024)

/* A peer's address as text: an IPv6 one takes INET6_ADDRSTRLEN (46). */
#define CLIENT_SIZE 64

/* What one request carries between libmicrohttpd's callbacks. */
struct conn_state;

struct request_state {
    struct arena arena;
    char *body;
    size_t len, cap;
    bool too_large;
    struct timespec start;
    /* A request handed to a worker: */
    struct MHD_Connection *conn;
    struct http_request req;
    struct http_reply rep;
    char client[CLIENT_SIZE];
    bool answered;              /* the worker is done: rep is the answer */
    struct request_state *next; /* in the workers' queue */
    struct conn_state *owner;   /* the connection whose state this is, or NULL */
};

/*
 * What a connection keeps from open to close: its peer as text, and one
 * request state that its requests take in turn (libmicrohttpd runs one
 * request of a connection at a time), so a kept-alive connection formats its
 * address once and allocates no state and no arena memory per request.
 */
struct conn_state {
    char client[CLIENT_SIZE];
    struct request_state st;
    bool busy;   /* st is a request's */
    bool closed; /* the connection closed while busy: the request frees it all */
};

/* A request body buffer kept for the connection's next request, at most. */
#define KEPT_BODY_MAX (16 * 1024)

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_options opt;
    http_handler_fn handler;
    http_done_fn done;
    void *ctx;
    unsigned port;
    /* The workers and their queue. */
    pthread_t *workers;
    unsigned n_workers;
    pthread_mutex_t lock;
    pthread_cond_t work;
    struct request_state *head, *tail;
    bool stopping;
};

static const char *const method_names[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "OTHER"};

const char *http_method_name(enum http_method m)
{
    return method_names[m];
}

static enum http_method method_from(const char *m)
{
    for (int i = 0; i < HTTP_OTHER; i++)
        if (strcmp(m, method_names[i]) == 0)
            return (enum http_method)i;
    return HTTP_OTHER;
}

/* As MHD_lookup_connection_value(): the first of that kind and name, any case. */
static const char *lookup(const struct http_request *req, enum MHD_ValueKind kind, const char *name)
{
    if (!req->values)
        return MHD_lookup_connection_value(req->conn, kind, name);
    for (size_t i = 0; i < req->n_values; i++)
        if (req->values[i].kind == (int)kind && strcasecmp(req->values[i].name, name) == 0)
            return req->values[i].value;
    return NULL;
}

const char *http_header(const struct http_request *req, const char *name)
{
    return lookup(req, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
    return lookup(req, MHD_COOKIE_KIND, name);
}

const char *http_query(const struct http_request *req, const char *name)
{
    return lookup(req, MHD_GET_ARGUMENT_KIND, name);
}

/* ==================== Copying a request for a worker ==================== */

#define COPIED_KINDS (MHD_HEADER_KIND | MHD_COOKIE_KIND | MHD_GET_ARGUMENT_KIND)

struct copy_ctx {
    struct request_state *st;
    struct http_value *values; /* NULL: only counting */
    size_t n;
    bool failed; /* out of arena */
};

static enum MHD_Result copy_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    struct copy_ctx *x = cls;

    if (x->values) {
        struct http_value *v = &x->values[x->n];
        v->kind = (int)kind;
        v->name = arena_strdup(&x->st->arena, key);
        v->value = arena_strdup(&x->st->arena, value);
        if (!v->name || (value && !v->value))
            x->failed = true;
    }
    x->n++;
    return MHD_YES;
}

/* Copies the request's headers, cookies and arguments into its arena. */
static bool copy_values(struct MHD_Connection *conn, struct request_state *st)
{
    struct copy_ctx x = {st, NULL, 0, false};

    MHD_get_connection_values(conn, COPIED_KINDS, copy_value, &x);
    x.values = arena_alloc(&st->arena, (x.n ? x.n : 1) * sizeof(*x.values));
    if (!x.values)
        return false;
    x.n = 0;
    MHD_get_connection_values(conn, COPIED_KINDS, copy_value, &x);
    st->req.values = x.values;
    st->req.n_values = x.n;
    return !x.failed;
}

void http_reply_header(struct http_reply *rep, const char *name, const char *value)
{
    if (rep->n_headers < HTTP_MAX_HEADERS) {
        rep->headers[rep->n_headers].name = name;
        rep->headers[rep->n_headers].value = value;
        rep->n_headers++;
    }
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ==================== Replies ==================== */

static const char error_413[] = "{\"error\":{\"code\":\"too_large\",\"message\":\"the request "
                                "body is larger than the server accepts\",\"field\":null}}";

/* Every reply carries these: no sniffing, no framing, no referrer leaks, and a
 * content security policy that allows only the server's own scripts and styles. */
void http_add_server_headers(struct MHD_Response *r, const char *content_type, bool tls)
{
    MHD_add_response_header(r, "Content-Type", content_type ? content_type : "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    if (tls)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result send_reply(struct http_server *srv, struct MHD_Connection *conn,
                                  struct http_reply *rep)
{
    struct MHD_Response *r;
    enum MHD_Result ok;

    if (rep->prepared) {
        /* Its shared response, unless the reply has headers of its own:
         * then a copy of its body, like any other. */
        struct http_prepared *p = rep->prepared;
        rep->prepared = NULL;
        if (rep->n_headers == 0 && !rep->body &&
            (r = http_prepared_response(p, srv->opt.tls_behind_proxy))) {
            ok = MHD_queue_response(conn, (unsigned)rep->status, r); /* it holds r now */
            http_prepared_release(p);
            return ok;
        }
        if (!rep->body) {
            const char *body = http_prepared_body(p, &rep->body_len, &rep->content_type);
            rep->body = xmalloc(rep->body_len + 1);
            memcpy(rep->body, body, rep->body_len + 1);
        }
        http_prepared_release(p);
    }
    if (rep->body)
        r = MHD_create_response_from_buffer(rep->body_len, rep->body, MHD_RESPMEM_MUST_FREE);
    else
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(rep->body);
        rep->body = NULL;
        return MHD_NO;
    }
    rep->body = NULL; /* the response owns it now */
    http_add_server_headers(r, rep->content_type, srv->opt.tls_behind_proxy);
    for (int i = 0; i < rep->n_headers; i++)
        MHD_add_response_header(r, rep->headers[i].name, rep->headers[i].value);
    ok = MHD_queue_response(conn, (unsigned)rep->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* ==================== Requests ==================== */

static bool body_append(struct request_state *st, const char *data, size_t n, size_t max)
{
    if (st->too_large || n > max - st->len) {
        st->too_large = true;
        return false;
    }
    if (st->len + n + 1 > st->cap) {
        size_t cap = st->cap ? st->cap : 1024;
        while (cap < st->len + n + 1)
            cap *= 2;
        if (cap > max + 1)
            cap = max + 1;
        st->body = xrealloc(st->body, cap);
        st->cap = cap;
    }
    memcpy(st->body + st->len, data, n);
    st->len += n;
    st->body[st->len] = '\0';
    return true;
}

static void client_address(struct MHD_Connection *conn, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;

    snprintf(buf, size, "unknown");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                  (socklen_t)size);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                  (socklen_t)size);
}

/* Frees what a request state holds (an answer never sent included). */
static void request_state_free_parts(struct request_state *st)
{
    arena_release(&st->arena);
    free(st->body);
    free(st->rep.body);
    http_prepared_release(st->rep.prepared);
}

static void conn_state_free(struct conn_state *cs)
{
    request_state_free_parts(&cs->st);
    free(cs);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    struct conn_state *cs = *socket_context;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        cs = xcalloc(1, sizeof(*cs));
        client_address(conn, cs->client, sizeof(cs->client));
        arena_init(&cs->st.arena, srv->opt.arena_limit);
        *socket_context = cs;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && cs) {
        if (cs->busy)
            cs->closed = true;
        else
            conn_state_free(cs);
        *socket_context = NULL;
    }
}

static struct conn_state *conn_state_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* A new request's state: the connection's own when it is free, else one of
 * the request's own. */
static struct request_state *request_state_new(struct http_server *srv, struct MHD_Connection *conn)
{
    struct conn_state *cs = conn_state_of(conn);
    struct request_state *st;

    if (cs && !cs->busy) {
        char *body = cs->st.body;
        size_t cap = cs->st.cap;
        struct arena arena = cs->st.arena; /* the chunk arena_reset kept */

        cs->busy = true;
        st = &cs->st;
        memset(st, 0, sizeof(*st));
        st->arena = arena;
        st->body = body;
        st->cap = cap;
        if (body)
            body[0] = '\0'; /* the last request's body is not this one's */
        st->owner = cs;
    } else {
        st = xcalloc(1, sizeof(*st));
        arena_init(&st->arena, srv->opt.arena_limit);
    }
    return st;
}

/* The end of a request: the connection's state is kept for its next one. */
static void request_state_done(struct request_state *st)
{
    struct conn_state *cs = st->owner;

    if (!cs) {
        request_state_free_parts(st);
        free(st);
        return;
    }
    if (cs->closed) {
        conn_state_free(cs);
        return;
    }
    free(st->rep.body); /* an answer never sent (the connection closed first) */
    st->rep.body = NULL;
    http_prepared_release(st->rep.prepared);
    st->rep.prepared = NULL;
    arena_reset(&st->arena);
    if (st->cap > KEPT_BODY_MAX) {
        free(st->body);
        st->body = NULL;
        st->cap = 0;
    }
    cs->busy = false;
}

/* Sends the reply and counts it. */
static enum MHD_Result finish(struct http_server *srv, struct MHD_Connection *conn,
                              struct request_state *st, struct http_reply *rep)
{
    const char *route = rep->route;
    int status = rep->status;
    enum MHD_Result ok = send_reply(srv, conn, rep);

    if (srv->done)
        srv->done(srv->ctx, route, status, seconds_since(&st->start));
    return ok;
}

/* 413, and the connection closes after it: the rest of the body is never read. */
static enum MHD_Result too_large(struct http_server *srv, struct MHD_Connection *conn,
                                 struct request_state *st)
{
    struct http_reply rep = {0};

    rep.status = 413;
    rep.body = xstrdup(error_413);
    rep.body_len = strlen(error_413);
    rep.route = "body too large";
    http_reply_header(&rep, "Connection", "close");
    return finish(srv, conn, st, &rep);
}

/* ==================== Workers ==================== */

/* Queues the request for a worker and suspends its connection until the
 * worker has the answer; false when there are no workers (or they stop):
 * then it is answered here. */
static bool hand_to_worker(struct http_server *srv, struct MHD_Connection *conn,
                           struct request_state *st, const struct http_request *req)
{
    if (!srv->n_workers)
        return false;
    st->req = *req;
    snprintf(st->client, sizeof(st->client), "%s", req->client);
    st->req.client = st->client;
    st->req.path = arena_strdup(&st->arena, req->path);
    st->conn = conn;
    if (!st->req.path || !copy_values(conn, st))
        return false; /* out of arena: the handler will say so */
    pthread_mutex_lock(&srv->lock);
    if (srv->stopping) {
        pthread_mutex_unlock(&srv->lock);
        return false;
    }
    /* Suspended before it is queued: a worker can only resume it after. */
    MHD_suspend_connection(conn);
    st->next = NULL;
    if (srv->tail)
        srv->tail->next = st;
    else
        srv->head = st;
    srv->tail = st;
    pthread_cond_signal(&srv->work);
    pthread_mutex_unlock(&srv->lock);
    return true;
}

static void *worker_main(void *arg)
{
    struct http_server *srv = arg;

    for (;;) {
        struct request_state *st;
        struct MHD_Connection *conn;

        pthread_mutex_lock(&srv->lock);
        while (!srv->head && !srv->stopping)
            pthread_cond_wait(&srv->work, &srv->lock);
        if (!srv->head) { /* stopping, and every request queued is answered */
            pthread_mutex_unlock(&srv->lock);
            return NULL;
        }
        st = srv->head;
        srv->head = st->next;
        if (!srv->head)
            srv->tail = NULL;
        pthread_mutex_unlock(&srv->lock);

        memset(&st->rep, 0, sizeof(st->rep));
        st->rep.status = 500;
        srv->handler(srv->ctx, &st->req, &st->rep);
        if (!st->rep.route)
            st->rep.route = "unmatched";
        st->answered = true;
        conn = st->conn;
        MHD_resume_connection(conn); /* st is the connection's again: not touched after */
    }
}

static void workers_stop(struct http_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->stopping = true;
    pthread_cond_broadcast(&srv->work);
    pthread_mutex_unlock(&srv->lock);
    for (unsigned i = 0; i < srv->n_workers; i++)
        pthread_join(srv->workers[i], NULL);
    srv->n_workers = 0;
}

/* Whether a request's body is still arriving after the whole-request deadline: the idle
 * timeout alone lets a body sent a byte at a time hold its connection for ever. */
static bool past_deadline(const struct http_server *srv, const struct request_state *st)
{
    struct timespec now;

    if (!srv->opt.deadline_s)
        return false;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec - st->start.tv_sec > (time_t)srv->opt.deadline_s;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct request_state *st = *con_cls;
    struct http_reply rep = {0};
    struct http_request req;
    char client[CLIENT_SIZE];
    (void)version;

    if (!st) {
        /* The first call only sees the headers: keep the state, answer later.
         * A body announced larger than the limit is refused before it is read. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        long len;
        st = request_state_new(srv, conn);
        clock_gettime(CLOCK_MONOTONIC, &st->start);
        *con_cls = st;
        if (cl && mrx_parse_long(cl, strlen(cl), &len) && len >= 0 &&
            (unsigned long)len > srv->opt.max_body) {
            st->too_large = true;
            return too_large(srv, conn, st);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        /* A body longer than the limit without a Content-Length (chunked):
         * what is past the limit is read and dropped, and the answer is 413. */
        size_t n = *upload_size;
        if (past_deadline(srv, st))
            return MHD_NO; /* a byte every few seconds: the connection is closed */
        *upload_size = 0;
        body_append(st, upload_data, n, srv->opt.max_body);
        return MHD_YES;
    }
    if (st->too_large)
        return too_large(srv, conn, st);
    if (st->answered) /* back from a worker */
        return finish(srv, conn, st, &st->rep);

    req.method = method_from(method);
    req.path = url;
    req.body = st->body ? st->body : "";
    req.body_len = st->len;
    if (st->owner) {
        req.client = st->owner->client;
    } else {
        client_address(conn, client, sizeof(client));
        req.client = client;
    }
    req.arena = &st->arena;
    req.conn = conn;
    req.values = NULL;
    req.n_values = 0;
    if (req.method != HTTP_GET && hand_to_worker(srv, conn, st, &req))
        return MHD_YES;
    rep.status = 500;
    srv->handler(srv->ctx, &req, &rep);
    if (!rep.route)
        rep.route = "unmatched";
    return finish(srv, conn, st, &rep);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct request_state *st = *con_cls;
    (void)cls;
    (void)conn;
    (void)toe;

    if (!st)
        return;
    request_state_done(st);
    *con_cls = NULL;
}

/* ==================== Starting and stopping ==================== */

/* "host:port" (an IPv4 address) into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_in *sa, struct mrx_err *err)
{
    const char *colon = strrchr(listen, ':');
    char host[64];
    long port;

    if (!colon || (size_t)(colon - listen) >= sizeof(host) ||
        !mrx_parse_long(colon + 1, strlen(colon + 1), &port) || port < 0 || port > 65535)
        return mrx_err_set(err, MRX_EINVAL, "listen", "expected HOST:PORT, got '%s'", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return mrx_err_set(err, MRX_EINVAL, "listen", "'%s' is not an IPv4 address", host);
    return MRX_OK;
}

int http_server_start(const struct http_options *opt, http_handler_fn handler, http_done_fn done,
                      void *ctx, struct http_server **out, struct mrx_err *err)
{
    struct http_server *srv;
    struct sockaddr_in sa;
    const union MHD_DaemonInfo *info;
    int rc;

    if ((rc = parse_listen(opt->listen, &sa, err)))
        return rc;
    srv = xcalloc(1, sizeof(*srv));
    srv->opt = *opt;
    srv->handler = handler;
    srv->done = done;
    srv->ctx = ctx;
    pthread_mutex_init(&srv->lock, NULL);
    pthread_cond_init(&srv->work, NULL);
    srv->workers = xcalloc(opt->workers ? opt->workers : 1, sizeof(*srv->workers));
    for (unsigned i = 0; i < opt->workers; i++) {
        if (pthread_create(&srv->workers[i], NULL, worker_main, srv) != 0)
            break; /* fewer workers: still correct */
        srv->n_workers++;
    }
    srv->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME,
        0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(opt->threads ? opt->threads : 1),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)opt->timeout_s, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)opt->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)opt->max_per_address, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned int)1024, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
        MHD_OPTION_END);
    if (!srv->daemon) {
        int e = errno;
        workers_stop(srv);
        free(srv->workers);
        free(srv);
        return mrx_err_set(err, MRX_EIO, "listen", "cannot listen on %s: %s", opt->listen,
                           strerror(e));
    }
    info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : ntohs(sa.sin_port);
    *out = srv;
    return MRX_OK;
}

int http_listen_check(const char *listen, struct mrx_err *err)
{
    struct sockaddr_in sa;
    return parse_listen(listen, &sa, err);
}

unsigned http_server_port(const struct http_server *srv)
{
    return srv->port;
}

void http_server_stop(struct http_server *srv)
{
    if (!srv)
        return;
    /* The workers answer what is queued first: no connection stays suspended. */
    workers_stop(srv);
    MHD_stop_daemon(srv->daemon);
    pthread_mutex_destroy(&srv->lock);
    pthread_cond_destroy(&srv->work);
    free(srv->workers);
    free(srv);
}
