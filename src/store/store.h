/*
 * store.h: where MoveRx keeps its records (DESIGN.md "Domain model",
 * docs/store.md).
 *
 * One interface of named operations; no SQL and no database types outside
 * src/store/. SQLite (sqlite.c) is the embedded default; PostgreSQL will be
 * a second backend behind the same operations (store_backend.h).
 *
 * Conventions:
 * - Writes happen inside store_begin() .. store_commit(); store_commit()
 *   returns only once the transaction is durable. Any error: the caller
 *   calls store_rollback() and the store is exactly as it was.
 * - Dates are day numbers (common/date.h); timestamps are UTC text
 *   "YYYY-MM-DDTHH:MM:SSZ" given by the caller (the store has no clock).
 * - Ids are text (UUIDs); JSON columns are passed as text the caller made.
 * - Record structs are filled by the store; their strings live until the
 *   next call on the same store (or in a callback, until it returns).
 * - Errors: MRX_ENOTFOUND for an unknown id, MRX_EINVAL for a conflict with
 *   what is stored (a duplicate), MRX_EIO for the database failing.
 */
#ifndef MOVERX_STORE_H
#define MOVERX_STORE_H

#include "compat.h"
#include "common/difficulty.h"
#include "common/err.h"

struct store;

#define STORE_ID_SIZE 40 /* a UUID and its terminator, with room */
#define STORE_TS_SIZE 24 /* "YYYY-MM-DDTHH:MM:SSZ" */

/* ==================== Opening ==================== */

enum store_open_mode {
    STORE_OPEN_EXISTING, /* the store must exist: MRX_EINVAL naming "db" otherwise */
    STORE_OPEN_CREATE,   /* create it (and its directory) when absent */
};

/*
 * Opens the store at `location` (a file path), applies any pending schema
 * migrations and, for a new store, creates the default organization. A
 * store written by a newer MoveRx, or a file that is not a MoveRx store, is
 * refused with MRX_EINVAL naming "db".
 */
int store_open(const char *location, enum store_open_mode mode, const char *now, struct store **out,
               struct mrx_err *err);
void store_close(struct store *s);

/* The schema version this program writes, and the one the store is at. */
int store_schema_latest(void);
int store_schema_version(const struct store *s);

/* ==================== Transactions ==================== */

int store_begin(struct store *s, struct mrx_err *err);
int store_commit(struct store *s, struct mrx_err *err);
void store_rollback(struct store *s);

/* A consistent copy of the whole store to a new file, while it is in use. */
int store_backup(struct store *s, const char *dest, struct mrx_err *err);

/* A new random id (UUID version 4). */
int store_new_id(char out[STORE_ID_SIZE], struct mrx_err *err);

/* ==================== Organizations and patients ==================== */

struct org_rec {
    char id[STORE_ID_SIZE];
    const char *name;
    bool is_default;
    char created_at[STORE_TS_SIZE];
    const char *emergency_number; /* what patients call in an emergency ("112" unless set) */
    const char *crisis_line;      /* or NULL: shown with the coping rule */
    const char *phone;            /* or NULL: the clinic's phone for patients' questions */
};

int store_org_add(struct store *s, const struct org_rec *o, struct mrx_err *err);
int store_org_get(struct store *s, const char *id, struct org_rec *out, struct mrx_err *err);
int store_org_default(struct store *s, struct org_rec *out, struct mrx_err *err);
/* Changes an organization's settings: its name, emergency number and crisis line. */
int store_org_update(struct store *s, const struct org_rec *o, struct mrx_err *err);

struct patient_rec {
    char id[STORE_ID_SIZE];
    char org_id[STORE_ID_SIZE];
    const char *name;
    int birth_year;
    char created_at[STORE_TS_SIZE];
    long long rev; /* read only: changes with the patient's program (migration 007) */
};

int store_patient_add(struct store *s, const struct patient_rec *p, struct mrx_err *err);
int store_patient_get(struct store *s, const char *id, struct patient_rec *out,
                      struct mrx_err *err);

/* ==================== Episodes ==================== */

/* not_started: the intake's triage made no program (under_16). */
enum episode_status {
    EPISODE_ACTIVE,
    EPISODE_PAUSED,
    EPISODE_STOPPED,
    EPISODE_CLOSED,
    EPISODE_NOT_STARTED
};

const char *episode_status_name(enum episode_status st);
bool episode_status_from_name(const char *name, enum episode_status *out);

struct episode_rec {
    char id[STORE_ID_SIZE];
    char org_id[STORE_ID_SIZE];
    char patient_id[STORE_ID_SIZE];
    int seq; /* 1 for the patient's first episode */
    long start_day;
    enum episode_status status;
    long reviewed_through;    /* the last day the adaptation engine reviewed */
    const char *engine_state; /* JSON, or NULL */
    char created_at[STORE_TS_SIZE];
};

int store_episode_add(struct store *s, const struct episode_rec *e, struct mrx_err *err);
/* Status, reviewed_through and engine_state of an existing episode. */
int store_episode_update(struct store *s, const struct episode_rec *e, struct mrx_err *err);
/* The patient's latest episode; MRX_ENOTFOUND when there is none. */
int store_episode_current(struct store *s, const char *org_id, const char *patient_id,
                          struct episode_rec *out, struct mrx_err *err);
int store_episodes_each(struct store *s, const char *org_id, const char *patient_id,
                        int (*fn)(const struct episode_rec *, void *), void *arg,
                        struct mrx_err *err);

/* The running programs (active or paused, in every organization) whose engine has not
 * reviewed `before_day` yet: the daily review of people who have gone quiet. */
int store_episodes_due_each(struct store *s, long before_day,
                            int (*fn)(const struct episode_rec *, void *), void *arg,
                            struct mrx_err *err);

/* ==================== Intakes and assessments ==================== */

struct intake_rec {
    char org_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE];
    long day;
    const char *answers; /* the intake document, JSON */
    const char *triage;  /* the triage result, JSON */
    char recorded_at[STORE_TS_SIZE];
};

int store_intake_add(struct store *s, const struct intake_rec *r, struct mrx_err *err);
int store_intake_get(struct store *s, const char *org_id, const char *episode_id,
                     struct intake_rec *out, struct mrx_err *err);

struct assessment_rec {
    char org_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE];
    long day;
    const char *instrument; /* nprs, odi, rmdq, startback, psfs */
    const char *instrument_version;
    const char *scoring_version;
    const char *answers; /* raw answers, JSON */
    const char *score;   /* the score, JSON */
    char recorded_at[STORE_TS_SIZE];
};

/* MRX_EINVAL naming the instrument when the episode has it already that day. */
int store_assessment_add(struct store *s, const struct assessment_rec *r, struct mrx_err *err);
int store_assessments_each(struct store *s, const char *org_id, const char *episode_id,
                           int (*fn)(const struct assessment_rec *, void *), void *arg,
                           struct mrx_err *err);

/* ==================== Plan versions and decisions ==================== */

struct plan_version_rec {
    char org_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE];
    int version;          /* 1, 2, ... */
    long day;             /* in force from this day */
    const char *author;   /* "intake", "engine" or a user id */
    const char *rule_id;  /* the rule that made it, or NULL */
    const char *reason;   /* plain language */
    const char *evidence; /* citations */
    const char *plan;     /* the plan, JSON */
    const char *changes;  /* what changed: a JSON array */
    char recorded_at[STORE_TS_SIZE];
};

int store_plan_version_add(struct store *s, const struct plan_version_rec *r, struct mrx_err *err);
/* The newest version; MRX_ENOTFOUND when there is none. */
int store_plan_version_latest(struct store *s, const char *org_id, const char *episode_id,
                              struct plan_version_rec *out, struct mrx_err *err);
int store_plan_versions_each(struct store *s, const char *org_id, const char *episode_id,
                             int (*fn)(const struct plan_version_rec *, void *), void *arg,
                             struct mrx_err *err);

/*
 * What the views of a patient's current episode on a day rest on, in one
 * statement of index lookups: the episode's state, its plan versions
 * (immutable once written, so their count and the newest name them all) and
 * its last session before the day. MRX_ENOTFOUND as store_episode_current.
 */
struct episode_marks {
    char episode_id[STORE_ID_SIZE];
    enum episode_status status;
    long start_day;
    bool has_state;    /* the episode has an engine state */
    int versions;      /* how many plan versions */
    int last_version;  /* the newest version's number, 0 when none */
    long last_session; /* the day of the last session before the day asked, or LONG_MIN */
};

int store_episode_marks(struct store *s, const char *org_id, const char *patient_id, long day,
                        struct episode_marks *out, struct mrx_err *err);

struct decision_rec {
    char org_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE];
    int seq;
    long day;
    const char *kind; /* progress, hold, regress, flare_start, flare_end, alert */
    const char *rule_id;
    const char *item;      /* exercise id, "walking", or NULL */
    const char *from_dose; /* JSON or NULL */
    const char *to_dose;   /* JSON or NULL */
    const char *reason;
    const char *evidence;
    int plan_version; /* the version it made, or 0 */
};

/* The next free decision number of an episode (1 for the first). */
int store_decision_next_seq(struct store *s, const char *org_id, const char *episode_id, int *out,
                            struct mrx_err *err);
int store_decision_add(struct store *s, const struct decision_rec *r, struct mrx_err *err);
int store_decisions_each(struct store *s, const char *org_id, const char *episode_id,
                         int (*fn)(const struct decision_rec *, void *), void *arg,
                         struct mrx_err *err);

/* ==================== Sessions and check-ins ==================== */

const char *difficulty_name(enum difficulty d); /* NULL for DIFFICULTY_NONE */
bool difficulty_from_name(const char *name, enum difficulty *out);

struct session_rec {
    char org_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE];
    long day;
    int pain_during;
    enum difficulty difficulty;
    const char *items; /* [{"item":"bridge","done":true}], JSON */
    const char *note;  /* or NULL */
    char recorded_at[STORE_TS_SIZE];
};

/* MRX_EINVAL naming "date" when the episode already has a session that day. */
int store_session_add(struct store *s, const struct session_rec *r, struct mrx_err *err);
/* Sessions with from_day <= day <= to_day, oldest first. */
int store_sessions_each(struct store *s, const char *org_id, const char *episode_id, long from_day,
                        long to_day, int (*fn)(const struct session_rec *, void *), void *arg,
                        struct mrx_err *err);

#define CHECKIN_NONE (-1) /* an optional number that was not given */

struct checkin_rec {
    char org_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE];
    long day;
    int pain;
    int next_morning_pain;   /* or CHECKIN_NONE */
    int walk_minutes;        /* or CHECKIN_NONE */
    int stiffness;           /* 0..10, or CHECKIN_NONE */
    int sleep;               /* how well they slept, 0 (badly) .. 10 (well), or CHECKIN_NONE */
    int steps;               /* or CHECKIN_NONE */
    const char *feel_better; /* JSON array of words */
    const char *get_better;  /* JSON array of words */
    const char *red_flags;   /* JSON object of triage answers */
    const char *red_flag_tier;
    bool flare; /* "I'm having a flare" */
    char recorded_at[STORE_TS_SIZE];
};

int store_checkin_add(struct store *s, const struct checkin_rec *r, struct mrx_err *err);
int store_checkins_each(struct store *s, const char *org_id, const char *episode_id, long from_day,
                        long to_day, int (*fn)(const struct checkin_rec *, void *), void *arg,
                        struct mrx_err *err);

/* ==================== Alerts, messages, audit ==================== */

/*
 * An alert for the care team: raised by a triage rule (rule_id is the
 * rule's id) or by the adaptation engine (an engine rule's id). A rule that
 * fires again while its alert is open adds an occurrence to it.
 */
struct alert_rec {
    char id[STORE_ID_SIZE];
    char org_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE]; /* "" for none: reported before the intake */
    char patient_id[STORE_ID_SIZE];
    const char *rule_id;
    const char *tier; /* routine, urgent, emergency */
    const char *reason;
    const char *evidence;
    const char *detail; /* or NULL: e.g. the red flags reported */
    long opened_day;
    char opened_at[STORE_TS_SIZE];
    long last_day;      /* of the latest occurrence (opened_day at first) */
    int occurrences;    /* times the rule fired while this alert was open (1 at first) */
    const char *status; /* open, acknowledged, resolved */
    const char *acknowledged_by, *acknowledged_at;
    const char *resolved_by, *resolved_at, *resolution_note;
};

int store_alert_add(struct store *s, const struct alert_rec *r, struct mrx_err *err);
/* Alerts of one episode, oldest first. */
int store_alerts_each(struct store *s, const char *org_id, const char *episode_id,
                      int (*fn)(const struct alert_rec *, void *), void *arg, struct mrx_err *err);
/* Alerts of one patient, of any episode or none, oldest first. */
int store_alerts_patient_each(struct store *s, const char *org_id, const char *patient_id,
                              int (*fn)(const struct alert_rec *, void *), void *arg,
                              struct mrx_err *err);
/*
 * Alerts not resolved, of one organization (org_id) or all (NULL), most
 * serious tier first, then newest first.
 */
int store_alerts_open_each(struct store *s, const char *org_id,
                           int (*fn)(const struct alert_rec *, void *), void *arg,
                           struct mrx_err *err);

/*
 * A promise made to a patient, on the care team's queue: a plan review or
 * first contact the plan promised, or the answer to an alert.
 */
struct task_rec {
    char id[STORE_ID_SIZE];
    char org_id[STORE_ID_SIZE];
    char patient_id[STORE_ID_SIZE];
    char episode_id[STORE_ID_SIZE]; /* "" for none */
    const char *kind;               /* plan_review, first_contact, alert */
    const char *source;             /* the rule id, or the stratum's review ("startback_high") */
    const char *alert_id;           /* the alert it answers, or NULL */
    const char *title;              /* what to do, for the care team */
    long due_day;
    char created_at[STORE_TS_SIZE];
    const char *status; /* open, done */
    const char *done_by, *done_at, *note;
};

int store_task_add(struct store *s, const struct task_rec *r, struct mrx_err *err);
int store_task_get(struct store *s, const char *id, struct task_rec *out, struct mrx_err *err);
/* Status, done_by, done_at and note of an existing task. */
int store_task_update(struct store *s, const struct task_rec *r, struct mrx_err *err);
/* Tasks of one episode (the export), oldest first. */
int store_tasks_each(struct store *s, const char *org_id, const char *episode_id,
                     int (*fn)(const struct task_rec *, void *), void *arg, struct mrx_err *err);
/* Tasks of one patient, by due date. */
int store_tasks_patient_each(struct store *s, const char *org_id, const char *patient_id,
                             int (*fn)(const struct task_rec *, void *), void *arg,
                             struct mrx_err *err);
/* Open tasks by due date: of an organization, of a clinician's care team there
 * (user_id), or of the whole store (org_id NULL: the command line). */
int store_tasks_open_each(struct store *s, const char *org_id, const char *user_id,
                          int (*fn)(const struct task_rec *, void *), void *arg,
                          struct mrx_err *err);

struct message_rec {
    char id[STORE_ID_SIZE];
    char org_id[STORE_ID_SIZE];
    char patient_id[STORE_ID_SIZE];
    const char *sender; /* a user id, or "patient" */
    const char *body;
    char sent_at[STORE_TS_SIZE];
    const char *read_at; /* or NULL */
};

int store_message_add(struct store *s, const struct message_rec *r, struct mrx_err *err);
/* A patient's messages by sent_at, those of one second in the order they were written. */
int store_messages_each(struct store *s, const char *org_id, const char *patient_id,
                        int (*fn)(const struct message_rec *, void *), void *arg,
                        struct mrx_err *err);

struct audit_rec {
    const char *org_id;
    const char *at;
    const char *actor;      /* "cli:alice", a user id */
    const char *origin;     /* "cli", an address */
    const char *action;     /* "session.create", "patient.export", ... */
    const char *patient_id; /* or NULL */
    const char *outcome;    /* "ok", "denied", ... */
};

int store_audit_add(struct store *s, const struct audit_rec *r, struct mrx_err *err);

/* ==================== Accounts and the care team ==================== */

enum user_role { ROLE_PATIENT, ROLE_CLINICIAN, ROLE_ADMIN };

const char *user_role_name(enum user_role r);
bool user_role_from_name(const char *name, enum user_role *out);

struct user_rec {
    char id[STORE_ID_SIZE];
    char org_id[STORE_ID_SIZE];
    enum user_role role;
    const char *email;
    const char *password_hash;      /* argon2id string, or NULL: no password set yet */
    char patient_id[STORE_ID_SIZE]; /* a patient account's record; "" for the others */
    char created_at[STORE_TS_SIZE];
    bool disabled; /* an admin disabled it: no sign-in, no session, no invitation */
};

/* MRX_EINVAL naming "email" when the address is taken. */
int store_user_add(struct store *s, const struct user_rec *u, struct mrx_err *err);
int store_user_get(struct store *s, const char *id, struct user_rec *out, struct mrx_err *err);
int store_user_by_email(struct store *s, const char *email, struct user_rec *out,
                        struct mrx_err *err);
/* Marks read the patient's messages from one side (the patient's own, or the care team's)
 * at `at`; *n how many were unread. */
int store_messages_mark_read(struct store *s, const char *org_id, const char *patient_id,
                             bool from_patient, const char *at, int *n, struct mrx_err *err);
/* Unread messages to the patient (patient_id given), or from the patients on a clinician's
 * care team (user_id) or of the organization (both NULL). */
int store_unread_count(struct store *s, const char *org_id, const char *patient_id,
                       const char *user_id, long *n, struct mrx_err *err);
/* The patient's own account; MRX_ENOTFOUND naming "user" when they have none. */
int store_user_of_patient(struct store *s, const char *org_id, const char *patient_id,
                          struct user_rec *out, struct mrx_err *err);

int store_care_add(struct store *s, const char *org_id, const char *patient_id, const char *user_id,
                   const char *at, struct mrx_err *err);
/* Whether the user is on the patient's care team. */
int store_care_member(struct store *s, const char *org_id, const char *patient_id,
                      const char *user_id, bool *out, struct mrx_err *err);
/* Takes the user off the patient's care team; *removed says whether they were on it. The
 * accounts revision moves with it (migration 8), so their access ends at once. */
int store_care_remove(struct store *s, const char *org_id, const char *patient_id,
                      const char *user_id, bool *removed, struct mrx_err *err);
/* How many clinicians are on the patient's care team. */
int store_care_count(struct store *s, const char *org_id, const char *patient_id, long *out,
                     struct mrx_err *err);

#define STORE_HASH_SIZE 72 /* 64 hex digits and a terminator, with room */

/* A signed-in session: only hashes of its tokens are stored. */
struct auth_session_rec {
    char token_hash[STORE_HASH_SIZE];
    char org_id[STORE_ID_SIZE];
    char user_id[STORE_ID_SIZE];
    char csrf_hash[STORE_HASH_SIZE];
    char created_at[STORE_TS_SIZE];
    char last_seen_at[STORE_TS_SIZE];
};

int store_auth_session_add(struct store *s, const struct auth_session_rec *r, struct mrx_err *err);
int store_auth_session_get(struct store *s, const char *token_hash, struct auth_session_rec *out,
                           struct mrx_err *err);
int store_auth_session_touch(struct store *s, const char *token_hash, const char *at,
                             struct mrx_err *err);
int store_auth_session_delete(struct store *s, const char *token_hash, struct mrx_err *err);
/* The accounts' revision: it changes whenever a session (other than its
 * last use moving forward), an account or a care team changes, whoever
 * writes (migration 8). A cache of what those tables said at a revision is
 * exact while the revision read in the same snapshot is the same. */
int store_auth_rev(struct store *s, long long *out, struct mrx_err *err);

/* A one-time invitation to set a password (only the token's hash is kept). */
struct invitation_rec {
    char token_hash[STORE_HASH_SIZE];
    char org_id[STORE_ID_SIZE];
    char user_id[STORE_ID_SIZE];
    char created_by[STORE_ID_SIZE];
    char created_at[STORE_TS_SIZE];
    char expires_at[STORE_TS_SIZE];
};

int store_invitation_add(struct store *s, const struct invitation_rec *r, struct mrx_err *err);
/* Finds and deletes an invitation: it works once. MRX_ENOTFOUND when there is none. */
int store_invitation_take(struct store *s, const char *token_hash, struct invitation_rec *out,
                          struct mrx_err *err);
/* Finds an invitation and leaves it (whose account a password is for). */
int store_invitation_get(struct store *s, const char *token_hash, struct invitation_rec *out,
                         struct mrx_err *err);
/* Sets an account's password hash and ends its signed-in sessions. */
int store_user_set_password(struct store *s, const char *org_id, const char *user_id,
                            const char *password_hash, struct mrx_err *err);
/* Disables an account (at the timestamp disabled_at), ending its sessions and
 * its pending invitations, or enables it again (disabled_at NULL). */
int store_user_set_disabled(struct store *s, const char *org_id, const char *user_id,
                            const char *disabled_at, struct mrx_err *err);
/* Deletes an account's pending invitations (a new one replaces them). */
int store_invitations_revoke(struct store *s, const char *org_id, const char *user_id,
                             struct mrx_err *err);
/* ==================== Reminders ==================== */

#define STORE_ZONE_SIZE 64 /* an IANA time zone name ("America/Argentina/Buenos_Aires") */

/* A patient's reminder settings (migration 014). */
struct reminder_rec {
    char org_id[STORE_ID_SIZE];
    char patient_id[STORE_ID_SIZE];
    unsigned days;                     /* weekday mask, Monday bit 0; 0: the plan's session days */
    char time[6];                      /* "HH:MM", local */
    char time_zone[STORE_ZONE_SIZE];   /* IANA name */
    char quiet_start[6], quiet_end[6]; /* "HH:MM", or "" for none */
    bool push, email;
    int revision; /* 1 at first; each change adds one */
    char updated_at[STORE_TS_SIZE];
};

/* MRX_ENOTFOUND naming "reminders" when the patient has set none. */
int store_reminder_get(struct store *s, const char *org_id, const char *patient_id,
                       struct reminder_rec *out, struct mrx_err *err);
/* Stores the settings, as they are given (revision included). */
int store_reminder_put(struct store *s, const struct reminder_rec *r, struct mrx_err *err);

struct calendar_token_rec {
    char token_hash[STORE_HASH_SIZE];
    char org_id[STORE_ID_SIZE];
    char patient_id[STORE_ID_SIZE];
    char created_at[STORE_TS_SIZE];
};

/* Adds a feed token (the patient's others revoked first, at its created_at). */
int store_calendar_token_add(struct store *s, const struct calendar_token_rec *r,
                             struct mrx_err *err);
/* A token that is not revoked; MRX_ENOTFOUND naming "calendar" otherwise. */
int store_calendar_token_get(struct store *s, const char *token_hash,
                             struct calendar_token_rec *out, struct mrx_err *err);
/* When the patient's live token was made, or "" when they have none. */
int store_calendar_token_since(struct store *s, const char *org_id, const char *patient_id,
                               char since[STORE_TS_SIZE], struct mrx_err *err);
/* Revokes the patient's tokens at `at`; *n how many were live. */
int store_calendar_tokens_revoke(struct store *s, const char *org_id, const char *patient_id,
                                 const char *at, int *n, struct mrx_err *err);

/* ==================== Sending reminders (migration 015) ==================== */

/* A server-wide value ("vapid_private"): its text, the caller's to free;
 * MRX_ENOTFOUND when there is none. */
int store_server_key_get(struct store *s, const char *name, char **value, struct mrx_err *err);
/* Stores it unless there is one already (the first writer's value stands). */
int store_server_key_put(struct store *s, const char *name, const char *value, const char *at,
                         struct mrx_err *err);

struct push_sub_rec {
    char org_id[STORE_ID_SIZE];
    char patient_id[STORE_ID_SIZE];
    const char *endpoint, *p256dh, *auth; /* the Push API's, as the browser gave them */
    char created_at[STORE_TS_SIZE];
};

/* Keeps a subscription (an endpoint already known moves to this patient). */
int store_push_sub_put(struct store *s, const struct push_sub_rec *r, struct mrx_err *err);
/* Deletes an endpoint's subscription (of the patient, or of anyone when patient_id is NULL). */
int store_push_sub_delete(struct store *s, const char *org_id, const char *patient_id,
                          const char *endpoint, int *n, struct mrx_err *err);
int store_push_subs_each(struct store *s, const char *org_id, const char *patient_id,
                         int (*fn)(const struct push_sub_rec *, void *), void *arg,
                         struct mrx_err *err);

/* Reminder settings with push or e-mail on, with the patient's account address. */
struct reminder_on_rec {
    struct reminder_rec settings;
    const char *email; /* the patient's own account (not disabled), or NULL */
};
int store_reminders_on_each(struct store *s, int (*fn)(const struct reminder_on_rec *, void *),
                            void *arg, struct mrx_err *err);

/* Queues the reminder of a patient's local date on a channel ("push", "email");
 * *claimed is false when it was queued before (by this process or another). */
int store_reminder_claim(struct store *s, const char *org_id, const char *patient_id,
                         const char *local_date, const char *channel, const char *at, bool *claimed,
                         struct mrx_err *err);
/* Its outcome: "sent", "failed" or "none" (nowhere to send it), with a detail or NULL. */
int store_reminder_outcome(struct store *s, const char *org_id, const char *patient_id,
                           const char *local_date, const char *channel, const char *status,
                           const char *detail, struct mrx_err *err);

/* An organization's outgoing mail (strings valid until the next call). */
struct mail_rec {
    char org_id[STORE_ID_SIZE];
    const char *smtp_url;      /* smtp://host:port or smtps://host:port */
    const char *smtp_user;     /* or NULL */
    const char *smtp_password; /* or NULL */
    const char *from_address;
    char updated_at[STORE_TS_SIZE];
};
/* MRX_ENOTFOUND naming "mail" when the organization has set none. */
int store_mail_get(struct store *s, const char *org_id, struct mail_rec *out, struct mrx_err *err);
int store_mail_put(struct store *s, const struct mail_rec *r, struct mrx_err *err);

/* A message in the outbox (migration 016). */
struct mail_out_rec {
    char id[STORE_ID_SIZE];
    char org_id[STORE_ID_SIZE];
    const char *to, *subject, *body, *purpose;
    char queued_at[STORE_TS_SIZE];
    int attempts;
};

int store_mail_queue(struct store *s, const struct mail_out_rec *m, struct mrx_err *err);
/* Calls fn with every message due to go at `now`: queued and past its back-off, or
 * taken over 10 minutes ago by a pass that never finished. */
int store_mail_claim_each(struct store *s, const char *now,
                          int (*fn)(const struct mail_out_rec *, void *), void *arg,
                          struct mrx_err *err);
/* Its state at `at`: "sending" (taken: one more try), "sent" or "failed" (body cleared),
 * or "queued" again to retry after its back-off. */
int store_mail_done(struct store *s, const char *id, const char *status, const char *detail,
                    const char *at, struct mrx_err *err);

/* A write's first answer, kept under the client's idempotency key. */
struct idempotency_rec {
    char org_id[STORE_ID_SIZE];
    char user_id[STORE_ID_SIZE];
    const char *key;
    char fingerprint[STORE_HASH_SIZE]; /* a digest of the request it answered */
    int status;
    const char *body; /* the answer's JSON */
    char created_at[STORE_TS_SIZE];
};

/* MRX_EINVAL ("already") when the user has used the key. Keys created before
 * `expired_before` (a timestamp) are deleted first, whoever's: they have expired. */
int store_idempotency_add(struct store *s, const struct idempotency_rec *r,
                          const char *expired_before, struct mrx_err *err);
/* MRX_ENOTFOUND when the user has not used the key since `expired_before`. */
int store_idempotency_get(struct store *s, const char *user_id, const char *key,
                          const char *expired_before, struct idempotency_rec *out,
                          struct mrx_err *err);
/* The accounts of an organization, by role then e-mail. */
int store_users_each(struct store *s, const char *org_id,
                     int (*fn)(const struct user_rec *, void *), void *arg, struct mrx_err *err);

/* ==================== The care team's views ==================== */

/* One alert by id, in any organization (the caller checks who may see it). */
int store_alert_get(struct store *s, const char *id, struct alert_rec *out, struct mrx_err *err);
/* Status, acknowledgement, resolution, detail, occurrences, last day and
 * episode (an alert reported before the intake joins the episode) of an
 * existing alert. */
int store_alert_update(struct store *s, const struct alert_rec *r, struct mrx_err *err);
/* Open alerts of the patients on a clinician's care team, in the order of
 * store_alerts_open_each(). */
int store_alerts_care_each(struct store *s, const char *org_id, const char *user_id,
                           int (*fn)(const struct alert_rec *, void *), void *arg,
                           struct mrx_err *err);
/* Alerts not resolved, over the whole store: [0] routine, [1] urgent, [2] emergency. */
int store_alert_open_counts(struct store *s, long counts[3], struct mrx_err *err);

struct panel_rec {
    char patient_id[STORE_ID_SIZE];
    const char *name;
    int birth_year;
    const char *status;   /* the current episode's, or NULL without one */
    long start_day;       /* of the current episode */
    const char *top_tier; /* the most serious open alert's tier, or NULL */
    int open_alerts;
    long last_activity; /* the last session or check-in day, or 0 */
    /* The newest message's sent_at (by sent_at, then the order they were
     * written in, as store_messages_each lists them), or NULL without
     * messages; and whether the patient's own account sent it (else someone
     * of the care team). */
    const char *last_message_at;
    bool last_message_from_patient;
    long discharged_day;     /* the newest plan's discharge into maintenance, or 0 */
    int unread_from_patient; /* the patient's messages no one of the care team has read */
    int open_tasks;          /* promises and alerts on the care team's queue */
    double pain_week, pain_week_before; /* mean check-in pain of the 7 days to the day, and the
                                         * 7 before (-1: no check-in) */
    int sessions_two_weeks;             /* sessions in the 14 days to the day */
};

/* The patients of an organization, or of a clinician's care team (user_id),
 * most serious open alert first, then most recent activity. */
int store_panel_each(struct store *s, const char *org_id, const char *user_id, long day,
                     int (*fn)(const struct panel_rec *, void *), void *arg, struct mrx_err *err);

/* ==================== Reads and grouped writes ==================== */

/* A read transaction: one consistent view, no write lock; end it with store_rollback(). */
int store_begin_read(struct store *s, struct mrx_err *err);
/* Whether a transaction (read or write) is open: its reads share one snapshot. */
bool store_in_transaction(struct store *s);
/* Inside a transaction: a point to go back to, so that one of several grouped
 * writes can fail alone (store_release keeps its work, store_rollback_to drops it). */
int store_savepoint(struct store *s, struct mrx_err *err);
int store_release(struct store *s, struct mrx_err *err);
void store_rollback_to(struct store *s);

#endif
