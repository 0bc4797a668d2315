/*
 * internal.h: what the files of src/records/ share: loading a patient's
 * current episode with its intake, engine state and plan, and the audit.
 */
#ifndef MOVERX_RECORDS_INTERNAL_H
#define MOVERX_RECORDS_INTERNAL_H

#include "core/adapt/adapt.h"
#include "core/plan/intake.h"
#include "records/records.h"

/* A patient and their current episode, copied out of the store. */
struct episode_ctx {
    struct patient_rec patient; /* name points into name_buf */
    char *name_buf;
    struct episode_rec ep; /* engine_state points into state_buf */
    char *state_buf;
    json_t *intake_doc; /* the intake as recorded */
    bool has_intake;    /* intake parsed (not for an emergency stop) */
    struct intake intake;
    bool has_state; /* engine state loaded */
    struct adapt_state state;
    json_t *plan; /* the newest plan version's plan, or NULL */
    int plan_version;
};

/* An episode's sessions and check-ins as the engine reads them (engine.c). */
struct history_buf {
    const struct adapt_state *state;
    const struct catalog *cat; /* to find an item whose exercise has moved along its chain */
    struct session_log *sessions;
    int n_sessions;
    struct checkin_log *checkins;
    int n_checkins;
};

/* The history from 28 days before `first` (or the start) through `through`; the
 * caller frees sessions and checkins, also on error. */
int load_history(const struct records *r, const struct episode_ctx *c, long first, long through,
                 struct history_buf *h, struct mrx_err *err);

/* ==================== The memo (memo.c) ==================== */

/* The entry of an episode, or NULL (no memo, none kept). */
struct memo_entry *memo_find(struct records_memo *m, const char *episode_id);
/* The entry of an episode, made as needed; NULL without a memo. */
struct memo_entry *memo_for(struct records_memo *m, const char *episode_id);
/* Stored JSON parsed (as stored_json), or the parse kept of the same text: a
 * new reference to a document nobody may change. e may be NULL. */
int memo_intake_doc(struct memo_entry *e, const char *text, json_t **out, struct mrx_err *err);
int memo_plan_doc(struct memo_entry *e, const char *text, json_t **out, struct mrx_err *err);
/* Whether engine_plan_json(plan, s) is known to give plan again: plan is the
 * memo's own and was last rendered the same from a state equal where it counts. */
bool memo_plan_renders_same(struct memo_entry *e, const json_t *plan, const struct adapt_state *s);
/* Notes that engine_plan_json(plan, s) gave plan again (when plan is the memo's own). */
void memo_plan_rendered_same(struct memo_entry *e, const json_t *plan, const struct adapt_state *s);
/* The engine state kept for text (read against the intake kept), if any. */
bool memo_state_get(struct memo_entry *e, const char *text, struct adapt_state *out);
/* Keeps s as what reading text gives (episode_save makes sure it is exactly that). */
void memo_state_keep(struct memo_entry *e, const char *text, const struct adapt_state *s);

/* Loads the patient (MRX_ENOTFOUND naming "patient") and, with want_episode, the
 * current episode and everything the engine needs. */
int episode_load(const struct records *r, const char *patient_id, bool want_episode,
                 struct episode_ctx *out, struct mrx_err *err);
void episode_release(struct episode_ctx *c);
/* The patient and, when there is one, the current episode with everything
 * the engine needs (*has_episode says which). */
int episode_load_current(const struct records *r, const char *patient_id, struct episode_ctx *c,
                         bool *has_episode, struct mrx_err *err);

/*
 * An entry the episode cannot take (has_episode false: there is none yet;
 * otherwise `why` says why not): its warning signs are triaged all the same
 * (records_triage_report's work) and *out says so; with none that fires,
 * the entry is refused (no intake yet, or `why`). (report.c)
 */
int report_or_refuse(const struct records *r, struct episode_ctx *c, bool has_episode, long day,
                     const json_t *flags, const char *occasion, const char *why, json_t **out,
                     struct mrx_err *err);

/* A person's or organization's name: 1..200 bytes of UTF-8, no control characters. */
int records_check_name(const char *name, const char *field, struct mrx_err *err);

/* Words of a check-in list (feel-better, get-better): known, each once. */
int records_check_words(const json_t *list, const char *const *allowed, const char *field,
                        struct mrx_err *err);

/* The plan JSON for an engine state, keeping what `prev` said of each item. */
json_t *engine_plan_json(const struct records *r, const json_t *prev, const struct adapt_state *s);

/* Stores the episode's engine state, and its status as the state implies. */
int episode_save(const struct records *r, struct episode_ctx *c, struct mrx_err *err);

/* An organization's settings as JSON (records/org.c). */
json_t *org_json(const struct org_rec *o);

/* An alert as JSON for the care team and the patient. */
json_t *alert_json(const struct alert_rec *a);
/* What the care team is to do about an alert, in the clinician's words: an engine rule's
 * task title (its reason is the patient's words), else the reason itself (tasks.c). */
const char *alert_care_text(const struct alert_rec *a);
/* ==================== The end of the course (discharge.c) ==================== */

/*
 * The review at the end of the course, when `day` is on or after it and it
 * has not been made: maintenance (a new plan version, the engine state made
 * the maintenance plan) or the plan goes on to the next review (a version
 * saying so, and a task for the care team). Nothing when not due.
 */
int discharge_review(const struct records *r, struct episode_ctx *c, long day, struct mrx_err *err);

/* ==================== Views of the plan in force (views.c) ==================== */

/* The plan versions of an episode as of a day (today and the handout read them). */
struct versions {
    long day;        /* the day asked about */
    long since;      /* changes after this day count as new */
    char *in_force;  /* the text of the newest plan on `day` (parsed once, at the end) */
    json_t *plan;    /* in_force parsed */
    json_t *changes; /* versions after `since`, up to `day`, made by rules or people */
    json_t *all;     /* every change after the first plan, or NULL when not wanted */
    int count;       /* versions in all */
    struct mrx_err *err;
};

/* The plan versions of the episode as of `day`; every change too with want_all. */
int load_versions(const struct records *r, const char *org_id, const struct episode_marks *m,
                  long day, bool want_all, struct versions *vs, struct mrx_err *err);
void versions_release(struct versions *vs);

/* The condition the plan was made for (its "condition"): what the library's
 * cautions are read for. */
struct condition_now {
    bool pregnant, leg_pain;
};

struct condition_now condition_of(const json_t *plan);

/* "week", "program_weeks" and "phase" on the day (plan: the one in force, or NULL). */
void course_stand(const struct records *r, const json_t *plan, long start_day, long day,
                  json_t *out);

/* ==================== Tasks (tasks.c) ==================== */

json_t *task_json(const struct task_rec *t);
/* Opens a task (an id, now, open); appends task_json() to tasks_out unless NULL. */
int task_open(const struct records *r, const struct task_rec *t, json_t *tasks_out,
              struct mrx_err *err);
/* The care team's answer to a new alert: due by its tier (adapt_alert_due_days). */
/* A promise of the start (a first contact, a plan review), not a review of the course's end. */
bool task_is_promise(const struct task_rec *t);
/* Opens an alert (its id and opened_at set here, the rest the caller's) and its task for the
 * care team: what every alert's message promises the person. */
int alert_raise(const struct records *r, struct alert_rec *a, json_t *tasks_out,
                struct mrx_err *err);
int task_for_alert(const struct records *r, const struct alert_rec *a, json_t *tasks_out,
                   struct mrx_err *err);
/* The review the first plan promised (its "care_team"), if any. */
int task_for_plan(const struct records *r, const struct episode_rec *ep, const json_t *plan,
                  json_t *tasks_out, struct mrx_err *err);
/* Marks a task done, by `by` (a user id, or "engine"), now, with the note. */
int task_close(const struct records *r, struct task_rec *t, const char *by, const char *note,
               struct mrx_err *err);
/* Appends task_json() of each task of an episode to `out`. */
int tasks_of_episode(const struct records *r, const char *org_id, const char *episode_id,
                     json_t *out, struct mrx_err *err);
/* The open tasks that answer an alert, done with it (by the actor, now, with the note). */
int tasks_close_for_alert(const struct records *r, const struct alert_rec *a, const char *note,
                          struct mrx_err *err);
/* A store_alerts_*_each callback: appends alert_json() to the array `arg`. */
int alert_append(const struct alert_rec *a, void *arg);

/* Writes the audit event of an access to a patient's data. */
/* One audit row for each patient a list view shows (records/care.c). */
int audit_each(const struct records *r, const char *org_id, const char *action, const json_t *list,
               const char *key, bool repeats, struct mrx_err *err);
int audit(const struct records *r, const char *org_id, const char *action, const char *patient_id,
          struct mrx_err *err);

/* Stored JSON text parsed back (MRX_EDATA when it does not parse). */
int stored_json(const char *text, const char *what, json_t **out, struct mrx_err *err);

/* Significant digits of a number stored as JSON text (json_text). */
#define STORED_REAL_DIGITS 15

/* The disability questionnaire is asked again every four weeks (the web
 * app's check-up; web/app/patient/followup.js has the same number). */
#define FOLLOW_UP_DAYS 28

/* Whether the check-up is due on `day`: FOLLOW_UP_DAYS or more since the ODI
 * or RMDQ was last answered (or since the start, when never). The web app's
 * Today and the end-of-course review (which waits for it) agree on it. */
int checkup_due(const struct records *r, const char *org_id, const char *episode_id, long start_day,
                long day, bool *due, struct mrx_err *err);

/* JSON as compact text for the store (caller frees). */
char *json_text(const json_t *j);

/* 9999-12-31, the last date date_parse() accepts: "every day" ends here. */
#define DAY_LAST 2932896L

/* A date as a JSON string. */
json_t *json_date(long day);

/* Whether an entry's date can be real: not after tomorrow (a typo like 9999-12-31
 * would otherwise move the engine's review days ahead for good). */
bool records_day_plausible(const struct records *r, long day);

/* Whether an item with this many days a week is planned on `day` of a program
 * that started on start_day (the days are spread over each week). */
bool planned_on(int days_per_week, long start_day, long day);

/*
 * Whether the plan puts an item ("walking" or an exercise id) on `day`: by
 * its stored week (plan_json_scheduled), or, for a plan made before there
 * were weekdays, by planned_on() with its days a week. An item the plan does
 * not hold is not planned.
 */
bool plan_has_on(const json_t *plan, const char *item, long start_day, long day);

/* The patient's reminder settings, or the defaults (18:00 UTC, the plan's days) (reminders.c). */
int reminder_settings(const struct records *r, const struct episode_ctx *c, struct reminder_rec *s,
                      struct mrx_err *err);

/* Calls fn for every day from `from` through `to` that the plan in force that
 * day had anything on (planned.c). */
int planned_days_each(const struct records *r, const struct episode_ctx *c, long from, long to,
                      void (*fn)(long day, void *arg), void *arg, struct mrx_err *err);

/* Queues an e-mail of the organization's for the notifier to send (outbox.c). */
int outbox_queue(const struct records *r, const char *org_id, const char *to, const char *subject,
                 const char *body, const char *purpose, struct mrx_err *err);

/* The weekdays (Monday bit 0) the plan has anything on, in the week from `from`. */
unsigned plan_week_days(const json_t *plan, long start_day, long from);
/* The days reminders and the calendar keep to: the plan's, narrowed to those the
 * patient chose, unless they chose none of the plan's (then all the plan's). */
unsigned reminder_weekdays(unsigned plan_week, unsigned chosen);
/* About how long a day's session takes (the plan's minutes a day; 20 when it has none). */
int plan_session_minutes(const json_t *plan);
/* An organization's mail server as a notifier job carries it (mail_settings.c). */
json_t *mail_smtp_json(const struct mail_rec *m);

/* Whether the plan has gone into maintenance ("discharged") by `day`. */
bool plan_discharged(const json_t *plan, long day);

/*
 * Stores pv as the next version of the episode's plan: the episode's ids,
 * the time it is recorded and, unless pv gives one, the number after the
 * newest; on success c->plan_version is its number.
 */
int plan_version_store(const struct records *r, struct episode_ctx *c, struct plan_version_rec *pv,
                       struct mrx_err *err);

/*
 * Runs the adaptation engine for the episode up to `through` and stores
 * what it decided: decisions, new plan versions, alerts, the episode's status
 * and state. Appends the changes and alerts to the arrays given.
 */
int engine_review(const struct records *r, struct episode_ctx *c, long through, json_t *changes,
                  json_t *alerts, struct mrx_err *err);

/*
 * A red flag found outside the day-by-day review (a check-in for a day
 * already reviewed, a session's or a check-up's answers, a report made any
 * time): it acts at once all the same (an urgent one pauses, an emergency
 * stops, a routine one holds progression back).
 */
int engine_red_flag(const struct records *r, struct episode_ctx *c, enum tier tier,
                    json_t *decisions, json_t *alerts, struct mrx_err *err);

/* Starts a stopped episode on `day` for an emergency reported before there is
 * a running program (no intake yet, or one that did not start): `doc` is
 * stored as its intake ({"red_flags": ...}) with the triage. c->ep becomes
 * the new episode; a program stopped this way restarts only after review,
 * as one stopped at an intake does (intake.c). */
int episode_start_stopped(const struct records *r, struct episode_ctx *c, long day,
                          const json_t *doc, const struct triage_result *t, struct mrx_err *err);

/* ==================== Triage in the records (triage_act.c) ==================== */

/* A triage of an entry: the day's own answers, and the answers triaged. */
struct triage_entry {
    struct triage_answers own;     /* as the entry gave them */
    struct triage_answers answers; /* with the remembered ones merged in */
    struct triage_result result;   /* what fired and is new: acted on */
    struct triage_result all;      /* everything that fired (a combination's company) */
    bool evaluated;
};

/* What is remembered for later triages: the standing history of the
 * episode's intake (when c has one) and the age on `day` from the birth year. */
void triage_standing(const struct episode_ctx *c, long day, struct triage_answers *out);
/* The age on `day` from the birth year, where the answers have none. */
void triage_fill_age(const struct patient_rec *p, long day, struct triage_answers *a);
/* Reads an entry's red flags (an object, or NULL for none; `field` names
 * them in errors), merges in what is remembered and evaluates the rules. */
int triage_entry(const struct records *r, const struct episode_ctx *c, long day,
                 const json_t *flags, const char *field, struct triage_entry *out,
                 struct mrx_err *err);
void triage_entry_release(struct triage_entry *e);
/* One alert per rule that fired, with the answers that fired it ("occasion":
 * check-in, session, ...); a rule whose alert is still open adds to it. The
 * alerts go to c's episode when has_episode. Appends them to alerts_out. */
int triage_alerts(const struct records *r, const struct episode_ctx *c, bool has_episode, long day,
                  const char *occasion, const struct triage_entry *e, json_t *alerts_out,
                  struct mrx_err *err);

/* {"id","rule","tier","reason","evidence","detail","opened":date,"status"} */
json_t *alert_json(const struct alert_rec *a);

/* ==================== Assessments (assessments.c) ==================== */

/* Which of an intake's questionnaires are new answers: all of them, or at a
 * restart the pain, and STarT Back when it was asked again. */
enum intake_scores { SCORES_ALL, SCORES_PAIN, SCORES_PAIN_AND_STARTBACK };

/* The questionnaires of an intake document (NPRS, STarT Back, ODI or RMDQ,
 * PSFS), scored and stored for `day`, as follow-ups store theirs: those
 * `which` says are new (the rest of a restart's are answers from before). */
int assessments_add_intake(const struct records *r, const struct episode_rec *ep, long day,
                           const json_t *doc, const struct intake *in, enum intake_scores which,
                           struct mrx_err *err);

/* ==================== Intake (intake.c) ==================== */

/* How an episode starts: a fresh intake, after a review, or a restart from a
 * maintenance plan (its seeds: what the person kept up). */
struct intake_opts {
    bool after_review;
    bool restart;
    bool startback_new; /* a restart that asked STarT Back again */
    const struct plan_seed *seeds;
    int n_seeds;
};

/* records_intake with options; the restart's audit action is "episode.restart". */
int intake_start(const struct records *r, const char *patient_id, const json_t *doc, long day,
                 const struct intake_opts *o, json_t **out, struct mrx_err *err);

/* The first and the latest score of the ODI, RMDQ and PSFS (indexed by enum
 * measure; NPRS stays empty) over an episode's assessments fed oldest first. */
struct score_track {
    struct score_firsts {
        int n; /* scores seen */
        long first_day, last_day;
        double first, last; /* ODI percent, RMDQ count, PSFS mean rating */
    } m[MEASURE_PSFS + 1];
};

/* Feeds one stored assessment (other instruments and damaged rows are skipped). */
void score_track_add(struct score_track *t, const struct assessment_rec *a);
/* [{"instrument","baseline_date","baseline","followup_date","followup","change",
 * "percent","important"}]: first against latest, for each of odi, rmdq, psfs
 * with at least two scores. */
json_t *score_track_changes(const struct score_track *t);
/* The activity names of stored PSFS answers, in order (empty when damaged). */
json_t *psfs_activity_names(const char *answers);

#endif
