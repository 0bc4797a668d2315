/*
 * dose_step.c: dose steps, the volume cap and the flare dose (see
 * dose_step.h).
 *
 * Step order up: reps, hold, minutes, then a set (with fewer reps so the
 * volume stays under the cap); walking first merges short walks into longer
 * ones, then lengthens them. Down is the reverse in spirit: reps, hold,
 * minutes, then a set.
 */
#include "compat.h"

#include <math.h>

#include "core/adapt/dose_step.h"

#define WINDOW_DAYS 7
#define DAY_TRIM_MINUTES 6 /* adding a walking day may shorten each walk this much */

double dose_weekly_volume(const struct dose *d)
{
    const int *v = d->value;
    double days = d->has[DOSE_DAYS_PER_WEEK] ? v[DOSE_DAYS_PER_WEEK] : 7;

    if (d->has[DOSE_MINUTES])
        return v[DOSE_MINUTES] * (d->has[DOSE_BOUTS] ? v[DOSE_BOUTS] : 1) * days;
    return (d->has[DOSE_SETS] ? v[DOSE_SETS] : 1) * (d->has[DOSE_REPS] ? v[DOSE_REPS] : 1) *
           (d->has[DOSE_HOLD_S] ? v[DOSE_HOLD_S] : 1) * days;
}

double recent_min_volume(const struct adapt_item *it, long today)
{
    double min = dose_weekly_volume(&it->dose);

    for (int i = it->n_marks - 1; i >= 0; i--) {
        if (it->marks[i].volume < min)
            min = it->marks[i].volume;
        if (it->marks[i].day <= today - WINDOW_DAYS)
            break; /* the dose in force when the window opened */
    }
    return min;
}

static int step_size(int value, double percent)
{
    int s = (int)lround(value * percent / 100.0);
    return s < 1 ? 1 : s;
}

static bool under_cap(const struct dose *d, double limit)
{
    return dose_weekly_volume(d) <= limit + 1e-9;
}

/* Holds of 20 s and more move in whole 5 s (25, 30, 35), as a person counts them and a
 * physiotherapist writes them, not to 53 s (below 20 s, 5 s would be over the cap);
 * everything else in whole units. */
static int unit_of(enum dose_key k, int value)
{
    return k == DOSE_HOLD_S && value >= 20 ? 5 : 1;
}

/* Raises one key by a step, backing off to stay under the cap. */
static bool raise_key(struct dose *d, const struct dose_range *r, enum dose_key k, double percent,
                      double limit)
{
    int old = d->value[k], unit = unit_of(k, old);
    int target;

    if (!d->has[k] || old >= r->max[k])
        return false;
    target = old + step_size(old, percent);
    target = (target + unit - 1) / unit * unit;
    if (target > r->max[k])
        target = r->max[k];
    for (d->value[k] = target; d->value[k] > old; d->value[k] -= unit)
        if (under_cap(d, limit))
            return true;
    d->value[k] = old;
    return false;
}

/* One more set, with reps cut so the volume stays under the cap. */
static bool add_set(struct dose *d, const struct dose_range *r, double limit)
{
    struct dose t = *d;

    if (!t.has[DOSE_SETS] || t.value[DOSE_SETS] >= r->max[DOSE_SETS])
        return false;
    t.value[DOSE_SETS]++;
    while (t.has[DOSE_REPS] && !under_cap(&t, limit) && t.value[DOSE_REPS] > r->min[DOSE_REPS])
        t.value[DOSE_REPS]--;
    if (!under_cap(&t, limit) || dose_weekly_volume(&t) <= dose_weekly_volume(d))
        return false;
    *d = t;
    return true;
}

/* Walking: 3 x 5 becomes 2 x 8, 2 x 10 becomes 1 x 20: same time, longer walks. */
static bool merge_walks(struct dose *d, const struct dose_range *r, double limit)
{
    struct dose t = *d;
    int bouts = t.value[DOSE_BOUTS];

    if (!t.has[DOSE_BOUTS] || bouts <= r->min[DOSE_BOUTS] || t.value[DOSE_MINUTES] < 5)
        return false;
    if (t.value[DOSE_MINUTES] * bouts < 15)
        return false; /* too little walking to make longer walks yet */
    t.value[DOSE_MINUTES] = (t.value[DOSE_MINUTES] * bouts + bouts - 2) / (bouts - 1);
    t.value[DOSE_BOUTS] = bouts - 1;
    if (t.value[DOSE_MINUTES] > r->max[DOSE_MINUTES] || !under_cap(&t, limit))
        return false;
    *d = t;
    return true;
}

/*
 * One more walking day, the walk shortened as needed to stay under the cap
 * (30 x 3 days becomes 29 x 4), but never below `min_minutes`.
 */
static bool add_walk_day(struct dose *d, const struct dose_range *r, double limit, int max_days,
                         int min_minutes)
{
    struct dose t = *d;

    if (t.value[DOSE_DAYS_PER_WEEK] >= max_days ||
        t.value[DOSE_DAYS_PER_WEEK] >= r->max[DOSE_DAYS_PER_WEEK])
        return false;
    t.value[DOSE_DAYS_PER_WEEK]++;
    while (!under_cap(&t, limit) && t.value[DOSE_MINUTES] > min_minutes)
        t.value[DOSE_MINUTES]--;
    if (!under_cap(&t, limit))
        return false;
    *d = t;
    return true;
}

/* Walking grows along its path: longer walks up to the goal, then more days. */
static bool step_walking(const struct adapt_params *p, const struct adapt_item *it, double limit,
                         int max_days, struct dose *out)
{
    struct dose_range r = it->range;

    if (merge_walks(out, &r, limit))
        return true;
    if (out->value[DOSE_BOUTS] == 1 && it->goal.minutes > 0) /* one walk grows to the goal */
        r.max[DOSE_MINUTES] = it->goal.minutes;
    return raise_key(out, &r, DOSE_MINUTES, p->step_percent, limit) ||
           add_walk_day(out, &r, limit,
                        max_days < it->goal.days_per_week ? max_days : it->goal.days_per_week,
                        it->goal.minutes - DAY_TRIM_MINUTES);
}

/*
 * When no step keeps under the cap because one whole unit is already more (1 x 3 to
 * 1 x 4 is a third): that one unit, the smallest step there is, once nothing has grown
 * in the last 7 days. Otherwise a small dose could never grow, and a physiotherapist
 * would not hold 1 x 3 for weeks for want of a quarter of a rep.
 */
static bool smallest_step(struct dose *d, const struct dose_range *r, double window_min)
{
    static const enum dose_key order[] = {DOSE_REPS, DOSE_HOLD_S, DOSE_MINUTES};

    if (dose_weekly_volume(d) > window_min + 1e-9)
        return false; /* it grew this week already */
    for (size_t k = 0; k < MRX_ARRAY_LEN(order); k++)
        if (d->has[order[k]] && d->value[order[k]] < r->max[order[k]]) {
            d->value[order[k]]++;
            return true;
        }
    return false;
}

bool dose_step_up(const struct adapt_params *p, const struct adapt_item *it, long today,
                  int max_days, struct dose *out)
{
    double least = recent_min_volume(it, today);
    double limit = least * (1 + p->cap_percent_7_days / 100.0);
    const struct dose_range *r = &it->range;

    *out = it->dose;
    if (!it->exercise)
        return step_walking(p, it, limit, max_days, out);
    return raise_key(out, r, DOSE_REPS, p->step_percent, limit) ||
           raise_key(out, r, DOSE_HOLD_S, p->step_percent, limit) ||
           raise_key(out, r, DOSE_MINUTES, p->step_percent, limit) || add_set(out, r, limit) ||
           smallest_step(out, r, least);
}

static bool lower_key(struct dose *d, const struct dose_range *r, enum dose_key k, double percent)
{
    int old = d->value[k];

    if (!d->has[k] || old <= r->min[k])
        return false;
    d->value[k] = old - step_size(old, percent);
    d->value[k] -= d->value[k] % unit_of(k, d->value[k]); /* 30 s less a sixth: 25 s */
    if (d->value[k] < r->min[k])
        d->value[k] = r->min[k];
    return true;
}

/*
 * One step back is the gentlest cut the dose allows, as a step up is the
 * smallest: 3 x 30 s becomes 3 x 25 s (a sixth off), not 2 x 30 s (a third
 * off). Small numbers move in big steps, so a step back by reps alone took a
 * third or half of a stretch for one bad session. Reps are tried first, so a
 * tie keeps the old order: reps, hold, minutes, then a set.
 */
bool dose_step_down(const struct adapt_params *p, const struct adapt_item *it, struct dose *out)
{
    static const enum dose_key order[] = {DOSE_REPS, DOSE_HOLD_S, DOSE_MINUTES, DOSE_SETS};
    const struct dose_range *r = &it->range;
    double before = dose_weekly_volume(&it->dose);
    double best = -1;

    for (size_t k = 0; k < MRX_ARRAY_LEN(order); k++) {
        struct dose d = it->dose;
        double kept;
        if (!lower_key(&d, r, order[k], order[k] == DOSE_SETS ? 100 : p->step_percent))
            continue;
        kept = dose_weekly_volume(&d);
        if (kept < before - 1e-9 && kept > best + 1e-9) {
            best = kept;
            *out = d;
        }
    }
    if (best < 0)
        *out = it->dose;
    return best >= 0;
}

static void flare_cut(const struct adapt_params *p, const struct adapt_item *it, struct dose *out)
{
    static const enum dose_key order[] = {DOSE_SETS, DOSE_REPS, DOSE_HOLD_S, DOSE_MINUTES,
                                          DOSE_BOUTS};
    double target = dose_weekly_volume(&it->dose) * p->flare_volume_percent / 100.0;
    const struct dose_range *r = &it->range;

    *out = it->dose;
    for (size_t k = 0; k < MRX_ARRAY_LEN(order); k++)
        while (dose_weekly_volume(out) > target + 1e-9) {
            struct dose before = *out;
            if (!lower_key(out, r, order[k], 100.0 / 8))
                break;
            /* small numbers move in big steps (3 reps to 1 is two thirds off): stop at
             * whichever dose is nearer to half, so a flare takes about half, not most */
            if (dose_weekly_volume(out) < target &&
                target - dose_weekly_volume(out) > dose_weekly_volume(&before) - target) {
                *out = before;
                return;
            }
        }
}

void dose_for_flare(const struct adapt_params *p, const struct adapt_item *it, struct dose *out)
{
    flare_cut(p, it, out);
    /* water is the kind way to move in a flare, and under 10 minutes a trip to the pool is
     * not worth making (the plan's own floor): a pool session is cut no lower */
    if (it->exercise && it->exercise->category == CAT_AQUATIC && out->has[DOSE_MINUTES] &&
        out->value[DOSE_MINUTES] < POOL_SESSION_MIN_MINUTES)
        out->value[DOSE_MINUTES] = it->dose.value[DOSE_MINUTES] < POOL_SESSION_MIN_MINUTES
                                       ? it->dose.value[DOSE_MINUTES]
                                       : POOL_SESSION_MIN_MINUTES;
}
