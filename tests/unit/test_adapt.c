/*
 * test_adapt.c: each adaptation rule (docs/adaptation.md) on a small,
 * hand-made history: progress, walking progress, hold, both regressions,
 * the volume cap, chain steps, flare entry and exit, the hold while a red
 * flag is open, and every review trigger; and the rules file's checks.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/adapt/adapt.h"
#include "core/adapt/dose_step.h"
#include "core/text/patient_text.h"
#include "data/datadir.h"
#include "shipped_data.h"

/* Short names for the shipped data keep the tests readable. */
#define cat ds.catalog
#define prog ds.program
#define triage_rules ds.triage
#define rules ds.adapt

/* A medium-risk person, baseline pain 5, plan starting on day 0. */
static struct adapt_state start_state(void)
{
    static const long medium[9] = {1, 1, 1, 1, 0, 0, 0, 0, 0};
    struct intake in = {0};
    struct triage_result t;
    struct adapt_state s;
    struct plan p;
    struct mrx_err err;

    in.pain_now = 5;
    in.duration_weeks = 8;
    memcpy(in.startback, medium, sizeof(medium));
    in.walking_minutes_per_day = 10;
    in.minutes_per_day = 60;
    in.days_per_week = 5;
    in.preferences.walking = in.preferences.floor_exercises_ok = true;
    triage_evaluate(&triage_rules, &in.red_flags, &t);
    assert_int_equal(plan_first(&in, &t, &cat, &prog, &p, &err), MRX_OK);
    adapt_state_from_plan(&p, &in, 0, &s);
    plan_release(&p);
    triage_result_release(&t);
    return s;
}

/* A history builder: sessions doing every item, and check-ins. */
struct hist {
    struct session_log s[64];
    struct checkin_log c[64];
    int ns, nc;
};

static void session(struct hist *h, long day, double pain, unsigned items)
{
    h->s[h->ns++] = (struct session_log){day, pain, items};
}

static void checkin(struct hist *h, long day, double pain, double next_morning)
{
    h->c[h->nc++] =
        (struct checkin_log){day, pain, next_morning >= 0, next_morning, 10, TIER_NONE, false};
}

static int decide(const struct adapt_state *s, const struct hist *h, long today,
                  struct decision *out)
{
    struct history hh = {h->s, h->ns, h->c, h->nc};
    return adapt_decide(&rules, &cat, s, &hh, today, out);
}

static const struct decision *find(const struct decision *d, int n, enum adapt_rule_id rule,
                                   int item)
{
    for (int i = 0; i < n; i++)
        if (d[i].rule == rule && (item < 0 || d[i].item == item))
            return &d[i];
    return NULL;
}

/* Three tolerated sessions in the first week, each settled by the next morning. */
static void tolerated_week(struct hist *h, double pain, double next_morning, unsigned items)
{
    for (long day = 1; day <= 5; day += 2) {
        session(h, day, pain, items);
        checkin(h, day + 1, 4, next_morning);
    }
}

static void check_explained(const struct decision *d)
{
    assert_true(strlen(d->reason) > 20);
    assert_null(strchr(d->reason, '{')); /* every placeholder filled */
    assert_true(strlen(decision_citation(&rules, d)) > 10);
    if (patient_text_grade_message(d->reason) > PATIENT_TEXT_MAX_GRADE)
        fail_msg("reason reads above grade 8: %s", d->reason);
}

/* adapt-1.x */
static void progress_when_tolerated(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    const struct decision *p;
    int n;
    (void)state;
    tolerated_week(&h, 2, 5, 1u << 0);
    assert_int_equal(decide(&s, &h, 6, d), 0); /* not yet a week */
    n = decide(&s, &h, 7, d);
    p = find(d, n, AR_PROGRESS, 0);
    assert_non_null(p);
    assert_int_equal(p->kind, DECIDE_PROGRESS);
    assert_true(dose_weekly_volume(&p->to) > dose_weekly_volume(&p->from));
    assert_true(dose_weekly_volume(&p->to) <= dose_weekly_volume(&p->from) * 1.30 + 1e-9);
    assert_true(dose_in_range(&p->to, &s.items[0].exercise->range));
    check_explained(p);
    /* an item not done gets no decision */
    assert_null(find(d, n, AR_PROGRESS, 1));
}

static void walks_progress_with_the_example_wording(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    const struct decision *p;
    int n;
    (void)state;
    tolerated_week(&h, 1, 5, 1u << s.walking);
    n = decide(&s, &h, 7, d);
    p = find(d, n, AR_PROGRESS_WALKS, s.walking);
    assert_non_null(p);
    assert_non_null(strstr(p->reason, "after your last 3 walks. So your walks go from 5 minutes "
                                      "to 6 minutes."));
    check_explained(p);
}

static void hold_at_acceptable_pain(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    const struct decision *p;
    int n;
    (void)state;
    tolerated_week(&h, 4, 5, 1u << 0);
    n = decide(&s, &h, 7, d);
    assert_null(find(d, n, AR_PROGRESS, 0));
    p = find(d, n, AR_HOLD, 0);
    assert_non_null(p);
    assert_memory_equal(&p->from, &p->to, sizeof(p->to));
    assert_non_null(strstr(p->reason, "4 out of 10"));
    check_explained(p);
}

static void regress_after_high_pain(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    const struct decision *p;
    int n;
    (void)state;
    session(&h, 3, 7, 1u << 0);
    n = decide(&s, &h, 4, d);
    p = find(d, n, AR_REGRESS_PAIN, 0);
    assert_non_null(p);
    assert_int_equal(p->kind, DECIDE_REGRESS);
    assert_true(dose_weekly_volume(&p->to) < dose_weekly_volume(&p->from) ||
                p->to_exercise != p->from_exercise);
    assert_non_null(strstr(p->reason, "7 out of 10"));
    check_explained(p);
}

static void regress_when_not_settled(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    session(&h, 3, 3, 1u << 1);
    checkin(&h, 4, 6, 7.5); /* baseline 5 + margin 1 = 6: not settled */
    n = decide(&s, &h, 4, d);
    assert_non_null(find(d, n, AR_REGRESS_SETTLE, 1));
    check_explained(find(d, n, AR_REGRESS_SETTLE, 1));
    /* settled exactly at the margin is fine */
    h.c[0].next_morning_pain = 6;
    n = decide(&s, &h, 4, d);
    assert_null(find(d, n, AR_REGRESS_SETTLE, 1));
}

static void no_step_without_enough_settled_sessions(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    session(&h, 1, 1, 1u << 0);
    session(&h, 3, 1, 1u << 0);
    checkin(&h, 2, 4, 5);
    checkin(&h, 4, 4, 5);
    n = decide(&s, &h, 7, d); /* two sessions only */
    assert_null(find(d, n, AR_PROGRESS, 0));
    session(&h, 5, 1, 1u << 0); /* a third, but its next morning is unknown */
    n = decide(&s, &h, 7, d);
    assert_null(find(d, n, AR_PROGRESS, 0));
}

static void volume_cap_within_seven_days(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    struct adapt_item *it = &s.items[0];
    const struct decision *p;
    double low;
    int n;
    (void)state;
    /* the dose was much lower three days ago: the step is capped against that */
    low = dose_weekly_volume(&it->dose) * 0.8;
    it->marks[0] = (struct volume_mark){3, low};
    it->marks[1] = (struct volume_mark){3, dose_weekly_volume(&it->dose)};
    it->n_marks = 2;
    tolerated_week(&h, 1, 5, 1u << 0);
    n = decide(&s, &h, 7, d);
    p = find(d, n, AR_PROGRESS, 0);
    if (p)
        assert_true(dose_weekly_volume(&p->to) <= low * 1.30 + 1e-9);
    else
        assert_non_null(find(d, n, AR_HOLD, 0)); /* capped: reviewed and held, never chained */
    assert_null(find(d, n, AR_CHAIN_STEP, 0));
}

static void chain_step_at_the_top_of_the_range(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    struct adapt_item *it = NULL;
    const struct decision *p;
    int n, i = 0;
    (void)state;
    while (i < s.walking && !s.items[i].exercise->progression)
        i++;
    assert_true(i < s.walking); /* some item has a harder exercise */
    it = &s.items[i];
    for (int k = 0; k < DOSE_KEYS; k++)
        if (it->dose.has[k] && k != DOSE_DAYS_PER_WEEK)
            it->dose.value[k] = it->range.max[k];
    it->marks[0].volume = dose_weekly_volume(&it->dose);
    assert_non_null(it->exercise->progression);
    tolerated_week(&h, 1, 5, 1u << i);
    n = decide(&s, &h, 7, d);
    p = find(d, n, AR_CHAIN_STEP, i);
    assert_non_null(p);
    assert_string_equal(p->to_exercise->id, it->exercise->progression);
    assert_true(dose_in_range(&p->to, &p->to_exercise->range));
    check_explained(p);
    adapt_apply(&rules, &s, d, n, 7);
    assert_ptr_equal(s.items[i].exercise, p->to_exercise);
}

/* adapt-2.x: flares */
static void flare_entry_reduction_and_exit(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    checkin(&h, 3, 7, -1);
    assert_null(find(d, decide(&s, &h, 3, d), AR_FLARE_START, -1)); /* one day is not a flare */
    checkin(&h, 4, 7.5, -1);
    n = decide(&s, &h, 4, d);
    assert_int_equal(n, s.n_items); /* every item, nothing else */
    for (int i = 0; i < n; i++) {
        assert_int_equal(d[i].kind, DECIDE_FLARE_START);
        assert_true(dose_weekly_volume(&d[i].to) <= dose_weekly_volume(&d[i].from));
        assert_true(dose_in_range(&d[i].to, &s.items[i].range));
        check_explained(&d[i]);
    }
    adapt_apply(&rules, &s, d, n, 4);
    assert_true(s.flare_active);
    /* during the flare nothing steps up, even after a tolerated week */
    tolerated_week(&h, 1, 5, 1u << 0);
    checkin(&h, 5, 6.5, 6.5);
    n = decide(&s, &h, 5, d);
    assert_null(find(d, n, AR_FLARE_END, -1)); /* too soon, not settled */
    checkin(&h, 7, 5, 5);
    n = decide(&s, &h, 7, d);
    assert_non_null(find(d, n, AR_FLARE_END, -1));
    assert_null(find(d, n, AR_PROGRESS, -1));
    check_explained(find(d, n, AR_FLARE_END, -1));
    adapt_apply(&rules, &s, d, n, 7);
    assert_false(s.flare_active);
}

static void flare_reported_and_not_settling(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    checkin(&h, 2, 5, -1);
    h.c[0].flare_reported = true;
    n = decide(&s, &h, 2, d);
    assert_non_null(find(d, n, AR_FLARE_START, -1));
    adapt_apply(&rules, &s, d, n, 2);
    checkin(&h, 16, 8, 8);
    n = decide(&s, &h, 16, d);
    assert_non_null(find(d, n, AR_ALERT_FLARE, -1));
    check_explained(find(d, n, AR_ALERT_FLARE, -1));
}

/* adapt-3.x: red flags and review triggers */
static void red_flags_hold_or_stop(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    const struct decision *a;
    int n;
    (void)state;
    tolerated_week(&h, 1, 5, 1u << 0);
    checkin(&h, 7, 4, 5);
    h.c[h.nc - 1].red_flag_tier = TIER_URGENT;
    n = decide(&s, &h, 7, d);
    a = find(d, n, AR_ALERT_RED_FLAG, -1);
    assert_non_null(a);
    assert_int_equal(a->tier, TIER_URGENT);
    assert_null(find(d, n, AR_PROGRESS, -1)); /* nothing steps up on a red-flag day */
    adapt_apply(&rules, &s, d, n, 7);
    assert_true(s.progression_held);
    h.c[h.nc - 1].red_flag_tier = TIER_NONE;
    n = decide(&s, &h, 8, d);
    assert_null(find(d, n, AR_PROGRESS, -1)); /* held until a clinician clears it */
    adapt_clear_hold(&s);
    n = decide(&s, &h, 8, d);
    assert_non_null(find(d, n, AR_PROGRESS, 0));

    h.c[h.nc - 1].red_flag_tier = TIER_EMERGENCY;
    n = decide(&s, &h, 7, d);
    adapt_apply(&rules, &s, d, n, 7);
    assert_true(s.stopped);
    assert_int_equal(decide(&s, &h, 8, d), 0);
}

static void no_improvement_after_three_weeks(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    for (long day = 0; day <= 21; day++) {
        session(&h, day, 3, 1u << 0);
        checkin(&h, day, 4.5, 5); /* 0.5 better than baseline 5: not important */
    }
    n = decide(&s, &h, 20, d);
    assert_null(find(d, n, AR_ALERT_NO_IMPROVEMENT, -1));
    n = decide(&s, &h, 21, d);
    assert_non_null(find(d, n, AR_ALERT_NO_IMPROVEMENT, -1));
    check_explained(find(d, n, AR_ALERT_NO_IMPROVEMENT, -1));
    for (int i = 0; i < h.nc; i++)
        h.c[i].pain = 2.5; /* halved: important */
    n = decide(&s, &h, 21, d);
    assert_null(find(d, n, AR_ALERT_NO_IMPROVEMENT, -1));
}

static void worsening_trend(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    for (long day = 1; day <= 14; day++) {
        session(&h, day, 2, 1u << 0);
        checkin(&h, day, day <= 7 ? 4 : 6, 5);
    }
    n = decide(&s, &h, 14, d);
    assert_non_null(find(d, n, AR_ALERT_WORSENING, -1));
    assert_non_null(find(d, n, AR_REGRESS_TREND, 0)); /* every item one step down */
    assert_int_equal(find(d, n, AR_REGRESS_TREND, 0)->kind, DECIDE_REGRESS);
    assert_true(dose_weekly_volume(&find(d, n, AR_REGRESS_TREND, 0)->to) <
                dose_weekly_volume(&find(d, n, AR_REGRESS_TREND, 0)->from));
    assert_null(find(d, n, AR_PROGRESS, -1));
    check_explained(find(d, n, AR_REGRESS_TREND, 0));
    adapt_apply(&rules, &s, d, n, 14);
    n = decide(&s, &h, 15, d);
    assert_null(find(d, n, AR_ALERT_WORSENING, -1)); /* not twice */
    assert_null(find(d, n, AR_REGRESS_TREND, -1));   /* at most once a week */
    assert_null(find(d, n, AR_PROGRESS, -1));        /* and nothing up while it rises */
}

static void inactivity_for_five_days(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    session(&h, 1, 2, 1u << 0);
    n = decide(&s, &h, 5, d);
    assert_null(find(d, n, AR_ALERT_INACTIVITY, -1)); /* day 1 was active */
    n = decide(&s, &h, 6, d);
    assert_non_null(find(d, n, AR_ALERT_INACTIVITY, -1));
    check_explained(find(d, n, AR_ALERT_INACTIVITY, -1));
    adapt_apply(&rules, &s, d, n, 6);
    n = decide(&s, &h, 7, d);
    assert_null(find(d, n, AR_ALERT_INACTIVITY, -1)); /* already open */
}

/* adapt-4.x: found in review */
static void chains_never_duplicate_or_raise_on_regress(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    const struct decision *p;
    int n, i = 0;
    (void)state;
    /* an item at the bottom of its range regresses to the easier exercise at the bottom */
    while (i < s.walking && !s.items[i].exercise->regression)
        i++;
    assert_true(i < s.walking);
    for (int k = 0; k < DOSE_KEYS; k++)
        if (s.items[i].dose.has[k] && k != DOSE_DAYS_PER_WEEK)
            s.items[i].dose.value[k] = s.items[i].range.min[k];
    session(&h, 3, 8, 1u << i);
    n = decide(&s, &h, 4, d);
    p = find(d, n, AR_REGRESS_PAIN, i);
    if (p && p->to_exercise != p->from_exercise) {
        for (int k = 0; k < DOSE_KEYS; k++)
            if (p->to.has[k] && k != DOSE_DAYS_PER_WEEK)
                assert_int_equal(p->to.value[k], p->to_exercise->range.min[k]);
        assert_non_null(strstr(p->reason, s.items[i].exercise->name)); /* names what was done */
        assert_non_null(strstr(p->reason, "the easier"));
    }
    /* a chain step to an exercise already in the plan is not taken */
    for (int a = 0; a < s.walking; a++)
        for (int b = 0; b < s.walking; b++)
            if (s.items[a].exercise->progression &&
                strcmp(s.items[a].exercise->progression, s.items[b].exercise->id) == 0) {
                for (int k = 0; k < DOSE_KEYS; k++)
                    if (s.items[a].dose.has[k] && k != DOSE_DAYS_PER_WEEK)
                        s.items[a].dose.value[k] = s.items[a].range.max[k];
                s.items[a].marks[0].volume = dose_weekly_volume(&s.items[a].dose);
                h.ns = 0;
                h.nc = 0;
                tolerated_week(&h, 1, 5, 1u << a);
                n = decide(&s, &h, 7, d);
                assert_null(find(d, n, AR_CHAIN_STEP, a));
            }
}

static void routine_red_flag_blocks_progression(void **state)
{
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    int n;
    (void)state;
    tolerated_week(&h, 1, 5, 1u << 0);
    checkin(&h, 7, 4, 5);
    h.c[h.nc - 1].red_flag_tier = TIER_ROUTINE;
    n = decide(&s, &h, 7, d);
    assert_non_null(find(d, n, AR_ALERT_RED_FLAG, -1));
    assert_null(find(d, n, AR_PROGRESS, -1));
    adapt_apply(&rules, &s, d, n, 7);
    h.c[h.nc - 1].red_flag_tier = TIER_NONE;
    n = decide(&s, &h, 8, d);
    assert_null(find(d, n, AR_PROGRESS, -1)); /* open until the care team resolves it */
    adapt_resolve_alert(&s, AR_ALERT_RED_FLAG);
    n = decide(&s, &h, 8, d);
    assert_non_null(find(d, n, AR_PROGRESS, 0));
}

static void walking_grows_to_the_goal_then_adds_days(void **state)
{
    struct adapt_state s = start_state();
    struct adapt_item *w = &s.items[s.walking];
    struct dose up;
    (void)state;
    w->dose.value[DOSE_BOUTS] = 1;
    w->dose.value[DOSE_MINUTES] = w->goal.minutes;
    w->dose.value[DOSE_DAYS_PER_WEEK] = 3;
    w->marks[0].volume = dose_weekly_volume(&w->dose);
    assert_true(dose_step_up(&rules.p, w, 30, &up));
    assert_int_equal(up.value[DOSE_DAYS_PER_WEEK], 4); /* a day more, under the cap */
    assert_true(up.value[DOSE_MINUTES] >= w->goal.minutes - 6);
    assert_true(dose_weekly_volume(&up) <= dose_weekly_volume(&w->dose) * 1.30 + 1e-9);
    w->dose.value[DOSE_MINUTES] = w->goal.minutes - 5;
    w->marks[0].volume = dose_weekly_volume(&w->dose);
    assert_true(dose_step_up(&rules.p, w, 30, &up));
    assert_int_equal(up.value[DOSE_DAYS_PER_WEEK], 3); /* longer walks first */
    assert_true(up.value[DOSE_MINUTES] <= w->goal.minutes);
}

static void every_template_reads_plainly(void **state)
{
    /* The longest exercise name, with changed doses, through every rule that moves a dose. */
    struct adapt_state s = start_state();
    struct decision d[ADAPT_MAX_DECISIONS];
    struct hist h = {0};
    const struct exercise *longest = NULL;
    int n;
    (void)state;
    for (int i = 0; i < cat.n; i++)
        if (!longest || strlen(cat.items[i].name) > strlen(longest->name))
            longest = &cat.items[i];
    s.items[0].exercise = longest;
    s.items[0].range = longest->range;
    s.items[0].dose = longest->dose;
    s.items[0].marks[0].volume = dose_weekly_volume(&longest->dose);
    session(&h, 3, 8, 1u << 0);
    n = decide(&s, &h, 4, d);
    for (int i = 0; i < n; i++)
        check_explained(&d[i]);
    h.ns = 0;
    tolerated_week(&h, 4, 5, 1u << 0);
    n = decide(&s, &h, 7, d);
    for (int i = 0; i < n; i++)
        check_explained(&d[i]);
    tolerated_week(&h, 1, 5, 1u << 0);
    n = decide(&s, &h, 7, d);
    for (int i = 0; i < n; i++)
        check_explained(&d[i]);
}

static void rules_file_checks(void **state)
{
    static const char *const bad[] = {
        "{\"ruleset\":\"x\",\"version\":\"1\",\"parameters\":{},\"rules\":[]}",
        "[]",
    };
    struct adapt_rules r;
    struct mrx_err err;
    char *text;
    size_t len;
    FILE *f = fopen(SHIPPED_DATA "/rules/adapt.json", "rb");
    json_t *doc;
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(bad); i++)
        assert_int_equal(adapt_rules_parse(bad[i], strlen(bad[i]), "f", &r, &err), MRX_EDATA);
    assert_non_null(f);
    text = calloc(1, 65536);
    len = fread(text, 1, 65535, f);
    fclose(f);
    doc = json_loadb(text, len, 0, NULL);
    free(text);
    /* a cap above 30 % is refused */
    json_object_set_new(json_object_get(doc, "parameters"), "cap_percent_7_days", json_real(40));
    text = json_dumps(doc, 0);
    assert_int_equal(adapt_rules_parse(text, strlen(text), "f", &r, &err), MRX_EDATA);
    assert_non_null(strstr(err.msg, "safe bounds"));
    free(text);
    json_object_set_new(json_object_get(doc, "parameters"), "cap_percent_7_days", json_real(30));
    /* a missing rule is refused */
    json_array_remove(json_object_get(doc, "rules"), 0);
    text = json_dumps(doc, 0);
    assert_int_equal(adapt_rules_parse(text, strlen(text), "f", &r, &err), MRX_EDATA);
    assert_non_null(strstr(err.msg, "is missing"));
    free(text);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(progress_when_tolerated),
        cmocka_unit_test(walks_progress_with_the_example_wording),
        cmocka_unit_test(hold_at_acceptable_pain),
        cmocka_unit_test(regress_after_high_pain),
        cmocka_unit_test(regress_when_not_settled),
        cmocka_unit_test(no_step_without_enough_settled_sessions),
        cmocka_unit_test(volume_cap_within_seven_days),
        cmocka_unit_test(chain_step_at_the_top_of_the_range),
        cmocka_unit_test(flare_entry_reduction_and_exit),
        cmocka_unit_test(flare_reported_and_not_settling),
        cmocka_unit_test(red_flags_hold_or_stop),
        cmocka_unit_test(no_improvement_after_three_weeks),
        cmocka_unit_test(worsening_trend),
        cmocka_unit_test(inactivity_for_five_days),
        cmocka_unit_test(chains_never_duplicate_or_raise_on_regress),
        cmocka_unit_test(routine_red_flag_blocks_progression),
        cmocka_unit_test(walking_grows_to_the_goal_then_adds_days),
        cmocka_unit_test(every_template_reads_plainly),
        cmocka_unit_test(rules_file_checks),
    };
    return cmocka_run_group_tests(tests, shipped_load, shipped_free);
}
