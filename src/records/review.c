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
