/*
 * metrics.c: counters and histograms for /metrics (see metrics.h).
 */
#include "compat.h"

#include <stdarg.h>
#include <stdatomic.h>

#include "api/metrics.h"
#include "common/xalloc.h"

/* Statuses counted one by one; anything else is counted as "other". */
static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
                               405, 409, 413, 415, 422, 429, 500, 503};
#define N_STATUS (MRX_ARRAY_LEN(statuses) + 1)

static const double latency_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                        0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define N_LAT (MRX_ARRAY_LEN(latency_bounds) + 1)

static const double batch_bounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};
#define N_BATCH (MRX_ARRAY_LEN(batch_bounds) + 1)

/* The extra names a request may be counted under besides the routes. */
static const char *const extra_routes[] = {"static", "body too large", "unmatched"};

struct metrics {
    size_t n_routes;
    const char **names;
    atomic_ulong *requests; /* n_routes x N_STATUS */
    atomic_ulong latency[N_LAT];
    atomic_ulong latency_count;
    atomic_ullong latency_sum_us;
    atomic_ulong batch[N_BATCH];
    atomic_ulong batch_count;
    atomic_ullong batch_sum;
};

struct metrics *metrics_new(const char *const *routes, size_t n_routes)
{
    struct metrics *m = xcalloc(1, sizeof(*m));

    m->n_routes = n_routes + MRX_ARRAY_LEN(extra_routes);
    m->names = xcalloc(m->n_routes, sizeof(*m->names));
    for (size_t i = 0; i < n_routes; i++)
        m->names[i] = routes[i];
    for (size_t i = 0; i < MRX_ARRAY_LEN(extra_routes); i++)
        m->names[n_routes + i] = extra_routes[i];
    m->requests = xcalloc(m->n_routes * N_STATUS, sizeof(*m->requests));
    return m;
}

void metrics_free(struct metrics *m)
{
    if (!m)
        return;
    free(m->names);
    free(m->requests);
    free(m);
}

void metrics_request(struct metrics *m, const char *route, int status, double seconds)
{
    size_t r, s, b;

    for (r = 0; r < m->n_routes; r++)
        if (m->names[r] == route || strcmp(m->names[r], route) == 0)
            break;
    if (r == m->n_routes)
        r = m->n_routes - 1; /* "unmatched" */
    for (s = 0; s < MRX_ARRAY_LEN(statuses) && statuses[s] != status; s++)
        ;
    atomic_fetch_add(&m->requests[r * N_STATUS + s], 1);
    for (b = 0; b < MRX_ARRAY_LEN(latency_bounds) && seconds > latency_bounds[b]; b++)
        ;
    atomic_fetch_add(&m->latency[b], 1);
    atomic_fetch_add(&m->latency_count, 1);
    atomic_fetch_add(&m->latency_sum_us, (unsigned long long)(seconds * 1e6));
}

void metrics_batch(struct metrics *m, unsigned size)
{
    size_t b;

    for (b = 0; b < MRX_ARRAY_LEN(batch_bounds) && size > batch_bounds[b]; b++)
        ;
    atomic_fetch_add(&m->batch[b], 1);
    atomic_fetch_add(&m->batch_count, 1);
    atomic_fetch_add(&m->batch_sum, size);
}

/* A growing text buffer for the exposition. */
struct text {
    char *s;
    size_t len, cap;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap * 2 + (size_t)(n > 0 ? n : 0) + 1;
        t->s = xrealloc(t->s, t->cap);
    }
}

static void histogram(struct text *t, const char *name, const double *bounds, size_t n,
                      atomic_ulong *buckets, unsigned long count, double sum)
{
    unsigned long cum = 0;

    add(t, "# TYPE %s histogram\n", name);
    for (size_t i = 0; i < n; i++) {
        cum += atomic_load(&buckets[i]);
        add(t, "%s_bucket{le=\"%g\"} %lu\n", name, bounds[i], cum);
    }
    cum += atomic_load(&buckets[n]);
    add(t, "%s_bucket{le=\"+Inf\"} %lu\n%s_sum %.6f\n%s_count %lu\n", name, cum, name, sum, name,
        count);
}

char *metrics_text(struct metrics *m, const struct metrics_extra *x)
{
    static const char *const tiers[3] = {"routine", "urgent", "emergency"};
    struct text t = {xmalloc(4096), 0, 4096};

    add(&t, "# HELP moverx_http_requests_total Requests answered, by route and status.\n"
            "# TYPE moverx_http_requests_total counter\n");
    for (size_t r = 0; r < m->n_routes; r++)
        for (size_t s = 0; s < N_STATUS; s++) {
            unsigned long v = atomic_load(&m->requests[r * N_STATUS + s]);
            char code[8];
            if (!v)
                continue;
            if (s < MRX_ARRAY_LEN(statuses))
                snprintf(code, sizeof(code), "%d", statuses[s]);
            else
                snprintf(code, sizeof(code), "other");
            add(&t, "moverx_http_requests_total{route=\"%s\",status=\"%s\"} %lu\n", m->names[r],
                code, v);
        }
    add(&t, "# HELP moverx_http_request_duration_seconds Time to answer a request.\n");
    histogram(&t, "moverx_http_request_duration_seconds", latency_bounds,
              MRX_ARRAY_LEN(latency_bounds), m->latency, atomic_load(&m->latency_count),
              (double)atomic_load(&m->latency_sum_us) / 1e6);
    add(&t, "# HELP moverx_write_batch_size Writes committed together in one transaction.\n");
    histogram(&t, "moverx_write_batch_size", batch_bounds, MRX_ARRAY_LEN(batch_bounds), m->batch,
              atomic_load(&m->batch_count), (double)atomic_load(&m->batch_sum));
    add(&t, "# HELP moverx_open_alerts Alerts not yet resolved, by tier.\n"
            "# TYPE moverx_open_alerts gauge\n");
    for (int i = 0; i < 3; i++)
        add(&t, "moverx_open_alerts{tier=\"%s\"} %ld\n", tiers[i], x->open_alerts[i]);
    add(&t,
        "# HELP moverx_view_cache_total Views of today's plan served from the cache (hit) "
        "or rendered (miss).\n# TYPE moverx_view_cache_total counter\n"
        "moverx_view_cache_total{result=\"hit\"} %llu\nmoverx_view_cache_total{result=\"miss\"} "
        "%llu\n",
        x->view_hits, x->view_misses);
    add(&t,
        "# HELP moverx_auth_cache_total Sessions and care-team memberships taken from the cache "
        "(hit) or read from the store (miss).\n# TYPE moverx_auth_cache_total counter\n"
        "moverx_auth_cache_total{result=\"hit\"} %llu\nmoverx_auth_cache_total{result=\"miss\"} "
        "%llu\n",
        x->auth_hits, x->auth_misses);
    add(&t,
        "# HELP moverx_password_busy_total Sign-ins and invitations turned away (503) because "
        "[login] hash_waiting password checks already waited.\n"
        "# TYPE moverx_password_busy_total counter\nmoverx_password_busy_total %llu\n",
        x->password_busy);
    return t.s;
}
