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
    char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (s) {
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
}

void out_json_new(json_t *obj)
{
    out_json(obj);
    json_decref(obj);
}

void out_error(const struct mrx_err *err)
{
    if (err->field[0])
        fprintf(stderr, "moverx: %s: %s\n", err->field, err->msg);
    else
        fprintf(stderr, "moverx: %s\n", err->msg);
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
