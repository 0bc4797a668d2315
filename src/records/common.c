/*
 * common.c: loading a patient's current episode, the audit, and small JSON
 * helpers shared by the records operations (see internal.h).
 */
#include "compat.h"

#include "common/date.h"
#include "common/jsonx.h"
#include "common/xalloc.h"
#include "core/plan/week.h"
#include "formats/adapt_state_json.h"
#include "formats/plan_json.h"
#include "records/internal.h"

int stored_json(const char *text, const char *what, json_t **out, struct mrx_err *err)
{
    json_error_t jerr;

    *out = text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    if (!*out)
        return mrx_err_set(err, MRX_EDATA, what, "stored document is damaged");
    return MRX_OK;
}

char *json_text(const json_t *j)
{
    char *s =
        json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(STORED_REAL_DIGITS));
    if (!s)
        abort(); /* only out of memory */
    return s;
}

json_t *json_date(long day)
{
    char buf[16];
    date_format(day, buf, sizeof(buf));
    return json_string(buf);
}

bool records_day_plausible(const struct records *r, long day)
{
    char date[16];
    long today;

    /* The command's own UTC date, plus a day for time zones ahead of UTC. */
    snprintf(date, sizeof(date), "%.10s", r->now);
    return !date_parse(date, &today) || day <= today + 1;
}

bool planned_on(int days_per_week, long start_day, long day)
{
    /* the days spread from the start, as a plan's week spreads the old form's (week.h) */
    if (day < start_day || days_per_week < 0)
        return false;
    return (week_default_days(days_per_week, weekday_of(start_day)) >> weekday_of(day)) & 1u;
}

bool plan_has_on(const json_t *plan, const char *item, long start_day, long day)
{
    const json_t *items = json_object_get(plan, "items"), *found = NULL;
    int on;

    if (day < start_day)
        return false;
    if (strcmp(item, "walking") == 0)
        found = json_object_get(plan, "walking");
    for (size_t i = 0; !found && i < json_array_size(items); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(items, i), "exercise"));
        if (id && strcmp(id, item) == 0)
            found = json_array_get(items, i);
    }
    if (!json_is_object(found))
        return false;
    if ((on = plan_json_scheduled(plan, item, weekday_of(day))) >= 0)
        return on == 1;
    return planned_on((int)json_integer_value(json_object_get(found, "days_per_week")), start_day,
                      day);
}

unsigned plan_week_days(const json_t *plan, long start_day, long from)
{
    unsigned mask = 0;
    json_t *it;
    size_t k;

    for (long d = from; d < from + WEEK_DAYS; d++)
        json_array_foreach(json_object_get(plan, "items"), k, it)
        {
            const char *id = json_string_value(json_object_get(it, "exercise"));
            if (id && plan_has_on(plan, id, start_day, d))
                mask |= 1u << weekday_of(d);
        }
    return mask;
}

int records_check_name(const char *name, const char *field, struct mrx_err *err)
{
    json_t *utf8;

    if (!name || !*name || strlen(name) > 200)
        return mrx_err_set(err, MRX_EINVAL, field, "must be 1 to 200 bytes long");
    for (const char *c = name; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return mrx_err_set(err, MRX_EINVAL, field, "must not hold control characters");
    if (!(utf8 = json_string(name))) /* jansson checks the encoding */
        return mrx_err_set(err, MRX_EINVAL, field, "must be UTF-8 text");
    json_decref(utf8);
    return MRX_OK;
}

int audit(const struct records *r, const char *org_id, const char *action, const char *patient_id,
          struct mrx_err *err)
{
    struct audit_rec a = {org_id, r->now, r->actor, r->origin, action, patient_id, "ok"};
    return r->audit_sink ? r->audit_sink(r->audit_ctx, &a, err)
                         : store_audit_add(r->store, &a, err);
}

json_t *alert_json(const struct alert_rec *a)
{
    json_t *o = json_pack("{ss, ss, ss, ss, ss, ss, so, ss}", "id", a->id, "patient", a->patient_id,
                          "rule", a->rule_id, "tier", a->tier, "reason", a->reason, "evidence",
                          a->evidence, "opened", json_date(a->opened_day), "status", a->status);
    json_object_set_new(o, "for_care_team", json_string(alert_care_text(a)));
    if (a->detail)
        json_object_set_new(o, "detail", json_string(a->detail));
    json_object_set_new(o, "episode", a->episode_id[0] ? json_string(a->episode_id) : json_null());
    json_object_set_new(o, "occurrences", json_integer(a->occurrences > 0 ? a->occurrences : 1));
    json_object_set_new(o, "last_seen", json_date(a->last_day ? a->last_day : a->opened_day));
    return o;
}

int alert_append(const struct alert_rec *a, void *arg)
{
    json_array_append_new(arg, alert_json(a));
    return MRX_OK;
}

static int load_engine(const struct records *r, struct episode_ctx *c, struct mrx_err *err)
{
    struct intake_rec ir;
    struct plan_version_rec pv;
    struct memo_entry *memo;
    json_t *state;
    int rc;

    if ((rc = store_intake_get(r->store, c->ep.org_id, c->ep.id, &ir, err)))
        return rc;
    memo = memo_for(r->memo, c->ep.id);
    if ((rc = memo_intake_doc(memo, ir.answers, &c->intake_doc, err)))
        return rc;
    if ((c->ep.status == EPISODE_STOPPED || c->ep.status == EPISODE_NOT_STARTED) &&
        !c->ep.engine_state)
        return MRX_OK; /* stopped or not started at intake: there is no plan */
    if ((rc = intake_from_json(c->intake_doc, &c->intake, err)))
        return mrx_err_recast(err, MRX_EDATA, "intake");
    c->has_intake = true;
    if ((rc = store_plan_version_latest(r->store, c->ep.org_id, c->ep.id, &pv, err)))
        return rc;
    c->plan_version = pv.version;
    if ((rc = memo_plan_doc(memo, pv.plan, &c->plan, err)))
        return rc;
    if (!memo_state_get(memo, c->ep.engine_state, &c->state)) {
        if ((rc = stored_json(c->ep.engine_state, "engine_state", &state, err)))
            return rc;
        rc = adapt_state_from_json(state, &r->data->adapt, &r->data->catalog, &c->intake, &c->state,
                                   err);
        json_decref(state);
        if (rc)
            return rc;
        memo_state_keep(memo, c->ep.engine_state, &c->state);
    }
    c->has_state = true;
    return MRX_OK;
}

int episode_load(const struct records *r, const char *patient_id, bool want_episode,
                 struct episode_ctx *c, struct mrx_err *err)
{
    int rc;

    memset(c, 0, sizeof(*c));
    if ((rc = store_patient_get(r->store, patient_id, &c->patient, err)))
        return rc;
    c->name_buf = xstrdup(c->patient.name);
    c->patient.name = c->name_buf;
    if (!want_episode)
        return MRX_OK;
    if ((rc = store_episode_current(r->store, c->patient.org_id, c->patient.id, &c->ep, err)))
        return rc;
    if (c->ep.engine_state) {
        c->state_buf = xstrdup(c->ep.engine_state);
        c->ep.engine_state = c->state_buf;
    }
    return load_engine(r, c, err);
}

int episode_load_current(const struct records *r, const char *patient_id, struct episode_ctx *c,
                         bool *has_episode, struct mrx_err *err)
{
    int rc = episode_load(r, patient_id, false, c, err);

    *has_episode = false;
    if (rc)
        return rc;
    rc = store_episode_current(r->store, c->patient.org_id, c->patient.id, &c->ep, err);
    if (rc == MRX_ENOTFOUND) {
        mrx_err_clear(err);
        return MRX_OK;
    }
    if (rc)
        return rc;
    *has_episode = true;
    if (c->ep.engine_state) {
        c->state_buf = xstrdup(c->ep.engine_state);
        c->ep.engine_state = c->state_buf;
    }
    return load_engine(r, c, err);
}

void episode_release(struct episode_ctx *c)
{
    free(c->name_buf);
    free(c->state_buf);
    json_decref(c->intake_doc);
    json_decref(c->plan);
    if (c->has_intake)
        intake_release(&c->intake);
    memset(c, 0, sizeof(*c));
}

bool plan_discharged(const json_t *plan, long day)
{
    long since;
    const char *d = json_string_value(json_object_get(plan, "discharged"));
    return d && date_parse(d, &since) && since <= day;
}

int plan_version_store(const struct records *r, struct episode_ctx *c, struct plan_version_rec *pv,
                       struct mrx_err *err)
{
    int rc;

    if (!pv->version)
        pv->version = c->plan_version + 1;
    snprintf(pv->org_id, sizeof(pv->org_id), "%s", c->ep.org_id);
    snprintf(pv->episode_id, sizeof(pv->episode_id), "%s", c->ep.id);
    snprintf(pv->recorded_at, sizeof(pv->recorded_at), "%s", r->now);
    if ((rc = store_plan_version_add(r->store, pv, err)) == MRX_OK)
        c->plan_version = pv->version;
    return rc;
}
