/*
 * discharge.c: the review at the end of the course (docs/plan.md "The end
 * of the course"), made on the first session or check-in on or after the
 * day the course's weeks are done: maintenance, or the plan goes on to the
 * next review with a task for the care team. The decision is the pure
 * core's (core/plan/discharge.c); this reads what it needs and stores what
 * it decided.
 */
#include "compat.h"

#include "common/date.h"
#include "common/xalloc.h"
#include "core/instruments/instruments.h"
#include "core/plan/discharge.h"
#include "formats/plan_json.h"
#include "records/internal.h"

struct pain_week {
    long since_7; /* the first day of the last week */
    double sum, latest;
    int n_7, n_14;
};

static int take_pain(const struct checkin_rec *ci, void *arg)
{
    struct pain_week *p = arg;
    p->n_14++;
    if (ci->day >= p->since_7) {
        p->sum += ci->pain;
        p->latest = ci->pain; /* in day order: the last one seen is the newest */
        p->n_7++;
    }
    return MRX_OK;
}

struct scores_seen {
    struct score_track track;
    long newest_followup; /* the day of the newest questionnaire after the intake's, or -1 */
    long first_day;
};

static int take_score(const struct assessment_rec *a, void *arg)
{
    struct scores_seen *s = arg;
    score_track_add(&s->track, a);
    if (a->day > s->first_day && a->day > s->newest_followup &&
        (strcmp(a->instrument, "odi") == 0 || strcmp(a->instrument, "rmdq") == 0 ||
         strcmp(a->instrument, "psfs") == 0))
        s->newest_followup = a->day;
    return MRX_OK;
}

static int take_open_alert(const struct alert_rec *a, void *arg)
{
    *(int *)arg += strcmp(a->status, "resolved") != 0;
    return MRX_OK;
}

/* The promises of the start still open: a first contact or a plan review that no review
 * of the course's end made (those are this review's own, and stand in for each other). */
static int take_open_promise(const struct task_rec *t, void *arg)
{
    *(int *)arg += strcmp(t->status, "open") == 0 && task_is_promise(t);
    return MRX_OK;
}

/* The last weeks' pain against the start, each questionnaire's first against
 * latest and how recent, and what is still open for the care team. */
static int gather(const struct records *r, const struct episode_ctx *c, long day,
                  struct discharge_inputs *in, struct mrx_err *err)
{
    struct pain_week pw = {.since_7 = day - 6};
    struct scores_seen seen = {.newest_followup = -1, .first_day = c->ep.start_day};
    struct change_result ch;
    json_t *changes, *v;
    size_t k;
    int rc;

    memset(in, 0, sizeof(*in));
    if ((rc = store_checkins_each(r->store, c->ep.org_id, c->ep.id, day - 13, day, take_pain, &pw,
                                  err)) ||
        (rc = store_assessments_each(r->store, c->ep.org_id, c->ep.id, take_score, &seen, err)) ||
        (rc = store_alerts_each(r->store, c->ep.org_id, c->ep.id, take_open_alert, &in->open_alerts,
                                err)) ||
        (rc = store_tasks_each(r->store, c->ep.org_id, c->ep.id, take_open_promise,
                               &in->open_promises, err)))
        return rc;
    in->checkins_14 = pw.n_14;
    if (pw.n_7 > 0) {
        in->has_pain = true;
        in->pain = pw.sum / pw.n_7;
        in->latest_pain = pw.latest;
        in->pain_important =
            change_compute(MEASURE_NPRS, c->state.baseline_pain, in->pain, &ch, NULL) == MRX_OK &&
            ch.important;
    }
    in->checkup_age = seen.newest_followup < 0 ? -1 : (int)(day - seen.newest_followup);
    in->held = c->state.progression_held;
    changes = score_track_changes(&seen.track);
    json_array_foreach(changes, k, v)
    {
        const char *m = json_string_value(json_object_get(v, "instrument"));
        bool important = json_is_true(json_object_get(v, "important"));
        if (m && strcmp(m, "psfs") == 0) {
            in->has_goals = true;
            in->goals = json_number_value(json_object_get(v, "followup"));
            in->goals_important = important;
        } else if (m) { /* minimal: ODI 20 % or less (Fairbank), RMDQ 4 or less (20 % of 24) */
            double latest = json_number_value(json_object_get(v, "followup"));
            in->has_disability = true;
            in->disability_important |= important;
            in->disability_minimal |= strcmp(m, "odi") == 0 ? latest <= 20 : latest <= 4;
        }
    }
    json_decref(changes);
    return MRX_OK;
}

static bool has_exercise(const struct adapt_state *s)
{
    for (int i = 0; i < s->n_items; i++)
        if (i != s->walking && !s->items[i].paused && s->items[i].exercise)
            return true;
    return false;
}

struct review_tasks {
    char ids[16][STORE_ID_SIZE];
    int n_open, n_all;
};

static int take_review_task(const struct task_rec *t, void *arg)
{
    struct review_tasks *rt = arg;
    if (!t->source || strcmp(t->source, "discharge_review") != 0)
        return MRX_OK;
    rt->n_all++;
    if (strcmp(t->status, "open") == 0 && rt->n_open < 16)
        snprintf(rt->ids[rt->n_open++], STORE_ID_SIZE, "%s", t->id);
    return MRX_OK;
}

/* A new review stands in for the last one: its open task is done, by this review. */
static int close_review_tasks(const struct records *r, struct review_tasks *rt, const char *by,
                              const char *note, struct mrx_err *err)
{
    int rc = MRX_OK;

    for (int k = 0; k < rt->n_open && rc == MRX_OK; k++) {
        struct task_rec t;
        if ((rc = store_task_get(r->store, rt->ids[k], &t, err)) == MRX_OK)
            rc = task_close(r, &t, by, note, err);
    }
    return rc;
}

/* Bit i: item i trains one of the person's goals, as the newest plan links them. */
static unsigned goal_items(const json_t *plan, const struct adapt_state *s)
{
    const json_t *g, *id;
    unsigned bits = 0;
    size_t k, m;

    json_array_foreach(json_object_get(plan, "goals"), k, g)
    {
        json_array_foreach(json_object_get(g, "exercises"), m, id)
        {
            for (int i = 0; i < s->n_items; i++)
                if (i != s->walking && s->items[i].exercise && json_is_string(id) &&
                    strcmp(s->items[i].exercise->id, json_string_value(id)) == 0)
                    bits |= 1u << i;
        }
    }
    return bits;
}

/* The maintenance plan: the person's best exercises (maintenance_keep: not the ones
 * that hurt lately, their goals' first, then the ones they kept up, one strength
 * exercise), each on no more of the person's days than maintenance asks; walks as
 * they are. */
static int maintenance_state(const struct records *r, const struct episode_ctx *c, long day,
                             struct adapt_state *next, int *kept, struct mrx_err *err)
{
    const struct discharge_config *dc = &r->data->program.discharge;
    struct plan_edit_item edit[ADAPT_MAX_ITEMS];
    struct history_buf h;
    unsigned keep;
    int n = 0, rc;

    rc = load_history(r, c, day, day, &h, err);
    keep =
        rc ? 0
           : maintenance_keep(&c->state,
                              &(struct history){h.sessions, h.n_sessions, h.checkins, h.n_checkins},
                              day, goal_items(c->plan, &c->state), dc->maintenance_max_exercises);
    free(h.sessions);
    free(h.checkins);
    if (rc)
        return rc;
    for (int i = 0; i < c->state.n_items; i++) {
        const struct adapt_item *it = &c->state.items[i];
        if (!((keep >> i) & 1u))
            continue;
        int want = dc->maintenance_days_per_week > it->range.min[DOSE_DAYS_PER_WEEK]
                       ? dc->maintenance_days_per_week
                       : it->range.min[DOSE_DAYS_PER_WEEK]; /* never below its own range */
        edit[n].exercise = it->exercise;
        edit[n].dose = it->dose;
        if (edit[n].dose.value[DOSE_DAYS_PER_WEEK] > want)
            edit[n].dose.value[DOSE_DAYS_PER_WEEK] = want;
        n++;
    }
    *kept = n;
    if (adapt_edit(&c->state, edit, n, NULL, day, next, err))
        return err->code;
    next->maintenance = true; /* doses hold from now on; walks may grow; flares are eased */
    /* the maintenance doses are the new yardstick: nothing steps back to a dose from before */
    for (int i = 0; i < next->n_items; i++)
        if (i != next->walking) {
            next->items[i].n_cuts = 0;
            next->items[i].has_restore = false;
            next->items[i].last_step_day = ADAPT_NEVER;
        }
    return MRX_OK;
}

static json_t *flare_plan_json(const struct discharge_config *dc)
{
    json_t *a = json_array();
    for (int i = 0; i < dc->n_flare_plan; i++)
        json_array_append_new(a, json_string(dc->flare_plan[i]));
    return a;
}

/* The maintenance plan version as the person reads it: the maintenance state's
 * plan, from `day`, with how it goes on and the written flare plan. */
static int maintenance_plan(const struct records *r, struct episode_ctx *c, long day,
                            struct adapt_state *next, int *kept, json_t **plan, struct mrx_err *err)
{
    const struct discharge_config *dc = &r->data->program.discharge;
    int rc;

    if ((rc = maintenance_state(r, c, day, next, kept, err)))
        return rc;
    *plan = engine_plan_json(r, c->plan, next);
    if (adapt_walk_days(next) == next->constraints.days_per_week)
        json_object_del(*plan, "water_days"); /* no pool days of its own any more */
    json_object_set_new(*plan, "discharged", json_date(day));
    json_object_set_new(*plan, "maintenance",
                        json_pack("{si, si}", "days_per_week", dc->maintenance_days_per_week,
                                  "check_in_every_days", dc->check_in_every_days));
    json_object_set_new(*plan, "flare_plan", flare_plan_json(dc));
    return MRX_OK;
}

int discharge_review(const struct records *r, struct episode_ctx *c, long day, struct mrx_err *err)
{
    const struct discharge_config *dc = &r->data->program.discharge;
    const json_t *at = c->plan ? json_object_get(c->plan, "next_review_week") : NULL;
    const json_t *last = c->plan ? json_object_get(c->plan, "discharge_review") : NULL;
    int week = json_is_integer(at) ? (int)json_integer_value(at) : dc->review_week, kept = 0;
    struct plan_version_rec pv = {.day = day, .author = "engine"};
    struct review_tasks rt = {0};
    struct discharge_inputs in;
    struct discharge_result res;
    struct adapt_state next;
    char why[1024], title[768], *plan_text = NULL;
    const char *outcome;
    json_t *plan = NULL;
    int rc;

    if (!c->has_state || !c->plan || c->ep.status != EPISODE_ACTIVE ||
        !json_object_get(c->plan, "days") || /* a plan from before the course had weeks */
        json_is_string(json_object_get(c->plan, "discharged")) ||
        day < c->ep.start_day + 7L * week || c->state.flare_active ||
        adapt_recovering_from_flare(&c->state) ||
        day < c->ep.reviewed_through) /* a flare, or an earlier day: wait for the present */
        return MRX_OK;
    if ((rc = gather(r, c, day, &in, err)) ||
        (rc = store_tasks_each(r->store, c->ep.org_id, c->ep.id, take_review_task, &rt, err)))
        return rc;
    /* a review made late counts from the week it is made in, not the week it was due */
    in.days_due = (int)(day - (c->ep.start_day + 7L * week));
    if ((rc = checkup_due(r, c->ep.org_id, c->ep.id, c->ep.start_day, day, &in.checkup_due, err)))
        return rc;
    if ((day - c->ep.start_day) / 7 > week)
        week = (int)((day - c->ep.start_day) / 7);
    in.rechecked = json_is_string(json_object_get(last, "outcome")) &&
                   strcmp(json_string_value(json_object_get(last, "outcome")), "recheck") == 0;
    discharge_decide(dc, &in, &res);
    if (res.outcome == DISCHARGE_WAIT) /* Today asks for the check-up; the review follows it */
        return MRX_OK;
    if (res.outcome == DISCHARGE_MAINTENANCE && !has_exercise(&c->state))
        res.outcome = DISCHARGE_EXTEND; /* nothing to keep: the care team decides */
    if (res.outcome == DISCHARGE_MAINTENANCE) {
        if ((rc = maintenance_plan(r, c, day, &next, &kept, &plan, err)))
            return rc;
        outcome = "maintenance";
    } else {
        plan = json_deep_copy(c->plan);
        json_object_set_new(plan, "next_review_week",
                            json_integer(week + (res.outcome == DISCHARGE_RECHECK
                                                     ? 1 /* the answers, then a look again */
                                                     : dc->extension_weeks)));
        outcome = res.outcome == DISCHARGE_RECHECK ? "recheck" : "extend";
    }
    discharge_patient_text(dc, &in, &res, week, r->data->program.course.weeks, kept, why,
                           sizeof(why));
    json_object_set_new(plan, "discharge_review",
                        json_pack("{so, ss, sb, sb, sb, sb, ss}", "date", json_date(day), "outcome",
                                  outcome, "pain_met", res.pain_met, "function_met",
                                  res.function_met, "missing", res.missing, "open", res.open, "why",
                                  why));
    plan_text = json_text(plan);
    pv.rule_id = res.outcome == DISCHARGE_MAINTENANCE ? "discharge_maintenance"
                 : res.outcome == DISCHARGE_RECHECK   ? "discharge_recheck"
                                                      : "discharge_extend";
    pv.reason = why;
    pv.evidence = dc->citation;
    pv.plan = plan_text;
    pv.changes = "[]";
    /* A review task nobody has done is not closed by the next review as if it had been:
     * going on alone makes it unneeded (and says so); more weeks leave it open, overdue,
     * as the one promise the person is still waiting on, with no second one beside it. */
    if ((rc = plan_version_store(r, c, &pv, err)))
        goto out;
    if (res.outcome == DISCHARGE_MAINTENANCE) {
        snprintf(title, sizeof(title),
                 "Not needed any more: the week %d review found them ready to go on alone. "
                 "Nobody had done this review.",
                 week);
        if ((rc = close_review_tasks(r, &rt, "engine", title, err)))
            goto out;
        c->state = next;
        rc = episode_save(r, c, err);
    } else if (res.outcome == DISCHARGE_EXTEND && rt.n_open == 0) {
        /* "your care team will look at it": a task on their queue */
        struct task_rec t = {.kind = "plan_review", .source = "discharge_review", .title = title};
        discharge_task_text(dc, &in, &res, week, rt.n_all + 1, title, sizeof(title));
        t.due_day = day + 3;
        snprintf(t.org_id, sizeof(t.org_id), "%s", c->ep.org_id);
        snprintf(t.patient_id, sizeof(t.patient_id), "%s", c->ep.patient_id);
        snprintf(t.episode_id, sizeof(t.episode_id), "%s", c->ep.id);
        rc = task_open(r, &t, NULL, err);
    }
    if (rc == MRX_OK) {
        json_decref(c->plan);
        c->plan = json_incref(plan);
    }
out:
    free(plan_text);
    json_decref(plan);
    return rc;
}

/* ==================== A clinician's own decision ==================== */

#define DECISION_EVIDENCE "A clinician's review of the course with the patient's reports."

int records_discharge_decide(const struct records *r, const char *patient_id, const char *decision,
                             int weeks, const char *reason, long day, json_t **out,
                             struct mrx_err *err)
{
    bool maintenance = decision && strcmp(decision, "maintenance") == 0;
    struct plan_version_rec pv = {.day = day};
    struct review_tasks rt = {0};
    struct episode_ctx c;
    struct adapt_state next;
    json_t *plan = NULL, *utf8;
    char *plan_text = NULL;
    int kept = 0, rc;

    if (!maintenance && !(decision && strcmp(decision, "extend") == 0))
        return mrx_err_set(err, MRX_EINVAL, "decision", "must be \"maintenance\" or \"extend\"");
    if (!maintenance && (weeks < 1 || weeks > 12))
        return mrx_err_set(err, MRX_EINVAL, "weeks", "must be 1 to 12");
    if (!reason || !*reason || strlen(reason) > 2000)
        return mrx_err_set(err, MRX_EINVAL, "reason", "must be 1 to 2000 bytes long");
    if (!(utf8 = json_string(reason)))
        return mrx_err_set(err, MRX_EINVAL, "reason", "must be UTF-8 text");
    json_decref(utf8);
    if ((rc = episode_load(r, patient_id, true, &c, err)))
        return rc;
    if (!c.has_state || !c.plan || c.ep.status != EPISODE_ACTIVE)
        rc = mrx_err_set(err, MRX_EINVAL, "patient",
                         "the program is not running (stopped, paused or not started): "
                         "resume or start it first");
    else if (json_is_string(json_object_get(c.plan, "discharged")))
        rc = mrx_err_set(err, MRX_EINVAL, "patient", "is already in maintenance");
    else if (day < c.ep.start_day || !records_day_plausible(r, day))
        rc = mrx_err_set(err, MRX_EINVAL, "date", "must be within the program, not in the future");
    else if (maintenance && !has_exercise(&c.state))
        rc = mrx_err_set(err, MRX_EINVAL, "decision",
                         "the plan has no exercise to keep up: change the plan first");
    if (rc || (rc = store_tasks_each(r->store, c.ep.org_id, c.ep.id, take_review_task, &rt, err)))
        goto out;
    if (maintenance) {
        if ((rc = maintenance_plan(r, &c, day, &next, &kept, &plan, err)))
            goto out;
    } else {
        plan = json_deep_copy(c.plan);
        json_object_set_new(plan, "next_review_week",
                            json_integer((day - c.ep.start_day) / 7 + weeks));
    }
    /* the clinician's words are what the person reads under the week line */
    json_object_set_new(plan, "discharge_review",
                        json_pack("{so, ss, ss, ss}", "date", json_date(day), "outcome",
                                  maintenance ? "maintenance" : "extend", "by", "clinician", "why",
                                  reason));
    plan_text = json_text(plan);
    pv.author = r->actor;
    pv.reason = reason;
    pv.evidence = DECISION_EVIDENCE;
    pv.plan = plan_text;
    pv.changes = "[]";
    if ((rc = plan_version_store(r, &c, &pv, err)) ||
        (rc = close_review_tasks(r, &rt, r->actor,
                                 maintenance ? "Decided by the care team: maintenance."
                                             : "Decided by the care team: more weeks.",
                                 err)))
        goto out;
    if (maintenance) {
        c.state = next;
        if ((rc = episode_save(r, &c, err)))
            goto out;
    }
    if ((rc = audit(r, c.ep.org_id, "discharge.decide", c.patient.id, err)))
        goto out;
    *out = json_pack("{si, ss, sO}", "version", pv.version, "decision",
                     maintenance ? "maintenance" : "extend", "plan", plan);
out:
    free(plan_text);
    json_decref(plan);
    episode_release(&c);
    return rc;
}
