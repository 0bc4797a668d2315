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

static bool any_caution(const struct plan *p)
{
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].caution)
            return true;
    return false;
}

/* Only what the person's situation actually changed is mentioned. */
static void explain_constraints(struct text *t, const struct plan *p, const struct intake *in)
{
    if (in->pregnant && (p->left_out & LEFT_OUT_PREGNANCY))
        say(t, "You are pregnant, so we chose moves that suit pregnancy.");
    if (in->leg_pain && (p->left_out & LEFT_OUT_LEG_PAIN))
        say(t, "You have leg pain, so we chose moves that are kind to it.");
    if (!in->preferences.floor_exercises_ok && (p->left_out & LEFT_OUT_FLOOR))
        say(t, "You would rather not get down on the floor, so you can do every move on a "
               "bed, a chair or standing up.");
    if (any_caution(p))
        say(t, "Some moves come with a note on how to change them for you. Please read it "
               "first.");
}

static void explain_walking(struct text *t, const struct plan *p, const struct intake *in,
                            const struct walking_config *cfg)
{
    const struct walking_plan *w = &p->walking;
    int start = (int)(in->walking_minutes_per_day * cfg->start_fraction);

    if (!in->preferences.walking)
        say(t, "You said walking is not your favourite. Short walks still help your back a lot, "
               "so they stay in your plan.");
    if (in->walking_minutes_per_day > 0)
        say(t, "You walk about %d minutes a day now.", in->walking_minutes_per_day);
    if (w->bouts > 1)
        say(t, "Your walks start small: %d short walks of %d minutes a day.", w->bouts, w->minutes);
    else if (w->minutes >= w->long_term_goal.minutes)
        say(t,
            "You already walk a good amount, so your walks are set at the goal: %d minutes "
            "on %d days a week.",
            w->minutes, w->days_per_week);
    else if (w->minutes == start)
        say(t, "Your walks start a little below what you do now: %d minutes, %d days a week.",
            w->minutes, w->days_per_week);
    else
        say(t, "Your walks start at %d minutes, %d days a week.", w->minutes, w->days_per_week);
    if (w->bouts > 1 || w->minutes < w->goal.minutes)
        say(t,
            "They grow a little each week, to %d minutes at a time on %d days a week, and "
            "then %d minutes on %d days.",
            w->goal.minutes, w->goal.days_per_week, w->long_term_goal.minutes,
            w->long_term_goal.days_per_week);
    else if (w->minutes < w->long_term_goal.minutes)
        say(t, "They grow a little each week, to %d minutes on %d days a week.",
            w->long_term_goal.minutes, w->long_term_goal.days_per_week);
}

static void explain_care(struct text *t, const struct plan *p, const struct triage_result *triage)
{
    if (p->status == PLAN_PAUSED)
        say(t, "Some of your answers need a doctor to check them today. This plan starts once "
               "your care team has checked; until then, keep gently active in ways that feel "
               "OK.");
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
    explain_constraints(&t, p, in);
    explain_walking(&t, p, in, &prog->walking);
    say(&t, "It all fits in the %d minutes a day you have.", p->available_minutes);
    explain_care(&t, p, triage);
    return xstrdup(t.buf);
}
