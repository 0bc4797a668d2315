/*
 * plan_json.c: plan to JSON (see plan_json.h).
 */
#include "compat.h"

#include "common/date.h"
#include "common/numfmt.h"
#include "formats/exercise_json.h"
#include "formats/plan_json.h"

static json_t *item_json(const struct plan_item *it)
{
    struct dose d = it->dose;
    json_t *o;

    d.has[DOSE_DAYS_PER_WEEK] = false; /* given beside the dose, as CONTRACT.md shows */
    o = json_pack("{ss, so, si, ss, ss, ss, sf}", "exercise", it->exercise->id, "dose",
                  dose_to_json(&d), "days_per_week", it->dose.value[DOSE_DAYS_PER_WEEK], "name",
                  it->exercise->name, "slot", it->slot->id, "why", it->slot->why, "minutes",
                  mrx_round_half_up(it->minutes, 1));
    if (it->caution)
        json_object_set_new(o, "caution", json_string(it->caution));
    return o;
}

static json_t *target_json(const struct walking_target *t)
{
    return json_pack("{si, si, si}", "minutes", t->minutes, "bouts", t->bouts, "days_per_week",
                     t->days_per_week);
}

static json_t *walking_json(const struct walking_plan *w)
{
    json_t *o = json_pack("{si, si, si}", "minutes", w->minutes, "bouts", w->bouts, "days_per_week",
                          w->days_per_week);
    json_object_set_new(o, "goal", target_json(&w->goal));
    json_object_set_new(o, "long_term_goal", target_json(&w->long_term_goal));
    return o;
}

static json_t *lessons_json(const struct plan *p)
{
    json_t *ids = json_array();
    for (int i = 0; i < p->n_lessons; i++)
        json_array_append_new(ids, json_string(p->lessons[i]));
    return ids;
}

static json_t *schedule_json(const struct plan *p, long start_day)
{
    json_t *arr = json_array();
    char date[16];

    for (int i = 0; i < p->n_lessons; i++) {
        date_format(start_day + i, date, sizeof(date));
        json_array_append_new(
            arr, json_pack("{si, ss, ss}", "day", i + 1, "date", date, "lesson", p->lessons[i]));
    }
    return arr;
}

static json_t *care_team_json(const struct plan *p)
{
    if (!p->review_who)
        return json_null();
    return json_pack("{ss, si}", "review", p->review_who, "within_days", p->review_within_days);
}

json_t *plan_to_json(const struct plan *p, bool has_start, long start_day)
{
    static const char *const strata[] = {"low", "medium", "high"};
    json_t *o = json_object(), *items = json_array();
    char date[16];

    json_object_set_new(o, "status", json_string(p->status == PLAN_PAUSED ? "paused" : "active"));
    json_object_set_new(o, "progression_held", json_boolean(p->progression_held));
    json_object_set_new(o, "stratum", json_string(strata[p->stratum]));
    json_object_set_new(
        o, "starting_level",
        json_pack("{ss, si}", "rule", p->start_level->id, "max_level", p->start_level->max_level));
    if (has_start) {
        date_format(start_day, date, sizeof(date));
        json_object_set_new(o, "start", json_string(date));
    }
    for (int i = 0; i < p->n_items; i++)
        json_array_append_new(items, item_json(&p->items[i]));
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "walking", walking_json(&p->walking));
    json_object_set_new(o, "movement_breaks_per_day", json_integer(p->movement_breaks_per_day));
    json_object_set_new(o, "lessons", lessons_json(p));
    if (has_start)
        json_object_set_new(o, "lesson_schedule", schedule_json(p, start_day));
    json_object_set_new(o, "care_team", care_team_json(p));
    json_object_set_new(o, "minutes_per_day", json_real(mrx_round_half_up(p->day_minutes, 1)));
    json_object_set_new(o, "available_minutes", json_integer(p->available_minutes));
    json_object_set_new(o, "explanation", json_string(p->explanation));
    return o;
}
