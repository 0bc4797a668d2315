/*
 * triage.c: evaluating a rule set against answers (see triage.h).
 *
 * Two passes: ordinary rules first, then rules that combine (count what
 * fired in one group), so that "two or more malignancy features" sees every
 * malignancy rule. Psychosocial rules are never counted. The fired list is
 * sorted most serious first so that the emergency instruction is always the
 * first thing a person reads.
 */
#include "compat.h"

#include <stdlib.h>

#include "common/xalloc.h"
#include "core/triage/condition.h"
#include "core/triage/triage.h"

static const char *const tier_names[] = {"none", "routine", "urgent", "emergency"};
static const char *const action_names[] = {"continue", "pause", "not_started", "stop"};
static const char *const group_names[] = {"ces",       "fracture",     "malignancy",
                                          "infection", "cardiac",      "neuro",
                                          "review",    "psychosocial", "scope"};

const char *tier_name(enum tier t)
{
    return tier_names[t];
}

bool tier_from_name(const char *name, enum tier *out)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(tier_names); i++) {
        if (strcmp(name, tier_names[i]) == 0) {
            *out = (enum tier)i;
            return true;
        }
    }
    return false;
}

const char *program_action_name(enum program_action a)
{
    return action_names[a];
}

bool program_action_from_name(const char *name, enum program_action *out)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(action_names); i++) {
        if (strcmp(name, action_names[i]) == 0) {
            *out = (enum program_action)i;
            return true;
        }
    }
    return false;
}

const char *triage_group_name(enum triage_group g)
{
    return group_names[g];
}

bool triage_group_from_name(const char *name, enum triage_group *out)
{
    for (size_t i = 0; i < MRX_ARRAY_LEN(group_names); i++) {
        if (strcmp(name, group_names[i]) == 0) {
            *out = (enum triage_group)i;
            return true;
        }
    }
    return false;
}

enum program_action program_action_for(enum tier t)
{
    switch (t) {
    case TIER_EMERGENCY:
        return PROGRAM_STOP;
    case TIER_URGENT:
        return PROGRAM_PAUSE;
    default:
        return PROGRAM_CONTINUE;
    }
}

static void run_pass(const struct triage_ruleset *rs, const struct triage_answers *a,
                     bool combining, bool *fired, int counts[GROUP_COUNT])
{
    int snapshot[GROUP_COUNT];

    memcpy(snapshot, counts, sizeof(snapshot));
    for (int i = 0; i < rs->n_rules; i++) {
        const struct triage_rule *r = &rs->rules[i];
        if (r->combines != combining)
            continue;
        /* Combining rules see only the first pass, never each other. */
        if (condition_eval(r->when, a, combining ? snapshot : counts)) {
            fired[i] = true;
            if (r->group != GROUP_PSYCHOSOCIAL) /* yellow flags never combine */
                counts[r->group]++;
        }
    }
}

void triage_evaluate(const struct triage_ruleset *rs, const struct triage_answers *answers,
                     struct triage_result *out)
{
    bool *fired = xcalloc((size_t)rs->n_rules, sizeof(*fired));
    int counts[GROUP_COUNT] = {0};

    run_pass(rs, answers, false, fired, counts);
    run_pass(rs, answers, true, fired, counts);
    out->tier = TIER_NONE;
    out->program = PROGRAM_CONTINUE;
    out->n_fired = 0;
    out->fired = xcalloc((size_t)rs->n_rules, sizeof(*out->fired));
    for (int t = TIER_EMERGENCY; t > TIER_NONE; t--) {
        for (int i = 0; i < rs->n_rules; i++) {
            const struct triage_rule *r = &rs->rules[i];
            if (!fired[i] || r->tier != (enum tier)t)
                continue;
            out->fired[out->n_fired++] = r;
            if (out->tier == TIER_NONE)
                out->tier = (enum tier)t;
            if (r->program > out->program)
                out->program = r->program;
        }
    }
    free(fired);
}

void triage_result_drop(struct triage_result *r, const struct triage_result *before)
{
    int kept = 0;

    r->tier = TIER_NONE;
    r->program = PROGRAM_CONTINUE;
    for (int i = 0; i < r->n_fired; i++) {
        const struct triage_rule *rule = r->fired[i];
        bool seen = false;
        for (int k = 0; k < before->n_fired && !seen; k++)
            seen = before->fired[k] == rule;
        if (seen)
            continue;
        r->fired[kept++] = rule; /* still most serious first */
        if (rule->tier > r->tier)
            r->tier = rule->tier;
        if (rule->program > r->program)
            r->program = rule->program;
    }
    r->n_fired = kept;
}

void triage_evaluate_later(const struct triage_ruleset *rs, const struct triage_answers *own,
                           const struct triage_answers *remembered, struct triage_answers *merged,
                           struct triage_result *out, struct triage_result *all)
{
    struct triage_answers a = *own;
    struct triage_result before;

    triage_answers_merge_standing(&a, remembered);
    triage_evaluate(rs, &a, out);
    if (all)
        triage_evaluate(rs, &a, all);
    triage_evaluate(rs, remembered, &before);
    triage_result_drop(out, &before);
    triage_result_release(&before);
    if (merged)
        *merged = a;
}

enum tier triage_red_flag_tier(const struct triage_result *r)
{
    enum tier t = TIER_NONE;

    for (int i = 0; i < r->n_fired; i++)
        if (r->fired[i]->group != GROUP_PSYCHOSOCIAL && r->fired[i]->tier > t)
            t = r->fired[i]->tier;
    return t;
}

unsigned long long triage_rule_fields(const struct triage_rule *rule)
{
    return condition_fields(rule->when);
}

const struct triage_rule *triage_rule_find(const struct triage_ruleset *rs, const char *id)
{
    for (int i = 0; i < rs->n_rules; i++)
        if (strcmp(rs->rules[i].id, id) == 0)
            return &rs->rules[i];
    return NULL;
}

void triage_result_release(struct triage_result *r)
{
    free(r->fired);
    r->fired = NULL;
    r->n_fired = 0;
}
