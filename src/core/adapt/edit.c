/*
 * edit.c: a clinician's change to the plan (see adapt.h): the items in the
 * order given, each dose inside its exercise's safe range. Items that stay
 * keep their history, so the engine's pacing rules (one step a week, the
 * weekly volume cap) go on counting from the doses they knew.
 */
#include "compat.h"

#include "core/adapt/adapt.h"

int adapt_edit(const struct adapt_state *in, const struct plan_edit_item *items, int n,
               const struct dose *walking, long day, struct adapt_state *out, struct mrx_err *err)
{
    const struct adapt_item *w = &in->items[in->walking];

    if (n < 1 || n > ADAPT_MAX_ITEMS - 1)
        return mrx_err_set(err, MRX_EINVAL, "items", "must hold 1 to %d exercises",
                           ADAPT_MAX_ITEMS - 1);
    for (int i = 0; i < n; i++) {
        const struct exercise *ex = items[i].exercise;
        if (!dose_in_range(&items[i].dose, &ex->range))
            return mrx_err_set(err, MRX_EINVAL, "items", "%s: the dose is outside its safe range",
                               ex->id);
        if (in->constraints.pregnant && ex->cautions[CAUTION_PREGNANCY].advice == ADVICE_AVOID)
            return mrx_err_set(err, MRX_EINVAL, "items", "%s: not advised during pregnancy",
                               ex->id);
        for (int j = 0; j < i; j++)
            if (items[j].exercise == ex)
                return mrx_err_set(err, MRX_EINVAL, "items", "%s is given twice", ex->id);
    }
    if (walking && !dose_in_range(walking, &w->range))
        return mrx_err_set(err, MRX_EINVAL, "walking", "outside the safe range");

    *out = *in;
    out->n_items = 0;
    for (int i = 0; i < n; i++) {
        struct adapt_item *it = &out->items[out->n_items++];
        const struct adapt_item *was = NULL;
        for (int j = 0; j < in->n_items; j++)
            if (j != in->walking && in->items[j].exercise == items[i].exercise)
                was = &in->items[j];
        if (was) {
            *it = *was;
            if (!dose_equal(&was->dose, &items[i].dose)) {
                it->dose = items[i].dose;
                it->last_change_day = day;
                adapt_mark(it, day);
            }
        } else {
            memset(it, 0, sizeof(*it));
            it->exercise = items[i].exercise;
            it->dose = items[i].dose;
            it->range = items[i].exercise->range;
            it->last_change_day = it->last_review_day = day;
            it->last_cut_day = it->last_recover_day = it->last_step_day = ADAPT_NEVER;
            adapt_mark(it, day);
        }
    }
    out->walking = out->n_items;
    out->items[out->n_items] = *w;
    if (walking && !dose_equal(&w->dose, walking)) {
        out->items[out->n_items].dose = *walking;
        out->items[out->n_items].last_change_day = day;
        adapt_mark(&out->items[out->n_items], day);
    }
    out->n_items++;
    out->start_volume = adapt_week_minutes(out); /* the clinician's plan is the new yardstick */
    return MRX_OK;
}
