/*
 * sqlite_reminders.c: reminder settings and calendar feed tokens in SQLite
 * (see store.h "Reminders", migration 014).
 */
#include "compat.h"

#include "store/sqlite_internal.h"

void sqlite_read_reminder(sqlite3_stmt *st, struct reminder_rec *out)
{
    memset(out, 0, sizeof(*out));
    col_copy(st, 0, out->org_id, sizeof(out->org_id));
    col_copy(st, 1, out->patient_id, sizeof(out->patient_id));
    out->days = (unsigned)sqlite3_column_int(st, 2);
    col_copy(st, 3, out->time, sizeof(out->time));
    col_copy(st, 4, out->time_zone, sizeof(out->time_zone));
    col_copy(st, 5, out->quiet_start, sizeof(out->quiet_start));
    col_copy(st, 6, out->quiet_end, sizeof(out->quiet_end));
    out->push = sqlite3_column_int(st, 7) != 0;
    out->email = sqlite3_column_int(st, 8) != 0;
    out->revision = sqlite3_column_int(st, 9);
    col_copy(st, 10, out->updated_at, sizeof(out->updated_at));
}

int sqlite_reminder_get(struct store *base, const char *org_id, const char *patient_id,
                        struct reminder_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_REMINDER_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    if ((rc = one_row(s, st, "reminders", patient_id, err)) == MRX_OK)
        sqlite_read_reminder(st, out);
    sqlite3_reset(st);
    return rc;
}

int sqlite_reminder_put(struct store *base, const struct reminder_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_REMINDER_PUT, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->patient_id);
    bind_int(st, 3, (long)r->days);
    bind_text(st, 4, r->time);
    bind_text(st, 5, r->time_zone);
    bind_text(st, 6, r->quiet_start[0] ? r->quiet_start : NULL);
    bind_text(st, 7, r->quiet_end[0] ? r->quiet_end : NULL);
    bind_int(st, 8, r->push);
    bind_int(st, 9, r->email);
    bind_int(st, 10, r->revision);
    bind_text(st, 11, r->updated_at);
    return exec_stmt(s, st, "reminders", err);
}

int sqlite_calendar_token_since(struct store *base, const char *org_id, const char *patient_id,
                                char since[STORE_TS_SIZE], struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CAL_TOKEN_SINCE, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    if ((rc = one_row(s, st, "calendar", "", err)) == MRX_OK) /* an aggregate: always one row */
        col_copy(st, 0, since, STORE_TS_SIZE);
    sqlite3_reset(st);
    return rc;
}

int sqlite_calendar_tokens_revoke(struct store *base, const char *org_id, const char *patient_id,
                                  const char *at, int *n, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CAL_TOKENS_REVOKE, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, at);
    bind_text(st, 2, org_id);
    bind_text(st, 3, patient_id);
    if ((rc = exec_stmt(s, st, "calendar", err)) == MRX_OK && n)
        *n = sqlite3_changes(s->db);
    return rc;
}

int sqlite_calendar_token_add(struct store *base, const struct calendar_token_rec *r,
                              struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st;
    int rc;

    if ((rc = sqlite_calendar_tokens_revoke(base, r->org_id, r->patient_id, r->created_at, NULL,
                                            err)))
        return rc;
    if (!(st = sqlite_stmt(s, Q_CAL_TOKEN_ADD, err)))
        return MRX_EINTERNAL;
    bind_text(st, 1, r->token_hash);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->patient_id);
    bind_text(st, 4, r->created_at);
    return exec_stmt(s, st, "calendar", err);
}

int sqlite_calendar_token_get(struct store *base, const char *token_hash,
                              struct calendar_token_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CAL_TOKEN_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, token_hash);
    if ((rc = one_row(s, st, "calendar", "", err)) == MRX_OK) {
        col_copy(st, 0, out->token_hash, sizeof(out->token_hash));
        col_copy(st, 1, out->org_id, sizeof(out->org_id));
        col_copy(st, 2, out->patient_id, sizeof(out->patient_id));
        col_copy(st, 3, out->created_at, sizeof(out->created_at));
    }
    sqlite3_reset(st);
    return rc;
}
