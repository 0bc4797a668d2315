/*
 * cmd_check.c: `moverx check [--json]`: loads and validates the whole data
 * directory (triage and adaptation rules, exercise library, lessons, plan program) and
 * measures the
 * reading grade of every patient-facing text, so a clinic can check its own
 * edits before putting them in front of patients. Exit 2 when anything fails.
 */
#include "compat.h"

#include <stdio.h>

#include "cli/cli.h"
#include "common/numfmt.h"
#include "core/readability/readability.h"
#include "core/text/patient_text.h"
#include "data/datadir.h"

static const struct opt_spec check_opts[] = {{"--json", false}, {NULL, false}};

struct check_state {
    json_t *texts; /* [{"what":..,"grade":..,"ok":..}] */
    int too_hard;
    bool json;
};

static void record(struct check_state *st, const char *what, double grade)
{
    bool ok = grade <= PATIENT_TEXT_MAX_GRADE;
    if (!ok)
        st->too_hard++;
    if (st->json)
        json_array_append_new(st->texts, json_pack("{sssfsb}", "what", what, "grade",
                                                   mrx_round_half_up(grade, 1), "ok", ok));
    else if (!ok)
        printf("too hard to read: %s (grade %.1f, limit %.0f)\n", what, grade,
               PATIENT_TEXT_MAX_GRADE);
}

static void check_program_texts(const struct program *prog, struct check_state *st)
{
    static const char *const strata[] = {"low", "medium", "high"};
    char what[160];

    for (int i = 0; i < prog->n_levels; i++) {
        snprintf(what, sizeof(what), "starting level '%s'", prog->levels[i].id);
        record(st, what, patient_text_grade_message(prog->levels[i].reason));
    }
    for (int i = 0; i < prog->n_slots; i++) {
        snprintf(what, sizeof(what), "plan slot '%s'", prog->slots[i].id);
        record(st, what, patient_text_grade_message(prog->slots[i].why));
    }
    for (int r = 0; r < 3; r++) {
        snprintf(what, sizeof(what), "plan stratum '%s'", strata[r]);
        record(st, what, patient_text_grade_message(prog->strata[r].explanation));
    }
}

static void check_texts(const struct triage_ruleset *rules, const struct catalog *cat,
                        const struct lesson_set *lessons, struct check_state *st)
{
    char what[160];

    for (int i = 0; i < rules->n_rules; i++) {
        snprintf(what, sizeof(what), "triage rule '%s'", rules->rules[i].id);
        record(st, what, patient_text_grade_message(rules->rules[i].patient_message));
    }
    for (int i = 0; i < cat->n; i++) {
        snprintf(what, sizeof(what), "exercise '%s'", cat->items[i].id);
        record(st, what, patient_text_grade_exercise(&cat->items[i]));
    }
    for (int i = 0; i < lessons->n; i++) {
        snprintf(what, sizeof(what), "lesson '%s'", lessons->items[i].id);
        record(st, what, lessons->items[i].grade);
    }
}

static int run(const struct cli_ctx *ctx, struct check_state *st, struct mrx_err *err)
{
    struct data_set d;
    int rc;

    if ((rc = datadir_load_all(ctx->datadir, &d, err)))
        return rc;
    check_texts(&d.triage, &d.catalog, &d.lessons, st);
    check_program_texts(&d.program, st);
    if (st->json)
        out_json_new(json_pack("{sssisisisisO}", "data", ctx->datadir, "rules", d.triage.n_rules,
                               "exercises", d.catalog.n, "lessons", d.lessons.n, "too_hard",
                               st->too_hard, "texts", st->texts));
    else
        printf("%s: %d triage rules, %d exercises, %d lessons; %d text(s) above grade %.0f\n",
               ctx->datadir, d.triage.n_rules, d.catalog.n, d.lessons.n, st->too_hard,
               PATIENT_TEXT_MAX_GRADE);
    datadir_release_all(&d);
    if (st->too_hard)
        rc = mrx_err_set(err, MRX_EDATA, "check", "%d patient text(s) read above grade %.0f",
                         st->too_hard, PATIENT_TEXT_MAX_GRADE);
    return rc;
}

int cmd_check(int argc, char **argv, const struct cli_ctx *ctx)
{
    struct check_state st = {0};
    struct mrx_err err;
    struct args a;
    int rc;

    mrx_err_clear(&err);
    if ((rc = args_parse(argc, argv, 1, check_opts, 0, &a, &err)))
        return out_finish(rc, &err);
    st.json = args_has(&a, check_opts, "--json");
    st.texts = json_array();
    rc = run(ctx, &st, &err);
    json_decref(st.texts);
    return out_finish(rc, &err);
}
