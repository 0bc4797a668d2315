/*
 * test_outcomes.c: cohort outcomes from hand-made patient outcomes: means,
 * the two kinds of percentage change, important-change shares by rule,
 * adherence, and the split by chronicity.
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/outcomes/outcomes.h"

static struct patient_outcome person(enum chronicity g, double base, double fin)
{
    struct patient_outcome p = {0};
    p.group = g;
    p.baseline_pain = base;
    p.has_final = true;
    p.final_pain = fin;
    p.completed = true;
    p.sessions_planned = 10;
    p.sessions_done = 8;
    return p;
}

static void add(struct outcome_acc *acc, struct patient_outcome p)
{
    outcomes_add(acc, &p);
}

static void cohort_figures(void **state)
{
    struct outcome_acc acc;
    struct outcome_summary s;
    struct patient_outcome dropped = person(CHRONICITY_CHRONIC, 6, 0);
    (void)state;
    outcomes_init(&acc);
    outcomes_add(&acc, &(struct patient_outcome){0}); /* nobody with no final pain counts */
    outcomes_add(&acc, &(struct patient_outcome){.group = CHRONICITY_ACUTE});
    outcomes_init(&acc);
    add(&acc, person(CHRONICITY_ACUTE, 8, 2));   /* 6, 75 % */
    add(&acc, person(CHRONICITY_CHRONIC, 2, 1)); /* 1, 50 % */
    add(&acc, person(CHRONICITY_CHRONIC, 6, 5)); /* 1, 17 % */
    dropped.has_final = false;
    dropped.completed = false;
    dropped.sessions_done = 0;
    outcomes_add(&acc, &dropped);
    outcomes_finish(&acc, &s);
    assert_int_equal(s.all.patients, 4);
    assert_int_equal(s.all.completed, 3);
    assert_true(fabs(s.all.mean_baseline - 16.0 / 3) < 1e-9);
    assert_true(fabs(s.all.mean_final - 8.0 / 3) < 1e-9);
    assert_true(fabs(s.all.reduction_percent - 50.0) < 1e-9); /* change in the mean */
    assert_true(fabs(s.all.mean_percent_change - (75.0 + 50.0 + 100.0 / 6) / 3) < 1e-9);
    assert_true(fabs(s.all.share_points - 100.0 / 3) < 1e-9);  /* only 8 -> 2 */
    assert_true(fabs(s.all.share_percent - 200.0 / 3) < 1e-9); /* 8 -> 2 and 2 -> 1 */
    assert_true(fabs(s.all.share_either - 200.0 / 3) < 1e-9);
    assert_true(fabs(s.all.adherence_percent - 100.0 * 24 / 40) < 1e-9);
    assert_int_equal(s.by_group[CHRONICITY_ACUTE].patients, 1);
    assert_int_equal(s.by_group[CHRONICITY_CHRONIC].patients, 3);
    assert_int_equal(s.by_group[CHRONICITY_SUBACUTE].patients, 0);
    assert_true(s.by_group[CHRONICITY_SUBACUTE].mean_baseline == 0);
}

static void questionnaire_outcomes(void **state)
{
    struct outcome_acc acc;
    struct outcome_summary s;
    struct patient_outcome a = person(CHRONICITY_ACUTE, 6, 3), b = a;
    (void)state;
    a.odi = (struct score_pair){true, 40, 28}; /* 12 points: important */
    b.odi = (struct score_pair){true, 40, 35}; /* 5 points, 12.5 %: not */
    a.psfs = (struct score_pair){true, 4, 7};  /* +3: important */
    outcomes_init(&acc);
    outcomes_add(&acc, &a);
    outcomes_add(&acc, &b);
    outcomes_finish(&acc, &s);
    assert_int_equal(s.all.odi.patients, 2);
    assert_true(s.all.odi.mean_change == 8.5);
    assert_true(s.all.odi.share_important == 50.0);
    assert_int_equal(s.all.psfs.patients, 1);
    assert_true(s.all.psfs.mean_change == 3.0);
    assert_int_equal(s.all.rmdq.patients, 0);
}

/* The 12-week program: its end is 84 days after the start; its final 4 weeks
 * are episode days 56..83 (both edges driven both ways). */
static void program_completion_edges(void **state)
{
    const long start = 20000;
    (void)state;

    assert_false(program_ended(start, start + 83));
    assert_true(program_ended(start, start + 84));
    assert_true(program_ended(start, start + 400));
    assert_false(program_final_month(start, start + 55));
    assert_true(program_final_month(start, start + 56));
    assert_true(program_final_month(start, start + 83));
    assert_false(program_final_month(start, start + 84));
    assert_false(program_final_month(start, start - 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cohort_figures),
        cmocka_unit_test(questionnaire_outcomes),
        cmocka_unit_test(program_completion_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
