/*
 * catalog.h: the whole exercise library, checked as a set.
 *
 * A catalog owns its exercises (kept sorted by id for stable listings and
 * binary search). Build it with catalog_add() for each parsed exercise, then
 * catalog_check() once: only a checked catalog may be used.
 */
#ifndef MOVERX_CATALOG_H
#define MOVERX_CATALOG_H

#include "compat.h"
#include "common/err.h"
#include "core/catalog/exercise.h"

struct catalog {
    struct exercise *items; /* sorted by id after catalog_check() */
    int n;
    int cap;
};

void catalog_init(struct catalog *cat);

/* Takes ownership of *ex (which is zeroed). */
void catalog_add(struct catalog *cat, struct exercise *ex);

/*
 * Checks the library as a whole: unique ids, links that resolve and are not
 * self-links, progressions no easier and regressions no harder than their
 * source, no loop along progression or regression links, and from every
 * exercise a regression chain that reaches one a person in a bad flare can
 * do (flare advice "ok"). Returns MRX_EDATA naming the exercise.
 */
int catalog_check(struct catalog *cat, struct mrx_err *err);

/* Sorts the exercises by id; catalog_check() calls it before any lookup. */
void catalog_sort(struct catalog *cat);

/* The exercise with this id, or NULL. Needs a sorted catalog. */
const struct exercise *catalog_find(const struct catalog *cat, const char *id);

/* Whether a and b are on one chain: one leads to the other by progressions or by
 * regressions (an exercise is on its own chain). */
bool catalog_same_chain(const struct catalog *cat, const struct exercise *a,
                        const struct exercise *b);

void catalog_release(struct catalog *cat);

#endif
