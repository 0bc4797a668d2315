/*
 * weekly.c: the weekly review's sentences (see weekly.h). Patient voice,
 * plain words, no praise that ignores what happened: a week with no sessions
 * says so and offers one small next step.
 */
#include "compat.h"

#include <math.h>

#include "core/outcomes/weekly.h"

enum weekly_trend weekly_trend(const struct week_facts *f)
{
    if (f->checkins == 0 || f->checkins_before == 0)
        return TREND_NONE;
    if (f->pain_mean <= f->pain_mean_before - WEEKLY_PAIN_STEP)
        return TREND_LOWER;
    if (f->pain_mean >= f->pain_mean_before + WEEKLY_PAIN_STEP)
        return TREND_HIGHER;
    return TREND_SAME;
}

const char *weekly_trend_name(enum weekly_trend t)
{
    static const char *const names[] = {NULL, "lower", "same", "higher"};
    return names[t];
}

const char *weekly_feel_phrase(const char *word)
{
    static const char *const phrases[][2] = {
        {"heat", "heat"},
        {"cold", "a cold pack"},
        {"medication", "pain medicine"},
        {"massage", "massage"},
        {"massage_gun", "a massage gun"},
        {"rest", "short rests"},
        {"bath", "a warm bath"},
        {"tens", "a TENS machine"},
        {"acupressure", "acupressure"},
        {"brace", "a back support"},
        {"other", "other things that help"},
    };
    for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
        if (strcmp(word, phrases[i][0]) == 0)
            return phrases[i][1];
    return "something that helps";
}

/* "on 1 day", "on 3 days" */
static const char *times(int n, char *buf, size_t size)
{
    if (n == 1)
        return "on 1 day";
    snprintf(buf, size, "on %d days", n);
    return buf;
}

static const char *sessions_word(int n)
{
    return n == 1 ? "session" : "sessions";
}

/* "heat", "heat or a warm bath" (the days counted are days with either) */
static void feel_list(const struct week_facts *f, char *buf, size_t size)
{
    if (f->feel_words[1])
        snprintf(buf, size, "%s or %s", weekly_feel_phrase(f->feel_words[0]),
                 weekly_feel_phrase(f->feel_words[1]));
    else
        snprintf(buf, size, "%s", f->feel_words[0] ? weekly_feel_phrase(f->feel_words[0]) : "");
}

/* "You did 4 of your 5 planned sessions", "So far you have done 2 of 5 ..." */
static void sessions_clause(const struct week_facts *f, char *buf, size_t size)
{
    int done = f->sessions_done, planned = f->sessions_planned;

    if (planned == 0)
        snprintf(buf, size, "%s %d %s, with none planned",
                 f->complete ? "You did" : "So far you have done", done, sessions_word(done));
    else if (done >= planned && done > planned)
        snprintf(buf, size,
                 "%s all %d planned %s, and %d on rest days. Rest days help your back "
                 "recover too",
                 f->complete ? "You did" : "So far you have done", planned, sessions_word(planned),
                 done - planned);
    else if (done >= planned)
        snprintf(buf, size, "%s all %d planned %s",
                 f->complete ? "You did" : "So far you have done", planned, sessions_word(planned));
    else
        snprintf(buf, size, "%s %d of your %d planned %s",
                 f->complete ? "You did" : "So far you have done", done, planned,
                 sessions_word(planned));
}

/* A week that is not an ordinary one: paused, stopped, not started, a flare, or
 * walking alone. True when it was said. */
static bool special_week(const struct week_facts *f, const char *walk, char *buf, size_t size)
{
    switch (f->program) {
    case WEEK_PAUSED:
        snprintf(buf, size,
                 "Your exercises are paused until your care team has checked what you "
                 "told us. Contact a doctor today if you have not yet. Your check-ins "
                 "still help.");
        return true;
    case WEEK_STOPPED:
        snprintf(buf, size,
                 "Your program is stopped because of what you told us. If you have "
                 "not yet, get help now as you were told. Your care team will contact "
                 "you.");
        return true;
    case WEEK_NOT_YET:
        snprintf(buf, size, "Your program has not started yet.");
        return true;
    case WEEK_RUNNING:
        break;
    }
    if (f->flare_days > 0) {
        snprintf(buf, size,
                 "You had a flare this week, so your plan was eased. Doing less while it settles "
                 "is the right thing. You did %d of your %d planned %s.%s",
                 f->sessions_done, f->sessions_planned, sessions_word(f->sessions_planned), walk);
        return true;
    }
    if (!f->complete && f->sessions_planned == 0 && f->sessions_done == 0 && f->feel_days == 0 &&
        f->walking_minutes == 0) { /* nothing missed yet: the week has only begun */
        snprintf(buf, size, "This week's sessions are still to come.");
        return true;
    }
    if (f->sessions_done == 0 && f->walking_minutes > 0) { /* the walking first: it counts */
        snprintf(buf, size,
                 "You walked for %d minutes this week. Walking helps your back. Next, try one "
                 "short session: pick your easiest exercise.",
                 f->walking_minutes);
        return true;
    }
    return false;
}

void weekly_summary(const struct week_facts *f, char *buf, size_t size)
{
    char sessions[160], feel[96], days[24], walk[64] = "";

    if (f->walking_minutes > 0)
        snprintf(walk, sizeof(walk), " You also walked for %d minutes.", f->walking_minutes);
    if (special_week(f, walk, buf, size))
        return;
    feel_list(f, feel, sizeof(feel));
    if (f->feel_days > 0 && f->sessions_done > 0 && 2 * f->sessions_done < f->sessions_planned) {
        /* a feel-better thing, and a hard week all the same: said as it was */
        snprintf(buf, size,
                 "You used %s %s and did %d of your %d planned %s. Next time, try a short "
                 "session when moving feels easier: feel-better things can help.%s",
                 feel, times(f->feel_days, days, sizeof(days)), f->sessions_done,
                 f->sessions_planned, sessions_word(f->sessions_planned), walk);
        return;
    }
    if (f->feel_days > 0 && f->sessions_done > 0) {
        /* The sentence the week is about: feel-better things made get-better things possible. */
        snprintf(buf, size,
                 "You used %s %s and still did %d %s. That is feel-better helping get-better.%s",
                 feel, times(f->feel_days, days, sizeof(days)), f->sessions_done,
                 sessions_word(f->sessions_done), walk);
        return;
    }
    if (f->feel_days > 0) {
        snprintf(buf, size,
                 "You used %s %s but %s. Next time, try a short session when moving feels "
                 "easier: feel-better things can help.%s",
                 feel, times(f->feel_days, days, sizeof(days)),
                 f->complete ? "did no sessions" : "have done no sessions yet", walk);
        return;
    }
    if (f->sessions_done == 0 && f->sessions_planned > 0) {
        snprintf(buf, size,
                 "No sessions %s this week. Even one short session helps: pick your easiest "
                 "exercise and start there.%s",
                 f->complete ? "were logged" : "logged yet", walk);
        return;
    }
    sessions_clause(f, sessions, sizeof(sessions));
    if (f->sessions_done < f->sessions_planned)
        snprintf(buf, size,
                 "%s. If something got in the way, try just your easiest exercise on a busy or "
                 "sore day.%s",
                 sessions, walk);
    else
        snprintf(buf, size, "%s.%s", sessions, walk);
}

void weekly_pain_words(const struct week_facts *f, char *buf, size_t size)
{
    long now = lround(f->pain_mean), before = lround(f->pain_mean_before);

    switch (weekly_trend(f)) {
    case TREND_NONE:
        if (f->checkins == 0)
            snprintf(buf, size, "There were no check-ins %s, so there is no pain trend to show.",
                     f->complete ? "this week" : "yet this week");
        else
            snprintf(buf, size, "Your pain was %ld out of 10 on average.", now);
        return;
    case TREND_LOWER:
        snprintf(
            buf, size,
            "Your pain was lower than the week before: %ld out of 10 on average, down from %ld.",
            now, before);
        return;
    case TREND_HIGHER:
        snprintf(
            buf, size,
            "Your pain was higher than the week before: %ld out of 10 on average, up from %ld. "
            "If it keeps rising, tell your care team.",
            now, before);
        return;
    case TREND_SAME:
        snprintf(buf, size,
                 "Your pain was about the same as the week before, %ld out of 10 on average.", now);
        return;
    }
}

void weekly_care_words(const struct week_facts *f, char *buf, size_t size)
{
    if (f->program != WEEK_RUNNING)
        snprintf(buf, size, "%s", "");
    else if (f->high_pain_weeks >= 2)
        snprintf(buf, size,
                 "Your pain is still high. Please tell your care team so they can help.");
    else if (f->medication_days >= 5)
        snprintf(buf, size,
                 "If you need pain medicine most days, ask your doctor or pharmacist "
                 "whether it is right for you.");
    else
        snprintf(buf, size, "%s", "");
}

void weekly_streak_words(const struct week_facts *f, char *buf, size_t size)
{
    if (f->streak_weeks < 2 || f->program != WEEK_RUNNING || f->flare_days > 0)
        snprintf(buf, size, "%s", "");
    else
        snprintf(buf, size, "You have had %d weeks in a row with all your planned sessions.",
                 f->streak_weeks);
}
