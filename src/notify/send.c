/*
 * send.c: one claimed reminder out by push or e-mail (see send.h).
 */
#include "compat.h"

#include <curl/curl.h>
#include <stdlib.h>

#include "notify/mail.h"
#include "notify/send.h"
#include "notify/webpush.h"

/* The URL's parts as libcurl reads them, since libcurl is what will connect: a
 * hand-made parser that read "https://fcm.googleapis.com:x@10.0.0.5/" as the
 * push service would send the request to 10.0.0.5. */
static bool url_parts(const char *url, char scheme[8], char host[256])
{
    CURLU *u = curl_url();
    char *sch = NULL, *h = NULL, *user = NULL, *pw = NULL;
    bool ok = u && strlen(url) <= 1024 && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, &sch, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK && strlen(sch) < 8 &&
              strlen(h) < 256 &&
              /* no user or password: nothing to hide another host behind */
              curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_NO_USER &&
              curl_url_get(u, CURLUPART_PASSWORD, &pw, 0) == CURLUE_NO_PASSWORD;

    if (ok) {
        snprintf(scheme, 8, "%s", sch);
        snprintf(host, 256, "%s", h);
    }
    curl_free(sch);
    curl_free(h);
    curl_free(user);
    curl_free(pw);
    curl_url_cleanup(u);
    return ok;
}

bool push_endpoint_allowed(const char *endpoint, const char *hosts)
{
    char scheme[8], host[256];

    if (!endpoint || !url_parts(endpoint, scheme, host))
        return false;
    for (const char *h = hosts; h && *h;) {
        size_t len = strcspn(h, ",");
        char entry[300];
        snprintf(entry, sizeof(entry), "%.*s", (int)len, h);
        h += len + (h[len] == ',');
        const char *sep = strstr(entry, "://");
        if (sep) { /* scheme://host: that scheme and host exactly */
            if ((size_t)(sep - entry) == strlen(scheme) &&
                strncmp(entry, scheme, strlen(scheme)) == 0 && strcmp(sep + 3, host) == 0)
                return true;
            continue;
        }
        if (strcmp(scheme, "https") != 0)
            continue;
        if (entry[0] == '.') { /* a subdomain of it */
            size_t hl = strlen(host), el = strlen(entry);
            if (hl > el && strcmp(host + hl - el, entry) == 0)
                return true;
        } else if (strcmp(host, entry) == 0) {
            return true;
        }
    }
    return false;
}

char *reminder_push_payload(int minutes)
{
    char body[128], *out;
    json_t *j;

    snprintf(body, sizeof(body), "Today's session takes about %d minutes. Tap to start.", minutes);
    j = json_pack("{ss, ss, ss, ss}", "title", "Time for your exercises", "body", body, "url",
                  "/#/today", "tag", "moverx-reminder");
    out = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return out;
}

static void send_push(const json_t *job, const struct notify_cfg *cfg, const char **status,
                      char *detail, size_t size, json_t *gone)
{
    char *payload = reminder_push_payload((int)json_integer_value(json_object_get(job, "minutes")));
    int sent = 0, tried = 0;
    json_t *s;
    size_t k;

    json_array_foreach(json_object_get(job, "subscriptions"), k, s)
    {
        const char *endpoint = json_string_value(json_object_get(s, "endpoint"));
        struct push_send p = {endpoint,
                              json_string_value(json_object_get(s, "p256dh")),
                              json_string_value(json_object_get(s, "auth")),
                              payload,
                              cfg->vapid_pem,
                              cfg->subject,
                              4 * 3600, /* a reminder four hours late is no reminder */
                              cfg->now_s};
        struct mrx_err err;
        long code = 0;

        if (!push_endpoint_allowed(endpoint, cfg->push_hosts)) {
            snprintf(detail, size, "push service not allowed: %.80s", endpoint);
            continue;
        }
        tried++;
        if (webpush_send(&p, &code, &err)) {
            snprintf(detail, size, "%s", err.msg);
        } else if (code >= 200 && code < 300) {
            sent++;
        } else {
            if (code == 404 || code == 410)
                json_array_append_new(gone, json_string(endpoint));
            snprintf(detail, size, "the push service answered %ld", code);
        }
    }
    free(payload);
    *status = sent ? "sent" : "failed";
    if (sent)
        snprintf(detail, size, "%d of %d browsers", sent, tried);
}

static void send_email(const json_t *job, const struct notify_cfg *cfg, const char **status,
                       char *detail, size_t size)
{
    const json_t *smtp = json_object_get(job, "smtp");
    struct mail_server server = {json_string_value(json_object_get(smtp, "url")),
                                 json_string_value(json_object_get(smtp, "user")),
                                 json_string_value(json_object_get(smtp, "password")), true};
    char text[1024];
    struct mail_message m = {json_string_value(json_object_get(smtp, "from")),
                             json_string_value(json_object_get(job, "to")),
                             "Time for your exercises", text, cfg->now_s};
    struct mrx_err err;

    snprintf(text, sizeof(text),
             "Hello,\n\n"
             "This is your reminder: today's exercise session takes about %d minutes.\n"
             "%s%s%s\n"
             "Moving a little every day is what helps most. If today is a hard day,\n"
             "start with your easiest exercise.\n\n"
             "You chose to get these reminders. To change or stop them, open Reminders in the "
             "app.\n",
             (int)json_integer_value(json_object_get(job, "minutes")),
             cfg->app_url ? "Open your plan: " : "", cfg->app_url ? cfg->app_url : "",
             cfg->app_url ? "#/today\n" : "");
    if (mail_send(&server, &m, &err)) {
        *status = "failed";
        snprintf(detail, size, "%s", err.msg);
        return;
    }
    *status = "sent";
    snprintf(detail, size, "to %s", m.to);
}

/* A message of the outbox (an invitation): its own subject and text. */
static void send_outbox(const json_t *job, const struct notify_cfg *cfg, const char **status,
                        char *detail, size_t size)
{
    const json_t *smtp = json_object_get(job, "smtp");
    struct mail_server server = {json_string_value(json_object_get(smtp, "url")),
                                 json_string_value(json_object_get(smtp, "user")),
                                 json_string_value(json_object_get(smtp, "password")), true};
    struct mail_message m = {json_string_value(json_object_get(smtp, "from")),
                             json_string_value(json_object_get(job, "to")),
                             json_string_value(json_object_get(job, "subject")),
                             json_string_value(json_object_get(job, "body")), cfg->now_s};
    struct mrx_err err;

    *status = "failed";
    if (!json_is_object(smtp))
        snprintf(detail, size, "the organization has no mail settings");
    else if (mail_send(&server, &m, &err))
        snprintf(detail, size, "%s", err.msg);
    else {
        *status = "sent";
        snprintf(detail, size, "to %s", m.to);
    }
}

void notify_send(const json_t *job, const struct notify_cfg *cfg, const char **status, char *detail,
                 size_t detail_size, json_t **gone)
{
    const char *channel = json_string_value(json_object_get(job, "channel"));

    *gone = json_array();
    detail[0] = '\0';
    if (channel && strcmp(channel, "push") == 0)
        send_push(job, cfg, status, detail, detail_size, *gone);
    else if (channel && strcmp(channel, "email") == 0)
        send_email(job, cfg, status, detail, detail_size);
    else if (channel && strcmp(channel, "outbox") == 0)
        send_outbox(job, cfg, status, detail, detail_size);
    else {
        *status = "failed";
        snprintf(detail, detail_size, "unknown channel");
    }
}

json_t *notify_result(const json_t *job, const struct notify_cfg *cfg)
{
    const char *status;
    char detail[256];
    json_t *gone;

    notify_send(job, cfg, &status, detail, sizeof(detail), &gone);
    return json_pack("{sO, ss, ss, so}", "job", job, "status", status, "detail", detail, "gone",
                     gone);
}
