/*
 * simulate.h: a deterministic cohort simulator (docs/simulator.md).
 *
 * Synthetic patients with latent traits (baseline pain, chronicity, natural
 * recovery, response to exercise, adherence, flare hazard, red-flag
 * emergence) come from a seeded generator. Each simulated day a patient does
 * the session or not, reports pain during and the next morning, checks in;
 * the same plan and adaptation code that serves real patients decides. The
 * same configuration gives the same events, in the same order, every time.
 */
#ifndef MOVERX_SIMULATE_H
#define MOVERX_SIMULATE_H

#include "compat.h"
#include "common/err.h"
#include "core/adapt/adapt.h"
#include "core/outcomes/outcomes.h"
#include "core/plan/program.h"

#define SIM_MAX_WEEKS 104

struct sim_data {
    const struct catalog *cat;
    const struct program *prog;
    const struct triage_ruleset *triage;
    const struct adapt_rules *rules;
};

struct sim_config {
    long patients;
    int weeks;
    uint64_t seed;
    bool start_events; /* also a SIM_START event with each patient's drawn intake */
};

enum sim_event_type {
    SIM_SESSION,
    SIM_CHECKIN,
    SIM_PLAN_CHANGE,
    SIM_FLARE_START,
    SIM_FLARE_END,
    SIM_ESCALATION,
    SIM_TASK,
    SIM_START, /* a patient's intake as drawn, before their first day (intake set) */
};

struct sim_event {
    enum sim_event_type type;
    long patient;
    long day;
    double pain_during, pain_next_morning; /* SIM_SESSION */
    double pain;                           /* SIM_CHECKIN */
    const struct decision *decision;       /* plan changes, flares, escalations */
    const struct adapt_state *before;      /* the state the day's decisions were made on */
    const struct history *history;         /* everything up to and including the day */
    const char *task_kind;                 /* SIM_TASK: the promise ("plan_review", a rule id) */
    long due_day;                          /* SIM_TASK */
    const struct intake *intake;           /* SIM_START */
};

typedef void (*sim_observer)(void *ctx, const struct sim_event *ev);

/*
 * Runs the cohort. `observe` (may be NULL) sees every event in time order,
 * patient by patient. Fills `out` with the cohort outcomes.
 */
int simulate(const struct sim_config *cfg, const struct sim_data *data, sim_observer observe,
             void *ctx, struct outcome_summary *out, struct mrx_err *err);

#endif
