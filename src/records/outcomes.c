/*
 * outcomes.c: an organization's (or a clinician's) cohort outcomes for the
 * care team (records.h): how many patients, the mean pain change and the
 * share reaching clinically important change (from each patient's progress,
 * so the same rules as the patient's own view), adherence, engagement,
 * completion of the 12-week program and flares.
 */
#include "compat.h"

#include "common/date.h"
#include "common/numfmt.h"
#include "core/outcomes/outcomes.h"
#include "records/internal.h"

static int collect(const struct panel_rec *p, void *arg)
{
    json_array_append_new(arg, json_string(p->patient_id));
    return MRX_OK;
}

/* Reads behind a cohort view audit once, as the view, not per patient. */
static int no_audit(void *ctx, const struct audit_rec *a, struct mrx_err *err)
{
    (void)ctx;
    (void)a;
    (void)err;
    return MRX_OK;
}

static json_t *mean_or_null(double sum, long n)
{
    return n ? json_real(mrx_round_half_up(sum / (double)n, 1)) : json_null();
}

/* Running sums over the cohort's patients. */
struct cohort {
    long patients, with_change, important, planned, done, stopped, active_recently, flares;
    long eligible, completed; /* reached the program's end; of those, completed it */
    double base, recent, change;
};

/* Whether the progress shows a session in the last 7 days, and one in the
 * program's final 4 weeks. */
static void session_marks(const json_t *p, long start, long day, bool *recent, bool *final_month)
{
    size_t k;
    json_t *s;
    long d;

    *recent = *final_month = false;
    json_array_foreach(json_object_get(p, "sessions"), k, s)
    {
        const char *date = json_string_value(json_object_get(s, "date"));
        if (!date || !date_parse(date, &d))
            continue;
        *recent |= d > day - 7;
        *final_month |= program_final_month(start, d);
    }
}

/* One patient's progress (records_progress) into the sums. */
static void cohort_add(struct cohort *co, const json_t *p, long day)
{
    const json_t *pc = json_object_get(p, "pain_change"), *a = json_object_get(p, "adherence"), *al;
    bool stopped = strcmp(json_string_value(json_object_get(p, "status")), "stopped") == 0;
    bool recent, final_month;
    long start = day;
    size_t k;

    co->patients++;
    if (json_is_object(pc)) {
        co->with_change++;
        co->base += json_number_value(json_object_get(pc, "baseline"));
        co->recent += json_number_value(json_object_get(pc, "recent_mean"));
        co->change += json_number_value(json_object_get(pc, "change"));
        co->important += json_is_true(json_object_get(pc, "important"));
    }
    co->planned += (long)json_integer_value(json_object_get(a, "planned_days"));
    co->done += (long)json_integer_value(json_object_get(a, "sessions"));
    co->stopped += stopped;
    if (!json_is_string(json_object_get(p, "start")) ||
        !date_parse(json_string_value(json_object_get(p, "start")), &start))
        start = day; /* never: progress always has its start */
    session_marks(p, start, day, &recent, &final_month);
    co->active_recently += recent;
    if (program_ended(start, day)) {
        co->eligible++;
        co->completed += !stopped && final_month;
    }
    json_array_foreach(json_object_get(p, "alerts"), k, al)
    {
        const char *rule = json_string_value(json_object_get(al, "rule"));
        co->flares += rule && strstr(rule, "flare") != NULL;
    }
}

static json_t *cohort_json(const struct cohort *co, long day)
{
    json_t *out = json_pack(
        "{so, sI, s{sI, so, so, so, so}, s{sI, sI, so}, s{sI, so, sI}, sI}", "date", json_date(day),
        "patients", (json_int_t)co->patients, "pain", "with_follow_up", (json_int_t)co->with_change,
        "mean_baseline", mean_or_null(co->base, co->with_change), "mean_recent",
        mean_or_null(co->recent, co->with_change), "mean_change",
        mean_or_null(co->change, co->with_change), "important_change_percent",
        mean_or_null(100.0 * (double)co->important, co->with_change), "adherence", "planned_days",
        (json_int_t)co->planned, "sessions", (json_int_t)co->done, "percent",
        co->planned ? json_real(mrx_round_half_up(
                          100.0 * (double)(co->done > co->planned ? co->planned : co->done) /
                              (double)co->planned,
                          1))
                    : json_null(),
        "engagement", "active_last_7_days", (json_int_t)co->active_recently,
        "active_last_7_days_percent",
        mean_or_null(100.0 * (double)co->active_recently, co->patients), "stopped",
        (json_int_t)co->stopped, "flare_alerts", (json_int_t)co->flares);

    json_object_set_new(out, "completion",
                        json_pack("{sI, sI, so}", "eligible", (json_int_t)co->eligible, "completed",
                                  (json_int_t)co->completed, "percent",
                                  mean_or_null(100.0 * (double)co->completed, co->eligible)));
    return out;
}

int records_outcomes(const struct records *r, const char *org_id, const char *user_id, long day,
                     json_t **out, struct mrx_err *err)
{
    struct records quiet = *r;
    struct cohort co = {0};
    json_t *ids = json_array(), *id;
    size_t i;
    int rc;

    quiet.audit_sink = no_audit;
    if ((rc = store_panel_each(r->store, org_id, user_id, day, collect, ids, err)))
        goto out;
    json_array_foreach(ids, i, id)
    {
        json_t *p = NULL;
        rc = records_progress(&quiet, json_string_value(id), day, &p, err);
        if (rc == MRX_ENOTFOUND) { /* no intake yet */
            mrx_err_clear(err);
            rc = MRX_OK;
            continue;
        }
        if (rc)
            goto out;
        cohort_add(&co, p, day);
        json_decref(p);
    }
    /* every patient whose record went into the figures (F7) */
    if ((rc = audit_each(r, org_id, "outcomes.read", ids, NULL, false, err)))
        goto out;
    *out = cohort_json(&co, day);
out:
    json_decref(ids);
    return rc;
}
