/*
 * mail_settings.c: an organization's outgoing mail (migration 015): the SMTP
 * server reminders and invitations go out through. The password is never
 * given back, only whether one is set.
 */
#include "compat.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "notify/mail.h"
#include "records/internal.h"

static json_t *mail_json(const struct mail_rec *m)
{
    return json_pack("{ss, ss?, sb, ss, ss}", "smtp_url", m->smtp_url, "smtp_user", m->smtp_user,
                     "password_set", m->smtp_password && *m->smtp_password, "from", m->from_address,
                     "updated_at", m->updated_at);
}

int records_mail_get(const struct records *r, const char *org_id, json_t **out, struct mrx_err *err)
{
    struct mail_rec m;
    int rc = store_mail_get(r->store, org_id, &m, err);

    if (rc == MRX_ENOTFOUND) {
        *out = json_pack("{sn, sn, sb, sn, sn}", "smtp_url", "smtp_user", "password_set", false,
                         "from", "updated_at");
        return MRX_OK;
    }
    if (rc == MRX_OK)
        *out = mail_json(&m);
    return rc;
}

/* smtp:// or smtps://, a host, nothing that could break a line. */
static bool smtp_url_ok(const char *u)
{
    const char *host = NULL;
    if (!mail_header_ok(u))
        return false;
    if (strncmp(u, "smtp://", 7) == 0)
        host = u + 7;
    else if (strncmp(u, "smtps://", 8) == 0)
        host = u + 8;
    return host && *host && *host != '/' && *host != ':' && !strchr(host, '@');
}

static bool address_ok(const char *a)
{
    const char *at = a ? strchr(a, '@') : NULL;
    return mail_header_ok(a) && at && at != a && at[1] && !strpbrk(a, " <>\",;") &&
           !strchr(at + 1, '@');
}

int records_mail_set(const struct records *r, const char *org_id, const json_t *in, json_t **out,
                     struct mrx_err *err)
{
    struct mail_rec m = {0}, old;
    const char *url = json_string_value(json_object_get(in, "smtp_url"));
    const char *from = json_string_value(json_object_get(in, "from"));
    json_t *user = json_object_get(in, "smtp_user"),
           *password = json_object_get(in, "smtp_password");
    int rc = store_mail_get(r->store, org_id, &old, err);

    if (rc && rc != MRX_ENOTFOUND)
        return rc;
    if (!url && rc == MRX_OK)
        url = old.smtp_url;
    if (!from && rc == MRX_OK)
        from = old.from_address;
    if (!smtp_url_ok(url))
        return mrx_err_set(err, MRX_EINVAL, "smtp_url",
                           "must be smtp://HOST[:PORT] or smtps://HOST[:PORT]");
    if (!address_ok(from))
        return mrx_err_set(err, MRX_EINVAL, "from", "must be one e-mail address");
    if (user && !json_is_null(user) && !mail_header_ok(json_string_value(user)))
        return mrx_err_set(err, MRX_EINVAL, "smtp_user", "must be one line of text");
    if (password && !json_is_null(password) && !json_is_string(password))
        return mrx_err_set(err, MRX_EINVAL, "smtp_password", "must be text");
    snprintf(m.org_id, sizeof(m.org_id), "%s", org_id);
    m.smtp_url = url;
    m.from_address = from;
    /* absent keeps what was set; null clears it */
    m.smtp_user = user ? json_string_value(user) : rc == MRX_OK ? old.smtp_user : NULL;
    m.smtp_password = password       ? json_string_value(password)
                      : rc == MRX_OK ? old.smtp_password
                                     : NULL;
    snprintf(m.updated_at, sizeof(m.updated_at), "%s", r->now);
    /* old's strings live in the statement that read them: copy before writing */
    {
        char *u = xstrdup(m.smtp_url), *f = xstrdup(m.from_address);
        char *us = m.smtp_user ? xstrdup(m.smtp_user) : NULL;
        char *pw = m.smtp_password ? xstrdup(m.smtp_password) : NULL;
        m.smtp_url = u;
        m.from_address = f;
        m.smtp_user = us;
        m.smtp_password = pw;
        if ((rc = store_mail_put(r->store, &m, err)) == MRX_OK &&
            (rc = audit(r, org_id, "mail.update", NULL, err)) == MRX_OK)
            *out = mail_json(&m);
        free(u);
        free(f);
        free(us);
        free(pw);
    }
    return rc;
}

json_t *mail_smtp_json(const struct mail_rec *m)
{
    return json_pack("{ss, ss?, ss?, ss}", "url", m->smtp_url, "user", m->smtp_user, "password",
                     m->smtp_password, "from", m->from_address);
}
