/*
 * triage_json.c: triage answers in, triage result out, as JSON (see
 * triage_json.h).
 */
#include "compat.h"

#include "formats/triage_json.h"

/* The fields of an intake (CONTRACT.md "Intake"); the plan engine validates
 * their contents, triage needs only red_flags and age. */
static const char *const intake_fields[] = {
    "red_flags",
    "age",
    "pain_now",
    "pain_week_average",
    "duration_weeks",
    "leg_pain",
    "startback",
    "odi",
    "rmdq",
    "psfs",
    "walking_minutes_per_day",
    "availability",
    "preferences",
    "pregnant",
    NULL,
};

static bool is_intake_field(const char *key)
{
    for (const char *const *f = intake_fields; *f; f++)
        if (strcmp(*f, key) == 0)
            return true;
    return false;
}

static int answers_from_intake(const json_t *doc, struct triage_answers *out, struct mrx_err *err)
{
    const struct answer_field *age = answer_field_find("age");
    size_t age_ix = (size_t)(age - answer_fields());
    const json_t *top_age = json_object_get(doc, "age");
    const char *key;
    json_t *v;
    int rc;

    json_object_foreach((json_t *)doc, key, v)
    {
        (void)v;
        if (!is_intake_field(key))
            return mrx_err_set(err, MRX_EINVAL, key, "unknown field");
    }
    if ((rc = triage_answers_from_json(json_object_get(doc, "red_flags"), "red_flags.", out, err)))
        return rc;
    if (top_age && !json_is_null(top_age) && !out->present[age_ix]) {
        if (!json_is_integer(top_age) || json_integer_value(top_age) < age->min ||
            json_integer_value(top_age) > age->max)
            return mrx_err_set(err, MRX_EINVAL, "age", "must be a whole number %g..%g", age->min,
                               age->max);
        out->present[age_ix] = true;
        out->value[age_ix] = (double)json_integer_value(top_age);
    }
    return MRX_OK;
}

int triage_answers_from_document(const json_t *doc, struct triage_answers *out, struct mrx_err *err)
{
    if (!json_is_object(doc))
        return mrx_err_set(err, MRX_EINVAL, "input", "must be a JSON object");
    if (json_object_get(doc, "red_flags"))
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
        json_object_set_new(reason, "message", json_string(rule->patient_message));
        json_object_set_new(reason, "clinician_message", json_string(rule->clinician_message));
        json_object_set_new(reason, "citation", json_string(rule->citation));
        json_array_append_new(reasons, reason);
    }
    json_object_set_new(o, "reasons", reasons);
    return o;
}
