/*
 * test_triage.c: the default triage rule set of CONTRACT.md, rule by rule,
 * the combination rule, the order of reasons, the tier to program mapping,
 * the wording conventions of patient messages, and answer parsing.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/triage/triage.h"
#include "data/datadir.h"
#include "formats/triage_json.h"
#include "test_helpers.h"

static struct triage_ruleset rules;

static int load_rules(void **state)
{
    struct mrx_err err;
    (void)state;
    if (datadir_load_triage(SHIPPED_DATA, NULL, &rules, &err)) {
        fprintf(stderr, "%s: %s\n", err.field, err.msg);
        return -1;
    }
    return 0;
}

static int free_rules(void **state)
{
    (void)state;
    triage_ruleset_release(&rules);
    return 0;
}

/* Triage of a JSON document; the result must be released by the caller. */
static struct triage_result run(const char *doc_text)
{
    struct triage_answers a;
    struct triage_result r;
    struct mrx_err err;
    json_t *doc = json_lit(doc_text);
    int rc = triage_answers_from_document(doc, &a, &err);
    json_decref(doc);
    if (rc)
        fprintf(stderr, "%s: %s\n", err.field, err.msg);
    assert_int_equal(rc, MRX_OK);
    triage_evaluate(&rules, &a, &r);
    return r;
}

static bool fired(const struct triage_result *r, const char *id)
{
    for (int i = 0; i < r->n_fired; i++)
        if (strcmp(r->fired[i]->id, id) == 0)
            return true;
    return false;
}

/* triage-1.x: each contract rule, by a minimal input that fires it alone. */
static const struct {
    const char *answers;
    const char *rule;
    enum tier tier;
} single_rules[] = {
    {"{\"saddle_numbness\":true}", "saddle_numbness", TIER_EMERGENCY},
    {"{\"bladder_dysfunction\":true}", "bladder_dysfunction", TIER_EMERGENCY},
    {"{\"bowel_incontinence\":true}", "bowel_incontinence", TIER_EMERGENCY},
    {"{\"both_legs_symptoms\":true}", "both_legs", TIER_EMERGENCY},
    {"{\"chest_pain\":true}", "chest_pain", TIER_EMERGENCY},
    {"{\"new_sexual_dysfunction\":true}", "new_sexual_dysfunction", TIER_EMERGENCY},
    {"{\"trauma\":\"major\"}", "major_trauma", TIER_EMERGENCY},
    {"{\"leg_weakness\":\"progressive\"}", "progressive_weakness", TIER_URGENT},
    {"{\"temperature_c\":38.0}", "fever", TIER_URGENT},
    {"{\"unexplained_weight_loss\":true}", "weight_loss", TIER_URGENT},
    {"{\"night_pain_unrelieved\":true}", "night_pain", TIER_URGENT},
    {"{\"worse_cough_sneeze\":true}", "cough_sneeze", TIER_URGENT},
    {"{\"thoracic_pain\":true}", "thoracic_pain", TIER_URGENT},
    {"{\"back_lump_or_shape_change\":true}", "back_lump", TIER_URGENT},
    {"{\"cancer_history\":true}", "cancer_history", TIER_URGENT},
    {"{\"one_leg_numbness_tingling\":true}", "one_leg_symptoms", TIER_ROUTINE},
    {"{\"leg_weakness\":\"stable\"}", "one_leg_symptoms", TIER_ROUTINE},
    {"{\"weeks_without_improvement\":3}", "no_improvement", TIER_ROUTINE},
    {"{\"pain_worsening\":true}", "worsening", TIER_ROUTINE},
    {"{\"stops_daily_activities\":true}", "daily_activities", TIER_ROUTINE},
    {"{\"struggling_to_cope\":true}", "coping", TIER_ROUTINE},
    {"{\"age\":19}", "age_risk", TIER_ROUTINE},
    {"{\"age\":51}", "age_risk", TIER_ROUTINE},
    {"{\"long_term_steroids\":true}", "risk_factor", TIER_ROUTINE},
    {"{\"osteoporosis\":true}", "risk_factor", TIER_ROUTINE},
    {"{\"immunosuppressed\":true}", "risk_factor", TIER_ROUTINE},
    {"{\"iv_drug_use\":true}", "risk_factor", TIER_ROUTINE},
    {"{\"generally_unwell\":true}", "risk_factor", TIER_ROUTINE},
};

static void each_rule_fires_alone(void **state)
{
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(single_rules); i++) {
        struct triage_result r = run(single_rules[i].answers);
        if (r.n_fired != 1 || strcmp(r.fired[0]->id, single_rules[i].rule) != 0)
            fail_msg("%s: expected only '%s', got %d rules (first '%s')", single_rules[i].answers,
                     single_rules[i].rule, r.n_fired, r.n_fired ? r.fired[0]->id : "-");
        assert_int_equal(r.tier, single_rules[i].tier);
        assert_int_equal(r.program, program_action_for(single_rules[i].tier));
        triage_result_release(&r);
    }
}

/* triage-2.x: rules that need two facts, and their near misses. */
static const struct {
    const char *answers;
    const char *rule; /* must fire, or with '!' must not */
} combos[] = {
    {"{\"trauma\":\"minor\",\"age\":51}", "minor_trauma_fragile"},
    {"{\"trauma\":\"minor\",\"age\":50}", "!minor_trauma_fragile"},
    {"{\"trauma\":\"minor\",\"osteoporosis\":true}", "minor_trauma_fragile"},
    {"{\"trauma\":\"minor\",\"long_term_steroids\":true}", "minor_trauma_fragile"},
    {"{\"trauma\":\"minor\"}", "!minor_trauma_fragile"},
    {"{\"trauma\":\"none\",\"age\":80}", "!minor_trauma_fragile"},
    {"{\"trauma\":\"major\",\"age\":80}", "!minor_trauma_fragile"},
    {"{\"sudden_onset_severe\":true,\"age\":51}", "sudden_onset_fragile"},
    {"{\"sudden_onset_severe\":true,\"osteoporosis\":true}", "sudden_onset_fragile"},
    {"{\"sudden_onset_severe\":true,\"long_term_steroids\":true}", "sudden_onset_fragile"},
    {"{\"sudden_onset_severe\":true,\"age\":40}", "!sudden_onset_fragile"},
    {"{\"temperature_c\":37.9}", "!fever"},
    {"{\"weeks_without_improvement\":2}", "!no_improvement"},
    {"{\"age\":20}", "!age_risk"},
    {"{\"age\":50}", "!age_risk"},
    {"{\"leg_weakness\":\"none\"}", "!one_leg_symptoms"},
    {"{\"trauma\":\"minor\",\"age\":30}", "!major_trauma"},
    {"{\"saddle_numbness\":false}", "!saddle_numbness"},
};

static void rules_with_two_facts(void **state)
{
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(combos); i++) {
        bool want = combos[i].rule[0] != '!';
        const char *id = want ? combos[i].rule : combos[i].rule + 1;
        struct triage_result r = run(combos[i].answers);
        if (fired(&r, id) != want)
            fail_msg("%s: '%s' should %sfire", combos[i].answers, id, want ? "" : "not ");
        triage_result_release(&r);
    }
}

static void minor_trauma_in_older_person_is_emergency(void **state)
{
    struct triage_result r = run("{\"trauma\":\"minor\",\"age\":70}");
    (void)state;
    assert_int_equal(r.tier, TIER_EMERGENCY);
    assert_int_equal(r.program, PROGRAM_STOP);
    assert_string_equal(r.fired[0]->id, "minor_trauma_fragile");
    assert_true(fired(&r, "age_risk")); /* also reported, after it */
    triage_result_release(&r);
}

/* triage-3.x: three routine flags together are urgent; two are not. */
static void combination_rule(void **state)
{
    struct triage_result r;
    (void)state;
    r = run("{\"pain_worsening\":true,\"struggling_to_cope\":true}");
    assert_int_equal(r.tier, TIER_ROUTINE);
    assert_false(fired(&r, "combined_flags"));
    triage_result_release(&r);
    r = run("{\"pain_worsening\":true,\"struggling_to_cope\":true,\"age\":60}");
    assert_int_equal(r.tier, TIER_URGENT);
    assert_int_equal(r.program, PROGRAM_PAUSE);
    assert_string_equal(r.fired[0]->id, "combined_flags");
    assert_int_equal(r.n_fired, 4);
    triage_result_release(&r);
    /* one rule firing through two answers counts once */
    r = run("{\"osteoporosis\":true,\"long_term_steroids\":true,\"pain_worsening\":true}");
    assert_false(fired(&r, "combined_flags"));
    triage_result_release(&r);
    /* urgent flags do not count towards it */
    r = run("{\"thoracic_pain\":true,\"night_pain_unrelieved\":true,\"pain_worsening\":true}");
    assert_false(fired(&r, "combined_flags"));
    triage_result_release(&r);
}

static void reasons_most_serious_first(void **state)
{
    struct triage_result r = run("{\"age\":60,\"worse_cough_sneeze\":true,\"saddle_numbness\":true,"
                                 "\"chest_pain\":true}");
    (void)state;
    assert_int_equal(r.tier, TIER_EMERGENCY);
    assert_int_equal(r.n_fired, 4);
    for (int i = 1; i < r.n_fired; i++)
        assert_true(r.fired[i - 1]->tier >= r.fired[i]->tier);
    /* within a tier, rule-file order */
    assert_string_equal(r.fired[0]->id, "saddle_numbness");
    assert_string_equal(r.fired[1]->id, "chest_pain");
    triage_result_release(&r);
}

static void nothing_fires_on_empty_answers(void **state)
{
    struct triage_result r = run("{}");
    (void)state;
    assert_int_equal(r.tier, TIER_NONE);
    assert_int_equal(r.program, PROGRAM_CONTINUE);
    assert_int_equal(r.n_fired, 0);
    triage_result_release(&r);
    r = run("{\"age\":35,\"trauma\":\"none\",\"leg_weakness\":\"none\",\"chest_pain\":null}");
    assert_int_equal(r.n_fired, 0);
    triage_result_release(&r);
}

static void intake_document_uses_red_flags_and_age(void **state)
{
    struct triage_result r;
    (void)state;
    r = run("{\"red_flags\":{\"trauma\":\"minor\"},\"age\":72,\"pain_now\":6}");
    assert_true(fired(&r, "minor_trauma_fragile"));
    triage_result_release(&r);
    /* red_flags.age wins over the top-level age */
    r = run("{\"red_flags\":{\"age\":30,\"trauma\":\"minor\"},\"age\":72}");
    assert_false(fired(&r, "minor_trauma_fragile"));
    triage_result_release(&r);
}

/* triage-4.x: bad answers are refused with the field named. */
static void bad_answers_name_the_field(void **state)
{
    static const struct {
        const char *doc, *field;
    } bad[] = {
        {"{\"age\":\"old\"}", "age"},
        {"{\"age\":51.5}", "age"},
        {"{\"age\":-3}", "age"},
        {"{\"age\":400}", "age"},
        {"{\"saddle_numbness\":\"yes\"}", "saddle_numbness"},
        {"{\"saddle_numbness\":1}", "saddle_numbness"},
        {"{\"trauma\":\"big\"}", "trauma"},
        {"{\"leg_weakness\":true}", "leg_weakness"},
        {"{\"temperature_c\":\"38\"}", "temperature_c"},
        {"{\"temperature_c\":380}", "temperature_c"},
        {"{\"weeks_without_improvement\":2.5}", "weeks_without_improvement"},
        {"{\"sadle_numbness\":true}", "sadle_numbness"},
        {"{\"red_flags\":{\"chest_pain\":\"no\"}}", "red_flags.chest_pain"},
        {"{\"red_flags\":[]}", "red_flags"},
        {"{\"red_flags\":null}", "red_flags"},
        {"{\"red_flags\":{\"age\":30},\"age\":\"x\"}", "age"},
        {"{\"pain_now\":3,\"colour\":1}", "colour"},
        {"{\"red_flags\":{},\"favourite_colour\":\"red\"}", "favourite_colour"},
        {"{\"red_flags\":{},\"age\":\"x\"}", "age"},
        {"[]", "input"},
    };
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(bad); i++) {
        struct triage_answers a;
        struct mrx_err err;
        json_t *doc = json_lit(bad[i].doc);
        int rc = triage_answers_from_document(doc, &a, &err);
        json_decref(doc);
        if (rc != MRX_EINVAL || strcmp(err.field, bad[i].field) != 0)
            fail_msg("%s: expected EINVAL on '%s', got %d on '%s'", bad[i].doc, bad[i].field, rc,
                     err.field);
    }
}

/* triage-5.x: what a patient reads first. */
static void message_conventions(void **state)
{
    static const char emergency_start[] =
        "Call your emergency number now or go to the nearest emergency department.";
    static const char urgent_start[] = "Contact a doctor today.";
    (void)state;
    assert_int_equal(rules.n_rules, 25);
    for (int i = 0; i < rules.n_rules; i++) {
        const struct triage_rule *r = &rules.rules[i];
        if (r->tier == TIER_EMERGENCY &&
            strncmp(r->patient_message, emergency_start, strlen(emergency_start)) != 0)
            fail_msg("emergency rule '%s' must start with what to do now", r->id);
        if (r->tier == TIER_URGENT &&
            strncmp(r->patient_message, urgent_start, strlen(urgent_start)) != 0)
            fail_msg("urgent rule '%s' must start with '%s'", r->id, urgent_start);
        assert_true(strlen(r->clinician_message) > 0);
        assert_true(strlen(r->citation) > 0);
    }
}

static void result_json_shape(void **state)
{
    struct triage_result r = run("{\"bladder_dysfunction\":true}");
    json_t *o = triage_result_to_json(&r);
    json_t *reason = json_array_get(json_object_get(o, "reasons"), 0);
    (void)state;
    assert_string_equal(json_string_value(json_object_get(o, "tier")), "emergency");
    assert_string_equal(json_string_value(json_object_get(o, "program")), "stop");
    assert_string_equal(json_string_value(json_object_get(reason, "rule")), "bladder_dysfunction");
    assert_string_equal(json_string_value(json_object_get(reason, "tier")), "emergency");
    assert_string_equal(json_string_value(json_object_get(reason, "message")),
                        r.fired[0]->patient_message);
    json_decref(o);
    triage_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_rule_fires_alone),
        cmocka_unit_test(rules_with_two_facts),
        cmocka_unit_test(minor_trauma_in_older_person_is_emergency),
        cmocka_unit_test(combination_rule),
        cmocka_unit_test(reasons_most_serious_first),
        cmocka_unit_test(nothing_fires_on_empty_answers),
        cmocka_unit_test(intake_document_uses_red_flags_and_age),
        cmocka_unit_test(bad_answers_name_the_field),
        cmocka_unit_test(message_conventions),
        cmocka_unit_test(result_json_shape),
    };
    return cmocka_run_group_tests(tests, load_rules, free_rules);
}
