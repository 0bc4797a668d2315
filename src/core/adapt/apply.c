/*
 * apply.c: turning today's decisions into the next plan state (see
 * adapt.h), and the two things only a clinician does: resolving an alert and
 * clearing a hold.
 */
#include "compat.h"

#include "core/adapt/adapt.h"
#include "core/adapt/dose_step.h"

void adapt_mark(struct adapt_item *it, long day)
{
    if (it->n_marks == ADAPT_MAX_MARKS) {
        memmove(it->marks, it->marks + 1, sizeof(it->marks[0]) * (ADAPT_MAX_MARKS - 1));
        it->n_marks--;
    }
    it->marks[it->n_marks].day = day;
    it->marks[it->n_marks].volume = dose_weekly_volume(&it->dose);
    it->n_marks++;
}

static void change_item(struct adapt_item *it, const struct decision *d, long today)
{
    if (d->to_exercise != it->exercise) {
        it->exercise = d->to_exercise;
        it->range = d->to_exercise->range;
        it->n_marks = 0; /* a different exercise: its volume starts afresh */
    }
    it->dose = d->to;
    it->last_change_day = today;
    adapt_mark(it, today);
}

/* The third flare in four weeks: the dose each came back to was not well tolerated
 * (CLINICAL.md 6.6: back to the last well-tolerated level), so the way back aims one
 * step below it. Relaxation and breathing keep theirs. */
static void aim_lower(const struct adapt_rules *rules, struct adapt_state *s)
{
    for (int i = 0; i < s->n_items; i++) {
        struct adapt_item *it = &s->items[i], at = *it;
        struct dose down;
        if (!it->has_restore || (it->restore_exercise && exercise_calms(it->restore_exercise)))
            continue;
        at.exercise = it->restore_exercise;
        at.dose = it->restore;
        if (it->restore_exercise)
            at.range = it->restore_exercise->range;
        if (dose_step_down(&rules->p, &at, &down))
            it->restore = down;
    }
}

static void apply_alert(const struct adapt_rules *rules, struct adapt_state *s,
                        const struct decision *d, long today)
{
    s->open_alerts |= ADAPT_RULE_BIT(d->rule);
    if (d->rule == AR_ALERT_FLARES_RECURRING && s->flare_active)
        aim_lower(rules, s);
    if (d->rule == AR_ALERT_WORSENING)
        s->last_worsening_day = today;
    if (d->rule == AR_ALERT_RED_FLAG && d->tier == TIER_URGENT)
        s->progression_held = true;
    if (d->rule == AR_ALERT_RED_FLAG && d->tier == TIER_EMERGENCY)
        s->stopped = true;
}

/* A flare begins: every item remembers what to go back to (see flare.c). */
static void flare_begins(struct adapt_state *s, const struct decision *d, long today)
{
    s->flare_active = true;
    s->flare_start_day = today;
    s->flare_baseline = d->baseline;
    if (s->n_flares == ADAPT_MAX_FLARES) {
        memmove(s->flares, s->flares + 1, sizeof(s->flares[0]) * (ADAPT_MAX_FLARES - 1));
        s->n_flares--;
    }
    s->flares[s->n_flares++] = (struct flare_span){today, -1};
    for (int i = 0; i < s->n_items; i++) {
        struct adapt_item *it = &s->items[i];
        if (it->has_restore)
            continue; /* a new flare on the way back: still the dose before the first */
        it->has_restore = true;
        if (it->last_step_day >= today - 3) {
            /* a step up of the last days, even one cut since: back to before it */
            if (it->n_cuts > 0 && it->last_cut_day >= it->last_step_day)
                it->n_cuts--;
            it->restore_exercise = it->before_step.exercise;
            it->restore = it->before_step.dose;
        } else if (it->n_cuts > 0 && it->last_cut_day >= today - 3) {
            it->n_cuts--; /* the flare's way back undoes that cut */
            it->restore_exercise = it->cuts[it->n_cuts].exercise;
            it->restore = it->cuts[it->n_cuts].dose;
        } else {
            it->restore_exercise = it->exercise;
            it->restore = it->dose;
        }
    }
}

static void apply_item(struct adapt_state *s, const struct decision *d, long today)
{
    struct adapt_item *it = &s->items[d->item];

    switch (d->kind) {
    case DECIDE_REGRESS:
        if (it->has_restore) {
            /* a setback on the way back from a flare: the way back waits until the item
             * settles again, then goes on (flare.c); the pre-flare dose stays the aim */
            it->n_cuts = 0;
        } else if (today - it->last_recover_day <= 7 || today - it->last_cut_day <= 7) {
            /* cut again soon after an undo, or a second cut within a week: those doses
             * were too much, not a passing setback, and the item builds up again on the
             * weekly schedule (no undo back to what hurt time after time) */
            it->n_cuts = 0;
        } else if (d->rule == AR_REGRESS_HARD || d->rule == AR_REGRESS_TREND ||
                   d->rule == AR_TRADE_TIME || d->rule == AR_TRADE_WALKS) {
            ; /* effort, a rising week and a trade for time are no setbacks to undo */
        } else {
            if (it->n_cuts == ADAPT_MAX_CUTS) {
                memmove(it->cuts, it->cuts + 1, sizeof(it->cuts[0]) * (ADAPT_MAX_CUTS - 1));
                it->n_cuts--;
            }
            it->cuts[it->n_cuts++] = (struct dose_at){it->exercise, it->dose};
        }
        it->last_cut_day = today;
        if (d->rule == AR_REGRESS_TREND)
            s->last_worsening_day = today; /* at most one trend step a week */
        break;
    case DECIDE_PROGRESS:
        it->last_step_day = today;
        it->before_step = (struct dose_at){it->exercise, it->dose};
        if (d->to_exercise != d->from_exercise) { /* a harder exercise is no loss of volume */
            it->chain_from = d->from_exercise;
            it->chain_from_dose = d->from;
            struct adapt_state after = *s;
            after.items[d->item].exercise = d->to_exercise;
            after.items[d->item].dose = d->to;
            if (adapt_week_minutes(&after) < adapt_week_minutes(s))
                s->start_volume -= adapt_week_minutes(s) - adapt_week_minutes(&after);
        }
        it->has_restore = false;
        break;
    case DECIDE_FLARE_START:
        it->paused = d->pause;
        break;
    case DECIDE_RESTORE:
        it->paused = false;
        if (d->rule == AR_RECOVER_CUT) {
            it->n_cuts--;
            it->last_recover_day = today;
        }
        break;
    default:
        break;
    }
    if (!d->pause)
        change_item(it, d, today);
    /* A cut already made good by progress since has nothing left to undo. */
    while (it->n_cuts > 0 && it->cuts[it->n_cuts - 1].exercise == it->exercise &&
           dose_weekly_volume(&it->cuts[it->n_cuts - 1].dose) <= dose_weekly_volume(&it->dose))
        it->n_cuts--;
    if (d->kind == DECIDE_RESTORE && it->exercise == it->restore_exercise &&
        dose_equal(&it->dose, &it->restore))
        it->has_restore = false; /* back where it was */
}

void adapt_apply(const struct adapt_rules *rules, struct adapt_state *s, const struct decision *d,
                 int n, long today)
{
    for (int k = 0; k < n; k++) {
        switch (d[k].kind) {
        case DECIDE_PROGRESS:
        case DECIDE_REGRESS:
        case DECIDE_RESTORE:
            apply_item(s, &d[k], today);
            break;
        case DECIDE_FLARE_START:
            if (d[k].item < 0)
                flare_begins(s, &d[k], today);
            else
                apply_item(s, &d[k], today);
            break;
        case DECIDE_FLARE_END:
            s->flare_active = false;
            if (s->n_flares > 0)
                s->flares[s->n_flares - 1].end = today;
            s->open_alerts &= ~ADAPT_RULE_BIT(AR_ALERT_FLARE);
            break;
        case DECIDE_HOLD:
            for (int i = 0; i < s->n_items; i++)
                if (d[k].item < 0 || d[k].item == i) {
                    s->items[i].last_review_day = today;
                    if (d[k].rule == AR_HOLD_TIME && !s->items[i].paused)
                        s->items[i].has_restore = false; /* no room to go back: stay */
                }
            break;
        case DECIDE_ALERT:
            apply_alert(rules, s, &d[k], today);
            break;
        }
    }
    /* Out of a flare, an item back at its pre-flare exercise and dose (or never cut,
     * as relaxation) has nothing left to recover. */
    for (int i = 0; i < s->n_items && !s->flare_active; i++) {
        struct adapt_item *it = &s->items[i];
        if (it->has_restore && !it->paused && it->exercise == it->restore_exercise &&
            dose_equal(&it->dose, &it->restore))
            it->has_restore = false;
    }
}

int adapt_alert_due_days(enum tier tier)
{
    return tier >= TIER_URGENT ? 1 : 3;
}

/* The holds while a red flag waited (hold_review) were no reviews of the items:
 * once it is cleared, each item's review is due a week after its last change. */
static void reviews_due_again(struct adapt_state *s)
{
    for (int i = 0; i < s->n_items; i++)
        s->items[i].last_review_day = s->items[i].last_change_day;
}

void adapt_resolve_alert(struct adapt_state *s, enum adapt_rule_id rule)
{
    s->open_alerts &= ~ADAPT_RULE_BIT(rule);
    if (rule == AR_ALERT_RED_FLAG)
        reviews_due_again(s);
}

void adapt_clear_hold(struct adapt_state *s)
{
    s->progression_held = false;
    s->open_alerts &= ~ADAPT_RULE_BIT(AR_ALERT_RED_FLAG);
    reviews_due_again(s);
}
