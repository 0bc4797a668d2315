/*
 * test_weekly.c: the weekly review's words (core/outcomes/weekly.c): where
 * the pain trend turns, which sentence a week gets, and that every sentence
 * stays plain enough for the patient (grade 8 or below).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/outcomes/weekly.h"
#include "core/text/patient_text.h"

static struct week_facts week(int done, int planned)
{
    struct week_facts f = {0};
    f.complete = true;
    f.sessions_done = done;
    f.sessions_planned = planned;
    return f;
}

static void trend_turns_at_one_point(void **state)
{
    struct week_facts f = week(3, 3);
    (void)state;

    assert_int_equal(weekly_trend(&f), TREND_NONE);
    f.checkins = 4;
    f.pain_mean = 4.1;
    assert_int_equal(weekly_trend(&f), TREND_NONE); /* no week before */
    f.checkins_before = 5;
    f.pain_mean_before = 5.0;
    assert_int_equal(weekly_trend(&f), TREND_SAME); /* 0.9 points: within measurement error */
    f.pain_mean = 4.0;
    assert_int_equal(weekly_trend(&f), TREND_LOWER);
    f.pain_mean = 6.0;
    assert_int_equal(weekly_trend(&f), TREND_HIGHER);
    f.pain_mean = 5.9;
    assert_int_equal(weekly_trend(&f), TREND_SAME);
}

static void each_week_gets_its_sentence(void **state)
{
    char buf[400];
    struct week_facts f = week(4, 5);
    (void)state;

    f.feel_days = 3;
    f.feel_words[0] = "heat";
    f.walking_minutes = 90;
    weekly_summary(&f, buf, sizeof(buf));
    assert_string_equal(buf, "You used heat on 3 days and still did 4 sessions. That is "
                             "feel-better helping get-better. You also walked for 90 minutes.");

    f = week(1, 5); /* heat, and a hard week all the same: not praised as get-better */
    f.feel_days = 3;
    f.feel_words[0] = "heat";
    weekly_summary(&f, buf, sizeof(buf));
    assert_null(strstr(buf, "helping get-better"));
    assert_non_null(strstr(buf, "did 1 of your 5 planned sessions"));

    f = week(0, 4);
    f.feel_days = 1;
    f.feel_words[0] = "massage_gun";
    weekly_summary(&f, buf, sizeof(buf));
    assert_non_null(strstr(buf, "You used a massage gun on 1 day but did no sessions."));

    f = week(0, 4);
    weekly_summary(&f, buf, sizeof(buf));
    assert_non_null(strstr(buf, "No sessions were logged this week."));

    f = week(2, 4);
    f.complete = false;
    weekly_summary(&f, buf, sizeof(buf));
    assert_non_null(strstr(buf, "So far you have done 2 of your 4 planned sessions."));

    f = week(6, 5);
    weekly_summary(&f, buf, sizeof(buf));
    assert_string_equal(buf, "You did all 5 planned sessions, and 1 on rest days. Rest days help "
                             "your back recover too.");

    /* never a call to exercise while a warning sign waits, or after a stop */
    f = week(0, 5);
    f.program = WEEK_PAUSED;
    weekly_summary(&f, buf, sizeof(buf));
    assert_null(strstr(buf, "session"));
    assert_non_null(strstr(buf, "paused until your care team has checked"));
    f.program = WEEK_STOPPED;
    weekly_summary(&f, buf, sizeof(buf));
    assert_null(strstr(buf, "session"));
    f.streak_weeks = 3;
    weekly_streak_words(&f, buf, sizeof(buf));
    assert_string_equal(buf, "");

    /* a flare week: easing off was right; no "more" praised */
    f = week(2, 5);
    f.flare_days = 2;
    weekly_summary(&f, buf, sizeof(buf));
    assert_non_null(strstr(buf, "Doing less while it settles is the right thing"));

    /* walking alone comes first */
    f = week(0, 5);
    f.walking_minutes = 140;
    weekly_summary(&f, buf, sizeof(buf));
    assert_non_null(strstr(buf, "You walked for 140 minutes this week."));

    /* pain high two weeks running, pain medicine most days: what to do about it */
    f = week(3, 5);
    f.high_pain_weeks = 2;
    weekly_care_words(&f, buf, sizeof(buf));
    assert_non_null(strstr(buf, "tell your care team"));
    f.high_pain_weeks = 0;
    f.medication_days = 6;
    weekly_care_words(&f, buf, sizeof(buf));
    assert_non_null(strstr(buf, "ask your doctor or pharmacist"));

    f.streak_weeks = 1;
    weekly_streak_words(&f, buf, sizeof(buf));
    assert_string_equal(buf, "");
    f.streak_weeks = 4;
    weekly_streak_words(&f, buf, sizeof(buf));
    assert_string_equal(buf, "You have had 4 weeks in a row with all your planned sessions.");
}

/* Every sentence the review can say, at most grade 8 (as every patient text). */
static void the_words_stay_plain(void **state)
{
    static const int dones[] = {0, 1, 3, 5, 6};
    char buf[400];
    (void)state;

    for (size_t i = 0; i < sizeof(dones) / sizeof(dones[0]); i++)
        for (int feel = 0; feel <= 2; feel++)
            for (int complete = 0; complete <= 1; complete++) {
                struct week_facts f = week(dones[i], 5);
                f.complete = complete;
                f.feel_days = feel;
                f.feel_words[0] = feel ? "tens" : NULL;
                f.feel_words[1] = feel == 2 ? "bath" : NULL;
                f.walking_minutes = 40 * feel;
                f.checkins = 3;
                f.checkins_before = complete ? 4 : 0;
                f.pain_mean = 3 + 2 * feel;
                f.pain_mean_before = 5;
                f.streak_weeks = 3;
                weekly_summary(&f, buf, sizeof(buf));
                assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
                weekly_pain_words(&f, buf, sizeof(buf));
                assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
                weekly_streak_words(&f, buf, sizeof(buf));
                assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
                for (int program = WEEK_RUNNING; program <= WEEK_NOT_YET; program++) {
                    f.program = (enum week_program)program;
                    f.flare_days = complete;
                    f.high_pain_weeks = 2 - feel;
                    f.medication_days = 5;
                    weekly_summary(&f, buf, sizeof(buf));
                    assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
                    weekly_care_words(&f, buf, sizeof(buf));
                    assert_true(patient_text_grade_message(buf) <= PATIENT_TEXT_MAX_GRADE);
                }
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trend_turns_at_one_point),
        cmocka_unit_test(each_week_gets_its_sentence),
        cmocka_unit_test(the_words_stay_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
