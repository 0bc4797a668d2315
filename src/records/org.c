/*
 * org.c: an organization's settings (see records.h): its name, the number
 * its patients call in an emergency and an optional crisis line. The
 * numbers are what the patient app's call buttons dial, so they are checked
 * as a phone keypad would take them.
 */
#include "compat.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "records/internal.h"

json_t *org_json(const struct org_rec *o)
{
    return json_pack("{ss, ss, ss, ss, s:s?, s:s?}", "id", o->id, "name", o->name, "created_at",
                     o->created_at, "emergency_number", o->emergency_number, "crisis_line",
                     o->crisis_line, "phone", o->phone);
}

/* A number to dial: 2..20 characters of digits, spaces, '-', '(' ')' and a
 * leading '+', with at least two digits (112, 999, +44 800 123 4567). */
static int check_phone(const char *v, const char *field, struct mrx_err *err)
{
    size_t n = strlen(v);
    int digits = 0;

    if (n < 2 || n > 20)
        return mrx_err_set(err, MRX_EINVAL, field, "must be 2 to 20 characters, got %zu", n);
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0)))
            return mrx_err_set(err, MRX_EINVAL, field,
                               "must be a phone number (digits, spaces, '-', '(', ')' and a "
                               "leading '+'), got '%s'",
                               v);
    }
    if (digits < 2)
        return mrx_err_set(err, MRX_EINVAL, field, "must have at least two digits");
    return MRX_OK;
}

int records_org_update(const struct records *r, const char *org_id, const struct org_settings *set,
                       json_t **out, struct mrx_err *err)
{
    struct org_rec o;
    char *name = NULL, *number = NULL, *crisis = NULL, *phone = NULL;
    int rc;

    if ((set->name && (rc = records_check_name(set->name, "name", err))) ||
        (set->emergency_number &&
         (rc = check_phone(set->emergency_number, "emergency_number", err))) ||
        (set->crisis_line && *set->crisis_line &&
         (rc = check_phone(set->crisis_line, "crisis_line", err))) ||
        (set->phone && *set->phone && (rc = check_phone(set->phone, "phone", err))))
        return rc;
    if ((rc = store_org_get(r->store, org_id, &o, err)))
        return rc == MRX_ENOTFOUND ? mrx_err_set(err, rc, "org", "no organization '%s'", org_id)
                                   : rc;
    /* The row's strings are the statement's: copied before the update reuses it. */
    name = xstrdup(set->name ? set->name : o.name);
    number = xstrdup(set->emergency_number ? set->emergency_number : o.emergency_number);
    crisis = set->crisis_line ? (*set->crisis_line ? xstrdup(set->crisis_line) : NULL)
                              : (o.crisis_line ? xstrdup(o.crisis_line) : NULL);
    o.name = name;
    o.emergency_number = number;
    phone = set->phone ? (*set->phone ? xstrdup(set->phone) : NULL)
                       : (o.phone ? xstrdup(o.phone) : NULL);
    o.crisis_line = crisis;
    o.phone = phone;
    if ((rc = store_org_update(r->store, &o, err)) ||
        (rc = store_org_get(r->store, org_id, &o, err)) ||
        (rc = audit(r, org_id, "org.update", NULL, err)))
        goto out;
    *out = org_json(&o);
out:
    free(name);
    free(number);
    free(crisis);
    free(phone);
    return rc;
}

int records_org_get(const struct records *r, const char *org_id, json_t **out, struct mrx_err *err)
{
    struct org_rec o;
    int rc = store_org_get(r->store, org_id, &o, err);

    if (rc)
        return rc == MRX_ENOTFOUND ? mrx_err_set(err, rc, "org", "no organization '%s'", org_id)
                                   : rc;
    *out = org_json(&o);
    return MRX_OK;
}
