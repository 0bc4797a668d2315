/*
 * baseline.c: the person's own pain as the yardstick (see adapt.h,
 * docs/adaptation.md "Pain relative to the person").
 *
 * The baseline is the median check-in pain of the last baseline_days before
 * today, flare days left out, so one bad day moves it little and a relapse
 * after improvement stands out against the improved level. Until there are
 * baseline_min_checkins of them, the intake's pain fills the missing places:
 * the baseline starts at the intake and drifts to the person's recent days.
 */
#include "compat.h"

#include <stdlib.h>

#include "core/adapt/decide_internal.h"

bool adapt_in_flare(const struct adapt_state *s, long day)
{
    for (int k = 0; k < s->n_flares; k++)
        if (day >= s->flares[k].start && (s->flares[k].end < 0 || day < s->flares[k].end))
            return true;
    return false;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double adapt_baseline(const struct adapt_params *p, const struct adapt_state *s,
                      const struct history *h, long today)
{
    double v[64], filler = s->baseline_pain;
    int n = 0;

    if (s->flare_active)
        return s->flare_baseline; /* a flare is judged against where it began */
    for (int i = h->n_checkins - 1; i >= 0 && n < (int)MRX_ARRAY_LEN(v); i--) {
        const struct checkin_log *c = &h->checkins[i];
        if (c->day >= today)
            continue;
        if (c->day < today - p->baseline_days || c->day < s->start_day)
            break;
        if (!adapt_in_flare(s, c->day))
            v[n++] = c->pain;
        else
            filler = s->flare_baseline; /* days lost to a flare: the level before it */
    }
    while (n < p->baseline_min_checkins)
        v[n++] = filler;
    qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The top of the scale is the worst pain imaginable: never acceptable for anyone, however
 * high their usual pain (without this ceiling, a usual 9 made 10 "acceptable" and a flare,
 * two points above usual, impossible). */
#define ZONE_CEILING (PAIN_WORST - 1)

double zone_green(const struct adapt_params *p, double baseline)
{
    double rel = baseline + p->green_above;
    double green = rel > p->green_floor ? rel : p->green_floor;
    return green < ZONE_CEILING ? green : ZONE_CEILING;
}

double zone_acceptable(const struct adapt_params *p, double baseline)
{
    double rel = baseline + p->acceptable_above;
    double ok = rel > p->acceptable_floor ? rel : p->acceptable_floor;
    return ok < ZONE_CEILING ? ok : ZONE_CEILING;
}

double flare_line(double baseline, double points)
{
    return baseline + points < PAIN_WORST ? baseline + points : PAIN_WORST;
}

double session_item_pain(const struct session_log *s, int item, double baseline)
{
    if (s->items_pain & (1u << item))
        return s->item_pain[item];
    if (s->items_pain) /* the person named what hurt, and it was not this */
        return s->pain_during < baseline ? s->pain_during : baseline;
    return s->pain_during;
}

enum difficulty session_item_difficulty(const struct session_log *s, int item)
{
    enum difficulty d = (enum difficulty)s->item_difficulty[item];
    return d != DIFFICULTY_NONE ? d : s->difficulty;
}
