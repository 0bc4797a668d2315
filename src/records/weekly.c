/*
 * weekly.c: the patient's weekly review (CONTRACT.md "Reminders and the
 * weekly review"; the words come from core/outcomes/weekly.c).
 *
 * The week is the Monday-to-Sunday week holding the day, counted through the
 * day: on demand mid-week it is the week so far; the Monday review asks for
 * the day before.
 */
#include "compat.h"

#include <math.h>

#include "common/numfmt.h"
#include "common/xalloc.h"
#include "core/outcomes/weekly.h"
#include "core/plan/week.h"
#include "records/internal.h"

struct weekly_acc {
    long day, week_start;
    long first_monday; /* of the episode's first week */
    long n_weeks;      /* calendar weeks from the first through the reviewed one */
    long *done, *planned;
    struct week_facts f;
    double pain_sum, pain_sum_before;
    json_t *feel, *get; /* word -> days used this week */
    bool session_today;
    bool walk_logged[7]; /* the days of the week a check-in gave the minutes walked */
};

static long week_index(const struct weekly_acc *a, long day)
{
    return (day - a->first_monday) / 7;
}

/* Adds a day to each word of a check-in's list; how many words it held. */
static size_t count_words(json_t *days, const char *stored)
{
    json_t *list = NULL, *w;
    size_t k, n;

    if (!stored || stored_json(stored, "check-in", &list, NULL))
        return 0;
    json_array_foreach(list, k, w)
    {
        const char *word = json_string_value(w);
        if (word)
            json_object_set_new(days, word,
                                json_integer(json_integer_value(json_object_get(days, word)) + 1));
    }
    n = json_array_size(list);
    json_decref(list);
    return n;
}

static int take_checkin(const struct checkin_rec *ci, void *arg)
{
    struct weekly_acc *a = arg;

    if (ci->day < a->week_start) {
        a->f.checkins_before++;
        a->pain_sum_before += ci->pain;
        return MRX_OK;
    }
    a->f.checkins++;
    a->pain_sum += ci->pain;
    a->f.flare_days += ci->flare;
    if (ci->walk_minutes != CHECKIN_NONE) {
        a->f.walking_minutes += ci->walk_minutes;
        if (ci->day < a->week_start + 7)
            a->walk_logged[ci->day - a->week_start] = true;
    }
    if (count_words(a->feel, ci->feel_better) > 0)
        a->f.feel_days++;
    count_words(a->get, ci->get_better);
    return MRX_OK;
}

/* The minutes of a walk ticked in a session (its dose: minutes times bouts), or 0. */
static int session_walk_minutes(const char *items)
{
    json_t *list = NULL, *it;
    size_t k;
    long minutes = 0;

    if (!items || stored_json(items, "session", &list, NULL))
        return 0;
    json_array_foreach(list, k, it)
    {
        const json_t *dose = json_object_get(it, "dose");
        const char *item = json_string_value(json_object_get(it, "item"));
        if (item && strcmp(item, "walking") == 0 && json_is_true(json_object_get(it, "done")))
            minutes = json_integer_value(json_object_get(dose, "minutes")) *
                      (json_integer_value(json_object_get(dose, "bouts")) > 0
                           ? json_integer_value(json_object_get(dose, "bouts"))
                           : 1);
    }
    json_decref(list);
    return minutes > 0 && minutes < 1440 ? (int)minutes : 0;
}

static int take_session(const struct session_rec *s, void *arg)
{
    struct weekly_acc *a = arg;
    long w = week_index(a, s->day);

    /* a walk ticked in a session counts, on a day no check-in gave its minutes */
    if (s->day >= a->week_start && s->day < a->week_start + 7 &&
        !a->walk_logged[s->day - a->week_start])
        a->f.walking_minutes += session_walk_minutes(s->items);

    if (w >= 0 && w < a->n_weeks)
        a->done[w]++;
    a->session_today |= s->day == a->day;
    return MRX_OK;
}

static void take_planned(long day, void *arg)
{
    struct weekly_acc *a = arg;
    long w = week_index(a, day);

    /* today is not missed until it is over: planned once done, or tomorrow */
    if (day == a->day && !a->f.complete && !a->session_today)
        return;
    if (w >= 0 && w < a->n_weeks)
        a->planned[w]++;
}

/*
 * Whole weeks in a row with every planned session, back from the reviewed
 * week: a week not over yet neither counts nor breaks the run, nor does one
 * with nothing planned (a pause the care team set).
 */
static int streak(const struct weekly_acc *a)
{
    int n = 0;

    for (long w = a->n_weeks - 1; w >= 0; w--) {
        if (w == a->n_weeks - 1 && !a->f.complete)
            continue;
        if (a->planned[w] == 0)
            continue;
        if (a->done[w] < a->planned[w])
            break;
        n++;
    }
    return n;
}

/* The words used this week, most days first (ties in the order of the check-in's list). */
static json_t *by_days(json_t *days, const char *const *words)
{
    json_t *out = json_array();
    json_int_t most = 0;

    for (const char *const *w = words; *w; w++)
        if (json_integer_value(json_object_get(days, *w)) > most)
            most = json_integer_value(json_object_get(days, *w));
    for (json_int_t n = most; n > 0; n--)
        for (const char *const *w = words; *w; w++)
            if (json_integer_value(json_object_get(days, *w)) == n)
                json_array_append_new(out, json_string(*w));
    return out;
}

static json_t *review_json(struct weekly_acc *a, const struct episode_ctx *c)
{
    json_t *feel = by_days(a->feel, checkin_feel_better_words());
    json_t *get = by_days(a->get, checkin_get_better_words());
    char summary[400], pain[240], streak_words[120], care[160];
    long w = a->n_weeks - 1;
    enum weekly_trend t;

    a->f.sessions_done = w >= 0 ? (int)a->done[w] : 0;
    a->f.sessions_planned = w >= 0 ? (int)a->planned[w] : 0;
    a->f.pain_mean = a->f.checkins ? a->pain_sum / a->f.checkins : 0;
    a->f.pain_mean_before = a->f.checkins_before ? a->pain_sum_before / a->f.checkins_before : 0;
    a->f.feel_words[0] = json_string_value(json_array_get(feel, 0));
    a->f.feel_words[1] = json_string_value(json_array_get(feel, 1));
    a->f.streak_weeks = w >= 0 ? streak(a) : 0;
    a->f.medication_days = (int)json_integer_value(json_object_get(a->feel, "medication"));
    a->f.high_pain_weeks = a->f.checkins && a->f.pain_mean >= 7
                               ? 1 + (a->f.checkins_before && a->f.pain_mean_before >= 7)
                               : 0;
    t = weekly_trend(&a->f);
    weekly_summary(&a->f, summary, sizeof(summary));
    weekly_pain_words(&a->f, pain, sizeof(pain));
    weekly_streak_words(&a->f, streak_words, sizeof(streak_words));
    weekly_care_words(&a->f, care, sizeof(care));
    static const char *const program_names[] = {"running", "paused", "stopped", "not_started"};
    json_t *out = json_pack(
        "{ss, so, so, so, sb, si, si, si, s{so, so, si, so, ss}, so, sO, so, sO, si, ss, ss}",
        "patient", c->patient.id, "week_start", json_date(a->week_start), "week_end",
        json_date(a->week_start + 6), "through", json_date(a->day), "complete", a->f.complete,
        "sessions_done", a->f.sessions_done, "sessions_planned", a->f.sessions_planned,
        "walking_minutes", a->f.walking_minutes, "pain", "mean",
        a->f.checkins ? json_real(mrx_round_half_up(a->f.pain_mean, 1)) : json_null(),
        "previous_mean",
        a->f.checkins_before ? json_real(mrx_round_half_up(a->f.pain_mean_before, 1)) : json_null(),
        "checkins", a->f.checkins, "trend",
        weekly_trend_name(t) ? json_string(weekly_trend_name(t)) : json_null(), "words", pain,
        "feel_better", feel, "feel_better_days", a->feel, "get_better", get, "get_better_days",
        a->get, "streak_weeks", a->f.streak_weeks, "streak", streak_words, "summary", summary);
    json_object_set_new(out, "program", json_string(program_names[a->f.program]));
    json_object_set_new(out, "flare_days", json_integer(a->f.flare_days));
    json_object_set_new(out, "care", json_string(care));
    return out;
}

int records_weekly(const struct records *r, const char *patient_id, long day, json_t **out,
                   struct mrx_err *err)
{
    struct episode_ctx c;
    struct weekly_acc a = {.day = day};
    int rc;

    a.feel = json_object();
    a.get = json_object();
    if ((rc = episode_load(r, patient_id, true, &c, err)))
        goto out;
    a.week_start = day - weekday_of(day);
    a.f.complete = day >= a.week_start + 6;
    a.first_monday = c.ep.start_day - weekday_of(c.ep.start_day);
    a.n_weeks = day >= c.ep.start_day ? week_index(&a, day) + 1 : 0;
    /* where the program stands decides what the review may ask for */
    a.f.program = day < c.ep.start_day || c.ep.status == EPISODE_NOT_STARTED        ? WEEK_NOT_YET
                  : c.ep.status == EPISODE_PAUSED                                   ? WEEK_PAUSED
                  : c.ep.status == EPISODE_STOPPED || c.ep.status == EPISODE_CLOSED ? WEEK_STOPPED
                                                                                    : WEEK_RUNNING;
    a.done = xcalloc((size_t)a.n_weeks + 1, sizeof(long));
    a.planned = xcalloc((size_t)a.n_weeks + 1, sizeof(long));
    if ((rc = audit(r, c.ep.org_id, "weekly.read", c.patient.id, err)) ||
        (rc = store_checkins_each(r->store, c.ep.org_id, c.ep.id, a.week_start - 7, day,
                                  take_checkin, &a, err)) ||
        (rc = store_sessions_each(r->store, c.ep.org_id, c.ep.id, c.ep.start_day, day, take_session,
                                  &a, err)) ||
        (a.n_weeks > 0 &&
         (rc = planned_days_each(r, &c, c.ep.start_day, day, take_planned, &a, err))))
        goto out;
    /* in a flare now (reported, or found by the engine), in the latest week */
    if (c.has_state && c.state.flare_active && a.f.flare_days == 0 &&
        a.week_start + 6 >= c.ep.reviewed_through)
        a.f.flare_days = 1;
    *out = review_json(&a, &c);
out:
    free(a.done);
    free(a.planned);
    episode_release(&c);
    json_decref(a.feel);
    json_decref(a.get);
    return rc;
}
