/*
 * fuzz_answers.c: libFuzzer harness for triage answers and intake documents,
 * evaluated against a small fixed rule set that uses every condition kind.
 */
#include "compat.h"

#include "common/jsonx.h"
#include "core/triage/triage.h"
#include "formats/triage_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules_text[] =
    "{\"ruleset\":\"fuzz\",\"version\":\"1\",\"rules\":["
    "{\"id\":\"a\",\"tier\":\"routine\",\"when\":{\"any\":[{\"field\":\"age\",\"gt\":50},"
    "{\"field\":\"temperature_c\",\"ge\":38}]},\"patient_message\":\"p\","
    "\"clinician_message\":\"c\",\"citation\":\"x\"},"
    "{\"id\":\"b\",\"tier\":\"emergency\",\"when\":{\"all\":[{\"field\":\"trauma\",\"eq\":"
    "\"minor\"},{\"not\":{\"field\":\"osteoporosis\",\"is\":false}}]},\"patient_message\":\"p\","
    "\"clinician_message\":\"c\",\"citation\":\"x\"},"
    "{\"id\":\"c\",\"tier\":\"urgent\",\"when\":{\"fired\":{\"tier\":\"routine\",\"at_least\":1}},"
    "\"patient_message\":\"p\",\"clinician_message\":\"c\",\"citation\":\"x\"}]}";

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
        triage_evaluate(&rs, &answers, &r);
        triage_result_release(&r);
    }
    json_decref(doc);
    return 0;
}
