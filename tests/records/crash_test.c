/*
 * crash_test.c: the store survives a writer killed at any point (issue: "a
 * crash test that SIGKILLs writers at random points at least 20 times and
 * then checks that every acknowledged write is present and PRAGMA
 * integrity_check is ok").
 *
 * Each round runs `moverx checkin` and `moverx log` for successive dates,
 * one after another, and SIGKILLs one of them after a random delay (see
 * crash_round). A write that exited 0 with its JSON is acknowledged and must
 * stay in the store with its exact values; the killed one may be there or
 * not, but never in part. After every round the store must pass
 * integrity_check and foreign_key_check and still serve `moverx today`.
 *
 * MOVERX_CRASH_SEED=N repeats a run's random choices (the timing still varies).
 */
#include "compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/date.h"
#include "common/xalloc.h"
#include "core/simulate/rng.h"
#include "store/store.h"

extern char **environ;

#define MIN_ROUNDS 25
#define MIN_KILLS 20 /* kills that found the writer still running */
#define MAX_ROUNDS 200
#define MIN_OPEN_KILLS 10 /* kills of a writer that had the store open */
#define MIN_ACKED 5       /* with fewer acknowledged writes the test proves little */
#define WRITES_PER_ROUND 4
#define MAX_WRITES (MAX_ROUNDS * WRITES_PER_ROUND)
/* Delays from a round's start reach 2.5 writers' time, so most rounds kill one. */
#define KILL_SPAN 2.5
/* Delays from a writer opening the store reach a little past its closing. */
#define STORE_SPAN 1.2
#define CHILD_TIMEOUT_MS 30000.0
#define START_DATE "2026-01-05"

enum kind { CHECKIN, SESSION };

/* A check-in (pain, next-morning pain) or a session (pain during; next_pain -1). */
struct write {
    long day;
    enum kind kind;
    int pain, next_pain;
};

struct crash {
    char dir[256], db[300], out[300], err[300];
    char patient[64];
    struct rng rng;
    long start_day;
    int next;        /* the next write: day start_day + next / 2, the check-in first */
    double write_ms; /* a writer's usual wall time, which scales the kill delay */
    double store_ms; /* how long a writer usually has the store open */
    /* Acknowledged writes, and killed ones found complete: all must stay. */
    struct write stored[MAX_WRITES];
    int n_stored, acked, rounds, kills, open_kills, kept, lost;
};

/* The argument vector of one write, with the strings it points to. */
struct write_cmd {
    char date[16], pain[8], next_pain[8];
    const char *argv[16];
};

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Says why the test fails; returns -1 for the caller to pass up. */
static int fail(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "store_crash: FAIL: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Sleeps for ms (under a second). */
static void nap(double ms)
{
    struct timespec ts = {0, (long)(ms * 1e6)};

    nanosleep(&ts, NULL);
}

/* The whole file as a string the caller frees ("" when it cannot be read). */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0, cap = 4096, got;
    char *buf = xmalloc(cap);

    while (f && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    if (f)
        fclose(f);
    buf[n] = '\0';
    return buf;
}

static int exit_code(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Fails naming the command, its exit code and what it wrote on stderr. */
static int fail_cmd(const struct crash *c, const char *const argv[], int code, const char *what)
{
    char *err = read_text(c->err);

    fprintf(stderr, "store_crash: FAIL: moverx");
    for (int i = 1; argv[i]; i++)
        fprintf(stderr, " %s", argv[i]);
    fprintf(stderr, ": exit %d, %s\n%s", code, what, err);
    free(err);
    return -1;
}

/* ==================== Children ==================== */

/* Starts MOVERX_BIN with argv (argv[0] included); its output goes to files. */
static int spawn(const struct crash *c, const char *const argv[], pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    int out = open(c->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(c->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = out < 0 || err < 0 ? errno : 0;

    if (!rc) {
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, out, 1);
        posix_spawn_file_actions_adddup2(&fa, err, 2);
        /* posix_spawn takes char *const[]; it never writes to the strings. */
        rc = posix_spawn(pid, MOVERX_BIN, &fa, NULL, (char *const *)argv, environ);
        posix_spawn_file_actions_destroy(&fa);
    }
    if (out >= 0)
        close(out);
    if (err >= 0)
        close(err);
    return rc ? fail("cannot run %s %s: %s", MOVERX_BIN, argv[1], strerror(rc)) : 0;
}

/* When to kill a child, and what was seen of it. */
struct watch {
    double kill_at;    /* SIGKILL at this now_ms() time, */
    double after_open; /* or this many ms after its store opens (< 0: not) */
    double opened;     /* when the store's WAL file appeared (< 0: not seen) */
    double closed;     /* when it went again, or the child ended (< 0: not seen) */
    bool killed;       /* the signal found the child running */
};

static bool wal_exists(const struct crash *c)
{
    char wal[320];
    struct stat st;

    snprintf(wal, sizeof(wal), "%s-wal", c->db);
    return stat(wal, &st) == 0;
}

/*
 * The WAL file appears when a writer opens the store and goes when the last
 * connection closes; the children run one at a time, so it is the child's.
 */
static void watch_wal(const struct crash *c, struct watch *wt, double now)
{
    bool wal = wal_exists(c);

    if (wal && wt->opened < 0) {
        wt->opened = now;
        if (wt->after_open >= 0 && now + wt->after_open < wt->kill_at)
            wt->kill_at = now + wt->after_open;
    } else if (!wal && wt->opened >= 0 && wt->closed < 0) {
        wt->closed = now;
    }
}

/* Waits for the child, SIGKILLing it at wt->kill_at. */
static int wait_child(const struct crash *c, pid_t pid, struct watch *wt, int *status)
{
    wt->opened = wt->closed = -1;
    wt->killed = false;
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        double now = now_ms();
        if (r == pid) {
            if (wt->opened >= 0 && wt->closed < 0)
                wt->closed = now;
            return 0;
        }
        if (r < 0 && errno != EINTR)
            return fail("waitpid: %s", strerror(errno));
        watch_wal(c, wt, now);
        if (now >= wt->kill_at)
            break;
        nap(0.1);
    }
    kill(pid, SIGKILL);
    if (waitpid(pid, status, 0) != pid)
        return fail("waitpid after SIGKILL: %s", strerror(errno));
    /* It may have exited on its own just before the signal. */
    wt->killed = WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL;
    return 0;
}

/* The command's output as a JSON object, or NULL. */
static json_t *parse_object(const char *text)
{
    json_t *doc = json_loads(text, 0, NULL);

    if (doc && !json_is_object(doc)) {
        json_decref(doc);
        doc = NULL;
    }
    return doc;
}

/* Runs a command to its end, or fails when it is still running at its deadline. */
static int run(const struct crash *c, const char *const argv[], struct watch *wt, int *status)
{
    pid_t pid;

    wt->kill_at = now_ms() + CHILD_TIMEOUT_MS;
    wt->after_open = -1;
    if (spawn(c, argv, &pid) || wait_child(c, pid, wt, status))
        return -1;
    return wt->killed ? fail_cmd(c, argv, 128 + SIGKILL, "still running after its deadline") : 0;
}

/* Runs a command that must exit 0 with a JSON object on stdout, into *doc. */
static int run_json(const struct crash *c, const char *const argv[], struct watch *wt, json_t **doc)
{
    int status;
    char *out;

    *doc = NULL;
    if (run(c, argv, wt, &status))
        return -1;
    out = read_text(c->out);
    *doc = exit_code(status) == 0 ? parse_object(out) : NULL;
    free(out);
    return *doc ? 0 : fail_cmd(c, argv, exit_code(status), "should print a JSON object");
}

/* ==================== The store, read directly ==================== */

static int fail_db(sqlite3 *db, const char *sql)
{
    return fail("%s: %s", sql, sqlite3_errmsg(db));
}

static int db_open(const struct crash *c, sqlite3 **db)
{
    /* Read-only: the check must not repair what a crash left behind. */
    if (sqlite3_open_v2(c->db, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fail("cannot open %s: %s", c->db, sqlite3_errmsg(*db));
        sqlite3_close(*db);
        return -1;
    }
    sqlite3_busy_timeout(*db, 5000);
    return 0;
}

/* `sql` must give exactly one row `want`, or (want NULL) no row at all. */
static int check_rows(sqlite3 *db, const char *sql, const char *want)
{
    sqlite3_stmt *st;
    int rc, rows = 0;
    bool bad = false;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail_db(db, sql);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 0);
        if (!want || ++rows > 1 || !text || strcmp(text, want) != 0) {
            bad = true;
            fprintf(stderr, "store_crash: %s: %s\n", sql, text ? text : "NULL");
        }
    }
    if (rc != SQLITE_DONE) {
        fail_db(db, sql);
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (bad || (want && rows != 1))
        return fail("%s: expected %s", sql, want ? want : "no rows");
    return 0;
}

/* The stored write of w's day and kind into *got (*found false when there is none). */
static int lookup(sqlite3 *db, const struct write *w, bool *found, struct write *got)
{
    static const char *const sql[] = {
        [CHECKIN] = "SELECT pain, next_morning_pain FROM checkins WHERE date = ?",
        [SESSION] = "SELECT pain_during, NULL FROM sessions WHERE date = ?"};
    sqlite3_stmt *st;
    char date[16];
    int rc, rows = 0;

    date_format(w->day, date, sizeof(date));
    if (sqlite3_prepare_v2(db, sql[w->kind], -1, &st, NULL) != SQLITE_OK)
        return fail_db(db, sql[w->kind]);
    sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
    *got = *w;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        got->pain = sqlite3_column_int(st, 0);
        got->next_pain =
            sqlite3_column_type(st, 1) == SQLITE_NULL ? CHECKIN_NONE : sqlite3_column_int(st, 1);
    }
    if (rc != SQLITE_DONE) {
        fail_db(db, sql[w->kind]);
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (rows > 1)
        return fail("%d rows for %s on %s (one patient, one episode)", rows, sql[w->kind], date);
    *found = rows == 1;
    return 0;
}

static bool same_values(const struct write *a, const struct write *b)
{
    return a->pain == b->pain && a->next_pain == b->next_pain;
}

static int fail_write(const struct write *w, const char *what, const struct write *got)
{
    char date[16];

    date_format(w->day, date, sizeof(date));
    return fail("%s of %s (pain %d, next %d) %s (stored: pain %d, next %d)",
                w->kind == CHECKIN ? "check-in" : "session", date, w->pain, w->next_pain, what,
                got ? got->pain : -1, got ? got->next_pain : -1);
}

/* Every write that must stay is there, with its exact values. */
static int check_stored(const struct crash *c, sqlite3 *db)
{
    for (int i = 0; i < c->n_stored; i++) {
        const struct write *w = &c->stored[i];
        struct write got;
        bool found;
        if (lookup(db, w, &found, &got))
            return -1;
        if (!found)
            return fail_write(w, "was acknowledged but is missing", NULL);
        if (!same_values(w, &got))
            return fail_write(w, "is stored with other values", &got);
    }
    return 0;
}

/* Each entry and its audit event are one transaction: the counts agree. */
#define AUDIT_MATCHES                                                                              \
    "SELECT (SELECT count(*) FROM checkins) = (SELECT count(*) FROM audit_events WHERE action = "  \
    "'checkin.create') AND (SELECT count(*) FROM sessions) = (SELECT count(*) FROM audit_events "  \
    "WHERE action = 'session.create')"

/* ==================== Rounds ==================== */

/* The next write of the stream, with new random values. */
static struct write next_write(struct crash *c)
{
    struct write w = {c->start_day + c->next / 2, c->next % 2 ? SESSION : CHECKIN, 0, CHECKIN_NONE};

    w.pain = (int)(rng_next(&c->rng) % 11);
    if (w.kind == CHECKIN)
        w.next_pain = (int)(rng_next(&c->rng) % 11);
    return w;
}

static void write_cmd_init(struct write_cmd *cmd, const struct crash *c, const struct write *w)
{
    const char **a = cmd->argv;

    date_format(w->day, cmd->date, sizeof(cmd->date));
    snprintf(cmd->pain, sizeof(cmd->pain), "%d", w->pain);
    snprintf(cmd->next_pain, sizeof(cmd->next_pain), "%d", w->next_pain);
    *a++ = MOVERX_BIN;
    *a++ = w->kind == CHECKIN ? "checkin" : "log";
    *a++ = c->patient;
    *a++ = "--db";
    *a++ = c->db;
    *a++ = "--date";
    *a++ = cmd->date;
    *a++ = w->kind == CHECKIN ? "--pain" : "--pain-during";
    *a++ = cmd->pain;
    if (w->kind == CHECKIN) {
        *a++ = "--next-morning-pain";
        *a++ = cmd->next_pain;
    }
    *a++ = "--json";
    *a = NULL;
}

/* w is in the store for good: later rounds check it and move to the next write. */
static int keep(struct crash *c, const struct write *w)
{
    if (c->n_stored == MAX_WRITES)
        return fail("more than %d writes", MAX_WRITES);
    c->stored[c->n_stored++] = *w;
    c->next++;
    return 0;
}

/* A write that ran to its end must have succeeded: it is acknowledged. */
static int acknowledge(struct crash *c, const struct write_cmd *cmd, const struct write *w,
                       int status)
{
    char *out = read_text(c->out);
    json_t *doc = exit_code(status) == 0 ? parse_object(out) : NULL;
    const char *recorded = json_string_value(json_object_get(doc, "recorded"));
    const char *date = json_string_value(json_object_get(doc, "date"));
    bool ok = recorded && date &&
              strcmp(recorded, w->kind == CHECKIN ? "checkin" : "session") == 0 &&
              strcmp(date, cmd->date) == 0;

    json_decref(doc);
    free(out);
    if (!ok)
        return fail_cmd(c, cmd->argv, exit_code(status), "should record the entry, as JSON");
    c->acked++;
    return keep(c, w);
}

/* A killed write may be in the store or not, but never in part. */
static int settle_killed(struct crash *c, const struct write *w, bool *opened, bool *kept)
{
    struct write got;
    sqlite3 *db;
    int rc;

    /* A WAL file left behind is the killed writer's: it had the store open. */
    if ((*opened = wal_exists(c)))
        c->open_kills++;
    if (db_open(c, &db))
        return -1;
    rc = lookup(db, w, kept, &got);
    sqlite3_close(db);
    if (rc)
        return -1;
    c->kills++;
    if (!*kept) {
        c->lost++; /* c->next stays: the next round tries that date again */
        return 0;
    }
    if (!same_values(w, &got))
        return fail_write(w, "was killed and is stored with other values", &got);
    c->kept++;
    return keep(c, w);
}

static void say_round(const struct crash *c, bool in_store, double delay,
                      const struct write_cmd *killed, bool opened, bool kept)
{
    printf("round %d: kill %.1f ms after %s: ", c->rounds, delay,
           in_store ? "the store opens" : "the round starts");
    if (!killed)
        printf("no writer running\n");
    else
        printf("%s %s killed %s, %s\n", killed->argv[1], killed->date,
               opened ? "with the store open"
               : kept ? "after closing the store"
                      : "before opening the store",
               kept ? "stored" : "not stored");
}

/* A finished writer's times set where the next kills can land. */
static void learn(struct crash *c, const struct watch *wt, double start)
{
    c->write_ms = 0.8 * c->write_ms + 0.2 * (now_ms() - start);
    if (wt->opened >= 0 && wt->closed >= 0)
        c->store_ms = 0.8 * c->store_ms + 0.2 * (wt->closed - wt->opened);
}

/*
 * One round: writes one after another, and a SIGKILL. A kill at a random
 * time from the round's start mostly finds a writer loading its data or in
 * the sanitizers' exit checks, with the store closed; so two rounds in three
 * pick a writer and kill it a random time after it opens the store: in its
 * transaction, its commit or the checkpoint as it closes.
 */
static int crash_round(struct crash *c)
{
    bool in_store = rng_uniform(&c->rng) < 2.0 / 3.0;
    int victim = in_store ? (int)(rng_next(&c->rng) % (WRITES_PER_ROUND - 1)) : -1;
    double delay =
        rng_uniform(&c->rng) * (in_store ? STORE_SPAN * c->store_ms : KILL_SPAN * c->write_ms);
    double round_kill = now_ms() + delay;

    for (int i = 0; i < WRITES_PER_ROUND; i++) {
        struct write w = next_write(c);
        struct write_cmd cmd;
        double start = now_ms();
        struct watch wt = {in_store ? start + CHILD_TIMEOUT_MS : round_kill,
                           i == victim ? delay : -1, -1, -1, false};
        bool opened, kept;
        int status;
        pid_t pid;
        /* Past the kill time between two writers there is none to kill. */
        if (!in_store && start >= round_kill)
            break;
        write_cmd_init(&cmd, c, &w);
        if (spawn(c, cmd.argv, &pid) || wait_child(c, pid, &wt, &status))
            return -1;
        if (wt.killed && in_store && (i != victim || wt.opened < 0))
            return fail_cmd(c, cmd.argv, 128 + SIGKILL, "still running after its deadline");
        if (wt.killed) {
            if (settle_killed(c, &w, &opened, &kept))
                return -1;
            say_round(c, in_store, delay, &cmd, opened, kept);
            return 0;
        }
        learn(c, &wt, start);
        if (acknowledge(c, &cmd, &w, status))
            return -1;
    }
    say_round(c, in_store, delay, NULL, false, false);
    return 0;
}

/* The store after a crash: whole, consistent, with every stored write, usable. */
static int verify(const struct crash *c)
{
    char date[16];
    const char *today[] = {MOVERX_BIN, "today", c->patient, "--db", c->db,
                           "--date",   date,    "--json",   NULL};
    struct watch wt;
    json_t *doc;
    sqlite3 *db;
    int rc;

    if (db_open(c, &db))
        return -1;
    rc = check_rows(db, "PRAGMA integrity_check", "ok") ||
         check_rows(db, "PRAGMA foreign_key_check", NULL) || check_stored(c, db) ||
         check_rows(db, AUDIT_MATCHES, "1");
    sqlite3_close(db);
    if (rc)
        return -1;
    date_format(c->start_day + c->next / 2, date, sizeof(date));
    rc = run_json(c, today, &wt, &doc);
    json_decref(doc);
    return rc;
}

/* ==================== Setup ==================== */

static int make_dir(struct crash *c)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(c->dir, sizeof(c->dir), "%s/moverx-crash-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(c->dir))
        return fail("mkdtemp %s: %s", c->dir, strerror(errno));
    snprintf(c->db, sizeof(c->db), "%s/s.db", c->dir);
    snprintf(c->out, sizeof(c->out), "%s/stdout", c->dir);
    snprintf(c->err, sizeof(c->err), "%s/stderr", c->dir);
    return 0;
}

static int remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];

    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    return rmdir(dir) == 0 ? 0 : fail("cannot remove %s: %s", dir, strerror(errno));
}

/* A store with one patient whose program starts on START_DATE. */
static int setup(struct crash *c)
{
    const char *init[] = {MOVERX_BIN, "init", "--db", c->db, NULL};
    const char *add[] = {MOVERX_BIN, "patient",      "add",  "--db",   c->db, "--name",
                         "Crash",    "--birth-year", "1970", "--json", NULL};
    const char *intake[] = {
        MOVERX_BIN, "intake", c->patient, MOVERX_SOURCE_DIR "/examples/intake.json",
        "--db",     c->db,    "--date",   START_DATE,
        "--json",   NULL};
    struct watch wt;
    json_t *doc;
    const char *id;
    double start;
    int status;

    if (run(c, init, &wt, &status))
        return -1;
    if (exit_code(status) != 0)
        return fail_cmd(c, init, exit_code(status), "should create the store");
    if (run_json(c, add, &wt, &doc))
        return -1;
    id = json_string_value(json_object_get(doc, "id"));
    snprintf(c->patient, sizeof(c->patient), "%s", id ? id : "");
    json_decref(doc);
    if (!*c->patient)
        return fail("patient add: no \"id\" in its JSON");
    start = now_ms();
    if (run_json(c, intake, &wt, &doc))
        return -1;
    json_decref(doc);
    /* First guesses at a writer's times; finished writers refine them. */
    c->write_ms = now_ms() - start;
    c->store_ms = wt.opened >= 0 && wt.closed >= 0 ? wt.closed - wt.opened : c->write_ms / 4;
    date_parse(START_DATE, &c->start_day);
    return 0;
}

static int pick_seed(uint64_t *seed)
{
    const char *env = getenv("MOVERX_CRASH_SEED");
    char *end;

    if (!env || !*env) {
        *seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
        return 0;
    }
    errno = 0;
    *seed = strtoull(env, &end, 10);
    return errno || *end ? fail("MOVERX_CRASH_SEED must be a number, got '%s'", env) : 0;
}

static int crash_rounds(struct crash *c)
{
    while (c->rounds < MIN_ROUNDS || c->kills < MIN_KILLS || c->open_kills < MIN_OPEN_KILLS) {
        if (c->rounds == MAX_ROUNDS)
            return fail("%d rounds gave %d kills of a running writer (%d needed), %d of them with "
                        "the store open (%d needed)",
                        MAX_ROUNDS, c->kills, MIN_KILLS, c->open_kills, MIN_OPEN_KILLS);
        c->rounds++;
        if (crash_round(c) || verify(c))
            return -1;
    }
    if (c->acked < MIN_ACKED)
        return fail("only %d writes were acknowledged (at least %d needed)", c->acked, MIN_ACKED);
    return 0;
}

int main(void)
{
    static struct crash c;
    uint64_t seed;
    double start = now_ms();

    /* Progress lines and failures interleave in the order they happen. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (pick_seed(&seed) || make_dir(&c))
        return 1;
    rng_init(&c.rng, seed, 0);
    printf("store_crash: seed %" PRIu64 " (MOVERX_CRASH_SEED=%" PRIu64 " repeats it), store %s\n",
           seed, seed, c.db);
    if (setup(&c) || crash_rounds(&c)) {
        fprintf(stderr, "store_crash: the store is kept in %s\n", c.dir);
        return 1;
    }
    printf("store_crash: ok: %d rounds, %d kills of a running writer (%d with the store open; "
           "%d writes stored, %d not), %d acknowledged writes, %d stored writes checked after "
           "every round, %.1f s\n",
           c.rounds, c.kills, c.open_kills, c.kept, c.lost, c.acked, c.n_stored,
           (now_ms() - start) / 1000.0);
    return remove_dir(c.dir) ? 1 : 0;
}
