/*
 * patient.c: organizations and patient records (see records.h).
 */
#include "compat.h"

#include "records/internal.h"

int records_org_add(const struct records *r, const char *name, json_t **out, struct mrx_err *err)
{
    struct org_rec o = {.name = name};
    int rc;

    if ((rc = records_check_name(name, "--name", err)))
        return rc;
    snprintf(o.created_at, sizeof(o.created_at), "%s", r->now);
    if ((rc = store_new_id(o.id, err)) || (rc = store_org_add(r->store, &o, err)))
        return rc;
    *out = json_pack("{ss}", "id", o.id);
    return MRX_OK;
}

int records_patient_add(const struct records *r, const char *org_id, const char *name,
                        int birth_year, json_t **out, struct mrx_err *err)
{
    struct patient_rec p = {.name = name, .birth_year = birth_year};
    struct org_rec org;
    int rc;

    if ((rc = records_check_name(name, "--name", err)))
        return rc;
    if (birth_year < 1900 || birth_year > 2200)
        return mrx_err_set(err, MRX_EINVAL, "--birth-year", "must be 1900..2200, got '%d'",
                           birth_year);
    rc = org_id ? store_org_get(r->store, org_id, &org, err)
                : store_org_default(r->store, &org, err);
    if (rc)
        return rc == MRX_ENOTFOUND ? mrx_err_set(err, MRX_ENOTFOUND, "--org",
                                                 "no organization '%s'", org_id ? org_id : "")
                                   : rc;
    snprintf(p.org_id, sizeof(p.org_id), "%s", org.id);
    snprintf(p.created_at, sizeof(p.created_at), "%s", r->now);
    if ((rc = store_new_id(p.id, err)) || (rc = store_patient_add(r->store, &p, err)) ||
        (rc = audit(r, p.org_id, "patient.create", p.id, err)))
        return rc;
    *out = json_pack("{ss}", "id", p.id);
    return MRX_OK;
}
