/*
 * test_simulate.c: properties over thousands of simulated patients, checked
 * on every decision the adaptation engine makes for them (pain judged, as
 * the engine judges it, against the person's own baseline that day):
 *  - no step up right after a session whose pain was above the person's
 *    acceptable zone, or one whose pain had not settled by the next morning;
 *  - no step up during a flare, with a red flag open, or while held;
 *  - no item's weekly volume up more than 30 % within 7 days; a step back
 *    after a flare or a cut never past a dose the item had before;
 *  - no day of the plan past the person's minutes, no walks on more days
 *    than they gave (or the safe range's minimum);
 *  - relaxation and breathing never cut for pain;
 *  - every alert, a promise to the person, becomes a task with a due date;
 *  - every change explained (no placeholder left, grade 8) and cited;
 *  - every dose inside its safe range;
 * and determinism, a no-program arm driven by natural history, and outcomes
 * that move with the rules: progression switched off and made aggressive
 * both change them in the expected direction.
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/instruments/instruments.h"
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
    long patient, day;
    struct volume_log items[ADAPT_MAX_ITEMS];
    struct adapt_state today; /* the state with the day's changes so far */
    int walking_days_max;
    long decisions, increases, restores, alerts, tasks;
    /* the stratum's promise: high risk, contact in 3 days; medium, a review in 14 */
    long promised_contact, promised_review, contacts, reviews;
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
    const struct dose *w = &ev->before->items[ev->before->walking].dose;

    if (c->alerts != c->tasks)
        fail_msg("patient %ld: %ld alerts but %ld tasks", c->patient, c->alerts, c->tasks);
    c->patient = ev->patient;
    c->day = -1;
    {
        struct startback_result sb;
        if (startback_score(ev->before->constraints.startback, &sb, NULL) == MRX_OK) {
            c->promised_contact += sb.risk == STARTBACK_HIGH;
            c->promised_review += sb.risk == STARTBACK_MEDIUM;
        }
    }
    c->walking_days_max = ev->before->constraints.days_per_week > w->value[DOSE_DAYS_PER_WEEK]
                              ? ev->before->constraints.days_per_week
                              : w->value[DOSE_DAYS_PER_WEEK];
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

/* The highest volume this exercise ever had for the item. */
static double max_before(const struct volume_log *v, const struct exercise *ex)
{
    double max = -1;
    for (int k = 0; k < v->n; k++)
        if (v->ex[k] == ex && v->volume[k] > max)
            max = v->volume[k];
    return max;
}

/* max(5, usual + 1), never the top of the scale (10: the worst pain imaginable) */
static double acceptable(const struct adapt_params *p, double b)
{
    double ok = b + p->acceptable_above > p->acceptable_floor ? b + p->acceptable_above
                                                              : p->acceptable_floor;
    return ok < 9 ? ok : 9;
}

/* `to` is `from` with one rep, one second of hold or one minute more, and nothing else. */
static bool one_unit_up(const struct dose *from, const struct dose *to)
{
    int changed = 0;
    for (int k = 0; k < DOSE_KEYS; k++) {
        int up = to->value[k] - from->value[k];
        if (up == 0)
            continue;
        if (up != 1 || (k != DOSE_REPS && k != DOSE_HOLD_S && k != DOSE_MINUTES))
            return false;
        changed++;
    }
    return changed == 1;
}

static void check_increase(struct checker *c, const struct sim_event *ev)
{
    const struct decision *d = ev->decision;
    const struct adapt_state *s = ev->before;
    const struct adapt_params *p = &rules.p;
    double b = adapt_baseline(p, s, ev->history, ev->day);
    const struct session_log *y = session_on(ev->history, ev->day - 1);
    const struct session_log *t = session_on(ev->history, ev->day);
    const struct checkin_log *ci = checkin_on(ev->history, ev->day);
    double floor;

    c->increases++;
    if (y && (y->items_done & (1u << d->item)) &&
        (session_item_pain(y, d->item, b) > acceptable(p, b) ||
         (ci && ci->has_next_morning && ci->next_morning_pain > b + p->settled_margin)))
        fail_msg("patient %ld day %ld: step up after a bad session", ev->patient, ev->day);
    if (t && (t->items_done & (1u << d->item)) &&
        session_item_pain(t, d->item, b) > acceptable(p, b))
        fail_msg("patient %ld day %ld: step up right after a painful session", ev->patient,
                 ev->day);
    if (ci && (ci->pain > acceptable(p, b) ||
               (ci->has_next_morning && ci->next_morning_pain > b + p->settled_margin)))
        fail_msg("patient %ld day %ld: step up on a bad morning (pain %.0f, usual %.1f)",
                 ev->patient, ev->day, ci->pain, b);
    if (s->flare_active || s->progression_held ||
        (s->open_alerts & ADAPT_RULE_BIT(AR_ALERT_RED_FLAG)) ||
        (ci && ci->red_flag_tier >= TIER_ROUTINE))
        fail_msg("patient %ld day %ld: step up during a flare, a hold or a red flag", ev->patient,
                 ev->day);
    if (d->to_exercise == d->from_exercise) {
        floor = min_recent(&c->items[d->item], d->to_exercise, ev->day);
        /* over the cap only by the smallest step there is (one rep, second or minute),
         * from a dose that has not grown in the window */
        if (floor > 0 && dose_weekly_volume(&d->to) > floor * 1.30 + 1e-9 &&
            !(one_unit_up(&d->from, &d->to) && dose_weekly_volume(&d->from) <= floor + 1e-9))
            fail_msg("patient %ld day %ld: volume %.0f is more than 30 %% over %.0f", ev->patient,
                     ev->day, dose_weekly_volume(&d->to), floor);
    }
}

/* Regressions lower the load; items stay distinct; reasons name what was done;
 * relaxation is never cut for pain; a step back never goes past a dose the item had. */
static void check_regress_and_items(struct checker *c, const struct sim_event *ev)
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
        if (exercise_calms(d->from_exercise))
            fail_msg("patient %ld day %ld: %s cut for pain", ev->patient, ev->day,
                     d->from_exercise->id);
    }
    if (d->kind == DECIDE_RESTORE) {
        double max = max_before(&c->items[d->item], d->to_exercise);
        c->restores++;
        if (max < 0 || dose_weekly_volume(&d->to) > max + 1e-9)
            fail_msg("patient %ld day %ld: a step back past any dose the item had", ev->patient,
                     ev->day);
    }
    for (int i = 0; i < s->n_items; i++)
        for (int k = 0; k < i; k++)
            if (s->items[i].exercise && s->items[i].exercise == s->items[k].exercise)
                fail_msg("patient %ld day %ld: '%s' twice in the plan", ev->patient, ev->day,
                         s->items[i].exercise->id);
    if (d->to_exercise != d->from_exercise && d->kind != DECIDE_RESTORE) {
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

/* The day's plan with this change in: within the person's minutes (when the day
 * was), and walks on no more days than they gave. */
static void check_time_and_days(struct checker *c, const struct sim_event *ev)
{
    const struct decision *d = ev->decision;
    const struct adapt_state *s = ev->before;
    double budget = s->constraints.minutes_per_day, was;

    if (ev->day != c->day) {
        c->today = *s;
        c->day = ev->day;
    }
    was = adapt_day_minutes(&c->today);
    if (was > budget + 1e-9)
        fail_msg("patient %ld day %ld: the day is %.1f minutes before any decision, past the "
                 "%.0f given",
                 ev->patient, ev->day, was, budget);
    adapt_apply(&rules, &c->today, d, 1, ev->day);
    if (adapt_day_minutes(&c->today) > budget + 1e-9)
        fail_msg(
            "patient %ld day %ld: the day grows to %.1f minutes, past the %.0f given (rule %d: %s)",
            ev->patient, ev->day, adapt_day_minutes(&c->today), budget, (int)d->rule,
            decision_citation(&rules, d));
    if (d->item == s->walking && d->to.value[DOSE_DAYS_PER_WEEK] > c->walking_days_max)
        fail_msg("patient %ld day %ld: walks on %d days, more than the %d given", ev->patient,
                 ev->day, d->to.value[DOSE_DAYS_PER_WEEK], c->walking_days_max);
}

static void observe(void *ctx, const struct sim_event *ev)
{
    struct checker *c = ctx;
    const struct decision *d = ev->decision;
    const struct dose_range *range;
    struct volume_log *v;

    if (ev->patient != c->patient)
        start_patient(c, ev);
    if (ev->type == SIM_ESCALATION)
        c->alerts++;
    if (ev->type == SIM_TASK && strcmp(ev->task_kind, "first_contact") == 0) {
        c->contacts++; /* "someone will contact you in the next few days" */
        if (ev->due_day != ev->day + 3)
            fail_msg("patient %ld: first contact due on day %ld", ev->patient, ev->due_day);
    }
    if (ev->type == SIM_TASK && strcmp(ev->task_kind, "plan_review") == 0) {
        c->reviews++; /* "a physio will look at your plan in two weeks" */
        if (ev->due_day != ev->day + 14)
            fail_msg("patient %ld: plan review due on day %ld", ev->patient, ev->due_day);
    }
    if (ev->type == SIM_TASK && strcmp(ev->task_kind, "plan_review") != 0 &&
        strcmp(ev->task_kind, "first_contact") != 0) {
        c->tasks++;
        if (ev->due_day <= ev->day)
            fail_msg("patient %ld day %ld: a task due before it was set", ev->patient, ev->day);
    }
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
    check_regress_and_items(c, ev);
    check_time_and_days(c, ev);
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
    struct sim_config cfg = {3000, 12, 20261122, false};
    struct checker *c = calloc(1, sizeof(*c));
    struct outcome_summary sum;
    struct mrx_err err;
    (void)state;
    c->patient = -1;
    assert_int_equal(simulate(&cfg, &data, observe, c, &sum, &err), MRX_OK);
    assert_true(c->alerts == c->tasks); /* the last patient */
    /* every stratum's promise became its task, and only those */
    assert_true(c->promised_contact > 0 && c->promised_review > 0);
    assert_int_equal(c->contacts, c->promised_contact);
    assert_int_equal(c->reviews, c->promised_review);
    assert_true(c->increases > 1000); /* the properties were exercised, not vacuous */
    assert_true(c->restores > 1000);
    assert_true(c->alerts > 100);
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
    struct sim_config cfg = {200, 8, 99, false};
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

/*
 * The no-program arm is natural history: acute pain falls steeply on its own,
 * persistent pain hardly (Costa et al., CMAJ 2012), and exercise adds most for
 * persistent pain (Hayden et al., Cochrane 2021). No figure here is a target:
 * the simulator compares rule sets; it is not evidence of effect.
 */
static void a_no_program_arm_of_the_same_people(void **state)
{
    struct sim_config cfg = {2000, 12, 7, false};
    struct outcome_summary s;
    struct mrx_err err;
    const struct outcome_group *acute, *chronic;
    (void)state;
    assert_int_equal(simulate(&cfg, &data, NULL, NULL, &s, &err), MRX_OK);
    acute = &s.by_group[CHRONICITY_ACUTE];
    chronic = &s.by_group[CHRONICITY_CHRONIC];
    assert_true(s.all.no_program.patients > 1000);
    assert_true(acute->no_program.reduction_percent > 50);   /* recovers on its own */
    assert_true(chronic->no_program.reduction_percent < 20); /* hardly */
    /* the program adds little to acute recovery and most to persistent pain */
    assert_true(chronic->reduction_percent - chronic->no_program.reduction_percent >
                acute->reduction_percent - acute->no_program.reduction_percent);
    assert_true(s.all.completed > s.all.patients / 2);
    /* a guard against plans that ratchet down (rule set 1 ended 81 % below): the share and
     * what makes it up are in docs/simulator.md */
    assert_true(s.all.ended_below_start_percent < 20);
    /* why, counted: the first plan above the person's tolerance (rightly brought down), a
     * flare not yet behind them, or neither; the goal of under 5 % holds for the
     * last (docs/simulator.md) */
    assert_true(s.all.below_above_tolerance > 0 && s.all.below_in_flare > 0);
    assert_true(s.all.below_neither >= 0 && s.all.below_neither < s.all.completed * 5 / 100);
    assert_true(
        fabs(100.0 * (s.all.below_above_tolerance + s.all.below_in_flare + s.all.below_neither) /
                 s.all.completed -
             s.all.ended_below_start_percent) < 1.5);
    assert_true(s.all.harder_switches > 100);
    /* the questionnaires move with pain: disability down, function up */
    assert_true(s.all.odi.mean_final < s.all.odi.mean_baseline);
    assert_true(s.all.rmdq.mean_final < s.all.rmdq.mean_baseline);
    assert_true(s.all.psfs.mean_final > s.all.psfs.mean_baseline);
}

/*
 * What is done matters: with progression switched off the plan never grows
 * and the person gains less; with it aggressive (big, frequent steps that
 * ignore pain) the load outruns tolerance and flares multiply.
 */
static void outcomes_move_with_the_rules(void **state)
{
    struct sim_config cfg = {1500, 12, 7, false};
    struct adapt_rules off = rules, aggressive = rules;
    struct sim_data d_off = {&cat, &prog, &triage_rules, &off};
    struct sim_data d_aggr = {&cat, &prog, &triage_rules, &aggressive};
    struct outcome_summary base, s_off, s_aggr;
    struct mrx_err err;
    (void)state;
    off.p.progress_after_sessions = 1000; /* never enough evidence to step up */
    aggressive.p.progress_every_days = 2;
    aggressive.p.progress_after_sessions = 1;
    aggressive.p.step_percent = 60;
    aggressive.p.cap_percent_7_days = 300;
    aggressive.p.green_floor = aggressive.p.acceptable_floor = 10;
    assert_int_equal(simulate(&cfg, &data, NULL, NULL, &base, &err), MRX_OK);
    assert_int_equal(simulate(&cfg, &d_off, NULL, NULL, &s_off, &err), MRX_OK);
    assert_int_equal(simulate(&cfg, &d_aggr, NULL, NULL, &s_aggr, &err), MRX_OK);
    /* off: less benefit where exercise matters, and no harder variants */
    assert_true(s_off.by_group[CHRONICITY_CHRONIC].reduction_percent <
                base.by_group[CHRONICITY_CHRONIC].reduction_percent - 1);
    assert_int_equal(s_off.all.harder_switches, 0);
    /* aggressive: more flares and many more alerts for the care team, and no real gain
     * for it (the people whose first plan was far below their tolerance gain from the big
     * steps about what the others lose to overload: within a point either way) */
    assert_true(s_aggr.all.flares_per_patient > base.all.flares_per_patient * 1.1);
    assert_true(s_aggr.all.escalations > base.all.escalations * 13 / 10);
    for (int g = 0; g < 3; g++)
        assert_true(s_aggr.by_group[g].reduction_percent < base.by_group[g].reduction_percent + 1);
    assert_true(s_aggr.all.reduction_percent <= base.all.reduction_percent + 0.5);
}

/* Every trace line has exactly the contract's keys for its type. */
struct schema_check {
    long lines;
    bool seen[7];
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
    if (ev->type == SIM_TASK) {
        assert_true(json_is_string(json_object_get(o, "kind")));
        assert_true(json_is_integer(json_object_get(o, "due_day")));
    }
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
    struct sim_config cfg = {300, 12, 11, false};
    struct schema_check sc = {0};
    struct outcome_summary s;
    struct mrx_err err;
    (void)state;
    assert_int_equal(simulate(&cfg, &data, schema_observer, &sc, &s, &err), MRX_OK);
    for (int t = 0; t < 7; t++)
        if (!sc.seen[t])
            fail_msg("no trace line of type %d in 300 patients", t);
}

static void refuses_bad_configuration(void **state)
{
    struct outcome_summary s;
    struct mrx_err err;
    (void)state;
    assert_int_equal(simulate(&(struct sim_config){0, 12, 1, false}, &data, NULL, NULL, &s, &err),
                     MRX_EINVAL);
    assert_int_equal(simulate(&(struct sim_config){10, 0, 1, false}, &data, NULL, NULL, &s, &err),
                     MRX_EINVAL);
    assert_int_equal(simulate(&(struct sim_config){10, SIM_MAX_WEEKS + 1, 1, false}, &data, NULL,
                              NULL, &s, &err),
                     MRX_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(safety_invariants_over_thousands_of_patients),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(a_no_program_arm_of_the_same_people),
        cmocka_unit_test(outcomes_move_with_the_rules),
        cmocka_unit_test(trace_lines_follow_the_contract),
        cmocka_unit_test(refuses_bad_configuration),
    };
    return cmocka_run_group_tests(tests, load_all, shipped_free);
}
