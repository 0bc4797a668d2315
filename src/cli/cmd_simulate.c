/*
 * cmd_simulate.c: `moverx simulate --patients N --weeks W --seed S
 * [--trace FILE] [--json]` (CONTRACT.md "Plan engine and simulator").
 *
 * The summary is the cohort's outcomes; the trace is one JSON object a line,
 * one per event, in time order per patient. Same arguments, byte-identical
 * output.
 */
#include "compat.h"

#include <errno.h>

#include "cli/cli.h"
#include "common/numfmt.h"
#include "core/simulate/simulate.h"
#include "data/datadir.h"
#include "formats/sim_trace.h"

static const struct opt_spec sim_opts[] = {{"--patients", true}, {"--weeks", true},
                                           {"--seed", true},     {"--trace", true},
                                           {"--json", false},    {NULL, false}};

#define MAX_PATIENTS 10000000L

struct trace {
    FILE *f;
    const struct adapt_rules *rules;
};

static void write_event(void *ctx, const struct sim_event *ev)
{
    struct trace *t = ctx;
    json_t *o = sim_event_to_json(ev, t->rules);

    json_dumpf(o, t->f, JSON_COMPACT | JSON_REAL_PRECISION(15));
    fputc('\n', t->f);
    json_decref(o);
}

static json_t *measure_json(const struct measure_outcome *m)
{
    json_t *o = json_pack("{si}", "patients", m->patients);
    json_object_set_new(o, "mean_baseline", json_rounded(m->mean_baseline, 2));
    json_object_set_new(o, "mean_final", json_rounded(m->mean_final, 2));
    json_object_set_new(o, "mean_change", json_rounded(m->mean_change, 2));
    json_object_set_new(o, "important_percent", json_rounded(m->share_important, 1));
    return o;
}

static json_t *group_json(const struct outcome_group *g)
{
    json_t *o = json_pack("{si, si}", "patients", g->patients, "completed", g->completed);
    json_object_set_new(o, "mean_pain_baseline", json_rounded(g->mean_baseline, 2));
    json_object_set_new(o, "mean_pain_final", json_rounded(g->mean_final, 2));
    json_object_set_new(o, "mean_pain_change", json_rounded(g->mean_change, 2));
    json_object_set_new(o, "mean_pain_reduction_percent", json_rounded(g->reduction_percent, 1));
    json_object_set_new(o, "mean_individual_percent_change",
                        json_rounded(g->mean_percent_change, 1));
    json_object_set_new(o, "mcid_points_percent", json_rounded(g->share_points, 1));
    json_object_set_new(o, "mcid_percent_rule_percent", json_rounded(g->share_percent, 1));
    json_object_set_new(o, "mcid_responders_percent", json_rounded(g->share_either, 1));
    json_object_set_new(o, "adherence_percent", json_rounded(g->adherence_percent, 1));
    json_object_set_new(o, "flares", json_integer(g->flares));
    json_object_set_new(o, "escalations", json_integer(g->escalations));
    json_object_set_new(o, "odi", measure_json(&g->odi));
    json_object_set_new(o, "rmdq", measure_json(&g->rmdq));
    json_object_set_new(o, "psfs", measure_json(&g->psfs));
    json_object_set_new(o, "ended_below_start_volume_percent",
                        json_rounded(g->ended_below_start_percent, 1));
    json_object_set_new(o, "ended_below_start_why",
                        json_pack("{si, si, si}", "first_plan_above_tolerance",
                                  g->below_above_tolerance, "in_flare_at_end", g->below_in_flare,
                                  "neither", g->below_neither));
    json_object_set_new(o, "first_walking_goal_percent", json_rounded(g->walking_goal_percent, 1));
    json_object_set_new(o, "walks_below_start_percent",
                        json_rounded(g->walks_below_start_percent, 1));
    json_object_set_new(o, "harder_variant_switches", json_integer(g->harder_switches));
    json_object_set_new(o, "flares_per_patient", json_rounded(g->flares_per_patient, 2));
    json_object_set_new(o, "no_improvement_alerts", json_integer(g->no_improvement_alerts));
    json_object_set_new(o, "no_improvement_then_improved_percent",
                        json_rounded(g->no_improvement_improved_percent, 1));
    json_object_set_new(
        o, "no_program",
        json_pack("{si, so, so, so, so}", "patients", g->no_program.patients, "mean_pain_final",
                  json_rounded(g->no_program.mean_final, 2), "mean_pain_reduction_percent",
                  json_rounded(g->no_program.reduction_percent, 1), "mcid_responders_percent",
                  json_rounded(g->no_program.share_either, 1), "difference_percent_points",
                  json_rounded(g->reduction_percent - g->no_program.reduction_percent, 1)));
    return o;
}

static json_t *summary_json(const struct sim_config *cfg, const struct outcome_summary *s)
{
    static const char *const groups[] = {"acute", "subacute", "chronic"};
    json_t *o = json_pack("{sI, si, sI}", "patients", (json_int_t)cfg->patients, "weeks",
                          cfg->weeks, "seed", (json_int_t)cfg->seed);
    json_t *all = group_json(&s->all), *by = json_object();

    json_object_del(all, "patients");
    json_object_update(o, all);
    json_decref(all);
    for (int g = 0; g < 3; g++)
        json_object_set_new(by, groups[g], group_json(&s->by_group[g]));
    json_object_set_new(o, "by_chronicity", by);
    return o;
}

static void print_summary(const struct sim_config *cfg, const struct outcome_summary *s)
{
    static const char *const groups[] = {"acute", "subacute", "chronic"};
    printf("%ld patients, %d weeks, seed %llu\n\n", cfg->patients, cfg->weeks,
           (unsigned long long)cfg->seed);
    printf("%-10s %8s %9s %9s %9s %10s %9s %9s\n", "group", "patients", "completed", "pain 0",
           "pain end", "reduction", "MCID", "adherence");
    for (int g = 0; g <= 3; g++) {
        const struct outcome_group *o = g < 3 ? &s->by_group[g] : &s->all;
        printf("%-10s %8d %9d %9.2f %9.2f %9.1f%% %8.1f%% %8.1f%%\n", g < 3 ? groups[g] : "all",
               o->patients, o->completed, o->mean_baseline, o->mean_final, o->reduction_percent,
               o->share_either, o->adherence_percent);
    }
    printf("\nWithout the program, the same people (natural history only):\n");
    for (int g = 0; g <= 3; g++) {
        const struct outcome_group *o = g < 3 ? &s->by_group[g] : &s->all;
        printf("%-10s %8d %29.2f %9.1f%% %8.1f%%\n", g < 3 ? groups[g] : "all",
               o->no_program.patients, o->no_program.mean_final, o->no_program.reduction_percent,
               o->no_program.share_either);
    }
    printf("\nflares %d (%.2f a person), escalations %d, no-improvement alerts %d (%.1f %% then "
           "improved)\n",
           s->all.flares, s->all.flares_per_patient, s->all.escalations,
           s->all.no_improvement_alerts, s->all.no_improvement_improved_percent);
    printf("plans ending below their start %.1f %% (of them: first plan above the person's "
           "tolerance %d, in a flare at the end %d, neither %d), walks ending below their start "
           "%.1f %% (in a flare at the end %d), first walking goal reached %.1f %%, steps to a "
           "harder exercise %d\n",
           s->all.ended_below_start_percent, s->all.below_above_tolerance, s->all.below_in_flare,
           s->all.below_neither, s->all.walks_below_start_percent, s->all.walks_below_in_flare,
           s->all.walking_goal_percent, s->all.harder_switches);
    printf("pain at the end against no program (points of 10):");
    for (int g = 0; g <= 3; g++) {
        const struct outcome_group *o = g < 3 ? &s->by_group[g] : &s->all;
        printf(" %s %+.2f%s", g < 3 ? groups[g] : "all", o->mean_final - o->no_program.mean_final,
               g < 3 ? "," : "");
    }
    printf("; no-improvement alerts for %.1f %% of completers\n",
           s->all.completed ? 100.0 * s->all.no_improvement_alerts / s->all.completed : 0.0);
    printf("A model for comparing rule sets, not evidence of effect (docs/simulator.md).\n");
    printf("ODI %.1f -> %.1f (%.1f %% important), RMDQ %.1f -> %.1f (%.1f %%), "
           "PSFS %.1f -> %.1f (%.1f %%)\n",
           s->all.odi.mean_baseline, s->all.odi.mean_final, s->all.odi.share_important,
           s->all.rmdq.mean_baseline, s->all.rmdq.mean_final, s->all.rmdq.share_important,
           s->all.psfs.mean_baseline, s->all.psfs.mean_final, s->all.psfs.share_important);
}

static int parse_config(const struct args *a, struct sim_config *cfg, struct mrx_err *err)
{
    const char *p = args_get(a, sim_opts, "--patients"), *w = args_get(a, sim_opts, "--weeks"),
               *s = args_get(a, sim_opts, "--seed");
    long v;

    if (!p || !mrx_parse_count(p, strlen(p), &v) || v < 1 || v > MAX_PATIENTS)
        return mrx_err_set(err, MRX_EINVAL, "--patients", "must be a whole number 1..%ld",
                           MAX_PATIENTS);
    cfg->patients = v;
    if (!w || !mrx_parse_count(w, strlen(w), &v) || v < 1 || v > SIM_MAX_WEEKS)
        return mrx_err_set(err, MRX_EINVAL, "--weeks", "must be a whole number 1..%d",
                           SIM_MAX_WEEKS);
    cfg->weeks = (int)v;
    if (!s || !mrx_parse_count(s, strlen(s), &v))
        return mrx_err_set(err, MRX_EINVAL, "--seed", "must be a whole number 0..999999999");
    cfg->seed = (uint64_t)v;
    return MRX_OK;
}

static int run(const struct args *a, const struct cli_ctx *ctx, struct mrx_err *err)
{
    const char *trace_path = args_get(a, sim_opts, "--trace");
    struct data_set in;
    struct trace t = {NULL, NULL};
    struct outcome_summary sum;
    struct sim_config cfg = {0}; /* no SIM_START events: the trace is the contract's */
    int rc;

    if ((rc = parse_config(a, &cfg, err)) || (rc = datadir_load_all(ctx->datadir, &in, err)))
        return rc;
    if (trace_path && !(t.f = fopen(trace_path, "w"))) {
        rc = mrx_err_set(err, MRX_EINVAL, "--trace", "cannot write '%s': %s", trace_path,
                         strerror(errno));
        datadir_release_all(&in);
        return rc;
    }
    t.rules = &in.adapt;
    rc = simulate(&cfg, &(struct sim_data){&in.catalog, &in.program, &in.triage, &in.adapt},
                  t.f ? write_event : NULL, &t, &sum, err);
    if (t.f && fclose(t.f) != 0 && !rc)
        rc = mrx_err_set(err, MRX_EIO, trace_path, "write failed");
    if (!rc && args_has(a, sim_opts, "--json"))
        out_json_new(summary_json(&cfg, &sum));
    else if (!rc)
        print_summary(&cfg, &sum);
    datadir_release_all(&in);
    return rc;
}

int cmd_simulate(int argc, char **argv, const struct cli_ctx *ctx)
{
    return cli_main(argc, argv, sim_opts, 0, run, ctx);
}
