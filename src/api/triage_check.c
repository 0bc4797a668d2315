/*
 * triage_check.c: POST /api/v1/triage, the red-flag answers triaged and
 * nothing stored. The intake asks the red-flag questions before anything
 * else and must show the emergency screen the moment an answer calls for it,
 * before the rest of the intake is filled in; recording the intake is a
 * separate write, which the app makes at once for an emergency.
 */
#include "compat.h"

#include <stdlib.h>

#include "api/api_internal.h"
#include "common/date.h"
#include "formats/triage_json.h"

static const struct field_spec triage_fields[] = {
    {"red_flags", F_OBJECT, true, 0, 0},
    {"age", F_INT, false, 0, 120},
    {NULL, F_STRING, false, 0, 0},
};

/* A patient's own answers without an age: the record's, from the birth year
 * (both ages it allows), as the intake itself will take it. */
static void own_age(struct call *c, struct triage_answers *a)
{
    struct patient_rec p;
    char date[16];

    if (c->who.user.role != ROLE_PATIENT || !c->who.user.patient_id[0] ||
        store_patient_get(c->rs, c->who.user.patient_id, &p, NULL) != MRX_OK)
        return;
    date_format(c->today, date, sizeof(date));
    triage_answers_age_from_birth_year(a, p.birth_year, (int)strtol(date, NULL, 10));
}

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
        own_age(c, &answers);
        triage_evaluate(&c->api->data->triage, &answers, &t);
        reply_json(c, 200, triage_result_to_json(&t));
        triage_result_release(&t);
    }
    json_decref(body);
}
