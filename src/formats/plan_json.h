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
 * Whether the plan's week (its stored "schedule", docs/plan.md "The week")
 * puts an item ("walking" or an exercise id) on a weekday (0 Monday): 1 or
 * 0; -1 for a plan made before there were weekdays (no schedule), whose
 * items follow their days a week counted from the start.
 */
int plan_json_scheduled(const json_t *plan, const char *item, int weekday);

/*
 * Links the plan's "goals" again to its items as they are now (a step along
 * a chain, a swap in a flare): each goal's "exercises" and "why" from the
 * goal table. Goals outside the table stay as they are.
 */
void plan_json_link_goals(json_t *plan, const struct goal_table *t, const struct catalog *cat);

/* Drops from the plan's "omitted" a preference an item of the plan now
 * serves (a clinician added a yoga exercise): it is left out no longer. */
void plan_json_drop_served(json_t *plan, const struct catalog *cat);

/*
 * Sets the plan's week from its "days": every item's and the walks'
 * "days_per_week" made no more than the person's days, and "schedule", each
 * of the person's days with what it holds. With the plan before (prev, or
 * NULL), what was already scheduled keeps its days (week_schedule's keep).
 * The catalog gives each exercise's kind of session (pool, strength,
 * mind-body); NULL treats all alike. one_session (maintenance: the person
 * goes on alone, on fewer days): every exercise is one session, all on the
 * days of the one that wants most, so they share days instead of spreading
 * over the week. A plan without "days" is left alone.
 */
/* ["mon", "wed", ...]: the days of a week.h mask, Monday first. */
json_t *plan_json_days(unsigned days);

void plan_json_set_week(json_t *plan, const json_t *prev, const struct catalog *cat,
                        bool one_session);

#endif
