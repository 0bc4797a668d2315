/*
 * session.c: signed-in sessions: the cookie's token is looked up by its
 * hash; a session ends after session_idle_s without use or
 * session_absolute_s after login, whichever comes first (see api_internal.h).
 */
#include "compat.h"

#include "api/api_internal.h"
#include "common/date.h"

/* How stale last_seen_at may get before it is written again: a write per
 * request would cost more than the idle timeout's precision is worth. */
#define TOUCH_EVERY_S 60

struct session_job {
    char token_hash[TOKEN_TEXT_SIZE];
    char at[STORE_TS_SIZE];
};

static int touch(struct store *s, void *arg, struct mrx_err *err)
{
    struct session_job *j = arg;
    return store_auth_session_touch(s, j->token_hash, j->at, err);
}

static int end(struct store *s, void *arg, struct mrx_err *err)
{
    struct session_job *j = arg;
    return store_auth_session_delete(s, j->token_hash, err);
}

static void post(struct call *c, write_fn fn, const char *token_hash)
{
    struct session_job *j = xcalloc(1, sizeof(*j));

    snprintf(j->token_hash, sizeof(j->token_hash), "%s", token_hash);
    snprintf(j->at, sizeof(j->at), "%s", c->now);
    writer_post(c->api->writer, fn, j, free);
}

void session_resolve(struct call *c)
{
    const char *token = http_cookie(c->req, SESSION_COOKIE);
    struct auth_session_rec s;
    struct user_rec u;
    struct mrx_err err;
    long long created, seen;
    char hash[TOKEN_TEXT_SIZE];

    c->who.signed_in = false;
    if (!token || !token_hash(token, hash) ||
        store_auth_session_get(c->rs, hash, &s, &err) != MRX_OK)
        return;
    if (!date_timestamp_parse(s.created_at, &created) ||
        !date_timestamp_parse(s.last_seen_at, &seen) ||
        c->now_s - seen > (long long)c->api->cfg.session_idle_s ||
        c->now_s - created > (long long)c->api->cfg.session_absolute_s) {
        post(c, end, hash);
        return;
    }
    if (store_user_get(c->rs, s.user_id, &u, &err) != MRX_OK)
        return;
    if (u.disabled) { /* its sessions ended when it was disabled; this one too */
        post(c, end, hash);
        return;
    }
    if (c->now_s - seen >= TOUCH_EVERY_S)
        post(c, touch, hash);
    c->who.user = u;
    c->who.user.email = arena_strdup(c->req->arena, u.email);
    c->who.user.password_hash = NULL;
    snprintf(c->who.token, sizeof(c->who.token), "%s", token);
    snprintf(c->who.token_hash, sizeof(c->who.token_hash), "%s", hash);
    snprintf(c->who.csrf_hash, sizeof(c->who.csrf_hash), "%s", s.csrf_hash);
    c->who.signed_in = c->who.user.email != NULL;
}

bool session_csrf_ok(struct call *c)
{
    const char *sent = http_header(c->req, "X-CSRF-Token");
    char hash[TOKEN_TEXT_SIZE];

    return sent && token_hash(sent, hash) && token_equal(hash, c->who.csrf_hash);
}
