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
    long open[3] = {0, 0, 0};
    unsigned long long hits, misses;
    struct mrx_err err;
    char *text;

    if (store_alert_open_counts(c->rs, open, &err) != MRX_OK)
        open[0] = open[1] = open[2] = -1;
    today_cache_counts(c->api->today, &hits, &misses);
    text = metrics_text(c->api->metrics, open, hits, misses);
    c->rep->status = 200;
    c->rep->content_type = "text/plain; version=0.0.4; charset=utf-8";
    c->rep->body = text;
    c->rep->body_len = strlen(text);
}
