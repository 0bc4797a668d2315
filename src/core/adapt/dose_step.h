/*
 * dose_step.h: moving a dose one step up or down, inside its safe range and
 * under the 7-day volume cap (see adapt.h). Internal to core/adapt.
 */
#ifndef MOVERX_DOSE_STEP_H
#define MOVERX_DOSE_STEP_H

#include "core/adapt/adapt.h"

/* One step up for the item on `today`; false when at the top or the cap forbids it.
 * Walking never adds a day beyond max_days (the days the person gave). */
bool dose_step_up(const struct adapt_params *p, const struct adapt_item *it, long today,
                  int max_days, struct dose *out);

/* One step down; false when every key is already at its range minimum. */
bool dose_step_down(const struct adapt_params *p, const struct adapt_item *it, struct dose *out);

/* The flare dose: down towards flare_volume_percent of the volume, not below the range. */
void dose_for_flare(const struct adapt_params *p, const struct adapt_item *it, struct dose *out);

/* The lowest weekly volume the item had in force during the 7 days up to today. */
double recent_min_volume(const struct adapt_item *it, long today);

#endif
