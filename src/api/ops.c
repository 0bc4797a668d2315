/*
 * ops.c: what operators and load balancers ask: /healthz and /metrics.
 */
#include "compat.h"

#include "api/api_internal.h"

void h_healthz(struct call *c)
{
    reply_json(c, 200, json_pack("{ss}", "status", "ok"));
}

void h_metrics(struct call *c)
{
    struct metrics_extra x = {.password_busy = password_busy_count()};
    struct mrx_err err;
    char *text;

    if (store_alert_open_counts(c->rs, x.open_alerts, &err) != MRX_OK)
        x.open_alerts[0] = x.open_alerts[1] = x.open_alerts[2] = -1;
    today_cache_counts(c->api->today, &x.view_hits, &x.view_misses);
    auth_cache_counts(c->api->auth, &x.auth_hits, &x.auth_misses);
    text = metrics_text(c->api->metrics, &x);
    reply_text(c, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
}
