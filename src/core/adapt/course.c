/*
 * course.c: how the person's course compares with what is expected (see
 * adapt.h, docs/adaptation.md "Alerts"): a week worse than the one before,
 * days without activity, less improvement than the expected course for
 * the pain's duration, and a plan that has shrunk to under half.
 */
#include "compat.h"

#include "core/adapt/decide_internal.h"
#include "core/instruments/instruments.h"
#include "core/plan/week.h"

/* The mean over [from, to] of the check-ins' pain, or (stiffness) of those that gave their
 * morning stiffness; flare days left out; -1 with fewer than 3. */
static double mean_checkins(const struct adapt_state *s, const struct history *h, long from,
                            long to, bool stiffness)
{
    double sum = 0;
    int n = 0;

    for (int i = h->n_checkins - 1; i >= 0 && h->checkins[i].day >= from; i--) {
        const struct checkin_log *ci = &h->checkins[i];
        if (ci->day <= to && (!stiffness || ci->has_stiffness) && !adapt_in_flare(s, ci->day)) {
            sum += stiffness ? ci->stiffness : ci->pain;
            n++;
        }
    }
    return n >= 3 ? sum / n : -1;
}

double mean_pain(const struct adapt_state *s, const struct history *h, long from, long to)
{
    return mean_checkins(s, h, from, to, false);
}

static double mean_stiffness(const struct adapt_state *s, const struct history *h, long from,
                             long to)
{
    return mean_checkins(s, h, from, to, true);
}

#define STIFFNESS_MATTERS 3.0 /* a week's mean morning stiffness worth easing off for */

static bool rose(double recent, double before, double points)
{
    return recent >= 0 && before >= 0 && recent - before >= points;
}

/* Pain and stiffness must not rise from week to week (the pain-monitoring model,
 * Silbernagel et al. 2007; CLINICAL.md 6.2): either rising by the worsening points. */
bool trend_up(struct ctx *c)
{
    bool pain = rose(mean_pain(c->s, c->h, c->today - 6, c->today),
                     mean_pain(c->s, c->h, c->today - 13, c->today - 7), c->p->worsening_points);
    double recent_stiff = mean_stiffness(c->s, c->h, c->today - 6, c->today);
    /* from 0 to 2 is stiffer, not stiff: it counts from a week at 3 or more */
    bool stiff = recent_stiff >= STIFFNESS_MATTERS &&
                 rose(recent_stiff, mean_stiffness(c->s, c->h, c->today - 13, c->today - 7),
                      c->p->worsening_points);

    c->rising = pain && stiff ? "pain and stiffness" : pain ? "pain" : stiff ? "stiffness" : NULL;
    return pain || stiff;
}

/* The person's own days in the window must include two missed: someone who exercises on
 * Saturday and Sunday has five quiet days every week (a physiotherapist's vignette: a fully
 * adherent weekend exerciser was flagged every Friday). */
#define INACTIVE_OWN_DAYS 2

bool inactive(const struct ctx *c)
{
    unsigned days = c->s->constraints.days;
    int own = 0;

    if (c->today - c->s->start_day + 1 < c->p->inactivity_days)
        return false;
    for (long day = c->today - c->p->inactivity_days + 1; day <= c->today; day++) {
        const struct checkin_log *ci = checkin_on(c->h, day);
        if (session_on(c->h, day) || (ci && ci->walk_minutes > 0))
            return false;
        own += !days || ((days >> weekday_of(day)) & 1u);
    }
    return own >= INACTIVE_OWN_DAYS;
}

/*
 * From the course's day on: the rolling baseline has not come down from the
 * intake by the expected points for the pain's duration (acute pain eases
 * fast on its own, persistent pain slowly: Costa et al., CMAJ 2012), and the
 * last two weeks do not show it easing either. Someone still improving is
 * not flagged because the improvement is slow.
 */
void no_improvement(struct ctx *c)
{
    const struct expected_course *e = &c->p->no_improvement[intake_chronicity(&c->s->constraints)];
    double recent, before;

    if (c->today - c->s->start_day < e->days)
        return;
    if (c->s->baseline_pain - c->baseline >= e->min_change_points ||
        c->baseline <= c->p->no_improvement_min_pain)
        return; /* improved as expected, or already at a level most people accept (PASS) */
    recent = mean_pain(c->s, c->h, c->today - 6, c->today);
    before = mean_pain(c->s, c->h, c->today - 13, c->today - 7);
    if (recent < 0 || (before >= 0 && before - recent >= c->p->improving_points_per_week))
        return; /* no recent reports to judge by, or on its way down */
    alert(c, AR_ALERT_NO_IMPROVEMENT, TIER_ROUTINE);
}

#define PLAN_FULL_DAYS 21

/* Three weeks in which nothing stepped up, and the day's time held something back today:
 * the care team hears, to talk about more time or a different mix (the person was told to
 * tell them, which is easy to leave). Not in maintenance, where doses hold anyway. */
void plan_full(struct ctx *c)
{
    bool held = false;

    if (c->s->maintenance || c->today - c->s->start_day < PLAN_FULL_DAYS)
        return;
    for (int k = 0; k < c->n; k++) {
        if (c->out[k].kind == DECIDE_PROGRESS)
            return;
        held |= c->out[k].rule == AR_HOLD_TIME;
    }
    if (!held)
        return;
    for (int i = 0; i < c->s->n_items; i++) {
        const struct adapt_item *it = &c->s->items[i];
        if (!it->paused && !exercise_calms(it->exercise) &&
            it->last_step_day > c->today - PLAN_FULL_DAYS)
            return;
    }
    alert(c, AR_ALERT_PLAN_FULL, TIER_ROUTINE);
}

void volume_lost(struct ctx *c)
{
    double now = adapt_week_minutes(c->s);

    if (c->s->start_volume > 0 &&
        now < c->s->start_volume * (1 - c->p->volume_lost_alert_percent / 100.0))
        alert(c, AR_ALERT_VOLUME_LOST, TIER_ROUTINE);
}
