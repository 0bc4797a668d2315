/*
 * explain.c: composing a plan's explanation from short plain sentences
 * (see explain.h).
 */
#include "compat.h"

#include <stdarg.h>

#include "common/xalloc.h"
#include "core/plan/explain.h"
#include "core/plan/week.h"

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
    if (p->left_out & LEFT_OUT_BALANCE)
        say(t, "Falls matter more as we get older, so we chose moves you do sitting, lying or "
               "holding on, not standing on a step or on one leg.");
    if (!in->preferences.floor_exercises_ok) /* said even when nothing had to change for it */
        say(t, "You would rather not get down on the floor, so you can do every move on a "
               "bed, a chair or standing up.");
    if (any_caution(p))
        say(t, "Some moves come with a note on how to change them for you. Please read it "
               "first.");
}

static const char *day_word(int n)
{
    return n == 1 ? "day" : "days";
}

static void explain_walking(struct text *t, const struct plan *p, const struct intake *in,
                            const struct walking_config *cfg)
{
    const struct walking_plan *w = &p->walking;
    int days = plan_days_kept(p, w->days_per_week),
        goal_days = plan_days_kept(p, w->goal.days_per_week),
        long_days = plan_days_kept(p, w->long_term_goal.days_per_week);
    int start = plan_walking_start(in, cfg);

    if (in->walking_minutes_per_day > 0)
        say(t, "You walk about %d minutes a day now.", in->walking_minutes_per_day);
    if (w->bouts > 1)
        say(t, "Your walks start small: %d short walks of %d minutes a day.", w->bouts, w->minutes);
    else if (w->minutes >= w->long_term_goal.minutes)
        say(t,
            "You already walk a good amount, so your walks are set at the goal: %d minutes "
            "on %d %s a week.",
            w->minutes, days, day_word(days));
    else if (w->minutes == start && start == in->walking_minutes_per_day)
        say(t, "Your walks start at what you do now: %d minutes, %d %s a week.", w->minutes, days,
            day_word(days));
    else if (w->minutes == start)
        say(t, "Your walks start a little below what you do now: %d minutes, %d %s a week.",
            w->minutes, days, day_word(days));
    else
        say(t, "Your walks start at %d minutes, %d %s a week.", w->minutes, days, day_word(days));
    if (w->bouts > 1 || w->minutes < w->goal.minutes)
        say(t,
            "They grow a little each week, to %d minutes at a time on %d %s a week, and "
            "then %d minutes on %d %s.",
            w->goal.minutes, goal_days, day_word(goal_days), w->long_term_goal.minutes, long_days,
            day_word(long_days));
    else if (w->minutes < w->long_term_goal.minutes)
        say(t, "They grow a little each week, to %d minutes on %d %s a week.",
            w->long_term_goal.minutes, long_days, day_word(long_days));
    if (in->walking_minutes_per_day >= WALK_CREDIT_FROM_MINUTES &&
        walk_day_minutes(w->minutes, w->bouts, in->walking_minutes_per_day) == 0)
        say(t, "Keep up the walking you do now: it counts toward these walks, and only walking "
               "beyond it takes time from your exercises.");
}

/* The noun of a preference, as the omission sentences use it. */
static const char *preference_noun(enum preference p)
{
    switch (p) {
    case PREF_POOL:
        return "exercise in water";
    case PREF_YOGA:
        return "yoga";
    case PREF_TAI_CHI:
        return "tai chi";
    case PREF_GYM:
        return "the exercise bike";
    default:
        return "walking";
    }
}

void plan_omission_text(const struct omission *o, int available_minutes, char *buf, size_t size)
{
    static const char *const said[] = {
        [PREF_POOL] = "You said you can use a pool",
        [PREF_YOGA] = "You said you like yoga",
        [PREF_TAI_CHI] = "You said you like tai chi",
        [PREF_GYM] = "You said you have gym equipment",
    };
    const char *s = o->preference < PREF_WALKING ? said[o->preference] : NULL;
    const char *w = preference_noun(o->preference);

    if (o->why == OMIT_WALKING_STAYS || !s || !w) {
        snprintf(buf, size,
                 "You said walking is not your favourite. Short walks still help your "
                 "back a lot, so they stay in your plan.");
        return;
    }
    switch (o->why) {
    case OMIT_NO_TIME:
        if (o->number)
            snprintf(buf, size,
                     "%s, but %s does not fit in your %d minutes a day yet; with %d minutes a "
                     "day, it would. Tell your care team if you can give more time.",
                     s, w, available_minutes, o->number);
        else /* more time would meet another limit first: say which, and what would do */
            snprintf(buf, size,
                     "%s, but %s does not fit in your %d minutes a day. More time alone would "
                     "not make room for it, because a plan starts with one calm session and a "
                     "few exercises at most. Ask your care team if you would like to swap it in.",
                     s, w, available_minutes);
        break;
    case OMIT_PLAN_FULL:
        snprintf(buf, size,
                 "%s. Your plan already has %d exercises, the most we start with, so %s is not in "
                 "it yet. Ask your care team if you would like to swap it in.",
                 s, o->number, w);
        break;
    case OMIT_ONE_SESSION:
        snprintf(buf, size,
                 "%s. Your plan already has one calm, mind-body session, and one is enough to "
                 "start with, so %s is not in it. Ask your care team if you would rather swap.",
                 s, w);
        break;
    case OMIT_NONE_SUITS:
        snprintf(buf, size,
                 "%s. None of those moves suits you at the start. Your care team can add them "
                 "when your back allows.",
                 s);
        break;
    default:
        snprintf(buf, size,
                 "%s. This plan has no place for it. Ask your care team if you would like it in.",
                 s);
        break;
    }
}

static void explain_omitted(struct text *t, const struct plan *p, const struct intake *in)
{
    char line[512], list[160] = "";
    size_t len = 0;
    int n_full = 0, full_items = 0, k = 0;

    for (int i = 0; i < p->n_omitted; i++)
        n_full += p->omitted[i].why == OMIT_PLAN_FULL;
    for (int i = 0; i < p->n_omitted; i++) {
        const struct omission *o = &p->omitted[i];
        if (o->why == OMIT_PLAN_FULL && n_full > 1) { /* one sentence for all of them */
            k++;
            full_items = o->number;
            len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
                                    k == 1        ? ""
                                    : k == n_full ? " and "
                                                  : ", ",
                                    preference_noun(o->preference));
            continue;
        }
        plan_omission_text(o, p->available_minutes, line, sizeof(line));
        say(t, "%s", line);
    }
    if (n_full > 1)
        say(t,
            "Your plan already has %d exercises, the most we start with, so %s are not in it yet. "
            "Ask your care team if you would like to swap one in.",
            full_items, list);
    /* the warm-pool route: water first when moving on land hurts (NICE NG59 1.2.2) */
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].slot->requires == PREF_POOL && plan_land_hurts(in))
            say(t,
                p->water_days
                    ? "Moving in warm water is often easier when moving on land hurts. So on your "
                      "pool days, the pool (%s) takes the place of your walk and most of your "
                      "exercises."
                    : "Moving in warm water is often easier when moving on land hurts, so your "
                      "plan has time in the pool (%s).",
                p->items[i].exercise->name);
}

void goal_text(const char *activity, const char *const *names, int n, bool walking, bool known,
               char *buf, size_t size)
{
    size_t len;
    int all = n + walking;

    if (!all) {
        snprintf(buf, size,
                 /* an offer the person takes up, not a promise (that would be a task) */
                 known ? "Your goal \"%s\": no exercise in your plan trains it yet. You can ask "
                         "your care team about it in a message."
                       : "Your goal \"%s\" is not something this program trains directly. You "
                         "can ask your care team about it in a message.",
                 activity);
        return;
    }
    len =
        (size_t)snprintf(buf, size, "Your goal \"%s\": %s", activity, walking ? "your walks" : "");
    for (int k = 0; k < n && len < size; k++) {
        int at = k + walking + 1; /* place in the list, 1-based */
        len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                at == 1     ? ""
                                : at == all ? " and "
                                            : ", ",
                                names[k]);
    }
    if (len < size)
        snprintf(buf + len, size - len, " %s it.", all == 1 && !walking ? "trains" : "train");
}

void plan_goal_text(const struct plan *p, const struct plan_goal *g, char *buf, size_t size)
{
    const char *names[PLAN_MAX_ITEMS];
    int n = 0;

    for (int i = 0; i < p->n_items; i++)
        if ((g->items >> i) & 1u)
            names[n++] = p->items[i].exercise->name;
    goal_text(g->activity, names, n, g->walking, g->n_match > 0, buf, size);
}

static void explain_goals(struct text *t, const struct plan *p)
{
    char line[768];

    for (int i = 0; i < p->n_goals; i++) {
        plan_goal_text(p, &p->goals[i], line, sizeof(line));
        say(t, "%s", line);
    }
}

/* "Monday, Wednesday and Friday". */
static void day_names(unsigned mask, char *buf, size_t size)
{
    size_t len = 0;
    int k = 0, n = week_count(mask);

    buf[0] = '\0';
    for (int d = 0; d < WEEK_DAYS && len < size; d++) {
        if (!((mask >> d) & 1u))
            continue;
        k++;
        len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                k == 1   ? ""
                                : k == n ? " and "
                                         : ", ",
                                weekday_long_name(d));
    }
}

/* The person's days: named when they chose them; what fewer days cost, when they do. */
static void explain_days(struct text *t, const struct plan *p, const struct intake *in,
                         const struct walking_config *w)
{
    char names[80];
    int n = week_count(p->days);

    day_names(p->days, names, sizeof(names));
    if (p->days && n < WEEK_DAYS)
        say(t,
            "You exercise on %s. Each of those days has its own session, and it fits in "
            "the %d minutes you have.",
            names, p->available_minutes);
    else if (in->days_per_week < WEEK_DAYS)
        say(t,
            "You exercise on %d days a week. Each of those days has its own session, and it "
            "fits in the %d minutes you have.",
            in->days_per_week, p->available_minutes);
    else
        say(t, "Each day's session fits in the %d minutes a day you have.", p->available_minutes);
    if (p->n_days < w->goal.days_per_week) /* fewer days than walking's first goal needs */
        say(t,
            "Stretches work best every day and walks on %d or more days a week. Your plan keeps "
            "to your days; if you can find more, tell your care team and your plan will use them.",
            w->goal.days_per_week);
    for (int i = 0; i < p->n_items && in->pool_days; i++)
        if (p->items[i].exercise->category == CAT_AQUATIC) {
            day_names(in->pool_days, names, sizeof(names));
            say(t, "The pool (%s) is only on the days you can get to one: %s.",
                p->items[i].exercise->name, names);
            break;
        }
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

/* A new course from a maintenance plan: what it kept, and why some changed. */
static void explain_restart(struct text *t, const struct plan *p)
{
    if (!p->n_seeds)
        return;
    if (p->n_seeds_kept == p->n_seeds)
        say(t, "Your plan starts again from the moves you kept up on your own, at about half "
               "the amount you did. It builds back up over the first weeks.");
    else if (p->n_seeds_kept > 0)
        say(t,
            "Your plan starts again from %d of the %d moves you kept up on your own, at about "
            "half the amount you did. For the other %d, there are easier moves for now, to suit "
            "your back as it is today.",
            p->n_seeds_kept, p->n_seeds, p->n_seeds - p->n_seeds_kept);
    else
        say(t, "Your plan starts again with easier versions of the moves you kept up on your "
               "own, to suit your back as it is today.");
    say(t, "As your pain came back, your care team will get in touch in the next %d days.",
        p->review_within_days);
}

char *plan_explain(const struct plan *p, const struct intake *in,
                   const struct triage_result *triage, const struct program *prog)
{
    struct text t = {.len = 0};

    t.buf[0] = '\0';
    say(&t, "%s", prog->strata[p->stratum].explanation);
    explain_restart(&t, p);
    say(&t, "%s", p->start_level->reason);
    explain_constraints(&t, p, in);
    explain_walking(&t, p, in, &prog->walking);
    explain_omitted(&t, p, in);
    explain_goals(&t, p);
    explain_days(&t, p, in, &prog->walking);
    explain_care(&t, p, triage);
    return xstrdup(t.buf);
}
