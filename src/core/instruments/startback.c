/*
 * startback.c: Keele STarT Back Screening Tool scoring (CLINICAL.md
 * section 2), item order of the current Keele form.
 *
 * Total = items 1-9, subscale = items 5-9, with item 9 recoded (very much and
 * extremely score 1). Total <= 3 is low risk; otherwise subscale >= 4 is high
 * and the rest medium.
 */
#include "compat.h"

#include "core/instruments/instruments.h"

#define SUBSCALE_FIRST 4 /* zero-based index of item 5 */

static long recode_item9(long bother)
{
    return bother >= 3 ? 1 : 0; /* 3 = very much, 4 = extremely */
}

static int check_answers(const long a[STARTBACK_ITEMS], struct mrx_err *err)
{
    for (int i = 0; i < STARTBACK_ITEMS - 1; i++)
        if (a[i] != 0 && a[i] != 1)
            return mrx_err_set(err, MRX_EINVAL, "answers",
                               "Q%d must be 0 (disagree) or 1 (agree), got '%ld'", i + 1, a[i]);
    if (a[8] < 0 || a[8] > 4)
        return mrx_err_set(err, MRX_EINVAL, "answers", "Q9 must be 0..4, got '%ld'", a[8]);
    return MRX_OK;
}

int startback_score(const long answers[STARTBACK_ITEMS], struct startback_result *out,
                    struct mrx_err *err)
{
    int rc = check_answers(answers, err);
    long total = 0, sub = 0;

    if (rc)
        return rc;
    for (int i = 0; i < STARTBACK_ITEMS; i++) {
        long v = i == 8 ? recode_item9(answers[i]) : answers[i];
        total += v;
        if (i >= SUBSCALE_FIRST)
            sub += v;
    }
    out->total = (int)total;
    out->psychosocial = (int)sub;
    if (total <= 3)
        out->risk = STARTBACK_LOW;
    else if (sub >= 4)
        out->risk = STARTBACK_HIGH;
    else
        out->risk = STARTBACK_MEDIUM;
    return MRX_OK;
}

const char *startback_risk_name(enum startback_risk risk)
{
    static const char *const names[] = {"low", "medium", "high"};
    return names[risk];
}
