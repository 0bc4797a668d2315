/*
 * plan_json.h: a first plan as JSON (CONTRACT.md "moverx plan"), shared by
 * the command line and, later, the API.
 */
#ifndef MOVERX_PLAN_JSON_H
#define MOVERX_PLAN_JSON_H

#include <jansson.h>

#include "core/plan/plan.h"

/*
 * {"status":..,"items":[{"exercise":..,"dose":{..},"days_per_week":N,..}],
 *  "walking":{..},"movement_breaks_per_day":N,"lessons":[..],"explanation":..}
 * With has_start, lessons also get dates from start_day (a day number).
 */
json_t *plan_to_json(const struct plan *p, bool has_start, long start_day);

#endif
