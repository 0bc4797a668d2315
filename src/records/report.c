/*
 * report.c: warning signs reported at any time (CONTRACT.md "Triage is
 * always available"): before the intake is finished, while a program is
 * stopped, or from the app's "something is wrong" at any moment.
 *
 * Whatever the program's state, the signs are triaged with what is
 * remembered merged in, each rule that fires alerts the care team, and the
 * reply carries the triage, whose first reason says what to do now. What
 * happens to the program follows the triage: a running program is paused or
 * stopped at once; an emergency with no running program starts a stopped
 * episode, so that the app shows the emergency instruction and only a
 * clinician's review restarts anything.
 */
#include "compat.h"

#include "formats/triage_json.h"
#include "records/internal.h"

static bool running(const struct episode_ctx *c, bool has_episode)
{
    return has_episode && (c->ep.status == EPISODE_ACTIVE || c->ep.status == EPISODE_PAUSED);
}

/* What the signs do to the program, then the alerts (on the episode in force). */
static int report_act(const struct records *r, struct episode_ctx *c, bool *has_episode, long day,
                      const char *occasion, const json_t *flags, const struct triage_entry *e,
                      json_t *decisions, json_t *alerts, struct mrx_err *err)
{
    enum tier red = triage_red_flag_tier(&e->result);
    int rc = MRX_OK;

    if (running(c, *has_episode) && red > TIER_NONE) {
        rc = engine_red_flag(r, c, red, decisions, alerts, err);
    } else if (e->result.program == PROGRAM_STOP &&
               !(*has_episode && c->ep.status == EPISODE_STOPPED)) {
        json_t *doc = json_pack("{sO}", "red_flags", flags);
        rc = episode_start_stopped(r, c, day, doc, &e->result, err);
        json_decref(doc);
        *has_episode = rc == MRX_OK;
    }
    if (rc == MRX_OK && e->result.n_fired)
        rc = triage_alerts(r, c, *has_episode, day, occasion, e, alerts, err);
    return rc;
}

static int report(const struct records *r, struct episode_ctx *c, bool has_episode, long day,
                  const char *occasion, const json_t *flags, const struct triage_entry *e,
                  json_t **out, struct mrx_err *err)
{
    json_t *decisions = json_array(), *alerts = json_array();
    int rc = report_act(r, c, &has_episode, day, occasion, flags, e, decisions, alerts, err);

    if (!rc)
        rc = audit(r, c->patient.org_id, "triage.report", c->patient.id, err);
    if (!rc) {
        *out =
            json_pack("{so, ss, ss, ss, so, sO, sO}", "date", json_date(day), "patient",
                      c->patient.id, "recorded", "triage", "status",
                      has_episode ? episode_status_name(c->ep.status) : "no_program", "triage",
                      triage_result_to_json(&e->result), "decisions", decisions, "alerts", alerts);
    }
    json_decref(decisions);
    json_decref(alerts);
    return rc;
}

int report_or_refuse(const struct records *r, struct episode_ctx *c, bool has_episode, long day,
                     const json_t *flags, const char *occasion, const char *why, json_t **out,
                     struct mrx_err *err)
{
    struct triage_entry e = {0};
    int rc;

    if (!records_day_plausible(r, day))
        return mrx_err_set(err, MRX_EINVAL, "--date", "is in the future");
    if (flags && (rc = triage_entry(r, c, day, flags, "--red-flag", &e, err)))
        return rc;
    if (flags && e.result.n_fired) {
        rc = report(r, c, has_episode, day, occasion, flags, &e, out, err);
    } else if (!has_episode) {
        rc = mrx_err_set(err, MRX_ENOTFOUND, "patient",
                         "'%s' has no intake yet (record one with 'moverx intake')", c->patient.id);
    } else {
        rc = mrx_err_set(err, MRX_EINVAL, "patient", "%s", why);
    }
    triage_entry_release(&e);
    return rc;
}

int records_triage_report(const struct records *r, const char *patient_id, long day,
                          const json_t *flags, json_t **out, struct mrx_err *err)
{
    struct episode_ctx c;
    struct triage_entry e = {0};
    bool has_episode;
    int rc;

    if (!json_is_object(flags))
        return mrx_err_set(err, MRX_EINVAL, "red_flags", "must be an object of triage answers");
    if (!records_day_plausible(r, day))
        return mrx_err_set(err, MRX_EINVAL, "date", "is in the future");
    if ((rc = episode_load_current(r, patient_id, &c, &has_episode, err)) ||
        (rc = triage_entry(r, &c, day, flags, "red_flags", &e, err)))
        goto out;
    rc = report(r, &c, has_episode, day, "report", flags, &e, out, err);
out:
    triage_entry_release(&e);
    episode_release(&c);
    return rc;
}
