/*
 * export.c: everything held about a patient as one JSON document
 * (docs/records.md "Export"): the patient, each episode with its intake,
 * scores, plan versions, decisions, sessions, check-ins and alerts, and the
 * messages. Optional values are null, never left out, so that importing and
 * exporting again gives the same document. The audit trail is not part of
 * it: it records who read the data, including this export.
 */
#include "compat.h"

#include "records/internal.h"

#define EXPORT_FORMAT "moverx-export"
/* 2: alerts carry occurrences and last_seen, and those reported before any
 * intake are listed beside the episodes (version 1 is still imported). */
#define EXPORT_VERSION 3 /* 3: the care team's tasks */

static json_t *opt_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *opt_int(int v)
{
    return v == CHECKIN_NONE ? json_null() : json_integer(v);
}

/* Stored JSON text as a value (null when absent). */
static json_t *doc(const char *text, struct mrx_err *err, int *rc)
{
    json_t *j = NULL;
    if (!text)
        return json_null();
    if (stored_json(text, "export", &j, err))
        *rc = MRX_EDATA;
    return j ? j : json_null();
}

struct ep_acc {
    json_t *list;
    struct mrx_err *err;
    int rc;
};

static int take_assessment(const struct assessment_rec *a, void *arg)
{
    struct ep_acc *x = arg;
    json_array_append_new(x->list,
                          json_pack("{so, ss, ss, ss, so, so, ss}", "date", json_date(a->day),
                                    "instrument", a->instrument, "instrument_version",
                                    a->instrument_version, "scoring_version", a->scoring_version,
                                    "answers", doc(a->answers, x->err, &x->rc), "score",
                                    doc(a->score, x->err, &x->rc), "recorded_at", a->recorded_at));
    return x->rc;
}

static int take_version(const struct plan_version_rec *v, void *arg)
{
    struct ep_acc *x = arg;
    json_array_append_new(
        x->list,
        json_pack("{si, so, ss, so, ss, ss, so, so, ss}", "version", v->version, "date",
                  json_date(v->day), "author", v->author, "rule", opt_text(v->rule_id), "reason",
                  v->reason, "evidence", v->evidence, "plan", doc(v->plan, x->err, &x->rc),
                  "changes", doc(v->changes, x->err, &x->rc), "recorded_at", v->recorded_at));
    return x->rc;
}

static int take_decision(const struct decision_rec *d, void *arg)
{
    struct ep_acc *x = arg;
    json_array_append_new(
        x->list,
        json_pack("{si, so, ss, ss, so, so, so, ss, ss, so}", "seq", d->seq, "date",
                  json_date(d->day), "kind", d->kind, "rule", d->rule_id, "item", opt_text(d->item),
                  "from", doc(d->from_dose, x->err, &x->rc), "to", doc(d->to_dose, x->err, &x->rc),
                  "reason", d->reason, "evidence", d->evidence, "plan_version",
                  d->plan_version ? json_integer(d->plan_version) : json_null()));
    return x->rc;
}

static int take_session(const struct session_rec *s, void *arg)
{
    struct ep_acc *x = arg;
    json_array_append_new(x->list, json_pack("{so, si, so, so, so, ss}", "date", json_date(s->day),
                                             "pain_during", s->pain_during, "difficulty",
                                             opt_text(difficulty_name(s->difficulty)), "items",
                                             doc(s->items, x->err, &x->rc), "note",
                                             opt_text(s->note), "recorded_at", s->recorded_at));
    return x->rc;
}

static int take_checkin(const struct checkin_rec *c, void *arg)
{
    struct ep_acc *x = arg;
    json_array_append_new(
        x->list, json_pack("{so, si, so, so, so, so, so, so, so, so, ss, sb, ss}", "date",
                           json_date(c->day), "pain", c->pain, "next_morning_pain",
                           opt_int(c->next_morning_pain), "walk_minutes", opt_int(c->walk_minutes),
                           "stiffness", opt_int(c->stiffness), "sleep", opt_int(c->sleep), "steps",
                           opt_int(c->steps), "feel_better", doc(c->feel_better, x->err, &x->rc),
                           "get_better", doc(c->get_better, x->err, &x->rc), "red_flags",
                           doc(c->red_flags, x->err, &x->rc), "red_flag_tier", c->red_flag_tier,
                           "flare", c->flare, "recorded_at", c->recorded_at));
    return x->rc;
}

static int take_alert(const struct alert_rec *a, void *arg)
{
    struct ep_acc *x = arg;
    json_array_append_new(
        x->list,
        json_pack("{ss, ss, ss, ss, ss, so, so, ss, ss, so, so, so, so, so, si, so}", "id", a->id,
                  "rule", a->rule_id, "tier", a->tier, "reason", a->reason, "evidence", a->evidence,
                  "detail", opt_text(a->detail), "opened", json_date(a->opened_day), "opened_at",
                  a->opened_at, "status", a->status, "acknowledged_by",
                  opt_text(a->acknowledged_by), "acknowledged_at", opt_text(a->acknowledged_at),
                  "resolved_by", opt_text(a->resolved_by), "resolved_at", opt_text(a->resolved_at),
                  "resolution_note", opt_text(a->resolution_note), "occurrences", a->occurrences,
                  "last_seen", json_date(a->last_day)));
    return MRX_OK;
}

/* The alerts of no episode: warning signs reported before any intake. */
static int take_patient_alert(const struct alert_rec *a, void *arg)
{
    return a->episode_id[0] ? MRX_OK : take_alert(a, arg);
}

static int take_task(const struct task_rec *t, void *arg)
{
    struct ep_acc *x = arg;
    json_t *o = task_json(t);

    json_object_del(o, "patient"); /* the export's own */
    json_array_append_new(x->list, o);
    return MRX_OK;
}

static int take_message(const struct message_rec *m, void *arg)
{
    struct ep_acc *x = arg;
    json_array_append_new(x->list, json_pack("{ss, ss, ss, ss, so}", "id", m->id, "sender",
                                             m->sender, "body", m->body, "sent_at", m->sent_at,
                                             "read_at", opt_text(m->read_at)));
    return MRX_OK;
}

struct episodes_acc {
    json_t *list; /* of episode objects, filled in a second pass */
    struct mrx_err *err;
    int rc;
};

static int take_episode(const struct episode_rec *e, void *arg)
{
    struct episodes_acc *x = arg;
    json_array_append_new(
        x->list, json_pack("{ss, si, so, ss, so, so, ss}", "id", e->id, "seq", e->seq, "start",
                           json_date(e->start_day), "status", episode_status_name(e->status),
                           "reviewed_through", json_date(e->reviewed_through), "engine_state",
                           doc(e->engine_state, x->err, &x->rc), "created_at", e->created_at));
    return x->rc;
}

/* Fills one list of an episode with a store iteration. */
#define FILL(key, call)                                                                            \
    do {                                                                                           \
        struct ep_acc acc_ = {json_array(), err, MRX_OK};                                          \
        rc = (call);                                                                               \
        json_object_set_new(ep, key, acc_.list);                                                   \
        if (rc)                                                                                    \
            return rc;                                                                             \
    } while (0)

static int fill_episode(const struct records *r, const char *org, json_t *ep, struct mrx_err *err)
{
    const char *id = json_string_value(json_object_get(ep, "id"));
    struct intake_rec ir;
    int rc, drc = MRX_OK;

    if ((rc = store_intake_get(r->store, org, id, &ir, err)))
        return rc;
    json_object_set_new(ep, "intake",
                        json_pack("{so, so, so, ss}", "date", json_date(ir.day), "answers",
                                  doc(ir.answers, err, &drc), "triage", doc(ir.triage, err, &drc),
                                  "recorded_at", ir.recorded_at));
    if (drc)
        return drc;
    FILL("assessments", store_assessments_each(r->store, org, id, take_assessment, &acc_, err));
    FILL("plan_versions", store_plan_versions_each(r->store, org, id, take_version, &acc_, err));
    FILL("decisions", store_decisions_each(r->store, org, id, take_decision, &acc_, err));
    FILL("sessions", store_sessions_each(r->store, org, id, 0, DAY_LAST, take_session, &acc_, err));
    FILL("checkins", store_checkins_each(r->store, org, id, 0, DAY_LAST, take_checkin, &acc_, err));
    FILL("alerts", store_alerts_each(r->store, org, id, take_alert, &acc_, err));
    return MRX_OK;
}

int records_export(const struct records *r, const char *patient_id, json_t **out,
                   struct mrx_err *err)
{
    struct episode_ctx c;
    struct org_rec org;
    struct episodes_acc eps = {json_array(), err, MRX_OK};
    struct ep_acc msgs = {json_array(), err, MRX_OK}, alerts = {json_array(), err, MRX_OK};
    struct ep_acc tasks = {json_array(), err, MRX_OK};
    json_t *ep;
    size_t k;
    int rc;

    if ((rc = episode_load(r, patient_id, false, &c, err)) ||
        (rc = store_episodes_each(r->store, c.patient.org_id, c.patient.id, take_episode, &eps,
                                  err)))
        goto out;
    json_array_foreach(eps.list, k, ep)
    {
        if ((rc = fill_episode(r, c.patient.org_id, ep, err)))
            goto out;
    }
    if ((rc = store_messages_each(r->store, c.patient.org_id, c.patient.id, take_message, &msgs,
                                  err)) ||
        (rc = store_alerts_patient_each(r->store, c.patient.org_id, c.patient.id,
                                        take_patient_alert, &alerts, err)) ||
        (rc = store_tasks_patient_each(r->store, c.patient.org_id, c.patient.id, take_task, &tasks,
                                       err)) ||
        (rc = store_org_get(r->store, c.patient.org_id, &org, err)))
        goto out;
    *out = json_pack("{ss, si, s{ss, ss}, s{ss, ss, si, ss}, sO, sO, sO}", "format", EXPORT_FORMAT,
                     "format_version", EXPORT_VERSION, "organization", "id", org.id, "name",
                     org.name, "patient", "id", c.patient.id, "name", c.patient.name, "birth_year",
                     c.patient.birth_year, "created_at", c.patient.created_at, "episodes", eps.list,
                     "alerts", alerts.list, "messages", msgs.list);
    if (*out)
        json_object_set(*out, "tasks", tasks.list);
    if (!*out) { /* a stored text that is not UTF-8: never written by MoveRx */
        rc = mrx_err_set(err, MRX_EDATA, "export", "a stored text is not valid UTF-8");
        goto out;
    }
    rc = audit(r, c.patient.org_id, "patient.export", c.patient.id, err);
    if (rc) {
        json_decref(*out);
        *out = NULL;
    }
out:
    json_decref(eps.list);
    json_decref(msgs.list);
    json_decref(alerts.list);
    json_decref(tasks.list);
    episode_release(&c);
    return rc;
}
