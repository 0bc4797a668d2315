/*
 * remind_sweep.c: each pass claims the reminders due in one write (so that
 * two servers on one store, or a restart, never send one twice), sends them
 * with no transaction open, and records what came of them in a second write.
 */
#include "compat.h"

#include <stdio.h>
#include <time.h>

#include "api/api_internal.h"
#include "api/remind_sweep.h"
#include "api/ticker.h"
#include "common/date.h"
#include "notify/send.h"

struct remind_sweep {
    struct api *api;
    struct ticker *ticker; /* the main thread's, to stop it */
};

struct remind_pass {
    struct api *api;
    long long now_s;
    json_t *jobs, *results;
};

static struct records system_records(struct api *api, struct store *s, char now[STORE_TS_SIZE])
{
    struct records r = {s, api->data, now, "system:reminders", "server", NULL, NULL, api->memo};
    date_timestamp((long long)time(NULL), now, STORE_TS_SIZE);
    return r;
}

static int claim_write(struct store *s, void *arg, struct mrx_err *err)
{
    struct remind_pass *p = arg;
    char now[STORE_TS_SIZE];
    struct records r = system_records(p->api, s, now);
    return records_notify_due(&r, p->now_s, &p->jobs, err);
}

static int outcome_write(struct store *s, void *arg, struct mrx_err *err)
{
    struct remind_pass *p = arg;
    char now[STORE_TS_SIZE];
    struct records r = system_records(p->api, s, now);
    return records_notify_outcomes(&r, p->results, err);
}

/* Where reminders say they come from (VAPID's sub): set, or the clinic's address. */
static const char *subject_of(const struct api *api)
{
    if (api->cfg.push_subject && *api->cfg.push_subject)
        return api->cfg.push_subject;
    if (api->cfg.public_url && strncmp(api->cfg.public_url, "https://", 8) == 0)
        return api->cfg.public_url;
    return NOTIFY_SUBJECT_DEFAULT;
}

static void remind_job(struct ticker *t, void *arg)
{
    struct remind_sweep *w = arg;
    struct remind_pass p = {w->api, (long long)time(NULL), NULL, json_array()};
    struct notify_cfg cfg = {w->api->vapid_pem, subject_of(w->api), w->api->cfg.public_url,
                             w->api->cfg.push_hosts ? w->api->cfg.push_hosts : PUSH_HOSTS_DEFAULT,
                             p.now_s};
    struct mrx_err err;
    json_t *job;
    size_t k, sent = 0;

    if (writer_run(w->api->writer, claim_write, &p, &err)) {
        fprintf(stderr, "moverx serve: reminders: %s\n", err.msg);
        json_decref(p.results);
        return;
    }
    json_array_foreach(p.jobs, k, job)
    {
        json_t *res;
        if (ticker_stopping(t)) /* left queued: never sent twice, and said so in the store */
            break;
        res = notify_result(job, &cfg);
        sent += strcmp(json_string_value(json_object_get(res, "status")), "sent") == 0;
        json_array_append_new(p.results, res);
    }
    if (json_array_size(p.results) && writer_run(w->api->writer, outcome_write, &p, &err))
        fprintf(stderr, "moverx serve: reminders' outcomes: %s\n", err.msg);
    if (json_array_size(p.jobs))
        fprintf(stderr, "moverx serve: %zu reminder%s due, %zu sent\n", json_array_size(p.jobs),
                json_array_size(p.jobs) == 1 ? "" : "s", sent);
    json_decref(p.jobs);
    json_decref(p.results);
}

struct remind_sweep *remind_sweep_start(struct api *api, unsigned every_s)
{
    struct remind_sweep *w;

    if (!every_s || !api->vapid_pem)
        return NULL;
    w = xcalloc(1, sizeof(*w));
    w->api = api;
    if (!(w->ticker = ticker_start("the reminders", every_s, remind_job, w))) {
        free(w);
        return NULL;
    }
    return w;
}

void remind_sweep_stop(struct remind_sweep *w)
{
    if (!w)
        return;
    ticker_stop(w->ticker);
    free(w);
}
