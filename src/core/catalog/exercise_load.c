/*
 * exercise_load.c: parsing one exercise file (docs/exercises.md).
 *
 * Strict by design: every key is known, every enum value is from its table,
 * every dose lies inside its safe range. Links to other exercises are only
 * recorded here; catalog_check() resolves them once the whole library is in.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/jsonx.h"
#include "common/xalloc.h"
#include "core/catalog/exercise.h"

static const char *const exercise_keys[] = {
    "id",      "name",     "category", "position", "equipment",   "floor",      "tags",
    "level",   "per_side", "dose",     "range",    "progression", "regression", "cautions",
    "summary", "steps",    "feel",     "mistakes", "evidence",    "routine",    NULL,
};

/* Finds `s` in a name table given by a lookup function over 0..n-1. */
static int lookup(const char *s, const char *(*name_of)(int), int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, name_of(i)) == 0)
            return i;
    return -1;
}

static const char *cat_name_i(int i)
{
    return category_name((enum exercise_category)i);
}
static const char *pos_name_i(int i)
{
    return position_name((enum exercise_position)i);
}
static const char *equip_name_i(int i)
{
    return equipment_name((enum equipment)i);
}
static const char *dose_name_i(int i)
{
    return dose_key_name((enum dose_key)i);
}
static const char *advice_name_i(int i)
{
    return caution_advice_name((enum caution_advice)i);
}

static int parse_enum(const json_t *obj, const char *key, const char *(*name_of)(int), int n,
                      int *out, struct mrx_err *err)
{
    const json_t *v = json_object_get(obj, key);
    int idx = json_is_string(v) ? lookup(json_string_value(v), name_of, n) : -1;

    if (idx < 0)
        return mrx_err_set(err, MRX_EDATA, key, "unknown value '%s'",
                           json_is_string(v) ? json_string_value(v) : "(not a string)");
    *out = idx;
    return MRX_OK;
}

static int parse_bool(const json_t *obj, const char *key, bool *out, struct mrx_err *err)
{
    const json_t *v = json_object_get(obj, key);

    if (!json_is_boolean(v))
        return mrx_err_set(err, MRX_EDATA, key, "must be true or false");
    *out = json_is_true(v);
    return MRX_OK;
}

/* A list of non-empty strings, at least `min_items` long. */
static int parse_strings(const json_t *obj, const char *key, int min_items, char ***out, int *n,
                         struct mrx_err *err)
{
    const json_t *arr = json_object_get(obj, key);
    size_t len = json_array_size(arr);

    if (!json_is_array(arr) || len < (size_t)min_items)
        return mrx_err_set(err, MRX_EDATA, key, "must be a list of at least %d strings", min_items);
    *out = xcalloc(len, sizeof(**out));
    for (size_t i = 0; i < len; i++) {
        const json_t *s = json_array_get(arr, i);
        if (!json_is_string(s) || json_string_length(s) == 0)
            return mrx_err_set(err, MRX_EDATA, key, "item %zu must be a non-empty string", i + 1);
        (*out)[i] = xstrdup(json_string_value(s));
        (*n)++;
    }
    return MRX_OK;
}

static int parse_equipment(const json_t *obj, unsigned *out, struct mrx_err *err)
{
    const json_t *arr = json_object_get(obj, "equipment");
    size_t i;
    json_t *v;

    if (!json_is_array(arr))
        return mrx_err_set(err, MRX_EDATA, "equipment", "must be a list");
    json_array_foreach(arr, i, v)
    {
        int idx = json_is_string(v) ? lookup(json_string_value(v), equip_name_i, EQUIP_COUNT) : -1;
        if (idx < 0)
            return mrx_err_set(err, MRX_EDATA, "equipment", "unknown item %zu", i + 1);
        *out |= 1u << idx;
    }
    return MRX_OK;
}

static int parse_int_in(const json_t *v, const char *field, int lo, int hi, int *out,
                        struct mrx_err *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return mrx_err_set(err, MRX_EDATA, field, "must be a whole number %d..%d", lo, hi);
    *out = (int)json_integer_value(v);
    return MRX_OK;
}

int dose_parse(const json_t *j, const char *name, struct dose *d, struct mrx_err *err)
{
    const char *key;
    json_t *v;
    char field[96];

    memset(d, 0, sizeof(*d));
    if (!json_is_object(j))
        return mrx_err_set(err, MRX_EDATA, name, "must be an object");
    json_object_foreach((json_t *)j, key, v)
    {
        int k = lookup(key, dose_name_i, DOSE_KEYS), rc;
        snprintf(field, sizeof(field), "%s.%s", name, key);
        if (k < 0)
            return mrx_err_set(err, MRX_EDATA, field, "unknown dose key");
        if ((rc = parse_int_in(v, field, 1, DOSE_MAX, &d->value[k], err)))
            return rc;
        d->has[k] = true;
    }
    return MRX_OK;
}

static int parse_dose(const json_t *obj, struct dose *d, struct mrx_err *err)
{
    return dose_parse(json_object_get(obj, "dose"), "dose", d, err);
}

static int parse_range(const json_t *obj, struct dose_range *r, struct mrx_err *err)
{
    const json_t *j = json_object_get(obj, "range");
    const char *key;
    json_t *v;
    char field[48];

    if (!json_is_object(j))
        return mrx_err_set(err, MRX_EDATA, "range", "must be an object");
    json_object_foreach((json_t *)j, key, v)
    {
        int k = lookup(key, dose_name_i, DOSE_KEYS), rc;
        snprintf(field, sizeof(field), "range.%s", key);
        if (k < 0)
            return mrx_err_set(err, MRX_EDATA, field, "unknown dose key");
        if (!json_is_array(v) || json_array_size(v) != 2)
            return mrx_err_set(err, MRX_EDATA, field, "must be [min, max]");
        if ((rc = parse_int_in(json_array_get(v, 0), field, 1, DOSE_MAX, &r->min[k], err)) ||
            (rc = parse_int_in(json_array_get(v, 1), field, 1, DOSE_MAX, &r->max[k], err)))
            return rc;
        if (r->min[k] > r->max[k])
            return mrx_err_set(err, MRX_EDATA, field, "min %d is above max %d", r->min[k],
                               r->max[k]);
        r->has[k] = true;
    }
    if (!r->has[DOSE_DAYS_PER_WEEK])
        return mrx_err_set(err, MRX_EDATA, "range.days_per_week", "is required");
    if (r->max[DOSE_DAYS_PER_WEEK] > 7)
        return mrx_err_set(err, MRX_EDATA, "range.days_per_week", "a week has 7 days");
    return MRX_OK;
}

/* Names the first dose key outside its range or present in only one of the two. */
static int check_dose(const struct dose *d, const struct dose_range *r, struct mrx_err *err)
{
    char field[48];

    for (int k = 0; k < DOSE_KEYS; k++) {
        snprintf(field, sizeof(field), "dose.%s", dose_key_name((enum dose_key)k));
        if (d->has[k] != r->has[k])
            return mrx_err_set(err, MRX_EDATA, field, "dose and range must have the same keys");
        if (d->has[k] && (d->value[k] < r->min[k] || d->value[k] > r->max[k]))
            return mrx_err_set(err, MRX_EDATA, field, "%d is outside the safe range %d..%d",
                               d->value[k], r->min[k], r->max[k]);
    }
    return MRX_OK;
}

static int parse_link(const json_t *obj, const char *key, char **out, struct mrx_err *err)
{
    const json_t *v = json_object_get(obj, key);

    if (!v)
        return mrx_err_set(err, MRX_EDATA, key, "is missing (use null for none)");
    if (json_is_null(v))
        return MRX_OK;
    if (!json_is_string(v) || json_string_length(v) == 0)
        return mrx_err_set(err, MRX_EDATA, key, "must be an exercise id or null");
    *out = xstrdup(json_string_value(v));
    return MRX_OK;
}

static int parse_strings(const json_t *obj, const char *key, int min_items, char ***out, int *n,
                         struct mrx_err *err);

static int parse_caution(const json_t *j, enum caution_kind kind, struct caution *c,
                         struct mrx_err *err)
{
    static const char *const keys[] = {"advice", "note", "instead", NULL};
    const char *name = caution_kind_name(kind);
    const json_t *note;
    int advice = 0, rc;

    if (!json_is_object(j))
        return mrx_err_set(err, MRX_EDATA, name, "must be {\"advice\": ..., \"note\": ...}");
    if ((rc = jsonx_check_keys(j, keys, name, err)) ||
        (rc = parse_enum(j, "advice", advice_name_i, 3, &advice, err)))
        return mrx_err_prefix(err, "cautions.%s", name);
    c->advice = (enum caution_advice)advice;
    note = json_object_get(j, "note");
    if (note && (!json_is_string(note) || json_string_length(note) == 0))
        return mrx_err_set(err, MRX_EDATA, "cautions", "%s: note must be a non-empty string", name);
    if (!note && c->advice != ADVICE_OK)
        return mrx_err_set(err, MRX_EDATA, "cautions", "%s: advice '%s' needs a note", name,
                           caution_advice_name(c->advice));
    if (note)
        c->note = xstrdup(json_string_value(note));
    if (json_object_get(j, "instead")) {
        if (c->advice != ADVICE_AVOID)
            return mrx_err_set(err, MRX_EDATA, "cautions", "%s: 'instead' goes with 'avoid'", name);
        if ((rc = parse_strings(j, "instead", 1, &c->instead, &c->n_instead, err)))
            return mrx_err_prefix(err, "cautions.%s", name);
    }
    return MRX_OK;
}

static int parse_cautions(const json_t *obj, struct exercise *ex, struct mrx_err *err)
{
    static const char *const keys[] = {"pregnancy", "acute_leg_pain", "flare", NULL};
    const json_t *j = json_object_get(obj, "cautions");
    int rc;

    if (!json_is_object(j))
        return mrx_err_set(err, MRX_EDATA, "cautions", "must be an object");
    if ((rc = jsonx_check_keys(j, keys, "cautions", err)))
        return rc;
    for (int k = 0; k < CAUTION_KINDS; k++) {
        const json_t *c = json_object_get(j, caution_kind_name((enum caution_kind)k));
        if (!c)
            return mrx_err_set(err, MRX_EDATA, "cautions", "'%s' is missing",
                               caution_kind_name((enum caution_kind)k));
        if ((rc = parse_caution(c, (enum caution_kind)k, &ex->cautions[k], err)))
            return rc;
    }
    return MRX_OK;
}

static int parse_kind(const json_t *j, struct exercise *ex, struct mrx_err *err)
{
    int cat = 0, pos = 0, rc;

    if ((rc = parse_enum(j, "category", cat_name_i, CAT_COUNT, &cat, err)) ||
        (rc = parse_enum(j, "position", pos_name_i, POS_COUNT, &pos, err)) ||
        (rc = parse_equipment(j, &ex->equipment, err)) ||
        (rc = parse_bool(j, "floor", &ex->floor, err)) ||
        (rc = parse_strings(j, "tags", 0, &ex->tags, &ex->n_tags, err)) ||
        (rc = parse_int_in(json_object_get(j, "level"), "level", 1, 5, &ex->level, err)) ||
        (rc = parse_bool(j, "per_side", &ex->per_side, err)))
        return rc;
    ex->category = (enum exercise_category)cat;
    ex->position = (enum exercise_position)pos;
    return MRX_OK;
}

static int parse_texts(const json_t *j, struct exercise *ex, struct mrx_err *err)
{
    int rc;

    if ((rc = jsonx_take_string(j, "name", &ex->name, err)) ||
        (rc = jsonx_take_string(j, "summary", &ex->summary, err)) ||
        (rc = parse_strings(j, "steps", 1, &ex->steps, &ex->n_steps, err)) ||
        (rc = jsonx_take_string(j, "feel", &ex->feel, err)) ||
        (rc = parse_strings(j, "mistakes", 1, &ex->mistakes, &ex->n_mistakes, err)) ||
        (rc = jsonx_take_string(j, "evidence", &ex->evidence, err)))
        return rc;
    return MRX_OK;
}

/*
 * The optional "routine": [{"exercise": id, "dose": {...}}, ...]. Whether each
 * move exists and its dose is safe is a check over the whole library
 * (catalog_check); here only the shape. A routine is timed as a whole, so the
 * item's own dose is in minutes, and a move's dose has no days of its own.
 */
static int parse_routine(const json_t *j, struct exercise *ex, struct mrx_err *err)
{
    static const char *const keys[] = {"exercise", "dose", NULL};
    const json_t *r = json_object_get(j, "routine"), *step;
    size_t i;
    int rc;

    if (!r)
        return MRX_OK;
    if (!json_is_array(r) || json_array_size(r) < 2 || json_array_size(r) > ROUTINE_MAX_STEPS)
        return mrx_err_set(err, MRX_EDATA, "routine", "must be a list of 2 to %d moves",
                           ROUTINE_MAX_STEPS);
    if (!ex->dose.has[DOSE_MINUTES])
        return mrx_err_set(err, MRX_EDATA, "dose", "a routine's dose must be in minutes");
    ex->routine = xcalloc(json_array_size(r), sizeof(*ex->routine));
    json_array_foreach(r, i, step)
    {
        struct routine_step *s = &ex->routine[ex->n_routine];
        const json_t *id = json_object_get(step, "exercise");
        char field[32];

        snprintf(field, sizeof(field), "routine[%zu]", i);
        if (!json_is_object(step))
            return mrx_err_set(err, MRX_EDATA, field, "must be {\"exercise\": ..., \"dose\": ...}");
        if ((rc = jsonx_check_keys(step, keys, field, err)))
            return rc;
        if (!json_is_string(id) || json_string_length(id) == 0)
            return mrx_err_set(err, MRX_EDATA, field, "exercise must be an exercise id");
        snprintf(field, sizeof(field), "routine[%zu].dose", i);
        if ((rc = dose_parse(json_object_get(step, "dose"), field, &s->dose, err)))
            return rc;
        if (s->dose.has[DOSE_DAYS_PER_WEEK])
            return mrx_err_set(err, MRX_EDATA, field, "a move has no days of its own");
        s->exercise = xstrdup(json_string_value(id));
        ex->n_routine++;
    }
    return MRX_OK;
}

static int parse_body(const json_t *j, struct exercise *ex, struct mrx_err *err)
{
    int rc;

    if ((rc = jsonx_check_keys(j, exercise_keys, "", err)) || (rc = parse_texts(j, ex, err)) ||
        (rc = parse_kind(j, ex, err)) || (rc = parse_dose(j, &ex->dose, err)) ||
        (rc = parse_range(j, &ex->range, err)) || (rc = check_dose(&ex->dose, &ex->range, err)) ||
        (rc = parse_link(j, "progression", &ex->progression, err)) ||
        (rc = parse_link(j, "regression", &ex->regression, err)) ||
        (rc = parse_cautions(j, ex, err)) || (rc = parse_routine(j, ex, err)))
        return rc;
    return MRX_OK;
}

static bool valid_id(const char *id)
{
    if (!*id || *id == '-')
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

static int parse_id(const json_t *j, const char *expected_id, struct exercise *ex,
                    struct mrx_err *err)
{
    const json_t *id = json_object_get(j, "id");

    if (!json_is_string(id) || !valid_id(json_string_value(id)))
        return mrx_err_set(err, MRX_EDATA, "id", "must be lowercase letters, digits and '-'");
    if (expected_id && strcmp(json_string_value(id), expected_id) != 0)
        return mrx_err_set(err, MRX_EDATA, "id", "'%s' does not match the file name '%s'",
                           json_string_value(id), expected_id);
    ex->id = xstrdup(json_string_value(id));
    return MRX_OK;
}

int exercise_parse(const char *text, size_t len, const char *source, const char *expected_id,
                   struct exercise *out, struct mrx_err *err)
{
    json_t *root;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = jsonx_parse(text, len, source, MRX_EDATA, &root, err)))
        return rc;
    if (!json_is_object(root))
        rc = mrx_err_set(err, MRX_EDATA, "", "must be a JSON object");
    else if (!(rc = parse_id(root, expected_id, out, err)) && (rc = parse_body(root, out, err)))
        mrx_err_prefix(err, "exercise '%s'", out->id);
    json_decref(root);
    if (rc) {
        exercise_release(out);
        mrx_err_prefix(err, "%s", source);
    }
    return rc;
}

static void free_strings(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void exercise_release(struct exercise *ex)
{
    free(ex->id);
    free(ex->name);
    free_strings(ex->tags, ex->n_tags);
    free(ex->progression);
    free(ex->regression);
    for (int k = 0; k < CAUTION_KINDS; k++) {
        free(ex->cautions[k].note);
        free_strings(ex->cautions[k].instead, ex->cautions[k].n_instead);
    }
    free(ex->summary);
    free_strings(ex->steps, ex->n_steps);
    free(ex->feel);
    free_strings(ex->mistakes, ex->n_mistakes);
    free(ex->evidence);
    for (int i = 0; i < ex->n_routine; i++)
        free(ex->routine[i].exercise);
    free(ex->routine);
    if (ex->demo) {
        demo_release(ex->demo);
        free(ex->demo);
    }
    memset(ex, 0, sizeof(*ex));
}
