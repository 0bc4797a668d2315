/*
 * datadir.c: locating the data directory and loading its files into the
 * core's structures (see datadir.h). The only I/O is here; parsing and
 * checking belong to the core.
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/xalloc.h"
#include "data/datadir.h"
#include "data/fileio.h"

#ifndef MOVERX_DATA_DIR
#define MOVERX_DATA_DIR "data"
#endif

const char *datadir_resolve(const char *flag)
{
    const char *env = getenv("MOVERX_DATA");

    if (flag && *flag)
        return flag;
    if (env && *env)
        return env;
    return MOVERX_DATA_DIR;
}

int datadir_load_triage(const char *datadir, const char *path, struct triage_ruleset *out,
                        struct mrx_err *err)
{
    char def[4096];
    char *text;
    size_t len;
    int rc;

    if (!path) {
        snprintf(def, sizeof(def), "%s/rules/triage.json", datadir);
        path = def;
    }
    if ((rc = file_read_all(path, MRX_EDATA, &text, &len, err)))
        return rc;
    rc = triage_ruleset_parse(text, len, path, out, err);
    free(text);
    return rc;
}

static int load_exercise(const char *dir, const char *name, struct catalog *cat,
                         struct mrx_err *err)
{
    char path[4096];
    char *text, *id = xstrndup(name, strlen(name) - strlen(".json"));
    struct exercise ex;
    size_t len;
    int rc;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    rc = file_read_all(path, MRX_EDATA, &text, &len, err);
    if (!rc) {
        rc = exercise_parse(text, len, path, id, &ex, err);
        free(text);
    }
    if (!rc)
        catalog_add(cat, &ex);
    free(id);
    return rc;
}

/* Gives each exercise the demonstration in <dir>/demos/<id>.json; a demonstration of
 * an exercise the library lacks is an error. A library without demos/ has none. */
static int load_demos(const char *dir, struct catalog *cat, struct mrx_err *err)
{
    char demos[4096], path[4200];
    char **names;
    int n, rc;

    snprintf(demos, sizeof(demos), "%s/demos", dir);
    if (!dir_exists(demos))
        return MRX_OK;
    if ((rc = dir_list(demos, ".json", &names, &n, err)))
        return rc;
    catalog_sort(cat);
    for (int i = 0; i < n && !rc; i++) {
        char *id = xstrndup(names[i], strlen(names[i]) - strlen(".json"));
        struct exercise *ex = (struct exercise *)catalog_find(cat, id);
        char *text;
        size_t len;

        snprintf(path, sizeof(path), "%s/%s", demos, names[i]);
        if (!ex)
            rc = mrx_err_set(err, MRX_EDATA, path,
                             "a demonstration of '%s', which the library lacks", id);
        else if (!(rc = file_read_all(path, MRX_EDATA, &text, &len, err))) {
            ex->demo = xcalloc(1, sizeof(*ex->demo));
            rc = demo_parse(text, len, path, ex->demo, err);
            free(text);
            if (rc) {
                free(ex->demo);
                ex->demo = NULL;
            }
        }
        free(id);
    }
    names_free(names, n);
    return rc;
}

int datadir_load_catalog(const char *datadir, struct catalog *out, struct mrx_err *err)
{
    char dir[4096];
    char **names;
    int n, rc;

    catalog_init(out);
    snprintf(dir, sizeof(dir), "%s/exercises", datadir);
    if ((rc = dir_list(dir, ".json", &names, &n, err)))
        return rc;
    for (int i = 0; i < n && !rc; i++)
        rc = load_exercise(dir, names[i], out, err);
    names_free(names, n);
    if (!rc && out->n == 0)
        rc = mrx_err_set(err, MRX_EDATA, dir, "no exercises found");
    if (!rc)
        rc = load_demos(dir, out, err);
    if (!rc && (rc = catalog_check(out, err)))
        mrx_err_prefix(err, "%s", dir);
    if (rc)
        catalog_release(out);
    return rc;
}

int datadir_load_lessons(const char *datadir, struct lesson_set *out, struct mrx_err *err)
{
    char dir[4096], path[4200];
    char **names;
    int n, rc;

    lesson_set_init(out);
    snprintf(dir, sizeof(dir), "%s/lessons", datadir);
    if ((rc = dir_list(dir, ".md", &names, &n, err)))
        return rc;
    for (int i = 0; i < n && !rc; i++) {
        char *text;
        size_t len;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if ((rc = file_read_all(path, MRX_EDATA, &text, &len, err)))
            break;
        rc = lesson_set_add(out, names[i], text, len, path, err);
        free(text);
    }
    names_free(names, n);
    if (!rc && out->n == 0)
        rc = mrx_err_set(err, MRX_EDATA, dir, "no lessons found");
    if (rc)
        lesson_set_release(out);
    return rc;
}

int datadir_load_program(const char *datadir, const struct catalog *cat,
                         const struct lesson_set *lessons, struct program *out, struct mrx_err *err)
{
    const char *ids[PROGRAM_MAX_LESSONS * 4];
    char path[4096];
    char *text;
    size_t len;
    int rc, n = 0;

    snprintf(path, sizeof(path), "%s/plan/program.json", datadir);
    if ((rc = file_read_all(path, MRX_EDATA, &text, &len, err)))
        return rc;
    rc = program_parse(text, len, path, out, err);
    free(text);
    if (rc)
        return rc;
    for (int i = 0; i < lessons->n && n < (int)MRX_ARRAY_LEN(ids); i++)
        ids[n++] = lessons->items[i].id;
    if ((rc = program_check(out, cat, ids, n, err))) {
        mrx_err_prefix(err, "%s", path);
        program_release(out);
    }
    return rc;
}

int datadir_load_adapt(const char *datadir, struct adapt_rules *out, struct mrx_err *err)
{
    char path[4096];
    char *text;
    size_t len;
    int rc;

    snprintf(path, sizeof(path), "%s/rules/adapt.json", datadir);
    if ((rc = file_read_all(path, MRX_EDATA, &text, &len, err)))
        return rc;
    rc = adapt_rules_parse(text, len, path, out, err);
    free(text);
    return rc;
}

void datadir_release_all(struct data_set *d)
{
    if (d->loaded >= 5)
        adapt_rules_release(&d->adapt);
    if (d->loaded >= 4)
        triage_ruleset_release(&d->triage);
    if (d->loaded >= 3)
        program_release(&d->program);
    if (d->loaded >= 2)
        lesson_set_release(&d->lessons);
    if (d->loaded >= 1)
        catalog_release(&d->catalog);
    d->loaded = 0;
}

int datadir_load_all(const char *datadir, struct data_set *out, struct mrx_err *err)
{
    int rc;

    memset(out, 0, sizeof(*out));
    if (!(rc = datadir_load_catalog(datadir, &out->catalog, err)) && ++out->loaded &&
        !(rc = datadir_load_lessons(datadir, &out->lessons, err)) && ++out->loaded &&
        !(rc = datadir_load_program(datadir, &out->catalog, &out->lessons, &out->program, err)) &&
        ++out->loaded && !(rc = datadir_load_triage(datadir, NULL, &out->triage, err)) &&
        ++out->loaded && !(rc = datadir_load_adapt(datadir, &out->adapt, err)))
        ++out->loaded;
    if (rc)
        datadir_release_all(out);
    return rc;
}
