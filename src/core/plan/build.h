/*
 * build.h: the steps of making a plan, for the plan's own files (plan.c
 * builds, omissions.c prices what was left out, course_lessons.c schedules
 * the lessons); others call plan_first or plan_restart (plan.h).
 */
#ifndef MOVERX_PLAN_BUILD_H
#define MOVERX_PLAN_BUILD_H

#include "core/plan/plan.h"

/* The plan for the intake, without its explanation or the prices of what was left out. */
int plan_build(const struct intake *in, const struct triage_result *triage,
               const struct catalog *cat, const struct program *prog, const struct plan_seed *seeds,
               int n_seeds, struct plan *out, struct mrx_err *err);

/* Each preference left out for time gets the exact minutes a day that would bring it in
 * (0 when nothing up to four hours would). */
void plan_price_omissions(struct plan *out, const struct intake *in,
                          const struct triage_result *triage, const struct catalog *cat,
                          const struct program *prog, const struct plan_seed *seeds, int n_seeds);

/* Each PSFS activity of the intake matched in the goal table (plan_goals.c), before the
 * slots are filled; and, once they are, each goal linked to the items that train it. */
void plan_match_goals(struct plan *p, const struct intake *in, const struct program *prog);
void plan_link_goals(struct plan *p);

/* The course's lessons for the plan: settle's daily ones (with a later phase's lesson
 * brought in early when one of the person's goals asks for it), then one a week
 * (course_lessons.c). Needs the plan's stratum and matched goals. */
void plan_schedule_lessons(struct plan *p, const struct program *prog, const struct intake *in);

/* The first plan's walks from the walking the person does (walking.c), and one step less
 * of them when the day is full (false at the floor of 2 short walks). */
void plan_walking(struct plan *p, const struct intake *in, const struct walking_config *w);
bool plan_walking_trim(struct plan *p, const struct walking_config *w);

#endif
