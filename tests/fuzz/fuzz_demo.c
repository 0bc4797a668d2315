/*
 * fuzz_demo.c: libFuzzer harness for the demonstration parser; a parsed
 * demonstration is also put through the movement checks, which place the
 * figure at every sampled moment (kinematics and inverse kinematics).
 */
#include "compat.h"

#include "core/demo/demo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct demo d;
    struct mrx_err err;

    if (demo_parse((const char *)data, size, "fuzz", &d, &err) != MRX_OK)
        return 0;
    (void)demo_check(&d, 5, true, &err);
    (void)demo_check(&d, 0, false, &err);
    demo_release(&d);
    return 0;
}
