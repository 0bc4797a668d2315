/*
 * triage_json.c: triage answers in, triage result out, as JSON (see
 * triage_json.h).
 */
#include "compat.h"

#include "core/plan/intake.h"
#include "formats/triage_json.h"

/* The top-level age of an intake, checked whether or not red_flags has one. */
static int intake_age(const json_t *doc, bool *present, double *value, struct mrx_err *err)
{
    const struct answer_field *age = answer_field_find("age");
    const json_t *j = json_object_get(doc, "age");

    *present = false;
    if (!j || json_is_null(j))
        return MRX_OK;
    if (!json_is_integer(j) || (double)json_integer_value(j) < age->min ||
        (double)json_integer_value(j) > age->max)
        return mrx_err_set(err, MRX_EINVAL, "age", "must be a whole number %g..%g", age->min,
                           age->max);
    *present = true;
    *value = (double)json_integer_value(j);
    return MRX_OK;
}

static int answers_from_intake(const json_t *doc, struct triage_answers *out, struct mrx_err *err)
{
    size_t age_ix = (size_t)(answer_field_find("age") - answer_fields());
    const json_t *red_flags = json_object_get(doc, "red_flags");
    const char *key;
    bool has_age;
    double age;
    json_t *v;
    int rc;

    json_object_foreach((json_t *)doc, key, v)
    {
        (void)v;
        if (!intake_is_field(key))
            return mrx_err_set(err, MRX_EINVAL, key, "unknown field");
    }
    if ((rc = intake_age(doc, &has_age, &age, err)))
        return rc;
    if (red_flags && (rc = triage_answers_from_json(red_flags, "red_flags.", out, err)))
        return rc;
    if (!red_flags)
        memset(out, 0, sizeof(*out));
    if (has_age && !out->present[age_ix]) {
        out->present[age_ix] = true;
        out->value[age_ix] = age;
    }
    return MRX_OK;
}

/* An intake has red_flags or any field that only an intake has. */
static bool looks_like_intake(const json_t *doc)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)doc, key, v)
    {
        (void)v;
        if (intake_is_field(key) && !answer_field_find(key))
            return true;
    }
    return false;
}

int triage_answers_from_document(const json_t *doc, struct triage_answers *out, struct mrx_err *err)
{
    if (!json_is_object(doc))
        return mrx_err_set(err, MRX_EINVAL, "input", "must be a JSON object");
    if (looks_like_intake(doc))
        return answers_from_intake(doc, out, err);
    return triage_answers_from_json(doc, "", out, err);
}

json_t *triage_result_to_json(const struct triage_result *r)
{
    json_t *o = json_object();
    json_t *reasons = json_array();

    json_object_set_new(o, "tier", json_string(tier_name(r->tier)));
    json_object_set_new(o, "program", json_string(program_action_name(r->program)));
    for (int i = 0; i < r->n_fired; i++) {
        const struct triage_rule *rule = r->fired[i];
        json_t *reason = json_object();
        json_object_set_new(reason, "rule", json_string(rule->id));
        json_object_set_new(reason, "tier", json_string(tier_name(rule->tier)));
        json_object_set_new(reason, "group", json_string(triage_group_name(rule->group)));
        json_object_set_new(reason, "message", json_string(rule->patient_message));
        json_object_set_new(reason, "clinician_message", json_string(rule->clinician_message));
        json_object_set_new(reason, "citation", json_string(rule->citation));
        json_array_append_new(reasons, reason);
    }
    json_object_set_new(o, "reasons", reasons);
    return o;
}
