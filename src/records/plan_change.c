/*
 * plan_change.c: a clinician's change to a patient's plan (records.h). The
 * engine's state takes the change (core/adapt adapt_edit), so that the
 * day-by-day rules go on from the clinician's doses; a new plan version
 * says who changed what and why, in the words the patient will read.
 */
#include "compat.h"

#include "formats/exercise_json.h"
#include "records/internal.h"

#define EVIDENCE_CLINICIAN "A clinician's review of the plan with the patient's reports."

/* The dose of one item: its dose object plus days_per_week. */
static int item_dose(const json_t *it, size_t i, struct dose *out, struct mrx_err *err)
{
    const json_t *days = json_object_get(it, "days_per_week");
    char name[48];
    int rc;

    snprintf(name, sizeof(name), "items[%zu].dose", i);
    if ((rc = dose_parse(json_object_get(it, "dose"), name, out, err)))
        return mrx_err_recast(err, MRX_EINVAL, name);
    if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 7)
        return mrx_err_set(err, MRX_EINVAL, "items", "item %zu: days_per_week must be 1..7", i);
    out->has[DOSE_DAYS_PER_WEEK] = true;
    out->value[DOSE_DAYS_PER_WEEK] = (int)json_integer_value(days);
    return MRX_OK;
}

static int parse_items(const struct records *r, const json_t *items, struct plan_edit_item *out,
                       int *n, struct mrx_err *err)
{
    const char *key;
    json_t *it, *v;
    size_t i;
    int rc;

    if (!json_is_array(items) || json_array_size(items) < 1 ||
        json_array_size(items) > ADAPT_MAX_ITEMS - 1)
        return mrx_err_set(err, MRX_EINVAL, "items", "must be a list of 1 to %d exercises",
                           ADAPT_MAX_ITEMS - 1);
    json_array_foreach(items, i, it)
    {
        const char *id = json_string_value(json_object_get(it, "exercise"));
        if (!json_is_object(it))
            return mrx_err_set(err, MRX_EINVAL, "items", "item %zu must be an object", i);
        json_object_foreach(
            (json_t *)it, key,
            v) if (strcmp(key, "exercise") && strcmp(key, "dose") &&
                   strcmp(key, "days_per_week")) return mrx_err_set(err, MRX_EINVAL, "items",
                                                                    "item %zu: unknown field '%s'",
                                                                    i, key);
        if (!id || !(out[i].exercise = catalog_find(&r->data->catalog, id)))
            return mrx_err_set(err, MRX_EINVAL, "items", "item %zu: no exercise '%s'", i,
                               id ? id : "");
        if ((rc = item_dose(it, i, &out[i].dose, err)))
            return rc;
    }
    *n = (int)json_array_size(items);
    return MRX_OK;
}

static int parse_walking(const json_t *w, struct dose *out, struct mrx_err *err)
{
    static const char *const keys[] = {"minutes", "bouts", "days_per_week"};
    static const enum dose_key dk[] = {DOSE_MINUTES, DOSE_BOUTS, DOSE_DAYS_PER_WEEK};

    memset(out, 0, sizeof(*out));
    if (!json_is_object(w) || json_object_size(w) != 3)
        return mrx_err_set(err, MRX_EINVAL, "walking",
                           "must be {\"minutes\":..,\"bouts\":..,\"days_per_week\":..}");
    for (int k = 0; k < 3; k++) {
        const json_t *v = json_object_get(w, keys[k]);
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)
            return mrx_err_set(err, MRX_EINVAL, "walking", "%s must be a whole number", keys[k]);
        out->has[dk[k]] = true;
        out->value[dk[k]] = (int)json_integer_value(v);
    }
    return MRX_OK;
}

static json_t *item_dose_json(const struct adapt_item *it)
{
    return dose_to_json(&it->dose);
}

/* What changed, item by item: added, removed, or a new dose. */
static json_t *changes_of(const struct adapt_state *a, const struct adapt_state *b)
{
    json_t *list = json_array();

    for (int i = 0; i < b->n_items; i++) {
        const struct adapt_item *now = &b->items[i], *was = NULL;
        for (int j = 0; j < a->n_items; j++)
            if ((i == b->walking && j == a->walking) ||
                (i != b->walking && j != a->walking && a->items[j].exercise == now->exercise))
                was = &a->items[j];
        if (was && dose_in_range(&was->dose, &now->range) &&
            memcmp(&was->dose, &now->dose, sizeof(now->dose)) == 0)
            continue;
        json_array_append_new(list, json_pack("{ss, so, so}", "item",
                                              i == b->walking ? "walking" : now->exercise->id,
                                              "from", was ? item_dose_json(was) : json_null(), "to",
                                              item_dose_json(now)));
    }
    for (int j = 0; j < a->n_items; j++) {
        bool kept = j == a->walking;
        for (int i = 0; !kept && i < b->n_items; i++)
            kept = i != b->walking && b->items[i].exercise == a->items[j].exercise;
        if (!kept)
            json_array_append_new(list, json_pack("{ss, so, sn}", "item", a->items[j].exercise->id,
                                                  "from", item_dose_json(&a->items[j]), "to"));
    }
    return list;
}

/* Items the plan did not hold before: their words come from the care team. */
static void mark_new_items(json_t *plan, const json_t *prev)
{
    json_t *it, *old;
    size_t i, j;

    json_array_foreach(json_object_get(plan, "items"), i, it)
    {
        const char *id = json_string_value(json_object_get(it, "exercise"));
        bool known = false;
        json_array_foreach(json_object_get(prev, "items"), j, old) known |=
            id && json_equal(json_object_get(old, "exercise"), json_object_get(it, "exercise"));
        if (!known) {
            json_object_del(it, "caution");
            json_object_del(it, "slot");
            json_object_set_new(it, "why", json_string("Your care team added this to your plan."));
        }
    }
}

int records_plan_change(const struct records *r, const char *patient_id, const json_t *items,
                        const json_t *walking, const char *reason, long day, json_t **out,
                        struct mrx_err *err)
{
    struct plan_edit_item edit[ADAPT_MAX_ITEMS];
    struct episode_ctx c;
    struct adapt_state next;
    struct dose walk;
    struct plan_version_rec pv = {.day = day};
    json_t *plan = NULL, *changes = NULL;
    char *plan_text = NULL, *changes_text = NULL;
    int n = 0, rc;

    json_t *utf8;

    if (!reason || !*reason || strlen(reason) > 2000)
        return mrx_err_set(err, MRX_EINVAL, "reason", "must be 1 to 2000 bytes long");
    if (!(utf8 = json_string(reason)))
        return mrx_err_set(err, MRX_EINVAL, "reason", "must be UTF-8 text");
    json_decref(utf8);
    if ((rc = parse_items(r, items, edit, &n, err)) ||
        (walking && (rc = parse_walking(walking, &walk, err))))
        return rc;
    if ((rc = episode_load(r, patient_id, true, &c, err)))
        goto out;
    if (!c.has_state || c.ep.status == EPISODE_STOPPED)
        rc = mrx_err_set(err, MRX_EINVAL, "patient",
                         "the program is stopped: a new intake comes before a new plan");
    else if (day < c.ep.start_day || !records_day_plausible(r, day))
        rc = mrx_err_set(err, MRX_EINVAL, "date", "must be within the program, not in the future");
    else
        rc = adapt_edit(&c.state, edit, n, walking ? &walk : NULL, day, &next, err);
    if (rc)
        goto out;
    changes = changes_of(&c.state, &next);
    if (json_array_size(changes) == 0) {
        rc = mrx_err_set(err, MRX_EINVAL, "items", "is the plan as it stands: nothing to change");
        goto out;
    }
    plan = engine_plan_json(r, c.plan, &next);
    mark_new_items(plan, c.plan);
    plan_text = json_text(plan);
    changes_text = json_text(changes);
    pv.author = r->actor;
    pv.reason = reason;
    pv.evidence = EVIDENCE_CLINICIAN;
    pv.plan = plan_text;
    pv.changes = changes_text;
    c.state = next;
    if ((rc = plan_version_store(r, &c, &pv, err)) || (rc = episode_save(r, &c, err)) ||
        (rc = audit(r, c.ep.org_id, "plan.change", c.patient.id, err)))
        goto out;
    *out = json_pack("{si, sO, sO, ss}", "version", pv.version, "plan", plan, "changes", changes,
                     "reason", reason);
out:
    free(plan_text);
    free(changes_text);
    json_decref(plan);
    json_decref(changes);
    episode_release(&c);
    return rc;
}
