/*
 * sqlite.c: the embedded SQLite backend of the store (see store.h,
 * docs/store.md).
 *
 * WAL journal, synchronous=FULL (a commit that returned is on disk),
 * foreign keys on, STRICT tables. Every statement is a constant prepared
 * once and cached; input only ever reaches SQL through bound parameters.
 */
#include "compat.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "common/date.h"
#include "common/xalloc.h"
#include "store/migrations.h"
#include "store/store_backend.h"

/* 'MVRX': marks a file as a MoveRx store (PRAGMA application_id). */
#define MOVERX_APPLICATION_ID 0x4d565258

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
    Q_INTAKE_ADD,
    Q_INTAKE_GET,
    Q_ASSESSMENT_ADD,
    Q_ASSESSMENTS,
    Q_PLAN_ADD,
    Q_PLAN_LATEST,
    Q_PLANS,
    Q_DECISION_SEQ,
    Q_DECISION_ADD,
    Q_DECISIONS,
    Q_SESSION_ADD,
    Q_SESSIONS,
    Q_CHECKIN_ADD,
    Q_CHECKINS,
    Q_ALERT_ADD,
    Q_ALERTS,
    Q_ALERTS_OPEN,
    Q_ALERTS_OPEN_ALL,
    Q_MESSAGE_ADD,
    Q_MESSAGES,
    Q_AUDIT_ADD,
    Q_AUDIT_COUNT,
    Q_COUNT
};

#define EPISODE_COLS                                                                               \
    "id, org_id, patient_id, seq, start_date, status, reviewed_through, engine_state, created_at"
#define PLAN_COLS                                                                                  \
    "org_id, episode_id, version, date, author, rule_id, reason, evidence, plan, changes, "        \
    "recorded_at"
#define ALERT_COLS                                                                                 \
    "a.id, a.org_id, a.episode_id, e.patient_id, a.rule_id, a.tier, a.reason, a.evidence, "        \
    "a.detail, a.opened_date, a.opened_at, a.status, a.acknowledged_by, a.acknowledged_at, "       \
    "a.resolved_by, a.resolved_at, a.resolution_note"
#define TIER_ORDER "CASE a.tier WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END"

static const char *const sql[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_ORG_ADD] =
        "INSERT INTO organizations (id, name, is_default, created_at) VALUES (?, ?, ?, ?)",
    [Q_ORG_GET] = "SELECT id, name, is_default, created_at FROM organizations WHERE id = ?",
    [Q_ORG_DEFAULT] =
        "SELECT id, name, is_default, created_at FROM organizations WHERE is_default = 1",
    [Q_PATIENT_ADD] =
        "INSERT INTO patients (id, org_id, name, birth_year, created_at) VALUES (?, ?, ?, ?, ?)",
    [Q_PATIENT_GET] = "SELECT id, org_id, name, birth_year, created_at FROM patients WHERE id = ?",
    [Q_EPISODE_ADD] = "INSERT INTO episodes (" EPISODE_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_EPISODE_UPDATE] = "UPDATE episodes SET status = ?, reviewed_through = ?, engine_state = ? "
                         "WHERE org_id = ? AND id = ?",
    [Q_EPISODE_CURRENT] = "SELECT " EPISODE_COLS " FROM episodes WHERE org_id = ? AND "
                          "patient_id = ? ORDER BY seq DESC LIMIT 1",
    [Q_EPISODES] =
        "SELECT " EPISODE_COLS " FROM episodes WHERE org_id = ? AND patient_id = ? ORDER BY seq",
    [Q_INTAKE_ADD] = "INSERT INTO intakes (org_id, episode_id, date, answers, triage, recorded_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
    [Q_INTAKE_GET] = "SELECT org_id, episode_id, date, answers, triage, recorded_at FROM intakes "
                     "WHERE org_id = ? AND episode_id = ?",
    [Q_ASSESSMENT_ADD] =
        "INSERT INTO assessments (org_id, episode_id, date, instrument, instrument_version, "
        "scoring_version, answers, score, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_ASSESSMENTS] =
        "SELECT org_id, episode_id, date, instrument, instrument_version, scoring_version, "
        "answers, score, recorded_at FROM assessments WHERE org_id = ? AND episode_id = ? "
        "ORDER BY date, instrument",
    [Q_PLAN_ADD] =
        "INSERT INTO plan_versions (" PLAN_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_PLAN_LATEST] = "SELECT " PLAN_COLS " FROM plan_versions WHERE org_id = ? AND episode_id = ? "
                      "ORDER BY version DESC LIMIT 1",
    [Q_PLANS] = "SELECT " PLAN_COLS " FROM plan_versions WHERE org_id = ? AND episode_id = ? "
                "ORDER BY version",
    [Q_DECISION_SEQ] =
        "SELECT coalesce(max(seq), 0) + 1 FROM decisions WHERE org_id = ? AND episode_id = ?",
    [Q_DECISION_ADD] = "INSERT INTO decisions (org_id, episode_id, seq, date, kind, rule_id, item, "
                       "from_dose, to_dose, reason, evidence, plan_version) VALUES (?, ?, ?, ?, ?, "
                       "?, ?, ?, ?, ?, ?, ?)",
    [Q_DECISIONS] =
        "SELECT org_id, episode_id, seq, date, kind, rule_id, item, from_dose, to_dose, "
        "reason, evidence, plan_version FROM decisions WHERE org_id = ? AND "
        "episode_id = ? ORDER BY seq",
    [Q_SESSION_ADD] = "INSERT INTO sessions (org_id, episode_id, date, pain_during, difficulty, "
                      "items, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_SESSIONS] = "SELECT org_id, episode_id, date, pain_during, difficulty, items, note, "
                   "recorded_at FROM sessions WHERE org_id = ? AND episode_id = ? AND date "
                   "BETWEEN ? AND ? ORDER BY date",
    [Q_CHECKIN_ADD] =
        "INSERT INTO checkins (org_id, episode_id, date, pain, next_morning_pain, walk_minutes, "
        "feel_better, get_better, red_flags, red_flag_tier, flare, recorded_at) VALUES (?, ?, ?, "
        "?, "
        "?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_CHECKINS] =
        "SELECT org_id, episode_id, date, pain, next_morning_pain, walk_minutes, "
        "feel_better, get_better, red_flags, red_flag_tier, flare, recorded_at FROM checkins "
        "WHERE org_id = ? AND episode_id = ? AND date BETWEEN ? AND ? ORDER BY date",
    [Q_ALERT_ADD] = "INSERT INTO alerts (id, org_id, episode_id, rule_id, tier, reason, evidence, "
                    "detail, opened_date, opened_at, status, acknowledged_by, acknowledged_at, "
                    "resolved_by, resolved_at, resolution_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?, ?, ?, ?, ?, ?)",
    [Q_ALERTS] = "SELECT " ALERT_COLS " FROM alerts a JOIN episodes e ON e.org_id = a.org_id AND "
                 "e.id = a.episode_id WHERE a.org_id = ? AND a.episode_id = ? ORDER BY "
                 "a.opened_date, a.opened_at, a.id",
    [Q_ALERTS_OPEN] =
        "SELECT " ALERT_COLS " FROM alerts a JOIN episodes e ON e.org_id = a.org_id AND e.id = "
        "a.episode_id WHERE a.org_id = ? AND a.status <> 'resolved' ORDER BY " TIER_ORDER
        ", a.opened_date DESC, a.opened_at DESC, a.id",
    [Q_ALERTS_OPEN_ALL] =
        "SELECT " ALERT_COLS " FROM alerts a JOIN episodes e ON e.org_id = a.org_id AND e.id = "
        "a.episode_id WHERE a.status <> 'resolved' ORDER BY " TIER_ORDER
        ", a.opened_date DESC, a.opened_at DESC, a.id",
    [Q_MESSAGE_ADD] = "INSERT INTO messages (id, org_id, patient_id, sender, body, sent_at, "
                      "read_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_MESSAGES] = "SELECT id, org_id, patient_id, sender, body, sent_at, read_at FROM messages "
                   "WHERE org_id = ? AND patient_id = ? ORDER BY sent_at, id",
    [Q_AUDIT_ADD] = "INSERT INTO audit_events (org_id, at, actor, origin, action, patient_id, "
                    "outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_AUDIT_COUNT] = "SELECT count(*) FROM audit_events WHERE org_id = ? AND patient_id IS ?",
};

struct sqlite_store {
    struct store base; /* first: a struct store * is a struct sqlite_store * */
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[Q_COUNT];
    int schema_version;
    bool in_txn;
};

static struct sqlite_store *S(struct store *s)
{
    return (struct sqlite_store *)s;
}

static int db_error(struct sqlite_store *s, int rc, const char *what, struct mrx_err *err)
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

/* The cached statement `q`, reset and ready for binding. */
static sqlite3_stmt *stmt(struct sqlite_store *s, enum stmt_id q, struct mrx_err *err)
{
    if (!s->stmt[q]) {
        if (sqlite3_prepare_v3(s->db, sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[q], NULL) !=
            SQLITE_OK) {
            mrx_err_set(err, MRX_EINTERNAL, "db", "cannot prepare a statement: %s",
                        sqlite3_errmsg(s->db));
            return NULL;
        }
    } else {
        sqlite3_reset(s->stmt[q]);
        sqlite3_clear_bindings(s->stmt[q]);
    }
    return s->stmt[q];
}

/* ==================== Binding and reading ==================== */

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_int(sqlite3_stmt *st, int i, long v)
{
    sqlite3_bind_int64(st, i, v);
}

static void bind_opt_int(sqlite3_stmt *st, int i, int v)
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

static void bind_day(sqlite3_stmt *st, int i, long day, struct date_text *buf)
{
    date_format(day, buf->s, sizeof(buf->s));
    sqlite3_bind_text(st, i, buf->s, -1, SQLITE_STATIC);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static void col_copy(sqlite3_stmt *st, int i, char *dst, size_t size)
{
    const char *t = col_text(st, i);
    snprintf(dst, size, "%s", t ? t : "");
}

static long col_day(sqlite3_stmt *st, int i)
{
    long day = 0;
    const char *t = col_text(st, i);
    if (!t || !date_parse(t, &day))
        return 0;
    return day;
}

static int col_opt_int(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? CHECKIN_NONE : sqlite3_column_int(st, i);
}

/* Runs a statement that returns no rows. */
static int exec_stmt(struct sqlite_store *s, sqlite3_stmt *st, const char *what,
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
static int one_row(struct sqlite_store *s, sqlite3_stmt *st, const char *what, const char *id,
                   struct mrx_err *err)
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

/* ==================== Opening and migrations ==================== */

static int exec_sql(struct sqlite_store *s, const char *text, struct mrx_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, text, NULL, NULL, &msg) != SQLITE_OK) {
        mrx_err_set(err, MRX_EIO, "db", "%s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return MRX_EIO;
    }
    return MRX_OK;
}

static int pragma_int(struct sqlite_store *s, const char *pragma, long *out, struct mrx_err *err)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(s->db, pragma, -1, &st, NULL) != SQLITE_OK)
        return mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store: %s", s->path,
                           sqlite3_errmsg(s->db));
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store: %s", s->path,
                           sqlite3_errstr(rc));
    return MRX_OK;
}

/*
 * Applies the migrations the store has not seen, each in its own write
 * transaction. The version is read inside the transaction, so that two
 * programs opening a new store at once never apply a step twice.
 */
static int migrate(struct sqlite_store *s, const char *now, struct mrx_err *err)
{
    for (;;) {
        long version, app_id, tables;
        char pragma[96];
        int rc;

        if ((rc = exec_sql(s, "BEGIN IMMEDIATE", err)))
            return rc;
        if ((rc = pragma_int(s, "PRAGMA application_id", &app_id, err)) ||
            (rc = pragma_int(s, "PRAGMA user_version", &version, err)) ||
            (rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables, err)))
            goto fail;
        if (app_id != MOVERX_APPLICATION_ID && (app_id != 0 || tables != 0)) {
            rc = mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store", s->path);
            goto fail;
        }
        if (version > store_migration_count) {
            rc = mrx_err_set(err, MRX_EINVAL, "db",
                             "'%s' was written by a newer MoveRx (schema %ld; this one knows up "
                             "to %d): upgrade MoveRx to open it",
                             s->path, version, store_migration_count);
            goto fail;
        }
        if (version == store_migration_count) {
            s->schema_version = store_migration_count;
            return exec_sql(s, "COMMIT", err);
        }
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %ld; PRAGMA application_id = %d;",
                 version + 1, MOVERX_APPLICATION_ID);
        if ((rc = exec_sql(s, store_migrations[version], err)) || (rc = exec_sql(s, pragma, err))) {
            mrx_err_prefix(err, "migration %ld", version + 1);
            goto fail;
        }
        if (version == 0) { /* a new store: its default organization */
            struct org_rec o = {.name = "Default", .is_default = true};
            snprintf(o.created_at, sizeof(o.created_at), "%s", now);
            if ((rc = store_new_id(o.id, err)) || (rc = store_org_add(&s->base, &o, err)))
                goto fail;
        }
        if ((rc = exec_sql(s, "COMMIT", err)))
            return rc;
        continue;
    fail:
        exec_sql(s, "ROLLBACK", NULL);
        return rc;
    }
}

static int make_parent_dir(const char *path, struct mrx_err *err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');

    if (slash && slash != dir) {
        *slash = '\0';
        for (char *p = dir + 1; *p; p++) {
            if (*p != '/')
                continue;
            *p = '\0';
            if (mkdir(dir, 0700) != 0 && errno != EEXIST)
                break;
            *p = '/';
        }
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            mrx_err_set(err, MRX_EINVAL, "db", "cannot create the directory '%s': %s", dir,
                        strerror(errno));
            free(dir);
            return MRX_EINVAL;
        }
    }
    free(dir);
    return MRX_OK;
}

static const struct store_backend sqlite_backend;

static void sqlite_close(struct store *base)
{
    struct sqlite_store *s = S(base);

    for (int i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    if (s->db)
        sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int sqlite_store_open(const char *path, enum store_open_mode mode, const char *now,
                      struct store **out, struct mrx_err *err)
{
    struct sqlite_store *s;
    struct stat st;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    int rc;

    if (stat(path, &st) != 0) {
        if (mode != STORE_OPEN_CREATE)
            return mrx_err_set(err, MRX_EINVAL, "db",
                               "no store at '%s' (create one with 'moverx init')", path);
        if ((rc = make_parent_dir(path, err)))
            return rc;
        flags |= SQLITE_OPEN_CREATE;
    } else if (!S_ISREG(st.st_mode)) {
        return mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a file", path);
    }
    s = xcalloc(1, sizeof(*s));
    s->base.be = &sqlite_backend;
    s->path = xstrdup(path);
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = mrx_err_set(err, MRX_EINVAL, "db", "cannot open '%s': %s", path,
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sqlite_close(&s->base);
        return rc;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 10000);
    /* Durable and checked: WAL, a full sync at every commit, foreign keys. */
    if ((rc = exec_sql(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", err)) ||
        (rc = migrate(s, now, err)) || (rc = exec_sql(s, "PRAGMA journal_mode = WAL;", err))) {
        if (sqlite3_errcode(s->db) == SQLITE_NOTADB) /* a file, but not a database */
            rc = mrx_err_set(err, MRX_EINVAL, "db", "'%s' is not a MoveRx store (%s)", path,
                             sqlite3_errmsg(s->db));
        sqlite_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return MRX_OK;
}

static int sqlite_schema_version(const struct store *base)
{
    return ((const struct sqlite_store *)base)->schema_version;
}

/* ==================== Transactions and backup ==================== */

static int sqlite_begin(struct store *base, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_BEGIN, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    if ((rc = exec_stmt(s, st, "transaction", err)) == MRX_OK)
        s->in_txn = true;
    return rc;
}

static int sqlite_commit(struct store *base, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_COMMIT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    if ((rc = exec_stmt(s, st, "commit", err)) == MRX_OK)
        s->in_txn = false;
    return rc;
}

static void sqlite_rollback(struct store *base)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st;

    if (!s->in_txn)
        return;
    for (int i = 0; i < Q_COUNT; i++)
        if (s->stmt[i])
            sqlite3_reset(s->stmt[i]);
    if ((st = stmt(s, Q_ROLLBACK, NULL)) != NULL)
        exec_stmt(s, st, "rollback", NULL);
    s->in_txn = false;
}

static int sqlite_backup(struct store *base, const char *dest, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    struct stat st;
    sqlite3 *to = NULL;
    sqlite3_backup *b;
    int rc;

    if (stat(dest, &st) == 0)
        return mrx_err_set(err, MRX_EINVAL, "FILE", "'%s' already exists", dest);
    if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = mrx_err_set(err, MRX_EINVAL, "FILE", "cannot create '%s': %s", dest,
                         to ? sqlite3_errmsg(to) : "out of memory");
        sqlite3_close(to);
        return rc;
    }
    /* One step copies every page under one read transaction: a consistent snapshot. */
    b = sqlite3_backup_init(to, "main", s->db, "main");
    if (!b) {
        rc = mrx_err_set(err, MRX_EIO, "FILE", "backup of '%s': %s", s->path, sqlite3_errmsg(to));
        sqlite3_close(to);
        remove(dest);
        return rc;
    }
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE)
        rc = sqlite3_exec(to, "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;", NULL, NULL,
                          NULL);
    else if (rc == SQLITE_OK)
        rc = SQLITE_ERROR;
    if (rc != SQLITE_OK) {
        mrx_err_set(err, MRX_EIO, "FILE", "backup to '%s': %s", dest, sqlite3_errstr(rc));
        sqlite3_close(to);
        remove(dest);
        return MRX_EIO;
    }
    if (sqlite3_close(to) != SQLITE_OK)
        return mrx_err_set(err, MRX_EIO, "FILE", "closing '%s' failed", dest);
    return MRX_OK;
}

/* ==================== Organizations and patients ==================== */

static void read_org(sqlite3_stmt *st, struct org_rec *o)
{
    col_copy(st, 0, o->id, sizeof(o->id));
    o->name = col_text(st, 1);
    o->is_default = sqlite3_column_int(st, 2) != 0;
    col_copy(st, 3, o->created_at, sizeof(o->created_at));
}

static int sqlite_org_add(struct store *base, const struct org_rec *o, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_ORG_ADD, err);

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, o->id);
    bind_text(st, 2, o->name);
    bind_int(st, 3, o->is_default);
    bind_text(st, 4, o->created_at);
    return exec_stmt(s, st, "organization", err);
}

static int sqlite_org_get(struct store *base, const char *id, struct org_rec *out,
                          struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_ORG_GET, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, id);
    if ((rc = one_row(s, st, "organization", id, err)) == MRX_OK)
        read_org(st, out);
    return rc;
}

static int sqlite_org_default(struct store *base, struct org_rec *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_ORG_DEFAULT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    if ((rc = one_row(s, st, "organization", "default", err)) == MRX_OK)
        read_org(st, out);
    return rc;
}

static int sqlite_patient_add(struct store *base, const struct patient_rec *p, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_PATIENT_ADD, err);

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
    sqlite3_stmt *st = stmt(s, Q_PATIENT_GET, err);
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
    sqlite3_stmt *st = stmt(s, Q_EPISODE_ADD, err);
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
    sqlite3_stmt *st = stmt(s, Q_EPISODE_UPDATE, err);
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
    sqlite3_stmt *st = stmt(s, Q_EPISODE_CURRENT, err);
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
    sqlite3_stmt *st = stmt(s, Q_EPISODES, err);
    struct episode_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    EACH_ROW(s, st, "episode", rec, read_episode, fn, arg, err);
}

/* ==================== Intakes and assessments ==================== */

static int sqlite_intake_add(struct store *base, const struct intake_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_INTAKE_ADD, err);
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
    sqlite3_stmt *st = stmt(s, Q_INTAKE_GET, err);
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
    sqlite3_stmt *st = stmt(s, Q_ASSESSMENT_ADD, err);
    struct date_text d;

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
    return exec_stmt(s, st, "assessment", err);
}

static int sqlite_assessments_each(struct store *base, const char *org_id, const char *episode_id,
                                   int (*fn)(const struct assessment_rec *, void *), void *arg,
                                   struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_ASSESSMENTS, err);
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
    sqlite3_stmt *st = stmt(s, Q_PLAN_ADD, err);
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
    sqlite3_stmt *st = stmt(s, Q_PLAN_LATEST, err);
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
    sqlite3_stmt *st = stmt(s, Q_PLANS, err);
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
    sqlite3_stmt *st = stmt(s, Q_DECISION_SEQ, err);
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
    sqlite3_stmt *st = stmt(s, Q_DECISION_ADD, err);
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
    sqlite3_stmt *st = stmt(s, Q_DECISIONS, err);
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
    sqlite3_stmt *st = stmt(s, Q_SESSION_ADD, err);
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
    sqlite3_stmt *st = stmt(s, Q_SESSIONS, err);
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
    sqlite3_stmt *st = stmt(s, Q_CHECKIN_ADD, err);
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
    bind_text(st, 7, r->feel_better);
    bind_text(st, 8, r->get_better);
    bind_text(st, 9, r->red_flags);
    bind_text(st, 10, r->red_flag_tier);
    bind_int(st, 11, r->flare);
    bind_text(st, 12, r->recorded_at);
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
    r->feel_better = col_text(st, 6);
    r->get_better = col_text(st, 7);
    r->red_flags = col_text(st, 8);
    r->red_flag_tier = col_text(st, 9);
    r->flare = sqlite3_column_int(st, 10) != 0;
    col_copy(st, 11, r->recorded_at, sizeof(r->recorded_at));
}

static int sqlite_checkins_each(struct store *base, const char *org_id, const char *episode_id,
                                long from_day, long to_day,
                                int (*fn)(const struct checkin_rec *, void *), void *arg,
                                struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_CHECKINS, err);
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
    sqlite3_stmt *st = stmt(s, Q_ALERT_ADD, err);
    struct date_text d;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, r->id);
    bind_text(st, 2, r->org_id);
    bind_text(st, 3, r->episode_id);
    bind_text(st, 4, r->rule_id);
    bind_text(st, 5, r->tier);
    bind_text(st, 6, r->reason);
    bind_text(st, 7, r->evidence);
    bind_text(st, 8, r->detail);
    bind_day(st, 9, r->opened_day, &d);
    bind_text(st, 10, r->opened_at);
    bind_text(st, 11, r->status ? r->status : "open");
    bind_text(st, 12, r->acknowledged_by);
    bind_text(st, 13, r->acknowledged_at);
    bind_text(st, 14, r->resolved_by);
    bind_text(st, 15, r->resolved_at);
    bind_text(st, 16, r->resolution_note);
    return exec_stmt(s, st, "alert", err);
}

static void read_alert(sqlite3_stmt *st, struct alert_rec *r)
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
}

static int sqlite_alerts_each(struct store *base, const char *org_id, const char *episode_id,
                              int (*fn)(const struct alert_rec *, void *), void *arg,
                              struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_ALERTS, err);
    struct alert_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, episode_id);
    EACH_ROW(s, st, "alert", rec, read_alert, fn, arg, err);
}

static int sqlite_alerts_open_each(struct store *base, const char *org_id,
                                   int (*fn)(const struct alert_rec *, void *), void *arg,
                                   struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, org_id ? Q_ALERTS_OPEN : Q_ALERTS_OPEN_ALL, err);
    struct alert_rec rec;

    if (!st)
        return MRX_EINTERNAL;
    if (org_id)
        bind_text(st, 1, org_id);
    EACH_ROW(s, st, "alert", rec, read_alert, fn, arg, err);
}

static int sqlite_message_add(struct store *base, const struct message_rec *r, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_MESSAGE_ADD, err);

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
    sqlite3_stmt *st = stmt(s, Q_MESSAGES, err);
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
    sqlite3_stmt *st = stmt(s, Q_AUDIT_ADD, err);

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

static int sqlite_audit_count(struct store *base, const char *org_id, const char *patient_id,
                              long *out, struct mrx_err *err)
{
    struct sqlite_store *s = S(base);
    sqlite3_stmt *st = stmt(s, Q_AUDIT_COUNT, err);
    int rc;

    if (!st)
        return MRX_EINTERNAL;
    bind_text(st, 1, org_id);
    bind_text(st, 2, patient_id);
    if ((rc = one_row(s, st, "audit", org_id, err)) == MRX_OK)
        *out = (long)sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc;
}

static const struct store_backend sqlite_backend = {
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
    .session_add = sqlite_session_add,
    .sessions_each = sqlite_sessions_each,
    .checkin_add = sqlite_checkin_add,
    .checkins_each = sqlite_checkins_each,
    .alert_add = sqlite_alert_add,
    .alerts_each = sqlite_alerts_each,
    .alerts_open_each = sqlite_alerts_open_each,
    .message_add = sqlite_message_add,
    .messages_each = sqlite_messages_each,
    .audit_add = sqlite_audit_add,
    .audit_count = sqlite_audit_count,
};
