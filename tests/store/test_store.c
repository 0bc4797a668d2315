/*
 * test_store.c: the store's own promises (docs/store.md), through store.h
 * on real SQLite files: migrations and refusals at open, the organization in
 * every key, immutable plan versions, duplicates, rollback, backup.
 */
#include "compat.h"

#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/migrations.h"
#include "store/store.h"

#define NOW "2026-01-05T09:00:00Z"

struct fixture {
    char dir[64];
    char path[128];
    struct store *s;
    struct org_rec org;
    char org_name[64]; /* org.name lives only until the next store call */
    struct patient_rec patient;
    struct episode_rec episode;
};

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    struct mrx_err err;

    snprintf(fx->dir, sizeof(fx->dir), "/tmp/moverx-store-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->path, sizeof(fx->path), "%s/s.db", fx->dir);
    assert_int_equal(store_open(fx->path, STORE_OPEN_CREATE, NOW, &fx->s, &err), MRX_OK);
    assert_int_equal(store_org_default(fx->s, &fx->org, &err), MRX_OK);
    snprintf(fx->org_name, sizeof(fx->org_name), "%s", fx->org.name);
    fx->org.name = fx->org_name;
    fx->patient = (struct patient_rec){.name = "Ann", .birth_year = 1970};
    snprintf(fx->patient.org_id, sizeof(fx->patient.org_id), "%s", fx->org.id);
    snprintf(fx->patient.created_at, sizeof(fx->patient.created_at), NOW);
    assert_int_equal(store_new_id(fx->patient.id, &err), MRX_OK);
    fx->episode = (struct episode_rec){.seq = 1, .start_day = 20458, .reviewed_through = 20457};
    snprintf(fx->episode.org_id, sizeof(fx->episode.org_id), "%s", fx->org.id);
    snprintf(fx->episode.patient_id, sizeof(fx->episode.patient_id), "%s", fx->patient.id);
    snprintf(fx->episode.created_at, sizeof(fx->episode.created_at), NOW);
    assert_int_equal(store_new_id(fx->episode.id, &err), MRX_OK);
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_patient_add(fx->s, &fx->patient, &err), MRX_OK);
    assert_int_equal(store_episode_add(fx->s, &fx->episode, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[160];

    store_close(fx->s);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(fx);
    return 0;
}

static void new_store_is_at_the_latest_schema_with_a_default_org(void **state)
{
    struct fixture *fx = *state;

    assert_int_equal(store_schema_version(fx->s), store_schema_latest());
    assert_true(store_schema_latest() >= 1);
    assert_true(fx->org.is_default);
    assert_string_equal(fx->org.name, "Default");
}

static void missing_store_is_not_created(void **state)
{
    struct fixture *fx = *state;
    struct store *s = NULL;
    struct mrx_err err;
    char path[160];

    snprintf(path, sizeof(path), "%s/none.db", fx->dir);
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, NOW, &s, &err), MRX_EINVAL);
    assert_string_equal(err.field, "db");
    assert_null(s);
    assert_int_equal(access(path, F_OK), -1);
}

static void store_from_a_newer_moverx_is_refused(void **state)
{
    struct fixture *fx = *state;
    struct store *s = NULL;
    struct mrx_err err;

    store_close(fx->s);
    fx->s = NULL;
    raw_exec(fx->path, "PRAGMA user_version = 99");
    assert_int_equal(store_open(fx->path, STORE_OPEN_EXISTING, NOW, &s, &err), MRX_EINVAL);
    assert_string_equal(err.field, "db");
    assert_non_null(strstr(err.msg, "newer MoveRx"));
    char restore[64];
    snprintf(restore, sizeof(restore), "PRAGMA user_version = %d", store_schema_latest());
    raw_exec(fx->path, restore);
    assert_int_equal(store_open(fx->path, STORE_OPEN_EXISTING, NOW, &fx->s, &err), MRX_OK);
}

static void file_that_is_not_a_store_is_refused(void **state)
{
    struct fixture *fx = *state;
    struct store *s = NULL;
    struct mrx_err err;
    char other[160], text[160];
    FILE *f;

    snprintf(other, sizeof(other), "%s/other.db", fx->dir);
    raw_exec(other, "CREATE TABLE t (x)");
    assert_int_equal(store_open(other, STORE_OPEN_EXISTING, NOW, &s, &err), MRX_EINVAL);
    assert_non_null(strstr(err.msg, "not a MoveRx store"));
    snprintf(text, sizeof(text), "%s/notes.txt", fx->dir);
    f = fopen(text, "w");
    fputs("hello, this is not a database at all, just some words\n", f);
    fclose(f);
    assert_int_equal(store_open(text, STORE_OPEN_EXISTING, NOW, &s, &err), MRX_EINVAL);
    assert_string_equal(err.field, "db");
}

static struct plan_version_rec version(const struct fixture *fx, int v)
{
    struct plan_version_rec pv = {.version = v,
                                  .day = 20458,
                                  .author = "intake",
                                  .reason = "first plan",
                                  .evidence = "test",
                                  .plan = "{}",
                                  .changes = "[]"};
    snprintf(pv.org_id, sizeof(pv.org_id), "%s", fx->org.id);
    snprintf(pv.episode_id, sizeof(pv.episode_id), "%s", fx->episode.id);
    snprintf(pv.recorded_at, sizeof(pv.recorded_at), NOW);
    return pv;
}

static void plan_versions_are_immutable(void **state)
{
    struct fixture *fx = *state;
    struct plan_version_rec pv = version(fx, 1);
    struct mrx_err err;
    sqlite3 *db;
    char *msg = NULL;

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_plan_version_add(fx->s, &pv, &err), MRX_OK);
    assert_int_equal(store_plan_version_add(fx->s, &pv, &err), MRX_EINVAL); /* version 1 twice */
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE plan_versions SET reason = 'x'", NULL, NULL, &msg), SQLITE_OK);
    assert_non_null(strstr(msg, "immutable"));
    sqlite3_free(msg);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM plan_versions", NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
}

static void rows_cannot_cross_organizations(void **state)
{
    struct fixture *fx = *state;
    struct org_rec other = {.name = "Other clinic"};
    struct session_rec s = {.day = 20458, .pain_during = 2, .items = "[]"};
    struct mrx_err err;

    snprintf(other.created_at, sizeof(other.created_at), NOW);
    assert_int_equal(store_new_id(other.id, &err), MRX_OK);
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_org_add(fx->s, &other, &err), MRX_OK);
    /* The episode exists, but in the default organization: refused. */
    snprintf(s.org_id, sizeof(s.org_id), "%s", other.id);
    snprintf(s.episode_id, sizeof(s.episode_id), "%s", fx->episode.id);
    snprintf(s.recorded_at, sizeof(s.recorded_at), NOW);
    assert_int_equal(store_session_add(fx->s, &s, &err), MRX_ENOTFOUND);
    /* In its own organization it is accepted, once a day. */
    snprintf(s.org_id, sizeof(s.org_id), "%s", fx->org.id);
    assert_int_equal(store_session_add(fx->s, &s, &err), MRX_OK);
    assert_int_equal(store_session_add(fx->s, &s, &err), MRX_EINVAL);
    assert_string_equal(err.field, "--date");
    store_rollback(fx->s);
}

static int count_sessions(const struct session_rec *s, void *arg)
{
    (void)s;
    (*(int *)arg)++;
    return MRX_OK;
}

static void rollback_leaves_nothing(void **state)
{
    struct fixture *fx = *state;
    struct session_rec s = {.day = 20460, .pain_during = 4, .items = "[]"};
    struct mrx_err err;
    int n = 0;

    snprintf(s.org_id, sizeof(s.org_id), "%s", fx->org.id);
    snprintf(s.episode_id, sizeof(s.episode_id), "%s", fx->episode.id);
    snprintf(s.recorded_at, sizeof(s.recorded_at), NOW);
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_session_add(fx->s, &s, &err), MRX_OK);
    store_rollback(fx->s);
    assert_int_equal(store_sessions_each(fx->s, fx->org.id, fx->episode.id, 0, 2932896,
                                         count_sessions, &n, &err),
                     MRX_OK);
    assert_int_equal(n, 0);
}

/* The marks of an episode's views: its versions and the last session before a day. */
static void episode_marks_name_what_views_rest_on(void **state)
{
    struct fixture *fx = *state;
    struct plan_version_rec v1 = version(fx, 1), v2 = version(fx, 2);
    struct session_rec s = {.day = 20460, .pain_during = 3, .items = "[]"};
    struct episode_marks m;
    struct mrx_err err;

    assert_int_equal(store_episode_marks(fx->s, fx->org.id, "no-such-patient", 20465, &m, &err),
                     MRX_ENOTFOUND);
    assert_int_equal(store_episode_marks(fx->s, fx->org.id, fx->patient.id, 20465, &m, &err),
                     MRX_OK);
    assert_string_equal(m.episode_id, fx->episode.id);
    assert_int_equal(m.status, fx->episode.status);
    assert_int_equal(m.start_day, fx->episode.start_day);
    assert_int_equal(m.versions, 0);
    assert_int_equal(m.last_version, 0);
    assert_true(m.last_session == LONG_MIN);

    snprintf(s.org_id, sizeof(s.org_id), "%s", fx->org.id);
    snprintf(s.episode_id, sizeof(s.episode_id), "%s", fx->episode.id);
    snprintf(s.recorded_at, sizeof(s.recorded_at), NOW);
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_plan_version_add(fx->s, &v1, &err), MRX_OK);
    assert_int_equal(store_plan_version_add(fx->s, &v2, &err), MRX_OK);
    assert_int_equal(store_session_add(fx->s, &s, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);

    assert_int_equal(store_episode_marks(fx->s, fx->org.id, fx->patient.id, 20465, &m, &err),
                     MRX_OK);
    assert_int_equal(m.versions, 2);
    assert_int_equal(m.last_version, 2);
    assert_int_equal(m.last_session, 20460);
    /* Only sessions before the day count: on the session's own day there is none yet. */
    assert_int_equal(store_episode_marks(fx->s, fx->org.id, fx->patient.id, 20460, &m, &err),
                     MRX_OK);
    assert_true(m.last_session == LONG_MIN);
}

/* The patient's program revision, as read with the patient. */
static long long rev_of(struct fixture *fx)
{
    struct patient_rec p;
    struct mrx_err err;

    assert_int_equal(store_patient_get(fx->s, fx->patient.id, &p, &err), MRX_OK);
    return p.rev;
}

/* Whether a revision read now grew since *r, which it then becomes. */
static bool grew(long long now, long long *r)
{
    bool more = now > *r;

    *r = now;
    return more;
}

/* Writes the episode, as the engine does after a check-in. */
static void update_episode(struct fixture *fx, enum episode_status st, const char *state)
{
    struct mrx_err err;

    fx->episode.status = st;
    fx->episode.engine_state = state;
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_episode_update(fx->s, &fx->episode, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
}

/* patients.rev changes with everything today's plan is made from, whoever
 * writes (the triggers of migration 7), and with nothing else. */
static void patient_rev_changes_with_what_today_rests_on(void **state)
{
    struct fixture *fx = *state;
    struct plan_version_rec v1 = version(fx, 1);
    struct session_rec s = {.day = 20460, .pain_during = 3, .items = "[]"};
    struct audit_rec a = {fx->org.id, NOW, "someone", "cli", "plan.read", fx->patient.id, "ok"};
    struct assessment_rec q = {.day = 20470,
                               .instrument = "odi",
                               .instrument_version = "2.1a",
                               .scoring_version = "1",
                               .answers = "[1,1,1,1,1,1,1,1,1,1]",
                               .score = "{}"};
    struct mrx_err err;
    long long r = rev_of(fx);
    char sql[256];

    assert_true(r > 0);                                /* the episode's insert */
    update_episode(fx, EPISODE_ACTIVE, "{\"day\":1}"); /* a first engine state */
    assert_true(grew(rev_of(fx), &r));
    update_episode(fx, EPISODE_ACTIVE, "{\"day\":2}"); /* only its content */
    assert_true(rev_of(fx) == r);
    fx->episode.reviewed_through++;
    update_episode(fx, EPISODE_ACTIVE, "{\"day\":3}");
    assert_true(rev_of(fx) == r);
    update_episode(fx, EPISODE_PAUSED, "{\"day\":3}"); /* the status */
    assert_true(grew(rev_of(fx), &r));

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_audit_add(fx->s, &a, &err), MRX_OK); /* a read: nothing changed */
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(rev_of(fx) == r);
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_plan_version_add(fx->s, &v1, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(grew(rev_of(fx), &r));

    snprintf(s.org_id, sizeof(s.org_id), "%s", fx->org.id);
    snprintf(s.episode_id, sizeof(s.episode_id), "%s", fx->episode.id);
    snprintf(s.recorded_at, sizeof(s.recorded_at), NOW);
    snprintf(q.org_id, sizeof(q.org_id), "%s", fx->org.id);
    snprintf(q.episode_id, sizeof(q.episode_id), "%s", fx->episode.id);
    snprintf(q.recorded_at, sizeof(q.recorded_at), NOW);
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_session_add(fx->s, &s, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(grew(rev_of(fx), &r));

    /* Another process, in plain SQL: a session changed, then removed. */
    snprintf(sql, sizeof(sql), "UPDATE sessions SET pain_during = 5 WHERE episode_id = '%s'",
             fx->episode.id);
    raw_exec(fx->path, sql);
    assert_true(grew(rev_of(fx), &r));
    snprintf(sql, sizeof(sql), "DELETE FROM sessions WHERE episode_id = '%s'", fx->episode.id);
    raw_exec(fx->path, sql);
    assert_true(grew(rev_of(fx), &r));

    /* A questionnaire answered (it decides whether the check-up is due), then removed. */
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_assessment_add(fx->s, &q, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(grew(rev_of(fx), &r));
    snprintf(sql, sizeof(sql), "DELETE FROM assessments WHERE episode_id = '%s'", fx->episode.id);
    raw_exec(fx->path, sql);
    assert_true(grew(rev_of(fx), &r));

    /* An alert opened, added to, resolved (migration 10): today says why a
     * program is paused from the open alerts. */
    {
        struct alert_rec al = {.rule_id = "fever",
                               .tier = "urgent",
                               .reason = "r",
                               .evidence = "e",
                               .opened_day = 20470,
                               .last_day = 20470,
                               .occurrences = 1,
                               .status = "open"};
        snprintf(al.org_id, sizeof(al.org_id), "%s", fx->org.id);
        snprintf(al.patient_id, sizeof(al.patient_id), "%s", fx->patient.id);
        snprintf(al.opened_at, sizeof(al.opened_at), NOW);
        assert_int_equal(store_new_id(al.id, &err), MRX_OK);
        assert_int_equal(store_begin(fx->s, &err), MRX_OK);
        assert_int_equal(store_alert_add(fx->s, &al, &err), MRX_OK); /* of no episode */
        assert_int_equal(store_commit(fx->s, &err), MRX_OK);
        assert_true(grew(rev_of(fx), &r));
        snprintf(sql, sizeof(sql), "UPDATE alerts SET occurrences = 2 WHERE id = '%s'", al.id);
        raw_exec(fx->path, sql);
        assert_true(grew(rev_of(fx), &r));
    }

    /* The start moved (in plain SQL: the store never moves it): the days
     * planned move with it. */
    snprintf(sql, sizeof(sql), "UPDATE episodes SET start_date = '2026-01-01' WHERE id = '%s'",
             fx->episode.id);
    raw_exec(fx->path, sql);
    assert_true(grew(rev_of(fx), &r));
}

/* The accounts' revision, as a reader sees it. */
static long long auth_rev_of(struct fixture *fx)
{
    struct mrx_err err;
    long long r = -1;

    assert_int_equal(store_auth_rev(fx->s, &r, &err), MRX_OK);
    return r;
}

/* The accounts' revision (migration 8) changes with every change to who may
 * do what, whoever writes: a session ended or altered, an account changed,
 * a care team changed. A new session, a session's last use moving forward
 * and everything else leave it alone. */
static void auth_rev_changes_with_who_may_do_what(void **state)
{
    struct fixture *fx = *state;
    struct user_rec u = {.role = ROLE_CLINICIAN, .email = "c@example.org"};
    struct auth_session_rec as = {.created_at = NOW, .last_seen_at = NOW};
    struct audit_rec a = {fx->org.id, NOW, "someone", "cli", "plan.read", fx->patient.id, "ok"};
    struct mrx_err err;
    long long r = auth_rev_of(fx);
    char sql[256];

    snprintf(u.org_id, sizeof(u.org_id), "%s", fx->org.id);
    snprintf(u.created_at, sizeof(u.created_at), NOW);
    assert_int_equal(store_new_id(u.id, &err), MRX_OK);
    memset(as.token_hash, 'a', 64);
    memset(as.csrf_hash, 'b', 64);
    snprintf(as.org_id, sizeof(as.org_id), "%s", fx->org.id);
    snprintf(as.user_id, sizeof(as.user_id), "%s", u.id);

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_user_add(fx->s, &u, &err), MRX_OK);
    assert_int_equal(store_auth_session_add(fx->s, &as, &err), MRX_OK);
    assert_int_equal(store_audit_add(fx->s, &a, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(auth_rev_of(fx) == r); /* nothing kept can be about them yet */

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_auth_session_touch(fx->s, as.token_hash, "2026-01-05T10:00:00Z", &err),
                     MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(auth_rev_of(fx) == r); /* used later: only keeps it alive longer */
    raw_exec(fx->path, "UPDATE auth_sessions SET last_seen_at = '2025-01-01T00:00:00Z'");
    assert_true(grew(auth_rev_of(fx), &r)); /* set back: it may have expired */
    raw_exec(fx->path, "UPDATE auth_sessions SET last_seen_at = '2025-06-01T00:00:00Z'");
    assert_true(auth_rev_of(fx) == r); /* forward again, in plain SQL */
    raw_exec(fx->path, "UPDATE auth_sessions SET last_seen_at = '2025-99-01T00:00:00Z'");
    assert_true(grew(auth_rev_of(fx), &r)); /* "later", but not a time: the session has ended */
    raw_exec(fx->path, "UPDATE auth_sessions SET last_seen_at = '2026-02-30T00:00:00Z'");
    assert_true(grew(auth_rev_of(fx), &r));
    raw_exec(fx->path, "UPDATE auth_sessions SET last_seen_at = '2026-03-01T00:00:00Z'");
    assert_true(auth_rev_of(fx) == r);
    /* Every other column of the session. */
    raw_exec(fx->path, "UPDATE auth_sessions SET csrf_hash = printf('%064d', 1)");
    assert_true(grew(auth_rev_of(fx), &r));
    raw_exec(fx->path, "UPDATE auth_sessions SET created_at = '2026-01-05T08:00:00Z'");
    assert_true(grew(auth_rev_of(fx), &r));
    raw_exec(fx->path, "UPDATE auth_sessions SET user_id = user_id || ''");
    assert_true(auth_rev_of(fx) == r); /* the same value: nothing changed */
    raw_exec(fx->path, "UPDATE auth_sessions SET user_id = 'someone else'");
    assert_true(grew(auth_rev_of(fx), &r));
    raw_exec(fx->path, "UPDATE auth_sessions SET org_id = 'another org'");
    assert_true(grew(auth_rev_of(fx), &r));
    raw_exec(fx->path, "UPDATE auth_sessions SET token_hash = printf('%064d', 2)");
    assert_true(grew(auth_rev_of(fx), &r));
    snprintf(sql, sizeof(sql),
             "UPDATE auth_sessions SET org_id = '%s', user_id = '%s', token_hash = '%s'",
             fx->org.id, u.id, as.token_hash);
    raw_exec(fx->path, sql);
    assert_true(grew(auth_rev_of(fx), &r));

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_care_add(fx->s, fx->org.id, fx->patient.id, u.id, NOW, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(grew(auth_rev_of(fx), &r));
    snprintf(sql, sizeof(sql), "DELETE FROM care_team WHERE user_id = '%s'", u.id);
    raw_exec(fx->path, sql);
    assert_true(grew(auth_rev_of(fx), &r));

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_auth_session_delete(fx->s, as.token_hash, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(grew(auth_rev_of(fx), &r));

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_user_set_disabled(fx->s, fx->org.id, u.id, NOW, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    assert_true(grew(auth_rev_of(fx), &r));
}

/* The rows a checkpoint could not copy back because a reader's snapshot
 * needs them (PRAGMA wal_checkpoint's "busy", 1 or 0), from another
 * connection that has just written. */
static int checkpoint_held_back(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int busy;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "UPDATE organizations SET name = name || '.'", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    busy = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return busy;
}

/* n audit rows of reads in the transaction open, the i-th of patient (i * step) % patients. */
static void audit_rows(struct fixture *fx, int n, int patients, int step)
{
    struct mrx_err err;
    char pid[STORE_ID_SIZE];
    struct audit_rec a = {.org_id = fx->org.id,
                          .at = NOW,
                          .actor = fx->patient.id,
                          .origin = "127.0.0.1",
                          .action = "today.read",
                          .patient_id = pid,
                          .outcome = "ok"};

    for (long i = 0; i < n; i++) {
        snprintf(pid, sizeof(pid), "00000000-0000-4000-8000-%012ld", i * step % patients);
        assert_int_equal(store_audit_add(fx->s, &a, &err), MRX_OK);
    }
}

/* The same in a transaction of its own. */
static void add_reads(struct fixture *fx, int n, int patients, int step)
{
    struct mrx_err err;

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    audit_rows(fx, n, patients, step);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
}

/* Every read of patient data writes an audit row. Rows of many patients
 * must append, not land all over an index: a commit of 1,000 reads of 1,000
 * patients, on a trail of 20,000, writes the few pages the rows fill (an
 * index by patient made it rewrite one page per read). */
static void audit_rows_of_reads_only_append(void **state)
{
    struct fixture *fx = *state;
    char wal[160];
    struct stat st;
    long frames;

    add_reads(fx, 20000, 1000, 1);
    raw_exec(fx->path, "PRAGMA wal_checkpoint(TRUNCATE)");
    snprintf(wal, sizeof(wal), "%s-wal", fx->path);
    assert_int_equal(stat(wal, &st), 0);
    assert_int_equal(st.st_size, 0);
    add_reads(fx, 1000, 1000, 7919);
    assert_int_equal(stat(wal, &st), 0);
    frames = ((long)st.st_size - 32) / (4096 + 24); /* WAL header; frame header and page */
    /* 1,000 rows of about 150 bytes fill about 40 pages. */
    assert_in_range(frames, 1, 80);
}

/* Readers as a busy server has them: one short read transaction after another,
 * on connections of their own, overlapping, until told to stop. */
struct reader_loop {
    const char *path, *org;
    volatile int stop;
    long reads;
};

static void *read_forever(void *arg)
{
    struct reader_loop *rl = arg;
    struct store *r;
    struct org_rec o;
    struct mrx_err err;

    if (store_open(rl->path, STORE_OPEN_EXISTING, NOW, &r, &err) != MRX_OK)
        return NULL;
    while (!rl->stop) {
        if (store_begin_read(r, &err) == MRX_OK && store_org_get(r, rl->org, &o, &err) == MRX_OK)
            rl->reads++;
        store_rollback(r);
    }
    store_close(r);
    return NULL;
}

/* The WAL stays bounded under sustained writes while readers always overlap: a
 * checkpoint that only copies what it can never found a moment without a reader
 * to start the file again (a server left 470 MB, seeding a demo 2 GB); past the
 * bound, a commit waits for the readers to reach the newest snapshot and empties
 * it. 24,000 pages are written here; the file never holds much more than 8,000. */
static void the_wal_stays_bounded_under_overlapping_reads(void **state)
{
    struct fixture *fx = *state;
    struct reader_loop rl = {fx->path, fx->org.id, 0, 0};
    pthread_t t[2];
    char wal[160];
    struct stat st;
    long largest = 0;

    snprintf(wal, sizeof(wal), "%s-wal", fx->path);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, read_forever, &rl), 0);
    for (int c = 0; c < 300; c++) {
        struct org_rec o;
        struct mrx_err err;
        /* a read before the writes, as every write of the records does: its statement is
         * left on its row until the commit */
        assert_int_equal(store_begin(fx->s, &err), MRX_OK);
        assert_int_equal(store_org_get(fx->s, fx->org.id, &o, &err), MRX_OK);
        audit_rows(fx, 2000, 1000, 7919);
        assert_int_equal(store_commit(fx->s, &err), MRX_OK);
        if (stat(wal, &st) == 0 && st.st_size > largest)
            largest = (long)st.st_size;
    }
    rl.stop = 1;
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_true(rl.reads > 100); /* the readers did overlap the writes */
    /* the bound (8,000 frames of 4 KiB and a header each) and one commit more */
    if (largest > (8000L + 200) * (4096 + 24) + 32)
        fail_msg("the WAL reached %ld bytes", largest);
}

/* A read outside any transaction (its statement left on its row, as the
 * store leaves them) holds a snapshot; store_rollback lets go of it, so
 * that a server's reader handed back to the pool holds back no checkpoint. */
static void rollback_lets_go_of_a_read_outside_a_transaction(void **state)
{
    struct fixture *fx = *state;
    struct user_rec u = {.role = ROLE_CLINICIAN, .email = "c@example.org"}, got;
    struct mrx_err err;

    snprintf(u.org_id, sizeof(u.org_id), "%s", fx->org.id);
    snprintf(u.created_at, sizeof(u.created_at), NOW);
    assert_int_equal(store_new_id(u.id, &err), MRX_OK);
    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_user_add(fx->s, &u, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);

    assert_int_equal(store_user_get(fx->s, u.id, &got, &err), MRX_OK);
    assert_int_equal(checkpoint_held_back(fx->path), 1);
    store_rollback(fx->s);
    assert_int_equal(checkpoint_held_back(fx->path), 0);
}

static void unknown_ids_are_not_found(void **state)
{
    struct fixture *fx = *state;
    struct patient_rec p;
    struct episode_rec e;
    struct mrx_err err;

    assert_int_equal(store_patient_get(fx->s, "nope", &p, &err), MRX_ENOTFOUND);
    assert_string_equal(err.field, "patient");
    assert_int_equal(store_episode_current(fx->s, fx->org.id, "nope", &e, &err), MRX_ENOTFOUND);
    assert_int_equal(store_patient_get(fx->s, fx->patient.id, &p, &err), MRX_OK);
    assert_string_equal(p.name, "Ann");
    assert_int_equal(p.birth_year, 1970);
}

static void backup_is_a_working_store(void **state)
{
    struct fixture *fx = *state;
    struct store *copy;
    struct patient_rec p;
    struct mrx_err err;
    char path[160];

    snprintf(path, sizeof(path), "%s/backup.db", fx->dir);
    assert_int_equal(store_backup(fx->s, path, &err), MRX_OK);
    assert_int_equal(store_backup(fx->s, path, &err), MRX_EINVAL); /* never overwrites */
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, NOW, &copy, &err), MRX_OK);
    assert_int_equal(store_patient_get(copy, fx->patient.id, &p, &err), MRX_OK);
    store_close(copy);
}

/* A server opens read connections while its writer may be inside a
 * transaction: opening an up-to-date store must not need the write lock
 * (it would wait out the busy timeout and fail with "database is locked"). */
static void opening_an_up_to_date_store_takes_no_write_lock(void **state)
{
    struct fixture *fx = *state;
    struct store *reader = NULL;
    struct patient_rec got;
    struct mrx_err err;

    assert_int_equal(store_begin(fx->s, &err), MRX_OK);
    assert_int_equal(store_open(fx->path, STORE_OPEN_EXISTING, NOW, &reader, &err), MRX_OK);
    assert_int_equal(store_schema_version(reader), store_schema_latest());
    assert_int_equal(store_patient_get(reader, fx->patient.id, &got, &err), MRX_OK);
    assert_int_equal(store_commit(fx->s, &err), MRX_OK);
    store_close(reader);
}

static void ids_are_version_4_uuids(void **state)
{
    char a[STORE_ID_SIZE], b[STORE_ID_SIZE];
    struct mrx_err err;

    (void)state;
    assert_int_equal(store_new_id(a, &err), MRX_OK);
    assert_int_equal(store_new_id(b, &err), MRX_OK);
    assert_int_equal(strlen(a), 36);
    assert_int_equal(a[14], '4');
    assert_non_null(strchr("89ab", a[19]));
    assert_string_not_equal(a, b);
}

/* ==================== Migration 10: rule set v2 ==================== */

/* A store at schema 9, as MoveRx wrote it before rule set v2, with the
 * alerts a v1 triage left: red-flag alerts naming their rules in the
 * detail, retired or not, and an engine alert. */
static const char v9_rows[] =
    "INSERT INTO organizations VALUES ('o1', 'Clinic', 1, '2026-01-01T00:00:00Z');"
    "INSERT INTO patients VALUES ('o1', 'p1', 'Ann', 1970, '2026-01-01T00:00:00Z', 0);"
    "INSERT INTO episodes VALUES ('o1', 'e1', 'p1', 1, '2026-01-05', 'active', '2026-01-09', "
    "'{\"open_alerts\":[\"alert_red_flag\",\"alert_inactivity\"],\"baseline_pain\":5.5}', "
    "'2026-01-05T09:00:00Z');"
    "INSERT INTO intakes VALUES ('o1', 'e1', '2026-01-05', '{}', '{}', '2026-01-05T09:00:00Z');"
    "INSERT INTO patients VALUES ('o1', 'p2', 'Bo', 1950, '2026-01-01T00:00:00Z', 0);"
    "INSERT INTO episodes VALUES ('o1', 'e2', 'p2', 1, '2026-01-05', 'stopped', '2026-01-04', "
    "NULL, '2026-01-05T09:00:00Z');"
    "INSERT INTO patients VALUES ('o1', 'p3', 'Cy', 1960, '2026-01-01T00:00:00Z', 0);"
    "INSERT INTO episodes VALUES ('o1', 'e3', 'p3', 1, '2026-01-05', 'paused', '2026-01-09', "
    "'{\"open_alerts\":[\"alert_red_flag\"]}', '2026-01-05T09:00:00Z');"
    /* age alone: retired, closed */
    "INSERT INTO alerts VALUES ('o1', 'a1', 'e1', 'alert_red_flag', 'routine', 'r', 'e', "
    "'age_risk: Age <20 or >50: cancer risk marker (NICE CKS; AHCPR).', '2026-01-05', "
    "'2026-01-05T09:00:00Z', 'open', NULL, NULL, NULL, NULL, NULL);"
    /* an engine alert: kept */
    "INSERT INTO alerts VALUES ('o1', 'a2', 'e1', 'alert_inactivity', 'routine', 'r', 'e', NULL, "
    "'2026-01-09', '2026-01-09T09:00:00Z', 'open', NULL, NULL, NULL, NULL, NULL);"
    /* a fragility emergency: closed, carried over to fragility_fracture */
    "INSERT INTO alerts VALUES ('o1', 'a3', 'e2', 'alert_red_flag', 'emergency', 'r', 'e', "
    "'minor_trauma_fragile: Minor trauma with age >50: possible fracture. age_risk: Age >50.', "
    "'2026-01-05', '2026-01-05T09:00:00Z', 'acknowledged', 'u1', '2026-01-05T10:00:00Z', NULL, "
    "NULL, NULL);"
    /* a combination with rules that stay: closed, its other rules carried over */
    "INSERT INTO alerts VALUES ('o1', 'a4', 'e3', 'alert_red_flag', 'urgent', 'r', 'e', "
    "'combined_flags: Three or more. worsening: Pain worsening. coping: Coping. age_risk: Age.', "
    "'2026-01-06', '2026-01-06T09:00:00Z', 'open', NULL, NULL, NULL, NULL, NULL);"
    /* already resolved: left as it was */
    "INSERT INTO alerts VALUES ('o1', 'a5', 'e1', 'alert_red_flag', 'routine', 'r', 'e', "
    "'age_risk: Age.', '2026-01-05', '2026-01-05T09:00:00Z', 'resolved', NULL, NULL, 'u1', "
    "'2026-01-05T11:00:00Z', 'seen');"
    /* the first plans: one promising a physiotherapist's review in 14 days (a running
     * program: a task), one a first contact, of a stopped program (none) */
    "INSERT INTO plan_versions VALUES ('o1', 'e1', 1, '2026-01-05', 'intake', NULL, 'r', 'e', "
    "'{\"care_team\":{\"review\":\"physiotherapist\",\"within_days\":14}}', '[]', "
    "'2026-01-05T09:00:00Z');"
    "INSERT INTO plan_versions VALUES ('o1', 'e2', 1, '2026-01-05', 'intake', NULL, 'r', 'e', "
    "'{\"care_team\":{\"review\":\"clinician\",\"within_days\":3}}', '[]', "
    "'2026-01-05T09:00:00Z');";

static char *one_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    char *out = NULL;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static void expect_text(sqlite3 *db, const char *sql, const char *want)
{
    char *got = one_text(db, sql);
    if (!got || !strstr(got, want))
        fail_msg("%s: got '%s', expected it to hold '%s'", sql, got ? got : "(null)", want);
    free(got);
}

static void v1_store_moves_to_rule_set_v2(void **state)
{
    char dir[64] = "/tmp/moverx-v9-XXXXXX", path[128], cmd[160];
    struct store *s;
    struct mrx_err err;
    sqlite3 *db;
    (void)state;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/v9.db", dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (int i = 0; i < 9; i++)
        if (sqlite3_exec(db, store_migrations[i], NULL, NULL, NULL) != SQLITE_OK)
            fail_msg("migration %d: %s", i + 1, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_exec(db,
                                  "PRAGMA user_version = 9; PRAGMA application_id = "
                                  "1297502808;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    if (sqlite3_exec(db, v9_rows, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("v9 rows: %s", sqlite3_errmsg(db));
    sqlite3_close(db);

    if (store_open(path, STORE_OPEN_EXISTING, NOW, &s, &err))
        fail_msg("opening the v9 store: %s: %s", err.field, err.msg);
    assert_int_equal(store_schema_version(s), store_schema_latest());
    store_close(s);

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    /* nothing lost: every row is there, under its patient */
    expect_text(db, "SELECT count(*) FROM episodes", "3");
    expect_text(db, "SELECT count(*) FROM intakes", "1");
    expect_text(db, "SELECT count(*) FROM alerts WHERE patient_id IS NOT NULL", "8");
    expect_text(db, "SELECT group_concat(patient_id) FROM alerts WHERE id IN ('a1', 'a3')",
                "p1,p2");
    /* age alone: closed with a note */
    expect_text(db, "SELECT status FROM alerts WHERE id = 'a1'", "resolved");
    expect_text(db, "SELECT resolution_note FROM alerts WHERE id = 'a1'", "rule set v2");
    expect_text(db, "SELECT resolved_by FROM alerts WHERE id = 'a1'", "migration 10");
    /* with no red-flag alert left, the engine no longer holds progress for one */
    expect_text(db, "SELECT engine_state FROM episodes WHERE id = 'e1'",
                "\"open_alerts\":[\"alert_inactivity\"]");
    expect_text(db, "SELECT engine_state FROM episodes WHERE id = 'e1'", "5.5");
    /* the engine's own alert and a resolved one: as they were */
    expect_text(db, "SELECT status FROM alerts WHERE id = 'a2'", "open");
    expect_text(db, "SELECT resolution_note FROM alerts WHERE id = 'a5'", "seen");
    /* the fragility emergency: closed, carried over to its v2 rule at urgent */
    expect_text(db, "SELECT status FROM alerts WHERE id = 'a3'", "resolved");
    expect_text(db, "SELECT resolution_note FROM alerts WHERE id = 'a3'", "fragility_fracture");
    expect_text(db,
                "SELECT tier || ' ' || status || ' ' || episode_id || ' ' || detail FROM alerts "
                "WHERE rule_id = 'fragility_fracture'",
                "urgent open e2 Carried over from a triage rule set v1 alert (a3");
    expect_text(db, "SELECT status FROM episodes WHERE id = 'e2'", "stopped");
    /* a combination: closed, naming what it was carried over to; the rules it
     * named that stay are open alerts of their own, at their v2 tier, and the
     * pause it made stays (a clinician lifts it by resolving one) */
    expect_text(db, "SELECT status FROM alerts WHERE id = 'a4'", "resolved");
    expect_text(db, "SELECT resolution_note FROM alerts WHERE id = 'a4'", "combined_flags");
    expect_text(db, "SELECT resolution_note FROM alerts WHERE id = 'a4'", "Carried over");
    expect_text(db,
                "SELECT group_concat(rule_id || ':' || tier || ':' || status, ' ') FROM (SELECT * "
                "FROM alerts WHERE patient_id = 'p3' AND id <> 'a4' ORDER BY rule_id)",
                "coping:routine:open worsening:routine:open");
    expect_text(db, "SELECT engine_state FROM episodes WHERE id = 'e3'", "alert_red_flag");
    expect_text(db, "SELECT status FROM episodes WHERE id = 'e3'", "paused");
    /* the new settings and status */
    expect_text(db, "SELECT emergency_number FROM organizations WHERE id = 'o1'", "112");
    assert_int_equal(sqlite3_exec(db, "UPDATE episodes SET status = 'not_started' WHERE id = 'e2'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    /* the rebuilt tables keep their keys and the episode triggers of migration 7 */
    expect_text(db, "SELECT count(*) FROM pragma_foreign_key_check", "0");
    expect_text(db, "SELECT rev > 0 FROM patients WHERE id = 'p2'", "1");
    assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db,
                                      "INSERT INTO alerts (org_id, id, patient_id, episode_id, "
                                      "rule_id, tier, reason, evidence, opened_date, opened_at, "
                                      "last_date, status) VALUES ('o1', 'x', 'p1', 'nope', 'r', "
                                      "'routine', 'r', 'e', '2026-01-05', 't', '2026-01-05', "
                                      "'open')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    expect_text(db, "PRAGMA integrity_check", "ok");
    /* migration 11: every alert still open is a task, due by its tier, under its own id */
    expect_text(db,
                "SELECT (SELECT count(*) FROM tasks WHERE kind = 'alert') = (SELECT count(*) "
                "FROM alerts WHERE status <> 'resolved')",
                "1");
    expect_text(db,
                "SELECT id || ' ' || due_date || ' ' || status FROM tasks WHERE alert_id = 'a2'",
                "a2 2026-01-12 open");
    expect_text(db, "SELECT title FROM tasks WHERE alert_id = 'a2'", "Check in: no session");
    expect_text(db, "SELECT count(*) FROM tasks WHERE length(id) > 39", "0");
    /* and the review the first plan of a running program promised */
    expect_text(db,
                "SELECT kind || ' ' || due_date || ' ' || title FROM tasks WHERE episode_id = 'e1' "
                "AND alert_id IS NULL",
                "plan_review 2026-01-19 Review the plan with the patient: the plan told them a "
                "physiotherapist would look at it within 14 days.");
    expect_text(db, "SELECT count(*) FROM tasks WHERE episode_id = 'e2' AND alert_id IS NULL", "0");
    sqlite3_close(db);
    {
        struct task_rec t;
        if (store_open(path, STORE_OPEN_EXISTING, NOW, &s, &err))
            fail_msg("opening the migrated store: %s", err.msg);
        assert_int_equal(store_task_get(s, "a2", &t, &err), MRX_OK); /* readable, whole */
        assert_string_equal(t.id, "a2");
        assert_string_equal(t.status, "open");
        t.status = "done";
        t.done_by = "test";
        t.done_at = NOW;
        t.note = "seen";
        assert_int_equal(store_task_update(s, &t, &err), MRX_OK);
        store_close(s);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(new_store_is_at_the_latest_schema_with_a_default_org, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(missing_store_is_not_created, setup, teardown),
        cmocka_unit_test_setup_teardown(store_from_a_newer_moverx_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(file_that_is_not_a_store_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(plan_versions_are_immutable, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_cannot_cross_organizations, setup, teardown),
        cmocka_unit_test_setup_teardown(rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(episode_marks_name_what_views_rest_on, setup, teardown),
        cmocka_unit_test_setup_teardown(patient_rev_changes_with_what_today_rests_on, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(rollback_lets_go_of_a_read_outside_a_transaction, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(auth_rev_changes_with_who_may_do_what, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_rows_of_reads_only_append, setup, teardown),
        cmocka_unit_test_setup_teardown(the_wal_stays_bounded_under_overlapping_reads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unknown_ids_are_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(backup_is_a_working_store, setup, teardown),
        cmocka_unit_test_setup_teardown(opening_an_up_to_date_store_takes_no_write_lock, setup,
                                        teardown),
        cmocka_unit_test(ids_are_version_4_uuids),
        cmocka_unit_test(v1_store_moves_to_rule_set_v2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
