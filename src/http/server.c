/*
 * server.c: the HTTP server over GNU libmicrohttpd (see http.h). A thread
 * pool where each thread runs its own epoll loop; one arena per request;
 * the body is gathered up to the limit; the reply goes out on a later
 * callback than the first, so that keep-alive and "Expect: 100-continue"
 * work as libmicrohttpd intends.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "common/numfmt.h"
#include "common/xalloc.h"
#include "http/http.h"

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_options opt;
    http_handler_fn handler;
    http_done_fn done;
    void *ctx;
    unsigned port;
};

/* What one request carries between libmicrohttpd's callbacks. */
struct request_state {
    struct arena arena;
    char *body;
    size_t len, cap;
    bool too_large;
    struct timespec start;
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

const char *http_header(const struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_query(const struct http_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
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
static void add_security_headers(struct MHD_Response *r, bool tls)
{
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

    if (rep->body)
        r = MHD_create_response_from_buffer(rep->body_len, rep->body, MHD_RESPMEM_MUST_FREE);
    else
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(rep->body);
        return MHD_NO;
    }
    rep->body = NULL; /* the response owns it now */
    MHD_add_response_header(r, "Content-Type",
                            rep->content_type ? rep->content_type : "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    add_security_headers(r, srv->opt.tls_behind_proxy);
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct request_state *st = *con_cls;
    struct http_reply rep = {0};
    struct http_request req;
    char client[64];
    (void)version;

    if (!st) {
        /* The first call only sees the headers: keep the state, answer later.
         * A body announced larger than the limit is refused before it is read. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        long len;
        st = xcalloc(1, sizeof(*st));
        arena_init(&st->arena, srv->opt.arena_limit);
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
        *upload_size = 0;
        body_append(st, upload_data, n, srv->opt.max_body);
        return MHD_YES;
    }
    if (st->too_large)
        return too_large(srv, conn, st);

    client_address(conn, client, sizeof(client));
    req.method = method_from(method);
    req.path = url;
    req.body = st->body ? st->body : "";
    req.body_len = st->len;
    req.client = client;
    req.arena = &st->arena;
    req.conn = conn;
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
    arena_release(&st->arena);
    free(st->body);
    free(st);
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
    srv->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, 0, NULL, NULL, on_request,
        srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned int)(opt->threads ? opt->threads : 1), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned int)opt->timeout_s, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)opt->max_connections, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)1024, MHD_OPTION_END);
    if (!srv->daemon) {
        free(srv);
        return mrx_err_set(err, MRX_EIO, "listen", "cannot listen on %s: %s", opt->listen,
                           strerror(errno));
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
    MHD_stop_daemon(srv->daemon);
    free(srv);
}
