/*
 * serve_config.c: the settings of `moverx serve` and where they come from
 * (see serve_config.h). One table lists every setting once: its section and
 * key, its meaning, its bounds and where it goes; the file reader, the
 * environment and --help all walk the same table.
 */
#include "compat.h"

#include <ctype.h>
#include <ini.h>
#include <unistd.h>

#include "cli/records_cli.h"
#include "cli/serve_config.h"
#include "common/numfmt.h"

enum kind { K_TEXT, K_UINT, K_BOOL };

struct setting {
    const char *section, *key;
    enum kind kind;
    long min, max;
    size_t offset; /* into struct serve_config */
    size_t size;   /* K_TEXT: the buffer; K_UINT: sizeof the field */
    long scale;    /* K_UINT: multiply the value given (minutes -> seconds, KiB -> bytes) */
    const char *help;
};

#define AT(f) offsetof(struct serve_config, f), sizeof(((struct serve_config *)0)->f)

static const struct setting settings[] = {
    {"server", "listen", K_TEXT, 0, 0, AT(listen), 1,
     "address and port to listen on (IPv4); port 0 picks a free one [127.0.0.1:8080]"},
    {"server", "db", K_TEXT, 0, 0, AT(db), 1,
     "the store's file, created when absent [~/.local/share/moverx/moverx.db]"},
    {"server", "web_root", K_TEXT, 0, 0, AT(web_root), 1,
     "directory of the web app's static files; empty serves none [web/ of the source tree]"},
    {"server", "trusted_proxy", K_TEXT, 0, 0, AT(trusted_proxy), 1,
     "address of a reverse proxy whose X-Forwarded-For names the client [none]"},
    {"server", "public_url", K_TEXT, 0, 0, AT(public_url), 1,
     "the address patients open the app at, for the handout's QR code [the request's Host]"},
    {"server", "threads", K_UINT, 1, 256, AT(http.threads), 1,
     "event loops, each an epoll loop on its own thread, answering GETs [2 per CPU, at least 4, at "
     "most 128]"},
    {"server", "workers", K_UINT, 1, 1024, AT(http.workers), 1,
     "threads for the other requests: a write holds its worker until it is durable, so this "
     "bounds the writes that can share one commit [32]"},
    {"server", "max_body_kib", K_UINT, 1, 65536, AT(http.max_body), 1024,
     "largest request body accepted, in KiB; more gets 413 [64]"},
    {"server", "timeout_s", K_UINT, 1, 3600, AT(http.timeout_s), 1,
     "an idle connection is closed after this many seconds [30]"},
    {"server", "max_connections", K_UINT, 1, 100000, AT(http.max_connections), 1,
     "connections open at once, at most [1024]"},
    {"server", "max_connections_per_address", K_UINT, 0, 100000, AT(http.max_per_address), 1,
     "connections open at once from one client address, so that one client cannot hold "
     "them all (0: no limit; behind a trusted proxy every client has the proxy's address, "
     "so limit per client in the proxy) [64; 0 with trusted_proxy]"},
    {"server", "request_deadline_s", K_UINT, 0, 3600, AT(http.deadline_s), 1,
     "a request's body must have arrived this many seconds after its headers, however "
     "slowly it comes (0: no deadline) [30]"},
    {"server", "behind_tls", K_BOOL, 0, 1, AT(http.tls_behind_proxy), 1,
     "clients reach the server over HTTPS (a TLS proxy): Secure cookies, HSTS [false]"},
    {"server", "view_cache", K_UINT, 0, 1048576, AT(api.view_cache), 1,
     "views of today's plan kept rendered, each checked against the store before it is "
     "served (about 3 KiB each; 0: none) [4096]"},
    {"server", "auth_cache", K_UINT, 0, 1048576, AT(api.auth_cache), 1,
     "signed-in sessions (and their care teams) kept as last read, each checked against the "
     "store's accounts revision before it is used (about 1 KiB each; 0: none) [1024]"},
    {"server", "idempotency_days", K_UINT, 1, 3650, AT(api.idempotency_s), 86400,
     "a write's answer is given again for a repeat with its Idempotency-Key this long; "
     "older keys are deleted [7]"},
    {"server", "review_every_minutes", K_UINT, 0, 1440, AT(api.review_every_s), 60,
     "every running program whose person has gone quiet is brought up to yesterday at start "
     "and then this often, so that days without activity raise the care team's alert on "
     "time (0: off; then run `moverx review` daily from cron) [60]"},
    {"reminders", "every_seconds", K_UINT, 0, 3600, AT(api.remind_every_s), 1,
     "the reminders due (push, e-mail) are sent at start and then this often (0: off; then "
     "run `moverx remind` each minute from cron) [60]"},
    {"push", "subject", K_TEXT, 0, 0, AT(push_subject), 1,
     "who runs the server, for push services (VAPID sub): mailto:you@clinic.example or "
     "https://... [public_url when it is https]"},
    {"push", "hosts", K_TEXT, 0, 0, AT(push_hosts), 1,
     "push services the server may send to: hosts, .domain for its subdomains, or "
     "scheme://host exactly [fcm.googleapis.com, updates.push.services.mozilla.com, "
     ".push.apple.com, .notify.windows.com]"},
    {"sessions", "idle_minutes", K_UINT, 1, 10080, AT(api.session_idle_s), 60,
     "a session unused this long ends [30]"},
    {"sessions", "absolute_hours", K_UINT, 1, 720, AT(api.session_absolute_s), 3600,
     "every session ends this long after sign-in [12]"},
    {"login", "attempts_per_account", K_UINT, 1, 1000, AT(api.login_per_account), 1,
     "failed sign-ins per account in a window before it is refused for the rest [5]"},
    {"login", "attempts_per_address", K_UINT, 1, 100000, AT(api.login_per_address), 1,
     "failed sign-ins per client address in a window [20]"},
    {"login", "window_minutes", K_UINT, 1, 1440, AT(api.login_window_s), 60,
     "the throttling window [15]"},
    {"login", "hash_parallel", K_UINT, 1, 64, AT(api.hash_parallel), 1,
     "argon2id password checks running at once; more wait their turn [2]"},
    {"login", "hash_waiting", K_UINT, 1, 4096, AT(api.hash_waiting), 1,
     "password checks waiting for their turn, at most: each holds a worker, so more are "
     "answered 503 at once; lowered to leave at least one worker free [8]"},
    {"login", "argon2_memory_kib", K_UINT, 8, 4194304, AT(api.cost.mem_bytes), 1024,
     "memory of one argon2id hash, in KiB [19456]"},
    {"login", "argon2_passes", K_UINT, 1, 16, AT(api.cost.ops), 1,
     "passes of one argon2id hash [2]"},
    {"writer", "max_batch", K_UINT, 1, 10000, AT(api.max_batch), 1,
     "writes grouped into one transaction, at most [256]"},
};

static void store_uint(struct serve_config *cfg, const struct setting *s, unsigned long long v)
{
    char *p = (char *)cfg + s->offset;

    if (s->size == sizeof(unsigned long long)) {
        unsigned long long x = v;
        memcpy(p, &x, sizeof(x));
    } else if (s->size == sizeof(unsigned long)) {
        unsigned long x = (unsigned long)v;
        memcpy(p, &x, sizeof(x));
    } else {
        unsigned x = (unsigned)v;
        memcpy(p, &x, sizeof(x));
    }
}

int serve_config_set(struct serve_config *cfg, const char *section, const char *key,
                     const char *value, struct mrx_err *err)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(settings); i++) {
        const struct setting *s = &settings[i];
        long v;

        if (strcmp(s->section, section) != 0 || strcmp(s->key, key) != 0)
            continue;
        switch (s->kind) {
        case K_TEXT:
            if (strlen(value) >= s->size)
                return mrx_err_set(err, MRX_EINVAL, key, "is too long");
            memcpy((char *)cfg + s->offset, value, strlen(value) + 1);
            return MRX_OK;
        case K_BOOL:
            if (strcmp(value, "true") && strcmp(value, "false"))
                return mrx_err_set(err, MRX_EINVAL, key, "must be true or false, got '%s'", value);
            *((bool *)((char *)cfg + s->offset)) = strcmp(value, "true") == 0;
            return MRX_OK;
        case K_UINT:
            if (!mrx_parse_long(value, strlen(value), &v) || v < s->min || v > s->max)
                return mrx_err_set(err, MRX_EINVAL, key,
                                   "must be a whole number %ld..%ld, got '%s'", s->min, s->max,
                                   value);
            store_uint(cfg, s, (unsigned long long)v * (unsigned long long)s->scale);
            return MRX_OK;
        }
    }
    return mrx_err_set(err, MRX_EINVAL, key, "no setting [%s] %s (see 'moverx serve --help')",
                       section, key);
}

int serve_config_defaults(struct serve_config *cfg, struct mrx_err *err)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int rc;

    memset(cfg, 0, sizeof(*cfg));
    api_config_defaults(&cfg->api);
    snprintf(cfg->listen, sizeof(cfg->listen), "127.0.0.1:8080");
    snprintf(cfg->web_root, sizeof(cfg->web_root), "%s", MOVERX_WEB_ROOT);
    if ((rc = records_db_path(NULL, cfg->db, sizeof(cfg->db), err)))
        return rc;
    /* GETs never wait for the disk: a few event loops per CPU keep the CPUs
     * busy. A write holds its worker until its group commit is durable
     * (DESIGN.md: blocking store calls are fine in handlers), so the workers
     * bound the writes that can share one commit. */
    cfg->http.threads = cpus >= 2 ? 2 * (unsigned)(cpus < 64 ? cpus : 64) : 4;
    if (cfg->http.threads < 4)
        cfg->http.threads = 4;
    cfg->http.workers = 32;
    cfg->http.max_body = 64 * 1024;
    cfg->http.arena_limit = 4u * 1024 * 1024;
    cfg->http.timeout_s = 30;
    cfg->http.max_connections = 1024;
    cfg->http.max_per_address = PER_ADDRESS_UNSET; /* 64, or 0 behind a trusted proxy */
    cfg->http.deadline_s = 30;
    return MRX_OK;
}

struct file_ctx {
    struct serve_config *cfg;
    struct mrx_err *err;
    int rc;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    struct file_ctx *f = user;

    if (f->rc == MRX_OK)
        f->rc = serve_config_set(f->cfg, section, name, value, f->err);
    return f->rc == MRX_OK;
}

int serve_config_file(struct serve_config *cfg, const char *path, struct mrx_err *err)
{
    struct file_ctx f = {cfg, err, MRX_OK};
    int line = ini_parse(path, on_ini, &f);

    if (line < 0)
        return mrx_err_set(err, MRX_EINVAL, "--config", "cannot read '%s'", path);
    if (f.rc)
        return mrx_err_prefix(err, "%s", "--config"), f.rc;
    if (line > 0)
        return mrx_err_set(err, MRX_EINVAL, "--config", "%s: line %d is not 'key = value'", path,
                           line);
    return MRX_OK;
}

int serve_config_env(struct serve_config *cfg, struct mrx_err *err)
{
    char name[96];
    const char *v;
    int rc;

    for (size_t i = 0; i < MRX_ARRAY_LEN(settings); i++) {
        const struct setting *s = &settings[i];
        size_t n = (size_t)snprintf(name, sizeof(name), "MOVERX_%s_%s", s->section, s->key);
        for (size_t k = 0; k < n && k < sizeof(name); k++)
            name[k] = (char)toupper((unsigned char)name[k]);
        if ((v = getenv(name)) && (rc = serve_config_set(cfg, s->section, s->key, v, err)))
            return mrx_err_prefix(err, "%s", name), rc;
    }
    if ((v = getenv("MOVERX_DB")) && *v && !getenv("MOVERX_SERVER_DB"))
        return serve_config_set(cfg, "server", "db", v, err);
    return MRX_OK;
}

void serve_config_help(FILE *f)
{
    const char *section = "";

    fprintf(f, "Settings (INI file sections and keys; environment MOVERX_<SECTION>_<KEY>, and\n"
               "MOVERX_DB for the store as every command takes it):\n");
    for (size_t i = 0; i < MRX_ARRAY_LEN(settings); i++) {
        if (strcmp(section, settings[i].section) != 0) {
            section = settings[i].section;
            fprintf(f, "  [%s]\n", section);
        }
        fprintf(f, "    %-22s %s\n", settings[i].key, settings[i].help);
    }
}
