/*
 * decide_internal.h: what the parts of a day's decision share (internal to
 * core/adapt): the day's context, history look-ups, the pain zones and
 * emitting decisions.
 */
#ifndef MOVERX_DECIDE_INTERNAL_H
#define MOVERX_DECIDE_INTERNAL_H

#include "core/adapt/adapt.h"
#include "core/adapt/reason.h"

struct ctx {
    const struct adapt_rules *rules;
    const struct adapt_params *p;
    const struct catalog *cat;
    const struct adapt_state *s;
    const struct history *h;
    long today;
    double baseline;    /* the person's pain baseline today */
    const char *rising; /* what rose this week ("pain", "stiffness"), or NULL */
    struct decision *out;
    int n;
};

const struct checkin_log *checkin_on(const struct history *h, long day);
const struct session_log *session_on(const struct history *h, long day);

/* 1 settled, 0 not, -1 unknown: the next-morning pain after a session on `day`. */
int settled_after(const struct ctx *c, long day);

/* Pain zones for a baseline: up to green, a step is earned; up to acceptable, hold. */
double zone_green(const struct adapt_params *p, double baseline);
double zone_acceptable(const struct adapt_params *p, double baseline);
/* The pain `points` above the baseline that marks a flare, at most the top of the scale
 * (a usual 9 still has one: 10). */
#define PAIN_WORST 10.0
double flare_line(double baseline, double points);

/* Whether `day` falls in one of the recent flares. */
bool adapt_in_flare(const struct adapt_state *s, long day);

/* Mean check-in pain over [from, to], flare days left out; -1 with fewer than 3. */
double mean_pain(const struct adapt_state *s, const struct history *h, long from, long to);

struct decision *emit(struct ctx *c, enum decision_kind kind, enum adapt_rule_id rule, int item);
void explain_with(struct ctx *c, struct decision *d, const struct reason_values *v);
void explain(struct ctx *c, struct decision *d, int sessions, double pain, int days);
void alert(struct ctx *c, enum adapt_rule_id rule, enum tier tier);

/* Whether the day stays within the person's minutes with item i at `to` (as `ex`),
 * counting the changes already decided today. */
bool fits_day(const struct ctx *c, int i, const struct exercise *ex, const struct dose *to);

/* Whether item i may move to exercise `e` today: it suits the person, and it is
 * neither in the plan nor on the chain of another item. */
bool may_swap_item(const struct ctx *c, int item, const struct exercise *e);
/* The same, with the one-exercise-per-chain rule or without it (easing off). */
bool may_swap_as(const struct ctx *c, int item, const struct exercise *e, bool one_per_chain);

/* What an item's recent sessions show: how many, the worst pain, whether each settled
 * by the next morning, and how they felt. */
struct evidence {
    int sessions;
    double peak;
    bool all_settled;
    int easy_run;   /* the latest sessions rated easy, in a row */
    long newest;    /* the day of the latest session (0 with none) */
    bool last_hard; /* the latest session rated hard */
};

/* Sessions of item i after `since` (exclusive), before today, newest first (evidence.c). */
void item_evidence(const struct ctx *c, int i, long since, struct evidence *e);
/* How item i felt in a session: its own rating, else the session's; a walk only by its own. */
enum difficulty item_felt(const struct ctx *c, const struct session_log *s, int i);
/* Today's check-in is a bad day: nothing steps up (evidence.c). */
bool adapt_bad_morning(const struct ctx *c);

/* Flares (flare.c): a flare's start, its days, and the way back after it. */
bool flare_entry(struct ctx *c);
void flare_continues(struct ctx *c);
void flare_recovery(struct ctx *c);
/* The day the last flare ended: -1 with none, or one still on. */
long flare_end_day(const struct adapt_state *s);
void flares_recurring(struct ctx *c);

/* The expected course (course.c): trends, inactivity, no improvement, a shrinking plan. */
/* This week's pain or stiffness above last week's (c->rising says which). */
bool trend_up(struct ctx *c);
bool inactive(const struct ctx *c);
void no_improvement(struct ctx *c);
void volume_lost(struct ctx *c);
void plan_full(struct ctx *c);

#endif
