/*
 * output.c: printing JSON results and errors the way CONTRACT.md says.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "common/numfmt.h"

void out_json(json_t *obj)
{
    /* 15 significant digits: exact for every decimal a person types, and
     * short enough that binary noise (0.30000000000000004) never shows. */
    char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
    if (!s) {
        fputs("moverx: output: cannot encode the result as JSON\n", stderr);
        exit(1);
    }
    fputs(s, stdout);
    fputc('\n', stdout);
    free(s);
}

void out_json_new(json_t *obj)
{
    out_json(obj);
    json_decref(obj);
}

/* Writes s with control characters escaped (\\n, \\xHH), so that text echoed
 * from the user can neither break the one-line error nor drive the terminal. */
static void put_escaped(const char *s, FILE *f)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\x%02x", *p);
        else
            fputc(*p, f);
    }
}

void out_error(const struct mrx_err *err)
{
    fputs("moverx: ", stderr);
    if (err->field[0]) {
        put_escaped(err->field, stderr);
        fputs(": ", stderr);
    }
    put_escaped(err->msg[0] ? err->msg : "failed", stderr);
    fputc('\n', stderr);
}

int out_finish(int rc, const struct mrx_err *err)
{
    if (rc)
        out_error(err);
    return mrx_exit_status(rc);
}

json_t *json_rounded(double x, int decimals)
{
    return json_real(mrx_round_half_up(x, decimals));
}

int cli_main(int argc, char **argv, const struct opt_spec *specs, int max_pos, cli_run_fn run,
             const struct cli_ctx *ctx)
{
    struct mrx_err err;
    struct args a;
    int rc;

    mrx_err_clear(&err);
    if (!(rc = args_parse(argc, argv, 1, specs, max_pos, &a, &err)))
        rc = run(&a, ctx, &err);
    return out_finish(rc, &err);
}
