/*
 * adapt_state_json.c: the engine state to and from JSON (see
 * adapt_state_json.h). Days are kept as day numbers: the document is the
 * program's own, never shown to people.
 */
#include "compat.h"

#include <math.h>

#include "formats/adapt_state_json.h"
#include "formats/exercise_json.h"

/* Format 2 (adaptation v2) adds the flare's way back, the cuts to undo and the
 * recent flares; a format 1 document reads with none of them. */
#define STATE_FORMAT 2

static json_t *marks_json(const struct adapt_item *it)
{
    json_t *a = json_array();
    for (int k = 0; k < it->n_marks; k++)
        json_array_append_new(
            a, json_pack("[I, f]", (json_int_t)it->marks[k].day, it->marks[k].volume));
    return a;
}

static json_t *dose_at_json(const struct exercise *ex, const struct dose *d)
{
    return json_pack("{s:s?, s:o}", "exercise", ex ? ex->id : NULL, "dose", dose_to_json(d));
}

static json_t *item_json(const struct adapt_state *s, int i)
{
    const struct adapt_item *it = &s->items[i];
    json_t *o = json_pack("{s:s?, s:o, s:I, s:I, s:o}", "exercise",
                          it->exercise ? it->exercise->id : NULL, "dose", dose_to_json(&it->dose),
                          "last_change_day", (json_int_t)it->last_change_day, "last_review_day",
                          (json_int_t)it->last_review_day, "marks", marks_json(it));
    /* what only some items carry is written only when they do */
    if (it->paused)
        json_object_set_new(o, "paused", json_true());
    if (it->has_restore)
        json_object_set_new(o, "restore", dose_at_json(it->restore_exercise, &it->restore));
    if (it->n_cuts > 0) {
        json_t *cuts = json_array();
        for (int k = 0; k < it->n_cuts; k++)
            json_array_append_new(cuts, dose_at_json(it->cuts[k].exercise, &it->cuts[k].dose));
        json_object_set_new(o, "cuts", cuts);
    }
    if (it->last_cut_day != ADAPT_NEVER)
        json_object_set_new(o, "last_cut_day", json_integer(it->last_cut_day));
    if (it->last_recover_day != ADAPT_NEVER)
        json_object_set_new(o, "last_recover_day", json_integer(it->last_recover_day));
    if (it->chain_from)
        json_object_set_new(o, "chain_from", dose_at_json(it->chain_from, &it->chain_from_dose));
    if (it->last_step_day != ADAPT_NEVER) {
        json_object_set_new(o, "last_step_day", json_integer(it->last_step_day));
        json_object_set_new(o, "before_step",
                            dose_at_json(it->before_step.exercise, &it->before_step.dose));
    }
    if (i == s->walking)
        json_object_set_new(o, "goal",
                            json_pack("{si, si, si}", "minutes", it->goal.minutes, "bouts",
                                      it->goal.bouts, "days_per_week", it->goal.days_per_week));
    return o;
}

json_t *adapt_state_to_json(const struct adapt_rules *rules, const struct adapt_state *s)
{
    json_t *items = json_array(), *alerts = json_array(), *flares = json_array(), *o;

    for (int i = 0; i < s->n_items; i++)
        json_array_append_new(items, item_json(s, i));
    for (int r = 0; r < AR_COUNT; r++)
        if (s->open_alerts & ADAPT_RULE_BIT(r))
            json_array_append_new(alerts, json_string(rules->rules[r].id));
    for (int k = 0; k < s->n_flares; k++)
        json_array_append_new(flares, json_pack("[I, I]", (json_int_t)s->flares[k].start,
                                                (json_int_t)s->flares[k].end));
    o = json_pack("{si, sf, sI, sb, sb, sb, sI, so, sI, si, so}", "format", STATE_FORMAT,
                  "baseline_pain", s->baseline_pain, "start_day", (json_int_t)s->start_day,
                  "progression_held", s->progression_held, "stopped", s->stopped, "flare_active",
                  s->flare_active, "flare_start_day", (json_int_t)s->flare_start_day, "open_alerts",
                  alerts, "last_worsening_day", (json_int_t)s->last_worsening_day, "walking",
                  s->walking, "items", items);
    json_object_set_new(o, "start_volume", json_real(s->start_volume));
    json_object_set_new(o, "flare_baseline", json_real(s->flare_baseline));
    json_object_set_new(o, "flares", flares);
    if (s->maintenance) /* only when set: a state from before discharge reads the same */
        json_object_set_new(o, "maintenance", json_true());
    return o;
}

static int rule_by_id(const struct adapt_rules *rules, const char *id)
{
    for (int r = 0; r < AR_COUNT; r++)
        if (strcmp(rules->rules[r].id, id) == 0)
            return r;
    return -1;
}

/* {"exercise": id or null, "dose": {...}}: null only for the walking item. */
static int read_dose_at(const json_t *j, const struct catalog *cat, bool walking, const char *field,
                        const struct exercise **ex, struct dose *dose, struct mrx_err *err)
{
    json_t *e, *d;
    json_error_t jerr;

    if (json_unpack_ex((json_t *)j, &jerr, JSON_STRICT, "{s:o, s:o}", "exercise", &e, "dose", &d) !=
        0)
        return mrx_err_set(err, MRX_EDATA, field, "%s", jerr.text);
    if (walking ? !json_is_null(e) : !json_is_string(e))
        return mrx_err_set(err, MRX_EDATA, field, "exercise must be %s",
                           walking ? "null for walking" : "an id");
    *ex = walking ? NULL : catalog_find(cat, json_string_value(e));
    if (!walking && !*ex)
        return mrx_err_set(err, MRX_EDATA, field, "exercise '%s' is not in the library",
                           json_string_value(e));
    return dose_parse(d, field, dose, err);
}

/* The parts of an item that adaptation v2 added; all optional. */
static int read_item_v2(const json_t *j, const struct catalog *cat, bool walking,
                        struct adapt_item *it, struct mrx_err *err)
{
    json_t *paused = json_object_get(j, "paused"), *restore = json_object_get(j, "restore");
    json_t *cuts = json_object_get(j, "cuts"), *cut_day = json_object_get(j, "last_cut_day");
    json_t *recover_day = json_object_get(j, "last_recover_day");
    json_t *chain = json_object_get(j, "chain_from"), *c;
    json_t *step_day = json_object_get(j, "last_step_day"),
           *step = json_object_get(j, "before_step");
    size_t k;
    int rc;

    it->last_cut_day = it->last_recover_day = it->last_step_day = ADAPT_NEVER;
    if (paused && !json_is_true(paused))
        return mrx_err_set(err, MRX_EDATA, "engine_state.items.paused", "must be true");
    it->paused = paused != NULL;
    if (restore && (rc = read_dose_at(restore, cat, walking, "engine_state.items.restore",
                                      &it->restore_exercise, &it->restore, err)))
        return rc;
    it->has_restore = restore != NULL;
    if (it->paused && (!it->has_restore || walking))
        return mrx_err_set(err, MRX_EDATA, "engine_state.items.paused",
                           "a paused item needs what to go back to");
    if (cuts && (!json_is_array(cuts) || json_array_size(cuts) > ADAPT_MAX_CUTS))
        return mrx_err_set(err, MRX_EDATA, "engine_state.items.cuts", "bad cuts");
    json_array_foreach(cuts, k, c)
    {
        struct dose_at *at = &it->cuts[it->n_cuts];
        if ((rc = read_dose_at(c, cat, walking, "engine_state.items.cuts", &at->exercise, &at->dose,
                               err)))
            return rc;
        it->n_cuts++;
    }
    if ((cut_day && !json_is_integer(cut_day)) || (recover_day && !json_is_integer(recover_day)))
        return mrx_err_set(err, MRX_EDATA, "engine_state.items", "cut days must be day numbers");
    if (cut_day)
        it->last_cut_day = (long)json_integer_value(cut_day);
    if (recover_day)
        it->last_recover_day = (long)json_integer_value(recover_day);
    if (chain && (walking || (rc = read_dose_at(chain, cat, false, "engine_state.items.chain_from",
                                                &it->chain_from, &it->chain_from_dose, err))))
        return walking ? mrx_err_set(err, MRX_EDATA, "engine_state.items.chain_from",
                                     "walking has no chain")
                       : rc;
    if (!step_day != !step || (step_day && !json_is_integer(step_day)))
        return mrx_err_set(err, MRX_EDATA, "engine_state.items.last_step_day",
                           "a day number, with before_step");
    if (step_day) {
        it->last_step_day = (long)json_integer_value(step_day);
        if ((rc = read_dose_at(step, cat, walking, "engine_state.items.before_step",
                               &it->before_step.exercise, &it->before_step.dose, err)))
            return rc;
    }
    return MRX_OK;
}

static int read_item(const json_t *j, const struct catalog *cat, bool walking, int format,
                     struct adapt_item *it, struct mrx_err *err)
{
    const char *exercise;
    json_t *dose, *marks, *goal = NULL, *m, *ex, *ignore;
    json_int_t changed, reviewed;
    json_error_t jerr;
    size_t k;
    int rc;

    memset(it, 0, sizeof(*it));
    if (json_unpack_ex((json_t *)j, &jerr, format == 1 ? JSON_STRICT : 0,
                       "{s:o, s:o, s:I, s:I, s:o, s?:o}", "exercise", &ex, "dose", &dose,
                       "last_change_day", &changed, "last_review_day", &reviewed, "marks", &marks,
                       "goal", &goal) != 0)
        return mrx_err_set(err, MRX_EDATA, "engine_state.items", "%s", jerr.text);
    if (format == 2 &&
        json_unpack_ex(
            (json_t *)j, &jerr, JSON_STRICT,
            "{s:o, s:o, s:o, s:o, s:o, s?:o, s?:o, s?:o, s?:o, s?:o, s?:o, s?:o, s?:o, s?:o}",
            "exercise", &ignore, "dose", &ignore, "last_change_day", &ignore, "last_review_day",
            &ignore, "marks", &ignore, "goal", &ignore, "paused", &ignore, "restore", &ignore,
            "cuts", &ignore, "last_cut_day", &ignore, "last_recover_day", &ignore, "chain_from",
            &ignore, "last_step_day", &ignore, "before_step", &ignore) != 0)
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
    return read_item_v2(j, cat, walking, it, err);
}

/* A format 1 state had no record of these: the plan as it stands is the
 * yardstick for a shrinking plan, and a flare in force is the only one known. */
static int from_format_1(struct adapt_state *out)
{
    out->start_volume = adapt_week_minutes(out);
    out->flare_baseline = out->baseline_pain;
    if (out->flare_active)
        out->flares[out->n_flares++] = (struct flare_span){out->flare_start_day, -1};
    return MRX_OK;
}

static int read_flares(const json_t *flares, double start_volume, double flare_baseline,
                       struct adapt_state *out, struct mrx_err *err)
{
    json_t *f;
    size_t k;

    if (!isfinite(start_volume) || start_volume < 0 || !isfinite(flare_baseline))
        return mrx_err_set(err, MRX_EDATA, "engine_state", "bad start_volume or flare_baseline");
    out->start_volume = start_volume;
    out->flare_baseline = flare_baseline;
    if (!json_is_array(flares) || json_array_size(flares) > ADAPT_MAX_FLARES)
        return mrx_err_set(err, MRX_EDATA, "engine_state.flares", "bad flares");
    json_array_foreach(flares, k, f)
    {
        json_int_t a, b;
        json_error_t jerr;
        if (json_unpack_ex(f, &jerr, JSON_STRICT, "[I, I]", &a, &b) != 0)
            return mrx_err_set(err, MRX_EDATA, "engine_state.flares", "%s", jerr.text);
        out->flares[out->n_flares++] = (struct flare_span){(long)a, (long)b};
    }
    return MRX_OK;
}

int adapt_state_from_json(const json_t *doc, const struct adapt_rules *rules,
                          const struct catalog *cat, const struct intake *in,
                          struct adapt_state *out, struct mrx_err *err)
{
    json_int_t start, flare_start, worsening;
    json_t *alerts, *items, *v, *flares = NULL;
    int format = 0, held, stopped, flare, walking, maintenance = 0;
    double start_volume = -1, flare_baseline = -1;
    json_error_t jerr;
    size_t k;
    int rc;

    memset(out, 0, sizeof(*out));
    json_unpack((json_t *)doc, "{si}", "format", &format);
    if (format != 1 && format != STATE_FORMAT)
        return mrx_err_set(err, MRX_EDATA, "engine_state", "unknown format %d", format);
    if (json_unpack_ex(
            (json_t *)doc, &jerr, JSON_STRICT,
            format == 1 ? "{si, sF, sI, sb, sb, sb, sI, so, sI, si, so}"
                        : "{si, sF, sI, sb, sb, sb, sI, so, sI, si, so, sF, sF, so, s?b}",
            "format", &format, "baseline_pain", &out->baseline_pain, "start_day", &start,
            "progression_held", &held, "stopped", &stopped, "flare_active", &flare,
            "flare_start_day", &flare_start, "open_alerts", &alerts, "last_worsening_day",
            &worsening, "walking", &walking, "items", &items, "start_volume", &start_volume,
            "flare_baseline", &flare_baseline, "flares", &flares, "maintenance", &maintenance) != 0)
        return mrx_err_set(err, MRX_EDATA, "engine_state", "%s", jerr.text);
    out->start_day = (long)start;
    out->progression_held = held;
    out->stopped = stopped;
    out->flare_active = flare;
    out->maintenance = maintenance;
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
        out->open_alerts |= ADAPT_RULE_BIT(r);
    }
    out->walking = walking;
    json_array_foreach(items, k, v)
    {
        if ((rc = read_item(v, cat, (int)k == walking, format, &out->items[k], err)))
            return rc;
        out->n_items++;
    }
    return format == 1 ? from_format_1(out)
                       : read_flares(flares, start_volume, flare_baseline, out, err);
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

/* A dose as dose_parse() gives it back: the values of the keys it has, nothing else. */
static struct dose only_keys(const struct dose *d)
{
    struct dose out;

    memset(&out, 0, sizeof(out));
    for (int k = 0; k < DOSE_KEYS; k++)
        if (d->has[k]) {
            out.has[k] = true;
            out.value[k] = d->value[k];
        }
    return out;
}

static bool dose_ok(const struct dose *d)
{
    for (int k = 0; k < DOSE_KEYS; k++)
        if (d->has[k] && (d->value[k] < 1 || d->value[k] > DOSE_MAX))
            return false;
    return true;
}

static bool exercise_ok(const struct exercise *ex, const struct catalog *cat, bool walking)
{
    return walking ? ex == NULL : ex != NULL && catalog_find(cat, ex->id) == ex;
}

/* The parts read_item_v2() reads, with its refusals. */
static bool dose_at_as_read(const struct adapt_item *it, const struct catalog *cat, bool walking,
                            struct adapt_item *out)
{
    if (it->has_restore &&
        (!exercise_ok(it->restore_exercise, cat, walking) || !dose_ok(&it->restore)))
        return false;
    if ((it->paused && (!it->has_restore || walking)) || it->n_cuts < 0 ||
        it->n_cuts > ADAPT_MAX_CUTS || (it->chain_from && walking))
        return false;
    for (int k = 0; k < it->n_cuts; k++)
        if (!exercise_ok(it->cuts[k].exercise, cat, walking) || !dose_ok(&it->cuts[k].dose))
            return false;
    if (it->chain_from &&
        (!exercise_ok(it->chain_from, cat, false) || !dose_ok(&it->chain_from_dose)))
        return false;
    if (it->last_step_day != ADAPT_NEVER &&
        (!exercise_ok(it->before_step.exercise, cat, walking) || !dose_ok(&it->before_step.dose)))
        return false;
    out->paused = it->paused;
    out->has_restore = it->has_restore;
    if (it->has_restore) {
        out->restore_exercise = it->restore_exercise;
        out->restore = only_keys(&it->restore);
    }
    out->n_cuts = it->n_cuts;
    for (int k = 0; k < it->n_cuts; k++)
        out->cuts[k] = (struct dose_at){it->cuts[k].exercise, only_keys(&it->cuts[k].dose)};
    out->last_cut_day = it->last_cut_day;
    out->last_recover_day = it->last_recover_day;
    out->last_step_day = it->last_step_day;
    if (it->last_step_day != ADAPT_NEVER)
        out->before_step =
            (struct dose_at){it->before_step.exercise, only_keys(&it->before_step.dose)};
    if (it->chain_from) {
        out->chain_from = it->chain_from;
        out->chain_from_dose = only_keys(&it->chain_from_dose);
    }
    return true;
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
    return dose_at_as_read(it, cat, walking, out);
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
    out->maintenance = s->maintenance;
    out->flare_start_day = s->flare_start_day;
    out->last_worsening_day = s->last_worsening_day;
    out->constraints = *in;
    out->constraints.n_psfs = 0;
    memset(out->constraints.psfs, 0, sizeof(out->constraints.psfs));
    for (int r = 0; r < AR_COUNT; r++) /* only rules with an id are written */
        out->open_alerts |= s->open_alerts & ADAPT_RULE_BIT(r);
    out->walking = s->walking;
    for (int i = 0; i < s->n_items; i++)
        if (!item_as_read(&s->items[i], cat, i == s->walking, real_digits, &out->items[i]))
            return false;
    out->n_items = s->n_items;
    if (!real_as_read(s->start_volume, real_digits, &out->start_volume) || out->start_volume < 0 ||
        !real_as_read(s->flare_baseline, real_digits, &out->flare_baseline) || s->n_flares < 0 ||
        s->n_flares > ADAPT_MAX_FLARES)
        return false;
    out->n_flares = s->n_flares;
    for (int k = 0; k < s->n_flares; k++)
        out->flares[k] = s->flares[k];
    return true;
}
