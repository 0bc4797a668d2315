/*
 * bench_store.c: durable check-in writes per second and 28-day history reads
 * per second through the store, each beside raw SQLite measured in the same
 * run on the same disk (docs/store.md: WAL, synchronous=FULL).
 *
 * Writes: each check-in exactly as the command line records it (begin,
 * records_checkin with its adaptation review and audit, commit), beside one
 * prepared one-row INSERT per BEGIN IMMEDIATE .. COMMIT. Reads: a patient's
 * current episode and its last 28 days of check-ins and sessions, beside a
 * covering-index range query over as many rows per patient. The two sides
 * run in alternating blocks so that drift in the disk or the CPU hits both.
 * A benchmark prints figures; it asserts nothing.
 *
 * bench_store [--quick] [--dir PARENT]: the files go in a new directory
 * under PARENT (default: the working directory, so the disk is the one the
 * store would live on; /tmp is often a tmpfs where fsync costs nothing).
 */
#include "compat.h"

#include <jansson.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common/date.h"
#include "common/xalloc.h"
#include "data/datadir.h"
#include "records/records.h"
#include "store/store.h"

#ifndef MOVERX_SOURCE_DIR
#define MOVERX_SOURCE_DIR "."
#endif

/*
 * Sizes. The full run takes about 10 s on a 2-core VM (ext4 on a virtio
 * disk), a third of it in the progress views; --quick checks that it runs.
 */
struct sizes {
    int patients;         /* with an intake each: who the durable check-ins go to */
    int write_days;       /* durable check-ins: patients x write_days, one commit each */
    int history_patients; /* more patients, each given history_days of check-ins and sessions */
    int history_days;     /* 84: the program's 12 weeks */
    int late_days;        /* durable check-ins to those patients after the 12 weeks */
    int reads;            /* 28-day history reads, over random history patients */
    int progress_reads;   /* full progress views, as the command line runs them */
};
static const struct sizes full_run = {200, 15, 40, 84, 5, 20000, 60};
static const struct sizes quick_run = {20, 3, 4, 84, 2, 1000, 10};

#define WINDOW_DAYS 28 /* the history read: the day and the 27 before it */
#define BLOCKS 10      /* reads alternate between the two sides in this many blocks */

static char g_dir[4096]; /* the temporary directory, removed at exit */

/* ==================== Small helpers ==================== */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A fixed sequence, so that both sides read the same patients in the same order. */
static uint64_t next_rand(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void remove_dir(void)
{
    static const char *const files[] = {"store.db", "store.db-wal", "store.db-shm",
                                        "raw.db",   "raw.db-wal",   "raw.db-shm"};
    char path[4200];

    if (!g_dir[0])
        return;
    for (size_t i = 0; i < MRX_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof(path), "%s/%s", g_dir, files[i]);
        remove(path);
    }
    if (rmdir(g_dir) != 0)
        fprintf(stderr, "bench: could not remove '%s'\n", g_dir);
    g_dir[0] = '\0';
}

static void die(const char *what, const struct mrx_err *err)
{
    if (err)
        fprintf(stderr, "bench: %s: %s: %s\n", what, err->field, err->msg);
    else
        fprintf(stderr, "bench: %s\n", what);
    exit(1); /* remove_dir runs at exit */
}

static void raw_die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "bench: raw sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

/* The filesystem holding `path` (longest mount point that prefixes it), for the record. */
static void describe_fs(const char *path, char *out, size_t size)
{
    FILE *f = fopen("/proc/self/mounts", "r");
    char line[1024], dev[256], mnt[512], type[64];
    size_t best = 0;

    snprintf(out, size, "filesystem unknown");
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        size_t n;
        if (sscanf(line, "%255s %511s %63s", dev, mnt, type) != 3)
            continue;
        n = strlen(mnt);
        if (strncmp(path, mnt, n) == 0 && (n == 1 || path[n] == '/' || path[n] == '\0') &&
            n >= best) {
            best = n;
            snprintf(out, size, "%s on %s", type, dev);
        }
    }
    fclose(f);
}

/* ==================== Figures ==================== */

struct figure {
    double *lat; /* seconds, one per operation */
    int n;
    double total; /* seconds spent inside the timed operations */
};

static void figure_init(struct figure *f, int cap)
{
    f->lat = xcalloc((size_t)cap, sizeof(*f->lat));
    f->n = 0;
    f->total = 0;
}

static void figure_add(struct figure *f, double seconds)
{
    f->lat[f->n++] = seconds;
    f->total += seconds;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest latency with at least p of them at or below it. */
static double percentile(const struct figure *f, double p)
{
    int k = (int)((double)f->n * p + 0.999999) - 1;
    return f->lat[k < 0 ? 0 : k >= f->n ? f->n - 1 : k];
}

static double rate(const struct figure *f)
{
    return (double)f->n / f->total;
}

/* One line: label, rate, p50 and p99 in `unit` (1e3: ms, 1e6: us). */
static void print_figure(const char *label, struct figure *f, const char *per, double unit,
                         const char *unit_name)
{
    qsort(f->lat, (size_t)f->n, sizeof(*f->lat), cmp_double);
    printf("  %-44s %9.0f %s  p50 %7.3f %s  p99 %7.3f %s\n", label, rate(f), per,
           percentile(f, 0.50) * unit, unit_name, percentile(f, 0.99) * unit, unit_name);
}

/* ==================== Raw SQLite: the reference ==================== */

struct raw {
    sqlite3 *db;
    sqlite3_stmt *begin, *insert, *commit, *range;
};

static sqlite3_stmt *raw_prepare(sqlite3 *db, const char *text)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(db, text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        raw_die(db, text);
    return st;
}

static void raw_exec(sqlite3 *db, const char *text)
{
    if (sqlite3_exec(db, text, NULL, NULL, NULL) != SQLITE_OK)
        raw_die(db, text);
}

/* The same settings as the store: WAL and a full sync at every commit. */
static void raw_open(struct raw *w, const char *path)
{
    if (sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        raw_die(w->db, path);
    raw_exec(w->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "CREATE TABLE w (patient INTEGER NOT NULL, date INTEGER NOT NULL, "
                    "pain INTEGER NOT NULL) STRICT;"
                    "CREATE TABLE h (patient INTEGER NOT NULL, date INTEGER NOT NULL, "
                    "pain INTEGER NOT NULL) STRICT;"
                    "CREATE INDEX h_cover ON h (patient, date, pain);");
    w->begin = raw_prepare(w->db, "BEGIN IMMEDIATE");
    w->insert = raw_prepare(w->db, "INSERT INTO w (patient, date, pain) VALUES (?, ?, ?)");
    w->commit = raw_prepare(w->db, "COMMIT");
    w->range = raw_prepare(w->db, "SELECT date, pain FROM h WHERE patient = ? AND date BETWEEN ? "
                                  "AND ?");
}

static void raw_close(struct raw *w)
{
    sqlite3_finalize(w->begin);
    sqlite3_finalize(w->insert);
    sqlite3_finalize(w->commit);
    sqlite3_finalize(w->range);
    if (sqlite3_close(w->db) != SQLITE_OK)
        raw_die(w->db, "close");
}

static void raw_step_done(sqlite3 *db, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        raw_die(db, sqlite3_sql(st));
    sqlite3_reset(st);
}

static void raw_write(struct raw *w, int patient, long day, int pain)
{
    raw_step_done(w->db, w->begin);
    sqlite3_bind_int(w->insert, 1, patient);
    sqlite3_bind_int64(w->insert, 2, day);
    sqlite3_bind_int(w->insert, 3, pain);
    raw_step_done(w->db, w->insert);
    raw_step_done(w->db, w->commit);
}

/* The read side's table: as many rows per patient as the store's history. */
static void raw_fill_history(struct raw *w, int patients, long start, int days)
{
    sqlite3_stmt *ins = raw_prepare(w->db, "INSERT INTO h (patient, date, pain) VALUES (?, ?, ?)");

    raw_exec(w->db, "BEGIN");
    for (int p = 0; p < patients; p++)
        for (int d = 0; d < days; d++) {
            sqlite3_bind_int(ins, 1, p);
            sqlite3_bind_int64(ins, 2, start + d);
            sqlite3_bind_int(ins, 3, (p + d) % 11);
            raw_step_done(w->db, ins);
        }
    raw_exec(w->db, "COMMIT; ANALYZE;");
    sqlite3_finalize(ins);
}

/* How SQLite runs the range query, printed so that "covering" is checked, not assumed. */
static void raw_print_plan(struct raw *w)
{
    sqlite3_stmt *st;

    st = raw_prepare(w->db, "EXPLAIN QUERY PLAN SELECT date, pain FROM h WHERE patient = ? AND "
                            "date BETWEEN ? AND ?");
    while (sqlite3_step(st) == SQLITE_ROW)
        printf("  (raw query plan: %s)\n", (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
}

static long raw_read(struct raw *w, int patient, long from, long to)
{
    long sum = 0;
    int rc;

    sqlite3_bind_int(w->range, 1, patient);
    sqlite3_bind_int64(w->range, 2, from);
    sqlite3_bind_int64(w->range, 3, to);
    while ((rc = sqlite3_step(w->range)) == SQLITE_ROW)
        sum += sqlite3_column_int64(w->range, 0) + sqlite3_column_int(w->range, 1);
    if (rc != SQLITE_DONE)
        raw_die(w->db, "range query");
    sqlite3_reset(w->range);
    return sum;
}

/* ==================== The store ==================== */

struct bench {
    struct records r;
    json_t *intake, *feel, *get;
    long start;                 /* every intake's day */
    char (*ids)[STORE_ID_SIZE]; /* patients: the write side's, then the history side's */
    char org_id[STORE_ID_SIZE];
};

static void add_patient(struct bench *b, int i)
{
    struct mrx_err err;
    json_t *out = NULL;
    char name[64];

    snprintf(name, sizeof(name), "Bench patient %d", i + 1);
    if (store_begin(b->r.store, &err) || records_patient_add(&b->r, NULL, name, 1979, &out, &err))
        die("patient", &err);
    snprintf(b->ids[i], STORE_ID_SIZE, "%s", json_string_value(json_object_get(out, "id")));
    json_decref(out);
    if (records_intake(&b->r, b->ids[i], b->intake, b->start, false, &out, &err) ||
        store_commit(b->r.store, &err))
        die("intake", &err);
    if (json_is_null(json_object_get(out, "plan")))
        die("the example intake made no plan", NULL);
    json_decref(out);
}

/* A plausible check-in: pain easing over the weeks, some walking. */
static struct checkin_input checkin_for(const struct bench *b, int patient, int d)
{
    int pain = 5 - d / 21 + (patient + d) % 3 - 1;
    struct checkin_input in = {.day = b->start + d,
                               .pain = pain < 0 ? 0 : pain,
                               .next_morning_pain = pain < 1 ? 0 : pain - 1,
                               .walk_minutes = 10 + (d % 4) * 5,
                               .stiffness = CHECKIN_NONE,
                               .sleep = CHECKIN_NONE,
                               .steps = CHECKIN_NONE,
                               .feel_better = b->feel,
                               .get_better = b->get};
    return in;
}

/* One durable check-in as the command line records it; returns the decisions it made. */
static size_t store_write(struct bench *b, int patient, int d)
{
    struct checkin_input in = checkin_for(b, patient, d);
    struct mrx_err err;
    json_t *out = NULL;
    size_t n;

    if (store_begin(b->r.store, &err))
        die("begin", &err);
    if (records_checkin(&b->r, b->ids[patient], &in, &out, &err) || store_commit(b->r.store, &err))
        die("check-in", &err);
    n = json_array_size(json_object_get(out, "decisions"));
    json_decref(out);
    return n;
}

/* history_days of check-ins, and sessions on five days of each week, in one transaction:
 * this is set-up, not measured. */
static void give_history(struct bench *b, int patient, int days, int *n_sessions)
{
    struct mrx_err err;
    json_t *out = NULL;

    if (store_begin(b->r.store, &err))
        die("begin", &err);
    for (int d = 0; d < days; d++) {
        struct checkin_input ci = checkin_for(b, patient, d);
        if (d % 7 < 5) {
            struct session_input si = {
                .day = b->start + d, .pain_during = ci.pain, .difficulty = DIFFICULTY_RIGHT};
            if (records_log(&b->r, b->ids[patient], &si, &out, &err))
                die("session", &err);
            json_decref(out);
            (*n_sessions)++;
        }
        if (records_checkin(&b->r, b->ids[patient], &ci, &out, &err))
            die("history check-in", &err);
        json_decref(out);
    }
    if (store_commit(b->r.store, &err))
        die("commit", &err);
}

struct read_acc {
    long sum;
    int rows;
};

static int take_checkin(const struct checkin_rec *c, void *arg)
{
    struct read_acc *a = arg;
    a->sum += c->day + c->pain;
    a->rows++;
    return MRX_OK;
}

static int take_session(const struct session_rec *s, void *arg)
{
    struct read_acc *a = arg;
    a->sum += s->day + s->pain_during;
    a->rows++;
    return MRX_OK;
}

/* The last 28 days of a patient's current episode, in one read transaction. The interface
 * has only one kind of transaction (BEGIN IMMEDIATE); rollback ends it without a sync. */
static void store_read(struct bench *b, const char *patient_id, long to, struct read_acc *acc)
{
    struct episode_rec ep;
    struct mrx_err err;

    if (store_begin(b->r.store, &err) ||
        store_episode_current(b->r.store, b->org_id, patient_id, &ep, &err) ||
        store_checkins_each(b->r.store, ep.org_id, ep.id, to - (WINDOW_DAYS - 1), to, take_checkin,
                            acc, &err) ||
        store_sessions_each(b->r.store, ep.org_id, ep.id, to - (WINDOW_DAYS - 1), to, take_session,
                            acc, &err))
        die("history read", &err);
    store_rollback(b->r.store);
}

/* ==================== The run ==================== */

static void make_dir(const char *parent)
{
    char cwd[2048], fs[512];

    if (parent[0] == '/')
        snprintf(g_dir, sizeof(g_dir), "%s/bench-store-XXXXXX", parent);
    else if (getcwd(cwd, sizeof(cwd)))
        snprintf(g_dir, sizeof(g_dir), "%s/%s%sbench-store-XXXXXX", cwd,
                 strcmp(parent, ".") == 0 ? "" : parent, strcmp(parent, ".") == 0 ? "" : "/");
    else
        die("cannot find the working directory", NULL);
    if (!mkdtemp(g_dir)) {
        fprintf(stderr, "bench: cannot create a directory under '%s'\n", parent);
        g_dir[0] = '\0';
        exit(1);
    }
    atexit(remove_dir);
    describe_fs(g_dir, fs, sizeof(fs));
    printf("directory: %s (%s)\n", g_dir, fs);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_store [--quick] [--dir PARENT]\n");
    exit(2);
}

/* Durable check-ins to patients [first, first + n) on days [d0, d1), each day's block beside
 * as many raw commits. Returns the decisions the engine made. */
static size_t write_phase(struct bench *b, struct raw *raw, int first, int n, int d0, int d1,
                          struct figure *f_raw, struct figure *f_store)
{
    size_t decisions = 0;

    for (int d = d0; d < d1; d++) {
        for (int p = 0; p < n; p++) {
            double s = now();
            raw_write(raw, first + p, b->start + d, 4);
            figure_add(f_raw, now() - s);
        }
        for (int p = 0; p < n; p++) {
            double s = now();
            decisions += store_write(b, first + p, d);
            figure_add(f_store, now() - s);
        }
    }
    return decisions;
}

int main(int argc, char **argv)
{
    const struct sizes *z = &full_run;
    const char *parent = ".";
    char path[4200], stamp[STORE_TS_SIZE], label[64];
    struct data_set data;
    struct mrx_err err;
    struct bench b = {0};
    struct raw raw = {0};
    struct org_rec org;
    struct figure fw_raw, fw_early, fw_late, fr_raw, fr_store, fp;
    struct read_acc acc = {0, 0};
    json_error_t jerr;
    time_t t = time(NULL);
    struct tm tm;
    size_t dec_early, dec_late;
    int n_sessions = 0, n_total, n_writes, days;
    long raw_sum = 0, last;
    uint64_t seed;
    double t0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            z = &quick_run;
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
            parent = argv[++i];
        else
            usage();
    }
    n_total = z->patients + z->history_patients;
    n_writes = z->patients * z->write_days + z->history_patients * z->late_days;
    days = z->history_days + z->late_days; /* of each history patient, at the end */
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (datadir_load_all(datadir_resolve(NULL), &data, &err))
        die("data", &err);
    b.intake = json_load_file(MOVERX_SOURCE_DIR "/examples/intake.json", 0, &jerr);
    if (!b.intake) {
        fprintf(stderr, "bench: %s: %s\n", jerr.source, jerr.text);
        return 1;
    }
    b.feel = json_pack("[s]", "heat");
    b.get = json_pack("[ss]", "walking", "exercise");
    date_parse("2025-01-06", &b.start);
    b.ids = xcalloc((size_t)n_total, sizeof(*b.ids));

    printf("moverx store benchmark (SQLite %s, WAL, synchronous=FULL)%s\n", sqlite3_libversion(),
           z == &quick_run ? " --quick" : "");
    make_dir(parent);
    snprintf(path, sizeof(path), "%s/store.db", g_dir);
    if (store_open(path, STORE_OPEN_CREATE, stamp, &b.r.store, &err))
        die("store", &err);
    b.r.data = &data;
    b.r.now = stamp;
    b.r.actor = "cli:bench";
    b.r.origin = "cli";
    if (store_org_default(b.r.store, &org, &err))
        die("organization", &err);
    snprintf(b.org_id, sizeof(b.org_id), "%s", org.id);
    snprintf(path, sizeof(path), "%s/raw.db", g_dir);
    raw_open(&raw, path);

    t0 = now();
    for (int i = 0; i < n_total; i++)
        add_patient(&b, i);
    printf("set-up: %d patients, each with the example intake and its first plan (%.1f s)\n",
           n_total, now() - t0);
    t0 = now();
    for (int p = z->patients; p < n_total; p++)
        give_history(&b, p, z->history_days, &n_sessions);
    printf("set-up: %d of them given %d days: %d check-ins and %d sessions, one transaction a "
           "patient (%.1f s)\n\n",
           z->history_patients, z->history_days, z->history_patients * z->history_days, n_sessions,
           now() - t0);

    /* (1) Durable writes. The engine reads the whole episode at each one, so they are timed
     * early in the program and again after the 12 weeks. */
    figure_init(&fw_raw, n_writes);
    figure_init(&fw_early, z->patients * z->write_days);
    figure_init(&fw_late, z->history_patients * z->late_days);
    dec_early = write_phase(&b, &raw, 0, z->patients, 0, z->write_days, &fw_raw, &fw_early);
    dec_late = write_phase(&b, &raw, z->patients, z->history_patients, z->history_days, days,
                           &fw_raw, &fw_late);
    printf("durable check-ins, one transaction each: %d\n", n_writes);
    print_figure("raw SQLite: BEGIN IMMEDIATE; INSERT; COMMIT", &fw_raw, "writes/s", 1e3, "ms");
    snprintf(label, sizeof(label), "store: records_checkin, days 1-%d", z->write_days);
    print_figure(label, &fw_early, "writes/s", 1e3, "ms");
    snprintf(label, sizeof(label), "store: records_checkin, days %d-%d", z->history_days + 1, days);
    print_figure(label, &fw_late, "writes/s", 1e3, "ms");
    printf("  store / raw: %.2f early, %.2f late  (engine decisions per check-in: %.2f, %.2f)\n\n",
           rate(&fw_early) / rate(&fw_raw), rate(&fw_late) / rate(&fw_raw),
           (double)dec_early / fw_early.n, (double)dec_late / fw_late.n);

    /* (2) History reads over the patients with 12 weeks and more; the raw table holds as many
     * rows per patient. Both sides read the same patients in the same order. */
    raw_fill_history(&raw, z->history_patients, b.start, days);
    last = b.start + days - 1;
    printf("28-day history reads: %d, of %d patients with %d days each\n", z->reads,
           z->history_patients, days);
    raw_print_plan(&raw);
    figure_init(&fr_raw, z->reads);
    figure_init(&fr_store, z->reads);
    for (int blk = 0; blk < BLOCKS; blk++) {
        int n = z->reads / BLOCKS + (blk < z->reads % BLOCKS);
        seed = 0x9e3779b97f4a7c15u + (uint64_t)blk;
        for (int i = 0; i < n; i++) {
            int p = (int)(next_rand(&seed) % (uint64_t)z->history_patients);
            double s = now();
            raw_sum += raw_read(&raw, p, last - (WINDOW_DAYS - 1), last);
            figure_add(&fr_raw, now() - s);
        }
        seed = 0x9e3779b97f4a7c15u + (uint64_t)blk;
        for (int i = 0; i < n; i++) {
            int p = (int)(next_rand(&seed) % (uint64_t)z->history_patients);
            double s = now();
            store_read(&b, b.ids[z->patients + p], last, &acc);
            figure_add(&fr_store, now() - s);
        }
    }
    print_figure("raw SQLite: covering-index range, 28 rows", &fr_raw, "reads/s ", 1e6, "us");
    print_figure("store: episode, check-ins, sessions", &fr_store, "reads/s ", 1e6, "us");
    printf("  store / raw: %.2f  (store rows per read: %.1f; checksums %ld, %ld)\n\n",
           rate(&fr_store) / rate(&fr_raw), (double)acc.rows / fr_store.n, raw_sum, acc.sum);

    /* (3) The whole progress view, as `moverx progress` runs it: its audit event commits. */
    figure_init(&fp, z->progress_reads);
    seed = 42;
    for (int i = 0; i < z->progress_reads; i++) {
        int p = z->patients + (int)(next_rand(&seed) % (uint64_t)z->history_patients);
        json_t *out = NULL;
        double s = now();
        if (store_begin(b.r.store, &err) || records_progress(&b.r, b.ids[p], last, &out, &err) ||
            store_commit(b.r.store, &err))
            die("progress", &err);
        figure_add(&fp, now() - s);
        json_decref(out);
    }
    printf("progress views: %d, of the same patients\n", z->progress_reads);
    print_figure("store: begin; records_progress; commit", &fp, "views/s ", 1e3, "ms");
    printf("\npeak resident memory %47ld KiB\n", peak_rss_kb());

    free(fw_raw.lat);
    free(fw_early.lat);
    free(fw_late.lat);
    free(fr_raw.lat);
    free(fr_store.lat);
    free(fp.lat);
    raw_close(&raw);
    store_close(b.r.store);
    free(b.ids);
    json_decref(b.intake);
    json_decref(b.feel);
    json_decref(b.get);
    datadir_release_all(&data);
    return 0;
}
