/*
 * maintenance.c: which exercises a maintenance plan keeps (see adapt.h,
 * docs/plan.md "The end of the course").
 *
 * A person going on alone keeps what they did and what agreed with them,
 * not whatever happens to come first in the plan: an exercise cut for pain
 * in the last four weeks goes last, and one still at the bottom of its
 * range (brought in lately, or never built up: a starter dose keeps no
 * strength) just before it; then come those that train one of the person's
 * goals, then the ones they did most often (against how often they were
 * asked to); the plan's order breaks ties (the core of every plan comes
 * first). One strength exercise is kept when there is one that agreed
 * with them, in place of the last one kept that trains no goal: muscle
 * strengthening on two days a week is the part of the WHO 2020 advice that
 * walking does not cover (CLINICAL.md 6.5).
 */
#include "compat.h"

#include "core/adapt/adapt.h"

#define LOOK_BACK_DAYS 28

struct candidate {
    int item;
    bool hurt;    /* hurt in the last four weeks (hurt_lately) */
    bool starter; /* still at its range's bottom: new, or never built up */
    bool goal;    /* trains one of the person's goals */
    double share; /* sessions done against those asked for, 0..1 */
};

/* Whether a ranks before b. */
static bool before(const struct candidate *a, const struct candidate *b)
{
    if (a->hurt != b->hurt)
        return !a->hurt;
    if (a->starter != b->starter)
        return !a->starter;
    if (a->goal != b->goal)
        return a->goal;
    if (a->share > b->share + 1e-9 || a->share < b->share - 1e-9)
        return a->share > b->share;
    return a->item < b->item;
}

/* Hurt lately: a cut for pain or an unsettled morning not made good, or a session in
 * which the person said this one hurt above 5 (the high-risk zone, CLINICAL.md 6.2). */
static bool hurt_lately(const struct adapt_item *it, int i, const struct history *h, long day)
{
    if (it->n_cuts > 0 && it->last_cut_day > day - LOOK_BACK_DAYS)
        return true;
    for (int k = 0; k < h->n_sessions; k++)
        if (h->sessions[k].day > day - LOOK_BACK_DAYS && h->sessions[k].day <= day &&
            (h->sessions[k].items_pain & (1u << i)) && h->sessions[k].item_pain[i] > 5)
            return true;
    return false;
}

/* Every dose key but the days at its range's bottom: a starter dose (an exercise
 * brought in lately, or one that never grew) is no dose to keep strength with. */
static bool at_starter_dose(const struct adapt_item *it)
{
    for (int k = 0; k < DOSE_KEYS; k++)
        if (k != DOSE_DAYS_PER_WEEK && it->dose.has[k] && it->dose.value[k] > it->range.min[k])
            return false;
    return true;
}

static double done_share(const struct adapt_item *it, int i, const struct history *h, long day)
{
    int done = 0,
        asked = 4 * (it->dose.has[DOSE_DAYS_PER_WEEK] ? it->dose.value[DOSE_DAYS_PER_WEEK] : 7);

    for (int k = 0; k < h->n_sessions; k++)
        if (h->sessions[k].day > day - LOOK_BACK_DAYS && h->sessions[k].day <= day &&
            (h->sessions[k].items_done & (1u << i)))
            done++;
    return asked > 0 ? (done >= asked ? 1.0 : (double)done / asked) : 0;
}

unsigned maintenance_keep(const struct adapt_state *s, const struct history *h, long day,
                          unsigned goal_items, int max)
{
    struct candidate c[ADAPT_MAX_ITEMS];
    unsigned keep = 0;
    int n = 0, strong = -1;

    for (int i = 0; i < s->n_items; i++) {
        const struct adapt_item *it = &s->items[i];
        if (i == s->walking || it->paused || !it->exercise)
            continue;
        c[n] = (struct candidate){i, hurt_lately(it, i, h, day), at_starter_dose(it),
                                  (goal_items >> i) & 1u, done_share(it, i, h, day)};
        for (int k = n; k > 0 && before(&c[k], &c[k - 1]); k--) { /* insertion: n <= 9 */
            struct candidate t = c[k];
            c[k] = c[k - 1];
            c[k - 1] = t;
        }
        n++;
    }
    for (int k = 0; k < n && k < max; k++)
        keep |= 1u << c[k].item;
    for (int k = 0; k < n && strong < 0; k++)
        if (!c[k].hurt && s->items[c[k].item].exercise->category == CAT_STRENGTH)
            strong = k;
    if (strong >= max) /* the last one kept that trains no goal makes way for it */
        for (int k = max - 1; k >= 0; k--)
            if (!c[k].goal) {
                keep &= ~(1u << c[k].item);
                keep |= 1u << c[strong].item;
                break;
            }
    return keep;
}
