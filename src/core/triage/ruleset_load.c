/*
 * ruleset_load.c: parsing and checking a triage rule set from JSON
 * (format: docs/rules.md).
 *
 * Everything a reviewer could get wrong is refused here with the file, the
 * rule and the reason: unknown keys, a missing message, an unknown tier or
 * group, a malformed condition, a duplicate id; and two mistakes of meaning
 * that IFOMPT 2020 warns against: a rule that fires when nothing is
 * answered, and age alone raising a flag (age is a modifier inside a
 * combination, never a flag by itself; only the scope rule uses it alone).
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/jsonx.h"
#include "common/xalloc.h"
#include "core/triage/condition.h"
#include "core/triage/triage.h"

static const char *const top_keys[] = {"ruleset", "version", "description", "rules", NULL};
static const char *const rule_keys[] = {
    "id",       "group", "tier", "program", "when", "patient_message", "clinician_message",
    "citation", NULL};

static bool valid_id(const char *id)
{
    if (!*id)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return false;
    return true;
}

static void rule_release(struct triage_rule *r)
{
    free(r->id);
    condition_free(r->when);
    free(r->patient_message);
    free(r->clinician_message);
    free(r->citation);
    memset(r, 0, sizeof(*r));
}

static int parse_tier(const json_t *j, enum tier *out, struct mrx_err *err)
{
    if (!json_is_string(j) || !tier_from_name(json_string_value(j), out) || *out == TIER_NONE)
        return mrx_err_set(err, MRX_EDATA, "tier", "must be 'emergency', 'urgent' or 'routine'");
    return MRX_OK;
}

static int parse_group(const json_t *j, enum triage_group *out, struct mrx_err *err)
{
    if (!json_is_string(j) || !triage_group_from_name(json_string_value(j), out))
        return mrx_err_set(err, MRX_EDATA, "group",
                           "must be one of ces, fracture, malignancy, infection, cardiac, neuro, "
                           "review, psychosocial or scope");
    return MRX_OK;
}

/* The program follows from the tier; a rule may only say that no program starts. */
static int parse_program(const json_t *j, struct triage_rule *r, struct mrx_err *err)
{
    r->program = program_action_for(r->tier);
    if (!j)
        return MRX_OK;
    if (!json_is_string(j) || strcmp(json_string_value(j), "not_started") != 0)
        return mrx_err_set(err, MRX_EDATA, "program",
                           "may only be 'not_started' (otherwise the program follows the tier)");
    r->program = PROGRAM_NOT_STARTED;
    return MRX_OK;
}

/* Whether the rule fires on these answers alone (no other rule fired). */
static bool fires_on(const struct triage_rule *r, const struct triage_answers *a)
{
    static const int none[GROUP_COUNT];
    return condition_eval(r->when, a, none);
}

/* The checks of meaning: a combination counts its own group, nothing answered
 * fires nothing, and age alone fires nothing outside the scope group. */
static int check_meaning(const struct triage_rule *r, struct mrx_err *err)
{
    struct triage_answers a;
    int age = answer_index("age");

    if (condition_counted_groups(r->when) & ~(1u << r->group))
        return mrx_err_set(err, MRX_EDATA, "when",
                           "a combination counts the rules of its own group ('%s'): signs of "
                           "one cause (IFOMPT 2020)",
                           triage_group_name(r->group));
    memset(&a, 0, sizeof(a));
    if (fires_on(r, &a))
        return mrx_err_set(err, MRX_EDATA, "when", "fires when nothing is answered");
    if (r->group == GROUP_SCOPE)
        return MRX_OK;
    a.present[age] = true;
    for (int years = 0; years <= (int)answer_fields()[age].max; years++) {
        a.value[age] = years;
        if (fires_on(r, &a))
            return mrx_err_set(err, MRX_EDATA, "when",
                               "fires on age alone (at %d): age is only a modifier inside a "
                               "combination (IFOMPT 2020); only group 'scope' may use it alone",
                               years);
    }
    return MRX_OK;
}

static int parse_rule_body(const json_t *j, struct triage_rule *r, struct mrx_err *err)
{
    int rc;

    if ((rc = jsonx_check_keys(j, rule_keys, "", err)) ||
        (rc = parse_group(json_object_get(j, "group"), &r->group, err)) ||
        (rc = parse_tier(json_object_get(j, "tier"), &r->tier, err)) ||
        (rc = parse_program(json_object_get(j, "program"), r, err)) ||
        (rc = jsonx_take_string(j, "patient_message", &r->patient_message, err)) ||
        (rc = jsonx_take_string(j, "clinician_message", &r->clinician_message, err)) ||
        (rc = jsonx_take_string(j, "citation", &r->citation, err)))
        return rc;
    if (!json_object_get(j, "when"))
        return mrx_err_set(err, MRX_EDATA, "when", "is missing");
    if ((rc = condition_parse(json_object_get(j, "when"), "when", &r->when, &r->combines, err)))
        return rc;
    return check_meaning(r, err);
}

/* Parses rule number i; on error the field says which rule, by id if it has one. */
static int parse_rule(const json_t *j, size_t i, struct triage_rule *r, struct mrx_err *err)
{
    const json_t *id = json_object_get(j, "id");
    int rc;

    if (!json_is_object(j))
        return mrx_err_set(err, MRX_EDATA, "", "rule %zu is not an object", i + 1);
    if (!json_is_string(id) || !valid_id(json_string_value(id))) {
        mrx_err_set(err, MRX_EDATA, "id", "must be lowercase letters, digits, '_' or '-'");
        return mrx_err_prefix(err, "rule %zu", i + 1);
    }
    r->id = xstrdup(json_string_value(id));
    rc = parse_rule_body(j, r, err);
    if (rc)
        return mrx_err_prefix(err, "rule '%s'", r->id);
    return MRX_OK;
}

static int check_unique(const struct triage_ruleset *rs, struct mrx_err *err)
{
    for (int i = 0; i < rs->n_rules; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(rs->rules[i].id, rs->rules[k].id) == 0)
                return mrx_err_set(err, MRX_EDATA, "", "rule '%s': duplicate id (rules %d and %d)",
                                   rs->rules[i].id, k + 1, i + 1);
    return MRX_OK;
}

static int parse_top(const json_t *root, struct triage_ruleset *rs, struct mrx_err *err)
{
    const json_t *rules = json_object_get(root, "rules");
    int rc;

    if (!json_is_object(root))
        return mrx_err_set(err, MRX_EDATA, "", "must be a JSON object");
    if ((rc = jsonx_check_keys(root, top_keys, "", err)) ||
        (rc = jsonx_take_string(root, "ruleset", &rs->name, err)) ||
        (rc = jsonx_take_string(root, "version", &rs->version, err)))
        return rc;
    if (!json_is_array(rules) || json_array_size(rules) == 0)
        return mrx_err_set(err, MRX_EDATA, "rules", "must be a non-empty list");
    rs->rules = xcalloc(json_array_size(rules), sizeof(*rs->rules));
    for (size_t i = 0; i < json_array_size(rules); i++) {
        rs->n_rules++;
        rc = parse_rule(json_array_get(rules, i), i, &rs->rules[i], err);
        if (rc)
            return rc;
    }
    return check_unique(rs, err);
}

int triage_ruleset_parse(const char *text, size_t len, const char *source,
                         struct triage_ruleset *out, struct mrx_err *err)
{
    json_t *root;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = jsonx_parse(text, len, source, MRX_EDATA, &root, err);
    if (rc)
        return rc;
    rc = parse_top(root, out, err);
    json_decref(root);
    if (rc) {
        triage_ruleset_release(out);
        mrx_err_prefix(err, "%s", source);
    }
    return rc;
}

void triage_ruleset_release(struct triage_ruleset *rs)
{
    for (int i = 0; i < rs->n_rules; i++)
        rule_release(&rs->rules[i]);
    free(rs->rules);
    free(rs->name);
    free(rs->version);
    memset(rs, 0, sizeof(*rs));
}
