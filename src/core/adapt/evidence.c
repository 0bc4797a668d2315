/*
 * evidence.c: what the days before say about an item, for the weekly review
 * (see decide_internal.h): how each session of it felt, the sessions since a
 * day with their peak pain and whether each settled, and whether today's
 * check-in is a bad morning.
 */
#include "compat.h"

#include "core/adapt/decide_internal.h"

/* How item i felt in a session: its own rating, else the session's; a walk only by
 * its own (the session's rating is about the exercises). */
enum difficulty item_felt(const struct ctx *c, const struct session_log *s, int i)
{
    if (i == c->s->walking)
        return (enum difficulty)s->item_difficulty[i];
    return session_item_difficulty(s, i);
}

void item_evidence(const struct ctx *c, int i, long since, struct evidence *e)
{
    bool run = true;

    memset(e, 0, sizeof(*e));
    e->all_settled = true;
    for (int k = c->h->n_sessions - 1; k >= 0 && c->h->sessions[k].day > since; k--) {
        const struct session_log *s = &c->h->sessions[k];
        enum difficulty diff;
        double pain;
        if (s->day >= c->today || !(s->items_done & (1u << i)))
            continue;
        pain = session_item_pain(s, i, c->baseline);
        diff = item_felt(c, s, i);
        if (e->sessions == 0) {
            e->last_hard = diff == DIFFICULTY_HARD;
            e->newest = s->day;
        }
        if (run && diff == DIFFICULTY_EASY)
            e->easy_run++;
        else
            run = false;
        e->sessions++;
        if (pain > e->peak)
            e->peak = pain;
        if (settled_after(c, s->day) != 1)
            e->all_settled = false;
    }
}

/* Today's check-in says the back is having a bad day: pain above the acceptable zone, or a
 * next morning not back within the settled margin of usual. Nothing steps up on such a
 * day, whatever the sessions before said (CLINICAL.md 6.2: progress when the next morning
 * is back at baseline). */
bool adapt_bad_morning(const struct ctx *c)
{
    const struct checkin_log *ci = checkin_on(c->h, c->today);

    return ci &&
           (ci->pain > zone_acceptable(c->p, c->baseline) ||
            (ci->has_next_morning && ci->next_morning_pain > c->baseline + c->p->settled_margin));
}
