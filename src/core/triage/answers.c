/*
 * answers.c: the triage answer fields of CONTRACT.md and their parsing from
 * JSON.
 *
 * The field table is the single source of truth for names and types: the
 * rule loader checks conditions against it and the answer parser validates
 * input against it. Ranges reject impossible values (an age of 300, a
 * temperature of 380) as bad input instead of triaging on them.
 */
#include "compat.h"

#include <assert.h>
#include <math.h>

#include "common/err.h"
#include "core/triage/triage.h"

static const char *const trauma_values[] = {"none", "minor", "major", NULL};
static const char *const weakness_values[] = {"none", "stable", "progressive", NULL};

/* Asked at the intake and again at every check-in: what can change from day to day. */
#define DAILY (ASKED_INTAKE | ASKED_CHECKIN)
/* Standing history: asked once at the intake, remembered for the episode. */
#define STANDING (ASKED_INTAKE | ASKED_STANDING)

#define BOOL_FIELD(n, asked)                                                                       \
    {                                                                                              \
        n, ANSWER_BOOL, NULL, 0, 1, asked                                                          \
    }

static const struct answer_field fields[ANSWER_FIELD_COUNT] = {
    {"age", ANSWER_INT, NULL, 0, 120, ASKED_INTAKE},
    BOOL_FIELD("saddle_numbness", DAILY),
    BOOL_FIELD("bladder_dysfunction", DAILY),
    BOOL_FIELD("bowel_incontinence", DAILY),
    BOOL_FIELD("both_legs_symptoms", DAILY),
    BOOL_FIELD("chest_pain", DAILY),
    BOOL_FIELD("new_sexual_dysfunction", DAILY),
    {"trauma", ANSWER_ENUM, trauma_values, 0, 0, DAILY},
    {"leg_weakness", ANSWER_ENUM, weakness_values, 0, 0, DAILY},
    BOOL_FIELD("one_leg_numbness_tingling", DAILY),
    {"temperature_c", ANSWER_NUMBER, NULL, 30, 45, DAILY},
    BOOL_FIELD("fever_or_chills", DAILY),
    BOOL_FIELD("unexplained_weight_loss", DAILY),
    BOOL_FIELD("night_pain_unrelieved", DAILY),
    BOOL_FIELD("worse_cough_sneeze", DAILY),
    BOOL_FIELD("thoracic_pain", DAILY),
    BOOL_FIELD("back_lump_or_shape_change", DAILY),
    BOOL_FIELD("sudden_onset_severe", DAILY),
    BOOL_FIELD("generally_unwell", DAILY),
    BOOL_FIELD("recent_infection", DAILY),
    BOOL_FIELD("cancer_history", STANDING),
    BOOL_FIELD("long_term_steroids", STANDING),
    BOOL_FIELD("osteoporosis", STANDING),
    BOOL_FIELD("immunosuppressed", STANDING),
    BOOL_FIELD("iv_drug_use", STANDING),
    {"weeks_without_improvement", ANSWER_INT, NULL, 0, 520, ASKED_INTAKE | ASKED_FOLLOWUP},
    BOOL_FIELD("pain_worsening", DAILY),
    BOOL_FIELD("stops_daily_activities", DAILY),
    BOOL_FIELD("struggling_to_cope", DAILY),
};

const struct answer_field *answer_fields(void)
{
    return fields;
}

const struct answer_field *answer_field_find(const char *name)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(fields); i++)
        if (strcmp(fields[i].name, name) == 0)
            return &fields[i];
    return NULL;
}

int answer_index(const char *name)
{
    const struct answer_field *f = answer_field_find(name);

    assert(f != NULL);
    return (int)(f - fields);
}

bool triage_answers_age_from_birth_year(struct triage_answers *a, int birth_year, int year)
{
    int ix = answer_index("age"), age = year - birth_year;

    if (a->present[ix] || age < fields[ix].min || age > fields[ix].max)
        return false;
    a->present[ix] = true;
    a->value[ix] = age;
    a->age_from_birth_year = true;
    return true;
}

void triage_answers_merge_standing(struct triage_answers *into,
                                   const struct triage_answers *standing)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(fields); i++) {
        bool remembered = (fields[i].asked & ASKED_STANDING) || strcmp(fields[i].name, "age") == 0;
        if (!remembered || !standing->present[i])
            continue;
        /* A standing "yes" is never undone by a later "no"; the age of the
         * day's own answers, when given, is the one to use. */
        if (into->present[i] && (fields[i].type != ANSWER_BOOL || into->value[i] != 0))
            continue;
        into->present[i] = true;
        into->value[i] = standing->value[i];
        if (strcmp(fields[i].name, "age") == 0)
            into->age_from_birth_year = standing->age_from_birth_year;
    }
}

static int enum_index(const struct answer_field *f, const char *s)
{
    for (int i = 0; f->values[i]; i++)
        if (strcmp(f->values[i], s) == 0)
            return i;
    return -1;
}

/* Formats the allowed values of an enum field as "'a', 'b' or 'c'". */
static void enum_list(const struct answer_field *f, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; f->values[i] && used < size; i++) {
        const char *sep = i == 0 ? "" : f->values[i + 1] ? ", " : " or ";
        int n = snprintf(buf + used, size - used, "%s'%s'", sep, f->values[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

static int parse_enum(const struct answer_field *f, const json_t *v, const char *name, double *out,
                      struct mrx_err *err)
{
    char allowed[128];
    int idx = json_is_string(v) ? enum_index(f, json_string_value(v)) : -1;

    if (idx < 0) {
        enum_list(f, allowed, sizeof(allowed));
        return mrx_err_set(err, MRX_EINVAL, name, "must be %s", allowed);
    }
    *out = idx;
    return MRX_OK;
}

static int parse_number(const struct answer_field *f, const json_t *v, const char *name,
                        double *out, struct mrx_err *err)
{
    double x;

    if (f->type == ANSWER_INT && !json_is_integer(v))
        return mrx_err_set(err, MRX_EINVAL, name, "must be a whole number");
    if (!json_is_number(v))
        return mrx_err_set(err, MRX_EINVAL, name, "must be a number");
    x = json_number_value(v);
    if (!(x >= f->min && x <= f->max))
        return mrx_err_set(err, MRX_EINVAL, name, "must be %g..%g, got %g", f->min, f->max, x);
    *out = x;
    return MRX_OK;
}

static int parse_value(const struct answer_field *f, const json_t *v, const char *name, double *out,
                       struct mrx_err *err)
{
    switch (f->type) {
    case ANSWER_BOOL:
        if (!json_is_boolean(v))
            return mrx_err_set(err, MRX_EINVAL, name, "must be true or false");
        *out = json_is_true(v) ? 1 : 0;
        return MRX_OK;
    case ANSWER_ENUM:
        return parse_enum(f, v, name, out, err);
    case ANSWER_INT:
    case ANSWER_NUMBER:
        return parse_number(f, v, name, out, err);
    }
    return mrx_err_set(err, MRX_EINTERNAL, name, "unknown field type");
}

int triage_answers_from_json(const json_t *obj, const char *prefix, struct triage_answers *out,
                             struct mrx_err *err)
{
    const char *key;
    json_t *v;
    char name[96];

    memset(out, 0, sizeof(*out));
    if (!json_is_object(obj)) {
        size_t n = strlen(prefix);
        snprintf(name, sizeof(name), "%.*s", (int)(n && prefix[n - 1] == '.' ? n - 1 : n), prefix);
        return mrx_err_set(err, MRX_EINVAL, name[0] ? name : "input", "must be a JSON object");
    }
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct answer_field *f = answer_field_find(key);
        int rc;

        snprintf(name, sizeof(name), "%s%s", prefix, key);
        if (!f)
            return mrx_err_set(err, MRX_EINVAL, name, "unknown field");
        if (json_is_null(v))
            continue; /* null is "unknown", the same as absent */
        rc = parse_value(f, v, name, &out->value[f - fields], err);
        if (rc)
            return rc;
        out->present[f - fields] = true;
    }
    return MRX_OK;
}
