/*
 * sqlite_notify.c: what sending reminders keeps in SQLite (see store.h
 * "Sending reminders", migration 015): the server's VAPID keys, push
 * subscriptions, the reminders queue and the organizations' mail settings.
 */
#include "compat.h"

#include "common/xalloc.h"
#include "store/sqlite_internal.h"

int sqlite_server_key_get(struct store *base, const char *name, char **value, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_KEY_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, name);
    if ((rc = one_row(s, st, "server key", name, err)) == MRX_OK)
        *value = xstrdup(col_text(st, 0));
    sqlite3_reset(st);
    return rc;
}

int sqlite_server_key_put(struct store *base, const char *name, const char *value, const char *at,
                          struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_KEY_PUT, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, name);
    bind_text(st, 2, value);
    bind_text(st, 3, at);
    return exec_stmt(s, st, "server key", err);
}

int sqlite_push_sub_put(struct store *base, const struct push_sub_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PUSH_PUT, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->endpoint);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->patient_id);
    bind_text(st, 4, r->p256dh);
    bind_text(st, 5, r->auth);
    bind_text(st, 6, r->created_at);
    return exec_stmt(s, st, "push subscription", err);
}

int sqlite_push_sub_delete(struct store *base, const char *org_id, const char *patient_id,
                           const char *endpoint, int *n, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, patient_id ? Q_PUSH_DELETE : Q_PUSH_DELETE_ANY, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, endpoint);
    if (patient_id) {
        bind_text(st, 2, org_id);
        bind_text(st, 3, patient_id);
    }
    if ((rc = exec_stmt(s, st, "push subscription", err)) == MRX_OK && n)
        *n = sqlite3_changes(s->db);
    return rc;
}

static void read_sub(sqlite3_stmt *st, struct push_sub_rec *r)
{
    col_copy(st, 0, r->org_id, sizeof(r->org_id));
    col_copy(st, 1, r->patient_id, sizeof(r->patient_id));
    r->endpoint = col_text(st, 2);
    r->p256dh = col_text(st, 3);
    r->auth = col_text(st, 4);
    col_copy(st, 5, r->created_at, sizeof(r->created_at));
}

int sqlite_push_subs_each(struct store *base, const char *org_id, const char *patient_id,
                          int (*fn)(const struct push_sub_rec *, void *), void *arg,
                          struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PUSH_EACH, err);
    struct push_sub_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    EACH_ROW(s, st, "push subscription", rec, read_sub, fn, arg, err);
}

static void read_on(sqlite3_stmt *st, struct reminder_on_rec *r)
{
    sqlite_read_reminder(st, &r->settings); /* columns 0..10, as Q_REMINDER_GET */
    r->email = col_text(st, 11);
}

int sqlite_reminders_on_each(struct store *base, int (*fn)(const struct reminder_on_rec *, void *),
                             void *arg, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_REMINDERS_ON, err);
    struct reminder_on_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    EACH_ROW(s, st, "reminders", rec, read_on, fn, arg, err);
}

int sqlite_reminder_claim(struct store *base, const char *org_id, const char *patient_id,
                          const char *local_date, const char *channel, const char *at,
                          bool *claimed, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_REMINDER_CLAIM, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    bind_text(st, 3, local_date);
    bind_text(st, 4, channel);
    bind_text(st, 5, at);
    if ((rc = exec_stmt(s, st, "reminder", err)) == MRX_OK)
        *claimed = sqlite3_changes(s->db) == 1;
    return rc;
}

int sqlite_reminder_outcome(struct store *base, const char *org_id, const char *patient_id,
                            const char *local_date, const char *channel, const char *status,
                            const char *detail, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_REMINDER_OUTCOME, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, status);
    bind_text(st, 2, detail);
    bind_text(st, 3, org_id);
    bind_text(st, 4, patient_id);
    bind_text(st, 5, local_date);
    bind_text(st, 6, channel);
    return exec_stmt(s, st, "reminder", err);
}

int sqlite_mail_get(struct store *base, const char *org_id, struct mail_rec *out,
                    struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_MAIL_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    if ((rc = one_row(s, st, "mail", org_id, err)) ==
        MRX_OK) { /* strings live until the next call */
        col_copy(st, 0, out->org_id, sizeof(out->org_id));
        out->smtp_url = col_text(st, 1);
        out->smtp_user = col_text(st, 2);
        out->smtp_password = col_text(st, 3);
        out->from_address = col_text(st, 4);
        col_copy(st, 5, out->updated_at, sizeof(out->updated_at));
    }
    return rc;
}

int sqlite_mail_put(struct store *base, const struct mail_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_MAIL_PUT, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->smtp_url);
    bind_text(st, 3, r->smtp_user);
    bind_text(st, 4, r->smtp_password);
    bind_text(st, 5, r->from_address);
    bind_text(st, 6, r->updated_at);
    return exec_stmt(s, st, "mail", err);
}

int sqlite_mail_queue(struct store *base, const struct mail_out_rec *m, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_OUTBOX_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, m->id);
    bind_text(st, 2, m->org_id);
    bind_text(st, 3, m->to);
    bind_text(st, 4, m->subject);
    bind_text(st, 5, m->body);
    bind_text(st, 6, m->purpose);
    bind_text(st, 7, m->queued_at);
    return exec_stmt(s, st, "mail", err);
}

static void read_out(sqlite3_stmt *st, struct mail_out_rec *m)
{
    col_copy(st, 0, m->id, sizeof(m->id));
    col_copy(st, 1, m->org_id, sizeof(m->org_id));
    m->to = col_text(st, 2);
    m->subject = col_text(st, 3);
    m->body = col_text(st, 4);
    m->purpose = col_text(st, 5);
    col_copy(st, 6, m->queued_at, sizeof(m->queued_at));
    m->attempts = sqlite3_column_int(st, 7);
}

/* Every message due to go at `now` to fn (the caller marks each "sending"). */
int sqlite_mail_claim_each(struct store *base, const char *now,
                           int (*fn)(const struct mail_out_rec *, void *), void *arg,
                           struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *stale = sqlite_stmt(s, Q_OUTBOX_SENDING, err), *st;
    struct mail_out_rec rec;
    int rc;

    if (!stale)
        return MRX_EINTERNAL;
    bind_text(stale, 1, now);
    if ((rc = exec_stmt(s, stale, "mail", err)))
        return rc;
    if (!(st = sqlite_stmt(s, Q_OUTBOX_QUEUED, err)))
        return MRX_EINTERNAL;
    bind_text(st, 1, now);
    EACH_ROW(s, st, "mail", rec, read_out, fn, arg, err);
}

int sqlite_mail_done(struct store *base, const char *id, const char *status, const char *detail,
                     const char *at, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_OUTBOX_DONE, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, id);
    bind_text(st, 2, status);
    bind_text(st, 3, detail);
    bind_text(st, 4, at);
    return exec_stmt(s, st, "mail", err);
}
