/*
 * odi.c: Oswestry Disability Index v2.1a scoring (CLINICAL.md section 3).
 *
 * ODI % = sum of answered sections / (5 x answered) x 100. Bands are applied
 * to the exact percentage with integer arithmetic, so 20 % is "minimal" and
 * 35.56 % "moderate" without any floating-point doubt.
 */
#include "compat.h"

#include "core/instruments/instruments.h"

/* The highest ticked option of a section mask, or -1 for none. */
static int highest_option(unsigned mask)
{
    int best = -1;
    for (int k = 0; k <= ODI_MAX_OPTION; k++)
        if (mask & (1u << k))
            best = k;
    return best;
}

/* The band of sum/den*100 %, decided exactly: pct <= t  <=>  sum*100 <= t*den. */
static enum odi_band band_for(int sum, int den)
{
    static const int upper[] = {20, 40, 60, 80};
    for (int i = 0; i < 4; i++)
        if (sum * 100 <= upper[i] * den)
            return (enum odi_band)i;
    return ODI_BED_BOUND;
}

int odi_score(const unsigned ticked[ODI_SECTIONS], struct odi_result *out, struct mrx_err *err)
{
    int sum = 0, answered = 0;

    for (int i = 0; i < ODI_SECTIONS; i++) {
        if (ticked[i] >> (ODI_MAX_OPTION + 1))
            return mrx_err_set(err, MRX_EINVAL, "answers", "section %d: options run 0..5", i + 1);
        if (ticked[i] == 0)
            continue;
        sum += highest_option(ticked[i]);
        answered++;
    }
    if (answered < ODI_MIN_ANSWERED)
        return mrx_err_set(err, MRX_EINVAL, "answers",
                           "only %d of 10 sections answered, at least %d are needed", answered,
                           ODI_MIN_ANSWERED);
    out->sum = sum;
    out->answered = answered;
    out->percent = (double)(sum * 100) / (double)(5 * answered);
    out->band = band_for(sum, 5 * answered);
    out->complete = answered == ODI_SECTIONS;
    return MRX_OK;
}

const char *odi_band_name(enum odi_band band)
{
    static const char *const names[] = {"minimal", "moderate", "severe", "crippled", "bed-bound"};
    return names[band];
}
