/*
 * push.c: Web Push subscriptions and an organization's outgoing mail over
 * HTTP (docs/openapi.yaml):
 *   GET    /api/v1/push/key                          the server's applicationServerKey
 *   POST   /api/v1/patients/{id}/push-subscriptions  a browser of the patient's subscribes
 *   DELETE /api/v1/patients/{id}/push-subscriptions?endpoint=URL
 *   GET    /api/v1/org/mail, PATCH /api/v1/org/mail  admins: the SMTP server
 * A subscription's endpoint is a URL the server will later POST to, so it
 * must belong to a push service the server is set to trust (notify/send.h):
 * a patient cannot point the server at anything else.
 */
#include "compat.h"

#include "api/api_internal.h"
#include "notify/send.h"

void h_push_key(struct call *c)
{
    reply_json(c, 200, json_pack("{ss}", "public_key", c->api->vapid_public));
}

static const struct field_spec subscription_fields[] = {
    {"endpoint", F_STRING, true, 10, 1024},
    {"keys", F_OBJECT, true, 0, 0},
    {"expirationTime", F_INT, false, 0, 0x7fffffffffffffff},
    {NULL, F_STRING, false, 0, 0},
};

struct push_job {
    struct call *c;
    const char *patient_id, *endpoint, *p256dh, *auth;
    const json_t *change;
    json_t *out;
};

static int run_subscribe(struct store *s, void *arg, struct mrx_err *err)
{
    struct push_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_push_subscribe(&r, j->patient_id, j->endpoint, j->p256dh, j->auth, &j->out, err);
}

/* The browser's PushSubscription as its toJSON() gives it. */
void h_push_subscribe(struct call *c)
{
    json_t *body = body_object(c, subscription_fields), *keys;
    struct push_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;
    const char *hosts = c->api->cfg.push_hosts ? c->api->cfg.push_hosts : PUSH_HOSTS_DEFAULT;

    if (!body)
        return;
    keys = json_object_get(body, "keys");
    j.endpoint = body_str(body, "endpoint");
    j.p256dh = json_string_value(json_object_get(keys, "p256dh"));
    j.auth = json_string_value(json_object_get(keys, "auth"));
    if (!access_patient(c, j.patient_id, "push.subscribe", &p))
        ; /* refused as any other record's */
    else if (!push_endpoint_allowed(j.endpoint, hosts))
        reply_error(c, 400, "invalid", "endpoint", "is not a push service this server sends to");
    else if (call_write(c, run_subscribe, &j, p.org_id, "push.subscribe", j.patient_id))
        reply_json(c, 201, j.out);
    json_decref(body);
}

static int run_unsubscribe(struct store *s, void *arg, struct mrx_err *err)
{
    struct push_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_push_unsubscribe(&r, j->patient_id, j->endpoint, &j->out, err);
}

void h_push_unsubscribe(struct call *c)
{
    struct push_job j = {
        .c = c, .patient_id = c->params[0], .endpoint = http_query(c->req, "endpoint")};
    struct patient_rec p;

    if (!access_patient(c, j.patient_id, "push.unsubscribe", &p))
        return;
    if (!j.endpoint || !*j.endpoint)
        reply_error(c, 400, "invalid", "endpoint", "is required (?endpoint=URL)");
    else if (call_write(c, run_unsubscribe, &j, p.org_id, "push.unsubscribe", j.patient_id))
        reply_json(c, 200, j.out);
}

/* ==================== The organization's mail ==================== */

void h_mail(struct call *c)
{
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc;

    if ((rc = records_mail_get(&r, c->who.user.org_id, &out, &err)))
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

static const struct field_spec mail_fields[] = {
    {"smtp_url", F_STRING, false, 8, 300},  {"from", F_STRING, false, 3, 300},
    {"smtp_user", F_STRING, false, 1, 300}, {"smtp_password", F_STRING, false, 0, 300},
    {NULL, F_STRING, false, 0, 0},
};

static int run_mail(struct store *s, void *arg, struct mrx_err *err)
{
    struct push_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_mail_set(&r, j->c->who.user.org_id, j->change, &j->out, err);
}

void h_mail_set(struct call *c)
{
    json_t *body = body_object(c, mail_fields);
    struct push_job j = {.c = c};

    if (!body)
        return;
    j.change = body;
    if (call_write(c, run_mail, &j, c->who.user.org_id, "mail.update", NULL))
        reply_json(c, 200, j.out);
    json_decref(body);
}
