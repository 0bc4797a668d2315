/*
 * goals.h: the person's goals (their PSFS activities) linked to what in
 * the plan trains them, by the program's goal table (docs/plan.md "Goals").
 * Pure: no I/O.
 */
#ifndef MOVERX_GOALS_H
#define MOVERX_GOALS_H

#include "compat.h"
#include "core/catalog/catalog.h"
#include "core/plan/program.h"

/*
 * The table's entry for an activity in the person's words: the first entry
 * one of whose keywords starts a word of it (case aside), or NULL.
 */
const struct goal_activity *goal_match(const struct goal_table *t, const char *activity);

/*
 * Whether an exercise trains a goal: the entry names it. (Only by name: the
 * library's chains cross from one kind of move to another, pelvic tilt to
 * bridge, so the table names each version that trains the goal.)
 */
bool goal_trained_by(const struct goal_activity *g, const struct exercise *ex);

#endif
