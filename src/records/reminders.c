/*
 * reminders.c: a patient's reminder settings and their private calendar
 * feed (issue 23, item 1; CONTRACT.md "Reminders and the weekly review").
 *
 * Settings: {"days":["mon",..] ([] follows the plan's session days),
 * "time":"HH:MM", "time_zone":"Europe/London", "quiet_hours":{"start","end"}
 * or null, "push":bool, "email":bool}. A change gives only the fields it
 * changes; every change adds one to the revision, which the feed carries as
 * its events' SEQUENCE. A reminder time inside the quiet hours is refused:
 * it could never be sent.
 */
#include "compat.h"

#include <ctype.h>
#include <math.h>

#include "core/plan/week.h"
#include "formats/calendar_ics.h"
#include "notify/due.h"
#include "records/internal.h"

#define DEFAULT_TIME "18:00"
#define DEFAULT_ZONE "UTC"

static void defaults(const struct episode_ctx *c, struct reminder_rec *s)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->org_id, sizeof(s->org_id), "%s", c->patient.org_id);
    snprintf(s->patient_id, sizeof(s->patient_id), "%s", c->patient.id);
    snprintf(s->time, sizeof(s->time), "%s", DEFAULT_TIME);
    snprintf(s->time_zone, sizeof(s->time_zone), "%s", DEFAULT_ZONE);
}

int reminder_settings(const struct records *r, const struct episode_ctx *c, struct reminder_rec *s,
                      struct mrx_err *err)
{
    int rc = store_reminder_get(r->store, c->patient.org_id, c->patient.id, s, err);

    if (rc == MRX_ENOTFOUND) {
        defaults(c, s);
        return MRX_OK;
    }
    return rc;
}

/* Whether the organization can send e-mail (its mail settings are set). */
static int mail_ready(const struct records *r, const char *org_id, bool *ready, struct mrx_err *err)
{
    struct mail_rec m;
    int rc = store_mail_get(r->store, org_id, &m, err);

    *ready = rc == MRX_OK;
    return rc == MRX_ENOTFOUND ? MRX_OK : rc;
}

static json_t *settings_json(const struct reminder_rec *s, const char *feed_since, bool mail)
{
    json_t *days = json_array();

    for (int d = 0; d < WEEK_DAYS; d++)
        if (s->days & (1u << d))
            json_array_append_new(days, json_string(weekday_name(d)));
    json_t *out = json_pack(
        "{so, ss, ss, so, sb, sb, si, so, s{sb}}", "days", days, "time", s->time, "time_zone",
        s->time_zone, "quiet_hours",
        s->quiet_start[0] ? json_pack("{ss, ss}", "start", s->quiet_start, "end", s->quiet_end)
                          : json_null(),
        "push", s->push, "email", s->email, "revision", s->revision, "updated_at",
        s->updated_at[0] ? json_string(s->updated_at) : json_null(), "calendar", "active",
        feed_since[0] != '\0');
    json_object_set_new(out, "email_available", json_boolean(mail));
    return out;
}

/* The settings as the API gives them: with the feed's state and whether e-mail can go. */
static int settings_answer(const struct records *r, const struct reminder_rec *s, json_t **out,
                           struct mrx_err *err)
{
    char since[STORE_TS_SIZE] = "";
    bool mail;
    int rc;

    if ((rc = store_calendar_token_since(r->store, s->org_id, s->patient_id, since, err)) ||
        (rc = mail_ready(r, s->org_id, &mail, err)))
        return rc;
    *out = settings_json(s, since, mail);
    return MRX_OK;
}

static int take_clock(const json_t *v, const char *field, char *dst, size_t size,
                      struct mrx_err *err)
{
    if (clock_minutes(json_string_value(v)) < 0)
        return mrx_err_set(err, MRX_EINVAL, field, "must be a time of day, HH:MM (00:00 to 23:59)");
    snprintf(dst, size, "%s", json_string_value(v));
    return MRX_OK;
}

static int take_days(const json_t *v, unsigned *out, struct mrx_err *err)
{
    json_t *d;
    size_t k;
    int wd;

    if (!json_is_array(v))
        return mrx_err_set(err, MRX_EINVAL, "days", "must be a list of days (mon .. sun)");
    *out = 0;
    json_array_foreach(v, k, d)
    {
        if (!weekday_from_name(json_string_value(d), &wd))
            return mrx_err_set(err, MRX_EINVAL, "days", "must be a list of days (mon .. sun)");
        if (*out & (1u << wd))
            return mrx_err_set(err, MRX_EINVAL, "days", "names %s twice", weekday_name(wd));
        *out |= 1u << wd;
    }
    return MRX_OK;
}

static int take_quiet(const json_t *v, struct reminder_rec *s, struct mrx_err *err)
{
    int rc;

    if (json_is_null(v)) {
        s->quiet_start[0] = s->quiet_end[0] = '\0';
        return MRX_OK;
    }
    if (!json_is_object(v) || json_object_size(v) != 2)
        return mrx_err_set(err, MRX_EINVAL, "quiet_hours",
                           "must be {\"start\":\"HH:MM\",\"end\":\"HH:MM\"} or null");
    if ((rc = take_clock(json_object_get(v, "start"), "quiet_hours.start", s->quiet_start,
                         sizeof(s->quiet_start), err)) ||
        (rc = take_clock(json_object_get(v, "end"), "quiet_hours.end", s->quiet_end,
                         sizeof(s->quiet_end), err)))
        return rc;
    if (strcmp(s->quiet_start, s->quiet_end) == 0)
        return mrx_err_set(err, MRX_EINVAL, "quiet_hours", "must start and end at different times");
    return MRX_OK;
}

/* The settings changed by `in` (fields absent stay as they are). */
static int apply(const json_t *in, struct reminder_rec *s, struct mrx_err *err)
{
    static const char *const known[] = {"days", "time",  "time_zone", "quiet_hours",
                                        "push", "email", NULL};
    const char *key;
    json_t *v;
    int rc = MRX_OK;

    if (!json_is_object(in))
        return mrx_err_set(err, MRX_EINVAL, "reminders", "must be an object");
    json_object_foreach((json_t *)in, key, v)
    {
        const char *const *k = known;
        while (*k && strcmp(*k, key) != 0)
            k++;
        if (!*k)
            return mrx_err_set(err, MRX_EINVAL, key, "is not a reminder setting");
    }
    if ((v = json_object_get(in, "days")) && (rc = take_days(v, &s->days, err)))
        return rc;
    if ((v = json_object_get(in, "time")) &&
        (rc = take_clock(v, "time", s->time, sizeof(s->time), err)))
        return rc;
    if ((v = json_object_get(in, "time_zone"))) {
        if (!calendar_zone_known(json_string_value(v)))
            return mrx_err_set(err, MRX_EINVAL, "time_zone",
                               "must be a time zone such as Europe/London");
        snprintf(s->time_zone, sizeof(s->time_zone), "%s", json_string_value(v));
    }
    if ((v = json_object_get(in, "quiet_hours")) && (rc = take_quiet(v, s, err)))
        return rc;
    for (int i = 0; i < 2; i++) {
        const char *name = i ? "email" : "push";
        if ((v = json_object_get(in, name))) {
            if (!json_is_boolean(v))
                return mrx_err_set(err, MRX_EINVAL, name, "must be true or false");
            *(i ? &s->email : &s->push) = json_is_true(v);
        }
    }
    if (s->quiet_start[0] && in_quiet_hours(clock_minutes(s->time), clock_minutes(s->quiet_start),
                                            clock_minutes(s->quiet_end)))
        return mrx_err_set(err, MRX_EINVAL, "time",
                           "%s is inside your quiet hours (%s to %s): no reminder could be sent",
                           s->time, s->quiet_start, s->quiet_end);
    return MRX_OK;
}

static int patient_only(const struct records *r, const char *patient_id, struct episode_ctx *c,
                        struct mrx_err *err)
{
    return episode_load(r, patient_id, false, c, err);
}

int records_reminders(const struct records *r, const char *patient_id, json_t **out,
                      struct mrx_err *err)
{
    struct episode_ctx c;
    struct reminder_rec s;
    int rc;

    if ((rc = patient_only(r, patient_id, &c, err)) ||
        (rc = audit(r, c.patient.org_id, "reminders.read", c.patient.id, err)) ||
        (rc = reminder_settings(r, &c, &s, err)))
        goto out;
    rc = settings_answer(r, &s, out, err);
out:
    episode_release(&c);
    return rc;
}

int records_reminders_set(const struct records *r, const char *patient_id, const json_t *in,
                          json_t **out, struct mrx_err *err)
{
    struct episode_ctx c;
    struct reminder_rec s;
    int rc;

    if ((rc = patient_only(r, patient_id, &c, err)) || (rc = reminder_settings(r, &c, &s, err)) ||
        (rc = apply(in, &s, err)))
        goto out;
    s.revision++;
    snprintf(s.updated_at, sizeof(s.updated_at), "%s", r->now);
    if ((rc = store_reminder_put(r->store, &s, err)) ||
        (rc = audit(r, c.patient.org_id, "reminders.update", c.patient.id, err)))
        goto out;
    rc = settings_answer(r, &s, out, err);
out:
    episode_release(&c);
    return rc;
}

int records_calendar_token_add(const struct records *r, const char *patient_id,
                               const char *token_hash, struct mrx_err *err)
{
    struct episode_ctx c;
    struct calendar_token_rec t = {0};
    int rc;

    if ((rc = patient_only(r, patient_id, &c, err)))
        goto out;
    snprintf(t.token_hash, sizeof(t.token_hash), "%s", token_hash);
    snprintf(t.org_id, sizeof(t.org_id), "%s", c.patient.org_id);
    snprintf(t.patient_id, sizeof(t.patient_id), "%s", c.patient.id);
    snprintf(t.created_at, sizeof(t.created_at), "%s", r->now);
    if ((rc = store_calendar_token_add(r->store, &t, err)) == MRX_OK)
        rc = audit(r, c.patient.org_id, "calendar.create", c.patient.id, err);
out:
    episode_release(&c);
    return rc;
}

int records_calendar_revoke(const struct records *r, const char *patient_id, json_t **out,
                            struct mrx_err *err)
{
    struct episode_ctx c;
    int n = 0, rc;

    if ((rc = patient_only(r, patient_id, &c, err)) ||
        (rc = store_calendar_tokens_revoke(r->store, c.patient.org_id, c.patient.id, r->now, &n,
                                           err)) ||
        (rc = audit(r, c.patient.org_id, "calendar.revoke", c.patient.id, err)))
        goto out;
    *out = json_pack("{sI}", "revoked", (json_int_t)n);
out:
    episode_release(&c);
    return rc;
}

unsigned reminder_weekdays(unsigned plan_week, unsigned chosen)
{
    return chosen && (plan_week & chosen) ? plan_week & chosen : plan_week;
}

int plan_session_minutes(const json_t *plan)
{
    double minutes = json_number_value(json_object_get(plan, "minutes_per_day"));
    return minutes >= 5 ? (int)lround(minutes) : 20;
}
