/*
 * remind.c: which reminders are due now, claimed in the store before anything
 * is sent (migration 015), and what came of each (issue 23, item 1). The
 * sending itself (notify/send.c) runs outside any transaction, between the two.
 *
 * A reminder is due by notify/due.c, on the patient's own clock: their time
 * zone, their time and quiet hours, a day with a session (of the days they
 * chose), a running program and no session logged yet today. Each (patient,
 * local date, channel) is claimed once, so two processes or a restart never
 * send it twice.
 */
#include "compat.h"

#include <math.h>
#include <stdlib.h>

#include "common/date.h"
#include "core/plan/week.h"
#include "formats/calendar_ics.h"
#include "notify/due.h"
#include "notify/webpush.h"
#include "records/internal.h"

/* ==================== The server's VAPID key ==================== */

int records_vapid_key(const struct records *r, char **pem, struct mrx_err *err)
{
    char pub[VAPID_PUBLIC_SIZE], *made = NULL;
    int rc = store_server_key_get(r->store, "vapid_private", pem, err);

    if (rc != MRX_ENOTFOUND)
        return rc;
    /* the first writer's key stands: a second process that made one too reads it back */
    if ((rc = vapid_new(&made, pub, err)) ||
        (rc = store_server_key_put(r->store, "vapid_private", made, r->now, err)))
        goto out;
    rc = store_server_key_get(r->store, "vapid_private", pem, err);
out:
    free(made);
    return rc;
}

/* ==================== Subscriptions ==================== */

int records_push_subscribe(const struct records *r, const char *patient_id, const char *endpoint,
                           const char *p256dh, const char *auth, json_t **out, struct mrx_err *err)
{
    struct patient_rec p;
    struct push_sub_rec s = {0};
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)) ||
        (rc = webpush_check_keys(p256dh, auth, err)))
        return rc;
    snprintf(s.org_id, sizeof(s.org_id), "%s", p.org_id);
    snprintf(s.patient_id, sizeof(s.patient_id), "%s", p.id);
    s.endpoint = endpoint;
    s.p256dh = p256dh;
    s.auth = auth;
    snprintf(s.created_at, sizeof(s.created_at), "%s", r->now);
    if ((rc = store_push_sub_put(r->store, &s, err)) ||
        (rc = audit(r, p.org_id, "push.subscribe", p.id, err)))
        return rc;
    *out = json_pack("{ss, sb}", "endpoint", endpoint, "subscribed", true);
    return MRX_OK;
}

int records_push_unsubscribe(const struct records *r, const char *patient_id, const char *endpoint,
                             json_t **out, struct mrx_err *err)
{
    struct patient_rec p;
    int n = 0, rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)) ||
        (rc = store_push_sub_delete(r->store, p.org_id, p.id, endpoint, &n, err)) ||
        (rc = audit(r, p.org_id, "push.unsubscribe", p.id, err)))
        return rc;
    *out = json_pack("{sb}", "removed", n > 0);
    return MRX_OK;
}

/* ==================== What is due ==================== */

struct due_pass {
    const struct records *r;
    long long now_s;
    json_t *jobs;
    struct mrx_err *err;
};

/* Whether the plan in force puts anything on the day, of the days the patient chose. */
static bool session_day(const json_t *plan, long start, long day, unsigned chosen)
{
    return (reminder_weekdays(plan_week_days(plan, start, day), chosen) >> weekday_of(day)) & 1u;
}

static int take_sub(const struct push_sub_rec *s, void *arg)
{
    json_array_append_new(arg, json_pack("{ss, ss, ss}", "endpoint", s->endpoint, "p256dh",
                                         s->p256dh, "auth", s->auth));
    return MRX_OK;
}

static int count_session(const struct session_rec *s, void *arg)
{
    (void)s;
    (*(int *)arg)++;
    return MRX_OK;
}

/* A claimed reminder with where it goes; NULL target: nowhere (recorded as "none"). */
static int claim(struct due_pass *a, const struct reminder_rec *s, const char *date,
                 const char *channel, json_t *job, bool *queued)
{
    bool claimed = false;
    int rc;

    *queued = false;
    if ((rc = store_reminder_claim(a->r->store, s->org_id, s->patient_id, date, channel, a->r->now,
                                   &claimed, a->err)) ||
        !claimed)
        return rc;
    if ((rc = audit(a->r, s->org_id, "reminder.queue", s->patient_id, a->err)))
        return rc;
    json_object_set_new(job, "org", json_string(s->org_id));
    json_object_set_new(job, "patient", json_string(s->patient_id));
    json_object_set_new(job, "date", json_string(date));
    json_object_set_new(job, "channel", json_string(channel));
    *queued = true;
    return MRX_OK;
}

static int push_job(struct due_pass *a, const struct reminder_rec *s, const char *date,
                    json_t *base)
{
    json_t *job = json_deep_copy(base), *subs = json_array();
    bool queued;
    int rc;

    if ((rc = claim(a, s, date, "push", job, &queued)) || !queued ||
        (rc = store_push_subs_each(a->r->store, s->org_id, s->patient_id, take_sub, subs, a->err)))
        goto out;
    if (!json_array_size(subs))
        rc = store_reminder_outcome(a->r->store, s->org_id, s->patient_id, date, "push", "none",
                                    "no browser has push turned on", a->err);
    else {
        json_object_set(job, "subscriptions", subs);
        json_array_append(a->jobs, job);
    }
out:
    json_decref(subs);
    json_decref(job);
    return rc;
}

static int email_job(struct due_pass *a, const struct reminder_rec *s, const char *email,
                     const char *date, json_t *base)
{
    json_t *job = json_deep_copy(base);
    struct mail_rec m;
    bool queued;
    int rc;

    if ((rc = claim(a, s, date, "email", job, &queued)) || !queued)
        goto out;
    rc = store_mail_get(a->r->store, s->org_id, &m, a->err);
    if (rc == MRX_ENOTFOUND || !email) {
        rc = store_reminder_outcome(a->r->store, s->org_id, s->patient_id, date, "email", "none",
                                    email ? "the organization has no mail settings"
                                          : "the patient has no account address",
                                    a->err);
        goto out;
    }
    if (rc)
        goto out;
    json_object_set_new(job, "to", json_string(email));
    json_object_set_new(job, "smtp", mail_smtp_json(&m));
    json_array_append(a->jobs, job);
out:
    json_decref(job);
    return rc;
}

static int take_setting(const struct reminder_on_rec *on, void *arg)
{
    struct due_pass *a = arg;
    const struct reminder_rec *s = &on->settings;
    struct episode_rec ep;
    struct plan_version_rec v;
    struct remind_facts f;
    json_t *plan = NULL, *base;
    char date[16];
    long day;
    int minute, sessions = 0, rc;

    if (!calendar_local_clock(s->time_zone, a->now_s, &day, &minute))
        return MRX_OK; /* a zone this machine's tzdata no longer has: nothing to do */
    rc = store_episode_current(a->r->store, s->org_id, s->patient_id, &ep, a->err);
    if (rc == MRX_ENOTFOUND)
        return MRX_OK;
    if (rc || (rc = store_plan_version_latest(a->r->store, s->org_id, ep.id, &v, a->err)) ||
        (rc = stored_json(v.plan, "plan", &plan, a->err)) ||
        (rc = store_sessions_each(a->r->store, s->org_id, ep.id, day, day, count_session, &sessions,
                                  a->err)))
        goto out;
    f = (struct remind_facts){minute,
                              clock_minutes(s->time),
                              s->quiet_start[0] ? clock_minutes(s->quiet_start) : -1,
                              s->quiet_end[0] ? clock_minutes(s->quiet_end) : -1,
                              session_day(plan, ep.start_day, day, s->days),
                              ep.status == EPISODE_ACTIVE && day >= ep.start_day,
                              sessions > 0};
    if (!reminder_due(&f))
        goto out;
    date_format(day, date, sizeof(date));
    base = json_pack("{si}", "minutes", plan_session_minutes(plan));
    if (s->push)
        rc = push_job(a, s, date, base);
    if (!rc && s->email)
        rc = email_job(a, s, on->email, date, base);
    json_decref(base);
out:
    json_decref(plan);
    return rc == MRX_ENOTFOUND ? MRX_OK : rc;
}

int records_reminders_due(const struct records *r, long long now_s, json_t **jobs,
                          struct mrx_err *err)
{
    struct due_pass a = {r, now_s, json_array(), err};
    int rc = store_reminders_on_each(r->store, take_setting, &a, err);

    if (rc) {
        json_decref(a.jobs);
        return rc;
    }
    *jobs = a.jobs;
    return MRX_OK;
}

int records_reminder_outcome(const struct records *r, const json_t *job, const char *status,
                             const char *detail, const json_t *gone, struct mrx_err *err)
{
    const char *org = json_string_value(json_object_get(job, "org"));
    const char *patient = json_string_value(json_object_get(job, "patient"));
    json_t *e;
    size_t k;
    int rc;

    if (!org || !patient)
        return mrx_err_set(err, MRX_EINVAL, "job", "names no patient");
    json_array_foreach(gone, k, e) /* the push service has ended these subscriptions */
    {
        if ((rc = store_push_sub_delete(r->store, org, patient, json_string_value(e), NULL, err)))
            return rc;
    }
    if ((rc = store_reminder_outcome(
             r->store, org, patient, json_string_value(json_object_get(job, "date")),
             json_string_value(json_object_get(job, "channel")), status, detail, err)))
        return rc;
    return audit(r, org, strcmp(status, "sent") == 0 ? "reminder.sent" : "reminder.failed", patient,
                 err);
}
