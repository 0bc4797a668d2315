/*
 * walking.c: the first plan's walks (docs/plan.md "Walking"): where they
 * start from the walking the person already does, in how many short walks,
 * on how many days, and how they are trimmed when the day is full.
 */
#include "compat.h"

#include <math.h>

#include "core/plan/build.h"

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int plan_walking_start(const struct intake *in, const struct walking_config *w)
{
    if (in->walking_minutes_per_day >= WALK_CREDIT_FROM_MINUTES) /* real walking: kept */
        return in->walking_minutes_per_day;
    return (int)floor(in->walking_minutes_per_day * w->start_fraction);
}

/*
 * The walking start (plan_walking_start). A small start becomes 2 or 3
 * short walks that fit under it; someone who barely walks gets the floor of
 * 2 short walks a day (CLINICAL.md 6.5); the long-term goal caps it.
 */
void plan_walking(struct plan *p, const struct intake *in, const struct walking_config *w)
{
    int start = plan_walking_start(in, w);
    struct walking_plan *wp = &p->walking;

    wp->goal = w->goal;
    wp->long_term_goal = w->long_term_goal;
    if (start < w->short_bouts_below) {
        wp->minutes = w->short_bout_minutes;
        wp->bouts = clamp(start / w->short_bout_minutes, 2, 3);
        wp->days_per_week = clamp(in->days_per_week, 3, 7); /* at least 3 days: the range */
        return;
    }
    wp->bouts = 1;
    wp->minutes = start < w->long_term_goal.minutes ? start : w->long_term_goal.minutes;
    wp->days_per_week =
        clamp(in->days_per_week, w->goal.days_per_week - 1, w->long_term_goal.days_per_week);
}

/* One step less of walking: a walk fewer while there are more than two (or two long
 * ones), else a minute off each. False at the floor. */
bool plan_walking_trim(struct plan *p, const struct walking_config *w)
{
    if (p->walking.bouts > 2 ||
        (p->walking.bouts > 1 && p->walking.minutes > w->short_bout_minutes)) {
        p->walking.bouts--;
        return true;
    }
    if (p->walking.minutes > w->short_bout_minutes) {
        p->walking.minutes--;
        return true;
    }
    return false;
}
