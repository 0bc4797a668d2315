/*
 * test_rules_load.c: a triage rules file that is wrong in any way fails at
 * load with the file, the rule and the reason (docs/rules.md).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/triage/triage.h"
#include "test_helpers.h"

#define MSG "\"patient_message\":\"Rest.\",\"clinician_message\":\"c\",\"citation\":\"x\""
#define RULE_G(id, group, tier, when)                                                              \
    "{\"id\":\"" id "\",\"group\":\"" group "\",\"tier\":\"" tier "\",\"when\":" when "," MSG "}"
#define RULE(id, tier, when) RULE_G(id, "review", tier, when)
/* A condition that reads a number and is not age. */
#define WEEKS "{\"field\":\"weeks_without_improvement\",\"gt\":1}"
#define FILE_OF(...) "{\"ruleset\":\"t\",\"version\":\"1\",\"rules\":[" __VA_ARGS__ "]}"

/* Parses `text`; expects MRX_EDATA whose "field: message" contains each of the needles. */
static void expect_refused(const char *text, const char *n1, const char *n2)
{
    struct triage_ruleset rs;
    struct mrx_err err;
    char full[600];
    int rc = triage_ruleset_parse(text, strlen(text), "fixture.json", &rs, &err);

    if (rc != MRX_EDATA)
        fail_msg("accepted a broken rules file: %s", text);
    snprintf(full, sizeof(full), "%s: %s", err.field, err.msg);
    if (strncmp(full, "fixture.json", 12) != 0 || !strstr(full, n1) || (n2 && !strstr(full, n2)))
        fail_msg("error '%s' should name the file, '%s' and '%s'", full, n1, n2 ? n2 : "");
    assert_int_equal(rs.n_rules, 0); /* nothing half-loaded */
}

static void accepts_a_valid_file(void **state)
{
    const char *text = FILE_OF(RULE_G(
        "a", "fracture", "urgent",
        "{\"all\":[{\"field\":\"age\",\"gt\":50},{\"not\":{\"not\":{\"field\":"
        "\"trauma\",\"eq\":\"minor\"}}}]}") "," RULE("b", "routine",
                                                     "{\"all\":[{\"field\":\"osteoporosis\","
                                                     "\"is\":true}]}") "," RULE_G("c", "fracture",
                                                                                  "emergency",
                                                                                  "{\"fired\":{"
                                                                                  "\"group\":"
                                                                                  "\"fracture\","
                                                                                  "\"at_least\":"
                                                                                  "1}}") ","
                                                                                         "{\"id\":"
                                                                                         "\"d\","
                                                                                         "\"group\""
                                                                                         ":"
                                                                                         "\"scope\""
                                                                                         ","
                                                                                         "\"tier\":"
                                                                                         "\"urgent"
                                                                                         "\""
                                                                                         ","
                                                                                         "\"program"
                                                                                         "\""
                                                                                         ":\"not_"
                                                                                         "started\""
                                                                                         ","
                                                                                         "\"when\":"
                                                                                         "{"
                                                                                         "\"field\""
                                                                                         ":"
                                                                                         "\"age\","
                                                                                         "\"lt\":"
                                                                                         "16}"
                                                                                         "," MSG
                                                                                         "}");
    struct triage_ruleset rs;
    struct mrx_err err;
    (void)state;
    if (triage_ruleset_parse(text, strlen(text), "f", &rs, &err))
        fail_msg("%s: %s", err.field, err.msg);
    assert_int_equal(rs.n_rules, 4);
    assert_false(rs.rules[0].combines);
    assert_true(rs.rules[2].combines);
    assert_int_equal(rs.rules[0].group, GROUP_FRACTURE);
    assert_int_equal(rs.rules[1].group, GROUP_REVIEW);
    assert_int_equal(rs.rules[1].program, PROGRAM_CONTINUE);
    assert_int_equal(rs.rules[0].program, PROGRAM_PAUSE);
    assert_int_equal(rs.rules[2].program, PROGRAM_STOP);
    assert_int_equal(rs.rules[3].program, PROGRAM_NOT_STARTED); /* its own, not its tier's */
    triage_ruleset_release(&rs);
}

/* Rule set v2: groups, combinations within a group, and the two mistakes of
 * meaning (a rule that fires on nothing; age alone as a flag). */
static void refuses_what_v2_rules_out(void **state)
{
    (void)state;
    expect_refused(FILE_OF("{\"id\":\"g1\",\"tier\":\"urgent\",\"when\":" WEEKS "," MSG "}"),
                   "rule 'g1'", "group");
    expect_refused(FILE_OF(RULE_G("g2", "cancer", "urgent", WEEKS)), "rule 'g2'", "group");
    expect_refused(FILE_OF(RULE_G("g10", "malignancy", "urgent",
                                  "{\"fired\":{\"group\":\"review\",\"at_least\":2}}")),
                   "rule 'g10'", "counts the rules of its own group ('malignancy')");
    expect_refused(
        FILE_OF(RULE("g3", "urgent", "{\"fired\":{\"tier\":\"routine\",\"at_least\":3}}")),
        "rule 'g3'", "counts the rules of one group");
    expect_refused(
        FILE_OF(RULE("g4", "urgent", "{\"fired\":{\"group\":\"psychosocial\",\"at_least\":2}}")),
        "rule 'g4'", "psychosocial rules never count");
    expect_refused(
        FILE_OF(RULE("g5", "urgent", "{\"fired\":{\"group\":\"tumour\",\"at_least\":2}}")),
        "rule 'g5'", "unknown group 'tumour'");
    expect_refused(FILE_OF(RULE("g6", "routine", "{\"field\":\"age\",\"gt\":50}")), "rule 'g6'",
                   "fires on age alone (at 51)");
    expect_refused(FILE_OF(RULE("g7", "routine",
                                "{\"any\":[{\"field\":\"age\",\"lt\":20},{\"field\":"
                                "\"osteoporosis\",\"is\":true}]}")),
                   "rule 'g7'", "fires on age alone (at 0)");
    expect_refused(
        FILE_OF(RULE("g8", "routine", "{\"not\":{\"field\":\"chest_pain\",\"is\":true}}")),
        "rule 'g8'", "fires when nothing is answered");
    expect_refused(FILE_OF("{\"id\":\"g9\",\"group\":\"scope\",\"tier\":\"urgent\",\"program\":"
                           "\"stop\",\"when\":{\"field\":\"age\",\"lt\":16}," MSG "}"),
                   "rule 'g9'", "program");
}

static void refuses_unknown_fields(void **state)
{
    (void)state;
    expect_refused(FILE_OF("{\"id\":\"r1\",\"group\":\"review\",\"tier\":\"urgent\",\"tierr\":"
                           "\"x\",\"when\":" WEEKS "," MSG "}"),
                   "rule 'r1'", "unknown field 'tierr'");
    expect_refused("{\"ruleset\":\"t\",\"version\":\"1\",\"extra\":1,\"rules\":[]}",
                   "unknown field 'extra'", NULL);
}

static void refuses_malformed_conditions(void **state)
{
    (void)state;
    expect_refused(FILE_OF(RULE("r2", "urgent", "{\"field\":\"agee\",\"gt\":1}")), "rule 'r2'",
                   "unknown answer field 'agee'");
    expect_refused(FILE_OF(RULE("r3", "urgent", "{\"field\":\"age\",\"is\":true}")), "rule 'r3'",
                   "needs a boolean field");
    expect_refused(FILE_OF(RULE("r4", "urgent", "{\"field\":\"chest_pain\",\"gt\":1}")),
                   "rule 'r4'", "needs a number field");
    expect_refused(FILE_OF(RULE("r5", "urgent", "{\"field\":\"trauma\",\"eq\":\"huge\"}")),
                   "rule 'r5'", "no such value");
    expect_refused(FILE_OF(RULE("r6", "urgent", "{\"all\":[]}")), "rule 'r6'", "non-empty list");
    expect_refused(FILE_OF(RULE("r7", "urgent", "{\"field\":\"age\"}")), "rule 'r7'",
                   "missing operator");
    expect_refused(FILE_OF(RULE("r8", "urgent", "{\"field\":\"age\",\"gt\":1,\"lt\":9}")),
                   "rule 'r8'", "more than one operator");
    expect_refused(FILE_OF(RULE("r9", "urgent", "{\"either\":[]}")), "rule 'r9'",
                   "unknown condition 'either'");
    expect_refused(FILE_OF(RULE("r10", "urgent", "{\"field\":\"age\",\"gt\":\"50\"}")),
                   "rule 'r10'", "needs a number");
    expect_refused(FILE_OF(RULE("r11", "urgent", "{\"fired\":{\"tier\":\"routine\"}}")),
                   "rule 'r11'", "fired");
    expect_refused(FILE_OF(RULE("r12", "urgent", "[]")), "rule 'r12'", "non-empty object");
    expect_refused(FILE_OF(RULE("r13", "urgent",
                                "{\"any\":[" WEEKS ",{\"field\":\"x\","
                                "\"is\":true}]}")),
                   "when.any[1]", "unknown answer field 'x'");
    expect_refused(FILE_OF("{\"id\":\"r14\",\"group\":\"review\",\"tier\":\"urgent\"," MSG "}"),
                   "rule 'r14'", "when");
}

static void refuses_duplicate_ids(void **state)
{
    (void)state;
    expect_refused(FILE_OF(RULE("same", "urgent", WEEKS) "," RULE("same", "routine", WEEKS)),
                   "rule 'same'", "duplicate id");
}

static void refuses_bad_tiers_ids_and_messages(void **state)
{
    (void)state;
    expect_refused(FILE_OF(RULE("r15", "critical", WEEKS)), "rule 'r15'", "tier");
    expect_refused(FILE_OF(RULE("r16", "none", WEEKS)), "rule 'r16'", "tier");
    expect_refused(FILE_OF(RULE("Bad Id", "urgent", WEEKS)), "rule 1", "id");
    expect_refused(
        FILE_OF("{\"id\":\"r17\",\"group\":\"review\",\"tier\":\"urgent\",\"when\":" WEEKS
                ",\"patient_message\":\"\",\"clinician_message\":\"c\","
                "\"citation\":\"x\"}"),
        "rule 'r17'", "patient_message");
    expect_refused(
        FILE_OF("{\"id\":\"r18\",\"group\":\"review\",\"tier\":\"urgent\",\"when\":" WEEKS
                ",\"patient_message\":\"p\",\"clinician_message\":\"c\"}"),
        "rule 'r18'", "citation");
}

static void refuses_bad_json(void **state)
{
    (void)state;
    expect_refused("{\"ruleset\":", "invalid JSON", NULL);
    expect_refused("{\"ruleset\":\"a\",\"ruleset\":\"b\",\"version\":\"1\",\"rules\":[]}",
                   "invalid JSON", "duplicate");
    expect_refused(FILE_OF(), "rules", "non-empty");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_a_valid_file),
        cmocka_unit_test(refuses_unknown_fields),
        cmocka_unit_test(refuses_malformed_conditions),
        cmocka_unit_test(refuses_what_v2_rules_out),
        cmocka_unit_test(refuses_duplicate_ids),
        cmocka_unit_test(refuses_bad_tiers_ids_and_messages),
        cmocka_unit_test(refuses_bad_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
