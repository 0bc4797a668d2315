/*
 * sqlite_accounts.c: the SQLite backend's operations for accounts, the care
 * team, signed-in sessions and the care team's views (see store.h).
 */
#include "compat.h"

#include "store/sqlite_internal.h"

/* ==================== Users and the care team ==================== */

static void read_user(sqlite3_stmt *st, struct user_rec *u)
{
    const char *role = col_text(st, 2);

    col_copy(st, 0, u->id, sizeof(u->id));
    col_copy(st, 1, u->org_id, sizeof(u->org_id));
    if (!role || !user_role_from_name(role, &u->role))
        u->role = ROLE_PATIENT; /* the table's CHECK keeps this from happening */
    u->email = col_text(st, 3);
    u->password_hash = col_text(st, 4);
    col_copy(st, 5, u->patient_id, sizeof(u->patient_id));
    col_copy(st, 6, u->created_at, sizeof(u->created_at));
    u->disabled = sqlite3_column_type(st, 7) != SQLITE_NULL;
}

int sqlite_user_add(struct store *base, const struct user_rec *u, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_USER_ADD, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, u->id);
    bind_text(st, 2, u->org_id);
    bind_text(st, 3, user_role_name(u->role));
    bind_text(st, 4, u->email);
    bind_text(st, 5, u->password_hash);
    bind_text(st, 6, u->patient_id[0] ? u->patient_id : NULL);
    bind_text(st, 7, u->created_at);
    rc = exec_stmt(s, st, "user", err);
    if (rc == MRX_EINVAL && err && strcmp(err->field, "user") == 0 &&
        strcmp(err->msg, "already recorded") == 0)
        return mrx_err_set(err, MRX_EINVAL, "email", "an account with this address exists");
    if (rc == MRX_ENOTFOUND)
        return mrx_err_set(err, MRX_ENOTFOUND, "patient",
                           "no such patient in the account's organization");
    return rc;
}

static int user_lookup(struct sqlite_store *s, enum stmt_id q, const char *key,
                       struct user_rec *out, struct mrx_err *err)
{
    sqlite3_stmt *st = sqlite_stmt(s, q, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, key);
    if ((rc = one_row(s, st, "user", key, err)) == MRX_OK)
        read_user(st, out);
    return rc;
}

int sqlite_user_get(struct store *base, const char *id, struct user_rec *out, struct mrx_err *err)
{
    return user_lookup(S(base), Q_USER_GET, id, out, err);
}

int sqlite_messages_mark_read(struct store *base, const char *org_id, const char *patient_id,
                              bool from_patient, const char *at, int *n, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_MESSAGES_READ, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    bind_int(st, 3, from_patient);
    bind_text(st, 4, at);
    if ((rc = exec_stmt(s, st, "message", err)) == MRX_OK && n)
        *n = sqlite3_changes(s->db);
    return rc;
}

/* Unread messages: to the patient (patient_id given), or from the patients of a
 * clinician's care team (user_id) or of the whole organization (neither). */
int sqlite_unread_count(struct store *base, const char *org_id, const char *patient_id,
                        const char *user_id, long *n, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, patient_id ? Q_UNREAD_PATIENT : Q_UNREAD_CARE, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id ? patient_id : user_id);
    if ((rc = one_row(s, st, "message", "", err)) == MRX_OK)
        *n = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc;
}

int sqlite_user_of_patient(struct store *base, const char *org_id, const char *patient_id,
                           struct user_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_USER_OF_PATIENT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    if ((rc = one_row(s, st, "user", patient_id, err)) == MRX_OK)
        read_user(st, out);
    return rc;
}

int sqlite_user_by_email(struct store *base, const char *email, struct user_rec *out,
                         struct mrx_err *err)
{
    return user_lookup(S(base), Q_USER_BY_EMAIL, email, out, err);
}

/* A care-team row's key: (organization, patient, clinician). */
static void bind_member(sqlite3_stmt *st, const char *org_id, const char *patient_id,
                        const char *user_id)
{
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    bind_text(st, 3, user_id);
}

int sqlite_care_add(struct store *base, const char *org_id, const char *patient_id,
                    const char *user_id, const char *at, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CARE_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_member(st, org_id, patient_id, user_id);
    bind_text(st, 4, at);
    return exec_stmt(s, st, "care team", err);
}

int sqlite_care_member(struct store *base, const char *org_id, const char *patient_id,
                       const char *user_id, bool *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CARE_MEMBER, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_member(st, org_id, patient_id, user_id);
    rc = one_row(s, st, "care team", patient_id, err);
    sqlite3_reset(st);
    *out = rc == MRX_OK;
    return rc == MRX_ENOTFOUND ? MRX_OK : rc;
}

int sqlite_care_remove(struct store *base, const char *org_id, const char *patient_id,
                       const char *user_id, bool *removed, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CARE_REMOVE, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_member(st, org_id, patient_id, user_id);
    rc = exec_stmt(s, st, "care team", err);
    *removed = rc == MRX_OK && sqlite3_changes(s->db) > 0;
    return rc;
}

int sqlite_care_count(struct store *base, const char *org_id, const char *patient_id, long *out,
                      struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CARE_COUNT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    if ((rc = one_row(s, st, "care team", patient_id, err)) == MRX_OK)
        *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc;
}

/* ==================== Signed-in sessions ==================== */

int sqlite_auth_session_add(struct store *base, const struct auth_session_rec *r,
                            struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_AUTH_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->token_hash);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->user_id);
    bind_text(st, 4, r->csrf_hash);
    bind_text(st, 5, r->created_at);
    bind_text(st, 6, r->last_seen_at);
    return exec_stmt(s, st, "session", err);
}

int sqlite_auth_session_get(struct store *base, const char *token_hash,
                            struct auth_session_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_AUTH_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, token_hash);
    if ((rc = one_row(s, st, "session", "", err)) == MRX_OK) {
        col_copy(st, 0, out->token_hash, sizeof(out->token_hash));
        col_copy(st, 1, out->org_id, sizeof(out->org_id));
        col_copy(st, 2, out->user_id, sizeof(out->user_id));
        col_copy(st, 3, out->csrf_hash, sizeof(out->csrf_hash));
        col_copy(st, 4, out->created_at, sizeof(out->created_at));
        col_copy(st, 5, out->last_seen_at, sizeof(out->last_seen_at));
    }
    sqlite3_reset(st);
    return rc;
}

int sqlite_auth_session_touch(struct store *base, const char *token_hash, const char *at,
                              struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_AUTH_TOUCH, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, at);
    bind_text(st, 2, token_hash);
    return exec_stmt(s, st, "session", err);
}

int sqlite_auth_session_delete(struct store *base, const char *token_hash, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_AUTH_DELETE, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, token_hash);
    return exec_stmt(s, st, "session", err);
}

int sqlite_auth_rev(struct store *base, long long *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_AUTH_REV, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    if ((rc = one_row(s, st, "accounts revision", "", err)) == MRX_OK)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc;
}

/* ==================== Organizations ==================== */

static void read_org(sqlite3_stmt *st, struct org_rec *o)
{
    col_copy(st, 0, o->id, sizeof(o->id));
    o->name = col_text(st, 1);
    o->is_default = sqlite3_column_int(st, 2) != 0;
    col_copy(st, 3, o->created_at, sizeof(o->created_at));
    o->emergency_number = col_text(st, 4);
    o->crisis_line = col_text(st, 5);
    o->phone = col_text(st, 6);
}

int sqlite_org_add(struct store *base, const struct org_rec *o, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ORG_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, o->id);
    bind_text(st, 2, o->name);
    bind_int(st, 3, o->is_default);
    bind_text(st, 4, o->created_at);
    return exec_stmt(s, st, "organization", err);
}

int sqlite_org_get(struct store *base, const char *id, struct org_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ORG_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, id);
    if ((rc = one_row(s, st, "organization", id, err)) == MRX_OK)
        read_org(st, out);
    return rc;
}

int sqlite_org_default(struct store *base, struct org_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ORG_DEFAULT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    if ((rc = one_row(s, st, "organization", "default", err)) == MRX_OK)
        read_org(st, out);
    return rc;
}

int sqlite_org_update(struct store *base, const struct org_rec *o, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ORG_UPDATE, err);
    const char *id = o->id;
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, o->name);
    bind_text(st, 2, o->emergency_number);
    bind_text(st, 3, o->crisis_line);
    bind_text(st, 4, o->phone);
    bind_text(st, 5, o->id);
    if ((rc = exec_stmt(s, st, "organization", err)) == MRX_OK && sqlite3_changes(s->db) != 1)
        return mrx_err_set(err, MRX_ENOTFOUND, "organization", "no organization '%s'", id);
    return rc;
}

/* ==================== Invitations ==================== */

int sqlite_invitation_add(struct store *base, const struct invitation_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_INVITE_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->token_hash);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->user_id);
    bind_text(st, 4, r->created_by);
    bind_text(st, 5, r->created_at);
    bind_text(st, 6, r->expires_at);
    return exec_stmt(s, st, "invitation", err);
}

int sqlite_invitation_get(struct store *base, const char *token_hash, struct invitation_rec *out,
                          struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_INVITE_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, token_hash);
    if ((rc = one_row(s, st, "invitation", "", err)) == MRX_OK) {
        col_copy(st, 0, out->token_hash, sizeof(out->token_hash));
        col_copy(st, 1, out->org_id, sizeof(out->org_id));
        col_copy(st, 2, out->user_id, sizeof(out->user_id));
        col_copy(st, 3, out->created_by, sizeof(out->created_by));
        col_copy(st, 4, out->created_at, sizeof(out->created_at));
        col_copy(st, 5, out->expires_at, sizeof(out->expires_at));
    }
    sqlite3_reset(st);
    return rc;
}

int sqlite_invitation_take(struct store *base, const char *token_hash, struct invitation_rec *out,
                           struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st;
    int rc;

    if ((rc = sqlite_invitation_get(base, token_hash, out, err)))
        return rc;
    if (!(st = sqlite_stmt(s, Q_INVITE_DELETE, err)))
        return MRX_EINTERNAL;
    bind_text(st, 1, token_hash);
    return exec_stmt(s, st, "invitation", err);
}

/* A statement of (org_id, user_id) on one account. */
static int user_exec(struct sqlite_store *s, enum stmt_id q, const char *org_id,
                     const char *user_id, const char *what, struct mrx_err *err)
{
    sqlite3_stmt *st = sqlite_stmt(s, q, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, user_id);
    return exec_stmt(s, st, what, err);
}

/* UPDATE users SET <column> = value (NULL for none) of one account;
 * MRX_ENOTFOUND naming "user" when there is no such account. */
static int user_set(struct sqlite_store *s, enum stmt_id q, const char *value, const char *org_id,
                    const char *user_id, struct mrx_err *err)
{
    sqlite3_stmt *st = sqlite_stmt(s, q, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    if (value)
        bind_text(st, 1, value);
    else
        sqlite3_bind_null(st, 1);
    bind_text(st, 2, org_id);
    bind_text(st, 3, user_id);
    if ((rc = exec_stmt(s, st, "user", err)))
        return rc;
    if (sqlite3_changes(s->db) != 1)
        return mrx_err_set(err, MRX_ENOTFOUND, "user", "no user '%s'", user_id);
    return MRX_OK;
}

int sqlite_user_set_password(struct store *base, const char *org_id, const char *user_id,
                             const char *password_hash, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    int rc = user_set(s, Q_USER_SET_PASSWORD, password_hash, org_id, user_id, err);

    return rc ? rc : user_exec(s, Q_USER_SESSIONS_END, org_id, user_id, "session", err);
}

int sqlite_invitations_revoke(struct store *base, const char *org_id, const char *user_id,
                              struct mrx_err *err)
{
    return user_exec(S(base), Q_INVITES_REVOKE, org_id, user_id, "invitation", err);
}

int sqlite_user_set_disabled(struct store *base, const char *org_id, const char *user_id,
                             const char *disabled_at, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    int rc = user_set(s, Q_USER_SET_DISABLED, disabled_at, org_id, user_id, err);

    if (rc || !disabled_at)
        return rc;
    /* Disabled: its sessions end now, and no pending invitation can revive it. */
    if ((rc = user_exec(s, Q_USER_SESSIONS_END, org_id, user_id, "session", err)))
        return rc;
    return user_exec(s, Q_INVITES_REVOKE, org_id, user_id, "invitation", err);
}

int sqlite_idempotency_add(struct store *base, const struct idempotency_rec *r,
                           const char *expired_before, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *purge = sqlite_stmt(s, Q_IDEM_PURGE, err), *st;
    int rc;

    if (!purge)
        return MRX_EINTERNAL;
    bind_text(purge, 1, expired_before); /* first, so an expired key can be used again */
    if ((rc = exec_stmt(s, purge, "idempotency keys", err)))
        return rc;
    if (!(st = sqlite_stmt(s, Q_IDEM_ADD, err)))
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->user_id);
    bind_text(st, 3, r->key);
    bind_text(st, 4, r->fingerprint);
    bind_int(st, 5, r->status);
    bind_text(st, 6, r->body);
    bind_text(st, 7, r->created_at);
    return exec_stmt(s, st, "idempotency key", err);
}

int sqlite_idempotency_get(struct store *base, const char *user_id, const char *key,
                           const char *expired_before, struct idempotency_rec *out,
                           struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_IDEM_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, user_id);
    bind_text(st, 2, key);
    bind_text(st, 3, expired_before);
    if ((rc = one_row(s, st, "idempotency key", key, err)) == MRX_OK) {
        col_copy(st, 0, out->org_id, sizeof(out->org_id));
        col_copy(st, 1, out->user_id, sizeof(out->user_id));
        out->key = col_text(st, 2);
        col_copy(st, 3, out->fingerprint, sizeof(out->fingerprint));
        out->status = sqlite3_column_int(st, 4);
        out->body = col_text(st, 5);
        col_copy(st, 6, out->created_at, sizeof(out->created_at));
    }
    return rc;
}

int sqlite_users_each(struct store *base, const char *org_id,
                      int (*fn)(const struct user_rec *, void *), void *arg, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_USERS, err);
    struct user_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    EACH_ROW(s, st, "user", rec, read_user, fn, arg, err);
}

/* ==================== The care team's views ==================== */

int sqlite_alert_get(struct store *base, const char *id, struct alert_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ALERT_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, id);
    if ((rc = one_row(s, st, "alert", id, err)) == MRX_OK)
        sqlite_read_alert(st, out);
    return rc;
}

int sqlite_alert_update(struct store *base, const struct alert_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ALERT_UPDATE, err);
    struct date_text d;
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->status);
    bind_text(st, 2, r->acknowledged_by);
    bind_text(st, 3, r->acknowledged_at);
    bind_text(st, 4, r->resolved_by);
    bind_text(st, 5, r->resolved_at);
    bind_text(st, 6, r->resolution_note);
    bind_text(st, 7, r->detail);
    bind_int(st, 8, r->occurrences);
    bind_day(st, 9, r->last_day, &d);
    bind_text(st, 10, r->episode_id[0] ? r->episode_id : NULL);
    bind_text(st, 11, r->org_id);
    bind_text(st, 12, r->id);
    if ((rc = exec_stmt(s, st, "alert", err)) == MRX_OK && sqlite3_changes(s->db) != 1)
        return mrx_err_set(err, MRX_ENOTFOUND, "alert", "no alert '%s'", r->id);
    return rc;
}

int sqlite_alerts_care_each(struct store *base, const char *org_id, const char *user_id,
                            int (*fn)(const struct alert_rec *, void *), void *arg,
                            struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ALERTS_CARE, err);
    struct alert_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, user_id);
    EACH_ROW(s, st, "alert", rec, sqlite_read_alert, fn, arg, err);
}

int sqlite_alert_open_counts(struct store *base, long counts[3], struct mrx_err *err)
{
    static const char *const tiers[3] = {"routine", "urgent", "emergency"};
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ALERT_COUNTS, err);
    int step;

    if (!st)
        return MRX_EINTERNAL;
    counts[0] = counts[1] = counts[2] = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tier = col_text(st, 0);
        for (int i = 0; i < 3; i++)
            if (tier && strcmp(tier, tiers[i]) == 0)
                counts[i] = (long)sqlite3_column_int64(st, 1);
    }
    if (step != SQLITE_DONE)
        return db_error(s, step, "alert", err);
    sqlite3_reset(st);
    return MRX_OK;
}

static void read_panel(sqlite3_stmt *st, struct panel_rec *p)
{
    col_copy(st, 0, p->patient_id, sizeof(p->patient_id));
    p->name = col_text(st, 1);
    p->birth_year = sqlite3_column_int(st, 2);
    p->status = col_text(st, 3);
    p->start_day = sqlite3_column_type(st, 4) == SQLITE_NULL ? 0 : col_day(st, 4);
    p->top_tier = col_text(st, 5);
    p->open_alerts = sqlite3_column_int(st, 6);
    p->last_activity = sqlite3_column_type(st, 7) == SQLITE_NULL ? 0 : col_day(st, 7);
    p->last_message_at = col_text(st, 8);
    p->last_message_from_patient = sqlite3_column_int(st, 9) != 0;
    p->discharged_day = 0;
    if (sqlite3_column_type(st, 10) == SQLITE_TEXT &&
        !date_parse(col_text(st, 10), &p->discharged_day))
        p->discharged_day = 0;
    p->unread_from_patient = sqlite3_column_int(st, 11);
    p->open_tasks = sqlite3_column_int(st, 12);
    p->pain_week = sqlite3_column_type(st, 13) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 13);
    p->pain_week_before =
        sqlite3_column_type(st, 14) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 14);
    p->sessions_two_weeks = sqlite3_column_int(st, 15);
}

int sqlite_panel_each(struct store *base, const char *org_id, const char *user_id, long day,
                      int (*fn)(const struct panel_rec *, void *), void *arg, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PANEL, err);
    struct panel_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    struct date_text d;

    bind_text(st, 1, org_id);
    bind_text(st, 2, user_id);
    bind_day(st, 3, day, &d);
    EACH_ROW(s, st, "patient", rec, read_panel, fn, arg, err);
}
