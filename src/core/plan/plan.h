/*
 * plan.h: a person's first plan, made from their intake, their triage
 * result, the exercise library and the program (docs/plan.md).
 *
 * A plan points into the catalog and the program it was made from (they
 * must outlive it) and owns only its explanation; free with plan_release().
 */
#ifndef MOVERX_PLAN_H
#define MOVERX_PLAN_H

#include "compat.h"
#include "common/err.h"
#include "core/catalog/catalog.h"
#include "core/plan/goals.h"
#include "core/plan/intake.h"
#include "core/plan/program.h"
#include "core/triage/triage.h"

#define PLAN_MAX_ITEMS 8    /* up to 6 exercises, a water exercise and a yoga or tai chi session */
#define PLAN_LESSON_DAYS 14 /* one lesson a day for the first two weeks */

struct plan_item {
    const struct exercise *exercise;
    const struct plan_slot *slot; /* why it is in the plan */
    struct dose dose;             /* inside the exercise's safe range; has days_per_week */
    double minutes;               /* estimated time for it in one session */
    const char *caution;          /* the exercise's note for this person's condition, or NULL */
};

/* What a plan left out because of the person's situation (plan.left_out bits). */
enum left_out { LEFT_OUT_PREGNANCY = 1, LEFT_OUT_LEG_PAIN = 2, LEFT_OUT_BALANCE = 4 };

/* From this age, moves that test balance (on a step, on one leg) give way to supported ones
 * where the slot has one [derived: falls become common from 65, NICE CG161, and most
 * people in this program who are over 70 have not been assessed for them]. */
#define PLAN_BALANCE_CARE_AGE 70

struct walking_plan {
    int minutes, bouts, days_per_week;
    struct walking_target goal, long_term_goal;
};

enum plan_status { PLAN_ACTIVE, PLAN_PAUSED };

/* Why a stated preference did not shape the plan (docs/plan.md "Preferences"). */
enum omit_reason {
    OMIT_NO_TIME,      /* its item did not fit the person's minutes */
    OMIT_PLAN_FULL,    /* the plan already holds the most exercises it starts with */
    OMIT_NONE_SUITS,   /* none of its exercises suits the person at the start */
    OMIT_NOT_IN_PLAN,  /* the plan for this stratum has no place for it */
    OMIT_ONE_SESSION,  /* the plan has its mind-body session already (yoga or tai chi) */
    OMIT_WALKING_STAYS /* "walking: false": walks stay, for the evidence */
};

struct omission {
    enum preference preference;
    enum omit_reason why;
    int number; /* OMIT_NO_TIME: the minutes a day with it in; OMIT_PLAN_FULL: the exercises
                 */
};

#define PLAN_MAX_OMITTED 6

/* One of the person's goals (a PSFS activity) and what in the plan trains it. */
struct plan_goal {
    char *activity;                                      /* the person's words (owned) */
    const struct goal_activity *match[GOAL_MAX_MATCHES]; /* the goal table's entries */
    int n_match;                                         /* 0: outside the program */
    unsigned items;                                      /* bit i: items[i] trains it */
    bool walking;                                        /* the walks train it */
};

/* What a new course keeps from the maintenance plan it starts from: an
 * exercise the person kept up, at the dose they kept it at. */
struct plan_seed {
    const struct exercise *exercise;
    struct dose dose;
};

/* A pool session shorter than this is not worth the trip: the water exercise
 * is left out, with the minutes a day that would let it in. */
#define POOL_SESSION_MIN_MINUTES 10

#define PLAN_MAX_SEEDS 8
#define RESTART_CONTACT_DAYS 3 /* a relapse that has not eased: contact within days */

/* A lesson of a later phase: read in the first days of its week of the course. */
struct plan_lesson {
    const char *lesson;
    int week;
};

#define PLAN_MAX_LATER_LESSONS (COURSE_PHASES * COURSE_MAX_LESSONS)

struct plan {
    enum plan_status status;
    bool progression_held; /* paused by triage: no progression until a clinician clears it */
    enum startback_risk stratum;
    const struct start_level *start_level;
    struct plan_item items[PLAN_MAX_ITEMS];
    int n_items;
    struct walking_plan walking;
    int movement_breaks_per_day;
    const char *lessons[PLAN_LESSON_DAYS]; /* day 1 first */
    int n_lessons;
    const struct course_config *course;               /* the 12-week course and its phases */
    struct plan_lesson later[PLAN_MAX_LATER_LESSONS]; /* the phases' weekly lessons, in order */
    int n_later;
    const char *review_who; /* NULL when no review is due */
    int review_within_days;
    int available_minutes;   /* the person's minutes a day */
    int own_walking;         /* minutes a day the person walked before the program */
    double day_minutes;      /* the plan's estimated minutes on a full day */
    bool water_possible;     /* land hurts and there is a pool: the warm-pool route may apply */
    bool water_days;         /* the pool's days are its own (water.c) */
    unsigned left_out;       /* enum left_out bits: what the person's situation changed */
    bool pregnant, leg_pain; /* the condition the exercises' own cautions are read for */
    unsigned days;           /* the person's days (week.h mask); 0: only a count was given */
    unsigned pool_days;      /* the days they can get to a pool (a subset); 0: any of them */
    int n_days;              /* how many days the person gave */
    struct omission omitted[PLAN_MAX_OMITTED]; /* every stated preference that did not shape it */
    int n_omitted;
    struct plan_goal goals[PSFS_MAX_ACTIVITIES];
    int n_goals;
    char *explanation; /* plain language: why this plan */
    /* plan_restart: the maintenance plan's exercises, and how many of them the
     * new plan kept (the rest changed to suit the person as they are now) */
    struct plan_seed seeds[PLAN_MAX_SEEDS];
    int n_seeds, n_seeds_kept;
};

/*
 * Makes the first plan. The triage result must not say stop (there is no
 * plan then); a pause gives a plan with progression held. Fails with
 * MRX_EDATA only if the program cannot fill a required slot for this intake.
 */
int plan_first(const struct intake *in, const struct triage_result *triage,
               const struct catalog *cat, const struct program *prog, struct plan *out,
               struct mrx_err *err);

/*
 * Makes the plan of a new course that starts again from a maintenance plan
 * (docs/plan.md "Starting again"): as plan_first, but each slot takes the
 * seed of its family first (an exercise reachable from one of its
 * candidates along the chains), at the seed's dose with the slot's days; a
 * seed that no longer suits the person (their pain now, pregnancy, leg pain)
 * steps down its regression chain to one that does, at that one's own dose.
 */
int plan_restart(const struct intake *in, const struct triage_result *triage,
                 const struct catalog *cat, const struct program *prog,
                 const struct plan_seed *seeds, int n_seeds, struct plan *out, struct mrx_err *err);

void plan_release(struct plan *p);

/* In plain words: what in the plan trains a goal, or that none does. */
void plan_goal_text(const struct plan *p, const struct plan_goal *g, char *buf, size_t size);
/* The same from the exercises' names (n of them), whether the walks train
 * it and whether the goal table knows it at all. */
void goal_text(const char *activity, const char *const *names, int n, bool walking, bool known,
               char *buf, size_t size);

/* In plain words: why a preference did not shape the plan, and what would change that. */
void plan_omission_text(const struct omission *o, int available_minutes, char *buf, size_t size);

/*
 * Whether this person may do this exercise at all: not ruled out by
 * pregnancy, acute leg pain, floor work or missing equipment.
 */
bool exercise_allowed(const struct exercise *ex, const struct intake *in);

/*
 * Whether this person, at PLAN_BALANCE_CARE_AGE or over, should have a supported version
 * of this exercise first: it tests balance (on a step, tagged balance). Not tai chi or
 * yoga: slow balance work is what prevents falls (NICE CG161), and their seated versions
 * are there for a flare. The first plan passes such moves over where a slot has another,
 * and the course never steps up into one.
 */
bool plan_balance_care(const struct exercise *ex, const struct intake *in);

/* Days a week as the person has them: never more than the days they gave (week.h). */
int plan_days_kept(const struct plan *p, int days);

/* Estimated minutes one session of this exercise at this dose takes. */
double dose_minutes(const struct exercise *ex, const struct dose *d);

/* Minutes a routine's moves take at their own doses (routine.c). */
double routine_natural_minutes(const struct catalog *cat, const struct exercise *r);

/* Move i of routine r as done in a routine of `routine_dose` (the plan's): when that is
 * shorter than the moves' own minutes, their minutes and repetitions shrink by the same
 * share, holds stay, none below one. Without a dose, the library's own. */
void routine_move_dose(const struct catalog *cat, const struct exercise *r, int i,
                       const struct dose *routine_dose, struct dose *out);

/* Own walking below this (minutes a day) is mostly steps about the house,
 * not walks: it earns no credit (CLINICAL.md 6.5: the first goal is 20-30
 * minutes a day of walking). */
#define WALK_CREDIT_FROM_MINUTES 20

/* Where the walks start: what the person walks now when that is real walking
 * (WALK_CREDIT_FROM_MINUTES a day or more: they keep it, CLINICAL.md 6.5's first
 * goal is 20-30 minutes), else below it (the walking config's start_fraction,
 * CLINICAL.md 6.3: start below the baseline). Before the goal's cap. */
int plan_walking_start(const struct intake *in, const struct walking_config *w);

/*
 * Minutes of the person's day the walks take: only what goes beyond the
 * walking they already did before the program (`own`, the intake's
 * walking_minutes_per_day) when that is real walking (at least
 * WALK_CREDIT_FROM_MINUTES). Walking someone already does is not new time:
 * a postman who walks 150 minutes a day keeps it and gives all his minutes
 * to the exercises (docs/plan.md "Walking the person already does").
 */
double walk_day_minutes(int minutes, int bouts, int own);

/* The warm-pool route (water.c). Moving on land is likely to hurt: leg pain, or pain of
 * 7 or more now or this week. */
bool plan_land_hurts(const struct intake *in);
/* The land days the route leaves must hold the walks (3 days at least: their range). */
#define WATER_LAND_DAYS_MIN 3
/* Whether pool days are the pool's own, the land exercises and walks on the other days:
 * land hurts and there is a pool (plan_land_hurts and pool_access), and the person's
 * n_days leave WATER_LAND_DAYS_MIN beside pool_days. */
bool plan_water_days(bool land_hurts_with_pool, int n_days, int pool_days);
/* The days of the week the pool takes: the most of any water exercise's (ex[i] NULL:
 * walking). */
int plan_pool_days(const struct exercise *const *ex, const struct dose *const *dose, int n);
/* Whether an exercise must be done on the pool's days too: its range asks for more days
 * than the land days, or the library gives it every day (a daily stretch). */
bool plan_water_daily(const struct exercise *ex, int land_days);
/* A day's minutes on the route: the longer of a land day (walks, net of the person's own
 * walking, and the land exercises) and a pool day (the water exercises and the daily
 * ones). ex[i] NULL for none; minutes[i] each item's. */
double plan_water_day_minutes(const struct exercise *const *ex, const double *minutes, int n,
                              double walks, int land_days);

/* Days within which "someone will be in touch" is a contact, not a plan review. */
#define PROMISE_CONTACT_DAYS 3

/* The task a plan's promise becomes (promise.c): "first_contact" when a clinician (or, on
 * a restart, the care team) is to be in touch within PROMISE_CONTACT_DAYS, otherwise
 * "plan_review"; NULL when the plan promised nothing. */
const char *plan_promise_task(const char *who, int within_days, bool restart);

#endif
