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

/* The index of `name` in names[0..n), or -1. */
static int name_index(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

const char *tier_name(enum tier t)
{
    return tier_names[t];
}

bool tier_from_name(const char *name, enum tier *out)
{
    int i = name_index(tier_names, MRX_ARRAY_LEN(tier_names), name);
    if (i >= 0)
        *out = (enum tier)i;
    return i >= 0;
}

const char *program_action_name(enum program_action a)
{
    return action_names[a];
}

const char *triage_group_name(enum triage_group g)
{
    return group_names[g];
}

bool triage_group_from_name(const char *name, enum triage_group *out)
{
    int i = name_index(group_names, MRX_ARRAY_LEN(group_names), name);
    if (i >= 0)
        *out = (enum triage_group)i;
    return i >= 0;
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

/* Which rules fire on these answers (fired[i] for rs->rules[i]). */
static void fire(const struct triage_ruleset *rs, const struct triage_answers *a, bool *fired)
{
    int counts[GROUP_COUNT] = {0};

    run_pass(rs, a, false, fired, counts);
    run_pass(rs, a, true, fired, counts);
}

/* The result of the rules marked: most serious first, then in file order. */
static void result_of(const struct triage_ruleset *rs, const bool *fired, struct triage_result *out)
{
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
}

/* The rules that fire at either age the birth year allows (see triage.h). */
static void fire_at_each_age(const struct triage_ruleset *rs, const struct triage_answers *a,
                             bool *fired)
{
    int age = answer_index("age");
    struct triage_answers younger = *a;
    bool *also;

    fire(rs, a, fired);
    if (!a->age_from_birth_year || !a->present[age] || a->value[age] < 1)
        return;
    younger.value[age] -= 1;
    also = xcalloc((size_t)rs->n_rules, sizeof(*also));
    fire(rs, &younger, also);
    for (int i = 0; i < rs->n_rules; i++)
        fired[i] = fired[i] || also[i];
    free(also);
}

void triage_evaluate(const struct triage_ruleset *rs, const struct triage_answers *answers,
                     struct triage_result *out)
{
    bool *fired = xcalloc((size_t)rs->n_rules, sizeof(*fired));

    fire_at_each_age(rs, answers, fired);
    result_of(rs, fired, out);
    free(fired);
}

/* Whether the day's own answers give something the rule reads: a yes, a
 * choice other than the first ("none"), or a number. */
static bool own_answer_read_by(const struct triage_rule *rule, const struct triage_answers *own)
{
    unsigned long long fields = condition_fields(rule->when);

    for (int i = 0; i < ANSWER_FIELD_COUNT; i++) {
        enum answer_type type = answer_fields()[i].type;
        if (!(fields & (1ULL << i)) || !own->present[i])
            continue;
        if ((type != ANSWER_BOOL && type != ANSWER_ENUM) || own->value[i] != 0)
            return true;
    }
    return false;
}

void triage_evaluate_later(const struct triage_ruleset *rs, const struct triage_answers *own,
                           const struct triage_answers *remembered, struct triage_answers *merged,
                           struct triage_result *out, struct triage_result *all)
{
    struct triage_answers a = *own;
    bool *now = xcalloc((size_t)rs->n_rules, sizeof(*now));
    bool *before = xcalloc((size_t)rs->n_rules, sizeof(*before));
    bool *keep = xcalloc((size_t)rs->n_rules, sizeof(*keep));

    triage_answers_merge_standing(&a, remembered);
    fire_at_each_age(rs, &a, now);
    fire_at_each_age(rs, remembered, before);
    for (int i = 0; i < rs->n_rules; i++) /* ordinary rules first: combinations look at them */
        keep[i] = now[i] && !rs->rules[i].combines &&
                  (!before[i] || own_answer_read_by(&rs->rules[i], own));
    for (int i = 0; i < rs->n_rules; i++) {
        const struct triage_rule *r = &rs->rules[i];
        bool member_new = false;
        if (!now[i] || !r->combines)
            continue;
        for (int k = 0; k < rs->n_rules; k++)
            member_new |= keep[k] && rs->rules[k].group == r->group;
        keep[i] = !before[i] || member_new;
    }
    result_of(rs, keep, out);
    if (all)
        result_of(rs, now, all);
    if (merged)
        *merged = a;
    free(now);
    free(before);
    free(keep);
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
