/*
 * sqlite_marks.c: what an episode's views rest on, in one statement
 * (store_episode_marks, see store.h): the versions to read and the last
 * session before the day.
 */
#include "compat.h"

#include <limits.h>

#include "store/sqlite_internal.h"

int sqlite_episode_marks(struct store *base, const char *org_id, const char *patient_id, long day,
                         struct episode_marks *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_EPISODE_MARKS, err);
    struct date_text d;
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    bind_day(st, 3, day, &d);
    if ((rc = sqlite3_step(st)) == SQLITE_DONE)
        return mrx_err_set(err, MRX_ENOTFOUND, "patient",
                           "'%s' has no intake yet (record one with 'moverx intake')", patient_id);
    if (rc != SQLITE_ROW)
        return db_error(s, rc, "episode", err);
    col_copy(st, 0, out->episode_id, sizeof(out->episode_id));
    if (!episode_status_from_name(col_text(st, 1), &out->status))
        out->status = EPISODE_CLOSED;
    out->start_day = col_day(st, 2);
    out->has_state = sqlite3_column_int(st, 3) != 0;
    out->versions = sqlite3_column_int(st, 4);
    out->last_version = sqlite3_column_int(st, 5);
    out->last_session = sqlite3_column_type(st, 6) == SQLITE_NULL ? LONG_MIN : col_day(st, 6);
    sqlite3_reset(st);
    return MRX_OK;
}
