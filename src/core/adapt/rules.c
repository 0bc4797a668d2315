/*
 * rules.c: parsing data/rules/adapt.json (see adapt.h, docs/adaptation.md).
 *
 * The engine implements a fixed set of rules; the file gives each its
 * numbers, explanation and citation. A rule the engine does not know, or one
 * it needs that is missing, fails the load: a reviewer's rename can never
 * silently switch a safety rule off.
 */
#include "compat.h"

#include <stddef.h>

#include "common/jsonx.h"
#include "core/adapt/adapt.h"

static const char *const rule_ids[AR_COUNT] = {
    [AR_PROGRESS] = "progress_tolerated",
    [AR_PROGRESS_EASY] = "progress_easy",
    [AR_PROGRESS_GRADED] = "progress_graded",
    [AR_PROGRESS_WALKS] = "progress_walks",
    [AR_CHAIN_STEP] = "chain_step",
    [AR_HOLD] = "hold_acceptable_pain",
    [AR_HOLD_HARD] = "hold_hard",
    [AR_HOLD_TIME] = "hold_time",
    [AR_HOLD_CAP] = "hold_cap",
    [AR_HOLD_TOP] = "hold_top",
    [AR_HOLD_REVIEW] = "hold_review",
    [AR_REGRESS_PAIN] = "regress_high_pain",
    [AR_REGRESS_SETTLE] = "regress_not_settled",
    [AR_REGRESS_TREND] = "regress_trend_up",
    [AR_REGRESS_HARD] = "regress_hard",
    [AR_TRADE_TIME] = "trade_time",
    [AR_TRADE_WALKS] = "trade_for_walks",
    [AR_RECOVER_CUT] = "recover_after_cut",
    [AR_FLARE_START] = "flare_start",
    [AR_FLARE_EASE] = "flare_ease",
    [AR_FLARE_SWAP] = "flare_swap",
    [AR_FLARE_PAUSE] = "flare_pause",
    [AR_FLARE_END] = "flare_end",
    [AR_FLARE_RECOVER] = "flare_recover",
    [AR_FLARE_RESUME] = "flare_resume",
    [AR_ALERT_RED_FLAG] = "alert_red_flag",
    [AR_ALERT_NO_IMPROVEMENT] = "alert_no_improvement",
    [AR_ALERT_WORSENING] = "alert_worsening",
    [AR_ALERT_INACTIVITY] = "alert_inactivity",
    [AR_ALERT_FLARE] = "alert_flare_not_settling",
    [AR_ALERT_FLARES_RECURRING] = "alert_flares_recurring",
    [AR_ALERT_VOLUME_LOST] = "alert_volume_lost",
    [AR_ALERT_PLAN_FULL] = "alert_plan_full",
    [AR_ALERT_HURTS_AT_LEAST] = "alert_hurts_at_least",
    [AR_ALERT_SESSION_PAIN] = "alert_session_pain",
    [AR_ANSWER_TOO_MUCH] = "answer_too_much",
    [AR_ANSWER_TOO_HARD] = "answer_too_hard",
};

/*
 * Each number, where it lives and its safe bounds: a clinic may tune a rule
 * set, never past what the pain-monitoring model and the pacing evidence
 * allow (docs/adaptation.md "Safe bounds").
 */
enum param_kind { NUM, INT, FLAG };

struct param_spec {
    const char *name;
    enum param_kind kind;
    size_t offset;
    double lo, hi;
};

#define P(name, kind, field, lo, hi)                                                               \
    {                                                                                              \
        name, kind, offsetof(struct adapt_params, field), lo, hi                                   \
    }
static const struct param_spec param_specs[] = {
    P("baseline_days", INT, baseline_days, 7, 28),
    P("baseline_min_checkins", INT, baseline_min_checkins, 1, 14),
    P("green_max_pain_floor", NUM, green_floor, 0, 3),
    P("green_points_above_baseline", NUM, green_above, 0, 1),
    P("acceptable_max_pain_floor", NUM, acceptable_floor, 2, 5),
    P("acceptable_points_above_baseline", NUM, acceptable_above, 0, 2),
    P("settled_margin", NUM, settled_margin, 0, 2),
    P("progress_after_sessions", INT, progress_after_sessions, 1, 14),
    P("progress_every_days", INT, progress_every_days, 7, 28),
    P("easy_sessions", INT, easy_sessions, 2, 7),
    P("easy_max_pain_floor", NUM, easy_max_pain_floor, 2, 4),
    P("step_percent", NUM, step_percent, 1, 20),
    P("cap_percent_7_days", NUM, cap_percent_7_days, 1, 30),
    P("graded_activity_high_risk", FLAG, graded_high_risk, 0, 1),
    P("graded_activity_chronic", FLAG, graded_chronic, 0, 1),
    P("flare_points_above_baseline", NUM, flare_points_above_baseline, 1, 4),
    P("flare_consecutive_days", INT, flare_consecutive_days, 1, 7),
    P("flare_volume_percent", NUM, flare_volume_percent, 30, 80),
    P("flare_min_days", INT, flare_min_days, 1, 7),
    P("flare_recovery_steps", INT, flare_recovery_steps, 1, 4),
    P("flare_recovery_every_days", INT, flare_recovery_every_days, 1, 7),
    P("flare_escalate_days", INT, flare_escalate_days, 7, 28),
    P("severe_flare_points", NUM, severe_flare_points, 3, 6),
    P("flares_alert_count", INT, flares_alert_count, 2, ADAPT_MAX_FLARES),
    P("flares_alert_days", INT, flares_alert_days, 14, 56),
    P("volume_lost_alert_percent", NUM, volume_lost_alert_percent, 20, 80),
    P("improving_points_per_week", NUM, improving_points_per_week, 0, 2),
    P("no_improvement_min_pain", NUM, no_improvement_min_pain, 0, 4),
    P("worsening_points", NUM, worsening_points, 0.5, 4),
    P("inactivity_days", INT, inactivity_days, 2, 14),
    P("stretch_enough_seconds", INT, stretch_enough_seconds, 30, 120),
};
#undef P

static const char *const chronicity_keys[3] = {"acute", "subacute", "chronic"};

static int parse_courses(const json_t *j, struct adapt_params *p, struct mrx_err *err)
{
    if (!json_is_object(j) || json_object_size(j) != 3)
        return mrx_err_set(err, MRX_EDATA, "parameters.no_improvement",
                           "must be {\"acute\": .., \"subacute\": .., \"chronic\": ..}");
    for (int g = 0; g < 3; g++) {
        struct expected_course *c = &p->no_improvement[g];
        json_error_t je;
        if (json_unpack_ex((json_t *)json_object_get(j, chronicity_keys[g]), &je, JSON_STRICT,
                           "{s:i, s:F}", "days", &c->days, "min_change_points",
                           &c->min_change_points))
            return mrx_err_set(err, MRX_EDATA, "parameters.no_improvement", "%s: %s",
                               chronicity_keys[g], je.text);
        if (c->days < 14 || c->days > 42 || c->min_change_points < 0 || c->min_change_points > 3)
            return mrx_err_set(err, MRX_EDATA, "parameters.no_improvement",
                               "%s: days 14..42 and min_change_points 0..3", chronicity_keys[g]);
    }
    return MRX_OK;
}

static int parse_param(const json_t *v, const struct param_spec *ps, struct adapt_params *p,
                       struct mrx_err *err)
{
    char *at = (char *)p + ps->offset;
    double x;

    if (ps->kind == FLAG) {
        if (!json_is_boolean(v))
            return mrx_err_set(err, MRX_EDATA, "parameters", "%s: must be true or false", ps->name);
        *(bool *)at = json_is_true(v);
        return MRX_OK;
    }
    if (ps->kind == INT ? !json_is_integer(v) : !json_is_number(v))
        return mrx_err_set(err, MRX_EDATA, "parameters", "%s: must be a %s", ps->name,
                           ps->kind == INT ? "whole number" : "number");
    x = json_number_value(v);
    if (!(x >= ps->lo && x <= ps->hi))
        return mrx_err_set(err, MRX_EDATA, "parameters", "%s: %g is outside the safe bounds %g..%g",
                           ps->name, x, ps->lo, ps->hi);
    if (ps->kind == INT)
        *(int *)at = (int)x;
    else
        *(double *)at = x;
    return MRX_OK;
}

static int parse_params(json_t *j, struct adapt_params *p, struct mrx_err *err)
{
    const char *key;
    json_t *v;
    int rc;

    if (!json_is_object(j))
        return mrx_err_set(err, MRX_EDATA, "parameters", "must be an object");
    json_object_foreach(j, key, v)
    {
        size_t k;
        if (strcmp(key, "no_improvement") == 0)
            continue;
        for (k = 0; k < MRX_ARRAY_LEN(param_specs) && strcmp(param_specs[k].name, key) != 0; k++)
            ;
        if (k == MRX_ARRAY_LEN(param_specs))
            return mrx_err_set(err, MRX_EDATA, "parameters", "'%s' is not a parameter", key);
    }
    for (size_t k = 0; k < MRX_ARRAY_LEN(param_specs); k++) {
        if (!(v = json_object_get(j, param_specs[k].name)))
            return mrx_err_set(err, MRX_EDATA, "parameters", "'%s' is missing",
                               param_specs[k].name);
        if ((rc = parse_param(v, &param_specs[k], p, err)))
            return rc;
    }
    if ((rc = parse_courses(json_object_get(j, "no_improvement"), p, err)))
        return rc;
    if (p->green_floor > p->acceptable_floor || p->green_above > p->acceptable_above)
        return mrx_err_set(err, MRX_EDATA, "parameters",
                           "the green zone must lie inside the acceptable zone");
    if (p->cap_percent_7_days < p->step_percent)
        return mrx_err_set(err, MRX_EDATA, "parameters",
                           "cap_percent_7_days must be at least step_percent");
    if (p->flare_recovery_steps * p->flare_recovery_every_days > 14)
        return mrx_err_set(err, MRX_EDATA, "parameters",
                           "the way back from a flare must take at most 14 days");
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
