/*
 * login.c: signing in and out (CONTRACT.md "Server").
 *
 * Wrong credentials get the same answer, after the same argon2id work,
 * whether or not the account exists. Failures are throttled per account and
 * per address. Each login makes a new session token (32 random bytes,
 * stored hashed) and its CSRF token.
 */
#include "compat.h"

#include <ctype.h>

#include "api/api_internal.h"

static const struct field_spec login_fields[] = {
    {"email", F_STRING, true, 1, 254},
    {"password", F_STRING, true, 1, PASSWORD_MAX},
    {NULL, F_STRING, false, 0, 0},
};

struct login_job {
    struct auth_session_rec s;
    const char *old_hash; /* a session the request came with: ended */
};

static int add_session(struct store *st, void *arg, struct mrx_err *err)
{
    struct login_job *j = arg;
    int rc;

    if (j->old_hash && (rc = store_auth_session_delete(st, j->old_hash, err)))
        return rc;
    return store_auth_session_add(st, &j->s, err);
}

static void set_cookie(struct call *c, const char *token, unsigned max_age)
{
    char buf[256];

    snprintf(buf, sizeof(buf), "%s=%s; Path=/; Max-Age=%u; HttpOnly; SameSite=Lax%s",
             SESSION_COOKIE, token, max_age, c->api->cfg.cookie_secure ? "; Secure" : "");
    http_reply_header(c->rep, "Set-Cookie", arena_strdup(c->req->arena, buf));
}

static json_t *user_json(const struct user_rec *u)
{
    json_t *o = json_pack("{ss, ss, ss, ss}", "id", u->id, "role", user_role_name(u->role), "org",
                          u->org_id, "email", u->email);
    json_object_set_new(o, "patient", u->patient_id[0] ? json_string(u->patient_id) : json_null());
    return o;
}

void h_login(struct call *c)
{
    json_t *body = body_object(c, login_fields);
    const char *password;
    char email[256], token[TOKEN_TEXT_SIZE], csrf[TOKEN_TEXT_SIZE], hash[PASSWORD_HASH_SIZE];
    struct login_job job = {0};
    struct user_rec u = {0};
    struct mrx_err err;
    unsigned wait;
    bool found, ok;
    int rc;

    if (!body)
        return;
    /* the address in the form accounts keep it; one that cannot be an account's is looked up
     * as typed, lower case, and found by no one: the same answer as a wrong password */
    if (email_normal(body_str(body, "email"), email, sizeof(email), &err) != MRX_OK) {
        snprintf(email, sizeof(email), "%s", body_str(body, "email"));
        for (char *e = email; *e; e++)
            *e = (char)tolower((unsigned char)*e);
    }
    password = body_str(body, "password");

    if ((wait = throttle_check(c->api->throttle, email, c->client, (time_t)c->now_s))) {
        reply_throttled(c, wait, "sign-ins");
        json_decref(body);
        return;
    }
    found = store_user_by_email(c->rs, email, &u, &err) == MRX_OK;
    if (found) { /* the store's strings last only until its next call */
        u.email = arena_strdup(c->req->arena, u.email);
        snprintf(hash, sizeof(hash), "%s", u.password_hash ? u.password_hash : "");
        u.password_hash = u.password_hash ? hash : NULL;
    }
    if (found && !u.email)
        found = false;
    /* No read transaction open through the hash: it would hold back the
     * store's checkpoints for as long as the hash and its wait take. */
    store_rollback(c->rs);
    rc = password_verify(found ? u.password_hash : NULL, password, strlen(password), &ok, &err);
    ok = ok && !u.disabled; /* after the hash: a disabled account answers like a wrong password */
    json_decref(body);
    if (rc == MRX_EBUSY) { /* not a failed attempt: nothing was checked */
        call_audit(c, found ? u.org_id : "*", "login", NULL, "busy");
        reply_mrx(c, rc, &err);
        return;
    }
    if (!ok) {
        throttle_failed(c->api->throttle, email, c->client, (time_t)c->now_s);
        call_audit(c, found ? u.org_id : "*", "login", NULL, "failed");
        reply_error(c, 401, "unauthorized", NULL, "wrong e-mail or password");
        return;
    }
    throttle_succeeded(c->api->throttle, email, c->client);

    token_new(token);
    token_derive(token, "csrf", csrf);
    token_hash(token, job.s.token_hash);
    token_hash(csrf, job.s.csrf_hash);
    snprintf(job.s.org_id, sizeof(job.s.org_id), "%s", u.org_id);
    snprintf(job.s.user_id, sizeof(job.s.user_id), "%s", u.id);
    snprintf(job.s.created_at, sizeof(job.s.created_at), "%s", c->now);
    snprintf(job.s.last_seen_at, sizeof(job.s.last_seen_at), "%s", c->now);
    /* A session the browser already had is ended: a new token at every login. */
    session_resolve(c);
    job.old_hash = c->who.signed_in ? c->who.token_hash : NULL;
    c->who.signed_in = true;
    c->who.user = u;
    if (!call_write(c, add_session, &job, u.org_id, "login", NULL))
        return;
    call_audit(c, u.org_id, "login", NULL, "ok");
    set_cookie(c, token, c->api->cfg.session_absolute_s);
    reply_json(c, 200, json_pack("{so, ss}", "user", user_json(&u), "csrf_token", csrf));
}

static int end_session(struct store *st, void *arg, struct mrx_err *err)
{
    return store_auth_session_delete(st, arg, err);
}

void h_logout(struct call *c)
{
    if (!call_write(c, end_session, c->who.token_hash, c->who.user.org_id, "logout", NULL))
        return;
    call_audit(c, c->who.user.org_id, "logout", NULL, "ok"); /* F7: a sign-out is on the trail */
    set_cookie(c, "", 0);
    c->rep->status = 204;
}

void h_me(struct call *c)
{
    char csrf[TOKEN_TEXT_SIZE];

    token_derive(c->who.token, "csrf", csrf);
    reply_json(c, 200, json_pack("{so, ss}", "user", user_json(&c->who.user), "csrf_token", csrf));
}
