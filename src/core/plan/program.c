/*
 * program.c: parsing and checking data/plan/program.json (see program.h).
 *
 * jansson's json_unpack_ex with JSON_STRICT does the shape checking: a
 * missing key, a wrong type or an unknown key fails with its own message,
 * which is prefixed here with the file and the place.
 */
#include "compat.h"

#include "common/jsonx.h"
#include "core/plan/program.h"

static const char *const preference_names[] = {"",        "pool_access",   "yoga",
                                               "tai_chi", "gym_equipment", "walking"};
static const char *const stratum_names[] = {"low", "medium", "high"};

const char *preference_name(enum preference p)
{
    return p > PREF_NONE && p <= PREF_WALKING ? preference_names[p] : "";
}

static int unpack_fail(struct mrx_err *err, const char *place, const json_error_t *je)
{
    return mrx_err_set(err, MRX_EDATA, place, "%s", je->text);
}

static int parse_level(json_t *j, int i, struct start_level *l, struct mrx_err *err)
{
    json_error_t je;
    char place[48];

    snprintf(place, sizeof(place), "starting_levels[%d]", i);
    if (json_unpack_ex(j, &je, JSON_STRICT, "{s:s, s:F, s:F, s:i, s:s, s:s}", "id", &l->id,
                       "pain_at_least", &l->pain_at_least, "disability_at_least",
                       &l->disability_at_least, "max_level", &l->max_level, "reason", &l->reason,
                       "citation", &l->citation))
        return unpack_fail(err, place, &je);
    if (l->max_level < 1 || l->max_level > 5)
        return mrx_err_set(err, MRX_EDATA, place, "max_level must be 1..5");
    return MRX_OK;
}

static int parse_levels(json_t *arr, struct program *p, struct mrx_err *err)
{
    size_t i;
    json_t *v;
    int rc;

    if (!json_is_array(arr) || json_array_size(arr) == 0 ||
        json_array_size(arr) > PROGRAM_MAX_LEVELS)
        return mrx_err_set(err, MRX_EDATA, "starting_levels", "must be a list of 1 to %d",
                           PROGRAM_MAX_LEVELS);
    json_array_foreach(arr, i, v)
    {
        if ((rc = parse_level(v, (int)i, &p->levels[i], err)))
            return rc;
        p->n_levels++;
    }
    if (p->levels[p->n_levels - 1].pain_at_least > 0 ||
        p->levels[p->n_levels - 1].disability_at_least > 0)
        return mrx_err_set(err, MRX_EDATA, "starting_levels",
                           "the last level must apply to everyone (0 and 0)");
    return MRX_OK;
}

static int parse_requires(const char *name, enum preference *out)
{
    *out = PREF_NONE;
    if (!name)
        return MRX_OK;
    for (size_t i = 1; i < MRX_ARRAY_LEN(preference_names); i++) {
        if (strcmp(name, preference_names[i]) == 0) {
            *out = (enum preference)i;
            return MRX_OK;
        }
    }
    return MRX_EDATA;
}

static int parse_slot(json_t *j, int i, struct plan_slot *s, struct mrx_err *err)
{
    const char *requires = NULL;
    json_t *cands;
    json_error_t je;
    char place[48];
    size_t k;
    json_t *c;

    snprintf(place, sizeof(place), "slots[%d]", i);
    if (json_unpack_ex(j, &je, JSON_STRICT, "{s:s, s:o, s?:i, s?:s, s:s}", "id", &s->id,
                       "candidates", &cands, "days_per_week", &s->days_per_week, "requires",
                       &requires, "why", &s->why))
        return unpack_fail(err, place, &je);
    if (parse_requires(requires, &s->requires))
        return mrx_err_set(err, MRX_EDATA, place, "unknown preference '%s'", requires);
    if (s->days_per_week < 0 || s->days_per_week > 7)
        return mrx_err_set(err, MRX_EDATA, place, "days_per_week must be 1..7");
    if (!json_is_array(cands) || json_array_size(cands) == 0 ||
        json_array_size(cands) > PROGRAM_MAX_CANDIDATES)
        return mrx_err_set(err, MRX_EDATA, place, "candidates must be a list of 1 to %d ids",
                           PROGRAM_MAX_CANDIDATES);
    json_array_foreach(cands, k, c)
    {
        if (!json_is_string(c))
            return mrx_err_set(err, MRX_EDATA, place, "candidates must be exercise ids");
        s->candidates[s->n_candidates++] = json_string_value(c);
    }
    return MRX_OK;
}

static int slot_index(const struct program *p, const char *id)
{
    for (int i = 0; i < p->n_slots; i++)
        if (strcmp(p->slots[i].id, id) == 0)
            return i;
    return -1;
}

/* Resolves a list of slot ids into indexes. */
static int parse_slot_refs(const struct program *p, json_t *arr, const char *place, int *out,
                           int *n, struct mrx_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr) || json_array_size(arr) > PROGRAM_MAX_SLOTS)
        return mrx_err_set(err, MRX_EDATA, place, "must be a list of slot ids");
    json_array_foreach(arr, i, v)
    {
        int k = json_is_string(v) ? slot_index(p, json_string_value(v)) : -1;
        if (k < 0)
            return mrx_err_set(err, MRX_EDATA, place, "unknown slot '%s'",
                               json_is_string(v) ? json_string_value(v) : "?");
        out[(*n)++] = k;
    }
    return MRX_OK;
}

static int parse_review(json_t *r, struct stratum_config *s, const char *place, struct mrx_err *err)
{
    json_error_t je;

    if (json_is_null(r))
        return MRX_OK;
    if (json_unpack_ex(r, &je, JSON_STRICT, "{s:s, s:i}", "who", &s->review_who, "within_days",
                       &s->review_within_days))
        return unpack_fail(err, place, &je);
    if (s->review_within_days < 1 || s->review_within_days > 90)
        return mrx_err_set(err, MRX_EDATA, place, "review within_days must be 1..90");
    return MRX_OK;
}

static int parse_stratum(struct program *p, json_t *j, int r, struct mrx_err *err)
{
    struct stratum_config *s = &p->strata[r];
    json_t *required = NULL, *optional, *review, *lessons;
    json_error_t je;
    char place[48];
    size_t i;
    json_t *v;
    int rc;

    snprintf(place, sizeof(place), "strata.%s", stratum_names[r]);
    if (json_unpack_ex(j, &je, JSON_STRICT, "{s?:o, s:o, s:i, s:i, s:o, s:o, s:s, s:s}",
                       "required_slots", &required, "optional_slots", &optional, "max_exercises",
                       &s->max_exercises, "movement_breaks_per_day", &s->movement_breaks_per_day,
                       "review", &review, "lessons", &lessons, "explanation", &s->explanation,
                       "citation", &s->citation))
        return unpack_fail(err, place, &je);
    if ((required &&
         (rc = parse_slot_refs(p, required, place, s->required, &s->n_required, err))) ||
        (rc = parse_slot_refs(p, optional, place, s->optional, &s->n_optional, err)) ||
        (rc = parse_review(review, s, place, err)))
        return rc;
    if (s->max_exercises < 4 || s->max_exercises > 6)
        return mrx_err_set(err, MRX_EDATA, place, "max_exercises must be 4..6");
    if (s->movement_breaks_per_day < 0 || s->movement_breaks_per_day > 24)
        return mrx_err_set(err, MRX_EDATA, place, "movement_breaks_per_day must be 0..24");
    if (!json_is_array(lessons) || json_array_size(lessons) > PROGRAM_MAX_LESSONS)
        return mrx_err_set(err, MRX_EDATA, place, "lessons must be a list of lesson ids");
    json_array_foreach(lessons, i, v)
    {
        if (!json_is_string(v))
            return mrx_err_set(err, MRX_EDATA, place, "lessons must be lesson ids");
        s->lessons[s->n_lessons++] = json_string_value(v);
    }
    return MRX_OK;
}

static int parse_walking(json_t *j, struct walking_config *w, struct mrx_err *err)
{
    json_error_t je;

    if (json_unpack_ex(j, &je, JSON_STRICT,
                       "{s:F, s:i, s:i, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}, s:s}",
                       "start_fraction_of_baseline", &w->start_fraction, "short_bout_minutes",
                       &w->short_bout_minutes, "short_bouts_below_minutes", &w->short_bouts_below,
                       "goal", "minutes", &w->goal.minutes, "bouts", &w->goal.bouts,
                       "days_per_week", &w->goal.days_per_week, "long_term_goal", "minutes",
                       &w->long_term_goal.minutes, "bouts", &w->long_term_goal.bouts,
                       "days_per_week", &w->long_term_goal.days_per_week, "citation", &w->citation))
        return unpack_fail(err, "walking", &je);
    if (!(w->start_fraction > 0 && w->start_fraction <= 1) || w->short_bout_minutes < 1 ||
        w->short_bouts_below < 2 * w->short_bout_minutes)
        return mrx_err_set(err, MRX_EDATA, "walking", "start values out of range");
    return MRX_OK;
}

static const char *const phase_names[] = {"settle", "build", "consolidate", "maintenance"};

const char *phase_name(enum phase ph)
{
    return ph >= PHASE_SETTLE && ph <= PHASE_MAINTENANCE ? phase_names[ph] : "";
}

int course_week(long start, long day)
{
    return day < start ? 1 : (int)((day - start) / 7 + 1);
}

enum phase course_phase(const struct course_config *c, int week)
{
    for (int i = 0; i < COURSE_PHASES; i++)
        if (week <= c->until_week[i])
            return (enum phase)i;
    return PHASE_CONSOLIDATE;
}

/* A list of 1..max strings into out. */
static int string_list(json_t *arr, const char **out, int max, int *n, const char *place,
                       const char *key, struct mrx_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr) || json_array_size(arr) > (size_t)max)
        return mrx_err_set(err, MRX_EDATA, place, "%s must be a list of up to %d", key, max);
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v) || !*json_string_value(v))
            return mrx_err_set(err, MRX_EDATA, place, "%s[%zu] must be a text", key, i);
        out[(*n)++] = json_string_value(v);
    }
    return MRX_OK;
}

/* {"weeks": N, "phases": [settle, build, consolidate in order], "citation": ".."} */
/* A phase's "lessons": [{"lesson": id, "only_if": "leg_pain"}], one a week,
 * so no more than the phase has weeks; settle's go into the stratum's daily
 * lessons on their "day" (1..14), and must have one. A later phase's lesson
 * may come early for some goals: "early_for_goals": [goal ids] with its "day". */
static int parse_phase_lessons(json_t *arr, struct course_config *c, int ph, const char *place,
                               struct mrx_err *err)
{
    int weeks = c->until_week[ph] - (ph ? c->until_week[ph - 1] : 0);
    json_error_t je;
    json_t *v;
    size_t i;

    if (ph == PHASE_SETTLE)
        weeks = COURSE_MAX_LESSONS;
    if (!json_is_array(arr) || json_array_size(arr) > COURSE_MAX_LESSONS ||
        (int)json_array_size(arr) > weeks)
        return mrx_err_set(err, MRX_EDATA, place,
                           "lessons must be a list of at most one a week (%d)", weeks);
    json_array_foreach(arr, i, v)
    {
        struct course_lesson *l = &c->lessons[ph][c->n_lessons[ph]];
        const char *only_if = NULL;
        json_t *early = NULL;
        int rc;
        l->day = 0;
        l->n_early_for = 0;
        if (json_unpack_ex(v, &je, JSON_STRICT, "{s:s, s?s, s?i, s?o}", "lesson", &l->lesson,
                           "only_if", &only_if, "day", &l->day, "early_for_goals", &early))
            return unpack_fail(err, place, &je);
        if (early && ph == PHASE_SETTLE)
            return mrx_err_set(err, MRX_EDATA, place, "settle's lessons are early already");
        if (early && (rc = string_list(early, l->early_for, COURSE_MAX_EARLY_GOALS, &l->n_early_for,
                                       place, "early_for_goals", err)))
            return rc;
        if (ph == PHASE_SETTLE || l->n_early_for ? l->day < 1 || l->day > 14 : l->day != 0)
            return mrx_err_set(err, MRX_EDATA, place,
                               ph == PHASE_SETTLE || l->n_early_for
                                   ? "a lesson read in settle needs its day, 1..14"
                                   : "only lessons read in settle have a day");
        if (only_if && strcmp(only_if, "leg_pain") != 0)
            return mrx_err_set(err, MRX_EDATA, place, "only_if must be \"leg_pain\"");
        l->leg_pain_only = only_if != NULL;
        c->n_lessons[ph]++;
    }
    return MRX_OK;
}

static int parse_course(json_t *j, struct course_config *c, struct mrx_err *err)
{
    json_t *phases, *v;
    json_error_t je;
    size_t i;

    if (json_unpack_ex(j, &je, JSON_STRICT, "{s:i, s:o, s:s}", "weeks", &c->weeks, "phases",
                       &phases, "citation", &c->citation))
        return unpack_fail(err, "course", &je);
    if (c->weeks < 4 || c->weeks > 52)
        return mrx_err_set(err, MRX_EDATA, "course.weeks", "must be 4..52");
    if (!json_is_array(phases) || json_array_size(phases) != COURSE_PHASES)
        return mrx_err_set(err, MRX_EDATA, "course.phases",
                           "must list settle, build and consolidate");
    json_array_foreach(phases, i, v)
    {
        const char *id;
        char place[32];
        snprintf(place, sizeof(place), "course.phases[%zu]", i);
        json_t *lessons = NULL;
        int rc;
        if (json_unpack_ex(v, &je, JSON_STRICT, "{s:s, s:i, s:s, s?o}", "id", &id, "until_week",
                           &c->until_week[i], "why", &c->why[i], "lessons", &lessons))
            return unpack_fail(err, place, &je);
        if (strcmp(id, phase_names[i]) != 0)
            return mrx_err_set(err, MRX_EDATA, place, "must be '%s' (the phases go in order)",
                               phase_names[i]);
        if (c->until_week[i] < (i ? c->until_week[i - 1] + 1 : 1))
            return mrx_err_set(err, MRX_EDATA, place, "until_week must come after the last");
        if (lessons && (rc = parse_phase_lessons(lessons, c, (int)i, place, err)))
            return rc;
    }
    if (c->until_week[COURSE_PHASES - 1] != c->weeks)
        return mrx_err_set(err, MRX_EDATA, "course.phases", "the last phase must end at week %d",
                           c->weeks);
    return MRX_OK;
}

/* {"citation": "..", "activities": [{"id", "keywords", "walking", "trains", "why"}]} */
static int parse_goals(json_t *j, struct goal_table *g, struct mrx_err *err)
{
    json_t *acts, *v, *words, *trains;
    json_error_t je;
    size_t i;
    int rc;

    if (json_unpack_ex(j, &je, JSON_STRICT, "{s:s, s:o}", "citation", &g->citation, "activities",
                       &acts))
        return unpack_fail(err, "goals", &je);
    if (!json_is_array(acts) || json_array_size(acts) > GOAL_MAX_ACTIVITIES)
        return mrx_err_set(err, MRX_EDATA, "goals.activities", "must be a list of up to %d",
                           GOAL_MAX_ACTIVITIES);
    json_array_foreach(acts, i, v)
    {
        struct goal_activity *a = &g->activities[g->n];
        char place[40];
        int walking = 0;
        snprintf(place, sizeof(place), "goals.activities[%zu]", i);
        if (json_unpack_ex(v, &je, JSON_STRICT, "{s:s, s:o, s:b, s:o, s:s}", "id", &a->id,
                           "keywords", &words, "walking", &walking, "trains", &trains, "why",
                           &a->why))
            return unpack_fail(err, place, &je);
        a->walking = walking;
        if ((rc = string_list(words, a->keywords, GOAL_MAX_WORDS, &a->n_keywords, place, "keywords",
                              err)) ||
            (rc = string_list(trains, a->trains, GOAL_MAX_TRAINS, &a->n_trains, place, "trains",
                              err)))
            return rc;
        if (a->n_keywords == 0 || (a->n_trains == 0 && !a->walking))
            return mrx_err_set(err, MRX_EDATA, place,
                               "needs keywords and something that trains it");
        for (int k = 0; k < a->n_keywords; k++)
            for (const char *c = a->keywords[k]; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    return mrx_err_set(err, MRX_EDATA, place, "keyword '%s' must be lower case",
                                       a->keywords[k]);
        g->n++;
    }
    return MRX_OK;
}

static int parse_discharge(json_t *j, struct discharge_config *d, struct mrx_err *err)
{
    json_error_t je;
    json_t *steps;
    int rc;

    if (json_unpack_ex(j, &je, JSON_STRICT, "{s:i, s:i, s:F, s:F, s:{s:i, s:i, s:i}, s:o, s:s}",
                       "review_week", &d->review_week, "extension_weeks", &d->extension_weeks,
                       "pain_at_most", &d->pain_at_most, "goal_rating_at_least",
                       &d->goal_rating_at_least, "maintenance", "max_exercises",
                       &d->maintenance_max_exercises, "days_per_week",
                       &d->maintenance_days_per_week, "check_in_every_days",
                       &d->check_in_every_days, "flare_plan", &steps, "citation", &d->citation))
        return unpack_fail(err, "discharge", &je);
    if ((rc = string_list(steps, d->flare_plan, DISCHARGE_MAX_FLARE_STEPS, &d->n_flare_plan,
                          "discharge", "flare_plan", err)))
        return rc;
    if (d->review_week < 4 || d->review_week > 52 || d->extension_weeks < 1 ||
        d->extension_weeks > 12 || d->pain_at_most < 0 || d->pain_at_most > 5 ||
        d->goal_rating_at_least < 5 || d->goal_rating_at_least > 10 ||
        d->maintenance_max_exercises < 1 || d->maintenance_max_exercises > PROGRAM_MAX_SLOTS ||
        d->maintenance_days_per_week < 1 || d->maintenance_days_per_week > 7 ||
        d->check_in_every_days < 7 || d->check_in_every_days > 90 || d->n_flare_plan < 3)
        return mrx_err_set(err, MRX_EDATA, "discharge",
                           "a value is out of its safe bounds (docs/plan.md)");
    return MRX_OK;
}

static int parse_root(struct program *p, struct mrx_err *err)
{
    json_t *levels, *slots, *required, *strata, *walking, *course, *goals, *discharge;
    json_error_t je;
    size_t i;
    json_t *v;
    int rc;

    if (json_unpack_ex(
            p->doc, &je, JSON_STRICT, "{s:s, s?:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
            "version", &p->version, "description", &(const char *){NULL}, "starting_levels",
            &levels, "slots", &slots, "required_slots", &required, "strata", &strata, "goals",
            &goals, "discharge", &discharge, "course", &course, "walking", &walking))
        return unpack_fail(err, "", &je);
    if ((rc = parse_levels(levels, p, err)))
        return rc;
    if (!json_is_array(slots) || json_array_size(slots) > PROGRAM_MAX_SLOTS)
        return mrx_err_set(err, MRX_EDATA, "slots", "must be a list of up to %d slots",
                           PROGRAM_MAX_SLOTS);
    json_array_foreach(slots, i, v)
    {
        if ((rc = parse_slot(v, (int)i, &p->slots[i], err)))
            return rc;
        p->n_slots++;
    }
    if ((rc = parse_slot_refs(p, required, "required_slots", p->required, &p->n_required, err)))
        return rc;
    for (int r = 0; r < 3; r++) {
        json_t *sj = json_object_get(strata, stratum_names[r]);
        if (!sj)
            return mrx_err_set(err, MRX_EDATA, "strata", "'%s' is missing", stratum_names[r]);
        if ((rc = parse_stratum(p, sj, r, err)))
            return rc;
    }
    if (json_object_size(strata) != 3)
        return mrx_err_set(err, MRX_EDATA, "strata", "only low, medium and high");
    if ((rc = parse_course(course, &p->course, err)) || (rc = parse_goals(goals, &p->goals, err)) ||
        (rc = parse_discharge(discharge, &p->discharge, err)))
        return rc;
    return parse_walking(walking, &p->walking, err);
}

int program_parse(const char *text, size_t len, const char *source, struct program *out,
                  struct mrx_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = jsonx_parse(text, len, source, MRX_EDATA, &out->doc, err)))
        return rc;
    if ((rc = parse_root(out, err))) {
        program_release(out);
        mrx_err_prefix(err, "%s", source);
    }
    return rc;
}

static bool has_goal(const struct goal_table *g, const char *id)
{
    for (int i = 0; i < g->n; i++)
        if (strcmp(g->activities[i].id, id) == 0)
            return true;
    return false;
}

static bool has_lesson(const char *id, const char *const *ids, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

int program_check(const struct program *p, const struct catalog *cat, const char *const *lesson_ids,
                  int n_lessons, struct mrx_err *err)
{
    for (int i = 0; i < p->n_slots; i++)
        for (int k = 0; k < p->slots[i].n_candidates; k++)
            if (!catalog_find(cat, p->slots[i].candidates[k]))
                return mrx_err_set(err, MRX_EDATA, "program", "slot '%s': no exercise '%s'",
                                   p->slots[i].id, p->slots[i].candidates[k]);
    for (int i = 0; i < p->goals.n; i++)
        for (int k = 0; k < p->goals.activities[i].n_trains; k++)
            if (!catalog_find(cat, p->goals.activities[i].trains[k]))
                return mrx_err_set(err, MRX_EDATA, "program", "goal '%s': no exercise '%s'",
                                   p->goals.activities[i].id, p->goals.activities[i].trains[k]);
    for (int r = 0; r < 3; r++) {
        const struct stratum_config *s = &p->strata[r];
        if (s->max_exercises < p->n_required + s->n_required)
            return mrx_err_set(err, MRX_EDATA, "program",
                               "stratum '%s': max_exercises is below the required slots",
                               stratum_names[r]);
        for (int i = 0; i < s->n_lessons; i++)
            if (!has_lesson(s->lessons[i], lesson_ids, n_lessons))
                return mrx_err_set(err, MRX_EDATA, "program", "stratum '%s': no lesson '%s'",
                                   stratum_names[r], s->lessons[i]);
    }
    for (int ph = 0; ph < COURSE_PHASES; ph++) {
        const struct course_config *c = &p->course;
        for (int i = 0; i < c->n_lessons[ph]; i++) {
            const struct course_lesson *l = &c->lessons[ph][i];
            if (!has_lesson(l->lesson, lesson_ids, n_lessons))
                return mrx_err_set(err, MRX_EDATA, "program", "course phase '%s': no lesson '%s'",
                                   phase_names[ph], l->lesson);
            for (int k = 0; k < l->n_early_for; k++)
                if (!has_goal(&p->goals, l->early_for[k]))
                    return mrx_err_set(err, MRX_EDATA, "program",
                                       "course lesson '%s': no goal '%s'", l->lesson,
                                       l->early_for[k]);
        }
    }
    return MRX_OK;
}

void program_release(struct program *p)
{
    json_decref(p->doc);
    memset(p, 0, sizeof(*p));
}
