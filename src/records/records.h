/*
 * records.h: the patient journey over the store (CONTRACT.md "Local
 * records", docs/records.md): patients, intakes, sessions, check-ins, the
 * adaptation engine's decisions, today's plan, progress, export and import.
 *
 * The same operations serve the command line now and the server later.
 * Each one works inside the caller's transaction (store_begin/commit) and
 * writes an audit event for the patient data it reads or changes; on error
 * the caller rolls back and nothing is left behind. Results are JSON
 * documents (new references) in the shapes CONTRACT.md fixes.
 */
#ifndef MOVERX_RECORDS_H
#define MOVERX_RECORDS_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"
#include "data/datadir.h"
#include "store/store.h"

struct records {
    struct store *store;
    const struct data_set *data;
    const char *now;    /* this command's UTC timestamp, "YYYY-MM-DDTHH:MM:SSZ" */
    const char *actor;  /* who acts: "cli:alice", a user id */
    const char *origin; /* from where: "cli", an address */
    /* Where audit events go; NULL: into the store, inside the caller's
     * transaction. The server gives reads a sink that queues them for its
     * writer, so that a read takes no write lock. */
    int (*audit_sink)(void *ctx, const struct audit_rec *a, struct mrx_err *err);
    void *audit_ctx;
    /* What this thread's writes keep of the episodes they load (memo.c), or
     * NULL. Only ever used by one thread at a time: the server gives its
     * writer's writes one. */
    struct records_memo *memo;
};

/* A memo of parsed episode documents (see memo.c); records_memo_free(NULL) is fine. */
struct records_memo *records_memo_new(void);
void records_memo_free(struct records_memo *m);
/* Parses (or renders) the memo spared, and those it had to make. */
void records_memo_counts(const struct records_memo *m, unsigned long long *used,
                         unsigned long long *parsed);

/* -> {"id":..} */
int records_org_add(const struct records *r, const char *name, json_t **out, struct mrx_err *err);

/* org_id NULL: the store's default organization. -> {"id":..} */
int records_patient_add(const struct records *r, const char *org_id, const char *name,
                        int birth_year, json_t **out, struct mrx_err *err);

/*
 * Triage and the first plan for an intake document, starting a new episode
 * on `day` (any earlier episode of the patient is closed). A program stopped
 * by an emergency restarts only `after_review` by a clinician; a new episode
 * never starts before the current one.
 * -> {"patient":..,"episode":..,"triage":{..},"plan":{..}|null}
 */
int records_intake(const struct records *r, const char *patient_id, const json_t *doc, long day,
                   bool after_review, json_t **out, struct mrx_err *err);

/*
 * A clinician's own end-of-course decision (docs/plan.md "The end of the
 * course"), at any point of a running course: "maintenance" (discharge into
 * the maintenance plan now, as the week-12 review does) or "extend" (`weeks`
 * 1..12 more before the next review). `reason` (1..2000 bytes) is what the
 * patient reads; the decision is a plan version by the actor, and closes any
 * open review task. -> {"version","decision","plan"}
 */
int records_discharge_decide(const struct records *r, const char *patient_id, const char *decision,
                             int weeks, const char *reason, long day, json_t **out,
                             struct mrx_err *err);

/*
 * A new course from a maintenance plan, without a fresh intake (docs/plan.md
 * "Starting again"): `now` holds the warning-sign answers ("red_flags") and
 * "pain_now", and may say anew "pain_week_average", "leg_pain", "pregnant"
 * and "availability"; the rest of the current episode's intake stands.
 * Triage comes first, as for any intake. The new plan starts from the
 * exercises kept up in maintenance, each stepping down to one that suits
 * the person as they are now. Only a patient in maintenance on `day` may
 * (else MRX_EINVAL "is not in maintenance").
 * -> as records_intake
 */
int records_restart(const struct records *r, const char *patient_id, const json_t *now, long day,
                    json_t **out, struct mrx_err *err);

/*
 * Warning signs reported at any time, with or without a program (the app's
 * check-in or flare screen before the intake is finished, "something is
 * wrong" at any moment): triaged with what is remembered merged in, an alert
 * per rule that fires, and the program paused or stopped as the triage says
 * (an emergency with no running program starts a stopped one).
 * -> {"date","patient","recorded":"triage","status","triage","decisions","alerts"}
 */
int records_triage_report(const struct records *r, const char *patient_id, long day,
                          const json_t *flags, json_t **out, struct mrx_err *err);

#define SESSION_MAX_ITEMS 16

struct session_input {
    long day;
    int pain_during; /* 0..10 */
    enum difficulty difficulty;
    const char *note;        /* the patient's own words, or NULL */
    const json_t *red_flags; /* object of triage answers (checked here), or NULL */
    int n_items;             /* 0: every item planned for the day was done */
    struct {
        const char *item; /* an exercise of the plan, or "walking" */
        bool done;
        bool has_pain;
        int pain;                   /* this item's own pain during, 0..10 */
        enum difficulty difficulty; /* how this item felt, or DIFFICULTY_NONE */
    } items[SESSION_MAX_ITEMS];
};

struct checkin_input {
    long day;
    int pain;                  /* 0..10 */
    int next_morning_pain;     /* or CHECKIN_NONE */
    int walk_minutes;          /* or CHECKIN_NONE */
    int stiffness;             /* 0..10, or CHECKIN_NONE */
    int sleep;                 /* 0 (badly) .. 10 (well), or CHECKIN_NONE */
    int steps;                 /* 0..200000, or CHECKIN_NONE */
    const json_t *feel_better; /* array of words (checked here) */
    const json_t *get_better;  /* array of words (checked here) */
    const json_t *red_flags;   /* object of triage answers (checked here) */
    bool flare;                /* "I'm having a flare" */
};

/* Records a session or a check-in and runs the adaptation engine. A paused
 * program takes check-ins, not sessions; a stopped one (or one that never
 * started) neither; an entry refused, or one with no program yet, still has
 * its warning signs triaged as records_triage_report() does ("recorded":
 * "triage"), and is refused only when none fires.
 * -> {"date":..,"recorded":..,"status":..,"changes":[..],"alerts":[..],"triage":..} */
int records_log(const struct records *r, const char *patient_id, const struct session_input *in,
                json_t **out, struct mrx_err *err);
int records_checkin(const struct records *r, const char *patient_id, const struct checkin_input *in,
                    json_t **out, struct mrx_err *err);

/*
 * The daily review (records/review.c): the patients whose running program (active or
 * paused) the engine has not reviewed through `through` yet, as a list of ids; and one
 * such program brought up to `through`, as an entry that day would have (its alerts, the
 * discharge review), audited as program.review.
 * -> {"patient":..,"reviewed":bool,"through":..,"decisions":[..],"alerts":[..]}
 */
int records_review_due(const struct records *r, long through, json_t **out, struct mrx_err *err);
int records_review(const struct records *r, const char *patient_id, long through, json_t **out,
                   struct mrx_err *err);
/* And the promises of a start (a first contact, a plan review) more than 2 days past their
 * due date on `day`: their task ids; each raised once as a routine alert for the care team
 * ("promise_overdue", its task id as the detail; *out NULL when nothing was raised). */
int records_promises_overdue(const struct records *r, long day, json_t **out, struct mrx_err *err);
int records_escalate_promise(const struct records *r, const char *task_id, long day, json_t **out,
                             struct mrx_err *err);

/*
 * Follow-up questionnaires on `day` (not before the episode's start, not
 * after tomorrow): each given instrument is checked, scored and stored as
 * the intake does it, at most once a day. A PSFS re-rates the activities of
 * the episode's first PSFS (any activities when there is none yet).
 * -> {"date":..,"patient":..,"scores":[{"instrument","score"}],"changes":[..]}
 * where each change sets a score against the episode's first score of the
 * instrument (none for an instrument that has no earlier score: this one is
 * its baseline).
 */
struct assessment_input {
    long day;
    const json_t
        *red_flags;     /* the check-up's triage answers (weeks_without_improvement), or NULL */
    const json_t *odi;  /* [10 answers 0..5 or null], or NULL */
    const json_t *rmdq; /* [ticked item numbers 1..24], or NULL */
    const json_t *psfs; /* [{"activity","rating"}, ...], or NULL */
    const json_t *psfs_ratings; /* or [ratings] of the first PSFS's activities, in order */
};
int records_assess(const struct records *r, const char *patient_id,
                   const struct assessment_input *in, json_t **out, struct mrx_err *err);

/* The words a check-in accepts for feel-better and get-better things. */
const char *const *checkin_feel_better_words(void);
const char *const *checkin_get_better_words(void);

/*
 * What the printed handout shows (docs/demos.md, "Handouts"): the plan in
 * force on `day`, each item with the weekdays of the coming week that hold
 * it and its caution for the person, the walking, the week and phase, the
 * organization and the flare plan. -> {"date","patient":{"id","name"},"org",
 * "items":[{"exercise","name","dose","days","caution"?}],"walking" (with its
 * "caution"?),"flare_plan","condition":{"pregnant","leg_pain"},"plan_version",
 * "contact_by"? (the day the care team promised to be in touch, while open),
 * "week","program_weeks","phase"}. A paused, stopped or not started
 * program has none (MRX_EINVAL naming "patient").
 */
int records_handout(const struct records *r, const char *patient_id, long day, json_t **out,
                    struct mrx_err *err);

/* Today's plan on `day`, with any change since the last session. */
int records_today(const struct records *r, const char *patient_id, long day, json_t **out,
                  struct mrx_err *err);

/* Pain over time, scores, adherence up to `day`, every plan change. */
int records_progress(const struct records *r, const char *patient_id, long day, json_t **out,
                     struct mrx_err *err);

/* The weekly review of the Monday-to-Sunday week holding `day`, through `day`
 * (weekly.c): sessions against the plan, walking, the pain trend, the
 * feel-better and get-better things, week streaks and a summary in words. */
int records_weekly(const struct records *r, const char *patient_id, long day, json_t **out,
                   struct mrx_err *err);

/* ==================== Reminders (reminders.c, calendar.c) ==================== */

/* The patient's reminder settings (defaults until they set some):
 * {"days","time","time_zone","quiet_hours","push","email","revision","updated_at",
 *  "calendar":{"active"}}. */
int records_reminders(const struct records *r, const char *patient_id, json_t **out,
                      struct mrx_err *err);
/* Changes the settings `in` gives (MRX_EINVAL naming the field); -> as records_reminders. */
int records_reminders_set(const struct records *r, const char *patient_id, const json_t *in,
                          json_t **out, struct mrx_err *err);
/* A new private feed token (its hash; the patient's older tokens are revoked). */
int records_calendar_token_add(const struct records *r, const char *patient_id,
                               const char *token_hash, struct mrx_err *err);
/* Revokes the patient's feed tokens: -> {"revoked":N}. */
int records_calendar_revoke(const struct records *r, const char *patient_id, json_t **out,
                            struct mrx_err *err);
/* The patient's sessions as an iCalendar feed (RFC 5545), as of `day`; app_url
 * (or NULL) is where the plan is. *ics is the caller's to free. */
int records_calendar(const struct records *r, const char *patient_id, long day, const char *app_url,
                     char **ics, struct mrx_err *err);
/* The same, for the patient a live token opens (MRX_ENOTFOUND naming "calendar" otherwise). */
int records_calendar_feed(const struct records *r, const char *token_hash, long day,
                          const char *app_url, char **ics, struct mrx_err *err);

/* An organization's outgoing mail (mail_settings.c):
 * {"smtp_url","smtp_user","password_set","from","updated_at"} (nulls until set). */
int records_mail_get(const struct records *r, const char *org_id, json_t **out,
                     struct mrx_err *err);
/* Sets it from {"smtp_url","from","smtp_user","smtp_password"} (absent: kept; null: cleared). */
int records_mail_set(const struct records *r, const char *org_id, const json_t *in, json_t **out,
                     struct mrx_err *err);

/* ==================== Sending reminders (remind.c) and mail (outbox.c) ==================== */

/* Claims every queued e-mail: [{"channel":"outbox","id","org","to","subject","body",
 * "attempts","smtp":{..} or null}]. */
int records_outbox_due(const struct records *r, json_t **jobs, struct mrx_err *err);
/* What came of one: sent, or failed (tried again up to three times while the
 * organization has a mail server). */
int records_outbox_outcome(const struct records *r, const json_t *job, bool sent,
                           const char *detail, struct mrx_err *err);
/* Both in one: the reminders due at now_s and the queued e-mail, and what came of either. */
int records_notify_due(const struct records *r, long long now_s, json_t **jobs,
                       struct mrx_err *err);
int records_notify_outcome(const struct records *r, const json_t *job, const char *status,
                           const char *detail, const json_t *gone, struct mrx_err *err);
/* Every result of a pass ([{"job","status","detail","gone"}], as notify_result gives them). */
int records_notify_outcomes(const struct records *r, const json_t *results, struct mrx_err *err);

/* The server's VAPID private key (PEM, the caller frees it), made on first use. */
int records_vapid_key(const struct records *r, char **pem, struct mrx_err *err);
/* A browser's push subscription for the patient (MRX_EINVAL naming a bad key). */
int records_push_subscribe(const struct records *r, const char *patient_id, const char *endpoint,
                           const char *p256dh, const char *auth, json_t **out, struct mrx_err *err);
int records_push_unsubscribe(const struct records *r, const char *patient_id, const char *endpoint,
                             json_t **out, struct mrx_err *err);
/* Claims every reminder due at now_s (seconds since 1970, UTC): *jobs is what
 * to send, [{"org","patient","date","channel","minutes", and "subscriptions"
 * (push) or "to" and "smtp" (e-mail)}]. Nothing is sent here. */
int records_reminders_due(const struct records *r, long long now_s, json_t **jobs,
                          struct mrx_err *err);
/* What came of a job: "sent" or "failed" (with a detail), and the push endpoints
 * the push service said are gone (deleted). */
int records_reminder_outcome(const struct records *r, const json_t *job, const char *status,
                             const char *detail, const json_t *gone, struct mrx_err *err);

/* Open alerts of one organization, or of all (org_id NULL). */
int records_alerts(const struct records *r, const char *org_id, json_t **out, struct mrx_err *err);

/* Everything held about the patient (docs/records.md "Export"). */
int records_export(const struct records *r, const char *patient_id, json_t **out,
                   struct mrx_err *err);
/* The same as CSV (RFC 4180), written into a new string the caller frees. */
int records_export_csv(const struct records *r, const char *patient_id, char **out,
                       struct mrx_err *err);
/* Loads an export into the store; the patient must not be there yet. -> {"id":..} */
int records_import(const struct records *r, const json_t *doc, json_t **out, struct mrx_err *err);

/* Every plan version of the current episode, oldest first: the plan, who or
 * which rule made it, why and on what evidence. */
int records_plan_history(const struct records *r, const char *patient_id, json_t **out,
                         struct mrx_err *err);

/*
 * A clinician changes the plan from `day`: items [{"exercise","dose",
 * "days_per_week"}] in order, optionally walking {"minutes","bouts",
 * "days_per_week"}, each inside its safe range, and a reason the patient
 * will read. A new plan version records who, why and what changed.
 * -> {"version":..,"plan":..,"changes":[..]}
 */
int records_plan_change(const struct records *r, const char *patient_id, const json_t *items,
                        const json_t *walking, const char *reason, long day, json_t **out,
                        struct mrx_err *err);

/* ==================== Accounts and the care team (records/care.c) ==================== */

/* An account; password_hash is an argon2id string (auth/password.h) or NULL
 * (set later through an invitation). A patient account names its patient
 * record, of the same organization. -> {"id":..} */
int records_user_add(const struct records *r, const char *org_id, enum user_role role,
                     const char *email, const char *password_hash, const char *patient_id,
                     json_t **out, struct mrx_err *err);
/* An e-mail address as accounts keep it (records/email.c): lower case, one form of each
 * letter, refused when invisible characters or mixed alphabets make it a look-alike. The
 * sign-in looks addresses up in the same form. */
int email_normal(const char *email, char *out, size_t size, struct mrx_err *err);
/* Puts a clinician of the patient's organization on the patient's care team. */
int records_care_add(const struct records *r, const char *patient_id, const char *clinician_id,
                     json_t **out, struct mrx_err *err);
/* The clinicians on a patient's care team, by e-mail: [{"id", "email", "disabled"}] under
 * "care_team"; audited as care_team.read. */
int records_care_team(const struct records *r, const char *patient_id, json_t **out,
                      struct mrx_err *err);
/* Takes a clinician off the care team (records/care.c: never the last of a running program). */
int records_care_remove(const struct records *r, const char *patient_id, const char *clinician_id,
                        json_t **out, struct mrx_err *err);

/* A new account that sets its own password through a one-time invitation
 * (only token_hash is kept; it works until expires_at). Inviting an account
 * again before it has a password replaces its invitation ("reissued"). With a
 * link (the whole address of the set-password page) and the organization's
 * mail set, the link is e-mailed to the address ("emailed": true).
 * -> {"user":..,"email":..,"expires_at":..,"reissued":..,"emailed":..} */
int records_invite(const struct records *r, const char *org_id, enum user_role role,
                   const char *email, const char *patient_id, const char *token_hash,
                   const char *expires_at, const char *link, json_t **out, struct mrx_err *err);
/* Uses an invitation once: sets the account's password. MRX_ENOTFOUND naming
 * "token" for an unknown, used or expired one. -> {"user":..} */
int records_invitation_accept(const struct records *r, const char *token_hash,
                              const char *password_hash, json_t **out, struct mrx_err *err);
/* What an organization sets; NULL leaves a setting as it is. */
struct org_settings {
    const char *name;
    const char *emergency_number; /* what the emergency screen's call button dials */
    const char *crisis_line;      /* shown with the coping rule; "" removes it */
    const char *phone;            /* the clinic's phone for patients' questions; "" removes it */
};
/* Changes an organization's settings (records/org.c).
 * -> {"id","name","created_at","emergency_number","crisis_line","phone"} */
int records_org_update(const struct records *r, const char *org_id, const struct org_settings *set,
                       json_t **out, struct mrx_err *err);
/* An organization's settings, as records_org_update() returns them. */
int records_org_get(const struct records *r, const char *org_id, json_t **out, struct mrx_err *err);

/* Disables an account of the organization (its sessions and invitations end;
 * not one's own) or enables it again. -> {"id":..,"disabled":..} */
int records_user_set_disabled(const struct records *r, const char *org_id, const char *user_id,
                              bool disabled, json_t **out, struct mrx_err *err);

/* The accounts of an organization (never their password hashes). */
int records_users(const struct records *r, const char *org_id, json_t **out, struct mrx_err *err);

/* A patient's summary: name, birth year, the current episode's status and start. */
int records_patient_summary(const struct records *r, const char *patient_id, json_t **out,
                            struct mrx_err *err);

/* The patients of an organization, or of one clinician's care team (user_id),
 * most serious open alert first, then most recent activity; each with the
 * week and phase of its course on `day`. */
int records_panel(const struct records *r, const char *org_id, const char *user_id, long day,
                  json_t **out, struct mrx_err *err);
/* Cohort outcomes up to `day` of an organization, or of a clinician's care
 * team (user_id): mean pain change and the share reaching clinically
 * important change, adherence, engagement, stopped programs, flares. */
int records_outcomes(const struct records *r, const char *org_id, const char *user_id, long day,
                     json_t **out, struct mrx_err *err);

/* Open alerts of a clinician's care-team patients. */
int records_care_alerts(const struct records *r, const char *org_id, const char *user_id,
                        json_t **out, struct mrx_err *err);

/* A clinician acknowledges an open alert, or resolves it with a note; with
 * `resume`, resolving a red-flag alert also lifts the pause it caused. */
int records_alert_acknowledge(const struct records *r, const char *alert_id, json_t **out,
                              struct mrx_err *err);
int records_alert_resolve(const struct records *r, const char *alert_id, const char *note,
                          bool resume, json_t **out, struct mrx_err *err);
/*
 * The care team's tasks: every promise made to a patient, with a due date
 * (docs/records.md "Tasks"). records_tasks: the open ones of an organization,
 * or of a clinician's care team (user_id), by due date -> {"tasks":[..]};
 * records_patient_tasks: all of one patient's -> {"patient","tasks"};
 * records_task_done: done by the actor with a note (a task answering an
 * alert resolves the alert) -> the task.
 */
int records_tasks(const struct records *r, const char *org_id, const char *user_id, json_t **out,
                  struct mrx_err *err);
int records_patient_tasks(const struct records *r, const char *patient_id, json_t **out,
                          struct mrx_err *err);
int records_task_done(const struct records *r, const char *task_id, const char *note, json_t **out,
                      struct mrx_err *err);

/* A clinician lifts the pause of a paused program (after resolving its
 * alerts without resuming it, say), with a note kept with the plan version
 * that says so; progression stays held while a red flag is still open.
 * -> {"patient","status","version"} */
int records_program_resume(const struct records *r, const char *patient_id, const char *note,
                           json_t **out, struct mrx_err *err);

/* Messages between a patient and the care team, oldest first; and a new one
 * (sender: a user id). */
int records_messages(const struct records *r, const char *patient_id, json_t **out,
                     struct mrx_err *err);
/* Marks read the messages of the other side: the care team's when the patient
 * reads (by_patient), the patient's when the care team does. -> {"marked":N} */
int records_messages_mark_read(const struct records *r, const char *patient_id, bool by_patient,
                               json_t **out, struct mrx_err *err);
/* Unread messages: to the patient (patient_id), or from the patients of a
 * clinician's care team (user_id) or of the organization (both NULL). -> {"messages":N} */
int records_unread(const struct records *r, const char *org_id, const char *patient_id,
                   const char *user_id, json_t **out, struct mrx_err *err);
int records_message_send(const struct records *r, const char *patient_id, const char *sender,
                         const char *body, json_t **out, struct mrx_err *err);

#endif
