/*
 * exercise.c: name tables for the exercise enumerations and dose checks.
 */
#include "compat.h"

#include <stdio.h>

#include "core/catalog/exercise.h"

static const char *const category_names[CAT_COUNT] = {
    "mobility", "stretch", "strength", "aerobic", "aquatic", "mind-body", "relaxation",
};
static const char *const position_names[POS_COUNT] = {
    "lying-on-back", "lying-on-front", "side-lying", "hands-and-knees",
    "kneeling",      "sitting",        "standing",   "in-water",
};
static const char *const equipment_names[EQUIP_COUNT] = {
    "mat",    "chair",           "wall", "step",  "towel",
    "pillow", "resistance-band", "pool", "table", "stationary-bike",
};
static const char *const dose_key_names[DOSE_KEYS] = {
    "sets", "reps", "hold_s", "minutes", "bouts", "days_per_week",
};
static const char *const caution_kind_names[CAUTION_KINDS] = {
    "pregnancy",
    "acute_leg_pain",
    "flare",
};
static const char *const advice_names[] = {"ok", "modify", "avoid"};

const char *category_name(enum exercise_category c)
{
    return category_names[c];
}

bool category_from_name(const char *name, enum exercise_category *out)
{
    if (strcmp(name, "core") == 0 || strcmp(name, "strength/core") == 0) {
        *out = CAT_STRENGTH; /* strength and core are one category */
        return true;
    }
    for (int i = 0; i < CAT_COUNT; i++) {
        if (strcmp(name, category_names[i]) == 0) {
            *out = (enum exercise_category)i;
            return true;
        }
    }
    return false;
}

const char *position_name(enum exercise_position p)
{
    return position_names[p];
}

const char *equipment_name(enum equipment e)
{
    return equipment_names[e];
}

const char *dose_key_name(enum dose_key k)
{
    return dose_key_names[k];
}

const char *caution_kind_name(enum caution_kind k)
{
    return caution_kind_names[k];
}

const char *caution_advice_name(enum caution_advice a)
{
    return advice_names[a];
}

bool dose_in_range(const struct dose *d, const struct dose_range *r)
{
    for (int k = 0; k < DOSE_KEYS; k++) {
        if (d->has[k] != r->has[k])
            return false;
        if (d->has[k] && (d->value[k] < r->min[k] || d->value[k] > r->max[k]))
            return false;
    }
    return true;
}

void dose_at_range_min(const struct exercise *ex, int days, struct dose *out)
{
    *out = ex->dose;
    for (int k = 0; k < DOSE_KEYS; k++)
        if (out->has[k] && k != DOSE_DAYS_PER_WEEK)
            out->value[k] = ex->range.min[k];
    out->value[DOSE_DAYS_PER_WEEK] =
        days < ex->range.min[DOSE_DAYS_PER_WEEK]   ? ex->range.min[DOSE_DAYS_PER_WEEK]
        : days > ex->range.max[DOSE_DAYS_PER_WEEK] ? ex->range.max[DOSE_DAYS_PER_WEEK]
                                                   : days;
}

bool dose_equal(const struct dose *a, const struct dose *b)
{
    for (int k = 0; k < DOSE_KEYS; k++)
        if (a->has[k] != b->has[k] || (a->has[k] && a->value[k] != b->value[k]))
            return false;
    return true;
}

bool exercise_caution(const struct exercise *ex, bool pregnant, bool leg_pain, char *buf,
                      size_t size)
{
    const bool when[CAUTION_KINDS] = {
        [CAUTION_PREGNANCY] = pregnant, [CAUTION_ACUTE_LEG_PAIN] = leg_pain};
    bool avoid = false;
    size_t len = 0;

    if (size)
        buf[0] = '\0';
    for (int k = 0; k < CAUTION_KINDS; k++) {
        const struct caution *c = &ex->cautions[k];
        if (!when[k] || c->advice == ADVICE_OK || !c->note)
            continue;
        avoid |= c->advice == ADVICE_AVOID;
        if (len < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "", c->note);
    }
    return avoid;
}
