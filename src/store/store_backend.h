/*
 * store_backend.h: what a storage backend provides (see store.h). Each
 * backend fills one table of operations; store.c dispatches to it. Only
 * src/store/ includes this file.
 */
#ifndef MOVERX_STORE_BACKEND_H
#define MOVERX_STORE_BACKEND_H

#include "store/store.h"

struct store_backend {
    const char *name;
    void (*close)(struct store *s);
    int (*schema_version)(const struct store *s);
    int (*begin)(struct store *s, struct mrx_err *err);
    int (*commit)(struct store *s, struct mrx_err *err);
    void (*rollback)(struct store *s);
    int (*backup)(struct store *s, const char *dest, struct mrx_err *err);

    int (*org_add)(struct store *s, const struct org_rec *o, struct mrx_err *err);
    int (*org_get)(struct store *s, const char *id, struct org_rec *out, struct mrx_err *err);
    int (*org_default)(struct store *s, struct org_rec *out, struct mrx_err *err);
    int (*patient_add)(struct store *s, const struct patient_rec *p, struct mrx_err *err);
    int (*patient_get)(struct store *s, const char *id, struct patient_rec *out,
                       struct mrx_err *err);

    int (*episode_add)(struct store *s, const struct episode_rec *e, struct mrx_err *err);
    int (*episode_update)(struct store *s, const struct episode_rec *e, struct mrx_err *err);
    int (*episode_current)(struct store *s, const char *org_id, const char *patient_id,
                           struct episode_rec *out, struct mrx_err *err);
    int (*episodes_each)(struct store *s, const char *org_id, const char *patient_id,
                         int (*fn)(const struct episode_rec *, void *), void *arg,
                         struct mrx_err *err);

    int (*episodes_due_each)(struct store *s, long before_day,
                             int (*fn)(const struct episode_rec *, void *), void *arg,
                             struct mrx_err *err);

    int (*intake_add)(struct store *s, const struct intake_rec *r, struct mrx_err *err);
    int (*intake_get)(struct store *s, const char *org_id, const char *episode_id,
                      struct intake_rec *out, struct mrx_err *err);
    int (*assessment_add)(struct store *s, const struct assessment_rec *r, struct mrx_err *err);
    int (*assessments_each)(struct store *s, const char *org_id, const char *episode_id,
                            int (*fn)(const struct assessment_rec *, void *), void *arg,
                            struct mrx_err *err);

    int (*plan_version_add)(struct store *s, const struct plan_version_rec *r, struct mrx_err *err);
    int (*plan_version_latest)(struct store *s, const char *org_id, const char *episode_id,
                               struct plan_version_rec *out, struct mrx_err *err);
    int (*plan_versions_each)(struct store *s, const char *org_id, const char *episode_id,
                              int (*fn)(const struct plan_version_rec *, void *), void *arg,
                              struct mrx_err *err);
    int (*decision_next_seq)(struct store *s, const char *org_id, const char *episode_id, int *out,
                             struct mrx_err *err);
    int (*decision_add)(struct store *s, const struct decision_rec *r, struct mrx_err *err);
    int (*decisions_each)(struct store *s, const char *org_id, const char *episode_id,
                          int (*fn)(const struct decision_rec *, void *), void *arg,
                          struct mrx_err *err);

    int (*episode_marks)(struct store *s, const char *org_id, const char *patient_id, long day,
                         struct episode_marks *out, struct mrx_err *err);
    int (*session_add)(struct store *s, const struct session_rec *r, struct mrx_err *err);
    int (*sessions_each)(struct store *s, const char *org_id, const char *episode_id, long from_day,
                         long to_day, int (*fn)(const struct session_rec *, void *), void *arg,
                         struct mrx_err *err);
    int (*checkin_add)(struct store *s, const struct checkin_rec *r, struct mrx_err *err);
    int (*checkins_each)(struct store *s, const char *org_id, const char *episode_id, long from_day,
                         long to_day, int (*fn)(const struct checkin_rec *, void *), void *arg,
                         struct mrx_err *err);

    int (*alert_add)(struct store *s, const struct alert_rec *r, struct mrx_err *err);
    int (*alerts_each)(struct store *s, const char *org_id, const char *episode_id,
                       int (*fn)(const struct alert_rec *, void *), void *arg, struct mrx_err *err);
    int (*alerts_patient_each)(struct store *s, const char *org_id, const char *patient_id,
                               int (*fn)(const struct alert_rec *, void *), void *arg,
                               struct mrx_err *err);
    int (*alerts_open_each)(struct store *s, const char *org_id,
                            int (*fn)(const struct alert_rec *, void *), void *arg,
                            struct mrx_err *err);
    int (*message_add)(struct store *s, const struct message_rec *r, struct mrx_err *err);
    int (*messages_each)(struct store *s, const char *org_id, const char *patient_id,
                         int (*fn)(const struct message_rec *, void *), void *arg,
                         struct mrx_err *err);
    int (*audit_add)(struct store *s, const struct audit_rec *r, struct mrx_err *err);

    int (*user_add)(struct store *s, const struct user_rec *u, struct mrx_err *err);
    int (*user_get)(struct store *s, const char *id, struct user_rec *out, struct mrx_err *err);
    int (*user_by_email)(struct store *s, const char *email, struct user_rec *out,
                         struct mrx_err *err);
    int (*care_add)(struct store *s, const char *org_id, const char *patient_id,
                    const char *user_id, const char *at, struct mrx_err *err);
    int (*care_member)(struct store *s, const char *org_id, const char *patient_id,
                       const char *user_id, bool *out, struct mrx_err *err);
    int (*care_remove)(struct store *s, const char *org_id, const char *patient_id,
                       const char *user_id, bool *removed, struct mrx_err *err);
    int (*care_count)(struct store *s, const char *org_id, const char *patient_id, long *out,
                      struct mrx_err *err);
    int (*auth_session_add)(struct store *s, const struct auth_session_rec *r, struct mrx_err *err);
    int (*auth_session_get)(struct store *s, const char *token_hash, struct auth_session_rec *out,
                            struct mrx_err *err);
    int (*auth_session_touch)(struct store *s, const char *token_hash, const char *at,
                              struct mrx_err *err);
    int (*auth_session_delete)(struct store *s, const char *token_hash, struct mrx_err *err);
    int (*auth_rev)(struct store *s, long long *out, struct mrx_err *err);

    int (*org_update)(struct store *s, const struct org_rec *o, struct mrx_err *err);
    int (*messages_mark_read)(struct store *s, const char *org_id, const char *patient_id,
                              bool from_patient, const char *at, int *n, struct mrx_err *err);
    int (*unread_count)(struct store *s, const char *org_id, const char *patient_id,
                        const char *user_id, long *n, struct mrx_err *err);
    int (*user_of_patient)(struct store *s, const char *org_id, const char *patient_id,
                           struct user_rec *out, struct mrx_err *err);
    int (*reminder_get)(struct store *s, const char *org_id, const char *patient_id,
                        struct reminder_rec *out, struct mrx_err *err);
    int (*reminder_put)(struct store *s, const struct reminder_rec *r, struct mrx_err *err);
    int (*calendar_token_add)(struct store *s, const struct calendar_token_rec *r,
                              struct mrx_err *err);
    int (*calendar_token_get)(struct store *s, const char *token_hash,
                              struct calendar_token_rec *out, struct mrx_err *err);
    int (*calendar_token_since)(struct store *s, const char *org_id, const char *patient_id,
                                char since[STORE_TS_SIZE], struct mrx_err *err);
    int (*calendar_tokens_revoke)(struct store *s, const char *org_id, const char *patient_id,
                                  const char *at, int *n, struct mrx_err *err);
    int (*server_key_get)(struct store *s, const char *name, char **value, struct mrx_err *err);
    int (*server_key_put)(struct store *s, const char *name, const char *value, const char *at,
                          struct mrx_err *err);
    int (*push_sub_put)(struct store *s, const struct push_sub_rec *r, struct mrx_err *err);
    int (*push_sub_delete)(struct store *s, const char *org_id, const char *patient_id,
                           const char *endpoint, int *n, struct mrx_err *err);
    int (*push_subs_each)(struct store *s, const char *org_id, const char *patient_id,
                          int (*fn)(const struct push_sub_rec *, void *), void *arg,
                          struct mrx_err *err);
    int (*reminders_on_each)(struct store *s, int (*fn)(const struct reminder_on_rec *, void *),
                             void *arg, struct mrx_err *err);
    int (*reminder_claim)(struct store *s, const char *org_id, const char *patient_id,
                          const char *local_date, const char *channel, const char *at,
                          bool *claimed, struct mrx_err *err);
    int (*reminder_outcome)(struct store *s, const char *org_id, const char *patient_id,
                            const char *local_date, const char *channel, const char *status,
                            const char *detail, struct mrx_err *err);
    int (*mail_get)(struct store *s, const char *org_id, struct mail_rec *out, struct mrx_err *err);
    int (*mail_put)(struct store *s, const struct mail_rec *r, struct mrx_err *err);
    int (*mail_queue)(struct store *s, const struct mail_out_rec *m, struct mrx_err *err);
    int (*mail_claim_each)(struct store *s, const char *now,
                           int (*fn)(const struct mail_out_rec *, void *), void *arg,
                           struct mrx_err *err);
    int (*mail_done)(struct store *s, const char *id, const char *status, const char *detail,
                     const char *at, struct mrx_err *err);
    int (*invitation_add)(struct store *s, const struct invitation_rec *r, struct mrx_err *err);
    int (*invitation_take)(struct store *s, const char *token_hash, struct invitation_rec *out,
                           struct mrx_err *err);
    int (*invitation_get)(struct store *s, const char *token_hash, struct invitation_rec *out,
                          struct mrx_err *err);
    int (*user_set_password)(struct store *s, const char *org_id, const char *user_id,
                             const char *password_hash, struct mrx_err *err);
    int (*user_set_disabled)(struct store *s, const char *org_id, const char *user_id,
                             const char *disabled_at, struct mrx_err *err);
    int (*invitations_revoke)(struct store *s, const char *org_id, const char *user_id,
                              struct mrx_err *err);
    int (*idempotency_add)(struct store *s, const struct idempotency_rec *r,
                           const char *expired_before, struct mrx_err *err);
    int (*idempotency_get)(struct store *s, const char *user_id, const char *key,
                           const char *expired_before, struct idempotency_rec *out,
                           struct mrx_err *err);
    int (*users_each)(struct store *s, const char *org_id,
                      int (*fn)(const struct user_rec *, void *), void *arg, struct mrx_err *err);

    int (*alert_get)(struct store *s, const char *id, struct alert_rec *out, struct mrx_err *err);
    int (*alert_update)(struct store *s, const struct alert_rec *r, struct mrx_err *err);
    int (*alerts_care_each)(struct store *s, const char *org_id, const char *user_id,
                            int (*fn)(const struct alert_rec *, void *), void *arg,
                            struct mrx_err *err);
    int (*alert_open_counts)(struct store *s, long counts[3], struct mrx_err *err);
    int (*panel_each)(struct store *s, const char *org_id, const char *user_id, long day,
                      int (*fn)(const struct panel_rec *, void *), void *arg, struct mrx_err *err);

    int (*task_add)(struct store *s, const struct task_rec *r, struct mrx_err *err);
    int (*task_get)(struct store *s, const char *id, struct task_rec *out, struct mrx_err *err);
    int (*task_update)(struct store *s, const struct task_rec *r, struct mrx_err *err);
    int (*tasks_each)(struct store *s, const char *org_id, const char *episode_id,
                      int (*fn)(const struct task_rec *, void *), void *arg, struct mrx_err *err);
    int (*tasks_patient_each)(struct store *s, const char *org_id, const char *patient_id,
                              int (*fn)(const struct task_rec *, void *), void *arg,
                              struct mrx_err *err);
    int (*tasks_open_each)(struct store *s, const char *org_id, const char *user_id,
                           int (*fn)(const struct task_rec *, void *), void *arg,
                           struct mrx_err *err);

    int (*begin_read)(struct store *s, struct mrx_err *err);
    bool (*in_transaction)(struct store *s);
    int (*savepoint)(struct store *s, struct mrx_err *err);
    int (*release)(struct store *s, struct mrx_err *err);
    void (*rollback_to)(struct store *s);
};

/* Every backend's store starts with this. */
struct store {
    const struct store_backend *be;
};

/* The SQLite backend (sqlite.c). */
int sqlite_store_open(const char *path, enum store_open_mode mode, const char *now,
                      struct store **out, struct mrx_err *err);

#endif
