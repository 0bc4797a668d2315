/*
 * access.c: who may see which patient, the records context of a call, and
 * writes through the writer (see api_internal.h).
 *
 * Refusals say 404, exactly as for a patient that does not exist, so that
 * no caller learns which ids are real; the audit trail still records them.
 */
#include "compat.h"

#include "api/api_internal.h"

static int audit_to_queue(void *ctx, const struct audit_rec *a, struct mrx_err *err)
{
    (void)err;
    writer_audit(ctx, a);
    return MRX_OK;
}

struct records call_records(struct call *c, struct store *s, bool read)
{
    struct records r = {s,
                        c->api->data,
                        c->now,
                        c->who.signed_in ? c->who.user.id : "anonymous",
                        c->client,
                        read ? audit_to_queue : NULL,
                        read ? c->api->writer : NULL,
                        read ? NULL : c->api->memo}; /* writes run on the writer's thread only */
    return r;
}

void call_audit(struct call *c, const char *org_id, const char *action, const char *patient_id,
                const char *outcome)
{
    struct audit_rec a = {org_id ? org_id : "*",
                          c->now,
                          c->who.signed_in ? c->who.user.id : "anonymous",
                          c->client,
                          action,
                          patient_id,
                          outcome};
    writer_audit(c->api->writer, &a);
}

/* Whether the user is on the patient's care team: as kept at the accounts
 * revision of this request's snapshot, else from the store (auth_cache.h). */
static int care_member(struct call *c, const char *org_id, const char *patient_id,
                       const char *user_id, bool *member, struct mrx_err *err)
{
    int rc;

    if (c->auth_rev_known &&
        auth_cache_member_get(c->api->auth, org_id, patient_id, user_id, c->auth_rev, member))
        return MRX_OK;
    rc = store_care_member(c->rs, org_id, patient_id, user_id, member, err);
    if (rc == MRX_OK && c->auth_rev_known)
        auth_cache_member_put(c->api->auth, org_id, patient_id, user_id, c->auth_rev, *member);
    return rc;
}

bool access_patient(struct call *c, const char *patient_id, const char *action,
                    struct patient_rec *out)
{
    const struct user_rec *u = &c->who.user;
    struct patient_rec p;
    struct mrx_err err;
    bool ok = false, member = false;
    int rc = store_patient_get(c->rs, patient_id, &p, &err);

    if (rc) { /* a missing patient or alert is a 404, as for one not the caller's */
        reply_mrx(c, rc, &err);
        return false;
    }
    if (strcmp(p.org_id, u->org_id) == 0) {
        switch (u->role) {
        case ROLE_PATIENT:
            ok = strcmp(u->patient_id, p.id) == 0;
            break;
        case ROLE_CLINICIAN:
            rc = care_member(c, p.org_id, p.id, u->id, &member, &err);
            ok = rc == MRX_OK && member;
            break;
        case ROLE_ADMIN:
            ok = true;
            break;
        }
    }
    if (!ok) {
        call_audit(c, p.org_id, action, p.id, "denied");
        reply_not_found(c);
        return false;
    }
    if (out)
        *out = p; /* name points into the store: valid until its next call */
    return true;
}

bool call_write(struct call *c, write_fn fn, void *arg, const char *org_id, const char *action,
                const char *patient_id)
{
    struct mrx_err err;
    int rc;

    mrx_err_clear(&err);
    rc = writer_run(c->api->writer, fn, arg, &err);
    if (rc == MRX_OK)
        return true;
    if (patient_id)
        call_audit(c, org_id, action, patient_id, rc == MRX_EINVAL ? "invalid" : "failed");
    reply_mrx(c, rc, &err);
    return false;
}
