/*
 * journey_print.c: the patient journey for people (see journey_print.h).
 * Anything urgent comes first, in the words the rules give.
 */
#include "compat.h"

#include "cli/journey_print.h"
#include "core/plan/week.h"
#include "formats/adapt_state_json.h"
#include "formats/exercise_json.h"

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static long num(const json_t *o, const char *key)
{
    return (long)json_integer_value(json_object_get(o, key));
}

static void dose_text(const json_t *dose, char *buf, size_t size)
{
    struct dose d;
    if (dose_parse(dose, "dose", &d, NULL) == MRX_OK)
        dose_describe(&d, false, buf, size);
    else
        snprintf(buf, size, "-");
}

void print_triage_first(const json_t *triage)
{
    const char *tier = str(triage, "tier");
    json_t *first = json_array_get(json_object_get(triage, "reasons"), 0);

    if (first && (strcmp(tier, "emergency") == 0 || strcmp(tier, "urgent") == 0))
        printf("%s\n\n", str(first, "message"));
}

void print_triage_rest(const json_t *triage, const char *before)
{
    const char *tier = str(triage, "tier");
    bool serious = strcmp(tier, "emergency") == 0 || strcmp(tier, "urgent") == 0;
    json_t *v;
    size_t k;
    int shown = 0;

    json_array_foreach(json_object_get(triage, "reasons"), k, v)
    {
        if ((serious && k == 0) ||
            (strcmp(str(v, "tier"), tier) != 0 && strcmp(str(v, "group"), "psychosocial") != 0))
            continue; /* a yellow flag's safety net (the crisis line) is always shown */
        printf("%s- %s\n", shown++ ? "" : before, str(v, "message"));
    }
}

/* The reasons a program is held, each in its rule's words. */
static void print_reasons(const json_t *reasons)
{
    json_t *v;
    size_t k;

    json_array_foreach((json_t *)reasons, k, v) printf("- %s\n", str(v, "message"));
}

/* "     For your goals: gardening, carrying shopping" when an item trains any. */
static void print_goals_line(const json_t *goals)
{
    json_t *g;
    size_t k;

    if (!json_array_size(goals))
        return;
    printf("     For your goal%s:", json_array_size(goals) == 1 ? "" : "s");
    json_array_foreach((json_t *)goals, k, g) printf("%s %s", k ? "," : "", json_string_value(g));
    printf("\n");
}

static void print_items(const json_t *items)
{
    json_t *it;
    size_t k;
    char dose[128];

    json_array_foreach((json_t *)items, k, it)
    {
        if (*str(it, "text")) /* the dose in words, with "each side" */
            snprintf(dose, sizeof(dose), "%s", str(it, "text"));
        else
            dose_text(json_object_get(it, "dose"), dose, sizeof(dose));
        printf("  %zu. %s: %s\n", k + 1, str(it, "name"), dose);
        if (*str(it, "caution")) /* the library's words for the person's condition */
            printf("     Take care: %s\n", str(it, "caution"));
        if (*str(it, "flare_note")) /* in a flare: the exercise's own advice for one */
            printf("     %s\n", str(it, "flare_note"));
        if (json_array_size(json_object_get(it, "routine"))) {
            json_t *move;
            size_t m;
            printf("     The moves, in order:\n");
            json_array_foreach(json_object_get(it, "routine"), m, move)
            {
                if (json_is_true(json_object_get(move, "skip")))
                    printf("     %c. %s: skip this one for now. %s\n", (int)('a' + m),
                           str(move, "name"), str(move, "caution"));
                else
                    printf("     %c. %s: %s%s%s\n", (int)('a' + m), str(move, "name"),
                           str(move, "text"), *str(move, "caution") ? ". " : "",
                           str(move, "caution"));
            }
        }
        print_goals_line(json_object_get(it, "goals"));
    }
}

static void print_walking(const json_t *w)
{
    if (!json_is_object(w))
        return;
    printf("Walking: %ld walk%s of %ld minutes.\n", num(w, "bouts"),
           num(w, "bouts") == 1 ? "" : "s", num(w, "minutes"));
    print_goals_line(json_object_get(w, "goals"));
}

void print_intake(const json_t *out)
{
    const json_t *plan = json_object_get(out, "plan");

    print_triage_first(json_object_get(out, "triage"));
    print_triage_rest(json_object_get(out, "triage"), "");
    if (strcmp(str(out, "status"), "not_started") == 0) {
        printf("No exercise plan was made.\n");
        return;
    }
    if (!json_is_object(plan)) {
        printf("There is no exercise plan until a doctor has seen you.\n");
        return;
    }
    if (strcmp(str(out, "status"), "paused") == 0) {
        /* paused: no exercises to show until a clinician clears it */
        printf("Your plan is ready, but your exercises are paused until your care team has "
               "checked what you told us. Until then, keep gently active in ways that feel "
               "OK.\n\nPatient id: %s\n",
               str(out, "patient"));
        return;
    }
    printf("Your plan starts on %s.\n\nExercises:\n", str(out, "start"));
    print_items(json_object_get(plan, "items"));
    printf("\n");
    print_walking(json_object_get(plan, "walking"));
    printf("\n");
    print_week(plan);
    printf("\nWhy this plan:\n%s\n\nPatient id: %s\n", str(plan, "explanation"),
           str(out, "patient"));
}

/* An item's name in a plan: its "name", or its exercise id. */
static const char *item_title(const json_t *plan, const char *id)
{
    json_t *it;
    size_t k;

    json_array_foreach(json_object_get(plan, "items"), k, it)
    {
        if (strcmp(str(it, "exercise"), id) == 0 && *str(it, "name"))
            return str(it, "name");
    }
    return id;
}

void print_week(const json_t *plan)
{
    const json_t *schedule = json_object_get(plan, "schedule");
    const char *day;
    json_t *list, *v;
    size_t k;

    if (!json_is_object(schedule))
        return;
    printf("Your week:\n");
    json_object_foreach((json_t *)schedule, day, list)
    {
        int wd = 0;
        printf("  %s:", weekday_from_name(day, &wd) ? weekday_long_name(wd) : day);
        json_array_foreach(list, k, v)
        {
            const json_t *walk = json_object_get(v, "walk");
            if (walk)
                printf("%s walk (%ld x %ld min)", k ? "," : "", num(walk, "bouts"),
                       num(walk, "minutes"));
            else
                printf("%s %s", k ? "," : "", item_title(plan, str(v, "exercise")));
        }
        printf("\n");
    }
    if (json_object_size(schedule) < 7)
        printf("Other days are rest days.\n");
}

static void print_changes(const json_t *changes)
{
    json_t *v;
    size_t k;

    json_array_foreach((json_t *)changes, k, v)
        printf("Changed on %s: %s\n", str(v, "date"), str(v, "reason"));
}

static void print_rest_of_week(const json_t *rest)
{
    json_t *d;
    size_t k;

    if (!json_array_size(rest))
        return;
    printf("The rest of this week:\n");
    json_array_foreach((json_t *)rest, k, d)
    {
        size_t n = json_array_size(json_object_get(d, "items"));
        bool walk = json_is_true(json_object_get(d, "walk"));
        int wd = 0;
        const char *name =
            weekday_from_name(str(d, "weekday"), &wd) ? weekday_long_name(wd) : str(d, "weekday");
        if (!n && !walk)
            printf("  %s %s: rest\n", name, str(d, "date"));
        else if (!n)
            printf("  %s %s: a walk\n", name, str(d, "date"));
        else { /* what the day holds, by name: a pool day or a tai chi day shows as one */
            json_t *it;
            size_t m;
            printf("  %s %s: ", name, str(d, "date"));
            json_array_foreach(json_object_get(d, "items"), m, it)
                printf("%s%s", m ? ", " : "", json_string_value(it));
            printf("%s\n", walk ? ", and a walk" : "");
        }
    }
}

void print_today(const json_t *out)
{
    const char *status = str(out, "status");
    const json_t *lesson = json_object_get(out, "lesson");

    if (strcmp(status, "stopped") == 0 || strcmp(status, "not_started") == 0 ||
        strcmp(status, "paused") == 0) {
        printf("%s\n", str(out, "message"));
        print_reasons(json_object_get(out, "reasons"));
        if (strcmp(status, "paused") == 0)
            printf("Check-ins still go on (moverx checkin).\n");
        return;
    }
    print_changes(json_object_get(out, "changes"));
    if (json_array_size(json_object_get(out, "changes")))
        printf("\n");
    if (json_is_object(json_object_get(out, "discharge_review")))
        printf("Week %ld, day %ld (%s). %s\n", num(out, "week"), num(out, "day_of_week"),
               str(out, "phase"), str(json_object_get(out, "discharge_review"), "why"));
    else if (json_is_integer(json_object_get(out, "week")) &&
             num(out, "week") > num(out, "program_weeks"))
        printf("Week %ld, day %ld: the %ld-week course is done; its review comes %s.\n",
               num(out, "week"), num(out, "day_of_week"), num(out, "program_weeks"),
               json_is_true(json_object_get(out, "followup_due"))
                   ? "after your check-up (it looks at its answers)"
                   : "with your next check-in");
    else if (json_is_integer(json_object_get(out, "week")))
        printf("Week %ld of %ld, day %ld (%s).\n", num(out, "week"), num(out, "program_weeks"),
               num(out, "day_of_week"), str(out, "phase"));
    if (strcmp(status, "rest_day") == 0 ||
        (strcmp(status, "discharged") == 0 && !json_array_size(json_object_get(out, "items")) &&
         !json_is_object(json_object_get(out, "walking")))) {
        printf("%s: a rest day. A short walk is still good for your back.\n", str(out, "date"));
    } else {
        printf("Today, %s%s:\n", str(out, "date"),
               json_is_true(json_object_get(out, "flare")) ? " (flare plan: gentler for a few days)"
                                                           : "");
        print_items(json_object_get(out, "items"));
        print_walking(json_object_get(out, "walking"));
        if (json_is_true(json_object_get(out, "pool_instead_of_walk")))
            printf("Today the pool takes the place of your walk.\n");
    }
    printf("Movement breaks: %ld today.\n", num(out, "movement_breaks_per_day"));
    if (json_is_object(lesson))
        printf("Lesson: %s (moverx lessons show %s)\n", str(lesson, "title"), str(lesson, "id"));
    if (json_is_true(json_object_get(out, "followup_due")))
        printf("Your 4-weekly check-up is due: the same questionnaires as at the start "
               "(moverx assess).\n");
    if (json_is_true(json_object_get(out, "check_in_due")))
        printf("It is a month since your last check-in: tell us how your back is (moverx "
               "checkin).\n");
    print_rest_of_week(json_object_get(out, "rest_of_week"));
    if (json_array_size(json_object_get(out, "flare_plan"))) {
        json_t *step;
        size_t k;
        printf("If you have a flare:\n");
        json_array_foreach(json_object_get(out, "flare_plan"), k, step)
            printf("  - %s\n", json_string_value(step));
        if (strcmp(status, "discharged") == 0)
            printf("Back pain come back for a couple of weeks? Start the course again: moverx "
                   "restart.\n");
    }
}

void print_entry(const json_t *out)
{
    const json_t *triage = json_object_get(out, "triage");
    json_t *d;
    size_t k;

    if (triage)
        print_triage_first(triage);
    if (strcmp(str(out, "recorded"), "triage") == 0)
        printf("Your warning signs of %s were passed to your care team.\n", str(out, "date"));
    else
        printf("Recorded your %s for %s.\n",
               strcmp(str(out, "recorded"), "session") == 0 ? "session" : "check-in",
               str(out, "date"));
    if (triage)
        print_triage_rest(triage, "");
    json_array_foreach(json_object_get(out, "decisions"), k, d)
    {
        /* an engine alert's reason is written for the person too: what happens now, and
         * what to do meanwhile ("do it gently, or leave it out") */
        if (str(d, "reason")[0])
            printf("- %s\n", str(d, "reason"));
    }
    if (json_object_get(out, "advice")) /* it hurt, or was too hard: what happens, what to do */
        printf("%s\n", str(json_object_get(out, "advice"), "text"));
    if (json_array_size(json_object_get(out, "alerts")))
        printf("Your care team has been told.\n");
    if (strcmp(str(out, "status"), "stopped") == 0)
        printf("Your program is stopped until a doctor has seen you.\n");
    else if (strcmp(str(out, "status"), "paused") == 0)
        printf("Your exercises are paused until your care team has checked. Until then, keep "
               "gently active in ways that feel OK.\n");
}

/* One bar a day for pain 0-10: a terminal sparkline. */
static void sparkline(const json_t *pain)
{
    static const char *const bars[] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                       "\u2585", "\u2586", "\u2587", "\u2588"};
    json_t *p;
    size_t k;

    json_array_foreach((json_t *)pain, k, p)
    {
        long v = num(p, "pain");
        fputs(bars[v * 7 / 10], stdout);
    }
    printf("\n");
}

/* "  ODI 44.0 on 2026-01-05, 30.0 on 2026-02-05: 14.0 better, a change that matters" */
static void print_change(const json_t *c)
{
    double change = json_number_value(json_object_get(c, "change"));

    printf("  %s %.1f on %s, %.1f on %s: ", str(c, "instrument"),
           json_number_value(json_object_get(c, "baseline")), str(c, "baseline_date"),
           json_number_value(json_object_get(c, "followup")), str(c, "followup_date"));
    printf("%.1f %s, %s\n", change < 0 ? -change : change, change < 0 ? "worse" : "better",
           json_is_true(json_object_get(c, "important")) ? "a change that matters"
                                                         : "not a big change yet");
}

void print_assessment(const json_t *out)
{
    json_t *v;
    size_t k;

    printf("Recorded the questionnaires of %s.\n", str(out, "date"));
    if (json_array_size(json_object_get(out, "changes")) == 0)
        printf("These are the first scores: the next ones will show the change.\n");
    json_array_foreach(json_object_get(out, "changes"), k, v) print_change(v);
    json_array_foreach(json_object_get(out, "goals"), k, v) /* each of the person's goals */
        printf("  %s: %lld at the start, %lld now\n", str(v, "activity"),
               (long long)json_integer_value(json_object_get(v, "first")),
               (long long)json_integer_value(json_object_get(v, "now")));
}

void print_progress(const json_t *out)
{
    const json_t *pain = json_object_get(out, "pain"), *adh = json_object_get(out, "adherence");
    const json_t *change = json_object_get(out, "pain_change");
    json_t *v;
    size_t k;

    printf("Since %s (%s)", str(out, "start"),
           strcmp(str(out, "phase"), "maintenance") == 0 ? "going on alone" : str(out, "status"));
    if (json_is_integer(json_object_get(out, "week")) &&
        num(out, "week") > num(out, "program_weeks"))
        printf(", week %ld, after the %ld-week course (%s)", num(out, "week"),
               num(out, "program_weeks"), str(out, "phase"));
    else if (json_is_integer(json_object_get(out, "week")))
        printf(", week %ld of %ld (%s)", num(out, "week"), num(out, "program_weeks"),
               str(out, "phase"));
    printf(":\n\n");
    if (json_array_size(pain)) {
        printf("Pain (0-10), one bar a check-in, %s to %s:\n", str(json_array_get(pain, 0), "date"),
               str(json_array_get(pain, json_array_size(pain) - 1), "date"));
        sparkline(pain);
    } else {
        printf("No check-ins yet.\n");
    }
    if (json_is_object(change))
        printf("Pain: %.1f at the start, %.1f over the last week: %s.\n",
               json_number_value(json_object_get(change, "baseline")),
               json_number_value(json_object_get(change, "recent_mean")),
               json_is_true(json_object_get(change, "important")) ? "a change that matters"
                                                                  : "not a big change yet");
    printf("\nScores:\n");
    json_array_foreach(json_object_get(out, "scores"), k, v)
    {
        char *score = json_dumps(json_object_get(v, "score"), JSON_COMPACT);
        printf("  %s %s %s\n", str(v, "date"), str(v, "instrument"), score);
        free(score);
    }
    if (json_array_size(json_object_get(out, "score_changes")))
        printf("\nFirst and latest scores:\n");
    json_array_foreach(json_object_get(out, "score_changes"), k, v) print_change(v);
    if (json_is_number(json_object_get(adh, "percent")))
        printf("\nSessions: %ld on %ld planned days (%.1f %%).\n", num(adh, "sessions"),
               num(adh, "planned_days"), json_number_value(json_object_get(adh, "percent")));
    if (json_array_size(json_object_get(out, "goals")))
        printf("\nYour goals (how well you can do each, 0 unable to 10 as before):\n");
    json_array_foreach(json_object_get(out, "goals"), k, v)
    {
        const json_t *first = json_object_get(v, "first_rating"),
                     *latest = json_object_get(v, "latest_rating");
        printf("  %s: ", str(v, "activity"));
        if (json_is_number(first) && json_is_number(latest))
            printf("%g at the start, %g now. ", json_number_value(first),
                   json_number_value(latest));
        printf("%s\n", str(v, "why"));
    }
    printf("\nPlan changes:\n");
    if (json_array_size(json_object_get(out, "plan_changes")) == 0)
        printf("  none yet\n");
    json_array_foreach(json_object_get(out, "plan_changes"), k, v)
        printf("  %s (version %ld): %s\n", str(v, "date"), num(v, "version"), str(v, "reason"));
}

/* "heat (3 days), bath (1 day)" from a list ordered by days and its day counts. */
static void print_words_days(const char *label, const json_t *words, const json_t *days)
{
    json_t *w;
    size_t k;

    printf("  %s: ", label);
    if (!json_array_size(words))
        printf("none");
    json_array_foreach(words, k, w)
    {
        json_int_t n = json_integer_value(json_object_get(days, json_string_value(w)));
        printf("%s%s (%lld %s)", k ? ", " : "", json_string_value(w), (long long)n,
               n == 1 ? "day" : "days");
    }
    printf("\n");
}

void print_weekly(const json_t *out)
{
    printf("Week of %s to %s", str(out, "week_start"), str(out, "week_end"));
    if (!json_is_true(json_object_get(out, "complete")))
        printf(", so far (through %s)", str(out, "through"));
    printf(":\n  Sessions: %ld done, %ld planned\n  Walking: %ld minutes\n",
           num(out, "sessions_done"), num(out, "sessions_planned"), num(out, "walking_minutes"));
    print_words_days("Feel-better things", json_object_get(out, "feel_better"),
                     json_object_get(out, "feel_better_days"));
    print_words_days("Get-better things", json_object_get(out, "get_better"),
                     json_object_get(out, "get_better_days"));
    printf("\n%s\n%s\n", str(out, "summary"), str(json_object_get(out, "pain"), "words"));
    if (*str(out, "care"))
        printf("%s\n", str(out, "care"));
    if (*str(out, "streak"))
        printf("%s\n", str(out, "streak"));
}
