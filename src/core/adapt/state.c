/*
 * state.c: the adaptation state of a first plan (see adapt.h).
 */
#include "compat.h"

#include "core/adapt/adapt.h"

/* Walking's safe range: short walks up to an hour, 1 to 3 a day, 3 to 7 days a week. */
static const struct dose_range walking_range = {
    .has = {[DOSE_MINUTES] = true, [DOSE_BOUTS] = true, [DOSE_DAYS_PER_WEEK] = true},
    .min = {[DOSE_MINUTES] = 5, [DOSE_BOUTS] = 1, [DOSE_DAYS_PER_WEEK] = 3},
    .max = {[DOSE_MINUTES] = 60, [DOSE_BOUTS] = 3, [DOSE_DAYS_PER_WEEK] = 7},
};

const struct dose_range *adapt_walking_range(void)
{
    return &walking_range;
}

bool exercise_calms(const struct exercise *ex)
{
    if (!ex)
        return false;
    if (ex->category == CAT_RELAXATION)
        return true;
    for (int k = 0; k < ex->n_tags; k++)
        if (strcmp(ex->tags[k], "relaxation") == 0 || strcmp(ex->tags[k], "breathing") == 0)
            return true;
    return false;
}

static double walk_minutes(const struct dose *d)
{
    return d->value[DOSE_MINUTES] * (d->has[DOSE_BOUTS] ? d->value[DOSE_BOUTS] : 1);
}

double adapt_item_minutes(const struct adapt_state *s, const struct exercise *ex,
                          const struct dose *d)
{
    if (ex)
        return dose_minutes(ex, d);
    return walk_day_minutes(d->value[DOSE_MINUTES], d->has[DOSE_BOUTS] ? d->value[DOSE_BOUTS] : 1,
                            s->constraints.walking_minutes_per_day);
}

/* Each item's exercise, dose and pause, as adapt_day_minutes_of takes them. */
static void item_views(const struct adapt_state *s, const struct exercise **ex,
                       const struct dose **dose, bool *paused)
{
    for (int i = 0; i < s->n_items; i++) {
        ex[i] = s->items[i].exercise;
        dose[i] = &s->items[i].dose;
        paused[i] = s->items[i].paused;
    }
}

/* The pool's days, when they are its own (plan_water_days), else 0. */
static int water_pool_days(const struct adapt_state *s, const struct exercise *const *ex,
                           const struct dose *const *dose)
{
    const struct intake *in = &s->constraints;
    int pool = plan_pool_days(ex, dose, s->n_items);

    return plan_water_days(plan_land_hurts(in) && in->preferences.pool_access, in->days_per_week,
                           pool)
               ? pool
               : 0;
}

double adapt_day_minutes_of(const struct adapt_state *s, const struct exercise *const *ex,
                            const struct dose *const *dose, const bool *paused)
{
    double minutes[ADAPT_MAX_ITEMS], walks = 0, sum = 0;
    const struct exercise *only[ADAPT_MAX_ITEMS];
    int pool = water_pool_days(s, ex, dose);

    for (int i = 0; i < s->n_items; i++) {
        minutes[i] = paused[i] ? 0 : adapt_item_minutes(s, ex[i], dose[i]);
        only[i] = i == s->walking ? NULL : ex[i];
        if (i == s->walking) { /* the walks are their own term */
            walks = minutes[i];
            minutes[i] = 0;
        }
        sum += minutes[i];
    }
    if (!pool)
        return walks + sum;
    return plan_water_day_minutes(only, minutes, s->n_items, walks,
                                  s->constraints.days_per_week - pool);
}

double adapt_day_minutes(const struct adapt_state *s)
{
    const struct exercise *ex[ADAPT_MAX_ITEMS];
    const struct dose *dose[ADAPT_MAX_ITEMS];
    bool paused[ADAPT_MAX_ITEMS];

    item_views(s, ex, dose, paused);
    return adapt_day_minutes_of(s, ex, dose, paused);
}

int adapt_walk_days(const struct adapt_state *s)
{
    const struct exercise *ex[ADAPT_MAX_ITEMS];
    const struct dose *dose[ADAPT_MAX_ITEMS];
    bool paused[ADAPT_MAX_ITEMS];

    item_views(s, ex, dose, paused);
    return s->constraints.days_per_week - water_pool_days(s, ex, dose);
}

double adapt_week_minutes(const struct adapt_state *s)
{
    double sum = 0;

    for (int i = 0; i < s->n_items; i++) {
        const struct adapt_item *it = &s->items[i];
        double day = it->exercise ? dose_minutes(it->exercise, &it->dose) : walk_minutes(&it->dose);
        if (!it->paused)
            sum += day * it->dose.value[DOSE_DAYS_PER_WEEK];
    }
    return sum;
}

static void mark(struct adapt_item *it, long day)
{
    it->last_cut_day = it->last_recover_day = it->last_step_day = ADAPT_NEVER;
    it->marks[0].day = day;
    it->marks[0].volume = dose_weekly_volume(&it->dose);
    it->n_marks = 1;
}

void adapt_state_from_plan(const struct plan *p, const struct intake *in, long start_day,
                           struct adapt_state *out)
{
    struct adapt_item *w;

    memset(out, 0, sizeof(*out));
    out->baseline_pain = in->has_pain_week_average ? in->pain_week_average : in->pain_now;
    out->constraints = *in;
    out->constraints.n_psfs = 0; /* the state owns no strings */
    memset(out->constraints.psfs, 0, sizeof(out->constraints.psfs));
    out->start_day = start_day;
    out->progression_held = p->progression_held;
    out->last_worsening_day = start_day - 1000;
    for (int i = 0; i < p->n_items; i++) {
        struct adapt_item *it = &out->items[out->n_items++];
        it->exercise = p->items[i].exercise;
        it->dose = p->items[i].dose;
        it->range = p->items[i].exercise->range;
        it->last_change_day = it->last_review_day = start_day;
        mark(it, start_day);
    }
    out->walking = out->n_items;
    w = &out->items[out->n_items++];
    w->range = walking_range;
    w->dose.has[DOSE_MINUTES] = w->dose.has[DOSE_BOUTS] = w->dose.has[DOSE_DAYS_PER_WEEK] = true;
    w->dose.value[DOSE_MINUTES] = p->walking.minutes;
    w->dose.value[DOSE_BOUTS] = p->walking.bouts;
    w->dose.value[DOSE_DAYS_PER_WEEK] = p->walking.days_per_week;
    w->last_change_day = w->last_review_day = start_day;
    w->goal = p->walking.long_term_goal;
    mark(w, start_day);
    out->start_volume = adapt_week_minutes(out);
}

bool adapt_recovering_from_flare(const struct adapt_state *s)
{
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].paused || s->items[i].has_restore)
            return true;
    return false;
}
