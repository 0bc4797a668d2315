/*
 * patient.c: drawing a synthetic patient (see patient.h, docs/simulator.md).
 *
 * Each number comes from published natural history and trial effect sizes
 * (CLINICAL.md section 7, docs/simulator.md gives each source), never from
 * a vendor's results: natural recovery by duration (Costa et al., CMAJ
 * 2012), the benefit of exercise against none (Hayden et al., Cochrane
 * 2021: about 15 of 100 points for persistent pain), and a dose-response
 * model that is an assumption, stated as one.
 */
#include "compat.h"

#include <math.h>

#include "core/simulate/patient.h"

/* Load units a session (simulate.c item_load): a session of a first plan of the default
 * rules, on the days its week gives each item, loads about 6 (median 6.2, 10 % to 90 %
 * 3.9..9.9 at seed 7; the whole plan at once, 7.5). An assumption, set so that the
 * average person takes a little more than an average first session (model 2.2; 2.1 set
 * 10 against the whole plan at once, when the simulated people did every item daily). */
#define TOLERANCE_AT_NO_DISABILITY 8.3

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void draw_startback(struct rng *r, struct intake *in)
{
    double u = rng_uniform(r);
    static const long low[9] = {1, 0, 1, 0, 0, 0, 0, 0, 1};
    static const long medium[9] = {1, 1, 1, 1, 0, 1, 0, 0, 2};
    static const long high[9] = {1, 1, 1, 1, 1, 1, 1, 1, 3};

    memcpy(in->startback, u < 0.35 ? low : u < 0.75 ? medium : high, sizeof(low));
}

static void draw_group(struct rng *r, struct sim_traits *t, struct intake *in)
{
    double u = rng_uniform(r);

    if (u < 0.25) { /* acute: recovers fast on its own */
        in->duration_weeks = (int)(rng_uniform(r) * 6);
        t->recovery_rate = clampd(rng_normal(r, 1.0 / 30, 1.0 / 120), 1.0 / 80, 1.0 / 12);
    } else if (u < 0.45) { /* subacute */
        in->duration_weeks = 6 + (int)(rng_uniform(r) * 7);
        t->recovery_rate = clampd(rng_normal(r, 1.0 / 90, 1.0 / 300), 1.0 / 250, 1.0 / 40);
    } else { /* chronic: slow on its own */
        in->duration_weeks = 13 + (int)(rng_uniform(r) * 200);
        t->recovery_rate = clampd(rng_normal(r, 1.0 / 400, 1.0 / 1500), 0, 1.0 / 150);
    }
}

/* Disability follows pain (ODI about 6.5 x pain), as ODI or RMDQ answers, half each. */
static void draw_disability(struct rng *r, struct sim_traits *t, struct intake *in)
{
    t->odi_percent = clampd(6.5 * t->baseline_pain + rng_normal(r, 0, 8), 4, 90);
    if (rng_chance(r, 0.5)) {
        in->disability = DISABILITY_ODI;
        for (int i = 0; i < ODI_SECTIONS; i++)
            in->odi[i] =
                1u << (int)lround(clampd(t->odi_percent / 20 + rng_normal(r, 0, 0.5), 0, 5));
    } else {
        in->disability = DISABILITY_RMDQ;
        in->n_rmdq = (int)lround(clampd(t->odi_percent * 24 / 100 + rng_normal(r, 0, 1), 0, 24));
        for (int i = 0; i < in->n_rmdq; i++)
            in->rmdq[i] = i + 1;
    }
}

void sim_patient_draw(struct rng *r, struct sim_traits *t, struct intake *in)
{
    memset(t, 0, sizeof(*t));
    memset(in, 0, sizeof(*in));
    t->baseline_pain = clampd(rng_normal(r, 5.8, 1.4), 2.5, 9.5);
    t->floor_pain = clampd(rng_normal(r, 1.2, 0.7), 0, 3);
    draw_group(r, t, in);
    t->effect_max = clampd(rng_normal(r, 0.6, 0.2), 0, 0.95);
    t->dose_half_effect = clampd(rng_normal(r, 25, 8), 8, 60);
    /* The person's own tolerance, drawn without reference to any plan, so that a rule
     * set that starts lower or higher meets the same people: less with more disability,
     * spread about 30 % either way (docs/simulator.md). */
    t->tolerance = TOLERANCE_AT_NO_DISABILITY * (1 - 0.5 * t->odi_percent / 100) *
                   exp(clampd(rng_normal(r, 0, 0.3), -0.7, 0.7));
    t->tolerance_gain = clampd(rng_normal(r, 0.02, 0.008), 0.003, 0.05);
    t->adherence = clampd(rng_normal(r, 0.78, 0.15), 0.2, 0.98);
    t->dropout = clampd(rng_normal(r, 0.003, 0.002), 0, 0.02);
    t->flare_hazard = clampd(rng_normal(r, 1.0 / 60, 1.0 / 150), 0, 0.06);
    t->red_flag_hazard = clampd(rng_normal(r, 0.0004, 0.0003), 0, 0.003);

    in->pain_now = round(clampd(t->baseline_pain + rng_normal(r, 0, 0.5), 0, 10));
    in->has_pain_week_average = true;
    in->pain_week_average = round(clampd(t->baseline_pain, 0, 10));
    draw_disability(r, t, in);
    in->leg_pain = rng_chance(r, 0.3);
    in->pregnant = rng_chance(r, 0.02);
    draw_startback(r, in);
    in->walking_minutes_per_day = rng_chance(r, 0.2) ? 0 : (int)(rng_uniform(r) * 60);
    in->minutes_per_day = INTAKE_MIN_MINUTES_PER_DAY + (int)(rng_uniform(r) * 40);
    in->days_per_week = 3 + (int)(rng_uniform(r) * 5);
    in->preferences.walking = rng_chance(r, 0.8);
    in->preferences.pool_access = rng_chance(r, 0.2);
    in->preferences.yoga = rng_chance(r, 0.25);
    in->preferences.tai_chi = rng_chance(r, 0.1);
    in->preferences.gym_equipment = rng_chance(r, 0.15);
    in->preferences.floor_exercises_ok = rng_chance(r, 0.85);
}
