/*
 * restart.c: a new course from a maintenance plan (docs/plan.md "Starting
 * again"). A person who finished the course and went on alone may start
 * again, after a relapse say, without a fresh intake: the red-flag questions
 * and today's pain are asked again (triage first, as for any intake; an
 * emergency stops the program, an urgent sign pauses it), the rest of the
 * first intake's answers stand, and the new plan starts from the exercises
 * they kept up.
 */
#include "compat.h"

#include "common/date.h"
#include "common/jsonx.h"
#include "core/plan/plan.h"
#include "records/internal.h"

/* What a restart may say anew; the rest of the intake is the first one's. */
static const char *const restart_keys[] = {
    "red_flags", "pain_now",     "pain_week_average",       "leg_pain",
    "pregnant",  "availability", "walking_minutes_per_day", "startback",
    NULL};

/*
 * The warning signs of the restart are today's answers; of the first
 * intake's only the standing history stays (cancer, steroids, weak bones,
 * a weak immune system, injected drugs: CONTRACT.md "Standing answers"), so
 * a sign that has long gone does not fire again, and one remembered does.
 */
static void keep_standing_history(json_t *doc, const json_t *now)
{
    const json_t *old = json_object_get(doc, "red_flags");
    json_t *flags = json_deep_copy(json_object_get(now, "red_flags"));
    const struct answer_field *f = answer_fields();

    for (int i = 0; i < ANSWER_FIELD_COUNT; i++) {
        const json_t *v = json_object_get(old, f[i].name);
        if ((f[i].asked & ASKED_STANDING) && v && !json_object_get(flags, f[i].name))
            json_object_set(flags, f[i].name, (json_t *)v);
    }
    json_object_set_new(doc, "red_flags", flags);
}

/* The intake of the new course: the current one's answers with today's. */
static int restart_doc(const struct episode_ctx *c, const json_t *now, long day, json_t **out,
                       struct mrx_err *err)
{
    json_t *doc, *weeks;
    const char *key;
    json_t *v;
    int rc;

    if ((rc = jsonx_check_keys(now, restart_keys, "restart", err)))
        return rc;
    if (!json_is_object(json_object_get(now, "red_flags")))
        return mrx_err_set(err, MRX_EINVAL, "red_flags",
                           "is required: the warning-sign questions come first, every time");
    if (!json_object_get(now, "pain_now"))
        return mrx_err_set(err, MRX_EINVAL, "pain_now", "is required");
    doc = json_deep_copy(c->intake_doc);
    json_object_del(doc, "pain_week_average"); /* the old week's, unless said again */
    keep_standing_history(doc, now);
    if (c->state.walking >= 0 && c->state.walking < c->state.n_items) {
        /* the walks they kept up, not the walking of before the course */
        const struct dose *w = &c->state.items[c->state.walking].dose;
        json_object_set_new(doc, "walking_minutes_per_day",
                            json_integer(w->value[DOSE_MINUTES] * w->value[DOSE_BOUTS]));
    }
    json_object_foreach((json_t *)now, key, v)
    {
        if (strcmp(key, "red_flags") != 0)
            json_object_set(doc, key, v);
    }
    /* the back pain has gone on since the first intake */
    weeks = json_object_get(doc, "duration_weeks");
    if (json_is_integer(weeks)) {
        json_int_t w = json_integer_value(weeks) + (day - c->ep.start_day) / 7;
        json_object_set_new(doc, "duration_weeks",
                            json_integer(w > MAX_DURATION_WEEKS ? MAX_DURATION_WEEKS : w));
    }
    *out = doc;
    return MRX_OK;
}

/* Whether the current episode has gone on alone in maintenance by `day`. */
static bool in_maintenance(const struct episode_ctx *c, long day)
{
    return c->ep.status == EPISODE_ACTIVE && c->plan && plan_discharged(c->plan, day);
}

int records_restart(const struct records *r, const char *patient_id, const json_t *now, long day,
                    json_t **out, struct mrx_err *err)
{
    struct plan_seed seeds[PLAN_MAX_SEEDS];
    struct intake_opts o = {.restart = true, .seeds = seeds};
    struct episode_ctx c;
    json_t *doc = NULL;
    int rc;

    if (!json_is_object(now))
        return mrx_err_set(err, MRX_EINVAL, "restart", "must be a JSON object");
    if ((rc = episode_load(r, patient_id, true, &c, err)))
        return rc;
    if (!in_maintenance(&c, day) || !c.has_state || !c.intake_doc) {
        rc = mrx_err_set(err, MRX_EINVAL, "patient",
                         "is not in maintenance on that day: only a course that ended in "
                         "maintenance starts again without an intake");
        goto out;
    }
    /* the seeds: the exercises kept up in maintenance, at their doses; in a flare, or on
     * the way back from one, at the doses from before it (the new course halves them
     * itself: halving what the flare had already halved left a quarter) */
    for (int i = 0; i < c.state.n_items && o.n_seeds < PLAN_MAX_SEEDS; i++) {
        const struct adapt_item *it = &c.state.items[i];
        const struct exercise *ex = it->exercise; /* the library's own, outliving c */
        if (i == c.state.walking || !ex || (it->paused && !it->has_restore))
            continue;
        if (it->has_restore)
            seeds[o.n_seeds++] =
                (struct plan_seed){it->restore_exercise ? it->restore_exercise : ex, it->restore};
        else
            seeds[o.n_seeds++] = (struct plan_seed){ex, it->dose};
    }
    if ((rc = restart_doc(&c, now, day, &doc, err)))
        goto out;
    o.startback_new = json_object_get(now, "startback") != NULL;
    episode_release(&c);
    rc = intake_start(r, patient_id, doc, day, &o, out, err);
    json_decref(doc);
    return rc;
out:
    episode_release(&c);
    return rc;
}
