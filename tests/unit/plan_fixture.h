/*
 * plan_fixture.h: a plan made from the shipped data for an intake, triaged
 * for its own red flags, as the plan tests need it (after shipped_data.h
 * and cmocka.h).
 */
#ifndef MOVERX_PLAN_FIXTURE_H
#define MOVERX_PLAN_FIXTURE_H

#include "core/plan/plan.h"
#include "core/triage/triage.h"
#include "shipped_data.h"

/* Makes a plan with a triage of the intake's own red flags. */
static inline struct plan make(const struct intake *in)
{
    struct triage_result t;
    struct plan p;
    struct mrx_err err;
    triage_evaluate(&ds.triage, &in->red_flags, &t);
    if (plan_first(in, &t, &ds.catalog, &ds.program, &p, &err))
        fail_msg("plan_first: %s: %s", err.field, err.msg);
    triage_result_release(&t);
    return p;
}

#endif
