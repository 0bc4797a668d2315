/*
 * decide.c: what changes today (see adapt.h, docs/adaptation.md).
 *
 * Order matters and is safety first: red flags, then flares, then the
 * review triggers, then each item: regress at once after a bad session,
 * otherwise at most one weekly review (step up or hold), and only when
 * nothing blocks progression.
 */
#include "compat.h"

#include "core/adapt/dose_step.h"
#include "core/adapt/reason.h"
#include "core/instruments/instruments.h"

struct ctx {
    const struct adapt_rules *rules;
    const struct adapt_params *p;
    const struct catalog *cat;
    const struct adapt_state *s;
    const struct history *h;
    long today;
    struct decision *out;
    int n;
};

/* ==================== History look-ups ==================== */

/* Binary search for `day` in a day-sorted log: both logs hold at most one entry a day. */
#define FIND_DAY(arr, n, day)                                                                      \
    do {                                                                                           \
        int lo_ = 0, hi_ = (n)-1;                                                                  \
        while (lo_ <= hi_) {                                                                       \
            int mid_ = lo_ + (hi_ - lo_) / 2;                                                      \
            if ((arr)[mid_].day == (day))                                                          \
                return &(arr)[mid_];                                                               \
            if ((arr)[mid_].day < (day))                                                           \
                lo_ = mid_ + 1;                                                                    \
            else                                                                                   \
                hi_ = mid_ - 1;                                                                    \
        }                                                                                          \
        return NULL;                                                                               \
    } while (0)

static const struct checkin_log *checkin_on(const struct history *h, long day)
{
    FIND_DAY(h->checkins, h->n_checkins, day);
}

static const struct session_log *session_on(const struct history *h, long day)
{
    FIND_DAY(h->sessions, h->n_sessions, day);
}

/* 1 settled, 0 not, -1 unknown: the next-morning pain after a session on `day`. */
static int settled_after(const struct ctx *c, long day)
{
    const struct checkin_log *ci = checkin_on(c->h, day + 1);

    if (!ci || !ci->has_next_morning)
        return -1;
    return ci->next_morning_pain <= c->s->baseline_pain + c->p->settled_margin;
}

/* ==================== Emitting ==================== */

static struct decision *emit(struct ctx *c, enum decision_kind kind, enum adapt_rule_id rule,
                             int item)
{
    struct decision *d;

    if (c->n >= ADAPT_MAX_DECISIONS)
        return NULL;
    d = &c->out[c->n++];
    memset(d, 0, sizeof(*d));
    d->kind = kind;
    d->rule = rule;
    d->item = item;
    if (item >= 0) {
        d->from_exercise = d->to_exercise = c->s->items[item].exercise;
        d->from = d->to = c->s->items[item].dose;
    }
    return d;
}

static void explain(struct ctx *c, struct decision *d, int sessions, double pain, int days)
{
    struct reason_values v = {sessions, pain, days};
    reason_render(&c->rules->rules[d->rule], d, &v);
}

/* Whether a red flag of this tier changes what is in force: an emergency
 * stops a running program, an urgent flag pauses one not paused yet, a
 * routine one holds progression back while none is open. A flag already
 * acted on (the same day reviewed again, or a sign that is still there) is
 * the care team's alert to add to, not a new decision. */
static bool red_flag_acts(const struct adapt_state *s, enum tier tier)
{
    switch (tier) {
    case TIER_EMERGENCY:
        return !s->stopped;
    case TIER_URGENT:
        return !s->progression_held;
    case TIER_ROUTINE:
        return !(s->open_alerts & (1u << AR_ALERT_RED_FLAG));
    default:
        return false;
    }
}

static void alert(struct ctx *c, enum adapt_rule_id rule, enum tier tier)
{
    struct decision *d;

    if (rule == AR_ALERT_RED_FLAG ? !red_flag_acts(c->s, tier)
                                  : (c->s->open_alerts & (1u << rule)) != 0)
        return; /* raised once while open */
    if ((d = emit(c, DECIDE_ALERT, rule, -1)) != NULL) {
        d->tier = tier;
        explain(c, d, 0, 0, 0);
    }
}

/* ==================== Flares ==================== */

static bool high_pain_days(const struct ctx *c)
{
    double line = c->s->baseline_pain + c->p->flare_points_above_baseline;

    for (int k = 0; k < c->p->flare_consecutive_days; k++) {
        const struct checkin_log *ci = checkin_on(c->h, c->today - k);
        if (!ci || ci->pain < line)
            return false;
    }
    return true;
}

static bool high_session_pain_two_days(const struct ctx *c)
{
    const struct session_log *a = session_on(c->h, c->today);
    const struct session_log *b = session_on(c->h, c->today - 1);
    double high = c->p->hold_max_pain_during;

    return a && b && a->pain_during > high && b->pain_during > high;
}

/* Starts a flare: every item drops to the flare dose. Returns true if it started. */
static bool flare_entry(struct ctx *c)
{
    const struct checkin_log *ci = checkin_on(c->h, c->today);
    bool reported = ci && ci->flare_reported;

    if (!reported && !high_pain_days(c) && !high_session_pain_two_days(c))
        return false;
    for (int i = 0; i < c->s->n_items; i++) {
        struct decision *d = emit(c, DECIDE_FLARE_START, AR_FLARE_START, i);
        if (!d)
            break;
        dose_for_flare(c->p, &c->s->items[i], &d->to);
        explain(c, d, 0, 0, reported ? 1 : c->p->flare_consecutive_days);
    }
    return true;
}

static void flare_continues(struct ctx *c)
{
    const struct checkin_log *ci = checkin_on(c->h, c->today);
    long days = c->today - c->s->flare_start_day;
    double now = ci ? (ci->has_next_morning ? ci->next_morning_pain : ci->pain) : 99;
    struct decision *d;

    if (days >= c->p->flare_min_days && now <= c->s->baseline_pain + c->p->settled_margin) {
        if ((d = emit(c, DECIDE_FLARE_END, AR_FLARE_END, -1)) != NULL)
            explain(c, d, 0, 0, (int)days);
    } else if (days >= c->p->flare_escalate_days) {
        alert(c, AR_ALERT_FLARE, TIER_ROUTINE);
    }
}

/* ==================== Review triggers ==================== */

/* Mean check-in pain over [from, to], or -1 with fewer than 3 check-ins. */
static double mean_pain(const struct history *h, long from, long to)
{
    double sum = 0;
    int n = 0;

    for (int i = h->n_checkins - 1; i >= 0 && h->checkins[i].day >= from; i--)
        if (h->checkins[i].day <= to) {
            sum += h->checkins[i].pain;
            n++;
        }
    return n >= 3 ? sum / n : -1;
}

static bool trend_up(const struct ctx *c)
{
    double recent = mean_pain(c->h, c->today - 6, c->today);
    double before = mean_pain(c->h, c->today - 13, c->today - 7);

    return recent >= 0 && before >= 0 && recent - before >= c->p->worsening_points;
}

static bool inactive(const struct ctx *c)
{
    if (c->today - c->s->start_day + 1 < c->p->inactivity_days)
        return false;
    for (long day = c->today - c->p->inactivity_days + 1; day <= c->today; day++) {
        const struct checkin_log *ci = checkin_on(c->h, day);
        if (session_on(c->h, day) || (ci && ci->walk_minutes > 0))
            return false;
    }
    return true;
}

static void no_improvement(struct ctx *c)
{
    double recent = mean_pain(c->h, c->today - 6, c->today);
    struct change_result r;

    if (c->today - c->s->start_day < c->p->no_improvement_days || recent < 0)
        return;
    if (change_compute(MEASURE_NPRS, c->s->baseline_pain, recent, &r, NULL) == MRX_OK &&
        !r.important)
        alert(c, AR_ALERT_NO_IMPROVEMENT, TIER_ROUTINE);
}

/* ==================== Items ==================== */

/* Sessions of item i after `since` (exclusive), before today: how many, peak pain, all settled. */
static int item_sessions(const struct ctx *c, int i, long since, double *peak, bool *all_settled)
{
    int n = 0;

    *peak = 0;
    *all_settled = true;
    for (int k = c->h->n_sessions - 1; k >= 0 && c->h->sessions[k].day > since; k--) {
        const struct session_log *s = &c->h->sessions[k];
        if (s->day >= c->today || !(s->items_done & (1u << i)))
            continue;
        n++;
        if (s->pain_during > *peak)
            *peak = s->pain_during;
        if (settled_after(c, s->day) != 1)
            *all_settled = false;
    }
    return n;
}

/* The easier exercise of the chain, when it suits the person. */
/* Whether a chain may move an item to `e`: allowed for the person, not already in the
 * plan, and never a walking exercise (walking has its own plan). */
static bool may_swap_to(const struct ctx *c, const struct exercise *e)
{
    if (!e || !exercise_allowed(e, &c->s->constraints))
        return false;
    for (int k = 0; k < e->n_tags; k++)
        if (strcmp(e->tags[k], "walking") == 0)
            return false;
    for (int i = 0; i < c->s->n_items; i++)
        if (c->s->items[i].exercise == e)
            return false;
    for (int k = 0; k < c->n; k++) /* nor what another item became earlier today */
        if (c->out[k].to_exercise == e)
            return false;
    return true;
}

static const struct exercise *easier(const struct ctx *c, const struct exercise *ex)
{
    const struct exercise *e = ex && ex->regression ? catalog_find(c->cat, ex->regression) : NULL;
    return may_swap_to(c, e) ? e : NULL;
}

static const struct exercise *harder(const struct ctx *c, const struct exercise *ex)
{
    const struct exercise *e = ex && ex->progression ? catalog_find(c->cat, ex->progression) : NULL;
    return may_swap_to(c, e) ? e : NULL;
}

/* Every dose key (days aside) at the top of its range: the exercise is done. */
static bool at_top(const struct adapt_item *it)
{
    for (int k = 0; k < DOSE_KEYS; k++)
        if (k != DOSE_DAYS_PER_WEEK && it->dose.has[k] && it->dose.value[k] < it->range.max[k])
            return false;
    return true;
}

/* After yesterday's session: regress at once if pain was high or did not settle. */
static bool maybe_regress(struct ctx *c, int i)
{
    const struct adapt_item *it = &c->s->items[i];
    const struct session_log *s = session_on(c->h, c->today - 1);
    enum adapt_rule_id rule;
    const struct exercise *e;
    struct decision *d;
    struct dose down;

    if (!s || !(s->items_done & (1u << i)))
        return false;
    if (it->last_change_day == c->today)
        return true; /* already changed today (a second review of the same day) */
    if (s->pain_during > c->p->hold_max_pain_during)
        rule = AR_REGRESS_PAIN;
    else if (settled_after(c, s->day) == 0)
        rule = AR_REGRESS_SETTLE;
    else
        return false;
    if (dose_step_down(c->p, it, &down)) {
        if ((d = emit(c, DECIDE_REGRESS, rule, i)) != NULL) {
            d->to = down;
            explain(c, d, 1, s->pain_during, 0);
        }
    } else if ((e = easier(c, it->exercise)) != NULL && (d = emit(c, DECIDE_REGRESS, rule, i))) {
        d->to_exercise = e; /* the easier exercise, from the bottom of its range */
        dose_at_range_min(e, it->dose.value[DOSE_DAYS_PER_WEEK], &d->to);
        explain(c, d, 1, s->pain_during, 0);
    }
    return true; /* a bad session blocks any step up today, even at the bottom */
}

static void step_up_or_chain(struct ctx *c, int i, int sessions)
{
    const struct adapt_item *it = &c->s->items[i];
    const struct exercise *next;
    struct decision *d;
    struct dose up;

    if (dose_step_up(c->p, it, c->today, &up)) {
        d = emit(c, DECIDE_PROGRESS, it->exercise ? AR_PROGRESS : AR_PROGRESS_WALKS, i);
        if (d) {
            d->to = up;
            explain(c, d, sessions, 0, 0);
        }
    } else if (at_top(it) && (next = harder(c, it->exercise)) != NULL) {
        if ((d = emit(c, DECIDE_PROGRESS, AR_CHAIN_STEP, i)) != NULL) {
            d->to_exercise = next;
            dose_at_range_min(next, it->dose.value[DOSE_DAYS_PER_WEEK], &d->to);
            explain(c, d, sessions, 0, 0);
        }
    } else if ((d = emit(c, DECIDE_HOLD, AR_HOLD, i)) != NULL) {
        explain(c, d, sessions, 0, 0); /* the cap or the chain's end: stays this week */
    }
}

/* The weekly review of item i: step up, hold, or nothing yet. */
static void review(struct ctx *c, int i)
{
    const struct adapt_item *it = &c->s->items[i];
    long since =
        it->last_change_day > it->last_review_day ? it->last_change_day : it->last_review_day;
    bool all_settled;
    double peak;
    int n;
    struct decision *d;

    const struct session_log *today = session_on(c->h, c->today);

    if (c->today - since < c->p->progress_every_days)
        return;
    if (today && (today->items_done & (1u << i)) && today->pain_during > c->p->hold_max_pain_during)
        return; /* just after a painful session: tomorrow's regress rule decides */
    /* The evidence is the recent sessions: at most the last two review periods. */
    if (since < c->today - 2 * c->p->progress_every_days)
        since = c->today - 2 * c->p->progress_every_days;
    n = item_sessions(c, i, since, &peak, &all_settled);
    if (n < c->p->progress_after_sessions || !all_settled || peak > c->p->hold_max_pain_during)
        return; /* not enough settled evidence yet */
    if (peak <= c->p->progress_max_pain_during)
        step_up_or_chain(c, i, n);
    else if ((d = emit(c, DECIDE_HOLD, AR_HOLD, i)) != NULL)
        explain(c, d, n, peak, 0);
}

/* One step down for a rising weekly trend (not below the range; no chain swap). */
static void regress_for_trend(struct ctx *c, int i)
{
    struct decision *d;
    struct dose down;

    if (dose_step_down(c->p, &c->s->items[i], &down) &&
        (d = emit(c, DECIDE_REGRESS, AR_REGRESS_TREND, i)) != NULL) {
        d->to = down;
        explain(c, d, 0, 0, 0);
    }
}

int adapt_decide(const struct adapt_rules *rules, const struct catalog *cat,
                 const struct adapt_state *state, const struct history *h, long today,
                 struct decision *out)
{
    struct ctx c = {rules, &rules->p, cat, state, h, today, out, 0};
    const struct checkin_log *ci = checkin_on(h, today);
    enum tier flag = ci ? ci->red_flag_tier : TIER_NONE;
    bool blocked, trend, trend_regress;

    if (state->stopped)
        return 0;
    if (flag >= TIER_ROUTINE)
        alert(&c, AR_ALERT_RED_FLAG, flag);
    if (flag == TIER_EMERGENCY)
        return c.n; /* the program stops: nothing else today */
    if (state->flare_active)
        flare_continues(&c);
    else if (flare_entry(&c))
        return c.n;
    trend = trend_up(&c);
    /* A rising week: alert, and every item one step down, at most once a week. */
    trend_regress = trend && today - state->last_worsening_day >= 7;
    if (trend_regress)
        alert(&c, AR_ALERT_WORSENING, TIER_ROUTINE);
    /* A paused program has no sessions to do: its silence is not inactivity. */
    if (!state->progression_held && inactive(&c))
        alert(&c, AR_ALERT_INACTIVITY, TIER_ROUTINE);
    no_improvement(&c);
    blocked = state->progression_held || state->flare_active || flag >= TIER_ROUTINE ||
              (state->open_alerts & (1u << AR_ALERT_RED_FLAG)) || trend;
    for (int i = 0; i < state->n_items; i++) {
        if (state->flare_active)
            break; /* the flare dose stands until the flare ends */
        if (maybe_regress(&c, i))
            continue;
        if (trend_regress)
            regress_for_trend(&c, i);
        else if (!blocked)
            review(&c, i);
    }
    return c.n;
}

int adapt_red_flag(const struct adapt_rules *rules, const struct adapt_state *state, enum tier tier,
                   struct decision *out)
{
    struct ctx c = {rules, &rules->p, NULL, state, NULL, 0, out, 0};

    if (state->stopped || tier == TIER_NONE)
        return 0;
    alert(&c, AR_ALERT_RED_FLAG, tier);
    return c.n;
}
