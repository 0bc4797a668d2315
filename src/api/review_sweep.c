/*
 * review_sweep.c: the server's daily review of running programs
 * (records/review.c): at start and then every review_every_minutes, every
 * running program not yet reviewed through yesterday (UTC) is brought up to
 * it, one patient per write, through the writer like any other write. So a
 * person who stops logging raises the care team's alert on its day, not on
 * the day they come back.
 */
#include "compat.h"

#include <time.h>

#include "api/api_internal.h"
#include "api/review_sweep.h"
#include "api/ticker.h"
#include "common/date.h"

struct review_sweep {
    struct api *api;
    struct ticker *ticker; /* the main thread's, to stop it */
};

enum sweep_kind { SWEEP_DUE, SWEEP_ONE, SWEEP_OVERDUE, SWEEP_ESCALATE };

struct sweep_job {
    struct api *api;
    long through;
    enum sweep_kind kind;
    const char *id; /* a patient (SWEEP_ONE) or a task (SWEEP_ESCALATE) */
    json_t *out;
};

static int sweep_write(struct store *s, void *arg, struct mrx_err *err)
{
    struct sweep_job *j = arg;
    char now[STORE_TS_SIZE];
    struct records r = {s, j->api->data, now, "system:review", "server", NULL, NULL, j->api->memo};

    date_timestamp((long long)time(NULL), now, sizeof(now));
    switch (j->kind) {
    case SWEEP_ONE:
        return records_review(&r, j->id, j->through, &j->out, err);
    case SWEEP_OVERDUE: /* overdue as of today: the day after the one reviewed through */
        return records_promises_overdue(&r, j->through + 1, &j->out, err);
    case SWEEP_ESCALATE:
        return records_escalate_promise(&r, j->id, j->through + 1, &j->out, err);
    default:
        return records_review_due(&r, j->through, &j->out, err);
    }
}

static void sweep_once(struct review_sweep *w, struct ticker *t)
{
    struct sweep_job list = {w->api, (long)(time(NULL) / 86400) - 1, SWEEP_DUE, NULL, NULL};
    struct sweep_job overdue = {w->api, list.through, SWEEP_OVERDUE, NULL, NULL};
    struct mrx_err err;
    json_t *id;
    size_t k, n = 0, alerts = 0;

    if (writer_run(w->api->writer, sweep_write, &list, &err)) {
        fprintf(stderr, "moverx serve: review: %s\n", err.msg);
        return;
    }
    json_array_foreach(list.out, k, id)
    {
        struct sweep_job one = {w->api, list.through, SWEEP_ONE, json_string_value(id), NULL};
        if (ticker_stopping(t))
            break;
        if (writer_run(w->api->writer, sweep_write, &one, &err)) {
            fprintf(stderr, "moverx serve: review of patient %s: %s\n", one.id, err.msg);
            continue;
        }
        n += json_is_true(json_object_get(one.out, "reviewed"));
        alerts += json_array_size(json_object_get(one.out, "alerts"));
        json_decref(one.out);
    }
    json_decref(list.out);
    /* promises kept waiting: the care team's alert, once each */
    if (!ticker_stopping(t) && !writer_run(w->api->writer, sweep_write, &overdue, &err))
        json_array_foreach(overdue.out, k, id)
        {
            struct sweep_job one = {w->api, list.through, SWEEP_ESCALATE, json_string_value(id),
                                    NULL};
            if (ticker_stopping(t))
                break;
            if (writer_run(w->api->writer, sweep_write, &one, &err))
                fprintf(stderr, "moverx serve: a promise overdue (task %s): %s\n", one.id, err.msg);
            alerts += one.out != NULL;
            json_decref(one.out);
        }
    json_decref(overdue.out);
    if (n || alerts)
        fprintf(stderr, "moverx serve: reviewed %zu running program%s, %zu new alert%s\n", n,
                n == 1 ? "" : "s", alerts, alerts == 1 ? "" : "s");
}

static void sweep_job(struct ticker *t, void *arg)
{
    sweep_once(arg, t);
}

struct review_sweep *review_sweep_start(struct api *api, unsigned every_s)
{
    struct review_sweep *w;

    if (!every_s)
        return NULL; /* off: a daily `moverx review` from cron does it */
    w = xcalloc(1, sizeof(*w));
    w->api = api;
    if (!(w->ticker = ticker_start("the daily review", every_s, sweep_job, w))) {
        free(w);
        return NULL;
    }
    return w;
}

void review_sweep_stop(struct review_sweep *w)
{
    if (!w)
        return;
    ticker_stop(w->ticker);
    free(w);
}
