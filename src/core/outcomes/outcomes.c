/*
 * outcomes.c: aggregating outcomes (see outcomes.h). Clinically important
 * change uses the instruments' own rule (NPRS: 2 points or 30 %).
 */
#include "compat.h"

#include "core/instruments/instruments.h"
#include "core/outcomes/outcomes.h"

#define ALL 3

bool program_ended(long start_day, long day)
{
    return day - start_day >= PROGRAM_DAYS;
}

bool program_final_month(long start_day, long session_day)
{
    long k = session_day - start_day;
    return k >= PROGRAM_FINAL_MONTH && k < PROGRAM_DAYS;
}

void outcomes_init(struct outcome_acc *acc)
{
    memset(acc, 0, sizeof(*acc));
}

static void add_measure(struct outcome_acc *acc, int g, int k, enum measure m,
                        const struct score_pair *sp)
{
    struct change_result r;

    if (!sp->has || change_compute(m, sp->baseline, sp->final, &r, NULL))
        return;
    acc->g[g].m[k].n++;
    acc->g[g].m[k].important += r.important;
    acc->g[g].m[k].base += sp->baseline;
    acc->g[g].m[k].fin += sp->final;
    acc->g[g].m[k].change += r.change;
}

static void add_to(struct outcome_acc *acc, int g, const struct patient_outcome *p)
{
    struct change_result r;

    add_measure(acc, g, 0, MEASURE_ODI, &p->odi);
    add_measure(acc, g, 1, MEASURE_RMDQ, &p->rmdq);
    add_measure(acc, g, 2, MEASURE_PSFS, &p->psfs);
    acc->g[g].patients++;
    acc->g[g].completed += p->completed;
    acc->g[g].planned += p->sessions_planned;
    acc->g[g].done += p->sessions_done;
    acc->g[g].flares += p->flares;
    acc->g[g].escalations += p->escalations;
    acc->g[g].switches += p->harder_switches;
    acc->g[g].ni += p->no_improvement_alert;
    if (p->completed && p->has_volumes) {
        acc->g[g].volumes++;
        if (p->end_volume < p->start_volume - 1e-9) {
            acc->g[g].below++;
            acc->g[g].below_tol += p->started_above_tolerance;
            acc->g[g].below_flare += !p->started_above_tolerance && p->ended_in_flare;
        }
        if (p->end_walks < p->start_walks - 1e-9) {
            acc->g[g].below_walks++;
            acc->g[g].below_walks_flare += p->ended_in_flare;
        }
        acc->g[g].walk_goal += p->walking_goal_reached;
    }
    if (p->has_final && p->has_no_program &&
        !change_compute(MEASURE_NPRS, p->baseline_pain, p->no_program_final, &r, NULL)) {
        acc->g[g].np++;
        acc->g[g].np_either += r.important;
        acc->g[g].np_base += p->baseline_pain;
        acc->g[g].np_fin += p->no_program_final;
    }
    if (!p->has_final || change_compute(MEASURE_NPRS, p->baseline_pain, p->final_pain, &r, NULL))
        return;
    acc->g[g].finals++;
    acc->g[g].base += p->baseline_pain;
    acc->g[g].fin += p->final_pain;
    acc->g[g].pct += r.has_percent ? r.percent : 0;
    acc->g[g].points += r.important_points;
    acc->g[g].percent += r.important_percent;
    acc->g[g].either += r.important;
    if (p->no_improvement_alert) {
        acc->g[g].ni_finals++;
        acc->g[g].ni_improved += r.important;
    }
}

void outcomes_add(struct outcome_acc *acc, const struct patient_outcome *p)
{
    add_to(acc, (int)p->group, p);
    add_to(acc, ALL, p);
}

static double share(int part, int whole)
{
    return whole ? 100.0 * part / whole : 0;
}

static void finish_measure(const struct outcome_acc *acc, int g, int k, struct measure_outcome *o)
{
    int n = acc->g[g].m[k].n;

    memset(o, 0, sizeof(*o));
    o->patients = n;
    if (!n)
        return;
    o->mean_baseline = acc->g[g].m[k].base / n;
    o->mean_final = acc->g[g].m[k].fin / n;
    o->mean_change = acc->g[g].m[k].change / n;
    o->share_important = share(acc->g[g].m[k].important, n);
}

static void finish_group(const struct outcome_acc *acc, int g, struct outcome_group *o)
{
    int n = acc->g[g].finals;

    memset(o, 0, sizeof(*o));
    finish_measure(acc, g, 0, &o->odi);
    finish_measure(acc, g, 1, &o->rmdq);
    finish_measure(acc, g, 2, &o->psfs);
    o->patients = acc->g[g].patients;
    o->completed = acc->g[g].completed;
    o->flares = acc->g[g].flares;
    o->escalations = acc->g[g].escalations;
    o->harder_switches = acc->g[g].switches;
    o->flares_per_patient = o->patients ? (double)o->flares / o->patients : 0;
    o->no_improvement_alerts = acc->g[g].ni;
    o->no_improvement_improved_percent = share(acc->g[g].ni_improved, acc->g[g].ni_finals);
    o->ended_below_start_percent = share(acc->g[g].below, acc->g[g].volumes);
    o->below_above_tolerance = acc->g[g].below_tol;
    o->walks_below_start_percent = share(acc->g[g].below_walks, acc->g[g].volumes);
    o->walks_below_in_flare = acc->g[g].below_walks_flare;
    o->below_in_flare = acc->g[g].below_flare;
    o->below_neither = acc->g[g].below - acc->g[g].below_tol - acc->g[g].below_flare;
    o->walking_goal_percent = share(acc->g[g].walk_goal, acc->g[g].volumes);
    o->no_program.patients = acc->g[g].np;
    if (acc->g[g].np) {
        o->no_program.mean_final = acc->g[g].np_fin / acc->g[g].np;
        o->no_program.reduction_percent =
            acc->g[g].np_base > 0
                ? 100.0 * (acc->g[g].np_base - acc->g[g].np_fin) / acc->g[g].np_base
                : 0;
        o->no_program.share_either = share(acc->g[g].np_either, acc->g[g].np);
    }
    o->adherence_percent =
        acc->g[g].planned ? 100.0 * (double)acc->g[g].done / (double)acc->g[g].planned : 0;
    if (n == 0)
        return;
    o->mean_baseline = acc->g[g].base / n;
    o->mean_final = acc->g[g].fin / n;
    o->mean_change = o->mean_baseline - o->mean_final;
    o->mean_percent_change = acc->g[g].pct / n;
    o->reduction_percent = o->mean_baseline > 0 ? 100.0 * o->mean_change / o->mean_baseline : 0;
    o->share_points = share(acc->g[g].points, n);
    o->share_percent = share(acc->g[g].percent, n);
    o->share_either = share(acc->g[g].either, n);
}

void outcomes_finish(const struct outcome_acc *acc, struct outcome_summary *out)
{
    finish_group(acc, ALL, &out->all);
    for (int g = 0; g < 3; g++)
        finish_group(acc, g, &out->by_group[g]);
}
