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

/* "heat", "heat and a warm bath" */
static void feel_list(const struct week_facts *f, char *buf, size_t size)
{
    if (f->feel_words[1])
        snprintf(buf, size, "%s and %s", weekly_feel_phrase(f->feel_words[0]),
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
        snprintf(buf, size, "%s all %d planned %s and %d more",
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

void weekly_summary(const struct week_facts *f, char *buf, size_t size)
{
    char sessions[128], feel[96], days[24], walk[64] = "";

    if (f->walking_minutes > 0)
        snprintf(walk, sizeof(walk), " You also walked for %d minutes.", f->walking_minutes);
    feel_list(f, feel, sizeof(feel));
    if (f->feel_days > 0 && f->sessions_done > 0 && 2 * f->sessions_done < f->sessions_planned) {
        /* a feel-better thing, and a hard week all the same: said as it was */
        snprintf(buf, size,
                 "You used %s %s and did %d of your %d planned %s. Next time, try a short "
                 "session soon after: feel-better things can make it easier to move.%s",
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
                 "You used %s %s but %s. Next time, try a short session soon after. "
                 "Feel-better things can make it easier to move.%s",
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
        snprintf(
            buf, size,
            "%s. On a sore day, something that eases pain, like heat, can help you get going.%s",
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
            snprintf(buf, size, "You did not check in %s, so there is no pain trend.",
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

void weekly_streak_words(const struct week_facts *f, char *buf, size_t size)
{
    if (f->streak_weeks < 2)
        snprintf(buf, size, "%s", "");
    else
        snprintf(buf, size, "You have had %d weeks in a row with all your planned sessions.",
                 f->streak_weeks);
}
