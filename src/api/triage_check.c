/*
 * triage_check.c: POST /api/v1/triage, the red-flag answers triaged and
 * nothing stored. The intake asks the red-flag questions before anything
 * else and must show the emergency screen the moment an answer calls for it,
 * before the rest of the intake is filled in; recording the intake is a
 * separate write, which the app makes at once for an emergency.
 */
#include "compat.h"

#include "api/api_internal.h"
#include "formats/triage_json.h"

static const struct field_spec triage_fields[] = {
    {"red_flags", F_OBJECT, true, 0, 0},
    {"age", F_INT, false, 0, 120},
    {NULL, F_STRING, false, 0, 0},
};

void h_triage(struct call *c)
{
    json_t *body = body_object(c, triage_fields);
    struct triage_answers answers;
    struct triage_result t = {0};
    struct mrx_err err;
    int rc;

    if (!body)
        return;
    if ((rc = triage_answers_from_document(body, &answers, &err))) {
        reply_mrx(c, rc, &err);
    } else {
        triage_evaluate(&c->api->data->triage, &answers, &t);
        reply_json(c, 200, triage_result_to_json(&t));
        triage_result_release(&t);
    }
    json_decref(body);
}
