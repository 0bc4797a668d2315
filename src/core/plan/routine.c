/*
 * routine.c: a routine's moves at the routine's own length. A yoga or tai chi
 * routine trimmed to fit the person's day, or halved in a flare, does each of
 * its moves for less: minutes and repetitions shrink by the same share, holds
 * stay as they are (a shorter hold is a different exercise), and no move drops
 * below one. A routine of timed moves (tai chi's forms) given more time than
 * they take spreads it over them; one of counted poses (yoga) keeps its
 * counts, the time left being the rests between poses its steps allow. So
 * the moves add up to about the routine's minutes wherever they are shown:
 * Today, the handout.
 */
#include "compat.h"

#include <math.h>

#include "core/plan/plan.h"

double routine_natural_minutes(const struct catalog *cat, const struct exercise *r)
{
    double sum = 0;

    for (int i = 0; i < r->n_routine; i++) {
        const struct exercise *m = catalog_find(cat, r->routine[i].exercise);
        if (m)
            sum += dose_minutes(m, &r->routine[i].dose);
    }
    return sum;
}

static int shrink(int v, double share)
{
    int n = (int)lround(v * share);
    return n < 1 ? 1 : n;
}

/* The minutes of move i when the moves timed in minutes take `share` of theirs: whole
 * minutes, at least one each, adding up to their share (the largest remainders get the
 * minutes left over), so five moves of 2 in an 8-minute routine are 2, 2, 2, 1, 1. */
static int scaled_minutes(const struct exercise *r, double share, int i)
{
    int base[ROUTINE_MAX_STEPS], total = 0, sum = 0, n = 0;
    double rem[ROUTINE_MAX_STEPS], own = 0;

    for (int k = 0; k < r->n_routine && k < ROUTINE_MAX_STEPS; k++) {
        const struct dose *d = &r->routine[k].dose;
        base[k] = 0;
        rem[k] = -1;
        if (!d->has[DOSE_MINUTES])
            continue;
        double ideal = d->value[DOSE_MINUTES] * share;
        base[k] = ideal < 1 ? 1 : (int)floor(ideal);
        rem[k] = ideal < 1 ? -1 : ideal - floor(ideal);
        own += d->value[DOSE_MINUTES];
        sum += base[k];
        n++;
    }
    total = (int)lround(own * share);
    for (total = total < n ? n : total; sum < total; sum++) {
        int best = -1;
        for (int k = 0; k < r->n_routine && k < ROUTINE_MAX_STEPS; k++)
            if (rem[k] >= 0 && (best < 0 || rem[k] > rem[best]))
                best = k;
        if (best < 0)
            break;
        base[best]++;
        rem[best] = -1;
    }
    return base[i];
}

/* Whether every move of the routine is timed in minutes (tai chi's forms). */
static bool all_timed(const struct exercise *r)
{
    for (int k = 0; k < r->n_routine; k++)
        if (!r->routine[k].dose.has[DOSE_MINUTES])
            return false;
    return r->n_routine > 0;
}

void routine_move_dose(const struct catalog *cat, const struct exercise *r, int i,
                       const struct dose *routine_dose, struct dose *out)
{
    double natural = routine_natural_minutes(cat, r), share;

    *out = r->routine[i].dose;
    if (!routine_dose || !routine_dose->has[DOSE_MINUTES] || natural <= 0)
        return;
    share = routine_dose->value[DOSE_MINUTES] / natural;
    if (share >= 1) { /* longer: spread over timed moves; counted poses keep their counts */
        if (all_timed(r))
            out->value[DOSE_MINUTES] = scaled_minutes(r, share, i);
        return;
    }
    if (out->has[DOSE_MINUTES])
        out->value[DOSE_MINUTES] = scaled_minutes(r, share, i);
    if (out->has[DOSE_REPS])
        out->value[DOSE_REPS] = shrink(out->value[DOSE_REPS], share);
}
