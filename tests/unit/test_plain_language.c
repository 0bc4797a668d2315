/*
 * test_plain_language.c: the Flesch-Kincaid measure itself, and the promise
 * that every patient-facing text shipped (triage messages, exercise texts,
 * lessons) reads at school grade 8 or below.
 */
#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/readability/readability.h"
#include "core/text/patient_text.h"
#include "data/datadir.h"
#include "test_helpers.h"

static void syllable_estimates(void **state)
{
    static const struct {
        const char *word;
        int syllables;
    } cases[] = {
        {"back", 1},      {"the", 1},   {"walking", 2},    {"exercise", 3}, {"gentle", 2},
        {"simple", 2},    {"makes", 1}, {"rested", 2},     {"walked", 1},   {"Yoga", 2},
        {"emergency", 4}, {"don't", 1}, {"department", 3}, {"30", 1},       {"physiotherapist", 5},
    };
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(cases); i++) {
        int got = readability_syllables(cases[i].word, strlen(cases[i].word));
        if (got != cases[i].syllables)
            fail_msg("'%s': %d syllables, expected %d", cases[i].word, got, cases[i].syllables);
    }
}

static double grade_of(const char *text)
{
    struct readability r;
    readability_init(&r);
    readability_add(&r, text, strlen(text));
    return readability_grade(&r);
}

static void grade_formula(void **state)
{
    struct readability r;
    (void)state;
    /* 8 words, 1 sentence, 8 syllables: 0.39*8 + 11.8*1 - 15.59 = -0.67 */
    assert_true(fabs(grade_of("The cat sat on the mat all day.") - (-0.67)) < 1e-9);
    /* a unit without a full stop is still one sentence */
    assert_true(fabs(grade_of("The cat sat on the mat all day") - (-0.67)) < 1e-9);
    /* decimals are not sentence ends; "e.g." style abbreviations would be */
    readability_init(&r);
    readability_add(&r, "Walk 2.5 km. Then rest!", 23);
    assert_int_equal(r.sentences, 2);
    assert_int_equal(r.words, 6); /* "2.5" is two number words */
    /* long words in long sentences read hard */
    assert_true(grade_of("Comprehensive biopsychosocial rehabilitation necessitates "
                         "individualised multidisciplinary interventions considering "
                         "psychological comorbidities.") > 16);
    readability_init(&r);
    assert_true(readability_grade(&r) == 0.0);
}

static void every_triage_message_is_plain(void **state)
{
    struct triage_ruleset rules;
    struct mrx_err err;
    (void)state;
    assert_int_equal(datadir_load_triage(SHIPPED_DATA, NULL, &rules, &err), MRX_OK);
    for (int i = 0; i < rules.n_rules; i++) {
        double g = patient_text_grade_message(rules.rules[i].patient_message);
        if (g > PATIENT_TEXT_MAX_GRADE)
            fail_msg("triage rule '%s' reads at grade %.1f", rules.rules[i].id, g);
    }
    triage_ruleset_release(&rules);
}

static void every_exercise_is_plain(void **state)
{
    struct catalog cat;
    struct mrx_err err;
    (void)state;
    assert_int_equal(datadir_load_catalog(SHIPPED_DATA, &cat, &err), MRX_OK);
    for (int i = 0; i < cat.n; i++) {
        double g = patient_text_grade_exercise(&cat.items[i]);
        if (g > PATIENT_TEXT_MAX_GRADE)
            fail_msg("exercise '%s' reads at grade %.1f", cat.items[i].id, g);
    }
    catalog_release(&cat);
}

static void every_lesson_is_plain(void **state)
{
    struct lesson_set set;
    struct mrx_err err;
    (void)state;
    assert_int_equal(datadir_load_lessons(SHIPPED_DATA, &set, &err), MRX_OK);
    for (int i = 0; i < set.n; i++) {
        if (set.items[i].grade > PATIENT_TEXT_MAX_GRADE)
            fail_msg("lesson '%s' reads at grade %.1f", set.items[i].id, set.items[i].grade);
        assert_true(set.items[i].words >= 150);
    }
    lesson_set_release(&set);
}

static void every_plan_text_is_plain(void **state)
{
    struct catalog cat;
    struct lesson_set set;
    struct program prog;
    struct mrx_err err;
    (void)state;
    assert_int_equal(datadir_load_catalog(SHIPPED_DATA, &cat, &err), MRX_OK);
    assert_int_equal(datadir_load_lessons(SHIPPED_DATA, &set, &err), MRX_OK);
    assert_int_equal(datadir_load_program(SHIPPED_DATA, &cat, &set, &prog, &err), MRX_OK);
    for (int i = 0; i < prog.n_levels; i++)
        if (patient_text_grade_message(prog.levels[i].reason) > PATIENT_TEXT_MAX_GRADE)
            fail_msg("starting level '%s' reads above grade 8", prog.levels[i].id);
    for (int i = 0; i < prog.n_slots; i++)
        if (patient_text_grade_message(prog.slots[i].why) > PATIENT_TEXT_MAX_GRADE)
            fail_msg("slot '%s' reads above grade 8", prog.slots[i].id);
    for (int r = 0; r < 3; r++)
        if (patient_text_grade_message(prog.strata[r].explanation) > PATIENT_TEXT_MAX_GRADE)
            fail_msg("stratum %d explanation reads above grade 8", r);
    program_release(&prog);
    lesson_set_release(&set);
    catalog_release(&cat);
}

static void triage_headlines_are_plain(void **state)
{
    (void)state;
    for (int t = TIER_NONE; t <= TIER_EMERGENCY; t++)
        for (int p = PROGRAM_CONTINUE; p <= PROGRAM_STOP; p++) {
            double g = patient_text_grade_message(
                patient_text_triage_headline((enum tier)t, (enum program_action)p));
            if (g > PATIENT_TEXT_MAX_GRADE)
                fail_msg("the %s/%s headline reads at grade %.1f", tier_name((enum tier)t),
                         program_action_name((enum program_action)p), g);
        }
    for (int p = PROGRAM_CONTINUE; p <= PROGRAM_STOP; p++) {
        double g = patient_text_grade_message(patient_text_today_message((enum program_action)p));
        if (g > PATIENT_TEXT_MAX_GRADE)
            fail_msg("today's %s message reads at grade %.1f",
                     program_action_name((enum program_action)p), g);
    }
    assert_non_null(strstr(patient_text_today_message(PROGRAM_PAUSE), "Contact a doctor today"));
}

static void a_hard_text_is_caught(void **state)
{
    /* The check can fail: a clinician-style sentence is over the limit. */
    (void)state;
    assert_true(patient_text_grade_message(
                    "Possible cauda equina syndrome secondary to central disc protrusion "
                    "necessitating emergency magnetic resonance imaging.") >
                PATIENT_TEXT_MAX_GRADE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(syllable_estimates),
        cmocka_unit_test(grade_formula),
        cmocka_unit_test(every_triage_message_is_plain),
        cmocka_unit_test(every_exercise_is_plain),
        cmocka_unit_test(every_lesson_is_plain),
        cmocka_unit_test(every_plan_text_is_plain),
        cmocka_unit_test(triage_headlines_are_plain),
        cmocka_unit_test(a_hard_text_is_caught),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
