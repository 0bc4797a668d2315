/*
 * test_journey.c: the patient journey of CONTRACT.md "Local records" end to
 * end, run through the real moverx binary against a real SQLite store:
 *
 * - the journey: init, patient, intake, today, check-ins and sessions,
 *   progress, alerts, export (JSON and CSV), backup;
 * - two weeks of tolerated sessions produce an explained progression, and a
 *   painful session a regression;
 * - a failing command leaves the store exactly as it was: the same bytes on
 *   disk and the same rows (a logical dump through sqlite3);
 * - export, import, export gives the same document;
 * - follow-up questionnaires are scored as at the intake, with their change;
 * - red flags at a check-in stop or pause the program;
 * - the interactive intake asks the red-flag questions first.
 *
 * Every test has its own temporary directory (with the store in it), removed
 * at the end. Everything a test allocates is kept by its fixture and freed
 * at teardown, so that a failing assertion leaks nothing.
 */
#include "compat.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <setjmp.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/date.h"
#include "common/xalloc.h"

extern char **environ;

#define PATH_SIZE 1024
#define MAX_ARGS 40

/* The first day of every program in these tests. */
#define START "2026-01-05"

#define EXAMPLE_INTAKE MOVERX_SOURCE_DIR "/examples/intake.json"
#define NOT_JSON MOVERX_SOURCE_DIR "/tests/fixtures/not-json.txt"

/* A small intake (docs/intake.md) but for pain_now, to vary in bad-input cases. */
#define INTAKE_FIELDS                                                                              \
    "\"duration_weeks\":8,\"startback\":[0,0,0,0,0,0,0,0,0],"                                      \
    "\"availability\":{\"minutes_per_day\":20,\"days_per_week\":5}"

/* Fails the test with a message when `cond` does not hold. */
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail_msg(__VA_ARGS__);                                                                 \
    } while (0)

/* ==================== The fixture ==================== */

struct fixture {
    char dir[PATH_SIZE]; /* this test's temporary directory */
    char db[PATH_SIZE];  /* the store in it */
    void **mem;          /* freed at teardown */
    size_t n_mem;
    json_t **json; /* released at teardown */
    size_t n_json;
};

static void *keep(struct fixture *fx, void *p)
{
    fx->mem = xrealloc(fx->mem, (fx->n_mem + 1) * sizeof(*fx->mem));
    fx->mem[fx->n_mem++] = p;
    return p;
}

static json_t *keep_json(struct fixture *fx, json_t *j)
{
    fx->json = xrealloc(fx->json, (fx->n_json + 1) * sizeof(*fx->json));
    fx->json[fx->n_json++] = j;
    return j;
}

/* A path in the test's directory (kept by the fixture). */
static const char *path_in(struct fixture *fx, const char *name)
{
    char *p = keep(fx, xmalloc(PATH_SIZE));
    snprintf(p, PATH_SIZE, "%s/%s", fx->dir, name);
    return p;
}

static int setup(void **state)
{
    struct fixture *fx = xcalloc(1, sizeof(*fx));
    const char *tmp = getenv("TMPDIR");

    snprintf(fx->dir, sizeof(fx->dir), "%s/moverx-journey-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fx->dir)) {
        fprintf(stderr, "cannot make a temporary directory: %s\n", strerror(errno));
        free(fx);
        return -1;
    }
    snprintf(fx->db, sizeof(fx->db), "%s/store.db", fx->dir);
    *state = fx;
    return 0;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        char path[PATH_SIZE * 2];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (unlink(path) != 0)
            remove_tree(path);
    }
    closedir(d);
    rmdir(dir);
}

static int teardown(void **state)
{
    struct fixture *fx = *state;

    for (size_t i = 0; i < fx->n_json; i++)
        json_decref(fx->json[i]);
    for (size_t i = 0; i < fx->n_mem; i++)
        free(fx->mem[i]);
    free(fx->json);
    free(fx->mem);
    remove_tree(fx->dir);
    free(fx);
    return 0;
}

/* ==================== Text and files ==================== */

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_printf(struct buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof(small));
    buf_add(b, small, (size_t)n);
}

/* The whole file, NUL-terminated (kept by the fixture); NULL when it does not exist. */
static char *slurp(struct fixture *fx, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct buf b = {0};
    char chunk[8192];
    size_t got;

    *len = 0;
    if (!f) {
        CHECK(errno == ENOENT, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    buf_add(&b, "", 0);
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&b, chunk, got);
    fclose(f);
    *len = b.len;
    return keep(fx, b.p);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    CHECK(f != NULL, "cannot write %s: %s", path, strerror(errno));
    CHECK(fwrite(text, 1, strlen(text), f) == strlen(text), "cannot write %s", path);
    CHECK(fclose(f) == 0, "cannot write %s", path);
}

/* Writes a JSON document (consumed) to path. */
static void write_json_file(const char *path, json_t *doc)
{
    char *text = json_dumps(doc, 0);
    write_file(path, text);
    free(text);
    json_decref(doc);
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Where two byte strings first differ. */
static size_t first_difference(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t i = 0;
    while (i < a_len && i < b_len && a[i] == b[i])
        i++;
    return i;
}

/* "2026-01-05" plus n days (kept by the fixture). */
static const char *day_after(struct fixture *fx, const char *date, long n)
{
    char *out = keep(fx, xmalloc(16));
    long day;

    CHECK(date_parse(date, &day), "bad date in test: %s", date);
    date_format(day + n, out, 16);
    return out;
}

/* ==================== Running moverx ==================== */

struct run {
    const char *cmd; /* the command line, for messages */
    int status;      /* the exit status; 128 + the signal when killed */
    const char *out, *err;
    size_t out_len;
};

/*
 * Runs the real binary with these arguments (NULL-terminated), then
 * "--db DB" when db is not NULL, with `input` on standard input (none when
 * NULL). No shell: the arguments go to posix_spawn as they are.
 */
static const struct run *run_moverx(struct fixture *fx, const char *db, const char *input,
                                    const char *const *args)
{
    struct run *r = keep(fx, xcalloc(1, sizeof(*r)));
    const char *in_path = path_in(fx, ".stdin"), *out_path = path_in(fx, ".stdout"),
               *err_path = path_in(fx, ".stderr");
    char *argv[MAX_ARGS];
    struct buf cmd = {0};
    posix_spawn_file_actions_t fa;
    int n = 0, in_fd, out_fd, err_fd, wstatus, rc;
    size_t err_len;
    pid_t pid;

    argv[n++] = (char *)MOVERX_BIN;
    for (int i = 0; args[i]; i++) {
        assert_true(n < MAX_ARGS - 3);
        argv[n++] = (char *)args[i];
    }
    if (db) {
        argv[n++] = (char *)"--db";
        argv[n++] = (char *)db;
    }
    argv[n] = NULL;
    buf_add(&cmd, "moverx", 6);
    for (int i = 1; i < n; i++) {
        bool quote = !*argv[i] || strpbrk(argv[i], " ,'\"") != NULL;
        buf_add(&cmd, quote ? " '" : " ", quote ? 2 : 1);
        buf_add(&cmd, argv[i], strlen(argv[i]));
        buf_add(&cmd, "'", quote ? 1 : 0);
    }
    r->cmd = keep(fx, cmd.p);

    write_file(in_path, input ? input : "");
    in_fd = open(in_path, O_RDONLY);
    out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(in_fd >= 0 && out_fd >= 0 && err_fd >= 0, "cannot open the files for %s", r->cmd);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    rc = posix_spawn(&pid, MOVERX_BIN, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in_fd);
    close(out_fd);
    close(err_fd);
    CHECK(rc == 0, "cannot run %s: %s", MOVERX_BIN, strerror(rc));
    CHECK(waitpid(pid, &wstatus, 0) == pid, "waiting for %s failed", r->cmd);
    r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    r->out = slurp(fx, out_path, &r->out_len);
    r->err = slurp(fx, err_path, &err_len);
    CHECK(r->out && r->err, "%s: lost its output files", r->cmd);
    return r;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
/* moverx ARGS... --db <the test's store> */
#define MOVERX(fx, ...) run_moverx(fx, (fx)->db, NULL, ARGS(__VA_ARGS__))
/* moverx ARGS... --db DB */
#define MOVERX_DB(fx, db, ...) run_moverx(fx, db, NULL, ARGS(__VA_ARGS__))
/* moverx ARGS... --db <the test's store> < INPUT */
#define MOVERX_IN(fx, input, ...) run_moverx(fx, (fx)->db, input, ARGS(__VA_ARGS__))

/* ==================== What a run must show ==================== */

/* Success: exit 0, nothing on standard error. */
static void expect_ok(const struct run *r)
{
    CHECK(r->status == 0 && !r->err[0], "%s: expected exit 0 and no error, got exit %d\nstderr: %s",
          r->cmd, r->status, r->err);
}

/* Standard output as exactly one JSON object (CONTRACT.md), kept by the fixture. */
static json_t *stdout_json(struct fixture *fx, const struct run *r)
{
    json_error_t e;
    json_t *j = json_loads(r->out, 0, &e);

    CHECK(j != NULL, "%s: standard output is not one JSON document: %s (line %d)\n%s", r->cmd,
          e.text, e.line, r->out);
    keep_json(fx, j);
    CHECK(json_is_object(j), "%s: standard output is JSON but not an object:\n%s", r->cmd, r->out);
    return j;
}

/* A successful --json command's result. */
static json_t *json_of(struct fixture *fx, const struct run *r)
{
    expect_ok(r);
    return stdout_json(fx, r);
}

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Whether `text` holds `word` on its own (not glued to other letters). */
static bool names_word(const char *text, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = text; (p = strstr(p, word)) != NULL; p++) {
        bool starts = p == text || !is_word_char(p[-1]) || !is_word_char(word[0]);
        bool ends = !is_word_char(p[n]) || !is_word_char(word[n - 1]);
        if (starts && ends)
            return true;
    }
    return false;
}

/* Exactly one line on standard error, "moverx: <what>: <why>", naming `names`. */
static void expect_one_error_line(const struct run *r, const char *names)
{
    const char *nl = strchr(r->err, '\n');

    CHECK(nl && nl[1] == '\0', "%s: expected exactly one line on stderr, got:\n%s", r->cmd, r->err);
    CHECK(strncmp(r->err, "moverx: ", 8) == 0, "%s: the error line must start with 'moverx: ': %s",
          r->cmd, r->err);
    CHECK(names_word(r->err, names), "%s: the error line must name '%s': %s", r->cmd, names,
          r->err);
}

/* Bad input (CONTRACT.md): exit 2, nothing on standard output, one error line naming `names`. */
static void expect_bad_input(const struct run *r, const char *names)
{
    CHECK(r->status == 2, "%s: expected exit 2 (bad input), got %d\nstdout: %s\nstderr: %s", r->cmd,
          r->status, r->out, r->err);
    CHECK(r->out_len == 0, "%s: expected nothing on stdout, got:\n%s", r->cmd, r->out);
    expect_one_error_line(r, names);
}

/* ==================== The store, byte for byte and row by row ==================== */

static void dump_query(sqlite3 *db, struct buf *b, const char *sql)
{
    sqlite3_stmt *st;
    int rc;

    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "dump: %s: %s", sql,
          sqlite3_errmsg(db));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            int type = sqlite3_column_type(st, i); /* before any conversion */
            buf_add(b, "|", i ? 1 : 0);
            if (type == SQLITE_NULL) {
                buf_add(b, "NULL", 4);
            } else if (type == SQLITE_INTEGER) {
                buf_printf(b, "I%lld", (long long)sqlite3_column_int64(st, i));
            } else if (type == SQLITE_FLOAT) {
                buf_printf(b, "F%.17g", sqlite3_column_double(st, i));
            } else if (type == SQLITE_TEXT) {
                const char *text = (const char *)sqlite3_column_text(st, i);
                int len = sqlite3_column_bytes(st, i);
                buf_printf(b, "T%d:", len);
                buf_add(b, text, (size_t)len);
            } else {
                const unsigned char *blob = sqlite3_column_blob(st, i);
                int len = sqlite3_column_bytes(st, i);
                buf_printf(b, "B%d:", len);
                for (int k = 0; k < len; k++)
                    buf_printf(b, "%02x", blob[k]);
            }
        }
        buf_add(b, "\n", 1);
    }
    CHECK(rc == SQLITE_DONE, "dump: %s: %s", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

/* Every row of every table (tables by name, rows ordered by all their columns), and the schema. */
static char *logical_dump(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *tables, *probe;
    struct buf b = {0};
    int rc;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        fail_msg("cannot open %s with sqlite3", path);
    }
    buf_add(&b, "", 0);
    dump_query(db, &b, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                             -1, &tables, NULL) == SQLITE_OK,
          "dump: %s", sqlite3_errmsg(db));
    while ((rc = sqlite3_step(tables)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char *all = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
        struct buf sql = {0};
        int ncols;
        CHECK(sqlite3_prepare_v2(db, all, -1, &probe, NULL) == SQLITE_OK, "dump: %s: %s", all,
              sqlite3_errmsg(db));
        ncols = sqlite3_column_count(probe);
        sqlite3_finalize(probe);
        buf_add(&sql, all, strlen(all));
        for (int i = 1; i <= ncols; i++)
            buf_printf(&sql, "%s%d", i == 1 ? " ORDER BY " : ", ", i);
        sqlite3_free(all);
        buf_printf(&b, "== table %s\n", name);
        dump_query(db, &b, sql.p);
        free(sql.p);
    }
    CHECK(rc == SQLITE_DONE, "dump: %s", sqlite3_errmsg(db));
    sqlite3_finalize(tables);
    CHECK(sqlite3_close(db) == SQLITE_OK, "dump: cannot close %s", path);
    return b.p;
}

struct snapshot {
    const char *db, *wal; /* the bytes of the file and of its -wal (NULL: no -wal) */
    size_t db_len, wal_len;
    const char *dump;
};

/* The store's files and rows, taken between commands. */
static struct snapshot snapshot_of(struct fixture *fx, const char *db)
{
    struct snapshot s;
    char wal[PATH_SIZE + 8];

    snprintf(wal, sizeof(wal), "%s-wal", db);
    s.db = slurp(fx, db, &s.db_len);
    CHECK(s.db != NULL, "snapshot: there is no store at %s", db);
    s.wal = slurp(fx, wal, &s.wal_len);
    s.dump = keep(fx, logical_dump(db));
    return s;
}

static void expect_same_store(const struct snapshot *before, const struct snapshot *after,
                              const char *what)
{
    size_t at;

    if (strcmp(before->dump, after->dump) != 0) {
        at = first_difference(before->dump, strlen(before->dump), after->dump, strlen(after->dump));
        while (at > 0 && before->dump[at - 1] != '\n')
            at--;
        fail_msg("%s changed the rows of the store; first difference:\nbefore: %.400s\nafter:  "
                 "%.400s",
                 what, before->dump + at, after->dump + at);
    }
    at = first_difference(before->db, before->db_len, after->db, after->db_len);
    CHECK(before->db_len == after->db_len && at == before->db_len,
          "%s changed the bytes of the store file (%zu bytes before, %zu after, first difference "
          "at byte %zu)",
          what, before->db_len, after->db_len, at);
    CHECK((before->wal == NULL) == (after->wal == NULL), "%s %s the store's -wal file", what,
          before->wal ? "removed" : "created");
    CHECK(before->wal_len == after->wal_len &&
              (!before->wal || memcmp(before->wal, after->wal, before->wal_len) == 0),
          "%s changed the store's -wal file", what);
}

/*
 * Runs a command that must be refused as bad input on the store at `db` and
 * checks that it left the store exactly as it was.
 */
static const struct run *expect_refused(struct fixture *fx, const char *db, const char *names,
                                        const char *input, const char *const *args)
{
    struct snapshot before = snapshot_of(fx, db), after;
    const struct run *r = run_moverx(fx, db, input, args);

    expect_bad_input(r, names);
    after = snapshot_of(fx, db);
    expect_same_store(&before, &after, r->cmd);
    return r;
}

#define REFUSED(fx, names, ...) expect_refused(fx, (fx)->db, names, NULL, ARGS(__VA_ARGS__))

/* ==================== JSON ==================== */

static const char *str(const json_t *j, const char *key)
{
    return json_string_value(json_object_get(j, key));
}

/* The first object of a list whose `key` is the string `value`, or NULL. */
static json_t *find_by(const json_t *list, const char *key, const char *value)
{
    json_t *e;
    size_t k;

    json_array_foreach((json_t *)list, k, e)
    {
        if (str(e, key) && strcmp(str(e, key), value) == 0)
            return e;
    }
    return NULL;
}

static void expect_str(const json_t *j, const char *key, const char *want, const char *what)
{
    const char *got = str(j, key);
    CHECK(got && strcmp(got, want) == 0, "%s: expected \"%s\": \"%s\", got %s", what, key, want,
          got ? got : "(no such string)");
}

static void expect_nonempty_str(const json_t *j, const char *key, const char *what)
{
    const char *got = str(j, key);
    CHECK(got && *got, "%s: \"%s\" must be a non-empty string", what, key);
}

/* A non-empty array under key. */
static json_t *expect_list(const json_t *j, const char *key, const char *what)
{
    json_t *list = json_object_get(j, key);
    CHECK(json_is_array(list) && json_array_size(list) > 0, "%s: \"%s\" must be a non-empty list",
          what, key);
    return list;
}

/* Whether dose `now` asks for more than dose `before`: a field higher and none lower. */
static bool dose_higher(const json_t *now, const json_t *before)
{
    const char *key;
    json_t *v;
    bool higher = false;

    json_object_foreach((json_t *)now, key, v)
    {
        json_t *old = json_object_get(before, key);
        if (!json_is_number(v) || !json_is_number(old))
            continue;
        if (json_number_value(v) < json_number_value(old))
            return false;
        higher |= json_number_value(v) > json_number_value(old);
    }
    return higher;
}

/* ==================== The journey's steps ==================== */

static void init_store(struct fixture *fx, const char *db)
{
    json_t *j = json_of(fx, MOVERX_DB(fx, db, "init", "--json"));
    CHECK(json_is_true(json_object_get(j, "created")), "init of a new store must say created");
    CHECK(file_exists(db), "init did not create %s", db);
}

/* patient add -> the new patient's id. */
static const char *add_patient(struct fixture *fx, const char *name, const char *birth_year)
{
    json_t *j = json_of(
        fx, MOVERX(fx, "patient", "add", "--name", name, "--birth-year", birth_year, "--json"));
    expect_nonempty_str(j, "id", "patient add --json");
    return str(j, "id");
}

/* A store with one patient who has had the example intake on START. */
static const char *patient_with_intake(struct fixture *fx, json_t **intake_out)
{
    const char *p;
    json_t *intake;

    init_store(fx, fx->db);
    p = add_patient(fx, "Ann Example", "1980");
    intake = json_of(fx, MOVERX(fx, "intake", p, EXAMPLE_INTAKE, "--date", START, "--json"));
    CHECK(json_is_object(json_object_get(intake, "plan")), "the example intake must give a plan");
    if (intake_out)
        *intake_out = intake;
    return p;
}

/* A check-in and a session on `date`, both accepted. */
static void ordinary_day(struct fixture *fx, const char *p, const char *date, const char *pain,
                         const char *pain_during)
{
    json_of(fx, MOVERX(fx, "checkin", p, "--date", date, "--pain", pain, "--next-morning-pain",
                       pain, "--walk-minutes", "10", "--json"));
    json_of(fx, MOVERX(fx, "log", p, "--date", date, "--pain-during", pain_during, "--json"));
}

/* ==================== CSV (RFC 4180) ==================== */

#define CSV_FIELDS 7
#define CSV_HEADER "patient,episode,record,index,date,field,value\r\n"

struct csv_record {
    const char *f[CSV_FIELDS]; /* patient, episode, record, index, date, field, value */
};

struct csv {
    struct csv_record *rec; /* rec[0] is the header */
    size_t n;
    size_t quoted_with_comma, quoted_with_quote; /* quoted fields that needed it */
};

/*
 * Parses CSV strictly: every record ends in CRLF and has CSV_FIELDS fields;
 * a field is plain (no comma, quote, CR or LF) or quoted, with quotes
 * doubled. The fields are unquoted in a copy kept by the fixture.
 */
static void csv_parse(struct fixture *fx, const char *text, struct csv *out)
{
    char *buf = keep(fx, xstrdup(text)), *p = buf;
    size_t max = 1;

    for (const char *q = text; (q = strstr(q, "\r\n")) != NULL; q += 2)
        max++; /* a record ends in CRLF: there are no more records than CRLFs */
    memset(out, 0, sizeof(*out));
    out->rec = keep(fx, xcalloc(max, sizeof(*out->rec)));
    while (*p) {
        struct csv_record *rec = &out->rec[out->n];
        int nf = 0;
        char end;
        do {
            char *field = p, *w = p;
            if (*p == '"') {
                bool comma = false, quote = false;
                for (p++;; p++) {
                    CHECK(*p, "CSV: a quoted field is not closed (record %zu)", out->n + 1);
                    if (*p == '"' && p[1] == '"') {
                        quote = true;
                        p++;
                    } else if (*p == '"') {
                        p++;
                        break;
                    }
                    comma |= *p == ',';
                    *w++ = *p;
                }
                out->quoted_with_comma += comma;
                out->quoted_with_quote += quote;
            } else {
                while (*p && !strchr(",\"\r\n", *p))
                    p++;
                w = p;
                CHECK(*p != '"', "CSV: a quote inside a plain field (record %zu): %.80s",
                      out->n + 1, field);
            }
            end = *p;
            if (end == ',')
                p++;
            else if (end == '\r' && p[1] == '\n')
                p += 2;
            else
                fail_msg("CSV: record %zu: after a field comes 0x%02x, not a comma or CRLF: %.80s",
                         out->n + 1, (unsigned char)end, field);
            *w = '\0';
            CHECK(nf < CSV_FIELDS, "CSV: record %zu has more than %d fields", out->n + 1,
                  CSV_FIELDS);
            rec->f[nf++] = field;
        } while (end == ',');
        CHECK(nf == CSV_FIELDS, "CSV: record %zu has %d fields, not %d", out->n + 1, nf,
              CSV_FIELDS);
        out->n++;
    }
}

/* The value of the CSV row for this record, index and field, or NULL. */
static const char *csv_value(const struct csv *c, const char *record, const char *index,
                             const char *field)
{
    for (size_t i = 1; i < c->n; i++) {
        const char *const *f = c->rec[i].f;
        if (strcmp(f[2], record) == 0 && strcmp(f[3], index) == 0 && strcmp(f[5], field) == 0)
            return f[6];
    }
    return NULL;
}

/* How many entries of this kind of record the CSV holds (distinct episode and index). */
static size_t csv_entries(const struct csv *c, const char *record)
{
    size_t n = 0;

    for (size_t i = 1; i < c->n; i++) {
        bool seen = false;
        if (strcmp(c->rec[i].f[2], record) != 0)
            continue;
        for (size_t k = 1; k < i && !seen; k++)
            seen = strcmp(c->rec[k].f[2], record) == 0 &&
                   strcmp(c->rec[k].f[1], c->rec[i].f[1]) == 0 &&
                   strcmp(c->rec[k].f[3], c->rec[i].f[3]) == 0;
        n += !seen;
    }
    return n;
}

/* ==================== 1. The journey end to end ==================== */

static void journey_end_to_end(void **state)
{
    struct fixture *fx = *state;
    const char *p, *backup = path_in(fx, "backup.db");
    struct snapshot before, after;
    json_t *j, *plan, *today, *item, *progress, *list, *e;
    const struct run *r;
    struct csv csv;
    size_t k;

    /* init creates the store; running it again is a no-op. */
    init_store(fx, fx->db);
    before = snapshot_of(fx, fx->db);
    j = json_of(fx, MOVERX(fx, "init", "--json"));
    CHECK(json_is_false(json_object_get(j, "created")), "a second init must say created: false");
    after = snapshot_of(fx, fx->db);
    expect_same_store(&before, &after, "a second init");

    p = add_patient(fx, "Ann Example", "1980");

    /* The intake: triage and the first plan. */
    j = json_of(fx, MOVERX(fx, "intake", p, EXAMPLE_INTAKE, "--date", START, "--json"));
    CHECK(json_is_object(json_object_get(j, "triage")), "intake --json: no triage object");
    expect_nonempty_str(json_object_get(j, "triage"), "tier", "intake triage");
    plan = json_object_get(j, "plan");
    CHECK(json_is_object(plan), "intake --json: the example intake must give a plan");
    json_array_foreach(expect_list(plan, "items", "intake plan"), k, item)
    {
        expect_nonempty_str(item, "exercise", "intake plan item");
        CHECK(json_is_object(json_object_get(item, "dose")), "intake plan item without a dose");
    }

    /* Today on the first day. */
    today = json_of(fx, MOVERX(fx, "today", p, "--date", START, "--json"));
    expect_str(today, "date", START, "today");
    expect_str(today, "status", "active", "today");
    json_array_foreach(expect_list(today, "items", "today"), k, item)
    {
        expect_nonempty_str(item, "exercise", "today's item");
        CHECK(json_is_object(json_object_get(item, "dose")), "today's item without a dose");
    }
    /* the example intake takes the warm-pool route: a pool day has no walk */
    if (!find_by(json_object_get(today, "items"), "exercise", "water-walking")) {
        CHECK(json_is_object(json_object_get(today, "walking")),
              "today: \"walking\" must be an object");
        CHECK(json_is_integer(json_object_get(json_object_get(today, "walking"), "minutes")),
              "today: walking without minutes");
    }
    CHECK(json_is_object(json_object_get(today, "lesson")),
          "today: the first day has a lesson object");
    expect_nonempty_str(json_object_get(today, "lesson"), "title", "today's lesson");

    /* Four days of check-ins and sessions. */
    for (long d = 0; d < 4; d++) {
        const char *date = day_after(fx, START, d);
        j = json_of(fx, MOVERX(fx, "checkin", p, "--date", date, "--pain", "4",
                               "--next-morning-pain", "4", "--walk-minutes", "10", "--stiffness",
                               "5", "--sleep", "6", "--steps", "4000", "--feel-better", "heat,rest",
                               "--get-better", "walking,exercise", "--json"));
        expect_str(j, "recorded", "checkin", "checkin --json");
        j = json_of(fx, MOVERX(fx, "log", p, "--date", date, "--pain-during", "3", "--difficulty",
                               "right", "--note", "a bit stiff, then fine", "--json"));
        expect_str(j, "recorded", "session", "log --json");
    }

    /* Progress: pain over time, scores, adherence, plan changes. */
    progress = json_of(fx, MOVERX(fx, "progress", p, "--date", day_after(fx, START, 3), "--json"));
    list = expect_list(progress, "pain", "progress");
    CHECK(json_array_size(list) == 4, "progress: 4 check-ins give 4 pain entries, got %zu",
          json_array_size(list));
    e = json_array_get(list, 0);
    CHECK(json_integer_value(json_object_get(e, "stiffness")) == 5 &&
              json_integer_value(json_object_get(e, "sleep")) == 6 &&
              json_integer_value(json_object_get(e, "steps")) == 4000,
          "progress: a check-in keeps its stiffness, sleep and steps");
    json_array_foreach(list, k, e)
    {
        CHECK(str(e, "date") && json_is_integer(json_object_get(e, "pain")),
              "progress: a pain entry needs a date and a pain");
    }
    list = expect_list(progress, "scores", "progress");
    CHECK(find_by(list, "instrument", "odi"), "progress: no ODI score");
    CHECK(find_by(list, "instrument", "startback"), "progress: no STarT Back score");
    CHECK(find_by(list, "instrument", "psfs"), "progress: no PSFS score");
    CHECK(find_by(list, "instrument", "nprs"), "progress: no NPRS score");
    j = json_object_get(progress, "adherence");
    CHECK(json_is_object(j), "progress: \"adherence\" must be an object");
    CHECK(json_integer_value(json_object_get(j, "sessions")) == 4,
          "progress: adherence must count the 4 sessions");
    CHECK(json_is_number(json_object_get(j, "percent")), "progress: adherence without a percent");
    CHECK(json_is_array(json_object_get(progress, "plan_changes")),
          "progress: \"plan_changes\" must be a list");

    /* The intake's routine finding (one-leg symptoms) is an open alert. */
    j = json_of(fx, MOVERX(fx, "alerts", "--json"));
    e = find_by(expect_list(j, "alerts", "alerts"), "patient", p);
    CHECK(e != NULL, "alerts: the intake's routine red flag must raise an alert for the patient");
    expect_str(e, "tier", "routine", "the intake's alert");
    expect_nonempty_str(e, "reason", "the intake's alert");
    expect_nonempty_str(e, "evidence", "the intake's alert");

    /* Export as JSON: everything held about the patient. */
    j = json_of(fx, MOVERX(fx, "export", p, "--format", "json"));
    expect_str(j, "format", "moverx-export", "export");
    expect_str(json_object_get(j, "patient"), "id", p, "export");
    CHECK(json_array_size(json_object_get(j, "episodes")) == 1, "export: one episode");
    e = json_array_get(
        json_object_get(json_array_get(json_object_get(j, "episodes"), 0), "plan_versions"), 0);
    CHECK(str(e, "reason") && strchr(str(e, "reason"), ','),
          "export: the first plan's explanation should hold a comma (for the CSV check)");

    /* Export as CSV: RFC 4180, CRLF, quoted fields with quotes doubled. */
    r = MOVERX(fx, "export", p, "--format", "csv");
    expect_ok(r);
    CHECK(strncmp(r->out, CSV_HEADER, strlen(CSV_HEADER)) == 0,
          "export csv: the header line must be 'patient,episode,record,index,date,field,value' "
          "and end in CRLF, got: %.80s",
          r->out);
    csv_parse(fx, r->out, &csv);
    CHECK(csv.n > 10, "export csv: only %zu records", csv.n);
    CHECK(csv.quoted_with_comma > 0 && csv.quoted_with_quote > 0,
          "export csv: expected quoted fields holding commas and quotes");
    CHECK(csv_value(&csv, "plan_version", "0", "reason") &&
              strcmp(csv_value(&csv, "plan_version", "0", "reason"), str(e, "reason")) == 0,
          "export csv: the first plan's reason must read back as in the JSON export:\n%s",
          csv_value(&csv, "plan_version", "0", "reason"));
    {
        const char *text = csv_value(&csv, "plan_version", "0", "plan");
        json_t *plan_csv = text ? keep_json(fx, json_loads(text, 0, NULL)) : NULL;
        CHECK(plan_csv && json_equal(plan_csv, json_object_get(e, "plan")),
              "export csv: the first plan (a JSON value with quotes) must read back as in the "
              "JSON export");
    }

    /* backup FILE: a store of its own with the same patient and plan. */
    expect_ok(MOVERX(fx, "backup", backup));
    CHECK(file_exists(backup), "backup: %s was not written", backup);
    j = json_of(fx, MOVERX_DB(fx, backup, "today", p, "--date", START, "--json"));
    expect_str(j, "patient", p, "today on the backup");
    CHECK(json_equal(json_object_get(j, "items"), json_object_get(today, "items")),
          "today on the backup must show the same plan as on the store");
    REFUSED(fx, "FILE", "backup", backup); /* it never overwrites */
}

/* ==================== 2. Two weeks of tolerated sessions ==================== */

/* The care team reviews what the intake's triage raised (its alerts' tasks done);
 * returns how many it did. */
static int review_intake_flags(struct fixture *fx, const char *p)
{
    json_t *j = json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), *t;
    int n = 0;
    size_t k;

    json_array_foreach(json_object_get(j, "tasks"), k, t)
    {
        if (json_is_string(json_object_get(t, "alert")) && strcmp(str(t, "status"), "open") == 0) {
            json_of(fx, MOVERX(fx, "tasks", "done", str(t, "id"), "--note",
                               "Reviewed with the patient: stable, safety-netted.", "--json"));
            n++;
        }
    }
    return n;
}

/* --db and --json before the command work as after it (CONTRACT.md). */
static void global_options_before_the_command(void **state)
{
    struct fixture *fx = *state;
    const char *db = path_in(fx, "before.db");
    json_t *j = json_of(fx, MOVERX_DB(fx, NULL, "--db", db, "--json", "init"));

    CHECK(json_is_true(json_object_get(j, "created")), "init with --db before it");
    j = json_of(fx, MOVERX_DB(fx, NULL, "--json", "--db", db, "patient", "add", "--name", "Ann",
                              "--birth-year", "1980"));
    expect_nonempty_str(j, "id", "patient add with the options before it");
}

/* An engine alert is a task in the care team's words, not the patient's. */
static void an_engine_alert_is_a_task_for_the_care_team(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *tasks, *t, *found = NULL;
    size_t k;

    json_of(fx,
            MOVERX(fx, "checkin", p, "--date", day_after(fx, START, 6), "--pain", "4", "--json"));
    tasks = json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks");
    json_array_foreach(tasks, k, t) if (strcmp(str(t, "source"), "alert_inactivity") == 0) found =
        t;
    CHECK(found != NULL, "six quiet days: an inactivity alert, and its task");
    CHECK(found && strncmp(str(found, "title"), "Check in:", 9) == 0,
          "its title is the care team's: %s", found ? str(found, "title") : "");
}

/* A JSON value as text, kept until the test ends. */
static const char *json_dumps_tmp(struct fixture *fx, const json_t *j)
{
    return keep(fx, json_dumps(j, JSON_COMPACT));
}

/* The daily review (moverx review): a person who writes nothing raises the inactivity
 * alert and its task on its day; a second review of the same day does nothing; a day
 * already reviewed by an entry is not reviewed again. */
static void the_daily_review_finds_the_quiet(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *j, *progs, *tasks, *t;
    bool task = false;
    size_t k;

    /* run on day 4: reviews through day 3 (the day itself is still the person's to log) */
    j = json_of(fx, MOVERX(fx, "review", "--date", day_after(fx, START, 4), "--json"));
    CHECK(strcmp(str(j, "through"), day_after(fx, START, 3)) == 0, "through the day before");
    progs = json_object_get(j, "programs");
    CHECK(json_array_size(progs) == 1 &&
              json_is_true(json_object_get(json_array_get(progs, 0), "reviewed")),
          "the running program is reviewed");
    CHECK(json_array_size(json_object_get(json_array_get(progs, 0), "alerts")) == 0,
          "three quiet days are not yet inactivity");
    j = json_of(fx, MOVERX(fx, "review", "--date", day_after(fx, START, 7), "--json"));
    progs = json_object_get(j, "programs");
    CHECK(strstr(json_dumps_tmp(fx, progs), "alert_inactivity") != NULL,
          "six quiet days: the review raises the inactivity alert: %s", json_dumps_tmp(fx, progs));
    tasks = json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks");
    json_array_foreach(tasks, k, t) task |= strcmp(str(t, "source"), "alert_inactivity") == 0;
    CHECK(task, "and its task is on the care team's queue");
    j = json_of(fx, MOVERX(fx, "review", "--date", day_after(fx, START, 7), "--json"));
    CHECK(json_array_size(json_object_get(j, "programs")) == 0,
          "the same day again: nothing is due");
    /* the person writes on day 7; the next morning's review finds that day done */
    json_of(fx,
            MOVERX(fx, "checkin", p, "--date", day_after(fx, START, 7), "--pain", "4", "--json"));
    j = json_of(fx, MOVERX(fx, "review", "--date", day_after(fx, START, 8), "--json"));
    CHECK(json_array_size(json_object_get(j, "programs")) == 0, "a day an entry reviewed");
}

/* A session that hurt is answered at once (not "well done"): what happens next and what to
 * do; at 8 or more the care team hears, once while the alert is open; a session with
 * nothing done is refused, naming the items. */
static void a_painful_session_is_answered(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    const struct run *r;
    json_t *j, *tasks, *t;
    int told = 0;
    size_t k;

    j = json_of(fx, MOVERX(fx, "log", p, "--date", day_after(fx, START, 1), "--pain-during", "9",
                           "--json"));
    CHECK(strcmp(str(json_object_get(j, "advice"), "verdict"), "too_much") == 0 &&
              strstr(str(json_object_get(j, "advice"), "text"), "go back a step"),
          "pain 9: what happens next, in words");
    CHECK(strstr(json_dumps_tmp(fx, json_object_get(j, "alerts")), "alert_session_pain"),
          "and the care team hears: %s", json_dumps_tmp(fx, json_object_get(j, "alerts")));
    j = json_of(fx, MOVERX(fx, "log", p, "--date", day_after(fx, START, 2), "--pain-during", "9",
                           "--json"));
    CHECK(!strstr(json_dumps_tmp(fx, json_object_get(j, "alerts")), "alert_session_pain"),
          "once while it is open");
    tasks = json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks");
    json_array_foreach(tasks, k, t) told += strcmp(str(t, "source"), "alert_session_pain") == 0;
    CHECK(told == 1, "one task for the care team (%d)", told);
    j = json_of(fx, MOVERX(fx, "log", p, "--date", day_after(fx, START, 3), "--pain-during", "2",
                           "--json"));
    CHECK(!json_object_get(j, "advice"), "within the person's limits: nothing to add");
    r = MOVERX(fx, "log", p, "--date", day_after(fx, START, 4), "--pain-during", "2", "--item",
               "walking=no", "--json");
    CHECK(r->status == 2 && strstr(r->err, "--item:"),
          "nothing done is no session: exit 2 naming the items (%d: %s)", r->status, r->err);
}

/* The weekly review: sessions against the plan, walking, the pain trend, the feel-better
 * things beside the sessions, and streaks of whole weeks (START is a Monday). */
static void the_weekly_review_ties_the_week_together(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    const json_t *pain;
    json_t *j;
    const struct run *r;
    long planned;

    /* Week 1: a check-in every day at 5, heat on 3 of them; a session every day. */
    for (long d = 0; d < 7; d++) {
        const char *date = day_after(fx, START, d);
        json_of(fx, MOVERX(fx, "checkin", p, "--date", date, "--pain", "5", "--walk-minutes", "10",
                           "--feel-better", d < 3 ? "heat" : (d == 3 ? "bath" : ""), "--get-better",
                           "walking", "--json"));
        json_of(fx, MOVERX(fx, "log", p, "--date", date, "--pain-during", "3", "--json"));
    }
    j = json_of(fx, MOVERX(fx, "weekly", p, "--date", day_after(fx, START, 6), "--json"));
    expect_str(j, "week_start", START, "weekly");
    expect_str(j, "week_end", day_after(fx, START, 6), "weekly");
    CHECK(json_is_true(json_object_get(j, "complete")), "Sunday ends the week");
    planned = (long)json_integer_value(json_object_get(j, "sessions_planned"));
    CHECK(planned > 0 && planned <= 7, "the plan had days this week (%ld)", planned);
    CHECK(json_integer_value(json_object_get(j, "sessions_done")) == 7, "seven sessions");
    CHECK(json_integer_value(json_object_get(j, "walking_minutes")) == 70, "7 x 10 minutes");
    CHECK(strcmp(json_dumps_tmp(fx, json_object_get(j, "feel_better")), "[\"heat\",\"bath\"]") == 0,
          "heat (3 days) before bath (1): %s",
          json_dumps_tmp(fx, json_object_get(j, "feel_better")));
    CHECK(json_integer_value(json_object_get(json_object_get(j, "feel_better_days"), "heat")) == 3,
          "heat on 3 days");
    CHECK(json_integer_value(json_object_get(json_object_get(j, "get_better_days"), "walking")) ==
              7,
          "a walk every day");
    CHECK(strstr(str(j, "summary"), "You used heat or a warm bath on 4 days and still did 7 "
                                    "sessions") &&
              strstr(str(j, "summary"), "feel-better helping get-better"),
          "the sentence that ties them: %s", str(j, "summary"));
    pain = json_object_get(j, "pain");
    CHECK(json_is_null(json_object_get(pain, "trend")) &&
              json_real_value(json_object_get(pain, "mean")) == 5.0,
          "no week before: a mean, no trend");
    CHECK(json_integer_value(json_object_get(j, "streak_weeks")) == 1 && !*str(j, "streak"),
          "one week is a start, not yet a streak in words");

    /* Week 2: every day again, pain down to 3, nothing to feel better. */
    for (long d = 7; d < 14; d++) {
        const char *date = day_after(fx, START, d);
        json_of(fx, MOVERX(fx, "checkin", p, "--date", date, "--pain", "3", "--json"));
        json_of(fx, MOVERX(fx, "log", p, "--date", date, "--pain-during", "2", "--json"));
    }
    j = json_of(fx, MOVERX(fx, "weekly", p, "--date", day_after(fx, START, 13), "--json"));
    pain = json_object_get(j, "pain");
    CHECK(strcmp(str(pain, "trend"), "lower") == 0 &&
              strstr(str(pain, "words"), "lower than the week before: 3 out of 10 on average, "
                                         "down from 5"),
          "2 points lower, in words: %s", str(pain, "words"));
    CHECK(json_integer_value(json_object_get(j, "streak_weeks")) == 2 &&
              strstr(str(j, "streak"), "2 weeks in a row"),
          "two whole weeks: %s", str(j, "streak"));
    CHECK(json_integer_value(json_object_get(j, "walking_minutes")) > 0,
          "walks ticked in the sessions count when no check-in gave the minutes");
    CHECK(json_array_size(json_object_get(j, "feel_better")) == 0 &&
              strstr(str(j, "summary"), "You did all "),
          "no feel-better things: the sessions alone (%s)", str(j, "summary"));

    /* Week 3, Wednesday, nothing yet: so far, and the streak stands until the week is over. */
    j = json_of(fx, MOVERX(fx, "weekly", p, "--date", day_after(fx, START, 16), "--json"));
    CHECK(!json_is_true(json_object_get(j, "complete")) &&
              json_integer_value(json_object_get(j, "sessions_done")) == 0 &&
              json_integer_value(json_object_get(j, "streak_weeks")) == 2,
          "an unfinished week neither counts nor breaks the run");
    CHECK(strstr(str(json_object_get(j, "pain"), "words"), "no check-ins yet"),
          "no check-in yet: %s", str(json_object_get(j, "pain"), "words"));
    CHECK(strstr(str(j, "summary"), "No sessions logged yet this week"), "%s", str(j, "summary"));

    /* Week 3 over with no session: the run is broken. */
    j = json_of(fx, MOVERX(fx, "weekly", p, "--date", day_after(fx, START, 20), "--json"));
    CHECK(json_integer_value(json_object_get(j, "streak_weeks")) == 0, "a missed week ends it");

    /* A warning sign pauses the program: the review asks for no session then. */
    json_of(fx, MOVERX(fx, "checkin", p, "--date", day_after(fx, START, 21), "--pain", "5",
                       "--red-flag", "unexplained_weight_loss", "--json"));
    j = json_of(fx, MOVERX(fx, "weekly", p, "--date", day_after(fx, START, 22), "--json"));
    expect_str(j, "program", "paused", "weekly while paused");
    CHECK(strstr(str(j, "summary"), "paused until your care team has checked") &&
              !strstr(str(j, "summary"), "session"),
          "no call to exercise while paused: %s", str(j, "summary"));

    /* The text form, and a patient who is not there. */
    r = MOVERX(fx, "weekly", p, "--date", day_after(fx, START, 6));
    expect_ok(r);
    CHECK(strstr(r->out, "Sessions: 7 done,") && strstr(r->out, "heat (3 days)"), "%s", r->out);
    r = MOVERX(fx, "weekly", "no-such-patient", "--json");
    CHECK(r->status != 0 && strstr(r->err, "patient"), "an unknown patient is named (%s)", r->err);
}

/* Reminders on the command line: the settings, their refusals naming the option, and the
 * calendar feed at the chosen time and zone (the feed itself is read by libical in
 * tests/api/test_calendar.c). */
static void reminders_and_the_calendar_feed(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    const struct run *r;
    json_t *j;

    j = json_of(fx, MOVERX(fx, "reminders", p, "--json"));
    expect_str(j, "time", "18:00", "reminders by default");
    j = json_of(fx, MOVERX(fx, "reminders", p, "--time", "07:45", "--time-zone", "America/New_York",
                           "--days", "tue,thu", "--quiet", "21:00-07:00", "--json"));
    expect_str(j, "time_zone", "America/New_York", "reminders set");
    CHECK(json_integer_value(json_object_get(j, "revision")) == 1, "the first change");
    REFUSED(fx, "--time", "reminders", p, "--time", "06:59"); /* in the quiet hours */
    REFUSED(fx, "--time-zone", "reminders", p, "--time-zone", "Nowhere/Else");
    REFUSED(fx, "--quiet", "reminders", p, "--quiet", "21:00");
    REFUSED(fx, "--days", "reminders", p, "--days", "tue,tue");

    r = MOVERX(fx, "calendar", p, "--date", day_after(fx, START, 10));
    expect_ok(r);
    CHECK(strncmp(r->out, "BEGIN:VCALENDAR\r\n", 17) == 0, "an iCalendar feed, CRLF lines");
    CHECK(strstr(r->out, "TZID:America/New_York\r\n") &&
              strstr(r->out, "DTSTART;TZID=America/New_York:") && strstr(r->out, "T074500\r\n"),
          "at the person's time in their zone: %.600s", r->out);
    CHECK(strstr(r->out, "BYDAY=TU,TH") || strstr(r->out, "BYDAY=TU\r") ||
              strstr(r->out, "BYDAY=TH\r"),
          "on the chosen days of the plan's: %s", r->out);
    CHECK(strstr(r->out, "BEGIN:VALARM") && strstr(r->out, "END:VCALENDAR\r\n"), "with a reminder");
}

/* One number from the store (a count), read with SQLite itself. */
static long long store_number(const char *db_path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long long v = -1;

    CHECK(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "open %s",
          db_path);
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
          sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The demo clinic of `make run` looks like a clinic: people who differ (pain,
 * duration, risk), check-ups at weeks 4 and 8, messages both ways, alerts of
 * more than one tier, and an admin whose password is not the clinician's. */
static void the_demo_clinic_looks_like_a_clinic(void **state)
{
    struct fixture *fx = *state;
    const char *db = path_in(fx, "demo.db");
    json_t *j =
        json_of(fx, MOVERX_DB(fx, db, "demo", "--patients", "12", "--weeks", "10", "--json"));

    CHECK(strcmp(str(json_object_get(j, "admin"), "password"),
                 str(json_object_get(j, "clinician"), "password")) != 0,
          "the admin's demo password is the clinician's");
    CHECK(store_number(db, "SELECT count(DISTINCT json_extract(answers, '$.pain_now')) FROM "
                           "intakes") >= 4,
          "varied pain at the intake");
    CHECK(store_number(db, "SELECT min(json_extract(answers, '$.pain_now')) FROM intakes") >= 1,
          "nobody reports pain 0 at the intake of a back-pain program");
    CHECK(store_number(db, "SELECT count(DISTINCT json_extract(plan, '$.stratum')) FROM "
                           "plan_versions WHERE version = 1") >= 2,
          "more than one STarT Back stratum");
    CHECK(store_number(db, "SELECT count(*) FROM (SELECT 1 FROM intakes GROUP BY "
                           "json_extract(answers, '$.duration_weeks') < 12)") == 2,
          "recent and persistent pain both");
    CHECK(store_number(db, "SELECT count(*) FROM assessments WHERE instrument IN ('odi', 'rmdq') "
                           "AND date > (SELECT min(date) FROM assessments)") >= 12,
          "check-ups at weeks 4 and 8");
    CHECK(store_number(db, "SELECT count(*) FROM messages m JOIN users u ON u.id = m.sender "
                           "WHERE u.role = 'patient'") > 0 &&
              store_number(db, "SELECT count(*) FROM messages m JOIN users u ON u.id = m.sender "
                               "WHERE u.role = 'clinician'") > 0,
          "messages both ways");
    CHECK(store_number(db, "SELECT count(DISTINCT tier) FROM alerts") >= 2,
          "alerts of more than one tier");
    CHECK(store_number(db, "SELECT count(*) FROM checkins WHERE feel_better <> '[]'") > 0,
          "what helped, in the check-ins");
}

/* A promise of the start left undone more than two days past its date is raised, once, as
 * the care team's alert (a physiotherapist's vignette: a high-risk first contact still open
 * five weeks on, through three flares). */
static void an_overdue_promise_is_raised_once(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *j, *tasks, *t, *alerts, *a;
    long due = -1;
    int raised = 0;
    size_t k;

    tasks = json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks");
    json_array_foreach(tasks, k, t) if (strcmp(str(t, "kind"), "plan_review") == 0)
    {
        long d;
        CHECK(date_parse(str(t, "due"), &d), "a due date");
        due = d;
    }
    CHECK(due > 0, "the intake promised a plan review");
    {
        char on_time[16], late[16];
        date_format(due + 2, on_time, sizeof(on_time));
        date_format(due + 3, late, sizeof(late));
        j = json_of(fx, MOVERX(fx, "review", "--date", on_time, "--json"));
        CHECK(json_array_size(json_object_get(j, "promises_overdue")) == 0,
              "two days late: not yet");
        j = json_of(fx, MOVERX(fx, "review", "--date", late, "--json"));
        CHECK(json_array_size(json_object_get(j, "promises_overdue")) == 1, "three days: raised");
        j = json_of(fx, MOVERX(fx, "review", "--date", late, "--json"));
        CHECK(json_array_size(json_object_get(j, "promises_overdue")) == 0, "and only once");
    }
    alerts = json_object_get(json_of(fx, MOVERX(fx, "alerts", "--json")), "alerts");
    json_array_foreach(alerts, k, a) raised += strcmp(str(a, "rule"), "promise_overdue") == 0;
    CHECK(raised == 1, "one alert for the care team (%d)", raised);
}

/* A red flag at the intake, even a routine one (one leg tingling), holds the plan
 * where it is until the care team has reviewed it; then it steps up again. */
static void intake_red_flag_holds_progress_until_reviewed(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *j, *tasks;
    long d;

    tasks = json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks");
    CHECK(json_array_size(tasks) >= 2,
          "the example intake promises a plan review and raises an alert: two tasks at least");
    for (d = 0; d < 9; d++)
        ordinary_day(fx, p, day_after(fx, START, d), "3", "1");
    j = json_of(fx, MOVERX(fx, "progress", p, "--date", day_after(fx, START, 8), "--json"));
    CHECK(json_array_size(json_object_get(j, "plan_changes")) == 0,
          "nothing steps up while the intake's red flag waits for review");
    CHECK(review_intake_flags(fx, p) == 1, "one alert to review");
    j = json_of(fx, MOVERX(fx, "checkin", p, "--date", day_after(fx, START, 9), "--pain", "3",
                           "--next-morning-pain", "3", "--json"));
    /* the walks first (their evidence is strongest), the exercises in the time left */
    CHECK(find_by(json_object_get(j, "decisions"), "kind", "progress") != NULL,
          "once reviewed, the tolerated sessions step the plan up");
}

static void tolerated_sessions_progress_with_reasons(void **state)
{
    struct fixture *fx = *state;
    json_t *intake, *progress, *today, *change, *version, *item, *first;
    const char *p = patient_with_intake(fx, &intake);
    const struct run *r;
    bool explained = false, higher = false;
    size_t k, i;

    review_intake_flags(fx, p); /* its routine red flag would hold the plan back */

    for (long d = 0; d < 16; d++)
        ordinary_day(fx, p, day_after(fx, START, d), "3", "2");

    /* Every change of the plan says why, in plain words, with its evidence. */
    progress = json_of(fx, MOVERX(fx, "progress", p, "--date", day_after(fx, START, 15), "--json"));

    /* Adherence week by week: days 0-6, 7-13 and 14-15, a session every day. */
    {
        json_t *adh = json_object_get(progress, "adherence"), *weeks, *wk;
        long planned = 0, done = 0;
        size_t n;
        weeks = expect_list(adh, "weeks", "progress adherence");
        CHECK(json_array_size(weeks) == 3, "adherence: 16 days are 3 weeks, got %zu",
              json_array_size(weeks));
        json_array_foreach(weeks, n, wk)
        {
            long want_done = n < 2 ? 7 : 2,
                 pd = (long)json_integer_value(json_object_get(wk, "planned_days"));
            CHECK(json_integer_value(json_object_get(wk, "week")) == (json_int_t)n + 1,
                  "adherence: week %zu is numbered %lld", n + 1,
                  (long long)json_integer_value(json_object_get(wk, "week")));
            CHECK(json_integer_value(json_object_get(wk, "sessions")) == want_done,
                  "adherence: week %zu has %ld sessions, got %lld", n + 1, want_done,
                  (long long)json_integer_value(json_object_get(wk, "sessions")));
            CHECK(pd >= 1 && pd <= (n < 2 ? 7 : 2), "adherence: week %zu plans %ld days", n + 1,
                  pd);
            planned += pd;
            done += (long)json_integer_value(json_object_get(wk, "sessions"));
        }
        CHECK(planned == (long)json_integer_value(json_object_get(adh, "planned_days")) &&
                  done == (long)json_integer_value(json_object_get(adh, "sessions")),
              "adherence: the weeks add up to %ld planned and %ld done, the totals differ", planned,
              done);
    }
    json_array_foreach(expect_list(progress, "plan_changes", "progress after two weeks"), k,
                       version)
    {
        expect_nonempty_str(version, "reason", "a plan change");
        expect_nonempty_str(version, "evidence", "a plan change");
        json_array_foreach(json_object_get(version, "changes"), i, change)
        {
            const char *rule = str(change, "rule");
            if (!rule ||
                (strcmp(rule, "progress_tolerated") != 0 && strcmp(rule, "progress_walks") != 0))
                continue;
            expect_nonempty_str(change, "item", "a progression");
            expect_nonempty_str(change, "reason", "a progression");
            expect_nonempty_str(change, "evidence", "a progression");
            CHECK(dose_higher(json_object_get(change, "to"), json_object_get(change, "from")),
                  "a progression of %s must raise its dose", str(change, "item"));
            explained = true;
        }
    }
    CHECK(explained, "two weeks of tolerated sessions must give a progress_tolerated or "
                     "progress_walks change");

    /* The next land day's plan asks for more than the first plan did (a pool day holds
     * the pool and the daily stretch). */
    for (long d = 16; d < 23; d++) {
        today = json_of(fx, MOVERX(fx, "today", p, "--date", day_after(fx, START, d), "--json"));
        if (json_is_object(json_object_get(today, "walking")))
            break;
    }
    json_array_foreach(expect_list(today, "items", "today after two weeks"), k, item)
    {
        first = find_by(json_object_get(json_object_get(intake, "plan"), "items"), "exercise",
                        str(item, "exercise"));
        if (first && dose_higher(json_object_get(item, "dose"), json_object_get(first, "dose")))
            higher = true;
    }
    CHECK(higher, "after two weeks of tolerated sessions, some exercise's dose must be higher "
                  "than in the first plan");

    /* A painful session, then the next morning's check-in: the plan steps back. */
    json_of(fx, MOVERX(fx, "log", p, "--date", day_after(fx, START, 17), "--pain-during", "8",
                       "--json"));
    r = MOVERX(fx, "checkin", p, "--date", day_after(fx, START, 18), "--pain", "6",
               "--next-morning-pain", "6", "--json");
    change = find_by(json_object_get(json_of(fx, r), "decisions"), "rule", "regress_high_pain");
    CHECK(change != NULL,
          "a session at pain 8, then the next check-in, must give a regress_high_pain decision; "
          "got:\n%s",
          r->out);
    expect_str(change, "kind", "regress", "the regression");
    expect_nonempty_str(change, "reason", "the regression");
    expect_nonempty_str(change, "evidence", "the regression");
    CHECK(dose_higher(json_object_get(change, "from"), json_object_get(change, "to")),
          "a regression must lower the dose of %s", str(change, "item"));
}

/* "This one hurt": an exercise's own pain and difficulty are kept and decide for it alone. */
static void per_item_responses_decide_for_their_item(void **state)
{
    struct fixture *fx = *state;
    json_t *j, *decisions, *d, *sessions, *s, *it;
    const char *p = patient_with_intake(fx, NULL);
    bool item_cut = false, kept = false;
    size_t k, i;

    for (long day = 0; day < 3; day++)
        json_of(fx, MOVERX(fx, "checkin", p, "--date", day_after(fx, START, day), "--pain", "3",
                           "--json"));
    json_of(fx, MOVERX(fx, "log", p, "--date", day_after(fx, START, 2), "--pain-during", "8",
                       "--item", "sit-to-stand-assisted=yes,pain=8,difficulty=hard", "--item",
                       "abdominal-bracing=yes", "--item", "walking=yes", "--json"));
    j = json_of(fx, MOVERX(fx, "checkin", p, "--date", day_after(fx, START, 3), "--pain", "3",
                           "--next-morning-pain", "3", "--json"));
    decisions = json_object_get(j, "decisions");
    json_array_foreach(decisions, k, d)
    {
        const char *rule = str(d, "rule"), *item = str(d, "item");
        if (rule && strncmp(rule, "regress", 7) == 0) {
            CHECK(item && (strcmp(item, "sit-to-stand-assisted") == 0),
                  "only the exercise that hurt steps back, not %s", item ? item : "(none)");
            item_cut |= item && strcmp(item, "sit-to-stand-assisted") == 0;
        }
    }
    CHECK(item_cut, "the sit-to-stand, which hurt at 8, must step back");
    /* the export keeps the answers */
    j = json_of(fx, MOVERX(fx, "export", p, "--format", "json"));
    sessions = json_object_get(json_array_get(json_object_get(j, "episodes"), 0), "sessions");
    json_array_foreach(sessions, k, s) json_array_foreach(json_object_get(s, "items"), i, it)
    {
        if (strcmp(str(it, "item"), "sit-to-stand-assisted") == 0 &&
            json_integer_value(json_object_get(it, "pain")) == 8 &&
            strcmp(str(it, "difficulty") ? str(it, "difficulty") : "", "hard") == 0)
            kept = true;
    }
    CHECK(kept, "the export must keep the sit-to-stand's own pain and difficulty");
}

/* Regressions in a command's decisions: fails on one of any item but `hurt`; returns
 * the exercise `hurt` was swapped to, if it was. */
static const char *only_item_regressed(const json_t *j, const char *hurt, const char *when)
{
    const char *to = NULL;
    const json_t *d;
    size_t k;

    json_array_foreach(json_object_get(j, "decisions"), k, d)
    {
        const char *rule = str(d, "rule"), *item = str(d, "item");
        if (!rule || strncmp(rule, "regress", 7) != 0)
            continue;
        CHECK(item && strcmp(item, hurt) == 0, "%s: only %s was named as hurting, not %s (%s)",
              when, hurt, item ? item : "(none)", str(d, "reason"));
        if (item && strcmp(item, hurt) == 0 && str(d, "to_exercise"))
            to = str(d, "to_exercise");
    }
    return to;
}

/*
 * "This one hurt" stays that exercise's answer after it steps down its chain:
 * the sessions before the swap named the harder exercise, and the engine
 * still reads them as that item's, not as pain of the whole session (which
 * once cut every other exercise and the walks on the day of the swap).
 */
static void per_item_pain_survives_a_swap(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL), *hurt = "abdominal-bracing", *now = NULL;
    char item[128];
    long swapped = -1;

    for (long day = 1; day < 40 && (swapped < 0 || day <= swapped + 3); day++) {
        const char *date = day_after(fx, START, day), *to;
        json_t *j = json_of(fx, MOVERX(fx, "checkin", p, "--date", date, "--pain", "3",
                                       "--next-morning-pain", "3", "--json"));
        if ((to = only_item_regressed(j, now ? now : hurt, date)) != NULL && swapped < 0) {
            swapped = day;
            now = keep(fx, xstrdup(to));
        }
        if (swapped < 0 && day % 2 == 0) {
            snprintf(item, sizeof(item), "%s=yes,pain=8", hurt);
            j = json_of(fx, MOVERX(fx, "log", p, "--date", date, "--pain-during", "8", "--item",
                                   item, "--item", "sit-to-stand-assisted=yes", "--item",
                                   "walking=yes", "--json"));
        } else {
            j = json_of(fx, MOVERX(fx, "log", p, "--date", date, "--pain-during", "3", "--json"));
        }
        if ((to = only_item_regressed(j, now ? now : hurt, date)) != NULL && swapped < 0) {
            swapped = day;
            now = keep(fx, xstrdup(to));
        }
    }
    CHECK(swapped > 0, "tummy tightening, hurting at 8 every time, must step down its chain");
}

/* "Someone will contact you in the next few days" (high risk) is a first-contact task
 * due in 3 days; "a physio will look at your plan in two weeks" (medium) a plan review
 * due in 14. */
static void the_strata_promises_are_tasks(void **state)
{
    struct fixture *fx = *state;
    json_t *doc = json_load_file(EXAMPLE_INTAKE, 0, NULL), *tasks, *t;
    const char *in_path = path_in(fx, "high.json"), *p;
    bool contact = false;
    size_t k;

    CHECK(doc != NULL, "the example intake must load");
    json_object_set_new(doc, "startback", json_pack("[iiiiiiiii]", 1, 1, 1, 1, 1, 1, 1, 1, 4));
    write_json_file(in_path, doc); /* takes doc */
    init_store(fx, fx->db);
    p = add_patient(fx, "Hal Example", "1970");
    json_of(fx, MOVERX(fx, "intake", p, in_path, "--date", START, "--json"));
    tasks = json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks");
    json_array_foreach(tasks, k, t) if (strcmp(str(t, "kind"), "first_contact") == 0)
    {
        contact = true;
        CHECK(strcmp(str(t, "due"), day_after(fx, START, 3)) == 0, "contact due in 3 days: %s",
              str(t, "due"));
    }
    CHECK(contact, "a high-risk intake's promise of contact is a task");
}

/*
 * Program v2's week: an intake naming Tuesday and Friday gives sessions on
 * those weekdays and rest days on the others, every day says its week and
 * phase, and the rest of the week matches what those days then show.
 */
/*
 * Every promise is a task in the words the person was given: the example
 * (medium risk, a routine flag) was told the care team would look at their
 * answers in the next few days and a physiotherapist at the plan within two
 * weeks; the review task, due in 5 days, says both, not "a physiotherapist
 * within 5 days", which nobody told them.
 */
static void the_review_task_says_what_was_promised(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *j = json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), *t;
    const json_t *review = NULL;
    size_t k;

    json_array_foreach(json_object_get(j, "tasks"), k, t)
    {
        if (strcmp(str(t, "kind"), "plan_review") == 0)
            review = t;
    }
    CHECK(review != NULL, "the plan's review is a task");
    CHECK(strcmp(str(review, "due"), day_after(fx, START, 5)) == 0,
          "the flag brings the review forward to 5 days (due %s)", str(review, "due"));
    CHECK(strstr(str(review, "title"), "in the next few days") &&
              strstr(str(review, "title"), "within 14 days"),
          "the task says both promises as made: %s", str(review, "title"));
}

static void the_week_keeps_to_the_persons_days(void **state)
{
    struct fixture *fx = *state;
    json_t *doc = json_load_file(EXAMPLE_INTAKE, 0, NULL), *j, *plan, *sched;
    const char *in_path = path_in(fx, "days.json"), *p;
    static const struct {
        long day;
        int week;
        const char *phase;
    } course[] = {{0, 1, "settle"}, {13, 2, "settle"},      {14, 3, "build"},
                  {55, 8, "build"}, {56, 9, "consolidate"}, {90, 13, "consolidate"}};

    CHECK(doc != NULL, "the example intake must load");
    json_object_set_new(doc, "availability",
                        json_pack("{s[ss], si}", "days", "fri", "tue", "minutes_per_day", 30));
    write_json_file(in_path, doc);
    init_store(fx, fx->db);
    p = add_patient(fx, "Tess Tuesday", "1975");
    j = json_of(fx, MOVERX(fx, "intake", p, in_path, "--date", START, "--json")); /* a Monday */
    plan = json_object_get(j, "plan");
    sched = json_object_get(plan, "schedule");
    CHECK(json_object_size(sched) == 2 && json_object_get(sched, "tue") &&
              json_object_get(sched, "fri"),
          "the schedule holds Tuesday and Friday only");
    /* the example's goals: each linked to what trains it, or said to be outside */
    CHECK(json_array_size(json_object_get(plan, "goals")) == 3, "three goals in the plan");
    CHECK(strcmp(str(json_array_get(json_object_get(plan, "goals"), 0), "goal"), "gardening") == 0,
          "gardening is the goal table's gardening");
    for (long d = 0; d < 7; d++) {
        const char *date = day_after(fx, START, d);
        bool session_day = d == 1 || d == 4; /* Tuesday, Friday */
        j = json_of(fx, MOVERX(fx, "today", p, "--date", date, "--json"));
        CHECK(strcmp(str(j, "status"), session_day ? "active" : "rest_day") == 0, "%s: status %s",
              date, str(j, "status"));
        CHECK(session_day == (json_array_size(json_object_get(j, "items")) > 0),
              "%s: exercises only on the person's days", date);
        CHECK(json_integer_value(json_object_get(j, "day_of_week")) == d + 1, "%s: day %ld", date,
              d + 1);
        CHECK(json_array_size(json_object_get(j, "rest_of_week")) == (size_t)(6 - d),
              "%s: the rest of the week is the days after it", date);
        if (d == 0) { /* Monday's look ahead says what Tuesday and Friday hold */
            json_t *ahead = json_object_get(j, "rest_of_week");
            CHECK(json_array_size(json_object_get(json_array_get(ahead, 0), "items")) > 0 &&
                      json_array_size(json_object_get(json_array_get(ahead, 1), "items")) == 0 &&
                      json_array_size(json_object_get(json_array_get(ahead, 3), "items")) > 0,
                  "Monday's rest of the week: Tuesday and Friday hold sessions, Wednesday not");
            { /* and the words name what they hold */
                const char *text = MOVERX(fx, "today", p, "--date", date)->out;
                const char *first = json_string_value(
                    json_array_get(json_object_get(json_array_get(ahead, 0), "items"), 0));
                const char *tue = strstr(text, "Tuesday");
                CHECK(tue && first && strstr(tue, first) && strstr(text, "Wednesday") &&
                          strstr(strstr(text, "Wednesday"), ": rest"),
                      "the rest of the week names Tuesday's exercises (%s): %s", first, text);
            }
        }
    }
    /* an item that trains a goal says so on the day, and progress rates each goal */
    {
        bool tagged = false;
        json_t *it, *goals;
        size_t k;
        j = json_of(fx, MOVERX(fx, "today", p, "--date", day_after(fx, START, 1), "--json"));
        json_array_foreach(json_object_get(j, "items"), k, it)
        {
            json_t *gl = json_object_get(it, "goals");
            CHECK(json_is_array(gl), "every item lists the goals it trains");
            for (size_t i = 0; i < json_array_size(gl); i++)
                tagged |= strcmp(json_string_value(json_array_get(gl, i)), "gardening") == 0;
        }
        CHECK(tagged, "an exercise of the day trains gardening, and says so");
        j = json_of(fx, MOVERX(fx, "progress", p, "--date", day_after(fx, START, 2), "--json"));
        goals = json_object_get(j, "goals");
        CHECK(json_array_size(goals) == 3 &&
                  json_integer_value(json_object_get(json_array_get(goals, 0), "first_rating")) ==
                      3 &&
                  json_array_size(json_object_get(json_array_get(goals, 0), "exercises")) > 0,
              "progress gives each goal its rating and what trains it");
        CHECK(json_integer_value(json_object_get(j, "week")) == 1 &&
                  strcmp(str(j, "phase"), "settle") == 0,
              "progress says the week and phase");
    }
    for (size_t k = 0; k < MRX_ARRAY_LEN(course); k++) {
        j = json_of(
            fx, MOVERX(fx, "today", p, "--date", day_after(fx, START, course[k].day), "--json"));
        CHECK(json_integer_value(json_object_get(j, "week")) == course[k].week &&
                  json_integer_value(json_object_get(j, "program_weeks")) == 12 &&
                  strcmp(str(j, "phase"), course[k].phase) == 0,
              "day %ld: week %d, %s (got week %lld, %s)", course[k].day, course[k].week,
              course[k].phase, (long long)json_integer_value(json_object_get(j, "week")),
              str(j, "phase"));
    }
}

/*
 * The end of the course (docs/plan.md): a person doing well at week 12 goes
 * into maintenance (fewer exercises on fewer days, a flare plan, today says
 * discharged); one who is not gets more weeks and a task for the care team,
 * and the next review comes 4 weeks on.
 */
/* The care team keeps the promises of the start (the medium-risk plan review), as a clinic
 * doing its work would: the review at week 12 waits for them otherwise. */
static void keep_promises(struct fixture *fx, const char *p)
{
    json_t *tasks =
               json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks"),
           *t;
    size_t k;

    json_array_foreach(tasks, k, t) if (strcmp(str(t, "status"), "open") == 0 &&
                                        (strcmp(str(t, "kind"), "plan_review") == 0 ||
                                         strcmp(str(t, "kind"), "first_contact") == 0))
        json_of(fx, MOVERX(fx, "tasks", "done", str(t, "id"), "--note",
                           "Looked at the plan with the patient on the phone.", "--json"));
}

static const char *course_to_week_12_kept(struct fixture *fx, const char *name, const char *pain,
                                          const char *odi, const char *psfs, long checkup_day,
                                          bool promises_kept);

static const char *course_to_week_12_at(struct fixture *fx, const char *name, const char *pain,
                                        const char *odi, const char *psfs, long checkup_day)
{
    return course_to_week_12_kept(fx, name, pain, odi, psfs, checkup_day, true);
}

static const char *course_to_week_12_kept(struct fixture *fx, const char *name, const char *pain,
                                          const char *odi, const char *psfs, long checkup_day,
                                          bool promises_kept)
{
    const char *p = add_patient(fx, name, "1970"), *in_path = path_in(fx, "clear.json");
    /* the example without its leg tingling: no alert open for the care team */
    json_t *doc = json_load_file(EXAMPLE_INTAKE, 0, NULL);

    CHECK(doc != NULL, "the example intake must load");
    json_object_set_new(json_object_get(doc, "red_flags"), "one_leg_numbness_tingling",
                        json_false());
    json_object_set_new(doc, "leg_pain", json_false());
    write_json_file(in_path, doc);
    json_of(fx, MOVERX(fx, "intake", p, in_path, "--date", START, "--json"));
    if (promises_kept)
        keep_promises(fx, p);
    /* a check-in with a walk every few days, then every day of week 12 */
    for (long d = 0; d < 84; d += d < 76 ? 4 : 1)
        json_of(fx, MOVERX(fx, "checkin", p, "--date", day_after(fx, START, d), "--pain", pain,
                           "--walk-minutes", "20", "--json"));
    json_of(fx, MOVERX(fx, "assess", p, "--date", day_after(fx, START, checkup_day), "--odi", odi,
                       "--psfs", psfs, "--json"));
    return p;
}

/* With the check-up in week 12 (day 80), not due again at the review. */
static const char *course_to_week_12(struct fixture *fx, const char *name, const char *pain,
                                     const char *odi, const char *psfs)
{
    return course_to_week_12_at(fx, name, pain, odi, psfs, 80);
}

/* The days of the week a plan's schedule has an exercise on (walks aside). */
static int exercise_days(const json_t *plan)
{
    const char *day;
    json_t *list, *e;
    size_t k;
    int n = 0;

    json_object_foreach(json_object_get(plan, "schedule"), day, list)
    {
        bool any = false;
        json_array_foreach(list, k, e) any |= json_object_get(e, "exercise") != NULL;
        n += any;
    }
    return n;
}

/* A course going well, but the plan review promised at the start was never done: the
 * review at week 12 does not send the person off on their own; the care team's task says
 * what is still owed (a physiotherapist's vignette: discharged with the promise overdue). */
static void an_unkept_promise_holds_the_discharge(void **state)
{
    struct fixture *fx = *state;
    const char *p;
    json_t *j, *tasks, *t;
    bool owed = false;
    size_t k;

    init_store(fx, fx->db);
    p = course_to_week_12_kept(fx, "Nora Notyet", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8", 80, false);
    json_of(fx,
            MOVERX(fx, "checkin", p, "--date", day_after(fx, START, 84), "--pain", "2", "--json"));
    j = json_of(fx, MOVERX(fx, "today", p, "--date", day_after(fx, START, 84), "--json"));
    CHECK(strcmp(str(j, "status"), "discharged") != 0,
          "an open promise: not discharged into maintenance (got %s)", str(j, "status"));
    CHECK(strstr(str(json_object_get(j, "discharge_review"), "why"), "not yet done the review") &&
              !strstr(str(json_object_get(j, "discharge_review"), "why"), "something you told us"),
          "the person is not told it was something they said: %s",
          str(json_object_get(j, "discharge_review"), "why"));
    tasks = json_object_get(json_of(fx, MOVERX(fx, "tasks", "--patient", p, "--json")), "tasks");
    json_array_foreach(tasks, k, t) owed |= strcmp(str(t, "source"), "discharge_review") == 0 &&
                                            strstr(str(t, "title"), "promise") != NULL;
    CHECK(owed, "the review's task names the promise still open");
}

static void the_course_ends_in_maintenance_or_goes_on(void **state)
{
    struct fixture *fx = *state;
    const char *good, *poor;
    int before_days;
    json_t *j, *plan, *task = NULL, *t;
    size_t k, before_items;

    init_store(fx, fx->db);
    good = course_to_week_12(fx, "Gail Good", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8");
    poor = course_to_week_12(fx, "Paul Poor", "6", "2,1,2,2,3,2,2,-,1,2", "3,4,5");
    /* day 83, the last of week 12: no review yet */
    j = json_of(fx, MOVERX(fx, "today", good, "--date", day_after(fx, START, 83), "--json"));
    CHECK(strcmp(str(j, "status"), "discharged") != 0 && !json_object_get(j, "discharge_review"),
          "no review before the 12 weeks are done");
    j = json_of(fx, MOVERX(fx, "export", good, "--format", "json"));
    plan = json_object_get(json_array_get(json_object_get(j, "episodes"), 0), "plan_versions");
    before_items = 0; /* exercise-days of the week before the review */
    json_array_foreach(
        json_object_get(json_object_get(json_array_get(plan, json_array_size(plan) - 1), "plan"),
                        "items"),
        k, t) before_items += (size_t)json_integer_value(json_object_get(t, "days_per_week"));
    before_days =
        exercise_days(json_object_get(json_array_get(plan, json_array_size(plan) - 1), "plan"));
    /* day 84: the check-in makes the review */
    json_of(fx, MOVERX(fx, "checkin", good, "--date", day_after(fx, START, 84), "--pain", "2",
                       "--json"));
    json_of(fx, MOVERX(fx, "checkin", poor, "--date", day_after(fx, START, 84), "--pain", "6",
                       "--json"));
    j = json_of(fx, MOVERX(fx, "today", good, "--date", day_after(fx, START, 84), "--json"));
    CHECK(strcmp(str(j, "status"), "discharged") == 0 &&
              strcmp(str(j, "phase"), "maintenance") == 0,
          "doing well at week 12: discharged into maintenance (got %s, %s)", str(j, "status"),
          str(j, "phase"));
    CHECK(json_array_size(json_object_get(j, "flare_plan")) >= 3 &&
              json_is_object(json_object_get(j, "maintenance")),
          "maintenance comes with a flare plan and a check-in rhythm");
    /* the monthly check-in: due 28 days after the last one (the review's, day 84) */
    CHECK(json_is_false(json_object_get(j, "check_in_due")), "no check-in due on the day of one");
    j = json_of(fx, MOVERX(fx, "today", good, "--date", day_after(fx, START, 111), "--json"));
    CHECK(json_is_false(json_object_get(j, "check_in_due")), "27 days on: not due yet");
    j = json_of(fx, MOVERX(fx, "today", good, "--date", day_after(fx, START, 112), "--json"));
    CHECK(json_is_true(json_object_get(j, "check_in_due")), "28 days on: the monthly check-in");
    j = json_of(fx, MOVERX(fx, "export", good, "--format", "json"));
    plan = json_object_get(json_array_get(json_object_get(j, "episodes"), 0), "plan_versions");
    plan = json_object_get(json_array_get(plan, json_array_size(plan) - 1), "plan");
    CHECK(json_array_size(json_object_get(plan, "items")) <= 4,
          "the maintenance plan keeps at most 4 exercises");
    {
        size_t after = 0;
        json_array_foreach(json_object_get(plan, "items"), k, t) after +=
            (size_t)json_integer_value(json_object_get(t, "days_per_week"));
        CHECK(after < before_items, "maintenance asks for fewer exercise-days (%zu, was %zu)",
              after, before_items);
        CHECK(exercise_days(plan) < before_days,
              "maintenance exercises on fewer days of the week (%d, were on %d)",
              exercise_days(plan), before_days);
    }
    /* a flare in maintenance: the review's "you are doing well" is not shown beside it */
    json_of(fx, MOVERX(fx, "checkin", good, "--date", day_after(fx, START, 113), "--pain", "7",
                       "--flare", "--json"));
    j = json_of(fx, MOVERX(fx, "today", good, "--date", day_after(fx, START, 113), "--json"));
    CHECK(json_is_true(json_object_get(j, "flare")) && !json_object_get(j, "discharge_review"),
          "in a flare, today leaves out the review's words");
    /* not doing well: the plan goes on, and the care team has the promised review */
    j = json_of(fx, MOVERX(fx, "today", poor, "--date", day_after(fx, START, 84), "--json"));
    CHECK(strcmp(str(j, "status"), "discharged") != 0 &&
              strcmp(str(json_object_get(j, "discharge_review"), "outcome"), "extend") == 0,
          "not ready at week 12: the plan goes on");
    CHECK(strstr(str(json_object_get(j, "discharge_review"), "why"), "care team"),
          "the person is told the care team will look at it");
    j = json_of(fx, MOVERX(fx, "tasks", "--json"));
    json_array_foreach(json_object_get(j, "tasks"), k, t)
    {
        if (str(t, "source") && strcmp(str(t, "source"), "discharge_review") == 0)
            task = t;
    }
    CHECK(task && strcmp(str(task, "patient"), poor) == 0 &&
              strcmp(str(task, "due"), day_after(fx, START, 87)) == 0,
          "the week-12 review is a task on the care team's queue, due in 3 days");
    /* the next review is 4 weeks on: nothing new at day 85 */
    json_of(fx, MOVERX(fx, "checkin", poor, "--date", day_after(fx, START, 85), "--pain", "6",
                       "--json"));
    j = json_of(fx, MOVERX(fx, "tasks", "--json"));
    k = 0;
    json_array_foreach(json_object_get(j, "tasks"), before_items, t) k +=
        str(t, "source") && strcmp(str(t, "source"), "discharge_review") == 0;
    CHECK(k == 1, "one review task, not one a day (%zu)", k);
    /* week 16, still not ready, the week-12 review never done: that task stays open (it is
     * the promise the person still waits on), not closed as if done, and no second one */
    for (long d = 88; d <= 112; d += 4)
        json_of(fx, MOVERX(fx, "checkin", poor, "--date", day_after(fx, START, d), "--pain", "6",
                           "--walk-minutes", "20", "--json"));
    json_of(fx, MOVERX(fx, "assess", poor, "--date", day_after(fx, START, 110), "--odi",
                       "2,1,2,2,3,2,2,-,1,2", "--psfs", "3,4,5", "--json"));
    json_of(fx, MOVERX(fx, "checkin", poor, "--date", day_after(fx, START, 113), "--pain", "6",
                       "--walk-minutes", "20", "--json"));
    j = json_of(fx, MOVERX(fx, "today", poor, "--date", day_after(fx, START, 113), "--json"));
    CHECK(strcmp(str(json_object_get(j, "discharge_review"), "date"), day_after(fx, START, 113)) ==
              0,
          "the week-16 review is made (%s)", str(json_object_get(j, "discharge_review"), "date"));
    j = json_of(fx, MOVERX(fx, "tasks", "--json"));
    k = 0;
    json_array_foreach(json_object_get(j, "tasks"), before_items, t)
    {
        if (str(t, "source") && strcmp(str(t, "source"), "discharge_review") == 0 &&
            strcmp(str(t, "patient"), poor) == 0) {
            k++;
            CHECK(strcmp(str(t, "due"), day_after(fx, START, 87)) == 0,
                  "the open review task is week 12's, overdue (due %s)", str(t, "due"));
        }
    }
    CHECK(k == 1, "the undone week-12 review stays the one open task (%zu)", k);
    /* a review made late counts from its own week: the next day is no new review */
    {
        const char *lena = course_to_week_12(fx, "Lena Late", "6", "2,1,2,2,3,2,2,-,1,2", "3,4,5");
        size_t n = 0;
        json_of(fx, MOVERX(fx, "checkin", lena, "--date", day_after(fx, START, 120), "--pain", "6",
                           "--json"));
        json_of(fx, MOVERX(fx, "checkin", lena, "--date", day_after(fx, START, 121), "--pain", "6",
                           "--json"));
        j = json_of(fx, MOVERX(fx, "tasks", "--json"));
        json_array_foreach(json_object_get(j, "tasks"), k, t) n +=
            str(t, "source") && strcmp(str(t, "source"), "discharge_review") == 0 &&
            strcmp(str(t, "patient"), lena) == 0;
        CHECK(n == 1, "a late review opens one task, not one a day (%zu)", n);
        j = json_of(fx, MOVERX(fx, "today", lena, "--date", day_after(fx, START, 121), "--json"));
        CHECK(strstr(str(json_object_get(j, "discharge_review"), "why"),
                     "You have now done 17 weeks"),
              "the late review says the weeks done: %s",
              str(json_object_get(j, "discharge_review"), "why"));
    }
    /* the week-12 check-up falls due with the review (the last was at week 8): the review
     * waits for it, so that it reads the course's last scores, then reads them */
    {
        const char *wendy =
            course_to_week_12_at(fx, "Wendy Week", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8", 56);
        json_of(fx, MOVERX(fx, "checkin", wendy, "--date", day_after(fx, START, 84), "--pain", "2",
                           "--json"));
        j = json_of(fx, MOVERX(fx, "today", wendy, "--date", day_after(fx, START, 84), "--json"));
        CHECK(!json_object_get(j, "discharge_review") &&
                  json_is_true(json_object_get(j, "followup_due")),
              "the check-up is due: no review before it");
        {
            const char *text = MOVERX(fx, "today", wendy, "--date", day_after(fx, START, 84))->out;
            CHECK(strstr(text, "its review comes after your check-up"),
                  "today says the review follows the check-up: %s", text);
        }
        json_of(fx, MOVERX(fx, "assess", wendy, "--date", day_after(fx, START, 86), "--odi",
                           "0,0,0,0,0,0,0,-,0,0", "--psfs", "9,9,9", "--json"));
        json_of(fx, MOVERX(fx, "checkin", wendy, "--date", day_after(fx, START, 86), "--pain", "2",
                           "--json"));
        j = json_of(fx, MOVERX(fx, "today", wendy, "--date", day_after(fx, START, 86), "--json"));
        CHECK(strcmp(str(json_object_get(j, "discharge_review"), "date"),
                     day_after(fx, START, 86)) == 0 &&
                  strcmp(str(j, "status"), "discharged") == 0,
              "the review follows the check-up, the same day: %s",
              str(json_object_get(j, "discharge_review"), "date"));
    }
    /* no check-up in the week after: the review goes ahead, and asks for it (once) */
    {
        const char *will =
            course_to_week_12_at(fx, "Will Wait", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8", 56);
        for (long d = 84; d <= 91; d++)
            json_of(fx, MOVERX(fx, "checkin", will, "--date", day_after(fx, START, d), "--pain",
                               "2", "--walk-minutes", "20", "--json"));
        j = json_of(fx, MOVERX(fx, "today", will, "--date", day_after(fx, START, 91), "--json"));
        CHECK(strcmp(str(json_object_get(j, "discharge_review"), "date"),
                     day_after(fx, START, 91)) == 0 &&
                  strcmp(str(json_object_get(j, "discharge_review"), "outcome"), "recheck") == 0,
              "a week without the check-up: the review asks for it (%s, %s)",
              str(json_object_get(j, "discharge_review"), "date"),
              str(json_object_get(j, "discharge_review"), "outcome"));
    }
    /* in a flare at week 12: the review waits until it has settled */
    {
        const char *fran = course_to_week_12(fx, "Fran Flare", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8");
        json_of(fx, MOVERX(fx, "checkin", fran, "--date", day_after(fx, START, 84), "--pain", "7",
                           "--flare", "--json"));
        j = json_of(fx, MOVERX(fx, "today", fran, "--date", day_after(fx, START, 84), "--json"));
        CHECK(json_is_true(json_object_get(j, "flare")), "the reported flare is on");
        CHECK(!json_object_get(j, "discharge_review") &&
                  strcmp(str(j, "status"), "discharged") != 0,
              "no discharge in the middle of a flare");
    }
}

/*
 * Starting again (docs/plan.md "Starting again"): a person in maintenance
 * has a relapse. With no fresh intake, the warning signs and today's pain
 * start a new course at week 1 from the exercises they kept up; an
 * emergency answer stops it instead; someone not in maintenance is told to
 * start from an intake.
 */
static void starting_again_from_maintenance(void **state)
{
    struct fixture *fx = *state;
    const char *gail, *rita, *paul, *now = path_in(fx, "restart.json"),
                                    *sos = path_in(fx, "restart-sos.json");
    json_t *j, *kept, *it, *seed;
    size_t k, m, n_kept = 0, n_seen = 0;
    const struct run *r;

    paul = patient_with_intake(fx, NULL); /* a new store; a course under way, not in maintenance */
    gail = course_to_week_12(fx, "Gail Good", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8");
    rita = course_to_week_12(fx, "Rita Relapse", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8");
    for (const char *const *p = (const char *const[]){gail, rita, NULL}; *p; p++)
        json_of(fx, MOVERX(fx, "checkin", *p, "--date", day_after(fx, START, 84), "--pain", "2",
                           "--json")); /* the review: maintenance */
    write_file(now, "{\"red_flags\": {\"saddle_numbness\": false, \"bladder_dysfunction\": false, "
                    "\"both_legs_symptoms\": false, \"fever_or_chills\": false}, \"pain_now\": 4}");
    write_file(sos, "{\"red_flags\": {\"saddle_numbness\": true}, \"pain_now\": 7}");

    /* not in maintenance: an intake is the way back */
    r = MOVERX(fx, "restart", paul, now, "--date", day_after(fx, START, 120), "--json");
    expect_bad_input(r, "patient");
    CHECK(strstr(r->err, "not in maintenance"), "the refusal says why: %s", r->err);

    /* what Gail kept up in maintenance */
    j = json_of(fx, MOVERX(fx, "export", gail, "--format", "json"));
    kept = json_object_get(json_array_get(json_object_get(j, "episodes"), 0), "plan_versions");
    kept = json_object_get(json_object_get(json_array_get(kept, json_array_size(kept) - 1), "plan"),
                           "items");
    CHECK(json_array_size(kept) > 0, "the maintenance plan has exercises");
    json_incref(kept);
    /* a relapse at day 120: a new course at week 1 from those exercises */
    j = json_of(fx,
                MOVERX(fx, "restart", gail, now, "--date", day_after(fx, START, 120), "--json"));
    CHECK(strcmp(str(j, "status"), "active") == 0, "the new course is active (%s)",
          str(j, "status"));
    CHECK(strstr(str(json_object_get(j, "plan"), "explanation"), "starts again from") &&
              strstr(str(json_object_get(j, "plan"), "explanation"), "get in touch in the next 3"),
          "the plan says it starts from what she kept up: %s",
          str(json_object_get(j, "plan"), "explanation"));
    json_array_foreach(kept, k, seed)
    {
        json_array_foreach(json_object_get(json_object_get(j, "plan"), "items"), m, it)
        {
            json_t *a = json_deep_copy(json_object_get(seed, "dose")),
                   *b = json_deep_copy(json_object_get(it, "dose"));
            if (strcmp(str(seed, "exercise"), str(it, "exercise")) != 0) {
                json_decref(a);
                json_decref(b);
                continue;
            }
            n_seen++;
            {
                /* about half: no part of the dose above what she kept, some part below */
                const char *key;
                json_t *v;
                bool above = false, below = false;
                json_object_foreach(a, key, v)
                {
                    json_int_t now_v = json_integer_value(json_object_get(b, key));
                    above |= now_v > json_integer_value(v);
                    below |= now_v < json_integer_value(v);
                }
                n_kept += !above && below;
            }
            json_decref(a);
            json_decref(b);
        }
    }
    CHECK(n_seen == json_array_size(kept) && n_kept == n_seen,
          "every exercise she kept up is in the new plan at about half the dose she kept (%zu of "
          "%zu, %zu at less)",
          n_seen, json_array_size(kept), n_kept);
    json_decref(kept);
    {
        /* the promise of contact is a task on the care team's queue, due in 3 days */
        json_t *tasks = json_of(fx, MOVERX(fx, "tasks", "--patient", gail, "--json")), *t;
        bool promised = false;
        json_array_foreach(json_object_get(tasks, "tasks"), k, t)
        {
            promised |= strcmp(str(t, "status"), "open") == 0 &&
                        strcmp(str(t, "due"), day_after(fx, START, 123)) == 0;
        }
        CHECK(promised, "the restart's contact is an open task due in 3 days");
    }
    j = json_of(fx, MOVERX(fx, "today", gail, "--date", day_after(fx, START, 120), "--json"));
    CHECK(json_integer_value(json_object_get(j, "week")) == 1 &&
              strcmp(str(j, "phase"), "settle") == 0 && strcmp(str(j, "status"), "active") == 0,
          "the new course is at week 1, settling in (week %lld, %s, %s)",
          (long long)json_integer_value(json_object_get(j, "week")), str(j, "phase"),
          str(j, "status"));
    /* a relapse in the middle of a flare: the new course halves the doses from before the
     * flare, not the flare's own halves (a quarter of what she kept up) */
    {
        const char *fay = course_to_week_12(fx, "Fay Flare", "2", "0,0,1,0,1,0,0,-,0,0", "8,8,8");
        json_t *fk, *fj;
        size_t n_matched = 0, n_ok = 0;
        json_of(fx, MOVERX(fx, "checkin", fay, "--date", day_after(fx, START, 84), "--pain", "2",
                           "--json"));
        fj = json_of(fx, MOVERX(fx, "export", fay, "--format", "json"));
        fk = json_object_get(json_array_get(json_object_get(fj, "episodes"), 0), "plan_versions");
        fk = json_object_get(json_object_get(json_array_get(fk, json_array_size(fk) - 1), "plan"),
                             "items");
        json_incref(fk);
        for (long d = 116; d <= 118; d++)
            json_of(fx, MOVERX(fx, "checkin", fay, "--date", day_after(fx, START, d), "--pain", "7",
                               "--flare", "--json"));
        fj = json_of(
            fx, MOVERX(fx, "restart", fay, now, "--date", day_after(fx, START, 120), "--json"));
        json_array_foreach(fk, k, seed)
        {
            json_array_foreach(json_object_get(json_object_get(fj, "plan"), "items"), m, it)
            {
                double before = 1, after = 1;
                const char *key;
                json_t *v;
                if (strcmp(str(seed, "exercise"), str(it, "exercise")) != 0)
                    continue;
                json_object_foreach(json_object_get(seed, "dose"), key, v) before *=
                    (double)json_integer_value(v);
                json_object_foreach(json_object_get(it, "dose"), key, v) after *=
                    (double)json_integer_value(v);
                n_matched++;
                n_ok += after >= 0.35 * before && after < before;
            }
        }
        CHECK(n_matched > 0 && n_ok == n_matched,
              "from a flare, the new course is about half the doses from before it (%zu of %zu)",
              n_ok, n_matched);
        json_decref(fk);
    }
    /* a second restart is refused: the new course is not in maintenance */
    r = MOVERX(fx, "restart", gail, now, "--date", day_after(fx, START, 121), "--json");
    expect_bad_input(r, "patient");

    /* an emergency answer at the restart stops the program and says what to do now */
    j = json_of(fx,
                MOVERX(fx, "restart", rita, sos, "--date", day_after(fx, START, 120), "--json"));
    CHECK(strcmp(str(j, "status"), "stopped") == 0 && json_is_null(json_object_get(j, "plan")),
          "an emergency answer stops the new course before it starts (%s)", str(j, "status"));
    CHECK(strcmp(str(json_object_get(j, "triage"), "tier"), "emergency") == 0,
          "and the triage says emergency");
}

/*
 * Today's cards carry the library's own caution for the person's condition
 * (here leg pain), and a yoga routine lists its moves, a move that is also
 * one of the day's exercises marked to skip (it is done once).
 */
static void today_shows_cautions_and_routine_moves(void **state)
{
    struct fixture *fx = *state;
    json_t *doc = json_load_file(EXAMPLE_INTAKE, 0, NULL), *j, *it, *move, *other;
    const char *in_path = path_in(fx, "yoga.json"), *p;
    size_t k, m, o;
    int cautions = 0, routines = 0, skipped = 0;

    CHECK(doc != NULL, "the example intake must load");
    json_object_set_new(json_object_get(doc, "preferences"), "yoga", json_true());
    json_object_set_new(json_object_get(doc, "preferences"), "pool_access", json_false());
    json_object_set_new(doc, "availability",
                        json_pack("{s[sssssss], si}", "days", "mon", "tue", "wed", "thu", "fri",
                                  "sat", "sun", "minutes_per_day", 60));
    write_json_file(in_path, doc);
    init_store(fx, fx->db);
    p = add_patient(fx, "Yara Yoga", "1975");
    json_of(fx, MOVERX(fx, "intake", p, in_path, "--date", START, "--json"));
    for (long d = 0; d < 7; d++) {
        j = json_of(fx, MOVERX(fx, "today", p, "--date", day_after(fx, START, d), "--json"));
        json_array_foreach(json_object_get(j, "items"), k, it)
        {
            if (str(it, "caution")) {
                json_t *ex = json_of(
                    fx, MOVERX_DB(fx, NULL, "exercises", "show", str(it, "exercise"), "--json"));
                const char *note =
                    str(json_object_get(json_object_get(ex, "cautions"), "acute_leg_pain"), "note");
                CHECK(note && strstr(str(it, "caution"), note),
                      "%s: the card's caution is the library's own for leg pain", str(it, "name"));
                cautions++;
            }
            if (!json_array_size(json_object_get(it, "routine")))
                continue;
            routines++;
            json_array_foreach(json_object_get(it, "routine"), m, move)
            {
                bool also = false;
                json_array_foreach(json_object_get(j, "items"), o, other) also |=
                    o != k && strcmp(str(other, "exercise"), str(move, "exercise")) == 0;
                CHECK(!also || json_is_true(json_object_get(move, "skip")),
                      "%s in the routine is one of the day's exercises: skipped there",
                      str(move, "exercise"));
                CHECK(!json_is_true(json_object_get(move, "skip")) ||
                          (str(move, "caution") && *str(move, "caution")),
                      "%s: a skipped move says why", str(move, "exercise"));
                skipped += also;
                CHECK(str(move, "text") && *str(move, "text"), "each move says its dose in words");
            }
        }
    }
    CHECK(cautions > 0, "leg pain: some card carries its caution every day it is done");
    CHECK(routines > 0, "the yoga routine is on some day of the week, with its moves");
    (void)skipped;
}

/* ==================== 3. Failing commands leave the store unchanged ==================== */

struct refusal {
    const char *names; /* what the error line must name ("@P": the patient) */
    const char *input; /* standard input, or NULL */
    const char *args[12];
};

/* "@P" is the patient, "@EXPORT" the patient's export. */
static const char *placeholder(const char *arg, const char *patient, const char *export_path)
{
    if (strcmp(arg, "@P") == 0)
        return patient;
    if (strcmp(arg, "@EXPORT") == 0)
        return export_path;
    return arg;
}

static void failing_commands_leave_the_store_unchanged(void **state)
{
    static const struct refusal cases[] = {
        /* An unknown patient. */
        {"no-such-patient", NULL, {"today", "no-such-patient", "--date", "2026-01-07"}},
        {"no-such-patient",
         NULL,
         {"checkin", "no-such-patient", "--date", "2026-01-07", "--pain", "3"}},
        {"no-such-patient",
         NULL,
         {"log", "no-such-patient", "--date", "2026-01-07", "--pain-during", "3"}},
        {"no-such-patient", NULL, {"intake", "no-such-patient", EXAMPLE_INTAKE}},
        {"no-such-patient", NULL, {"progress", "no-such-patient"}},
        {"no-such-patient", NULL, {"export", "no-such-patient", "--format", "json"}},
        /* Values out of range or malformed. */
        {"--date", NULL, {"checkin", "@P", "--date", "2026-02-30", "--pain", "3"}},
        {"--date", NULL, {"log", "@P", "--date", "2026-02-30", "--pain-during", "3"}},
        {"--pain", NULL, {"checkin", "@P", "--date", "2026-01-07", "--pain", "11"}},
        {"--next-morning-pain",
         NULL,
         {"checkin", "@P", "--date", "2026-01-07", "--pain", "3", "--next-morning-pain", "-2"}},
        {"--pain-during", NULL, {"log", "@P", "--date", "2026-01-07", "--pain-during", "-1"}},
        {"--difficulty",
         NULL,
         {"log", "@P", "--date", "2026-01-07", "--pain-during", "3", "--difficulty", "meh"}},
        {"nosuch",
         NULL,
         {"log", "@P", "--date", "2026-01-07", "--pain-during", "3", "--item", "nosuch=yes"}},
        {"--item",
         NULL,
         {"log", "@P", "--date", "2026-01-07", "--pain-during", "3", "--item",
          "sit-to-stand-assisted=maybe"}},
        {"--item",
         NULL,
         {"log", "@P", "--date", "2026-01-07", "--pain-during", "3", "--item",
          "sit-to-stand-assisted=yes,pain=11"}},
        {"--item",
         NULL,
         {"log", "@P", "--date", "2026-01-07", "--pain-during", "3", "--item",
          "sit-to-stand-assisted=yes,difficulty=meh"}},
        {"--item",
         NULL,
         {"log", "@P", "--date", "2026-01-07", "--pain-during", "3", "--item",
          "sit-to-stand-assisted=no,pain=4"}},
        {"nosuchfield",
         NULL,
         {"checkin", "@P", "--date", "2026-01-07", "--pain", "3", "--red-flag", "nosuchfield"}},
        {"--feel-better",
         NULL,
         {"checkin", "@P", "--date", "2026-01-07", "--pain", "3", "--feel-better", "nonsense"}},
        {"--get-better",
         NULL,
         {"checkin", "@P", "--date", "2026-01-07", "--pain", "3", "--get-better", "heat"}},
        /* A second entry for a day, or one before the program started. */
        {"--date", NULL, {"checkin", "@P", "--date", "2026-01-06", "--pain", "3"}},
        {"--date", NULL, {"log", "@P", "--date", "2026-01-06", "--pain-during", "3"}},
        {"--date", NULL, {"log", "@P", "--date", "2026-01-01", "--pain-during", "2"}},
        {"--date", NULL, {"checkin", "@P", "--date", "2026-01-01", "--pain", "2"}},
        /* Malformed intakes. */
        {"not-json.txt", NULL, {"intake", "@P", NOT_JSON, "--date", "2026-01-07"}},
        {"bogus_field",
         "{\"pain_now\":5," INTAKE_FIELDS ",\"bogus_field\":1}",
         {"intake", "@P", "-", "--date", "2026-01-07"}},
        {"pain_now",
         "{\"pain_now\":12," INTAKE_FIELDS "}",
         {"intake", "@P", "-", "--date", "2026-01-07"}},
        {"stdin", "{\"pain_now\":", {"intake", "@P", "-", "--date", "2026-01-07"}},
        /* Imports: not JSON, not an export, a patient already here. */
        {"not-json.txt", NULL, {"import", NOT_JSON}},
        {"organization", "{\"format\":\"moverx-export\",\"format_version\":1}", {"import", "-"}},
        {"@P", NULL, {"import", "@EXPORT"}},
        /* Options. */
        {"--format", NULL, {"export", "@P", "--format", "xml"}},
        {"--frobnicate", NULL, {"today", "@P", "--date", "2026-01-07", "--frobnicate"}},
        {"--paine", NULL, {"checkin", "@P", "--date", "2026-01-07", "--paine", "3"}},
        /* A date far ahead (a typo would move the engine's review days on for good). */
        {"--date", NULL, {"checkin", "@P", "--date", "9999-12-31", "--pain", "3"}},
        {"--date", NULL, {"log", "@P", "--date", "2999-01-01", "--pain-during", "3"}},
        /* Names: not UTF-8, control characters, too long. */
        {"--name", NULL, {"patient", "add", "--name", "Bad\xff", "--birth-year", "1970"}},
        {"--name", NULL, {"patient", "add", "--name", "Tab\there", "--birth-year", "1970"}},
        {"--birth-year", NULL, {"patient", "add", "--name", "Old", "--birth-year", "1800"}},
        {"--feel-better",
         NULL,
         {"checkin", "@P", "--date", "2026-01-07", "--pain", "3", "--feel-better",
          "he\xff"
          "at"}},
        /* Follow-up questionnaires: bad answers, another PSFS's activities, none at all,
         * a second ODI on a day (2026-01-06 has one), a date before the start. The last
         * has a good ODI beside a bad PSFS rating: nothing of it may be stored. */
        {"no-such-patient", NULL, {"assess", "no-such-patient", "--rmdq", "1"}},
        {"odi[4]", NULL, {"assess", "@P", "--date", "2026-01-07", "--odi", "1,1,1,1,9,1,1,1,1,1"}},
        {"odi", NULL, {"assess", "@P", "--date", "2026-01-07", "--odi", "1,1,1,1,1,1,1,-,-,-"}},
        {"--odi", NULL, {"assess", "@P", "--date", "2026-01-07", "--odi", "1,x"}},
        {"rmdq", NULL, {"assess", "@P", "--date", "2026-01-07", "--rmdq", "3,3"}},
        {"--psfs", NULL, {"assess", "@P", "--date", "2026-01-07", "--psfs", "dancing=5"}},
        {"--psfs", NULL, {"assess", "@P", "--date", "2026-01-07", "--psfs", "5,6"}},
        {"--odi", NULL, {"assess", "@P", "--date", "2026-01-07"}},
        {"odi", NULL, {"assess", "@P", "--date", "2026-01-06", "--odi", "0,0,0,0,0,0,0,0,0,0"}},
        {"--date", NULL, {"assess", "@P", "--date", "2026-01-01", "--rmdq", "1"}},
        {"--date", NULL, {"assess", "@P", "--date", "2999-01-01", "--rmdq", "1"}},
        {"psfs[1].rating",
         NULL,
         {"assess", "@P", "--date", "2026-01-07", "--odi", "0,0,0,0,0,0,0,0,0,0", "--psfs",
          "5,11,6"}},
        /* An organization that does not exist. */
        {"--org", NULL, {"alerts", "--org", "no-such-org"}},
        {"--org", NULL, {"patient", "add", "--name", "X", "--birth-year", "1970", "--org", "nope"}},
        /* A new intake may not start before the current episode. */
        {"--date", NULL, {"intake", "@P", EXAMPLE_INTAKE, "--date", "2025-12-01"}},
        /* Exports with content that does not fit: a session's pain, a plan with no exercise. */
        {"pain_during",
         "{\"format\":\"moverx-export\",\"format_version\":1,\"organization\":{\"id\":\"0a\","
         "\"name\":\"O\"},\"patient\":{\"id\":\"0b\",\"name\":\"N\",\"birth_year\":1970,"
         "\"created_at\":\"2026-01-05T09:00:00Z\"},\"episodes\":[{\"id\":\"0c\",\"seq\":1,"
         "\"start\":\"2026-01-05\",\"status\":\"stopped\",\"reviewed_through\":\"2026-01-04\","
         "\"engine_state\":null,\"created_at\":\"2026-01-05T09:00:00Z\",\"intake\":{\"date\":"
         "\"2026-01-05\",\"answers\":{},\"triage\":{},\"recorded_at\":\"2026-01-05T09:00:00Z\"},"
         "\"assessments\":[],\"plan_versions\":[],\"decisions\":[],\"sessions\":[{\"date\":"
         "\"2026-01-05\",\"pain_during\":11,\"difficulty\":null,\"items\":[],\"note\":null,"
         "\"recorded_at\":\"2026-01-05T09:00:00Z\"}],\"checkins\":[],\"alerts\":[]}],"
         "\"messages\":[]}",
         {"import", "-"}},
    };
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL), *export_path = path_in(fx, "export.json");
    const char *missing = path_in(fx, "missing.db"), *missing_dir = path_in(fx, "nodir/store.db");
    const struct run *r;

    ordinary_day(fx, p, START, "4", "3");
    ordinary_day(fx, p, "2026-01-06", "4", "3");
    json_of(fx, MOVERX(fx, "assess", p, "--date", "2026-01-06", "--odi", "1,1,1,1,1,1,1,1,1,1",
                       "--json"));
    r = MOVERX(fx, "export", p, "--format", "json");
    expect_ok(r);
    write_file(export_path, r->out);

    for (size_t i = 0; i < MRX_ARRAY_LEN(cases); i++) {
        const char *args[MRX_ARRAY_LEN(cases[i].args) + 1] = {NULL};
        for (size_t k = 0; cases[i].args[k]; k++)
            args[k] = placeholder(cases[i].args[k], p, export_path);
        expect_refused(fx, fx->db, placeholder(cases[i].names, p, export_path), cases[i].input,
                       args);
    }

    /* A store that does not exist is bad input, and is not created. */
    expect_bad_input(MOVERX_DB(fx, missing, "today", p, "--date", START), "db");
    expect_bad_input(MOVERX_DB(fx, missing, "checkin", p, "--date", START, "--pain", "3", "--json"),
                     "db");
    expect_bad_input(
        MOVERX_DB(fx, missing_dir, "patient", "add", "--name", "X", "--birth-year", "1980"), "db");
    CHECK(!file_exists(missing), "a command on a missing store created %s", missing);
    CHECK(!file_exists(path_in(fx, "missing.db-wal")), "a missing store got a -wal file");
    CHECK(!file_exists(path_in(fx, "nodir")), "a command on a missing store made its directory");
}

/* ==================== 4. Export, import, export ==================== */

static void export_import_export_round_trip(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL), *file = path_in(fx, "export.json");
    const char *other = path_in(fx, "other.db");
    json_t *first, *second, *j, *alert;
    const struct run *a, *b;

    ordinary_day(fx, p, START, "4", "3");
    json_of(fx, MOVERX(fx, "checkin", p, "--date", "2026-01-06", "--pain", "4",
                       "--next-morning-pain", "3", "--feel-better", "heat,massage", "--json"));
    json_of(fx, MOVERX(fx, "log", p, "--date", "2026-01-06", "--pain-during", "3", "--difficulty",
                       "easy", "--item", "sit-to-stand-assisted=no", "--item", "walking=yes",
                       "--json"));
    /* Follow-up questionnaires: more assessments to carry over. */
    json_of(fx, MOVERX(fx, "assess", p, "--date", "2026-01-06", "--rmdq", "2,5", "--psfs", "5,5,6",
                       "--json"));
    /* A fever reported at a check-in: urgent, an alert for the care team. */
    j = json_of(fx, MOVERX(fx, "checkin", p, "--date", "2026-01-07", "--pain", "5", "--red-flag",
                           "temperature_c=38.5", "--json"));
    CHECK(json_array_size(json_object_get(j, "alerts")) > 0,
          "a fever at a check-in must raise an alert");

    a = MOVERX(fx, "export", p, "--format", "json");
    first = json_of(fx, a);
    write_file(file, a->out);

    init_store(fx, other);
    j = json_of(fx, MOVERX_DB(fx, other, "import", file, "--json"));
    expect_str(j, "id", p, "import --json");
    b = MOVERX_DB(fx, other, "export", p, "--format", "json");
    second = json_of(fx, b);
    CHECK(json_equal(first, second), "export, import, export must give the same document");
    CHECK(strcmp(a->out, b->out) == 0,
          "export, import, export must give the same bytes (first difference at byte %zu)",
          first_difference(a->out, a->out_len, b->out, b->out_len));

    /* The imported patient is whole: the same progress in both stores. (Fails while the export
     * leaves out sessions and check-ins: see export_holds_every_entry.) */
    CHECK(json_equal(
              json_of(fx, MOVERX(fx, "progress", p, "--date", "2026-01-08", "--json")),
              json_of(fx, MOVERX_DB(fx, other, "progress", p, "--date", "2026-01-08", "--json"))),
          "progress on the imported patient must match the original");

    /* Importing the same export again is refused, and changes nothing. */
    expect_refused(fx, other, p, NULL, ARGS("import", file));

    /* The export holds the check-in's alert. */
    alert =
        find_by(json_object_get(json_array_get(json_object_get(first, "episodes"), 0), "alerts"),
                "tier", "urgent");
    CHECK(alert != NULL, "the export must hold the urgent alert of the fever check-in");
}

/*
 * The export holds every session and check-in ("everything held about the
 * patient"), in JSON and in CSV.
 * (A regression test: an upper bound past 9999-12-31 once sorted, as text,
 * before every real date, and the export held no entries.)
 */
static void export_holds_every_entry(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *doc, *ep;
    const struct run *r;
    struct csv csv;

    for (long d = 0; d < 3; d++)
        ordinary_day(fx, p, day_after(fx, START, d), "4", "3");
    doc = json_of(fx, MOVERX(fx, "export", p, "--format", "json"));
    ep = json_array_get(json_object_get(doc, "episodes"), 0);
    CHECK(json_array_size(json_object_get(ep, "sessions")) == 3,
          "export: 3 sessions were logged, the export holds %zu",
          json_array_size(json_object_get(ep, "sessions")));
    CHECK(json_array_size(json_object_get(ep, "checkins")) == 3,
          "export: 3 check-ins were recorded, the export holds %zu",
          json_array_size(json_object_get(ep, "checkins")));
    expect_str(json_array_get(json_object_get(ep, "checkins"), 0), "date", START,
               "the first exported check-in");

    r = MOVERX(fx, "export", p, "--format", "csv");
    expect_ok(r);
    csv_parse(fx, r->out, &csv);
    CHECK(csv_entries(&csv, "session") == 3, "export csv: 3 sessions expected, got %zu",
          csv_entries(&csv, "session"));
    CHECK(csv_entries(&csv, "checkin") == 3, "export csv: 3 check-ins expected, got %zu",
          csv_entries(&csv, "checkin"));
}

/*
 * Follow-up questionnaires (moverx assess) are scored as the intake scores
 * them and set against the episode's first score: the example intake's ODI
 * is 17 of 45 (37.8 %) and its PSFS 3, 4, 5 (mean 4).
 */
static void follow_up_questionnaires_show_their_change(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *j, *odi, *psfs, *rmdq, *changes;

    /* Four weeks on: ODI 8 of 45 (17.8 %, 20 points better), the same activities re-rated. */
    j = json_of(fx, MOVERX(fx, "assess", p, "--date", "2026-02-02", "--odi", "1,1,1,1,1,1,1,-,1,0",
                           "--psfs", "6,7,7", "--rmdq", "2,5,11", "--json"));
    expect_str(j, "date", "2026-02-02", "assess --json");
    CHECK(json_array_size(json_object_get(j, "scores")) == 3, "assess: three scores expected");
    odi = find_by(json_object_get(j, "changes"), "instrument", "odi");
    psfs = find_by(json_object_get(j, "changes"), "instrument", "psfs");
    rmdq = find_by(json_object_get(j, "changes"), "instrument", "rmdq");
    CHECK(odi && psfs, "assess: a change for the ODI and the PSFS expected");
    expect_str(odi, "baseline_date", START, "the ODI change");
    CHECK(json_real_value(json_object_get(odi, "baseline")) == 37.8 &&
              json_real_value(json_object_get(odi, "followup")) == 17.8 &&
              json_real_value(json_object_get(odi, "change")) == 20.0 &&
              json_is_true(json_object_get(odi, "important")),
          "the ODI change: 37.8 -> 17.8, 20 points, important");
    CHECK(json_real_value(json_object_get(psfs, "change")) == 2.7 &&
              json_is_true(json_object_get(psfs, "important")),
          "the PSFS change: 4 -> 6.7, important (2 points)");
    { /* and each goal: gardening 3 -> 6, sitting through a film 4 -> 7, shopping 5 -> 7 */
        json_t *goals = json_object_get(j, "goals"), *g = json_array_get(goals, 0);
        CHECK(json_array_size(goals) == 3 && strcmp(str(g, "activity"), "gardening") == 0 &&
                  json_integer_value(json_object_get(g, "first")) == 3 &&
                  json_integer_value(json_object_get(g, "now")) == 6,
              "the check-up gives each goal's first rating and today's");
    }
    /* The first RMDQ of the episode is its baseline: no change yet. */
    CHECK(!rmdq, "the episode's first RMDQ has no change");

    /* Progress: the first and latest of each instrument with two scores. */
    j = json_of(fx, MOVERX(fx, "progress", p, "--date", "2026-02-03", "--json"));
    changes = json_object_get(j, "score_changes");
    CHECK(json_array_size(changes) == 2, "progress: changes for the ODI and the PSFS, got %zu",
          json_array_size(changes));
    expect_str(json_array_get(changes, 0), "instrument", "odi", "progress score_changes[0]");
    expect_str(json_array_get(changes, 1), "instrument", "psfs", "progress score_changes[1]");
    CHECK(json_array_size(json_object_get(j, "psfs_activities")) == 3,
          "progress: the PSFS activities to re-rate");
    /* A view before the follow-up has only the intake's scores: no change yet. */
    j = json_of(fx, MOVERX(fx, "progress", p, "--date", "2026-01-20", "--json"));
    CHECK(json_array_size(json_object_get(j, "score_changes")) == 0,
          "progress before the follow-up: no score change");
}

/* ==================== 5. Red flags at a check-in ==================== */

static void red_flag_emergency_stops_the_program(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL), *other;
    json_t *j, *alert;
    const struct run *r;

    ordinary_day(fx, p, START, "4", "3");
    j = json_of(fx, MOVERX(fx, "checkin", p, "--date", "2026-01-06", "--pain", "5", "--red-flag",
                           "saddle_numbness", "--json"));
    expect_str(json_object_get(j, "triage"), "tier", "emergency", "an emergency check-in");
    expect_str(j, "status", "stopped", "an emergency check-in");
    alert = find_by(json_object_get(j, "alerts"), "tier", "emergency");
    CHECK(alert != NULL, "an emergency check-in must raise an emergency alert");
    CHECK(str(alert, "detail") && strstr(str(alert, "detail"), "saddle numbness"),
          "the alert must name what was reported");
    j = json_of(fx, MOVERX(fx, "alerts", "--json"));
    CHECK(find_by(json_object_get(j, "alerts"), "tier", "emergency"),
          "alerts: the emergency must be open for the care team");

    j = json_of(fx, MOVERX(fx, "today", p, "--date", "2026-01-07", "--json"));
    expect_str(j, "status", "stopped", "today after an emergency");
    CHECK(str(j, "message") && strstr(str(j, "message"), "emergency"),
          "today after an emergency must say what to do now");
    CHECK(json_array_size(json_object_get(j, "items")) == 0,
          "today after an emergency must hold no exercises");

    /* No session while the program is stopped; nothing is written. */
    REFUSED(fx, "patient", "log", p, "--date", "2026-01-07", "--pain-during", "2");

    /* For people, the emergency instruction comes first. */
    other = add_patient(fx, "Bo Example", "1980");
    json_of(fx, MOVERX(fx, "intake", other, EXAMPLE_INTAKE, "--date", START, "--json"));
    r = MOVERX(fx, "checkin", other, "--date", "2026-01-06", "--pain", "5", "--red-flag",
               "bladder_dysfunction");
    expect_ok(r);
    CHECK(strncmp(r->out, "Call your emergency number now", 30) == 0,
          "checkin: the emergency instruction must come first, got:\n%s", r->out);
}

static void red_flag_urgent_pauses_the_program(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    json_t *j, *changes, *last;

    ordinary_day(fx, p, START, "4", "3");
    /* unexplained_weight_loss: urgent in data/rules/triage.json (rule weight_loss). */
    j = json_of(fx, MOVERX(fx, "checkin", p, "--date", "2026-01-06", "--pain", "5", "--red-flag",
                           "unexplained_weight_loss", "--json"));
    expect_str(json_object_get(j, "triage"), "tier", "urgent", "an urgent check-in");
    expect_str(j, "status", "paused", "an urgent check-in");
    CHECK(find_by(json_object_get(j, "alerts"), "tier", "urgent"),
          "an urgent check-in must raise an urgent alert");
    CHECK(find_by(json_object_get(j, "alerts"), "rule", "weight_loss"),
          "the alert names the triage rule that fired");

    /* Paused: no exercises, what to do now and why (CONTRACT.md "pause"). */
    j = json_of(fx, MOVERX(fx, "today", p, "--date", "2026-01-07", "--json"));
    expect_str(j, "status", "paused", "today after an urgent red flag");
    CHECK(json_array_size(json_object_get(j, "items")) == 0, "a paused today lists no exercise");
    CHECK(json_is_null(json_object_get(j, "walking")), "a paused today has no walk to do");
    CHECK(strstr(json_string_value(json_object_get(j, "message")), "paused"),
          "a paused today says so");
    CHECK(find_by(json_object_get(j, "reasons"), "rule", "weight_loss"),
          "a paused today says why, in the rule's words");

    /* No session while paused; the store is as it was. Check-ins go on. */
    REFUSED(fx, "patient", "log", p, "--date", "2026-01-07", "--pain-during", "2");
    json_of(fx, MOVERX(fx, "checkin", p, "--date", "2026-01-07", "--pain", "4", "--json"));

    /* The pause is a plan change: with its reason and its evidence (docs/records.md "Progress"),
     * the alert's citation when no dose changed. */
    j = json_of(fx, MOVERX(fx, "progress", p, "--date", "2026-01-07", "--json"));
    changes = expect_list(j, "plan_changes", "progress after an urgent red flag");
    last = json_array_get(changes, json_array_size(changes) - 1);
    expect_str(last, "date", "2026-01-06", "the pause");
    expect_nonempty_str(last, "reason", "the plan change that paused the program");
    expect_nonempty_str(last, "evidence", "the plan change that paused the program");
}

/*
 * A red flag reported for a day the engine has already reviewed (a late
 * check-in for yesterday) still acts at once. After an emergency stop a new
 * intake needs --after-review, the clinician's word that the patient was seen.
 */
static void back_dated_red_flag_still_acts(void **state)
{
    struct fixture *fx = *state;
    const char *p = patient_with_intake(fx, NULL);
    const struct run *r;
    json_t *j;

    ordinary_day(fx, p, "2026-01-06", "3", "3");
    ordinary_day(fx, p, "2026-01-08", "3", "3");
    j = json_of(fx, MOVERX(fx, "checkin", p, "--date", "2026-01-07", "--pain", "4", "--red-flag",
                           "saddle_numbness", "--json"));
    expect_str(j, "status", "stopped", "a back-dated emergency check-in");
    CHECK(json_array_size(json_object_get(j, "alerts")) == 1,
          "a back-dated emergency must raise an alert for the care team");
    r = MOVERX(fx, "log", p, "--date", "2026-01-09", "--pain-during", "2");
    CHECK(r->status == 2, "sessions must be refused once the program is stopped, got %d",
          r->status);
    r = MOVERX(fx, "intake", p, EXAMPLE_INTAKE, "--date", "2026-01-10");
    CHECK(r->status == 2, "a new intake after an emergency stop needs --after-review, got %d",
          r->status);
    expect_one_error_line(r, "patient");
    j = json_of(fx, MOVERX(fx, "intake", p, EXAMPLE_INTAKE, "--date", "2026-01-10",
                           "--after-review", "--json"));
    expect_str(j, "status", "active", "an intake after the clinician's review");
}

/*
 * Triage is always available (CONTRACT.md): before any intake, a check-in's
 * emergency sign is triaged, alerts the care team and stops the program
 * before it starts; without a warning sign, the check-in waits for the
 * intake and nothing is written.
 */
static void red_flag_before_the_intake_still_acts(void **state)
{
    struct fixture *fx = *state;
    const char *p;
    const struct run *r;
    json_t *j;

    init_store(fx, fx->db);
    p = add_patient(fx, "Fay Early", "1980");
    REFUSED(fx, "patient", "checkin", p, "--date", START, "--pain", "3");
    r = MOVERX(fx, "checkin", p, "--date", START, "--pain", "6", "--red-flag", "saddle_numbness");
    expect_ok(r);
    CHECK(strncmp(r->out, "Call your emergency number now", 30) == 0,
          "before the intake, the emergency instruction must come first, got:\n%s", r->out);
    j = json_of(fx, MOVERX(fx, "alerts", "--json"));
    CHECK(find_by(json_object_get(j, "alerts"), "rule", "saddle_numbness"),
          "the care team must see the emergency reported before the intake");
    j = json_of(fx, MOVERX(fx, "today", p, "--date", START, "--json"));
    expect_str(j, "status", "stopped", "today after an emergency before the intake");
    r = MOVERX(fx, "intake", p, EXAMPLE_INTAKE, "--date", START);
    CHECK(r->status == 2, "an intake after it needs --after-review, got %d", r->status);
}

/*
 * Standing answers: the intake's history (immunosuppressed) is merged into a
 * check-in that does not ask it, so 37.6 C is urgent; the record's age is the
 * intake's when it gives none.
 */
static void standing_answers_and_the_records_age(void **state)
{
    struct fixture *fx = *state;
    const char *p, *path = path_in(fx, "standing.json");
    json_t *doc, *j;
    char *text;

    init_store(fx, fx->db);
    p = add_patient(fx, "Gil Standing", "1960");
    doc = json_load_file(EXAMPLE_INTAKE, 0, NULL);
    CHECK(doc != NULL, "cannot read %s", EXAMPLE_INTAKE);
    json_object_del(doc, "age");
    json_object_set_new(doc, "red_flags", json_pack("{sb}", "immunosuppressed", true));
    text = keep(fx, json_dumps(doc, 0));
    json_decref(doc);
    write_file(path, text);
    j = json_of(fx, MOVERX(fx, "intake", p, path, "--date", START, "--json"));
    expect_str(json_object_get(j, "triage"), "tier", "routine", "an immunosuppressed intake");
    j = json_of(fx, MOVERX(fx, "checkin", p, "--date", "2026-01-06", "--pain", "4", "--red-flag",
                           "temperature_c=37.6", "--json"));
    expect_str(json_object_get(j, "triage"), "tier", "urgent", "37.6 C when immunosuppressed");
    expect_str(j, "status", "paused", "37.6 C when immunosuppressed");
    CHECK(find_by(json_object_get(j, "alerts"), "rule", "infection_risk"),
          "the infection risk must reach the care team");

    /* no age in the intake: 66 by the birth year, so a minor knock is urgent */
    p = add_patient(fx, "Hal Older", "1960");
    doc = json_load_file(EXAMPLE_INTAKE, 0, NULL);
    json_object_del(doc, "age");
    json_object_set_new(doc, "red_flags", json_pack("{ss}", "trauma", "minor"));
    text = keep(fx, json_dumps(doc, 0));
    json_decref(doc);
    write_file(path, text);
    j = json_of(fx, MOVERX(fx, "intake", p, path, "--date", START, "--json"));
    CHECK(find_by(json_object_get(json_object_get(j, "triage"), "reasons"), "rule",
                  "fragility_fracture"),
          "the record's age must be the intake's when it gives none");
}

/* ==================== 6. The interactive intake ==================== */

/*
 * Answers in the order of src/cli/intake_interactive.c: age (it changes what
 * some red flags mean), 24 yes/no red-flag questions, a fall (0-2), leg
 * weakness (0-2), a temperature (Enter: not taken), weeks without improvement.
 */
#define TWENTY_THREE_NO "n\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\n"
#define NO_RED_FLAGS "46\nn\n" TWENTY_THREE_NO "0\n0\n\n2\n"

static const char ordinary_answers[] =
    /* No red flag, no fall. */
    NO_RED_FLAGS
    /* Pain now, pain over the week, weeks of this episode, leg pain, pregnant. */
    "6\n5\n10\ny\nn\n"
    /* STarT Back: eight yes/no ("maybe" is asked again), then 0-4. */
    "y\nmaybe\nn\ny\nn\nn\ny\nn\nn\n4\n"
    /* Oswestry: ten answers 0-5. */
    "2\n1\n2\n2\n3\n2\n2\n0\n1\n2\n"
    /* PSFS: two activities and their ratings, then an empty line. */
    "gardening\n3\ncarrying shopping\n5\n\n"
    /* Walking minutes, minutes a day, days a week, six preferences. */
    "10\n25\n5\ny\ny\nn\nn\nn\ny\n";

/* The text of the prompts: "[y/n/?]" for the red flags, "[y/n]" and "[lo-hi]" after. */
static size_t count_prompts(const char *text)
{
    size_t n = 0;

    for (const char *p = text; (p = strchr(p, '[')) != NULL; p++)
        n += strncmp(p, "[y/n", 4) == 0 || isdigit((unsigned char)p[1]);
    return n;
}

/*
 * docs/records.md: "An emergency answer shows what to do now, before any other
 * question, and ends the questionnaire" (so "y" alone on stdin is enough: the
 * next test).
 */
static void interactive_emergency_answer_comes_first(void **state)
{
    struct fixture *fx = *state;
    const char *p, *msg;
    const struct run *r;
    json_t *j;
    char *before;

    init_store(fx, fx->db);
    p = add_patient(fx, "Cy Example", "1980");
    /* Age, then yes to the first red flag (saddle numbness); the rest would be "no". */
    r = MOVERX_IN(fx, "46\ny\n" TWENTY_THREE_NO "0\n0\n\n2\n", "intake", p, "--interactive",
                  "--date", START);
    expect_ok(r);
    j = json_of(fx, MOVERX(fx, "today", p, "--date", START, "--json"));
    expect_str(j, "status", "stopped", "today after an emergency answer at intake");

    msg = strstr(r->out, "Call your emergency number now");
    CHECK(msg != NULL, "the interactive intake must print the emergency message:\n%s", r->out);
    CHECK(!strstr(msg, "How bad is the pain"),
          "after an emergency answer the questionnaire must end:\n%s", r->out);
    before = keep(fx, xstrndup(r->out, (size_t)(msg - r->out)));
    CHECK(count_prompts(before) == 2 && count_prompts(msg) == 0,
          "the emergency message must come straight after the saddle-numbness answer, before any "
          "other question, and end the questionnaire; %zu questions were asked before it (2 "
          "expected: age, saddle numbness) and %zu after (0 expected)",
          count_prompts(before), count_prompts(msg));
}

static void interactive_emergency_needs_no_more_answers(void **state)
{
    struct fixture *fx = *state;
    const char *p;
    const struct run *r;
    json_t *j;

    init_store(fx, fx->db);
    p = add_patient(fx, "Di Example", "1980");
    /* Only two answers: the age, then yes to saddle numbness. That is enough to stop. */
    r = MOVERX_IN(fx, "46\ny\n", "intake", p, "--interactive", "--date", START);
    expect_ok(r);
    CHECK(strstr(r->out, "Call your emergency number now") != NULL,
          "the interactive intake must print the emergency message:\n%s", r->out);
    j = json_of(fx, MOVERX(fx, "today", p, "--date", START, "--json"));
    expect_str(j, "status", "stopped", "today after an emergency answer at intake");
}

static void interactive_ordinary_intake_gives_a_plan(void **state)
{
    struct fixture *fx = *state;
    const char *p;
    const struct run *r;
    json_t *j;

    init_store(fx, fx->db);
    p = add_patient(fx, "Ed Example", "1980");
    /* With --json the questions go to standard error; standard output is the result. */
    r = MOVERX_IN(fx, ordinary_answers, "intake", p, "--interactive", "--date", START, "--json");
    CHECK(r->status == 0, "%s: expected exit 0, got %d\nstderr: %s", r->cmd, r->status, r->err);
    CHECK(strstr(r->err, "Please type y or n"), "a bad answer must be asked again:\n%s", r->err);
    j = stdout_json(fx, r);
    expect_str(json_object_get(j, "triage"), "tier", "none", "the interactive intake");
    expect_list(json_object_get(j, "plan"), "items", "the interactive intake's plan");
    j = json_of(fx, MOVERX(fx, "today", p, "--date", START, "--json"));
    expect_str(j, "status", "active", "today after the interactive intake");
    j = json_of(fx, MOVERX(fx, "progress", p, "--date", START, "--json"));
    CHECK(find_by(json_object_get(j, "scores"), "instrument", "odi") &&
              find_by(json_object_get(j, "scores"), "instrument", "psfs"),
          "the interactive intake's questionnaires must be scored");
}

/* The interactive intake takes the days themselves (a day given twice is asked again), and
 * with a pool, the days they can get to it (a day not among theirs is asked again). */
static void interactive_intake_takes_the_days(void **state)
{
    struct fixture *fx = *state;
    const char *tail = "10\n25\n5\ny\ny\n", *at = strstr(ordinary_answers, tail), *p;
    const struct run *r;
    struct buf answers = {0};
    json_t *days, *pool;

    CHECK(at != NULL, "the ordinary answers end with walking, minutes, days and a pool");
    buf_add(&answers, ordinary_answers, (size_t)(at - ordinary_answers));
    buf_printf(&answers, "10\n25\nmon mon\ntue, Saturday\ny\ny\nwed\nsat\n%s", at + strlen(tail));
    keep(fx, answers.p);
    init_store(fx, fx->db);
    p = add_patient(fx, "Di Days", "1980");
    r = MOVERX_IN(fx, answers.p, "intake", p, "--interactive", "--date", START, "--json");
    CHECK(r->status == 0, "%s: expected exit 0, got %d\nstderr: %s", r->cmd, r->status, r->err);
    CHECK(strstr(r->err, "Please type days like"), "a day given twice must be asked again:\n%s",
          r->err);
    days = json_object_get(json_object_get(stdout_json(fx, r), "plan"), "days");
    CHECK(json_array_size(days) == 2 &&
              strcmp(json_string_value(json_array_get(days, 0)), "tue") == 0 &&
              strcmp(json_string_value(json_array_get(days, 1)), "sat") == 0,
          "the plan's days are Tuesday and Saturday");
    CHECK(strstr(r->err, "Please type some of the days you gave"),
          "a pool day not among theirs must be asked again:\n%s", r->err);
    pool = json_object_get(json_object_get(stdout_json(fx, r), "plan"), "pool_days");
    CHECK(json_array_size(pool) == 1 &&
              strcmp(json_string_value(json_array_get(pool, 0)), "sat") == 0,
          "the plan's pool day is Saturday");
}

static void interactive_input_ending_early_saves_nothing(void **state)
{
    struct fixture *fx = *state;
    struct snapshot before, after;
    const char *p;
    const struct run *r;

    init_store(fx, fx->db);
    p = add_patient(fx, "Flo Example", "1980");
    before = snapshot_of(fx, fx->db);
    r = MOVERX_IN(fx, NO_RED_FLAGS "6\n5\n", "intake", p, "--interactive", "--date", START);
    CHECK(r->status == 2, "%s: input that ends early must exit 2, got %d", r->cmd, r->status);
    expect_one_error_line(r, "stdin");
    after = snapshot_of(fx, fx->db);
    expect_same_store(&before, &after, r->cmd);
}

int main(void)
{
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(journey_end_to_end),
        TEST(tolerated_sessions_progress_with_reasons),
        TEST(per_item_responses_decide_for_their_item),
        TEST(per_item_pain_survives_a_swap),
        TEST(the_strata_promises_are_tasks),
        TEST(the_review_task_says_what_was_promised),
        TEST(the_week_keeps_to_the_persons_days),
        TEST(the_course_ends_in_maintenance_or_goes_on),
        TEST(an_unkept_promise_holds_the_discharge),
        TEST(starting_again_from_maintenance),
        TEST(today_shows_cautions_and_routine_moves),
        TEST(intake_red_flag_holds_progress_until_reviewed),
        TEST(an_engine_alert_is_a_task_for_the_care_team),
        TEST(the_daily_review_finds_the_quiet),
        TEST(an_overdue_promise_is_raised_once),
        TEST(a_painful_session_is_answered),
        TEST(the_weekly_review_ties_the_week_together),
        TEST(reminders_and_the_calendar_feed),
        TEST(the_demo_clinic_looks_like_a_clinic),
        TEST(global_options_before_the_command),
        TEST(failing_commands_leave_the_store_unchanged),
        TEST(export_import_export_round_trip),
        TEST(export_holds_every_entry),
        TEST(follow_up_questionnaires_show_their_change),
        TEST(red_flag_emergency_stops_the_program),
        TEST(red_flag_urgent_pauses_the_program),
        TEST(back_dated_red_flag_still_acts),
        TEST(red_flag_before_the_intake_still_acts),
        TEST(standing_answers_and_the_records_age),
        TEST(interactive_emergency_answer_comes_first),
        TEST(interactive_emergency_needs_no_more_answers),
        TEST(interactive_ordinary_intake_gives_a_plan),
        TEST(interactive_intake_takes_the_days),
        TEST(interactive_input_ending_early_saves_nothing),
    };
#undef TEST
    if (getenv("MOVERX_TEST_FILTER")) /* one test while working on it */
        cmocka_set_test_filter(getenv("MOVERX_TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
