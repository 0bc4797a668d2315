/*
 * rmdq.c: Roland-Morris Disability Questionnaire (RMDQ-24) scoring
 * (CLINICAL.md section 4): the number of statements ticked, 0..24.
 */
#include "compat.h"

#include "core/instruments/instruments.h"

int rmdq_score(const long *items, int n, int *score, struct mrx_err *err)
{
    bool seen[RMDQ_ITEMS + 1] = {false};

    if (n < 0 || n > RMDQ_ITEMS)
        return mrx_err_set(err, MRX_EINVAL, "ticked", "at most %d items can be ticked", RMDQ_ITEMS);
    for (int i = 0; i < n; i++) {
        if (items[i] < 1 || items[i] > RMDQ_ITEMS)
            return mrx_err_set(err, MRX_EINVAL, "ticked", "item numbers run 1..24, got '%ld'",
                               items[i]);
        if (seen[items[i]])
            return mrx_err_set(err, MRX_EINVAL, "ticked", "item '%ld' is listed twice", items[i]);
        seen[items[i]] = true;
    }
    *score = n;
    return MRX_OK;
}
