/*
 * cmd_exercises.c: `moverx exercises list [--category C] [--json]` and
 * `moverx exercises show ID [--json]`: the exercise library in force.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "data/datadir.h"
#include "data/fileio.h"
#include "formats/exercise_json.h"
#include "render/handout.h"

static const struct opt_spec list_opts[] = {{"--category", true}, {"--json", false}, {NULL, false}};
static const struct opt_spec show_opts[] = {{"--json", false}, {NULL, false}};
static const struct opt_spec picture_opts[] = {
    {"--out", true}, {"--step", true}, {"--other-side", false}, {NULL, false}};

static int list(const struct catalog *cat, const struct args *a, struct mrx_err *err)
{
    const char *cat_name = args_get(a, list_opts, "--category");
    enum exercise_category want = CAT_MOBILITY;
    bool json = args_has(a, list_opts, "--json");
    json_t *arr = json_array();
    char dose[160];

    if (cat_name && !category_from_name(cat_name, &want)) {
        json_decref(arr);
        return mrx_err_set(err, MRX_EINVAL, "category",
                           "unknown category '%s' (mobility, stretch, strength, aerobic, "
                           "aquatic, mind-body or relaxation)",
                           cat_name);
    }
    for (int i = 0; i < cat->n; i++) {
        const struct exercise *ex = &cat->items[i];
        if (cat_name && ex->category != want)
            continue;
        if (json) {
            json_array_append_new(arr, exercise_summary_json(ex));
            continue;
        }
        dose_describe(&ex->dose, ex->per_side, dose, sizeof(dose));
        printf("%-34s L%d  %-10s  %-40s %s\n", ex->id, ex->level, category_name(ex->category),
               ex->name, dose);
    }
    if (json)
        out_json_new(json_pack("{sisO}", "count", (int)json_array_size(arr), "exercises", arr));
    json_decref(arr);
    return MRX_OK;
}

static void print_list(const char *title, char *const *items, int n, bool numbered)
{
    printf("\n%s\n", title);
    for (int i = 0; i < n; i++)
        if (numbered)
            printf("  %d. %s\n", i + 1, items[i]);
        else
            printf("  - %s\n", items[i]);
}

static void print_exercise(const struct catalog *cat, const struct exercise *ex)
{
    const struct exercise *easier = ex->regression ? catalog_find(cat, ex->regression) : NULL;
    const struct exercise *harder = ex->progression ? catalog_find(cat, ex->progression) : NULL;
    char dose[160];

    printf("%s (%s)\n", ex->name, ex->id);
    printf("%s, level %d of 5, %s%s\n", category_name(ex->category), ex->level,
           position_name(ex->position), ex->floor ? ", on the floor" : "");
    dose_describe(&ex->dose, ex->per_side, dose, sizeof(dose));
    printf("Dose: %s\n", dose);
    printf("Easier: %s. Harder: %s.\n", easier ? easier->name : "none",
           harder ? harder->name : "none");
    printf("\n%s\n", ex->summary);
    print_list("How to do it:", ex->steps, ex->n_steps, true);
    if (ex->demo) {
        printf("\nIn pictures (moverx exercises picture %s --step N --out FILE.png):\n", ex->id);
        for (int i = 0; i < ex->demo->n_kf; i++)
            printf("  %d. %s\n", i + 1, ex->demo->kf[i].caption);
    }
    if (ex->n_routine) {
        printf("\nThe moves, in order:\n");
        for (int i = 0; i < ex->n_routine; i++) {
            const struct exercise *move = catalog_find(cat, ex->routine[i].exercise);
            dose_describe(&ex->routine[i].dose, move->per_side, dose, sizeof(dose));
            printf("  %d. %s: %s (moverx exercises show %s)\n", i + 1, move->name, dose, move->id);
        }
    }
    printf("\nWhat you should feel:\n  %s\n", ex->feel);
    print_list("Common mistakes:", ex->mistakes, ex->n_mistakes, false);
    printf("\nTake care:\n");
    for (int k = 0; k < CAUTION_KINDS; k++) {
        const struct caution *c = &ex->cautions[k];
        printf("  %s: %s%s%s\n", caution_kind_name((enum caution_kind)k),
               caution_advice_name(c->advice), c->note ? ". " : "", c->note ? c->note : "");
    }
    printf("\nEvidence: %s\n", ex->evidence);
}

/* `exercises picture ID --out FILE.png [--step N] [--other-side]`: one step of the
 * demonstration, drawn as the handout draws it. */
static int picture(const struct catalog *cat, const struct args *a, struct mrx_err *err)
{
    const char *step = args_get(a, picture_opts, "--step"),
               *path = args_get(a, picture_opts, "--out");
    const struct exercise *ex;
    char *png, *end;
    size_t len;
    long n = 1;
    int rc;

    if (a->n_pos != 1 || !path)
        return mrx_err_set(err, MRX_EINVAL, "exercises picture",
                           "usage: moverx exercises picture ID --out FILE.png [--step N]");
    if (!(ex = catalog_find(cat, a->pos[0])))
        return mrx_err_set(err, MRX_ENOTFOUND, "exercise", "no exercise '%s'", a->pos[0]);
    if (step && ((n = strtol(step, &end, 10)) < 1 || *end || n > DEMO_MAX_KEYFRAMES))
        return mrx_err_set(err, MRX_EINVAL, "--step", "must be a step number, got '%s'", step);
    if ((rc = figure_png(ex, (int)n, args_has(a, picture_opts, "--other-side"), 800, 600, &png,
                         &len, err)))
        return rc;
    rc = file_write_private(path, png, len, err);
    free(png);
    return rc;
}

static int show(const struct catalog *cat, const struct args *a, struct mrx_err *err)
{
    const struct exercise *ex;

    if (a->n_pos != 1)
        return mrx_err_set(err, MRX_EINVAL, "exercises show", "usage: moverx exercises show ID");
    ex = catalog_find(cat, a->pos[0]);
    if (!ex)
        return mrx_err_set(err, MRX_ENOTFOUND, "exercise", "no exercise '%s'", a->pos[0]);
    if (args_has(a, show_opts, "--json")) {
        out_json_new(exercise_to_json(ex));
    } else {
        print_exercise(cat, ex);
    }
    return MRX_OK;
}

int cmd_exercises(int argc, char **argv, const struct cli_ctx *ctx)
{
    struct catalog cat;
    struct mrx_err err;
    struct args a;
    bool is_list;
    int rc, sub;

    mrx_err_clear(&err);
    if (argc > 1 && !strcmp(argv[1], "picture")) {
        if ((rc = args_parse(argc, argv, 2, picture_opts, 1, &a, &err)) ||
            (rc = datadir_load_catalog(ctx->datadir, &cat, &err)))
            return out_finish(rc, &err);
        rc = picture(&cat, &a, &err);
        catalog_release(&cat);
        return out_finish(rc, &err);
    }
    if ((sub = args_list_or_show(argc, argv, "exercises", &err)) < 0)
        return out_finish(MRX_EINVAL, &err);
    is_list = sub == 0;
    if ((rc =
             args_parse(argc, argv, 2, is_list ? list_opts : show_opts, is_list ? 0 : 1, &a, &err)))
        return out_finish(rc, &err);
    if ((rc = datadir_load_catalog(ctx->datadir, &cat, &err)))
        return out_finish(rc, &err);
    rc = is_list ? list(&cat, &a, &err) : show(&cat, &a, &err);
    catalog_release(&cat);
    return out_finish(rc, &err);
}
