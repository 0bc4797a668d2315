/*
 * tasks.c: the care team's tasks (see records.h, docs/records.md "Tasks").
 *
 * Every promise MoveRx makes to a patient becomes a task with a due date:
 * the plan's review (a physiotherapist within two weeks for medium risk,
 * someone from the care team within three days for high risk, a clinician
 * within a day after an urgent sign), and the answer to every alert, whose
 * message tells the patient their care team has been told. A task that
 * answers an alert is done when the alert is resolved, and resolving the
 * task resolves its alert.
 */
#include "compat.h"

#include "common/xalloc.h"
#include "records/internal.h"

json_t *task_json(const struct task_rec *t)
{
    json_t *o = json_pack("{ss, ss, ss, ss, ss, so, ss, ss}", "id", t->id, "patient", t->patient_id,
                          "kind", t->kind, "source", t->source, "title", t->title, "due",
                          json_date(t->due_day), "created_at", t->created_at, "status", t->status);

    json_object_set_new(o, "episode", t->episode_id[0] ? json_string(t->episode_id) : json_null());
    json_object_set_new(o, "alert", t->alert_id ? json_string(t->alert_id) : json_null());
    json_object_set_new(o, "done_by", t->done_by ? json_string(t->done_by) : json_null());
    json_object_set_new(o, "done_at", t->done_at ? json_string(t->done_at) : json_null());
    json_object_set_new(o, "note", t->note ? json_string(t->note) : json_null());
    return o;
}

static int take_task(const struct task_rec *t, void *arg)
{
    json_array_append_new(arg, task_json(t));
    return MRX_OK;
}

/* Who did each task, as the care team knows them: the account's e-mail
 * (`done_by` is an account id, or "cli:NAME" from the command line). */
static void name_doer(const struct records *r, json_t *t)
{
    const char *by = json_string_value(json_object_get(t, "done_by"));
    struct user_rec u;
    json_object_set_new(t, "done_by_email",
                        by && store_user_get(r->store, by, &u, NULL) == MRX_OK && u.email
                            ? json_string(u.email)
                            : json_null());
}

static void name_doers(const struct records *r, json_t *list)
{
    json_t *t;
    size_t k;

    json_array_foreach(list, k, t) name_doer(r, t);
}

int task_open(const struct records *r, const struct task_rec *t, json_t *tasks_out,
              struct mrx_err *err)
{
    struct task_rec rec = *t;
    int rc;

    rec.status = "open";
    snprintf(rec.created_at, sizeof(rec.created_at), "%s", r->now);
    if ((rc = store_new_id(rec.id, err)) || (rc = store_task_add(r->store, &rec, err)))
        return rc;
    if (tasks_out)
        json_array_append_new(tasks_out, task_json(&rec));
    return MRX_OK;
}

/* What the care team is to do for an engine alert: its reason is the patient's
 * explanation ("your care team will check in"), not the team's task. A triage
 * alert's reason is already the clinician's message. */
const char *alert_care_text(const struct alert_rec *a)
{
    static const struct {
        const char *rule, *title;
    } titles[] = {
        {"alert_inactivity", "Check in: no session or walk logged for 5 days."},
        {"alert_no_improvement",
         "Review the plan: pain has not eased as expected for how long it has lasted."},
        {"alert_worsening",
         "Check in: pain or morning stiffness is rising week on week, or pain is far above where "
         "a flare began."},
        {"alert_flare_not_settling", "Review: a flare has lasted two weeks."},
        {"alert_flares_recurring", "Review the load: three flares in four weeks."},
        {"alert_volume_lost", "Review the plan: it is now under half of what it was at the start."},
        {"alert_plan_full", "Talk about the patient's time: for three weeks nothing in the plan "
                            "could grow because it fills the minutes a day they gave; more time, "
                            "or a different mix (walks over exercises, say)."},
        {"alert_hurts_at_least", "Change an exercise: it hurt above the acceptable zone at its "
                                 "smallest dose and has no easier version in the library."},
        {"alert_session_pain", "Check in: a session's pain reached 8 out of 10 or more."},
    };

    for (size_t k = 0; k < MRX_ARRAY_LEN(titles); k++)
        if (strcmp(a->rule_id, titles[k].rule) == 0)
            return titles[k].title;
    return a->reason;
}

bool task_is_promise(const struct task_rec *t)
{
    return (strcmp(t->kind, "first_contact") == 0 || strcmp(t->kind, "plan_review") == 0) &&
           !(t->source && strcmp(t->source, "discharge_review") == 0);
}

int alert_raise(const struct records *r, struct alert_rec *a, json_t *tasks_out,
                struct mrx_err *err)
{
    int rc;

    snprintf(a->opened_at, sizeof(a->opened_at), "%s", r->now);
    if ((rc = store_new_id(a->id, err)) || (rc = store_alert_add(r->store, a, err)))
        return rc;
    return task_for_alert(r, a, tasks_out, err);
}

int task_for_alert(const struct records *r, const struct alert_rec *a, json_t *tasks_out,
                   struct mrx_err *err)
{
    enum tier tier = TIER_ROUTINE;
    struct task_rec t = {
        .kind = "alert", .source = a->rule_id, .alert_id = a->id, .title = alert_care_text(a)};
    char title[768];

    /* where the patient's words say what the team's title cannot (which exercise hurt,
     * whether pain or stiffness rose), the task quotes them */
    if (t.title != a->reason && (strcmp(a->rule_id, "alert_hurts_at_least") == 0 ||
                                 strcmp(a->rule_id, "alert_worsening") == 0 ||
                                 strcmp(a->rule_id, "alert_session_pain") == 0)) {
        snprintf(title, sizeof(title), "%s The patient read: \"%s\"", t.title, a->reason);
        t.title = title;
    }

    tier_from_name(a->tier, &tier);
    t.due_day = a->opened_day + adapt_alert_due_days(tier);
    snprintf(t.org_id, sizeof(t.org_id), "%s", a->org_id);
    snprintf(t.patient_id, sizeof(t.patient_id), "%s", a->patient_id);
    snprintf(t.episode_id, sizeof(t.episode_id), "%s", a->episode_id);
    return task_open(r, &t, tasks_out, err);
}

int task_for_plan(const struct records *r, const struct episode_rec *ep, const json_t *plan,
                  json_t *tasks_out, struct mrx_err *err)
{
    const json_t *review = json_object_get(plan, "care_team");
    const char *who = json_string_value(json_object_get(review, "review"));
    int days = (int)json_integer_value(json_object_get(review, "within_days"));
    bool restart = json_is_object(json_object_get(plan, "restart"));
    const char *kind = plan_promise_task(who, days, restart);
    bool contact = kind && strcmp(kind, "first_contact") == 0;
    char title[256];
    struct task_rec t = {.kind = kind, .title = title};

    if (!kind)
        return MRX_OK; /* the plan promised no review */
    t.source = t.kind;
    if (contact && restart)
        snprintf(title, sizeof(title),
                 "Contact the patient: their pain came back after the course and they started "
                 "it again from their maintenance plan; the plan told them the care team would "
                 "be in touch within %d day%s.",
                 days, days == 1 ? "" : "s");
    else if (contact)
        snprintf(title, sizeof(title),
                 "Contact the patient: the plan told them someone from the care team would be "
                 "in touch within %d day%s.",
                 days, days == 1 ? "" : "s");
    else {
        /* a flag at intake shortens the stratum's review (plan.c schedule_review): the
         * person was told both, in these words, and the title says both */
        static const char *const strata[] = {"low", "medium", "high"};
        const char *stratum = json_string_value(json_object_get(plan, "stratum"));
        const struct stratum_config *sc = NULL;
        for (size_t k = 0; stratum && k < MRX_ARRAY_LEN(strata); k++)
            if (strcmp(stratum, strata[k]) == 0)
                sc = &r->data->program.strata[k];
        if (sc && sc->review_who && sc->review_within_days > days)
            snprintf(title, sizeof(title),
                     "Review the plan and the answers flagged at intake with the patient: the "
                     "plan told them the care team would look at their answers in the next few "
                     "days, and a %s at their plan within %d days.",
                     sc->review_who, sc->review_within_days);
        else if (sc && !sc->review_who)
            snprintf(title, sizeof(title),
                     "Look at the answers flagged at intake with the patient: the plan told them "
                     "the care team would look at them in the next few days.");
        else
            snprintf(title, sizeof(title),
                     "Review the plan with the patient: the plan told them a %s would look at it "
                     "within %d days.",
                     who, days);
    }
    t.due_day = ep->start_day + days;
    snprintf(t.org_id, sizeof(t.org_id), "%s", ep->org_id);
    snprintf(t.patient_id, sizeof(t.patient_id), "%s", ep->patient_id);
    snprintf(t.episode_id, sizeof(t.episode_id), "%s", ep->id);
    return task_open(r, &t, tasks_out, err);
}

/* ==================== Closing ==================== */

struct alert_tasks {
    const char *alert_id;
    char ids[8][STORE_ID_SIZE];
    int n;
};

static int take_alert_task(const struct task_rec *t, void *arg)
{
    struct alert_tasks *a = arg;

    if (t->alert_id && strcmp(t->alert_id, a->alert_id) == 0 && strcmp(t->status, "open") == 0 &&
        a->n < (int)MRX_ARRAY_LEN(a->ids))
        snprintf(a->ids[a->n++], STORE_ID_SIZE, "%s", t->id);
    return MRX_OK;
}

int task_close(const struct records *r, struct task_rec *t, const char *by, const char *note,
               struct mrx_err *err)
{
    t->status = "done";
    t->done_by = by;
    t->done_at = r->now;
    t->note = note;
    return store_task_update(r->store, t, err);
}

static int mark_done(const struct records *r, struct task_rec *t, const char *note,
                     struct mrx_err *err)
{
    return task_close(r, t, r->actor, note, err);
}

int tasks_close_for_alert(const struct records *r, const struct alert_rec *a, const char *note,
                          struct mrx_err *err)
{
    struct alert_tasks at = {.alert_id = a->id};
    int rc =
        store_tasks_patient_each(r->store, a->org_id, a->patient_id, take_alert_task, &at, err);

    for (int k = 0; k < at.n && rc == MRX_OK; k++) {
        struct task_rec t;
        if ((rc = store_task_get(r->store, at.ids[k], &t, err)) == MRX_OK)
            rc = mark_done(r, &t, note, err);
    }
    return rc;
}

int records_task_done(const struct records *r, const char *task_id, const char *note, json_t **out,
                      struct mrx_err *err)
{
    struct task_rec t;
    char alert[STORE_ID_SIZE] = "";
    int rc;

    if (!note || !*note || strlen(note) > 2000)
        return mrx_err_set(err, MRX_EINVAL, "note", "must be 1 to 2000 bytes long");
    if ((rc = store_task_get(r->store, task_id, &t, err)))
        return rc;
    if (strcmp(t.status, "open") != 0)
        return mrx_err_set(err, MRX_EINVAL, "task", "is already done");
    if (t.alert_id)
        snprintf(alert, sizeof(alert), "%s", t.alert_id);
    if (alert[0]) { /* resolving the alert closes this task with it */
        json_t *resolved = NULL;
        struct alert_rec a;
        if ((rc = store_alert_get(r->store, alert, &a, err)))
            return rc;
        if (strcmp(a.status, "resolved") != 0) {
            rc = records_alert_resolve(r, alert, note, false, &resolved, err);
            json_decref(resolved);
        } else {
            rc = store_task_get(r->store, task_id, &t, err);
            if (rc == MRX_OK)
                rc = mark_done(r, &t, note, err);
        }
    } else {
        rc = mark_done(r, &t, note, err);
    }
    if (rc || (rc = store_task_get(r->store, task_id, &t, err)) ||
        (rc = audit(r, t.org_id, "task.done", t.patient_id, err)))
        return rc;
    *out = task_json(&t);
    name_doer(r, *out);
    return MRX_OK;
}

/* ==================== Lists ==================== */

int records_tasks(const struct records *r, const char *org_id, const char *user_id, json_t **out,
                  struct mrx_err *err)
{
    json_t *list = json_array();
    struct org_rec org;
    int rc = org_id ? store_org_get(r->store, org_id, &org, err) : MRX_OK;

    if (rc) {
        json_decref(list);
        return mrx_err_set(err, rc, "--org", "no organization '%s'", org_id);
    }
    rc = store_tasks_open_each(r->store, org_id, user_id, take_task, list, err);
    name_doers(r, list);
    if (!rc)
        rc = audit(r, org_id ? org_id : "*", "task.list", NULL, err);
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{so}", "tasks", list);
    return MRX_OK;
}

int tasks_of_episode(const struct records *r, const char *org_id, const char *episode_id,
                     json_t *out, struct mrx_err *err)
{
    return store_tasks_each(r->store, org_id, episode_id, take_task, out, err);
}

int records_patient_tasks(const struct records *r, const char *patient_id, json_t **out,
                          struct mrx_err *err)
{
    struct patient_rec p;
    json_t *list;
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)))
        return rc;
    list = json_array();
    if ((rc = store_tasks_patient_each(r->store, p.org_id, p.id, take_task, list, err)) ||
        (rc = audit(r, p.org_id, "task.read", p.id, err))) {
        json_decref(list);
        return rc;
    }
    name_doers(r, list);
    *out = json_pack("{ss, so}", "patient", p.id, "tasks", list);
    return MRX_OK;
}
