/*
 * explain.c: composing a plan's explanation from short plain sentences
 * (see explain.h).
 */
#include "compat.h"

#include <stdarg.h>

#include "common/xalloc.h"
#include "core/plan/explain.h"

#define EXPLANATION_MAX 4096

struct text {
    char buf[EXPLANATION_MAX];
    size_t len;
};

static void say(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends one sentence or more, separated by a space; cut at the buffer's end. */
static void say(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->len > 0 && t->len < sizeof(t->buf) - 1)
        t->buf[t->len++] = ' ';
    va_start(ap, fmt);
    n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n < sizeof(t->buf) - t->len ? (size_t)n : sizeof(t->buf) - t->len - 1;
}

static void explain_constraints(struct text *t, const struct intake *in)
{
    if (in->pregnant)
        say(t, "You are pregnant, so we left out moves that are not safe in pregnancy.");
    if (in->leg_pain)
        say(t, "You have leg pain, so we left out moves that can stir it up.");
    if (!in->preferences.floor_exercises_ok)
        say(t, "You would rather not get down on the floor, so you can do every move on a "
               "bed, a chair or standing up.");
}

static void explain_walking(struct text *t, const struct plan *p, const struct intake *in)
{
    const struct walking_plan *w = &p->walking;

    if (in->walking_minutes_per_day > 0)
        say(t, "You walk about %d minutes a day now.", in->walking_minutes_per_day);
    if (w->bouts > 1)
        say(t, "Your walks start small: %d short walks of %d minutes a day.", w->bouts, w->minutes);
    else
        say(t, "Your walks start a little below what you do now: %d minutes, %d days a week.",
            w->minutes, w->days_per_week);
    say(t,
        "They grow a little each week, to %d minutes at a time on %d days a week, and then "
        "%d minutes on %d days.",
        w->goal.minutes, w->goal.days_per_week, w->long_term_goal.minutes,
        w->long_term_goal.days_per_week);
}

static void explain_care(struct text *t, const struct plan *p, const struct triage_result *triage)
{
    if (p->status == PLAN_PAUSED)
        say(t, "Some of your answers need a clinician to check them first. Until then your "
               "plan stays as it is and does not step up.");
    else if (triage->tier == TIER_ROUTINE)
        say(t, "Your care team will also look at some of your answers in the next few days.");
}

char *plan_explain(const struct plan *p, const struct intake *in,
                   const struct triage_result *triage, const struct program *prog)
{
    struct text t = {.len = 0};

    t.buf[0] = '\0';
    say(&t, "%s", prog->strata[p->stratum].explanation);
    say(&t, "%s", p->start_level->reason);
    explain_constraints(&t, in);
    explain_walking(&t, p, in);
    say(&t, "It all fits in the %d minutes a day you have.", p->available_minutes);
    explain_care(&t, p, triage);
    return xstrdup(t.buf);
}
