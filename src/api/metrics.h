/*
 * metrics.h: what /metrics reports, in Prometheus' text format: requests
 * by route and status, a latency histogram, the writer's batch sizes. The
 * counters are atomic, so request threads never wait on each other here.
 */
#ifndef MOVERX_API_METRICS_H
#define MOVERX_API_METRICS_H

#include "compat.h"

struct metrics;

/* routes: the route names requests are counted under ("GET /api/v1/alerts"). */
struct metrics *metrics_new(const char *const *routes, size_t n_routes);
void metrics_free(struct metrics *m);

void metrics_request(struct metrics *m, const char *route, int status, double seconds);
void metrics_batch(struct metrics *m, unsigned size);

/* What the exposition adds to the counts kept here, read when asked for. */
struct metrics_extra {
    long open_alerts[3]; /* by tier: [0] routine .. [2] emergency; -1 unknown */
    unsigned long long view_hits, view_misses;
    unsigned long long auth_hits, auth_misses; /* sessions and care teams (auth_cache.h) */
    unsigned long long password_busy;          /* password checks turned away (503) */
};

/* The text exposition. */
char *metrics_text(struct metrics *m, const struct metrics_extra *x);

#endif
