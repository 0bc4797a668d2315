/*
 * review.c: the daily review of running programs whose people have gone
 * quiet (docs/records.md "The daily review").
 *
 * The engine runs when a person writes something. Someone who stops writing
 * would never be reviewed, so the alerts that exist for them (days without
 * activity, a flare that has not settled) and the 12-week discharge review
 * would wait until they came back, when it is too late to matter. Once a
 * day, every running program not yet reviewed through a day is brought up
 * to it, exactly as an entry on that day would have done.
 */
#include "compat.h"

#include "common/date.h"
#include "records/internal.h"

static int take_due(const struct episode_rec *e, void *arg)
{
    json_array_append_new(arg, json_string(e->patient_id));
    return MRX_OK;
}

int records_review_due(const struct records *r, long through, json_t **out, struct mrx_err *err)
{
    json_t *list = json_array();
    int rc = store_episodes_due_each(r->store, through, take_due, list, err);

    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return MRX_OK;
}

int records_review(const struct records *r, const char *patient_id, long through, json_t **out,
                   struct mrx_err *err)
{
    struct episode_ctx c = {0};
    json_t *decisions = json_array(), *alerts = json_array();
    bool has_episode, due;
    int rc;

    if ((rc = episode_load_current(r, patient_id, &c, &has_episode, err)))
        goto out;
    /* only a running program, and only days not reviewed yet: an entry since the list was
     * read has done the work already */
    due = has_episode && (c.ep.status == EPISODE_ACTIVE || c.ep.status == EPISODE_PAUSED) &&
          c.ep.reviewed_through < through;
    if (due && ((rc = engine_review(r, &c, through, decisions, alerts, err)) ||
                (rc = discharge_review(r, &c, through, err)) ||
                (rc = audit(r, c.ep.org_id, "program.review", c.patient.id, err))))
        goto out;
    *out = json_pack("{ss, sb, so, sO, sO}", "patient", patient_id, "reviewed", due, "through",
                     json_date(through), "decisions", decisions, "alerts", alerts);
out:
    json_decref(decisions);
    json_decref(alerts);
    episode_release(&c);
    return rc;
}

/* ==================== Promises overdue ==================== */

/* Days past its due date before an unkept promise is raised as an alert. */
#define PROMISE_GRACE_DAYS 2

struct overdue_walk {
    long day;
    json_t *ids;
};

static int take_overdue(const struct task_rec *t, void *arg)
{
    struct overdue_walk *w = arg;
    if (task_is_promise(t) && t->due_day + PROMISE_GRACE_DAYS < w->day)
        json_array_append_new(w->ids, json_string(t->id));
    return MRX_OK;
}

int records_promises_overdue(const struct records *r, long day, json_t **out, struct mrx_err *err)
{
    struct overdue_walk w = {day, json_array()};
    int rc = store_tasks_open_each(r->store, NULL, NULL, take_overdue, &w, err);

    if (rc) {
        json_decref(w.ids);
        return rc;
    }
    *out = w.ids;
    return MRX_OK;
}

struct escalated {
    const char *task_id;
    bool found;
};

static int take_escalation(const struct alert_rec *a, void *arg)
{
    struct escalated *e = arg;
    e->found |= strcmp(a->rule_id, "promise_overdue") == 0 && a->detail &&
                strcmp(a->detail, e->task_id) == 0;
    return MRX_OK;
}

int records_escalate_promise(const struct records *r, const char *task_id, long day, json_t **out,
                             struct mrx_err *err)
{
    struct task_rec t;
    struct escalated e = {task_id, false};
    char reason[640], due[16];
    struct alert_rec a = {.rule_id = "promise_overdue",
                          .tier = "routine",
                          .reason = reason,
                          .evidence = "A promise to the patient is a task with a due date (issue "
                                      "20); high risk needs its contact soon (NICE NG59 1.1.3)",
                          .detail = task_id,
                          .opened_day = day,
                          .last_day = day,
                          .occurrences = 1,
                          .status = "open"};
    int rc;

    *out = NULL;
    if ((rc = store_task_get(r->store, task_id, &t, err)))
        return rc;
    /* done since the list was read, or raised already (open or resolved: once a promise) */
    if (strcmp(t.status, "open") != 0 || !t.episode_id[0] ||
        (rc = store_alerts_each(r->store, t.org_id, t.episode_id, take_escalation, &e, err)))
        return rc;
    if (e.found)
        return MRX_OK;
    date_format(t.due_day, due, sizeof(due));
    snprintf(reason, sizeof(reason),
             "A promise to the patient is %ld days overdue (due %s) and nobody has done it: %s",
             day - t.due_day, due, t.title);
    snprintf(a.org_id, sizeof(a.org_id), "%s", t.org_id);
    snprintf(a.episode_id, sizeof(a.episode_id), "%s", t.episode_id);
    snprintf(a.patient_id, sizeof(a.patient_id), "%s", t.patient_id);
    if ((rc = alert_raise(r, &a, NULL, err)) ||
        (rc = audit(r, t.org_id, "program.review", t.patient_id, err)))
        return rc;
    *out = json_pack("{ss, ss, ss}", "patient", t.patient_id, "task", task_id, "alert", a.id);
    return MRX_OK;
}
