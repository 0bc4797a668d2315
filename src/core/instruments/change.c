/*
 * change.c: clinically important change for NPRS, ODI, RMDQ and PSFS
 * (CLINICAL.md sections 3 to 5; Ostelo et al., Spine 2008;33:90-94).
 *
 * Improvement is baseline - followup for scales where lower is better, and
 * followup - baseline for the PSFS. Comparisons with thresholds allow for
 * binary noise only (5.1 - 3.1 is 1.9999999999999996 in a double, and is 2;
 * 4.99999999999 - 3 is not 2).
 */
#include "compat.h"

#include <math.h>

#include "core/instruments/instruments.h"

#define NOISE 1e-12 /* binary noise of a subtraction is ~1e-15 */
#define PERCENT_THRESHOLD 30.0

struct measure_def {
    const char *name;
    double max;        /* scores run 0..max */
    double points;     /* important change in points */
    bool percent_rule; /* whether 30 % also counts */
    bool higher_is_better;
};

static const struct measure_def measures[] = {
    /* 2 points or 30 %: Farrar et al., Pain 2001;94:149-58; Ostelo 2008 (CLINICAL.md 5.1). */
    [MEASURE_NPRS] = {"nprs", 10, 2, true, false},
    /* 10 points (0-100) or 30 % from baseline: Ostelo 2008 consensus (CLINICAL.md 3). */
    [MEASURE_ODI] = {"odi", 100, 10, true, false},
    /* 5 points or 30 %: Ostelo 2008 consensus (CLINICAL.md 4). */
    [MEASURE_RMDQ] = {"rmdq", 24, 5, true, false},
    /* 2 points on the mean rating, the MDC (90 %) printed on the form (Stratford
     * et al., Physiother Can 1995;47:258-63); no percent rule (CLINICAL.md 5.2). */
    [MEASURE_PSFS] = {"psfs", 10, 2, false, true},
};

bool measure_from_name(const char *name, enum measure *out)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(measures); i++) {
        if (strcmp(name, measures[i].name) == 0) {
            *out = (enum measure)i;
            return true;
        }
    }
    return false;
}

const char *measure_name(enum measure m)
{
    return measures[m].name;
}

static int check_range(const struct measure_def *d, const char *field, double v,
                       struct mrx_err *err)
{
    if (!(v >= 0 && v <= d->max))
        return mrx_err_set(err, MRX_EINVAL, field, "%s scores run 0..%g, got '%g'", d->name, d->max,
                           v);
    return MRX_OK;
}

int change_compute(enum measure m, double baseline, double followup, struct change_result *out,
                   struct mrx_err *err)
{
    const struct measure_def *d = &measures[m];
    double base;
    int rc;

    if ((rc = check_range(d, "baseline", baseline, err)) ||
        (rc = check_range(d, "followup", followup, err)))
        return rc;
    out->measure = m;
    out->baseline = baseline;
    out->followup = followup;
    out->change = d->higher_is_better ? followup - baseline : baseline - followup;
    base = d->higher_is_better ? d->max - baseline : baseline;
    out->has_percent = base > NOISE;
    out->percent = out->has_percent ? out->change / base * 100.0 : 0.0;
    out->important_points = out->change >= d->points - NOISE;
    out->important_percent =
        d->percent_rule && out->has_percent && out->percent >= PERCENT_THRESHOLD - NOISE;
    out->important = out->important_points || out->important_percent;
    return MRX_OK;
}
