/*
 * admin.c: the organization's own routes: its accounts, invitations (a
 * one-time link to set a password), the organization, and a read-only view
 * of the rules in force.
 */
#include "compat.h"

#include "api/api_internal.h"
#include "common/date.h"

/* An invitation works for a week. */
#define INVITATION_S (7 * 24 * 3600)

void h_users(struct call *c)
{
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc = records_users(&r, c->who.user.org_id, &out, &err);

    if (rc)
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

/* The organization's settings: every signed-in user reads them (the patient
 * app's call buttons dial its numbers). */
void h_org(struct call *c)
{
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc = records_org_get(&r, c->who.user.org_id, &out, &err);

    if (rc)
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

struct org_job {
    struct call *c;
    struct org_settings set;
    json_t *out;
};

static int run_org_update(struct store *s, void *arg, struct mrx_err *err)
{
    struct org_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_org_update(&r, j->c->who.user.org_id, &j->set, &j->out, err);
}

static const struct field_spec org_fields[] = {
    {"name", F_STRING, false, 1, 200},       {"emergency_number", F_STRING, false, 1, 64},
    {"crisis_line", F_STRING, false, 0, 64}, {"phone", F_STRING, false, 0, 64},
    {NULL, F_STRING, false, 0, 0},
};

/* An admin changes the name, the emergency number or the crisis line; a
 * crisis line of null or "" removes it. */
void h_org_update(struct call *c)
{
    json_t *body = body_object(c, org_fields);
    struct org_job j = {.c = c};

    if (!body)
        return;
    j.set.name = body_str(body, "name");
    j.set.emergency_number = body_str(body, "emergency_number");
    j.set.crisis_line = body_str(body, "crisis_line");
    if (json_is_null(json_object_get(body, "crisis_line")))
        j.set.crisis_line = "";
    j.set.phone = body_str(body, "phone");
    if (json_is_null(json_object_get(body, "phone")))
        j.set.phone = "";
    if (call_write(c, run_org_update, &j, c->who.user.org_id, "org.update", NULL))
        reply_json(c, 200, j.out);
    json_decref(body);
}

void h_rules(struct call *c)
{
    reply_json(c, 200, json_incref(c->api->rules));
}

/* ==================== Invitations ==================== */

struct invite_job {
    struct call *c;
    enum user_role role;
    const char *email, *patient;
    const char *link; /* the whole set-password address, to e-mail; or NULL */
    char token_hash[TOKEN_TEXT_SIZE], expires[STORE_TS_SIZE];
    const char *password_hash;
    json_t *out;
};

static int run_invite(struct store *s, void *arg, struct mrx_err *err)
{
    struct invite_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_invite(&r, j->c->who.user.org_id, j->role, j->email, j->patient, j->token_hash,
                          j->expires, j->link, &j->out, err);
}

static const struct field_spec invite_fields[] = {
    {"email", F_STRING, true, 3, 254},
    {"role", F_STRING, true, 1, 16},
    {"patient", F_STRING, false, 1, 64},
    {NULL, F_STRING, false, 0, 0},
};

void h_invite(struct call *c)
{
    json_t *body = body_object(c, invite_fields);
    struct invite_job j = {.c = c};
    char token[TOKEN_TEXT_SIZE];

    if (!body)
        return;
    j.email = body_str(body, "email");
    j.patient = body_str(body, "patient");
    if (!user_role_from_name(body_str(body, "role"), &j.role)) {
        reply_error(c, 400, "invalid", "role", "must be patient, clinician or admin");
    } else if (c->who.user.role == ROLE_CLINICIAN && (j.role != ROLE_PATIENT || !j.patient)) {
        /* a clinician brings in their own patients; staff accounts are an admin's */
        reply_error(c, 403, "forbidden", "role",
                    "clinicians invite their own patients; an admin invites staff");
    } else if (!j.patient || access_patient(c, j.patient, "invitation.create", NULL)) {
        const char *base = call_app_url(c);
        char path[128], *link = NULL;
        token_new(token);
        token_hash(token, j.token_hash);
        date_timestamp(c->now_s + INVITATION_S, j.expires, sizeof(j.expires));
        snprintf(path, sizeof(path), "/#/invite/%s", token);
        if (base && (link = arena_alloc(c->req->arena, strlen(base) + sizeof(path)))) {
            size_t n = strlen(base);
            snprintf(link, n + sizeof(path), "%.*s%s", (int)(n && base[n - 1] == '/' ? n - 1 : n),
                     base, path);
            j.link = link;
        }
        if (call_write(c, run_invite, &j, c->who.user.org_id, "invitation.create", j.patient)) {
            /* e-mailed: the link went to its owner only; otherwise the inviter passes it on */
            if (!json_is_true(json_object_get(j.out, "emailed"))) {
                json_object_set_new(j.out, "token", json_string(token));
                json_object_set_new(j.out, "link", json_string(path));
            }
            reply_json(c, 201, j.out);
        }
    }
    json_decref(body);
}

static int run_accept(struct store *s, void *arg, struct mrx_err *err)
{
    struct invite_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_invitation_accept(&r, j->token_hash, j->password_hash, &j->out, err);
}

/* The address of the account an invitation is for, so that the password is not built from
 * it; NULL when the token names none (the accept then refuses the token itself). */
static const char *invited_email(struct call *c, const char *token_hash)
{
    struct invitation_rec inv;
    struct user_rec u;
    struct mrx_err err;

    if (store_invitation_get(c->rs, token_hash, &inv, &err) != MRX_OK ||
        store_user_get(c->rs, inv.user_id, &u, &err) != MRX_OK || !u.email)
        return NULL;
    return arena_strdup(c->req->arena, u.email);
}

static const struct field_spec accept_fields[] = {
    {"token", F_STRING, true, 64, 64},
    {"password", F_STRING, true, 1, PASSWORD_MAX},
    {NULL, F_STRING, false, 0, 0},
};

/* Sets the password of an invited account and says which address it signs in with;
 * signing in is a separate step. */
void h_invite_accept(struct call *c)
{
    json_t *body = body_object(c, accept_fields);
    struct invite_job j = {.c = c};
    char hash[PASSWORD_HASH_SIZE];
    const char *pw;
    struct mrx_err err;
    int rc;

    char key[96];
    unsigned wait;

    if (!body)
        return;
    snprintf(key, sizeof(key), "invitation@%s", c->client); /* per address only */
    pw = body_str(body, "password");
    /* Public and followed by an argon2id hash: throttled like sign-in, per address. */
    if ((wait = throttle_check(c->api->throttle, key, c->client, (time_t)c->now_s))) {
        reply_throttled(c, wait, "attempts");
    } else if (!token_hash(body_str(body, "token"), j.token_hash)) {
        throttle_failed(c->api->throttle, key, c->client, (time_t)c->now_s);
        reply_error(c, 400, "invalid", "token", "is not an invitation token");
    } else if ((rc = password_check(pw, strlen(pw), invited_email(c, j.token_hash), &err)) ||
               (rc = password_hash(pw, strlen(pw), hash, &err))) {
        if (rc == MRX_EBUSY) /* not a failed attempt: nothing was checked */
            call_audit(c, NULL, "invitation.accept", NULL, "busy");
        reply_mrx(c, rc, &err);
    } else {
        j.password_hash = hash;
        if (call_write(c, run_accept, &j, NULL, "invitation.accept", NULL)) {
            reply_json(c, 200, j.out); /* the address they sign in with, for the page to say */
        } else {
            throttle_failed(c->api->throttle, key, c->client, (time_t)c->now_s);
        }
    }
    json_decref(body);
}
