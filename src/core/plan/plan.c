/*
 * plan.c: the first plan (see plan.h and docs/plan.md).
 *
 * In order: the STarT Back stratum picks the program's shape; pain and
 * disability pick a starting level; each required slot, then each optional
 * slot the person's preferences open, takes the first candidate chain that
 * has an exercise suiting the person (walking down regressions to the
 * starting level and past anything their situation rules out); doses start
 * at the library default and are trimmed until the whole day fits the time
 * the person has.
 */
#include "compat.h"

#include <math.h>

#include "common/xalloc.h"
#include "core/plan/build.h"
#include "core/plan/explain.h"
#include "core/plan/goals.h"
#include "core/plan/plan.h"
#include "core/plan/week.h"

#define SECONDS_PER_REP 3.0 /* moving into and out of a rep, beside any hold */
#define REST_BETWEEN_SETS 20.0
#define SETUP_SECONDS 15.0

double dose_minutes(const struct exercise *ex, const struct dose *d)
{
    const int *v = d->value;
    double seconds;

    if (d->has[DOSE_MINUTES])
        return v[DOSE_MINUTES] * (d->has[DOSE_BOUTS] ? v[DOSE_BOUTS] : 1);
    seconds = (d->has[DOSE_SETS] ? v[DOSE_SETS] : 1) * (d->has[DOSE_REPS] ? v[DOSE_REPS] : 1) *
              ((d->has[DOSE_HOLD_S] ? v[DOSE_HOLD_S] : 0) + SECONDS_PER_REP) *
              (ex->per_side ? 2 : 1);
    seconds += ((d->has[DOSE_SETS] ? v[DOSE_SETS] : 1) - 1) * REST_BETWEEN_SETS + SETUP_SECONDS;
    return seconds / 60.0;
}

static const struct start_level *starting_level(const struct intake *in, const struct program *prog)
{
    double disability = 0;
    bool has_disability = intake_disability_percent(in, &disability);
    double pain = in->has_pain_week_average && in->pain_week_average > in->pain_now
                      ? in->pain_week_average
                      : in->pain_now;

    for (int i = 0; i < prog->n_levels; i++) {
        const struct start_level *l = &prog->levels[i];
        if (pain >= l->pain_at_least || (has_disability && disability >= l->disability_at_least))
            return l;
    }
    return &prog->levels[prog->n_levels - 1];
}

/* Walking is planned on its own (the walking plan), never as an exercise item. */
static bool ex_is_walking(const struct exercise *ex)
{
    for (int i = 0; i < ex->n_tags; i++)
        if (strcmp(ex->tags[i], "walking") == 0)
            return true;
    return false;
}

/* The note an exercise carries for this person's condition, when it says "modify". */
static const char *caution_for(const struct exercise *ex, const struct intake *in)
{
    if (in->pregnant && ex->cautions[CAUTION_PREGNANCY].advice == ADVICE_MODIFY)
        return ex->cautions[CAUTION_PREGNANCY].note;
    if (in->leg_pain && ex->cautions[CAUTION_ACUTE_LEG_PAIN].advice == ADVICE_MODIFY)
        return ex->cautions[CAUTION_ACUTE_LEG_PAIN].note;
    return NULL;
}

/*
 * Whether this person may do this exercise at the start. Strict: nothing
 * their condition asks to modify either. Records in *left_out what was
 * passed over and why.
 */

static bool suits(const struct exercise *ex, const struct intake *in, int max_level, bool strict,
                  unsigned *left_out)
{
    if (ex->level > max_level || !exercise_allowed(ex, in) || ex_is_walking(ex)) {
        if (ex->level <= max_level && in->pregnant &&
            ex->cautions[CAUTION_PREGNANCY].advice == ADVICE_AVOID)
            *left_out |= LEFT_OUT_PREGNANCY;
        return false;
    }
    if (strict && plan_balance_care(ex, in)) {
        *left_out |= LEFT_OUT_BALANCE; /* a supported version first; this one only if none */
        return false;
    }
    if (strict && caution_for(ex, in)) {
        *left_out |= in->pregnant && ex->cautions[CAUTION_PREGNANCY].advice == ADVICE_MODIFY
                         ? LEFT_OUT_PREGNANCY
                         : LEFT_OUT_LEG_PAIN;
        return false;
    }
    return true;
}

static bool chosen(const struct plan *p, const struct exercise *ex)
{
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].exercise == ex)
            return true;
    return false;
}

/*
 * A yoga slot gives yoga and a tai chi slot tai chi, all the way down their
 * chains: the library's easier option for chair yoga is seated tai chi (what
 * to do in a bad flare), which is not what a person who asked for yoga is
 * offered as their yoga.
 */
static bool serves_slot(const struct plan_slot *slot, const struct exercise *ex)
{
    const char *tag = slot->requires == PREF_YOGA      ? "yoga"
                      : slot->requires == PREF_TAI_CHI ? "tai-chi"
                                                       : NULL;
    if (!tag)
        return true;
    for (int i = 0; i < ex->n_tags; i++)
        if (strcmp(ex->tags[i], tag) == 0)
            return true;
    return false;
}

/* Whether goal k is trained by an item already in the plan. */
static bool goal_covered(const struct plan *p, int k)
{
    for (int i = 0; i < p->n_items; i++)
        for (int m = 0; m < p->goals[k].n_match; m++)
            if (goal_trained_by(p->goals[k].match[m], p->items[i].exercise, NULL))
                return true;
    return false;
}

/* How well an exercise trains the person's goals: the best place any of
 * their goals' entries gives it (0 the most specific), or -1 for none; a goal
 * nothing in the plan trains yet counts before all the others (GOAL_MAX_TRAINS
 * places ahead), so the slots share the goals out rather than all serving one
 * (gardening and tennis: the hip hinge trains both, sit to stand only gardening). */
static int goal_rank(const struct plan *p, const struct exercise *ex)
{
    int best = -1;
    for (int k = 0; k < p->n_goals; k++) {
        int ahead = goal_covered(p, k) ? GOAL_MAX_TRAINS : 0;
        for (int m = 0; m < p->goals[k].n_match; m++) {
            int at = goal_train_rank(p->goals[k].match[m], ex);
            if (at >= 0 && (best < 0 || at + ahead < best))
                best = at + ahead;
        }
    }
    return best;
}

/*
 * The first exercise down a candidate's regression chain that suits, or
 * NULL; with for_goals, of the candidates' first that suit, the one most
 * specific to a goal of the person's (the goal table lists what trains a
 * goal most directly first), the slot's order breaking a tie.
 */
static const struct exercise *pick_pass(const struct plan_slot *slot, struct plan *p,
                                        const struct intake *in, const struct catalog *cat,
                                        bool strict, bool for_goals, unsigned *left_out)
{
    const struct exercise *best = NULL;
    int best_rank = -1;

    for (int k = 0; k < slot->n_candidates; k++) {
        const struct exercise *ex = catalog_find(cat, slot->candidates[k]);
        enum exercise_category kind = ex ? ex->category : CAT_COUNT;
        for (int steps = 0; ex && steps <= cat->n; steps++) {
            if (strict && ex->category != kind) {
                ex = NULL; /* down the chain into another kind (the bridge's easier option
                            * is the pelvic tilt): only as a last resort */
                break;
            }
            if (!chosen(p, ex) && serves_slot(slot, ex) &&
                suits(ex, in, p->start_level->max_level, strict, left_out))
                break;
            ex = ex->regression ? catalog_find(cat, ex->regression) : NULL;
        }
        if (ex && !for_goals)
            return ex;
        /* a slot keeps its candidates' kind: down the bridge's chain lies the pelvic tilt,
         * a mobility move, and a goal of sleeping better had put it in the strength slot,
         * leaving a plan with no strength work */
        if (ex) {
            int rank = goal_rank(p, ex);
            if (rank >= 0 && (best_rank < 0 || rank < best_rank)) {
                best = ex;
                best_rank = rank;
            }
        }
    }
    return best;
}

/* Whether `ex` is of a slot's family: a candidate, or reached from one along
 * its progression or regression links (a chain step taken in the course). */
static bool in_family(const struct plan_slot *slot, const struct exercise *ex,
                      const struct catalog *cat)
{
    for (int k = 0; k < slot->n_candidates; k++)
        for (int harder = 0; harder < 2; harder++) {
            const struct exercise *at = catalog_find(cat, slot->candidates[k]);
            for (int steps = 0; at && steps <= cat->n; steps++) {
                const char *next = harder ? at->progression : at->regression;
                if (at == ex)
                    return true;
                at = next ? catalog_find(cat, next) : NULL;
            }
        }
    return false;
}

/* A seed of the slot's family, or the first down its regression chain that
 * suits the person as they are now; NULL when the slot has no seed. */
static const struct exercise *pick_seed(const struct plan_slot *slot, struct plan *p,
                                        const struct intake *in, const struct catalog *cat)
{
    for (int i = 0; i < p->n_seeds; i++) {
        const struct exercise *ex = p->seeds[i].exercise;
        unsigned ignored = 0;
        if (!in_family(slot, ex, cat))
            continue;
        for (int strict = 1; strict >= 0; strict--)
            for (const struct exercise *at = ex; at;
                 at = at->regression ? catalog_find(cat, at->regression) : NULL)
                if (!chosen(p, at) && suits(at, in, p->start_level->max_level, strict, &ignored))
                    return at;
    }
    return NULL;
}

/*
 * Prefers an exercise of the slot that trains one of the person's goals
 * (docs/plan.md "Goals") and suits them as they are; then the slot's first
 * that suits the person's condition as it is; only if none does, one whose
 * note says how to modify it (the note goes with it).
 */
static const struct exercise *pick(const struct plan_slot *slot, struct plan *p,
                                   const struct intake *in, const struct catalog *cat)
{
    unsigned strict_left_out = 0, lenient_left_out = 0, for_goals_left_out = 0;
    const struct exercise *ex = pick_seed(slot, p, in, cat);

    if (ex) /* a new course: what the person kept up, as they are now */
        return ex;
    if ((ex = pick_pass(slot, p, in, cat, true, true, &for_goals_left_out))) {
        /* one of the slot's that trains what the person most wants back; what their
         * condition left out is still said (no floor, pregnancy, leg pain) */
        p->left_out |= for_goals_left_out;
        return ex;
    }
    ex = pick_pass(slot, p, in, cat, true, false, &strict_left_out);

    if (ex) {
        p->left_out |= strict_left_out;
        return ex;
    }
    ex = pick_pass(slot, p, in, cat, false, false, &lenient_left_out);
    p->left_out |= lenient_left_out;
    return ex;
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/*
 * About half a dose, as the flare plan says to come back after a setback:
 * its reps, or else its hold, or else its minutes halved (one key, so the
 * volume is halved, not quartered), never below the range.
 */
static void halve_dose(struct dose *d, const struct dose_range *r)
{
    static const enum dose_key order[] = {DOSE_REPS, DOSE_HOLD_S, DOSE_MINUTES};

    for (size_t k = 0; k < MRX_ARRAY_LEN(order); k++)
        if (d->has[order[k]]) {
            int half = (d->value[order[k]] + 1) / 2;
            d->value[order[k]] = half < r->min[order[k]] ? r->min[order[k]] : half;
            return;
        }
}

static void add_item(struct plan *p, const struct exercise *ex, const struct plan_slot *slot,
                     const struct intake *in)
{
    struct plan_item *it = &p->items[p->n_items++];
    int days = slot->days_per_week ? slot->days_per_week : ex->dose.value[DOSE_DAYS_PER_WEEK];

    it->exercise = ex;
    it->slot = slot;
    it->dose = ex->dose;
    /* No more days than the person gave, within the exercise's range; where its range
     * asks for more, the week (week.h) still puts it only on the person's days. */
    it->dose.value[DOSE_DAYS_PER_WEEK] =
        clamp(days < in->days_per_week ? days : in->days_per_week,
              ex->range.min[DOSE_DAYS_PER_WEEK], ex->range.max[DOSE_DAYS_PER_WEEK]);
    if (ex->category == CAT_AQUATIC && in->pool_days) /* only the days they get to a pool */
        it->dose.value[DOSE_DAYS_PER_WEEK] =
            clamp(it->dose.value[DOSE_DAYS_PER_WEEK] < week_count(in->pool_days)
                      ? it->dose.value[DOSE_DAYS_PER_WEEK]
                      : week_count(in->pool_days),
                  ex->range.min[DOSE_DAYS_PER_WEEK], ex->range.max[DOSE_DAYS_PER_WEEK]);
    if (ex->category == CAT_STRENGTH) { /* a day of rest between (ACSM 2009), where it can */
        int rested =
            week_days_with_rest(in->days ? in->days : week_default_days(in->days_per_week, 0));
        if (rested >= ex->range.min[DOSE_DAYS_PER_WEEK] &&
            it->dose.value[DOSE_DAYS_PER_WEEK] > rested)
            it->dose.value[DOSE_DAYS_PER_WEEK] = rested;
    }
    for (int i = 0; i < p->n_seeds; i++)
        if (p->seeds[i].exercise == ex) { /* about half the dose they kept, on the slot's days */
            int days_kept = it->dose.value[DOSE_DAYS_PER_WEEK];
            if (dose_in_range(&p->seeds[i].dose, &ex->range)) {
                it->dose = p->seeds[i].dose;
                it->dose.value[DOSE_DAYS_PER_WEEK] = days_kept;
                halve_dose(&it->dose, &ex->range);
            }
        }
    it->minutes = dose_minutes(ex, &it->dose);
    it->caution = caution_for(ex, in);
}

int plan_days_kept(const struct plan *p, int days)
{
    return days < p->n_days ? days : p->n_days;
}

static bool slot_open(const struct plan_slot *s, const struct intake *in)
{
    const struct intake_preferences *pr = &in->preferences;
    switch (s->requires) {
    case PREF_POOL:
        return pr->pool_access;
    case PREF_YOGA:
        return pr->yoga;
    case PREF_TAI_CHI:
        return pr->tai_chi;
    case PREF_GYM:
        return pr->gym_equipment;
    case PREF_WALKING:
        return pr->walking;
    default:
        return true;
    }
}

static double session_minutes(const struct plan *p)
{
    double total = 0;
    for (int i = 0; i < p->n_items; i++)
        total += p->items[i].minutes;
    return total;
}

double walk_day_minutes(int minutes, int bouts, int own)
{
    int walks = minutes * bouts;

    if (own < WALK_CREDIT_FROM_MINUTES)
        own = 0;
    return walks > own ? walks - own : 0;
}

static double walks_minutes(const struct plan *p)
{
    return walk_day_minutes(p->walking.minutes, p->walking.bouts, p->own_walking);
}

/* Each item's exercise and dose, as the warm-pool route's functions take them (water.c). */
static void item_views(const struct plan *p, const struct exercise **ex, const struct dose **dose)
{
    for (int i = 0; i < p->n_items; i++) {
        ex[i] = p->items[i].exercise;
        dose[i] = &p->items[i].dose;
    }
}

/* The pool's days a week, and whether they are its own (the warm-pool route). */
static int pool_days(const struct plan *p)
{
    const struct exercise *ex[PLAN_MAX_ITEMS];
    const struct dose *dose[PLAN_MAX_ITEMS];

    item_views(p, ex, dose);
    return plan_pool_days(ex, dose, p->n_items);
}

static bool water_days(const struct plan *p)
{
    return plan_water_days(p->water_possible, p->n_days, pool_days(p));
}

/* A day's minutes: everything, or, when the pool's days are its own, the longer of a land
 * day (walks and land exercises) and a pool day (the pool, and what must be daily). */
static double day_minutes(const struct plan *p)
{
    const struct exercise *ex[PLAN_MAX_ITEMS];
    const struct dose *dose[PLAN_MAX_ITEMS];
    double minutes[PLAN_MAX_ITEMS];
    int pool;

    item_views(p, ex, dose);
    pool = plan_pool_days(ex, dose, p->n_items);
    if (!plan_water_days(p->water_possible, p->n_days, pool))
        return walks_minutes(p) + session_minutes(p);
    for (int i = 0; i < p->n_items; i++)
        minutes[i] = p->items[i].minutes;
    return plan_water_day_minutes(ex, minutes, p->n_items, walks_minutes(p), p->n_days - pool);
}

/* The warm-pool route: the land exercises and the walks keep to the days the pool leaves;
 * an exercise whose range asks for more days than those (a daily stretch) keeps its own. */
static void keep_land_off_pool_days(struct plan *p)
{
    int land = p->n_days - pool_days(p);

    for (int i = 0; i < p->n_items; i++) {
        const struct exercise *ex = p->items[i].exercise;
        struct dose *d = &p->items[i].dose;
        if (ex->category != CAT_AQUATIC && !plan_water_daily(ex, land) &&
            ex->range.min[DOSE_DAYS_PER_WEEK] <= land && d->value[DOSE_DAYS_PER_WEEK] > land)
            d->value[DOSE_DAYS_PER_WEEK] = land;
    }
    if (p->walking.days_per_week > land)
        p->walking.days_per_week = land;
    if (p->days && p->pool_days && week_count(p->pool_days) == pool_days(p)) {
        /* the land days are known: strength keeps a day of rest between on them (ACSM 2009) */
        int rested = week_days_with_rest(p->days & ~p->pool_days);
        for (int i = 0; i < p->n_items; i++) {
            const struct exercise *ex = p->items[i].exercise;
            struct dose *d = &p->items[i].dose;
            if (ex->category == CAT_STRENGTH && rested >= ex->range.min[DOSE_DAYS_PER_WEEK] &&
                d->value[DOSE_DAYS_PER_WEEK] > rested)
                d->value[DOSE_DAYS_PER_WEEK] = rested;
        }
    }
    p->water_days = true;
}

/* Lowers one dose value of the longest item that can still go down. */
static bool trim_exercise(struct plan *p)
{
    static const enum dose_key order[] = {DOSE_SETS, DOSE_REPS, DOSE_HOLD_S, DOSE_MINUTES,
                                          DOSE_BOUTS};
    for (size_t k = 0; k < MRX_ARRAY_LEN(order); k++) {
        struct plan_item *best = NULL;
        for (int i = 0; i < p->n_items; i++) {
            struct plan_item *it = &p->items[i];
            enum dose_key key = order[k];
            if (it->dose.has[key] && it->dose.value[key] > it->exercise->range.min[key] &&
                (!best || it->minutes > best->minutes))
                best = it;
        }
        if (best) {
            best->dose.value[order[k]]--;
            best->minutes = dose_minutes(best->exercise, &best->dose);
            return true;
        }
    }
    return false;
}

/*
 * Trims until the day fits, always from the larger part of the day (the
 * walks or the exercise session), so neither is cut to the bone while the
 * other keeps its full dose. False if it can never fit.
 */
static bool fit_time(struct plan *p, const struct walking_config *w)
{
    while (day_minutes(p) > p->available_minutes) {
        /* walks the person already does take none of their time: trimming them gives none */
        bool walking_first = walks_minutes(p) > 0 && walks_minutes(p) >= session_minutes(p);
        if (walking_first ? !plan_walking_trim(p, w) && !trim_exercise(p)
                          : !trim_exercise(p) && !(walks_minutes(p) > 0 && plan_walking_trim(p, w)))
            return false;
    }
    return true;
}

static int fill_required(struct plan *p, const struct intake *in, const struct catalog *cat,
                         const struct program *prog, struct mrx_err *err)
{
    const struct stratum_config *s = &prog->strata[p->stratum];

    for (int i = 0; i < prog->n_required + s->n_required; i++) {
        int k = i < prog->n_required ? prog->required[i] : s->required[i - prog->n_required];
        const struct plan_slot *slot = &prog->slots[k];
        const struct exercise *ex = pick(slot, p, in, cat);
        if (!ex)
            return mrx_err_set(err, MRX_EDATA, "program",
                               "no exercise in slot '%s' suits this intake", slot->id);
        add_item(p, ex, slot, in);
    }
    return MRX_OK;
}

static void omit(struct plan *p, enum preference pref, enum omit_reason why, int minutes)
{
    for (int i = 0; i < p->n_omitted; i++)
        if (p->omitted[i].preference == pref)
            return; /* the first reason stands */
    if (p->n_omitted < PLAN_MAX_OMITTED)
        p->omitted[p->n_omitted++] = (struct omission){pref, why, minutes};
}

static bool has_preference_item(const struct plan *p, enum preference pref)
{
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].slot->requires == pref)
            return true;
    return false;
}

/*
 * Fits a slot's exercise into the day: the chosen one at its own dose, or
 * any exercise of the slot that suits, at its own dose or its smallest.
 * False when none fits; *needed is then the fewest minutes a day with one.
 */
static bool fit_slot(struct plan *p, const struct exercise *first, const struct plan_slot *slot,
                     const struct intake *in, const struct catalog *cat, int *needed)
{
    unsigned ignored = 0;

    *needed = 0;
    for (int k = -1; k < slot->n_candidates; k++) {
        const struct exercise *ex = k < 0 ? first : catalog_find(cat, slot->candidates[k]);
        for (int steps = 0; ex && steps <= cat->n; steps++) {
            if ((k < 0 || (ex != first && !chosen(p, ex) && serves_slot(slot, ex) &&
                           suits(ex, in, p->start_level->max_level, false, &ignored)))) {
                struct plan_item *it;
                struct dose full, least;
                int cuts;
                add_item(p, ex, slot, in);
                it = &p->items[p->n_items - 1];
                if (ex->category == CAT_AQUATIC && p->water_possible) {
                    /* the warm-pool route: fewer pool days where that leaves the land its
                     * days (4 days: the pool once a week, the land work on 3) */
                    int room = p->n_days - WATER_LAND_DAYS_MIN;
                    if (room >= ex->range.min[DOSE_DAYS_PER_WEEK] &&
                        it->dose.value[DOSE_DAYS_PER_WEEK] > room)
                        it->dose.value[DOSE_DAYS_PER_WEEK] = room;
                }
                full = it->dose;
                dose_at_range_min(ex, full.value[DOSE_DAYS_PER_WEEK], &least);
                /* its own dose, then (timed) each minute less, or (counted) its smallest */
                cuts = full.has[DOSE_MINUTES] ? full.value[DOSE_MINUTES] - least.value[DOSE_MINUTES]
                                              : 1;
                for (int cut = 0; cut <= cuts; cut++) {
                    it->dose = cut == 0 || !full.has[DOSE_MINUTES] ? (cut ? least : full) : full;
                    if (cut && full.has[DOSE_MINUTES])
                        it->dose.value[DOSE_MINUTES] = full.value[DOSE_MINUTES] - cut;
                    it->minutes = dose_minutes(ex, &it->dose);
                    if (ex->category == CAT_AQUATIC && it->minutes < POOL_SESSION_MIN_MINUTES)
                        continue; /* not worth the trip to the pool */
                    if (day_minutes(p) <= p->available_minutes)
                        return true;
                    if (!*needed || (int)ceil(day_minutes(p)) < *needed)
                        *needed = (int)ceil(day_minutes(p));
                }
                p->n_items--;
            }
            if (k < 0)
                break;
            ex = ex->regression ? catalog_find(cat, ex->regression) : NULL;
        }
    }
    return false;
}

/*
 * Water exercise and yoga or tai chi are sessions of their own, on days of
 * their own (week.h, the kinds of session): they do not count toward the
 * stratum's most exercises, which is about how many moves a person learns
 * for one session; a plan has at most one of each.
 */
static bool own_session(const struct exercise *ex)
{
    return ex->category == CAT_AQUATIC || ex->category == CAT_MIND_BODY;
}

static const struct plan_item *session_of(const struct plan *p, enum exercise_category c)
{
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].exercise->category == c)
            return &p->items[i];
    return NULL;
}

static int land_items(const struct plan *p)
{
    int n = 0;
    for (int i = 0; i < p->n_items; i++)
        n += !own_session(p->items[i].exercise);
    return n;
}

/*
 * Adds each open optional slot in priority order while there is room and
 * time; a slot the person asked for that does not go in is named with why:
 * none of its exercises suits them, the plan is full, or none fits the day
 * even at its smallest dose.
 */
static void fill_optional(struct plan *p, const struct intake *in, const struct catalog *cat,
                          const struct program *prog)
{
    const struct stratum_config *s = &prog->strata[p->stratum];

    for (int i = 0; i < s->n_optional; i++) {
        const struct plan_slot *slot = &prog->slots[s->optional[i]];
        const struct exercise *ex;
        int needed;
        if (!slot_open(slot, in))
            continue;
        if (!(ex = pick(slot, p, in, cat))) {
            omit(p, slot->requires, OMIT_NONE_SUITS, 0);
            continue;
        }
        if (own_session(ex)) { /* the pool, a mind-body session: one of each, days of their own */
            if (session_of(p, ex->category)) {
                omit(p, slot->requires, OMIT_ONE_SESSION, 0);
                continue;
            }
        } else if (land_items(p) >= s->max_exercises) {
            omit(p, slot->requires, OMIT_PLAN_FULL, land_items(p));
            continue;
        }
        if (!fit_slot(p, ex, slot, in, cat, &needed))
            omit(p, slot->requires, OMIT_NO_TIME, needed);
    }
}

/* Every stated preference either shaped the plan or is named with why not. */
static void account_preferences(struct plan *p, const struct intake *in)
{
    static const enum preference asked[] = {PREF_POOL, PREF_YOGA, PREF_TAI_CHI, PREF_GYM};
    const struct intake_preferences *pr = &in->preferences;
    const bool said[] = {pr->pool_access, pr->yoga, pr->tai_chi, pr->gym_equipment};

    for (size_t k = 0; k < MRX_ARRAY_LEN(asked); k++)
        if (said[k] && !has_preference_item(p, asked[k]))
            omit(p, asked[k], OMIT_NOT_IN_PLAN, 0); /* no reason yet: no slot took it */
    if (!pr->walking)
        omit(p, PREF_WALKING, OMIT_WALKING_STAYS, 0);
    /* a slot that went in after all (a later slot of the same preference) is not omitted */
    for (int i = 0; i < p->n_omitted; i++)
        if (p->omitted[i].preference != PREF_WALKING &&
            has_preference_item(p, p->omitted[i].preference))
            p->omitted[i--] = p->omitted[--p->n_omitted];
}

static void copy_stratum(struct plan *p, const struct program *prog)
{
    const struct stratum_config *s = &prog->strata[p->stratum];

    p->movement_breaks_per_day = s->movement_breaks_per_day;
    p->review_who = s->review_who;
    p->review_within_days = s->review_within_days;
}

/*
 * A flag shortens the review: urgent means a clinician within a day (the
 * plan is held until then), routine within a few working days. The earliest
 * review wins; the stratum's reviewer keeps the task when there is one.
 */
static void schedule_review(struct plan *p, const struct triage_result *triage)
{
    int days = triage->tier >= TIER_URGENT ? 1 : triage->tier == TIER_ROUTINE ? 5 : 0;

    if (!days || (p->review_who && p->review_within_days <= days))
        return;
    if (triage->tier >= TIER_URGENT || !p->review_who)
        p->review_who = triage->tier >= TIER_URGENT ? "clinician" : "care team";
    p->review_within_days = days;
}

int plan_build(const struct intake *in, const struct triage_result *triage,
               const struct catalog *cat, const struct program *prog, const struct plan_seed *seeds,
               int n_seeds, struct plan *out, struct mrx_err *err)
{
    struct startback_result sb;
    int rc;

    memset(out, 0, sizeof(*out));
    for (int i = 0; i < n_seeds && out->n_seeds < PLAN_MAX_SEEDS; i++)
        if (seeds[i].exercise)
            out->seeds[out->n_seeds++] = seeds[i];
    if (triage->program == PROGRAM_STOP || triage->program == PROGRAM_NOT_STARTED)
        return mrx_err_set(err, MRX_EINTERNAL, "plan", "triage says %s: there is no plan",
                           program_action_name(triage->program));
    startback_score(in->startback, &sb, NULL);
    out->stratum = sb.risk;
    out->status = triage->program == PROGRAM_PAUSE ? PLAN_PAUSED : PLAN_ACTIVE;
    out->progression_held = out->status == PLAN_PAUSED;
    out->start_level = starting_level(in, prog);
    out->available_minutes = in->minutes_per_day;
    out->own_walking = in->walking_minutes_per_day;
    copy_stratum(out, prog);
    out->course = &prog->course;
    out->pregnant = in->pregnant;
    out->leg_pain = in->leg_pain;
    out->n_days = in->days_per_week;
    out->days = in->days;
    out->pool_days = in->pool_days;
    out->water_possible = plan_land_hurts(in) && in->preferences.pool_access;
    plan_match_goals(out, in, prog);
    plan_schedule_lessons(out, prog, in);
    plan_walking(out, in, &prog->walking);
    if ((rc = fill_required(out, in, cat, prog, err)))
        return rc;
    if (!fit_time(out, &prog->walking))
        return mrx_err_set(err, MRX_EDATA, "program",
                           "the smallest plan does not fit in %d minutes a day",
                           in->minutes_per_day);
    fill_optional(out, in, cat, prog);
    if (water_days(out))
        keep_land_off_pool_days(out);
    for (int i = 0; i < out->n_seeds; i++)
        out->n_seeds_kept += chosen(out, out->seeds[i].exercise);
    if (out->n_seeds && (!out->review_who || out->review_within_days > RESTART_CONTACT_DAYS)) {
        /* the pain came back to stay: the care team gets in touch within days */
        out->review_who = out->review_who ? out->review_who : "care team";
        out->review_within_days = RESTART_CONTACT_DAYS;
    }
    account_preferences(out, in);
    plan_link_goals(out);
    schedule_review(out, triage);
    out->day_minutes = day_minutes(out);
    return MRX_OK;
}

/* A plan as the person gets it: built, what was left out for time priced exactly, explained. */
static int make_plan(const struct intake *in, const struct triage_result *triage,
                     const struct catalog *cat, const struct program *prog,
                     const struct plan_seed *seeds, int n_seeds, struct plan *out,
                     struct mrx_err *err)
{
    int rc = plan_build(in, triage, cat, prog, seeds, n_seeds, out, err);

    if (rc)
        return rc;
    plan_price_omissions(out, in, triage, cat, prog, seeds, n_seeds);
    out->explanation = plan_explain(out, in, triage, prog);
    return MRX_OK;
}

int plan_first(const struct intake *in, const struct triage_result *triage,
               const struct catalog *cat, const struct program *prog, struct plan *out,
               struct mrx_err *err)
{
    return make_plan(in, triage, cat, prog, NULL, 0, out, err);
}

int plan_restart(const struct intake *in, const struct triage_result *triage,
                 const struct catalog *cat, const struct program *prog,
                 const struct plan_seed *seeds, int n_seeds, struct plan *out, struct mrx_err *err)
{
    return make_plan(in, triage, cat, prog, seeds, n_seeds, out, err);
}

void plan_release(struct plan *p)
{
    for (int i = 0; i < p->n_goals; i++)
        free(p->goals[i].activity);
    free(p->explanation);
    memset(p, 0, sizeof(*p));
}
