/*
 * test_triage.c: the default triage rule set, v2 (CONTRACT.md "Red-flag
 * triage (rule set v2)"): a data-driven table of answer sets
 * (tests/data/triage-v2.json: every rule, every combination both ways, each
 * boundary, yellow flags that never escalate, remembered answers merged into
 * a later triage), the contract's table of rules and groups, the retired ids,
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

#define CASES MOVERX_SOURCE_DIR "/tests/data/triage-v2.json"

static json_t *load_cases(void)
{
    json_error_t e;
    json_t *doc = json_load_file(CASES, JSON_REJECT_DUPLICATES, &e);
    if (!doc)
        fail_msg("%s: %s (line %d)", CASES, e.text, e.line);
    return doc;
}

/* The reasons as "a,b,c", in order. */
static void reason_list(const struct triage_result *r, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < r->n_fired && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "," : "", r->fired[i]->id);
}

static void expected_list(const json_t *reasons, char *buf, size_t size)
{
    size_t used = 0, k;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(reasons, k, v) used +=
        (size_t)snprintf(buf + used, size - used, "%s%s", k ? "," : "", json_string_value(v));
}

/* One case: the answers, as an intake's or, with "remembered", as a later triage's. */
static void run_case(const json_t *c)
{
    const char *id = json_string_value(json_object_get(c, "id"));
    const json_t *remembered = json_object_get(c, "remembered");
    struct triage_answers own, kept;
    struct triage_result r;
    struct mrx_err err;
    char got[512], want[512];

    if (triage_answers_from_document(json_object_get(c, "answers"), &own, &err))
        fail_msg("%s: answers: %s: %s", id, err.field, err.msg);
    own.age_from_birth_year = json_is_true(json_object_get(c, "age_from_birth_year"));
    if (remembered) {
        json_t *copy = json_deep_copy(remembered);
        bool from_birth_year = json_is_true(json_object_get(copy, "age_from_birth_year"));
        json_object_del(copy, "age_from_birth_year");
        if (triage_answers_from_json(copy, "", &kept, &err))
            fail_msg("%s: remembered: %s: %s", id, err.field, err.msg);
        json_decref(copy);
        kept.age_from_birth_year = from_birth_year;
        triage_evaluate_later(&rules, &own, &kept, NULL, &r, NULL);
    } else {
        triage_evaluate(&rules, &own, &r);
    }
    reason_list(&r, got, sizeof(got));
    expected_list(json_object_get(c, "reasons"), want, sizeof(want));
    if (strcmp(got, want) != 0)
        fail_msg("%s (%s): reasons [%s], expected [%s]", id,
                 json_string_value(json_object_get(c, "why")), got, want);
    if (strcmp(tier_name(r.tier), json_string_value(json_object_get(c, "tier"))) != 0 ||
        strcmp(program_action_name(r.program), json_string_value(json_object_get(c, "program"))))
        fail_msg("%s: %s/%s, expected %s/%s", id, tier_name(r.tier), program_action_name(r.program),
                 json_string_value(json_object_get(c, "tier")),
                 json_string_value(json_object_get(c, "program")));
    triage_result_release(&r);
}

/* triage-v2-NNN: the table, case by case. */
static void table_of_answer_sets(void **state)
{
    json_t *doc = load_cases(), *c;
    size_t k;

    (void)state;
    assert_true(json_array_size(json_object_get(doc, "cases")) >= 60);
    json_array_foreach(json_object_get(doc, "cases"), k, c) run_case(c);
    json_decref(doc);
}

/* The table covers every rule firing, and every combination both firing
 * and, with one sign of its group only, not firing. */
static void table_covers_every_rule_and_combination(void **state)
{
    json_t *doc = load_cases(), *c, *v;
    size_t k, j;

    (void)state;
    for (int i = 0; i < rules.n_rules; i++) {
        const struct triage_rule *rule = &rules.rules[i];
        bool fires = false, lone_member = false;
        json_array_foreach(json_object_get(doc, "cases"), k, c)
        {
            int members = 0;
            bool has = false;
            json_array_foreach(json_object_get(c, "reasons"), j, v)
            {
                const struct triage_rule *o = triage_rule_find(&rules, json_string_value(v));
                has |= o == rule;
                members += o && o != rule && !o->combines && o->group == rule->group;
            }
            fires |= has;
            lone_member |= !has && members == 1;
        }
        if (!fires)
            fail_msg("no case fires '%s'", rule->id);
        if (rule->combines && !lone_member)
            fail_msg("no case shows '%s' not firing on one sign of its group", rule->id);
    }
    json_decref(doc);
}

/* CONTRACT.md's table: every rule with its group and tier, and no other. */
static void rules_are_the_contract_table(void **state)
{
    static const struct {
        const char *id;
        enum triage_group group;
        enum tier tier;
    } table[] = {
        {"saddle_numbness", GROUP_CES, TIER_EMERGENCY},
        {"bladder_dysfunction", GROUP_CES, TIER_EMERGENCY},
        {"bowel_incontinence", GROUP_CES, TIER_EMERGENCY},
        {"both_legs", GROUP_CES, TIER_EMERGENCY},
        {"new_sexual_dysfunction", GROUP_CES, TIER_EMERGENCY},
        {"chest_pain", GROUP_CARDIAC, TIER_EMERGENCY},
        {"major_trauma", GROUP_FRACTURE, TIER_EMERGENCY},
        {"fragility_fracture", GROUP_FRACTURE, TIER_URGENT},
        {"progressive_weakness", GROUP_NEURO, TIER_URGENT},
        {"fever", GROUP_INFECTION, TIER_URGENT},
        {"infection_risk", GROUP_INFECTION, TIER_URGENT},
        {"cancer_history", GROUP_MALIGNANCY, TIER_URGENT},
        {"weight_loss", GROUP_MALIGNANCY, TIER_URGENT},
        {"back_lump", GROUP_MALIGNANCY, TIER_URGENT},
        {"malignancy_pattern", GROUP_MALIGNANCY, TIER_URGENT},
        {"malignancy_features", GROUP_MALIGNANCY, TIER_URGENT},
        {"night_pain", GROUP_MALIGNANCY, TIER_ROUTINE},
        {"thoracic_pain", GROUP_MALIGNANCY, TIER_ROUTINE},
        {"one_leg_symptoms", GROUP_NEURO, TIER_ROUTINE},
        {"cough_sneeze", GROUP_NEURO, TIER_ROUTINE},
        {"no_improvement", GROUP_REVIEW, TIER_ROUTINE},
        {"worsening", GROUP_REVIEW, TIER_ROUTINE},
        {"risk_factor", GROUP_REVIEW, TIER_ROUTINE},
        {"daily_activities", GROUP_PSYCHOSOCIAL, TIER_ROUTINE},
        {"coping", GROUP_PSYCHOSOCIAL, TIER_ROUTINE},
        {"under_16", GROUP_SCOPE, TIER_URGENT},
    };
    static const char *const retired[] = {"age_risk", "combined_flags", "minor_trauma_fragile",
                                          "sudden_onset_fragile"};
    (void)state;
    assert_int_equal(rules.n_rules, (int)MRX_ARRAY_LEN(table));
    assert_string_equal(rules.version, "2.0.0");
    for (size_t i = 0; i < MRX_ARRAY_LEN(table); i++) {
        const struct triage_rule *r = triage_rule_find(&rules, table[i].id);
        if (!r)
            fail_msg("rule '%s' is missing", table[i].id);
        if (r->group != table[i].group || r->tier != table[i].tier)
            fail_msg("rule '%s' is %s/%s", r->id, triage_group_name(r->group), tier_name(r->tier));
        assert_int_equal(r->program, strcmp(r->id, "under_16") == 0 ? PROGRAM_NOT_STARTED
                                                                    : program_action_for(r->tier));
    }
    for (size_t i = 0; i < MRX_ARRAY_LEN(retired); i++)
        assert_null(triage_rule_find(&rules, retired[i]));
}

/* Yellow flags never count toward a combination, whatever else fired. */
static void psychosocial_rules_never_combine(void **state)
{
    struct triage_result r;
    (void)state;
    r = run("{\"struggling_to_cope\":true,\"stops_daily_activities\":true,\"pain_worsening\":"
            "true,\"one_leg_numbness_tingling\":true,\"worse_cough_sneeze\":true,\"age\":75}");
    assert_int_equal(r.tier, TIER_ROUTINE);
    assert_int_equal(r.program, PROGRAM_CONTINUE);
    assert_int_equal(triage_red_flag_tier(&r), TIER_ROUTINE); /* neuro and review remain */
    triage_result_release(&r);
    r = run("{\"struggling_to_cope\":true,\"stops_daily_activities\":true}");
    assert_int_equal(r.tier, TIER_ROUTINE);
    assert_int_equal(triage_red_flag_tier(&r), TIER_NONE); /* no red flag: nothing held */
    triage_result_release(&r);
}

/* The standing history is asked at the intake only; check-ins ask what can change. */
static void standing_fields_are_intake_only(void **state)
{
    static const char *const standing[] = {"cancer_history", "long_term_steroids", "osteoporosis",
                                           "immunosuppressed", "iv_drug_use"};
    (void)state;
    for (size_t i = 0; i < MRX_ARRAY_LEN(standing); i++) {
        const struct answer_field *f = answer_field_find(standing[i]);
        assert_non_null(f);
        assert_true(f->asked & ASKED_STANDING);
        assert_true(f->asked & ASKED_INTAKE);
        assert_false(f->asked & ASKED_CHECKIN);
    }
    assert_false(answer_field_find("age")->asked & ASKED_CHECKIN);
    assert_true(answer_field_find("weeks_without_improvement")->asked & ASKED_FOLLOWUP);
    assert_false(answer_field_find("weeks_without_improvement")->asked & ASKED_CHECKIN);
    assert_true(answer_field_find("fever_or_chills")->asked & ASKED_CHECKIN);
    assert_true(answer_field_find("recent_infection")->asked & ASKED_CHECKIN);
    assert_true(answer_field_find("saddle_numbness")->asked & ASKED_CHECKIN);
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

/* What a patient reads first. Scope (under_16) is not urgent care: it asks
 * to see a doctor, without "today". */
static void message_conventions(void **state)
{
    static const char emergency_start[] =
        "Call your emergency number now or go to the nearest emergency department.";
    static const char urgent_start[] = "Contact a doctor today.";
    (void)state;
    for (int i = 0; i < rules.n_rules; i++) {
        const struct triage_rule *r = &rules.rules[i];
        if (r->tier == TIER_EMERGENCY &&
            strncmp(r->patient_message, emergency_start, strlen(emergency_start)) != 0)
            fail_msg("emergency rule '%s' must start with what to do now", r->id);
        if (r->tier == TIER_URGENT && r->group != GROUP_SCOPE &&
            strncmp(r->patient_message, urgent_start, strlen(urgent_start)) != 0)
            fail_msg("urgent rule '%s' must start with '%s'", r->id, urgent_start);
        if (r->group == GROUP_SCOPE && !strstr(r->patient_message, "doctor"))
            fail_msg("scope rule '%s' must send the person to a doctor", r->id);
        assert_true(strlen(r->clinician_message) > 0);
        assert_true(strlen(r->citation) > 0);
        if (r->combines && !strstr(r->citation, "IFOMPT"))
            fail_msg("combination '%s' must cite IFOMPT 2020", r->id);
        if (r->group == GROUP_SCOPE && !strstr(r->citation, "NG59"))
            fail_msg("scope rule '%s' must cite NICE NG59", r->id);
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
    assert_string_equal(json_string_value(json_object_get(reason, "group")), "ces");
    assert_string_equal(json_string_value(json_object_get(reason, "message")),
                        r.fired[0]->patient_message);
    json_decref(o);
    triage_result_release(&r);
    r = run("{\"age\":13}");
    o = triage_result_to_json(&r);
    assert_string_equal(json_string_value(json_object_get(o, "program")), "not_started");
    json_decref(o);
    triage_result_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_of_answer_sets),
        cmocka_unit_test(table_covers_every_rule_and_combination),
        cmocka_unit_test(rules_are_the_contract_table),
        cmocka_unit_test(psychosocial_rules_never_combine),
        cmocka_unit_test(standing_fields_are_intake_only),
        cmocka_unit_test(bad_answers_name_the_field),
        cmocka_unit_test(message_conventions),
        cmocka_unit_test(result_json_shape),
    };
    return cmocka_run_group_tests(tests, load_rules, free_rules);
}
