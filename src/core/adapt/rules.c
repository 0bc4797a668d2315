/*
 * rules.c: parsing data/rules/adapt.json (see adapt.h, docs/adaptation.md).
 *
 * The engine implements a fixed set of rules; the file gives each its
 * numbers, explanation and citation. A rule the engine does not know, or one
 * it needs that is missing, fails the load: a reviewer's rename can never
 * silently switch a safety rule off.
 */
#include "compat.h"

#include "common/jsonx.h"
#include "core/adapt/adapt.h"

static const char *const rule_ids[AR_COUNT] = {
    [AR_PROGRESS] = "progress_tolerated",
    [AR_PROGRESS_WALKS] = "progress_walks",
    [AR_CHAIN_STEP] = "chain_step",
    [AR_HOLD] = "hold_acceptable_pain",
    [AR_REGRESS_PAIN] = "regress_high_pain",
    [AR_REGRESS_SETTLE] = "regress_not_settled",
    [AR_REGRESS_TREND] = "regress_trend_up",
    [AR_FLARE_START] = "flare_start",
    [AR_FLARE_END] = "flare_end",
    [AR_ALERT_RED_FLAG] = "alert_red_flag",
    [AR_ALERT_NO_IMPROVEMENT] = "alert_no_improvement",
    [AR_ALERT_WORSENING] = "alert_worsening",
    [AR_ALERT_INACTIVITY] = "alert_inactivity",
    [AR_ALERT_FLARE] = "alert_flare_not_settling",
};

static int parse_params(json_t *j, struct adapt_params *p, struct mrx_err *err)
{
    json_error_t je;

    if (json_unpack_ex(
            j, &je, JSON_STRICT,
            "{s:F, s:F, s:F, s:i, s:i, s:F, s:F, s:F, s:i, s:F, s:i, s:i, s:i, s:F, s:i}",
            "progress_max_pain_during", &p->progress_max_pain_during, "hold_max_pain_during",
            &p->hold_max_pain_during, "settled_margin", &p->settled_margin,
            "progress_after_sessions", &p->progress_after_sessions, "progress_every_days",
            &p->progress_every_days, "step_percent", &p->step_percent, "cap_percent_7_days",
            &p->cap_percent_7_days, "flare_points_above_baseline", &p->flare_points_above_baseline,
            "flare_consecutive_days", &p->flare_consecutive_days, "flare_volume_percent",
            &p->flare_volume_percent, "flare_min_days", &p->flare_min_days, "flare_escalate_days",
            &p->flare_escalate_days, "no_improvement_days", &p->no_improvement_days,
            "worsening_points", &p->worsening_points, "inactivity_days", &p->inactivity_days))
        return mrx_err_set(err, MRX_EDATA, "parameters", "%s", je.text);
    if (!(p->progress_max_pain_during <= p->hold_max_pain_during) || p->hold_max_pain_during > 10 ||
        p->step_percent <= 0 || p->step_percent > 20 || p->cap_percent_7_days < p->step_percent ||
        p->cap_percent_7_days > 30 || p->progress_every_days < 7 ||
        p->progress_after_sessions < 1 || p->flare_volume_percent <= 0 ||
        p->flare_volume_percent > 100 || p->flare_consecutive_days < 1 || p->inactivity_days < 1 ||
        p->no_improvement_days < 7)
        return mrx_err_set(err, MRX_EDATA, "parameters",
                           "out of the safe bounds (steps at most 20 %%, cap at most 30 %%, at "
                           "most one step a week, progress pain at or below hold pain)");
    return MRX_OK;
}

static int rule_index(const char *id)
{
    for (int i = 0; i < AR_COUNT; i++)
        if (strcmp(rule_ids[i], id) == 0)
            return i;
    return -1;
}

static int parse_rules(json_t *arr, struct adapt_rules *r, struct mrx_err *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(arr))
        return mrx_err_set(err, MRX_EDATA, "rules", "must be a list");
    json_array_foreach(arr, i, v)
    {
        const char *id = NULL, *expl = NULL, *cite = NULL;
        json_error_t je;
        int k;
        if (json_unpack_ex(v, &je, JSON_STRICT, "{s:s, s:s, s:s}", "id", &id, "explanation", &expl,
                           "citation", &cite))
            return mrx_err_set(err, MRX_EDATA, "rules", "rule %zu: %s", i + 1, je.text);
        if ((k = rule_index(id)) < 0)
            return mrx_err_set(err, MRX_EDATA, "rules", "rule '%s': not a rule the engine has", id);
        if (r->rules[k].id)
            return mrx_err_set(err, MRX_EDATA, "rules", "rule '%s': duplicate id", id);
        if (!*expl || !*cite)
            return mrx_err_set(err, MRX_EDATA, "rules", "rule '%s': empty explanation or citation",
                               id);
        r->rules[k] = (struct adapt_rule){id, expl, cite};
    }
    for (int k = 0; k < AR_COUNT; k++)
        if (!r->rules[k].id)
            return mrx_err_set(err, MRX_EDATA, "rules", "rule '%s' is missing", rule_ids[k]);
    return MRX_OK;
}

int adapt_rules_parse(const char *text, size_t len, const char *source, struct adapt_rules *out,
                      struct mrx_err *err)
{
    json_t *params = NULL, *rules = NULL;
    json_error_t je;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = jsonx_parse(text, len, source, MRX_EDATA, &out->doc, err)))
        return rc;
    if (json_unpack_ex(out->doc, &je, JSON_STRICT, "{s:s, s:s, s?:s, s:o, s:o}", "ruleset",
                       &out->name, "version", &out->version, "description", &(const char *){NULL},
                       "parameters", &params, "rules", &rules))
        rc = mrx_err_set(err, MRX_EDATA, "", "%s", je.text);
    else if (!(rc = parse_params(params, &out->p, err)))
        rc = parse_rules(rules, out, err);
    if (rc) {
        adapt_rules_release(out);
        mrx_err_prefix(err, "%s", source);
    }
    return rc;
}

void adapt_rules_release(struct adapt_rules *r)
{
    json_decref(r->doc);
    memset(r, 0, sizeof(*r));
}

const char *decision_citation(const struct adapt_rules *rules, const struct decision *d)
{
    return rules->rules[d->rule].citation;
}
