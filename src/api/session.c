/*
 * session.c: signed-in sessions: the cookie's token is looked up by its
 * hash; a session ends after session_idle_s without use or
 * session_absolute_s after login, whichever comes first (see api_internal.h).
 * Sessions read at the current accounts revision are kept (auth_cache.h).
 */
#include "compat.h"

#include "api/api_internal.h"
#include "common/date.h"
#include "common/textcopy.h"

/* How stale last_seen_at may get before it is written again. The idle
 * timeout counts from it, so it is written in every second a session is
 * used: expiry is exact to the second, as the stored times are (issue 25,
 * F9: once a minute ended sessions up to 60 s early, and at a one-minute
 * limit while in use). The cost is a queued write a second for each
 * session in use, not one a request; the kept copy serves the rest. */
#define TOUCH_EVERY_S 1

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

/* The session of hash from the store, with its user (its address in the
 * request's arena; *keepable when it also fits the kept copy): false when
 * there is none, or it has expired or its account is disabled (then it is
 * ended). */
static bool session_read(struct call *c, const char *hash, struct auth_cached_session *out,
                         bool *keepable)
{
    struct auth_session_rec s;
    struct user_rec u;
    struct mrx_err err;

    if (store_auth_session_get(c->rs, hash, &s, &err) != MRX_OK)
        return false;
    if (!date_timestamp_parse(s.created_at, &out->created_s) ||
        !date_timestamp_parse(s.last_seen_at, &out->seen_s) ||
        c->now_s - out->seen_s > (long long)c->api->cfg.session_idle_s ||
        c->now_s - out->created_s > (long long)c->api->cfg.session_absolute_s) {
        post(c, end, hash);
        return false;
    }
    if (store_user_get(c->rs, s.user_id, &u, &err) != MRX_OK)
        return false;
    if (u.disabled) { /* its sessions ended when it was disabled; this one too */
        post(c, end, hash);
        return false;
    }
    text_copy(out->token_hash, sizeof(out->token_hash), hash);
    text_copy(out->csrf_hash, sizeof(out->csrf_hash), s.csrf_hash);
    *keepable = u.email && strlen(u.email) < sizeof(out->email);
    text_copy(out->email, sizeof(out->email), *keepable ? u.email : "");
    out->user = u;
    out->user.email = u.email ? arena_strdup(c->req->arena, u.email) : NULL;
    out->user.password_hash = NULL;
    return out->user.email != NULL;
}

/* Whether a kept session may be used as it is: not near expiry, no touch
 * due. Otherwise the store decides (the kept last use may be older). */
static bool kept_is_current(const struct call *c, const struct auth_cached_session *k)
{
    const struct api_config *cfg = &c->api->cfg;

    return c->now_s - k->seen_s < TOUCH_EVERY_S &&
           c->now_s - k->seen_s <= (long long)cfg->session_idle_s &&
           c->now_s - k->created_s <= (long long)cfg->session_absolute_s;
}

void session_resolve(struct call *c)
{
    const char *token = http_cookie(c->req, SESSION_COOKIE);
    struct auth_cached_session k;
    struct mrx_err err;
    char hash[TOKEN_TEXT_SIZE];
    bool keepable;

    c->who.signed_in = false;
    if (!token || !token_hash(token, hash))
        return;
    /* Kept answers are exact only when the revision and the rows are read
     * in one snapshot: inside the request's read transaction. */
    c->auth_rev_known =
        store_in_transaction(c->rs) && store_auth_rev(c->rs, &c->auth_rev, &err) == MRX_OK;
    if (c->auth_rev_known && auth_cache_session_get(c->api->auth, hash, c->auth_rev, &k) &&
        kept_is_current(c, &k)) {
        k.user.email = arena_strdup(c->req->arena, k.email);
    } else {
        if (!session_read(c, hash, &k, &keepable))
            return;
        if (c->now_s - k.seen_s >= TOUCH_EVERY_S) {
            auth_cache_session_drop(c->api->auth, hash); /* its last use moves */
            post(c, touch, hash);
        } else if (c->auth_rev_known && keepable) {
            auth_cache_session_put(c->api->auth, c->auth_rev, &k);
        }
    }
    c->who.user = k.user;
    text_copy(c->who.token, sizeof(c->who.token), token);
    text_copy(c->who.token_hash, sizeof(c->who.token_hash), hash);
    text_copy(c->who.csrf_hash, sizeof(c->who.csrf_hash), k.csrf_hash);
    c->who.signed_in = c->who.user.email != NULL;
}

bool session_csrf_ok(struct call *c)
{
    const char *sent = http_header(c->req, "X-CSRF-Token");
    char hash[TOKEN_TEXT_SIZE];

    return sent && token_hash(sent, hash) && token_equal(hash, c->who.csrf_hash);
}
