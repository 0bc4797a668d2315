/*
 * handout.c: what the printed handout shows of the plan in force
 * (records_handout() in records.h; the PDF itself is src/render/handout.c).
 */
#include "compat.h"

#include "common/date.h"
#include "core/plan/week.h"
#include "records/internal.h"

/* The earliest open promise to be in touch (a first contact or a plan review): its day. */
static int take_promise(const struct task_rec *t, void *arg)
{
    long *due = arg;
    if (!strcmp(t->status, "open") &&
        (!strcmp(t->kind, "first_contact") || !strcmp(t->kind, "plan_review")) &&
        (*due == 0 || t->due_day < *due))
        *due = t->due_day;
    return MRX_OK;
}

/* The weekdays of the coming week (from `day`) that hold `item`: ["mon","thu"]. */
static json_t *days_of(const json_t *plan, const char *item, long start_day, long day)
{
    json_t *days = json_array();
    bool on[7] = {false};

    for (long d = day; d < day + 7; d++)
        if (plan_has_on(plan, item, start_day, d))
            on[weekday_of(d)] = true;
    for (int wd = 0; wd < 7; wd++)
        if (on[wd])
            json_array_append_new(days, json_string(weekday_name(wd)));
    return days;
}

int records_handout(const struct records *r, const char *patient_id, long day, json_t **out,
                    struct mrx_err *err)
{
    const struct discharge_config *dc = &r->data->program.discharge;
    struct episode_ctx c;
    struct episode_marks m;
    struct versions vs = {0};
    struct org_rec o;
    json_t *items = json_array(), *flare = json_array(), *it, *w;
    size_t k;
    int rc;

    if ((rc = episode_load(r, patient_id, false, &c, err)) ||
        (rc = store_episode_marks(r->store, c.patient.org_id, c.patient.id, day, &m, err)) ||
        (rc = store_org_get(r->store, c.patient.org_id, &o, err)) ||
        (rc = audit(r, c.patient.org_id, "handout.read", c.patient.id, err)))
        goto out;
    /* No program, a stop or a pause: nothing safe to print until a clinician says so. */
    if (m.status != EPISODE_ACTIVE || !m.has_state || day < m.start_day) {
        rc = mrx_err_set(err, MRX_EINVAL, "patient", "has no program to print: %s",
                         m.status == EPISODE_PAUSED ? "it is paused until the care team clears it"
                         : m.status == EPISODE_STOPPED ? "it is stopped for an urgent check"
                                                       : "no program was started");
        goto out;
    }
    if ((rc = load_versions(r, c.patient.org_id, &m, day, false, &vs, err)))
        goto out;
    {
        const struct condition_now cn = condition_of(vs.plan);
        json_array_foreach(json_object_get(vs.plan, "items"), k, it)
        {
            const char *id = json_string_value(json_object_get(it, "exercise"));
            const struct exercise *ex = id ? catalog_find(&r->data->catalog, id) : NULL;
            char caution[1024] = "";
            json_t *o2 =
                json_pack("{s:O, s:O, s:O, so}", "exercise", json_object_get(it, "exercise"),
                          "name", json_object_get(it, "name"), "dose", json_object_get(it, "dose"),
                          "days", days_of(vs.plan, id, m.start_day, day));
            if (ex)
                exercise_caution(ex, cn.pregnant, cn.leg_pain, caution, sizeof(caution));
            if (*caution)
                json_object_set_new(o2, "caution", json_string(caution));
            json_array_append_new(items, o2);
        }
    }
    w = json_object_get(vs.plan, "walking");
    for (int i = 0; i < dc->n_flare_plan; i++)
        json_array_append_new(flare, json_string(dc->flare_plan[i]));
    *out = json_pack(
        "{so, s{ss, ss}, so, so, so, so}", "date", json_date(day), "patient", "id", c.patient.id,
        "name", c.patient.name, "org", org_json(&o), "items", items, "walking",
        json_is_object(w) ? json_pack("{s:O, s:O, so}", "minutes", json_object_get(w, "minutes"),
                                      "bouts", json_object_get(w, "bouts"), "days",
                                      days_of(vs.plan, "walking", m.start_day, day))
                          : json_null(),
        "flare_plan", flare);
    items = flare = NULL;
    json_object_set_new(*out, "plan_version", json_integer(vs.count));
    {
        /* what the care team promised the person, in print too */
        long due = 0;
        if ((rc = store_tasks_patient_each(r->store, c.patient.org_id, c.patient.id, take_promise,
                                           &due, err))) {
            json_decref(*out);
            *out = NULL;
            goto out;
        }
        if (due)
            json_object_set_new(*out, "contact_by", json_date(due));
    }
    {
        /* the person's condition, and walking's own words for it */
        const struct condition_now cn = condition_of(vs.plan);
        const struct exercise *walk = catalog_find(&r->data->catalog, "walking");
        char caution[1024] = "";
        json_object_set_new(
            *out, "condition",
            json_pack("{sb, sb}", "pregnant", cn.pregnant, "leg_pain", cn.leg_pain));
        if (walk && json_is_object(json_object_get(*out, "walking")))
            exercise_caution(walk, cn.pregnant, cn.leg_pain, caution, sizeof(caution));
        if (*caution)
            json_object_set_new(json_object_get(*out, "walking"), "caution", json_string(caution));
        if (json_is_object(json_object_get(*out, "walking")) &&
            json_integer_value(json_object_get(vs.plan, "own_walking_minutes")) > 0)
            json_object_set(json_object_get(*out, "walking"), "walks_now",
                            json_object_get(vs.plan, "own_walking_minutes"));
    }
    course_stand(r, vs.plan, m.start_day, day, *out);
out:
    json_decref(items);
    json_decref(flare);
    versions_release(&vs);
    episode_release(&c);
    return rc;
}
