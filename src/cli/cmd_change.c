/*
 * cmd_change.c: `moverx change nprs|odi|rmdq|psfs BASELINE FOLLOWUP`
 * (CONTRACT.md "Instruments"): the change between two scores and whether it
 * is clinically important.
 *
 * Numbers are echoed as given: whole numbers stay integers, and the change
 * is printed with as many decimals as the more precise input, so
 * 5.10 -> 2.70 is a change of 2.4, not 2.3999999999999995.
 */
#include "compat.h"

#include <stdio.h>

#include "cli/cli.h"
#include "common/numfmt.h"
#include "core/instruments/instruments.h"

static const struct opt_spec change_opts[] = {{"--json", false}, {NULL, false}};

struct score_arg {
    double value;
    bool is_integer;
    int decimals;
};

static int parse_score(const char *s, const char *field, struct score_arg *out, struct mrx_err *err)
{
    const char *dot = strchr(s, '.');

    if (!mrx_parse_decimal(s, strlen(s), &out->value, &out->is_integer))
        return mrx_err_set(err, MRX_EINVAL, field, "must be a number, got '%s'", s);
    out->decimals = dot ? (int)strlen(dot + 1) : 0;
    return MRX_OK;
}

static json_t *json_score(const struct score_arg *s)
{
    return s->is_integer ? json_integer((json_int_t)s->value) : json_real(s->value);
}

static json_t *change_json(const struct change_result *r, const struct score_arg *b,
                           const struct score_arg *f)
{
    json_t *o = json_object();
    int decimals = b->decimals > f->decimals ? b->decimals : f->decimals;

    json_object_set_new(o, "measure", json_string(measure_name(r->measure)));
    json_object_set_new(o, "baseline", json_score(b));
    json_object_set_new(o, "followup", json_score(f));
    if (b->is_integer && f->is_integer)
        json_object_set_new(o, "change", json_integer((json_int_t)r->change));
    else
        json_object_set_new(o, "change", json_rounded(r->change, decimals));
    json_object_set_new(o, "percent", r->has_percent ? json_rounded(r->percent, 1) : json_null());
    json_object_set_new(o, "important_points", json_boolean(r->important_points));
    json_object_set_new(o, "important_percent", json_boolean(r->important_percent));
    json_object_set_new(o, "important", json_boolean(r->important));
    return o;
}

static void print_change(const struct change_result *r, const json_t *o)
{
    const json_t *pct = json_object_get(o, "percent");
    double change = json_number_value(json_object_get(o, "change"));

    printf("%s %g -> %g: %s by %g point%s", measure_name(r->measure), r->baseline, r->followup,
           change >= 0 ? "improved" : "worse", change >= 0 ? change : -change,
           change == 1 || change == -1 ? "" : "s");
    if (json_is_real(pct))
        printf(" (%.1f %%)", json_real_value(pct));
    if (r->important)
        printf("; clinically important (%s)\n", r->important_points && r->important_percent
                                                    ? "points and percent rules"
                                                : r->important_points ? "points rule"
                                                                      : "percent rule");
    else
        printf("; not a clinically important improvement\n");
}

int cmd_change(int argc, char **argv, const struct cli_ctx *ctx)
{
    struct score_arg base, follow;
    struct change_result r;
    struct mrx_err err;
    enum measure m;
    struct args a;
    json_t *o;
    int rc;

    (void)ctx;
    mrx_err_clear(&err);
    if ((rc = args_parse(argc, argv, 1, change_opts, 3, &a, &err)))
        return out_finish(rc, &err);
    if (a.n_pos != 3)
        return out_finish(mrx_err_set(&err, MRX_EINVAL, "change",
                                      "usage: moverx change nprs|odi|rmdq|psfs BASELINE FOLLOWUP"),
                          &err);
    if (!measure_from_name(a.pos[0], &m))
        return out_finish(mrx_err_set(&err, MRX_EINVAL, "measure",
                                      "unknown measure '%s' (nprs, odi, rmdq or psfs)", a.pos[0]),
                          &err);
    if ((rc = parse_score(a.pos[1], "baseline", &base, &err)) ||
        (rc = parse_score(a.pos[2], "followup", &follow, &err)) ||
        (rc = change_compute(m, base.value, follow.value, &r, &err)))
        return out_finish(rc, &err);
    o = change_json(&r, &base, &follow);
    if (args_has(&a, change_opts, "--json"))
        out_json(o);
    else
        print_change(&r, o);
    json_decref(o);
    return 0;
}
