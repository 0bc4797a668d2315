/*
 * cmd_triage.c: `moverx triage [FILE|-] [--rules FILE] [--json]`
 * (CONTRACT.md "Red-flag triage").
 *
 * For people, the output starts with what to do now: an emergency
 * instruction is printed before anything else.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/journey_print.h"
#include "core/text/patient_text.h"
#include "data/datadir.h"
#include "formats/triage_json.h"

static const struct opt_spec triage_opts[] = {{"--json", false}, {"--rules", true}, {NULL, false}};

/*
 * For an urgent or emergency tier, the most serious message (which says
 * what to do now) is the very first thing printed, then what happens to the
 * program, then the other messages of the same weight (journey_print.h;
 * the JSON has every reason).
 */
static void print_result(const struct triage_result *r)
{
    json_t *j = triage_result_to_json(r);

    print_triage_first(j);
    printf("%s\n", patient_text_triage_headline(r->tier, r->program));
    print_triage_rest(j, "\n");
    json_decref(j);
}

static int run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    struct triage_ruleset rules;
    struct triage_answers answers;
    struct triage_result result;
    json_t *doc;
    int rc;

    if (args_get(a, triage_opts, "--rules") && !*args_get(a, triage_opts, "--rules"))
        return mrx_err_set(err, MRX_EINVAL, "--rules", "needs a file");
    if ((rc = cli_read_json(a->n_pos ? a->pos[0] : NULL, &doc, err)))
        return rc;
    rc = triage_answers_from_document(doc, &answers, err);
    json_decref(doc);
    if (rc)
        return rc;
    if ((rc = datadir_load_triage(ctx->datadir, args_get(a, triage_opts, "--rules"), &rules, err)))
        return rc;
    triage_evaluate(&rules, &answers, &result);
    if (args_has(a, triage_opts, "--json")) {
        json_t *o = triage_result_to_json(&result);
        out_json(o);
        json_decref(o);
    } else {
        print_result(&result);
    }
    triage_result_release(&result);
    triage_ruleset_release(&rules);
    return MRX_OK;
}

int cmd_triage(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, triage_opts, 1, run, ctx);
}
