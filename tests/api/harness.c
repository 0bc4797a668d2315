/*
 * harness.c: a real server and an HTTP client for the tests (see harness.h).
 */
#define _GNU_SOURCE
#include "harness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

extern char **environ;

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        print_error(__VA_ARGS__);                                                                  \
        print_error("\n");                                                                         \
        fail();                                                                                    \
    } while (0)

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

char *read_whole_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (len)
        *len = 0;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n)
        n = 0;
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

static char *slurp(const char *path)
{
    return read_whole_file(path, NULL);
}

static pid_t spawn(struct server *s, const char *const *argv, const char *const *env,
                   const char *in, const char *out, const char *err)
{
    posix_spawn_file_actions_t fa;
    char *envp[256];
    int n = 0, rc;
    pid_t pid;

    /* the test's own first (the first of a name is the one read), then the harness's
     * defaults: the daily review off, since the tests' histories are dated in the past and
     * a review through yesterday would decide those days before the test writes them;
     * the reminders off */
    for (int i = 0; env && env[i] && n < 60; i++)
        envp[n++] = (char *)env[i];
    envp[n++] = (char *)"MOVERX_SERVER_REVIEW_EVERY_MINUTES=0";
    envp[n++] = (char *)"MOVERX_REMINDERS_EVERY_SECONDS=0"; /* no reminders unless asked */
    for (char **e = environ; *e && n < 254; e++)
        envp[n++] = *e;
    envp[n] = NULL;
    (void)s;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_APPEND, 0600);
    rc = posix_spawn(&pid, MOVERX_BIN, &fa, NULL, (char *const *)argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        FAIL("cannot run %s: %s", MOVERX_BIN, strerror(rc));
    return pid;
}

void server_prepare(struct server *s)
{
    static bool curl_ready;
    char tmpl[] = "/tmp/moverx-api-XXXXXX";
    json_t *j;

    if (!curl_ready) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        curl_ready = true;
    }
    memset(s, 0, sizeof(*s));
    if (!mkdtemp(tmpl))
        FAIL("mkdtemp: %s", strerror(errno));
    snprintf(s->dir, sizeof(s->dir), "%s", tmpl);
    snprintf(s->db, sizeof(s->db), "%s/moverx.db", s->dir);
    j = server_cli(s, NULL, CLI_ARGS("init", "--json"));
    json_decref(j);
}

void server_start(struct server *s, const char *const *env)
{
    server_start_args(s, env, NULL);
}

void server_start_args(struct server *s, const char *const *env, const char *const *extra)
{
    char out[320], err[320];
    const char *argv[32] = {MOVERX_BIN, "--data",      MOVERX_SOURCE_DIR "/data",
                            "serve",    "--db",        s->db,
                            "--listen", "127.0.0.1:0", "--threads",
                            "2",        NULL};
    size_t n = 10;

    for (; extra && *extra && n + 1 < sizeof(argv) / sizeof(argv[0]); extra++)
        argv[n++] = *extra;
    argv[n] = NULL;

    snprintf(out, sizeof(out), "%s/serve.out", s->dir);
    snprintf(err, sizeof(err), "%s/serve.err", s->dir);
    s->pid = spawn(s, argv, env, NULL, out, err);
    for (int i = 0; i < 500 && !s->port; i++) {
        char *text = slurp(out), *p;
        if (text && (p = strstr(text, "http://127.0.0.1:")))
            s->port = (unsigned)strtoul(p + 17, NULL, 10);
        free(text);
        if (!s->port) {
            int st;
            if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
                char *e = slurp(err);
                s->pid = 0;
                FAIL("moverx serve exited early: %s", e ? e : "");
            }
            sleep_ms(10);
        }
    }
    if (!s->port)
        FAIL("moverx serve did not say where it listens");
    snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%u", s->port);
}

void server_stop(struct server *s, bool keep)
{
    int st = 0;

    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, &st, 0);
        s->pid = 0;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            char path[320], *e;
            snprintf(path, sizeof(path), "%s/serve.err", s->dir);
            e = slurp(path);
            print_error("moverx serve did not stop cleanly (status %d): %s\n", st, e ? e : "");
            free(e);
            fail();
        }
    }
    if (!keep && s->dir[0]) {
        char cmd[400];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
        if (system(cmd) != 0)
            print_error("could not remove %s\n", s->dir);
    }
}

json_t *server_cli(struct server *s, const char *input, const char *const *args)
{
    const char *argv[40];
    char in[320], out[320], err[320];
    json_error_t je;
    json_t *j;
    int n = 0, st;
    pid_t pid;

    argv[n++] = MOVERX_BIN;
    argv[n++] = "--data";
    argv[n++] = MOVERX_SOURCE_DIR "/data";
    for (int i = 0; args[i] && n < 35; i++)
        argv[n++] = args[i];
    argv[n++] = "--db";
    argv[n++] = s->db;
    argv[n] = NULL;
    snprintf(in, sizeof(in), "%s/cli.in", s->dir);
    snprintf(out, sizeof(out), "%s/cli.out", s->dir);
    snprintf(err, sizeof(err), "%s/cli.err", s->dir);
    FILE *f = fopen(in, "w");
    if (!f)
        FAIL("cannot write %s", in);
    fputs(input ? input : "", f);
    fclose(f);
    unlink(err);
    pid = spawn(s, argv, NULL, in, out, err);
    waitpid(pid, &st, 0);
    char *text = slurp(out);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        char *e = slurp(err);
        FAIL("moverx %s failed (status %d): %s", args[0], st, e ? e : "");
    }
    j = json_loads(text ? text : "", 0, &je);
    free(text);
    if (!j)
        FAIL("moverx %s printed no JSON", args[0]);
    return j;
}

void server_cli_id(struct server *s, const char *input, const char *const *args, char *out)
{
    json_t *j = server_cli(s, input, args);
    const char *id = json_string_value(json_object_get(j, "id"));

    if (!id)
        FAIL("moverx %s printed no id", args[0]);
    snprintf(out, 40, "%s", id);
    json_decref(j);
}

/* ==================== HTTP ==================== */

struct grow {
    char *p;
    size_t len;
};

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
    struct grow *g = arg;
    size_t add = size * n;

    g->p = realloc(g->p, g->len + add + 1);
    memcpy(g->p + g->len, data, add);
    g->len += add;
    g->p[g->len] = '\0';
    return add;
}

void http_do(struct server *s, const struct client *c, const char *method, const char *path,
             const char *body, const char *const *headers, struct response *out)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *hl = NULL;
    struct grow b = {NULL, 0}, h = {NULL, 0};
    char url[1024], line[256];
    CURLcode rc;

    memset(out, 0, sizeof(out[0]));
    snprintf(url, sizeof(url), "%s%s", s->base, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
        bool own_type = false;
        for (int i = 0; headers && headers[i]; i++)
            own_type |= strncasecmp(headers[i], "Content-Type:", 13) == 0;
        if (!own_type)
            hl = curl_slist_append(hl, "Content-Type: application/json");
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
    }
    hl = curl_slist_append(hl, "Expect:");
    if (c && c->token[0]) {
        snprintf(line, sizeof(line), "mrx_session=%s", c->token);
        curl_easy_setopt(curl, CURLOPT_COOKIE, line);
    }
    if (c && c->csrf[0] && strcmp(method, "GET") != 0) {
        snprintf(line, sizeof(line), "X-CSRF-Token: %s", c->csrf);
        hl = curl_slist_append(hl, line);
    }
    for (int i = 0; headers && headers[i]; i++)
        hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &h);
    rc = curl_easy_perform(curl);
    if (rc != CURLE_OK)
        FAIL("%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(hl);
    curl_easy_cleanup(curl);
    out->body = b.p ? b.p : calloc(1, 1);
    out->len = b.len;
    out->headers = h.p ? h.p : calloc(1, 1);
    out->json = json_loadb(out->body, out->len, 0, NULL);
}

void response_free(struct response *r)
{
    free(r->body);
    free(r->headers);
    json_decref(r->json);
    memset(r, 0, sizeof(*r));
}

bool response_header(const struct response *r, const char *name, char *buf, size_t size)
{
    size_t n = strlen(name);

    for (const char *line = r->headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            snprintf(buf, size, "%.*s", (int)(len - (size_t)(v - line)), v);
            return true;
        }
        line = end ? end + 2 : line + len;
    }
    return false;
}

json_t *login(struct server *s, struct client *c, const char *email, const char *password)
{
    struct response r;
    char body[512], cookie[512], *p;
    json_t *user;

    memset(c, 0, sizeof(*c));
    snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    http_do(s, NULL, "POST", "/api/v1/login", body, NULL, &r);
    if (r.status != 200 || !r.json)
        FAIL("login %s: status %ld: %s", email, r.status, r.body);
    if (!response_header(&r, "Set-Cookie", cookie, sizeof(cookie)) ||
        strncmp(cookie, "mrx_session=", 12) != 0)
        FAIL("login %s: no session cookie", email);
    p = strchr(cookie, ';');
    if (p)
        *p = '\0';
    snprintf(c->token, sizeof(c->token), "%s", cookie + 12);
    snprintf(c->csrf, sizeof(c->csrf), "%s",
             json_string_value(json_object_get(r.json, "csrf_token")));
    user = json_incref(json_object_get(r.json, "user"));
    response_free(&r);
    return user;
}

/* ==================== The world ==================== */

const char *const world_emails[N_CALLERS] = {NULL,
                                             "a@example.org",
                                             "b@example.org",
                                             "clin.a@example.org",
                                             "clin.same@example.org",
                                             "clin.other@example.org",
                                             "admin@example.org",
                                             "admin.other@example.org"};

const char *const caller_names[N_CALLERS] = {
    "anonymous",     "patient A",           "patient B",
    "A's clinician", "clinician, same org", "clinician, other org",
    "admin",         "admin, other org"};

static void add_user(struct server *s, struct world *w, enum caller_id who, const char *org,
                     const char *role, const char *email, const char *patient)
{
    if (patient)
        server_cli_id(s, WORLD_PASSWORD "\n",
                      CLI_ARGS("user", "add", "--org", org, "--role", role, "--email", email,
                               "--patient", patient, "--password-stdin", "--json"),
                      w->user[who]);
    else
        server_cli_id(s, WORLD_PASSWORD "\n",
                      CLI_ARGS("user", "add", "--org", org, "--role", role, "--email", email,
                               "--password-stdin", "--json"),
                      w->user[who]);
}

static void add_patient(struct server *s, struct world *w, const char *org, const char *name,
                        char *out)
{
    json_t *j;

    server_cli_id(
        s, NULL,
        CLI_ARGS("patient", "add", "--name", name, "--birth-year", "1975", "--org", org, "--json"),
        out);
    j = server_cli(s, NULL,
                   CLI_ARGS("intake", out, MOVERX_SOURCE_DIR "/examples/intake.json", "--date",
                            w->start, "--json"));
    json_decref(j);
}

void world_build(struct server *s, struct world *w)
{
    time_t now = time(NULL);
    struct tm tm;
    json_t *j;

    memset(w, 0, sizeof(*w));
    gmtime_r(&now, &tm);
    strftime(w->today, sizeof(w->today), "%Y-%m-%d", &tm);
    now -= 7 * 86400;
    gmtime_r(&now, &tm);
    strftime(w->start, sizeof(w->start), "%Y-%m-%d", &tm);

    server_cli_id(s, NULL, CLI_ARGS("org", "add", "--name", "Riverside Physio", "--json"), w->org1);
    server_cli_id(s, NULL, CLI_ARGS("org", "add", "--name", "Hillside Clinic", "--json"), w->org2);
    add_patient(s, w, w->org1, "Alice A", w->patient_a);
    add_patient(s, w, w->org1, "Bob B", w->patient_b);
    add_patient(s, w, w->org2, "Cleo C", w->patient_c);
    add_user(s, w, PATIENT_A, w->org1, "patient", "a@example.org", w->patient_a);
    add_user(s, w, PATIENT_B, w->org1, "patient", "b@example.org", w->patient_b);
    add_user(s, w, CLIN_A, w->org1, "clinician", "clin.a@example.org", NULL);
    add_user(s, w, CLIN_SAME, w->org1, "clinician", "clin.same@example.org", NULL);
    add_user(s, w, CLIN_OTHER, w->org2, "clinician", "clin.other@example.org", NULL);
    add_user(s, w, ADMIN, w->org1, "admin", "admin@example.org", NULL);
    add_user(s, w, ADMIN_OTHER, w->org2, "admin", "admin.other@example.org", NULL);
    j = server_cli(s, NULL,
                   CLI_ARGS("care", "add", "--patient", w->patient_a, "--clinician",
                            w->user[CLIN_A], "--json"));
    json_decref(j);
    j = server_cli(s, NULL,
                   CLI_ARGS("care", "add", "--patient", w->patient_b, "--clinician",
                            w->user[CLIN_A], "--json"));
    json_decref(j);
    j = server_cli(s, NULL,
                   CLI_ARGS("care", "add", "--patient", w->patient_c, "--clinician",
                            w->user[CLIN_OTHER], "--json"));
    json_decref(j);

    for (int i = 1; i < N_CALLERS; i++)
        json_decref(login(s, &w->who[i], world_emails[i], WORLD_PASSWORD));
}
