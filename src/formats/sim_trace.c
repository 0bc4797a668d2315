/*
 * sim_trace.c: one simulator event as a trace line (see sim_trace.h).
 */
#include "compat.h"

#include "formats/exercise_json.h"
#include "formats/sim_trace.h"

static const char *item_id(const struct exercise *ex)
{
    return ex ? ex->id : "walking";
}

static json_t *change_json(const struct sim_event *ev, const struct adapt_rules *rules)
{
    const struct decision *d = ev->decision;
    json_t *o = json_pack(
        "{sI, sI, ss, ss, ss, so, so, ss, ss}", "patient", (json_int_t)ev->patient, "day",
        (json_int_t)ev->day, "type", "plan_change", "rule", rules->rules[d->rule].id, "item",
        item_id(d->from_exercise), "from", dose_to_json(&d->from), "to", dose_to_json(&d->to),
        "reason", d->reason, "evidence", decision_citation(rules, d));
    if (d->to_exercise != d->from_exercise) /* a chain step: the item becomes another exercise */
        json_object_set_new(o, "to_item", json_string(item_id(d->to_exercise)));
    return o;
}

json_t *sim_event_to_json(const struct sim_event *ev, const struct adapt_rules *rules)
{
    static const char *const names[] = {"session",   "checkin",    "plan_change", "flare_start",
                                        "flare_end", "escalation", "task"};
    json_t *o;

    if (ev->type == SIM_PLAN_CHANGE)
        return change_json(ev, rules);
    o = json_pack("{sI, sI, ss}", "patient", (json_int_t)ev->patient, "day", (json_int_t)ev->day,
                  "type", names[ev->type]);
    if (ev->type == SIM_SESSION) {
        json_object_set_new(o, "pain_during", json_integer((json_int_t)ev->pain_during));
        json_object_set_new(o, "pain_next_morning",
                            json_integer((json_int_t)ev->pain_next_morning));
    } else if (ev->type == SIM_CHECKIN) {
        json_object_set_new(o, "pain", json_integer((json_int_t)ev->pain));
    } else if (ev->type == SIM_TASK) {
        json_object_set_new(o, "kind", json_string(ev->task_kind));
        json_object_set_new(o, "due_day", json_integer((json_int_t)ev->due_day));
    } else if (ev->decision) {
        json_object_set_new(o, "rule", json_string(rules->rules[ev->decision->rule].id));
        json_object_set_new(o, "reason", json_string(ev->decision->reason));
        json_object_set_new(o, "evidence", json_string(decision_citation(rules, ev->decision)));
        if (ev->type == SIM_ESCALATION)
            json_object_set_new(o, "tier", json_string(tier_name(ev->decision->tier)));
    }
    return o;
}
