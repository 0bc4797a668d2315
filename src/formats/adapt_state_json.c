/*
 * adapt_state_json.c: the engine state to and from JSON (see
 * adapt_state_json.h). Days are kept as day numbers: the document is the
 * program's own, never shown to people.
 */
#include "compat.h"

#include <math.h>

#include "formats/adapt_state_json.h"
#include "formats/exercise_json.h"

#define STATE_FORMAT 1

static json_t *marks_json(const struct adapt_item *it)
{
    json_t *a = json_array();
    for (int k = 0; k < it->n_marks; k++)
        json_array_append_new(
            a, json_pack("[I, f]", (json_int_t)it->marks[k].day, it->marks[k].volume));
    return a;
}

static json_t *item_json(const struct adapt_state *s, int i)
{
    const struct adapt_item *it = &s->items[i];
    json_t *o = json_pack("{s:s?, s:o, s:I, s:I, s:o}", "exercise",
                          it->exercise ? it->exercise->id : NULL, "dose", dose_to_json(&it->dose),
                          "last_change_day", (json_int_t)it->last_change_day, "last_review_day",
                          (json_int_t)it->last_review_day, "marks", marks_json(it));
    if (i == s->walking)
        json_object_set_new(o, "goal",
                            json_pack("{si, si, si}", "minutes", it->goal.minutes, "bouts",
                                      it->goal.bouts, "days_per_week", it->goal.days_per_week));
    return o;
}

json_t *adapt_state_to_json(const struct adapt_rules *rules, const struct adapt_state *s)
{
    json_t *items = json_array(), *alerts = json_array();

    for (int i = 0; i < s->n_items; i++)
        json_array_append_new(items, item_json(s, i));
    for (int r = 0; r < AR_COUNT; r++)
        if (s->open_alerts & (1u << r))
            json_array_append_new(alerts, json_string(rules->rules[r].id));
    return json_pack("{si, sf, sI, sb, sb, sb, sI, so, sI, si, so}", "format", STATE_FORMAT,
                     "baseline_pain", s->baseline_pain, "start_day", (json_int_t)s->start_day,
                     "progression_held", s->progression_held, "stopped", s->stopped, "flare_active",
                     s->flare_active, "flare_start_day", (json_int_t)s->flare_start_day,
                     "open_alerts", alerts, "last_worsening_day", (json_int_t)s->last_worsening_day,
                     "walking", s->walking, "items", items);
}

static int rule_by_id(const struct adapt_rules *rules, const char *id)
{
    for (int r = 0; r < AR_COUNT; r++)
        if (strcmp(rules->rules[r].id, id) == 0)
            return r;
    return -1;
}

static int read_item(const json_t *j, const struct catalog *cat, bool walking,
                     struct adapt_item *it, struct mrx_err *err)
{
    const char *exercise;
    json_t *dose, *marks, *goal = NULL, *m, *ex;
    json_int_t changed, reviewed;
    json_error_t jerr;
    size_t k;
    int rc;

    memset(it, 0, sizeof(*it));
    if (json_unpack_ex((json_t *)j, &jerr, JSON_STRICT, "{s:o, s:o, s:I, s:I, s:o, s?:o}",
                       "exercise", &ex, "dose", &dose, "last_change_day", &changed,
                       "last_review_day", &reviewed, "marks", &marks, "goal", &goal) != 0)
        return mrx_err_set(err, MRX_EDATA, "engine_state.items", "%s", jerr.text);
    if (!json_is_null(ex) && !json_is_string(ex))
        return mrx_err_set(err, MRX_EDATA, "engine_state.items", "exercise must be an id");
    exercise = json_string_value(ex);
    if (walking != (exercise == NULL))
        return mrx_err_set(err, MRX_EDATA, "engine_state.items", "walking item misplaced");
    if (exercise) {
        if (!(it->exercise = catalog_find(cat, exercise)))
            return mrx_err_set(err, MRX_EDATA, "engine_state.items",
                               "exercise '%s' is not in the library", exercise);
        it->range = it->exercise->range;
    } else {
        it->range = *adapt_walking_range();
        if (!goal ||
            json_unpack_ex(goal, &jerr, JSON_STRICT, "{si, si, si}", "minutes", &it->goal.minutes,
                           "bouts", &it->goal.bouts, "days_per_week", &it->goal.days_per_week) != 0)
            return mrx_err_set(err, MRX_EDATA, "engine_state.items", "walking goal");
    }
    if ((rc = dose_parse(dose, "engine_state.items.dose", &it->dose, err)))
        return rc;
    it->last_change_day = (long)changed;
    it->last_review_day = (long)reviewed;
    if (!json_is_array(marks) || json_array_size(marks) > ADAPT_MAX_MARKS)
        return mrx_err_set(err, MRX_EDATA, "engine_state.items.marks", "bad marks");
    json_array_foreach(marks, k, m)
    {
        json_int_t day;
        double vol;
        if (json_unpack_ex(m, &jerr, JSON_STRICT, "[I, F]", &day, &vol) != 0)
            return mrx_err_set(err, MRX_EDATA, "engine_state.items.marks", "%s", jerr.text);
        it->marks[it->n_marks].day = (long)day;
        it->marks[it->n_marks].volume = vol;
        it->n_marks++;
    }
    return MRX_OK;
}

int adapt_state_from_json(const json_t *doc, const struct adapt_rules *rules,
                          const struct catalog *cat, const struct intake *in,
                          struct adapt_state *out, struct mrx_err *err)
{
    json_int_t start, flare_start, worsening;
    json_t *alerts, *items, *v;
    int format, held, stopped, flare, walking;
    json_error_t jerr;
    size_t k;
    int rc;

    memset(out, 0, sizeof(*out));
    if (json_unpack_ex((json_t *)doc, &jerr, JSON_STRICT,
                       "{si, sF, sI, sb, sb, sb, sI, so, sI, si, so}", "format", &format,
                       "baseline_pain", &out->baseline_pain, "start_day", &start,
                       "progression_held", &held, "stopped", &stopped, "flare_active", &flare,
                       "flare_start_day", &flare_start, "open_alerts", &alerts,
                       "last_worsening_day", &worsening, "walking", &walking, "items", &items) != 0)
        return mrx_err_set(err, MRX_EDATA, "engine_state", "%s", jerr.text);
    if (format != STATE_FORMAT)
        return mrx_err_set(err, MRX_EDATA, "engine_state", "unknown format %d", format);
    out->start_day = (long)start;
    out->progression_held = held;
    out->stopped = stopped;
    out->flare_active = flare;
    out->flare_start_day = (long)flare_start;
    out->last_worsening_day = (long)worsening;
    out->constraints = *in;
    out->constraints.n_psfs = 0; /* the state owns no strings */
    memset(out->constraints.psfs, 0, sizeof(out->constraints.psfs));
    if (!json_is_array(alerts) || !json_is_array(items) || json_array_size(items) == 0 ||
        json_array_size(items) > ADAPT_MAX_ITEMS || walking < 0 ||
        (size_t)walking >= json_array_size(items))
        return mrx_err_set(err, MRX_EDATA, "engine_state", "bad items or alerts");
    json_array_foreach(alerts, k, v)
    {
        int r = json_is_string(v) ? rule_by_id(rules, json_string_value(v)) : -1;
        if (r < 0)
            return mrx_err_set(err, MRX_EDATA, "engine_state.open_alerts", "unknown rule");
        out->open_alerts |= 1u << r;
    }
    out->walking = walking;
    json_array_foreach(items, k, v)
    {
        if ((rc = read_item(v, cat, (int)k == walking, &out->items[k], err)))
            return rc;
        out->n_items++;
    }
    return MRX_OK;
}

/* A real as its text with `digits` significant digits reads back (jansson
 * writes "%.*g", and reads with strtod). False for what JSON cannot hold. */
static bool real_as_read(double x, int digits, double *out)
{
    char buf[48];

    if (!isfinite(x))
        return false;
    snprintf(buf, sizeof(buf), "%.*g", digits, x);
    *out = strtod(buf, NULL);
    return isfinite(*out); /* at the top of the range the digits overflow: jansson refuses them */
}

/* Each check mirrors one of read_item()'s refusals; each field is what it sets. */
static bool item_as_read(const struct adapt_item *it, const struct catalog *cat, bool walking,
                         int digits, struct adapt_item *out)
{
    memset(out, 0, sizeof(*out));
    if (walking != (it->exercise == NULL) || it->n_marks < 0 || it->n_marks > ADAPT_MAX_MARKS ||
        (it->exercise && catalog_find(cat, it->exercise->id) != it->exercise))
        return false;
    out->exercise = it->exercise;
    out->range = it->exercise ? it->exercise->range : *adapt_walking_range();
    if (walking)
        out->goal = it->goal;
    for (int k = 0; k < DOSE_KEYS; k++) {
        if (!it->dose.has[k])
            continue;
        if (it->dose.value[k] < 1 || it->dose.value[k] > DOSE_MAX)
            return false;
        out->dose.has[k] = true;
        out->dose.value[k] = it->dose.value[k];
    }
    out->last_change_day = it->last_change_day;
    out->last_review_day = it->last_review_day;
    for (int k = 0; k < it->n_marks; k++) {
        out->marks[k].day = it->marks[k].day;
        if (!real_as_read(it->marks[k].volume, digits, &out->marks[k].volume))
            return false;
    }
    out->n_marks = it->n_marks;
    return true;
}

bool adapt_state_as_read(const struct adapt_state *s, const struct catalog *cat,
                         const struct intake *in, int real_digits, struct adapt_state *out)
{
    memset(out, 0, sizeof(*out));
    if (s->n_items < 1 || s->n_items > ADAPT_MAX_ITEMS || s->walking < 0 ||
        s->walking >= s->n_items ||
        !real_as_read(s->baseline_pain, real_digits, &out->baseline_pain))
        return false;
    out->start_day = s->start_day;
    out->progression_held = s->progression_held;
    out->stopped = s->stopped;
    out->flare_active = s->flare_active;
    out->flare_start_day = s->flare_start_day;
    out->last_worsening_day = s->last_worsening_day;
    out->constraints = *in;
    out->constraints.n_psfs = 0;
    memset(out->constraints.psfs, 0, sizeof(out->constraints.psfs));
    for (int r = 0; r < AR_COUNT; r++) /* only rules with an id are written */
        out->open_alerts |= s->open_alerts & (1u << r);
    out->walking = s->walking;
    for (int i = 0; i < s->n_items; i++)
        if (!item_as_read(&s->items[i], cat, i == s->walking, real_digits, &out->items[i]))
            return false;
    out->n_items = s->n_items;
    return true;
}
