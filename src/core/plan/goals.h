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

#define GOAL_MAX_MATCHES 3 /* "lifting my kids in the garden": lifting and gardening */

/*
 * The table's entries for an activity in the person's words, in the
 * table's order, at most max: those with a keyword that is a word of it, in
 * one of its forms (case aside; "sit" matches "sitting", not "site"; a
 * keyword of several words, "out of bed", matches them in a row). Returns
 * how many; 0: outside the table.
 */
int goal_match(const struct goal_table *t, const char *activity, const struct goal_activity **out,
               int max);

/*
 * Whether an exercise trains a goal: the entry names it, or (with a catalog) one of its
 * easier versions of the same kind, so a harder version a course stepped to still counts.
 * (Not across kinds: the library's chains go from one kind of move to another, pelvic tilt
 * to bridge, and a bridge does not train what a pelvic tilt trains.)
 */
bool goal_trained_by(const struct goal_activity *g, const struct exercise *ex,
                     const struct catalog *cat);
/* Where the entry's list of what trains it names the exercise (or, for a
 * routine, its first move it names): 0 the most specific; -1 not at all. */
int goal_train_rank(const struct goal_activity *g, const struct exercise *ex);

#endif
