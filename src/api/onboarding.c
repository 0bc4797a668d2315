/*
 * onboarding.c: bringing people in and out without the command line: a new
 * patient record (a clinician who makes one joins its care team), a
 * clinician put on a patient's care team, an account disabled or enabled
 * again. Invitations (admin.c) then let each person set a password.
 */
#include "compat.h"

#include "api/api_internal.h"

/* ==================== A new patient record ==================== */

struct patient_job {
    struct call *c;
    const char *name;
    int birth_year;
    json_t *out;
};

static int run_patient_add(struct store *s, void *arg, struct mrx_err *err)
{
    struct patient_job *j = arg;
    const struct user_rec *u = &j->c->who.user;
    struct records r = call_records(j->c, s, false);
    json_t *care = NULL;
    int rc = records_patient_add(&r, u->org_id, j->name, j->birth_year, &j->out, err);

    /* In the same transaction: the record never exists without its clinician. */
    if (rc == MRX_OK && u->role == ROLE_CLINICIAN) {
        rc = records_care_add(&r, json_string_value(json_object_get(j->out, "id")), u->id, &care,
                              err);
        json_decref(care);
    }
    if (rc == MRX_OK) {
        json_object_set_new(j->out, "name", json_string(j->name));
        json_object_set_new(j->out, "birth_year", json_integer(j->birth_year));
        json_object_set_new(j->out, "care_team",
                            u->role == ROLE_CLINICIAN ? json_pack("[s]", u->id) : json_array());
    } else {
        json_decref(j->out);
        j->out = NULL;
    }
    return rc;
}

static const struct field_spec patient_fields[] = {
    {"name", F_STRING, true, 1, 200},
    {"birth_year", F_INT, true, 1900, 2200},
    {NULL, F_STRING, false, 0, 0},
};

void h_patient_add(struct call *c)
{
    json_t *body = body_object(c, patient_fields);
    struct patient_job j = {.c = c};

    if (!body)
        return;
    j.name = body_str(body, "name");
    j.birth_year = (int)body_int(body, "birth_year", 0);
    if (call_write(c, run_patient_add, &j, c->who.user.org_id, "patient.create", NULL))
        reply_json(c, 201, j.out);
    json_decref(body);
}

/* ==================== The care team ==================== */

struct care_job {
    struct call *c;
    const char *patient_id, *clinician;
    json_t *out;
};

static int run_care_add(struct store *s, void *arg, struct mrx_err *err)
{
    struct care_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_care_add(&r, j->patient_id, j->clinician, &j->out, err);
}

static const struct field_spec care_fields[] = {
    {"clinician", F_STRING, true, 1, 64},
    {NULL, F_STRING, false, 0, 0},
};

/* An admin puts a clinician of the organization on a patient's care team. */
void h_care_add(struct call *c)
{
    json_t *body = body_object(c, care_fields);
    struct care_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (!body)
        return;
    j.clinician = body_str(body, "clinician");
    if (access_patient(c, j.patient_id, "care_team.add", &p)) {
        snprintf(org, sizeof(org), "%s", p.org_id);
        if (call_write(c, run_care_add, &j, org, "care_team.add", j.patient_id))
            reply_json(c, json_is_true(json_object_get(j.out, "added")) ? 201 : 200, j.out);
    }
    json_decref(body);
}

static int run_care_remove(struct store *s, void *arg, struct mrx_err *err)
{
    struct care_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_care_remove(&r, j->patient_id, j->clinician, &j->out, err);
}

/* An admin takes a clinician off a patient's care team: their access ends at once. */
void h_care_remove(struct call *c)
{
    struct care_job j = {.c = c, .patient_id = c->params[0], .clinician = c->params[1]};
    struct patient_rec p;
    char org[STORE_ID_SIZE];

    if (access_patient(c, j.patient_id, "care_team.remove", &p)) {
        snprintf(org, sizeof(org), "%s", p.org_id);
        if (call_write(c, run_care_remove, &j, org, "care_team.remove", j.patient_id))
            reply_json(c, 200, j.out);
    }
}

/* ==================== Disabling an account ==================== */

struct disable_job {
    struct call *c;
    const char *user_id;
    bool disabled;
    json_t *out;
};

static int run_disable(struct store *s, void *arg, struct mrx_err *err)
{
    struct disable_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_user_set_disabled(&r, j->c->who.user.org_id, j->user_id, j->disabled, &j->out,
                                     err);
}

static const struct field_spec user_fields[] = {
    {"disabled", F_BOOL, true, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

/* An admin disables an account of the organization (or enables it again);
 * another organization's account is a 404, like an unknown id. */
void h_user_update(struct call *c)
{
    json_t *body = body_object(c, user_fields);
    struct disable_job j = {.c = c, .user_id = c->params[0]};

    if (!body)
        return;
    j.disabled = body_bool(body, "disabled");
    if (call_write(c, run_disable, &j, c->who.user.org_id,
                   j.disabled ? "user.disable" : "user.enable", NULL))
        reply_json(c, 200, j.out);
    json_decref(body);
}
