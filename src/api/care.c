/*
 * care.c: the care team's routes: the alert queue, acknowledging and
 * resolving alerts, the task queue and marking a task done, the panel. A clinician sees the
 * patients on their care team; an admin sees their whole organization.
 */
#include "compat.h"

#include "api/api_internal.h"

/* A clinician's own care team; an admin's whole organization. */
static const char *team_of(const struct call *c)
{
    return c->who.user.role == ROLE_CLINICIAN ? c->who.user.id : NULL;
}

void h_alerts(struct call *c)
{
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc = team_of(c) ? records_care_alerts(&r, c->who.user.org_id, c->who.user.id, &out, &err)
                        : records_alerts(&r, c->who.user.org_id, &out, &err);

    if (rc)
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

void h_panel(struct call *c)
{
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc = records_panel(&r, c->who.user.org_id, team_of(c), c->today, &out, &err);

    if (rc)
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

/* ==================== Acting on an alert ==================== */

struct alert_job {
    struct call *c;
    const char *alert_id;
    bool resolve, resume;
    const char *note;
    json_t *out;
};

static int run_alert(struct store *s, void *arg, struct mrx_err *err)
{
    struct alert_job *j = arg;
    struct records r = call_records(j->c, s, false);

    return j->resolve ? records_alert_resolve(&r, j->alert_id, j->note, j->resume, &j->out, err)
                      : records_alert_acknowledge(&r, j->alert_id, &j->out, err);
}

/* The alert, when the caller may act on it (its patient is theirs to see). */
static bool alert_access(struct call *c, const char *action, char org[STORE_ID_SIZE],
                         char patient[STORE_ID_SIZE])
{
    struct alert_rec a;
    struct mrx_err err;
    int rc = store_alert_get(c->rs, c->params[0], &a, &err);

    if (rc) { /* a missing patient or alert is a 404, as for one not the caller's */
        reply_mrx(c, rc, &err);
        return false;
    }
    snprintf(org, STORE_ID_SIZE, "%s", a.org_id);
    snprintf(patient, STORE_ID_SIZE, "%s", a.patient_id);
    return access_patient(c, patient, action, NULL);
}

static void act(struct call *c, struct alert_job *j, const char *action)
{
    char org[STORE_ID_SIZE], patient[STORE_ID_SIZE];

    if (!alert_access(c, action, org, patient))
        return;
    j->c = c;
    j->alert_id = c->params[0];
    if (call_write(c, run_alert, j, org, action, patient))
        reply_json(c, 200, j->out);
}

void h_alert_ack(struct call *c)
{
    struct alert_job j = {0};
    static const struct field_spec none[] = {{NULL, F_STRING, false, 0, 0}};
    json_t *body = NULL;

    /* No fields; an empty body or {} both do. */
    if (c->req->body_len && !(body = body_object(c, none)))
        return;
    json_decref(body);
    act(c, &j, "alert.acknowledge");
}

static const struct field_spec resolve_fields[] = {
    {"note", F_STRING, true, 1, 2000},
    {"resume_program", F_BOOL, false, 0, 0},
    {NULL, F_STRING, false, 0, 0},
};

void h_alert_resolve(struct call *c)
{
    json_t *body = body_object(c, resolve_fields);
    struct alert_job j = {.resolve = true};

    if (!body)
        return;
    j.note = body_str(body, "note");
    j.resume = body_bool(body, "resume_program");
    act(c, &j, "alert.resolve");
    json_decref(body);
}

/* ==================== Tasks ==================== */

void h_tasks(struct call *c)
{
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc = records_tasks(&r, c->who.user.org_id, team_of(c), &out, &err);

    if (rc)
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

void h_patient_tasks(struct call *c)
{
    struct records r;
    struct mrx_err err;
    json_t *out;
    int rc;

    if (!access_patient(c, c->params[0], "task.read", NULL))
        return;
    r = call_records(c, c->rs, true);
    if ((rc = records_patient_tasks(&r, c->params[0], &out, &err)))
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}

struct task_job {
    struct call *c;
    const char *note;
    json_t *out;
};

static int run_task(struct store *s, void *arg, struct mrx_err *err)
{
    struct task_job *j = arg;
    struct records r = call_records(j->c, s, false);

    return records_task_done(&r, j->c->params[0], j->note, &j->out, err);
}

static const struct field_spec task_fields[] = {
    {"note", F_STRING, true, 1, 2000},
    {NULL, F_STRING, false, 0, 0},
};

void h_task_done(struct call *c)
{
    json_t *body = body_object(c, task_fields);
    struct task_job j = {.c = c};
    char org[STORE_ID_SIZE], patient[STORE_ID_SIZE];
    struct task_rec t;
    struct mrx_err err;
    int rc;

    if (!body)
        return;
    /* a missing task is a 404, as one of a patient not the caller's */
    if ((rc = store_task_get(c->rs, c->params[0], &t, &err))) {
        reply_mrx(c, rc, &err);
    } else {
        snprintf(org, sizeof(org), "%s", t.org_id);
        snprintf(patient, sizeof(patient), "%s", t.patient_id);
        j.note = body_str(body, "note");
        if (access_patient(c, patient, "task.done", NULL) &&
            call_write(c, run_task, &j, org, "task.done", patient))
            reply_json(c, 200, j.out);
    }
    json_decref(body);
}

/* The cohort's outcomes: a clinician's care team, or an admin's organization. */
void h_outcomes(struct call *c)
{
    struct records r = call_records(c, c->rs, true);
    struct mrx_err err;
    json_t *out;
    int rc = records_outcomes(&r, c->who.user.org_id, team_of(c), c->today, &out, &err);

    if (rc)
        reply_mrx(c, rc, &err);
    else
        reply_json(c, 200, out);
}
