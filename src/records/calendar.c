/*
 * calendar.c: a patient's sessions as a calendar feed (CONTRACT.md
 * "Reminders and the weekly review"): one recurring event per plan version
 * of the current episode, on the days that version has anything planned (or
 * those of them the patient chose for reminders), at the patient's time.
 *
 * Each event keeps its UID for good (the episode and the version's number);
 * its SEQUENCE is the settings' revision, plus one once a newer version has
 * ended it, so a subscribed calendar updates its events and never doubles
 * them. A program that is not running (paused, stopped, closed) has no
 * open-ended event: no alarm tells the person to exercise while a warning sign
 * waits for the care team.
 */
#include "compat.h"

#include <math.h>

#include "common/xalloc.h"
#include "core/plan/week.h"
#include "formats/calendar_ics.h"
#include "records/internal.h"

/* Versions whose last day is longer ago than this drop out of the feed. */
#define FEED_PAST_DAYS 180

struct feed_acc {
    const struct episode_ctx *c;
    const struct reminder_rec *s;
    struct cal_event *ev;
    char (*changed)[STORE_TS_SIZE]; /* when each last changed: made, or ended by the next */
    int n, cap;
};

static int take_version(const struct plan_version_rec *v, void *arg)
{
    struct feed_acc *a = arg;
    struct cal_event *e;
    json_t *plan;

    if (stored_json(v->plan, "plan", &plan, NULL))
        return MRX_EDATA;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        a->ev = xrealloc(a->ev, (size_t)a->cap * sizeof(*a->ev));
        a->changed = xrealloc(a->changed, (size_t)a->cap * sizeof(*a->changed));
    }
    if (a->n > 0) { /* this version ends the one before */
        a->ev[a->n - 1].last_day = v->day - 1;
        snprintf(a->changed[a->n - 1], STORE_TS_SIZE, "%s", v->recorded_at);
    }
    e = &a->ev[a->n];
    memset(e, 0, sizeof(*e));
    snprintf(e->uid, sizeof(e->uid), "%s-v%d@moverx", a->c->ep.id, v->version);
    e->first_day = v->day;
    e->last_day = CAL_OPEN_ENDED;
    e->weekdays = reminder_weekdays(plan_week_days(plan, a->c->ep.start_day, v->day), a->s->days);
    e->minutes = plan_session_minutes(plan);
    if (e->minutes > 120)
        e->minutes = 120; /* an event, not a day's diary */
    snprintf(a->changed[a->n], STORE_TS_SIZE, "%s", v->recorded_at); /* made, until ended */
    json_decref(plan);
    a->n++;
    return MRX_OK;
}

static int feed_of(const struct records *r, const struct episode_ctx *c, long day,
                   const char *app_url, char **ics, struct mrx_err *err)
{
    struct reminder_rec s;
    struct feed_acc a = {c, &s, NULL, NULL, 0, 0};
    struct cal_feed f;
    int rc, kept = 0;

    if ((rc = reminder_settings(r, c, &s, err)) ||
        (rc = store_plan_versions_each(r->store, c->ep.org_id, c->ep.id, take_version, &a, err)))
        goto out;
    /* A program paused (a warning sign waits for the care team) or ended gets no more
     * reminders to exercise: its open-ended event leaves the feed, and comes back as it
     * was (same UID and SEQUENCE) if the program runs again. */
    if (a.n > 0 && c->ep.status != EPISODE_ACTIVE && a.ev[a.n - 1].last_day == CAL_OPEN_ENDED)
        a.n--;
    for (int i = 0; i < a.n; i++) {
        struct cal_event e = a.ev[i];
        bool ended = e.last_day != CAL_OPEN_ENDED;
        if (ended && (e.last_day < e.first_day || e.last_day < day - FEED_PAST_DAYS))
            continue; /* replaced the day it began, or long past */
        e.sequence = s.revision + (ended ? 1 : 0);
        memmove(a.changed[kept], a.changed[i], STORE_TS_SIZE);
        a.ev[kept] = e;
        a.ev[kept].stamp = s.updated_at[0] && strcmp(s.updated_at, a.changed[kept]) > 0
                               ? s.updated_at
                               : a.changed[kept];
        kept++;
    }
    f = (struct cal_feed){s.time, s.time_zone, app_url, a.ev, kept};
    rc = calendar_ics(&f, ics, err);
out:
    free(a.ev);
    free(a.changed);
    return rc;
}

int records_calendar(const struct records *r, const char *patient_id, long day, const char *app_url,
                     char **ics, struct mrx_err *err)
{
    struct episode_ctx c;
    int rc;

    *ics = NULL;
    if ((rc = episode_load(r, patient_id, true, &c, err)) == MRX_OK &&
        (rc = audit(r, c.ep.org_id, "calendar.read", c.patient.id, err)) == MRX_OK)
        rc = feed_of(r, &c, day, app_url, ics, err);
    episode_release(&c);
    return rc;
}

int records_calendar_feed(const struct records *r, const char *token_hash, long day,
                          const char *app_url, char **ics, struct mrx_err *err)
{
    struct calendar_token_rec t;
    struct user_rec u;
    int rc;

    *ics = NULL;
    if ((rc = store_calendar_token_get(r->store, token_hash, &t, err)))
        return rc;
    /* a disabled account's feed stops with it, as its sessions do */
    rc = store_user_of_patient(r->store, t.org_id, t.patient_id, &u, err);
    if (rc == MRX_OK && u.disabled)
        return mrx_err_set(err, MRX_ENOTFOUND, "calendar", "no such calendar");
    if (rc != MRX_OK && rc != MRX_ENOTFOUND)
        return rc;
    return records_calendar(r, t.patient_id, day, app_url, ics, err);
}
