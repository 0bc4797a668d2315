/*
 * test_plan.c: the first plan (docs/plan.md): stratum shapes, starting
 * levels, constraints, preferences, walking starts, time fitting, pause, and
 * a property test over thousands of generated intakes asserting the plan's
 * promises: 4 to 6 exercises covering every required slot, every dose in its
 * safe range, the day inside the person's time, nothing their situation
 * rules out, and a plain-language explanation.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "common/date.h"
#include "core/plan/goals.h"
#include "core/plan/plan.h"
#include "core/plan/week.h"
#include "formats/plan_json.h"
#include "core/text/patient_text.h"
#include "data/datadir.h"
#include "data/fileio.h"
#include "plan_fixture.h"
#include "shipped_data.h"

/* Short names for the shipped data keep the tests readable. */
#define cat ds.catalog
#define prog ds.program
#define rules ds.triage

/* A medium-risk, moderate-pain intake with time to spare; tests change one thing. */
static const char *jstr_of(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static struct intake base_intake(void)
{
    struct intake in = {0};
    static const long medium[9] = {1, 1, 1, 1, 0, 0, 0, 0, 0};
    in.pain_now = 5;
    in.duration_weeks = 8;
    memcpy(in.startback, medium, sizeof(medium));
    in.walking_minutes_per_day = 10;
    in.minutes_per_day = 60;
    in.days_per_week = 5;
    in.preferences.walking = true;
    in.preferences.floor_exercises_ok = true;
    return in;
}

static void set_stratum(struct intake *in, enum startback_risk r)
{
    static const long sb[3][9] = {
        {0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1, 4}};
    memcpy(in->startback, sb[r], sizeof(sb[r]));
}

static const struct plan_item *item_in_slot(const struct plan *p, const char *slot)
{
    for (int i = 0; i < p->n_items; i++)
        if (strcmp(p->items[i].slot->id, slot) == 0)
            return &p->items[i];
    return NULL;
}

/* The item a slot must hold: the test fails without it (and the caller is never handed
 * NULL, which an optimizing build warns of). */
static const struct plan_item *slot_item(const struct plan *p, const char *slot)
{
    static const struct exercise none_ex;
    static const struct plan_item none = {.exercise = &none_ex};
    const struct plan_item *it = item_in_slot(p, slot);

    if (!it)
        fail_msg("no item in slot %s", slot);
    return it ? it : &none;
}

/* plan-1.x: what each stratum adds */
static void strata_shape_the_plan(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    (void)state;
    set_stratum(&in, STARTBACK_LOW);
    p = make(&in);
    assert_int_equal(p.stratum, STARTBACK_LOW);
    assert_int_equal(p.n_items, 4); /* a short program: no preference opens a fifth */
    assert_null(p.review_who);
    assert_string_equal(p.lessons[0], "why-movement-helps");
    plan_release(&p);

    set_stratum(&in, STARTBACK_MEDIUM);
    p = make(&in);
    assert_string_equal(p.review_who, "physiotherapist");
    assert_int_equal(p.review_within_days, 14);
    assert_non_null(item_in_slot(&p, "hip")); /* the full program */
    plan_release(&p);

    set_stratum(&in, STARTBACK_HIGH);
    p = make(&in);
    assert_string_equal(p.review_who, "clinician");
    assert_true(p.review_within_days <= 3);
    assert_non_null(item_in_slot(&p, "relaxation"));
    assert_string_equal(p.lessons[0], "hurt-is-not-harm");
    assert_string_equal(p.lessons[1], "fear-of-movement");
    assert_string_equal(p.lessons[3], "pacing");
    plan_release(&p);
}

static int max_level(const struct plan *p)
{
    int m = 0;
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].exercise->level > m)
            m = p->items[i].exercise->level;
    return m;
}

/* plan-2.x: starting level from pain and disability */
static void starting_level(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    (void)state;
    in.pain_now = 8;
    p = make(&in);
    assert_string_equal(p.start_level->id, "start_gentle");
    assert_int_equal(max_level(&p), 1);
    plan_release(&p);

    in.pain_now = 2;
    p = make(&in);
    assert_string_equal(p.start_level->id, "start_moderate");
    assert_true(max_level(&p) <= 3);
    assert_true(max_level(&p) >= 2);
    plan_release(&p);

    /* low pain but severe disability (ODI 50 %) starts gentle */
    in.disability = DISABILITY_ODI;
    for (int i = 0; i < 10; i++)
        in.odi[i] = 1u << (i < 5 ? 2 : 3);
    p = make(&in);
    assert_string_equal(p.start_level->id, "start_gentle");
    assert_int_equal(max_level(&p), 1);
    plan_release(&p);
}

/* plan-3.x: constraints */
static void constraints_are_respected(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    (void)state;
    in.pain_now = 2; /* allow harder exercises, so constraints matter */
    in.pregnant = true;
    in.preferences.floor_exercises_ok = false;
    in.leg_pain = true;
    p = make(&in);
    assert_true(p.n_items >= 4);
    for (int i = 0; i < p.n_items; i++) {
        const struct exercise *ex = p.items[i].exercise;
        assert_false(ex->floor);
        assert_int_not_equal(ex->cautions[CAUTION_PREGNANCY].advice, ADVICE_AVOID);
        assert_int_not_equal(ex->cautions[CAUTION_ACUTE_LEG_PAIN].advice, ADVICE_AVOID);
    }
    assert_non_null(strstr(p.explanation, "pregnant"));
    assert_non_null(strstr(p.explanation, "floor"));
    plan_release(&p);
}

/* plan-4.x: preferences open slots */
static void preferences_open_slots(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    (void)state;
    set_stratum(&in, STARTBACK_LOW);
    in.preferences.pool_access = true;
    p = make(&in);
    assert_non_null(item_in_slot(&p, "pool"));
    assert_int_equal(p.n_items, 5);
    plan_release(&p);

    in.preferences.pool_access = false;
    in.preferences.yoga = true;
    p = make(&in);
    assert_non_null(item_in_slot(&p, "yoga"));
    assert_null(item_in_slot(&p, "pool"));
    plan_release(&p);

    in.preferences.yoga = false;
    in.preferences.tai_chi = true;
    p = make(&in);
    assert_non_null(item_in_slot(&p, "tai_chi"));
    plan_release(&p);

    /* the pool and a mind-body session are sessions of their own: with time, both go
     * in beside a full plan of exercises; a second mind-body one is named, with why */
    set_stratum(&in, STARTBACK_MEDIUM);
    in.preferences.pool_access = in.preferences.yoga = in.preferences.tai_chi = true;
    in.minutes_per_day = 90;
    p = make(&in);
    assert_non_null(item_in_slot(&p, "pool"));
    assert_non_null(item_in_slot(&p, "yoga"));
    assert_null(item_in_slot(&p, "tai_chi"));
    assert_int_equal(p.n_items, 7);
    assert_int_equal(p.n_omitted, 1);
    assert_int_equal(p.omitted[0].why, OMIT_ONE_SESSION);
    assert_non_null(strstr(p.explanation, "one calm, mind-body session"));
    plan_release(&p);
    in.preferences.pool_access = in.preferences.yoga = in.preferences.tai_chi = false;
    in.minutes_per_day = 60;
    set_stratum(&in, STARTBACK_LOW);

    /* pregnant and asking for yoga: chair yoga (gentle yoga has a pose on the front) */
    in.preferences.yoga = true;
    in.pregnant = true;
    p = make(&in);
    assert_string_equal(slot_item(&p, "yoga")->exercise->id, "chair-yoga");
    plan_release(&p);
    in.pregnant = false;
    in.preferences.yoga = false;

    /* a pool session too short to be worth the trip is left out, saying with how
     * many minutes a day it would go in */
    in.preferences.pool_access = true;
    in.minutes_per_day = 20;
    p = make(&in);
    assert_null(item_in_slot(&p, "pool"));
    assert_int_equal(p.n_omitted, 1);
    assert_int_equal(p.omitted[0].why, OMIT_NO_TIME);
    assert_true(p.omitted[0].number > 20);
    plan_release(&p);
    in.preferences.pool_access = false;
    in.minutes_per_day = 60;

    /* without a pool, no water exercise, whatever the slot lists */
    in.preferences.tai_chi = false;
    p = make(&in);
    for (int i = 0; i < p.n_items; i++)
        assert_int_equal(p.items[i].exercise->equipment & (1u << EQUIP_POOL), 0);
    plan_release(&p);
}

static void hamstrings_daily(void **state)
{
    struct intake in = base_intake();
    struct plan p = make(&in);
    const struct plan_item *h = slot_item(&p, "hamstring");
    (void)state;
    assert_non_null(h);
    assert_int_equal(h->dose.value[DOSE_DAYS_PER_WEEK], 5); /* every day the person gave */
    plan_release(&p);
    in.days_per_week = 7;
    p = make(&in);
    assert_int_equal(slot_item(&p, "hamstring")->dose.value[DOSE_DAYS_PER_WEEK], 7);
    assert_null(strstr(p.explanation, "find more"));
    plan_release(&p);
    /* Two days: the week keeps stretches and walks to them, and the explanation
     * says so and what more days would bring. */
    in.days_per_week = 2;
    in.days = 0x02u | 0x20u; /* Tuesday and Saturday */
    p = make(&in);
    {
        json_t *j = plan_to_json(&p, false, 0), *sched = json_object_get(j, "schedule");
        assert_int_equal(json_object_size(sched), 2);
        assert_non_null(json_object_get(sched, "tue"));
        assert_non_null(json_object_get(sched, "sat"));
        json_decref(j);
    }
    assert_non_null(strstr(p.explanation, "Tuesday and Saturday"));
    assert_non_null(strstr(p.explanation, "2 days a week"));
    assert_null(strstr(p.explanation, "3 days a week"));
    assert_non_null(strstr(p.explanation, "find more"));
    plan_release(&p);
}

/* Walking the person already does is not new time: a postman who walks 150
 * minutes a day keeps walks at the goal and gives all his minutes to the
 * exercises; someone who barely walks has the walks counted in full. */
static void own_walking_takes_no_time(void **state)
{
    struct intake in = base_intake();
    struct plan p, q;
    (void)state;
    in.walking_minutes_per_day = 150;
    in.minutes_per_day = 30;
    p = make(&in);
    assert_int_equal(p.walking.minutes, p.walking.long_term_goal.minutes);
    assert_int_equal(p.walking.bouts, 1);
    assert_true(p.day_minutes <= 30);
    assert_non_null(strstr(p.explanation, "Keep up the walking you do now"));
    in.walking_minutes_per_day = 0;
    q = make(&in);
    /* the walker's exercises take at least the time the non-walker's have beside his walks */
    assert_true(q.day_minutes >= q.walking.minutes * q.walking.bouts);
    assert_true(p.day_minutes >= q.day_minutes - q.walking.minutes * q.walking.bouts);
    assert_true(p.n_items >= q.n_items);
    assert_null(strstr(q.explanation, "Keep up the walking you do now"));
    plan_release(&p);
    plan_release(&q);
    assert_true(walk_day_minutes(30, 1, 150) == 0);
    assert_true(walk_day_minutes(5, 2, 4) == 10); /* steps about the house: no credit */
    assert_true(walk_day_minutes(25, 1, 20) == 5);
    assert_true(walk_day_minutes(10, 2, 0) == 20);
}

/* The goal table matches the person's words at the start of a word, case aside,
 * the first entry winning; nothing matched is outside the table. */
static void goals_match_words(void **state)
{
    const struct goal_table *t = &prog.goals;
    static const struct {
        const char *activity, *goals; /* the ids matched, in the table's order */
    } cases[] = {
        {"Gardening", "gardening"},
        {"walking the dog", "walking"},
        {"carrying shopping", "lifting"},
        {"sitting through a film", "sitting"},
        {"visiting friends", ""},
        {"working on a building site on Saturdays", "work"}, /* not "sit" in "site" */
        {"playing the violin", ""},
        {"boxing", "sport"},
        {"standing up from a chair", "getting_up standing"},
        {"getting out of the bath", "getting_up bending"},
        {"picking up my kids", "lifting bending"},
        {"tying my shoelaces", "bending"},
        {"mopping the floor", "bending"},
        {"lying on the sofa", "sleep"},
        {"doing my postal round", "work"},
        {"putting on my socks", "bending"},
        {"knitting", ""},
        /* a silent e dropped before -ing, -ed, -er (a physiotherapist's vignette: "driving 2
         * hours" was called outside the program) */
        {"driving 2 hours", "sitting"},
        {"dancing", "sport"},
        {"cycling to work", "work sport"},
        {"biking", "sport"},
        {"queuing at the shop", "standing"},
        {"a long drive", "sitting"},
        {"driver", "sitting"},
        {"dined out", ""}, /* "dine" is no keyword; nor is "din" anything */
        {"", ""},
    };
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(cases); i++) {
        const struct goal_activity *g[GOAL_MAX_MATCHES];
        char got[128] = "";
        size_t len = 0;
        int n = goal_match(t, cases[i].activity, g, GOAL_MAX_MATCHES);
        for (int k = 0; k < n; k++)
            len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", k ? " " : "", g[k]->id);
        if (strcmp(got, cases[i].goals) != 0)
            fail_msg("'%s': expected '%s', got '%s'", cases[i].activity, cases[i].goals, got);
    }
    assert_int_equal(goal_match(t, NULL, NULL, 0), 0);
    /* a harder version trains what its easier one of the same kind trains (the hip hinge is
     * sit to stand's next step: getting up); not across kinds (a bridge does not train what
     * the pelvic tilt, its easier version, trains) */
    {
        const struct goal_activity *g[GOAL_MAX_MATCHES];
        const struct exercise *hinge = catalog_find(&cat, "hip-hinge");
        assert_int_equal(goal_match(t, "getting up from a low chair", g, GOAL_MAX_MATCHES), 1);
        assert_false(goal_trained_by(g[0], hinge, NULL)); /* not named */
        assert_true(goal_trained_by(g[0], hinge, &cat));  /* sit to stand's next step */
        for (int a = 0; a < t->n; a++) {
            const struct exercise *bridge = catalog_find(&cat, "bridge");
            const struct exercise *tilt = catalog_find(&cat, "pelvic-tilt");
            if (goal_trained_by(&t->activities[a], tilt, NULL) &&
                !goal_trained_by(&t->activities[a], bridge, NULL))
                assert_false(goal_trained_by(&t->activities[a], bridge, &cat));
        }
    }
}

/* A PSFS goal in the plan: linked to the exercises that train it, in the
 * explanation; one outside the table is said to be so. */
static void goals_shape_the_plan(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    json_t *j, *g;
    (void)state;
    in.n_psfs = 2;
    in.psfs[0].activity = (char *)"lifting my toddler";
    in.psfs[0].rating = 3;
    in.psfs[1].activity = (char *)"knitting";
    in.psfs[1].rating = 6;
    p = make(&in);
    assert_int_equal(p.n_goals, 2);
    assert_string_equal(p.goals[0].match[0]->id, "lifting");
    assert_true(p.goals[0].items != 0);
    assert_int_equal(p.goals[1].n_match, 0);
    assert_non_null(strstr(p.explanation, "\"knitting\" is not something this program trains"));
    j = plan_to_json(&p, false, 0);
    g = json_array_get(json_object_get(j, "goals"), 0);
    assert_string_equal(json_string_value(json_object_get(g, "activity")), "lifting my toddler");
    assert_string_equal(json_string_value(json_object_get(g, "goal")), "lifting");
    assert_true(json_array_size(json_object_get(g, "exercises")) > 0);
    assert_true(
        json_is_null(json_object_get(json_array_get(json_object_get(j, "goals"), 1), "goal")));
    json_decref(j);
    /* the goal chose the exercises: where a slot has one that trains lifting and
     * suits the person, the slot holds it (without the goal, the core slot's
     * first choice trains nothing of lifting) */
    {
        const struct plan_item *core = slot_item(&p, "core");
        const struct plan_item *strength = slot_item(&p, "strength");
        struct intake plain = base_intake();
        struct plan q;
        assert_true(goal_trained_by(p.goals[0].match[0], core->exercise, NULL));
        assert_true(goal_trained_by(p.goals[0].match[0], strength->exercise, NULL));
        q = make(&plain);
        assert_false(goal_trained_by(p.goals[0].match[0], slot_item(&q, "core")->exercise, NULL));
        assert_ptr_not_equal(slot_item(&q, "core")->exercise, core->exercise);
        plan_release(&q);
    }
    plan_release(&p);
}

/* From 70, a move that tests balance (on a step, on one leg) gives way to a supported one
 * where the slot has one, and the explanation says why; at 50 it does not (a
 * physiotherapist's vignette: a 75-year-old of low fitness on a step for a stretch). */
static void balance_care_from_seventy(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    bool step = false;
    (void)state;
    in.has_age = true;
    in.age = 50;
    p = make(&in);
    for (int i = 0; i < p.n_items; i++)
        step |= (p.items[i].exercise->equipment & (1u << EQUIP_STEP)) != 0;
    assert_true(step); /* the standing stretch on a step, as before */
    assert_null(strstr(p.explanation, "Falls matter"));
    plan_release(&p);
    in.age = 75;
    p = make(&in);
    for (int i = 0; i < p.n_items; i++) {
        const struct exercise *ex = p.items[i].exercise;
        if (ex->equipment & (1u << EQUIP_STEP))
            fail_msg("age 75: %s is done on a step", ex->id);
        for (int k = 0; k < ex->n_tags; k++)
            if (strcmp(ex->tags[k], "balance") == 0)
                fail_msg("age 75: %s tests balance", ex->id);
    }
    assert_non_null(strstr(p.explanation, "Falls matter more as we get older"));
    plan_release(&p);
    /* not tai chi: slow balance work is what prevents falls (a fit 72-year-old who asked for
     * it had been given only the seated version) */
    in.age = 72;
    in.preferences.tai_chi = true;
    p = make(&in);
    assert_non_null(item_in_slot(&p, "tai_chi"));
    assert_string_equal(slot_item(&p, "tai_chi")->exercise->id, "tai-chi");
    plan_release(&p);
}

/* The slots share the goals out: with gardening and tennis, the hip hinge (both) is
 * chosen over sit to stand (gardening only), so tennis is not left with nothing. */
static void goals_are_shared_out(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    (void)state;
    in.n_psfs = 2;
    in.psfs[0].activity = (char *)"gardening";
    in.psfs[0].rating = 3;
    in.psfs[1].activity = (char *)"playing tennis";
    in.psfs[1].rating = 3;
    p = make(&in);
    assert_int_equal(p.n_goals, 2);
    assert_true(p.goals[0].items != 0);
    assert_true(p.goals[1].items != 0);
    plan_release(&p);
}

/* A goal chooses among a slot's exercises of its own kind, never a different kind: for
 * every goal of the table, at three levels of ability, each slot holds an exercise of the
 * kind it holds without the goal (a goal of sleeping better had put the pelvic tilt, a
 * mobility move down the bridge's chain, in the strength slot: no strength work at all). */
static void goals_keep_each_slot_its_kind(void **state)
{
    const struct goal_table *t = &prog.goals;
    static const double pains[] = {3, 8};
    (void)state;
    for (int r = STARTBACK_LOW; r <= STARTBACK_HIGH; r++)
        for (size_t pn = 0; pn < MRX_ARRAY_LEN(pains); pn++)
            for (int g = 0; g < t->n; g++) {
                struct intake in = base_intake(), plain = base_intake();
                struct plan p, q;
                set_stratum(&in, (enum startback_risk)r);
                set_stratum(&plain, (enum startback_risk)r);
                in.pain_now = plain.pain_now = pains[pn];
                in.n_psfs = 1;
                in.psfs[0].activity = (char *)t->activities[g].keywords[0];
                in.psfs[0].rating = 3;
                p = make(&in);
                q = make(&plain);
                for (int i = 0; i < p.n_items; i++) {
                    const struct plan_item *was = item_in_slot(&q, p.items[i].slot->id);
                    if (was && was->exercise->category != p.items[i].exercise->category)
                        fail_msg("goal '%s' (stratum %d, pain %.0f): slot %s holds %s, not an "
                                 "exercise of the kind of %s",
                                 t->activities[g].id, r, pains[pn], p.items[i].slot->id,
                                 p.items[i].exercise->id, was->exercise->id);
                }
                plan_release(&p);
                plan_release(&q);
            }
}

/* plan-5.x: walking starts below the baseline, in short bouts when small; real walking
 * (20 minutes a day or more) is kept as it is, up to the long-term goal's 30 minutes */
static void walking_start(void **state)
{
    static const struct {
        int baseline, minutes, bouts;
    } cases[] = {{0, 5, 2},   {5, 5, 2},   {14, 5, 2},  {19, 5, 3},  {20, 20, 1},
                 {24, 24, 1}, {30, 30, 1}, {37, 30, 1}, {120, 30, 1}};
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(cases); i++) {
        struct intake in = base_intake();
        struct plan p;
        in.walking_minutes_per_day = cases[i].baseline;
        p = make(&in);
        if (p.walking.minutes != cases[i].minutes || p.walking.bouts != cases[i].bouts)
            fail_msg("baseline %d: %d x %d, expected %d x %d", cases[i].baseline, p.walking.bouts,
                     p.walking.minutes, cases[i].bouts, cases[i].minutes);
        if (cases[i].baseline >= 12 && cases[i].baseline < WALK_CREDIT_FROM_MINUTES)
            assert_true(p.walking.minutes * p.walking.bouts < cases[i].baseline);
        if (cases[i].baseline >= WALK_CREDIT_FROM_MINUTES) /* never less than they walk now */
            assert_true(p.walking.minutes >= (cases[i].baseline < 30 ? cases[i].baseline : 30));
        assert_int_equal(p.walking.goal.minutes, 25);
        assert_int_equal(p.walking.long_term_goal.minutes, 30);
        assert_int_equal(p.walking.long_term_goal.days_per_week, 5);
        plan_release(&p);
    }
}

/* plan-6.x: the day fits the time the person has */
static void time_is_fitted(void **state)
{
    struct intake in = base_intake();
    struct plan roomy, tight;
    (void)state;
    set_stratum(&in, STARTBACK_HIGH);
    in.preferences.pool_access = true;
    roomy = make(&in);
    in.minutes_per_day = INTAKE_MIN_MINUTES_PER_DAY;
    tight = make(&in);
    assert_true(tight.day_minutes <= INTAKE_MIN_MINUTES_PER_DAY);
    assert_true(tight.n_items >= 4);
    assert_true(tight.n_items <= roomy.n_items);
    assert_true(tight.day_minutes < roomy.day_minutes);
    plan_release(&roomy);
    plan_release(&tight);
}

/* plan-7.x: triage first */
static void triage_pause_holds_progression(void **state)
{
    struct intake in = base_intake();
    struct triage_result t;
    struct plan p;
    struct mrx_err err;
    size_t fever = (size_t)(answer_field_find("temperature_c") - answer_fields());
    (void)state;
    in.red_flags.present[fever] = true;
    in.red_flags.value[fever] = 38.5;
    p = make(&in);
    assert_int_equal(p.status, PLAN_PAUSED);
    assert_true(p.progression_held);
    assert_non_null(
        strstr(p.explanation, "a doctor to check them today")); /* and starts once checked */
    plan_release(&p);

    in.red_flags.present[answer_field_find("chest_pain") - answer_fields()] = true;
    in.red_flags.value[answer_field_find("chest_pain") - answer_fields()] = 1;
    triage_evaluate(&rules, &in.red_flags, &t);
    assert_int_equal(t.program, PROGRAM_STOP);
    assert_int_not_equal(plan_first(&in, &t, &cat, &prog, &p, &err), MRX_OK);
    triage_result_release(&t);
}

/* plan-8.x: found in review */
static void review_fixes(void **state)
{
    struct intake in = base_intake();
    struct triage_result t;
    struct plan p;
    size_t fever = (size_t)(answer_field_find("temperature_c") - answer_fields());
    size_t one_leg = (size_t)(answer_field_find("one_leg_numbness_tingling") - answer_fields());
    (void)state;
    /* pregnancy: an ok exercise is preferred to one that needs changing */
    in.pain_now = 2;
    in.pregnant = true;
    p = make(&in);
    for (int i = 0; i < p.n_items; i++)
        if (p.items[i].exercise->cautions[CAUTION_PREGNANCY].advice != ADVICE_OK)
            assert_non_null(p.items[i].caution); /* and then its note goes with it */
    assert_non_null(strstr(p.explanation, "pregnan"));
    plan_release(&p);
    /* not pregnant: the explanation says nothing about pregnancy */
    in.pregnant = false;
    p = make(&in);
    assert_null(strstr(p.explanation, "pregnan"));
    plan_release(&p);

    /* urgent: a doctor today, the plan once the care team has checked */
    in.red_flags.present[fever] = true;
    in.red_flags.value[fever] = 39;
    p = make(&in);
    assert_string_equal(p.review_who, "clinician");
    assert_int_equal(p.review_within_days, 1);
    plan_release(&p);
    in.red_flags.present[fever] = false;

    /* routine on a medium plan: the physio's review comes sooner, same reviewer */
    in.red_flags.present[one_leg] = true;
    in.red_flags.value[one_leg] = 1;
    triage_evaluate(&rules, &in.red_flags, &t);
    assert_int_equal(t.tier, TIER_ROUTINE);
    triage_result_release(&t);
    p = make(&in);
    assert_string_equal(p.review_who, "physiotherapist");
    assert_int_equal(p.review_within_days, 5);
    plan_release(&p);
    in.red_flags.present[one_leg] = false;

    /* the weekly average counts: low pain now, high all week, starts gentle */
    in.pain_now = 3;
    in.has_pain_week_average = true;
    in.pain_week_average = 8;
    p = make(&in);
    assert_string_equal(p.start_level->id, "start_gentle");
    plan_release(&p);
    in.has_pain_week_average = false;

    /* walking preference off: walks stay, and the plan says why */
    in.preferences.walking = false;
    p = make(&in);
    assert_true(p.walking.minutes > 0);
    assert_non_null(strstr(p.explanation, "not your favourite"));
    plan_release(&p);
}

/* ==================== Properties over generated intakes ==================== */

/* A small deterministic generator (splitmix64), so failures reproduce. */
static uint64_t rng_state;

static uint64_t next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int below(int n)
{
    return (int)(next() % (uint64_t)n);
}

static struct intake random_intake(void)
{
    struct intake in = base_intake();
    in.pain_now = below(11);
    in.duration_weeks = below(60);
    for (int i = 0; i < 8; i++)
        in.startback[i] = below(2);
    in.startback[8] = below(5);
    /* the week's average beside today's: either can make land hurt (water.c) */
    in.has_pain_week_average = below(2) == 0;
    in.pain_week_average = in.has_pain_week_average ? below(11) : 0;
    if (below(3) == 0) {
        in.disability = DISABILITY_ODI;
        for (int i = 0; i < 10; i++)
            in.odi[i] = i < 8 || below(2) ? 1u << below(6) : 0;
    } else if (below(2) == 0) {
        in.disability = DISABILITY_RMDQ;
        in.n_rmdq = below(25);
        for (int i = 0; i < in.n_rmdq; i++)
            in.rmdq[i] = i + 1;
    }
    in.leg_pain = below(3) == 0;
    in.pregnant = below(8) == 0;
    /* none; some; up to a postman's 150 minutes and past the intake's 600 limit's half */
    in.walking_minutes_per_day = below(4) == 0 ? 0 : below(3) == 0 ? below(300) : below(90);
    /* the intake's whole range, 20 to 240, mostly the usual 20 to 80 */
    in.minutes_per_day = INTAKE_MIN_MINUTES_PER_DAY + (below(5) == 0 ? below(221) : below(60));
    in.days_per_week = 1 + below(7);
    if (below(2)) { /* the days themselves, as program v2 asks */
        in.days = 0;
        while (week_count(in.days) < in.days_per_week)
            in.days |= 1u << below(7);
    }
    in.preferences.pool_access = below(3) == 0;
    in.preferences.yoga = below(3) == 0;
    in.preferences.tai_chi = below(4) == 0;
    in.preferences.gym_equipment = below(4) == 0;
    in.preferences.floor_exercises_ok = below(4) != 0;
    in.preferences.walking = below(4) != 0;
    {
        static const char *const activities[] = {
            "gardening",         "Walking the dog", "lifting my grandson", "sitting at my desk",
            "playing the cello", "Tennis",          "getting out of bed",  "standing to cook",
            "putting on socks",  "climbing stairs", "sleeping through",    "my job as a nurse",
            "knitting",          "visiting friends"};
        in.n_psfs = below(PSFS_MAX_ACTIVITIES + 1);
        for (int k = 0; k < in.n_psfs; k++) {
            in.psfs[k].activity = (char *)activities[below((int)MRX_ARRAY_LEN(activities))];
            in.psfs[k].rating = below(11);
        }
    }
    return in;
}

static bool trained_by_any(const struct plan_goal *g, const struct exercise *ex)
{
    for (int m = 0; m < g->n_match; m++)
        if (goal_trained_by(g->match[m], ex, NULL))
            return true;
    return false;
}

/* "With N minutes a day, it would": with N minutes a day, it is in the plan. */
static void check_minutes_named(const struct plan *p, const struct intake *in, int n)
{
    for (int i = 0; i < p->n_omitted; i++) {
        const struct omission *o = &p->omitted[i];
        struct intake more = *in;
        struct plan q;
        bool in_plan = false;
        if (o->why != OMIT_NO_TIME || !o->number)
            continue;
        more.minutes_per_day = o->number;
        q = make(&more);
        for (int k = 0; k < q.n_items; k++)
        in_plan |= q.items[k].slot->requires == o->preference;
        plan_release(&q);
        if (!in_plan)
            fail_msg("intake %d: %s named as in with %d minutes a day, and it is not", n,
                     preference_name(o->preference), o->number);
    }
}

static void check_plan_promises(const struct plan *p, const struct intake *in, int n)
{
    const char *const required[] = {"mobility", "hamstring", "core", "strength"};
    double g = patient_text_grade_message(p->explanation);

    {
        /* 4 to 6 exercises, and at most one water exercise and one yoga or tai chi session */
        int land = 0, water = 0, calm = 0;
        for (int i = 0; i < p->n_items; i++) {
            enum exercise_category c = p->items[i].exercise->category;
            water += c == CAT_AQUATIC;
            calm += c == CAT_MIND_BODY;
            land += c != CAT_AQUATIC && c != CAT_MIND_BODY;
        }
        if (land < 4 || land > 6 || water > 1 || calm > 1)
            fail_msg("intake %d: %d exercises, %d in water, %d mind-body", n, land, water, calm);
        /* a pool session worth the trip; a yoga slot gives yoga, a tai chi one tai chi */
        for (int i = 0; i < p->n_items; i++) {
            const struct plan_item *it = &p->items[i];
            const char *tag = strcmp(it->slot->id, "yoga") == 0      ? "yoga"
                              : strcmp(it->slot->id, "tai_chi") == 0 ? "tai-chi"
                                                                     : NULL;
            bool tagged = !tag;
            for (int t = 0; tag && t < it->exercise->n_tags; t++)
                tagged |= strcmp(it->exercise->tags[t], tag) == 0;
            if (it->exercise->category == CAT_AQUATIC && it->minutes < POOL_SESSION_MIN_MINUTES)
                fail_msg("intake %d: a pool session of %.1f minutes", n, it->minutes);
            if (!tagged)
                fail_msg("intake %d: '%s' in the %s slot", n, it->exercise->id, it->slot->id);
        }
    }
    for (size_t k = 0; k < MRX_ARRAY_LEN(required); k++)
        if (!item_in_slot(p, required[k]))
            fail_msg("intake %d: no '%s' exercise", n, required[k]);
    for (int i = 0; i < p->n_items; i++) {
        const struct plan_item *it = &p->items[i];
        if (!dose_in_range(&it->dose, &it->exercise->range))
            fail_msg("intake %d: '%s' dose outside its range", n, it->exercise->id);
        if (it->exercise->level > p->start_level->max_level ||
            (in->pregnant && it->exercise->cautions[CAUTION_PREGNANCY].advice == ADVICE_AVOID) ||
            (in->leg_pain &&
             it->exercise->cautions[CAUTION_ACUTE_LEG_PAIN].advice == ADVICE_AVOID) ||
            (!in->preferences.floor_exercises_ok && it->exercise->floor))
            fail_msg("intake %d: '%s' does not suit the person", n, it->exercise->id);
        for (int k = 0; k < i; k++)
            if (p->items[k].exercise == it->exercise)
                fail_msg("intake %d: '%s' twice", n, it->exercise->id);
    }
    if (p->day_minutes > in->minutes_per_day)
        fail_msg("intake %d: %.1f minutes a day, only %d available", n, p->day_minutes,
                 in->minutes_per_day);
    if (p->walking.minutes * p->walking.bouts > 10 &&
        p->walking.minutes * p->walking.bouts > in->walking_minutes_per_day)
        fail_msg("intake %d: walking starts above the baseline", n);
    for (int i = 0; i < p->n_items; i++) {
        const struct exercise *ex = p->items[i].exercise;
        for (int k = 0; k < ex->n_tags; k++)
            if (strcmp(ex->tags[k], "walking") == 0)
                fail_msg("intake %d: '%s' doubles the walking plan", n, ex->id);
        /* more only where the exercise's range asks for more: the week keeps to the person's */
        if (p->items[i].dose.value[DOSE_DAYS_PER_WEEK] > in->days_per_week &&
            p->items[i].dose.value[DOSE_DAYS_PER_WEEK] > ex->range.min[DOSE_DAYS_PER_WEEK])
            fail_msg("intake %d: '%s' on more days than the person has", n, ex->id);
    }
    if (p->walking.days_per_week > (in->days_per_week > 3 ? in->days_per_week : 3))
        fail_msg("intake %d: walks on more days than the person has", n);
    /* "no floor" is said, and so is the walking the person already does */
    if (!in->preferences.floor_exercises_ok && !strstr(p->explanation, "floor"))
        fail_msg("intake %d: no floor, and the explanation does not say so", n);
    if (in->walking_minutes_per_day > 0 && !strstr(p->explanation, "You walk about"))
        fail_msg("intake %d: their %d minutes of walking are not named", n,
                 in->walking_minutes_per_day);
    /* every stated preference shaped the plan or is named, with why, in the explanation */
    {
        const struct intake_preferences *pr = &in->preferences;
        const struct {
            bool said;
            enum preference pref;
        } prefs[] = {{pr->pool_access, PREF_POOL},
                     {pr->yoga, PREF_YOGA},
                     {pr->tai_chi, PREF_TAI_CHI},
                     {pr->gym_equipment, PREF_GYM},
                     {!pr->walking, PREF_WALKING}};
        for (size_t k = 0; k < MRX_ARRAY_LEN(prefs); k++) {
            bool in_plan = false, named = false;
            char why[512];
            for (int i = 0; i < p->n_items; i++)
            in_plan |= p->items[i].slot->requires == prefs[k].pref;
            for (int i = 0; i < p->n_omitted; i++)
                if (p->omitted[i].preference == prefs[k].pref) {
                    /* its own sentence, or its name in the one sentence for a full plan */
                    static const char *const noun[] = {"",        "exercise in water", "yoga",
                                                       "tai chi", "the exercise bike", "walking"};
                    plan_omission_text(&p->omitted[i], p->available_minutes, why, sizeof(why));
                    named = strstr(p->explanation, why) != NULL ||
                            (p->omitted[i].why == OMIT_PLAN_FULL &&
                             strstr(p->explanation, noun[prefs[k].pref]) != NULL);
                }
            if (prefs[k].said && prefs[k].pref != PREF_WALKING && in_plan == named)
                fail_msg("intake %d: preference '%s' %s", n, preference_name(prefs[k].pref),
                         in_plan ? "both in the plan and named as left out"
                                 : "neither in the plan nor explained");
            if (prefs[k].pref == PREF_WALKING && prefs[k].said != named)
                fail_msg("intake %d: 'walking: false' is not answered", n);
            if (!prefs[k].said && named)
                fail_msg("intake %d: '%s' named though not asked for", n,
                         preference_name(prefs[k].pref));
        }
    }
    /* every goal is linked to what trains it, or said to be outside the program */
    if (p->n_goals != in->n_psfs)
        fail_msg("intake %d: %d goals of %d activities", n, p->n_goals, in->n_psfs);
    for (int k = 0; k < p->n_goals; k++) {
        const struct plan_goal *goal = &p->goals[k];
        char why[768];
        plan_goal_text(p, goal, why, sizeof(why));
        if (!strstr(p->explanation, why))
            fail_msg("intake %d: goal '%s' is not in the explanation", n, goal->activity);
        if (!goal->items && !goal->walking && !strstr(why, "not something this program trains") &&
            !strstr(why, "no exercise in your plan trains it yet"))
            fail_msg("intake %d: goal '%s' neither linked nor said to be outside", n,
                     goal->activity);
        for (int i = 0; i < p->n_items; i++)
            if (((goal->items >> i) & 1u) && !trained_by_any(goal, p->items[i].exercise))
                fail_msg("intake %d: '%s' linked to '%s' without the table", n,
                         p->items[i].exercise->id, goal->activity);
    }
    if (p->stratum == STARTBACK_HIGH && !item_in_slot(p, "relaxation"))
        fail_msg("intake %d: high risk without relaxation", n);
    if ((strstr(p->explanation, "pregnan") != NULL) !=
        (in->pregnant && (p->left_out & LEFT_OUT_PREGNANCY)))
        fail_msg("intake %d: the explanation is wrong about pregnancy", n);
    if (strstr(p->explanation, "already walk a good amount") &&
        p->walking.minutes < p->walking.long_term_goal.minutes)
        fail_msg("intake %d: the explanation is wrong about walking", n);
    if (p->n_lessons != PLAN_LESSON_DAYS)
        fail_msg("intake %d: %d lessons", n, p->n_lessons);
    if (g > PATIENT_TEXT_MAX_GRADE)
        fail_msg("intake %d: explanation reads at grade %.1f:\n%s", n, g, p->explanation);
}

/* The days the schedule puts an exercise on. */
static unsigned days_of(const json_t *schedule, const char *id)
{
    unsigned mask = 0;
    const char *day;
    json_t *list, *v;
    size_t k;
    int d;

    json_object_foreach((json_t *)schedule, day, list)
    {
        json_array_foreach(list, k, v)
        {
            const char *e = json_string_value(json_object_get(v, "exercise"));
            if (e && strcmp(e, id) == 0 && weekday_from_name(day, &d))
                mask |= 1u << d;
        }
    }
    return mask;
}

/* One kind of session (strength, pool, mind-body) keeps to one set of days:
 * the days of all its items together are the days of the one with most. */
static void check_kinds_share_days(const struct plan *p, const json_t *schedule, int n)
{
    static const enum exercise_category kinds[] = {CAT_STRENGTH, CAT_AQUATIC, CAT_MIND_BODY};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        unsigned all = 0;
        int most = 0;
        for (int i = 0; i < p->n_items; i++) {
            unsigned m;
            if (p->items[i].exercise->category != kinds[k])
                continue;
            m = days_of(schedule, p->items[i].exercise->id);
            all |= m;
            most = week_count(m) > most ? week_count(m) : most;
        }
        if (week_count(all) != most)
            fail_msg("intake %d: %s work spread over %d days, its longest item %d", n,
                     category_name(kinds[k]), week_count(all), most);
    }
}

/* Strength work has a day of rest between its days whenever the person's days
 * allow two such days (ACSM 2009: 2-3 non-consecutive days): fewer days rather
 * than days running (Monday to Wednesday: Monday and Wednesday). */
static void check_strength_rests(const struct plan *p, const json_t *schedule, unsigned given,
                                 int n)
{
    unsigned all = 0;
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].exercise->category == CAT_STRENGTH)
            all |= days_of(schedule, p->items[i].exercise->id);
    if (week_count(all) >= 2 && week_days_with_rest(given) >= 2 && week_shortest_gap(all) < 2)
        fail_msg("intake %d: strength on days %#x, days running, the person's days %#x allow "
                 "%d with a day of rest between",
                 n, all, given, week_days_with_rest(given));
}

/* The week as stored: sessions only on the person's days (the ones they
 * named, or as many as they said), each day inside their minutes. */
static void check_week(const struct plan *p, const struct intake *in, long start, int n)
{
    json_t *j = plan_to_json(p, true, start), *list, *v;
    const json_t *schedule = json_object_get(j, "schedule");
    unsigned given = 0;
    const char *day;
    size_t k;
    int d;

    json_array_foreach(json_object_get(j, "days"), k, v)
    {
        assert_true(weekday_from_name(json_string_value(v), &d));
        given |= 1u << d;
    }
    if (in->days ? given != in->days : week_count(given) != in->days_per_week)
        fail_msg("intake %d: days %#x, the person gave %#x (%d)", n, given, in->days,
                 in->days_per_week);
    json_object_foreach((json_t *)schedule, day, list)
    {
        double minutes = 0;
        assert_true(weekday_from_name(day, &d));
        if (!((given >> d) & 1u))
            fail_msg("intake %d: a session on %s, not one of the person's days", n, day);
        json_array_foreach(list, k, v)
        {
            const json_t *walk = json_object_get(v, "walk");
            if (walk) { /* beyond the walking the person already does */
                minutes +=
                    walk_day_minutes((int)json_integer_value(json_object_get(walk, "minutes")),
                                     (int)json_integer_value(json_object_get(walk, "bouts")),
                                     in->walking_minutes_per_day);
                continue;
            }
            for (int i = 0; i < p->n_items; i++)
                if (strcmp(p->items[i].exercise->id,
                           json_string_value(json_object_get(v, "exercise"))) == 0)
                    minutes += p->items[i].minutes;
        }
        if (minutes > in->minutes_per_day + 1e-9)
            fail_msg("intake %d: %s takes %.1f minutes of %d", n, day, minutes,
                     in->minutes_per_day);
    }
    if (json_object_size(schedule) == 0)
        fail_msg("intake %d: an empty week", n);
    check_kinds_share_days(p, schedule, n);
    check_strength_rests(p, schedule, given, n);
    json_decref(j);
}

static void property_every_plan_keeps_its_promises(void **state)
{
    long start;
    (void)state;
    assert_true(date_parse("2026-12-03", &start)); /* a Thursday */
    rng_state = 20261122;
    for (int n = 0; n < 5000; n++) {
        struct intake in = random_intake();
        struct plan p = make(&in);
        check_plan_promises(&p, &in, n);
        if (n % 20 == 0)
            check_minutes_named(&p, &in, n);
        check_week(&p, &in, start + n % 7, n);
        plan_release(&p);
    }
}

/* A new course from a maintenance plan: each slot takes what the person kept
 * up, at the dose they kept it at, unless it no longer suits them today. */
static void restart_from_seeds(void **state)
{
    struct intake in = base_intake();
    struct plan_seed seeds[2];
    struct triage_result t;
    struct plan p;
    struct mrx_err err;
    const struct plan_item *mob;
    (void)state;

    seeds[0].exercise = catalog_find(&cat, "cat-camel");
    seeds[0].dose = seeds[0].exercise->dose;
    seeds[0].dose.value[DOSE_REPS] = 12;
    seeds[1].exercise = catalog_find(&cat, "bird-dog");
    seeds[1].dose = seeds[1].exercise->dose;
    triage_evaluate(&rules, &in.red_flags, &t);
    in.pain_now = 3; /* settled: both kept, cat-camel at half its 12 reps */
    assert_int_equal(plan_restart(&in, &t, &cat, &prog, seeds, 2, &p, &err), MRX_OK);
    mob = slot_item(&p, "mobility");
    assert_ptr_equal(mob->exercise, seeds[0].exercise);
    assert_int_equal(mob->dose.value[DOSE_REPS], 6);
    assert_int_equal(p.review_within_days, RESTART_CONTACT_DAYS); /* the care team, within days */
    assert_non_null(strstr(p.explanation, "get in touch in the next 3 days"));
    assert_int_equal(mob->dose.value[DOSE_DAYS_PER_WEEK],
                     plan_days_kept(&p, seeds[0].exercise->dose.value[DOSE_DAYS_PER_WEEK]));
    assert_int_equal(p.n_seeds_kept, p.n_seeds);
    assert_non_null(strstr(p.explanation, "starts again from the moves you kept up"));
    plan_release(&p);

    in.pain_now = 8; /* a bad relapse: the gentlest level, so easier ones of their chains */
    assert_int_equal(plan_restart(&in, &t, &cat, &prog, seeds, 2, &p, &err), MRX_OK);
    for (int i = 0; i < p.n_items; i++)
        assert_true(p.items[i].exercise->level <= p.start_level->max_level);
    assert_ptr_not_equal(slot_item(&p, "mobility")->exercise, seeds[0].exercise);
    assert_true(p.n_seeds_kept < p.n_seeds);
    assert_non_null(strstr(p.explanation, "easier"));
    plan_release(&p);
    triage_result_release(&t);
}

/* The yoga and tai chi items are sessions written out move by move (not "find
 * a class"), and their moves take about the time the item is given. */
static void mind_body_routines(void **state)
{
    static const char *const ids[] = {"gentle-yoga", "chair-yoga", "tai-chi", "seated-tai-chi"};
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(ids); i++) {
        const struct exercise *ex = catalog_find(&cat, ids[i]);
        double minutes = 0;
        assert_non_null(ex);
        if (ex->n_routine < 4)
            fail_msg("%s: %d moves", ids[i], ex->n_routine);
        for (int k = 0; k < ex->n_routine; k++)
            minutes +=
                dose_minutes(catalog_find(&cat, ex->routine[k].exercise), &ex->routine[k].dose);
        if (minutes < 0.6 * ex->dose.value[DOSE_MINUTES] ||
            minutes > 1.25 * ex->dose.value[DOSE_MINUTES])
            fail_msg("%s: its moves take %.1f minutes, the item %d", ids[i], minutes,
                     ex->dose.value[DOSE_MINUTES]);
        for (int k = 0; k < ex->n_steps; k++)
            if (strstr(ex->steps[k], "class") || strstr(ex->steps[k], "video"))
                fail_msg("%s still sends people to a class: %s", ids[i], ex->steps[k]);
    }
}

/* After the daily lessons of the first two weeks, each later phase has one
 * lesson a week; the sciatica lesson is for people with leg pain only, on day
 * 2 (the exercises' cautions ask them to watch what it explains); a daily
 * lesson pushed past day 14 comes in week 3; no lesson comes twice. */
static void phase_lessons(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    json_t *j, *e;
    long start;
    size_t k;
    int found = 0;
    (void)state;

    assert_true(date_parse("2026-12-07", &start));
    in.leg_pain = true;
    p = make(&in);
    assert_int_equal(p.n_lessons, PLAN_LESSON_DAYS);
    assert_string_equal(p.lessons[1], "sciatica");
    assert_true(p.n_later >= 2);
    assert_int_equal(p.later[0].week, prog.course.until_week[PHASE_SETTLE] + 1);
    for (int i = 1; i < p.n_later; i++)
        assert_true(p.later[i].week > p.later[i - 1].week);
    assert_string_equal(p.later[p.n_later - 1].lesson, "life-after-the-program");
    assert_int_equal(p.later[p.n_later - 1].week, prog.course.until_week[PHASE_BUILD] + 1);
    for (int i = 0; i < p.n_lessons + p.n_later; i++)
        for (int m = 0; m < i; m++) {
            const char *a = i < p.n_lessons ? p.lessons[i] : p.later[i - p.n_lessons].lesson;
            const char *b = m < p.n_lessons ? p.lessons[m] : p.later[m - p.n_lessons].lesson;
            if (strcmp(a, b) == 0)
                fail_msg("lesson '%s' twice", a);
        }
    j = plan_to_json(&p, true, start);
    json_array_foreach(json_object_get(j, "lesson_schedule"), k, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "lesson")), "sciatica") == 0) {
            assert_string_equal(json_string_value(json_object_get(e, "date")), "2026-12-08");
            assert_null(json_object_get(e, "week"));
        }
        if (!json_object_get(e, "week"))
            continue;
        found++;
        if (json_integer_value(json_object_get(e, "week")) == 3)
            assert_string_equal(json_string_value(json_object_get(e, "date")), "2026-12-21");
    }
    assert_int_equal(found, p.n_later);
    json_decref(j);
    plan_release(&p);

    in.leg_pain = false;
    p = make(&in);
    for (int i = 0; i < p.n_lessons; i++)
        assert_string_not_equal(p.lessons[i], "sciatica");
    for (int i = 0; i < p.n_later; i++)
        assert_string_not_equal(p.later[i].lesson, "sciatica");
    assert_int_equal(p.later[0].week, prog.course.until_week[PHASE_SETTLE] + 1);
    plan_release(&p);

    /* a goal of getting back to work: the work lesson on day 4 and lifting on day 6, in the
     * first week, rather than in weeks 4 and 5; a lifting goal brings the lifting one only */
    in.n_psfs = 1;
    in.psfs[0].activity = (char *)"my shifts at the warehouse";
    in.psfs[0].rating = 3;
    p = make(&in);
    assert_string_equal(p.lessons[3], "work-and-daily-roles");
    assert_string_equal(p.lessons[5], "lifting-and-bending");
    for (int i = 0; i < p.n_later; i++) {
        assert_string_not_equal(p.later[i].lesson, "work-and-daily-roles");
        assert_string_not_equal(p.later[i].lesson, "lifting-and-bending");
    }
    plan_release(&p);
    in.psfs[0].activity = (char *)"carrying the shopping";
    p = make(&in);
    assert_string_equal(p.lessons[5], "lifting-and-bending");
    {
        bool later = false;
        for (int i = 0; i < p.n_later; i++)
            later |= strcmp(p.later[i].lesson, "work-and-daily-roles") == 0;
        assert_true(later);
    }
    plan_release(&p);
    in.n_psfs = 0;

    /* high risk: mood, stress and where to get help in the first week, not later */
    set_stratum(&in, STARTBACK_HIGH);
    p = make(&in);
    {
        bool early = false;
        for (int i = 0; i < 7; i++)
            early |= strcmp(p.lessons[i], "mood-stress-help") == 0;
        assert_true(early);
        for (int i = 0; i < p.n_later; i++)
            assert_string_not_equal(p.later[i].lesson, "mood-stress-help");
    }
    plan_release(&p);
}

/*
 * The warm-pool route (the source article's case): with a pool and land that hurts (leg
 * pain, pain 7), the pool comes into a 25-minute day by taking its own days: on them no
 * walk and no land exercise but the daily stretch, and the explanation says so. Without
 * the pain it does not fit beside everything else; with 4 days the pool comes once a week;
 * with only 3 there is no room for days of its own, and it shares.
 */
static void water_when_land_hurts(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    json_t *j, *day, *e;
    const char *name;
    long start;
    int pool_days = 0;
    size_t k;
    void *it;
    (void)state;

    assert_true(date_parse("2026-12-07", &start));
    in.minutes_per_day = 25;
    in.preferences.pool_access = true;
    in.leg_pain = true;
    in.pain_now = 7;
    p = make(&in);
    assert_true(p.water_days);
    assert_true(p.day_minutes <= 25 + 1e-9);
    assert_non_null(strstr(p.explanation, "takes the place of your walk"));
    j = plan_to_json(&p, true, start);
    assert_true(json_is_true(json_object_get(j, "water_days")));
    json_object_foreach_safe(json_object_get(j, "schedule"), it, name, day)
    {
        bool pool = false;
        json_array_foreach(day, k, e) pool |=
            json_object_get(e, "exercise") && strcmp(jstr_of(e, "exercise"), "water-walking") == 0;
        if (!pool)
            continue;
        pool_days++;
        json_array_foreach(day, k, e)
        {
            const struct exercise *ex =
                json_object_get(e, "exercise") ? catalog_find(&cat, jstr_of(e, "exercise")) : NULL;
            if (!ex) /* a walk */
                fail_msg("%s: a walk on a pool day", name);
            else if (ex->category != CAT_AQUATIC && !plan_water_daily(ex, in.days_per_week - 2))
                fail_msg("%s: %s on a pool day", name, ex->id);
        }
    }
    assert_int_equal(pool_days, 2);
    json_decref(j);
    plan_release(&p);

    in.leg_pain = false; /* moving on land is fine: the pool must fit beside the rest */
    in.pain_now = 4;
    p = make(&in);
    assert_false(p.water_days);
    assert_true(p.day_minutes <= 25 + 1e-9);
    plan_release(&p);

    in.leg_pain = true; /* 4 days: the pool once a week, the land work on the other 3 */
    in.days_per_week = 4;
    p = make(&in);
    assert_true(p.water_days);
    for (int i = 0; i < p.n_items; i++)
        if (p.items[i].exercise->category == CAT_AQUATIC)
            assert_int_equal(p.items[i].dose.value[DOSE_DAYS_PER_WEEK], 1);
    assert_true(p.day_minutes <= 25 + 1e-9);
    plan_release(&p);

    in.days_per_week = 7; /* every day: a daily stretch stays daily, pool days too */
    p = make(&in);
    assert_true(p.water_days);
    {
        int daily = 0;
        for (int i = 0; i < p.n_items; i++)
            if (p.items[i].exercise->dose.value[DOSE_DAYS_PER_WEEK] == 7 &&
                p.items[i].exercise->category != CAT_AQUATIC) {
                assert_int_equal(p.items[i].dose.value[DOSE_DAYS_PER_WEEK], 7);
                daily++;
            }
        assert_true(daily > 0);
    }
    assert_true(p.day_minutes <= 25 + 1e-9);
    plan_release(&p);

    in.days_per_week = 3; /* 3 days: none of the pool's own; it must fit beside the rest */
    p = make(&in);
    assert_false(p.water_days);
    assert_true(p.day_minutes <= 25 + 1e-9);
    plan_release(&p);
}

/* The days the person gets to a pool (availability.pool_days): the pool goes only there, on
 * as many of them as it asks for at most; on the warm-pool route strength rests between its
 * land days; the explanation names the days; the plan keeps them for its next versions. */
static void the_pool_on_the_days_given(void **state)
{
    struct intake in = base_intake();
    struct plan p;
    json_t *j, *day, *e;
    const char *name;
    long start;
    size_t k;
    void *it;
    (void)state;

    assert_true(date_parse("2026-12-07", &start)); /* a Monday */
    in.minutes_per_day = 25;
    in.preferences.pool_access = true;
    in.leg_pain = true;
    in.pain_now = 7;
    in.days = 0x1fu;      /* Monday to Friday */
    in.pool_days = 0x14u; /* Wednesday and Friday */
    p = make(&in);
    assert_true(p.water_days);
    assert_non_null(strstr(p.explanation, "only on the days you can get to one: Wednesday and "
                                          "Friday"));
    for (int i = 0; i < p.n_items; i++)
        if (p.items[i].exercise->category == CAT_STRENGTH) /* land: Mon, Tue, Thu */
            assert_true(p.items[i].dose.value[DOSE_DAYS_PER_WEEK] <= 2);
    j = plan_to_json(&p, true, start);
    assert_int_equal(json_array_size(json_object_get(j, "pool_days")), 2);
    json_object_foreach_safe(json_object_get(j, "schedule"), it, name, day)
    {
        json_array_foreach(day, k, e)
        {
            const struct exercise *ex =
                json_object_get(e, "exercise") ? catalog_find(&cat, jstr_of(e, "exercise")) : NULL;
            bool pool_day = strcmp(name, "wed") == 0 || strcmp(name, "fri") == 0;
            if (ex && ex->category == CAT_AQUATIC && !pool_day)
                fail_msg("%s: the pool on a day they cannot get to one", name);
            if (!ex && pool_day)
                fail_msg("%s: a walk on a pool day", name);
        }
    }
    json_decref(j);
    plan_release(&p);

    in.pool_days = 0x08u; /* Thursday only: the pool once a week, there */
    p = make(&in);
    for (int i = 0; i < p.n_items; i++)
        if (p.items[i].exercise->category == CAT_AQUATIC)
            assert_int_equal(p.items[i].dose.value[DOSE_DAYS_PER_WEEK], 1);
    j = plan_to_json(&p, true, start);
    {
        json_t *thu = json_object_get(json_object_get(j, "schedule"), "thu");
        bool pool = false;
        json_array_foreach(thu, k, e) pool |=
            json_object_get(e, "exercise") &&
            catalog_find(&cat, jstr_of(e, "exercise"))->category == CAT_AQUATIC;
        assert_true(pool);
    }
    /* the next version, from the stored plan: the pool stays on Thursday */
    {
        json_t *next = json_deep_copy(j);
        json_object_del(next, "schedule");
        plan_json_set_week(next, j, &cat, false);
        assert_true(json_equal(json_object_get(next, "schedule"), json_object_get(j, "schedule")));
        plan_json_set_week(next, NULL, &cat, true); /* maintenance: one session */
        json_t *thu = json_object_get(json_object_get(next, "schedule"), "thu");
        bool pool = false;
        json_array_foreach(thu, k, e) pool |=
            json_object_get(e, "exercise") &&
            catalog_find(&cat, jstr_of(e, "exercise"))->category == CAT_AQUATIC;
        assert_true(pool);
        json_decref(next);
    }
    json_decref(j);
    plan_release(&p);
}

/* The shipped program with `from` replaced by `to`: parsed and checked, its error kept. */
static int program_with(const char *from, const char *to, struct mrx_err *err)
{
    char path[4096], *text, *at, *edited;
    const char *ids[PROGRAM_MAX_LESSONS * 4];
    struct program p;
    size_t len;
    int rc, n = 0;

    snprintf(path, sizeof(path), "%s/plan/program.json", SHIPPED_DATA);
    assert_int_equal(file_read_all(path, MRX_EDATA, &text, &len, err), MRX_OK);
    at = strstr(text, from);
    assert_non_null(at);
    len = len - strlen(from) + strlen(to) + 1;
    edited = malloc(len);
    assert_non_null(edited);
    snprintf(edited, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    free(text);
    for (int i = 0; i < ds.lessons.n; i++)
        ids[n++] = ds.lessons.items[i].id;
    rc = program_parse(edited, strlen(edited), "program.json", &p, err);
    if (rc == MRX_OK) {
        rc = program_check(&p, &cat, ids, n, err);
        program_release(&p);
    }
    free(edited);
    return rc;
}

/* A lesson brought early for a goal needs its day, and a goal the table has. */
static void early_lessons_are_checked(void **state)
{
    const char *shipped = "\"early_for_goals\": [\"work\"], \"day\": 4";
    struct mrx_err err;
    (void)state;
    assert_int_equal(program_with(shipped, "\"early_for_goals\": [\"work\"]", &err), MRX_EDATA);
    assert_non_null(strstr(err.msg, "needs its day"));
    assert_int_equal(program_with(shipped, "\"day\": 4", &err), MRX_EDATA);
    assert_non_null(strstr(err.msg, "only lessons read in settle have a day"));
    assert_int_equal(program_with(shipped, "\"early_for_goals\": [\"juggling\"], \"day\": 4", &err),
                     MRX_EDATA);
    assert_non_null(strstr(err.msg, "no goal 'juggling'"));
    assert_int_equal(program_with(shipped, shipped, &err), MRX_OK);
}

static void deterministic(void **state)
{
    struct intake in = base_intake();
    struct plan a, b;
    (void)state;
    in.preferences.pool_access = true;
    a = make(&in);
    b = make(&in);
    assert_int_equal(a.n_items, b.n_items);
    for (int i = 0; i < a.n_items; i++) {
        assert_ptr_equal(a.items[i].exercise, b.items[i].exercise);
        assert_memory_equal(&a.items[i].dose, &b.items[i].dose, sizeof(a.items[i].dose));
    }
    assert_string_equal(a.explanation, b.explanation);
    plan_release(&a);
    plan_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strata_shape_the_plan),
        cmocka_unit_test(starting_level),
        cmocka_unit_test(constraints_are_respected),
        cmocka_unit_test(preferences_open_slots),
        cmocka_unit_test(hamstrings_daily),
        cmocka_unit_test(walking_start),
        cmocka_unit_test(own_walking_takes_no_time),
        cmocka_unit_test(goals_match_words),
        cmocka_unit_test(goals_shape_the_plan),
        cmocka_unit_test(goals_keep_each_slot_its_kind),
        cmocka_unit_test(goals_are_shared_out),
        cmocka_unit_test(balance_care_from_seventy),
        cmocka_unit_test(time_is_fitted),
        cmocka_unit_test(triage_pause_holds_progression),
        cmocka_unit_test(review_fixes),
        cmocka_unit_test(property_every_plan_keeps_its_promises),
        cmocka_unit_test(phase_lessons),
        cmocka_unit_test(early_lessons_are_checked),
        cmocka_unit_test(water_when_land_hurts),
        cmocka_unit_test(the_pool_on_the_days_given),
        cmocka_unit_test(mind_body_routines),
        cmocka_unit_test(restart_from_seeds),
        cmocka_unit_test(deterministic),
    };
    return cmocka_run_group_tests(tests, shipped_load, shipped_free);
}
