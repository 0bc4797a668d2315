/*
 * program.h: the data that shapes every first plan (data/plan/program.json,
 * explained in docs/plan.md): starting levels by pain and disability,
 * exercise slots with their candidate chains, what each STarT Back stratum
 * adds, and the walking start.
 *
 * Ownership: a struct program keeps the parsed JSON document (`doc`) and its
 * strings point into it; free everything with program_release().
 */
#ifndef MOVERX_PROGRAM_H
#define MOVERX_PROGRAM_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"
#include "core/catalog/catalog.h"
#include "core/instruments/instruments.h"

#define PROGRAM_MAX_SLOTS 16
#define PROGRAM_MAX_CANDIDATES 12
#define PROGRAM_MAX_LEVELS 8
#define PROGRAM_MAX_LESSONS 32

/* Which intake preference a slot needs (PREF_NONE: always eligible). */
enum preference { PREF_NONE, PREF_POOL, PREF_YOGA, PREF_TAI_CHI, PREF_GYM, PREF_WALKING };

/* The intake's name of a preference ("pool_access", "yoga", ...); "" for none. */
const char *preference_name(enum preference p);

struct start_level {
    const char *id;
    double pain_at_least;       /* this level applies when pain_now >= this */
    double disability_at_least; /* ... or disability % >= this */
    int max_level;
    const char *reason;
    const char *citation;
};

struct plan_slot {
    const char *id;
    const char *candidates[PROGRAM_MAX_CANDIDATES]; /* chain entry points, best first */
    int n_candidates;
    int days_per_week; /* 0: the exercise's own default */
    enum preference requires;
    const char *why;
};

struct stratum_config {
    int required[PROGRAM_MAX_SLOTS]; /* slots this stratum adds to the program's required ones */
    int n_required;
    int optional[PROGRAM_MAX_SLOTS]; /* slot indexes, in order of priority */
    int n_optional;
    int max_exercises;
    int movement_breaks_per_day;
    const char *review_who; /* NULL: no review is scheduled */
    int review_within_days;
    const char *lessons[PROGRAM_MAX_LESSONS];
    int n_lessons;
    const char *explanation;
    const char *citation;
};

struct walking_target {
    int minutes, bouts, days_per_week;
};

struct walking_config {
    double start_fraction;  /* start at this share of the person's baseline */
    int short_bout_minutes; /* the bout length for people who barely walk */
    int short_bouts_below;  /* a start below this many minutes a day uses short bouts */
    struct walking_target goal, long_term_goal;
    const char *citation;
};

/* The course: its length and phases (docs/plan.md "Phases"). Maintenance
 * follows a discharge review, not a week. */
enum phase { PHASE_SETTLE, PHASE_BUILD, PHASE_CONSOLIDATE, PHASE_MAINTENANCE };
#define COURSE_PHASES 3 /* the phases counted in weeks: settle, build, consolidate */

#define COURSE_MAX_LESSONS 8 /* a phase's weekly lessons */

/* A lesson of a phase, one a week from the phase's first week; some are for
 * people with leg pain only (the sciatica lesson). */
#define COURSE_MAX_EARLY_GOALS 4

struct course_lesson {
    const char *lesson;
    bool leg_pain_only;
    int day; /* settle's: the day of the first two weeks it is read on; a later phase's
              * lesson has one only with early_for: the day it comes for those goals */
    /* Goal-table ids: a person with one of these goals reads it in settle, on `day`
     * (the work lesson early for someone whose goal is getting back to work). */
    const char *early_for[COURSE_MAX_EARLY_GOALS];
    int n_early_for;
};

struct course_config {
    int weeks;
    int until_week[COURSE_PHASES]; /* the last week of each phase; the last is `weeks` */
    const char *why[COURSE_PHASES];
    /* settle: lessons put into the stratum's daily ones on their day; later
     * phases: one a week */
    struct course_lesson lessons[COURSE_PHASES][COURSE_MAX_LESSONS];
    int n_lessons[COURSE_PHASES];
    const char *citation;
};

/* The goal table (docs/plan.md "Goals"): words in a PSFS activity -> what trains it. */
#define GOAL_MAX_ACTIVITIES 24
#define GOAL_MAX_WORDS 32
#define GOAL_MAX_TRAINS 16

struct goal_activity {
    const char *id;
    const char *keywords[GOAL_MAX_WORDS]; /* lower case; matched at the start of a word */
    int n_keywords;
    bool walking;                        /* the walking plan trains it too */
    const char *trains[GOAL_MAX_TRAINS]; /* exercises; their chains count with them */
    int n_trains;
    const char *why;
};

struct goal_table {
    struct goal_activity activities[GOAL_MAX_ACTIVITIES]; /* the first that matches wins */
    int n;
    const char *citation;
};

/* The discharge review at the course's end (docs/plan.md "The end of the course"). */
#define DISCHARGE_MAX_FLARE_STEPS 12

struct discharge_config {
    int review_week;             /* the review falls when this many weeks are done */
    int extension_weeks;         /* not ready: the plan goes on this long, to the next review */
    double pain_at_most;         /* pain this low (0-10, the last week's mean) is pain met... */
    double goal_rating_at_least; /* ... and a PSFS mean this high is function met */
    int maintenance_max_exercises, maintenance_days_per_week, check_in_every_days;
    const char *flare_plan[DISCHARGE_MAX_FLARE_STEPS]; /* day 1, 2, 3, when to get help */
    int n_flare_plan;
    const char *citation;
};

struct program {
    json_t *doc;
    const char *version;
    struct start_level levels[PROGRAM_MAX_LEVELS]; /* checked in order; the last always applies */
    int n_levels;
    struct plan_slot slots[PROGRAM_MAX_SLOTS];
    int n_slots;
    int required[PROGRAM_MAX_SLOTS]; /* slot indexes every plan fills */
    int n_required;
    struct stratum_config strata[3]; /* by enum startback_risk */
    struct walking_config walking;
    struct course_config course;
    struct goal_table goals;
    struct discharge_config discharge;
};

/*
 * Parses the program from JSON text. Unknown keys, wrong types, unknown
 * slot references and a last starting level that does not apply to
 * everyone are MRX_EDATA naming `source` and the place.
 */
int program_parse(const char *text, size_t len, const char *source, struct program *out,
                  struct mrx_err *err);

/*
 * Checks the program against the library in force: every candidate is an
 * exercise, every lesson id is in `lesson_ids` (n of them), every stratum
 * can fill the required slots. MRX_EDATA naming the place.
 */
int program_check(const struct program *p, const struct catalog *cat, const char *const *lesson_ids,
                  int n_lessons, struct mrx_err *err);

void program_release(struct program *p);

/* "settle", "build", "consolidate", "maintenance". */
const char *phase_name(enum phase ph);

/* Week 1.. of the program on `day`, the program having started on `start`. */
int course_week(long start, long day);

/*
 * The phase of a week of the course; after its last week the course stays
 * in its last phase until a discharge review moves it on.
 */
enum phase course_phase(const struct course_config *c, int week);

#endif
