/*
 * explain.h: the plain-language "why this plan" text of a first plan.
 *
 * Written for the patient, at school grade 8 or below (the test suite
 * measures it over many intakes): why this shape (the stratum), why this
 * starting level, what was left out and why, how walking starts and grows,
 * and what the care team will do.
 */
#ifndef MOVERX_EXPLAIN_H
#define MOVERX_EXPLAIN_H

#include "core/plan/plan.h"

/* Returns a new string (caller frees). */
char *plan_explain(const struct plan *p, const struct intake *in,
                   const struct triage_result *triage, const struct program *prog);

#endif
