/*
 * psfs.c: Patient-Specific Functional Scale (CLINICAL.md section 5.2): the
 * mean of the patient's 1 to 5 activity ratings, each 0 (unable) to 10 (as
 * before the problem).
 */
#include "compat.h"

#include <math.h>

#include "core/instruments/instruments.h"

int psfs_score(const double *ratings, int n, double *score, struct mrx_err *err)
{
    double sum = 0;

    if (n < 1 || n > PSFS_MAX_ACTIVITIES)
        return mrx_err_set(err, MRX_EINVAL, "answers", "expected 1 to 5 ratings, got %d", n);
    for (int i = 0; i < n; i++) {
        if (!(ratings[i] >= 0 && ratings[i] <= 10))
            return mrx_err_set(err, MRX_EINVAL, "answers", "rating %d must be 0..10, got '%g'",
                               i + 1, ratings[i]);
        sum += ratings[i];
    }
    *score = sum / n;
    return MRX_OK;
}
