/*
 * test_memo.c: the writer's memo (src/records/memo.c) changes nothing but
 * the time a write takes.
 *
 * Two stores get the same twelve weeks of one patient: sessions (some items
 * skipped, some painful), check-ins, a flare, a clinician's plan change and
 * a follow-up check-in. Store A is written with a memo, store B without.
 * Into A's run go what a memo must never be fooled by: the plan change is
 * written without the memo (as another process would: the plan text the
 * memo keeps goes stale), and a check-in is written, rolled back and written
 * again (the state the memo kept was never committed). Every row the engine
 * wrote (engine state, plan versions, decisions, alerts) must be the same in
 * both stores, and the memo must have been used.
 */
#include "compat.h"

#include <jansson.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/date.h"
#include "common/xalloc.h"
#include "data/datadir.h"
#include "records/records.h"
#include "store/store.h"

#define NOW "2026-04-01T09:00:00Z"
#define START "2026-01-05"
#define WEEKS 12

struct side {
    char db[1024];
    struct store *store;
    struct records r;
    char patient[STORE_ID_SIZE];
};

static struct data_set data;
static char dir[] = "/tmp/moverx-memo-XXXXXX";

static void ok(int rc, const struct mrx_err *err, const char *what)
{
    if (rc)
        fail_msg("%s: %s: %s", what, err->field, err->msg);
}

static void begin(struct side *s)
{
    struct mrx_err err;
    ok(store_begin(s->store, &err), &err, "begin");
}

static void commit(struct side *s)
{
    struct mrx_err err;
    ok(store_commit(s->store, &err), &err, "commit");
}

static void open_side(struct side *s, const char *name, struct records_memo *memo)
{
    struct mrx_err err;
    json_t *out, *intake;
    long start;
    json_error_t jerr;

    snprintf(s->db, sizeof(s->db), "%s/%s.db", dir, name);
    ok(store_open(s->db, STORE_OPEN_CREATE, NOW, &s->store, &err), &err, "open");
    s->r = (struct records){s->store, &data, NOW, "test", "test", NULL, NULL, memo};
    begin(s);
    ok(records_patient_add(&s->r, NULL, "Memo patient", 1980, &out, &err), &err, "patient");
    snprintf(s->patient, sizeof(s->patient), "%s", json_string_value(json_object_get(out, "id")));
    json_decref(out);
    intake = json_load_file(MOVERX_SOURCE_DIR "/examples/intake.json", 0, &jerr);
    assert_non_null(intake);
    assert_true(date_parse(START, &start));
    ok(records_intake(&s->r, s->patient, intake, start, false, &out, &err), &err, "intake");
    json_decref(out);
    json_decref(intake);
    commit(s);
}

static void close_side(struct side *s)
{
    store_close(s->store);
}

/* Day d's session: every item done but on some days only the walk (a session names what
 * was done: at least one thing); pain during rises in the third week and on day 50. */
static void session(struct side *s, long start, int d)
{
    struct session_input in = {.day = start + d, .difficulty = DIFFICULTY_RIGHT};
    struct mrx_err err;
    json_t *out;

    in.pain_during = d >= 14 && d < 18 ? 7 : d == 50 ? 8 : 2 + d % 3;
    if (d % 5 == 3) {
        in.n_items = 1;
        in.items[0].item = "walking";
        in.items[0].done = true;
    }
    begin(s);
    ok(records_log(&s->r, s->patient, &in, &out, &err), &err, "session");
    json_decref(out);
    commit(s);
}

static void checkin(struct side *s, long start, int d, bool flare)
{
    struct checkin_input in = {.day = start + d,
                               .pain = d >= 14 && d < 18 ? 7 : 3 + d % 4,
                               .next_morning_pain = d % 2 ? 2 + d % 3 : CHECKIN_NONE,
                               .walk_minutes = 10 + d % 20,
                               .stiffness = CHECKIN_NONE,
                               .sleep = 6,
                               .steps = CHECKIN_NONE,
                               .flare = flare};
    struct mrx_err err;
    json_t *out;

    ok(records_checkin(&s->r, s->patient, &in, &out, &err), &err, "checkin");
    json_decref(out);
}

/* The clinician's change: the first exercise at a lower dose, the walk shorter. */
static void plan_change(struct side *s, long day)
{
    struct records plain = s->r;
    struct mrx_err err;
    json_t *plan, *items = json_array(), *it, *walking, *out;
    size_t i;

    plain.memo = NULL; /* as another process writes it */
    begin(s);
    ok(records_plan_history(&plain, s->patient, &plan, &err), &err, "history");
    {
        json_t *versions = json_object_get(plan, "versions");
        json_t *newest = json_array_get(versions, json_array_size(versions) - 1);
        json_array_foreach(json_object_get(json_object_get(newest, "plan"), "items"), i, it)
        {
            json_t *dose = json_deep_copy(json_object_get(it, "dose"));
            if (i == 0 && json_object_get(dose, "reps"))
                json_object_set_new(dose, "reps", json_integer(6));
            json_array_append_new(items,
                                  json_pack("{sO, so, sO}", "exercise",
                                            json_object_get(it, "exercise"), "dose", dose,
                                            "days_per_week", json_object_get(it, "days_per_week")));
        }
    }
    assert_true(json_array_size(items) > 0);
    walking = json_pack("{si, si, si}", "minutes", 8, "bouts", 2, "days_per_week", 5);
    ok(records_plan_change(&plain, s->patient, items, walking, "Gentler for a week.", day, &out,
                           &err),
       &err, "plan change");
    json_decref(out);
    json_decref(plan);
    json_decref(items);
    json_decref(walking);
    commit(s);
}

static void run(struct side *s, bool tricks)
{
    long start;

    assert_true(date_parse(START, &start));
    for (int d = 0; d < WEEKS * 7; d++) {
        if (d == 30)
            plan_change(s, start + d);
        if (d % 7 != 6)
            session(s, start, d);
        if (tricks && d == 40) { /* written, rolled back, written again */
            begin(s);
            checkin(s, start, d, false);
            store_rollback(s->store);
        }
        begin(s);
        checkin(s, start, d, d == 55);
        commit(s);
    }
}

/* Everything the engine wrote, ids left out (they are random). */
static char *dump(const char *db)
{
    static const char *const queries[] = {
        "SELECT status, reviewed_through, engine_state FROM episodes",
        "SELECT version, date, author, rule_id, reason, evidence, plan, changes FROM plan_versions "
        "ORDER BY version",
        "SELECT seq, date, kind, rule_id, item, from_dose, to_dose, reason, evidence, "
        "plan_version FROM decisions ORDER BY seq",
        "SELECT rule_id, tier, reason, opened_date, status FROM alerts ORDER BY opened_date, "
        "rule_id",
    };
    sqlite3 *h;
    size_t len = 0;
    char *text = xstrdup("");

    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(h, queries[q], -1, &st, NULL) != SQLITE_OK)
            fail_msg("%s: %s", queries[q], sqlite3_errmsg(h));
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const char *v = (const char *)sqlite3_column_text(st, c);
                size_t n = strlen(v ? v : "NULL") + 2;
                text = xrealloc(text, len + n + 1);
                len += (size_t)snprintf(text + len, n + 1, "%s%c\n", v ? v : "NULL",
                                        c + 1 == sqlite3_column_count(st) ? ';' : '|');
            }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return text;
}

static void test_memo_changes_nothing(void **state)
{
    struct side a, b;
    struct records_memo *memo = records_memo_new();
    unsigned long long used, parsed;
    char *da, *db;
    (void)state;

    open_side(&a, "with-memo", memo);
    open_side(&b, "without", NULL);
    run(&a, true);
    run(&b, false);
    records_memo_counts(memo, &used, &parsed);
    close_side(&a);
    close_side(&b);
    da = dump(a.db);
    db = dump(b.db);
    assert_true(strstr(da, "clinician") != NULL); /* the plan change is there */
    assert_true(strstr(da, "regress") != NULL);   /* and the engine changed doses */
    assert_string_equal(da, db);
    /* Most loads used what was kept; a few had to parse (the first, after the
     * plan changes, after the rollback). */
    assert_true(used > 3 * parsed);
    assert_true(parsed >= 3);
    free(da);
    free(db);
    records_memo_free(memo);
}

static int setup(void **state)
{
    struct mrx_err err;
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    return datadir_load_all(MOVERX_SOURCE_DIR "/data", &data, &err) == MRX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[1100];
    (void)state;
    datadir_release_all(&data);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo_changes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
