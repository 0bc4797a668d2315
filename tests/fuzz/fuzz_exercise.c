/*
 * fuzz_exercise.c: libFuzzer harness for the exercise file parser; a parsed
 * exercise is also put through the library checks on its own.
 */
#include "compat.h"

#include "core/catalog/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct exercise ex;
    struct catalog cat;
    struct mrx_err err;

    if (exercise_parse((const char *)data, size, "fuzz", NULL, &ex, &err) != MRX_OK)
        return 0;
    catalog_init(&cat);
    catalog_add(&cat, &ex);
    (void)catalog_check(&cat, &err);
    catalog_release(&cat);
    return 0;
}
