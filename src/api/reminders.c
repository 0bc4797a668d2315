/*
 * reminders.c: a patient's reminder settings and their private calendar
 * feed over HTTP (docs/openapi.yaml; records/reminders.c, records/calendar.c):
 *   GET    /api/v1/patients/{id}/reminders      the settings
 *   PATCH  /api/v1/patients/{id}/reminders      the patient changes them
 *   POST   /api/v1/patients/{id}/calendar       a new feed address, shown once
 *   DELETE /api/v1/patients/{id}/calendar       the feed stops working
 *   GET    /api/v1/patients/{id}/calendar.ics   the feed as a download
 *   GET    /cal/{token}.ics                     the feed, for calendar apps
 * The feed address is the credential (calendar apps send no cookies), so it
 * is 256 random bits, stored only as a hash, and revocable.
 */
#include "compat.h"

#include <ctype.h>
#include <stdlib.h>

#include "api/api_internal.h"
#include "auth/token.h"
#include "common/xalloc.h"

/* ==================== Settings ==================== */

void h_reminders(struct call *c)
{
    struct records r;
    struct mrx_err err;
    json_t *out;
    int rc;

    if (!access_patient(c, c->params[0], "reminders.read", NULL))
        return;
    r = call_records(c, c->rs, true);
    if ((rc = records_reminders(&r, c->params[0], &out, &err)))
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

static const struct field_spec reminder_fields[] = {
    {"days", F_ARRAY, false, 0, 0},        {"time", F_STRING, false, 5, 5},
    {"time_zone", F_STRING, false, 1, 63}, {"quiet_hours", F_OBJECT, false, 0, 0},
    {"push", F_BOOL, false, 0, 0},         {"email", F_BOOL, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

struct reminder_job {
    struct call *c;
    const char *patient_id;
    const json_t *change;
    const char *token_hash;
    json_t *out;
};

static int run_set(struct store *s, void *arg, struct mrx_err *err)
{
    struct reminder_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_reminders_set(&r, j->patient_id, j->change, &j->out, err);
}

/* The patient's own settings (the route lets only patients in; access, only their own). */
void h_reminders_set(struct call *c)
{
    json_t *body = body_object(c, reminder_fields);
    struct reminder_job j = {.c = c, .patient_id = c->params[0], .change = body};
    struct patient_rec p;

    if (!body)
        return;
    if (access_patient(c, j.patient_id, "reminders.update", &p) &&
        call_write(c, run_set, &j, p.org_id, "reminders.update", j.patient_id))
        reply_json(c, 200, j.out);
    json_decref(body);
}

/* ==================== The feed ==================== */

static int run_token(struct store *s, void *arg, struct mrx_err *err)
{
    struct reminder_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_calendar_token_add(&r, j->patient_id, j->token_hash, err);
}

/* The feed's address, and how to add it to Google, Apple and Outlook calendars. */
static json_t *feed_links(struct call *c, const char *token)
{
    const char *base = call_app_url(c);
    char url[512], webcal[512], google[1024], outlook[1024];
    const char *rest;

    if (!base)
        return NULL;
    snprintf(url, sizeof(url), "%s%scal/%s.ics", base, base[strlen(base) - 1] == '/' ? "" : "/",
             token);
    rest = strstr(url, "://");
    snprintf(webcal, sizeof(webcal), "webcal%s", rest ? rest : url);
    /* Google takes the webcal address whole; Outlook its https one, escaped */
    snprintf(google, sizeof(google), "https://calendar.google.com/calendar/r?cid=%s", webcal);
    size_t n = (size_t)snprintf(outlook, sizeof(outlook),
                                "https://outlook.live.com/calendar/0/addfromweb?name=MoveRx&url=");
    for (const char *p = url; *p && n + 4 < sizeof(outlook); p++) /* percent-encoded (RFC 3986) */
        n += (size_t)snprintf(outlook + n, sizeof(outlook) - n,
                              isalnum((unsigned char)*p) || strchr("-._~", *p) ? "%c" : "%%%02X",
                              (unsigned char)*p);
    return json_pack("{ss, ss, ss, ss}", "url", url, "webcal", webcal, "google", google, "outlook",
                     outlook);
}

void h_calendar_new(struct call *c)
{
    char token[TOKEN_TEXT_SIZE], hash[TOKEN_TEXT_SIZE];
    struct reminder_job j = {.c = c, .patient_id = c->params[0], .token_hash = hash};
    struct patient_rec p;
    json_t *links;

    if (!access_patient(c, j.patient_id, "calendar.create", &p))
        return;
    if (!(links = feed_links(c, "x"))) {
        reply_error(c, 409, "no_address", "public_url",
                    "the server does not know its own address: set [server] public_url");
        return;
    }
    json_decref(links);
    token_new(token);
    token_hash(token, hash);
    if (call_write(c, run_token, &j, p.org_id, "calendar.create", j.patient_id))
        reply_json(c, 201, feed_links(c, token));
}

static int run_revoke(struct store *s, void *arg, struct mrx_err *err)
{
    struct reminder_job *j = arg;
    struct records r = call_records(j->c, s, false);
    return records_calendar_revoke(&r, j->patient_id, &j->out, err);
}

/* The patient, or their care team (a lost phone), stops the feed. */
void h_calendar_revoke(struct call *c)
{
    struct reminder_job j = {.c = c, .patient_id = c->params[0]};
    struct patient_rec p;

    if (access_patient(c, j.patient_id, "calendar.revoke", &p) &&
        call_write(c, run_revoke, &j, p.org_id, "calendar.revoke", j.patient_id))
        reply_json(c, 200, j.out);
}

static void reply_ics(struct call *c, char *ics, const char *disposition)
{
    reply_text(c, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
    http_reply_header(c->rep, "Content-Disposition", disposition);
    /* the feed is personal: no shared cache may keep it */
    http_reply_header(c->rep, "Cache-Control", "private, no-store");
}

/* The feed as a file to open or import once (the signed-in patient or their team). */
void h_calendar_download(struct call *c)
{
    struct records r;
    struct mrx_err err;
    char *ics;
    int rc;

    if (!access_patient(c, c->params[0], "calendar.read", NULL))
        return;
    r = call_records(c, c->rs, true);
    if ((rc = records_calendar(&r, c->params[0], c->today, call_app_url(c), &ics, &err)))
        reply_mrx(c, rc, &err);
    else
        reply_ics(c, ics, "attachment; filename=\"moverx-sessions.ics\"");
}

/* What a calendar app fetches: /cal/TOKEN.ics, no session; an unknown or revoked
 * token is a plain 404, as any path that is not there. */
void h_calendar_feed(struct call *c)
{
    const char *file = c->params[0];
    size_t n = strlen(file);
    char token[TOKEN_TEXT_SIZE], hash[TOKEN_TEXT_SIZE];
    struct records r;
    struct mrx_err err;
    char *ics;
    int rc;

    if (n != TOKEN_TEXT_SIZE - 1 + 4 || strcmp(file + n - 4, ".ics") != 0) {
        reply_not_found(c);
        return;
    }
    snprintf(token, sizeof(token), "%.*s", (int)(n - 4), file);
    if (!token_hash(token, hash)) {
        reply_not_found(c);
        return;
    }
    r = call_records(c, c->rs, true);
    r.actor = "calendar-feed";
    if ((rc = records_calendar_feed(&r, hash, c->today, call_app_url(c), &ics, &err))) {
        if (rc == MRX_ENOTFOUND)
            reply_not_found(c);
        else
            reply_mrx(c, rc, &err);
        return;
    }
    reply_ics(c, ics, "inline; filename=\"moverx-sessions.ics\"");
}
