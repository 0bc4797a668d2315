/*
 * send.h: sending one claimed reminder (records_reminders_due's job) by Web
 * Push or e-mail, in words a patient reads on a lock screen or in an inbox:
 * that a session is due and how long it takes, never anything about their
 * health (a lock screen is seen by others).
 */
#ifndef MOVERX_NOTIFY_SEND_H
#define MOVERX_NOTIFY_SEND_H

#include <jansson.h>

#include "compat.h"
#include "common/err.h"

/* The push services browsers use; an endpoint elsewhere is never called. */
#define PUSH_HOSTS_DEFAULT                                                                         \
    "fcm.googleapis.com,updates.push.services.mozilla.com,.push.apple.com,.notify.windows.com"

struct notify_cfg {
    const char *vapid_pem;  /* the server's key (records_vapid_key) */
    const char *subject;    /* VAPID sub: mailto:... or https://... */
    const char *app_url;    /* where the app is, for the e-mail's link; or NULL */
    const char *push_hosts; /* allowed push service hosts (see push_endpoint_allowed) */
    long long now_s;
};

/*
 * Whether a push endpoint may be called: an https URL whose host is one of
 * `hosts` (comma-separated; ".example.com" takes its subdomains). An entry
 * with a scheme ("http://127.0.0.1") allows exactly that scheme and host, on
 * any port: a local push service for tests.
 */
bool push_endpoint_allowed(const char *endpoint, const char *hosts);

/* The notification's JSON for the service worker: {"title","body","url"}. */
char *reminder_push_payload(int minutes);

/* Who runs the server, for VAPID, when nothing better is set. */
#define NOTIFY_SUBJECT_DEFAULT "mailto:reminders@moverx.invalid"

/* Sends a job: *status "sent" or "failed", *detail (static text or NULL), and
 * *gone the push endpoints the service has ended (a new array). */
void notify_send(const json_t *job, const struct notify_cfg *cfg, const char **status, char *detail,
                 size_t detail_size, json_t **gone);
/* The same as one result, as records_notify_outcomes() takes it:
 * {"job","status","detail","gone"} (a new reference). */
json_t *notify_result(const json_t *job, const struct notify_cfg *cfg);

#endif
