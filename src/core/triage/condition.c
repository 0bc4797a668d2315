/*
 * condition.c: parsing, checking and evaluating triage rule conditions (see
 * condition.h for the language).
 *
 * Checking happens at parse time so that a clinic that edits its rules hears
 * about a typo when the rules load, not when a patient answers.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/xalloc.h"
#include "core/triage/condition.h"

enum cond_kind {
    COND_IS,
    COND_EQ,
    COND_GT,
    COND_GE,
    COND_LT,
    COND_LE,
    COND_ALL,
    COND_ANY,
    COND_NOT,
    COND_FIRED,
};

struct condition {
    enum cond_kind kind;
    int field;               /* index into answer_fields(), for leaf kinds */
    double value;            /* IS: 0/1; EQ: enum index; comparisons: the number */
    enum triage_group group; /* FIRED */
    int at_least;            /* FIRED */
    struct condition **kids; /* ALL, ANY: n_kids; NOT: 1 */
    int n_kids;
};

static const char *const comparisons[] = {"gt", "ge", "lt", "le"};

static int fail(struct mrx_err *err, const char *path, const char *msg)
{
    return mrx_err_set(err, MRX_EDATA, path, "%s", msg);
}

static bool is_operator(const char *key)
{
    static const char *const ops[] = {"is", "eq", "gt", "ge", "lt", "le"};
    for (size_t i = 0; i < MRX_ARRAY_LEN(ops); i++)
        if (strcmp(key, ops[i]) == 0)
            return true;
    return false;
}

/* The single operator key of a leaf besides "field", or NULL. */
static const char *leaf_operator(const json_t *j, struct mrx_err *err, const char *path, int *rc)
{
    const char *key, *op = NULL;
    json_t *v;

    *rc = MRX_OK;
    json_object_foreach((json_t *)j, key, v)
    {
        (void)v;
        if (strcmp(key, "field") == 0)
            continue;
        if (!is_operator(key)) {
            *rc = mrx_err_set(err, MRX_EDATA, path, "unknown key '%s'", key);
            return NULL;
        }
        if (op) {
            *rc = mrx_err_set(err, MRX_EDATA, path, "more than one operator ('%s' and '%s')", op,
                              key);
            return NULL;
        }
        op = key;
    }
    if (!op)
        *rc = fail(err, path, "missing operator (is, eq, gt, ge, lt or le)");
    return op;
}

static int parse_comparison(const char *op, const json_t *v, const struct answer_field *f,
                            struct condition *c, const char *path, struct mrx_err *err)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(comparisons); i++) {
        if (strcmp(op, comparisons[i]) != 0)
            continue;
        if (f->type != ANSWER_INT && f->type != ANSWER_NUMBER)
            return mrx_err_set(err, MRX_EDATA, path, "'%s' needs a number field, '%s' is not", op,
                               f->name);
        if (!json_is_number(v))
            return mrx_err_set(err, MRX_EDATA, path, "'%s' needs a number", op);
        c->kind = (enum cond_kind)(COND_GT + (int)i);
        c->value = json_number_value(v);
        return MRX_OK;
    }
    return mrx_err_set(err, MRX_EDATA, path, "unknown operator '%s'", op);
}

static int enum_value_index(const struct answer_field *f, const char *s)
{
    for (int i = 0; f->values[i]; i++)
        if (strcmp(f->values[i], s) == 0)
            return i;
    return -1;
}

static int parse_leaf(const json_t *j, const char *path, struct condition *c, struct mrx_err *err)
{
    const json_t *fj = json_object_get(j, "field");
    const struct answer_field *f;
    const char *op;
    const json_t *v;
    int rc;

    if (!json_is_string(fj))
        return fail(err, path, "'field' must be a string");
    f = answer_field_find(json_string_value(fj));
    if (!f)
        return mrx_err_set(err, MRX_EDATA, path, "unknown answer field '%s'",
                           json_string_value(fj));
    c->field = (int)(f - answer_fields());
    op = leaf_operator(j, err, path, &rc);
    if (!op)
        return rc;
    v = json_object_get(j, op);
    if (strcmp(op, "is") == 0) {
        if (f->type != ANSWER_BOOL)
            return mrx_err_set(err, MRX_EDATA, path, "'is' needs a boolean field, '%s' is not",
                               f->name);
        if (!json_is_boolean(v))
            return fail(err, path, "'is' needs true or false");
        c->kind = COND_IS;
        c->value = json_is_true(v) ? 1 : 0;
        return MRX_OK;
    }
    if (strcmp(op, "eq") == 0) {
        int idx;
        if (f->type != ANSWER_ENUM)
            return mrx_err_set(err, MRX_EDATA, path, "'eq' needs a choice field, '%s' is not",
                               f->name);
        idx = json_is_string(v) ? enum_value_index(f, json_string_value(v)) : -1;
        if (idx < 0)
            return mrx_err_set(err, MRX_EDATA, path, "'%s' has no such value", f->name);
        c->kind = COND_EQ;
        c->value = idx;
        return MRX_OK;
    }
    return parse_comparison(op, v, f, c, path, err);
}

static int parse_list(const json_t *arr, const char *path, const char *key, struct condition *c,
                      bool *uses_fired, struct mrx_err *err)
{
    char sub[160];
    size_t n = json_array_size(arr);

    if (!json_is_array(arr) || n == 0)
        return mrx_err_set(err, MRX_EDATA, path, "'%s' needs a non-empty list", key);
    c->kids = xcalloc(n, sizeof(*c->kids));
    for (size_t i = 0; i < n; i++) {
        int rc;
        snprintf(sub, sizeof(sub), "%s.%s[%zu]", path, key, i);
        rc = condition_parse(json_array_get(arr, i), sub, &c->kids[i], uses_fired, err);
        if (rc)
            return rc;
        c->n_kids++;
    }
    return MRX_OK;
}

/*
 * A combination counts rules of one group (rule set v2). Counting by tier
 * across groups (v1) added up unrelated signs, so it is refused with a hint.
 */
static int parse_fired(const json_t *f, const char *path, struct condition *c, struct mrx_err *err)
{
    json_t *group = json_object_get(f, "group");
    json_t *least = json_object_get(f, "at_least");

    if (json_is_object(f) && json_object_get(f, "tier"))
        return fail(err, path,
                    "'fired' counts the rules of one group, not of a tier: use "
                    "{\"group\": ..., \"at_least\": N}");
    if (!json_is_object(f) || json_object_size(f) != 2 || !json_is_string(group) ||
        !json_is_integer(least))
        return fail(err, path, "'fired' needs exactly {\"group\": ..., \"at_least\": N}");
    if (!triage_group_from_name(json_string_value(group), &c->group))
        return mrx_err_set(err, MRX_EDATA, path, "unknown group '%s'", json_string_value(group));
    if (c->group == GROUP_PSYCHOSOCIAL)
        return fail(err, path,
                    "psychosocial rules never count toward a combination (they are yellow "
                    "flags for the care team, not signs of a serious cause)");
    if (json_integer_value(least) < 1 || json_integer_value(least) > 100)
        return fail(err, path, "'at_least' must be 1..100");
    c->kind = COND_FIRED;
    c->at_least = (int)json_integer_value(least);
    return MRX_OK;
}

static int parse_composite(const json_t *j, const char *path, struct condition *c, bool *uses_fired,
                           struct mrx_err *err)
{
    const char *key = json_object_iter_key(json_object_iter((json_t *)j));
    const json_t *v = json_object_get(j, key);
    char sub[160];

    if (json_object_size(j) != 1)
        return fail(err, path, "a condition has one of all, any, not, fired or field");
    if (strcmp(key, "all") == 0 || strcmp(key, "any") == 0) {
        c->kind = key[1] == 'l' ? COND_ALL : COND_ANY;
        return parse_list(v, path, key, c, uses_fired, err);
    }
    if (strcmp(key, "not") == 0) {
        c->kind = COND_NOT;
        c->kids = xcalloc(1, sizeof(*c->kids));
        snprintf(sub, sizeof(sub), "%s.not", path);
        c->n_kids = 1;
        return condition_parse(v, sub, &c->kids[0], uses_fired, err);
    }
    if (strcmp(key, "fired") == 0) {
        *uses_fired = true;
        return parse_fired(v, path, c, err);
    }
    return mrx_err_set(err, MRX_EDATA, path, "unknown condition '%s'", key);
}

int condition_parse(const json_t *j, const char *path, struct condition **out, bool *uses_fired,
                    struct mrx_err *err)
{
    struct condition *c;
    int rc;

    *out = NULL;
    if (!json_is_object(j) || json_object_size(j) == 0)
        return fail(err, path, "a condition must be a non-empty object");
    c = xcalloc(1, sizeof(*c));
    if (json_object_get(j, "field"))
        rc = parse_leaf(j, path, c, err);
    else
        rc = parse_composite(j, path, c, uses_fired, err);
    if (rc) {
        condition_free(c);
        return rc;
    }
    *out = c;
    return MRX_OK;
}

void condition_free(struct condition *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n_kids; i++)
        condition_free(c->kids[i]);
    free(c->kids);
    free(c);
}

static bool eval_leaf(const struct condition *c, const struct triage_answers *a)
{
    bool present = a->present[c->field];
    double v = a->value[c->field];

    switch (c->kind) {
    case COND_IS:
        return (present ? v : 0) == c->value; /* absent booleans mean "no" */
    case COND_EQ:
        return present && v == c->value;
    case COND_GT:
        return present && v > c->value;
    case COND_GE:
        return present && v >= c->value;
    case COND_LT:
        return present && v < c->value;
    case COND_LE:
        return present && v <= c->value;
    default:
        return false;
    }
}

bool condition_eval(const struct condition *c, const struct triage_answers *a,
                    const int fired_by_group[GROUP_COUNT])
{
    switch (c->kind) {
    case COND_ALL:
        for (int i = 0; i < c->n_kids; i++)
            if (!condition_eval(c->kids[i], a, fired_by_group))
                return false;
        return true;
    case COND_ANY:
        for (int i = 0; i < c->n_kids; i++)
            if (condition_eval(c->kids[i], a, fired_by_group))
                return true;
        return false;
    case COND_NOT:
        return !condition_eval(c->kids[0], a, fired_by_group);
    case COND_FIRED:
        return fired_by_group[c->group] >= c->at_least;
    default:
        return eval_leaf(c, a);
    }
}

unsigned long long condition_fields(const struct condition *c)
{
    unsigned long long bits = 0;

    switch (c->kind) {
    case COND_ALL:
    case COND_ANY:
    case COND_NOT:
        for (int i = 0; i < c->n_kids; i++)
            bits |= condition_fields(c->kids[i]);
        return bits;
    case COND_FIRED:
        return 0;
    default:
        return 1ULL << c->field;
    }
}

unsigned condition_counted_groups(const struct condition *c)
{
    unsigned bits = 0;

    if (c->kind == COND_FIRED)
        return 1u << c->group;
    for (int i = 0; i < c->n_kids; i++)
        bits |= condition_counted_groups(c->kids[i]);
    return bits;
}
