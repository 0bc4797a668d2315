/*
 * views.c: what a patient or clinician reads: today's plan with what
 * changed since the last session, progress over time, open alerts (see
 * records.h).
 */
#include "compat.h"

#include <limits.h>

#include "common/date.h"
#include "common/numfmt.h"
#include "common/xalloc.h"
#include "core/instruments/instruments.h"
#include "core/plan/week.h"
#include "core/text/patient_text.h"
#include "formats/exercise_json.h"
#include "records/internal.h"

/* ==================== Plan versions in force ==================== */

static json_t *version_json(const struct plan_version_rec *v)
{
    json_t *changes = NULL, *o;

    stored_json(v->changes, "changes", &changes, NULL);
    o = json_pack("{si, so, ss, s:s?, ss, ss}", "version", v->version, "date", json_date(v->day),
                  "author", v->author, "rule", v->rule_id, "reason", v->reason, "evidence",
                  v->evidence);
    json_object_set_new(o, "changes", changes ? changes : json_array());
    return o;
}

static int take_version(const struct plan_version_rec *v, void *arg)
{
    struct versions *vs = arg;

    vs->count++;
    if (v->day <= vs->day) {
        free(vs->in_force);
        vs->in_force = xstrdup(v->plan);
    }
    if (v->version > 1) {
        if (vs->all)
            json_array_append_new(vs->all, version_json(v));
        if (v->day > vs->since && v->day <= vs->day)
            json_array_append_new(vs->changes, version_json(v));
    }
    return MRX_OK;
}

/* The plan versions of the episode as of `day`; every change too with want_all
 * (today needs only the new ones, and parses only the plan in force). */
int load_versions(const struct records *r, const char *org_id, const struct episode_marks *m,
                  long day, bool want_all, struct versions *vs, struct mrx_err *err)
{
    int rc;

    vs->day = day;
    vs->err = err;
    vs->changes = json_array();
    vs->all = want_all ? json_array() : NULL;
    vs->since = m->last_session == LONG_MIN ? m->start_day - 1 : m->last_session;
    if ((rc = store_plan_versions_each(r->store, org_id, m->episode_id, take_version, vs, err)))
        return rc;
    return vs->in_force ? stored_json(vs->in_force, "plan", &vs->plan, err) : MRX_OK;
}

void versions_release(struct versions *vs)
{
    free(vs->in_force);
    json_decref(vs->plan);
    json_decref(vs->changes);
    json_decref(vs->all);
}

/* ==================== Today ==================== */

/* The lesson of the day: a daily one on its date; a later phase's weekly one
 * (it has a "week") on any day of its week, since the person may open the
 * app only on their own days. */
static json_t *lesson_today(const struct records *r, const json_t *plan, long day)
{
    json_t *schedule = json_object_get(plan, "lesson_schedule"), *e;
    size_t k;

    json_array_foreach(schedule, k, e)
    {
        const char *d = json_string_value(json_object_get(e, "date"));
        const char *id = json_string_value(json_object_get(e, "lesson"));
        long from;
        int days = json_is_integer(json_object_get(e, "week")) ? 7 : 1;
        if (d && id && date_parse(d, &from) && day >= from && day < from + days) {
            const struct lesson *l = lesson_set_find(&r->data->lessons, id);
            return json_pack("{ss, ss}", "id", id, "title", l ? l->title : id);
        }
    }
    return json_null();
}

/* Why a program is paused, stopped or was not started: the open triage
 * alerts of the patient at or above a tier, in their rules' own plain words,
 * most serious first. */
struct reasons {
    const struct triage_ruleset *rules;
    enum tier min;
    json_t *by_tier[TIER_EMERGENCY + 1];
};

static int take_reason(const struct alert_rec *a, void *arg)
{
    struct reasons *x = arg;
    const struct triage_rule *rule = triage_rule_find(x->rules, a->rule_id);

    if (!rule || strcmp(a->status, "resolved") == 0 || rule->tier < x->min)
        return MRX_OK;
    json_array_append_new(x->by_tier[rule->tier],
                          json_pack("{ss, ss, ss, ss}", "rule", rule->id, "tier",
                                    tier_name(rule->tier), "group", triage_group_name(rule->group),
                                    "message", rule->patient_message));
    return MRX_OK;
}

static int held_reasons(const struct records *r, const struct patient_rec *p, enum tier min,
                        json_t **out, struct mrx_err *err)
{
    struct reasons x = {&r->data->triage, min, {NULL}};
    int rc;

    for (int t = TIER_NONE; t <= TIER_EMERGENCY; t++)
        x.by_tier[t] = json_array();
    rc = store_alerts_patient_each(r->store, p->org_id, p->id, take_reason, &x, err);
    *out = json_array();
    for (int t = TIER_EMERGENCY; t >= TIER_NONE; t--) {
        json_array_extend(*out, x.by_tier[t]);
        json_decref(x.by_tier[t]);
    }
    return rc;
}

/* Today of a program with nothing to do: stopped, not started. */
static int today_without_plan(const struct records *r, const struct episode_ctx *c, long day,
                              enum episode_status status, json_t **out, struct mrx_err *err)
{
    bool stopped = status != EPISODE_NOT_STARTED;
    json_t *reasons;
    int rc = held_reasons(r, &c->patient, stopped ? TIER_EMERGENCY : TIER_URGENT, &reasons, err);

    if (rc) {
        json_decref(reasons);
        return rc;
    }
    *out =
        json_pack("{so, ss, ss, s[], so, so, s[], sb, ss, so}", "date", json_date(day), "patient",
                  c->patient.id, "status", stopped ? "stopped" : "not_started", "items", "walking",
                  json_null(), "lesson", json_null(), "changes", "followup_due", false, "message",
                  patient_text_today_message(stopped ? PROGRAM_STOP : PROGRAM_NOT_STARTED),
                  "reasons", reasons);
    return MRX_OK;
}

/* The person's goals (their words) an item of the plan trains ("walking": the walks). */
static json_t *goals_of(const json_t *plan, const char *item)
{
    json_t *out = json_array(), *g, *e;
    size_t k, i;

    json_array_foreach(json_object_get(plan, "goals"), k, g)
    {
        bool trains = strcmp(item, "walking") == 0 && json_is_true(json_object_get(g, "walking"));
        json_array_foreach(json_object_get(g, "exercises"), i, e) trains |=
            json_is_string(e) && strcmp(json_string_value(e), item) == 0;
        if (trains)
            json_array_append(out, json_object_get(g, "activity"));
    }
    return out;
}

/* The items of the plan planned on `day`, and its walk (JSON null when none). */

struct condition_now condition_of(const json_t *plan)
{
    const json_t *c = json_object_get(plan, "condition");
    return (struct condition_now){json_is_true(json_object_get(c, "pregnant")),
                                  json_is_true(json_object_get(c, "leg_pain"))};
}

/* A routine's moves as the person does them: each one's name and dose in
 * words (shrunk with the routine when the plan's is shorter: routine.c), and
 * the move's own caution for their condition; a move to avoid is marked
 * "skip", with what its note says. */
static json_t *routine_json(const struct catalog *cat, const struct exercise *ex,
                            const json_t *dose, struct condition_now cn)
{
    json_t *moves = json_array();
    char text[128];
    struct dose planned, d;
    struct mrx_err err;
    bool has_planned = dose_parse(dose, "dose", &planned, &err) == MRX_OK;

    for (int i = 0; i < ex->n_routine; i++) {
        const struct exercise *move = catalog_find(cat, ex->routine[i].exercise);
        char note[1024] = "";
        bool avoid = move && exercise_caution(move, cn.pregnant, cn.leg_pain, note, sizeof(note));
        json_t *o;
        routine_move_dose(cat, ex, i, has_planned ? &planned : NULL, &d);
        dose_describe(&d, move && move->per_side, text, sizeof(text));
        o = json_pack("{ss, ss, so, ss}", "exercise", ex->routine[i].exercise, "name",
                      move ? move->name : ex->routine[i].exercise, "dose", dose_to_json(&d), "text",
                      text);
        if (*note) {
            json_object_set_new(o, "caution", json_string(note));
            json_object_set_new(o, "skip", json_boolean(avoid));
        }
        json_array_append_new(moves, o);
    }
    return moves;
}

/* A routine's move that is also one of the day's own exercises (cat-camel in
 * gentle yoga, belly breathing beside relaxation) is done once: in the
 * exercises, and skipped in the routine. */
static void skip_moves_done_today(json_t *items)
{
    json_t *it, *move, *other;
    size_t k, m, o;

    json_array_foreach(items, k, it)
    {
        json_array_foreach(json_object_get(it, "routine"), m, move)
        {
            json_array_foreach(items, o, other)
            {
                if (o != k && json_equal(json_object_get(other, "exercise"),
                                         json_object_get(move, "exercise"))) {
                    json_object_set_new(move, "skip", json_true());
                    json_object_set_new(
                        move, "caution",
                        json_string("You do this one with today's exercises, so skip it here."));
                }
            }
        }
    }
}

static void planned_today(const struct catalog *cat, const json_t *plan, long start_day, long day,
                          json_t *items, json_t **walking)
{
    const struct condition_now cn = condition_of(plan); /* once for the day's cards */
    json_t *it, *w = json_object_get(plan, "walking");
    size_t k;

    json_array_foreach(json_object_get(plan, "items"), k, it)
    {
        json_t *o, *note = json_object_get(it, "flare_note");
        if (!plan_has_on(plan, json_string_value(json_object_get(it, "exercise")), start_day, day))
            continue;
        o = json_pack("{s:O, s:O, s:O, s:O}", "exercise", json_object_get(it, "exercise"), "name",
                      json_object_get(it, "name"), "dose", json_object_get(it, "dose"),
                      "days_per_week", json_object_get(it, "days_per_week"));
        if (note) /* in a flare: the exercise's own advice for one */
            json_object_set(o, "flare_note", note);
        {
            const char *id = json_string_value(json_object_get(it, "exercise"));
            const struct exercise *ex = id ? catalog_find(cat, id) : NULL;
            char caution[1024] = "";
            if (ex)
                exercise_caution(ex, cn.pregnant, cn.leg_pain, caution, sizeof(caution));
            if (*caution) /* the library's own words for the person's condition, every day */
                json_object_set_new(o, "caution", json_string(caution));
            if (ex) { /* the dose in words, "each side" included, as the routine's moves */
                struct dose d;
                char text[128];
                json_object_set_new(o, "per_side", json_boolean(ex->per_side));
                if (dose_parse(json_object_get(it, "dose"), "dose", &d, NULL) == MRX_OK) {
                    dose_describe(&d, ex->per_side, text, sizeof(text));
                    json_object_set_new(o, "text", json_string(text));
                }
            }
            if (ex && ex->n_routine) /* a yoga or tai chi session: its moves in order */
                json_object_set_new(o, "routine",
                                    routine_json(cat, ex, json_object_get(it, "dose"), cn));
        }
        if (json_array_size(json_object_get(plan, "goals")))
            json_object_set_new(o, "goals",
                                goals_of(plan, json_string_value(json_object_get(it, "exercise"))));
        json_array_append_new(items, o);
    }
    skip_moves_done_today(items);
    if (plan_has_on(plan, "walking", start_day, day)) {
        *walking = json_pack("{s:O, s:O, s:O}", "minutes", json_object_get(w, "minutes"), "bouts",
                             json_object_get(w, "bouts"), "days_per_week",
                             json_object_get(w, "days_per_week"));
        if (json_array_size(json_object_get(plan, "goals")))
            json_object_set_new(*walking, "goals", goals_of(plan, "walking"));
    }
}

/* A pool day of the warm-pool route (docs/plan.md): water exercise today and no
 * walk, although the plan walks on other days, so the person is not left to
 * wonder where the walk went. */
static bool pool_takes_walk(const struct catalog *cat, const json_t *plan, const json_t *items,
                            const json_t *walking)
{
    const json_t *it;
    size_t k;

    if (!json_is_null(walking) ||
        json_integer_value(json_object_get(json_object_get(plan, "walking"), "days_per_week")) <= 0)
        return false;
    json_array_foreach((json_t *)items, k, it)
    {
        const char *id = json_string_value(json_object_get(it, "exercise"));
        const struct exercise *ex = id ? catalog_find(cat, id) : NULL;
        if (ex && ex->category == CAT_AQUATIC)
            return true;
    }
    return false;
}

/* The latest check-in day up to the day asked. */
static int take_last_checkin(const struct checkin_rec *ci, void *arg)
{
    long *last = arg;
    if (ci->day > *last)
        *last = ci->day;
    return MRX_OK;
}

/*
 * In maintenance the person checks in monthly (the plan's
 * maintenance.check_in_every_days): due when that many days have passed
 * since the later of the discharge and the last check-in.
 */
static int monthly_check_in_due(const struct records *r, const struct patient_rec *p,
                                const struct episode_marks *m, const json_t *plan, long day,
                                bool *due, struct mrx_err *err)
{
    const json_t *every =
        json_object_get(json_object_get(plan, "maintenance"), "check_in_every_days");
    long last = LONG_MIN, since;
    int rc;

    *due = false;
    if (!json_is_integer(every) ||
        !date_parse(json_string_value(json_object_get(plan, "discharged")), &since))
        return MRX_OK;
    if ((rc = store_checkins_each(r->store, p->org_id, m->episode_id, since, day, take_last_checkin,
                                  &last, err)))
        return rc;
    if (last > since)
        since = last;
    *due = day - since >= json_integer_value(every);
    return MRX_OK;
}

/*
 * Where the day stands in the course: "week" N of "program_weeks", "day" D
 * of that week, its "phase"; and "rest_of_week", the days after this one up
 * to the week's end with what each holds (nothing: a rest day).
 */
/* "week", "program_weeks" and "phase" on the day (plan: the one in force, or NULL). */
void course_stand(const struct records *r, const json_t *plan, long start_day, long day,
                  json_t *out)
{
    const struct course_config *cc = &r->data->program.course;
    int week = course_week(start_day, day);

    json_object_set_new(out, "week", json_integer(week));
    json_object_set_new(out, "program_weeks", json_integer(cc->weeks));
    json_object_set_new(
        out, "phase",
        json_string(phase_name(plan && plan_discharged(plan, day) ? PHASE_MAINTENANCE
                                                                  : course_phase(cc, week))));
}

static void course_today(const struct records *r, const json_t *plan, long start_day, long day,
                         json_t *out)
{
    int week = course_week(start_day, day);
    long week_end = start_day + 7L * week - 1;
    json_t *rest = json_array();

    course_stand(r, plan, start_day, day, out);
    json_object_set_new(out, "day_of_week", json_integer(day - start_day - 7L * (week - 1) + 1));
    for (long d = day + 1; plan && d <= week_end; d++) {
        json_t *names = json_array(), *it;
        size_t k;
        json_array_foreach(json_object_get(plan, "items"), k, it)
        {
            const char *id = json_string_value(json_object_get(it, "exercise"));
            if (id && plan_has_on(plan, id, start_day, d))
                json_array_append(names, json_object_get(it, "name"));
        }
        json_array_append_new(rest, json_pack("{so, ss, so, sb}", "date", json_date(d), "weekday",
                                              weekday_name(weekday_of(d)), "items", names, "walk",
                                              plan_has_on(plan, "walking", start_day, d)));
    }
    json_object_set_new(out, "rest_of_week", rest);
}

int records_today(const struct records *r, const char *patient_id, long day, json_t **out,
                  struct mrx_err *err)
{
    struct episode_ctx c;
    struct episode_marks m;
    struct versions vs = {0};
    json_t *items = json_array(), *walking = json_null(), *plan, *reasons = NULL;
    const char *status;
    bool due;
    int rc;

    /* The patient and the episode's marks: today parses no intake and no engine state. */
    if ((rc = episode_load(r, patient_id, false, &c, err)) ||
        (rc = store_episode_marks(r->store, c.patient.org_id, c.patient.id, day, &m, err)))
        goto out;
    if (day < m.start_day) {
        char start[16];
        date_format(m.start_day, start, sizeof(start));
        rc = mrx_err_set(err, MRX_EINVAL, "--date", "is before the program started (%s)", start);
        goto out;
    }
    if ((rc = audit(r, c.patient.org_id, "plan.read", c.patient.id, err)))
        goto out;
    if (m.status == EPISODE_STOPPED || m.status == EPISODE_NOT_STARTED || !m.has_state) {
        rc = today_without_plan(r, &c, day, m.status, out, err);
        goto out;
    }
    if ((rc = load_versions(r, c.patient.org_id, &m, day, false, &vs, err)) ||
        (rc = checkup_due(r, c.patient.org_id, m.episode_id, m.start_day, day, &due, err)))
        goto out;
    plan = vs.plan;
    /* Paused: no exercises until a clinician clears it; what to do now instead. */
    if (m.status == EPISODE_PAUSED) {
        status = "paused";
        if ((rc = held_reasons(r, &c.patient, TIER_URGENT, &reasons, err)))
            goto out;
    } else {
        planned_today(&r->data->catalog, plan, m.start_day, day, items, &walking);
        status = plan_discharged(plan, day) ? "discharged"
                 : json_array_size(items) == 0 && json_is_null(walking)
                     ? "rest_day"
                     : json_string_value(json_object_get(plan, "status"));
    }
    *out = json_pack("{so, ss, ss, sO, sO, so, s:O, sO, sb}", "date", json_date(day), "patient",
                     c.patient.id, "status", status, "items", items, "walking", walking, "lesson",
                     lesson_today(r, plan, day), "movement_breaks_per_day",
                     json_object_get(plan, "movement_breaks_per_day"), "changes", vs.changes,
                     "flare", json_is_true(json_object_get(plan, "flare")));
    json_object_set_new(*out, "plan_version", json_integer(vs.count));
    if (m.status != EPISODE_PAUSED && pool_takes_walk(&r->data->catalog, plan, items, walking))
        json_object_set_new(*out, "pool_instead_of_walk", json_true());
    course_today(r, m.status == EPISODE_PAUSED ? NULL : plan, m.start_day, day, *out);
    /* the review's words ("you are doing well") are not shown beside a flare they predate */
    if (m.status != EPISODE_PAUSED && json_object_get(plan, "discharge_review") &&
        !json_is_true(json_object_get(plan, "flare")))
        json_object_set(*out, "discharge_review", json_object_get(plan, "discharge_review"));
    if (m.status != EPISODE_PAUSED && plan_discharged(plan, day)) {
        /* going on alone: how, and what to do in a flare */
        bool check_in_due = false;
        json_object_set(*out, "maintenance", json_object_get(plan, "maintenance"));
        json_object_set(*out, "flare_plan", json_object_get(plan, "flare_plan"));
        if ((rc = monthly_check_in_due(r, &c.patient, &m, plan, day, &check_in_due, err)))
            goto out;
        json_object_set_new(*out, "check_in_due", json_boolean(check_in_due));
    }
    /* A closed program has no check-up: as for progress, only a running one. */
    json_object_set_new(
        *out, "followup_due",
        json_boolean(due && (m.status == EPISODE_ACTIVE || m.status == EPISODE_PAUSED)));
    if (reasons) {
        json_object_set_new(*out, "message",
                            json_string(patient_text_today_message(PROGRAM_PAUSE)));
        json_object_set(*out, "reasons", reasons);
        json_object_set_new(*out, "movement_breaks_per_day", json_null());
    }
out:
    json_decref(items);
    json_decref(walking);
    json_decref(reasons);
    versions_release(&vs);
    episode_release(&c);
    return rc;
}

/* ==================== Progress ==================== */

struct progress_acc {
    long day;
    json_t *pain, *sessions, *scores;
    struct score_track track; /* the scores up to the day */
    json_t *psfs_activities;  /* the first PSFS's activities, or NULL */
    json_t *psfs_first;       /* activity -> its first rating, up to the day */
    json_t *psfs_latest;      /* activity -> its latest rating, up to the day */
    int n_pain_recent;
    double sum_recent;
    long planned, done;
    long n_weeks;       /* weeks of the program up to the day */
    long *week_done;    /* sessions in each of them */
    long *week_planned; /* days with anything planned in each */
    const struct episode_ctx *c;
};

/* A stored JSON list under key, when it holds anything. */
static void stored_list(json_t *o, const char *key, const char *text)
{
    json_t *list = NULL;

    if (text && stored_json(text, key, &list, NULL) == MRX_OK && json_array_size(list))
        json_object_set_new(o, key, list);
    else
        json_decref(list);
}

static int take_checkin(const struct checkin_rec *ci, void *arg)
{
    struct progress_acc *p = arg;
    json_t *o = json_pack("{so, si}", "date", json_date(ci->day), "pain", ci->pain);

    if (ci->next_morning_pain != CHECKIN_NONE)
        json_object_set_new(o, "next_morning_pain", json_integer(ci->next_morning_pain));
    if (ci->walk_minutes != CHECKIN_NONE)
        json_object_set_new(o, "walk_minutes", json_integer(ci->walk_minutes));
    if (ci->stiffness != CHECKIN_NONE)
        json_object_set_new(o, "stiffness", json_integer(ci->stiffness));
    if (ci->sleep != CHECKIN_NONE)
        json_object_set_new(o, "sleep", json_integer(ci->sleep));
    if (ci->steps != CHECKIN_NONE)
        json_object_set_new(o, "steps", json_integer(ci->steps));
    stored_list(o, "feel_better", ci->feel_better);
    stored_list(o, "get_better", ci->get_better);
    json_array_append_new(p->pain, o);
    if (ci->day > p->day - 7) {
        p->sum_recent += ci->pain;
        p->n_pain_recent++;
    }
    return MRX_OK;
}

static int take_session(const struct session_rec *s, void *arg)
{
    struct progress_acc *p = arg;
    json_t *o = json_pack("{so, si}", "date", json_date(s->day), "pain_during", s->pain_during);
    if (s->difficulty != DIFFICULTY_NONE)
        json_object_set_new(o, "difficulty", json_string(difficulty_name(s->difficulty)));
    /* what was done, how each item went, and the person's own words: for the care team */
    stored_list(o, "items", s->items);
    if (s->note)
        json_object_set_new(o, "note", json_string(s->note));
    json_array_append_new(p->sessions, o);
    p->done++;
    long w = (s->day - p->c->ep.start_day) / 7;
    if (s->day >= p->c->ep.start_day && w < p->n_weeks)
        p->week_done[w]++;
    return MRX_OK;
}

static void take_goal_ratings(struct progress_acc *p, const char *answers);

static int take_assessment(const struct assessment_rec *a, void *arg)
{
    struct progress_acc *p = arg;
    json_t *score = NULL;

    if (stored_json(a->score, "assessment", &score, NULL))
        return MRX_EDATA;
    json_array_append_new(p->scores, json_pack("{so, ss, so}", "date", json_date(a->day),
                                               "instrument", a->instrument, "score", score));
    if (a->day <= p->day)
        score_track_add(&p->track, a);
    if (!p->psfs_activities && strcmp(a->instrument, "psfs") == 0)
        p->psfs_activities = psfs_activity_names(a->answers);
    if (strcmp(a->instrument, "psfs") == 0 && a->day <= p->day)
        take_goal_ratings(p, a->answers);
    return MRX_OK;
}

/* A PSFS's ratings: the first and the latest of each activity (assessments come oldest first). */
static void take_goal_ratings(struct progress_acc *p, const char *answers)
{
    json_t *doc = NULL, *e;
    size_t k;

    if (stored_json(answers, "assessment", &doc, NULL))
        return;
    json_array_foreach(doc, k, e)
    {
        const char *name = json_string_value(json_object_get(e, "activity"));
        json_t *rating = json_object_get(e, "rating");
        if (!name || !json_is_number(rating))
            continue;
        if (!json_object_get(p->psfs_first, name))
            json_object_set(p->psfs_first, name, rating);
        json_object_set(p->psfs_latest, name, rating);
    }
    json_decref(doc);
}

/*
 * The person's goals as the plan in force links them, each with its first
 * and latest PSFS rating (0 unable .. 10 as before; null until rated).
 */
static json_t *goals_progress(const json_t *plan, const struct progress_acc *p)
{
    json_t *out = json_array(), *g;
    size_t k;

    json_array_foreach(json_object_get(plan, "goals"), k, g)
    {
        const char *name = json_string_value(json_object_get(g, "activity"));
        json_t *first = name ? json_object_get(p->psfs_first, name) : NULL;
        json_t *latest = name ? json_object_get(p->psfs_latest, name) : NULL;
        json_array_append_new(out, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "activity",
                                             json_object_get(g, "activity"), "exercises",
                                             json_object_get(g, "exercises"), "walking",
                                             json_object_get(g, "walking"), "why",
                                             json_object_get(g, "why"), "first_rating",
                                             first ? first : json_null(), "latest_rating",
                                             latest ? latest : json_null()));
    }
    return out;
}

/* Days with anything planned, from the start to `day`: in all and by week of the program. */
struct planned_count {
    long start, days, *week_planned;
};

static void count_planned(long day, void *arg)
{
    struct planned_count *p = arg;
    p->days++;
    p->week_planned[(day - p->start) / 7]++;
}

static long planned_days(const struct records *r, const struct episode_ctx *c, long day,
                         long *week_planned, struct mrx_err *err)
{
    struct planned_count p = {c->ep.start_day, 0, week_planned};

    return planned_days_each(r, c, c->ep.start_day, day, count_planned, &p, err) ? -1 : p.days;
}

static json_t *pain_change(const struct episode_ctx *c, const struct progress_acc *p)
{
    struct change_result ch;
    double base = c->state.baseline_pain;

    if (p->n_pain_recent == 0 ||
        change_compute(MEASURE_NPRS, base, p->sum_recent / p->n_pain_recent, &ch, NULL) != MRX_OK)
        return json_null();
    return json_pack("{sf, so, sf, so, sb}", "baseline", base, "recent_mean",
                     json_real(mrx_round_half_up(ch.followup, 1)), "change",
                     mrx_round_half_up(ch.change, 1), "percent",
                     ch.has_percent ? json_real(mrx_round_half_up(ch.percent, 1)) : json_null(),
                     "important", ch.important);
}

/* Adherence week by week, for the chart: [{"week":1,"planned_days":5,"sessions":4}, ...]. */
static json_t *weeks_json(const struct progress_acc *p)
{
    json_t *a = json_array();

    for (long w = 0; w < p->n_weeks; w++)
        json_array_append_new(a, json_pack("{sI, sI, sI}", "week", (json_int_t)(w + 1),
                                           "planned_days", (json_int_t)p->week_planned[w],
                                           "sessions", (json_int_t)p->week_done[w]));
    return a;
}

/* Where the program stands in the course on the day (as today gives it). */

int records_progress(const struct records *r, const char *patient_id, long day, json_t **out,
                     struct mrx_err *err)
{
    struct episode_ctx c;
    struct episode_marks m;
    struct versions vs = {0};
    struct progress_acc p = {.day = day};
    json_t *alerts = json_array();
    long planned;
    int rc;

    p.pain = json_array();
    p.sessions = json_array();
    p.scores = json_array();
    p.psfs_first = json_object();
    p.psfs_latest = json_object();
    if ((rc = episode_load(r, patient_id, true, &c, err)))
        goto out;
    p.c = &c;
    p.n_weeks = day >= c.ep.start_day ? (day - c.ep.start_day) / 7 + 1 : 0;
    p.week_done = xcalloc((size_t)p.n_weeks + 1, sizeof(long));
    p.week_planned = xcalloc((size_t)p.n_weeks + 1, sizeof(long));
    if ((rc = audit(r, c.ep.org_id, "progress.read", c.patient.id, err)) ||
        (rc = store_checkins_each(r->store, c.ep.org_id, c.ep.id, c.ep.start_day, day, take_checkin,
                                  &p, err)) ||
        (rc = store_sessions_each(r->store, c.ep.org_id, c.ep.id, c.ep.start_day, day, take_session,
                                  &p, err)) ||
        (rc = store_assessments_each(r->store, c.ep.org_id, c.ep.id, take_assessment, &p, err)) ||
        (rc = store_alerts_each(r->store, c.ep.org_id, c.ep.id, alert_append, alerts, err)) ||
        (rc = store_episode_marks(r->store, c.ep.org_id, c.patient.id, day, &m, err)) ||
        (rc = load_versions(r, c.ep.org_id, &m, day, true, &vs, err)))
        goto out;
    planned = c.has_state ? planned_days(r, &c, day, p.week_planned, err) : 0;
    if (planned < 0) {
        rc = err->code;
        goto out;
    }
    *out = json_pack("{ss, ss, so, so, ss}", "patient", c.patient.id, "episode", c.ep.id, "start",
                     json_date(c.ep.start_day), "date", json_date(day), "status",
                     episode_status_name(c.ep.status));
    json_object_set(*out, "pain", p.pain);
    json_object_set_new(*out, "pain_change", c.has_state ? pain_change(&c, &p) : json_null());
    json_object_set(*out, "sessions", p.sessions);
    json_object_set(*out, "scores", p.scores);
    json_object_set_new(*out, "score_changes", score_track_changes(&p.track));
    json_object_set_new(*out, "psfs_activities",
                        p.psfs_activities ? json_incref(p.psfs_activities) : json_array());
    json_object_set_new(
        *out, "adherence",
        json_pack(
            "{sI, sI, so}", "planned_days", (json_int_t)planned, "sessions", (json_int_t)p.done,
            "percent",
            planned
                ? json_real(mrx_round_half_up(
                      100.0 * (double)(p.done > planned ? planned : p.done) / (double)planned, 1))
                : json_null()));
    json_object_set_new(json_object_get(*out, "adherence"), "weeks", weeks_json(&p));
    json_object_set(*out, "plan_changes", vs.all);
    json_object_set(*out, "alerts", alerts);
    json_object_set_new(*out, "goals", vs.plan ? goals_progress(vs.plan, &p) : json_array());
    course_stand(r, c.plan, c.ep.start_day, day, *out);
out:
    json_decref(alerts);
    json_decref(p.pain);
    json_decref(p.sessions);
    json_decref(p.scores);
    json_decref(p.psfs_activities);
    json_decref(p.psfs_first);
    json_decref(p.psfs_latest);
    free(p.week_done);
    free(p.week_planned);
    versions_release(&vs);
    episode_release(&c);
    return rc;
}

/* ==================== Alerts ==================== */

int records_alerts(const struct records *r, const char *org_id, json_t **out, struct mrx_err *err)
{
    json_t *list = json_array();
    struct org_rec org;
    int rc = org_id ? store_org_get(r->store, org_id, &org, err) : MRX_OK;

    if (rc) {
        json_decref(list);
        return mrx_err_set(err, rc, "--org", "no organization '%s'", org_id);
    }
    rc = store_alerts_open_each(r->store, org_id, alert_append, list, err);
    if (!rc)
        rc = audit_each(r, org_id ? org_id : "*", "alerts.read", list, "patient", true, err);
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{so}", "alerts", list);
    return MRX_OK;
}
