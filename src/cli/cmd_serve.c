/*
 * cmd_serve.c: `moverx serve` (CONTRACT.md "Server"): opens the store
 * (creating it when absent), starts the API and the HTTP server, prints
 * where it listens, and runs until SIGINT or SIGTERM, when it stops taking
 * requests, writes what is queued and closes the store.
 */
#include "compat.h"

#include <signal.h>
#include <time.h>

#include "api/api.h"
#include "cli/cli.h"
#include "render/handout.h"
#include "cli/serve_config.h"
#include "common/date.h"
#include "http/http.h"
#include "store/store.h"

static const struct opt_spec serve_opts[] = {
    {"--db", true},      {"--listen", true},   {"--config", true}, {"--threads", true},
    {"--workers", true}, {"--web-root", true}, {"--help", false},  {NULL, false}};

static void serve_help(void)
{
    printf("usage: moverx serve [--db FILE] [--listen HOST:PORT] [--config FILE] "
           "[--threads N] [--workers N] [--web-root DIR]\n\n"
           "Serves the JSON API under /api/v1 (docs/openapi.yaml), /healthz, /metrics and the\n"
           "web app's files. Later sources win: defaults, the --config file, the environment,\n"
           "the flags. Stops cleanly on SIGINT or SIGTERM. See docs/operations.md.\n\n");
    serve_config_help(stdout);
}

static int load_config(const struct args *a, struct serve_config *cfg, struct mrx_err *err)
{
    const char *v;
    int rc;

    if ((rc = serve_config_defaults(cfg, err)))
        return rc;
    if ((v = args_get(a, serve_opts, "--config")) && (rc = serve_config_file(cfg, v, err)))
        return rc;
    if ((rc = serve_config_env(cfg, err)))
        return rc;
    if ((v = args_get(a, serve_opts, "--db")) &&
        (rc = serve_config_set(cfg, "server", "db", v, err)))
        return mrx_err_prefix(err, "%s", "--db"), rc;
    if ((v = args_get(a, serve_opts, "--listen")) &&
        (rc = serve_config_set(cfg, "server", "listen", v, err)))
        return mrx_err_prefix(err, "%s", "--listen"), rc;
    if ((v = args_get(a, serve_opts, "--threads")) &&
        (rc = serve_config_set(cfg, "server", "threads", v, err)))
        return mrx_err_prefix(err, "%s", "--threads"), rc;
    if ((v = args_get(a, serve_opts, "--workers")) &&
        (rc = serve_config_set(cfg, "server", "workers", v, err)))
        return mrx_err_prefix(err, "%s", "--workers"), rc;
    if ((v = args_get(a, serve_opts, "--web-root")) &&
        (rc = serve_config_set(cfg, "server", "web_root", v, err)))
        return mrx_err_prefix(err, "%s", "--web-root"), rc;
    cfg->http.listen = cfg->listen;
    cfg->api.db = cfg->db;
    cfg->api.web_root = cfg->web_root[0] ? cfg->web_root : NULL;
    cfg->api.trusted_proxy = cfg->trusted_proxy[0] ? cfg->trusted_proxy : NULL;
    if (cfg->http.max_per_address == PER_ADDRESS_UNSET) /* every client is the proxy */
        cfg->http.max_per_address = cfg->trusted_proxy[0] ? 0 : PER_ADDRESS_DEFAULT;
    cfg->api.public_url = cfg->public_url[0] ? cfg->public_url : NULL;
    cfg->api.push_subject = cfg->push_subject[0] ? cfg->push_subject : NULL;
    cfg->api.push_hosts = cfg->push_hosts[0] ? cfg->push_hosts : NULL;
    /* Every request reads in a transaction of its own: one connection each. */
    cfg->api.readers = cfg->http.threads + cfg->http.workers;
    /* Password checks running or waiting each hold a worker: at least one is
     * left for everything else (hash_waiting 1 at the least; 0 would mean no
     * bound). */
    if (cfg->api.hash_parallel + cfg->api.hash_waiting >= cfg->http.workers)
        cfg->api.hash_waiting = cfg->http.workers > cfg->api.hash_parallel + 1
                                    ? cfg->http.workers - cfg->api.hash_parallel - 1
                                    : 1;
    cfg->api.cookie_secure = cfg->http.tls_behind_proxy;
    return MRX_OK;
}

/* Creates the store when it is absent, so that a first start needs nothing else. */
static int ensure_store(const char *path, struct mrx_err *err)
{
    struct store *s;
    char now[STORE_TS_SIZE];
    int rc;

    date_timestamp((long long)time(NULL), now, sizeof(now));
    if ((rc = store_open(path, STORE_OPEN_CREATE, now, &s, err)))
        return rc;
    store_close(s);
    return MRX_OK;
}

static int serve_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    struct serve_config cfg;
    struct data_set data;
    struct api *api = NULL;
    struct http_server *srv = NULL;
    sigset_t stop;
    int rc, sig;

    if (args_has(a, serve_opts, "--help")) {
        serve_help();
        return MRX_OK;
    }
    if ((rc = load_config(a, &cfg, err)) || (rc = http_listen_check(cfg.listen, err)) ||
        (rc = ensure_store(cfg.db, err)))
        return rc;
    if ((rc = datadir_load_all(ctx->datadir, &data, err)))
        return rc;
    /* Block the stop signals before any thread starts, so that they all
     * inherit the mask and only sigwait() below takes them. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    cfg.api.data_dir = ctx->datadir;
    if ((rc = api_open(&cfg.api, &data, &api, err)) ||
        (rc = http_server_start(&cfg.http, api_handle, api_request_done, api, &srv, err))) {
        api_close(api);
        datadir_release_all(&data);
        return rc;
    }
    printf("moverx: serving http://%.*s:%u/ (store %s)\n",
           (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen, http_server_port(srv), cfg.db);
    fflush(stdout);
    sigwait(&stop, &sig);
    fprintf(stderr, "moverx: stopping (signal %d)\n", sig);
    http_server_stop(srv);
    api_close(api);
    render_release(); /* the HTTP threads that drew handouts have ended */
    datadir_release_all(&data);
    return MRX_OK;
}

int cmd_serve(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, serve_opts, 0, serve_run, ctx);
}
