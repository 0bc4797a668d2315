/*
 * planned.c: which days the plan had anything on, by the plan in force each
 * day (progress's adherence, the weekly review's sessions planned).
 */
#include "compat.h"

#include "records/internal.h"

struct planned {
    long from, to, start;
    void (*fn)(long day, void *arg);
    void *arg;
    long next_from;
    json_t *plan; /* in force from next_from */
};

static void walk_days(struct planned *p, long until)
{
    json_t *it;
    size_t k;
    long d = p->next_from > p->from ? p->next_from : p->from;

    for (; d < until && d <= p->to; d++) {
        json_array_foreach(json_object_get(p->plan, "items"), k, it)
        {
            const char *id = json_string_value(json_object_get(it, "exercise"));
            if (id && plan_has_on(p->plan, id, p->start, d)) {
                p->fn(d, p->arg);
                break;
            }
        }
    }
}

static int take_version(const struct plan_version_rec *v, void *arg)
{
    struct planned *p = arg;
    json_t *plan;

    if (stored_json(v->plan, "plan", &plan, NULL))
        return MRX_EDATA;
    if (p->plan)
        walk_days(p, v->day);
    if (v->day > p->next_from)
        p->next_from = v->day;
    json_decref(p->plan);
    p->plan = plan;
    return MRX_OK;
}

int planned_days_each(const struct records *r, const struct episode_ctx *c, long from, long to,
                      void (*fn)(long day, void *arg), void *arg, struct mrx_err *err)
{
    struct planned p = {from, to, c->ep.start_day, fn, arg, c->ep.start_day, NULL};
    int rc = store_plan_versions_each(r->store, c->ep.org_id, c->ep.id, take_version, &p, err);

    if (rc == MRX_OK && p.plan)
        walk_days(&p, to + 1);
    json_decref(p.plan);
    return rc;
}
