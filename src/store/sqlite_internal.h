/*
 * sqlite_internal.h: what the two halves of the SQLite backend share:
 * sqlite.c (the connection: opening, migrations, transactions, backup, the
 * statement cache) and sqlite_ops.c (the record operations). Only these two
 * files include it.
 */
#ifndef MOVERX_SQLITE_INTERNAL_H
#define MOVERX_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "common/date.h"
#include "store/store_backend.h"

/* ==================== Statements ==================== */

enum stmt_id {
    Q_BEGIN,
    Q_COMMIT,
    Q_ROLLBACK,
    Q_ORG_ADD,
    Q_ORG_GET,
    Q_ORG_DEFAULT,
    Q_PATIENT_ADD,
    Q_PATIENT_GET,
    Q_EPISODE_ADD,
    Q_EPISODE_UPDATE,
    Q_EPISODE_CURRENT,
    Q_EPISODES,
    Q_EPISODES_DUE,
    Q_INTAKE_ADD,
    Q_INTAKE_GET,
    Q_ASSESSMENT_ADD,
    Q_ASSESSMENTS,
    Q_PLAN_ADD,
    Q_PLAN_LATEST,
    Q_PLANS,
    Q_EPISODE_MARKS,
    Q_DECISION_SEQ,
    Q_DECISION_ADD,
    Q_DECISIONS,
    Q_SESSION_ADD,
    Q_SESSIONS,
    Q_CHECKIN_ADD,
    Q_CHECKINS,
    Q_ALERT_ADD,
    Q_ALERTS,
    Q_ALERTS_PATIENT,
    Q_ALERTS_OPEN,
    Q_ALERTS_OPEN_ALL,
    Q_MESSAGE_ADD,
    Q_MESSAGES,
    Q_AUDIT_ADD,
    Q_USER_ADD,
    Q_USER_GET,
    Q_USER_BY_EMAIL,
    Q_CARE_ADD,
    Q_CARE_MEMBER,
    Q_CARE_REMOVE,
    Q_CARE_COUNT,
    Q_AUTH_ADD,
    Q_AUTH_GET,
    Q_AUTH_TOUCH,
    Q_AUTH_DELETE,
    Q_AUTH_REV,
    Q_ALERT_GET,
    Q_ALERT_UPDATE,
    Q_ALERTS_CARE,
    Q_ALERT_COUNTS,
    Q_PANEL,
    Q_ORG_UPDATE,
    Q_INVITE_ADD,
    Q_INVITE_GET,
    Q_INVITE_DELETE,
    Q_USER_SET_PASSWORD,
    Q_USER_SESSIONS_END,
    Q_USER_SET_DISABLED,
    Q_INVITES_REVOKE,
    Q_IDEM_ADD,
    Q_IDEM_GET,
    Q_IDEM_PURGE,
    Q_USERS,
    Q_TASK_ADD,
    Q_TASK_GET,
    Q_TASK_UPDATE,
    Q_TASKS,
    Q_TASKS_PATIENT,
    Q_TASKS_OPEN,
    Q_TASKS_CARE,
    Q_TASKS_OPEN_ALL,
    Q_USER_OF_PATIENT,
    Q_MESSAGES_READ,
    Q_UNREAD_PATIENT,
    Q_UNREAD_CARE,
    Q_REMINDER_GET,
    Q_REMINDER_PUT,
    Q_CAL_TOKEN_ADD,
    Q_CAL_TOKEN_GET,
    Q_CAL_TOKENS_REVOKE,
    Q_CAL_TOKEN_SINCE,
    Q_KEY_GET,
    Q_KEY_PUT,
    Q_PUSH_PUT,
    Q_PUSH_DELETE,
    Q_PUSH_DELETE_ANY,
    Q_PUSH_EACH,
    Q_REMINDERS_ON,
    Q_REMINDER_CLAIM,
    Q_REMINDER_OUTCOME,
    Q_MAIL_GET,
    Q_MAIL_PUT,
    Q_OUTBOX_ADD,
    Q_OUTBOX_QUEUED,
    Q_OUTBOX_SENDING,
    Q_OUTBOX_DONE,
    Q_BEGIN_READ,
    Q_SAVEPOINT,
    Q_RELEASE,
    Q_ROLLBACK_TO,
    Q_COUNT
};

struct sqlite_store {
    struct store base; /* first: a struct store * is a struct sqlite_store * */
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[Q_COUNT];
    /* The statements used since the last transaction edge, each once: only
     * they can be left on a row (see reset_all). */
    bool used[Q_COUNT];
    enum stmt_id used_list[Q_COUNT];
    int n_used;
    int schema_version;
    bool in_txn;
};

static inline struct sqlite_store *S(struct store *s)
{
    return (struct sqlite_store *)s;
}

/* The cached statement `q`, reset and ready for binding (sqlite.c). */
sqlite3_stmt *sqlite_stmt(struct sqlite_store *s, enum stmt_id q, struct mrx_err *err);

/* The backend's table of operations (sqlite_ops.c) and the connection's own (sqlite.c). */
extern const struct store_backend sqlite_backend;
void sqlite_close(struct store *base);
int sqlite_schema_version(const struct store *base);
int sqlite_begin(struct store *base, struct mrx_err *err);
int sqlite_commit(struct store *base, struct mrx_err *err);
void sqlite_rollback(struct store *base);
int sqlite_backup(struct store *base, const char *dest, struct mrx_err *err);
int sqlite_begin_read(struct store *base, struct mrx_err *err);
bool sqlite_in_transaction(struct store *base);
int sqlite_savepoint(struct store *base, struct mrx_err *err);
int sqlite_release(struct store *base, struct mrx_err *err);
void sqlite_rollback_to(struct store *base);

/* The account and care-team operations (sqlite_accounts.c), filled into sqlite_backend. */
int sqlite_user_add(struct store *base, const struct user_rec *u, struct mrx_err *err);
int sqlite_user_get(struct store *base, const char *id, struct user_rec *out, struct mrx_err *err);
int sqlite_user_by_email(struct store *base, const char *email, struct user_rec *out,
                         struct mrx_err *err);
int sqlite_org_add(struct store *base, const struct org_rec *o, struct mrx_err *err);
int sqlite_org_get(struct store *base, const char *id, struct org_rec *out, struct mrx_err *err);
int sqlite_org_default(struct store *base, struct org_rec *out, struct mrx_err *err);
int sqlite_care_add(struct store *base, const char *org_id, const char *patient_id,
                    const char *user_id, const char *at, struct mrx_err *err);
int sqlite_care_member(struct store *base, const char *org_id, const char *patient_id,
                       const char *user_id, bool *out, struct mrx_err *err);
int sqlite_care_remove(struct store *base, const char *org_id, const char *patient_id,
                       const char *user_id, bool *removed, struct mrx_err *err);
int sqlite_care_count(struct store *base, const char *org_id, const char *patient_id, long *out,
                      struct mrx_err *err);
int sqlite_auth_session_add(struct store *base, const struct auth_session_rec *r,
                            struct mrx_err *err);
int sqlite_auth_session_get(struct store *base, const char *token_hash,
                            struct auth_session_rec *out, struct mrx_err *err);
int sqlite_auth_session_touch(struct store *base, const char *token_hash, const char *at,
                              struct mrx_err *err);
int sqlite_auth_session_delete(struct store *base, const char *token_hash, struct mrx_err *err);
int sqlite_auth_rev(struct store *base, long long *out, struct mrx_err *err);
int sqlite_alert_get(struct store *base, const char *id, struct alert_rec *out,
                     struct mrx_err *err);
int sqlite_alert_update(struct store *base, const struct alert_rec *r, struct mrx_err *err);
int sqlite_alerts_care_each(struct store *base, const char *org_id, const char *user_id,
                            int (*fn)(const struct alert_rec *, void *), void *arg,
                            struct mrx_err *err);
int sqlite_alert_open_counts(struct store *base, long counts[3], struct mrx_err *err);
int sqlite_panel_each(struct store *base, const char *org_id, const char *user_id, long day,
                      int (*fn)(const struct panel_rec *, void *), void *arg, struct mrx_err *err);
int sqlite_org_update(struct store *base, const struct org_rec *o, struct mrx_err *err);
int sqlite_invitation_add(struct store *base, const struct invitation_rec *r, struct mrx_err *err);
int sqlite_invitation_take(struct store *base, const char *token_hash, struct invitation_rec *out,
                           struct mrx_err *err);
int sqlite_invitation_get(struct store *base, const char *token_hash, struct invitation_rec *out,
                          struct mrx_err *err);
int sqlite_user_set_disabled(struct store *base, const char *org_id, const char *user_id,
                             const char *disabled_at, struct mrx_err *err);
int sqlite_invitations_revoke(struct store *base, const char *org_id, const char *user_id,
                              struct mrx_err *err);
int sqlite_episode_marks(struct store *base, const char *org_id, const char *patient_id, long day,
                         struct episode_marks *out, struct mrx_err *err);
int sqlite_idempotency_add(struct store *base, const struct idempotency_rec *r,
                           const char *expired_before, struct mrx_err *err);
int sqlite_idempotency_get(struct store *base, const char *user_id, const char *key,
                           const char *expired_before, struct idempotency_rec *out,
                           struct mrx_err *err);
int sqlite_user_set_password(struct store *base, const char *org_id, const char *user_id,
                             const char *password_hash, struct mrx_err *err);
int sqlite_users_each(struct store *base, const char *org_id,
                      int (*fn)(const struct user_rec *, void *), void *arg, struct mrx_err *err);
void sqlite_read_alert(sqlite3_stmt *st, struct alert_rec *r);
int sqlite_messages_mark_read(struct store *base, const char *org_id, const char *patient_id,
                              bool from_patient, const char *at, int *n, struct mrx_err *err);
int sqlite_unread_count(struct store *base, const char *org_id, const char *patient_id,
                        const char *user_id, long *n, struct mrx_err *err);
int sqlite_user_of_patient(struct store *base, const char *org_id, const char *patient_id,
                           struct user_rec *out, struct mrx_err *err);
/* Reminder settings from a row of Q_REMINDER_GET's first eleven columns. */
void sqlite_read_reminder(sqlite3_stmt *st, struct reminder_rec *out);
int sqlite_reminder_get(struct store *base, const char *org_id, const char *patient_id,
                        struct reminder_rec *out, struct mrx_err *err);
int sqlite_reminder_put(struct store *base, const struct reminder_rec *r, struct mrx_err *err);
int sqlite_calendar_token_add(struct store *base, const struct calendar_token_rec *r,
                              struct mrx_err *err);
int sqlite_calendar_token_get(struct store *base, const char *token_hash,
                              struct calendar_token_rec *out, struct mrx_err *err);
int sqlite_calendar_token_since(struct store *base, const char *org_id, const char *patient_id,
                                char since[STORE_TS_SIZE], struct mrx_err *err);
int sqlite_calendar_tokens_revoke(struct store *base, const char *org_id, const char *patient_id,
                                  const char *at, int *n, struct mrx_err *err);
int sqlite_server_key_get(struct store *base, const char *name, char **value, struct mrx_err *err);
int sqlite_server_key_put(struct store *base, const char *name, const char *value, const char *at,
                          struct mrx_err *err);
int sqlite_push_sub_put(struct store *base, const struct push_sub_rec *r, struct mrx_err *err);
int sqlite_push_sub_delete(struct store *base, const char *org_id, const char *patient_id,
                           const char *endpoint, int *n, struct mrx_err *err);
int sqlite_push_subs_each(struct store *base, const char *org_id, const char *patient_id,
                          int (*fn)(const struct push_sub_rec *, void *), void *arg,
                          struct mrx_err *err);
int sqlite_reminders_on_each(struct store *base, int (*fn)(const struct reminder_on_rec *, void *),
                             void *arg, struct mrx_err *err);
int sqlite_reminder_claim(struct store *base, const char *org_id, const char *patient_id,
                          const char *local_date, const char *channel, const char *at,
                          bool *claimed, struct mrx_err *err);
int sqlite_reminder_outcome(struct store *base, const char *org_id, const char *patient_id,
                            const char *local_date, const char *channel, const char *status,
                            const char *detail, struct mrx_err *err);
int sqlite_mail_get(struct store *base, const char *org_id, struct mail_rec *out,
                    struct mrx_err *err);
int sqlite_mail_put(struct store *base, const struct mail_rec *r, struct mrx_err *err);
int sqlite_mail_queue(struct store *base, const struct mail_out_rec *m, struct mrx_err *err);
int sqlite_mail_claim_each(struct store *base, const char *now,
                           int (*fn)(const struct mail_out_rec *, void *), void *arg,
                           struct mrx_err *err);
int sqlite_mail_done(struct store *base, const char *id, const char *status, const char *detail,
                     const char *at, struct mrx_err *err);
int sqlite_task_add(struct store *base, const struct task_rec *r, struct mrx_err *err);
int sqlite_task_get(struct store *base, const char *id, struct task_rec *out, struct mrx_err *err);
int sqlite_task_update(struct store *base, const struct task_rec *r, struct mrx_err *err);
int sqlite_tasks_each(struct store *base, const char *org_id, const char *episode_id,
                      int (*fn)(const struct task_rec *, void *), void *arg, struct mrx_err *err);
int sqlite_tasks_patient_each(struct store *base, const char *org_id, const char *patient_id,
                              int (*fn)(const struct task_rec *, void *), void *arg,
                              struct mrx_err *err);
int sqlite_tasks_open_each(struct store *base, const char *org_id, const char *user_id,
                           int (*fn)(const struct task_rec *, void *), void *arg,
                           struct mrx_err *err);

static inline int db_error(struct sqlite_store *s, int rc, const char *what, struct mrx_err *err)
{
    int ext = sqlite3_extended_errcode(s->db);

    if (ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE)
        return mrx_err_set(err, MRX_EINVAL, what, "already recorded");
    if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
        return mrx_err_set(err, MRX_ENOTFOUND, what, "refers to a record that does not exist");
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return mrx_err_set(err, MRX_EINVAL, what, "not accepted by the store: %s",
                           sqlite3_errmsg(s->db));
    return mrx_err_set(err, MRX_EIO, "db", "%s: %s", what, sqlite3_errmsg(s->db));
}

/* ==================== Binding and reading ==================== */

static inline void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static inline void bind_int(sqlite3_stmt *st, int i, long v)
{
    sqlite3_bind_int64(st, i, v);
}

static inline void bind_opt_int(sqlite3_stmt *st, int i, int v)
{
    if (v == CHECKIN_NONE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, v);
}

/* Dates are bound as text: the buffers live in the caller's frame until the step. */
struct date_text {
    char s[16];
};

static inline void bind_day(sqlite3_stmt *st, int i, long day, struct date_text *buf)
{
    date_format(day, buf->s, sizeof(buf->s));
    sqlite3_bind_text(st, i, buf->s, -1, SQLITE_STATIC);
}

static inline const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static inline void col_copy(sqlite3_stmt *st, int i, char *dst, size_t size)
{
    const char *t = col_text(st, i); /* before _bytes, as SQLite asks */
    size_t n = t ? (size_t)sqlite3_column_bytes(st, i) : 0;

    if (n >= size) /* truncated, as snprintf would; every key read fits */
        n = size - 1;
    if (n)
        memcpy(dst, t, n);
    dst[n] = '\0';
}

static inline long col_day(sqlite3_stmt *st, int i)
{
    long day = 0;
    const char *t = col_text(st, i);
    if (!t || !date_parse(t, &day))
        return 0;
    return day;
}

static inline int col_opt_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? CHECKIN_NONE : sqlite3_column_int(st, i);
}

/* Runs a statement that returns no rows. */
static inline int exec_stmt(struct sqlite_store *s, sqlite3_stmt *st, const char *what,
                            struct mrx_err *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = db_error(s, rc, what, err);
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return MRX_OK;
}

/* Steps to the one row of a look-up: MRX_ENOTFOUND naming `what` when there is none. */
static inline int one_row(struct sqlite_store *s, sqlite3_stmt *st, const char *what,
                          const char *id, struct mrx_err *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return MRX_OK;
    if (rc == SQLITE_DONE)
        return mrx_err_set(err, MRX_ENOTFOUND, what, "no %s '%s'", what, id ? id : "");
    return db_error(s, rc, what, err);
}

/* Calls fn for every row; `read` fills the record from the row. */
#define EACH_ROW(s, st, what, rec, read, fn, arg, err)                                             \
    do {                                                                                           \
        int step_, frc_;                                                                           \
        while ((step_ = sqlite3_step(st)) == SQLITE_ROW) {                                         \
            read(st, &(rec));                                                                      \
            if ((frc_ = (fn)(&(rec), (arg))) != MRX_OK) {                                          \
                sqlite3_reset(st);                                                                 \
                return frc_;                                                                       \
            }                                                                                      \
        }                                                                                          \
        if (step_ != SQLITE_DONE)                                                                  \
            return db_error(s, step_, what, err);                                                  \
        sqlite3_reset(st);                                                                         \
        return MRX_OK;                                                                             \
    } while (0)

#endif
