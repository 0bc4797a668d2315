/*
 * adapt.h: day-by-day adaptation of a plan (DESIGN.md "The adaptation
 * engine", CLINICAL.md section 6, docs/adaptation.md).
 *
 * adapt_decide() is a pure function of (plan state, history, today): it
 * returns decisions, each with the id of the rule that made it, a
 * plain-language reason for the patient and the rule's citation.
 * adapt_apply() turns decisions into the next plan state. The rules' numbers,
 * explanations and citations come from data/rules/adapt.json.
 *
 * Safety, by construction: nothing steps up while a red flag is open, a flare
 * is active or the plan is held; every dose stays inside its safe range; an
 * item's weekly volume never rises more than the cap (30 %) within 7 days.
 */
#ifndef MOVERX_ADAPT_H
#define MOVERX_ADAPT_H

#include <jansson.h>

#include "compat.h"
#include "common/difficulty.h"
#include "common/err.h"
#include "core/catalog/catalog.h"
#include "core/plan/plan.h"
#include "core/triage/triage.h"

/* ==================== Rules ==================== */

enum adapt_rule_id {
    AR_PROGRESS,        /* pain-contingent: pain low and settled */
    AR_PROGRESS_EASY,   /* rated easy, pain acceptable */
    AR_PROGRESS_GRADED, /* time-contingent graded activity: the quota's step */
    AR_PROGRESS_WALKS,
    AR_CHAIN_STEP,
    AR_HOLD,
    AR_HOLD_HARD,
    AR_HOLD_TIME,
    AR_HOLD_CAP, /* the weekly cap: it grew lately */
    AR_HOLD_TOP, /* at the top of its range, with no harder exercise to go to */
    AR_HOLD_REVIEW,
    AR_REGRESS_PAIN,
    AR_REGRESS_SETTLE,
    AR_REGRESS_TREND,
    AR_REGRESS_HARD,
    AR_TRADE_TIME,  /* one set fewer of an easy item, to make room for another's step */
    AR_TRADE_WALKS, /* one set fewer of an item not felt hard, to make room for the walks */
    AR_RECOVER_CUT,
    AR_FLARE_START,
    AR_FLARE_EASE,
    AR_FLARE_SWAP,
    AR_FLARE_PAUSE,
    AR_FLARE_END,
    AR_FLARE_RECOVER,
    AR_FLARE_RESUME, /* the way back after a setback on it: a step at a time */
    AR_ALERT_RED_FLAG,
    AR_ALERT_NO_IMPROVEMENT,
    AR_ALERT_WORSENING,
    AR_ALERT_INACTIVITY,
    AR_ALERT_FLARE,
    AR_ALERT_FLARES_RECURRING,
    AR_ALERT_VOLUME_LOST,
    AR_ALERT_PLAN_FULL,      /* three weeks in which nothing could grow: the day is full */
    AR_ALERT_HURTS_AT_LEAST, /* an exercise hurt at its smallest dose, with nothing easier */
    AR_ALERT_SESSION_PAIN,   /* a session's pain of 8 or more: the care team hears at once */
    AR_ANSWER_TOO_MUCH,      /* the words for a session above the acceptable zone */
    AR_ANSWER_TOO_HARD,      /* the words for a session rated too hard */
    AR_COUNT
};

/* A rule's bit in a set of rules (the open alerts). */
#define ADAPT_RULE_BIT(rule) ((uint64_t)1 << (rule))
_Static_assert(AR_COUNT <= 64, "a set of rules is 64 bits");

/* What "no improvement" expects by a time, for one chronicity (docs/adaptation.md). */
struct expected_course {
    int days;                 /* judged from this many days after the start */
    double min_change_points; /* the rolling baseline below the intake by at least this */
};

struct adapt_params {
    /* The person's baseline: the median check-in pain of the last baseline_days
     * (flare days left out); the intake's pain stands in for missing check-ins. */
    int baseline_days;
    int baseline_min_checkins;
    /* Pain zones, relative to the baseline b: green up to max(green_floor, b +
     * green_above), acceptable up to max(acceptable_floor, b + acceptable_above). */
    double green_floor, green_above;
    double acceptable_floor, acceptable_above;
    double settled_margin;       /* settled: next-morning pain <= b + margin */
    int progress_after_sessions; /* sessions needed at a review */
    int progress_every_days;     /* at most one step up per item in this many days */
    int easy_sessions;           /* rated easy this many times running: a step at acceptable pain */
    double easy_max_pain_floor;  /* ... with pain up to max(this, the green line) */
    double step_percent;         /* a step is about this share of the dose */
    double cap_percent_7_days;   /* weekly volume never up more than this in 7 days */
    bool graded_high_risk;       /* graded activity for STarT Back high risk */
    bool graded_chronic;         /* graded activity for pain of over 12 weeks */
    double flare_points_above_baseline;
    int flare_consecutive_days;
    double flare_volume_percent;
    int flare_min_days;
    int flare_recovery_steps;
    int flare_recovery_every_days;
    int flare_escalate_days;
    double severe_flare_points; /* a flare this far above the baseline for 3 days: alert */
    int flares_alert_count, flares_alert_days;
    double volume_lost_alert_percent;
    struct expected_course no_improvement[3]; /* by enum chronicity */
    double improving_points_per_week;         /* a trend this steep is improvement */
    double no_improvement_min_pain;           /* a baseline at or below this is not flagged */
    double worsening_points;
    int inactivity_days;
    int stretch_enough_seconds; /* a stretch held this long in all (reps x hold) grows no more */
};

struct adapt_rule {
    const char *id;
    const char *explanation; /* template: {item} {from} {to} {sessions} {pain} {days} ... */
    const char *citation;
};

struct adapt_rules {
    json_t *doc; /* owns the strings below */
    const char *name, *version;
    struct adapt_params p;
    struct adapt_rule rules[AR_COUNT];
};

/* Parses data/rules/adapt.json; every rule the engine knows must be there, no other. */
int adapt_rules_parse(const char *text, size_t len, const char *source, struct adapt_rules *out,
                      struct mrx_err *err);
void adapt_rules_release(struct adapt_rules *r);

struct history;

/* ==================== Plan state ==================== */

#define ADAPT_MAX_ITEMS (PLAN_MAX_ITEMS + 1) /* the exercises and walking */
#define ADAPT_NEVER (-1000000L)              /* a day long before any plan */
#define ADAPT_MAX_MARKS 8

struct volume_mark {
    long day;
    double volume; /* weekly volume from that day on */
};

#define ADAPT_MAX_CUTS 4

/* An exercise at a dose (NULL: walking). */
struct dose_at {
    const struct exercise *exercise;
    struct dose dose;
};

struct adapt_item {
    const struct exercise *exercise; /* NULL for walking */
    struct dose dose;                /* walking: minutes, bouts, days_per_week */
    struct dose_range range;
    long last_change_day;
    long last_review_day;
    struct volume_mark marks[ADAPT_MAX_MARKS]; /* volumes set in the last days, newest last */
    int n_marks;
    struct walking_target goal; /* walking: where the walks grow to (the plan's long-term goal) */
    bool paused;                /* advised against in a flare, with nothing to do instead */
    /* A flare returns each item to what it was before: the exercise and dose. */
    bool has_restore;
    const struct exercise *restore_exercise;
    struct dose restore;
    /* The doses before the recent cuts (regressions), newest last: once the pain
     * settles, each cut is undone in turn (recover_after_cut); a flare soon after
     * a cut starts from before it. A cut soon after an undo forgets them all:
     * that dose was too much. */
    struct dose_at cuts[ADAPT_MAX_CUTS];
    int n_cuts;
    long last_cut_day;
    long last_recover_day;
    /* The last step up: a flare in the days after it starts from before it. */
    long last_step_day;
    struct dose_at before_step;
    /* The exercise this item came from along its chain, at the dose it left: a
     * harder exercise that does not suit goes back there, not to its bottom. */
    const struct exercise *chain_from;
    struct dose chain_from_dose;
};

#define ADAPT_MAX_FLARES 4 /* the recent flares kept: enough for three in four weeks */

struct flare_span {
    long start, end; /* end is -1 while the flare lasts */
};

struct adapt_state {
    struct adapt_item items[ADAPT_MAX_ITEMS];
    int n_items;
    int walking;          /* index of the walking item */
    double baseline_pain; /* the intake's: the start of the rolling baseline */
    double start_volume;  /* the first plan's weekly minutes */
    long start_day;
    bool progression_held; /* urgent triage: no step up until a clinician clears it */
    bool stopped;          /* emergency: the program is stopped */
    bool flare_active;
    bool maintenance; /* discharged: exercise doses hold, walks may still grow, flares eased */
    long flare_start_day;
    double flare_baseline; /* the baseline when the flare began: its end is judged on it */
    struct flare_span flares[ADAPT_MAX_FLARES]; /* the most recent, oldest first */
    int n_flares;
    uint64_t open_alerts; /* ADAPT_RULE_BIT(rule) per alert raised and not yet resolved */
    long last_worsening_day;
    struct intake constraints; /* what rules exercises out (pregnancy, floor, ...); no PSFS */
};

/* Still coming back from a flare: an item paused, or with a dose to return to. */
bool adapt_recovering_from_flare(const struct adapt_state *s);

/*
 * The state of a first plan that starts on start_day. The baseline pain is
 * the intake's weekly average, or its pain now.
 */
void adapt_state_from_plan(const struct plan *p, const struct intake *in, long start_day,
                           struct adapt_state *out);

/* The person's pain baseline on `today` (see struct adapt_params). */
double adapt_baseline(const struct adapt_params *p, const struct adapt_state *s,
                      const struct history *h, long today);

/* A full day of the plan, in minutes: every exercise once and the day's walks. */
double adapt_day_minutes(const struct adapt_state *s);
/* The same with each item i as exercise ex[i] at dose[i], paused or not (the changes of a
 * day being decided); on the warm-pool route, the longer of a land and a pool day. */
double adapt_day_minutes_of(const struct adapt_state *s, const struct exercise *const *ex,
                            const struct dose *const *dose, const bool *paused);
/* The days the walks may take: the person's, less the pool's on the warm-pool route. */
int adapt_walk_days(const struct adapt_state *s);

/* Minutes of the person's day one item takes at a dose: an exercise's
 * session (ex), or for walking (ex NULL) what goes beyond the walking they
 * already did (walk_day_minutes). Every time check of the engine uses it. */
double adapt_item_minutes(const struct adapt_state *s, const struct exercise *ex,
                          const struct dose *d);

/* The plan's weekly minutes (exercises and walks). */
double adapt_week_minutes(const struct adapt_state *s);

/* Relaxation and breathing: never cut for pain, kept whole in a flare. */
bool exercise_calms(const struct exercise *ex);

/* The safe range of the walking item. */
const struct dose_range *adapt_walking_range(void);

/* Weekly volume of a dose (sets x reps x hold x days, or minutes x bouts x days). */
double dose_weekly_volume(const struct dose *d);

/* ==================== Answering a session ==================== */

#define ADAPT_SESSION_PAIN_TEAM 8 /* a session's pain this high: the care team hears */

enum session_verdict { SESSION_OK, SESSION_TOO_HARD, SESSION_TOO_MUCH };

struct session_answer {
    enum session_verdict verdict;
    double usual, limit; /* the person's baseline today and their acceptable zone's top */
    bool tell_team;      /* pain of ADAPT_SESSION_PAIN_TEAM or more */
    char advice[512];    /* for the person: what happens next and what to do now ("" when OK) */
    char team[384];      /* the alert's words, when tell_team */
};

struct history;
/* What a session's own answers call for at once (answer.c). */
void adapt_answer_session(const struct adapt_rules *rules, const struct adapt_state *s,
                          const struct history *h, long day, double pain_during,
                          enum difficulty difficulty, struct session_answer *out);

/* ==================== History ==================== */

struct session_log {
    long day;
    double pain_during; /* peak, 0..10 */
    enum difficulty difficulty;
    unsigned items_done; /* bit i: state item i was done (walking included) */
    unsigned items_pain; /* bit i: item i has its own pain (the "this one hurt" answer) */
    unsigned char item_pain[ADAPT_MAX_ITEMS];
    unsigned char item_difficulty[ADAPT_MAX_ITEMS]; /* enum difficulty; NONE: the session's */
};

/*
 * The pain an item had in a session: its own when given. When the person
 * named the items that hurt, the others are taken as no worse than their
 * usual pain (`baseline`); otherwise they share the session's peak.
 */
double session_item_pain(const struct session_log *s, int item, double baseline);
enum difficulty session_item_difficulty(const struct session_log *s, int item);

struct checkin_log {
    long day;
    double pain; /* pain now, 0..10 */
    bool has_next_morning;
    double next_morning_pain;
    bool has_stiffness;
    double stiffness; /* morning stiffness, 0..10 */
    int walk_minutes;
    enum tier red_flag_tier; /* of any red flags reported at this check-in */
    bool flare_reported;     /* "I'm having a flare" */
};

/* Sessions and check-ins, each sorted by day, at most one of each a day. */
struct history {
    const struct session_log *sessions;
    int n_sessions;
    const struct checkin_log *checkins;
    int n_checkins;
};

/* ==================== Decisions ==================== */

enum decision_kind {
    DECIDE_PROGRESS,    /* dose up, or the next exercise in the chain */
    DECIDE_HOLD,        /* reviewed, stays the same */
    DECIDE_REGRESS,     /* dose down, or the easier exercise */
    DECIDE_FLARE_START, /* item -1: a flare begins; an item: its flare dose, swap or pause */
    DECIDE_FLARE_END,   /* item -1 */
    DECIDE_RESTORE,     /* after a flare: a step back to the item's pre-flare dose */
    DECIDE_ALERT,
};

#define DECISION_REASON_MAX 480

struct decision {
    enum decision_kind kind;
    enum adapt_rule_id rule;
    int item;                                           /* state item index, or -1 */
    const struct exercise *from_exercise, *to_exercise; /* NULL for walking */
    struct dose from, to;
    enum tier tier;  /* alerts */
    double baseline; /* a flare's start: the baseline it is judged on */
    bool pause;      /* a flare pauses the item (nothing suits instead) */
    char reason[DECISION_REASON_MAX];
};

#define ADAPT_MAX_DECISIONS (2 * ADAPT_MAX_ITEMS + 8)

/*
 * Decides what changes today, from the state and the history up to and
 * including today. Pure: neither the state nor the history is changed.
 * Returns the number of decisions written (at most ADAPT_MAX_DECISIONS).
 */
int adapt_decide(const struct adapt_rules *rules, const struct catalog *cat,
                 const struct adapt_state *state, const struct history *h, long today,
                 struct decision *out);

/*
 * The decision for red flags reported outside the day-by-day review (a
 * check-in for a day already reviewed): a red flag always acts, whatever
 * its date. Returns the number of decisions (0 or 1).
 */
int adapt_red_flag(const struct adapt_rules *rules, const struct adapt_state *state, enum tier tier,
                   struct decision *out);

/* Applies decisions made for `today` to the state: the next plan version. */
void adapt_apply(const struct adapt_rules *rules, struct adapt_state *state,
                 const struct decision *d, int n, long today);

/* One exercise of a plan as a clinician sets it: the dose holds days_per_week too. */
struct plan_edit_item {
    const struct exercise *exercise;
    struct dose dose;
};

/*
 * A clinician's change: the exercises in the order given (each dose inside
 * its exercise's safe range, none twice, none advised against for the
 * person), and the walking dose when `walking` is not NULL. Items that stay
 * keep their history; the state is otherwise unchanged. Pure.
 */
int adapt_edit(const struct adapt_state *in, const struct plan_edit_item *items, int n,
               const struct dose *walking, long day, struct adapt_state *out, struct mrx_err *err);

/* Notes the item's weekly volume as set on `day` (the newest mark; the
 * oldest gives way when full), for the pacing rules. */
void adapt_mark(struct adapt_item *it, long day);

/* A clinician (or the care team's process) resolved an open alert. */
void adapt_resolve_alert(struct adapt_state *state, enum adapt_rule_id rule);

/* A clinician cleared the plan: a hold from triage or a red flag ends. */
void adapt_clear_hold(struct adapt_state *state);

/* Days the care team has to act on an alert: it is a promise to the person
 * ("your care team will check in"), so it becomes a task due this soon. */
int adapt_alert_due_days(enum tier tier);

/*
 * The exercises a maintenance plan keeps, at most max (maintenance.c): bit i
 * for item i. Not the ones hurt in the last four weeks while others are left;
 * those training the person's goals (goal_items, bit i) first; then the ones
 * done most often against how often they were asked; and one strength exercise
 * that agreed with them, in place of the last kept that trains no goal.
 */
unsigned maintenance_keep(const struct adapt_state *s, const struct history *h, long day,
                          unsigned goal_items, int max);

/* The citation of a decision's rule. */
const char *decision_citation(const struct adapt_rules *rules, const struct decision *d);

#endif
