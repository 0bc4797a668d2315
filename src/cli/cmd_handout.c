/*
 * cmd_handout.c: `moverx handout PATIENT [--out FILE] [--date D]
 * [--paper a4|letter] [--app-url URL]`: the patient's current program as a
 * printable PDF (docs/demos.md, "Handouts"); standard output without --out.
 */
#include "compat.h"

#include <stdlib.h>

#include "cli/cli.h"
#include "cli/records_cli.h"
#include "data/datadir.h"
#include "data/fileio.h"
#include "render/handout.h"

static const struct opt_spec handout_opts[] = {{"--db", true},      {"--out", true},
                                               {"--date", true},    {"--paper", true},
                                               {"--app-url", true}, {NULL, false}};

static int handout_op(const struct records *r, const struct args *a, void *arg, json_t **out,
                      struct mrx_err *err)
{
    long day;
    int rc;
    (void)arg;

    if ((rc = records_day(args_get(a, handout_opts, "--date"), "--date", &day, err)))
        return rc;
    return records_handout(r, a->pos[0], day, out, err);
}

static int handout_run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    const char *paper = args_get(a, handout_opts, "--paper");
    const char *path = args_get(a, handout_opts, "--out");
    struct handout_opts o = {PAPER_A4, args_get(a, handout_opts, "--app-url")};
    struct catalog cat;
    json_t *doc;
    char *pdf;
    size_t len;
    int rc;

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "PATIENT", "is required");
    if (paper && !paper_from_name(paper, &o.paper))
        return mrx_err_set(err, MRX_EINVAL, "--paper", "must be a4 or letter, got '%s'", paper);
    if ((rc = records_run(a, handout_opts, ctx, handout_op, NULL, &doc, err)))
        return rc;
    if (!(rc = datadir_load_catalog(ctx->datadir, &cat, err))) {
        if (!(rc = handout_pdf(doc, &cat, &o, &pdf, &len, err))) {
            rc = file_write_private(path ? path : "-", pdf, len, err);
            free(pdf);
        }
        catalog_release(&cat);
    }
    json_decref(doc);
    render_release();
    return rc;
}

int cmd_handout(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, handout_opts, 1, handout_run, ctx);
}
