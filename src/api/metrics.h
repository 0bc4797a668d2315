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

/* The text exposition, with open alerts by tier added ([0] routine .. [2] emergency). */
char *metrics_text(struct metrics *m, const long open_alerts[3], unsigned long long view_hits,
                   unsigned long long view_misses);

#endif
