/*
 * store.c: the backend-neutral part of the store (see store.h): choosing a
 * backend, new ids, the names of enumerations, and one dispatching function
 * per operation.
 */
#include "compat.h"

#include <errno.h>
#include <sys/random.h>

#include "store/migrations.h"
#include "store/store_backend.h"

int store_open(const char *location, enum store_open_mode mode, const char *now, struct store **out,
               struct mrx_err *err)
{
    *out = NULL;
    if (!location || !*location)
        return mrx_err_set(err, MRX_EINVAL, "db", "no store location given");
    if (strncmp(location, "postgres://", 11) == 0 || strncmp(location, "postgresql://", 13) == 0)
        return mrx_err_set(err, MRX_EINVAL, "db",
                           "PostgreSQL is not available in this build; use a file path");
    return sqlite_store_open(location, mode, now, out, err);
}

void store_close(struct store *s)
{
    if (s)
        s->be->close(s);
}

int store_schema_latest(void)
{
    return store_migration_count;
}

int store_schema_version(const struct store *s)
{
    return s->be->schema_version(s);
}

int store_new_id(char out[STORE_ID_SIZE], struct mrx_err *err)
{
    unsigned char b[16];
    size_t got = 0;

    while (got < sizeof(b)) {
        ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return mrx_err_set(err, MRX_EIO, "id", "no random bytes: %s", strerror(errno));
        got += (size_t)n;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, STORE_ID_SIZE,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
    return MRX_OK;
}

/* ==================== Names ==================== */

static const char *const status_names[] = {"active", "paused", "stopped", "closed", "not_started"};
static const char *const difficulty_names[] = {NULL, "easy", "right", "hard"};

const char *episode_status_name(enum episode_status st)
{
    return status_names[st];
}

bool episode_status_from_name(const char *name, enum episode_status *out)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(status_names); i++)
        if (strcmp(name, status_names[i]) == 0) {
            *out = (enum episode_status)i;
            return true;
        }
    return false;
}

const char *difficulty_name(enum difficulty d)
{
    return difficulty_names[d];
}

bool difficulty_from_name(const char *name, enum difficulty *out)
{
    for (size_t i = 1; i < MRX_ARRAY_LEN(difficulty_names); i++)
        if (strcmp(name, difficulty_names[i]) == 0) {
            *out = (enum difficulty)i;
            return true;
        }
    return false;
}

static const char *const role_names[] = {"patient", "clinician", "admin"};

const char *user_role_name(enum user_role r)
{
    return role_names[r];
}

bool user_role_from_name(const char *name, enum user_role *out)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(role_names); i++)
        if (strcmp(name, role_names[i]) == 0) {
            *out = (enum user_role)i;
            return true;
        }
    return false;
}

/* ==================== Dispatch ==================== */

int store_begin(struct store *s, struct mrx_err *err)
{
    return s->be->begin(s, err);
}

int store_commit(struct store *s, struct mrx_err *err)
{
    return s->be->commit(s, err);
}

void store_rollback(struct store *s)
{
    s->be->rollback(s);
}

int store_backup(struct store *s, const char *dest, struct mrx_err *err)
{
    return s->be->backup(s, dest, err);
}

int store_org_add(struct store *s, const struct org_rec *o, struct mrx_err *err)
{
    return s->be->org_add(s, o, err);
}

int store_org_get(struct store *s, const char *id, struct org_rec *out, struct mrx_err *err)
{
    return s->be->org_get(s, id, out, err);
}

int store_org_default(struct store *s, struct org_rec *out, struct mrx_err *err)
{
    return s->be->org_default(s, out, err);
}

int store_patient_add(struct store *s, const struct patient_rec *p, struct mrx_err *err)
{
    return s->be->patient_add(s, p, err);
}

int store_patient_get(struct store *s, const char *id, struct patient_rec *out, struct mrx_err *err)
{
    return s->be->patient_get(s, id, out, err);
}

int store_episode_add(struct store *s, const struct episode_rec *e, struct mrx_err *err)
{
    return s->be->episode_add(s, e, err);
}

int store_episode_update(struct store *s, const struct episode_rec *e, struct mrx_err *err)
{
    return s->be->episode_update(s, e, err);
}

int store_episode_current(struct store *s, const char *org_id, const char *patient_id,
                          struct episode_rec *out, struct mrx_err *err)
{
    return s->be->episode_current(s, org_id, patient_id, out, err);
}

int store_episodes_due_each(struct store *s, long before_day,
                            int (*fn)(const struct episode_rec *, void *), void *arg,
                            struct mrx_err *err)
{
    return s->be->episodes_due_each(s, before_day, fn, arg, err);
}

int store_episodes_each(struct store *s, const char *org_id, const char *patient_id,
                        int (*fn)(const struct episode_rec *, void *), void *arg,
                        struct mrx_err *err)
{
    return s->be->episodes_each(s, org_id, patient_id, fn, arg, err);
}

int store_intake_add(struct store *s, const struct intake_rec *r, struct mrx_err *err)
{
    return s->be->intake_add(s, r, err);
}

int store_intake_get(struct store *s, const char *org_id, const char *episode_id,
                     struct intake_rec *out, struct mrx_err *err)
{
    return s->be->intake_get(s, org_id, episode_id, out, err);
}

int store_assessment_add(struct store *s, const struct assessment_rec *r, struct mrx_err *err)
{
    return s->be->assessment_add(s, r, err);
}

int store_assessments_each(struct store *s, const char *org_id, const char *episode_id,
                           int (*fn)(const struct assessment_rec *, void *), void *arg,
                           struct mrx_err *err)
{
    return s->be->assessments_each(s, org_id, episode_id, fn, arg, err);
}

int store_plan_version_add(struct store *s, const struct plan_version_rec *r, struct mrx_err *err)
{
    return s->be->plan_version_add(s, r, err);
}

int store_plan_version_latest(struct store *s, const char *org_id, const char *episode_id,
                              struct plan_version_rec *out, struct mrx_err *err)
{
    return s->be->plan_version_latest(s, org_id, episode_id, out, err);
}

int store_plan_versions_each(struct store *s, const char *org_id, const char *episode_id,
                             int (*fn)(const struct plan_version_rec *, void *), void *arg,
                             struct mrx_err *err)
{
    return s->be->plan_versions_each(s, org_id, episode_id, fn, arg, err);
}

int store_decision_next_seq(struct store *s, const char *org_id, const char *episode_id, int *out,
                            struct mrx_err *err)
{
    return s->be->decision_next_seq(s, org_id, episode_id, out, err);
}

int store_decision_add(struct store *s, const struct decision_rec *r, struct mrx_err *err)
{
    return s->be->decision_add(s, r, err);
}

int store_decisions_each(struct store *s, const char *org_id, const char *episode_id,
                         int (*fn)(const struct decision_rec *, void *), void *arg,
                         struct mrx_err *err)
{
    return s->be->decisions_each(s, org_id, episode_id, fn, arg, err);
}

int store_episode_marks(struct store *s, const char *org_id, const char *patient_id, long day,
                        struct episode_marks *out, struct mrx_err *err)
{
    return s->be->episode_marks(s, org_id, patient_id, day, out, err);
}

int store_session_add(struct store *s, const struct session_rec *r, struct mrx_err *err)
{
    return s->be->session_add(s, r, err);
}

int store_sessions_each(struct store *s, const char *org_id, const char *episode_id, long from_day,
                        long to_day, int (*fn)(const struct session_rec *, void *), void *arg,
                        struct mrx_err *err)
{
    return s->be->sessions_each(s, org_id, episode_id, from_day, to_day, fn, arg, err);
}

int store_checkin_add(struct store *s, const struct checkin_rec *r, struct mrx_err *err)
{
    return s->be->checkin_add(s, r, err);
}

int store_checkins_each(struct store *s, const char *org_id, const char *episode_id, long from_day,
                        long to_day, int (*fn)(const struct checkin_rec *, void *), void *arg,
                        struct mrx_err *err)
{
    return s->be->checkins_each(s, org_id, episode_id, from_day, to_day, fn, arg, err);
}

int store_alert_add(struct store *s, const struct alert_rec *r, struct mrx_err *err)
{
    return s->be->alert_add(s, r, err);
}

int store_alerts_each(struct store *s, const char *org_id, const char *episode_id,
                      int (*fn)(const struct alert_rec *, void *), void *arg, struct mrx_err *err)
{
    return s->be->alerts_each(s, org_id, episode_id, fn, arg, err);
}

int store_alerts_patient_each(struct store *s, const char *org_id, const char *patient_id,
                              int (*fn)(const struct alert_rec *, void *), void *arg,
                              struct mrx_err *err)
{
    return s->be->alerts_patient_each(s, org_id, patient_id, fn, arg, err);
}

int store_alerts_open_each(struct store *s, const char *org_id,
                           int (*fn)(const struct alert_rec *, void *), void *arg,
                           struct mrx_err *err)
{
    return s->be->alerts_open_each(s, org_id, fn, arg, err);
}

int store_message_add(struct store *s, const struct message_rec *r, struct mrx_err *err)
{
    return s->be->message_add(s, r, err);
}

int store_messages_each(struct store *s, const char *org_id, const char *patient_id,
                        int (*fn)(const struct message_rec *, void *), void *arg,
                        struct mrx_err *err)
{
    return s->be->messages_each(s, org_id, patient_id, fn, arg, err);
}

int store_audit_add(struct store *s, const struct audit_rec *r, struct mrx_err *err)
{
    return s->be->audit_add(s, r, err);
}

int store_user_add(struct store *s, const struct user_rec *u, struct mrx_err *err)
{
    return s->be->user_add(s, u, err);
}

int store_user_get(struct store *s, const char *id, struct user_rec *out, struct mrx_err *err)
{
    return s->be->user_get(s, id, out, err);
}

int store_user_by_email(struct store *s, const char *email, struct user_rec *out,
                        struct mrx_err *err)
{
    return s->be->user_by_email(s, email, out, err);
}

int store_care_add(struct store *s, const char *org_id, const char *patient_id, const char *user_id,
                   const char *at, struct mrx_err *err)
{
    return s->be->care_add(s, org_id, patient_id, user_id, at, err);
}

int store_care_member(struct store *s, const char *org_id, const char *patient_id,
                      const char *user_id, bool *out, struct mrx_err *err)
{
    return s->be->care_member(s, org_id, patient_id, user_id, out, err);
}

int store_care_remove(struct store *s, const char *org_id, const char *patient_id,
                      const char *user_id, bool *removed, struct mrx_err *err)
{
    return s->be->care_remove(s, org_id, patient_id, user_id, removed, err);
}

int store_care_count(struct store *s, const char *org_id, const char *patient_id, long *out,
                     struct mrx_err *err)
{
    return s->be->care_count(s, org_id, patient_id, out, err);
}

int store_auth_session_add(struct store *s, const struct auth_session_rec *r, struct mrx_err *err)
{
    return s->be->auth_session_add(s, r, err);
}

int store_auth_session_get(struct store *s, const char *token_hash, struct auth_session_rec *out,
                           struct mrx_err *err)
{
    return s->be->auth_session_get(s, token_hash, out, err);
}

int store_auth_session_touch(struct store *s, const char *token_hash, const char *at,
                             struct mrx_err *err)
{
    return s->be->auth_session_touch(s, token_hash, at, err);
}

int store_auth_session_delete(struct store *s, const char *token_hash, struct mrx_err *err)
{
    return s->be->auth_session_delete(s, token_hash, err);
}

int store_auth_rev(struct store *s, long long *out, struct mrx_err *err)
{
    return s->be->auth_rev(s, out, err);
}

int store_alert_get(struct store *s, const char *id, struct alert_rec *out, struct mrx_err *err)
{
    return s->be->alert_get(s, id, out, err);
}

int store_alert_update(struct store *s, const struct alert_rec *r, struct mrx_err *err)
{
    return s->be->alert_update(s, r, err);
}

int store_alerts_care_each(struct store *s, const char *org_id, const char *user_id,
                           int (*fn)(const struct alert_rec *, void *), void *arg,
                           struct mrx_err *err)
{
    return s->be->alerts_care_each(s, org_id, user_id, fn, arg, err);
}

int store_alert_open_counts(struct store *s, long counts[3], struct mrx_err *err)
{
    return s->be->alert_open_counts(s, counts, err);
}

int store_panel_each(struct store *s, const char *org_id, const char *user_id, long day,
                     int (*fn)(const struct panel_rec *, void *), void *arg, struct mrx_err *err)
{
    return s->be->panel_each(s, org_id, user_id, day, fn, arg, err);
}

int store_task_add(struct store *s, const struct task_rec *r, struct mrx_err *err)
{
    return s->be->task_add(s, r, err);
}

int store_task_get(struct store *s, const char *id, struct task_rec *out, struct mrx_err *err)
{
    return s->be->task_get(s, id, out, err);
}

int store_task_update(struct store *s, const struct task_rec *r, struct mrx_err *err)
{
    return s->be->task_update(s, r, err);
}

int store_tasks_each(struct store *s, const char *org_id, const char *episode_id,
                     int (*fn)(const struct task_rec *, void *), void *arg, struct mrx_err *err)
{
    return s->be->tasks_each(s, org_id, episode_id, fn, arg, err);
}

int store_tasks_patient_each(struct store *s, const char *org_id, const char *patient_id,
                             int (*fn)(const struct task_rec *, void *), void *arg,
                             struct mrx_err *err)
{
    return s->be->tasks_patient_each(s, org_id, patient_id, fn, arg, err);
}

int store_tasks_open_each(struct store *s, const char *org_id, const char *user_id,
                          int (*fn)(const struct task_rec *, void *), void *arg,
                          struct mrx_err *err)
{
    return s->be->tasks_open_each(s, org_id, user_id, fn, arg, err);
}

int store_begin_read(struct store *s, struct mrx_err *err)
{
    return s->be->begin_read(s, err);
}

bool store_in_transaction(struct store *s)
{
    return s->be->in_transaction(s);
}

int store_savepoint(struct store *s, struct mrx_err *err)
{
    return s->be->savepoint(s, err);
}

int store_release(struct store *s, struct mrx_err *err)
{
    return s->be->release(s, err);
}

void store_rollback_to(struct store *s)
{
    s->be->rollback_to(s);
}

int store_messages_mark_read(struct store *s, const char *org_id, const char *patient_id,
                             bool from_patient, const char *at, int *n, struct mrx_err *err)
{
    return s->be->messages_mark_read(s, org_id, patient_id, from_patient, at, n, err);
}

int store_unread_count(struct store *s, const char *org_id, const char *patient_id,
                       const char *user_id, long *n, struct mrx_err *err)
{
    return s->be->unread_count(s, org_id, patient_id, user_id, n, err);
}

int store_user_of_patient(struct store *s, const char *org_id, const char *patient_id,
                          struct user_rec *out, struct mrx_err *err)
{
    return s->be->user_of_patient(s, org_id, patient_id, out, err);
}

int store_reminder_get(struct store *s, const char *org_id, const char *patient_id,
                       struct reminder_rec *out, struct mrx_err *err)
{
    return s->be->reminder_get(s, org_id, patient_id, out, err);
}

int store_reminder_put(struct store *s, const struct reminder_rec *r, struct mrx_err *err)
{
    return s->be->reminder_put(s, r, err);
}

int store_calendar_token_add(struct store *s, const struct calendar_token_rec *r,
                             struct mrx_err *err)
{
    return s->be->calendar_token_add(s, r, err);
}

int store_calendar_token_get(struct store *s, const char *token_hash,
                             struct calendar_token_rec *out, struct mrx_err *err)
{
    return s->be->calendar_token_get(s, token_hash, out, err);
}

int store_calendar_token_since(struct store *s, const char *org_id, const char *patient_id,
                               char since[STORE_TS_SIZE], struct mrx_err *err)
{
    return s->be->calendar_token_since(s, org_id, patient_id, since, err);
}

int store_calendar_tokens_revoke(struct store *s, const char *org_id, const char *patient_id,
                                 const char *at, int *n, struct mrx_err *err)
{
    return s->be->calendar_tokens_revoke(s, org_id, patient_id, at, n, err);
}

int store_server_key_get(struct store *s, const char *name, char **value, struct mrx_err *err)
{
    return s->be->server_key_get(s, name, value, err);
}

int store_server_key_put(struct store *s, const char *name, const char *value, const char *at,
                         struct mrx_err *err)
{
    return s->be->server_key_put(s, name, value, at, err);
}

int store_push_sub_put(struct store *s, const struct push_sub_rec *r, struct mrx_err *err)
{
    return s->be->push_sub_put(s, r, err);
}

int store_push_sub_delete(struct store *s, const char *org_id, const char *patient_id,
                          const char *endpoint, int *n, struct mrx_err *err)
{
    return s->be->push_sub_delete(s, org_id, patient_id, endpoint, n, err);
}

int store_push_subs_each(struct store *s, const char *org_id, const char *patient_id,
                         int (*fn)(const struct push_sub_rec *, void *), void *arg,
                         struct mrx_err *err)
{
    return s->be->push_subs_each(s, org_id, patient_id, fn, arg, err);
}

int store_reminders_on_each(struct store *s, int (*fn)(const struct reminder_on_rec *, void *),
                            void *arg, struct mrx_err *err)
{
    return s->be->reminders_on_each(s, fn, arg, err);
}

int store_reminder_claim(struct store *s, const char *org_id, const char *patient_id,
                         const char *local_date, const char *channel, const char *at, bool *claimed,
                         struct mrx_err *err)
{
    return s->be->reminder_claim(s, org_id, patient_id, local_date, channel, at, claimed, err);
}

int store_reminder_outcome(struct store *s, const char *org_id, const char *patient_id,
                           const char *local_date, const char *channel, const char *status,
                           const char *detail, struct mrx_err *err)
{
    return s->be->reminder_outcome(s, org_id, patient_id, local_date, channel, status, detail, err);
}

int store_mail_get(struct store *s, const char *org_id, struct mail_rec *out, struct mrx_err *err)
{
    return s->be->mail_get(s, org_id, out, err);
}

int store_mail_put(struct store *s, const struct mail_rec *r, struct mrx_err *err)
{
    return s->be->mail_put(s, r, err);
}

int store_mail_queue(struct store *s, const struct mail_out_rec *m, struct mrx_err *err)
{
    return s->be->mail_queue(s, m, err);
}

int store_mail_claim_each(struct store *s, const char *now,
                          int (*fn)(const struct mail_out_rec *, void *), void *arg,
                          struct mrx_err *err)
{
    return s->be->mail_claim_each(s, now, fn, arg, err);
}

int store_mail_done(struct store *s, const char *id, const char *status, const char *detail,
                    const char *at, struct mrx_err *err)
{
    return s->be->mail_done(s, id, status, detail, at, err);
}

int store_invitation_add(struct store *s, const struct invitation_rec *r, struct mrx_err *err)
{
    return s->be->invitation_add(s, r, err);
}

int store_invitation_take(struct store *s, const char *token_hash, struct invitation_rec *out,
                          struct mrx_err *err)
{
    return s->be->invitation_take(s, token_hash, out, err);
}

int store_invitation_get(struct store *s, const char *token_hash, struct invitation_rec *out,
                         struct mrx_err *err)
{
    return s->be->invitation_get(s, token_hash, out, err);
}

int store_user_set_password(struct store *s, const char *org_id, const char *user_id,
                            const char *password_hash, struct mrx_err *err)
{
    return s->be->user_set_password(s, org_id, user_id, password_hash, err);
}

int store_user_set_disabled(struct store *s, const char *org_id, const char *user_id,
                            const char *disabled_at, struct mrx_err *err)
{
    return s->be->user_set_disabled(s, org_id, user_id, disabled_at, err);
}

int store_invitations_revoke(struct store *s, const char *org_id, const char *user_id,
                             struct mrx_err *err)
{
    return s->be->invitations_revoke(s, org_id, user_id, err);
}

int store_idempotency_add(struct store *s, const struct idempotency_rec *r,
                          const char *expired_before, struct mrx_err *err)
{
    return s->be->idempotency_add(s, r, expired_before, err);
}

int store_idempotency_get(struct store *s, const char *user_id, const char *key,
                          const char *expired_before, struct idempotency_rec *out,
                          struct mrx_err *err)
{
    return s->be->idempotency_get(s, user_id, key, expired_before, out, err);
}

int store_users_each(struct store *s, const char *org_id,
                     int (*fn)(const struct user_rec *, void *), void *arg, struct mrx_err *err)
{
    return s->be->users_each(s, org_id, fn, arg, err);
}

int store_org_update(struct store *s, const struct org_rec *o, struct mrx_err *err)
{
    return s->be->org_update(s, o, err);
}
