/*
 * shipped_data.h: the shipped data directory as a cmocka group fixture,
 * for the tests that need all of it (plan, adaptation, simulation).
 */
#ifndef MOVERX_SHIPPED_DATA_H
#define MOVERX_SHIPPED_DATA_H

#include "data/datadir.h"
#include "test_helpers.h"

/* The shipped data, loaded once per test group. */
static struct data_set ds;

static int shipped_load(void **state)
{
    struct mrx_err err;
    (void)state;
    if (datadir_load_all(SHIPPED_DATA, &ds, &err)) {
        fprintf(stderr, "%s: %s\n", err.field, err.msg);
        return -1;
    }
    return 0;
}

static int shipped_free(void **state)
{
    (void)state;
    datadir_release_all(&ds);
    return 0;
}

#endif
