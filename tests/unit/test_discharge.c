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

static void criteria(void **state)
{
    static const struct {
        struct discharge_inputs in;
        enum discharge_outcome want;
        const char *why;
    } cases[] = {
        {{true, 2.0, false, true, true, true, 8, true}, DISCHARGE_MAINTENANCE, "all met"},
        {{true, 3.0, false, true, false, true, 7, false},
         DISCHARGE_MAINTENANCE,
         "pain at the line, goals high"},
        {{true, 5.0, true, true, true, false, 0, false},
         DISCHARGE_MAINTENANCE,
         "pain fell importantly, disability changed importantly"},
        {{true, 5.0, false, true, true, true, 8, true}, DISCHARGE_EXTEND, "pain high, no fall"},
        {{true, 2.0, false, true, false, true, 6, false},
         DISCHARGE_EXTEND,
         "pain low, function not met"},
        {{true, 2.0, false, false, false, false, 0, false},
         DISCHARGE_EXTEND,
         "no check-up: function cannot be judged"},
        {{false, 0, false, true, true, true, 9, true},
         DISCHARGE_EXTEND,
         "no pain in the last week"},
    };
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(cases); i++) {
        struct discharge_result r;
        discharge_decide(&dc, &cases[i].in, &r);
        if (r.outcome != cases[i].want)
            fail_msg("%s: outcome %d, expected %d", cases[i].why, r.outcome, cases[i].want);
    }
}

/* What the person and the care team read: plain, and true to the outcome. */
static void words(void **state)
{
    struct discharge_inputs good = {true, 2.0, true, true, true, true, 8, true};
    struct discharge_inputs poor = {true, 6.0, false, true, false, true, 4, false};
    struct discharge_inputs unjudged = {true, 2.0, true, false, false, false, 0, false};
    struct discharge_result r;
    char buf[768];
    (void)state;
    discharge_decide(&dc, &good, &r);
    discharge_patient_text(&dc, &good, &r, 12, buf, sizeof(buf));
    assert_non_null(strstr(buf, "finished the 12-week course"));
    assert_non_null(strstr(buf, "plan for a flare"));
    assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
    discharge_decide(&dc, &poor, &r);
    discharge_patient_text(&dc, &poor, &r, 12, buf, sizeof(buf));
    assert_non_null(strstr(buf, "pain has not eased enough"));
    assert_non_null(strstr(buf, "care team will look at it"));
    assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
    discharge_task_text(&poor, &r, 12, buf, sizeof(buf));
    assert_non_null(strstr(buf, "pain 6.0/10"));
    assert_non_null(strstr(buf, "Week 12 review"));
    discharge_decide(&dc, &unjudged, &r);
    assert_true(r.unjudged);
    discharge_patient_text(&dc, &unjudged, &r, 12, buf, sizeof(buf));
    assert_non_null(strstr(buf, "check-up answers"));
    discharge_task_text(&unjudged, &r, 12, buf, sizeof(buf));
    assert_non_null(strstr(buf, "no check-up answered"));
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
