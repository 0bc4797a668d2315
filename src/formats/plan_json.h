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

/*
 * The week of a plan as stored (program v2, docs/plan.md "The week"): the
 * weekdays of each of its "items" (in order, at most max of them) and of its
 * walks, as week.h masks. False for a plan made before there were weekdays
 * (no "days"): its items follow their days a week counted from the start.
 */
bool plan_json_week(const json_t *plan, unsigned *item_days, size_t max, unsigned *walk_days);

/*
 * Links the plan's "goals" again to its items as they are now (a step along
 * a chain, a swap in a flare): each goal's "exercises" and "why" from the
 * goal table. Goals outside the table stay as they are.
 */
void plan_json_link_goals(json_t *plan, const struct goal_table *t, const struct catalog *cat);

/* Sets the plan's "schedule" from its "days", items and walks: each of the
 * person's days with what it holds. A plan without "days" is left alone. */
void plan_json_set_schedule(json_t *plan);

#endif
