/*
 * sqlite_ops.c: the record operations of the SQLite backend (see store.h):
 * one cached, constant statement each, input only through bound parameters.
 */
#include "compat.h"

#include "store/sqlite_internal.h"

/* ==================== Patients ==================== */

static int sqlite_patient_add(struct store *base, const struct patient_rec *p, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PATIENT_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, p->id);
    bind_text(st, 2, p->org_id);
    bind_text(st, 3, p->name);
    bind_int(st, 4, p->birth_year);
    bind_text(st, 5, p->created_at);
    return exec_stmt(s, st, "patient", err);
}

static int sqlite_patient_get(struct store *base, const char *id, struct patient_rec *out,
                              struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PATIENT_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, id);
    if ((rc = one_row(s, st, "patient", id, err)) == MRX_OK) {
        col_copy(st, 0, out->id, sizeof(out->id));
        col_copy(st, 1, out->org_id, sizeof(out->org_id));
        out->name = col_text(st, 2);
        out->birth_year = sqlite3_column_int(st, 3);
        col_copy(st, 4, out->created_at, sizeof(out->created_at));
        out->rev = sqlite3_column_int64(st, 5);
    }
    return rc;
}

/* ==================== Episodes ==================== */

static void read_episode(sqlite3_stmt *st, struct episode_rec *e)
{
    col_copy(st, 0, e->id, sizeof(e->id));
    col_copy(st, 1, e->org_id, sizeof(e->org_id));
    col_copy(st, 2, e->patient_id, sizeof(e->patient_id));
    e->seq = sqlite3_column_int(st, 3);
    e->start_day = col_day(st, 4);
    if (!episode_status_from_name(col_text(st, 5), &e->status))
        e->status = EPISODE_CLOSED;
    e->reviewed_through = col_day(st, 6);
    e->engine_state = col_text(st, 7);
    col_copy(st, 8, e->created_at, sizeof(e->created_at));
}

static int sqlite_episode_add(struct store *base, const struct episode_rec *e, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_EPISODE_ADD, err);
    struct date_text d1, d2;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, e->id);
    bind_text(st, 2, e->org_id);
    bind_text(st, 3, e->patient_id);
    bind_int(st, 4, e->seq);
    bind_day(st, 5, e->start_day, &d1);
    bind_text(st, 6, episode_status_name(e->status));
    bind_day(st, 7, e->reviewed_through, &d2);
    bind_text(st, 8, e->engine_state);
    bind_text(st, 9, e->created_at);
    return exec_stmt(s, st, "episode", err);
}

static int sqlite_episode_update(struct store *base, const struct episode_rec *e,
                                 struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_EPISODE_UPDATE, err);
    struct date_text d;
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, episode_status_name(e->status));
    bind_day(st, 2, e->reviewed_through, &d);
    bind_text(st, 3, e->engine_state);
    bind_text(st, 4, e->org_id);
    bind_text(st, 5, e->id);
    if ((rc = exec_stmt(s, st, "episode", err)))
        return rc;
    if (sqlite3_changes(s->db) != 1)
        return mrx_err_set(err, MRX_ENOTFOUND, "episode", "no episode '%s'", e->id);
    return MRX_OK;
}

static int sqlite_episode_current(struct store *base, const char *org_id, const char *patient_id,
                                  struct episode_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_EPISODE_CURRENT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_episode(st, out);
        return MRX_OK;
    }
    if (rc == SQLITE_DONE)
        return mrx_err_set(err, MRX_ENOTFOUND, "patient",
                           "'%s' has no intake yet (record one with 'moverx intake')", patient_id);
    return db_error(s, rc, "episode", err);
}

static int sqlite_episodes_each(struct store *base, const char *org_id, const char *patient_id,
                                int (*fn)(const struct episode_rec *, void *), void *arg,
                                struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_EPISODES, err);
    struct episode_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    EACH_ROW(s, st, "episode", rec, read_episode, fn, arg, err);
}

static int sqlite_episodes_due_each(struct store *base, long before_day,
                                    int (*fn)(const struct episode_rec *, void *), void *arg,
                                    struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_EPISODES_DUE, err);
    struct episode_rec rec;
    struct date_text d;

    if (!st)
        return MRX_EINTERNAL;
    bind_day(st, 1, before_day, &d);
    EACH_ROW(s, st, "episode", rec, read_episode, fn, arg, err);
}

/* ==================== Intakes and assessments ==================== */

static int sqlite_intake_add(struct store *base, const struct intake_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_INTAKE_ADD, err);
    struct date_text d;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->episode_id);
    bind_day(st, 3, r->day, &d);
    bind_text(st, 4, r->answers);
    bind_text(st, 5, r->triage);
    bind_text(st, 6, r->recorded_at);
    return exec_stmt(s, st, "intake", err);
}

static int sqlite_intake_get(struct store *base, const char *org_id, const char *episode_id,
                             struct intake_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_INTAKE_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    if ((rc = one_row(s, st, "intake", episode_id, err)) == MRX_OK) {
        col_copy(st, 0, out->org_id, sizeof(out->org_id));
        col_copy(st, 1, out->episode_id, sizeof(out->episode_id));
        out->day = col_day(st, 2);
        out->answers = col_text(st, 3);
        out->triage = col_text(st, 4);
        col_copy(st, 5, out->recorded_at, sizeof(out->recorded_at));
    }
    return rc;
}

static void read_assessment(sqlite3_stmt *st, struct assessment_rec *r)
{
    col_copy(st, 0, r->org_id, sizeof(r->org_id));
    col_copy(st, 1, r->episode_id, sizeof(r->episode_id));
    r->day = col_day(st, 2);
    r->instrument = col_text(st, 3);
    r->instrument_version = col_text(st, 4);
    r->scoring_version = col_text(st, 5);
    r->answers = col_text(st, 6);
    r->score = col_text(st, 7);
    col_copy(st, 8, r->recorded_at, sizeof(r->recorded_at));
}

static int sqlite_assessment_add(struct store *base, const struct assessment_rec *r,
                                 struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ASSESSMENT_ADD, err);
    struct date_text d;
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->episode_id);
    bind_day(st, 3, r->day, &d);
    bind_text(st, 4, r->instrument);
    bind_text(st, 5, r->instrument_version);
    bind_text(st, 6, r->scoring_version);
    bind_text(st, 7, r->answers);
    bind_text(st, 8, r->score);
    bind_text(st, 9, r->recorded_at);
    rc = exec_stmt(s, st, "assessment", err);
    if (rc == MRX_EINVAL && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return mrx_err_set(err, MRX_EINVAL, r->instrument, "is already recorded for %s", d.s);
    return rc;
}

static int sqlite_assessments_each(struct store *base, const char *org_id, const char *episode_id,
                                   int (*fn)(const struct assessment_rec *, void *), void *arg,
                                   struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ASSESSMENTS, err);
    struct assessment_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    EACH_ROW(s, st, "assessment", rec, read_assessment, fn, arg, err);
}

/* ==================== Plan versions and decisions ==================== */

static void read_plan(sqlite3_stmt *st, struct plan_version_rec *r)
{
    col_copy(st, 0, r->org_id, sizeof(r->org_id));
    col_copy(st, 1, r->episode_id, sizeof(r->episode_id));
    r->version = sqlite3_column_int(st, 2);
    r->day = col_day(st, 3);
    r->author = col_text(st, 4);
    r->rule_id = col_text(st, 5);
    r->reason = col_text(st, 6);
    r->evidence = col_text(st, 7);
    r->plan = col_text(st, 8);
    r->changes = col_text(st, 9);
    col_copy(st, 10, r->recorded_at, sizeof(r->recorded_at));
}

static int sqlite_plan_version_add(struct store *base, const struct plan_version_rec *r,
                                   struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PLAN_ADD, err);
    struct date_text d;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->episode_id);
    bind_int(st, 3, r->version);
    bind_day(st, 4, r->day, &d);
    bind_text(st, 5, r->author);
    bind_text(st, 6, r->rule_id);
    bind_text(st, 7, r->reason);
    bind_text(st, 8, r->evidence);
    bind_text(st, 9, r->plan);
    bind_text(st, 10, r->changes);
    bind_text(st, 11, r->recorded_at);
    return exec_stmt(s, st, "plan version", err);
}

static int sqlite_plan_version_latest(struct store *base, const char *org_id,
                                      const char *episode_id, struct plan_version_rec *out,
                                      struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PLAN_LATEST, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    if ((rc = one_row(s, st, "plan", episode_id, err)) == MRX_OK)
        read_plan(st, out);
    return rc;
}

static int sqlite_plan_versions_each(struct store *base, const char *org_id, const char *episode_id,
                                     int (*fn)(const struct plan_version_rec *, void *), void *arg,
                                     struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_PLANS, err);
    struct plan_version_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    EACH_ROW(s, st, "plan version", rec, read_plan, fn, arg, err);
}

static int sqlite_decision_next_seq(struct store *base, const char *org_id, const char *episode_id,
                                    int *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_DECISION_SEQ, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    if ((rc = one_row(s, st, "decision", episode_id, err)) == MRX_OK)
        *out = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return rc;
}

static int sqlite_decision_add(struct store *base, const struct decision_rec *r,
                               struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_DECISION_ADD, err);
    struct date_text d;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->episode_id);
    bind_int(st, 3, r->seq);
    bind_day(st, 4, r->day, &d);
    bind_text(st, 5, r->kind);
    bind_text(st, 6, r->rule_id);
    bind_text(st, 7, r->item);
    bind_text(st, 8, r->from_dose);
    bind_text(st, 9, r->to_dose);
    bind_text(st, 10, r->reason);
    bind_text(st, 11, r->evidence);
    if (r->plan_version > 0)
        bind_int(st, 12, r->plan_version);
    else
        sqlite3_bind_null(st, 12);
    return exec_stmt(s, st, "decision", err);
}

static void read_decision(sqlite3_stmt *st, struct decision_rec *r)
{
    col_copy(st, 0, r->org_id, sizeof(r->org_id));
    col_copy(st, 1, r->episode_id, sizeof(r->episode_id));
    r->seq = sqlite3_column_int(st, 2);
    r->day = col_day(st, 3);
    r->kind = col_text(st, 4);
    r->rule_id = col_text(st, 5);
    r->item = col_text(st, 6);
    r->from_dose = col_text(st, 7);
    r->to_dose = col_text(st, 8);
    r->reason = col_text(st, 9);
    r->evidence = col_text(st, 10);
    r->plan_version = sqlite3_column_int(st, 11);
}

static int sqlite_decisions_each(struct store *base, const char *org_id, const char *episode_id,
                                 int (*fn)(const struct decision_rec *, void *), void *arg,
                                 struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_DECISIONS, err);
    struct decision_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    EACH_ROW(s, st, "decision", rec, read_decision, fn, arg, err);
}

/* ==================== Sessions and check-ins ==================== */

static int sqlite_session_add(struct store *base, const struct session_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_SESSION_ADD, err);
    struct date_text d;
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->episode_id);
    bind_day(st, 3, r->day, &d);
    bind_int(st, 4, r->pain_during);
    bind_text(st, 5, difficulty_name(r->difficulty));
    bind_text(st, 6, r->items);
    bind_text(st, 7, r->note);
    bind_text(st, 8, r->recorded_at);
    rc = exec_stmt(s, st, "session", err);
    if (rc == MRX_EINVAL && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return mrx_err_set(err, MRX_EINVAL, "--date", "a session is already logged for %s", d.s);
    return rc;
}

static void read_session(sqlite3_stmt *st, struct session_rec *r)
{
    const char *diff;

    col_copy(st, 0, r->org_id, sizeof(r->org_id));
    col_copy(st, 1, r->episode_id, sizeof(r->episode_id));
    r->day = col_day(st, 2);
    r->pain_during = sqlite3_column_int(st, 3);
    diff = col_text(st, 4);
    if (!diff || !difficulty_from_name(diff, &r->difficulty))
        r->difficulty = DIFFICULTY_NONE;
    r->items = col_text(st, 5);
    r->note = col_text(st, 6);
    col_copy(st, 7, r->recorded_at, sizeof(r->recorded_at));
}

static int sqlite_sessions_each(struct store *base, const char *org_id, const char *episode_id,
                                long from_day, long to_day,
                                int (*fn)(const struct session_rec *, void *), void *arg,
                                struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_SESSIONS, err);
    struct session_rec rec;
    struct date_text d1, d2;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    bind_day(st, 3, from_day, &d1);
    bind_day(st, 4, to_day, &d2);
    EACH_ROW(s, st, "session", rec, read_session, fn, arg, err);
}

static int sqlite_checkin_add(struct store *base, const struct checkin_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CHECKIN_ADD, err);
    struct date_text d;
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->episode_id);
    bind_day(st, 3, r->day, &d);
    bind_int(st, 4, r->pain);
    bind_opt_int(st, 5, r->next_morning_pain);
    bind_opt_int(st, 6, r->walk_minutes);
    bind_opt_int(st, 7, r->stiffness);
    bind_opt_int(st, 8, r->sleep);
    bind_opt_int(st, 9, r->steps);
    bind_text(st, 10, r->feel_better);
    bind_text(st, 11, r->get_better);
    bind_text(st, 12, r->red_flags);
    bind_text(st, 13, r->red_flag_tier);
    bind_int(st, 14, r->flare);
    bind_text(st, 15, r->recorded_at);
    rc = exec_stmt(s, st, "check-in", err);
    if (rc == MRX_EINVAL && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return mrx_err_set(err, MRX_EINVAL, "--date", "a check-in is already recorded for %s", d.s);
    return rc;
}

static void read_checkin(sqlite3_stmt *st, struct checkin_rec *r)
{
    col_copy(st, 0, r->org_id, sizeof(r->org_id));
    col_copy(st, 1, r->episode_id, sizeof(r->episode_id));
    r->day = col_day(st, 2);
    r->pain = sqlite3_column_int(st, 3);
    r->next_morning_pain = col_opt_int(st, 4);
    r->walk_minutes = col_opt_int(st, 5);
    r->stiffness = col_opt_int(st, 6);
    r->sleep = col_opt_int(st, 7);
    r->steps = col_opt_int(st, 8);
    r->feel_better = col_text(st, 9);
    r->get_better = col_text(st, 10);
    r->red_flags = col_text(st, 11);
    r->red_flag_tier = col_text(st, 12);
    r->flare = sqlite3_column_int(st, 13) != 0;
    col_copy(st, 14, r->recorded_at, sizeof(r->recorded_at));
}

static int sqlite_checkins_each(struct store *base, const char *org_id, const char *episode_id,
                                long from_day, long to_day,
                                int (*fn)(const struct checkin_rec *, void *), void *arg,
                                struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_CHECKINS, err);
    struct checkin_rec rec;
    struct date_text d1, d2;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    bind_day(st, 3, from_day, &d1);
    bind_day(st, 4, to_day, &d2);
    EACH_ROW(s, st, "check-in", rec, read_checkin, fn, arg, err);
}

/* ==================== Alerts, messages, audit ==================== */

static int sqlite_alert_add(struct store *base, const struct alert_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ALERT_ADD, err);
    struct date_text d, d2;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->id);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->patient_id);
    bind_text(st, 4, r->episode_id[0] ? r->episode_id : NULL);
    bind_text(st, 5, r->rule_id);
    bind_text(st, 6, r->tier);
    bind_text(st, 7, r->reason);
    bind_text(st, 8, r->evidence);
    bind_text(st, 9, r->detail);
    bind_day(st, 10, r->opened_day, &d);
    bind_text(st, 11, r->opened_at);
    bind_day(st, 12, r->last_day ? r->last_day : r->opened_day, &d2);
    bind_int(st, 13, r->occurrences > 0 ? r->occurrences : 1);
    bind_text(st, 14, r->status ? r->status : "open");
    bind_text(st, 15, r->acknowledged_by);
    bind_text(st, 16, r->acknowledged_at);
    bind_text(st, 17, r->resolved_by);
    bind_text(st, 18, r->resolved_at);
    bind_text(st, 19, r->resolution_note);
    return exec_stmt(s, st, "alert", err);
}

void sqlite_read_alert(sqlite3_stmt *st, struct alert_rec *r)
{
    col_copy(st, 0, r->id, sizeof(r->id));
    col_copy(st, 1, r->org_id, sizeof(r->org_id));
    col_copy(st, 2, r->episode_id, sizeof(r->episode_id));
    col_copy(st, 3, r->patient_id, sizeof(r->patient_id));
    r->rule_id = col_text(st, 4);
    r->tier = col_text(st, 5);
    r->reason = col_text(st, 6);
    r->evidence = col_text(st, 7);
    r->detail = col_text(st, 8);
    r->opened_day = col_day(st, 9);
    col_copy(st, 10, r->opened_at, sizeof(r->opened_at));
    r->status = col_text(st, 11);
    r->acknowledged_by = col_text(st, 12);
    r->acknowledged_at = col_text(st, 13);
    r->resolved_by = col_text(st, 14);
    r->resolved_at = col_text(st, 15);
    r->resolution_note = col_text(st, 16);
    r->last_day = col_day(st, 17);
    r->occurrences = sqlite3_column_int(st, 18);
}

static int sqlite_alerts_each(struct store *base, const char *org_id, const char *episode_id,
                              int (*fn)(const struct alert_rec *, void *), void *arg,
                              struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ALERTS, err);
    struct alert_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    EACH_ROW(s, st, "alert", rec, sqlite_read_alert, fn, arg, err);
}

static int sqlite_alerts_patient_each(struct store *base, const char *org_id,
                                      const char *patient_id,
                                      int (*fn)(const struct alert_rec *, void *), void *arg,
                                      struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_ALERTS_PATIENT, err);
    struct alert_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    EACH_ROW(s, st, "alert", rec, sqlite_read_alert, fn, arg, err);
}

static int sqlite_alerts_open_each(struct store *base, const char *org_id,
                                   int (*fn)(const struct alert_rec *, void *), void *arg,
                                   struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, org_id ? Q_ALERTS_OPEN : Q_ALERTS_OPEN_ALL, err);
    struct alert_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    if (org_id)
        bind_text(st, 1, org_id);
    EACH_ROW(s, st, "alert", rec, sqlite_read_alert, fn, arg, err);
}

static int sqlite_message_add(struct store *base, const struct message_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_MESSAGE_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->id);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->patient_id);
    bind_text(st, 4, r->sender);
    bind_text(st, 5, r->body);
    bind_text(st, 6, r->sent_at);
    bind_text(st, 7, r->read_at);
    return exec_stmt(s, st, "message", err);
}

static void read_message(sqlite3_stmt *st, struct message_rec *r)
{
    col_copy(st, 0, r->id, sizeof(r->id));
    col_copy(st, 1, r->org_id, sizeof(r->org_id));
    col_copy(st, 2, r->patient_id, sizeof(r->patient_id));
    r->sender = col_text(st, 3);
    r->body = col_text(st, 4);
    col_copy(st, 5, r->sent_at, sizeof(r->sent_at));
    r->read_at = col_text(st, 6);
}

static int sqlite_messages_each(struct store *base, const char *org_id, const char *patient_id,
                                int (*fn)(const struct message_rec *, void *), void *arg,
                                struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_MESSAGES, err);
    struct message_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    EACH_ROW(s, st, "message", rec, read_message, fn, arg, err);
}

static int sqlite_audit_add(struct store *base, const struct audit_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = sqlite_stmt(s, Q_AUDIT_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->org_id);
    bind_text(st, 2, r->at);
    bind_text(st, 3, r->actor);
    bind_text(st, 4, r->origin);
    bind_text(st, 5, r->action);
    bind_text(st, 6, r->patient_id);
    bind_text(st, 7, r->outcome);
    return exec_stmt(s, st, "audit event", err);
}

const struct store_backend sqlite_backend = {
    .name = "sqlite",
    .close = sqlite_close,
    .schema_version = sqlite_schema_version,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .backup = sqlite_backup,
    .org_add = sqlite_org_add,
    .org_get = sqlite_org_get,
    .org_default = sqlite_org_default,
    .patient_add = sqlite_patient_add,
    .patient_get = sqlite_patient_get,
    .episode_add = sqlite_episode_add,
    .episode_update = sqlite_episode_update,
    .episode_current = sqlite_episode_current,
    .episodes_each = sqlite_episodes_each,
    .episodes_due_each = sqlite_episodes_due_each,
    .intake_add = sqlite_intake_add,
    .intake_get = sqlite_intake_get,
    .assessment_add = sqlite_assessment_add,
    .assessments_each = sqlite_assessments_each,
    .plan_version_add = sqlite_plan_version_add,
    .plan_version_latest = sqlite_plan_version_latest,
    .plan_versions_each = sqlite_plan_versions_each,
    .decision_next_seq = sqlite_decision_next_seq,
    .decision_add = sqlite_decision_add,
    .decisions_each = sqlite_decisions_each,
    .episode_marks = sqlite_episode_marks,
    .session_add = sqlite_session_add,
    .sessions_each = sqlite_sessions_each,
    .checkin_add = sqlite_checkin_add,
    .checkins_each = sqlite_checkins_each,
    .alert_add = sqlite_alert_add,
    .alerts_each = sqlite_alerts_each,
    .alerts_patient_each = sqlite_alerts_patient_each,
    .alerts_open_each = sqlite_alerts_open_each,
    .message_add = sqlite_message_add,
    .messages_each = sqlite_messages_each,
    .audit_add = sqlite_audit_add,
    .user_add = sqlite_user_add,
    .user_get = sqlite_user_get,
    .user_by_email = sqlite_user_by_email,
    .care_add = sqlite_care_add,
    .care_member = sqlite_care_member,
    .care_remove = sqlite_care_remove,
    .care_count = sqlite_care_count,
    .auth_session_add = sqlite_auth_session_add,
    .auth_session_get = sqlite_auth_session_get,
    .auth_session_touch = sqlite_auth_session_touch,
    .auth_session_delete = sqlite_auth_session_delete,
    .auth_rev = sqlite_auth_rev,
    .org_update = sqlite_org_update,
    .user_of_patient = sqlite_user_of_patient,
    .messages_mark_read = sqlite_messages_mark_read,
    .unread_count = sqlite_unread_count,
    .reminder_get = sqlite_reminder_get,
    .reminder_put = sqlite_reminder_put,
    .calendar_token_add = sqlite_calendar_token_add,
    .calendar_token_get = sqlite_calendar_token_get,
    .calendar_token_since = sqlite_calendar_token_since,
    .calendar_tokens_revoke = sqlite_calendar_tokens_revoke,
    .server_key_get = sqlite_server_key_get,
    .server_key_put = sqlite_server_key_put,
    .push_sub_put = sqlite_push_sub_put,
    .push_sub_delete = sqlite_push_sub_delete,
    .push_subs_each = sqlite_push_subs_each,
    .reminders_on_each = sqlite_reminders_on_each,
    .reminder_claim = sqlite_reminder_claim,
    .reminder_outcome = sqlite_reminder_outcome,
    .mail_get = sqlite_mail_get,
    .mail_put = sqlite_mail_put,
    .mail_queue = sqlite_mail_queue,
    .mail_claim_each = sqlite_mail_claim_each,
    .mail_done = sqlite_mail_done,
    .invitation_add = sqlite_invitation_add,
    .invitation_take = sqlite_invitation_take,
    .invitation_get = sqlite_invitation_get,
    .user_set_password = sqlite_user_set_password,
    .user_set_disabled = sqlite_user_set_disabled,
    .invitations_revoke = sqlite_invitations_revoke,
    .idempotency_add = sqlite_idempotency_add,
    .idempotency_get = sqlite_idempotency_get,
    .users_each = sqlite_users_each,
    .alert_get = sqlite_alert_get,
    .alert_update = sqlite_alert_update,
    .alerts_care_each = sqlite_alerts_care_each,
    .alert_open_counts = sqlite_alert_open_counts,
    .panel_each = sqlite_panel_each,
    .task_add = sqlite_task_add,
    .task_get = sqlite_task_get,
    .task_update = sqlite_task_update,
    .tasks_each = sqlite_tasks_each,
    .tasks_patient_each = sqlite_tasks_patient_each,
    .tasks_open_each = sqlite_tasks_open_each,
    .begin_read = sqlite_begin_read,
    .in_transaction = sqlite_in_transaction,
    .savepoint = sqlite_savepoint,
    .release = sqlite_release,
    .rollback_to = sqlite_rollback_to,
};
