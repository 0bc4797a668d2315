/*
 * test_api.c: the server's behaviour as a client sees it (CONTRACT.md
 * "Server"): sign-in, sessions and their expiry, CSRF, throttling, request
 * bodies, errors and security headers, the audit trail, what reaches the
 * logs, durable writes under concurrency, keep-alive, alerts and messages
 * (and the panel's last message), follow-up questionnaires.
 *
 * One shared server (a two-organization world) serves most cases, in order;
 * the cases that need their own settings or fresh counters start their own.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>

#include "harness.h"

/* ==================== Helpers ==================== */

#define MAX_SECRETS 256

/* Every session and CSRF token handed out, for the log check. */
static char secrets[MAX_SECRETS][80];
static int n_secrets;

static void remember_secret(const char *s)
{
    if (s && s[0] && n_secrets < MAX_SECRETS)
        snprintf(secrets[n_secrets++], sizeof(secrets[0]), "%s", s);
}

static void remember_client(const struct client *c)
{
    remember_secret(c->token);
    remember_secret(c->csrf);
}

static double metric(const char *text, const char *prefix);

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A JSON member's string, or a marker that makes string comparisons fail
 * cleanly instead of crashing on NULL. */
static const char *jstr(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "<missing or not a string>";
}

static bool is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!isxdigit((unsigned char)*p))
            return false;
    return true;
}

/* The date k days after a YYYY-MM-DD date. */
static void day_after(const char *date, int k, char out[16])
{
    struct tm tm = {0};
    int y = 0, m = 0, d = 0;
    time_t t;

    assert_int_equal(sscanf(date, "%d-%d-%d", &y, &m, &d), 3);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    t = timegm(&tm) + (time_t)k * 86400;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* A store timestamp ("YYYY-MM-DDTHH:MM:SSZ") seconds_ago before now. */
static void stamp_ago(long seconds_ago, char out[32])
{
    time_t t = time(NULL) - (time_t)seconds_ago;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Whether a file (which may be absent) holds the bytes of needle. */
static bool file_contains(const char *path, const char *needle)
{
    size_t len;
    char *text = read_whole_file(path, &len);
    bool found = text && memmem(text, len, needle, strlen(needle)) != NULL;

    free(text);
    return found;
}

/* The token of a Set-Cookie: mrx_session=TOKEN; ... into out. */
static bool cookie_token(const struct response *r, char *out, size_t size)
{
    char cookie[512], *semi;

    if (!response_header(r, "Set-Cookie", cookie, sizeof(cookie)) ||
        strncmp(cookie, "mrx_session=", 12) != 0)
        return false;
    if ((semi = strchr(cookie, ';')) != NULL)
        *semi = '\0';
    snprintf(out, size, "%s", cookie + 12);
    return true;
}

/* {"error":{"code","message","field"}} with this status, code and field (NULL: null). */
static void assert_error(const struct response *r, long status, const char *code, const char *field)
{
    json_t *e = json_object_get(r->json, "error");
    json_t *f = json_object_get(e, "field");

    if (r->status != status || !json_is_object(e))
        print_error("expected %ld %s, got %ld: %s\n", status, code, r->status, r->body);
    assert_int_equal(r->status, status);
    assert_true(json_is_object(r->json));
    assert_true(json_is_object(e));
    assert_string_equal(jstr(e, "code"), code);
    assert_true(json_is_string(json_object_get(e, "message")));
    assert_true(strlen(jstr(e, "message")) > 0);
    assert_non_null(f); /* the key is always there */
    if (field)
        assert_string_equal(json_is_string(f) ? json_string_value(f) : "<null>", field);
    else
        assert_true(json_is_null(f));
}

static void assert_security_headers(const struct response *r, bool tls)
{
    char v[512];

    assert_true(response_header(r, "Content-Security-Policy", v, sizeof(v)));
    assert_non_null(strstr(v, "frame-ancestors 'none'"));
    assert_true(response_header(r, "X-Content-Type-Options", v, sizeof(v)));
    assert_string_equal(v, "nosniff");
    assert_true(response_header(r, "Referrer-Policy", v, sizeof(v)));
    assert_true(strlen(v) > 0);
    assert_true(response_header(r, "X-Frame-Options", v, sizeof(v)));
    assert_true(strcasecmp(v, "DENY") == 0);
    if (tls) {
        assert_true(response_header(r, "Strict-Transport-Security", v, sizeof(v)));
        assert_non_null(strstr(v, "max-age="));
    } else {
        assert_false(response_header(r, "Strict-Transport-Security", v, sizeof(v)));
    }
}

/* The headers of r as received, but its Date (which moves). */
static void headers_but_date(const struct response *r, char *out, size_t size)
{
    const char *line = r->headers;
    size_t n = 0;

    out[0] = '\0';
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
        if (strncasecmp(line, "Date:", 5) != 0) {
            assert_true(n + len < size);
            memcpy(out + n, line, len);
            out[n += len] = '\0';
        }
        line += len;
    }
}

/* Today's views served from the cache ("hit") or rendered ("miss") so far. */
static double view_cache_count(struct server *s, const char *result)
{
    struct response r;
    char name[64];
    double n;

    snprintf(name, sizeof(name), "moverx_view_cache_total{result=\"%s\"}", result);
    http_do(s, NULL, "GET", "/metrics", NULL, NULL, &r);
    n = metric(r.body, name);
    response_free(&r);
    assert_true(n >= 0);
    return n;
}

/* GET the view of a day nobody asked for yet, twice: the first is rendered,
 * the second is the kept view, sent as its shared prepared reply. It must go
 * out as the first did, every header and every byte. */
static void kept_view_goes_out_as_rendered(struct server *s, const struct client *c,
                                           const char *patient, const char *today, bool tls)
{
    struct response miss, hit;
    char path[200], day[16], h1[4096], h2[4096];
    double hits, misses;

    day_after(today, 3, day);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/today?date=%s", patient, day);
    misses = view_cache_count(s, "miss");
    http_do(s, c, "GET", path, NULL, NULL, &miss);
    assert_true(view_cache_count(s, "miss") == misses + 1); /* rendered, not kept */
    hits = view_cache_count(s, "hit");
    http_do(s, c, "GET", path, NULL, NULL, &hit);
    assert_true(view_cache_count(s, "hit") == hits + 1);
    assert_int_equal(miss.status, 200);
    assert_int_equal(hit.status, 200);
    assert_int_equal(hit.len, miss.len);
    assert_memory_equal(hit.body, miss.body, miss.len);
    headers_but_date(&miss, h1, sizeof(h1));
    headers_but_date(&hit, h2, sizeof(h2));
    assert_string_equal(h2, h1);
    assert_security_headers(&hit, tls);
    response_free(&miss);
    response_free(&hit);
}

/* Status of one request, the reply dropped. */
static long status_of(struct server *s, const struct client *c, const char *method,
                      const char *path, const char *body)
{
    struct response r;
    long st;

    http_do(s, c, method, path, body, NULL, &r);
    st = r.status;
    response_free(&r);
    return st;
}

static json_t *login_remember(struct server *s, struct client *c, const char *email,
                              const char *password)
{
    json_t *u = login(s, c, email, password);
    remember_client(c);
    return u;
}

/* A login attempt's raw reply. */
static void try_login(struct server *s, const struct client *c, const char *email,
                      const char *password, struct response *r)
{
    char body[512];

    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    http_do(s, c, "POST", "/api/v1/login", body, NULL, r);
}

struct grow {
    char *p;
    size_t len;
};

static size_t grow_data(char *data, size_t size, size_t n, void *arg)
{
    struct grow *g = arg;
    size_t add = size * n;
    char *p = realloc(g->p, g->len + add + 1);

    if (!p)
        return 0;
    g->p = p;
    memcpy(g->p + g->len, data, add);
    g->len += add;
    g->p[g->len] = '\0';
    return add;
}

/*
 * One request like http_do, but a transport failure (the server closing the
 * connection without a reply, or gone) is status -1 rather than a failed test,
 * so that a test can assert on it and clean up. Headers are not kept.
 */
static long try_request(struct server *s, const struct client *c, const char *method,
                        const char *path, const char *body, size_t body_len, const char *header,
                        struct response *out)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *hl = NULL;
    struct grow b = {NULL, 0};
    char url[1024], line[256];
    CURLcode rc;

    memset(out, 0, sizeof(*out));
    snprintf(url, sizeof(url), "%s%s", s->base, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? body_len : 0));
    hl = curl_slist_append(hl, "Content-Type: application/json");
    hl = curl_slist_append(hl, "Expect:");
    if (header)
        hl = curl_slist_append(hl, header);
    if (c && c->token[0]) {
        snprintf(line, sizeof(line), "mrx_session=%s", c->token);
        curl_easy_setopt(curl, CURLOPT_COOKIE, line);
    }
    if (c && c->csrf[0]) {
        snprintf(line, sizeof(line), "X-CSRF-Token: %s", c->csrf);
        hl = curl_slist_append(hl, line);
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, grow_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    rc = curl_easy_perform(curl);
    out->status = -1;
    if (rc == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
    else
        print_error("%s %s: %s\n", method, path, curl_easy_strerror(rc));
    curl_slist_free_all(hl);
    curl_easy_cleanup(curl);
    out->body = b.p ? b.p : calloc(1, 1);
    out->len = b.len;
    out->headers = calloc(1, 1);
    out->json = json_loadb(out->body, out->len, 0, NULL);
    return out->status;
}

/* Stops a server whatever state it is in, without failing: for teardowns. */
static void server_reap(struct server *s)
{
    if (s->pid > 0) {
        int st;
        kill(s->pid, SIGTERM);
        waitpid(s->pid, &st, 0);
        s->pid = 0;
    }
    if (s->dir[0])
        server_stop(s, false); /* no process left: only removes the directory */
    memset(s, 0, sizeof(*s));
}

/* ==================== The store, read directly ==================== */

static sqlite3 *db_open(const struct server *s)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open_v2(s->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    return db;
}

static sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, const char *const *params)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        print_error("sqlite: %s: %s\n", sql, sqlite3_errmsg(db));
    assert_non_null(st);
    for (int i = 0; params && params[i]; i++)
        assert_int_equal(sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT), SQLITE_OK);
    return st;
}

/* The first column of the first row as an integer (a count). */
static long long db_int(sqlite3 *db, const char *sql, const char *const *params)
{
    sqlite3_stmt *st = db_prepare(db, sql, params);
    long long v = -1;
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        print_error("sqlite: %s: %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return v;
}

static void db_exec(sqlite3 *db, const char *sql, const char *const *params)
{
    sqlite3_stmt *st = db_prepare(db, sql, params);
    int rc = sqlite3_step(st);

    if (rc != SQLITE_DONE)
        print_error("sqlite: %s: %s\n", sql, sqlite3_errmsg(db));
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
}

#define P(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Polls until the count reaches want (background writes land a little later). */
static long long db_wait_count(sqlite3 *db, const char *sql, const char *const *params,
                               long long want)
{
    long long n = -1;

    for (int i = 0; i < 100; i++) {
        if ((n = db_int(db, sql, params)) >= want)
            break;
        sleep_ms(30);
    }
    return n;
}

/* The token hashes of every stored session, as a JSON array. */
static json_t *session_hashes(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT token_hash FROM auth_sessions", NULL);
    json_t *list = json_array();

    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_string((const char *)sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    return list;
}

static bool list_has(const json_t *list, const char *s)
{
    size_t i;
    json_t *v;

    json_array_foreach(list, i, v) if (strcmp(json_string_value(v), s) == 0) return true;
    return false;
}

/* Signs in and finds the stored row the sign-in added: its token_hash into hash. */
static void login_with_row(struct server *s, struct client *c, const char *email, char hash[72])
{
    sqlite3 *db = db_open(s);
    json_t *before = session_hashes(db), *after, *v;
    size_t i;
    int added = 0;

    json_decref(login_remember(s, c, email, WORLD_PASSWORD));
    after = session_hashes(db);
    json_array_foreach(after, i, v) if (!list_has(before, json_string_value(v)))
    {
        snprintf(hash, 72, "%s", json_string_value(v));
        added++;
    }
    assert_int_equal(added, 1);
    json_decref(before);
    json_decref(after);
    sqlite3_close(db);
}

/* Every file of the store (database and write-ahead log) is free of text. */
static void assert_store_lacks(const struct server *s, const char *text)
{
    char path[340];

    assert_false(file_contains(s->db, text));
    snprintf(path, sizeof(path), "%s-wal", s->db);
    assert_false(file_contains(path, text));
}

/* serve.out and serve.err hold none of the secrets. */
static void assert_logs_clean(const struct server *s, const char *const *extra)
{
    static const char *const names[] = {"serve.out", "serve.err"};
    static const char *const fixed[] = {WORLD_PASSWORD, "Alice A", "Bob B", "Cleo C", NULL};

    for (size_t f = 0; f < 2; f++) {
        char path[340];
        snprintf(path, sizeof(path), "%s/%s", s->dir, names[f]);
        for (int i = 0; fixed[i]; i++)
            if (file_contains(path, fixed[i])) {
                print_error("%s holds '%s'\n", names[f], fixed[i]);
                fail();
            }
        for (int i = 0; extra && extra[i]; i++)
            if (file_contains(path, extra[i])) {
                print_error("%s holds '%s'\n", names[f], extra[i]);
                fail();
            }
        for (int i = 0; i < n_secrets; i++)
            if (file_contains(path, secrets[i])) {
                print_error("%s holds a session or CSRF token\n", names[f]);
                fail();
            }
    }
}

/* ==================== The shared server ==================== */

static struct server S;
static struct world W;

static int shared_up(void **state)
{
    (void)state;
    server_prepare(&S);
    server_start(&S, NULL);
    world_build(&S, &W);
    for (int i = 1; i < N_CALLERS; i++)
        remember_client(&W.who[i]);
    return 0;
}

static int shared_down(void **state)
{
    (void)state;
    server_reap(&S);
    return 0;
}

static void path_of(char *out, size_t size, const char *patient, const char *what)
{
    snprintf(out, size, "/api/v1/patients/%s%s%s", patient, what[0] ? "/" : "", what);
}

static char *export_text(struct server *s, const struct client *c, const char *patient)
{
    struct response r;
    char path[200];
    char *text;

    path_of(path, sizeof(path), patient, "export");
    http_do(s, c, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    text = r.body;
    r.body = NULL;
    response_free(&r);
    return text;
}

/* ---- 1. Sign-in, sessions, sign-out ---- */

static void login_sets_session_cookie(void **state)
{
    struct response r, r2;
    char cookie[512], v[256], token1[80], token2[80], hash1[72], hash2[72];
    struct client c1, c2, old;
    sqlite3 *db;
    (void)state;

    /* The cookie's shape. */
    try_login(&S, NULL, "a@example.org", WORLD_PASSWORD, &r);
    assert_int_equal(r.status, 200);
    assert_true(response_header(&r, "Set-Cookie", cookie, sizeof(cookie)));
    assert_true(strncmp(cookie, "mrx_session=", 12) == 0);
    assert_true(cookie_token(&r, token1, sizeof(token1)));
    remember_secret(token1);
    assert_true(is_hex64(token1));
    assert_non_null(strstr(cookie, "; Path=/;"));
    assert_non_null(strstr(cookie, "; HttpOnly"));
    assert_non_null(strstr(cookie, "; SameSite=Lax"));
    assert_null(strcasestr(cookie, "secure"));
    assert_false(response_header(&r, "Strict-Transport-Security", v, sizeof(v)));
    assert_string_equal(jstr(json_object_get(r.json, "user"), "id"), W.user[PATIENT_A]);
    assert_string_equal(jstr(json_object_get(r.json, "user"), "role"), "patient");
    assert_true(strlen(jstr(r.json, "csrf_token")) >= 32);
    remember_secret(jstr(r.json, "csrf_token"));
    /* The reply carries no token of its own besides the CSRF token. */
    assert_null(strstr(r.body, token1));
    response_free(&r);

    /* A wrong password and an unknown account: the same 401, byte for byte. */
    try_login(&S, NULL, "a@example.org", "not the password", &r);
    try_login(&S, NULL, "nobody@example.org", "not the password", &r2);
    assert_error(&r, 401, "unauthorized", NULL);
    assert_error(&r2, 401, "unauthorized", NULL);
    assert_int_equal(r.len, r2.len);
    assert_memory_equal(r.body, r2.body, r.len);
    assert_false(response_header(&r, "Set-Cookie", cookie, sizeof(cookie)));
    assert_false(response_header(&r2, "Set-Cookie", cookie, sizeof(cookie)));
    response_free(&r);
    response_free(&r2);

    /* The e-mail address is matched whatever its case. */
    json_decref(login_remember(&S, &c1, "A@Example.ORG", WORLD_PASSWORD));

    /* Each login is a new token; only hashes are stored. */
    login_with_row(&S, &c1, "b@example.org", hash1);
    login_with_row(&S, &c2, "b@example.org", hash2);
    assert_string_not_equal(c1.token, c2.token);
    assert_string_not_equal(c1.csrf, c2.csrf);
    assert_true(is_hex64(hash1));
    assert_true(is_hex64(hash2));
    assert_string_not_equal(hash1, hash2);
    assert_string_not_equal(hash1, c1.token);
    assert_string_not_equal(hash2, c2.token);
    db = db_open(&S);
    for (int i = 0; i < n_secrets; i++) {
        const char *t = secrets[i];
        assert_int_equal(db_int(db,
                                "SELECT count(*) FROM auth_sessions WHERE instr(token_hash || "
                                "csrf_hash || user_id || created_at || last_seen_at, ?1) > 0",
                                P(t)),
                         0);
    }
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM auth_sessions WHERE token_hash = ?1", P(hash1)), 1);
    sqlite3_close(db);
    assert_store_lacks(&S, c1.token);
    assert_store_lacks(&S, c2.token);
    assert_store_lacks(&S, token1);

    /* Both sessions of B work. */
    assert_int_equal(status_of(&S, &c1, "GET", "/api/v1/me", NULL), 200);
    assert_int_equal(status_of(&S, &c2, "GET", "/api/v1/me", NULL), 200);

    /* Signing in with an old session's cookie ends that session. */
    old = c1;
    old.csrf[0] = '\0';
    try_login(&S, &old, "b@example.org", WORLD_PASSWORD, &r);
    assert_int_equal(r.status, 200);
    assert_true(cookie_token(&r, token2, sizeof(token2)));
    remember_secret(token2);
    remember_secret(jstr(r.json, "csrf_token"));
    assert_string_not_equal(token2, c1.token);
    response_free(&r);
    assert_int_equal(status_of(&S, &c1, "GET", "/api/v1/me", NULL), 401);
    assert_int_equal(status_of(&S, &c2, "GET", "/api/v1/me", NULL), 200); /* another session */
    db = db_open(&S);
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM auth_sessions WHERE token_hash = ?1", P(hash1)), 0);
    sqlite3_close(db);
    memset(&old, 0, sizeof(old));
    snprintf(old.token, sizeof(old.token), "%s", token2);
    assert_int_equal(status_of(&S, &old, "GET", "/api/v1/me", NULL), 200);

    /* Sign-out needs the CSRF token, then ends the session. */
    {
        struct client no_csrf = c2;
        no_csrf.csrf[0] = '\0';
        http_do(&S, &no_csrf, "POST", "/api/v1/logout", NULL, NULL, &r);
        assert_error(&r, 403, "csrf", "X-CSRF-Token");
        response_free(&r);
        assert_int_equal(status_of(&S, &c2, "GET", "/api/v1/me", NULL), 200);
    }
    http_do(&S, &c2, "POST", "/api/v1/logout", NULL, NULL, &r);
    assert_true(r.status == 204 || r.status == 200);
    assert_true(response_header(&r, "Set-Cookie", cookie, sizeof(cookie)));
    assert_true(strncmp(cookie, "mrx_session=;", 13) == 0);
    assert_non_null(strstr(cookie, "Max-Age=0"));
    response_free(&r);
    assert_int_equal(status_of(&S, &c2, "GET", "/api/v1/me", NULL), 401);
    db = db_open(&S);
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM auth_sessions WHERE token_hash = ?1", P(hash2)), 0);
    sqlite3_close(db);
    /* Signed out, the route needs a session: 401 (not 403). */
    http_do(&S, &c2, "POST", "/api/v1/logout", NULL, NULL, &r);
    assert_error(&r, 401, "unauthorized", NULL);
    response_free(&r);

    /* A cookie that is not a token at all. */
    memset(&old, 0, sizeof(old));
    snprintf(old.token, sizeof(old.token), "%s", "not-a-token");
    assert_int_equal(status_of(&S, &old, "GET", "/api/v1/me", NULL), 401);
}

/* ---- 2. CSRF ---- */

static void csrf_is_required_for_writes(void **state)
{
    struct client b = W.who[PATIENT_B], bad;
    struct response r;
    char path[200], date[16], body[256];
    char *before, *after;
    size_t i;
    json_t *v;
    (void)state;

    /* GET /me gives the CSRF token of the login. */
    http_do(&S, &b, "GET", "/api/v1/me", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "csrf_token"), b.csrf);
    assert_string_equal(jstr(json_object_get(r.json, "user"), "id"), W.user[PATIENT_B]);
    response_free(&r);

    before = export_text(&S, &b, W.patient_b);
    day_after(W.start, 1, date);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":4}", date);
    path_of(path, sizeof(path), W.patient_b, "checkins");

    /* No header. */
    bad = b;
    bad.csrf[0] = '\0';
    http_do(&S, &bad, "POST", path, body, NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    assert_security_headers(&r, false);
    response_free(&r);
    /* A wrong token, a malformed one, an empty one and another session's. */
    snprintf(bad.csrf, sizeof(bad.csrf), "%064d", 0);
    http_do(&S, &bad, "POST", path, body, NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);
    snprintf(bad.csrf, sizeof(bad.csrf), "%s", "xyz");
    http_do(&S, &bad, "POST", path, body, NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);
    bad.csrf[0] = '\0';
    http_do(&S, &bad, "POST", path, body, (const char *const[]){"X-CSRF-Token:", NULL}, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);
    snprintf(bad.csrf, sizeof(bad.csrf), "%s", W.who[PATIENT_A].csrf);
    http_do(&S, &bad, "POST", path, body, NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);
    /* The session token itself is not the CSRF token. */
    snprintf(bad.csrf, sizeof(bad.csrf), "%s", b.token);
    http_do(&S, &bad, "POST", path, body, NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);

    /* Other writes too: a session and a message. */
    bad.csrf[0] = '\0';
    path_of(path, sizeof(path), W.patient_b, "messages");
    http_do(&S, &bad, "POST", path, "{\"body\":\"written without CSRF\"}", NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);
    path_of(path, sizeof(path), W.patient_b, "sessions");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain_during\":2}", date);
    http_do(&S, &bad, "POST", path, body, NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);

    /* Nothing was written. */
    path_of(path, sizeof(path), W.patient_b, "progress");
    http_do(&S, &b, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "pain"), i, v)
        assert_string_not_equal(jstr(v, "date"), date);
    assert_int_equal(json_array_size(json_object_get(r.json, "sessions")), 0);
    response_free(&r);
    after = export_text(&S, &b, W.patient_b);
    assert_string_equal(before, after);
    assert_null(strstr(after, "written without CSRF"));
    free(before);
    free(after);
}

/* ---- 3. Session expiry ---- */

static void sessions_expire(void **state)
{
    struct client c;
    char hash[72], ts[32], ts2[32];
    sqlite3 *db;
    (void)state;

    /* Idle: unused for 2 hours (default limit 30 minutes). */
    login_with_row(&S, &c, "clin.same@example.org", hash);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    db = db_open(&S);
    stamp_ago(2 * 3600, ts);
    db_exec(db, "UPDATE auth_sessions SET last_seen_at = ?1 WHERE token_hash = ?2", P(ts, hash));
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 401);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/panel", NULL), 401);
    /* The server ends the expired session: its row goes. */
    assert_int_equal(db_wait_count(db,
                                   "SELECT 1 - count(*) FROM auth_sessions WHERE token_hash = ?1",
                                   P(hash), 1),
                     1);
    /* Putting the row's time back does not bring it back. */
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 401);

    /* Unused for 20 minutes: still valid, and the use counts as activity. */
    login_with_row(&S, &c, "clin.same@example.org", hash);
    stamp_ago(20 * 60, ts);
    db_exec(db, "UPDATE auth_sessions SET last_seen_at = ?1 WHERE token_hash = ?2", P(ts, hash));
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    stamp_ago(5 * 60, ts2);
    assert_int_equal(db_wait_count(db,
                                   "SELECT count(*) FROM auth_sessions WHERE token_hash = ?1 AND "
                                   "last_seen_at > ?2",
                                   P(hash, ts2), 1),
                     1);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);

    /* F9: every second of use counts, so that idle expiry is exact: a use two seconds
     * after the last one moves it (it used to wait a minute). */
    stamp_ago(2, ts);
    db_exec(db, "UPDATE auth_sessions SET last_seen_at = ?1 WHERE token_hash = ?2", P(ts, hash));
    sleep_ms(1100); /* the kept copy is trusted within the second of its last use */
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    assert_int_equal(db_wait_count(db,
                                   "SELECT count(*) FROM auth_sessions WHERE token_hash = ?1 AND "
                                   "last_seen_at > ?2",
                                   P(hash, ts), 1),
                     1);
    /* and one second past the limit is past it (first let any last use still queued for the
     * writer land: written after the row is set back, it would put the use back to now; a CI
     * run under load saw that once) */
    sleep_ms(1100);
    stamp_ago(30 * 60 + 1, ts);
    db_exec(db, "UPDATE auth_sessions SET last_seen_at = ?1 WHERE token_hash = ?2", P(ts, hash));
    sleep_ms(1100);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 401);

    /* Absolute: signed in 13 hours ago (default limit 12 hours), used just now. */
    login_with_row(&S, &c, "clin.same@example.org", hash);
    stamp_ago(13 * 3600, ts);
    stamp_ago(0, ts2);
    db_exec(db, "UPDATE auth_sessions SET created_at = ?1, last_seen_at = ?2 WHERE token_hash = ?3",
            P(ts, ts2, hash));
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 401);
    assert_int_equal(db_wait_count(db,
                                   "SELECT 1 - count(*) FROM auth_sessions WHERE token_hash = ?1",
                                   P(hash), 1),
                     1);

    /* Signed in 11 hours ago and active: still valid. */
    login_with_row(&S, &c, "clin.same@example.org", hash);
    stamp_ago(11 * 3600, ts);
    db_exec(db, "UPDATE auth_sessions SET created_at = ?1, last_seen_at = ?2 WHERE token_hash = ?3",
            P(ts, ts2, hash));
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    sqlite3_close(db);
}

/* The server's count of sessions and memberships taken from its cache. */
static double auth_cache_hits(void)
{
    struct response r;
    double n;

    http_do(&S, NULL, "GET", "/metrics", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    n = metric(r.body, "moverx_auth_cache_total{result=\"hit\"}");
    response_free(&r);
    assert_true(n >= 0);
    return n;
}

/* The sessions and care-team memberships the server keeps follow the store
 * at once, whoever writes it: here another connection, in plain SQL, that
 * the server never hears of (migration 8's triggers). */
static void kept_sessions_follow_the_store(void **state)
{
    struct client c;
    char hash[72], today[200], ts[32];
    double hits;
    sqlite3 *db = db_open(&S);
    (void)state;

    login_with_row(&S, &c, world_emails[CLIN_A], hash);
    path_of(today, sizeof(today), W.patient_a, "today");
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 200);
    hits = auth_cache_hits();
    /* a kept session serves the requests within the second of its last use (F9): of a few
     * in a row, some share a second with the one before */
    for (int i = 0; i < 6; i++)
        assert_int_equal(status_of(&S, &c, "GET", today, NULL), 200);
    assert_true(auth_cache_hits() >= hits + 2); /* the session and the membership */

    /* Taken off A's care team: refused at once. Back on: allowed again. */
    db_exec(db, "DELETE FROM care_team WHERE patient_id = ?1 AND user_id = ?2",
            P(W.patient_a, W.user[CLIN_A]));
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 404);
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 404); /* a kept "no" too */
    stamp_ago(0, ts);
    db_exec(db,
            "INSERT INTO care_team (org_id, patient_id, user_id, added_at) "
            "VALUES (?1, ?2, ?3, ?4)",
            P(W.org1, W.patient_a, W.user[CLIN_A], ts));
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 200);

    /* The session ended elsewhere (signed out through another server). */
    db_exec(db, "DELETE FROM auth_sessions WHERE token_hash = ?1", P(hash));
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 401);

    /* The account disabled in plain SQL, its sessions left in place: refused
     * at once, and the session is ended. */
    login_with_row(&S, &c, world_emails[CLIN_A], hash);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    db_exec(db, "UPDATE users SET disabled_at = ?1 WHERE id = ?2", P(ts, W.user[CLIN_A]));
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 401);
    assert_int_equal(db_wait_count(db,
                                   "SELECT 1 - count(*) FROM auth_sessions WHERE token_hash = ?1",
                                   P(hash), 1),
                     1);
    db_exec(db, "UPDATE users SET disabled_at = NULL WHERE id = ?1", P(W.user[CLIN_A]));

    /* A new CSRF token for the session (as a re-issue would write): the old one is refused. */
    login_with_row(&S, &c, world_emails[CLIN_A], hash);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);
    db_exec(db, "UPDATE auth_sessions SET csrf_hash = ?1 WHERE token_hash = ?2",
            P("0000000000000000000000000000000000000000000000000000000000000000", hash));
    assert_int_equal(status_of(&S, &c, "POST", "/api/v1/logout", NULL), 403);
    assert_int_equal(status_of(&S, &c, "GET", "/api/v1/me", NULL), 200);

    /* A role changed in plain SQL (a clinician off A's team made an admin of
     * the organization, and back): the next request follows it. */
    login_with_row(&S, &c, world_emails[CLIN_SAME], hash);
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 404);
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 404);
    db_exec(db, "UPDATE users SET role = 'admin' WHERE id = ?1", P(W.user[CLIN_SAME]));
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 200);
    db_exec(db, "UPDATE users SET role = 'clinician' WHERE id = ?1", P(W.user[CLIN_SAME]));
    assert_int_equal(status_of(&S, &c, "GET", today, NULL), 404);
    sqlite3_close(db);
}

/* ---- 5. Bad input ---- */

struct bad_case {
    const char *route; /* "checkins", "sessions", "messages" */
    const char *body;  /* %s: a valid date */
    const char *field;
};

static void bad_input_is_refused(void **state)
{
    static const struct bad_case cases[] = {
        {"checkins", "{\"date\":\"%s\",\"pain\":4", "body"},
        {"checkins", "not json at all %s", "body"},
        {"checkins", "", "body"},
        {"checkins", "[\"%s\", 4]", "body"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"pain\":5}", "body"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"mood\":3}", "mood"},
        {"checkins", "{\"date\":\"%s\",\"pain\":\"4\"}", "pain"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4.5}", "pain"},
        {"checkins", "{\"date\":\"%s\",\"pain\":11}", "pain"},
        {"checkins", "{\"date\":\"%s\",\"pain\":-1}", "pain"},
        {"checkins", "{\"date\":\"%s\",\"pain\":null}", "pain"},
        {"checkins", "{\"date\":\"%s\"}", "pain"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"walk_minutes\":-1}", "walk_minutes"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"walk_minutes\":1441}", "walk_minutes"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"steps\":true}", "steps"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"next_morning_pain\":99}", "next_morning_pain"},
        {"checkins", "{\"date\":\"2026-02-30\",\"pain\":4}", "date"},
        {"checkins", "{\"date\":\"2026-13-01\",\"pain\":4}", "date"},
        {"checkins", "{\"date\":\"22/11/2026\",\"pain\":4}", "date"},
        {"checkins", "{\"date\":20261122,\"pain\":4}", "date"},
        {"checkins", "{\"pain\":4}", "date"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"red_flags\":\"yes\"}", "red_flags"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"red_flags\":{\"unicorn\":true}}",
         "red_flags.unicorn"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"feel_better\":[\"magic\"]}", "feel_better"},
        {"checkins", "{\"date\":\"%s\",\"pain\":4,\"flare\":\"yes\"}", "flare"},
        {"sessions", "{\"date\":\"%s\",\"pain_during\":11}", "pain_during"},
        /* a control character in the note (F2: refused without leaking the day's lists) */
        {"sessions", "{\"date\":\"%s\",\"pain_during\":2,\"note\":\"tab\\there\"}", "note"},
        {"sessions", "{\"date\":\"%s\"}", "pain_during"},
        {"sessions", "{\"date\":\"%s\",\"pain_during\":2,\"difficulty\":\"extreme\"}",
         "difficulty"},
        {"sessions", "{\"date\":\"%s\",\"pain_during\":2,\"items\":[{\"item\":1}]}", "items"},
        {"sessions",
         "{\"date\":\"%s\",\"pain_during\":2,\"items\":[{\"exercise\":\"walking\",\"done\":true,"
         "\"pain\":11}]}",
         "items"},
        {"sessions",
         "{\"date\":\"%s\",\"pain_during\":2,\"items\":[{\"exercise\":\"walking\",\"done\":true,"
         "\"difficulty\":\"brutal\"}]}",
         "items"},
        {"sessions",
         "{\"date\":\"%s\",\"pain_during\":2,\"items\":[{\"exercise\":\"walking\",\"done\":false,"
         "\"pain\":3}]}",
         "items"},
        {"sessions",
         "{\"date\":\"%s\",\"pain_during\":2,\"items\":[{\"exercise\":\"walking\",\"item\":"
         "\"walking\",\"done\":true}]}",
         "items"},
        {"messages", "{\"body\":\"\"}", "body"},
        {"messages", "{\"body\":42}", "body"},
        {"messages", "{\"text\":\"hello\"}", "text"},
    };
    struct client *b = &W.who[PATIENT_B];
    struct response r;
    char path[200], date[16], body[512], future[16], early[16];
    char *before, *after;
    sqlite3 *db;
    long long rows_before;
    const char *count_sql = "SELECT (SELECT count(*) FROM checkins) + (SELECT count(*) FROM "
                            "sessions) + (SELECT count(*) FROM messages)";
    (void)state;

    db = db_open(&S);
    rows_before = db_int(db, count_sql, NULL);
    before = export_text(&S, b, W.patient_b);
    day_after(W.start, 3, date);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        path_of(path, sizeof(path), W.patient_b, cases[i].route);
        const char *hole = strstr(cases[i].body, "%s");
        if (hole)
            snprintf(body, sizeof(body), "%.*s%s%s", (int)(hole - cases[i].body), cases[i].body,
                     date, hole + 2);
        else
            snprintf(body, sizeof(body), "%s", cases[i].body);
        http_do(&S, b, "POST", path, body, NULL, &r);
        if (r.status != 400)
            print_error("case %zu: %s\n", i, body);
        assert_error(&r, 400, "invalid", cases[i].field);
        response_free(&r);
    }

    /* Dates the program cannot hold: in the future, before its start. */
    day_after(W.today, 5, future);
    day_after(W.start, -1, early);
    path_of(path, sizeof(path), W.patient_b, "checkins");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":4}", future);
    http_do(&S, b, "POST", path, body, NULL, &r);
    assert_error(&r, 400, "invalid", "date");
    response_free(&r);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":4}", early);
    http_do(&S, b, "POST", path, body, NULL, &r);
    assert_error(&r, 400, "invalid", "date");
    response_free(&r);

    after = export_text(&S, b, W.patient_b);
    assert_string_equal(before, after);
    assert_int_equal(db_int(db, count_sql, NULL), rows_before);
    sqlite3_close(db);
    free(before);
    free(after);
}

/* A session with per-item responses (CONTRACT.md): kept with the item it names. */
static void per_item_session_responses(void **state)
{
    struct client *a = &W.who[PATIENT_A];
    struct response r;
    char path[200], date[16], body[256];
    json_t *items, *it;
    size_t k;
    bool kept = false;
    (void)state;

    day_after(W.start, 6, date);
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain_during\":6,\"items\":[{\"exercise\":\"walking\","
             "\"done\":true,\"pain\":6,\"difficulty\":\"hard\"}]}",
             date);
    path_of(path, sizeof(path), W.patient_a, "sessions");
    http_do(&S, a, "POST", path, body, NULL, &r);
    if (r.status != 201)
        print_error("%s\n", r.body);
    assert_int_equal(r.status, 201);
    items = json_object_get(r.json, "items");
    json_array_foreach(items, k, it) kept |= strcmp(jstr(it, "item"), "walking") == 0 &&
                                             json_integer_value(json_object_get(it, "pain")) == 6 &&
                                             strcmp(jstr(it, "difficulty"), "hard") == 0;
    assert_true(kept);
    response_free(&r);
}

/* ---- 5. A body over the limit ---- */

static void oversized_body_is_refused(void **state)
{
    const size_t limit = 64 * 1024; /* the default max_body_kib */
    struct client *b = &W.who[PATIENT_B];
    struct response r;
    char path[200], date[16], code[2][64], *before, *after, *big = malloc(limit + 2);
    long status[2];
    bool same;
    int head;
    (void)state;

    before = export_text(&S, b, W.patient_b);
    day_after(W.start, 3, date);
    path_of(path, sizeof(path), W.patient_b, "checkins");

    /* Exactly at the limit: read and judged (an unknown field). */
    head = snprintf(big, limit, "{\"date\":\"%s\",\"pain\":4,\"pad\":\"", date);
    memset(big + head, 'x', limit - (size_t)head - 2);
    memcpy(big + limit - 2, "\"}", 3);
    assert_int_equal(strlen(big), limit);
    try_request(&S, b, "POST", path, big, limit, NULL, &r);
    assert_error(&r, 400, "invalid", "pad");
    response_free(&r);

    /* One byte more: 413 with the JSON error, and the server goes on; whether the
     * length is announced (Content-Length) or not (chunked). */
    memcpy(big + limit - 2, "x\"}", 4);
    assert_int_equal(strlen(big), limit + 1);
    for (int chunked = 0; chunked < 2; chunked++) {
        try_request(&S, b, "POST", path, big, limit + 1,
                    chunked ? "Transfer-Encoding: chunked" : NULL, &r);
        status[chunked] = r.status;
        snprintf(code[chunked], sizeof(code[0]), "%s",
                 jstr(json_object_get(r.json, "error"), "code"));
        response_free(&r);
    }
    free(big);
    assert_int_equal(status_of(&S, NULL, "GET", "/healthz", NULL), 200);
    after = export_text(&S, b, W.patient_b);
    same = strcmp(before, after) == 0;
    free(before);
    free(after);
    assert_true(same); /* nothing written */
    for (int chunked = 0; chunked < 2; chunked++) {
        if (status[chunked] != 413)
            print_error("a body one byte over the limit (%s) got %ld (-1: the connection was "
                        "closed without a reply), not 413\n",
                        chunked ? "chunked" : "Content-Length", status[chunked]);
        assert_int_equal(status[chunked], 413);
        assert_string_equal(code[chunked], "too_large");
    }
}

/* ---- 6. Security headers and errors ---- */

static void headers_and_errors(void **state)
{
    struct response r;
    char path[200], v[256];
    (void)state;

    http_do(&S, NULL, "GET", "/healthz", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_security_headers(&r, false);
    response_free(&r);

    http_do(&S, &W.who[PATIENT_A], "GET", "/api/v1/me", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(response_header(&r, "Content-Type", v, sizeof(v)));
    assert_non_null(strstr(v, "application/json"));
    assert_security_headers(&r, false);
    response_free(&r);

    path_of(path, sizeof(path), W.patient_a, "today");
    http_do(&S, &W.who[PATIENT_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_security_headers(&r, false);
    response_free(&r);
    kept_view_goes_out_as_rendered(&S, &W.who[PATIENT_A], W.patient_a, W.today, false);

    http_do(&S, NULL, "GET", "/api/v1/me", NULL, NULL, &r);
    assert_error(&r, 401, "unauthorized", NULL);
    assert_security_headers(&r, false);
    response_free(&r);

    http_do(&S, NULL, "GET", path, NULL, NULL, &r);
    assert_error(&r, 401, "unauthorized", NULL);
    response_free(&r);

    http_do(&S, NULL, "GET", "/api/v1/no-such-thing", NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    assert_security_headers(&r, false);
    response_free(&r);
    http_do(&S, &W.who[CLIN_A], "GET", "/api/v1/patients/x/y/z", NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    response_free(&r);
    http_do(&S, &W.who[CLIN_A], "POST", "/api/v1/no-such-thing", "{}", NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    response_free(&r);

    /* A patient the caller may not see: 404, the same as none at all. */
    path_of(path, sizeof(path), W.patient_a, "");
    http_do(&S, &W.who[CLIN_OTHER], "GET", path, NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    assert_security_headers(&r, false);
    response_free(&r);

    /* Wrong method on a known path: 405 with Allow. */
    http_do(&S, NULL, "DELETE", "/api/v1/login", NULL, NULL, &r);
    assert_error(&r, 405, "method_not_allowed", NULL);
    assert_true(response_header(&r, "Allow", v, sizeof(v)));
    assert_string_equal(v, "POST");
    assert_security_headers(&r, false);
    response_free(&r);
    http_do(&S, NULL, "GET", "/api/v1/login", NULL, NULL, &r);
    assert_error(&r, 405, "method_not_allowed", NULL);
    assert_true(response_header(&r, "Allow", v, sizeof(v)));
    assert_string_equal(v, "POST");
    response_free(&r);
    http_do(&S, NULL, "POST", "/healthz", NULL, NULL, &r);
    assert_error(&r, 405, "method_not_allowed", NULL);
    assert_true(response_header(&r, "Allow", v, sizeof(v)));
    assert_string_equal(v, "GET");
    response_free(&r);
    path_of(path, sizeof(path), W.patient_a, "messages");
    http_do(&S, &W.who[PATIENT_A], "PUT", path, "{}", NULL, &r);
    assert_error(&r, 405, "method_not_allowed", NULL);
    assert_true(response_header(&r, "Allow", v, sizeof(v)));
    assert_non_null(strstr(v, "GET"));
    assert_non_null(strstr(v, "POST"));
    response_free(&r);

    /* A role that may not use a route. */
    http_do(&S, &W.who[PATIENT_A], "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_error(&r, 403, "forbidden", NULL);
    assert_security_headers(&r, false);
    response_free(&r);

    /* A bad login body. */
    http_do(&S, NULL, "POST", "/api/v1/login", "{\"email\":\"a@example.org\"}", NULL, &r);
    assert_error(&r, 400, "invalid", "password");
    assert_security_headers(&r, false);
    response_free(&r);

    /* /metrics, and the web app's files and their 404. */
    http_do(&S, NULL, "GET", "/metrics", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_security_headers(&r, false);
    response_free(&r);
    http_do(&S, NULL, "GET", "/", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_security_headers(&r, false);
    response_free(&r);
    http_do(&S, NULL, "GET", "/no-such-file.html", NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    assert_security_headers(&r, false);
    response_free(&r);
    http_do(&S, NULL, "GET", "/../CMakeLists.txt", NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    response_free(&r);
}

/* ---- 7. The audit trail ---- */

static void reads_and_writes_are_audited(void **state)
{
    struct client *a = &W.who[PATIENT_A];
    struct response r;
    char path[200], date[16], body[128], seq[32];
    sqlite3 *db = db_open(&S);
    const char *ok_sql = "SELECT count(*) FROM audit_events WHERE seq > ?1 AND actor = ?2 AND "
                         "origin = '127.0.0.1' AND patient_id = ?3 AND action = ?4 AND "
                         "outcome = 'ok' AND org_id = ?5";
    (void)state;

    snprintf(seq, sizeof(seq), "%lld",
             db_int(db, "SELECT coalesce(max(seq), 0) FROM audit_events", NULL));

    path_of(path, sizeof(path), W.patient_a, "today");
    assert_int_equal(status_of(&S, a, "GET", path, NULL), 200);
    path_of(path, sizeof(path), W.patient_a, "progress");
    assert_int_equal(status_of(&S, a, "GET", path, NULL), 200);
    day_after(W.start, 2, date);
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":3,\"walk_minutes\":15}", date);
    path_of(path, sizeof(path), W.patient_a, "checkins");
    http_do(&S, a, "POST", path, body, NULL, &r);
    if (r.status != 201)
        print_error("%s\n", r.body);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "patient"), W.patient_a);
    response_free(&r);
    /* The same day again: a conflict, audited as such and not as ok. */
    http_do(&S, a, "POST", path, body, NULL, &r);
    assert_error(&r, 409, "conflict", "date");
    response_free(&r);

    /* Refused: a clinician of another organization reading A. */
    path_of(path, sizeof(path), W.patient_a, "");
    assert_int_equal(status_of(&S, &W.who[CLIN_OTHER], "GET", path, NULL), 404);
    /* A clinician of A's organization who is not on A's team. */
    path_of(path, sizeof(path), W.patient_a, "progress");
    assert_int_equal(status_of(&S, &W.who[CLIN_SAME], "GET", path, NULL), 404);

    /* Reads are audited in the background: a read of an earlier case may land
     * after the snapshot too, hence "at least". */
    assert_true(db_wait_count(db, ok_sql,
                              P(seq, W.user[PATIENT_A], W.patient_a, "plan.read", W.org1), 1) >= 1);
    assert_true(db_wait_count(db, ok_sql,
                              P(seq, W.user[PATIENT_A], W.patient_a, "progress.read", W.org1),
                              1) >= 1);
    assert_int_equal(db_wait_count(db, ok_sql,
                                   P(seq, W.user[PATIENT_A], W.patient_a, "checkin.create", W.org1),
                                   1),
                     1);
    assert_int_equal(
        db_wait_count(db,
                      "SELECT count(*) FROM audit_events WHERE seq > ?1 AND actor = ?2 AND "
                      "origin = '127.0.0.1' AND patient_id = ?3 AND action = 'patient.read' AND "
                      "outcome = 'denied'",
                      P(seq, W.user[CLIN_OTHER], W.patient_a), 1),
        1);
    assert_int_equal(
        db_wait_count(db,
                      "SELECT count(*) FROM audit_events WHERE seq > ?1 AND actor = ?2 AND "
                      "origin = '127.0.0.1' AND patient_id = ?3 AND action = 'progress.read' AND "
                      "outcome = 'denied'",
                      P(seq, W.user[CLIN_SAME], W.patient_a), 1),
        1);
    /* The refused reads were not audited as reads. */
    assert_int_equal(db_int(db,
                            "SELECT count(*) FROM audit_events WHERE seq > ?1 AND actor IN (?2, "
                            "?3) AND outcome = 'ok'",
                            P(seq, W.user[CLIN_OTHER], W.user[CLIN_SAME])),
                     0);
    /* The second check-in of the day was not recorded as a success. */
    assert_int_equal(
        db_int(db, ok_sql, P(seq, W.user[PATIENT_A], W.patient_a, "checkin.create", W.org1)), 1);

    /* Lists name each patient they show (F7): "who saw A" includes the panel and the
     * outcomes A's record went into. */
    assert_int_equal(status_of(&S, &W.who[CLIN_A], "GET", "/api/v1/panel", NULL), 200);
    assert_int_equal(status_of(&S, &W.who[CLIN_A], "GET", "/api/v1/outcomes", NULL), 200);
    assert_true(db_wait_count(db, ok_sql, P(seq, W.user[CLIN_A], W.patient_a, "panel.read", W.org1),
                              1) >= 1);
    assert_true(db_wait_count(db, ok_sql, P(seq, W.user[CLIN_A], W.patient_b, "panel.read", W.org1),
                              1) >= 1);
    assert_true(db_wait_count(db, ok_sql,
                              P(seq, W.user[CLIN_A], W.patient_a, "outcomes.read", W.org1),
                              1) >= 1);
    assert_int_equal(db_int(db,
                            "SELECT count(*) FROM audit_events WHERE seq > ?1 AND action IN "
                            "('panel.read', 'outcomes.read') AND patient_id IS NULL",
                            P(seq)),
                     0);
    sqlite3_close(db);
}

/* ---- 10. Keep-alive ---- */

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

static void connections_are_kept_alive(void **state)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *hl = NULL;
    char url[256], cookie[200];
    long connects = -1, status = 0, port1 = 0, port2 = 0;
    (void)state;

    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);

    snprintf(url, sizeof(url), "%s/healthz", S.base);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(curl, CURLINFO_LOCAL_PORT, &port1);
    assert_int_equal(status, 200);
    assert_int_equal(connects, 1);

    /* A second GET, signed in. */
    snprintf(url, sizeof(url), "%s/api/v1/me", S.base);
    snprintf(cookie, sizeof(cookie), "mrx_session=%s", W.who[PATIENT_A].token);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_COOKIE, cookie);
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(curl, CURLINFO_LOCAL_PORT, &port2);
    assert_int_equal(status, 200);
    assert_int_equal(connects, 0);
    assert_int_equal(port1, port2);

    /* A POST with a body that is refused, then a GET: still the same connection. */
    snprintf(url, sizeof(url), "%s/api/v1/login", S.base);
    hl = curl_slist_append(hl, "Content-Type: application/json");
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "{\"email\":1}");
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    assert_int_equal(status, 400);
    assert_int_equal(connects, 0);

    /* Each request on the connection reads its own body, never the last one's:
     * a sign-in that fails (401), then an empty body (400, not a second 401). */
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
                     "{\"email\":\"nobody@example.org\",\"password\":\"not the password\"}");
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    assert_int_equal(status, 401);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    assert_int_equal(status, 400);
    assert_int_equal(connects, 0);

    snprintf(url, sizeof(url), "%s/healthz", S.base);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    assert_int_equal(curl_easy_perform(curl), CURLE_OK);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(curl, CURLINFO_LOCAL_PORT, &port2);
    assert_int_equal(status, 200);
    assert_int_equal(connects, 0);
    assert_int_equal(port1, port2);

    curl_slist_free_all(hl);
    curl_easy_cleanup(curl);
}

/* ---- 11. Alerts and messages ---- */

/* The alert with this id in a list of alerts, or NULL. */
static json_t *find_alert(const json_t *list, const char *id)
{
    size_t i;
    json_t *a;

    json_array_foreach(list, i, a) if (strcmp(jstr(a, "id"), id) == 0) return a;
    return NULL;
}

/* Patient A reports an urgent red flag today: the program pauses and an
 * urgent alert opens; its id into alert. */
static void raise_urgent_alert(struct server *s, struct world *w, char alert[64])
{
    struct response r;
    char path[200], body[256];
    size_t i;
    json_t *al;

    alert[0] = '\0';
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain\":6,\"red_flags\":{\"unexplained_weight_loss\":true}}",
             w->today);
    path_of(path, sizeof(path), w->patient_a, "checkins");
    http_do(s, &w->who[PATIENT_A], "POST", path, body, NULL, &r);
    if (r.status != 201)
        print_error("%s\n", r.body);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "status"), "paused");
    assert_string_equal(jstr(json_object_get(r.json, "triage"), "tier"), "urgent");
    json_array_foreach(json_object_get(r.json, "alerts"), i, al)
    {
        if (strcmp(jstr(al, "rule"), "weight_loss") == 0) { /* the triage rule's own alert */
            assert_string_equal(jstr(al, "tier"), "urgent");
            snprintf(alert, 64, "%s", jstr(al, "id"));
        }
    }
    response_free(&r);
    assert_true(alert[0] != '\0');
}

/* The panel entry of a patient as a caller sees it (a new reference), or NULL. */
static json_t *panel_entry(struct server *s, const struct client *c, const char *patient)
{
    struct response r;
    json_t *found = NULL, *e;
    size_t i;

    http_do(s, c, "GET", "/api/v1/panel", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "patients"), i, e)
    {
        if (!found && strcmp(jstr(e, "patient"), patient) == 0)
            found = json_incref(e);
    }
    response_free(&r);
    return found;
}

/* The panel's last message of a patient: who wrote it ("patient", "care_team"), and when. */
static void assert_last_message(const char *patient, const char *from, const char *at)
{
    json_t *e = panel_entry(&S, &W.who[CLIN_A], patient), *last;

    assert_non_null(e);
    last = json_object_get(e, "last_message");
    if (!from) {
        assert_true(json_is_null(last));
    } else {
        assert_true(json_is_object(last));
        assert_string_equal(jstr(last, "from"), from);
        assert_string_equal(jstr(last, "at"), at);
    }
    json_decref(e);
}

/* moverx_open_alerts{tier="..."} from /metrics. */
static double open_alerts_metric(struct server *s, const char *tier)
{
    struct response r;
    char name[64];
    double v;

    http_do(s, NULL, "GET", "/metrics", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    snprintf(name, sizeof(name), "moverx_open_alerts{tier=\"%s\"}", tier);
    v = metric(r.body, name);
    assert_true(v >= 0);
    response_free(&r);
    return v;
}

static void alerts_and_messages(void **state)
{
    struct client *a = &W.who[PATIENT_A], *clin = &W.who[CLIN_A];
    struct response r;
    char path[200], alert[64] = "", today_path[200], status[64];
    json_t *al, *first;
    long st;
    double urgent_before;
    (void)state;

    /* An urgent red flag today: an urgent alert and a paused program, and
     * one more urgent alert open in /metrics. */
    urgent_before = open_alerts_metric(&S, "urgent");
    raise_urgent_alert(&S, &W, alert);
    assert_true(open_alerts_metric(&S, "urgent") == urgent_before + 1);

    path_of(today_path, sizeof(today_path), W.patient_a, "today");
    http_do(&S, a, "GET", today_path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "paused");
    response_free(&r);

    /* A's clinician and the admin see it; the others do not. */
    http_do(&S, clin, "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    al = find_alert(json_object_get(r.json, "alerts"), alert);
    assert_non_null(al);
    assert_string_equal(jstr(al, "patient"), W.patient_a);
    assert_string_equal(jstr(al, "tier"), "urgent");
    assert_string_equal(jstr(al, "status"), "open");
    response_free(&r);
    http_do(&S, &W.who[ADMIN], "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(find_alert(json_object_get(r.json, "alerts"), alert));
    response_free(&r);
    http_do(&S, &W.who[CLIN_SAME], "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_null(find_alert(json_object_get(r.json, "alerts"), alert));
    response_free(&r);
    http_do(&S, &W.who[CLIN_OTHER], "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_null(find_alert(json_object_get(r.json, "alerts"), alert));
    response_free(&r);

    /* The panel: A first, with the top tier of A's open alerts. */
    http_do(&S, clin, "GET", "/api/v1/panel", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "patients")), 2);
    first = json_array_get(json_object_get(r.json, "patients"), 0);
    assert_string_equal(jstr(first, "patient"), W.patient_a);
    assert_string_equal(jstr(first, "top_tier"), "urgent");
    assert_true(json_integer_value(json_object_get(first, "open_alerts")) >= 1);
    response_free(&r);

    /* Acknowledge: once. */
    snprintf(path, sizeof(path), "/api/v1/alerts/%s/acknowledge", alert);
    http_do(&S, &W.who[CLIN_SAME], "POST", path, NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    response_free(&r);
    http_do(&S, &W.who[CLIN_OTHER], "POST", path, NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    response_free(&r);
    http_do(&S, clin, "POST", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "acknowledged");
    assert_string_equal(jstr(r.json, "acknowledged_by"), W.user[CLIN_A]);
    response_free(&r);
    /* Acknowledging it again: alert_acknowledged_twice, on a server of its own. */
    http_do(&S, clin, "POST", "/api/v1/alerts/00000000-0000-0000-0000-000000000000/acknowledge",
            NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    response_free(&r);

    /* Resolve: a note is required. */
    snprintf(path, sizeof(path), "/api/v1/alerts/%s/resolve", alert);
    http_do(&S, clin, "POST", path, "{}", NULL, &r);
    assert_error(&r, 400, "invalid", "note");
    response_free(&r);
    http_do(&S, clin, "POST", path, "{\"resume_program\":true}", NULL, &r);
    assert_error(&r, 400, "invalid", "note");
    response_free(&r);
    http_do(&S, clin, "POST", path, "{\"note\":\"\"}", NULL, &r);
    assert_error(&r, 400, "invalid", "note");
    response_free(&r);
    http_do(&S, clin, "POST", path,
            "{\"note\":\"Seen today: night pain from a new mattress.\",\"resume_program\":true}",
            NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "resolved");
    assert_string_equal(jstr(r.json, "resolved_by"), W.user[CLIN_A]);
    assert_string_equal(jstr(r.json, "resolution_note"),
                        "Seen today: night pain from a new mattress.");
    response_free(&r);
    assert_true(open_alerts_metric(&S, "urgent") == urgent_before);
    http_do(&S, clin, "POST", path, "{\"note\":\"again\"}", NULL, &r);
    assert_error(&r, 409, "conflict", "alert");
    response_free(&r);

    /* The program goes on (the episode, as progress and the summary show it); the
     * alert has left the queue. */
    path_of(path, sizeof(path), W.patient_a, "progress");
    http_do(&S, a, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "active");
    response_free(&r);
    path_of(path, sizeof(path), W.patient_a, "");
    http_do(&S, clin, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(json_object_get(r.json, "episode"), "status"), "active");
    response_free(&r);
    http_do(&S, clin, "GET", "/api/v1/alerts", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_null(find_alert(json_object_get(r.json, "alerts"), alert));
    response_free(&r);

    /* Messages: the patient writes, the clinician reads and answers. The panel
     * (the care team's inbox) shows who wrote last: the patient awaits a reply. */
    assert_last_message(W.patient_a, NULL, NULL);
    path_of(path, sizeof(path), W.patient_a, "messages");
    http_do(&S, a, "POST", path, "{\"body\":\"Is it fine to walk the dog twice a day?\"}", NULL,
            &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "sender"), W.user[PATIENT_A]);
    assert_last_message(W.patient_a, "patient", jstr(r.json, "sent_at"));
    response_free(&r);
    http_do(&S, clin, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    {
        json_t *m = json_array_get(json_object_get(r.json, "messages"), 0);
        assert_int_equal(json_array_size(json_object_get(r.json, "messages")), 1);
        assert_string_equal(jstr(m, "body"), "Is it fine to walk the dog twice a day?");
        assert_string_equal(jstr(m, "sender"), W.user[PATIENT_A]);
    }
    response_free(&r);
    http_do(&S, clin, "POST", path, "{\"body\":\"Yes, short walks are good.\"}", NULL, &r);
    assert_int_equal(r.status, 201);
    /* Answered, within the same second or not: the care team wrote last. */
    assert_last_message(W.patient_a, "care_team", jstr(r.json, "sent_at"));
    response_free(&r);
    assert_last_message(W.patient_b, NULL, NULL);
    http_do(&S, a, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "messages")), 2);
    response_free(&r);
    /* Nobody else reads them. */
    assert_int_equal(status_of(&S, &W.who[CLIN_OTHER], "GET", path, NULL), 404);
    assert_int_equal(status_of(&S, &W.who[CLIN_SAME], "GET", path, NULL), 404);
    assert_int_equal(status_of(&S, &W.who[PATIENT_B], "GET", path, NULL), 404);

    /* What the patient sees today: the pause is lifted too. */
    http_do(&S, a, "GET", today_path, NULL, NULL, &r);
    st = r.status;
    snprintf(status, sizeof(status), "%s", jstr(r.json, "status"));
    response_free(&r);
    assert_int_equal(st, 200);
    if (strcmp(status, "active") != 0)
        print_error("after resolving with resume_program the episode is active, but GET "
                    "/today still says '%s'\n",
                    status);
    assert_string_equal(status, "active");
}

/* ---- 8. No secrets in the logs (last on the shared server) ---- */

static void logs_hold_no_secrets(void **state)
{
    static const char *const extra[] = {"not the password", NULL};
    (void)state;

    server_stop(&S, true);
    assert_logs_clean(&S, extra);
}

/* ==================== Servers of their own ==================== */

/* The server of the running case: stopped and removed even when it fails. */
static struct server OWN;

/* A server of the test's own with the world of harness.h, its callers'
 * secrets remembered for the log checks. */
static void own_world(struct server *s, const char *const *env, struct world *w)
{
    server_prepare(s);
    server_start(s, env);
    world_build(s, w);
    for (int i = 1; i < N_CALLERS; i++)
        remember_client(&w->who[i]);
}

/* Stops the test's own server cleanly, checks its logs (extra: secrets
 * the test used, NULL-terminated, may be NULL), removes its directory. */
static void own_stop(struct server *s, const char *const *extra)
{
    server_stop(s, true);
    assert_logs_clean(s, extra);
    server_stop(s, false);
}

static int own_down(void **state)
{
    (void)state;
    server_reap(&OWN);
    return 0;
}

/* ---- 0. Settings: defaults, the --config file, the environment, the flags ---- */

/* A check-in whose body is about `size` bytes (an unknown member pads it). */
static long checkin_of_size(struct server *s, const struct world *w, size_t size)
{
    char path[200], *body = malloc(size + 1);
    int head;
    long st;

    head = snprintf(body, size + 1, "{\"date\":\"%s\",\"pain\":3,\"pad\":\"", w->today);
    memset(body + head, 'x', size - (size_t)head - 2);
    memcpy(body + size - 2, "\"}", 3);
    path_of(path, sizeof(path), w->patient_a, "checkins");
    st = status_of(s, &w->who[PATIENT_A], "POST", path, body);
    free(body);
    return st;
}

/* Later sources win: the file over the defaults, the environment over the
 * file, a flag over both (docs/operations.md "Settings"). */
static void settings_come_from_file_environment_and_flags(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char ini[400], web_env[400];
    FILE *f;
    (void)state;

    server_prepare(s);
    snprintf(ini, sizeof(ini), "%s/moverx.ini", s->dir);
    assert_non_null(f = fopen(ini, "w"));
    fprintf(f,
            "; what the file alone sets, what the environment and a flag override\n"
            "[server]\nmax_body_kib = 1\nweb_root = %s\n[login]\nattempts_per_account = 2\n",
            s->dir);
    fclose(f);
    snprintf(web_env, sizeof(web_env), "MOVERX_SERVER_WEB_ROOT=%s", s->dir);
    server_start_args(s, P("MOVERX_SERVER_MAX_BODY_KIB=2", web_env),
                      P("--config", ini, "--web-root", MOVERX_SOURCE_DIR "/web"));
    world_build(s, &w);
    for (int i = 1; i < N_CALLERS; i++)
        remember_client(&w.who[i]);

    /* The environment's 2 KiB over the file's 1 KiB: 1.5 KiB is read (and
     * refused for its unknown member), 2.5 KiB is too large. */
    assert_int_equal(checkin_of_size(s, &w, 1536), 400);
    assert_int_equal(checkin_of_size(s, &w, 2560), 413);
    /* The flag's web root over the file's and the environment's (both an
     * empty directory): the app is served. */
    http_do(s, NULL, "GET", "/", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<html"));
    response_free(&r);
    /* The file's own setting: two failed sign-ins block the account. */
    for (int i = 0; i < 2; i++) {
        try_login(s, NULL, world_emails[PATIENT_B], "wrong password 1", &r);
        assert_int_equal(r.status, 401);
        response_free(&r);
    }
    try_login(s, NULL, world_emails[PATIENT_B], WORLD_PASSWORD, &r);
    assert_int_equal(r.status, 429);
    response_free(&r);
    own_stop(s, P("wrong password 1"));
}

/* ---- 1. Behind TLS: Secure cookies and HSTS ---- */

static void behind_tls(void **state)
{
    static const char *const env[] = {"MOVERX_SERVER_BEHIND_TLS=true", NULL};
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char cookie[512], v[256], token[80];
    (void)state;

    own_world(s, env, &w);

    try_login(s, NULL, "a@example.org", WORLD_PASSWORD, &r);
    assert_int_equal(r.status, 200);
    assert_true(response_header(&r, "Set-Cookie", cookie, sizeof(cookie)));
    assert_true(cookie_token(&r, token, sizeof(token)));
    remember_secret(token);
    assert_true(is_hex64(token));
    assert_non_null(strstr(cookie, "; Secure"));
    assert_non_null(strstr(cookie, "; HttpOnly"));
    assert_non_null(strstr(cookie, "; SameSite=Lax"));
    assert_non_null(strstr(cookie, "; Path=/;"));
    assert_true(response_header(&r, "Strict-Transport-Security", v, sizeof(v)));
    assert_non_null(strstr(v, "max-age="));
    assert_security_headers(&r, true);
    response_free(&r);

    http_do(s, NULL, "GET", "/healthz", NULL, NULL, &r);
    assert_security_headers(&r, true);
    response_free(&r);
    kept_view_goes_out_as_rendered(s, &w.who[PATIENT_A], w.patient_a, w.today, true);
    http_do(s, NULL, "GET", "/api/v1/nope", NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    assert_security_headers(&r, true);
    response_free(&r);

    http_do(s, &w.who[PATIENT_A], "POST", "/api/v1/logout", NULL, NULL, &r);
    assert_true(r.status == 204 || r.status == 200);
    assert_true(response_header(&r, "Set-Cookie", cookie, sizeof(cookie)));
    assert_non_null(strstr(cookie, "; Secure"));
    response_free(&r);

    own_stop(s, NULL);
}

/* ---- 4. Throttling ---- */

static void throttle_per_account(void **state)
{
    static const char *const env[] = {"MOVERX_LOGIN_ATTEMPTS_PER_ACCOUNT=3", NULL};
    struct server *s = &OWN;
    struct world w;
    struct response r;
    struct client c;
    char v[64];
    long wait;
    (void)state;

    own_world(s, env, &w);

    for (int i = 0; i < 3; i++) {
        try_login(s, NULL, "a@example.org", "wrong password 1", &r);
        assert_error(&r, 401, "unauthorized", NULL);
        response_free(&r);
    }
    /* Now even the right password is refused, with a time to wait. */
    try_login(s, NULL, "a@example.org", WORLD_PASSWORD, &r);
    assert_error(&r, 429, "too_many_attempts", NULL);
    assert_true(response_header(&r, "Retry-After", v, sizeof(v)));
    wait = strtol(v, NULL, 10);
    assert_true(wait >= 1 && wait <= 15 * 60 + 1);
    assert_false(response_header(&r, "Set-Cookie", v, sizeof(v)));
    assert_security_headers(&r, false);
    response_free(&r);
    /* The e-mail's case does not get around it. */
    try_login(s, NULL, "A@EXAMPLE.ORG", WORLD_PASSWORD, &r);
    assert_error(&r, 429, "too_many_attempts", NULL);
    response_free(&r);
    /* The session already open goes on working. */
    assert_int_equal(status_of(s, &w.who[PATIENT_A], "GET", "/api/v1/me", NULL), 200);

    /* Another account from the same address still signs in. */
    json_decref(login_remember(s, &c, "b@example.org", WORLD_PASSWORD));
    assert_int_equal(status_of(s, &c, "GET", "/api/v1/me", NULL), 200);

    own_stop(s, P("wrong password 1"));
}

#define ZEROS64 "0000000000000000000000000000000000000000000000000000000000000000"

static void throttle_per_address(void **state)
{
    static const char *const env[] = {"MOVERX_LOGIN_ATTEMPTS_PER_ADDRESS=4", NULL};
    static const char *const accounts[] = {"a@example.org", "b@example.org", "ghost@example.org",
                                           "clin.a@example.org"};
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char v[64];
    (void)state;

    own_world(s, env, &w);

    /* Four failures, one per account: each account is far from its own limit. */
    for (int i = 0; i < 4; i++) {
        try_login(s, NULL, accounts[i], "wrong password 2", &r);
        assert_error(&r, 401, "unauthorized", NULL);
        response_free(&r);
    }
    /* A fifth account, never tried, with the right password: the address is refused. */
    try_login(s, NULL, "admin@example.org", WORLD_PASSWORD, &r);
    assert_error(&r, 429, "too_many_attempts", NULL);
    assert_true(response_header(&r, "Retry-After", v, sizeof(v)));
    assert_true(strtol(v, NULL, 10) >= 1);
    response_free(&r);
    /* Setting a password from an invitation is throttled by the same count. */
    http_do(s, NULL, "POST", "/api/v1/invitations/accept",
            "{\"token\":\"" ZEROS64 "\",\"password\":\"a long enough password\"}", NULL, &r);
    assert_error(&r, 429, "too_many_attempts", NULL);
    assert_true(response_header(&r, "Retry-After", v, sizeof(v)));
    assert_true(strtol(v, NULL, 10) >= 1);
    response_free(&r);

    own_stop(s, P("wrong password 2"));
}

/* ---- 9. Durable writes under concurrency, group commit ---- */

#define N_WRITERS 40
#define DAYS 8

struct post_job {
    char url[256];
    char cookie[128];
    char csrf[128];
    char body[256];
    const char *patient;
    char date[16];
    int pain;
    pthread_barrier_t *start;
    long status;
    CURLcode rc;
    char reply[1024];
    size_t reply_len;
    atomic_bool done; /* set once the answer came */
};

static size_t keep_reply(char *data, size_t size, size_t n, void *arg)
{
    struct post_job *j = arg;
    size_t add = size * n, room = sizeof(j->reply) - 1 - j->reply_len;

    memcpy(j->reply + j->reply_len, data, add < room ? add : room);
    j->reply_len += add < room ? add : room;
    j->reply[j->reply_len] = '\0';
    return add;
}

/* One request over its own connection: a POST of the job's body with its
 * CSRF token, or a GET when it has no body. No cmocka calls off the main
 * thread. */
static void *request_thread(void *arg)
{
    struct post_job *j = arg;
    CURL *curl = curl_easy_init();
    struct curl_slist *hl = NULL;

    if (j->body[0]) {
        hl = curl_slist_append(hl, "Content-Type: application/json");
        hl = curl_slist_append(hl, "Expect:");
        hl = curl_slist_append(hl, j->csrf);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, j->body);
    }
    curl_easy_setopt(curl, CURLOPT_URL, j->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_COOKIE, j->cookie);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_reply);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, j);
    pthread_barrier_wait(j->start);
    j->rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &j->status);
    atomic_store(&j->done, true);
    curl_slist_free_all(hl);
    curl_easy_cleanup(curl);
    return NULL;
}

/* The value of a metrics line that starts with prefix (-1 when absent). */
static double metric(const char *text, const char *prefix)
{
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        if (strncmp(line, prefix, strlen(prefix)) == 0 && line[strlen(prefix)] == ' ')
            return strtod(line + strlen(prefix) + 1, NULL);
        line = end ? end + 1 : NULL;
    }
    return -1;
}

/* A Prometheus histogram: cumulative buckets that never shrink, +Inf equal
 * to _count, and at least `least` observations. */
static void assert_histogram(const char *text, const char *name, double least)
{
    char prefix[128];
    double prev = 0, count, inf;
    int buckets = 0;

    snprintf(prefix, sizeof(prefix), "%s_count", name);
    count = metric(text, prefix);
    snprintf(prefix, sizeof(prefix), "%s_bucket{le=\"+Inf\"}", name);
    inf = metric(text, prefix);
    assert_true(count >= least);
    assert_true(inf == count);
    snprintf(prefix, sizeof(prefix), "%s_bucket{le=\"", name);
    for (const char *line = strstr(text, prefix); line; line = strstr(line + 1, prefix)) {
        double v = strtod(strchr(line, ' ') + 1, NULL);
        assert_true(v >= prev);
        prev = v;
        buckets++;
    }
    assert_true(buckets >= 3);
    snprintf(prefix, sizeof(prefix), "%s_sum", name);
    assert_true(metric(text, prefix) >= 0);
}

static void concurrent_checkins_are_durable(void **state)
{
    static struct post_job jobs[N_WRITERS];
    pthread_t threads[N_WRITERS];
    pthread_barrier_t start;
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char patients[N_WRITERS / DAYS][40];
    char name[32];
    double n201, batches, batch_sum;
    sqlite3 *db;
    (void)state;

    own_world(s, NULL, &w);
    snprintf(patients[0], sizeof(patients[0]), "%s", w.patient_a);
    snprintf(patients[1], sizeof(patients[1]), "%s", w.patient_b);
    for (int p = 2; p < N_WRITERS / DAYS; p++) {
        json_t *j;
        snprintf(name, sizeof(name), "Extra Patient %d", p);
        server_cli_id(s, NULL,
                      CLI_ARGS("patient", "add", "--name", name, "--birth-year", "1980", "--org",
                               w.org1, "--json"),
                      patients[p]);
        j = server_cli(s, NULL,
                       CLI_ARGS("intake", patients[p], MOVERX_SOURCE_DIR "/examples/intake.json",
                                "--date", w.start, "--json"));
        json_decref(j);
    }

    pthread_barrier_init(&start, NULL, N_WRITERS);
    for (int i = 0; i < N_WRITERS; i++) {
        struct post_job *j = &jobs[i];
        memset(j, 0, sizeof(*j));
        j->patient = patients[i / DAYS];
        char date[16];
        day_after(w.start, i % DAYS, date);
        snprintf(j->date, sizeof(j->date), "%s", date);
        j->pain = i % 11;
        snprintf(j->url, sizeof(j->url), "%s/api/v1/patients/%s/checkins", s->base, j->patient);
        snprintf(j->cookie, sizeof(j->cookie), "mrx_session=%s", w.who[ADMIN].token);
        snprintf(j->csrf, sizeof(j->csrf), "X-CSRF-Token: %s", w.who[ADMIN].csrf);
        snprintf(j->body, sizeof(j->body), "{\"date\":\"%s\",\"pain\":%d,\"walk_minutes\":%d}",
                 date, j->pain, 10 + i);
        j->start = &start;
        assert_int_equal(pthread_create(&threads[i], NULL, request_thread, j), 0);
    }
    for (int i = 0; i < N_WRITERS; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < N_WRITERS; i++) {
        if (jobs[i].rc != CURLE_OK || jobs[i].status != 201)
            print_error("check-in %d (%s %s): curl %d, status %ld: %s\n", i, jobs[i].patient,
                        jobs[i].date, (int)jobs[i].rc, jobs[i].status, jobs[i].reply);
    }
    for (int i = 0; i < N_WRITERS; i++) {
        assert_int_equal(jobs[i].rc, CURLE_OK);
        assert_int_equal(jobs[i].status, 201);
    }

    /* The counters, before stopping. */
    http_do(s, NULL, "GET", "/metrics", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    n201 = metric(r.body, "moverx_http_requests_total{route=\"POST "
                          "/api/v1/patients/{id}/checkins\",status=\"201\"}");
    batches = metric(r.body, "moverx_write_batch_size_count");
    batch_sum = metric(r.body, "moverx_write_batch_size_sum");
    if (n201 != (double)N_WRITERS)
        print_error("%s\n", r.body);
    assert_true(n201 == (double)N_WRITERS);
    assert_true(batches >= 1);
    /* Every write went through a batch: at least the 40 check-ins, in no more batches
     * than writes. */
    assert_true(batch_sum >= (double)N_WRITERS);
    assert_true(batches <= batch_sum);
    /* Grouped: at least one transaction held more than one write. */
    assert_true(metric(r.body, "moverx_write_batch_size_bucket{le=\"1\"}") < batches);
    /* Every request answered so far has its duration counted, in buckets
     * that only grow, the last holding them all. */
    assert_histogram(r.body, "moverx_http_request_duration_seconds", (double)N_WRITERS);
    assert_histogram(r.body, "moverx_write_batch_size", (double)batches);
    response_free(&r);

    /* Killed outright (no chance to write anything more), every acknowledged
     * check-in is in the store: each was durable before its 201. */
    assert_int_equal(kill(s->pid, SIGKILL), 0);
    assert_int_equal(waitpid(s->pid, NULL, 0), s->pid);
    s->pid = 0;
    db = db_open(s);
    assert_int_equal(db_int(db, "SELECT count(*) FROM checkins", NULL), N_WRITERS);
    for (int i = 0; i < N_WRITERS; i++) {
        char pain[8];
        snprintf(pain, sizeof(pain), "%d", jobs[i].pain);
        assert_int_equal(db_int(db,
                                "SELECT count(*) FROM checkins c JOIN episodes e ON e.org_id = "
                                "c.org_id AND e.id = c.episode_id WHERE e.patient_id = ?1 AND "
                                "c.date = ?2 AND c.pain = CAST(?3 AS INTEGER)",
                                P(jobs[i].patient, jobs[i].date, pain)),
                         1);
    }
    sqlite3_close(db);
    assert_logs_clean(s, NULL);
}

/* ---- 10b. Reads go on while a write waits ---- */

#define N_READERS 12

/*
 * Another program holds the store's write lock, so the server's writer
 * waits to begin. A check-in sent meanwhile is not answered (it is not
 * durable), but reads are: they need no write lock, their audit events
 * queue for the writer, and read connections opened now do not wait for
 * the lock either. Once the lock is let go, the check-in is stored.
 */
static void reads_go_on_while_a_write_waits(void **state)
{
    static struct post_job job, reads[N_READERS];
    pthread_t thread, readers[N_READERS];
    pthread_barrier_t start, readers_start;
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char path[200], date[16];
    sqlite3 *db;
    (void)state;

    own_world(s, NULL, &w);
    db = db_open(s);
    db_exec(db, "BEGIN IMMEDIATE", NULL);

    memset(&job, 0, sizeof(job));
    day_after(w.start, 1, date);
    snprintf(job.url, sizeof(job.url), "%s/api/v1/patients/%s/checkins", s->base, w.patient_a);
    snprintf(job.cookie, sizeof(job.cookie), "mrx_session=%s", w.who[PATIENT_A].token);
    snprintf(job.csrf, sizeof(job.csrf), "X-CSRF-Token: %s", w.who[PATIENT_A].csrf);
    snprintf(job.body, sizeof(job.body), "{\"date\":\"%s\",\"pain\":3,\"walk_minutes\":20}", date);
    pthread_barrier_init(&start, NULL, 2);
    job.start = &start;
    assert_int_equal(pthread_create(&thread, NULL, request_thread, &job), 0);
    pthread_barrier_wait(&start);
    sleep_ms(200); /* time for the check-in to reach the writer (the test holds either way) */

    /* Reads one after another, then many at once, so that more read
     * connections open while the lock is held. */
    path_of(path, sizeof(path), w.patient_a, "today");
    assert_int_equal(status_of(s, &w.who[PATIENT_A], "GET", path, NULL), 200);
    path_of(path, sizeof(path), w.patient_b, "progress");
    assert_int_equal(status_of(s, &w.who[CLIN_A], "GET", path, NULL), 200);
    pthread_barrier_init(&readers_start, NULL, N_READERS);
    for (int i = 0; i < N_READERS; i++) {
        memset(&reads[i], 0, sizeof(reads[i]));
        snprintf(reads[i].url, sizeof(reads[i].url), "%s/api/v1/patients/%s/today", s->base,
                 i % 2 ? w.patient_a : w.patient_b);
        snprintf(reads[i].cookie, sizeof(reads[i].cookie), "mrx_session=%s", w.who[CLIN_A].token);
        reads[i].start = &readers_start;
        assert_int_equal(pthread_create(&readers[i], NULL, request_thread, &reads[i]), 0);
    }
    for (int i = 0; i < N_READERS; i++)
        pthread_join(readers[i], NULL);
    pthread_barrier_destroy(&readers_start);
    for (int i = 0; i < N_READERS; i++) {
        if (reads[i].status != 200)
            print_error("read %d: curl %d, status %ld: %s\n", i, (int)reads[i].rc, reads[i].status,
                        reads[i].reply);
        assert_int_equal(reads[i].status, 200);
    }
    /* The write is still waiting: it was not answered before it was durable. */
    assert_false(atomic_load(&job.done));

    db_exec(db, "ROLLBACK", NULL);
    pthread_join(thread, NULL);
    pthread_barrier_destroy(&start);
    if (job.status != 201)
        print_error("check-in: curl %d, status %ld: %s\n", (int)job.rc, job.status, job.reply);
    assert_int_equal(job.status, 201);
    assert_int_equal(db_int(db,
                            "SELECT count(*) FROM checkins c JOIN episodes e ON e.org_id = "
                            "c.org_id AND e.id = c.episode_id WHERE e.patient_id = ?1 AND "
                            "c.date = ?2 AND c.walk_minutes = 20",
                            P(w.patient_a, date)),
                     1);
    sqlite3_close(db);
    http_do(s, NULL, "GET", "/healthz", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    assert_logs_clean(s, NULL);
}

/* ---- 10c. Sign-ins cannot hold every worker ---- */

#define N_SIGN_INS 6

/*
 * Four workers and one password check at a time, each about a second (a
 * large argon2id cost: an unknown account is checked against a dummy hash
 * of the server's cost). hash_waiting's default (8) is lowered to 2, so that
 * one worker stays free. Of six sign-ins at once, three get their turn and
 * three are answered 503 at once, and a check-in sent meanwhile is answered
 * before any sign-in: without the bound, four waiting sign-ins would hold
 * every worker and the check-in would wait for the first to end.
 */
static void sign_ins_past_the_queue_are_busy_and_writes_go_on(void **state)
{
    static const char *const env[] = {"MOVERX_SERVER_WORKERS=4",
                                      "MOVERX_LOGIN_HASH_PARALLEL=1",
                                      "MOVERX_LOGIN_ARGON2_MEMORY_KIB=262144",
                                      "MOVERX_LOGIN_ARGON2_PASSES=4",
                                      "MOVERX_LOGIN_ATTEMPTS_PER_ADDRESS=4",
                                      NULL};
    static struct post_job jobs[N_SIGN_INS];
    pthread_t threads[N_SIGN_INS];
    pthread_barrier_t start;
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char path[200], body[160];
    double busy = 0;
    int n503 = 0, n401 = 0, answered = 0;
    sqlite3 *db;
    (void)state;

    own_world(s, env, &w);
    pthread_barrier_init(&start, NULL, N_SIGN_INS);
    for (int i = 0; i < N_SIGN_INS; i++) {
        struct post_job *j = &jobs[i];
        memset(j, 0, sizeof(*j));
        snprintf(j->url, sizeof(j->url), "%s/api/v1/login", s->base);
        snprintf(j->csrf, sizeof(j->csrf), "X-Test: sign-in %d", i);
        snprintf(j->body, sizeof(j->body),
                 "{\"email\":\"ghost%d@example.org\",\"password\":\"wrong password 3\"}", i);
        j->start = &start;
        assert_int_equal(pthread_create(&threads[i], NULL, request_thread, j), 0);
    }
    /* Once three are turned away (GETs are answered by the event loops,
     * not the workers), a check-in. */
    for (int i = 0; i < 2000 && busy < 3; i++) {
        http_do(s, NULL, "GET", "/metrics", NULL, NULL, &r);
        busy = metric(r.body, "moverx_password_busy_total");
        response_free(&r);
        if (busy < 3)
            sleep_ms(5);
    }
    assert_true(busy == 3);
    path_of(path, sizeof(path), w.patient_a, "checkins");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":3}", w.today);
    assert_int_equal(status_of(s, &w.who[PATIENT_A], "POST", path, body), 201);
    /* Answered so far: the three turned away, none of those with a turn
     * (a reply is read only once its thread says it is done). */
    for (int i = 0; i < N_SIGN_INS; i++)
        if (atomic_load(&jobs[i].done)) {
            assert_non_null(strstr(jobs[i].reply, "\"busy\""));
            answered++;
        }
    assert_int_equal(answered, 3);

    for (int i = 0; i < N_SIGN_INS; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < N_SIGN_INS; i++) {
        assert_int_equal(jobs[i].rc, CURLE_OK);
        if (jobs[i].status == 503) {
            n503++;
            assert_non_null(strstr(jobs[i].reply, "\"busy\""));
        } else {
            assert_int_equal(jobs[i].status, 401);
            n401++;
        }
    }
    assert_int_equal(n503, 3);
    assert_int_equal(n401, 3);
    /* Busy is not a failed attempt: three failures from this address, under
     * its limit of four, so it may still sign in. */
    try_login(s, NULL, "a@example.org", WORLD_PASSWORD, &r);
    assert_int_equal(r.status, 200);
    response_free(&r);
    db = db_open(s);
    assert_int_equal(db_int(db,
                            "SELECT count(*) FROM audit_events WHERE action = 'login' AND "
                            "outcome = 'busy'",
                            NULL),
                     3);
    sqlite3_close(db);
    own_stop(s, P("wrong password 3"));
}

/* ---- 11. An alert is acknowledged once ---- */

/* The status, error code and field of a request that may find the server gone. */
static long try_error(struct server *s, const struct client *c, const char *path, const char *body,
                      char code[64], char field[64])
{
    struct response r;
    json_t *e;
    long st;

    try_request(s, c, "POST", path, body, body ? strlen(body) : 0, NULL, &r);
    st = r.status;
    e = json_object_get(r.json, "error");
    snprintf(code, 64, "%s", jstr(e, "code"));
    snprintf(field, 64, "%s", jstr(e, "field"));
    response_free(&r);
    return st;
}

/*
 * Every promise is a task (adaptation v2): the alert a red flag opened is on
 * the care team's queue, due the next day; marking it done with a note
 * resolves the alert; done twice is a conflict; the patient's list says who
 * did it and when.
 */
static void promises_are_tasks_with_due_dates(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char alert[64], task[64] = "", path[200], due[16], code[64], field[64];
    json_t *t;
    size_t i;
    (void)state;

    own_world(s, NULL, &w);
    raise_urgent_alert(s, &w, alert);
    day_after(w.today, 1, due);
    http_do(s, &w.who[CLIN_A], "GET", "/api/v1/tasks", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "tasks"), i, t)
    {
        if (strcmp(jstr(t, "alert"), alert) == 0) {
            snprintf(task, sizeof(task), "%s", jstr(t, "id"));
            assert_string_equal(jstr(t, "due"), due); /* urgent: the next day */
            assert_string_equal(jstr(t, "kind"), "alert");
            assert_string_equal(jstr(t, "status"), "open");
        }
    }
    response_free(&r);
    assert_true(task[0] != '\0');

    snprintf(path, sizeof(path), "/api/v1/tasks/%s/done", task);
    assert_int_equal(try_error(s, &w.who[CLIN_A], path, "{}", code, field), 400);
    assert_string_equal(field, "note");
    http_do(s, &w.who[CLIN_A], "POST", path, "{\"note\":\"Rang her: seen by the GP today.\"}", NULL,
            &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "done");
    assert_string_equal(jstr(r.json, "done_by"), w.user[CLIN_A]);
    response_free(&r);
    assert_int_equal(try_error(s, &w.who[CLIN_A], path, "{\"note\":\"again\"}", code, field), 409);

    /* the alert went with it */
    http_do(s, &w.who[CLIN_A], "GET", "/api/v1/alerts", NULL, NULL, &r);
    json_array_foreach(json_object_get(r.json, "alerts"), i, t)
        assert_string_not_equal(jstr(t, "id"), alert);
    response_free(&r);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/tasks", w.patient_a);
    http_do(s, &w.who[CLIN_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    json_array_foreach(json_object_get(r.json, "tasks"), i, t)
    {
        if (strcmp(jstr(t, "id"), task) == 0)
            assert_string_equal(jstr(t, "note"), "Rang her: seen by the GP today.");
    }
    response_free(&r);
    server_stop(s, true);
}

/* A clinician decides the end of the course: more weeks, then maintenance;
 * the patient reads the clinician's words; only the care team's clinician. */
static void clinician_decides_the_end_of_the_course(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char path[200], today[200], code[64], field[64];
    (void)state;

    own_world(s, NULL, &w);
    snprintf(path, sizeof(path), "/api/v1/patients/%s/discharge", w.patient_a);
    snprintf(today, sizeof(today), "/api/v1/patients/%s/today", w.patient_a);
    assert_int_equal(try_error(s, &w.who[ADMIN], path, "{\"decision\":\"extend\",\"reason\":\"x\"}",
                               code, field),
                     403);
    assert_int_equal(try_error(s, &w.who[PATIENT_A], path,
                               "{\"decision\":\"maintenance\",\"reason\":\"x\"}", code, field),
                     403);
    assert_int_equal(try_error(s, &w.who[CLIN_A], path, "{\"decision\":\"later\",\"reason\":\"x\"}",
                               code, field),
                     400);
    assert_string_equal(field, "decision");
    assert_int_equal(try_error(s, &w.who[CLIN_A], path,
                               "{\"decision\":\"extend\",\"weeks\":13,\"reason\":\"x\"}", code,
                               field),
                     400);
    assert_string_equal(field, "weeks");
    assert_int_equal(try_error(s, &w.who[CLIN_A], path, "{\"decision\":\"extend\"}", code, field),
                     400);
    assert_string_equal(field, "reason");

    http_do(s, &w.who[CLIN_A], "POST", path,
            "{\"decision\":\"extend\",\"weeks\":2,\"reason\":\"Two more weeks, then we look "
            "again.\"}",
            NULL, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "decision"), "extend");
    assert_true(json_integer_value(
                    json_object_get(json_object_get(r.json, "plan"), "next_review_week")) >= 2);
    assert_string_equal(
        jstr(json_object_get(json_object_get(r.json, "plan"), "discharge_review"), "by"),
        "clinician");
    response_free(&r);
    http_do(s, &w.who[PATIENT_A], "GET", today, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(json_object_get(r.json, "discharge_review"), "why"),
                        "Two more weeks, then we look again.");
    response_free(&r);

    http_do(s, &w.who[CLIN_A], "POST", path,
            "{\"decision\":\"maintenance\",\"reason\":\"You are doing well: on you go.\"}", NULL,
            &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
    http_do(s, &w.who[PATIENT_A], "GET", today, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "discharged");
    assert_string_equal(jstr(r.json, "phase"), "maintenance");
    assert_true(json_array_size(json_object_get(r.json, "flare_plan")) >= 3);
    response_free(&r);
    assert_int_equal(try_error(s, &w.who[CLIN_A], path,
                               "{\"decision\":\"maintenance\",\"reason\":\"again\"}", code, field),
                     409);
    assert_string_equal(field, "patient");
    server_stop(s, true);
}

static void alert_acknowledged_twice_is_a_conflict(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char alert[64], ack[200], resolve[200], code[64], field[64];
    long st, alive;
    (void)state;

    own_world(s, NULL, &w);
    raise_urgent_alert(s, &w, alert);
    snprintf(ack, sizeof(ack), "/api/v1/alerts/%s/acknowledge", alert);
    snprintf(resolve, sizeof(resolve), "/api/v1/alerts/%s/resolve", alert);

    http_do(s, &w.who[CLIN_A], "POST", ack, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "acknowledged");
    response_free(&r);

    /* Again: 409, and the server goes on serving. */
    st = try_error(s, &w.who[CLIN_A], ack, NULL, code, field);
    alive = try_request(s, NULL, "GET", "/healthz", NULL, 0, NULL, &r);
    response_free(&r);
    if (st != 409 || alive != 200)
        print_error("acknowledging an acknowledged alert: status %ld, then /healthz %ld "
                    "(-1: no reply; see serve.err)\n",
                    st, alive);
    assert_int_equal(st, 409);
    assert_string_equal(code, "conflict");
    assert_string_equal(field, "alert");
    assert_int_equal(alive, 200);

    /* Resolved, it cannot be acknowledged either. */
    http_do(s, &w.who[CLIN_A], "POST", resolve, "{\"note\":\"Seen; explained.\"}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(r.json, "status"), "resolved");
    response_free(&r);
    st = try_error(s, &w.who[CLIN_A], ack, "{}", code, field);
    alive = try_request(s, NULL, "GET", "/healthz", NULL, 0, NULL, &r);
    response_free(&r);
    assert_int_equal(st, 409);
    assert_string_equal(code, "conflict");
    assert_int_equal(alive, 200);

    /* A clean stop: no sanitizer report, exit status 0. */
    server_stop(s, true);
    assert_logs_clean(s, NULL);
}

/* An invitation works for a week: past its expiry it is refused like a used one. */
static void invitations_expire(void **state)
{
    struct response r;
    char body[256], user[40], ts[32];
    sqlite3 *db;
    (void)state;

    http_do(&S, &W.who[ADMIN], "POST", "/api/v1/invitations",
            "{\"email\":\"late.larry@example.org\",\"role\":\"clinician\"}", NULL, &r);
    assert_int_equal(r.status, 201);
    snprintf(user, sizeof(user), "%s", json_string_value(json_object_get(r.json, "user")));
    snprintf(body, sizeof(body), "{\"token\":\"%s\",\"password\":\"larry's password\"}",
             json_string_value(json_object_get(r.json, "token")));
    response_free(&r);
    db = db_open(&S);
    stamp_ago(60, ts); /* expired a minute ago */
    db_exec(db, "UPDATE invitations SET expires_at = ?1 WHERE user_id = ?2", P(ts, user));
    sqlite3_close(db);
    http_do(&S, NULL, "POST", "/api/v1/invitations/accept", body, NULL, &r);
    assert_int_equal(r.status, 400);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "token");
    assert_non_null(strstr(r.body, "expired"));
    response_free(&r);
    http_do(&S, NULL, "POST", "/api/v1/login",
            "{\"email\":\"late.larry@example.org\",\"password\":\"larry's password\"}", NULL, &r);
    assert_int_equal(r.status, 401); /* no password was set */
    response_free(&r);
}

/* F13: an address is one account however it is written, and a look-alike is refused: an
 * invisible character, or letters of two alphabets. */
static void look_alike_addresses_are_refused(void **state)
{
    static const char *const refused[] = {
        "ann\u200b.lee@example.org", /* a zero-width space */
        "ann.l\u0435e@example.org",  /* a Cyrillic e among Latin letters */
        "ann.lee@ex\u0430mple.org",  /* and in the domain */
        "ann\u2060lee@example.org",  /* a word joiner */
    };
    struct response r;
    char body[256], user[40];
    (void)state;

    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        snprintf(body, sizeof(body), "{\"email\":\"%s\",\"role\":\"clinician\"}", refused[i]);
        http_do(&S, &W.who[ADMIN], "POST", "/api/v1/invitations", body, NULL, &r);
        if (r.status != 400)
            fail_msg("%s: %ld %s", refused[i], r.status, r.body);
        assert_error(&r, 400, "invalid", "email");
        response_free(&r);
    }
    /* full-width capitals and an accent written two ways are the same address as the plain
     * one: one account */
    http_do(&S, &W.who[ADMIN], "POST", "/api/v1/invitations",
            "{\"email\":\"\uff2a\uff2f\uff33\u00c9@example.org\",\"role\":\"clinician\"}", NULL,
            &r);
    assert_int_equal(r.status, 201);
    snprintf(user, sizeof(user), "%s", jstr(r.json, "user"));
    response_free(&r);
    http_do(&S, &W.who[ADMIN], "POST", "/api/v1/invitations",
            "{\"email\":\"jose\u0301@example.org\",\"role\":\"clinician\"}", NULL, &r);
    assert_int_equal(r.status, 201); /* the same pending account, invited again */
    assert_string_equal(jstr(r.json, "user"), user);
    response_free(&r);
}

/* ---- The web app's reference material and its red-flag check ---- */

static void library_and_triage_for_the_web_app(void **state)
{
    struct response r;
    json_t *ex;
    size_t i;
    sqlite3 *db;
    (void)state;

    http_do(&S, &W.who[PATIENT_A], "GET", "/api/v1/exercises", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(json_array_size(json_object_get(r.json, "exercises")) > 40);
    json_array_foreach(json_object_get(r.json, "exercises"), i, ex)
    {
        /* every exercise carries what the session screen and the plan editor need */
        assert_true(json_array_size(json_object_get(ex, "steps")) > 0);
        assert_non_null(json_object_get(json_object_get(ex, "range"), "days_per_week"));
    }
    response_free(&r);
    http_do(&S, &W.who[PATIENT_A], "GET", "/api/v1/exercises/bridge", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "regression")), "pelvic-tilt");
    response_free(&r);
    http_do(&S, &W.who[PATIENT_A], "GET", "/api/v1/exercises/no-such-thing", NULL, NULL, &r);
    assert_error(&r, 404, "not_found", NULL);
    response_free(&r);
    http_do(&S, &W.who[PATIENT_A], "GET", "/api/v1/instruments/startback", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "items")), 9);
    assert_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "text"));
    response_free(&r);

    /* Triage: an emergency answer, none, and a bad answer named; nothing is stored. */
    db = db_open(&S);
    long long before = db_int(db, "SELECT count(*) FROM episodes", NULL);
    http_do(&S, &W.who[PATIENT_A], "POST", "/api/v1/triage",
            "{\"red_flags\":{\"saddle_numbness\":true}}", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "tier")), "emergency");
    assert_string_equal(json_string_value(json_object_get(r.json, "program")), "stop");
    response_free(&r);
    http_do(&S, &W.who[PATIENT_A], "POST", "/api/v1/triage", "{\"red_flags\":{},\"age\":40}", NULL,
            &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "tier")), "none");
    response_free(&r);
    http_do(&S, &W.who[PATIENT_A], "POST", "/api/v1/triage",
            "{\"red_flags\":{\"trauma\":\"dreadful\"}}", NULL, &r);
    assert_error(&r, 400, "invalid", "red_flags.trauma");
    response_free(&r);
    http_do(&S, &W.who[PATIENT_A], "POST", "/api/v1/triage", "{\"age\":40}", NULL, &r);
    assert_error(&r, 400, "invalid", "red_flags");
    response_free(&r);
    assert_int_equal(db_int(db, "SELECT count(*) FROM episodes", NULL), before);
    sqlite3_close(db);
}

/* ---- An offline queue sends a write again: the Idempotency-Key keeps it once ---- */

static void repeated_writes_with_a_key_are_stored_once(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct response first, again, r;
    char path[160], body[160], other[160], date[16], value[64], key[200];
    const char *key_hdr[] = {"Idempotency-Key: 5d0c1f7e-queue-1", NULL};
    sqlite3 *db;
    (void)state;

    server_prepare(s);
    server_start(s, NULL);
    world_build(s, &w);
    day_after(w.start, 2, date);
    path_of(path, sizeof(path), w.patient_a, "sessions");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain_during\":3}", date);

    http_do(s, &w.who[PATIENT_A], "POST", path, body, key_hdr, &first);
    assert_int_equal(first.status, 201);
    assert_false(response_header(&first, "Idempotent-Replayed", value, sizeof(value)));
    /* The answer was lost; the queue sends it again: the same answer, nothing new. */
    http_do(s, &w.who[PATIENT_A], "POST", path, body, key_hdr, &again);
    assert_int_equal(again.status, 201);
    assert_true(response_header(&again, "Idempotent-Replayed", value, sizeof(value)));
    assert_string_equal(value, "true");
    assert_int_equal(again.len, first.len);
    assert_memory_equal(again.body, first.body, first.len);
    response_free(&again);
    db = db_open(s);
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions WHERE date = ?1", P(date)), 1);
    /* Both answers are in the audit trail: the write, and its replay. */
    assert_int_equal(db_wait_count(db,
                                   "SELECT count(*) FROM audit_events WHERE actor = ?1 AND "
                                   "patient_id = ?2 AND action = 'session.create' AND outcome = "
                                   "'replayed'",
                                   P(w.user[PATIENT_A], w.patient_a), 1),
                     1);
    assert_int_equal(db_int(db,
                            "SELECT count(*) FROM audit_events WHERE actor = ?1 AND patient_id = "
                            "?2 AND action = 'session.create' AND outcome = 'ok'",
                            P(w.user[PATIENT_A], w.patient_a)),
                     1);
    /* Without a key the same write is a second entry for the day: a conflict. */
    http_do(s, &w.who[PATIENT_A], "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 409);
    response_free(&r);

    /* The key with another request is refused, and writes nothing. */
    snprintf(other, sizeof(other), "{\"date\":\"%s\",\"pain_during\":3}", w.start);
    http_do(s, &w.who[PATIENT_A], "POST", path, other, key_hdr, &r);
    assert_error(&r, 422, "key_reused", "Idempotency-Key");
    response_free(&r);
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions WHERE date = ?1", P(w.start)), 0);

    /* Keys are the caller's own: the clinician's same key is a new request. */
    path_of(path, sizeof(path), w.patient_a, "checkins");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"pain\":3}", date);
    http_do(s, &w.who[CLIN_A], "POST", path, body, key_hdr, &r);
    assert_int_equal(r.status, 201);
    assert_false(response_header(&r, "Idempotent-Replayed", value, sizeof(value)));
    response_free(&r);
    http_do(s, &w.who[CLIN_A], "POST", path, body, key_hdr, &r);
    assert_int_equal(r.status, 201);
    assert_true(response_header(&r, "Idempotent-Replayed", value, sizeof(value)));
    response_free(&r);
    assert_int_equal(db_int(db, "SELECT count(*) FROM checkins WHERE date = ?1", P(date)), 1);

    /* A key the caller may not see the patient with: 404 first, as without a key. */
    http_do(s, &w.who[CLIN_SAME], "POST", path, body, key_hdr, &r);
    assert_int_equal(r.status, 404);
    response_free(&r);

    /* Keys expire (F15, idempotency_days, 7 by default): an old key is not answered
     * again (the check-in is a second one for the day), and the next key's write
     * deletes it. */
    db_exec(db,
            "UPDATE idempotency_keys SET created_at = '2000-01-01T00:00:00Z' WHERE user_id = ?1",
            P(w.user[CLIN_A]));
    http_do(s, &w.who[CLIN_A], "POST", path, body, key_hdr, &r);
    assert_error(&r, 409, "conflict", "date");
    assert_false(response_header(&r, "Idempotent-Replayed", value, sizeof(value)));
    response_free(&r);
    path_of(other, sizeof(other), w.patient_a, "messages");
    http_do(s, &w.who[CLIN_A], "POST", other, "{\"body\":\"How are the walks going?\"}",
            (const char *const[]){"Idempotency-Key: 5d0c1f7e-queue-2", NULL}, &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM idempotency_keys WHERE created_at < '2001'", NULL), 0);
    assert_int_equal(
        db_int(db, "SELECT count(*) FROM idempotency_keys WHERE user_id = ?1", P(w.user[CLIN_A])),
        1);

    /* Malformed keys name the header. */
    memset(key, 'k', sizeof(key));
    memcpy(key, "Idempotency-Key: ", 17);
    key[sizeof(key) - 1] = '\0';
    http_do(s, &w.who[PATIENT_A], "POST", path, body, (const char *const[]){key, NULL}, &r);
    assert_error(&r, 400, "invalid", "Idempotency-Key");
    response_free(&r);
    http_do(s, &w.who[PATIENT_A], "POST", path, body,
            (const char *const[]){"Idempotency-Key: two words", NULL}, &r);
    assert_error(&r, 400, "invalid", "Idempotency-Key");
    response_free(&r);
    sqlite3_close(db);
    response_free(&first);
    server_stop(s, false);
}

/* ---- 12. Follow-up questionnaires ---- */

/* POST the assessment body as c; asserts the status and the error's field (NULL: no error). */
static void assess_expect(struct server *s, const struct client *c, const char *path,
                          const char *body, long status, const char *field)
{
    struct response r;

    http_do(s, c, "POST", path, body, NULL, &r);
    if (field)
        assert_error(&r, status, status == 409 ? "conflict" : "invalid", field);
    else if (r.status != status)
        fail_msg("POST %s %s: expected %ld, got %ld: %s", path, body, status, r.status, r.body);
    response_free(&r);
}

/* A change of the answer's "changes" (or progress's "score_changes"). */
static const json_t *change_of(const json_t *changes, const char *instrument)
{
    size_t i;
    json_t *c;

    json_array_foreach(changes, i, c) if (strcmp(jstr(c, "instrument"), instrument) == 0) return c;
    return NULL;
}

static double num_of(const json_t *o, const char *key)
{
    assert_true(json_is_number(json_object_get(o, key)));
    return json_number_value(json_object_get(o, key));
}

/* Whether today's plan of patient on date says the check-up is due, read as
 * caller (asserting 200). */
static bool checkup_due(struct server *s, const struct client *caller, const char *patient,
                        const char *date)
{
    struct response r;
    char path[200];
    bool due;

    snprintf(path, sizeof(path), "/api/v1/patients/%s/today?date=%s", patient, date);
    http_do(s, caller, "GET", path, NULL, NULL, &r);
    if (r.status != 200)
        fail_msg("GET %s: %ld %s", path, r.status, r.body);
    assert_true(json_is_boolean(json_object_get(r.json, "followup_due")));
    due = json_is_true(json_object_get(r.json, "followup_due"));
    response_free(&r);
    return due;
}

/*
 * Today's plan says when the 4-weekly check-up is due (the web app's Today
 * needs no progress read for it): 28 days after the start, then 28 days
 * after the disability questionnaire was last answered. A cached today is
 * rendered again once a questionnaire is stored, by the API or by another
 * process (the store's revision triggers).
 */
/* F4: a clinician taken off a care team loses access at once, through the API and the
 * command line, audited; taking off someone not on the team changes nothing; the last
 * clinician of a running program stays until another joins. */
static void care_team_removal(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char team[200], member[300], patient[200], body[120];
    json_t *j;
    sqlite3 *db;
    (void)state;

    own_world(s, NULL, &w);
    snprintf(team, sizeof(team), "/api/v1/patients/%s/care-team", w.patient_a);
    snprintf(member, sizeof(member), "%s/%s", team, w.user[CLIN_SAME]);
    snprintf(patient, sizeof(patient), "/api/v1/patients/%s", w.patient_a);
    snprintf(body, sizeof(body), "{\"clinician\":\"%s\"}", w.user[CLIN_SAME]);
    http_do(s, &w.who[ADMIN], "POST", team, body, NULL, &r);
    assert_int_equal(r.status, 201);
    response_free(&r);
    assert_int_equal(status_of(s, &w.who[CLIN_SAME], "GET", patient, NULL), 200);

    http_do(s, &w.who[ADMIN], "DELETE", member, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "removed")));
    response_free(&r);
    /* at once, though the session and the membership were just cached */
    assert_int_equal(status_of(s, &w.who[CLIN_SAME], "GET", patient, NULL), 404);
    http_do(s, &w.who[ADMIN], "DELETE", member, NULL, NULL, &r); /* again: nothing to do */
    assert_int_equal(r.status, 200);
    assert_true(json_is_false(json_object_get(r.json, "removed")));
    response_free(&r);

    /* A's only clinician stays while A's program runs */
    snprintf(member, sizeof(member), "%s/%s", team, w.user[CLIN_A]);
    http_do(s, &w.who[ADMIN], "DELETE", member, NULL, NULL, &r);
    assert_error(&r, 409, "conflict", "clinician");
    response_free(&r);
    assert_int_equal(status_of(s, &w.who[CLIN_A], "GET", patient, NULL), 200);

    /* the command line: join, then leave */
    j = server_cli(s, NULL,
                   CLI_ARGS("care", "add", "--patient", w.patient_a, "--clinician",
                            w.user[CLIN_SAME], "--json"));
    json_decref(j);
    assert_int_equal(status_of(s, &w.who[CLIN_SAME], "GET", patient, NULL), 200);
    j = server_cli(s, NULL,
                   CLI_ARGS("care", "remove", "--patient", w.patient_a, "--clinician",
                            w.user[CLIN_SAME], "--json"));
    assert_true(json_is_true(json_object_get(j, "removed")));
    json_decref(j);
    assert_int_equal(status_of(s, &w.who[CLIN_SAME], "GET", patient, NULL), 404);

    db = db_open(s);
    assert_true(db_int(db,
                       "SELECT count(*) FROM audit_events WHERE action = 'care_team.remove' "
                       "AND patient_id = ?",
                       P(w.patient_a)) >= 4);
    /* and a sign-out is on the trail too (F7) */
    http_do(s, &w.who[CLIN_SAME], "POST", "/api/v1/logout", "{}", NULL, &r);
    assert_int_equal(r.status, 204);
    response_free(&r);
    assert_int_equal(db_wait_count(db,
                                   "SELECT count(*) FROM audit_events WHERE action = 'logout' AND "
                                   "outcome = 'ok' AND actor = ?1",
                                   P(w.user[CLIN_SAME]), 1),
                     1);
    sqlite3_close(db);
}

/* null is absent (F11): a flare dated null is today's, not 1970-01-01's; a session's
 * optional fields given as null are taken as not given. */
static void null_means_absent(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct response r;
    char path[200], body[200];
    (void)state;

    own_world(s, NULL, &w);
    path_of(path, sizeof(path), w.patient_a, "flare");
    http_do(s, &w.who[PATIENT_A], "POST", path, "{\"date\":null,\"pain\":6,\"red_flags\":null}",
            NULL, &r);
    if (r.status != 201)
        print_error("%s\n", r.body);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "date"), w.today);
    response_free(&r);
    path_of(path, sizeof(path), w.patient_a, "sessions");
    snprintf(body, sizeof(body),
             "{\"date\":\"%s\",\"pain_during\":3,\"note\":null,\"difficulty\":null,"
             "\"items\":null}",
             w.today);
    http_do(s, &w.who[PATIENT_A], "POST", path, body, NULL, &r);
    if (r.status != 201)
        print_error("%s\n", r.body);
    assert_int_equal(r.status, 201);
    response_free(&r);
}

static void today_says_when_the_checkup_is_due(void **state)
{
    struct server *s = &OWN;
    struct world w;
    struct client *admin;
    char pid[40], start[16], day27[16], path[200], body[160];
    double hits;
    json_t *j;
    (void)state;

    own_world(s, NULL, &w);
    admin = &w.who[ADMIN];
    day_after(w.today, -30, start);
    day_after(start, 27, day27);
    server_cli_id(s, NULL,
                  CLI_ARGS("patient", "add", "--name", "Four Weeks", "--birth-year", "1970",
                           "--org", w.org1, "--json"),
                  pid);
    j = server_cli(s, NULL,
                   CLI_ARGS("intake", pid, MOVERX_SOURCE_DIR "/examples/intake.json", "--date",
                            start, "--json"));
    json_decref(j);

    assert_false(checkup_due(s, admin, pid, start));
    assert_false(checkup_due(s, admin, pid, day27));
    assert_true(checkup_due(s, admin, pid, w.today)); /* day 30 */
    hits = view_cache_count(s, "hit");
    assert_true(checkup_due(s, admin, pid, w.today)); /* the same, from the cache */
    assert_true(view_cache_count(s, "hit") == hits + 1);

    /* The ODI answered today: not due, at once. */
    path_of(path, sizeof(path), pid, "assessments");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"odi\":[1,1,1,1,1,1,1,1,1,0]}", w.today);
    assert_int_equal(status_of(s, admin, "POST", path, body), 201);
    assert_false(checkup_due(s, admin, pid, w.today));
    /* Another process removes it: due again, not the cached answer. */
    {
        sqlite3 *db = db_open(s);
        db_exec(db,
                "DELETE FROM assessments WHERE date = ?1 AND instrument = 'odi' AND "
                "episode_id IN (SELECT id FROM episodes WHERE patient_id = ?2)",
                P(w.today, pid));
        sqlite3_close(db);
    }
    assert_true(checkup_due(s, admin, pid, w.today));

    /* A program a week old: not yet. */
    assert_false(checkup_due(s, &w.who[PATIENT_A], w.patient_a, w.today));
    own_stop(s, NULL);
}

/*
 * The example intake's ODI is 17 of 45 (37.8 %) and its PSFS rates gardening
 * 3, sitting through a film 4 and carrying shopping 5 (mean 4). A follow-up
 * is scored and stored as the intake's scores are, once a day per
 * instrument, re-rating the same activities; every refusal stores nothing.
 */
static void follow_up_questionnaires(void **state)
{
    static const char psfs_ok[] = "[{\"activity\":\"carrying shopping\",\"rating\":7},"
                                  "{\"activity\":\"gardening\",\"rating\":6},"
                                  "{\"activity\":\"sitting through a film\",\"rating\":7}]";
    struct server *s = &OWN;
    struct world w;
    struct response first, again, r;
    struct client no_csrf;
    char path[200], nobody[200], body[1024], date[16], later[16], before[16], ahead[16], value[64];
    const char *key_hdr[] = {"Idempotency-Key: follow-up-4-weeks", NULL};
    const json_t *c, *scores;
    sqlite3 *db;
    (void)state;

    server_prepare(s);
    server_start(s, NULL);
    world_build(s, &w);
    path_of(path, sizeof(path), w.patient_a, "assessments");
    path_of(nobody, sizeof(nobody), "00000000-0000-4000-8000-000000000000", "assessments");
    day_after(w.start, 3, date);
    day_after(w.start, 5, later);
    day_after(w.start, -1, before);
    day_after(w.today, 2, ahead);
    db = db_open(s);

    /* The patient sends an ODI and the PSFS (in another order): scored, with the change. */
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"odi\":[1,1,1,1,1,1,1,null,1,0],\"psfs\":%s}",
             date, psfs_ok);
    http_do(s, &w.who[PATIENT_A], "POST", path, body, key_hdr, &first);
    if (first.status != 201)
        fail_msg("POST %s: %ld %s", path, first.status, first.body);
    assert_string_equal(jstr(first.json, "date"), date);
    scores = json_object_get(first.json, "scores");
    assert_int_equal(json_array_size(scores), 2);
    assert_string_equal(jstr(json_array_get(scores, 0), "instrument"), "odi");
    c = json_object_get(json_array_get(scores, 0), "score");
    assert_int_equal(json_integer_value(json_object_get(c, "sum")), 8);
    assert_int_equal(json_integer_value(json_object_get(c, "answered")), 9);
    assert_string_equal(jstr(c, "band"), "minimal");
    assert_true(json_is_false(json_object_get(c, "complete")));
    assert_string_equal(jstr(json_array_get(scores, 1), "instrument"), "psfs");
    c = change_of(json_object_get(first.json, "changes"), "odi");
    assert_non_null(c);
    assert_string_equal(jstr(c, "baseline_date"), w.start);
    assert_string_equal(jstr(c, "followup_date"), date);
    assert_true(num_of(c, "baseline") == 37.8 && num_of(c, "followup") == 17.8);
    assert_true(num_of(c, "change") == 20.0 && num_of(c, "percent") == 52.9);
    assert_true(json_is_true(json_object_get(c, "important")));
    c = change_of(json_object_get(first.json, "changes"), "psfs");
    assert_non_null(c);
    assert_true(num_of(c, "baseline") == 4.0 && num_of(c, "followup") == 6.7);
    assert_true(num_of(c, "change") == 2.7 && json_is_true(json_object_get(c, "important")));
    assert_int_equal(db_int(db, "SELECT count(*) FROM assessments WHERE date = ?1", P(date)), 2);

    /* The answer was lost and the phone sends it again: the same answer, no new row. */
    http_do(s, &w.who[PATIENT_A], "POST", path, body, key_hdr, &again);
    assert_int_equal(again.status, 201);
    assert_true(response_header(&again, "Idempotent-Replayed", value, sizeof(value)));
    assert_int_equal(again.len, first.len);
    assert_memory_equal(again.body, first.body, first.len);
    response_free(&again);
    assert_int_equal(db_int(db, "SELECT count(*) FROM assessments WHERE date = ?1", P(date)), 2);

    /* Once a day per instrument: the same again without the key is a conflict naming it;
     * another instrument that day is fine. */
    assess_expect(s, &w.who[PATIENT_A], path, body, 409, "odi");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"psfs\":%s}", date, psfs_ok);
    assess_expect(s, &w.who[PATIENT_A], path, body, 409, "psfs");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"rmdq\":[2,5,11]}", date);
    assess_expect(s, &w.who[PATIENT_A], path, body, 201, NULL);

    /* Bad answers name the field; nothing is stored (a good ODI beside a bad PSFS
     * included). */
    {
        static const struct {
            const char *fields, *field;
        } bad[] = {
            {"\"odi\":[1,1,9,1,1,1,1,1,1,1]", "odi[2]"},
            {"\"odi\":[1,1,1]", "odi"},
            {"\"odi\":[1,1,1,1,1,1,1,null,null,null]", "odi"},
            {"\"odi\":\"1,1\"", "odi"},
            {"\"rmdq\":[25]", "rmdq"},
            {"\"rmdq\":[3,3]", "rmdq"},
            {"\"psfs\":[{\"activity\":\"dancing\",\"rating\":5}]", "psfs"},
            {"\"psfs\":[{\"activity\":\"gardening\",\"rating\":5},{\"activity\":\"gardening\","
             "\"rating\":5},{\"activity\":\"carrying shopping\",\"rating\":5}]",
             "psfs"},
            {"\"psfs\":[{\"activity\":\"gardening\",\"rating\":11}]", "psfs[0].rating"},
            {"\"psfs\":[]", "psfs"},
            {"\"odi\":[0,0,0,0,0,0,0,0,0,0],\"psfs\":[{\"activity\":\"gardening\",\"rating\":"
             "-1},{\"activity\":\"sitting through a film\",\"rating\":5},{\"activity\":"
             "\"carrying shopping\",\"rating\":5}]",
             "psfs[0].rating"},
            {"\"odi\":null", "odi"},
            {"\"bogus\":1,\"rmdq\":[1]", "bogus"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            snprintf(body, sizeof(body), "{\"date\":\"%s\",%s}", later, bad[i].fields);
            assess_expect(s, &w.who[PATIENT_A], path, body, 400, bad[i].field);
        }
        assert_int_equal(db_int(db, "SELECT count(*) FROM assessments WHERE date = ?1", P(later)),
                         0);
    }
    /* Dates: not before the program, not in the future, real ones. */
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"rmdq\":[1]}", before);
    assess_expect(s, &w.who[PATIENT_A], path, body, 400, "date");
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"rmdq\":[1]}", ahead);
    assess_expect(s, &w.who[PATIENT_A], path, body, 400, "date");
    assess_expect(s, &w.who[PATIENT_A], path, "{\"date\":\"2026-02-30\",\"rmdq\":[1]}", 400,
                  "date");

    /* Others: 404 as for no such patient; no CSRF token: 403. */
    snprintf(body, sizeof(body), "{\"date\":\"%s\",\"rmdq\":[1]}", later);
    for (int who = PATIENT_B; who < N_CALLERS; who++) {
        struct response twin;
        if (who == CLIN_A || who == ADMIN)
            continue;
        http_do(s, &w.who[who], "POST", path, body, NULL, &r);
        assert_error(&r, 404, "not_found", NULL);
        http_do(s, &w.who[who], "POST", nobody, body, NULL, &twin);
        assert_int_equal(twin.len, r.len);
        assert_memory_equal(twin.body, r.body, r.len);
        response_free(&twin);
        response_free(&r);
    }
    no_csrf = w.who[PATIENT_A];
    no_csrf.csrf[0] = '\0';
    http_do(s, &no_csrf, "POST", path, body, NULL, &r);
    assert_error(&r, 403, "csrf", "X-CSRF-Token");
    response_free(&r);
    assert_int_equal(db_int(db, "SELECT count(*) FROM assessments WHERE date = ?1", P(later)), 0);

    /* The care team may record them too; without a date it is today. */
    assess_expect(s, &w.who[CLIN_A], path, body, 201, NULL);
    http_do(s, &w.who[ADMIN], "POST", path, "{\"rmdq\":[1,2]}", NULL, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(jstr(r.json, "date"), w.today);
    c = change_of(json_object_get(r.json, "changes"), "rmdq");
    assert_non_null(c);
    assert_string_equal(jstr(c, "baseline_date"), date); /* the episode's first RMDQ */
    assert_true(num_of(c, "baseline") == 3.0 && num_of(c, "followup") == 2.0);
    response_free(&r);

    /* Progress: first against latest for each instrument with two dates; the
     * scores as before; the activities to re-rate. */
    path_of(path, sizeof(path), w.patient_a, "progress");
    http_do(s, &w.who[PATIENT_A], "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    c = json_object_get(r.json, "score_changes");
    assert_int_equal(json_array_size(c), 3);
    assert_string_equal(jstr(json_array_get(c, 0), "instrument"), "odi");
    assert_string_equal(jstr(json_array_get(c, 1), "instrument"), "rmdq");
    assert_string_equal(jstr(json_array_get(c, 2), "instrument"), "psfs");
    assert_string_equal(jstr(json_array_get(c, 1), "followup_date"), w.today);
    assert_true(num_of(json_array_get(c, 1), "change") == 1.0);
    /* The intake's four (NPRS, STarT Back, ODI, PSFS) and five follow-ups. */
    assert_int_equal(json_array_size(json_object_get(r.json, "scores")), 4 + 5);
    assert_int_equal(json_array_size(json_object_get(r.json, "psfs_activities")), 3);
    response_free(&r);

    /* Audited: each write, and each refusal. */
    assert_true(db_wait_count(db,
                              "SELECT count(*) FROM audit_events WHERE action = "
                              "'assessment.create' AND outcome = 'ok'",
                              NULL, 4) == 4);
    assert_true(db_wait_count(db,
                              "SELECT count(*) FROM audit_events WHERE action = "
                              "'assessment.create' AND outcome = 'denied' AND patient_id = ?1",
                              P(w.patient_a), 4) >= 4);
    sqlite3_close(db);
    response_free(&first);
    server_stop(s, false);
}

int main(void)
{
    const struct CMUnitTest shared[] = {
        cmocka_unit_test(login_sets_session_cookie),
        cmocka_unit_test(csrf_is_required_for_writes),
        cmocka_unit_test(sessions_expire),
        cmocka_unit_test(kept_sessions_follow_the_store),
        cmocka_unit_test(bad_input_is_refused),
        cmocka_unit_test(oversized_body_is_refused),
        cmocka_unit_test(headers_and_errors),
        cmocka_unit_test(reads_and_writes_are_audited),
        cmocka_unit_test(per_item_session_responses),
        cmocka_unit_test(connections_are_kept_alive),
        cmocka_unit_test(alerts_and_messages),
        cmocka_unit_test(invitations_expire),
        cmocka_unit_test(look_alike_addresses_are_refused),
        cmocka_unit_test(library_and_triage_for_the_web_app),
        cmocka_unit_test(logs_hold_no_secrets), /* last: it stops the server */
    };
    const struct CMUnitTest own[] = {
        cmocka_unit_test_teardown(settings_come_from_file_environment_and_flags, own_down),
        cmocka_unit_test_teardown(behind_tls, own_down),
        cmocka_unit_test_teardown(throttle_per_account, own_down),
        cmocka_unit_test_teardown(throttle_per_address, own_down),
        cmocka_unit_test_teardown(concurrent_checkins_are_durable, own_down),
        cmocka_unit_test_teardown(reads_go_on_while_a_write_waits, own_down),
        cmocka_unit_test_teardown(sign_ins_past_the_queue_are_busy_and_writes_go_on, own_down),
        cmocka_unit_test_teardown(alert_acknowledged_twice_is_a_conflict, own_down),
        cmocka_unit_test_teardown(promises_are_tasks_with_due_dates, own_down),
        cmocka_unit_test_teardown(repeated_writes_with_a_key_are_stored_once, own_down),
        cmocka_unit_test_teardown(follow_up_questionnaires, own_down),
        cmocka_unit_test_teardown(today_says_when_the_checkup_is_due, own_down),
        cmocka_unit_test_teardown(null_means_absent, own_down),
        cmocka_unit_test_teardown(care_team_removal, own_down),
        cmocka_unit_test_teardown(clinician_decides_the_end_of_the_course, own_down),
    };
    int failed = cmocka_run_group_tests_name("shared server", shared, shared_up, shared_down);

    failed += cmocka_run_group_tests_name("servers of their own", own, NULL, NULL);
    return failed;
}
