/*
 * cmd_score.c: `moverx score odi|startback|rmdq|psfs` (CONTRACT.md
 * "Instruments"). Parses the answers from the command line, scores them with
 * the core, and prints the result for people or as JSON.
 */
#include "compat.h"

#include <stdio.h>

#include "cli/cli.h"
#include "common/numfmt.h"
#include "common/strlist.h"
#include "core/instruments/instruments.h"

static const struct opt_spec answer_opts[] = {
    {"--answers", true}, {"--json", false}, {NULL, false}};
static const struct opt_spec ticked_opts[] = {{"--ticked", true}, {"--json", false}, {NULL, false}};

/* Splits the required list option into spans, expecting between lo and hi items. */
static int split_list(const char *value, const char *field, struct span *items, int lo, int hi,
                      int *n, struct mrx_err *err)
{
    if (!value)
        return mrx_err_set(err, MRX_EINVAL, field, "is required");
    *n = strlist_split(value, items, hi);
    if (*n < 0 || *n < lo) {
        if (lo == hi)
            return mrx_err_set(err, MRX_EINVAL, field, "expected %d values separated by commas",
                               lo);
        return mrx_err_set(err, MRX_EINVAL, field, "expected %d to %d values", lo, hi);
    }
    return MRX_OK;
}

static int parse_int_item(struct span sp, long lo, long hi, const char *what, int index, long *out,
                          struct mrx_err *err)
{
    if (!mrx_parse_count(sp.ptr, sp.len, out) || *out < lo || *out > hi)
        return mrx_err_set(err, MRX_EINVAL, "answers", "%s%d must be %ld..%ld, got '%.*s'", what,
                           index, lo, hi, (int)sp.len, sp.ptr);
    return MRX_OK;
}

/* ==================== ODI ==================== */

/* "-" -> 0 (unanswered); "3" -> bit 3; "2/4" -> bits 2 and 4 (two boxes, distinct). */
static int parse_odi_section(struct span sp, int section, unsigned *mask, struct mrx_err *err)
{
    const char *slash = memchr(sp.ptr, '/', sp.len);
    struct span parts[2] = {{sp.ptr, slash ? (size_t)(slash - sp.ptr) : sp.len}, {NULL, 0}};
    int n_parts = slash ? 2 : 1;
    long v[2] = {0, 0};

    *mask = 0;
    if (span_eq(sp, "-"))
        return MRX_OK;
    if (slash)
        parts[1] = (struct span){slash + 1, sp.len - parts[0].len - 1};
    for (int i = 0; i < n_parts; i++) {
        if (!mrx_parse_count(parts[i].ptr, parts[i].len, &v[i]) || v[i] > ODI_MAX_OPTION)
            return mrx_err_set(err, MRX_EINVAL, "answers",
                               "section %d must be 0..5, '-' or 'a/b', got '%.*s'", section,
                               (int)sp.len, sp.ptr);
        *mask |= 1u << v[i];
    }
    if (slash && v[0] == v[1])
        return mrx_err_set(err, MRX_EINVAL, "answers",
                           "section %d: 'a/b' needs two different boxes, got '%.*s'", section,
                           (int)sp.len, sp.ptr);
    return MRX_OK;
}

static int score_odi(const struct args *a, json_t *out, struct mrx_err *err)
{
    struct span items[ODI_SECTIONS];
    unsigned masks[ODI_SECTIONS];
    struct odi_result r;
    int n = 0, rc;

    if ((rc = split_list(args_get(a, answer_opts, "--answers"), "answers", items, ODI_SECTIONS,
                         ODI_SECTIONS, &n, err)))
        return rc;
    for (int i = 0; i < n; i++)
        if ((rc = parse_odi_section(items[i], i + 1, &masks[i], err)))
            return rc;
    if ((rc = odi_score(masks, &r, err)))
        return rc;
    json_object_set_new(out, "instrument", json_string("odi"));
    json_object_set_new(out, "sum", json_integer(r.sum));
    json_object_set_new(out, "answered", json_integer(r.answered));
    json_object_set_new(out, "percent", json_rounded(r.percent, 1));
    json_object_set_new(out, "band", json_string(odi_band_name(r.band)));
    json_object_set_new(out, "complete", json_boolean(r.complete));
    return MRX_OK;
}

static void print_odi(const json_t *o)
{
    int answered = (int)json_integer_value(json_object_get(o, "answered"));
    printf("ODI %.1f %% (%s disability): sum %d of %d",
           json_real_value(json_object_get(o, "percent")),
           json_string_value(json_object_get(o, "band")),
           (int)json_integer_value(json_object_get(o, "sum")), 5 * answered);
    if (answered < ODI_SECTIONS)
        printf(", incomplete: %d of 10 sections answered", answered);
    printf("\n");
}

/* ==================== STarT Back ==================== */

static int score_startback(const struct args *a, json_t *out, struct mrx_err *err)
{
    struct span items[STARTBACK_ITEMS];
    long answers[STARTBACK_ITEMS];
    struct startback_result r;
    int n = 0, rc;

    if ((rc = split_list(args_get(a, answer_opts, "--answers"), "answers", items, STARTBACK_ITEMS,
                         STARTBACK_ITEMS, &n, err)))
        return rc;
    for (int i = 0; i < n; i++)
        if ((rc = parse_int_item(items[i], 0, i == 8 ? 4 : 1, "Q", i + 1, &answers[i], err)))
            return rc;
    if ((rc = startback_score(answers, &r, err)))
        return rc;
    json_object_set_new(out, "instrument", json_string("startback"));
    json_object_set_new(out, "total", json_integer(r.total));
    json_object_set_new(out, "psychosocial", json_integer(r.psychosocial));
    json_object_set_new(out, "risk", json_string(startback_risk_name(r.risk)));
    return MRX_OK;
}

static void print_startback(const json_t *o)
{
    printf("STarT Back: %s risk (total %d of 9, psychosocial subscale %d of 5)\n",
           json_string_value(json_object_get(o, "risk")),
           (int)json_integer_value(json_object_get(o, "total")),
           (int)json_integer_value(json_object_get(o, "psychosocial")));
}

/* ==================== RMDQ ==================== */

static int score_rmdq(const struct args *a, json_t *out, struct mrx_err *err)
{
    struct span items[RMDQ_ITEMS];
    long ticked[RMDQ_ITEMS];
    const char *value = args_get(a, ticked_opts, "--ticked");
    int n, rc, score;

    if (!value)
        return mrx_err_set(err, MRX_EINVAL, "ticked", "is required (an empty list means none)");
    n = strlist_split(value, items, RMDQ_ITEMS);
    if (n < 0)
        return mrx_err_set(err, MRX_EINVAL, "ticked", "more than 24 items");
    for (int i = 0; i < n; i++)
        if (!mrx_parse_count(items[i].ptr, items[i].len, &ticked[i]))
            return mrx_err_set(err, MRX_EINVAL, "ticked", "item numbers run 1..24, got '%.*s'",
                               (int)items[i].len, items[i].ptr);
    if ((rc = rmdq_score(ticked, n, &score, err)))
        return rc;
    json_object_set_new(out, "instrument", json_string("rmdq"));
    json_object_set_new(out, "score", json_integer(score));
    return MRX_OK;
}

static void print_rmdq(const json_t *o)
{
    printf("RMDQ: %d of 24\n", (int)json_integer_value(json_object_get(o, "score")));
}

/* ==================== PSFS ==================== */

static int score_psfs(const struct args *a, json_t *out, struct mrx_err *err)
{
    struct span items[PSFS_MAX_ACTIVITIES];
    double ratings[PSFS_MAX_ACTIVITIES];
    double score;
    int n = 0, rc;

    if ((rc = split_list(args_get(a, answer_opts, "--answers"), "answers", items, 1,
                         PSFS_MAX_ACTIVITIES, &n, err)))
        return rc;
    for (int i = 0; i < n; i++)
        if (!mrx_parse_decimal(items[i].ptr, items[i].len, &ratings[i], NULL))
            return mrx_err_set(err, MRX_EINVAL, "answers", "rating %d must be 0..10, got '%.*s'",
                               i + 1, (int)items[i].len, items[i].ptr);
    if ((rc = psfs_score(ratings, n, &score, err)))
        return rc;
    json_object_set_new(out, "instrument", json_string("psfs"));
    json_object_set_new(out, "score", json_rounded(score, 1));
    json_object_set_new(out, "activities", json_integer(n));
    return MRX_OK;
}

static void print_psfs(const json_t *o)
{
    printf("PSFS: %.1f of 10 (mean of %d activities)\n",
           json_real_value(json_object_get(o, "score")),
           (int)json_integer_value(json_object_get(o, "activities")));
}

/* ==================== Dispatch ==================== */

struct instrument_cmd {
    const char *name;
    const struct opt_spec *opts;
    int (*score)(const struct args *, json_t *, struct mrx_err *);
    void (*print)(const json_t *);
};

static const struct instrument_cmd instruments[] = {
    {"odi", answer_opts, score_odi, print_odi},
    {"startback", answer_opts, score_startback, print_startback},
    {"rmdq", ticked_opts, score_rmdq, print_rmdq},
    {"psfs", answer_opts, score_psfs, print_psfs},
};

int cmd_score(int argc, char **argv, const struct cli_ctx *ctx)
{
    const struct instrument_cmd *cmd = NULL;
    struct mrx_err err;
    struct args a;
    json_t *out;
    int rc;

    (void)ctx;
    mrx_err_clear(&err);
    for (size_t i = 0; argc > 1 && i < MRX_ARRAY_LEN(instruments); i++)
        if (strcmp(argv[1], instruments[i].name) == 0)
            cmd = &instruments[i];
    if (!cmd) {
        mrx_err_set(&err, MRX_EINVAL, argc > 1 ? argv[1] : "score",
                    argc > 1 ? "unknown instrument (odi, startback, rmdq or psfs)"
                             : "which instrument? odi, startback, rmdq or psfs");
        return out_finish(MRX_EINVAL, &err);
    }
    if ((rc = args_parse(argc, argv, 2, cmd->opts, 0, &a, &err)))
        return out_finish(rc, &err);
    out = json_object();
    rc = cmd->score(&a, out, &err);
    if (!rc) {
        if (args_has(&a, cmd->opts, "--json"))
            out_json(out);
        else
            cmd->print(out);
    }
    json_decref(out);
    return out_finish(rc, &err);
}
