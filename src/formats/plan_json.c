/*
 * plan_json.c: plan to JSON (see plan_json.h).
 */
#include "compat.h"

#include "common/date.h"
#include "common/numfmt.h"
#include "formats/exercise_json.h"
#include "core/plan/goals.h"
#include "core/plan/week.h"
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
    for (int i = 0; i < p->n_later; i++)
        json_array_append_new(ids, json_string(p->later[i].lesson));
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
    for (int i = 0; i < p->n_later; i++) { /* a later phase's: the first day of its week */
        int day = (p->later[i].week - 1) * 7 + 1;
        date_format(start_day + day - 1, date, sizeof(date));
        json_array_append_new(arr, json_pack("{si, ss, ss, si}", "day", day, "date", date, "lesson",
                                             p->later[i].lesson, "week", p->later[i].week));
    }
    return arr;
}

/* {"weeks":12,"phases":[{"phase","from_week","to_week","why"}]}: the course ahead. */
static json_t *course_json(const struct course_config *c)
{
    json_t *phases = json_array();

    if (!c)
        return json_null();
    for (int i = 0; i < COURSE_PHASES; i++)
        json_array_append_new(phases,
                              json_pack("{ss, si, si, ss}", "phase", phase_name((enum phase)i),
                                        "from_week", i ? c->until_week[i - 1] + 1 : 1, "to_week",
                                        c->until_week[i], "why", c->why[i]));
    return json_pack("{si, so}", "weeks", c->weeks, "phases", phases);
}

static json_t *care_team_json(const struct plan *p)
{
    if (!p->review_who)
        return json_null();
    return json_pack("{ss, si}", "review", p->review_who, "within_days", p->review_within_days);
}

json_t *plan_json_days(unsigned days)
{
    json_t *arr = json_array();
    for (int d = 0; d < WEEK_DAYS; d++)
        if ((days >> d) & 1u)
            json_array_append_new(arr, json_string(weekday_name(d)));
    return arr;
}

static unsigned days_from_json(const json_t *arr)
{
    unsigned days = 0;
    const json_t *v;
    size_t i;
    int d;

    json_array_foreach(arr, i, v)
    {
        if (weekday_from_name(json_string_value(v), &d))
            days |= 1u << d;
    }
    return days;
}

static int int_of(const json_t *o, const char *key)
{
    return (int)json_integer_value(json_object_get(o, key));
}

/* The weekdays an item ("walking" or an exercise id) has in a plan's stored schedule. */
static unsigned scheduled_days(const json_t *schedule, const char *item)
{
    const char *day;
    json_t *list, *v;
    unsigned mask = 0;
    size_t k;
    int d;

    json_object_foreach((json_t *)schedule, day, list)
    {
        if (!weekday_from_name(day, &d))
            continue;
        json_array_foreach(list, k, v)
        {
            const char *ex = json_string_value(json_object_get(v, "exercise"));
            if (strcmp(item, "walking") == 0 ? json_object_get(v, "walk") != NULL
                                             : ex && strcmp(ex, item) == 0)
                mask |= 1u << d;
        }
    }
    return mask;
}

int plan_json_scheduled(const json_t *plan, const char *item, int weekday)
{
    const json_t *schedule = json_object_get(plan, "schedule");

    if (!json_is_object(schedule))
        return -1;
    return (scheduled_days(schedule, item) >> weekday) & 1u;
}

/* Days a week as the person has them: never more than the days they gave. */
static void cap_days(json_t *o, int have)
{
    json_t *v = json_object_get(o, "days_per_week");
    if (json_is_integer(v) && json_integer_value(v) > have)
        json_object_set_new(o, "days_per_week", json_integer(have));
}

static bool in_plan(const json_t *items, const char *id)
{
    json_t *it;
    size_t k;
    json_array_foreach((json_t *)items, k, it)
    {
        const char *ex = json_string_value(json_object_get(it, "exercise"));
        if (ex && strcmp(ex, id) == 0)
            return true;
    }
    return false;
}

/*
 * The days each item had in the plan before: its own, or, for an exercise
 * new to the plan, the days of one that left it (a step along a chain takes
 * the place of the one before), as many as it asks for.
 */
static void kept_days(const json_t *plan, const json_t *prev, unsigned *keep, int n)
{
    const json_t *items = json_object_get(plan, "items"), *old = json_object_get(prev, "items");
    const json_t *schedule = json_object_get(prev, "schedule");
    bool used[WEEK_MAX_ITEMS] = {false};
    json_t *it;
    size_t k;

    memset(keep, 0, (size_t)n * sizeof(*keep));
    if (!json_is_object(schedule))
        return;
    keep[0] = scheduled_days(schedule, "walking");
    for (int i = 1; i < n; i++) {
        const char *id =
            json_string_value(json_object_get(json_array_get(items, (size_t)i - 1), "exercise"));
        if (id && in_plan(old, id))
            keep[i] = scheduled_days(schedule, id);
    }
    for (int i = 1; i < n; i++) {
        const char *id =
            json_string_value(json_object_get(json_array_get(items, (size_t)i - 1), "exercise"));
        int want = int_of(json_array_get(items, (size_t)i - 1), "days_per_week");
        if (!id || in_plan(old, id))
            continue;
        json_array_foreach((json_t *)old, k, it)
        {
            const char *was = json_string_value(json_object_get(it, "exercise"));
            unsigned m;
            if (k >= WEEK_MAX_ITEMS || used[k] || !was || in_plan(items, was))
                continue;
            m = scheduled_days(schedule, was);
            if (week_count(m) == want) {
                keep[i] = m;
                used[k] = true;
                break;
            }
        }
    }
}

/* kinds: each item's session kind, in the order of the plan's items. */
static void set_week(json_t *plan, const json_t *prev, const enum week_kind *kinds, int first)
{
    json_t *items = json_object_get(plan, "items"), *w = json_object_get(plan, "walking");
    unsigned days = days_from_json(json_object_get(plan, "days"));
    unsigned pool_days = days & days_from_json(json_object_get(plan, "pool_days"));
    bool water = json_is_true(json_object_get(plan, "water_days")); /* the warm-pool route */
    struct week_need needs[WEEK_MAX_ITEMS + 1];
    unsigned out[WEEK_MAX_ITEMS + 1], keep[WEEK_MAX_ITEMS + 1];
    size_t n = json_array_size(items);
    json_t *schedule, *it;
    size_t k;

    if (!days)
        return; /* a plan from before there were weekdays */
    if (n > WEEK_MAX_ITEMS)
        n = WEEK_MAX_ITEMS;
    json_array_foreach(items, k, it)
    {
        cap_days(it, week_count(days));
        if (pool_days && k < n && kinds[k] == WEEK_POOL) /* the days they get to a pool */
            cap_days(it, week_count(pool_days));
    }
    if (json_is_object(w))
        cap_days(w, week_count(days));
    /* The walks first: the longest thing of a day, the exercises balance around it. */
    needs[0].times = json_is_object(w) ? int_of(w, "days_per_week") : 0;
    needs[0].minutes = json_is_object(w) ? int_of(w, "minutes") * int_of(w, "bouts") : 0;
    needs[0].kind = WEEK_ANY;
    needs[0].off_pool = water; /* the walks too: the pool session stands for that day's */
    needs[0].only = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_array_get(items, i);
        needs[i + 1].times = int_of(item, "days_per_week");
        needs[i + 1].minutes = json_number_value(json_object_get(item, "minutes"));
        needs[i + 1].kind = kinds[i];
        needs[i + 1].off_pool = water && kinds[i] != WEEK_POOL;
        needs[i + 1].only = kinds[i] == WEEK_POOL ? pool_days : 0;
    }
    kept_days(plan, prev, keep, (int)n + 1);
    week_schedule(days, needs, (int)n + 1,
                  prev || (water && week_pool_off_first_day(days, needs, (int)n + 1, first, keep))
                      ? keep
                      : NULL,
                  out);
    schedule = json_object();
    for (int d = 0; d < WEEK_DAYS; d++) {
        json_t *day;
        if (!((days >> d) & 1u))
            continue;
        day = json_array();
        for (size_t i = 0; i < n; i++)
            if ((out[i + 1] >> d) & 1u)
                json_array_append_new(
                    day, json_pack("{s:O}", "exercise",
                                   json_object_get(json_array_get(items, i), "exercise")));
        if ((out[0] >> d) & 1u)
            json_array_append_new(day, json_pack("{s:{s:O, s:O}}", "walk", "minutes",
                                                 json_object_get(w, "minutes"), "bouts",
                                                 json_object_get(w, "bouts")));
        json_object_set_new(schedule, weekday_name(d), day);
    }
    json_object_set_new(plan, "schedule", schedule);
}

void plan_json_set_week(json_t *plan, const json_t *prev, const struct catalog *cat,
                        bool one_session)
{
    enum week_kind kinds[WEEK_MAX_ITEMS];
    bool pool_days = json_is_array(json_object_get(plan, "pool_days"));
    json_t *it;
    size_t i;

    json_array_foreach(json_object_get(plan, "items"), i, it)
    {
        const char *id = json_string_value(json_object_get(it, "exercise"));
        enum week_kind kind = week_kind_of(id && cat ? catalog_find(cat, id) : NULL);
        if (i < WEEK_MAX_ITEMS) /* one session: shared days, a day of rest between; the pool
                                 * still on the days the person gets to one */
            kinds[i] = one_session && !(pool_days && kind == WEEK_POOL) ? WEEK_STRENGTH : kind;
    }
    set_week(plan, prev, kinds, -1);
}

void plan_json_link_goals(json_t *plan, const struct goal_table *t, const struct catalog *cat)
{
    json_t *goal, *item, *id;
    size_t i, k, m;

    json_array_foreach(json_object_get(plan, "goals"), i, goal)
    {
        const struct goal_activity *g[GOAL_MAX_MATCHES];
        const char *names[WEEK_MAX_ITEMS];
        json_t *ex = json_array();
        char why[768];
        int n = 0, n_g = 0;
        bool walking = false;
        json_array_foreach(json_object_get(goal, "matched"), m, id)
        {
            for (int a = 0; json_is_string(id) && a < t->n && n_g < GOAL_MAX_MATCHES; a++)
                if (strcmp(t->activities[a].id, json_string_value(id)) == 0) {
                    g[n_g++] = &t->activities[a];
                    walking |= t->activities[a].walking;
                }
        }
        json_array_foreach(json_object_get(plan, "items"), k, item)
        {
            const char *eid = json_string_value(json_object_get(item, "exercise"));
            const struct exercise *e = eid ? catalog_find(cat, eid) : NULL;
            bool trains = false;
            for (int a = 0; e && a < n_g; a++)
                trains |= goal_trained_by(g[a], e, cat);
            if (trains && n < WEEK_MAX_ITEMS) {
                json_array_append_new(ex, json_string(e->id));
                names[n++] = e->name;
            }
        }
        goal_text(json_string_value(json_object_get(goal, "activity")), names, n, walking, n_g > 0,
                  why, sizeof(why));
        json_object_set_new(goal, "exercises", ex);
        json_object_set_new(goal, "walking", json_boolean(walking));
        json_object_set_new(goal, "why", json_string(why));
    }
}

/* The library tag of an exercise that serves a preference ("pool_access": "pool"). */
static const char *preference_tag(const char *preference)
{
    static const char *const tags[][2] = {{"pool_access", "pool"},
                                          {"yoga", "yoga"},
                                          {"tai_chi", "tai-chi"},
                                          {"gym_equipment", "cycling"}};
    for (size_t i = 0; preference && i < MRX_ARRAY_LEN(tags); i++)
        if (strcmp(tags[i][0], preference) == 0)
            return tags[i][1];
    return NULL;
}

void plan_json_drop_served(json_t *plan, const struct catalog *cat)
{
    json_t *omitted = json_object_get(plan, "omitted"), *item;
    size_t k;

    for (size_t i = 0; i < json_array_size(omitted);) {
        const char *tag = preference_tag(
            json_string_value(json_object_get(json_array_get(omitted, i), "preference")));
        bool served = false;
        json_array_foreach(json_object_get(plan, "items"), k, item)
        {
            const char *id = json_string_value(json_object_get(item, "exercise"));
            const struct exercise *e = id ? catalog_find(cat, id) : NULL;
            for (int t = 0; tag && e && t < e->n_tags; t++)
                served |= strcmp(e->tags[t], tag) == 0;
        }
        if (served)
            json_array_remove(omitted, i);
        else
            i++;
    }
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
    json_object_set_new(o, "course", course_json(p->course));
    if (p->n_seeds) /* a new course from a maintenance plan (docs/plan.md "Starting again") */
        json_object_set_new(o, "restart",
                            json_pack("{si, si}", "kept", p->n_seeds_kept, "of", p->n_seeds));
    /* what the library's cautions are read for on every day's cards */
    json_object_set_new(o, "condition",
                        json_pack("{sb, sb}", "pregnant", p->pregnant, "leg_pain", p->leg_pain));
    json_object_set_new(o, "minutes_per_day", json_real(mrx_round_half_up(p->day_minutes, 1)));
    json_object_set_new(o, "available_minutes", json_integer(p->available_minutes));
    if (p->own_walking > 0) /* the handout tells them to keep it up */
        json_object_set_new(o, "own_walking_minutes", json_integer(p->own_walking));
    json_object_set_new(o, "explanation", json_string(p->explanation));
    {
        json_t *omitted = json_array();
        char why[512];
        for (int i = 0; i < p->n_omitted; i++) {
            plan_omission_text(&p->omitted[i], p->available_minutes, why, sizeof(why));
            json_array_append_new(omitted,
                                  json_pack("{ss, ss}", "preference",
                                            preference_name(p->omitted[i].preference), "why", why));
        }
        json_object_set_new(o, "omitted", omitted);
    }
    {
        json_t *goals = json_array();
        char why[768];
        for (int i = 0; i < p->n_goals; i++) {
            const struct plan_goal *g = &p->goals[i];
            json_t *ex = json_array();
            for (int k = 0; k < p->n_items; k++)
                if ((g->items >> k) & 1u)
                    json_array_append_new(ex, json_string(p->items[k].exercise->id));
            plan_goal_text(p, g, why, sizeof(why));
            json_t *matched = json_array();
            for (int m = 0; m < g->n_match; m++)
                json_array_append_new(matched, json_string(g->match[m]->id));
            json_array_append_new(
                goals, json_pack("{ss, so, so, so, sb, ss}", "activity", g->activity, "goal",
                                 g->n_match ? json_string(g->match[0]->id) : json_null(), "matched",
                                 matched, "exercises", ex, "walking", g->walking, "why", why));
        }
        json_object_set_new(o, "goals", goals);
    }
    if (p->water_days)
        json_object_set_new(o, "water_days", json_true());
    /* The person's days; when they gave only how many, spread from the first day. */
    json_object_set_new(
        o, "days",
        plan_json_days(p->days
                           ? p->days
                           : week_default_days(p->n_days, has_start ? weekday_of(start_day) : 0)));
    if (p->pool_days)
        json_object_set_new(o, "pool_days", plan_json_days(p->pool_days));
    {
        enum week_kind kinds[WEEK_MAX_ITEMS];
        for (int i = 0; i < p->n_items && i < WEEK_MAX_ITEMS; i++)
            kinds[i] = week_kind_of(p->items[i].exercise);
        set_week(o, NULL, kinds, has_start ? weekday_of(start_day) : -1);
    }
    return o;
}
