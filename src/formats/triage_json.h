/*
 * triage_json.h: reading triage answers from a JSON document and writing a
 * triage result as JSON (CONTRACT.md "Red-flag triage"). Shared by the
 * command line and, later, the server.
 */
#ifndef MOVERX_TRIAGE_JSON_H
#define MOVERX_TRIAGE_JSON_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"
#include "core/triage/triage.h"

/*
 * Reads answers from a document that is either an object of triage answers
 * or a whole intake (an object with "red_flags" or any other field only an
 * intake has); for an intake, the top-level "age" is used when red_flags has
 * none. The other intake fields are the plan engine's to check. Bad input is MRX_EINVAL
 * naming the field.
 */
int triage_answers_from_document(const json_t *doc, struct triage_answers *out,
                                 struct mrx_err *err);

/* {"tier":..,"program":..,"reasons":[{"rule","tier","group","message",
 * "clinician_message","citation"}]} as a new reference. */
json_t *triage_result_to_json(const struct triage_result *r);

#endif
