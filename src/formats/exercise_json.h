/*
 * exercise_json.h: exercises and doses as JSON, in the same shape as the
 * data files (docs/exercises.md), for the command line and the API.
 */
#ifndef MOVERX_EXERCISE_JSON_H
#define MOVERX_EXERCISE_JSON_H

#include <jansson.h>

#include "core/catalog/exercise.h"

/* {"sets":..,"reps":..} with only the keys that apply (new reference). */
json_t *dose_to_json(const struct dose *d);

/* {"minutes":[min,max],..}: a safe range, the keys that apply (new reference). */
json_t *range_to_json(const struct dose_range *r);

/* The short form used in listings: id, name, category, level, position,
 * equipment, floor, dose, summary (new reference). */
json_t *exercise_summary_json(const struct exercise *ex);

/* A dose for people: "2 x 8 reps, hold 3 s, 3 days a week". */
void dose_describe(const struct dose *d, bool per_side, char *buf, size_t size);

/* Everything about the exercise (new reference). */
json_t *exercise_to_json(const struct exercise *ex);

#endif
