/*
 * test_discharge.c: the review at the end of the course (core/plan/
 * discharge.c, docs/plan.md "The end of the course"): maintenance only when
 * both pain and function are met, on the shipped criteria; the words the
 * person and the care team read; the shipped flare plan in plain language.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/plan/discharge.h"
#include "core/text/patient_text.h"
#include "shipped_data.h"

#define dc ds.program.discharge

/* A person who meets everything, on recent answers, with nothing open. */
static struct discharge_inputs well(void)
{
    return (struct discharge_inputs){.has_pain = true,
                                     .pain = 2,
                                     .latest_pain = 2,
                                     .pain_important = true,
                                     .checkins_14 = 10,
                                     .has_disability = true,
                                     .disability_important = true,
                                     .has_goals = true,
                                     .goals = 8,
                                     .goals_important = true,
                                     .checkup_age = 4};
}

static void criteria(void **state)
{
    struct discharge_inputs in;
    struct discharge_result r;
#define EXPECT(what, want)                                                                         \
    do {                                                                                           \
        discharge_decide(&dc, &in, &r);                                                            \
        if (r.outcome != (want))                                                                   \
            fail_msg("%s: outcome %d, expected %d", what, r.outcome, want);                        \
    } while (0)
    (void)state;
    in = well();
    EXPECT("all met", DISCHARGE_MAINTENANCE);
    in = well(), in.pain = 3, in.latest_pain = 3, in.pain_important = false,
    in.disability_important = false, in.disability_minimal = true, in.goals_important = false,
    in.goals = 7;
    EXPECT("pain at the line, little disability left, goals rated high", DISCHARGE_MAINTENANCE);
    in.disability_minimal = false;
    EXPECT("goals high, but everyday activities neither better nor hardly limited",
           DISCHARGE_EXTEND);
    assert_true(r.goals_met && !r.everyday_met);
    in = well(), in.goals_important = false, in.goals = 4;
    EXPECT("the ODI better, the person's goals where they were", DISCHARGE_EXTEND);
    assert_true(r.everyday_met && !r.goals_met);
    in.has_goals = false;
    EXPECT("no goals named: everyday activities decide", DISCHARGE_MAINTENANCE);
    in = well(), in.pain = 5, in.latest_pain = 5, in.goals = 4;
    EXPECT("pain fell importantly, disability and goals changed importantly",
           DISCHARGE_MAINTENANCE);
    in = well(), in.pain = 5, in.latest_pain = 5, in.pain_important = false;
    EXPECT("pain high, no important fall", DISCHARGE_EXTEND);
    in = well(), in.disability_important = false, in.goals_important = false, in.goals = 6;
    EXPECT("function not met", DISCHARGE_EXTEND);
    in = well(), in.latest_pain = 8;
    EXPECT("a bad day today, hidden in a low mean", DISCHARGE_EXTEND);
    in = well(), in.open_alerts = 1;
    EXPECT("an alert still open", DISCHARGE_EXTEND);
    assert_true(r.open);
    in = well(), in.held = true;
    EXPECT("progression held", DISCHARGE_EXTEND);
    in = well(), in.checkup_age = 40;
    EXPECT("the check-up is old: ask for a new one", DISCHARGE_RECHECK);
    in = well(), in.checkup_age = -1, in.has_disability = false, in.has_goals = false;
    EXPECT("no check-up since the start", DISCHARGE_RECHECK);
    in.rechecked = true;
    EXPECT("still none a week later", DISCHARGE_EXTEND);
    in = well(), in.checkins_14 = 1;
    EXPECT("one check-in in two weeks", DISCHARGE_RECHECK);
    in = well(), in.has_pain = false, in.checkins_14 = 0, in.rechecked = true;
    EXPECT("no pain in the last week, asked once already", DISCHARGE_EXTEND);
    /* the check-up due with the review comes first, for up to a week */
    in = well(), in.checkup_due = true, in.checkup_age = 28, in.days_due = 0;
    EXPECT("week 12's check-up not yet answered", DISCHARGE_WAIT);
    in.days_due = 6;
    EXPECT("still waiting on day 6", DISCHARGE_WAIT);
    in.checkup_due = false, in.checkup_age = 0, in.days_due = 2;
    EXPECT("answered on day 2: the review reads it", DISCHARGE_MAINTENANCE);
    in = well(), in.checkup_due = true, in.checkup_age = 35, in.days_due = 7;
    EXPECT("a week on, the last check-up too old: ask once", DISCHARGE_RECHECK);
    in.rechecked = true, in.days_due = 0;
    EXPECT("asked once already: no second wait", DISCHARGE_EXTEND);
    in = well(), in.checkup_due = true, in.open_alerts = 1;
    EXPECT("an open alert waits for the check-up too", DISCHARGE_WAIT);
#undef EXPECT
}

/* What the person and the care team read: plain, and true to the outcome. */
static void words(void **state)
{
    struct discharge_inputs good = well(), poor = well(), missing = well();
    struct discharge_result r;
    char buf[1024];
    (void)state;
    discharge_decide(&dc, &good, &r);
    discharge_patient_text(&dc, &good, &r, 12, 12, 4, buf, sizeof(buf));
    assert_non_null(strstr(buf, "finished the 12-week course"));
    assert_non_null(strstr(buf, "You are doing well"));
    assert_non_null(strstr(buf, "You keep 4 of your moves"));
    assert_non_null(strstr(buf, "plan for a flare"));
    assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
    discharge_patient_text(&dc, &good, &r, 16, 12, 4, buf, sizeof(buf));
    assert_non_null(strstr(buf, "You have now done 16 weeks."));
    assert_null(strstr(buf, "16-week course"));

    poor.pain = 6, poor.latest_pain = 6, poor.pain_important = false;
    discharge_decide(&dc, &poor, &r);
    discharge_patient_text(&dc, &poor, &r, 12, 12, 0, buf, sizeof(buf));
    assert_non_null(strstr(buf, "Everyday things are easier.")); /* the gain is said too */
    assert_non_null(strstr(buf, "pain has not eased enough"));
    assert_non_null(strstr(buf, "care team will look at it"));
    assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
    discharge_task_text(&dc, &poor, &r, 12, 1, buf, sizeof(buf));
    assert_non_null(strstr(buf, "Pain 6.0/10 over the last week (not met)"));
    assert_non_null(strstr(buf, "Week 12 review"));
    discharge_task_text(&dc, &poor, &r, 20, 3, buf, sizeof(buf));
    assert_non_null(strstr(buf, "consider referral"));

    /* everyday activities better, the person's own goals not: said as it is */
    poor = well(), poor.goals_important = false, poor.goals = 4;
    discharge_decide(&dc, &poor, &r);
    discharge_patient_text(&dc, &poor, &r, 12, 12, 0, buf, sizeof(buf));
    assert_non_null(strstr(buf, "the things you most want to do are not back yet"));
    assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
    discharge_task_text(&dc, &poor, &r, 12, 1, buf, sizeof(buf));
    assert_non_null(strstr(buf, "the goals (PSFS) not yet"));
    assert_non_null(strstr(buf, "Goals rated 4.0/10 on average."));

    missing.checkup_age = -1, missing.has_disability = false, missing.has_goals = false;
    discharge_decide(&dc, &missing, &r);
    discharge_patient_text(&dc, &missing, &r, 12, 12, 0, buf, sizeof(buf));
    assert_non_null(strstr(buf, "your check-up answers"));
    assert_null(strstr(buf, "care team")); /* nothing promised while waiting for answers */
    missing.rechecked = true;
    discharge_decide(&dc, &missing, &r);
    discharge_task_text(&dc, &missing, &r, 13, 1, buf, sizeof(buf));
    assert_non_null(strstr(buf, "ask for it"));
}

/* The shipped criteria and flare plan: as docs/plan.md gives them, in plain words. */
static void shipped(void **state)
{
    (void)state;
    assert_int_equal(dc.review_week, 12);
    assert_true(dc.pain_at_most == 3);
    assert_true(dc.n_flare_plan >= 3);
    for (int i = 0; i < dc.n_flare_plan; i++)
        if (patient_text_grade_message(dc.flare_plan[i]) > PATIENT_TEXT_MAX_GRADE)
            fail_msg("flare plan step %d reads above grade 8: %s", i, dc.flare_plan[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(criteria),
        cmocka_unit_test(words),
        cmocka_unit_test(shipped),
    };
    return cmocka_run_group_tests(tests, shipped_load, shipped_free);
}
