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
#define RULE(id, tier, when) "{\"id\":\"" id "\",\"tier\":\"" tier "\",\"when\":" when "," MSG "}"
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
    const char *text = FILE_OF(RULE(
        "a", "urgent",
        "{\"any\":[{\"field\":\"age\",\"gt\":50},{\"not\":{\"field\":"
        "\"trauma\",\"eq\":\"none\"}}]}") "," RULE("b", "routine",
                                                   "{\"all\":[{\"field\":\"osteoporosis\",\"is\":"
                                                   "true}]}") "," RULE("c", "emergency",
                                                                       "{\"fired\":{\"tier\":"
                                                                       "\"urgent\",\"at_least\":1}"
                                                                       "}"));
    struct triage_ruleset rs;
    struct mrx_err err;
    (void)state;
    assert_int_equal(triage_ruleset_parse(text, strlen(text), "f", &rs, &err), MRX_OK);
    assert_int_equal(rs.n_rules, 3);
    assert_false(rs.rules[0].combines);
    assert_true(rs.rules[2].combines);
    triage_ruleset_release(&rs);
}

static void refuses_unknown_fields(void **state)
{
    (void)state;
    expect_refused(FILE_OF("{\"id\":\"r1\",\"tier\":\"urgent\",\"tierr\":\"x\",\"when\":{"
                           "\"field\":\"age\",\"gt\":1}," MSG "}"),
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
                                "{\"any\":[{\"field\":\"age\",\"gt\":1},{\"field\":\"x\","
                                "\"is\":true}]}")),
                   "when.any[1]", "unknown answer field 'x'");
    expect_refused(FILE_OF("{\"id\":\"r14\",\"tier\":\"urgent\"," MSG "}"), "rule 'r14'", "when");
}

static void refuses_duplicate_ids(void **state)
{
    (void)state;
    expect_refused(FILE_OF(RULE("same", "urgent", "{\"field\":\"age\",\"gt\":1}") "," RULE(
                       "same", "routine", "{\"field\":\"age\",\"lt\":1}")),
                   "rule 'same'", "duplicate id");
}

static void refuses_bad_tiers_ids_and_messages(void **state)
{
    (void)state;
    expect_refused(FILE_OF(RULE("r15", "critical", "{\"field\":\"age\",\"gt\":1}")), "rule 'r15'",
                   "tier");
    expect_refused(FILE_OF(RULE("r16", "none", "{\"field\":\"age\",\"gt\":1}")), "rule 'r16'",
                   "tier");
    expect_refused(FILE_OF(RULE("Bad Id", "urgent", "{\"field\":\"age\",\"gt\":1}")), "rule 1",
                   "id");
    expect_refused(FILE_OF("{\"id\":\"r17\",\"tier\":\"urgent\",\"when\":{\"field\":\"age\","
                           "\"gt\":1},\"patient_message\":\"\",\"clinician_message\":\"c\","
                           "\"citation\":\"x\"}"),
                   "rule 'r17'", "patient_message");
    expect_refused(FILE_OF("{\"id\":\"r18\",\"tier\":\"urgent\",\"when\":{\"field\":\"age\","
                           "\"gt\":1},\"patient_message\":\"p\",\"clinician_message\":\"c\"}"),
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
        cmocka_unit_test(refuses_duplicate_ids),
        cmocka_unit_test(refuses_bad_tiers_ids_and_messages),
        cmocka_unit_test(refuses_bad_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
