/*
 * outcomes.c: an organization's (or a clinician's) cohort outcomes for the
 * care team (records.h): how many patients, the mean pain change and the
 * share reaching clinically important change (from each patient's progress,
 * so the same rules as the patient's own view), adherence, completion and
 * flares.
 */
#include "compat.h"

#include "common/date.h"
#include "common/numfmt.h"
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

int records_outcomes(const struct records *r, const char *org_id, const char *user_id, long day,
                     json_t **out, struct mrx_err *err)
{
    struct records quiet = *r;
    json_t *ids = json_array(), *id;
    long patients = 0, with_change = 0, important = 0, planned = 0, done = 0, stopped = 0,
         active_recently = 0, flares = 0;
    double base = 0, recent = 0, change = 0;
    size_t i;
    int rc;

    quiet.audit_sink = no_audit;
    if ((rc = store_panel_each(r->store, org_id, user_id, collect, ids, err)))
        goto out;
    json_array_foreach(ids, i, id)
    {
        json_t *p = NULL, *pc, *a, *al;
        size_t k;
        rc = records_progress(&quiet, json_string_value(id), day, &p, err);
        if (rc == MRX_ENOTFOUND) { /* no intake yet */
            mrx_err_clear(err);
            rc = MRX_OK;
            continue;
        }
        if (rc)
            goto out;
        patients++;
        pc = json_object_get(p, "pain_change");
        if (json_is_object(pc)) {
            with_change++;
            base += json_number_value(json_object_get(pc, "baseline"));
            recent += json_number_value(json_object_get(pc, "recent_mean"));
            change += json_number_value(json_object_get(pc, "change"));
            important += json_is_true(json_object_get(pc, "important"));
        }
        a = json_object_get(p, "adherence");
        planned += (long)json_integer_value(json_object_get(a, "planned_days"));
        done += (long)json_integer_value(json_object_get(a, "sessions"));
        stopped += strcmp(json_string_value(json_object_get(p, "status")), "stopped") == 0;
        json_array_foreach(json_object_get(p, "sessions"), k,
                           a) if (json_is_string(json_object_get(a, "date")))
        {
            long d;
            if (date_parse(json_string_value(json_object_get(a, "date")), &d) && d > day - 7) {
                active_recently++;
                break;
            }
        }
        json_array_foreach(json_object_get(p, "alerts"), k, al) flares +=
            strstr(json_string_value(json_object_get(al, "rule")), "flare") != NULL;
        json_decref(p);
    }
    if ((rc = audit(r, org_id, "outcomes.read", NULL, err)))
        goto out;
    *out = json_pack(
        "{so, sI, s{sI, so, so, so, so}, s{sI, sI, so}, s{sI, so, sI}, sI}", "date", json_date(day),
        "patients", (json_int_t)patients, "pain", "with_follow_up", (json_int_t)with_change,
        "mean_baseline", mean_or_null(base, with_change), "mean_recent",
        mean_or_null(recent, with_change), "mean_change", mean_or_null(change, with_change),
        "important_change_percent", mean_or_null(100.0 * (double)important, with_change),
        "adherence", "planned_days", (json_int_t)planned, "sessions", (json_int_t)done, "percent",
        planned ? json_real(mrx_round_half_up(
                      100.0 * (double)(done > planned ? planned : done) / (double)planned, 1))
                : json_null(),
        "engagement", "active_last_7_days", (json_int_t)active_recently,
        "active_last_7_days_percent", mean_or_null(100.0 * (double)active_recently, patients),
        "stopped", (json_int_t)stopped, "flare_alerts", (json_int_t)flares);
out:
    json_decref(ids);
    return rc;
}
