/*
 * records_cli.c: the shared part of the commands over the store (see
 * records_cli.h).
 */
#include "compat.h"

#include <time.h>

#include "cli/records_cli.h"
#include "common/date.h"
#include "common/numfmt.h"

int records_db_path(const char *flag, char *buf, size_t size, struct mrx_err *err)
{
    const char *env = getenv("MOVERX_DB"), *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

    if (flag && *flag)
        snprintf(buf, size, "%s", flag);
    else if (env && *env)
        snprintf(buf, size, "%s", env);
    else if (xdg && *xdg)
        snprintf(buf, size, "%s/moverx/moverx.db", xdg);
    else if (home && *home)
        snprintf(buf, size, "%s/.local/share/moverx/moverx.db", home);
    else
        return mrx_err_set(err, MRX_EINVAL, "--db", "no store given and no home directory");
    return MRX_OK;
}

int records_day(const char *flag, const char *name, long *day, struct mrx_err *err)
{
    if (flag) {
        if (!date_parse(flag, day))
            return mrx_err_set(err, MRX_EINVAL, name, "must be a date YYYY-MM-DD, got '%s'", flag);
        return MRX_OK;
    }
    {
        time_t t = time(NULL);
        struct tm tm;
        char buf[16];
        localtime_r(&t, &tm);
        strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
        date_parse(buf, day);
    }
    return MRX_OK;
}

int records_int(const char *text, const char *name, int lo, int hi, int *out, struct mrx_err *err)
{
    long v;

    if (!text)
        return mrx_err_set(err, MRX_EINVAL, name, "is required");
    if (!mrx_parse_long(text, strlen(text), &v) || v < lo || v > hi)
        return mrx_err_set(err, MRX_EINVAL, name, "must be a whole number %d..%d, got '%s'", lo, hi,
                           text);
    *out = (int)v;
    return MRX_OK;
}

void records_now(char buf[STORE_TS_SIZE])
{
    date_timestamp((long long)time(NULL), buf, STORE_TS_SIZE);
}

int records_run(const struct args *a, const struct opt_spec *specs, const struct cli_ctx *ctx,
                records_op op, void *arg, json_t **out, struct mrx_err *err)
{
    char path[4096], now[STORE_TS_SIZE], actor[96];
    struct data_set data;
    struct store *store = NULL;
    const char *user = getenv("USER");
    int rc;

    *out = NULL;
    records_now(now);
    snprintf(actor, sizeof(actor), "cli:%s", user && *user ? user : "unknown");
    if ((rc = records_db_path(args_get(a, specs, "--db"), path, sizeof(path), err)))
        return rc;
    if ((rc = datadir_load_all(ctx->datadir, &data, err)))
        return rc;
    if ((rc = store_open(path, STORE_OPEN_EXISTING, now, &store, err)) == MRX_OK) {
        struct records r = {store, &data, now, actor, "cli", NULL, NULL, NULL};
        if ((rc = store_begin(store, err)) == MRX_OK) {
            rc = op(&r, a, arg, out, err);
            if (rc == MRX_OK)
                rc = store_commit(store, err);
            if (rc != MRX_OK) {
                store_rollback(store);
                json_decref(*out);
                *out = NULL;
            }
        }
        store_close(store);
    }
    datadir_release_all(&data);
    return rc;
}

int records_run_print(const struct args *a, const struct opt_spec *specs, const struct cli_ctx *ctx,
                      records_op op, void *arg, void (*print)(const json_t *), struct mrx_err *err)
{
    json_t *out;
    int rc = records_run(a, specs, ctx, op, arg, &out, err);

    if (rc)
        return rc;
    if (args_has(a, specs, "--json"))
        out_json(out);
    else
        print(out);
    json_decref(out);
    return MRX_OK;
}
