/*
 * sqlite_tasks.c: the care team's tasks in SQLite (see store.h "task_rec",
 * migration 011).
 */
#include "compat.h"

#include "store/sqlite_internal.h"

int sqlite_task_add(struct store *base, const struct task_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_TASK_ADD, err);
    struct date_text d;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->id);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->patient_id);
    bind_text(st, 4, r->episode_id[0] ? r->episode_id : NULL);
    bind_text(st, 5, r->kind);
    bind_text(st, 6, r->source);
    bind_text(st, 7, r->alert_id);
    bind_text(st, 8, r->title);
    bind_day(st, 9, r->due_day, &d);
    bind_text(st, 10, r->created_at);
    bind_text(st, 11, r->status ? r->status : "open");
    bind_text(st, 12, r->done_by);
    bind_text(st, 13, r->done_at);
    bind_text(st, 14, r->note);
    return exec_stmt(s, st, "task", err);
}

static void read_task(sqlite3_stmt *st, struct task_rec *r)
{
    col_copy(st, 0, r->id, sizeof(r->id));
    col_copy(st, 1, r->org_id, sizeof(r->org_id));
    col_copy(st, 2, r->episode_id, sizeof(r->episode_id));
    col_copy(st, 3, r->patient_id, sizeof(r->patient_id));
    r->kind = col_text(st, 4);
    r->source = col_text(st, 5);
    r->alert_id = col_text(st, 6);
    r->title = col_text(st, 7);
    r->due_day = col_day(st, 8);
    col_copy(st, 9, r->created_at, sizeof(r->created_at));
    r->status = col_text(st, 10);
    r->done_by = col_text(st, 11);
    r->done_at = col_text(st, 12);
    r->note = col_text(st, 13);
}

int sqlite_task_get(struct store *base, const char *id, struct task_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_TASK_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, id);
    if ((rc = one_row(s, st, "task", id, err)) == MRX_OK)
        read_task(st, out);
    return rc;
}

int sqlite_task_update(struct store *base, const struct task_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_TASK_UPDATE, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->status);
    bind_text(st, 2, r->done_by);
    bind_text(st, 3, r->done_at);
    bind_text(st, 4, r->note);
    bind_text(st, 5, r->org_id);
    bind_text(st, 6, r->id);
    if ((rc = exec_stmt(s, st, "task", err)) == MRX_OK && sqlite3_changes(s->db) != 1)
        return mrx_err_set(err, MRX_ENOTFOUND, "task", "no task '%s'", r->id);
    return rc;
}

int sqlite_tasks_each(struct store *base, const char *org_id, const char *episode_id,
                      int (*fn)(const struct task_rec *, void *), void *arg, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_TASKS, err);
    struct task_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    EACH_ROW(s, st, "task", rec, read_task, fn, arg, err);
}

int sqlite_tasks_patient_each(struct store *base, const char *org_id, const char *patient_id,
                              int (*fn)(const struct task_rec *, void *), void *arg,
                              struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_TASKS_PATIENT, err);
    struct task_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    EACH_ROW(s, st, "task", rec, read_task, fn, arg, err);
}

int sqlite_tasks_open_each(struct store *base, const char *org_id, const char *user_id,
                           int (*fn)(const struct task_rec *, void *), void *arg,
                           struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s,
                                   user_id  ? Q_TASKS_CARE
                                   : org_id ? Q_TASKS_OPEN
                                            : Q_TASKS_OPEN_ALL,
                                   err);
    struct task_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    if (org_id)
        bind_text(st, 1, org_id);
    if (org_id && user_id)
        bind_text(st, 2, user_id);
    EACH_ROW(s, st, "task", rec, read_task, fn, arg, err);
}
