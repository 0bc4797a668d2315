/*
 * intake.c: parsing and checking an intake document (see intake.h and
 * docs/intake.md). Every error names the field, with its path.
 */
#include "compat.h"

#include "common/jsonx.h"
#include "common/xalloc.h"
#include "core/plan/intake.h"
#include "core/plan/week.h"

#define MAX_WALKING_MINUTES 600
#define MAX_ACTIVITY_NAME 200

static const char *const intake_keys[] = {
    "red_flags",
    "age",
    "pain_now",
    "pain_week_average",
    "duration_weeks",
    "leg_pain",
    "startback",
    "odi",
    "rmdq",
    "psfs",
    "walking_minutes_per_day",
    "availability",
    "preferences",
    "pregnant",
    NULL,
};

bool intake_is_field(const char *key)
{
    for (const char *const *k = intake_keys; *k; k++)
        if (strcmp(*k, key) == 0)
            return true;
    return false;
}

static int bad(struct mrx_err *err, const char *field, const char *why)
{
    return mrx_err_set(err, MRX_EINVAL, field, "%s", why);
}

/* A required or optional integer in [lo, hi]. *present says whether it was given. */
static int get_int(const json_t *obj, const char *key, const char *field, long lo, long hi,
                   bool required, long *out, bool *present, struct mrx_err *err)
{
    const json_t *v = json_object_get(obj, key);

    *present = v && !json_is_null(v);
    if (!*present)
        return required ? bad(err, field, "is required") : MRX_OK;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return mrx_err_set(err, MRX_EINVAL, field, "must be a whole number %ld..%ld", lo, hi);
    *out = (long)json_integer_value(v);
    return MRX_OK;
}

/* A number in [0, 10]: a pain rating or a PSFS rating. */
static int get_rating(const json_t *v, const char *field, double *out, struct mrx_err *err)
{
    if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 10)
        return bad(err, field, "must be a number 0..10");
    *out = json_number_value(v);
    return MRX_OK;
}

static int get_bool(const json_t *obj, const char *key, const char *field, bool dflt, bool *out,
                    struct mrx_err *err)
{
    const json_t *v = json_object_get(obj, key);

    if (!v || json_is_null(v)) {
        *out = dflt;
        return MRX_OK;
    }
    if (!json_is_boolean(v))
        return bad(err, field, "must be true or false");
    *out = json_is_true(v);
    return MRX_OK;
}

/* ==================== Questionnaire answers ==================== */

int odi_answers_from_json(const json_t *arr, unsigned out[ODI_SECTIONS], struct mrx_err *err)
{
    struct odi_result r;
    char field[32];

    memset(out, 0, ODI_SECTIONS * sizeof(out[0]));
    if (!json_is_array(arr) || json_array_size(arr) != ODI_SECTIONS)
        return bad(err, "odi", "must be a list of 10 answers (0..5 or null)");
    for (int i = 0; i < ODI_SECTIONS; i++) {
        const json_t *v = json_array_get(arr, (size_t)i);
        snprintf(field, sizeof(field), "odi[%d]", i);
        if (json_is_null(v))
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 5)
            return bad(err, field, "must be 0..5 or null");
        out[i] = 1u << json_integer_value(v);
    }
    if (odi_score(out, &r, err))
        return mrx_err_recast(err, MRX_EINVAL, "odi");
    return MRX_OK;
}

int rmdq_answers_from_json(const json_t *arr, long out[RMDQ_ITEMS], int *n, struct mrx_err *err)
{
    int score;
    char field[32];

    *n = 0;
    if (!json_is_array(arr) || json_array_size(arr) > RMDQ_ITEMS)
        return bad(err, "rmdq", "must be a list of ticked item numbers 1..24");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *v = json_array_get(arr, i);
        snprintf(field, sizeof(field), "rmdq[%zu]", i);
        if (!json_is_integer(v))
            return bad(err, field, "must be an item number 1..24");
        out[(*n)++] = (long)json_integer_value(v);
    }
    if (rmdq_score(out, *n, &score, err))
        return mrx_err_recast(err, MRX_EINVAL, "rmdq");
    return MRX_OK;
}

static int psfs_entry(const json_t *e, int i, struct psfs_activity *out, struct mrx_err *err)
{
    static const char *const keys[] = {"activity", "rating", NULL};
    const json_t *name = json_object_get(e, "activity");
    char field[40];
    int rc;

    snprintf(field, sizeof(field), "psfs[%d]", i);
    if (!json_is_object(e))
        return bad(err, field, "must be {\"activity\": ..., \"rating\": 0..10}");
    if (jsonx_check_keys(e, keys, field, err))
        return mrx_err_recast(err, MRX_EINVAL, field);
    snprintf(field, sizeof(field), "psfs[%d].activity", i);
    if (!json_is_string(name) || json_string_length(name) == 0 ||
        json_string_length(name) > MAX_ACTIVITY_NAME)
        return bad(err, field, "must be a name of 1 to 200 characters");
    snprintf(field, sizeof(field), "psfs[%d].rating", i);
    if (!json_object_get(e, "rating"))
        return bad(err, field, "is required");
    if ((rc = get_rating(json_object_get(e, "rating"), field, &out->rating, err)))
        return rc;
    out->activity = xstrdup(json_string_value(name));
    return MRX_OK;
}

int psfs_answers_from_json(const json_t *arr, struct psfs_activity out[PSFS_MAX_ACTIVITIES], int *n,
                           struct mrx_err *err)
{
    int rc;

    *n = 0;
    if (!json_is_array(arr) || json_array_size(arr) < 1 ||
        json_array_size(arr) > PSFS_MAX_ACTIVITIES)
        return bad(err, "psfs", "must be a list of 1 to 5 activities");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        if ((rc = psfs_entry(json_array_get(arr, i), (int)i, &out[i], err))) {
            psfs_answers_release(out, *n);
            *n = 0;
            return rc;
        }
        (*n)++;
    }
    return MRX_OK;
}

void psfs_answers_release(struct psfs_activity *a, int n)
{
    for (int i = 0; i < n; i++) {
        free(a[i].activity);
        a[i].activity = NULL;
    }
}

/* ==================== The intake ==================== */

static int parse_pain(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    const json_t *now = json_object_get(doc, "pain_now");
    const json_t *avg = json_object_get(doc, "pain_week_average");
    int rc;

    if (!now || json_is_null(now))
        return bad(err, "pain_now", "is required");
    if ((rc = get_rating(now, "pain_now", &in->pain_now, err)))
        return rc;
    in->has_pain_week_average = avg && !json_is_null(avg);
    if (in->has_pain_week_average)
        return get_rating(avg, "pain_week_average", &in->pain_week_average, err);
    return MRX_OK;
}

static int parse_startback(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    const json_t *arr = json_object_get(doc, "startback");
    struct startback_result r;
    char field[32];

    if (!arr || json_is_null(arr))
        return bad(err, "startback", "is required");
    if (!json_is_array(arr) || json_array_size(arr) != STARTBACK_ITEMS)
        return bad(err, "startback", "must be a list of 9 answers");
    for (int i = 0; i < STARTBACK_ITEMS; i++) {
        const json_t *v = json_array_get(arr, (size_t)i);
        long hi = i == 8 ? 4 : 1;
        snprintf(field, sizeof(field), "startback[%d]", i);
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > hi)
            return mrx_err_set(err, MRX_EINVAL, field, "must be a whole number 0..%ld", hi);
        in->startback[i] = (long)json_integer_value(v);
    }
    return startback_score(in->startback, &r, err); /* cannot fail after the checks above */
}

static int parse_disability(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    const json_t *odi = json_object_get(doc, "odi"), *rmdq = json_object_get(doc, "rmdq");
    bool has_odi = odi && !json_is_null(odi), has_rmdq = rmdq && !json_is_null(rmdq);
    int rc;

    if (has_odi && has_rmdq)
        return bad(err, "rmdq", "give odi or rmdq, not both");
    if (has_odi) {
        if ((rc = odi_answers_from_json(odi, in->odi, err)))
            return rc;
        in->disability = DISABILITY_ODI;
    } else if (has_rmdq) {
        if ((rc = rmdq_answers_from_json(rmdq, in->rmdq, &in->n_rmdq, err)))
            return rc;
        in->disability = DISABILITY_RMDQ;
    }
    return MRX_OK;
}

static int parse_psfs(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    const json_t *arr = json_object_get(doc, "psfs");

    if (!arr || json_is_null(arr))
        return MRX_OK;
    return psfs_answers_from_json(arr, in->psfs, &in->n_psfs, err);
}

/* "days" (or "pool_days"): weekdays, each once ("mon".."sun"). */
static int parse_days(const json_t *arr, const char *name, unsigned *out, struct mrx_err *err)
{
    const json_t *v;
    size_t i;

    *out = 0;
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > WEEK_DAYS)
        return bad(err, name, "must be a list of 1 to 7 days, like [\"mon\", \"thu\"]");
    json_array_foreach(arr, i, v)
    {
        char field[48];
        int d;
        snprintf(field, sizeof(field), "%s[%zu]", name, i);
        if (!weekday_from_name(json_string_value(v), &d))
            return bad(err, field, "must be one of mon, tue, wed, thu, fri, sat, sun");
        if (*out & (1u << d))
            return bad(err, field, "is given twice");
        *out |= 1u << d;
    }
    return MRX_OK;
}

/*
 * availability: the minutes a day and either the days themselves ("days",
 * program v2) or only how many ("days_per_week", still read); both may be
 * given when they agree.
 */
static int parse_availability(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    static const char *const keys[] = {"minutes_per_day", "days", "days_per_week", "pool_days",
                                       NULL};
    const json_t *a = json_object_get(doc, "availability"), *days_j, *pool_j;
    long minutes = 0, days = 0;
    bool present;
    int rc;

    if (!a || json_is_null(a))
        return bad(err, "availability", "is required");
    if (!json_is_object(a))
        return bad(err, "availability",
                   "must be {\"days\": [\"mon\", ...], \"minutes_per_day\": N}");
    if (jsonx_check_keys(a, keys, "availability", err))
        return mrx_err_recast(err, MRX_EINVAL, "availability");
    days_j = json_object_get(a, "days");
    if (days_j && json_is_null(days_j))
        days_j = NULL;
    if ((rc = get_int(a, "minutes_per_day", "availability.minutes_per_day",
                      INTAKE_MIN_MINUTES_PER_DAY, 240, true, &minutes, &present, err)) ||
        (rc = get_int(a, "days_per_week", "availability.days_per_week", 1, 7, !days_j, &days,
                      &present, err)))
        return rc;
    if (days_j) {
        if ((rc = parse_days(days_j, "availability.days", &in->days, err)))
            return rc;
        if (present && days != week_count(in->days))
            return bad(err, "availability.days_per_week", "does not match the days given");
        days = week_count(in->days);
    }
    pool_j = json_object_get(a, "pool_days");
    if (pool_j && !json_is_null(pool_j)) {
        if (!days_j)
            return bad(err, "availability.pool_days",
                       "needs the days themselves in availability.days");
        if ((rc = parse_days(pool_j, "availability.pool_days", &in->pool_days, err)))
            return rc;
        if (in->pool_days & ~in->days)
            return bad(err, "availability.pool_days",
                       "must be some of the days in availability.days");
    }
    in->minutes_per_day = (int)minutes;
    in->days_per_week = (int)days;
    return MRX_OK;
}

static int parse_preferences(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    static const char *const keys[] = {"walking",       "pool_access",        "yoga", "tai_chi",
                                       "gym_equipment", "floor_exercises_ok", NULL};
    const json_t *p = json_object_get(doc, "preferences");
    struct intake_preferences *pr = &in->preferences;
    int rc;

    if (p && !json_is_null(p) && !json_is_object(p))
        return bad(err, "preferences", "must be an object of true/false values");
    if (p && json_is_object(p) && jsonx_check_keys(p, keys, "preferences", err))
        return mrx_err_recast(err, MRX_EINVAL, "preferences");
    if ((rc = get_bool(p, "walking", "preferences.walking", true, &pr->walking, err)) ||
        (rc =
             get_bool(p, "pool_access", "preferences.pool_access", false, &pr->pool_access, err)) ||
        (rc = get_bool(p, "yoga", "preferences.yoga", false, &pr->yoga, err)) ||
        (rc = get_bool(p, "tai_chi", "preferences.tai_chi", false, &pr->tai_chi, err)) ||
        (rc = get_bool(p, "gym_equipment", "preferences.gym_equipment", false, &pr->gym_equipment,
                       err)) ||
        (rc = get_bool(p, "floor_exercises_ok", "preferences.floor_exercises_ok", true,
                       &pr->floor_exercises_ok, err)))
        return rc;
    return MRX_OK;
}

/* red_flags (optional) with the top-level age as the fallback age. */
static int parse_red_flags(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    const json_t *rf = json_object_get(doc, "red_flags");
    size_t age_ix = (size_t)(answer_field_find("age") - answer_fields());
    long age = 0;
    int rc;

    if (rf && !json_is_null(rf) &&
        (rc = triage_answers_from_json(rf, "red_flags.", &in->red_flags, err)))
        return rc;
    if ((rc = get_int(doc, "age", "age", 0, 120, false, &age, &in->has_age, err)))
        return rc;
    in->age = (int)age;
    if (in->has_age && !in->red_flags.present[age_ix]) {
        in->red_flags.present[age_ix] = true;
        in->red_flags.value[age_ix] = (double)age;
    }
    return MRX_OK;
}

static int parse_body(const json_t *doc, struct intake *in, struct mrx_err *err)
{
    long weeks = 0, walking = 0;
    bool present;
    int rc;

    if ((rc = parse_red_flags(doc, in, err)) || (rc = parse_pain(doc, in, err)) ||
        (rc = get_int(doc, "duration_weeks", "duration_weeks", 0, MAX_DURATION_WEEKS, true, &weeks,
                      &present, err)) ||
        (rc = get_bool(doc, "leg_pain", "leg_pain", false, &in->leg_pain, err)) ||
        (rc = parse_startback(doc, in, err)) || (rc = parse_disability(doc, in, err)) ||
        (rc = parse_psfs(doc, in, err)) ||
        (rc = get_int(doc, "walking_minutes_per_day", "walking_minutes_per_day", 0,
                      MAX_WALKING_MINUTES, false, &walking, &present, err)) ||
        (rc = parse_availability(doc, in, err)) || (rc = parse_preferences(doc, in, err)) ||
        (rc = get_bool(doc, "pregnant", "pregnant", false, &in->pregnant, err)))
        return rc;
    if (in->pool_days && !in->preferences.pool_access)
        return bad(err, "availability.pool_days", "needs preferences.pool_access to be true");
    in->duration_weeks = (int)weeks;
    in->walking_minutes_per_day = (int)walking;
    return MRX_OK;
}

int intake_from_json(const json_t *doc, struct intake *out, struct mrx_err *err)
{
    const char *key;
    json_t *v;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(doc))
        return bad(err, "intake", "must be a JSON object");
    json_object_foreach((json_t *)doc, key, v)
    {
        bool known = false;
        (void)v;
        for (const char *const *k = intake_keys; *k && !known; k++)
            known = strcmp(*k, key) == 0;
        if (!known)
            return mrx_err_set(err, MRX_EINVAL, key, "unknown field");
    }
    rc = parse_body(doc, out, err);
    if (rc)
        intake_release(out);
    return rc;
}

void intake_release(struct intake *in)
{
    psfs_answers_release(in->psfs, in->n_psfs);
    memset(in, 0, sizeof(*in));
}

enum chronicity intake_chronicity(const struct intake *in)
{
    if (in->duration_weeks < 6)
        return CHRONICITY_ACUTE;
    return in->duration_weeks <= 12 ? CHRONICITY_SUBACUTE : CHRONICITY_CHRONIC;
}

const char *chronicity_name(enum chronicity c)
{
    static const char *const names[] = {"acute", "subacute", "chronic"};
    return names[c];
}

bool intake_disability_percent(const struct intake *in, double *out)
{
    struct odi_result r;

    if (in->disability == DISABILITY_ODI && odi_score(in->odi, &r, NULL) == MRX_OK) {
        *out = r.percent;
        return true;
    }
    if (in->disability == DISABILITY_RMDQ) {
        *out = in->n_rmdq * 100.0 / RMDQ_ITEMS;
        return true;
    }
    return false;
}
