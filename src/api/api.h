/*
 * api.h: the JSON API of `moverx serve` (CONTRACT.md "Server",
 * docs/openapi.yaml) over the HTTP server (http/http.h): routes, sessions
 * and authorization, the records operations behind them, the one writer,
 * the metrics and the web app's static files.
 */
#ifndef MOVERX_API_H
#define MOVERX_API_H

#include "auth/password.h"
#include "compat.h"
#include "common/err.h"
#include "data/datadir.h"
#include "http/http.h"

struct api_config {
    const char *db;              /* the store's file; it must exist */
    const char *data_dir;        /* where the rules in force were loaded from */
    const char *web_root;        /* static files (the web app), or NULL */
    const char *trusted_proxy;   /* a proxy whose X-Forwarded-For is believed, or NULL */
    const char *public_url;      /* where patients open the app (the handout's QR code), or NULL */
    unsigned readers;            /* read connections: one per HTTP thread */
    unsigned max_batch;          /* writes grouped in one transaction at most */
    unsigned view_cache;         /* views of today's plan kept rendered (0: none) */
    unsigned auth_cache;         /* signed-in sessions kept as last read (0: none) */
    unsigned session_idle_s;     /* a session unused this long ends */
    unsigned session_absolute_s; /* and every session ends this long after login */
    unsigned idempotency_s;      /* a write's kept answer is given again this long */
    unsigned review_every_s;     /* the daily review of running programs, this often (0: off) */
    unsigned remind_every_s;     /* the reminders due are sent this often (0: off) */
    const char *push_subject;    /* VAPID sub (mailto: or https:), or NULL: public_url */
    const char *push_hosts;      /* push services that may be called (notify/send.h), or NULL */
    bool cookie_secure;          /* mark cookies Secure (served over TLS) */
    unsigned login_per_account, login_per_address, login_window_s;
    unsigned hash_parallel; /* argon2id hashes at once */
    unsigned hash_waiting;  /* and waiting for their turn; more are busy (503) */
    struct password_cost cost;
};

/* The defaults documented in `moverx serve --help` and docs/operations.md. */
void api_config_defaults(struct api_config *cfg);

struct api;

int api_open(const struct api_config *cfg, const struct data_set *data, struct api **out,
             struct mrx_err *err);
/* Writes what is queued and closes everything. */
void api_close(struct api *api);

/* The http_handler_fn and http_done_fn of the server. */
void api_handle(void *ctx, const struct http_request *req, struct http_reply *rep);
void api_request_done(void *ctx, const char *route, int status, double seconds);

/* The routes served, for docs/openapi.yaml's test: method and pattern of route i. */
size_t api_route_count(void);
void api_route_at(size_t i, const char **method, const char **pattern);

#endif
