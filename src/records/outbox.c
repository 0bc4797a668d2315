/*
 * outbox.c: e-mail other than reminders (an invitation) goes into the store's
 * outbox in the write that makes it (migration 016) and out with the next
 * pass of the notifier, like the reminders: claimed, sent with no
 * transaction open, then marked. A message that fails is tried three times.
 */
#include "compat.h"

#include "records/internal.h"

#define OUTBOX_ATTEMPTS 3

int outbox_queue(const struct records *r, const char *org_id, const char *to, const char *subject,
                 const char *body, const char *purpose, struct mrx_err *err)
{
    struct mail_out_rec m = {0};
    int rc;

    if ((rc = store_new_id(m.id, err)))
        return rc;
    snprintf(m.org_id, sizeof(m.org_id), "%s", org_id);
    m.to = to;
    m.subject = subject;
    m.body = body;
    m.purpose = purpose;
    snprintf(m.queued_at, sizeof(m.queued_at), "%s", r->now);
    return store_mail_queue(r->store, &m, err);
}

struct claim {
    const struct records *r;
    json_t *jobs;
    struct mrx_err *err;
};

static int take_message(const struct mail_out_rec *m, void *arg)
{
    struct claim *c = arg;
    json_t *job = json_pack("{ss, ss, ss, ss, ss, ss, si}", "channel", "outbox", "id", m->id, "org",
                            m->org_id, "to", m->to, "subject", m->subject, "body",
                            m->body ? m->body : "", "attempts", m->attempts + 1);
    json_array_append_new(c->jobs, job);
    return MRX_OK;
}

int records_outbox_due(const struct records *r, json_t **jobs, struct mrx_err *err)
{
    struct claim c = {r, json_array(), err};
    json_t *job;
    size_t k;
    int rc = store_mail_claim_each(r->store, r->now, take_message, &c, err);

    /* each taken, with its organization's mail server; without one it cannot go at all */
    json_array_foreach(c.jobs, k, job)
    {
        struct mail_rec m;
        if (rc || (rc = store_mail_done(r->store, json_string_value(json_object_get(job, "id")),
                                        "sending", NULL, r->now, err)))
            break;
        rc = store_mail_get(r->store, json_string_value(json_object_get(job, "org")), &m, err);
        if (rc == MRX_ENOTFOUND) {
            json_object_set_new(job, "smtp", json_null());
            rc = MRX_OK;
        } else if (rc == MRX_OK) {
            json_object_set_new(job, "smtp", mail_smtp_json(&m));
        }
    }
    if (rc) {
        json_decref(c.jobs);
        return rc;
    }
    *jobs = c.jobs;
    return MRX_OK;
}

int records_outbox_outcome(const struct records *r, const json_t *job, bool sent,
                           const char *detail, struct mrx_err *err)
{
    const char *id = json_string_value(json_object_get(job, "id"));
    bool again = !sent && json_is_object(json_object_get(job, "smtp")) &&
                 json_integer_value(json_object_get(job, "attempts")) < OUTBOX_ATTEMPTS;

    if (!id)
        return mrx_err_set(err, MRX_EINVAL, "job", "names no message");
    return store_mail_done(r->store, id,
                           sent    ? "sent"
                           : again ? "queued"
                                   : "failed",
                           detail, r->now, err);
}

int records_notify_due(const struct records *r, long long now_s, json_t **jobs, struct mrx_err *err)
{
    json_t *mail = NULL;
    int rc;

    if ((rc = records_reminders_due(r, now_s, jobs, err)))
        return rc;
    if ((rc = records_outbox_due(r, &mail, err))) {
        json_decref(*jobs);
        return rc;
    }
    json_array_extend(*jobs, mail);
    json_decref(mail);
    return MRX_OK;
}

int records_notify_outcomes(const struct records *r, const json_t *results, struct mrx_err *err)
{
    json_t *res;
    size_t k;
    int rc;

    json_array_foreach(results, k, res)
    {
        if ((rc = records_notify_outcome(r, json_object_get(res, "job"),
                                         json_string_value(json_object_get(res, "status")),
                                         json_string_value(json_object_get(res, "detail")),
                                         json_object_get(res, "gone"), err)))
            return rc;
    }
    return MRX_OK;
}

int records_notify_outcome(const struct records *r, const json_t *job, const char *status,
                           const char *detail, const json_t *gone, struct mrx_err *err)
{
    const char *channel = json_string_value(json_object_get(job, "channel"));

    if (channel && strcmp(channel, "outbox") == 0)
        return records_outbox_outcome(r, job, strcmp(status, "sent") == 0, detail, err);
    return records_reminder_outcome(r, job, status, detail, gone, err);
}
