/*
 * omissions.c: what would bring in a preference the plan left out for
 * time. The plan is built again with each minute a day more until it is in
 * (plan.h, struct omission): a count taken while filling would be wrong,
 * since with more time the walks and the doses before it take some of it
 * too (a physiotherapist found "with about 25 minutes a day, it would" when
 * 26 were needed).
 */
#include "compat.h"

#include "core/plan/build.h"

#define NEED_SEARCH_MAX_MINUTES 240 /* beyond four hours a day, "more time" is not the answer */

void plan_price_omissions(struct plan *out, const struct intake *in,
                          const struct triage_result *triage, const struct catalog *cat,
                          const struct program *prog, const struct plan_seed *seeds, int n_seeds)
{
    for (int i = 0; i < out->n_omitted; i++) {
        struct omission *o = &out->omitted[i];
        if (o->why != OMIT_NO_TIME)
            continue;
        o->number = 0;
        for (int m = in->minutes_per_day + 1; m <= NEED_SEARCH_MAX_MINUTES && !o->number; m++) {
            struct intake more = *in;
            struct plan p;
            struct mrx_err err;
            bool in_plan = false, other_reason = false;
            more.minutes_per_day = m;
            if (plan_build(&more, triage, cat, prog, seeds, n_seeds, &p, &err)) {
                plan_release(&p); /* what it had made before it stopped */
                break;
            }
            for (int k = 0; k < p.n_items; k++)
            in_plan |= p.items[k].slot->requires == o->preference;
            for (int k = 0; k < p.n_omitted; k++)
                other_reason |=
                    p.omitted[k].preference == o->preference && p.omitted[k].why != OMIT_NO_TIME;
            plan_release(&p);
            if (in_plan)
                o->number = m;
            else if (other_reason)
                break; /* with this much time, something else keeps it out: no number is true */
        }
    }
}
