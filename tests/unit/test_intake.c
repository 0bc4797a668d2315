/*
 * test_intake.c: the intake schema (docs/intake.md): a full intake, the
 * defaults, and every bad field named in the error.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/plan/intake.h"
#include "test_helpers.h"

#define MINIMAL                                                                                    \
    "\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"                       \
    "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}"

static int parse(const char *text, struct intake *in, struct mrx_err *err)
{
    json_t *doc = json_lit(text);
    int rc = intake_from_json(doc, in, err);
    json_decref(doc);
    return rc;
}

static void full_intake(void **state)
{
    struct intake in;
    struct mrx_err err;
    double pct;
    char *text;
    size_t len;
    FILE *f = fopen(MOVERX_SOURCE_DIR "/examples/intake.json", "rb");
    (void)state;
    assert_non_null(f);
    text = calloc(1, 8192);
    len = fread(text, 1, 8191, f);
    fclose(f);
    assert_true(len > 0);
    assert_int_equal(parse(text, &in, &err), MRX_OK);
    free(text);
    assert_int_equal(in.age, 46);
    assert_true(in.pain_now == 6);
    assert_int_equal(in.duration_weeks, 10);
    assert_int_equal(intake_chronicity(&in), CHRONICITY_SUBACUTE);
    assert_true(in.leg_pain);
    assert_int_equal(in.disability, DISABILITY_ODI);
    assert_true(intake_disability_percent(&in, &pct));
    assert_true(pct > 37.7 && pct < 37.8); /* 17 of 45 */
    assert_int_equal(in.n_psfs, 3);
    assert_string_equal(in.psfs[0].activity, "gardening");
    assert_int_equal(in.minutes_per_day, 25);
    assert_true(in.preferences.pool_access);
    assert_false(in.preferences.yoga);
    assert_true(in.red_flags.present[0]); /* age reached the red flags */
    intake_release(&in);
}

static void defaults(void **state)
{
    struct intake in;
    struct mrx_err err;
    double pct;
    (void)state;
    assert_int_equal(parse("{" MINIMAL "}", &in, &err), MRX_OK);
    assert_false(in.leg_pain);
    assert_false(in.pregnant);
    assert_true(in.preferences.walking);
    assert_true(in.preferences.floor_exercises_ok);
    assert_false(in.preferences.pool_access);
    assert_int_equal(in.walking_minutes_per_day, 0);
    assert_int_equal(in.disability, DISABILITY_NONE);
    assert_false(intake_disability_percent(&in, &pct));
    intake_release(&in);
    assert_int_equal(parse("{" MINIMAL ",\"rmdq\":[1,2,3,4,5,6]}", &in, &err), MRX_OK);
    assert_true(intake_disability_percent(&in, &pct));
    assert_true(pct == 25.0);
    intake_release(&in);
}

static void chronicity_boundaries(void **state)
{
    struct intake in = {0};
    (void)state;
    in.duration_weeks = 5;
    assert_int_equal(intake_chronicity(&in), CHRONICITY_ACUTE);
    in.duration_weeks = 6;
    assert_int_equal(intake_chronicity(&in), CHRONICITY_SUBACUTE);
    in.duration_weeks = 12;
    assert_int_equal(intake_chronicity(&in), CHRONICITY_SUBACUTE);
    in.duration_weeks = 13;
    assert_int_equal(intake_chronicity(&in), CHRONICITY_CHRONIC);
}

static void bad_fields_are_named(void **state)
{
    static const struct {
        const char *text, *field;
    } bad[] = {
        {"{\"pain_now\":5}", "duration_weeks"},
        {"{" MINIMAL ",\"colour\":1}", "colour"},
        {"{\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}}",
         "pain_now"},
        {"{" MINIMAL ",\"pain_week_average\":11}", "pain_week_average"},
        {"{\"pain_now\":-1,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}}",
         "pain_now"},
        {"{\"pain_now\":5,\"duration_weeks\":8.5,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}}",
         "duration_weeks"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}}",
         "startback"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,5],"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}}",
         "startback[8]"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,2,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}}",
         "startback[1]"},
        {"{" MINIMAL ",\"odi\":[1,1,1,1,1,1,1,1,1]}", "odi"},
        {"{" MINIMAL ",\"odi\":[1,1,1,1,6,1,1,1,1,1]}", "odi[4]"},
        {"{" MINIMAL ",\"odi\":[1,1,1,1,1,1,1,null,null,null]}", "odi"},
        {"{" MINIMAL ",\"rmdq\":[1,1]}", "rmdq"},
        {"{" MINIMAL ",\"rmdq\":[\"1\"]}", "rmdq[0]"},
        {"{" MINIMAL ",\"rmdq\":[1],\"odi\":[1,1,1,1,1,1,1,1,1,1]}", "rmdq"},
        {"{" MINIMAL ",\"psfs\":[]}", "psfs"},
        {"{" MINIMAL ",\"psfs\":[{\"activity\":\"golf\",\"rating\":12}]}", "psfs[0].rating"},
        {"{" MINIMAL ",\"psfs\":[{\"activity\":\"\",\"rating\":2}]}", "psfs[0].activity"},
        {"{" MINIMAL ",\"psfs\":[{\"activity\":\"golf\"}]}", "psfs[0].rating"},
        {"{" MINIMAL ",\"psfs\":[{\"activity\":\"golf\",\"rating\":2,\"x\":1}]}", "psfs[0]"},
        {"{" MINIMAL ",\"walking_minutes_per_day\":-5}", "walking_minutes_per_day"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0]}", "availability"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":19,\"days_per_week\":5}}",
         "availability.minutes_per_day"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":8}}",
         "availability.days_per_week"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20}}",
         "availability.days_per_week"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days\":[]}}",
         "availability.days"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days\":\"mon\"}}",
         "availability.days"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days\":[\"mon\",\"Tuesday\"]}}",
         "availability.days[1]"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days\":[\"mon\",\"wed\",\"mon\"]}}",
         "availability.days[2]"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days\":[\"mon\"],\"days_per_week\":2}}",
         "availability.days_per_week"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"preferences\":{\"pool_access\":true},"
         "\"availability\":{\"minutes_per_day\":20,\"days\":[\"mon\"],\"pool_days\":[\"tue\"]}}",
         "availability.pool_days"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"preferences\":{\"pool_access\":true},"
         "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":3,\"pool_days\":[\"tue\"]}}",
         "availability.pool_days"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"preferences\":{\"pool_access\":true},"
         "\"availability\":{\"minutes_per_day\":20,\"days\":[\"mon\"],\"pool_days\":[\"Mon\"]}}",
         "availability.pool_days[0]"},
        {"{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
         "\"availability\":{\"minutes_per_day\":20,\"days\":[\"mon\"],\"pool_days\":[\"mon\"]}}",
         "availability.pool_days"},
        {"{" MINIMAL ",\"preferences\":{\"pool_access\":\"yes\"}}", "preferences.pool_access"},
        {"{" MINIMAL ",\"preferences\":{\"swimming\":true}}", "preferences"},
        {"{" MINIMAL ",\"pregnant\":1}", "pregnant"},
        {"{" MINIMAL ",\"leg_pain\":\"no\"}", "leg_pain"},
        {"{" MINIMAL ",\"age\":200}", "age"},
        {"{" MINIMAL ",\"red_flags\":{\"chest_pain\":\"no\"}}", "red_flags.chest_pain"},
        {"[]", "intake"},
    };
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(bad); i++) {
        struct intake in;
        struct mrx_err err;
        int rc = parse(bad[i].text, &in, &err);
        if (rc != MRX_EINVAL || strcmp(err.field, bad[i].field) != 0)
            fail_msg("%s: expected an error on '%s', got %d on '%s' (%s)", bad[i].text,
                     bad[i].field, rc, err.field, err.msg);
    }
}

/* availability.days (program v2): the days themselves; the count follows
 * them, and agrees when both are given. The old form gives no days. */
static void availability_days(void **state)
{
    struct intake in;
    struct mrx_err err;
    (void)state;
    assert_int_equal(parse("{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
                           "\"availability\":{\"minutes_per_day\":30,\"days\":[\"sat\",\"mon\","
                           "\"wed\"]}}",
                           &in, &err),
                     MRX_OK);
    assert_int_equal(in.days, 0x01u | 0x04u | 0x20u); /* Monday, Wednesday, Saturday */
    assert_int_equal(in.days_per_week, 3);
    assert_int_equal(in.minutes_per_day, 30);
    intake_release(&in);
    assert_int_equal(parse("{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"
                           "\"availability\":{\"minutes_per_day\":30,\"days\":[\"sun\"],"
                           "\"days_per_week\":1}}",
                           &in, &err),
                     MRX_OK);
    assert_int_equal(in.days, 0x40u);
    intake_release(&in);
    assert_int_equal(parse("{" MINIMAL "}", &in, &err), MRX_OK);
    assert_int_equal(in.days, 0);
    assert_int_equal(in.pool_days, 0);
    assert_int_equal(in.days_per_week, 5);
    intake_release(&in);
    /* the days they can get to a pool: some of their days; null is absent */
    assert_int_equal(parse("{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,"
                           "0],\"preferences\":{\"pool_access\":true},\"availability\":{"
                           "\"minutes_per_day\":30,\"days\":[\"mon\",\"wed\",\"fri\"],"
                           "\"pool_days\":[\"fri\",\"wed\"]}}",
                           &in, &err),
                     MRX_OK);
    assert_int_equal(in.pool_days, 0x04u | 0x10u);
    assert_int_equal(in.days_per_week, 3);
    intake_release(&in);
    assert_int_equal(parse("{\"pain_now\":5,\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,"
                           "0],\"availability\":{\"minutes_per_day\":30,\"days\":[\"mon\"],"
                           "\"pool_days\":null}}",
                           &in, &err),
                     MRX_OK);
    assert_int_equal(in.pool_days, 0);
    intake_release(&in);
}

/* The questionnaire parsers follow-ups share with the intake: the same
 * checks, and a PSFS refused half-way keeps no copied name (ASan would see). */
static void questionnaire_answers_alone(void **state)
{
    struct psfs_activity a[PSFS_MAX_ACTIVITIES];
    unsigned odi[ODI_SECTIONS];
    long rmdq[RMDQ_ITEMS];
    struct mrx_err err;
    json_t *j;
    int n = -1;
    (void)state;

    j = json_lit("[2,1,2,2,3,2,2,null,1,2]");
    assert_int_equal(odi_answers_from_json(j, odi, &err), MRX_OK);
    assert_int_equal(odi[0], 1u << 2);
    assert_int_equal(odi[7], 0u);
    json_decref(j);
    j = json_lit("[2,5,11]");
    assert_int_equal(rmdq_answers_from_json(j, rmdq, &n, &err), MRX_OK);
    assert_int_equal(n, 3);
    json_decref(j);
    j = json_lit("[{\"activity\":\"golf\",\"rating\":4},{\"activity\":\"walk\",\"rating\":7.5}]");
    assert_int_equal(psfs_answers_from_json(j, a, &n, &err), MRX_OK);
    assert_int_equal(n, 2);
    assert_string_equal(a[1].activity, "walk");
    assert_true(a[1].rating == 7.5);
    psfs_answers_release(a, n);
    json_decref(j);
    j = json_lit("[{\"activity\":\"golf\",\"rating\":4},{\"activity\":\"walk\",\"rating\":12}]");
    assert_int_equal(psfs_answers_from_json(j, a, &n, &err), MRX_EINVAL);
    assert_string_equal(err.field, "psfs[1].rating");
    assert_int_equal(n, 0);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_intake),           cmocka_unit_test(defaults),
        cmocka_unit_test(chronicity_boundaries), cmocka_unit_test(bad_fields_are_named),
        cmocka_unit_test(availability_days),     cmocka_unit_test(questionnaire_answers_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
