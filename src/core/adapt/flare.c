/*
 * flare.c: flares v2 (see adapt.h, docs/adaptation.md "Flares").
 *
 * A flare is judged against the person's rolling baseline, so a relapse
 * after improvement is one. It makes one cut-back, from the last dose the
 * person did well on (a cut in the days before the flare is undone first):
 * each exercise follows its own flare advice in the library (avoid: the
 * first easier exercise that is safe in a flare, or a pause; otherwise about
 * half), walks become shorter and more frequent, relaxation and breathing
 * stay whole. When it settles the plan goes back to what it was in a few
 * announced steps, a few days apart.
 */
#include "compat.h"

#include <math.h>

#include "core/adapt/decide_internal.h"
#include "core/adapt/dose_step.h"

/* ==================== Entry ==================== */

static bool high_pain_days(const struct ctx *c)
{
    double line = flare_line(c->baseline, c->p->flare_points_above_baseline);

    for (int k = 0; k < c->p->flare_consecutive_days; k++) {
        const struct checkin_log *ci = checkin_on(c->h, c->today - k);
        if (!ci || ci->pain < line)
            return false;
    }
    return true;
}

static bool high_session_pain_two_days(const struct ctx *c)
{
    const struct session_log *a = session_on(c->h, c->today);
    const struct session_log *b = session_on(c->h, c->today - 1);
    double high = zone_acceptable(c->p, c->baseline);

    /* A session whose pain the person put on one exercise is that exercise's to
     * answer (maybe_regress), not a flare of the whole back. */
    return a && b && !a->items_pain && !b->items_pain && a->pain_during > high &&
           b->pain_during > high;
}

/* What the item goes back to after the flare: what it was before any cut of the last days. */
static void restore_source(const struct ctx *c, const struct adapt_item *it,
                           const struct exercise **ex, struct dose *dose)
{
    if (it->has_restore) { /* a flare on the way back from the last one */
        *ex = it->restore_exercise;
        *dose = it->restore;
    } else if (it->last_step_day >= c->today - 3) {
        *ex = it->before_step.exercise; /* a step up just before (even one cut since): undone */
        *dose = it->before_step.dose;
    } else if (it->n_cuts > 0 && it->last_cut_day >= c->today - 3) {
        *ex = it->cuts[it->n_cuts - 1].exercise;
        *dose = it->cuts[it->n_cuts - 1].dose;
    } else {
        *ex = it->exercise;
        *dose = it->dose;
    }
}

/* Walks in a flare: about half the minutes, in more and shorter walks. */
static void walking_for_flare(const struct adapt_params *p, const struct adapt_item *it,
                              const struct dose *from, struct dose *out)
{
    const struct dose_range *r = &it->range;
    double total =
        from->value[DOSE_MINUTES] * from->value[DOSE_BOUTS] * p->flare_volume_percent / 100.0;
    int bouts = from->value[DOSE_BOUTS] + 1;

    *out = *from;
    if (bouts > r->max[DOSE_BOUTS])
        bouts = r->max[DOSE_BOUTS];
    out->value[DOSE_BOUTS] = bouts;
    out->value[DOSE_MINUTES] = (int)lround(total / bouts);
    if (out->value[DOSE_MINUTES] < r->min[DOSE_MINUTES])
        out->value[DOSE_MINUTES] = r->min[DOSE_MINUTES];
    /* never more walking than now: fewer walks when the shortest is too much */
    while (out->value[DOSE_BOUTS] > r->min[DOSE_BOUTS] &&
           out->value[DOSE_MINUTES] * out->value[DOSE_BOUTS] >
               it->dose.value[DOSE_MINUTES] * it->dose.value[DOSE_BOUTS])
        out->value[DOSE_BOUTS]--;
}

/* What the library's flare note says to do instead, the first that suits the person and
 * is free in the plan; else the first exercise down the chain that is safe in a flare. */
static const struct exercise *flare_instead(const struct ctx *c, int i)
{
    const struct exercise *ex = c->s->items[i].exercise;
    const struct caution *f = &ex->cautions[CAUTION_FLARE];

    for (int k = 0; k < f->n_instead; k++) {
        const struct exercise *alt = catalog_find(c->cat, f->instead[k]);
        if (alt && may_swap_as(c, i, alt, false))
            return alt;
    }

    for (int steps = 0; ex && ex->regression && steps < c->cat->n; steps++) {
        ex = catalog_find(c->cat, ex->regression);
        if (ex && ex->cautions[CAUTION_FLARE].advice != ADVICE_AVOID && may_swap_item(c, i, ex))
            return ex;
    }
    return NULL;
}

static void flare_item(struct ctx *c, int i)
{
    const struct adapt_item *it = &c->s->items[i];
    const struct exercise *src_ex, *alt;
    struct adapt_item src = *it;
    struct decision *d;
    struct dose to;

    if (exercise_calms(it->exercise) || it->paused)
        return; /* kept whole: these help in a flare */
    restore_source(c, it, &src_ex, &src.dose);
    src.exercise = src_ex ? src_ex : it->exercise;
    src.range = src_ex ? src_ex->range : it->range;
    if (src_ex && src_ex != it->exercise && src_ex->level < it->exercise->level &&
        src_ex->cautions[CAUTION_FLARE].advice != ADVICE_AVOID) {
        /* stepped up to a harder exercise just before the flare: back to the one before,
         * at about half its dose (or its smallest, where the day has no more room) */
        dose_for_flare(c->p, &src, &to);
        if (!fits_day(c, i, src_ex, &to))
            dose_at_range_min(src_ex, it->dose.value[DOSE_DAYS_PER_WEEK], &to);
        if (fits_day(c, i, src_ex, &to) && (d = emit(c, DECIDE_FLARE_START, AR_FLARE_EASE, i))) {
            d->to_exercise = src_ex;
            d->to = to;
            explain(c, d, 0, 0, 0);
            return;
        }
        src.dose = it->dose; /* no room: ease the harder one where it is */
        src.range = it->range;
        src.exercise = src_ex = it->exercise;
    }
    if (src_ex != it->exercise) { /* cut to an easier exercise already: halve what it is now */
        src.dose = it->dose;
        src.range = it->range;
        src.exercise = it->exercise;
    }
    if (it->exercise && it->exercise->cautions[CAUTION_FLARE].advice == ADVICE_AVOID) {
        if ((alt = flare_instead(c, i)) != NULL)
            dose_at_range_min(alt, it->dose.value[DOSE_DAYS_PER_WEEK], &to);
        if (alt && !fits_day(c, i, alt, &to))
            alt = NULL; /* no room for it today: paused instead */
        if (alt && (d = emit(c, DECIDE_FLARE_START, AR_FLARE_SWAP, i)) != NULL) {
            d->to_exercise = alt;
            d->to = to;
            explain(c, d, 0, 0, 0);
        } else if (!alt && (d = emit(c, DECIDE_FLARE_START, AR_FLARE_PAUSE, i)) != NULL) {
            d->pause = true;
            explain(c, d, 0, 0, 0);
        }
        return;
    }
    if (it->exercise)
        dose_for_flare(c->p, &src, &to);
    else
        walking_for_flare(c->p, it, &src.dose, &to);
    if (it->exercise && dose_weekly_volume(&to) >= dose_weekly_volume(&it->dose))
        return; /* already at or below its flare dose */
    if (dose_equal(&to, &it->dose))
        return;
    if ((d = emit(c, DECIDE_FLARE_START, AR_FLARE_EASE, i)) != NULL) {
        d->to = to;
        explain(c, d, 0, 0, 0);
    }
}

bool flare_entry(struct ctx *c)
{
    const struct checkin_log *ci = checkin_on(c->h, c->today);
    bool reported = ci && ci->flare_reported;
    struct decision *d;

    if (!reported && !high_pain_days(c) && !high_session_pain_two_days(c))
        return false;
    if ((d = emit(c, DECIDE_FLARE_START, AR_FLARE_START, -1)) == NULL)
        return true;
    d->baseline = c->baseline;
    explain(c, d, 0, 0, reported ? 1 : c->p->flare_consecutive_days);
    for (int i = 0; i < c->s->n_items; i++)
        flare_item(c, i);
    flares_recurring(c);
    return true;
}

/* ==================== The way back ==================== */

static bool changed_today(const struct ctx *c, int i)
{
    for (int k = 0; k < c->n; k++)
        if (c->out[k].item == i && c->out[k].kind != DECIDE_HOLD)
            return true;
    return false;
}

/* value moved 1/remaining of the way to `to` (rounded towards it) */
static int toward(int from, int to, int remaining)
{
    double v = from + (double)(to - from) / remaining;
    return (int)(to >= from ? ceil(v - 1e-9) : floor(v + 1e-9));
}

/*
 * An exercise's dose 1/remaining of the way back in volume: of moving every
 * key part of the way, or one key alone, the one nearest that volume (the
 * lower on a tie). Moving every key rounded up could take 1 x 7 straight
 * back to 2 x 8 at the first of two steps.
 */
static struct dose part_way(const struct dose *now, const struct dose *aim, int remaining,
                            const struct dose_range *r)
{
    double from = dose_weekly_volume(now);
    double target = from + (dose_weekly_volume(aim) - from) / remaining;
    struct dose best = *now, all = *now;
    double best_gap = -1;

    /* every key part of the way (-1), one key alone (0..), or the set back with fewer reps
     * (DOSE_KEYS: 1 x 7 towards 2 x 7 as 2 x 4, when the set alone would be all of it) */
    for (int k = -1; k <= DOSE_KEYS; k++) {
        struct dose cand = *now;
        double gap;
        if (k == DOSE_KEYS) {
            if (!now->has[DOSE_SETS] || !now->has[DOSE_REPS] ||
                now->value[DOSE_SETS] == aim->value[DOSE_SETS])
                continue;
            cand.value[DOSE_SETS] = toward(now->value[DOSE_SETS], aim->value[DOSE_SETS], remaining);
            cand.value[DOSE_REPS] = 1;
            cand.value[DOSE_REPS] = (int)lround(target / dose_weekly_volume(&cand));
            if (cand.value[DOSE_REPS] < r->min[DOSE_REPS] ||
                cand.value[DOSE_REPS] > aim->value[DOSE_REPS])
                continue;
        } else if (k >= 0 && (!now->has[k] || now->value[k] == aim->value[k])) {
            continue;
        }
        for (int j = 0; j < DOSE_KEYS && k < DOSE_KEYS; j++)
            if (now->has[j] && (k < 0 || j == k))
                cand.value[j] = toward(now->value[j], aim->value[j], remaining);
        if (k < 0)
            all = cand;
        gap = dose_weekly_volume(&cand) - target;
        gap = gap < 0 ? -gap + 1e-6 : gap; /* the lower wins a tie */
        if (dose_weekly_volume(&cand) > from + 1e-9 && (best_gap < 0 || gap < best_gap)) {
            best = cand;
            best_gap = gap;
        }
    }
    return best_gap < 0 ? all : best;
}

static void restore_item(struct ctx *c, int i, int step, int steps)
{
    const struct adapt_item *it = &c->s->items[i];
    int remaining = steps - step + 1;
    struct reason_values v = {0, 0, 0, 0, step, steps, c->baseline, NULL};
    struct decision *d;
    struct dose to = it->dose;
    const struct exercise *ex = it->exercise;

    if (!it->has_restore || changed_today(c, i))
        return;
    if (remaining <= 1) {
        ex = it->restore_exercise;
        to = it->restore;
    } else if (it->exercise != it->restore_exercise || it->paused) {
        struct adapt_item back = *it;
        back.dose = it->restore;
        back.range = it->restore_exercise->range;
        back.exercise = it->restore_exercise;
        ex = it->restore_exercise; /* back to the exercise itself, at its flare dose first */
        dose_for_flare(c->p, &back, &to);
    } else if (!it->exercise) {
        int total =
            toward(it->dose.value[DOSE_MINUTES] * it->dose.value[DOSE_BOUTS],
                   it->restore.value[DOSE_MINUTES] * it->restore.value[DOSE_BOUTS], remaining);
        int bouts = to.value[DOSE_BOUTS];
        to.value[DOSE_MINUTES] = (total + bouts - 1) / bouts;
        if (to.value[DOSE_MINUTES] > it->range.max[DOSE_MINUTES])
            to.value[DOSE_MINUTES] = it->range.max[DOSE_MINUTES];
        while (to.value[DOSE_MINUTES] * bouts >
                   it->restore.value[DOSE_MINUTES] * it->restore.value[DOSE_BOUTS] &&
               to.value[DOSE_MINUTES] > it->range.min[DOSE_MINUTES])
            to.value[DOSE_MINUTES]--;
    } else {
        to = part_way(&it->dose, &it->restore, remaining, &it->range);
    }
    if (ex == it->exercise && !it->paused && dose_equal(&to, &it->dose))
        return;
    if (it->paused && !fits_day(c, i, ex, &to)) /* back at its smallest dose, if that fits */
        dose_at_range_min(ex, to.value[DOSE_DAYS_PER_WEEK], &to);
    if (!fits_day(c, i, ex, &to)) { /* the day is full: the item stays where it is */
        if ((d = emit(c, DECIDE_HOLD, AR_HOLD_TIME, i)) != NULL)
            explain(c, d, 0, 0, 0);
        return;
    }
    if ((d = emit(c, DECIDE_RESTORE, AR_FLARE_RECOVER, i)) != NULL) {
        d->to_exercise = ex;
        d->to = to;
        explain_with(c, d, &v);
    }
}

long flare_end_day(const struct adapt_state *s)
{
    return s->n_flares > 0 ? s->flares[s->n_flares - 1].end : -1;
}

/* Item i was cut again on its way back (a painful or unsettled session after the
 * flare ended). */
static bool set_back(const struct ctx *c, int i)
{
    long end = flare_end_day(c->s);
    return end >= 0 && c->s->items[i].last_cut_day > end;
}

/*
 * After a setback the way back resumes once the item has settled again
 * (CLINICAL.md 6.6: resume when next-morning pain is back at baseline): the
 * usual wait between steps, two sessions since the cut no worse than usual
 * (as for undoing any cut, recover_after_cut), each settled by the next
 * morning, the last not hard. Then a third of the way back at a time, each
 * dose key towards its value before the flare (walks: an ordinary step),
 * never past it, so the dose that brought the setback on comes back
 * gradually; an item on an easier exercise goes back to its own at the flare
 * dose first.
 */
/* After a setback, a third of the way back at a time: each key moves towards its value
 * before the flare and never past it (a hold does not grow in place of the reps). */
#define RESUME_PARTS 3

static void resume_after_setback(struct ctx *c, int i)
{
    const struct adapt_item *it = &c->s->items[i];
    struct reason_values v = {0, 0, 0, 0, 0, 0, c->baseline, NULL};
    struct evidence e;
    struct decision *d;
    struct dose up;

    if (c->today - it->last_change_day < c->p->flare_recovery_every_days)
        return;
    item_evidence(c, i, it->last_change_day - 1, &e);
    if (e.sessions < 2 || !e.all_settled || e.peak > zone_green(c->p, c->baseline) || e.last_hard)
        return;
    if (it->exercise != it->restore_exercise || it->paused) {
        restore_item(c, i, 1, c->p->flare_recovery_steps);
        return;
    }
    if (!it->exercise) {
        if (!dose_step_up(c->p, it, c->today, adapt_walk_days(c->s), &up))
            return; /* the cap: a later day */
    } else {
        up = part_way(&it->dose, &it->restore, RESUME_PARTS, &it->range); /* its own shape */
    }
    if (dose_weekly_volume(&up) >= dose_weekly_volume(&it->restore) - 1e-9)
        up = it->restore;
    if (!fits_day(c, i, it->exercise, &up) || dose_equal(&up, &it->dose))
        return;
    if ((d = emit(c, DECIDE_RESTORE, AR_FLARE_RESUME, i)) != NULL) {
        d->to = up;
        explain_with(c, d, &v);
    }
}

static void recovery_step(struct ctx *c, int step)
{
    for (int i = 0; i < c->s->n_items; i++)
        if (!set_back(c, i))
            restore_item(c, i, step, c->p->flare_recovery_steps);
}

/* Three days running far above where the flare began: not a flare to wait out. */
static bool severe(const struct ctx *c)
{
    for (int k = 0; k < 3; k++) {
        const struct checkin_log *ci = checkin_on(c->h, c->today - k);
        if (!ci || ci->pain < flare_line(c->s->flare_baseline, c->p->severe_flare_points))
            return false;
    }
    return true;
}

void flare_continues(struct ctx *c)
{
    const struct checkin_log *ci = checkin_on(c->h, c->today);
    long days = c->today - c->s->flare_start_day;
    /* the morning's pain, and the next morning's after a session: both must be back */
    double now = !ci ? 99
                 : ci->has_next_morning
                     ? (ci->next_morning_pain > ci->pain ? ci->next_morning_pain : ci->pain)
                     : ci->pain;
    double back = c->s->flare_baseline + c->p->settled_margin;
    struct decision *d;

    /* never at the top of the scale: a usual 9 and a morning at 10 is no flare that is over */
    if (back > PAIN_WORST - 1)
        back = PAIN_WORST - 1;
    if (days >= c->p->flare_min_days && now <= back) {
        if ((d = emit(c, DECIDE_FLARE_END, AR_FLARE_END, -1)) != NULL)
            explain(c, d, 0, 0, (int)days);
        recovery_step(c, 1);
    } else if (days >= c->p->flare_escalate_days) {
        alert(c, AR_ALERT_FLARE, TIER_ROUTINE);
    } else if (severe(c)) {
        alert(c, AR_ALERT_WORSENING, TIER_ROUTINE);
    }
}

/* Steps 2.. come every flare_recovery_every_days after the flare ended; an item still
 * short of its pre-flare dose after the last planned step tries again each day. An item
 * set back on the way resumes on its own evidence. */
void flare_recovery(struct ctx *c)
{
    const struct adapt_state *s = c->s;
    long since;
    int step, every = c->p->flare_recovery_every_days;

    if (flare_end_day(s) < 0)
        return;
    since = c->today - flare_end_day(s);
    if (since <= 0)
        return;
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].has_restore && set_back(c, i) && !changed_today(c, i))
            resume_after_setback(c, i);
    step = (int)(since / every) + 1;
    if (step < c->p->flare_recovery_steps && since % every != 0)
        return;
    recovery_step(c, step < c->p->flare_recovery_steps ? step : c->p->flare_recovery_steps);
}

/* On a flare's first day: this one and those before it in the window. */
void flares_recurring(struct ctx *c)
{
    int n = 1;

    for (int k = 0; k < c->s->n_flares; k++)
        n += c->s->flares[k].start > c->today - c->p->flares_alert_days;
    if (n >= c->p->flares_alert_count)
        alert(c, AR_ALERT_FLARES_RECURRING, TIER_ROUTINE);
}
