/*
 * care.c: accounts, the care team and what it works with: the panel, the
 * alert queue, acknowledging and resolving alerts, messages (records.h).
 *
 * Who may do what is the caller's business (the server's authorization
 * layer); these operations check that records exist and fit together (a
 * clinician of the patient's own organization, an alert still open).
 */
#include "compat.h"

#include <ctype.h>

#include "common/date.h"
#include "common/xalloc.h"
#include "formats/exercise_json.h"
#include "common/numfmt.h"
#include "records/internal.h"

/* ==================== Accounts ==================== */

int records_user_add(const struct records *r, const char *org_id, enum user_role role,
                     const char *email, const char *password_hash, const char *patient_id,
                     json_t **out, struct mrx_err *err)
{
    struct user_rec u = {.role = role, .password_hash = password_hash};
    struct org_rec org;
    struct patient_rec p;
    char addr[256];
    int rc;

    if ((rc = email_normal(email, addr, sizeof(addr), err)))
        return rc;
    u.email = addr;
    if ((rc = store_org_get(r->store, org_id, &org, err)))
        return mrx_err_set(err, rc, "org", "no organization '%s'", org_id);
    if ((role == ROLE_PATIENT) != (patient_id != NULL))
        return mrx_err_set(err, MRX_EINVAL, "patient",
                           role == ROLE_PATIENT ? "a patient account needs its patient record"
                                                : "only a patient account has a patient record");
    if (patient_id) {
        if ((rc = store_patient_get(r->store, patient_id, &p, err)))
            return rc;
        if (strcmp(p.org_id, org_id) != 0)
            return mrx_err_set(err, MRX_ENOTFOUND, "patient",
                               "no patient '%s' in organization '%s'", patient_id, org_id);
        snprintf(u.patient_id, sizeof(u.patient_id), "%s", patient_id);
    }
    snprintf(u.org_id, sizeof(u.org_id), "%s", org_id);
    snprintf(u.created_at, sizeof(u.created_at), "%s", r->now);
    if ((rc = store_new_id(u.id, err)) || (rc = store_user_add(r->store, &u, err)) ||
        (rc = audit(r, org_id, "user.create", patient_id, err)))
        return rc;
    *out = json_pack("{ss}", "id", u.id);
    return MRX_OK;
}

int records_care_add(const struct records *r, const char *patient_id, const char *clinician_id,
                     json_t **out, struct mrx_err *err)
{
    struct patient_rec p;
    struct user_rec u;
    bool member;
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)))
        return rc;
    /* Another organization's account is answered as an unknown one: nothing
     * tells whether an id exists elsewhere. */
    rc = store_user_get(r->store, clinician_id, &u, err);
    if (rc == MRX_ENOTFOUND || (rc == MRX_OK && strcmp(u.org_id, p.org_id) != 0))
        return mrx_err_set(err, MRX_ENOTFOUND, "clinician", "no clinician '%s' here", clinician_id);
    if (rc)
        return rc;
    if (u.role != ROLE_CLINICIAN)
        return mrx_err_set(err, MRX_EINVAL, "clinician", "user '%s' is not a clinician",
                           clinician_id);
    if (u.disabled)
        return mrx_err_set(err, MRX_EINVAL, "clinician", "the account '%s' is disabled",
                           clinician_id);
    if ((rc = store_care_member(r->store, p.org_id, p.id, u.id, &member, err)))
        return rc;
    if (!member && (rc = store_care_add(r->store, p.org_id, p.id, u.id, r->now, err)))
        return rc;
    if ((rc = audit(r, p.org_id, "care_team.add", p.id, err)))
        return rc;
    *out = json_pack("{ss, ss, sb}", "patient", p.id, "clinician", u.id, "added", !member);
    return MRX_OK;
}

/*
 * Takes a clinician off a patient's care team: their access to the patient
 * ends at once (the accounts revision moves with the row). Someone not on the
 * team (an unknown id, another organization's) is answered "removed": false,
 * as the add answers "added": false: nothing tells whether an id exists. The
 * last clinician of a program that is running, paused or stopped stays until
 * another is put on the team: its alerts and promised calls need someone to
 * answer them.
 */
int records_care_remove(const struct records *r, const char *patient_id, const char *clinician_id,
                        json_t **out, struct mrx_err *err)
{
    struct patient_rec p;
    struct episode_rec e;
    bool member, removed;
    long members = 0;
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)) ||
        (rc = store_care_member(r->store, p.org_id, p.id, clinician_id, &member, err)))
        return rc;
    if (!member) {
        if ((rc = audit(r, p.org_id, "care_team.remove", p.id, err)))
            return rc;
        *out =
            json_pack("{ss, ss, sb}", "patient", p.id, "clinician", clinician_id, "removed", false);
        return MRX_OK;
    }
    if ((rc = store_care_count(r->store, p.org_id, p.id, &members, err)))
        return rc;
    rc = store_episode_current(r->store, p.org_id, p.id, &e, err);
    if (rc != MRX_OK && rc != MRX_ENOTFOUND)
        return rc;
    if (members == 1 && rc == MRX_OK &&
        (e.status == EPISODE_ACTIVE || e.status == EPISODE_PAUSED || e.status == EPISODE_STOPPED))
        return mrx_err_set(err, MRX_EINVAL, "clinician",
                           "'%s' is the only clinician on the care team of a %s program: put "
                           "another on the team first",
                           clinician_id, episode_status_name(e.status));
    mrx_err_clear(err);
    if ((rc = store_care_remove(r->store, p.org_id, p.id, clinician_id, &removed, err)) ||
        (rc = audit(r, p.org_id, "care_team.remove", p.id, err)))
        return rc;
    *out =
        json_pack("{ss, ss, sb}", "patient", p.id, "clinician", clinician_id, "removed", removed);
    return MRX_OK;
}

static int take_clinician(const struct user_rec *u, void *arg)
{
    if (u->role == ROLE_CLINICIAN)
        json_array_append_new(arg, json_pack("{ss, ss, sb}", "id", u->id, "email", u->email,
                                             "disabled", u->disabled));
    return MRX_OK;
}

int records_care_team(const struct records *r, const char *patient_id, json_t **out,
                      struct mrx_err *err)
{
    struct patient_rec p;
    json_t *all = json_array(), *team = json_array(), *u;
    size_t k;
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)) ||
        (rc = store_users_each(r->store, p.org_id, take_clinician, all, err)))
        goto done;
    /* the organization's clinicians first, then who of them is on the team: one query at a
     * time, as the store asks */
    json_array_foreach(all, k, u)
    {
        bool member = false;
        if ((rc = store_care_member(r->store, p.org_id, p.id,
                                    json_string_value(json_object_get(u, "id")), &member, err)))
            goto done;
        if (member)
            json_array_append(team, u);
    }
    if ((rc = audit(r, p.org_id, "care_team.read", p.id, err)))
        goto done;
    *out = json_pack("{ss, sO}", "patient", p.id, "care_team", team);
done:
    json_decref(all);
    json_decref(team);
    return rc;
}

/* ==================== Patients and the panel ==================== */

/* The patient's account, for the care team to see whether to invite them:
 * {"email","password_set","disabled"}, or null when they have none. */
static int patient_account(const struct records *r, const struct patient_rec *p, json_t *o,
                           struct mrx_err *err)
{
    struct user_rec u;
    int rc = store_user_of_patient(r->store, p->org_id, p->id, &u, err);

    if (rc == MRX_ENOTFOUND) {
        json_object_set_new(o, "account", json_null());
        return MRX_OK;
    }
    if (rc == MRX_OK)
        json_object_set_new(o, "account",
                            json_pack("{ss, sb, sb}", "email", u.email, "password_set",
                                      u.password_hash != NULL, "disabled", u.disabled));
    return rc;
}

int records_patient_summary(const struct records *r, const char *patient_id, json_t **out,
                            struct mrx_err *err)
{
    struct patient_rec p;
    struct episode_rec e;
    json_t *o;
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)))
        return rc;
    o = json_pack("{ss, ss, ss, si}", "id", p.id, "org", p.org_id, "name", p.name, "birth_year",
                  p.birth_year);
    rc = store_episode_current(r->store, p.org_id, p.id, &e, err);
    if (rc == MRX_OK)
        json_object_set_new(o, "episode",
                            json_pack("{ss, si, so, ss}", "id", e.id, "number", e.seq, "start",
                                      json_date(e.start_day), "status",
                                      episode_status_name(e.status)));
    else if (rc == MRX_ENOTFOUND)
        json_object_set_new(o, "episode", json_null());
    else {
        json_decref(o);
        return rc;
    }
    if ((rc = patient_account(r, &p, o, err)) ||
        (rc = audit(r, p.org_id, "patient.read", p.id, err))) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return MRX_OK;
}

struct panel_walk {
    const struct records *r;
    long day;
    json_t *list;
};

/* Where a patient stands in the course on the day: its week and phase
 * (maintenance once discharged into it), as today shows the patient. */
static void panel_course(const struct panel_walk *w, const struct panel_rec *p, json_t *o)
{
    const struct course_config *cc = &w->r->data->program.course;
    int week;

    if (!p->status || !p->start_day || p->start_day > w->day) {
        json_object_set_new(o, "week", json_null());
        json_object_set_new(o, "phase", json_null());
        return;
    }
    week = course_week(p->start_day, w->day);
    json_object_set_new(o, "week", json_integer(week));
    json_object_set_new(o, "phase",
                        json_string(phase_name(p->discharged_day && p->discharged_day <= w->day
                                                   ? PHASE_MAINTENANCE
                                                   : course_phase(cc, week))));
}

static int take_panel(const struct panel_rec *p, void *arg)
{
    struct panel_walk *w = arg;
    json_t *o =
        json_pack("{ss, ss, si, ss?, si}", "patient", p->patient_id, "name", p->name, "birth_year",
                  p->birth_year, "status", p->status, "open_alerts", p->open_alerts);
    panel_course(w, p, o);
    json_object_set_new(o, "top_tier", p->top_tier ? json_string(p->top_tier) : json_null());
    json_object_set_new(o, "last_activity",
                        p->last_activity ? json_date(p->last_activity) : json_null());
    json_object_set_new(o, "last_message",
                        p->last_message_at
                            ? json_pack("{ss, ss}", "at", p->last_message_at, "from",
                                        p->last_message_from_patient ? "patient" : "care_team")
                            : json_null());
    json_object_set_new(o, "unread_messages", json_integer(p->unread_from_patient));
    json_object_set_new(o, "open_tasks", json_integer(p->open_tasks));
    json_object_set_new(o, "sessions_two_weeks", json_integer(p->sessions_two_weeks));
    json_object_set_new(o, "pain_week",
                        p->pain_week < 0 ? json_null()
                                         : json_real(mrx_round_half_up(p->pain_week, 1)));
    json_object_set_new(o, "pain_week_before",
                        p->pain_week_before < 0
                            ? json_null()
                            : json_real(mrx_round_half_up(p->pain_week_before, 1)));
    json_array_append_new(w->list, o);
    return MRX_OK;
}

/* The patient of a list's entry: the entry itself (an id) or its member `key`. */
static const char *patient_of(const json_t *e, const char *key)
{
    return json_is_string(e) ? json_string_value(e) : json_string_value(json_object_get(e, key));
}

/* A list view read: one audit row for each patient it shows, so that "who saw patient X"
 * is answered for lists too (issue 25, F7). `key` names each entry's patient; `repeats`:
 * a patient may have several entries (alerts), audited once. */
int audit_each(const struct records *r, const char *org_id, const char *action, const json_t *list,
               const char *key, bool repeats, struct mrx_err *err)
{
    size_t i;
    json_t *e;
    int rc = MRX_OK;

    json_array_foreach((json_t *)list, i, e)
    {
        const char *id = patient_of(e, key);
        bool seen = false;
        for (size_t k = 0; repeats && id && k < i && !seen; k++) {
            const char *other = patient_of(json_array_get(list, k), key);
            seen = other && strcmp(other, id) == 0;
        }
        if (id && !seen && (rc = audit(r, org_id, action, id, err)))
            return rc;
    }
    return rc;
}

int records_panel(const struct records *r, const char *org_id, const char *user_id, long day,
                  json_t **out, struct mrx_err *err)
{
    json_t *list = json_array();
    struct panel_walk w = {r, day, list};
    int rc = store_panel_each(r->store, org_id, user_id, day, take_panel, &w, err);

    if (!rc)
        rc = audit_each(r, org_id, "panel.read", list, "patient", false, err);
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{so}", "patients", list);
    return MRX_OK;
}

int records_care_alerts(const struct records *r, const char *org_id, const char *user_id,
                        json_t **out, struct mrx_err *err)
{
    json_t *list = json_array();
    int rc = store_alerts_care_each(r->store, org_id, user_id, alert_append, list, err);

    if (!rc)
        rc = audit_each(r, org_id, "alerts.read", list, "patient", true, err);
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = json_pack("{so}", "alerts", list);
    return MRX_OK;
}

/* ==================== Acting on alerts ==================== */

/* The engine rule an alert came from, if it came from the engine. */
static bool engine_rule(const struct records *r, const char *rule_id, enum adapt_rule_id *out)
{
    for (int i = 0; i < AR_COUNT; i++)
        if (r->data->adapt.rules[i].id && strcmp(r->data->adapt.rules[i].id, rule_id) == 0) {
            *out = (enum adapt_rule_id)i;
            return true;
        }
    return false;
}

/* Copies what an alert's strings point at, since the next store call reuses them. */
struct alert_copy {
    struct alert_rec a;
    char *buf[11];
};

static void alert_keep(struct alert_copy *c)
{
    const char **f[] = {
        &c->a.rule_id,     &c->a.tier,        &c->a.reason,          &c->a.evidence,
        &c->a.detail,      &c->a.status,      &c->a.acknowledged_by, &c->a.acknowledged_at,
        &c->a.resolved_by, &c->a.resolved_at, &c->a.resolution_note};
    for (size_t i = 0; i < MRX_ARRAY_LEN(f); i++) {
        c->buf[i] = *f[i] ? xstrdup(*f[i]) : NULL;
        *f[i] = c->buf[i];
    }
}

static void alert_drop(struct alert_copy *c)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(c->buf); i++)
        free(c->buf[i]);
}

static int alert_done(const struct records *r, struct alert_copy *c, const char *action,
                      json_t **out, struct mrx_err *err)
{
    int rc = store_alert_update(r->store, &c->a, err);

    if (!rc)
        rc = audit(r, c->a.org_id, action, c->a.patient_id, err);
    if (!rc) {
        json_t *o = alert_json(&c->a);
        json_object_set_new(o, "acknowledged_by",
                            c->a.acknowledged_by ? json_string(c->a.acknowledged_by) : json_null());
        json_object_set_new(o, "resolved_by",
                            c->a.resolved_by ? json_string(c->a.resolved_by) : json_null());
        json_object_set_new(o, "resolution_note",
                            c->a.resolution_note ? json_string(c->a.resolution_note) : json_null());
        *out = o;
    }
    alert_drop(c);
    return rc;
}

int records_alert_acknowledge(const struct records *r, const char *alert_id, json_t **out,
                              struct mrx_err *err)
{
    struct alert_copy c = {0};
    int rc;

    if ((rc = store_alert_get(r->store, alert_id, &c.a, err)))
        return rc;
    alert_keep(&c);
    if (strcmp(c.a.status, "open") != 0) {
        rc = mrx_err_set(err, MRX_EINVAL, "alert", "is already %s", c.a.status);
        alert_drop(&c);
        return rc;
    }
    c.a.status = "acknowledged";
    c.a.acknowledged_by = r->actor;
    c.a.acknowledged_at = r->now;
    return alert_done(r, &c, "alert.acknowledge", out, err);
}

/* The plan the patient sees says the program goes on: a new version, active.
 * `note` (or NULL) is the clinician's own, kept with the evidence. */
static int resumed_version(const struct records *r, struct episode_ctx *ep, const char *note,
                           struct mrx_err *err)
{
    struct plan_version_rec pv = {.version = ep->plan_version + 1, .author = r->actor};
    json_t *plan = engine_plan_json(r, ep->plan, &ep->state);
    char *plan_text = json_text(plan), date[16], evidence[2200];
    int rc;

    snprintf(date, sizeof(date), "%.10s", r->now);
    if (!date_parse(date, &pv.day) || pv.day < ep->ep.start_day)
        pv.day = ep->ep.start_day;
    pv.reason = "Your care team has looked at what you reported. Your program goes on, and it "
                "can step up again as you improve.";
    snprintf(evidence, sizeof(evidence),
             "A clinician's review after a red flag (triage rules, data/rules/triage.json)%s%s",
             note ? ": " : ".", note ? note : "");
    pv.evidence = evidence;
    pv.plan = plan_text;
    pv.changes = "[]";
    rc = plan_version_store(r, ep, &pv, err);
    if (rc == MRX_OK) {
        json_decref(ep->plan);
        ep->plan = plan;
    } else {
        json_decref(plan);
    }
    free(plan_text);
    return rc;
}

/* Whether an alert is a red flag's (a triage rule's, or v1's alert_red_flag)
 * that holds progression back while open: yellow flags do not. */
static bool holds_progress(const struct records *r, const char *rule_id)
{
    const struct triage_rule *t = triage_rule_find(&r->data->triage, rule_id);
    enum adapt_rule_id engine;

    if (t)
        return t->group != GROUP_PSYCHOSOCIAL;
    return !engine_rule(r, rule_id, &engine) || engine == AR_ALERT_RED_FLAG;
}

struct other_flags {
    const struct records *r;
    const char *except, *episode;
    int open;
};

static int count_open_flag(const struct alert_rec *a, void *arg)
{
    struct other_flags *o = arg;

    if (strcmp(a->id, o->except) != 0 && strcmp(a->status, "resolved") != 0 &&
        strcmp(a->episode_id, o->episode) == 0 && holds_progress(o->r, a->rule_id))
        o->open++;
    return MRX_OK;
}

/* Lifts the pause of a paused program: a plan version tells the patient; the
 * `open_flags` red flags still open hold progression back. */
static int lift_pause(const struct records *r, struct episode_ctx *ep, int open_flags,
                      const char *note, struct mrx_err *err)
{
    adapt_clear_hold(&ep->state);
    if (open_flags)
        ep->state.open_alerts |= ADAPT_RULE_BIT(AR_ALERT_RED_FLAG);
    return resumed_version(r, ep, note, err);
}

/*
 * What resolving the alert tells the engine of its episode: an engine rule's
 * alert may be raised again; a red flag's ends the hold on progression once
 * no other red flag of the episode is open. With `resume`, a paused program
 * goes on (the clinician's word that the patient was seen).
 */
static int resolve_in_engine(const struct records *r, const struct alert_rec *a, bool resume,
                             struct mrx_err *err)
{
    struct episode_ctx ep;
    struct other_flags others = {r, a->id, a->episode_id, 0};
    enum adapt_rule_id rule;
    bool has_episode;
    int rc;

    if ((rc = episode_load_current(r, a->patient_id, &ep, &has_episode, err)))
        return rc;
    if (!has_episode || !ep.has_state || strcmp(ep.ep.id, a->episode_id) != 0) {
        if (resume)
            rc = mrx_err_set(err, MRX_EINVAL, "resume_program",
                             a->episode_id[0] ? "the alert belongs to an earlier episode"
                                              : "the alert came before any program");
        episode_release(&ep);
        return rc;
    }
    if (engine_rule(r, a->rule_id, &rule) && rule != AR_ALERT_RED_FLAG)
        adapt_resolve_alert(&ep.state, rule);
    else if ((rc = store_alerts_patient_each(r->store, a->org_id, a->patient_id, count_open_flag,
                                             &others, err)) == MRX_OK &&
             others.open == 0)
        adapt_resolve_alert(&ep.state, AR_ALERT_RED_FLAG);
    if (!rc && resume) {
        if (ep.ep.status != EPISODE_PAUSED) {
            rc = mrx_err_set(err, MRX_EINVAL, "resume_program", "the program is %s, not paused",
                             episode_status_name(ep.ep.status));
        } else {
            rc = lift_pause(r, &ep, others.open, NULL, err);
        }
    }
    if (!rc)
        rc = episode_save(r, &ep, err);
    episode_release(&ep);
    return rc;
}

int records_program_resume(const struct records *r, const char *patient_id, const char *note,
                           json_t **out, struct mrx_err *err)
{
    struct episode_ctx ep;
    struct other_flags others = {r, "", NULL, 0};
    bool has_episode;
    int rc;

    if (!note || !*note || strlen(note) > 2000)
        return mrx_err_set(err, MRX_EINVAL, "note", "must be 1 to 2000 bytes long");
    if ((rc = episode_load_current(r, patient_id, &ep, &has_episode, err)))
        goto out;
    if (!has_episode || ep.ep.status != EPISODE_PAUSED || !ep.has_state) {
        rc = mrx_err_set(err, MRX_EINVAL, "patient", "the program is %s, not paused",
                         has_episode ? episode_status_name(ep.ep.status) : "not started yet");
        goto out;
    }
    others.episode = ep.ep.id;
    if ((rc = store_alerts_patient_each(r->store, ep.ep.org_id, ep.ep.patient_id, count_open_flag,
                                        &others, err)))
        goto out;
    if ((rc = lift_pause(r, &ep, others.open, note, err)) || (rc = episode_save(r, &ep, err)) ||
        (rc = audit(r, ep.ep.org_id, "program.resume", ep.ep.patient_id, err)))
        goto out;
    *out = json_pack("{ss, ss, si}", "patient", ep.ep.patient_id, "status",
                     episode_status_name(ep.ep.status), "version", ep.plan_version);
out:
    episode_release(&ep);
    return rc;
}

int records_alert_resolve(const struct records *r, const char *alert_id, const char *note,
                          bool resume, json_t **out, struct mrx_err *err)
{
    struct alert_copy c = {0};
    int rc;

    if (!note || !*note || strlen(note) > 2000)
        return mrx_err_set(err, MRX_EINVAL, "note", "must be 1 to 2000 bytes long");
    if ((rc = store_alert_get(r->store, alert_id, &c.a, err)))
        return rc;
    alert_keep(&c);
    if (strcmp(c.a.status, "resolved") == 0) {
        alert_drop(&c);
        return mrx_err_set(err, MRX_EINVAL, "alert", "is already resolved");
    }
    /* The alert is resolved before the engine counts the red flags left open. */
    c.a.status = "resolved";
    c.a.resolved_by = r->actor;
    c.a.resolved_at = r->now;
    c.a.resolution_note = note;
    if ((rc = store_alert_update(r->store, &c.a, err)) ||
        (rc = resolve_in_engine(r, &c.a, resume, err)) ||
        (rc = tasks_close_for_alert(r, &c.a, note, err))) {
        alert_drop(&c);
        return rc;
    }
    return alert_done(r, &c, "alert.resolve", out, err);
}

/* ==================== Plan history ==================== */

static int take_version(const struct plan_version_rec *v, void *arg)
{
    json_t *plan, *changes;
    struct mrx_err ignore;

    if (stored_json(v->plan, "plan", &plan, &ignore) ||
        stored_json(v->changes, "changes", &changes, &ignore))
        return MRX_EDATA;
    json_array_append_new(arg, json_pack("{si, so, ss, ss?, ss, ss, so, so, ss}", "version",
                                         v->version, "from", json_date(v->day), "author", v->author,
                                         "rule", v->rule_id, "reason", v->reason, "evidence",
                                         v->evidence, "plan", plan, "changes", changes,
                                         "recorded_at", v->recorded_at));
    return MRX_OK;
}

int records_plan_history(const struct records *r, const char *patient_id, json_t **out,
                         struct mrx_err *err)
{
    struct patient_rec p;
    struct episode_rec e;
    json_t *list;
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)) ||
        (rc = store_episode_current(r->store, p.org_id, p.id, &e, err)))
        return rc;
    list = json_array();
    rc = store_plan_versions_each(r->store, e.org_id, e.id, take_version, list, err);
    if (rc == MRX_EDATA)
        rc = mrx_err_set(err, MRX_EDATA, "plan", "stored document is damaged");
    if (!rc)
        rc = audit(r, e.org_id, "plan.read", e.patient_id, err);
    if (rc) {
        json_decref(list);
        return rc;
    }
    /* the walk's safe range, so that a plan editor can keep to it */
    *out = json_pack("{ss, ss, ss, so, so}", "patient", e.patient_id, "episode", e.id, "status",
                     episode_status_name(e.status), "versions", list, "walking_range",
                     range_to_json(adapt_walking_range()));
    return MRX_OK;
}

/* ==================== Messages ==================== */

struct message_walk {
    const struct records *r;
    const char *patient_id;
    json_t *list;
    json_t *senders; /* user id -> {"name","patient"}: each account read once */
};

/* Who wrote it: the patient (their own account, or "patient" from the command
 * line), or someone of the care team, named by their address. */
static void sender_of(struct message_walk *w, const char *sender, bool *from_patient,
                      const char **name)
{
    json_t *known = json_object_get(w->senders, sender);
    struct user_rec u;
    struct mrx_err err;

    if (!known) {
        if (strcmp(sender, "patient") != 0 &&
            store_user_get(w->r->store, sender, &u, &err) == MRX_OK)
            known = json_pack("{ss, sb}", "name", u.email, "patient",
                              strcmp(u.patient_id, w->patient_id) == 0);
        else
            known = json_pack("{sn, sb}", "name", "patient", true);
        json_object_set_new(w->senders, sender, known);
    }
    *from_patient = json_is_true(json_object_get(known, "patient"));
    *name = json_string_value(json_object_get(known, "name"));
}

static int take_message(const struct message_rec *m, void *arg)
{
    struct message_walk *w = arg;
    const char *name;
    bool from_patient;

    sender_of(w, m->sender, &from_patient, &name);
    json_array_append_new(w->list,
                          json_pack("{ss, ss, ss, ss, ss, ss?, sb}", "id", m->id, "sender",
                                    m->sender, "body", m->body, "sent_at", m->sent_at, "from",
                                    from_patient ? "patient" : "care_team", "sender_name",
                                    from_patient ? NULL : name, "read", m->read_at != NULL));
    return MRX_OK;
}

int records_messages(const struct records *r, const char *patient_id, json_t **out,
                     struct mrx_err *err)
{
    struct patient_rec p;
    struct message_walk w = {r, patient_id, NULL, NULL};
    int rc;

    if ((rc = store_patient_get(r->store, patient_id, &p, err)))
        return rc;
    w.list = json_array();
    w.senders = json_object();
    if ((rc = store_messages_each(r->store, p.org_id, p.id, take_message, &w, err)) ||
        (rc = audit(r, p.org_id, "messages.read", p.id, err))) {
        json_decref(w.list);
        json_decref(w.senders);
        return rc;
    }
    json_decref(w.senders);
    *out = json_pack("{so}", "messages", w.list);
    return MRX_OK;
}

int records_messages_mark_read(const struct records *r, const char *patient_id, bool by_patient,
                               json_t **out, struct mrx_err *err)
{
    struct patient_rec p;
    int n = 0, rc;

    /* the patient reads the care team's; the care team the patient's */
    if ((rc = store_patient_get(r->store, patient_id, &p, err)) ||
        (rc = store_messages_mark_read(r->store, p.org_id, p.id, !by_patient, r->now, &n, err)) ||
        (rc = audit(r, p.org_id, "messages.mark_read", p.id, err)))
        return rc;
    *out = json_pack("{si}", "marked", n);
    return MRX_OK;
}

int records_unread(const struct records *r, const char *org_id, const char *patient_id,
                   const char *user_id, json_t **out, struct mrx_err *err)
{
    long n = 0;
    int rc = store_unread_count(r->store, org_id, patient_id, user_id, &n, err);

    if (rc == MRX_OK)
        *out = json_pack("{sI}", "messages", (json_int_t)n);
    return rc;
}

int records_message_send(const struct records *r, const char *patient_id, const char *sender,
                         const char *body, json_t **out, struct mrx_err *err)
{
    struct patient_rec p;
    struct message_rec m = {.sender = sender, .body = body};
    json_t *utf8;
    int rc;

    if (!body || !*body || strlen(body) > 10000)
        return mrx_err_set(err, MRX_EINVAL, "body", "must be 1 to 10000 bytes long");
    if (!(utf8 = json_string(body)))
        return mrx_err_set(err, MRX_EINVAL, "body", "must be UTF-8 text");
    json_decref(utf8);
    if ((rc = store_patient_get(r->store, patient_id, &p, err)))
        return rc;
    snprintf(m.org_id, sizeof(m.org_id), "%s", p.org_id);
    snprintf(m.patient_id, sizeof(m.patient_id), "%s", p.id);
    snprintf(m.sent_at, sizeof(m.sent_at), "%s", r->now);
    if ((rc = store_new_id(m.id, err)) || (rc = store_message_add(r->store, &m, err)) ||
        (rc = audit(r, p.org_id, "message.create", p.id, err)))
        return rc;
    *out = json_pack("{ss, ss, ss, ss}", "id", m.id, "sender", sender, "body", body, "sent_at",
                     r->now);
    return MRX_OK;
}
