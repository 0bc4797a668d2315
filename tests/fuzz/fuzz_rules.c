/*
 * fuzz_rules.c: libFuzzer harness for the triage rule-set parser. Any bytes
 * must give either a checked rule set or an error, never a crash or a leak.
 */
#include "compat.h"

#include "core/triage/triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct triage_ruleset rs;
    struct mrx_err err;

    if (triage_ruleset_parse((const char *)data, size, "fuzz", &rs, &err) == MRX_OK) {
        struct triage_answers none = {0};
        struct triage_result r;
        triage_evaluate(&rs, &none, &r);
        triage_result_release(&r);
        triage_ruleset_release(&rs);
    }
    return 0;
}
