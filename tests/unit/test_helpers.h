/*
 * test_helpers.h: small helpers shared by the unit tests: loading the
 * shipped data directory and parsing JSON literals.
 */
#ifndef MOVERX_TEST_HELPERS_H
#define MOVERX_TEST_HELPERS_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#define SHIPPED_DATA MOVERX_SOURCE_DIR "/data"

/* Parses a JSON literal, failing the test on a syntax error. */
static inline json_t *json_lit(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j) {
        fprintf(stderr, "bad JSON in test: %s: %s\n", text, e.text);
        abort();
    }
    return j;
}

#endif
