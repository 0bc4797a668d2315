/*
 * catalog_check.c: checks over the whole exercise library (see catalog.h).
 *
 * These are the safety properties a clinic relies on when it edits the
 * library: every link leads somewhere sensible, no chain loops, and from any
 * exercise there is always a way down to something a person in a bad flare
 * can do.
 */
#include "compat.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "core/catalog/catalog.h"

static int check_duplicates(const struct catalog *cat, struct mrx_err *err)
{
    for (int i = 1; i < cat->n; i++)
        if (strcmp(cat->items[i - 1].id, cat->items[i].id) == 0)
            return mrx_err_set(err, MRX_EDATA, "", "exercise '%s': duplicate id", cat->items[i].id);
    return MRX_OK;
}

/* Checks one link: it resolves, is not a self-link, and goes the right way in level. */
static int check_link(const struct catalog *cat, const struct exercise *ex, const char *target,
                      bool harder, struct mrx_err *err)
{
    const char *kind = harder ? "progression" : "regression";
    const struct exercise *to;

    if (!target)
        return MRX_OK;
    to = catalog_find(cat, target);
    if (!to)
        return mrx_err_set(err, MRX_EDATA, "", "exercise '%s': %s '%s' does not exist", ex->id,
                           kind, target);
    if (to == ex)
        return mrx_err_set(err, MRX_EDATA, "", "exercise '%s': %s points to itself", ex->id, kind);
    if (harder ? to->level < ex->level : to->level > ex->level)
        return mrx_err_set(err, MRX_EDATA, "",
                           "exercise '%s': %s '%s' is level %d, should be %s level %d", ex->id,
                           kind, target, to->level, harder ? "at least" : "at most", ex->level);
    return MRX_OK;
}

static const char *link_of(const struct exercise *ex, bool harder)
{
    return harder ? ex->progression : ex->regression;
}

/* Follows one kind of link from `start`; a chain longer than the library loops. */
static int check_no_loop(const struct catalog *cat, const struct exercise *start, bool harder,
                         struct mrx_err *err)
{
    const struct exercise *at = start;

    for (int steps = 0; at && link_of(at, harder); steps++) {
        if (steps > cat->n)
            return mrx_err_set(err, MRX_EDATA, "", "exercise '%s': %s links form a loop", start->id,
                               harder ? "progression" : "regression");
        at = catalog_find(cat, link_of(at, harder));
    }
    return MRX_OK;
}

/* Walks regressions until an exercise safe in a bad flare; loops are already excluded. */
static int check_flare_floor(const struct catalog *cat, const struct exercise *start,
                             struct mrx_err *err)
{
    const struct exercise *at = start;

    while (at) {
        if (at->cautions[CAUTION_FLARE].advice == ADVICE_OK)
            return MRX_OK;
        at = at->regression ? catalog_find(cat, at->regression) : NULL;
    }
    return mrx_err_set(err, MRX_EDATA, "",
                       "exercise '%s': no regression chain reaches an exercise safe in a flare "
                       "(flare advice 'ok')",
                       start->id);
}

/* What to do instead of an exercise to avoid exists, is not itself to avoid in that case,
 * and is not a routine. */
static int check_instead(const struct catalog *cat, const struct exercise *ex, struct mrx_err *err)
{
    for (int k = 0; k < CAUTION_KINDS; k++)
        for (int i = 0; i < ex->cautions[k].n_instead; i++) {
            const struct exercise *to = catalog_find(cat, ex->cautions[k].instead[i]);
            if (!to || to == ex || to->n_routine || to->cautions[k].advice == ADVICE_AVOID)
                return mrx_err_set(err, MRX_EDATA, "",
                                   "exercise '%s': cautions.%s.instead '%s' must be another "
                                   "exercise that is not to avoid then",
                                   ex->id, caution_kind_name((enum caution_kind)k),
                                   ex->cautions[k].instead[i]);
        }
    return MRX_OK;
}

/* Each move of a routine is a library item, not a routine itself, with a dose
 * whose keys it uses, inside its own safe range; and the routine is as
 * careful as its most careful move in each case. */
static int check_routine(const struct catalog *cat, const struct exercise *ex, struct mrx_err *err)
{
    for (int i = 0; i < ex->n_routine; i++) {
        const struct routine_step *s = &ex->routine[i];
        const struct exercise *move = catalog_find(cat, s->exercise);
        bool any = false;

        if (!move)
            return mrx_err_set(err, MRX_EDATA, "",
                               "exercise '%s': routine move '%s' does not exist", ex->id,
                               s->exercise);
        if (move->n_routine)
            return mrx_err_set(err, MRX_EDATA, "", "exercise '%s': routine move '%s' is a routine",
                               ex->id, s->exercise);
        for (int k = 0; k < DOSE_KEYS; k++) {
            if (!s->dose.has[k])
                continue;
            any = true;
            if (!move->range.has[k] || s->dose.value[k] < move->range.min[k] ||
                s->dose.value[k] > move->range.max[k])
                return mrx_err_set(err, MRX_EDATA, "",
                                   "exercise '%s': routine move '%s': %s is outside its range",
                                   ex->id, s->exercise, dose_key_name((enum dose_key)k));
        }
        if (!any)
            return mrx_err_set(err, MRX_EDATA, "", "exercise '%s': routine move '%s' has no dose",
                               ex->id, s->exercise);
        /* a routine is as careful as its most careful move in each case
         * (pregnancy, leg pain, a flare): the plan reads the routine's advice */
        for (int k = 0; k < CAUTION_KINDS; k++)
            if (ex->cautions[k].advice < move->cautions[k].advice)
                return mrx_err_set(err, MRX_EDATA, "",
                                   "exercise '%s': routine move '%s' says '%s' for %s, so the "
                                   "routine's own %s advice must be '%s' at least",
                                   ex->id, s->exercise,
                                   caution_advice_name(move->cautions[k].advice),
                                   caution_kind_name((enum caution_kind)k),
                                   caution_kind_name((enum caution_kind)k),
                                   caution_advice_name(move->cautions[k].advice));
    }
    return MRX_OK;
}

/* The demonstration, when there is one, is of this exercise and can be played at its dose. */
static int check_demo(const struct exercise *ex, struct mrx_err *err)
{
    const char *of;
    int rc;

    if (!ex->demo)
        return MRX_OK;
    of = json_string_value(json_object_get(ex->demo->json, "exercise"));
    if (!of || strcmp(of, ex->id) != 0)
        return mrx_err_set(err, MRX_EDATA, "", "exercise '%s': its demonstration is of '%s'",
                           ex->id, of ? of : "(none)");
    if ((rc = demo_check(ex->demo, ex->dose.has[DOSE_HOLD_S] ? ex->dose.value[DOSE_HOLD_S] : 0,
                         ex->dose.has[DOSE_REPS], err)))
        return mrx_err_prefix(err, "exercise '%s': demonstration", ex->id);
    return MRX_OK;
}

int catalog_check(struct catalog *cat, struct mrx_err *err)
{
    int rc;

    catalog_sort(cat);
    if ((rc = check_duplicates(cat, err)))
        return rc;
    for (int i = 0; i < cat->n; i++) {
        const struct exercise *ex = &cat->items[i];
        if ((rc = check_link(cat, ex, ex->progression, true, err)) ||
            (rc = check_link(cat, ex, ex->regression, false, err)) ||
            (rc = check_routine(cat, ex, err)) || (rc = check_demo(ex, err)) ||
            (rc = check_instead(cat, ex, err)))
            return rc;
    }
    for (int i = 0; i < cat->n; i++) {
        if ((rc = check_no_loop(cat, &cat->items[i], true, err)) ||
            (rc = check_no_loop(cat, &cat->items[i], false, err)) ||
            (rc = check_flare_floor(cat, &cat->items[i], err)))
            return rc;
    }
    return MRX_OK;
}
