/*
 * cmd_plan.c: `moverx plan --intake FILE|- [--start YYYY-MM-DD] [--json]`
 * (CONTRACT.md "Plan engine"): the triage result and the first plan for an
 * intake, touching no store. When triage says stop there is no plan.
 */
#include "compat.h"

#include "cli/cli.h"
#include "cli/journey_print.h"
#include "common/date.h"
#include "core/plan/plan.h"
#include "data/datadir.h"
#include "formats/exercise_json.h"
#include "formats/plan_json.h"
#include "formats/triage_json.h"

static const struct opt_spec plan_opts[] = {
    {"--intake", true}, {"--start", true}, {"--json", false}, {"--rules", true}, {NULL, false}};

/* Everything the plan is made from, loaded once and released together. */
struct plan_inputs {
    struct triage_ruleset rules; /* loaded >= 1 */
    struct triage_result triage; /* loaded >= 2 */
    struct intake intake;        /* loaded >= 4 */
    struct catalog catalog;      /* loaded >= 5 */
    struct lesson_set lessons;   /* loaded >= 6 */
    struct program program;      /* loaded >= 7 */
    int loaded;
};

static void inputs_release(struct plan_inputs *in)
{
    if (in->loaded >= 7)
        program_release(&in->program);
    if (in->loaded >= 6)
        lesson_set_release(&in->lessons);
    if (in->loaded >= 5)
        catalog_release(&in->catalog);
    if (in->loaded >= 4)
        intake_release(&in->intake);
    if (in->loaded >= 2)
        triage_result_release(&in->triage);
    if (in->loaded >= 1)
        triage_ruleset_release(&in->rules);
}

static int triage_first(const json_t *doc, const struct args *a, const struct cli_ctx *ctx,
                        struct plan_inputs *in, struct mrx_err *err)
{
    struct triage_answers answers;
    int rc;

    if ((rc = triage_answers_from_document(doc, &answers, err)) ||
        (rc =
             datadir_load_triage(ctx->datadir, args_get(a, plan_opts, "--rules"), &in->rules, err)))
        return rc;
    in->loaded = 1;
    triage_evaluate(&in->rules, &answers, &in->triage);
    in->loaded = 2;
    return MRX_OK;
}

/* A plan is made unless triage stops the program or starts none (under 16). */
static bool plan_made(const struct triage_result *t)
{
    return t->program != PROGRAM_STOP && t->program != PROGRAM_NOT_STARTED;
}

static int load_inputs(const struct args *a, const struct cli_ctx *ctx, struct plan_inputs *in,
                       struct mrx_err *err)
{
    const char *path = args_get(a, plan_opts, "--intake");
    json_t *doc;
    int rc;

    if (!path)
        return mrx_err_set(err, MRX_EINVAL, "--intake", "is required (a file, or - for stdin)");
    if ((rc = cli_read_json(path, &doc, err)))
        return rc;
    /* Triage first, from the red flags alone: an emergency is shown even when
     * the rest of the intake is incomplete. */
    rc = triage_first(doc, a, ctx, in, err);
    if (!rc && plan_made(&in->triage) && !(rc = intake_from_json(doc, &in->intake, err)))
        in->loaded = 4;
    json_decref(doc);
    if (rc || !plan_made(&in->triage))
        return rc; /* no plan, so nothing more to load */
    if ((rc = datadir_load_catalog(ctx->datadir, &in->catalog, err)))
        return rc;
    in->loaded = 5;
    if ((rc = datadir_load_lessons(ctx->datadir, &in->lessons, err)))
        return rc;
    in->loaded = 6;
    if ((rc = datadir_load_program(ctx->datadir, &in->catalog, &in->lessons, &in->program, err)))
        return rc;
    in->loaded = 7;
    return MRX_OK;
}

static void print_plan(const struct plan *p, const json_t *j, const struct triage_result *t)
{
    const struct walking_plan *w = &p->walking;

    if (t->tier >= TIER_URGENT)
        printf("%s\n\n", t->fired[0]->patient_message);
    printf("Your plan%s\n\n",
           p->status == PLAN_PAUSED ? " (paused: it starts once your care team has checked)" : "");
    printf("Exercises:\n");
    for (int i = 0; i < p->n_items; i++) {
        char dose[128];
        const struct plan_item *it = &p->items[i];
        struct dose d = it->dose;
        d.value[DOSE_DAYS_PER_WEEK] = plan_days_kept(p, d.value[DOSE_DAYS_PER_WEEK]);
        dose_describe(&d, it->exercise->per_side, dose, sizeof(dose));
        printf("  %d. %s: %s\n     %s\n", i + 1, it->exercise->name, dose, it->slot->why);
        if (it->caution)
            printf("     Take care: %s\n", it->caution);
    }
    printf("\nWalking: %d walk%s of %d minutes a day, %d day%s a week.\n", w->bouts,
           w->bouts == 1 ? "" : "s", w->minutes, plan_days_kept(p, w->days_per_week),
           plan_days_kept(p, w->days_per_week) == 1 ? "" : "s");
    {
        double walks = w->minutes * w->bouts,
               counted = walk_day_minutes(w->minutes, w->bouts, p->own_walking);
        printf("Time on a full day: exercises about %.0f minutes, walks %.0f minutes",
               p->day_minutes - counted, walks);
        if (counted < walks)
            printf(" (%.0f of them beyond the walking you already do)", counted);
        printf(": about %.0f of your %d minutes.\n", p->day_minutes, p->available_minutes);
    }
    printf("Movement breaks: %d a day.\n", p->movement_breaks_per_day);
    if (p->course) {
        const struct course_config *c = p->course;
        printf("The course: %d weeks.\n", c->weeks);
        for (int i = 0; i < COURSE_PHASES; i++)
            printf("  Weeks %d-%d: %s\n", i ? c->until_week[i - 1] + 1 : 1, c->until_week[i],
                   c->why[i]);
    }
    printf("Lessons, one a day at the start:");
    for (int i = 0; i < p->n_lessons; i++)
        printf("%s %s", i ? "," : "", p->lessons[i]);
    if (p->n_later)
        printf(".\nThen one a week:");
    for (int i = 0; i < p->n_later; i++)
        printf("%s %s (week %d)", i ? "," : "", p->later[i].lesson, p->later[i].week);
    printf("\n\n");
    print_week(j);
    printf("\nWhy this plan:\n%s\n", p->explanation);
}

static int run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    const char *start = args_get(a, plan_opts, "--start");
    struct plan_inputs in = {0};
    struct plan plan = {0};
    bool has_plan;
    long start_day = 0;
    int rc;

    if (start && !date_parse(start, &start_day))
        return mrx_err_set(err, MRX_EINVAL, "--start", "must be a date YYYY-MM-DD, got '%s'",
                           start);
    rc = load_inputs(a, ctx, &in, err);
    has_plan = !rc && plan_made(&in.triage);
    if (has_plan)
        rc = plan_first(&in.intake, &in.triage, &in.catalog, &in.program, &plan, err);
    if (!rc && args_has(a, plan_opts, "--json")) {
        json_t *o = json_object();
        json_object_set_new(o, "triage", triage_result_to_json(&in.triage));
        json_object_set_new(o, "plan",
                            has_plan ? plan_to_json(&plan, start != NULL, start_day) : json_null());
        out_json_new(o);
    } else if (!rc && has_plan) {
        json_t *j = plan_to_json(&plan, start != NULL, start_day);
        print_plan(&plan, j, &in.triage);
        json_decref(j);
    } else if (!rc) {
        printf("%s\n\nThere is no exercise plan until a doctor has seen you.\n",
               in.triage.fired[0]->patient_message);
    }
    plan_release(&plan);
    inputs_release(&in);
    return rc;
}

int cmd_plan(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, plan_opts, 0, run, ctx);
}
