/*
 * intake.c: an intake starts an episode: triage first, then the first plan,
 * the questionnaire scores, and alerts for the care team (see records.h).
 */
#include "compat.h"

#include <assert.h>
#include <stdlib.h>

#include "common/xalloc.h"
#include "core/plan/plan.h"
#include "formats/adapt_state_json.h"
#include "formats/plan_json.h"
#include "formats/triage_json.h"
#include "records/internal.h"

/* Closes the patient's current episode, if any, and numbers the next one. */
static int close_current(const struct records *r, const struct patient_rec *p, long day,
                         bool after_review, int *next_seq, struct mrx_err *err)
{
    struct episode_rec cur;
    char *state;
    int rc = store_episode_current(r->store, p->org_id, p->id, &cur, err);

    *next_seq = 1;
    if (rc == MRX_ENOTFOUND) {
        mrx_err_clear(err);
        return MRX_OK;
    }
    if (rc)
        return rc;
    if (cur.status == EPISODE_STOPPED && !after_review)
        return mrx_err_set(err, MRX_EINVAL, "patient",
                           "the program was stopped after an emergency answer; a new intake "
                           "needs a clinician's review first (--after-review on the command "
                           "line, after_review in the API)");
    if (day < cur.start_day)
        return mrx_err_set(err, MRX_EINVAL, "--date", "is before the current episode's start");
    *next_seq = cur.seq + 1;
    state = cur.engine_state ? xstrdup(cur.engine_state) : NULL;
    cur.engine_state = state;
    cur.status = EPISODE_CLOSED;
    rc = store_episode_update(r->store, &cur, err);
    free(state);
    return rc;
}

static int first_plan(const struct records *r, struct episode_rec *ep, const json_t *doc,
                      const struct triage_result *t, const struct intake_opts *o, json_t **plan_out,
                      struct mrx_err *err)
{
    struct intake in;
    struct plan plan = {0};
    struct adapt_state state;
    struct plan_version_rec pv = {.version = 1, .author = "intake", .rule_id = NULL};
    char *plan_text = NULL, *state_text = NULL, evidence[256];
    json_t *plan_json = NULL;
    int rc;

    if ((rc = intake_from_json(doc, &in, err)))
        return rc;
    if ((rc = o->restart ? plan_restart(&in, t, &r->data->catalog, &r->data->program, o->seeds,
                                        o->n_seeds, &plan, err)
                         : plan_first(&in, t, &r->data->catalog, &r->data->program, &plan, err)))
        goto out;
    plan_json = plan_to_json(&plan, true, ep->start_day);
    json_object_set_new(plan_json, "flare", json_false());
    adapt_state_from_plan(&plan, &in, ep->start_day, &state);
    /* A red flag at the intake, even a routine one, holds progression until the care team
     * has reviewed it (CLINICAL.md 6.2: never progress while a red-flag item is positive);
     * resolving its alert lets the plan step up again. Yellow flags do not. */
    for (int k = 0; k < t->n_fired; k++)
        if (t->fired[k]->group != GROUP_PSYCHOSOCIAL)
            state.open_alerts |= ADAPT_RULE_BIT(AR_ALERT_RED_FLAG);
    plan_text = json_text(plan_json);
    {
        json_t *sj = adapt_state_to_json(&r->data->adapt, &state);
        state_text = json_text(sj);
        json_decref(sj);
    }
    ep->status = state.progression_held ? EPISODE_PAUSED : EPISODE_ACTIVE;
    ep->engine_state = state_text;
    snprintf(evidence, sizeof(evidence), "MoveRx program %s; triage rules %s",
             json_string_value(json_object_get(r->data->program.doc, "version")),
             r->data->triage.version);
    snprintf(pv.org_id, sizeof(pv.org_id), "%s", ep->org_id);
    snprintf(pv.episode_id, sizeof(pv.episode_id), "%s", ep->id);
    snprintf(pv.recorded_at, sizeof(pv.recorded_at), "%s", r->now);
    pv.day = ep->start_day;
    pv.reason = plan.explanation;
    pv.evidence = evidence;
    pv.plan = plan_text;
    pv.changes = "[]";
    if ((rc = store_episode_add(r->store, ep, err)) ||
        (rc = store_plan_version_add(r->store, &pv, err)) ||
        (rc = assessments_add_intake(r, ep, ep->start_day, doc, &in,
                                     !o->restart        ? SCORES_ALL
                                     : o->startback_new ? SCORES_PAIN_AND_STARTBACK
                                                        : SCORES_PAIN,
                                     err)))
        goto out;
    *plan_out = json_incref(plan_json);
out:
    ep->engine_state = NULL;
    free(plan_text);
    free(state_text);
    json_decref(plan_json);
    plan_release(&plan);
    intake_release(&in);
    return rc;
}

/*
 * Starts an episode on `day` for a triaged intake document (any earlier
 * episode is closed): the first plan when the program may start, none when
 * it stops or does not start; the intake is stored with its triage. c->ep
 * becomes the new episode. *plan_out is the plan, or JSON null.
 */
static int start_episode(const struct records *r, struct episode_ctx *c, long day,
                         const json_t *doc, const struct triage_result *t,
                         const struct intake_opts *o, json_t **plan_out, struct mrx_err *err)
{
    struct episode_rec ep = {.start_day = day, .reviewed_through = day - 1};
    struct intake_rec ir = {.day = day};
    json_t *tj = triage_result_to_json(t);
    char *answers_text = NULL, *triage_text = NULL;
    int rc;

    *plan_out = json_null();
    snprintf(ep.org_id, sizeof(ep.org_id), "%s", c->patient.org_id);
    snprintf(ep.patient_id, sizeof(ep.patient_id), "%s", c->patient.id);
    snprintf(ep.created_at, sizeof(ep.created_at), "%s", r->now);
    if ((rc = store_new_id(ep.id, err)) ||
        (rc = close_current(r, &c->patient, day, o->after_review, &ep.seq, err)))
        goto out;
    if (t->program == PROGRAM_STOP || t->program == PROGRAM_NOT_STARTED) {
        ep.status = t->program == PROGRAM_STOP ? EPISODE_STOPPED : EPISODE_NOT_STARTED;
        rc = store_episode_add(r->store, &ep, err);
    } else {
        json_decref(*plan_out);
        *plan_out = NULL;
        rc = first_plan(r, &ep, doc, t, o, plan_out, err);
        if (rc)
            *plan_out = json_null();
    }
    if (rc)
        goto out;
    answers_text = json_text(doc);
    triage_text = json_text(tj);
    snprintf(ir.org_id, sizeof(ir.org_id), "%s", ep.org_id);
    snprintf(ir.episode_id, sizeof(ir.episode_id), "%s", ep.id);
    snprintf(ir.recorded_at, sizeof(ir.recorded_at), "%s", r->now);
    ir.answers = answers_text;
    ir.triage = triage_text;
    if ((rc = store_intake_add(r->store, &ir, err)))
        goto out;
    ep.engine_state = NULL;
    c->ep = ep;
out:
    free(answers_text);
    free(triage_text);
    json_decref(tj);
    return rc;
}

int episode_start_stopped(const struct records *r, struct episode_ctx *c, long day,
                          const json_t *doc, const struct triage_result *t, struct mrx_err *err)
{
    const struct intake_opts o = {.after_review = true};
    json_t *plan;
    int rc;

    assert(t->program == PROGRAM_STOP);
    rc = start_episode(r, c, day, doc, t, &o, &plan, err);
    json_decref(plan);
    return rc;
}

int intake_start(const struct records *r, const char *patient_id, const json_t *doc, long day,
                 const struct intake_opts *o, json_t **out, struct mrx_err *err)
{
    struct episode_ctx c;
    struct triage_entry e = {0};
    json_t *plan = NULL, *alerts = json_array(), *tasks = json_array();
    int rc;

    if ((rc = episode_load(r, patient_id, false, &c, err)))
        goto out;
    if (!records_day_plausible(r, day)) {
        rc = mrx_err_set(err, MRX_EINVAL, "--date", "is in the future");
        goto out;
    }
    if (!json_is_object(doc)) {
        rc = mrx_err_set(err, MRX_EINVAL, "intake", "must be a JSON object");
        goto out;
    }
    /* Triage first, from the red flags alone: an emergency stops everything
     * even when the rest of the intake is incomplete. The age, when the
     * intake has none, is the record's. */
    if ((rc = triage_answers_from_document(doc, &e.own, err)))
        goto out;
    e.answers = e.own;
    triage_fill_age(&c.patient, day, &e.answers);
    triage_evaluate(&r->data->triage, &e.answers, &e.result);
    triage_evaluate(&r->data->triage, &e.answers, &e.all);
    e.evaluated = true;
    if ((rc = start_episode(r, &c, day, doc, &e.result, o, &plan, err)) ||
        (rc = triage_alerts(r, &c, true, day, "intake", &e, alerts, err)) ||
        (json_is_object(plan) && (rc = task_for_plan(r, &c.ep, plan, NULL, err))) ||
        (rc = tasks_of_episode(r, c.ep.org_id, c.ep.id, tasks, err)) || /* its alerts' too */
        (rc = audit(r, c.ep.org_id, o->restart ? "episode.restart" : "intake.create", c.patient.id,
                    err)))
        goto out;
    *out = json_pack("{ss, ss, so, so, ss, sO}", "patient", c.patient.id, "episode", c.ep.id,
                     "start", json_date(day), "triage", triage_result_to_json(&e.result), "status",
                     episode_status_name(c.ep.status), "plan", plan);
    json_object_set(*out, "alerts", alerts);
    json_object_set(*out, "tasks", tasks);
out:
    json_decref(plan);
    json_decref(alerts);
    json_decref(tasks);
    triage_entry_release(&e);
    episode_release(&c);
    return rc;
}

int records_intake(const struct records *r, const char *patient_id, const json_t *doc, long day,
                   bool after_review, json_t **out, struct mrx_err *err)
{
    const struct intake_opts o = {.after_review = after_review};
    return intake_start(r, patient_id, doc, day, &o, out, err);
}
