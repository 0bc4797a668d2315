/*
 * patient.h: one synthetic patient's latent traits and their intake
 * (internal to core/simulate; the model is described in docs/simulator.md).
 */
#ifndef MOVERX_SIM_PATIENT_H
#define MOVERX_SIM_PATIENT_H

#include "core/plan/intake.h"
#include "core/simulate/rng.h"

struct sim_traits {
    double baseline_pain;    /* true pain on day 0 */
    double floor_pain;       /* where pain settles with full recovery */
    double recovery_rate;    /* natural recovery, per day */
    double effect_max;       /* the share of natural-history pain full exercise takes away */
    double dose_half_effect; /* sessions at tolerance for half of that */
    double tolerance;        /* the session load the person takes at the start (load units) */
    double tolerance_gain;   /* tolerance growth per session at tolerance */
    double adherence;        /* chance of doing a planned session */
    double dropout;          /* chance of leaving the program, per day */
    double flare_hazard;     /* chance of a flare starting, per day */
    double red_flag_hazard;
    double odi_percent; /* disability at the start, on the ODI scale */
};

/* Draws traits and the matching intake. */
void sim_patient_draw(struct rng *r, struct sim_traits *t, struct intake *in);

#endif
