/*
 * plan_goals.c: the person's goals in their plan (see build.h, docs/plan.md
 * "Goals"): each PSFS activity matched in the goal table before the slots
 * are filled, so that a slot can choose what trains it, and linked to the
 * items that train it once the plan is made.
 */
#include "compat.h"

#include "common/xalloc.h"
#include "core/plan/build.h"
#include "core/plan/goals.h"

/* Each PSFS activity matched in the goal table, before the slots are filled,
 * so that a slot can choose what trains the person's goals. */
void plan_match_goals(struct plan *p, const struct intake *in, const struct program *prog)
{
    for (int k = 0; k < in->n_psfs && k < PSFS_MAX_ACTIVITIES; k++) {
        struct plan_goal *g = &p->goals[p->n_goals++];
        g->activity = xstrdup(in->psfs[k].activity);
        g->n_match = goal_match(&prog->goals, g->activity, g->match, GOAL_MAX_MATCHES);
        for (int m = 0; m < g->n_match; m++)
            g->walking |= g->match[m]->walking;
    }
}

/* Each goal linked to the items that train it. */
void plan_link_goals(struct plan *p)
{
    for (int k = 0; k < p->n_goals; k++) {
        struct plan_goal *g = &p->goals[k];
        for (int m = 0; m < g->n_match; m++)
            for (int i = 0; i < p->n_items; i++)
                if (goal_trained_by(g->match[m], p->items[i].exercise, NULL))
                    g->items |= 1u << i;
    }
}
