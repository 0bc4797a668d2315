/*
 * apply.c: turning today's decisions into the next plan state (see
 * adapt.h), and the two things only a clinician does: resolving an alert and
 * clearing a hold.
 */
#include "compat.h"

#include "core/adapt/adapt.h"

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

static void apply_alert(struct adapt_state *s, const struct decision *d, long today)
{
    s->open_alerts |= 1u << d->rule;
    if (d->rule == AR_ALERT_WORSENING)
        s->last_worsening_day = today;
    if (d->rule == AR_ALERT_RED_FLAG && d->tier == TIER_URGENT)
        s->progression_held = true;
    if (d->rule == AR_ALERT_RED_FLAG && d->tier == TIER_EMERGENCY)
        s->stopped = true;
}

void adapt_apply(const struct adapt_rules *rules, struct adapt_state *s, const struct decision *d,
                 int n, long today)
{
    (void)rules;
    for (int k = 0; k < n; k++) {
        switch (d[k].kind) {
        case DECIDE_PROGRESS:
        case DECIDE_REGRESS:
            change_item(&s->items[d[k].item], &d[k], today);
            if (d[k].rule == AR_REGRESS_TREND)
                s->last_worsening_day = today; /* at most one trend step a week */
            break;
        case DECIDE_FLARE_START:
            s->flare_active = true;
            s->flare_start_day = today;
            change_item(&s->items[d[k].item], &d[k], today);
            break;
        case DECIDE_FLARE_END:
            s->flare_active = false;
            s->open_alerts &= ~(1u << AR_ALERT_FLARE);
            break;
        case DECIDE_HOLD:
            for (int i = 0; i < s->n_items; i++)
                if (d[k].item < 0 || d[k].item == i)
                    s->items[i].last_review_day = today;
            break;
        case DECIDE_ALERT:
            apply_alert(s, &d[k], today);
            break;
        }
    }
}

void adapt_resolve_alert(struct adapt_state *s, enum adapt_rule_id rule)
{
    s->open_alerts &= ~(1u << rule);
}

void adapt_clear_hold(struct adapt_state *s)
{
    s->progression_held = false;
    s->open_alerts &= ~(1u << AR_ALERT_RED_FLAG);
}
