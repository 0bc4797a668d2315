/*
 * datadir.h: finding and loading MoveRx's data directory (exercises,
 * lessons, rules).
 *
 * The directory is, in order: the --data flag, the MOVERX_DATA environment
 * variable, or the default compiled in (the source tree's data/ for a
 * developer build, the install prefix's share/moverx for a package).
 * Loading validates everything; one bad file fails the whole load with the
 * file, the item and the reason.
 */
#ifndef MOVERX_DATADIR_H
#define MOVERX_DATADIR_H

#include "compat.h"
#include "common/err.h"
#include "core/adapt/adapt.h"
#include "core/catalog/catalog.h"
#include "core/plan/program.h"
#include "core/triage/triage.h"
#include "formats/lesson.h"

/* The data directory to use; `flag` is the --data value or NULL. Not owned. */
const char *datadir_resolve(const char *flag);

/* Loads `path`, or <datadir>/rules/triage.json when path is NULL. */
int datadir_load_triage(const char *datadir, const char *path, struct triage_ruleset *out,
                        struct mrx_err *err);

/* Loads and checks every <datadir>/exercises/<id>.json. */
int datadir_load_catalog(const char *datadir, struct catalog *out, struct mrx_err *err);

/* Loads every <datadir>/lessons/NN-<id>.md in file-name order. */
int datadir_load_lessons(const char *datadir, struct lesson_set *out, struct mrx_err *err);

/* Loads and checks <datadir>/rules/adapt.json. */
int datadir_load_adapt(const char *datadir, struct adapt_rules *out, struct mrx_err *err);

/*
 * Loads <datadir>/plan/program.json and checks it against the catalog and
 * lessons given (which must already be loaded).
 */
int datadir_load_program(const char *datadir, const struct catalog *cat,
                         const struct lesson_set *lessons, struct program *out,
                         struct mrx_err *err);

/* Everything in a data directory, loaded and cross-checked together. */
struct data_set {
    struct catalog catalog;
    struct lesson_set lessons;
    struct program program;
    struct triage_ruleset triage;
    struct adapt_rules adapt;
    int loaded; /* how many of the above are live, in this order */
};

/* Loads all of it; on error everything loaded so far is released. */
int datadir_load_all(const char *datadir, struct data_set *out, struct mrx_err *err);
void datadir_release_all(struct data_set *d);

#endif
