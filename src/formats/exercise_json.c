/*
 * exercise_json.c: exercise and dose to JSON (see exercise_json.h).
 */
#include "compat.h"

#include "formats/exercise_json.h"

#include <stdio.h>

json_t *dose_to_json(const struct dose *d)
{
    json_t *o = json_object();
    for (int k = 0; k < DOSE_KEYS; k++)
        if (d->has[k])
            json_object_set_new(o, dose_key_name((enum dose_key)k), json_integer(d->value[k]));
    return o;
}

json_t *range_to_json(const struct dose_range *r)
{
    json_t *o = json_object();
    for (int k = 0; k < DOSE_KEYS; k++)
        if (r->has[k])
            json_object_set_new(o, dose_key_name((enum dose_key)k),
                                json_pack("[ii]", r->min[k], r->max[k]));
    return o;
}

static json_t *strings_json(char *const *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *equipment_json(unsigned mask)
{
    json_t *a = json_array();
    for (int e = 0; e < EQUIP_COUNT; e++)
        if (mask & (1u << e))
            json_array_append_new(a, json_string(equipment_name((enum equipment)e)));
    return a;
}

static json_t *cautions_json(const struct exercise *ex)
{
    json_t *o = json_object();
    for (int k = 0; k < CAUTION_KINDS; k++) {
        const struct caution *c = &ex->cautions[k];
        json_t *cj = json_pack("{ss}", "advice", caution_advice_name(c->advice));
        if (c->note)
            json_object_set_new(cj, "note", json_string(c->note));
        if (c->n_instead) {
            json_t *a = json_array();
            for (int i = 0; i < c->n_instead; i++)
                json_array_append_new(a, json_string(c->instead[i]));
            json_object_set_new(cj, "instead", a);
        }
        json_object_set_new(o, caution_kind_name((enum caution_kind)k), cj);
    }
    return o;
}

static json_t *link_json(const char *id)
{
    return id ? json_string(id) : json_null();
}

json_t *exercise_summary_json(const struct exercise *ex)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(ex->id));
    json_object_set_new(o, "name", json_string(ex->name));
    json_object_set_new(o, "category", json_string(category_name(ex->category)));
    json_object_set_new(o, "level", json_integer(ex->level));
    json_object_set_new(o, "position", json_string(position_name(ex->position)));
    json_object_set_new(o, "equipment", equipment_json(ex->equipment));
    json_object_set_new(o, "floor", json_boolean(ex->floor));
    json_object_set_new(o, "dose", dose_to_json(&ex->dose));
    json_object_set_new(o, "summary", json_string(ex->summary));
    return o;
}

json_t *exercise_to_json(const struct exercise *ex)
{
    json_t *o = exercise_summary_json(ex);
    json_object_set_new(o, "tags", strings_json(ex->tags, ex->n_tags));
    json_object_set_new(o, "per_side", json_boolean(ex->per_side));
    json_object_set_new(o, "range", range_to_json(&ex->range));
    json_object_set_new(o, "progression", link_json(ex->progression));
    json_object_set_new(o, "regression", link_json(ex->regression));
    json_object_set_new(o, "cautions", cautions_json(ex));
    json_object_set_new(o, "steps", strings_json(ex->steps, ex->n_steps));
    json_object_set_new(o, "feel", json_string(ex->feel));
    json_object_set_new(o, "mistakes", strings_json(ex->mistakes, ex->n_mistakes));
    json_object_set_new(o, "evidence", json_string(ex->evidence));
    if (ex->n_routine) {
        json_t *moves = json_array();
        for (int i = 0; i < ex->n_routine; i++)
            json_array_append_new(moves, json_pack("{ss, so}", "exercise", ex->routine[i].exercise,
                                                   "dose", dose_to_json(&ex->routine[i].dose)));
        json_object_set_new(o, "routine", moves);
    }
    if (ex->demo)
        json_object_set(o, "demo", ex->demo->json);
    return o;
}

/* Formats a dose for people: "2 x 8 reps, hold 3 s, 3 days a week". */
void dose_describe(const struct dose *d, bool per_side, char *buf, size_t size)
{
    const int *v = d->value;
    size_t n = 0;

#define ADD(...) n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__)
    buf[0] = '\0';
    if (d->has[DOSE_SETS] && d->has[DOSE_REPS])
        ADD("%d x %d rep%s%s", v[DOSE_SETS], v[DOSE_REPS], v[DOSE_REPS] == 1 ? "" : "s",
            per_side ? " each side" : "");
    else if (d->has[DOSE_REPS])
        ADD("%d rep%s%s", v[DOSE_REPS], v[DOSE_REPS] == 1 ? "" : "s", per_side ? " each side" : "");
    if (d->has[DOSE_HOLD_S])
        ADD("%shold %d s", n ? ", " : "", v[DOSE_HOLD_S]);
    if (d->has[DOSE_MINUTES])
        ADD("%s%d min", n ? ", " : "", v[DOSE_MINUTES]);
    if (d->has[DOSE_BOUTS])
        ADD(" x %d a day", v[DOSE_BOUTS]);
    if (d->has[DOSE_DAYS_PER_WEEK])
        ADD("%s%d day%s a week", n ? ", " : "", v[DOSE_DAYS_PER_WEEK],
            v[DOSE_DAYS_PER_WEEK] == 1 ? "" : "s");
#undef ADD
}
