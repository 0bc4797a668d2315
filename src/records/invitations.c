/*
 * invitations.c: accounts that set their own password through a one-time
 * link, the list of an organization's accounts, and its settings (records.h).
 */
#include "compat.h"

#include "records/internal.h"

/*
 * The account an invitation is for: a new one, or the same account invited
 * before that has not set its password yet (the new link replaces the old,
 * which stops working). Anything else with that address is a conflict.
 */
static int invitee(const struct records *r, const char *org_id, enum user_role role,
                   const char *email, const char *patient_id, char id[STORE_ID_SIZE],
                   bool *reissued, struct mrx_err *err)
{
    struct user_rec u;
    json_t *user = NULL;
    char addr[256];
    int rc;

    *reissued = false;
    if ((rc = email_normal(email, addr, sizeof(addr), err)))
        return rc;
    rc = store_user_by_email(r->store, addr, &u, err);
    if (rc == MRX_OK && strcmp(u.org_id, org_id) == 0 && !u.password_hash && !u.disabled &&
        u.role == role && strcmp(u.patient_id, patient_id ? patient_id : "") == 0) {
        snprintf(id, STORE_ID_SIZE, "%s", u.id);
        *reissued = true;
        return store_invitations_revoke(r->store, org_id, u.id, err);
    }
    if (rc == MRX_OK && strcmp(u.org_id, org_id) == 0 && u.disabled)
        return mrx_err_set(
            err, MRX_EINVAL, "email",
            "belongs to an account that already exists and is disabled; enable it first");
    if (rc != MRX_OK && rc != MRX_ENOTFOUND)
        return rc;
    /* One account a patient: a second would let whoever holds it sign in as the patient
     * (and write as them), which an invitation must never make possible. */
    if (patient_id) {
        struct user_rec other;
        int prc = store_user_of_patient(r->store, org_id, patient_id, &other, err);
        if (prc == MRX_OK)
            return mrx_err_set(err, MRX_EINVAL, "patient",
                               "this patient already has an account (%s); send that one's "
                               "invitation again instead",
                               other.email);
        if (prc != MRX_ENOTFOUND)
            return prc;
    }
    /* New, or taken (records_user_add names the conflict). */
    if ((rc = records_user_add(r, org_id, role, email, NULL, patient_id, &user, err)))
        return rc;
    snprintf(id, STORE_ID_SIZE, "%s", json_string_value(json_object_get(user, "id")));
    json_decref(user);
    return MRX_OK;
}

/* The invitation by e-mail, when the organization has its mail set: *queued says so. */
static int invitation_mail(const struct records *r, const char *org_id, const char *to,
                           const char *link, bool *queued, struct mrx_err *err)
{
    struct mail_rec m;
    struct org_rec o;
    char body[1200];
    int rc;

    *queued = false;
    if (!link)
        return MRX_OK;
    if ((rc = store_mail_get(r->store, org_id, &m, err)) == MRX_ENOTFOUND)
        return MRX_OK;
    if (rc || (rc = store_org_get(r->store, org_id, &o, err)))
        return rc;
    snprintf(body, sizeof(body),
             "Hello,\n\n"
             "%s has invited you to MoveRx, where you can see your exercise program.\n\n"
             "Choose your password here (the link works once, for 7 days):\n%s\n\n"
             "You will sign in with this address: %s\n\n"
             "We will never ask you for your password. If you did not expect this,\n"
             "you can ignore it, or ask your clinic.\n",
             o.name, link, to);
    if ((rc = outbox_queue(r, org_id, to, "Your MoveRx account", body, "invitation", err)))
        return rc;
    *queued = true;
    return MRX_OK;
}

int records_invite(const struct records *r, const char *org_id, enum user_role role,
                   const char *email, const char *patient_id, const char *token_hash,
                   const char *expires_at, const char *link, json_t **out, struct mrx_err *err)
{
    struct invitation_rec inv = {0};
    char id[STORE_ID_SIZE], addr[256];
    bool reissued, emailed;
    int rc;

    if ((rc = invitee(r, org_id, role, email, patient_id, id, &reissued, err)))
        return rc;
    snprintf(inv.token_hash, sizeof(inv.token_hash), "%s", token_hash);
    snprintf(inv.org_id, sizeof(inv.org_id), "%s", org_id);
    snprintf(inv.user_id, sizeof(inv.user_id), "%s", id);
    snprintf(inv.created_by, sizeof(inv.created_by), "%s", r->actor);
    snprintf(inv.created_at, sizeof(inv.created_at), "%s", r->now);
    snprintf(inv.expires_at, sizeof(inv.expires_at), "%s", expires_at);
    if ((rc = email_normal(email, addr, sizeof(addr), err)) ||
        (rc = store_invitation_add(r->store, &inv, err)) ||
        (rc = invitation_mail(r, org_id, addr, link, &emailed, err)) ||
        (rc = audit(r, org_id, "invitation.create", patient_id, err)))
        return rc;
    *out = json_pack("{ss, ss, ss, sb, sb}", "user", id, "email", addr, "expires_at", expires_at,
                     "reissued", reissued, "emailed", emailed);
    return MRX_OK;
}

int records_invitation_accept(const struct records *r, const char *token_hash,
                              const char *password_hash, json_t **out, struct mrx_err *err)
{
    struct invitation_rec inv;
    struct user_rec u;
    int rc = store_invitation_take(r->store, token_hash, &inv, err);

    /* Timestamps of one format compare as text. */
    if (rc == MRX_ENOTFOUND || (rc == MRX_OK && strcmp(r->now, inv.expires_at) > 0))
        return mrx_err_set(err, MRX_ENOTFOUND, "token",
                           "this invitation is unknown, used or expired; ask for a new one");
    if (rc)
        return rc;
    if ((rc = store_user_get(r->store, inv.user_id, &u, err)))
        return rc;
    if (u.disabled) /* revoked when it was disabled; kept out all the same */
        return mrx_err_set(err, MRX_ENOTFOUND, "token",
                           "this invitation is unknown, used or expired; ask for a new one");
    if ((rc = store_user_set_password(r->store, inv.org_id, inv.user_id, password_hash, err)) ||
        (rc = audit(r, inv.org_id, "invitation.accept", NULL, err)))
        return rc;
    *out = json_pack("{ss, ss}", "user", inv.user_id, "email", u.email);
    return MRX_OK;
}

static int take_user(const struct user_rec *u, void *arg)
{
    json_t *o = json_pack("{ss, ss, ss, sb, sb, ss}", "id", u->id, "role", user_role_name(u->role),
                          "email", u->email, "password_set", u->password_hash != NULL, "disabled",
                          u->disabled, "created_at", u->created_at);
    json_object_set_new(o, "patient", u->patient_id[0] ? json_string(u->patient_id) : json_null());
    json_array_append_new(arg, o);
    return MRX_OK;
}

int records_users(const struct records *r, const char *org_id, json_t **out, struct mrx_err *err)
{
    json_t *list = json_array();
    int rc = store_users_each(r->store, org_id, take_user, list, err);

    if (!rc)
        rc = audit(r, org_id, "users.read", NULL, err);
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{so}", "users", list);
    return MRX_OK;
}

int records_user_set_disabled(const struct records *r, const char *org_id, const char *user_id,
                              bool disabled, json_t **out, struct mrx_err *err)
{
    struct user_rec u;
    int rc = store_user_get(r->store, user_id, &u, err);

    if (rc == MRX_ENOTFOUND || (rc == MRX_OK && strcmp(u.org_id, org_id) != 0))
        return mrx_err_set(err, MRX_ENOTFOUND, "user", "no user '%s'", user_id);
    if (rc)
        return rc;
    if (disabled && strcmp(u.id, r->actor) == 0)
        return mrx_err_set(err, MRX_EINVAL, "disabled",
                           "you cannot disable your own account; ask another admin");
    if ((rc = store_user_set_disabled(r->store, org_id, u.id, disabled ? r->now : NULL, err)) ||
        (rc = audit(r, org_id, disabled ? "user.disable" : "user.enable",
                    u.patient_id[0] ? u.patient_id : NULL, err)))
        return rc;
    *out = json_pack("{ss, sb}", "id", u.id, "disabled", disabled);
    return MRX_OK;
}
