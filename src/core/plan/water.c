/*
 * water.c: the warm-pool route (see plan.h, docs/plan.md "Water when land
 * hurts"). For someone with a pool for whom moving on land hurts, water is
 * the way in: the pool session has days of its own, and on those days it
 * takes the place of the land exercises and the walk, so it needs no time
 * beside them (the source article's warm-pool case; NICE NG59 1.2.2 lists
 * aquatic exercise among the options).
 */
#include "compat.h"

#include "core/plan/plan.h"
#include "core/plan/week.h"

bool plan_land_hurts(const struct intake *in)
{
    return in->leg_pain || in->pain_now >= 7 ||
           (in->has_pain_week_average && in->pain_week_average >= 7);
}

bool plan_water_days(bool land_hurts_with_pool, int n_days, int pool_days)
{
    return land_hurts_with_pool && pool_days > 0 && n_days - pool_days >= WATER_LAND_DAYS_MIN;
}

bool plan_water_daily(const struct exercise *ex, int land_days)
{
    /* its range needs more days than the land has, or the library gives it every day (a
     * daily stretch stays daily however many days the person has: with 7 days it had
     * gone down to the 5 land days, while with 5 it kept all 5) */
    return ex && ex->category != CAT_AQUATIC &&
           (ex->range.min[DOSE_DAYS_PER_WEEK] > land_days ||
            ex->dose.value[DOSE_DAYS_PER_WEEK] >= WEEK_DAYS);
}

double plan_water_day_minutes(const struct exercise *const *ex, const double *minutes, int n,
                              double walks, int land_days)
{
    double land = walks, pool = 0;

    for (int i = 0; i < n; i++) {
        if (ex[i] && ex[i]->category == CAT_AQUATIC) {
            pool += minutes[i];
            continue;
        }
        land += minutes[i];
        if (plan_water_daily(ex[i], land_days))
            pool += minutes[i]; /* a daily stretch is done on a pool day too */
    }
    return land > pool ? land : pool;
}

int plan_pool_days(const struct exercise *const *ex, const struct dose *const *dose, int n)
{
    int days = 0;

    for (int i = 0; i < n; i++)
        if (ex[i] && ex[i]->category == CAT_AQUATIC && dose[i]->value[DOSE_DAYS_PER_WEEK] > days)
            days = dose[i]->value[DOSE_DAYS_PER_WEEK];
    return days;
}
