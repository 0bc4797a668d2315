/*
 * fuzz_answers.c: libFuzzer harness for triage answers and intake documents,
 * evaluated against a small fixed rule set that uses every condition kind,
 * every group-wide feature (a combination, a psychosocial rule, a scope
 * rule that starts no program), the merging of remembered answers and the
 * dropping of what a triage already acted on.
 */
#include "compat.h"

#include "common/jsonx.h"
#include "core/triage/triage.h"
#include "formats/triage_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules_text[] =
    "{\"ruleset\":\"fuzz\",\"version\":\"1\",\"rules\":["
    "{\"id\":\"a\",\"group\":\"infection\",\"tier\":\"routine\",\"when\":{\"all\":["
    "{\"field\":\"age\",\"gt\":50},{\"field\":\"temperature_c\",\"ge\":38}]},"
    "\"patient_message\":\"p\",\"clinician_message\":\"c\",\"citation\":\"x\"},"
    "{\"id\":\"b\",\"group\":\"fracture\",\"tier\":\"emergency\",\"when\":{\"all\":["
    "{\"field\":\"trauma\",\"eq\":\"minor\"},{\"not\":{\"field\":\"osteoporosis\",\"is\":"
    "false}}]},\"patient_message\":\"p\",\"clinician_message\":\"c\",\"citation\":\"x\"},"
    "{\"id\":\"c\",\"group\":\"infection\",\"tier\":\"urgent\",\"when\":{\"fired\":"
    "{\"group\":\"infection\",\"at_least\":1}},\"patient_message\":\"p\","
    "\"clinician_message\":\"c\",\"citation\":\"x\"},"
    "{\"id\":\"d\",\"group\":\"psychosocial\",\"tier\":\"routine\",\"when\":{\"field\":"
    "\"struggling_to_cope\",\"is\":true},\"patient_message\":\"p\",\"clinician_message\":"
    "\"c\",\"citation\":\"x\"},"
    "{\"id\":\"e\",\"group\":\"scope\",\"tier\":\"urgent\",\"program\":\"not_started\","
    "\"when\":{\"field\":\"age\",\"lt\":16},\"patient_message\":\"p\","
    "\"clinician_message\":\"c\",\"citation\":\"x\"}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct triage_ruleset rs;
    static bool loaded;
    struct triage_answers answers;
    struct triage_result r;
    struct mrx_err err;
    json_t *doc;

    if (!loaded) {
        if (triage_ruleset_parse(rules_text, strlen(rules_text), "fuzz", &rs, &err))
            abort();
        loaded = true;
    }
    if (jsonx_parse((const char *)data, size, "fuzz", MRX_EINVAL, &doc, &err))
        return 0;
    if (triage_answers_from_document(doc, &answers, &err) == MRX_OK) {
        /* And as a later triage's, with themselves remembered too, at either
         * age a birth year allows. */
        struct triage_result all;
        triage_evaluate(&rs, &answers, &r);
        (void)triage_red_flag_tier(&r);
        triage_result_release(&r);
        answers.age_from_birth_year = true;
        triage_evaluate_later(&rs, &answers, &answers, NULL, &r, &all);
        triage_result_release(&r);
        triage_result_release(&all);
    }
    json_decref(doc);
    return 0;
}
