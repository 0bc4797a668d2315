/*
 * decide.c: what changes today (see adapt.h, docs/adaptation.md).
 *
 * Order matters and is safety first: red flags, then flares (a flare's start,
 * its days, the way back after it), then the review triggers, then each item:
 * regress at once after a session above the person's acceptable pain or one
 * that had not settled, otherwise at most one weekly review (step up or
 * hold), and only when nothing blocks progression. Pain is always judged
 * against the person's own rolling baseline (baseline.c).
 */
#include "compat.h"

#include "core/adapt/decide_internal.h"
#include "core/adapt/dose_step.h"
#include "core/instruments/instruments.h"

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

const struct checkin_log *checkin_on(const struct history *h, long day)
{
    FIND_DAY(h->checkins, h->n_checkins, day);
}

const struct session_log *session_on(const struct history *h, long day)
{
    FIND_DAY(h->sessions, h->n_sessions, day);
}

int settled_after(const struct ctx *c, long day)
{
    const struct checkin_log *ci = checkin_on(c->h, day + 1);

    if (!ci || !ci->has_next_morning)
        return -1;
    return ci->next_morning_pain <= c->baseline + c->p->settled_margin;
}

/* ==================== Emitting ==================== */

struct decision *emit(struct ctx *c, enum decision_kind kind, enum adapt_rule_id rule, int item)
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

void explain_with(struct ctx *c, struct decision *d, const struct reason_values *v)
{
    reason_render(&c->rules->rules[d->rule], d, v);
}

void explain(struct ctx *c, struct decision *d, int sessions, double pain, int days)
{
    struct reason_values v = {sessions, pain, days,        c->s->constraints.minutes_per_day,
                              0,        0,    c->baseline, c->rising};
    explain_with(c, d, &v);
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
        return !(s->open_alerts & ADAPT_RULE_BIT(AR_ALERT_RED_FLAG));
    default:
        return false;
    }
}

void alert(struct ctx *c, enum adapt_rule_id rule, enum tier tier)
{
    struct decision *d;

    if (rule == AR_ALERT_RED_FLAG ? !red_flag_acts(c->s, tier)
                                  : (c->s->open_alerts & ADAPT_RULE_BIT(rule)) != 0)
        return; /* raised once while open */
    for (int k = 0; k < c->n; k++)
        if (c->out[k].kind == DECIDE_ALERT && c->out[k].rule == rule)
            return; /* and once a day */
    if ((d = emit(c, DECIDE_ALERT, rule, -1)) != NULL) {
        d->tier = tier;
        explain(c, d, 0, 0, 0);
    }
}

/* ==================== Items ==================== */

/* Whether a chain may move an item to `e`: allowed for the person, not already in the
 * plan nor on the chain of another item, and never a walking exercise (walking has
 * its own plan). */
bool may_swap_item(const struct ctx *c, int item, const struct exercise *e)
{
    return may_swap_as(c, item, e, true);
}

bool may_swap_as(const struct ctx *c, int item, const struct exercise *e, bool one_per_chain)
{
    if (!e || !exercise_allowed(e, &c->s->constraints))
        return false;
    for (int k = 0; k < e->n_tags; k++)
        if (strcmp(e->tags[k], "walking") == 0)
            return false;
    for (int i = 0; i < c->s->n_items; i++) {
        const struct exercise *x = c->s->items[i].exercise;
        if (x == e || (c->s->items[i].has_restore && c->s->items[i].restore_exercise == e))
            return false;
        if (one_per_chain && i != item && x && c->cat && catalog_same_chain(c->cat, x, e))
            return false;
    }
    for (int k = 0; k < c->n; k++) /* nor what another item became earlier today */
        if (c->out[k].to_exercise == e)
            return false;
    return true;
}

/* The easier exercise of the chain. Unlike a step up, it may share a chain with another
 * item (pelvic tilts beside a bridge): easing off is never blocked for that. */
static const struct exercise *easier(const struct ctx *c, int i)
{
    const struct exercise *ex = c->s->items[i].exercise;
    const struct exercise *e = ex && ex->regression ? catalog_find(c->cat, ex->regression) : NULL;
    return may_swap_as(c, i, e, false) ? e : NULL;
}

/* The harder exercise of the chain: never one whose note for the person's condition
 * (pregnancy, leg pain) says to modify it, which the first plan would not give either. */
static const struct exercise *harder(const struct ctx *c, int i)
{
    const struct exercise *ex = c->s->items[i].exercise;
    const struct exercise *e = ex && ex->progression ? catalog_find(c->cat, ex->progression) : NULL;
    const struct intake *in = &c->s->constraints;

    if (e && ((in->pregnant && e->cautions[CAUTION_PREGNANCY].advice != ADVICE_OK) ||
              (in->leg_pain && e->cautions[CAUTION_ACUTE_LEG_PAIN].advice != ADVICE_OK) ||
              plan_balance_care(e, in)))
        return NULL; /* the first plan's care holds for the course: no step onto one leg */
    return may_swap_item(c, i, e) ? e : NULL;
}

/* Every dose key (days aside) at the top of its range: the exercise is done. */
static bool at_top(const struct adapt_item *it)
{
    for (int k = 0; k < DOSE_KEYS; k++)
        if (k != DOSE_DAYS_PER_WEEK && it->dose.has[k] && it->dose.value[k] < it->range.max[k])
            return false;
    return true;
}

#define SETTLED_IN_DAYS 21

/* The item has been on its exercise three weeks or more (its marks start afresh with a new
 * exercise; the oldest kept is no later than the change). */
static bool settled_in(const struct adapt_item *it, long today)
{
    return it->n_marks > 0 && it->marks[0].day <= today - SETTLED_IN_DAYS;
}

/* Every dose key (days aside) at least half way up its range. */
static bool half_way_up(const struct adapt_item *it)
{
    for (int k = 0; k < DOSE_KEYS; k++)
        if (k != DOSE_DAYS_PER_WEEK && it->dose.has[k] &&
            2 * (it->dose.value[k] - it->range.min[k]) < it->range.max[k] - it->range.min[k])
            return false;
    return true;
}

/* Minutes a day the plan would take with item i at `to` (as exercise `ex`), counting
 * the changes already decided today for the other items. */
static double day_with(const struct ctx *c, int i, const struct exercise *ex, const struct dose *to)
{
    const struct exercise *e[ADAPT_MAX_ITEMS];
    const struct dose *d[ADAPT_MAX_ITEMS];
    bool paused[ADAPT_MAX_ITEMS];

    for (int k = 0; k < c->s->n_items; k++) {
        const struct adapt_item *it = &c->s->items[k];
        e[k] = k == i ? ex : it->exercise;
        d[k] = k == i ? to : &it->dose;
        paused[k] = k == i ? false : it->paused;
        if (k == i)
            continue;
        for (int j = 0; j < c->n; j++)
            if (c->out[j].item == k && c->out[j].kind != DECIDE_HOLD &&
                c->out[j].kind != DECIDE_ALERT) {
                e[k] = c->out[j].to_exercise;
                d[k] = &c->out[j].to;
                paused[k] = c->out[j].pause;
            }
    }
    return adapt_day_minutes_of(c->s, e, d, paused);
}

bool fits_day(const struct ctx *c, int i, const struct exercise *ex, const struct dose *to)
{
    return day_with(c, i, ex, to) <= c->s->constraints.minutes_per_day + 1e-9;
}

#define WALK_INTERIM_MINUTES 20 /* CLINICAL.md 6.5: the interim goal, 20-30 minutes a day */

/* The minutes walking's next step would add, while the walks are under the interim goal:
 * exercises step up only in the time left beside it (walking has the stronger evidence,
 * CLINICAL.md 6.5), so that small exercise steps do not fill the day first. */
/* The person has been walking: walks in at least two sessions of the last two weeks. */
static bool walking_lately(const struct ctx *c)
{
    struct evidence e;
    item_evidence(c, c->s->walking, c->today - 2 * c->p->progress_every_days, &e);
    return e.sessions >= 2;
}

static double walking_reserve(const struct ctx *c)
{
    const struct adapt_item *w = &c->s->items[c->s->walking];
    struct dose up;
    double now = w->dose.value[DOSE_MINUTES] * w->dose.value[DOSE_BOUTS], then;

    if (w->paused || now >= WALK_INTERIM_MINUTES ||
        !dose_step_up(c->p, w, c->today, adapt_walk_days(c->s), &up))
        return 0;
    then = up.value[DOSE_MINUTES] * up.value[DOSE_BOUTS];
    /* nothing to keep, no walks to grow, or no room for their step anyway: then the
     * exercises may use the time (holding them too would freeze a full day for weeks) */
    if (then <= now || !walking_lately(c) || !fits_day(c, c->s->walking, NULL, &up))
        return 0;
    /* the time it would take: nothing while it stays inside the person's own walking */
    return adapt_item_minutes(c->s, NULL, &up) - adapt_item_minutes(c->s, NULL, &w->dose);
}

static bool below_recent_best_at(const struct adapt_item *it, const struct dose *at, long today,
                                 double slack);

static bool fits_step(const struct ctx *c, int i, const struct exercise *ex, const struct dose *to)
{
    /* going back to a dose the item had in the last weeks takes time it had: no reserve */
    bool back =
        ex == c->s->items[i].exercise && below_recent_best_at(&c->s->items[i], to, c->today, -1e-9);
    double reserve = i == c->s->walking || back ? 0 : walking_reserve(c);
    return day_with(c, i, ex, to) + reserve <= c->s->constraints.minutes_per_day + 1e-9;
}

/* Yesterday's session of item i felt hard, and so did the one before it since its
 * last change: the dose is not managed well, whatever the pain. */
static bool hard_twice(const struct ctx *c, int i, const struct session_log *y)
{
    if (item_felt(c, y, i) != DIFFICULTY_HARD)
        return false;
    for (int k = c->h->n_sessions - 1; k >= 0; k--) {
        const struct session_log *s = &c->h->sessions[k];
        if (s->day >= y->day || !(s->items_done & (1u << i)))
            continue;
        return s->day > c->s->items[i].last_change_day && item_felt(c, s, i) == DIFFICULTY_HARD;
    }
    return false;
}

/* After yesterday's session: regress at once if its pain was above the person's
 * acceptable zone or had not settled. Relaxation and breathing are never cut for pain. */
static bool maybe_regress(struct ctx *c, int i)
{
    const struct adapt_item *it = &c->s->items[i];
    const struct session_log *s = session_on(c->h, c->today - 1);
    enum adapt_rule_id rule;
    const struct exercise *e;
    struct decision *d;
    struct dose down;
    double pain;

    if (!s || !(s->items_done & (1u << i)) || it->paused)
        return false;
    if (it->last_change_day == c->today)
        return true; /* already changed today (a second review of the same day) */
    pain = session_item_pain(s, i, c->baseline);
    if (pain > zone_acceptable(c->p, c->baseline))
        rule = AR_REGRESS_PAIN;
    else if (settled_after(c, s->day) == 0)
        rule = AR_REGRESS_SETTLE;
    else if (hard_twice(c, i, s) && c->today - it->last_cut_day > 14)
        rule = AR_REGRESS_HARD; /* once a fortnight at most: hard is effort, not harm */
    else
        return false;
    if (exercise_calms(it->exercise))
        return true; /* kept whole, but no step up today */
    if (dose_step_down(c->p, it, &down)) {
        if ((d = emit(c, DECIDE_REGRESS, rule, i)) != NULL) {
            d->to = down;
            explain(c, d, 1, pain, 0);
        }
    } else if ((e = easier(c, i)) != NULL) {
        /* the easier exercise: where the item left it, or its bottom, if the day has room
         * (an easier move can take longer; the day never grows past the person's minutes) */
        if (e == it->chain_from && dose_in_range(&it->chain_from_dose, &e->range) &&
            fits_day(c, i, e, &it->chain_from_dose))
            down = it->chain_from_dose;
        else
            dose_at_range_min(e, it->dose.value[DOSE_DAYS_PER_WEEK], &down);
        if (fits_day(c, i, e, &down) && (d = emit(c, DECIDE_REGRESS, rule, i)) != NULL) {
            d->to_exercise = e;
            d->to = down;
            explain(c, d, 1, pain, 0);
        }
    } else if (rule == AR_REGRESS_PAIN &&
               !(c->s->open_alerts & ADAPT_RULE_BIT(AR_ALERT_HURTS_AT_LEAST)) &&
               (d = emit(c, DECIDE_ALERT, AR_ALERT_HURTS_AT_LEAST, i)) != NULL) {
        /* nothing left to cut and nothing easier: the care team chooses what replaces it,
         * rather than the person going on with a move that hurts and no word said */
        d->tier = TIER_ROUTINE;
        explain(c, d, 1, pain, 0);
    }
    return true; /* a bad session blocks any step up today, even at the bottom */
}

/* The harder exercise of the chain, started at the bottom of its range. */
static bool chain_up(struct ctx *c, int i, int sessions, bool must_fit)
{
    const struct adapt_item *it = &c->s->items[i];
    const struct exercise *next = harder(c, i);
    struct decision *d;
    struct dose start;

    if (!next)
        return false;
    dose_at_range_min(next, it->dose.value[DOSE_DAYS_PER_WEEK], &start);
    if (must_fit && !fits_step(c, i, next, &start))
        return false;
    if ((d = emit(c, DECIDE_PROGRESS, AR_CHAIN_STEP, i)) != NULL) {
        d->to_exercise = next;
        d->to = start;
        explain(c, d, sessions, 0, 0);
    }
    return true;
}

/* How many of item j's last two sessions felt `how`. */
static int felt_lately(const struct ctx *c, int j, enum difficulty how)
{
    int n = 0, felt_so = 0;

    for (int k = c->h->n_sessions - 1; k >= 0 && n < 2; k--) {
        const struct session_log *s = &c->h->sessions[k];
        if (s->day >= c->today || !(s->items_done & (1u << j)))
            continue;
        felt_so += item_felt(c, s, j) == how;
        n++;
    }
    return felt_so;
}

/* Whether item j's last two sessions both felt easy. */
static bool easy_lately(const struct ctx *c, int j)
{
    return felt_lately(c, j, DIFFICULTY_EASY) == 2;
}

/* Whether either of item j's last two sessions felt hard. */
static bool hard_lately(const struct ctx *c, int j)
{
    return felt_lately(c, j, DIFFICULTY_HARD) > 0;
}

static bool decided_today(const struct ctx *c, int j)
{
    for (int k = 0; k < c->n; k++)
        if (c->out[k].item == j)
            return true;
    return false;
}

/*
 * A full day: one set fewer of an item the person has lately found easy makes
 * room for item i's step (the trade the issue names beside the harder
 * variant); for the walks' step, a set of each of as many exercises not felt
 * hard as the step needs. Walking, relaxation and paused items are never the
 * ones cut, nor a set below an exercise's range.
 */
static bool trade_for_time(struct ctx *c, int i, const struct dose *up, int sessions,
                           enum adapt_rule_id rule)
{
    const struct adapt_item *it = &c->s->items[i];
    /* the walks come first (WalkBack; CLINICAL.md 6.5): for their step, exercises not
     * felt hard lately each give a set they have to spare, as many as the step needs; for
     * an exercise's step, one easy one */
    bool walks = i == c->s->walking;
    int start = c->n;
    struct decision *step;

    for (int j = 0; j < c->s->n_items; j++) {
        const struct adapt_item *o = &c->s->items[j];
        struct decision *cut;
        if (j == i || j == c->s->walking || o->paused || o->has_restore ||
            exercise_calms(o->exercise) ||
            c->s->maintenance || /* a maintenance plan's exercises hold */
            !o->dose.has[DOSE_SETS] || o->dose.value[DOSE_SETS] <= o->range.min[DOSE_SETS] ||
            decided_today(c, j) || (walks ? hard_lately(c, j) : !easy_lately(c, j)) ||
            c->n + 2 > ADAPT_MAX_DECISIONS)
            continue;
        if ((cut = emit(c, DECIDE_REGRESS, walks ? AR_TRADE_WALKS : AR_TRADE_TIME, j)) == NULL)
            break;
        cut->to.value[DOSE_SETS]--;
        if (fits_step(c, i, it->exercise, up)) {
            for (int k = start; k < c->n; k++)
                explain(c, &c->out[k], 0, 0, 0);
            if ((step = emit(c, DECIDE_PROGRESS, it->exercise ? rule : AR_PROGRESS_WALKS, i))) {
                step->to = *up;
                explain(c, step, sessions, 0, 0);
            }
            return true;
        }
        if (!walks)
            c->n--; /* not room enough: try another instead */
    }
    c->n = start; /* no room even so: nothing is cut */
    return false;
}

/* The walks at their goal: one walk of the goal's minutes on as many of its days as the
 * person's week gives them. Nothing to grow, which is no cap ("it grew lately" was untrue
 * for a postman whose walks had never changed). */
static bool walks_at_goal(const struct ctx *c, const struct adapt_item *it)
{
    const struct dose *d = &it->dose;
    int days = adapt_walk_days(c->s);

    if (it->exercise || it->goal.minutes <= 0)
        return false;
    if (it->goal.days_per_week < days)
        days = it->goal.days_per_week;
    return d->value[DOSE_BOUTS] == 1 && d->value[DOSE_MINUTES] >= it->goal.minutes &&
           d->value[DOSE_DAYS_PER_WEEK] >= days;
}

/* A step up under rule `rule`, within the person's time and days; otherwise a trade
 * (the harder exercise instead of more of this one) or a hold that says why. */
static void step_up_or_chain(struct ctx *c, int i, int sessions, enum adapt_rule_id rule)
{
    const struct adapt_item *it = &c->s->items[i];
    struct decision *d;
    struct dose up;

    if (dose_step_up(c->p, it, c->today, adapt_walk_days(c->s), &up)) {
        if (fits_step(c, i, it->exercise, &up)) {
            if ((d = emit(c, DECIDE_PROGRESS, it->exercise ? rule : AR_PROGRESS_WALKS, i))) {
                d->to = up;
                explain(c, d, sessions, 0, 0);
            }
            return;
        }
        /* the harder exercise in place of more of this one, once this one is well under
         * way: half way up its range, or three weeks on it; not from the bottom of its
         * range in week 2, which is the day's doing and not the person's readiness */
        if (!((half_way_up(it) || settled_in(it, c->today)) && chain_up(c, i, sessions, true)) &&
            !trade_for_time(c, i, &up, sessions, rule) &&
            (d = emit(c, DECIDE_HOLD, AR_HOLD_TIME, i)))
            explain(c, d, sessions, 0, 0);
        return;
    }
    if (at_top(it) && chain_up(c, i, sessions, true))
        return;
    if ((d = emit(c, DECIDE_HOLD, at_top(it) || walks_at_goal(c, it) ? AR_HOLD_TOP : AR_HOLD_CAP,
                  i)) != NULL)
        explain(c, d, sessions, 0, 0); /* the cap, the chain's end or the walks' goal */
}

/* Graded activity (time-contingent) for high risk and chronic pain, when the rules say so. */
static bool graded_activity(const struct ctx *c)
{
    struct startback_result sb;
    bool high = startback_score(c->s->constraints.startback, &sb, NULL) == MRX_OK &&
                sb.risk == STARTBACK_HIGH;

    return (c->p->graded_high_risk && high) ||
           (c->p->graded_chronic && intake_chronicity(&c->s->constraints) == CHRONICITY_CHRONIC);
}

/*
 * A cut that the next sessions show was a passing setback is undone, the most
 * recent first: once the item has had progress_after_sessions - 1 sessions
 * (at least two) since its last change, within the person's limits, each
 * settled by the next morning.
 */
static bool recover_from_cut(struct ctx *c, int i)
{
    const struct adapt_item *it = &c->s->items[i];

    if (c->s->maintenance && i != c->s->walking)
        return false; /* a maintenance dose is the dose: no step back up to an older one */
    const struct dose_at *back = it->n_cuts > 0 ? &it->cuts[it->n_cuts - 1] : NULL;
    int need = c->p->progress_after_sessions > 2 ? c->p->progress_after_sessions - 1 : 2;
    struct evidence e;
    struct decision *d;

    if (!back || it->paused || it->has_restore || c->today - it->last_change_day < 2)
        return false;
    if (back->exercise != it->exercise && !may_swap_item(c, i, back->exercise))
        return false;
    item_evidence(c, i, it->last_change_day - 1, &e);
    if (e.sessions < need || !e.all_settled || e.peak > zone_green(c->p, c->baseline) ||
        e.last_hard)
        return false; /* back to the old dose only on sessions no worse than usual */
    if (!fits_day(c, i, back->exercise, &back->dose))
        return false;
    if ((d = emit(c, DECIDE_RESTORE, AR_RECOVER_CUT, i)) != NULL) {
        d->to_exercise = back->exercise;
        d->to = back->dose;
        explain(c, d, e.sessions, 0, 0);
    }
    return true;
}

/* Back towards a dose held in the last 4 weeks: a review this often. */
#define REBUILD_EVERY_DAYS 3

/* Whether the item's dose is below one it had in force in the last 4 weeks (the same
 * exercise: its marks start afresh with a new one). A mark was in force until the next
 * one, so a dose set five weeks ago and cut last week counts. Going back to a load the
 * person recently managed is not new load, so it is reviewed every few days, on one
 * session fewer, still a step at a time and under the weekly cap. */
static bool below_recent_best(const struct adapt_item *it, long today)
{
    return below_recent_best_at(it, &it->dose, today, 1e-9);
}

/* Whether `at` is below a dose the item had in force in the last 4 weeks, by more than
 * slack (a negative slack: or at it). */
static bool below_recent_best_at(const struct adapt_item *it, const struct dose *at, long today,
                                 double slack)
{
    double now = dose_weekly_volume(at);

    for (int k = 0; k < it->n_marks; k++) {
        long until = k + 1 < it->n_marks ? it->marks[k + 1].day : today;
        if (until >= today - 28 && it->marks[k].volume > now + slack)
            return true;
    }
    return false;
}

/* A stretch already held a minute or more in all each time (reps x hold, each side): more
 * does not help (ACSM 2011: 60 s of stretching a muscle group a day; stretching alone did
 * no better than control for back pain, Owen et al. 2020), and the time is better spent on
 * strength and walks. A physiotherapist's vignettes saw 5 x 60 s stretches take ten
 * minutes of a full day while strength work shrank. */
static bool stretch_enough(const struct adapt_params *p, const struct adapt_item *it)
{
    const struct dose *d = &it->dose;

    if (!it->exercise || it->exercise->category != CAT_STRETCH || !d->has[DOSE_HOLD_S])
        return false;
    return (d->has[DOSE_SETS] ? d->value[DOSE_SETS] : 1) *
               (d->has[DOSE_REPS] ? d->value[DOSE_REPS] : 1) * d->value[DOSE_HOLD_S] >=
           p->stretch_enough_seconds;
}

/* The weekly review of item i: step up, hold, or nothing yet. */
static void review(struct ctx *c, int i, bool graded)
{
    const struct adapt_item *it = &c->s->items[i];
    long since =
        it->last_change_day > it->last_review_day ? it->last_change_day : it->last_review_day;
    const struct session_log *today = session_on(c->h, c->today);
    double acceptable = zone_acceptable(c->p, c->baseline);
    bool rebuilding = below_recent_best(it, c->today);
    int every = rebuilding ? REBUILD_EVERY_DAYS : c->p->progress_every_days;
    int need = rebuilding && c->p->progress_after_sessions > 2 ? c->p->progress_after_sessions - 1
                                                               : c->p->progress_after_sessions;
    struct evidence e;
    struct decision *d;

    if (c->today - since < every || it->paused || exercise_calms(it->exercise) ||
        stretch_enough(c->p, it))
        return; /* relaxation and breathing keep their dose: they are not trained up; nor is
                 * a stretch held long enough (ACSM: about 60 s a stretch a day) */
    if (today && (today->items_done & (1u << i)) &&
        session_item_pain(today, i, c->baseline) > acceptable)
        return; /* just after a painful session: tomorrow's regress rule decides */
    /* The evidence is the recent sessions: at most the last two review periods. */
    if (since < c->today - 2 * c->p->progress_every_days)
        since = c->today - 2 * c->p->progress_every_days;
    item_evidence(c, i, since, &e);
    if (e.sessions < need || !e.all_settled || e.peak > acceptable)
        return; /* not enough settled evidence yet */
    if (e.newest < c->today - c->p->progress_every_days)
        return; /* back after a break: the step waits for sessions done since */
    if (e.last_hard) {
        if ((d = emit(c, DECIDE_HOLD, AR_HOLD_HARD, i)) != NULL)
            explain(c, d, e.sessions, e.peak, 0);
    } else if (graded || i == c->s->walking) {
        /* walks grow while pain monitoring allows (CLINICAL.md 6.5): within the acceptable
         * zone and settled by the next morning, as graded activity does for everything */
        step_up_or_chain(c, i, e.sessions, AR_PROGRESS_GRADED);
    } else if (e.peak <= zone_green(c->p, c->baseline)) {
        step_up_or_chain(c, i, e.sessions, AR_PROGRESS);
    } else if (e.easy_run >= c->p->easy_sessions &&
               e.peak <= (c->p->easy_max_pain_floor > zone_green(c->p, c->baseline)
                              ? c->p->easy_max_pain_floor
                              : zone_green(c->p, c->baseline))) {
        step_up_or_chain(c, i, e.easy_run, AR_PROGRESS_EASY);
    } else if ((d = emit(c, DECIDE_HOLD, AR_HOLD, i)) != NULL) {
        explain(c, d, e.sessions, e.peak, 0);
    }
}

/* One step down for a rising weekly trend (not below the range; no chain swap). */
static void regress_for_trend(struct ctx *c, int i)
{
    struct decision *d;
    struct dose down;

    if (exercise_calms(c->s->items[i].exercise) || c->s->items[i].paused)
        return;
    if (i == c->s->walking && c->rising && strcmp(c->rising, "stiffness") == 0)
        return; /* stiffness alone: walking is what eases it, so the walks stay */
    if (dose_step_down(c->p, &c->s->items[i], &down) &&
        (d = emit(c, DECIDE_REGRESS, AR_REGRESS_TREND, i)) != NULL) {
        d->to = down;
        explain(c, d, 0, 0, 0);
    }
}

/* A red flag the care team has yet to review holds item i back (no step while one is
 * open: CLINICAL.md 6.2), and its weekly review is due: the person is told why, once a
 * week, rather than left with a plan that silently stops growing. */
static bool waiting_for_review(const struct ctx *c, int i)
{
    const struct adapt_item *it = &c->s->items[i];
    long since =
        it->last_change_day > it->last_review_day ? it->last_change_day : it->last_review_day;

    return (c->s->open_alerts & ADAPT_RULE_BIT(AR_ALERT_RED_FLAG)) && !c->s->progression_held &&
           !c->s->flare_active && !it->paused && !exercise_calms(it->exercise) &&
           c->today - since >= c->p->progress_every_days && c->n < ADAPT_MAX_DECISIONS;
}

/* After a flare, on the way back to the pre-flare plan: `paused` counts the items
 * still paused (waiting for room in the day), which do not hold the others back. */
static bool recovering(const struct adapt_state *s, bool paused)
{
    if (s->flare_active)
        return false;
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].has_restore && (paused || !s->items[i].paused))
            return true;
    return false;
}

/* The planned way back (its announced steps) holds every other step up. An item still
 * on its way back after them, after a setback, goes on alone: it does not hold the
 * rest of the plan back for weeks. */
static bool planned_return(const struct ctx *c)
{
    const struct adapt_state *s = c->s;
    long end = flare_end_day(s);

    return recovering(s, false) &&
           (end < 0 ||
            c->today - end <= (long)c->p->flare_recovery_steps * c->p->flare_recovery_every_days);
}

int adapt_decide(const struct adapt_rules *rules, const struct catalog *cat,
                 const struct adapt_state *state, const struct history *h, long today,
                 struct decision *out)
{
    struct ctx c = {rules, &rules->p, cat, state, h, today, 0, NULL, out, 0};
    const struct checkin_log *ci = checkin_on(h, today);
    enum tier flag = ci ? ci->red_flag_tier : TIER_NONE;
    bool blocked, trend = false, trend_regress = false, graded;
    struct decision *d;

    if (state->stopped)
        return 0;
    c.baseline = adapt_baseline(c.p, state, h, today);
    if (flag >= TIER_ROUTINE)
        alert(&c, AR_ALERT_RED_FLAG, flag);
    if (flag == TIER_EMERGENCY)
        return c.n; /* the program stops: nothing else today */
    if (state->flare_active)
        flare_continues(&c);
    else if (flare_entry(&c))
        return c.n;
    if (!state->flare_active && !recovering(state, false)) {
        trend = trend_up(&c);
        /* A rising week: alert, and every item one step down, at most once a week. */
        trend_regress = trend && today - state->last_worsening_day >= 7;
        if (trend_regress)
            alert(&c, AR_ALERT_WORSENING, TIER_ROUTINE);
        volume_lost(&c);
    }
    /* A paused program has no sessions to do: its silence is not inactivity. */
    /* In maintenance the person goes on alone, checking in monthly: no inactivity or
     * no-improvement alerts, which would promise a care team's call. */
    if (!state->progression_held && !state->maintenance && inactive(&c))
        alert(&c, AR_ALERT_INACTIVITY, TIER_ROUTINE);
    if (!state->flare_active && !state->maintenance)
        no_improvement(&c);
    if (state->flare_active)
        return c.n; /* the flare plan stands until the flare ends */
    blocked = state->progression_held || flag >= TIER_ROUTINE || adapt_bad_morning(&c) ||
              (state->open_alerts & ADAPT_RULE_BIT(AR_ALERT_RED_FLAG)) || trend ||
              planned_return(&c) ||
              /* three flares in four weeks: no step up until the care team has looked */
              (state->open_alerts & ADAPT_RULE_BIT(AR_ALERT_FLARES_RECURRING));
    graded = graded_activity(&c);
    /* Walking first: its evidence is strongest (WalkBack), so it gets the day's time first. */
    for (int k = 0; k < state->n_items; k++) {
        int i = k == 0 ? state->walking : k <= state->walking ? k - 1 : k;
        if (decided_today(&c, i))
            continue; /* cut already to make room for another's step */
        if (maybe_regress(&c, i))
            continue;
        if (trend_regress)
            regress_for_trend(&c, i);
        else if (!blocked && !state->items[i].has_restore && !recover_from_cut(&c, i) &&
                 (!state->maintenance || i == state->walking))
            review(&c, i, graded); /* in maintenance, only the walks still grow */
        else if (waiting_for_review(&c, i) && (d = emit(&c, DECIDE_HOLD, AR_HOLD_REVIEW, i)))
            explain(&c, d, 0, 0, 0);
    }
    if (recovering(state, true) && !state->progression_held)
        flare_recovery(&c);
    plan_full(&c);
    return c.n;
}

int adapt_red_flag(const struct adapt_rules *rules, const struct adapt_state *state, enum tier tier,
                   struct decision *out)
{
    struct ctx c = {rules, &rules->p, NULL, state, NULL, 0, 0, NULL, out, 0};

    if (state->stopped || tier == TIER_NONE)
        return 0;
    alert(&c, AR_ALERT_RED_FLAG, tier);
    return c.n;
}
