/*
 * test_simulate.c: properties over thousands of simulated patients, checked
 * on every decision the adaptation engine makes for them:
 *  - no step up right after a session with pain during above 5, or one whose
 *    pain had not settled by the next morning;
 *  - no step up during a flare, with a red flag open, or while held;
 *  - no item's weekly volume up more than 30 % within 7 days;
 *  - every change explained (no placeholder left, grade 8) and cited;
 *  - every dose inside its safe range;
 * and determinism, and 12-week outcomes in the range real programs report
 * (CLINICAL.md section 7) with acute cases improving faster.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/simulate/simulate.h"
#include "core/text/patient_text.h"
#include "data/datadir.h"
#include "formats/sim_trace.h"
#include "shipped_data.h"

/* Short names for the shipped data keep the tests readable. */
#define cat ds.catalog
#define prog ds.program
#define triage_rules ds.triage
#define rules ds.adapt
static struct sim_data data;

static int load_all(void **state)
{
    if (shipped_load(state))
        return -1;
    data = (struct sim_data){&cat, &prog, &triage_rules, &rules};
    return 0;
}

/* Volumes of each item's exercise over time, for the 7-day cap. */
struct volume_log {
    long day[512];
    const struct exercise *ex[512];
    double volume[512];
    int n;
};

struct checker {
    long patient;
    struct volume_log items[ADAPT_MAX_ITEMS];
    long decisions, increases;
};

static const struct session_log *session_on(const struct history *h, long day)
{
    for (int i = h->n_sessions - 1; i >= 0 && h->sessions[i].day >= day; i--)
        if (h->sessions[i].day == day)
            return &h->sessions[i];
    return NULL;
}

static const struct checkin_log *checkin_on(const struct history *h, long day)
{
    for (int i = h->n_checkins - 1; i >= 0 && h->checkins[i].day >= day; i--)
        if (h->checkins[i].day == day)
            return &h->checkins[i];
    return NULL;
}

static void start_patient(struct checker *c, const struct sim_event *ev)
{
    c->patient = ev->patient;
    for (int i = 0; i < ev->before->n_items; i++) {
        struct volume_log *v = &c->items[i];
        v->n = 1;
        v->day[0] = 0;
        v->ex[0] = ev->before->items[i].exercise;
        v->volume[0] = dose_weekly_volume(&ev->before->items[i].dose);
    }
}

/* The lowest volume of this exercise in force during the 7 days up to `day`. */
static double min_recent(const struct volume_log *v, const struct exercise *ex, long day)
{
    double min = -1;
    for (int k = v->n - 1; k >= 0; k--) {
        if (v->ex[k] == ex && (min < 0 || v->volume[k] < min))
            min = v->volume[k];
        if (v->day[k] <= day - 7)
            break;
    }
    return min;
}

static void check_increase(struct checker *c, const struct sim_event *ev)
{
    const struct decision *d = ev->decision;
    const struct adapt_state *s = ev->before;
    const struct session_log *y = session_on(ev->history, ev->day - 1);
    const struct session_log *t = session_on(ev->history, ev->day);
    const struct checkin_log *ci = checkin_on(ev->history, ev->day);
    unsigned bit = 1u << d->item;
    double floor;

    c->increases++;
    if (y && (y->items_done & bit) &&
        (y->pain_during > 5 ||
         (ci && ci->has_next_morning && ci->next_morning_pain > s->baseline_pain + 1)))
        fail_msg("patient %ld day %ld: step up after a bad session", ev->patient, ev->day);
    if (t && (t->items_done & bit) && t->pain_during > 5)
        fail_msg("patient %ld day %ld: step up right after a painful session", ev->patient,
                 ev->day);
    if (s->flare_active || s->progression_held || (s->open_alerts & (1u << AR_ALERT_RED_FLAG)) ||
        (ci && ci->red_flag_tier >= TIER_ROUTINE))
        fail_msg("patient %ld day %ld: step up during a flare, a hold or a red flag", ev->patient,
                 ev->day);
    if (d->to_exercise == d->from_exercise) {
        floor = min_recent(&c->items[d->item], d->to_exercise, ev->day);
        if (floor > 0 && dose_weekly_volume(&d->to) > floor * 1.30 + 1e-9)
            fail_msg("patient %ld day %ld: volume %.0f is more than 30 %% over %.0f", ev->patient,
                     ev->day, dose_weekly_volume(&d->to), floor);
    }
}

/* Regressions lower the load; items stay distinct; reasons name what was done. */
static void check_regress_and_items(const struct sim_event *ev)
{
    const struct decision *d = ev->decision;
    const struct adapt_state *s = ev->before;
    const char *done = d->from_exercise ? d->from_exercise->name : "walk";

    if (d->kind == DECIDE_REGRESS || d->kind == DECIDE_FLARE_START) {
        if (d->to_exercise == d->from_exercise &&
            dose_weekly_volume(&d->to) > dose_weekly_volume(&d->from) + 1e-9)
            fail_msg("patient %ld day %ld: a regression raised the load", ev->patient, ev->day);
        if (d->to_exercise != d->from_exercise && d->to_exercise->level > d->from_exercise->level)
            fail_msg("patient %ld day %ld: a regression to a harder exercise", ev->patient,
                     ev->day);
    }
    for (int i = 0; i < s->n_items; i++)
        for (int k = 0; k < i; k++)
            if (s->items[i].exercise && s->items[i].exercise == s->items[k].exercise)
                fail_msg("patient %ld day %ld: '%s' twice in the plan", ev->patient, ev->day,
                         s->items[i].exercise->id);
    if (d->to_exercise != d->from_exercise) {
        for (int i = 0; i < s->n_items; i++)
            if (s->items[i].exercise == d->to_exercise)
                fail_msg("patient %ld day %ld: a chain into an exercise already planned",
                         ev->patient, ev->day);
        for (int k = 0; k < d->to_exercise->n_tags; k++)
            if (strcmp(d->to_exercise->tags[k], "walking") == 0)
                fail_msg("patient %ld day %ld: a chain into a walking exercise", ev->patient,
                         ev->day);
    }
    if ((d->kind == DECIDE_PROGRESS || d->kind == DECIDE_REGRESS) && d->rule != AR_CHAIN_STEP &&
        !strstr(d->reason, done))
        fail_msg("patient %ld day %ld: reason does not name '%s': %s", ev->patient, ev->day, done,
                 d->reason);
}

static void observe(void *ctx, const struct sim_event *ev)
{
    struct checker *c = ctx;
    const struct decision *d = ev->decision;
    const struct dose_range *range;
    struct volume_log *v;

    if (ev->patient != c->patient || ev->day == 0)
        if (ev->patient != c->patient)
            start_patient(c, ev);
    if (ev->type != SIM_PLAN_CHANGE)
        return;
    c->decisions++;
    if (!d->reason[0] || strchr(d->reason, '{') || !decision_citation(&rules, d)[0])
        fail_msg("patient %ld day %ld: a change without a reason or citation", ev->patient,
                 ev->day);
    if (patient_text_grade_message(d->reason) > PATIENT_TEXT_MAX_GRADE)
        fail_msg("reason above grade 8: %s", d->reason);
    range = d->to_exercise ? &d->to_exercise->range : &ev->before->items[d->item].range;
    if (!dose_in_range(&d->to, range))
        fail_msg("patient %ld day %ld: dose outside its safe range", ev->patient, ev->day);
    if (d->kind == DECIDE_PROGRESS)
        check_increase(c, ev);
    check_regress_and_items(ev);
    v = &c->items[d->item];
    if (v->n < 512) {
        v->day[v->n] = ev->day;
        v->ex[v->n] = d->to_exercise;
        v->volume[v->n] = dose_weekly_volume(&d->to);
        v->n++;
    }
}

static void safety_invariants_over_thousands_of_patients(void **state)
{
    struct sim_config cfg = {3000, 12, 20261122};
    struct checker *c = calloc(1, sizeof(*c));
    struct outcome_summary sum;
    struct mrx_err err;
    (void)state;
    c->patient = -1;
    assert_int_equal(simulate(&cfg, &data, observe, c, &sum, &err), MRX_OK);
    assert_true(c->increases > 1000); /* the property was exercised, not vacuous */
    assert_true(c->decisions > c->increases);
    free(c);
}

struct hasher {
    uint64_t h;
    long events;
};

static void hash_event(void *ctx, const struct sim_event *ev)
{
    struct hasher *hs = ctx;
    uint64_t parts[5] = {(uint64_t)ev->patient, (uint64_t)ev->day, (uint64_t)ev->type,
                         (uint64_t)(ev->pain_during * 10), (uint64_t)(ev->pain * 10)};
    for (size_t i = 0; i < 5; i++)
        hs->h = (hs->h ^ parts[i]) * 0x100000001b3ULL;
    if (ev->decision)
        for (const char *p = ev->decision->reason; *p; p++)
            hs->h = (hs->h ^ (uint64_t)(unsigned char)*p) * 0x100000001b3ULL;
    hs->events++;
}

static void deterministic(void **state)
{
    struct sim_config cfg = {200, 8, 99};
    struct hasher a = {1469598103934665603ULL, 0}, b = a, other = a;
    struct outcome_summary sa, sb, so;
    struct mrx_err err;
    (void)state;
    assert_int_equal(simulate(&cfg, &data, hash_event, &a, &sa, &err), MRX_OK);
    assert_int_equal(simulate(&cfg, &data, hash_event, &b, &sb, &err), MRX_OK);
    assert_true(a.events > 1000);
    assert_true(a.h == b.h);
    assert_true(sa.all.mean_final == sb.all.mean_final);
    cfg.seed = 100;
    assert_int_equal(simulate(&cfg, &data, hash_event, &other, &so, &err), MRX_OK);
    assert_false(other.h == a.h);
}

static void outcomes_in_the_published_range(void **state)
{
    struct sim_config cfg = {2000, 12, 7};
    struct outcome_summary s;
    struct mrx_err err;
    const struct outcome_group *acute, *chronic;
    (void)state;
    assert_int_equal(simulate(&cfg, &data, NULL, NULL, &s, &err), MRX_OK);
    acute = &s.by_group[CHRONICITY_ACUTE];
    chronic = &s.by_group[CHRONICITY_CHRONIC];
    /* Kaia 47 %, Hinge 68 % mean reduction; Hinge completers 78.6 % reaching MCID */
    if (s.all.reduction_percent < 35 || s.all.reduction_percent > 70)
        fail_msg("mean reduction %.1f %% outside 35..70", s.all.reduction_percent);
    if (s.all.share_either < 60 || s.all.share_either > 90)
        fail_msg("MCID responders %.1f %% outside 60..90", s.all.share_either);
    /* Hinge: 73 % completed into the final month */
    if (s.all.completed < 0.6 * s.all.patients || s.all.completed > 0.9 * s.all.patients)
        fail_msg("%d of %d completed", s.all.completed, s.all.patients);
    assert_true(acute->reduction_percent > chronic->reduction_percent + 15);
    assert_true(s.all.adherence_percent > 50 && s.all.adherence_percent < 95);
    assert_true(s.all.flares > 0);
    assert_true(s.all.escalations > 0);
    /* the questionnaires move with pain: disability down, function up */
    assert_true(s.all.odi.patients > 500 && s.all.rmdq.patients > 500);
    assert_true(s.all.odi.mean_final < s.all.odi.mean_baseline);
    assert_true(s.all.rmdq.mean_final < s.all.rmdq.mean_baseline);
    assert_true(s.all.psfs.mean_final > s.all.psfs.mean_baseline);
    assert_true(s.all.psfs.patients >= s.all.completed); /* everyone with a final pain */
}

/* Every trace line has exactly the contract's keys for its type. */
struct schema_check {
    long lines;
    bool seen[6];
};

static void check_keys(json_t *o, const char *const *keys)
{
    size_t n = 0;
    for (; keys[n]; n++)
        if (!json_object_get(o, keys[n]))
            fail_msg("trace line lacks '%s'", keys[n]);
}

static void schema_observer(void *ctx, const struct sim_event *ev)
{
    static const char *const base[] = {"patient", "day", "type", NULL};
    static const char *const session_keys[] = {"pain_during", "pain_next_morning", NULL};
    static const char *const change_keys[] = {"rule",   "item",     "from", "to",
                                              "reason", "evidence", NULL};
    static const char *const dose_keys[] = {"sets",  "reps",          "hold_s", "minutes",
                                            "bouts", "days_per_week", NULL};
    struct schema_check *sc = ctx;
    json_t *o = sim_event_to_json(ev, &rules);
    const char *key;
    json_t *v;

    check_keys(o, base);
    sc->seen[ev->type] = true;
    sc->lines++;
    if (ev->type == SIM_SESSION)
        check_keys(o, session_keys);
    if (ev->type == SIM_CHECKIN)
        assert_true(json_is_integer(json_object_get(o, "pain")));
    if (ev->type == SIM_PLAN_CHANGE) {
        check_keys(o, change_keys);
        assert_string_equal(json_string_value(json_object_get(o, "type")), "plan_change");
        json_object_foreach(json_object_get(o, "to"), key, v)
        {
            bool known = false;
            for (int k = 0; dose_keys[k]; k++)
                known |= strcmp(dose_keys[k], key) == 0;
            assert_true(known && json_is_integer(v));
        }
    }
    json_decref(o);
}

static void trace_lines_follow_the_contract(void **state)
{
    struct sim_config cfg = {300, 12, 11};
    struct schema_check sc = {0};
    struct outcome_summary s;
    struct mrx_err err;
    (void)state;
    assert_int_equal(simulate(&cfg, &data, schema_observer, &sc, &s, &err), MRX_OK);
    for (int t = 0; t < 6; t++)
        if (!sc.seen[t])
            fail_msg("no trace line of type %d in 300 patients", t);
}

static void refuses_bad_configuration(void **state)
{
    struct outcome_summary s;
    struct mrx_err err;
    (void)state;
    assert_int_equal(simulate(&(struct sim_config){0, 12, 1}, &data, NULL, NULL, &s, &err),
                     MRX_EINVAL);
    assert_int_equal(simulate(&(struct sim_config){10, 0, 1}, &data, NULL, NULL, &s, &err),
                     MRX_EINVAL);
    assert_int_equal(
        simulate(&(struct sim_config){10, SIM_MAX_WEEKS + 1, 1}, &data, NULL, NULL, &s, &err),
        MRX_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(safety_invariants_over_thousands_of_patients),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(outcomes_in_the_published_range),
        cmocka_unit_test(trace_lines_follow_the_contract),
        cmocka_unit_test(refuses_bad_configuration),
    };
    return cmocka_run_group_tests(tests, load_all, shipped_free);
}
